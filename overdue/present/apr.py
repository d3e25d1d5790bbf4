"""The true-rate (APR) calculator: form, results, notes, CLI and the notebooks' view.

Engine: :mod:`overdue.apr`. The notes on its definitions are worded here, once.
"""

from __future__ import annotations

from ..apr import MAX_MONTHS, true_rate
from ..kernel import amount_domain
from .fmt import colophon, pct, table, yuan
from .forms import Form, example, field, int_domain, percent_text, rate_domain


RULE_ZH = {  # the engine's definitions (apr.RULES), in words
    "payment-and-amount-received": "每月还款 = 本金 ÷ 期数 + 当月手续费；到手金额 = 本金 − 放款时扣除的费用。",
    "irr-monthly": "irr_monthly 是使各期还款的现值等于到手金额的月利率（内部收益率）。",
    "apr-nominal-and-effective": "apr_nominal = 12 × 月内部收益率；apr_effective = (1 + 月内部收益率)^12 − 1。",
    "flat-annual-rate": "flat_annual_rate = 总手续费 ÷ 本金 × 12 ÷ 期数，只是“月费率 × 12”的算法，"
                        "低估了实际成本，因为本金是逐月还的。",
    "rates-as-fractions": "利率以小数表示（0.13 即 13%）。",
}


def notes_zh(out: dict) -> list[str]:
    """The notes of an ``AprResult.to_dict()``."""
    return [RULE_ZH[r["code"]] for r in out["rules"]]


def results_table(result) -> dict:
    """计算结果: the figures of an :class:`~overdue.apr.AprResult`."""
    out = result.to_dict()
    return table("计算结果", ["项目", "数值"], [
        ["每月还款（元）", yuan(out["payment"]) if out["payment"] is not None else "各月不同，见下表"],
        ["到手金额（元）", yuan(out["amount_received"])],
        ["手续费合计（元）", yuan(out["total_fee"])],
        ["还款总额（元）", yuan(out["total_paid"])],
        ["月内部收益率", pct(result.irr_monthly, 4)],
        ["名义年化利率（12 × 月内部收益率）", pct(result.apr_nominal, 2)],
        ["实际年化利率（按月复利）", pct(result.apr_effective, 2)],
        ["“月费率 × 12”的简单年化", pct(result.flat_annual_rate, 2)],
    ])


def results_frame(result):
    """The calculator's 计算结果 table as a pandas DataFrame (for the notebooks)."""
    import pandas as pd

    tbl = results_table(result)
    return pd.DataFrame(tbl["rows"], columns=tbl["columns"]).set_index("项目")


TITLE = "分期实际年化利率计算器"
INTRO = "输入本金、期数和月费率，按内部收益率法计算每月还款和实际年化利率。"
ENGINE_FIELDS = {"fees": "monthly_fee_rate"}


def fields() -> list[dict]:
    ex = example("ch2_penalty")
    return [
        field("principal", "借款本金（元）", "amount", ex["principal"], "分期的本金，例如 6000。",
           domain=amount_domain()),
        field("months", "期数（月）", "int", ex["months"], "按月还款的期数，例如 12。",
           domain=int_domain(1, MAX_MONTHS)),
        field("monthly_fee_rate", "月费率（%/月）", "rate", percent_text(ex["monthly_fee_rate"]),
           "按百分数填写：每月按原始本金收取 0.6% 的手续费，填 0.6。", domain=rate_domain()),
        field("upfront_fee", "放款时扣除的费用（元，没有填 0）", "amount", "0",
           "从到手金额中预先扣除的费用；没有就填 0。", domain=amount_domain(zero=True)),
    ]

def compute(form: Form) -> dict:
    rate = form.percent("monthly_fee_rate", below_100=True)
    upfront = form.text("upfront_fee") or "0"
    result = true_rate(form.text("principal"), form.text("months"), monthly_fee_rate=rate,
                       upfront_fee=upfront)
    out = result.to_dict()
    schedule = [[str(k), yuan(p), yuan(f)]
                for k, (p, f) in enumerate(zip(result.payments, result.fees), start=1)]
    summary = (
        f"本金 {yuan(result.principal)} 元分 {result.months} 期、月费率 {pct(rate)}"
        + (f"、放款时扣除 {yuan(result.upfront_fee)} 元" if result.upfront_fee else "")
        + "："
        + (f"每月还款 {yuan(out['payment'])} 元，" if out["payment"] is not None else "")
        + f"手续费合计 {yuan(out['total_fee'])} 元。按内部收益率法，月利率 {pct(result.irr_monthly, 4)}，"
        f"名义年化利率 {pct(result.apr_nominal, 2)}，实际年化利率（按月复利）{pct(result.apr_effective, 2)}；"
        f"“月费率 × 12”的简单算法只有 {pct(result.flat_annual_rate, 2)}，因为本金是逐月归还的，"
        "它低估了实际成本。利率是否合法取决于出借人类型，见罚息与利率上限计算器。"
        + colophon(out["provisions"])
    )
    return {
        "tables": [
            results_table(result),
            table("还款计划", ["期数", "当期还款（元）", "其中手续费（元）"], schedule),
            table("计算规则", ["说明"], [[n] for n in notes_zh(out)]),
        ],
        "summary": summary,
        "provisions": list(out["provisions"]),
        "warnings": [],
        "figure": None,
    }


# --- Command line (python -m overdue) ------------------------------------------


def _run_cli(args) -> dict:
    out = true_rate(
        args.principal,
        args.months,
        monthly_fee_rate=args.monthly_fee_rate,
        fees=args.fee,
        upfront_fee=args.upfront_fee,
    ).to_dict()
    return out | {"notes_zh": notes_zh(out)}


def register_cli(subparsers) -> None:
    p = subparsers.add_parser(
        "apr",
        help="分期的实际年化利率（内部收益率法）",
        description="由本金、期数和月费率（或逐月手续费）计算每月还款、月内部收益率和年化利率。",
    )
    p.add_argument("--principal", required=True, help="本金（元）")
    p.add_argument("--months", required=True, help="期数（月）")
    p.add_argument("--monthly-fee-rate", help="月费率（小数），例如 0.006")
    p.add_argument("--fee", action="append", metavar="AMOUNT", help="某一月的手续费，按月顺序重复给出")
    p.add_argument("--upfront-fee", default="0", help="放款时扣除的费用（默认 0）")
    p.set_defaults(run=_run_cli)
