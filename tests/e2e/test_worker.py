"""The live calculators compute in a Web Worker: the page never freezes (issue 18 §4).

Before, Pyodide ran on the page's main thread: the plan calculator of chapter 6 with
the largest plan its form accepts held the main thread for one task of 1.7 s (and
start-up for tasks of 1.5 s and 1.1 s), and a keystroke typed meanwhile waited for it.
Now Python runs in ``_static/livecalc-worker.js`` and the page only sends the form
and paints the HTML that comes back.

The slow input, everywhere below: the plan calculator with 360 instalments of 500
yuan, one every 10 days from 2017-01-10 (the last on 2026-11-09), 180,000 yuan in
all; a daily rate of 0.05 %; ten monthly amounts (300, 310, …, 390 yuan) from
2026-11-28, each for at most 600 months. None of them clears the debt, so every
one runs the whole 600 months: about 0.5 s in CPython and about a second in the
browser's Python.
"""

from __future__ import annotations

import datetime as dt
import sys

import pytest

from e2e_support import ROOT

sys.path.insert(0, str(ROOT / "tests" / "live"))
import livebook  # noqa: E402  (which page carries which calculator)
import nginx_site  # noqa: E402  (tools/, on the path through e2e_support)

from overdue import present  # noqa: E402

START_TIMEOUT_MS = 240_000
RESULT_TIMEOUT_MS = 60_000
BUSY_MS = 200            # livecalc.js shows "计算中…" after this long
LONG_TASK_LIMIT_MS = 200  # no task on the main thread may take longer while Python runs
KEY_LANDS_MS = 300       # a keystroke shows in its field within this long

SLOW_PLAN = {
    "installments": "\n".join(f"{dt.date(2017, 1, 10) + dt.timedelta(days=10 * k)}:500" for k in range(360)),
    "rate": "0.05",
    "start": "2026-11-28",
    "monthly": ", ".join(str(300 + 10 * k) for k in range(10)),
    "order": "561",
    "max_months": "600",
}

# Long tasks (> 50 ms) of the main thread, from now on, with their start and duration.
OBSERVE_LONG_TASKS = """() => {
  window.__longTasks = [];
  new PerformanceObserver((list) => list.getEntries().forEach(
      (e) => window.__longTasks.push({start: e.startTime, ms: e.duration}))).observe({type: 'longtask'});
}"""

# Enter every field of ``values`` at once, one input event; record when the
# calculator turns busy and each keystroke typed into ``watched`` afterwards.
ENTER_AND_WATCH = """(root, [values, watched]) => {
  window.__keys = [];
  window.__busyAt = null;
  const before = Number(root.dataset.renders || 0);
  new MutationObserver(() => {
    if (root.getAttribute('aria-busy') === 'true' && window.__busyAt === null) window.__busyAt = performance.now();
  }).observe(root, {attributes: true, attributeFilter: ['aria-busy']});
  const box = root.querySelector(`[data-name="${watched}"]`);
  box.addEventListener('keydown', (e) => {
    if (e.key.length !== 1) return;  // a character, not End or Shift
    const down = e.timeStamp;
    const renders = Number(root.dataset.renders || 0);
    box.addEventListener('input', () => window.__keys.push({
        landed_ms: performance.now() - down, value: box.value, renders_at_key: renders}), {once: true});
  });
  for (const input of root.querySelectorAll('[data-name]'))
    if (input.dataset.name in values) input.value = values[input.dataset.name];
  window.__sentAt = performance.now();
  root.querySelector('[data-name]').dispatchEvent(new Event('input', {bubbles: true}));
  return before;
}"""

TEXT_OF_HTML = """html => { const box = document.createElement('div'); box.innerHTML = html; return box.textContent; }"""


def _plan_page(html_dir) -> str:
    pages = livebook.scan(html_dir)
    if "plan" not in pages or not (html_dir / "_static" / "live").exists():
        pytest.skip("this build carries no live plan calculator")
    return pages["plan"]


def _start(v, name: str):
    root = v.page.locator(f'.livecalc[data-calculator="{name}"]').first
    root.locator(".livecalc-start").click()
    v.page.wait_for_function(
        "id => ['ready', 'error'].includes(document.getElementById(id).dataset.state)",
        arg=root.get_attribute("id"), timeout=START_TIMEOUT_MS)
    assert root.get_attribute("data-state") == "ready", root.locator(".livecalc-status").inner_text()
    return root


def _long_tasks(v, since: float) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
    """The main thread's long tasks from ``since`` (performance.now() of the page) on, as
    (start counted from ``since``, duration) in ms, split at the first result painted
    after ``since`` (the mark ``livecalc:paint`` that livecalc.js sets before it writes a
    result into the page): (those that ended while the worker worked, those from the
    task that painted on).
    Writing and laying out the slow plan's 230 KB of tables is the browser's work on the
    page, however the result was computed."""
    paints = [m for m in v.page.evaluate("performance.getEntriesByName('livecalc:paint').map(m => m.startTime)")
              if m >= since]
    paint = min(paints) if paints else float("inf")
    working, painting = [], []
    for t in v.page.evaluate("window.__longTasks"):
        if t["start"] + t["ms"] < since:
            continue
        # The task that holds the mark began a little before it (the message arrived).
        (working if t["start"] + t["ms"] < paint else painting).append((round(t["start"] - since), round(t["ms"])))
    return working, painting


def _marks(v) -> list[tuple[str, int]]:
    """livecalc.js's marks, from the slow plan's input event on (for the messages)."""
    return [(m["name"], round(m["t"])) for m in v.page.evaluate(
        "performance.getEntriesByType('mark').filter(m => m.name.startsWith('livecalc:'))"
        ".map(m => ({name: m.name, t: m.startTime - (window.__sentAt || 0)}))")]


def test_typing_during_a_slow_computation_lands_at_once_and_the_last_inputs_win(visit, html_dir):
    """The slow plan is entered; while the worker computes it:

    - after 200 ms the calculator says "计算中" (status line, aria-busy);
    - a "1" typed at the end of the rate field (0.05 → 0.051) shows in the field
      within 300 ms, although the first computation has not returned;
    - no task on the main thread takes more than 200 ms, from the click on
      "启动计算器" to the last result;
    - the first result (rate 0.05 %: 180,000 × 0.05 % = 90.00 yuan of new penalty a
      day) is never painted; the one painted is for the last inputs (rate 0.051 %:
      180,000 × 0.051 % = 91.80 yuan a day), equal to CPython's render of that form;
    - then "计算中" is gone."""
    v = visit(_plan_page(html_dir), idle=True)
    v.page.evaluate(OBSERVE_LONG_TASKS)
    clicked = v.page.evaluate("performance.now()")
    root = _start(v, "plan")
    starting, _ = _long_tasks(v, clicked)

    before = root.evaluate(ENTER_AND_WATCH, [SLOW_PLAN, "rate"])
    v.page.wait_for_function("root => root.getAttribute('aria-busy') === 'true'", arg=root.element_handle(),
                             timeout=RESULT_TIMEOUT_MS)
    status = root.locator(".livecalc-status").inner_text()
    assert "计算中" in status, status
    busy_after = v.page.evaluate("window.__busyAt - window.__sentAt")
    assert busy_after >= BUSY_MS, f"busy after {busy_after:.0f} ms: only a computation over {BUSY_MS} ms shows it"

    box = root.locator('[data-name="rate"]')
    box.press("End")
    box.press("1")
    v.page.wait_for_function("() => window.__keys.length > 0", timeout=RESULT_TIMEOUT_MS)
    (key,) = v.page.evaluate("window.__keys")
    assert key["value"] == "0.051"
    assert key["renders_at_key"] == before, "the first computation had returned before the key: too fast to test"
    assert key["landed_ms"] <= KEY_LANDS_MS, f"the keystroke took {key['landed_ms']:.0f} ms to show in the field"

    v.page.wait_for_function(
        "([root, before]) => Number(root.dataset.renders || 0) > before && !root.hasAttribute('aria-busy')",
        arg=[root.element_handle(), before], timeout=RESULT_TIMEOUT_MS)
    v.page.wait_for_timeout(300)  # a late stale paint, if there were one, would land now
    computing, painting = _long_tasks(v, v.page.evaluate("window.__sentAt"))  # before this test parses HTML
    assert int(root.get_attribute("data-renders")) == before + 1, "a stale result was painted"
    assert int(root.get_attribute("data-stale") or 0) >= 1, "the first result should have been dropped"

    last = SLOW_PLAN | {"rate": "0.051"}
    shown = root.evaluate("root => Object.fromEntries([...root.querySelectorAll('[data-name]')]"
                          ".map(i => [i.dataset.name, i.value]))")
    # The form shows the last inputs; the schedule builder's fields stay blank (lines mode).
    assert {k: shown[k] for k in last} == last
    assert all(shown[k] in ("", "lines") for k in set(shown) - set(last)), shown
    summary = root.locator(".overdue-summary-text").inner_text()
    assert "每天新增罚息 91.80 元" in summary and "每天新增罚息 90.00 元" not in summary, summary[:300]
    want = v.page.evaluate(TEXT_OF_HTML, present.render("plan", last)["html"])
    assert root.locator(".livecalc-output").evaluate("o => o.textContent") == want
    assert "计算中" not in root.locator(".livecalc-status").inner_text()
    assert "livecalc-busy" not in (root.locator(".livecalc-output").get_attribute("class") or "")

    assert all(ms <= LONG_TASK_LIMIT_MS for _, ms in computing), \
        f"main-thread tasks while computing: {computing} (and painting: {painting}); marks: {_marks(v)}"
    assert all(ms <= LONG_TASK_LIMIT_MS for _, ms in starting), f"main-thread tasks while starting: {starting}"
    assert not v.rec.console_errors and not v.rec.page_errors, (v.rec.console_errors, v.rec.page_errors)


# Let the next result carry form_updates, as a form helper's calculator would; count
# the computations the page asks the worker for.
WITH_FORM_UPDATES = """(root, updates) => {
  const rt = root.livecalcRuntime;
  const compute = rt.compute;
  window.__computes = 0;
  window.__updated = [];
  root.addEventListener('livecalc-update', (e) => window.__updated.push(e.detail.field));
  let once = true;
  rt.compute = (name, form) => {
    window.__computes += 1;
    return compute(name, form).then((r) => {
      if (!once) return r;
      once = false;
      return {...r, result: {...r.result, form_updates: updates}};
    });
  };
}"""


def test_form_updates_of_a_result_are_written_into_the_form_without_computing_again(visit, html_dir):
    """A result that carries ``form_updates`` {"max_months": "240"} (field name → new
    value) has the page write 240 into the 最多计算的月数 field, announce it with a
    ``livecalc-update`` event, and ask the worker for nothing more."""
    v = visit(_plan_page(html_dir))
    root = _start(v, "plan")
    root.evaluate(WITH_FORM_UPDATES, {"max_months": "240"})
    before = int(root.get_attribute("data-renders"))
    root.locator('[data-name="rate"]').fill("0.06")
    v.page.wait_for_function("([root, before]) => Number(root.dataset.renders || 0) > before",
                             arg=[root.element_handle(), before], timeout=RESULT_TIMEOUT_MS)
    v.page.wait_for_timeout(500)
    assert root.locator('[data-name="max_months"]').input_value() == "240"
    assert v.page.evaluate("window.__updated") == ["max_months"]
    assert v.page.evaluate("window.__computes") == 1, "writing form_updates must not start a computation"
    assert int(root.get_attribute("data-renders")) == before + 1


def test_the_worker_comes_from_this_site_under_the_policy(visit, html_dir):
    """The pages allow workers from the site itself only (worker-src 'self'); the worker
    script is served as JavaScript with the site's policy in its own header (a page's
    policy does not reach into a worker), and Python starts under it."""
    policy = nginx_site.read_csp(html_dir)
    directives = dict(d.strip().split(" ", 1) for d in policy.split(";"))
    assert directives["worker-src"] == "'self'"
    assert "'wasm-unsafe-eval'" in directives["script-src"]
    v = visit(_plan_page(html_dir))
    _start(v, "plan")
    (worker,) = [r for r in v.responses if "/_static/livecalc-worker.js" in r.url]
    headers = worker.all_headers()
    assert worker.status == 200
    assert headers["content-type"] == "text/javascript; charset=utf-8"
    assert headers.get("content-security-policy") == policy
    assert not v.csp.violations, v.csp.describe()
    assert not v.rec.console_errors, v.rec.console_errors  # the page logs any violation inside the worker


def test_forms_js_is_on_the_calculator_pages_if_and_only_if_it_was_built(html_dir):
    """``_static/forms.js`` (the form helpers) is loaded on every page with a calculator,
    after livecalc.js, when the build had it; when it did not, no page asks for it."""
    built = (html_dir / "_static" / "forms.js").exists()
    pages = sorted(set(livebook.scan(html_dir).values()))
    if not pages:
        pytest.skip("this build carries no in-browser calculator")
    for rel in pages:
        text = (html_dir / rel).read_text(encoding="utf-8")
        if built:
            assert 'src="../_static/forms.js' in text, rel
            assert text.index("_static/livecalc.js") < text.index("_static/forms.js"), rel
        else:
            assert "forms.js" not in text, rel
