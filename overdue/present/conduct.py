"""The collection-conduct checker: form and results. Engine: :mod:`overdue.conduct`."""

from __future__ import annotations

from pathlib import Path

from .. import conduct
from ..conduct import check, read_log
from ..kernel import parse_date
from ..errors import InputError
from .fmt import colophon, table, unique
from .forms import Form, example, field, sample_log


TITLE = "催收行为检查"
INTRO = "上传或粘贴您整理的联系记录（CSV），逐条对照本书收录的规则，列出问题、每日次数、事实摘要和投诉渠道。"
ENGINE_FIELDS = {"path": "csv", "header": "csv", "row": "csv"}


def fields() -> list[dict]:
    ex = example("ch5_conduct")
    return [
        field("csv", "联系记录（CSV 文本：上传文件或直接粘贴）", "csv", sample_log(),
           "第一行是表头：时间,渠道,联系对象,是否透露欠款,是否接通,号码,是否要求停止,催收方,摘要。"),
        field("borrower_reachable_until", "您本人可以联系上的截止日期（含当天，YYYY-MM-DD，可留空）", "date",
           ex["borrower_reachable_until"], "用于判断联系紧急联系人或第三人是否属于“债务人失联”的例外。"),
    ]

def compute(form: Form) -> dict:
    text = form.raw["csv"]
    if not text.strip():
        raise InputError("csv", "没有联系记录：请上传 CSV 文件，或把记录粘贴到这里。", "the contact log is empty")
    if "\n" not in text:
        text += "\n"  # always CSV text, never a path (read_log reads a path without a newline)
    until = form.date("borrower_reachable_until", optional=True)
    report = conduct.check(conduct.read_log(text), borrower_reachable_until=until)
    out = report.to_dict()
    findings = out["findings"]
    rows = [[f["datetime"], f["rule_zh"], "；".join(f["source"]), f["force_zh"], f["rating"], f["detail"]]
            for f in findings]
    notes = [[n["datetime"], n["rule_zh"], n["detail"]] for n in out["notes"]]
    per_day_columns = conduct.PER_DAY_COLUMNS_ZH
    per_day = [[str(d[k]) for k in per_day_columns] for d in out["per_day"]]
    channels = [[c["name"], str(c["contact"]), " ".join(str(c.get("scope", "")).split()),
                 "是" if c.get("relevant") else ""] for c in out["channels"]]
    provisions = unique(s for f in findings for s in f["source_ids"])
    ratings = [f["rating"] for f in findings]
    counts = "，".join(f"{r} {ratings.count(r)} 项"
                      for r in (conduct.BREACH_OF_LAW, conduct.BELOW_STANDARD) if r in ratings)
    days = out["per_day"]
    period = f"{days[0]['date']} 至 {days[-1]['date']}，" if days else ""
    summary = (
        f"这份联系记录共 {out['contacts']} 次联系（{period}据本人记录）。对照本书收录的规则，"
        + (f"发现 {len(findings)} 项问题（{counts}）" if findings else "没有发现问题")
        + (f"，另有 {len(notes)} 项情况只作记录、不评级" if notes else "")
        + "。评级只说明依据的强弱，不是违法与否的结论，最终由监管部门、公安机关或法院认定。"
        + colophon(provisions)
    )
    return {
        "tables": [
            table("问题清单", ["时间", "问题", "依据", "效力", "评级", "说明"], rows),
            table("只作记录、不评级的情况", ["时间", "事项", "说明"], notes),
            table("每日次数", list(per_day_columns.values()), per_day),
            table("事实摘要（可作为证据说明）", ["摘要"], [[line] for line in out["summary"].splitlines()]),
            table("投诉渠道", ["渠道", "联系方式", "受理范围", "与本次问题相关"], channels),
        ],
        "summary": summary,
        "provisions": provisions,
        "warnings": list(out["caveats"]),
        "figure": None,
    }


# --- Command line (python -m overdue) ------------------------------------------


def _run_cli(args) -> dict:
    until = None
    if args.borrower_reachable_until:
        until = parse_date(args.borrower_reachable_until, "--borrower-reachable-until")
    return check(read_log(Path(args.path)), borrower_reachable_until=until).to_dict()


def register_cli(subparsers) -> None:
    p = subparsers.add_parser(
        "conduct",
        help="检查催收联系记录（CSV）：夜间联系、次数、联系第三人、透露欠款、言辞等",
        description=(
            "读取一份联系记录（UTF-8 CSV，# 开头的行是注释），逐条对照本书收录的规则，"
            "输出 JSON：findings（问题清单）、per_day（每日次数）、summary（事实摘要）、channels（投诉渠道）。"
        ),
    )
    p.add_argument("path", help="联系记录 CSV 文件的路径")
    p.add_argument(
        "--borrower-reachable-until",
        metavar="DATE",
        help="您本人到哪一天（YYYY-MM-DD，含当天）为止都可以联系上；用于判断联系紧急联系人和第三人是否属于“失联”例外",
    )
    p.set_defaults(run=_run_cli)
