"""Forms entered into the in-browser calculators by tests/live (and tools/bench_pyodide.py).

Each case is a partial form (field -> string); the fields not given keep the
calculator's defaults. Besides the cases listed here, every option of every
choice field is tried (``choice_cases``). Expected results are never written
here: the test computes them with ``overdue.present.compute`` in CPython.
"""

from __future__ import annotations

SMALL_LOG = """时间,渠道,联系对象,是否透露欠款,是否接通,号码,是否要求停止,催收方,摘要
2026-03-02 07:40,电话,本人,,否,138****0001,否,某催收公司,未接通
2026-03-02 22:30,电话,本人,,是,138****0001,否,某催收公司,<b>夜间</b> & “引号”
2026-03-03 10:30,电话,单位/同事,是,是,010-****0003,否,某催收公司,告诉前台我欠款
"""

CASES: dict[str, list[tuple[str, dict[str, str]]]] = {
    "penalty": [
        ("defaults", {}),
        ("three instalments, two partial payments", {
            "installments": "2025-01-10:1000\n2025-02-10:1000\n2025-03-10:1000",
            "payments": "2025-02-01:300\n2025-03-15:800", "as_of": "2025-04-30"}),
        ("principal-first order with payments", {
            "installments": "2025-01-10:1000\n2025-02-10:1000", "payments": "2025-02-20:1500",
            "order": "principal-first", "as_of": "2025-03-31"}),
        ("annual 24% on a 360-day year, private lender (over the cap)", {
            "rate_kind": "annual", "rate": "24", "day_count": "360", "lender": "private"}),
        ("annual 36% private lender, contract in 2019 (before the 2020 rule)", {
            "rate_kind": "annual", "rate": "36", "lender": "private", "contract_date": "2019-06-01"}),
        ("grace 3 days deferred, paid inside the grace", {
            "grace_days": "3", "grace_mode": "deferred", "payments": "2025-01-12:1000"}),
        ("grace 5 days retroactive, paid late", {
            "grace_days": "5", "grace_mode": "retroactive", "payments": "2025-01-20:1000"}),
        ("as-of before the first due date", {"as_of": "2025-01-05"}),
        ("as-of on the due date", {"as_of": "2025-01-10"}),
        ("overpayment (credit)", {"payments": "2025-02-01:5000"}),
        ("full-width colon, spaces and blank lines", {
            "installments": "\n 2025-01-10：1000 \n\n2025-02-10 1000\n", "payments": "  \n"}),
        ("zero rate", {"rate": "0"}),
        ("rate with a percent sign", {"rate": "0.05%"}),
        ("large amount", {"installments": "2025-01-10:123456789.99"}),
        ("bad: impossible date", {"installments": "2025-02-30:1000"}),
        ("bad: no amount", {"installments": "2025-01-10"}),
        ("bad: no instalment", {"installments": ""}),
        ("bad: negative rate", {"rate": "-1"}),
        ("bad: rate not a number", {"rate": "abc"}),
        ("bad: daily rate of 100%", {"rate": "100"}),
        ("bad: empty as-of", {"as_of": ""}),
        ("bad: year 2300", {"as_of": "2300-01-01"}),
        ("bad: grace days not an integer", {"grace_days": "1.5"}),
        ("bad: absurd amount", {"installments": "2025-01-10:1e999999"}),
        # The schedule builder: 1000 yuan in 3 instalments from 2025-01-31, due on the month
        # ends 2025-01-31, 2025-02-28, 2025-03-31, of 333.33 + 333.33 + 333.34 (the last takes
        # the cent left over); the page writes these lines back and switches to "lines"
        # (form_updates), and the test compares the form it then holds with CPython's.
        ("schedule builder: 3 instalments of 1000 from a month end", {
            "schedule_mode": "builder", "count": "3", "first_due": "2025-01-31", "principal": "1000"}),
    ],
    "apr": [
        ("defaults", {}),
        ("one month", {"months": "1"}),
        ("36 months", {"months": "36", "monthly_fee_rate": "0.75"}),
        ("360 months", {"months": "360", "monthly_fee_rate": "0.5"}),
        ("zero fee", {"monthly_fee_rate": "0"}),
        ("tiny fee", {"monthly_fee_rate": "0.01"}),
        ("high fee", {"monthly_fee_rate": "9.99"}),
        ("upfront fee", {"upfront_fee": "500"}),
        ("rate with a percent sign", {"monthly_fee_rate": "0.6%"}),
        ("odd principal", {"principal": "3333.33", "months": "7", "monthly_fee_rate": "1.23"}),
        ("spaces around numbers", {"principal": " 12000 ", "months": " 12 "}),
        ("bad: principal not a number", {"principal": "abc"}),
        ("bad: principal zero", {"principal": "0"}),
        ("bad: months zero", {"months": "0"}),
        ("bad: months fractional", {"months": "1.5"}),
        ("bad: fee rate 100%", {"monthly_fee_rate": "100"}),
        ("bad: negative upfront fee", {"upfront_fee": "-1"}),
        ("bad: upfront fee above principal", {"upfront_fee": "20000"}),
        ("bad: empty principal", {"principal": ""}),
    ],
    "limitation": [
        ("defaults", {}),
        ("no contacts", {"contacts": ""}),
        ("several contacts, one after expiry", {
            "last_due": "2021-03-10", "contacts": "2022-01-05\n2024-12-31\n2025-06-01"}),
        ("contact before the period starts", {"contacts": "2025-06-01"}),
        ("end on a holiday (National Day)", {"last_due": "2023-10-01", "contacts": "", "as_of": "2026-11-28"}),
        ("end on a weekend", {"last_due": "2023-01-08", "contacts": ""}),
        ("partial payment interrupts", {"payments": "2026-05-01:200"}),
        ("acceleration", {"acceleration": "2025-03-01"}),
        ("with a schedule (timeline)", {
            "installments": "2025-01-10:1000\n2025-02-10:1000\n2025-03-10:1000", "contacts": "2025-05-01"}),
        ("schedule settled by payments", {
            "installments": "2025-01-10:1000", "payments": "2025-02-01:1100", "contacts": ""}),
        ("schedule and a different typed last due", {
            "installments": "2025-01-10:1000", "last_due": "2024-12-31"}),
        ("as-of long ago", {"as_of": "2020-01-01"}),
        ("bad: month 13", {"last_due": "2025-13-01"}),
        ("bad: no last due and no schedule", {"last_due": "", "installments": ""}),
        ("bad: contact line", {"contacts": "2026-03-02\nyesterday"}),
        ("bad: empty as-of", {"as_of": ""}),
        ("bad: acceleration date", {"acceleration": "2025-02-29"}),
        # Old and assigned debts (issue 16).
        ("old debt under 民法通则, demand before 2017-10-01 (becomes three years)", {
            "installments": "", "payments": "", "last_due": "2016-03-01", "contacts": "2017-02-01"}),
        ("old debt under 民法总则, continues under 民法典", {
            "installments": "", "payments": "", "contacts": "", "last_due": "2020-01-10"}),
        ("assignment notice before and after expiry", {
            "installments": "", "payments": "", "contacts": "", "last_due": "2022-04-10",
            "assignment_notices": "2024-09-03\n2028-01-01", "as_of": "2031-01-01"}),
        ("suspension in the last six months and a debit", {
            "installments": "", "payments": "", "contacts": "", "last_due": "2021-07-20",
            "suspensions": "2024-05-01:2024-05-31", "debits": "2024-10-08"}),
        ("schedule with a notice, a debit and an obstacle (timeline)", {
            "installments": "2016-01-10:1000\n2016-02-10:1000", "payments": "", "contacts": "2016-06-01",
            "debits": "2017-03-01", "assignment_notices": "2017-05-20",
            "suspensions": "2019-12-01：2019-12-20"}),
        ("long stop with its start", {
            "installments": "", "payments": "", "contacts": "", "last_due": "2021-05-10",
            "long_stop_from": "2021-01-05"}),
        ("bad: period before 2008-09-01", {"installments": "", "last_due": "2008-08-31"}),
        ("bad: obstacle ends before it starts", {"suspensions": "2024-05-31:2024-05-01"}),
        ("bad: assignment notice line", {"assignment_notices": "2024-09-03\nlast week"}),
    ],
    "conduct": [
        ("defaults (sample log)", {}),
        ("small log, HTML-like text in a cell", {"csv": SMALL_LOG, "borrower_reachable_until": ""}),
        ("small log, borrower reachable", {"csv": SMALL_LOG, "borrower_reachable_until": "2026-03-31"}),
        ("header only", {"csv": SMALL_LOG.splitlines()[0] + "\n"}),
        ("bad: empty log", {"csv": ""}),
        ("bad: malformed time", {"csv": SMALL_LOG.replace("2026-03-02 07:40", "昨天早上")}),
        ("bad: reachable-until date", {"borrower_reachable_until": "2026-02-30"}),
        ("bad: not CSV", {"csv": "hello world"}),
    ],
    "plan": [
        ("defaults", {}),
        ("a second amount, comma-separated, principal first", {"monthly": "450, 800", "order": "principal-first"}),
        ("an amount that never catches up", {"monthly": "10\n300"}),
        ("not cleared within the horizon", {"monthly": "60", "max_months": "12"}),
        ("bad: monthly amount not a number", {"monthly": "300\nabc"}),
        ("bad: start before the first due date", {"start": "2026-07-01"}),
        ("bad: max months above 600", {"max_months": "601"}),
    ],
    # The letters (issue 20): the worked example, one form filled in full (the reader's
    # details, HTML-like and quoted text included: escaped on the page as in CPython),
    # and a bad date next to its field.
    "letter_complaint": [
        ("defaults (sample log)", {}),
        ("filled: small log, reachable, details and date", {
            "csv": SMALL_LOG, "borrower_reachable_until": "2026-03-31", "name": "张三",
            "phone": "138****0001", "lender_name": "某消费金融有限公司 <b>&</b>", "contract_no": "HT-2025-001",
            "letter_date": "2026-03-10"}),
        ("bad: letter date", {"letter_date": "2026-02-30"}),
    ],
    "letter_stop_contact": [
        ("defaults", {}),
        ("filled: by letter, 10:00 to 18:00, details", {
            "csv": SMALL_LOG, "channel": "mail", "hours_from": "10:00", "hours_to": "18:00", "name": "张三",
            "phone": "138****0001", "lender_name": "某消费金融有限公司", "contract_no": "HT-2025-001",
            "letter_date": "2026-03-10"}),
        ("bad: hours", {"hours_from": "25:00"}),
    ],
    "letter_contact_own": [
        ("defaults", {}),
        ("filled: a spouse, not a party confirmed, two calls", {
            "name": "李四", "phone": "139****0002", "relation": "spouse", "not_party": "confirmed",
            "borrower_name": "张三", "lender_name": "某消费金融有限公司", "call_dates": "2026-03-03\n2026-03-05",
            "letter_date": "2026-03-10"}),
        ("bad: call date", {"call_dates": "2026-03-03\n昨天"}),
    ],
    "letter_pi_request": [
        ("defaults", {}),
        ("filled", {"name": "张三", "phone": "138****0001", "lender_name": "某消费金融有限公司",
                    "contract_no": "HT-2025-001", "letter_date": "2026-03-10"}),
        ("bad: letter date", {"letter_date": "2026-13-01"}),
    ],
    "letter_credit_objection": [
        ("defaults", {}),
        ("filled: to the credit agency, an omission, complaint accepted", {
            "recipient": "credit-agency", "recipient_name": "中国人民银行征信中心", "defect": "omission",
            "record": "2025年3月的还款记录", "correction": "补录2025-03-10的还款", "evidence": "银行转账回单",
            "received_on": "2026-11-02", "complaint_accepted_on": "2026-11-25", "name": "张三",
            "phone": "138****0001", "letter_date": "2026-11-02"}),
        ("bad: received date", {"received_on": "2026-02-30"}),
    ],
    "letter_assignee": [
        ("defaults", {}),
        ("filled: a payment and a contact, names", {
            "payments": "2021-02-01:300", "contacts": "2023-06-01", "assignee_name": "某资产管理有限公司",
            "original_lender": "某消费金融有限公司", "name": "张三", "phone": "138****0001",
            "contract_no": "HT-2021-001"}),
        ("bad: rate", {"rate": "abc"}),
    ],
    "letter_regulator": [
        ("defaults (sample log)", {}),
        ("filled: 12363, office, complained before, evidence", {
            "csv": SMALL_LOG, "channel": "pbc-12363", "office": "中国人民银行北京市分行", "name": "张三",
            "phone": "138****0001", "lender_name": "某消费金融有限公司", "contract_no": "HT-2025-001",
            "complained_on": "2026-03-06", "evidence": "通话录音3段", "letter_date": "2026-03-20"}),
        ("bad: complained date", {"complained_on": "2026-02-30"}),
    ],
    "letter_repayment": [
        ("defaults", {}),
        ("filled: 800 a month, principal first, details", {
            "monthly": "800", "order": "principal-first", "name": "张三", "phone": "138****0001",
            "lender_name": "某消费金融有限公司", "contract_no": "HT-2025-001"}),
        ("bad: monthly amount", {"monthly": "abc"}),
    ],
}


def choice_cases(fields: list[dict]) -> list[tuple[str, dict[str, str]]]:
    """Every option of every choice field, the other fields at their defaults."""
    out = []
    for f in fields:
        if f.get("kind") != "choice":
            continue
        for value, _label in f.get("choices", []):
            if value != f.get("default"):
                out.append((f"choice {f['name']}={value or '(empty)'}", {f["name"]: value}))
    return out


def all_cases(name: str, fields: list[dict]) -> list[tuple[str, dict[str, str]]]:
    return CASES.get(name, [("defaults", {})]) + choice_cases(fields)
