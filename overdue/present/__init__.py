"""The one presentation layer: engines' results turned into words, tables, charts and commands.

Engines (:mod:`overdue.penalty_interest`, :mod:`overdue.caps`, :mod:`overdue.apr`,
:mod:`overdue.limitation`, :mod:`overdue.timeline`, :mod:`overdue.conduct`,
:mod:`overdue.planning`, …) compute and say why in structure. This package is
the only place that turns their results into Chinese text, tables, SVG charts,
HTML, CLI output and pandas views. The four front ends (notebook widgets, the
Voilà app, the CLI and the in-browser calculators) all call it and render
nothing of their own.

One module per calculator (:mod:`.penalty`, :mod:`.apr`, :mod:`.limitation`,
:mod:`.conduct`, :mod:`.plan`), each with ``TITLE``, ``INTRO``, ``fields()``
(the form), ``ENGINE_FIELDS`` (where an engine's error goes on the form) and
``compute(form)``. Shared pieces: :mod:`.fmt` (formatters), :mod:`.forms` (the
form parser), :mod:`.svg` (charts), :mod:`.html` (the result as HTML),
:mod:`.cli` (``python -m overdue``).

* :func:`fields` describes the form of a calculator.
* :func:`compute` never raises for bad input: every :class:`InputError`
  becomes ``{"ok": False, "error": {...}}`` naming the form field in Chinese.
  Every field has a stated domain (the bounds in its field dict, enforced by
  :mod:`overdue.kernel`'s readers), so no input reaches an engine's arithmetic
  outside the range it was built for; tests/test_fuzz.py checks that no input
  gets anything but a result or a field error. A last net still turns an
  arithmetic overflow into a form-level error, should one ever slip through.
* :func:`render` is :func:`compute` plus the result as HTML (tables, warnings,
  chart, summary): what the widgets and the in-browser calculators show.

Pure Python (standard library and the engines), so that it runs in Pyodide.
Rates are typed in percent (``0.05`` for 0.05% a day); the conversion to the
fractions the engines take is exact. Results do not depend on the wall clock.
"""

from __future__ import annotations

import copy
import importlib

from ..errors import InputError
from .forms import Form

__all__ = ["CALCULATORS", "calculator", "fields", "compute", "render", "title"]

# The letters (overdue.present.letters): one calculator per document, ``letter_<kind>``.
LETTERS: tuple[str, ...] = ("letter_complaint", "letter_stop_contact", "letter_contact_own", "letter_pi_request",
                            "letter_credit_objection", "letter_assignee", "letter_regulator", "letter_repayment")
CALCULATORS: tuple[str, ...] = ("penalty", "apr", "limitation", "conduct", "plan") + LETTERS
_CACHE: dict[str, list[dict]] = {}


def calculator(name: str):
    """The module of calculator ``name`` (for a letter, its :class:`~.letters.LetterCalculator`,
    which has the same interface); an unknown name raises :class:`KeyError`."""
    if name not in CALCULATORS:
        raise KeyError(f"unknown calculator {name!r}; one of {', '.join(CALCULATORS)}")
    if name in LETTERS:
        return importlib.import_module(f"{__name__}.letters").calculator(name)
    return importlib.import_module(f"{__name__}.{name}")


def _form_of(name: str) -> list[dict]:
    if name not in _CACHE:
        _CACHE[name] = calculator(name).fields()
    return _CACHE[name]


def fields(name: str) -> list[dict]:
    """The form of calculator ``name``: a list of field dicts (a fresh copy).

    Each has ``name``, ``label_zh`` (with the unit), ``kind`` (``date``,
    ``amount``, ``rate``, ``int``, ``choice``, ``text``, ``lines`` or
    ``csv``), ``default`` (a string: the chapter's worked example),
    ``help_zh`` and, for ``choice``, ``choices`` (``[value, label_zh]`` pairs),
    and the field's domain: ``min``/``max`` (dates, amounts, whole numbers),
    ``below`` (a rate's exclusive bound), ``decimals``, ``max_lines`` and ``item``
    (the domain of one line) — see :mod:`overdue.present.forms`.
    """
    return copy.deepcopy(_form_of(name))


def title(name: str) -> tuple[str, str]:
    """(title, one-paragraph introduction) of calculator ``name``, in Chinese."""
    module = calculator(name)
    return module.TITLE, module.INTRO


def _error(name: str, field: str, message_zh: str, message_en: str) -> dict:
    spec = {f["name"]: f for f in _form_of(name)}
    key = field.split(" ")[0]  # conduct's "datetime (line 5)" → "datetime"
    key = calculator(name).ENGINE_FIELDS.get(key, key)
    if key not in spec and name == "conduct":
        key = "csv"  # every column error is an error in the log
    label = spec[key]["label_zh"] if key in spec else "输入"
    return {
        "ok": False,
        "error": {"field": key, "message_zh": f"{label}：{message_zh}", "message_en": f"{key}: {message_en}"},
        "tables": [],
        "summary": "",
        "provisions": [],
        "warnings": [],
        "figure": None,
    }


def compute(name: str, form: dict[str, str] | None = None) -> dict:
    """Run calculator ``name`` on ``form`` (field name → string; missing fields take
    their defaults). Never raises for bad input; see the module docstring.

    Returns ``{"ok", "error", "tables", "summary", "provisions", "warnings",
    "figure"}``; ``error`` is None or ``{"field", "message_zh", "message_en"}``; and, when
    the reader asked to build the schedule (``schedule_mode`` = ``builder``), ``form_updates``:
    field name → the text to write into that input.
    An unknown calculator name raises :class:`KeyError`.
    """
    module = calculator(name)
    try:
        out = module.compute(Form(_form_of(name), form))
    except InputError as err:
        return _error(name, err.field, err.message_zh, err.message_en)
    except (ArithmeticError, ValueError, RecursionError) as err:
        # The last net (never reached inside the stated domain: tests/test_fuzz.py): an
        # arithmetic error that slipped past the readers is a form error, not a traceback.
        return _error(name, "form", "输入的数额、天数或日期超出了可以计算的范围，请检查各项输入。",
                      f"input out of the computable range ({type(err).__name__})")
    return {"ok": True, "error": None, **out}


def render(name: str, form: dict[str, str] | None = None) -> dict:
    """:func:`compute`, plus ``html``: the result as the front ends show it."""
    from .html import result_html

    result = compute(name, form)
    return {**result, "html": result_html(result)}
