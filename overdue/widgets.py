"""ipywidgets front ends of the calculators: thin views on :mod:`overdue.frontend`.

Each calculator is a form built from :func:`overdue.frontend.fields`; every
change of an input calls :func:`overdue.frontend.compute` and writes the result
into ``widgets.HTML`` values (results tables, the inline validation message,
an inline SVG figure) and a ``Textarea`` holding the copyable summary. Nothing
is printed and no ``Output`` widget is used, so strict nbval compares the
computed values through the container's ``text/plain`` repr.

No calculation happens here: the widgets format what the front end returns.
Figures (owed over time with the payments marked; a dated strip of events with
the limitation end; the balance of each repayment plan over time) are written directly as inline SVG, identical on every run;
see the note above :func:`figure_svg` for why not matplotlib.

Public: :func:`penalty_calculator`, :func:`apr_calculator`,
:func:`limitation_calculator`, :func:`conduct_calculator`,
:func:`planning_calculator`, each returning a
``widgets.VBox``; its ``calculator`` attribute (a :class:`Calculator`) gives
tests and notebooks the input widgets by field name.
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import html
import math

import ipywidgets as widgets

from . import frontend

__all__ = [
    "penalty_calculator",
    "apr_calculator",
    "limitation_calculator",
    "conduct_calculator",
    "planning_calculator",
    "Calculator",
]

_CSS = """<style>
.overdue-calc .widget-label { white-space: normal; height: auto; line-height: 1.3; overflow: visible; }
.overdue-calc .overdue-help { color: #555; font-size: 0.85em; margin: -2px 0 8px 16.3em; }
@media (max-width: 700px) { .overdue-calc .overdue-help { margin-left: 0; } }
.overdue-calc .overdue-invalid input, .overdue-calc .overdue-invalid textarea,
.overdue-calc .overdue-invalid select { border: 2px solid #b00020; }
.overdue-calc .overdue-error { color: #b00020; border-left: 4px solid #b00020; padding: 4px 8px;
  background: #fdecee; }
.overdue-calc table.overdue-table { border-collapse: collapse; margin: 4px 0 12px 0; font-size: 0.9em; }
.overdue-calc table.overdue-table th, .overdue-calc table.overdue-table td {
  border: 1px solid #ccc; padding: 2px 6px; text-align: left; vertical-align: top; }
.overdue-calc table.overdue-table caption { text-align: left; font-weight: bold; padding: 4px 0; }
.overdue-calc table.overdue-table td:first-child { white-space: nowrap; }
.overdue-calc .overdue-summary textarea { font-family: inherit; line-height: 1.5; }
.overdue-calc .overdue-warnings { color: #6b4e00; }
.overdue-calc .overdue-scroll { max-height: 24em; overflow: auto; }
</style>"""

_TITLES = {
    "penalty": ("罚息与利率上限计算器",
                "输入各期欠款、部分还款和合同约定的罚息利率，计算截至计算日期的罚息和应还总额，"
                "比较《民法典》第561条的分配顺序与先还本金的顺序，并按出借人类型和合同成立日给出适用的利率上限。"),
    "apr": ("分期实际年化利率计算器",
            "输入本金、期数和月费率，按内部收益率法计算每月还款和实际年化利率。"),
    "limitation": ("诉讼时效与时间线计算器",
                   "输入最后一期到期日（或完整的还款计划）、催收联系和部分还款的日期，计算诉讼时效的届满日。"),
    "conduct": ("催收行为检查",
                "上传或粘贴您整理的联系记录（CSV），逐条对照本书收录的规则，列出问题、每日次数、事实摘要和投诉渠道。"),
    "plan": ("还款计划计算器",
             "输入逾期未还的各期欠款、罚息日利率、第一笔还款日和几个每月还款额，逐月计算多久还清、"
             "一共多付多少罚息，或者说明这个金额永远追不上罚息。"),
}
_LONG_TABLES = {"分段明细", "时间线", "问题清单", "每日次数"}


# --- Rendering (formatting only) ------------------------------------------------------


def _esc(text) -> str:
    return html.escape(str(text), quote=True)


def _tables_html(result: dict) -> str:
    parts = []
    for table in result["tables"]:
        if not table["rows"]:
            continue
        head = "".join(f"<th>{_esc(c)}</th>" for c in table["columns"])
        body = "".join("<tr>" + "".join(f"<td>{_esc(c)}</td>" for c in row) + "</tr>"
                       for row in table["rows"])
        t = (f'<table class="overdue-table"><caption>{_esc(table["title"])}</caption>'
             f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>")
        long = table["title"] in _LONG_TABLES or table["title"].startswith("逐月明细")
        if long and len(table["rows"]) > 12:
            t = f'<div class="overdue-scroll">{t}</div>'
        parts.append(t)
    if result["warnings"]:
        items = "".join(f"<li>{_esc(w)}</li>" for w in result["warnings"])
        parts.append(f'<div class="overdue-warnings"><b>提示</b><ul>{items}</ul></div>')
    return "".join(parts)


def _error_html(error: dict) -> str:
    return f'<div class="overdue-error" role="alert">输入有误：{_esc(error["message_zh"])}</div>'


# --- Figures ------------------------------------------------------------------------
#
# Drawn as SVG text directly. Measured (tools/bench_widgets.py, issue 8): the same
# chart through matplotlib took 180-400 ms per redraw on the project's 2-core
# machine even with a reused figure, fixed layout and fixed ticks, far over the
# 50 ms budget of a recompute; this writer takes about 1 ms. The output is
# byte-stable (fixed number formatting, no ids, no date stamp), and its text is
# drawn by the browser with the page's CJK font.

_W, _H = 640, 270  # viewBox
_FONT = "'Noto Sans SC','Noto Sans CJK SC','WenQuanYi Micro Hei','Microsoft YaHei',sans-serif"
_LAST_SVG: dict = {}  # calculator name -> (figure data repr, svg): skips identical redraws


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


def _draw_owed(data: dict) -> str:
    series = data["series"][0]
    days = [_day(d) for d in series["dates"]]
    values = series["values"]
    as_of = _day(data["as_of"])
    low, high = min(values + [0.0]), max(values + [0.0])
    step = _nice_step(high - low)
    top = step * (int(high / step) + (0 if high % step == 0 and high > 0 else 1))
    p = _Plot(min(days + [as_of]), max(days + [as_of]), 0.0, top)
    value = 0.0
    while value <= top + step / 2:
        y = p.y(value)
        p.add(f'<line x1="{_n(p.left)}" y1="{_n(y)}" x2="{_n(p.right)}" y2="{_n(y)}" stroke="#eee"/>')
        p.text(p.left - 6, y + 4, f"{value:,.0f}", size=10, anchor="end")
        value += step
    p.text(14, (p.top + p.bottom) / 2, data["y_label"], size=11, anchor="middle")
    p.x_axis()
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
    value = 0.0
    while value <= top + step / 2:
        y = p.y(value)
        p.add(f'<line x1="{_n(p.left)}" y1="{_n(y)}" x2="{_n(p.right)}" y2="{_n(y)}" stroke="#eee"/>')
        p.text(p.left - 6, y + 4, f"{value:,.0f}", size=10, anchor="end")
        value += step
    p.text(14, (p.top + p.bottom) / 2, data["y_label"], size=11, anchor="middle")
    p.x_axis()
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
    ("催收", ("collection_contact", "demand", "interruption", "acknowledgment", "partial_demand"),
     "square", "#c0392b"),
    ("征信与时效", ("credit_report_notice", "credit_retention_end", "limitation_start"),
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


def figure_svg(name: str, data: dict | None) -> str:
    """The inline SVG of a calculator's chart data (empty for none); identical data is not redrawn."""
    if not data:
        return ""
    key = repr(data)
    cached = _LAST_SVG.get(name)
    if cached and cached[0] == key:
        return cached[1]
    draw = {"owed": _draw_owed, "balance": _draw_balance}.get(data["kind"], _draw_strip)
    svg = draw(data)
    _LAST_SVG[name] = (key, svg)
    return svg


# --- The calculator ---------------------------------------------------------------------


class Calculator:
    """The widgets of one calculator and the callback that recomputes it."""

    def __init__(self, name: str):
        self.name = name
        self.fields = frontend.fields(name)
        self.inputs: dict[str, widgets.Widget] = {}
        rows = []
        for spec in self.fields:
            widget = self._input(spec)
            self.inputs[spec["name"]] = widget
            row = [widget]
            if spec["kind"] == "csv":
                self.upload = widgets.FileUpload(accept=".csv,text/csv,text/plain", multiple=False,
                                                 description="上传 CSV 文件")
                self.upload.observe(self._uploaded, names="value")
                row.insert(0, self.upload)
            row.append(widgets.HTML(f'<div class="overdue-help">{_esc(spec["help_zh"])}</div>'))
            rows.append(widgets.VBox(row))
        title, intro = _TITLES[name]
        self.header = widgets.HTML(f"{_CSS}<h3>{_esc(title)}</h3><p>{_esc(intro)}</p>")
        self.form = widgets.VBox(rows)
        self.message = widgets.HTML("")
        self.results = widgets.HTML("")
        self.figure = widgets.HTML("")
        self.summary = widgets.Textarea(
            description="可复制的结论", layout=widgets.Layout(width="60em", max_width="98%", height="9em"),
            style={"description_width": "7em"})
        self.summary.add_class("overdue-summary")
        self.box = CalculatorBox([self.header, self.form, self.message, self.results, self.figure,
                                  self.summary])
        self.box.add_class("overdue-calc")
        self.box.calculator = self
        self.result: dict | None = None
        for widget in self.inputs.values():
            widget.observe(self._changed, names="value")
        self.update()

    def _input(self, spec: dict):
        common = dict(description=spec["label_zh"], tooltip=spec["help_zh"],
                      style={"description_width": "16em"})
        kind = spec["kind"]
        if kind == "choice":
            options = [(label, value) for value, label in spec["choices"]]
            return widgets.Dropdown(options=options, value=spec["default"],
                                    layout=widgets.Layout(width="46em", max_width="100%"), **common)
        if kind in ("lines", "csv"):
            height = "16em" if kind == "csv" else "6em"
            return widgets.Textarea(value=spec["default"], continuous_update=False,
                                    placeholder="2025-01-10:1000" if kind == "lines" else "",
                                    layout=widgets.Layout(width="60em", max_width="98%", height=height),
                                    **common)
        placeholder = "YYYY-MM-DD" if kind == "date" else ""
        return widgets.Text(value=spec["default"], continuous_update=False, placeholder=placeholder,
                            layout=widgets.Layout(width="32em", max_width="100%"), **common)

    def form_values(self) -> dict[str, str]:
        return {name: "" if w.value is None else str(w.value) for name, w in self.inputs.items()}

    def _changed(self, change) -> None:
        self.update()

    def _uploaded(self, change) -> None:
        files = change["new"]
        if not files:
            return
        data = bytes(files[0]["content"])
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            self._show_error({"field": "csv", "message_zh": (
                f"上传的文件“{files[0].get('name', '')}”不是 UTF-8 编码。请在表格软件中另存为“CSV UTF-8”后再上传。")})
            return
        self.inputs["csv"].value = text.replace("\r\n", "\n")

    def _show_error(self, error: dict) -> None:
        for name, widget in self.inputs.items():
            if name == error.get("field"):
                widget.add_class("overdue-invalid")
            else:
                widget.remove_class("overdue-invalid")
        self.message.value = _error_html(error)
        self.results.value = ""
        self.figure.value = ""
        self.summary.value = ""

    def as_text(self) -> str:
        """The inputs and the current result as plain text (the box's ``text/plain``)."""
        lines = [_TITLES[self.name][0], "【输入】"]
        for spec in self.fields:
            value = self.form_values()[spec["name"]]
            if spec["kind"] == "choice":
                value = dict(spec["choices"]).get(value, value)
            shown = "；".join(x.strip() for x in value.splitlines() if x.strip())
            lines.append(f"{spec['label_zh']}：{shown}")
        result = self.result or {}
        if not result.get("ok"):
            lines.append("【输入有误】" + (result.get("error") or {}).get("message_zh", ""))
            return "\n".join(lines)
        for table in result["tables"]:
            if table["rows"]:
                lines.append(f"【{table['title']}】" + " | ".join(table["columns"]))
                lines += [" | ".join(row) for row in table["rows"]]
        lines += [f"【提示】{w}" for w in result["warnings"]]
        if self.figure.value:
            digest = hashlib.sha256(self.figure.value.encode("utf-8")).hexdigest()[:16]
            lines.append(f"【图】SVG {len(self.figure.value)} 字节，sha256 {digest}")
        lines.append("【结论】" + self.summary.value)
        return "\n".join(lines)

    def update(self) -> dict:
        """Recompute from the current inputs and refresh the output widgets."""
        try:
            result = frontend.compute(self.name, self.form_values())
        except Exception as exc:  # noqa: BLE001 - a reader never sees a traceback
            result = {"ok": False, "error": {"field": "", "message_zh": (
                f"计算时发生了内部错误（{type(exc).__name__}）。请检查输入；如问题仍然存在，请报告给本书作者。")}}
        self.result = result
        if not result["ok"]:
            self._show_error(result["error"])
            return result
        for widget in self.inputs.values():
            widget.remove_class("overdue-invalid")
        self.message.value = ""
        self.results.value = _tables_html(result)
        self.figure.value = figure_svg(self.name, result["figure"])
        self.summary.value = result["summary"]
        return result


class CalculatorBox(widgets.VBox):
    """The VBox of a calculator. Its ``text/plain`` representation is the whole
    computed result as plain text (the inputs, every table, the warnings, the
    summary and a checksum of the figure) instead of ipywidgets' repr cut at
    110 characters, so that strict nbval compares every computed value."""

    def _repr_mimebundle_(self, **kwargs):
        bundle = super()._repr_mimebundle_(**kwargs)
        calc = getattr(self, "calculator", None)
        if bundle is not None and calc is not None:
            bundle["text/plain"] = calc.as_text()
        return bundle


def _make(name: str) -> widgets.VBox:
    return Calculator(name).box


def penalty_calculator() -> widgets.VBox:
    """罚息与利率上限：各期欠款、部分还款、罚息利率、计算日期、分配顺序、宽限期、出借人类型和合同成立日。"""
    return _make("penalty")


def apr_calculator() -> widgets.VBox:
    """分期的实际年化利率：本金、期数、月费率。"""
    return _make("apr")


def limitation_calculator() -> widgets.VBox:
    """诉讼时效与时间线：最后一期到期日或还款计划、催收联系、部分还款、基准日。"""
    return _make("limitation")


def conduct_calculator() -> widgets.VBox:
    """催收行为检查：上传或粘贴联系记录（CSV），以及本人可以联系上的截止日期。"""
    return _make("conduct")


def planning_calculator() -> widgets.VBox:
    """还款计划：逾期各期欠款、罚息日利率、第一笔还款日、几个每月还款额、分配顺序和最多计算的月数。"""
    return _make("plan")
