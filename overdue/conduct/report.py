"""The report: a contact log checked against every rule, with per-day counts, caveats and complaint channels.

:func:`check` sorts the contacts, applies each rule of :mod:`.rules` and
returns a :class:`ConductReport`: the findings and notes (rule codes, the
contacts, the provisions, the parameters read on each contact's day), the
per-day counts, caveat codes, and the complaint channels of
``data/complaint_channels.yaml`` with a flag for those that fit the findings.
The words (the explanation of each finding, the 事实摘要, the caveats) are
written by :mod:`overdue.present.conduct`.

Assumptions, stated in the caveats: all contacts in one log concern one debt,
by one lender and the agencies it engaged; 紧急联系人 means the emergency
contact the borrower registered with the lender.
"""

from __future__ import annotations

import datetime as _dt
from collections import Counter
from dataclasses import dataclass

from ..data import load_yaml
from ..kernel import parse_date
from . import cba_2026, gbt_45251, rules
from .instruments import param_on
from .log import CHANNELS, CONTACTED, EMERGENCY, PHONE, SELF, Contact
from .rules import RULES, Finding, Note

# Caveat codes, in the order the report gives them.
CAVEAT_RATING = "rating-is-strength-of-source"
CAVEAT_ONE_DEBT = "one-debt-one-lender"
CAVEAT_WORDING = "wording-is-literal"
CAVEAT_UNVERIFIED = "unverified-standards"  # some finding rests on unverified texts only
CAVEAT_NO_REACHABILITY = "reachability-not-checked"  # emergency contacts, but no reachability date


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
            "contacts": len(self.contacts),
        }


def complaint_channels() -> list[dict]:
    """Where to complain, from ``data/complaint_channels.yaml``, in the file's order."""
    return [dict(c) for c in sorted(load_yaml("complaint_channels.yaml"), key=lambda c: c["order"])]


def check(contacts, borrower_reachable_until: _dt.date | str | None = None) -> ConductReport:
    """Check a contact log (a list of :class:`~.log.Contact`) against the rules.

    ``borrower_reachable_until``: the last day (inclusive) on which the
    borrower says he or she could be reached; without it the rule
    "emergency contact while reachable" is not checked.
    """
    until = None
    if borrower_reachable_until is not None:
        until = parse_date(borrower_reachable_until, "borrower_reachable_until")
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
    )


def _per_day(contacts, findings, quiet: set[int], after: set[int]) -> list[dict]:
    days = sorted({c.day for c in contacts})
    out = []
    for day in days:
        idx = [i for i, c in enumerate(contacts) if c.day == day]
        cs = [contacts[i] for i in idx]
        by_channel = Counter(c.channel for c in cs)
        by_contacted = Counter(c.contacted for c in cs)
        own_calls = [c for c in cs if c.channel == PHONE and c.contacted == SELF]
        unanswered = Counter(c.number for c in own_calls if c.answered is False)
        day_findings = [f for f in findings if f.when.date() == day]
        out.append(
            {
                "date": day.isoformat(),
                "contacts": len(cs),
                "by_channel": {k: by_channel[k] for k in CHANNELS if by_channel[k]},
                "by_contacted": {k: by_contacted[k] for k in CONTACTED if by_contacted[k]},
                "calls_to_borrower_connected": sum(1 for c in own_calls if c.answered),
                "calls_to_borrower_unanswered": sum(1 for c in own_calls if c.answered is False),
                # "" is the calls logged without a number
                "unanswered_by_number": {k: unanswered[k] for k in sorted(unanswered)},
                "max_unanswered_same_number": max((n for k, n in unanswered.items() if k), default=0),
                "quiet_hours_contacts": sum(1 for i in idx if i in quiet),
                "third_party_contacts": sum(1 for c in cs if c.third_party),
                "debt_disclosed_to_third_party": sum(1 for c in cs if c.third_party and c.debt_disclosed),
                "contacts_after_stop_request": sum(1 for i in idx if i in after),
                "findings": len(day_findings),
                "findings_by_rule": {
                    r: n for r in RULES if (n := sum(1 for f in day_findings if f.rule == r))
                },
            }
        )
    return out


def _quiet_windows(contacts) -> list[dict]:
    """The distinct quiet-hours windows of GB/T 45251 and the CBA guideline read on the contacts' days."""
    windows = set()
    for c in contacts:
        for name in (gbt_45251.QUIET_HOURS, cba_2026.QUIET_HOURS):
            v = param_on(name, c.day)
            if v is not None:
                windows.add((str(v.value["start"]), str(v.value["end"])))
    return [{"start": s, "end": e} for s, e in sorted(windows)]


def _caveats(contacts, findings, until) -> list[str]:
    out = [CAVEAT_RATING, CAVEAT_ONE_DEBT, CAVEAT_WORDING]
    if any(not f.verified for f in findings):
        out.append(CAVEAT_UNVERIFIED)
    if until is None and any(c.contacted == EMERGENCY for c in contacts):
        out.append(CAVEAT_NO_REACHABILITY)
    return out
