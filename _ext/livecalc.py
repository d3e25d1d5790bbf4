"""Sphinx extension: calculators that run the book's own Python engine in the reader's browser.

Directive ``{live-calculator} <name>`` (``name`` one of ``overdue.present.CALCULATORS``:
penalty, apr, limitation, conduct, plan) renders:

- a plain HTML form from ``overdue.present.fields(name)``: Chinese labels with
  ``<label for>``, the help line and an error slot per field (``aria-describedby``);
- the default result, computed and rendered here at build time in CPython by
  ``overdue.present.render(name, defaults)``: the tables, warnings, chart and the
  copyable summary, so the page shows the worked example without any script;
- a "启动计算器" button. ``livecalc.js`` then loads the Pyodide runtime and the
  wheels from this site (``_static/live/``, written by ``tools/build_live.py`` and
  copied here at the end of the build), imports ``overdue.present`` and on every
  input calls ``render`` and shows the HTML it returns. Neither calculation nor
  rendering is done in JavaScript, and nothing is loaded from another host.

When ``_build/live/manifest.json`` is missing or says the live version could not be
built (no npm, say), the book still builds and each calculator says so, in Chinese;
the form is then shown disabled, with the default result.

Register in ``_config.yml`` under ``sphinx.config.extensions`` as ``livecalc``
(``_ext`` is already on the path through ``local_extensions``).

Config: ``livecalc_dir`` (default ``$OVERDUE_LIVE_DIR`` or ``<confdir>/_build/live``).
"""

from __future__ import annotations

import hashlib
import html
import json
import os
import shutil
from pathlib import Path

from docutils import nodes
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

logger = logging.getLogger(__name__)
STATIC = Path(__file__).parent / "livecalc_static"
SITE_DIR = "_static/live"  # where the runtime and wheels are served from
ENGINE = Path(__file__).resolve().parents[1] / "overdue"
DATA = Path(__file__).resolve().parents[1] / "data"


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
    wheel folder, or a change in the engine or data behind the default results."""
    h = hashlib.sha256(json.dumps({k: manifest.get(k) for k in ("ok", "runtime_dir", "lock_file", "reason")},
                                  sort_keys=True).encode())
    for folder, pattern in ((ENGINE, "*.py"), (DATA, "*")):
        for path in sorted(folder.glob(pattern)):
            if path.is_file():
                h.update(path.name.encode() + path.read_bytes())
    return h.hexdigest()


def on_builder_inited(app):
    app.livecalc_manifest = _read_manifest(app)
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
        parts.append(f'<textarea {common} rows="{rows}" spellcheck="false" autocomplete="off"{wrap}>'
                     f"{_e(default)}</textarea>")
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


def _root_prefix(translator) -> str:
    uri = translator.builder.get_target_uri(translator.builder.current_docname)
    return "../" * uri.count("/")


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
        mb = manifest.get("download_bytes", 0) / 1e6
        attrs += [f'data-runtime="{_e(prefix)}/{_e(manifest["runtime_dir"])}/"',
                  f'data-lock="{_e(prefix)}/{_e(manifest["lock_file"])}"',
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
            f"按您自己的数字计算（首次需下载约 {mb:.1f} MB 的 Python 运行环境，计算只在您的浏览器中进行）。</p>"
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


def on_html_page_context(app, pagename, templatename, context, doctree):
    if pagename in getattr(app.env, "livecalc_docs", set()):
        app.add_css_file("livecalc.css")
        app.add_js_file("livecalc.js", defer="defer")


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
        if dst.exists() and dst.stat().st_size == info["size"] and dst.stat().st_mtime >= src.stat().st_mtime:
            continue
        dst.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(src, dst)
        copied += 1
    logger.info("livecalc: %d of %d files copied to %s", copied, len(manifest["files"]), target)


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
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
