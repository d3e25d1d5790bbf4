"""中国互联网金融协会《互联网金融贷后催收业务指引》(2024): industry self-regulation.

Provision id ``nifa-collection-2024`` (status *unverified*: the guideline's text
was not read; its clause numbers are not known). As reported (the ``reported``
text of ``data/provisions.yaml``, quoted as it stands there)::

    据协会发布消息的转载（yaliqi.com）：5月15日，协会以国家标准的主要内容研制了《互联网
    金融贷后催收业务指引》（简称《指引》），已于4月17日经协会第二届理事会第二次会议审议通过，
    并报金融管理部门，现予发布；后续，待国家标准发布实施后，将替代本指引。适用范围包括：金融
    机构按照规定转让债权后，金融资产管理公司、地方资产管理公司、金融资产投资公司、融资担保公司
    等债权受让方自行开展或委托第三方催收机构开展催收业务；债权受让方按照本指引金融机构相关要求
    执行。
    据 bvvic.com 对《指引》的转述：若双方未事先约定催收时间，催收作业不得在每日22:00至次日
    8:00进行；以语音形式进行告知式催收时，同一金融机构和其合作的第三方催收机构对单一债务人拨
    通电话频次每日合计不应超过3次。

Implemented here, each read on the date of the contact it concerns:

* the quiet-hours window, parameter :data:`QUIET_HOURS`;
* the daily limit of calls that *got through* (拨通) to one debtor, all callers
  of one collecting party together, parameter :data:`DAILY_DIALLED_CALLS`. A call
  that got through is one that rang on the borrower's phone, answered or not
  (电话拨通了没人接); a missed call the borrower logged got through, so every
  logged call to the borrower counts, answered or not. This is not the count of
  GB/T 45251-2025, which reportedly limits *effective* conversations
  (主动有效通话) in *interactive* collection (:mod:`.gbt_45251`).

When it applies (:func:`applies`): from its reported release, 2024-05-15 (the
``effective`` date in ``data/provisions.yaml``; the year is inferred, see its
note), until the national standard took effect: "待国家标准发布实施后，将替代本
指引" (as reported), and GB/T 45251-2025 was issued and took effect on its own
``effective`` date, 2025-02-28. From that day the checker applies the standard
instead; a contact is never checked against both.

Scope and limits: self-regulation, not law (rated ``below-standard``). It
reportedly binds lenders and, after an assignment, the assignees (asset-management
companies and others) "按照本指引金融机构相关要求执行": the rules count per
collecting party (:attr:`~.log.Contact.party`). The log cannot show whether a call
was "告知式" voice collection, nor whether the parties agreed on collection times
(the reported exception to the quiet hours): every call to the borrower is
counted, and the report says so.
"""

from __future__ import annotations

import datetime as _dt

from . import gbt_45251
from .instruments import ParamUse, in_force, in_window, param_on
from .log import Contact

PROVISION = "nifa-collection-2024"
QUIET_HOURS = "collection_quiet_hours_nifa_2024"
DAILY_DIALLED_CALLS = "collection_daily_dialled_calls_nifa_2024"
REPLACED_BY = gbt_45251.PROVISION  # as reported: the standard replaces the guideline once it applies


def applies(day: _dt.date) -> bool:
    """Whether the guideline had been released on ``day`` and the standard had not yet replaced it."""
    return in_force(PROVISION, day) and not in_force(REPLACED_BY, day)


def quiet_hours_hit(c: Contact) -> ParamUse | None:
    """The window read on the contact's day, if the guideline applied and the contact falls in it."""
    if not applies(c.day):
        return None
    window = param_on(QUIET_HOURS, c.day)
    return window if window is not None and in_window(c.when.time(), window.value) else None


def dialled_call_limit(day: _dt.date) -> ParamUse | None:
    """The daily limit of calls that got through to one debtor, read on ``day`` (None when not applicable)."""
    return param_on(DAILY_DIALLED_CALLS, day) if applies(day) else None
