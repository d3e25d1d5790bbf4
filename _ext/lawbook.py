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
- MyST substitutions (``{{ private_lending_cap_multiple_zh }}`` → 四倍, …) for
  every legal figure in ``data/parameters.yaml``, so that prose types none
  (see "figures in prose" below and tests/test_book_prose.py).
- the training edition (case exercises come from ``sphinx_exercise``, labels
  ``ex-<chapter>-<n>``): directive ``{exercise-index}``, every exercise of the
  book with its link and label; directive ``{citation-examples}``,
  how to cite a chapter, a claim and an exercise, from the same metadata as the
  how-to-cite boxes; and the print stylesheet ``print.css`` (tools/make_pdf.py).
"""

from __future__ import annotations

import datetime as _dt
import html
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from docutils import nodes
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

from overdue import claims as claims_mod
from overdue import law, params, rates
from overdue.present import fmt
from overdue.present.lpr_interest import TENOR_ZH
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
    # A counter per page, not a memory address: two builds of the same source are identical.
    n = getattr(self, "_law_tip_n", 0) + 1
    self._law_tip_n = n
    node["tip_id"] = tip_id = f"tip-{pid}-{n}"
    status = law.provision(pid).get("status", "in-force")
    self.body.append(
        f'<span class="law-cite law-{status}">'
        f'<a class="reference internal law-link" href="{uri}" aria-describedby="{tip_id}">'
    )


def depart_law_ref_html(self, node):
    pid = node["pid"]
    tip = html.escape(_tooltip_text(pid)).replace("\n", "<br>")
    tip_id = node["tip_id"]
    self.body.append(f'</a><span class="law-tip" role="tooltip" id="{tip_id}">{tip}</span></span>')


def visit_law_ref_text(self, node):
    pass


def depart_law_ref_text(self, node):
    pass


# ------------------------------------------------------------------- provisions
def provision_block(pid: str, *, anchor=True, location=None) -> nodes.Node:
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
    """``{provision} <id>``: the verbatim text of one provision, from
    data/provisions.yaml, in a box under the anchor ``prov-<id>`` (the first
    time on a page; ids stay unique). No options and no content: the text
    comes only from the data."""

    required_arguments = 1
    has_content = False

    def run(self):
        pid = self.arguments[0].strip()
        _record(self.env, pid, self.env.docname)
        document = self.state.document
        anchor = law.anchor(pid) not in document.ids
        block = provision_block(pid, anchor=anchor, location=self.get_location())
        if anchor and block["ids"]:
            document.ids[block["ids"][0]] = block
        return [block]


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
                block = provision_block(pid, anchor=True)
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


# ------------------------------------------------------------- figures in prose
# Every legal figure that prose mentions is a MyST substitution made here from
# data/parameters.yaml, with the value in force on the book's as-of date (the
# prose states the law as of that date). For a parameter ``p``:
#
#   {{ p }}          the figure in digits: 4 · 3 · 24% · 2019-08-20
#   {{ p_zh }}       in Chinese numerals, with its counter: 四倍 · 三年 · 百分之二十四
#   {{ p_en }}       in English words, for the English summaries: four times · three years
#   {{ p_start }}, {{ p_end }}   a daily time window: 22:00 · 8:00
#   {{ p_since }}    the date from which that value is in force: 2020-08-20
#
# Each Figure also says how the same figure looks when typed by hand;
# tests/test_book_prose.py hunts those forms in the chapters.

ZH_DIGITS = "零一二三四五六七八九"
EN_WORDS = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten")

# unit in data/parameters.yaml -> (Chinese counter, English singular, English plural)
COUNTERS = {
    "years": ("年", "year", "years"),
    "days": ("天", "day", "days"),
    "months": ("个月", "month", "months"),
    "multiple of one-year LPR": ("倍", "time", "times"),
    "connected calls per debtor per day": ("次", "call", "calls"),
    "answered (effective) calls per debtor per collecting party per day": ("次", "call", "calls"),
    "calls that got through (answered or not) per debtor per collecting party per day": ("次", "call", "calls"),
    "attempts per number per day": ("次", "attempt", "attempts"),
}
PERCENT_UNITS = {"annual rate (fraction)", "fraction of the loss"}
WINDOW_UNITS = {"[start, end) local time"}
BUCKET_UNITS = {"upper bound of each bucket in days past due"}
DATE_UNITS = {"date"}
YUAN_UNITS = {"yuan"}
# Where a parameter's substitution is not named after the parameter itself.
SUBSTITUTION_NAME = {"as_of_date": "as_of"}


@dataclass(frozen=True)
class Figure:
    name: str                    # the substitution name
    text: str                    # what it renders
    typed: tuple[str, ...] = ()  # the same figure typed by hand (hunted by the prose test)


def zh_numeral(n: int, *, counter: bool = False) -> str:
    """An integer 0–9999 in Chinese numerals: 3 → 三, 10 → 十, 24 → 二十四,
    105 → 一百零五, 365 → 三百六十五. Before a counter, 2 is 两 (两年, 两倍)."""
    if not 0 <= n < 10000:
        raise ValueError(f"{n} is outside 0–9999")
    if n == 2 and counter:
        return "两"
    if n < 10:
        return ZH_DIGITS[n]
    out, rest, gap = "", n, False
    for value, unit in ((1000, "千"), (100, "百"), (10, "十")):
        digit, rest = divmod(rest, value)
        if digit:
            out += ("零" if gap else "") + ("" if value == 10 and digit == 1 and not out else ZH_DIGITS[digit]) + unit
            gap = False
        elif out:
            gap = True
    if rest:
        out += ("零" if gap else "") + ZH_DIGITS[rest]
    return out


def _zh_decimal(value: Decimal) -> str:
    """24 → 二十四; 24.5 → 二十四点五."""
    whole, _, frac = format(value.normalize(), "f").partition(".")
    return zh_numeral(int(whole)) + ("点" + "".join(ZH_DIGITS[int(d)] for d in frac) if frac else "")


def _en_count(n: int, singular: str, plural: str) -> str:
    return f"{EN_WORDS[n] if n < len(EN_WORDS) else n} {singular if n == 1 else plural}"


def _time(hhmm: str) -> str:
    """"08:00" → "8:00" (prose writes 次日 8:00)."""
    hour, minute = hhmm.split(":")
    return f"{int(hour)}:{minute}"


def _time_typed(hhmm: str) -> tuple[str, ...]:
    hour, minute = hhmm.split(":")
    return (_time(hhmm),) + ((f"{int(hour)} 点",) if minute == "00" else ())


def _figures_of(name: str, unit: str, value, since: _dt.date) -> list[Figure]:
    stem = SUBSTITUTION_NAME.get(name, name)
    if unit in DATE_UNITS:
        day = value if isinstance(value, _dt.date) else _dt.date.fromisoformat(str(value))
        return [Figure(stem, day.isoformat()), Figure(f"{stem}_zh", f"{day.year}年{day.month}月{day.day}日")]
    out = []
    if unit in COUNTERS:
        zh, one, many = COUNTERS[unit]
        n = int(value)
        en = _en_count(n, one, many)
        out += [Figure(stem, str(n), (f"{n} {zh}", f"{n} {many}")),
                Figure(f"{stem}_zh", zh_numeral(n, counter=True) + zh, (zh_numeral(n, counter=True) + zh,)),
                Figure(f"{stem}_en", en, (en,))]
    elif unit in PERCENT_UNITS:
        percent = Decimal(str(value)) * 100
        digits = fmt.pct(Decimal(str(value)))
        zh = "百分之" + _zh_decimal(percent)
        out += [Figure(stem, digits, (digits,)), Figure(f"{stem}_zh", zh, (zh,))]
    elif unit in YUAN_UNITS:
        # An amount alone is too common to police (the worked examples use round amounts such as
        # 1 万元 and 10,000 元 that are not this figure): the typed forms hunted are the amount
        # as a limit ("不超过 1 万元").
        n = int(value)
        plain = f"{n:,} 元"
        zh = f"{n // 10000} 万元" if n % 10000 == 0 else plain
        typed = tuple(f"{w}{a}" for w in ("不超过 ", "不超过") for a in (plain, zh, plain.replace(" ", ""),
                                                                            zh.replace(" ", "")))
        out += [Figure(stem, plain, typed), Figure(f"{stem}_zh", zh, typed)]
    elif unit in WINDOW_UNITS:
        out += [Figure(f"{stem}_start", _time(value["start"]), _time_typed(value["start"])),
                Figure(f"{stem}_end", _time(value["end"]), _time_typed(value["end"]))]
    elif unit in BUCKET_UNITS:
        parts, low, labels = [], 1, sorted(value, key=value.get)
        for label in labels:
            parts.append((label, f"{low}–{value[label]} 天"))
            low = value[label] + 1
        text = "，".join(f"{label} 逾期 {span}" for label, span in parts) + f"，{labels[-1]}+ 逾期超过 {low - 1} 天"
        out += [Figure(stem, text, tuple(span for _, span in parts))]
    else:
        raise ValueError(
            f"data/parameters.yaml: {name!r} has the unit {unit!r}, which _ext/lawbook.py cannot write in "
            "prose yet; add it to COUNTERS or to one of the *_UNITS sets")
    return out + [Figure(f"{stem}_since", since.isoformat())]


def figures(on: _dt.date | None = None) -> dict[str, list[Figure]]:
    """The prose forms of every parameter, in force on ``on`` (default: the book's as-of date)."""
    on = on or params.as_of()
    out = {}
    for name, entry in params.parameters().items():
        v = params.value_on(name, on)
        out[name] = _figures_of(name, entry["unit"], v.value, v.start)
    return out


def substitutions() -> dict[str, str]:
    """Every MyST substitution the chapters may use: the parameters, the LPR and the edition."""
    last = rates.row_on(rates.last_confirmed())
    out = {
        "version": __version__,
        "release_date": RELEASE_DATE,
        "lpr_last_confirmed": rates.last_confirmed().isoformat(),
        "lpr_1y": str(last.rates["1y"]),
        "lpr_5y": str(last.rates["5y"]),
        "lpr_1y_tenor": TENOR_ZH["1y"],
        "lpr_5y_tenor": TENOR_ZH["5y"],
    }
    for figs in figures().values():
        for f in figs:
            if f.name in out:
                raise ValueError(f"two substitutions are named {f.name!r}")
            out[f.name] = f.text
    return out


# -------------------------------------------------------------- training edition
# The exercises themselves are sphinx_exercise's ``{exercise}`` / ``{solution}``
# (and ``{solution-start}`` … ``{solution-end}`` around notebook code cells),
# with the stable labels ``ex-<chapter>-<n>`` / ``sol-<chapter>-<n>``.
class exercise_index(nodes.General, nodes.Element):
    """Placeholder for the list of every exercise (resolved when all pages are read)."""


class citation_examples(nodes.General, nodes.Element):
    """Placeholder for the citation examples (resolved late: chapter numbers)."""


class ExerciseIndexDirective(SphinxDirective):
    """``{exercise-index}``: every exercise of the book, by chapter, linked to its
    stable label (``{citation-examples}`` shows how to cite one)."""

    has_content = False

    def run(self):
        if not hasattr(self.env, "lawbook_exercise_index_docs"):
            self.env.lawbook_exercise_index_docs = set()
        self.env.lawbook_exercise_index_docs.add(self.env.docname)
        return [exercise_index()]


class CitationExamplesDirective(SphinxDirective):
    """``{citation-examples}`` with ``:chapter: book/ch2-…``, ``:claim: claim-2-3``
    and ``:exercise: ex-2-1``: how to cite each of them in course materials."""

    has_content = False
    option_spec = {"chapter": str, "claim": str, "exercise": str}

    def run(self):
        node = citation_examples()
        node["chapter"] = self.options.get("chapter", "")
        node["claim"] = self.options.get("claim", "")
        node["exercise"] = self.options.get("exercise", "")
        return [node]


def exercises(env) -> list[dict]:
    """Every exercise (not solution) in the book, by its number: label, docname,
    number ("2.1", from the figure numbering) and subtitle."""
    registry = getattr(env, "sphinx_exercise_registry", {})
    out = []
    for label, entry in registry.items():
        if entry.get("type") != "exercise":
            continue
        doc = entry["docname"]
        num = getattr(env, "toc_fignumbers", {}).get(doc, {}).get("exercise", {}).get(label, ())
        subtitle = next((n.astext() for n in entry["node"].traverse(nodes.subtitle)), "")
        out.append({"label": label, "docname": doc, "number": ".".join(str(n) for n in num),
                    "subtitle": subtitle.strip().strip("()（）")})
    return sorted(out, key=lambda e: (tuple(int(x) for x in e["number"].split(".") if x) or (99,), e["label"]))


def exercise_citation(app, docname: str, label: str, number: str, subtitle: str) -> str:
    c = citation_for(app, docname)
    return (f"{AUTHOR}. {c['chapter']}，练习 {number}（{label}）：{subtitle}[EB/OL]//{TITLE}. v{__version__}. "
            f"({RELEASE_DATE})[引用日期]. {c['url']}#{label}.")


def _resolve_exercise_index(app, node, fromdoc):
    env = app.env
    items = exercises(env)
    if not items:
        logger.warning("{exercise-index}: the book has no exercises", location=fromdoc,
                       type="lawbook", subtype="no-exercises")
    out, current = [], None
    for e in items:
        if e["docname"] != current:
            current = e["docname"]
            title = env.titles[current].astext() if current in env.titles else current
            num = chapter_number(env, current)
            head = nodes.paragraph(classes=["exercise-index-chapter"])
            uri = app.builder.get_relative_uri(fromdoc, current)
            head += nodes.reference("", f"第{num}章 {title}" if num else title, internal=True, refuri=uri)
            out.append(head)
            lst = nodes.bullet_list(classes=["exercise-index"])
            out.append(lst)
        item = nodes.list_item()
        para = nodes.paragraph()
        uri = app.builder.get_relative_uri(fromdoc, e["docname"]) + "#" + e["label"]
        para += nodes.reference("", f"练习 {e['number']}　{e['subtitle']}", internal=True, refuri=uri)
        para += nodes.Text("　")
        para += nodes.literal(text=e["label"])
        item += para
        lst += item
    node.replace_self(out)


def _resolve_citation_examples(app, node, fromdoc):
    env = app.env
    out = []
    doc = node["chapter"]
    if doc:
        c = citation_for(app, doc)
        out.append(nodes.paragraph(text=f"引用一章（{c['chapter']}）："))
        out.append(nodes.literal_block(c["gbt"], c["gbt"], classes=["cite-gbt"]))
    cid = node["claim"]
    if cid:
        cdoc = getattr(env, "lawbook_claims", {}).get(cid)
        if not cdoc:
            logger.warning("{citation-examples}: claim %r is not shown in any chapter", cid, location=fromdoc,
                           type="lawbook", subtype="unknown-claim")
        else:
            text = f"《{TITLE}》v{__version__}（{RELEASE_DATE}），主张 {cid}，{citation_for(app, cdoc)['url']}#{cid}"
            out.append(nodes.paragraph(text=f"引用一条主张（{cid}）："))
            out.append(nodes.literal_block(text, text, classes=["cite-claim"]))
    label = node["exercise"]
    if label:
        found = [e for e in exercises(env) if e["label"] == label]
        if not found:
            logger.warning("{citation-examples}: exercise %r does not exist", label, location=fromdoc,
                           type="lawbook", subtype="unknown-exercise")
        else:
            e = found[0]
            text = exercise_citation(app, e["docname"], label, e["number"], e["subtitle"])
            out.append(nodes.paragraph(text=f"引用一道练习（{label}）："))
            out.append(nodes.literal_block(text, text, classes=["cite-exercise"]))
    node.replace_self(out)


def _unique_exercise_ids(doctree):
    """sphinx_exercise gives the body of every exercise and solution the same id
    ("exercise-content", "solution-content"): invalid HTML once a page has two.
    The bodies need no id (links go to the exercise's own label)."""
    for sec in doctree.traverse(nodes.section):
        if sec["ids"] in (["exercise-content"], ["solution-content"]):
            sec["ids"] = []


def _show_exercise_labels(doctree):
    """Print each exercise's stable label (``ex-2-1``) in its title, so that a
    handout, a slide or a photocopy can be cited without the web address."""
    for node in doctree.traverse(nodes.Element):
        label = node.get("label", "") if "exercise" in node.get("classes", ()) else ""
        if not label.startswith("ex-") or not node.children or not isinstance(node.children[0], nodes.title):
            continue
        node.children[0] += nodes.inline("", label, classes=["exercise-label"])


# ---------------------------------------------------------------------- events
def on_doctree_resolved(app, doctree, docname):
    env = app.env
    _unique_exercise_ids(doctree)
    _show_exercise_labels(doctree)
    for node in list(doctree.traverse(exercise_index)):
        _resolve_exercise_index(app, node, docname)
    for node in list(doctree.traverse(citation_examples)):
        _resolve_citation_examples(app, node, docname)
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
                uri = app.builder.get_relative_uri(docname, d)
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


def on_get_outdated(app, env, added, changed, removed):
    """The exercise index lists every chapter's exercises: rebuild it when any page changes."""
    if added or changed or removed:
        return sorted(getattr(env, "lawbook_exercise_index_docs", set()) - set(removed))
    return []


def on_purge(app, env, docname):
    getattr(env, "lawbook_exercise_index_docs", set()).discard(docname)
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
    if hasattr(other, "lawbook_exercise_index_docs"):
        env.lawbook_exercise_index_docs = (getattr(env, "lawbook_exercise_index_docs", set())
                                           | (other.lawbook_exercise_index_docs & set(docnames)))


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
    config.myst_substitutions = {**(getattr(config, "myst_substitutions", None) or {}), **substitutions()}


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
    app.add_node(exercise_index)
    app.add_node(citation_examples)
    app.add_directive("exercise-index", ExerciseIndexDirective)
    app.add_directive("citation-examples", CitationExamplesDirective)
    app.add_role("law", law_role)
    app.add_directive("provision", ProvisionDirective)
    app.add_directive("provision-index", ProvisionIndexDirective)
    app.add_directive("claim", ClaimDirective)
    app.add_directive("claims-ledger", ClaimsLedgerDirective)
    app.connect("config-inited", on_config_inited)
    app.connect("doctree-read", on_doctree_read)
    app.connect("doctree-resolved", on_doctree_resolved)
    app.connect("env-purge-doc", on_purge)
    app.connect("env-get-outdated", on_get_outdated)
    app.connect("env-merge-info", on_merge)
    app.connect("build-finished", on_build_finished)
    app.connect("html-page-context", on_html_page_context)
    app.add_css_file("lawbook.css")
    app.add_css_file("print.css", media="print")
    app.add_js_file("lawbook.js", defer="defer")
    app.add_js_file("search_zh.js", priority=500)  # not deferred: must define splitQuery before search.html's searchtools.js
    return {"version": __version__, "parallel_read_safe": True, "parallel_write_safe": True}
