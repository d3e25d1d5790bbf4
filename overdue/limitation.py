"""The limitation period (诉讼时效) of a lender's claim on an instalment loan.

Legal scope
-----------
The ordinary three-year period of 《民法典》第188条 (the figure is read from
``data/parameters.yaml``, parameter ``limitation_period_years``, as in force
on the day the period starts to run), applied to a debt payable in
instalments:

* **Start.** For an instalment debt the period runs from the day the last
  instalment's performance period expires (第189条), i.e. the last due date.
  That day itself is not counted; counting starts the next day (第201条).
* **End.** The period ends on the *corresponding date* of the final year, or
  on the last day of the month when there is none (第202条: “按照年、月计算期间
  的，到期月的对应日为期间的最后一日；没有对应日的，月末日为期间的最后一日”).
  Worked example: last due 2025-06-15 → counting starts 2025-06-16 → the
  period's last day is 2028-06-15. A period running from 2024-02-29 ends on
  2027-02-28. Implemented as ``runs_from + relativedelta(years=n)``, which
  clamps 29 February to 28 February exactly as 第202条 requires.
* **Rest days.** If the last day is a statutory rest day (weekend or official
  holiday; a make-up working day counts as a working day), the period ends on
  the next working day (第203条), using :mod:`overdue.calendar`. For years
  whose official schedule is not yet known, weekends only, with a warning.
* **Interruption.** A demand for payment that reaches the debtor (第195条第1项;
  《诉讼时效规定》第8条 lists how a demand is made), or the debtor's agreement
  to perform, including a partial payment or a request for more time (第195条
  第2项; 《诉讼时效规定》第14条), interrupts the period; a fresh full period runs
  from the day of the interruption, that day not counted. A demand for part of
  the debt interrupts for the rest too (《诉讼时效规定》第9条, kind
  ``partial_demand``).
* **Before the start / after expiry.** An event on or before the day the
  period runs from has no effect (the period has not started); it is accepted
  and reported in ``warnings``. An event after the period has expired does not
  revive it (第192条); if it is the debtor's own agreement or payment, the
  debtor may have lost the limitation defence (第192条第2款, 《诉讼时效规定》
  第19条), which is reported, not computed.
* **Acceleration** (贷款人宣布提前到期) is an optional input. No source we know of
  settles whether it moves the start; the result uses it and also gives the
  end without it, with a warning (code ``acceleration_unsettled``).

Output
------
Figures and reasons in structure, no prose: provision ids (``provisions``),
the dated parameters read (``parameters``: name, the date read on, the value)
and ``warnings`` as :class:`Note` codes with their dates. The Chinese words
for all of them are in :mod:`overdue.present.limitation`.

Not covered: suspension (中止, 第194条), the 20-year long-stop of 第188条第2款,
interruption by suing or applying for arbitration (第195条第3、4项, where the
new period runs only from the end of the proceedings), and the rules for
periods that started before 2021-01-01.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field

from dateutil.relativedelta import relativedelta

from . import law, params
from .calendar import covered_years, next_working_day
from .errors import InputError
from .kernel import parse_date


@dataclass(frozen=True)
class Kind:
    """A kind of interrupting event: the provisions that make it one, and whether it is the debtor's own act."""

    provisions: tuple[str, ...]
    debtor_act: bool


KINDS: dict[str, Kind] = {
    # Unspecified: 第195条 only.
    "interruption": Kind(("civil-code-195",), False),
    # 第195条第1项 (a demand); 《诉讼时效规定》第8条 (how a demand reaches the debtor).
    "demand": Kind(("civil-code-195", "limitation-interp-8"), False),
    # A demand for part of the debt interrupts for the rest too (《诉讼时效规定》第9条).
    "partial_demand": Kind(("civil-code-195", "limitation-interp-8", "limitation-interp-9"), False),
    # 第195条第2项: the debtor agrees to perform (《诉讼时效规定》第14条 lists the acts).
    "acknowledgment": Kind(("civil-code-195", "limitation-interp-14"), True),
    "partial_payment": Kind(("civil-code-195", "limitation-interp-14"), True),
}

# Field names used in error messages, matching the command-line options.
KIND_FIELDS = {
    "interruption": "interruption",
    "demand": "demand",
    "partial_demand": "partial_demand",
    "acknowledgment": "acknowledgment",
    "partial_payment": "partial_payment",
}

# What an event does to the period (InterruptionEffect.effect).
EFFECTS = ("restarted", "before_start", "after_expiry")

COUNTING_PROVISIONS = ("civil-code-188", "civil-code-189", "civil-code-201", "civil-code-202", "civil-code-203")

# Stable order of the ids in ``provisions``.
_ORDER = (
    "civil-code-188",
    "civil-code-189",
    "civil-code-201",
    "civil-code-202",
    "civil-code-203",
    "civil-code-195",
    "limitation-interp-8",
    "limitation-interp-9",
    "limitation-interp-14",
    "civil-code-192",
    "limitation-interp-19",
)

# What the engine does not compute (worded in overdue.present.limitation.scope_zh).
NOT_COVERED = ("suspension", "long_stop", "litigation_or_arbitration", "periods_before_rules")


def _json(value):
    if isinstance(value, _dt.date):
        return value.isoformat()
    if isinstance(value, (tuple, list)):
        return [_json(v) for v in value]
    return value


@dataclass(frozen=True)
class Note:
    """A reason or caveat, as a code and the facts it concerns (dates, kinds, years).

    Codes: ``before_start``, ``after_expiry_demand``, ``after_expiry_debtor_act``,
    ``after_expiry_unspecified``, ``calendar_uncovered``, ``acceleration_ignored``,
    ``acceleration_unsettled``, ``as_of_not_given``, ``not_started``.
    """

    code: str
    data: dict = field(default_factory=dict)

    def to_dict(self) -> dict:
        return {"code": self.code, **{k: _json(v) for k, v in self.data.items()}}


@dataclass(frozen=True)
class Reading:
    """A dated parameter read from ``data/parameters.yaml``: its name, the date it was read on, the value."""

    name: str
    on: _dt.date
    value: object

    def to_dict(self) -> dict:
        return {"name": self.name, "on": self.on.isoformat(), "value": _json(self.value)}


@dataclass(frozen=True)
class Interruption:
    """An event that may interrupt the period: its date and one of ``KINDS``."""

    date: _dt.date
    kind: str = "interruption"


@dataclass(frozen=True)
class Period:
    """One running of the period: from ``runs_from`` (not counted) to ``end``.

    ``uncovered_years``: years examined for the rest-day roll-forward whose
    official holiday schedule is unknown (weekends only were used).
    ``parameter``: the reading of ``limitation_period_years`` that set ``years``.
    """

    runs_from: _dt.date
    years: int
    unadjusted_end: _dt.date
    end: _dt.date
    uncovered_years: tuple[int, ...]
    parameter: Reading

    @property
    def first_day(self) -> _dt.date:
        return self.runs_from + _dt.timedelta(days=1)

    @property
    def rolled(self) -> bool:
        return self.end != self.unadjusted_end

    @property
    def notes(self) -> tuple[Note, ...]:
        """One ``calendar_uncovered`` note per uncovered year."""
        first, last = covered_years()
        return tuple(Note("calendar_uncovered", {"year": y, "covered_from": first, "covered_to": last})
                     for y in self.uncovered_years)


@dataclass(frozen=True)
class InterruptionEffect:
    date: _dt.date
    kind: str
    effect: str  # one of EFFECTS
    provisions: tuple[str, ...]
    end_after: _dt.date  # the end of the running period after this event

    def to_dict(self) -> dict:
        return {
            "date": self.date.isoformat(),
            "kind": self.kind,
            "effect": self.effect,
            "provisions": list(self.provisions),
            "end_after": self.end_after.isoformat(),
        }


@dataclass(frozen=True)
class LimitationResult:
    last_due: _dt.date
    acceleration: _dt.date | None
    period: Period  # the running period (after all effective interruptions)
    initial: Period  # the period as first started, before any interruption
    running_from: InterruptionEffect | None
    interruptions: tuple[InterruptionEffect, ...]
    as_of: _dt.date
    as_of_given: bool
    expired: bool
    defence_possibly_waived: bool
    end_if_acceleration_disregarded: _dt.date | None
    warnings: tuple[Note, ...]
    provisions: tuple[str, ...]
    parameters: tuple[Reading, ...]

    @property
    def end(self) -> _dt.date:
        return self.period.end

    @property
    def started(self) -> bool:
        return self.as_of > self.initial.runs_from

    def to_dict(self) -> dict:
        return {
            "end": self.end.isoformat(),
            "expired": self.expired,
            "warnings": [w.to_dict() for w in self.warnings],
            "provisions": list(self.provisions),
            "parameters": [r.to_dict() for r in self.parameters],
            "unadjusted_end": self.period.unadjusted_end.isoformat(),
            "end_moved_for_rest_day": self.period.rolled,
            "runs_from": self.period.runs_from.isoformat(),
            "first_day": self.period.first_day.isoformat(),
            "years": self.period.years,
            "running_from": self.running_from.to_dict() if self.running_from else None,
            "initial_end": self.initial.end.isoformat(),
            "last_due": self.last_due.isoformat(),
            "acceleration": self.acceleration.isoformat() if self.acceleration else None,
            "end_if_acceleration_disregarded": (
                self.end_if_acceleration_disregarded.isoformat()
                if self.end_if_acceleration_disregarded
                else None
            ),
            "as_of": self.as_of.isoformat(),
            "started": self.started,
            "defence_possibly_waived": self.defence_possibly_waived,
            "interruptions": [e.to_dict() for e in self.interruptions],
            "not_covered": list(NOT_COVERED),
        }


def _years(on: _dt.date, field_name: str) -> Reading:
    # Read on the day the period starts to run (``on`` = the last due date, the
    # acceleration or the interruption): the length of a period is the one in
    # force when that running of the period begins (第188条 as in force then).
    try:
        return Reading("limitation_period_years", on, int(params.get("limitation_period_years", on=on)))
    except InputError as err:
        raise InputError(
            field_name,
            f"{on.isoformat()} 开始计算的诉讼时效不在本书范围内：{err.message_zh}",
            f"a limitation period running from {on.isoformat()} is out of scope: {err.message_en}",
        ) from None


def period_from(runs_from, field_name: str = "last_due") -> Period:
    """The period that runs from ``runs_from`` (that day not counted).

    ``unadjusted_end`` is the corresponding date ``n`` years later (the month's
    last day if there is none, 《民法典》第201、202条); ``end`` is moved to the
    next working day if that is a rest day (第203条).
    """
    start = parse_date(runs_from, field_name)
    reading = _years(start, field_name)
    unadjusted = start + relativedelta(years=reading.value)
    end, uncovered = next_working_day(unadjusted)
    return Period(start, reading.value, unadjusted, end, uncovered, reading)


def _normalise(interruptions) -> list[Interruption]:
    out = []
    for item in interruptions or ():
        if isinstance(item, Interruption):
            kind, raw = item.kind, item.date
        elif isinstance(item, (tuple, list)) and len(item) == 2:
            raw, kind = item
        else:
            kind, raw = "interruption", item
        if kind not in KINDS:
            raise InputError(
                "interruption_kind",
                f"未知的中断事由类型“{kind}”。可用：{', '.join(KINDS)}。",
                f"unknown interruption kind {kind!r}; use one of {', '.join(KINDS)}",
            )
        out.append(Interruption(parse_date(raw, KIND_FIELDS[kind]), kind))
    return sorted(out, key=lambda i: i.date)


def _add(items: list, new) -> None:
    for x in new:
        if x not in items:
            items.append(x)


def _run(runs_from: _dt.date, events: list[Interruption], field_name: str):
    """Apply the interruptions in date order to the period running from ``runs_from``."""
    initial = period_from(runs_from, field_name)
    period = initial
    expired_period: Period | None = None  # the period that expired before some event
    running_from = None
    effects: list[InterruptionEffect] = []
    notes: list[Note] = []
    readings: list[Reading] = [initial.parameter]
    provisions: set[str] = set()
    waived = False
    for ev in events:
        kind = KINDS[ev.kind]
        if ev.date <= initial.runs_from:
            effects.append(InterruptionEffect(ev.date, ev.kind, "before_start", kind.provisions, period.end))
            _add(notes, [Note("before_start", {"date": ev.date, "kind": ev.kind,
                                               "runs_from": initial.runs_from,
                                               "first_day": initial.first_day})])
            continue
        if expired_period is None and ev.date > period.unadjusted_end:
            # Whether the event is inside the period depends on the roll-forward.
            _add(notes, period.notes)
        if expired_period is None and ev.date <= period.end:
            period = period_from(ev.date, KIND_FIELDS[ev.kind])
            _add(readings, [period.parameter])
            eff = InterruptionEffect(ev.date, ev.kind, "restarted", kind.provisions, period.end)
            effects.append(eff)
            running_from = eff
            provisions.update(kind.provisions)
            continue
        expired_period = expired_period or period
        effects.append(InterruptionEffect(ev.date, ev.kind, "after_expiry", kind.provisions, period.end))
        facts = {"date": ev.date, "kind": ev.kind, "end": expired_period.end}
        # 第192条: expiry is a defence; nothing after it revives the period.
        provisions.add("civil-code-192")
        # 《诉讼时效规定》第19条 in every case: the debtor's agreement after expiry
        # (or signing a demand notice) may waive the defence.
        provisions.add("limitation-interp-19")
        if ev.kind == "interruption":
            waived = True  # it may have been the debtor's agreement
            _add(notes, [Note("after_expiry_unspecified", facts)])
        elif kind.debtor_act:
            waived = True  # 第192条第2款
            _add(notes, [Note("after_expiry_debtor_act", facts)])
        else:
            _add(notes, [Note("after_expiry_demand", facts)])
    _add(notes, period.notes)
    return initial, period, running_from, effects, notes, provisions, waived, readings


def limitation(
    last_due,
    interruptions=(),
    *,
    as_of=None,
    acceleration=None,
) -> LimitationResult:
    """The limitation period of an instalment loan (see the module docstring for scope).

    ``last_due``: due date of the last instalment. ``interruptions``: dates
    (kind ``"interruption"``), ``(date, kind)`` pairs or :class:`Interruption`
    objects, kind one of :data:`KINDS`. ``as_of``: the date on which
    ``expired`` is judged (default: the book's as-of date, with a warning);
    no interruption or acceleration may be later than it. ``acceleration``:
    the date the lender declared the whole loan due, if any.
    """
    due = parse_date(last_due, "last_due")
    events = _normalise(interruptions)
    as_of_given = as_of is not None
    # The book's as-of date only as the default day of judgement (what the reader
    # asks about); it sets no figure: every parameter is read on its own date.
    when = parse_date(as_of, "as_of") if as_of_given else params.as_of()
    accel = parse_date(acceleration, "acceleration") if acceleration is not None else None

    for ev in events:
        if ev.date > when:
            raise InputError(
                KIND_FIELDS[ev.kind],
                f"{ev.date.isoformat()} 晚于计算基准日 {when.isoformat()}。基准日之后的事件无法计入；"
                "如要假设将来的事件，请把基准日（--as-of）设在它之后。",
                f"{ev.date.isoformat()} is after the as-of date {when.isoformat()}",
            )
    if accel is not None and accel > when:
        raise InputError(
            "acceleration",
            f"提前到期日 {accel.isoformat()} 晚于计算基准日 {when.isoformat()}。",
            f"acceleration date {accel.isoformat()} is after the as-of date {when.isoformat()}",
        )

    notes: list[Note] = []
    runs_from = due
    use_accel = accel is not None and accel < due
    if accel is not None and not use_accel:
        notes.append(Note("acceleration_ignored", {"acceleration": accel, "last_due": due}))
    if use_accel:
        runs_from = accel

    initial, period, running_from, effects, run_notes, used, waived, readings = _run(
        runs_from, events, "acceleration" if use_accel else "last_due"
    )
    _add(notes, run_notes)

    alt_end = None
    if use_accel:
        alt = _run(due, events, "last_due")
        alt_end = alt[1].end
        _add(notes, [Note("acceleration_unsettled",
                          {"acceleration": accel, "last_due": due, "end_if_disregarded": alt_end})])
        _add(notes, alt[1].notes)
        _add(readings, alt[7])

    if not as_of_given:
        notes.append(Note("as_of_not_given", {"as_of": when}))
    if when <= initial.runs_from:
        notes.append(Note("not_started", {"as_of": when, "first_day": initial.first_day}))

    expired = when > period.end
    ids = set(COUNTING_PROVISIONS) | used
    if expired or any(e.effect == "after_expiry" for e in effects):
        ids.add("civil-code-192")
    if waived:
        ids.add("limitation-interp-19")
    provisions = tuple(p for p in _ORDER if p in ids)
    for p in provisions:
        law.provision(p)  # every id cited must exist in data/provisions.yaml

    return LimitationResult(
        last_due=due,
        acceleration=accel,
        period=period,
        initial=initial,
        running_from=running_from,
        interruptions=tuple(effects),
        as_of=when,
        as_of_given=as_of_given,
        expired=expired,
        defence_possibly_waived=waived,
        end_if_acceleration_disregarded=alt_end,
        warnings=tuple(notes),
        provisions=provisions,
        parameters=tuple(readings),
    )
