"""The layers hold (issue 21): engines compute, one presentation layer renders.

* No engine module imports argparse, pandas, matplotlib or ipywidgets, at any
  depth of the module (a function-level import counts too).
* Nothing outside ``overdue/present/`` renders a calculator: the front ends
  (the widgets, the book's live-calculator extension and its script) hold no
  table, chart or summary markup of their own.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PKG = ROOT / "overdue"
FORBIDDEN = {"argparse", "pandas", "matplotlib", "ipywidgets", "IPython"}
# Not engines: the presentation layer, the ipywidgets front end, the notebooks' figure setup.
FRONT = {"widgets.py", "plotting.py", "__main__.py"}


def engine_modules() -> list[Path]:
    out = [p for p in PKG.rglob("*.py") if "present" not in p.relative_to(PKG).parts]
    return sorted(p for p in out if p.name not in FRONT)


def imported(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names |= {a.name.split(".")[0] for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module.split(".")[0])
    return names


def test_the_engines_are_found():
    names = {p.stem for p in engine_modules()}
    assert {"penalty_interest", "caps", "apr", "limitation", "timeline", "planning", "kernel"} <= names


@pytest.mark.parametrize("path", engine_modules(), ids=lambda p: str(p.relative_to(ROOT)))
def test_no_engine_imports_a_presentation_package(path):
    bad = imported(path) & FORBIDDEN
    assert not bad, f"{path.relative_to(ROOT)} imports {sorted(bad)}: presentation belongs in overdue/present/"


MARKUP = re.compile(r"<(table|caption|thead|tbody|svg|polyline)\b")


@pytest.mark.parametrize("rel", [
    "overdue/widgets.py",
    "_ext/livecalc.py",
    "_ext/livecalc_static/livecalc.js",
])
def test_front_ends_render_no_result_markup_of_their_own(rel):
    text = (ROOT / rel).read_text(encoding="utf-8")
    found = sorted(set(MARKUP.findall(text)))
    assert not found, f"{rel} writes <{', '.join(found)}> itself: results are rendered by overdue/present/html.py"
    assert "createElement(\"table\")" not in text and "createElement('table')" not in text


def test_the_one_renderer_writes_tables_and_charts():
    from overdue import present

    html = present.render("penalty", {})["html"]
    assert '<table class="overdue-table">' in html and "<svg" in html
