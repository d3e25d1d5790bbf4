"""The penalty-and-caps calculator: form, results, chart data.

Engines: :mod:`overdue.penalty_interest` (《民法典》第676条、第561条) and
:mod:`overdue.caps`.
"""

from __future__ import annotations

from decimal import Decimal

from .. import caps, penalty_interest
from ..errors import InputError
from ..kernel import default_day_count
from .fmt import colophon, pct, table, unique, yuan
from .forms import Form, example, field, percent_text


TITLE = "罚息与利率上限计算器"
INTRO = ("输入各期欠款、部分还款和合同约定的罚息利率，计算截至计算日期的罚息和应还总额，"
         "比较《民法典》第561条的分配顺序与先还本金的顺序，并按出借人类型和合同成立日给出适用的利率上限。")


def fields() -> list[dict]:
    ex = example("ch2_penalty")
    grace_zh = {
        "retroactive": "宽限期内还清免收；逾期超过宽限期的，从到期日次日起算",
        "deferred": "宽限期内一律不计，宽限期届满次日起算",
    }
    return [
        field("installments", "各期欠款（每行一期：到期日:金额，单位 元）", "lines", ex["installments"],
           "例如 2025-01-10:1000；金额是该期计收罚息的基数（通常为该期本金加手续费）。"),
        field("payments", "还款（每行一笔：日期:金额，单位 元；没有就留空）", "lines", ex["payments"],
           "按时还款和部分还款都填，例如 2024-11-20:600；还款当天仍按还款前的余额计息。"),
        field("rate_kind", "罚息利率的类型", "choice", "daily", "合同写的是日利率还是年利率。",
           [["daily", "日利率（%/日）"], ["annual", "年利率（%/年）"]]),
        field("rate", "罚息利率（%）", "rate", percent_text(ex["daily_rate"]),
           "按百分数填写：日利率万分之五填 0.05；年利率 18% 填 18。"),
        field("basis", "年利率折算日利率时一年的天数（天，仅年利率使用）", "choice", "",
           "留作默认即按本书采用的惯例（data/parameters.yaml）。",
           [["", "本书惯例"], ["360", "360 天"], ["365", "365 天"]]),
        field("as_of", "计算日期（含当天，YYYY-MM-DD）", "date", ex["as_of"], "罚息计算到这一天（含）为止。"),
        field("order", "部分还款的分配顺序", "choice", "561",
           "没有另外约定时适用《民法典》第561条的顺序。",
           [[k, penalty_interest.ORDER_ZH[k]] for k in penalty_interest.ORDERS]),
        field("grace_days", "宽限期（天）", "int", "0", "没有宽限期填 0。"),
        field("grace_mode", "宽限期的计算方式", "choice", "retroactive", "只在宽限期大于 0 天时有影响。",
           [[k, grace_zh[k]] for k in penalty_interest.GRACE_MODES]),
        field("lender", "出借人类型", "choice", ex["lender"],
           "决定适用哪一种利率上限：民间借贷的 LPR 倍数上限只适用于民间借贷。",
           [[k, caps.LENDER_ZH[k]] for k in caps.LENDERS]),
        field("contract_date", "借款合同成立日（YYYY-MM-DD）", "date", ex["contract_date"],
           "民间借贷的上限按合同成立时的一年期 LPR 计算。"),
    ]

# Engine field names → form field names, for placing an engine's error.
ENGINE_FIELDS = {
    "installment": "installments",
    "payment": "payments",
    "daily_rate": "rate",
    "annual_rate": "rate",
    "filing_date": "contract_date",
}


def _owed_series(result) -> dict:
    """Chart data: what is owed (due principal + payable penalty + costs) after each event.

    A running total of the engine's own ledger rows; the last point equals the
    engine's ``total_due`` (checked by the tests). Accrual is linear between two
    points, so one point per ledger row draws the curve exactly.
    """
    owed = Decimal(0)
    dates, values, markers = [], [], []

    def point(day):
        dates.append(day.isoformat())
        values.append(float(owed))

    for row in result.ledger:
        if row.kind == "accrual":
            owed += row.accrued - row.in_grace
            point(row.end)
            continue
        if dates:
            point(row.start)  # just before the event: draws the step as a vertical line
        if row.kind in ("due", "cost"):
            owed += row.base
        elif row.kind == "grace-end":
            number = row.installments[0]
            if result.state.waived[number - 1] == 0:  # held penalty became payable
                owed += row.accrued
        elif row.kind in ("payment", "credit"):
            owed -= row.payment - row.to_credit if row.kind == "payment" else row.payment
        point(row.start)
        if row.kind == "payment":
            markers.append({"date": row.start.isoformat(), "value": float(owed),
                            "label": f"还款 {yuan(row.payment)} 元"})
    return {
        "kind": "owed",
        "title": "应还金额随时间的变化（已到期本金 + 未还罚息 + 未还费用）",
        "x_label": "日期",
        "y_label": "元",
        "series": [{"label": "应还金额", "dates": dates, "values": values}],
        "markers": markers,
        "as_of": result.as_of.isoformat(),
    }


def compute(form: Form) -> dict:
    installments = form.pairs("installments")
    if not installments:
        raise InputError("installments", "至少需要一期欠款，例如 2025-01-10:1000。",
                         "at least one instalment is required")
    payments = form.pairs("payments")
    as_of = form.date("as_of")
    contract = form.date("contract_date")
    kind = form.text("rate_kind")
    rate = form.percent("rate", below_100=kind == "daily")
    if kind == "daily":
        rate_kw = {"daily_rate": rate}
    else:
        rate_kw = {"annual_rate": rate, "basis": form.text("basis") or None}
    common = dict(as_of=as_of, grace_days=form.text("grace_days") or "0",
                  grace_mode=form.text("grace_mode"), **rate_kw)
    order = form.text("order")

    try:
        result = penalty_interest.compute_penalty(installments, payments, order=order, **common)
    except InputError as err:
        if err.field not in ("daily_rate", "annual_rate"):
            raise
        # The engine speaks of fractions (0.18); the form takes percent (18).
        raise InputError("rate", f"{pct(rate)} 超出了可以计算的范围：利率不能为负数，折算的日利率必须小于 100%。"
                         "按百分数填写，例如日利率万分之五填 0.05，年利率 18% 填 18。",
                         f"rate out of range: {err.message_en}") from None
    compared = penalty_interest.compare_orders(installments, payments, **common)
    out = result.to_dict()
    t = result.totals
    year = result.basis or default_day_count(as_of)

    # --- the cap that applies, and the excess -----------------------------------
    warnings: list[str] = []
    provisions = list(out["provisions"])
    cap_rows = [["出借人类型", caps.LENDER_ZH[form.text("lender")]],
                ["借款合同成立日", contract.isoformat()]]
    cap_line = "未能确定"
    excess_text = ""
    try:
        cap = caps.cap_for(form.text("lender"), contract)
    except InputError as err:
        cap = None
        cap_rows.append(["适用的上限", "本计算器不涵盖"])
        cap_rows.append(["说明", err.message_zh])
        warnings.append("利率上限：" + err.message_zh)
    if cap is not None:
        provisions += list(cap.provisions)
        warnings += list(cap.warnings)
        # The contract rate annualised, by the caps engine (1 yuan for 1 day).
        check = caps.excess_over_cap(result.daily_rate, 1, 1, cap, basis=year)
        annualised = check["annualised_rate"]
        label = ("司法调减线（年利率）" if cap.regime == "financial-loan-judicial-line"
                 else "适用的利率上限（年利率）")
        if cap.cap_annual_rate is None:
            cap_line = "没有单一的上限数字"
            cap_rows.append([label, cap_line])
        else:
            cap_line = pct(cap.cap_annual_rate)
            cap_rows.append([label, cap_line])
        cap_rows.append(["合同罚息利率折合年利率", f"{pct(annualised)}（一年按 {year} 天）"])
        if cap.cap_annual_rate is not None and annualised > cap.cap_annual_rate:
            capped = penalty_interest.compute_penalty(installments, payments, order=order, **dict(
                common, daily_rate=None, annual_rate=cap.cap_annual_rate, basis=year))
            ct = capped.totals
            cap_rows.append(["按上限利率计算的罚息（元）", yuan(ct["penalty"])])
            cap_rows.append(["超出上限的罚息（元）", yuan(t["penalty"] - ct["penalty"])])
            cap_rows.append(["按上限计算的应还总额（元）", yuan(ct["total_due"])])
            cap_rows.append(["应还总额超出部分（元）", yuan(t["total_due"] - ct["total_due"])])
            excess_text = (f"合同罚息利率折合年利率 {pct(annualised)}，高于{label.split('（')[0]} {cap_line}；"
                           f"按该利率计算，罚息应为 {yuan(ct['penalty'])} 元，"
                           f"超出部分 {yuan(t['penalty'] - ct['penalty'])} 元。")
        elif cap.cap_annual_rate is not None:
            cap_rows.append(["超出上限的罚息（元）", "0.00（未超过）"])
            excess_text = (f"合同罚息利率折合年利率 {pct(annualised)}，未超过"
                           f"{label.split('（')[0]} {cap_line}。")
        else:
            excess_text = f"{caps.LENDER_ZH[cap.lender]}的借款没有单一的上限数字，无法计算超出部分。"
        cap_rows.append(["依据", cap.basis])
        warnings.append("利率上限或调减线针对利息、罚息、违约金和其他费用的总和；这里只比较了罚息。"
                        "合同如果还收取利息或其他费用，应当合并计算。")
    provisions = unique(provisions)

    totals_rows = [
        ["逾期天数（最早一期未还清的）", str(out["overdue_days"])],
        ["罚息合计（元）", yuan(out["penalty"])],
        ["其中已还罚息（元）", yuan(out["paid_penalty"])],
        ["未还罚息（元）", yuan(out["unpaid_penalty"])],
        ["已还本金（元）", yuan(out["paid_principal"])],
        ["已到期未还本金（元）", yuan(out["outstanding_principal"])],
        ["应还总额（元）", yuan(out["total_due"])],
    ]
    if out["pending_penalty"]:
        totals_rows.append(["宽限期内暂不计收的罚息（元）", yuan(out["pending_penalty"])])
    if out["waived_penalty"]:
        totals_rows.append(["宽限期内还清而免收的罚息（元）", yuan(out["waived_penalty"])])
    if out["not_yet_due_principal"]:
        totals_rows.append(["尚未到期的本金（元）", yuan(out["not_yet_due_principal"])])
    if out["credit"]:
        totals_rows.append(["多还的款项（预付款，元）", yuan(out["credit"])])

    per_inst = [[str(r["installment"]), r["due"], yuan(r["amount"]), yuan(r["penalty"]),
                 yuan(r["paid_penalty"]), yuan(r["unpaid_penalty"]), yuan(r["paid_principal"]),
                 yuan(r["outstanding_principal"])] for r in out["installments"]]
    a, b, d = compared["561"], compared["principal-first"], compared["difference"]
    cmp_rows = [[zh, yuan(a[k]), yuan(b[k]), yuan(d[k])] for k, zh in (
        ("penalty", "罚息合计（元）"), ("paid_penalty", "已还罚息（元）"),
        ("paid_principal", "已还本金（元）"), ("unpaid_penalty", "未还罚息（元）"),
        ("outstanding_principal", "已到期未还本金（元）"), ("total_due", "应还总额（元）"))]
    ledger_rows = []
    for r in result.ledger:
        alloc = "；".join(f"{'' if no is None else f'第{no}期'}{penalty_interest._COMPONENT_ZH[c]} {yuan(v)}"
                         for no, c, v in r.allocation)
        ledger_rows.append([
            penalty_interest._KIND_ZH[r.kind], r.start.isoformat(), r.end.isoformat(),
            str(r.days) if r.kind == "accrual" else "",
            yuan(r.base) if r.kind in ("accrual", "due", "cost") else "",
            yuan(r.accrued) if r.kind in ("accrual", "grace-end") else "",
            yuan(r.payment) if r.payment else "", alloc, r.note])

    rate_zh = (f"日利率 {pct(result.daily_rate)}" if kind == "daily"
               else f"年利率 {pct(result.annual_rate)}（一年按 {result.basis} 天）")
    principal_total = sum((amount for _, amount in installments), Decimal(0))
    summary = (
        f"截至 {as_of.isoformat()}，{len(installments)} 期欠款（合计 {yuan(principal_total)} 元）"
        + (f"、{len(payments)} 笔还款" if payments else "")
        + f"，最早一期未还清的已逾期 {out['overdue_days']} 天。按{rate_zh} 计算罚息，"
        f"部分还款{'按《民法典》第561条的顺序（先费用、再罚息、后本金）' if order == '561' else '按约定的先本金、再罚息、后费用的顺序'}"
        f"分配：罚息共 {yuan(out['penalty'])} 元，其中未还 {yuan(out['unpaid_penalty'])} 元；"
        f"应还总额 {yuan(out['total_due'])} 元。"
        f"按第561条的顺序与按先本金的顺序相比，应还总额相差 {yuan(d['total_due'])} 元。"
        + excess_text + colophon(provisions)
    )
    return {
        "tables": [
            table("计算结果", ["项目", "数值"], totals_rows),
            table("各期明细", ["期数", "到期日", "金额（元）", "罚息（元）", "已还罚息（元）",
                            "未还罚息（元）", "已还本金（元）", "未还本金（元）"], per_inst),
            table("两种分配顺序的比较", ["项目", "第561条顺序", "先本金", "差额（第561条 − 先本金）"],
                   cmp_rows),
            table("利率上限", ["项目", "内容"], cap_rows),
            table("分段明细", ["类型", "起", "止", "天数", "基数（元）", "罚息（元）", "还款（元）",
                            "分配", "说明"], ledger_rows),
            table("计算规则", ["说明"], [[n] for n in out["notes"]]),
        ],
        "summary": summary,
        "provisions": provisions,
        "warnings": unique(warnings),
        "figure": _owed_series(result),
    }


# --- Command line (python -m overdue) ------------------------------------------


def _run_cli(args) -> dict:
    kwargs = dict(
        daily_rate=args.daily_rate,
        annual_rate=args.annual_rate,
        basis=args.basis,
        as_of=args.as_of,
        grace_days=args.grace_days,
        grace_mode=args.grace_mode,
        order=args.order,
        across=args.across,
        costs=args.cost or (),
    )
    result = penalty_interest.compute_penalty(args.installment, args.payment or (), **kwargs)
    out = result.to_dict(ledger=args.ledger)
    if args.compare:
        out["compare_orders"] = penalty_interest.compare_orders(args.installment, args.payment or (), **kwargs)
    return out


def register_cli(subparsers) -> None:
    p = subparsers.add_parser(
        "penalty",
        help="逾期分期的罚息（含部分还款的分配）",
        description="逾期分期的罚息：按事件分段计算，部分还款按《民法典》第561条或约定顺序分配。",
    )
    p.add_argument("--installment", action="append", required=True, metavar="DATE:AMOUNT",
                   help="一期的到期日和金额，可重复，例如 2025-01-10:1000")
    p.add_argument("--payment", action="append", metavar="DATE:AMOUNT", help="一笔还款，可重复")
    p.add_argument("--cost", action="append", metavar="DATE:AMOUNT", help="实现债权的有关费用，可重复")
    p.add_argument("--daily-rate", help="日利率（小数），例如 0.0005")
    p.add_argument("--annual-rate", help="年利率（小数），例如 0.18；与 --basis 一起用")
    p.add_argument("--basis", help="一年的天数：360 或 365（默认见 data/parameters.yaml）")
    p.add_argument("--as-of", required=True, help="计算日期 YYYY-MM-DD（含当天）")
    p.add_argument("--order", default="561", help="561（默认）或 principal-first")
    p.add_argument("--across", default="oldest-first", help="oldest-first（默认）或 by-kind")
    p.add_argument("--grace-days", default="0", help="宽限期天数（默认 0）")
    p.add_argument("--grace-mode", default="retroactive", help="retroactive（默认）或 deferred")
    p.add_argument("--ledger", action="store_true", help="输出分段明细")
    p.add_argument("--compare", action="store_true", help="同时给出两种分配顺序的差额")
    p.set_defaults(run=_run_cli)
