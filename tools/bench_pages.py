"""Page weight and speed of the built book, in headless Chromium on loopback.

For every page of the table of contents (_toc.yml, front page first): the bytes
transferred (sum of response body sizes: HTML, CSS, JS, fonts, figures) with an
empty cache, the number of requests, and the time to DOMContentLoaded (median of
three loads). Pages over the 1.5 MB budget are flagged. Prints a table and
asserts nothing (the e2e suite asserts the budget).

    .venv/bin/python tools/bench_pages.py [HTML_DIR]     # default: $OVERDUE_HTML or _build/html

The helpers here (pages from the TOC, the loopback server, the browser launch,
the measurement) are shared with tests/e2e, so the figures printed are the
figures the tests check.
"""

from __future__ import annotations

import functools
import glob as globmod
import http.server
import os
import re
import socketserver
import statistics
import sys
import threading
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import yaml

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = "/usr/bin/chromium"
BUDGET_BYTES = 1_500_000  # 1.5 MB (decimal) per page, fonts and figures included
CHROME_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
    "--disable-quic",
]
SOURCE_SUFFIXES = (".md", ".ipynb", ".rst", ".myst")


def html_dir() -> Path:
    return Path(os.environ.get("OVERDUE_HTML") or ROOT / "_build" / "html").resolve()


# ---------------------------------------------------------------- pages of the TOC
@dataclass(frozen=True)
class Page:
    docname: str          # e.g. "book/ch1-principles"
    numbered: bool        # in a numbered part (chapter and section numbers expected)
    front: bool = False   # the root of the TOC

    @property
    def path(self) -> str:
        return self.docname + ".html"

    def __str__(self) -> str:
        return self.docname


def _strip_suffix(name: str) -> str:
    for suffix in SOURCE_SUFFIXES:
        if name.endswith(suffix):
            return name[: -len(suffix)]
    return name


def toc_pages(root: Path = ROOT) -> list[Page]:
    """Every page the table of contents lists, in reading order, front page first."""
    toc = yaml.safe_load((root / "_toc.yml").read_text(encoding="utf-8")) or {}
    defaults = toc.get("defaults") or {}
    pages: list[Page] = [Page(_strip_suffix(toc["root"]), False, front=True)]
    seen = {pages[0].docname}

    def add(entries, numbered):
        for entry in entries or []:
            if not isinstance(entry, dict):
                continue
            opts = entry.get("options") or {}
            num = bool(entry.get("numbered", opts.get("numbered", numbered)))
            names = []
            if "file" in entry:
                names = [_strip_suffix(entry["file"])]
            elif "glob" in entry:
                names = sorted(_strip_suffix(os.path.relpath(p, root))
                               for p in globmod.glob(str(root / entry["glob"]))
                               if p.endswith(SOURCE_SUFFIXES))
            for name in names:
                if name not in seen:
                    seen.add(name)
                    pages.append(Page(name, num))
            for key in ("sections", "chapters", "parts", "subtrees", "entries"):
                add(entry.get(key), num)

    top_numbered = bool(toc.get("numbered", defaults.get("numbered", False)))
    for part in toc.get("parts") or toc.get("subtrees") or []:
        opts = part.get("options") or {}
        add(part.get("chapters") or part.get("entries"),
            bool(part.get("numbered", opts.get("numbered", top_numbered))))
    add(toc.get("chapters") or toc.get("sections") or toc.get("entries"), top_numbered)
    return pages


# ------------------------------------------------------------------ loopback server
class _Handler(http.server.SimpleHTTPRequestHandler):
    extensions_map = {
        **http.server.SimpleHTTPRequestHandler.extensions_map,
        ".js": "text/javascript", ".mjs": "text/javascript", ".css": "text/css",
        ".svg": "image/svg+xml", ".woff": "font/woff", ".woff2": "font/woff2",
        ".ttf": "font/ttf", ".json": "application/json", ".png": "image/png",
        ".ico": "image/x-icon", ".inv": "application/octet-stream",
    }

    def log_message(self, *args):  # quiet
        pass


class _Server(socketserver.ThreadingMixIn, http.server.HTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def handle_error(self, request, client_address):
        pass  # the browser cancelling a request is not our concern


class Site:
    """The HTML dir served on 127.0.0.1 at a free port, in a thread."""

    def __init__(self, directory: Path):
        handler = functools.partial(_Handler, directory=str(directory))
        self.server = _Server(("127.0.0.1", 0), handler)
        self.origin = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def url(self, path: str = "") -> str:
        return f"{self.origin}/{path.lstrip('/')}"

    def is_local(self, url: str) -> bool:
        if url.startswith(("data:", "blob:", "about:")):
            return True
        parts = urlsplit(url)
        return f"{parts.scheme}://{parts.netloc}" == self.origin

    def close(self):
        self.server.shutdown()
        self.server.server_close()


# ------------------------------------------------------------------------- browser
def launch(playwright):
    """Debian's chromium, headless (Playwright gives it a fresh temporary profile),
    with no background traffic to outside hosts."""
    return playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=list(CHROME_ARGS))


class Recorder:
    """Records every request of a context; aborts (and records) any that is not local."""

    def __init__(self, context, site: Site):
        self.site = site
        self.requests = []       # every request object, in order
        self.foreign = []        # URLs of requests to other hosts (aborted)
        self.failed = []         # (url, failure text)
        self.bad_status = []     # (url, status)
        self.console_errors = []
        self.page_errors = []
        self.finished = []       # request objects that completed
        # Equivalent to routing "**/*" and aborting what is not local, but the
        # pattern is matched inside the browser driver: local requests are not
        # held up by a round trip through Python (which costs ~0.3 s a page).
        context.route(re.compile("^(?!" + re.escape(site.origin + "/") + ")"), self._route)
        context.on("request", self._on_request)
        context.on("requestfailed", self._on_failed)
        context.on("requestfinished", lambda request: self.finished.append(request))
        context.on("response", self._on_response)
        context.on("page", self.watch)

    def watch(self, page):
        page.on("console", lambda msg: msg.type == "error" and self.console_errors.append(
            f"{msg.text} @ {msg.location.get('url', '')}"))
        page.on("pageerror", lambda exc: self.page_errors.append(str(exc)))

    def _route(self, route):
        if self.site.is_local(route.request.url):  # data:, blob: (never routed in practice)
            route.continue_()
        else:
            if route.request.url not in self.foreign:
                self.foreign.append(route.request.url)
            route.abort("blockedbyclient")

    def _on_request(self, request):
        self.requests.append(request)
        if not self.site.is_local(request.url) and request.url not in self.foreign:
            self.foreign.append(request.url)

    def _on_failed(self, request):
        if self.site.is_local(request.url):
            self.failed.append((request.url, request.failure))

    def _on_response(self, response):
        if response.status >= 400:
            self.bad_status.append((response.url, response.status))

    def transferred_bytes(self) -> int:
        total = 0
        for request in self.finished:
            try:
                total += max(request.sizes()["responseBodySize"], 0)
            except Exception:  # noqa: BLE001 (a request of a closed page)
                response = request.response()
                total += len(response.body()) if response else 0
        return total


def dom_content_loaded_ms(page) -> float:
    return page.evaluate(
        "() => { const n = performance.getEntriesByType('navigation')[0];"
        " return n ? n.domContentLoadedEventEnd - n.startTime : NaN; }")


def measure(browser, site: Site, page_path: str, runs: int = 3) -> dict:
    """Cold-cache bytes and requests (first load), median time to DOMContentLoaded."""
    times, first = [], None
    for _ in range(runs):
        context = browser.new_context(viewport={"width": 1280, "height": 800})
        rec = Recorder(context, site)
        page = context.new_page()
        page.goto(site.url(page_path), wait_until="load")
        page.wait_for_load_state("networkidle")
        times.append(dom_content_loaded_ms(page))
        if first is None:
            first = {"bytes": rec.transferred_bytes(), "requests": len(rec.requests),
                     "foreign": list(rec.foreign)}
        context.close()
    return {**first, "dcl_ms": statistics.median(times)}


def main(argv: list[str]) -> int:
    from playwright.sync_api import sync_playwright

    directory = Path(argv[1]).resolve() if len(argv) > 1 else html_dir()
    if not (directory / "index.html").exists():
        print(f"no built book at {directory}: run `make book` first", file=sys.stderr)
        return 2
    pages = toc_pages()
    site = Site(directory)
    rows = []
    try:
        with sync_playwright() as p:
            browser = launch(p)
            try:
                for page in pages:
                    rows.append((page.path, measure(browser, site, page.path)))
            finally:
                browser.close()
    finally:
        site.close()
    width = max(len(path) for path, _ in rows)
    print(f"{'page':<{width}}  {'kB':>8}  {'requests':>8}  {'DCL ms':>7}  budget 1500 kB")
    print("-" * (width + 38))
    for path, m in rows:
        flag = "OVER 1.5 MB" if m["bytes"] > BUDGET_BYTES else "ok"
        if m["foreign"]:
            flag += f"  ({len(m['foreign'])} blocked third-party requests)"
        print(f"{path:<{width}}  {m['bytes'] / 1000:>8.1f}  {m['requests']:>8}  {m['dcl_ms']:>7.1f}  {flag}")
    total = sum(m["bytes"] for _, m in rows)
    print("-" * (width + 38))
    print(f"{len(rows)} pages from {directory}; largest "
          f"{max(m['bytes'] for _, m in rows) / 1000:.1f} kB; all pages {total / 1000:.1f} kB "
          f"(1 kB = 1000 bytes of response bodies; DCL = median of 3 loads)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
