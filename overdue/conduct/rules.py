"""The conduct rules (fourteen): each applies the instruments to the contacts it concerns.

A rule yields a :class:`Finding` when an instrument in force on the contact's
day grounds it (the finding's ``provisions``; the rating follows the strongest
of them), or a :class:`Note` when the book records the fact but has no source
to rate it by (``outcome`` says why). Both carry the contact(s), the clauses
the explanation refers to (``cited``), the parameters read on the contact's
day, the words matched and an outcome code: everything the presentation layer
(:mod:`overdue.present.conduct`) needs to write the explanation, and nothing
in words.

Which instrument grounds which rule (see each module's docstring for the text):

=================================== =================================================
rule                                grounded by
=================================== =================================================
quiet-hours                         GB/T 45251-2025; CBA 2026; NIFA 2024 until the standard
                                    (each its own window)
daily-connected-calls               GB/T 45251-2025 (effective, for the log answered, calls
                                    per debtor per collecting party)
daily-dialled-calls                 NIFA 2024, until the standard (calls that got through,
                                    answered or not, per debtor per collecting party)
daily-attempts-same-number          CBA 2026 (unanswered attempts per number, per party)
third-party-contact                 GB/T 45251-2025; CBA 2026
emergency-contact-while-reachable   GB/T 45251-2025; CBA 2026
debt-disclosure                     民法典 1032, 1033, 1038; PIPL 13, 25, 28, 29; CBA 2026
threat-safety                       治安管理处罚法 (version of the day) item (一); CBA 2026
intimidation, impersonation,        CBA 2026 (治安管理处罚法 and 刑法 293-1 cited, not rated)
exposure-threat
insult                              CBA 2026; before a third party also 民法典 1024
contact-after-stop                  CBA 2026, for a third party who asked to stop
assignee-before-notice              a note, never a finding: 民法典第546条第一款 (an
                                    assignment not notified has no effect on the debtor)
=================================== =================================================

Parties: a contact is by the lender and the agencies it engaged, or by a caller
who says it bought or was assigned the debt (:attr:`~.log.Contact.party`). The
daily counts are per party: each collecting party's calls are counted on their own.
"""

from __future__ import annotations

import datetime as _dt
from collections import defaultdict
from dataclasses import dataclass

from . import cba_2026, civil_code, criminal_law, gbt_45251, nifa_2024, pipl, psap
from .instruments import Clause, ParamUse, all_unverified, in_force, rating, source_order, strongest_force
from .log import ASSIGNEE, EMERGENCY, NOT_TIMED, PHONE, SELF, Contact, format_when
from .wording import match_wording

RULES: tuple[str, ...] = (
    "quiet-hours",
    "daily-connected-calls",
    "daily-dialled-calls",
    "daily-attempts-same-number",
    "third-party-contact",
    "emergency-contact-while-reachable",
    "debt-disclosure",
    "threat-safety",
    "intimidation",
    "insult",
    "impersonation",
    "exposure-threat",
    "contact-after-stop",
    "assignee-before-notice",
)
RULE_ORDER = {r: i for i, r in enumerate(RULES)}
WORDING_RULES = ("threat-safety", "intimidation", "insult", "impersonation", "exposure-threat")

# Outcome codes.
REACHABILITY_UNKNOWN = "reachability-unknown"  # no --borrower-reachable-until given
BORROWER_REACHABLE = "borrower-reachable"  # the contact's day is on or before that date
BORROWER_MAYBE_UNREACHABLE = "borrower-maybe-unreachable"  # after that date
NO_RATED_SOURCE = "no-rated-source"  # a note: no instrument of the book applied on that day
BORROWER_STOP_NOT_RATED = "borrower-stop-not-rated"  # a note: the borrower asked to stop
NUMBER_MISSING = "number-missing"  # a note: unanswered calls without a number
NOTICE_NOT_GIVEN = "assignment-notice-not-given"  # a note: assignee contacts, no notice date given
BEFORE_NOTICE = "before-assignment-notice"  # a note: assignee contacts before the notice date

# 民法典第546条第一款: an assignment not notified to the debtor has no effect on the debtor.
ASSIGNMENT_NOTICE = Clause("civil-code-546", paragraph=1)


@dataclass(frozen=True, kw_only=True)
class _Observation:
    """What a finding and a note share."""

    when: _dt.datetime
    rule: str
    contacts: tuple[Contact, ...]  # the contact(s) concerned, in time order
    cited: tuple[Clause, ...] = ()  # clauses the explanation refers to; they ground no rating
    parameters: tuple[ParamUse, ...] = ()  # read on the contacts' day
    words: tuple[str, ...] = ()  # wording matched in the summary
    reachable_until: _dt.date | None = None
    assignment_notice: _dt.date | None = None
    outcome: str = ""

    @property
    def day(self) -> _dt.date:
        return self.when.date()

    def sort_key(self) -> tuple:
        return (self.when, RULE_ORDER[self.rule], tuple(c.sort_key() for c in self.contacts),
                self.words, self.outcome)

    def to_dict(self) -> dict:
        return {
            "datetime": format_when(self.when),
            "rule": self.rule,
            "outcome": self.outcome,
            "contacts": [c.to_dict() for c in self.contacts],
            "cited": [c.to_dict() for c in self.cited],
            "parameters": [p.to_dict() for p in self.parameters],
            "words": list(self.words),
            "borrower_reachable_until": self.reachable_until.isoformat() if self.reachable_until else None,
            "assignment_notice": self.assignment_notice.isoformat() if self.assignment_notice else None,
        }


@dataclass(frozen=True, kw_only=True)
class Note(_Observation):
    """Something worth recording that no sourced rule rates (``outcome`` says why)."""


@dataclass(frozen=True, kw_only=True)
class Finding(_Observation):
    """A rated finding: ``provisions`` are the ids that ground it."""

    provisions: tuple[str, ...]

    @property
    def force(self) -> str:
        return strongest_force(self.provisions)

    @property
    def verified(self) -> bool:
        """False when every source of the finding is an unverified text."""
        return not all_unverified(self.provisions)

    @property
    def rating(self) -> str:
        """:data:`~.instruments.BREACH_OF_LAW` or :data:`~.instruments.BELOW_STANDARD`."""
        return rating(self.provisions)

    def sort_key(self) -> tuple:
        when, order, *rest = super().sort_key()
        return (when, order, self.provisions, *rest)

    def to_dict(self) -> dict:
        return {**super().to_dict(), "provisions": list(self.provisions), "force": self.force,
                "verified": self.verified, "rating": self.rating}


def _rated(rule: str, provisions, **kw) -> Finding | Note:
    """A finding if some instrument applied, else a note saying none did."""
    if provisions:
        return Finding(rule=rule, provisions=tuple(provisions), **kw)
    return Note(rule=rule, outcome=NO_RATED_SOURCE, **kw)


# --- One contact at a time -------------------------------------------------------------


def quiet_hours(c: Contact) -> Finding | None:
    """A contact inside the quiet-hours window of GB/T 45251, the CBA guideline or (until the
    standard) the NIFA 2024 guideline, each read on the contact's day."""
    if c.channel in NOT_TIMED:
        return None
    hits = tuple(h for h in (gbt_45251.quiet_hours_hit(c), cba_2026.quiet_hours_hit(c),
                             nifa_2024.quiet_hours_hit(c)) if h)
    if not hits:
        return None
    sources = tuple(sorted({r for h in hits for r in h.reference}, key=source_order))
    return Finding(when=c.when, rule="quiet-hours", provisions=sources, contacts=(c,), parameters=hits)


def _only_the_debtor(day: _dt.date) -> tuple[str, ...]:
    """The instruments that, on ``day``, tell the collector to collect from the debtor only."""
    return tuple(m.PROVISION for m in (gbt_45251, cba_2026) if m.applies(day))


def _reachability(c: Contact, until: _dt.date | None) -> str:
    if until is None:
        return REACHABILITY_UNKNOWN
    return BORROWER_REACHABLE if c.day <= until else BORROWER_MAYBE_UNREACHABLE


def third_party_contact(c: Contact, until: _dt.date | None) -> Finding | None:
    """A contact with someone who is neither the borrower nor the registered emergency contact."""
    if not c.third_party or c.contacted == EMERGENCY:
        return None
    sources = _only_the_debtor(c.day)
    if not sources:
        return None
    return Finding(when=c.when, rule="third-party-contact", provisions=sources, contacts=(c,),
                   reachable_until=until, outcome=_reachability(c, until))


def emergency_while_reachable(c: Contact, until: _dt.date | None) -> Finding | None:
    """A contact with the emergency contact on a day the borrower says he or she was reachable."""
    if c.contacted != EMERGENCY or until is None or c.day > until:
        return None
    sources = _only_the_debtor(c.day)
    if not sources:
        return None
    return Finding(when=c.when, rule="emergency-contact-while-reachable", provisions=sources, contacts=(c,),
                   reachable_until=until, outcome=BORROWER_REACHABLE)


# The clauses the disclosure explanation refers to, in the order it cites them.
_DISCLOSURE_CITED = (
    Clause(civil_code.PRIVACY),
    civil_code.PRIVATE_INFORMATION,
    civil_code.NO_UNLAWFUL_PROVISION,
    Clause(pipl.LAWFUL_BASIS),
    Clause(pipl.SENSITIVE),
    Clause(pipl.SEPARATE_CONSENT),
    Clause(pipl.PUBLICATION),
)


def debt_disclosure(c: Contact) -> Finding | None:
    """The collector told a third party about the debt (as the reader recorded)."""
    if not c.third_party or not c.debt_disclosed:
        return None
    laws_ = tuple(p for p in civil_code.DISCLOSURE + pipl.DISCLOSURE if in_force(p, c.day))
    sources = laws_ + ((cba_2026.PROVISION,) if cba_2026.applies(c.day) else ())
    if not sources:
        return None
    return Finding(when=c.when, rule="debt-disclosure", provisions=sources, contacts=(c,),
                   cited=_DISCLOSURE_CITED if laws_ else ())


def wording(c: Contact) -> list[Finding | Note]:
    """The wording rules, over the contact's summary (:mod:`.wording`)."""
    if not c.summary:
        return []
    hits = {rule: tuple(match_wording(c.summary, rule)) for rule in WORDING_RULES}
    if not any(hits.values()):
        return []
    day = c.day
    cba = (cba_2026.PROVISION,) if cba_2026.applies(day) else ()
    article = psap.article_on(day)
    threat, harassing = psap.item(day, psap.THREAT_TO_SAFETY), psap.item(day, psap.HARASSING_MESSAGES)
    limit = criminal_law.ILLEGAL_DEBT_COLLECTION

    if hits["threat-safety"]:
        hits["intimidation"] = ()  # covered by the stronger finding

    out: list[Finding | Note] = []

    def add(rule, sources, cited):
        out.append(_rated(rule, sources, when=c.when, contacts=(c,), cited=tuple(cited), words=hits[rule]))

    if hits["threat-safety"]:
        add("threat-safety", ((article,) if article else ()) + cba,
            ((threat, harassing) if article else ()) + (limit,))
    if hits["intimidation"]:
        add("intimidation", cba, (threat, harassing, limit))
    if hits["insult"]:
        insult = psap.item(day, psap.PUBLIC_INSULT)
        reputation = Clause(civil_code.REPUTATION)
        if c.third_party:
            add("insult", (civil_code.REPUTATION,) + cba, (reputation, insult))
        else:  # said to the borrower alone: reputation depends on others learning of it
            add("insult", cba, (reputation, insult, harassing))
    if hits["impersonation"]:
        add("impersonation", cba, ())
    if hits["exposure-threat"]:
        add("exposure-threat", cba, (psap.item(day, psap.SPREADING_PRIVACY), harassing, limit))
    return out


# --- Across contacts -------------------------------------------------------------------


def after_stop(contacts: list[Contact]) -> tuple[list[Finding | Note], set[int]]:
    """Contacts to a person after that person asked them to stop (strictly later in time).

    A stop request is made to one collecting party (the lender with its agencies, or
    an assignee: :attr:`~.log.Contact.party`) and is followed against that party only.
    ``contacts`` are in time order. Returns the findings and notes, and the indexes
    (into ``contacts``) of the contacts after a stop request, for the per-day counts.
    One pass groups the contacts by person and party, so the work grows with the log,
    not with the log times the people who asked to stop.
    """
    out: list[Finding | Note] = []
    after: set[int] = set()
    by_person: dict[tuple, list[tuple[int, Contact]]] = defaultdict(list)
    for i, c in enumerate(contacts):
        by_person[(c.person, c.party)].append((i, c))
    for (person, _party), theirs in by_person.items():
        stop = next((c for _, c in theirs if c.stop_requested), None)
        if stop is None:
            continue
        later = [(i, c) for i, c in theirs if c.when > stop.when]
        after.update(i for i, _ in later)
        if not later:
            continue
        if person[0] == SELF:
            # The borrower: collecting from the debtor is the creditor's right; not rated.
            last_day = later[-1][1].day
            cited = (psap.item(last_day, psap.HARASSING_MESSAGES),) if psap.article_on(last_day) else ()
            out.append(Note(when=stop.when, rule="contact-after-stop", outcome=BORROWER_STOP_NOT_RATED,
                            contacts=(stop, *(c for _, c in later)), cited=cited))
            continue
        for _, c in later:
            sources = (cba_2026.PROVISION,) if cba_2026.applies(c.day) else ()
            out.append(_rated("contact-after-stop", sources, when=c.when, contacts=(stop, c),
                              cited=(civil_code.PRIVATE_LIFE_PEACE,)))
    return out, after


def daily_counts(contacts: list[Contact]) -> list[Finding | Note]:
    """Calls to the borrower per day and per collecting party, each against its own document.

    * GB/T 45251-2025: effective calls; the log's *answered* calls.
    * NIFA 2024 (until the standard replaced it): calls that got through, answered or not.
    * CBA 2026: *unanswered* attempts per number.
    """
    out: list[Finding | Note] = []
    calls = defaultdict(list)
    for c in contacts:
        if c.channel == PHONE and c.contacted == SELF:
            calls[(c.day, c.party)].append(c)
    for (day, _party), day_calls in sorted(calls.items()):
        connected = tuple(c for c in day_calls if c.answered)
        limit = gbt_45251.connected_call_limit(day)
        if limit is not None and len(connected) > limit.value:
            over = connected[limit.value]  # the first call above the limit
            out.append(Finding(when=over.when, rule="daily-connected-calls", provisions=limit.reference,
                               contacts=connected, parameters=(limit,)))
        dialled = nifa_2024.dialled_call_limit(day)
        if dialled is not None and len(day_calls) > dialled.value:
            over = day_calls[dialled.value]
            out.append(Finding(when=over.when, rule="daily-dialled-calls", provisions=dialled.reference,
                               contacts=tuple(day_calls), parameters=(dialled,)))
        cap = cba_2026.attempts_cap(day)
        if cap is None:
            continue
        by_number = defaultdict(list)
        for c in day_calls:
            if c.answered is False:
                by_number[c.number].append(c)
        for number, tries in sorted(by_number.items()):
            if not number:
                out.append(Note(when=tries[0].when, rule="daily-attempts-same-number", outcome=NUMBER_MISSING,
                                contacts=tuple(tries), parameters=(cap,)))
                continue
            if len(tries) > cap.value:
                over = tries[cap.value]
                out.append(Finding(when=over.when, rule="daily-attempts-same-number", provisions=cap.reference,
                                   contacts=tuple(tries), parameters=(cap,)))
    return out


def assignee_before_notice(contacts: list[Contact], notice: _dt.date | None) -> Note | None:
    """Contacts by a caller who says it bought or was assigned the debt, before the notice of
    assignment reached the borrower (``notice``), or all of them when no date is given.

    A note, never a finding: an assignment not notified has no effect on the debtor
    (民法典第546条第一款), so the borrower may ask for the notice and may keep paying the
    original lender; that says nothing about whether the contact itself was lawful.
    A contact on the notice day itself counts as after it (the log does not say at
    what hour the notice arrived).
    """
    before = tuple(c for c in contacts if c.party == ASSIGNEE and (notice is None or c.day < notice))
    if not before:
        return None
    cited = (ASSIGNMENT_NOTICE,) if any(in_force(ASSIGNMENT_NOTICE.provision, c.day) for c in before) else ()
    return Note(when=before[0].when, rule="assignee-before-notice", contacts=before, cited=cited,
                assignment_notice=notice, outcome=BEFORE_NOTICE if notice else NOTICE_NOT_GIVEN)
