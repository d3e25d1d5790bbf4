"""A 390-pixel-wide phone: the page body never scrolls sideways; wide tables scroll
inside their own box (issue 9 §4). Saves the mobile screenshot of every page to
<html dir>/../screenshots/ (the desktop one is taken by test_pages.py)."""

from __future__ import annotations

import pytest

from e2e_support import MOBILE, PAGES, shoot

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
