"""Penalty interest (罚息 / 逾期利息) on overdue instalments, with partial payments.

Scope
-----
The arithmetic of a penalty the *contract* sets (a daily rate, or an annual
rate with a 360- or 365-day year) on overdue instalments of a consumer loan.
Whether a court would support that rate is a separate question: see
:mod:`overdue.caps`. The engine applies whatever rate it is given.

Rules applied (each one is a documented choice; see the notes in ``to_dict``)
-----------------------------------------------------------------------------
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
  are rounded half up to 0.01 yuan only in ``to_dict()`` and ``to_frame()``;
  rounded ledger rows may therefore differ from the rounded total by 0.01.

The instalment ``amount`` is the base that bears penalty: the overdue part as
the contract defines it (for 分期乐 bills, usually the instalment's principal
plus its fee). In the terms of article 561 it is the "主债务".
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field
from decimal import Decimal, localcontext

from .errors import InputError
from .kernel import (
    PRECISION,
    ZERO,
    default_day_count,
    parse_choice,
    parse_date,
    parse_dated,
    parse_day_count,
    parse_decimal,
    parse_int,
    q2,
)

ORDERS = ("561", "principal-first")
ACROSS = ("oldest-first", "by-kind")
GRACE_MODES = ("retroactive", "deferred")

ORDER_ZH = {
    "561": "先实现债权的费用、再利息（罚息）、后本金（《民法典》第561条）",
    "principal-first": "先本金、再罚息、后费用（合同另有约定的顺序）",
}
ACROSS_ZH = {
    "oldest-first": "多期逾期时先还最早到期的一期，还清一期再还下一期",
    "by-kind": "把整笔借款当作一个债务：先还各期全部罚息（或本金），期内按到期先后",
}


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


def daily_rate_from(daily_rate=None, annual_rate=None, basis=None, *, on: _dt.date) -> tuple:
    """(daily rate, annual rate or None, basis or None), checked."""
    if (daily_rate is None) == (annual_rate is None):
        raise InputError(
            "daily_rate",
            "请给出日利率（daily_rate）或年利率（annual_rate）二者之一。",
            "give exactly one of daily_rate or annual_rate",
        )
    if daily_rate is not None:
        if basis is not None:
            raise InputError(
                "basis",
                "给出日利率时不需要一年的天数；只有给出年利率时才用 basis 折算。",
                "basis is only used with annual_rate",
            )
        rate = parse_decimal(daily_rate, "daily_rate")
        if rate < 0 or rate >= 1:
            raise InputError(
                "daily_rate",
                f"日利率必须不小于 0 且小于 1（100%），收到的是 {rate}。"
                "日利率万分之五应写成 0.0005。",
                f"daily rate must be ≥ 0 and < 1, got {rate}; 0.05% a day is 0.0005",
            )
        return rate, None, None
    annual = parse_decimal(annual_rate, "annual_rate")
    year = parse_day_count(basis, "basis") if basis is not None else default_day_count(on)
    if annual < 0 or annual >= year:
        raise InputError(
            "annual_rate",
            f"年利率必须不小于 0，且折算的日利率必须小于 1，收到的是 {annual}。"
            "年利率 18% 应写成 0.18。",
            f"annual rate must be ≥ 0 with a daily rate below 1, got {annual}; 18% is 0.18",
        )
    with localcontext(prec=PRECISION):
        return annual / year, annual, year


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
    note: str = ""

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
            "note": self.note,
        }


class Ledger(tuple):
    """The rows of a computation, oldest first."""

    def to_list(self) -> list[dict]:
        return [row.to_dict() for row in self]

    def to_frame(self):
        """A pandas DataFrame for display (amounts rounded to 0.01)."""
        import pandas as pd  # presentation only; the engine does not need pandas

        rows = []
        for r in self:
            alloc = "；".join(
                f"{'' if no is None else f'第{no}期'}{_COMPONENT_ZH[c]} {q2(a)}"
                for no, c, a in r.allocation
            )
            rows.append(
                {
                    "类型": _KIND_ZH[r.kind],
                    "起": r.start,
                    "止": r.end,
                    "天数": r.days,
                    "基数": float(q2(r.base)) if r.kind == "accrual" else None,
                    "日利率": float(r.rate) if r.kind == "accrual" else None,
                    "罚息": float(q2(r.accrued)) if r.kind == "accrual" else None,
                    "其中宽限期": float(q2(r.in_grace)) if r.in_grace else None,
                    "还款": float(q2(r.payment)) if r.payment else None,
                    "分配": alloc,
                    "说明": r.note,
                }
            )
        return pd.DataFrame(rows)


_KIND_ZH = {
    "accrual": "计息",
    "due": "到期",
    "cost": "费用",
    "payment": "还款",
    "credit": "预付款冲抵",
    "grace-end": "宽限期届满",
}
_COMPONENT_ZH = {"costs": "费用", "penalty": "罚息", "principal": "本金"}


# --- State and events (shared by the interval engine and the daily reference) --


class _State:
    def __init__(self, installments, grace_days, grace_mode):
        n = len(installments)
        self.inst = installments
        self.grace_days = grace_days
        self.grace_mode = grace_mode
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

    def accrues(self, i: int) -> str | None:
        """``"owed"``, ``"grace"`` or None: how instalment ``i`` accrues now.

        Valid for a run of days during which no event happens (the interval
        engine) or for one day (the daily reference).
        """
        if not self.payable[i] or self.principal[i] <= 0:
            return None
        if self.grace_over[i]:
            return "owed"
        return "grace" if self.grace_mode == "retroactive" else None

    def book(self, i: int, amount: Decimal, status: str):
        if status == "owed":
            self.owed[i] += amount
            self.accrued[i] += amount
        else:
            self.pending[i] += amount


def _allocate(state: _State, amount: Decimal, order: str, across: str):
    """Apply ``amount``; returns (allocation tuple, unapplied remainder)."""
    due = [i for i in range(len(state.inst)) if state.payable[i]]
    if order == "561":
        first, second = "penalty", "principal"
    else:
        first, second = "principal", "penalty"
    if across == "oldest-first":
        targets = [(k, i) for i in due for k in (first, second)]
    else:
        targets = [(first, i) for i in due] + [(second, i) for i in due]
    targets = [("costs", None)] + targets if order == "561" else targets + [("costs", None)]
    parts = []
    left = amount
    for kind, i in targets:
        if left <= 0:
            break
        if kind == "costs":
            owing = state.costs_out
        elif kind == "penalty":
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
        else:
            state.principal[i] -= pay
            state.paid_principal[i] += pay
        parts.append((None if i is None else i + 1, kind, pay))
    return tuple(parts), left


def _events(installments, payments, costs, as_of, grace_days):
    """date → dict of the events of that day (all on or before ``as_of``)."""
    ev: dict = {}

    def slot(day):
        return ev.setdefault(day, {"due": [], "cost": [], "payment": [], "grace_end": []})

    for i, inst in enumerate(installments):
        if inst.due <= as_of:
            slot(inst.due)["due"].append(i)
            end = inst.due + _dt.timedelta(days=grace_days)
            if grace_days and end <= as_of:
                slot(end)["grace_end"].append(i)
    for c in costs:
        slot(c.date)["cost"].append(c.amount)
    for p in payments:
        slot(p.date)["payment"].append(p.amount)
    slot(as_of)
    return ev


def _process_day(state: _State, day: _dt.date, e: dict, order, across, rows):
    """The events of one day, in a fixed order: dues, costs, credit, payments, grace ends."""
    for i in e["due"]:
        state.payable[i] = True
        if rows is not None:
            rows.append(
                LedgerRow("due", day, day, installments=(i + 1,), base=state.inst[i].amount,
                          note=f"第{i + 1}期到期，金额 {q2(state.inst[i].amount)}")
            )
    for amount in e["cost"]:
        state.costs_total += amount
        state.costs_out += amount
        if rows is not None:
            rows.append(LedgerRow("cost", day, day, base=amount, note="实现债权的有关费用"))
    if state.credit > 0 and (e["due"] or e["cost"]):
        credit = state.credit
        parts, left = _allocate(state, credit, order, across)
        state.credit = left
        if rows is not None and parts:
            rows.append(
                LedgerRow("credit", day, day, payment=credit - left, allocation=parts,
                          to_credit=left, note="用此前多还的款项冲抵")
            )
    for amount in e["payment"]:
        parts, left = _allocate(state, amount, order, across)
        state.credit += left
        if rows is not None:
            rows.append(
                LedgerRow("payment", day, day, payment=amount, allocation=parts, to_credit=left,
                          note="多还的部分留作预付款" if left else "")
            )
    for i in e["grace_end"]:
        state.grace_over[i] = True
        held = state.pending[i]
        state.pending[i] = ZERO
        if state.principal[i] > 0:
            state.owed[i] += held
            state.accrued[i] += held
            note = "宽限期届满仍未还清：宽限期内的罚息转为应付"
        else:
            state.waived[i] += held
            note = "宽限期内已还清本金：宽限期内的罚息免收"
        if rows is not None and held:
            rows.append(LedgerRow("grace-end", day, day, accrued=held, installments=(i + 1,), note=note))


# --- Result -------------------------------------------------------------------


@dataclass
class PenaltyResult:
    installments: tuple
    payments: tuple
    costs: tuple
    as_of: _dt.date
    daily_rate: Decimal
    annual_rate: Decimal | None
    basis: int | None
    grace_days: int
    grace_mode: str
    order: str
    across: str
    ledger: Ledger
    state: _State = field(repr=False)

    @property
    def totals(self) -> dict:
        """Exact (unrounded) totals."""
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
            "basis": self.basis,
            "order": self.order,
            "across": self.across,
            "grace_days": self.grace_days,
            "grace_mode": self.grace_mode,
            "installments": self.by_installment(),
            "provisions": ["civil-code-201", "civil-code-561", "civil-code-676"],
            "notes": self.notes(),
        }
        if ledger:
            out["ledger"] = self.ledger.to_list()
        return out

    def notes(self) -> list[str]:
        notes = [
            "罚息自每期到期日的次日起算（《民法典》第201条），计至计算日当天（含）。",
            "还款当天按还款前的余额计息，还款从次日起减少计息基数。",
            f"部分还款的分配顺序：{ORDER_ZH[self.order]}；{ACROSS_ZH[self.across]}（本引擎的默认规则）。",
            "罚息不再计罚息（不计复利）。金额只在显示时四舍五入到分。",
        ]
        if self.grace_days:
            if self.grace_mode == "retroactive":
                notes.append(
                    f"宽限期 {self.grace_days} 天：宽限期内还清本金的，该期不收罚息；"
                    "届满仍未还清的，自到期日次日起按实际欠款计收罚息。"
                )
            else:
                notes.append(f"宽限期 {self.grace_days} 天：宽限期内不计罚息，届满次日起计。")
        if self.basis:
            notes.append(f"日利率 = 年利率 ÷ {self.basis} 天。")
        return notes


# --- Engines ------------------------------------------------------------------


def _prepare(installments, payments, costs, daily_rate, annual_rate, basis, as_of,
             grace_days, grace_mode, order, across):
    as_of = parse_date(as_of, "as_of")
    insts = [parse_dated(x, "installment", "due") for x in (installments or ())]
    if not insts:
        raise InputError("installment", "至少需要一期分期（到期日:金额）。", "at least one instalment is required")
    # Oldest first; instalments falling due on the same day keep the given order.
    insts = tuple(Installment(d, a) for d, a in sorted(insts, key=lambda x: x[0]))
    pays = tuple(Payment(d, a) for d, a in (parse_dated(x, "payment", "date") for x in (payments or ())))
    fees = tuple(Cost(d, a) for d, a in (parse_dated(x, "cost", "date") for x in (costs or ())))
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
    rate, annual, year = daily_rate_from(daily_rate, annual_rate, basis, on=as_of)
    grace = parse_int(grace_days, "grace_days", minimum=0)
    return dict(
        installments=insts,
        payments=tuple(sorted(pays, key=lambda p: p.date)),
        costs=tuple(sorted(fees, key=lambda c: c.date)),
        as_of=as_of,
        daily_rate=rate,
        annual_rate=annual,
        basis=year,
        grace_days=grace,
        grace_mode=parse_choice(grace_mode, GRACE_MODES, "grace_mode", "宽限期计算方式"),
        order=parse_choice(order, ORDERS, "order", "还款分配顺序"),
        across=parse_choice(across, ACROSS, "across", "多期之间的分配方式"),
    )


def compute_penalty(
    installments,
    payments=(),
    *,
    daily_rate=None,
    annual_rate=None,
    basis=None,
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
    ``annual_rate`` (a fraction) with ``basis`` 360 or 365 (default: the
    ``day_count_basis`` convention in ``data/parameters.yaml``). See the module
    docstring for the rules. Bad input raises :class:`InputError`.
    """
    p = _prepare(installments, payments, costs, daily_rate, annual_rate, basis, as_of,
                 grace_days, grace_mode, order, across)
    state = _State(p["installments"], p["grace_days"], p["grace_mode"])
    events = _events(p["installments"], p["payments"], p["costs"], p["as_of"], p["grace_days"])
    rate = p["daily_rate"]
    rows: list = []
    prev = None
    with localcontext(prec=PRECISION):
        for day in sorted(events):
            if prev is not None and day > prev:
                first = prev + _dt.timedelta(days=1)
                days = (day - prev).days
                parts = []
                base = accrued = held = ZERO
                for i in range(len(state.inst)):
                    status = state.accrues(i)
                    if status is None:
                        continue
                    amount = state.principal[i] * rate * days
                    state.book(i, amount, status)
                    parts.append(i + 1)
                    base += state.principal[i]
                    accrued += amount
                    if status == "grace":
                        held += amount
                if parts:
                    rows.append(
                        LedgerRow("accrual", first, day, days=days, base=base, rate=rate,
                                  accrued=accrued, in_grace=held, installments=tuple(parts))
                    )
            _process_day(state, day, events[day], p["order"], p["across"], rows)
            prev = day
    return PenaltyResult(ledger=Ledger(rows), state=state, **p)


def compute_penalty_daily(
    installments,
    payments=(),
    *,
    daily_rate=None,
    annual_rate=None,
    basis=None,
    as_of,
    grace_days=0,
    grace_mode: str = "retroactive",
    order: str = "561",
    across: str = "oldest-first",
    costs=(),
) -> PenaltyResult:
    """The naive reference: the same rules, one day at a time.

    Used by the tests (the interval engine must give exactly the same
    figures) and by ``tools/bench_engine.py``. Its ledger has no accrual rows.
    """
    p = _prepare(installments, payments, costs, daily_rate, annual_rate, basis, as_of,
                 grace_days, grace_mode, order, across)
    state = _State(p["installments"], p["grace_days"], p["grace_mode"])
    events = _events(p["installments"], p["payments"], p["costs"], p["as_of"], p["grace_days"])
    rate = p["daily_rate"]
    rows: list = []
    day = min(events)
    one = _dt.timedelta(days=1)
    with localcontext(prec=PRECISION):
        while day <= p["as_of"]:
            for i in range(len(state.inst)):
                status = state.accrues(i)
                if status is not None:
                    state.book(i, state.principal[i] * rate, status)
            if day in events:
                _process_day(state, day, events[day], p["order"], p["across"], rows)
            day += one
    return PenaltyResult(ledger=Ledger(rows), state=state, **p)


def compare_orders(installments, payments=(), **kwargs) -> dict:
    """The same case under the 561 order and under principal-first.

    Returns both summaries and the differences (561 minus principal-first);
    a positive ``total_due`` difference is what the 561 order costs the
    borrower compared with the agreed principal-first order.
    """
    kwargs.pop("order", None)
    a = compute_penalty(installments, payments, order="561", **kwargs)
    b = compute_penalty(installments, payments, order="principal-first", **kwargs)
    ta, tb = a.totals, b.totals
    keys = ("penalty", "unpaid_penalty", "outstanding_principal", "total_due", "paid_penalty",
            "paid_principal")
    diff = {k: q2(ta[k] - tb[k]) for k in keys}
    return {
        "561": {k: q2(ta[k]) for k in keys} | {"overdue_days": a.overdue_days},
        "principal-first": {k: q2(tb[k]) for k in keys} | {"overdue_days": b.overdue_days},
        "difference": diff,
        "explanation": (
            "按第561条的顺序，部分还款先抵罚息，本金减少得慢，之后的罚息按较高的本金计算；"
            f"与先还本金相比，截至 {a.as_of.isoformat()} 应还总额多 {diff['total_due']} 元。"
        ),
        "provisions": ["civil-code-561"],
    }
