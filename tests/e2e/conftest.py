"""End-to-end tests of the built book in headless Chromium (issue 9).

Run with ``make e2e`` or ``.venv/bin/python -m pytest tests/e2e -q``; the HTML dir
is ``$OVERDUE_HTML`` (default ``_build/html``). This tree is collected only when
asked for by path, never by ``pytest tests`` (``make test``).

- the HTML dir is served by Debian's nginx with deploy/'s configuration on
  127.0.0.1 at a free port (tools/nginx_site.py), under ``$OVERDUE_PREFIX``
  (default ``/``), as a host would serve it: pre-compressed files, caching and
  security headers, the Content-Security-Policy;
- every page visited reports its CSP violations: any one fails the test (in the
  ``visit`` fixture's teardown), as does any console error the tests check;
- one Debian Chromium (``/usr/bin/chromium``, never ``playwright install``) per
  session, a new browser context per test;
- every request is recorded, and any to a host other than the local server is
  aborted and counted as a failure;
- axe-core comes from the npm registry (``npm pack``, pinned version and
  integrity) into ``.cache/`` and is injected from that file.

A missing browser skips the suite, except when ``CI`` is set: then it fails.
"""

from __future__ import annotations

import base64
import hashlib
import json
import shutil
import subprocess
import tarfile
import tempfile
from pathlib import Path

import pytest

from browser_support import CSPWatch, chromium_session, named_on_command_line, nginx_session, unavailable
from e2e_support import DESKTOP, E2E, ROOT, bp

AXE_VERSION = "4.14.1"
AXE_INTEGRITY = ("sha512-FHfa+lmNjQZfJz1q8wKqIDwC6DExcHt/pkjNQb09a3NPjCKg2rhu5qb2S4r76ASyFNNtuFooJpZe37OgudVGtQ==")
AXE_CACHE = ROOT / ".cache" / f"axe-core-{AXE_VERSION}"


# ------------------------------------------------------------------ collection
def pytest_ignore_collect(collection_path, config):
    """Collect this tree only when asked for; ``pytest tests`` (make test) leaves it out."""
    return None if named_on_command_line(E2E, config) else True


# --------------------------------------------------------------------- fixtures
@pytest.fixture(scope="session")
def html_dir() -> Path:
    directory = bp.html_dir()
    if not (directory / "index.html").exists():
        pytest.fail(f"no built book at {directory}: build it first (make book), "
                    "or point OVERDUE_HTML at a built html dir", pytrace=False)
    return directory


@pytest.fixture(scope="session")
def shots_dir(html_dir) -> Path:
    out = html_dir.parent / "screenshots"
    out.mkdir(parents=True, exist_ok=True)
    return out


@pytest.fixture(scope="session")
def site(html_dir):
    yield from nginx_session(html_dir)


@pytest.fixture(scope="session")
def browser():
    yield from chromium_session()


class Visit:
    """A fresh browser context with every request recorded; non-local ones aborted."""

    def __init__(self, browser, site, viewport, **options):
        self.site = site
        self.context = browser.new_context(viewport=viewport, locale="zh-CN", **options)
        self.rec = bp.Recorder(self.context, site)
        self.csp = CSPWatch(self.context)
        self.responses = []  # every response, for the header checks of test_serving.py
        self.context.on("response", lambda response: self.responses.append(response))
        self.page = self.context.new_page()

    def goto(self, path: str, idle: bool = False):
        response = self.page.goto(self.site.url(path), wait_until="load")
        if idle:
            self.page.wait_for_load_state("networkidle")
        return response

    def close(self):
        self.context.close()


@pytest.fixture
def visit(browser, site, request):
    """visit(path, viewport=DESKTOP, idle=False, **context options) -> Visit

    A test that injects axe-core (it asks for ``axe_path``) gets a context that
    bypasses the page's CSP: Playwright's ``add_script_tag`` adds an inline
    script, which the policy rightly refuses. Every other test runs under the
    policy, and any violation fails it."""
    opened: list[Visit] = []
    defaults = {"bypass_csp": True} if "axe_path" in request.fixturenames else {}

    def _visit(path: str, viewport=DESKTOP, idle: bool = False, **options) -> Visit:
        v = Visit(browser, site, viewport, **{**defaults, **options})
        opened.append(v)
        v.goto(path, idle=idle)
        return v

    yield _visit
    for v in opened:
        v.close()
    violations = "\n".join(v.csp.describe() for v in opened if v.csp.violations)
    if violations:
        pytest.fail(violations, pytrace=False)


def _sri(data: bytes) -> str:
    return "sha512-" + base64.b64encode(hashlib.sha512(data).digest()).decode()


@pytest.fixture(scope="session")
def axe_path() -> Path:
    """axe.min.js from the npm registry (pinned version and integrity), cached in .cache/."""
    target = AXE_CACHE / "axe.min.js"
    if target.exists():
        return target
    npm = shutil.which("npm")
    if not npm:
        unavailable("npm is missing: it fetches axe-core from the npm registry")
    with tempfile.TemporaryDirectory() as tmp:
        proc = subprocess.run(
            [npm, "pack", f"axe-core@{AXE_VERSION}", "--json", "--pack-destination", tmp],
            cwd=tmp, capture_output=True, text=True, timeout=300)
        assert proc.returncode == 0, "npm pack axe-core failed:\n" + proc.stderr[-3000:]
        info = json.loads(proc.stdout)[0]
        tarball = Path(tmp) / info["filename"]
        data = tarball.read_bytes()
        assert _sri(data) == AXE_INTEGRITY, "axe-core tarball does not match the pinned integrity"
        with tarfile.open(tarball) as tar:
            member = tar.extractfile("package/axe.min.js")
            licence = tar.extractfile("package/LICENSE")
            AXE_CACHE.mkdir(parents=True, exist_ok=True)
            (AXE_CACHE / "LICENSE").write_bytes(licence.read() if licence else b"")
            partial = target.with_suffix(".part")
            partial.write_bytes(member.read())
            partial.replace(target)
    return target
