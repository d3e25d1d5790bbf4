"""Timeline engine: overdue spells, industry buckets, credit reporting, limitation."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from overdue import law
from overdue.present import cli
from overdue.errors import InputError
from overdue.timeline import bucket_of, timeline

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
    assert start.date == D("2025-05-16") and start.basis == ("civil-code-676",)
    (notice,) = kinds(ev, "credit_report_notice")
    assert notice.date == D("2025-05-16") and notice.basis == ("credit-reg-15",)
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
    assert ns.date == D("2026-11-28") and ns.basis == ("credit-reg-16",)
    assert not kinds(ev, "credit_retention_end")
    # Limitation: runs from the last due date 2025-06-15 (first day 06-16).
    # 06-01 contact: before the start, no effect. 08-01 contact: restarts.
    # 09-10 partial payment: restarts again -> 2028-09-10 (Sunday; 2028 is
    # uncovered, weekend-only) -> 2028-09-11.
    (ls,) = kinds(ev, "limitation_start")
    assert ls.date == D("2025-06-16")
    (le,) = kinds(ev, "limitation_end")
    assert le.date == D("2028-09-11") and le.projected and le.data["expired"] is False
    assert any("2028 年" in n for n in le.notes)
    assert {"civil-code-195", "limitation-interp-8", "limitation-interp-14"} <= set(le.basis)
    c1, c2 = kinds(ev, "collection_contact")
    assert "尚未开始" in c1.label and "重新计算" in c2.label
    assert c2.basis == ("civil-code-195", "limitation-interp-8")
    p2 = kinds(ev, "payment")[1]
    assert p2.basis == ("civil-code-195", "limitation-interp-14") and "重新计算" in p2.label


def test_事件按日期排序_每个事件都有日期类型标签和依据():
    ev = timeline(**EXAMPLE)
    assert [e.date for e in ev] == sorted(e.date for e in ev)
    for e in ev:
        d = e.to_dict()
        assert set(d) >= {"date", "kind", "label", "basis"}
        assert d["label"]
        for pid in d["basis"]:
            law.provision(pid)  # every id exists in data/provisions.yaml


def test_逾期分档标注为行业惯例_没有90天不良贷款事件():
    ev = timeline(**EXAMPLE)
    for e in kinds(ev, "bucket"):
        assert e.basis == () and "行业惯例" in e.basis_note and "非法律" in e.label
    assert not [e for e in ev if "不良贷款" in e.label or "non_performing" in e.kind]


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
    (ret,) = kinds(ev, "credit_retention_end")
    assert ret.date == D("2029-03-05") and ret.projected and ret.basis == ("credit-reg-16",)
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
    assert le.data["end_if_acceleration_disregarded"] == "2028-12-11"  # 12-10 is a Sunday
    assert any("提前到期" in n for n in le.notes)
    assert kinds(ev, "acceleration")


@settings(max_examples=100, deadline=None)
@given(st.integers(0, 400))
def test_性质_分档与逾期天数一致(dpd):
    b = bucket_of(dpd)
    if dpd == 0:
        assert b is None
    elif dpd <= 30:
        assert b == "M1"
    elif dpd <= 60:
        assert b == "M2"
    elif dpd <= 90:
        assert b == "M3"
    else:
        assert b == "M3+"


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
def run_cli(monkeypatch, capsys):
    # Only this module's commands: other engines may not be in the tree yet.

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
        assert {"date", "kind", "label", "basis"} <= set(e)
    ends = [e for e in events if e["kind"] == "limitation_end"]
    assert ends[0]["date"] == "2028-09-11"


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
