"""The letters engine: from the engines' results and the reader's details to a document in structure.

:func:`draft` (``kind``, ``inputs``) returns a :class:`~.document.Letter`: who
writes to whom, an ordered list of paragraphs (each a code, the facts it states
— every one traced to an input or an engine's result — and the provision ids it
relies on), the requests, the guards that fired and the placeholders left
unfilled. No prose: the Chinese sentence of every code is written by
:mod:`overdue.present.letters`.

The documents, one module each, named after the law each rests on:

=====================  ==============================  ===========================================
kind                   module                          rests on
=====================  ==============================  ===========================================
``complaint``          :mod:`.complaint`               the conduct checker; 个人信息保护法第44、45、48、50条
``stop_contact``       :mod:`.civil_code_1033`         民法典第1033、1034、1038条; 个人信息保护法第13、44条
``contact_own``        :mod:`.civil_code_1037`         民法典第1033、1037条; 个人信息保护法第15、47条
``pi_request``         :mod:`.pipl_access`             个人信息保护法第44、45、23、48、50条
``credit_objection``   :mod:`.credit_reg_25`           征信业管理条例第25、26条
``assignee``           :mod:`.civil_code_546`          民法典第546、548条; the limitation engine (第192条); the caps
``regulator``          :mod:`.regulator`               data/complaint_channels.yaml (confirmed channels only)
``repayment``          :mod:`.repayment`               the planning engine; 民法典第543、544条; the caps; limitation
=====================  ==============================  ===========================================

Guards (``Letter.guards``):

* ``template-not-advice`` — every letter says once that it is a template, not legal advice;
* ``expired-no-acknowledgement`` — the limitation engine says the period has expired on the
  letter's date: no paragraph of :data:`~.document.ACKNOWLEDGING` is drafted (a letter that
  would be one, the repayment proposal, becomes a reply that keeps the defence);
* ``penalty-above-cap`` — the penalty computed at the contract's rate lies above the cap for
  the lender: the letters that state amounts say so, with the figure;
* ``defence-possibly-waived``, ``assignment-not-notified``, ``no-findings``,
  ``plan-does-not-clear``, ``unverified-as-reported`` — see :mod:`.document`.

Inputs are the engines' own (already read by the presentation layer's form, or by
the engines' readers): dates, amounts, ``DATE:AMOUNT`` pairs, a contact log; the
reader's details are text, and a detail left blank stays a placeholder.
Pure Python (it runs in Pyodide).
"""

from __future__ import annotations

import importlib

from .document import ACKNOWLEDGING, GUARDS, Fact, Letter, Paragraph

__all__ = ["KINDS", "MODULES", "draft", "module", "Letter", "Paragraph", "Fact", "GUARDS", "ACKNOWLEDGING"]

MODULES = {
    "complaint": "complaint",
    "stop_contact": "civil_code_1033",
    "contact_own": "civil_code_1037",
    "pi_request": "pipl_access",
    "credit_objection": "credit_reg_25",
    "assignee": "civil_code_546",
    "regulator": "regulator",
    "repayment": "repayment",
}
KINDS: tuple[str, ...] = tuple(MODULES)


def module(kind: str):
    """The module that drafts ``kind``; an unknown kind raises :class:`KeyError`."""
    if kind not in MODULES:
        raise KeyError(f"unknown letter kind {kind!r}; one of {', '.join(KINDS)}")
    return importlib.import_module(f"{__name__}.{MODULES[kind]}")


def draft(kind: str, inputs: dict | None = None) -> Letter:
    """Draft the document ``kind`` from ``inputs`` (see the module docstring).

    Bad input raises :class:`~overdue.errors.InputError` naming the field.
    """
    inputs = dict(inputs or {})
    mod = module(kind)
    unknown = sorted(set(inputs) - set(mod.INPUTS))
    if unknown:
        raise KeyError(f"{kind} takes no input {unknown}; it takes {', '.join(mod.INPUTS)}")
    return mod.draft(inputs)
