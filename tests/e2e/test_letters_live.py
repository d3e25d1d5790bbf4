"""The letters in the static book (issue 20 §4): the reader fills the form and gets the
letter; copy, print and download; nothing typed leaves the browser or is stored.

The page is ``book/action-letters.html`` as nginx serves it (the site's CSP in force;
any violation fails the test). The letter used is the complaint to the lender
(``letter_complaint``): the reader's name, phone, the lender's name and the contract
number are typed into its form, each a string that appears nowhere else:

    name         测试隐私张三
    phone        13987650321
    lender_name  隐私测试消费金融公司
    contract_no  HT-PRIV-7731

Privacy is checked three ways: every request the browser context reports (the page's
and its Web Worker's: that the worker's requests are reported is itself checked, by
finding the runtime's wasm among them), every line of the server's access log, and the
count of requests while typing (none at all once the runtime has loaded). Storage is
read in the page: localStorage, sessionStorage, cookies, IndexedDB, Cache Storage and
the origin-private file system.
"""

from __future__ import annotations

import json
import sys
from urllib.parse import quote, quote_plus, unquote

import pytest

from e2e_support import DESKTOP, MOBILE, ROOT

sys.path.insert(0, str(ROOT / "tests" / "live"))

from overdue import present  # noqa: E402

PAGE = "book/action-letters.html"
LETTER = "letter_complaint"
START_TIMEOUT_MS = 240_000
RESULT_TIMEOUT_MS = 60_000
SECRETS = {
    "name": "测试隐私张三",
    "phone": "13987650321",
    "lender_name": "隐私测试消费金融公司",
    "contract_no": "HT-PRIV-7731",
}
CLIPBOARD = ["clipboard-read", "clipboard-write"]


def _forms(secret: str) -> list[str]:
    """The ways a request could carry ``secret``: as typed, percent-encoded (URL, form
    post), JSON-escaped (\\uXXXX)."""
    return sorted({secret, quote(secret), quote_plus(secret), quote(secret).lower(),
                   json.dumps(secret)[1:-1], json.dumps(secret, ensure_ascii=False)[1:-1]})


def _carried(text: str) -> list[str]:
    return [s for s in SECRETS.values() for f in _forms(s) if f in text]


class Wire:
    """What the browser context sent (the visit's recorder holds every request, from
    before the page loaded: the page's, its Web Worker's, a service worker's): URL,
    method, headers and body; and every WebSocket and service worker from now on."""

    def __init__(self, v):
        self.rec = v.rec
        self.sockets: list[str] = []
        v.page.on("websocket", lambda ws: self.sockets.append(ws.url))

    def requests(self) -> list[dict]:
        out = []
        for request in self.rec.requests:
            body = request.post_data_buffer or b""
            out.append({"url": request.url, "method": request.method, "headers": dict(request.headers),
                        "body": body.decode("utf-8", "replace")})
        return out

    def network(self) -> list[dict]:
        """The requests that went to a server (data: and blob: URLs stay in the browser)."""
        return [r for r in self.requests() if r["url"].split(":", 1)[0] in ("http", "https", "ws", "wss")]

    def carrying(self) -> list[str]:
        bad = []
        for r in self.network():
            where = " ".join([r["url"], unquote(r["url"]), r["body"], json.dumps(r["headers"], ensure_ascii=False)])
            for secret in _carried(where):
                bad.append(f"{r['method']} {r['url'][:200]} carries {secret!r}")
        return bad


def _root(v):
    return v.page.locator(f'.livecalc[data-calculator="{LETTER}"]').first


def _start(v) -> None:
    root = _root(v)
    root.scroll_into_view_if_needed()
    root.locator(".livecalc-start").click()
    v.page.wait_for_function(
        "id => ['ready', 'error'].includes(document.getElementById(id).dataset.state)",
        arg=root.get_attribute("id"), timeout=START_TIMEOUT_MS)
    assert root.get_attribute("data-state") == "ready", root.locator(".livecalc-status").inner_text()


def _type_secrets(v) -> None:
    """Type each detail key by key (real input events), then wait for the letter that
    holds all of them."""
    root = _root(v)
    for field, text in SECRETS.items():
        root.locator(f'[data-name="{field}"]').press_sequentially(text)
    v.page.wait_for_function(
        """([id, wanted]) => {
             const t = document.querySelector('#' + id + ' .overdue-letter-text');
             return t && wanted.every(s => t.textContent.includes(s));
           }""", arg=[root.get_attribute("id"), list(SECRETS.values())], timeout=RESULT_TIMEOUT_MS)


def _clipboard(v) -> str:
    """The clipboard's text. The site's Permissions-Policy lets its pages write to the
    clipboard, never read it (clipboard-read=()): it is read in a second tab of the same
    browser, on a file of the site that is not a page (a stylesheet, sent without the policy)."""
    reader = v.context.new_page()
    try:
        reader.goto(v.site.url("_static/livecalc.css"))
        reader.bring_to_front()
        return reader.evaluate("navigator.clipboard.readText()")
    finally:
        reader.close()
        v.page.bring_to_front()


def _expected_text() -> str:
    """CPython's letter for the default form with the four details filled."""
    form = {f["name"]: f["default"] for f in present.fields(LETTER)} | SECRETS
    return present.render(LETTER, form)["document"]["text"]


# Everything the origin stores, read in the page.
STORAGE = """async () => {
  const out = {local: {}, session: {}, cookie: document.cookie, indexeddb: [], caches: [], opfs: []};
  for (let i = 0; i < localStorage.length; i++) out.local[localStorage.key(i)] = localStorage.getItem(localStorage.key(i));
  for (let i = 0; i < sessionStorage.length; i++) out.session[sessionStorage.key(i)] = sessionStorage.getItem(sessionStorage.key(i));
  for (const info of await indexedDB.databases()) {
    const db = await new Promise((ok, fail) => { const r = indexedDB.open(info.name); r.onsuccess = () => ok(r.result); r.onerror = fail; });
    const stores = {};
    for (const name of db.objectStoreNames) {
      stores[name] = await new Promise((ok) => {
        const r = db.transaction(name).objectStore(name).getAll(); r.onsuccess = () => ok(JSON.stringify(r.result));
      });
    }
    db.close();
    out.indexeddb.push({name: info.name, stores});
  }
  for (const key of await caches.keys()) {
    const cache = await caches.open(key);
    for (const req of await cache.keys()) {
      const res = await cache.match(req);
      out.caches.push({cache: key, url: req.url, body: res ? await res.clone().text() : ''});
    }
  }
  const dir = await navigator.storage.getDirectory();
  for await (const [name] of dir.entries()) out.opfs.push(name);
  return out;
}"""


def test_the_letter_holds_what_was_typed_and_nothing_leaves_or_stays(visit, site):
    """(a) the letter contains the details; (b) no request carries them, and none goes
    out at all while typing once the runtime is loaded; (c) nothing is stored."""
    log = site.run / "access.log"
    log_start = log.stat().st_size if log.exists() else 0
    v = visit(PAGE, permissions=CLIPBOARD)
    wire = Wire(v)
    _start(v)
    v.page.wait_for_load_state("networkidle")
    v.page.wait_for_timeout(500)
    runtime = [r["url"] for r in wire.network() if r["url"].endswith(".wasm")]
    assert runtime, "the worker's requests (the runtime's wasm) were not recorded: the check would be blind"
    before_typing = len(v.rec.requests)

    _type_secrets(v)
    v.page.wait_for_timeout(500)  # anything sent after the letter is shown is caught too
    letter = _root(v).locator(".overdue-letter-text")
    # (a) the letter names the reader, their phone, the lender and the contract ...
    for secret in SECRETS.values():
        assert secret in letter.inner_text(), secret
    # ... and is CPython's letter for the same form, paragraph for paragraph
    assert letter.evaluate("t => [...t.children].map(p => p.innerText).join('\\n\\n')") == \
        _expected_text().strip("\n")

    # (b) not one request while typing the 39 characters into four fields; none at all
    # carries them, to the server's knowledge either
    typed = [r.url for r in v.rec.requests[before_typing:]]
    assert typed == [], f"requests while typing: {typed}"
    assert wire.carrying() == [], wire.carrying()
    assert wire.sockets == [] and v.context.service_workers == [], (wire.sockets, v.context.service_workers)
    served = log.read_bytes()[log_start:].decode("utf-8", "replace")
    assert PAGE in served, "the server's access log did not record the page: the check would be blind"
    assert _carried(served + unquote(served)) == [], "the server received the details"
    assert not v.rec.foreign, v.rec.foreign

    # (c) nothing is stored: no cookie, no database, no cache, no file; the web storage
    # holds none of the details (the theme may keep its light/dark choice there)
    stored = v.page.evaluate(STORAGE)
    assert v.context.cookies() == [] and stored["cookie"] == "", stored["cookie"]
    assert stored["indexeddb"] == [], stored["indexeddb"]
    assert stored["caches"] == [], stored["caches"]
    assert stored["opfs"] == [], stored["opfs"]
    dump = json.dumps([stored["local"], stored["session"]], ensure_ascii=False)
    assert _carried(dump) == [], dump


def test_copy_and_download_give_the_letter_text(visit):
    """(d) 复制全文 puts the letter on the clipboard and (e) the download is the same text,
    both as CPython writes the letter for the typed form (paragraphs and line breaks kept)."""
    v = visit(PAGE, permissions=CLIPBOARD)
    _start(v)
    _type_secrets(v)
    want = _expected_text()
    for secret in SECRETS.values():
        assert secret in want
    root = _root(v)
    copy = root.locator('[data-overdue-action="copy"]')
    assert copy.is_visible()
    copy.click()
    v.page.wait_for_function("b => b.textContent === '已复制全文'", arg=copy.element_handle(), timeout=5000)
    assert _clipboard(v) == want

    # The download is the link's own data: URL, as written by the page (no script needed);
    # it asks no server for anything
    sent = len([r for r in v.rec.requests if r.url.startswith("http")])
    with v.page.expect_download() as info:
        root.locator("a.overdue-letter-download").click()
    download = info.value
    assert download.url.startswith("data:text/plain;charset=utf-8,")
    assert download.suggested_filename == f"{LETTER}.txt"
    with open(download.path(), encoding="utf-8") as f:
        assert f.read() == want
    assert len([r for r in v.rec.requests if r.url.startswith("http")]) == sent


def test_copy_works_on_the_worked_example_before_the_runtime(visit):
    """Before the calculator is started, the build-time letter's buttons are shown and
    copy gives its text."""
    v = visit(PAGE, permissions=CLIPBOARD)
    root = v.page.locator('.livecalc[data-calculator="letter_pi_request"]').first
    copy = root.locator('[data-overdue-action="copy"]')
    copy.click()
    v.page.wait_for_function("b => b.textContent === '已复制全文'", arg=copy.element_handle(), timeout=5000)
    form = {f["name"]: f["default"] for f in present.fields("letter_pi_request")}
    want = present.render("letter_pi_request", form)["document"]["text"]
    assert _clipboard(v) == want
    # the letter copied is the one built into the page (the click's focus may start
    # loading the runtime in the background, as any focus in a calculator does)
    assert root.locator(".livecalc-output").get_attribute("data-source") == "build"


# What the page is while a letter prints: window.print replaced by a reading of it.
STUB_PRINT = """() => {
  window.print = () => {
    const sheet = document.querySelector('.overdue-letter-sheet');
    window.__printed = {
      html_class: document.documentElement.className,
      title: document.title,
      sheets: document.querySelectorAll('.overdue-letter-sheet').length,
      // (the sheet is not rendered on screen: innerText would lose the line breaks)
      sheet_text: sheet ? [...sheet.querySelectorAll('.overdue-letter-text > p')].map(p => [...p.childNodes]
          .map(n => n.nodeName === 'BR' ? '\\n' : n.textContent).join('')).join('\\n\\n') : null,
    };
  };
}"""


def test_print_prints_that_letter_alone(visit):
    """打印: while the letter prints, <html> carries the class, a copy of the letter is the
    one thing print media shows (no header, sidebars, form, other calculators), the page's
    title is the letter's; after printing, all is as before."""
    v = visit(PAGE)
    _start(v)
    _type_secrets(v)
    page = v.page
    title = page.title()
    page.evaluate(STUB_PRINT)
    _root(v).locator('[data-overdue-action="print"]').click()
    got = page.evaluate("window.__printed")
    assert "overdue-printing-letter" in got["html_class"].split()
    assert got["sheets"] == 1
    assert got["sheet_text"] == _expected_text().strip("\n")
    assert got["title"] == "关于催收行为的投诉函"

    page.emulate_media(media="print")
    visible = page.evaluate("""() => [...document.body.children]
        .filter(e => getComputedStyle(e).display !== 'none').map(e => e.className)""")
    assert visible == ["overdue-letter-sheet"], visible
    for selector in (".bd-header", ".bd-sidebar-primary", "form.livecalc-form", ".livecalc", "footer"):
        hidden = page.locator(selector).evaluate_all("els => els.every(e => !e.checkVisibility())")
        assert hidden, f"{selector} is printed with the letter"

    page.evaluate("window.dispatchEvent(new Event('afterprint'))")
    assert page.evaluate("document.querySelectorAll('.overdue-letter-sheet').length") == 0
    assert "overdue-printing-letter" not in page.evaluate("document.documentElement.className")
    assert page.title() == title
    # a whole-page print again: the article prints, with every letter in it
    assert page.locator("article.bd-article").evaluate("e => e.checkVisibility()")
    assert page.locator(".overdue-letter-text").evaluate_all("els => els.length === 8 && els.every(e => e.checkVisibility())")
    page.emulate_media(media="screen")


def test_letters_fit_a_phone(visit):
    """At 390 px no letter runs off the screen and its actions wrap inside it."""
    v = visit(PAGE, viewport=MOBILE)
    off = v.page.evaluate("""w => [...document.querySelectorAll('.overdue-letter, .overdue-letter *')]
        .filter(e => e.getBoundingClientRect().right > w + 0.5)
        .map(e => e.tagName + '.' + e.className + ' ends at ' + Math.round(e.getBoundingClientRect().right))""",
                          MOBILE["width"])
    assert off == [], off[:10]
    actions = v.page.locator(".overdue-letter-actions").first
    assert actions.locator("[data-overdue-action]").first.is_visible()
