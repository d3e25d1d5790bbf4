"""Caps by lender type and contract date (overdue.caps), the one definition of the
penalty above a cap, and the words for them (overdue.present.caps).

LPRs used below (data/lpr.csv, one-year): 3.85% from 2020-04-20, 3.70% from
2022-01-20 (row 2022-05-20 changed only the five-year rate), 3.65% from 2022-08-22, 3.55% from 2023-06-20, 3.45% from 2023-08-21 (unchanged by the
2024-02-20 publication), 3.35% from 2024-07-22, 3.10% from 2024-10-21, 3.00%
from 2025-05-20. The private-lending multiple is 4 from 2020-08-20.
"""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal as D
from decimal import localcontext

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from overdue import caps, law, params, penalty_interest, rates
from overdue.caps import cap_for, excess_over_cap, liquidated_damages_check, penalty_above_cap
from overdue.errors import InputError
from overdue.penalty_interest import compute_penalty
from overdue.present import caps as view
from overdue.present import cli


# --- Private lending ------------------------------------------------------------


def test_民间借贷_2025年6月1日成立的合同_上限是当时一年期LPR3个百分点的4倍即12个百分点():
    # The LPR in force on 2025-06-01 is the one published 2025-05-20: 3.00% (data/lpr.csv).
    # 4 × 3.00% = 12% a year (private-lending-25/28/29).
    r = cap_for("private", "2025-06-01")
    assert r.cap_annual_rate == D("0.12")
    assert (r.lpr, r.lpr_date, r.multiple) == (D("3.00"), dt.date(2025, 5, 20), D(4))
    assert set(r.provisions) == {"private-lending-25", "private-lending-28", "private-lending-29"}
    # Both figures are read on the contract date (第25条: "合同成立时").
    assert r.parameters == (
        {"name": "private_lending_cap_multiple", "on": "2025-06-01", "value": D(4)},
        {"name": "lpr_1y", "on": "2025-06-01", "value": D("3.00"), "published": "2025-05-20"},
    )
    assert view.explanation_zh(r) == (
        "民间借贷：约定的利率（含逾期利率，以及逾期利息、违约金和其他费用的总计）不得超过合同成立时"
        "一年期贷款市场报价利率（LPR）的4倍。合同成立于 2025-06-01，当时适用的是 2025-05-20 公布的一年期 "
        "LPR 3.00%，上限为年利率 12%（《民间借贷规定》第25、28、29条）。只适用于民间借贷，不适用于持牌金融机构。"
    )


@pytest.mark.parametrize("day, published, lpr, cap", [
    # Each line: 4 × the one-year LPR of the last publication on or before the contract date.
    ("2020-08-20", "2020-04-20", "3.85", "0.154"),  # first day of the current rule: 4 × 3.85% = 15.4%
    ("2022-08-21", "2022-05-20", "3.70", "0.148"),  # the day before a publication: 4 × 3.70% = 14.8%
    #                                  (the 2022-05-20 row changed only the five-year rate)
    ("2022-08-22", "2022-08-22", "3.65", "0.146"),  # a publication day takes that day's rate: 14.6%
    ("2023-06-19", "2022-08-22", "3.65", "0.146"),
    ("2023-06-20", "2023-06-20", "3.55", "0.142"),  # 4 × 3.55% = 14.2%
    ("2024-03-01", "2024-02-20", "3.45", "0.138"),  # 2024-02-20 left the one-year rate at 3.45%: 13.8%
    ("2024-06-15", "2024-02-20", "3.45", "0.138"),  # chapter 二's contract date
    ("2024-10-21", "2024-10-21", "3.10", "0.124"),  # 4 × 3.10% = 12.4%
    ("2025-05-20", "2025-05-20", "3.00", "0.12"),   # 4 × 3.00% = 12%
])
def test_民间借贷上限_按合同成立日的LPR逐个核对(day, published, lpr, cap):
    r = cap_for("private", day)
    assert (r.lpr_date.isoformat(), r.lpr, r.cap_annual_rate) == (published, D(lpr), D(cap))


def test_过渡期合同_依第31条分两段_不编造数字():
    # Formed 2020-01-01 (between 2019-08-20 and 2020-08-19): interest up to 2020-08-19 under the
    # then-current interpretation (no figure here); from 2020-08-20, the standard at filing.
    r = cap_for("private", "2020-01-01")
    assert r.cap_annual_rate is None and r.regime == "private-lending-transition"
    assert "private-lending-31" in r.provisions
    first, later = r.segments
    assert (first["from"], first["to"], first["cap_annual_rate"], first["rule"]) == (
        "2020-01-01", "2020-08-19", None, "then-current-interpretation")
    assert (later["from"], later["cap_annual_rate"], later["rule"]) == ("2020-08-20", None, "standard-at-filing")
    assert view.explanation_zh(r) == (
        "过渡期的民间借贷合同（成立于 2019-08-20 至 2020-08-19 之间）：依《民间借贷规定》第31条，"
        "2020-08-20 之后新受理的一审案件，合同成立到 2020-08-19 的利息可以请求适用当时的司法解释；"
        "2020-08-20 到借款返还之日的利息，适用起诉时本规定的利率保护标准。因此没有单一的上限数字，见 segments。"
    )
    # With the filing date: filed 2021-03-01, LPR of 2020-04-20 (3.85%) × 4 = 15.4%, read on the filing date.
    r = cap_for("private", "2020-01-01", filing_date="2021-03-01")
    later = r.segments[1]
    assert later["cap_annual_rate"] == D("0.154") and later["lpr_date"] == "2020-04-20"
    assert r.parameters[1] == {"name": "lpr_1y", "on": "2021-03-01", "value": D("3.85"), "published": "2020-04-20"}
    assert view.segment_zh(later) == ("自该日起至借款返还之日的利息，适用起诉时的利率保护标准：起诉日 2021-03-01 "
                                      "适用 2020-04-20 公布的一年期 LPR 3.85%，4倍即年利率 15.4%。")
    # 2019-08-20 itself is the first LPR day: transition, not an error.
    assert cap_for("private", "2019-08-20").regime == "private-lending-transition"


def test_过渡期合同_起诉日早于2020年8月20日时报错():
    with pytest.raises(InputError) as info:
        cap_for("private", "2020-01-01", filing_date="2020-06-01")
    assert info.value.field == "filing_date" and "第31条" in info.value.message_zh


def test_2019年8月20日以前成立的民间借贷合同_报错并说明规则不同():
    with pytest.raises(InputError) as info:
        cap_for("private", "2019-08-19")
    err = info.value
    assert err.field == "contract_date"
    assert "2019-08-20" in err.message_zh and "第31条" in err.message_zh and "基准利率" in err.message_zh


# --- Financial institutions and small-loan companies ------------------------------


@pytest.mark.parametrize("lender, name", [("bank", "银行"), ("consumer-finance", "消费金融公司")])
def test_银行和消费金融公司_24个百分点是借款人可以主张的司法调减线(lender, name):
    r = cap_for(lender, "2024-06-01")
    assert r.cap_annual_rate == D("0.24") and r.regime == "financial-loan-judicial-line"
    assert "spc-fin-opinion-2017-2" in r.provisions
    # No filing date: the line is read on the book's as-of date (2026-11-28), and the record says so.
    assert r.parameters == ({"name": "financial_loan_judicial_line", "on": "2026-11-28", "value": D("0.24"),
                             "read_on": "as_of_date"},)
    text = view.explanation_zh(r)
    assert text.startswith(f"{name}发放的贷款是金融借款，不适用民间借贷的 LPR 倍数上限")
    for words in ("调减", "司法政策性文件", "不是司法解释", "也不是贷款人可以收取 24% 的许可",
                  "（按本书基准日 2026-11-28的数值；该文件的原文未能核实。）"):
        assert words in text
    assert r.warnings == ({"code": "provision-unverified", "provision": "spc-fin-opinion-2017-2"},)
    assert view.warnings_zh(r.warnings) == [
        "《关于进一步加强金融审判工作的若干意见》第2点的原文未能从官方来源核实（data/provisions.yaml 标为 unverified），"
        "以下说明依据转引的文字。"]


def test_给出起诉日时_调减线按起诉日取值():
    r = cap_for("bank", "2024-06-01", filing_date="2025-03-01")
    assert r.parameters[0]["on"] == "2025-03-01" and r.parameters[0]["read_on"] == "filing_date"
    assert "（按起诉日 2025-03-01的数值；" in view.explanation_zh(r)


def test_小额贷款公司_法律没有规定固定数字_上限为空():
    r = cap_for("small-loan", "2024-06-01")
    assert r.cap_annual_rate is None and r.regime == "no-fixed-figure"
    assert "spc-reply-2020-27" in r.provisions
    text = view.explanation_zh(r)
    assert "没有" in text and "固定" in text and "不一" in text
    assert "（法释〔2020〕27号批复，自 2021-01-01 起施行）" in text  # the effective date from data
    assert "%" not in text  # no figure, not even by analogy


def test_结果中的条文编号都存在():
    for args in (("private", "2025-06-01"), ("private", "2020-01-01"), ("bank", "2024-01-01"),
                 ("consumer-finance", "2024-01-01"), ("small-loan", "2024-01-01")):
        for pid in cap_for(*args).provisions:
            law.provision(pid)


def test_未知的出借人类型报错():
    with pytest.raises(InputError) as info:
        cap_for("pawnshop", "2024-01-01")
    assert info.value.field == "lender"


@pytest.mark.parametrize("day", ["2024-02-30", "2024/01/01", "yesterday"])
def test_合同日期不存在或格式不对时报错(day):
    with pytest.raises(InputError) as info:
        cap_for("bank", day)
    assert info.value.field == "contract_date"


def test_LPR表最后核实日期之后成立的合同_给出警告代码():
    # data/lpr.csv is confirmed to 2026-08-20; a contract of 2026-09-01 uses the last row (3.00%).
    r = cap_for("private", "2026-09-01")
    assert r.cap_annual_rate == D("0.12")
    assert r.warnings == ({"code": "lpr-beyond-confirmed", "on": "2026-09-01", "last_confirmed": "2026-08-20"},)
    assert view.warnings_zh(r.warnings) == [
        "2026-09-01 晚于 LPR 表最后核实的日期 2026-08-20；按表中最后一个利率计算，请核对当日实际公布的 LPR。"]


# --- The penalty above a cap: the one definition ------------------------------------

RATE = "0.0005"


def test_第二章第6期_536元逾期197天_超出四倍LPR的罚息为1287元():
    # Instalment 6 of chapter 二: 536 due 2024-12-15, unpaid, 0.05% a day, to 2025-06-30.
    # 2024-12-16..2025-06-30 = 16 + 31 + 28 + 31 + 30 + 31 + 30 = 197 days.
    #   contract:  536 × 0.0005 × 197 = 52.796                          → 52.80
    #   cap (contract 2024-06-15: 4 × 3.45% = 13.8%, / 365 days):
    #              536 × 0.138 × 197 / 365 = 14571.696 / 365 = 39.9224…  → 39.92
    #   excess:    52.796 − 39.9224… = 12.8735…                          → 12.87
    # (Subtracting the rounded 52.80 instead, as the linear excess_over_cap does, gives 12.88.)
    r = compute_penalty(["2024-12-15:536"], daily_rate=RATE, as_of="2025-06-30")
    check = penalty_above_cap(r, cap_for("private", "2024-06-15"))
    assert check.outcome == "above-cap" and check.day_count == 365
    assert check.annualised_rate == D("0.1825")  # 0.0005 × 365
    d = check.to_dict()
    assert (d["penalty"], d["penalty_at_cap"], d["excess"]) == (D("52.80"), D("39.92"), D("12.87"))
    assert check.penalty == D("52.796")
    assert D("39.92245") < check.penalty_at_cap < D("39.92246")
    assert D("12.87354") < check.excess < D("12.87355")
    # The day-count year: the convention read on the first day of the penalty period.
    assert check.parameters == ({"name": "day_count_basis", "on": "2024-12-16", "value": 365},)


def test_有部分还款时_超出上限的罚息不是按比例算的():
    # 1000 due 2025-01-10, 310 paid 2025-02-09, to 2025-03-01, 0.05% a day; a cap of 14.6% a year,
    # i.e. 0.146 / 365 = 0.0004 a day.
    #   contract (see test_penalty_interest): penalty 22.05, total due 712.05.
    #   at the cap rate: 01-11..02-09 30 days × 1000 × 0.0004 = 12.00; the 310 pays 12.00 penalty and
    #   298.00 principal → 702.00; 02-10..03-01 20 days × 702 × 0.0004 = 5.616.
    #   Penalty 17.616, total due 702 + 5.616 = 707.616.
    #   Excess 22.05 − 17.616 = 4.434 → 4.43 (and 4.434 of the total due).
    # A linear share of the period would say 22.05 − 1000 × 0.146 × 50 / 365 = 22.05 − 20.00 = 2.05:
    # it misses that, at the cap rate, more of the 310 goes to principal.
    r = compute_penalty(["2025-01-10:1000"], ["2025-02-09:310"], daily_rate=RATE, as_of="2025-03-01")
    check = penalty_above_cap(r, "0.146")
    assert (check.penalty_at_cap, check.total_due_at_cap) == (D("17.616"), D("707.616"))
    assert (check.excess, check.excess_total_due) == (D("4.434"), D("4.434"))
    assert excess_over_cap("22.05", 1000, 50, "0.146", day_count=365)["excess"] == D("2.05")


def test_未超过上限时不再计算_需要时才给出按上限计算的罚息():
    # The same case against a cap of 21.9% (0.0006 a day): 0.0005 is below it, nothing is above.
    r = compute_penalty(["2025-01-10:1000"], ["2025-02-09:310"], daily_rate=RATE, as_of="2025-03-01")
    check = penalty_above_cap(r, "0.219")
    assert (check.outcome, check.excess, check.penalty_at_cap) == ("within-cap", 0, None)
    # at_cap=True (for a table of what the cap allows): 30 × 1000 × 0.0006 = 18.00 paid from the 310,
    # 292.00 to principal → 708; 20 × 708 × 0.0006 = 8.496; 18 + 8.496 = 26.496.
    full = penalty_above_cap(r, "0.219", at_cap=True)
    assert (full.outcome, full.excess, full.penalty_at_cap) == ("within-cap", 0, D("26.496"))


def test_没有固定上限时不计算超出部分():
    r = compute_penalty(["2024-12-15:536"], daily_rate=RATE, as_of="2025-06-30")
    check = penalty_above_cap(r, cap_for("small-loan", "2024-06-15"))
    assert (check.outcome, check.excess, check.penalty_at_cap) == ("no-figure", None, None)
    assert penalty_above_cap(r, cap_for("private", "2020-01-01")).outcome == "no-figure"  # transition


def test_合同约定年利率时_按合同自己的一年天数比较():
    # 0.18 a year on 360 days = 0.0005 a day; against 24%: 0.24 / 360 = 0.000666… a day. Within.
    r = compute_penalty(["2025-01-10:1000"], annual_rate="0.18", day_count=360, as_of="2025-03-01")
    check = penalty_above_cap(r, "0.24", day_count=365)  # the contract's own 360 wins
    assert check.day_count == 360 and check.annualised_rate == D("0.18") and check.outcome == "within-cap"


def test_计算器每次按键最多运行三次罚息引擎(monkeypatch):
    # One run by the caller; penalty_above_cap adds one run only above the cap.
    runs = []
    real = penalty_interest._run
    monkeypatch.setattr(penalty_interest, "_run", lambda p: runs.append(1) or real(p))
    r = compute_penalty(["2024-12-15:536"], daily_rate=RATE, as_of="2025-06-30")
    penalty_above_cap(r, cap_for("bank", "2024-06-15"))
    assert len(runs) == 1
    penalty_above_cap(r, cap_for("private", "2024-06-15"))
    assert len(runs) == 2
    from overdue import present

    runs.clear()
    assert present.compute("penalty", {"lender": "private"})["ok"]
    assert len(runs) == 3  # the contract rate, the other allocation order, the cap rate
    runs.clear()
    assert present.compute("penalty", {"lender": "consumer-finance"})["ok"]
    assert len(runs) == 2


amounts = st.integers(min_value=1, max_value=500_000).map(lambda c: D(c) / 100)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(st.integers(0, 120), amounts), min_size=1, max_size=3),
       st.lists(st.tuples(st.integers(0, 200), amounts), max_size=3),
       st.integers(0, 300).map(lambda k: D(k) / 100_000), st.integers(0, 4000).map(lambda bp: D(bp) / 10_000),
       st.sampled_from(["561", "principal-first"]), st.integers(0, 3))
def test_性质_不超过上限时按上限计算的罚息不少于合同罚息_超过时超出部分为正(insts, pays, rate, cap, order, grace):
    base = dt.date(2024, 1, 1)
    inst = [(base + dt.timedelta(days=d), a) for d, a in insts]
    as_of = max(d for d, _ in inst) + dt.timedelta(days=60)
    pay = [(base + dt.timedelta(days=d), a) for d, a in pays if base + dt.timedelta(days=d) <= as_of]
    r = compute_penalty(inst, pay, daily_rate=rate, as_of=as_of, order=order, grace_days=grace)
    check = penalty_above_cap(r, cap, at_cap=True)
    if check.outcome == "within-cap":
        assert check.penalty_at_cap >= check.penalty and check.excess == 0
    else:
        with localcontext(prec=100):
            assert check.excess == check.penalty - check.penalty_at_cap >= 0


# --- Excess of a total charge over a cap (the cap command) --------------------------------


def test_一万元一年收了3000元_超出24个百分点的部分是600元():
    # Allowed: 10000 × 0.24 × 365 / 365 = 2400; excess 3000 − 2400 = 600.
    out = excess_over_cap(3000, 10000, 365, D("0.24"), day_count=365)
    assert (out["allowed"], out["excess"], out["outcome"]) == (D("2400.00"), D("600.00"), "above-cap")
    assert out["annualised_rate"] == D("0.3")
    assert view.excess_note_zh(out) == "上限金额 = 本金 × 年利率上限 × 天数 ÷ 365；超出部分 = 实收费用 − 上限金额（不超出时为 0）。"


def test_半年内收费没有超过上限时超出部分为零():
    # 180 days: 10000 × 0.24 × 180 / 365 = 432000 / 365 = 1183.5616… → 1183.56; 1000 is below.
    out = excess_over_cap(1000, 10000, 180, cap_for("bank", "2024-01-01"), day_count=365)
    assert out["allowed"] == D("1183.56") and out["excess"] == 0 and out["outcome"] == "within-cap"


def test_一年天数按合同成立日或期间起始日的惯例取值():
    # No day_count: the convention (365) read on the contract date of the CapResult, or on ``start``.
    out = excess_over_cap(1000, 10000, 180, cap_for("bank", "2024-01-01"))
    assert out["parameters"] == [{"name": "day_count_basis", "on": "2024-01-01", "value": 365}]
    out = excess_over_cap(1000, 10000, 180, "0.24", start="2025-02-01")
    assert out["parameters"] == [{"name": "day_count_basis", "on": "2025-02-01", "value": 365}]
    with pytest.raises(InputError) as info:  # a bare fraction and no date: nothing to read it on
        excess_over_cap(1000, 10000, 180, "0.24")
    assert info.value.field == "day_count"


def test_没有固定上限时不计算超出的费用():
    out = excess_over_cap(3000, 10000, 365, cap_for("small-loan", "2024-01-01"))
    assert out["allowed"] is None and out["excess"] is None and out["outcome"] == "no-figure"
    assert view.excess_note_zh(out) == "法律没有规定固定的上限数字，无法计算超出部分。"


@pytest.mark.parametrize(
    "args, field",
    [((-1, 10000, 365, "0.24"), "charge"), ((100, 0, 365, "0.24"), "principal"),
     ((100, 10000, 0, "0.24"), "days"), ((100, 10000, "1.5", "0.24"), "days"),
     ((100, 10000, 365, "-0.1"), "cap")],
)
def test_超出部分的错误输入报错(args, field):
    with pytest.raises(InputError) as info:
        excess_over_cap(*args, day_count=365)
    assert info.value.field == field


@settings(max_examples=150, deadline=None)
@given(st.integers(0, 10**7), st.integers(1, 10**7), st.integers(1, 2000), st.integers(0, 5000))
def test_性质_超出部分不为负_且允许额加超出额不小于收费(charge_c, principal_c, days, cap_bp):
    charge, principal, cap = D(charge_c) / 100, D(principal_c) / 100, D(cap_bp) / 10000
    out = excess_over_cap(charge, principal, days, cap, day_count=365)
    assert out["excess"] >= 0
    assert out["allowed"] + out["excess"] >= charge - D("0.01")
    if out["excess"] > 0:
        assert out["allowed"] + out["excess"] == pytest.approx(charge, abs=D("0.01"))


# --- Liquidated damages guide ---------------------------------------------------


def test_违约金1400元_损失1000元_超过损失的百分之三十_一般可认定过高():
    # Threshold: 1000 × (1 + 0.30) = 1300; 1400 > 1300 → presumed excessive by 100.
    out = liquidated_damages_check(1400, 1000)
    assert out["threshold"] == D("1300.00") and out["presumed_excessive"] is True
    assert out["excess_over_threshold"] == D("100.00")
    assert "contract-interp-65" in out["provisions"]
    # The guide is read on the book's as-of date when no date is given (a rule of adjudication).
    assert out["parameters"] == [{"name": "liquidated_damages_guide", "on": "2026-11-28", "value": D("0.3"),
                                  "read_on": "as_of_date"}]
    assert view.damages_explanation_zh(out) == (
        "约定的违约金超过造成损失的30%的，人民法院一般可以认定为过分高于造成的损失"
        "（《合同编通则解释》第65条；按通常理解，即违约金高于损失的 1.3 倍）。"
        "这只是一般认定：需违约方请求调减（《民法典》第585条），法院还要综合合同履行情况、过错程度等因素衡量；"
        "恶意违约的一方请求减少的，一般不予支持。")
    # Exactly 30% above the loss is not "超过": not presumed excessive.
    assert liquidated_damages_check(1300, 1000)["presumed_excessive"] is False


def test_条文原文未核实时给出警告代码(monkeypatch):
    monkeypatch.setattr(law, "is_unverified", lambda pid: pid == "contract-interp-65")
    assert liquidated_damages_check(1400, 1000)["warnings"] == [
        {"code": "provision-unverified", "provision": "contract-interp-65"}]


def test_违约金检查的错误输入():
    with pytest.raises(InputError) as info:
        liquidated_damages_check(0, 1000)
    assert info.value.field == "agreed"
    with pytest.raises(InputError) as info:
        liquidated_damages_check(100, 1000, on="2020-01-01")  # before the interpretation
    assert info.value.field == "on"


# --- Command line ---------------------------------------------------------------


@pytest.fixture
def run(monkeypatch, capsys):

    def _run(*argv):
        code = cli.main(list(argv))
        out = capsys.readouterr()
        return code, (json.loads(out.out) if code == 0 else None), out.err

    return _run


def test_命令行_cap输出上限依据和条文(run):
    code, out, _ = run("cap", "--lender", "private", "--contract-date", "2025-06-01")
    assert code == 0
    # 4 × 3.00% = 12%, printed as the decimal string "0.12".
    assert out["cap_annual_rate"] == "0.12" and out["regime"] == "private-lending"
    assert out["explanation_zh"].startswith("民间借贷：约定的利率") and out["provisions"]
    code, out, _ = run("cap", "--lender", "small-loan", "--contract-date", "2025-06-01")
    assert code == 0 and out["cap_annual_rate"] is None


def test_命令行_同时计算超出部分和违约金(run):
    code, out, _ = run("cap", "--lender", "bank", "--contract-date", "2024-01-01", "--charge", "3000",
                       "--principal", "10000", "--days", "365", "--damages", "1400", "--loss", "1000")
    assert code == 0
    # 3000 − 10000 × 24% = 600.00; 1400 > 1000 × 1.3.
    assert out["excess"]["excess"] == "600.00" and out["excess"]["allowed"] == "2400.00"
    assert out["liquidated_damages"]["presumed_excessive"] is True
    assert out["liquidated_damages"]["threshold"] == "1300.00"


@pytest.mark.parametrize(
    "argv, field",
    [
        (["--lender", "private", "--contract-date", "2019-01-01"], "contract_date"),
        (["--lender", "private", "--contract-date", "2019-13-01"], "contract_date"),
        (["--lender", "shop", "--contract-date", "2024-01-01"], "lender"),
        (["--lender", "bank", "--contract-date", "2024-01-01", "--charge", "1"], "charge"),
    ],
)
def test_命令行_错误输入退出码为2(run, argv, field):
    code, _, err = run("cap", *argv)
    assert code == 2 and f"错误（{field}）" in err and f"error ({field})" in err


def test_日期门槛来自数据文件():
    assert caps.lpr_first_publication() == rates.first_date() == dt.date(2019, 8, 20)
    assert caps.private_cap_start() == params.values("private_lending_cap_multiple")[0].start == dt.date(2020, 8, 20)


def test_监管上限按合同成立日读取_2025年10月1日起才有_据报道():
    from overdue.caps import regulatory_limits

    # 金规〔2025〕9号 (reported, unverified): banks' internet-assisted loans, a 24% a year cost
    # limit from 2025-10-01. A contract of 2025-09-30 is before it; one of 2025-10-01 is under it.
    [before] = regulatory_limits("2025-09-30")
    assert before.rate is None and before.since == dt.date(2025, 10, 1)
    [after] = regulatory_limits("2025-10-01")
    assert after.rate == D("0.24") and after.lender == "bank" and after.business == "internet-assisted"
    assert after.force == "regulatory-document" and after.unverified
    assert after.provisions == ("nfra-zhudai-2025",)
