"""The report: a contact log checked against every rule, with per-day counts, caveats and complaint channels.

:func:`check` sorts the contacts, applies each rule of :mod:`.rules` and
returns a :class:`ConductReport`: the findings and notes (rule codes, the
contacts, the provisions, the parameters read on each contact's day), the
per-day counts, caveat codes, and the complaint channels of
``data/complaint_channels.yaml`` with a flag for those that fit the findings.
The words (the explanation of each finding, the 事实摘要, the caveats) are
written by :mod:`overdue.present.conduct`.

Assumptions, stated in the caveats: all contacts in one log concern one debt,
by one lender and the agencies it engaged, or by a caller who says it bought or
was assigned that debt (a party of its own, :attr:`~.log.Contact.party`);
紧急联系人 means the emergency contact the borrower registered with the lender.

Cost: each step groups the contacts once (by day, by person, by day and party),
so a log at the cap (:data:`~overdue.kernel.MAX_LOG_CONTACTS`) is checked in a
time that grows with its length, not with its length times its days.
"""

from __future__ import annotations

import datetime as _dt
from collections import Counter, defaultdict
from dataclasses import dataclass

from ..data import load_yaml
from ..kernel import parse_date
from . import cba_2026, gbt_45251, nifa_2024, rules
from .instruments import param_on
from .log import ASSIGNEE, CHANNELS, CONTACTED, EMERGENCY, PHONE, SELF, Contact
from .rules import RULES, Finding, Note

# Caveat codes, in the order the report gives them.
CAVEAT_RATING = "rating-is-strength-of-source"
CAVEAT_ONE_DEBT = "one-debt-one-lender"
CAVEAT_WORDING = "wording-is-literal"
CAVEAT_UNVERIFIED = "unverified-standards"  # some finding rests on unverified texts only
CAVEAT_NO_REACHABILITY = "reachability-not-checked"  # emergency contacts, but no reachability date
CAVEAT_ASSIGNEE = "assignee-is-a-party"  # some contact by a caller who says it bought the debt


@dataclass
class ConductReport:
    contacts: list[Contact]  # in time order
    findings: list[Finding]
    notes: list[Note]
    per_day: list[dict]
    channels: list[dict]
    caveats: list[str]  # caveat codes
    quiet_windows: list[dict]  # the distinct quiet-hours windows read on the contacts' days
    borrower_reachable_until: _dt.date | None = None
    assignment_notice: _dt.date | None = None

    def to_dict(self) -> dict:
        return {
            "findings": [f.to_dict() for f in self.findings],
            "notes": [n.to_dict() for n in self.notes],
            "per_day": self.per_day,
            "channels": self.channels,
            "caveats": self.caveats,
            "quiet_windows": self.quiet_windows,
            "borrower_reachable_until": (
                self.borrower_reachable_until.isoformat() if self.borrower_reachable_until else None
            ),
            "assignment_notice": self.assignment_notice.isoformat() if self.assignment_notice else None,
            "contacts": len(self.contacts),
        }


def complaint_channels() -> list[dict]:
    """Where to complain, from ``data/complaint_channels.yaml``, in the file's order."""
    return [dict(c) for c in sorted(load_yaml("complaint_channels.yaml"), key=lambda c: c["order"])]


def check(contacts, borrower_reachable_until: _dt.date | str | None = None,
          assignment_notice: _dt.date | str | None = None) -> ConductReport:
    """Check a contact log (a list of :class:`~.log.Contact`) against the rules.

    ``borrower_reachable_until``: the last day (inclusive) on which the
    borrower says he or she could be reached; without it the rule
    "emergency contact while reachable" is not checked.

    ``assignment_notice``: the day the notice of assignment of the debt reached
    the borrower. Contacts by a caller who says it bought or was assigned the debt
    before that day, or all of them without the date, are noted (not rated).
    """
    until = None
    if borrower_reachable_until is not None:
        until = parse_date(borrower_reachable_until, "borrower_reachable_until")
    notice = None
    if assignment_notice is not None:
        notice = parse_date(assignment_notice, "assignment_notice")
    contacts = sorted(contacts, key=Contact.sort_key)

    found: list[Finding | Note] = []
    quiet: set[int] = set()
    for i, c in enumerate(contacts):
        q = rules.quiet_hours(c)
        if q:
            quiet.add(i)
        found += [f for f in (q, rules.third_party_contact(c, until), rules.emergency_while_reachable(c, until),
                              rules.debt_disclosure(c)) if f]
        found += rules.wording(c)
    found += rules.daily_counts(contacts)
    stops, after = rules.after_stop(contacts)
    found += stops
    assigned = rules.assignee_before_notice(contacts, notice)
    if assigned:
        found.append(assigned)

    findings = sorted({f for f in found if isinstance(f, Finding)}, key=Finding.sort_key)
    notes = sorted({n for n in found if isinstance(n, Note)}, key=Note.sort_key)
    per_day = _per_day(contacts, findings, quiet, after)
    channels = complaint_channels()
    ruled = {f.rule for f in findings} | {n.rule for n in notes}
    for ch in channels:
        ch["relevant"] = bool(ruled & set(ch.get("use_for", ())))
    return ConductReport(
        contacts=contacts,
        findings=findings,
        notes=notes,
        per_day=per_day,
        channels=channels,
        caveats=_caveats(contacts, findings, until),
        quiet_windows=_quiet_windows(contacts),
        borrower_reachable_until=until,
        assignment_notice=notice,
    )


def _per_day(contacts, findings, quiet: set[int], after: set[int]) -> list[dict]:
    """The counts of each day of the log: one pass over the contacts and one over the findings."""
    by_day: dict[_dt.date, list[int]] = defaultdict(list)
    for i, c in enumerate(contacts):
        by_day[c.day].append(i)
    findings_by_day: dict[_dt.date, Counter] = defaultdict(Counter)
    for f in findings:
        findings_by_day[f.when.date()][f.rule] += 1
    out = []
    for day in sorted(by_day):
        idx = by_day[day]
        by_channel: Counter = Counter()
        by_contacted: Counter = Counter()
        unanswered: Counter = Counter()
        connected = unanswered_calls = third = disclosed = assignee = 0
        for i in idx:
            c = contacts[i]
            by_channel[c.channel] += 1
            by_contacted[c.contacted] += 1
            if c.channel == PHONE and c.contacted == SELF:
                if c.answered:
                    connected += 1
                elif c.answered is False:
                    unanswered_calls += 1
                    unanswered[c.number] += 1
            if c.contacted != SELF:
                third += 1
                disclosed += bool(c.debt_disclosed)
            assignee += c.party == ASSIGNEE
        day_findings = findings_by_day[day]
        out.append(
            {
                "date": day.isoformat(),
                "contacts": len(idx),
                "by_channel": {k: by_channel[k] for k in CHANNELS if by_channel[k]},
                "by_contacted": {k: by_contacted[k] for k in CONTACTED if by_contacted[k]},
                "calls_to_borrower_connected": connected,
                "calls_to_borrower_unanswered": unanswered_calls,
                # "" is the calls logged without a number
                "unanswered_by_number": {k: unanswered[k] for k in sorted(unanswered)},
                "max_unanswered_same_number": max((n for k, n in unanswered.items() if k), default=0),
                "quiet_hours_contacts": sum(1 for i in idx if i in quiet),
                "third_party_contacts": third,
                "debt_disclosed_to_third_party": disclosed,
                "contacts_after_stop_request": sum(1 for i in idx if i in after),
                # by a caller who says it bought or was assigned the debt (a party of its own)
                "assignee_contacts": assignee,
                "findings": sum(day_findings.values()),
                "findings_by_rule": {r: day_findings[r] for r in RULES if day_findings[r]},
            }
        )
    return out


def _quiet_windows(contacts) -> list[dict]:
    """The distinct quiet-hours windows of GB/T 45251, the CBA guideline and (until the standard)
    the NIFA 2024 guideline, read on the contacts' days (once a day)."""
    windows = set()
    for day in {c.day for c in contacts}:
        for name in (gbt_45251.QUIET_HOURS, cba_2026.QUIET_HOURS):
            v = param_on(name, day)
            if v is not None:
                windows.add((str(v.value["start"]), str(v.value["end"])))
        if nifa_2024.applies(day):
            v = param_on(nifa_2024.QUIET_HOURS, day)
            if v is not None:
                windows.add((str(v.value["start"]), str(v.value["end"])))
    return [{"start": s, "end": e} for s, e in sorted(windows)]


def _caveats(contacts, findings, until) -> list[str]:
    out = [CAVEAT_RATING, CAVEAT_ONE_DEBT, CAVEAT_WORDING]
    if any(not f.verified for f in findings):
        out.append(CAVEAT_UNVERIFIED)
    if until is None and any(c.contacted == EMERGENCY for c in contacts):
        out.append(CAVEAT_NO_REACHABILITY)
    if any(c.party == ASSIGNEE for c in contacts):
        out.append(CAVEAT_ASSIGNEE)
    return out
