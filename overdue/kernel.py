"""The shared numeric and parsing kernel of every engine.

Exact money arithmetic (:class:`~decimal.Decimal`, rounded half up to the cent
only for display) and strict readers of user input. Each reader names the field
it reads, so that an error tells the reader exactly which input was wrong and
what is allowed (:class:`~overdue.errors.InputError`). Nothing here is a legal
figure; the one convention read from data is the default day-count year.
"""

from __future__ import annotations

import datetime as _dt
import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from . import params
from .errors import InputError

ZERO = Decimal(0)
CENT = Decimal("0.01")
PRECISION = 100  # significant digits of every intermediate result
BASES = (360, 365)  # the day-count years the engines accept

_ISO = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def q2(x: Decimal) -> Decimal:
    """Round half up to 0.01 yuan (display only)."""
    return x.quantize(CENT, rounding=ROUND_HALF_UP)


def parse_date(value, field: str) -> _dt.date:
    """An ISO date (YYYY-MM-DD) or a ``datetime.date``; anything else is an error."""
    if isinstance(value, _dt.datetime):
        return value.date()
    if isinstance(value, _dt.date):
        return value
    text = str(value).strip() if value is not None else ""
    if not _ISO.match(text):
        raise InputError(
            field,
            f"日期格式不对：“{text}”。请使用 YYYY-MM-DD 格式，例如 2025-01-10。",
            f"malformed date {text!r}; use YYYY-MM-DD, e.g. 2025-01-10",
        )
    try:
        return _dt.date.fromisoformat(text)
    except ValueError:
        raise InputError(
            field,
            f"日期不存在：“{text}”。请检查月份和日（例如 2 月没有 30 日）。",
            f"impossible date {text!r}",
        ) from None


def parse_decimal(value, field: str) -> Decimal:
    """A finite number (a string, an int or a Decimal; a bool is an error)."""
    if isinstance(value, bool):
        raise InputError(field, "需要一个数字。", "a number is required")
    if isinstance(value, Decimal):
        number = value
    else:
        text = str(value).strip() if value is not None else ""
        try:
            number = Decimal(text)
        except InvalidOperation:
            raise InputError(
                field, f"不是有效的数字：“{text}”。", f"not a number: {text!r}"
            ) from None
    if not number.is_finite():
        raise InputError(field, "需要一个有限的数字。", "a finite number is required")
    return number


def parse_amount(value, field: str) -> Decimal:
    """A positive amount of money in yuan."""
    number = parse_decimal(value, field)
    if number <= 0:
        raise InputError(
            field,
            f"金额必须大于 0 元，收到的是 {number}。",
            f"amount must be greater than 0, got {number}",
        )
    return number


def parse_int(value, field_name: str, *, minimum: int = 0) -> int:
    """A whole number ≥ ``minimum``; ``2.5``, ``"abc"`` or ``True`` are errors."""
    number = parse_decimal(value, field_name)
    if number != number.to_integral_value():
        raise InputError(
            field_name, f"需要一个整数，收到的是 {number}。", f"a whole number is required, got {number}"
        )
    if number < minimum:
        raise InputError(
            field_name,
            f"不能小于 {minimum}，收到的是 {number}。",
            f"must be at least {minimum}, got {number}",
        )
    return int(number)


def parse_choice(value, allowed, field_name: str, what_zh: str) -> str:
    """One of ``allowed`` (exact, after stripping blanks)."""
    text = str(value).strip()
    if text not in allowed:
        listed = "、".join(allowed)
        raise InputError(
            field_name,
            f"未知的{what_zh}“{text}”。只能是：{listed}。",
            f"unknown {field_name} {text!r}; allowed: {', '.join(allowed)}",
        )
    return text


def parse_pair(text, field: str) -> tuple[_dt.date, Decimal]:
    """``DATE:AMOUNT`` text, e.g. ``2025-01-10:1000``. A full-width colon, or
    blanks between the two parts, also separate them (as typed in a form)."""
    raw = str(text).strip()
    raw = re.sub(r"\s*[:：]\s*|\s+", ":", raw, count=1)
    if raw.count(":") != 1:
        raise InputError(
            field,
            f"格式应为 日期:金额，例如 2025-01-10:1000，收到的是“{str(text).strip()}”。",
            f"expected DATE:AMOUNT, e.g. 2025-01-10:1000, got {str(text).strip()!r}",
        )
    date_text, amount_text = raw.split(":")
    return parse_date(date_text, field), parse_amount(amount_text, field)


def parse_dated(item, field_name: str, date_key: str = "date") -> tuple[_dt.date, Decimal]:
    """The one reader of a dated amount: ``DATE:AMOUNT`` text, a (date, amount)
    pair, a dict (``date_key`` or ``date``, and ``amount``) or an object with
    ``due``/``date`` and ``amount`` attributes."""
    if isinstance(item, str):
        return parse_pair(item, field_name)
    if isinstance(item, dict):
        day = item.get(date_key, item.get("date"))
        return parse_date(day, field_name), parse_amount(item.get("amount"), field_name)
    if isinstance(item, (tuple, list)) and len(item) == 2:
        return parse_date(item[0], field_name), parse_amount(item[1], field_name)
    day = getattr(item, "due", None) or getattr(item, "date", None)
    if day is not None and hasattr(item, "amount"):
        return parse_date(day, field_name), parse_amount(item.amount, field_name)
    raise InputError(
        field_name,
        f"无法识别的输入“{item!r}”。请写成 日期:金额，例如 2025-01-10:1000。",
        f"cannot read {item!r}; expected DATE:AMOUNT, e.g. 2025-01-10:1000",
    )


def default_day_count(on: _dt.date) -> int:
    """The default day-count year in force on ``on`` (a convention:
    ``day_count_basis`` in data); before its first date, its first value."""
    try:
        return int(params.get("day_count_basis", on=on))
    except InputError:
        return int(params.values("day_count_basis")[0].value)


def parameter_used(name: str, on: _dt.date, value, **extra) -> dict:
    """One dated figure a formula used, as the engines report it: the parameter's
    ``name`` (a key of ``data/parameters.yaml``, or e.g. ``lpr_1y`` for the LPR
    table), the date ``on`` which it was read (ISO text), its ``value`` then, and
    any ``extra`` facts (e.g. ``published`` for an LPR). The presentation layer
    names and formats it; the engines never describe it in words."""
    return {"name": name, "on": on.isoformat(), "value": value, **extra}


def default_day_count_used(on: _dt.date) -> tuple[int, dict]:
    """:func:`default_day_count` on ``on``, and the record of what was read.

    ``day_count_basis`` is the book's arithmetic convention (force: convention),
    not a rule of law with a commencement date. Before its first dated value the
    first value is used on purpose, and the record says so explicitly:
    ``before_first_value`` is True and ``first_value_from`` gives that date.
    """
    first = params.values("day_count_basis")[0]
    year = default_day_count(on)
    record = parameter_used("day_count_basis", on, year)
    if on < first.start:
        record.update(before_first_value=True, first_value_from=first.start.isoformat())
    return year, record


def parse_day_count(value, field_name: str = "day_count") -> int:
    """A day-count year: 360 or 365."""
    number = parse_int(value, field_name, minimum=1)
    if number not in BASES:
        raise InputError(
            field_name,
            f"一年的天数只能是 360 或 365，收到的是 {number}。",
            f"day-count year must be 360 or 365, got {number}",
        )
    return number
