"""Working days in mainland China: official holidays and make-up working days.

Legal scope: this module only answers "is this date a working day?" for the
purpose of 《民法典》第203条 (a period whose last day is a statutory rest day
ends on the day after the rest ends). Rest days are the weekends and the
official public holidays announced each year by the General Office of the
State Council; a make-up working day (调休, e.g. a Saturday worked in exchange
for a longer National Day break) is a working day, not a rest day.

The holiday schedule comes from the ``chinese-calendar`` package; nothing is
hard-coded here. That package only knows the years for which the State Council
has published a schedule (it raises ``NotImplementedError`` for other years).
For those years we fall back to weekends only and report the year as
uncovered (the presentation layer, :mod:`overdue.present.limitation`, words the
warning), so that a period ending three years from now still gets an answer
instead of a crash.
"""

from __future__ import annotations

import datetime as _dt
import functools

import chinese_calendar as _cc


def _as_date(d) -> _dt.date:
    if isinstance(d, _dt.datetime):
        return d.date()
    if isinstance(d, _dt.date):
        return d
    raise TypeError(f"expected a datetime.date, got {type(d).__name__}")


@functools.lru_cache(maxsize=None)
def covered_years() -> tuple[int, int]:
    """First and last year whose official schedule the installed calendar holds."""
    years = {d.year for d in _cc.holidays} | {d.year for d in _cc.workdays}
    return min(years), max(years)


def is_covered(d) -> bool:
    """Whether the official holiday schedule of ``d``'s year is known."""
    first, last = covered_years()
    return first <= _as_date(d).year <= last


def is_working_day(d) -> tuple[bool, int | None]:
    """``(True/False, uncovered year)``: whether ``d`` is a working day in mainland China.

    In covered years the official schedule decides (holidays are rest days,
    make-up working days are working days even on a weekend) and the second
    item is ``None``. In other years only Monday–Friday are working days and
    the second item is ``d``'s year: the official schedule was not available.
    """
    day = _as_date(d)
    try:
        return bool(_cc.is_workday(day)), None
    except NotImplementedError:
        return day.weekday() < 5, day.year


def next_working_day(d) -> tuple[_dt.date, tuple[int, ...]]:
    """``(day, uncovered years)``: ``d`` itself if it is a working day, else the first working day after it.

    This is the roll-forward of 《民法典》第203条: a last day that falls on a
    rest day moves to the day after the rest ends. The second item lists each
    year examined whose official schedule is unknown, once (empty when every
    day examined was in a covered year).
    """
    day = _as_date(d)
    uncovered: list[int] = []
    while True:
        working, year = is_working_day(day)
        if year is not None and year not in uncovered:
            uncovered.append(year)
        if working:
            return day, tuple(uncovered)
        day += _dt.timedelta(days=1)
