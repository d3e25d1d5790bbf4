"""Limitation-period engine and its words: hand-worked cases, properties, bad input, CLI.

Counting rule under test (《民法典》第188、189、201、202、203条):
the period runs from the last due date D, D itself not counted; its last day
is the corresponding date three years later (month end if there is none);
if that is a rest day, the next working day. An interruption on day I starts
a fresh period in the same way from I.
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
from overdue.limitation import Interruption, Note, Reading, limitation, period_from
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
    st.dates(dt.date(2021, 1, 1), dt.date(2030, 12, 31)),
    st.lists(st.integers(1, 1200), max_size=4),
    st.integers(1, 1200),
)
def test_性质_期间内增加一次中断不会使届满日提前(due, gaps, extra_gap):
    # Interruptions spaced by ``gaps`` days, each inside the running period.
    events, day = [], due
    for g in gaps:
        day = day + dt.timedelta(days=g)
        events.append((day, "demand"))
    as_of = dt.date(2045, 1, 1)
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


def test_2021年以前起算的时效不在范围内_指明字段():
    with pytest.raises(InputError) as err:
        limitation("2019-05-01", as_of="2026-11-28")
    assert err.value.field == "last_due"


def test_基准日早于最后一期到期日_接受并说明尚未起算():
    r = limitation("2025-06-15", as_of="2025-01-01")
    assert r.expired is False and r.started is False
    assert Note("not_started", {"as_of": D("2025-01-01"), "first_day": D("2025-06-16")}) in r.warnings
    assert any("尚未开始计算" in w for w in words.warnings_zh(r))


# --- command line ---------------------------------------------------------------------


@pytest.fixture
def run_cli(monkeypatch, capsys):
    # Only this module's commands: other engines may not be in the tree yet.

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
    assert data["scope_zh"].startswith("只计算普通诉讼时效的起算、届满和中断")


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
