"""Dated events of an overdue instalment loan: a timeline for the reader.

Legal scope
-----------
From the instalments (due date and amount), the payments, the dates of
collection contacts and an as-of date, the timeline lists:

* each instalment's due date (the contract, not a statute);
* the start of each overdue spell (《民法典》第676条: overdue interest is owed
  from then on, as agreed or as state rules provide);
* the industry's overdue buckets M1 (1–30 days), M2 (31–60), M3 (61–90) and
  M3+ (over 90), read from ``overdue_buckets`` on the day the loan enters the
  bucket. These are an **industry convention, not law**: their
  ``provisions`` are empty and their ``source`` is ``"convention"``;
* credit reporting: before reporting adverse information the lender must
  tell the borrower in advance (《征信业管理条例》第15条, which sets no number
  of days); once an overdue spell is cleared, adverse information is kept for
  five years from the end of the adverse behaviour (第16条; the figure is
  the parameter ``credit_record_retention_years``). The regulation does not
  define “终止之日”; here it is the day the overdue amounts were repaid. While
  the overdue is not cleared the five-year clock has not started;
* the limitation period (see :mod:`overdue.limitation`), under the regime
  that governed it (民法通则, 民法总则 or 民法典): collection contacts are
  treated as demands for payment reaching the debtor and payments after the
  last due date as partial performance, both interrupting the period; so do
  the optional events an assignment notice reaching the debtor
  (``assignment_notices``) and a financial institution's debit of the debtor's
  account (``debits``). Obstacles (``suspensions``, start and end) may suspend
  it; ``long_stop_from`` is the start of the twenty-year long stop.

Before the first dated value of a convention or rule the timeline shows no
event for it and says why in a note: no overdue bucket before the industry
convention's first date (``buckets_not_defined``), no credit-reporting event
before 《征信业管理条例》 took effect (``credit_reg_not_in_force``).

Deliberately left out: the 90-day line at which a lender must classify a loan
as non-performing. The regulation and article could not be confirmed, so the
timeline shows no such event (M3+ is the industry bucket only).

Simplifications: an instalment's amount is taken as everything due for it;
payments are applied to the oldest instalment first. Penalty interest, fees
and the statutory order of 《民法典》第561条 (costs, then interest, then
principal) are not modelled, so a real overdue spell can last longer than
shown. Dates after the as-of date are projections (``projected: true``).

Output
------
Each :class:`Event` is a date, a ``kind`` (see ``KIND_ORDER``), the provision
ids it rests on (``provisions``) or, where no provision applies, a ``source``
code (``contract``, ``convention``, ``input``), the dated parameters read
(``parameters``), caveats as :class:`~overdue.limitation.Note` codes
(``notes``) and the facts in ``data``. No prose: the Chinese labels are in
:mod:`overdue.present.limitation`.
"""

from __future__ import annotations

import bisect
import datetime as _dt
from dataclasses import dataclass, field
from decimal import Decimal

from dateutil.relativedelta import relativedelta

from . import params
from .errors import InputError
from .kernel import MAX_INSTALLMENTS, MAX_PAYMENTS, check_count, parse_date, parse_dated
from .limitation import (MAX_EVENTS, MAX_SUSPENSIONS, RULES, Note, Reading, kind_provisions, limitation,
                         parse_suspension)
from .limitation import dates as limitation_dates

# The caveat shown on an assignment-notice or debit event (worded in overdue.present.limitation).
CAVEAT = {"assignment_notice": "assignment_notice_must_reach", "debit": "debit_financial_institution"}

# Where an event comes from when no provision applies (Event.source).
SOURCES = ("contract", "convention", "input")


@dataclass(frozen=True)
class Bucket:
    """An industry overdue bucket: days past due from ``first`` to ``last`` (None: no upper end)."""

    name: str
    first: int
    last: int | None


def buckets(on: _dt.date) -> tuple[Reading, tuple[Bucket, ...]]:
    """The industry overdue buckets in use on ``on``, and the reading they come from.

    An industry convention (data/parameters.yaml: ``overdue_buckets``), not a
    legal figure. The reader passes the day the loan would be in the bucket.
    """
    # Read on ``on``: the callers pass the day the loan is (or, projected, would be)
    # in the bucket, so a change of convention applies from its own date.
    try:
        bounds = params.get("overdue_buckets", on=on)
    except InputError as err:
        raise InputError(
            "installment",
            f"{on.isoformat()} 的逾期分段不在本书范围内：{err.message_zh}",
            f"the overdue buckets on {on.isoformat()} are out of scope: {err.message_en}",
        ) from None
    out, first = [], 1
    for name in ("M1", "M2", "M3"):
        out.append(Bucket(name, first, int(bounds[name])))
        first = int(bounds[name]) + 1
    out.append(Bucket("M3+", first, None))
    return Reading("overdue_buckets", on, dict(bounds)), tuple(out)


def _find(table: tuple[Bucket, ...], days_past_due: int) -> Bucket | None:
    for b in table:
        if days_past_due >= b.first and (b.last is None or days_past_due <= b.last):
            return b
    return None


def bucket_of(days_past_due: int, on: _dt.date) -> Bucket | None:
    """The industry bucket (M1, M2, M3, M3+) for a number of days past due on ``on``; None if 0."""
    return _find(buckets(on)[1], days_past_due)


def buckets_first_day() -> _dt.date:
    """The first day of the industry bucket convention in data (no buckets before it)."""
    return params.values("overdue_buckets")[0].start


class _BucketsByDay:
    """:func:`buckets` for one day after another, cheaply: the parameter is read
    again only when a day leaves the span of the dated value read last."""

    def __init__(self):
        self.span = None  # (first day, first day of the next value or None, value, table)
        self.first = buckets_first_day()

    def table(self, day: _dt.date) -> tuple[Bucket, ...] | None:
        if day < self.first:
            return None  # the convention is not in data before its first date
        span = self.span
        if span is None or day < span[0] or (span[1] is not None and day >= span[1]):
            reading, table = buckets(day)
            starts = [v.start for v in params.values("overdue_buckets")]
            span = self.span = (max(x for x in starts if x <= day),
                                min((x for x in starts if x > day), default=None), reading.value, table)
        return span[3]

    def reading(self, day: _dt.date) -> Reading:
        self.table(day)
        return Reading("overdue_buckets", day, self.span[2])


# Order of kinds on the same date.
KIND_ORDER = (
    "instalment_due",
    "payment",
    "collection_contact",
    "debit",
    "assignment_notice",
    "suspension",
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


def _json(value):
    if isinstance(value, _dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, (tuple, list)):
        return [_json(v) for v in value]
    if hasattr(value, "to_dict"):  # notes, the long stop, suspension effects
        return value.to_dict()
    return value


@dataclass(frozen=True)
class Event:
    """A dated event: ``kind`` (one of ``KIND_ORDER``), why it matters, and its facts."""

    date: _dt.date
    kind: str
    provisions: tuple[str, ...] = ()
    source: str = ""  # one of SOURCES when no provision applies
    projected: bool = False
    notes: tuple[Note, ...] = ()
    parameters: tuple[Reading, ...] = ()
    data: dict = field(default_factory=dict)

    def to_dict(self) -> dict:
        return {
            "date": self.date.isoformat(),
            "kind": self.kind,
            "provisions": list(self.provisions),
            "source": self.source,
            "projected": self.projected,
            "notes": [n.to_dict() for n in self.notes],
            "parameters": [r.to_dict() for r in self.parameters],
            "data": {k: _json(v) for k, v in self.data.items()},
        }


def start_provisions(regime: str) -> tuple[str, ...]:
    """The provisions of the limitation period's start under ``regime``: its length, the
    instalment rule and the first counting rule (the start day not counted)."""
    r = RULES[regime]
    return r["length"] + r["instalment"] + r["counting"][:1]


def _retention(on: _dt.date) -> Reading:
    """``credit_record_retention_years`` read on ``on`` (the caller says which day and why)."""
    try:
        return Reading("credit_record_retention_years", on,
                       int(params.get("credit_record_retention_years", on=on)))
    except InputError as err:
        raise InputError(
            "payment",
            f"{on.isoformat()} 结束的逾期不在本书范围内：{err.message_zh}",
            f"an overdue spell ending on {on.isoformat()} is out of scope: {err.message_en}",
        ) from None


def timeline(installments, payments=(), contacts=(), *, as_of, acceleration=None,
             assignment_notices=(), debits=(), suspensions=(), long_stop_from=None) -> list[Event]:
    """The dated events of a loan, sorted by date (see the module docstring for scope).

    ``installments``: ``(due date, amount)`` pairs, ``{"date", "amount"}``
    dicts or ``"DATE:AMOUNT"`` strings; at least one. ``payments``: the same
    forms. ``contacts``: dates of collection contacts. ``as_of``: the date the
    facts are known up to; not before the first due date, and no payment,
    contact or other event may be later. ``acceleration``: optional date the
    lender declared the whole loan due. ``assignment_notices``: dates a notice
    of assignment reached the debtor. ``debits``: dates a financial institution
    debited the debtor's account. ``suspensions``: obstacles ``(start, end)`` or
    ``"START:END"``. ``long_stop_from``: the day the right was harmed (the
    long stop's start; default: the day the limitation period first runs from).
    """
    within = limitation_dates()
    when = parse_date(as_of, "as_of", within) if as_of is not None else None
    if when is None:
        raise InputError("as_of", "请给出计算基准日（YYYY-MM-DD）。", "the as-of date is required")
    inst = [parse_dated(x, "installment", "due", within)
            for x in check_count(installments, "installment", MAX_INSTALLMENTS)]
    if not inst:
        raise InputError(
            "installment",
            "至少需要一期还款计划（到期日:金额），例如 2025-01-10:1000。",
            "at least one instalment (DATE:AMOUNT) is required",
        )
    pays = sorted(parse_dated(x, "payment", "date", within) for x in check_count(payments, "payment", MAX_PAYMENTS))
    touches = sorted(parse_date(x, "contact", within) for x in check_count(contacts, "contact", MAX_EVENTS))
    notices = sorted(parse_date(x, "assignment_notice", within)
                     for x in check_count(assignment_notices, "assignment_notice", MAX_EVENTS))
    debit_days = sorted(parse_date(x, "debit", within) for x in check_count(debits, "debit", MAX_EVENTS))
    obstacles = sorted((parse_suspension(x) for x in check_count(suspensions, "suspension", MAX_SUSPENSIONS)),
                       key=lambda o: (o.start, o.end))
    accel = parse_date(acceleration, "acceleration", within) if acceleration is not None else None

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
    for name, days in (("assignment_notice", notices), ("debit", debit_days)):
        for d in days:
            if d > when:
                raise InputError(
                    name,
                    f"{d.isoformat()} 晚于计算基准日 {when.isoformat()}。",
                    f"{name} date {d.isoformat()} is after the as-of date {when.isoformat()}",
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

    by_day = _BucketsByDay()

    def bucket_at(day: _dt.date, dpd: int) -> Bucket | None:
        # The convention in use on ``day``, the day the loan is in the bucket (none before its first date).
        table = by_day.table(day)
        return _find(table, dpd) if table is not None else None

    # 《征信业管理条例》 took effect on the first day of its retention parameter.
    credit_first = params.values("credit_record_retention_years")[0].start

    def bucket_event(day: _dt.date, dpd: int, projected: bool) -> Event:
        b = bucket_at(day, dpd)
        return Event(day, "bucket", source="convention", projected=projected, parameters=(by_day.reading(day),),
                     data={"bucket": b.name, "days_past_due": dpd, "first": b.first, "last": b.last})

    events: list[Event] = []
    for i, (d, amount) in enumerate(inst):
        events.append(Event(d, "instalment_due", source="contract", projected=d > when,
                            data={"number": i + 1, "amount": amount}))
    if accel is not None:
        # Its effect on the start of the limitation period is unsettled: see the
        # limitation_end event's acceleration_unsettled note.
        events.append(Event(accel, "acceleration", source="input",
                            notes=(Note("acceleration_effect_unsettled"),)))

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
            notes = []
            if day < by_day.first:
                notes.append(Note("buckets_not_defined", {"first": by_day.first}))
            if day < credit_first:
                notes.append(Note("credit_reg_not_in_force", {"first": credit_first}))
            # 《民法典》第676条: overdue interest is owed from the first day overdue.
            # (Before 2021 the contract law of the time said the same; the timeline
            # cites the Civil Code, see the chapter.)
            events.append(Event(day, "overdue_start", provisions=("civil-code-676",), notes=tuple(notes),
                                data={"number": j + 1, "due": dues[j]}))
            if day >= credit_first:
                # 《征信业管理条例》第15条: prior notice before reporting (no number of days set).
                events.append(Event(day, "credit_report_notice", provisions=("credit-reg-15",)))
        # The bucket by the convention in use on this day.
        found = bucket_at(day, dpd) if dpd else None
        bucket = found.name if found else None
        if bucket and bucket != prev_bucket:
            events.append(bucket_event(day, dpd, False))
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
            # Projected buckets if nothing more is paid: day by day after the
            # as-of date, until the open-ended bucket is reached.
            day = when + one
            while True:
                dpd = (day - dues[j]).days
                bucket = bucket_at(day, dpd)
                if bucket is None:  # before the convention's first date
                    day += one
                    continue
                if bucket.name != prev_bucket:
                    events.append(bucket_event(day, dpd, True))
                    prev_bucket = bucket.name
                if bucket.last is None:
                    break
                day += one
        else:
            spells.append((start, when))

    for n, (s, cleared) in enumerate(spells, start=1):
        if (cleared or when) < credit_first:
            continue  # the regulation was not yet in force (see the overdue_start note)
        if cleared is None:
            # Not cleared: the clearing day is unknown. The rule in force on the
            # as-of date is the one that would apply if it were cleared then.
            reading = _retention(when)
            events.append(Event(when, "credit_retention_not_started", provisions=("credit-reg-16",),
                                parameters=(reading,),
                                data={"spell": n, "started": s, "years": reading.value}))
            continue
        # 第16条 counts from the day the adverse behaviour ends (here: cleared):
        # the period's length is read on that day.
        reading = _retention(cleared)
        end = cleared + relativedelta(years=reading.value)
        events.append(Event(cleared, "overdue_cleared", provisions=("credit-reg-16",),
                            notes=(Note("behaviour_end_assumed"),),
                            data={"spell": n, "started": s}))
        events.append(Event(end, "credit_retention_end", provisions=("credit-reg-16",), projected=end > when,
                            notes=(Note("deletion_by_agency"),), parameters=(reading,),
                            data={"spell": n, "years": reading.value, "from": cleared}))

    # --- settlement and limitation ------------------------------------------------
    paid_total = paid_through(when)
    settled_on = None
    if paid_total >= total:
        k = bisect.bisect_left(cum_paid, total)
        settled_on = pay_dates[k]
        notes = ()
        if paid_total > total:
            notes = (Note("overpaid", {"excess": paid_total - total}),)
        events.append(Event(settled_on, "settled", notes=notes))

    effects: dict[str, dict] = {"demand": {}, "partial_payment": {}, "assignment_notice": {}, "debit": {}}
    suspension_effects: dict = {}
    if settled_on is None:
        runs_from = accel if accel is not None and accel < last_due else last_due
        interruptions = [(d, "demand") for d in touches]
        interruptions += [(d, "partial_payment") for d, _ in pays if d > runs_from]
        interruptions += [(d, "assignment_notice") for d in notices]
        interruptions += [(d, "debit") for d in debit_days]
        try:
            result = limitation(last_due, interruptions, as_of=when, acceleration=accel,
                                suspensions=obstacles, long_stop_from=long_stop_from)
        except InputError as err:
            if err.field not in ("last_due", "acceleration"):
                raise
            raise InputError("installment" if err.field == "last_due" else err.field,
                             err.message_zh, err.message_en) from None
        for eff in result.interruptions:
            effects[eff.kind].setdefault(eff.date, eff)
        for s_eff in result.suspensions:
            suspension_effects[(s_eff.start, s_eff.end)] = s_eff
        initial = result.initial
        events.append(
            Event(initial.first_day, "limitation_start",
                  provisions=start_provisions(initial.regime),
                  projected=initial.first_day > when, parameters=(initial.parameter,),
                  data={"runs_from": initial.runs_from, "regime": initial.regime,
                        "from_acceleration": initial.runs_from != last_due})
        )
        events.append(
            Event(result.end, "limitation_end", provisions=result.provisions,
                  projected=result.end > when, notes=result.warnings, parameters=result.parameters,
                  data={"expired": result.expired,
                        "as_of": when,
                        "last_interruption": result.running_from.date if result.running_from else None,
                        "unadjusted_end": (result.long_stop.unadjusted_end if result.long_stop.binds
                                           else result.period.unadjusted_end),
                        "defence_possibly_waived": result.defence_possibly_waived,
                        "end_if_acceleration_disregarded": result.end_if_acceleration_disregarded,
                        "regime": result.regime,
                        "years": result.period.years,
                        "reasons": result.reasons,
                        "suspensions": result.suspensions,
                        "suspended_days": result.period.suspended_days,
                        "end_without_suspension": result.end_without_suspension,
                        "long_stop": result.long_stop,
                        "assignment_notices": result.assignment_notices})
        )
    contact_effects = effects["demand"]
    payment_effects = effects["partial_payment"]

    for d in touches:
        eff = contact_effects.get(d)
        # A contact is a demand (第195条; 《诉讼时效规定》第8条; before 2021 the provisions
        # of its day) if it reaches the debtor.
        provisions = eff.provisions if eff else kind_provisions("demand", d)
        notes = (Note("demand_must_reach"),)
        if eff is None and settled_on is not None:
            provisions, notes = (), ()
        events.append(Event(d, "collection_contact", provisions=provisions, notes=notes,
                            data={"effect": eff.effect if eff else None}))
    for d, amount in pays:
        eff = payment_effects.get(d)
        events.append(Event(d, "payment", provisions=eff.provisions if eff else (),
                            data={"amount": amount, "effect": eff.effect if eff else None}))
    for kind, days in (("assignment_notice", notices), ("debit", debit_days)):
        for d in days:
            eff = effects[kind].get(d)
            # The provisions that would make it interrupt (the regime of its day), even when settled.
            events.append(Event(d, kind, provisions=eff.provisions if eff else kind_provisions(kind, d),
                                notes=(Note(CAVEAT[kind], {"date": d}),),
                                data={"effect": eff.effect if eff else None}))
    for ob in obstacles:
        s_eff = suspension_effects.get((ob.start, ob.end))
        events.append(Event(ob.start, "suspension", provisions=s_eff.provisions if s_eff else (),
                            source="" if s_eff and s_eff.provisions else "input",
                            data={"end": ob.end, "effect": s_eff.effect if s_eff else None,
                                  "end_after": s_eff.end_after if s_eff else None}))

    order = {k: i for i, k in enumerate(KIND_ORDER)}
    events.sort(key=lambda e: (e.date, order.get(e.kind, len(order))))
    return events
