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

from urllib.parse import quote

import ipywidgets as widgets

from . import present
from .errors import InputError
from .present import html as render
from .present.forms import decode_upload, log_rows, log_text

__all__ = [
    "penalty_calculator",
    "apr_calculator",
    "limitation_calculator",
    "conduct_calculator",
    "planning_calculator",
    "Calculator",
    "LogEditor",
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
                self.log_editor = LogEditor(widget, spec["columns"])
                row.insert(0, self.log_editor.box)
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
        self._writing = False  # True while form_updates are written into the inputs
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
        if not self._writing:
            self.update()

    def _write_updates(self, updates: dict) -> None:
        """Show what the calculator built from the builder fields (``form_updates``: the
        generated lines, and ``schedule_mode`` back at ``lines``) in the inputs, for
        editing. The result already shown is the one of those lines, so nothing is
        recomputed."""
        self._writing = True
        try:
            for name, value in updates.items():
                if name in self.inputs:
                    self.inputs[name].value = value
        finally:
            self._writing = False

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
        if result.get("form_updates"):
            self._write_updates(result["form_updates"])
        for widget in self.inputs.values():
            widget.remove_class("overdue-invalid")
        self.message.value = ""
        self.results.value = render.tables_html(result) + render.warnings_html(result)
        self.figure.value = render.figure_html(result)
        self.summary.value = result["summary"]
        return result


class LogEditor:
    """A row editor of the contact log: it edits only the CSV text of the ``csv`` field.

    The rows are the CSV split into cells (:func:`overdue.present.forms.log_rows`); an
    added, edited or deleted row writes the whole CSV text back
    (:func:`overdue.present.forms.log_text`), and the calculator recomputes from it, so
    that the one reader of the log (:func:`overdue.conduct.log.read_log`) checks every
    cell and names the line and the column of an error. The columns, their Chinese
    labels and choices are the field's ``columns`` (the log reader's vocabulary). CSV
    import is the calculator's upload button; export is a download link (data: URI).
    """

    def __init__(self, textarea: widgets.Textarea, columns: list[dict]):
        self.textarea = textarea
        self.columns = columns
        self.rows: list[dict] = []
        self.comments: list[str] = []
        self.list = widgets.Select(options=[], rows=8, description=render.ROWS_LABEL_ZH,
                                   layout=widgets.Layout(width="60em", max_width="98%"),
                                   style={"description_width": "7em"})
        self.cells: dict[str, widgets.Widget] = {}
        for col in columns:
            common = dict(description=col["label_zh"], style={"description_width": "7em"},
                          layout=widgets.Layout(width="30em", max_width="100%"))
            if col["kind"] == "choice":
                self.cells[col["name"]] = widgets.Dropdown(
                    options=[(label or "（空）", value) for value, label in col["choices"]],
                    value=col["choices"][0][0], **common)
            else:
                placeholder = "YYYY-MM-DD HH:MM" if col["kind"] == "datetime" else ""
                self.cells[col["name"]] = widgets.Text(value="", placeholder=placeholder, **common)
        self.add = widgets.Button(description=render.ROW_ADD_ZH)
        self.save = widgets.Button(description=render.ROW_SAVE_ZH)
        self.delete = widgets.Button(description=render.ROW_DELETE_ZH)
        self.add.on_click(lambda _: self.add_row())
        self.save.on_click(lambda _: self.save_row())
        self.delete.on_click(lambda _: self.delete_row())
        self.note = widgets.HTML("")
        self.export = widgets.HTML("")
        self.box = widgets.VBox([self.list, widgets.VBox(list(self.cells.values())),
                                 widgets.HBox([self.add, self.save, self.delete]), self.note, self.export])
        self.box.add_class("overdue-log-editor")
        self.list.observe(self._selected, names="index")
        textarea.observe(lambda _: self.load(), names="value")
        self.load()

    def load(self) -> None:
        """Read the rows from the CSV text (after every change of the text)."""
        try:
            _, self.rows, self.comments = log_rows(self.textarea.value or "")
        except InputError as err:
            self.rows, self.comments = [], []
            self.note.value = f'<p class="overdue-message">{render.esc(err.message_zh)}</p>'
            for button in (self.add, self.save, self.delete):
                button.disabled = True
        else:
            self.note.value = ""
            for button in (self.add, self.save, self.delete):
                button.disabled = False
        names = [c["name"] for c in self.columns[:4]]
        self.list.options = [(f"{n}. " + " ".join(r.get(k, "") for k in names), n - 1)
                             for n, r in enumerate(self.rows, start=1)]
        text = self.textarea.value or ""
        self.export.value = (f'<a download="contact_log.csv" href="data:text/csv;charset=utf-8,'
                             f'{quote(chr(0xFEFF) + text)}">{render.esc(render.EXPORT_LABEL_ZH)}</a>')

    def _selected(self, change) -> None:
        index = change["new"]
        if index is None or index >= len(self.rows):
            return
        for name, widget in self.cells.items():
            value = self.rows[index].get(name, "")
            if isinstance(widget, widgets.Dropdown) and value not in [v for _, v in widget.options]:
                widget.options = list(widget.options) + [(value, value)]  # as typed: read_log will say
            widget.value = value

    def _row(self) -> dict:
        return {name: str(widget.value or "") for name, widget in self.cells.items()}

    def _write(self, rows: list[dict]) -> None:
        self.textarea.value = log_text(rows, self.comments)

    def add_row(self) -> None:
        self._write(self.rows + [self._row()])

    def save_row(self) -> None:
        index = self.list.index
        if index is None or index >= len(self.rows):
            return
        self._write(self.rows[:index] + [self._row()] + self.rows[index + 1:])

    def delete_row(self) -> None:
        index = self.list.index
        if index is None or index >= len(self.rows):
            return
        self._write(self.rows[:index] + self.rows[index + 1:])


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
