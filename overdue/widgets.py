"""ipywidgets front ends of the calculators: thin views on :mod:`overdue.present`.

Each calculator is a form built from :func:`overdue.present.fields`; every
change of an input calls :func:`overdue.present.compute` and writes what the
presentation layer renders into ``widgets.HTML`` values (the results tables, the
inline error message, the SVG chart of :mod:`overdue.present.svg`) and a
``Textarea`` holding the copyable summary. Nothing is printed and no ``Output``
widget is used, so strict nbval compares the computed values through the
container's ``text/plain`` repr. This module renders nothing of its own.

Public: :func:`penalty_calculator`, :func:`apr_calculator`,
:func:`limitation_calculator`, :func:`conduct_calculator`,
:func:`planning_calculator`, each returning a
``widgets.VBox``; its ``calculator`` attribute (a :class:`Calculator`) gives
tests and notebooks the input widgets by field name.
"""

from __future__ import annotations

import ipywidgets as widgets

from . import present
from .errors import InputError
from .present import html as render
from .present.forms import decode_upload

__all__ = [
    "penalty_calculator",
    "apr_calculator",
    "limitation_calculator",
    "conduct_calculator",
    "planning_calculator",
    "Calculator",
]


# --- The calculator ---------------------------------------------------------------------


class Calculator:
    """The widgets of one calculator and the callback that recomputes it."""

    def __init__(self, name: str):
        self.name = name
        self.fields = present.fields(name)
        self.inputs: dict[str, widgets.Widget] = {}
        rows = []
        for spec in self.fields:
            widget = self._input(spec)
            self.inputs[spec["name"]] = widget
            row = [widget]
            if spec["kind"] == "csv":
                self.upload = widgets.FileUpload(accept=".csv,text/csv,text/plain", multiple=False,
                                                 description=render.UPLOAD_LABEL_ZH)
                self.upload.observe(self._uploaded, names="value")
                row.insert(0, self.upload)
            row.append(widgets.HTML(f'<div class="overdue-help">{render.esc(spec["help_zh"])}</div>'))
            rows.append(widgets.VBox(row))
        title, intro = present.title(name)
        self.header = widgets.HTML(f"{render.WIDGET_CSS}<h3>{render.esc(title)}</h3><p>{render.esc(intro)}</p>")
        self.form = widgets.VBox(rows)
        self.message = widgets.HTML("")
        self.results = widgets.HTML("")
        self.figure = widgets.HTML("")
        self.summary = widgets.Textarea(
            description=render.SUMMARY_LABEL_ZH, layout=widgets.Layout(width="60em", max_width="98%", height="9em"),
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
        try:
            text = decode_upload(bytes(files[0]["content"]), files[0].get("name", ""))
        except InputError as err:
            self._show_error({"field": err.field, "message_zh": err.message_zh})
            return
        self.inputs["csv"].value = text

    def _show_error(self, error: dict) -> None:
        for name, widget in self.inputs.items():
            if name == error.get("field"):
                widget.add_class("overdue-invalid")
            else:
                widget.remove_class("overdue-invalid")
        self.message.value = render.error_html(error)
        self.results.value = ""
        self.figure.value = ""
        self.summary.value = ""

    def as_text(self) -> str:
        """The inputs and the current result as plain text (the box's ``text/plain``)."""
        return render.result_text(self.name, self.fields, self.form_values(), self.result or {},
                                  self.figure.value)

    def update(self) -> dict:
        """Recompute from the current inputs and refresh the output widgets."""
        try:
            result = present.compute(self.name, self.form_values())
        except Exception as exc:  # noqa: BLE001 - a reader never sees a traceback
            result = render.internal_error(exc)
        self.result = result
        if not result["ok"]:
            self._show_error(result["error"])
            return result
        for widget in self.inputs.values():
            widget.remove_class("overdue-invalid")
        self.message.value = ""
        self.results.value = render.tables_html(result) + render.warnings_html(result)
        self.figure.value = render.figure_html(result)
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
