"""What the three browser suites (tests/e2e, tests/app, tests/live) share.

- they are collected only when asked for by path, never by ``pytest tests``;
- a missing browser skips them, except when ``CI`` is set: then it fails;
- one Debian Chromium per session, launched by tools/bench_pages.launch (the
  flags that keep it from contacting outside hosts live there, once).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))
import bench_pages as bp  # noqa: E402


def named_on_command_line(tree: Path, config) -> bool:
    """True if a path inside ``tree`` was given to pytest, or pytest runs inside it."""
    here = Path(config.invocation_params.dir).resolve()
    for arg in config.invocation_params.args:
        arg = str(arg)
        if arg.startswith("-"):
            continue
        path = (here / arg.split("::")[0]).resolve()
        if path == tree or tree in path.parents:
            return True
    return here == tree or tree in here.parents


def unavailable(reason: str):
    if os.environ.get("CI"):
        pytest.fail(f"{reason} (CI is set: a missing browser fails the run)", pytrace=False)
    pytest.skip(reason)


def chromium_session():
    """Generator for a session fixture: yields a launched Chromium, then closes it."""
    if not Path(bp.CHROMIUM).exists():
        unavailable(f"{bp.CHROMIUM} is missing (apt-get install -y chromium fonts-wqy-microhei)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        unavailable("the playwright Python package is not installed")
    pw = sync_playwright().start()
    try:
        chromium = bp.launch(pw)
    except Exception as exc:  # noqa: BLE001
        pw.stop()
        unavailable(f"Chromium did not start: {exc}")
    try:
        yield chromium
    finally:
        chromium.close()
        pw.stop()
