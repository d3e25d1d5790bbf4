"""The LPR table (``data/lpr.csv``): which rate was in force on a given day.

Scope: the reformed LPR, first published 2019-08-20. Dates before that belong
to the benchmark-rate era and are refused, not approximated.
"""

from __future__ import annotations

import datetime as _dt
import functools
from dataclasses import dataclass
from decimal import Decimal

from .data import csv_comments, load_csv
from .errors import InputError

TENORS = {"1y": "lpr_1y", "5y": "lpr_5y"}


@dataclass(frozen=True)
class LprRow:
    date: _dt.date
    rates: dict  # tenor -> Decimal percent
    source: str


@functools.lru_cache(maxsize=None)
def table() -> tuple[LprRow, ...]:
    rows = []
    for r in load_csv("lpr.csv"):
        rows.append(
            LprRow(
                _dt.date.fromisoformat(r["date"]),
                {t: Decimal(r[col]) for t, col in TENORS.items()},
                r["source"],
            )
        )
    return tuple(sorted(rows, key=lambda x: x.date))


def metadata() -> dict:
    out = {}
    for line in csv_comments("lpr.csv"):
        if ":" in line:
            key, _, value = line.partition(":")
            if " " not in key.strip():
                out[key.strip()] = value.strip()
    return out


def last_confirmed() -> _dt.date:
    """The date of the last LPR publication the table was confirmed against."""
    return _dt.date.fromisoformat(metadata()["last_confirmed"])


def first_date() -> _dt.date:
    return table()[0].date


def check_tenor(tenor: str) -> str:
    if tenor not in TENORS:
        raise InputError(
            "tenor",
            f"未知的 LPR 期限“{tenor}”。只能是 1y（一年期）或 5y（五年期以上）。",
            f"unknown tenor {tenor!r}; use 1y or 5y",
        )
    return tenor


def row_on(day: _dt.date, field: str = "date") -> LprRow:
    """The publication in force on ``day`` (published on or before it)."""
    if day < first_date():
        raise InputError(
            field,
            f"{day.isoformat()} 早于 2019-08-20 首次公布 LPR 之日。此前适用贷款基准利率，"
            "规则不同，本计算器不涵盖。",
            f"{day.isoformat()} is before the first LPR publication on 2019-08-20; "
            "the benchmark-rate era is out of scope",
        )
    found = table()[0]
    for row in table():
        if row.date <= day:
            found = row
        else:
            break
    return found


def lpr_on(day: _dt.date, tenor: str = "1y", field: str = "date") -> Decimal:
    """The LPR in percent, e.g. ``Decimal('3.00')``."""
    return row_on(day, field).rates[check_tenor(tenor)]


def changes_between(start: _dt.date, end: _dt.date) -> list[_dt.date]:
    """Dates strictly after ``start`` and up to ``end`` on which a new LPR took effect."""
    return [r.date for r in table() if start < r.date <= end]
