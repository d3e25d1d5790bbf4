"""The collection-conduct checker in words: explanations, the 事实摘要, tables, pandas views, the CLI.

Engine: :mod:`overdue.conduct`, which returns rule codes, the contacts, the
provision ids, clause references and the parameters read on each contact's
day. Every Chinese word about a finding is written here, once: the rule
names (:data:`RULE_ZH`), the ratings (:data:`RATING_ZH`), the explanation of
each finding and note (:func:`detail_zh`), the factual summary a borrower can
copy as evidence (:func:`summary_zh`), the caveats (:func:`caveats_zh`) and
the per-day column names (:data:`PER_DAY_COLUMNS_ZH`).

Pure Python at import (pandas is imported only by the ``*_frame`` views for
the notebooks), so that it runs in Pyodide.
"""

from __future__ import annotations

import functools
from pathlib import Path

from .. import conduct, law
from ..conduct import (ASSIGNEE, BELOW_STANDARD, BREACH_OF_LAW, BREACH_OF_REGULATION, LENDER, RATINGS, Clause,
                       ConductReport, Finding, Note, cba_2026, civil_code, criminal_law, gbt_45251, nifa_2024,
                       pipl, psap, rules)
from ..conduct import report as conduct_report
from ..conduct.instruments import all_unverified
from ..conduct.log import format_when
from ..errors import InputError
from ..kernel import parse_loan_date
from .fmt import colophon, table, unique
from .forms import Form, csv_domain, date_domain, example, field, sample_log

TITLE = "催收行为检查"
INTRO = "上传或粘贴您整理的联系记录（CSV），逐条对照本书收录的规则，列出问题、每日次数、事实摘要和投诉渠道。"
ENGINE_FIELDS = {"path": "csv", "header": "csv", "row": "csv"}

# --- Labels ------------------------------------------------------------------------------

RULE_ZH = {
    "quiet-hours": "在夜间禁止时段内催收",
    "daily-connected-calls": "单日接通电话次数超限（国标的“主动有效通话”，按接通的电话计）",
    "daily-dialled-calls": "单日拨通电话次数超限（互金协会2024年指引的“拨通”，接听与否都计）",
    "daily-attempts-same-number": "同一号码单日未接通仍反复拨打超限（按号码计的“尝试拨打”次数）",
    "third-party-contact": "联系本人和紧急联系人以外的第三人",
    "emergency-contact-while-reachable": "本人可以联系上时联系紧急联系人",
    "debt-disclosure": "向第三人透露欠款",
    "threat-safety": "威胁人身安全的言辞",
    "intimidation": "恐吓、威胁的言辞",
    "insult": "辱骂、侮辱的言辞",
    "impersonation": "冒充公检法或以拘留、判刑相吓",
    "exposure-threat": "扬言“爆通讯录”、公开欠款",
    "contact-after-stop": "对方明确要求停止后仍继续联系",
    "assignee-before-notice": "自称受让债权的一方在转让通知送达前联系",
}

RATING_ZH = {BREACH_OF_LAW: "违反法律规定", BREACH_OF_REGULATION: "违反监管规定",
             BELOW_STANDARD: "不符合标准/自律规范"}

# Who collects (the engine's party codes).
PARTY_ZH = {LENDER: "贷款机构及其委托的催收机构", ASSIGNEE: "自称受让债权的一方"}

# Chinese column names of the per-day counts, shared by every front end.
PER_DAY_COLUMNS_ZH = {
    "date": "日期",
    "contacts": "联系总数",
    "calls_to_borrower_connected": "打给本人·接通",
    "calls_to_borrower_unanswered": "打给本人·未接通",
    "max_unanswered_same_number": "同一号码最多未接通",
    "quiet_hours_contacts": "夜间时段联系",
    "third_party_contacts": "联系第三人",
    "debt_disclosed_to_third_party": "向第三人透露欠款",
    "contacts_after_stop_request": "要求停止后仍联系",
    "assignee_contacts": "自称受让方联系",
    "findings": "问题数",
}

FINDING_COLUMNS_ZH = ["时间", "问题", "依据", "效力", "评级", "说明"]
NOTE_COLUMNS_ZH = ["时间", "事项", "说明"]
CHANNEL_COLUMNS_ZH = ["渠道", "联系方式", "受理范围", "与本次问题相关"]
NO_NUMBER_ZH = "未填号码"  # the key of calls logged without a number, in the per-day counts

# The ch5 chart of contacts per day by the person contacted.
BY_CONTACTED_CHART_ZH = {"title": "每日联系次数，按联系对象", "x": "日期", "y": "联系次数", "legend": "联系对象"}

_UNVERIFIED_NOTE = "本条依据的规范原文未能读到，上述内容据公开报道转述，条款号未核实。"
_NOT_RATED = "该日期没有本书收录、可据以评级的规范，故只作记录，不评级。"
_WORDING_CAVEAT = "（本工具只对“摘要”做字面匹配，请以录音、截图、短信原文核实。）"
_CN = "零一二三四五六七八九十"


# --- Small formatters --------------------------------------------------------------------

# A log at the cap gives thousands of findings citing the same few provisions.
_cite = functools.lru_cache(maxsize=None)(law.cite)


def _hm(when) -> str:
    return when.strftime("%H:%M")


def _join(*parts: str) -> str:
    return "".join(p for p in parts if p)


def _who(c) -> str:
    return c.contacted + (f"（{c.number}）" if c.number and c.third_party else "")


def _quote(words) -> str:
    return "、".join(f"“{w}”" for w in words)


@functools.lru_cache(maxsize=None)
def _named(pid: str) -> str:
    """A citation with its force, e.g. ``GB/T 45251-2025（推荐性国家标准，非强制）``."""
    return f"{_cite(pid)}（{law.FORCE_ZH[law.force(pid)].replace('（', '，').rstrip('）')}）"


@functools.lru_cache(maxsize=None)
def _cba_reported() -> str:
    return f"据报道，{_named(cba_2026.PROVISION)}"


def _item(clause: Clause) -> str:
    return f"第（{_CN[clause.item]}）项"


@functools.lru_cache(maxsize=None)
def _clause(clause: Clause) -> str:
    """``《治安管理处罚法》（2025年修订）第50条第一款第（一）项`` and the like."""
    # No version in force on the day: the instrument is named without an article.
    text = _cite(clause.provision) if clause.provision else "《治安管理处罚法》"
    if clause.paragraph:
        text += f"第{_CN[clause.paragraph]}款"
    if clause.item:
        text += _item(clause)
    return text


def _cited(item, provision: str | None = None, number: int | None = None) -> Clause:
    """The clause ``item`` cites for ``provision`` (and item ``number``); a PSAP item by number alone."""
    for cl in item.cited:
        if provision is not None and cl.provision != provision:
            continue
        if provision is None and cl.provision not in (None, *psap.ARTICLES):
            continue
        if number is None or cl.item == number:
            return cl
    raise KeyError((item.rule, provision, number))


def _unverified(provisions) -> str:
    return _UNVERIFIED_NOTE if all_unverified(tuple(provisions)) else ""


def _illegal_debt_limit(item) -> str:
    limit = _cited(item, criminal_law.ILLEGAL_DEBT_COLLECTION.provision)
    return (
        f"另：{_clause(limit)}（催收非法债务罪）只适用于催收高利放贷等产生的非法债务、且情节严重的情形；"
        "催收合法借贷的欠款不适用该罪名，本工具也不据此评级。"
    )


# --- The explanation of each finding and note ------------------------------------------------


def _quiet_hours(f: Finding) -> list[str]:
    (c,) = f.contacts
    windows = sorted({f"{p.value['start']} 至次日 {p.value['end']}" for p in f.parameters})
    names = "、".join(_named(s) for s in f.provisions)
    return [
        f"{_hm(c.when)} 通过{c.channel}联系{_who(c)}，落在{names}所说不应（或严禁）催收的时段（{'；'.join(windows)}）内。",
        "据报道，这一时段限制只适用于双方未约定催收时间、或未经债务人同意的情形；上述规范本身都不是法律。",
    ]


@functools.lru_cache(maxsize=None)
def _gbt_contacts_reported() -> str:
    """What GB/T 45251-2025 reportedly says about contacting a debtor's contacts (one wording, used twice)."""
    return (f"据报道，{_cite(gbt_45251.PROVISION)}（推荐性国家标准）要求只向债务人催收、不向联系人催收；"
            "据中国互联网金融协会发布该标准时的介绍，只在无法联系到债务人本人，或者债务人已死亡、被认定为无民事行为能力"
            "或者限制民事行为能力时，才可以联系联系人，只能询问联系方式或者请其转告，不应透露欠款信息，"
            "联系人明确拒绝后不应再联系。")


def _party(c) -> str:
    return PARTY_ZH[c.party]


def _calls_in(contacts) -> str:
    return "、".join(_hm(c.when) for c in contacts)


def _connected_calls(f: Finding) -> list[str]:
    (limit,) = f.parameters
    return [
        f"{f.day.isoformat()} 当天，{_party(f.contacts[0])}打给您本人的电话接通了 {len(f.contacts)} 次"
        f"（{_calls_in(f.contacts)}），从 {_hm(f.when)} 这一次起超过了"
        f"据报道 {_cite(gbt_45251.PROVISION)} 所说的每日不应超过 {limit.value} 次。",
        "据中国互联网金融协会发布该标准时的介绍，它的说法是“以语音形式（含智能语音）进行交互式催收，与单一债务人主动有效通话"
        f"每日不应超过{limit.value}次”。记录只写了是否接通，本工具把每一次接通都算作一次有效通话（接通后马上挂断的也计入），"
        "同一催收方的来电合并计算（贷款机构与其委托的催收机构算一方，自称受让债权的一方另算）。"
        "它是推荐性国家标准，本身不是法律。",
    ]


def _dialled_calls(f: Finding) -> list[str]:
    (limit,) = f.parameters
    answered = sum(1 for c in f.contacts if c.answered)
    return [
        f"{f.day.isoformat()} 当天，{_party(f.contacts[0])}打给您本人的电话共 {len(f.contacts)} 次"
        f"（{_calls_in(f.contacts)}；其中接通 {answered} 次、未接通 {len(f.contacts) - answered} 次），"
        f"从 {_hm(f.when)} 这一次起超过了{_named(nifa_2024.PROVISION)}据转述所说的每日合计不应超过 {limit.value} 次。",
        "据转述，该指引针对“以语音形式进行告知式催收”，计的是同一金融机构和其合作的第三方催收机构对单一债务人“拨通”电话的次数。"
        "“拨通”指电话打通了，不论是否接听；您手机上能看到的未接来电通常是打通了的，所以本工具把记录中的每一次来电都计入，"
        "但无法判断一次来电是否属于“告知式”催收。据报道，国家标准发布实施后替代该指引，所以本工具只对 "
        f"{law.provision(gbt_45251.PROVISION)['effective']} 之前的联系适用它。它是行业自律规范，本身不是法律。",
    ]


def _attempts(item) -> list[str]:
    tries = item.contacts
    if item.outcome == rules.NUMBER_MISSING:
        return [
            f"{item.day.isoformat()} 有 {len(tries)} 次未接通的来电没有填写号码，无法判断是否打的是同一号码，"
            "未计入“同一号码尝试拨打次数”。"
        ]
    (cap,) = item.parameters
    return [
        f"{item.day.isoformat()} {_party(tries[0])}对您的号码 {tries[0].number} 拨打未接通 {len(tries)} 次"
        f"（{'、'.join(_hm(c.when) for c in tries)}），从 {_hm(item.when)} 这一次起，超过了"
        f"{_named(cba_2026.PROVISION)}据报道所说的“当天不宜超过 {cap.value} 次”。",
        "该指引计的是债务人电话未接通时对同一联系方式的“尝试拨打”次数（本工具只计未接通的呼叫，每个催收方分别计），"
        "与国标的“有效通话”次数不是同一口径；与债务人另有约定的除外。",
    ]


def _reachability(f: Finding) -> str:
    until = f.reachable_until.isoformat() if f.reachable_until else ""
    if f.outcome == rules.REACHABILITY_UNKNOWN:
        return "如当时您本人并未失联，就不属于可以联系第三人的例外情形。"
    if f.outcome == rules.BORROWER_REACHABLE:
        return f"您说明自己到 {until} 为止都可以联系上，因此这次联系不属于“债务人失联”的例外情形。"
    return (
        f"您说明自己在 {until} 之后可能联系不上；如当时确属失联，对方为获取您的联系方式或请您回电而联系第三人，"
        "可能属于指引和国标（据报道）允许的例外，但仍不得透露具体债务信息。"
    )


def _third_party(f: Finding) -> list[str]:
    (c,) = f.contacts
    parts = [f"通过{c.channel}联系了{_who(c)}，此人既不是您本人，也不是您登记的紧急联系人。"]
    if gbt_45251.PROVISION in f.provisions:
        parts.append(_gbt_contacts_reported())
    if cba_2026.PROVISION in f.provisions:
        parts.append(
            f"{_cba_reported()}原则上严禁对债务无关第三人催收，仅在债务人本人失联时，方可联系无关第三人以获取债务人联系方式或请求转告，"
            "且严禁透露具体债务信息。"
        )
        parts.append(_reachability(f))
    parts.append("如此人是与债务有关的第三人（例如借款用于共同家庭生活的配偶），情况不同。")
    return parts


def _emergency(f: Finding) -> list[str]:
    (c,) = f.contacts
    parts = [
        f"通过{c.channel}联系了您的紧急联系人{('（' + c.number + '）') if c.number else ''}；"
        f"您说明自己到 {f.reachable_until.isoformat()} 为止都可以联系上。"
    ]
    if gbt_45251.PROVISION in f.provisions:
        parts.append(_gbt_contacts_reported())
    if cba_2026.PROVISION in f.provisions:
        parts.append(
            f"{_cba_reported()}只允许在债务人本人失联时联系债务无关第三人，以获取联系方式或请求转告；紧急联系人通常与债务无关。"
        )
    return parts


def _disclosure(f: Finding) -> list[str]:
    (c,) = f.contacts
    parts = [f"据您记录，对方通过{c.channel}向{_who(c)}透露了您的欠款情况。"]
    if f.cited:
        cl = {p: _clause(_cited(f, p)) for p in civil_code.DISCLOSURE + pipl.DISCLOSURE}
        parts.append(
            "欠款信息是您的个人信息，通常也是不愿为他人知晓的私密信息。未经您同意告诉他人，可能侵害您的隐私权和个人信息权益"
            f"（{cl[civil_code.PRIVACY]}、{cl[civil_code.PRIVACY_ACTS]}、{cl[civil_code.INFORMATION_PROCESSOR]}）；"
            f"处理个人信息须有{cl[pipl.LAWFUL_BASIS]}所列的合法依据，向第三人告知欠款通常难以认为是履行借款合同所必需；"
            f"如欠款、账户信息被认定为敏感个人信息（{cl[pipl.SENSITIVE]}所列“金融账户”），"
            f"还须取得您的单独同意（{cl[pipl.SEPARATE_CONSENT]}）；"
            f"向不特定的人公开的，还涉及{cl[pipl.PUBLICATION]}。"
            "是否构成违法，取决于您是否曾同意、对方身份、透露的范围和方式等事实，最终由监管部门或法院认定。"
        )
    if cba_2026.PROVISION in f.provisions:
        parts.append(f"{_cba_reported()}也严禁向无关第三人透露具体债务信息。")
    return parts


def _wording(item) -> list[str]:
    (c,) = item.contacts
    rated = isinstance(item, Finding)
    cba_line = (f"{_cba_reported()}禁止恐吓、辱骂、威胁、冒用行政机关和司法机关名义、散布隐私等催收行为。"
                if rated and cba_2026.PROVISION in item.provisions else "")
    lead = f"{_hm(c.when)} 与{_who(c)}的{c.channel}联系，摘要中出现{_quote(item.words)}{_WORDING_CAVEAT}"
    if item.rule == "threat-safety":
        threat = [cl for cl in item.cited if cl.item == psap.THREAT_TO_SAFETY]
        return [
            lead,
            f"以威胁人身安全的方式催收，如属实，可能构成{_clause(threat[0])}“以其他方法威胁他人人身安全”的违反治安管理行为，"
            f"由公安机关认定；多次发送恐吓信息、干扰正常生活的，还可能涉及同条{_item(_cited(item, None, psap.HARASSING_MESSAGES))}。"
            if threat else "",
            cba_line,
            _illegal_debt_limit(item),
        ]
    if item.rule == "intimidation":
        return [
            lead,
            cba_line,
            f"如威胁的是您或家人的人身安全，可能构成{_clause(_cited(item, None, psap.THREAT_TO_SAFETY))}；"
            f"多次发送恐吓信息、干扰正常生活的，可能构成同条{_item(_cited(item, None, psap.HARASSING_MESSAGES))}（由公安机关认定）。",
            _illegal_debt_limit(item),
        ]
    if item.rule == "insult":
        reputation = _clause(_cited(item, civil_code.REPUTATION))
        insult = _clause(_cited(item, None, psap.PUBLIC_INSULT))
        if c.third_party:
            return [
                lead,
                f"当着第三人侮辱、贬损您，可能以侮辱方式侵害您的名誉权（{reputation}）；"
                f"公然侮辱他人的，还可能构成{insult}（由公安机关认定）。",
                cba_line,
            ]
        return [
            lead,
            cba_line,
            f"只对您本人说的侮辱，是否侵害名誉权（{reputation}）取决于是否让他人知晓；"
            f"公然侮辱，或多次发送侮辱信息、干扰正常生活的，可能构成{insult}"
            f"或{_item(_cited(item, None, psap.HARASSING_MESSAGES))}（由公安机关认定）。",
        ]
    if item.rule == "impersonation":
        return [
            lead,
            cba_line,
            "催收人员无权拘留、逮捕或判刑；立案和强制措施只能由公安、司法机关依法决定。"
            "冒充国家机关工作人员的，还可能承担其他法律责任（本书未收录相关条文）。",
        ]
    # exposure-threat
    return [
        lead,
        "扬言向您的通讯录联系人、单位等公开欠款，是以散布隐私相要挟。",
        cba_line,
        "如对方确实向他人透露了欠款，见“向第三人透露欠款”一项；"
        f"散布他人隐私的，可能构成{_clause(_cited(item, None, psap.SPREADING_PRIVACY))}；"
        f"多次发送此类恐吓信息、干扰正常生活的，可能构成同条{_item(_cited(item, None, psap.HARASSING_MESSAGES))}。",
        _illegal_debt_limit(item),
    ]


# What the harassment item of the PSAP article of the day reaches, in the borrower's case.
_HARASSMENT_ZH = {
    "psap-2025-50": "但反复滋扰、纠缠，干扰您正常生活的，可能构成{clause}（由公安机关认定）；",
    "psap-2012-42": "但多次发送侮辱、恐吓等信息，干扰您正常生活的，可能构成{clause}（由公安机关认定）；",
}


def _after_stop(item) -> list[str]:
    stop, *later = item.contacts
    if item.outcome == rules.BORROWER_STOP_NOT_RATED:
        times = "、".join(format_when(c.when) for c in later)
        harassment = "".join(_HARASSMENT_ZH[cl.provision].format(clause=_clause(cl)) for cl in item.cited)
        return [
            f"您本人于 {format_when(stop.when)} 要求对方停止联系，此后对方又联系您 {len(later)} 次（{times}）。"
            "债权人向债务人本人催收本身是其权利，本书收录的规范没有把“本人要求停止后继续联系”单独列为违规，故不评级；"
            + harassment
            + "请保留记录。"
        ]
    (c,) = later
    rated = isinstance(item, Finding)
    return [
        f"{_who(stop)}已于 {format_when(stop.when)} 明确要求不要再联系，此后对方仍于 {_hm(c.when)} 通过{c.channel}联系此人。",
        f"{_cba_reported()}要求：无关第三人明确要求不得联系的，须停止后续联系。" if rated else "",
        "此人不是债务人；在其明确拒绝后继续以电话、短信等方式联系，还可能构成侵扰他人私人生活安宁"
        f"（{_clause(_cited(item, civil_code.PRIVATE_LIFE_PEACE.provision, civil_code.PRIVATE_LIFE_PEACE.item))}），"
        "是否构成取决于联系的方式和频率。",
    ]


def _assignee(n: Note) -> list[str]:
    times = "、".join(format_when(c.when) for c in n.contacts)
    if n.outcome == rules.BEFORE_NOTICE:
        lead = (f"记录中有 {len(n.contacts)} 次联系来自自称受让（购买）了这笔债权的一方（{times}），"
                f"都在您收到债权转让通知的 {n.assignment_notice.isoformat()} 之前。")
    else:
        lead = (f"记录中有 {len(n.contacts)} 次联系来自自称受让（购买）了这笔债权的一方（{times}）；"
                "您没有填写收到债权转让通知的日期，本工具按尚未收到通知处理。")
    parts = [lead]
    if n.cited:
        (clause,) = n.cited
        parts.append(
            f"债权转让没有通知债务人的，对债务人不发生效力（{_clause(clause)}）。所以在收到转让通知之前，"
            "您可以要求对方出示债权转让通知或者原贷款机构的通知，也可以继续向原贷款机构还款"
            "（本书的理解：转让对您生效之前，向原债权人清偿对您有效）。"
        )
        effective = str(law.provision(clause.provision)["effective"])
        if any(c.day.isoformat() < effective for c in n.contacts):
            parts.append(f"其中 {effective} 之前的联系，本书没有收录当时适用的规定。")
    else:
        parts.append("这些联系的日期早于本书收录的债权转让规定施行之日，本书没有收录当时适用的规定。")
    parts.append(
        "只凭对方自称，不能证明它已经受让了债权。这一项只说明转让对您是否已经生效，并不说明对方的联系违法；"
        "联系的方式、时段和次数，仍按上面各项规则判断（受让方与贷款机构分开计数）。"
    )
    return parts


_DETAIL = {
    "quiet-hours": _quiet_hours,
    "daily-connected-calls": _connected_calls,
    "daily-dialled-calls": _dialled_calls,
    "daily-attempts-same-number": _attempts,
    "third-party-contact": _third_party,
    "emergency-contact-while-reachable": _emergency,
    "debt-disclosure": _disclosure,
    "threat-safety": _wording,
    "intimidation": _wording,
    "insult": _wording,
    "impersonation": _wording,
    "exposure-threat": _wording,
    "contact-after-stop": _after_stop,
    "assignee-before-notice": _assignee,
}


def detail_zh(item: Finding | Note) -> str:
    """The explanation of a finding or a note, in Chinese."""
    parts = _DETAIL[item.rule](item)
    if isinstance(item, Finding):
        return _join(*parts, _unverified(item.provisions))
    if item.outcome == rules.NO_RATED_SOURCE:
        return _join(*parts, _NOT_RATED)
    return _join(*parts)


def force_zh(f: Finding) -> str:
    text = law.FORCE_ZH[f.force]
    return text + ("；条文未能核实，据公开报道" if not f.verified else "")


def finding_dict(f: Finding) -> dict:
    """A finding as the CLI prints it: codes and their Chinese words side by side."""
    return {
        "datetime": format_when(f.when),
        "rule": f.rule,
        "rule_zh": RULE_ZH[f.rule],
        "source": [_cite(s) for s in f.provisions],
        "source_ids": list(f.provisions),
        "force": f.force,
        "force_zh": force_zh(f),
        "verified": f.verified,
        "rating": RATING_ZH[f.rating],
        "detail": detail_zh(f),
    }


def note_dict(n: Note) -> dict:
    return {"datetime": format_when(n.when), "rule": n.rule, "rule_zh": RULE_ZH[n.rule], "detail": detail_zh(n)}


# --- The factual summary and the caveats -------------------------------------------------------


def summary_zh(report: ConductReport) -> str:
    """联系记录事实摘要: dates and counts from the log only, for the borrower to copy as evidence."""
    contacts, per_day, findings = report.contacts, report.per_day, report.findings
    if not contacts:
        return "联系记录为空。"
    windows = [f"{w['start']} 至次日 {w['end']}" for w in report.quiet_windows]
    window = windows[0] if len(windows) == 1 else "各规范所说的夜间时段"
    lines = [
        "联系记录事实摘要（据本人记录整理，只列日期和次数）",
        f"记录期间：{per_day[0]['date']} 至 {per_day[-1]['date']}，共 {len(contacts)} 次联系。",
    ]
    for d in per_day:
        parts = [f"{d['date']}：共 {d['contacts']} 次"]
        parts.append("（" + "，".join(f"{k} {n} 次" for k, n in d["by_channel"].items()) + "）")
        text = "".join(parts)
        extra = []
        own = d["calls_to_borrower_connected"] + d["calls_to_borrower_unanswered"]
        if own:
            extra.append(
                f"打给本人的电话 {own} 次，其中接通 {d['calls_to_borrower_connected']} 次、"
                f"未接通 {d['calls_to_borrower_unanswered']} 次"
            )
            if d["max_unanswered_same_number"] > 1:
                extra.append(f"同一号码未接通最多 {d['max_unanswered_same_number']} 次")
        if d["quiet_hours_contacts"] and windows:
            extra.append(f"在 {window} 之间联系 {d['quiet_hours_contacts']} 次")
        if d["third_party_contacts"]:
            who = "、".join(f"{k} {n} 次" for k, n in d["by_contacted"].items() if k != conduct.SELF)
            extra.append(f"联系本人以外的人 {d['third_party_contacts']} 次（{who}）")
        if d["debt_disclosed_to_third_party"]:
            extra.append(f"向本人以外的人提到欠款 {d['debt_disclosed_to_third_party']} 次")
        if d["contacts_after_stop_request"]:
            extra.append(f"在被明确要求停止联系后仍联系 {d['contacts_after_stop_request']} 次")
        if d["assignee_contacts"]:
            extra.append(f"其中自称受让债权的一方联系 {d['assignee_contacts']} 次")
        lines.append(text + ("；" + "；".join(extra) if extra else "") + "。")
    worded = sorted({f.when for f in findings if f.rule in conduct.WORDING_RULES})
    if worded:
        lines.append(
            "记录摘要中含有威胁、恐吓、辱骂、冒充公检法或扬言公开欠款字样的联系 "
            f"{len(worded)} 次：{'、'.join(format_when(w) for w in worded)}（具体内容以录音、截图为准）。"
        )
    return "\n".join(lines)


def _caveat_zh(code: str) -> str:
    r = conduct_report
    return {
        r.CAVEAT_RATING: (
            f"评级只说明依据的强弱：“{RATING_ZH[BREACH_OF_LAW]}”表示依据是法律（具体是否违法取决于事实，最终由监管部门、公安机关或法院认定）；"
            f"“{RATING_ZH[BREACH_OF_REGULATION]}”表示依据是金融监管部门的规章或规范性文件；"
            f"“{RATING_ZH[BELOW_STANDARD]}”表示依据是推荐性国家标准或行业自律规范，它们本身不具有法律强制力。"
        ),
        r.CAVEAT_ONE_DEBT: (
            "本工具假定记录中的联系都针对同一笔债务，来自同一债权机构及其委托的催收机构，"
            "或者来自自称受让（购买）了这笔债权的一方（按“催收方”一栏的字样识别，单独计数）；"
            "“紧急联系人”指您借款时登记的紧急联系人。"
        ),
        r.CAVEAT_WORDING: "言辞类检查只对“摘要”列做字面匹配，可能漏报或误报，请以录音、截图、短信原文为准。",
        r.CAVEAT_UNVERIFIED: (
            f"{_cite(gbt_45251.PROVISION)}、中国银行业协会 2026 年指引和中国互联网金融协会 2024 年指引的条文未能读到原文，"
            "本工具使用的时段和次数据公开报道转述，条款号未核实；"
            "中国互联网金融协会 2018 年自律公约的条文同样未能核实，本工具不引用。"
        ),
        r.CAVEAT_NO_REACHABILITY: (
            "未提供 --borrower-reachable-until（您本人可以联系上的截止日期），因此没有检查“本人可以联系上时联系紧急联系人”。"
        ),
        r.CAVEAT_ASSIGNEE: (
            "记录中有自称受让（购买）了债权的一方。本工具只凭“催收方”一栏的字样识别它，不能核实它是否真的受让了债权；"
            "对它适用与贷款机构相同的标准和自律规范，次数与贷款机构分开计。据报道，中国互联网金融协会 2024 年指引要求债权受让方"
            "按金融机构的要求执行；其他规范是否约束某个受让方，要看它是什么机构。"
        ),
    }[code]


def caveats_zh(report: ConductReport) -> list[str]:
    return [_caveat_zh(code) for code in report.caveats]


def _per_day_out(d: dict) -> dict:
    return {**d, "unanswered_by_number": {(k or NO_NUMBER_ZH): n for k, n in d["unanswered_by_number"].items()}}


def report_dict(report: ConductReport) -> dict:
    """The report as the CLI prints it (JSON): the engine's codes with the Chinese words beside them."""
    return {
        "findings": [finding_dict(f) for f in report.findings],
        "per_day": [_per_day_out(d) for d in report.per_day],
        "summary": summary_zh(report),
        "notes": [note_dict(n) for n in report.notes],
        "channels": report.channels,
        "caveats": caveats_zh(report),
        "borrower_reachable_until": (
            report.borrower_reachable_until.isoformat() if report.borrower_reachable_until else None
        ),
        "assignment_notice": report.assignment_notice.isoformat() if report.assignment_notice else None,
        "contacts": len(report.contacts),
    }


# --- Tables (every front end) and pandas views (the notebooks) -------------------------------------


def finding_rows(report: ConductReport) -> list[list[str]]:
    return [[format_when(f.when), RULE_ZH[f.rule], "；".join(_cite(s) for s in f.provisions), force_zh(f),
             RATING_ZH[f.rating], detail_zh(f)] for f in report.findings]


def note_rows(report: ConductReport) -> list[list[str]]:
    return [[format_when(n.when), RULE_ZH[n.rule], detail_zh(n)] for n in report.notes]


def per_day_rows(report: ConductReport) -> list[list]:
    return [[d[k] for k in PER_DAY_COLUMNS_ZH] for d in report.per_day]


def channel_rows(report: ConductReport) -> list[list[str]]:
    return [[c["name"], str(c["contact"]), " ".join(str(c.get("scope", "")).split()),
             "是" if c.get("relevant") else ""] for c in report.channels]


def findings_frame(report: ConductReport):
    """The findings as a pandas DataFrame with Chinese column names."""
    import pandas as pd

    return pd.DataFrame(finding_rows(report), columns=FINDING_COLUMNS_ZH)


def rule_counts_frame(report: ConductReport):
    """How many findings of each kind, by rating and rule (a pandas DataFrame)."""
    return findings_frame(report).groupby(["评级", "问题"]).size().rename("项数").reset_index()


def notes_frame(report: ConductReport):
    """The notes (recorded, not rated) as a pandas DataFrame."""
    import pandas as pd

    return pd.DataFrame(note_rows(report), columns=NOTE_COLUMNS_ZH)


def per_day_frame(report: ConductReport):
    """The per-day counts as a pandas DataFrame with Chinese column names."""
    import pandas as pd

    return pd.DataFrame(per_day_rows(report), columns=list(PER_DAY_COLUMNS_ZH.values()))


def by_contacted_frame(report: ConductReport):
    """Contacts per day (rows) by the person contacted (columns, in the log's category order)."""
    import pandas as pd

    frame = pd.DataFrame([d["by_contacted"] for d in report.per_day], index=[d["date"] for d in report.per_day])
    return frame.reindex(columns=[c for c in conduct.CONTACTED if c in frame.columns]).fillna(0).astype(int)


def channels_markdown(report: ConductReport) -> str:
    """The complaint channels as a Markdown list, the relevant ones marked."""
    return "\n".join(
        f"- **{c['name']}**（{c['contact']}）{'〔与本例相关〕' if c['relevant'] else ''}  \n"
        f"  受理范围：{c['scope']}  \n"
        f"  来源：{c['source']}  \n"
        f"  可信程度：{c['confidence']}"
        for c in report.channels
    )


def channels_frame():
    """Every complaint channel of data/complaint_channels.yaml as a pandas DataFrame
    (name, contact, scope and how far its existence is confirmed), indexed by name."""
    import pandas as pd

    rows = [{"渠道": c["name"], "联系方式": c["contact"], "受理范围": " ".join(str(c.get("scope", "")).split()),
             "可信程度": c["confidence"]} for c in conduct.complaint_channels()]
    return pd.DataFrame(rows).set_index("渠道")


# --- The calculator --------------------------------------------------------------------------------


def fields() -> list[dict]:
    ex = example("ch5_conduct")
    return [
        field("csv", "联系记录（CSV 文本：上传文件或直接粘贴）", "csv", sample_log(),
           "第一行是表头：时间,渠道,联系对象,是否透露欠款,是否接通,号码,是否要求停止,催收方,摘要。",
           domain=csv_domain()),
        field("borrower_reachable_until", "您本人可以联系上的截止日期（含当天，YYYY-MM-DD，可留空）", "date",
           ex["borrower_reachable_until"], "用于判断联系紧急联系人或第三人是否属于“债务人失联”的例外。",
           domain=date_domain()),
        field("assignment_notice", "收到债权转让通知的日期（YYYY-MM-DD，可留空）", "date",
           ex.get("assignment_notice", ""),
           "有人自称已购买或受让这笔债权时填写：在这一天之前（不填则全部）它的联系单独列出，说明转让对您是否已经生效。",
           domain=date_domain()),
    ]


def compute(form: Form) -> dict:
    text = form.raw["csv"]
    if not text.strip():
        raise InputError("csv", "没有联系记录：请上传 CSV 文件，或把记录粘贴到这里。", "the contact log is empty")
    if "\n" not in text:
        text += "\n"  # always CSV text, never a path (read_log reads a path without a newline)
    until = form.date("borrower_reachable_until", optional=True)
    notice = form.date("assignment_notice", optional=True)
    report = conduct.check(conduct.read_log(text), borrower_reachable_until=until, assignment_notice=notice)
    findings = report.findings
    provisions = unique(s for f in findings for s in f.provisions)
    ratings = [f.rating for f in findings]
    counts = "，".join(f"{RATING_ZH[r]} {ratings.count(r)} 项"
                      for r in RATINGS if r in ratings)
    days = report.per_day
    period = f"{days[0]['date']} 至 {days[-1]['date']}，" if days else ""
    notes = report.notes
    summary = (
        f"这份联系记录共 {len(report.contacts)} 次联系（{period}据本人记录）。对照本书收录的规则，"
        + (f"发现 {len(findings)} 项问题（{counts}）" if findings else "没有发现问题")
        + (f"，另有 {len(notes)} 项情况只作记录、不评级" if notes else "")
        + "。评级只说明依据的强弱，不是违法与否的结论，最终由监管部门、公安机关或法院认定。"
        + colophon(provisions)
    )
    return {
        "tables": [
            table("问题清单", FINDING_COLUMNS_ZH, finding_rows(report)),
            table("只作记录、不评级的情况", NOTE_COLUMNS_ZH, note_rows(report)),
            table("每日次数", list(PER_DAY_COLUMNS_ZH.values()), per_day_rows(report)),
            table("事实摘要（可作为证据说明）", ["摘要"], [[line] for line in summary_zh(report).splitlines()]),
            table("投诉渠道", CHANNEL_COLUMNS_ZH, channel_rows(report)),
        ],
        "summary": summary,
        "provisions": provisions,
        "warnings": caveats_zh(report),
        "figure": None,
    }


# --- Command line (python -m overdue) ------------------------------------------


def _run_cli(args) -> dict:
    until = notice = None
    if args.borrower_reachable_until:
        until = parse_loan_date(args.borrower_reachable_until, "--borrower-reachable-until")
    if args.assignment_notice:
        notice = parse_loan_date(args.assignment_notice, "--assignment-notice")
    return report_dict(conduct.check(conduct.read_log(Path(args.path)), borrower_reachable_until=until,
                                     assignment_notice=notice))


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
    p.add_argument(
        "--assignment-notice",
        metavar="DATE",
        help="债权转让通知送达您的日期（YYYY-MM-DD）；此前自称受让债权的一方的联系单独列为“只作记录”的一项，不填则全部列出",
    )
    p.set_defaults(run=_run_cli)
