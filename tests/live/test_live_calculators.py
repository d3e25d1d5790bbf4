"""The calculators in the page compute what the engine computes in CPython (parity).

For every calculator and every case of tests/live/cases.py (edge cases and bad
input included, and every option of every choice field), the form is filled in the
page, the page's own Pyodide computes, and what the page shows (tables, warnings,
the SVG chart, summary, the error message and the field it is shown next to) must
equal ``overdue.present.render`` run here in CPython on the very form the page holds;
for a letter, its title, text (paragraphs and line breaks), placeholders and the text
of its download link too. Where the result rewrites the form (``form_updates``: the
penalty calculator's schedule builder), the form the page then holds must be CPython's.
No request may leave the local server.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from overdue import present

from . import livebook
from .cases import SMALL_LOG, all_cases
from .conftest import RENDER_TIMEOUT_MS, ROOT, bp, unavailable

EXTRACT = """root => {
  const out = root.querySelector('.livecalc-output');
  const msg = out.querySelector('.overdue-message');
  const svg = out.querySelector('figure.overdue-figure svg');
  return {
    source: out.dataset.source,
    message: msg ? msg.textContent : null,
    field_errors: Object.fromEntries([...root.querySelectorAll('[data-error-for]')]
        .filter(s => !s.hidden).map(s => [s.dataset.errorFor, s.textContent])),
    warnings: [...out.querySelectorAll('.overdue-warnings li')].map(li => li.textContent),
    tables: [...out.querySelectorAll('table.overdue-table')].map(t => ({
        title: t.caption ? t.caption.textContent : '',
        columns: [...t.tHead.rows[0].cells].map(c => c.textContent),
        rows: [...t.tBodies[0].rows].map(r => [...r.cells].map(c => c.textContent))})),
    summary: (out.querySelector('.overdue-summary-text') || {textContent: ''}).textContent,
    figure: svg ? svg.outerHTML : null,
    letter: (() => {
      const l = out.querySelector('.overdue-letter');
      if (!l) return null;
      const link = l.querySelector('a.overdue-letter-download');
      const lines = p => [...p.childNodes].map(n => n.nodeName === 'BR' ? '\\n' : n.textContent).join('');
      return {
        title: l.querySelector('.overdue-letter-title').textContent,
        text: [...l.querySelectorAll('.overdue-letter-text > p')].map(lines).join('\\n\\n'),
        placeholders: [...l.querySelectorAll('.overdue-letter-placeholders li')].map(li => li.textContent),
        filename: link.getAttribute('download'),
        download: decodeURIComponent(link.getAttribute('href').replace(/^data:text\\/plain;charset=utf-8,/, '')),
      };
    })(),
  };
}"""

# The chart of an HTML string, serialised by the same browser (so that the page's SVG and
# CPython's SVG are compared after the same parsing and serialisation).
FIGURE_OF = """html => {
  const box = document.createElement('div');
  box.innerHTML = html;
  const svg = box.querySelector('figure.overdue-figure svg');
  return svg ? svg.outerHTML : null;
}"""

READ_FORM = """root => Object.fromEntries([...root.querySelectorAll('[data-name]')]
    .map(i => [i.dataset.name, i.value]))"""

# Set every field at once, fire one input event, wait for the next render.
ENTER = """async (root, [values, timeout]) => {
  const before = Number(root.dataset.renders || 0);
  const failures = Number(root.dataset.failures || 0);
  for (const input of root.querySelectorAll('[data-name]')) {
    if (input.dataset.name in values) input.value = values[input.dataset.name];
  }
  root.querySelector('[data-name]').dispatchEvent(new Event('input', {bubbles: true}));
  const t0 = performance.now();
  while (Number(root.dataset.renders || 0) === before) {
    if (Number(root.dataset.failures || 0) !== failures)
      throw new Error(root.querySelector('.livecalc-status').textContent);
    if (performance.now() - t0 > timeout) throw new Error('no render within ' + timeout + ' ms');
    await new Promise(r => setTimeout(r, 5));
  }
}"""

WAIT_RENDER = """([root, before]) => Number(root.dataset.renders || 0) > before"""


def expected_view(name: str, form: dict, page) -> dict:
    """What the page must show for ``form``: CPython's render, shaped as EXTRACT reads it
    (the chart serialised by ``page``'s browser)."""
    result = json.loads(json.dumps(present.render(name, form), default=str))
    names = {f["name"] for f in present.fields(name)}
    error = result.get("error") if not result.get("ok") else None
    return {
        "message": "输入有误：" + error["message_zh"] if error else None,
        "field_errors": {error["field"]: error["message_zh"]} if error and error["field"] in names else {},
        "warnings": [str(w) for w in result.get("warnings") or []],
        "tables": [{"title": t["title"], "columns": [str(c) for c in t["columns"]],
                    "rows": [[str(c) for c in row] for row in t["rows"]]}
                   for t in result.get("tables") or [] if t["rows"]],  # the renderer shows tables that have rows
        "summary": result.get("summary") or "",
        "figure": page.evaluate(FIGURE_OF, result["html"]),
        "letter": _letter_view(result.get("document")),
    }


def _letter_view(doc: dict | None) -> dict | None:
    """A letter as EXTRACT reads it: the text as shown (without the blank lines around
    it), and as downloaded (exactly the engine's text)."""
    if not doc:
        return None
    return {"title": doc["title"], "text": doc["text"].strip("\n"),
            "placeholders": [p["mark"] for p in doc.get("placeholders") or []],
            "filename": doc["filename"], "download": doc["text"]}


def shown(lp, name: str) -> tuple[dict, dict]:
    """(what the page shows, the form it holds)"""
    root = lp.root(name)
    view = root.evaluate(EXTRACT)
    source = view.pop("source")
    return view, root.evaluate(READ_FORM) | {"_source": source}


def enter(lp, name: str, values: dict) -> tuple[dict, dict]:
    lp.root(name).evaluate(ENTER, [values, RENDER_TIMEOUT_MS])
    return shown(lp, name)


def _defaults(name: str) -> dict:
    return {f["name"]: f["default"] for f in present.fields(name)}


def _assert_same(got: dict, want: dict, label: str) -> None:
    if got == want:
        return
    lines = [f"{label}: the page differs from CPython's present.render"]
    for key in want:
        if got.get(key) != want[key]:
            lines.append(f"  {key}:\n    page:    {json.dumps(got.get(key), ensure_ascii=False)[:1500]}"
                         f"\n    CPython: {json.dumps(want[key], ensure_ascii=False)[:1500]}")
    pytest.fail("\n".join(lines), pytrace=False)


# ------------------------------------------------------------------ before start
@pytest.mark.parametrize("name", present.CALCULATORS)
def test_static_default_result_is_cpythons(browser, site, calc_site, name):
    """Before any script runs the engine, the page shows the default result computed
    at build time, and loads nothing of the runtime."""
    _, pages, _ = calc_site
    context = browser.new_context(locale="zh-CN", java_script_enabled=True)
    try:
        rec = bp.Recorder(context, site)
        page = context.new_page()
        page.goto(site.url(pages[name]), wait_until="load")
        page.wait_for_timeout(1000)  # deferred scripts have run; nothing may follow
        root = page.locator(f'.livecalc[data-calculator="{name}"]').first
        view = root.evaluate(EXTRACT)
        assert view.pop("source") == "build"
        _assert_same(view, expected_view(name, _defaults(name), page), f"{name} (static)")
        labels = root.evaluate("""root => [...root.querySelectorAll('[data-name]')].map(i => {
            const l = root.querySelector(`label[for="${i.id}"]`); return l ? l.textContent : null; })""")
        assert labels == [f["label_zh"] for f in present.fields(name)], "every field has its <label for>"
        assert root.locator(".livecalc-start").inner_text() == "启动计算器"
        assert root.locator(".livecalc-start").is_visible()
        runtime = [r.url for r in rec.requests if "/_static/live/" in r.url]
        assert not runtime, f"runtime fetched before the reader started a calculator: {runtime}"
        assert not rec.foreign, rec.foreign
    finally:
        context.close()


# ------------------------------------------------------------------------ parity
def _params():
    out = []
    for name in present.CALCULATORS:
        for label, values in all_cases(name, present.fields(name)):
            out.append(pytest.param(name, values, id=f"{name}: {label}"))
    return out


@pytest.mark.parametrize("name", present.CALCULATORS)
def test_start_renders_the_default_result(live_pages, name):
    """After starting, the page's own computation of the default form is shown and
    equals the build-time result (the JS and the build-time renderer agree)."""
    lp = live_pages(name)
    values = _defaults(name)
    view, form = enter(lp, name, values)
    assert form.pop("_source") == "browser"
    assert form == values
    _assert_same(view, expected_view(name, values, lp.page), f"{name} (browser, defaults)")
    assert lp.root(name).locator(".livecalc-start").is_hidden()


@pytest.mark.parametrize("name, values", _params())
def test_parity(live_pages, name, values):
    lp = live_pages(name)
    wanted = _defaults(name) | values
    view, form = enter(lp, name, wanted)
    assert form.pop("_source") == "browser"
    # The form as entered, with what the result writes back into it (CPython's form_updates)
    updates = json.loads(json.dumps(present.render(name, wanted).get("form_updates") or {}))
    assert form == wanted | updates, "the page does not hold the form that was entered (and updated)"
    _assert_same(view, expected_view(name, wanted, lp.page), name)


TYPED = {
    "penalty": ("rate", "0.1"),
    "apr": ("principal", "8000"),
    "limitation": ("contacts", "2026-03-02\n2026-06-30"),
    "conduct": ("borrower_reachable_until", "2026-03-03"),
    "plan": ("start", "2027-01-15"),
    "letter_complaint": ("name", "张三"),
    "letter_stop_contact": ("hours_to", "21:00"),
    "letter_contact_own": ("borrower_name", "张三"),
    "letter_pi_request": ("lender_name", "某消费金融有限公司"),
    "letter_credit_objection": ("record", "2025年3月的逾期记录"),
    "letter_assignee": ("assignee_name", "某资产管理有限公司"),
    "letter_regulator": ("office", "中国人民银行北京市分行"),
    "letter_repayment": ("monthly", "700"),
}


@pytest.mark.parametrize("name", present.CALCULATORS)
def test_typing_recomputes_and_enter_does_not_submit(live_pages, name):
    lp = live_pages(name)
    enter(lp, name, _defaults(name))
    root = lp.root(name)
    field, text = TYPED[name]
    before = int(root.get_attribute("data-renders"))
    box = root.locator(f'[data-name="{field}"]')
    box.fill(text)  # real input events from the keyboard path
    lp.page.wait_for_function(WAIT_RENDER, arg=[root.element_handle(), before], timeout=RENDER_TIMEOUT_MS)
    url = lp.page.url
    if box.evaluate("e => e.tagName") == "INPUT":
        box.press("Enter")
        lp.page.wait_for_timeout(200)
        assert lp.page.url == url, "Enter submitted the form"
    view, form = shown(lp, name)
    form.pop("_source")
    assert form[field] == text
    _assert_same(view, expected_view(name, form, lp.page), f"{name} (typed)")


def test_csv_file_is_read_in_the_browser(live_pages, tmp_path):
    """A CSV chosen with the file picker (here GB18030, as Excel saves it) is read
    into the form in the page and computed there; it is never uploaded."""
    lp = live_pages("conduct")
    root = lp.root("conduct")
    enter(lp, "conduct", _defaults("conduct"))
    path = tmp_path / "联系记录.csv"
    path.write_bytes(SMALL_LOG.encode("gb18030"))
    before = int(root.get_attribute("data-renders"))
    posts_before = len(lp.rec.requests)
    root.locator("input[type=file]").set_input_files(str(path))
    lp.page.wait_for_function(WAIT_RENDER, arg=[root.element_handle(), before], timeout=RENDER_TIMEOUT_MS)
    view, form = shown(lp, "conduct")
    form.pop("_source")
    assert form["csv"] == SMALL_LOG
    _assert_same(view, expected_view("conduct", form, lp.page), "conduct (file)")
    assert len(lp.rec.requests) == posts_before, "choosing a file made a request"


# ------------------------------------------------------------------ the runtime
RUNTIME_FACTS = """
import json, sys
import overdue
from overdue import data, roots
json.dumps({
    "python": list(sys.version_info[:3]),
    "platform": sys.platform,
    "overdue": overdue.__version__,
    "root_backend": roots.backend(),
    "data_dir": data.data_dir().name,
    "not_in_browser": sorted(m for m in sys.modules
                             if m.split(".")[0] in ("scipy", "numpy", "pandas", "yaml", "tzdata")
                             or m.startswith(("dateutil.tz", "dateutil.zoneinfo", "zoneinfo"))),
})
"""


def test_runtime_is_pyodide_without_scipy(live_pages):
    """Python 3.14 in WebAssembly (in the page's Web Worker), the wheel's JSON data, the
    pure-Python root finder, and, after every case above, none of the modules that are
    not shipped."""
    lp = live_pages(present.CALCULATORS[0])
    facts = json.loads(lp.root(present.CALCULATORS[0]).evaluate(
        "(root, code) => root.livecalcRuntime.runPython(code)", RUNTIME_FACTS))  # in the page's worker
    from overdue import __version__

    assert facts["platform"] == "emscripten"
    assert facts["python"][:2] == [3, 14], facts
    assert facts["overdue"] == __version__
    assert facts["root_backend"] == "python"
    assert facts["data_dir"] == "_data"
    assert facts["not_in_browser"] == [], facts["not_in_browser"]


def test_the_status_line_states_the_download_as_sent(site, calc_site):
    """Before starting, each calculator says how much a first visit downloads: the size
    on the wire, measured when tools/build_live.py ran, which is the sum of the brotli
    twins that nginx sends for the files the runtime fetches (the wasm goes out as
    about 2.7 MB of its 9.6 MB, the standard library as about 2.2 MB of its 10 MB),
    not their raw size; and says that it is compressed."""
    html_dir, pages, _ = calc_site
    manifest = livebook.ensure_live_built()
    if "wire_bytes" not in manifest:
        pytest.skip("this _build/live was written before build_live measured the size on the wire")
    live = html_dir / "_static" / "live"
    fetched = [f"{manifest['runtime_dir']}/{f}" for f in ("pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm",
                                                          "python_stdlib.zip")]
    fetched += [manifest["lock_file"]] + [f"{manifest['pkgs_dir']}/{w}" for w in manifest["wheels"]]
    sent = 0
    for rel in fetched:
        twin = live / (rel + ".br")  # written by the site fixture (tools/compress.py), as for a host
        sent += (twin if twin.exists() else live / rel).stat().st_size
    assert manifest["wire_bytes"] == sent
    raw = sum((live / rel).stat().st_size for rel in fetched)
    assert sent < raw / 2, (sent, raw)
    mb = f"{sent / 1e6:.1f}"
    for name, page in pages.items():
        text = (html_dir / page).read_text(encoding="utf-8")
        assert f'data-download-mb="{mb}"' in text, name
        assert f"首次需下载约 {mb} MB（压缩传输）" in text, name


def test_zz_no_request_left_the_local_server(live_pages, calc_site):
    """Runs last: every page used above asked only the local server for anything,
    nothing failed, and the runtime and wheels came from _static/live/."""
    problems, fetched = [], []
    for name in present.CALCULATORS:
        lp = live_pages(name)
        rec = lp.rec
        problems += [f"request to another host: {u}" for u in rec.foreign]
        problems += [f"failed request: {u} ({why})" for u, why in rec.failed]
        problems += [f"HTTP {status}: {u}" for u, status in rec.bad_status]
        problems += [f"uncaught exception: {m}" for m in rec.page_errors]
        problems += [f"console error: {m}" for m in rec.console_errors if "livecalc" in m or "_static/live" in m
                     or "pyodide" in m.lower() or "Python" in m]
        fetched += [r.url.rsplit("/_static/live/", 1)[1] for r in rec.requests if "/_static/live/" in r.url]
    assert not problems, "\n".join(problems)
    manifest = livebook.ensure_live_built()
    wanted = {f"{manifest['runtime_dir']}/{f}" for f in ("pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm",
                                                      "python_stdlib.zip")}
    wanted |= {f"{manifest['pkgs_dir']}/{w}" for w in manifest["wheels"]} | {manifest["lock_file"]}
    assert wanted <= set(fetched), f"not fetched from this site: {sorted(wanted - set(fetched))}"


# ------------------------------------------------------- without npm, no runtime
def test_book_builds_without_npm_and_says_so(browser, tmp_path):
    """No npm on PATH and an empty cache: build_live exits 0 with ok=false, the
    strict build passes, and each calculator says (in Chinese) that its live
    version was not built, shows the default result, and loads nothing."""
    empty_bin = tmp_path / "bin"
    empty_bin.mkdir()
    live = tmp_path / "live"
    proc = subprocess.run(
        [sys.executable, str(ROOT / "tools" / "build_live.py"), "--out", str(live), "--cache", str(tmp_path / "cache")],
        env={**os.environ, "PATH": str(empty_bin)}, capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr
    manifest = json.loads((live / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["ok"] is False and "npm" in manifest["reason_zh"], manifest
    book = tmp_path / "book"
    book.mkdir()
    html_dir = livebook.build_throwaway(book, live_dir=live)
    assert not (html_dir / "_static" / "live").exists()
    server = bp.Site(html_dir)
    context = browser.new_context(locale="zh-CN")
    try:
        rec = bp.Recorder(context, server)
        page = context.new_page()
        page.goto(server.url("index.html"), wait_until="load")
        page.wait_for_timeout(1000)
        for name in present.CALCULATORS:
            root = page.locator(f'.livecalc[data-calculator="{name}"]').first
            assert root.get_attribute("data-state") == "unavailable"
            status = root.locator(".livecalc-status").inner_text()
            assert "没有随本书构建" in status and "npm" in status, status
            assert root.locator(".livecalc-start").count() == 0
            assert root.locator("fieldset").evaluate("f => f.disabled"), "dead controls must look disabled"
            view = root.evaluate(EXTRACT)
            view.pop("source")
            _assert_same(view, expected_view(name, _defaults(name), page), f"{name} (no runtime)")
        assert not rec.foreign and not rec.bad_status, (rec.foreign, rec.bad_status)
    finally:
        context.close()
        server.close()


# ------------------------------------------- the wheel in CPython, without a browser
WHEEL_RUN = r"""
import importlib.abc, json, sys, zipfile, tempfile
class Block(importlib.abc.MetaPathFinder):  # what the browser does not have
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in ("yaml", "scipy", "numpy", "pandas", "matplotlib", "ipywidgets"):
            raise ImportError(f"{name} is not in the browser")
sys.meta_path.insert(0, Block())
# Not the checkout through an editable install's finder: only the wheel.
sys.meta_path[:] = [f for f in sys.meta_path if 'editable' not in repr(f).lower()]
tmp = tempfile.mkdtemp()
zipfile.ZipFile(sys.argv[1]).extractall(tmp)
sys.path.insert(0, tmp)
from overdue import present
out = []
for name, form in json.loads(sys.stdin.read()):
    try:
        out.append(present.render(name, form))
    except Exception as exc:
        out.append({"exception": f"{type(exc).__name__}: {exc}"})
print(json.dumps(out, ensure_ascii=False, default=str))
"""


def test_wheel_parity_without_browser(tmp_path):
    """Every case, computed by the shipped wheel in CPython with PyYAML and scipy
    blocked (its JSON data, the pure-Python root finder), equals the checkout's
    result. Fast, and says which module differs when the browser test fails."""
    manifest = livebook.ensure_live_built()
    if not manifest.get("ok"):
        unavailable(f"the live calculators were not built: {manifest.get('reason')}")
    wheel = livebook.LIVE / manifest["pkgs_dir"] / next(w for w in manifest["wheels"] if w.startswith("overdue-"))
    jobs = [(name, _defaults(name) | values) for name in present.CALCULATORS
            for _, values in all_cases(name, present.fields(name))]
    proc = subprocess.run([sys.executable, "-I", "-c", WHEEL_RUN, str(wheel)], input=json.dumps(jobs),
                          capture_output=True, text=True, timeout=600, cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr[-3000:]
    got = json.loads(proc.stdout)
    bad = []
    for (name, form), result in zip(jobs, got):
        want = json.loads(json.dumps(present.render(name, form), default=str))
        if result != want:
            changed = {k: form[k] for k in form if form[k] != _defaults(name)[k]}
            bad.append(f"{name} {json.dumps(changed, ensure_ascii=False)[:200]}: "
                       + (result.get("exception") or next(f"{k} differs" for k in want if result.get(k) != want[k])))
    assert not bad, f"{len(bad)} of {len(jobs)} cases differ in the wheel:\n" + "\n".join(bad)
