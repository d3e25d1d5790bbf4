"""刑法 第二百九十三条之一 (催收非法债务罪): cited only to say where it does not reach.

``criminal-law-293-1`` — 《刑法》（2023年修正）第二百九十三条之一 (verbatim from
``data/provisions.yaml``)::

    有下列情形之一，催收高利放贷等产生的非法债务，情节严重的，处三年以下有期徒刑、拘役或者管制，并处或者单处罚金：
    （一）使用暴力、胁迫方法的；
    （二）限制他人人身自由或者侵入他人住宅的；
    （三）恐吓、跟踪、骚扰他人的。

Scope and limits: the offence concerns collecting *illegal* debts (高利放贷等),
in serious cases. Collecting a lawful loan is outside it, so no finding is
rated against it; the wording findings that concern threats cite it as a limit
(:data:`ILLEGAL_DEBT_COLLECTION`) so that a reader does not over-claim.
"""

from __future__ import annotations

from .instruments import Clause

ILLEGAL_DEBT_COLLECTION = Clause("criminal-law-293-1")
