"""Shared by the e2e tests (a module name of its own: tests/app and tests/live have
conftest.py files too, so ``from conftest import …`` would be ambiguous)."""

from __future__ import annotations

import sys
from pathlib import Path

E2E = Path(__file__).resolve().parent
ROOT = E2E.parents[1]
if str(ROOT / "tools") not in sys.path:
    sys.path.insert(0, str(ROOT / "tools"))

import bench_pages as bp  # noqa: E402  (pages of the TOC, loopback server, browser, weight)

PAGES = bp.toc_pages(ROOT)
DESKTOP = {"width": 1280, "height": 800}
MOBILE = {"width": 390, "height": 844}

SHOT_MAX_HEIGHT = 8000  # CSS px: a full 50 000 px appendix takes 10 s or more to capture


def shoot(v, path: Path, viewport: dict) -> None:
    """Screenshot of the top SHOT_MAX_HEIGHT pixels of the page, fonts loaded."""
    v.page.evaluate("document.fonts.ready.then(() => true)")
    height = min(v.page.evaluate("document.scrollingElement.scrollHeight"), SHOT_MAX_HEIGHT)
    v.page.screenshot(path=str(path), full_page=True,
                      clip={"x": 0, "y": 0, "width": viewport["width"], "height": height})


def page_source(html_dir: Path, page) -> str:
    """The built HTML of a page, to skip a check without a browser when the page
    has nothing to check (no citation, no code cell)."""
    return (html_dir / page.path).read_text(encoding="utf-8")
