"""True annual rate of an instalment plan (overdue.apr) and the root finder (overdue.roots)."""

from __future__ import annotations

import json
import math
from decimal import Decimal as D

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from overdue import roots
from overdue.apr import true_rate
from overdue.errors import InputError
from overdue.present import apr as view
from overdue.present import cli

FAST = settings(max_examples=150, deadline=None)


# --- Hand-worked cases ----------------------------------------------------------


def test_一期借1000元手续费10元_月利率正好1个百分点():
    # One month: receive 1000, pay 1000 + 1000 × 0.01 = 1010 a month later.
    # 1010 / (1 + r) = 1000 → r = 0.01. Nominal 12 × 0.01 = 0.12;
    # effective 1.01^12 − 1 = 0.126825030131969720661201…
    r = true_rate(1000, 1, monthly_fee_rate="0.01")
    assert r.irr_monthly == pytest.approx(0.01, abs=1e-13)
    assert r.apr_nominal == pytest.approx(0.12, abs=1e-12)
    assert r.apr_effective == pytest.approx(0.126825030131969720661201, abs=1e-12)
    assert r.to_dict()["payment"] == D("1010.00")


def test_两期手续费100元和210元_月内部收益率正好10个百分点():
    # 2000 over two months: payments 1000 + 100 = 1100 and 1000 + 210 = 1210.
    # At r = 0.10: 1100 / 1.1 + 1210 / 1.21 = 1000 + 1000 = 2000 = the amount received.
    r = true_rate(2000, 2, fees=["100", "210"])
    assert r.irr_monthly == pytest.approx(0.10, abs=1e-12)
    d = r.to_dict()
    assert d["payment"] is None  # the payments differ
    assert d["payments"] == [D("1100.00"), D("1210.00")]
    assert d["total_fee"] == D("310.00")


def test_一万二分12期月费率千分之六_每月还1072元_年化约13个百分点而不是7点2():
    # Payment: 12000 / 12 + 12000 × 0.006 = 1000 + 72 = 1072.00.
    # Fees 12 × 72 = 864; the "monthly fee × 12" reading gives 864 / 12000 = 0.072 a year.
    # The IRR solves Σ_{k=1..12} 1072 / (1 + r)^k = 12000, i.e. the annuity factor
    # (1 − (1 + r)^−12) / r = 12000 / 1072 = 11.19403…, which gives r ≈ 0.0108619 a month:
    # nominal ≈ 0.13034, effective ≈ 0.13842 — almost twice the flat figure, because the
    # fee is charged on the original principal while the balance falls every month.
    r = true_rate(12000, 12, monthly_fee_rate="0.006")
    d = r.to_dict()
    assert d["payment"] == D("1072.00")
    annuity = (1 - (1 + r.irr_monthly) ** -12) / r.irr_monthly
    assert annuity == pytest.approx(12000 / 1072, abs=1e-10)
    assert r.irr_monthly == pytest.approx(0.0108618536, abs=1e-9)
    assert d["apr_nominal"] == pytest.approx(0.130342243, abs=1e-8)
    assert d["apr_effective"] == pytest.approx(0.138417851, abs=1e-8)
    assert d["flat_annual_rate"] == pytest.approx(0.072)
    assert [rule["code"] for rule in d["rules"]] == [
        "payment-and-amount-received", "irr-monthly", "apr-nominal-and-effective", "flat-annual-rate",
        "rates-as-fractions"]
    assert view.notes_zh(d)[0] == "每月还款 = 本金 ÷ 期数 + 当月手续费；到手金额 = 本金 − 放款时扣除的费用。"


def test_没有手续费时利率为零():
    r = true_rate(12000, 12, monthly_fee_rate="0")
    assert r.irr_monthly == 0 and r.apr_effective == 0


def test_放款时扣费会提高实际利率():
    # 1000 received as 990 (10 deducted), 1000 repaid after one month: r = 1000 / 990 − 1.
    r = true_rate(1000, 1, fees=["0"], upfront_fee="10")
    assert r.irr_monthly == pytest.approx(1000 / 990 - 1, abs=1e-12)


# --- Root finder: scipy and the pure-Python fallback agree -------------------------


def test_求根_纯Python实现的结果():
    x = roots.find_root(lambda x: x**3 - 2, 0, 2, method="python")
    assert x == pytest.approx(2 ** (1 / 3), abs=1e-13)
    with pytest.raises(ValueError):
        roots.find_root(lambda x: x * x + 1, -1, 1, method="python")


@FAST
@given(
    st.integers(1, 60),
    st.integers(1, 300).map(lambda k: D(k) / 10_000),  # 0.0001..0.03 a month
    st.integers(100, 10_000_000).map(lambda c: D(c) / 100),
)
def test_性质_scipy与纯Python求根结果相差不超过1e12(months, rate, principal):
    pytest.importorskip("scipy")
    a = true_rate(principal, months, monthly_fee_rate=rate, root_method="scipy")
    b = true_rate(principal, months, monthly_fee_rate=rate, root_method="python")
    assert abs(a.irr_monthly - b.irr_monthly) <= 1e-12


@FAST
@given(st.floats(0.01, 100), st.floats(0.1, 10))
def test_性质_两种求根在一般函数上也一致(c, scale):
    pytest.importorskip("scipy")

    def f(x):
        return scale * (math.exp(x) - 1 - c)

    a = roots.find_root(f, 0, 10, method="scipy")
    b = roots.find_root(f, 0, 10, method="python")
    assert abs(a - b) <= 1e-12
    assert a == pytest.approx(math.log1p(c), abs=1e-12)


def test_没有scipy时自动改用纯Python实现(monkeypatch):
    expected = true_rate(12000, 12, monthly_fee_rate="0.006").irr_monthly
    monkeypatch.setattr(roots, "_scipy_brentq", False)  # as in the browser build
    assert roots.backend() == "python"
    assert abs(true_rate(12000, 12, monthly_fee_rate="0.006").irr_monthly - expected) <= 1e-12
    with pytest.raises(RuntimeError):
        roots.find_root(lambda x: x, -1, 1, method="scipy")


@FAST
@given(st.integers(2, 36), st.integers(1, 200).map(lambda k: D(k) / 10_000))
def test_性质_实际年化不低于月费率乘12_且有效年化不低于名义年化(months, rate):
    r = true_rate(10000, months, monthly_fee_rate=rate)
    assert r.apr_nominal > float(rate) * 12
    assert r.apr_effective >= r.apr_nominal > 0
    higher = true_rate(10000, months, monthly_fee_rate=rate + D("0.0001"))
    assert higher.irr_monthly > r.irr_monthly


# --- Bad input ------------------------------------------------------------------


@pytest.mark.parametrize(
    "kwargs, field",
    [
        (dict(principal=0, months=12, monthly_fee_rate="0.006"), "principal"),
        (dict(principal=-1, months=12, monthly_fee_rate="0.006"), "principal"),
        (dict(principal=1000, months=0, monthly_fee_rate="0.006"), "months"),
        (dict(principal=1000, months="1.5", monthly_fee_rate="0.006"), "months"),
        (dict(principal=1000, months="abc", monthly_fee_rate="0.006"), "months"),
        (dict(principal=1000, months=601, monthly_fee_rate="0.006"), "months"),
        (dict(principal=1000, months=12, monthly_fee_rate="-0.006"), "monthly_fee_rate"),
        (dict(principal=1000, months=12, monthly_fee_rate="1"), "monthly_fee_rate"),
        (dict(principal=1000, months=12), "monthly_fee_rate"),
        (dict(principal=1000, months=2, monthly_fee_rate="0.006", fees=["1", "2"]), "monthly_fee_rate"),
        (dict(principal=1000, months=3, fees=["1", "2"]), "fees"),
        (dict(principal=1000, months=2, fees=["1", "-2"]), "fees"),
        (dict(principal=1000, months=2, fees=["1", "2"], upfront_fee="1000"), "upfront_fee"),
    ],
)
def test_错误输入报错并指出字段(kwargs, field):
    with pytest.raises(InputError) as info:
        true_rate(kwargs.pop("principal"), kwargs.pop("months"), **kwargs)
    assert info.value.field == field and info.value.message_zh


# --- Command line ---------------------------------------------------------------


@pytest.fixture
def run(monkeypatch, capsys):

    def _run(*argv):
        code = cli.main(list(argv))
        out = capsys.readouterr()
        return code, (json.loads(out.out) if code == 0 else None), out.err

    return _run


def test_命令行_apr输出四个关键数字_以小数表示(run):
    code, out, _ = run("apr", "--principal", "12000", "--months", "12", "--monthly-fee-rate", "0.006")
    assert code == 0
    # Money as decimal strings: 12000 / 12 + 12000 × 0.006 = 1072.00; fees 12 × 72 = 864.00.
    assert out["payment"] == "1072.00" and out["total_fee"] == "864.00" and out["monthly_fee_rate"] == "0.006"
    # The rates come from a float root finder and stay JSON numbers.
    assert out["irr_monthly"] == pytest.approx(0.0108618536, abs=1e-9)
    assert out["apr_nominal"] == pytest.approx(12 * out["irr_monthly"], abs=1e-11)
    assert out["apr_effective"] == pytest.approx((1 + out["irr_monthly"]) ** 12 - 1, abs=1e-11)
    assert 0 < out["apr_nominal"] < 1  # a fraction, not percent
    assert out["notes_zh"][-1] == "利率以小数表示（0.13 即 13%）。"


def test_命令行_逐月手续费(run):
    code, out, _ = run("apr", "--principal", "2000", "--months", "2", "--fee", "100", "--fee", "210")
    assert code == 0 and out["irr_monthly"] == pytest.approx(0.1, abs=1e-12)


@pytest.mark.parametrize(
    "argv, field",
    [
        (["--principal", "0", "--months", "12", "--monthly-fee-rate", "0.006"], "principal"),
        (["--principal", "12000", "--months", "0", "--monthly-fee-rate", "0.006"], "months"),
        (["--principal", "12000", "--months", "12", "--monthly-fee-rate", "6"], "monthly_fee_rate"),
    ],
)
def test_命令行_错误输入退出码为2(run, argv, field):
    code, _, err = run("apr", *argv)
    assert code == 2 and f"错误（{field}）" in err and f"error ({field})" in err
