"""The repayment proposal, from the plan calculator (:mod:`overdue.planning`).

The proposal states the position on the first payment date, the monthly amount,
the number of months and the last payment date the planning engine computes,
and asks the lender to agree in writing: changing the instalments is a change
of the contract, which needs both parties (《民法典》第543条), and a change not
clearly agreed is presumed not made (第544条). Where the penalty rate is above
the cap for the lender, it asks for the charges above it to be reduced, with
the figure (:func:`overdue.caps.penalty_above_cap` on the plan's opening
position); within the cap (or without a fixed figure) it states the penalty and
reserves the right to ask for the total to be reduced, conceding nothing (the
comparison, and 《民间借贷规定》第1条, go to a note: :func:`.engines.cap_paragraphs`).
The reader is told that a repayment plan is an agreement to perform, which
interrupts the limitation period (第195条, 《诉讼时效规定》第14条). The payments the
reader enters count twice: in the plan, and in the limitation check (a part
payment inside the period interrupts it; one after expiry may give up the
defence: guard ``defence-possibly-waived``).

Where the limitation engine says the period has already expired on the letter's
date, no proposal is drafted: a plan, a promise or a payment after expiry may
give up the limitation defence (第192条第2款, 《诉讼时效规定》第19条). The letter
becomes a reply that keeps the defence, and the reader gets a plain warning.
"""

from __future__ import annotations

from .. import planning
from .document import (DEFENCE_POSSIBLY_WAIVED, EXPIRED_NO_ACKNOWLEDGEMENT, PENALTY_ABOVE_CAP, PLAN_DOES_NOT_CLEAR, TEMPLATE_NOT_ADVICE,
                       UNVERIFIED_AS_REPORTED, Letter, Paragraph, computed, given, salutation, signature,
                       template_notice, text_input)
from .engines import (agreement_provisions, cap_check, cap_paragraphs, expired_note_provisions, expiry_provisions,
                      limitation_check, limitation_facts, waiver_provisions)

KIND = "repayment"
SENDER, RECIPIENT = "borrower", "lender"
INPUTS = ("installments", "payments", "daily_rate", "start", "monthly", "order", "contacts", "lender",
          "contract_date", "name", "phone", "lender_name", "contract_no", "letter_date")


def _plan(inputs: dict):
    return planning.plan_repayment(list(inputs.get("installments") or ()), monthly=inputs.get("monthly"),
                                   start=inputs.get("start"), daily_rate=inputs.get("daily_rate"),
                                   payments=list(inputs.get("payments") or ()),
                                   order=inputs.get("order") or "561")


def draft(inputs: dict) -> Letter:
    plan = _plan(inputs)  # first: its errors name the plan's own fields
    check = limitation_check(inputs)
    guards = [TEMPLATE_NOT_ADVICE]
    results: dict = {"plan": plan, "limitation": check}
    opening = Paragraph("repayment-opening", (given("name", text_input(inputs, "name")),
                                              given("contract_no", text_input(inputs, "contract_no"))))
    if check.expired:
        guards.append(EXPIRED_NO_ACKNOWLEDGEMENT)
        paragraphs = [
            salutation(inputs, "lender_name"),
            Paragraph("expired-reply-opening", opening.facts),
            Paragraph("limitation-expired", limitation_facts(check), provisions=expiry_provisions(check.as_of)),
            Paragraph("no-acknowledgement"),
            Paragraph("request-breakdown", section="request"),
            signature(inputs, "name"),
            template_notice(),
        ]
        notes = [Paragraph("note-expired-repayment", limitation_facts(check),
                           provisions=expired_note_provisions(check.as_of), section="notice")]
        if check.waived:  # a payment (or agreement) entered after expiry
            guards.append(DEFENCE_POSSIBLY_WAIVED)
            notes.append(Paragraph("note-defence-possibly-waived", limitation_facts(check),
                                   provisions=waiver_provisions(check.as_of), section="notice"))
        return Letter(KIND, SENDER, RECIPIENT, tuple(paragraphs), tuple(guards), tuple(notes), results=results)

    where = "planning.plan_repayment"
    position = Paragraph("repayment-position", (
        computed("start", plan.start, f"{where}.start"),
        computed("principal", plan.opening.totals["outstanding_principal"],
                 f"{where}.opening.totals.outstanding_principal"),
        computed("penalty", plan.opening_penalty, f"{where}.opening_penalty"),
        computed("balance", plan.opening_balance, f"{where}.opening_balance"),
        computed("daily_rate", plan.daily_rate, f"{where}.daily_rate"),
    ))
    terms = (computed("monthly", plan.monthly, f"{where}.monthly"),
             computed("start", plan.start, f"{where}.start"),
             computed("order", plan.order, f"{where}.order"))
    if plan.status == "cleared":
        proposal = Paragraph("repayment-proposal", terms + (
            computed("months", plan.months, f"{where}.months"),
            computed("cleared_on", plan.cleared_on, f"{where}.cleared_on"),
            computed("total_paid", plan.total_paid, f"{where}.total_paid"),
            computed("penalty_during_plan", plan.penalty_during_plan, f"{where}.penalty_during_plan"),
        ), provisions=("civil-code-543",))
    else:
        guards.append(PLAN_DOES_NOT_CLEAR)
        proposal = Paragraph("repayment-proposal-open", terms + (
            computed("status", plan.status, f"{where}.status"),), provisions=("civil-code-543",))
    paragraphs = [salutation(inputs, "lender_name"), opening, position, proposal]
    if plan.status != "cleared":
        paragraphs.append(Paragraph("request-penalty-stop", section="request"))
    cap = cap_check(inputs, plan.opening)
    if cap is not None:
        results["cap"] = cap
        cap_paras, cap_notes = cap_paragraphs(cap)
        paragraphs += cap_paras
        if cap.above:
            guards.append(PENALTY_ABOVE_CAP)
            paragraphs.append(Paragraph("request-reduce-above-cap", cap_paras[0].facts, section="request"))
        if any(p.reported for p in cap_paras):
            guards.append(UNVERIFIED_AS_REPORTED)
    paragraphs += [
        Paragraph("request-written-confirmation", provisions=("civil-code-544",), section="request"),
        signature(inputs, "name"),
        template_notice(),
    ]
    notes = [Paragraph("note-plan-interrupts", limitation_facts(check),
                       provisions=agreement_provisions(check.as_of), section="notice"),
             Paragraph("note-partial-performance", provisions=("civil-code-531", "civil-code-561"),
                       section="notice")]
    if cap is not None:
        notes += cap_notes
    return Letter(KIND, SENDER, RECIPIENT, tuple(paragraphs), tuple(guards), tuple(notes), results=results)
