"""A letter in structure: paragraphs of codes, the facts they state, the provisions they rely on.

The letters engine writes no prose. A :class:`Letter` is an ordered list of
:class:`Paragraph` objects, each a ``code`` (which sentence it is), the
:class:`Fact` values the sentence states, the provision ids of
``data/provisions.yaml`` it relies on as law (``provisions``: verified texts
only) and the documents it mentions only as reported (``reported``: texts the
book could not verify, worded "据报道" by the presentation layer). The Chinese
sentence of each code is in :mod:`overdue.present.letters`.

Every fact is traced: ``input:<field>`` (what the reader typed) or
``result:<engine>.<attribute>`` (what an engine computed from it). A fact the
reader did not give has the value ``None`` and stays a visible placeholder; the
engine never fills it.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field
from decimal import Decimal

from .. import law

# Where a paragraph goes in the letter.
SECTIONS = ("salutation", "body", "request", "closing", "signature", "notice")

# Guard codes (see overdue/letters/__init__.py).
TEMPLATE_NOT_ADVICE = "template-not-advice"
EXPIRED_NO_ACKNOWLEDGEMENT = "expired-no-acknowledgement"
PENALTY_ABOVE_CAP = "penalty-above-cap"
DEFENCE_POSSIBLY_WAIVED = "defence-possibly-waived"
ASSIGNMENT_NOT_NOTIFIED = "assignment-not-notified"
NO_FINDINGS = "no-findings"
PLAN_DOES_NOT_CLEAR = "plan-does-not-clear"
UNVERIFIED_AS_REPORTED = "unverified-as-reported"

GUARDS = (TEMPLATE_NOT_ADVICE, EXPIRED_NO_ACKNOWLEDGEMENT, PENALTY_ABOVE_CAP, DEFENCE_POSSIBLY_WAIVED,
          ASSIGNMENT_NOT_NOTIFIED, NO_FINDINGS, PLAN_DOES_NOT_CLEAR, UNVERIFIED_AS_REPORTED)

# Paragraph codes that acknowledge a debt or agree to perform it (《诉讼时效规定》第14条 lists
# such acts: 分期履行、部分履行、请求延期履行、制定清偿债务计划…). None of them may appear in a
# letter drafted while the limitation engine says the period has expired (guard
# ``expired-no-acknowledgement``); tests/test_letters.py checks it for every document.
ACKNOWLEDGING = ("repayment-position", "repayment-proposal", "repayment-proposal-open",
                 "request-reduce-above-cap", "request-penalty-stop", "request-written-confirmation")


def _json(value):
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, (_dt.date, _dt.datetime)):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return [_json(v) for v in value]
    if isinstance(value, dict):
        return {k: _json(v) for k, v in value.items()}
    return value


@dataclass(frozen=True)
class Fact:
    """One fact a sentence states: its name, its value (``None``: not given), where it comes from."""

    name: str
    value: object
    source: str  # "input:<field>" or "result:<engine>.<attribute>"

    def __post_init__(self):
        if not (self.source.startswith("input:") or self.source.startswith("result:")):
            raise ValueError(f"untraced fact {self.name!r}: {self.source!r}")

    @property
    def filled(self) -> bool:
        return self.value is not None and self.value != "" and self.value != ()

    @property
    def field(self) -> str | None:
        """The input field of a fact the reader gives (``None`` for a computed fact)."""
        return self.source.split(":", 1)[1] if self.source.startswith("input:") else None

    def to_dict(self) -> dict:
        return {"name": self.name, "value": _json(self.value), "source": self.source, "filled": self.filled}


def given(name: str, value, field_name: str | None = None) -> Fact:
    """A fact the reader gives (``input:<field>``); blank text is ``None``."""
    if isinstance(value, str):
        value = value.strip() or None
    return Fact(name, value, f"input:{field_name or name}")


def computed(name: str, value, where: str) -> Fact:
    """A fact an engine computed (``result:<engine>.<attribute>``)."""
    return Fact(name, value, f"result:{where}")


@dataclass(frozen=True)
class Paragraph:
    """One sentence (or a short group of sentences) of a letter, as a code with its facts."""

    code: str
    facts: tuple[Fact, ...] = ()
    provisions: tuple[str, ...] = ()  # verified law relied on
    reported: tuple[str, ...] = ()  # unverified documents, mentioned only as reported
    section: str = "body"

    def __post_init__(self):
        if self.section not in SECTIONS:
            raise ValueError(f"unknown section {self.section!r}")
        for pid in self.provisions:
            law.provision(pid)  # an unknown id fails here
            if law.is_unverified(pid):
                raise ValueError(f"{self.code}: {pid} is unverified and may only be reported, not cited as law")
        for pid in self.reported:
            if not law.is_unverified(pid):
                raise ValueError(f"{self.code}: {pid} is verified: cite it in provisions")

    def fact(self, name: str) -> Fact:
        for f in self.facts:
            if f.name == name:
                return f
        raise KeyError(f"{self.code} has no fact {name!r}")

    def value(self, name: str):
        return self.fact(name).value

    def to_dict(self) -> dict:
        return {"code": self.code, "section": self.section, "facts": [f.to_dict() for f in self.facts],
                "provisions": list(self.provisions), "reported": list(self.reported)}


def _unique(items) -> tuple:
    out: list = []
    for x in items:
        if x not in out:
            out.append(x)
    return tuple(out)


@dataclass(frozen=True)
class Letter:
    """A drafted document: who writes to whom, the paragraphs, the guards that fired.

    ``kind``: one of :data:`overdue.letters.KINDS`. ``sender`` and ``recipient``
    are role codes (``borrower``, ``contact``; ``lender``, ``assignee``,
    ``credit-agency``, ``information-provider``, ``regulator``). ``notes`` are
    for the reader, not part of the letter (warnings, the channels' confidence).
    ``results`` holds the engines' results the letter was drafted from, for the
    presentation layer's tables.
    """

    kind: str
    sender: str
    recipient: str
    paragraphs: tuple[Paragraph, ...]
    guards: tuple[str, ...] = ()
    notes: tuple[Paragraph, ...] = ()
    results: dict = field(default_factory=dict, compare=False)

    def __post_init__(self):
        for g in self.guards:
            if g not in GUARDS:
                raise ValueError(f"unknown guard {g!r}")
        if EXPIRED_NO_ACKNOWLEDGEMENT in self.guards:
            bad = [p.code for p in self.paragraphs if p.code in ACKNOWLEDGING]
            if bad:
                raise ValueError(f"an expired period with acknowledging paragraphs: {bad}")

    @property
    def requests(self) -> tuple[Paragraph, ...]:
        return tuple(p for p in self.paragraphs if p.section == "request")

    @property
    def provisions(self) -> tuple[str, ...]:
        """Every provision the letter relies on, in the order they first appear."""
        return _unique(pid for p in self.paragraphs for pid in p.provisions)

    @property
    def reported(self) -> tuple[str, ...]:
        return _unique(pid for p in self.paragraphs for pid in p.reported)

    @property
    def facts(self) -> tuple[Fact, ...]:
        return tuple(f for p in self.paragraphs for f in p.facts)

    @property
    def placeholders(self) -> tuple[str, ...]:
        """The input fields the letter needs but the reader left blank, in order."""
        return _unique(f.field for f in self.facts if f.field and not f.filled)

    def paragraph(self, code: str) -> Paragraph:
        for p in self.paragraphs:
            if p.code == code:
                return p
        raise KeyError(f"{self.kind} has no paragraph {code!r}")

    def has(self, code: str) -> bool:
        return any(p.code == code for p in self.paragraphs)

    def to_dict(self) -> dict:
        return {
            "kind": self.kind,
            "sender": self.sender,
            "recipient": self.recipient,
            "paragraphs": [p.to_dict() for p in self.paragraphs],
            "requests": [p.code for p in self.requests],
            "guards": list(self.guards),
            "notes": [n.to_dict() for n in self.notes],
            "provisions": list(self.provisions),
            "reported": list(self.reported),
            "placeholders": list(self.placeholders),
        }


def text_input(inputs: dict, key: str) -> str | None:
    """A reader's detail: stripped text, or ``None`` when blank or absent."""
    value = inputs.get(key)
    if value is None:
        return None
    if not isinstance(value, str):
        value = str(value)
    return value.strip() or None


def signature(inputs: dict, name_field: str, phone_field: str = "phone") -> Paragraph:
    return Paragraph("signature", (given("name", text_input(inputs, name_field), name_field),
                                   given("phone", text_input(inputs, phone_field), phone_field),
                                   given("letter_date", inputs.get("letter_date"), "letter_date")),
                     section="signature")


def salutation(inputs: dict, field_name: str) -> Paragraph:
    return Paragraph("salutation", (given("recipient_name", text_input(inputs, field_name), field_name),),
                     section="salutation")


def template_notice() -> Paragraph:
    """The one sentence, in every letter, that it is a template and not legal advice."""
    return Paragraph("template-notice", section="notice")
