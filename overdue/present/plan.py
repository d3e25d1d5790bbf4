"""The repayment-plan calculator, and the one set of words for :mod:`overdue.planning`.

The engine returns figures, a ``status`` code and convention codes; every
Chinese word for them is defined here, once: :data:`STATUS_ZH`,
:data:`ORDER_SHORT_ZH`, :func:`message_zh`, :func:`notes_zh`,
:func:`opening_zh`. Also here: the calculator (form, results, chart data), the
``plan`` command, and the notebooks' views (pandas tables and the SVG balance
chart; pandas and IPython are imported only when a view is asked for).
"""

from __future__ import annotations

from decimal import Decimal

from .. import penalty_interest, planning
from ..errors import InputError
from ..kernel import MAX_INSTALLMENTS, ZERO, q2
from .fmt import colophon, pct, table, unique, yuan
from .forms import (Form, add_schedule_options, apply_builder, cli_installments, cli_payments, date_domain, example,
                    field, int_domain, lines_domain, percent_text, rate_domain, schedule_fields)
from .penalty import ORDER_ZH
from .svg import figure_svg


TITLE = "还款计划计算器"
INTRO = ("输入逾期未还的各期欠款、罚息日利率、第一笔还款日和几个每月还款额，逐月计算多久还清、"
         "一共多付多少罚息，或者说明这个金额永远追不上罚息。")
ENGINE_FIELDS = {"installment": "installments", "due": "installments", "daily_rate": "rate"}


# --- The words ---------------------------------------------------------------------

STATUS_ZH = {"cleared": "还清", "never": "永远还不清", "horizon": "期限内还不清"}

# The allocation order of a partial payment, short (tables, sentences).
ORDER_SHORT_ZH = {"561": "先罚息、后本金（第561条）", "principal-first": "先本金、后罚息（另有约定）"}

# What the ``never`` test works on (by ``across``).
_STUCK_ZH = {"oldest-first": "最早一期尚未还清的本金", "by-kind": "全部逾期本金"}

_ASSUMES_ZH = "计算假定出借人接受每一笔还款、合同约定的利率和分配顺序不变；"

# planning.CONVENTIONS and the order/day-count codes of Plan.conventions.
_CONVENTION_ZH = {
    "penalty_engine": "罚息由本书的罚息引擎计算：自每期到期日次日起按日计收，还款当天按还款前余额计息，不计复利。",
    "same_day_monthly": "每月在与第一笔还款相同的日子还款；当月没有这一天的，在当月最后一天还款；不因节假日顺延。",
    "last_payment_rounded_up": "最后一笔按剩余欠款向上取整到分，多付不到 1 分钱。",
    "lender_accepts": _ASSUMES_ZH + "没有实现债权的费用，没有宽限期，没有减免。",
    "order:561": "部分还款先抵罚息、后抵本金（《民法典》第561条的顺序，除非合同另有约定）。",
    "order:principal-first": "部分还款先抵本金、后抵罚息（合同另有约定的顺序）。",
}

ACCEPTANCE_ZH = _ASSUMES_ZH + "出借人可以拒绝部分履行，变更还款安排需要双方协商一致。"


def notes_zh(plan) -> list[str]:
    """The rules a plan was computed by (:attr:`~overdue.planning.Plan.conventions`), in Chinese."""
    out = []
    for code in plan.conventions:
        if code.startswith("day_count:"):
            out.append(f"日利率 = 年利率 ÷ {code.split(':', 1)[1]} 天。")
        else:
            out.append(_CONVENTION_ZH[code])
    return out


def message_zh(plan) -> str:
    """One sentence on a plan's outcome (its ``status``)."""
    m = yuan(plan.monthly)
    if plan.status == "cleared":
        return f"每月还 {m} 元，第 {plan.months} 个月（{plan.cleared_on.isoformat()}）还清。"
    if plan.status == "never":
        return (
            f"每月还 {m} 元永远还不清：{_STUCK_ZH[plan.across]} {yuan(plan.stuck_base)} 元在最短的一个月"
            f"（{planning.SHORTEST_INTERVAL} 天）里就产生 {yuan(plan.stuck_floor)} 元罚息。按先罚息、后本金的顺序，"
            "每笔还款都被罚息用完，本金一分不减。"
        )
    return (
        f"每月还 {m} 元，{plan.max_months} 个月内还不清"
        f"（算到 {plan.last_payment_on.isoformat()}，仍欠 {yuan(plan.end_balance)} 元）。"
    )


def opening_zh(comparison) -> str:
    """One sentence on the position on the first payment date (the same for every plan)."""
    p = comparison.plans[0]
    return (
        f"第一笔还款日（{p.start.isoformat()}）还款前共欠 {yuan(p.opening_balance)} 元，"
        f"其中已产生罚息 {yuan(p.opening_penalty)} 元；"
        f"已到期的本金每天新增罚息 {yuan(p.daily_penalty_at_start)} 元。"
    )


# --- The calculator ------------------------------------------------------------------


def fields() -> list[dict]:
    ex = example("ch6_plan")
    return schedule_fields(payments=False, what_zh="逾期未还的各期欠款") + [
        field("installments", "逾期未还的各期欠款（每行一期：到期日:金额，单位 元）", "lines",
           ex["installments"],
           "例如 2026-08-10:1000；金额是该期计收罚息的基数（通常为该期本金加手续费）。"
           "也可以用上面几栏生成，再删去已还清的各期。",
           domain=lines_domain(MAX_INSTALLMENTS)),
        field("rate", "罚息日利率（%/日）", "rate", percent_text(ex["daily_rate"]), "按百分数填写：日利率万分之五填 0.05。",
           domain=rate_domain()),
        field("start", "第一笔还款日（YYYY-MM-DD）", "date", ex["start"],
           "以后每月同一天还款（当月没有这一天的，在当月最后一天）；不能早于最早一期的到期日。",
           domain=date_domain()),
        field("monthly", "每月还款额（元；每行一个或用逗号分隔，可比较几个金额）", "lines",
           ex["monthly"], "例如 300、600、1000；逐月明细按第一个金额列出。",
           domain=lines_domain(planning.MAX_PLANS, date=False)),
        field("order", "部分还款的分配顺序", "choice", "561",
           "没有另外约定时适用《民法典》第561条的顺序（先罚息、后本金）。",
           [[k, ORDER_ZH[k]] for k in penalty_interest.ORDERS]),
        field("max_months", "最多计算的月数（月）", "int", str(planning.DEFAULT_MAX_MONTHS),
           f"超过这个月数仍未还清的，列为“{STATUS_ZH['horizon']}”；最多 {planning.MAX_MONTHS} 个月。",
           domain=int_domain(1, planning.MAX_MONTHS)),
    ]


BALANCE_TITLE = "剩余欠款随时间的变化（每次还款处竖直下降）"


def balance_figure(comparison, title: str = BALANCE_TITLE) -> dict:
    """Chart data (``kind: balance``): what is still owed over time, one line per monthly amount."""
    series = []
    for monthly, points in comparison.series().items():
        series.append({"label": f"每月还 {yuan(monthly)} 元",
                       "dates": [d.isoformat() for d, _ in points],
                       "values": [float(q2(b)) for _, b in points]})
    return {
        "kind": "balance",
        "title": title,
        "x_label": "日期",
        "y_label": "元",
        "series": series,
        "start": comparison.plans[0].start.isoformat(),
    }


def compute(form: Form) -> dict:
    updates = apply_builder(form, payments=None)  # the lines built from 借款本金, 期数 …, when asked to
    installments = form.pairs("installments")
    if not installments:
        raise InputError("installments", "至少需要一期逾期欠款，例如 2026-08-10:1000。",
                         "at least one instalment is required")
    amounts = form.items("monthly")  # one amount each, split at new lines, commas or semicolons
    if not amounts:
        raise InputError("monthly", "至少填写一个每月还款额，例如 300。", "at least one monthly amount is required")
    rate = form.percent("rate", below_100=True)
    start = form.date("start")
    order = form.text("order")
    comparison = planning.compare_plans(installments, amounts, start=start, daily_rate=rate, order=order,
                                        max_months=form.text("max_months"))
    plans = comparison.plans
    first = plans[0]

    rows = []
    for p in plans:
        cleared = p.status == "cleared"
        rows.append([yuan(p.monthly), STATUS_ZH[p.status],
                     str(p.months) if cleared else "—",
                     p.cleared_on.isoformat() if cleared else "—",
                     yuan(p.total_paid) if cleared else "—",
                     yuan(p.penalty_during_plan) if cleared else "—",
                     yuan(p.total_penalty) if cleared else "—"])
    schedule = [[str(r.number), r.date.isoformat(), yuan(r.balance_before), yuan(r.accrued),
                 yuan(r.payment), yuan(r.to_penalty), yuan(r.to_principal),
                 yuan(max(r.balance_after, ZERO))] for r in first.rows]
    provisions = list(comparison.to_dict()["provisions"])
    summary = (
        f"{len(installments)} 期逾期欠款（合计 {yuan(sum((a for _, a in installments), Decimal(0)))} 元），"
        f"罚息日利率 {pct(rate)}，部分还款{ORDER_SHORT_ZH[first.order]}。" + opening_zh(comparison)
        + "".join(message_zh(p) for p in plans)
        + ACCEPTANCE_ZH
        + colophon(provisions)
    )
    warnings = [message_zh(p) for p in plans if p.status != "cleared"]
    return {
        **({"form_updates": updates} if updates else {}),
        "tables": [
            table("方案比较", ["每月还款（元）", "结果", "还清所需月数", "最后一笔还款日", "累计还款（元）",
                             "计划期间新增罚息（元）", "罚息合计（元）"], rows),
            table(f"逐月明细（每月 {yuan(first.monthly)} 元）",
                   ["期数", "还款日", "还款前欠款（元）", "本月新增罚息（元）", "本月还款（元）",
                    "其中抵罚息（元）", "其中抵本金（元）", "还款后欠款（元）"], schedule),
            table("计算规则", ["说明"], [[n] for n in notes_zh(first)]),
        ],
        "summary": summary,
        "provisions": provisions,
        "warnings": unique(warnings),
        "figure": balance_figure(comparison),
    }


# --- Views for the notebooks (pandas, the SVG chart) -----------------------------------


def _money(x) -> float:
    return float(q2(x))


def comparison_frame(comparison):
    """One row per monthly amount (amounts rounded to 0.01 yuan; months and totals only for cleared plans)."""
    import pandas as pd  # notebooks only

    rows = []
    for p in comparison.plans:
        cleared = p.status == "cleared"
        rows.append({
            "每月还款": _money(p.monthly),
            "结果": STATUS_ZH[p.status],
            "还清所需月数": p.months if cleared else None,
            "最后一笔还款日": p.cleared_on.isoformat() if cleared else None,
            "累计还款": _money(p.total_paid) if cleared else None,
            "计划期间新增罚息": _money(p.penalty_during_plan) if cleared else None,
            "罚息合计": _money(p.total_penalty) if cleared else None,
        })
    return pd.DataFrame(rows).set_index("每月还款")


def schedule_frame(plan):
    """A plan's month-by-month schedule (amounts rounded to 0.01 yuan), indexed by 期数."""
    import pandas as pd  # notebooks only

    return pd.DataFrame([
        {
            "期数": r.number,
            "还款日": r.date.isoformat(),
            "还款前欠款": _money(r.balance_before),
            "本月新增罚息": _money(r.accrued),
            "本月还款": _money(r.payment),
            "其中抵罚息": _money(r.to_penalty),
            "其中抵本金": _money(r.to_principal),
            "还款后欠款": _money(max(r.balance_after, ZERO)),
        }
        for r in plan.rows
    ]).set_index("期数")


def orders_frame(plans):
    """Plans for the same amount under different allocation orders, one row per order (分配顺序)."""
    import pandas as pd  # notebooks only

    return pd.DataFrame([
        {"分配顺序": ORDER_SHORT_ZH[p.order], "还清所需月数": p.months,
         "累计还款": _money(p.total_paid), "罚息合计": _money(p.total_penalty)}
        for p in plans
    ]).set_index("分配顺序")


def balance_chart(comparison, title: str = BALANCE_TITLE):
    """The calculator's SVG balance chart of a comparison, for a notebook cell."""
    from IPython.display import SVG  # notebooks only

    return SVG(figure_svg(balance_figure(comparison, title)))


# --- Command line (python -m overdue) ------------------------------------------


def _run_cli(args) -> dict:
    result = planning.compare_plans(
        cli_installments(args, args.installment),
        args.monthly,
        start=args.start,
        daily_rate=args.daily_rate,
        annual_rate=args.annual_rate,
        day_count=args.day_count,
        payments=cli_payments(args, args.payment),
        order=args.order,
        across=args.across,
        max_months=args.max_months,
    )
    out = result.to_dict(schedule=args.schedule)
    for d, p in zip(out["plans"], result.plans):
        d["status_zh"] = STATUS_ZH[p.status]
        d["message_zh"] = message_zh(p)
    out["opening_zh"] = opening_zh(result)
    out["notes_zh"] = notes_zh(result.plans[0])
    return out


def register_cli(subparsers) -> None:
    p = subparsers.add_parser(
        "plan",
        help="还款计划：每月固定还款多久还清（可比较几个金额）",
        description=(
            "还款计划：从第一笔还款日起每月还固定金额，逐月计算罚息和余额，直到还清；"
            "或说明这个金额永远追不上罚息。罚息由 penalty 命令的同一引擎计算。"
        ),
    )
    p.add_argument("--installment", action="append", metavar="DATE:AMOUNT",
                   help="一期尚未还清的分期：到期日和金额，可重复，例如 2026-07-10:1000（或用 --first-due 等生成）")
    p.add_argument("--monthly", action="append", required=True, metavar="AMOUNT",
                   help="每月还款额（元），可重复以比较几个金额，例如 --monthly 300 --monthly 600")
    p.add_argument("--start", required=True, help="第一笔还款日 YYYY-MM-DD")
    p.add_argument("--daily-rate", help="罚息日利率（小数），例如 0.0005")
    p.add_argument("--annual-rate", help="罚息年利率（小数），例如 0.18；与 --day-count 一起用")
    p.add_argument("--day-count", help="一年的天数：360 或 365（默认见 data/parameters.yaml）")
    p.add_argument("--payment", action="append", metavar="DATE:AMOUNT",
                   help="计划开始前已经还的钱，可重复")
    add_schedule_options(p, payments=True)
    p.add_argument("--order", default="561", help="561（默认）或 principal-first")
    p.add_argument("--across", default="oldest-first", help="oldest-first（默认）或 by-kind")
    p.add_argument("--max-months", default=str(planning.DEFAULT_MAX_MONTHS), help="最多计算几个月（默认 120，最多 600）")
    p.add_argument("--schedule", action="store_true", help="输出逐月明细")
    p.set_defaults(run=_run_cli)
