"""The complaint to the lender or platform about collection conduct.

Rests on the conduct checker's findings (each a dated paragraph citing the
provisions the checker found; GB/T 45251-2025 and the CBA guideline only as
reported) and on the borrower's rights in 《个人信息保护法》: to know and to
have the processing rules explained (第44条、第48条) — which is how the letter
asks who collects on the lender's behalf —, to a copy of the records
(第45条), and to reasons for a refusal (第50条). 第21条 binds the lender and the
agent it entrusts with the borrower's data, not the borrower: the letter says
the lender must supervise its agent, nothing more.
"""

from __future__ import annotations

from .document import (NO_FINDINGS, TEMPLATE_NOT_ADVICE, UNVERIFIED_AS_REPORTED, Letter, Paragraph, computed, given, salutation,
                       signature, template_notice, text_input)
from .engines import conduct_report, conduct_summary, confirmed_channels, finding_paragraphs

KIND = "complaint"
SENDER, RECIPIENT = "borrower", "lender"
INPUTS = ("csv", "borrower_reachable_until", "name", "phone", "lender_name", "contract_no", "letter_date")


def opening(inputs: dict) -> Paragraph:
    return Paragraph("complaint-opening", (given("name", text_input(inputs, "name")),
                                           given("lender_name", text_input(inputs, "lender_name")),
                                           given("contract_no", text_input(inputs, "contract_no"))))


def escalation(report) -> Paragraph:
    relevant = [c for c in confirmed_channels() if any(r["id"] == c["id"] and r.get("relevant")
                                                       for r in report.channels)]
    return Paragraph("complaint-escalation", (
        computed("channels", tuple(c["id"] for c in relevant), "conduct.channels[relevant]"),), section="closing")


def draft(inputs: dict) -> Letter:
    report = conduct_report(inputs)
    findings = finding_paragraphs(report)
    paragraphs = [salutation(inputs, "lender_name"), opening(inputs), conduct_summary(report), *findings]
    guards = [TEMPLATE_NOT_ADVICE]
    if not findings:
        guards.append(NO_FINDINGS)
    if any(p.reported for p in findings):
        guards.append(UNVERIFIED_AS_REPORTED)
    paragraphs += [
        Paragraph("agent-supervision", provisions=("pipl-21",)),
        Paragraph("request-stop", section="request"),
        Paragraph("request-identify-collector", provisions=("pipl-44", "pipl-48"), section="request"),
        Paragraph("request-records", provisions=("pipl-45",), section="request"),
        Paragraph("request-reply", provisions=("pipl-50",), section="request"),
        Paragraph("no-admission", section="closing"),
        escalation(report),
        signature(inputs, "name"),
        template_notice(),
    ]
    return Letter(KIND, SENDER, RECIPIENT, tuple(paragraphs), tuple(guards), results={"conduct": report})
