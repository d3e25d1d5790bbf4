"""GB/T 45251-2025《互联网金融 个人网络消费信贷 贷后催收风控指引》: a recommended national standard.

Provision id ``gbt-45251-2025`` (status *unverified*: the standard's text was
not read; its clause numbers are not known). As reported (the ``reported``
text of ``data/provisions.yaml``, quoted as it stands there)::

    据公开报道：双方未约定催收时间的，催收作业不应在每日22:00至次日8:00进行；金融机构和
    第三方催收机构应只向债务人催收，不应向联系人催收。一家商业网站（m.csai.cn）称该标准规定以
    语音形式进行告知式催收时……拨通电话频次每日合计不应超过3次；另据转述，这一说法出自中国互联
    网金融协会2024年《互联网金融贷后催收业务指引》。

    据北京商报 2025-03-13 报道中国互联网金融协会对该标准的介绍：符合以下情况之一
    的，催收人员可与联系人联系，例如无法联系到债务人本人，为及时恢复与债务人联系；债务人已死
    亡、被认定为无民事行为能力或限制民事行为能力人，为建立与其可能存在的财产继承人或利益相关
    人联系；催收人员只可向联系人询问债务人联系方式和（或）请其代为转告债务人与金融机构联系，
    不应透露债务人的逾期欠款金额、欠款时间等欠款信息；联系人明确拒绝或者要求不得再联系的，不
    应再与其联系。同一介绍的转载（ecowood.cn 2025-03-14；m.bycs8.com 转载的海南日报
    2025-03-16 报道）称“以语音形式（含智能语音）进行交互式催收，与单一债务人主动有效通话每日
    不应超过3次”（见 data/review/issue15-findings.md §3.3）。

Implemented here, each read on the date of the contact it concerns:

* the quiet-hours window, parameter :data:`QUIET_HOURS`;
* the daily limit of *effective* calls to one debtor, parameter
  :data:`DAILY_CONNECTED_CALLS`. As NIFA announced the standard (the announcement
  as reprinted by ecowood.cn 2025-03-14 and, citing 海南日报 2025-03-16, by
  m.bycs8.com; 北京商报 2025-03-13 reported the same announcement):
  "以语音形式（含智能语音）进行交互式催收，与单一债务人主动有效通话每日不应超过3次".
  The log records whether a call was answered, not
  whether it was an effective conversation: every *answered* call to the borrower is
  counted, per collecting party (:attr:`~.log.Contact.party`: the lender with its
  agencies, or an assignee), which may count a call hung up at once;
* "only the debtor, not his contacts": whether the standard applied on a day
  (:func:`applies`), for the third-party rules. As NIFA reportedly announced the
  standard (北京商报 2025-03-13), contacts may be contacted when the debtor cannot be
  reached, or has died or lacks capacity, only to ask for contact details or pass on a
  message, without disclosing the debt, and not again after a refusal: the rules
  therefore report such a contact with the reader's reachability date, as for the
  CBA guideline, and the explanation states the exception.

The other wording, "以语音形式进行告知式催收时……拨通电话频次每日合计不应超过3次",
which one commercial site (m.csai.cn) gives as the standard's, is attributed by a
second report (bvvic.com) to NIFA's 2024 《互联网金融贷后催收业务指引》: the checker
counts it, calls that got through whether answered or not, against that guideline
(:mod:`.nifa_2024`), which applied until this standard took effect and replaced it.
Neither document was read in the original; the standard's cover (a copy at
wenku.siduzixun.com) gives "2025-02-28发布 2025-02-28实施" and a section "5.3 业务管理",
not the clause. See data/review/issue15-findings.md §3.3.

Scope and limits: a GB/T standard is recommended, not binding (rated
``below-standard``). In force from its ``effective`` date, 2025-02-28; a
contact before that date is not checked against it. The log cannot show
whether the parties agreed on collection times (the reported exception to
the quiet hours), nor whether a call was "交互式" voice collection or an
effective conversation: every answered call to the borrower is counted.
"""

from __future__ import annotations

import datetime as _dt

from .instruments import ParamUse, in_force, in_window, param_on
from .log import Contact

PROVISION = "gbt-45251-2025"
QUIET_HOURS = "collection_quiet_hours_gbt_45251"
DAILY_CONNECTED_CALLS = "collection_daily_connected_calls_gbt_45251"


def applies(day: _dt.date) -> bool:
    """Whether the standard had taken effect on ``day``."""
    return in_force(PROVISION, day)


def quiet_hours_hit(c: Contact) -> ParamUse | None:
    """The window read on the contact's day, if the contact falls in it."""
    window = param_on(QUIET_HOURS, c.day)
    return window if window is not None and in_window(c.when.time(), window.value) else None


def connected_call_limit(day: _dt.date) -> ParamUse | None:
    """The daily limit of effective (for the log: answered) calls to one debtor, read on ``day``."""
    return param_on(DAILY_CONNECTED_CALLS, day)
