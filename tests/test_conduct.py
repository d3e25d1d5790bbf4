"""The collection-conduct checker (overdue.conduct): one case per rule, input
errors, determinism and the command line."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from overdue import conduct, law, params
from overdue.present import cli
from overdue.data import data_dir, load_csv
from overdue.errors import InputError

SAMPLE = data_dir() / "sample_contact_log.csv"
HEADER = "datetime,channel,contacted,debt_disclosed,answered,number,stop_requested,sender,summary"
DAY = "2026-03-02"  # after the CBA guideline (2026-01-30) and the 2025 PSAP (2026-01-01)
ME = "138****0001"


def row(time, channel="电话", contacted="本人", disclosed="", answered="是", number=ME, stop="否", summary="语气正常"):
    when = time if " " in time else f"{DAY} {time}"
    if channel != "电话" and answered == "是":
        answered = ""
    return f"{when},{channel},{contacted},{disclosed},{answered},{number},{stop},催收方,{summary}"


def run(*rows, until=None):
    return conduct.check(conduct.read_log("\n".join([HEADER, *rows]) + "\n"), until)


def rules(report):
    return [f.rule for f in report.findings]


def only(report, rule):
    found = [f for f in report.findings if f.rule == rule]
    assert len(found) == 1, [f.to_dict() for f in report.findings]
    return found[0]


def value(name, on=DAY):
    return params.value_on(name, dt.date.fromisoformat(on)).value


# ------------------------------------------------------------------ the sample log
def test_sample_is_labelled_invented_and_loads_with_comments_skipped():
    first = SAMPLE.read_text(encoding="utf-8").splitlines()[0]
    assert first.startswith("#") and "虚构" in first and "synthetic" in first
    rows = load_csv("sample_contact_log.csv")
    assert rows and "时间" in rows[0] and not any(k.startswith("#") for k in rows[0])
    contacts = conduct.read_log(SAMPLE)
    assert 25 <= len(contacts) <= 40
    assert all(c.when >= dt.datetime(2026, 1, 30) for c in contacts)


def test_sample_triggers_every_rule_and_contains_lawful_contacts():
    report = conduct.check(conduct.read_log(SAMPLE), "2026-03-05")
    seen = {f.rule for f in report.findings} | {n.rule for n in report.notes}
    assert seen == set(conduct.RULES)
    flagged = {f.when for f in report.findings}
    lawful = [c for c in report.contacts if c.when not in flagged]
    assert len(lawful) >= 5
    assert {f.rating for f in report.findings} == {conduct.BREACH_OF_LAW, conduct.BELOW_STANDARD}


def test_every_cited_provision_exists_and_findings_say_their_force():
    report = conduct.check(conduct.read_log(SAMPLE), "2026-03-05")
    for f in report.to_dict()["findings"]:
        for pid in f["source_ids"]:
            law.provision(pid)
        assert f["force"] in law.FORCE_ZH
        assert set(f) >= {"datetime", "rule", "source", "force", "rating", "detail"}
        if not f["verified"]:
            assert "未能读到" in f["detail"] and "未能核实" in f["force_zh"]
    for name in conduct.P_QUIET + (conduct.P_CONNECTED, conduct.P_ATTEMPTS):
        assert params.entry(name)["verified"] is False
        for v in params.values(name):
            for pid in v.reference:
                law.provision(pid)


# ------------------------------------------------------------------ quiet hours
def test_quiet_hours_boundaries_come_from_the_parameters():
    window = value("collection_quiet_hours_gbt_45251")
    start = dt.datetime.strptime(window["start"], "%H:%M")
    end = dt.datetime.strptime(window["end"], "%H:%M")
    minute = dt.timedelta(minutes=1)
    inside = [start.strftime("%H:%M"), (end - minute).strftime("%H:%M")]
    outside = [(start - minute).strftime("%H:%M"), end.strftime("%H:%M")]
    for t in inside:
        f = only(run(row(t, channel="短信")), "quiet-hours")
        assert f.sources == ("gbt-45251-2025", "cba-collection-2026")
        assert f.rating == conduct.BELOW_STANDARD and not f.verified
        assert "不是法律" in f.detail
    for t in outside:
        assert "quiet-hours" not in rules(run(row(t, channel="短信")))


def test_quiet_hours_chooses_the_rules_in_force_by_date():
    before_cba = only(run(row("2026-01-29 23:00", channel="短信")), "quiet-hours")
    assert before_cba.sources == ("gbt-45251-2025",)
    assert before_cba.force == "national-standard-recommended"
    assert rules(run(row("2025-01-10 23:00", channel="短信"))) == []  # before GB/T 45251


def test_letters_are_not_timed():
    assert rules(run(row("23:30", channel="信函"))) == []


# ------------------------------------------------------------------ daily counts
def test_connected_calls_per_debtor_above_the_limit():
    limit = value(conduct.P_CONNECTED)
    calls = [row(f"{9 + i:02d}:00", number=f"号码{i}") for i in range(limit + 1)]
    f = only(run(*calls), "daily-connected-calls")
    assert f.sources == ("gbt-45251-2025",) and f.when.hour == 9 + limit
    assert "拨通" in f.detail and f.rating == conduct.BELOW_STANDARD
    assert "daily-connected-calls" not in rules(run(*calls[:limit]))


def test_attempts_to_one_number_above_the_cap():
    cap = value(conduct.P_ATTEMPTS)
    tries = [row(f"{9 + i:02d}:00", answered="否") for i in range(cap + 1)]
    f = only(run(*tries), "daily-attempts-same-number")
    assert f.sources == ("cba-collection-2026",) and f.force == "self-regulation"
    assert ME in f.detail and "尝试拨打" in f.detail
    # The same number of attempts spread over two numbers: no finding.
    spread = [row(f"{9 + i:02d}:00", answered="否", number=f"号码{i % 2}") for i in range(cap + 1)]
    assert "daily-attempts-same-number" not in rules(run(*spread))
    # Before the guideline was published: no finding.
    early = [row(f"2026-01-29 {9 + i:02d}:00", answered="否") for i in range(cap + 1)]
    assert "daily-attempts-same-number" not in rules(run(*early))


def test_the_two_daily_counts_are_not_conflated():
    limit, cap = value(conduct.P_CONNECTED), value(conduct.P_ATTEMPTS)
    calls = [row(f"08:{i:02d}", answered="是") for i in range(limit)]
    calls += [row(f"12:{i:02d}", answered="否") for i in range(cap)]
    report = run(*calls)  # limit + cap calls in one day, each count at its limit
    assert report.findings == []
    day = report.per_day[0]
    assert day["calls_to_borrower_connected"] == limit
    assert day["calls_to_borrower_unanswered"] == cap == day["max_unanswered_same_number"]


def test_calls_without_a_number_are_not_counted_as_one_number():
    cap = value(conduct.P_ATTEMPTS)
    report = run(*[row(f"{9 + i:02d}:00", answered="否", number="") for i in range(cap + 1)])
    assert "daily-attempts-same-number" not in rules(report)
    assert [n.rule for n in report.notes] == ["daily-attempts-same-number"]


# ------------------------------------------------------------------ third parties
def test_contacting_a_third_party():
    f = only(run(row("10:00", contacted="单位/同事", disclosed="否", number="同事A")), "third-party-contact")
    assert f.sources == ("gbt-45251-2025", "cba-collection-2026")
    assert f.rating == conduct.BELOW_STANDARD and "失联" in f.detail
    assert rules(run(row("10:00", contacted="紧急联系人", disclosed="否"))) == []


def test_emergency_contact_while_the_borrower_was_reachable():
    contact = row("10:00", contacted="紧急联系人", disclosed="否", number="姐姐")
    f = only(run(contact, until=DAY), "emergency-contact-while-reachable")
    assert f.rating == conduct.BELOW_STANDARD and DAY in f.detail
    assert rules(run(contact, until="2026-03-01")) == []  # unreachable from 03-02 on
    assert any("--borrower-reachable-until" in c for c in run(contact).caveats)


def test_disclosing_the_debt_to_a_third_party_is_rated_against_the_law_carefully():
    f = only(run(row("10:00", contacted="单位/同事", disclosed="是", number="前台")), "debt-disclosure")
    assert set(conduct.PRIVACY_LAW) <= set(f.sources)
    assert f.rating == conduct.BREACH_OF_LAW and f.force == "law" and f.verified
    assert "可能" in f.detail and "取决于" in f.detail
    # Telling the borrower about the debt is not a disclosure.
    assert rules(run(row("10:00", disclosed="是"))) == []


# ------------------------------------------------------------------ wording
def test_threat_to_personal_safety_cites_the_psap_in_force_and_limits_293_1():
    f = only(run(row("10:00", summary="说要找人收拾你")), "threat-safety")
    assert f.sources == ("psap-2025-50", "cba-collection-2026") and f.rating == conduct.BREACH_OF_LAW
    assert "非法债务" in f.detail and "不适用" in f.detail and "可能构成" in f.detail
    assert "criminal-law-293-1" not in f.sources
    old = only(run(row("2025-12-31 10:00", summary="说要找人收拾你")), "threat-safety")
    assert old.sources == ("psap-2012-42",)


def test_intimidation_impersonation_and_exposure_rest_on_the_guideline():
    cases = {
        "intimidation": "说不还就后果自负",
        "impersonation": "自称公安民警，说要来抓你",
        "exposure-threat": "说要爆你通讯录",
    }
    for rule, summary in cases.items():
        f = only(run(row("10:00", summary=summary)), rule)
        assert f.sources == ("cba-collection-2026",) and f.rating == conduct.BELOW_STANDARD
        # Before the guideline: recorded as a note, not rated.
        report = run(row("2026-01-10 10:00", summary=summary))
        assert rule not in rules(report) and rule in [n.rule for n in report.notes]


def test_insult_to_the_borrower_versus_before_a_third_party():
    private = only(run(row("10:00", summary="骂我是老赖")), "insult")
    assert private.sources == ("cba-collection-2026",)
    public = only(run(row("10:00", contacted="单位/同事", disclosed="否", number="前台", summary="对前台说我是老赖")), "insult")
    assert public.sources[0] == "civil-code-1024" and public.rating == conduct.BREACH_OF_LAW


def test_negated_wording_is_not_flagged():
    assert run(row("10:00", summary="语气正常，没有辱骂，也未威胁")).findings == []
    assert conduct.match_wording("没有辱骂", "insult") == []
    assert conduct.match_wording("骂我是老赖", "insult") == ["骂", "老赖"]


# ------------------------------------------------------------------ stop requests
def test_contact_after_a_third_party_asked_to_stop():
    report = run(
        row("10:00", contacted="单位/同事", disclosed="否", number="前台", stop="是"),
        row("10:00", contacted="单位/同事", disclosed="否", number="前台"),  # same minute: not "after"
        row("11:00", contacted="单位/同事", disclosed="否", number="前台"),
        row("11:30", contacted="单位/同事", disclosed="否", number="另一位同事"),
    )
    f = only(report, "contact-after-stop")
    assert f.when == dt.datetime(2026, 3, 2, 11, 0) and f.sources == ("cba-collection-2026",)
    assert "第1033条" in f.detail and report.per_day[0]["contacts_after_stop_request"] == 1


def test_contact_after_the_borrower_asked_to_stop_is_recorded_not_rated():
    report = run(row("10:00", stop="是"), row("11:00"), row("12:00", channel="短信"))
    assert report.findings == []
    (note,) = report.notes
    assert note.rule == "contact-after-stop" and "2 次" in note.detail and "不评级" in note.detail


# ------------------------------------------------------------------ a clean log
CLEAN = (
    row("09:00", summary="提醒还款，告知金额"),
    row("10:00", answered="否"),
    row("12:00", channel="短信", number="", summary="还款提醒"),
    row("14:00", channel="APP推送", number="", summary="账单提醒"),
    row("2026-03-03 09:30", summary="协商还款方案，语气正常，没有辱骂"),
    row("2026-03-03 15:00", channel="上门", number="", summary="两人上门沟通，出示工作证"),
    row("2026-03-04 21:00", channel="信函", number="", summary="催收函"),
    row("2026-03-06 10:00", contacted="紧急联系人", disclosed="否", number="姐姐", summary="请她转告我回电"),
)


def test_a_clean_log_yields_no_findings():
    report = run(*CLEAN, until="2026-03-05")
    assert report.findings == [] and report.notes == []
    assert not any(ch["relevant"] for ch in report.channels)
    assert "共 8 次联系" in report.summary


# ------------------------------------------------------------------ output
def test_summary_lists_dates_and_counts_only():
    report = conduct.check(conduct.read_log(SAMPLE), "2026-03-05")
    text = report.summary
    for d in report.per_day:
        assert f"{d['date']}：共 {d['contacts']} 次" in text
    for c in report.contacts:  # no quotation of the reader's free text, no senders or numbers
        assert len(c.summary) < 6 or c.summary not in text
        assert not c.sender or c.sender not in text
        assert not c.number or c.number not in text


def test_complaint_channels_come_from_data_with_sources():
    channels = conduct.complaint_channels()
    assert [c["contact"] for c in channels] == ["12378", "12363", "https://jubao.nifa.org.cn", "110"]
    for c in channels:
        assert c["source"] and c["confidence"] and c["scope"]
        assert set(c["use_for"]) <= set(conduct.RULES)


def test_frames_and_json():
    report = conduct.check(conduct.read_log(SAMPLE), "2026-03-05")
    assert list(report.findings_frame().columns)[:2] == ["时间", "问题"]
    assert len(report.findings_frame()) == len(report.findings)
    assert len(report.per_day_frame()) == len(report.per_day)
    assert json.loads(json.dumps(report.to_dict(), ensure_ascii=False)) == report.to_dict()


# ------------------------------------------------------------------ order does not matter
_PHRASES = ("语气正常", "骂我是老赖", "说后果自负", "小心你的家人", "要爆你通讯录", "自称法院", "没有辱骂")
_row = st.builds(
    lambda day, hour, minute, channel, contacted, disclosed, answered, number, stop, summary: row(
        f"2026-{day} {hour:02d}:{minute:02d}",
        channel=channel,
        contacted=contacted,
        disclosed=disclosed if contacted != "本人" else "",
        answered=answered,
        number=number,
        stop=stop,
        summary=summary,
    ),
    st.sampled_from(["01-29", "03-02", "03-03"]),
    st.integers(0, 23),
    st.sampled_from([0, 30]),
    st.sampled_from(conduct.CHANNELS),
    st.sampled_from(conduct.CONTACTED),
    st.sampled_from(["是", "否"]),
    st.sampled_from(["是", "否"]),
    st.sampled_from([ME, "号码B", ""]),
    st.sampled_from(["是", "否", "否", "否"]),
    st.sampled_from(_PHRASES),
)


@settings(max_examples=40, deadline=None)
@given(st.lists(_row, min_size=1, max_size=30).flatmap(lambda rows: st.tuples(st.just(rows), st.permutations(rows))))
def test_shuffling_rows_never_changes_the_findings(pair):
    rows, shuffled = pair
    assert run(*rows, until="2026-03-02").to_dict() == run(*shuffled, until="2026-03-02").to_dict()


# ------------------------------------------------------------------ bad input
def _error(text):
    with pytest.raises(InputError) as info:
        conduct.read_log(text)
    return info.value


def test_unknown_category_is_rejected_with_line_and_column():
    err = _error(f"# comment\n{HEADER}\n{row('10:00')}\n{row('11:00', channel='微信')}\n")
    assert "第 4 行" in err.message_zh and "channel" in err.message_zh and "微信" in err.message_zh
    assert "电话" in err.message_zh  # lists the allowed values
    assert "line 4" in err.message_en and err.field == "channel (line 4)"
    err = _error(f"时间,渠道,联系对象,是否透露欠款,是否接通\n{DAY} 10:00,电话,同事,否,是\n")
    assert "第 2 行“联系对象”列" in err.message_zh


def test_missing_column_unparseable_time_and_other_errors():
    err = _error("datetime,channel,debt_disclosed\n2026-03-02 10:00,电话,否\n")
    assert "contacted" in err.field and "缺少" in err.message_zh and "第 1 行" in err.message_zh
    err = _error(f"{HEADER}\n{row('2026/03/02 10:00')}\n")
    assert err.field == "datetime (line 2)" and "YYYY-MM-DD HH:MM" in err.message_zh
    err = _error(f"{HEADER}\n{row('2026-02-30 10:00')}\n")
    assert "不存在" in err.message_zh
    err = _error(f"{HEADER}\n{row('10:00', answered='')}\n")
    assert err.field == "answered (line 2)"
    err = _error(f"{HEADER}\n{row('10:00', contacted='单位/同事', disclosed='')}\n")
    assert err.field == "debt_disclosed (line 2)"
    err = _error(f"{HEADER}\n{row('10:00', stop='也许')}\n")
    assert err.field == "stop_requested (line 2)"
    err = _error(f"{HEADER},备注\n{row('10:00')},x\n")
    assert "备注" in err.message_zh
    err = _error(f"{HEADER}\n{row('10:00')},多出来的一列\n")
    assert "第 2 行" in err.message_zh
    err = _error("does/not/exist.csv")
    assert err.field == "path"


def test_english_category_names_are_accepted():
    text = f"{HEADER}\n{DAY} 10:00,phone,self,,yes,{ME},no,x,fine\n"
    (contact,) = conduct.read_log(text)
    assert (contact.channel, contact.contacted, contact.answered) == ("电话", "本人", True)


# ------------------------------------------------------------------ command line


def test_cli_prints_findings_with_sources(capsys):
    assert cli.main(["conduct", str(SAMPLE), "--borrower-reachable-until", "2026-03-05"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert {"findings", "per_day", "summary"} <= set(out)
    assert out["findings"] and all(f["source"] and f["force"] for f in out["findings"])
    assert "emergency-contact-while-reachable" in {f["rule"] for f in out["findings"]}


def test_cli_exits_2_on_a_bad_csv(capsys, tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text(f"{HEADER}\n{row('10:00')}\n{row('25:00')}\n", encoding="utf-8")
    assert cli.main(["conduct", str(bad)]) == 2
    err = capsys.readouterr().err
    assert "第 3 行" in err and "datetime" in err
    assert cli.main(["conduct", str(SAMPLE), "--borrower-reachable-until", "2026-3-5x"]) == 2
