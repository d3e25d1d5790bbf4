"""The existing engines, run on a letter's inputs, and the facts a letter takes from them.

* :func:`conduct_report` — the conduct checker (:mod:`overdue.conduct`) on the
  reader's contact log; :func:`finding_paragraphs` turns each finding into a
  dated paragraph, its verified provisions cited as law and its unverified ones
  (GB/T 45251-2025, the CBA guideline) only reported.
* :func:`limitation_check` — the limitation engine (through the timeline when
  the instalments are given, as the limitation calculator does), judged on the
  letter's date: the period's last day and whether it has expired.
* :func:`cap_check` — the penalty engine on the instalments, the cap for the
  lender type and contract date (:func:`overdue.caps.cap_for`) and the penalty
  above it (:func:`overdue.caps.penalty_above_cap`, the one definition).
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field
from decimal import Decimal

from .. import caps, conduct, law, limitation, penalty_interest, timeline
from ..errors import InputError
from ..kernel import MAX_PAYMENTS, check_count, loan_dates, parse_dated
from .document import Paragraph, computed, given


# --- The conduct checker ------------------------------------------------------------


def conduct_report(inputs: dict, *, required: bool = True):
    """The conduct report of the log in ``inputs["csv"]`` (CSV text or a list of contacts), or
    ``None`` when no log is given and ``required`` is false."""
    log = inputs.get("csv")
    if log is None or (isinstance(log, str) and not log.strip()):
        if not required:
            return None
        raise InputError("csv", "没有联系记录：请上传 CSV 文件，或把记录粘贴到这里。", "the contact log is empty")
    if isinstance(log, str):
        contacts = conduct.read_log(log if "\n" in log else log + "\n")  # always text, never a path
    else:
        contacts = list(log)
    return conduct.check(contacts, borrower_reachable_until=inputs.get("borrower_reachable_until"))


def split_sources(ids) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(verified provisions, unverified documents) of a list of ids, each in order."""
    verified = tuple(p for p in ids if not law.is_unverified(p))
    reported = tuple(p for p in ids if law.is_unverified(p))
    return verified, reported


# The findings about one contact with one third party, and the provisions that forbid only
# making data public (公开), which such a finding does not show.
SINGLE_RECIPIENT_RULES = ("debt-disclosure",)
PUBLICATION_ONLY = ("pipl-25",)


def finding_paragraphs(report) -> list[Paragraph]:
    """One dated paragraph per finding of the report, in time order."""
    out = []
    for i, f in enumerate(report.findings):
        last = f.contacts[-1]
        where = f"conduct.findings[{i}]"
        verified, reported = split_sources(f.provisions)
        if f.rule in SINGLE_RECIPIENT_RULES:
            # A disclosure to one person is a provision to a third party, not a publication:
            # 个人信息保护法第25条 forbids 公开 only, and is not cited for it.
            verified = tuple(pid for pid in verified if pid not in PUBLICATION_ONLY)
        facts = (
            computed("when", f.when, f"{where}.when"),
            computed("rule", f.rule, f"{where}.rule"),
            computed("channel", last.channel, f"{where}.contacts[-1].channel"),
            computed("contacted", last.contacted, f"{where}.contacts[-1].contacted"),
            computed("number", last.number or None, f"{where}.contacts[-1].number"),
            computed("count", len(f.contacts), f"{where}.contacts"),
            computed("rating", f.rating, f"{where}.rating"),
            computed("words", tuple(getattr(f, "words", ()) or ()), f"{where}.words"),
        )
        out.append(Paragraph("finding", facts, verified, reported))
    return out


def conduct_summary(report) -> Paragraph:
    days = report.per_day
    return Paragraph("conduct-summary", (
        computed("contacts", len(report.contacts), "conduct.contacts"),
        computed("first_day", _dt.date.fromisoformat(days[0]["date"]) if days else None, "conduct.per_day[0].date"),
        computed("last_day", _dt.date.fromisoformat(days[-1]["date"]) if days else None, "conduct.per_day[-1].date"),
        computed("findings", len(report.findings), "conduct.findings"),
    ))


def confirmed_channels() -> list[dict]:
    """The complaint channels of data/complaint_channels.yaml whose existence is confirmed
    (``confidence`` CONFIRMED, from a primary or a secondary source), in the file's order."""
    return [c for c in conduct.complaint_channels() if str(c.get("confidence", "")).startswith("CONFIRMED")]


# --- The limitation engine --------------------------------------------------------------


@dataclass(frozen=True)
class LimitationCheck:
    """The limitation period as a letter needs it (``settled_on``: every instalment repaid)."""

    as_of: _dt.date
    last_due: _dt.date
    first_day: _dt.date | None
    end: _dt.date | None
    expired: bool
    waived: bool  # the debtor's agreement or payment after expiry (第192条第2款)
    provisions: tuple[str, ...]
    settled_on: _dt.date | None = None
    events: tuple = field(default=(), compare=False)
    result: object = field(default=None, compare=False)


def limitation_check(inputs: dict) -> LimitationCheck:
    """Run the limitation engine on the letter's inputs, judged on ``letter_date``.

    With ``installments``: the timeline engine (payments, collection contacts and the
    assignment notice as events), as the limitation calculator does. Without them:
    ``last_due`` and the limitation engine, the payments' dates as partial payments.
    """
    as_of = inputs.get("letter_date")
    if as_of is None:
        raise InputError("letter_date", "请填写发信日期：诉讼时效是否已经届满，按这一天判断。",
                         "the letter's date is required: the limitation period is judged on it")
    installments = list(inputs.get("installments") or ())
    payments = list(inputs.get("payments") or ())
    contacts = list(inputs.get("contacts") or ())
    notices = [inputs["notice_date"]] if inputs.get("notice_date") else []
    if installments:
        events = timeline.timeline(installments, payments, contacts, as_of=as_of, assignment_notices=notices)
        last_due = max(e.date for e in events if e.kind == "instalment_due")
        end_ev = next((e for e in events if e.kind == "limitation_end"), None)
        start_ev = next((e for e in events if e.kind == "limitation_start"), None)
        if end_ev is None:
            settled = next(e for e in events if e.kind == "settled")
            return LimitationCheck(as_of, last_due, None, None, False, False, (), settled.date, tuple(events))
        return LimitationCheck(as_of, last_due, start_ev.date if start_ev else None, end_ev.date,
                               bool(end_ev.data["expired"]), bool(end_ev.data["defence_possibly_waived"]),
                               tuple(end_ev.provisions), None, tuple(events))
    last_due = inputs.get("last_due")
    if last_due is None:
        raise InputError("last_due", "请填写最后一期到期日，或者填写各期欠款，才能判断诉讼时效。",
                         "give the last due date or the instalments")
    paid = [parse_dated(x, "payment", "date", loan_dates())[0]
            for x in check_count(payments, "payment", MAX_PAYMENTS)]
    interruptions = ([(d, "demand") for d in contacts] + [(d, "partial_payment") for d in paid]
                     + [(d, "assignment_notice") for d in notices])
    result = limitation.limitation(last_due, interruptions, as_of=as_of)
    return LimitationCheck(as_of, result.last_due, result.initial.first_day, result.end, result.expired,
                           result.defence_possibly_waived, tuple(result.provisions), None, (), result)


def expiry_provisions(day: _dt.date) -> tuple[str, ...]:
    """The provision on what expiry does (民法典第192条, or the article of the law in force on
    ``day``): the law under which the defence is raised on ``day``."""
    return limitation.RULES[limitation.regime_on(day)]["expiry"]


def waiver_provisions(day: _dt.date) -> tuple[str, ...]:
    """第192条 and 《诉讼时效规定》第19条 (or their texts in force on ``day``): agreeing to perform
    after expiry, or paying, gives up the defence."""
    rules = limitation.RULES[limitation.regime_on(day)]
    return rules["expiry"] + rules["waiver"]


def expired_note_provisions(day: _dt.date) -> tuple[str, ...]:
    """What the note to the reader of an expired period relies on: the waiver (第192条,
    《诉讼时效规定》第19条) and the interruption (第195条: every demand that reaches the debtor,
    every part payment, restarts the period; a contact left out can change the result)."""
    rules = limitation.RULES[limitation.regime_on(day)]
    return rules["expiry"] + rules["waiver"] + rules["interruption"]


def agreement_provisions(day: _dt.date) -> tuple[str, ...]:
    """《民法典》第195条 and 《诉讼时效规定》第14条 (or their texts in force on ``day``): a
    repayment plan is the debtor's agreement to perform and interrupts the period."""
    rules = limitation.RULES[limitation.regime_on(day)]
    return rules["interruption"] + rules["agreement"]


def limitation_facts(check: LimitationCheck) -> tuple:
    return (computed("end", check.end, "limitation.end"),
            computed("first_day", check.first_day, "limitation.first_day"),
            given("letter_date", check.as_of, "letter_date"))


# --- The penalty engine and the caps -------------------------------------------------------


@dataclass(frozen=True)
class CapCheck:
    """The penalty computed to ``as_of`` and what of it lies above the cap for the lender."""

    as_of: _dt.date
    daily_rate: Decimal
    penalty: object  # caps.PenaltyAboveCap
    cap: object  # caps.CapResult

    @property
    def above(self) -> bool:
        return self.penalty.outcome == "above-cap"

    def provisions(self) -> tuple[tuple[str, ...], tuple[str, ...]]:
        """(verified, reported) ids of the cap's rule."""
        return split_sources(self.cap.provisions)


def cap_check(inputs: dict, result=None, *, as_of_field: str = "letter_date") -> CapCheck | None:
    """The penalty above the cap, or ``None`` without instalments or a rate.

    ``result``: a :class:`~overdue.penalty_interest.PenaltyResult` already computed (the
    repayment plan's opening position); else the penalty engine is run on the
    instalments and payments up to ``inputs[as_of_field]``.
    """
    rate = inputs.get("daily_rate")
    if rate is None or not (inputs.get("installments") or result is not None):
        return None
    contract = inputs.get("contract_date")
    if contract is None:
        raise InputError("contract_date", "计算利率上限需要借款合同成立日（YYYY-MM-DD）。",
                         "the contract date is required for the cap")
    lender = inputs.get("lender") or "consumer-finance"
    if result is None:
        result = penalty_interest.compute_penalty(list(inputs["installments"]), list(inputs.get("payments") or ()),
                                                  daily_rate=rate, as_of=inputs[as_of_field])
    cap = caps.cap_for(lender, contract)
    return CapCheck(result.as_of, result.daily_rate, caps.penalty_above_cap(result, cap), cap)


def cap_paragraphs(check: CapCheck) -> tuple[list[Paragraph], list[Paragraph]]:
    """What the letter says of the penalty and the cap, and what only the reader is told.

    Returns (paragraphs of the letter, notes to the reader). Only what was computed is
    stated: the penalty at the contract's rate, and, when it lies above the cap, the cap,
    the penalty at the cap and the excess. The cap and the lines are for the *total* of
    interest, penalty, fees and other charges, and the engine compares the penalty rate
    alone: a penalty within the cap (or a lender with no fixed figure) therefore gives a
    letter that states the penalty and reserves the right to ask for the total to be
    reduced, never that the contract is within the cap; the comparison goes to a note.
    《民间借贷规定》第1条 (a licensed lender's loans are outside the private-lending rules)
    is the lender's argument, not the borrower's: it is told to the reader in a note and
    never volunteered in the letter.
    """
    verified, reported = check.provisions()
    p = check.penalty
    facts = (
        computed("as_of", check.as_of, "penalty.as_of"),
        computed("daily_rate", check.daily_rate, "penalty.daily_rate"),
        computed("annualised_rate", p.annualised_rate, "caps.penalty_above_cap.annualised_rate"),
        computed("day_count", p.day_count, "caps.penalty_above_cap.day_count"),
        computed("penalty", p.penalty, "caps.penalty_above_cap.penalty"),
        computed("lender", check.cap.lender, "caps.cap_for.lender"),
        computed("regime", check.cap.regime, "caps.cap_for.regime"),
        computed("cap_annual_rate", p.cap_annual_rate, "caps.cap_for.cap_annual_rate"),
    )
    outside = tuple(pid for pid in verified if pid in LENDER_OUTSIDE_PRIVATE_LENDING)
    in_letter = tuple(pid for pid in verified if pid not in outside)
    notes = [Paragraph("note-cap-basis", facts, verified, reported, section="notice")]
    if p.outcome in ("no-figure", "within-cap"):
        return [Paragraph("cap-reserved", facts)], notes
    return [Paragraph("penalty-above-cap", facts + (
        computed("penalty_at_cap", p.penalty_at_cap, "caps.penalty_above_cap.penalty_at_cap"),
        computed("excess", p.excess, "caps.penalty_above_cap.excess"),
    ), in_letter, reported)], notes


# 《民间借贷规定》第1条第2款: a licensed lender's loans are outside the private-lending rules.
# Cited to the reader (a note), never in the borrower's letter (it is the lender's argument).
LENDER_OUTSIDE_PRIVATE_LENDING = ("private-lending-1",)
