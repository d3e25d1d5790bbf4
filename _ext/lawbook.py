"""Sphinx extension: citations of the law, claims and how-to-cite boxes.

Everything here is generated from ``data/`` through the ``overdue`` package,
so that no statute text, verdict or version number is typed into a chapter.

- role ``{law}`civil-code-676``` → 《民法典》第676条, linked to the appendix,
  with the verbatim article as a preview on hover or keyboard focus (CSS
  only, no third-party script). An unknown id is a build error.
- directive ``{provision} <id>``: the provision in full, under ``prov-<id>``.
- directive ``{provision-index}``: the appendix, every cited provision in full,
  grouped by law, with back-links to the chapters that cite it.
- directive ``{claim} <claim-id>``: the claim box from ``data/claims.csv``.
- directive ``{claims-ledger}``: the whole claims ledger with verdict counts.
- every chapter page (``lawbook_chapter_prefix``) gets a "如何引用本章" box,
  from the version, the release date, the as-of date and ``html_baseurl``.
"""

from __future__ import annotations

import html
from collections import Counter, defaultdict
from pathlib import Path

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

from overdue import claims as claims_mod
from overdue import law, params, rates
from overdue._version import RELEASE_DATE, TITLE, AUTHOR, __version__

logger = logging.getLogger(__name__)
STATIC = Path(__file__).parent / "lawbook_static"

VERDICT_CLASS = {
    "准确": "accurate",
    "基本准确但不完整": "incomplete",
    "有误导": "misleading",
    "错误": "wrong",
    "无法核实": "unverifiable",
}


# --------------------------------------------------------------------------- nodes
class law_ref(nodes.Inline, nodes.TextElement):
    """A citation of one provision; rendered per builder."""


class law_backlinks(nodes.General, nodes.Element):
    """Placeholder for the list of pages citing a provision (resolved late)."""


class cite_box(nodes.General, nodes.Element):
    """Placeholder for the how-to-cite box of a chapter (resolved late)."""


def _record(env, pid: str, docname: str) -> None:
    if not hasattr(env, "lawbook_cites"):
        env.lawbook_cites = defaultdict(set)
    env.lawbook_cites[pid].add(docname)


def make_law_ref(env, pid: str, docname: str, location=None) -> nodes.Node:
    try:
        entry = law.provision(pid)
    except KeyError:
        logger.warning("unknown provision id %r (not in data/provisions.yaml)", pid,
                       location=location, type="lawbook", subtype="unknown-id")
        return nodes.problematic(text=pid)
    _record(env, pid, docname)
    label = law.cite(pid)
    if entry.get("status") == "unverified":
        label += "〔未核实〕"
    node = law_ref(label, label)
    node["pid"] = pid
    return node


def law_role(name, rawtext, text, lineno, inliner, options=None, content=None):
    env = inliner.document.settings.env
    pid = text.strip()
    node = make_law_ref(env, pid, env.docname, location=(env.docname, lineno))
    return [node], []


def _tooltip_text(pid: str) -> str:
    entry = law.provision(pid)
    head = f"{entry['law']} {entry['article']}"
    if entry.get("status") == "unverified":
        body = "【未能核实原文】" + (("据二手来源转述：" + entry["reported"]) if entry.get("reported") else "")
    else:
        body = entry["text"]
        if entry.get("status") == "superseded":
            head += "（已被取代）"
    return head + "\n" + body


def visit_law_ref_html(self, node):
    pid = node["pid"]
    appendix = self.builder.config.lawbook_appendix
    uri = self.builder.get_relative_uri(self.builder.current_docname, appendix) + "#" + law.anchor(pid)
    tip = html.escape(_tooltip_text(pid)).replace("\n", "<br>")
    tip_id = f"tip-{pid}-{id(node)}"
    status = law.provision(pid).get("status", "in-force")
    self.body.append(
        f'<span class="law-cite law-{status}">'
        f'<a class="reference internal law-link" href="{uri}" aria-describedby="{tip_id}">'
    )


def depart_law_ref_html(self, node):
    pid = node["pid"]
    tip = html.escape(_tooltip_text(pid)).replace("\n", "<br>")
    tip_id = f"tip-{pid}-{id(node)}"
    self.body.append(f'</a><span class="law-tip" role="tooltip" id="{tip_id}">{tip}</span></span>')


def visit_law_ref_text(self, node):
    pass


def depart_law_ref_text(self, node):
    pass


# ------------------------------------------------------------------- provisions
def provision_block(env, pid: str, docname: str, *, anchor=True, location=None) -> nodes.Node:
    try:
        entry = law.provision(pid)
    except KeyError:
        logger.warning("unknown provision id %r", pid, location=location,
                       type="lawbook", subtype="unknown-id")
        return nodes.paragraph(text=pid)
    box = nodes.container(classes=["provision", f"provision-{entry.get('status', 'in-force')}"])
    if anchor:
        box["ids"].append(law.anchor(pid))
    title = nodes.paragraph(classes=["provision-title"])
    title += nodes.strong(text=f"{law.cite(pid)}　{entry['law']} {entry['article']}")
    box += title
    status = entry.get("status", "in-force")
    meta = f"状态：{law.STATUS_ZH.get(status, status)}"
    if entry.get("effective"):
        meta += f"；施行日期：{entry['effective']}"
    meta += f"；性质：{law.FORCE_ZH[law.force(pid)]}"
    box += nodes.paragraph(text=meta, classes=["provision-meta"])
    if entry.get("text"):
        quote = nodes.block_quote(classes=["provision-text"])
        for line in entry["text"].splitlines():
            quote += nodes.paragraph(text=line)
        box += quote
    else:
        box += nodes.paragraph(text="【未能核实原文，以下不是条文原文】", classes=["provision-unverified"])
        if entry.get("reported"):
            quote = nodes.block_quote(classes=["provision-reported"])
            for line in entry["reported"].splitlines():
                quote += nodes.paragraph(text="据二手来源转述：" + line)
            box += quote
    src = nodes.paragraph(classes=["provision-source"])
    src += nodes.Text(f"文本来源：{entry.get('source', '')}")
    box += src
    if entry.get("note"):
        box += nodes.paragraph(text=f"说明：{entry['note']}", classes=["provision-note"])
    return box


class ProvisionDirective(SphinxDirective):
    required_arguments = 1
    has_content = False

    def run(self):
        pid = self.arguments[0].strip()
        _record(self.env, pid, self.env.docname)
        return [provision_block(self.env, pid, self.env.docname, anchor=True,
                                location=self.get_location())]


class ProvisionIndexDirective(SphinxDirective):
    """The appendix: every provision in the data, grouped by law."""

    has_content = False

    def run(self):
        by_law = defaultdict(list)
        for pid in law.provisions():
            key, _ = law.split_id(pid)
            by_law[key].append(pid)
        out = []
        laws = law.laws()
        for key in sorted(by_law, key=lambda k: laws[k].get("order", 99)):
            rubric = nodes.rubric(text=f"{laws[key]['title']}（{law.FORCE_ZH[laws[key]['force']]}）")
            rubric["ids"].append(f"law-{key}")
            out.append(rubric)
            for pid in sorted(by_law[key], key=_article_sort_key):
                block = provision_block(self.env, pid, self.env.docname, anchor=True)
                back = law_backlinks()
                back["pid"] = pid
                block += back
                out.append(block)
        return out


def _article_sort_key(pid: str):
    _, art = law.split_id(pid)
    return tuple(int(x) for x in art.split("-")) if art else (0,)


# ------------------------------------------------------------------------ claims
class ClaimDirective(SphinxDirective):
    required_arguments = 1
    has_content = False

    def run(self):
        cid = self.arguments[0].strip()
        ledger = claims_mod.by_id()
        if cid not in ledger:
            logger.warning("claim %r is not in data/claims.csv", cid,
                           location=self.get_location(), type="lawbook", subtype="unknown-claim")
            return []
        row = ledger[cid]
        if not hasattr(self.env, "lawbook_claims"):
            self.env.lawbook_claims = {}
        self.env.lawbook_claims[cid] = self.env.docname
        box = nodes.container(classes=["claim-box", f"verdict-{VERDICT_CLASS[row['verdict']]}"])
        head = nodes.paragraph(classes=["claim-head"])
        head += nodes.Text(f"主张 {cid}　评价：")
        head += nodes.strong(text=row["verdict"], classes=["verdict"])
        cite_text = f"《{TITLE}》v{__version__}，主张 {cid}"
        head += nodes.raw(
            "",
            f' <a class="claim-permalink" href="#{cid}" data-cite="{html.escape(cite_text)}"'
            f' title="复制本主张的引用：{html.escape(cite_text)}">¶ 复制引用</a>',
            format="html",
        )
        box += head
        quote = nodes.block_quote(classes=["claim-quote"])
        quote += nodes.paragraph(text=f"原文：“{row['quote']}”")
        box += quote
        if row["provisions"]:
            basis = nodes.paragraph(classes=["claim-basis"])
            basis += nodes.Text("主要依据：")
            for i, pid in enumerate(row["provisions"]):
                if i:
                    basis += nodes.Text("；")
                basis += make_law_ref(self.env, pid, self.env.docname, location=self.get_location())
            box += basis
        return [box]


class ClaimsLedgerDirective(SphinxDirective):
    """The whole ledger as a table, then verdict counts by section."""

    has_content = False

    def run(self):
        rows = claims_mod.load()
        table = _table(
            ["编号", "原文", "评价", "依据"],
            [[r["id"], r["quote"], r["verdict"], None] for r in rows],
            widths=[12, 50, 14, 24],
        )
        # fill the "依据" column with citations
        tbody = table.traverse(nodes.tbody)[0]
        for tr, r in zip(tbody.children, rows):
            para = tr.children[3].children[0]
            for i, pid in enumerate(r["provisions"]):
                if i:
                    para += nodes.Text("；")
                para += make_law_ref(self.env, pid, self.env.docname, location=self.get_location())
            ref = nodes.reference("", r["id"], internal=True, refuri="#" + r["id"])
            tr.children[0].children[0].children = []
            tr.children[0].children[0] += nodes.Text(r["id"])
        counts = claims_mod.verdict_counts()
        scale = claims_mod.VERDICTS
        count_table = _table(
            ["部分"] + list(scale) + ["合计"],
            [[claims_mod.SECTION_ZH[s]] + [str(c.get(v, 0)) for v in scale] + [str(sum(c.values()))]
             for s, c in counts.items()],
        )
        return [table, nodes.rubric(text="各部分评价统计"), count_table]


def _table(header, rows, widths=None):
    table = nodes.table(classes=["ledger-table"])
    tgroup = nodes.tgroup(cols=len(header))
    table += tgroup
    for w in widths or [1] * len(header):
        tgroup += nodes.colspec(colwidth=w)
    thead = nodes.thead()
    tgroup += thead
    tr = nodes.row()
    for h in header:
        tr += nodes.entry("", nodes.paragraph(text=h))
    thead += tr
    tbody = nodes.tbody()
    tgroup += tbody
    for r in rows:
        tr = nodes.row()
        for cell in r:
            tr += nodes.entry("", nodes.paragraph(text=cell or ""))
        tbody += tr
    return table


# ------------------------------------------------------------------ how to cite
def chapter_number(env, docname):
    secnums = getattr(env, "toc_secnumbers", {}).get(docname, {})
    num = secnums.get("") or ()
    return ".".join(str(n) for n in num)


def citation_for(app, docname: str) -> dict:
    env = app.env
    title = env.titles[docname].astext() if docname in env.titles else docname
    num = chapter_number(env, docname)
    chapter = f"第{num}章 {title}" if num else title
    base = (app.config.html_baseurl or "").rstrip("/") + "/"
    url = base + docname + ".html"
    as_of = params.as_of().isoformat()
    gbt = (f"{AUTHOR}. {chapter}[EB/OL]//{TITLE}. v{__version__}. "
           f"({RELEASE_DATE})[引用日期]. {url}.")
    key = "overdue-" + docname.split("/")[-1]
    bib = (f"@online{{{key},\n  author = {{{{{AUTHOR}}}}},\n  title = {{{chapter}}},\n"
           f"  booktitle = {{{TITLE}}},\n  version = {{{__version__}}},\n  date = {{{RELEASE_DATE}}},\n"
           f"  url = {{{url}}},\n  note = {{法律状态截至 {as_of}}}\n}}")
    return {"chapter": chapter, "url": url, "gbt": gbt, "bibtex": bib, "as_of": as_of}


def build_cite_box(app, docname: str) -> nodes.Node:
    c = citation_for(app, docname)
    box = nodes.admonition(classes=["how-to-cite"])
    box["ids"].append("how-to-cite")
    box += nodes.title(text="如何引用本章")
    box += nodes.paragraph(text=f"本书版本 v{__version__}，发布于 {RELEASE_DATE}；法律状态截至 {c['as_of']}。")
    box += nodes.paragraph(text="GB/T 7714-2015 格式：")
    box += nodes.literal_block(c["gbt"], c["gbt"], classes=["cite-gbt"])
    box += nodes.paragraph(text="BibTeX：")
    box += nodes.literal_block(c["bibtex"], c["bibtex"], language="bibtex", classes=["cite-bibtex"])
    link = nodes.paragraph(text="永久链接：")
    link += nodes.reference(c["url"], c["url"], refuri=c["url"])
    box += link
    return box


# ---------------------------------------------------------------------- events
def on_doctree_resolved(app, doctree, docname):
    env = app.env
    cites = getattr(env, "lawbook_cites", {})
    for node in list(doctree.traverse(law_backlinks)):
        pid = node["pid"]
        users = sorted(d for d in cites.get(pid, ()) if d != docname)
        para = nodes.paragraph(classes=["provision-backlinks"])
        if users:
            para += nodes.Text("本书引用处：")
            for i, d in enumerate(users):
                if i:
                    para += nodes.Text("、")
                uri = app.builder.get_relative_uri(docname, d) if hasattr(app.builder, "get_relative_uri") else d
                title = env.titles[d].astext() if d in env.titles else d
                para += nodes.reference(title, title, internal=True, refuri=uri + "#")
        else:
            para += nodes.Text("本书正文未引用此条（作为背景收录）。")
        node.replace_self(para)
    if docname.startswith(app.config.lawbook_chapter_prefix):
        doctree += build_cite_box(app, docname)


def on_doctree_read(app, doctree):
    """Drop the saved ipywidgets state from the page.

    The notebooks keep their widget state (``make execute`` stores it, so a
    live kernel restores the calculators), but in the static book a widget
    cannot compute: the frozen widgets are removed from the HTML (cell tag
    ``remove-output``), and so is the embedded state that myst-nb would add.
    """
    data = getattr(app.env, "nb_metadata", {}).get(app.env.docname, {})
    data.get("js_files", {}).pop("ipywidgets_state", None)


def on_purge(app, env, docname):
    for docs in getattr(env, "lawbook_cites", {}).values():
        docs.discard(docname)
    claims = getattr(env, "lawbook_claims", {})
    for cid in [c for c, d in claims.items() if d == docname]:
        del claims[cid]


def on_merge(app, env, docnames, other):
    if not hasattr(env, "lawbook_cites"):
        env.lawbook_cites = defaultdict(set)
    for pid, docs in getattr(other, "lawbook_cites", {}).items():
        env.lawbook_cites[pid] |= docs & set(docnames)


def on_config_inited(app, config):
    as_of = params.as_of().isoformat()
    opts = dict(config.html_theme_options or {})
    opts["extra_footer"] = (
        f'<p class="book-version">《{TITLE}》 版本 v{__version__}（{RELEASE_DATE}）· '
        f"法律状态截至 {as_of} · 仅供参考，不构成法律意见</p>"
    )
    config.html_theme_options = opts
    config.html_static_path = list(config.html_static_path) + [str(STATIC)]
    # default_mode: without it the theme logs "invalid theme mode" as a console error.
    config.html_context = {**(config.html_context or {}), "book_version": __version__,
                           "default_mode": "light"}
    # Figures that prose may mention come from data/, through MyST substitutions.
    last = rates.row_on(rates.last_confirmed())
    config.myst_substitutions = {
        **(getattr(config, "myst_substitutions", None) or {}),
        "as_of": as_of,
        "version": __version__,
        "release_date": RELEASE_DATE,
        "lpr_last_confirmed": rates.last_confirmed().isoformat(),
        "lpr_1y": str(last.rates["1y"]),
        "lpr_5y": str(last.rates["5y"]),
    }


def on_build_finished(app, exception):
    """Write a redirect page for every moved page listed in data/redirects.yaml."""
    if exception or app.builder.format != "html":
        return
    from overdue.data import load_yaml

    redirects = load_yaml("redirects.yaml") or {}
    out = Path(app.outdir)
    for old, new in redirects.items():
        if "#" in old:
            continue  # anchor moves are handled by the target page keeping an alias
        target = out / old
        target.parent.mkdir(parents=True, exist_ok=True)
        rel = Path(new.split("#")[0])
        href = html.escape(str(Path(*[".."] * (len(Path(old).parts) - 1), rel)) + (
            "#" + new.split("#")[1] if "#" in new else ""))
        target.write_text(
            f'<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8">'
            f'<meta http-equiv="Refresh" content="0; url={href}"><title>已迁移</title></head>'
            f'<body><p>本页已迁移至 <a href="{href}">{href}</a>。</p></body></html>',
            encoding="utf-8")


def on_html_page_context(app, pagename, templatename, context, doctree):
    """Two accessibility repairs of third-party markup (axe, serious/critical):
    myst-nb's hide-input toggle has an aria-label that differs from its visible
    text, and the bibliography's entries carry a role its list does not allow."""
    body = context.get("body")
    if body:
        context["body"] = (body.replace('<summary aria-label="Toggle hidden content">', "<summary>")
                               .replace('role="doc-biblioentry"', 'role="listitem"'))


def setup(app):
    app.add_config_value("lawbook_appendix", "book/appendix-provisions", "env")
    app.add_config_value("lawbook_chapter_prefix", "book/ch", "env")
    app.add_node(
        law_ref,
        html=(visit_law_ref_html, depart_law_ref_html),
        latex=(visit_law_ref_text, depart_law_ref_text),
        text=(visit_law_ref_text, depart_law_ref_text),
    )
    app.add_node(law_backlinks)
    app.add_role("law", law_role)
    app.add_directive("provision", ProvisionDirective)
    app.add_directive("provision-index", ProvisionIndexDirective)
    app.add_directive("claim", ClaimDirective)
    app.add_directive("claims-ledger", ClaimsLedgerDirective)
    app.connect("config-inited", on_config_inited)
    app.connect("doctree-read", on_doctree_read)
    app.connect("doctree-resolved", on_doctree_resolved)
    app.connect("env-purge-doc", on_purge)
    app.connect("env-merge-info", on_merge)
    app.connect("build-finished", on_build_finished)
    app.connect("html-page-context", on_html_page_context)
    app.add_css_file("lawbook.css")
    app.add_js_file("lawbook.js", defer="defer")
    app.add_js_file("search_zh.js", priority=500)  # not deferred: must define splitQuery before search.html's searchtools.js
    return {"version": __version__, "parallel_read_safe": True, "parallel_write_safe": True}
