"""What the rule modules share: clause references, dated parameters, force and rating.

* A :class:`Clause` names a provision by its id in ``data/provisions.yaml``
  and, for an article with numbered paragraphs or a list of items, the
  paragraph (款) and the item (项) by number. The presentation layer writes
  it out (``第一款第（五）项``); no rule types a clause number.
* A :class:`ParamUse` is a dated parameter of ``data/parameters.yaml`` as read
  on the date of the contact it concerns, with the provisions that set it.
* Whether an instrument applied on a day comes from its ``effective`` date in
  ``data/provisions.yaml``; a figure's own dated values decide when it applied.
* The rating follows the strongest source of a finding: a statute, judicial
  interpretation or regulation gives :data:`BREACH_OF_LAW`; a financial
  regulator's departmental rule or regulatory document gives
  :data:`BREACH_OF_REGULATION`; a recommended national standard or
  self-regulation gives :data:`BELOW_STANDARD`. It rates the strength of the
  source, not the facts. (No rule cites a regulator's rule yet: whether one binds
  the lender depends on what kind of institution it is, which the log cannot show.)
"""

from __future__ import annotations

import datetime as _dt
import functools
from dataclasses import dataclass, field

from .. import law, params

# Rating codes (the Chinese labels are in overdue.present.conduct).
BREACH_OF_LAW = "breach-of-law"
BREACH_OF_REGULATION = "breach-of-regulation"
BELOW_STANDARD = "below-standard"
RATINGS = (BREACH_OF_LAW, BREACH_OF_REGULATION, BELOW_STANDARD)  # strongest first

# Strongest first; the rating follows the strongest source of a finding.
FORCE_ORDER = (
    "law",
    "judicial-interpretation",
    "regulation",
    "departmental-rule",
    "regulatory-document",
    "judicial-policy",
    "national-standard-recommended",
    "self-regulation",
    "convention",
    "unverified",
)
LEGAL_FORCES = ("law", "judicial-interpretation", "regulation")
REGULATORY_FORCES = ("departmental-rule", "regulatory-document")


@dataclass(frozen=True)
class Clause:
    """A provision, and where it matters the paragraph (款) and item (项) within it.

    ``provision`` is None when no version of the instrument was in force on
    the day (the presentation layer then names the instrument without an
    article).
    """

    provision: str | None
    paragraph: int | None = None
    item: int | None = None

    def to_dict(self) -> dict:
        return {"provision": self.provision, "paragraph": self.paragraph, "item": self.item}


@dataclass(frozen=True)
class ParamUse:
    """A parameter of ``data/parameters.yaml`` as read on ``on``."""

    name: str
    on: _dt.date
    value: object = field(hash=False)  # a number, or a {start, end} window
    reference: tuple[str, ...] = ()

    def to_dict(self) -> dict:
        return {"name": self.name, "on": self.on.isoformat(), "value": self.value,
                "reference": list(self.reference)}


# The data in data/ do not change while the package runs: a log of thousands of
# contacts asks the same (provision, day) and (parameter, day) questions again and again.
@functools.lru_cache(maxsize=65536)
def in_force(pid: str, day: _dt.date) -> bool:
    """Whether provision ``pid`` had taken effect on ``day`` (its ``effective`` date)."""
    effective = law.provision(pid).get("effective")
    return effective is not None and _dt.date.fromisoformat(str(effective)) <= day


@functools.lru_cache(maxsize=None)
def _dated(name: str) -> tuple:
    """The dated values of parameter ``name``, oldest first (as :func:`overdue.params.values`)."""
    return tuple(params.values(name))


@functools.lru_cache(maxsize=65536)
def param_on(name: str, day: _dt.date) -> ParamUse | None:
    """Parameter ``name`` as read on ``day`` (the last value from on or before it), or None
    if it did not exist yet: the rule of :func:`overdue.params.value_on`."""
    found = None
    for v in _dated(name):
        if v.start <= day:
            found = v
    if found is None:
        return None
    return ParamUse(name, day, found.value, tuple(found.reference))


def in_window(t: _dt.time, window: dict) -> bool:
    """Whether ``t`` falls in the window ``[start, end)``; a window may run past midnight."""
    start, end = _dt.time.fromisoformat(str(window["start"])), _dt.time.fromisoformat(str(window["end"]))
    if start <= end:
        return start <= t < end
    return t >= start or t < end


def source_order(pid: str) -> tuple:
    """The order in which sources are listed: the ``order`` of their instrument in ``data/laws.yaml``."""
    key, _ = law.split_id(pid)
    return (law.laws()[key].get("order", 99), pid)


def strongest_force(provisions) -> str:
    return _strongest_force(tuple(provisions))


@functools.lru_cache(maxsize=4096)
def _strongest_force(provisions: tuple[str, ...]) -> str:
    return min((law.force(s) for s in provisions), key=FORCE_ORDER.index)


@functools.lru_cache(maxsize=4096)
def all_unverified(provisions: tuple[str, ...]) -> bool:
    """Whether every one of ``provisions`` is an unverified text."""
    return all(law.is_unverified(s) for s in provisions)


def rating(provisions) -> str:
    force = strongest_force(provisions)
    if force in LEGAL_FORCES:
        return BREACH_OF_LAW
    return BREACH_OF_REGULATION if force in REGULATORY_FORCES else BELOW_STANDARD
