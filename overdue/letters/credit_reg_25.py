"""An objection to a credit record (《征信业管理条例》第25条) and the complaint that may follow (第26条).

第25条: the person may object to an error or omission in the information a credit
agency or an information provider collects, keeps or provides; the recipient
marks the record as disputed, checks and handles it within the days of
``credit_objection_reply_days`` (data/parameters.yaml, 20 日) from receiving the
objection, and answers in writing. 第26条: a complaint to the local office of the
People's Bank (the 国务院征信业监督管理部门, 第4条), answered in writing within
``credit_complaint_reply_days`` (30 日) of its acceptance; or a suit. 第32条
applies both to the operator of the 金融信用信息基础数据库.

The deadlines are computed from the reader's own dates, with each figure read
on the day it concerns (the day of receipt, the day of acceptance). The
regulation says "20日" and "30日" and no more: the book counts calendar days,
the day of receipt not counted (the usual way of counting a period, as in
《民法典》第201条), without moving a deadline that falls on a rest day; the
presentation layer says so. A date before the regulation took effect is
refused.
"""

from __future__ import annotations

import datetime as _dt

from .. import params
from ..errors import InputError
from .document import TEMPLATE_NOT_ADVICE, Letter, Paragraph, computed, given, salutation, signature, template_notice, text_input

KIND = "credit_objection"
SENDER = "borrower"
RECIPIENTS = ("credit-agency", "information-provider")
DEFECTS = ("error", "omission")
INPUTS = ("recipient", "recipient_name", "record", "correction", "defect", "evidence", "received_on",
          "complaint_accepted_on", "name", "phone", "letter_date")

OBJECTION_DAYS = "credit_objection_reply_days"
COMPLAINT_DAYS = "credit_complaint_reply_days"


def deadline(parameter: str, day: _dt.date | None, field_name: str,
             fallback: _dt.date | None) -> tuple[int, _dt.date | None]:
    """(days, last day) of a reply period that starts on ``day`` (the day itself not counted).

    Without ``day`` no last day is computed; the number of days is read on ``fallback``
    (the letter's date) or, without one, is the figure in force now (its latest value).
    """
    if day is None:
        on = fallback or params.values(parameter)[-1].start
        try:
            return int(params.value_on(parameter, on).value), None
        except InputError as err:
            raise InputError("letter_date", err.message_zh, err.message_en) from None
    try:
        days = int(params.value_on(parameter, day).value)
    except InputError as err:
        raise InputError(field_name, err.message_zh, err.message_en) from None
    return days, day + _dt.timedelta(days=days)


def draft(inputs: dict) -> Letter:
    recipient = inputs.get("recipient") or "information-provider"
    if recipient not in RECIPIENTS:
        raise InputError("recipient", f"未知的收件方“{recipient}”。", f"unknown recipient {recipient!r}")
    defect = inputs.get("defect") or "error"
    if defect not in DEFECTS:
        raise InputError("defect", f"未知的异议类型“{defect}”。", f"unknown defect {defect!r}")
    received = inputs.get("received_on")
    accepted = inputs.get("complaint_accepted_on")
    written = inputs.get("letter_date")
    days, reply_by = deadline(OBJECTION_DAYS, received, "received_on", written)
    complaint_days, complaint_by = deadline(COMPLAINT_DAYS, accepted, "complaint_accepted_on", written)
    mark = ("credit-reg-25", "credit-reg-32") if recipient == "credit-agency" else ("credit-reg-25",)
    paragraphs = [
        salutation(inputs, "recipient_name"),
        Paragraph("objection-opening", (given("name", text_input(inputs, "name")),
                                        given("recipient", recipient),
                                        given("defect", defect)),
                  provisions=("credit-reg-25",)),
        Paragraph("objection-record", (given("record", text_input(inputs, "record")),
                                       given("correction", text_input(inputs, "correction")),
                                       given("evidence", text_input(inputs, "evidence")))),
        # The day of receipt is optional (the reader knows it only when delivering in person
        # or from a delivery record): without it the letter states the days, not a date.
        Paragraph("request-mark-and-verify", (computed("days", days, f"params.{OBJECTION_DAYS}"),)
                  + ((given("received_on", received),
                      computed("reply_by", reply_by, "letters.credit_reg_25.reply_by")) if received else ()),
                  provisions=mark, section="request"),
        Paragraph("request-correct", provisions=("credit-reg-25",), section="request"),
        Paragraph("objection-followup", (computed("days", complaint_days, f"params.{COMPLAINT_DAYS}"),),
                  provisions=("credit-reg-26", "credit-reg-4"), section="closing"),
        signature(inputs, "name"),
        template_notice(),
    ]
    notes = [Paragraph("note-deadline-counting", (computed("days", days, f"params.{OBJECTION_DAYS}"),
                                                  given("received_on", received),
                                                  computed("reply_by", reply_by, "letters.credit_reg_25.reply_by")),
                       provisions=("credit-reg-25",), section="notice")]
    notes.append(Paragraph("note-complaint", (computed("days", complaint_days, f"params.{COMPLAINT_DAYS}"),
                                             given("complaint_accepted_on", accepted),
                                             computed("reply_by", complaint_by,
                                                      "letters.credit_reg_25.complaint_reply_by")),
                           provisions=("credit-reg-26", "credit-reg-4"), section="notice"))
    notes.append(Paragraph("note-statement", provisions=("credit-reg-16", "credit-reg-17"), section="notice"))
    return Letter(KIND, SENDER, recipient, tuple(paragraphs), (TEMPLATE_NOT_ADVICE,), tuple(notes),
                  results={"reply_by": reply_by, "complaint_reply_by": complaint_by})
