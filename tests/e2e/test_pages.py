"""Every page of the TOC in a real browser: offline, clean, numbered, citations, tables.

Pages come from _toc.yml at collection time, so new chapters are tested as they
are added.
"""

from __future__ import annotations

import re
from urllib.parse import quote

import pytest
from playwright.sync_api import expect

from e2e_support import DESKTOP, PAGES, bp, page_source, shoot

NUMBERED = [p for p in PAGES if p.numbered]
ARTICLE = "article.bd-article"


def _problems(rec) -> list[str]:
    out = [f"request to another host: {u}" for u in rec.foreign]
    out += [f"failed request: {u} ({why})" for u, why in rec.failed]
    out += [f"HTTP {status}: {u}" for u, status in rec.bad_status]
    out += [f"console error: {m}" for m in rec.console_errors]
    out += [f"uncaught exception: {m}" for m in rec.page_errors]
    return out


# The search page too, with a query: it loads the index and fetches result pages.
SEARCH_PAGE = bp.Page("search", False)


@pytest.mark.parametrize("page", PAGES + [SEARCH_PAGE], ids=str)
def test_loads_offline_without_errors(visit, shots_dir, page):
    """Only the local server is asked for anything; no console errors, no failed
    request; the favicon the page links to loads. Saves the desktop screenshot."""
    path = page.path + ("?q=" + quote("罚息怎么算") if page is SEARCH_PAGE else "")
    v = visit(path)
    if page is not SEARCH_PAGE:
        shoot(v, shots_dir / f"{page.docname.replace('/', '-')}.desktop.png", DESKTOP)
    icon = v.page.evaluate("""async () => {
        const link = document.querySelector('link[rel~="icon"]');
        if (!link) return null;
        const r = await fetch(link.href);
        const body = await r.arrayBuffer();
        return {href: link.href, status: r.status, type: r.headers.get('content-type'), size: body.byteLength};
    }""")
    v.page.wait_for_load_state("networkidle")
    problems = _problems(v.rec)
    assert icon is not None, "the page links no favicon"
    assert icon["status"] == 200 and icon["size"] > 0, f"favicon does not load: {icon}"
    assert (icon["type"] or "").startswith("image/"), f"favicon is not an image: {icon}"
    assert v.rec.requests, "no request recorded"
    assert not problems, "\n".join(problems)


def test_chinese_text_is_not_tofu(visit):
    """Chinese is drawn with a CJK font, not as boxes: a missing glyph is the same box
    for every character, real glyphs of two characters differ."""
    v = visit(PAGES[0].path)
    assert v.page.evaluate("""() => {
        const font = getComputedStyle(document.querySelector('main p') || document.body).fontFamily;
        const c = document.createElement('canvas'); c.width = c.height = 48;
        const g = c.getContext('2d');
        const draw = ch => { g.clearRect(0, 0, 48, 48); g.font = '40px ' + font;
                             g.fillText(ch, 2, 40); return g.getImageData(0, 0, 48, 48).data.join(); };
        return draw('法') !== draw('律') && draw('律') !== draw('息');
    }"""), "Chinese characters render as identical boxes: install a CJK font (fonts-wqy-microhei)"


@pytest.mark.parametrize("page", NUMBERED, ids=str)
def test_chapter_and_section_numbers(visit, page):
    v = visit(page.path)
    h1_number = v.page.locator(f"{ARTICLE} h1 span.section-number").first
    expect(h1_number).to_be_visible()
    chapter = h1_number.inner_text().strip()
    assert re.fullmatch(r"\d+\.", chapter), f"chapter number {chapter!r}"
    headings = v.page.evaluate(f"""() => [...document.querySelectorAll(
            '{ARTICLE} section > h2, {ARTICLE} section > h3')]
        .map(h => {{ const n = h.querySelector('span.section-number');
                    return {{text: h.innerText.trim(), number: n ? n.innerText.trim() : null}}; }})""")
    unnumbered = [h["text"] for h in headings if not h["number"]]
    assert not unnumbered, f"sections without a number: {unnumbered}"
    stray = [h for h in headings if not h["number"].startswith(chapter)]
    assert not stray, f"section numbers not under chapter {chapter}: {stray}"


def _expected_tip(pid: str) -> tuple[str, str]:
    from overdue import law

    entry = law.provision(pid)
    head = f"{entry['law']} {entry['article']}"
    body = entry.get("text") or entry.get("reported") or ""
    return head, body


def _squash(s: str) -> str:
    return re.sub(r"\s+", "", s)


@pytest.mark.parametrize("page", PAGES, ids=str)
def test_citation_preview_on_hover_and_focus(visit, html_dir, page):
    """Hovering and keyboard-focusing the first statute citation shows its article text."""
    if 'class="law-cite' not in page_source(html_dir, page):
        pytest.skip("no statute citation on this page")
    v = visit(page.path)
    cites = v.page.locator(f"{ARTICLE} .law-cite")
    assert cites.count() >= 1
    cite = cites.first
    link = cite.locator("a.law-link")
    tip = cite.locator(".law-tip")
    tip_id = tip.get_attribute("id")
    assert link.get_attribute("aria-describedby") == tip_id
    pid = re.fullmatch(r"tip-(.+)-\d+", tip_id).group(1)
    head, body = _expected_tip(pid)

    v.page.mouse.move(0, 0)
    link.scroll_into_view_if_needed()
    expect(tip).to_be_hidden()

    link.hover()
    expect(tip).to_be_visible()
    text = _squash(tip.inner_text())
    assert _squash(head) in text, f"tooltip lacks {head!r}: {text[:200]!r}"
    assert _squash(body)[:40] in text, f"tooltip lacks the article text of {pid}: {text[:200]!r}"

    v.page.mouse.move(0, 0)
    expect(tip).to_be_hidden()

    # Keyboard: reach the link with Tab (from the element before it).
    link.focus()
    v.page.keyboard.press("Shift+Tab")
    v.page.keyboard.press("Tab")
    assert link.evaluate("el => el === document.activeElement"), "Tab does not reach the citation"
    expect(tip).to_be_visible()
    assert _squash(body)[:40] in _squash(tip.inner_text())


@pytest.mark.parametrize("page", PAGES, ids=str)
def test_calculator_result_tables_visible(visit, html_dir, page):
    """Pages with code cells show their stored result table (pandas) in a cell output."""
    if "cell_input" not in page_source(html_dir, page):
        pytest.skip("no code cells on this page")
    v = visit(page.path)
    assert v.page.locator(f"{ARTICLE} .cell .cell_input").count() >= 1
    tables = v.page.locator(f"{ARTICLE} .cell_output table")
    if page.docname == "book/action-letters":
        # Widget cells only (output removed, as in the chapters); each form's default result is in its live block.
        tables = v.page.locator(f"{ARTICLE} .livecalc-output table")
    assert tables.count() >= 1, "code cells but no result table in any cell output"
    visible = [i for i in range(tables.count()) if tables.nth(i).is_visible()]
    assert visible, "no result table is visible"
    first = tables.nth(visible[0])
    assert first.locator("td").count() >= 1, "the result table is empty"


@pytest.mark.parametrize("page", PAGES, ids=str)
def test_page_weight_under_budget(browser, site, html_dir, page):
    """Transferred bytes with an empty cache (fonts and figures included) <= 1.5 MB."""
    m = bp.measure(browser, site, page.path, runs=1)
    assert not m["foreign"], f"requests to other hosts: {m['foreign']}"
    assert m["bytes"] <= bp.BUDGET_BYTES, (
        f"{page.path}: {m['bytes'] / 1e6:.2f} MB transferred, budget {bp.BUDGET_BYTES / 1e6:.2f} MB")
