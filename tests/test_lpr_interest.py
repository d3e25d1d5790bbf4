"""LPR-indexed interest (overdue.lpr_interest): hand-worked cases across LPR changes,
both day-count conventions and both bases; properties; bad input; CLI.

One-year LPR (data/lpr.csv) used below: 3.65% from 2022-08-22, 3.55% from 2023-06-20,
3.45% from 2023-08-21 (the 2024-02-20 publication left the one-year rate unchanged),
3.35% from 2024-07-22, 3.10% from 2024-10-21, 3.00% from 2025-05-20.
"""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal as D
from decimal import localcontext

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from overdue import rates
from overdue.errors import InputError
from overdue.lpr_interest import compare_measures, lpr_interest
from overdue.present import cli
from overdue.present import lpr_interest as view

ONE = dt.timedelta(days=1)

# 100000 × 4 × LPR, 2023-01-01 .. 2024-12-31, "no-tail" (last counted day 2024-12-30):
#   2023-01-01..2023-06-19  170 days at 14.6% → 100000 × 0.146 × 170 = 2482000 (/day_count)
#   2023-06-20..2023-08-20   62 days at 14.2% →                       880400
#   2023-08-21..2024-07-21  336 days at 13.8% →                      4636800
#   2024-07-22..2024-10-20   91 days at 13.4% →                      1219400
#   2024-10-21..2024-12-30   71 days at 12.4% →                       880400
#   total 730 days = 2024-12-31 − 2023-01-01;                 sum  10099000
# "both" adds 2024-12-31 at 12.4%: 72 days in the last segment, + 12400 → 10111400, 731 days.
EXPECTED_SEGMENTS = [
    ("2023-01-01", "2023-06-19", 170, D("3.65"), D("0.146")),
    ("2023-06-20", "2023-08-20", 62, D("3.55"), D("0.142")),
    ("2023-08-21", "2024-07-21", 336, D("3.45"), D("0.138")),
    ("2024-07-22", "2024-10-20", 91, D("3.35"), D("0.134")),
    ("2024-10-21", "2024-12-30", 71, D("3.10"), D("0.124")),
]


def test_十万元按一年期LPR四倍浮动_两年跨四次调整_算头不算尾按365天为2766849元():
    # 10099000 / 365 = 27668.4931… → 27668.49
    r = lpr_interest(100000, "2023-01-01", "2024-12-31", 4)
    d = r.to_dict()
    assert d["days"] == 730 and d["interest"] == D("27668.49")
    got = [(s["start"], s["end"], s["days"], s["lpr"], s["annual_rate"]) for s in d["segments"]]
    assert got == EXPECTED_SEGMENTS
    assert d["segments"][0]["interest"] == D("6800.00")  # 2482000 / 365 = 6800 exactly
    assert d["provisions"] == ["private-lending-25", "private-lending-28", "private-lending-29"]
    assert d["warnings"] == []
    # The day-count year: the default convention (365), read on the first counted day.
    assert d["parameters"] == [{"name": "day_count_basis", "on": "2023-01-01", "value": 365}]
    assert view.notes_zh(r) == [
        "浮动利率：每日适用当日已公布的一年期 LPR 的 4 倍，遇调整分段。",
        "计息天数：算头不算尾，共 730 天；每段的起止日都是计息日（含）。",
        "日利率 = 年利率 ÷ 365；每段利息 = 本金 × 年利率 × 天数 ÷ 365。",
        "还款当天按还款前的本金计息，次日起本金减少；还款视为归还本金。",
        "利息只在显示时四舍五入到分；各段四舍五入后之和可能与总额差 0.01 元。",
    ]


def test_同一案例两头都算按365天为2770247元():
    # 10111400 / 365 = 27702.4657… → 27702.47
    d = lpr_interest(100000, "2023-01-01", "2024-12-31", 4, count="both").to_dict()
    assert d["days"] == 731 and d["interest"] == D("27702.47")
    assert d["segments"][-1]["end"] == "2024-12-31" and d["segments"][-1]["days"] == 72


@pytest.mark.parametrize("count, days, expected", [("no-tail", 730, "28052.78"), ("both", 731, "28087.22")])
def test_同一案例按360天计(count, days, expected):
    # no-tail: 10099000 / 360 = 28052.7777… → 28052.78;  both: 10111400 / 360 = 28087.2222… → 28087.22
    d = lpr_interest(100000, "2023-01-01", "2024-12-31", 4, day_count=360, count=count).to_dict()
    assert d["days"] == days and d["interest"] == D(expected)


def test_五年期以上LPR一倍_2024年全年_跨三次调整():
    # Five-year-plus LPR: 4.20% to 2024-02-19, 3.95% from 02-20, 3.85% from 07-22, 3.60% from 10-21.
    #   01-01..02-19  50 days × 4200 = 210000
    #   02-20..07-21 153 days × 3950 = 604350
    #   07-22..10-20  91 days × 3850 = 350350
    #   10-21..12-30  71 days × 3600 = 255600     (100000 × rate = 4200, 3950, …)
    #   365 days, sum 1420300 / 365 = 3891.2328… → 3891.23
    d = lpr_interest(100000, "2024-01-01", "2024-12-31", 1, tenor="5y").to_dict()
    assert [s["days"] for s in d["segments"]] == [50, 153, 91, 71]
    assert d["interest"] == D("3891.23") and d["provisions"] == []


def test_固定为合同成立时的LPR_不再分段():
    # Contract formed 2022-01-10: one-year LPR of 2021-12-20, 3.80% → 4 × 3.80% = 15.2%.
    # 100000 × 0.152 × 730 / 365 = 30400.00, one segment.
    d = lpr_interest(100000, "2023-01-01", "2024-12-31", 4, fixed_at="2022-01-10").to_dict()
    assert d["interest"] == D("30400.00") and len(d["segments"]) == 1
    assert d["segments"][0]["lpr_date"] == "2021-12-20"
    assert view.notes_zh(d)[0] == "固定利率：2022-01-10 适用的一年期 LPR 的 4 倍。"


def test_部分还款从次日起减少本金_分段同时按LPR调整和还款切分():
    # 100000, one-year LPR × 1, 2024-01-01..2024-12-31 no-tail; 40000 repaid on 2024-03-31.
    #   01-01..03-31  91 days, 100000 × 3.45% → 3450 × 91 = 313950   (payment day on the old balance)
    #   04-01..07-21 112 days,  60000 × 3.45% → 2070 × 112 = 231840
    #   07-22..10-20  91 days,  60000 × 3.35% → 2010 × 91 = 182910
    #   10-21..12-30  71 days,  60000 × 3.10% → 1860 × 71 = 132060
    #   365 days, 860760 / 365 = 2358.2465… → 2358.25
    d = lpr_interest(100000, "2024-01-01", "2024-12-31", 1, payments=["2024-03-31:40000"]).to_dict()
    # A (date, amount) pair reads the same as the text (the one DATE:AMOUNT reader, kernel.parse_dated).
    assert lpr_interest(100000, "2024-01-01", "2024-12-31", 1,
                        payments=[(dt.date(2024, 3, 31), D(40000))]).to_dict() == d
    assert [(s["start"], s["days"], s["principal"]) for s in d["segments"]] == [
        ("2024-01-01", 91, D("100000.00")), ("2024-04-01", 112, D("60000.00")),
        ("2024-07-22", 91, D("60000.00")), ("2024-10-21", 71, D("60000.00")),
    ]
    assert d["interest"] == D("2358.25") and d["provisions"] == ["private-lending-28"]


def test_超出LPR表最后核实日期时使用最后利率并给出警告():
    # data/lpr.csv is confirmed to 2026-08-20; its last row is 2025-05-20 (one-year 3.00%).
    # 2026-08-20 + 100 days = 2026-11-28, no-tail: the last counted day is 2026-11-27.
    d = lpr_interest(100000, "2026-08-20", "2026-11-28", 1).to_dict()
    assert d["segments"][-1]["lpr"] == D("3.00")
    assert d["warnings"] == [{"code": "lpr-period-beyond-confirmed", "last_day": "2026-11-27",
                              "last_confirmed": "2026-08-20", "table_last": "2025-05-20", "tenor": "1y",
                              "lpr": D("3.00")}]
    assert view.warnings_zh(d["warnings"]) == [
        "计息期间延续到 2026-11-27，晚于 LPR 表最后核实的日期 2026-08-20；此后按表中最后一个利率"
        "（2025-05-20 公布，一年期 3.00%）计算，请核对实际公布的 LPR。"]
    assert lpr_interest(100000, "2024-01-01", "2026-08-21", 1).warnings == ()  # no-tail: 08-21 not counted
    fixed = lpr_interest(100000, "2024-01-01", "2024-12-31", 1, fixed_at="2026-09-01")
    assert fixed.warnings == ({"code": "lpr-fixed-beyond-confirmed", "fixed_at": "2026-09-01",
                               "last_confirmed": "2026-08-20"},)


def test_起始日早于2019年8月20日时拒绝计算_说明基准利率时代不在范围内():
    with pytest.raises(InputError) as info:
        lpr_interest(100000, "2019-08-19", "2020-01-01", 4)
    assert info.value.field == "start"
    assert "2019-08-20" in info.value.message_zh and "基准利率" in info.value.message_zh
    with pytest.raises(InputError) as info:
        lpr_interest(100000, "2020-01-01", "2021-01-01", 4, fixed_at="2019-01-01")
    assert info.value.field == "fixed_at"


def test_起止同一天算头不算尾为0天_两头都算为1天():
    assert lpr_interest(100000, "2024-01-01", "2024-01-01", 4).days == 0
    r = lpr_interest(100000, "2024-01-01", "2024-01-01", 4, count="both", day_count=360)
    # 100000 × 0.138 / 360 = 38.3333… → 38.33
    assert r.days == 1 and r.to_dict()["interest"] == D("38.33")


def test_第二章的对照_约定罚息_四倍LPR浮动_四倍LPR固定_百分之二十四():
    # 10000, 2023-01-01..2024-12-31 no-tail (730 days), day_count 365, contract formed 2022-01-10:
    #   contractual 0.05% a day: 10000 × 0.0005 × 730 = 3650.00
    #   4 × LPR floating: 10099000 / 365 / 10 = 2766.849… → 2766.85
    #   4 × LPR fixed at 2022-01-10 (3.80%): 10000 × 0.152 × 2 = 3040.00
    #   24% line: 10000 × 0.24 × 730 / 365 = 4800.00
    out = compare_measures(10000, "2023-01-01", "2024-12-31", contract_date="2022-01-10", daily_rate="0.0005")
    got = {m["key"]: m["interest"] for m in out["measures"]}
    assert got == {"contractual": D("3650.00"), "lpr-floating": D("2766.85"),
                   "lpr-fixed": D("3040.00"), "financial-line": D("4800.00")}
    assert out["days"] == 730
    # The dates of the parameters: the multiple on the contract date (第25条 "合同成立时"); the
    # judicial line for each counted day of the period (one value, 0.24, since 2017-08-04);
    # the day-count year on the first counted day.
    assert out["parameters"] == [
        {"name": "private_lending_cap_multiple", "on": "2022-01-10", "value": D(4)},
        {"name": "financial_loan_judicial_line", "on": "2023-01-01", "value": D("0.24"), "until": "2024-12-30"},
        {"name": "day_count_basis", "on": "2023-01-01", "value": 365},
    ]
    assert view.measure_labels_zh(out) == ["合同约定的罚息", "一年期 LPR 的 4 倍（浮动）",
                                           "合同成立时一年期 LPR 的 4 倍（固定）", "金融借款的司法调减线（年利率 24%）"]
    assert view.notes_zh(out) == [
        "四种算法用同一计息天数（算头不算尾，730 天）和同一年天数（365），只有利率不同。",
        "LPR 倍数上限只适用于民间借贷；司法调减线只适用于金融借款，是借款人可以主张的调减线。",
    ]


def test_过渡期成立的合同_倍数按现行规则首日取值_并说明只作对照():
    # Formed 2020-01-01 (before 2020-08-20): the multiple is read on 2020-08-20 (4), as a comparison.
    out = compare_measures(10000, "2023-01-01", "2023-01-31", contract_date="2020-01-01", daily_rate="0.0005")
    assert out["parameters"][0] == {"name": "private_lending_cap_multiple", "on": "2020-08-20", "value": D(4)}
    assert view.notes_zh(out)[-1] == ("合同成立于 2020-01-01，早于 2020-08-20：民间借贷适用《民间借贷规定》"
                                      "第31条的过渡规则，“合同成立时 LPR 的倍数”只作对照。")


# --- Bad input ------------------------------------------------------------------


@pytest.mark.parametrize(
    "args, kwargs, field",
    [
        ((100000, "2024-01-02", "2024-01-01", 4), {}, "end"),
        ((100000, "2024-01-01", "2024-12-31", 0), {}, "multiple"),
        ((100000, "2024-01-01", "2024-12-31", "-1.5"), {}, "multiple"),
        ((100000, "2024-01-01", "2024-12-31", "four"), {}, "multiple"),
        ((100000, "2024-01-01", "2024-12-31", 4), {"tenor": "2y"}, "tenor"),
        ((100000, "2024-01-01", "2024-12-31", 4), {"count": "neither"}, "count"),
        ((100000, "2024-01-01", "2024-12-31", 4), {"day_count": 366}, "day_count"),
        ((100000, "2024/01/01", "2024-12-31", 4), {}, "start"),
        ((100000, "2024-01-01", "2023-02-29", 4), {}, "end"),
        ((0, "2024-01-01", "2024-12-31", 4), {}, "principal"),
        ((100000, "2024-01-01", "2024-12-31", 4), {"payments": ["2025-01-05:10"]}, "payment"),
        ((100000, "2024-01-01", "2024-12-31", 4), {"payments": ["2024-02-01:60000", "2024-03-01:60000"]},
         "payment"),
        ((100000, "2024-01-01", "2024-12-31", 4), {"fixed_at": "2024-13-01"}, "fixed_at"),
    ],
)
def test_错误输入报错并指出字段(args, kwargs, field):
    with pytest.raises(InputError) as info:
        lpr_interest(*args, **kwargs)
    assert info.value.field == field and info.value.message_zh


# --- Properties -----------------------------------------------------------------

FAST = settings(max_examples=150, deadline=None)
starts = st.dates(dt.date(2019, 8, 20), dt.date(2026, 12, 31))
conventions = st.sampled_from(["no-tail", "both"])
tenors = st.sampled_from(["1y", "5y"])
bases = st.sampled_from([360, 365])
multiples = st.sampled_from([D(1), D("1.3"), D("1.5"), D(4)])


@FAST
@given(starts, st.integers(0, 1500), conventions, tenors, st.lists(st.integers(0, 1500), max_size=3))
def test_性质_各段天数之和等于日历天数(start, length, count, tenor, pay_offsets):
    end = start + dt.timedelta(days=length)
    pays = [f"{start + dt.timedelta(days=min(o, length))}:1000" for o in pay_offsets]
    r = lpr_interest(100000, start, end, 4, tenor=tenor, count=count, payments=pays)
    assert r.days == (end - start).days + (1 if count == "both" else 0)
    for a, b in zip(r.segments, r.segments[1:]):
        assert b.start == a.end + ONE  # contiguous, no day counted twice
    assert all(s.days == (s.end - s.start).days + 1 > 0 for s in r.segments)


@FAST
@given(starts, st.integers(0, 400), conventions, tenors, bases, multiples)
def test_性质_期间内LPR不变时固定利率等于浮动利率(start, length, count, tenor, day_count, multiple):
    # Cut the period before the next change of this tenor's rate after ``start``.
    later = [r.date for r in rates.table() if r.date > start and r.rates[tenor] != rates.lpr_on(start, tenor)]
    limit = (later[0] - start).days - (1 if count == "both" else 0) if later else length
    end = start + dt.timedelta(days=max(0, min(length, limit)))
    kw = dict(tenor=tenor, day_count=day_count, count=count)
    floating = lpr_interest(50000, start, end, multiple, **kw)
    fixed = lpr_interest(50000, start, end, multiple, fixed_at=start, **kw)
    assert floating.interest == fixed.interest
    assert len(floating.segments) <= 1


@settings(max_examples=60, deadline=None)
@given(starts, st.integers(0, 800), conventions, tenors, bases, multiples)
def test_性质_分段计算等于逐日累加(start, length, count, tenor, day_count, multiple):
    end = start + dt.timedelta(days=length)
    r = lpr_interest(100000, start, end, multiple, tenor=tenor, day_count=day_count, count=count)
    last = end if count == "both" else end - ONE
    with localcontext(prec=100):
        naive, day = D(0), start
        while day <= last:
            naive += D(100000) * multiple * rates.lpr_on(day, tenor) / 100 / day_count
            day += ONE
        assert abs(naive - r.interest) < D("1e-60")


# --- Command line ---------------------------------------------------------------


@pytest.fixture
def run(monkeypatch, capsys):

    def _run(*argv):
        code = cli.main(list(argv))
        out = capsys.readouterr()
        return code, (json.loads(out.out) if code == 0 else None), out.err

    return _run


def test_命令行_lpr_interest输出天数利息分段警告和条文(run):
    code, out, _ = run("lpr-interest", "--principal", "100000", "--start", "2023-01-01", "--end", "2024-12-31",
                       "--multiple", "4")
    assert code == 0
    # Money and rates as decimal strings (see the first hand-worked case): 27668.49.
    assert out["days"] == 730 and out["interest"] == "27668.49"
    seg = out["segments"][0]
    assert set(seg) >= {"start", "end", "days", "lpr", "annual_rate", "principal", "interest"}
    assert seg["lpr"] == "3.65" and seg["annual_rate"] == "0.146" and seg["interest"] == "6800.00"
    assert out["warnings"] == [] and out["warnings_zh"] == [] and "private-lending-25" in out["provisions"]
    assert out["notes_zh"][1] == "计息天数：算头不算尾，共 730 天；每段的起止日都是计息日（含）。"


def test_命令行_所有选项(run):
    code, out, _ = run("lpr-interest", "--principal", "100000", "--start", "2024-01-01", "--end", "2024-12-31",
                       "--multiple", "1", "--tenor", "1y", "--day-count", "365", "--count", "no-tail",
                       "--payment", "2024-03-31:40000")
    assert code == 0 and out["interest"] == "2358.25"  # the partial-payment case above
    code, out, _ = run("lpr-interest", "--principal", "100000", "--start", "2023-01-01", "--end", "2024-12-31",
                       "--multiple", "4", "--fixed-at", "2022-01-10", "--day-count", "360", "--count", "both")
    # 100000 × 0.152 × 731 / 360 = 30864.4444… → 30864.44
    assert code == 0 and out["interest"] == "30864.44"


@pytest.mark.parametrize(
    "extra, field",
    [
        (["--start", "2024-12-31", "--end", "2024-01-01", "--multiple", "4"], "end"),
        (["--start", "2024-01-01", "--end", "2024-12-31", "--multiple", "0"], "multiple"),
        (["--start", "2024-01-01", "--end", "2024-12-31", "--multiple", "4", "--tenor", "10y"], "tenor"),
        (["--start", "2024-01-01", "--end", "2024-12-31", "--multiple", "4", "--count", "tail"], "count"),
        (["--start", "2024-1-1", "--end", "2024-12-31", "--multiple", "4"], "start"),
        (["--start", "2018-01-01", "--end", "2024-12-31", "--multiple", "4"], "start"),
    ],
)
def test_命令行_错误输入退出码为2(run, extra, field):
    code, _, err = run("lpr-interest", "--principal", "100000", *extra)
    assert code == 2 and f"错误（{field}）" in err and f"error ({field})" in err
