"""The wording lexicon: literal matches in the reader's 摘要 (summary) column.

The terms live in ``data/conduct_lexicon.yaml``, one group per wording rule,
each with the provisions it operationalises and a note on where its terms
come from (no instrument lists words: the lists are the book's own). A match
right after a negation (未, 没有, …) is ignored, and so is a match inside a
negated one (骂 in 没有辱骂); of overlapping matches the earliest, longest wins.

The lexicon's ``parties`` section names a collecting party other than the
lender and its agents by the words of the 催收方 (sender) column: today one,
``assignee`` (a caller who says it bought or was assigned the debt), read by
:func:`is_party` with the same negations.

Limits: a literal match over what the reader wrote, not over a recording. It
can miss a threat worded otherwise and can flag a quotation; the report says so.
"""

from __future__ import annotations

import functools
import re

from ..data import load_yaml

LEXICON = "conduct_lexicon.yaml"


@functools.lru_cache(maxsize=None)
def lexicon() -> dict:
    """``data/conduct_lexicon.yaml`` as loaded (groups, negations, notes)."""
    return load_yaml(LEXICON)


def groups() -> tuple[str, ...]:
    """The wording rules, in the lexicon's order."""
    return tuple(lexicon()["groups"])


@functools.lru_cache(maxsize=None)
def _compiled(group: str, section: str = "groups") -> tuple[re.Pattern, ...]:
    return tuple(re.compile(p) for p in lexicon()[section][group]["patterns"])


def _negations() -> tuple[str, ...]:
    return tuple(lexicon()["negations"]["terms"])


def parties() -> tuple[str, ...]:
    """The parties the lexicon can name from the 催收方 column (other than the lender)."""
    return tuple(lexicon().get("parties", {}))


@functools.lru_cache(maxsize=4096)
def is_party(sender: str, party: str) -> bool:
    """Whether the 催收方 text ``sender`` names ``party`` (a key of the lexicon's ``parties``)."""
    return bool(sender) and bool(_matches(sender, _compiled(party, "parties"), _any(party, "parties")))


def match_wording(text: str, group: str) -> list[str]:
    """The words of ``text`` that match the terms of ``group``, in order, without negated ones."""
    return list(_match_wording(text, group))


@functools.lru_cache(maxsize=16384)
def _match_wording(text: str, group: str) -> tuple[str, ...]:
    return tuple(_matches(text, _compiled(group), _any(group)))


@functools.lru_cache(maxsize=None)
def _any(group: str, section: str = "groups") -> re.Pattern:
    """One pattern that matches wherever any term of the group does (a quick first test)."""
    return re.compile("|".join(f"(?:{p})" for p in lexicon()[section][group]["patterns"]))


def _matches(text: str, patterns, first: re.Pattern | None = None) -> list[str]:
    if first is not None and first.search(text) is None:
        return []  # no term occurs anywhere: nothing to weigh
    negations = _negations()
    spans, negated = [], []
    for rx in patterns:
        for m in rx.finditer(text):
            if any(text.endswith(n, 0, m.start()) for n in negations):
                negated.append((m.start(), m.end()))
            else:
                spans.append((m.start(), -(m.end() - m.start()), m.end(), m.group(0)))
    # A match inside a negated one (骂 in 没有辱骂) is negated too.
    spans = [s for s in spans if not any(a < s[2] and s[0] < b for a, b in negated)]
    out, end = [], -1
    for start, _, stop, word in sorted(spans):
        if start >= end:  # overlapping matches: the earliest, longest one wins
            out.append(word)
            end = stop
    return out
