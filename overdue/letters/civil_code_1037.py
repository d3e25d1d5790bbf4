"""A contact's own letter: I am not the borrower or a guarantor; stop contacting me; delete my number.

Named after 《民法典》第1037条 (第2款: a person may ask a processor that handles
his or her data in breach of the law to delete it). The sender is the relative,
colleague or friend who is being called, never the borrower: only the person
whose data it is can ask for its deletion (《个人信息保护法》第47条: 第（三）项,
consent withdrawn — 第15条 —, and 第（四）项, processing in breach of the law),
and only that person's private life is disturbed (《民法典》第1033条). A
contract binds its parties (第465条第2款); a guarantor is one who agreed with the
creditor to answer for the debt (第681条). No input can tell the engine that the
sender is neither: the letter says so only when the sender confirms it
(``not_party`` = ``confirmed``); otherwise the sentence is a visible placeholder
asking for that confirmation. The letter never says that the sender owes nothing:
第465条第2款 binds "only the parties, unless the law provides otherwise", and a
spouse may owe a debt the other spouse contracted alone (第1064条). A sender who is
the borrower's spouse (``relation`` = ``spouse``) gets no not-a-party sentence at
all, and a note to see a lawyer first; a relative, or a sender who does not say,
gets a note that a spouse should not send the letter as it stands. Whether the
sender ever consented is not asked: the letter withdraws any consent there may
have been, and invents no fact either way.
"""

from __future__ import annotations

from ..errors import InputError
from .document import TEMPLATE_NOT_ADVICE, Letter, Paragraph, given, salutation, signature, template_notice, text_input

KIND = "contact_own"
SENDER, RECIPIENT = "contact", "lender"
INPUTS = ("name", "phone", "relation", "not_party", "borrower_name", "lender_name", "call_dates", "letter_date")
RELATIONS = ("spouse", "relative", "colleague", "friend", "other")
# The sender's own statement that he or she signed neither the loan nor a guarantee.
NOT_PARTY = ("confirmed",)


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
        if relation != "spouse":  # a spouse does not tell the creditor so (第1064条; see the note)
            paragraphs.append(Paragraph("contact-relation", (given("relation", relation),)))
    not_party = text_input(inputs, "not_party")
    if not_party is not None and not_party not in NOT_PARTY:
        raise InputError("not_party", f"未知的选项“{not_party}”。", f"unknown value {not_party!r}")
    if dates:
        paragraphs.append(Paragraph("contact-calls", (given("call_dates", dates),)))
    notes = []
    if relation == "spouse":
        # 第1064条: the debt may be the spouses' joint debt; no not-a-party sentence at all.
        notes.append(Paragraph("note-spouse", provisions=("civil-code-1064", "civil-code-465"), section="notice"))
    else:
        # The sender's own statement, or a placeholder asking for it (never the engine's).
        paragraphs.append(Paragraph("not-a-party", (given("not_party", not_party),),
                                    provisions=("civil-code-465", "civil-code-681")))
        if relation in (None, "relative", "other"):
            notes.append(Paragraph("note-spouse-caveat", provisions=("civil-code-1064",), section="notice"))
    paragraphs += [
        Paragraph("contact-rights", provisions=("civil-code-1034", "pipl-13", "civil-code-1033")),
        Paragraph("consent-withdrawn", provisions=("pipl-15",)),
        Paragraph("request-stop-contacting-me", provisions=("civil-code-1033", "pipl-44"), section="request"),
        Paragraph("request-delete-my-data", provisions=("pipl-47", "civil-code-1037"), section="request"),
        Paragraph("request-reply", provisions=("pipl-50",), section="request"),
        Paragraph("contact-escalation", provisions=("pipl-50",), section="closing"),
        signature(inputs, "name"),
        template_notice(),
    ]
    return Letter(KIND, SENDER, RECIPIENT, tuple(paragraphs), (TEMPLATE_NOT_ADVICE,), tuple(notes))
