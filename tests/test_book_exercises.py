"""The training edition (issue 19): case exercises in every annotated chapter,
worked solutions, the trainer's guide.

Sources are read as written (Markdown chapters, the notebooks' Markdown cells);
the built HTML comes from the strict build of tests/conftest.py.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
BOOK = ROOT / "book"
sys.path.insert(0, str(ROOT / "tools"))
import anchors  # noqa: E402

LABEL = re.compile(r":label: (ex-(\d+)-(\d+))")
SOLUTION = re.compile(r"```\{solution(?:-start)?\} (ex-\d+-\d+)\n:label: (sol-\d+-\d+)\n:class: dropdown\n")
# Chapters 1–8 annotate the article; chapter 8 (the comments) is numbered 8.
ANNOTATED = {n: f"ch{n}" for n in range(1, 9)}


def _chapters() -> dict[int, Path]:
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))
    out = {}
    for part in toc["parts"]:
        for c in part["chapters"]:
            stem = c["file"].split("/")[-1]
            m = re.match(r"ch(\d+)-", stem)
            if m and int(m.group(1)) in ANNOTATED:
                out[int(m.group(1))] = next(BOOK.glob(stem + ".*"))
    return out


def _cells(path: Path) -> list[tuple[str, str]]:
    """(cell type, source) of a notebook; a Markdown chapter is one Markdown cell."""
    if path.suffix == ".md":
        return [("markdown", path.read_text(encoding="utf-8"))]
    nb = json.loads(path.read_text(encoding="utf-8"))
    return [(c["cell_type"], "".join(c["source"])) for c in nb["cells"]]


def _markdown(path: Path) -> str:
    return "\n".join(src for kind, src in _cells(path) if kind == "markdown")


def _labels(path: Path) -> list[str]:
    return [m.group(1) for m in LABEL.finditer(_markdown(path))]


CHAPTERS = _chapters()


def test_every_annotated_chapter_is_found():
    assert sorted(CHAPTERS) == list(range(1, 9))


@pytest.mark.parametrize("n", sorted(ANNOTATED))
def test_two_to_four_exercises_numbered_after_the_chapter(n):
    # Chapter 2 holds ex-2-1, ex-2-2, ex-2-3: the chapter's number, then 1, 2, 3 … in order.
    found = [(int(a), int(b)) for _, a, b in LABEL.findall(_markdown(CHAPTERS[n]))]
    assert 2 <= len(found) <= 4, f"chapter {n}: {len(found)} exercises"
    assert found == [(n, i) for i in range(1, len(found) + 1)], found


@pytest.mark.parametrize("n", sorted(ANNOTATED))
def test_every_exercise_has_one_collapsed_solution_with_its_number(n):
    text = _markdown(CHAPTERS[n])
    solutions = SOLUTION.findall(text)
    assert [ex for ex, _ in solutions] == _labels(CHAPTERS[n])
    assert all(sol == "sol-" + ex[3:] for ex, sol in solutions), solutions


@pytest.mark.parametrize("n", sorted(ANNOTATED))
def test_the_solutions_follow_the_exercises_and_cite_the_law(n):
    text = _markdown(CHAPTERS[n])
    exercises, solutions = text.index(f"(ch{n}-exercises)="), text.index(f"(ch{n}-solutions)=")
    assert exercises < solutions
    assert text.rfind(":label: ex-") < solutions, "an exercise after the solutions section"
    body = text[solutions:]
    for ex in _labels(CHAPTERS[n]):
        start = body.index(f"{{solution-start}} {ex}") if "{solution-start}" in body else body.index(f"{{solution}} {ex}")
        end = body.find("{solution", start + 10)
        assert "{law}`" in body[start:end if end > 0 else None], f"{ex}: the solution cites no provision"


@pytest.mark.parametrize("n", sorted(ANNOTATED))
def test_every_case_says_its_facts_are_invented(n):
    text = _markdown(CHAPTERS[n])
    for block in re.findall(r"```\{exercise\}.*?\n```", text, re.S):
        assert "虚构" in block, block[:80]


@pytest.mark.parametrize("n", [n for n, p in CHAPTERS.items() if p.suffix == ".ipynb"])
def test_notebook_solutions_compute_in_code_cells(n):
    # In a notebook chapter, every figure or date a solution (solution-start …
    # solution-end) shows through {glue:text} is glued by a code cell inside the same
    # solution, so strict nbval re-computes it; computed solutions hold a code cell.
    cells, open_ex, inside = _cells(CHAPTERS[n]), None, []
    for kind, src in cells:
        m = re.search(r"\{solution-start\} (ex-\d+-\d+)", src)
        if m:
            open_ex, inside = m.group(1), []
        if open_ex:
            inside.append((kind, src))
        if open_ex and "{solution-end}" in src:
            shown = set(re.findall(r"\{glue:text\}`(\w+)", "".join(s for k, s in inside if k == "markdown")))
            glued = set(re.findall(r'glue\("(\w+)"', "".join(s for k, s in inside if k == "code")))
            assert shown <= glued, f"{open_ex}: figures shown but not computed in the solution: {shown - glued}"
            if shown:
                assert any(k == "code" for k, _ in inside), open_ex
            open_ex = None


@pytest.mark.parametrize("n", sorted(ANNOTATED))
def test_the_english_summary_has_a_paragraph_per_exercise(n):
    text = _markdown(CHAPTERS[n])
    summary = re.search(r"```\{admonition\} 本章摘要（English summary）\n(.*?)\n```", text, re.S).group(1)
    paragraphs = [p.strip() for p in summary.split("\n\n")]
    for ex in _labels(CHAPTERS[n]):
        assert any(p.startswith(f"**{ex}**") for p in paragraphs), \
            f"chapter {n}: the English summary has no paragraph on {ex}"


def test_every_exercise_and_solution_label_is_in_the_anchors_lock():
    lock = set(anchors.read_lock())
    for path in CHAPTERS.values():
        page = f"book/{path.stem}.html"
        for ex in _labels(path):
            assert f"{page}#{ex}" in lock, f"{page}#{ex} is not in data/anchors.lock"
            assert f"{page}#sol-{ex[3:]}" in lock, f"{page}#sol-{ex[3:]} is not in data/anchors.lock"


def test_the_trainers_guide_links_every_exercise(built_book):
    html_dir, _ = built_book
    guide = (html_dir / "book" / "appendix-trainers.html").read_text(encoding="utf-8")
    for path in CHAPTERS.values():
        for ex in _labels(path):
            assert f'href="{path.stem}.html#{ex}"' in guide, f"the trainer's guide does not link {ex}"


def test_built_exercises_show_number_and_label_and_solutions_are_dropdowns(built_book):
    # ex-2-1 is captioned 练习 2.1 and shows its label; sol-2-1 is a folded dropdown.
    html_dir, _ = built_book
    for n, path in CHAPTERS.items():
        page = (html_dir / "book" / f"{path.stem}.html").read_text(encoding="utf-8")
        for ex in _labels(path):
            number = ex[3:].replace("-", ".")
            m = re.search(rf'<div class="exercise admonition" id="{ex}">\s*<p class="admonition-title">'
                          rf'<span class="caption-number">练习 {re.escape(number)} </span>.*?'
                          rf'<span class="exercise-label">{ex}</span></p>', page, re.S)
            assert m, f"{path.stem}: {ex} is not captioned 练习 {number} with its label"
            assert f'<div class="solution dropdown admonition" id="sol-{ex[3:]}">' in page, ex
        assert 'id="exercise-content"' not in page and 'id="solution-content"' not in page, \
            f"{path.stem}: duplicate ids from sphinx_exercise"
