"""Repayment planning (还款计划): how long a fixed monthly amount takes to clear overdue instalments.

Scope
-----
Given the outstanding instalments of one loan (due dates and amounts, in the
same forms as :func:`overdue.penalty_interest.compute_penalty` accepts), the penalty rate
the contract sets, the date of the first planned payment and a fixed amount
the borrower can pay each month, this module builds the month-by-month
schedule until the debt is cleared, or says that the amount never catches up,
and compares several monthly amounts.

It computes no penalty itself. Every figure comes from the penalty engine
(:class:`overdue.penalty_interest.PenaltyRun`, the engine behind
:func:`~overdue.penalty_interest.compute_penalty`): one ledger is advanced from one
planned payment date to the next and each payment is applied to it, so a plan of
600 months costs 600 steps, not 600 computations from the first due date, and
several monthly amounts start from one copy each of the same opening ledger. Each
month's figures are those of ``compute_penalty`` with the payments made so far:
the same ledger to the cent, the exact figures to far below a cent (the tests
check both). This module only chooses the payment dates and amounts and reads
the results. The conventions are therefore the penalty engine's:

* penalty accrues daily on overdue principal (the instalment ``amount``),
  from the day after each due date, never on penalty (no compounding);
* a payment day accrues on the balance before the payment;
* a partial payment goes, by default, first to penalty and then to principal
  (``order="561"``, 《民法典》第561条, "除当事人另有约定外"), oldest instalment
  first (``across="oldest-first"``); ``order="principal-first"`` and
  ``across="by-kind"`` are passed through unchanged;
* money paid beyond what is due is held as a credit and used when a later
  instalment falls due (so a plan may prepay instalments not yet due).

What a plan assumes (the codes of :attr:`Plan.conventions`)
-----------------------------------------------------------
* Payments fall on the same day of each month as the first payment; in a
  shorter month, on its last day (31 January → 28 February → 31 March). Dates
  are not moved for weekends or holidays: the plan is an agreed schedule.
* The lender accepts every payment and the contract's rate and allocation
  order do not change. In law a creditor may refuse a partial performance
  unless it does not harm the creditor's interest (《民法典》第531条), and a
  different schedule, rate or order needs the parties' agreement
  (第543条). The plan shows what happens *if* the payments are accepted on
  the contract's terms; it is not a claim that the lender must accept them.
* No costs of enforcement, no grace period and nothing waived. Payments made
  before the plan may be given (``payments``); they must be dated before the
  first planned payment.
* Every monthly payment is the chosen amount, except the last one, which is
  the exact remaining balance rounded *up* to the cent (so the debt is
  cleared; the overpayment is below 0.01 yuan and is shown).

Result status
-------------
``cleared``: the debt is paid off within ``max_months`` payments.

``never``: the amount provably never catches up. Under the 561 order (all
instalments already due, no principal reduced by the latest payment) the
next payment first meets the penalty of the principal ``B`` it is working on
(the oldest instalment still owing with ``across="oldest-first"``; all
overdue principal with ``across="by-kind"``). Consecutive payment dates are at
least 28 days apart, so at least ``B × daily rate × 28`` of new penalty is
waiting for every later payment. If the monthly amount is not more than that,
each payment is used up by penalty, ``B`` never falls, and neither does the
penalty that accrues on it: the debt is never cleared. With
``order="principal-first"`` every payment reduces principal, so any positive
amount clears the debt in the end.

``horizon``: not cleared within ``max_months`` (default 120) although the
``never`` test did not apply (for example an amount between the penalty of a
28-day and of a 31-day month, which may still never be enough).

Output
------
Figures, the ``status`` code and the convention codes; no prose. The Chinese
words (status labels, messages, notes, tables, the chart) are in
:mod:`overdue.present.plan`. This module reads no dated parameter itself: the
penalty engine reads its own (the default day-count year) on its own dates.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field
from decimal import ROUND_CEILING, Decimal, localcontext

from dateutil.relativedelta import relativedelta

from .errors import InputError
from .kernel import (CENT, MAX_INSTALLMENTS, MAX_PAYMENTS, PRECISION, ZERO, check_count, loan_dates,
                     parse_amount, parse_dated, parse_int, parse_loan_date, q2)
from .penalty_interest import Installment, Payment, PenaltyResult, PenaltyRun, compute_penalty, inputs_of

DEFAULT_MAX_MONTHS = 120
MAX_MONTHS = 600
#: Monthly amounts compared at once (each is one plan of up to MAX_MONTHS months).
MAX_PLANS = 10
SHORTEST_INTERVAL = 28  # days between two monthly payment dates, at least

STATUSES = ("cleared", "never", "horizon")

# What every plan assumes (see the module docstring), in this order:
CONVENTIONS = (
    "penalty_engine",  # every figure from overdue.penalty_interest.compute_penalty
    "same_day_monthly",  # same day each month, else the month's last day; no holiday shift
    "last_payment_rounded_up",  # the last payment is the balance rounded up to the cent
    "lender_accepts",  # the lender accepts each payment; rate and order unchanged (第531条、第543条)
)


def ceil_cent(x: Decimal) -> Decimal:
    """Round up to 0.01 yuan (the last payment must clear the debt)."""
    return x.quantize(CENT, rounding=ROUND_CEILING)


def payment_dates(start: _dt.date, count: int) -> list[_dt.date]:
    """``count`` monthly dates from ``start``: same day of month, or the month's last day."""
    return [start + relativedelta(months=k) for k in range(count)]


def remaining(result: PenaltyResult) -> Decimal:
    """Everything still owed on ``result.as_of``: due amounts, plus instalments not yet due, less credit."""
    t = result.totals
    return t["total_due"] + t["not_yet_due_principal"] - t["credit"]


# --- Results --------------------------------------------------------------------


@dataclass(frozen=True)
class MonthRow:
    """One planned payment.

    ``accrued`` is the penalty that accrued since the previous planned
    payment date (exclusive) through ``date`` (inclusive); it is zero for the
    first payment, whose day is already in the opening balance.
    ``balance_before`` = previous ``balance_after`` + ``accrued``;
    ``balance_after`` = ``balance_before`` − ``payment`` (negative only by the
    sub-cent overpayment of the last payment).
    """

    number: int
    date: _dt.date
    balance_before: Decimal
    accrued: Decimal
    payment: Decimal
    to_penalty: Decimal
    to_principal: Decimal
    to_credit: Decimal
    balance_after: Decimal
    unpaid_penalty_after: Decimal
    principal_after: Decimal

    def to_dict(self) -> dict:
        return {
            "number": self.number,
            "date": self.date.isoformat(),
            "balance_before": q2(self.balance_before),
            "accrued": q2(self.accrued),
            "payment": q2(self.payment),
            "to_penalty": q2(self.to_penalty),
            "to_principal": q2(self.to_principal),
            "to_credit": q2(self.to_credit),
            "balance_after": q2(max(self.balance_after, ZERO)),
            # Never negative: with an annual rate the running sums carry digits far below a
            # cent (PRECISION), which must not print as -0.00.
            "unpaid_penalty_after": q2(max(self.unpaid_penalty_after, ZERO)),
            "principal_after": q2(max(self.principal_after, ZERO)),
        }


@dataclass
class Plan:
    """A month-by-month plan for one monthly amount (see the module docstring)."""

    monthly: Decimal
    start: _dt.date
    order: str
    across: str
    daily_rate: Decimal
    annual_rate: Decimal | None
    day_count: int | None
    max_months: int
    status: str
    rows: tuple
    opening: PenaltyResult = field(repr=False)
    final: PenaltyResult = field(repr=False)
    stuck_base: Decimal | None = None  # the principal B of the ``never`` test
    base: "_Opening | None" = field(default=None, repr=False, compare=False)  # the opening ledger

    # -- figures
    @property
    def opening_balance(self) -> Decimal:
        """Everything owed on the first payment date, before that payment."""
        with localcontext(prec=PRECISION):
            return remaining(self.opening)

    @property
    def opening_penalty(self) -> Decimal:
        """Penalty accrued (in total) through the first payment date."""
        return self.opening.totals["penalty"]

    @property
    def daily_penalty_at_start(self) -> Decimal:
        """New penalty per day on the opening principal that is already overdue."""
        with localcontext(prec=PRECISION):
            return self.opening.totals["outstanding_principal"] * self.daily_rate

    @property
    def months(self) -> int:
        """Number of planned payments made (the last one clears the debt if ``cleared``)."""
        return len(self.rows)

    @property
    def cleared_on(self) -> _dt.date | None:
        return self.rows[-1].date if self.status == "cleared" else None

    @property
    def total_paid(self) -> Decimal:
        with localcontext(prec=PRECISION):
            return sum((r.payment for r in self.rows), ZERO)

    @property
    def total_penalty(self) -> Decimal:
        """All penalty of the loan, from the first due date to the last planned payment."""
        return self.final.totals["penalty"]

    @property
    def penalty_during_plan(self) -> Decimal:
        """Penalty that accrued after the first payment date (the sum of the rows' ``accrued``)."""
        with localcontext(prec=PRECISION):
            return self.total_penalty - self.opening_penalty

    @property
    def end_balance(self) -> Decimal:
        return max(self.rows[-1].balance_after, ZERO) if self.rows else self.opening_balance

    @property
    def overpayment(self) -> Decimal:
        """The sub-cent excess of the last payment of a cleared plan."""
        return -self.rows[-1].balance_after if self.status == "cleared" else ZERO

    @property
    def stuck_floor(self) -> Decimal | None:
        """For a ``never`` plan: the penalty on ``stuck_base`` in the shortest month (``SHORTEST_INTERVAL`` days)."""
        if self.stuck_base is None:
            return None
        with localcontext(prec=PRECISION):
            return self.stuck_base * self.daily_rate * SHORTEST_INTERVAL

    @property
    def last_payment_on(self) -> _dt.date | None:
        return self.rows[-1].date if self.rows else None

    @property
    def conventions(self) -> tuple[str, ...]:
        """The codes of what this plan assumes: :data:`CONVENTIONS`, the allocation order, the day count."""
        codes = CONVENTIONS + (f"order:{self.order}",)
        if self.day_count:
            codes += (f"day_count:{self.day_count}",)
        return codes

    def series(self) -> list[tuple[_dt.date, Decimal]]:
        """(date, balance) points: before and after each payment, two points per payment date.

        Between two payments the principal does not change, so the balance
        grows linearly with the days: a straight line from one payment's
        "after" point to the next payment's "before" point is exact.
        """
        points = []
        for r in self.rows:
            points += [(r.date, r.balance_before), (r.date, max(r.balance_after, ZERO))]
        return points

    # -- output
    def to_dict(self, *, schedule: bool = False) -> dict:
        out = {
            "monthly": q2(self.monthly),
            "status": self.status,
            "start": self.start.isoformat(),
            "months": self.months,
            "max_months": self.max_months,
            "cleared_on": self.cleared_on.isoformat() if self.cleared_on else None,
            "last_payment_on": self.last_payment_on.isoformat() if self.last_payment_on else None,
            "opening_balance": q2(self.opening_balance),
            "daily_penalty_at_start": q2(self.daily_penalty_at_start),
            "total_paid": q2(self.total_paid),
            "penalty_during_plan": q2(self.penalty_during_plan),
            "total_penalty": q2(self.total_penalty),
            "end_balance": q2(self.end_balance),
            "daily_rate": self.daily_rate,
            "annual_rate": self.annual_rate,
            "day_count": self.day_count,
            "order": self.order,
            "across": self.across,
            "stuck_base": q2(self.stuck_base) if self.stuck_base is not None else None,
            "stuck_floor": q2(self.stuck_floor) if self.stuck_base is not None else None,
            "shortest_interval_days": SHORTEST_INTERVAL,
            "conventions": list(self.conventions),
        }
        if schedule:
            out["schedule"] = [r.to_dict() for r in self.rows]
        return out


# --- The planner ------------------------------------------------------------------


def _monthly(value, field_name: str = "monthly") -> Decimal:
    """A monthly amount: in the domain of an amount (more than 0, at most ¥1 trillion, whole fen)."""
    return parse_amount(value, field_name)


def _max_months(value) -> int:
    n = parse_int(value, "max_months", minimum=1)
    if n > MAX_MONTHS:
        raise InputError(
            "max_months",
            f"最多计算 {MAX_MONTHS} 个月（50 年），收到的是 {n}。",
            f"at most {MAX_MONTHS} months, got {n}",
        )
    return n


def _inputs(installments, payments, start):
    dates = loan_dates()
    start = parse_loan_date(start, "start")
    insts = [parse_dated(x, "installment", "due", dates)
             for x in check_count(installments, "installment", MAX_INSTALLMENTS)]
    if not insts:
        raise InputError("installment", "至少需要一期分期（到期日:金额）。", "at least one instalment is required")
    insts = tuple(Installment(d, a) for d, a in insts)
    first_due = min(i.due for i in insts)
    if start < first_due:
        raise InputError(
            "start",
            f"第一笔还款日 {start.isoformat()} 早于最早一期的到期日 {first_due.isoformat()}。"
            "还款计划用于已经逾期的欠款：请把第一笔还款日设为最早到期日当天或之后。",
            f"first payment date {start.isoformat()} is before the first due date {first_due.isoformat()}",
        )
    pays = tuple(Payment(d, a) for d, a in (
        parse_dated(x, "payment", "date", dates)
        for x in check_count(payments, "payment", MAX_PAYMENTS)))
    for p in pays:
        if p.date >= start:
            raise InputError(
                "payment",
                f"此前的还款日期 {p.date.isoformat()} 不早于第一笔计划还款日 {start.isoformat()}。"
                "这里只填计划开始前已经还的钱。",
                f"earlier payment dated {p.date.isoformat()} is not before the plan start {start.isoformat()}",
            )
    return insts, pays, start


def _allocation(row) -> tuple:
    """(to penalty, to principal, to credit) of a payment's ledger row."""
    to_pen = sum((a for _, c, a in row.allocation if c == "penalty"), ZERO)
    to_pri = sum((a for _, c, a in row.allocation if c == "principal"), ZERO)
    return to_pen, to_pri, row.to_credit


def _stuck_base(state, across: str) -> Decimal:
    """The principal the next payment works on after its penalty (see the ``never`` test).

    ``state`` is the penalty engine's position (``PenaltyResult.state`` or
    ``PenaltyRun.state``). An instalment's penalty there may not be booked yet while
    its principal is positive, which does not change the answer: it is the first
    instalment whose principal is positive, or whose penalty is unpaid.
    """
    if across == "by-kind":
        return sum(state.principal, ZERO)
    for i in range(len(state.inst)):
        if state.principal[i] > 0 or state.owed[i] > 0:
            return state.principal[i]
    return ZERO


@dataclass(frozen=True)
class _Opening:
    """The debt on the first payment date, read and computed once for every monthly amount:
    the opening position (a full computation) and the engine's ledger at that date, which
    each plan copies and advances."""

    start: _dt.date
    limit: int
    last_due: _dt.date
    opening: PenaltyResult
    run: PenaltyRun


def _open(installments, payments, start, max_months, daily_rate, annual_rate, day_count, order, across,
          amounts=()) -> _Opening:
    insts, pays, start = _inputs(installments, payments, start)
    for value in amounts:  # checked before the rate terms, in the order of the form
        _monthly(value)
    limit = _max_months(max_months)
    kwargs = dict(daily_rate=daily_rate, annual_rate=annual_rate, day_count=day_count, order=order, across=across)
    opening = compute_penalty(insts, pays, as_of=start, **kwargs)  # also checks rate, order, across
    if remaining(opening) <= 0:
        raise InputError(
            "payment",
            f"第一笔计划还款日 {start.isoformat()} 之前的还款已经还清了全部欠款（含罚息），不需要还款计划。",
            f"the earlier payments already clear the whole debt before {start.isoformat()}",
        )
    # One ledger, advanced from one payment date to the next (the figures of each month are
    # those of compute_penalty with the payments made so far, without recomputing them).
    run = PenaltyRun(inputs_of(opening))
    run.advance(start)
    return _Opening(start, limit, max(i.due for i in insts), opening, run)


def _plan(base: _Opening, amount: Decimal, limit: int, stop_when_stuck: bool) -> Plan:
    """The plan for ``amount`` a month, on a copy of the opening ledger."""
    opening, run = base.opening, base.run.copy()
    rate, order, across = opening.daily_rate, opening.order, opening.across
    rows: list[MonthRow] = []
    status = "horizon"
    stuck_base = None
    prev_penalty = ZERO
    with localcontext(prec=PRECISION):
        for number, day in enumerate(payment_dates(base.start, limit), start=1):
            run.advance(day)
            owed = run.remaining()
            accrued = ZERO if number == 1 else run.penalty() - prev_penalty
            pay = min(amount, ceil_cent(owed))
            to_pen, to_pri, to_credit = _allocation(run.pay(pay))
            after = run.remaining()
            rows.append(
                MonthRow(
                    number=number,
                    date=day,
                    balance_before=owed,
                    accrued=accrued,
                    payment=pay,
                    to_penalty=to_pen,
                    to_principal=to_pri,
                    to_credit=to_credit,
                    balance_after=after,
                    unpaid_penalty_after=run.unpaid_penalty(),
                    principal_after=run.principal() - run.state.credit,
                )
            )
            prev_penalty = run.penalty()
            if after <= 0:
                status = "cleared"
                break
            if stop_when_stuck and order == "561" and day >= base.last_due and to_pri == 0:
                stuck = _stuck_base(run.state, across)
                if stuck > 0 and amount <= stuck * rate * SHORTEST_INTERVAL:
                    status, stuck_base = "never", stuck
                    break
    final = run.result()
    return Plan(
        monthly=amount,
        start=base.start,
        order=order,
        across=across,
        daily_rate=rate,
        annual_rate=opening.annual_rate,
        day_count=opening.day_count,
        max_months=limit,
        status=status,
        rows=tuple(rows),
        opening=opening,
        final=final,
        stuck_base=stuck_base,
        base=base,
    )


def plan_repayment(
    installments,
    *,
    monthly,
    start,
    daily_rate=None,
    annual_rate=None,
    day_count=None,
    payments=(),
    order: str = "561",
    across: str = "oldest-first",
    max_months=DEFAULT_MAX_MONTHS,
    stop_when_stuck: bool = True,
) -> Plan:
    """Pay ``monthly`` yuan each month from ``start`` until the instalments are cleared.

    ``installments`` and ``payments`` (payments made before ``start``) are
    ``DATE:AMOUNT`` strings, pairs, dicts or :mod:`overdue.penalty_interest` objects.
    Give ``daily_rate`` or ``annual_rate`` (with ``day_count`` 360/365), as for
    :func:`~overdue.penalty_interest.compute_penalty`. ``max_months`` caps the number
    of payments (1–600). With ``stop_when_stuck=False`` the ``never`` test is
    not applied (the plan then runs to ``max_months``; used for figures).
    Bad input raises :class:`~overdue.errors.InputError` naming the field.
    """
    base = _open(installments, payments, start, max_months, daily_rate, annual_rate, day_count, order, across,
                 (monthly,))
    return _plan(base, _monthly(monthly), base.limit, stop_when_stuck)


# --- Comparison -------------------------------------------------------------------


@dataclass
class Comparison:
    """Several monthly amounts for the same debt, in the order given."""

    plans: tuple

    def to_dict(self, *, schedule: bool = False) -> dict:
        first = self.plans[0]
        return {
            "start": first.start.isoformat(),
            "opening_balance": q2(first.opening_balance),
            "daily_penalty_at_start": q2(first.daily_penalty_at_start),
            "opening_penalty": q2(first.opening_penalty),
            "plans": [p.to_dict(schedule=schedule) for p in self.plans],
            "conventions": list(first.conventions),
            "provisions": ["civil-code-561", "civil-code-531", "civil-code-543", "civil-code-676"],
        }

    def series(self) -> dict:
        """monthly amount → (date, balance) points, for a figure.

        A ``never`` plan is re-run without the ``never`` test for as many
        months as the longest cleared plan (at least 12), so that its line
        covers a comparable span.
        """
        span = max([p.months for p in self.plans if p.status == "cleared"] + [12])
        out = {}
        for p in self.plans:
            if p.status != "never":
                out[p.monthly] = p.series()
            else:  # the same debt from the same opening ledger, without the ``never`` test
                longer = _plan(p.base, p.monthly, max(span, p.months), stop_when_stuck=False)
                out[p.monthly] = longer.series()
        return out


def compare_plans(installments, monthly_amounts, *, start, daily_rate=None, annual_rate=None, day_count=None,
                  payments=(), order: str = "561", across: str = "oldest-first",
                  max_months=DEFAULT_MAX_MONTHS) -> Comparison:
    """:func:`plan_repayment` for each of ``monthly_amounts`` (at most :data:`MAX_PLANS`; same
    debt, same terms). The debt is read and computed once, up to the first payment date."""
    amounts = check_count(monthly_amounts, "monthly", MAX_PLANS)
    if not amounts:
        raise InputError("monthly", "至少给出一个每月还款额。", "at least one monthly amount is required")
    base = _open(installments, payments, start, max_months, daily_rate, annual_rate, day_count, order, across,
                 amounts)
    return Comparison(tuple(_plan(base, _monthly(m), base.limit, True) for m in amounts))
