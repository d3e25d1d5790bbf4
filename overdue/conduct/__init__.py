"""Collection-conduct checker: a borrower's contact log against the rules, one module per instrument.

The reader keeps a log of calls, messages and visits (one row per contact);
this package checks each contact against the rules the book can source, and
says for every finding what kind of line it is: a statute (rating
``breach-of-law``), a financial regulator's rule (``breach-of-regulation``) or
a recommended national standard / industry self-regulation (rating
``below-standard``). The rating follows the strength
of the source; it is not a verdict. Wording checks only look at the words the
reader wrote.

Laid out along the law, so that a lawyer can find the code of an instrument:

==========================  =====================================================
module                      what
==========================  =====================================================
:mod:`.log`                 the contact-log reader (CSV → :class:`Contact`)
:mod:`.gbt_45251`           GB/T 45251-2025 (recommended national standard)
:mod:`.cba_2026`            China Banking Association collection guideline, 2026
                            (self-regulation)
:mod:`.nifa_2024`           NIFA 《互联网金融贷后催收业务指引》, 2024 (self-regulation),
                            until GB/T 45251-2025 replaced it
:mod:`.psap`                治安管理处罚法 (2025 第五十条; 2012 第四十二条)
:mod:`.civil_code`          民法典 第1024、1032、1033、1038条
:mod:`.pipl`                个人信息保护法 第13、25、28、29条
:mod:`.criminal_law`        刑法 第293条之一, cited only as a limit
:mod:`.wording`             the wording lexicon (``data/conduct_lexicon.yaml``)
:mod:`.instruments`         clause references, dated parameters, force and rating
:mod:`.rules`               the rules: findings and notes
:mod:`.report`              :func:`check` and the :class:`ConductReport`
==========================  =====================================================

Figures (quiet hours, daily limits) come from ``data/parameters.yaml`` and
are read on the date of the contact they concern; whether an instrument
applied on a day comes from its ``effective`` date in ``data/provisions.yaml``.
The engine returns codes, contacts, provision ids and parameters; every
Chinese word of the report is written by :mod:`overdue.present.conduct`.
"""

from __future__ import annotations

from .instruments import BELOW_STANDARD, BREACH_OF_LAW, BREACH_OF_REGULATION, RATINGS, Clause, ParamUse
from .log import (ASSIGNEE, CHANNELS, COLUMNS, CONTACTED, EMERGENCY, LENDER, PARTIES, PHONE, SELF, Contact,
                  format_when, read_log)
from .report import ConductReport, check, complaint_channels
from .rules import RULES, WORDING_RULES, Finding, Note
from .wording import match_wording

__all__ = [
    "ASSIGNEE",
    "BELOW_STANDARD",
    "BREACH_OF_LAW",
    "BREACH_OF_REGULATION",
    "CHANNELS",
    "COLUMNS",
    "CONTACTED",
    "EMERGENCY",
    "LENDER",
    "PARTIES",
    "PHONE",
    "RATINGS",
    "RULES",
    "SELF",
    "WORDING_RULES",
    "Clause",
    "ConductReport",
    "Contact",
    "Finding",
    "Note",
    "ParamUse",
    "check",
    "complaint_channels",
    "format_when",
    "match_wording",
    "read_log",
]
