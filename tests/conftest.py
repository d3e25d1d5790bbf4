"""Shared fixtures. The book is built once per test session, strictly (-W)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
HTML = ROOT / "_build" / "html"


def _jupyter_book() -> str:
    exe = Path(sys.executable).parent / "jupyter-book"
    return str(exe) if exe.exists() else "jupyter-book"


@pytest.fixture(scope="session")
def built_book():
    """Build the book with warnings as errors; return (html_dir, build log)."""
    if os.environ.get("OVERDUE_SKIP_BUILD") and (HTML / "index.html").exists():
        return HTML, ""
    proc = subprocess.run(
        [_jupyter_book(), "build", str(ROOT), "-W", "--keep-going"],
        cwd=ROOT, capture_output=True, text=True, timeout=900,
    )
    log = proc.stdout + proc.stderr
    assert proc.returncode == 0, "strict book build failed:\n" + log[-6000:]
    return HTML, log


@pytest.fixture(scope="session")
def html_pages(built_book):
    html_dir, _ = built_book
    return sorted(p for p in html_dir.rglob("*.html") if "_static" not in p.parts)
