"""The calculators' forms: one specification of each field, and one parser.

A form is a list of field dicts (``name``, ``label_zh`` with the unit, ``kind``,
``default``, ``help_zh`` and, for a choice, ``choices``). Every front end builds
its inputs from it, so the notebook widgets, the Voilà app and the in-browser
calculators show the same fields, defaults and help, and an error names the same
field everywhere. Defaults are the chapters' worked examples
(``data/worked_examples.yaml``).

The input domain (issue 18) is part of the specification: a field dict also
carries the bounds its reader enforces, from :mod:`overdue.kernel` (the one place
they are defined), and its ``help_zh`` ends with them in words:

* ``date``: ``min``, ``max`` (ISO dates, inclusive);
* ``amount``: ``min``, ``max`` (yuan, inclusive) and ``decimals`` (2);
* ``rate`` (typed in percent): ``min``, ``below`` (exclusive) and ``decimals``;
* ``int``: ``min``, ``max``;
* ``lines`` and ``csv``: ``max_lines`` and ``item``, the domain of one line
  (``{"date": {...}, "amount": {...}}``); ``csv`` also ``max_bytes``.

:class:`Form` reads the submitted strings (one per field, as a web form or a
text widget gives them). Each reader names its field, so that an
:class:`~overdue.errors.InputError` is shown next to the right input. A field
without bounds (the limitation calculator's, for now) is read in the kernel's
calendar range.

Numbers are plain decimals: full-width digits (１０００) are read as ASCII, and
exponent notation (1e3), thousands separators and units are refused with a
message that says what to type (:func:`overdue.kernel.parse_decimal`).
"""

from __future__ import annotations

import datetime as _dt
import functools
import re
from decimal import Decimal

from ..data import data_dir, load_yaml
from ..errors import InputError
from ..kernel import (CALENDAR, MAX_LOG_BYTES, MAX_LOG_CONTACTS, RATE_DECIMALS, DateRange, amount_domain,
                      loan_dates, parse_date, parse_decimal, parse_pair, places)

KINDS = ("date", "amount", "rate", "int", "choice", "text", "lines", "csv")


# --- The domain of a field (bounds from overdue.kernel), and its words ----------------


def date_domain() -> dict:
    """A loan's date (:func:`overdue.kernel.loan_dates`)."""
    return loan_dates().to_dict()


def rate_domain() -> dict:
    """A rate typed in percent: 0 ≤ rate < 100, at most RATE_DECIMALS − 2 decimal places."""
    return {"min": "0", "below": "100", "decimals": RATE_DECIMALS - 2}


def int_domain(minimum: int, maximum: int) -> dict:
    return {"min": minimum, "max": maximum}


def lines_domain(max_lines: int, *, date: bool = True, amount: bool = True) -> dict:
    """One item a line, at most ``max_lines``: each a date, an amount, or ``DATE:AMOUNT``."""
    item = {}
    if date:
        item["date"] = date_domain()
    if amount:
        item["amount"] = amount_domain()
    return {"max_lines": max_lines, "item": item}


def csv_domain() -> dict:
    """A contact log (:mod:`overdue.conduct.log`): contacts, bytes, and the days of its times."""
    return {"max_lines": MAX_LOG_CONTACTS, "max_bytes": MAX_LOG_BYTES, "item": {"date": date_domain()}}


def _yuan_bound(text: str) -> str:
    return f"{Decimal(text):,f}"


def domain_zh(kind: str, domain: dict) -> str:
    """The sentence that ends a field's help: its domain in words."""
    parts = []
    if "max_lines" in domain:
        parts.append(f"最多 {domain['max_lines']} {'条' if kind == 'csv' else '行'}")
    item = domain.get("item", domain if kind in ("date", "amount") else {})
    dates = item.get("date") if "item" in domain else (domain if kind == "date" else None)
    money = item.get("amount") if "item" in domain else (domain if kind == "amount" else None)
    if dates:
        parts.append(f"日期在 {dates['min']} 至 {dates['max']} 之间")
    if money:
        low = "不小于 0" if money["min"] == "0" else "大于 0"
        parts.append(f"金额{low}、不超过 {_yuan_bound(money['max'])} 元，最多 {money['decimals']} 位小数")
    if kind == "rate":
        below = f"、小于 {domain['below']}" if "below" in domain else ""
        parts.append(f"不小于 {domain['min']}{below}，最多 {domain['decimals']} 位小数")
    if kind == "int":
        parts.append(f"填 {domain['min']} 至 {domain['max']} 的整数")
    if "max_bytes" in domain:
        parts.append(f"文件不超过 {domain['max_bytes'] // 1000} KB")
    return ("可填范围：" + "；".join(parts) + "。") if parts else ""


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


def field(name, label_zh, kind, default, help_zh, choices=None, domain: dict | None = None) -> dict:
    """One field of a form; ``domain`` (see the module docstring) is merged into the
    dict and worded at the end of ``help_zh``."""
    assert kind in KINDS, kind
    out = {"name": name, "label_zh": label_zh, "kind": kind, "default": as_text(default),
           "help_zh": help_zh}
    if choices is not None:
        out["choices"] = [list(c) for c in choices]
    if domain:
        out.update(domain)
        words = domain_zh(kind, domain)
        if words:
            out["help_zh"] = f"{help_zh}{words}"
    return out


def sample_log() -> str:
    """The synthetic sample contact log shipped in data/ (empty if not shipped)."""
    path = data_dir() / "sample_contact_log.csv"
    try:
        return path.read_bytes().decode("utf-8-sig")
    except OSError:
        return ""


def checked_date(day: _dt.date, key: str, text: str, within: DateRange = CALENDAR) -> _dt.date:
    """``day`` (read from ``text``) if it lies in ``within`` (default: the kernel's calendar
    sanity range, 1900–2199), else the kernel's per-field error."""
    parse_date(day, key, within)
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

    def _dates(self, key: str) -> DateRange:
        """The date range of field ``key`` (of its lines' dates), from the specification."""
        spec = self.spec[key]
        bounds = spec.get("item", {}).get("date") if "item" in spec else spec
        if bounds and "min" in bounds and "max" in bounds:
            full = loan_dates()
            if (bounds["min"], bounds["max"]) == (full.first.isoformat(), full.last.isoformat()):
                return full  # the loan domain, with its reason
            return DateRange(_dt.date.fromisoformat(bounds["min"]), _dt.date.fromisoformat(bounds["max"]))
        return CALENDAR

    def date(self, key: str, *, optional: bool = False) -> _dt.date | None:
        text = self.text(key)
        if not text:
            if optional:
                return None
            raise InputError(key, "不能为空，请填写日期（YYYY-MM-DD）。", "required (YYYY-MM-DD)")
        return parse_date(text, key, self._dates(key))

    def percent(self, key: str, *, below_100: bool) -> Decimal:
        """A rate typed in percent, returned as the exact fraction (``Decimal.scaleb(-2)``).

        At least 0, below 100 when ``below_100``, with at most the specification's
        ``decimals`` decimal places (so that the fraction has at most RATE_DECIMALS).
        """
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
        decimals = self.spec[key].get("decimals", RATE_DECIMALS - 2)
        if not places(number, decimals):
            raise InputError(
                key,
                f"按百分数填写时最多 {decimals} 位小数，收到的是 {number}。例如万分之五填 0.05。",
                f"at most {decimals} decimal places in percent, got {number}",
            )
        return number.scaleb(-2)

    def pairs(self, key: str) -> list[tuple[_dt.date, Decimal]]:
        """``DATE:AMOUNT`` per line (a full-width colon or blanks also separate)."""
        out = []
        dates = self._dates(key)
        for number, line in self._lines(key):
            try:
                day, amount = parse_pair(line, key, dates)
            except InputError as err:
                raise InputError(key, f"第 {number} 行：{err.message_zh}",
                                 f"line {number}: {err.message_en}") from None
            out.append((day, amount))
        return out

    def dates(self, key: str) -> list[_dt.date]:
        out = []
        dates = self._dates(key)
        for number, line in self._lines(key):
            try:
                out.append(parse_date(line, key, dates))
            except InputError as err:
                raise InputError(key, f"第 {number} 行：{err.message_zh}",
                                 f"line {number}: {err.message_en}") from None
        return out

    def items(self, key: str, separators: str = r"[\n,，、;；]") -> list[str]:
        """The non-blank items of field ``key`` split at ``separators`` (one value each)."""
        found = [x.strip() for x in re.split(separators, self.raw[key]) if x.strip()]
        return self._counted(key, found)

    def _counted(self, key: str, items: list) -> list:
        limit = self.spec[key].get("max_lines")
        if limit is not None and len(items) > limit:
            raise InputError(key, f"最多 {limit} 项，收到的是 {len(items)} 项。",
                             f"at most {limit} entries, got {len(items)}")
        return items

    def _lines(self, key: str):
        lines = [(number, line.strip()) for number, line in enumerate(self.raw[key].splitlines(), start=1)
                 if line.strip()]
        limit = self.spec[key].get("max_lines")
        if limit is not None and len(lines) > limit:
            raise InputError(key, f"最多 {limit} 行，收到的是 {len(lines)} 行。",
                             f"at most {limit} lines, got {len(lines)}")
        return lines


def decode_upload(data: bytes, filename: str = "") -> str:
    """An uploaded contact log as text: UTF-8 (with or without a BOM), lines ending in \\n."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InputError("csv", f"上传的文件“{filename}”不是 UTF-8 编码。请在表格软件中另存为“CSV UTF-8”后再上传。",
                         f"the uploaded file {filename!r} is not UTF-8") from None
    return text.replace("\r\n", "\n")
