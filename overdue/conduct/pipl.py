"""个人信息保护法 (PIPL): the lawful bases for processing, publication and sensitive information.

``pipl-13`` — 《个人信息保护法》第十三条 (verbatim from ``data/provisions.yaml``)::

    符合下列情形之一的，个人信息处理者方可处理个人信息：
    （一）取得个人的同意；
    （二）为订立、履行个人作为一方当事人的合同所必需，或者按照依法制定的劳动规章制度和依法签订的集体合同实施人力资源管理所必需；
    （三）为履行法定职责或者法定义务所必需；
    （四）为应对突发公共卫生事件，或者紧急情况下为保护自然人的生命健康和财产安全所必需；
    （五）为公共利益实施新闻报道、舆论监督等行为，在合理的范围内处理个人信息；
    （六）依照本法规定在合理的范围内处理个人自行公开或者其他已经合法公开的个人信息；
    （七）法律、行政法规规定的其他情形。
    依照本法其他有关规定，处理个人信息应当取得个人同意，但是有前款第二项至第七项规定情形的，不需取得个人同意。

``pipl-25`` — 第二十五条::

    个人信息处理者不得公开其处理的个人信息，取得个人单独同意的除外。

``pipl-28`` — 第二十八条::

    敏感个人信息是一旦泄露或者非法使用，容易导致自然人的人格尊严受到侵害或者人身、财产安全受到危害的个人信息，包括生物识别、宗教信仰、特定身份、医疗健康、金融账户、行踪轨迹等信息，以及不满十四周岁未成年人的个人信息。
    只有在具有特定的目的和充分的必要性，并采取严格保护措施的情形下，个人信息处理者方可处理敏感个人信息。

``pipl-29`` — 第二十九条::

    处理敏感个人信息应当取得个人的单独同意；法律、行政法规规定处理敏感个人信息应当取得书面同意的，从其规定。

Used for one rule: telling a third party about the debt (:data:`DISCLOSURE`).
The explanation says that processing needs a basis under 第十三条, that a debt
or account may be sensitive information (第二十八条 "金融账户") needing separate
consent (第二十九条), and that publication to the public engages 第二十五条.

Scope and limits: a statute (rated ``breach-of-law``), in force from
2021-11-01. Whether the debt is sensitive information, and whether the
borrower consented, are not in the log: the finding says "可能" and "如".
"""

from __future__ import annotations

LAWFUL_BASIS = "pipl-13"
PUBLICATION = "pipl-25"
SENSITIVE = "pipl-28"
SEPARATE_CONSENT = "pipl-29"

# The provisions a disclosure of the debt to a third party is rated against, in citation order.
DISCLOSURE = (LAWFUL_BASIS, PUBLICATION, SENSITIVE, SEPARATE_CONSENT)
