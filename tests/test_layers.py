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
# Not engines: the presentation layer and the ipywidgets front end.
FRONT = {"widgets.py", "__main__.py"}


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
    "_ext/livecalc_static/livecalc-worker.js",
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


# --- No explanatory Chinese in the engines ------------------------------------------------
#
# Chinese may appear in an engine module only in docstrings, comments and the messages of
# InputError (an error is reported where it is raised). These modules are not calculation
# engines and keep Chinese on purpose, for the reason given:
CHINESE_ALLOWED = {
    "_version.py": "the book's title and author, set once",
    "law.py": "the citation form of a provision (《民法典》第188条) and the labels of legal force and status, "
              "shared by the Sphinx extension and the presentation layer",
    "claims.py": "the verdict names and section titles of the claims ledger (data/claims.csv vocabulary)",
    "conduct/log.py": "the contact log's input vocabulary: the Chinese column headings and category values a reader types",
    "kernel.py": "the full-width colon a reader may type between a date and an amount, and the shared words of "
                 "the input domain's errors (why a date range, the units counted)",
}
CJK = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")


def _chinese_outside_errors(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    allowed: set[int] = set()
    error_params: dict[str, set] = {"parse_choice": {3, "what_zh"}}
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and getattr(node.func, "id", getattr(node.func, "attr", "")) == "InputError":
            allowed |= {id(n) for n in ast.walk(node)}
    for fn in ast.walk(tree):  # a helper's parameter that only ever reaches an InputError
        if isinstance(fn, ast.FunctionDef):
            for k, arg in enumerate(fn.args.args):
                uses = [n for n in ast.walk(fn) if isinstance(n, ast.Name) and n.id == arg.arg]
                if uses and all(id(u) in allowed for u in uses):
                    error_params.setdefault(fn.name, set()).update({k, arg.arg})
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.FunctionDef, ast.ClassDef, ast.AsyncFunctionDef)):
            if node.body and isinstance(node.body[0], ast.Expr) and isinstance(node.body[0].value, ast.Constant):
                allowed.add(id(node.body[0].value))
        if isinstance(node, ast.Call):
            params = error_params.get(getattr(node.func, "id", getattr(node.func, "attr", "")), set())
            for k, a in enumerate(node.args):
                if k in params:
                    allowed |= {id(n) for n in ast.walk(a)}
            for kw in node.keywords:
                if kw.arg in params:
                    allowed |= {id(n) for n in ast.walk(kw.value)}
        if isinstance(node, ast.FunctionDef):  # a local used only inside InputError calls
            for a in ast.walk(node):
                if isinstance(a, ast.Assign) and len(a.targets) == 1 and isinstance(a.targets[0], ast.Name):
                    loads = [n for n in ast.walk(node) if isinstance(n, ast.Name) and n.id == a.targets[0].id
                             and isinstance(n.ctx, ast.Load)]
                    if loads and all(id(u) in allowed for u in loads):
                        allowed |= {id(n) for n in ast.walk(a.value)}
    return [f"{path.relative_to(ROOT)}:{n.lineno}: {n.value[:40]!r}" for n in ast.walk(tree)
            if isinstance(n, ast.Constant) and isinstance(n.value, str) and CJK.search(n.value)
            and id(n) not in allowed]


@pytest.mark.parametrize("path", engine_modules(), ids=lambda p: str(p.relative_to(ROOT)))
def test_no_engine_holds_explanatory_chinese(path):
    rel = path.relative_to(PKG).as_posix()
    if rel in CHINESE_ALLOWED:
        pytest.skip(f"{rel}: {CHINESE_ALLOWED[rel]}")
    found = _chinese_outside_errors(path)
    assert not found, "Chinese words belong in overdue/present/:\n" + "\n".join(found[:20])


def test_the_chinese_check_can_fail(tmp_path):
    sample = tmp_path / "engine.py"
    sample.write_text('NOTE = "罚息自次日起算"\n'
                      'def f(x):\n    """中文的文档字符串可以。"""\n'
                      '    raise InputError("x", "错误信息可以。", "fine")\n', encoding="utf-8")
    global ROOT
    saved, ROOT = ROOT, tmp_path
    try:
        found = _chinese_outside_errors(sample)
    finally:
        ROOT = saved
    assert len(found) == 1 and "罚息自次日起算" in found[0]
