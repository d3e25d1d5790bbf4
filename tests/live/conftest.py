"""Browser tests of the in-browser calculators (issue 10), in headless Chromium.

Run with ``make e2e`` or ``.venv/bin/python -m pytest tests/live -q``. This tree
is collected only when asked for by path, never by ``pytest tests`` (``make test``).

- The calculators' pages: the built book's when its chapters carry all four
  (``{live-calculator}``), else a throwaway one-page book (tests/live/livebook.py).
- The HTML dir is served by Debian's nginx with deploy/'s configuration on
  127.0.0.1 at a free port (tools/nginx_site.py: pre-compressed files, caching,
  security headers and the Content-Security-Policy); every request is recorded
  and any to another host is aborted and fails the test; any CSP violation in a
  shared calculator page fails the session (the pages' teardown).
- One page per calculator page for the whole session: the runtime is started once
  (it is several megabytes) and every case is entered into the same page.

A missing browser (/usr/bin/chromium, the playwright package) or a live version
that could not be built skips the suite, except when ``CI`` is set: then it fails.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

LIVE_TESTS = Path(__file__).resolve().parent
ROOT = LIVE_TESTS.parents[1]
sys.path.insert(0, str(ROOT / "tools"))

import bench_pages as bp  # noqa: E402  (loopback server, browser launch, request recorder)
from browser_support import CSPWatch, chromium_session, named_on_command_line, nginx_session, unavailable  # noqa: E402

from . import livebook  # noqa: E402

START_TIMEOUT_MS = 240_000  # first start compiles ~10 MB of wasm; slow on a loaded 2-core runner
RENDER_TIMEOUT_MS = 30_000


def pytest_ignore_collect(collection_path, config):
    """Collect this tree only when a path inside it was given on the command line."""
    return None if named_on_command_line(LIVE_TESTS, config) else True


# ------------------------------------------------------------------- fixtures
@pytest.fixture(scope="session")
def calc_site(tmp_path_factory):
    """(html_dir, {calculator: page path}, where)"""
    manifest = livebook.ensure_live_built()
    if not manifest.get("ok"):
        unavailable(f"the live calculators were not built: {manifest.get('reason')}")
    return livebook.calculator_site(tmp_path_factory.mktemp("livecalc-book"))


@pytest.fixture(scope="session")
def site(calc_site):
    yield from nginx_session(calc_site[0])


@pytest.fixture(scope="session")
def browser():
    yield from chromium_session()


class LivePage:
    """One page in its own context, every request recorded (non-local ones aborted)."""

    def __init__(self, browser, site, path: str):
        self.context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
        self.rec = bp.Recorder(self.context, site)
        self.csp = CSPWatch(self.context)
        self.page = self.context.new_page()
        self.page.goto(site.url(path), wait_until="load")
        self.started: set[str] = set()

    def root(self, name: str):
        return self.page.locator(f'.livecalc[data-calculator="{name}"]').first

    def start(self, name: str) -> None:
        if name in self.started:
            return
        root = self.root(name)
        root.locator(".livecalc-start").click()
        uid = root.get_attribute("id")
        self.page.wait_for_function(
            "id => ['ready', 'error'].includes(document.getElementById(id).dataset.state)",
            arg=uid, timeout=START_TIMEOUT_MS)
        state = root.get_attribute("data-state")
        assert state == "ready", f"{name}: {root.locator('.livecalc-status').inner_text()}"
        self.started.add(name)


@pytest.fixture(scope="session")
def live_pages(browser, site, calc_site):
    """live(name) -> LivePage with calculator ``name`` started; pages are shared."""
    _, pages, _ = calc_site
    opened: dict[str, LivePage] = {}

    def live(name: str, start: bool = True) -> LivePage:
        path = pages[name]
        if path not in opened:
            opened[path] = LivePage(browser, site, path)
        lp = opened[path]
        if start:
            lp.start(name)
        return lp

    yield live
    for lp in opened.values():
        lp.context.close()
    violations = "\n".join(lp.csp.describe() for lp in opened.values() if lp.csp.violations)
    if violations:
        pytest.fail(violations, pytrace=False)
