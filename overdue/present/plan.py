"""The repayment-plan calculator: form, results, chart data. Engine: :mod:`overdue.planning`."""

from __future__ import annotations

import re
from decimal import Decimal

from .. import penalty_interest, planning
from ..errors import InputError
from .fmt import colophon, pct, table, unique, yuan
from .forms import Form, example, field, percent_text


TITLE = "还款计划计算器"
INTRO = ("输入逾期未还的各期欠款、罚息日利率、第一笔还款日和几个每月还款额，逐月计算多久还清、"
         "一共多付多少罚息，或者说明这个金额永远追不上罚息。")
ENGINE_FIELDS = {"installment": "installments", "due": "installments", "daily_rate": "rate"}


def fields() -> list[dict]:
    ex = example("ch6_plan")
    return [
        field("installments", "逾期未还的各期欠款（每行一期：到期日:金额，单位 元）", "lines",
           ex["installments"],
           "例如 2026-08-10:1000；金额是该期计收罚息的基数（通常为该期本金加手续费）。"),
        field("rate", "罚息日利率（%/日）", "rate", percent_text(ex["daily_rate"]), "按百分数填写：日利率万分之五填 0.05。"),
        field("start", "第一笔还款日（YYYY-MM-DD）", "date", ex["start"],
           "以后每月同一天还款（当月没有这一天的，在当月最后一天）；不能早于最早一期的到期日。"),
        field("monthly", "每月还款额（元；每行一个或用逗号分隔，可比较几个金额）", "lines",
           ex["monthly"], "例如 300、600、1000；逐月明细按第一个金额列出。"),
        field("order", "部分还款的分配顺序", "choice", "561",
           "没有另外约定时适用《民法典》第561条的顺序（先罚息、后本金）。",
           [[k, penalty_interest.ORDER_ZH[k]] for k in penalty_interest.ORDERS]),
        field("max_months", "最多计算的月数（月）", "int", str(planning.DEFAULT_MAX_MONTHS),
           f"超过这个月数仍未还清的，列为“期限内还不清”；最多 {planning.MAX_MONTHS} 个月。"),
    ]

def _balance_series(comparison) -> dict:
    """Chart data: what is still owed over time, one line per monthly amount (the engine's points)."""
    series = []
    for monthly, points in comparison.series().items():
        series.append({"label": f"每月还 {yuan(monthly)} 元",
                       "dates": [d.isoformat() for d, _ in points],
                       "values": [float(penalty_interest.q2(b)) for _, b in points]})
    return {
        "kind": "balance",
        "title": "剩余欠款随时间的变化（每次还款处竖直下降）",
        "x_label": "日期",
        "y_label": "元",
        "series": series,
        "start": comparison.plans[0].start.isoformat(),
    }


def compute(form: Form) -> dict:
    installments = form.pairs("installments")
    if not installments:
        raise InputError("installments", "至少需要一期逾期欠款，例如 2026-08-10:1000。",
                         "at least one instalment is required")
    amounts = [x.strip() for x in re.split(r"[\n,，、;；]", form.raw["monthly"]) if x.strip()]
    if not amounts:
        raise InputError("monthly", "至少填写一个每月还款额，例如 300。", "at least one monthly amount is required")
    rate = form.percent("rate", below_100=True)
    start = form.date("start")
    order = form.text("order")
    comparison = planning.compare_plans(installments, amounts, start=start, daily_rate=rate, order=order,
                                        max_months=form.text("max_months"))
    out = comparison.to_dict()
    plans = comparison.plans
    first = plans[0]

    rows = []
    for p in plans:
        d = p.to_dict()
        cleared = p.status == "cleared"
        rows.append([yuan(d["monthly"]), d["status_zh"],
                     str(d["months"]) if cleared else "—",
                     d["cleared_on"] if cleared else "—",
                     yuan(d["total_paid"]) if cleared else "—",
                     yuan(d["penalty_during_plan"]) if cleared else "—",
                     yuan(d["total_penalty"]) if cleared else "—"])
    schedule = [[str(r["number"]), r["date"], yuan(r["balance_before"]), yuan(r["accrued"]),
                 yuan(r["payment"]), yuan(r["to_penalty"]), yuan(r["to_principal"]),
                 yuan(r["balance_after"])] for r in first.to_dict(schedule=True)["schedule"]]
    provisions = list(out["provisions"])
    order_zh = ("部分还款按《民法典》第561条的顺序先抵罚息、后抵本金" if order == "561"
                else "部分还款按约定先抵本金、后抵罚息")
    summary = (
        f"{len(installments)} 期逾期欠款（合计 {yuan(sum((a for _, a in installments), Decimal(0)))} 元），"
        f"罚息日利率 {pct(rate)}，{order_zh}。" + comparison.opening_zh()
        + "".join(p.message() for p in plans)
        + "计算假定出借人接受每一笔还款、合同约定的利率和分配顺序不变；"
        "出借人可以拒绝部分履行，变更还款安排需要双方协商一致。"
        + colophon(provisions)
    )
    warnings = [p.message() for p in plans if p.status != "cleared"]
    return {
        "tables": [
            table("方案比较", ["每月还款（元）", "结果", "还清所需月数", "最后一笔还款日", "累计还款（元）",
                             "计划期间新增罚息（元）", "罚息合计（元）"], rows),
            table(f"逐月明细（每月 {yuan(first.monthly)} 元）",
                   ["期数", "还款日", "还款前欠款（元）", "本月新增罚息（元）", "本月还款（元）",
                    "其中抵罚息（元）", "其中抵本金（元）", "还款后欠款（元）"], schedule),
            table("计算规则", ["说明"], [[n] for n in out["notes"]]),
        ],
        "summary": summary,
        "provisions": provisions,
        "warnings": unique(warnings),
        "figure": _balance_series(comparison),
    }


# --- Command line (python -m overdue) ------------------------------------------


def _run_cli(args) -> dict:
    result = planning.compare_plans(
        args.installment,
        args.monthly,
        start=args.start,
        daily_rate=args.daily_rate,
        annual_rate=args.annual_rate,
        basis=args.basis,
        payments=args.payment or (),
        order=args.order,
        across=args.across,
        max_months=args.max_months,
    )
    return result.to_dict(schedule=args.schedule)


def register_cli(subparsers) -> None:
    p = subparsers.add_parser(
        "plan",
        help="还款计划：每月固定还款多久还清（可比较几个金额）",
        description=(
            "还款计划：从第一笔还款日起每月还固定金额，逐月计算罚息和余额，直到还清；"
            "或说明这个金额永远追不上罚息。罚息由 penalty 命令的同一引擎计算。"
        ),
    )
    p.add_argument("--installment", action="append", required=True, metavar="DATE:AMOUNT",
                   help="一期尚未还清的分期：到期日和金额，可重复，例如 2026-07-10:1000")
    p.add_argument("--monthly", action="append", required=True, metavar="AMOUNT",
                   help="每月还款额（元），可重复以比较几个金额，例如 --monthly 300 --monthly 600")
    p.add_argument("--start", required=True, help="第一笔还款日 YYYY-MM-DD")
    p.add_argument("--daily-rate", help="罚息日利率（小数），例如 0.0005")
    p.add_argument("--annual-rate", help="罚息年利率（小数），例如 0.18；与 --basis 一起用")
    p.add_argument("--basis", help="一年的天数：360 或 365（默认见 data/parameters.yaml）")
    p.add_argument("--payment", action="append", metavar="DATE:AMOUNT",
                   help="计划开始前已经还的钱，可重复")
    p.add_argument("--order", default="561", help="561（默认）或 principal-first")
    p.add_argument("--across", default="oldest-first", help="oldest-first（默认）或 by-kind")
    p.add_argument("--max-months", default=str(planning.DEFAULT_MAX_MONTHS), help="最多计算几个月（默认 120，最多 600）")
    p.add_argument("--schedule", action="store_true", help="输出逐月明细")
    p.set_defaults(run=_run_cli)
