"""Penalty interest (罚息 / 逾期利息) on overdue instalments, with partial payments.

Scope
-----
The arithmetic of a penalty the *contract* sets (a daily rate, or an annual
rate with a 360- or 365-day year) on overdue instalments of a consumer loan.
Whether a court would support that rate is a separate question: see
:mod:`overdue.caps`. The engine applies whatever rate it is given.

Rules applied (each one is a documented choice; :meth:`PenaltyResult.rules` reports them as codes)
--------------------------------------------------------------------------------------------------
* **Start of accrual.** Penalty on an instalment starts the day after its due
  date (《民法典》第201条: the first day of a period counted in days is not
  counted) and runs through the as-of date inclusive.
* **Payment days.** A payment day accrues on the balance *before* the payment;
  the payment reduces the base from the next day.
* **Allocation of a partial payment.** ``order="561"`` (default): costs of
  enforcing the claim, then penalty interest, then principal (《民法典》第561条,
  which applies "除当事人另有约定外"). ``order="principal-first"``: the
  contract's agreed order principal → penalty → costs, allowed by the same
  article's "另有约定". :func:`compare_orders` shows the difference.
* **Several overdue instalments.** ``across="oldest-first"`` (default): a
  payment settles the oldest instalment due (in the chosen order) before it
  touches the next one. This is the engine's documented default and the way
  consumer-loan platforms apply repayments to the earliest bill; it matches
  the "按照债务到期的先后顺序履行" fallback for several debts in the Civil Code's
  article on which of several debts a payment discharges, which is not yet in
  ``data/provisions.yaml`` and so is not cited here. ``across="by-kind"``
  applies the order to the loan as one debt (all costs, then all penalty of
  every instalment, then all principal, oldest first within each kind).
* **No compounding.** Penalty never bears penalty; no compounding option is
  offered.
* **Overpayment.** A payment larger than everything due is kept as a credit
  and applied, in the same order, when the next instalment or cost falls due
  (so a prepaid instalment never accrues penalty). Unapplied credit is shown.
* **Grace days.** ``grace_mode="retroactive"`` (default; the common reading
  in consumer lending, "宽限期内还清不算逾期"): penalty for the grace days is
  computed but held back; if the instalment's principal is fully paid by the
  last grace day, it is waived; if not, it becomes payable at the end of the
  grace period, so that accrual effectively runs from the day after the due
  date, on the balance actually outstanding each day. ``grace_mode="deferred"``:
  no penalty accrues for the grace days at all; accrual starts the day after
  the grace period. With ``grace_days=0`` the two are the same.
* **Exactness.** All sums are exact :class:`~decimal.Decimal` arithmetic (an
  annual rate is turned into a daily rate to 100 significant digits). Amounts
  are rounded half up to 0.01 yuan only in ``to_dict()`` and in the
  presentation layer; rounded ledger rows may therefore differ from the rounded
  total by 0.01.
* **Work.** The ledger has one row per interval between events; each
  instalment's penalty is booked only when something about that instalment
  changes (see "State and events" below), so a computation costs about the
  number of events, whatever the number of days. :class:`PenaltyRun` advances the
  same ledger through time (the repayment planner uses it).
* **Domain.** Dates from 2013-01-01 to ten years after the book's as-of date,
  amounts above 0 up to ¥1 trillion in whole fen, rates with at most 12 decimal
  places, at most 360 instalments, 1,000 payments, 100 costs and 365 grace days
  (:mod:`overdue.kernel`, "The input domain"). Outside it: :class:`InputError`.
* **Day-count year.** An annual rate is divided by ``day_count`` (360 or 365).
  When none is given, the convention ``day_count_basis`` of
  ``data/parameters.yaml`` is read on the first day of the penalty period (the
  day after the first due date), as :mod:`overdue.lpr_interest` reads it on the
  first counted day. One year is used for the whole computation. The convention
  is the book's, not a rule of law with a start date: before its first dated
  value that value is used, and ``parameters`` records the fact
  (``before_first_value``; see :func:`overdue.kernel.default_day_count_used`).

What this module returns is figures and codes: no text for a reader. Every
Chinese word shown for a result (the ledger's labels, the notes on the rules,
the order names) is in :mod:`overdue.present.penalty`.

The instalment ``amount`` is the base that bears penalty: the overdue part as
the contract defines it (for 分期乐 bills, usually the instalment's principal
plus its fee). In the terms of article 561 it is the "主债务".
"""

from __future__ import annotations

import bisect
import datetime as _dt
from dataclasses import dataclass, field
from decimal import Decimal, localcontext

from .errors import InputError
from .kernel import (
    MAX_COSTS,
    MAX_GRACE_DAYS,
    MAX_INSTALLMENTS,
    MAX_PAYMENTS,
    PRECISION,
    ZERO,
    check_count,
    check_rate_places,
    default_day_count_used,
    loan_dates,
    parse_choice,
    parse_dated,
    parse_day_count,
    parse_decimal,
    parse_int,
    parse_loan_date,
    q2,
)

ORDERS = ("561", "principal-first")
ACROSS = ("oldest-first", "by-kind")
GRACE_MODES = ("retroactive", "deferred")


# --- Inputs -------------------------------------------------------------------


@dataclass(frozen=True)
class Installment:
    due: _dt.date
    amount: Decimal


@dataclass(frozen=True)
class Payment:
    date: _dt.date
    amount: Decimal


@dataclass(frozen=True)
class Cost:
    """A cost of enforcing the claim (实现债权的有关费用), owed from ``date``."""

    date: _dt.date
    amount: Decimal


def daily_rate_from(daily_rate=None, annual_rate=None, day_count=None, *, on: _dt.date) -> tuple:
    """(daily rate, annual rate or None, day_count or None), checked.

    ``on`` is the date on which the default day-count convention is read when an
    annual rate comes without ``day_count``: the first day of the period the
    rate applies to (see the module docstring). :func:`rate_terms` also returns
    the record of that reading.
    """
    rate, annual, year, _ = rate_terms(daily_rate, annual_rate, day_count, on=on)
    return rate, annual, year


def rate_terms(daily_rate=None, annual_rate=None, day_count=None, *, on: _dt.date) -> tuple:
    """(daily rate, annual rate or None, day_count or None, parameters used).

    ``parameters`` is ``()`` or the one record of ``day_count_basis`` read on
    ``on`` (:func:`overdue.kernel.default_day_count_used`).
    """
    if (daily_rate is None) == (annual_rate is None):
        raise InputError(
            "daily_rate",
            "请给出日利率（daily_rate）或年利率（annual_rate）二者之一。",
            "give exactly one of daily_rate or annual_rate",
        )
    if daily_rate is not None:
        if day_count is not None:
            raise InputError(
                "day_count",
                "给出日利率时不需要一年的天数；只有给出年利率时才用 day_count 折算。",
                "day_count is only used with annual_rate",
            )
        rate = parse_decimal(daily_rate, "daily_rate")
        if rate < 0 or rate >= 1:
            raise InputError(
                "daily_rate",
                f"日利率必须不小于 0 且小于 1（100%），收到的是 {rate}。"
                "日利率万分之五应写成 0.0005。",
                f"daily rate must be ≥ 0 and < 1, got {rate}; 0.05% a day is 0.0005",
            )
        check_rate_places(rate, "daily_rate")
        return rate, None, None, ()
    annual = parse_decimal(annual_rate, "annual_rate")
    used: tuple = ()
    if day_count is not None:
        year = parse_day_count(day_count, "day_count")
    else:  # the convention on ``on``, the first day of the period the rate applies to
        year, record = default_day_count_used(on)
        used = (record,)
    if annual < 0 or annual >= year:
        raise InputError(
            "annual_rate",
            f"年利率必须不小于 0，且折算的日利率必须小于 1，收到的是 {annual}。"
            "年利率 18% 应写成 0.18。",
            f"annual rate must be ≥ 0 with a daily rate below 1, got {annual}; 18% is 0.18",
        )
    check_rate_places(annual, "annual_rate")
    with localcontext(prec=PRECISION):
        return annual / year, annual, year, used


# --- Ledger -------------------------------------------------------------------


@dataclass(frozen=True)
class LedgerRow:
    """One line of the ledger.

    ``kind`` is ``accrual`` (an interval ``start``..``end`` inclusive of both,
    ``days`` long, on ``base`` at daily ``rate``; ``accrued`` of which
    ``in_grace`` is held back during a grace period), ``due`` (an instalment
    falls due), ``cost``, ``payment``, ``credit`` (earlier overpayment applied)
    or ``grace-end``. ``allocation`` lists ``(instalment number or None,
    component, amount)`` with component ``costs``, ``penalty`` or ``principal``.
    ``outcome`` is set on a ``grace-end`` row: ``held-payable`` (not repaid by
    the last grace day, the penalty held back becomes payable) or
    ``held-waived`` (repaid within the grace period, it is waived).
    """

    kind: str
    start: _dt.date
    end: _dt.date
    days: int = 0
    base: Decimal = ZERO
    rate: Decimal = ZERO
    accrued: Decimal = ZERO
    in_grace: Decimal = ZERO
    payment: Decimal = ZERO
    allocation: tuple = ()
    to_credit: Decimal = ZERO
    installments: tuple = ()  # numbers of the instalments concerned
    outcome: str = ""

    def to_dict(self) -> dict:
        return {
            "kind": self.kind,
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
            "days": self.days,
            "base": q2(self.base),
            "rate": self.rate,
            "accrued": q2(self.accrued),
            "in_grace": q2(self.in_grace),
            "payment": q2(self.payment),
            "allocation": [
                {"installment": no, "component": comp, "amount": q2(amt)}
                for no, comp, amt in self.allocation
            ],
            "to_credit": q2(self.to_credit),
            "installments": list(self.installments),
            "outcome": self.outcome,
        }


class Ledger(tuple):
    """The rows of a computation, oldest first."""

    def to_list(self) -> list[dict]:
        return [row.to_dict() for row in self]


# --- State and events of the interval engine -----------------------------------
#
# The engine walks from event to event (dues, costs, payments, grace ends, the as-of
# date): between two events nothing changes, so each interval is one ledger row. An
# instalment's own penalty is split even less: it is booked (``_State.sync``) only
# when something about that instalment changes or is read (it falls due, a payment
# reaches its penalty or its principal, its grace period ends, the computation ends).
# Between two such moments its base is constant and its penalty over the days between
# is one product ``principal × daily rate × days``. The rows' bases and amounts come
# from running sums of the accruing bases. The work is therefore proportional to the
# number of events plus the instalments each payment reaches, not to events ×
# instalments. The figures are those of a day-by-day count (the reference below):
# the tests require exact equality with it for rates in finite decimals.


class _State:
    """The position of every instalment (lists indexed like ``installments``)."""

    def __init__(self, installments, grace_days, grace_mode, rate):
        n = len(installments)
        self.inst = installments
        self.grace_days = grace_days
        self.grace_mode = grace_mode
        self.rate = rate
        self.principal = [i.amount for i in installments]
        self.payable = [False] * n
        self.grace_over = [grace_days == 0] * n
        self.owed = [ZERO] * n  # payable, unpaid penalty
        self.pending = [ZERO] * n  # penalty of the grace days, not yet payable
        self.accrued = [ZERO] * n  # penalty that became payable (total)
        self.waived = [ZERO] * n
        self.paid_penalty = [ZERO] * n
        self.paid_principal = [ZERO] * n
        self.costs_total = ZERO
        self.costs_out = ZERO
        self.credit = ZERO
        # Lazy accrual: how each instalment accrues now (None, "owed" or "grace"), the day
        # through which its penalty is booked, and its base and daily penalty while it accrues.
        self.mode: list = [None] * n
        self.since: list = [None] * n
        self.in_base = [ZERO] * n
        self.per_day = [ZERO] * n
        self.base = {"owed": ZERO, "grace": ZERO}  # running sums over the accruing instalments
        self.per_day_sum = {"owed": ZERO, "grace": ZERO}
        self.accruing: list = []  # the numbers (from 1) of the accruing instalments, ascending
        self._numbers: tuple | None = ()
        self.n_due = 0  # instalments 0 .. n_due − 1 have fallen due (they are sorted by due date)
        self.first_open = 0  # every instalment before it is settled for good
        # Running totals (what the repayment planner reads after each payment).
        self.principal_sum = sum(self.principal, ZERO)
        self.penalty_sum = ZERO
        self.paid_penalty_sum = ZERO

    def mode_of(self, i: int) -> str | None:
        """``"owed"``, ``"grace"`` or None: how instalment ``i`` accrues from now on."""
        if not self.payable[i] or self.principal[i] <= 0:
            return None
        if self.grace_over[i]:
            return "owed"
        return "grace" if self.grace_mode == "retroactive" else None

    def sync(self, i: int, day: _dt.date) -> None:
        """Book instalment ``i``'s penalty through ``day`` (its base has not changed since)."""
        mode = self.mode[i]
        if mode is not None:
            days = (day - self.since[i]).days
            if days:
                amount = self.per_day[i] * days
                if mode == "owed":
                    self.owed[i] += amount
                    self.accrued[i] += amount
                else:
                    self.pending[i] += amount
        self.since[i] = day

    def restatus(self, i: int) -> None:
        """After a change to instalment ``i`` (synced first): its new mode, base and daily penalty."""
        old, new = self.mode[i], self.mode_of(i)
        if old is not None:
            self.base[old] -= self.in_base[i]
            self.per_day_sum[old] -= self.per_day[i]
            del self.accruing[bisect.bisect_left(self.accruing, i + 1)]
        if new is not None:
            self.in_base[i] = self.principal[i]
            self.per_day[i] = self.principal[i] * self.rate
            self.base[new] += self.in_base[i]
            self.per_day_sum[new] += self.per_day[i]
            bisect.insort(self.accruing, i + 1)
        if not self.accruing:  # no drift of the running sums once nothing accrues
            self.base = {"owed": ZERO, "grace": ZERO}
            self.per_day_sum = {"owed": ZERO, "grace": ZERO}
        self.mode[i] = new
        if old != new:
            self._numbers = None

    def copy(self) -> "_State":
        """An independent copy (lists and dicts copied; instalments and numbers are immutable)."""
        other = _State.__new__(_State)
        other.__dict__ = {k: v.copy() if isinstance(v, (list, dict)) else v for k, v in self.__dict__.items()}
        return other

    def numbers(self) -> tuple:
        """The numbers (from 1) of the instalments accruing now."""
        if self._numbers is None:
            self._numbers = tuple(self.accruing)
        return self._numbers

    def accrue(self, first: _dt.date, day: _dt.date, rows: list) -> None:
        """The ledger row of the days ``first`` .. ``day`` (no event between them)."""
        if not self.accruing:
            return
        days = (day - first).days + 1
        owed = self.per_day_sum["owed"] * days
        held = self.per_day_sum["grace"] * days
        self.penalty_sum += owed
        rows.append(LedgerRow("accrual", first, day, days=days, base=self.base["owed"] + self.base["grace"],
                              rate=self.rate, accrued=owed + held, in_grace=held,
                              installments=self.numbers()))

    def sync_all(self, day: _dt.date) -> None:
        for i in range(len(self.inst)):
            self.sync(i, day)

    def close_settled(self) -> None:
        """Move ``first_open`` past the instalments that owe nothing (they never owe again:
        nothing accrues on a paid principal, and held grace penalty is then waived)."""
        while (self.first_open < self.n_due and self.principal[self.first_open] <= 0
               and self.owed[self.first_open] <= 0):
            self.first_open += 1


def _targets(state: _State, order: str, across: str):
    """Where a payment goes, first to last: (component, instalment index or None)."""
    first, second = ("penalty", "principal") if order == "561" else ("principal", "penalty")
    due = range(state.first_open, state.n_due)
    if order == "561":
        yield "costs", None
    if across == "oldest-first":
        for i in due:
            yield first, i
            yield second, i
    else:
        for i in due:
            yield first, i
        for i in due:
            yield second, i
    if order != "561":
        yield "costs", None


def _allocate(state: _State, amount: Decimal, order: str, across: str, day: _dt.date):
    """Apply ``amount`` on ``day``; returns (allocation tuple, unapplied remainder)."""
    parts = []
    left = amount
    for kind, i in _targets(state, order, across):
        if left <= 0:
            break
        if kind == "costs":
            owing = state.costs_out
        elif kind == "penalty":
            state.sync(i, day)
            owing = state.owed[i]
        else:
            owing = state.principal[i]
        if owing <= 0:
            continue
        pay = min(left, owing)
        left -= pay
        if kind == "costs":
            state.costs_out -= pay
        elif kind == "penalty":
            state.owed[i] -= pay
            state.paid_penalty[i] += pay
            state.paid_penalty_sum += pay
        else:
            state.sync(i, day)
            state.principal[i] -= pay
            state.paid_principal[i] += pay
            state.principal_sum -= pay
            state.restatus(i)
        parts.append((None if i is None else i + 1, kind, pay))
    state.close_settled()
    return tuple(parts), left


def _events(installments, payments, costs, grace_days):
    """date → dict of the events of that day (dues and grace ends of every instalment)."""
    ev: dict = {}

    def slot(day):
        return ev.setdefault(day, {"due": [], "cost": [], "payment": [], "grace_end": []})

    for i, inst in enumerate(installments):
        slot(inst.due)["due"].append(i)
        if grace_days:
            slot(inst.due + _dt.timedelta(days=grace_days))["grace_end"].append(i)
    for c in costs:
        slot(c.date)["cost"].append(c.amount)
    for p in payments:
        slot(p.date)["payment"].append(p.amount)
    return ev


_NO_EVENT = {"due": (), "cost": (), "payment": (), "grace_end": ()}


def _process_day(state: _State, day: _dt.date, e: dict, order, across, rows):
    """The events of one day, in a fixed order: dues, costs, credit, payments, grace ends;
    each appends its ledger row to ``rows``."""
    for i in e["due"]:
        state.sync(i, day)
        state.payable[i] = True
        state.n_due = max(state.n_due, i + 1)
        state.restatus(i)
        rows.append(LedgerRow("due", day, day, installments=(i + 1,), base=state.inst[i].amount))
    for amount in e["cost"]:
        state.costs_total += amount
        state.costs_out += amount
        rows.append(LedgerRow("cost", day, day, base=amount))
    if state.credit > 0 and (e["due"] or e["cost"]):
        credit = state.credit
        parts, left = _allocate(state, credit, order, across, day)
        state.credit = left
        if parts:
            rows.append(LedgerRow("credit", day, day, payment=credit - left, allocation=parts, to_credit=left))
    for amount in e["payment"]:
        parts, left = _allocate(state, amount, order, across, day)
        state.credit += left
        rows.append(LedgerRow("payment", day, day, payment=amount, allocation=parts, to_credit=left))
    for i in e["grace_end"]:
        state.sync(i, day)
        state.grace_over[i] = True
        held = state.pending[i]
        state.pending[i] = ZERO
        if state.principal[i] > 0:
            state.owed[i] += held
            state.accrued[i] += held
            state.penalty_sum += held
            outcome = "held-payable"
        else:
            state.waived[i] += held
            outcome = "held-waived"
        state.restatus(i)
        if held:
            rows.append(LedgerRow("grace-end", day, day, accrued=held, installments=(i + 1,), outcome=outcome))
    state.close_settled()


# --- Result -------------------------------------------------------------------


@dataclass
class PenaltyResult:
    installments: tuple
    payments: tuple
    costs: tuple
    as_of: _dt.date
    daily_rate: Decimal
    annual_rate: Decimal | None
    day_count: int | None
    grace_days: int
    grace_mode: str
    order: str
    across: str
    ledger: Ledger
    state: _State = field(repr=False)
    parameters: tuple = ()  # dated parameters read (the default day-count year, if used)

    @property
    def totals(self) -> dict:
        """Exact (unrounded) totals, summed to the engine's precision."""
        with localcontext(prec=PRECISION):
            return self._totals()

    def _totals(self) -> dict:
        s = self.state
        due_idx = [i for i, inst in enumerate(self.installments) if inst.due <= self.as_of]
        later = [i for i, inst in enumerate(self.installments) if inst.due > self.as_of]
        outstanding = sum((s.principal[i] for i in due_idx), ZERO)
        unpaid_penalty = sum(s.owed, ZERO)
        return {
            "penalty": sum(s.accrued, ZERO),
            "paid_penalty": sum(s.paid_penalty, ZERO),
            "unpaid_penalty": unpaid_penalty,
            "pending_penalty": sum(s.pending, ZERO),
            "waived_penalty": sum(s.waived, ZERO),
            "paid_principal": sum(s.paid_principal, ZERO),
            "outstanding_principal": outstanding,
            "not_yet_due_principal": sum((s.principal[i] for i in later), ZERO),
            "costs": s.costs_total,
            "unpaid_costs": s.costs_out,
            "credit": s.credit,
            "total_due": outstanding + unpaid_penalty + s.costs_out,
        }

    @property
    def overdue_days(self) -> int:
        """Days past due (as_of − due date) of the oldest instalment still owing anything."""
        s = self.state
        for i, inst in enumerate(self.installments):
            if inst.due <= self.as_of and (s.principal[i] > 0 or s.owed[i] > 0):
                return (self.as_of - inst.due).days
        return 0

    def by_installment(self) -> list[dict]:
        s = self.state
        out = []
        for i, inst in enumerate(self.installments):
            out.append(
                {
                    "installment": i + 1,
                    "due": inst.due.isoformat(),
                    "amount": q2(inst.amount),
                    "penalty": q2(s.accrued[i]),
                    "paid_penalty": q2(s.paid_penalty[i]),
                    "unpaid_penalty": q2(s.owed[i]),
                    "pending_penalty": q2(s.pending[i]),
                    "waived_penalty": q2(s.waived[i]),
                    "paid_principal": q2(s.paid_principal[i]),
                    "outstanding_principal": q2(s.principal[i]),
                }
            )
        return out

    def to_dict(self, *, ledger: bool = False) -> dict:
        t = {k: q2(v) for k, v in self.totals.items()}
        out = {
            "as_of": self.as_of.isoformat(),
            "overdue_days": self.overdue_days,
            "penalty": t["penalty"],
            "unpaid_penalty": t["unpaid_penalty"],
            "outstanding_principal": t["outstanding_principal"],
            "total_due": t["total_due"],
            **{k: v for k, v in t.items() if k not in ("penalty", "unpaid_penalty",
                                                       "outstanding_principal", "total_due")},
            "daily_rate": self.daily_rate,
            "annual_rate": self.annual_rate,
            "day_count": self.day_count,
            "order": self.order,
            "across": self.across,
            "grace_days": self.grace_days,
            "grace_mode": self.grace_mode,
            "installments": self.by_installment(),
            "provisions": ["civil-code-201", "civil-code-561", "civil-code-676"],
            "rules": self.rules(),
            "parameters": [dict(p) for p in self.parameters],
        }
        if ledger:
            out["ledger"] = self.ledger.to_list()
        return out

    def rules(self) -> list[dict]:
        """The rules this computation applied, as codes with their values (in the
        order a reader needs them; :func:`overdue.present.penalty.notes_zh` words them).

        * ``accrual-from-next-day``: from the day after each due date through the
          as-of date inclusive (civil-code-201);
        * ``payment-day-on-old-balance``: a payment reduces the base from the next day;
        * ``allocation``: ``order`` and ``across`` of partial payments (civil-code-561);
        * ``no-compounding``: penalty bears no penalty; exact sums, rounded for display only;
        * ``grace``: ``days`` and ``mode`` (only with grace days);
        * ``daily-rate-from-annual``: daily rate = annual rate ÷ ``day_count`` (only
          for an annual rate).
        """
        out = [
            {"code": "accrual-from-next-day", "provisions": ["civil-code-201"]},
            {"code": "payment-day-on-old-balance"},
            {"code": "allocation", "order": self.order, "across": self.across,
             "provisions": ["civil-code-561"]},
            {"code": "no-compounding"},
        ]
        if self.grace_days:
            out.append({"code": "grace", "days": self.grace_days, "mode": self.grace_mode})
        if self.day_count:
            out.append({"code": "daily-rate-from-annual", "day_count": self.day_count})
        return out


# --- Engines ------------------------------------------------------------------


def _prepare(installments, payments, costs, daily_rate, annual_rate, day_count, as_of,
             grace_days, grace_mode, order, across):
    # Every date in the domain of a loan's dates, every amount in whole fen up to the
    # ceiling, at most MAX_INSTALLMENTS / MAX_PAYMENTS / MAX_COSTS items (overdue.kernel).
    dates = loan_dates()
    as_of = parse_loan_date(as_of, "as_of")
    insts = [parse_dated(x, "installment", "due", dates)
             for x in check_count(installments, "installment", MAX_INSTALLMENTS)]
    if not insts:
        raise InputError("installment", "至少需要一期分期（到期日:金额）。", "at least one instalment is required")
    # Oldest first; instalments falling due on the same day keep the given order.
    insts = tuple(Installment(d, a) for d, a in sorted(insts, key=lambda x: x[0]))
    pays = tuple(Payment(d, a) for d, a in (
        parse_dated(x, "payment", "date", dates)
        for x in check_count(payments, "payment", MAX_PAYMENTS)))
    fees = tuple(Cost(d, a) for d, a in (
        parse_dated(x, "cost", "date", dates) for x in check_count(costs, "cost", MAX_COSTS)))
    first_due = insts[0].due
    if as_of < first_due:
        raise InputError(
            "as_of",
            f"计算日期 {as_of.isoformat()} 早于第一期到期日 {first_due.isoformat()}，此时还没有逾期。"
            "请把计算日期设为到期日当天或之后。",
            f"as-of date {as_of.isoformat()} is before the first due date {first_due.isoformat()}",
        )
    for name, items in (("payment", pays), ("cost", fees)):
        for item in items:
            if item.date > as_of:
                what = "还款" if name == "payment" else "费用"
                raise InputError(
                    name,
                    f"{what}日期 {item.date.isoformat()} 晚于计算日期 {as_of.isoformat()}。"
                    f"只计算到计算日期为止：请删除这笔{what}，或把计算日期后移。",
                    f"{name} date {item.date.isoformat()} is after the as-of date {as_of.isoformat()}",
                )
    # The default day-count year is read on the first day of the penalty period.
    rate, annual, year, used = rate_terms(daily_rate, annual_rate, day_count, on=_period_start(insts))
    grace = parse_int(grace_days, "grace_days", minimum=0, maximum=MAX_GRACE_DAYS)
    return dict(
        installments=insts,
        payments=tuple(sorted(pays, key=lambda p: p.date)),
        costs=tuple(sorted(fees, key=lambda c: c.date)),
        as_of=as_of,
        daily_rate=rate,
        annual_rate=annual,
        day_count=year,
        parameters=used,
        grace_days=grace,
        grace_mode=parse_choice(grace_mode, GRACE_MODES, "grace_mode", "宽限期计算方式"),
        order=parse_choice(order, ORDERS, "order", "还款分配顺序"),
        across=parse_choice(across, ACROSS, "across", "多期之间的分配方式"),
    )


def _period_start(installments) -> _dt.date:
    """The first day penalty can accrue: the day after the first due date (civil-code-201)."""
    return installments[0].due + _dt.timedelta(days=1)


class PenaltyRun:
    """The interval engine, advanced through time on one ledger.

    ``PenaltyRun(prepared)`` starts before the first event; :meth:`advance` processes
    every event through a day (the day then ends an accrual interval, as an as-of
    date does); :meth:`pay` adds a payment on the day reached, after that day's
    events; :meth:`result` is the :class:`PenaltyResult` as of the day reached,
    exactly what :func:`compute_penalty` returns for the same payments and as-of
    date. :func:`compute_penalty` is one ``advance`` to the as-of date; the
    repayment planner (:mod:`overdue.planning`) advances month by month and pays,
    instead of recomputing from the first due date every month.

    Inputs come from :func:`_prepare` (read and checked once). :meth:`pay` requires
    ``grace_days == 0`` (in a full run a payment precedes the day's grace ends).
    """

    def __init__(self, prepared: dict):
        self.p = dict(prepared)
        self.state = _State(self.p["installments"], self.p["grace_days"], self.p["grace_mode"],
                            self.p["daily_rate"])
        self.rows: list = []
        self.payments = list(self.p["payments"])
        self.day: _dt.date | None = None  # the last day processed
        self._events = _events(self.p["installments"], self.p["payments"], self.p["costs"],
                               self.p["grace_days"])
        self._days = sorted(self._events)
        self._next = 0

    def copy(self) -> "PenaltyRun":
        """An independent run at the same point (the planner advances one copy per monthly amount)."""
        other = PenaltyRun.__new__(PenaltyRun)
        other.__dict__.update(self.__dict__)
        other.state = self.state.copy()
        other.rows = list(self.rows)
        other.payments = list(self.payments)
        return other

    def _step(self, day: _dt.date, events: dict) -> None:
        if self.day is not None and day > self.day:
            self.state.accrue(self.day + _dt.timedelta(days=1), day, self.rows)
        _process_day(self.state, day, events, self.p["order"], self.p["across"], self.rows)
        self.day = day

    def advance(self, day: _dt.date) -> None:
        """Process every event on or before ``day``, and the accrual through ``day``."""
        if self.day is not None and day < self.day:
            raise ValueError(f"cannot go back from {self.day} to {day}")
        with localcontext(prec=PRECISION):
            while self._next < len(self._days) and self._days[self._next] <= day:
                self._step(self._days[self._next], self._events[self._days[self._next]])
                self._next += 1
            if self.day != day:
                self._step(day, _NO_EVENT)

    def pay(self, amount: Decimal) -> LedgerRow:
        """A payment of ``amount`` on the day reached, after that day's events; its ledger row."""
        if self.p["grace_days"]:
            raise ValueError("PenaltyRun.pay needs grace_days == 0")
        with localcontext(prec=PRECISION):
            parts, left = _allocate(self.state, amount, self.p["order"], self.p["across"], self.day)
            self.state.credit += left
        row = LedgerRow("payment", self.day, self.day, payment=amount, allocation=parts, to_credit=left)
        self.rows.append(row)
        self.payments.append(Payment(self.day, amount))
        return row

    # Running totals on the day reached (exact, as the ledger rows sum them).
    def penalty(self) -> Decimal:
        """All penalty that became payable so far."""
        return self.state.penalty_sum

    def unpaid_penalty(self) -> Decimal:
        with localcontext(prec=PRECISION):
            return self.state.penalty_sum - self.state.paid_penalty_sum

    def principal(self) -> Decimal:
        """Principal still owed, due or not."""
        return self.state.principal_sum

    def remaining(self) -> Decimal:
        """Everything still owed, due or not, less credit (:func:`overdue.planning.remaining`)."""
        s = self.state
        with localcontext(prec=PRECISION):
            return s.principal_sum + (s.penalty_sum - s.paid_penalty_sum) + s.costs_out - s.credit

    def result(self) -> PenaltyResult:
        """The computation as of the day reached. The result shares this run's state:
        ask for it when the run is over."""
        with localcontext(prec=PRECISION):
            self.state.sync_all(self.day)
        p = dict(self.p, as_of=self.day, payments=tuple(self.payments))
        return PenaltyResult(ledger=Ledger(self.rows), state=self.state, **p)


def _run(p: dict) -> PenaltyResult:
    """The interval engine on prepared inputs (see :func:`compute_penalty`)."""
    run = PenaltyRun(p)
    run.advance(p["as_of"])
    return run.result()


def compute_penalty(
    installments,
    payments=(),
    *,
    daily_rate=None,
    annual_rate=None,
    day_count=None,
    as_of,
    grace_days=0,
    grace_mode: str = "retroactive",
    order: str = "561",
    across: str = "oldest-first",
    costs=(),
) -> PenaltyResult:
    """Penalty interest on overdue instalments, per interval between events.

    ``installments``, ``payments`` and ``costs`` are ``DATE:AMOUNT`` strings,
    ``(date, amount)`` pairs, dicts or :class:`Installment` / :class:`Payment`
    / :class:`Cost`. Give ``daily_rate`` (e.g. ``"0.0005"``) or
    ``annual_rate`` (a fraction) with ``day_count`` 360 or 365 (default: the
    ``day_count_basis`` convention in ``data/parameters.yaml``, read on the first
    day of the penalty period). See the module docstring for the rules. Bad
    input raises :class:`InputError`.
    """
    return _run(_prepare(installments, payments, costs, daily_rate, annual_rate, day_count, as_of,
                         grace_days, grace_mode, order, across))


def inputs_of(result: PenaltyResult) -> dict:
    """The inputs of ``result`` as already read and checked (what :class:`PenaltyRun` takes)."""
    return {name: getattr(result, name) for name in (
        "installments", "payments", "costs", "as_of", "daily_rate", "annual_rate", "day_count",
        "parameters", "grace_days", "grace_mode", "order", "across")}


def recompute(result: PenaltyResult, *, order=None, daily_rate=None, annual_rate=None,
              day_count=None) -> PenaltyResult:
    """The case of ``result`` again, with another allocation ``order`` or another rate.

    Everything else (instalments, payments, costs, as-of date, grace terms,
    ``across``) is taken from ``result`` as already read, so a second run costs
    one engine run and no parsing. A new rate is given as for
    :func:`compute_penalty`; the default day-count year is read as there.
    """
    p = inputs_of(result)
    if order is not None:
        p["order"] = parse_choice(order, ORDERS, "order", "还款分配顺序")
    if daily_rate is not None or annual_rate is not None:
        rate, annual, year, used = rate_terms(daily_rate, annual_rate, day_count,
                                              on=_period_start(p["installments"]))
        p.update(daily_rate=rate, annual_rate=annual, day_count=year, parameters=used)
    return _run(p)


_COMPARED = ("penalty", "unpaid_penalty", "outstanding_principal", "total_due", "paid_penalty",
             "paid_principal")


def orders_compared(result: PenaltyResult) -> dict:
    """``result`` and the same case under the other allocation order (one more run).

    Returns both summaries (rounded), the differences (561 minus
    principal-first, of the exact figures, then rounded) and the as-of date; a
    positive ``total_due`` difference is what the 561 order costs the borrower
    compared with the agreed principal-first order.
    """
    other = recompute(result, order="principal-first" if result.order == "561" else "561")
    a, b = (result, other) if result.order == "561" else (other, result)
    ta, tb = a.totals, b.totals
    return {
        "561": {k: q2(ta[k]) for k in _COMPARED} | {"overdue_days": a.overdue_days},
        "principal-first": {k: q2(tb[k]) for k in _COMPARED} | {"overdue_days": b.overdue_days},
        "difference": {k: q2(ta[k] - tb[k]) for k in _COMPARED},
        "as_of": a.as_of.isoformat(),
        "across": a.across,
        "provisions": ["civil-code-561"],
    }


def compare_orders(installments, payments=(), **kwargs) -> dict:
    """The same case under the 561 order and under principal-first (two runs);
    see :func:`orders_compared`. An ``order`` in ``kwargs`` is ignored."""
    kwargs.pop("order", None)
    return orders_compared(compute_penalty(installments, payments, order="561", **kwargs))


# --- Reference: a naive day-by-day implementation --------------------------------
#
# Deliberately simple and written separately from the engine above: it shares
# the input reader (_prepare) and nothing of the computation (no _State,
# _events, _allocate or _process_day). It walks the calendar one day at a time
# and applies the rules of the module docstring literally. The tests require
# the interval engine to give exactly its figures; tools/bench_engine.py times
# both. It is not used to compute anything shown to a reader.


@dataclass(frozen=True)
class ReferenceResult:
    totals: dict  # exact; the same keys as PenaltyResult.totals
    overdue_days: int


def compute_penalty_daily(
    installments,
    payments=(),
    *,
    daily_rate=None,
    annual_rate=None,
    day_count=None,
    as_of,
    grace_days=0,
    grace_mode: str = "retroactive",
    order: str = "561",
    across: str = "oldest-first",
    costs=(),
) -> ReferenceResult:
    """The naive reference: the same rules, one day at a time, independently coded."""
    p = _prepare(installments, payments, costs, daily_rate, annual_rate, day_count, as_of,
                 grace_days, grace_mode, order, across)
    insts, rate, grace = p["installments"], p["daily_rate"], p["grace_days"]
    n = len(insts)
    unpaid = [inst.amount for inst in insts]  # principal still owed, per instalment
    payable_penalty = [ZERO] * n  # penalty that is payable and not yet paid
    held_penalty = [ZERO] * n  # penalty of grace days, held back (retroactive grace)
    penalty = [ZERO] * n  # penalty that became payable, in total
    waived = [ZERO] * n
    paid_penalty = [ZERO] * n
    paid_principal = [ZERO] * n
    costs_total = costs_unpaid = credit = ZERO

    def buckets(day):
        """Where money goes on ``day``, first to last: (what, instalment index)."""
        due = [i for i in range(n) if insts[i].due <= day]
        if p["order"] == "561":  # costs, then penalty, then principal
            if p["across"] == "oldest-first":
                per = [(what, i) for i in due for what in ("penalty", "principal")]
            else:
                per = [("penalty", i) for i in due] + [("principal", i) for i in due]
            return [("costs", None)] + per
        if p["across"] == "oldest-first":  # principal-first: principal, penalty, then costs
            per = [(what, i) for i in due for what in ("principal", "penalty")]
        else:
            per = [("principal", i) for i in due] + [("penalty", i) for i in due]
        return per + [("costs", None)]

    def apply(amount, day):
        nonlocal costs_unpaid
        for what, i in buckets(day):
            if what == "costs":
                take = min(amount, costs_unpaid)
                costs_unpaid -= take
            elif what == "penalty":
                take = min(amount, payable_penalty[i])
                payable_penalty[i] -= take
                paid_penalty[i] += take
            else:
                take = min(amount, unpaid[i])
                unpaid[i] -= take
                paid_principal[i] += take
            amount -= take
        return amount  # what nothing could absorb

    first_day = min([insts[0].due] + [x.date for x in p["payments"]] + [x.date for x in p["costs"]])
    day = first_day
    with localcontext(prec=PRECISION):
        while day <= p["as_of"]:
            # 1. Today's penalty, on the balance as it stood at the end of yesterday.
            for i in range(n):
                days_late = (day - insts[i].due).days
                if days_late < 1 or unpaid[i] <= 0:
                    continue
                if grace == 0 or days_late > grace:
                    payable_penalty[i] += unpaid[i] * rate
                    penalty[i] += unpaid[i] * rate
                elif p["grace_mode"] == "retroactive":
                    held_penalty[i] += unpaid[i] * rate
            # 2. Today's events: dues (nothing to do: "due" is read from the date), costs,
            #    earlier overpayment applied when something new falls due, payments, grace ends.
            falls_due = any(inst.due == day for inst in insts)
            for c in p["costs"]:
                if c.date == day:
                    costs_total += c.amount
                    costs_unpaid += c.amount
            if credit > 0 and (falls_due or any(c.date == day for c in p["costs"])):
                credit = apply(credit, day)
            for pay in p["payments"]:
                if pay.date == day:
                    credit += apply(pay.amount, day)
            for i in range(n):
                if grace and (day - insts[i].due).days == grace:
                    if unpaid[i] > 0:
                        payable_penalty[i] += held_penalty[i]
                        penalty[i] += held_penalty[i]
                    else:
                        waived[i] += held_penalty[i]
                    held_penalty[i] = ZERO
            day += _dt.timedelta(days=1)

        as_of = p["as_of"]
        outstanding = sum((unpaid[i] for i in range(n) if insts[i].due <= as_of), ZERO)
        totals = {
            "penalty": sum(penalty, ZERO),
            "paid_penalty": sum(paid_penalty, ZERO),
            "unpaid_penalty": sum(payable_penalty, ZERO),
            "pending_penalty": sum(held_penalty, ZERO),
            "waived_penalty": sum(waived, ZERO),
            "paid_principal": sum(paid_principal, ZERO),
            "outstanding_principal": outstanding,
            "not_yet_due_principal": sum((unpaid[i] for i in range(n) if insts[i].due > as_of), ZERO),
            "costs": costs_total,
            "unpaid_costs": costs_unpaid,
            "credit": credit,
            "total_due": outstanding + sum(payable_penalty, ZERO) + costs_unpaid,
        }
    late = [i for i in range(n) if insts[i].due <= as_of and (unpaid[i] > 0 or payable_penalty[i] > 0)]
    return ReferenceResult(totals, (as_of - insts[late[0]].due).days if late else 0)
