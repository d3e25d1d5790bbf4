"""The letters (issue 20): eight documents drafted from the engines' results, on verified law only.

* a golden file per document on the worked examples (tests/golden/letters/KIND.txt, reviewed
  against the cited provisions: tests/golden/letters/REVIEW.md). Regenerate only deliberately:
  ``OVERDUE_REGEN_GOLDEN=1 .venv/bin/python -m pytest tests/test_letters.py -k golden``;
* named cases with literal dates and amounts, the working in comments;
* properties: every provision id exists and is verified; unverified documents only "据报道";
  no placeholder filled with invented text; an expired period never yields an acknowledging
  sentence; bad input gives per-field Chinese errors; a hypothesis property over the forms;
* the ``letter`` command and the letter's HTML (download without network or script).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import json
import os
import re
from pathlib import Path
from urllib.parse import unquote

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from overdue import conduct, law, letters, present
from overdue.data import data_dir
from overdue.letters.document import ACKNOWLEDGING
from overdue.present import cli
from overdue.present import letters as words
from overdue.present.html import letter_html

ROOT = Path(__file__).resolve().parents[1]
GOLDEN = ROOT / "tests" / "golden" / "letters"
REGEN = os.environ.get("OVERDUE_REGEN_GOLDEN", "") not in ("", "0")
LETTERS = present.LETTERS
SAMPLE = data_dir() / "sample_contact_log.csv"

FUZZ = os.environ.get("OVERDUE_FUZZ", "") not in ("", "0")
BUDGET = settings(max_examples=int(os.environ.get("OVERDUE_FUZZ_EXAMPLES", "400" if FUZZ else "30")),
                  deadline=None, derandomize=not FUZZ, database=None, print_blob=True,
                  suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                         HealthCheck.filter_too_much])

# Phrases that acknowledge a debt or agree to perform it (《诉讼时效规定》第14条: 分期履行、部分履行、
# 请求延期履行、制定清偿债务计划…). None may appear in a letter drafted after expiry, not even negated.
ACKNOWLEDGING_ZH = ("还款方案", "本人提议", "每月", "分期", "承诺", "确认欠款", "本人欠", "尚欠", "愿意", "延期",
                    "减免", "还清", "同意履行")


def doc(name: str, form: dict | None = None) -> dict:
    r = present.compute(name, form or {})
    assert r["ok"], r["error"]
    return r["document"]


def defaults(name: str) -> dict:
    return {f["name"]: f["default"] for f in present.fields(name)}


# --- The documents and their calculators ------------------------------------------------------


def test_eight_documents_one_calculator_each():
    assert letters.KINDS == ("complaint", "stop_contact", "contact_own", "pi_request", "credit_objection",
                             "assignee", "regulator", "repayment")
    assert LETTERS == tuple(f"letter_{k}" for k in letters.KINDS)
    assert set(LETTERS) <= set(present.CALCULATORS)
    for name in LETTERS:
        d = doc(name)
        assert d["kind"] == name.removeprefix("letter_")
        assert {"kind", "title", "recipient", "text", "paragraphs", "provisions", "placeholders", "guards"} <= set(d)
        assert d["text"].startswith(d["title"] + "\n")


@pytest.mark.parametrize("name", LETTERS)
def test_golden_letter_on_the_worked_example(name):
    # The letter drafted from the form's defaults (data/worked_examples.yaml, section letters:),
    # word for word; reviewed once against the provisions it cites (tests/golden/letters/REVIEW.md).
    path = GOLDEN / f"{name.removeprefix('letter_')}.txt"
    text = doc(name)["text"]
    if REGEN:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    assert path.read_text(encoding="utf-8") == text, f"{path} differs: regenerate only deliberately"


# --- Named cases ----------------------------------------------------------------------------------


def test_the_complaint_states_each_finding_as_a_dated_sentence():
    # The ch5 sample log, the borrower reachable until 2026-03-05: every finding of the conduct
    # checker is one numbered sentence with its date and time, in time order.
    report = conduct.check(conduct.read_log(SAMPLE), borrower_reachable_until="2026-03-05")
    d = doc("letter_complaint")
    findings = [p for p in d["paragraphs"] if p["code"] == "finding"]
    assert len(findings) == len(report.findings) > 0
    for i, (p, f) in enumerate(zip(findings, report.findings), start=1):
        assert p["text"].startswith(f"{i}. {f.when:%Y-%m-%d %H:%M}，")
    # It asks to stop, to name the collector acting for the lender (第44、48条), for the records
    # (第45条), and for a written reply (第50条); 第21条 is cited as the lender's duty to supervise.
    assert d["requests"] == ["request-stop", "request-identify-collector", "request-records", "request-reply"]
    assert {"pipl-44", "pipl-48", "pipl-45", "pipl-50", "pipl-21"} <= set(d["provisions"])
    text = d["text"]
    assert "《个人信息保护法》第21条" in text and "贵司应当与受托人约定" in text


def test_the_standards_are_only_reported():
    # GB/T 45251-2025 and the CBA guideline were never read in the original: in the complaint
    # they are named only in sentences that begin 据报道, and never in the provisions relied on.
    d = doc("letter_complaint")
    assert set(d["reported"]) == {"gbt-45251-2025", "cba-collection-2026"}
    assert not set(d["reported"]) & set(d["provisions"])
    for p in d["paragraphs"]:
        for pid in p["reported"]:
            before = p["text"].split(law.cite(pid))[0]
            assert "据报道" in before, p["text"]


def test_a_contact_writes_the_letter_to_delete_his_own_number():
    # The colleague's own letter: signed by the contact, not the borrower; not a party, not a
    # guarantor (第465条第2款、第681条) only because the sender confirmed it on the form; stop
    # (第1033条); delete my data (个人信息保护法第47条第1款第（三）、（四）项, 民法典第1037条第2款);
    # any consent withdrawn (第15条).
    d = doc("letter_contact_own", {"name": "李四", "phone": "139****0002", "borrower_name": "张三",
                                   "relation": "colleague", "not_party": "confirmed"})
    assert d["sender"] == "contact"
    assert {"civil-code-465", "civil-code-681", "civil-code-1033", "civil-code-1037", "pipl-47", "pipl-15"} <= set(
        d["provisions"])
    text = d["text"]
    assert "联系人：李四" in text and "借款人：" not in text
    assert "本人不是该借款合同的当事人，也不是该借款的保证人；依法成立的合同仅对当事人具有法律约束力（《民法典》第465条第2款）" in text
    assert "《个人信息保护法》第47条第1款第（三）项、第（四）项，《民法典》第1037条第2款" in text
    # A conclusion on liability is never drawn: 第465条第2款 ends "但是法律另有规定的除外".
    assert "不承担清偿责任" not in text and "没有法律约束力" not in text


def test_a_contact_who_has_not_confirmed_gets_a_placeholder_not_a_fact():
    # No input says that the sender signed neither the loan nor a guarantee: left unconfirmed,
    # the sentence is a visible placeholder, and the form field is listed as still to fill.
    d = doc("letter_contact_own", {"not_party": ""})
    assert words.PLACEHOLDER_ZH["not_party"] in d["text"]
    assert "not_party" in [p["field"] for p in d["placeholders"]]
    assert "本人不是该借款合同的当事人，也不是该借款的保证人；" not in d["text"]


@pytest.mark.parametrize("relation", ["spouse", "relative", "colleague", "friend", "other", ""])
def test_a_spouse_is_never_told_that_he_or_she_owes_nothing(relation):
    # 《民法典》第1064条: a debt one spouse contracted alone may be the spouses' joint debt, one of
    # the exceptions of 第465条第2款. A spouse's letter (even with not_party confirmed) says neither
    # that he or she is not a party nor that he or she is the spouse; the note sends him or her to
    # a lawyer first. A relative, or a sender who does not say, is warned in a note.
    d = doc("letter_contact_own", {"relation": relation, "not_party": "confirmed"})
    text = d["text"]
    assert "不承担清偿责任" not in text
    if relation == "spouse":
        assert "不是该借款合同的当事人" not in text and "配偶" not in text
        assert "civil-code-465" not in d["provisions"]
        assert any("《民法典》第1064条" in n and "请先咨询律师" in n for n in d["notes"])
    elif relation in ("relative", "other", ""):
        assert any("如果您是借款人的配偶" in n and "《民法典》第1064条" in n for n in d["notes"])
    else:
        assert not d["notes"]


def test_the_stop_contact_notice_lists_the_third_parties_of_the_log():
    # The ch5 log: the emergency contact on 2026-03-02 and 2026-03-05, the workplace on 2026-03-03.
    d = doc("letter_stop_contact")
    assert "紧急联系人（2026-03-02、2026-03-05）" in d["text"] and "单位/同事（2026-03-03）" in d["text"]
    assert "只通过短信联系本人，并且只在每日 09:00 至 20:00 之间联系" in d["text"]
    # Without a log the notice still stands, without the list.
    bare = doc("letter_stop_contact", {"csv": ""})
    assert "third-party-contacts" not in [p["code"] for p in bare["paragraphs"]]


def test_the_credit_objection_dates_are_computed_from_the_readers_dates():
    # 征信业管理条例第25条: 20 日 from receipt. Received 2026-12-01, the day itself not counted:
    # 2026-12-02 is day 1, 2026-12-21 day 20. 第26条: 30 日 from acceptance of the complaint:
    # accepted 2027-01-05 → 2027-01-06 is day 1 … 2027-02-04 day 30 (26 days of January + 4).
    r = present.compute("letter_credit_objection", {"received_on": "2026-12-01",
                                                    "complaint_accepted_on": "2027-01-05"})
    text = r["document"]["text"]
    assert "自收到本异议之日起 20 日内" in text
    # The letter states the counting itself, and the receipt as the basis of the count.
    assert "按本异议于 2026-12-01 送达贵方计算（收到当日不计入，按日历日计算），答复期限至 2026-12-21 届满" in text
    assert "自受理之日起 30 日内书面答复" in text
    assert any("2027-01-05 受理，答复期限至 2027-02-04 届满" in w for w in r["warnings"])
    # The figures are data (data/parameters.yaml), sourced to the provisions they come from.
    from overdue import params
    assert params.values("credit_objection_reply_days")[0].reference == ("credit-reg-25",)
    assert params.values("credit_complaint_reply_days")[0].reference == ("credit-reg-26",)


def test_a_receipt_before_the_regulation_took_effect_is_refused():
    # 《征信业管理条例》 took effect on 2013-03-15; an objection received on 2013-03-10 has no
    # 20-day rule to read.
    r = present.compute("letter_credit_objection", {"received_on": "2013-03-10"})
    assert r["ok"] is False and r["error"]["field"] == "received_on"
    assert "2013-03-15" in r["error"]["message_zh"]


def test_the_assignee_letter_raises_the_limitation_defence_without_acknowledging_the_debt():
    # The worked example: the last of six instalments fell due 2021-06-15, so the period runs from
    # 2021-06-16 (第189、201条) for three years: 2024-06-15, a Saturday, moves to Monday
    # 2024-06-17 (第203条). On the letter's date 2026-11-28 it has expired. The notice of
    # assignment came on 2025-03-01, after expiry: the defence holds against the assignee (第548条).
    d = doc("letter_assignee")
    assert "expired-no-acknowledgement" in d["guards"]
    text = d["text"]
    # Conditional on the facts entered, and asking for evidence of an interruption or suspension.
    assert "按本人掌握的情况，贵方所称债权的诉讼时效期间已于 2024-06-17 届满" in text
    assert "贵方如认为存在诉讼时效中断、中止的事由，请提供证据" in text
    assert "本人依照《民法典》第192条第1款提出诉讼时效期间届满、不履行的抗辩" in text
    assert "该项义务" not in text
    assert "《民法典》第548条" in text
    assert not [p for p in d["paragraphs"] if p["code"] in ACKNOWLEDGING]
    assert not [w for w in ACKNOWLEDGING_ZH if w in text], text
    # No amount is stated in the reply to a time-barred claim (the cap check is left out).
    assert "元" not in text
    # The reader is warned, outside the letter, that a promise or a payment may waive the defence,
    # and that the result holds only if every collection contact and payment was entered.
    assert any("《诉讼时效规定》第19条" in n for n in d["notes"])
    assert any("假定您已经录入了全部催收联系和还款" in n and "漏掉任何一次都可能改变结论" in n
               and "《民法典》第195条" in n for n in d["notes"])


def test_the_assignee_letter_states_the_penalty_above_the_cap_with_the_figure():
    # One instalment of 1,000 yuan due 2025-01-10, 0.1% a day, the letter on 2025-03-01:
    # 2025-01-11 .. 2025-03-01 = 21 + 28 + 1 = 50 days → penalty 1000 × 0.001 × 50 = 50.00 yuan.
    # Private lending formed 2024-12-10: four times the one-year LPR of 2024-10-21 (3.10%) = 12.4%
    # a year; at that rate 1000 × 0.124 × 50 ÷ 365 = 16.986… → 16.99 yuan; above it 33.01 yuan.
    form = {"installments": "2025-01-10:1000", "rate": "0.1", "lender": "private", "contract_date": "2024-12-10",
            "letter_date": "2025-03-01", "notice_date": ""}
    d = doc("letter_assignee", form)
    assert "penalty-above-cap" in d["guards"] and "expired-no-acknowledgement" not in d["guards"]
    text = d["text"]
    assert "截至 2025-03-01，罚息为 50.00 元" in text
    # Only the penalty was computed, and the letter says so (the cap is for the total).
    assert "仅罚息一项按年利率 12.4% 计算为 16.99 元，超出的部分为 33.01 元" in text
    assert "上述计算尚未计入利息和其他费用" in text
    assert "按本合同成立时的一年期贷款市场报价利率计算，这一上限为年利率 12.4%" in text
    assert "对超出上述年利率部分的罚息（按本人计算为 33.01 元），请贵方不予主张" in text
    assert {"private-lending-25", "private-lending-29"} <= set(d["provisions"])
    # Without a notice date the letter asks for the notice and says nothing of whether one came.
    assert "assignment-not-notified" in d["guards"] and "没有收到" not in text


def test_the_financial_line_is_only_reported():
    # A consumer-finance lender: the 24% line is a judicial-policy document whose text the book
    # could not verify (spc-fin-opinion-2017-2): 据报道, and not a provision relied on.
    form = {"installments": "2025-01-10:1000", "rate": "0.1", "lender": "consumer-finance",
            "contract_date": "2024-12-10", "letter_date": "2025-03-01"}
    d = doc("letter_assignee", form)
    assert "spc-fin-opinion-2017-2" in d["reported"] and "spc-fin-opinion-2017-2" not in d["provisions"]
    assert "据报道，《关于进一步加强金融审判工作的若干意见》第2点" in d["text"]
    # Quoted exactly as the reported text of data/provisions.yaml has it, with its conditions.
    quote = re.search(r"第2点（[^）]*）称：“([^”]*)”", d["text"]).group(1)
    assert quote in law.provision("spc-fin-opinion-2017-2")["reported"]
    assert "贷款人同时主张的" in quote and "显著背离实际损失" in quote
    # The lender's argument (《民间借贷规定》第1条) is not volunteered in the letter; the note has it.
    assert "民间借贷规定" not in d["text"] and "private-lending-1" not in d["provisions"]
    assert any("《民间借贷规定》第1条第2款" in n for n in d["notes"])


def test_the_repayment_proposal_comes_from_the_plan_and_asks_to_reduce_above_the_cap():
    # The ch6 plan: 1,000 yuan due 2026-08-10, 2026-09-10 and 2026-10-10, 0.05% a day, first
    # payment 2026-12-10. Penalty to that day: 122 + 91 + 61 = 274 instalment-days × 0.50 = 137.00
    # yuan. Private lending formed 2025-11-10: 4 × 3.00% = 12% a year; at that rate
    # 1000 × 274 × 0.12 ÷ 365 = 90.082… → 90.08 yuan; above the cap 137.00 − 90.0822 = 46.92 yuan.
    d = doc("letter_repayment", {"lender": "private", "contract_date": "2025-11-10"})
    text = d["text"]
    assert "已产生罚息 137.00 元，合计 3137.00 元" in text
    assert "仅罚息一项按年利率 12% 计算为 90.08 元，超出的部分为 46.92 元" in text
    assert "对超出上述年利率部分的罚息（按本人计算为 46.92 元）予以减免" in text
    assert "penalty-above-cap" in d["guards"]
    # The monthly figure, the months and the last date are the planning engine's (600 a month;
    # tests/test_planning.py checks the engine): the letter states them as it computed them.
    from overdue import planning
    plan = planning.plan_repayment(["2026-08-10:1000", "2026-09-10:1000", "2026-10-10:1000"], monthly="600",
                                   start="2026-12-10", daily_rate="0.0005")
    assert (f"还款 600.00 元，共 {plan.months} 期，至 {plan.cleared_on.isoformat()} 还清") in text
    # The reader is told that a plan interrupts the limitation period (第195条, 规定第14条).
    assert any("《诉讼时效规定》第14条" in n for n in d["notes"])


def test_an_expired_repayment_proposal_becomes_a_reply_that_keeps_the_defence():
    # Two instalments due 2020-08-10 and 2020-09-10; the period ran from 2020-09-11 for three
    # years (民法总则, then 民法典): last day 2023-09-11 (2023-09-10 is a Sunday). The letter on
    # 2026-11-28 proposes nothing: the title, the body and the requests change.
    form = {"installments": "2020-08-10:1000\n2020-09-10:1000", "start": "2026-12-10", "monthly": "300",
            "contract_date": "2020-07-01"}
    r = present.compute("letter_repayment", form)
    d = r["document"]
    assert d["title"] == "关于诉讼时效期间已经届满的答复函"
    assert "expired-no-acknowledgement" in d["guards"]
    assert "诉讼时效期间已于 2023-09-11 届满" in d["text"]
    assert not [w for w in ACKNOWLEDGING_ZH if w in d["text"]], d["text"]
    assert r["warnings"][0].startswith("请先读这一条：")


def test_the_regulator_letter_names_only_confirmed_channels_each_with_its_confidence():
    channels = [c for c in conduct.complaint_channels()]
    confirmed = [c for c in channels if str(c["confidence"]).startswith("CONFIRMED")]
    spec = next(f for f in present.fields("letter_regulator") if f["name"] == "channel")
    assert [c[0] for c in spec["choices"]] == [c["id"] for c in confirmed]
    r = present.compute("letter_regulator", {})
    d = r["document"]
    # Addressed to the regulator's office (a placeholder until the reader names it), not to
    # the telephone hotline; the note says that 12378 takes complaints by phone.
    assert d["text"].split("\n\n")[1] == "国家金融监督管理总局【所在地派出机构名称】："
    assert doc("letter_regulator", {"office": "北京金融监管局"})["text"].split("\n\n")[1] == "国家金融监督管理总局北京金融监管局："
    assert any("这一渠道是电话热线" in n for n in d["notes"])
    for c in confirmed:
        note = next(n for n in d["notes"] if c["name"] in n)
        assert "核实程度：" + " ".join(str(c["confidence"]).split()) in note
    bad = present.compute("letter_regulator", {"channel": "weibo"})
    assert bad["ok"] is False and bad["error"]["field"] == "channel"


def test_the_pi_request_asks_to_whom_the_data_were_provided():
    # 个人信息保护法第45条 (access, copy); 第44条 and 第23条 (a recipient's name, contact, purpose,
    # method and kinds of data); 第48条 (the processing rules, who processes for the lender).
    d = doc("letter_pi_request")
    assert d["requests"] == ["request-copy", "request-recipients", "request-processing-rules",
                             "request-reply-in-time"]
    assert {"pipl-44", "pipl-45", "pipl-23", "pipl-48", "pipl-50"} <= set(d["provisions"])
    assert "接收方的名称或者姓名、联系方式、处理目的、处理方式和个人信息的种类" in d["text"]


# --- Properties: the provisions ---------------------------------------------------------------


def _cited(pid: str, text: str) -> bool:
    """Whether ``text`` cites ``pid``: 《民法典》第1033条, or 第1033条 after 《民法典》 in a group
    such as 《民法典》第1032条、第1033条 (the letters name a law once for consecutive articles)."""
    full = law.cite(pid)
    if full in text:
        return True
    short = law.laws()[law.split_id(pid)[0]]["short"]
    number = full[len(short):]
    return any(re.match(r"(第[^，（）。；]*?、)*" + re.escape(number) + r"(?![0-9])", chunk)
               for chunk in text.split(short)[1:])


def _check_sources(d: dict) -> None:
    for pid in d["provisions"]:
        law.provision(pid)  # exists
        assert not law.is_unverified(pid), f"{pid} is unverified but cited as law"
    for pid in d["reported"]:
        assert law.is_unverified(pid), pid
    for p in d["paragraphs"]:
        for pid in p["reported"]:
            assert "据报道" in p["text"].split(law.cite(pid))[0], p["text"]
        for pid in p["provisions"]:
            assert _cited(pid, p["text"]), (p["code"], pid)


@pytest.mark.parametrize("name", LETTERS)
def test_every_cited_provision_exists_and_is_verified(name):
    _check_sources(doc(name))


@pytest.mark.parametrize("name", LETTERS)
def test_the_template_notice_appears_once(name):
    assert doc(name)["text"].count(words.TEMPLATE_NOTICE_ZH) == 1
    assert "不是法律意见" in words.TEMPLATE_NOTICE_ZH


# --- Properties: placeholders ----------------------------------------------------------------


def _detail_fields(name: str) -> list[str]:
    return [f["name"] for f in present.fields(name) if f["kind"] == "text" and f["name"] in words.PLACEHOLDER_ZH]


@pytest.mark.parametrize("name", LETTERS)
def test_a_blank_detail_stays_a_visible_placeholder(name):
    d = doc(name, {k: "" for k in _detail_fields(name)})
    marks = {p["mark"] for p in d["placeholders"]}
    found = set(words.PLACEHOLDER.findall(d["text"]))
    assert found == marks and marks, (found, marks)


@pytest.mark.parametrize("name", LETTERS)
def test_a_filled_detail_is_stated_as_typed_and_nothing_else_is_filled(name):
    fields = _detail_fields(name)
    values = {k: f"甲{i}乙" for i, k in enumerate(fields)}
    if "hours_from" in values:
        values.update(hours_from="09:30", hours_to="18:15")
    form = values | ({"letter_date": "2026-11-28"})
    d = doc(name, form)
    for k, v in values.items():
        if k in [p["field"] for p in d["placeholders"]]:
            continue
        assert v in d["text"], (k, v)
    # Only the marks of blank fields remain (the letter's date was given: no 【日期】).
    assert set(words.PLACEHOLDER.findall(d["text"])) == {p["mark"] for p in d["placeholders"]}
    assert "【日期】" not in d["text"]


# --- Bad input: every field of every letter, a Chinese message naming the field ----------------

BAD = [
    ("letter_complaint", "csv", ""),
    ("letter_complaint", "csv", "时间,渠道\n2026-03-02 08:00,电话\n"),
    ("letter_complaint", "borrower_reachable_until", "2026-13-01"),
    ("letter_complaint", "name", "张" * 61),
    ("letter_complaint", "phone", "138\n0001"),
    ("letter_complaint", "lender_name", "x\x00y"),
    ("letter_complaint", "contract_no", "9" * 61),
    ("letter_complaint", "letter_date", "2026-02-30"),
    ("letter_stop_contact", "csv", "时间,渠道\n2026-03-02 08:00,电话\n"),
    ("letter_stop_contact", "borrower_reachable_until", "明天"),
    ("letter_stop_contact", "channel", "fax"),
    ("letter_stop_contact", "hours_from", "25:00"),
    ("letter_stop_contact", "hours_to", "08:00"),  # before 09:00 (see EXTRA)
    ("letter_stop_contact", "name", "a\nb"),
    ("letter_stop_contact", "phone", "1" * 41),
    ("letter_stop_contact", "lender_name", "名" * 61),
    ("letter_stop_contact", "contract_no", "a\tb"),
    ("letter_stop_contact", "letter_date", "2026/11/28"),
    ("letter_contact_own", "name", "李" * 61),
    ("letter_contact_own", "phone", "1\r2"),
    ("letter_contact_own", "relation", "cousin"),
    ("letter_contact_own", "not_party", "yes"),
    ("letter_contact_own", "borrower_name", "张" * 61),
    ("letter_contact_own", "lender_name", "x\u2028y"),
    ("letter_contact_own", "call_dates", "yesterday"),
    ("letter_contact_own", "letter_date", "0999-01-01"),
    ("letter_pi_request", "name", "张" * 61),
    ("letter_pi_request", "phone", "1" * 41),
    ("letter_pi_request", "lender_name", "a\nb"),
    ("letter_pi_request", "contract_no", "9" * 61),
    ("letter_pi_request", "letter_date", "2026-13-01"),
    ("letter_credit_objection", "recipient", "bank"),
    ("letter_credit_objection", "recipient_name", "a\nb"),
    ("letter_credit_objection", "defect", "typo"),
    ("letter_credit_objection", "record", "字" * 301),
    ("letter_credit_objection", "correction", "a\nb"),
    ("letter_credit_objection", "evidence", "字" * 301),
    ("letter_credit_objection", "received_on", "2013-03-10"),  # before 2013-03-15
    ("letter_credit_objection", "complaint_accepted_on", "2026-13-01"),
    ("letter_credit_objection", "name", "张" * 61),
    ("letter_credit_objection", "phone", "1" * 41),
    ("letter_credit_objection", "letter_date", "2026-02-30"),
    ("letter_assignee", "installments", "2021-01-15"),
    ("letter_assignee", "payments", "2026-01-01"),
    ("letter_assignee", "last_due", "2025/06/15"),  # with no instalments (see EXTRA)
    ("letter_assignee", "rate", "abc"),
    ("letter_assignee", "contacts", "2026-03-02\n2026-02-30"),
    ("letter_assignee", "lender", "pawnshop"),
    ("letter_assignee", "contract_date", "2026-02-30"),
    ("letter_assignee", "notice_date", "soon"),
    ("letter_assignee", "letter_date", ""),
    ("letter_assignee", "assignee_name", "a\nb"),
    ("letter_assignee", "original_lender", "名" * 61),
    ("letter_assignee", "name", "张" * 61),
    ("letter_assignee", "phone", "1" * 41),
    ("letter_assignee", "contract_no", "9" * 61),
    ("letter_regulator", "csv", ""),
    ("letter_regulator", "borrower_reachable_until", "2026-13-01"),
    ("letter_regulator", "channel", "weibo"),
    ("letter_regulator", "office", "a\nb"),
    ("letter_regulator", "name", "张" * 61),
    ("letter_regulator", "phone", "1" * 41),
    ("letter_regulator", "lender_name", "a\nb"),
    ("letter_regulator", "contract_no", "9" * 61),
    ("letter_regulator", "complained_on", "2026-13-01"),
    ("letter_regulator", "evidence", "字" * 301),
    ("letter_regulator", "letter_date", "2026-02-30"),
    ("letter_repayment", "installments", ""),
    ("letter_repayment", "rate", ""),
    ("letter_repayment", "payments", "2026-12-01"),
    ("letter_repayment", "start", "2026-07-01"),  # before the first due date (the planning engine)
    ("letter_repayment", "monthly", "0"),
    ("letter_repayment", "order", "lifo"),
    ("letter_repayment", "contacts", "soon"),
    ("letter_repayment", "lender", "pawnshop"),
    ("letter_repayment", "contract_date", "2025-13-01"),
    ("letter_repayment", "letter_date", ""),
    ("letter_repayment", "name", "张" * 61),
    ("letter_repayment", "phone", "1" * 41),
    ("letter_repayment", "lender_name", "a\nb"),
    ("letter_repayment", "contract_no", "9" * 61),
]
EXTRA = {("letter_stop_contact", "hours_to", "08:00"): {"hours_from": "09:00"},
         ("letter_assignee", "last_due", "2025/06/15"): {"installments": ""}}


@pytest.mark.parametrize("name,field,value", BAD, ids=[f"{n}-{f}-{v[:8]!r}" for n, f, v in BAD])
def test_bad_input_names_the_field_in_chinese(name, field, value):
    r = present.compute(name, {field: value} | EXTRA.get((name, field, value), {}))
    assert r["ok"] is False, r.get("document", {}).get("text", "")[:200]
    assert r["error"]["field"] == field, r["error"]
    label = next(f["label_zh"] for f in present.fields(name) if f["name"] == field)
    assert r["error"]["message_zh"].startswith(label + "：")
    assert re.search(r"[\u4e00-\u9fff]", r["error"]["message_zh"][len(label):])
    assert r["error"]["message_en"]


def test_every_letter_field_has_a_bad_input_case():
    covered = {(n, f) for n, f, _ in BAD}
    missing = [(n, f["name"]) for n in LETTERS for f in present.fields(n) if (n, f["name"]) not in covered]
    assert not missing, missing


# --- The hypothesis property over the letter forms -----------------------------------------

_detail = st.text(st.characters(blacklist_categories=("Cc", "Cs", "Zl", "Zp"), blacklist_characters="【】"),
                  max_size=20)
_day = st.dates(dt.date(2019, 1, 1), dt.date(2030, 12, 31))


@st.composite
def letter_forms(draw, name: str):
    form = {}
    for f in present.fields(name):
        key, kind = f["name"], f["kind"]
        if not draw(st.booleans()):
            continue
        if kind == "text" and key in ("hours_from", "hours_to"):
            form[key] = draw(st.sampled_from(["", "08:00", "09:30", "12:00", "20:00", "24:00", "9:5", "xx"]))
        elif kind == "text":
            form[key] = draw(_detail)
        elif kind == "date":
            form[key] = draw(st.one_of(st.just(""), _day.map(dt.date.isoformat)))
        elif kind == "choice":
            form[key] = draw(st.sampled_from([c[0] for c in f["choices"]]))
        elif key == "installments":
            first = draw(st.dates(dt.date(2019, 1, 1), dt.date(2026, 6, 1)))
            n = draw(st.integers(0 if name == "letter_assignee" else 1, 6))
            form[key] = "\n".join(f"{first + dt.timedelta(days=31 * k)}:{draw(st.integers(1, 5000))}"
                                  for k in range(n))
        elif key == "rate":
            form[key] = draw(st.sampled_from(["", "0.05", "0.1", "0.033", "0"] if name == "letter_assignee"
                                             else ["0.05", "0.1", "0.02", "0"]))
        elif kind == "lines":
            form[key] = "\n".join(draw(_day).isoformat() for _ in range(draw(st.integers(0, 3))))
        elif kind == "amount":
            form[key] = draw(st.sampled_from(["10", "300", "600", "5000"]))
    return form


@pytest.mark.parametrize("name", LETTERS)
@BUDGET
@given(data=st.data())
def test_every_letter_form_gives_a_sound_letter_or_a_field_error(name, data):
    form = data.draw(letter_forms(name))
    r = present.compute(name, form)
    if not r["ok"]:
        assert r["error"]["field"] in {f["name"] for f in present.fields(name)} | set(form), r["error"]
        assert re.search(r"[\u4e00-\u9fff]", r["error"]["message_zh"]) and r["error"]["message_en"]
        assert "computable range" not in r["error"]["message_en"]
        return
    d = r["document"]
    _check_sources(d)
    text = d["text"]
    assert text.count(words.TEMPLATE_NOTICE_ZH) == 1
    # Placeholders: exactly the marks of the blank details; a typed detail appears as typed.
    assert set(words.PLACEHOLDER.findall(text)) == {p["mark"] for p in d["placeholders"]}
    blank = {p["field"] for p in d["placeholders"]}
    for key in _detail_fields(name):
        value = form.get(key, defaults(name)[key]).strip()
        if value and key not in ("hours_from", "hours_to"):
            assert key not in blank and value in text, (key, value)
    stated = text
    for key in _detail_fields(name):  # the reader's own words are not the template's
        value = form.get(key, "").strip()
        if value:
            stated = stated.replace(value, "")
    # The letter sent never speaks of "本书", never concludes that a contact owes nothing.
    assert "本书" not in stated and "不承担清偿责任" not in stated, stated
    # An expired period never yields an acknowledging sentence, an amount or a rate line.
    if "expired-no-acknowledgement" in d["guards"]:
        assert not [p for p in d["paragraphs"] if p["code"] in ACKNOWLEDGING]
        assert not [w for w in ACKNOWLEDGING_ZH if w in stated], stated
        assert "元" not in stated and "24%" not in stated, stated
    if "penalty-above-cap" in d["guards"]:
        assert "超出的部分为" in text and "元" in text


# --- The front ends: HTML and the command line ------------------------------------------------


def test_the_letter_html_downloads_without_network_or_script():
    r = present.render("letter_pi_request", {"name": "张三"})
    html = r["html"]
    m = re.search(r'<a class="overdue-letter-download" download="letter_pi_request.txt" '
                  r'href="data:text/plain;charset=utf-8,([^"]*)"', html)
    assert m, html[:500]
    assert unquote(m.group(1)) == r["document"]["text"]
    assert 'data-overdue-action="copy"' in html and 'data-overdue-action="print"' in html
    assert "style=" not in letter_html(r)  # the site's CSP allows no style attribute
    assert "张三" in html and "<script" not in html
    assert letter_html(present.compute("plan", {})) == ""


def _run(argv) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = cli.main(argv)
        except SystemExit as exit_:
            code = exit_.code
    return code, out.getvalue(), err.getvalue()


def test_the_command_lists_the_kinds():
    code, out, _ = _run(["letter", "--list"])
    assert code == 0
    assert [k["kind"] for k in json.loads(out)] == list(letters.KINDS)


def test_the_complaint_command_reads_the_log_like_the_conduct_command():
    code, out, err = _run(["letter", "complaint", "--log", str(SAMPLE), "--borrower-reachable-until", "2026-03-05",
                           "--name", "张三"])
    assert code == 0, err
    d = json.loads(out)
    assert d["kind"] == "complaint" and d["title"] == "关于催收行为的投诉函"
    assert d["text"] == doc("letter_complaint", {"name": "张三"})["text"]
    assert "pipl-45" in d["provisions"]


def test_the_limitation_options_reach_the_assignee_letter():
    # --last-due 2020-06-15, judged --as-of 2026-11-28: the period ran from 2020-06-16 to
    # 2023-06-15 (a Thursday): expired; the defence, no acknowledgement.
    code, out, err = _run(["letter", "assignee", "--last-due", "2020-06-15", "--as-of", "2026-11-28"])
    assert code == 0, err
    d = json.loads(out)
    assert "诉讼时效期间已于 2023-06-15 届满" in d["text"] and "expired-no-acknowledgement" in d["guards"]


def test_format_text_prints_the_letter_alone():
    code, out, _ = _run(["letter", "pi_request", "--name", "张三", "--format", "text"])
    assert code == 0
    assert out.startswith("个人信息查阅、复制申请\n") and "{" not in out
    assert out == doc("letter_pi_request", {"name": "张三"})["text"]


@pytest.mark.parametrize("argv,field", [
    (["letter", "assignee", "--last-due", "2020-06-45", "--as-of", "2026-11-28"], "last_due"),
    (["letter", "complaint"], "csv"),  # no log
    (["letter", "complaint", "--log", "/nonexistent/log.csv"], "csv"),
    (["letter", "repayment", "--installment", "2026-08-10:1000", "--daily-rate", "0.0005", "--start",
      "2026-12-10", "--monthly", "0", "--letter-date", "2026-11-28"], "monthly"),
    (["letter", "complaint", "--hours-from", "09:00"], "hours-from"),  # not an option of the complaint
    (["letter", "mortgage"], "kind"),
])
def test_bad_command_lines_exit_2_with_the_field(argv, field):
    code, out, err = _run(argv)
    assert code == 2 and not out
    assert f"错误（{field}）" in err and f"error ({field})" in err
    assert "Traceback" not in err


# --- The review of 2026-12-01 (R2): one test per high or medium defect ---------------------------

# Two instalments of 1,000 yuan due 2020-08-10 and 2020-09-10; the period runs from 2020-09-11
# for three years: 2023-09-10 is a Sunday, so the last day is Monday 2023-09-11 (第188、189、203条).
OLD_DEBT = {"installments": "2020-08-10:1000\n2020-09-10:1000", "start": "2026-12-10", "monthly": "300",
            "contract_date": "2020-07-01", "letter_date": "2026-06-01"}


def test_a_part_payment_inside_the_period_interrupts_it_in_the_repayment_letter():
    # Nothing paid: expired on 2023-09-11, judged on 2026-06-01 → the defence-keeping reply.
    assert doc("letter_repayment", OLD_DEBT)["title"] == "关于诉讼时效期间已经届满的答复函"
    # 100 yuan paid on 2023-09-01, inside the period: the debtor's agreement to perform
    # (第195条第（二）项) restarts it, 2023-09-01 + 3 years = 2026-09-01, not yet expired on
    # 2026-06-01: the proposal is drafted, and the note gives the new last day.
    d = doc("letter_repayment", OLD_DEBT | {"payments": "2023-09-01:100"})
    assert d["title"] == "还款方案申请" and "expired-no-acknowledgement" not in d["guards"]
    assert any("最后一日为 2026-09-01" in n for n in d["notes"])
    # The command line takes the same payment (--payment is offered by --help).
    code, out, err = _run(["letter", "repayment", "--installment", "2020-08-10:1000", "--installment",
                           "2020-09-10:1000", "--payment", "2023-09-01:100", "--daily-rate", "0.0005",
                           "--start", "2026-12-10", "--monthly", "300", "--contract-date", "2020-07-01",
                           "--letter-date", "2026-06-01"])
    assert code == 0, err
    assert json.loads(out)["title"] == "还款方案申请"


def test_a_payment_after_expiry_warns_that_the_defence_may_be_lost():
    # 100 yuan paid on 2024-01-10, after the last day 2023-09-11: still expired, but the payment
    # may have given up the defence (第192条第2款, 《诉讼时效规定》第19条): the reader is warned.
    d = doc("letter_repayment", OLD_DEBT | {"payments": "2024-01-10:100"})
    assert "expired-no-acknowledgement" in d["guards"] and "defence-possibly-waived" in d["guards"]
    assert any("《民法典》第192条第2款" in n and "请咨询律师后再发送本函" in n for n in d["notes"])


def test_an_expired_repayment_reply_states_no_amount_and_no_concession():
    # Expired (see OLD_DEBT), a consumer-finance lender: the reply states no amount (no 元), no
    # rate line (no 24%), nothing of the private-lending rules, and one term for the lender.
    d = doc("letter_repayment", OLD_DEBT | {"lender": "consumer-finance"})
    text = d["text"]
    assert "元" not in text and "24%" not in text and "民间借贷" not in text
    assert "按本人掌握的情况，贵司所称债权的诉讼时效期间已于 2023-09-11 届满" in text
    assert "贵方" not in text


@pytest.mark.parametrize("lender", ["consumer-finance", "bank", "small-loan", "private"])
def test_a_penalty_within_the_cap_concedes_nothing(lender):
    # The ch6 plan at 0.05% a day = 0.05% × 365 = 18.25% a year. A bank or consumer-finance
    # lender: below the reported 24% line; a small-loan lender: no fixed figure; a private lender
    # formed 2025-11-10: 4 × 3.00% = 12% < 18.25%, above the cap (the one case with a figure).
    # Only the penalty rate was compared: the letter never says the contract is within a line,
    # never volunteers 《民间借贷规定》第1条, and reserves the right to ask for the total to be cut.
    d = doc("letter_repayment", {"lender": lender, "contract_date": "2025-11-10"})
    text = d["text"]
    assert "没有超过" not in text and "不适用民间借贷" not in text and "民间借贷规定》第1条" not in text
    if "penalty-above-cap" in d["guards"]:
        assert lender == "private" and "仅罚息一项" in text
    else:
        assert "本人保留就利息、罚息、违约金和其他费用总计过高请求调减的权利" in text and "24%" not in text
        assert any("这里只比较了罚息的利率" in n or "没有规定固定的利率上限数字" in n for n in d["notes"])


@pytest.mark.parametrize("name", LETTERS)
def test_no_letter_sent_says_what_the_book_could_not_verify(name):
    # "本书" is the reader's book, not the recipient's: the letters say "据报道" alone; what the
    # book could not verify is said in the notes and the basis table.
    assert "本书" not in doc(name)["text"]


def test_the_regulator_letter_lists_only_the_attachments_the_reader_gives():
    # The log was entered (38 contacts); recordings and screenshots were not: they are not
    # listed as attached, only suggested inside the placeholder's hint.
    text = doc("letter_regulator")["text"]
    assert "附：本人整理的联系记录（共 38 次联系）；其他材料：【证明材料清单】" in text
    assert "、通话录音和短信截图" not in text
    typed = doc("letter_regulator", {"evidence": "录音 3 段"})["text"]
    assert "其他材料：录音 3 段。" in typed


def test_a_mail_channel_takes_no_hours_and_the_notice_withdraws_any_consent():
    d = doc("letter_stop_contact", {"channel": "mail"})
    assert "只通过书面信函联系本人；" in d["text"] and "每日" not in d["text"]
    assert "现予撤回（《个人信息保护法》第15条）" in d["text"]
    assert "任何第三人" not in d["text"]


def test_a_disclosure_to_one_person_is_not_cited_as_publication():
    # 个人信息保护法第25条 forbids 公开 (publication); a call to one colleague that discloses the
    # debt is a provision to a third party: finding 10 of the ch5 log does not cite 第25条.
    d = doc("letter_complaint")
    disclosures = [p for p in d["paragraphs"] if p["code"] == "finding" and "向第三人透露欠款" in p["text"]]
    assert disclosures and all("pipl-25" not in p["provisions"] for p in disclosures)
