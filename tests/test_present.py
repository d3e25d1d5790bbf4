"""overdue.present: the adapter between the engines and every user interface (issue 8).

* every calculator computes with its defaults (the worked examples);
* bad input in any field gives ``ok: False`` with a Chinese message naming the
  field, never an exception;
* the figures shown equal direct engine calls (no drift between the front end
  and the engines).
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal as D

import pytest

from overdue._version import __version__
from overdue import conduct, law, params, present, rates
from overdue.present import conduct as present_conduct
from overdue.apr import true_rate
from overdue.caps import cap_for
from overdue.data import data_dir
from overdue.limitation import limitation
from overdue.penalty_interest import compare_orders, compute_penalty, q2
from overdue.planning import compare_plans
from overdue.present import limitation as limitation_words
from overdue.present import plan as plan_words
from overdue.timeline import timeline

KINDS = {"date", "amount", "rate", "int", "choice", "text", "lines", "csv"}
RESULT_KEYS = {"ok", "error", "tables", "summary", "provisions", "warnings", "figure"}


def table(result: dict, title: str) -> dict:
    return next(t for t in result["tables"] if t["title"] == title)


def row(result: dict, title: str, label: str) -> list[str]:
    return next(r for r in table(result, title)["rows"] if r[0] == label)


def add_months(day: dt.date, months: int) -> dt.date:
    year, month = divmod(day.month - 1 + months, 12)
    return day.replace(year=day.year + year, month=month + 1)


ONE = {"installments": "2025-01-10:1000", "payments": "", "as_of": "2025-03-01"}  # 50 days


def big_penalty_form() -> dict:
    """36 instalments and 12 partial payments (the largest default scenario of issue 8)."""
    first = dt.date(2023, 1, 10)
    inst = [f"{add_months(first, k)}:1072.00" for k in range(36)]
    pays = [f"{add_months(first, 3 * k) + dt.timedelta(days=17)}:{D('1500.00') + 37 * k}" for k in range(12)]
    return {"installments": "\n".join(inst), "payments": "\n".join(pays),
            "as_of": add_months(first, 36).isoformat()}


# --- The forms -------------------------------------------------------------------------


@pytest.mark.parametrize("name", present.CALCULATORS)
def test_fields_describe_a_complete_form(name):
    specs = present.fields(name)
    assert specs
    names = [f["name"] for f in specs]
    assert len(names) == len(set(names))
    for f in specs:
        assert re.fullmatch(r"[a-z_]+", f["name"]), f["name"]
        assert f["kind"] in KINDS
        assert isinstance(f["default"], str)
        assert re.search(r"[\u4e00-\u9fff]", f["label_zh"]) and re.search(r"[\u4e00-\u9fff]", f["help_zh"])
        if f["kind"] == "choice":
            values = [c[0] for c in f["choices"]]
            assert f["default"] in values
            assert all(re.search(r"[\u4e00-\u9fff]", c[1]) for c in f["choices"])


def test_fields_returns_a_copy():
    present.fields("penalty")[0]["default"] = "changed"
    assert present.fields("penalty")[0]["default"] != "changed"


def test_units_are_in_the_labels():
    labels = {f["name"]: f["label_zh"] for n in present.CALCULATORS for f in present.fields(n)}
    assert "%" in labels["rate"] and "%" in labels["monthly_fee_rate"]
    assert "元" in labels["principal"] and "天" in labels["grace_days"] and "月" in labels["months"]


def test_unknown_calculator_is_a_programming_error():
    with pytest.raises(KeyError):
        present.fields("mortgage")
    with pytest.raises(KeyError):
        present.compute("mortgage", {})


# --- Defaults: the worked examples -------------------------------------------------------


@pytest.mark.parametrize("name", present.CALCULATORS)
def test_every_calculator_computes_with_its_defaults(name):
    r = present.compute(name, {})
    # A letter is a calculator whose result also carries the document.
    assert set(r) - {"document"} == RESULT_KEYS and ("document" in r) == name.startswith("letter_")
    assert r["ok"] is True and r["error"] is None, r["error"]
    assert r["tables"] and all(t["rows"] for t in r["tables"][:1])
    for t in r["tables"]:
        assert all(len(x) == len(t["columns"]) and all(isinstance(c, str) for c in x) for x in t["rows"])
    # The copyable summary names the engine version, the LPR table date and the provisions.
    s = r["summary"]
    assert __version__ in s
    assert rates.last_confirmed().isoformat() in s
    for pid in r["provisions"]:
        assert law.cite(pid) in s
    assert "\n" not in s


def test_defaults_given_explicitly_give_the_same_result():
    for name in present.CALCULATORS:
        form = {f["name"]: f["default"] for f in present.fields(name)}
        assert present.compute(name, form) == present.compute(name, {})


def test_form_defaults_are_the_worked_examples_of_data():
    # One place for the chapters' examples: data/worked_examples.yaml. Chapter 2's
    # penalty example: 12 instalments of 536 yuan, 0.05% a day (typed as 0.05 in percent).
    penalty = {f["name"]: f["default"] for f in present.fields("penalty")}
    assert penalty["installments"].splitlines()[0] == "2024-07-15:536"
    assert len(penalty["installments"].splitlines()) == 12
    assert penalty["rate"] == "0.05" and penalty["contract_date"] == "2024-06-15"
    plan = {f["name"]: f["default"] for f in present.fields("plan")}
    assert plan["monthly"] == "300\n600\n1000" and plan["start"] == "2026-12-10"


def test_default_penalty_is_the_worked_example_of_chapter_2():
    # Chapter 2: 12 instalments of 536 yuan from 2024-07-15, the first two paid on time,
    # 600 yuan paid on 2024-11-20 and 1,000 on 2025-03-05, 0.05% a day to 2025-06-30.
    # Oldest first, penalty before principal (第561条): the 600 pays the 3rd instalment
    # (due 2024-09-15) in full and starts on the 4th; the 1,000 finishes the 4th and pays
    # part of the 5th (due 2024-11-15), which is the oldest left unpaid on 2025-06-30:
    # 2024-11-16 .. 2025-06-30 = 15 + 31 + 31 + 28 + 31 + 30 + 31 + 30 = 227 days.
    # The penalty total (287.21) is the ledger chapter 2 prints; tests/test_penalty_interest.py
    # checks the engine against an independent day-by-day reference.
    r = present.compute("penalty", {})
    assert row(r, "计算结果", "逾期天数（最早一期未还清的）")[1] == "227"
    assert row(r, "计算结果", "罚息合计（元）")[1] == "287.21"
    # What is due: 3,843.03 of instalments + 204.18 of unpaid penalty = 4,047.21.
    assert row(r, "计算结果", "未还罚息（元）")[1] == "204.18"
    assert row(r, "计算结果", "已到期未还本金（元）")[1] == "3843.03"
    assert row(r, "计算结果", "应还总额（元）")[1] == "4047.21"
    assert row(r, "利率上限", "借款合同成立日")[1] == "2024-06-15"
    assert "287.21 元" in r["summary"] and "《民法典》第561条" in r["summary"]


def test_the_fallback_example_one_instalment_50_days_25_yuan():
    r = present.compute("penalty", {"installments": "2025-01-10:1000", "payments": "",
                                     "as_of": "2025-03-01"})
    assert row(r, "计算结果", "逾期天数（最早一期未还清的）")[1] == "50"
    assert row(r, "计算结果", "罚息合计（元）")[1] == "25.00"
    assert row(r, "计算结果", "应还总额（元）")[1] == "1025.00"


def test_default_apr_is_6000_over_12_months_at_0_6_percent():
    r = present.compute("apr", {})
    assert row(r, "计算结果", "每月还款（元）")[1] == "536.00"
    assert row(r, "计算结果", "名义年化利率（12 × 月内部收益率）")[1] == "13.03%"


def test_default_limitation_is_the_worked_example_of_chapter_3():
    # Chapter 3: the last of six instalments fell due on 2025-06-15, so the period runs from
    # 2025-06-16. Each collection message that reached the borrower interrupts it; the last,
    # on 2026-06-18, restarts three years: last day 2029-06-18 (a Monday, no roll-over).
    # On the book's as-of date 2026-11-28 it has not expired.
    r = present.compute("limitation", {})
    assert row(r, "诉讼时效", "诉讼时效开始计算")[1] == "2025-06-16"
    assert row(r, "诉讼时效", "诉讼时效期间的最后一日")[1] == "2029-06-18"
    assert row(r, "诉讼时效", "截至 2026-11-28")[1] == "尚未届满"


def test_the_fallback_limitation_example_last_due_and_one_demand():
    r = present.compute("limitation", {"installments": "", "payments": "", "contacts": "2026-03-02"})
    assert row(r, "诉讼时效", "诉讼时效期间的最后一日")[1] == "2029-03-02"
    assert row(r, "诉讼时效", "最近一次中断")[1] == "2026-03-02"


def test_default_conduct_reads_the_sample_log():
    default = {f["name"]: f["default"] for f in present.fields("conduct")}
    assert default["csv"] == (data_dir() / "sample_contact_log.csv").read_text(encoding="utf-8-sig")
    r = present.compute("conduct", {})
    assert table(r, "问题清单")["rows"] and table(r, "投诉渠道")["rows"]


# --- Bad input: every field, ok False, a Chinese message naming the field ------------------

BAD = [
    ("penalty", "installments", "2025-01-10"),
    ("penalty", "installments", "2025-01-10:-5"),
    ("penalty", "installments", ""),
    ("penalty", "payments", "2025-02-30:100"),
    ("penalty", "payments", "2025-07-01:100"),  # after the as-of date
    ("penalty", "rate_kind", "weekly"),
    ("penalty", "rate", "abc"),
    ("penalty", "rate", "-0.05"),
    ("penalty", "rate", "150"),
    ("penalty", "rate", ""),
    ("penalty", "rate", "40000"),  # an annual rate whose daily rate is over 100%: see EXTRA
    ("penalty", "day_count", "366"),
    ("penalty", "as_of", "2025-3-1"),
    ("penalty", "as_of", "2024-07-01"),  # before the first due date
    ("penalty", "as_of", "0999-01-01"),
    ("penalty", "order", "lifo"),
    ("penalty", "grace_days", "2.5"),
    ("penalty", "grace_days", "-1"),
    ("penalty", "grace_mode", "never"),
    ("penalty", "lender", "pawnshop"),
    ("penalty", "contract_date", "明天"),
    ("apr", "principal", "0"),
    ("apr", "principal", "一万"),
    ("apr", "months", "0"),
    ("apr", "months", "12.5"),
    ("apr", "monthly_fee_rate", "100"),
    ("apr", "monthly_fee_rate", "x"),
    ("apr", "upfront_fee", "-1"),
    ("apr", "upfront_fee", "12000"),
    ("limitation", "last_due", "2025/06/15"),
    ("limitation", "last_due", ""),  # with no instalment plan (see EXTRA)
    ("limitation", "installments", "2025-06-15"),
    ("limitation", "contacts", "2026-03-02\n2026-02-30"),
    ("limitation", "contacts", "2027-01-01"),  # after the as-of date
    ("limitation", "payments", "2026-01-01"),
    ("limitation", "acceleration", "soon"),
    ("limitation", "acceleration", "2027-01-01"),  # after the as-of date
    ("limitation", "as_of", "2026-11-31"),
    ("limitation", "assignment_notices", "2024-09-03\n2026-02-30"),
    ("limitation", "debits", "yesterday"),
    ("limitation", "suspensions", "2024-05-31:2024-05-01"),  # ends before it starts
    ("limitation", "long_stop_from", "2030-01-01"),  # after the last due date
    ("conduct", "csv", ""),
    ("conduct", "csv", "时间,渠道\n2026-03-02 08:00,电话\n"),
    ("conduct", "csv", "时间,渠道,联系对象,是否透露欠款,是否接通\n2026-03-02 8点,电话,本人,,是\n"),
    ("conduct", "borrower_reachable_until", "2026-13-01"),
    ("conduct", "assignment_notice", "2026-13-01"),
    ("plan", "installments", "2026-08-10"),
    ("plan", "installments", ""),
    ("plan", "rate", "abc"),
    ("plan", "rate", "100"),
    ("plan", "start", "2026-13-01"),
    ("plan", "start", "2026-07-01"),  # before the first due date (the planning engine)
    ("plan", "monthly", "300\nabc"),
    ("plan", "monthly", "300, 0"),
    ("plan", "monthly", "300.001"),
    ("plan", "monthly", ""),
    ("plan", "order", "lifo"),
    ("plan", "max_months", "0"),
    ("plan", "max_months", "601"),
    ("plan", "max_months", "1.5"),
    # The schedule builder's fields (borrower-known loan terms): each refused on its own field.
    *[(n, f, v) for n in ("penalty", "limitation", "plan") for f, v in (
        ("principal", "0"), ("count", "0"), ("count", "361"), ("first_due", "2025-02-30"),
        ("per_installment", "-1"), ("schedule_mode", "auto"))],
    *[(n, f, v) for n in ("penalty", "limitation") for f, v in (
        ("paid_monthly", "abc"), ("paid_from", "soon"), ("paid_count", "1.5"))],
]


EXTRA = {("limitation", "last_due", ""): {"installments": ""},
         ("penalty", "rate", "40000"): {"rate_kind": "annual"}}


@pytest.mark.parametrize("name,field,value", BAD, ids=[f"{n}-{f}-{v[:12]!r}" for n, f, v in BAD])
def test_bad_input_names_the_field_in_chinese(name, field, value):
    r = present.compute(name, {field: value} | EXTRA.get((name, field, value), {}))
    assert r["ok"] is False
    assert r["error"]["field"] == field
    label = next(f["label_zh"] for f in present.fields(name) if f["name"] == field)
    assert r["error"]["message_zh"].startswith(label + "：")
    assert re.search(r"[\u4e00-\u9fff]", r["error"]["message_zh"][len(label):])
    assert r["error"]["message_en"]
    assert r["tables"] == [] and r["summary"] == "" and r["figure"] is None


def test_every_field_has_a_bad_input_case():
    covered = {(n, f) for n, f, _ in BAD}
    for name in present.CALCULATORS:
        if name.startswith("letter_"):
            continue  # tests/test_letters.py::test_every_letter_field_has_a_bad_input_case
        for f in present.fields(name):
            assert (name, f["name"]) in covered, (name, f["name"])


def test_a_bad_line_is_reported_by_its_number():
    r = present.compute("penalty", {"installments": "2025-01-10:1000\n\n2025-02-10:abc"})
    assert r["error"]["field"] == "installments" and "第 3 行" in r["error"]["message_zh"]


def test_csv_errors_name_the_line_and_column():
    r = present.compute("conduct", {"csv": "时间,渠道,联系对象,是否透露欠款,是否接通\n2026-03-02 8点,电话,本人,,是\n"})
    assert "第 2 行" in r["error"]["message_zh"] and "时间" in r["error"]["message_zh"]


def test_unknown_form_key_is_reported_not_raised():
    r = present.compute("apr", {"principle": "12000"})
    assert r["ok"] is False and r["error"]["field"] == "principle"


@pytest.mark.parametrize("name,form", [
    ("penalty", {"installments": "2025-01-10:1e999999"}),
    ("penalty", {"grace_days": "99999999999999"}),
    ("penalty", {"rate_kind": "annual", "rate": "1e999999"}),
    ("apr", {"principal": "1e999999"}),
    ("apr", {"months": "1e999999"}),
    ("plan", {"monthly": "1e999999"}),
    ("plan", {"installments": "2026-08-10:1e999999"}),
])
def test_absurd_numbers_never_raise(name, form):
    # Each is refused by the reader of its own field (exponent notation, or above a stated bound),
    # never by the last-resort "out of the computable range" net.
    r = present.compute(name, form)
    assert r["ok"] is False and r["error"]["message_zh"]
    assert r["error"]["field"] in form and "computable range" not in r["error"]["message_en"]


def test_non_string_values_are_accepted():
    assert present.compute("apr", {"principal": 12000, "months": 12})["ok"]
    assert present.compute("limitation", {"acceleration": None})["ok"]


def test_a_one_line_csv_is_text_never_a_path():
    # conduct.read_log treats a string without a newline as a file path.
    r = present.compute("conduct", {"csv": "/etc/passwd"})
    assert r["ok"] is False and r["error"]["field"] == "csv"
    assert "root:" not in r["error"]["message_zh"]
    r = present.compute("conduct", {"csv": str(data_dir() / "sample_contact_log.csv")})
    assert r["ok"] is False


def test_percent_sign_full_width_colon_and_spaces_are_accepted():
    plain = {"installments": "2025-01-10:1000\n2025-02-10:1000", "payments": "", "as_of": "2025-03-01"}
    typed = {"installments": "2025-01-10：1000\n 2025-02-10   1000 ", "payments": "\n",
             "as_of": " 2025-03-01 ", "rate": "0.05%"}
    assert present.compute("penalty", typed) == present.compute("penalty", plain)


# --- No drift: the front end shows what the engines compute ------------------------------


def test_penalty_equals_the_engine():
    form = big_penalty_form() | {"rate": "0.05", "order": "561", "lender": "private",
                                 "contract_date": "2022-12-10"}
    r = present.compute("penalty", form)
    assert r["ok"], r["error"]
    inst = form["installments"].splitlines()
    pays = form["payments"].splitlines()
    kw = dict(daily_rate="0.0005", as_of=form["as_of"])
    d = compute_penalty(inst, pays, order="561", **kw).to_dict(ledger=True)
    assert row(r, "计算结果", "罚息合计（元）")[1] == str(d["penalty"])
    assert row(r, "计算结果", "未还罚息（元）")[1] == str(d["unpaid_penalty"])
    assert row(r, "计算结果", "已到期未还本金（元）")[1] == str(d["outstanding_principal"])
    assert row(r, "计算结果", "应还总额（元）")[1] == str(d["total_due"])
    assert row(r, "计算结果", "逾期天数（最早一期未还清的）")[1] == str(d["overdue_days"])
    per = table(r, "各期明细")["rows"]
    assert [x[3] for x in per] == [str(i["penalty"]) for i in d["installments"]]
    assert len(table(r, "分段明细")["rows"]) == len(d["ledger"])
    cmp = compare_orders(inst, pays, **kw)
    assert row(r, "两种分配顺序的比较", "应还总额（元）")[1:] == [
        str(cmp["561"]["total_due"]), str(cmp["principal-first"]["total_due"]),
        str(cmp["difference"]["total_due"])]
    # The cap: 4 × the one-year LPR at formation, from the caps engine; above it, the
    # penalty recomputed by the penalty engine at the cap rate.
    cap = cap_for("private", "2022-12-10")
    from overdue.present.caps import explanation_zh

    assert explanation_zh(cap) == row(r, "利率上限", "依据")[1]
    capped = compute_penalty(inst, pays, order="561", annual_rate=cap.cap_annual_rate, day_count=365,
                             as_of=form["as_of"]).totals
    assert row(r, "利率上限", "按上限利率计算的罚息（元）")[1] == str(q2(capped["penalty"]))
    total = compute_penalty(inst, pays, order="561", **kw).totals
    assert row(r, "利率上限", "超出上限的罚息（元）")[1] == str(q2(total["penalty"] - capped["penalty"]))
    assert set(cap.provisions) <= set(r["provisions"])


def test_annual_rate_and_principal_first_reach_the_engine():
    r = present.compute("penalty", ONE | {"rate_kind": "annual", "rate": "18", "day_count": "360",
                                           "order": "principal-first", "payments": "2025-02-09:310"})
    d = compute_penalty(["2025-01-10:1000"], ["2025-02-09:310"], annual_rate="0.18", day_count=360,
                        as_of="2025-03-01", order="principal-first").to_dict()
    assert row(r, "计算结果", "应还总额（元）")[1] == str(d["total_due"])
    assert "年利率 18%（一年按 360 天）" in r["summary"]


def test_grace_days_reach_the_engine():
    r = present.compute("penalty", ONE | {"grace_days": "3", "grace_mode": "deferred"})
    d = compute_penalty(["2025-01-10:1000"], daily_rate="0.0005", as_of="2025-03-01", grace_days=3,
                        grace_mode="deferred").to_dict()
    assert row(r, "计算结果", "罚息合计（元）")[1] == str(d["penalty"])


@pytest.mark.parametrize("form", [
    {f["name"]: f["default"] for f in present.fields("penalty")},
    ONE,
    ONE | {"payments": "2025-02-09:310"},
    ONE | {"payments": "2025-01-10:2000"},  # overpaid on the due date: credit
    ONE | {"installments": "2025-01-10:1000\n2025-02-10:1000", "payments": "2025-01-12:1001",
           "grace_days": "5"},  # first instalment paid within grace (waived), second not
    ONE | {"installments": "2025-01-10:1000\n2025-02-10:1000", "payments": "2025-02-20:500",
           "grace_days": "5", "grace_mode": "retroactive"},
    big_penalty_form(),
])
def test_figure_ends_at_the_engines_total_due(form):
    r = present.compute("penalty", form)
    assert r["ok"], r["error"]
    fig = r["figure"]
    series = fig["series"][0]
    assert len(series["dates"]) == len(series["values"])
    assert series["dates"] == sorted(series["dates"])
    total = row(r, "计算结果", "应还总额（元）")[1]
    assert f"{series['values'][-1]:.2f}" == total
    assert len(fig["markers"]) == len([x for x in form.get("payments", "").splitlines() if x])


def test_apr_equals_the_engine():
    r = present.compute("apr", {"principal": "6000", "months": "6", "monthly_fee_rate": "0.75",
                                 "upfront_fee": "100"})
    a = true_rate("6000", "6", monthly_fee_rate="0.0075", upfront_fee="100")
    d = a.to_dict()
    assert row(r, "计算结果", "每月还款（元）")[1] == str(d["payment"])
    assert row(r, "计算结果", "到手金额（元）")[1] == str(d["amount_received"])
    assert row(r, "计算结果", "名义年化利率（12 × 月内部收益率）")[1] == f"{a.apr_nominal * 100:.2f}%"
    assert row(r, "计算结果", "实际年化利率（按月复利）")[1] == f"{a.apr_effective * 100:.2f}%"
    assert row(r, "计算结果", "月内部收益率")[1] == f"{a.irr_monthly * 100:.4f}%"
    assert [x[1] for x in table(r, "还款计划")["rows"]] == [str(p) for p in d["payments"]]


def test_limitation_equals_the_engine():
    form = {"last_due": "2023-01-10", "installments": "", "contacts": "2023-05-04\n2026-02-01",
            "payments": "2022-12-01:50", "acceleration": "2022-11-01", "as_of": "2026-11-28"}
    r = present.compute("limitation", form)
    res = limitation("2023-01-10", [("2023-05-04", "demand"), ("2026-02-01", "demand"),
                                    ("2022-12-01", "partial_payment")],
                     as_of="2026-11-28", acceleration="2022-11-01")
    d = res.to_dict()
    assert row(r, "诉讼时效", "诉讼时效期间的最后一日")[1] == d["end"]
    assert row(r, "诉讼时效", "截至 2026-11-28")[1] == ("已届满" if d["expired"] else "尚未届满")
    assert r["warnings"] == limitation_words.warnings_zh(res)
    assert r["provisions"] == d["provisions"]
    assert r["figure"]["limitation_end"] == d["end"]


def test_limitation_with_instalments_equals_the_timeline():
    inst = ["2025-04-15:500", "2025-05-15:500", "2025-06-15:500"]
    form = {"installments": "\n".join(inst), "payments": "2025-07-01:200", "contacts": "2026-03-02",
            "last_due": ""}
    r = present.compute("limitation", form)
    events = timeline(inst, ["2025-07-01:200"], ["2026-03-02"], as_of=params.as_of())
    assert [x[0] for x in table(r, "时间线")["rows"]] == [e.date.isoformat() for e in events]
    assert [x[1] for x in table(r, "时间线")["rows"]] == [limitation_words.event_label_zh(e) for e in events]
    end = next(e for e in events if e.kind == "limitation_end")
    assert row(r, "诉讼时效", "诉讼时效期间的最后一日")[1] == end.date.isoformat()
    assert r["provisions"] == list(end.provisions)
    # A last due date that disagrees with the plan is not used, and the reader is told.
    r2 = present.compute("limitation", form | {"last_due": "2025-01-01"})
    assert r2["ok"] and any("2025-06-15" in w and "2025-01-01" in w for w in r2["warnings"])


def test_limitation_settled_plan_has_no_period():
    r = present.compute("limitation", {"installments": "2025-06-15:500", "payments": "2025-07-01:500"})
    assert r["ok"] and r["figure"]["limitation_end"] is None
    assert "全部还清" in r["summary"]


def test_conduct_equals_the_engine():
    path = data_dir() / "sample_contact_log.csv"
    r = present.compute("conduct", {"csv": path.read_text(encoding="utf-8"),
                                     "borrower_reachable_until": "2026-03-05"})
    report = conduct.check(conduct.read_log(path), borrower_reachable_until="2026-03-05")
    rows = table(r, "问题清单")["rows"]
    assert [x[0] for x in rows] == [conduct.format_when(f.when) for f in report.findings]
    assert [x[1] for x in rows] == [present_conduct.RULE_ZH[f.rule] for f in report.findings]
    assert [x[4] for x in rows] == [present_conduct.RATING_ZH[f.rating] for f in report.findings]
    assert [x[5] for x in rows] == [present_conduct.detail_zh(f) for f in report.findings]
    assert [x[0] for x in table(r, "每日次数")["rows"]] == [p["date"] for p in report.per_day]
    assert [x[0] for x in table(r, "事实摘要（可作为证据说明）")["rows"]] == present_conduct.summary_zh(report).splitlines()
    assert r["warnings"] == present_conduct.caveats_zh(report)
    assert f"{len(report.findings)} 项问题" in r["summary"]


def test_conduct_without_reachability_date():
    r = present.compute("conduct", {"borrower_reachable_until": ""})
    assert r["ok"] and any("截止日期" in w for w in r["warnings"])


CH6_INSTALMENTS = ["2026-08-10:1000", "2026-09-10:1000", "2026-10-10:1000"]
CH6_TERMS = dict(start="2026-12-10", daily_rate="0.0005")


def test_default_plan_is_the_worked_example_of_chapter_6():
    defaults = {f["name"]: f["default"] for f in present.fields("plan")}
    assert defaults["installments"].splitlines() == CH6_INSTALMENTS
    assert defaults["monthly"].splitlines() == ["300", "600", "1000"]
    assert (defaults["start"], defaults["rate"], defaults["order"]) == ("2026-12-10", "0.05", "561")
    r = present.compute("plan", {})
    comparison = compare_plans(CH6_INSTALMENTS, ["300", "600", "1000"], **CH6_TERMS)
    assert plan_words.opening_zh(comparison) in r["summary"]
    assert all(plan_words.message_zh(p) in r["summary"] for p in comparison.plans)
    assert r["provisions"] == comparison.to_dict()["provisions"]


@pytest.mark.parametrize("form,amounts,kw", [
    ({}, ["300", "600", "1000"], {}),
    ({"monthly": "450, 800", "order": "principal-first"}, ["450", "800"], {"order": "principal-first"}),
    ({"monthly": "10\n300", "max_months": "24"}, ["10", "300"], {"max_months": 24}),  # 10: never
    ({"monthly": "60", "max_months": "12", "rate": "0.1"}, ["60"], {"max_months": 12, "daily_rate": "0.001"}),
])
def test_plan_equals_the_planning_engine(form, amounts, kw):
    r = present.compute("plan", form)
    assert r["ok"], r["error"]
    comparison = compare_plans(CH6_INSTALMENTS, amounts, **(CH6_TERMS | kw))
    c = comparison.to_dict(schedule=True)
    rows = table(r, "方案比较")["rows"]
    assert [x[0] for x in rows] == [str(p["monthly"]) for p in c["plans"]]
    assert [x[1] for x in rows] == [plan_words.STATUS_ZH[p["status"]] for p in c["plans"]]
    for x, p, plan in zip(rows, c["plans"], comparison.plans):
        if p["status"] == "cleared":
            assert x[2:] == [str(p["months"]), p["cleared_on"], str(p["total_paid"]),
                             str(p["penalty_during_plan"]), str(p["total_penalty"])]
        else:
            assert plan_words.message_zh(plan) in r["warnings"]
    first = c["plans"][0]
    sched = table(r, f"逐月明细（每月 {first['monthly']} 元）")["rows"]
    assert [x[1] for x in sched] == [m["date"] for m in first["schedule"]]
    assert [x[4] for x in sched] == [str(m["payment"]) for m in first["schedule"]]
    assert [x[7] for x in sched] == [str(m["balance_after"]) for m in first["schedule"]]
    assert [x[0] for x in table(r, "计算规则")["rows"]] == plan_words.notes_zh(comparison.plans[0])
    # The figure: one line per amount, the engine's points.
    series = compare_plans(CH6_INSTALMENTS, amounts, **(CH6_TERMS | kw)).series()
    fig = r["figure"]
    assert fig["kind"] == "balance" and len(fig["series"]) == len(amounts)
    for line, points in zip(fig["series"], series.values()):
        assert line["dates"] == [d.isoformat() for d, _ in points]
        assert line["values"] == [float(q2(b)) for _, b in points]


def test_plan_amounts_may_be_lines_or_comma_separated():
    assert present.compute("plan", {"monthly": "300，600、1000"}) == present.compute("plan", {})
    assert present.compute("plan", {"monthly": " 300 \n\n600,1000\n"}) == present.compute("plan", {})


def test_frontend_imports_no_heavy_package_at_module_level():
    import subprocess
    import sys

    code = ("import sys, overdue.present, overdue.penalty_interest, overdue.caps, overdue.apr, overdue.limitation,"
            " overdue.timeline, overdue.conduct, overdue.planning\n"
            "bad = [m for m in ('pandas', 'numpy', 'ipywidgets', 'matplotlib') if m in sys.modules]\n"
            "print(bad)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
