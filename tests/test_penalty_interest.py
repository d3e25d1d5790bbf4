"""Penalty interest engine (overdue.penalty_interest): hand-worked cases, properties, bad input, CLI.

Each hand-worked case writes out the working. Conventions under test:
accrual from the day after the due date through the as-of date inclusive;
a payment day accrues on the balance before the payment. The words shown for
a computation (overdue.present.penalty) are tested here too, as literal text.
"""

from __future__ import annotations

import ast
import datetime as dt
import inspect
import json
import subprocess
import sys
from decimal import Decimal as D
from decimal import localcontext

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from overdue import law, penalty_interest
from overdue.errors import InputError
from overdue.kernel import PRECISION, q2
from overdue.penalty_interest import (
    compare_orders,
    compute_penalty,
    compute_penalty_daily,
    orders_compared,
    recompute,
)
from overdue.present import cli
from overdue.present import penalty as view

RATE = "0.0005"  # 万分之五 a day


# --- Hand-worked cases ----------------------------------------------------------


def test_一笔1000元_逾期50天_日利率万分之五的分期_罚息为25元():
    # Due 2025-01-10. Accrual starts the next day (civil-code-201):
    #   2025-01-11..01-31 = 21 days, February = 28 days, 2025-03-01 = 1 day → 50 days.
    # 1000 × 0.0005 × 50 = 25.00
    r = compute_penalty(["2025-01-10:1000"], daily_rate=RATE, as_of="2025-03-01")
    d = r.to_dict()
    assert d["overdue_days"] == 50
    assert d["penalty"] == D("25.00")
    assert d["unpaid_penalty"] == D("25.00")
    assert d["outstanding_principal"] == D("1000.00")
    assert d["total_due"] == D("1025.00")
    assert r.totals["penalty"] == D("25")  # exact, not only after rounding


def test_计算日就是到期日时_没有逾期天数也没有罚息():
    # Accrual starts the day after the due date: nothing yet on the due date itself.
    d = compute_penalty(["2025-01-10:1000"], daily_rate=RATE, as_of="2025-01-10").to_dict()
    assert d["overdue_days"] == 0 and d["penalty"] == 0 and d["total_due"] == D("1000.00")


def test_部分还款按第561条先抵罚息再抵本金_还款当天按还款前余额计息():
    # 1000 due 2025-01-10; 310 paid on 2025-02-09.
    # 2025-01-11..02-09 = 30 days (payment day included, on the old balance):
    #   1000 × 0.0005 × 30 = 15.00 penalty.
    # 561 order: 310 → 15.00 penalty, 295.00 principal → principal 705.00 from 02-10.
    # 2025-02-10..03-01 = 19 + 1 = 20 days: 705 × 0.0005 × 20 = 7.05.
    # Penalty 22.05, of which 15.00 paid → unpaid 7.05; total due 705 + 7.05 = 712.05.
    r = compute_penalty(["2025-01-10:1000"], ["2025-02-09:310"], daily_rate=RATE, as_of="2025-03-01")
    d = r.to_dict()
    assert (d["penalty"], d["paid_penalty"], d["unpaid_penalty"]) == (D("22.05"), D("15.00"), D("7.05"))
    assert d["outstanding_principal"] == D("705.00")
    assert d["total_due"] == D("712.05")
    accruals = [row for row in r.ledger if row.kind == "accrual"]
    assert [(a.start, a.end, a.days, a.base, a.accrued) for a in accruals] == [
        (dt.date(2025, 1, 11), dt.date(2025, 2, 9), 30, D(1000), D(15)),
        (dt.date(2025, 2, 10), dt.date(2025, 3, 1), 20, D(705), D("7.05")),
    ]
    (payment,) = [row for row in r.ledger if row.kind == "payment"]
    assert payment.allocation == ((1, "penalty", D(15)), (1, "principal", D(295)))


def test_同一笔还款按先还本金的约定顺序_应还总额少015元():
    # principal-first: 310 → principal, 690.00 left from 02-10; the 15.00 penalty stays unpaid.
    # 02-10..03-01: 690 × 0.0005 × 20 = 6.90 → penalty 21.90, all unpaid; total due 690 + 21.90 = 711.90.
    # Difference from the 561 order: 712.05 − 711.90 = 0.15 = the 15.00 that was not
    # paid off principal × 0.0005 × 20 days.
    d = compute_penalty(["2025-01-10:1000"], ["2025-02-09:310"], daily_rate=RATE,
                        as_of="2025-03-01", order="principal-first").to_dict()
    assert (d["penalty"], d["unpaid_penalty"], d["total_due"]) == (D("21.90"), D("21.90"), D("711.90"))
    cmp = compare_orders(["2025-01-10:1000"], ["2025-02-09:310"], daily_rate=RATE, as_of="2025-03-01")
    assert cmp["difference"]["total_due"] == D("0.15")
    assert cmp["561"]["total_due"] == D("712.05")
    assert cmp["principal-first"]["total_due"] == D("711.90")
    assert view.orders_explanation_zh(cmp) == (
        "按第561条的顺序，部分还款先抵罚息，本金减少得慢，之后的罚息按较高的本金计算；"
        "与先还本金相比，截至 2025-03-01 应还总额多 0.15 元。")


def test_已算出的结果换一种分配顺序只需再算一次_结果与直接计算相同():
    # The same case as above, computed once under principal-first, then compared:
    # orders_compared re-runs only the 561 order; the figures are those of the two cases above.
    pf = compute_penalty(["2025-01-10:1000"], ["2025-02-09:310"], daily_rate=RATE, as_of="2025-03-01",
                         order="principal-first")
    cmp = orders_compared(pf)
    assert (cmp["561"]["total_due"], cmp["principal-first"]["total_due"]) == (D("712.05"), D("711.90"))
    assert cmp["difference"]["paid_penalty"] == D("15.00")  # 15.00 of penalty paid under 561, none under pf
    # recompute at 0.0003 a day: 30 days × 1000 × 0.0003 = 9.00 penalty paid, 301 to principal → 699;
    # 20 days × 699 × 0.0003 = 4.194 → penalty 13.194, total due 699 + 4.194 = 703.194.
    low = recompute(compute_penalty(["2025-01-10:1000"], ["2025-02-09:310"], daily_rate=RATE,
                                    as_of="2025-03-01"), daily_rate="0.0003")
    assert (low.totals["penalty"], low.totals["total_due"]) == (D("13.194"), D("703.194"))


def test_两期逾期时先还最早一期_与按种类整体分配的差别():
    # Instalment 1: 1000 due 2025-01-10; instalment 2: 1000 due 2025-02-10; 1010 paid 2025-02-20.
    # Penalty up to 02-20: #1 01-11..02-20 = 41 days → 20.50; #2 02-11..02-20 = 10 days → 5.00.
    # oldest-first (561 within each instalment): 20.50 penalty #1, 989.50 principal #1 (10.50 left);
    #   #2 untouched (5.00 penalty unpaid).
    # by-kind (561 over the loan as one debt): 20.50 + 5.00 penalty, 984.50 principal #1 (15.50 left).
    # 02-21..03-02 = 8 + 2 = 10 days:
    #   oldest-first base 10.50 + 1000 = 1010.50 → 5.0525; total due 1010.50 + 5.00 + 5.0525 = 1020.5525
    #   by-kind     base 15.50 + 1000 = 1015.50 → 5.0775; total due 1015.50 + 5.0775 = 1020.5775
    args = (["2025-01-10:1000", "2025-02-10:1000"], ["2025-02-20:1010"])
    a = compute_penalty(*args, daily_rate=RATE, as_of="2025-03-02")
    b = compute_penalty(*args, daily_rate=RATE, as_of="2025-03-02", across="by-kind")
    assert a.totals["total_due"] == D("1020.5525") and q2(a.totals["total_due"]) == D("1020.55")
    assert b.totals["total_due"] == D("1020.5775") and q2(b.totals["total_due"]) == D("1020.58")
    # The oldest instalment still owing is #1: 2025-01-10 → 2025-03-02 = 21 + 28 + 2 = 51 days.
    assert a.overdue_days == 51 == b.overdue_days
    assert [x["outstanding_principal"] for x in a.by_installment()] == [D("10.50"), D("1000.00")]


def test_宽限期内还清_不收罚息():
    # Grace 3 days (retroactive): 01-11..01-13 accrue 1000 × 0.0005 × 3 = 1.50, held back;
    # paid in full on 01-13, the last grace day → waived.
    d = compute_penalty(["2025-01-10:1000"], ["2025-01-13:1000"], daily_rate=RATE,
                        as_of="2025-01-20", grace_days=3).to_dict()
    assert d["penalty"] == 0 and d["waived_penalty"] == D("1.50") and d["total_due"] == 0
    assert d["overdue_days"] == 0


def test_超过宽限期才还_罚息自到期日次日起算():
    # Grace 3 days, retroactive: not paid by 01-13, so the 1.50 of 01-11..01-13 becomes payable,
    # and 01-14 adds 0.50 → 2.00 on 2025-01-14. 1002 paid that day covers 2.00 + 1000.
    d = compute_penalty(["2025-01-10:1000"], ["2025-01-14:1002"], daily_rate=RATE,
                        as_of="2025-01-20", grace_days=3).to_dict()
    assert d["penalty"] == D("2.00") and d["total_due"] == 0 and d["waived_penalty"] == 0


def test_宽限期的两种读法():
    # Unpaid, as of 2025-01-20, grace 3 days.
    # retroactive: 01-11..01-20 = 10 days → 5.00.   deferred: 01-14..01-20 = 7 days → 3.50.
    kw = dict(daily_rate=RATE, as_of="2025-01-20", grace_days=3)
    assert compute_penalty(["2025-01-10:1000"], **kw).to_dict()["penalty"] == D("5.00")
    assert compute_penalty(["2025-01-10:1000"], grace_mode="deferred", **kw).to_dict()["penalty"] == D("3.50")
    # Within the grace period nothing is payable yet: 2 days × 0.50 = 1.00 held back.
    d = compute_penalty(["2025-01-10:1000"], daily_rate=RATE, as_of="2025-01-12", grace_days=3).to_dict()
    assert d["penalty"] == 0 and d["pending_penalty"] == D("1.00") and d["total_due"] == D("1000.00")


def test_费用在第561条顺序中最先受偿_在先还本金顺序中最后():
    # 1000 due 2025-01-10; a cost of 50 incurred 2025-02-01; 100 paid 2025-02-09.
    # Penalty to 02-09: 30 days × 0.50 = 15.00.
    # 561: 50 costs, 15 penalty, 35 principal → 965.   principal-first: 100 principal → 900.
    kw = dict(daily_rate=RATE, as_of="2025-02-09", costs=["2025-02-01:50"])
    a = compute_penalty(["2025-01-10:1000"], ["2025-02-09:100"], **kw).to_dict()
    assert (a["unpaid_costs"], a["unpaid_penalty"], a["outstanding_principal"]) == (0, 0, D("965.00"))
    b = compute_penalty(["2025-01-10:1000"], ["2025-02-09:100"], order="principal-first", **kw).to_dict()
    assert (b["unpaid_costs"], b["unpaid_penalty"], b["outstanding_principal"]) == (
        D("50.00"), D("15.00"), D("900.00"))
    assert a["total_due"] == b["total_due"] == D("965.00")  # same day: only the split differs


def test_多还的钱留作预付款_下一期到期时自动冲抵():
    # 1500 paid on 2025-01-10 (the first due date): 1000 settles #1, 500 is kept as credit,
    # applied to #2 on its due date 2025-02-10 → 500 left, accruing from 02-11:
    # 02-11..03-01 = 18 + 1 = 19 days × 500 × 0.0005 = 4.75.
    d = compute_penalty(["2025-01-10:1000", "2025-02-10:1000"], ["2025-01-10:1500"],
                        daily_rate=RATE, as_of="2025-03-01").to_dict()
    assert d["penalty"] == D("4.75") and d["outstanding_principal"] == D("500.00")
    assert d["credit"] == 0
    # Paying more than everything: the rest is shown as credit, total due 0.
    d = compute_penalty(["2025-01-10:1000"], ["2025-01-05:1200"], daily_rate=RATE, as_of="2025-02-01").to_dict()
    assert d["credit"] == D("200.00") and d["total_due"] == 0 and d["penalty"] == 0


def test_年利率按365天或360天折算日利率():
    # 0.1825 / 365 = 0.0005 and 0.18 / 360 = 0.0005: both give the 25.00 of the first case.
    for annual, day_count in (("0.1825", 365), ("0.18", 360)):
        d = compute_penalty(["2025-01-10:1000"], annual_rate=annual, day_count=day_count, as_of="2025-03-01").to_dict()
        assert d["penalty"] == D("25.00")
    # The default day_count is read from data/parameters.yaml (day_count_basis, 365), on the first
    # day of the penalty period: 2025-01-11, the day after the due date.
    d = compute_penalty(["2025-01-10:1000"], annual_rate="0.1825", as_of="2025-03-01").to_dict()
    assert d["day_count"] == 365 and d["penalty"] == D("25.00")
    assert d["parameters"] == [{"name": "day_count_basis", "on": "2025-01-11", "value": 365}]
    # A daily rate needs no day-count year, so none is read.
    assert compute_penalty(["2025-01-10:1000"], daily_rate=RATE, as_of="2025-03-01").parameters == ()


def test_早于本书一年天数惯例起始日的期间_仍按365天折算_并明确记录和说明():
    # day_count_basis starts 2019-08-20 (a convention of the book, not a rule of law with a start
    # date). An instalment due 2018-05-10: the period starts 2018-05-11, before it; the first value
    # (365) is used on purpose, and the record and the note say so.
    # 2018-05-11..2018-06-09 = 21 + 9 = 30 days × 1000 × 0.1825 / 365 = 15.00.
    r = compute_penalty(["2018-05-10:1000"], annual_rate="0.1825", as_of="2018-06-09")
    assert r.totals["penalty"] == D("15.00")
    assert r.parameters == ({"name": "day_count_basis", "on": "2018-05-11", "value": 365,
                             "before_first_value": True, "first_value_from": "2019-08-20"},)
    assert view.notes_zh(r)[-1] == ("2018-05-11 早于本书一年天数惯例（data/parameters.yaml 的 day_count_basis）"
                                    "的起始日 2019-08-20，仍按该惯例的 365 天折算。")


def test_罚息0点005元显示为0点01元_四舍五入而不是银行家舍入():
    # 1 yuan × 0.005 × 1 day = 0.005 → half up → 0.01 (banker's rounding would give 0.00).
    d = compute_penalty(["2025-01-10:1"], daily_rate="0.005", as_of="2025-01-11").to_dict()
    assert d["penalty"] == D("0.01")


def test_利率为零时罚息为零():
    d = compute_penalty(["2025-01-10:1000"], daily_rate="0", as_of="2026-01-10").to_dict()
    assert d["penalty"] == 0 and d["total_due"] == D("1000.00")


def test_结果写明依据的条文_且条文编号都存在():
    d = compute_penalty(["2025-01-10:1000"], daily_rate=RATE, as_of="2025-03-01").to_dict()
    assert {"civil-code-201", "civil-code-561"} <= set(d["provisions"])
    for pid in d["provisions"]:
        law.provision(pid)


def test_引擎只给出规则代码_说明文字由展示层按代码写出():
    # 1000 due 2025-01-10, 310 paid 2025-02-09, grace 3 days (deferred), as of 2025-03-01.
    r = compute_penalty(["2025-01-10:1000"], ["2025-02-09:310"], daily_rate=RATE, as_of="2025-03-01",
                        grace_days=3, grace_mode="deferred")
    assert [rule["code"] for rule in r.rules()] == [
        "accrual-from-next-day", "payment-day-on-old-balance", "allocation", "no-compounding", "grace"]
    assert r.rules()[2] == {"code": "allocation", "order": "561", "across": "oldest-first",
                            "provisions": ["civil-code-561"]}
    assert view.notes_zh(r) == [
        "罚息自每期到期日的次日起算（《民法典》第201条），计至计算日当天（含）。",
        "还款当天按还款前的余额计息，还款从次日起减少计息基数。",
        "部分还款的分配顺序：先实现债权的费用、再利息（罚息）、后本金（《民法典》第561条）；"
        "多期逾期时先还最早到期的一期，还清一期再还下一期（本引擎的默认规则）。",
        "罚息不再计罚息（不计复利）。金额只在显示时四舍五入到分。",
        "宽限期 3 天：宽限期内不计罚息，届满次日起计。",
    ]
    assert view.notes_zh(r.to_dict()) == view.notes_zh(r)  # the CLI's dict gives the same words
    # An annual rate adds the conversion: 0.18 / 360.
    a = compute_penalty(["2025-01-10:1000"], annual_rate="0.18", day_count=360, as_of="2025-03-01")
    assert view.notes_zh(a)[-1] == "日利率 = 年利率 ÷ 360 天。"


def test_宽限期届满的账本行给出结果代码():
    # Two instalments of 1000 (due 01-10 and 02-10), grace 5 days (retroactive); 1001 paid 01-12.
    # #1: 01-11 and 01-12 accrue 2 × 1000 × 0.0005 = 1.00, held back (not yet payable), so the
    #     1001 goes 1000 to #1's principal and 1 to credit; #1 is repaid within its grace period,
    #     and on 01-15 (due + 5) the 1.00 is waived.
    # #2: on 02-10 the credit of 1 pays 1 of it (999 left); 02-11..02-15 accrue 5 × 999 × 0.0005
    #     = 2.4975, held; still unpaid on 02-15, the held penalty becomes payable.
    r = compute_penalty(["2025-01-10:1000", "2025-02-10:1000"], ["2025-01-12:1001"], daily_rate=RATE,
                        as_of="2025-03-01", grace_days=5)
    ends = [(row.start.isoformat(), row.installments, row.outcome) for row in r.ledger if row.kind == "grace-end"]
    assert ends == [("2025-01-15", (1,), "held-waived"), ("2025-02-15", (2,), "held-payable")]
    assert r.totals["waived_penalty"] == D("1.00")
    notes = [view.row_note_zh(row) for row in r.ledger if row.kind == "grace-end"]
    assert notes == ["宽限期内已还清本金：宽限期内的罚息免收", "宽限期届满仍未还清：宽限期内的罚息转为应付"]


def test_明细表的pandas视图_金额到分():
    # The ledger of the 310-yuan case: due, accrual 30 days (15.00), payment, accrual 20 days (7.05).
    r = compute_penalty(["2025-01-10:1000"], ["2025-02-09:310"], daily_rate=RATE, as_of="2025-03-01")
    frame = view.ledger_frame(r)
    assert list(frame.columns) == ["类型", "起", "止", "天数", "基数", "日利率", "罚息", "还款", "分配", "说明"]
    assert frame["类型"].tolist() == ["到期", "计息", "还款", "计息"]
    assert frame["罚息"].tolist() == ["", "15.00", "", "7.05"]
    assert frame["分配"].tolist()[2] == "第1期罚息 15.00；第1期本金 295.00"
    assert frame["说明"].tolist()[0] == "第1期到期，金额 1000.00"
    assert json.dumps(r.to_dict(ledger=True), default=str)


def test_逐日参照实现与分段引擎互不依赖():
    # The reference must not share the computation it checks: no _State, _events, _targets,
    # _allocate, _process_day or PenaltyRun in its body (it may share the input reader _prepare).
    tree = ast.parse(inspect.getsource(penalty_interest.compute_penalty_daily))
    names = {n.id for n in ast.walk(tree) if isinstance(n, ast.Name)}
    assert not names & {"_State", "_events", "_targets", "_allocate", "_process_day", "_run", "PenaltyRun",
                        "PenaltyResult"}


def test_引擎核心不在导入时加载pandas或numpy():
    # Nor does the presentation layer (pandas only when a frame is asked for).
    code = (
        "import sys, overdue.penalty_interest, overdue.apr, overdue.caps, overdue.lpr_interest, overdue.roots,"
        " overdue.present.penalty, overdue.present.caps, overdue.present.apr, overdue.present.lpr_interest;"
        "print(sorted(m for m in ('pandas', 'numpy', 'scipy') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


# --- Bad input ------------------------------------------------------------------


def _field(**kwargs) -> str:
    base = dict(installments=["2025-01-10:1000"], daily_rate=RATE, as_of="2025-03-01")
    base.update(kwargs)
    with pytest.raises(InputError) as info:
        compute_penalty(base.pop("installments"), base.pop("payments", ()), **base)
    assert info.value.message_zh and info.value.message_en
    return info.value.field


@pytest.mark.parametrize("inst", ["2025-01-10:0", "2025-01-10:-5", "2025-01-10:abc", "2025-01-10"])
def test_分期金额为零负数或格式不对时报错并指出字段(inst):
    assert _field(installments=[inst]) == "installment"


def test_没有分期时报错():
    assert _field(installments=[]) == "installment"


@pytest.mark.parametrize("rate", ["1", "1.5", "-0.0001", "x"])
def test_日利率为1或以上或为负数时报错(rate):
    assert _field(daily_rate=rate) == "daily_rate"


def test_日利率和年利率必须且只能给一个():
    assert _field(daily_rate=None) == "daily_rate"
    assert _field(annual_rate="0.18") == "daily_rate"
    assert _field(daily_rate=None, annual_rate="-0.1") == "annual_rate"
    assert _field(daily_rate=None, annual_rate="0.18", day_count=366) == "day_count"
    assert _field(day_count=365) == "day_count"  # a day_count with a daily rate is a mistake, not ignored


@pytest.mark.parametrize("day", ["2025-02-30", "2025/03/01", "20250301", ""])
def test_日期不存在或格式不对时报错(day):
    assert _field(as_of=day) == "as_of"
    assert _field(installments=[f"{day}:1000"]) == "installment"


def test_计算日早于第一期到期日时报错():
    assert _field(as_of="2025-01-09") == "as_of"


def test_还款日晚于计算日时报错():
    assert _field(payments=["2025-03-02:100"]) == "payment"
    assert _field(payments=["2025-02-01:0"]) == "payment"


def test_宽限期和分配顺序的非法值报错():
    assert _field(grace_days=-1) == "grace_days"
    assert _field(grace_days="2.5") == "grace_days"
    assert _field(grace_mode="sometimes") == "grace_mode"
    assert _field(order="interest-last") == "order"
    assert _field(across="newest-first") == "across"


# --- Properties -----------------------------------------------------------------

FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
BASE = dt.date(2024, 1, 1)

amounts = st.integers(min_value=1, max_value=500_000).map(lambda c: D(c) / 100)  # 0.01..5000.00
rates_ = st.integers(min_value=0, max_value=300).map(lambda k: D(k) / 100_000)  # 0..0.003 a day


@st.composite
def cases(draw):
    n = draw(st.integers(1, 4))
    dues = sorted(BASE + dt.timedelta(days=draw(st.integers(0, 200))) for _ in range(n))
    insts = [(d, draw(amounts)) for d in dues]
    as_of = dues[0] + dt.timedelta(days=draw(st.integers(0, 300)))
    pays = []
    for _ in range(draw(st.integers(0, 4))):
        offset = draw(st.integers(-20, (as_of - dues[0]).days))
        pays.append((dues[0] + dt.timedelta(days=offset), draw(amounts)))
    costs = []
    for _ in range(draw(st.integers(0, 2))):
        offset = draw(st.integers(0, (as_of - dues[0]).days))
        costs.append((dues[0] + dt.timedelta(days=offset), draw(amounts)))
    kw = dict(
        costs=costs,
        daily_rate=draw(rates_),
        as_of=as_of,
        grace_days=draw(st.integers(0, 5)),
        grace_mode=draw(st.sampled_from(["retroactive", "deferred"])),
        order=draw(st.sampled_from(["561", "principal-first"])),
        across=draw(st.sampled_from(["oldest-first", "by-kind"])),
    )
    return insts, pays, kw


@FAST
@given(cases(), st.integers(1, 200))
def test_性质_计算日越晚罚息不会减少(case, later):
    insts, pays, kw = case
    a = compute_penalty(insts, pays, **kw).totals
    kw2 = dict(kw, as_of=kw["as_of"] + dt.timedelta(days=later))
    b = compute_penalty(insts, pays, **kw2).totals
    assert b["penalty"] >= a["penalty"]
    assert b["penalty"] + b["pending_penalty"] >= a["penalty"] + a["pending_penalty"]


@FAST
@given(cases(), amounts, st.data())
def test_性质_多还钱不会使应还总额增加(case, extra, data):
    insts, pays, kw = case
    offset = data.draw(st.integers(-20, (kw["as_of"] - insts[0][0]).days))
    more = pays + [(insts[0][0] + dt.timedelta(days=offset), extra)]
    a = compute_penalty(insts, pays, **kw).totals
    b = compute_penalty(insts, more, **kw).totals
    assert b["total_due"] <= a["total_due"]
    if pays:  # raising an existing payment is also paying more
        bigger = [(pays[0][0], pays[0][1] + extra)] + pays[1:]
        assert compute_penalty(insts, bigger, **kw).totals["total_due"] <= a["total_due"]


@FAST
@given(cases())
def test_性质_第561条顺序的应还总额不低于先还本金(case):
    insts, pays, kw = case
    a = compute_penalty(insts, pays, **dict(kw, order="561")).totals
    b = compute_penalty(insts, pays, **dict(kw, order="principal-first")).totals
    assert a["total_due"] >= b["total_due"]


@FAST
@given(cases(), rates_)
def test_性质_利率越高罚息和应还总额不会减少(case, other):
    # The shortcut of caps.penalty_above_cap (no second run within the cap) rests on this.
    insts, pays, kw = case
    low, high = sorted((kw["daily_rate"], other))
    a = compute_penalty(insts, pays, **dict(kw, daily_rate=low)).totals
    b = compute_penalty(insts, pays, **dict(kw, daily_rate=high)).totals
    assert a["penalty"] <= b["penalty"] and a["total_due"] <= b["total_due"]


@FAST
@given(cases())
def test_性质_利率为零罚息为零(case):
    insts, pays, kw = case
    t = compute_penalty(insts, pays, **dict(kw, daily_rate=D(0))).totals
    assert t["penalty"] == 0 and t["pending_penalty"] == 0 and t["unpaid_penalty"] == 0


@FAST
@given(cases())
def test_性质_分段计算等于逐日累加(case):
    insts, pays, kw = case
    a = compute_penalty(insts, pays, **kw)
    b = compute_penalty_daily(insts, pays, **kw)
    assert a.totals == b.totals  # exact Decimal equality, not only after rounding
    assert a.overdue_days == b.overdue_days
    accrual_days = sum(r.days for r in a.ledger if r.kind == "accrual")
    assert accrual_days <= (kw["as_of"] - insts[0][0]).days


@st.composite
def many(draw):
    """Up to 15 instalments and 15 payments: instalments settled early, late, in between, and by-kind
    payments that reach every instalment (the paths of the engine's lazy booking)."""
    n = draw(st.integers(1, 15))
    dues = sorted(BASE + dt.timedelta(days=draw(st.integers(0, 400))) for _ in range(n))
    insts = [(d, draw(amounts)) for d in dues]
    as_of = dues[-1] + dt.timedelta(days=draw(st.integers(0, 200)))
    pays = [(dues[0] + dt.timedelta(days=draw(st.integers(-5, (as_of - dues[0]).days))),
             draw(st.one_of(amounts, st.integers(1, 40_000).map(D)))) for _ in range(draw(st.integers(0, 15)))]
    kw = dict(daily_rate=draw(rates_), as_of=as_of, grace_days=draw(st.sampled_from([0, 0, 3, 30])),
              grace_mode=draw(st.sampled_from(["retroactive", "deferred"])),
              order=draw(st.sampled_from(["561", "principal-first"])),
              across=draw(st.sampled_from(["oldest-first", "by-kind"])))
    return insts, pays, kw


@FAST
@given(many())
def test_性质_多期多笔还款时分段计算也等于逐日累加(case):
    # The engine books an instalment's penalty only when something about it changes; the daily
    # reference books every day. With rates in finite decimals both are exact: equal to the last digit.
    insts, pays, kw = case
    a = compute_penalty(insts, pays, **kw)
    b = compute_penalty_daily(insts, pays, **kw)
    assert a.totals == b.totals and a.overdue_days == b.overdue_days


@FAST
@given(many(), st.lists(st.tuples(st.integers(0, 600), amounts), max_size=8))
def test_性质_逐月推进同一账本_与按全部还款一次计算相同(case, later):
    # PenaltyRun (what the repayment planner uses): advance to each new payment's day, pay it,
    # advance to the as-of date. The ledger and the figures are those of one compute_penalty
    # with every payment: to the cent everywhere, and to far below a cent in the exact figures
    # (each partial payment can add digits to a principal; past the engine's 100 significant
    # digits the two ways of adding round differently).
    insts, pays, kw = case
    kw = dict(kw, grace_days=0)
    start = max([d for d, _ in pays] + [insts[0][0]])
    steps = sorted((start + dt.timedelta(days=k), a) for k, a in later)
    as_of = max([kw["as_of"]] + [d for d, _ in steps])
    p = penalty_interest._prepare(insts, pays, (), kw["daily_rate"], None, None, start, 0, kw["grace_mode"],
                                  kw["order"], kw["across"])
    run = penalty_interest.PenaltyRun(p)
    for day, amount in steps:
        run.advance(day)
        run.pay(amount)
    run.advance(as_of)
    stepped = run.result()
    whole = compute_penalty(insts, pays + steps, **dict(kw, as_of=as_of))
    assert stepped.to_dict(ledger=True) == whole.to_dict(ledger=True)
    a, b, tiny = stepped.totals, whole.totals, D("1e-80")
    assert all(abs(a[k] - b[k]) < tiny for k in a)
    with localcontext(prec=PRECISION):  # the running totals the planner reads agree too
        assert abs(run.remaining() - (b["total_due"] + b["not_yet_due_principal"] - b["credit"])) < tiny
        assert abs(run.penalty() - b["penalty"]) < tiny


def test_逐步推进的账本不能倒退_有宽限期时不能在已处理的日子追加还款():
    p = penalty_interest._prepare(["2025-01-10:1000"], (), (), "0.0005", None, None, "2025-01-10", 3,
                                  "retroactive", "561", "oldest-first")
    run = penalty_interest.PenaltyRun(p)
    run.advance(dt.date(2025, 2, 1))
    with pytest.raises(ValueError):
        run.advance(dt.date(2025, 1, 31))
    with pytest.raises(ValueError):
        run.pay(D(100))  # with grace days a payment goes before the day's grace ends: not supported


@settings(max_examples=60, deadline=None)
@given(cases(), st.sampled_from([("0.18", 360), ("0.24", 365), ("0.365", 365)]))
def test_性质_按年利率时分段计算也等于逐日累加(case, annual):
    insts, pays, kw = case
    # annual / day_count is not a finite decimal: the daily rate carries 100 significant digits,
    # and interval products (base × rate × days) and daily sums agree to far below a cent.
    kw = dict(kw, daily_rate=None, annual_rate=annual[0], day_count=annual[1])
    a = compute_penalty(insts, pays, **kw).totals
    b = compute_penalty_daily(insts, pays, **kw).totals
    assert a.keys() == b.keys()
    assert all(abs(a[k] - b[k]) < D("1e-80") for k in a)


# --- Command line ---------------------------------------------------------------


@pytest.fixture
def run(monkeypatch, capsys):
    """The real ``overdue.present.cli.main`` with only this module's sub-command registered,
    so that these tests do not depend on the other engine modules."""

    def _run(*argv):
        code = cli.main(list(argv))
        out = capsys.readouterr()
        return code, (json.loads(out.out) if code == 0 else None), out.err

    return _run


def test_命令行_一期1000元逾期50天罚息2500(run):
    code, out, _ = run("penalty", "--installment", "2025-01-10:1000", "--daily-rate", "0.0005",
                       "--as-of", "2025-03-01")
    assert code == 0
    # Money as decimal strings, never binary floats: 1000 × 0.0005 × 50 = 25.00.
    assert out["overdue_days"] == 50 and out["penalty"] == "25.00"
    assert (out["unpaid_penalty"], out["outstanding_principal"], out["total_due"]) == ("25.00", "1000.00", "1025.00")
    assert out["daily_rate"] == "0.0005"
    assert out["provisions"] == ["civil-code-201", "civil-code-561", "civil-code-676"]
    assert out["notes_zh"][0] == "罚息自每期到期日的次日起算（《民法典》第201条），计至计算日当天（含）。"


def test_命令行_多期多笔还款_比较两种顺序并输出明细(run):
    code, out, _ = run("penalty", "--installment", "2025-01-10:1000", "--payment", "2025-02-09:310",
                       "--daily-rate", "0.0005", "--as-of", "2025-03-01", "--compare", "--ledger",
                       "--order", "principal-first", "--grace-days", "0")
    assert code == 0
    # principal-first: 711.90 (see the hand-worked case); the 561 order costs 0.15 more.
    assert out["total_due"] == "711.90"
    assert out["compare_orders"]["difference"]["total_due"] == "0.15"
    assert out["compare_orders"]["explanation_zh"].endswith("截至 2025-03-01 应还总额多 0.15 元。")
    assert [row["kind"] for row in out["ledger"]] == ["due", "accrual", "payment", "accrual"]
    assert out["ledger"][1]["accrued"] == "15.00" and out["ledger"][0]["note_zh"] == "第1期到期，金额 1000.00"


@pytest.mark.parametrize(
    "argv, field",
    [
        (["--installment", "2025-01-10:-1000", "--daily-rate", "0.0005", "--as-of", "2025-03-01"], "installment"),
        (["--installment", "2025-01-10:1000", "--daily-rate", "1", "--as-of", "2025-03-01"], "daily_rate"),
        (["--installment", "2025-02-30:1000", "--daily-rate", "0.0005", "--as-of", "2025-03-01"], "installment"),
        (["--installment", "2025-01-10:1000", "--daily-rate", "0.0005", "--as-of", "2025-1-1"], "as_of"),
        (["--installment", "2025-01-10:1000", "--daily-rate", "0.0005", "--as-of", "2025-01-01"], "as_of"),
        (["--installment", "2025-01-10:1000", "--payment", "2025-04-01:10", "--daily-rate", "0.0005",
          "--as-of", "2025-03-01"], "payment"),
        (["--installment", "2025-01-10:1000", "--daily-rate", "0.0005", "--as-of", "2025-03-01",
          "--order", "newest"], "order"),
    ],
)
def test_命令行_错误输入退出码为2_中英文提示并指出字段(run, argv, field):
    code, _, err = run("penalty", *argv)
    assert code == 2
    assert f"错误（{field}）" in err and f"error ({field})" in err


def test_命令行_没有给出各期时也退出码为2_并说明两种给法(run):
    # Neither --installment lines nor the schedule builder's --first-due/--installment-count.
    code, _, err = run("penalty", "--daily-rate", "0.0005", "--as-of", "2025-03-01")
    assert code == 2
    assert "错误（installment）" in err and "--installment" in err and "--first-due" in err


def test_完整命令行的penalty子命令返回引擎的数字(capsys):
    parser = cli.build_parser()
    args = parser.parse_args(["penalty", "--installment", "2025-01-10:1000", "--daily-rate", "0.0005",
                              "--as-of", "2025-03-01"])
    out = args.run(args)
    assert out["overdue_days"] == 50 and out["penalty"] == D("25.00")
