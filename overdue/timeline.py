"""Dated events of an overdue instalment loan: a timeline for the reader.

Legal scope
-----------
From the instalments (due date and amount), the payments, the dates of
collection contacts and an as-of date, the timeline lists:

* each instalment's due date (the contract, not a statute);
* the start of each overdue spell (《民法典》第676条: overdue interest is owed
  from then on, as agreed or as state rules provide);
* the industry's overdue buckets M1 (1–30 days), M2 (31–60), M3 (61–90) and
  M3+ (over 90). These are an **industry convention, not law**; their basis
  is empty and ``basis_note`` says so;
* credit reporting: before reporting adverse information the lender must
  tell the borrower in advance (《征信业管理条例》第15条, which sets no number
  of days); once an overdue spell is cleared, adverse information is kept for
  five years from the end of the adverse behaviour (第16条; the figure is
  the parameter ``credit_record_retention_years``). The regulation does not
  define “终止之日”; here it is the day the overdue amounts were repaid. While
  the overdue is not cleared the five-year clock has not started;
* the limitation period (see :mod:`overdue.limitation`): collection contacts
  are treated as demands for payment reaching the debtor and payments after
  the last due date as partial performance, both interrupting the period.

Deliberately left out: the 90-day line at which a lender must classify a loan
as non-performing. The regulation and article could not be confirmed, so the
timeline shows no such event (M3+ is the industry bucket only).

Simplifications: an instalment's amount is taken as everything due for it;
payments are applied to the oldest instalment first. Penalty interest, fees
and the statutory order of 《民法典》第561条 (costs, then interest, then
principal) are not modelled, so a real overdue spell can last longer than
shown. Dates after the as-of date are projections (``projected: true``).
"""

from __future__ import annotations

import bisect
import datetime as _dt
from dataclasses import dataclass, field
from decimal import Decimal

from dateutil.relativedelta import relativedelta

from . import params
from .errors import InputError
from .limitation import limitation
from .kernel import parse_amount, parse_date, parse_pair



def _buckets() -> tuple:
    """Industry overdue buckets by days past due: (name, first day, last day or None).

    An industry convention (data/parameters.yaml: overdue_buckets), not a legal figure.
    """
    bounds = params.get("overdue_buckets")
    out, first = [], 1
    for name in ("M1", "M2", "M3"):
        out.append((name, first, int(bounds[name])))
        first = int(bounds[name]) + 1
    out.append(("M3+", first, None))
    return tuple(out)


BUCKETS = _buckets()
CONVENTION_ZH = "行业惯例，非法律"

# Order of kinds on the same date.
_KIND_ORDER = (
    "instalment_due",
    "payment",
    "collection_contact",
    "acceleration",
    "overdue_start",
    "credit_report_notice",
    "bucket",
    "overdue_cleared",
    "settled",
    "credit_retention_not_started",
    "credit_retention_end",
    "limitation_start",
    "limitation_end",
)


@dataclass(frozen=True)
class Event:
    date: _dt.date
    kind: str
    label: str
    basis: tuple[str, ...] = ()
    basis_note: str = ""
    projected: bool = False
    notes: tuple[str, ...] = ()
    data: dict = field(default_factory=dict)

    def to_dict(self) -> dict:
        return {
            "date": self.date.isoformat(),
            "kind": self.kind,
            "label": self.label,
            "basis": list(self.basis),
            "basis_note": self.basis_note,
            "projected": self.projected,
            "notes": list(self.notes),
            "data": dict(self.data),
        }


def bucket_of(days_past_due: int) -> str | None:
    """The industry bucket (M1, M2, M3, M3+) for a number of days past due; None if 0."""
    for name, first, last in BUCKETS:
        if days_past_due >= first and (last is None or days_past_due <= last):
            return name
    return None


def _bucket_range_zh(name: str) -> str:
    for n, first, last in BUCKETS:
        if n == name:
            return f"逾期 {first}–{last} 天" if last else f"逾期超过 {first - 1} 天"
    raise KeyError(name)


def _yuan(amount: Decimal) -> str:
    return f"{amount:,.2f} 元"


def _pair(item, field_name: str, number: int) -> tuple[_dt.date, Decimal]:
    """A (date, amount) from a ``DATE:AMOUNT`` string, a pair or a dict."""
    if isinstance(item, str):
        return parse_pair(item, field_name)
    if isinstance(item, dict):
        raw_date, raw_amount = item.get("date"), item.get("amount")
    elif isinstance(item, (tuple, list)) and len(item) == 2:
        raw_date, raw_amount = item
    else:
        raise InputError(
            field_name,
            f"第 {number} 项需要日期和金额，例如 2025-01-10:1000。",
            f"item {number} needs a date and an amount, e.g. 2025-01-10:1000",
        )
    if raw_date is None or str(raw_date).strip() == "":
        raise InputError(field_name, f"第 {number} 项缺少日期。", f"item {number} has no date")
    if raw_amount is None or str(raw_amount).strip() == "":
        raise InputError(field_name, f"第 {number} 项缺少金额。", f"item {number} has no amount")
    return parse_date(raw_date, field_name), parse_amount(raw_amount, field_name)


def _retention_years(on: _dt.date) -> int:
    try:
        return int(params.get("credit_record_retention_years", on=on))
    except InputError as err:
        raise InputError(
            "payment",
            f"{on.isoformat()} 结束的逾期不在本书范围内：{err.message_zh}",
            f"an overdue spell ending on {on.isoformat()} is out of scope: {err.message_en}",
        ) from None


def timeline(installments, payments=(), contacts=(), *, as_of, acceleration=None) -> list[Event]:
    """The dated events of a loan, sorted by date (see the module docstring for scope).

    ``installments``: ``(due date, amount)`` pairs, ``{"date", "amount"}``
    dicts or ``"DATE:AMOUNT"`` strings; at least one. ``payments``: the same
    forms. ``contacts``: dates of collection contacts. ``as_of``: the date the
    facts are known up to; not before the first due date, and no payment or
    contact may be later. ``acceleration``: optional date the lender declared
    the whole loan due.
    """
    when = parse_date(as_of, "as_of") if as_of is not None else None
    if when is None:
        raise InputError("as_of", "请给出计算基准日（YYYY-MM-DD）。", "the as-of date is required")
    inst = [_pair(x, "installment", i + 1) for i, x in enumerate(installments or ())]
    if not inst:
        raise InputError(
            "installment",
            "至少需要一期还款计划（到期日:金额），例如 2025-01-10:1000。",
            "at least one instalment (DATE:AMOUNT) is required",
        )
    pays = sorted(_pair(x, "payment", i + 1) for i, x in enumerate(payments or ()))
    touches = sorted(parse_date(x, "contact") for x in (contacts or ()))
    accel = parse_date(acceleration, "acceleration") if acceleration is not None else None

    inst.sort(key=lambda x: x[0])
    first_due, last_due = inst[0][0], inst[-1][0]
    if when < first_due:
        raise InputError(
            "as_of",
            f"计算基准日 {when.isoformat()} 早于第一期到期日 {first_due.isoformat()}，此时还不可能逾期。",
            f"as-of date {when.isoformat()} is before the first due date {first_due.isoformat()}",
        )
    for d, _ in pays:
        if d > when:
            raise InputError(
                "payment",
                f"还款日期 {d.isoformat()} 晚于计算基准日 {when.isoformat()}。",
                f"payment date {d.isoformat()} is after the as-of date {when.isoformat()}",
            )
    for d in touches:
        if d > when:
            raise InputError(
                "contact",
                f"催收联系日期 {d.isoformat()} 晚于计算基准日 {when.isoformat()}。",
                f"contact date {d.isoformat()} is after the as-of date {when.isoformat()}",
            )

    dues = [d for d, _ in inst]
    cum_due: list[Decimal] = []
    total = Decimal(0)
    for _, amount in inst:
        total += amount
        cum_due.append(total)
    pay_dates = [d for d, _ in pays]
    cum_paid: list[Decimal] = []
    running = Decimal(0)
    for _, amount in pays:
        running += amount
        cum_paid.append(running)

    def paid_through(day: _dt.date) -> Decimal:
        k = bisect.bisect_right(pay_dates, day)
        return cum_paid[k - 1] if k else Decimal(0)

    def oldest_unpaid(paid: Decimal) -> int:
        return bisect.bisect_right(cum_due, paid)  # first i with cum_due[i] > paid

    def days_past_due(day: _dt.date) -> tuple[int, int]:
        """(days past due at the start of ``day``, index of the oldest unpaid instalment)."""
        j = oldest_unpaid(paid_through(day - _dt.timedelta(days=1)))
        if j < len(inst) and dues[j] < day:
            return (day - dues[j]).days, j
        return 0, j

    events: list[Event] = []
    for i, (d, amount) in enumerate(inst):
        events.append(
            Event(d, "instalment_due", f"第 {i + 1} 期到期，应还 {_yuan(amount)}",
                  basis_note="借款合同约定", projected=d > when,
                  data={"number": i + 1, "amount": str(amount)})
        )
    if accel is not None:
        events.append(
            Event(accel, "acceleration", "贷款人宣布全部借款提前到期",
                  basis_note="用户输入；对诉讼时效起算的影响没有明确规定，见诉讼时效届满事件的说明")
        )

    # --- overdue spells, buckets and credit reporting ---------------------------
    spells = []  # (start, cleared or None)
    prev_bucket = None
    start = None
    day = first_due + _dt.timedelta(days=1)
    one = _dt.timedelta(days=1)
    while day <= when:
        dpd, j = days_past_due(day)
        if dpd and start is None:
            start = day
            events.append(
                Event(day, "overdue_start",
                      f"开始逾期：第 {j + 1} 期（{dues[j].isoformat()} 到期）没有按时还清。"
                      "自此贷款人可以按约定或者国家有关规定收取逾期利息",
                      basis=("civil-code-676",), data={"number": j + 1})
            )
            events.append(
                Event(day, "credit_report_notice",
                      "贷款机构如把这次逾期作为个人不良信息报送征信机构，应当事先告知本人。"
                      "条例只要求“事先告知”，没有规定提前多少天，也没有规定何时报送",
                      basis=("credit-reg-15",))
            )
        bucket = bucket_of(dpd)
        if bucket and bucket != prev_bucket:
            events.append(
                Event(day, "bucket",
                      f"逾期第 {dpd} 天，进入 {bucket}（{_bucket_range_zh(bucket)}；{CONVENTION_ZH}）",
                      basis_note=CONVENTION_ZH, data={"bucket": bucket, "days_past_due": dpd})
            )
        if not dpd and start is not None:
            spells.append((start, day - one))
            start = None
        prev_bucket = bucket
        day += one
    if start is not None:
        # Still overdue at the start of the as-of day: cleared by a payment on it?
        dpd_next, j = days_past_due(when + one)
        if dpd_next:
            spells.append((start, None))
            # Projected buckets if nothing more is paid.
            for name, first, _last in BUCKETS:
                at = dues[j] + _dt.timedelta(days=first)
                if at > when and bucket_of((at - dues[j]).days) != prev_bucket:
                    events.append(
                        Event(at, "bucket",
                              f"如果此后不再还款：逾期第 {first} 天，进入 {name}"
                              f"（{_bucket_range_zh(name)}；{CONVENTION_ZH}）",
                              basis_note=CONVENTION_ZH, projected=True,
                              data={"bucket": name, "days_past_due": first})
                    )
        else:
            spells.append((start, when))

    for n, (s, cleared) in enumerate(spells, start=1):
        if cleared is None:
            years = _retention_years(when)
            events.append(
                Event(when, "credit_retention_not_started",
                      f"截至 {when.isoformat()}，第 {n} 次逾期（{s.isoformat()} 开始）尚未还清，"
                      f"不良行为没有终止，{years} 年的不良信息保存期限还没有开始计算",
                      basis=("credit-reg-16",))
            )
            continue
        years = _retention_years(cleared)
        end = cleared + relativedelta(years=years)
        events.append(
            Event(cleared, "overdue_cleared",
                  f"第 {n} 次逾期（{s.isoformat()} 开始）的欠款还清，不良行为终止",
                  basis=("credit-reg-16",),
                  notes=("条例没有界定“不良行为或者事件终止之日”，这里按逾期欠款还清之日计算；"
                         "还款按先还最早到期的一期计算，未计罚息和费用。",))
        )
        events.append(
            Event(end, "credit_retention_end",
                  f"第 {n} 次逾期的不良信息保存期限（{years} 年，自 {cleared.isoformat()} 起算）"
                  "届满，此后应当删除",
                  basis=("credit-reg-16",), projected=end > when,
                  notes=("按对应日计算；征信机构实际删除的日期以其处理为准。",))
        )

    # --- settlement and limitation ------------------------------------------------
    paid_total = paid_through(when)
    settled_on = None
    if paid_total >= total:
        k = bisect.bisect_left(cum_paid, total)
        settled_on = pay_dates[k]
        notes = ()
        if paid_total > total:
            notes = (f"还款合计比所录入各期金额之和多 {_yuan(paid_total - total)}；"
                     "多出的部分可能是利息、罚息或费用，本时间线没有计算。",)
        events.append(Event(settled_on, "settled", "所录入的各期欠款全部还清", notes=notes))

    contact_effects = {}
    payment_effects = {}
    if settled_on is None:
        runs_from = accel if accel is not None and accel < last_due else last_due
        interruptions = [(d, "demand") for d in touches]
        interruptions += [(d, "partial_payment") for d, _ in pays if d > runs_from]
        try:
            result = limitation(last_due, interruptions, as_of=when, acceleration=accel)
        except InputError as err:
            if err.field != "last_due":
                raise
            raise InputError("installment", err.message_zh, err.message_en) from None
        for eff in result.interruptions:
            target = contact_effects if eff.kind == "demand" else payment_effects
            target.setdefault(eff.date, eff)
        events.append(
            Event(result.initial.first_day, "limitation_start",
                  "诉讼时效开始计算（" + ("提前到期日" if result.initial.runs_from != last_due
                                    else "最后一期到期日") + "的次日）",
                  basis=("civil-code-188", "civil-code-189", "civil-code-201"),
                  projected=result.initial.first_day > when)
        )
        status = "已届满" if result.expired else "尚未届满"
        label = f"诉讼时效期间的最后一日（截至 {when.isoformat()} {status}）"
        if result.running_from is not None:
            label += f"；最近一次中断：{result.running_from.date.isoformat()}"
        events.append(
            Event(result.end, "limitation_end", label, basis=result.provisions,
                  projected=result.end > when, notes=result.warnings,
                  data={"expired": result.expired,
                        "unadjusted_end": result.period.unadjusted_end.isoformat(),
                        "defence_possibly_waived": result.defence_possibly_waived,
                        "end_if_acceleration_disregarded": (
                            result.end_if_acceleration_disregarded.isoformat()
                            if result.end_if_acceleration_disregarded else None)})
        )

    effect_zh = {
        "restarted": "诉讼时效中断，从这一天起重新计算",
        "before_start": "诉讼时效尚未开始计算，不发生中断效果",
        "after_expiry": "发生在诉讼时效届满之后，不使时效重新计算",
    }
    for d in touches:
        eff = contact_effects.get(d)
        basis = ("civil-code-195", "limitation-interp-8")
        label = "催收联系"
        notes = ["催收要求到达本人（短信、信件等数据电文到达或应当到达）才属于提出履行请求；"
                 "能否认定中断，要看贷款人能否证明。"]
        if eff is not None:
            label += "：" + effect_zh[eff.effect]
        elif settled_on is not None:
            basis = ()
            notes = []
        events.append(Event(d, "collection_contact", label, basis=basis, notes=tuple(notes)))
    for d, amount in pays:
        eff = payment_effects.get(d)
        label = f"还款 {_yuan(amount)}"
        basis: tuple[str, ...] = ()
        if eff is not None:
            label += "（部分还款：" + effect_zh[eff.effect] + "）"
            basis = eff.basis
        events.append(Event(d, "payment", label, basis=basis, data={"amount": str(amount)}))

    order = {k: i for i, k in enumerate(_KIND_ORDER)}
    events.sort(key=lambda e: (e.date, order.get(e.kind, len(order))))
    return events
