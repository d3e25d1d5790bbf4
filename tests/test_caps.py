"""Caps by lender type and contract date (overdue.caps)."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal as D

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from overdue import caps, law, params, rates
from overdue.present import cli
from overdue.caps import cap_for, excess_over_cap, liquidated_damages_check
from overdue.errors import InputError


# --- Private lending ------------------------------------------------------------


def test_民间借贷_2025年6月1日成立的合同_上限是当时一年期LPR3个百分点的4倍即12个百分点():
    # The LPR in force on 2025-06-01 is the one published 2025-05-20: 3.00% (data/lpr.csv).
    # 4 × 3.00% = 12% a year (private-lending-25/28/29).
    r = cap_for("private", "2025-06-01")
    assert r.cap_annual_rate == D("0.12")
    assert (r.lpr, r.lpr_date, r.multiple) == (D("3.00"), dt.date(2025, 5, 20), D(4))
    assert set(r.provisions) == {"private-lending-25", "private-lending-28", "private-lending-29"}
    assert "合同成立时" in r.basis and "12%" in r.basis


def test_民间借贷_LPR公布当天成立的合同适用当天公布的利率():
    # 2023-06-20 publication: 3.55% → 14.2%; the day before still 3.65% → 14.6%.
    assert cap_for("private", "2023-06-20").cap_annual_rate == D("0.142")
    assert cap_for("private", "2023-06-19").cap_annual_rate == D("0.146")
    # 2020-08-20 (first day of the new rule): LPR of 2020-04-20, 3.85% → 15.4%.
    assert cap_for("private", "2020-08-20").cap_annual_rate == D("0.154")


def test_民间借贷上限的倍数和利率都来自数据文件():
    day = dt.date(2024, 3, 1)
    multiple = D(str(params.get("private_lending_cap_multiple", on=day)))
    assert cap_for("private", day).cap_annual_rate == multiple * rates.lpr_on(day) / 100


def test_过渡期合同_依第31条分两段_不编造数字():
    # Formed 2020-01-01 (between 2019-08-20 and 2020-08-19): interest up to 2020-08-19 under the
    # then-current interpretation (no figure here); from 2020-08-20, the standard at filing.
    r = cap_for("private", "2020-01-01")
    assert r.cap_annual_rate is None and r.regime == "private-lending-transition"
    assert "private-lending-31" in r.provisions
    first, later = r.segments
    assert (first["from"], first["to"], first["cap_annual_rate"]) == ("2020-01-01", "2020-08-19", None)
    assert (later["from"], later["cap_annual_rate"]) == ("2020-08-20", None)
    # With the filing date: filed 2021-03-01, LPR of 2020-04-20 (3.85%) × 4 = 15.4%.
    later = cap_for("private", "2020-01-01", filing_date="2021-03-01").segments[1]
    assert later["cap_annual_rate"] == D("0.154") and later["lpr_date"] == "2020-04-20"
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


@pytest.mark.parametrize("lender", ["bank", "consumer-finance"])
def test_银行和消费金融公司_24个百分点是借款人可以主张的司法调减线(lender):
    r = cap_for(lender, "2024-06-01")
    assert r.cap_annual_rate == D(str(params.get("financial_loan_judicial_line")))
    assert r.cap_annual_rate == D("0.24")
    assert "spc-fin-opinion-2017-2" in r.provisions
    for words in ("调减", "司法政策性文件", "不是司法解释", "不是贷款人可以收取"):
        assert words in r.basis
    assert law.is_unverified("spc-fin-opinion-2017-2")
    assert any("未能" in w and "核实" in w for w in r.warnings)  # says the text is unverified


def test_小额贷款公司_法律没有规定固定数字_上限为空():
    r = cap_for("small-loan", "2024-06-01")
    assert r.cap_annual_rate is None
    assert "spc-reply-2020-27" in r.provisions
    assert "没有" in r.basis and "固定" in r.basis and "不一" in r.basis
    assert "%" not in r.basis  # no figure, not even by analogy


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


# --- Excess over a cap ------------------------------------------------------------


def test_一万元一年收了3000元_超出24个百分点的部分是600元():
    # Allowed: 10000 × 0.24 × 365 / 365 = 2400; excess 3000 − 2400 = 600.
    out = excess_over_cap(3000, 10000, 365, D("0.24"), basis=365)
    assert (out["allowed"], out["excess"]) == (D("2400.00"), D("600.00"))
    assert out["annualised_rate"] == D("0.3")


def test_半年内收费没有超过上限时超出部分为零():
    # 180 days: 10000 × 0.24 × 180 / 365 = 432000 / 365 = 1183.5616… → 1183.56; 1000 is below.
    out = excess_over_cap(1000, 10000, 180, cap_for("bank", "2024-01-01"), basis=365)
    assert out["allowed"] == D("1183.56") and out["excess"] == 0


def test_没有固定上限时不计算超出部分():
    out = excess_over_cap(3000, 10000, 365, cap_for("small-loan", "2024-01-01"))
    assert out["allowed"] is None and out["excess"] is None and "没有" in out["note"]


@pytest.mark.parametrize(
    "args, field",
    [((-1, 10000, 365, "0.24"), "charge"), ((100, 0, 365, "0.24"), "principal"),
     ((100, 10000, 0, "0.24"), "days"), ((100, 10000, "1.5", "0.24"), "days"),
     ((100, 10000, 365, "-0.1"), "cap")],
)
def test_超出部分的错误输入报错(args, field):
    with pytest.raises(InputError) as info:
        excess_over_cap(*args)
    assert info.value.field == field


@settings(max_examples=150, deadline=None)
@given(st.integers(0, 10**7), st.integers(1, 10**7), st.integers(1, 2000), st.integers(0, 5000))
def test_性质_超出部分不为负_且允许额加超出额不小于收费(charge_c, principal_c, days, cap_bp):
    charge, principal, cap = D(charge_c) / 100, D(principal_c) / 100, D(cap_bp) / 10000
    out = excess_over_cap(charge, principal, days, cap, basis=365)
    assert out["excess"] >= 0
    assert out["allowed"] + out["excess"] >= charge - D("0.01")
    if out["excess"] > 0:
        assert out["allowed"] + out["excess"] == pytest.approx(charge, abs=D("0.01"))


@settings(max_examples=100, deadline=None)
@given(st.dates(dt.date(2020, 8, 20), dt.date(2026, 8, 20)))
def test_性质_民间借贷上限等于合同成立时LPR乘倍数(day):
    r = cap_for("private", day)
    assert r.cap_annual_rate == r.multiple * rates.lpr_on(day) / 100
    assert r.lpr_date <= day


# --- Liquidated damages guide ---------------------------------------------------


def test_违约金1400元_损失1000元_超过损失的百分之三十_一般可认定过高():
    # Threshold: 1000 × (1 + 0.30) = 1300; 1400 > 1300 → presumed excessive by 100.
    out = liquidated_damages_check(1400, 1000)
    assert out["threshold"] == D("1300.00") and out["presumed_excessive"] is True
    assert out["excess_over_threshold"] == D("100.00")
    assert "contract-interp-65" in out["provisions"] and out["warnings"]
    # Exactly 30% above the loss is not "超过": not presumed excessive.
    assert liquidated_damages_check(1300, 1000)["presumed_excessive"] is False


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
    assert out["cap_annual_rate"] == 0.12 and out["basis"] and out["provisions"]
    code, out, _ = run("cap", "--lender", "small-loan", "--contract-date", "2025-06-01")
    assert code == 0 and out["cap_annual_rate"] is None


def test_命令行_同时计算超出部分和违约金(run):
    code, out, _ = run("cap", "--lender", "bank", "--contract-date", "2024-01-01", "--charge", "3000",
                       "--principal", "10000", "--days", "365", "--damages", "1400", "--loss", "1000")
    assert code == 0
    assert out["excess"]["excess"] == 600.0
    assert out["liquidated_damages"]["presumed_excessive"] is True


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
    assert caps.lpr_first_publication() == rates.first_date()
    assert caps.private_cap_start() == params.values("private_lending_cap_multiple")[0].start
