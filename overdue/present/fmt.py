"""The one set of formatters: yuan, percentages, citations, tables, the colophon.

Display only. Every front end and every calculator module formats numbers here,
so that 0.05% a day or 1,234.50 元 is written the same way everywhere.
"""

from __future__ import annotations

from decimal import Decimal

from .. import law, rates
from .._version import __version__
from ..kernel import q2


def yuan(x) -> str:
    """An amount in yuan, rounded half up to the cent: ``1234.50``."""
    value = q2(x if isinstance(x, Decimal) else Decimal(str(x)))
    return "0.00" if value == 0 else str(value)


def pct(fraction, places: int | None = None) -> str:
    """A fraction as a percentage. An exact Decimal is shown unrounded unless
    ``places`` is given (``0.0005`` → ``0.05%``); a float to ``places`` (default 2)."""
    if fraction is None:
        return "—"
    if isinstance(fraction, float):
        return f"{fraction * 100:.{places if places is not None else 2}f}%"
    value = Decimal(fraction) * 100
    if places is not None:
        return f"{value:.{places}f}%"
    return f"{format(value.normalize(), 'f')}%"


def cites(ids) -> str:
    """Short citations of provision ids, joined with 、 (empty for none)."""
    return "、".join(law.cite(p) for p in ids) if ids else ""


def unique(items) -> list:
    """The items in their first order, without repeats."""
    out = []
    for x in items:
        if x not in out:
            out.append(x)
    return out


def table(title: str, columns: list[str], rows: list[list]) -> dict:
    """A result table: a title, column headings and rows of strings."""
    return {"title": title, "columns": list(columns), "rows": [[str(c) for c in r] for r in rows]}


def colophon(provisions) -> str:
    """The closing sentence of every summary: the provisions applied and the engine's version."""
    cited = cites(provisions)
    applied = f"适用的条文：{cited}。" if cited else "本计算只是算术，不涉及具体法条。"
    return (f"{applied}（计算：overdue 引擎 {__version__}；LPR 表核实至 "
            f"{rates.last_confirmed().isoformat()}。）")
