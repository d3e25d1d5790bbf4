"""Forms a borrower can fill (issue 22): schedules from what the bill says, the contact
log's row editor, and results readable on a phone.

Each test is a sentence with literal dates and amounts; the working is in the comments.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import json
import shutil
import subprocess
from decimal import Decimal
from pathlib import Path

import pytest

from overdue import conduct, present
from overdue.conduct.log import CHANNELS, COLUMNS, CONTACTED
from overdue.errors import InputError
from overdue.present import cli
from overdue.present.forms import (instalment_schedule, log_columns, log_rows, log_text, monthly_payments,
                                   pairs_text, sample_log)
from overdue.present.html import table_html

D = Decimal
ROOT = Path(__file__).resolve().parents[1]
FORMS_JS = ROOT / "_ext" / "livecalc_static" / "forms.js"


def lines(pairs) -> list[str]:
    return pairs_text(pairs).splitlines()


# --- The builder: due dates and amounts -------------------------------------------------


def test_6000_in_6_instalments_of_1000_from_31_january_fall_on_each_months_last_day_when_shorter():
    # Every date counts from the first due date (31 January), not from the clamped one:
    # February has 28 days in 2025 → 02-28; March has 31 → 03-31 (not 03-28); April 30 → 04-30.
    # 6 × 1,000 = 6,000 = the principal: every instalment is 1,000.
    assert lines(instalment_schedule(dt.date(2025, 1, 31), 6, D("6000"), D("1000"))) == [
        "2025-01-31:1000", "2025-02-28:1000", "2025-03-31:1000",
        "2025-04-30:1000", "2025-05-31:1000", "2025-06-30:1000"]


def test_a_first_due_date_of_29_february_comes_back_on_the_29th_after_february():
    # 2024-02-29 + 1 month = 2024-03-29; + 12 months = 2025-02-28 (2025 is not a leap year);
    # + 13 months = 2025-03-29 (from the first date again).
    days = [line.split(":")[0] for line in lines(instalment_schedule(dt.date(2024, 2, 29), 14, None, D("100")))]
    assert days[1] == "2024-03-29" and days[12] == "2025-02-28" and days[13] == "2025-03-29"


def test_1000_yuan_in_3_instalments_with_only_the_principal_puts_the_odd_fen_on_the_last():
    # 1,000 ÷ 3 = 333.333… → 333.33 (cut down to the fen); the last is 1,000 − 2 × 333.33 = 333.34.
    assert lines(instalment_schedule(dt.date(2025, 1, 10), 3, D("1000"))) == [
        "2025-01-10:333.33", "2025-02-10:333.33", "2025-03-10:333.34"]


def test_the_bill_of_333_33_a_month_on_1000_yuan_is_accepted_and_the_last_carries_the_remainder():
    # |1,000 − 3 × 333.33| = |1,000 − 999.99| = 0.01 < 3 × 0.01: 333.33 is 1,000 ÷ 3 rounded to the fen.
    # The last = 1,000 − 2 × 333.33 = 333.34.
    assert lines(instalment_schedule(dt.date(2025, 1, 10), 3, D("1000"), D("333.33")))[-1] == "2025-03-10:333.34"
    # Rounded up instead: 3 × 333.34 = 1,000.02, off by 0.02 < 0.03; the last = 1,000 − 666.68 = 333.32.
    assert lines(instalment_schedule(dt.date(2025, 1, 10), 3, D("1000"), D("333.34")))[-1] == "2025-03-10:333.32"


def test_536_a_month_with_a_fee_does_not_add_up_to_6000_and_is_refused_not_adjusted():
    # 12 × 536 = 6,432 (500 principal + 36 fee a month); 6,432 − 6,000 = 432 ≥ 12 × 0.01.
    with pytest.raises(InputError) as err:
        instalment_schedule(dt.date(2024, 7, 15), 12, D("6000"), D("536"))
    assert err.value.field == "per_installment"
    assert "6432" in err.value.message_zh and "借款本金留空" in err.value.message_zh


def test_2_fen_cannot_be_split_into_3_instalments():
    # 0.02 ÷ 3 = 0.0066… → 0.00: an instalment of 0 is not an instalment.
    with pytest.raises(InputError) as err:
        instalment_schedule(dt.date(2025, 1, 10), 3, D("0.02"))
    assert err.value.field == "principal"


def test_neither_amount_is_an_error_on_the_amount_per_instalment():
    with pytest.raises(InputError) as err:
        instalment_schedule(dt.date(2025, 1, 10), 3)
    assert err.value.field == "per_installment"


def test_360_instalments_from_2030_end_after_the_last_computable_date_and_are_refused_on_the_count():
    # 2030-01-15 + 359 months = 2059-12-15, decades after the last date of a loan (as-of + 10 years).
    with pytest.raises(InputError) as err:
        instalment_schedule(dt.date(2030, 1, 15), 360, None, D("100"))
    assert err.value.field == "count" and "2059-12-15" in err.value.message_zh


def test_500_a_month_from_20_august_for_3_months():
    assert lines(monthly_payments(dt.date(2025, 8, 20), 3, D("500"))) == [
        "2025-08-20:500", "2025-09-20:500", "2025-10-20:500"]


# --- The protocol: compute builds, returns form_updates, and the lines give the same result ------


CH2 = {"count": "12", "first_due": "2024-07-15", "per_installment": "536"}  # chapter 2's loan, as on the bill


def test_the_chapter_2_bill_builds_the_chapter_2_lines_and_the_same_result():
    # 12 instalments of 536 from 2024-07-15 are the worked example's lines, 2024-07-15:536 … 2025-06-15:536.
    built = present.compute("penalty", {**CH2, "schedule_mode": "builder"})
    assert built["ok"], built["error"]
    updates = built["form_updates"]
    assert updates["schedule_mode"] == "lines"
    assert updates["installments"].splitlines()[0] == "2024-07-15:536"
    assert updates["installments"].splitlines()[-1] == "2025-06-15:536"
    assert len(updates["installments"].splitlines()) == 12
    assert built["summary"] == present.compute("penalty", {})["summary"]


def test_writing_the_updates_into_the_form_gives_the_result_of_the_building_run():
    form = {**CH2, "schedule_mode": "builder", "per_installment": "1000", "count": "3"}
    built = present.compute("penalty", form)
    again = present.compute("penalty", {**form, **built["form_updates"]})  # what a front end sends next
    assert "form_updates" not in again
    assert again["tables"] == built["tables"] and again["summary"] == built["summary"]


def test_a_line_edited_after_building_is_what_the_next_computation_reads():
    built = present.compute("plan", {"count": "3", "first_due": "2026-08-10", "per_installment": "1000",
                                     "schedule_mode": "builder"})
    # The reader deletes the first instalment (paid early): 2 instalments of 1,000 remain.
    edited = "\n".join(built["form_updates"]["installments"].splitlines()[1:])
    after = present.compute("plan", {"count": "3", "first_due": "2026-08-10", "per_installment": "1000",
                                     **built["form_updates"], "installments": edited})
    assert after["ok"] and after["summary"].startswith("2 期逾期欠款（合计 2000.00 元）")


def test_the_limitation_form_builds_instalments_and_monthly_repayments():
    r = present.compute("limitation", {"schedule_mode": "builder", "count": "6", "first_due": "2025-01-15",
                                       "per_installment": "1000", "paid_monthly": "1000",
                                       "paid_from": "2025-01-15", "paid_count": "2"})
    assert r["ok"], r["error"]
    assert r["form_updates"]["installments"].splitlines()[-1] == "2025-06-15:1000"
    assert r["form_updates"]["payments"] == "2025-01-15:1000\n2025-02-15:1000"


def test_building_with_nothing_filled_names_the_count():
    r = present.compute("penalty", {"schedule_mode": "builder"})
    assert r["error"]["field"] == "count" and r["error"]["message_zh"].startswith("分期期数（期）：")


def test_a_repayment_builder_half_filled_names_the_missing_field():
    r = present.compute("penalty", {"schedule_mode": "builder", "paid_monthly": "500", "paid_from": "2025-08-20"})
    assert r["error"]["field"] == "paid_count"


def test_a_bad_builder_value_is_an_error_even_when_not_building():
    # Nothing typed is ignored: 2.5 instalments is refused on the field, in the line mode too.
    r = present.compute("penalty", {"count": "2.5"})
    assert r["error"]["field"] == "count"
    # A field being filled in (the first due date not yet typed) is not an error until the reader builds.
    assert present.compute("penalty", {"count": "6"})["ok"]


def test_the_builders_rules_are_stated_in_the_fields_help():
    spec = {f["name"]: f for f in present.fields("penalty")}
    assert "2025-01-31、2025-02-28、2025-03-31" in spec["first_due"]["help_zh"]
    assert "333.33、333.33、333.34" in spec["principal"]["help_zh"]
    assert spec["count"]["min"] == 1 and spec["count"]["max"] == 360
    assert [c[0] for c in spec["schedule_mode"]["choices"]] == ["lines", "builder"]
    assert "payments" not in {f["name"] for f in present.fields("plan")}
    assert "paid_monthly" not in {f["name"] for f in present.fields("plan")}


# --- The command line: the same builder ---------------------------------------------------


def run(argv):
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = cli.main(argv)
    return code, out.getvalue(), err.getvalue()


def test_penalty_from_principal_and_count_equals_the_three_lines():
    tail = ["--daily-rate", "0.0005", "--as-of", "2025-06-30"]
    built = run(["penalty", "--first-due", "2025-01-31", "--installment-count", "3", "--principal", "1000", *tail])
    typed = run(["penalty", "--installment", "2025-01-31:333.33", "--installment", "2025-02-28:333.33",
                 "--installment", "2025-03-31:333.34", *tail])
    assert built[0] == 0 and built[1] == typed[1]


def test_penalty_with_both_forms_of_instalments_exits_2_naming_the_option():
    code, _, err = run(["penalty", "--installment", "2025-01-10:100", "--first-due", "2025-01-31",
                        "--installment-count", "3", "--per-installment", "100", "--daily-rate", "0.0005",
                        "--as-of", "2025-06-30"])
    assert code == 2 and "错误（installment）" in err


def test_penalty_with_a_fee_inclusive_instalment_and_the_principal_names_the_option():
    code, _, err = run(["penalty", "--first-due", "2025-01-31", "--installment-count", "3", "--per-installment",
                        "536", "--principal", "1000", "--daily-rate", "0.0005", "--as-of", "2025-06-30"])
    assert code == 2 and "错误（--per-installment）" in err and "1608" in err  # 3 × 536 = 1,608


def test_limitation_from_six_monthly_dates_equals_the_last_due_date():
    # 6 instalments from 2025-01-15: the last falls due on 2025-06-15.
    built = run(["limitation", "--first-due", "2025-01-15", "--installment-count", "6", "--as-of", "2026-11-28"])
    typed = run(["limitation", "--last-due", "2025-06-15", "--as-of", "2026-11-28"])
    assert built[0] == 0 and built[1] == typed[1]


def test_plan_repayments_of_300_a_month_from_the_cli():
    built = run(["plan", "--first-due", "2026-08-10", "--installment-count", "3", "--per-installment", "1000",
                 "--monthly", "300", "--start", "2026-12-10", "--daily-rate", "0.0005"])
    typed = run(["plan", "--installment", "2026-08-10:1000", "--installment", "2026-09-10:1000",
                 "--installment", "2026-10-10:1000", "--monthly", "300", "--start", "2026-12-10",
                 "--daily-rate", "0.0005"])
    assert built[0] == 0 and json.loads(built[1]) == json.loads(typed[1])


# --- The contact log's columns and row editor ---------------------------------------------


def test_the_log_columns_are_the_readers_vocabulary():
    cols = {c["name"]: c for c in log_columns()}
    assert [c["name"] for c in log_columns()] == [c.key for c in COLUMNS]
    assert [c["label_zh"] for c in log_columns()] == [c.zh for c in COLUMNS]
    assert [v for v, _ in cols["channel"]["choices"]] == list(CHANNELS)
    assert [v for v, _ in cols["contacted"]["choices"]] == list(CONTACTED)
    assert [v for v, _ in cols["answered"]["choices"]] == ["", "是", "否"]
    assert cols["datetime"]["kind"] == "datetime" and cols["summary"]["kind"] == "text"
    spec = next(f for f in present.fields("conduct") if f["name"] == "csv")
    assert spec["columns"] == log_columns()  # in the field dict, for every front end


def test_the_sample_log_split_and_joined_again_is_the_same_text():
    text = sample_log()
    header, rows, comments = log_rows(text)
    assert header == [c.key for c in COLUMNS] and comments[0].startswith("#")
    assert log_text(rows, comments) == text


def test_a_contact_added_in_the_editor_is_read_by_the_one_reader():
    # A call to the borrower's workplace at 2026-03-06 10:00 that disclosed the debt.
    _, rows, comments = log_rows("时间,渠道,联系对象,是否透露欠款,是否接通\n2026-03-05 09:00,短信,本人,,\n")
    rows.append({"datetime": "2026-03-06 10:00", "channel": "电话", "contacted": "单位/同事",
                 "debt_disclosed": "是", "answered": "是", "summary": "说我欠钱不还，逗号,和\"引号\""})
    contacts = conduct.read_log(log_text(rows, comments))
    assert len(contacts) == 2
    last = contacts[1]
    assert last.when == dt.datetime(2026, 3, 6, 10, 0) and last.contacted == "单位/同事"
    assert last.debt_disclosed is True and last.summary == "说我欠钱不还，逗号,和\"引号\""


def test_a_log_the_editor_cannot_show_is_refused_on_the_csv_field():
    with pytest.raises(InputError) as err:
        log_rows("time;channel\n")
    assert err.value.field == "csv"
    with pytest.raises(InputError):
        log_rows("时间,渠道,联系对象,是否透露欠款\n2026-03-05 09:00,短信,本人,,多,余\n")


@pytest.mark.skipif(shutil.which("node") is None, reason="Node.js is not installed")
def test_the_live_books_editor_splits_and_joins_the_log_as_python_does():
    text = sample_log() + '2026-03-06 10:00,电话,单位/同事,是,是,,否,,"说“还钱”,再""不还"""\n'
    script = ("const f = require(process.argv[1]); const [text, cols] = JSON.parse(require('fs')"
              ".readFileSync(0, 'utf8')); const r = f.splitLog(text, cols);"
              "process.stdout.write(JSON.stringify([r.rows, r.comments, f.joinLog(r.rows, r.comments, cols)]));")
    out = subprocess.run(["node", "-e", script, str(FORMS_JS)], input=json.dumps([text, log_columns()]),
                         capture_output=True, text=True, check=True, encoding="utf-8")
    rows, comments, joined = json.loads(out.stdout)
    _, py_rows, py_comments = log_rows(text)
    assert rows == py_rows and comments == py_comments
    assert joined == log_text(py_rows, py_comments) == text


# --- Results on a phone -------------------------------------------------------------------------


def test_a_table_of_three_columns_is_drawn_as_cards_and_labels_its_cells():
    html = table_html({"title": "时间线", "columns": ["日期", "事件", "依据"], "rows": [["2025-06-15", "到期", ""]]})
    assert 'class="overdue-table overdue-cards"' in html
    assert '<td data-label="日期">2025-06-15</td>' in html and '<td data-label="依据"></td>' in html


def test_a_two_column_table_stays_a_table():
    html = table_html({"title": "计算结果", "columns": ["项目", "数值"], "rows": [["应还总额（元）", "1025.00"]]})
    assert 'class="overdue-table"' in html and "data-label" not in html and "<td>1025.00</td>" in html


def test_a_ledger_of_13_rows_folds_behind_its_summary_and_one_of_12_does_not():
    row = ["计息", "2025-01-11", "2025-02-28"]
    folded = table_html({"title": "分段明细", "columns": ["类型", "起", "止"], "rows": [row] * 13})
    assert folded.startswith('<details class="overdue-fold"><summary>分段明细（共 13 行，点击展开）</summary>')
    assert 'role="region"' in folded  # opened, it scrolls in a box a keyboard can reach
    assert "<details" not in table_html({"title": "分段明细", "columns": ["类型", "起", "止"], "rows": [row] * 12})


# --- The widgets ----------------------------------------------------------------------------------


def test_the_widgets_write_the_built_lines_into_the_text_area_and_go_back_to_lines():
    from overdue import widgets as W

    c = W.penalty_calculator().calculator
    c.inputs["count"].value = "3"
    c.inputs["first_due"].value = "2025-01-31"
    c.inputs["principal"].value = "1000"
    c.inputs["schedule_mode"].value = "builder"
    assert c.inputs["installments"].value == "2025-01-31:333.33\n2025-02-28:333.33\n2025-03-31:333.34"
    assert c.inputs["schedule_mode"].value == "lines"
    assert c.summary.value.startswith("截至 2025-06-30，3 期欠款（合计 1000.00 元）")


def test_the_widgets_row_editor_adds_edits_and_deletes_contacts_in_the_csv():
    from overdue import widgets as W

    c = W.conduct_calculator().calculator
    c.inputs["csv"].value = "时间,渠道,联系对象,是否透露欠款,是否接通\n2026-03-05 09:00,短信,本人,,\n"
    editor = c.log_editor
    assert len(editor.rows) == 1
    editor.cells["datetime"].value = "2026-03-06 10:00"
    editor.cells["channel"].value = "电话"
    editor.cells["contacted"].value = "本人"
    editor.cells["answered"].value = "否"
    editor.add_row()
    assert c.inputs["csv"].value.splitlines()[-1] == "2026-03-06 10:00,电话,本人,,否,,,,"
    editor.list.index = 0
    editor.cells["summary"].value = "还款提醒"
    editor.save_row()
    assert c.inputs["csv"].value.splitlines()[1] == "2026-03-05 09:00,短信,本人,,,,,,还款提醒"
    editor.list.index = 0
    editor.delete_row()
    assert [r["datetime"] for r in editor.rows] == ["2026-03-06 10:00"]
    assert 'download="contact_log.csv"' in editor.export.value
    assert "data:text/csv;charset=utf-8,%EF%BB%BF" in editor.export.value  # UTF-8 with a BOM, for Excel
