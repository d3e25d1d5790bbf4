"""The borrower's notice: stop contacting third parties; contact me only by this channel, at these hours.

Named after 《民法典》第1033条: nobody may disturb another's private life by
telephone, text message or instant messaging unless the law provides otherwise
or the person expressly agrees. The relatives, colleagues and friends being
called are not parties to the loan (第465条第2款); their numbers are their own
personal information (第1034条), which may be processed only on a basis of
《个人信息保护法》第13条. The borrower's debt is his or her personal
information: it may not be passed to others without consent (《民法典》第1038条).
For the borrower's own channel and hours the letter relies on the right to
limit the processing of one's data (《个人信息保护法》第44条); the law sets no
hours, and the letter invents none: the hours are the reader's.
"""

from __future__ import annotations

from ..errors import InputError
from .document import TEMPLATE_NOT_ADVICE, Letter, Paragraph, computed, given, salutation, signature, template_notice, text_input
from .engines import conduct_report

KIND = "stop_contact"
SENDER, RECIPIENT = "borrower", "lender"
INPUTS = ("csv", "borrower_reachable_until", "channel", "hours_from", "hours_to", "name", "phone",
          "lender_name", "contract_no", "letter_date")
CHANNELS = ("sms", "app", "phone", "mail")


def third_party_contacts(report) -> Paragraph | None:
    """The third parties of the log, with the days they were contacted."""
    seen: dict[str, list] = {}
    for c in report.contacts:
        if c.third_party:
            days = seen.setdefault(c.contacted, [])
            if c.day not in days:
                days.append(c.day)
    if not seen:
        return None
    return Paragraph("third-party-contacts", (
        computed("contacted", tuple((who, tuple(days)) for who, days in seen.items()),
                 "conduct.contacts[third_party]"),))


def draft(inputs: dict) -> Letter:
    channel = text_input(inputs, "channel")
    if channel is not None and channel not in CHANNELS:
        raise InputError("channel", f"未知的联系方式“{channel}”。", f"unknown channel {channel!r}")
    report = conduct_report(inputs, required=False)
    paragraphs = [
        salutation(inputs, "lender_name"),
        Paragraph("stop-opening", (given("name", text_input(inputs, "name")),
                                   given("contract_no", text_input(inputs, "contract_no")))),
    ]
    listed = third_party_contacts(report) if report is not None else None
    if listed is not None:
        paragraphs.append(listed)
    paragraphs += [
        Paragraph("third-party-rights", provisions=("civil-code-465", "civil-code-1034", "pipl-13",
                                                    "civil-code-1033")),
        # The lender's usual answer is the borrower's consent in the contract: withdrawn (第15条).
        Paragraph("stop-consent-withdrawn", provisions=("pipl-15",)),
        Paragraph("request-stop-third-parties", provisions=("civil-code-1033",), section="request"),
        Paragraph("request-no-disclosure", provisions=("civil-code-1038",), section="request"),
        # Hours make no sense for letters by post: a mail channel takes none.
        Paragraph("request-channel", (given("channel", channel),) + (() if channel == "mail" else (
            given("hours_from", text_input(inputs, "hours_from")),
            given("hours_to", text_input(inputs, "hours_to")))),
                  provisions=("pipl-44",), section="request"),
        Paragraph("no-admission", section="closing"),
        signature(inputs, "name"),
        template_notice(),
    ]
    return Letter(KIND, SENDER, RECIPIENT, tuple(paragraphs), (TEMPLATE_NOT_ADVICE,),
                  results={"conduct": report} if report is not None else {})
