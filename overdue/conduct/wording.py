"""The wording lexicon: literal matches in the reader's 摘要 (summary) column.

The terms live in ``data/conduct_lexicon.yaml``, one group per wording rule,
each with the provisions it operationalises and a note on where its terms
come from (no instrument lists words: the lists are the book's own). A match
right after a negation (未, 没有, …) is ignored, and so is a match inside a
negated one (骂 in 没有辱骂); of overlapping matches the earliest, longest wins.

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
def _compiled(group: str) -> tuple[re.Pattern, ...]:
    return tuple(re.compile(p) for p in lexicon()["groups"][group]["patterns"])


def _negations() -> tuple[str, ...]:
    return tuple(lexicon()["negations"]["terms"])


def match_wording(text: str, group: str) -> list[str]:
    """The words of ``text`` that match the terms of ``group``, in order, without negated ones."""
    negations = _negations()
    spans, negated = [], []
    for rx in _compiled(group):
        for m in rx.finditer(text):
            if any(text[: m.start()].endswith(n) for n in negations):
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
