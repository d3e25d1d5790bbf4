"""Sphinx extension: calculators that run the book's own Python engine in the reader's browser.

Directive ``{live-calculator} <name>`` (``name`` one of ``overdue.present.CALCULATORS``:
penalty, apr, limitation, conduct, plan) renders:

- a plain HTML form from ``overdue.present.fields(name)``: Chinese labels with
  ``<label for>``, the help line and an error slot per field (``aria-describedby``);
- the default result, computed and rendered here at build time in CPython by
  ``overdue.present.render(name, defaults)``: the tables, warnings, chart and the
  copyable summary, so the page shows the worked example without any script;
- a "启动计算器" button. ``livecalc.js`` then starts one Web Worker per page
  (``_static/livecalc-worker.js``), which loads the Pyodide runtime and the wheels
  from this site (``_static/live/``, written by ``tools/build_live.py`` and copied
  here at the end of the build) and imports ``overdue.present``; on every input the
  page sends the form to the worker, which calls ``render``, and shows the HTML it
  returns. Python never runs on the page's main thread (issue 18). Neither
  calculation nor rendering is done in JavaScript, and nothing is loaded from
  another host;
- the status line states the download as it goes over the wire: the brotli size
  of the files a browser fetches, measured by tools/build_live.py
  (``wire_bytes`` of the manifest), with the raw size as a fallback for a manifest
  written before it measured;
- ``_static/forms.js`` (the form helpers), on the calculators' pages after
  ``livecalc.js``, when ``_ext/livecalc_static/forms.js`` exists at build time.

When ``_build/live/manifest.json`` is missing or says the live version could not be
built (no npm, say), the book still builds and each calculator says so, in Chinese;
the form is then shown disabled, with the default result.

Register in ``_config.yml`` under ``sphinx.config.extensions`` as ``livecalc``
(``_ext`` is already on the path through ``local_extensions``).

Config: ``livecalc_dir`` (default ``$OVERDUE_LIVE_DIR`` or ``<confdir>/_build/live``).

The extension also makes the built site servable as it is (issue 17):

- **base URL**: ``BASEURL=https://… make book`` sets ``html_baseurl`` (the canonical
  links, the how-to-cite boxes of ``lawbook``, the sitemap); without it the
  documented placeholder of ``_config.yml`` stays;
- **sitemap.xml**: every page of the book under the base URL, written at the end of
  the build;
- **Content-Security-Policy**: every page carries a ``<meta http-equiv>`` policy
  (``_templates/layout.html``) allowing only the site's own origin (workers too:
  ``worker-src 'self'``), plus
  ``'wasm-unsafe-eval'`` for Pyodide and the sha256 hashes of the inline scripts,
  styles, event handlers and style attributes that the theme and the pages
  contain. The hashes are collected from the written pages at the end of the
  build, so every page gets the same policy and nginx sends it as a header too
  (tools/nginx_site.py reads it from the pages), and with the worker script as
  well (deploy/site.conf): a page's policy does not reach into a worker, whose
  policy is that of its own response. Pyodide needs nothing more in the worker
  than on the page ('wasm-unsafe-eval'; no 'unsafe-eval', no blob: or data:);
- the runtime's ``python_stdlib.zip`` is served with the bytecode of the modules
  that start-up imports (tools/stdlib_pyc.py: compiled by the runtime itself, in
  Node) instead of their sources, and stored rather than deflated so that the
  server's brotli compresses it as a whole: Python starts without compiling
  those modules (about half of click-to-first-result), and 2.5 MB on the wire
  becomes 2.2 MB. Without Node, the original is re-packed stored (1.6 MB on the wire).
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
import os
import re
import shutil
import zipfile
from html.parser import HTMLParser
from pathlib import Path

from docutils import nodes
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

logger = logging.getLogger(__name__)
STATIC = Path(__file__).parent / "livecalc_static"
SITE_DIR = "_static/live"  # where the runtime and wheels are served from
ENGINE = Path(__file__).resolve().parents[1] / "overdue"
DATA = Path(__file__).resolve().parents[1] / "data"
STDLIB_ZIP = "python_stdlib.zip"
WORKER_JS = "livecalc-worker.js"
FORMS_JS = "forms.js"  # the form helpers (another module's file): included only when it exists


class live_calculator(nodes.General, nodes.Element):
    """One calculator: attributes name, uid, title, fields, result (all plain data)."""


# ------------------------------------------------------------------- the manifest
def _live_dir(app) -> Path:
    configured = app.config.livecalc_dir or os.environ.get("OVERDUE_LIVE_DIR")
    return Path(configured or Path(app.confdir) / "_build" / "live").resolve()


def _read_manifest(app) -> dict:
    path = _live_dir(app) / "manifest.json"
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {"ok": False, "reason": f"{path} does not exist (run tools/build_live.py before the book build)",
                "reason_zh": "构建本书时没有运行 tools/build_live.py"}
    except (OSError, ValueError) as exc:
        return {"ok": False, "reason": f"{path}: {exc}", "reason_zh": "浏览器版本的构建记录无法读取"}
    if manifest.get("ok"):
        root = path.parent
        missing = [f for f in manifest.get("files", {}) if not (root / f).is_file()]
        if missing:
            return {"ok": False, "reason": f"files listed in {path} are missing: {missing[:3]}",
                    "reason_zh": "浏览器版本的文件不完整"}
    return manifest


def _fingerprint(manifest: dict) -> str:
    """Changes when the pages' calculators must be written again: a new runtime or
    wheel folder, a new size of the download, a change in the engine or data behind
    the default results, or in the calculators' scripts and styles."""
    h = hashlib.sha256(json.dumps({k: manifest.get(k) for k in ("ok", "runtime_dir", "lock_file", "reason",
                                                               "wire_bytes", "download_bytes")},
                                  sort_keys=True).encode())
    # The page scripts and styles (livecalc.js, the worker, forms.js, whose presence decides
    # whether the pages load it): a page rewritten is also what makes Sphinx copy the new
    # files to _static/ and put their new checksums (?v=) into the pages. Without it an
    # incremental build would keep serving the old script under its old, immutable URL.
    for path in sorted(STATIC.iterdir()):
        if path.is_file():
            h.update(path.name.encode() + b"\0" + path.read_bytes())
    for folder, pattern in ((ENGINE, "**/*.py"), (DATA, "*")):
        for path in sorted(folder.glob(pattern)):
            if path.is_file():
                h.update(path.name.encode() + path.read_bytes())
    return h.hexdigest()


def on_builder_inited(app):
    app.livecalc_manifest = _read_manifest(app)
    if app.builder.format == "html" and hasattr(app.builder, "copy_translation_js"):
        app.builder.copy_translation_js = lambda: write_translations_js(app.builder)
    if not app.livecalc_manifest.get("ok"):
        # Not a warning: a book built without npm is still a valid book (-W stays green).
        logger.info("livecalc: the in-browser calculators are not built: %s", app.livecalc_manifest.get("reason"))


def on_env_get_outdated(app, env, added, changed, removed):
    current = _fingerprint(app.livecalc_manifest)
    if getattr(env, "livecalc_fingerprint", None) == current:
        return []
    env.livecalc_fingerprint = current
    return sorted(getattr(env, "livecalc_docs", set()) - set(removed))


def on_purge(app, env, docname):
    getattr(env, "livecalc_docs", set()).discard(docname)


def on_merge(app, env, docnames, other):
    if not hasattr(env, "livecalc_docs"):
        env.livecalc_docs = set()
    env.livecalc_docs |= getattr(other, "livecalc_docs", set()) & set(docnames)


# ---------------------------------------------------------------------- directive
class LiveCalculatorDirective(SphinxDirective):
    required_arguments = 1
    optional_arguments = 0
    has_content = False

    def run(self):
        name = self.arguments[0].strip()
        try:
            from overdue import present
        except ImportError as exc:
            raise self.error(f"live-calculator: overdue.present cannot be imported ({exc})") from None
        if name not in present.CALCULATORS:
            raise self.error(f"live-calculator: unknown calculator {name!r}; "
                             f"one of {', '.join(present.CALCULATORS)}")
        fields = present.fields(name)
        result = present.render(name, {f["name"]: f["default"] for f in fields})
        if not result.get("ok"):
            logger.warning("live-calculator %s: the default form does not compute: %s", name,
                           (result.get("error") or {}).get("message_en"), location=self.get_location())
        used = self.env.temp_data.setdefault("livecalc_ids", set())
        uid, n = f"livecalc-{name}", 1
        while uid in used:
            n += 1
            uid = f"livecalc-{name}-{n}"
        used.add(uid)
        if not hasattr(self.env, "livecalc_docs"):
            self.env.livecalc_docs = set()
        self.env.livecalc_docs.add(self.env.docname)
        # Plain JSON data only (the node is pickled with the doctree).
        node = live_calculator(name=name, uid=uid, title=present.title(name)[0],
                               fields=json.loads(json.dumps(fields)),
                               result=json.loads(json.dumps(result, default=str)))
        self.set_source_info(node)
        return [node]


# ---------------------------------------------------------------------------- HTML
def _e(text) -> str:
    return html.escape("" if text is None else str(text), quote=True)


def _field_html(uid: str, f: dict) -> str:
    fid = f"{uid}-{f['name']}"
    kind = f.get("kind", "text")
    help_zh = f.get("help_zh") or ""
    described = ([f"{fid}-help"] if help_zh else []) + [f"{fid}-error"]
    common = (f'id="{_e(fid)}" name="{_e(f["name"])}" data-name="{_e(f["name"])}" '
              f'aria-describedby="{" ".join(described)}"')
    default = f.get("default") or ""
    parts = [f'<div class="livecalc-field livecalc-kind-{_e(kind)}" data-field="{_e(f["name"])}">',
             f'<label for="{_e(fid)}">{_e(f["label_zh"])}</label>']
    if kind == "choice":
        options = "".join(
            f'<option value="{_e(value)}"{" selected" if value == default else ""}>{_e(label)}</option>'
            for value, label in f.get("choices", []))
        parts.append(f"<select {common}>{options}</select>")
    elif kind in ("lines", "csv"):
        lines = default.count("\n") + 1
        rows = 10 if kind == "csv" else min(max(lines + 1, 3), 10)
        wrap = ' wrap="off"' if kind == "csv" else ""
        parts.append(f'<textarea {common} rows="{rows}" spellcheck="false" autocomplete="off"{wrap}'
                     f"{_editor_attrs(f)}>{_e(default)}</textarea>")
    else:
        inputmode = {"amount": "decimal", "rate": "decimal", "int": "numeric"}.get(kind)
        extra = f' inputmode="{inputmode}"' if inputmode else ""
        if kind == "date":
            extra += ' placeholder="YYYY-MM-DD"'
        parts.append(f'<input type="text" {common} value="{_e(default)}" autocomplete="off" '
                     f'spellcheck="false"{extra}>')
    if kind == "csv":
        parts.append(
            f'<div class="livecalc-file"><label for="{_e(fid)}-file">或选择 CSV 文件'
            f'（只在您的浏览器中读取，不会上传）</label>'
            f'<input type="file" id="{_e(fid)}-file" data-file-for="{_e(f["name"])}" '
            f'accept=".csv,text/csv,text/plain"></div>')
    if help_zh:
        parts.append(f'<p class="livecalc-help" id="{_e(fid)}-help">{_e(help_zh)}</p>')
    parts.append(f'<p class="livecalc-error" id="{_e(fid)}-error" data-error-for="{_e(f["name"])}" hidden></p>')
    parts.append("</div>")
    return "".join(parts)


def _editor_attrs(f: dict) -> str:
    """A text field that lists its ``columns`` (the contact log) carries them, and the
    words of the row editor (``overdue.present.html.LOG_EDITOR_WORDS``), as JSON for
    forms.js, which builds its row editor from them alone; otherwise nothing."""
    columns = f.get("columns")
    if not columns or not isinstance(columns, list):
        return ""
    from overdue.present import html as present_html

    words = getattr(present_html, "LOG_EDITOR_WORDS", None)
    if not words:
        return ""
    return (f' data-columns="{_e(json.dumps(columns, ensure_ascii=False))}"'
            f' data-editor-words="{_e(json.dumps(words, ensure_ascii=False))}"')


def _root_prefix(translator) -> str:
    uri = translator.builder.get_target_uri(translator.builder.current_docname)
    return "../" * uri.count("/")


def _worker_url() -> str:
    """The worker's path under _static/, with a hash of its content: a new worker is a
    new URL (nginx lets the browser keep ``?v=<hex>`` URLs for a year)."""
    digest = hashlib.sha256((STATIC / WORKER_JS).read_bytes()).hexdigest()[:12]
    return f"_static/{WORKER_JS}?v={digest}"


def download_mb(manifest: dict) -> tuple[float, bool]:
    """(MB a first visit downloads, whether that is the compressed size on the wire)."""
    if manifest.get("wire_bytes"):
        return manifest["wire_bytes"] / 1e6, True
    return manifest.get("download_bytes", 0) / 1e6, False


def visit_live_calculator_html(self, node):
    manifest = getattr(self.builder.app, "livecalc_manifest", None) or {"ok": False}
    uid, name = node["uid"], node["name"]
    live = bool(manifest.get("ok"))
    title = node["title"]
    if node["uid"] != f"livecalc-{name}":
        title += node["uid"].rsplit("-", 1)[1]  # a second one on the same page: unique name
    attrs = [f'id="{_e(uid)}"', 'class="livecalc"', f'data-calculator="{_e(name)}"']
    if live:
        prefix = _root_prefix(self) + SITE_DIR
        mb, on_wire = download_mb(manifest)
        attrs += [f'data-runtime="{_e(prefix)}/{_e(manifest["runtime_dir"])}/"',
                  f'data-lock="{_e(prefix)}/{_e(manifest["lock_file"])}"',
                  f'data-worker="{_e(_root_prefix(self) + _worker_url())}"',
                  f'data-packages="{_e(" ".join(["overdue"]))}"',
                  f'data-download-mb="{mb:.1f}"', 'data-state="static"']
    else:
        attrs.append('data-state="unavailable"')
    fields = "".join(_field_html(uid, f) for f in node["fields"])
    out = [f"<div {' '.join(attrs)}>",
           f'<form class="livecalc-form" autocomplete="off" aria-label="{_e(title)}">'
           f"<fieldset disabled><legend>{_e(title)}：输入</legend>{fields}</fieldset></form>"]
    if live:
        out.append(
            '<div class="livecalc-controls">'
            f'<button type="button" class="livecalc-start" hidden>启动计算器</button>'
            f'<progress class="livecalc-progress" max="4" value="0" hidden></progress>'
            f'<p class="livecalc-status" role="status" aria-live="polite">下面是按以上示例输入'
            f"在构建本书时算出的结果。在支持 JavaScript 的浏览器中可以启动计算器，"
            f"按您自己的数字计算（首次需下载约 {mb:.1f} MB{'（压缩传输）' if on_wire else ''}的 Python 运行环境，"
            "计算只在您的浏览器中进行）。</p>"
            "</div>")
    else:
        reason = manifest.get("reason_zh") or "原因不明"
        out.append(
            '<div class="livecalc-controls"><p class="livecalc-status livecalc-unavailable" role="note">'
            f"本计算器的浏览器版本没有随本书构建（{_e(reason)}），只能显示下面按示例输入算出的结果。"
            "要按您自己的数字计算，请在本地运行本书的笔记本或命令行 <code>python -m overdue</code>。</p></div>")
    out.append(f'<div class="livecalc-output" data-source="build">{node["result"]["html"]}</div>')
    out.append("</div>")
    self.body.append("".join(out))
    raise nodes.SkipNode


def on_doctree_resolved(app, doctree, docname):
    """Non-HTML builders get the summary of the default result as a paragraph."""
    if app.builder.format == "html":
        return
    for node in list(doctree.findall(live_calculator)):
        node.replace_self(nodes.paragraph(text=node["result"].get("summary") or ""))


# ------------------------------------------------------------ page assets, files
def on_config_inited(app, config):
    config.html_static_path = list(config.html_static_path) + [str(STATIC)]
    base = os.environ.get("BASEURL", "").strip()
    if base:
        if not re.fullmatch(r"https?://[^\s/?#]+(/[^\s?#]*)?", base):
            raise ValueError(f"BASEURL must be an http(s) address such as https://example.org/overdue/, not {base!r}")
        # lawbook's how-to-cite boxes, Sphinx's <link rel="canonical"> and the sitemap read html_baseurl.
        config.html_baseurl = base.rstrip("/") + "/"


def on_html_page_context(app, pagename, templatename, context, doctree):
    # The final policy (with the hashes of every page's inline code) is written
    # into the pages at the end of the build; this one holds until then.
    context["livecalc_csp"] = _attr(csp_policy(set(), set()))
    if pagename in getattr(app.env, "livecalc_docs", set()):
        app.add_css_file("livecalc.css")
        app.add_js_file("livecalc.js", defer="defer")
        if (STATIC / FORMS_JS).is_file():  # deferred scripts run in order: after livecalc.js
            app.add_js_file(FORMS_JS, defer="defer")


def on_build_finished(app, exception):
    """Copy the runtime and wheel folders named by the manifest to _static/live/."""
    if exception or app.builder.format != "html":
        return
    manifest = getattr(app, "livecalc_manifest", {}) or {}
    target = Path(app.outdir) / SITE_DIR
    if not manifest.get("ok"):
        shutil.rmtree(target, ignore_errors=True)
        return
    source = _live_dir(app)
    keep = {manifest["runtime_dir"], manifest["pkgs_dir"]}
    if target.exists():
        for old in target.iterdir():
            if old.name not in keep:
                shutil.rmtree(old) if old.is_dir() else old.unlink()
    copied = 0
    for rel, info in manifest["files"].items():
        src, dst = source / rel, target / rel
        dst.parent.mkdir(parents=True, exist_ok=True)
        if Path(rel).name == STDLIB_ZIP:
            copied += _copy_stdlib(src, dst, source / manifest["runtime_dir"], source / manifest["lock_file"])
            continue
        # Copied already: the same mtime and size.
        if dst.exists() and dst.stat().st_size == info["size"] and dst.stat().st_mtime_ns == src.stat().st_mtime_ns:
            continue
        shutil.copy2(src, dst)
        copied += 1
    logger.info("livecalc: %d of %d files copied to %s", copied, len(manifest["files"]), target)


def _copy_stdlib(src: Path, dst: Path, runtime_dir: Path, lock_file: Path) -> int:
    """The standard library as served: with the bytecode of the modules that start-up
    imports, stored (tools/stdlib_pyc.py, which needs Node); without Node, the
    original re-packed stored. Returns 1 if dst was (re)written."""
    import sys

    tools = str(Path(__file__).resolve().parents[1] / "tools")
    if tools not in sys.path:
        sys.path.insert(0, tools)
    import stdlib_pyc

    optimised = stdlib_pyc.build(runtime_dir, lock_file, log=lambda m: logger.info("livecalc: %s", m))
    if optimised is None:
        if dst.exists() and dst.stat().st_mtime_ns > src.stat().st_mtime_ns and _is_stored_copy(dst, src):
            return 0
        _repack_stored(src, dst)
        return 1
    if dst.exists() and dst.stat().st_size == optimised.stat().st_size and \
            dst.read_bytes() == optimised.read_bytes():
        return 0
    tmp = dst.with_name(dst.name + ".part")
    shutil.copyfile(optimised, tmp)
    tmp.replace(dst)  # a new mtime: its pre-compressed twins are made again
    return 1


def _is_stored_copy(dst: Path, src: Path) -> bool:
    try:
        with zipfile.ZipFile(dst) as a, zipfile.ZipFile(src) as b:
            return (all(i.compress_type == zipfile.ZIP_STORED for i in a.infolist())
                    and [(i.filename, i.CRC) for i in a.infolist()] == [(i.filename, i.CRC) for i in b.infolist()])
    except (OSError, zipfile.BadZipFile):
        return False


def _repack_stored(src: Path, dst: Path) -> None:
    """``src`` (a zip) written to ``dst`` with the same members, names, order and
    dates, each stored rather than deflated (tools/build_live.stored_zip: the copy
    whose size on the wire the manifest states), as a new file: a new mtime, so
    that its pre-compressed twins are made again."""
    import build_live  # tools/, on the path (see _copy_stdlib)

    tmp = dst.with_name(dst.name + ".part")
    build_live.stored_zip(src, tmp)
    tmp.replace(dst)


# ------------------------------------------------------ sitemap, security policy
PLURAL_EXPR_RE = re.compile(r"[n0-9\s?:=!<>%&|()]+")


def write_translations_js(builder) -> None:
    """Sphinx's _static/translations.js without ``eval``: Sphinx's own file calls
    ``Documentation.addTranslations``, which makes the plural rule with
    ``new Function`` (refused by the site's policy, which has no 'unsafe-eval').
    The same messages and locale are written as plain data, and the plural rule
    (for Chinese: ``0``) as code in the file itself."""
    source = builder._get_translations_js()
    if not source:
        return
    text = Path(source).read_text(encoding="utf-8")
    m = re.fullmatch(r"\s*Documentation\.addTranslations\((\{.*\})\);?\s*", text, re.S)
    catalog = json.loads(m.group(1)) if m else None
    plural = str((catalog or {}).get("plural_expr", ""))
    target = Path(builder.outdir) / "_static" / "translations.js"
    target.parent.mkdir(parents=True, exist_ok=True)
    if catalog is None or not PLURAL_EXPR_RE.fullmatch(plural):
        shutil.copyfile(source, target)  # an unexpected form: Sphinx's file as it is
        return
    body = ("// Sphinx's translations, written by _ext/livecalc.py as data (no eval: see the site's CSP).\n"
            f"Object.assign(Documentation.TRANSLATIONS, {json.dumps(catalog['messages'], indent=1, sort_keys=True)});\n"
            f"Documentation.PLURAL_EXPR = (n) => ({plural});\n"
            f"Documentation.LOCALE = {json.dumps(catalog.get('locale', ''))};\n")
    if not target.exists() or target.read_text(encoding="utf-8") != body:
        target.write_text(body, encoding="utf-8")


def page_docnames(app) -> list[str]:
    """The book's pages (the documents of the build), in name order."""
    return sorted(app.env.found_docs)


def write_sitemap(app) -> Path:
    """sitemap.xml: every page of the book under html_baseurl (sitemaps.org 0.9).
    No timestamps but the release date, so that it is the same on every build."""
    from overdue._version import RELEASE_DATE

    base = (app.config.html_baseurl or "").rstrip("/") + "/"
    lines = ['<?xml version="1.0" encoding="UTF-8"?>',
             '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">']
    for doc in page_docnames(app):
        url = base + app.builder.get_target_uri(doc)
        lines.append(f"  <url><loc>{html.escape(url, quote=False)}</loc><lastmod>{RELEASE_DATE}</lastmod></url>")
    lines.append("</urlset>")
    path = Path(app.outdir) / "sitemap.xml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


JS_TYPES = {"", "text/javascript", "application/javascript", "module", "text/ecmascript"}
CSP_META_RE = re.compile(r'<meta http-equiv="Content-Security-Policy" content="[^"]*" />')


class _InlineCode(HTMLParser):
    """Collects a page's inline scripts and styles, event-handler and style attributes."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.scripts: set[str] = set()
        self.styles: set[str] = set()
        self.handlers: set[str] = set()
        self.style_attrs: set[str] = set()
        self._open: tuple[str, list[str]] | None = None

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        for name, value in attrs:
            if name.startswith("on") and value is not None:
                self.handlers.add(value)
            elif name == "style" and value is not None:
                self.style_attrs.add(value)
        if tag == "script" and "src" not in values and (values.get("type") or "").lower() in JS_TYPES:
            self._open = ("script", [])
        elif tag == "style":
            self._open = ("style", [])

    def handle_data(self, data):
        if self._open:
            self._open[1].append(data)

    def handle_endtag(self, tag):
        if self._open and tag == self._open[0]:
            (self.scripts if tag == "script" else self.styles).add("".join(self._open[1]))
            self._open = None


def _attr(policy: str) -> str:
    """The policy as an attribute value (it holds single quotes, never double ones)."""
    assert '"' not in policy
    return html.escape(policy, quote=False)


def _sha256(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode() + "'"


def csp_policy(scripts: set[str], styles: set[str], handlers: frozenset | set = frozenset(),
               style_attrs: frozenset | set = frozenset()) -> str:
    """The site's policy: its own origin only, ``'wasm-unsafe-eval'`` (Pyodide compiles
    WebAssembly), and the hashes of the inline code it contains; no 'unsafe-inline'.
    Event handlers and style attributes can only be allowed by hash with
    ``'unsafe-hashes'`` (the theme's two buttons: ``toggleFullScreen()``, ``window.print()``;
    the right-aligned table headers of pandas; the chart's max-width)."""
    script = ["'self'", "'wasm-unsafe-eval'"] + sorted(_sha256(s) for s in scripts)
    if handlers:
        script += ["'unsafe-hashes'"] + sorted(_sha256(s) for s in handlers)
    style = ["'self'"] + sorted(_sha256(s) for s in styles)
    if style_attrs:
        style += ["'unsafe-hashes'"] + sorted(_sha256(s) for s in style_attrs)
    directives = [
        ("default-src", ["'self'"]),
        ("script-src", script),
        ("style-src", style),
        ("img-src", ["'self'", "data:"]),  # the theme's CSS draws some icons as data: SVG
        ("font-src", ["'self'"]),
        ("connect-src", ["'self'"]),
        ("worker-src", ["'self'"]),  # the calculators' worker, _static/livecalc-worker.js
        ("object-src", ["'none'"]),
        ("base-uri", ["'self'"]),
        ("form-action", ["'self'"]),
    ]
    return "; ".join(f"{name} {' '.join(values)}" for name, values in directives)


def site_pages(outdir: Path) -> list[Path]:
    return sorted(p for p in outdir.rglob("*.html")
                  if not {"_static", "_sources"} & set(p.relative_to(outdir).parts))


def write_policy(outdir: Path) -> tuple[str, int]:
    """Collect the inline code of every page; write the one policy into each page's
    <meta> (the redirect page without one gets it first). Returns (policy, pages changed)."""
    pages = site_pages(outdir)
    collector = _InlineCode()
    texts = {}
    for page in pages:
        texts[page] = page.read_text(encoding="utf-8")
        collector.feed(texts[page])
        collector.close()
        collector.reset()
        collector._open = None
    policy = csp_policy(collector.scripts, collector.styles, collector.handlers, collector.style_attrs)
    meta = f'<meta http-equiv="Content-Security-Policy" content="{_attr(policy)}" />'
    changed = 0
    for page, text in texts.items():
        charset = re.search(r"<meta charset=[^>]*>", text, re.I)
        if CSP_META_RE.search(text):
            new = CSP_META_RE.sub(lambda m: meta, text, count=1)
        elif charset:  # a page not rendered through _templates/layout.html (a throwaway test book)
            new = text[:charset.end()] + "\n" + meta + text[charset.end():]
        else:  # the root redirect page of sphinx_external_toc: a lone <meta http-equiv="Refresh">
            new = '<meta charset="utf-8" />\n' + meta + "\n" + text
        if new != text:
            page.write_text(new, encoding="utf-8")
            changed += 1
    return policy, changed


def on_build_finished_site(app, exception):
    """The sitemap and the security policy (after sphinx_external_toc's redirect page)."""
    if exception or app.builder.format != "html":
        return
    write_sitemap(app)
    policy, changed = write_policy(Path(app.outdir))
    logger.info("livecalc: Content-Security-Policy written into %d pages (%d characters)", changed, len(policy))


def setup(app):
    app.add_config_value("livecalc_dir", "", "env")
    app.add_node(live_calculator, html=(visit_live_calculator_html, None))
    app.add_directive("live-calculator", LiveCalculatorDirective)
    app.connect("config-inited", on_config_inited)
    app.connect("builder-inited", on_builder_inited)
    app.connect("env-get-outdated", on_env_get_outdated)
    app.connect("env-purge-doc", on_purge)
    app.connect("env-merge-info", on_merge)
    app.connect("doctree-resolved", on_doctree_resolved)
    app.connect("html-page-context", on_html_page_context)
    app.connect("build-finished", on_build_finished)
    app.connect("build-finished", on_build_finished_site, priority=900)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
