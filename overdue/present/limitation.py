"""The limitation-and-timeline calculator, and the one set of words for both engines.

Engines: :mod:`overdue.limitation` (the ordinary period under 《民法通则》, 《民法总则》
or 《民法典》, interruption, suspension, the long stop) and :mod:`overdue.timeline`.
They return codes (event kinds, interruption kinds and effects, note codes,
regimes, source codes), provision ids and dated parameters; every Chinese word
for them is defined here, once: :data:`KIND_ZH`, :data:`EFFECT_ZH`,
:data:`SUSPENSION_EFFECT_ZH`, :data:`EXPIRED_ZH`, :data:`CONVENTION_ZH`,
:data:`SOURCE_ZH`, :func:`regime_zh`, :func:`note_zh`, :func:`event_label_zh`,
:func:`scope_zh`.

Also here: the calculator (form, results with the held-apart figures — regime
applied, suspension added, effect of an assignment notice, the long stop — and
the reasons as a table of their own, chart data), the ``limitation`` and
``timeline`` commands (``--assignment-notice``, ``--debit``, ``--suspension``,
``--long-stop-from`` on both), and the notebooks' views (:func:`events_frame`,
:func:`interruptions_frame`, :func:`outcomes_frame`, :func:`regimes_frame`, the
SVG timeline chart; pandas and IPython are imported only when a view is asked for).
"""

from __future__ import annotations

import datetime as _dt

from .. import law, params
from ..errors import InputError
from ..kernel import MAX_INSTALLMENTS, MAX_PAYMENTS, amount_domain, event_dates, parse_date
from ..limitation import MAX_EVENTS, MAX_SUSPENSIONS, first_covered_day
from ..limitation import (
    KIND_FIELDS,
    LONG_STOP_PARAMETER,
    RULES,
    SUSPENSION_PARAMETER,
    LimitationResult,
    Note,
    first_covered_day,
    kind_provisions,
    limitation,
    parse_suspension,
    regime_on,
    regime_starts,
)
from ..timeline import Event, timeline
from .fmt import cites, colophon, table, unique, yuan
from .forms import (Form, add_schedule_options, apply_builder, checked_date, cli_due_dates, cli_installments,
                    cli_payments, example,
                    field, schedule_fields)
from .svg import figure_svg


TITLE = "诉讼时效与时间线计算器"
INTRO = ("输入最后一期到期日（或完整的还款计划）、催收联系、部分还款、债权转让通知等日期，"
         "按当时施行的规定（《民法通则》《民法总则》或《民法典》）计算诉讼时效的届满日。")
ENGINE_FIELDS = {
    "installment": "installments",
    "payment": "payments",
    "partial_payment": "payments",
    "contact": "contacts",
    "demand": "contacts",
    "interruption": "contacts",
    "acknowledgment": "contacts",
    "partial_demand": "contacts",
    "assignment_notice": "assignment_notices",
    "debit": "debits",
    "suspension": "suspensions",
}


# --- The words ---------------------------------------------------------------------

# Kinds of interrupting events (overdue.limitation.KINDS).
KIND_ZH = {
    "interruption": "中断事由（未说明类型）",
    "demand": "履行请求（催收）到达债务人",
    "partial_demand": "就部分债务提出的履行请求到达债务人",
    "acknowledgment": "债务人同意履行（承认债务、请求延期、承诺还款计划等）",
    "partial_payment": "债务人部分还款",
    "debit": "金融机构从债务人账户中扣收欠款本息",
    "assignment_notice": "债权转让通知到达债务人",
}

# What an event does to the period (InterruptionEffect.effect).
EFFECT_ZH = {
    "restarted": "诉讼时效中断，从这一天起重新计算",
    "before_start": "诉讼时效尚未开始计算，不发生中断效果",
    "after_expiry": "发生在诉讼时效届满之后，不使时效重新计算",
}

# What an obstacle does to the period (SuspensionEffect.effect).
SUSPENSION_EFFECT_ZH = {
    "suspended": "诉讼时效中止，届满日延后",
    "outside_last_six_months": "不在诉讼时效期间的最后六个月内，不发生中止",
    "after_expiry": "发生在诉讼时效届满之后，不发生中止",
    "superseded": "期间此后在原届满日之前中断并重新计算，中止不再有影响",
}

EXPIRED_ZH = {True: "已届满", False: "尚未届满"}

CONVENTION_ZH = "行业惯例，非法律"

# Where an event comes from when no provision applies (Event.source).
SOURCE_ZH = {"contract": "借款合同约定", "convention": CONVENTION_ZH, "input": "用户输入"}

PROOF_ZH = "催收能否认定为中断，要看贷款人能否证明履行请求到达了您。"


def _d(day) -> str:
    return day.isoformat() if hasattr(day, "isoformat") else str(day)


def _day(value) -> _dt.date:
    return value if isinstance(value, _dt.date) else _dt.date.fromisoformat(str(value))


def _short(key: str) -> str:
    """The short citation form of a law (its title in 《》)."""
    return law.laws()[key]["short"]


def regime_zh(regime: str) -> str:
    """A regime (a law key of ``overdue.limitation.REGIMES``) with its dates, e.g. 《民法总则》（2017-10-01 施行，2021-01-01 废止）.

    The dates are the regimes' first days in ``data/parameters.yaml`` and the
    repeal dates recorded in ``data/provisions.yaml``.
    """
    starts = regime_starts()
    first = starts[regime]
    later = sorted(d for d in starts.values() if d > first)
    repealed = _repealed(RULES[regime]["length"][0])
    text = f"{_short(regime)}（{_d(first)} 施行"
    if repealed:
        text += f"，{repealed} 废止"
    if later and _d(later[0]) != repealed:
        successor = next(k for k, d in starts.items() if d == later[0])
        text += f"；{_d(later[0])} 以后开始计算的诉讼时效适用{_short(successor)}"
    return text + "）"


def _repealed(pid: str) -> str:
    return str(law.provision(pid).get("repealed", ""))


def _uncovered_zh(year, first, last) -> str:
    return (
        f"{year} 年的法定节假日和调休安排尚未收录（所用日历数据只覆盖 {first}–{last} 年），"
        f"该年只按周六、周日判断休息日，没有考虑法定节假日和调休上班日。"
        f"国务院办公厅公布 {year} 年放假安排后，请更新日历数据并复核这一日期。"
    )


def _expiry_cites(day, *, waiver: bool) -> str:
    """The provisions on what expiry does, of the regime in force on ``day``, cited: the
    defence (民法总则第192条; under 民法通则 its 第135条, the period of court protection)
    or, with ``waiver``, the debtor's agreement after expiry."""
    regime = regime_on(_day(day))
    rules = RULES[regime]
    if not waiver:
        return cites(rules["length"] if regime == "civil-principles" else rules["expiry"])
    return cites(rules["expiry"] + rules["waiver"])


def _after_expiry_demand(n) -> str:
    if regime_on(_day(n["date"])) == "civil-code":
        cite1, cite3 = "（《民法典》第192条第1款）", "（《诉讼时效规定》第19条第3款）"
    else:
        cite1, cite3 = f"（{_expiry_cites(n['end'], waiver=False)}）", f"（{_expiry_cites(n['date'], waiver=True)}）"
    return (
        f"{_d(n['date'])} 的“{KIND_ZH[n['kind']]}”发生在诉讼时效期间届满（{_d(n['end'])}）之后。届满后的催收不会使时效"
        f"重新计算，也不能使已届满的时效“复活”；债务人仍可以提出时效届满的抗辩{cite1}。届满日没有因此延后。"
        f"但债务人如果在届满后的催收通知单上签字或者盖章，可能被认定为同意履行、放弃时效抗辩{cite3}。"
    )


def _after_expiry_debtor(n) -> str:
    if regime_on(_day(n["date"])) == "civil-code":
        cite = "（《民法典》第192条第2款、《诉讼时效规定》第19条）"
    else:
        cite = f"（{_expiry_cites(n['date'], waiver=True)}）"
    return (
        f"{_d(n['date'])} 的“{KIND_ZH[n['kind']]}”发生在诉讼时效期间届满（{_d(n['end'])}）之后，不会使时效重新计算；"
        f"但届满后义务人同意履行的，不得再以时效届满为由抗辩，已经自愿履行的部分不得请求返还{cite}。"
        "部分还款是否等于同意履行全部剩余债务，本计算器无法判断。"
    )


def _after_expiry_unspecified(n) -> str:
    if regime_on(_day(n["date"])) == "civil-code":
        cite = "（《民法典》第192条第2款、《诉讼时效规定》第19条）"
    else:
        cite = f"（{_expiry_cites(n['date'], waiver=True)}）"
    return (
        f"{_d(n['date'])} 的中断事由发生在诉讼时效期间届满（{_d(n['end'])}）之后，不会使已届满的时效重新计算。"
        "如果它是催收，债务人仍可以提出时效届满的抗辩；如果它是债务人同意履行或者还款，"
        f"债务人可能不能再以时效届满为由抗辩{cite}。"
    )


def _defences_zh(day) -> str:
    """Where the debtor's defences against an assignee come from, for a notice on ``day``."""
    if regime_on(_day(day)) == "civil-code":
        return f"您对原债权人的抗辩（包括诉讼时效届满的抗辩），可以向受让人主张（{cites(('civil-code-548',))}）"
    return ("您对原债权人的抗辩（包括诉讼时效届满的抗辩），同样可以向受让人主张；"
            "2021 年以前的转让适用当时《合同法》的相应规定，本书没有收录其条文")


def _regime_reason(n) -> str:
    role = "诉讼时效最初" if n["running"] == "initial" else "最近一次中断后，诉讼时效"
    text = (f"{role}自 {_d(n['runs_from'])} 起算；当天施行的是{regime_zh(n['regime'])}，"
            "这一段期间的长度和计算方法适用它的规定")
    if n["regime"] == "civil-code":
        return text + "。"
    return text + f"（法律事实发生时的规定，{cites(('time-effect-interp-1',))}第2款）。"


def _transition_extended(n) -> str:
    return (
        f"自 {_d(n['runs_from'])} 起算的期间按《民法通则》为 {n['from_years']} 年，最后一日是 {_d(n['two_year_end'])}；"
        f"《民法总则》施行之日（{_d(n['commencement'])}）尚未届满，因此可以主张适用 {n['years']} 年，"
        f"最后一日为 {_d(n['end'])}（{cites(('civil-general-interp-2',))}）。"
        f"该解释已于 {_repealed('civil-general-interp-2')} 被{cites(('spc-repeal-2020-16',))}废止，"
        "但这一过渡发生在废止以前，仍按它判断。"
    )


def _transition_expired(n) -> str:
    return (
        f"自 {_d(n['runs_from'])} 起算的期间按《民法通则》为 {n['years']} 年，已于 {_d(n['end'])} 届满，"
        f"早于《民法总则》施行之日（{_d(n['commencement'])}）；已经届满的期间不因《民法总则》改为 {n['later_years']} 年而恢复"
        f"（{cites(('civil-general-interp-3',))}）。"
    )


def _continues(n) -> str:
    return (
        f"自 {_d(n['runs_from'])} 起按{_short(n['regime'])}计算的期间，在《民法典》施行之日（{_d(n['commencement'])}）"
        f"尚未届满，此后按《民法典》继续计算，期间长度不变，最后一日为 {_d(n['end'])}"
        f"（{cites(('time-effect-interp-1',))}第3款）。"
    )


def _months(n) -> int:
    """The suspension window in months, read on the day the obstacle ended (as the engine does)."""
    return int(params.get(SUSPENSION_PARAMETER, on=_day(n["end"])))


def _long_stop_binds(n) -> str:
    return (
        f"自权利受到损害之日 {_d(n['runs_from'])} 起已满 {n['years']} 年（最后一日 {_d(n['end'])}）："
        f"即使诉讼时效因中断本应计算到 {_d(n['ordinary_end'])}，人民法院也不再保护（最长权利保护期间，"
        f"{cites(RULES[regime_on(_day(n['runs_from']))]['long_stop'])}）。"
    )


def _debit_cites(day) -> str:
    rules = RULES[regime_on(day)]
    return f"{cites(rules['interruption'])}、{cites(rules['debit'])}第（三）项"


def _debit(n) -> str:
    return (
        f"{_d(n['date'])} 的扣款，只有在债权人是金融机构，并且依照法律规定或者合同约定从您的账户中扣收欠款本息时，"
        f"才算主张权利、使诉讼时效中断（{_debit_cites(_day(n['date']))}）。"
        "扣款的一方不是金融机构的，这一项不适用。"
    )


def _notice_reach(n) -> str:
    if regime_on(_day(n["date"])) == "civil-code":
        rule = f"债权转让没有通知您的，对您不发生效力（{cites(('civil-code-546',))}）。"
    else:
        rule = "2021 年以前的转让是否已对您发生效力，适用当时《合同法》的规定，本书没有收录其条文。"
    return (
        f"{_d(n['date'])} 的债权转让通知，只有到达您本人才使诉讼时效中断"
        f"（{cites(kind_provisions('assignment_notice', _day(n['date'])))}）；通知是否到达，由主张中断的一方证明。"
        + rule
    )


def _after_expiry_assignment(n) -> str:
    return (
        f"{_d(n['date'])} 的债权转让通知在诉讼时效届满（{_d(n['end'])}）之后才到达，不会使时效重新计算，"
        f"也不能使已届满的时效“复活”。受让人取得的仍是已过诉讼时效的债权；{_defences_zh(n['date'])}。"
    )


def _resumed_counting(n) -> str:
    commencement = regime_starts()["civil-general"]
    return (
        f"{_d(n['start'])}–{_d(n['end'])} 的障碍在 {_d(commencement)} 以前消除，适用"
        f"{cites(RULES['civil-principles']['suspension'][:1])}：中止期间不计入，障碍消除后继续计算剩余期间。"
        f"本计算器把从中止开始之日（{_d(n['suspended_from'])}）到原最后一日的天数接在障碍消除之日以后，"
        f"期间因此延长 {n['days']} 天；法院对起止日的计算可能不同。"
    )


_NOTE_ZH = {
    "before_start": lambda n: (
        f"{_d(n['date'])} 的“{KIND_ZH[n['kind']]}”不晚于诉讼时效起算所依据的日期 {_d(n['runs_from'])}，"
        f"时效从 {_d(n['first_day'])} 才开始计算，此时尚未开始，因此不发生中断效果；已记录，但不影响届满日。"
    ),
    "after_expiry_unspecified": _after_expiry_unspecified,
    "after_expiry_debtor_act": _after_expiry_debtor,
    "after_expiry_demand": _after_expiry_demand,
    "after_expiry_assignment": _after_expiry_assignment,
    "after_expiry_debit": lambda n: (
        f"{_d(n['date'])} 的扣款发生在诉讼时效期间届满（{_d(n['end'])}）之后，不会使时效重新计算。"
        "扣款是债权人的行为，不等于您同意履行；已被扣走的款项能否要回，本计算器无法判断。"
    ),
    "after_long_stop": lambda n: (
        f"{_d(n['date'])} 的“{KIND_ZH[n['kind']]}”发生在最长权利保护期间届满（{_d(n['end'])}）之后；"
        "中断对这一期间不起作用，不会使债权重新受到保护。"
        + ("债务人此后同意履行或者还款的法律后果，本计算器不作判断。" if n.get("debtor_act") else "")
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
    "civil_principles_corresponding_date": lambda n: (
        "《民法通则》没有“到期月的对应日为期间的最后一日”这样的规定；本计算器按公历年的对应日计算"
        "《民法通则》下的期间（与后来《民法总则》第二百零二条的规定相同）。如果某个日期恰好落在期间的最后一天前后，"
        "请以法院的认定为准。"
    ),
    "debit_financial_institution": _debit,
    "assignment_notice_must_reach": _notice_reach,
    "suspension_obstacle": lambda n: (
        "诉讼时效中止只适用于使债权人（贷款人或者受让人）不能行使请求权的障碍，例如不可抗力、"
        "权利人被义务人或者其他人控制等；借款人自己的困难（失业、生病）不是中止事由。"
    ),
    "suspension_outside_last_six_months": lambda n: (
        f"{_d(n['start'])}–{_d(n['end'])} 的障碍不在诉讼时效期间的最后 {_months(n)} 个月内"
        f"（期间最后一日为 {_d(n['period_end'])}，最后 {_months(n)} 个月自 {_d(n['window_from'])} 开始），"
        "不发生中止。"
    ),
    "suspension_after_expiry": lambda n: (
        f"{_d(n['start'])}–{_d(n['end'])} 的障碍开始时，诉讼时效已经届满（{_d(n['expired_end'])}），不发生中止。"
    ),
    "suspension_superseded": lambda n: (
        f"{_d(n['start'])}–{_d(n['end'])} 的障碍发生在诉讼时效期间的最后 {_months(n)} 个月内，"
        f"但期间在原届满日之前的 {_d(n['date'])} 已经中断并重新计算；重新计算的期间不受这一障碍的影响。"
    ),
    "suspension_resumed_counting": _resumed_counting,
    "long_stop_start_assumed": lambda n: (
        f"没有给出权利受到损害之日，最长权利保护期间按 {_d(n['runs_from'])}（诉讼时效最初起算所依据的日期）起算。"
        "如果最早一期欠款更早就已逾期，这一期间可能更早届满。"
    ),
    "long_stop_extension": lambda n: (
        "有特殊情况的，人民法院可以根据权利人的申请决定延长最长权利保护期间；本计算器不计算延长。"
    ),
    # Reasons (why a regime and a length apply).
    "regime": _regime_reason,
    "transition_extended": _transition_extended,
    "transition_expired": _transition_expired,
    "continues_under_civil_code": _continues,
    "long_stop_binds": _long_stop_binds,
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
    "buckets_not_defined": lambda n: (
        f"本书收录的行业逾期分段自 {_d(n['first'])} 起；此前的逾期不标注 M1–M3+ 分段。"
    ),
    "credit_reg_not_in_force": lambda n: (
        f"《征信业管理条例》自 {_d(n['first'])} 起施行；此前开始的逾期不列出该条例规定的征信事件。"
    ),
}


def note_zh(note: Note) -> str:
    """The Chinese text of an engine's :class:`~overdue.limitation.Note` (a warning, a reason or an event's note)."""
    return _NOTE_ZH[note.code](note.data)


def warnings_zh(result: LimitationResult) -> list[str]:
    """The limitation engine's warnings, in Chinese, in the engine's order."""
    return [note_zh(w) for w in result.warnings]


def reasons_zh(reasons) -> list[str]:
    """The regime applied and why (the engine's ``reasons``), in Chinese."""
    return [note_zh(r) for r in reasons]


def scope_zh() -> str:
    """What the limitation engine does not cover (``overdue.limitation.NOT_COVERED``), in Chinese."""
    first = first_covered_day().isoformat()
    years = params.get(LONG_STOP_PARAMETER)
    return (
        "按当时施行的规定计算普通诉讼时效的起算、届满、中断和中止，以及 "
        f"{years} 年的最长权利保护期间；没有考虑起诉或申请仲裁引起的中断（新的期间从程序终结时起算）"
        f"和人民法院依申请延长最长期间，也不计算 {first} 以前开始计算的时效"
        "（此前适用的规定本书未能核实）。"
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


def _label_event_kind(kind: str):
    def label(e: Event) -> str:
        effect = e.data.get("effect")
        return KIND_ZH[kind] + (f"：{EFFECT_ZH[effect]}" if effect else "")
    return label


def _label_suspension(e: Event) -> str:
    d = e.data
    text = f"妨碍债权人行使请求权的障碍（{_d(e.date)}–{_d(d['end'])}）"
    if d.get("effect"):
        text += f"：{SUSPENSION_EFFECT_ZH[d['effect']]}"
        if d["effect"] == "suspended":
            text += f"，届满日为 {_d(d['end_after'])}"
    return text


_LABEL_ZH = {
    "instalment_due": lambda e: f"第 {e.data['number']} 期到期，应还 {yuan(e.data['amount'])} 元",
    "payment": _label_payment,
    "collection_contact": _label_contact,
    "debit": _label_event_kind("debit"),
    "assignment_notice": _label_event_kind("assignment_notice"),
    "suspension": _label_suspension,
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
        "诉讼时效开始计算（" + ("提前到期日" if e.data["from_acceleration"] else "最后一期到期日") + "的次日；"
        f"适用{_short(e.data.get('regime', 'civil-code'))}）"
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


# --- The held-apart figures (both branches of the calculator) ------------------------------


def _regime_row(reasons) -> list[str]:
    """「适用的时效制度」: the regime of the running period and the transitions that set its length."""
    regimes = [r for r in reasons if r.code == "regime"]
    main = regimes[-1].data["regime"] if regimes else "civil-code"
    parts = [regime_zh(main)]
    for r in reasons:
        n = r.data
        if r.code == "transition_extended" and n["runs_from"] == regimes[-1].data["runs_from"]:
            parts.append(f"{n['from_years']} 年的期间在《民法总则》施行时尚未届满，改按 {n['years']} 年"
                         f"（{cites(('civil-general-interp-2',))}）")
        elif r.code == "transition_expired":
            parts.append(f"{n['years']} 年的期间在《民法总则》施行前已经届满，不改按 {n['later_years']} 年"
                         f"（{cites(('civil-general-interp-3',))}）")
        elif r.code == "continues_under_civil_code":
            parts.append(f"跨过《民法典》施行之日，此后按《民法典》继续计算（{cites(('time-effect-interp-1',))}）")
    return ["适用的时效制度", "；".join(parts)]


def _suspension_row(suspensions, days: int, end_without) -> list[str]:
    if not suspensions:
        return ["中止增加的时间", "没有录入中止事由"]
    if not days:
        return ["中止增加的时间", "0 天（所录入的障碍不发生中止）"]
    return ["中止增加的时间", f"{days} 天（不计中止时最后一日为 {_d(end_without)}）"]


def _notice_row(notices) -> list[str] | None:
    if not notices:
        return None
    text = "；".join(f"{_d(e.date)}：{EFFECT_ZH[e.effect]}" for e in notices)
    return ["债权转让通知的效果", text]


def _long_stop_row(stop) -> list[str]:
    label = f"最长权利保护期间（{stop.years} 年，自 {_d(stop.runs_from)} 起算）的最后一日"
    return [label, _d(stop.end) + ("（早于普通诉讼时效，以此为准）" if stop.binds else "")]


def _held_apart(reasons, suspensions, days, end_without, notices, stop) -> list[list[str]]:
    rows = [_regime_row(reasons), _suspension_row(suspensions, days, end_without)]
    notice = _notice_row(notices)
    if notice:
        rows.append(notice)
    rows.append(_long_stop_row(stop))
    return rows


# --- The calculator ------------------------------------------------------------------


def _first_period_start() -> _dt.date:
    """The earliest day a period may start to run (:func:`overdue.limitation.first_covered_day`)."""
    return first_covered_day()


def _dates(first: _dt.date | None = None) -> dict:
    """The domain of a date of this form (:func:`overdue.kernel.event_dates`)."""
    d = event_dates().to_dict()
    if first is not None:
        d["min"] = first.isoformat()
    return d


def _lines(max_lines: int, amount: bool = False) -> dict:
    item = {"date": _dates()}
    if amount:
        item["amount"] = amount_domain()
    return {"max_lines": max_lines, "item": item}


def fields() -> list[dict]:
    ex = example("ch3_limitation")
    first = _first_period_start()
    return [
        field("last_due", "最后一期到期日（YYYY-MM-DD）", "date", ex["installments"][-1].split(":")[0],
              "诉讼时效自最后一期履行期限届满之日起计算；填写了下面的还款计划时以计划为准。"
              f"本书核实了 {first.isoformat()} 以后开始计算的诉讼时效所依据的条文。", domain=_dates(first)),
    ] + schedule_fields(payments=True) + [
        field("installments", "各期还款计划（可选；每行一期：到期日:金额，单位 元）", "lines",
              ex["installments"],
              "填写后会列出完整的时间线（逾期阶段、征信、诉讼时效）。也可以用上面几栏生成，再逐行修改。",
              domain=_lines(MAX_INSTALLMENTS, amount=True)),
        field("contacts", "催收联系（履行请求到达您）的日期（每行一个 YYYY-MM-DD）", "lines",
              ex["contacts"],
              "催收要求到达您本人的日期；每一次都可能使诉讼时效中断。", domain=_lines(MAX_EVENTS)),
        field("payments", "还款（每行一笔：日期:金额，单位 元；没有就留空）", "lines", ex["payments"],
              "诉讼时效起算后的部分还款是同意履行，会使诉讼时效中断。", domain=_lines(MAX_PAYMENTS, amount=True)),
        field("acceleration", "贷款人宣布全部提前到期的日期（可选，YYYY-MM-DD）", "date", "",
              "没有就留空。", domain=_dates()),
        field("assignment_notices", "债权转让通知到达您的日期（可选；每行一个 YYYY-MM-DD）", "lines", "",
              "原贷款人或受让人（如资产管理公司）通知您债权已经转让的日期。届满前到达的通知使诉讼时效中断；"
              "届满后到达的，不使时效重新计算。", domain=_lines(MAX_EVENTS)),
        field("debits", "金融机构从您账户中扣收欠款的日期（可选；每行一个 YYYY-MM-DD）", "lines", "",
              "只有债权人是金融机构、依照法律规定或者合同约定从您的账户扣收欠款本息时，才使诉讼时效中断。",
              domain=_lines(MAX_EVENTS)),
        field("suspensions", "妨碍债权人行使请求权的障碍（可选；每行一段：开始日:结束日）", "lines", "",
              f"例如不可抗力。障碍存在于诉讼时效期间的最后 {params.get(SUSPENSION_PARAMETER, on=params.as_of())} 个月内时，诉讼时效中止；"
              "借款人自己的困难不是中止事由。", domain=_lines(MAX_SUSPENSIONS)),
        field("long_stop_from", "权利受到损害之日（可选，用于最长权利保护期间，YYYY-MM-DD）", "date", "",
              "不填时按诉讼时效最初起算的日期计算。", domain=_dates()),
        # The form's default day of judgement is the book's as-of date (the chapter's
        # example); the engines read every parameter on its own date.
        field("as_of", "计算基准日（YYYY-MM-DD）", "date", params.as_of().isoformat(),
              "判断是否已经届满的日期；默认是本书的基准日。", domain=_dates()),
    ]


def _spans(form: Form, key: str) -> list[str]:
    """The ``START:END`` lines of a form field, each checked (a line number in the error)."""
    out = []
    for number, line in enumerate(form.raw[key].splitlines(), start=1):
        if not line.strip():
            continue
        try:
            span = parse_suspension(line, key)
            checked_date(span.start, key, line)
            checked_date(span.end, key, line)
        except InputError as err:
            raise InputError(key, f"第 {number} 行：{err.message_zh}", f"line {number}: {err.message_en}") from None
        out.append(span)
    return out


_STRIP_ZH = {  # short labels for the dated strip
    "instalment_due": "到期",
    "payment": "还款",
    "collection_contact": "催收",
    "demand": "催收",
    "partial_payment": "还款",
    "debit": "扣款",
    "assignment_notice": "转让通知",
    "suspension": "中止事由",
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
    updates = apply_builder(form)  # the lines built from 借款本金, 期数 …, when asked to
    as_of = form.date("as_of")
    installments = form.pairs("installments")
    contacts = form.dates("contacts")
    payments = form.pairs("payments")
    accel = form.date("acceleration", optional=True)
    notices = form.dates("assignment_notices")
    debits = form.dates("debits")
    obstacles = _spans(form, "suspensions")
    stop_from = form.date("long_stop_from", optional=True)
    warnings: list[str] = []
    rows: list[list[str]] = []

    if installments:
        last_due = max(day for day, _ in installments)
        typed = form.date("last_due", optional=True)
        if typed is not None and typed != last_due:
            warnings.append(f"已按还款计划中最晚的到期日 {last_due.isoformat()} 计算，"
                            f"“最后一期到期日”一栏的 {typed.isoformat()} 没有使用。")
        evs = timeline(installments, payments, contacts, as_of=as_of, acceleration=accel,
                       assignment_notices=notices, debits=debits, suspensions=obstacles,
                       long_stop_from=stop_from)
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
            reasons = []
            end = expired = None
            head = f"截至 {as_of.isoformat()}，所录入的各期欠款已于 {settled.date.isoformat()} 全部还清，不再计算诉讼时效。"
        else:
            data = end_ev.data
            end, expired = end_ev.date, data["expired"]
            provisions = list(end_ev.provisions)
            warnings += event_notes_zh(end_ev)
            reasons = reasons_zh(data["reasons"])
            summary_rows = [
                ["最后一期到期日", last_due.isoformat()],
                ["诉讼时效开始计算", start_ev.date.isoformat() if start_ev else ""],
                ["诉讼时效期间的最后一日", end.isoformat()],
                [f"截至 {as_of.isoformat()}", EXPIRED_ZH[expired]],
                ["未因休息日顺延时的最后一日", data["unadjusted_end"].isoformat()],
            ]
            summary_rows += _held_apart(data["reasons"], data["suspensions"], data["suspended_days"],
                                        data["end_without_suspension"], data["assignment_notices"],
                                        data["long_stop"])
            if data["end_if_acceleration_disregarded"]:
                summary_rows.append(["如仍按最后一期到期日起算", data["end_if_acceleration_disregarded"].isoformat()])
            if data["defence_possibly_waived"]:
                summary_rows.append(["时效届满后债务人同意履行或还款", "可能已不能再以时效届满为由抗辩"])
            head = None
    else:
        last_due = form.date("last_due")
        interruptions = [(d, "demand") for d in contacts] + [(d, "partial_payment") for d, _ in payments]
        interruptions += [(d, "assignment_notice") for d in notices] + [(d, "debit") for d in debits]
        result = limitation(last_due, interruptions, as_of=as_of, acceleration=accel,
                            suspensions=obstacles, long_stop_from=stop_from)
        end, expired = result.end, result.expired
        provisions = list(result.provisions)
        warnings += warnings_zh(result)
        reasons = reasons_zh(result.reasons)
        summary_rows = [
            ["最后一期到期日", last_due.isoformat()],
            ["诉讼时效期间", f"{result.period.years} 年"],
            ["诉讼时效开始计算", result.initial.first_day.isoformat()],
            ["最近一次中断", result.running_from.date.isoformat() if result.running_from else "没有"],
            ["诉讼时效期间的最后一日", end.isoformat()],
            [f"截至 {as_of.isoformat()}", EXPIRED_ZH[expired]],
            ["未因休息日顺延时的最后一日", (result.long_stop.unadjusted_end if result.long_stop.binds
                                   else result.period.unadjusted_end).isoformat()],
        ]
        summary_rows += _held_apart(result.reasons, result.suspensions, result.period.suspended_days,
                                    result.end_without_suspension, result.assignment_notices, result.long_stop)
        if result.end_if_acceleration_disregarded:
            summary_rows.append(["如仍按最后一期到期日起算", result.end_if_acceleration_disregarded.isoformat()])
        if result.defence_possibly_waived:
            summary_rows.append(["时效届满后债务人同意履行或还款", "可能已不能再以时效届满为由抗辩"])
        start_ids = RULES[result.initial.regime]
        items = [(last_due, 0, "last_due", _STRIP_ZH["last_due"], start_ids["instalment"], "")]
        if accel is not None:
            items.append((accel, 1, "acceleration", ACCELERATION_ZH, (), SOURCE_ZH["input"]))
        items.append((result.initial.first_day, 2, "limitation_start", "诉讼时效开始计算",
                      start_ids["length"] + start_ids["instalment"] + start_ids["counting"][:1], ""))
        for e in result.interruptions:
            items.append((e.date, 3, e.kind, f"{KIND_ZH[e.kind]}：{EFFECT_ZH[e.effect]}；此后最后一日为 "
                          f"{e.end_after.isoformat()}", e.provisions, ""))
        for s in result.suspensions:
            label = f"障碍（{_d(s.start)}–{_d(s.end)}）：{SUSPENSION_EFFECT_ZH[s.effect]}"
            if s.effect == "suspended":
                label += f"；此后最后一日为 {s.end_after.isoformat()}"
            items.append((s.start, 3, "suspension", label, s.provisions, SOURCE_ZH["input"]))
        items.append((end, 4, "limitation_end", _end_label(as_of, expired), result.provisions, ""))
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
                + (f"、{len(notices)} 次债权转让通知" if notices else "")
                + f"；诉讼时效期间的最后一日是 {end.isoformat()}，截至 {as_of.isoformat()} {EXPIRED_ZH[expired]}。")
    summary = head + "本书的时效引擎" + scope_zh() + PROOF_ZH + colophon(provisions)
    return {
        **({"form_updates": updates} if updates else {}),
        "tables": [
            table("诉讼时效", ["项目", "内容"], summary_rows),
            table("时间线", ["日期", "事件", "依据", "推算"], rows),
            table("适用的规定", ["说明"], [[x] for x in reasons]),
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
    rows += [{"日期": s.start.isoformat(), "事由": f"障碍（至 {s.end.isoformat()}）",
              "效果": SUSPENSION_EFFECT_ZH[s.effect], "此后的届满日": s.end_after.isoformat()}
             for s in result.suspensions]
    rows.sort(key=lambda r: r["日期"])  # stable: the start stays before a same-day event
    return _frame(rows)


def outcomes_frame(cases: dict):
    """Several limitation results side by side: 情形 (the key), 适用的规定, 时效届满日, 截至基准日, 可能已不能主张时效抗辩."""
    return _frame([
        {"情形": name, "时效届满日": r.end.isoformat(), "截至基准日": EXPIRED_ZH[r.expired],
         "可能已不能主张时效抗辩": "是" if r.defence_possibly_waived else "否"}
        for name, r in cases.items()
    ])


def regimes_frame(cases: dict):
    """Old debts side by side: 情形, 适用的时效制度, 期间, 时效届满日, 截至基准日 (chapter 3's table of regimes)."""
    return _frame([
        {"情形": name, "适用的时效制度": _regime_row(r.reasons)[1], "期间": f"{r.period.years} 年",
         "时效届满日": r.end.isoformat(), "截至基准日": EXPIRED_ZH[r.expired]}
        for name, r in cases.items()
    ])


def timeline_chart(events, as_of, title: str = TIMELINE_TITLE):
    """The calculator's SVG timeline chart of a list of timeline events, for a notebook cell."""
    from IPython.display import SVG  # notebooks only

    return SVG(figure_svg(timeline_figure(events, as_of, title)))


# --- Command line (python -m overdue) ------------------------------------------


def _limitation_cli(args) -> dict:
    last_due = args.last_due
    if args.first_due or args.installment_count:
        # the schedule options: the last of the built due dates
        if last_due:
            raise InputError("last_due", "--last-due 与 --first-due 等生成各期的选项只能用一种。",
                             "use either --last-due or the schedule options (--first-due …), not both")
        last_due = cli_due_dates(args)[-1]
    if not last_due:
        raise InputError(
            "last_due",
            "请用 --last-due 给出最后一期的到期日（YYYY-MM-DD），或用 --first-due 和 --installment-count 生成各期。",
            "--last-due (the last instalment's due date, YYYY-MM-DD) is required",
        )
    events = []
    for kind in ("interruption", "demand", "acknowledgment", "partial_payment", "assignment_notice", "debit"):
        for raw in getattr(args, kind) or ():
            events.append((parse_date(raw, KIND_FIELDS[kind]), kind))
    events += [(parse_date(line.split(":")[0], "partial_payment"), "partial_payment")
               for line in cli_payments(args, ())]
    result = limitation(
        last_due,
        events,
        as_of=args.as_of,
        acceleration=args.acceleration,
        suspensions=args.suspension,
        long_stop_from=args.long_stop_from,
    )
    return {
        **result.to_dict(),
        "regime_zh": regime_zh(result.regime),
        "reasons_zh": reasons_zh(result.reasons),
        "warnings_zh": warnings_zh(result),
        "citations": [cites([p]) for p in result.provisions],
        "scope_zh": scope_zh(),
    }


def _add_event_options(p) -> None:
    """The options both commands share: assignment notices, debits, obstacles, the long stop's start."""
    p.add_argument(
        "--assignment-notice", metavar="DATE", action="append", default=[], dest="assignment_notice",
        help="债权转让通知到达债务人的日期，可重复",
    )
    p.add_argument(
        "--debit", metavar="DATE", action="append", default=[],
        help="金融机构依照法律规定或者合同约定从债务人账户扣收欠款本息的日期，可重复",
    )
    p.add_argument(
        "--suspension", metavar="START:END", action="append", default=[],
        help="妨碍债权人行使请求权的障碍的开始日和结束日（中止事由），可重复",
    )
    p.add_argument("--long-stop-from", metavar="DATE", dest="long_stop_from",
                   help="权利受到损害之日（最长权利保护期间的起算日，可选）")


def register_limitation_cli(subparsers) -> None:
    p = subparsers.add_parser(
        "limitation",
        help="诉讼时效：届满日、是否届满、中断、中止",
        description=(
            "分期债务的诉讼时效，按起算时施行的规定（《民法通则》《民法总则》或《民法典》）计算："
            "自最后一期到期日的次日起计算，到期年的对应日为最后一日，遇法定休假日顺延；催收到达、同意履行、"
            "部分还款、金融机构扣款或债权转让通知到达使时效中断并重新计算；最后六个月内的障碍使时效中止。"
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
    _add_event_options(p)
    p.add_argument("--acceleration", metavar="DATE", help="贷款人宣布全部借款提前到期的日期（可选）")
    p.add_argument("--as-of", metavar="DATE", dest="as_of", help="判断是否届满的基准日（默认本书基准日）")
    add_schedule_options(p, payments=True, amounts=False)
    p.set_defaults(run=_limitation_cli)


# --- Command line (python -m overdue) ------------------------------------------


def _timeline_cli(args) -> list:
    if not args.as_of:
        raise InputError("as_of", "请用 --as-of 给出计算基准日（YYYY-MM-DD）。", "--as-of is required")
    installments = cli_installments(args, args.installment)
    events = timeline(installments, cli_payments(args, args.payment), args.contact, as_of=args.as_of,
                      acceleration=args.acceleration, assignment_notices=args.assignment_notice,
                      debits=args.debit, suspensions=args.suspension, long_stop_from=args.long_stop_from)
    out = []
    for e in events:
        item = {**e.to_dict(), "label_zh": event_label_zh(e), "basis_zh": basis_zh(e),
                "notes_zh": event_notes_zh(e)}
        if e.kind == "limitation_end":
            item["reasons_zh"] = reasons_zh(e.data["reasons"])
        out.append(item)
    return out


def register_timeline_cli(subparsers) -> None:
    p = subparsers.add_parser(
        "timeline",
        help="时间线：逾期阶段、征信、诉讼时效",
        description="按还款计划、还款、催收记录和其他事件列出逾期、征信和诉讼时效的关键日期（JSON）。",
    )
    p.add_argument("--installment", metavar="DATE:AMOUNT", action="append", default=[],
                   help="一期还款计划：到期日:金额，可重复")
    p.add_argument("--payment", metavar="DATE:AMOUNT", action="append", default=[],
                   help="一笔还款：日期:金额，可重复")
    p.add_argument("--contact", metavar="DATE", action="append", default=[],
                   help="一次催收联系的日期，可重复")
    _add_event_options(p)
    p.add_argument("--acceleration", metavar="DATE", help="贷款人宣布全部借款提前到期的日期（可选）")
    p.add_argument("--as-of", metavar="DATE", dest="as_of", help="计算基准日（必填）")
    add_schedule_options(p, payments=True)
    p.set_defaults(run=_timeline_cli)
