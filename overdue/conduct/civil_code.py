"""民法典 人格权编: reputation, privacy and personal information, as the conduct rules cite them.

``civil-code-1024`` — 《民法典》第一千零二十四条 (verbatim from ``data/provisions.yaml``)::

    民事主体享有名誉权。任何组织或者个人不得以侮辱、诽谤等方式侵害他人的名誉权。
    名誉是对民事主体的品德、声望、才能、信用等的社会评价。

``civil-code-1032`` — 第一千零三十二条::

    自然人享有隐私权。任何组织或者个人不得以刺探、侵扰、泄露、公开等方式侵害他人的隐私权。
    隐私是自然人的私人生活安宁和不愿为他人知晓的私密空间、私密活动、私密信息。

``civil-code-1033`` — 第一千零三十三条::

    除法律另有规定或者权利人明确同意外，任何组织或者个人不得实施下列行为：
    （一）以电话、短信、即时通讯工具、电子邮件、传单等方式侵扰他人的私人生活安宁；
    （二）进入、拍摄、窥视他人的住宅、宾馆房间等私密空间；
    （三）拍摄、窥视、窃听、公开他人的私密活动；
    （四）拍摄、窥视他人身体的私密部位；
    （五）处理他人的私密信息；
    （六）以其他方式侵害他人的隐私权。

``civil-code-1038`` — 第一千零三十八条::

    信息处理者不得泄露或者篡改其收集、存储的个人信息；未经自然人同意，不得向他人非法提供其个人信息，但是经过加工无法识别特定个人且不能复原的除外。
    信息处理者应当采取技术措施和其他必要措施，确保其收集、存储的个人信息安全，防止信息泄露、篡改、丢失；发生或者可能发生个人信息泄露、篡改、丢失的，应当及时采取补救措施，按照规定告知自然人并向有关主管部门报告。

Used for: telling a third party about the debt (:data:`DISCLOSURE`: the
privacy right, 第1033条第（五）项 :data:`PRIVATE_INFORMATION` and 第1038条第一款
:data:`NO_UNLAWFUL_PROVISION`); insulting the borrower before a third party
(:data:`REPUTATION`); and contacting a third party who asked to stop
(第1033条第（一）项 :data:`PRIVATE_LIFE_PEACE`, cited, not rated).

Scope and limits: statutes (rated ``breach-of-law``), in force from
2021-01-01. Whether a disclosure infringes depends on consent, the person told
and the manner, which the log does not show: the findings say "可能" and leave
the decision to the regulator or the court. 第1034条 (what personal
information is) is in ``data/provisions.yaml`` but no rule cites it.
"""

from __future__ import annotations

from .instruments import Clause

REPUTATION = "civil-code-1024"
PRIVACY = "civil-code-1032"
PRIVACY_ACTS = "civil-code-1033"
INFORMATION_PROCESSOR = "civil-code-1038"

# The provisions a disclosure of the debt to a third party is rated against, in citation order.
DISCLOSURE = (PRIVACY, PRIVACY_ACTS, INFORMATION_PROCESSOR)

PRIVATE_LIFE_PEACE = Clause(PRIVACY_ACTS, item=1)  # （一）以电话、短信……侵扰他人的私人生活安宁
PRIVATE_INFORMATION = Clause(PRIVACY_ACTS, item=5)  # （五）处理他人的私密信息
NO_UNLAWFUL_PROVISION = Clause(INFORMATION_PROCESSOR, paragraph=1)  # 不得……向他人非法提供其个人信息
