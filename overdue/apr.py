"""The true annual rate of an instalment plan (分期的实际年化利率).

Scope
-----
Arithmetic only, valid for any date: an instalment plan that repays the
principal in equal monthly parts plus a monthly fee (分期手续费), either a
flat monthly fee rate on the original principal (the usual 分期乐 offer:
"月费率 0.6%") or an explicit fee for each month, optionally with a fee
deducted at disbursement. The borrower receives ``principal − upfront_fee``
at month 0 and pays ``principal / months + fee_k`` at the end of month k.

* ``irr_monthly`` solves ``Σ payment_k / (1 + r)^k = amount received``
  (internal rate of return, root found by :func:`overdue.roots.find_root`);
* ``apr_nominal`` = 12 × ``irr_monthly`` (the "年化利率" as IRR-based
  disclosure usually states it);
* ``apr_effective`` = (1 + ``irr_monthly``)^12 − 1 (with monthly compounding);
* ``flat_annual_rate`` = total fees / principal × 12 / months, the figure a
  "monthly fee rate × 12" reading suggests, for comparison.

Payments are exact (unrounded) in the rate computation; ``payment`` is shown
rounded half up to 0.01. Whether the resulting rate is lawful is a question
for :mod:`overdue.caps`, which depends on the lender type.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, localcontext

from .errors import InputError
from .kernel import PRECISION, ZERO, check_rate_places, parse_amount, parse_decimal, q2
from .roots import find_root

MAX_MONTHS = 600  # fifty years of monthly instalments (the input domain: overdue.kernel)

# The definitions applied, in the order of the module docstring (worded by
# :mod:`overdue.present.apr`): payment = principal / months + fee, amount
# received = principal − upfront fee; the monthly IRR; nominal and effective
# annual rates; the flat "monthly fee × 12" figure; rates as fractions.
RULES = ("payment-and-amount-received", "irr-monthly", "apr-nominal-and-effective",
         "flat-annual-rate", "rates-as-fractions")


@dataclass(frozen=True)
class AprResult:
    principal: Decimal
    months: int
    monthly_fee_rate: Decimal | None
    fees: tuple
    upfront_fee: Decimal
    payments: tuple
    irr_monthly: float
    apr_nominal: float
    apr_effective: float

    @property
    def total_fee(self) -> Decimal:
        return sum(self.fees, ZERO) + self.upfront_fee

    @property
    def flat_annual_rate(self) -> float:
        return float(self.total_fee / self.principal * 12 / self.months)

    def to_dict(self) -> dict:
        level = len(set(self.payments)) == 1
        return {
            "payment": q2(self.payments[0]) if level else None,
            "payments": [q2(p) for p in self.payments],
            "irr_monthly": round(self.irr_monthly, 12),
            "apr_nominal": round(self.apr_nominal, 12),
            "apr_effective": round(self.apr_effective, 12),
            "flat_annual_rate": round(self.flat_annual_rate, 12),
            "principal": q2(self.principal),
            "amount_received": q2(self.principal - self.upfront_fee),
            "months": self.months,
            "monthly_fee_rate": self.monthly_fee_rate,
            "upfront_fee": q2(self.upfront_fee),
            "total_fee": q2(self.total_fee),
            "total_paid": q2(sum(self.payments, ZERO)),
            "provisions": [],
            "rules": [{"code": code} for code in RULES],
        }


def _months(value) -> int:
    number = parse_decimal(value, "months")
    if number != number.to_integral_value() or number < 1 or number > MAX_MONTHS:
        raise InputError(
            "months",
            f"期数必须是 1 到 {MAX_MONTHS} 之间的整数，收到的是 {number}。",
            f"months must be a whole number from 1 to {MAX_MONTHS}, got {number}",
        )
    return int(number)


def _nonnegative(value, field: str, what_zh: str) -> Decimal:
    number = parse_decimal(value, field)
    if number < 0:
        raise InputError(
            field, f"{what_zh}不能为负数，收到的是 {number}。", f"{field} must not be negative, got {number}"
        )
    return number




def true_rate(
    principal,
    months,
    *,
    monthly_fee_rate=None,
    fees=None,
    upfront_fee=0,
    root_method: str | None = None,
) -> AprResult:
    """The IRR-based annual rate of an instalment plan; see the module docstring.

    Give ``monthly_fee_rate`` (a fraction of the original principal charged
    every month, e.g. ``"0.006"``) or ``fees`` (one fee amount per month).
    ``root_method`` is passed to :func:`overdue.roots.find_root`.
    """
    principal = parse_amount(principal, "principal")
    n = _months(months)
    if (monthly_fee_rate is None) == (fees is None):
        raise InputError(
            "monthly_fee_rate",
            "请给出月费率（monthly_fee_rate）或逐月手续费（fees）二者之一。",
            "give exactly one of monthly_fee_rate or fees",
        )
    rate = None
    if monthly_fee_rate is not None:
        rate = _nonnegative(monthly_fee_rate, "monthly_fee_rate", "月费率")
        if rate >= 1:
            raise InputError(
                "monthly_fee_rate",
                f"月费率必须小于 1（100%），收到的是 {rate}。月费率 0.6% 应写成 0.006。",
                f"monthly fee rate must be below 1, got {rate}; 0.6% is 0.006",
            )
        check_rate_places(rate, "monthly_fee_rate")
        fee_list = tuple(principal * rate for _ in range(n))
    else:
        # A fee of at least 0 yuan, in the domain of an amount (whole fen, at most ¥1 trillion).
        fee_list = tuple(parse_amount(_nonnegative(f, "fees", "手续费"), "fees", zero=True) for f in fees)
        if len(fee_list) != n:
            raise InputError(
                "fees",
                f"逐月手续费的个数（{len(fee_list)}）必须等于期数（{n}）。",
                f"{len(fee_list)} fees given for {n} months",
            )
    upfront = parse_amount(_nonnegative(upfront_fee, "upfront_fee", "放款时扣除的费用"), "upfront_fee", zero=True)
    if upfront >= principal:
        raise InputError(
            "upfront_fee",
            f"放款时扣除的费用（{upfront}）必须小于本金（{principal}）。",
            f"upfront fee {upfront} must be below the principal {principal}",
        )
    with localcontext(prec=PRECISION):
        part = principal / n
        payments = tuple(part + f for f in fee_list)
    received = float(principal - upfront)
    flows = [float(p) for p in payments]

    def npv(r: float) -> float:
        v = 1.0 / (1.0 + r)
        total, disc = 0.0, 1.0
        for p in flows:
            disc *= v
            total += p * disc
        return total - received

    if upfront == 0 and not any(fee_list):
        irr = 0.0  # no fee at all (tested on the fees: principal / months need not be a finite decimal)
    elif npv(0.0) <= 0:
        # Fees so small against the principal that binary floats cannot tell the repayments
        # from the amount received (a monthly rate below about 1e-15): the rate is 0 to the
        # 12 decimal places shown.
        irr = 0.0
    else:
        hi = 1.0
        while npv(hi) > 0:
            hi *= 2
            if hi > 1e9:  # a monthly rate above 10⁹: almost nothing received for what is repaid
                field_name = "upfront_fee" if upfront else ("monthly_fee_rate" if rate is not None else "fees")
                raise InputError(
                    field_name,
                    f"到手金额（{principal - upfront} 元）与还款总额相比过小，月利率超过 10 亿倍，无法计算。"
                    "请检查本金、费用和放款时扣除的费用。",
                    f"the amount received ({principal - upfront}) is too small against the repayments: "
                    "a monthly rate above 1e9",
                )
        irr = find_root(npv, 0.0, hi, method=root_method)
    return AprResult(
        principal=principal,
        months=n,
        monthly_fee_rate=rate,
        fees=fee_list,
        upfront_fee=upfront,
        payments=payments,
        irr_monthly=irr,
        apr_nominal=12 * irr,
        apr_effective=(1 + irr) ** 12 - 1,
    )
