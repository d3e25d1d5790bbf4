"""A contact's own letter: I am not the borrower or a guarantor; stop contacting me; delete my number.

Named after 《民法典》第1037条 (第2款: a person may ask a processor that handles
his or her data in breach of the law to delete it). The sender is the relative,
colleague or friend who is being called, never the borrower: only the person
whose data it is can ask for its deletion (《个人信息保护法》第47条: 第（三）项,
consent withdrawn — 第15条 —, and 第（四）项, processing in breach of the law),
and only that person's private life is disturbed (《民法典》第1033条). A
contract binds its parties (第465条第2款); a guarantor is one who agreed with the
creditor to answer for the debt (第681条): the sender says that he or she is
neither. Whether the sender ever consented is not asked: the letter withdraws any
consent there may have been, and invents no fact either way.
"""

from __future__ import annotations

from ..errors import InputError
from .document import TEMPLATE_NOT_ADVICE, Letter, Paragraph, given, salutation, signature, template_notice, text_input

KIND = "contact_own"
SENDER, RECIPIENT = "contact", "lender"
INPUTS = ("name", "phone", "relation", "borrower_name", "lender_name", "call_dates", "letter_date")
RELATIONS = ("relative", "colleague", "friend", "other")


def draft(inputs: dict) -> Letter:
    dates = tuple(sorted(set(inputs.get("call_dates") or ())))
    paragraphs = [
        salutation(inputs, "lender_name"),
        Paragraph("contact-opening", (given("name", text_input(inputs, "name")),
                                      given("phone", text_input(inputs, "phone")),
                                      given("borrower_name", text_input(inputs, "borrower_name")))),
    ]
    relation = text_input(inputs, "relation")
    if relation is not None:  # optional: a blank relation is left out, not a placeholder
        if relation not in RELATIONS:
            raise InputError("relation", f"未知的关系“{relation}”。", f"unknown relation {relation!r}")
        paragraphs.append(Paragraph("contact-relation", (given("relation", relation),)))
    if dates:
        paragraphs.append(Paragraph("contact-calls", (given("call_dates", dates),)))
    paragraphs += [
        Paragraph("not-a-party", provisions=("civil-code-465", "civil-code-681")),
        Paragraph("contact-rights", provisions=("civil-code-1034", "pipl-13", "civil-code-1033")),
        Paragraph("consent-withdrawn", provisions=("pipl-15",)),
        Paragraph("request-stop-contacting-me", provisions=("civil-code-1033", "pipl-44"), section="request"),
        Paragraph("request-delete-my-data", provisions=("pipl-47", "civil-code-1037"), section="request"),
        Paragraph("request-reply", provisions=("pipl-50",), section="request"),
        Paragraph("contact-escalation", provisions=("pipl-50",), section="closing"),
        signature(inputs, "name"),
        template_notice(),
    ]
    return Letter(KIND, SENDER, RECIPIENT, tuple(paragraphs), (TEMPLATE_NOT_ADVICE,))
