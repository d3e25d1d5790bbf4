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
  interpretation or regulation gives :data:`BREACH_OF_LAW`; a recommended
  national standard or self-regulation gives :data:`BELOW_STANDARD`. It rates
  the strength of the source, not the facts.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field

from .. import law, params
from ..errors import InputError

# Rating codes (the Chinese labels are in overdue.present.conduct).
BREACH_OF_LAW = "breach-of-law"
BELOW_STANDARD = "below-standard"

# Strongest first; the rating follows the strongest source of a finding.
FORCE_ORDER = (
    "law",
    "judicial-interpretation",
    "regulation",
    "judicial-policy",
    "national-standard-recommended",
    "self-regulation",
    "convention",
    "unverified",
)
LEGAL_FORCES = ("law", "judicial-interpretation", "regulation")


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


def in_force(pid: str, day: _dt.date) -> bool:
    """Whether provision ``pid`` had taken effect on ``day`` (its ``effective`` date)."""
    effective = law.provision(pid).get("effective")
    return effective is not None and _dt.date.fromisoformat(str(effective)) <= day


def param_on(name: str, day: _dt.date) -> ParamUse | None:
    """Parameter ``name`` as read on ``day``, or None if it did not exist yet."""
    try:
        v = params.value_on(name, day)
    except InputError:
        return None
    return ParamUse(name, day, v.value, tuple(v.reference))


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
    return min((law.force(s) for s in provisions), key=FORCE_ORDER.index)


def rating(provisions) -> str:
    return BREACH_OF_LAW if strongest_force(provisions) in LEGAL_FORCES else BELOW_STANDARD
