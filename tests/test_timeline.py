"""Timeline engine and its words: overdue spells, industry buckets, credit reporting, limitation."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from overdue import law
from overdue.errors import InputError
from overdue.limitation import Note, Reading
from overdue.present import cli
from overdue.present import limitation as words
from overdue.timeline import KIND_ORDER, Bucket, bucket_of, timeline

D = dt.date.fromisoformat

# Three instalments of 1,000; the first paid on time, the second never paid
# in full, 500 paid on 2025-09-10; collection contacts on 06-01 and 08-01.
EXAMPLE = dict(
    installments=[("2025-04-15", 1000), ("2025-05-15", 1000), ("2025-06-15", 1000)],
    payments=[("2025-04-15", 1000), ("2025-09-10", 500)],
    contacts=["2025-06-01", "2025-08-01"],
    as_of="2026-11-28",
)


def kinds(events, kind):
    return [e for e in events if e.kind == kind]


def test_分期逾期示例_手算的关键日期():
    ev = timeline(**EXAMPLE)
    # Instalment 2 (due 2025-05-15) unpaid: overdue from 2025-05-16.
    (start,) = kinds(ev, "overdue_start")
    assert start.date == D("2025-05-16") and start.provisions == ("civil-code-676",)
    assert start.data == {"number": 2, "due": D("2025-05-15")}
    (notice,) = kinds(ev, "credit_report_notice")
    assert notice.date == D("2025-05-16") and notice.provisions == ("credit-reg-15",)
    # Days past due counted from 2025-05-15: day 1 = 05-16, day 31 = 06-15,
    # day 61 = 07-15, day 91 = 08-14. The 500 on 09-10 only part-pays
    # instalment 2, so the oldest unpaid instalment stays the same.
    assert [(e.date, e.data["bucket"]) for e in kinds(ev, "bucket")] == [
        (D("2025-05-16"), "M1"),
        (D("2025-06-15"), "M2"),
        (D("2025-07-15"), "M3"),
        (D("2025-08-14"), "M3+"),
    ]
    # Not cleared by the as-of date: the 5-year clock has not started.
    (ns,) = kinds(ev, "credit_retention_not_started")
    assert ns.date == D("2026-11-28") and ns.provisions == ("credit-reg-16",)
    assert not kinds(ev, "credit_retention_end")
    # Limitation: runs from the last due date 2025-06-15 (first day 06-16).
    # 06-01 contact: before the start, no effect. 08-01 contact: restarts.
    # 09-10 partial payment: restarts again -> 2028-09-10 (Sunday; 2028 is
    # uncovered, weekend-only) -> 2028-09-11.
    (ls,) = kinds(ev, "limitation_start")
    assert ls.date == D("2025-06-16")
    (le,) = kinds(ev, "limitation_end")
    assert le.date == D("2028-09-11") and le.projected and le.data["expired"] is False
    assert ("calendar_uncovered", 2028) in [(n.code, n.data.get("year")) for n in le.notes]
    assert {"civil-code-195", "limitation-interp-8", "limitation-interp-14"} <= set(le.provisions)
    c1, c2 = kinds(ev, "collection_contact")
    assert (c1.data["effect"], c2.data["effect"]) == ("before_start", "restarted")
    assert words.event_label_zh(c1) == "催收联系：诉讼时效尚未开始计算，不发生中断效果"
    assert words.event_label_zh(c2) == "催收联系：诉讼时效中断，从这一天起重新计算"
    assert c2.provisions == ("civil-code-195", "limitation-interp-8")
    p2 = kinds(ev, "payment")[1]
    assert p2.provisions == ("civil-code-195", "limitation-interp-14") and p2.data["effect"] == "restarted"
    assert words.event_label_zh(p2) == "还款 500.00 元（部分还款：诉讼时效中断，从这一天起重新计算）"


def test_事件按日期排序_每个事件都有日期类型和依据_中文标签由展示层给出():
    ev = timeline(**EXAMPLE)
    assert [e.date for e in ev] == sorted(e.date for e in ev)
    for e in ev:
        d = e.to_dict()
        assert set(d) == {"date", "kind", "provisions", "source", "projected", "notes", "parameters", "data"}
        assert d["provisions"] or d["source"] or e.kind in ("payment", "settled")
        for pid in d["provisions"]:
            law.provision(pid)  # every id exists in data/provisions.yaml
        assert words.event_label_zh(e)
    assert json.dumps([e.to_dict() for e in ev], ensure_ascii=False)


def test_逾期分档标注为行业惯例_没有90天不良贷款事件():
    ev = timeline(**EXAMPLE)
    for e in kinds(ev, "bucket"):
        assert e.provisions == () and e.source == "convention"
        assert words.basis_zh(e) == "行业惯例，非法律"
    m2 = kinds(ev, "bucket")[1]
    assert words.event_label_zh(m2) == "逾期第 31 天，进入 M2（逾期 31–60 天；行业惯例，非法律）"
    assert {e.kind for e in ev} <= set(KIND_ORDER)  # no "non-performing loan" kind among them
    assert "non_performing" not in " ".join(KIND_ORDER)


def test_逾期分档按进入该档当天的惯例读取():
    # Due 2025-05-15, unpaid: M2 starts on day 31 = 2025-06-15; the buckets are read
    # from overdue_buckets on that day (value since 2019-08-20: M1 ≤ 30, M2 ≤ 60, M3 ≤ 90).
    ev = timeline(**EXAMPLE)
    m2 = kinds(ev, "bucket")[1]
    assert m2.date == D("2025-06-15")
    assert m2.parameters == (Reading("overdue_buckets", D("2025-06-15"), {"M1": 30, "M2": 60, "M3": 90}),)
    assert m2.data == {"bucket": "M2", "days_past_due": 31, "first": 31, "last": 60}


def test_逾期还清后_5年保存期限从还清之日起算():
    # Instalment 2 due 2024-02-10 paid on 2024-03-05: overdue 2024-02-11 ..
    # 2024-03-05 (day 24, still M1); the adverse behaviour ends 2024-03-05;
    # retention ends on the corresponding date 2029-03-05 (a projection).
    ev = timeline(
        [("2024-01-10", 1000), ("2024-02-10", 1000)],
        [("2024-01-10", 1000), ("2024-03-05", 1000)],
        as_of="2026-11-28",
    )
    assert [e.date for e in kinds(ev, "overdue_start")] == [D("2024-02-11")]
    assert [e.data["bucket"] for e in kinds(ev, "bucket")] == ["M1"]
    (cleared,) = kinds(ev, "overdue_cleared")
    assert cleared.date == D("2024-03-05")
    assert cleared.notes == (Note("behaviour_end_assumed"),)
    (ret,) = kinds(ev, "credit_retention_end")
    assert ret.date == D("2029-03-05") and ret.projected and ret.provisions == ("credit-reg-16",)
    # Five years, read on 2024-03-05: the day the adverse behaviour ended (第16条).
    assert ret.parameters == (Reading("credit_record_retention_years", D("2024-03-05"), 5),)
    assert words.event_label_zh(ret) == "第 1 次逾期的不良信息保存期限（5 年，自 2024-03-05 起算）届满，此后应当删除"
    (settled,) = kinds(ev, "settled")
    assert settled.date == D("2024-03-05")
    # Settled: no limitation question left.
    assert not kinds(ev, "limitation_end")


def test_到期次日还款也算逾期1天():
    ev = timeline([("2024-05-10", 800)], [("2024-05-11", 800)], as_of="2024-06-01")
    assert [e.date for e in kinds(ev, "overdue_start")] == [D("2024-05-11")]
    assert [e.date for e in kinds(ev, "overdue_cleared")] == [D("2024-05-11")]


def test_到期当日还款不逾期():
    ev = timeline([("2024-05-10", 800)], [("2024-05-10", 800)], as_of="2024-06-01")
    assert not kinds(ev, "overdue_start") and not kinds(ev, "bucket")


def test_两次逾期分别记录():
    ev = timeline(
        [("2024-01-10", 500), ("2024-02-10", 500), ("2024-03-10", 500)],
        [("2024-01-20", 500), ("2024-02-10", 500), ("2024-04-01", 500)],
        as_of="2024-12-31",
    )
    assert [e.date for e in kinds(ev, "overdue_start")] == [D("2024-01-11"), D("2024-03-11")]
    assert [e.date for e in kinds(ev, "overdue_cleared")] == [D("2024-01-20"), D("2024-04-01")]
    assert [e.date for e in kinds(ev, "credit_retention_end")] == [D("2029-01-20"), D("2029-04-01")]


def test_基准日仍逾期时给出若不还款的预计分档():
    # Due 2026-10-15, unpaid; as of 2026-11-28 it is day 44 (M2).
    # If nothing is paid: M3 on day 61 = 2026-12-15, M3+ on day 91 = 2027-01-14.
    ev = timeline([("2026-10-15", 1000)], as_of="2026-11-28")
    projected = [(e.date, e.data["bucket"]) for e in kinds(ev, "bucket") if e.projected]
    assert projected == [(D("2026-12-15"), "M3"), (D("2027-01-14"), "M3+")]


def test_加速到期传给诉讼时效():
    ev = timeline(
        [("2025-01-10", 1000), ("2025-12-10", 1000)],
        as_of="2026-11-28",
        acceleration="2025-03-01",
    )
    (le,) = kinds(ev, "limitation_end")
    # 2025-03-01 + 3 years = 2028-03-01 (Wednesday; 2028 uncovered).
    assert le.date == D("2028-03-01")
    assert le.data["end_if_acceleration_disregarded"] == D("2028-12-11")  # 12-10 is a Sunday
    assert "acceleration_unsettled" in [n.code for n in le.notes]
    (acc,) = kinds(ev, "acceleration")
    assert acc.source == "input"
    assert words.basis_zh(acc) == "用户输入；对诉讼时效起算的影响没有明确规定，见诉讼时效届满事件的说明"


def test_逾期分段的惯例改变后_从改变之日起按新的分段(monkeypatch):
    # Suppose (hypothetically) the convention changed on 2025-06-01 to M1 = days 1–20.
    # Due 2025-05-15, unpaid: day 1 = 05-16 is M1 under the old convention; on
    # 06-05, day 21, the loan enters M2 under the new one (under the old, M2 would
    # only start on day 31 = 06-15).
    from overdue import params

    real = params.parameters()
    changed = dict(real)
    changed["overdue_buckets"] = dict(real["overdue_buckets"])
    changed["overdue_buckets"]["values"] = list(real["overdue_buckets"]["values"]) + [
        {"from": D("2025-06-01"), "value": {"M1": 20, "M2": 60, "M3": 90}}]
    monkeypatch.setattr(params, "parameters", lambda: changed)
    ev = timeline([("2025-05-15", 1000)], as_of="2025-07-01")
    m1, m2 = kinds(ev, "bucket")[:2]
    assert (m1.date, m1.data["bucket"], m1.parameters[0].value["M1"]) == (D("2025-05-16"), "M1", 30)
    assert (m2.date, m2.data["bucket"], m2.data["days_past_due"]) == (D("2025-06-05"), "M2", 21)
    assert m2.parameters == (Reading("overdue_buckets", D("2025-06-05"), {"M1": 20, "M2": 60, "M3": 90}),)


def test_分档的边界_第30天仍是M1_第31天进入M2_第91天进入M3加():
    on = D("2026-11-28")
    assert bucket_of(0, on) is None
    assert bucket_of(1, on) == bucket_of(30, on) == Bucket("M1", 1, 30)
    assert bucket_of(31, on) == bucket_of(60, on) == Bucket("M2", 31, 60)
    assert bucket_of(61, on) == bucket_of(90, on) == Bucket("M3", 61, 90)
    assert bucket_of(91, on) == bucket_of(400, on) == Bucket("M3+", 91, None)


def test_逾期分段在惯例开始使用之前没有定义_是错误():
    # overdue_buckets has a value from 2019-08-20 only.
    with pytest.raises(InputError) as err:
        bucket_of(5, D("2019-08-19"))
    assert err.value.field == "installment"


def test_还款多于各期之和时_说明多出的部分没有计算():
    # 1,000 due 2024-05-10; 1,100 paid on 2024-05-10: 100.00 more than the instalments.
    ev = timeline([("2024-05-10", 1000)], [("2024-05-10", 1100)], as_of="2024-06-01")
    (settled,) = kinds(ev, "settled")
    assert settled.notes == (Note("overpaid", {"excess": 100}),)
    assert words.event_notes_zh(settled) == [
        "还款合计比所录入各期金额之和多 100.00 元；多出的部分可能是利息、罚息或费用，本时间线没有计算。"]


def test_事件表格和时间线图():
    ev = timeline(**EXAMPLE)
    frame = words.events_frame(ev, kinds=("overdue_start", "limitation_end"))
    assert frame.to_dict("records") == [
        {"日期": "2025-05-16",
         "事件": "开始逾期：第 2 期（2025-05-15 到期）没有按时还清。自此贷款人可以按约定或者国家有关规定收取逾期利息",
         "依据": "《民法典》第676条"},
        {"日期": "2028-09-11（推算）",
         "事件": "诉讼时效期间的最后一日（截至 2026-11-28 尚未届满）；最近一次中断：2025-09-10",
         "依据": "《民法典》第188条、《民法典》第189条、《民法典》第201条、《民法典》第202条、《民法典》第203条、"
                 "《民法典》第195条、《诉讼时效规定》第8条、《诉讼时效规定》第14条"},
    ]
    figure = words.timeline_figure(ev, D("2026-11-28"))
    assert figure["limitation_end"] == "2028-09-11" and figure["as_of"] == "2026-11-28"
    pytest.importorskip("IPython")
    svg = words.timeline_chart(ev, D("2026-11-28"), title="示例")
    assert "诉讼时效届满 2028-09-11" in svg._repr_svg_()


@settings(max_examples=100, deadline=None)
@given(
    st.lists(st.tuples(st.integers(0, 400), st.integers(1, 5000)), min_size=1, max_size=6),
    st.lists(st.tuples(st.integers(0, 700), st.integers(1, 5000)), max_size=6),
    st.integers(0, 400),
)
def test_性质_任意输入都不崩溃_且结果有序(inst, pays, extra):
    base = dt.date(2022, 1, 10)
    installments = [(base + dt.timedelta(days=d), a) for d, a in inst]
    last = max(d for d, _ in installments)
    as_of = last + dt.timedelta(days=extra)
    payments = [(base + dt.timedelta(days=d), a) for d, a in pays if base + dt.timedelta(days=d) <= as_of]
    ev = timeline(installments, payments, as_of=as_of)
    assert [e.date for e in ev] == sorted(e.date for e in ev)
    assert all(not e.projected or e.date > as_of for e in ev)


# --- bad input ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "installments",
    [
        [("2025-01-10", None)],
        [(None, 1000)],
        [{"date": "2025-01-10"}],
        ["2025-01-10"],
        [":1000"],
        [("2025-02-30", 1000)],
        [("2025-01-10", 0)],
        [],
    ],
)
def test_还款计划缺日期或金额_指明字段(installments):
    with pytest.raises(InputError) as err:
        timeline(installments, as_of="2026-11-28")
    assert err.value.field == "installment"


def test_基准日早于第一期到期日是错误():
    with pytest.raises(InputError) as err:
        timeline([("2025-01-10", 1000)], as_of="2025-01-09")
    assert err.value.field == "as_of"


def test_基准日之后的还款或催收是错误():
    with pytest.raises(InputError) as err:
        timeline([("2025-01-10", 1000)], [("2025-03-01", 10)], as_of="2025-02-01")
    assert err.value.field == "payment"
    with pytest.raises(InputError) as err:
        timeline([("2025-01-10", 1000)], contacts=["2025-03-01"], as_of="2025-02-01")
    assert err.value.field == "contact"
    with pytest.raises(InputError) as err:
        timeline([("2025-01-10", 1000)], contacts=["2025-02-29"], as_of="2025-03-01")
    assert err.value.field == "contact"


# --- command line ---------------------------------------------------------------------


@pytest.fixture
def run_cli(capsys):
    def run(*argv):
        code = cli.main(list(argv))
        out, err = capsys.readouterr()
        return code, out, err

    return run


def test_命令行_时间线示例(run_cli):
    code, out, _ = run_cli(
        "timeline",
        "--installment", "2025-04-15:1000", "--installment", "2025-05-15:1000",
        "--installment", "2025-06-15:1000",
        "--payment", "2025-04-15:1000", "--payment", "2025-09-10:500",
        "--contact", "2025-06-01", "--contact", "2025-08-01",
        "--as-of", "2026-11-28",
    )
    assert code == 0
    events = json.loads(out)
    assert isinstance(events, list) and events
    for e in events:
        assert {"date", "kind", "provisions", "label_zh", "basis_zh", "notes_zh"} <= set(e)
    ends = [e for e in events if e["kind"] == "limitation_end"]
    assert ends[0]["date"] == "2028-09-11"
    assert ends[0]["label_zh"] == "诉讼时效期间的最后一日（截至 2026-11-28 尚未届满）；最近一次中断：2025-09-10"
    assert events[0] == {
        "date": "2025-04-15", "kind": "instalment_due", "provisions": [], "source": "contract",
        "projected": False, "notes": [], "parameters": [], "data": {"number": 1, "amount": "1000"},
        "label_zh": "第 1 期到期，应还 1000.00 元", "basis_zh": "借款合同约定", "notes_zh": [],
    }


@pytest.mark.parametrize(
    "argv, field",
    [
        (["--installment", "2025-01-10", "--as-of", "2026-01-01"], "installment"),
        (["--installment", ":1000", "--as-of", "2026-01-01"], "installment"),
        (["--installment", "2025-01-10:abc", "--as-of", "2026-01-01"], "installment"),
        (["--installment", "2025-01-10:1000"], "as_of"),
        (["--as-of", "2026-01-01"], "installment"),
        (["--installment", "2025-01-10:1000", "--as-of", "2024-12-31"], "as_of"),
        (["--installment", "2025-01-10:1000", "--payment", "2025-01-32:5", "--as-of", "2026-01-01"], "payment"),
        (["--installment", "2025-01-10:1000", "--contact", "20250201", "--as-of", "2026-01-01"], "contact"),
    ],
)
def test_命令行_错误输入退出码2并指明字段(run_cli, argv, field):
    code, out, err = run_cli("timeline", *argv)
    assert code == 2 and out == ""
    assert f"错误（{field}）" in err and f"error ({field})" in err


# --- old and assigned debts ---------------------------------------------------------------


def test_旧债时间线_民法通则下起算_扣款和转让通知都中断():
    # Two instalments of 1,000 due 2016-01-10 and 2016-02-10, nothing paid. The period
    # runs from 2016-02-10 under 民法通则 (two years). Each event restarts it:
    #   contact 2016-06-01 → 2018-06-01; debit 2017-03-01 → 2019-03-01;
    #   notice 2017-05-20 → 2019-05-20, which had not expired on 2017-10-01, so three
    #   years from 2017-05-20 → 2020-05-20 (a Wednesday). Expired as of 2026-11-28.
    ev = timeline([("2016-01-10", 1000), ("2016-02-10", 1000)], contacts=["2016-06-01"],
                  debits=["2017-03-01"], assignment_notices=["2017-05-20"], as_of="2026-11-28")
    (ls,) = kinds(ev, "limitation_start")
    assert ls.date == D("2016-02-11")
    assert ls.provisions == ("civil-principles-135", "limitation-interp-2008-5", "civil-principles-154")
    assert words.event_label_zh(ls) == "诉讼时效开始计算（最后一期到期日的次日；适用《民法通则》）"
    (contact,) = kinds(ev, "collection_contact")
    assert contact.provisions == ("civil-principles-140", "limitation-interp-2008-10")
    (debit,) = kinds(ev, "debit")
    assert debit.data["effect"] == "restarted" and debit.notes == (
        Note("debit_financial_institution", {"date": D("2017-03-01")}),)
    (notice,) = kinds(ev, "assignment_notice")
    assert notice.provisions == ("civil-principles-140", "limitation-interp-2008-19")
    assert words.event_label_zh(notice) == "债权转让通知到达债务人：诉讼时效中断，从这一天起重新计算"
    (le,) = kinds(ev, "limitation_end")
    assert le.date == D("2020-05-20") and le.data["expired"] is True
    assert le.data["regime"] == "civil-principles" and le.data["years"] == 3
    assert "civil-general-interp-2" in le.provisions
    # The industry buckets are in data from 2019-08-20 only: the first is the open-ended
    # one on that day (day 1,318 past the due date 2016-01-10); the start says why.
    assert [(e.date, e.data["bucket"]) for e in kinds(ev, "bucket")] == [(D("2019-08-20"), "M3+")]
    (start,) = kinds(ev, "overdue_start")
    assert start.notes == (Note("buckets_not_defined", {"first": D("2019-08-20")}),)
    assert json.dumps([e.to_dict() for e in ev], ensure_ascii=False)


def test_时间线上的中止事由_和届满日():
    # Last due 2021-07-20 → 2024-07-22; the obstacle 2024-05-01..05-31 (in the last six
    # months) → six months after 2024-05-31 → 2024-11-30 (Saturday) → 2024-12-02.
    ev = timeline([("2021-06-20", 1000), ("2021-07-20", 1000)], suspensions=["2024-05-01:2024-05-31"],
                  as_of="2026-11-28")
    (s,) = kinds(ev, "suspension")
    assert s.date == D("2024-05-01") and s.provisions == ("civil-code-194",)
    assert s.data == {"end": D("2024-05-31"), "effect": "suspended", "end_after": D("2024-12-02")}
    assert words.event_label_zh(s) == (
        "妨碍债权人行使请求权的障碍（2024-05-01–2024-05-31）：诉讼时效中止，届满日延后，届满日为 2024-12-02")
    (le,) = kinds(ev, "limitation_end")
    assert le.date == D("2024-12-02") and le.data["suspended_days"] == 133


def test_征信业管理条例施行以前还清的逾期_不列征信事件():
    # Due 2013-01-10, paid 2013-02-01: the spell ended before 《征信业管理条例》 took effect
    # (2013-03-15), so no reporting or retention event; the start says why.
    ev = timeline([("2013-01-10", 500)], [("2013-02-01", 500)], as_of="2013-06-01")
    assert not kinds(ev, "credit_report_notice") and not kinds(ev, "credit_retention_end")
    (start,) = kinds(ev, "overdue_start")
    assert Note("credit_reg_not_in_force", {"first": D("2013-03-15")}) in start.notes


def test_2008年9月1日以前到期的还款计划_拒绝计算诉讼时效_指明字段():
    with pytest.raises(InputError) as err:
        timeline([("2008-08-10", 1000)], as_of="2026-11-28")
    assert err.value.field == "installment" and "未能核实" in err.value.message_zh


def test_命令行_时间线_转让通知和中止(run_cli):
    code, out, _ = run_cli(
        "timeline", "--installment", "2022-04-10:1000", "--assignment-notice", "2024-09-03",
        "--suspension", "2021-01-01:2021-02-01", "--as-of", "2026-11-28",
    )
    assert code == 0
    events = json.loads(out)
    notice = next(e for e in events if e["kind"] == "assignment_notice")
    assert notice["data"]["effect"] == "restarted" and notice["provisions"] == ["civil-code-195",
                                                                             "limitation-interp-17"]
    # The obstacle of January 2021 is before the period started (2022-04-10): no effect.
    susp = next(e for e in events if e["kind"] == "suspension")
    assert susp["data"]["effect"] == "outside_last_six_months" and susp["source"] == "input"
    end = next(e for e in events if e["kind"] == "limitation_end")
    assert end["date"] == "2027-09-03" and end["reasons_zh"]
