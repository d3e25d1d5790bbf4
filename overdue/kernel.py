"""The shared numeric and parsing kernel of every engine.

Exact money arithmetic (:class:`~decimal.Decimal`, rounded half up to the cent
only for display) and strict readers of user input. Each reader names the field
it reads, so that an error tells the reader exactly which input was wrong and
what is allowed (:class:`~overdue.errors.InputError`). Nothing here is a legal
figure; the one convention read from data is the default day-count year.

The readers also hold the calculators' input domain, in one place (see "The
input domain" below): the range of a loan's dates, the ceiling and the two
decimal places of an amount, the decimal places of a rate and the largest
counts. The form specification (:mod:`overdue.present.forms`) shows the same
bounds to every front end.
"""

from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, localcontext

from . import params
from .errors import InputError

ZERO = Decimal(0)
CENT = Decimal("0.01")
PRECISION = 100  # significant digits of every intermediate result
BASES = (360, 365)  # the day-count years the engines accept


# --- The input domain (issue 18) ---------------------------------------------------
#
# Every date, amount, rate and count a calculator reads lies in a stated domain, the
# same for every front end: the readers below enforce it, and the form specification
# (overdue.present.forms) shows it next to each field. Outside it the reader gets the
# same per-field bilingual InputError as for any other bad input; nothing is clamped
# or rounded silently. These are sanity limits of the calculators, not legal figures
# (no provision sets them), so they are constants here and not dated values in
# data/parameters.yaml. Within the domain every calculator answers in well under a
# second (tools/bench_worst.py measures it).

#: The first date a loan's dates (due dates, payments, costs, as-of and contract
#: dates, planned payments, contacts of a contact log) may take. The law this book
#: holds for a loan's collection starts in 2013: the oldest text of
#: 《治安管理处罚法》 in data/provisions.yaml is the 2012 one, in force from 2013-01-01
#: (psap-2012-42), so the conduct checker cannot rate an earlier contact under it, and
#: 《征信业管理条例》 (the credit record of a loan) starts on 2013-03-15 (credit-reg-*).
#: The money calculators' own rules start later still and are refused by their
#: engines with a message (the LPR from 2019-08-20, the private-lending cap rule from
#: 2020-08-20), or are conventions of arithmetic. Earlier dates are refused rather
#: than computed under law the book does not hold.
FIRST_DATE = _dt.date(2013, 1, 1)
#: The last such date: this many years after the book's as-of date (``as_of_date`` in
#: data/parameters.yaml, never the wall clock). The book states the law as of that
#: date; ten years covers a 36-month loan signed on it with a limitation period run
#: twice after its last instalment, and anything later would be a projection of
#: today's law far beyond what the book can say.
YEARS_AFTER_AS_OF = 10
#: The range of any other date the kernel reads (a calendar sanity range, wider than
#: any engine's own domain): it only keeps absurd years (0001, 9999) from the engines'
#: date arithmetic.
CALENDAR_FIRST, CALENDAR_LAST = _dt.date(1900, 1, 1), _dt.date(2199, 12, 31)

#: The largest amount of money read (yuan): ¥1 trillion (一万亿元), far above any
#: consumer debt, far below where exact arithmetic at PRECISION digits could lose a cent.
MAX_AMOUNT = Decimal("1000000000000")
#: Amounts are in yuan and fen: at most two decimal places. More is an error, never rounded.
AMOUNT_DECIMALS = 2
#: A rate typed as a fraction (0.0005 a day) has at most this many decimal places
#: (ten in percent, as the forms take it): far finer than any contract states a rate.
RATE_DECIMALS = 12

#: Counts. Instalments: ten loans of 36 monthly instalments in one computation.
MAX_INSTALLMENTS = 360
#: Payments (or costs): a payment every day for almost three years.
MAX_PAYMENTS = 1000
MAX_COSTS = 100
#: Grace days: a grace period of more than a year is not a grace period.
MAX_GRACE_DAYS = 365
#: A contact log: at most this many contacts (rows) and bytes. The checker groups the
#: contacts once by day, person and party (overdue/conduct/report.py, rules.py), so its
#: time grows with the contacts and the findings, no longer with contacts × days. The
#: bound is the worst case, not a typical log: a log whose every row breaks seven rules
#: (a night message to a colleague, disclosing the debt, after a stop request, with every
#: kind of threatening wording) gives 7 findings a contact; at 2,000 contacts that is
#: 14,000 findings, checked in about 0.3 s and rendered (words and HTML) in under 1 s of
#: CPU on this 2-core machine. A realistic log of 5,000 contacts checks in 0.15-0.45 s,
#: but the bound must hold for every accepted log. 1 MB holds 2,000 rows of up to 500 bytes.
MAX_LOG_CONTACTS = 2000
MAX_LOG_BYTES = 1_000_000
#: Days of a period typed as a number (caps' ``days``): the span of the date domain is
#: under 25 years; this is a round bound above it.
MAX_DAYS = 10_000

# Full-width digits, point and signs (as typed with a Chinese input method) are read as
# their ASCII forms; every other character outside [0-9.+-] is refused with a message
# that says what to type. Exponent notation (1e3), thousands separators (1,000), digit
# group underscores (1_000) and units (元, %) are refused too: a number is written as
# plain digits with at most one decimal point.
_FULL_WIDTH = str.maketrans({**{chr(0xFF10 + k): str(k) for k in range(10)},
                             "．": ".", "－": "-", "＋": "+"})
_NUMBER = re.compile(r"^[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)$")
_ISO = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")


def ascii_digits(text: str) -> str:
    """``text`` with full-width digits, point and signs as ASCII (``２０２５－０１－１０`` → ``2025-01-10``)."""
    return text.translate(_FULL_WIDTH)


def q2(x: Decimal) -> Decimal:
    """Round half up to 0.01 yuan (display only)."""
    return x.quantize(CENT, rounding=ROUND_HALF_UP)


def _add_years(day: _dt.date, years: int) -> _dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February → 28 February
        return day.replace(year=day.year + years, day=28)


@dataclass(frozen=True)
class DateRange:
    """A closed range of dates a field accepts, and why (Chinese, English)."""

    first: _dt.date
    last: _dt.date
    why_zh: str = ""
    why_en: str = ""

    def to_dict(self) -> dict:
        return {"min": self.first.isoformat(), "max": self.last.isoformat()}


CALENDAR = DateRange(CALENDAR_FIRST, CALENDAR_LAST)


def last_date() -> _dt.date:
    """The last date of a loan's dates: :data:`YEARS_AFTER_AS_OF` years after the book's as-of date."""
    return _add_years(params.as_of(), YEARS_AFTER_AS_OF)


def loan_dates() -> DateRange:
    """The domain of every date of a loan and its collection (see :data:`FIRST_DATE`)."""
    as_of = params.as_of()
    return DateRange(
        FIRST_DATE, last_date(),
        f"本书收录的催收和征信规则自 {FIRST_DATE.year} 年起；最晚为本书基准日 {as_of.isoformat()} 之后 "
        f"{YEARS_AFTER_AS_OF} 年",
        f"the book's rules on collection and credit records start in {FIRST_DATE.year}; at most "
        f"{YEARS_AFTER_AS_OF} years after the book's as-of date {as_of.isoformat()}",
    )


def event_dates() -> DateRange:
    """The domain of the dates of the limitation and timeline engines: up to :func:`last_date`.

    Their earliest day is the law's, not the calendar's: a period that starts before the
    earliest verified limitation regime is refused by :func:`overdue.limitation.regime_on`
    with its reason (data/parameters.yaml).
    """
    last = last_date()
    return DateRange(
        CALENDAR_FIRST, last,
        f"最晚为本书基准日之后的 {last.isoformat()}；更晚的日期适用的法律本书无从得知",
        f"at most {last.isoformat()}; the law after that is unknown to the book",
    )


def amount_domain(*, zero: bool = False) -> dict:
    """The domain of an amount field, as the form specification shows it."""
    return {"min": "0" if zero else "0.01", "max": format(MAX_AMOUNT, "f"), "decimals": AMOUNT_DECIMALS}


def parse_date(value, field: str, within: DateRange = CALENDAR) -> _dt.date:
    """An ISO date (YYYY-MM-DD) or a ``datetime.date``, inside ``within``; anything else is an error.

    Full-width digits and hyphens are read as ASCII. ``within`` is the calendar
    sanity range unless the caller names a domain (:func:`loan_dates`).
    """
    if isinstance(value, _dt.datetime):
        day = value.date()
        text = day.isoformat()
    elif isinstance(value, _dt.date):
        day = value
        text = day.isoformat()
    else:
        text = ascii_digits(str(value).strip()) if value is not None else ""
        if not _ISO.match(text):
            raise InputError(
                field,
                f"日期格式不对：“{text}”。请使用 YYYY-MM-DD 格式，例如 2025-01-10。",
                f"malformed date {text!r}; use YYYY-MM-DD, e.g. 2025-01-10",
            )
        try:
            day = _dt.date.fromisoformat(text)
        except ValueError:
            raise InputError(
                field,
                f"日期不存在：“{text}”。请检查月份和日（例如 2 月没有 30 日）。",
                f"impossible date {text!r}",
            ) from None
    if not within.first <= day <= within.last:
        why_zh = f"（{within.why_zh}）" if within.why_zh else ""
        why_en = f" ({within.why_en})" if within.why_en else ""
        raise InputError(
            field,
            f"日期 {text} 不在可以计算的范围内：只能填 {within.first.isoformat()} 至 "
            f"{within.last.isoformat()} 之间的日期{why_zh}。",
            f"date {text} is outside {within.first.isoformat()}..{within.last.isoformat()}{why_en}",
        )
    return day


def parse_loan_date(value, field: str) -> _dt.date:
    """:func:`parse_date` inside the domain of a loan's dates (:func:`loan_dates`)."""
    return parse_date(value, field, loan_dates())


_NOT_A_NUMBER_ZH = "请只写阿拉伯数字，最多一个小数点，例如 1000 或 1234.56；不要用科学计数法（1e3）、千位分隔符（1,000）或单位。"
_NOT_A_NUMBER_EN = "write digits with at most one decimal point, e.g. 1000 or 1234.56 (no exponent, separator or unit)"


def parse_decimal(value, field: str) -> Decimal:
    """A finite number: a Decimal, an int, a float, or text in plain decimal notation
    (full-width digits are read as ASCII; ``1e3``, ``1,000``, ``NaN`` are errors); a bool is an error."""
    if isinstance(value, bool):
        raise InputError(field, "需要一个数字。", "a number is required")
    if isinstance(value, Decimal):
        number = value
    elif isinstance(value, int):
        number = Decimal(value)
    elif isinstance(value, float):
        number = Decimal(repr(value)) if value == value and abs(value) != float("inf") else Decimal("NaN")
    else:
        text = ascii_digits(str(value).strip()) if value is not None else ""
        if not _NUMBER.match(text):
            shown = text if len(text) <= 40 else text[:40] + "…"
            raise InputError(field, f"不是有效的数字：“{shown}”。{_NOT_A_NUMBER_ZH}",
                             f"not a number: {shown!r}; {_NOT_A_NUMBER_EN}")
        number = Decimal(text)
    if not number.is_finite():
        raise InputError(field, "需要一个有限的数字。", "a finite number is required")
    return number


def _shown(number: Decimal) -> str:
    """A number as it appears in an error message (long ones shortened)."""
    text = str(number)
    return text if len(text) <= 40 else text[:40] + "…"


def places(number: Decimal, decimals: int) -> bool:
    """True when ``number`` has at most ``decimals`` decimal places (trailing zeros do not count)."""
    with localcontext(prec=PRECISION):
        return number == number.quantize(Decimal(1).scaleb(-decimals))


def parse_amount(value, field: str, *, zero: bool = False) -> Decimal:
    """An amount of money in yuan: greater than 0 (or at least 0 with ``zero=True``),
    at most :data:`MAX_AMOUNT`, in whole fen (at most two decimal places)."""
    number = parse_decimal(value, field)
    if number < 0 or (number == 0 and not zero):
        bound_zh, bound_en = ("不能为负数", "must not be negative") if zero else ("必须大于 0 元", "must be greater than 0")
        raise InputError(field, f"金额{bound_zh}，收到的是 {_shown(number)}。",
                         f"amount {bound_en}, got {_shown(number)}")
    if number > MAX_AMOUNT:
        raise InputError(
            field,
            f"金额不能超过 {format(MAX_AMOUNT, ',f')} 元（一万亿元），收到的是 {_shown(number)}。",
            f"amount must be at most {format(MAX_AMOUNT, 'f')} yuan, got {_shown(number)}",
        )
    if not places(number, AMOUNT_DECIMALS):
        raise InputError(
            field,
            f"金额最多精确到分（小数点后两位），收到的是 {_shown(number)}。",
            f"amounts are in whole fen (at most 2 decimal places), got {_shown(number)}",
        )
    return number


def check_rate_places(rate: Decimal, field: str) -> Decimal:
    """``rate`` (a fraction) if it has at most :data:`RATE_DECIMALS` decimal places, else an error."""
    if not places(rate, RATE_DECIMALS):
        raise InputError(
            field,
            f"利率最多写到小数点后 {RATE_DECIMALS} 位（按百分数填写时 {RATE_DECIMALS - 2} 位），"
            f"收到的是 {_shown(rate)}。",
            f"{field}: a rate has at most {RATE_DECIMALS} decimal places, got {_shown(rate)}",
        )
    return rate


def parse_int(value, field_name: str, *, minimum: int = 0, maximum: int | None = None) -> int:
    """A whole number from ``minimum`` to ``maximum``; ``2.5``, ``"abc"`` or ``True`` are errors."""
    number = parse_decimal(value, field_name)
    if maximum is not None and number > maximum:
        raise InputError(
            field_name,
            f"不能大于 {maximum}，收到的是 {_shown(number)}。",
            f"must be at most {maximum}, got {_shown(number)}",
        )
    if number < minimum:
        raise InputError(
            field_name,
            f"不能小于 {minimum}，收到的是 {_shown(number)}。",
            f"must be at least {minimum}, got {_shown(number)}",
        )
    if number != number.to_integral_value():
        raise InputError(
            field_name, f"需要一个整数，收到的是 {_shown(number)}。",
            f"a whole number is required, got {_shown(number)}"
        )
    return int(number)


# What check_count counts, by field (the unit in the message).
_COUNTED_ZH = {"installment": "期分期", "payment": "笔还款", "cost": "笔费用", "monthly": "个每月还款额",
               "contact": "次联系", "interruption": "个中断事由",
               "suspension": "个中止事由", "assignment_notice": "个债权转让通知", "debit": "次扣款"}


def check_count(items, field_name: str, maximum: int) -> list:
    """``items`` as a list, refused when there are more than ``maximum`` (instalments,
    payments, costs or monthly amounts: ``field_name`` names which)."""
    items = list(items or ())
    if len(items) > maximum:
        unit = _COUNTED_ZH.get(field_name, "项")
        raise InputError(
            field_name,
            f"最多 {maximum} {unit}，收到的是 {len(items)}。",
            f"at most {maximum} {field_name} entries, got {len(items)}",
        )
    return items


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


def parse_pair(text, field: str, within: DateRange = CALENDAR) -> tuple[_dt.date, Decimal]:
    """``DATE:AMOUNT`` text, e.g. ``2025-01-10:1000``. A full-width colon, or
    blanks between the two parts, also separate them (as typed in a form)."""
    raw = str(text).strip()
    raw = re.sub(r"\s*[:：]\s*|\s+", ":", raw, count=1)
    if raw.count(":") != 1:
        shown = str(text).strip()
        shown = shown if len(shown) <= 60 else shown[:60] + "…"
        raise InputError(
            field,
            f"格式应为 日期:金额，例如 2025-01-10:1000，收到的是“{shown}”。",
            f"expected DATE:AMOUNT, e.g. 2025-01-10:1000, got {shown!r}",
        )
    date_text, amount_text = raw.split(":")
    return parse_date(date_text, field, within), parse_amount(amount_text, field)


def parse_dated(item, field_name: str, date_key: str = "date",
                within: DateRange = CALENDAR) -> tuple[_dt.date, Decimal]:
    """The one reader of a dated amount: ``DATE:AMOUNT`` text, a (date, amount)
    pair, a dict (``date_key`` or ``date``, and ``amount``) or an object with
    ``due``/``date`` and ``amount`` attributes. The date lies in ``within``, the
    amount in the domain of :func:`parse_amount`."""
    if isinstance(item, str):
        return parse_pair(item, field_name, within)
    if isinstance(item, dict):
        day = item.get(date_key, item.get("date"))
        return parse_date(day, field_name, within), parse_amount(item.get("amount"), field_name)
    if isinstance(item, (tuple, list)) and len(item) == 2:
        return parse_date(item[0], field_name, within), parse_amount(item[1], field_name)
    day = getattr(item, "due", None) or getattr(item, "date", None)
    if day is not None and hasattr(item, "amount"):
        return parse_date(day, field_name, within), parse_amount(item.amount, field_name)
    shown = repr(item) if len(repr(item)) <= 60 else repr(item)[:60] + "…"
    raise InputError(
        field_name,
        f"无法识别的输入“{shown}”。请写成 日期:金额，例如 2025-01-10:1000。",
        f"cannot read {shown}; expected DATE:AMOUNT, e.g. 2025-01-10:1000",
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
