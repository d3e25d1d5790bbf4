"""The borrower's request for access to and a copy of his or her personal information.

Named after 《个人信息保护法》第45条 (access and copy; the processor shall provide
them in good time, 第2款 — the law sets no number of days, and the letter
invents none). To whom the data were provided: 第44条 gives the right to know,
and a processor that provides data to another processor must tell the person
the recipient's name, contact details, purpose, method and the kinds of data
(第23条) — the letter asks for exactly those. Who processes the data on the
lender's behalf (a collection agency entrusted under 第21条) the law does not
oblige the lender to name as such: the letter asks for it as an explanation of
the processing rules (第48条). A refusal must give reasons, and may be taken to
court (第50条). 《民法典》第1037条 gives the same right to access and copy.
"""

from __future__ import annotations

from .document import TEMPLATE_NOT_ADVICE, Letter, Paragraph, given, salutation, signature, template_notice, text_input

KIND = "pi_request"
SENDER, RECIPIENT = "borrower", "lender"
INPUTS = ("name", "phone", "lender_name", "contract_no", "letter_date")


def draft(inputs: dict) -> Letter:
    paragraphs = [
        salutation(inputs, "lender_name"),
        Paragraph("pi-opening", (given("name", text_input(inputs, "name")),
                                 given("contract_no", text_input(inputs, "contract_no"))),
                  provisions=("pipl-44", "pipl-45", "civil-code-1037")),
        Paragraph("request-copy", provisions=("pipl-45",), section="request"),
        Paragraph("request-recipients", provisions=("pipl-44", "pipl-23"), section="request"),
        Paragraph("request-processing-rules", provisions=("pipl-48",), section="request"),
        Paragraph("request-reply-in-time", provisions=("pipl-45", "pipl-50"), section="request"),
        signature(inputs, "name"),
        template_notice(),
    ]
    return Letter(KIND, SENDER, RECIPIENT, tuple(paragraphs), (TEMPLATE_NOT_ADVICE,))
