"""中国银行业协会《金融机构个人消费类贷款催收工作指引（试行）》(2026): industry self-regulation.

Provision id ``cba-collection-2026`` (status *unverified*: known from news
reports; its document number and article numbers are not known). As reported
(the ``reported`` text of ``data/provisions.yaml``, quoted as it stands there)::

    据中新网（2026-01-30）等报道：未经债务人同意，严禁在每日晚22:00至次日早8:00
    进行电话催收、外访催收及其他催收；债务人电话未接通的，对同一联系方式尝试拨打
    次数当天不宜超过6次，另有约定除外；原则上严禁对无关第三人进行催收，仅在债务人
    本人失联的特定情形下方可联系无关第三人以获取债务人联系方式或请求转告，且严禁
    透露具体债务信息；无关第三人明确要求不得联系的，须停止后续联系。
    据报道，指引区分“债务相关第三人”和“债务无关第三人”，原则上严禁对后者进行催收
    （据21世纪经济报道、cn.office369.com 等转述）。

Implemented here, each read on the date of the contact it concerns:

* the quiet-hours window, parameter :data:`QUIET_HOURS`;
* the daily cap of *unanswered* attempts to one number, parameter
  :data:`DAILY_ATTEMPTS_SAME_NUMBER` (not the same count as GB/T 45251's
  connected calls);
* whether the guideline applied on a day (:func:`applies`), for: no
  collection from unrelated third parties except when the borrower cannot be
  reached; no disclosure of the debt to them; stopping when a third party
  asks; and the wording rules (intimidation, insult, impersonation of the
  authorities, threats to expose the debt).

Scope and limits: self-regulation, not law (rated ``below-standard``). In
force from its ``effective`` date, 2026-01-30. The wording rules rest on the
book's report that the guideline "禁止恐吓、辱骂、威胁、冒用行政机关和司法机关名义、
散布隐私等催收行为"; that sentence is not in the reported text above (a gap
to close when the guideline's text is read). The log cannot show a consent
or agreement on times or call counts (the reported exceptions), nor whether
a third party is 债务相关 (e.g. a spouse where the loan served the household):
the rules treat everyone other than the borrower as unrelated and say so.
"""

from __future__ import annotations

import datetime as _dt

from .instruments import ParamUse, in_force, in_window, param_on
from .log import Contact

PROVISION = "cba-collection-2026"
QUIET_HOURS = "collection_quiet_hours_cba_2026"
DAILY_ATTEMPTS_SAME_NUMBER = "collection_daily_attempts_same_number_cba_2026"


def applies(day: _dt.date) -> bool:
    """Whether the guideline had been published (taken effect) on ``day``."""
    return in_force(PROVISION, day)


def quiet_hours_hit(c: Contact) -> ParamUse | None:
    """The window read on the contact's day, if the contact falls in it."""
    window = param_on(QUIET_HOURS, c.day)
    return window if window is not None and in_window(c.when.time(), window.value) else None


def attempts_cap(day: _dt.date) -> ParamUse | None:
    """The daily cap of unanswered attempts to one number, read on ``day``."""
    return param_on(DAILY_ATTEMPTS_SAME_NUMBER, day)
