"""A 390-pixel-wide phone: the page body never scrolls sideways; wide tables scroll
inside their own box (issue 9 §4), and every calculator's form and result fit the
screen without any sideways scrolling (issue 22). Saves the mobile screenshot of every
page, and of every calculator, to <html dir>/../screenshots/ (the desktop one is taken
by test_pages.py)."""

from __future__ import annotations

import pytest

from e2e_support import MOBILE, PAGES, page_source, shoot

PHONE = dict(is_mobile=True, has_touch=True, device_scale_factor=1)

MEASURE = """() => {
    const scrollsX = el => ['auto', 'scroll'].includes(getComputedStyle(el).overflowX);
    const inScroller = el => { for (let a = el.parentElement; a && a !== document.body; a = a.parentElement)
                                   if (scrollsX(a) || getComputedStyle(a).overflowX === 'hidden') return true;
                               return false; };
    const name = el => el.tagName.toLowerCase() + (typeof el.className === 'string' && el.className
                       ? '.' + el.className.trim().split(/\\s+/).join('.') : '');
    const width = document.documentElement.clientWidth;
    // What sticks out past the screen: boxes, and text overflowing its box.
    const culprits = [...document.querySelectorAll('body *')].filter(el => {
        if (inScroller(el) || el.closest('table')) return false;
        const r = el.getBoundingClientRect();
        if (!r.width && !r.height) return false;
        const overflowsBox = el.scrollWidth > el.clientWidth + 1 && !scrollsX(el)
            && ![...el.children].some(c => c.scrollWidth > c.clientWidth + 1);
        return r.right > width + 1 || (overflowsBox && r.left + el.scrollWidth > width + 1);
    }).slice(0, 6).map(el => name(el) + ': ' + (el.textContent || '').trim().slice(0, 60));
    const tables = [...document.querySelectorAll('main table')].map(t => {
        let box = null;
        for (let a = t.parentElement; a && a !== document.body; a = a.parentElement)
            if (scrollsX(a)) { box = a; break; }
        return {wide: t.scrollWidth > (t.parentElement.clientWidth || width) + 1,
                box: box ? name(box) : null,
                boxWidth: box ? box.clientWidth : null,
                scrolls: box ? box.scrollWidth > box.clientWidth : false,
                table: t.outerHTML.slice(0, 80)};
    });
    return {scrollWidth: document.scrollingElement.scrollWidth, innerWidth: window.innerWidth,
            culprits, tables};
}"""


@pytest.mark.parametrize("page", PAGES, ids=str)
def test_no_horizontal_scroll_on_phone(visit, shots_dir, page):
    v = visit(page.path, viewport=MOBILE, **PHONE)
    m = v.page.evaluate(MEASURE)
    shoot(v, shots_dir / f"{page.docname.replace('/', '-')}.mobile.png", MOBILE)
    # A phone widens the layout viewport to fit content that is too wide (innerWidth grows).
    assert m["innerWidth"] == MOBILE["width"] and m["scrollWidth"] <= MOBILE["width"] + 1, (
        f"{page.path} is {m['scrollWidth']} px wide on a {MOBILE['width']} px screen; "
        f"sticking out: {m['culprits']}")
    for t in m["tables"]:
        if t["wide"]:
            assert t["box"] and t["boxWidth"] <= MOBILE["width"] and t["scrolls"], (
                f"a wide table does not scroll in its own box: {t}")


# --- Every live calculator on a phone (issue 22) ---------------------------------------------
#
# Each calculator's form and result at 390 px: a screenshot of the calculator (folded
# ledgers closed, as a reader first sees it), then, with every folded table opened, no
# horizontal overflow: not the page (document.scrollingElement), and not one element of
# the form or the result (a table of three or more columns is drawn as cards, so even a
# table's own box does not need to scroll sideways).

CALCULATOR_MEASURE = """id => {
    const root = document.getElementById(id);
    const width = document.documentElement.clientWidth;
    const name = el => el.tagName.toLowerCase() + (typeof el.className === 'string' && el.className
                       ? '.' + el.className.trim().split(/\\s+/).join('.') : '');
    // What a reader would have to scroll sideways to read: the result's blocks, its table
    // boxes, tables and rows (a card's header row is hidden: only the body's rows), the
    // form's fields. A text area scrolls its own long lines.
    const parts = root.querySelectorAll(
        '.livecalc-output > *, .livecalc-output .overdue-table-wrap, .livecalc-output table, '
        + '.livecalc-output tbody tr, .livecalc-output figure, .livecalc-field, .livecalc-log-editor');
    const problems = [...parts].filter(el => {
        const r = el.getBoundingClientRect();
        if (!r.width && !r.height) return false;
        return r.right > width + 1 || r.left < -1 || el.scrollWidth > el.clientWidth + 1;
    }).slice(0, 6).map(el => ({element: name(el), right: Math.round(el.getBoundingClientRect().right),
                               scrollWidth: el.scrollWidth, clientWidth: el.clientWidth,
                               text: (el.textContent || '').trim().slice(0, 60)}));
    const s = document.scrollingElement;
    return {scrollWidth: s.scrollWidth, clientWidth: s.clientWidth, innerWidth: window.innerWidth, problems};
}"""


@pytest.mark.parametrize("page", PAGES, ids=str)
def test_every_calculator_is_readable_on_a_phone(visit, html_dir, shots_dir, page):
    if 'class="livecalc"' not in page_source(html_dir, page):
        pytest.skip("no calculator on this page")
    v = visit(page.path, viewport=MOBILE, **PHONE)
    ids = v.page.evaluate("[...document.querySelectorAll('.livecalc[data-calculator]')].map(r => r.id)")
    assert ids, f"{page.path}: the page source has a calculator, the browser found none"
    for uid in ids:
        root = v.page.locator(f"#{uid}")
        root.scroll_into_view_if_needed()
        v.page.evaluate("document.fonts.ready.then(() => true)")
        root.screenshot(path=str(shots_dir / f"{page.docname.replace('/', '-')}.{uid}.mobile.png"))
        v.page.evaluate("id => document.getElementById(id).querySelectorAll('details')"
                        ".forEach(d => { d.open = true; })", uid)
        m = v.page.evaluate(CALCULATOR_MEASURE, uid)
        assert m["innerWidth"] == MOBILE["width"] and m["scrollWidth"] <= m["clientWidth"], (
            f"{page.path} #{uid}: the page is {m['scrollWidth']} px wide on a {m['clientWidth']} px screen")
        assert not m["problems"], f"{page.path} #{uid}: wider than the screen: {m['problems']}"
