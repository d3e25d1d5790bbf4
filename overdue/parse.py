"""Strict parsing of user input shared by every front end.

Each function names the field it parses, so that an error tells the reader
exactly which input was wrong and what is allowed.
"""

from __future__ import annotations

import datetime as _dt
import re
from decimal import Decimal, InvalidOperation

from .errors import InputError

_ISO = re.compile(r"^\d{4}-\d{2}-\d{2}$")


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


def parse_pair(text, field: str) -> tuple[_dt.date, Decimal]:
    """``DATE:AMOUNT``, as used on the command line, e.g. ``2025-01-10:1000``."""
    raw = str(text).strip()
    if raw.count(":") != 1:
        raise InputError(
            field,
            f"格式应为 日期:金额，例如 2025-01-10:1000，收到的是“{raw}”。",
            f"expected DATE:AMOUNT, e.g. 2025-01-10:1000, got {raw!r}",
        )
    date_text, amount_text = raw.split(":")
    return parse_date(date_text, field), parse_amount(amount_text, field)
