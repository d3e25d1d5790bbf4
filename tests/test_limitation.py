"""Limitation-period engine and its words: hand-worked cases, properties, bad input, CLI.

Counting rule under test (《民法典》第188、189、201、202、203条):
the period runs from the last due date D, D itself not counted; its last day
is the corresponding date three years later (month end if there is none);
if that is a rest day, the next working day. An interruption on day I starts
a fresh period in the same way from I.

Old debts: a period that starts before 2017-10-01 is two years (《民法通则》
第135条); if its last day is on or after 2017-10-01 it becomes three years from
the same start (法释〔2018〕12号第2条), otherwise it stays expired (第3条). A
period that starts from 2017-10-01 to 2020-12-31 is three years under 《民法总则》
and continues under 《民法典》. Suspension: an obstacle in the last six months;
the period then ends six months after the obstacle ends (第194条), or, under
《民法通则》第139条, the days left when the suspension began run again after it.
"""

from __future__ import annotations

import datetime as dt
import json

import chinese_calendar
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from overdue import law
from overdue.calendar import covered_years, is_working_day, next_working_day
from overdue.errors import InputError
from overdue.limitation import Interruption, Note, Reading, Suspension, limitation, period_from
from overdue.present import cli
from overdue.present import limitation as words

D = dt.date.fromisoformat


# --- the calendar ---------------------------------------------------------------


def test_调休上班的周六是工作日_国庆假期和普通周末不是():
    # 2026 schedule: National Day 10-01..10-07 off; Saturday 10-10 worked (调休).
    assert D("2026-10-10").weekday() == 5 and chinese_calendar.is_workday(D("2026-10-10"))
    assert is_working_day(D("2026-10-10")) == (True, None)
    assert is_working_day(D("2026-10-03")) == (False, None)
    assert is_working_day(D("2026-11-28")) == (False, None)  # an ordinary Saturday


def test_日历没有收录的年份只按周末判断_并报告该年份():
    # chinese-calendar 1.11 holds the official schedules up to 2026; 2028 is not
    # there. 2028-01-01 is a Saturday: a rest day by the weekend rule alone, and the
    # next working day is Monday 2028-01-03. The year is reported, once.
    assert is_working_day(D("2028-01-01")) == (False, 2028)
    assert next_working_day(D("2028-01-01")) == (D("2028-01-03"), (2028,))
    # A covered year reports nothing: 2026-10-08 (Thursday after National Day).
    assert next_working_day(D("2026-10-03")) == (D("2026-10-08"), ())


def test_未收录年份的中文警告说明只按周末判断并提示复核():
    note = Note("calendar_uncovered", {"year": 2028, "covered_from": 2004, "covered_to": 2026})
    assert words.note_zh(note) == (
        "2028 年的法定节假日和调休安排尚未收录（所用日历数据只覆盖 2004–2026 年），"
        "该年只按周六、周日判断休息日，没有考虑法定节假日和调休上班日。"
        "国务院办公厅公布 2028 年放假安排后，请更新日历数据并复核这一日期。"
    )


# --- hand-worked cases ----------------------------------------------------------


def test_题目示例_2025年6月15日到期_2028年6月15日届满():
    # Runs from 2025-06-15 (not counted); counting starts 2025-06-16; the
    # corresponding date in 2028 is 2028-06-15 (a Thursday). 2028 is not in the
    # calendar: weekend-only check, with a warning.
    r = limitation("2025-06-15", as_of="2026-11-28")
    assert r.period.first_day == D("2025-06-16")
    assert r.period.unadjusted_end == D("2028-06-15") == r.end
    assert r.expired is False
    assert [(w.code, w.data["year"]) for w in r.warnings] == [("calendar_uncovered", 2028)]
    assert r.provisions == ("civil-code-188", "civil-code-189", "civil-code-201", "civil-code-202", "civil-code-203")
    # The three years are read on 2025-06-15, the day this running of the period starts.
    assert r.parameters == (Reading("limitation_period_years", D("2025-06-15"), 3),)


def test_每次中断都在中断当天读取时效期间():
    # Last due 2025-06-15, a demand on 2025-07-10: two runnings of the period, each
    # three years long as in force on the day it starts (2025-06-15, 2025-07-10).
    r = limitation("2025-06-15", [("2025-07-10", "demand")], as_of="2026-11-28")
    assert r.parameters == (Reading("limitation_period_years", D("2025-06-15"), 3),
                            Reading("limitation_period_years", D("2025-07-10"), 3))
    assert r.end == D("2028-07-10")  # a Monday
    assert r.to_dict()["parameters"] == [
        {"name": "limitation_period_years", "on": "2025-06-15", "value": 3},
        {"name": "limitation_period_years", "on": "2025-07-10", "value": 3},
    ]


def test_届满日是周六时顺延到下周一():
    # 2023-11-28 + 3 years = 2026-11-28, a Saturday (rest day) -> Monday 2026-11-30.
    r = limitation("2023-11-28", as_of="2026-11-29")
    assert r.period.unadjusted_end == D("2026-11-28")
    assert r.end == D("2026-11-30")
    assert r.expired is False  # on 11-29 (Sunday) the period is still running
    assert r.warnings == ()


def test_届满日在国庆假期内时顺延到假期结束后的第一个工作日():
    # 2023-10-03 + 3 years = 2026-10-03 (National Day, 10-01..10-07 off)
    # -> 2026-10-08 (Thursday), the day after the holiday ends (第203条).
    r = limitation("2023-10-03", as_of="2026-10-08")
    assert r.period.unadjusted_end == D("2026-10-03")
    assert r.end == D("2026-10-08")
    assert r.expired is False
    assert limitation("2023-10-03", as_of="2026-10-09").expired is True


def test_届满日是调休上班的周六时不顺延():
    # 2023-10-10 + 3 years = 2026-10-10, a Saturday but a make-up working day.
    r = limitation("2023-10-10", as_of="2026-10-10")
    assert r.end == D("2026-10-10") and r.period.rolled is False
    # Same with the Spring Festival make-up Saturday 2026-02-28.
    assert limitation("2023-02-28", as_of="2026-01-01").end == D("2026-02-28")


def test_届满日在日历未收录的年份_按周末顺延并警告():
    # 2024-11-27 + 3 years = 2027-11-27, a Saturday; 2027 has no official
    # schedule in chinese-calendar 1.11 -> weekend-only -> Monday 2027-11-29.
    r = limitation("2024-11-27", as_of="2026-11-28")
    assert r.period.unadjusted_end == D("2027-11-27")
    assert r.end == D("2027-11-29")
    (w,) = r.warnings
    assert (w.code, w.data["year"]) == ("calendar_uncovered", 2027)
    assert "2027 年" in words.note_zh(w) and "复核" in words.note_zh(w)


def test_2月29日起算_到期年没有对应日_以2月末日为最后一日():
    # 第202条: no 29 February in 2027 -> 2027-02-28 (Sunday; 2027 uncovered,
    # weekend-only) -> 2027-03-01.
    p = period_from("2024-02-29")
    assert p.unadjusted_end == D("2027-02-28")
    assert p.end == D("2027-03-01") and p.uncovered_years == (2027,)
    # The other way round: from 2021-02-28 the corresponding date 2024-02-28
    # exists, so the period does not stretch to 29 February.
    assert period_from("2021-02-28").unadjusted_end == D("2024-02-28")
    # An interruption on 29 February behaves the same way.
    r = limitation("2023-12-31", [("2024-02-29", "demand")], as_of="2024-03-01")
    assert r.period.unadjusted_end == D("2027-02-28")


def test_期间内的催收使时效中断并重新计算():
    # Last due 2021-03-10 -> initial end 2024-03-10 (Sunday) -> 2024-03-11.
    # Demand reaching the debtor on 2022-07-15 -> fresh period -> 2025-07-15 (Tuesday).
    r = limitation("2021-03-10", [("2022-07-15", "demand")], as_of="2026-11-28")
    assert r.initial.end == D("2024-03-11")
    assert r.end == D("2025-07-15")
    assert r.expired is True
    assert r.running_from.date == D("2022-07-15") and r.running_from.effect == "restarted"
    assert "civil-code-195" in r.provisions and "limitation-interp-8" in r.provisions
    assert "limitation-interp-9" not in r.provisions
    assert "civil-code-192" in r.provisions  # expired


def test_顺延后的最后一日仍在期间内_当天催收有效_次日催收无效():
    # Initial end: 2024-03-10 is a Sunday -> the period's last day is 2024-03-11.
    on_sunday = limitation("2021-03-10", [("2024-03-10", "demand")], as_of="2024-04-01")
    assert on_sunday.end == D("2027-03-10")  # fresh period from the Sunday
    on_last_day = limitation("2021-03-10", [("2024-03-11", "demand")], as_of="2024-04-01")
    assert on_last_day.end == D("2027-03-11")
    too_late = limitation("2021-03-10", [("2024-03-12", "demand")], as_of="2024-04-01")
    assert too_late.end == D("2024-03-11") and too_late.expired is True
    assert too_late.interruptions[0].effect == "after_expiry"
    assert too_late.warnings == (
        Note("after_expiry_demand", {"date": D("2024-03-12"), "kind": "demand", "end": D("2024-03-11")}),
    )
    assert "不能使已届满的时效“复活”" in words.warnings_zh(too_late)[0]
    assert too_late.defence_possibly_waived is False


def test_届满后债务人部分还款_不重新计算但可能丧失时效抗辩():
    # Ended 2024-03-11 (2024-03-10 was a Sunday); the payment on 2024-05-01 is after it.
    r = limitation("2021-03-10", [("2024-05-01", "partial_payment")], as_of="2024-06-01")
    assert r.end == D("2024-03-11") and r.expired is True
    assert r.defence_possibly_waived is True
    assert {"civil-code-192", "limitation-interp-19"} <= set(r.provisions)
    assert [w.code for w in r.warnings] == ["after_expiry_debtor_act"]
    assert words.warnings_zh(r)[0].startswith(
        "2024-05-01 的“债务人部分还款”发生在诉讼时效期间届满（2024-03-11）之后，不会使时效重新计算；"
    )


def test_期间内承认债务或部分还款也中断():
    r = limitation(
        "2022-01-20",
        [Interruption(D("2023-05-06"), "acknowledgment"), ("2024-01-02", "partial_payment")],
        as_of="2024-02-01",
    )
    # 2024-01-02 + 3 years = 2027-01-02 (Saturday, 2027 uncovered) -> 2027-01-04.
    assert r.end == D("2027-01-04")
    assert "limitation-interp-14" in r.provisions
    assert [e.effect for e in r.interruptions] == ["restarted", "restarted"]


def test_部分债权的请求才引用诉讼时效规定第9条():
    r = limitation("2022-01-20", [("2023-05-06", "partial_demand")], as_of="2024-01-01")
    assert "limitation-interp-9" in r.provisions and "limitation-interp-8" in r.provisions


def test_最后一期到期前的催收_接受但不中断_并在警告中说明():
    r = limitation("2025-06-15", [("2025-05-01", "demand")], as_of="2026-11-28")
    assert r.end == D("2028-06-15")
    assert r.interruptions[0].effect == "before_start"
    assert r.warnings[0] == Note("before_start", {"date": D("2025-05-01"), "kind": "demand",
                                                  "runs_from": D("2025-06-15"), "first_day": D("2025-06-16")})
    assert words.warnings_zh(r)[0] == (
        "2025-05-01 的“履行请求（催收）到达债务人”不晚于诉讼时效起算所依据的日期 2025-06-15，"
        "时效从 2025-06-16 才开始计算，此时尚未开始，因此不发生中断效果；已记录，但不影响届满日。"
    )
    assert "civil-code-195" not in r.provisions


def test_加速到期_使用提前到期日并说明不确定性():
    # Acceleration 2024-12-01 -> end 2027-12-01 (Wednesday; 2027 uncovered);
    # without it, 2028-06-15.
    r = limitation("2025-06-15", as_of="2026-11-28", acceleration="2024-12-01")
    assert r.end == D("2027-12-01")
    assert r.end_if_acceleration_disregarded == D("2028-06-15")
    assert Note("acceleration_unsettled", {"acceleration": D("2024-12-01"), "last_due": D("2025-06-15"),
                                           "end_if_disregarded": D("2028-06-15")}) in r.warnings
    assert any("提前到期" in w and "没有找到" in w for w in words.warnings_zh(r))
    # Both runnings read the period's length on their own start: 2024-12-01 and 2025-06-15.
    assert [x.on for x in r.parameters] == [D("2024-12-01"), D("2025-06-15")]
    ignored = limitation("2025-06-15", as_of="2026-11-28", acceleration="2025-07-01")
    assert ignored.end == D("2028-06-15")
    assert ignored.warnings[0] == Note("acceleration_ignored", {"acceleration": D("2025-07-01"),
                                                                "last_due": D("2025-06-15")})
    assert words.warnings_zh(ignored)[0] == (
        "提前到期日 2025-07-01 不早于最后一期到期日 2025-06-15，对诉讼时效的起算没有影响，已忽略。"
    )


def test_未给基准日时按本书基准日判断并警告():
    r = limitation("2025-06-15")
    assert r.as_of == D("2026-11-28") and r.as_of_given is False
    assert Note("as_of_not_given", {"as_of": D("2026-11-28")}) in r.warnings
    assert "没有指定计算基准日（--as-of），是否届满按本书的基准日 2026-11-28 判断。" in words.warnings_zh(r)


def test_所有引用的条文都在数据中():
    r = limitation(
        "2021-03-10",
        [("2022-01-01", "partial_demand"), ("2025-09-01", "acknowledgment")],
        as_of="2026-11-28",
    )
    for pid in r.provisions:
        law.provision(pid)


# --- properties -------------------------------------------------------------------

FAST = settings(max_examples=150, deadline=None)
covered_last = dt.date(covered_years()[1], 12, 31)


@FAST
@given(st.dates(dt.date(2021, 1, 1), dt.date(2035, 12, 31)))
def test_性质_届满日不早于未顺延的对应日(due):
    p = period_from(due)
    assert p.end >= p.unadjusted_end
    assert (p.end - p.unadjusted_end).days <= 14


@FAST
@given(
    st.dates(dt.date(2021, 1, 1), dt.date(2026, 12, 31)),
    st.lists(st.integers(1, 800), max_size=4),
    st.integers(1, 1095),
)
def test_性质_期间内增加一次中断不会使届满日提前(due, gaps, extra_gap):
    # Interruptions spaced by ``gaps`` days, each inside the running period. The last event
    # falls at most 4 × 800 days (under nine years) after 2026-12-31, inside the date domain,
    # which ends ten years after the book's as-of date (2036-11-28).
    events, day = [], due
    for g in gaps:
        day = day + dt.timedelta(days=g)
        events.append((day, "demand"))
    as_of = dt.date(2036, 11, 28)
    base = limitation(due, events, as_of=as_of)
    extra = base.period.runs_from + dt.timedelta(days=extra_gap)
    if extra > base.end:
        extra = base.end
    more = limitation(due, events + [(extra, "demand")], as_of=as_of)
    assert more.end >= base.end


@FAST
@given(st.dates(dt.date(2021, 1, 1), dt.date(2023, 12, 31)), st.integers(0, 400))
def test_性质_日历收录年份内届满日总是工作日(due, gap):
    events = [(due + dt.timedelta(days=gap), "demand")] if gap else []
    r = limitation(due, events, as_of=dt.date(2030, 1, 1))
    if r.end <= covered_last:
        assert chinese_calendar.is_workday(r.end)
        assert all(w.code != "calendar_uncovered" for w in r.warnings)


# --- bad input ----------------------------------------------------------------------


@pytest.mark.parametrize("bad", ["2025-6-15", "2025/06/15", "abc", "", "2025-02-30", "2025-13-01"])
def test_错误日期_指明字段(bad):
    with pytest.raises(InputError) as err:
        limitation(bad, as_of="2026-01-01")
    assert err.value.field == "last_due"


def test_基准日之后的中断事由是错误_指明字段():
    with pytest.raises(InputError) as err:
        limitation("2025-06-15", [("2026-12-01", "demand")], as_of="2026-11-28")
    assert err.value.field == "demand"


def test_不认识的中断类型是错误():
    with pytest.raises(InputError) as err:
        limitation("2025-06-15", [("2025-12-01", "phone")], as_of="2026-11-28")
    assert err.value.field == "interruption_kind"


def test_2008年9月1日以前开始的时效不予计算_说明条文未能核实():
    # The first covered day is 2008-09-01, when the 2008 limitation interpretation and
    # its instalment rule (第五条) took effect; 2008-08-31 is refused, naming the field.
    with pytest.raises(InputError) as err:
        limitation("2008-08-31", as_of="2026-11-28")
    assert err.value.field == "last_due"
    assert "未能核实" in err.value.message_zh and "2008-09-01" in err.value.message_zh
    assert "could not be verified" in err.value.message_en
    # 2008-09-01 itself is covered: two years under 民法通则 → 2010-09-01, a Wednesday.
    assert limitation("2008-09-01", as_of="2026-11-28").end == D("2010-09-01")


def test_基准日早于最后一期到期日_接受并说明尚未起算():
    r = limitation("2025-06-15", as_of="2025-01-01")
    assert r.expired is False and r.started is False
    assert Note("not_started", {"as_of": D("2025-01-01"), "first_day": D("2025-06-16")}) in r.warnings
    assert any("尚未开始计算" in w for w in words.warnings_zh(r))


# --- command line ---------------------------------------------------------------------


@pytest.fixture
def run_cli(capsys):
    def run(*argv):
        code = cli.main(list(argv))
        out, err = capsys.readouterr()
        return code, out, err

    return run


def test_命令行_示例(run_cli):
    code, out, _ = run_cli("limitation", "--last-due", "2025-06-15", "--as-of", "2026-11-28")
    assert code == 0
    data = json.loads(out)
    assert data["end"] == "2028-06-15" and data["expired"] is False
    assert data["warnings"] == [{"code": "calendar_uncovered", "year": 2028, "covered_from": 2004,
                                 "covered_to": 2026}]
    assert data["warnings_zh"][0].startswith("2028 年的法定节假日和调休安排尚未收录")
    assert data["parameters"] == [{"name": "limitation_period_years", "on": "2025-06-15", "value": 3}]
    assert "civil-code-189" in data["provisions"] and "《民法典》第189条" in data["citations"]
    assert data["scope_zh"].startswith("按当时施行的规定计算普通诉讼时效的起算、届满、中断和中止")
    assert data["regime"] == "civil-code" and data["regime_zh"] == "《民法典》（2021-01-01 施行）"


def test_命令行_中断和届满(run_cli):
    code, out, _ = run_cli(
        "limitation", "--last-due", "2021-03-10",
        "--demand", "2022-07-15", "--interruption", "2025-08-01",
        "--as-of", "2026-11-28",
    )
    assert code == 0
    data = json.loads(out)
    assert data["end"] == "2025-07-15" and data["expired"] is True
    assert data["running_from"]["date"] == "2022-07-15"
    assert [i["effect"] for i in data["interruptions"]] == ["restarted", "after_expiry"]
    assert data["interruptions"][0]["provisions"] == ["civil-code-195", "limitation-interp-8"]


@pytest.mark.parametrize(
    "argv, field",
    [
        (["--last-due", "2025-02-30"], "last_due"),
        (["--last-due", "2025-06-15", "--demand", "2025-6-1"], "demand"),
        (["--last-due", "2025-06-15", "--as-of", "tomorrow"], "as_of"),
        (["--as-of", "2026-11-28"], "last_due"),
    ],
)
def test_命令行_错误输入退出码2并指明字段(run_cli, argv, field):
    code, out, err = run_cli("limitation", *argv)
    assert code == 2 and out == ""
    assert f"错误（{field}）" in err and f"error ({field})" in err


# --- the words (overdue.present.limitation) -------------------------------------------


def test_中断效果的说法只有一处定义_时间线和表格都用它():
    # The contact on 2025-07-10 is inside the period that runs from 2025-06-15: it restarts it.
    r = limitation("2025-06-15", [("2025-07-10", "demand")], as_of="2026-11-28")
    frame = words.interruptions_frame(r)
    assert frame["效果"].tolist() == ["开始计算", "诉讼时效中断，从这一天起重新计算"]
    assert frame["此后的届满日"].tolist() == ["2028-06-15", "2028-07-10"]
    assert frame["事由"].tolist() == ["最后一期到期（时效自次日起算）", "履行请求（催收）到达债务人"]
    assert words.EFFECT_ZH["restarted"] == "诉讼时效中断，从这一天起重新计算"


def test_几种情形并列的表格():
    # Ended 2025-05-12 (three years from 2022-05-10, a Saturday in 2025 → Monday 05-12);
    # a demand after that changes nothing, a promise may waive the defence.
    demand = limitation("2022-03-15", [("2022-05-10", "demand"), ("2026-03-02", "demand")],
                        as_of="2026-11-28")
    promise = limitation("2022-03-15", [("2022-05-10", "demand"), ("2026-03-02", "acknowledgment")],
                         as_of="2026-11-28")
    frame = words.outcomes_frame({"催收": demand, "答应还款": promise})
    assert frame.to_dict("records") == [
        {"情形": "催收", "时效届满日": "2025-05-12", "截至基准日": "已届满", "可能已不能主张时效抗辩": "否"},
        {"情形": "答应还款", "时效届满日": "2025-05-12", "截至基准日": "已届满", "可能已不能主张时效抗辩": "是"},
    ]


def test_引擎模块不含说明性中文_也不导入展示用的包():
    # Chinese may appear only in docstrings, comments and InputError messages;
    # no argparse, pandas, matplotlib or ipywidgets.
    import ast
    import pathlib
    import re

    import overdue

    cjk = re.compile(r"[\u4e00-\u9fff]")
    root = pathlib.Path(overdue.__file__).parent
    for name in ("limitation.py", "timeline.py", "calendar.py", "planning.py"):
        tree = ast.parse((root / name).read_text(encoding="utf-8"))
        allowed = set()
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "InputError":
                allowed |= {id(n) for n in ast.walk(node)}
            if isinstance(node, (ast.Module, ast.FunctionDef, ast.ClassDef)) and ast.get_docstring(node):
                allowed.add(id(node.body[0].value))
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and cjk.search(node.value):
                assert id(node) in allowed, f"{name}:{node.lineno}: {node.value[:30]}"
            if isinstance(node, (ast.Import, ast.ImportFrom)):
                mods = [a.name for a in node.names] + [getattr(node, "module", None) or ""]
                assert not {m.split(".")[0] for m in mods} & {"argparse", "pandas", "matplotlib", "ipywidgets"}


# --- old debts: the regime that governed each period ------------------------------------


def test_民法总则施行期间开始的期间_三年_跨过2021年后按民法典继续计算():
    # Last due 2020-01-10: the period starts under 民法总则 (2017-10-01 to 2020-12-31),
    # three years, read on 2020-01-10 → 2023-01-10 (a Tuesday). On 2021-01-01 it was
    # still running, so it continues under 民法典 with the same length.
    r = limitation("2020-01-10", as_of="2026-11-28")
    assert r.end == D("2023-01-10") and r.expired is True
    assert r.regime == "civil-general" and r.period.years == 3
    assert r.parameters == (Reading("limitation_period_years", D("2020-01-10"), 3),)
    assert [n.code for n in r.reasons] == ["regime", "continues_under_civil_code"]
    assert r.reasons[0].data["in_force_from"] == D("2017-10-01")
    assert r.reasons[0].data["in_force_to"] == D("2020-12-31")
    assert r.provisions == ("civil-general-188", "civil-general-189", "civil-general-201", "civil-general-202",
                            "civil-general-203", "time-effect-interp-1", "civil-code-192")
    assert words.regime_zh("civil-general") == "《民法总则》（2017-10-01 施行，2021-01-01 废止）"


def test_民法通则施行期间开始的期间_两年_2017年以前届满的仍然届满():
    # Last due 2014-05-20: 民法通则, two years (read on 2014-05-20) → 2016-05-20, a
    # Friday. That is before 2017-10-01, so the three years of 民法总则 do not help
    # (法释〔2018〕12号第3条).
    r = limitation("2014-05-20", as_of="2026-11-28")
    assert r.end == D("2016-05-20") and r.expired is True
    assert r.regime == "civil-principles" and r.period.years == 2 and r.period.transition == "expired"
    assert r.parameters == (Reading("limitation_period_years", D("2014-05-20"), 2),)
    assert [n.code for n in r.reasons] == ["regime", "transition_expired"]
    assert {"civil-principles-135", "limitation-interp-2008-5", "civil-principles-154",
            "civil-general-interp-3"} <= set(r.provisions)
    # 民法通则 has no corresponding-date rule: the result says it counted by one.
    assert Note("civil_principles_corresponding_date", {}) in r.warnings


def test_2017年10月1日的过渡_前一天届满的仍为两年_当天尚未届满的改为三年():
    # Last due 2015-09-30 → two years → 2017-09-30, a Saturday but a make-up working
    # day (National Day 2017): the last day is 2017-09-30, the day before 民法总则.
    before = limitation("2015-09-30", as_of="2026-11-28")
    assert before.end == D("2017-09-30") and before.period.years == 2
    assert before.period.transition == "expired"
    # Last due 2015-10-01 → two years → 2017-10-01 (National Day; the last day would
    # move to 2017-10-09): on 2017-10-01 the period had not expired, so it becomes
    # three years from the same start → 2018-10-01 (National Day 2018, 10-01..10-07)
    # → 2018-10-08, a Monday.
    after = limitation("2015-10-01", as_of="2026-11-28")
    assert after.period.two_year_end == D("2017-10-09")
    assert after.end == D("2018-10-08") and after.period.years == 3
    assert after.period.transition == "extended"
    # Two readings: two years on the start, three years on the day 民法总则 took effect.
    assert after.parameters == (Reading("limitation_period_years", D("2015-10-01"), 2),
                                Reading("limitation_period_years", D("2017-10-01"), 3))
    assert {"civil-general-interp-2", "civil-general-188"} <= set(after.provisions)
    (ext,) = [n for n in after.reasons if n.code == "transition_extended"]
    assert words.note_zh(ext) == (
        "自 2015-10-01 起算的期间按《民法通则》为 2 年，最后一日是 2017-10-09；"
        "《民法总则》施行之日（2017-10-01）尚未届满，因此可以主张适用 3 年，最后一日为 2018-10-08"
        "（《民法总则诉讼时效解释》第2条）。该解释已于 2021-01-01 被法释〔2020〕16号决定废止，"
        "但这一过渡发生在废止以前，仍按它判断。"
    )


def test_2016年3月1日到期_2017年2月1日催收_过渡后为三年_届满日在春节假期后():
    # Runs from 2016-03-01 under 民法通则. The demand of 2017-02-01 restarts two years
    # → 2019-02-01; on 2017-10-01 that period was running, so three years from
    # 2017-02-01 → 2020-02-01, a Saturday in the (extended) 2020 Spring Festival
    # holiday → the next working day, Monday 2020-02-03.
    r = limitation("2016-03-01", [("2017-02-01", "demand")], as_of="2026-11-28")
    assert r.end == D("2020-02-03") and r.period.unadjusted_end == D("2020-02-01")
    assert r.running_from.date == D("2017-02-01") and r.running_from.regime == "civil-principles"
    # The demand was made under 民法通则: 第140条 and 2008年规定 第10条.
    assert r.interruptions[0].provisions == ("civil-principles-140", "limitation-interp-2008-10")
    assert "civil-general-interp-2" in r.provisions


def test_届满日在春节假期内_顺延到节后第一个工作日_调休上班的周日也算():
    # 民法典: 2021-02-12 + 3 years = 2024-02-12, in the Spring Festival holiday
    # (2024-02-10..02-17); the next working day is Sunday 2024-02-18, a make-up working day.
    r = limitation("2021-02-12", as_of="2024-02-18")
    assert r.period.unadjusted_end == D("2024-02-12") and r.end == D("2024-02-18")
    assert r.expired is False
    # 民法通则: 2013-02-20 + 2 years = 2015-02-20, in the holiday 2015-02-18..02-24 →
    # Wednesday 2015-02-25 (民法通则第154条第3款). As of that day it has not expired.
    old = limitation("2013-02-20", as_of="2015-02-25")
    assert old.end == D("2015-02-25") and old.expired is False and old.regime == "civil-principles"
    assert "civil-principles-154" in old.provisions
    # Judged before 2017-10-01 the transition is not yet a question: no such reason.
    assert [n.code for n in old.reasons] == ["regime"]


# --- debt assignment ----------------------------------------------------------------------


def test_债权转让通知在届满前到达_使时效中断():
    # Last due 2022-04-10 → 2025-04-10 (a Thursday). The assignee's notice reached the
    # debtor on 2024-09-03: interrupted (《诉讼时效规定》第17条) → 2027-09-03, a Friday
    # (2027 not in the calendar: weekend-only, with a warning).
    r = limitation("2022-04-10", [("2024-09-03", "assignment_notice")], as_of="2026-11-28")
    assert r.end == D("2027-09-03") and r.expired is False
    (notice,) = r.assignment_notices
    assert notice.effect == "restarted" and notice.provisions == ("civil-code-195", "limitation-interp-17")
    # The assignee steps into the same claim: the debtor's defences follow it (第548条).
    assert "civil-code-548" in r.provisions
    assert Note("assignment_notice_must_reach", {"date": D("2024-09-03")}) in r.warnings


def test_债权转让通知在届满后到达_不使时效复活():
    # Same loan: the period ended 2025-04-10; a notice on 2025-06-01 revives nothing.
    r = limitation("2022-04-10", [("2025-06-01", "assignment_notice")], as_of="2026-11-28")
    assert r.end == D("2025-04-10") and r.expired is True
    assert r.assignment_notices[0].effect == "after_expiry"
    assert r.defence_possibly_waived is False  # a notice is not the debtor's agreement
    assert r.warnings == (Note("after_expiry_assignment",
                               {"date": D("2025-06-01"), "kind": "assignment_notice", "end": D("2025-04-10")}),)
    text = words.warnings_zh(r)[0]
    assert "不能使已届满的时效“复活”" in text and "《民法典》第548条" in text


def test_2021年以前的债权转让通知_适用2008年规定第19条():
    # Last due 2018-06-01 (民法总则) → 2021-06-01. Notice on 2019-09-10 → three years
    # → 2022-09-10, a Saturday in the Mid-Autumn holiday (09-10..09-12) → 2022-09-13.
    r = limitation("2018-06-01", [("2019-09-10", "assignment_notice")], as_of="2026-11-28")
    assert r.end == D("2022-09-13")
    assert r.assignment_notices[0].provisions == ("civil-general-195", "limitation-interp-2008-19")
    assert "civil-code-548" not in r.provisions  # 第548条 governs notices from 2021-01-01


# --- suspension (中止) ---------------------------------------------------------------------


def test_最后六个月内的障碍使时效中止_障碍消除后满六个月届满():
    # Last due 2021-07-20 → 2024-07-20 (Saturday) → last day 2024-07-22. Its last six
    # months begin on 2024-01-23 (2024-07-22 minus six months, plus one day). An obstacle
    # from 2024-05-01 to 2024-05-31 lies inside: the period ends six months after
    # 2024-05-31 → 2024-11-30 (Saturday) → Monday 2024-12-02 (第194条第2款).
    r = limitation("2021-07-20", suspensions=[("2024-05-01", "2024-05-31")], as_of="2026-11-28")
    assert r.end == D("2024-12-02") and r.end_without_suspension == D("2024-07-22")
    # Days added: 2024-07-22 → 2024-12-02 = 9 + 31 + 30 + 31 + 30 + 2 = 133.
    assert r.period.suspended_days == 133
    (s,) = r.suspensions
    assert (s.effect, s.rule, s.window_from, s.suspended_from) == (
        "suspended", "six_months_after", D("2024-01-23"), D("2024-05-01"))
    assert "civil-code-194" in r.provisions
    assert Note("suspension_obstacle", {}) in r.warnings


def test_障碍不在最后六个月内或者届满后才发生_不中止():
    # Same loan (last day 2024-07-22, last six months from 2024-01-23).
    early = limitation("2021-07-20", suspensions=[("2023-03-01", "2023-04-01")], as_of="2026-11-28")
    assert early.end == D("2024-07-22") and early.suspensions[0].effect == "outside_last_six_months"
    assert "civil-code-194" not in early.provisions
    late = limitation("2021-07-20", suspensions=[Suspension(D("2024-08-01"), D("2024-08-20"))],
                      as_of="2026-11-28")
    assert late.end == D("2024-07-22") and late.suspensions[0].effect == "after_expiry"


def test_中止使期间延续_延续期间内的催收仍然中断():
    # Without the obstacle the period ends 2024-07-22 and a demand on 2024-10-08 is too late.
    assert limitation("2021-07-20", [("2024-10-08", "demand")], as_of="2026-11-28").expired is True
    # With the obstacle of 2024-05 the period runs to 2024-12-02, so the demand of
    # 2024-10-08 interrupts it → 2027-10-08 (a Friday; 2027 weekend-only).
    r = limitation("2021-07-20", [("2024-10-08", "demand")], suspensions=[("2024-05-01", "2024-05-31")],
                   as_of="2026-11-28")
    assert r.end == D("2027-10-08") and r.interruptions[0].effect == "restarted"
    assert r.suspensions[0].effect == "suspended"  # it kept the period alive


def test_中止开始后期间又在原届满日前中断_中止不再有影响():
    # Obstacle 2024-02-01..02-10 (inside the last six months), then a demand on 2024-03-01,
    # before the original last day 2024-07-22: the fresh period (→ 2027-03-01) is not
    # touched by the obstacle.
    r = limitation("2021-07-20", [("2024-03-01", "demand")], suspensions=[("2024-02-01", "2024-02-10")],
                   as_of="2026-11-28")
    assert r.end == D("2027-03-01")
    assert r.suspensions[0].effect == "superseded" and "civil-code-194" not in r.provisions


def test_民法通则下的中止_障碍消除后继续计算剩余期间():
    # Last due 2014-03-03 → two years → 2016-03-03 (a Thursday); last six months from
    # 2015-09-04. Obstacle 2016-01-10..2016-01-19, removed before 2017-10-01, so
    # 民法通则第139条: the days from 2016-01-10 to 2016-03-03 (22 + 29 + 3 = 54) run
    # again after 2016-01-19 → 2016-03-13, a Sunday → Monday 2016-03-14.
    r = limitation("2014-03-03", suspensions=[("2016-01-10", "2016-01-19")], as_of="2026-11-28")
    assert r.end == D("2016-03-14")
    (s,) = r.suspensions
    assert s.rule == "resumed_counting" and s.provisions == ("civil-principles-139", "limitation-interp-2008-20")
    assert Note("suspension_resumed_counting", {"start": D("2016-01-10"), "end": D("2016-01-19"),
                                                "suspended_from": D("2016-01-10"), "days": 11}) in r.warnings


def test_中止会使民法通则两年期间延续到2017年10月以后_没有核实的规定_拒绝计算():
    # Last due 2015-09-10 → 2017-09-10 (Sunday) → 2017-09-11. An obstacle 2017-08-01..08-20
    # would push it (民法通则第139条) past 2017-10-01; how that combines with the change to
    # three years is not settled by any verified text: refused, naming the field.
    with pytest.raises(InputError) as err:
        limitation("2015-09-10", suspensions=[("2017-08-01", "2017-08-20")], as_of="2026-11-28")
    assert err.value.field == "suspension" and "没有找到经核实的规定" in err.value.message_zh
    # The other side: last due 2015-12-01 → two years → 2017-12-01, which became three
    # years (→ 2018-12-03). An obstacle of July 2017, removed before 2017-10-01, lay in the
    # last six months of the two-year period as it then stood: refused too.
    with pytest.raises(InputError) as err:
        limitation("2015-12-01", suspensions=[("2017-07-01", "2017-08-01")], as_of="2026-11-28")
    assert err.value.field == "suspension"
    # One in the last six months of the three-year period (from 2018-06-04) is computed under
    # 民法总则第194条: six months after 2018-08-01 → 2019-02-01, a Friday.
    r = limitation("2015-12-01", suspensions=[("2018-07-01", "2018-08-01")], as_of="2026-11-28")
    assert r.end == D("2019-02-01") and r.suspensions[0].provisions == ("civil-general-194",)


@pytest.mark.parametrize("bad", ["2024-05-31:2024-05-01", "2024-05-01", "2024-05-01:", "x:y"])
def test_障碍的起止日有误_指明字段(bad):
    with pytest.raises(InputError) as err:
        limitation("2021-07-20", suspensions=[bad], as_of="2026-11-28")
    assert err.value.field == "suspension"


def test_障碍尚未消除_不能计算中止后的届满日():
    with pytest.raises(InputError) as err:
        limitation("2021-07-20", suspensions=[("2026-11-01", "2026-12-31")], as_of="2026-11-28")
    assert err.value.field == "suspension"


# --- interruption by an account debit -----------------------------------------------------------


def test_金融机构从账户扣收欠款_使时效中断():
    # Last due 2022-08-15 → 2025-08-15 (a Friday). A bank debits the account on 2023-02-10
    # (《诉讼时效规定》第8条第（三）项) → 2026-02-10 (a Tuesday); expired as of 2026-11-28.
    r = limitation("2022-08-15", [("2023-02-10", "debit")], as_of="2026-11-28")
    assert r.end == D("2026-02-10") and r.expired is True
    assert r.interruptions[0].provisions == ("civil-code-195", "limitation-interp-8")
    assert Note("debit_financial_institution", {"date": D("2023-02-10")}) in r.warnings
    assert "第（三）项" in words.warnings_zh(r)[0] and "金融机构" in words.warnings_zh(r)[0]
    # Under 民法总则: last due 2018-06-01, debit 2019-03-05 → 2022-03-05 (Saturday) → 2022-03-07,
    # by 2008年规定 第10条第（三）项.
    old = limitation("2018-06-01", [("2019-03-05", "debit")], as_of="2026-11-28")
    assert old.end == D("2022-03-07")
    assert old.interruptions[0].provisions == ("civil-general-195", "limitation-interp-2008-10")


# --- the twenty-year long stop --------------------------------------------------------------------


def test_二十年最长保护期间_中断不能使债权超过它():
    # Last due 2009-03-20 (民法通则). The debtor acknowledges the debt before each period ends:
    #   2011-03-01 → 2013-03-01; 2013-02-01 → 2015-02-01 (Sunday) → 02-02;
    #   2015-01-20 → 2017-01-20; 2016-12-01 → 2018-12-01 (Saturday) → 12-03, not expired on
    #   2017-10-01, so three years → 2019-12-01 (Sunday) → 12-02;
    #   2019-11-01 (民法总则) → 2022-11-01; 2022-10-10 (民法典) → 2025-10-10;
    #   2025-09-01 → 2028-09-01; 2028-08-01 → 2031-08-01.
    # The long stop runs twenty years from 2009-03-20 (the start assumed) → 2029-03-20, a
    # Tuesday: it ends before 2031-08-01 and sets the end.
    acks = ["2011-03-01", "2013-02-01", "2015-01-20", "2016-12-01", "2019-11-01", "2022-10-10",
            "2025-09-01", "2028-08-01", "2029-05-01"]
    r = limitation("2009-03-20", [(d, "acknowledgment") for d in acks], as_of="2029-06-01")
    assert r.period.end == D("2031-08-01")
    assert r.long_stop.binds and r.long_stop.end == D("2029-03-20") and r.end == D("2029-03-20")
    assert r.expired is True
    assert [e.end_after for e in r.interruptions[:4]] == [D("2013-03-01"), D("2015-02-02"),
                                                          D("2017-01-20"), D("2019-12-02")]
    assert [e.regime for e in r.interruptions[3:6]] == ["civil-principles", "civil-general", "civil-code"]
    # The acknowledgment of 2029-05-01 comes after the long stop: no effect, no waiver computed.
    assert r.interruptions[-1].effect == "after_expiry" and r.defence_possibly_waived is False
    assert [n.code for n in r.warnings if n.code.startswith("long_stop") or n.code == "after_long_stop"] == [
        "after_long_stop", "long_stop_start_assumed", "long_stop_extension"]
    assert "long_stop_binds" in [n.code for n in r.reasons]
    assert {"civil-principles-137", "civil-code-188", "time-effect-interp-1"} <= set(r.provisions)
    assert Reading("limitation_long_stop_years", D("2009-03-20"), 20) in r.parameters


def test_最长保护期间的起算日可以给出_不晚于最后一期到期日():
    # Harmed on 2009-01-05 (the first unpaid instalment): twenty years → 2029-01-05, a
    # Friday. The ordinary period (acknowledged 2011-03-01 → 2013-03-01) ends long
    # before it, so the long stop does not set the end. A start after the last due
    # date is refused: an instalment debt is harmed at the latest when the last one falls due.
    r = limitation("2009-03-20", [("2011-03-01", "acknowledgment")], as_of="2026-11-28",
                   long_stop_from="2009-01-05")
    assert r.long_stop.end == D("2029-01-05") and r.long_stop.assumed is False and not r.long_stop.binds
    with pytest.raises(InputError) as err:
        limitation("2009-03-20", as_of="2026-11-28", long_stop_from="2009-04-01")
    assert err.value.field == "long_stop_from"


# --- command line: the new events ----------------------------------------------------------------


def test_命令行_2020年1月10日到期_按民法总则计算(run_cli):
    code, out, _ = run_cli("limitation", "--last-due", "2020-01-10")
    assert code == 0
    data = json.loads(out)
    assert data["end"] == "2023-01-10" and data["regime"] == "civil-general"
    assert data["reasons_zh"][0].startswith("诉讼时效最初自 2020-01-10 起算；当天施行的是《民法总则》")


def test_命令行_转让通知_扣款_中止(run_cli):
    code, out, _ = run_cli(
        "limitation", "--last-due", "2021-07-20", "--suspension", "2024-05-01:2024-05-31",
        "--assignment-notice", "2024-10-08", "--as-of", "2026-11-28",
    )
    assert code == 0
    data = json.loads(out)
    # The obstacle carries the period to 2024-12-02; the notice of 2024-10-08 restarts it
    # → 2027-10-08.
    assert data["end"] == "2027-10-08"
    assert data["suspensions"][0]["effect"] == "suspended"
    assert data["interruptions"][0]["kind"] == "assignment_notice"
    code, out, _ = run_cli("limitation", "--last-due", "2022-08-15", "--debit", "2023-02-10",
                           "--as-of", "2026-11-28")
    assert code == 0 and json.loads(out)["end"] == "2026-02-10"


@pytest.mark.parametrize(
    "argv, field",
    [
        (["--last-due", "2021-07-20", "--suspension", "2024-05-01"], "suspension"),
        (["--last-due", "2021-07-20", "--assignment-notice", "2024-02-30"], "assignment_notice"),
        (["--last-due", "2021-07-20", "--debit", "soon"], "debit"),
        (["--last-due", "2021-07-20", "--long-stop-from", "2022-01-01"], "long_stop_from"),
        (["--last-due", "2007-12-31"], "last_due"),
    ],
)
def test_命令行_新事件的错误输入(run_cli, argv, field):
    code, out, err = run_cli("limitation", *argv)
    assert code == 2 and out == ""
    assert f"错误（{field}）" in err


# --- properties across the regimes ---------------------------------------------------------------


@FAST
@given(st.dates(dt.date(2008, 9, 1), dt.date(2020, 12, 31)))
def test_性质_旧债的期间_两年或三年_三年当且仅当两年期在2017年10月1日尚未届满(due):
    p = period_from(due)
    assert p.end >= p.unadjusted_end
    if p.regime == "civil-principles":
        assert (p.years == 3) == (p.two_year_end >= dt.date(2017, 10, 1))
    else:
        assert p.years == 3 and due >= dt.date(2017, 10, 1)
