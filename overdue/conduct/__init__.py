"""Collection-conduct checker: a borrower's contact log against the rules.

The reader keeps a log of calls, messages and visits (one row per contact);
this module checks each contact against the rules the book can source, and
says for every finding what kind of line it is: a statute (rated
违反法律规定) or a recommended national standard / industry self-regulation
(rated 不符合标准/自律规范). The rating follows the strength of the source; it
is not a verdict. Keyword checks only look at the words the reader wrote.

Input: a UTF-8 CSV file. Lines starting with ``#`` are comments. The header
may use the Chinese or the English column names:

===========================  ================  ========  =====================================
Chinese header               English header    Required  Values
===========================  ================  ========  =====================================
时间                         datetime          yes       ``YYYY-MM-DD HH:MM`` (local time)
渠道                         channel           yes       电话, 短信, APP推送, 即时通讯, 上门, 信函
联系对象                     contacted         yes       本人, 紧急联系人, 通讯录联系人,
                                                         单位/同事, 其他第三人
是否透露欠款                 debt_disclosed    yes       是/否; may be blank when 联系对象 is 本人
是否接通                     answered          calls     是/否; required for 电话 rows
号码                         number            no        the number dialled, or a tag for the
                                                         person (e.g. 同事A); used to count
                                                         attempts per number and to tell
                                                         third parties apart
是否要求停止                 stop_requested    no        是/否: the person contacted asked them
                                                         to stop contacting him or her
催收方                       sender            no        free text
摘要                         summary           no        free text; scanned for wording
===========================  ================  ========  =====================================

Categories may also be written in English (phone, sms, app_push, im, visit,
letter; self, emergency_contact, address_book_contact, workplace,
other_third_party; yes, no). Anything else is refused with the line number
and the column, never guessed.

Figures (quiet hours, daily limits) come from ``data/parameters.yaml``;
whether a rule was in force on a day comes from the parameter's dated values
or from the provision's ``effective`` date in ``data/provisions.yaml``.

The borrower (本人) counts as one person whatever the number; anyone else is
told apart by 联系对象 plus 号码 (a blank 号码 is one unnamed person of that
category), which matters for "contact after a stop request".

Assumptions, stated in the report's caveats: all contacts in one log concern
one debt, by one lender and the agencies it engaged; 紧急联系人 means the
emergency contact the borrower registered with the lender.
"""

from __future__ import annotations

import csv
import datetime as _dt
import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

from . import law, params
from .data import load_yaml
from .errors import InputError
from .kernel import parse_date

# --- Input vocabulary ----------------------------------------------------------


@dataclass(frozen=True)
class _Column:
    key: str
    zh: str
    aliases: tuple[str, ...] = ()
    required: bool = False


COLUMNS: tuple[_Column, ...] = (
    _Column("datetime", "时间", ("日期时间", "联系时间"), True),
    _Column("channel", "渠道", ("联系渠道",), True),
    _Column("contacted", "联系对象", ("对象",), True),
    _Column("debt_disclosed", "是否透露欠款", ("透露欠款",), True),
    _Column("answered", "是否接通", ("接通",)),
    _Column("number", "号码", ("号码或代号", "target")),
    _Column("stop_requested", "是否要求停止", ("要求停止",)),
    _Column("sender", "催收方", ("来电或发送方",)),
    _Column("summary", "摘要", ("内容摘要",)),
)
_COLUMN_BY_KEY = {c.key: c for c in COLUMNS}

CHANNELS = ("电话", "短信", "APP推送", "即时通讯", "上门", "信函")
_CHANNEL_EN = ("phone", "sms", "app_push", "im", "visit", "letter")

SELF = "本人"
EMERGENCY = "紧急联系人"
CONTACTED = (SELF, EMERGENCY, "通讯录联系人", "单位/同事", "其他第三人")
_CONTACTED_EN = ("self", "emergency_contact", "address_book_contact", "workplace", "other_third_party")

_YES = ("是", "yes")
_NO = ("否", "no")

PHONE = "电话"
# Letters: the time in the log is when the post arrived, not a time the
# collector chose, so the quiet-hours rule does not look at them.
_NOT_TIMED = ("信函",)
_DATETIME_RE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})[ T](\d{1,2}):(\d{2})(?::(\d{2}))?$")


@dataclass(frozen=True)
class Contact:
    """One row of the log."""

    when: _dt.datetime
    channel: str
    contacted: str
    debt_disclosed: bool | None = None  # None: blank (only allowed for 本人)
    answered: bool | None = None  # None: not a call, or not stated
    number: str = ""
    stop_requested: bool = False
    sender: str = ""
    summary: str = ""
    line: int = 0  # line in the CSV file; not part of any finding

    @property
    def day(self) -> _dt.date:
        return self.when.date()

    @property
    def third_party(self) -> bool:
        return self.contacted != SELF

    @property
    def person(self) -> tuple[str, str]:
        """Who was contacted: the borrower is one person; others by category and number/tag."""
        return (SELF, "") if self.contacted == SELF else (self.contacted, self.number)

    def sort_key(self) -> tuple:
        flag = {None: 0, False: 1, True: 2}
        return (
            self.when,
            CHANNELS.index(self.channel),
            CONTACTED.index(self.contacted),
            flag[self.debt_disclosed],
            flag[self.answered],
            self.number,
            self.stop_requested,
            self.sender,
            self.summary,
        )


# --- Reading the CSV -------------------------------------------------------------


def _bad(key: str, line: int, header: str, zh: str, en: str) -> InputError:
    return InputError(
        f"{key} (line {line})",
        f"第 {line} 行“{header}”列：{zh}",
        f"line {line}, column {key!r}: {en}",
    )


def _source_text(source) -> str:
    if isinstance(source, Path) or (isinstance(source, str) and "\n" not in source):
        path = Path(source)
        if not path.is_file():
            raise InputError("path", f"找不到联系记录文件：{path}", f"no such file: {path}")
        try:
            return path.read_bytes().decode("utf-8-sig")
        except UnicodeDecodeError as err:
            raise InputError(
                "path",
                f"文件 {path} 不是 UTF-8 编码（请用“UTF-8”另存为 CSV）。",
                f"{path} is not UTF-8 ({err.reason})",
            ) from None
    return str(source).removeprefix("\ufeff")


def _header_map(cells: list[str], line: int) -> list[str]:
    names = {}
    for col in COLUMNS:
        for name in (col.key, col.zh, *col.aliases):
            names[name.lower()] = col.key
    keys: list[str] = []
    for cell in cells:
        name = cell.strip()
        key = names.get(name.lower())
        if key is None:
            accepted = "、".join(f"{c.zh}（{c.key}）" for c in COLUMNS)
            raise InputError(
                f"header (line {line})",
                f"第 {line} 行表头的列名“{name}”无法识别。可用的列名：{accepted}。",
                f"line {line}: unknown column name {name!r}; accepted: "
                + ", ".join(c.key for c in COLUMNS),
            )
        if key in keys:
            raise InputError(
                f"{key} (line {line})",
                f"第 {line} 行表头中“{_COLUMN_BY_KEY[key].zh}”列（{key}）出现了两次。",
                f"line {line}: column {key!r} appears twice",
            )
        keys.append(key)
    for col in COLUMNS:
        if col.required and col.key not in keys:
            raise InputError(
                f"{col.key} (line {line})",
                f"第 {line} 行表头缺少“{col.zh}”列（{col.key}）。",
                f"line {line}: missing column {col.key!r} ({col.zh})",
            )
    return keys


def _category(value: str, allowed: tuple[str, ...], english: tuple[str, ...], key, line, header):
    text = value.strip()
    for canonical, en in zip(allowed, english):
        if text.lower() in (canonical.lower(), en):
            return canonical
    raise _bad(
        key,
        line,
        header,
        f"“{text}”不是可识别的类别。只能填写：{'、'.join(allowed)}。",
        f"unknown category {text!r}; allowed: {', '.join(allowed)} ({', '.join(english)})",
    )


def _yes_no(value: str, key, line, header) -> bool | None:
    text = value.strip().lower()
    if not text:
        return None
    if text in _YES:
        return True
    if text in _NO:
        return False
    raise _bad(
        key, line, header, f"“{value.strip()}”不是“是”或“否”。", f"expected 是/否 (yes/no), got {value.strip()!r}"
    )


def _datetime(value: str, key, line, header) -> _dt.datetime:
    text = value.strip()
    m = _DATETIME_RE.match(text)
    if not m:
        raise _bad(
            key,
            line,
            header,
            f"无法识别时间“{text}”。请写成 YYYY-MM-DD HH:MM，例如 2026-03-02 21:30。",
            f"cannot parse time {text!r}; use YYYY-MM-DD HH:MM, e.g. 2026-03-02 21:30",
        )
    try:
        return _dt.datetime(*(int(g) for g in m.groups() if g is not None))
    except ValueError:
        raise _bad(
            key, line, header, f"时间“{text}”不存在（请检查月、日、时、分）。", f"impossible time {text!r}"
        ) from None


def read_log(text_or_path) -> list[Contact]:
    """Parse a contact log: a path (``Path``, or a ``str`` without a newline) or CSV text.

    Contacts come back in file order, each with its line number.

    Bad input raises :class:`InputError` naming the line and the column.
    """
    text = _source_text(text_or_path)
    # Keep physical line numbers: comment lines become blank lines.
    lines = [
        "\n" if line.lstrip().startswith("#") else line
        for line in re.split(r"(?<=\n)", text)
        if line
    ]
    reader = csv.reader(lines)
    keys: list[str] | None = None
    headers: dict[str, str] = {}
    contacts: list[Contact] = []
    try:
        for cells in reader:
            line = reader.line_num
            if not any(c.strip() for c in cells):
                continue
            if keys is None:
                keys = _header_map(cells, line)
                headers = {k: c.strip() for k, c in zip(keys, cells)}
                continue
            if len(cells) > len(keys):
                raise InputError(
                    f"row (line {line})",
                    f"第 {line} 行有 {len(cells)} 列，多于表头的 {len(keys)} 列（含逗号的文字请加英文双引号）。",
                    f"line {line} has {len(cells)} cells but the header has {len(keys)}",
                )
            row = dict(zip(keys, cells + [""] * (len(keys) - len(cells))))
            contacts.append(_contact(row, line, headers))
    except csv.Error as err:
        raise InputError(
            f"row (line {reader.line_num})",
            f"第 {reader.line_num} 行不是有效的 CSV（{err}）。",
            f"line {reader.line_num}: invalid CSV ({err})",
        ) from None
    if keys is None:
        raise InputError("header", "联系记录中没有表头行。", "the log has no header row")
    return contacts


def _contact(row: dict, line: int, headers: dict) -> Contact:
    def h(key):
        return headers.get(key, _COLUMN_BY_KEY[key].zh)

    for key in ("datetime", "channel", "contacted"):
        if not row[key].strip():
            raise _bad(key, line, h(key), "不能为空。", "must not be blank")
    when = _datetime(row["datetime"], "datetime", line, h("datetime"))
    channel = _category(row["channel"], CHANNELS, _CHANNEL_EN, "channel", line, h("channel"))
    contacted = _category(row["contacted"], CONTACTED, _CONTACTED_EN, "contacted", line, h("contacted"))
    disclosed = _yes_no(row["debt_disclosed"], "debt_disclosed", line, h("debt_disclosed"))
    if disclosed is None and contacted != SELF:
        raise _bad(
            "debt_disclosed",
            line,
            h("debt_disclosed"),
            "联系的不是本人时，必须填写是否向对方透露了欠款（是/否）。",
            "required (yes/no) when the person contacted is not the borrower",
        )
    answered = None
    if "answered" in row:
        answered = _yes_no(row["answered"], "answered", line, h("answered"))
    if channel == PHONE and answered is None:
        raise _bad(
            "answered",
            line,
            h("answered"),
            "电话记录必须填写是否接通（是/否）：国标按“接通”次数计，银行业协会指引按未接通的“尝试拨打”次数计。",
            "required (yes/no) for phone calls",
        )
    stop = _yes_no(row.get("stop_requested", ""), "stop_requested", line, h("stop_requested"))
    return Contact(
        when=when,
        channel=channel,
        contacted=contacted,
        debt_disclosed=disclosed,
        answered=answered if channel == PHONE else None,
        number=row.get("number", "").strip(),
        stop_requested=bool(stop),
        sender=row.get("sender", "").strip(),
        summary=row.get("summary", "").strip(),
        line=line,
    )


# --- Rules -------------------------------------------------------------------------

BREACH_OF_LAW = "违反法律规定"
BELOW_STANDARD = "不符合标准/自律规范"

RULES = {
    "quiet-hours": "在夜间禁止时段内催收",
    "daily-connected-calls": "单日接通电话次数超限（按债务人合计的“拨通”次数）",
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
}
_RULE_ORDER = {r: i for i, r in enumerate(RULES)}

# Strongest first; the rating follows the strongest source of a finding.
_FORCE_ORDER = (
    "law",
    "judicial-interpretation",
    "regulation",
    "judicial-policy",
    "national-standard-recommended",
    "self-regulation",
    "convention",
    "unverified",
)
_LEGAL_FORCES = ("law", "judicial-interpretation", "regulation")

GBT = "gbt-45251-2025"
CBA = "cba-collection-2026"
PSAP = ("psap-2025-50", "psap-2012-42")  # the newest in force on the day applies
PRIVACY_LAW = ("civil-code-1032", "civil-code-1033", "civil-code-1038", "pipl-13", "pipl-25", "pipl-28", "pipl-29")
REPUTATION = "civil-code-1024"
PEACE = "civil-code-1033"
ILLEGAL_DEBT_CRIME = "criminal-law-293-1"

P_QUIET = ("collection_quiet_hours_gbt_45251", "collection_quiet_hours_cba_2026")
P_CONNECTED = "collection_daily_connected_calls_gbt_45251"
P_ATTEMPTS = "collection_daily_attempts_same_number_cba_2026"


@dataclass(frozen=True)
class Finding:
    when: _dt.datetime
    rule: str
    sources: tuple[str, ...]  # provision ids that ground the rating
    detail: str

    @property
    def force(self) -> str:
        return min((law.force(s) for s in self.sources), key=_FORCE_ORDER.index)

    @property
    def verified(self) -> bool:
        """False when every source of the finding is an unverified text."""
        return any(not law.is_unverified(s) for s in self.sources)

    @property
    def rating(self) -> str:
        return BREACH_OF_LAW if self.force in _LEGAL_FORCES else BELOW_STANDARD

    def sort_key(self) -> tuple:
        return (self.when, _RULE_ORDER[self.rule], self.sources, self.detail)

    def to_dict(self) -> dict:
        force_zh = law.FORCE_ZH[self.force]
        if not self.verified:
            force_zh += "；条文未能核实，据公开报道"
        return {
            "datetime": _fmt(self.when),
            "rule": self.rule,
            "rule_zh": RULES[self.rule],
            "source": [law.cite(s) for s in self.sources],
            "source_ids": list(self.sources),
            "force": self.force,
            "force_zh": force_zh,
            "verified": self.verified,
            "rating": self.rating,
            "detail": self.detail,
        }


@dataclass(frozen=True)
class Note:
    """Something worth recording that no sourced rule rates."""

    when: _dt.datetime
    rule: str
    detail: str

    def to_dict(self) -> dict:
        return {"datetime": _fmt(self.when), "rule": self.rule, "rule_zh": RULES[self.rule], "detail": self.detail}


def _fmt(when: _dt.datetime) -> str:
    return when.strftime("%Y-%m-%d %H:%M:%S" if when.second else "%Y-%m-%d %H:%M")


def _hm(when: _dt.datetime) -> str:
    return when.strftime("%H:%M")


def _in_force(pid: str, day: _dt.date) -> bool:
    effective = law.provision(pid).get("effective")
    return effective is not None and _dt.date.fromisoformat(str(effective)) <= day


def _psap(day: _dt.date) -> str | None:
    live = [p for p in PSAP if _in_force(p, day)]
    return max(live, key=lambda p: str(law.provision(p)["effective"])) if live else None


def _param(name: str, day: _dt.date):
    """The parameter's Value on ``day``, or None if the rule was not yet in force."""
    try:
        return params.value_on(name, day)
    except InputError:
        return None


def _clock(text: str) -> _dt.time:
    return _dt.time.fromisoformat(str(text))


def _in_window(t: _dt.time, window: dict) -> bool:
    start, end = _clock(window["start"]), _clock(window["end"])
    if start <= end:
        return start <= t < end
    return t >= start or t < end


def _unverified_note(sources) -> str:
    if all(law.is_unverified(s) for s in sources):
        return "本条依据的规范原文未能读到，上述内容据公开报道转述，条款号未核实。"
    return ""


def _join(*parts: str) -> str:
    return "".join(p for p in parts if p)


_CBA_REPORTED = "据报道，中国银行业协会《金融机构个人消费类贷款催收工作指引（试行）》（行业自律规范，非法律）"


def _illegal_debt_limit() -> str:
    return (
        f"另：{law.cite(ILLEGAL_DEBT_CRIME)}（催收非法债务罪）只适用于催收高利放贷等产生的非法债务、且情节严重的情形；"
        "催收合法借贷的欠款不适用该罪名，本工具也不据此评级。"
    )


_WORDING_CAVEAT = "（本工具只对“摘要”做字面匹配，请以录音、截图、短信原文核实。）"


def _who(c: Contact) -> str:
    return c.contacted + (f"（{c.number}）" if c.number and c.third_party else "")


def _quiet_hours(c: Contact) -> Finding | None:
    if c.channel in _NOT_TIMED:
        return None
    hits = []
    for name in P_QUIET:
        value = _param(name, c.day)
        if value is not None and _in_window(c.when.time(), value.value):
            hits.append((name, value))
    if not hits:
        return None
    sources = tuple(sorted({r for _, v in hits for r in v.reference}, key=_source_order))
    windows = sorted({f"{v.value['start']} 至次日 {v.value['end']}" for _, v in hits})
    names = "、".join(
        f"{law.cite(s)}（{law.FORCE_ZH[law.force(s)].replace('（', '，').rstrip('）')}）" for s in sources
    )
    detail = _join(
        f"{_hm(c.when)} 通过{c.channel}联系{_who(c)}，落在{names}所说不应（或严禁）催收的时段（{'；'.join(windows)}）内。",
        "据报道，这一时段限制只适用于双方未约定催收时间、或未经债务人同意的情形；上述规范本身都不是法律。",
        _unverified_note(sources),
    )
    return Finding(c.when, "quiet-hours", sources, detail)


def _source_order(pid: str) -> tuple:
    key, _ = law.split_id(pid)
    return (law.laws()[key].get("order", 99), pid)


def _third_party_sources(day: _dt.date) -> tuple[str, ...]:
    return tuple(s for s in (GBT, CBA) if _in_force(s, day))


def _reachability(c: Contact, until: _dt.date | None) -> str:
    if until is None:
        return "如当时您本人并未失联，就不属于可以联系第三人的例外情形。"
    if c.day <= until:
        return f"您说明自己到 {until.isoformat()} 为止都可以联系上，因此这次联系不属于“债务人失联”的例外情形。"
    return (
        f"您说明自己在 {until.isoformat()} 之后可能联系不上；如当时确属失联，对方为获取您的联系方式或请您回电而联系第三人，"
        "可能属于指引允许的例外，但仍不得透露具体债务信息。"
    )


def _third_party_contact(c: Contact, until) -> Finding | None:
    if not c.third_party or c.contacted == EMERGENCY:
        return None
    sources = _third_party_sources(c.day)
    if not sources:
        return None
    parts = [f"通过{c.channel}联系了{_who(c)}，此人既不是您本人，也不是您登记的紧急联系人。"]
    if GBT in sources:
        parts.append(f"据公开报道，{law.cite(GBT)}（推荐性国家标准）要求“只向债务人催收，不应向联系人催收”。")
    if CBA in sources:
        parts.append(
            f"{_CBA_REPORTED}原则上严禁对债务无关第三人催收，仅在债务人本人失联时，方可联系无关第三人以获取债务人联系方式或请求转告，"
            "且严禁透露具体债务信息。"
        )
        parts.append(_reachability(c, until))
    parts.append("如此人是与债务有关的第三人（例如借款用于共同家庭生活的配偶），情况不同。")
    parts.append(_unverified_note(sources))
    return Finding(c.when, "third-party-contact", sources, _join(*parts))


def _emergency_while_reachable(c: Contact, until) -> Finding | None:
    if c.contacted != EMERGENCY or until is None or c.day > until:
        return None
    sources = _third_party_sources(c.day)
    if not sources:
        return None
    parts = [
        f"通过{c.channel}联系了您的紧急联系人{('（' + c.number + '）') if c.number else ''}；"
        f"您说明自己到 {until.isoformat()} 为止都可以联系上。"
    ]
    if GBT in sources:
        parts.append(
            f"据公开报道，{law.cite(GBT)}要求“只向债务人催收，不应向联系人催收”"
            "（有商业网站称紧急联系人只能在债务人失联等情形下联系，该说法未能核实）。"
        )
    if CBA in sources:
        parts.append(
            f"{_CBA_REPORTED}只允许在债务人本人失联时联系债务无关第三人，以获取联系方式或请求转告；紧急联系人通常与债务无关。"
        )
    parts.append(_unverified_note(sources))
    return Finding(c.when, "emergency-contact-while-reachable", sources, _join(*parts))


def _debt_disclosure(c: Contact) -> Finding | None:
    if not c.third_party or not c.debt_disclosed:
        return None
    laws_ = tuple(p for p in PRIVACY_LAW if _in_force(p, c.day))
    sources = laws_ + ((CBA,) if _in_force(CBA, c.day) else ())
    if not sources:
        return None
    parts = [f"据您记录，对方通过{c.channel}向{_who(c)}透露了您的欠款情况。"]
    if laws_:
        cc, pi = law.cite("civil-code-1032"), law.cite("pipl-13")
        parts.append(
            "欠款信息是您的个人信息，通常也是不愿为他人知晓的私密信息。未经您同意告诉他人，可能侵害您的隐私权和个人信息权益"
            f"（{cc}、{law.cite('civil-code-1033')}第（五）项、{law.cite('civil-code-1038')}第一款）；"
            f"处理个人信息须有{pi}所列的合法依据，向第三人告知欠款通常难以认为是履行借款合同所必需；"
            f"如欠款、账户信息被认定为敏感个人信息（{law.cite('pipl-28')}所列“金融账户”），还须取得您的单独同意（{law.cite('pipl-29')}）；"
            f"向不特定的人公开的，还涉及{law.cite('pipl-25')}。"
            "是否构成违法，取决于您是否曾同意、对方身份、透露的范围和方式等事实，最终由监管部门或法院认定。"
        )
    if CBA in sources:
        parts.append(f"{_CBA_REPORTED}也严禁向无关第三人透露具体债务信息。")
    parts.append(_unverified_note(sources))
    return Finding(c.when, "debt-disclosure", sources, _join(*parts))


# Wording in the summary. Plain regular expressions over the reader's text; a
# match right after a negation (未, 没有, 无, 不, …) is ignored.
KEYWORDS = {
    "threat-safety": (
        r"弄死", r"打死", r"砍死", r"砍你", r"杀了你", r"杀你", r"打断.{0,3}腿", r"卸.{0,2}(胳膊|腿)",
        r"找人收拾", r"收拾你", r"小心.{0,2}(你|您)的?(家人|孩子|父母|安全)", r"人身安全", r"见血", r"放火",
        r"泼(油漆|粪)", r"上门打",
    ),
    "intimidation": (r"威胁", r"恐吓", r"吓唬", r"后果自负", r"让你好看", r"走着瞧", r"对你不客气"),
    "insult": (
        r"辱骂", r"侮辱", r"骂", r"老赖", r"骗子", r"畜生", r"废物", r"去死", r"不要脸", r"人渣", r"王八蛋",
        r"狗东西",
    ),
    "impersonation": (
        r"冒充", r"假冒", r"自称.{0,8}?(警察|公安|民警|警官|法院|法官|检察|执行局)", r"公检法", r"逮捕", r"坐牢",
        r"抓你", r"抓人", r"判刑", r"刑事立案", r"通缉", r"拘留",
    ),
    "exposure-threat": (
        r"爆.{0,3}通讯录", r"曝光", r"社死", r"发到.{0,4}群", r"群发", r"挂(到|在)网上", r"发朋友圈",
        r"(告诉|通知|打给|打遍|发给).{0,4}(所有|全部).{0,4}(联系人|通讯录|亲友|朋友|同事|家人)",
        r"(通知|告诉).{0,2}(你|您)的?(单位|公司|领导)",
    ),
}
_KEYWORD_RE = {rule: tuple(re.compile(p) for p in pats) for rule, pats in KEYWORDS.items()}
_NEGATIONS = ("未", "没", "没有", "无", "不", "不会", "不能", "无权", "并未", "并非", "不是", "非")


def match_wording(text: str, rule: str) -> list[str]:
    """The words of ``text`` that match the keyword list of ``rule``, in order, without negated ones."""
    spans, negated = [], []
    for rx in _KEYWORD_RE[rule]:
        for m in rx.finditer(text):
            if any(text[: m.start()].endswith(n) for n in _NEGATIONS):
                negated.append((m.start(), m.end()))
            else:
                spans.append((m.start(), -(m.end() - m.start()), m.end(), m.group(0)))
    # A match inside a negated one (骂 in 没有辱骂) is negated too.
    spans = [s for s in spans if not any(a < s[2] and s[0] < b for a, b in negated)]
    out, end = [], -1
    for start, _, stop, word in sorted(spans):
        if start >= end:  # overlapping matches: the earliest, longest one wins
            out.append(word)
            end = stop
    return out


def _quote(words) -> str:
    return "、".join(f"“{w}”" for w in words)


def _wording(c: Contact) -> tuple[list[Finding], list[Note]]:
    findings: list[Finding] = []
    notes: list[Note] = []
    if not c.summary:
        return findings, notes
    psap = _psap(c.day)
    cba = (CBA,) if _in_force(CBA, c.day) else ()
    psap_cite = law.cite(psap) if psap else "《治安管理处罚法》"
    par = "第一款" if psap == "psap-2025-50" else ""  # the 2012 article has one paragraph
    cba_line = f"{_CBA_REPORTED}禁止恐吓、辱骂、威胁、冒用行政机关和司法机关名义、散布隐私等催收行为。" if cba else ""

    hits = {rule: match_wording(c.summary, rule) for rule in KEYWORDS}
    if hits["threat-safety"]:
        hits["intimidation"] = []  # covered by the stronger finding

    def add(rule, sources, *parts):
        if sources:
            findings.append(Finding(c.when, rule, tuple(sources), _join(*parts, _unverified_note(sources))))
        else:
            notes.append(
                Note(c.when, rule, _join(*parts, "该日期没有本书收录、可据以评级的规范，故只作记录，不评级。"))
            )

    lead = f"{_hm(c.when)} 与{_who(c)}的{c.channel}联系，摘要中出现"
    if words := hits["threat-safety"]:
        add(
            "threat-safety",
            ((psap,) if psap else ()) + cba,
            f"{lead}{_quote(words)}{_WORDING_CAVEAT}",
            f"以威胁人身安全的方式催收，如属实，可能构成{psap_cite}{par}第（一）项“以其他方法威胁他人人身安全”的违反治安管理行为，"
            "由公安机关认定；多次发送恐吓信息、干扰正常生活的，还可能涉及同条第（五）项。" if psap else "",
            cba_line,
            _illegal_debt_limit(),
        )
    if words := hits["intimidation"]:
        add(
            "intimidation",
            cba,
            f"{lead}{_quote(words)}{_WORDING_CAVEAT}",
            cba_line,
            f"如威胁的是您或家人的人身安全，可能构成{psap_cite}{par}第（一）项；多次发送恐吓信息、干扰正常生活的，"
            "可能构成同条第（五）项（由公安机关认定）。",
            _illegal_debt_limit(),
        )
    if words := hits["insult"]:
        if c.third_party:
            add(
                "insult",
                (REPUTATION,) + cba,
                f"{lead}{_quote(words)}{_WORDING_CAVEAT}",
                f"当着第三人侮辱、贬损您，可能以侮辱方式侵害您的名誉权（{law.cite(REPUTATION)}）；"
                f"公然侮辱他人的，还可能构成{psap_cite}{par}第（二）项（由公安机关认定）。",
                cba_line,
            )
        else:
            add(
                "insult",
                cba,
                f"{lead}{_quote(words)}{_WORDING_CAVEAT}",
                cba_line,
                f"只对您本人说的侮辱，是否侵害名誉权（{law.cite(REPUTATION)}）取决于是否让他人知晓；"
                f"公然侮辱，或多次发送侮辱信息、干扰正常生活的，可能构成{psap_cite}{par}第（二）项或第（五）项（由公安机关认定）。",
            )
    if words := hits["impersonation"]:
        add(
            "impersonation",
            cba,
            f"{lead}{_quote(words)}{_WORDING_CAVEAT}",
            cba_line,
            "催收人员无权拘留、逮捕或判刑；立案和强制措施只能由公安、司法机关依法决定。"
            "冒充国家机关工作人员的，还可能承担其他法律责任（本书未收录相关条文）。",
        )
    if words := hits["exposure-threat"]:
        add(
            "exposure-threat",
            cba,
            f"{lead}{_quote(words)}{_WORDING_CAVEAT}",
            "扬言向您的通讯录联系人、单位等公开欠款，是以散布隐私相要挟。",
            cba_line,
            "如对方确实向他人透露了欠款，见“向第三人透露欠款”一项；"
            f"散布他人隐私的，可能构成{psap_cite}{par}第（六）项；多次发送此类恐吓信息、干扰正常生活的，可能构成同条第（五）项。",
            _illegal_debt_limit(),
        )
    return findings, notes


def _after_stop(contacts: list[Contact]) -> tuple[list[Finding], list[Note], set[int]]:
    """Contacts to a person after that person asked them to stop (strictly later in time)."""
    findings: list[Finding] = []
    notes: list[Note] = []
    after: set[int] = set()  # indexes into contacts
    first_stop: dict[tuple, Contact] = {}
    for c in contacts:
        if c.stop_requested and c.person not in first_stop:
            first_stop[c.person] = c
    for person, stop in first_stop.items():
        later = [(i, c) for i, c in enumerate(contacts) if c.person == person and c.when > stop.when]
        after.update(i for i, _ in later)
        if not later:
            continue
        if person[0] == SELF:
            times = "、".join(_fmt(c.when) for _, c in later)
            notes.append(
                Note(
                    stop.when,
                    "contact-after-stop",
                    f"您本人于 {_fmt(stop.when)} 要求对方停止联系，此后对方又联系您 {len(later)} 次（{times}）。"
                    "债权人向债务人本人催收本身是其权利，本书收录的规范没有把“本人要求停止后继续联系”单独列为违规，故不评级；"
                    + _harassment(later[-1][1].day)
                    + "请保留记录。",
                )
            )
            continue
        for _, c in later:
            sources = (CBA,) if _in_force(CBA, c.day) else ()
            text = _join(
                f"{_who(stop)}已于 {_fmt(stop.when)} 明确要求不要再联系，此后对方仍于 {_hm(c.when)} 通过{c.channel}联系此人。",
                f"{_CBA_REPORTED}要求：无关第三人明确要求不得联系的，须停止后续联系。" if sources else "",
                f"此人不是债务人；在其明确拒绝后继续以电话、短信等方式联系，还可能构成侵扰他人私人生活安宁（{law.cite(PEACE)}第（一）项），"
                "是否构成取决于联系的方式和频率。",
            )
            if sources:
                findings.append(Finding(c.when, "contact-after-stop", sources, text + _unverified_note(sources)))
            else:
                notes.append(Note(c.when, "contact-after-stop", text + "该日期没有本书收录、可据以评级的规范，故只作记录，不评级。"))
    return findings, notes, after


def _harassment(day: _dt.date) -> str:
    psap = _psap(day)
    if psap == "psap-2025-50":
        return f"但反复滋扰、纠缠，干扰您正常生活的，可能构成{law.cite(psap)}第一款第（五）项（由公安机关认定）；"
    if psap:
        return f"但多次发送侮辱、恐吓等信息，干扰您正常生活的，可能构成{law.cite(psap)}第（五）项（由公安机关认定）；"
    return ""


def _daily_counts(contacts: list[Contact]) -> tuple[list[Finding], list[Note]]:
    findings: list[Finding] = []
    notes: list[Note] = []
    calls = defaultdict(list)
    for c in contacts:
        if c.channel == PHONE and c.contacted == SELF:
            calls[c.day].append(c)
    for day, day_calls in sorted(calls.items()):
        connected = [c for c in day_calls if c.answered]
        limit = _param(P_CONNECTED, day)
        if limit is not None and len(connected) > limit.value:
            over = connected[limit.value]
            sources = tuple(limit.reference)
            findings.append(
                Finding(
                    over.when,
                    "daily-connected-calls",
                    sources,
                    _join(
                        f"{day.isoformat()} 当天打给您本人的电话接通了 {len(connected)} 次"
                        f"（{'、'.join(_hm(c.when) for c in connected)}），从 {_hm(over.when)} 这一次起超过了"
                        f"据报道 {law.cite(GBT)} 所说的每日合计不应超过 {limit.value} 次。",
                        "该标准计的是“拨通”的电话，按债务人合计（同一机构与其委托的催收机构合并计算），"
                        "据报道针对“以语音形式进行告知式催收”；它是推荐性国家标准，本身不是法律。",
                        _unverified_note(sources),
                    ),
                )
            )
        cap = _param(P_ATTEMPTS, day)
        if cap is None:
            continue
        unanswered = [c for c in day_calls if c.answered is False]
        by_number = defaultdict(list)
        for c in unanswered:
            by_number[c.number].append(c)
        for number, tries in sorted(by_number.items()):
            if not number:
                notes.append(
                    Note(
                        tries[0].when,
                        "daily-attempts-same-number",
                        f"{day.isoformat()} 有 {len(tries)} 次未接通的来电没有填写号码，无法判断是否打的是同一号码，"
                        "未计入“同一号码尝试拨打次数”。",
                    )
                )
                continue
            if len(tries) > cap.value:
                over = tries[cap.value]
                sources = tuple(cap.reference)
                findings.append(
                    Finding(
                        over.when,
                        "daily-attempts-same-number",
                        sources,
                        _join(
                            f"{day.isoformat()} 对您的号码 {number} 拨打未接通 {len(tries)} 次"
                            f"（{'、'.join(_hm(c.when) for c in tries)}），从 {_hm(over.when)} 这一次起，超过了"
                            f"{law.cite(CBA)}（行业自律规范，非法律）据报道所说的“当天不宜超过 {cap.value} 次”。",
                            "该指引计的是债务人电话未接通时对同一联系方式的“尝试拨打”次数（本工具只计未接通的呼叫），"
                            "与国标按债务人合计的“拨通”次数不是同一口径；与债务人另有约定的除外。",
                            _unverified_note(sources),
                        ),
                    )
                )
    return findings, notes


# --- The report --------------------------------------------------------------------


@dataclass
class ConductReport:
    contacts: list[Contact]
    findings: list[Finding]
    notes: list[Note]
    per_day: list[dict]
    summary: str
    channels: list[dict]
    caveats: list[str]
    borrower_reachable_until: _dt.date | None = None

    def to_dict(self) -> dict:
        return {
            "findings": [f.to_dict() for f in self.findings],
            "per_day": self.per_day,
            "summary": self.summary,
            "notes": [n.to_dict() for n in self.notes],
            "channels": self.channels,
            "caveats": self.caveats,
            "borrower_reachable_until": (
                self.borrower_reachable_until.isoformat() if self.borrower_reachable_until else None
            ),
            "contacts": len(self.contacts),
        }

    def findings_frame(self):
        """The findings as a pandas DataFrame with Chinese column names."""
        import pandas as pd

        rows = [
            {
                "时间": f["datetime"],
                "问题": f["rule_zh"],
                "依据": "；".join(f["source"]),
                "效力": f["force_zh"],
                "评级": f["rating"],
                "说明": f["detail"],
            }
            for f in (x.to_dict() for x in self.findings)
        ]
        return pd.DataFrame(rows, columns=["时间", "问题", "依据", "效力", "评级", "说明"])

    def per_day_frame(self):
        """The per-day counts as a pandas DataFrame with Chinese column names."""
        import pandas as pd

        rows = [{zh: d[key] for key, zh in PER_DAY_COLUMNS_ZH.items()} for d in self.per_day]
        return pd.DataFrame(rows, columns=list(PER_DAY_COLUMNS_ZH.values()))


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
    "findings": "问题数",
}


def complaint_channels() -> list[dict]:
    """Where to complain, from ``data/complaint_channels.yaml``, in the file's order."""
    return [dict(c) for c in sorted(load_yaml("complaint_channels.yaml"), key=lambda c: c["order"])]


def check(contacts, borrower_reachable_until: _dt.date | str | None = None) -> ConductReport:
    """Check a contact log (a list of :class:`Contact`) against the rules."""
    until = None
    if borrower_reachable_until is not None:
        until = parse_date(borrower_reachable_until, "borrower_reachable_until")
    contacts = sorted(contacts, key=Contact.sort_key)

    findings: list[Finding] = []
    notes: list[Note] = []
    quiet: set[int] = set()
    for i, c in enumerate(contacts):
        q = _quiet_hours(c)
        if q:
            quiet.add(i)
        for f in (q, _third_party_contact(c, until), _emergency_while_reachable(c, until), _debt_disclosure(c)):
            if f:
                findings.append(f)
        fs, ns = _wording(c)
        findings += fs
        notes += ns
    fs, ns = _daily_counts(contacts)
    findings += fs
    notes += ns
    fs, ns, after = _after_stop(contacts)
    findings += fs
    notes += ns

    findings = sorted(set(findings), key=Finding.sort_key)
    notes = sorted(set(notes), key=lambda n: (n.when, _RULE_ORDER[n.rule], n.detail))
    per_day = _per_day(contacts, findings, quiet, after)
    channels = complaint_channels()
    ruled = {f.rule for f in findings} | {n.rule for n in notes}
    for ch in channels:
        ch["relevant"] = bool(ruled & set(ch.get("use_for", ())))
    return ConductReport(
        contacts=contacts,
        findings=findings,
        notes=notes,
        per_day=per_day,
        summary=_summary(contacts, per_day, findings),
        channels=channels,
        caveats=_caveats(contacts, findings, until),
        borrower_reachable_until=until,
    )


def _per_day(contacts, findings, quiet: set[int], after: set[int]) -> list[dict]:
    days = sorted({c.day for c in contacts})
    out = []
    for day in days:
        idx = [i for i, c in enumerate(contacts) if c.day == day]
        cs = [contacts[i] for i in idx]
        by_channel = Counter(c.channel for c in cs)
        by_contacted = Counter(c.contacted for c in cs)
        own_calls = [c for c in cs if c.channel == PHONE and c.contacted == SELF]
        unanswered = Counter(c.number for c in own_calls if c.answered is False)
        day_findings = [f for f in findings if f.when.date() == day]
        out.append(
            {
                "date": day.isoformat(),
                "contacts": len(cs),
                "by_channel": {k: by_channel[k] for k in CHANNELS if by_channel[k]},
                "by_contacted": {k: by_contacted[k] for k in CONTACTED if by_contacted[k]},
                "calls_to_borrower_connected": sum(1 for c in own_calls if c.answered),
                "calls_to_borrower_unanswered": sum(1 for c in own_calls if c.answered is False),
                "unanswered_by_number": {(k or "未填号码"): unanswered[k] for k in sorted(unanswered)},
                "max_unanswered_same_number": max((n for k, n in unanswered.items() if k), default=0),
                "quiet_hours_contacts": sum(1 for i in idx if i in quiet),
                "third_party_contacts": sum(1 for c in cs if c.third_party),
                "debt_disclosed_to_third_party": sum(1 for c in cs if c.third_party and c.debt_disclosed),
                "contacts_after_stop_request": sum(1 for i in idx if i in after),
                "findings": len(day_findings),
                "findings_by_rule": {
                    r: n for r in RULES if (n := sum(1 for f in day_findings if f.rule == r))
                },
            }
        )
    return out


def _quiet_windows(contacts) -> list[str]:
    windows = set()
    for c in contacts:
        for name in P_QUIET:
            v = _param(name, c.day)
            if v is not None:
                windows.add(f"{v.value['start']} 至次日 {v.value['end']}")
    return sorted(windows)


def _summary(contacts, per_day, findings) -> str:
    """A factual summary in Chinese: dates and counts from the log only."""
    if not contacts:
        return "联系记录为空。"
    windows = _quiet_windows(contacts)
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
            who = "、".join(f"{k} {n} 次" for k, n in d["by_contacted"].items() if k != SELF)
            extra.append(f"联系本人以外的人 {d['third_party_contacts']} 次（{who}）")
        if d["debt_disclosed_to_third_party"]:
            extra.append(f"向本人以外的人提到欠款 {d['debt_disclosed_to_third_party']} 次")
        if d["contacts_after_stop_request"]:
            extra.append(f"在被明确要求停止联系后仍联系 {d['contacts_after_stop_request']} 次")
        lines.append(text + ("；" + "；".join(extra) if extra else "") + "。")
    worded = sorted(
        {f.when for f in findings if f.rule in ("threat-safety", "intimidation", "insult", "impersonation", "exposure-threat")}
    )
    if worded:
        lines.append(
            "记录摘要中含有威胁、恐吓、辱骂、冒充公检法或扬言公开欠款字样的联系 "
            f"{len(worded)} 次：{'、'.join(_fmt(w) for w in worded)}（具体内容以录音、截图为准）。"
        )
    return "\n".join(lines)


def _caveats(contacts, findings, until) -> list[str]:
    out = [
        "评级只说明依据的强弱：“违反法律规定”表示依据是法律（具体是否违法取决于事实，最终由监管部门、公安机关或法院认定）；"
        "“不符合标准/自律规范”表示依据是推荐性国家标准或行业自律规范，它们本身不具有法律强制力。",
        "本工具假定记录中的联系都针对同一笔债务，来自同一债权机构及其委托的催收机构；“紧急联系人”指您借款时登记的紧急联系人。",
        "言辞类检查只对“摘要”列做字面匹配，可能漏报或误报，请以录音、截图、短信原文为准。",
    ]
    if any(not f.verified for f in findings):
        out.append(
            f"{law.cite(GBT)} 和中国银行业协会 2026 年指引的条文未能读到原文，本工具使用的时段和次数据公开报道转述，条款号未核实；"
            "中国互联网金融协会 2018 年自律公约的条文同样未能核实，本工具不引用。"
        )
    if until is None and any(c.contacted == EMERGENCY for c in contacts):
        out.append(
            "未提供 --borrower-reachable-until（您本人可以联系上的截止日期），因此没有检查“本人可以联系上时联系紧急联系人”。"
        )
    return out
