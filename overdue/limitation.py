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
  end without it, with a warning.

Not covered: suspension (中止, 第194条), the 20-year long-stop of 第188条第2款,
interruption by suing or applying for arbitration (第195条第3、4项, where the
new period runs only from the end of the proceedings), and the rules for
periods that started before 2021-01-01.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass

from dateutil.relativedelta import relativedelta

from . import law, params
from .calendar import next_working_day
from .errors import InputError
from .kernel import parse_date

# Kinds of interrupting events: (Chinese label, provision ids, debtor's own act?).
KINDS: dict[str, tuple[str, tuple[str, ...], bool]] = {
    "interruption": ("中断事由（未说明类型）", ("civil-code-195",), False),
    "demand": (
        "履行请求（催收）到达债务人",
        ("civil-code-195", "limitation-interp-8"),
        False,
    ),
    "partial_demand": (
        "就部分债务提出的履行请求到达债务人",
        ("civil-code-195", "limitation-interp-8", "limitation-interp-9"),
        False,
    ),
    "acknowledgment": (
        "债务人同意履行（承认债务、请求延期、承诺还款计划等）",
        ("civil-code-195", "limitation-interp-14"),
        True,
    ),
    "partial_payment": (
        "债务人部分还款",
        ("civil-code-195", "limitation-interp-14"),
        True,
    ),
}

# Field names used in error messages, matching the command-line options.
KIND_FIELDS = {
    "interruption": "interruption",
    "demand": "demand",
    "partial_demand": "partial_demand",
    "acknowledgment": "acknowledgment",
    "partial_payment": "partial_payment",
}

COUNTING_BASIS = ("civil-code-188", "civil-code-189", "civil-code-201", "civil-code-202", "civil-code-203")

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

def scope_zh() -> str:
    """What the engine does not cover, in Chinese (shown as ``scope``)."""
    first = params.values("limitation_period_years")[0].start.isoformat()
    return (
        "只计算普通诉讼时效的起算、届满和中断；没有考虑诉讼时效中止、最长保护期限、"
        f"起诉或申请仲裁引起的中断，也没有考虑 {first} 以前开始计算的时效。"
    )


@dataclass(frozen=True)
class Interruption:
    """An event that may interrupt the period: its date and one of ``KINDS``."""

    date: _dt.date
    kind: str = "interruption"


@dataclass(frozen=True)
class Period:
    """One running of the period: from ``runs_from`` (not counted) to ``end``."""

    runs_from: _dt.date
    years: int
    unadjusted_end: _dt.date
    end: _dt.date
    warnings: tuple[str, ...]

    @property
    def first_day(self) -> _dt.date:
        return self.runs_from + _dt.timedelta(days=1)

    @property
    def rolled(self) -> bool:
        return self.end != self.unadjusted_end


@dataclass(frozen=True)
class InterruptionEffect:
    date: _dt.date
    kind: str
    effect: str  # "restarted" | "before_start" | "after_expiry"
    label: str
    basis: tuple[str, ...]
    end_after: _dt.date  # the end of the running period after this event

    def to_dict(self) -> dict:
        return {
            "date": self.date.isoformat(),
            "kind": self.kind,
            "effect": self.effect,
            "label": self.label,
            "basis": list(self.basis),
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
    warnings: tuple[str, ...]
    provisions: tuple[str, ...]

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
            "warnings": list(self.warnings),
            "provisions": list(self.provisions),
            "citations": [law.cite(p) for p in self.provisions],
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
            "scope": scope_zh(),
        }


def _years(on: _dt.date, field_name: str) -> int:
    try:
        return int(params.get("limitation_period_years", on=on))
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
    years = _years(start, field_name)
    unadjusted = start + relativedelta(years=years)
    end, warnings = next_working_day(unadjusted)
    return Period(start, years, unadjusted, end, warnings)


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


def _add(warnings: list[str], items) -> None:
    for w in items:
        if w and w not in warnings:
            warnings.append(w)


def _run(runs_from: _dt.date, events: list[Interruption], field_name: str):
    """Apply the interruptions in date order to the period running from ``runs_from``."""
    initial = period_from(runs_from, field_name)
    period = initial
    expired_period: Period | None = None  # the period that expired before some event
    running_from = None
    effects: list[InterruptionEffect] = []
    warnings: list[str] = []
    provisions: set[str] = set()
    waived = False
    for ev in events:
        label, basis, debtor_act = KINDS[ev.kind]
        day = ev.date.isoformat()
        if ev.date <= initial.runs_from:
            effects.append(InterruptionEffect(ev.date, ev.kind, "before_start", label, basis, period.end))
            _add(
                warnings,
                [
                    f"{day} 的“{label}”不晚于诉讼时效起算所依据的日期 {initial.runs_from.isoformat()}，"
                    f"时效从 {initial.first_day.isoformat()} 才开始计算，此时尚未开始，"
                    "因此不发生中断效果；已记录，但不影响届满日。"
                ],
            )
            continue
        if expired_period is None and ev.date > period.unadjusted_end:
            # Whether the event is inside the period depends on the roll-forward.
            _add(warnings, period.warnings)
        if expired_period is None and ev.date <= period.end:
            period = period_from(ev.date, KIND_FIELDS[ev.kind])
            eff = InterruptionEffect(ev.date, ev.kind, "restarted", label, basis, period.end)
            effects.append(eff)
            running_from = eff
            provisions.update(basis)
            continue
        expired_period = expired_period or period
        effects.append(InterruptionEffect(ev.date, ev.kind, "after_expiry", label, basis, period.end))
        end = expired_period.end.isoformat()
        provisions.add("civil-code-192")
        if ev.kind == "interruption":
            provisions.add("limitation-interp-19")
            waived = True
            _add(
                warnings,
                [
                    f"{day} 的中断事由发生在诉讼时效期间届满（{end}）之后，不会使已届满的时效重新计算。"
                    "如果它是催收，债务人仍可以提出时效届满的抗辩；如果它是债务人同意履行或者还款，"
                    "债务人可能不能再以时效届满为由抗辩（《民法典》第192条第2款、《诉讼时效规定》第19条）。"
                ],
            )
        elif debtor_act:
            provisions.add("limitation-interp-19")
            waived = True
            _add(
                warnings,
                [
                    f"{day} 的“{label}”发生在诉讼时效期间届满（{end}）之后，不会使时效重新计算；但届满后"
                    "义务人同意履行的，不得再以时效届满为由抗辩，已经自愿履行的部分不得请求返还"
                    "（《民法典》第192条第2款、《诉讼时效规定》第19条）。部分还款是否等于同意履行"
                    "全部剩余债务，本计算器无法判断。"
                ],
            )
        else:
            _add(
                warnings,
                [
                    f"{day} 的“{label}”发生在诉讼时效期间届满（{end}）之后。届满后的催收不会使时效"
                    "重新计算，也不能使已届满的时效“复活”；债务人仍可以提出时效届满的抗辩"
                    "（《民法典》第192条第1款）。届满日没有因此延后。但债务人如果在届满后的催收通知单上"
                    "签字或者盖章，可能被认定为同意履行、放弃时效抗辩（《诉讼时效规定》第19条第3款）。"
                ],
            )
            provisions.add("limitation-interp-19")
    _add(warnings, period.warnings)
    return initial, period, running_from, effects, warnings, provisions, waived, expired_period


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

    warnings: list[str] = []
    runs_from = due
    use_accel = accel is not None and accel < due
    if accel is not None and not use_accel:
        warnings.append(
            f"提前到期日 {accel.isoformat()} 不早于最后一期到期日 {due.isoformat()}，"
            "对诉讼时效的起算没有影响，已忽略。"
        )
    if use_accel:
        runs_from = accel

    initial, period, running_from, effects, run_warnings, used, waived, _ = _run(
        runs_from, events, "acceleration" if use_accel else "last_due"
    )
    _add(warnings, run_warnings)

    alt_end = None
    if use_accel:
        alt = _run(due, events, "last_due")
        alt_end = alt[1].end
        _add(
            warnings,
            [
                f"提前到期（贷款人宣布全部借款提前到期）后诉讼时效是否改从提前到期之日起算，"
                "本书没有找到法律或司法解释的明确规定，法院做法可能不同。上面的届满日按提前到期日 "
                f"{accel.isoformat()} 起算；如果仍按最后一期到期日 {due.isoformat()} 起算，届满日为 "
                f"{alt_end.isoformat()}。对借款人而言，较晚的日期是更稳妥的假设。"
            ],
        )
        _add(warnings, alt[1].warnings)

    if not as_of_given:
        warnings.append(
            f"没有指定计算基准日（--as-of），是否届满按本书的基准日 {when.isoformat()} 判断。"
        )
    if when <= initial.runs_from:
        warnings.append(
            f"截至基准日 {when.isoformat()}，诉讼时效尚未开始计算（从 {initial.first_day.isoformat()} 起算），"
            "届满日是按现有信息推算的日期。"
        )

    expired = when > period.end
    ids = set(COUNTING_BASIS) | used
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
        warnings=tuple(warnings),
        provisions=provisions,
    )
