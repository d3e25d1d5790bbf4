"""Charts of the calculators, written as SVG text (pure Python).

The same SVG is shown by the notebook widgets, the Voilà app and the in-browser
calculators (Pyodide), because every front end takes it from here.

Why not matplotlib: measured (tools/bench_widgets.py, issue 8), the same chart
through matplotlib took 180-400 ms per redraw on the project's 2-core machine
even with a reused figure, fixed layout and fixed ticks, far over the 50 ms
budget of a recompute; this writer takes about 1 ms. The output is byte-stable
(fixed number formatting, no ids, no date stamp), and its text is drawn by the
browser with the page's CJK font.

The chart data (``figure`` in a calculator's result) is plain JSON: ``kind``
``owed`` (one series and payment markers), ``balance`` (one series per plan) or
``timeline`` (dated events in rows, the limitation end and the as-of date).
"""

from __future__ import annotations

import datetime as _dt
import html
import math


def _esc(text) -> str:
    return html.escape(str(text), quote=True)


_W, _H = 640, 270  # viewBox
_FONT = "'Noto Sans SC','Noto Sans CJK SC','WenQuanYi Micro Hei','Microsoft YaHei',sans-serif"


def _day(text: str) -> int:
    return _dt.date.fromisoformat(text).toordinal()


def _n(x: float) -> str:
    return f"{x:.1f}"


def _nice_step(span: float, ticks: int = 5) -> float:
    """A round axis step (1, 2, 2.5 or 5 times a power of ten) giving about ``ticks`` ticks."""
    raw = span / ticks if span > 0 else 1.0
    power = 10.0 ** math.floor(math.log10(raw))
    return next(m * power for m in (1, 2, 2.5, 5, 10) if raw <= m * power)


def _month_ticks(first: int, last: int) -> list[tuple[int, str]]:
    """Ticks on the first day of a month, at most 8, labelled YYYY-MM."""
    a, b = _dt.date.fromordinal(first), _dt.date.fromordinal(last)
    months = (b.year - a.year) * 12 + b.month - a.month + 1
    step = next(s for s in (1, 2, 3, 6, 12, 24, 60, 120, 1200) if months / s <= 8)
    out = []
    y, m = a.year, a.month
    while (y, m) <= (b.year, b.month):
        if (m - 1) % step == 0 and (y * 12 + m - 1) % step == 0:
            day = _dt.date(y, m, 1).toordinal()
            if first <= day <= last:
                out.append((day, f"{y}-{m:02d}"))
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


class _Plot:
    """A plot area with a date x axis, in SVG user units."""

    left, right, top, bottom = 70.0, _W - 20.0, 34.0, _H - 52.0

    def __init__(self, first: int, last: int, low: float = 0.0, high: float = 1.0):
        if last <= first:
            first, last = first - 15, last + 15
        pad = (last - first) * 0.03
        self.x0, self.x1 = first - pad, last + pad
        self.y0, self.y1 = low, high if high > low else low + 1
        self.parts: list[str] = []

    def x(self, day: int) -> float:
        return self.left + (day - self.x0) / (self.x1 - self.x0) * (self.right - self.left)

    def y(self, value: float) -> float:
        return self.bottom - (value - self.y0) / (self.y1 - self.y0) * (self.bottom - self.top)

    def add(self, text: str) -> None:
        self.parts.append(text)

    def text(self, x, y, s, size=11, anchor="start", fill="#333", weight="normal") -> None:
        self.add(f'<text x="{_n(x)}" y="{_n(y)}" font-size="{size}" text-anchor="{anchor}" '
                 f'fill="{fill}" font-weight="{weight}">{_esc(s)}</text>')

    def x_axis(self) -> None:
        self.add(f'<line x1="{_n(self.left)}" y1="{_n(self.bottom)}" x2="{_n(self.right)}" '
                 f'y2="{_n(self.bottom)}" stroke="#333"/>')
        for day, label in _month_ticks(int(self.x0) + 1, int(self.x1)):
            x = self.x(day)
            self.add(f'<line x1="{_n(x)}" y1="{_n(self.top)}" x2="{_n(x)}" y2="{_n(self.bottom + 4)}" '
                     f'stroke="#e3e3e3"/>')
            self.text(x, self.bottom + 17, label, size=10, anchor="middle")

    def vline(self, day: int, colour: str, label: str, dash: bool, row: int) -> None:
        x = self.x(day)
        style = ' stroke-dasharray="5,4"' if dash else ""
        self.add(f'<line x1="{_n(x)}" y1="{_n(self.top)}" x2="{_n(x)}" y2="{_n(self.bottom)}" '
                 f'stroke="{colour}" stroke-width="{1.2 if dash else 2}"{style}/>')
        anchor = "end" if x > (self.left + self.right) / 2 else "start"
        self.text(x + (-4 if anchor == "end" else 4), self.top + 12 + 13 * row, label, size=10,
                  anchor=anchor, fill=colour)

    def svg(self, title: str, legend: list[tuple[str, str]]) -> str:
        items = []
        x = self.left
        for symbol, label in legend:
            items.append(f'<g transform="translate({_n(x)},{_n(_H - 14)})">{symbol}</g>')
            items.append(f'<text x="{_n(x + 14)}" y="{_n(_H - 10)}" font-size="10" fill="#333">'
                         f"{_esc(label)}</text>")
            x += 26 + 11 * len(label)
        return (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {_W} {_H}" width="100%" '
                f'style="max-width:{_W}px" role="img" aria-label="{_esc(title)}" '
                f'font-family="{_esc(_FONT)}"><title>{_esc(title)}</title>'
                f'<rect width="{_W}" height="{_H}" fill="#fff"/>'
                f'<text x="{_W / 2:.1f}" y="18" font-size="13" text-anchor="middle" fill="#222" '
                f'font-weight="bold">{_esc(title)}</text>'
                + "".join(self.parts) + "".join(items) + "</svg>")


def _marker(shape: str, colour: str, x: float = 0.0, y: float = 0.0, r: float = 4.5) -> str:
    if shape == "circle":
        return f'<circle cx="{_n(x)}" cy="{_n(y)}" r="{_n(r)}" fill="{colour}"/>'
    if shape == "square":
        return (f'<rect x="{_n(x - r)}" y="{_n(y - r)}" width="{_n(2 * r)}" height="{_n(2 * r)}" '
                f'fill="{colour}"/>')
    if shape == "down":
        pts = f"{_n(x - r)},{_n(y - r)} {_n(x + r)},{_n(y - r)} {_n(x)},{_n(y + r)}"
    elif shape == "up":
        pts = f"{_n(x - r)},{_n(y + r)} {_n(x + r)},{_n(y + r)} {_n(x)},{_n(y - r)}"
    else:  # diamond
        pts = f"{_n(x)},{_n(y - r)} {_n(x + r)},{_n(y)} {_n(x)},{_n(y + r)} {_n(x - r)},{_n(y)}"
    return f'<polygon points="{pts}" fill="{colour}"/>'


def _amount_axes(p: "_Plot", top: float, step: float, label: str) -> None:
    """Horizontal grid lines and yuan labels every ``step`` up to ``top``, then the date axis."""
    value = 0.0
    while value <= top + step / 2:
        y = p.y(value)
        p.add(f'<line x1="{_n(p.left)}" y1="{_n(y)}" x2="{_n(p.right)}" y2="{_n(y)}" stroke="#eee"/>')
        p.text(p.left - 6, y + 4, f"{value:,.0f}", size=10, anchor="end")
        value += step
    p.text(14, (p.top + p.bottom) / 2, label, size=11, anchor="middle")
    p.x_axis()


def _draw_owed(data: dict) -> str:
    series = data["series"][0]
    days = [_day(d) for d in series["dates"]]
    values = series["values"]
    as_of = _day(data["as_of"])
    low, high = min(values + [0.0]), max(values + [0.0])
    step = _nice_step(high - low)
    top = step * (int(high / step) + (0 if high % step == 0 and high > 0 else 1))
    p = _Plot(min(days + [as_of]), max(days + [as_of]), 0.0, top)
    _amount_axes(p, top, step, data["y_label"])
    points = " ".join(f"{_n(p.x(d))},{_n(p.y(v))}" for d, v in zip(days, values))
    p.add(f'<polyline points="{points}" fill="none" stroke="#1f5fa8" stroke-width="2"/>')
    for m in data["markers"]:
        p.add(f'<g>{_marker("down", "#c0392b", p.x(_day(m["date"])), p.y(m["value"]) - 7)}'
              f'<title>{_esc(m["date"])} {_esc(m["label"])}</title></g>')
    p.vline(as_of, "#666", f"计算日期 {data['as_of']}", True, 0)
    legend = [('<line x1="0" y1="-4" x2="10" y2="-4" stroke="#1f5fa8" stroke-width="2"/>',
               series["label"])]
    if data["markers"]:
        legend.append((_marker("down", "#c0392b", 5, -4), "部分还款"))
    return p.svg(data["title"], legend)


_SERIES_COLOURS = ("#1f5fa8", "#c0392b", "#2e8b57", "#7d3c98", "#d68910", "#555555")


def _draw_balance(data: dict) -> str:
    """One line per monthly amount: the balance still owed (vertical drops at the payments)."""
    series = data["series"]
    days = [_day(d) for s in series for d in s["dates"]] or [_day(data["start"])]
    high = max([v for s in series for v in s["values"]] + [0.0])
    step = _nice_step(high)
    top = step * (int(high / step) + (0 if high % step == 0 and high > 0 else 1))
    p = _Plot(min(days), max(days), 0.0, top)
    _amount_axes(p, top, step, data["y_label"])
    legend = []
    for k, s in enumerate(series):
        colour = _SERIES_COLOURS[k % len(_SERIES_COLOURS)]
        points = " ".join(f"{_n(p.x(_day(d)))},{_n(p.y(v))}" for d, v in zip(s["dates"], s["values"]))
        p.add(f'<polyline points="{points}" fill="none" stroke="{colour}" stroke-width="1.8"/>')
        legend.append((f'<line x1="0" y1="-4" x2="10" y2="-4" stroke="{colour}" stroke-width="2"/>',
                       s["label"]))
    return p.svg(data["title"], legend)


_STRIP_ROWS = (  # (row label, event kinds, marker, colour)
    ("到期与逾期", ("instalment_due", "overdue_start", "bucket", "last_due", "acceleration"),
     "circle", "#1f5fa8"),
    ("还款", ("payment", "partial_payment", "overdue_cleared", "settled"), "up", "#2e8b57"),
    ("催收", ("collection_contact", "demand", "interruption", "acknowledgment", "partial_demand", "debit",
            "assignment_notice"),
     "square", "#c0392b"),
    ("征信与时效", ("credit_report_notice", "credit_retention_end", "limitation_start", "suspension"),
     "diamond", "#7d3c98"),
)


def _draw_strip(data: dict) -> str:
    days = [_day(e["date"]) for e in data["events"]] + [_day(data["as_of"])]
    if data["limitation_end"]:
        days.append(_day(data["limitation_end"]))
    rows = len(_STRIP_ROWS)
    p = _Plot(min(days), max(days), -0.7, rows - 0.3)
    p.x_axis()
    for row, (name, kinds, shape, colour) in enumerate(_STRIP_ROWS):
        y = p.y(row)
        p.text(p.left - 6, y + 4, name, size=10, anchor="end")
        p.add(f'<line x1="{_n(p.left)}" y1="{_n(y)}" x2="{_n(p.right)}" y2="{_n(y)}" stroke="#f0f0f0"/>')
        for e in data["events"]:
            if e["kind"] in kinds:
                opacity = ' opacity="0.5"' if e.get("projected") else ""
                p.add(f'<g{opacity}>{_marker(shape, colour, p.x(_day(e["date"])), y)}'
                      f'<title>{_esc(e["date"])} {_esc(e["label"])}</title></g>')
    p.vline(_day(data["as_of"]), "#666", f"基准日 {data['as_of']}", True, 0)
    if data["limitation_end"]:
        p.vline(_day(data["limitation_end"]), "#b00020", f"诉讼时效届满 {data['limitation_end']}",
                False, 1)
    legend = [(_marker(shape, colour, 5, -4), name) for name, _, shape, colour in _STRIP_ROWS]
    legend.append(('<line x1="0" y1="-4" x2="10" y2="-4" stroke="#b00020" stroke-width="2"/>',
                   "诉讼时效届满日"))
    return p.svg(data["title"], legend)


def figure_svg(data: dict | None) -> str:
    """The inline SVG of a calculator's chart data (empty for none)."""
    if not data:
        return ""
    draw = {"owed": _draw_owed, "balance": _draw_balance, "timeline": _draw_strip}[data["kind"]]
    return draw(data)
