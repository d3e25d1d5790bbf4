"""The in-browser calculators (Pyodide) in headless Chromium on loopback: figures only.

    .venv/bin/python tools/bench_pyodide.py [--runs 3] [--recomputes 15]

- the runtime's download size: every file the page fetched from _static/live/
  after "启动计算器" (bytes on the wire, no compression: http.server), and what gzip
  would make of them on a server that compresses;
- click "启动计算器" to the first result shown, with an empty cache (median of
  --runs fresh browser contexts), and again in the same context after a reload
  (the browser cache serves the runtime);
- a recompute: one input event to the new result rendered, per calculator, median
  and maximum of --recomputes (target < 100 ms), measured in the page (compute +
  render) and from outside (set value, event, wait for the render).

The pages are the book's when its chapters carry the calculators, else a throwaway
one-page book (tests/live/livebook.py). Prints; asserts nothing.
"""

from __future__ import annotations

import argparse
import gzip
import statistics
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))
sys.path.insert(0, str(ROOT / "tests" / "live"))

import bench_pages as bp  # noqa: E402
import livebook  # noqa: E402
from cases import all_cases  # noqa: E402

RESOURCES = """() => performance.getEntriesByType('resource')
    .filter(e => e.name.includes('/_static/live/'))
    .map(e => ({name: e.name.split('/_static/live/')[1], transfer: e.transferSize, body: e.encodedBodySize}))"""

ROUND_TRIP = """async (root, values) => {
  const before = Number(root.dataset.renders || 0);
  const t0 = performance.now();
  for (const input of root.querySelectorAll('[data-name]'))
    if (input.dataset.name in values) input.value = values[input.dataset.name];
  root.querySelector('[data-name]').dispatchEvent(new Event('input', {bubbles: true}));
  while (Number(root.dataset.renders || 0) === before) await new Promise(r => setTimeout(r, 0));
  const rendered = performance.now() - t0;
  await new Promise(r => requestAnimationFrame(() => setTimeout(r, 0)));  // the frame laid out and painted
  return {inside: Number(root.dataset.lastMs), rendered, painted: performance.now() - t0};
}"""


MARKS = """() => Object.fromEntries(performance.getEntriesByType('mark')
    .filter(m => m.name.startsWith('livecalc:')).map(m => [m.name.slice(9), m.startTime]))"""


def start(page, name: str) -> float:
    """Click start; return the page's click-to-first-result time (ms)."""
    root = page.locator(f'.livecalc[data-calculator="{name}"]').first
    root.locator(".livecalc-start").click()
    page.wait_for_function(
        "id => ['ready', 'error'].includes(document.getElementById(id).dataset.state)",
        arg=root.get_attribute("id"), timeout=600_000)
    if root.get_attribute("data-state") != "ready":
        raise RuntimeError(root.locator(".livecalc-status").inner_text())
    return float(root.get_attribute("data-first-ms"))


def measure_recomputes(page, site, pages, first, count) -> dict[str, list[dict]]:
    from overdue import present

    out = {}
    for name in present.CALCULATORS:
        if pages[name] != pages[first]:
            page.goto(site.url(pages[name]), wait_until="load")
        root = page.locator(f'.livecalc[data-calculator="{name}"]').first
        if root.get_attribute("data-state") != "ready":
            start(page, name)
        defaults = {f["name"]: f["default"] for f in present.fields(name)}
        variant = defaults | next(v for label, v in all_cases(name, present.fields(name))
                                  if v and not label.startswith("bad"))
        out[name] = [root.evaluate(ROUND_TRIP, variant if i % 2 == 0 else defaults) for i in range(count)]
    return out


def main(argv=None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--recomputes", type=int, default=15)
    args = parser.parse_args(argv)
    from overdue import present
    from playwright.sync_api import sync_playwright

    manifest = livebook.ensure_live_built()
    if not manifest.get("ok"):
        print(f"in-browser calculators not built: {manifest.get('reason')}")
        return 0
    with tempfile.TemporaryDirectory(prefix="bench-pyodide-") as tmp:
        html_dir, pages, where = livebook.calculator_site(Path(tmp))
        site = bp.Site(html_dir)
        first = present.CALCULATORS[0]
        cold, warm, files, warm_bytes, stages = [], [], None, None, []
        recompute: dict[str, list[dict]] = {}
        try:
            with sync_playwright() as p:
                for run in range(args.runs):
                    # A fresh on-disk profile per run, as a reader's browser has (an
                    # incognito context's in-memory cache is too small for the 9 MB
                    # wasm), and no request routing (in Playwright it disables the cache).
                    with tempfile.TemporaryDirectory(prefix="bench-profile-") as profile:
                        context = p.chromium.launch_persistent_context(
                            profile, executable_path=bp.CHROMIUM, headless=True, args=list(bp.CHROME_ARGS),
                            locale="zh-CN")
                        foreign = []
                        context.on("request", lambda r: None if site.is_local(r.url) else foreign.append(r.url))
                        page = context.pages[0] if context.pages else context.new_page()
                        page.goto(site.url(pages[first]), wait_until="load")
                        cold.append(start(page, first))
                        stages.append(page.evaluate(MARKS))
                        if files is None:
                            files = page.evaluate(RESOURCES)
                        page.reload(wait_until="load")
                        warm.append(start(page, first))
                        warm_bytes = sum(r["transfer"] for r in page.evaluate(RESOURCES))
                        if foreign:
                            print(f"WARNING: requests to other hosts: {foreign}")
                        if run == args.runs - 1:
                            recompute = measure_recomputes(page, site, pages, first, args.recomputes)
                        context.close()
        finally:
            site.close()

    live = Path(livebook.LIVE)
    total = sum(f["body"] for f in files)
    gz = 0
    print(f"Pyodide {manifest['pyodide_version']} (Python {manifest['python']}); pages: {where}")
    print("\nruntime download (files fetched after 启动计算器, loopback, uncompressed):")
    for f in sorted(files, key=lambda f: -f["body"]):
        path = live / f["name"]
        z = len(gzip.compress(path.read_bytes(), 6)) if path.exists() else 0
        gz += z
        print(f"  {f['name']:<64} {f['body'] / 1024:>9.1f} KB   gzip {z / 1024:>8.1f} KB")
    print(f"  {'total (' + str(len(files)) + ' files)':<64} {total / 1e6:>9.2f} MB   gzip {gz / 1e6:>7.2f} MB")
    print(f"\nclick 启动计算器 → first result ({first}), {args.runs} runs:")
    print(f"  empty cache: median {statistics.median(cold) / 1000:.2f} s  (runs: "
          + ", ".join(f"{x / 1000:.2f}" for x in cold) + ")")
    for label, a, b in (("runtime (download, compile wasm, start Python, install wheels)", "start", "runtime"),
                        ("import overdue.present", "runtime", "engine"),
                        ("first compute and render", "engine", "first-result")):
        spans = [m[b] - m[a] for m in stages if a in m and b in m]
        if spans:
            print(f"    {label:<62} median {statistics.median(spans) / 1000:.2f} s")
    print(f"  after reload (browser cache): median {statistics.median(warm) / 1000:.2f} s  (runs: "
          + ", ".join(f"{x / 1000:.2f}" for x in warm) + f"); {warm_bytes / 1024:.1f} KB transferred")
    print(f"\nrecompute, {args.recomputes} each, median / max in ms (target < 100 ms):")
    print(f"  {'calculator':<12} {'compute+DOM':>14} {'event→rendered':>16} {'event→painted':>16}")
    for name, times in recompute.items():
        cols = []
        for key in ("inside", "rendered", "painted"):
            values = [t[key] for t in times]
            cols.append(f"{statistics.median(values):6.1f} / {max(values):6.1f}")
        print(f"  {name:<12} {cols[0]:>14} {cols[1]:>16} {cols[2]:>16}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
