"""Accessibility of every page: an axe-core scan (zero serious or critical
violations) and explicit checks of language, image alt text, table headers and
colour contrast, in the default light mode and in the theme's dark mode (issue 9 §3)."""

from __future__ import annotations

import pytest

from e2e_support import PAGES

# Rules that must pass whatever axe rates their impact.
EXPLICIT = {
    "html-has-lang", "html-lang-valid", "valid-lang",          # lang="zh-CN"
    "image-alt", "role-img-alt", "svg-img-alt", "input-image-alt",  # images have alt text
    "td-has-header", "th-has-data-cells", "td-headers-attr",   # tables have headers
    "color-contrast",                                          # colour contrast
}


def _describe(violations) -> str:
    lines = []
    for v in violations:
        lines.append(f"{v['id']} ({v['impact']}): {v['help']}")
        for node in v["nodes"][:6]:
            lines.append(f"    {' '.join(node['target'])}  {node.get('failureSummary', '').splitlines()[-1:]}")
        if len(v["nodes"]) > 6:
            lines.append(f"    … and {len(v['nodes']) - 6} more")
    return "\n".join(lines)


@pytest.mark.parametrize("page", PAGES, ids=str)
def test_axe_scan(visit, axe_path, page):
    v = visit(page.path)
    v.page.evaluate("document.fonts.ready.then(() => true)")
    assert v.page.evaluate("document.documentElement.getAttribute('lang')") == "zh-CN"

    facts = v.page.evaluate("""() => ({
        imagesWithoutAlt: [...document.querySelectorAll('img:not([alt])')].map(i => i.src),
        tablesWithoutHeaders: [...document.querySelectorAll('main table')]
            .filter(t => !t.querySelector('th')).map(t => t.outerHTML.slice(0, 120)),
    })""")
    assert not facts["imagesWithoutAlt"], f"images without alt: {facts['imagesWithoutAlt']}"
    assert not facts["tablesWithoutHeaders"], f"tables without headers: {facts['tablesWithoutHeaders']}"

    v.page.add_script_tag(path=str(axe_path))
    result = v.page.evaluate("""async () => {
        const r = await axe.run(document, {resultTypes: ['violations']});
        const slim = v => ({id: v.id, impact: v.impact, help: v.help,
            nodes: v.nodes.map(n => ({target: n.target, failureSummary: n.failureSummary}))});
        return {violations: r.violations.map(slim),
                ran: [...r.passes, ...r.violations, ...r.incomplete].map(x => x.id)};
    }""")
    violations = result["violations"]
    assert "color-contrast" in result["ran"], "axe did not check colour contrast on this page"
    serious = [x for x in violations if x["impact"] in ("serious", "critical")]
    explicit = [x for x in violations if x["id"] in EXPLICIT and x not in serious]
    assert not serious + explicit, f"{page.path}:\n" + _describe(serious + explicit)

    # The theme's switcher offers a dark mode: colour contrast must hold there too.
    dark = v.page.evaluate("""async () => {
        document.documentElement.dataset.theme = 'dark';
        const r = await axe.run(document, {runOnly: ['color-contrast'], resultTypes: ['violations']});
        return r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
            nodes: v.nodes.map(n => ({target: n.target, failureSummary: n.failureSummary}))}));
    }""")
    assert not dark, f"{page.path} in dark mode:\n" + _describe(dark)
