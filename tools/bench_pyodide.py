"""The in-browser calculators (Pyodide) in headless Chromium on loopback: figures only.

    .venv/bin/python tools/bench_pyodide.py [--runs 3] [--recomputes 15] [--server nginx|python]

The pages are served as a host serves them: Debian's nginx with deploy/'s
configuration (tools/nginx_site.py: brotli/gzip twins, application/wasm, caching
headers, the CSP). ``--server python`` uses Python's http.server instead, for
comparison (no compression, no caching headers).

- the runtime's download: every file the page fetched from _static/live/ after
  "启动计算器", its size, its bytes on the wire (the browser context's
  responses, the Web Worker's included: compressed body and headers) and its Content-Encoding, against the goal of
  at most 6 MB transferred;
- click "启动计算器" to the first result shown, with an empty cache (median of
  --runs fresh browser profiles), against the goal of at most 3 s, split into
  its stages (runtime, import, first result); again in the same profile after a
  reload (the browser cache serves the runtime, no request revalidates); and
  once with the reader's interest first: a field focused (the runtime starts
  downloading then) and the button clicked --think seconds later;
- a recompute: one input event to the new result rendered, per calculator, median
  and maximum of --recomputes (target < 100 ms), measured in the page (compute +
  render) and from outside (set value, event, wait for the render).

The pages are the book's when its chapters carry the calculators, else a throwaway
one-page book (tests/live/livebook.py). Prints; asserts nothing.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))
sys.path.insert(0, str(ROOT / "tests" / "live"))

import bench_pages as bp  # noqa: E402
import livebook  # noqa: E402
import nginx_site  # noqa: E402
from cases import all_cases  # noqa: E402

GOAL_BYTES = 6_000_000   # the runtime transferred, empty cache (decimal MB)
GOAL_FIRST_MS = 3000     # click to first result, empty cache, median

def _fetched(responses, encodings: dict) -> list[dict]:
    """The runtime's files among ``responses`` (page and worker): size, bytes on the wire
    (body as sent plus headers; 0 from the browser's cache) and the content encoding."""
    out = []
    for r in responses:
        name = r.url.split("/_static/live/")[1]
        encodings.setdefault(name, r.headers.get("content-encoding") or "none")
        sizes = r.request.sizes()
        cached = r.from_service_worker or r.status == 304 or sizes["responseBodySize"] == 0
        try:
            raw = len(r.body())
        except Exception:  # a redirect or an aborted response has no body
            raw = 0
        out.append({"name": name, "raw": raw, "cached": cached,
                    "transfer": 0 if cached else sizes["responseBodySize"] + sizes["responseHeadersSize"]})
    return out


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


def start(page, name: str, think: float = 0.0) -> float:
    """Click start (after focusing the first field and waiting ``think`` seconds,
    when given); return the page's click-to-first-result time (ms)."""
    root = page.locator(f'.livecalc[data-calculator="{name}"]').first
    if think:
        root.locator("[data-name]").first.focus()
        page.wait_for_timeout(think * 1000)
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
    parser.add_argument("--server", choices=("nginx", "python"), default="nginx")
    parser.add_argument("--think", type=float, default=3.0,
                        help="seconds between focusing a field and clicking start (0: skip that run)")
    args = parser.parse_args(argv)
    from overdue import present
    from playwright.sync_api import sync_playwright

    manifest = livebook.ensure_live_built()
    if not manifest.get("ok"):
        print(f"in-browser calculators not built: {manifest.get('reason')}")
        return 0
    with tempfile.TemporaryDirectory(prefix="bench-pyodide-") as tmp:
        html_dir, pages, where = livebook.calculator_site(Path(tmp))
        if args.server == "nginx":
            if not nginx_site.nginx_binary():
                print("nginx is not installed (apt-get install -y nginx libnginx-mod-http-brotli-static)")
                return 0
            site = nginx_site.NginxSite(html_dir)
            server = "nginx (deploy/site.conf" + (", brotli_static" if site.brotli else "") + ", gzip_static)"
        else:
            site = bp.Site(html_dir)
            server = "Python http.server (no compression)"
        first = present.CALCULATORS[0]
        cold, warm, files, warm_bytes, stages, encodings = [], [], None, None, [], {}
        thought = []
        recompute: dict[str, list[dict]] = {}
        try:
            with sync_playwright() as p:
                runs = list(range(args.runs)) + (["think"] if args.think else [])
                for run in runs:
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
                        # The runtime is fetched by the page's Web Worker, whose requests are not in
                        # the page's Resource Timing: the context's responses see both.
                        seen: list = []
                        context.on("response", lambda r: "/_static/live/" in r.url and seen.append(r))
                        page.goto(site.url(pages[first]), wait_until="load")
                        if run == "think":
                            thought.append(start(page, first, think=args.think))
                            context.close()
                            continue
                        cold.append(start(page, first))
                        stages.append(page.evaluate(MARKS))
                        if files is None:
                            files = _fetched(seen, encodings)
                        seen.clear()
                        page.reload(wait_until="load")
                        warm.append(start(page, first))
                        warm_bytes = sum(f["transfer"] for f in _fetched(seen, {}) if not f["cached"])
                        if foreign:
                            print(f"WARNING: requests to other hosts: {foreign}")
                        if run == args.runs - 1:
                            recompute = measure_recomputes(page, site, pages, first, args.recomputes)
                        context.close()
        finally:
            site.close()

    raw = sum(f["raw"] for f in files)
    wire = sum(f["transfer"] for f in files)
    print(f"Pyodide {manifest['pyodide_version']} (Python {manifest['python']}); pages: {where}; server: {server}")
    print("\nruntime download (files fetched after 启动计算器, empty cache; 1 MB = 10^6 bytes):")
    print(f"  {'file':<58} {'size MB':>8} {'wire MB':>8}  encoding")
    for f in sorted(files, key=lambda f: -f["raw"]):
        print(f"  {f['name']:<58} {f['raw'] / 1e6:>8.3f} {f['transfer'] / 1e6:>8.3f}  {encodings.get(f['name'], '?')}")
    verdict = "meets" if wire <= GOAL_BYTES else "MISSES"
    print(f"  {'total (' + str(len(files)) + ' files)':<58} {raw / 1e6:>8.2f} {wire / 1e6:>8.2f}  "
          f"({verdict} the goal of at most {GOAL_BYTES / 1e6:.0f} MB transferred)")
    print(f"\nclick 启动计算器 → first result ({first}), {args.runs} runs:")
    median = statistics.median(cold)
    verdict = "meets" if median <= GOAL_FIRST_MS else "MISSES"
    print(f"  empty cache: median {median / 1000:.2f} s  (runs: "
          + ", ".join(f"{x / 1000:.2f}" for x in cold) + f"; {verdict} the goal of at most {GOAL_FIRST_MS / 1000:.0f} s)")
    for label, a, b in (("runtime (download, compile wasm, start Python, install wheels)", "start", "runtime"),
                        ("import overdue.present", "runtime", "engine"),
                        ("first compute and render", "engine", "first-result")):
        spans = [m[b] - m[a] for m in stages if a in m and b in m]
        if spans:
            print(f"    {label:<62} median {statistics.median(spans) / 1000:.2f} s")
    print(f"  after reload (browser cache): median {statistics.median(warm) / 1000:.2f} s  (runs: "
          + ", ".join(f"{x / 1000:.2f}" for x in warm) + f"); {warm_bytes / 1000:.1f} kB transferred")
    if thought:
        print(f"  field focused, button clicked {args.think:.0f} s later (the runtime loads meanwhile), empty cache: "
              f"{thought[0] / 1000:.2f} s")
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
