"""The limitation-and-timeline calculator: form, results, chart data.

Engines: :mod:`overdue.limitation` (《民法典》第188条、第189条、第195条、第201条至第203条) and
:mod:`overdue.timeline`.
"""

from __future__ import annotations

from .. import params
from ..errors import InputError
from ..kernel import parse_date, parse_pair
from ..limitation import KIND_FIELDS
from ..limitation import limitation
from ..timeline import timeline
from .fmt import cites, colophon, table, unique
from .forms import Form, example, field


TITLE = "诉讼时效与时间线计算器"
INTRO = "输入最后一期到期日（或完整的还款计划）、催收联系和部分还款的日期，计算诉讼时效的届满日。"
ENGINE_FIELDS = {
    "installment": "installments",
    "payment": "payments",
    "partial_payment": "payments",
    "contact": "contacts",
    "demand": "contacts",
    "interruption": "contacts",
    "acknowledgment": "contacts",
    "partial_demand": "contacts",
}


def fields() -> list[dict]:
    ex = example("ch3_limitation")
    return [
        field("last_due", "最后一期到期日（YYYY-MM-DD）", "date", ex["installments"][-1].split(":")[0],
           "诉讼时效自最后一期履行期限届满之日起计算；填写了下面的还款计划时以计划为准。"),
        field("installments", "各期还款计划（可选；每行一期：到期日:金额，单位 元）", "lines",
           ex["installments"],
           "填写后会列出完整的时间线（逾期阶段、征信、诉讼时效）。"),
        field("contacts", "催收联系（履行请求到达您）的日期（每行一个 YYYY-MM-DD）", "lines",
           ex["contacts"],
           "催收要求到达您本人的日期；每一次都可能使诉讼时效中断。"),
        field("payments", "还款（每行一笔：日期:金额，单位 元；没有就留空）", "lines", ex["payments"],
           "诉讼时效起算后的部分还款是同意履行，会使诉讼时效中断。"),
        field("acceleration", "贷款人宣布全部提前到期的日期（可选，YYYY-MM-DD）", "date", "",
           "没有就留空。"),
        field("as_of", "计算基准日（YYYY-MM-DD）", "date", params.as_of().isoformat(),
           "判断是否已经届满的日期；默认是本书的基准日。"),
    ]

_EFFECT_ZH = {
    "restarted": "诉讼时效中断，从这一天起重新计算",
    "before_start": "诉讼时效尚未开始计算，不发生中断效果",
    "after_expiry": "发生在诉讼时效届满之后，不使时效重新计算",
}
_STRIP_ZH = {  # short labels for the dated strip
    "instalment_due": "到期",
    "payment": "还款",
    "collection_contact": "催收",
    "demand": "催收",
    "partial_payment": "还款",
    "acceleration": "提前到期",
    "overdue_start": "开始逾期",
    "credit_report_notice": "征信告知",
    "bucket": "逾期阶段",
    "overdue_cleared": "还清",
    "settled": "全部还清",
    "credit_retention_not_started": "",
    "credit_retention_end": "征信记录期满",
    "limitation_start": "时效起算",
    "limitation_end": "时效届满",
    "last_due": "最后一期到期",
}


def _event_row(day, label, basis=(), note="", projected=False) -> list[str]:
    cited = cites(basis)
    return [day.isoformat(), label, cited or note, "是" if projected else ""]


def compute(form: Form) -> dict:
    as_of = form.date("as_of")
    installments = form.pairs("installments")
    contacts = form.dates("contacts")
    payments = form.pairs("payments")
    accel = form.date("acceleration", optional=True)
    warnings: list[str] = []
    events: list[dict] = []  # chart data
    rows: list[list[str]] = []

    if installments:
        last_due = max(day for day, _ in installments)
        typed = form.date("last_due", optional=True)
        if typed is not None and typed != last_due:
            warnings.append(f"已按还款计划中最晚的到期日 {last_due.isoformat()} 计算，"
                            f"“最后一期到期日”一栏的 {typed.isoformat()} 没有使用。")
        evs = timeline(installments, payments, contacts, as_of=as_of, acceleration=accel)
        end_ev = next((e for e in evs if e.kind == "limitation_end"), None)
        start_ev = next((e for e in evs if e.kind == "limitation_start"), None)
        for e in evs:
            rows.append(_event_row(e.date, e.label, e.basis, e.basis_note, e.projected))
            if _STRIP_ZH.get(e.kind, e.kind):
                events.append({"date": e.date.isoformat(), "kind": e.kind,
                               "label": _STRIP_ZH.get(e.kind, e.kind), "projected": e.projected})
        if end_ev is None:
            settled = next(e for e in evs if e.kind == "settled")
            summary_rows = [["诉讼时效", f"所录入的各期欠款已于 {settled.date.isoformat()} 全部还清，"
                                     "不再计算诉讼时效"]]
            provisions: list[str] = []
            end = expired = None
            head = f"截至 {as_of.isoformat()}，所录入的各期欠款已于 {settled.date.isoformat()} 全部还清，不再计算诉讼时效。"
        else:
            data = end_ev.data
            end, expired = end_ev.date, data["expired"]
            provisions = list(end_ev.basis)
            warnings += list(end_ev.notes)
            summary_rows = [
                ["最后一期到期日", last_due.isoformat()],
                ["诉讼时效开始计算", start_ev.date.isoformat() if start_ev else ""],
                ["诉讼时效期间的最后一日", end.isoformat()],
                [f"截至 {as_of.isoformat()}", "已届满" if expired else "尚未届满"],
                ["未因休息日顺延时的最后一日", data["unadjusted_end"]],
            ]
            if data["end_if_acceleration_disregarded"]:
                summary_rows.append(["如仍按最后一期到期日起算", data["end_if_acceleration_disregarded"]])
            if data["defence_possibly_waived"]:
                summary_rows.append(["时效届满后债务人同意履行或还款", "可能已不能再以时效届满为由抗辩"])
            head = None
    else:
        last_due = form.date("last_due")
        interruptions = [(d, "demand") for d in contacts] + [(d, "partial_payment") for d, _ in payments]
        result = limitation(last_due, interruptions, as_of=as_of, acceleration=accel)
        out = result.to_dict()
        end, expired = result.end, result.expired
        provisions = list(result.provisions)
        warnings += list(result.warnings)
        summary_rows = [
            ["最后一期到期日", last_due.isoformat()],
            ["诉讼时效期间", f"{result.period.years} 年"],
            ["诉讼时效开始计算", result.initial.first_day.isoformat()],
            ["最近一次中断", result.running_from.date.isoformat() if result.running_from else "没有"],
            ["诉讼时效期间的最后一日", out["end"]],
            [f"截至 {as_of.isoformat()}", "已届满" if expired else "尚未届满"],
            ["未因休息日顺延时的最后一日", out["unadjusted_end"]],
        ]
        if out["end_if_acceleration_disregarded"]:
            summary_rows.append(["如仍按最后一期到期日起算", out["end_if_acceleration_disregarded"]])
        if out["defence_possibly_waived"]:
            summary_rows.append(["时效届满后债务人同意履行或还款", "可能已不能再以时效届满为由抗辩"])
        items = [(last_due, 0, "last_due", "最后一期到期", ("civil-code-189",), "")]
        if accel is not None:
            items.append((accel, 1, "acceleration", "贷款人宣布全部借款提前到期", (), "用户输入"))
        items.append((result.initial.first_day, 2, "limitation_start", "诉讼时效开始计算",
                      ("civil-code-188", "civil-code-189", "civil-code-201"), ""))
        for e in result.interruptions:
            items.append((e.date, 3, e.kind, f"{e.label}：{_EFFECT_ZH[e.effect]}；此后最后一日为 "
                          f"{e.end_after.isoformat()}", e.basis, ""))
        items.append((result.end, 4, "limitation_end",
                      f"诉讼时效期间的最后一日（截至 {as_of.isoformat()} {'已届满' if expired else '尚未届满'}）",
                      result.provisions, ""))
        for day, _, kind, label, basis, note in sorted(items, key=lambda x: (x[0], x[1])):
            rows.append(_event_row(day, label, basis, note, day > as_of))
            events.append({"date": day.isoformat(), "kind": kind, "label": _STRIP_ZH.get(kind, kind),
                           "projected": day > as_of})
        head = None

    if head is None:
        status = "已经届满" if expired else "尚未届满"
        head = (f"最后一期于 {last_due.isoformat()} 到期"
                + (f"，共有 {len(contacts)} 次催收联系" if contacts else "")
                + (f"、{len(payments)} 笔还款" if payments else "")
                + f"；诉讼时效期间的最后一日是 {end.isoformat()}，截至 {as_of.isoformat()} {status}。")
    scope = ("本计算只考虑普通诉讼时效的起算、届满和中断，没有考虑中止、最长保护期限和起诉或仲裁引起的中断；"
             "催收能否认定为中断，要看贷款人能否证明履行请求到达了您。")
    summary = head + scope + colophon(provisions)
    figure = {
        "kind": "timeline",
        "title": "时间线：事件与诉讼时效届满日",
        "events": events,
        "limitation_end": end.isoformat() if end else None,
        "as_of": as_of.isoformat(),
    }
    return {
        "tables": [
            table("诉讼时效", ["项目", "内容"], summary_rows),
            table("时间线", ["日期", "事件", "依据", "推算"], rows),
        ],
        "summary": summary,
        "provisions": provisions,
        "warnings": unique(warnings),
        "figure": figure,
    }


# --- Command line (python -m overdue) ------------------------------------------


def _limitation_cli(args) -> dict:
    if not args.last_due:
        raise InputError(
            "last_due",
            "请用 --last-due 给出最后一期的到期日（YYYY-MM-DD）。",
            "--last-due (the last instalment's due date, YYYY-MM-DD) is required",
        )
    events = []
    for kind in ("interruption", "demand", "acknowledgment", "partial_payment"):
        for raw in getattr(args, kind) or ():
            events.append((parse_date(raw, KIND_FIELDS[kind]), kind))
    result = limitation(
        args.last_due,
        events,
        as_of=args.as_of,
        acceleration=args.acceleration,
    )
    return result.to_dict()


def register_limitation_cli(subparsers) -> None:
    p = subparsers.add_parser(
        "limitation",
        help="诉讼时效：届满日、是否届满、中断",
        description=(
            "分期债务的诉讼时效：自最后一期到期日的次日起计算，到期年的对应日为最后一日，"
            "遇法定休假日顺延；催收到达、同意履行或部分还款使时效中断并重新计算。"
        ),
    )
    p.add_argument("--last-due", metavar="DATE", help="最后一期的到期日（YYYY-MM-DD）")
    p.add_argument(
        "--interruption", metavar="DATE", action="append", default=[],
        help="中断事由的日期（未说明类型），可重复",
    )
    p.add_argument(
        "--demand", metavar="DATE", action="append", default=[],
        help="催收（履行请求）到达债务人的日期，可重复",
    )
    p.add_argument(
        "--acknowledgment", metavar="DATE", action="append", default=[],
        help="债务人同意履行（承认债务、请求延期等）的日期，可重复",
    )
    p.add_argument(
        "--partial-payment", metavar="DATE", action="append", default=[],
        dest="partial_payment", help="债务人部分还款的日期，可重复",
    )
    p.add_argument("--acceleration", metavar="DATE", help="贷款人宣布全部借款提前到期的日期（可选）")
    p.add_argument("--as-of", metavar="DATE", dest="as_of", help="判断是否届满的基准日（默认本书基准日）")
    p.set_defaults(run=_limitation_cli)


# --- Command line (python -m overdue) ------------------------------------------


def _timeline_cli(args) -> list:
    if not args.as_of:
        raise InputError("as_of", "请用 --as-of 给出计算基准日（YYYY-MM-DD）。", "--as-of is required")
    if not args.installment:
        raise InputError(
            "installment",
            "请至少用一个 --installment 日期:金额 给出还款计划，例如 --installment 2025-01-10:1000。",
            "at least one --installment DATE:AMOUNT is required",
        )
    inst = [parse_pair(x, "installment") for x in args.installment]
    pays = [parse_pair(x, "payment") for x in args.payment]
    touches = [parse_date(x, "contact") for x in args.contact]
    events = timeline(inst, pays, touches, as_of=args.as_of, acceleration=args.acceleration)
    return [e.to_dict() for e in events]


def register_timeline_cli(subparsers) -> None:
    p = subparsers.add_parser(
        "timeline",
        help="时间线：逾期阶段、征信、诉讼时效",
        description="按还款计划、还款和催收记录列出逾期、征信和诉讼时效的关键日期（JSON）。",
    )
    p.add_argument("--installment", metavar="DATE:AMOUNT", action="append", default=[],
                   help="一期还款计划：到期日:金额，可重复")
    p.add_argument("--payment", metavar="DATE:AMOUNT", action="append", default=[],
                   help="一笔还款：日期:金额，可重复")
    p.add_argument("--contact", metavar="DATE", action="append", default=[],
                   help="一次催收联系的日期，可重复")
    p.add_argument("--acceleration", metavar="DATE", help="贷款人宣布全部借款提前到期的日期（可选）")
    p.add_argument("--as-of", metavar="DATE", dest="as_of", help="计算基准日（必填）")
    p.set_defaults(run=_timeline_cli)
