"""The contact-log reader: a borrower's CSV log of calls, messages and visits → :class:`Contact` rows.

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
other_third_party; yes, no). Anything else is refused with a bilingual
:class:`~overdue.errors.InputError` naming the line and the column, never guessed.

The domain of a log (the calculators' input domain, :mod:`overdue.kernel`): at most
:data:`~overdue.kernel.MAX_LOG_CONTACTS` contacts and
:data:`~overdue.kernel.MAX_LOG_BYTES` bytes; every time on a day of
:func:`~overdue.kernel.loan_dates` (full-width digits are read as ASCII); columns
separated by ASCII commas (a log separated by semicolons, tabs or full-width
commas is refused with a message that says so). Blank lines, a UTF-8 byte-order
mark and Windows line ends are accepted.

The category values (电话, 本人, …) are the log's vocabulary, not prose: a
:class:`Contact` carries them as read, and the rules compare against them.

The borrower (本人) counts as one person whatever the number; anyone else is
told apart by 联系对象 plus 号码 (a blank 号码 is one unnamed person of that
category), which matters for "contact after a stop request".

Who collects (:attr:`Contact.party`): the lender and the agencies it engaged
(:data:`LENDER`), unless the 催收方 text says the caller bought or was assigned the
debt (the ``assignee`` terms of ``data/conduct_lexicon.yaml``: :data:`ASSIGNEE`), a
party distinct from the lender. The rules that count per collector count per party.
"""

from __future__ import annotations

import csv
import datetime as _dt
import re
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import InputError
from ..kernel import MAX_LOG_BYTES, MAX_LOG_CONTACTS, ascii_digits, loan_dates
from .wording import is_party

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

# Who collects: codes, not prose (the words are in overdue.present.conduct).
LENDER = "lender"  # the lender and the agencies it engaged
ASSIGNEE = "assignee"  # a caller who says it bought or was assigned the debt
PARTIES = (LENDER, ASSIGNEE)

PHONE = "电话"
# Letters: the time in the log is when the post arrived, not a time the
# collector chose, so the quiet-hours rules do not look at them.
NOT_TIMED = ("信函",)
_DATETIME_RE = re.compile(r"^([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})[ T]([0-9]{1,2}):([0-9]{2})(?::([0-9]{2}))?$")


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
    # The line in the CSV file: for error messages only. It takes no part in
    # equality, so a finding does not depend on the order of the rows.
    line: int = field(default=0, compare=False)

    @property
    def day(self) -> _dt.date:
        return self.when.date()

    @property
    def third_party(self) -> bool:
        return self.contacted != SELF

    @property
    def party(self) -> str:
        """Who collects: :data:`ASSIGNEE` if the 催收方 text says so, else :data:`LENDER`."""
        return ASSIGNEE if is_party(self.sender, ASSIGNEE) else LENDER

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

    def to_dict(self) -> dict:
        """The contact as the log recorded it (without the line number)."""
        return {
            "datetime": format_when(self.when),
            "channel": self.channel,
            "contacted": self.contacted,
            "debt_disclosed": self.debt_disclosed,
            "answered": self.answered,
            "number": self.number,
            "stop_requested": self.stop_requested,
            "sender": self.sender,
            "summary": self.summary,
        }


def format_when(when: _dt.datetime) -> str:
    """``YYYY-MM-DD HH:MM`` (with ``:SS`` only when the log gave seconds): the log's own notation."""
    return when.strftime("%Y-%m-%d %H:%M:%S" if when.second else "%Y-%m-%d %H:%M")


# --- Reading the CSV -------------------------------------------------------------


def _bad(key: str, line: int, header: str, zh: str, en: str) -> InputError:
    return InputError(
        f"{key} (line {line})",
        f"第 {line} 行“{header}”列：{zh}",
        f"line {line}, column {key!r}: {en}",
    )


def _too_big(field: str, size: int) -> InputError:
    return InputError(
        field,
        f"联系记录太大（{size} 字节）：最多 {MAX_LOG_BYTES} 字节、{MAX_LOG_CONTACTS} 条联系。请分成几份分别检查。",
        f"the contact log is too large ({size} bytes; at most {MAX_LOG_BYTES} bytes, {MAX_LOG_CONTACTS} contacts)",
    )


def _source_text(source) -> str:
    if isinstance(source, Path) or (isinstance(source, str) and "\n" not in source):
        try:
            path = Path(source)
            if not path.is_file():
                raise InputError("path", f"找不到联系记录文件：{path}", f"no such file: {path}")
            size = path.stat().st_size
            if size > MAX_LOG_BYTES:
                raise _too_big("path", size)
            data = path.read_bytes()
        except (OSError, ValueError) as err:  # unreadable, or a name the system refuses
            if isinstance(err, InputError):
                raise
            raise InputError("path", f"无法读取联系记录文件：{source}（{type(err).__name__}）。",
                             f"cannot read {source} ({err})") from None
        try:
            return data.decode("utf-8-sig")
        except UnicodeDecodeError as err:
            raise InputError(
                "path",
                f"文件 {path} 不是 UTF-8 编码（请用“UTF-8”另存为 CSV）。",
                f"{path} is not UTF-8 ({err.reason})",
            ) from None
    text = str(source)
    if len(text) > MAX_LOG_BYTES or len(text.encode("utf-8", "surrogatepass")) > MAX_LOG_BYTES:
        raise _too_big("header", len(text.encode("utf-8", "surrogatepass")))
    return text.removeprefix("\ufeff")


def _header_map(cells: list[str], line: int) -> list[str]:
    names = {}
    for col in COLUMNS:
        for name in (col.key, col.zh, *col.aliases):
            names[name.lower()] = col.key
    keys: list[str] = []
    for cell in cells:
        name = cell.strip()
        key = names.get(name.lower())
        if key is None and len(cells) == 1 and any(sep in name for sep in (";", "\t", "，", "；")):
            raise InputError(
                f"header (line {line})",
                f"第 {line} 行表头只有一列：各列要用英文逗号（,）分隔，不能用分号、制表符或中文逗号。"
                "在表格软件中请另存为“CSV UTF-8（逗号分隔）”。",
                f"line {line}: the header is one column; separate the columns with ASCII commas",
            )
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
    text = ascii_digits(value.strip())
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
        when = _dt.datetime(*(int(g) for g in m.groups() if g is not None))
    except ValueError:
        raise _bad(
            key, line, header, f"时间“{text}”不存在（请检查月、日、时、分）。", f"impossible time {text!r}"
        ) from None
    dates = loan_dates()
    if not dates.first <= when.date() <= dates.last:
        raise _bad(
            key, line, header,
            f"时间“{text}”不在可以检查的范围内：只能是 {dates.first.isoformat()} 至 {dates.last.isoformat()} "
            f"之间的日期（{dates.why_zh}）。",
            f"time {text!r} outside {dates.first.isoformat()}..{dates.last.isoformat()} ({dates.why_en})",
        )
    return when


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
            if len(contacts) > MAX_LOG_CONTACTS:
                raise InputError(
                    f"row (line {line})",
                    f"联系记录最多 {MAX_LOG_CONTACTS} 条，第 {line} 行已是第 {len(contacts)} 条。请分成几份分别检查。",
                    f"at most {MAX_LOG_CONTACTS} contacts in one log; line {line} is contact {len(contacts)}",
                )
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
