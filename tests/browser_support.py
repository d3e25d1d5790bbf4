"""What the three browser suites (tests/e2e, tests/app, tests/live) share.

- they are collected only when asked for by path, never by ``pytest tests``;
- a missing browser skips them, except when ``CI`` is set: then it fails;
- one Debian Chromium per session, launched by tools/bench_pages.launch (the
  flags that keep it from contacting outside hosts live there, once);
- the built book is served by Debian's nginx with deploy/'s configuration
  (tools/nginx_site.py: compression, caching and security headers as a host
  sends them), under ``$OVERDUE_PREFIX`` (default ``/``);
- every page of a browser context reports its Content-Security-Policy
  violations (``securitypolicyviolation`` events) to Python: ``CSPWatch``.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))
import bench_pages as bp  # noqa: E402
import nginx_site  # noqa: E402


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


def nginx_session(html_dir: Path, prefix: str | None = None):
    """Generator for a session fixture: yields an nginx_site.NginxSite serving
    ``html_dir`` (twins written first), then stops it."""
    if not nginx_site.nginx_binary():
        unavailable("nginx is missing (apt-get install -y nginx libnginx-mod-http-brotli-static)")
    prefix = prefix if prefix is not None else os.environ.get("OVERDUE_PREFIX", "/")
    try:
        site = nginx_site.NginxSite(html_dir, prefix=prefix)
    except nginx_site.NginxError as exc:
        pytest.fail(f"nginx does not serve {html_dir}: {exc}", pytrace=False)
    try:
        yield site
    finally:
        site.close()


CSP_LISTENER = """
document.addEventListener('securitypolicyviolation', (e) => {
  window.__overdueCSP(JSON.stringify({page: location.href, directive: e.violatedDirective,
    blocked: e.blockedURI, source: e.sourceFile, line: e.lineNumber, sample: e.sample,
    disposition: e.disposition}));
});
"""


class CSPWatch:
    """Every Content-Security-Policy violation in any page of ``context``, reported
    as it happens (a binding, so that a navigation loses none)."""

    def __init__(self, context):
        self.violations: list[dict] = []
        context.expose_binding("__overdueCSP", lambda source, data: self.violations.append(json.loads(data)))
        context.add_init_script(CSP_LISTENER)

    def describe(self) -> str:
        return "\n".join(f"CSP violation on {v['page']}: {v['directive']} blocked "
                         f"{v['blocked'] or 'inline code'} ({v['source']}:{v['line']}) {v['sample']!r}"
                         for v in self.violations)
