"""The stated input domain (issue 18): every field's range, enforced in one place and shown in the form.

The domain is defined once, in overdue.kernel ("The input domain"), and read by the engines'
readers and by the form specification (overdue.present.forms), so that every front end shows
the same bounds that the readers enforce:

* a loan's dates: 2013-01-01 to ten years after the book's as-of date (2026-11-28 in
  data/parameters.yaml, so 2036-11-28); any other date the kernel reads: 1900..2199;
* amounts: more than 0 (or at least 0 for a fee) and at most ¥1,000,000,000,000, in whole fen;
* rates: at most 12 decimal places as a fraction, 10 in percent; the ranges the engines state;
* counts: 360 instalments, 1,000 payments, 100 costs, 365 grace days, 600 months, 10 monthly
  amounts compared, 2,000 contacts (1 MB) in a contact log;
* numbers in plain decimal notation; full-width digits (１０００) are read as ASCII digits;
  exponent notation (1e3), thousands separators (1,000) and units are refused with a message
  that says what to type.

Outside the domain: the same per-field bilingual InputError as for any other bad input;
``present.compute`` shows it at the field, the CLI exits with code 2 (tests/test_cli.py).
Nothing is clamped or rounded silently.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D

import pytest

from overdue import conduct, kernel, params, present
from overdue.apr import true_rate
from overdue.caps import excess_over_cap
from overdue.errors import InputError
from overdue.lpr_interest import lpr_interest
from overdue.penalty_interest import compute_penalty
from overdue.planning import compare_plans

RATE = "0.0005"


def _error(fn, *args, **kwargs) -> InputError:
    with pytest.raises(InputError) as info:
        fn(*args, **kwargs)
    assert info.value.message_zh and info.value.message_en
    return info.value


def _form_error(name: str, form: dict) -> dict:
    r = present.compute(name, form)
    assert r["ok"] is False, form
    assert "computable range" not in r["error"]["message_en"]  # a field error, never the last net
    return r["error"]


# --- Dates ----------------------------------------------------------------------------------


def test_借款日期的范围_自2013年1月1日起_至本书基准日后十年():
    # The book's as-of date is 2026-11-28 (data/parameters.yaml, as_of_date); ten years later is 2036-11-28.
    assert params.as_of() == dt.date(2026, 11, 28)
    assert kernel.loan_dates().first == dt.date(2013, 1, 1)
    assert kernel.loan_dates().last == dt.date(2036, 11, 28)


def test_最早一天和最晚一天可以算_前一天和后一天报错并指明字段():
    # 1,000 yuan due 2013-01-01, as of 2013-01-31: 30 days × 1000 × 0.0005 = 15.00.
    assert compute_penalty(["2013-01-01:1000"], daily_rate=RATE, as_of="2013-01-31").to_dict()["penalty"] == D(
        "15.00")
    # 1,000 yuan due 2036-10-29, as of 2036-11-28: 30 days, the same 15.00.
    assert compute_penalty(["2036-10-29:1000"], daily_rate=RATE, as_of="2036-11-28").to_dict()["penalty"] == D(
        "15.00")
    err = _error(compute_penalty, ["2012-12-31:1000"], daily_rate=RATE, as_of="2013-01-31")
    assert err.field == "installment" and "2013-01-01 至 2036-11-28" in err.message_zh
    err = _error(compute_penalty, ["2036-10-29:1000"], daily_rate=RATE, as_of="2036-11-29")
    assert err.field == "as_of" and "本书基准日 2026-11-28 之后 10 年" in err.message_zh


@pytest.mark.parametrize("name,field,value", [
    ("penalty", "as_of", "0001-01-01"),
    ("penalty", "contract_date", "9999-12-31"),
    ("penalty", "installments", "2012-12-31:1000"),
    ("penalty", "payments", "2012-06-01:100"),
    ("plan", "start", "2036-11-29"),
    ("plan", "installments", "2040-01-10:1000"),
    ("conduct", "borrower_reachable_until", "2099-01-01"),
])
def test_范围以外的日期在表单里报在该字段(name, field, value):
    err = _form_error(name, {field: value})
    assert err["field"] == field and "2013-01-01 至 2036-11-28" in err["message_zh"]


def test_其他引擎读到的日期也有日历范围_1900至2199年():
    err = _error(kernel.parse_date, "9999-12-31", "last_due")
    assert err.field == "last_due" and "1900-01-01 至 2199-12-31" in err.message_zh
    assert kernel.parse_date("2199-12-31", "x") == dt.date(2199, 12, 31)


def test_全角数字的日期照常读取():
    assert kernel.parse_loan_date("２０２５－０１－１０", "as_of") == dt.date(2025, 1, 10)


# --- Amounts ----------------------------------------------------------------------------------


def test_金额上限一万亿元_可以算_多一分报错():
    # ¥1,000,000,000,000 due 2025-01-10, as of 2025-01-11: 1 day × 0.05% = 500,000,000.00 yuan.
    r = compute_penalty(["2025-01-10:1000000000000"], daily_rate=RATE, as_of="2025-01-11")
    assert r.to_dict()["penalty"] == D("500000000.00")
    err = _error(compute_penalty, ["2025-01-10:1000000000000.01"], daily_rate=RATE, as_of="2025-01-11")
    assert err.field == "installment" and "不能超过 1,000,000,000,000 元" in err.message_zh


def test_金额最多两位小数_多一位报错_末尾的零不算():
    err = _error(compute_penalty, ["2025-01-10:1000.005"], daily_rate=RATE, as_of="2025-03-01")
    assert err.field == "installment" and "精确到分" in err.message_zh
    # 1000.000 is 1,000.00: 50 days × 1000 × 0.0005 = 25.00.
    assert compute_penalty(["2025-01-10:1000.000"], daily_rate=RATE, as_of="2025-03-01").to_dict()["penalty"] == D(
        "25.00")


@pytest.mark.parametrize("text", ["1e3", "1E+3", "1,000", "1_000", "1000元", "NaN", "Infinity", "٣"])
def test_科学计数法_千位分隔符_单位都报错_并说明该怎么写(text):
    err = _error(kernel.parse_amount, text, "principal")
    assert err.field == "principal"
    assert "请只写阿拉伯数字" in err.message_zh and "1234.56" in err.message_zh


def test_全角数字按同样的数读取():
    plain = {"installments": "2025-01-10:1000", "payments": "", "as_of": "2025-03-01", "rate": "0.05"}
    full = {"installments": "２０２５-０１-１０：１０００", "payments": "", "as_of": "２０２５－０３－０１", "rate": "０．０５"}
    assert present.compute("penalty", full) == present.compute("penalty", plain)


def test_其他金额字段也在同一范围():
    assert _error(true_rate, "1000000000000.01", 12, monthly_fee_rate="0.006").field == "principal"
    assert _error(true_rate, "6000", 12, monthly_fee_rate="0.006", upfront_fee="0.001").field == "upfront_fee"
    assert _error(excess_over_cap, "1e3", "10000", 90, "0.24", day_count=365).field == "charge"
    assert _error(lpr_interest, "1000.001", "2020-01-01", "2021-01-01", "4").field == "principal"
    assert _error(compare_plans, ["2025-01-10:1000"], ["300.001"], start="2025-02-09",
                  daily_rate=RATE).field == "monthly"


# --- Rates ----------------------------------------------------------------------------------


def test_利率最多12位小数_表单按百分数最多10位():
    assert compute_penalty(["2025-01-10:1000"], daily_rate="0.000500000001", as_of="2025-03-01")  # 12 places
    err = _error(compute_penalty, ["2025-01-10:1000"], daily_rate="0.0005000000001", as_of="2025-03-01")
    assert err.field == "daily_rate" and "12 位" in err.message_zh
    assert present.compute("penalty", {"rate": "0.0500000001"})["ok"]  # 10 places in percent
    err = _form_error("penalty", {"rate": "0.05000000001"})
    assert err["field"] == "rate" and "10 位小数" in err["message_zh"]


def test_LPR倍数不超过10():
    assert lpr_interest("10000", "2020-01-01", "2021-01-01", "10")
    assert _error(lpr_interest, "10000", "2020-01-01", "2021-01-01", "10.01").field == "multiple"


# --- Counts ----------------------------------------------------------------------------------


def test_最多360期分期_1000笔还款():
    dues = [f"{dt.date(2013, 1, 10) + dt.timedelta(days=20 * k)}:100" for k in range(361)]
    err = _error(compute_penalty, dues, daily_rate=RATE, as_of="2036-01-01")
    assert err.field == "installment" and "最多 360 期分期" in err.message_zh
    assert compute_penalty(dues[:360], daily_rate=RATE, as_of="2036-01-01")
    pays = [f"{dt.date(2025, 1, 11) + dt.timedelta(days=k % 300)}:1" for k in range(1001)]
    err = _error(compute_penalty, ["2025-01-10:5000"], pays, daily_rate=RATE, as_of="2026-01-01")
    assert err.field == "payment" and "最多 1000 笔还款" in err.message_zh


def test_表单里行数超过上限_报在该字段():
    err = _form_error("penalty", {"installments": "\n".join(["2025-01-10:100"] * 361)})
    assert err["field"] == "installments" and "最多 360 行" in err["message_zh"]
    err = _form_error("plan", {"monthly": ", ".join(str(100 + k) for k in range(11))})
    assert err["field"] == "monthly" and "最多 10 项" in err["message_zh"]


@pytest.mark.parametrize("name,field,value,words", [
    ("penalty", "grace_days", "366", "不能大于 365"),
    ("plan", "max_months", "601", "600"),
    ("apr", "months", "601", "600"),
])
def test_天数和月数有上限(name, field, value, words):
    err = _form_error(name, {field: value})
    assert err["field"] == field and words in err["message_zh"]


# --- Contact logs ------------------------------------------------------------------------------

HEADER = "时间,渠道,联系对象,是否透露欠款,是否接通,号码,是否要求停止,催收方,摘要\n"
ROW = "2026-03-02 10:00,电话,本人,,是,138****0001,否,某催收公司,请按时还款\n"


def test_联系记录最多2000条():
    # 2,000 rows are read; the 2,001st (line 2,002 of the file, after the header) is refused.
    assert len(conduct.read_log(HEADER + ROW * 2000)) == 2000
    err = _error(conduct.read_log, HEADER + ROW * 2001)
    assert "最多 2000 条" in err.message_zh and "第 2002 行" in err.message_zh


def test_联系记录的时间也在借款日期的范围内_全角数字照常读取():
    err = _error(conduct.read_log, HEADER + ROW.replace("2026-03-02", "2012-12-31"))
    assert err.field == "datetime (line 2)" and "2013-01-01 至 2036-11-28" in err.message_zh
    [c] = conduct.read_log(HEADER + ROW.replace("2026-03-02 10:00", "２０２６-０３-０２ １０:００"))
    assert c.when == dt.datetime(2026, 3, 2, 10, 0)


def test_BOM_Windows换行和空行不影响读取():
    plain = conduct.read_log(HEADER + ROW)
    assert conduct.read_log("\ufeff" + (HEADER + "\n" + ROW + "\n").replace("\n", "\r\n")) == plain


def test_用分号或制表符分隔的记录_说明要用英文逗号():
    err = _error(conduct.read_log, HEADER.replace(",", ";") + ROW.replace(",", ";"))
    assert "英文逗号" in err.message_zh


def test_超过1MB的记录报错():
    err = _error(conduct.read_log, HEADER + "#" + "x" * 1_000_000 + "\n" + ROW)
    assert "最多 1000000 字节" in err.message_zh


# --- The form specification shows the domain -----------------------------------------------


def test_表单说明写出每个字段的范围_与引擎的界限是同一组数():
    spec = {f["name"]: f for f in present.fields("penalty")}
    assert spec["as_of"]["min"] == "2013-01-01" and spec["as_of"]["max"] == "2036-11-28"
    assert spec["installments"]["max_lines"] == kernel.MAX_INSTALLMENTS == 360
    assert spec["installments"]["item"]["amount"] == {"min": "0.01", "max": "1000000000000", "decimals": 2}
    assert spec["grace_days"]["min"] == 0 and spec["grace_days"]["max"] == kernel.MAX_GRACE_DAYS
    assert spec["rate"]["decimals"] == 10
    assert "可填范围" in spec["as_of"]["help_zh"] and "2036-11-28" in spec["as_of"]["help_zh"]
    assert "1,000,000,000,000 元" in spec["installments"]["help_zh"]
    apr = {f["name"]: f for f in present.fields("apr")}
    assert apr["upfront_fee"]["min"] == "0" and apr["principal"]["min"] == "0.01"
    assert apr["monthly_fee_rate"]["below"] == "100"
    plan = {f["name"]: f for f in present.fields("plan")}
    assert plan["monthly"]["max_lines"] == 10 and plan["max_months"]["max"] == 600
    log = {f["name"]: f for f in present.fields("conduct")}
    assert log["csv"]["max_lines"] == 2000 and log["csv"]["max_bytes"] == 1_000_000


def test_每个金额_日期和天数字段都有范围():
    for name in ("penalty", "apr", "plan", "conduct", "limitation"):
        for f in present.fields(name):
            if f["kind"] in ("date", "amount", "int"):
                assert "min" in f and "max" in f, (name, f["name"])
            if f["kind"] == "rate":
                assert "min" in f and "decimals" in f, (name, f["name"])
            if f["kind"] in ("lines", "csv"):
                assert "max_lines" in f, (name, f["name"])


# --- Limitation and timeline ------------------------------------------------------------------


def test_诉讼时效的日期最晚为本书基准日后十年_更晚的报在该字段():
    from overdue.limitation import limitation
    from overdue.timeline import timeline

    # Last instalment due 2033-11-28, no event: three years (民法典第188条) end on 2036-11-28,
    # which is a Friday, so the period ends that day; judged on 2036-11-28 it has not yet expired.
    r = limitation("2033-11-28", as_of="2036-11-28")
    assert r.end == dt.date(2036, 11, 28) and not r.expired
    err = _error(limitation, "2036-11-29")
    assert err.field == "last_due" and "2036-11-28" in err.message_zh
    err = _error(limitation, "2025-01-10", as_of="9999-12-31")
    assert err.field == "as_of" and "1900-01-01 至 2036-11-28" in err.message_zh
    err = _error(limitation, "2025-01-10", [("2037-01-01", "demand")], as_of="2036-11-28")
    assert err.field == "demand"
    err = _error(timeline, ["2025-01-10:1000"], as_of="2025-02-01", contacts=["2199-01-01"])
    assert err.field == "contact"


def test_诉讼时效的事件最多1000个_中止事由最多100个():
    from overdue.limitation import limitation
    from overdue.timeline import timeline

    demands = [("2025-02-01", "demand")] * 1001
    err = _error(limitation, "2025-01-10", demands, as_of="2026-11-28")
    assert err.field == "interruption" and "最多 1000 个中断事由" in err.message_zh
    err = _error(limitation, "2025-01-10", suspensions=["2025-02-01:2025-02-02"] * 101, as_of="2026-11-28")
    assert err.field == "suspension" and "最多 100 个中止事由" in err.message_zh
    err = _error(timeline, ["2025-01-10:1000"] * 361, as_of="2026-11-28")
    assert err.field == "installment" and "最多 360 期分期" in err.message_zh
    # 1,000 demands on one day are accepted (the same day interrupts once).
    assert limitation("2025-01-10", demands[:1000], as_of="2026-11-28").end == dt.date(2028, 2, 1)


def test_2008年9月1日以前开始的时效_按法律而不是日历拒绝_并说明原因():
    from overdue.limitation import limitation

    # Last instalment due 2008-09-01, the day the 2008 interpretation took effect: 民法通则's two
    # years (第135条), counted from the next day (第154条), end on 2010-09-01 (a Wednesday).
    assert limitation("2008-09-01", as_of="2026-11-28").end == dt.date(2010, 9, 1)
    err = _error(limitation, "2008-08-31", as_of="2026-11-28")
    assert err.field == "last_due" and "2008-09-01" in err.message_zh and "未能核实" in err.message_zh


def test_诉讼时效表单写出范围_最后一期到期日自2008年9月1日起():
    spec = {f["name"]: f for f in present.fields("limitation")}
    # The 2008 interpretation took effect on 2008-09-01; the last date is 2036-11-28.
    assert spec["last_due"]["min"] == "2008-09-01" and spec["last_due"]["max"] == "2036-11-28"
    assert spec["contacts"]["max_lines"] == 1000 and spec["suspensions"]["max_lines"] == 100
    assert spec["installments"]["max_lines"] == 360
    err = _form_error("limitation", {"last_due": "2036-11-29"})
    assert err["field"] == "last_due" and "2036-11-28" in err["message_zh"]
