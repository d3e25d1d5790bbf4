"""The collection-conduct checker (overdue.conduct): dated literal cases per rule, the
lexicon, the instrument modules, input errors, determinism and the command line.

The figures the rules apply are written out in each case, from the sources as the
book reports them (data/provisions.yaml), so that a reader can check a case without
running it:

* GB/T 45251-2025, in effect from 2025-02-28 (reported): no collection 22:00 to 08:00
  the next morning; at most 3 *effective* calls a day with one debtor, which the log
  can only show as *answered* calls.
* NIFA guideline, released 2024-05-15 and replaced by the standard from 2025-02-28
  (reported): the same window; at most 3 calls a day that *got through* (answered or
  not) to one debtor from one lender and its agencies together.
* CBA guideline, published 2026-01-30 (reported): the same 22:00 to 08:00 window;
  at most 6 *unanswered* attempts a day to one number.
* Each count is per collecting party: the lender with its agencies is one party, a
  caller who says it bought or was assigned the debt (催收方 "某资产管理公司") another.
* 治安管理处罚法: 2012 text 第四十二条 for contacts from 2013-01-01; 2025 text
  第五十条 from 2026-01-01.
"""

from __future__ import annotations

import ast
import datetime as dt
import json
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from overdue import conduct, law, params
from overdue.conduct import cba_2026, civil_code, criminal_law, gbt_45251, nifa_2024, pipl, psap
from overdue.kernel import MAX_LOG_CONTACTS
from overdue.data import data_dir, load_csv, load_yaml
from overdue.errors import InputError
from overdue.present import cli
from overdue.present import conduct as words

SAMPLE = data_dir() / "sample_contact_log.csv"
HEADER = "datetime,channel,contacted,debt_disclosed,answered,number,stop_requested,sender,summary"
DAY = "2026-03-02"  # after the CBA guideline (2026-01-30) and the 2025 PSAP (2026-01-01)
ME = "138****0001"
GBT, CBA, NIFA = "gbt-45251-2025", "cba-collection-2026", "nifa-collection-2024"
AMC = "自称某资产管理公司"  # a caller who says it bought the debt


def row(time, channel="电话", contacted="本人", disclosed="", answered="是", number=ME, stop="否", summary="语气正常",
        sender="催收方"):
    when = time if " " in time else f"{DAY} {time}"
    if channel != "电话" and answered == "是":
        answered = ""
    return f"{when},{channel},{contacted},{disclosed},{answered},{number},{stop},{sender},{summary}"


def run(*rows, until=None, notice=None):
    return conduct.check(conduct.read_log("\n".join([HEADER, *rows]) + "\n"), until, notice)


def rules(report):
    return [f.rule for f in report.findings]


def only(report, rule):
    found = [f for f in report.findings if f.rule == rule]
    assert len(found) == 1, [f.to_dict() for f in report.findings]
    return found[0]


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
    # The sample is dated March 2026: the NIFA 2024 guideline had been replaced by
    # the standard on 2025-02-28, so its count is not applied to it.
    assert seen == set(conduct.RULES) - {"daily-dialled-calls"}
    flagged = {f.when for f in report.findings}
    lawful = [c for c in report.contacts if c.when not in flagged]
    assert len(lawful) >= 5
    assert {f.rating for f in report.findings} == {conduct.BREACH_OF_LAW, conduct.BELOW_STANDARD}


def test_every_cited_provision_exists_and_findings_say_their_force():
    report = conduct.check(conduct.read_log(SAMPLE), "2026-03-05")
    for f in report.findings:
        for pid in f.provisions + tuple(c.provision for c in f.cited if c.provision):
            law.provision(pid)
        assert f.force in law.FORCE_ZH
        if not f.verified:
            assert "未能读到" in words.detail_zh(f) and "未能核实" in words.force_zh(f)
    for name in (gbt_45251.QUIET_HOURS, cba_2026.QUIET_HOURS, gbt_45251.DAILY_CONNECTED_CALLS,
                 cba_2026.DAILY_ATTEMPTS_SAME_NUMBER, nifa_2024.QUIET_HOURS, nifa_2024.DAILY_DIALLED_CALLS):
        assert params.entry(name)["verified"] is False
        for v in params.values(name):
            for pid in v.reference:
                law.provision(pid)


# ------------------------------------------------------------------ quiet hours
def test_an_sms_at_2230_on_2_march_2026_falls_in_the_quiet_hours():
    # 22:30 is after 22:00, so inside 22:00-08:00. On 2026-03-02 both GB/T 45251
    # (from 2025-02-28) and the CBA guideline (from 2026-01-30) apply.
    f = only(run(row("22:30", channel="短信")), "quiet-hours")
    assert f.provisions == (GBT, CBA)
    assert f.rating == conduct.BELOW_STANDARD and not f.verified
    # Each window was read on the day of the contact, 2026-03-02.
    assert [(p.name, p.on, p.value) for p in f.parameters] == [
        ("collection_quiet_hours_gbt_45251", dt.date(2026, 3, 2), {"start": "22:00", "end": "08:00"}),
        ("collection_quiet_hours_cba_2026", dt.date(2026, 3, 2), {"start": "22:00", "end": "08:00"}),
    ]
    text = words.detail_zh(f)
    assert text.startswith("22:30 通过短信联系本人，落在GB/T 45251-2025（推荐性国家标准，非强制）、")
    assert "（22:00 至次日 08:00）内" in text and "不是法律" in text


def test_a_call_at_2159_on_2_march_2026_is_not_in_the_quiet_hours():
    # 21:59 is one minute before 22:00.
    assert "quiet-hours" not in rules(run(row("21:59")))


def test_the_window_includes_2200_and_0759_but_not_0800():
    # [22:00, 08:00): the start is inside, the end is not.
    assert "quiet-hours" in rules(run(row("22:00", channel="短信")))
    assert "quiet-hours" in rules(run(row("2026-03-03 07:59", channel="短信")))
    assert "quiet-hours" not in rules(run(row("2026-03-03 08:00", channel="短信")))
    assert "quiet-hours" in rules(run(row("2026-03-03 00:00", channel="短信")))  # midnight


def test_a_night_sms_on_29_january_2026_breaks_only_the_standard():
    # 2026-01-29 is the day before the CBA guideline was published (2026-01-30).
    f = only(run(row("2026-01-29 23:00", channel="短信")), "quiet-hours")
    assert f.provisions == (GBT,) and f.force == "national-standard-recommended"
    assert [p.name for p in f.parameters] == ["collection_quiet_hours_gbt_45251"]


def test_a_night_sms_on_10_january_2025_falls_under_the_nifa_guideline_only():
    # 2025-01-10 is after the NIFA guideline's release (2024-05-15) and before GB/T 45251
    # took effect (2025-02-28) and replaced it; its reported window is 22:00 to 08:00.
    f = only(run(row("2025-01-10 23:00", channel="短信")), "quiet-hours")
    assert f.provisions == (NIFA,) and f.force == "self-regulation" and not f.verified
    assert [(p.name, p.on, p.value) for p in f.parameters] == [
        ("collection_quiet_hours_nifa_2024", dt.date(2025, 1, 10), {"start": "22:00", "end": "08:00"})]
    assert "中国互联网金融协会《互联网金融贷后催收业务指引》（行业自律规范，非法律）" in words.detail_zh(f)


def test_a_night_sms_on_14_may_2024_is_before_any_source():
    # The day before the NIFA guideline's reported release (2024-05-15).
    assert rules(run(row("2024-05-14 23:00", channel="短信"))) == []


def test_from_28_february_2025_the_standard_replaces_the_nifa_guideline():
    # A night SMS on 2025-02-27 is checked against the guideline, one on 2025-02-28 against
    # the standard (reported: the standard, once issued and in effect, replaces the guideline).
    assert only(run(row("2025-02-27 23:00", channel="短信")), "quiet-hours").provisions == (NIFA,)
    assert only(run(row("2025-02-28 23:00", channel="短信")), "quiet-hours").provisions == (GBT,)


def test_a_letter_delivered_at_2330_is_not_timed():
    # The time of a letter is when the post arrived, not a time the collector chose.
    assert rules(run(row("23:30", channel="信函"))) == []


# ------------------------------------------------------------------ daily counts
def test_a_fourth_connected_call_on_2_march_2026_exceeds_the_standard():
    # Connected calls at 09:00, 10:00, 11:00, 12:00: the reported limit is 3 a day,
    # so the 4th call, at 12:00, is the first above it.
    calls = [row(t, number=f"号码{i}") for i, t in enumerate(["09:00", "10:00", "11:00", "12:00"])]
    f = only(run(*calls), "daily-connected-calls")
    assert f.when == dt.datetime(2026, 3, 2, 12, 0) and f.provisions == (GBT,)
    assert [(p.on, p.value) for p in f.parameters] == [(dt.date(2026, 3, 2), 3)]
    assert len(f.contacts) == 4 and f.rating == conduct.BELOW_STANDARD
    text = words.detail_zh(f)
    assert "当天，贷款机构及其委托的催收机构打给您本人的电话接通了 4 次（09:00、10:00、11:00、12:00），从 12:00 这一次起" in text
    assert "不应超过 3 次" in text and "主动有效通话" in text and "告知式" not in text
    # Three connected calls are within the limit.
    assert "daily-connected-calls" not in rules(run(*calls[:3]))


def test_a_seventh_unanswered_attempt_to_one_number_exceeds_the_guideline():
    # Unanswered calls to 138****0001 at 09:00 ... 15:00 (7 calls): the reported cap
    # is 6 a day, so the 7th, at 15:00, is the first above it.
    tries = [row(f"{h:02d}:00", answered="否") for h in range(9, 16)]
    f = only(run(*tries), "daily-attempts-same-number")
    assert f.when == dt.datetime(2026, 3, 2, 15, 0)
    assert f.provisions == (CBA,) and f.force == "self-regulation"
    assert [(p.on, p.value) for p in f.parameters] == [(dt.date(2026, 3, 2), 6)]
    assert f"对您的号码 {ME} 拨打未接通 7 次" in words.detail_zh(f) and "尝试拨打" in words.detail_zh(f)
    # Six attempts are within the cap.
    assert "daily-attempts-same-number" not in rules(run(*tries[:6]))


def test_seven_attempts_over_two_numbers_exceed_nothing():
    # 4 to 号码0 and 3 to 号码1: each number stays at or below 6.
    spread = [row(f"{h:02d}:00", answered="否", number=f"号码{h % 2}") for h in range(9, 16)]
    assert "daily-attempts-same-number" not in rules(run(*spread))


def test_seven_attempts_on_29_january_2026_are_before_the_guideline():
    # The CBA guideline was published on 2026-01-30; its cap does not reach back.
    early = [row(f"2026-01-29 {h:02d}:00", answered="否") for h in range(9, 16)]
    assert "daily-attempts-same-number" not in rules(run(*early))


def test_three_connected_calls_and_six_attempts_are_not_conflated():
    # 3 connected (at the standard's limit) + 6 unanswered to one number (at the
    # guideline's cap) = 9 calls in one day, and no finding: the counts differ.
    calls = [row(f"08:{m:02d}", answered="是") for m in (0, 10, 20)]
    calls += [row(f"12:{m:02d}", answered="否") for m in (0, 10, 20, 30, 40, 50)]
    report = run(*calls)
    assert report.findings == []
    day = report.per_day[0]
    assert day["calls_to_borrower_connected"] == 3
    assert day["calls_to_borrower_unanswered"] == 6 == day["max_unanswered_same_number"]


def test_attempts_without_a_number_are_noted_not_counted_as_one_number():
    report = run(*[row(f"{h:02d}:00", answered="否", number="") for h in range(9, 16)])
    assert "daily-attempts-same-number" not in rules(report)
    (note,) = report.notes
    assert note.rule == "daily-attempts-same-number" and note.outcome == "number-missing"
    assert words.detail_zh(note).startswith("2026-03-02 有 7 次未接通的来电没有填写号码")


# ------------------------------------------------------------------ third parties
def test_calling_a_colleague_on_2_march_2026():
    f = only(run(row("10:00", contacted="单位/同事", disclosed="否", number="同事A")), "third-party-contact")
    assert f.provisions == (GBT, CBA) and f.rating == conduct.BELOW_STANDARD
    assert f.outcome == "reachability-unknown" and "失联" in words.detail_zh(f)
    # The registered emergency contact is not a "third party" for this rule.
    assert rules(run(row("10:00", contacted="紧急联系人", disclosed="否"))) == []


def test_the_standards_reported_exception_for_contacts_is_stated_not_a_blanket_ban():
    # As NIFA reportedly announced GB/T 45251-2025, contacts may be called when the debtor
    # cannot be reached, has died or lacks capacity, only to ask for contact details or pass
    # on a message. The explanation must say so, not "never contact a contact".
    f = only(run(row("10:00", contacted="单位/同事", disclosed="否", number="同事A")), "third-party-contact")
    text = words.detail_zh(f)
    assert "无法联系到债务人本人" in text and "不应透露欠款信息" in text and "明确拒绝后不应再联系" in text
    assert "“只向债务人催收，不应向联系人催收”" not in text


def test_calling_the_emergency_contact_on_a_day_the_borrower_was_reachable():
    contact = row("10:00", contacted="紧急联系人", disclosed="否", number="姐姐")
    # The borrower was reachable up to and including 2026-03-02, the day of the call.
    f = only(run(contact, until=DAY), "emergency-contact-while-reachable")
    assert f.rating == conduct.BELOW_STANDARD and f.reachable_until == dt.date(2026, 3, 2)
    assert "您说明自己到 2026-03-02 为止都可以联系上" in words.detail_zh(f)
    # Reachable only until 2026-03-01: on 03-02 the exception may apply.
    assert rules(run(contact, until="2026-03-01")) == []
    assert "reachability-not-checked" in run(contact).caveats
    assert any("--borrower-reachable-until" in c for c in words.caveats_zh(run(contact)))


def test_telling_a_colleague_about_the_debt_is_rated_against_the_law_carefully():
    f = only(run(row("10:00", contacted="单位/同事", disclosed="是", number="前台")), "debt-disclosure")
    assert f.provisions == ("civil-code-1032", "civil-code-1033", "civil-code-1038",
                            "pipl-13", "pipl-25", "pipl-28", "pipl-29", CBA)
    assert f.rating == conduct.BREACH_OF_LAW and f.force == "law" and f.verified
    text = words.detail_zh(f)
    assert "《民法典》第1033条第（五）项、《民法典》第1038条第一款" in text
    assert "可能" in text and "取决于" in text
    # Telling the borrower about the debt is not a disclosure.
    assert rules(run(row("10:00", disclosed="是"))) == []


# ------------------------------------------------------------------ wording
def test_a_threat_on_2_march_2026_cites_psap_2025_article_50():
    f = only(run(row("10:00", summary="说要找人收拾你")), "threat-safety")
    assert f.words == ("找人收拾",)
    assert f.provisions == ("psap-2025-50", CBA) and f.rating == conduct.BREACH_OF_LAW
    assert conduct.Clause("psap-2025-50", 1, 1) in f.cited  # 第一款第（一）项
    text = words.detail_zh(f)
    assert "《治安管理处罚法》（2025年修订）第50条第一款第（一）项" in text and "同条第（五）项" in text
    assert "非法债务" in text and "不适用" in text and "criminal-law-293-1" not in f.provisions


def test_the_same_threat_on_31_december_2025_cites_the_2012_article_42():
    # The 2025 revision took effect on 2026-01-01; 2025-12-31 is under the 2012 text,
    # whose article 42 has one paragraph; the CBA guideline did not exist yet.
    f = only(run(row("2025-12-31 10:00", summary="说要找人收拾你")), "threat-safety")
    assert f.provisions == ("psap-2012-42",)
    assert "《治安管理处罚法》（2012年修正）第42条第（一）项" in words.detail_zh(f)


def test_intimidation_impersonation_and_exposure_rest_on_the_guideline():
    cases = {
        "intimidation": ("说不还就后果自负", ("后果自负",)),
        "impersonation": ("自称公安民警，说要来抓你", ("自称公安", "抓你")),
        "exposure-threat": ("说要爆你通讯录", ("爆你通讯录",)),
    }
    for rule, (summary, matched) in cases.items():
        f = only(run(row("10:00", summary=summary)), rule)
        assert f.provisions == (CBA,) and f.rating == conduct.BELOW_STANDARD and f.words == matched
        # On 2026-01-10, before the guideline: recorded as a note, not rated.
        report = run(row("2026-01-10 10:00", summary=summary))
        assert rule not in rules(report)
        (note,) = [n for n in report.notes if n.rule == rule]
        assert note.outcome == "no-rated-source" and words.detail_zh(note).endswith("故只作记录，不评级。")


def test_an_insult_to_the_borrower_versus_before_a_colleague():
    private = only(run(row("10:00", summary="骂我是老赖")), "insult")
    assert private.provisions == (CBA,) and private.rating == conduct.BELOW_STANDARD
    public = only(run(row("10:00", contacted="单位/同事", disclosed="否", number="前台",
                          summary="对前台说我是老赖")), "insult")
    assert public.provisions == ("civil-code-1024", CBA) and public.rating == conduct.BREACH_OF_LAW
    assert "当着第三人侮辱" in words.detail_zh(public)


def test_negated_wording_is_not_flagged():
    assert run(row("10:00", summary="语气正常，没有辱骂，也未威胁")).findings == []
    assert conduct.match_wording("没有辱骂", "insult") == []
    assert conduct.match_wording("骂我是老赖", "insult") == ["骂", "老赖"]
    # Overlapping matches: the earliest, longest one.
    assert conduct.match_wording("说要杀了你", "threat-safety") == ["杀了你"]


# ------------------------------------------------------------------ stop requests
def test_contact_after_a_colleague_asked_to_stop():
    report = run(
        row("10:00", contacted="单位/同事", disclosed="否", number="前台", stop="是"),
        row("10:00", contacted="单位/同事", disclosed="否", number="前台"),  # same minute: not "after"
        row("11:00", contacted="单位/同事", disclosed="否", number="前台"),
        row("11:30", contacted="单位/同事", disclosed="否", number="另一位同事"),  # another person
    )
    f = only(report, "contact-after-stop")
    assert f.when == dt.datetime(2026, 3, 2, 11, 0) and f.provisions == (CBA,)
    assert civil_code.PRIVATE_LIFE_PEACE in f.cited
    assert "《民法典》第1033条第（一）项" in words.detail_zh(f)
    assert report.per_day[0]["contacts_after_stop_request"] == 1


def test_contact_after_the_borrower_asked_to_stop_is_recorded_not_rated():
    # Stop requested at 10:00; a call at 11:00 and an SMS at 12:00 follow: 2 contacts.
    report = run(row("10:00", stop="是"), row("11:00"), row("12:00", channel="短信"))
    assert report.findings == []
    (note,) = report.notes
    assert note.rule == "contact-after-stop" and note.outcome == "borrower-stop-not-rated"
    text = words.detail_zh(note)
    assert "此后对方又联系您 2 次（2026-03-02 11:00、2026-03-02 12:00）" in text and "不评级" in text
    assert "《治安管理处罚法》（2025年修订）第50条第一款第（五）项" in text


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
    # The emergency contact is called on 2026-03-06, after the borrower's last reachable day.
    report = run(*CLEAN, until="2026-03-05")
    assert report.findings == [] and report.notes == []
    assert not any(ch["relevant"] for ch in report.channels)
    assert "共 8 次联系" in words.summary_zh(report)


# ------------------------------------------------------------------ output
def test_the_summary_lists_dates_and_counts_only():
    report = conduct.check(conduct.read_log(SAMPLE), "2026-03-05")
    text = words.summary_zh(report)
    for d in report.per_day:
        assert f"{d['date']}：共 {d['contacts']} 次" in text
    for c in report.contacts:  # no quotation of the reader's free text, no senders or numbers
        assert len(c.summary) < 6 or c.summary not in text
        assert not c.sender or c.sender not in text
        assert not c.number or c.number not in text


def test_a_two_day_summary_in_full():
    # 2026-03-02: a connected call at 09:00 and an SMS at 22:30 (in the quiet hours);
    # 2026-03-03: a call to a colleague at 10:00 (not told about the debt).
    report = run(row("09:00"), row("22:30", channel="短信"),
                 row("2026-03-03 10:00", contacted="单位/同事", disclosed="否", number="前台"))
    assert words.summary_zh(report).splitlines() == [
        "联系记录事实摘要（据本人记录整理，只列日期和次数）",
        "记录期间：2026-03-02 至 2026-03-03，共 3 次联系。",
        "2026-03-02：共 2 次（电话 1 次，短信 1 次）；打给本人的电话 1 次，其中接通 1 次、未接通 0 次；"
        "在 22:00 至次日 08:00 之间联系 1 次。",
        "2026-03-03：共 1 次（电话 1 次）；联系本人以外的人 1 次（单位/同事 1 次）。",
    ]


def test_complaint_channels_come_from_data_with_sources():
    channels = conduct.complaint_channels()
    known = ["12378", "12363", "https://jubao.nifa.org.cn", "110"]
    assert [c["contact"] for c in channels if c["contact"] in known] == known
    for c in channels:
        assert c["source"] and c["confidence"] and c["scope"]
        assert set(c["use_for"]) <= set(conduct.RULES)


def test_every_rule_has_its_words_once():
    assert set(words.RULE_ZH) == set(conduct.RULES)
    assert set(words.RATING_ZH) == set(conduct.RATINGS) == {
        conduct.BREACH_OF_LAW, conduct.BREACH_OF_REGULATION, conduct.BELOW_STANDARD}


def test_frames_and_json():
    report = conduct.check(conduct.read_log(SAMPLE), "2026-03-05")
    assert list(words.findings_frame(report).columns)[:2] == ["时间", "问题"]
    assert len(words.findings_frame(report)) == len(report.findings)
    assert len(words.per_day_frame(report)) == len(report.per_day)
    assert len(words.notes_frame(report)) == len(report.notes)
    assert words.rule_counts_frame(report)["项数"].sum() == len(report.findings)
    assert words.by_contacted_frame(report).to_numpy().sum() == len(report.contacts)
    for d in (report.to_dict(), words.report_dict(report)):  # plain JSON, no custom encoder
        assert json.loads(json.dumps(d, ensure_ascii=False)) == d


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
    a, b = run(*rows, until="2026-03-02"), run(*shuffled, until="2026-03-02")
    assert a.to_dict() == b.to_dict()
    assert words.report_dict(a) == words.report_dict(b)


# ------------------------------------------------------------------ the lexicon and the instrument modules
def test_the_lexicon_has_one_group_per_wording_rule_each_with_its_origin():
    lex = load_yaml("conduct_lexicon.yaml")
    assert tuple(lex["groups"]) == conduct.WORDING_RULES
    assert lex["negations"]["note"] and "没有" in lex["negations"]["terms"]
    for name, group in lex["groups"].items():
        assert group["note"] and group["patterns"], name
        for ref in group["operationalises"]:
            law.provision(ref["provision"])
        for pattern in group["patterns"]:
            re.compile(pattern)


def _docstring(module) -> str:
    return "".join((module.__doc__ or "").split())


@pytest.mark.parametrize("module,pids", [
    (psap, ["psap-2025-50", "psap-2012-42"]),
    (civil_code, ["civil-code-1024", "civil-code-1032", "civil-code-1033", "civil-code-1038"]),
    (pipl, ["pipl-13", "pipl-25", "pipl-28", "pipl-29"]),
    (criminal_law, ["criminal-law-293-1"]),
    (gbt_45251, [GBT]),
    (cba_2026, [CBA]),
    (nifa_2024, [NIFA]),
])
def test_each_instrument_module_quotes_its_clause(module, pids):
    # Verbatim when the text was read; the reported text, so labelled, when it was not.
    for pid in pids:
        p = law.provision(pid)
        quoted = p["reported"] if p["status"] == "unverified" else p["text"]
        assert "".join(quoted.split()) in _docstring(module), pid
        if p["status"] == "unverified":
            assert "as reported" in module.__doc__.lower()
        assert "Scope and limits" in module.__doc__


ENGINE = Path(conduct.__file__).parent
_CJK = re.compile(r"[\u4e00-\u9fff]")


@pytest.mark.parametrize("path", sorted(ENGINE.glob("*.py")), ids=lambda p: p.name)
def test_engine_modules_import_no_front_end_and_hold_no_chinese_prose(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    imported = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            imported |= {a.name.split(".")[0] for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            imported.add(node.module.split(".")[0])
    assert not imported & {"argparse", "pandas", "matplotlib", "ipywidgets", "numpy", "yaml"}
    if path.name == "log.py":
        return  # the log's vocabulary (电话, 本人, …) and its InputError messages
    docstrings = {id(n.body[0].value) for n in ast.walk(tree)
                  if isinstance(n, (ast.Module, ast.FunctionDef, ast.ClassDef)) and n.body
                  and isinstance(n.body[0], ast.Expr) and isinstance(n.body[0].value, ast.Constant)}
    prose = [n.value for n in ast.walk(tree) if isinstance(n, ast.Constant) and isinstance(n.value, str)
             and id(n) not in docstrings and _CJK.search(n.value)]
    assert prose == []


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
    assert out["summary"].startswith("联系记录事实摘要")


def test_cli_exits_2_on_a_bad_csv(capsys, tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text(f"{HEADER}\n{row('10:00')}\n{row('25:00')}\n", encoding="utf-8")
    assert cli.main(["conduct", str(bad)]) == 2
    err = capsys.readouterr().err
    assert "第 3 行" in err and "datetime" in err
    assert cli.main(["conduct", str(SAMPLE), "--borrower-reachable-until", "2026-3-5x"]) == 2


# ------------------------------------------------------------------ each document's own call count
def test_four_calls_that_got_through_on_10_january_2025_exceed_the_nifa_guideline():
    # 2025-01-10 is under the NIFA 2024 guideline (released 2024-05-15, replaced by GB/T
    # 45251 on 2025-02-28). Its reported limit: 3 calls a day that got through (拨通),
    # answered or not. Calls at 09:00 (answered), 10:00 (missed), 11:00 (missed) and
    # 12:00 (answered): 4 calls got through, so the 4th, at 12:00, is the first above it.
    calls = [row("2025-01-10 09:00"), row("2025-01-10 10:00", answered="否"),
             row("2025-01-10 11:00", answered="否"), row("2025-01-10 12:00")]
    f = only(run(*calls), "daily-dialled-calls")
    assert f.when == dt.datetime(2025, 1, 10, 12, 0) and f.provisions == (NIFA,)
    assert f.force == "self-regulation" and f.rating == conduct.BELOW_STANDARD and not f.verified
    assert [(p.name, p.on, p.value) for p in f.parameters] == [
        ("collection_daily_dialled_calls_nifa_2024", dt.date(2025, 1, 10), 3)]
    text = words.detail_zh(f)
    assert "打给您本人的电话共 4 次（09:00、10:00、11:00、12:00；其中接通 2 次、未接通 2 次）" in text
    assert "告知式" in text and "不论是否接听" in text and "2025-02-28 之前" in text and "据转述" in text
    # Only 2 were answered: the standard's count (answered calls) would not be exceeded, and
    # the standard did not apply yet anyway; nor did the CBA guideline (2026-01-30).
    assert rules(run(*calls)) == ["daily-dialled-calls"]
    # Three calls that got through are within the limit.
    assert rules(run(*calls[:3])) == []


def test_the_same_four_calls_on_3_march_2025_are_counted_by_the_standard_and_stay_within_it():
    # From 2025-02-28 the standard replaces the guideline. It reportedly limits *effective*
    # calls, 3 a day; the log shows only answered ones: 09:00 and 12:00 = 2, within it.
    calls = [row("2025-03-03 09:00"), row("2025-03-03 10:00", answered="否"),
             row("2025-03-03 11:00", answered="否"), row("2025-03-03 12:00")]
    assert rules(run(*calls)) == []
    # Four answered calls are one above it; the 4th, at 12:00, is the first above.
    answered = [row(f"2025-03-03 {h}:00") for h in ("09", "10", "11", "12")]
    f = only(run(*answered), "daily-connected-calls")
    assert f.when == dt.datetime(2025, 3, 3, 12, 0) and f.provisions == (GBT,)


def test_daily_counts_are_per_collecting_party():
    # On 2026-03-02 the lender's collector and a caller who says it is an asset-management
    # company (a self-styled assignee) each have 3 answered calls with the borrower:
    # 6 in all, but 3 for each party, within the standard's 3 a day.
    lender = [row(f"{h}:00") for h in ("09", "10", "11")]
    amc = [row(f"{h}:30", sender=AMC) for h in ("09", "10", "11")]
    assert "daily-connected-calls" not in rules(run(*lender, *amc))
    # A 4th answered call by the self-styled assignee, at 12:30, is its own 4th.
    f = only(run(*lender, *amc, row("12:30", sender=AMC)), "daily-connected-calls")
    assert f.when == dt.datetime(2026, 3, 2, 12, 30) and {c.party for c in f.contacts} == {conduct.ASSIGNEE}
    assert "自称受让债权的一方打给您本人的电话接通了 4 次（09:30、10:30、11:30、12:30）" in words.detail_zh(f)
    # Unanswered attempts to one number: 4 by the lender + 4 by the assignee = 8, but each
    # party stays within the CBA guideline's 6.
    tries = [row(f"14:{m:02d}", answered="否") for m in (0, 5, 10, 15)]
    tries += [row(f"15:{m:02d}", answered="否", sender=AMC) for m in (0, 5, 10, 15)]
    assert "daily-attempts-same-number" not in rules(run(*tries))


# ------------------------------------------------------------------ assignees (issue 16)
def test_the_sample_asset_management_caller_is_an_assignee_party():
    report = conduct.check(conduct.read_log(SAMPLE), "2026-03-05")
    amc = [c for c in report.contacts if c.sender == AMC]
    assert amc and all(c.party == conduct.ASSIGNEE for c in amc)
    assert all(c.party == conduct.LENDER for c in report.contacts if c.sender != AMC)
    # No notice date given: every one of its contacts is in the note, none is a finding of its own.
    (note,) = [n for n in report.notes if n.rule == "assignee-before-notice"]
    assert note.contacts == tuple(amc) and note.outcome == "assignment-notice-not-given"
    assert "assignee-before-notice" not in rules(report)
    assert "assignee-is-a-party" in report.caveats


def test_who_counts_as_an_assignee_is_the_lexicons_list():
    for sender in ("自称某资产管理公司", "某某资管", "债权受让方", "说已购买了这笔债权的公司", "XX AMC"):
        assert conduct.wording.is_party(sender, conduct.ASSIGNEE), sender
    for sender in ("自称分期乐贷后专员", "分期乐", "某催收公司", "", "不是资产管理公司"):
        assert not conduct.wording.is_party(sender, conduct.ASSIGNEE), sender


def test_an_assignee_calling_before_the_notice_reached_the_borrower_is_noted_not_rated():
    # The self-styled assignee calls on 2026-03-02 10:00 and 2026-03-03 10:00; the notice of
    # assignment reached the borrower on 2026-03-03. Only the call of 03-02 is before it
    # (a call on the notice day counts as after it: the log does not say at what hour).
    calls = (row("10:00", sender=AMC), row("2026-03-03 10:00", sender=AMC))
    report = run(*calls, notice="2026-03-03")
    (note,) = report.notes
    assert note.rule == "assignee-before-notice" and note.outcome == "before-assignment-notice"
    assert [c.when for c in note.contacts] == [dt.datetime(2026, 3, 2, 10, 0)]
    assert note.assignment_notice == dt.date(2026, 3, 3) and report.findings == []
    assert note.cited == (conduct.Clause("civil-code-546", paragraph=1),)
    text = words.detail_zh(note)
    assert "都在您收到债权转让通知的 2026-03-03 之前" in text
    assert "《民法典》第546条第一款" in text and "对债务人不发生效力" in text
    assert "要求对方出示债权转让通知" in text and "继续向原贷款机构还款" in text
    # It must not call the contact unlawful: it says the opposite.
    assert "并不说明对方的联系违法" in text and "构成" not in text
    # With the notice on 2026-03-02, nothing is before it: no note.
    assert run(*calls, notice="2026-03-02").notes == []
    # Without a date, both calls are noted.
    (note,) = run(*calls).notes
    assert len(note.contacts) == 2 and "您没有填写收到债权转让通知的日期" in words.detail_zh(note)


def test_an_assignee_call_before_the_civil_code_cites_nothing_it_cannot_source():
    # 民法典第546条 took effect on 2021-01-01; a call on 2020-12-31 predates it, and the book
    # holds no text of the 合同法 of the time.
    (note,) = run(row("2020-12-31 10:00", sender=AMC)).notes
    assert note.cited == ()
    assert "早于本书收录的债权转让规定施行之日" in words.detail_zh(note)


def test_a_stop_request_to_the_lender_is_not_followed_against_the_assignee():
    # The borrower asks the lender's collector to stop at 10:00. The self-styled assignee
    # calls at 11:00 (another party: not "after a stop request" to it); the lender calls
    # again at 12:00 (1 contact after the stop).
    report = run(row("10:00", stop="是"), row("11:00", sender=AMC), row("12:00"))
    (note,) = [n for n in report.notes if n.rule == "contact-after-stop"]
    assert [c.when.hour for c in note.contacts] == [10, 12]
    assert report.per_day[0]["contacts_after_stop_request"] == 1
    assert report.per_day[0]["assignee_contacts"] == 1


def test_cli_takes_the_assignment_notice(capsys):
    assert cli.main(["conduct", str(SAMPLE), "--borrower-reachable-until", "2026-03-05",
                     "--assignment-notice", "2026-03-04"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["assignment_notice"] == "2026-03-04"
    (note,) = [n for n in out["notes"] if n["rule"] == "assignee-before-notice"]
    assert "2026-03-04 之前" in note["detail"]
    assert cli.main(["conduct", str(SAMPLE), "--assignment-notice", "2026-02-30"]) == 2
    assert "--assignment-notice" in capsys.readouterr().err


def test_the_form_reads_the_assignment_notice_and_names_the_field_on_error():
    from overdue import present
    ok = present.compute("conduct", {"assignment_notice": "2026-03-04"})
    assert ok["ok"]
    bad = present.compute("conduct", {"assignment_notice": "2026-13-01"})
    assert not bad["ok"] and bad["error"]["field"] == "assignment_notice"


# ------------------------------------------------------------------ the log's size (issue 18)
def _log_of(n: int) -> str:
    # n contacts, 4 an hour from 2026-03-02 08:00, all to the borrower by SMS.
    start = dt.datetime(2026, 3, 2, 8, 0)
    rows = [row((start + dt.timedelta(minutes=15 * k)).strftime("%Y-%m-%d %H:%M"), channel="短信")
            for k in range(n)]
    return "\n".join([HEADER, *rows]) + "\n"


def test_a_log_at_the_cap_is_accepted_and_one_more_contact_is_a_field_error():
    from overdue import present
    assert MAX_LOG_CONTACTS == 2000
    r = present.compute("conduct", {"csv": _log_of(MAX_LOG_CONTACTS)})
    assert r["ok"] and f"共 {MAX_LOG_CONTACTS} 次联系" in r["summary"]
    r = present.compute("conduct", {"csv": _log_of(MAX_LOG_CONTACTS + 1)})
    assert not r["ok"] and r["error"]["field"] == "csv"
    # The header is line 1, so contact 2001 is on line 2002.
    assert "最多 2000 条" in r["error"]["message_zh"] and "第 2002 行" in r["error"]["message_zh"]
    # The form says so.
    (spec,) = [f for f in present.fields("conduct") if f["name"] == "csv"]
    assert spec["max_lines"] == MAX_LOG_CONTACTS and "最多 2000 条" in spec["help_zh"]
