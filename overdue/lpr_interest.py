"""Interest at a multiple of the LPR, segmented at every LPR change and payment.

Scope
-----
The arithmetic of the formula judgments use: "以X元为基数，自某日起按全国银行间
同业拆借中心公布的一年期贷款市场报价利率的N倍计算至实际清偿之日止", and of
the interest calculators lawyers use. Valid from the first LPR publication
(2019-08-20, ``lpr_first_publication`` in data); earlier dates belong to the
benchmark-rate era and are refused.

* **Floating** (default): each day bears multiple × the LPR of the chosen
  tenor published on or before that day, / basis. The period is split where
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

Sums are exact Decimal; amounts are rounded half up to 0.01 only for output.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass
from decimal import Decimal, localcontext

from . import params, rates
from .errors import InputError
from .kernel import PRECISION, ZERO, default_day_count, parse_date, parse_day_count, parse_decimal, parse_pair, q2

COUNTS = ("no-tail", "both")
COUNT_ZH = {"no-tail": "算头不算尾", "both": "两头都算"}
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
    basis: int
    count: str
    fixed_at: _dt.date | None
    payments: tuple
    segments: tuple
    warnings: tuple

    @property
    def days(self) -> int:
        return sum(s.days for s in self.segments)

    @property
    def interest(self) -> Decimal:
        """Exact total (unrounded)."""
        return sum((s.interest for s in self.segments), ZERO)

    def provisions(self) -> list[str]:
        if self.tenor != "1y":
            return []
        multiples = {Decimal(str(v.value)) for v in params.values("private_lending_cap_multiple")}
        if self.multiple in multiples:
            return ["private-lending-25", "private-lending-28", "private-lending-29"]
        if self.multiple == 1:
            return ["private-lending-28"]
        return []

    def to_dict(self) -> dict:
        mode = (
            f"固定利率：{self.fixed_at.isoformat()} 适用的{rates.TENOR_ZH[self.tenor]} LPR 的 {self.multiple} 倍"
            if self.fixed_at
            else f"浮动利率：每日适用当日已公布的{rates.TENOR_ZH[self.tenor]} LPR 的 {self.multiple} 倍，遇调整分段"
        )
        return {
            "principal": q2(self.principal),
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
            "multiple": self.multiple,
            "tenor": self.tenor,
            "basis": self.basis,
            "count": self.count,
            "fixed_at": self.fixed_at.isoformat() if self.fixed_at else None,
            "days": self.days,
            "interest": q2(self.interest),
            "segments": [s.to_dict() for s in self.segments],
            "payments": [{"date": d.isoformat(), "amount": q2(a)} for d, a in self.payments],
            "warnings": list(self.warnings),
            "provisions": self.provisions(),
            "notes": [
                mode + "。",
                f"计息天数：{COUNT_ZH[self.count]}，共 {self.days} 天；每段的起止日都是计息日（含）。",
                f"日利率 = 年利率 ÷ {self.basis}；每段利息 = 本金 × 年利率 × 天数 ÷ {self.basis}。",
                "还款当天按还款前的本金计息，次日起本金减少；还款视为归还本金。",
                "利息只在显示时四舍五入到分；各段四舍五入后之和可能与总额差 0.01 元。",
            ],
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
    basis=None,
    count: str = "no-tail",
    fixed_at=None,
    payments=(),
) -> LprInterestResult:
    """Interest on ``principal`` from ``start`` to ``end`` at ``multiple`` × LPR.

    ``basis`` is 360 or 365 (default: ``day_count_basis`` in data, 365).
    See the module docstring for the conventions. Bad input raises
    :class:`InputError` naming the field.
    """
    amount = parse_decimal(principal, "principal")
    if amount <= 0:
        raise InputError(
            "principal", f"本金必须大于 0 元，收到的是 {amount}。", f"principal must be > 0, got {amount}"
        )
    start = parse_date(start, "start")
    end = parse_date(end, "end")
    if end < start:
        raise InputError(
            "end",
            f"结束日 {end.isoformat()} 早于起始日 {start.isoformat()}。",
            f"end date {end.isoformat()} is before the start date {start.isoformat()}",
        )
    mult = parse_decimal(multiple, "multiple")
    if mult <= 0:
        raise InputError(
            "multiple",
            f"倍数必须大于 0，收到的是 {mult}。例如 1、1.3、1.5、4。",
            f"multiple must be greater than 0, got {mult}",
        )
    tenor = rates.check_tenor(str(tenor).strip())
    year = parse_day_count(basis, "basis") if basis is not None else default_day_count(start)
    count = str(count).strip()
    if count not in COUNTS:
        raise InputError(
            "count",
            f"未知的计息天数规则“{count}”。只能是 no-tail（算头不算尾）或 both（两头都算）。",
            f"unknown day-count convention {count!r}; use no-tail or both",
        )
    rates.row_on(start, field="start")  # refuses the benchmark-rate era
    fixed = parse_date(fixed_at, "fixed_at") if fixed_at is not None else None
    if fixed is not None:
        rates.row_on(fixed, field="fixed_at")

    first = start
    last = end if count == "both" else end - ONE_DAY  # last counted day (< first: no days)

    pays = []
    for item in payments or ():
        day, value = parse_pair(item, "payment") if isinstance(item, str) else (
            parse_date(item[0], "payment"), parse_decimal(item[1], "payment"))
        if value <= 0:
            raise InputError("payment", f"还款金额必须大于 0 元，收到的是 {value}。",
                             f"payment must be greater than 0, got {value}")
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
        warnings.append(
            f"计息期间延续到 {last.isoformat()}，晚于 LPR 表最后核实的日期 {last_ok.isoformat()}；"
            f"此后按表中最后一个利率（{table_last.date.isoformat()} 公布，{rates.TENOR_ZH[tenor]} "
            f"{table_last.rates[tenor]}%）计算，请核对实际公布的 LPR。"
        )
    if fixed is not None and fixed > last_ok:
        warnings.append(
            f"固定利率的取值日 {fixed.isoformat()} 晚于 LPR 表最后核实的日期 {last_ok.isoformat()}；"
            "按表中最后一个利率计算，请核对。"
        )

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
        basis=year,
        count=count,
        fixed_at=fixed,
        payments=tuple(pays),
        segments=tuple(segments),
        warnings=tuple(warnings),
    )


def compare_measures(
    principal,
    start,
    end,
    *,
    contract_date,
    daily_rate=None,
    annual_rate=None,
    basis=None,
    count: str = "no-tail",
) -> dict:
    """For a worked example (chapter 二): the same principal and period under

    * the contractual penalty rate (``daily_rate``, or ``annual_rate`` / basis),
    * the private-lending cap multiple × one-year LPR, floating,
    * the same multiple × the one-year LPR at contract formation (fixed),
    * the financial-loan judicial line (an annual fraction from data).

    All four use the same days (``count``) and basis, so that they differ only
    in the rate. The multiple and the line are read from data on
    ``contract_date`` and on the book's as-of date respectively. No payments.
    """
    from .penalty_interest import daily_rate_from

    contract = parse_date(contract_date, "contract_date")
    multiple = params.get("private_lending_cap_multiple", on=max(contract, params.values(
        "private_lending_cap_multiple")[0].start))
    floating = lpr_interest(principal, start, end, multiple, basis=basis, count=count)
    try:
        fixed = lpr_interest(principal, start, end, multiple, basis=basis, count=count,
                             fixed_at=contract)
    except InputError as err:
        if err.field != "fixed_at":
            raise
        raise InputError("contract_date", err.message_zh, err.message_en) from None
    year = floating.basis
    daily, annual, _ = daily_rate_from(
        daily_rate, annual_rate, year if annual_rate is not None else None, on=floating.start)
    line = Decimal(str(params.get("financial_loan_judicial_line")))
    with localcontext(prec=PRECISION):
        contractual = floating.principal * daily * floating.days
        judicial = floating.principal * line * floating.days / year
    return {
        "principal": q2(floating.principal),
        "start": floating.start.isoformat(),
        "end": floating.end.isoformat(),
        "days": floating.days,
        "basis": year,
        "count": count,
        "contract_date": contract.isoformat(),
        "measures": [
            {"key": "contractual", "label": "合同约定的罚息", "interest": q2(contractual),
             "daily_rate": daily, "provisions": ["civil-code-676"]},
            {"key": "lpr-floating", "label": f"一年期 LPR 的 {multiple} 倍（浮动）",
             "interest": q2(floating.interest), "provisions": floating.provisions()},
            {"key": "lpr-fixed", "label": f"合同成立时一年期 LPR 的 {multiple} 倍（固定）",
             "interest": q2(fixed.interest), "provisions": fixed.provisions()},
            {"key": "financial-line", "label": f"金融借款的司法调减线（年利率 {line}）",
             "interest": q2(judicial), "provisions": ["spc-fin-opinion-2017-2"]},
        ],
        "warnings": sorted(set(floating.warnings) | set(fixed.warnings)),
        "notes": [
            f"四种算法用同一计息天数（{COUNT_ZH[count]}，{floating.days} 天）和同一年天数（{year}），"
            "只有利率不同。",
            "LPR 倍数上限只适用于民间借贷；司法调减线只适用于金融借款，是借款人可以主张的调减线。",
        ] + ([
            f"合同成立于 {contract.isoformat()}，早于 {params.values('private_lending_cap_multiple')[0].start.isoformat()}："
            "民间借贷适用《民间借贷规定》第31条的过渡规则，“合同成立时 LPR 的倍数”只作对照。"
        ] if contract < params.values("private_lending_cap_multiple")[0].start else []),
        "provisions": sorted({"civil-code-676", "spc-fin-opinion-2017-2", *floating.provisions()}),
    }
