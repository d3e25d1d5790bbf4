"""The letters in words: every Chinese sentence of :mod:`overdue.letters`, the forms, the ``letter`` command.

The engine (:mod:`overdue.letters`) drafts a document in structure: paragraph
codes, the facts each states (traced to an input or a result) and the
provisions each relies on. Here, once:

* the sentence of every paragraph code (:data:`SENTENCES`), filled from its
  facts; a fact the reader left blank is shown as a visible placeholder such as
  【您的姓名】 (:data:`PLACEHOLDER_ZH`), never filled with invented text;
* the title of each document (:func:`title_zh`), the text as it is sent
  (:func:`letter_text`: the requests numbered, the template notice once at the
  end), the notes to the reader (:func:`note_zh`);
* one calculator per document (:data:`CALCULATORS`, registered in
  :data:`overdue.present.CALCULATORS` as ``letter_<kind>``): its form (fields
  with their domains, defaults from ``data/worked_examples.yaml``), and
  ``compute(form)``, which returns the usual result plus ``document``
  (``kind``, ``title``, ``recipient``, ``text``, ``paragraphs``, ``provisions``,
  ``reported``, ``placeholders``, ``guards``, ``notes``, ``filename``);
* the ``letter`` command of ``python -m overdue``.

Law is cited by provision id (:func:`overdue.law.cite`); a text the book could
not verify (GB/T 45251-2025, the CBA guideline, 法发〔2017〕22号) is never cited
as law: its sentence says "据报道". Pure Python (it runs in Pyodide).
"""

from __future__ import annotations

import datetime as _dt
import re
import sys
from decimal import Decimal
from pathlib import Path

from .. import law, letters
from ..conduct.log import format_when
from ..errors import InputError
from ..kernel import MAX_INSTALLMENTS, MAX_PAYMENTS, amount_domain, parse_amount, parse_decimal
from ..letters import civil_code_1033, civil_code_1037, credit_reg_25
from ..letters.document import GUARDS, Letter, Paragraph
from ..letters.engines import LENDER_OUTSIDE_PRIVATE_LENDING, confirmed_channels, waiver_provisions
from .caps import LENDER_ZH
from .conduct import RULE_ZH
from .fmt import colophon, pct, table, unique, yuan
from .forms import (Form, csv_domain, date_domain, decode_upload, example, field, lines_domain, percent_text,
                    rate_domain, sample_log)
from .penalty import ORDER_ZH

# --- The words of the codes ------------------------------------------------------------

ROLE_ZH = {
    "borrower": "借款人",
    "contact": "被联系的亲友、同事",
    "lender": "出借机构或平台",
    "assignee": "债权受让人",
    "credit-agency": "征信机构",
    "information-provider": "信息提供者（向征信机构报送信息的机构）",
    "regulator": "监管部门或投诉渠道",
}

CHANNEL_ZH = {"sms": "短信", "app": "App 内消息", "phone": "电话", "mail": "书面信函"}
RELATION_ZH = {"spouse": "配偶", "relative": "亲属", "colleague": "同事", "friend": "朋友", "other": "相识的人"}
NOT_PARTY_ZH = {"confirmed": "我确认：我没有签过这笔借款的合同，不是共同借款人，也没有为它提供保证（担保）"}
DEFECT_ZH = {"error": "错误", "omission": "遗漏"}
RECIPIENT_ZH = {"credit-agency": "征信机构", "information-provider": "信息提供者"}

# What a blank detail shows: the reader sees exactly what is missing.
PLACEHOLDER_ZH = {
    "name": "【您的姓名】",
    "phone": "【联系电话】",
    "lender_name": "【出借机构或平台名称】",
    "contract_no": "【借款合同编号或账户】",
    "letter_date": "【日期】",
    "assignee_name": "【受让人名称】",
    "original_lender": "【原债权人名称】",
    "recipient_name": "【收件机构名称】",
    "record": "【有异议的信息】",
    "correction": "【正确的情况】",
    "evidence": "【证明材料清单】",
    "channel": "【联系方式】",
    "hours_from": "【开始时间】",
    "hours_to": "【结束时间】",
    "borrower_name": "【借款人姓名】",
    "office": "【所在地派出机构名称】",
    # The contact's own statement: never the engine's (the sender confirms it on the form).
    "not_party": "【请确认后改写：本人不是该借款合同的当事人（借款人、共同借款人），也没有为该借款提供保证】",
}
PLACEHOLDER = re.compile(r"【[^】]+】")

CN_NUM = "一二三四五六七八九十"

TEMPLATE_NOTICE_ZH = ("（本文书是根据填写的信息生成的模板，不是法律意见；"
                      "发送前请逐项核对事实、删去不适用的内容，必要时咨询律师。）")

TITLE_ZH = {
    "complaint": "关于催收行为的投诉函",
    "stop_contact": "关于停止联系第三人并限定联系方式的通知",
    "contact_own": "要求停止联系并删除本人个人信息的函",
    "pi_request": "个人信息查阅、复制申请",
    "credit_objection": "信用信息异议申请",
    "assignee": "关于债权转让和债权明细的函",
    "regulator": "投诉书",
    "repayment": "还款方案申请",
}
EXPIRED_TITLE_ZH = {"repayment": "关于诉讼时效期间已经届满的答复函"}


def title_zh(letter: Letter) -> str:
    if "expired-no-acknowledgement" in letter.guards and letter.kind in EXPIRED_TITLE_ZH:
        return EXPIRED_TITLE_ZH[letter.kind]
    return TITLE_ZH[letter.kind]


# --- Facts as words --------------------------------------------------------------------


def _shown(value) -> str:
    if isinstance(value, _dt.datetime):
        return format_when(value)
    if isinstance(value, _dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return yuan(value)
    return str(value)


def _f(p: Paragraph, name: str) -> str:
    """A fact of ``p`` as text; a blank one as its placeholder (never invented text)."""
    fact = p.fact(name)
    if fact.filled:
        return _shown(fact.value)
    mark = PLACEHOLDER_ZH.get(fact.field or "")
    if mark is None:
        raise KeyError(f"{p.code}: no placeholder for the blank fact {name!r}")
    return mark


def _has(p: Paragraph, name: str) -> bool:
    return any(f.name == name and f.filled for f in p.facts)


def _cite(ids, pins: dict | None = None) -> str:
    """《民法典》第1032条、第1033条，《个人信息保护法》第13条: the law's name once for
    consecutive articles of one law; ``pins`` adds a paragraph or item (第2款) to an id."""
    groups: list[tuple[str, list[str]]] = []
    for pid in ids:
        short = law.laws()[law.split_id(pid)[0]]["short"]
        number = law.cite(pid)[len(short):] + (pins or {}).get(pid, "")
        if groups and groups[-1][0] == short and number:
            groups[-1][1].append(number)
        else:
            groups.append((short, [number]))
    return "，".join(short + "、".join(numbers) for short, numbers in groups)


def _reported(ids) -> str:
    """Unverified documents, named with their force: only ever after “据报道”. The letter is
    sent to the other side: it says "据报道", not what the book could not verify (the
    notes and the basis table say that)."""
    return "、".join(f"{law.cite(i)}（{law.FORCE_ZH[law.force(i)].replace('（', '，').rstrip('）')}）" for i in ids)


# The passage of a reported text a letter quotes: (first words, last words), cut from the
# reported text of data/provisions.yaml itself, so that the quotation is exact.
QUOTES = {"spc-fin-opinion-2017-2": ("金融借款合同的借款人", "应予支持")}


def _reported_quote(pid: str) -> str:
    text = law.provision(pid)["reported"]
    first, last = QUOTES[pid]
    start = text.index(first)
    return text[start:text.index(last, start) + len(last)]


def _channel_entry(cid: str) -> dict:
    return next(c for c in confirmed_channels() if c["id"] == cid)


# --- The sentences --------------------------------------------------------------------------


# The findings whose contacts are the day's count (the n-th call of the day).
DAILY_COUNTS = ("daily-connected-calls", "daily-attempts-same-number")

# The checker's names, as the letter words them: the quiet hours are set by a recommended
# standard and by self-regulation ("不应"), not by a prohibition of law.
LETTER_RULE_ZH = {**RULE_ZH, "quiet-hours": "在夜间休息时段催收"}

# The paragraph or item a finding's provision rests on (read against the provision's text).
FINDING_PINS = {"threat-safety": {"psap-2025-50": "第1款第（一）项"}}


def _finding(p: Paragraph, letter: Letter) -> str:
    number = [x for x in letter.paragraphs if x.code == "finding"].index(p) + 1
    who = p.value("contacted")
    if p.value("number") and who != "本人":
        who += f"（{p.value('number')}）"
    text = f"{number}. {_f(p, 'when')}，对方通过{p.value('channel')}联系{who}：{LETTER_RULE_ZH[p.value('rule')]}"
    if p.value("rule") in DAILY_COUNTS and p.value("count") > 1:
        text += f"（当日第 {p.value('count')} 次）"
    words = p.value("words")
    if words:
        text += "，联系记录的摘要中有“" + "”“".join(words) + "”等字样"
    text += "。"
    if p.provisions:
        text += f"这可能违反{_cite(p.provisions, FINDING_PINS.get(p.value('rule')))}。"
    if p.reported:
        text += f"据报道，{_reported(p.reported)}对此{'也' if p.provisions else ''}有要求。"
    return text


def _summary(p: Paragraph, letter: Letter) -> str:
    if not p.value("contacts"):
        return "本人的联系记录中没有联系。"
    head = f"据本人的记录，{_f(p, 'first_day')} 至 {_f(p, 'last_day')}，对方共联系 {p.value('contacts')} 次。"
    if not p.value("findings"):
        return head + "对照本书收录的规则，没有发现问题；本函只要求提供记录并书面答复。"
    return head + (f"本人认为其中有以下 {p.value('findings')} 处不符合法律规定或者有关标准"
                   "（同一次联系可能涉及多处）：")


# 第192条第1款: the defence; 第2款: agreeing to perform after expiry gives it up.
DEFENCE_PINS = {"civil-code-192": "第1款", "civil-general-192": "第1款"}
WAIVER_PINS = {"civil-code-192": "第2款", "civil-general-192": "第2款"}


def _limitation_expired(p: Paragraph, letter: Letter) -> str:
    return (f"按本人掌握的情况，{_you(letter)}所称债权的诉讼时效期间已于 {_f(p, 'end')} 届满；"
            f"{_you(letter)}如认为存在诉讼时效中断、中止的事由，请提供证据。"
            f"对{_you(letter)}所称债权，本人依照{_cite(p.provisions, DEFENCE_PINS)}提出诉讼时效期间届满、不履行的抗辩。")


def _you(letter: Letter) -> str:
    """How the letter addresses its recipient, one term throughout: 贵司 (the lender the
    borrower contracted with), else 贵方."""
    return "贵司" if letter.sender == "borrower" and letter.recipient == "lender" else "贵方"


def _cap_line(p: Paragraph) -> str:
    """The cap the reader invokes when the penalty lies above it, one sentence: law when
    verified, else "据报道" with the reported text quoted exactly."""
    rate = pct(p.value("cap_annual_rate"))
    if p.value("regime") == "private-lending":
        return (f"民间借贷的逾期利息、违约金和其他费用总计超过合同成立时一年期贷款市场报价利率四倍的部分，"
                f"人民法院不予支持；按本合同成立时的一年期贷款市场报价利率计算，这一上限为年利率 {rate}"
                f"（{_cite(p.provisions)}）。")
    if p.value("regime") == "financial-loan-judicial-line":
        pid = p.reported[0]
        return f"据报道，{_reported(p.reported)}称：“{_reported_quote(pid)}”。"
    return f"适用的年利率上限为 {rate}。"


def _penalty_figures(p: Paragraph) -> str:
    return (f"按本人掌握的合同约定（罚息日利率 {pct(p.value('daily_rate'))}，折合年利率 "
            f"{pct(p.value('annualised_rate'), 2)}，一年按 {p.value('day_count')} 天计）计算，"
            f"截至 {_f(p, 'as_of')}，罚息为 {_f(p, 'penalty')} 元。")


def _above_cap(p: Paragraph, letter: Letter) -> str:
    # Only the penalty was computed: the letter compares the penalty alone and says so (the
    # cap and the line are for the total of interest, penalty, fees and other charges).
    rate = pct(p.value("cap_annual_rate"))
    return (_penalty_figures(p) + _cap_line(p)
            + f"仅罚息一项按年利率 {rate} 计算为 {_f(p, 'penalty_at_cap')} 元，超出的部分为 {_f(p, 'excess')} 元；"
            f"年利率 {rate} 针对的是利息、罚息、违约金和其他费用的总计，上述计算尚未计入利息和其他费用。")


def _cap_reserved(p: Paragraph, letter: Letter) -> str:
    # The penalty within the cap, or no fixed figure: the letter states the penalty and
    # concedes nothing about the total (see the note to the reader).
    return _penalty_figures(p) + "本人保留就利息、罚息、违约金和其他费用总计过高请求调减的权利。"


def _request_above_cap(p: Paragraph, letter: Letter) -> str:
    if letter.kind == "repayment":
        return f"对超出上述年利率部分的罚息（按本人计算为 {_f(p, 'excess')} 元）予以减免，并据此重新核算欠款。"
    return f"对超出上述年利率部分的罚息（按本人计算为 {_f(p, 'excess')} 元），请{_you(letter)}不予主张。"


def _note_cap_basis(p: Paragraph, letter: Letter) -> str:
    """What the letter did not say about the cap, for the reader."""
    regime, lender = p.value("regime"), LENDER_ZH[p.value("lender")]
    verified = [pid for pid in p.provisions if pid not in LENDER_OUTSIDE_PRIVATE_LENDING]
    outside = [pid for pid in p.provisions if pid in LENDER_OUTSIDE_PRIVATE_LENDING]
    if regime == "no-fixed-figure":
        text = (f"出借人为{lender}：本书收录的法律和司法解释没有规定固定的利率上限数字"
                + (f"（{_cite(verified)}）" if verified else "")
                + (f"；据报道的文件有{_reported(p.reported)}，本书未能核实原文" if p.reported else "")
                + "。文书只写了罚息的金额，并保留请求调减的权利。")
    else:
        rate = pct(p.value("cap_annual_rate"))
        line = (f"民间借贷的上限年利率 {rate}（{_cite(verified)}）" if regime == "private-lending" else
                f"据报道的金融借款调减线年利率 {rate}（见"
                + "、".join(f"{law.cite(i)}，{law.FORCE_ZH[law.force(i)].replace('（', '，').rstrip('）')}" for i in p.reported)
                + "，本书未能核实原文）")
        side = "高于" if letter.has("penalty-above-cap") else "不高于"
        text = (f"按您录入的罚息日利率 {pct(p.value('daily_rate'))}，罚息折合年利率 {pct(p.value('annualised_rate'), 2)}，"
                f"{side}{line}。这里只比较了罚息的利率，{rate} 针对的却是利息、罚息、违约金和其他费用"
                "（如担保费、会员费）的总计，本书没有计入这些费用。罚息没有超过时，文书不写“没有超过”，"
                "以免被理解为承认总成本没有超过，只保留请求调减的权利；超过时，文书写明只按罚息一项计算的超出金额。")
    if outside:
        text += (f"出借人为持牌金融机构的，对方可能主张其贷款不适用民间借贷的规定（{_cite(outside, {'private-lending-1': '第2款'})}）；"
                 "文书没有替对方提出这一点。")
    return text


def _channel_request(p: Paragraph, letter: Letter) -> str:
    channel = p.fact("channel")
    how = CHANNEL_ZH.get(channel.value, "") if channel.filled else PLACEHOLDER_ZH["channel"]
    hours = (f"，并且只在每日 {_f(p, 'hours_from')} 至 {_f(p, 'hours_to')} 之间联系"
             if any(f.name == "hours_from" for f in p.facts) else "")  # no hours for letters by post
    return f"今后如需联系本人，请只通过{how}联系本人{hours}；本人有权限制他人对本人个人信息的处理（{_cite(p.provisions)}）。"


def _third_parties(p: Paragraph, letter: Letter) -> str:
    parts = [f"{who}（{'、'.join(d.isoformat() for d in days)}）" for who, days in p.value("contacted")]
    return f"据本人记录，{_you(letter)}或{_you(letter)}委托的催收人员曾联系本人以外的下列人员：{'；'.join(parts)}。"


def _mark_and_verify(p: Paragraph, letter: Letter) -> str:
    # 第32条 extends 第25条 to the operator of the 金融信用信息基础数据库 only.
    basis = (f"{_cite(p.provisions[:1], {'credit-reg-25': '第2款'})}；向中国人民银行征信中心提出的，"
             f"并见{_cite(p.provisions[1:])}" if len(p.provisions) > 1 else
             _cite(p.provisions, {"credit-reg-25": "第2款"}))
    text = (f"对上述信息作出存在异议的标注，自收到本异议之日起 {p.value('days')} 日内进行核查和处理，"
            f"并将结果书面答复本人（{basis}）")
    if _has(p, "received_on"):
        text += (f"。按本异议于 {_f(p, 'received_on')} 送达贵方计算（收到当日不计入，按日历日计算），"
                 f"答复期限至 {_f(p, 'reply_by')} 届满")
    return text + "。"


# A hotline's regulator: a written complaint goes to its office, which the reader names.
OFFICE_AUTHORITY_ZH = {"nfra-12378": "国家金融监督管理总局", "pbc-12363": "中国人民银行"}


def _regulator_salutation(p: Paragraph, letter: Letter) -> str:
    cid = p.value("channel")
    if cid in OFFICE_AUTHORITY_ZH:
        return f"{OFFICE_AUTHORITY_ZH[cid]}{_f(p, 'office')}："
    return f"{_channel_entry(cid)['name']}" + (f"（{_f(p, 'office')}）" if _has(p, "office") else "") + "："


def _evidence(p: Paragraph, letter: Letter) -> str:
    # Only what the reader gave: the log was entered; anything else is the reader's list.
    other = (_f(p, "evidence") if _has(p, "evidence")
             else f"{_f(p, 'evidence')}（如有通话录音、短信截图等，请逐项列明；没有的，删去这一项）")
    return f"附：本人整理的联系记录（共 {p.value('contacts')} 次联系）；其他材料：{other}。"


def _signature(p: Paragraph, letter: Letter) -> str:
    role = "联系人" if letter.sender == "contact" else ("投诉人" if letter.kind in ("complaint", "regulator")
                                                     else "申请人" if letter.kind in ("pi_request", "credit_objection")
                                                     else "借款人" if letter.kind == "repayment" else "本人")
    return f"{role}：{_f(p, 'name')}\n联系电话：{_f(p, 'phone')}\n日期：{_f(p, 'letter_date')}"


def _contact_opening(p: Paragraph, letter: Letter) -> str:
    return (f"本人{_f(p, 'name')}，电话号码{_f(p, 'phone')}。贵方或贵方委托的催收人员就{_f(p, 'borrower_name')}"
            "的借款联系本人。")


def _not_a_party(p: Paragraph, letter: Letter) -> str:
    # The sender's own statement (confirmed on the form), or the placeholder asking for it.
    # Never "不承担清偿责任": 第465条第2款 ends "但是法律另有规定的除外" (e.g. 第1064条).
    said = ("本人不是该借款合同的当事人，也不是该借款的保证人" if _has(p, "not_party") else _f(p, "not_party"))
    return f"{said}；依法成立的合同仅对当事人具有法律约束力（{_cite(p.provisions[:1], {'civil-code-465': '第2款'})}），" \
           f"保证人是与债权人订立保证合同的人（{_cite(p.provisions[1:])}）。"


def _objection_opening(p: Paragraph, letter: Letter) -> str:
    # 第25条第1款: the information the credit agency collects, keeps or provides; the
    # information provider is one of the two the objection may be made to.
    what = (f"征信机构采集、保存、提供的本人信用信息中，由贵方报送的信息存在{DEFECT_ZH[p.value('defect')]}"
            if p.value("recipient") == "information-provider" else
            f"贵方（征信机构）采集、保存、提供的本人信用信息存在{DEFECT_ZH[p.value('defect')]}")
    to = (f"向贵方（{RECIPIENT_ZH[p.value('recipient')]}）" if p.value("recipient") == "information-provider" else "")
    return (f"本人{_f(p, 'name')}认为{what}，依照{_cite(p.provisions, {'credit-reg-25': '第1款'})}"
            f"{to}提出异议，要求更正。")


def _objection_followup(p: Paragraph, letter: Letter) -> str:
    return (f"如贵方逾期未答复，或者本人对处理结果有异议，本人将向所在地的中国人民银行派出机构投诉"
            f"（受理投诉的机构应当自受理之日起 {p.value('days')} 日内书面答复投诉人），"
            f"或者直接向人民法院起诉（{_cite(p.provisions)}）。")


def _proposal(p: Paragraph, letter: Letter) -> str:
    day = p.value("start").day
    return (f"本人提议：自 {_f(p, 'start')} 起，每月 {day} 日（当月没有这一天的，为当月最后一日）还款 "
            f"{_f(p, 'monthly')} 元，共 {p.value('months')} 期，至 {_f(p, 'cleared_on')} 还清，累计还款 "
            f"{_f(p, 'total_paid')} 元（按现行罚息计算，其中还款期间新增罚息 {_f(p, 'penalty_during_plan')} 元）。"
            f"变更还款安排需要双方协商一致（{_cite(p.provisions)}）。")


def _proposal_open(p: Paragraph, letter: Letter) -> str:
    day = p.value("start").day
    return (f"本人提议：自 {_f(p, 'start')} 起，每月 {day} 日（当月没有这一天的，为当月最后一日）还款 "
            f"{_f(p, 'monthly')} 元。按现行罚息计算，这一金额追不上罚息的增长；变更还款安排需要双方协商一致"
            f"（{_cite(p.provisions)}）。")


def _position(p: Paragraph, letter: Letter) -> str:
    return (f"按本人计算，截至 {_f(p, 'start')}（第一笔还款日，还款前），逾期未还的各期本金和费用共 "
            f"{_f(p, 'principal')} 元，已产生罚息 {_f(p, 'penalty')} 元，合计 {_f(p, 'balance')} 元"
            f"（罚息日利率 {pct(p.value('daily_rate'))}）。")


def _fixed(text: str, pins: dict | None = None):
    return lambda p, letter: text.format(cites=_cite(p.provisions, pins))


# The police take reports (报警), the other channels complaints (投诉).
POLICE_CHANNELS = ("police-110",)


def _escalation(p: Paragraph, letter: Letter) -> str:
    ids = p.value("channels")
    complaints = [f"{_channel_entry(c)['name']}（{_channel_entry(c)['contact']}）" for c in ids
                  if c not in POLICE_CHANNELS]
    text = "如贵司不予处理，本人将保留证据，向" + ("、".join(complaints) or "有关部门") + "投诉"
    if any(c in POLICE_CHANNELS for c in ids):
        text += "；涉及威胁人身安全等行为的，向公安机关报警（110）"
    return text + "；或者依法向人民法院起诉。"


SENTENCES = {
    "salutation": lambda p, letter: f"{_f(p, 'recipient_name')}：",
    "regulator-salutation": _regulator_salutation,
    "signature": _signature,
    "template-notice": lambda p, letter: TEMPLATE_NOTICE_ZH,
    # complaint
    "complaint-opening": lambda p, letter: (
        f"本人{_f(p, 'name')}（贵司借款合同或账户：{_f(p, 'contract_no')}）现就贵司以及以贵司名义对本人进行催收的人员的"
        "催收方式提出投诉。"),
    "conduct-summary": _summary,
    "finding": _finding,
    "agent-supervision": _fixed(
        "上述联系如由贵司委托的催收机构进行，贵司应当与受托人约定处理个人信息的目的、方式等，"
        "并对受托人的个人信息处理活动进行监督（{cites}）。"),
    "request-stop": _fixed("立即停止上述行为，并要求贵司委托的催收机构停止。"),
    "request-identify-collector": _fixed(
        "书面告知以贵司名义联系本人和第三人的催收机构的名称、联系方式，并解释说明贵司处理本人个人信息的规则，"
        "包括委托催收机构处理的目的、方式和范围（{cites}）。"),
    "request-records": _fixed(
        "提供上述联系中涉及本人个人信息的记录副本，包括与本人的通话录音、发给本人的短信，"
        "以及向第三人透露本人借款信息的记录（{cites}）。"),
    "request-reply": _fixed("对以上请求书面答复；拒绝的，请说明理由（{cites}）。"),
    "no-admission": lambda p, letter: (
        ("本投诉书" if letter.kind == "regulator" else "本函") + "只涉及上述事项，不构成对任何债务及其金额的确认。"),
    "complaint-escalation": _escalation,
    # stop_contact
    "stop-opening": lambda p, letter: (
        f"本人{_f(p, 'name')}（贵司借款合同或账户：{_f(p, 'contract_no')}）现通知贵司以及以贵司名义进行催收的人员："),
    "third-party-contacts": _third_parties,
    "third-party-rights": _fixed(
        "本人的亲属、同事、朋友不是借款合同的当事人，依法成立的合同仅对当事人具有法律约束力；他们的姓名、电话号码是他们自己的个人信息，"
        "处理这些信息须具备法律规定的情形；除法律另有规定或者权利人明确同意外，任何组织或者个人不得以电话、短信、"
        "即时通讯工具等方式侵扰他人的私人生活安宁（{cites}）。", {"civil-code-465": "第2款", "civil-code-1033": "第（一）项"}),
    "request-stop-third-parties": _fixed("立即停止以任何方式联系本人的亲属、同事、朋友和其他第三人（{cites}）。"),
    "stop-consent-withdrawn": _fixed(
        "本人此前如曾同意贵司联系本人的紧急联系人或者其他第三人，或者同意向其提供本人的信息，现予撤回（{cites}）。"),
    "request-no-disclosure": _fixed(
        "不得向本人的亲属、同事、朋友等第三人透露本人的借款和欠款信息；未经本人同意，不得向他人非法提供本人的个人信息"
        "（{cites}）。", {"civil-code-1038": "第1款"}),
    "request-channel": _channel_request,
    # contact_own
    "contact-opening": _contact_opening,
    "contact-relation": lambda p, letter: f"本人是该借款人的{RELATION_ZH[p.value('relation')]}。",
    "contact-calls": lambda p, letter: (
        f"据本人记录，贵方或贵方委托的催收人员曾于 {'、'.join(d.isoformat() for d in p.value('call_dates'))} 联系本人。"),
    "not-a-party": _not_a_party,
    "contact-rights": _fixed(
        "本人的姓名、电话号码是本人的个人信息，处理这些信息须具备法律规定的情形；除法律另有规定或者本人明确同意外，"
        "任何组织或者个人不得以电话、短信等方式侵扰本人的私人生活安宁（{cites}）。", {"civil-code-1033": "第（一）项"}),
    "consent-withdrawn": _fixed("本人不同意贵方为催收该借款处理本人的个人信息；如本人曾经作出过同意，现予撤回（{cites}）。"),
    "request-stop-contacting-me": _fixed("立即停止以电话、短信、即时通讯工具等任何方式联系本人（{cites}）。"),
    "request-delete-my-data": _fixed(
        "删除贵方以及贵方委托的催收机构保存的本人的姓名、电话号码等个人信息，并书面告知本人删除的结果（{cites}）。",
        {"pipl-47": "第1款第（三）项、第（四）项", "civil-code-1037": "第2款"}),
    "contact-escalation": _fixed(
        "如贵方拒绝上述请求，本人将依法向人民法院提起诉讼（{cites}）；如贵方继续联系本人，本人将保留证据，"
        "向有关部门投诉或者依法起诉。", {"pipl-50": "第2款"}),
    # pi_request
    "pi-opening": lambda p, letter: (
        f"本人{_f(p, 'name')}（贵司借款合同或账户：{_f(p, 'contract_no')}）依照{_cite(p.provisions)}，"
        "申请查阅、复制贵司处理的本人个人信息，并请求告知以下事项："),
    "request-copy": _fixed(
        "提供贵司处理的本人个人信息的副本，包括但不限于身份和联系方式信息、本人提供的紧急联系人信息、借款和还款记录、"
        "催收记录和与本人的通话录音，并告知贵司是否收集、保存了本人的手机通讯录及其范围（{cites}）。"),
    "request-recipients": _fixed(
        "告知贵司是否向其他个人信息处理者提供了本人的个人信息；提供了的，告知接收方的名称或者姓名、联系方式、"
        "处理目的、处理方式和个人信息的种类（{cites}）。"),
    "request-processing-rules": _fixed(
        "解释说明贵司处理本人个人信息的规则，包括是否委托催收机构或者其他受托人处理本人的个人信息，"
        "以及受托人的名称、委托处理的目的和方式（{cites}）。"),
    "request-reply-in-time": _fixed("及时提供上述信息；拒绝的，请说明理由（{cites}）。如需核验本人身份，请告知核验方式。",
                                    {"pipl-45": "第2款"}),
    # credit_objection
    "objection-opening": _objection_opening,
    "objection-record": lambda p, letter: (
        f"有异议的信息：{_f(p, 'record')}。本人认为正确的情况是：{_f(p, 'correction')}。"
        f"所附证明材料：{_f(p, 'evidence')}。"),
    "request-mark-and-verify": _mark_and_verify,
    "request-correct": _fixed(
        "经核查确有错误、遗漏的，予以更正；确认不存在错误、遗漏的，取消异议标注；经核查仍不能确认的，"
        "对核查情况和异议内容予以记载（{cites}）。", {"credit-reg-25": "第3款"}),
    "objection-followup": _objection_followup,
    # assignee
    "assignee-opening": lambda p, letter: (
        f"贵方称已经受让{_f(p, 'original_lender')}对本人{_f(p, 'name')}的债权（借款合同或账户："
        f"{_f(p, 'contract_no')}）。对此，本人提出以下意见和要求："),
    "assignment-notice-received": lambda p, letter: (
        f"本人于 {_f(p, 'notice_date')} 收到债权转让的通知。本人对原债权人的抗辩，可以向贵方主张（{_cite(p.provisions)}）。"),
    "assignment-notice-unknown": _fixed(
        "贵方如认为已经通知本人债权转让，请说明通知的日期和方式。债权人转让债权，未通知债务人的，"
        "该转让对债务人不发生效力（{cites}）。"),
    "limitation-expired": _limitation_expired,
    "defence-against-assignee": _fixed("诉讼时效期间届满的抗辩，本人同样可以向贵方主张（{cites}）。"),
    # Not "同意履行" even negated (tests/test_letters.py ACKNOWLEDGING_ZH): the words of
    # 规定第19条 are avoided, the sense kept.
    "no-acknowledgement": lambda p, letter: (
        f"本函不承认{_you(letter)}所称的债务，也不作出履行该债务的任何意思表示。"),
    "cap-reserved": _cap_reserved,
    "penalty-above-cap": _above_cap,
    "request-not-claim-above-cap": _request_above_cap,
    "request-reduce-above-cap": _request_above_cap,
    "request-assignment-proof": _fixed(
        "提供能够证明贵方已经受让该债权的材料（如债权转让协议中涉及本人的部分）以及债权转让通知；债权人转让债权，"
        "未通知债务人的，该转让对债务人不发生效力（{cites}）。", {"civil-code-546": "第1款"}),
    "request-breakdown": lambda p, letter: (
        f"书面列明{_you(letter)}所主张金额的构成：本金、利息、罚息（逾期利息）、违约金和其他费用各多少，各项的计算期间、"
        "利率和计算方法，以及已还款项的抵扣情况。"),
    # regulator
    "regulator-parties": lambda p, letter: (
        f"投诉人：{_f(p, 'name')}，联系电话：{_f(p, 'phone')}。被投诉机构：{_f(p, 'lender_name')}"
        f"（借款合同或账户：{_f(p, 'contract_no')}）。投诉事项：催收方式。"),
    "regulator-prior-complaint": lambda p, letter: (
        f"本人已于 {_f(p, 'complained_on')} 向{_f(p, 'lender_name')}投诉。"),
    "request-investigate": lambda p, letter: "依照职责调查处理上述行为，要求被投诉机构及其委托的催收机构停止。",
    "request-outcome": lambda p, letter: "将处理结果告知本人。",
    "regulator-evidence": _evidence,
    # repayment
    "repayment-opening": lambda p, letter: (
        f"本人{_f(p, 'name')}（贵司借款合同或账户：{_f(p, 'contract_no')}）就逾期款项提出以下还款方案，请贵司审核："),
    "expired-reply-opening": lambda p, letter: (
        f"本人{_f(p, 'name')}（贵司借款合同或账户：{_f(p, 'contract_no')}）就贵司的催收答复如下："),
    "repayment-position": _position,
    "repayment-proposal": _proposal,
    "repayment-proposal-open": _proposal_open,
    "request-penalty-stop": lambda p, letter: "在本人按上述方案还款期间，停止计收罚息。",
    "request-written-confirmation": _fixed(
        "如同意上述方案，以书面方式（协议、App 内的确认页面或者官方短信）写明欠款总额和构成、每期的金额和日期、"
        "罚息是否停止计算或者减免多少；变更的内容约定不明确的，推定为未变更（{cites}）。"),
}


# --- Notes to the reader (not part of the letter) -------------------------------------------


def _note_expired(p: Paragraph, letter: Letter, what: str = "本文书因此只提出抗辩和核实的要求") -> str:
    waiver = [pid for pid in p.provisions if pid in waiver_provisions(p.value("letter_date"))]
    interruption = [pid for pid in p.provisions if pid not in waiver]
    return (f"按您录入的情况，诉讼时效期间已于 {_f(p, 'end')} 届满（按发信日 {_f(p, 'letter_date')} 判断）。"
            "这一结论假定您已经录入了全部催收联系和还款：每一次到达您的催收（电话、短信、信函等）、每一笔还款，"
            f"都可能使诉讼时效中断、重新计算（{_cite(interruption)}），漏掉任何一次都可能改变结论；"
            "文书因此写的是“按本人掌握的情况”，并请对方提供中断、中止的证据。届满后，"
            "同意履行、承诺还款、提出还款计划、在催收通知单上签字，或者还一部分钱，都可能被认定为放弃时效抗辩，"
            f"此后不能再以时效届满为由拒绝履行（{_cite(waiver, WAIVER_PINS)}）。{what}，"
            "不写任何承认欠款或者还款的内容；与对方通话时也请注意。")


NOTES = {
    "note-expired": _note_expired,
    "note-expired-repayment": lambda p, letter: (
        "请先读这一条：" + _note_expired(p, letter, "本文书因此没有写还款方案，而是写成保留时效抗辩的答复")
        + "如您仍然决定还款，请先咨询律师。"),
    "note-cap-basis": _note_cap_basis,
    "note-spouse": lambda p, letter: (
        f"您是借款人的配偶：这笔债务可能属于夫妻共同债务（{_cite(p.provisions[:1])}），合同仅约束当事人的规则"
        f"有“法律另有规定的除外”（{_cite(p.provisions[1:], {'civil-code-465': '第2款'})}）。"
        "文书因此没有写您不是当事人或者不承担责任，也没有写您是借款人的配偶；它只要求停止联系、删除号码。"
        "请先咨询律师再发送。"),
    "note-spouse-caveat": lambda p, letter: (
        f"如果您是借款人的配偶，这笔债务可能属于夫妻共同债务（{_cite(p.provisions)}）：请在“您与借款人的关系”中"
        "选择“配偶”，并先咨询律师再发送本函。"),
    "note-defence-possibly-waived": lambda p, letter: (
        f"您录入的还款或者同意履行发生在诉讼时效届满之后：您可能已经不能再以时效届满为由抗辩（{_cite(p.provisions, WAIVER_PINS)}）。"
        "请咨询律师后再发送本函。"),
    "note-not-expired": lambda p, letter: (
        (f"按您录入的还款，各期欠款已于 {_f(p, 'settled_on')} 全部还清；请核对对方所主张的是什么。"
         if _has(p, "settled_on") else
         f"按发信日 {_f(p, 'letter_date')} 判断，诉讼时效期间尚未届满（最后一日为 {_f(p, 'end')}）。"
         "对方的催收到达您，会使诉讼时效中断、重新计算；本函不提出时效抗辩。")),
    "note-plan-interrupts": lambda p, letter: (
        f"提出还款方案、承诺分期还款，属于同意履行义务，会使诉讼时效中断并重新计算（{_cite(p.provisions)}）。"
        f"按发信日 {_f(p, 'letter_date')} 判断，诉讼时效期间尚未届满（最后一日为 {_f(p, 'end')}）。"),
    "note-partial-performance": _fixed(
        "出借机构可以不同意这一方案，也可以拒绝部分还款（部分履行不损害其利益的除外）；没有达成新的协议时，"
        "每笔还款按合同约定的顺序抵充；合同没有约定的，依次抵充实现债权的有关费用、利息、主债务（{cites}）。"),
    "note-deadline-counting": lambda p, letter: (
        f"{_cite(p.provisions)}规定的期限是自收到异议之日起 {p.value('days')} 日。条例没有说明怎样计算，"
        "本书按日历日计算、收到的当日不计入，也没有考虑期限最后一日是节假日的情形"
        + (f"：对方 {_f(p, 'received_on')} 收到，期限至 {_f(p, 'reply_by')} 届满。" if _has(p, "received_on")
           else "。填写对方收到异议的日期，可以算出具体日期。")
        + "请保留寄送或者提交的凭证，以证明对方收到的日期。"),
    "note-complaint": lambda p, letter: (
        f"投诉：向所在地的中国人民银行派出机构提出；受理投诉的机构应当自受理之日起 {p.value('days')} 日内书面答复"
        f"（{_cite(p.provisions)}）"
        + (f"。您的投诉于 {_f(p, 'complaint_accepted_on')} 受理，答复期限至 {_f(p, 'reply_by')} 届满（计算方法同上）。"
           if _has(p, "complaint_accepted_on") else "。")
        + "也可以直接向人民法院起诉。"),
    "note-statement": _fixed(
        "在不良信息保存期限内，您还可以对不良信息作出说明，征信机构应当记载；您每年可以两次免费获取本人的信用报告（{cites}）。"),
    "note-channel": lambda p, letter: (
        (lambda c: f"{'〔本函收件方〕' if p.value('chosen') else ''}{c['name']}（{c['contact']}）"
                   f"{'，与您记录中的问题相关' if p.value('relevant') else ''}。受理范围："
                   f"{' '.join(str(c.get('scope', '')).split())} 本书对这一渠道的核实程度："
                   f"{' '.join(str(c.get('confidence', '')).split())}"
                   + (("" if str(c.get('confidence', '')).rstrip().endswith("。") else "。")
                      + "这一渠道是电话热线：可以照本投诉书的内容在电话中陈述；书面投诉请填写收件的派出机构名称。"
                      if p.value('channel') in OFFICE_AUTHORITY_ZH and p.value('chosen') else ""))
        (_channel_entry(p.value('channel')))),
}


def sentence_zh(p: Paragraph, letter: Letter) -> str:
    """The Chinese of one paragraph of ``letter``."""
    return SENTENCES[p.code](p, letter)


def note_zh(p: Paragraph, letter: Letter) -> str:
    return NOTES[p.code](p, letter)


SECTION_ZH = {"salutation": "称呼", "body": "正文", "request": "请求", "closing": "结尾", "signature": "落款",
              "notice": "说明"}
REQUESTS_HEAD_ZH = {"complaint": "为此，本人请求贵司：", "regulator": "本人请求：", "contact_own": "为此，本人要求贵方：",
                    "pi_request": "", "credit_objection": "为此，本人请求贵方：", "assignee": "为此，本人要求贵方：",
                    "stop_contact": "为此，本人要求：", "repayment": "为此，本人请求贵司："}


def letter_text(letter: Letter) -> str:
    """The document as it is sent: the title, the salutation, the body, the requests numbered,
    the closing, the signature and, once, the template notice."""
    by = {s: [p for p in letter.paragraphs if p.section == s] for s in ("salutation", "body", "request", "closing",
                                                                        "signature", "notice")}
    blocks = [title_zh(letter)]
    blocks += [sentence_zh(p, letter) for p in by["salutation"]]
    body = [sentence_zh(p, letter) for p in by["body"]]
    blocks += body
    if by["request"]:
        head = REQUESTS_HEAD_ZH[letter.kind]
        items = [f"{CN_NUM[i] if i < len(CN_NUM) else i + 1}、{sentence_zh(p, letter)}"
                 for i, p in enumerate(by["request"])]
        blocks.append("\n".join(([head] if head else []) + items))
    blocks += [sentence_zh(p, letter) for p in by["closing"]]
    blocks += [sentence_zh(p, letter) for p in by["signature"]]
    blocks += [sentence_zh(p, letter) for p in by["notice"]]
    return "\n\n".join(blocks) + "\n"


def document_dict(letter: Letter, calculator: str) -> dict:
    """The document as every front end gets it (JSON-serialisable)."""
    return {
        "kind": letter.kind,
        "title": title_zh(letter),
        "recipient": letter.recipient,
        "recipient_zh": ROLE_ZH[letter.recipient],
        "sender": letter.sender,
        "text": letter_text(letter),
        "paragraphs": [{**p.to_dict(), "text": sentence_zh(p, letter)} for p in letter.paragraphs],
        "requests": [p.code for p in letter.requests],
        "provisions": list(letter.provisions),
        "reported": list(letter.reported),
        "placeholders": [{"field": f, "mark": PLACEHOLDER_ZH[f]} for f in letter.placeholders],
        "guards": list(letter.guards),
        "notes": [note_zh(n, letter) for n in letter.notes],
        "filename": f"{calculator}.txt",
    }


GUARD_ZH = {
    "penalty-above-cap": "按您录入的合同利率，罚息超过了适用的利率上限或调减线；文书写明了超出的金额。",
    "assignment-not-notified": "您没有填写收到债权转让通知的日期：文书请对方说明通知的日期和方式，不写您是否收到过。收到过的，请填写日期。",
    "no-findings": "对照本书收录的规则，您的联系记录没有发现问题；文书只请求提供记录和书面答复。",
    "plan-does-not-clear": ("按现行罚息计算，这一月还款额还不清欠款（永远追不上罚息，或者在计算的月数内还不清）；"
                            "文书没有写还清日期，并请求在还款期间停止计收罚息。"),
    "unverified-as-reported": "文书提到的国家标准、行业规范或司法政策性文件，本书未能读到原文，只以“据报道”提及，没有当作法律引用。",
}
assert set(GUARD_ZH) | {"template-not-advice", "expired-no-acknowledgement", "defence-possibly-waived"} == set(GUARDS)


# --- The forms ------------------------------------------------------------------------------

MAX_NAME_CHARS = 60
MAX_TEXT_CHARS = 300
_CONTROL = re.compile(r"[\x00-\x1f\x7f\u2028\u2029]")
_HHMM = re.compile(r"^([01]?[0-9]|2[0-4])[:：]([0-5][0-9])$")


def _text_field(name, label, default, help_zh, max_chars=MAX_NAME_CHARS) -> dict:
    spec = field(name, label, "text", default, f"{help_zh}可以留空：留空的在文书中显示为“{PLACEHOLDER_ZH.get(name, '')}”。"
                 f"最多 {max_chars} 个字，不能换行。" if name in PLACEHOLDER_ZH else
                 f"{help_zh}最多 {max_chars} 个字，不能换行。")
    spec["max_chars"] = max_chars
    return spec


def _date_field(name, label, default, help_zh) -> dict:
    return field(name, label, "date", default, help_zh, domain=date_domain())


def _common(ex: dict, *, lender: bool = True, contract: bool = True) -> list[dict]:
    out = [_text_field("name", "您的姓名", ex.get("name", ""), "写在落款处。"),
           _text_field("phone", "您的联系电话", ex.get("phone", ""), "写在落款处，可以只写部分号码。", 40)]
    if lender:
        out.append(_text_field("lender_name", "出借机构或平台的名称", ex.get("lender_name", ""),
                               "借款合同上的出借人或平台的全称。"))
    if contract:
        out.append(_text_field("contract_no", "借款合同编号或账户", ex.get("contract_no", ""),
                               "便于对方查找；不要写完整的身份证号码。"))
    return out


def _letter_date(ex: dict, *, required: bool) -> dict:
    if required:
        return _date_field("letter_date", "发信日期（YYYY-MM-DD）", ex.get("letter_date", ""),
                           "写在落款处；诉讼时效是否已经届满，按这一天判断。")
    return _date_field("letter_date", "发信日期（可留空，YYYY-MM-DD）", ex.get("letter_date", ""),
                       f"写在落款处；留空时显示为“{PLACEHOLDER_ZH['letter_date']}”。")


def _log_fields(ex: dict, *, optional: bool = False) -> list[dict]:
    return [
        field("csv", "联系记录（CSV 文本：上传文件或直接粘贴" + ("，可留空）" if optional else "）"), "csv", sample_log(),
              "与“催收行为检查”相同的格式；第一行是表头：时间,渠道,联系对象,是否透露欠款,是否接通,号码,是否要求停止,催收方,摘要。"
              + ("留空时文书不列出被联系的第三人。" if optional else ""),
              domain=csv_domain()),
        _date_field("borrower_reachable_until", "您本人可以联系上的截止日期（含当天，YYYY-MM-DD，可留空）",
                    ex.get("borrower_reachable_until", ""),
                    "用于判断联系紧急联系人或第三人是否属于“债务人失联”的例外。"),
    ]


def _loan_fields(ex: dict, *, plan: bool) -> list[dict]:
    out = [field("installments", "逾期未还的各期欠款（每行一期：到期日:金额，单位 元"
                 + ("）" if plan else "；可留空）"), "lines", ex.get("installments", []),
                 "例如 2021-01-15:1000；金额是该期计收罚息的基数（通常为该期本金加手续费）。"
                 + ("" if plan else "留空时只按最后一期到期日判断诉讼时效，不计算罚息。"),
                 domain=lines_domain(MAX_INSTALLMENTS))]
    # The payments: in the plan (they reduce the balance) and in the limitation check (a part
    # payment interrupts the period; one after expiry may give up the defence).
    out.append(field("payments", "已经还的钱（每行一笔：日期:金额，单位 元；没有就留空）", "lines",
                     ex.get("payments", []), "诉讼时效起算后的部分还款是同意履行，会使诉讼时效中断；"
                     "诉讼时效届满后还款，可能使您不能再以时效届满为由抗辩。",
                     domain=lines_domain(MAX_PAYMENTS)))
    if not plan:
        out.append(_date_field("last_due", "最后一期到期日（没有填写各期欠款时填写，YYYY-MM-DD）",
                               ex.get("last_due", ""), "诉讼时效自最后一期履行期限届满之日起计算。"))
    rate = ex.get("daily_rate")
    out.append(field("rate", "罚息日利率（%/日" + ("）" if plan else "，可留空）"), "rate",
                     percent_text(rate) if rate else "", "按百分数填写：日利率万分之五填 0.05。"
                     + ("" if plan else "留空时不计算罚息和利率上限。"), domain=rate_domain()))
    return out


def _cap_fields(ex: dict) -> list[dict]:
    return [
        field("lender", "出借人类型", "choice", ex.get("lender", "consumer-finance"),
              "决定适用哪一种利率上限或调减线（见第2章）。", [[k, v] for k, v in LENDER_ZH.items()]),
        _date_field("contract_date", "借款合同成立日（YYYY-MM-DD）", ex.get("contract_date", ""),
                    "民间借贷的上限按合同成立时的一年期 LPR 计算。"),
    ]


def _contacts_field(ex: dict) -> dict:
    return field("contacts", "催收联系（履行请求到达您）的日期（每行一个 YYYY-MM-DD，可留空）", "lines",
                 ex.get("contacts", []), "每一次到达您的催收都可能使诉讼时效中断。",
                 domain=lines_domain(MAX_PAYMENTS, amount=False))


def _fields_complaint() -> list[dict]:
    ex = example("letters")["complaint"]
    return _log_fields(ex) + _common(ex) + [_letter_date(ex, required=False)]


def _fields_stop_contact() -> list[dict]:
    ex = example("letters")["stop_contact"]
    return _log_fields(ex, optional=True) + [
        field("channel", "今后只接受的联系方式", "choice", ex.get("channel", "sms"), "对方今后只能这样联系您。",
              [[k, CHANNEL_ZH[k]] for k in civil_code_1033.CHANNELS]),
        _text_field("hours_from", "可以联系的时段：从（HH:MM）", ex.get("hours_from", ""), "例如 09:00。", 5),
        _text_field("hours_to", "可以联系的时段：到（HH:MM）", ex.get("hours_to", ""), "例如 20:00，须晚于开始时间。", 5),
    ] + _common(ex) + [_letter_date(ex, required=False)]


def _fields_contact_own() -> list[dict]:
    ex = example("letters")["contact_own"]
    return [
        _text_field("name", "您的姓名（被联系的人）", ex.get("name", ""), "这封信由被联系的亲友、同事本人发出。"),
        _text_field("phone", "被联系的电话号码", ex.get("phone", ""), "对方打来的是哪个号码。", 40),
        field("relation", "您与借款人的关系", "choice", ex.get("relation", ""),
              "可以不选。选“配偶”的，文书不写您是配偶，也不写您不是当事人（夫妻共同债务，见说明）。",
              [["", "不说明"]] + [[k, RELATION_ZH[k]] for k in civil_code_1037.RELATIONS]),
        field("not_party", "您是否签过这笔借款或担保", "choice", ex.get("not_party", ""),
              "只有您本人能确认。不确认的，文书中这一句显示为待确认的占位符。",
              [["", "不确认（文书中显示为占位符）"]] + [[k, NOT_PARTY_ZH[k]] for k in civil_code_1037.NOT_PARTY]),
        _text_field("borrower_name", "对方所说的借款人姓名", ex.get("borrower_name", ""), "对方说您认识的哪一位借了钱。"),
        _text_field("lender_name", "联系您的机构名称", ex.get("lender_name", ""), "对方自称的机构全称。"),
        field("call_dates", "对方联系您的日期（每行一个 YYYY-MM-DD，可留空）", "lines", ex.get("call_dates", []),
              "写在信中，作为事实记录。", domain=lines_domain(MAX_PAYMENTS, amount=False)),
        _letter_date(ex, required=False),
    ]


def _fields_pi_request() -> list[dict]:
    ex = example("letters")["pi_request"]
    return _common(ex) + [_letter_date(ex, required=False)]


def _fields_credit_objection() -> list[dict]:
    ex = example("letters")["credit_objection"]
    return [
        field("recipient", "向谁提出异议", "choice", ex.get("recipient", "information-provider"),
              "可以向征信机构（如中国人民银行征信中心），也可以向报送信息的机构（信息提供者，如贷款机构）提出。",
              [[k, RECIPIENT_ZH[k]] for k in credit_reg_25.RECIPIENTS]),
        _text_field("recipient_name", "收件机构的名称", ex.get("recipient_name", ""), "例如贷款机构的全称。"),
        field("defect", "信息的问题", "choice", ex.get("defect", "error"), "条例所说的“错误”或“遗漏”。",
              [[k, DEFECT_ZH[k]] for k in credit_reg_25.DEFECTS]),
        _text_field("record", "有异议的信息", ex.get("record", ""), "例如信用报告中某笔贷款某月的逾期记录。", MAX_TEXT_CHARS),
        _text_field("correction", "正确的情况", ex.get("correction", ""), "例如该期已于某日按时还清。", MAX_TEXT_CHARS),
        _text_field("evidence", "证明材料", ex.get("evidence", ""), "例如还款凭证、结清证明。", MAX_TEXT_CHARS),
        _date_field("received_on", "对方收到异议的日期（可留空，YYYY-MM-DD）", ex.get("received_on", ""),
                    "当面提交的，是提交日；邮寄的，以签收日为准。用于计算答复期限。"),
        _date_field("complaint_accepted_on", "投诉被受理的日期（可留空，YYYY-MM-DD）", ex.get("complaint_accepted_on", ""),
                    "如已向人民银行派出机构投诉，用于计算答复期限。"),
    ] + _common(ex, lender=False, contract=False) + [_letter_date(ex, required=False)]


def _fields_assignee() -> list[dict]:
    ex = example("letters")["assignee"]
    return _loan_fields(ex, plan=False) + [_contacts_field(ex)] + _cap_fields(ex) + [
        _date_field("notice_date", "收到债权转让通知的日期（没有收到就留空，YYYY-MM-DD）", ex.get("notice_date", ""),
                    "原贷款人或受让人通知您债权已经转让的日期。"),
        _letter_date(ex, required=True),
        _text_field("assignee_name", "受让人的名称", ex.get("assignee_name", ""), "例如自称已经买下债权的资产管理公司。"),
        _text_field("original_lender", "原债权人的名称", ex.get("original_lender", ""), "借款合同上的出借人。"),
    ] + _common(ex, lender=False)


def _fields_regulator() -> list[dict]:
    ex = example("letters")["regulator"]
    channels = confirmed_channels()
    return _log_fields(ex) + [
        field("channel", "投诉渠道（只列出本书核实过的渠道）", "choice", ex.get("channel", channels[0]["id"]),
              "各渠道的受理范围和本书的核实程度，见结果中的说明。", [[c["id"], c["name"]] for c in channels]),
        _text_field("office", "收件的派出机构（12378、12363 的书面投诉）", ex.get("office", ""),
                    "例如所在省市的金融监管局或人民银行分支机构。"),
    ] + _common(ex) + [
        _date_field("complained_on", "已向出借机构投诉的日期（可留空，YYYY-MM-DD）", ex.get("complained_on", ""),
                    "有的渠道要求先向金融机构投诉。"),
        _text_field("evidence", "其他证明材料", ex.get("evidence", ""), "例如录音文件名、截图。", MAX_TEXT_CHARS),
        _letter_date(ex, required=False),
    ]


def _fields_repayment() -> list[dict]:
    ex = {**example("ch6_plan"), **example("letters")["repayment"]}
    return _loan_fields(ex, plan=True) + [
        _date_field("start", "第一笔还款日（YYYY-MM-DD）", ex["start"], "以后每月同一天还款；不能早于最早一期的到期日。"),
        field("monthly", "每月还款额（元）", "amount", ex["monthly"], "您确实拿得出的金额。",
              domain=amount_domain()),
        field("order", "部分还款的分配顺序", "choice", "561", "没有另外约定时适用《民法典》第561条的顺序。",
              [[k, ORDER_ZH[k]] for k in ORDER_ZH]),
        _contacts_field(ex),
    ] + _cap_fields(ex) + [_letter_date(ex, required=True)] + _common(ex)


FIELDS = {
    "complaint": _fields_complaint,
    "stop_contact": _fields_stop_contact,
    "contact_own": _fields_contact_own,
    "pi_request": _fields_pi_request,
    "credit_objection": _fields_credit_objection,
    "assignee": _fields_assignee,
    "regulator": _fields_regulator,
    "repayment": _fields_repayment,
}

# Where an engine's error goes on the form (the engines name their own fields).
ENGINE_FIELDS = {
    "installment": "installments", "due": "installments", "payment": "payments", "partial_payment": "payments",
    "daily_rate": "rate", "annual_rate": "rate", "contact": "contacts", "demand": "contacts",
    "interruption": "contacts", "assignment_notice": "notice_date", "as_of": "letter_date",
    "path": "csv", "header": "csv", "row": "csv", "filing_date": "contract_date",
}


# --- Reading a form ------------------------------------------------------------------------


def _text(form: Form, key: str) -> str | None:
    value = form.raw[key].strip()
    limit = form.spec[key].get("max_chars", MAX_NAME_CHARS)
    if _CONTROL.search(value):
        raise InputError(key, "不能换行，也不能包含控制字符。", "no line breaks or control characters")
    if len(value) > limit:
        raise InputError(key, f"最多 {limit} 个字，收到的是 {len(value)} 个字。", f"at most {limit} characters, got {len(value)}")
    return value or None


def _hhmm(form: Form, key: str) -> str | None:
    value = _text(form, key)
    if value is None:
        return None
    m = _HHMM.match(value)
    if not m or (m.group(1) == "24" and m.group(2) != "00"):
        raise InputError(key, f"“{value}”不是时间。请按 HH:MM 填写，例如 09:00。", f"{value!r} is not a time (HH:MM)")
    return f"{int(m.group(1)):02d}:{m.group(2)}"


def _rate(form: Form) -> Decimal | None:
    if not form.text("rate"):
        return None
    return form.percent("rate", below_100=True)


def _inputs(kind: str, form: Form) -> dict:
    """The engine's inputs of ``kind`` from the form, each field read by its own reader."""
    out: dict = {}
    for key, spec in form.spec.items():
        k = spec["kind"]
        if key == "csv":
            text = form.raw["csv"]
            out["csv"] = text if text.strip() else None
        elif key in ("hours_from", "hours_to"):
            out[key] = _hhmm(form, key)
        elif k == "text":
            out[key] = _text(form, key)
        elif k == "date":
            out[key] = form.date(key, optional=True)
        elif k == "rate":
            out["daily_rate"] = _rate(form)
        elif k == "amount":
            text = form.text(key)
            if not text:
                raise InputError(key, "不能为空，请填写金额（元）。", "required (an amount in yuan)")
            out[key] = parse_amount(text, key)
        elif k == "choice":
            out[key] = form.text(key) or None
        elif key in ("installments", "payments"):
            out[key] = form.pairs(key)
        elif key in ("contacts", "call_dates"):
            out[key] = form.dates(key)
    if "hours_from" in out and out["hours_from"] and out.get("hours_to") and out["hours_to"] <= out["hours_from"]:
        raise InputError("hours_to", f"结束时间 {out['hours_to']} 须晚于开始时间 {out['hours_from']}。",
                         "the end of the hours must be after their start")
    if kind == "repayment" and out.get("daily_rate") is None:
        raise InputError("rate", "不能为空，请填写一个百分数。", "required (a percentage)")
    if kind in ("assignee", "repayment") and out.get("letter_date") is None:
        raise InputError("letter_date", "请填写发信日期：诉讼时效是否已经届满，按这一天判断。",
                         "the letter's date is required: the limitation period is judged on it")
    return {k: v for k, v in out.items() if k in letters.module(kind).INPUTS}


# --- The calculators -----------------------------------------------------------------------

CALC_TITLE_ZH = {
    "complaint": "文书：向出借机构投诉催收行为",
    "stop_contact": "文书：通知停止联系第三人、限定联系方式",
    "contact_own": "文书：亲友、同事要求停止联系并删除号码",
    "pi_request": "文书：申请查阅、复制个人信息",
    "credit_objection": "文书：对信用记录提出异议",
    "assignee": "文书：致债权受让人（资产管理公司等）",
    "regulator": "文书：向监管部门投诉",
    "repayment": "文书：还款方案",
}
INTRO_ZH = {
    "complaint": "读取您的联系记录，把检查出的每一项问题写成带日期的事实，要求停止、告知催收机构、提供记录。",
    "stop_contact": "通知出借机构停止联系您的亲友、同事，今后只按您指定的方式和时段联系您。",
    "contact_own": "给被催收电话打扰的亲友、同事本人使用：说明自己不是借款人或保证人，要求停止联系、删除号码。",
    "pi_request": "依照《个人信息保护法》申请查阅、复制自己的个人信息，并询问提供给了谁、委托了谁处理。",
    "credit_objection": "对信用报告中错误或遗漏的信息提出异议，按您填写的日期算出答复期限，并写明后续投诉的途径。",
    "assignee": "要求自称受让债权的机构出示转让凭证和债权明细，核对罚息是否超过上限；诉讼时效已届满的，提出时效抗辩而不承认债务。",
    "regulator": "把联系记录中的问题整理成投诉书，只列出本书核实过的投诉渠道，并说明每个渠道的核实程度。",
    "repayment": "用还款计划计算器的结果写出还款方案（金额、期数、每月还款额），罚息超过上限的请求减免；诉讼时效已届满的，不写还款方案。",
}


class LetterCalculator:
    """One calculator of the presentation layer (``letter_<kind>``): the module interface of
    :mod:`overdue.present` (``TITLE``, ``INTRO``, ``ENGINE_FIELDS``, ``fields()``, ``compute(form)``)."""

    def __init__(self, kind: str):
        self.kind = kind
        self.name = f"letter_{kind}"
        self.TITLE = CALC_TITLE_ZH[kind]
        self.INTRO = INTRO_ZH[kind]
        self.ENGINE_FIELDS = ENGINE_FIELDS
        self.__name__ = f"{__name__}.{self.name}"

    def fields(self) -> list[dict]:
        return FIELDS[self.kind]()

    def _field_of(self, form: Form, err: InputError) -> str:
        key = err.field.split(" ")[0]
        key = ENGINE_FIELDS.get(key, key)
        if key not in form.spec and "csv" in form.spec:
            key = "csv"  # a column of the contact log
        return key

    def draft(self, form: Form) -> Letter:
        try:
            return letters.draft(self.kind, _inputs(self.kind, form))
        except InputError as err:
            key = self._field_of(form, err)
            if key == err.field:
                raise
            raise InputError(key, err.message_zh, err.message_en) from None

    def compute(self, form: Form) -> dict:
        letter = self.draft(form)
        return result(letter, self.name, form)


def result(letter: Letter, name: str, form: Form | None = None) -> dict:
    """The calculator's result of a drafted letter: tables, summary, warnings, and ``document``."""
    doc = document_dict(letter, name)
    labels = {f["name"]: f["label_zh"] for f in (form.spec.values() if form else [])}
    rows = [[SECTION_ZH[p["section"]], p["text"]] for p in doc["paragraphs"]]
    basis = [[law.cite(pid), "法律依据（原文已核实）" if law.provision(pid).get("status") == "in-force"
              else "法律依据（事实发生时的规定）"] for pid in letter.provisions]
    basis += [[law.cite(pid), "本书未能核实原文，文书中只以“据报道”提及，不作为法律依据"] for pid in letter.reported]
    holes = [[PLACEHOLDER_ZH[f], labels.get(f, f)] for f in letter.placeholders]
    warnings = [n for n in doc["notes"]] + [GUARD_ZH[g] for g in letter.guards if g in GUARD_ZH]
    summary = (f"{doc['title']}（致{ROLE_ZH[letter.recipient]}）：{len(letter.requests)} 项请求"
               + (f"，还有 {len(holes)} 处待填写（{'、'.join(PLACEHOLDER_ZH[f] for f in letter.placeholders)}）"
                  if holes else "")
               + "。本文书只是模板，不是法律意见。" + colophon(list(letter.provisions)))
    return {
        "tables": [
            table("文书正文", ["部分", "内容"], rows),
            table("文书依据的条文", ["条文", "性质"], basis),
            table("待填写的内容", ["占位符", "对应的输入项"], holes),
        ],
        "summary": summary,
        "provisions": list(letter.provisions),
        "warnings": unique(warnings),
        "figure": None,
        "document": doc,
    }


CALCULATORS = {f"letter_{kind}": LetterCalculator(kind) for kind in letters.KINDS}


def calculator(name: str) -> LetterCalculator:
    return CALCULATORS[name]


# --- Command line: python -m overdue letter ------------------------------------------------

# option → (form field, how the value is given): "text", "append" (one line each), "fraction"
# (a rate as the engines take it, typed in the form as a percentage), "path" (a CSV file), "flag" (no value).
CLI_OPTIONS = {
    "--log": ("csv", "path", "联系记录 CSV 文件的路径（与 conduct 命令相同）"),
    "--borrower-reachable-until": ("borrower_reachable_until", "text", "您本人可以联系上的截止日期 YYYY-MM-DD"),
    "--name": ("name", "text", "您的姓名"),
    "--phone": ("phone", "text", "您的联系电话"),
    "--lender-name": ("lender_name", "text", "出借机构或平台的名称（联系您的机构）"),
    "--contract-no": ("contract_no", "text", "借款合同编号或账户"),
    "--letter-date": ("letter_date", "text", "发信日期 YYYY-MM-DD（诉讼时效按这一天判断）"),
    "--as-of": ("letter_date", "text", "同 --letter-date（与 limitation 命令的写法相同）"),
    "--channel": ("channel", "text", "stop_contact：sms | app | phone | mail；regulator：渠道 id"),
    "--hours-from": ("hours_from", "text", "可以联系的时段：从 HH:MM"),
    "--hours-to": ("hours_to", "text", "可以联系的时段：到 HH:MM"),
    "--relation": ("relation", "text", "spouse | relative | colleague | friend | other"),
    "--not-party": ("not_party", "flag", "您确认：没有签过这笔借款的合同，不是共同借款人，也没有提供保证（contact_own）"),
    "--office": ("office", "text", "收件的派出机构名称（regulator：12378、12363）"),
    "--borrower-name": ("borrower_name", "text", "对方所说的借款人姓名（contact_own）"),
    "--call-date": ("call_dates", "append", "对方联系您的日期，可重复（contact_own）"),
    "--recipient": ("recipient", "text", "credit-agency | information-provider（credit_objection）"),
    "--recipient-name": ("recipient_name", "text", "收件机构的名称（credit_objection）"),
    "--defect": ("defect", "text", "error | omission（credit_objection）"),
    "--record": ("record", "text", "有异议的信息"),
    "--correction": ("correction", "text", "正确的情况"),
    "--evidence": ("evidence", "text", "证明材料"),
    "--received-on": ("received_on", "text", "对方收到异议的日期 YYYY-MM-DD"),
    "--complaint-accepted-on": ("complaint_accepted_on", "text", "投诉被受理的日期 YYYY-MM-DD"),
    "--complained-on": ("complained_on", "text", "已向出借机构投诉的日期 YYYY-MM-DD（regulator）"),
    "--installment": ("installments", "append", "一期逾期欠款 DATE:AMOUNT，可重复"),
    "--payment": ("payments", "append", "已经还的钱 DATE:AMOUNT，可重复"),
    "--last-due": ("last_due", "text", "最后一期到期日 YYYY-MM-DD（没有 --installment 时）"),
    "--contact": ("contacts", "append", "催收联系（履行请求到达您）的日期，可重复"),
    "--demand": ("contacts", "append", "同 --contact"),
    "--daily-rate": ("rate", "fraction", "罚息日利率（小数），例如 0.0005"),
    "--lender": ("lender", "text", "private | bank | consumer-finance | small-loan"),
    "--contract-date": ("contract_date", "text", "借款合同成立日 YYYY-MM-DD"),
    "--notice-date": ("notice_date", "text", "收到债权转让通知的日期 YYYY-MM-DD"),
    "--assignment-notice": ("notice_date", "text", "同 --notice-date"),
    "--assignee-name": ("assignee_name", "text", "受让人的名称"),
    "--original-lender": ("original_lender", "text", "原债权人的名称"),
    "--start": ("start", "text", "第一笔还款日 YYYY-MM-DD（repayment）"),
    "--monthly": ("monthly", "text", "每月还款额（元）（repayment）"),
    "--order": ("order", "text", "561（默认）或 principal-first"),
}


def _dest(option: str) -> str:
    return option.lstrip("-").replace("-", "_")


def _cli_form(kind: str, args) -> dict:
    name = f"letter_{kind}"
    spec = {f["name"]: f for f in CALCULATORS[name].fields()}
    form: dict[str, str] = {}
    for option, (key, how, _) in CLI_OPTIONS.items():
        value = getattr(args, _dest(option))
        if value is None or value == [] or value is False:
            continue
        if key not in spec:
            raise InputError(option.lstrip("-"), f"文书 {kind} 不使用 {option}。", f"{kind} takes no {option}")
        if how == "append":
            form[key] = "\n".join(([form[key]] if key in form else []) + list(value))
        elif how == "flag":
            form[key] = "confirmed"
        elif how == "fraction":
            form[key] = format(parse_decimal(value, "daily_rate").scaleb(2).normalize(), "f")
        elif how == "path":
            path = Path(value)
            try:
                data = path.read_bytes()
            except OSError:
                raise InputError("csv", f"无法读取文件“{value}”。", f"cannot read {value!r}") from None
            form[key] = decode_upload(data, path.name)
        else:
            form[key] = value
    # On the command line nothing is taken from the worked example: a field not given is
    # blank (a detail then stays a placeholder), except a choice (its default; a relation: none).
    out = {}
    for key, f in spec.items():
        if key in form:
            out[key] = form[key]
        elif f["kind"] == "choice":
            out[key] = "" if key in ("relation", "not_party") else f["default"]
        else:
            out[key] = ""
    return out


def _run_cli(args) -> dict:
    from . import compute

    if args.list or not args.kind:
        if not args.list:
            raise InputError("kind", f"请给出文书种类：{'、'.join(letters.KINDS)}；或用 --list 列出。",
                             f"give a kind: {', '.join(letters.KINDS)}; or --list")
        return [{"kind": k, "calculator": f"letter_{k}", "title": TITLE_ZH[k], "calculator_title": CALC_TITLE_ZH[k]}
                for k in letters.KINDS]
    if args.kind not in letters.KINDS:
        raise InputError("kind", f"未知的文书种类“{args.kind}”。只能是：{'、'.join(letters.KINDS)}。",
                         f"unknown kind {args.kind!r}; one of {', '.join(letters.KINDS)}")
    out = compute(f"letter_{args.kind}", _cli_form(args.kind, args))
    if not out["ok"]:
        err = out["error"]
        raise InputError(err["field"], err["message_zh"], err["message_en"])
    doc = out["document"]
    if args.format == "text":
        try:
            sys.stdout.write(doc["text"])
            sys.stdout.flush()
        except BrokenPipeError:
            sys.stdout = None
        raise SystemExit(0)
    return {**doc, "warnings": out["warnings"]}


def register_cli(subparsers) -> None:
    p = subparsers.add_parser(
        "letter",
        help="文书模板：投诉函、停止联系通知、个人信息查阅申请、征信异议、致受让人函、还款方案等",
        description=("按您的输入和本书计算引擎的结果生成文书（JSON：kind、title、text、provisions、placeholders、"
                     "guards …）。--list 列出文书种类；--format text 只输出文书正文。没有填写的个人信息在文书中"
                     "显示为【…】占位符，不会被编造。"),
    )
    p.add_argument("kind", nargs="?", help="文书种类：" + " | ".join(letters.KINDS))
    p.add_argument("--list", action="store_true", help="列出文书种类（JSON）")
    p.add_argument("--format", choices=("json", "text"), default="json", help="json（默认）或 text（只输出文书正文）")
    for option, (_, how, help_zh) in CLI_OPTIONS.items():
        if how == "append":
            p.add_argument(option, action="append", default=[], dest=_dest(option), metavar="VALUE", help=help_zh)
        elif how == "flag":
            p.add_argument(option, action="store_true", dest=_dest(option), help=help_zh)
        else:
            p.add_argument(option, dest=_dest(option), metavar="VALUE", help=help_zh)
    p.set_defaults(run=_run_cli)
