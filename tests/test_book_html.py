"""Static checks of the built HTML: strict build, no third-party resources,
no frozen widgets, chapters carry their anchors, citation boxes and numbers."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlparse

import yaml

from overdue import claims, law

ROOT = Path(__file__).resolve().parents[1]

# Attributes through which a page *loads* something (not ordinary links).
LOADING = {
    "script": ["src"],
    "img": ["src", "srcset"],
    "iframe": ["src"],
    "source": ["src", "srcset"],
    "video": ["src", "poster"],
    "audio": ["src"],
    "embed": ["src"],
    "object": ["data"],
    "track": ["src"],
    "input": ["src"],
}
LOADING_LINK_RELS = {"stylesheet", "icon", "shortcut", "preload", "modulepreload",
                     "prefetch", "preconnect", "dns-prefetch", "manifest", "apple-touch-icon"}
CSS_URL = re.compile(r"""(?:url\(\s*['"]?|@import\s+['"])(https?:)?//""", re.I)


class _Collector(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.loads: list[tuple[str, str]] = []
        self.links: list[str] = []
        self.ids: set[str] = set()
        self.inline_css: list[str] = []
        self._in_style = False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if "id" in a and a["id"]:
            self.ids.add(a["id"])
        for attr in LOADING.get(tag, []):
            if a.get(attr):
                self.loads.append((tag, a[attr]))
        if tag == "link":
            rels = set((a.get("rel") or "").lower().split())
            if rels & LOADING_LINK_RELS and a.get("href"):
                self.loads.append(("link", a["href"]))
        if tag == "a" and a.get("href"):
            self.links.append(a["href"])
        if a.get("style"):
            self.inline_css.append(a["style"])
        if tag == "style":
            self._in_style = True

    def handle_endtag(self, tag):
        if tag == "style":
            self._in_style = False

    def handle_data(self, data):
        if self._in_style:
            self.inline_css.append(data)


def _parse(path: Path) -> _Collector:
    c = _Collector()
    c.feed(path.read_text(encoding="utf-8"))
    return c


def _third_party(url: str) -> bool:
    u = urlparse(url.strip())
    return bool(u.netloc) or u.scheme in ("http", "https")


def test_strict_build_has_no_warnings(built_book):
    _, log = built_book
    assert "WARNING" not in log


def test_no_page_loads_anything_from_a_third_party(html_pages):
    offenders, outbound = [], set()
    for page in html_pages:
        c = _parse(page)
        for tag, url in c.loads:
            if _third_party(url):
                offenders.append(f"{page.name}: <{tag}> {url}")
        for css in c.inline_css:
            if CSS_URL.search(css):
                offenders.append(f"{page.name}: inline CSS loads {CSS_URL.search(css).group(0)}")
        outbound |= {h for h in c.links if _third_party(h)}
    print("\nOrdinary outbound links (allowed, not loaded):")
    for h in sorted(outbound):
        print("  ", h)
    assert not offenders, "\n".join(offenders)


def test_static_css_and_js_load_nothing_from_third_parties(built_book):
    html_dir, _ = built_book
    bad = []
    for f in list((html_dir / "_static").rglob("*.css")):
        if CSS_URL.search(f.read_text(encoding="utf-8", errors="replace")):
            bad.append(str(f.relative_to(html_dir)))
    assert not bad, bad


def test_no_frozen_widget_in_the_html(html_pages):
    for page in html_pages:
        text = page.read_text(encoding="utf-8")
        assert "application/vnd.jupyter.widget" not in text, page.name
        assert "jupyter-widgets" not in text, page.name


def test_pages_declare_chinese(html_pages):
    for page in html_pages:
        if 'http-equiv="Refresh"' in page.read_text(encoding="utf-8"):
            continue  # the root redirect written by sphinx-external-toc
        assert '<html lang="zh-CN"' in page.read_text(encoding="utf-8"), page.name


def _toc_files() -> list[str]:
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))
    files = [toc["root"]]
    for part in toc["parts"]:
        files += [c["file"] for c in part["chapters"]]
    return files


def test_every_chapter_has_its_label_and_a_how_to_cite_box(built_book):
    html_dir, _ = built_book
    for doc in _toc_files():
        if not doc.split("/")[-1].startswith("ch"):
            continue
        c = _parse(html_dir / f"{doc}.html")
        label = doc.split("/")[-1]
        assert label in c.ids, f"{doc}: missing the stable chapter anchor #{label}"
        assert "how-to-cite" in c.ids, f"{doc}: no how-to-cite box"


def test_numbered_chapters_show_their_number(built_book):
    html_dir, _ = built_book
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))
    n = 0
    for part in toc["parts"]:
        if not part.get("numbered"):
            continue
        for ch in part["chapters"]:
            n += 1
            text = (html_dir / f"{ch['file']}.html").read_text(encoding="utf-8")
            numbers = re.findall(r'<h1><span class="section-number">([\d.]+)\s*</span>', text)
            assert numbers == [f"{n}."], (ch["file"], numbers)
            # sections are numbered under the chapter, e.g. 1.2
            assert re.search(rf'<h2><span class="section-number">{n}\.1\.', text), ch["file"]


def test_every_claim_in_the_ledger_has_its_anchor_in_a_chapter(built_book):
    html_dir, _ = built_book
    ids = set()
    for doc in _toc_files():
        ids |= _parse(html_dir / f"{doc}.html").ids
    missing = [r["id"] for r in claims.load() if r["id"] not in ids]
    assert not missing, missing


def test_appendix_lists_every_provision_with_its_source(built_book):
    html_dir, _ = built_book
    page = html_dir / "book" / "appendix-provisions.html"
    c = _parse(page)
    text = page.read_text(encoding="utf-8")
    for pid, entry in law.provisions().items():
        assert law.anchor(pid) in c.ids, pid
    assert text.count("文本来源：") >= len(law.provisions())


def test_citation_preview_carries_the_article_text(built_book):
    html_dir, _ = built_book
    text = (html_dir / "book" / "ch1-principles.html").read_text(encoding="utf-8")
    # 《民法典》第465条's first sentence must be inside a tooltip next to its citation.
    m = re.search(r'<span class="law-tip" role="tooltip"[^>]*>([^<]*第四百六十五条[^<]*)<br>(.*?)</span>', text)
    assert m and "依法成立的合同，受法律保护。" in m.group(2)
