"""Interest at a multiple of the LPR, segmented at every LPR change and payment.

Scope
-----
The arithmetic of the formula judgments use: "以X元为基数，自某日起按全国银行间
同业拆借中心公布的一年期贷款市场报价利率的N倍计算至实际清偿之日止", and of
the interest calculators lawyers use. Valid from the first LPR publication
(2019-08-20, ``lpr_first_publication`` in data); earlier dates belong to the
benchmark-rate era and are refused.

* **Floating** (default): each day bears multiple × the LPR of the chosen
  tenor published on or before that day, / day_count. The period is split where
  that tenor's rate changes (a publication that leaves it unchanged does not
  split it).
* **Fixed** (``fixed_at``): every day bears multiple × the LPR in force on
  ``fixed_at`` (e.g. contract formation for the private-lending cap, or the
  filing of the suit).
* **Days counted**: ``count="no-tail"`` (算头不算尾) counts the start day but
  not the end day, ``end − start`` days; ``count="both"`` (两头都算) counts
  both, ``end − start + 1`` days. The segments add up to exactly that.
  In the output every segment's ``start`` and ``end`` are both counted days.
* **Payments** reduce the principal from the day after the payment (the
  payment day bears interest on the balance before it), as in
  :mod:`overdue.penalty_interest`. Here a payment is treated as repaying principal, as
  when a judgment names the base ("以X元为基数"); to apply payments first to
  interest (《民法典》第561条) use :mod:`overdue.penalty_interest`.
* **Beyond the table**: days after the last confirmed LPR date
  (``last_confirmed`` in ``data/lpr.csv``) use the last rate in the table,
  with a warning naming that date.
* **Day-count year**: ``day_count`` 360 or 365; by default the convention
  ``day_count_basis`` of ``data/parameters.yaml`` read on ``start``, the first
  counted day.

Sums are exact Decimal; amounts are rounded half up to 0.01 only for output.
Results carry figures, rule and warning codes and the dated parameters read;
their Chinese wording is in :mod:`overdue.present.lpr_interest`.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass
from decimal import Decimal, localcontext

from . import params, rates
from .errors import InputError
from .kernel import (
    MAX_PAYMENTS,
    PRECISION,
    RATE_DECIMALS,
    ZERO,
    check_count,
    default_day_count_used,
    loan_dates,
    parameter_used,
    parse_amount,
    parse_dated,
    parse_day_count,
    parse_decimal,
    parse_loan_date,
    places,
    q2,
)

COUNTS = ("no-tail", "both")
#: The largest multiple of the LPR (the input domain, overdue.kernel): the law's own
#: multiple is 4 (private_lending_cap_multiple); judgments use 1 to 4.
MAX_MULTIPLE = 10
ONE_DAY = _dt.timedelta(days=1)


@dataclass(frozen=True)
class Segment:
    start: _dt.date  # first counted day
    end: _dt.date  # last counted day
    days: int
    lpr: Decimal  # percent
    lpr_date: _dt.date  # publication date of that LPR
    annual_rate: Decimal  # fraction
    principal: Decimal
    interest: Decimal  # exact

    def to_dict(self) -> dict:
        return {
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
            "days": self.days,
            "lpr": self.lpr,
            "lpr_date": self.lpr_date.isoformat(),
            "annual_rate": self.annual_rate,
            "principal": q2(self.principal),
            "interest": q2(self.interest),
        }


@dataclass(frozen=True)
class LprInterestResult:
    principal: Decimal
    start: _dt.date
    end: _dt.date
    multiple: Decimal
    tenor: str
    day_count: int
    count: str
    fixed_at: _dt.date | None
    payments: tuple
    segments: tuple
    warnings: tuple  # codes: lpr-period-beyond-confirmed, lpr-fixed-beyond-confirmed
    parameters: tuple = ()  # dated parameters read (the default day-count year, if used)

    @property
    def days(self) -> int:
        return sum(s.days for s in self.segments)

    @property
    def interest(self) -> Decimal:
        """Exact total (unrounded)."""
        return sum((s.interest for s in self.segments), ZERO)

    def provisions(self) -> list[str]:
        # Any multiple the cap has ever had (a shape test, not a date question:
        # the cap provisions are cited whenever the multiple is the cap's).
        if self.tenor != "1y":
            return []
        multiples = {Decimal(str(v.value)) for v in params.values("private_lending_cap_multiple")}
        if self.multiple in multiples:
            return ["private-lending-25", "private-lending-28", "private-lending-29"]
        if self.multiple == 1:
            return ["private-lending-28"]
        return []

    def rules(self) -> list[dict]:
        """The conventions applied, as codes with their values
        (:func:`overdue.present.lpr_interest.notes_zh` words them)."""
        if self.fixed_at:
            mode = {"code": "fixed", "fixed_at": self.fixed_at.isoformat(), "tenor": self.tenor,
                    "multiple": self.multiple}
        else:
            mode = {"code": "floating", "tenor": self.tenor, "multiple": self.multiple}
        return [
            mode,
            {"code": "days-counted", "count": self.count, "days": self.days},
            {"code": "daily-rate-from-annual", "day_count": self.day_count},
            {"code": "payment-reduces-principal-next-day"},
            {"code": "rounded-for-display"},
        ]

    def to_dict(self) -> dict:
        return {
            "principal": q2(self.principal),
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
            "multiple": self.multiple,
            "tenor": self.tenor,
            "day_count": self.day_count,
            "count": self.count,
            "fixed_at": self.fixed_at.isoformat() if self.fixed_at else None,
            "days": self.days,
            "interest": q2(self.interest),
            "segments": [s.to_dict() for s in self.segments],
            "payments": [{"date": d.isoformat(), "amount": q2(a)} for d, a in self.payments],
            "warnings": [dict(w) for w in self.warnings],
            "provisions": self.provisions(),
            "rules": self.rules(),
            "parameters": [dict(p) for p in self.parameters],
        }


def _tenor_changes(first: _dt.date, last: _dt.date, tenor: str) -> list[_dt.date]:
    """Dates in (first, last] on which the LPR of ``tenor`` actually changed."""
    out = []
    current = rates.lpr_on(first, tenor)
    for day in rates.changes_between(first, last):
        rate = rates.lpr_on(day, tenor)
        if rate != current:
            out.append(day)
            current = rate
    return out


def lpr_interest(
    principal,
    start,
    end,
    multiple,
    *,
    tenor: str = "1y",
    day_count=None,
    count: str = "no-tail",
    fixed_at=None,
    payments=(),
) -> LprInterestResult:
    """Interest on ``principal`` from ``start`` to ``end`` at ``multiple`` × LPR.

    ``day_count`` is 360 or 365 (default: ``day_count_basis`` in data, 365).
    See the module docstring for the conventions. Bad input raises
    :class:`InputError` naming the field.
    """
    amount = parse_amount(principal, "principal")
    start = parse_loan_date(start, "start")
    end = parse_loan_date(end, "end")
    if end < start:
        raise InputError(
            "end",
            f"结束日 {end.isoformat()} 早于起始日 {start.isoformat()}。",
            f"end date {end.isoformat()} is before the start date {start.isoformat()}",
        )
    mult = parse_decimal(multiple, "multiple")
    if mult <= 0 or mult > MAX_MULTIPLE or not places(mult, RATE_DECIMALS):
        raise InputError(
            "multiple",
            f"倍数必须大于 0、不超过 {MAX_MULTIPLE}，最多 {RATE_DECIMALS} 位小数，收到的是 {mult}。例如 1、1.3、1.5、4。",
            f"multiple must be greater than 0 and at most {MAX_MULTIPLE}, got {mult}",
        )
    tenor = rates.check_tenor(str(tenor).strip())
    used: tuple = ()
    if day_count is not None:
        year = parse_day_count(day_count, "day_count")
    else:  # the convention on the first counted day
        year, record = default_day_count_used(start)
        used = (record,)
    count = str(count).strip()
    if count not in COUNTS:
        raise InputError(
            "count",
            f"未知的计息天数规则“{count}”。只能是 no-tail（算头不算尾）或 both（两头都算）。",
            f"unknown day-count convention {count!r}; use no-tail or both",
        )
    rates.row_on(start, field="start")  # refuses the benchmark-rate era
    fixed = parse_loan_date(fixed_at, "fixed_at") if fixed_at is not None else None
    if fixed is not None:
        rates.row_on(fixed, field="fixed_at")

    first = start
    last = end if count == "both" else end - ONE_DAY  # last counted day (< first: no days)

    pays = []
    dates = loan_dates()
    for item in check_count(payments, "payment", MAX_PAYMENTS):
        day, value = parse_dated(item, "payment", "date", dates)
        if day < start or day > end:
            raise InputError(
                "payment",
                f"还款日期 {day.isoformat()} 不在计息期间 {start.isoformat()} 至 {end.isoformat()} 之内。",
                f"payment date {day.isoformat()} is outside {start.isoformat()}..{end.isoformat()}",
            )
        pays.append((day, value))
    pays.sort(key=lambda p: p[0])
    paid = ZERO
    for day, value in pays:
        paid += value
        if paid > amount:
            raise InputError(
                "payment",
                f"截至 {day.isoformat()} 的还款合计 {paid} 元超过本金 {amount} 元。超出本金的部分不能减少计息基数，"
                "请只填写归还本金的金额。",
                f"payments up to {day.isoformat()} total {paid}, more than the principal {amount}",
            )

    warnings = []
    last_ok = rates.last_confirmed()
    table_last = rates.table()[-1]
    if fixed is None and last >= first and last > last_ok:
        warnings.append({"code": "lpr-period-beyond-confirmed", "last_day": last.isoformat(),
                         "last_confirmed": last_ok.isoformat(), "table_last": table_last.date.isoformat(),
                         "tenor": tenor, "lpr": table_last.rates[tenor]})
    if fixed is not None and fixed > last_ok:
        warnings.append({"code": "lpr-fixed-beyond-confirmed", "fixed_at": fixed.isoformat(),
                         "last_confirmed": last_ok.isoformat()})

    segments = []
    if last >= first:
        cuts = {first}
        if fixed is None:
            cuts.update(_tenor_changes(first, last, tenor))
        for day, _ in pays:
            if first <= day < last:
                cuts.add(day + ONE_DAY)
        cuts = sorted(cuts)
        balance = amount
        pay_iter = iter(pays)
        pending = next(pay_iter, None)
        with localcontext(prec=PRECISION):
            for k, seg_start in enumerate(cuts):
                while pending is not None and pending[0] < seg_start:
                    balance -= pending[1]
                    pending = next(pay_iter, None)
                seg_end = cuts[k + 1] - ONE_DAY if k + 1 < len(cuts) else last
                row = rates.row_on(fixed or seg_start)
                lpr = row.rates[tenor]
                annual = mult * lpr / 100
                days = (seg_end - seg_start).days + 1
                interest = balance * annual * days / year
                segments.append(Segment(seg_start, seg_end, days, lpr, row.date, annual, balance, interest))

    return LprInterestResult(
        principal=amount,
        start=start,
        end=end,
        multiple=mult,
        tenor=tenor,
        day_count=year,
        count=count,
        fixed_at=fixed,
        payments=tuple(pays),
        segments=tuple(segments),
        warnings=tuple(warnings),
        parameters=used,
    )


def _line_interest(principal: Decimal, first: _dt.date, last: _dt.date, year: int) -> tuple:
    """Interest at the financial-loan judicial line over the counted days ``first``..``last``,
    each day at the line in force that day (a change of the line in data splits the
    period, as an LPR change does). Returns (exact interest, parameters read)."""
    values = params.values("financial_loan_judicial_line")
    if first < values[0].start:
        raise InputError(
            "start",
            f"{first.isoformat()} 早于金融借款司法调减线的起始日 {values[0].start.isoformat()}，本书不计算此前的规则。",
            f"{first.isoformat()} is before the judicial line took effect on {values[0].start.isoformat()}",
        )
    total = ZERO
    used = []
    for k, value in enumerate(values):
        until = values[k + 1].start - ONE_DAY if k + 1 < len(values) else last
        lo, hi = max(first, value.start), min(last, until)
        if lo > hi:
            continue
        line = Decimal(str(value.value))
        with localcontext(prec=PRECISION):
            total += principal * line * ((hi - lo).days + 1) / year
        used.append(parameter_used("financial_loan_judicial_line", lo, line, until=hi.isoformat()))
    if not used:  # no counted day: the line in force on the first day names the measure
        used.append(parameter_used("financial_loan_judicial_line", first,
                                   Decimal(str(params.value_on("financial_loan_judicial_line", first).value))))
    return total, tuple(used)


def compare_measures(
    principal,
    start,
    end,
    *,
    contract_date,
    daily_rate=None,
    annual_rate=None,
    day_count=None,
    count: str = "no-tail",
) -> dict:
    """For a worked example (chapter 二): the same principal and period under

    * the contractual penalty rate (``daily_rate``, or ``annual_rate`` / day_count),
    * the private-lending cap multiple × one-year LPR, floating,
    * the same multiple × the one-year LPR at contract formation (fixed),
    * the financial-loan judicial line (an annual fraction from data).

    All four use the same days (``count``) and day_count, so that they differ only
    in the rate. Dates of the parameters: the multiple is read on
    ``contract_date`` (第25条: "合同成立时"; for a contract of the transition
    period, on the first day of the current rule, as a comparison only); the
    judicial line is read for each counted day of the period (the charges it
    measures are those of the period). No payments.

    Each measure has a ``key``, ``interest`` (rounded), ``provisions`` and the
    figures that name it (``multiple``, ``annual_rate``, ``daily_rate``);
    ``rules`` are codes; :mod:`overdue.present.lpr_interest` words them.
    """
    from .penalty_interest import daily_rate_from

    contract = parse_loan_date(contract_date, "contract_date")
    rule_start = params.values("private_lending_cap_multiple")[0].start
    # On the contract date (第25条 "合同成立时"); a transition-period contract takes the first day
    # of the current rule, for comparison only (a rule code says so).
    multiple_on = max(contract, rule_start)
    multiple = params.get("private_lending_cap_multiple", on=multiple_on)
    floating = lpr_interest(principal, start, end, multiple, day_count=day_count, count=count)
    try:
        fixed = lpr_interest(principal, start, end, multiple, day_count=day_count, count=count,
                             fixed_at=contract)
    except InputError as err:
        if err.field != "fixed_at":
            raise
        raise InputError("contract_date", err.message_zh, err.message_en) from None
    year = floating.day_count
    daily, annual, _ = daily_rate_from(
        daily_rate, annual_rate, year if annual_rate is not None else None, on=floating.start)
    first = floating.start
    last = floating.end if count == "both" else floating.end - ONE_DAY
    judicial, line_used = _line_interest(floating.principal, first, last, year)
    with localcontext(prec=PRECISION):
        contractual = floating.principal * daily * floating.days
    lines = [p["value"] for p in line_used]
    warnings = []
    for w in list(floating.warnings) + list(fixed.warnings):
        if w not in warnings:
            warnings.append(dict(w))
    rules = [{"code": "same-days-and-year", "count": count, "days": floating.days, "day_count": year},
             {"code": "scope-of-measures"}]
    if contract < rule_start:
        rules.append({"code": "transition-contract", "contract_date": contract.isoformat(),
                      "rule_start": rule_start.isoformat()})
    return {
        "principal": q2(floating.principal),
        "start": floating.start.isoformat(),
        "end": floating.end.isoformat(),
        "days": floating.days,
        "day_count": year,
        "count": count,
        "contract_date": contract.isoformat(),
        "measures": [
            {"key": "contractual", "interest": q2(contractual), "daily_rate": daily,
             "provisions": ["civil-code-676"]},
            {"key": "lpr-floating", "multiple": Decimal(str(multiple)),
             "interest": q2(floating.interest), "provisions": floating.provisions()},
            {"key": "lpr-fixed", "multiple": Decimal(str(multiple)),
             "interest": q2(fixed.interest), "provisions": fixed.provisions()},
            {"key": "financial-line", "annual_rate": lines[0] if len(set(lines)) == 1 else lines,
             "interest": q2(judicial), "provisions": ["spc-fin-opinion-2017-2"]},
        ],
        "warnings": warnings,
        "rules": rules,
        "parameters": [parameter_used("private_lending_cap_multiple", multiple_on, Decimal(str(multiple))),
                       *line_used, *floating.parameters],
        "provisions": sorted({"civil-code-676", "spc-fin-opinion-2017-2", *floating.provisions()}),
    }
