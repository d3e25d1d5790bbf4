"""Repayment planning (overdue.planning) and its words: hand-worked cases, properties, bad input, CLI.

Each hand-worked case writes out the working. Conventions (those of the penalty
engine, which does every penalty computation): accrual from the day after the
due date; a payment day accrues on the balance before the payment; a partial
payment goes to penalty, then principal (civil-code-561), oldest instalment
first. Payments fall on the same day each month.
"""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from decimal import Decimal as D
from decimal import localcontext

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from overdue.errors import InputError
from overdue.kernel import PRECISION
from overdue.penalty_interest import compute_penalty
from overdue.planning import compare_plans, payment_dates, plan_repayment
from overdue.present import cli
from overdue.present import plan as words

RATE = "0.0005"  # 万分之五 a day (illustrative)
ONE = ["2025-01-10:1000"]


# --- Hand-worked cases ----------------------------------------------------------


def test_一期1000元_每月还600元_第二个月还清():
    # Due 2025-01-10; first payment 2025-02-09.
    # 2025-01-11..02-09 = 30 days: 1000 × 0.0005 × 30 = 15.00 → opening balance 1015.00.
    # Payment 1: 600 → 15.00 penalty, 585.00 principal → 415.00 left.
    # 2025-02-10..03-09 = 19 + 9 = 28 days: 415 × 0.0005 × 28 = 5.81 → 420.81 owed on 03-09.
    # Payment 2: 420.81 (the remaining balance) → cleared.
    # Total paid 600 + 420.81 = 1020.81; penalty 15.00 + 5.81 = 20.81, of which 5.81 after the start.
    p = plan_repayment(ONE, monthly="600", start="2025-02-09", daily_rate=RATE)
    assert p.status == "cleared" and p.months == 2 and p.cleared_on == dt.date(2025, 3, 9)
    assert p.opening_balance == D("1015")
    assert [r.payment for r in p.rows] == [D("600"), D("420.81")]
    assert [(r.to_penalty, r.to_principal) for r in p.rows] == [(D(15), D(585)), (D("5.81"), D(415))]
    assert [r.accrued for r in p.rows] == [D(0), D("5.81")]
    assert p.total_paid == D("1020.81")
    assert p.total_penalty == D("20.81") and p.penalty_during_plan == D("5.81")
    assert p.overpayment == 0 and p.end_balance == 0
    assert words.message_zh(p) == "每月还 600.00 元，第 2 个月（2025-03-09）还清。"


def test_同样的还款按先还本金的约定顺序_少付021元():
    # principal-first: payment 1: 600 → principal (400.00 left); the 15.00 penalty stays unpaid.
    # 02-10..03-09, 28 days: 400 × 0.0005 × 28 = 5.60 → owed 400 + 15 + 5.60 = 420.60.
    # Total paid 1020.60: 0.21 less than under the 561 order
    # (= the 15.00 not taken off principal × 0.0005 × 28 days).
    p = plan_repayment(ONE, monthly="600", start="2025-02-09", daily_rate=RATE, order="principal-first")
    assert p.status == "cleared" and p.months == 2
    assert p.total_paid == D("1020.60") and p.total_penalty == D("20.60")
    q = plan_repayment(ONE, monthly="600", start="2025-02-09", daily_rate=RATE)
    assert q.total_paid - p.total_paid == D("0.21")


def test_两期逾期_先还最早一期_第三个月还清_最后一笔向上取整到分():
    # #1 1000 due 2025-01-10, #2 1000 due 2025-02-10; 1000 a month from 2025-02-10.
    # 02-10: #1 accrued 01-11..02-10 = 31 days → 15.50; #2 falls due today, nothing yet.
    #   Opening 2015.50. Payment 1000 → 15.50 penalty #1, 984.50 principal #1 (15.50 left).
    # 03-10: 02-11..03-10 = 28 days: #1 15.50 × 0.0005 × 28 = 0.217; #2 1000 × 0.0005 × 28 = 14.00.
    #   Owed 15.50 + 1000 + 0.217 + 14.00 = 1029.717. Payment 1000 → 0.217 + 15.50 (#1),
    #   14.00 + 970.283 (#2) → 29.717 left.
    # 04-10: 03-11..04-10 = 31 days: 29.717 × 0.0005 × 31 = 0.4606135 → owed 30.1776135.
    #   Last payment: 30.18 (rounded up to the cent), overpaying 0.0023865.
    p = plan_repayment(["2025-01-10:1000", "2025-02-10:1000"], monthly="1000", start="2025-02-10",
                       daily_rate=RATE)
    assert p.status == "cleared" and p.months == 3
    assert [r.balance_before for r in p.rows] == [D("2015.5"), D("1029.717"), D("30.1776135")]
    assert [r.payment for r in p.rows] == [D(1000), D(1000), D("30.18")]
    assert p.rows[1].to_penalty == D("14.217") and p.rows[1].to_principal == D("985.783")
    assert p.total_penalty == D("30.1776135")
    assert p.overpayment == D("0.0023865")
    assert p.total_paid == D("2030.18")


def test_尚未到期的一期可以提前还_多还的钱留作预付款():
    # #1 1000 due 2025-01-10 (overdue), #2 1000 due 2025-03-10 (not yet due); 1200 a month from 02-09.
    # 02-09: #1 penalty 30 days = 15.00. Owed 1015 + 1000 not yet due = 2015.
    #   1200 → 15.00 penalty, 1000 principal #1, 185 kept as credit → 815 left.
    # 03-09: nothing accrues (#1 paid, #2 not due). 815 paid → credit 1000 = #2; cleared
    # before #2 even falls due. Penalty in total: 15.00.
    p = plan_repayment(["2025-01-10:1000", "2025-03-10:1000"], monthly="1200", start="2025-02-09",
                       daily_rate=RATE)
    assert p.status == "cleared" and p.months == 2
    assert p.rows[0].to_credit == D(185) and p.rows[0].balance_after == D(815)
    assert p.rows[1].payment == D(815) and p.total_penalty == D(15)


def test_每月10元永远还不清_因为最短的一个月罚息就有14元():
    # 1000 principal × 0.0005 × 28 days = 14.00 ≥ 10: every payment goes to penalty (561 order),
    # the principal never falls. Month 1: owed 1015.00, 10 → penalty, 1005.00 left.
    p = plan_repayment(ONE, monthly="10", start="2025-02-09", daily_rate=RATE)
    assert p.status == "never" and p.months == 1 and p.stuck_base == D(1000) and p.stuck_floor == D(14)
    assert p.rows[0].to_principal == 0 and p.end_balance == D(1005)
    assert words.message_zh(p) == (
        "每月还 10.00 元永远还不清：最早一期尚未还清的本金 1000.00 元在最短的一个月（28 天）里就产生 14.00 元罚息。"
        "按先罚息、后本金的顺序，每笔还款都被罚息用完，本金一分不减。"
    )
    # The same amount under the principal-first order does clear the debt in the end:
    # 1000 / 10 = 100 months of principal, then the penalty (which stops growing).
    q = plan_repayment(ONE, monthly="10", start="2025-02-09", daily_rate=RATE, order="principal-first",
                       max_months=200)
    assert q.status == "cleared" and q.months > 100


def test_介于28天和31天罚息之间的金额_在期限内还不清():
    # 1000 × 0.0005 = 0.50 a day: 14.00 in 28 days, 15.50 in 31. 15 a month is above the
    # 28-day floor, so the "never" test does not apply, but a year's penalty (182.50) exceeds
    # a year's payments (180): after the first payment (1015 − 15 = 1000.00 left) the balance
    # creeps up, and the plan stops at max_months.
    p = plan_repayment(ONE, monthly="15", start="2025-02-09", daily_rate=RATE, max_months=24)
    assert p.status == "horizon" and p.months == 24
    assert p.rows[0].balance_after == D(1000) and p.end_balance > D(1000)
    # The 24th payment falls on 2025-02-09 + 23 months = 2027-01-09.
    assert p.last_payment_on == dt.date(2027, 1, 9)
    assert words.message_zh(p).startswith("每月还 15.00 元，24 个月内还不清（算到 2027-01-09，仍欠 1")


def test_还款日固定在每月同一天_月份太短时取月末():
    days = payment_dates(dt.date(2025, 1, 31), 4)
    assert days == [dt.date(2025, 1, 31), dt.date(2025, 2, 28), dt.date(2025, 3, 31), dt.date(2025, 4, 30)]


def test_第六章示例_第一笔还款日的欠款():
    # Three instalments of 1,000 due 2026-08-10, 09-10, 10-10; first payment 2026-12-10.
    # Penalty to 12-10 inclusive: #1 08-11..12-10 = 21+30+31+30+10 = 122 days → 61.00;
    # #2 09-11..12-10 = 20+31+30+10 = 91 days → 45.50; #3 10-11..12-10 = 21+30+10 = 61 days → 30.50.
    # 61.00 + 45.50 + 30.50 = 137.00; owed 3000 + 137.00 = 3137.00; 3000 × 0.0005 = 1.50 a day.
    c = compare_plans(["2026-08-10:1000", "2026-09-10:1000", "2026-10-10:1000"], ["300"],
                      start="2026-12-10", daily_rate=RATE)
    p = c.plans[0]
    assert (p.opening_balance, p.opening_penalty, p.daily_penalty_at_start) == (D("3137"), D("137"), D("1.5"))
    assert words.opening_zh(c) == ("第一笔还款日（2026-12-10）还款前共欠 3137.00 元，其中已产生罚息 137.00 元；"
                                   "已到期的本金每天新增罚息 1.50 元。")
    # Payment 1: 300 → the 61.00 of #1 first, then 239.00 of its principal.
    assert (p.rows[0].to_penalty, p.rows[0].to_principal) == (D(61), D(239))


def test_比较几个金额_多还的月数少_罚息也少():
    c = compare_plans(["2026-07-10:1000", "2026-08-10:1000", "2026-09-10:1000"], ["300", "600", "1000"],
                      start="2026-12-10", daily_rate=RATE)
    months = [p.months for p in c.plans]
    penalties = [p.total_penalty for p in c.plans]
    assert all(p.status == "cleared" for p in c.plans)
    assert months == sorted(months, reverse=True) and penalties == sorted(penalties, reverse=True)
    frame = words.comparison_frame(c)
    assert list(frame.index) == [300.0, 600.0, 1000.0]
    assert frame["结果"].tolist() == ["还清", "还清", "还清"]
    assert frame["还清所需月数"].tolist() == months
    d = c.to_dict()
    assert d["provisions"] == ["civil-code-561", "civil-code-531", "civil-code-543", "civil-code-676"]
    assert d["conventions"] == ["penalty_engine", "same_day_monthly", "last_payment_rounded_up",
                                "lender_accepts", "order:561"]
    assert words.notes_zh(c.plans[0])[-1] == "部分还款先抵罚息、后抵本金（《民法典》第561条的顺序，除非合同另有约定）。"
    assert len(d["plans"]) == 3 and "message" not in d["plans"][0] and "status_zh" not in d["plans"][0]


def test_议题18的最坏情形_36期各5000元_每月300元_600个月_逐月推进同一账本():
    # 36 monthly instalments of 5,000 yuan from 2023-01-10 (the last due 2025-12-10), 0.05% a day,
    # 300 yuan a month from 2026-11-28 for at most 600 months. Oldest first: each payment first
    # clears the oldest instalment's penalty (5,000 × 0.0005 × 31 = 77.50 at most a month) and then
    # its principal, so the `never` test does not stop the plan; the other 35 instalments keep
    # accruing (35 × 5,000 × 0.0005 = 87.50 a day), so it is not cleared in 600 months.
    insts = [f"{dt.date(2023 + (k // 12), 1 + k % 12, 10).isoformat()}:5000" for k in range(36)]
    p = plan_repayment(insts, monthly="300", start="2026-11-28", daily_rate=RATE, max_months=600)
    assert p.status == "horizon" and p.months == 600
    assert p.rows[-1].date == dt.date(2076, 10, 28)  # 2026-11-28 + 599 months
    assert all(r.payment == 300 for r in p.rows)
    # The plan advances one ledger month by month; after 120 months (2036-10-28, inside the date
    # domain) its state is exactly one computation with the 120 planned payments as of that day,
    # and the 600-month plan's first 120 months are that plan's.
    p120 = plan_repayment(insts, monthly="300", start="2026-11-28", daily_rate=RATE, max_months=120)
    assert p.rows[:120] == p120.rows
    made = [f"{r.date.isoformat()}:{r.payment}" for r in p120.rows]
    whole = compute_penalty(insts, made, daily_rate=RATE, as_of=p120.rows[-1].date)
    assert p120.final.to_dict(ledger=True) == whole.to_dict(ledger=True)
    # After two years each partial payment leaves a principal with more digits than the engine's
    # 100 significant ones (0.0005 × days adds four decimals a month), so the two paths agree to far
    # below a cent, not to the last digit.
    t = whole.totals
    tiny = D("1e-80")
    with localcontext(prec=PRECISION):
        assert abs(p120.rows[-1].balance_after - (t["total_due"] + t["not_yet_due_principal"] - t["credit"])) < tiny
        assert abs(p120.total_penalty - t["penalty"]) < tiny


def test_计划开始前已经还清的_不需要还款计划():
    # One instalment of 1,000 due 2025-01-10, 1,000 paid on the due date: nothing is owed on 2025-02-09.
    with pytest.raises(InputError) as info:
        plan_repayment(ONE, monthly="600", start="2025-02-09", daily_rate=RATE, payments=["2025-01-10:1000"])
    assert info.value.field == "payment" and "已经还清" in info.value.message_zh


def test_最多比较10个金额():
    with pytest.raises(InputError) as info:
        compare_plans(ONE, [str(100 + k) for k in range(11)], start="2025-02-09", daily_rate=RATE)
    assert info.value.field == "monthly" and "最多 10 个每月还款额" in info.value.message_zh


def test_按年利率折算日利率也能用():
    # 0.1825 / 365 = 0.0005 exactly: the same plan as with the daily rate.
    a = plan_repayment(ONE, monthly="600", start="2025-02-09", annual_rate="0.1825", day_count=365)
    b = plan_repayment(ONE, monthly="600", start="2025-02-09", daily_rate=RATE)
    assert a.total_paid == b.total_paid and a.total_penalty == b.total_penalty
    assert a.conventions[-1] == "day_count:365" and b.conventions[-1] == "order:561"
    assert words.notes_zh(a)[-1] == "日利率 = 年利率 ÷ 365 天。"


def test_计划开始前已还的钱计入期初余额():
    # 310 paid 2025-02-09 (15.00 penalty, 295 principal → 705). Plan from 2025-03-01:
    # 02-10..03-01 = 20 days: 705 × 0.0005 × 20 = 7.05 → opening 712.05 (as in test_money).
    p = plan_repayment(ONE, payments=["2025-02-09:310"], monthly="800", start="2025-03-01", daily_rate=RATE)
    assert p.opening_balance == D("712.05") and p.months == 1 and p.total_paid == D("712.05")


def test_明细和比较表可以转成pandas表格_并画成计算器的同一张图():
    c = compare_plans(ONE, ["10", "600"], start="2025-02-09", daily_rate=RATE)
    # The 600 plan of the first case: 600 + 420.81 = 1020.81.
    frame = words.schedule_frame(c.plans[1])
    assert frame["本月还款"].tolist() == [600.0, 420.81]
    assert frame["其中抵罚息"].tolist() == [15.0, 5.81]
    series = c.series()
    assert len(series[D("10")]) == 2 * 12  # the "never" plan is drawn over at least 12 months
    assert series[D("600")][:2] == [(dt.date(2025, 2, 9), D(1015)), (dt.date(2025, 2, 9), D(415))]
    figure = words.balance_figure(c)
    assert [s["label"] for s in figure["series"]] == ["每月还 10.00 元", "每月还 600.00 元"]
    assert figure["series"][1]["values"][:2] == [1015.0, 415.0]
    pytest.importorskip("IPython")
    svg = words.balance_chart(c, title="示例")._repr_svg_()
    assert svg.count("<polyline") == 2 and "示例" in svg
    assert json.dumps(c.to_dict(schedule=True), default=str)


def test_不同分配顺序并列的表格():
    # The two orders of the first cases: 1020.81 (561) and 1020.60 (principal first).
    a = plan_repayment(ONE, monthly="600", start="2025-02-09", daily_rate=RATE)
    b = plan_repayment(ONE, monthly="600", start="2025-02-09", daily_rate=RATE, order="principal-first")
    frame = words.orders_frame([a, b])
    assert frame.to_dict("index") == {
        "先罚息、后本金（第561条）": {"还清所需月数": 2, "累计还款": 1020.81, "罚息合计": 20.81},
        "先本金、后罚息（另有约定）": {"还清所需月数": 2, "累计还款": 1020.60, "罚息合计": 20.60},
    }


def test_引擎核心不在导入时加载pandas或matplotlib():
    code = (
        "import sys, overdue.planning;"
        "print(sorted(m for m in ('pandas', 'numpy', 'matplotlib') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


# --- Properties -------------------------------------------------------------------


@st.composite
def debts(draw):
    """1–3 overdue instalments (whole yuan), a first payment date after the last due date."""
    n = draw(st.integers(1, 3))
    first = dt.date(2025, 1, 1) + dt.timedelta(days=draw(st.integers(0, 60)))
    dues = [first + dt.timedelta(days=30 * k) for k in range(n)]
    insts = [f"{d.isoformat()}:{draw(st.integers(100, 3000))}" for d in dues]
    start = dues[-1] + dt.timedelta(days=draw(st.integers(0, 90)))
    rate = draw(st.sampled_from(["0.0002", "0.0005", "0.001"]))
    return insts, start, rate


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(debts(), st.integers(1, 3000), st.sampled_from(["561", "principal-first"]))
def test_性质_每月余额衔接_还清时累计还款等于期初欠款加新增罚息(debt, monthly, order):
    insts, start, rate = debt
    p = plan_repayment(insts, monthly=monthly, start=start, daily_rate=rate, order=order, max_months=36)
    prev = p.opening_balance
    # The engine works to 100 significant digits; over many months the exact values need more,
    # so the identities hold to far below a cent (as in test_money's properties).
    tiny = D("1e-80")
    with localcontext(prec=PRECISION):
        for r in p.rows:
            assert abs(r.balance_before - (prev + r.accrued)) < tiny
            assert abs(r.balance_after - (r.balance_before - r.payment)) < tiny
            assert r.payment <= monthly
            prev = r.balance_after
        assert abs(sum((r.accrued for r in p.rows), D(0)) - p.penalty_during_plan) < tiny
        if p.status == "cleared":
            assert 0 <= p.overpayment < D("0.01")
            assert abs(p.total_paid - (p.opening_balance + p.penalty_during_plan + p.overpayment)) < tiny
    if order == "principal-first":
        assert p.status != "never"


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(debts(), st.integers(1, 2000), st.integers(1, 1000))
def test_性质_每月多还_不会更晚还清_罚息也不会更多(debt, low, extra):
    insts, start, rate = debt
    a = plan_repayment(insts, monthly=low, start=start, daily_rate=rate, max_months=60)
    b = plan_repayment(insts, monthly=low + extra, start=start, daily_rate=rate, max_months=60)
    if a.status == "cleared":
        assert b.status == "cleared"
        assert b.months <= a.months and b.total_penalty <= a.total_penalty


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(debts(), st.integers(1, 60))
def test_性质_判为永远还不清的_继续算下去本金也不减少(debt, monthly):
    insts, start, rate = debt
    p = plan_repayment(insts, monthly=monthly, start=start, daily_rate=rate, max_months=24)
    if p.status == "never":
        longer = plan_repayment(insts, monthly=monthly, start=start, daily_rate=rate,
                                max_months=p.months + 24, stop_when_stuck=False)
        assert longer.status != "cleared"
        principal = [r.principal_after for r in longer.rows[p.months - 1:]]
        assert principal == [principal[0]] * len(principal)
        assert all(r.to_principal == 0 for r in longer.rows[p.months - 1:])


# --- Bad input ------------------------------------------------------------------


def _field(**kwargs) -> str:
    base = dict(installments=ONE, monthly="600", start="2025-02-09", daily_rate=RATE)
    base.update(kwargs)
    with pytest.raises(InputError) as info:
        plan_repayment(base.pop("installments"), **base)
    assert info.value.message_zh and info.value.message_en
    return info.value.field, info.value.message_zh


@pytest.mark.parametrize(
    "kwargs, field, words",
    [
        (dict(monthly="0"), "monthly", "大于 0"),
        (dict(monthly="-100"), "monthly", "大于 0"),
        (dict(monthly="abc"), "monthly", "不是有效的数字"),
        (dict(monthly="100.005"), "monthly", "精确到分"),
        (dict(start="2025-2-9"), "start", "YYYY-MM-DD"),
        (dict(start="2025-01-05"), "start", "早于最早一期的到期日"),
        (dict(payments=["2025-02-09:100"]), "payment", "不早于第一笔计划还款日"),
        (dict(installments=[]), "installment", "至少需要一期"),
        (dict(installments=["2025-01-10:0"]), "installment", "大于 0"),
        (dict(daily_rate="1"), "daily_rate", "小于 1"),
        (dict(order="newest"), "order", "还款分配顺序"),
        (dict(max_months="0"), "max_months", "不能小于 1"),
        (dict(max_months="601"), "max_months", "最多计算 600 个月"),
        (dict(max_months="1.5"), "max_months", "整数"),
    ],
)
def test_错误输入指出字段并给出中文说明(kwargs, field, words):
    got, message = _field(**kwargs)
    assert got == field and words in message


def test_比较时至少要有一个金额():
    with pytest.raises(InputError) as info:
        compare_plans(ONE, [], start="2025-02-09", daily_rate=RATE)
    assert info.value.field == "monthly"


# --- Command line ---------------------------------------------------------------


@pytest.fixture
def run(monkeypatch, capsys):
    """The real ``overdue.present.cli.main`` with only this module's sub-command registered."""

    def _run(*argv):
        code = cli.main(list(argv))
        out = capsys.readouterr()
        return code, (json.loads(out.out) if code == 0 else None), out.err

    return _run


def test_命令行_比较两个金额并输出明细(run):
    code, out, _ = run("plan", "--installment", "2025-01-10:1000", "--monthly", "600", "--monthly", "10",
                       "--start", "2025-02-09", "--daily-rate", "0.0005", "--schedule")
    assert code == 0
    # Money is printed as decimal strings (the first case: 600 + 420.81; opening 1015.00).
    first, second = out["plans"]
    assert first["status"] == "cleared" and first["months"] == 2 and first["total_paid"] == "1020.81"
    assert [row["payment"] for row in first["schedule"]] == ["600.00", "420.81"]
    assert first["message_zh"] == "每月还 600.00 元，第 2 个月（2025-03-09）还清。"
    assert second["status"] == "never" and second["status_zh"] == "永远还不清"
    assert (second["stuck_base"], second["stuck_floor"]) == ("1000.00", "14.00")
    assert out["opening_balance"] == "1015.00" and "civil-code-561" in out["provisions"]
    assert out["opening_zh"].startswith("第一笔还款日（2025-02-09）还款前共欠 1015.00 元")


def test_命令行_还款日早于到期日_退出码2_中英文提示并指出字段(run):
    code, _, err = run("plan", "--installment", "2025-01-10:1000", "--monthly", "600",
                       "--start", "2025-01-01", "--daily-rate", "0.0005")
    assert code == 2
    assert "错误（start）" in err and "error (start)" in err
    code, _, err = run("plan", "--installment", "2025-01-10:1000", "--monthly", "6.001",
                       "--start", "2025-02-09", "--daily-rate", "0.0005")
    assert code == 2 and "错误（monthly）" in err
