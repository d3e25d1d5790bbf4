"""The calculators' forms: one specification of each field, and one parser.

A form is a list of field dicts (``name``, ``label_zh`` with the unit, ``kind``,
``default``, ``help_zh`` and, for a choice, ``choices``). Every front end builds
its inputs from it, so the notebook widgets, the Voilà app and the in-browser
calculators show the same fields, defaults and help, and an error names the same
field everywhere. Defaults are the chapters' worked examples
(``data/worked_examples.yaml``).

:class:`Form` reads the submitted strings (one per field, as a web form or a
text widget gives them). Each reader names its field, so that an
:class:`~overdue.errors.InputError` is shown next to the right input.
"""

from __future__ import annotations

import datetime as _dt
import functools
from decimal import Decimal

from ..data import data_dir, load_yaml
from ..errors import InputError
from ..kernel import parse_date, parse_decimal, parse_pair

KINDS = ("date", "amount", "rate", "int", "choice", "text", "lines", "csv")

# Sanity range of any date typed into a form (not a legal figure: it only keeps
# absurd years from reaching the engines' day-by-day loops).
FIRST_YEAR, LAST_YEAR = 1900, 2199


@functools.lru_cache(maxsize=None)
def _examples() -> dict:
    return load_yaml("worked_examples.yaml")


def example(name: str) -> dict:
    """One worked example of ``data/worked_examples.yaml`` (a fresh copy)."""
    return dict(_examples()[name])


def as_text(value) -> str:
    """A worked-example value as a form string: a list becomes one item a line."""
    if isinstance(value, (list, tuple)):
        return "\n".join(as_text(v) for v in value)
    if isinstance(value, _dt.date):
        return value.isoformat()
    return "" if value is None else str(value)


def percent_text(fraction) -> str:
    """A rate fraction of the examples (``"0.0005"``) as the percent a form takes (``"0.05"``)."""
    return format(Decimal(str(fraction)).scaleb(2).normalize(), "f")


def field(name, label_zh, kind, default, help_zh, choices=None) -> dict:
    """One field of a form."""
    assert kind in KINDS, kind
    out = {"name": name, "label_zh": label_zh, "kind": kind, "default": as_text(default),
           "help_zh": help_zh}
    if choices is not None:
        out["choices"] = [list(c) for c in choices]
    return out


def sample_log() -> str:
    """The synthetic sample contact log shipped in data/ (empty if not shipped)."""
    path = data_dir() / "sample_contact_log.csv"
    try:
        return path.read_bytes().decode("utf-8-sig")
    except OSError:
        return ""


def checked_date(day: _dt.date, key: str, text: str) -> _dt.date:
    if not FIRST_YEAR <= day.year <= LAST_YEAR:
        raise InputError(
            key,
            f"日期“{text}”超出本计算器支持的范围（{FIRST_YEAR}–{LAST_YEAR} 年）。",
            f"date {text!r} outside {FIRST_YEAR}-{LAST_YEAR}",
        )
    return day


class Form:
    """The submitted strings of one calculator, with readers that name the field.

    Unknown field names and values outside a choice are errors; a missing
    field takes its default.
    """

    def __init__(self, spec: list[dict], form: dict | None):
        self.spec = {f["name"]: f for f in spec}
        for key in form or {}:
            if key not in self.spec:
                known = "、".join(self.spec)
                raise InputError(key, f"未知的输入项“{key}”。可用的输入项：{known}。",
                                 f"unknown field {key!r}; known: {', '.join(self.spec)}")
        self.raw = {}
        for key, f in self.spec.items():
            value = (form or {}).get(key, f["default"])
            self.raw[key] = "" if value is None else str(value)
        for key, f in self.spec.items():
            if f["kind"] == "choice":
                allowed = [c[0] for c in f["choices"]]
                if self.raw[key].strip() not in allowed:
                    listed = "、".join(f"{v or '（空）'}（{zh}）" for v, zh in f["choices"])
                    raise InputError(key, f"“{self.raw[key]}”不是可选的值。只能是：{listed}。",
                                     f"{self.raw[key]!r} is not a choice; allowed: {allowed}")

    def text(self, key: str) -> str:
        return self.raw[key].strip()

    def date(self, key: str, *, optional: bool = False) -> _dt.date | None:
        text = self.text(key)
        if not text:
            if optional:
                return None
            raise InputError(key, "不能为空，请填写日期（YYYY-MM-DD）。", "required (YYYY-MM-DD)")
        return checked_date(parse_date(text, key), key, text)

    def percent(self, key: str, *, below_100: bool) -> Decimal:
        """A rate typed in percent, returned as the exact fraction (``Decimal.scaleb(-2)``)."""
        text = self.text(key)
        if not text:
            raise InputError(key, "不能为空，请填写一个百分数。", "required (a percentage)")
        number = parse_decimal(text.removesuffix("%").removesuffix("％").strip(), key)
        if number < 0:
            raise InputError(key, f"不能为负数，收到的是 {number}。", f"must not be negative, got {number}")
        if below_100 and number >= 100:
            raise InputError(
                key,
                f"必须小于 100（按百分数填写），收到的是 {number}。例如万分之五填 0.05，0.6% 填 0.6。",
                f"must be below 100 (a percentage), got {number}",
            )
        return number.scaleb(-2)

    def pairs(self, key: str) -> list[tuple[_dt.date, Decimal]]:
        """``DATE:AMOUNT`` per line (a full-width colon or blanks also separate)."""
        out = []
        for number, line in self._lines(key):
            try:
                day, amount = parse_pair(line, key)
                checked_date(day, key, line)
            except InputError as err:
                raise InputError(key, f"第 {number} 行：{err.message_zh}",
                                 f"line {number}: {err.message_en}") from None
            out.append((day, amount))
        return out

    def dates(self, key: str) -> list[_dt.date]:
        out = []
        for number, line in self._lines(key):
            try:
                out.append(checked_date(parse_date(line, key), key, line))
            except InputError as err:
                raise InputError(key, f"第 {number} 行：{err.message_zh}",
                                 f"line {number}: {err.message_en}") from None
        return out

    def _lines(self, key: str):
        for number, line in enumerate(self.raw[key].splitlines(), start=1):
            if line.strip():
                yield number, line.strip()


def decode_upload(data: bytes, filename: str = "") -> str:
    """An uploaded contact log as text: UTF-8 (with or without a BOM), lines ending in \\n."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InputError("csv", f"上传的文件“{filename}”不是 UTF-8 编码。请在表格软件中另存为“CSV UTF-8”后再上传。",
                         f"the uploaded file {filename!r} is not UTF-8") from None
    return text.replace("\r\n", "\n")
