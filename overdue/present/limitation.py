"""The limitation-and-timeline calculator, and the one set of words for both engines.

Engines: :mod:`overdue.limitation` (《民法典》第188条、第189条、第195条、第201条至第203条) and
:mod:`overdue.timeline`. They return codes (event kinds, interruption kinds and
effects, note codes, source codes), provision ids and dated parameters; every
Chinese word for them is defined here, once: :data:`KIND_ZH`, :data:`EFFECT_ZH`,
:data:`EXPIRED_ZH`, :data:`CONVENTION_ZH`, :data:`SOURCE_ZH`, :func:`note_zh`,
:func:`event_label_zh`, :func:`scope_zh`.

Also here: the calculator (form, results, chart data), the ``limitation`` and
``timeline`` commands, and the notebooks' views (pandas tables and the SVG
timeline chart; pandas and IPython are imported only when a view is asked for).
"""

from __future__ import annotations

from .. import params
from ..errors import InputError
from ..kernel import parse_date
from ..limitation import KIND_FIELDS, LimitationResult, Note, limitation
from ..timeline import Event, timeline
from .fmt import cites, colophon, table, unique, yuan
from .forms import Form, example, field
from .svg import figure_svg


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


# --- The words ---------------------------------------------------------------------

# Kinds of interrupting events (overdue.limitation.KINDS).
KIND_ZH = {
    "interruption": "中断事由（未说明类型）",
    "demand": "履行请求（催收）到达债务人",
    "partial_demand": "就部分债务提出的履行请求到达债务人",
    "acknowledgment": "债务人同意履行（承认债务、请求延期、承诺还款计划等）",
    "partial_payment": "债务人部分还款",
}

# What an event does to the period (InterruptionEffect.effect).
EFFECT_ZH = {
    "restarted": "诉讼时效中断，从这一天起重新计算",
    "before_start": "诉讼时效尚未开始计算，不发生中断效果",
    "after_expiry": "发生在诉讼时效届满之后，不使时效重新计算",
}

EXPIRED_ZH = {True: "已届满", False: "尚未届满"}

CONVENTION_ZH = "行业惯例，非法律"

# Where an event comes from when no provision applies (Event.source).
SOURCE_ZH = {"contract": "借款合同约定", "convention": CONVENTION_ZH, "input": "用户输入"}

PROOF_ZH = "催收能否认定为中断，要看贷款人能否证明履行请求到达了您。"


def _d(day) -> str:
    return day.isoformat() if hasattr(day, "isoformat") else str(day)


def _uncovered_zh(year, first, last) -> str:
    return (
        f"{year} 年的法定节假日和调休安排尚未收录（所用日历数据只覆盖 {first}–{last} 年），"
        f"该年只按周六、周日判断休息日，没有考虑法定节假日和调休上班日。"
        f"国务院办公厅公布 {year} 年放假安排后，请更新日历数据并复核这一日期。"
    )


_NOTE_ZH = {
    "before_start": lambda n: (
        f"{_d(n['date'])} 的“{KIND_ZH[n['kind']]}”不晚于诉讼时效起算所依据的日期 {_d(n['runs_from'])}，"
        f"时效从 {_d(n['first_day'])} 才开始计算，此时尚未开始，因此不发生中断效果；已记录，但不影响届满日。"
    ),
    "after_expiry_unspecified": lambda n: (
        f"{_d(n['date'])} 的中断事由发生在诉讼时效期间届满（{_d(n['end'])}）之后，不会使已届满的时效重新计算。"
        "如果它是催收，债务人仍可以提出时效届满的抗辩；如果它是债务人同意履行或者还款，"
        "债务人可能不能再以时效届满为由抗辩（《民法典》第192条第2款、《诉讼时效规定》第19条）。"
    ),
    "after_expiry_debtor_act": lambda n: (
        f"{_d(n['date'])} 的“{KIND_ZH[n['kind']]}”发生在诉讼时效期间届满（{_d(n['end'])}）之后，不会使时效重新计算；"
        "但届满后义务人同意履行的，不得再以时效届满为由抗辩，已经自愿履行的部分不得请求返还"
        "（《民法典》第192条第2款、《诉讼时效规定》第19条）。部分还款是否等于同意履行"
        "全部剩余债务，本计算器无法判断。"
    ),
    "after_expiry_demand": lambda n: (
        f"{_d(n['date'])} 的“{KIND_ZH[n['kind']]}”发生在诉讼时效期间届满（{_d(n['end'])}）之后。届满后的催收不会使时效"
        "重新计算，也不能使已届满的时效“复活”；债务人仍可以提出时效届满的抗辩"
        "（《民法典》第192条第1款）。届满日没有因此延后。但债务人如果在届满后的催收通知单上"
        "签字或者盖章，可能被认定为同意履行、放弃时效抗辩（《诉讼时效规定》第19条第3款）。"
    ),
    "calendar_uncovered": lambda n: _uncovered_zh(n["year"], n["covered_from"], n["covered_to"]),
    "acceleration_ignored": lambda n: (
        f"提前到期日 {_d(n['acceleration'])} 不早于最后一期到期日 {_d(n['last_due'])}，"
        "对诉讼时效的起算没有影响，已忽略。"
    ),
    "acceleration_unsettled": lambda n: (
        "提前到期（贷款人宣布全部借款提前到期）后诉讼时效是否改从提前到期之日起算，"
        "本书没有找到法律或司法解释的明确规定，法院做法可能不同。上面的届满日按提前到期日 "
        f"{_d(n['acceleration'])} 起算；如果仍按最后一期到期日 {_d(n['last_due'])} 起算，届满日为 "
        f"{_d(n['end_if_disregarded'])}。对借款人而言，较晚的日期是更稳妥的假设。"
    ),
    "as_of_not_given": lambda n: (
        f"没有指定计算基准日（--as-of），是否届满按本书的基准日 {_d(n['as_of'])} 判断。"
    ),
    "not_started": lambda n: (
        f"截至基准日 {_d(n['as_of'])}，诉讼时效尚未开始计算（从 {_d(n['first_day'])} 起算），"
        "届满日是按现有信息推算的日期。"
    ),
    # Timeline events' notes.
    "behaviour_end_assumed": lambda n: (
        "条例没有界定“不良行为或者事件终止之日”，这里按逾期欠款还清之日计算；"
        "还款按先还最早到期的一期计算，未计罚息和费用。"
    ),
    "deletion_by_agency": lambda n: "按对应日计算；征信机构实际删除的日期以其处理为准。",
    "overpaid": lambda n: (
        f"还款合计比所录入各期金额之和多 {yuan(n['excess'])} 元；"
        "多出的部分可能是利息、罚息或费用，本时间线没有计算。"
    ),
    "demand_must_reach": lambda n: (
        "催收要求到达本人（短信、信件等数据电文到达或应当到达）才属于提出履行请求；"
        "能否认定中断，要看贷款人能否证明。"
    ),
    "acceleration_effect_unsettled": lambda n: "对诉讼时效起算的影响没有明确规定，见诉讼时效届满事件的说明",
}


def note_zh(note: Note) -> str:
    """The Chinese text of an engine's :class:`~overdue.limitation.Note` (a warning or an event's note)."""
    return _NOTE_ZH[note.code](note.data)


def warnings_zh(result: LimitationResult) -> list[str]:
    """The limitation engine's warnings, in Chinese, in the engine's order."""
    return [note_zh(w) for w in result.warnings]


def scope_zh() -> str:
    """What the limitation engine does not cover (``overdue.limitation.NOT_COVERED``), in Chinese."""
    # The first date of the rule in data: periods that started earlier are out of scope.
    first = params.values("limitation_period_years")[0].start.isoformat()
    return (
        "只计算普通诉讼时效的起算、届满和中断；没有考虑诉讼时效中止、最长保护期限、"
        f"起诉或申请仲裁引起的中断，也没有考虑 {first} 以前开始计算的时效。"
    )


def _bucket_range_zh(first: int, last: int | None) -> str:
    return f"逾期 {first}–{last} 天" if last else f"逾期超过 {first - 1} 天"


def _end_label(as_of, expired: bool, last_interruption=None) -> str:
    label = f"诉讼时效期间的最后一日（截至 {_d(as_of)} {EXPIRED_ZH[expired]}）"
    if last_interruption is not None:
        label += f"；最近一次中断：{_d(last_interruption)}"
    return label


ACCELERATION_ZH = "贷款人宣布全部借款提前到期"


def _label_bucket(e: Event) -> str:
    d = e.data
    text = (f"逾期第 {d['days_past_due']} 天，进入 {d['bucket']}"
            f"（{_bucket_range_zh(d['first'], d['last'])}；{CONVENTION_ZH}）")
    return ("如果此后不再还款：" + text) if e.projected else text


def _label_contact(e: Event) -> str:
    effect = e.data.get("effect")
    return "催收联系" + (f"：{EFFECT_ZH[effect]}" if effect else "")


def _label_payment(e: Event) -> str:
    effect = e.data.get("effect")
    return f"还款 {yuan(e.data['amount'])} 元" + (f"（部分还款：{EFFECT_ZH[effect]}）" if effect else "")


_LABEL_ZH = {
    "instalment_due": lambda e: f"第 {e.data['number']} 期到期，应还 {yuan(e.data['amount'])} 元",
    "payment": _label_payment,
    "collection_contact": _label_contact,
    "acceleration": lambda e: ACCELERATION_ZH,
    "overdue_start": lambda e: (
        f"开始逾期：第 {e.data['number']} 期（{_d(e.data['due'])} 到期）没有按时还清。"
        "自此贷款人可以按约定或者国家有关规定收取逾期利息"
    ),
    "credit_report_notice": lambda e: (
        "贷款机构如把这次逾期作为个人不良信息报送征信机构，应当事先告知本人。"
        "条例只要求“事先告知”，没有规定提前多少天，也没有规定何时报送"
    ),
    "bucket": _label_bucket,
    "overdue_cleared": lambda e: (
        f"第 {e.data['spell']} 次逾期（{_d(e.data['started'])} 开始）的欠款还清，不良行为终止"
    ),
    "settled": lambda e: "所录入的各期欠款全部还清",
    "credit_retention_not_started": lambda e: (
        f"截至 {_d(e.date)}，第 {e.data['spell']} 次逾期（{_d(e.data['started'])} 开始）尚未还清，"
        f"不良行为没有终止，{e.data['years']} 年的不良信息保存期限还没有开始计算"
    ),
    "credit_retention_end": lambda e: (
        f"第 {e.data['spell']} 次逾期的不良信息保存期限（{e.data['years']} 年，自 {_d(e.data['from'])} 起算）"
        "届满，此后应当删除"
    ),
    "limitation_start": lambda e: (
        "诉讼时效开始计算（" + ("提前到期日" if e.data["from_acceleration"] else "最后一期到期日") + "的次日）"
    ),
    "limitation_end": lambda e: _end_label(e.data["as_of"], e.data["expired"], e.data["last_interruption"]),
}


def event_label_zh(event: Event) -> str:
    """The Chinese label of a timeline event (from its kind and facts)."""
    return _LABEL_ZH[event.kind](event)


def basis_zh(event: Event) -> str:
    """What a timeline event rests on: its provisions cited, or where it comes from (and why not law)."""
    if event.provisions:
        return cites(event.provisions)
    if not event.source:
        return ""
    extra = [note_zh(n) for n in event.notes if n.code == "acceleration_effect_unsettled"]
    return "；".join([SOURCE_ZH[event.source]] + extra)


def event_notes_zh(event: Event) -> list[str]:
    """A timeline event's notes, in Chinese (for ``limitation_end``: the limitation engine's warnings)."""
    return [note_zh(n) for n in event.notes]


# --- The calculator ------------------------------------------------------------------


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
        # The form's default day of judgement is the book's as-of date (the chapter's
        # example); the engines read every parameter on its own date.
        field("as_of", "计算基准日（YYYY-MM-DD）", "date", params.as_of().isoformat(),
           "判断是否已经届满的日期；默认是本书的基准日。"),
    ]


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
TIMELINE_TITLE = "时间线：事件与诉讼时效届满日"


def _strip_event(day, kind: str, projected: bool) -> dict | None:
    label = _STRIP_ZH.get(kind, kind)
    return {"date": day.isoformat(), "kind": kind, "label": label, "projected": projected} if label else None


def timeline_figure(events, as_of, title: str = TIMELINE_TITLE) -> dict:
    """The chart data (``kind: timeline``) of a list of timeline events, as the calculator draws it."""
    strip = [x for x in (_strip_event(e.date, e.kind, e.projected) for e in events) if x]
    end = next((e.date for e in events if e.kind == "limitation_end"), None)
    return {"kind": "timeline", "title": title, "events": strip,
            "limitation_end": end.isoformat() if end else None, "as_of": _d(as_of)}


def _event_row(day, label, provisions=(), note="", projected=False) -> list[str]:
    return [day.isoformat(), label, cites(provisions) or note, "是" if projected else ""]


def compute(form: Form) -> dict:
    as_of = form.date("as_of")
    installments = form.pairs("installments")
    contacts = form.dates("contacts")
    payments = form.pairs("payments")
    accel = form.date("acceleration", optional=True)
    warnings: list[str] = []
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
            rows.append([e.date.isoformat(), event_label_zh(e), basis_zh(e), "是" if e.projected else ""])
        figure = timeline_figure(evs, as_of)
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
            provisions = list(end_ev.provisions)
            warnings += event_notes_zh(end_ev)
            summary_rows = [
                ["最后一期到期日", last_due.isoformat()],
                ["诉讼时效开始计算", start_ev.date.isoformat() if start_ev else ""],
                ["诉讼时效期间的最后一日", end.isoformat()],
                [f"截至 {as_of.isoformat()}", EXPIRED_ZH[expired]],
                ["未因休息日顺延时的最后一日", data["unadjusted_end"].isoformat()],
            ]
            if data["end_if_acceleration_disregarded"]:
                summary_rows.append(["如仍按最后一期到期日起算", data["end_if_acceleration_disregarded"].isoformat()])
            if data["defence_possibly_waived"]:
                summary_rows.append(["时效届满后债务人同意履行或还款", "可能已不能再以时效届满为由抗辩"])
            head = None
    else:
        last_due = form.date("last_due")
        interruptions = [(d, "demand") for d in contacts] + [(d, "partial_payment") for d, _ in payments]
        result = limitation(last_due, interruptions, as_of=as_of, acceleration=accel)
        end, expired = result.end, result.expired
        provisions = list(result.provisions)
        warnings += warnings_zh(result)
        summary_rows = [
            ["最后一期到期日", last_due.isoformat()],
            ["诉讼时效期间", f"{result.period.years} 年"],
            ["诉讼时效开始计算", result.initial.first_day.isoformat()],
            ["最近一次中断", result.running_from.date.isoformat() if result.running_from else "没有"],
            ["诉讼时效期间的最后一日", end.isoformat()],
            [f"截至 {as_of.isoformat()}", EXPIRED_ZH[expired]],
            ["未因休息日顺延时的最后一日", result.period.unadjusted_end.isoformat()],
        ]
        if result.end_if_acceleration_disregarded:
            summary_rows.append(["如仍按最后一期到期日起算", result.end_if_acceleration_disregarded.isoformat()])
        if result.defence_possibly_waived:
            summary_rows.append(["时效届满后债务人同意履行或还款", "可能已不能再以时效届满为由抗辩"])
        items = [(last_due, 0, "last_due", _STRIP_ZH["last_due"], ("civil-code-189",), "")]
        if accel is not None:
            items.append((accel, 1, "acceleration", ACCELERATION_ZH, (), SOURCE_ZH["input"]))
        items.append((result.initial.first_day, 2, "limitation_start", "诉讼时效开始计算",
                      ("civil-code-188", "civil-code-189", "civil-code-201"), ""))
        for e in result.interruptions:
            items.append((e.date, 3, e.kind, f"{KIND_ZH[e.kind]}：{EFFECT_ZH[e.effect]}；此后最后一日为 "
                          f"{e.end_after.isoformat()}", e.provisions, ""))
        items.append((result.end, 4, "limitation_end", _end_label(as_of, expired), result.provisions, ""))
        strip = []
        for day, _, kind, label, ids, note in sorted(items, key=lambda x: (x[0], x[1])):
            rows.append(_event_row(day, label, ids, note, day > as_of))
            strip.append(_strip_event(day, kind, day > as_of))
        figure = {"kind": "timeline", "title": TIMELINE_TITLE, "events": strip,
                  "limitation_end": end.isoformat(), "as_of": as_of.isoformat()}
        head = None

    if head is None:
        head = (f"最后一期于 {last_due.isoformat()} 到期"
                + (f"，共有 {len(contacts)} 次催收联系" if contacts else "")
                + (f"、{len(payments)} 笔还款" if payments else "")
                + f"；诉讼时效期间的最后一日是 {end.isoformat()}，截至 {as_of.isoformat()} {EXPIRED_ZH[expired]}。")
    summary = head + "本书的时效引擎" + scope_zh() + PROOF_ZH + colophon(provisions)
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


# --- Views for the notebooks (pandas, the SVG chart) -----------------------------------


def _frame(rows: list[dict]):
    import pandas as pd  # notebooks only

    frame = pd.DataFrame(rows)
    frame.index = range(1, len(frame) + 1)
    return frame


def events_frame(events, kinds=None):
    """A timeline as a pandas table: 日期 (marked 推算 when projected), 事件, 依据; rows numbered from 1.

    ``kinds``: only the events of these kinds.
    """
    return _frame([
        {"日期": e.date.isoformat() + ("（推算）" if e.projected else ""),
         "事件": event_label_zh(e),
         "依据": basis_zh(e)}
        for e in events if kinds is None or e.kind in kinds
    ])


def interruptions_frame(result: LimitationResult):
    """How each event acted on the period: 日期, 事由, 效果, 此后的届满日 (with the start as the first row)."""
    start = ("提前到期（时效自次日起算）" if result.acceleration is not None
             and result.initial.runs_from == result.acceleration else "最后一期到期（时效自次日起算）")
    rows = [{"日期": result.initial.runs_from.isoformat(), "事由": start,
             "效果": "开始计算", "此后的届满日": result.initial.end.isoformat()}]
    rows += [{"日期": e.date.isoformat(), "事由": KIND_ZH[e.kind], "效果": EFFECT_ZH[e.effect],
              "此后的届满日": e.end_after.isoformat()} for e in result.interruptions]
    rows.sort(key=lambda r: r["日期"])  # stable: the start stays before a same-day event
    return _frame(rows)


def outcomes_frame(cases: dict):
    """Several limitation results side by side: 情形 (the key), 时效届满日, 截至基准日, 可能已不能主张时效抗辩."""
    return _frame([
        {"情形": name, "时效届满日": r.end.isoformat(), "截至基准日": EXPIRED_ZH[r.expired],
         "可能已不能主张时效抗辩": "是" if r.defence_possibly_waived else "否"}
        for name, r in cases.items()
    ])


def timeline_chart(events, as_of, title: str = TIMELINE_TITLE):
    """The calculator's SVG timeline chart of a list of timeline events, for a notebook cell."""
    from IPython.display import SVG  # notebooks only

    return SVG(figure_svg(timeline_figure(events, as_of, title)))


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
    return {
        **result.to_dict(),
        "warnings_zh": warnings_zh(result),
        "citations": [cites([p]) for p in result.provisions],
        "scope_zh": scope_zh(),
    }


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
    events = timeline(args.installment, args.payment, args.contact, as_of=args.as_of,
                      acceleration=args.acceleration)
    return [{**e.to_dict(), "label_zh": event_label_zh(e), "basis_zh": basis_zh(e),
             "notes_zh": event_notes_zh(e)} for e in events]


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
