"""The penalty-and-caps calculator: form, words, tables, chart data, CLI, pandas views.

Engines: :mod:`overdue.penalty_interest` (《民法典》第676条、第561条) and
:mod:`overdue.caps`. Every Chinese word about a penalty computation — the
allocation orders, the ledger's row kinds and notes, the notes on the rules,
the comparison of the two orders — is defined here, once; chapter 二's cells
and the calculator both call these functions.
"""

from __future__ import annotations

from decimal import Decimal

from .. import caps, penalty_interest
from ..errors import InputError
from . import caps as caps_view
from .fmt import cites, colophon, pct, table, unique, yuan
from ..kernel import MAX_GRACE_DAYS, MAX_INSTALLMENTS, MAX_PAYMENTS, RATE_DECIMALS
from .forms import (Form, add_schedule_options, apply_builder, cli_installments, cli_payments, date_domain, example,
                    field, int_domain, lines_domain, percent_text, schedule_fields)

TITLE = "罚息与利率上限计算器"
INTRO = ("输入各期欠款、部分还款和合同约定的罚息利率，计算截至计算日期的罚息和应还总额，"
         "比较《民法典》第561条的分配顺序与先还本金的顺序，并按出借人类型和合同成立日给出适用的利率上限。")

# --- The vocabulary of a penalty computation ----------------------------------------

ORDER_ZH = {
    "561": "先实现债权的费用、再利息（罚息）、后本金（《民法典》第561条）",
    "principal-first": "先本金、再罚息、后费用（合同另有约定的顺序）",
}
ORDER_IN_SUMMARY_ZH = {
    "561": "按《民法典》第561条的顺序（先费用、再罚息、后本金）",
    "principal-first": "按约定的先本金、再罚息、后费用的顺序",
}
ACROSS_ZH = {
    "oldest-first": "多期逾期时先还最早到期的一期，还清一期再还下一期",
    "by-kind": "把整笔借款当作一个债务：先还各期全部罚息（或本金），期内按到期先后",
}
ACROSS_LABEL_ZH = {  # the same two choices, as a short heading
    "oldest-first": "逐期：先还最早到期的一期",
    "by-kind": "整笔：先还各期全部罚息（或本金）",
}
GRACE_MODE_ZH = {
    "retroactive": "宽限期内还清免收；逾期超过宽限期的，从到期日次日起算",
    "deferred": "宽限期内一律不计，宽限期届满次日起算",
}
KIND_ZH = {
    "accrual": "计息",
    "due": "到期",
    "cost": "费用",
    "payment": "还款",
    "credit": "预付款冲抵",
    "grace-end": "宽限期届满",
}
COMPONENT_ZH = {"costs": "费用", "penalty": "罚息", "principal": "本金"}
GRACE_OUTCOME_ZH = {
    "held-payable": "宽限期届满仍未还清：宽限期内的罚息转为应付",
    "held-waived": "宽限期内已还清本金：宽限期内的罚息免收",
}


def allocation_zh(row) -> str:
    """Where a payment went: ``第3期罚息 8.04；第3期本金 527.96``."""
    return "；".join(f"{'' if no is None else f'第{no}期'}{COMPONENT_ZH[c]} {yuan(v)}"
                    for no, c, v in row.allocation)


def row_note_zh(row) -> str:
    """The note on one ledger row, from its kind and outcome."""
    if row.kind == "due":
        return f"第{row.installments[0]}期到期，金额 {yuan(row.base)}"
    if row.kind == "cost":
        return "实现债权的有关费用"
    if row.kind == "credit":
        return "用此前多还的款项冲抵"
    if row.kind == "payment":
        return "多还的部分留作预付款" if row.to_credit else ""
    if row.kind == "grace-end":
        return GRACE_OUTCOME_ZH[row.outcome]
    return ""


def _rule_zh(rule: dict) -> str:
    code = rule["code"]
    if code == "accrual-from-next-day":
        return f"罚息自每期到期日的次日起算（{cites(rule['provisions'])}），计至计算日当天（含）。"
    if code == "payment-day-on-old-balance":
        return "还款当天按还款前的余额计息，还款从次日起减少计息基数。"
    if code == "allocation":
        return (f"部分还款的分配顺序：{ORDER_ZH[rule['order']]}；{ACROSS_ZH[rule['across']]}"
                "（本引擎的默认规则）。")
    if code == "no-compounding":
        return "罚息不再计罚息（不计复利）。金额只在显示时四舍五入到分。"
    if code == "grace":
        if rule["mode"] == "retroactive":
            return (f"宽限期 {rule['days']} 天：宽限期内还清本金的，该期不收罚息；"
                    "届满仍未还清的，自到期日次日起按实际欠款计收罚息。")
        return f"宽限期 {rule['days']} 天：宽限期内不计罚息，届满次日起计。"
    if code == "daily-rate-from-annual":
        return f"日利率 = 年利率 ÷ {rule['day_count']} 天。"
    raise KeyError(f"no wording for rule {code!r}")


def parameter_notes_zh(parameters) -> list[str]:
    """Notes on the dated parameters an engine read, where a reader must be told."""
    out = []
    for p in parameters:
        if p["name"] == "day_count_basis" and p.get("before_first_value"):
            out.append(f"{p['on']} 早于本书一年天数惯例（data/parameters.yaml 的 day_count_basis）"
                       f"的起始日 {p['first_value_from']}，仍按该惯例的 {p['value']} 天折算。")
    return out


def notes_zh(result) -> list[str]:
    """The rules a computation applied, in Chinese (a PenaltyResult or its ``to_dict()``)."""
    if isinstance(result, dict):
        rules, parameters = result["rules"], result["parameters"]
    else:
        rules, parameters = result.rules(), result.parameters
    return [_rule_zh(r) for r in rules] + parameter_notes_zh(parameters)


def orders_explanation_zh(compared: dict) -> str:
    """What the 561 order costs compared with principal-first (``orders_compared``'s dict)."""
    return ("按第561条的顺序，部分还款先抵罚息，本金减少得慢，之后的罚息按较高的本金计算；"
            f"与先还本金相比，截至 {compared['as_of']} 应还总额多 {yuan(compared['difference']['total_due'])} 元。")


# --- Tables (the calculator's, and the notebooks' through the frames below) --------------


def totals_table(out: dict) -> dict:
    """计算结果: the totals of ``PenaltyResult.to_dict()``."""
    rows = [
        ["逾期天数（最早一期未还清的）", str(out["overdue_days"])],
        ["罚息合计（元）", yuan(out["penalty"])],
        ["其中已还罚息（元）", yuan(out["paid_penalty"])],
        ["未还罚息（元）", yuan(out["unpaid_penalty"])],
        ["已还本金（元）", yuan(out["paid_principal"])],
        ["已到期未还本金（元）", yuan(out["outstanding_principal"])],
        ["应还总额（元）", yuan(out["total_due"])],
    ]
    if out["pending_penalty"]:
        rows.append(["宽限期内暂不计收的罚息（元）", yuan(out["pending_penalty"])])
    if out["waived_penalty"]:
        rows.append(["宽限期内还清而免收的罚息（元）", yuan(out["waived_penalty"])])
    if out["not_yet_due_principal"]:
        rows.append(["尚未到期的本金（元）", yuan(out["not_yet_due_principal"])])
    if out["credit"]:
        rows.append(["多还的款项（预付款，元）", yuan(out["credit"])])
    return table("计算结果", ["项目", "数值"], rows)


def installments_table(out: dict) -> dict:
    rows = [[str(r["installment"]), r["due"], yuan(r["amount"]), yuan(r["penalty"]),
             yuan(r["paid_penalty"]), yuan(r["unpaid_penalty"]), yuan(r["paid_principal"]),
             yuan(r["outstanding_principal"])] for r in out["installments"]]
    return table("各期明细", ["期数", "到期日", "金额（元）", "罚息（元）", "已还罚息（元）",
                          "未还罚息（元）", "已还本金（元）", "未还本金（元）"], rows)


def orders_table(compared: dict) -> dict:
    """两种分配顺序的比较 (``orders_compared``'s dict)."""
    a, b, d = compared["561"], compared["principal-first"], compared["difference"]
    rows = [[zh, yuan(a[k]), yuan(b[k]), yuan(d[k])] for k, zh in (
        ("penalty", "罚息合计（元）"), ("paid_penalty", "已还罚息（元）"),
        ("paid_principal", "已还本金（元）"), ("unpaid_penalty", "未还罚息（元）"),
        ("outstanding_principal", "已到期未还本金（元）"), ("total_due", "应还总额（元）"))]
    return table("两种分配顺序的比较", ["项目", "第561条顺序", "先本金", "差额（第561条 − 先本金）"], rows)


def ledger_table(result) -> dict:
    rows = []
    for r in result.ledger:
        rows.append([
            KIND_ZH[r.kind], r.start.isoformat(), r.end.isoformat(),
            str(r.days) if r.kind == "accrual" else "",
            yuan(r.base) if r.kind in ("accrual", "due", "cost") else "",
            yuan(r.accrued) if r.kind in ("accrual", "grace-end") else "",
            yuan(r.payment) if r.payment else "", allocation_zh(r), row_note_zh(r)])
    return table("分段明细", ["类型", "起", "止", "天数", "基数（元）", "罚息（元）", "还款（元）",
                          "分配", "说明"], rows)


def rules_table(result) -> dict:
    return table("计算规则", ["说明"], [[n] for n in notes_zh(result)])


# --- pandas views for the notebooks (pandas is imported only when one is asked for) -----


def frame(tbl: dict, *, index: str | None = None):
    """A result table as a pandas DataFrame (optionally indexed by one of its columns)."""
    import pandas as pd

    out = pd.DataFrame(tbl["rows"], columns=tbl["columns"])
    return out.set_index(index) if index else out


def ledger_frame(result):
    """The ledger of a computation, one row per event or interval, for display.

    Amounts to the cent as text; the daily rate of each accrual interval; the
    grace column only when the computation has grace days.
    """
    import pandas as pd

    rows = []
    for r in result.ledger:
        accrual = r.kind == "accrual"
        row = {
            "类型": KIND_ZH[r.kind],
            "起": r.start,
            "止": r.end,
            "天数": r.days,
            "基数": yuan(r.base) if accrual else "",
            "日利率": float(r.rate) if accrual else "",
            "罚息": yuan(r.accrued) if accrual else "",
            "其中宽限期": yuan(r.in_grace) if r.in_grace else "",
            "还款": yuan(r.payment) if r.payment else "",
            "分配": allocation_zh(r),
            "说明": row_note_zh(r),
        }
        if not result.grace_days:
            del row["其中宽限期"]
        rows.append(row)
    return pd.DataFrame(rows)


def totals_frame(result):
    """The calculator's 计算结果 table of ``result``."""
    return frame(totals_table(result.to_dict()), index="项目")


def orders_frame(comparisons):
    """The calculator's order comparison, once per ``across`` choice
    (``orders_compared``/``compare_orders`` dicts), stacked under short headings."""
    import pandas as pd

    parts = {ACROSS_LABEL_ZH[c["across"]]: frame(orders_table(c), index="项目") for c in comparisons}
    return pd.concat(parts)


# --- The calculator ----------------------------------------------------------------------


def fields() -> list[dict]:
    ex = example("ch2_penalty")
    return schedule_fields(payments=True) + [
        field("installments", "各期欠款（每行一期：到期日:金额，单位 元）", "lines", ex["installments"],
           "例如 2025-01-10:1000；金额是该期计收罚息的基数（通常为该期本金加手续费）。"
           "也可以用上面几栏生成，再逐行修改。",
           domain=lines_domain(MAX_INSTALLMENTS)),
        field("payments", "还款（每行一笔：日期:金额，单位 元；没有就留空）", "lines", ex["payments"],
           "按时还款和部分还款都填，例如 2024-11-20:600；还款当天仍按还款前的余额计息。",
           domain=lines_domain(MAX_PAYMENTS)),
        field("rate_kind", "罚息利率的类型", "choice", "daily", "合同写的是日利率还是年利率。",
           [["daily", "日利率（%/日）"], ["annual", "年利率（%/年）"]]),
        field("rate", "罚息利率（%）", "rate", percent_text(ex["daily_rate"]),
           "按百分数填写：日利率万分之五填 0.05；年利率 18% 填 18。日利率须小于 100；"
           "年利率折合的日利率须小于 100%（一年 365 天时年利率小于 36500）。",
           domain={"min": "0", "decimals": RATE_DECIMALS - 2}),
        field("day_count", "年利率折算日利率时一年的天数（天，仅年利率使用）", "choice", "",
           "留作默认即按本书采用的惯例（data/parameters.yaml）。",
           [["", "本书惯例"], ["360", "360 天"], ["365", "365 天"]]),
        field("as_of", "计算日期（含当天，YYYY-MM-DD）", "date", ex["as_of"], "罚息计算到这一天（含）为止。",
           domain=date_domain()),
        field("order", "部分还款的分配顺序", "choice", "561",
           "没有另外约定时适用《民法典》第561条的顺序。",
           [[k, ORDER_ZH[k]] for k in penalty_interest.ORDERS]),
        field("grace_days", "宽限期（天）", "int", "0", "没有宽限期填 0。",
           domain=int_domain(0, MAX_GRACE_DAYS)),
        field("grace_mode", "宽限期的计算方式", "choice", "retroactive", "只在宽限期大于 0 天时有影响。",
           [[k, GRACE_MODE_ZH[k]] for k in penalty_interest.GRACE_MODES]),
        field("lender", "出借人类型", "choice", ex["lender"],
           "决定适用哪一种利率上限：民间借贷的 LPR 倍数上限只适用于民间借贷。",
           [[k, caps_view.LENDER_ZH[k]] for k in caps.LENDERS]),
        field("contract_date", "借款合同成立日（YYYY-MM-DD）", "date", ex["contract_date"],
           "民间借贷的上限按合同成立时的一年期 LPR 计算。", domain=date_domain()),
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
            if row.outcome == "held-payable":  # held penalty became payable
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


def _cap_section(result, lender: str, contract) -> tuple[list, str, list, list]:
    """The 利率上限 rows, the sentence for the summary, warnings and provisions."""
    warnings: list[str] = []
    provisions: list[str] = []
    rows = [["出借人类型", caps_view.LENDER_ZH[lender]], ["借款合同成立日", contract.isoformat()]]
    try:
        cap = caps.cap_for(lender, contract)
    except InputError as err:
        rows.append(["适用的上限", "本计算器不涵盖"])
        rows.append(["说明", err.message_zh])
        warnings.append("利率上限：" + err.message_zh)
        return rows, "", warnings, provisions
    provisions += list(cap.provisions)
    warnings += caps_view.warnings_zh(cap.warnings)
    # The one definition of the penalty above the cap (a second run only when above it).
    check = caps.penalty_above_cap(result, cap)
    label = ("司法调减线（年利率）" if cap.regime == "financial-loan-judicial-line"
             else "适用的利率上限（年利率）")
    name = label.split("（")[0]
    cap_line = "没有单一的上限数字" if cap.cap_annual_rate is None else pct(cap.cap_annual_rate)
    rows.append([label, cap_line])
    rows.append(["合同罚息利率折合年利率", f"{pct(check.annualised_rate)}（一年按 {check.day_count} 天）"])
    if check.outcome == "above-cap":
        rows.append(["按上限利率计算的罚息（元）", yuan(check.penalty_at_cap)])
        rows.append(["超出上限的罚息（元）", yuan(check.excess)])
        rows.append(["按上限计算的应还总额（元）", yuan(check.total_due_at_cap)])
        rows.append(["应还总额超出部分（元）", yuan(check.excess_total_due)])
        sentence = (f"合同罚息利率折合年利率 {pct(check.annualised_rate)}，高于{name} {cap_line}；"
                    f"按该利率计算，罚息应为 {yuan(check.penalty_at_cap)} 元，"
                    f"超出部分 {yuan(check.excess)} 元。")
    elif check.outcome == "within-cap":
        rows.append(["超出上限的罚息（元）", "0.00（未超过）"])
        sentence = f"合同罚息利率折合年利率 {pct(check.annualised_rate)}，未超过{name} {cap_line}。"
    else:
        sentence = f"{caps_view.LENDER_ZH[cap.lender]}的借款没有单一的上限数字，无法计算超出部分。"
    rows.append(["依据", caps_view.explanation_zh(cap)])
    warnings.append("利率上限或调减线针对利息、罚息、违约金和其他费用的总和；这里只比较了罚息。"
                    "合同如果还收取利息或其他费用，应当合并计算。")
    return rows, sentence, warnings, provisions


def compute(form: Form) -> dict:
    updates = apply_builder(form)  # the lines built from 借款本金, 期数 …, when asked to
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
        rate_kw = {"annual_rate": rate, "day_count": form.text("day_count") or None}
    order = form.text("order")

    try:
        result = penalty_interest.compute_penalty(
            installments, payments, order=order, as_of=as_of, grace_days=form.text("grace_days") or "0",
            grace_mode=form.text("grace_mode"), **rate_kw)
    except InputError as err:
        if err.field not in ("daily_rate", "annual_rate"):
            raise
        # The engine speaks of fractions (0.18); the form takes percent (18).
        raise InputError("rate", f"{pct(rate)} 超出了可以计算的范围：利率不能为负数，折算的日利率必须小于 100%。"
                         "按百分数填写，例如日利率万分之五填 0.05，年利率 18% 填 18。",
                         f"rate out of range: {err.message_en}") from None
    # Engine runs per keystroke: this one, the other order, and the cap rate only when above the cap.
    compared = penalty_interest.orders_compared(result)
    out = result.to_dict()
    cap_rows, excess_text, warnings, cap_provisions = _cap_section(result, form.text("lender"), contract)
    provisions = unique(list(out["provisions"]) + cap_provisions)

    rate_zh = (f"日利率 {pct(result.daily_rate)}" if kind == "daily"
               else f"年利率 {pct(result.annual_rate)}（一年按 {result.day_count} 天）")
    principal_total = sum((amount for _, amount in installments), Decimal(0))
    summary = (
        f"截至 {as_of.isoformat()}，{len(installments)} 期欠款（合计 {yuan(principal_total)} 元）"
        + (f"、{len(payments)} 笔还款" if payments else "")
        + f"，最早一期未还清的已逾期 {out['overdue_days']} 天。按{rate_zh} 计算罚息，"
        f"部分还款{ORDER_IN_SUMMARY_ZH[order]}"
        f"分配：罚息共 {yuan(out['penalty'])} 元，其中未还 {yuan(out['unpaid_penalty'])} 元；"
        f"应还总额 {yuan(out['total_due'])} 元。"
        f"按第561条的顺序与按先本金的顺序相比，应还总额相差 {yuan(compared['difference']['total_due'])} 元。"
        + excess_text + colophon(provisions)
    )
    return {
        **({"form_updates": updates} if updates else {}),
        "tables": [
            totals_table(out),
            installments_table(out),
            orders_table(compared),
            table("利率上限", ["项目", "内容"], cap_rows),
            ledger_table(result),
            rules_table(result),
        ],
        "summary": summary,
        "provisions": provisions,
        "warnings": unique(warnings),
        "figure": _owed_series(result),
    }


# --- Command line (python -m overdue) ------------------------------------------


def _run_cli(args) -> dict:
    result = penalty_interest.compute_penalty(
        cli_installments(args, args.installment), cli_payments(args, args.payment),
        daily_rate=args.daily_rate,
        annual_rate=args.annual_rate,
        day_count=args.day_count,
        as_of=args.as_of,
        grace_days=args.grace_days,
        grace_mode=args.grace_mode,
        order=args.order,
        across=args.across,
        costs=args.cost or (),
    )
    out = result.to_dict(ledger=args.ledger)
    out["notes_zh"] = notes_zh(result)
    if args.ledger:
        for row, r in zip(out["ledger"], result.ledger):
            row["note_zh"] = row_note_zh(r)
    if args.compare:
        compared = penalty_interest.orders_compared(result)
        out["compare_orders"] = compared | {"explanation_zh": orders_explanation_zh(compared)}
    return out


def register_cli(subparsers) -> None:
    p = subparsers.add_parser(
        "penalty",
        help="逾期分期的罚息（含部分还款的分配）",
        description="逾期分期的罚息：按事件分段计算，部分还款按《民法典》第561条或约定顺序分配。",
    )
    p.add_argument("--installment", action="append", metavar="DATE:AMOUNT",
                   help="一期的到期日和金额，可重复，例如 2025-01-10:1000（或用下面的 --first-due 等生成）")
    p.add_argument("--payment", action="append", metavar="DATE:AMOUNT", help="一笔还款，可重复")
    add_schedule_options(p, payments=True)
    p.add_argument("--cost", action="append", metavar="DATE:AMOUNT", help="实现债权的有关费用，可重复")
    p.add_argument("--daily-rate", help="日利率（小数），例如 0.0005")
    p.add_argument("--annual-rate", help="年利率（小数），例如 0.18；与 --day-count 一起用")
    p.add_argument("--day-count", help="一年的天数：360 或 365（默认见 data/parameters.yaml）")
    p.add_argument("--as-of", required=True, help="计算日期 YYYY-MM-DD（含当天）")
    p.add_argument("--order", default="561", help="561（默认）或 principal-first")
    p.add_argument("--across", default="oldest-first", help="oldest-first（默认）或 by-kind")
    p.add_argument("--grace-days", default="0", help="宽限期天数（默认 0）")
    p.add_argument("--grace-mode", default="retroactive", help="retroactive（默认）或 deferred")
    p.add_argument("--ledger", action="store_true", help="输出分段明细")
    p.add_argument("--compare", action="store_true", help="同时给出两种分配顺序的差额")
    p.set_defaults(run=_run_cli)
