"""The limitation period (诉讼时效) of a lender's claim on an instalment loan.

Legal scope
-----------
Three regimes governed the ordinary limitation period since the engine's
first covered day; each running of the period is judged by the regime in
force on the day it starts to run (the law of the time: 《民法典时间效力规定》
第1条第2款, ``time-effect-interp-1``):

===================  ==========================  =========================================
regime (law key)     in force                    length, start, counting
===================  ==========================  =========================================
``civil-principles`` 1987-01-01 to 2017-09-30    《民法通则》第135条 (two years), the
                                                 instalment rule of 《诉讼时效规定》（2008年）
                                                 第5条, counting 第154条
``civil-general``    2017-10-01 to 2020-12-31    《民法总则》第188条 (three years), 第189条,
                                                 第201–203条
``civil-code``       from 2021-01-01             《民法典》第188条, 第189条, 第201–203条
===================  ==========================  =========================================

The regime is not typed here: it is the law key of the provision that
``data/parameters.yaml`` gives as the reference of ``limitation_period_years``
on the day in question, and the dated values of that parameter give the
regimes' first days.

**Repealed texts still govern the facts of their time.** 《民法通则》 and
《民法总则》 were repealed from 2021-01-01 (《民法典》第1260条); the SPC's
interpretation of 民法总则's limitation rules (法释〔2018〕12号) was repealed from
the same day by 法释〔2020〕16号, and the 2008 text of 《诉讼时效规定》 was then
amended and renumbered. None of that reaches back: a fact before 2021 keeps the
law of its time (时间效力规定第1条第2款), and whether a two-year period became
three years on 2017-10-01 is such a fact. A period still running on 2021-01-01
continues under 民法典 (第1条第3款), with the same three years (reason code
``continues_under_civil_code``).

* **Start.** For an instalment debt the period runs from the day the last
  instalment's performance period expires, that day not counted (《民法典》
  第189、201条; 《民法总则》第189、201条; for 民法通则 periods 《诉讼时效规定》
  （2008年）第5条 and 《民法通则》第154条第2款).
* **End.** The corresponding date of the final year, or the month's last day
  when there is none (第202条), moved to the next working day when it is a
  statutory rest day (第203条; 民法通则第154条第3款). 民法通则 has no
  corresponding-date rule of its own; its periods are counted by the same
  corresponding date (reading 第154条's 公历年), and the result says so (note
  ``civil_principles_corresponding_date``). Worked example: last due
  2025-06-15 → counting starts 2025-06-16 → last day 2028-06-15.
* **The 2017-10-01 transition** (法释〔2018〕12号第2、3条): a 民法通则 period
  (two years) whose last day is on or after 2017-10-01 had not expired when
  民法总则 took effect and becomes three years from the same start; one whose
  last day fell before stays expired. A period that starts on or after
  2017-10-01 has three years (第1条).
* **Interruption.** A demand that reaches the debtor, the debtor's agreement
  to perform (a partial payment, a request for time), a financial institution
  debiting the debtor's account under the law or the contract (《诉讼时效规定》
  第8条第（三）项; 2008年 第10条第（三）项), and a notice of assignment reaching
  the debtor (第17条; 2008年 第19条) interrupt the period; a fresh full period
  runs from that day, under the regime in force on it. Interruption by suing or
  arbitration (new period only from the end of the proceedings) is not covered.
* **Suspension** (中止). An obstacle of 第194条 (民法通则第139条) that exists in
  the period's last six months suspends it. Under 民法总则 and 民法典 the period
  then ends six months after the obstacle ends (第194条第2款); under 民法通则
  counting resumes after the obstacle ends (第139条), i.e. the days from the
  start of the suspension to the last day are added after the obstacle's end.
  Which rule applies follows the day the obstacle ended (法释〔2018〕12号第4条: an
  obstacle not removed by 2017-10-01 falls under 民法总则).
* **The long stop.** Twenty years from the day the right was harmed the courts
  no longer protect it, whatever the interruptions (《民法典》第188条第2款;
  民法通则第137条); a court may extend it in special circumstances, which is not
  computed. The start is an input (``long_stop_from``); by default it is the day
  the ordinary period first runs from, with a note.
* **Before the start / after expiry.** An event on or before the day the
  period runs from has no effect; it is reported in ``warnings``. Nothing after
  expiry revives the period (第192条, 民法通则第138条): an assignment notice
  after expiry hands the assignee a time-barred claim, and the debtor keeps the
  defence against the assignee (第548条). The debtor's own agreement or payment
  after expiry may waive the defence (第192条第2款, 《诉讼时效规定》第19条; 2008年
  第22条), which is reported, not computed.
* **Acceleration** (贷款人宣布提前到期) is an optional input. No source we know of
  settles whether it moves the start; the result uses it and also gives the end
  without it, with a warning (code ``acceleration_unsettled``).
* **Not covered, refused:** periods that started before 2008-09-01 (the day the
  2008 interpretation and its instalment rule took effect; the texts for earlier
  periods were not verified), and a suspension of a 民法通则 period that meets
  the 2017-10-01 transition (one that would carry a two-year period over that
  day, or one removed before it that lay in the last six months of a two-year
  period which then became three years): no verified text says how the two
  rules combine. Both are refused with an :class:`~overdue.errors.InputError`.

Output
------
Figures and reasons in structure, no prose: provision ids (``provisions``),
the dated parameters read (``parameters``), the regime and why (``regime``,
``reasons``), and caveats (``warnings``) as :class:`Note` codes with their
facts. The Chinese words for all of them are in :mod:`overdue.present.limitation`.
"""

from __future__ import annotations

import dataclasses
import datetime as _dt
from dataclasses import dataclass, field

from dateutil.relativedelta import relativedelta

from . import law, params
from .calendar import covered_years, next_working_day
from .errors import InputError
from .kernel import MAX_PAYMENTS, DateRange, check_count, event_dates, parse_date

# The regimes, oldest first (law keys of data/laws.yaml).
REGIMES = ("civil-principles", "civil-general", "civil-code")

PERIOD_PARAMETER = "limitation_period_years"
LONG_STOP_PARAMETER = "limitation_long_stop_years"

# “最后六个月” (《民法典》第194条第1款, 民法总则第194条, 民法通则第139条) and “满六个月”
# (第194条第2款): a dated parameter, read on the day the obstacle ended (the rule in
# force then governs the suspension, 法释〔2018〕12号第4条).
SUSPENSION_PARAMETER = "limitation_suspension_months"


def _suspension_months(on: _dt.date) -> int:
    return int(params.get(SUSPENSION_PARAMETER, on=on))

# The provisions of each regime, by the role they play.
RULES: dict[str, dict[str, tuple[str, ...]]] = {
    "civil-principles": {
        "length": ("civil-principles-135",),
        "instalment": ("limitation-interp-2008-5",),
        "counting": ("civil-principles-154",),
        "interruption": ("civil-principles-140",),
        "demand": ("limitation-interp-2008-10",),
        "partial_demand": ("limitation-interp-2008-10", "limitation-interp-2008-11"),
        "agreement": ("limitation-interp-2008-16",),
        "debit": ("limitation-interp-2008-10",),
        "assignment": ("limitation-interp-2008-19",),
        "suspension": ("civil-principles-139", "limitation-interp-2008-20"),
        "long_stop": ("civil-principles-137",),
        "expiry": ("civil-principles-138",),
        "waiver": ("limitation-interp-2008-22",),
    },
    "civil-general": {
        "length": ("civil-general-188",),
        "instalment": ("civil-general-189",),
        "counting": ("civil-general-201", "civil-general-202", "civil-general-203"),
        "interruption": ("civil-general-195",),
        "demand": ("limitation-interp-2008-10",),
        "partial_demand": ("limitation-interp-2008-10", "limitation-interp-2008-11"),
        "agreement": ("limitation-interp-2008-16",),
        "debit": ("limitation-interp-2008-10",),
        "assignment": ("limitation-interp-2008-19",),
        "suspension": ("civil-general-194",),
        "long_stop": ("civil-general-188",),
        "expiry": ("civil-general-192",),
        "waiver": ("limitation-interp-2008-22",),
    },
    "civil-code": {
        "length": ("civil-code-188",),
        "instalment": ("civil-code-189",),
        "counting": ("civil-code-201", "civil-code-202", "civil-code-203"),
        "interruption": ("civil-code-195",),
        "demand": ("limitation-interp-8",),
        "partial_demand": ("limitation-interp-8", "limitation-interp-9"),
        "agreement": ("limitation-interp-14",),
        "debit": ("limitation-interp-8",),
        "assignment": ("limitation-interp-17",),
        "suspension": ("civil-code-194",),
        "long_stop": ("civil-code-188",),
        "expiry": ("civil-code-192",),
        "waiver": ("limitation-interp-19",),
    },
}

TRANSITION_EXTENDED = ("civil-general-interp-2", "civil-general-188")
TRANSITION_EXPIRED = ("civil-general-interp-3",)
SUSPENSION_TRANSITION = ("civil-general-interp-4",)
CONTINUATION = ("time-effect-interp-1",)
ASSIGNEE_DEFENCES = ("civil-code-548",)  # for notices that reach the debtor from 2021-01-01


@dataclass(frozen=True)
class Kind:
    """A kind of interrupting event: the role of its provisions (see ``RULES``), whether it is the debtor's own act."""

    role: str | None  # None: 第195条 (民法通则第140条) only
    debtor_act: bool


KINDS: dict[str, Kind] = {
    # Unspecified: 第195条 only.
    "interruption": Kind(None, False),
    # 第195条第1项 (a demand); 《诉讼时效规定》第8条 (how a demand reaches the debtor).
    "demand": Kind("demand", False),
    # A demand for part of the debt interrupts for the rest too (《诉讼时效规定》第9条).
    "partial_demand": Kind("partial_demand", False),
    # 第195条第2项: the debtor agrees to perform (《诉讼时效规定》第14条 lists the acts).
    "acknowledgment": Kind("agreement", True),
    "partial_payment": Kind("agreement", True),
    # 《诉讼时效规定》第8条第（三）项: a financial institution debits the debtor's account.
    "debit": Kind("debit", False),
    # 《诉讼时效规定》第17条: the notice of an assignment reaches the debtor.
    "assignment_notice": Kind("assignment", False),
}

# Field names used in error messages, matching the command-line options.
KIND_FIELDS = {kind: kind for kind in KINDS}

# What an event does to the period (InterruptionEffect.effect).
EFFECTS = ("restarted", "before_start", "after_expiry")

# What an obstacle does to the period (SuspensionEffect.effect).
SUSPENSION_EFFECTS = ("suspended", "outside_last_six_months", "after_expiry", "superseded")

# What the engine does not compute (worded in overdue.present.limitation.scope_zh).
NOT_COVERED = ("litigation_or_arbitration", "periods_before_first_day", "court_extension")


def _ordered_ids() -> tuple[str, ...]:
    out: list[str] = []

    def add(ids):
        for x in ids:
            if x not in out:
                out.append(x)

    for r in REGIMES:
        add(RULES[r]["length"] + RULES[r]["instalment"] + RULES[r]["counting"])
    add(TRANSITION_EXTENDED + TRANSITION_EXPIRED + SUSPENSION_TRANSITION + CONTINUATION)
    for r in REGIMES:
        add(RULES[r]["interruption"])
        for role in ("demand", "partial_demand", "agreement", "debit", "assignment"):
            add(RULES[r][role])
    for r in REGIMES:
        add(RULES[r]["suspension"] + RULES[r]["long_stop"])
    for r in REGIMES:
        add(RULES[r]["expiry"] + RULES[r]["waiver"])
    add(ASSIGNEE_DEFENCES)
    return tuple(out)


# Stable order of the ids in ``provisions``.
_ORDER = _ordered_ids()


def _json(value):
    if isinstance(value, _dt.date):
        return value.isoformat()
    if isinstance(value, (tuple, list)):
        return [_json(v) for v in value]
    return value


@dataclass(frozen=True)
class Note:
    """A reason or caveat, as a code and the facts it concerns (dates, kinds, years).

    Warnings: ``before_start``, ``after_expiry_demand``, ``after_expiry_debtor_act``,
    ``after_expiry_unspecified``, ``after_expiry_assignment``, ``after_expiry_debit``,
    ``after_long_stop``, ``calendar_uncovered``, ``acceleration_ignored``,
    ``acceleration_unsettled``, ``as_of_not_given``, ``not_started``,
    ``civil_principles_corresponding_date``, ``debit_financial_institution``,
    ``assignment_notice_must_reach``, ``suspension_obstacle``,
    ``suspension_outside_last_six_months``, ``suspension_after_expiry``,
    ``suspension_superseded``, ``suspension_resumed_counting``,
    ``long_stop_start_assumed``, ``long_stop_extension``.
    Reasons: ``regime``, ``transition_extended``, ``transition_expired``,
    ``continues_under_civil_code``, ``long_stop_binds``.
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
class Suspension:
    """An obstacle of 第194条 (民法通则第139条): the first and the last day it existed."""

    start: _dt.date
    end: _dt.date


# --- Regimes --------------------------------------------------------------------------


def regime_on(day: _dt.date, field_name: str = "last_due") -> str:
    """The regime (a law key of ``REGIMES``) of a period that starts to run on ``day``."""
    value = _period_value(day, field_name)
    key, _ = law.split_id(value.reference[0])
    if key not in RULES:  # data/parameters.yaml names a law the engine does not know
        raise KeyError(f"{PERIOD_PARAMETER} on {day}: unknown regime {key!r}")
    return key


def regime_starts() -> dict[str, _dt.date]:
    """The first day of each regime, from the dated values of ``limitation_period_years``."""
    out: dict[str, _dt.date] = {}
    for v in params.values(PERIOD_PARAMETER):
        key, _ = law.split_id(v.reference[0])
        out.setdefault(key, v.start)
    return out


def regime_span(regime: str) -> tuple[_dt.date, _dt.date | None]:
    """(first day, last day or None) of ``regime``."""
    starts = regime_starts()
    later = [d for d in starts.values() if d > starts[regime]]
    return starts[regime], (min(later) - _dt.timedelta(days=1)) if later else None


def first_covered_day() -> _dt.date:
    """The first day a period may start to run: the 2008 interpretation's instalment rule took effect."""
    return _dt.date.fromisoformat(str(law.provision(RULES["civil-principles"]["instalment"][0])["effective"]))


def _period_value(day: _dt.date, field_name: str):
    try:
        return params.value_on(PERIOD_PARAMETER, day)
    except InputError as err:
        raise InputError(
            field_name,
            f"{day.isoformat()} 开始计算的诉讼时效不在本书范围内：{err.message_zh}",
            f"a limitation period running from {day.isoformat()} is out of scope: {err.message_en}",
        ) from None


def _years(on: _dt.date, field_name: str) -> Reading:
    # Read on the day the period starts to run (``on`` = the last due date, the
    # acceleration or the interruption): the length of a period is the one in
    # force when that running of the period begins (the law of the time).
    return Reading(PERIOD_PARAMETER, on, int(_period_value(on, field_name).value))


def _check_first_day(day: _dt.date, field_name: str) -> None:
    first = first_covered_day()
    if day < first:
        raise InputError(
            field_name,
            f"{day.isoformat()} 开始计算的诉讼时效不在本书范围内：本书只核实了 {first.isoformat()}"
            "（2008年《诉讼时效规定》施行之日，其第五条规定分期履行的债务自最后一期履行期限届满之日起计算）"
            "以后开始计算的诉讼时效所依据的条文；更早开始的期间所适用的规定未能核实，本计算器不予计算。",
            f"a limitation period running from {day.isoformat()} is out of scope: the texts that governed "
            f"periods starting before {first.isoformat()} (when the 2008 limitation interpretation and its "
            "instalment rule took effect) could not be verified",
        )


# --- Periods --------------------------------------------------------------------------


@dataclass(frozen=True)
class Period:
    """One running of the period: from ``runs_from`` (not counted) to ``end``.

    ``regime``: the law key of the regime in force on ``runs_from``.
    ``transition``: ``"extended"`` (a 民法通则 period not expired on 2017-10-01,
    now three years), ``"expired"`` (one that had expired before) or None.
    ``uncovered_years``: years examined for the rest-day roll-forward whose
    official holiday schedule is unknown (weekends only were used).
    ``parameter``: the reading of ``limitation_period_years`` that set ``years``;
    ``readings``: every reading used (two for an extended period).
    ``suspended_days``: days added to the end by suspensions (0 if none).
    """

    runs_from: _dt.date
    years: int
    unadjusted_end: _dt.date
    end: _dt.date
    uncovered_years: tuple[int, ...]
    parameter: Reading
    regime: str = "civil-code"
    transition: str | None = None
    readings: tuple[Reading, ...] = ()
    two_year_end: _dt.date | None = None
    suspended_days: int = 0

    @property
    def first_day(self) -> _dt.date:
        return self.runs_from + _dt.timedelta(days=1)

    @property
    def rolled(self) -> bool:
        return self.end != self.unadjusted_end

    @property
    def notes(self) -> tuple[Note, ...]:
        """One ``calendar_uncovered`` note per uncovered year."""
        return _calendar_notes(self.uncovered_years)

    @property
    def counting_regime(self) -> str:
        """The regime whose counting rules set the end (民法总则 for an extended period)."""
        return "civil-general" if self.transition == "extended" else self.regime

    @property
    def continues_under_civil_code(self) -> bool:
        start = regime_starts()["civil-code"]
        return self.runs_from < start <= self.end


def _calendar_notes(years) -> tuple[Note, ...]:
    first, last = covered_years()
    return tuple(Note("calendar_uncovered", {"year": y, "covered_from": first, "covered_to": last}) for y in years)


def _roll(day: _dt.date) -> tuple[_dt.date, tuple[int, ...]]:
    return next_working_day(day)


def period_from(runs_from, field_name: str = "last_due") -> Period:
    """The period that runs from ``runs_from`` (that day not counted), under the regime then in force.

    ``unadjusted_end`` is the corresponding date ``n`` years later (the month's
    last day if there is none, 第201、202条); ``end`` is moved to the next working
    day if that is a rest day (第203条; 民法通则第154条). A 民法通则 period whose
    last day is on or after 2017-10-01 becomes three years (法释〔2018〕12号第2条).
    """
    start = parse_date(runs_from, field_name)
    _check_first_day(start, field_name)
    regime = regime_on(start, field_name)
    reading = _years(start, field_name)
    unadjusted = start + relativedelta(years=reading.value)
    end, uncovered = _roll(unadjusted)
    if regime != "civil-principles":
        return Period(start, reading.value, unadjusted, end, uncovered, reading, regime, None, (reading,))
    commencement = regime_starts()["civil-general"]
    if end < commencement:
        return Period(start, reading.value, unadjusted, end, uncovered, reading, regime, "expired", (reading,), end)
    # Not expired on the day 民法总则 took effect: three years from the same start,
    # read on that day (法释〔2018〕12号第2条).
    three = Reading(PERIOD_PARAMETER, commencement, int(params.get(PERIOD_PARAMETER, on=commencement)))
    unadjusted3 = start + relativedelta(years=three.value)
    end3, uncovered3 = _roll(unadjusted3)
    return Period(start, three.value, unadjusted3, end3, uncovered3, three, regime, "extended",
                  (reading, three), end)


@dataclass(frozen=True)
class LongStop:
    """The twenty-year long stop: from ``runs_from`` (the day the right was harmed, not counted) to ``end``.

    ``assumed``: the start was not given (the ordinary period's first start was used).
    ``binds``: it ends before the ordinary period and so sets the end.
    """

    runs_from: _dt.date
    years: int
    unadjusted_end: _dt.date
    end: _dt.date
    uncovered_years: tuple[int, ...]
    parameter: Reading
    regime: str
    assumed: bool
    binds: bool = False

    def to_dict(self) -> dict:
        return {"runs_from": self.runs_from.isoformat(), "years": self.years,
                "unadjusted_end": self.unadjusted_end.isoformat(), "end": self.end.isoformat(),
                "regime": self.regime, "assumed": self.assumed, "binds": self.binds}


def long_stop_period(runs_from, *, assumed: bool = False, field_name: str = "long_stop_from") -> LongStop:
    """The long stop running from ``runs_from`` (民法典第188条第2款, 民法通则第137条)."""
    start = parse_date(runs_from, field_name)
    try:
        value = params.value_on(LONG_STOP_PARAMETER, start)
    except InputError as err:
        raise InputError(
            field_name,
            f"{start.isoformat()} 开始计算的最长权利保护期间不在本书范围内：{err.message_zh}",
            f"a long stop running from {start.isoformat()} is out of scope: {err.message_en}",
        ) from None
    key, _ = law.split_id(value.reference[0])
    reading = Reading(LONG_STOP_PARAMETER, start, int(value.value))
    unadjusted = start + relativedelta(years=reading.value)
    end, uncovered = _roll(unadjusted)
    return LongStop(start, reading.value, unadjusted, end, uncovered, reading, key, assumed)


@dataclass(frozen=True)
class InterruptionEffect:
    date: _dt.date
    kind: str
    effect: str  # one of EFFECTS
    provisions: tuple[str, ...]
    end_after: _dt.date  # the end of the running period after this event
    regime: str = "civil-code"  # the regime in force on the event's date

    def to_dict(self) -> dict:
        return {
            "date": self.date.isoformat(),
            "kind": self.kind,
            "effect": self.effect,
            "provisions": list(self.provisions),
            "end_after": self.end_after.isoformat(),
            "regime": self.regime,
        }


@dataclass(frozen=True)
class SuspensionEffect:
    """What an obstacle did: ``effect`` (one of ``SUSPENSION_EFFECTS``), the period's end before and after.

    ``suspended_from``: the first day of the suspension (the obstacle's start or,
    if earlier, the first day of the last six months); ``window_from``: the first
    day of the period's last six months; ``rule``: ``"six_months_after"``
    (第194条第2款) or ``"resumed_counting"`` (民法通则第139条), None if no effect.
    """

    start: _dt.date
    end: _dt.date
    effect: str
    provisions: tuple[str, ...]
    window_from: _dt.date
    end_before: _dt.date
    end_after: _dt.date
    suspended_from: _dt.date | None = None
    rule: str | None = None

    def to_dict(self) -> dict:
        return {"start": self.start.isoformat(), "end": self.end.isoformat(), "effect": self.effect,
                "provisions": list(self.provisions), "window_from": self.window_from.isoformat(),
                "end_before": self.end_before.isoformat(), "end_after": self.end_after.isoformat(),
                "suspended_from": self.suspended_from.isoformat() if self.suspended_from else None,
                "rule": self.rule}


@dataclass(frozen=True)
class LimitationResult:
    last_due: _dt.date
    acceleration: _dt.date | None
    period: Period  # the running period (after all effective interruptions and suspensions)
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
    suspensions: tuple[SuspensionEffect, ...] = ()
    long_stop: LongStop | None = None
    reasons: tuple[Note, ...] = ()

    @property
    def end(self) -> _dt.date:
        if self.long_stop is not None and self.long_stop.binds:
            return self.long_stop.end
        return self.period.end

    @property
    def regime(self) -> str:
        """The regime the running period started under."""
        return self.period.regime

    @property
    def end_without_suspension(self) -> _dt.date:
        return self.period.end - _dt.timedelta(days=self.period.suspended_days)

    @property
    def started(self) -> bool:
        return self.as_of > self.initial.runs_from

    @property
    def assignment_notices(self) -> tuple[InterruptionEffect, ...]:
        return tuple(e for e in self.interruptions if e.kind == "assignment_notice")

    def to_dict(self) -> dict:
        return {
            "end": self.end.isoformat(),
            "expired": self.expired,
            "regime": self.regime,
            "reasons": [r.to_dict() for r in self.reasons],
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
            "initial_regime": self.initial.regime,
            "transition": self.period.transition,
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
            "suspensions": [s.to_dict() for s in self.suspensions],
            "suspended_days": self.period.suspended_days,
            "end_without_suspension": self.end_without_suspension.isoformat(),
            "long_stop": self.long_stop.to_dict() if self.long_stop else None,
            "not_covered": list(NOT_COVERED),
        }


# --- Input ------------------------------------------------------------------------------

#: Events (demands, debits, notices, agreements, obstacles) of one computation: far more
#: than any loan's collection history records (a demand every day for almost three years).
MAX_EVENTS = MAX_PAYMENTS
#: Obstacles (suspension events) of one computation.
MAX_SUSPENSIONS = 100


def dates() -> DateRange:
    """The domain of every date the limitation and timeline engines read (:func:`overdue.kernel.event_dates`)."""
    return event_dates()




def _normalise(interruptions) -> list[Interruption]:
    out = []
    within = dates()
    for item in check_count(interruptions, "interruption", MAX_EVENTS):
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
        out.append(Interruption(parse_date(raw, KIND_FIELDS[kind], within), kind))
    return sorted(out, key=lambda i: i.date)


def parse_suspension(raw, field_name: str = "suspension") -> Suspension:
    """An obstacle as ``Suspension``, ``(start, end)`` or ``"START:END"`` (both YYYY-MM-DD, start ≤ end)."""
    if isinstance(raw, Suspension):
        start, end = raw.start, raw.end
    elif isinstance(raw, (tuple, list)) and len(raw) == 2:
        start, end = parse_date(raw[0], field_name, dates()), parse_date(raw[1], field_name, dates())
    elif isinstance(raw, str):
        text = raw.strip().replace(chr(0xFF1A), ":")  # a full-width colon also separates
        parts = text.split(":") if ":" in text else text.split()
        if len(parts) != 2 or not all(p.strip() for p in parts):
            raise InputError(
                field_name,
                f"“{raw}”不是“开始日:结束日”的格式，例如 2024-05-01:2024-05-31。",
                f"{raw!r} is not START:END, e.g. 2024-05-01:2024-05-31",
            )
        start, end = (parse_date(parts[0].strip(), field_name, dates()),
                      parse_date(parts[1].strip(), field_name, dates()))
    else:
        raise InputError(field_name, "障碍的开始日和结束日不完整。", f"not a START:END pair: {raw!r}")
    if end < start:
        raise InputError(
            field_name,
            f"障碍的结束日 {end.isoformat()} 早于开始日 {start.isoformat()}。",
            f"the obstacle ends ({end.isoformat()}) before it starts ({start.isoformat()})",
        )
    return Suspension(start, end)


def _add(items: list, new) -> None:
    for x in new:
        if x not in items:
            items.append(x)


def kind_provisions(kind: str, on: _dt.date) -> tuple[str, ...]:
    """The provisions that make an event of ``kind`` on ``on`` interrupt the period (regime of that day)."""
    rules = RULES[regime_on(on, KIND_FIELDS[kind])]
    role = KINDS[kind].role
    return rules["interruption"] + (rules[role] if role else ())


def _minus_months(day: _dt.date, months: int) -> _dt.date:
    return day - relativedelta(months=months)


# --- The computation ----------------------------------------------------------------------


@dataclass
class _Run:
    initial: Period
    period: Period
    running_from: InterruptionEffect | None
    effects: list
    suspensions: list
    notes: list
    provisions: set
    waived: bool
    readings: list
    long_stop: LongStop | None
    periods: list  # every running, in order


def _refuse_transition(ob: Suspension, starts: dict) -> None:
    """A suspension of a 民法通则 period that meets the 2017-10-01 transition: not computed."""
    day = starts["civil-general"].isoformat()
    raise InputError(
        "suspension",
        f"{ob.start.isoformat()}–{ob.end.isoformat()} 的障碍发生在一个《民法通则》期间的最后六个月内，"
        f"而这一期间又遇到 {day}（《民法总则》施行之日）的过渡。中止与改按新期间的过渡规则如何叠加，"
        "本书没有找到经核实的规定，不予计算。",
        f"this suspension meets the transition of {day} (民法通则 to 民法总则) of the period it would "
        "suspend; no verified text says how suspension and the transition combine",
    )


def _suspend(period: Period, ob: Suspension) -> tuple[Period, SuspensionEffect]:
    """Apply the obstacle ``ob`` to the running ``period`` (it is known not to have expired before ``ob.start``)."""
    months = _suspension_months(ob.end)
    window_from = _minus_months(period.end, months) + _dt.timedelta(days=1)
    starts = regime_starts()
    if period.transition == "extended" and ob.end < starts["civil-general"]:
        # Removed before 2017-10-01: it may have suspended the two-year period as it
        # then stood; how that combines with the later three years is not settled.
        two_year_window = _minus_months(period.two_year_end, months) + _dt.timedelta(days=1)
        if ob.end >= two_year_window and ob.start <= period.two_year_end:
            _refuse_transition(ob, starts)
    if ob.end < window_from:
        return period, SuspensionEffect(ob.start, ob.end, "outside_last_six_months", (), window_from,
                                        period.end, period.end)
    regime = regime_on(ob.end, "suspension")  # the rule in force when the obstacle ended (法释〔2018〕12号第4条)
    provisions = RULES[regime]["suspension"]
    if ob.start < starts["civil-general"] <= ob.end:
        provisions += SUSPENSION_TRANSITION
    if ob.start < starts["civil-code"] <= ob.end:
        provisions += CONTINUATION
    suspended_from = max(ob.start, window_from)
    if regime == "civil-principles":
        # 民法通则第139条: counting resumes after the obstacle ends; the days left
        # on the day the suspension began (that day to the last day) run again.
        remaining = (period.end - suspended_from).days + 1
        unadjusted = ob.end + _dt.timedelta(days=remaining)
        rule = "resumed_counting"
    else:
        # 第194条第2款: the period ends six months after the obstacle ends.
        unadjusted = ob.end + relativedelta(months=months)
        rule = "six_months_after"
    end, uncovered = _roll(unadjusted)
    if end <= period.end:  # cannot shorten the period
        return period, SuspensionEffect(ob.start, ob.end, "outside_last_six_months", (), window_from,
                                        period.end, period.end)
    if period.transition == "expired" and end >= starts["civil-general"]:
        _refuse_transition(ob, starts)
    added = (end - period.end).days
    new = dataclasses.replace(period, unadjusted_end=unadjusted, end=end, uncovered_years=uncovered,
                              suspended_days=period.suspended_days + added)
    return new, SuspensionEffect(ob.start, ob.end, "suspended", provisions, window_from, period.end, end,
                                 suspended_from, rule)


def _alive_until(period: Period, long_stop: LongStop | None) -> _dt.date:
    return min(period.end, long_stop.end) if long_stop is not None else period.end


def _run(runs_from: _dt.date, events: list[Interruption], obstacles: list[Suspension], field_name: str,
         long_stop_start: _dt.date | None) -> _Run:
    """Apply the interruptions and the obstacles, in date order, to the period running from ``runs_from``."""
    initial = period_from(runs_from, field_name)
    stop = (long_stop_period(long_stop_start) if long_stop_start is not None
            else long_stop_period(initial.runs_from, assumed=True, field_name=field_name))
    period = initial
    run = _Run(initial, initial, None, [], [], [], set(), False, list(initial.readings), stop, [initial])
    expired_end: _dt.date | None = None  # the end at which the period expired before some event
    applied: list[int] = []  # indexes into run.suspensions of obstacles that suspended the running period
    items = [(ev.date, 0, ev) for ev in events] + [(ob.start, 1, ob) for ob in obstacles]
    for day, _, item in sorted(items, key=lambda x: (x[0], x[1])):
        if isinstance(item, Suspension):
            ob = item
            alive = _alive_until(period, stop)
            if expired_end is not None or ob.start > alive:
                end = expired_end or alive
                run.suspensions.append(SuspensionEffect(ob.start, ob.end, "after_expiry", (), end, end, end))
                _add(run.notes, [Note("suspension_after_expiry", {"start": ob.start, "end": ob.end,
                                                                   "expired_end": end})])
                continue
            period, eff = _suspend(period, ob)
            run.suspensions.append(eff)
            if eff.effect == "suspended":
                applied.append(len(run.suspensions) - 1)
                if eff.rule == "resumed_counting":
                    _add(run.notes, [Note("suspension_resumed_counting",
                                          {"start": ob.start, "end": ob.end, "suspended_from": eff.suspended_from,
                                           "days": (eff.end_after - eff.end_before).days})])
            else:
                _add(run.notes, [Note("suspension_outside_last_six_months",
                                      {"start": ob.start, "end": ob.end, "window_from": eff.window_from,
                                       "period_end": eff.end_before})])
            continue
        ev = item
        kind = KINDS[ev.kind]
        provisions = kind_provisions(ev.kind, ev.date)
        regime = regime_on(ev.date, KIND_FIELDS[ev.kind])
        if ev.date <= initial.runs_from:
            run.effects.append(InterruptionEffect(ev.date, ev.kind, "before_start", provisions, period.end, regime))
            _add(run.notes, [Note("before_start", {"date": ev.date, "kind": ev.kind,
                                                   "runs_from": initial.runs_from,
                                                   "first_day": initial.first_day})])
            continue
        alive = _alive_until(period, stop)
        if expired_end is None and ev.date > period.unadjusted_end:
            # Whether the event is inside the period depends on the roll-forward.
            _add(run.notes, period.notes)
        if expired_end is None and ev.date <= alive:
            # A suspension is overtaken by a restart that the period would have reached
            # without it; one that kept the period alive until this day stays.
            for i in applied:
                s = run.suspensions[i]
                if ev.date <= s.end_before:
                    run.suspensions[i] = dataclasses.replace(s, effect="superseded")
                    _add(run.notes, [Note("suspension_superseded", {"start": s.start, "end": s.end,
                                                                    "date": ev.date})])
            applied = [i for i in applied if run.suspensions[i].effect == "suspended"]
            period = period_from(ev.date, KIND_FIELDS[ev.kind])
            run.periods.append(period)
            _add(run.readings, period.readings)
            # An obstacle still going on at the restart may reach the new period's last six months.
            for ob in obstacles:
                if ob.start < ev.date <= ob.end:
                    period, eff = _suspend(period, ob)
                    if eff.effect == "suspended":
                        run.suspensions.append(eff)
                        applied.append(len(run.suspensions) - 1)
            eff = InterruptionEffect(ev.date, ev.kind, "restarted", provisions, period.end, regime)
            run.effects.append(eff)
            run.running_from = eff
            run.provisions.update(provisions)
            if ev.kind == "debit":
                _add(run.notes, [Note("debit_financial_institution", {"date": ev.date})])
            if ev.kind == "assignment_notice":
                _add(run.notes, [Note("assignment_notice_must_reach", {"date": ev.date})])
                if regime == "civil-code":
                    run.provisions.update(ASSIGNEE_DEFENCES)
            continue
        by_long_stop = expired_end is None and ev.date <= period.end  # alive only by the ordinary period
        expired_end = expired_end or alive
        run.effects.append(InterruptionEffect(ev.date, ev.kind, "after_expiry", provisions, period.end, regime))
        facts = {"date": ev.date, "kind": ev.kind, "end": expired_end}
        if by_long_stop:
            # Only the long stop has passed: the courts no longer protect the claim
            # (第188条第2款); what a later agreement of the debtor does to it is not computed.
            _add(run.notes, [Note("after_long_stop", {**facts, "debtor_act": kind.debtor_act
                                                      or ev.kind == "interruption"})])
            run.provisions.update(RULES[stop.regime]["long_stop"])
            continue
        # 第192条 (民法通则第138条): nothing after expiry revives the period.
        expiry_regime = regime_on(expired_end, KIND_FIELDS[ev.kind])
        run.provisions.update(RULES[expiry_regime]["expiry"])
        # The debtor's agreement after expiry may waive the defence (《诉讼时效规定》第19条; 2008年第22条).
        run.provisions.update(RULES[regime]["waiver"])
        if ev.kind == "interruption":
            run.waived = True  # it may have been the debtor's agreement
            _add(run.notes, [Note("after_expiry_unspecified", facts)])
        elif kind.debtor_act:
            run.waived = True  # 第192条第2款
            _add(run.notes, [Note("after_expiry_debtor_act", facts)])
        elif ev.kind == "assignment_notice":
            _add(run.notes, [Note("after_expiry_assignment", facts)])
            if regime == "civil-code":
                run.provisions.update(ASSIGNEE_DEFENCES)
        elif ev.kind == "debit":
            _add(run.notes, [Note("after_expiry_debit", facts)])
        else:
            _add(run.notes, [Note("after_expiry_demand", facts)])
    run.period = period
    for s in run.suspensions:
        if s.effect == "suspended":
            run.provisions.update(s.provisions)
    if stop.end < period.end:
        run.long_stop = dataclasses.replace(stop, binds=True)
        _add(run.notes, _calendar_notes(stop.uncovered_years))
    else:
        _add(run.notes, period.notes)
    return run


def _reasons(run: _Run, when: _dt.date) -> tuple[list[Note], set[str]]:
    """The regime applied to each running that matters and why: reason notes and their provisions."""
    notes: list[Note] = []
    ids: set[str] = set()
    # The running period's regime is shown too when it is not the first running's.
    same = run.period.regime == run.initial.regime
    shown = [run.initial] if same else [run.initial, run.period]
    for p in shown:
        first, last = regime_span(p.regime)
        notes.append(Note("regime", {"regime": p.regime, "runs_from": p.runs_from, "in_force_from": first,
                                     "in_force_to": last, "running": "current" if shown[-1] is p and not same
                                     else "initial"}))
        ids.update(RULES[p.regime]["length"] + RULES[p.counting_regime]["counting"])
    commencement = regime_starts()["civil-general"]
    for p in run.periods:
        if p.transition == "extended":
            _add(notes, [Note("transition_extended", {"runs_from": p.runs_from, "two_year_end": p.two_year_end,
                                                       "end": p.end, "commencement": commencement,
                                                       "from_years": p.readings[0].value, "years": p.years})])
            ids.update(TRANSITION_EXTENDED + RULES["civil-general"]["counting"]
                       + RULES["civil-principles"]["counting"])  # the two-year end decided it
    final = run.period
    if final.transition == "expired" and when >= commencement:
        _add(notes, [Note("transition_expired", {"runs_from": final.runs_from, "end": final.end,
                                                  "commencement": commencement, "years": final.years,
                                                  "later_years": int(params.get(PERIOD_PARAMETER,
                                                                                on=commencement))})])
        ids.update(TRANSITION_EXPIRED + RULES["civil-principles"]["counting"])
    if final.continues_under_civil_code:
        _add(notes, [Note("continues_under_civil_code", {"runs_from": final.runs_from, "end": final.end,
                                                          "regime": final.regime,
                                                          "commencement": regime_starts()["civil-code"]})])
        ids.update(CONTINUATION)
    if run.long_stop is not None and run.long_stop.binds:
        s = run.long_stop
        _add(notes, [Note("long_stop_binds", {"runs_from": s.runs_from, "end": s.end, "ordinary_end": final.end,
                                               "years": s.years, "assumed": s.assumed})])
        ids.update(RULES[s.regime]["long_stop"])
        if s.runs_from < regime_starts()["civil-code"] <= s.end:
            ids.update(CONTINUATION + RULES["civil-code"]["long_stop"])
    return notes, ids


def limitation(
    last_due,
    interruptions=(),
    *,
    as_of=None,
    acceleration=None,
    suspensions=(),
    long_stop_from=None,
) -> LimitationResult:
    """The limitation period of an instalment loan (see the module docstring for scope).

    ``last_due``: due date of the last instalment. ``interruptions``: dates
    (kind ``"interruption"``), ``(date, kind)`` pairs or :class:`Interruption`
    objects, kind one of :data:`KINDS` (``"assignment_notice"``: the day a notice
    of assignment reached the debtor; ``"debit"``: the day a financial
    institution debited the debtor's account). ``suspensions``: obstacles as
    ``(start, end)``, ``"START:END"`` or :class:`Suspension`. ``long_stop_from``:
    the day the right was harmed, for the twenty-year long stop (default: the
    day the ordinary period first runs from). ``as_of``: the date on which
    ``expired`` is judged (default: the book's as-of date, with a warning); no
    event may be later than it. ``acceleration``: the date the lender declared
    the whole loan due, if any.
    """
    within = dates()
    due = parse_date(last_due, "last_due", within)
    events = _normalise(interruptions)
    obstacles = sorted((parse_suspension(s) for s in check_count(suspensions, "suspension", MAX_SUSPENSIONS)),
                       key=lambda s: (s.start, s.end))
    as_of_given = as_of is not None
    # The book's as-of date only as the default day of judgement (what the reader
    # asks about); it sets no figure: every parameter is read on its own date.
    when = parse_date(as_of, "as_of", within) if as_of_given else params.as_of()
    accel = parse_date(acceleration, "acceleration", within) if acceleration is not None else None
    stop_start = parse_date(long_stop_from, "long_stop_from", within) if long_stop_from is not None else None

    for ev in events:
        if ev.date > when:
            raise InputError(
                KIND_FIELDS[ev.kind],
                f"{ev.date.isoformat()} 晚于计算基准日 {when.isoformat()}。基准日之后的事件无法计入；"
                "如要假设将来的事件，请把基准日（--as-of）设在它之后。",
                f"{ev.date.isoformat()} is after the as-of date {when.isoformat()}",
            )
    for ob in obstacles:
        if ob.end > when:
            raise InputError(
                "suspension",
                f"障碍的结束日 {ob.end.isoformat()} 晚于计算基准日 {when.isoformat()}。障碍尚未消除时，"
                "中止后的届满日还无法确定；请在障碍消除后再计算，或把基准日（--as-of）设在结束日之后。",
                f"the obstacle's end {ob.end.isoformat()} is after the as-of date {when.isoformat()}",
            )
    if accel is not None and accel > when:
        raise InputError(
            "acceleration",
            f"提前到期日 {accel.isoformat()} 晚于计算基准日 {when.isoformat()}。",
            f"acceleration date {accel.isoformat()} is after the as-of date {when.isoformat()}",
        )
    if stop_start is not None and stop_start > due:
        raise InputError(
            "long_stop_from",
            f"权利受到损害之日 {stop_start.isoformat()} 晚于最后一期到期日 {due.isoformat()}。"
            "分期债务最迟在最后一期到期时已经受到损害。",
            f"the long stop's start {stop_start.isoformat()} is after the last due date {due.isoformat()}",
        )

    notes: list[Note] = []
    runs_from = due
    use_accel = accel is not None and accel < due
    if accel is not None and not use_accel:
        notes.append(Note("acceleration_ignored", {"acceleration": accel, "last_due": due}))
    if use_accel:
        runs_from = accel

    run = _run(runs_from, events, obstacles, "acceleration" if use_accel else "last_due", stop_start)
    _add(notes, run.notes)
    if any(s.effect == "suspended" for s in run.suspensions):
        _add(notes, [Note("suspension_obstacle", {})])
    if any(p.regime == "civil-principles" for p in run.periods):
        _add(notes, [Note("civil_principles_corresponding_date", {})])
    readings = list(run.readings)

    alt_end = None
    if use_accel:
        alt = _run(due, events, obstacles, "last_due", stop_start)
        alt_end = alt.long_stop.end if alt.long_stop.binds else alt.period.end
        _add(notes, [Note("acceleration_unsettled",
                          {"acceleration": accel, "last_due": due, "end_if_disregarded": alt_end})])
        _add(notes, alt.period.notes)
        _add(readings, alt.readings)

    reasons, reason_ids = _reasons(run, when)
    long_stop = run.long_stop
    if long_stop.binds:
        readings.append(long_stop.parameter)
        if long_stop.assumed:
            _add(notes, [Note("long_stop_start_assumed", {"runs_from": long_stop.runs_from})])
        _add(notes, [Note("long_stop_extension", {"end": long_stop.end})])

    if not as_of_given:
        notes.append(Note("as_of_not_given", {"as_of": when}))
    if when <= run.initial.runs_from:
        notes.append(Note("not_started", {"as_of": when, "first_day": run.initial.first_day}))

    result_end = long_stop.end if long_stop.binds else run.period.end
    expired = when > result_end
    initial = run.initial
    ids = set(RULES[initial.regime]["length"] + RULES[initial.regime]["instalment"]
              + RULES[initial.counting_regime]["counting"]) | run.provisions | reason_ids
    if expired and not long_stop.binds:
        # The consequence of expiry under the regime in force on the period's last day.
        ids.update(RULES[regime_on(result_end)]["expiry"])
    provisions = tuple(p for p in _ORDER if p in ids)
    for p in provisions:
        law.provision(p)  # every id cited must exist in data/provisions.yaml

    return LimitationResult(
        last_due=due,
        acceleration=accel,
        period=run.period,
        initial=initial,
        running_from=run.running_from,
        interruptions=tuple(run.effects),
        as_of=when,
        as_of_given=as_of_given,
        expired=expired,
        defence_possibly_waived=run.waived,
        end_if_acceleration_disregarded=alt_end,
        warnings=tuple(notes),
        provisions=provisions,
        parameters=tuple(readings),
        suspensions=tuple(run.suspensions),
        long_stop=long_stop,
        reasons=tuple(reasons),
    )
