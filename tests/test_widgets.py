"""overdue.widgets: set input values, read the HTML results (no browser) (issue 8).

The widgets are thin: what they show is what overdue.present.compute returns.
They never print, never use an Output widget, and show a Chinese message
instead of a traceback.
"""

from __future__ import annotations

import datetime as dt
import re

import ipywidgets as widgets
import pytest

from overdue._version import __version__
from overdue import present, rates
from overdue.present.html import esc
from overdue.present.svg import figure_svg
from overdue import widgets as W
from overdue.data import data_dir

MAKERS = {
    "penalty": W.penalty_calculator,
    "apr": W.apr_calculator,
    "limitation": W.limitation_calculator,
    "conduct": W.conduct_calculator,
    "plan": W.planning_calculator,
}


def walk(widget):
    yield widget
    for child in getattr(widget, "children", ()):
        yield from walk(child)


@pytest.fixture(params=list(MAKERS))
def calc(request):
    box = MAKERS[request.param]()
    return box.calculator


def test_public_functions_return_a_vbox():
    for name, make in MAKERS.items():
        box = make()
        assert isinstance(box, widgets.VBox)
        assert box.calculator.name == name
        assert "overdue-calc" in box._dom_classes


def test_defaults_show_results_and_summary(calc):
    assert calc.message.value == ""
    assert "<table" in calc.results.value
    summary = calc.summary.value
    assert summary == present.compute(calc.name, {})["summary"]
    assert __version__ in summary and rates.last_confirmed().isoformat() in summary


def test_no_output_widget_and_nothing_printed(calc, capsys):
    assert not any(isinstance(w, widgets.Output) for w in walk(calc.box))
    first = next(f for f in calc.fields if f["kind"] in ("date", "rate", "amount", "int"))
    calc.inputs[first["name"]].value = "bad"
    calc.inputs[first["name"]].value = first["default"]
    out = capsys.readouterr()
    assert out.out == "" and out.err == ""


def test_every_field_has_a_widget_with_its_chinese_label(calc):
    for f in calc.fields:
        widget = calc.inputs[f["name"]]
        assert widget.description == f["label_zh"]
        if f["kind"] == "choice":
            assert isinstance(widget, widgets.Dropdown) and widget.value == f["default"]
        else:
            assert widget.value == f["default"]
    html = "".join(w.value for w in walk(calc.box) if isinstance(w, widgets.HTML))
    for f in calc.fields:
        assert esc(f["help_zh"]) in html


def _total(result: dict) -> str:
    return next(r[1] for r in result["tables"][0]["rows"] if r[0] == "应还总额（元）")


def test_penalty_recomputes_when_an_input_changes():
    c = W.penalty_calculator().calculator
    assert f"<td>{_total(present.compute('penalty', {}))}</td>" in c.results.value
    c.inputs["installments"].value = "2025-01-10:1000"
    c.inputs["payments"].value = ""
    c.inputs["as_of"].value = "2025-03-01"
    assert "<td>25.00</td>" in c.results.value and "<td>1025.00</td>" in c.results.value
    c.inputs["rate"].value = "0.1"
    assert "<td>50.00</td>" in c.results.value and "50.00 元" in c.summary.value
    c.inputs["as_of"].value = "2025-02-28"
    form = {"installments": "2025-01-10:1000", "payments": "", "rate": "0.1", "as_of": "2025-02-28"}
    assert c.summary.value == present.compute("penalty", form)["summary"]
    assert "部分还款" not in c.figure.value
    c.inputs["payments"].value = "2025-02-09:310"
    assert "部分还款" in c.figure.value  # the payment is marked in the figure


def test_choice_change_recomputes():
    c = W.penalty_calculator().calculator
    c.inputs["lender"].value = "private"
    assert "民间借贷" in c.results.value and "《民间借贷规定》第25条" in c.summary.value


@pytest.mark.parametrize("name,field,value", [
    ("penalty", "rate", "abc"),
    ("penalty", "as_of", "2025-13-01"),
    ("penalty", "installments", "2025-01-10"),
    ("apr", "months", "0"),
    ("limitation", "contacts", "2026-02-30"),
    ("conduct", "csv", "时间,渠道\n2026-03-02 08:00,电话\n"),
    ("plan", "monthly", "300\nabc"),
    ("plan", "start", "2026-07-01"),
])
def test_bad_input_shows_the_chinese_message_inline(name, field, value):
    c = MAKERS[name]().calculator
    c.inputs[field].value = value
    label = next(f["label_zh"] for f in c.fields if f["name"] == field)
    assert "输入有误" in c.message.value and esc(label) in c.message.value
    assert 'role="alert"' in c.message.value
    assert "Traceback" not in c.message.value
    assert "overdue-invalid" in c.inputs[field]._dom_classes
    assert c.results.value == "" and c.figure.value == "" and c.summary.value == ""
    # Fixing the input clears the message and brings the results back.
    c.inputs[field].value = next(f["default"] for f in c.fields if f["name"] == field)
    assert c.message.value == "" and "<table" in c.results.value
    assert "overdue-invalid" not in c.inputs[field]._dom_classes


def test_an_unexpected_error_is_a_message_not_a_traceback(monkeypatch):
    c = W.apr_calculator().calculator

    def boom(name, form):
        raise RuntimeError("bug")

    monkeypatch.setattr(present, "compute", boom)
    c.inputs["months"].value = "24"
    assert "内部错误" in c.message.value and "RuntimeError" in c.message.value


def test_html_is_escaped():
    c = W.conduct_calculator().calculator
    c.inputs["csv"].value = "<b>时间</b>,渠道\n"
    assert "<b>时间</b>" not in c.message.value and "&lt;b&gt;" in c.message.value


def test_conduct_upload_fills_the_text_area():
    c = W.conduct_calculator().calculator
    data = (data_dir() / "sample_contact_log.csv").read_bytes()
    text = data.decode("utf-8-sig")
    first_day_only = "\n".join(line for line in text.splitlines() if not line.startswith("2026-03-0")
                               or line.startswith("2026-03-02")) + "\n"
    c.upload.value = ({"name": "log.csv", "type": "text/csv", "size": len(first_day_only.encode()),
                       "content": memoryview(first_day_only.encode("utf-8")),
                       "last_modified": dt.datetime(2026, 3, 6, tzinfo=dt.timezone.utc)},)
    assert c.inputs["csv"].value == first_day_only
    r = present.compute("conduct", {"csv": first_day_only})
    # The sample log has 19 contacts on 2026-03-02 (14 by the lender's agency, 5 by the caller
    # that says it is an asset-management company).
    assert c.summary.value == r["summary"] and "共 19 次联系" in c.summary.value


def test_conduct_upload_that_is_not_utf8():
    c = W.conduct_calculator().calculator
    raw = "时间,渠道\n".encode("gbk")
    c.upload.value = ({"name": "log.csv", "type": "text/csv", "size": len(raw), "content": memoryview(raw),
                       "last_modified": dt.datetime(2026, 3, 6, tzinfo=dt.timezone.utc)},)
    assert "UTF-8" in c.message.value and "log.csv" in c.message.value


def test_figures_are_inline_svg_and_byte_stable():
    for make in (W.penalty_calculator, W.limitation_calculator, W.planning_calculator):
        a = make().calculator.figure.value
        b = make().calculator.figure.value
        assert a == b and a.startswith('<figure class="overdue-figure"><svg') and a.endswith("</svg></figure>")
        assert "<script" not in a and "http://www.w3.org/2000/svg" in a
        assert not re.search(r'\bid="', a)
    strip = W.limitation_calculator().calculator.figure.value
    end = present.compute("limitation", {})["figure"]["limitation_end"]
    assert f"诉讼时效届满 {end}" in strip
    assert W.apr_calculator().calculator.figure.value == ""


def test_text_plain_carries_every_computed_value_for_nbval(calc):
    # ipywidgets cuts a widget's text/plain at 110 characters; the calculator's box gives
    # the whole result instead, so strict nbval compares the numbers.
    bundle = calc.box._repr_mimebundle_()
    text = bundle["text/plain"]
    assert "application/vnd.jupyter.widget-view+json" in bundle
    result = present.compute(calc.name, {})
    for table in result["tables"]:
        for row in table["rows"]:
            assert " | ".join(row) in text
    assert "【结论】" + result["summary"] in text
    assert not re.search(r"at 0x[0-9a-f]+", text)
    assert text == calc.box._repr_mimebundle_()["text/plain"]
    calc.inputs[calc.fields[0]["name"]].value = "2025-99-99:x" if calc.name != "conduct" else "x\n"
    assert "【输入有误】" in calc.box._repr_mimebundle_()["text/plain"]


def test_planning_figure_draws_one_line_per_monthly_amount():
    c = W.planning_calculator().calculator
    svg = c.figure.value
    assert svg.count("<polyline") == 3
    for amount in ("300.00", "600.00", "1000.00"):
        assert f"每月还 {amount} 元" in svg
    c.inputs["monthly"].value = "10, 300"  # 10 yuan never catches up: still drawn
    assert c.figure.value.count("<polyline") == 2 and "每月还 10.00 元" in c.figure.value
    assert "永远还不清" in c.results.value and "永远还不清" in c.summary.value
    # The widget shows the presentation layer's own chart, unchanged.
    assert figure_svg(present.compute("plan", {})["figure"]) in svg
