"""The book as a host serves it (issue 17): nginx with deploy/'s configuration.

Every other test of this suite already runs through nginx and fails on any
Content-Security-Policy violation (conftest.py). These tests check the server
itself: the pre-compressed twins and that they are what is sent, the MIME types,
the caching and security headers, the policy in every page, the theme's inline
handlers under that policy, the book under a sub-path, the base URL in the
citations and the sitemap.

HTTP requests go only to the nginx on 127.0.0.1 that the fixtures started, a
bounded number of them (one per page or file checked).
"""

from __future__ import annotations

import brotli
import gzip
import html
import os
import re
import subprocess
import sys
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from browser_support import CSPWatch, nginx_session
from e2e_support import DESKTOP, PAGES, ROOT, bp

sys.path.insert(0, str(ROOT / "tests" / "live"))
import livebook  # noqa: E402
import compress  # noqa: E402  (tools/, on the path through e2e_support)
import nginx_site  # noqa: E402

IMMUTABLE = "public, max-age=31536000, immutable"
REVALIDATE = "no-cache"
PLACEHOLDER = "https://overdue-notebook.example.org/"
START_TIMEOUT_MS = 240_000
CHROMIUM_ACCEPTS = "gzip, deflate, br, zstd"


# ------------------------------------------------------------------- helpers
def get(url: str, accept_encoding: str | None = None) -> tuple[int, dict, bytes]:
    """(status, headers with lower-case names, body as sent) — no redirect followed."""
    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    request = urllib.request.Request(url, headers={"Accept-Encoding": accept_encoding or "identity"})
    opener = urllib.request.build_opener(NoRedirect)
    try:
        with opener.open(request, timeout=30) as r:
            return r.status, {k.lower(): v for k, v in r.headers.items()}, r.read()
    except urllib.error.HTTPError as err:
        return err.code, {k.lower(): v for k, v in err.headers.items()}, err.read()


def decoded(headers: dict, body: bytes) -> bytes:
    encoding = headers.get("content-encoding")
    if encoding == "br":
        return brotli.decompress(body)
    if encoding == "gzip":
        return gzip.decompress(body)
    return body


def file_for(site, html_dir: Path, url: str) -> Path | None:
    """The file under html_dir that a URL of the site names (None: outside the site)."""
    parts = urlsplit(url)
    path = unquote(parts.path)
    if not path.startswith(site.prefix):
        return None
    target = html_dir / path[len(site.prefix):]
    return target / "index.html" if target.is_dir() else target


def best_encoding(path: Path, accepted: str = "gzip, deflate, br, zstd") -> str | None:
    """What the server must send for ``path`` to a client accepting ``accepted``."""
    if "br" in accepted and path.with_name(path.name + ".br").exists():
        return "br"
    if "gzip" in accepted and path.with_name(path.name + ".gz").exists():
        return "gzip"
    return None


def meta_policy(text: str) -> str | None:
    m = nginx_site.CSP_META.search(text)
    return html.unescape(m.group(1)) if m else None


def calculator_page(html_dir: Path) -> str:
    pages = livebook.scan(html_dir)
    if not pages or not (html_dir / "_static" / "live").exists():
        pytest.skip("this build carries no in-browser calculator")
    return sorted(pages.values())[0]


@pytest.fixture(scope="module")
def policy(html_dir) -> str:
    return nginx_site.read_csp(html_dir)


# ------------------------------------------------------------ the twins on disk
def test_every_compressible_file_has_fresh_twins(site, html_dir):
    """tools/compress.py, run again in check mode: each .br and .gz twin is exactly
    what the file's current content compresses to, none is missing or orphaned."""
    stats = compress.run(html_dir, check=True)
    assert stats["files"] > 50, stats
    assert not stats["problems"], "\n".join(stats["problems"][:20])


def test_the_runtime_goes_out_in_at_most_6_mb(html_dir):
    """The runtime as sent to a browser that accepts brotli: the wasm (9.6 MB raw),
    the standard library, the JavaScript and the wheels add up to at most 6 MB
    (decimal): 6 000 000 bytes."""
    live = html_dir / "_static" / "live"
    if not live.exists():
        pytest.skip("this build carries no in-browser calculator")
    files = [p for p in live.rglob("*") if p.is_file() and p.suffix not in (".br", ".gz")
             and p.name != "NOTICE.txt"]
    sent = {p.name: (p.with_name(p.name + ".br") if p.with_name(p.name + ".br").exists() else p).stat().st_size
            for p in files}
    raw = sum(p.stat().st_size for p in files)
    assert raw > 10_000_000, f"the runtime is {raw} bytes raw: not the Pyodide runtime?"
    assert sum(sent.values()) <= 6_000_000, f"{sum(sent.values())} bytes sent: {sent}"


# ------------------------------------------------------------ headers over HTTP
KINDS = [
    # (path relative to the site, expected Content-Type, expected Cache-Control)
    ("book/index.html", "text/html; charset=utf-8", REVALIDATE),
    ("search.html", "text/html; charset=utf-8", REVALIDATE),
    ("searchindex.js", "text/javascript; charset=utf-8", REVALIDATE),
    ("sitemap.xml", "application/xml; charset=utf-8", REVALIDATE),
    ("_static/check-solid.svg", "image/svg+xml; charset=utf-8", REVALIDATE),
]


def _versioned_kinds(html_dir: Path) -> list[tuple[str, str, str]]:
    """The theme's stylesheet with its ?digest= and Sphinx's doctools.js with its ?v=,
    as a page links them."""
    text = (html_dir / PAGES[0].path).read_text(encoding="utf-8")
    sheet = re.search(r'href="\.\./(_static/styles/theme\.css\?digest=[0-9a-f]+)"', text).group(1)
    script = re.search(r'src="\.\./(_static/doctools\.js\?v=[0-9a-f]+)"', text).group(1)
    return [(sheet, "text/css; charset=utf-8", IMMUTABLE), (script, "text/javascript; charset=utf-8", IMMUTABLE)]


def _runtime_kinds(html_dir: Path) -> list[tuple[str, str, str]]:
    live = html_dir / "_static" / "live"
    out = []
    for pattern, ctype in (("pyodide-*/pyodide.asm.wasm", "application/wasm"),
                           ("pyodide-*/pyodide.mjs", "text/javascript; charset=utf-8"),
                           ("pyodide-*/python_stdlib.zip", "application/zip"),
                           ("pkgs-*/overdue-*.whl", "application/zip"),
                           ("pkgs-*/pyodide-lock.json", "application/json; charset=utf-8")):
        for path in sorted(live.glob(pattern))[:1]:
            out.append((path.relative_to(html_dir).as_posix(), ctype, IMMUTABLE))
    return out


def test_types_caching_and_compression_of_each_kind_of_file(site, html_dir, policy):
    """For a page, the search page and index, the sitemap, a theme stylesheet with its
    ?digest=, and the runtime (wasm, module, standard library, wheel, lock file):
    the right Content-Type (the wasm as application/wasm, so that it compiles while
    it downloads; .mjs as JavaScript, or the module is refused); a year's immutable
    caching for the versioned and hashed URLs, revalidation for the rest; brotli to
    a client that accepts it, gzip to one that accepts only gzip, the file itself to
    one that accepts neither, and the same bytes after decoding in all three cases."""
    problems = []
    for rel, ctype, cache in KINDS + _versioned_kinds(html_dir) + _runtime_kinds(html_dir):
        path = html_dir / rel.split("?")[0]
        assert path.exists(), rel
        original = path.read_bytes()
        for accepted, expected in (("gzip, deflate, br, zstd", best_encoding(path)),
                                   ("gzip", best_encoding(path, "gzip")), (None, None)):
            status, headers, body = get(site.url(rel), accepted)
            label = f"{rel} (Accept-Encoding: {accepted or 'identity'})"
            if status != 200:
                problems.append(f"{label}: HTTP {status}")
                continue
            if headers.get("content-type") != ctype:
                problems.append(f"{label}: Content-Type {headers.get('content-type')!r}, expected {ctype!r}")
            if headers.get("cache-control") != cache:
                problems.append(f"{label}: Cache-Control {headers.get('cache-control')!r}, expected {cache!r}")
            if headers.get("content-encoding") != expected:
                problems.append(f"{label}: Content-Encoding {headers.get('content-encoding')!r}, "
                                f"expected {expected!r}")
            if best_encoding(path) and "accept-encoding" not in headers.get("vary", "").lower():
                problems.append(f"{label}: no Vary: Accept-Encoding (the file has twins)")
            if decoded(headers, body) != original:
                problems.append(f"{label}: the decoded body is not the file")
    assert not problems, "\n".join(problems)


def test_security_headers_on_pages_files_and_errors(site, html_dir, policy):
    """Every response says nosniff and no-referrer, a missing page too. Pages carry
    the policy of their <meta> plus frame-ancestors 'none', and a Permissions-Policy
    that denies the camera, microphone, location, payment and the sensors."""
    problems = []
    urls = [p.path for p in PAGES] + ["search.html", "genindex.html", "", "no-such-page.html",
                                      "_static/livecalc.js", "_static/check-solid.svg"]
    for rel in urls:
        status, headers, _ = get(site.url(rel))
        if rel == "no-such-page.html":
            assert status == 404
        elif status != 200:
            problems.append(f"{rel}: HTTP {status}")
            continue
        if headers.get("x-content-type-options") != "nosniff":
            problems.append(f"{rel}: X-Content-Type-Options {headers.get('x-content-type-options')!r}")
        if headers.get("referrer-policy") != "no-referrer":
            problems.append(f"{rel}: Referrer-Policy {headers.get('referrer-policy')!r}")
        if headers.get("content-type", "").startswith("text/html"):
            if headers.get("content-security-policy") != policy + "; frame-ancestors 'none'":
                problems.append(f"{rel}: Content-Security-Policy {headers.get('content-security-policy', '')[:120]!r}")
            permissions = headers.get("permissions-policy", "")
            for feature in ("camera=()", "microphone=()", "geolocation=()", "payment=()", "usb=()",
                            "accelerometer=()", "gyroscope=()", "magnetometer=()", "autoplay=()"):
                if feature not in permissions:
                    problems.append(f"{rel}: Permissions-Policy lacks {feature}")
    assert not problems, "\n".join(problems)


def test_twins_and_hidden_files_are_not_served_by_name(site):
    """A .br or .gz twin is never a URL of its own, nor is a dot-file such as .buildinfo."""
    for rel in ("book/index.html.br", "book/index.html.gz", ".buildinfo"):
        status, _, _ = get(site.url(rel))
        assert status == 404, f"{rel}: HTTP {status}"


# ----------------------------------------------------------- the policy in pages
def test_every_page_carries_the_same_strict_policy(html_dir, policy):
    """Every built page (the redirect at the root too) carries the policy in a
    <meta http-equiv>, the same one, and it allows the site's own origin only:
    no 'unsafe-inline', no 'unsafe-eval', no other host or scheme but data: for
    images; 'wasm-unsafe-eval' for Pyodide."""
    pages = [p for p in html_dir.rglob("*.html") if not {"_static", "_sources"} & set(p.relative_to(html_dir).parts)]
    assert len(pages) >= len(PAGES)
    missing = [p.relative_to(html_dir).as_posix() for p in pages
               if meta_policy(p.read_text(encoding="utf-8")) != policy]
    assert not missing, f"pages without the site's policy: {missing}"
    directives = dict(d.strip().split(" ", 1) for d in policy.split(";"))
    assert directives["default-src"] == "'self'"
    assert directives["object-src"] == "'none'"
    for name, value in directives.items():
        assert "'unsafe-inline'" not in value and "'unsafe-eval'" not in value, (name, value)
        sources = [s for s in value.split() if not s.startswith("'")]
        assert sources in ([], ["data:"]), f"{name} allows {sources}"
    assert "'wasm-unsafe-eval'" in directives["script-src"]
    head = (html_dir / PAGES[0].path).read_text(encoding="utf-8").split("<script", 1)[0]
    assert meta_policy(head) == policy, "the <meta> must come before the first script"
    assert '<meta name="referrer" content="no-referrer" />' in head


def test_the_theme_buttons_run_under_the_policy(visit, site):
    """The theme's two buttons use inline handlers (onclick="toggleFullScreen()",
    onclick="window.print()"): the policy allows exactly these by hash, so a click
    runs them and reports no violation."""
    v = visit(PAGES[1].path)
    v.page.evaluate("""() => { window.__ran = [];
        window.print = () => window.__ran.push('print');
        window.toggleFullScreen = () => window.__ran.push('fullscreen'); }""")
    for selector in ('button[onclick="window.print()"]', 'button[onclick="toggleFullScreen()"]'):
        button = v.page.locator(selector).first
        assert button.count() == 1, selector
        button.evaluate("b => b.click()")
    assert v.page.evaluate("window.__ran") == ["print", "fullscreen"]
    assert not v.csp.violations, v.csp.describe()


def _check_responses(v, site, html_dir) -> list[str]:
    """Every response the browser received: nosniff and no-referrer on all; the
    policy on pages; and compressed wherever the file has a twin."""
    problems = []
    for response in v.responses:
        url = response.url
        if not site.is_local(url) or url.startswith(("data:", "blob:")):
            continue
        headers = response.all_headers()
        path = file_for(site, html_dir, url)
        if response.status >= 400 or path is None:
            problems.append(f"HTTP {response.status}: {url}")
            continue
        if headers.get("x-content-type-options") != "nosniff" or headers.get("referrer-policy") != "no-referrer":
            problems.append(f"security headers missing: {url}")
        if headers.get("content-type", "").startswith("text/html") and "content-security-policy" not in headers:
            problems.append(f"no Content-Security-Policy header: {url}")
        if response.status == 200:
            # Chromium adds Accept-Encoding in its network stack, where Playwright does not
            # always see it; on loopback it sends "gzip, deflate, br, zstd".
            accepted = response.request.all_headers().get("accept-encoding") or CHROMIUM_ACCEPTS
            expected = best_encoding(path, accepted)
            if headers.get("content-encoding") != expected:
                problems.append(f"Content-Encoding {headers.get('content-encoding')!r}, expected {expected!r}: {url}")
    return problems


@pytest.mark.parametrize("page", PAGES, ids=str)
def test_browser_gets_compressed_responses_with_headers(visit, site, html_dir, page):
    """Loading each page in Chromium: every response carries the security headers,
    every file that has a twin comes compressed (brotli: Chromium asks for it
    even on loopback), and the page reports no policy violation."""
    v = visit(page.path, idle=True)
    problems = _check_responses(v, site, html_dir)
    assert len(v.responses) >= 5
    assert not problems, "\n".join(problems)
    assert not v.csp.violations, v.csp.describe()


def _start_calculator(v) -> None:
    root = v.page.locator(".livecalc[data-calculator]").first
    root.locator("[data-name]").first.focus()  # the reader's interest: the runtime starts loading
    root.locator(".livecalc-start").click()
    v.page.wait_for_function(
        "id => ['ready', 'error'].includes(document.getElementById(id).dataset.state)",
        arg=root.get_attribute("id"), timeout=START_TIMEOUT_MS)
    assert root.get_attribute("data-state") == "ready", root.locator(".livecalc-status").inner_text()


def test_calculator_starts_under_the_policy_with_compressed_runtime(visit, site, html_dir):
    """Starting a calculator: Pyodide compiles its wasm and starts Python under the
    policy (no 'unsafe-eval' needed), and the wasm, the standard library, the
    modules and the wheels all arrive brotli-compressed."""
    path = calculator_page(html_dir)
    v = visit(path)
    before = [r.url for r in v.responses if "/_static/live/" in r.url]
    assert not before, f"the runtime was fetched before the reader showed interest: {before}"
    _start_calculator(v)
    v.page.wait_for_load_state("networkidle")
    runtime = [r for r in v.responses if "/_static/live/" in r.url]
    encodings = {r.url.rsplit("/", 1)[1]: r.all_headers().get("content-encoding") for r in runtime}
    assert encodings.get("pyodide.asm.wasm") == "br", encodings
    assert encodings.get("python_stdlib.zip") == "br", encodings
    problems = _check_responses(v, site, html_dir)
    assert not problems, "\n".join(problems)
    assert not v.csp.violations, v.csp.describe()
    assert not v.rec.console_errors and not v.rec.page_errors, (v.rec.console_errors, v.rec.page_errors)


# ------------------------------------------------------------------ a sub-path
@pytest.fixture(scope="module")
def subpath_site(html_dir):
    yield from nginx_session(html_dir, prefix="/overdue/")


def test_the_bare_sub_path_redirects_and_nothing_else_answers(subpath_site):
    """Served under /overdue/: /overdue answers 301 to /overdue/ (a relative
    Location, whatever the host's name), /overdue/ gives the front page, and the
    domain root is not the book's (404)."""
    status, headers, _ = get(subpath_site.origin + "/overdue")
    assert (status, headers.get("location")) == (301, "/overdue/")
    status, headers, body = get(subpath_site.origin + "/overdue/")
    assert status == 200 and b'http-equiv="Refresh"' in body
    status, _, _ = get(subpath_site.origin + "/book/index.html")
    assert status == 404


@pytest.mark.parametrize("page", PAGES + [bp.Page("search", False)], ids=str)
def test_every_page_works_under_a_sub_path(browser, subpath_site, html_dir, page):
    """Under /overdue/, every page loads everything it needs from /overdue/ (no
    request escapes to the domain root: it would be a 404 there) without any
    console error or policy violation."""
    v = _SubVisit(browser, subpath_site, page.path)
    try:
        assert v.rec.requests
        escaped = [r.url for r in v.rec.requests
                   if subpath_site.is_local(r.url) and not urlsplit(r.url).path.startswith("/overdue/")]
        problems = [f"outside /overdue/: {u}" for u in escaped]
        problems += [f"HTTP {s}: {u}" for u, s in v.rec.bad_status]
        problems += [f"request to another host: {u}" for u in v.rec.foreign]
        problems += [f"console error: {m}" for m in v.rec.console_errors]
        problems += [f"uncaught exception: {m}" for m in v.rec.page_errors]
        assert not problems, "\n".join(problems)
        assert not v.csp.violations, v.csp.describe()
    finally:
        v.close()


def test_calculator_starts_under_a_sub_path(browser, subpath_site, html_dir):
    """Under /overdue/, the calculator's runtime and wheels come from
    /overdue/_static/live/ and it starts."""
    path = calculator_page(html_dir)
    v = _SubVisit(browser, subpath_site, path)
    try:
        _start_calculator(v)
        runtime = [r.url for r in v.rec.requests if "/_static/live/" in r.url]
        assert runtime and all(urlsplit(u).path.startswith("/overdue/_static/live/") for u in runtime), runtime
        assert not v.rec.bad_status and not v.csp.violations, (v.rec.bad_status, v.csp.describe())
    finally:
        v.close()


class _SubVisit:
    def __init__(self, browser, site, path):
        self.context = browser.new_context(viewport=DESKTOP, locale="zh-CN")
        self.rec = bp.Recorder(self.context, site)
        self.csp = CSPWatch(self.context)
        self.page = self.context.new_page()
        self.page.goto(site.url(path), wait_until="load")
        self.page.wait_for_load_state("networkidle")

    def close(self):
        self.context.close()


# ------------------------------------------------------- base URL and sitemap
def _version() -> str:
    from overdue import __version__

    return __version__


def _canonical(text: str) -> str | None:
    m = re.search(r'<link rel="canonical" href="([^"]+)"', text)
    return m.group(1) if m else None


def test_default_build_uses_the_documented_placeholder(html_dir):
    """Built without BASEURL, the canonical links, the how-to-cite boxes and the
    sitemap use the placeholder of _config.yml, https://overdue-notebook.example.org/."""
    if os.environ.get("BASEURL"):
        pytest.skip("this build was made with BASEURL set")
    page = next(p for p in PAGES if p.numbered)
    text = (html_dir / page.path).read_text(encoding="utf-8")
    assert _canonical(text) == PLACEHOLDER + page.path
    sitemap = (html_dir / "sitemap.xml").read_text(encoding="utf-8")
    assert f"<loc>{PLACEHOLDER}{page.path}</loc>" in sitemap


def test_sitemap_lists_every_page_of_the_book(html_dir):
    """sitemap.xml (sitemaps.org 0.9) lists each page of the table of contents once,
    under the base URL the pages' canonical links use."""
    sitemap = (html_dir / "sitemap.xml").read_text(encoding="utf-8")
    assert sitemap.startswith('<?xml version="1.0" encoding="UTF-8"?>')
    assert 'xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"' in sitemap
    locs = re.findall(r"<loc>([^<]+)</loc>", sitemap)
    base = _canonical((html_dir / PAGES[0].path).read_text(encoding="utf-8"))[: -len(PAGES[0].path)]
    for page in PAGES:
        assert locs.count(base + page.path) == 1, f"{page.path} not in the sitemap once"


def test_baseurl_flows_into_citations_canonical_links_and_sitemap(tmp_path):
    """BASEURL=https://books.example.net/overdue/ at build time: the chapter's
    how-to-cite box and permanent link, its <link rel="canonical"> and the sitemap
    all say https://books.example.net/overdue/book/<chapter>.html (a full strict
    build into a temporary directory; _build/live is reused)."""
    base = "https://books.example.net/overdue/"
    env = {**os.environ, "BASEURL": base}
    jb = Path(sys.executable).parent / "jupyter-book"
    proc = subprocess.run([str(jb), "build", str(ROOT), "-W", "--keep-going", "--path-output", str(tmp_path)],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=1800)
    assert proc.returncode == 0, (proc.stdout + proc.stderr)[-4000:]
    built = tmp_path / "_build" / "html"
    page = next(p for p in PAGES if p.numbered)
    text = (built / page.path).read_text(encoding="utf-8")
    url = base + page.path
    assert _canonical(text) == url
    box = text[text.index('id="how-to-cite"'):][:20000]
    assert f"永久链接：<a class=\"reference external\" href=\"{url}\">" in box, "the permanent link lacks BASEURL"
    assert f"v{_version()}. " in box and f"{url}." in box, "the GB/T 7714 citation lacks BASEURL"
    assert f"<loc>{url}</loc>" in (built / "sitemap.xml").read_text(encoding="utf-8")
    assert PLACEHOLDER not in (built / "sitemap.xml").read_text(encoding="utf-8")


# ----------------------------------------------------------- the runtime's files
def test_standard_library_is_stored_with_the_start_up_bytecode(html_dir):
    """The served python_stdlib.zip is stored, not deflated (the server compresses it
    as a whole), and holds bytecode for what Python imports at start-up (asyncio,
    json, decimal, encodings) instead of their source: the browser does not compile
    them on every visit. Modules nobody imports at start-up stay as source."""
    import zipfile

    live = html_dir / "_static" / "live"
    archives = sorted(live.glob("pyodide-*/python_stdlib.zip"))
    if not archives:
        pytest.skip("this build carries no in-browser calculator")
    with zipfile.ZipFile(archives[0]) as z:
        infos = z.infolist()
        names = {i.filename for i in infos}
    assert all(i.compress_type == zipfile.ZIP_STORED for i in infos), "members are deflated"
    if not any(n.endswith(".pyc") for n in names):
        pytest.skip("built without Node: the standard library is served as sources (stored)")
    for module in ("asyncio/base_events", "json/decoder", "encodings/utf_8", "decimal"):
        assert f"{module}.pyc" in names and f"{module}.py" not in names, module
    assert "turtle.py" in names or "wave.py" in names or "smtplib.py" in names, "the rest stays as source"


# --------------------------------------------------------------------- a release
def test_dist_is_byte_identical_on_two_runs_and_checks_out(html_dir, tmp_path):
    """tools/make_dist.py twice on the same build (no PDF here: make dist adds it)
    gives the same bytes; the archive's top folder is overdue-notebook-<version>/,
    every entry is owned by 0:0 with mode 0644 or 0755, and its SHA256SUMS matches
    every file it holds, as `sha256sum -c` would check."""
    import hashlib
    import tarfile

    outs = []
    for run in (1, 2):
        out = tmp_path / f"run{run}"
        proc = subprocess.run([sys.executable, str(ROOT / "tools" / "make_dist.py"), "--html", str(html_dir),
                               "--no-pdf", "--out", str(out)], capture_output=True, text=True, timeout=900,
                              env={**os.environ, "SOURCE_DATE_EPOCH": "1767225600"})
        assert proc.returncode == 0, proc.stdout + proc.stderr
        outs.append(out)
    name = f"overdue-notebook-{_version()}.tar.gz"
    first, second = (o / name for o in outs)
    assert first.read_bytes() == second.read_bytes(), "two runs differ"
    digest = hashlib.sha256(first.read_bytes()).hexdigest()
    assert (outs[0] / "SHA256SUMS").read_text() == f"{digest}  {name}\n"
    top = f"overdue-notebook-{_version()}"
    with tarfile.open(first) as tar:
        members = tar.getmembers()
        assert all(m.name == top or m.name.startswith(top + "/") for m in members)
        assert all((m.uid, m.gid, m.uname, m.gname) == (0, 0, "", "") for m in members)
        assert all(m.mode == (0o755 if m.isdir() else 0o644) for m in members)
        assert all(m.mtime == 1767225600 for m in members)  # 2026-01-01T00:00:00Z
        assert [m.name for m in members] == sorted(m.name for m in members)
        files = {m.name[len(top) + 1:]: tar.extractfile(m).read() for m in members if m.isfile()}
    for required in ("CITATION.cff", "README.md", "html/book/index.html", "nginx/overdue-notebook.conf",
                     "notebooks/book/ch2-initial-measures.ipynb"):
        assert required in files, required
    sums = dict(reversed(line.split("  ", 1)) for line in files["SHA256SUMS"].decode().splitlines())
    assert set(sums) == set(files) - {"SHA256SUMS"}
    bad = [n for n, h in sums.items() if hashlib.sha256(files[n]).hexdigest() != h]
    assert not bad, bad
