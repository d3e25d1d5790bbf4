"""LPR-indexed interest in words: notes, warnings, chapter 二's comparison of
measures, the notebooks' tables and the ``lpr-interest`` command.

Engine: :mod:`overdue.lpr_interest`, which returns figures, rule and warning
codes and the dated parameters read; every Chinese word about them is here.
"""

from __future__ import annotations

from ..lpr_interest import lpr_interest
from .fmt import cites, pct, yuan

COUNT_ZH = {"no-tail": "算头不算尾", "both": "两头都算"}

TENOR_ZH = {"1y": "一年期", "5y": "五年期以上"}


def _rule_zh(rule: dict) -> str:
    code = rule["code"]
    if code == "fixed":
        return (f"固定利率：{rule['fixed_at']} 适用的{TENOR_ZH[rule['tenor']]} LPR 的 "
                f"{rule['multiple']} 倍。")
    if code == "floating":
        return f"浮动利率：每日适用当日已公布的{TENOR_ZH[rule['tenor']]} LPR 的 {rule['multiple']} 倍，遇调整分段。"
    if code == "days-counted":
        return f"计息天数：{COUNT_ZH[rule['count']]}，共 {rule['days']} 天；每段的起止日都是计息日（含）。"
    if code == "daily-rate-from-annual":
        y = rule["day_count"]
        return f"日利率 = 年利率 ÷ {y}；每段利息 = 本金 × 年利率 × 天数 ÷ {y}。"
    if code == "payment-reduces-principal-next-day":
        return "还款当天按还款前的本金计息，次日起本金减少；还款视为归还本金。"
    if code == "rounded-for-display":
        return "利息只在显示时四舍五入到分；各段四舍五入后之和可能与总额差 0.01 元。"
    if code == "same-days-and-year":
        return (f"四种算法用同一计息天数（{COUNT_ZH[rule['count']]}，{rule['days']} 天）和同一年天数"
                f"（{rule['day_count']}），只有利率不同。")
    if code == "scope-of-measures":
        return "LPR 倍数上限只适用于民间借贷；司法调减线只适用于金融借款，是借款人可以主张的调减线。"
    if code == "transition-contract":
        return (f"合同成立于 {rule['contract_date']}，早于 {rule['rule_start']}："
                "民间借贷适用《民间借贷规定》第31条的过渡规则，“合同成立时 LPR 的倍数”只作对照。")
    raise KeyError(f"no wording for rule {code!r}")


def notes_zh(out) -> list[str]:
    """The notes of an ``LprInterestResult`` (or its ``to_dict()``) or of ``compare_measures``."""
    rules = out["rules"] if isinstance(out, dict) else out.rules()
    return [_rule_zh(r) for r in rules]


def warnings_zh(warnings) -> list[str]:
    out = []
    for w in warnings:
        if w["code"] == "lpr-period-beyond-confirmed":
            out.append(f"计息期间延续到 {w['last_day']}，晚于 LPR 表最后核实的日期 {w['last_confirmed']}；"
                       f"此后按表中最后一个利率（{w['table_last']} 公布，{TENOR_ZH[w['tenor']]} "
                       f"{w['lpr']}%）计算，请核对实际公布的 LPR。")
        elif w["code"] == "lpr-fixed-beyond-confirmed":
            out.append(f"固定利率的取值日 {w['fixed_at']} 晚于 LPR 表最后核实的日期 {w['last_confirmed']}；"
                       "按表中最后一个利率计算，请核对。")
        else:
            raise KeyError(f"no wording for warning {w['code']!r}")
    return out


def measure_label_zh(measure: dict) -> str:
    """The name of one of ``compare_measures``'s four measures."""
    key = measure["key"]
    if key == "contractual":
        return "合同约定的罚息"
    if key == "lpr-floating":
        return f"一年期 LPR 的 {measure['multiple']} 倍（浮动）"
    if key == "lpr-fixed":
        return f"合同成立时一年期 LPR 的 {measure['multiple']} 倍（固定）"
    if key == "financial-line":
        rate = measure["annual_rate"]
        shown = "、".join(pct(r) for r in rate) if isinstance(rate, list) else pct(rate)
        return f"金融借款的司法调减线（年利率 {shown}）"
    raise KeyError(f"no label for measure {key!r}")


def measure_labels_zh(measures: dict) -> list[str]:
    return [measure_label_zh(m) for m in measures["measures"]]


# --- pandas views for the notebooks ----------------------------------------------


def measures_frame(measures: dict):
    """``compare_measures``: one row per measure (its name, the amount, the provisions)."""
    import pandas as pd

    return pd.DataFrame([
        {"算法": measure_label_zh(m), "金额（元）": yuan(m["interest"]), "依据": cites(m["provisions"])}
        for m in measures["measures"]
    ])


def segments_frame(result):
    """The segments of an ``LprInterestResult``: dates, days, the LPR and its publication, the interest."""
    import pandas as pd

    return pd.DataFrame([
        {"起": s.start.isoformat(), "止": s.end.isoformat(), "天数": s.days,
         f"{TENOR_ZH[result.tenor]}LPR（%）": str(s.lpr), "LPR公布日": s.lpr_date.isoformat(),
         "年利率": pct(s.annual_rate), "基数（元）": yuan(s.principal), "利息（元）": yuan(s.interest)}
        for s in result.segments
    ])


def conventions_frame(results):
    """The same interest under several day-count conventions: one row per ``LprInterestResult``."""
    import pandas as pd

    return pd.DataFrame([
        {"一年天数": r.day_count, "天数规则": COUNT_ZH[r.count], "计息天数": r.days,
         "利息（元）": yuan(r.interest)}
        for r in results
    ])


# --- Command line (python -m overdue) ------------------------------------------


def _run_cli(args) -> dict:
    result = lpr_interest(
        args.principal,
        args.start,
        args.end,
        args.multiple,
        tenor=args.tenor,
        day_count=args.day_count,
        count=args.count,
        fixed_at=args.fixed_at,
        payments=args.payment or (),
    )
    return result.to_dict() | {"notes_zh": notes_zh(result), "warnings_zh": warnings_zh(result.warnings)}


def register_cli(subparsers) -> None:
    p = subparsers.add_parser(
        "lpr-interest",
        help="按 LPR 倍数计算利息（遇 LPR 调整和还款分段）",
        description="以本金为基数，按一年期或五年期以上 LPR 的倍数计息；浮动利率遇 LPR 调整分段，"
        "也可固定为某日的 LPR。",
    )
    p.add_argument("--principal", required=True, help="本金（元）")
    p.add_argument("--start", required=True, help="起算日 YYYY-MM-DD")
    p.add_argument("--end", required=True, help="截止日 YYYY-MM-DD")
    p.add_argument("--multiple", required=True, help="LPR 的倍数，例如 1、1.3、1.5、4")
    p.add_argument("--tenor", default="1y", help="1y（一年期，默认）或 5y（五年期以上）")
    p.add_argument("--day-count", help="一年的天数：365（默认）或 360")
    p.add_argument("--count", default="no-tail", help="no-tail（算头不算尾，默认）或 both（两头都算）")
    p.add_argument("--fixed-at", help="固定利率：取该日适用的 LPR")
    p.add_argument("--payment", action="append", metavar="DATE:AMOUNT", help="一笔还款（归还本金），可重复")
    p.set_defaults(run=_run_cli)
