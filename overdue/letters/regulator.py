"""The complaint to a regulator or another channel of data/complaint_channels.yaml.

Only the channels whose existence the book could confirm are offered
(``confidence`` CONFIRMED, primary or secondary), and the reader is told each
one's confidence in a note. The facts are the conduct checker's findings, as
in the complaint to the lender; the requests ask the channel to handle the
complaint within its remit and to tell the complainant the outcome. No
provision is cited for the channel's own duties: the book holds none that
binds 12378 or 12363 to a procedure or a time limit (the 15 working days in
the channel data are unverified and are not used).
"""

from __future__ import annotations

from ..errors import InputError
from .document import (NO_FINDINGS, TEMPLATE_NOT_ADVICE, UNVERIFIED_AS_REPORTED, Letter, Paragraph, computed,
                       given, signature, template_notice, text_input)
from .engines import conduct_report, conduct_summary, confirmed_channels, finding_paragraphs

KIND = "regulator"
SENDER, RECIPIENT = "borrower", "regulator"
INPUTS = ("csv", "borrower_reachable_until", "channel", "office", "name", "phone", "lender_name", "contract_no",
          "complained_on", "evidence", "letter_date")
# The channels that are a regulator's hotline: a written complaint is addressed to the
# regulator's office the reader names (``office``), not to the telephone number.
OFFICE_CHANNELS = ("nfra-12378", "pbc-12363")


def channel_ids() -> tuple[str, ...]:
    return tuple(c["id"] for c in confirmed_channels())


def draft(inputs: dict) -> Letter:
    channels = {c["id"]: c for c in confirmed_channels()}
    report = conduct_report(inputs)
    chosen = inputs.get("channel") or next((c["id"] for c in report.channels if c.get("relevant")
                                            and c["id"] in channels), next(iter(channels)))
    if chosen not in channels:
        raise InputError("channel", f"“{chosen}”不是本书核实过的投诉渠道。只能是：{'、'.join(channels)}。",
                         f"{chosen!r} is not a confirmed channel; one of {', '.join(channels)}")
    findings = finding_paragraphs(report)
    guards = [TEMPLATE_NOT_ADVICE]
    if not findings:
        guards.append(NO_FINDINGS)
    if any(p.reported for p in findings):
        guards.append(UNVERIFIED_AS_REPORTED)
    relevant = {c["id"]: bool(c.get("relevant")) for c in report.channels}
    paragraphs = [
        Paragraph("regulator-salutation", (computed("channel", chosen, f"complaint_channels.{chosen}.id"),)
                  + ((given("office", text_input(inputs, "office")),)
                     if chosen in OFFICE_CHANNELS or text_input(inputs, "office") else ()),
                  section="salutation"),
        Paragraph("regulator-parties", (given("name", text_input(inputs, "name")),
                                        given("phone", text_input(inputs, "phone")),
                                        given("lender_name", text_input(inputs, "lender_name")),
                                        given("contract_no", text_input(inputs, "contract_no")))),
        conduct_summary(report),
        *findings,
    ]
    if inputs.get("complained_on") is not None:
        paragraphs.append(Paragraph("regulator-prior-complaint", (given("complained_on", inputs["complained_on"]),
                                                                  given("lender_name",
                                                                        text_input(inputs, "lender_name")))))
    paragraphs += [
        Paragraph("request-investigate", section="request"),
        Paragraph("request-outcome", section="request"),
        Paragraph("no-admission", section="closing"),
        Paragraph("regulator-evidence", (computed("contacts", len(report.contacts), "conduct.contacts"),
                                         given("evidence", text_input(inputs, "evidence"))), section="closing"),
        signature(inputs, "name"),
        template_notice(),
    ]
    notes = [Paragraph("note-channel", (computed("channel", cid, f"complaint_channels.{cid}"),
                                        computed("relevant", relevant.get(cid, False),
                                                 f"conduct.channels.{cid}.relevant"),
                                        computed("chosen", cid == chosen, "letters.regulator.channel")),
                       section="notice") for cid in channels]
    return Letter(KIND, SENDER, RECIPIENT, tuple(paragraphs), tuple(guards), tuple(notes),
                  results={"conduct": report, "channel": channels[chosen]})
