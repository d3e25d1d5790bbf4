"""The letter to an assignee (e.g. an asset-management company that says it bought the debt).

Named after 《民法典》第546条: an assignment not notified to the debtor has no
effect on the debtor. The letter asks for the assignment and its notice, and
for the breakdown of what is claimed (principal, interest, penalty, fees), and
says what the reader's own figures give against the cap (the penalty engine
and :func:`overdue.caps.penalty_above_cap`, the one definition). Once notified,
the debtor keeps against the assignee every defence he or she had against the
assignor (第548条), the limitation defence included.

Where the limitation engine says the period has expired on the letter's date,
the letter raises the defence (第192条第1款) — "as far as the sender knows", asking
the assignee for evidence of any interruption or suspension, since every demand
the reader did not enter may have interrupted the period — and says nothing that acknowledges
the debt: no amount the reader "owes", no promise, no plan (agreeing to perform
after expiry gives the defence up: 第192条第2款, 《诉讼时效规定》第19条). The
reader is told so in a note, not in the letter. The figures of the cap check
are then left out of the letter too: an amount stated in a reply to a claim
that is time-barred is the kind of sentence that can be read as agreement.
"""

from __future__ import annotations

from .document import (ASSIGNMENT_NOT_NOTIFIED, DEFENCE_POSSIBLY_WAIVED, EXPIRED_NO_ACKNOWLEDGEMENT,
                       PENALTY_ABOVE_CAP, TEMPLATE_NOT_ADVICE, UNVERIFIED_AS_REPORTED, Letter, Paragraph,
                       computed, given, salutation, signature, template_notice, text_input)
from .engines import (cap_check, cap_paragraphs, expired_note_provisions, expiry_provisions, limitation_check,
                      limitation_facts, waiver_provisions)

KIND = "assignee"
SENDER, RECIPIENT = "borrower", "assignee"
INPUTS = ("name", "phone", "assignee_name", "original_lender", "contract_no", "notice_date", "installments",
          "payments", "last_due", "contacts", "daily_rate", "lender", "contract_date", "letter_date")


def draft(inputs: dict) -> Letter:
    check = limitation_check(inputs)
    notice = inputs.get("notice_date")
    guards = [TEMPLATE_NOT_ADVICE]
    paragraphs = [
        salutation(inputs, "assignee_name"),
        Paragraph("assignee-opening", (given("name", text_input(inputs, "name")),
                                       given("original_lender", text_input(inputs, "original_lender")),
                                       given("contract_no", text_input(inputs, "contract_no")))),
    ]
    if notice is not None:
        paragraphs.append(Paragraph("assignment-notice-received", (given("notice_date", notice),),
                                    provisions=("civil-code-548",)))
    else:
        guards.append(ASSIGNMENT_NOT_NOTIFIED)
        # No date given: the letter asks for the notice and asserts nothing about it.
        paragraphs.append(Paragraph("assignment-notice-unknown", provisions=("civil-code-546",)))
    notes = []
    results: dict = {"limitation": check}
    if check.expired:
        guards.append(EXPIRED_NO_ACKNOWLEDGEMENT)
        paragraphs.append(Paragraph("limitation-expired", limitation_facts(check),
                                    provisions=expiry_provisions(check.as_of)))
        if notice is not None:
            paragraphs.append(Paragraph("defence-against-assignee", provisions=("civil-code-548",)))
        paragraphs.append(Paragraph("no-acknowledgement", section="body"))
        notes.append(Paragraph("note-expired", limitation_facts(check),
                               provisions=expired_note_provisions(check.as_of), section="notice"))
        if check.waived:
            guards.append(DEFENCE_POSSIBLY_WAIVED)
            notes.append(Paragraph("note-defence-possibly-waived", limitation_facts(check),
                                   provisions=waiver_provisions(check.as_of), section="notice"))
    else:
        notes.append(Paragraph("note-not-expired", limitation_facts(check) + (
            computed("settled_on", check.settled_on, "timeline.settled.date"),), section="notice"))
        cap = cap_check(inputs)
        if cap is not None:
            results["cap"] = cap
            cap_paras, cap_notes = cap_paragraphs(cap)
            paragraphs += cap_paras
            notes += cap_notes
            if cap.above:
                guards.append(PENALTY_ABOVE_CAP)
                paragraphs.append(Paragraph("request-not-claim-above-cap", cap_paras[0].facts, section="request"))
            if any(p.reported for p in cap_paras):
                guards.append(UNVERIFIED_AS_REPORTED)
    paragraphs += [
        Paragraph("request-assignment-proof", provisions=("civil-code-546",), section="request"),
        Paragraph("request-breakdown", section="request"),
    ]
    if not check.expired:
        paragraphs.append(Paragraph("no-admission", section="closing"))
    paragraphs += [signature(inputs, "name"), template_notice()]
    return Letter(KIND, SENDER, RECIPIENT, tuple(paragraphs), tuple(guards), tuple(notes), results=results)
