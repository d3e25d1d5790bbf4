"""Chinese search on search.html (issue 9 §2).

Sphinx indexes the words jieba finds at build time; _static/search_zh.js cuts an
unspaced query into the index's own words (and drops stop-words such as 怎么, 算)
before searchtools.js looks them up. Each query must find at least one page now,
and must find the chapter that answers it: that assertion is marked xfail (not
strict) only while the target chapter still says "本章正在撰写".
"""

from __future__ import annotations

import re
from urllib.parse import quote

import pytest

from e2e_support import DESKTOP

CONTACT = "book/ch4-contact-scope.html"
INTEREST = "book/ch2-initial-measures.html"
FURTHER = "book/ch3-further-measures.html"
IN_PREPARATION = "本章正在撰写"

# query -> (chapter that answers it, expected search words or None, expected stop-words)
# None: the words, in order, spell the query exactly (however the index cuts it).
QUERIES = {
    "紧急联系人": (CONTACT, None, []),
    "罚息": (INTEREST, ["罚息"], []),
    "诉讼时效": (FURTHER, ["诉讼时效"], []),
    "通讯录": (CONTACT, ["通讯录"], []),
    "征信": (FURTHER, ["征信"], []),
    "逾期利息计算": (INTEREST, None, []),
    "紧急联系人电话": (CONTACT, None, []),
    "罚息怎么算": (INTEREST, ["罚息"], ["怎么", "算"]),
}
IDS = {"紧急联系人": "emergency-contact", "罚息": "penalty-interest", "诉讼时效": "limitation-period",
       "通讯录": "address-book", "征信": "credit-report", "逾期利息计算": "overdue-interest-calc",
       "紧急联系人电话": "emergency-contact-phone", "罚息怎么算": "how-is-penalty-interest-calculated"}
SEGMENTED = {"紧急联系人电话", "逾期利息计算"}  # must be cut into two or more words

DONE = """() => { const s = document.querySelector('#search-results p.search-summary');
                 return !!s && s.innerText.trim().length > 0; }"""


def test_search_script_included_once_before_searchtools(html_dir):
    page = (html_dir / "search.html").read_text(encoding="utf-8")
    scripts = re.findall(r'<script[^>]*\ssrc="([^"]+)"', page)
    ours = [i for i, s in enumerate(scripts) if s.split("?")[0].endswith("_static/search_zh.js")]
    tools = [i for i, s in enumerate(scripts) if s.split("?")[0].endswith("_static/searchtools.js")]
    assert len(ours) == 1, f"search_zh.js included {len(ours)} times: {scripts}"
    assert len(tools) == 1, f"searchtools.js included {len(tools)} times"
    assert ours[0] < tools[0], "search_zh.js must load before searchtools.js"
    tag = re.search(r'<script[^>]*search_zh\.js[^>]*>', page).group(0)
    assert "defer" not in tag and "async" not in tag, f"search_zh.js must not be deferred: {tag}"
    assert (html_dir / "_static" / "search_zh.js").exists()


def _search(visit, query):
    v = visit("search.html?q=" + quote(query), viewport=DESKTOP)
    v.page.wait_for_function(DONE)
    v.page.wait_for_load_state("networkidle")  # the result summaries are fetched too
    detail = v.page.evaluate("q => window.lawbookSegment.detail(q)", query)
    hrefs = v.page.eval_on_selector_all(
        "#search-results ul.search li > a", "els => els.map(e => e.getAttribute('href'))")
    pages = list(dict.fromkeys(h.split("#")[0] for h in hrefs))
    return v, detail, pages


@pytest.mark.parametrize("query", list(QUERIES), ids=lambda q: IDS.get(q, "query"))
def test_chinese_query_finds_its_chapter(visit, html_dir, request, query):
    chapter, words, stops = QUERIES[query]
    v, detail, pages = _search(visit, query)

    assert v.page.evaluate("() => splitQuery === window.splitQuery"), "searchtools kept its own splitQuery"
    assert not detail["unknown"], f"characters matching no indexed word: {detail}"
    assert detail["stopwords"] == stops, f"stop-words: {detail}"
    if words is None:
        assert "".join(detail["terms"]) == query, f"segmentation does not cover the query: {detail}"
    else:
        assert detail["terms"] == words, f"segmentation: {detail}"
    if query in SEGMENTED:
        assert len(detail["terms"]) >= 2, f"query not segmented: {detail}"
    assert pages, f"{query!r} ({detail['terms']}) finds nothing"
    assert not (v.rec.foreign or v.rec.page_errors), (v.rec.foreign, v.rec.page_errors)

    target = html_dir / chapter
    if target.exists() and IN_PREPARATION in target.read_text(encoding="utf-8"):
        request.node.add_marker(pytest.mark.xfail(
            reason=f"{chapter} is still being written ({IN_PREPARATION})", strict=False))
    assert chapter in pages, f"{query!r} → {detail['terms']} finds {pages}, not {chapter}"
