"""Where the in-browser calculators are, for tests/live and tools/bench_pyodide.py.

``calculator_site()`` returns an HTML dir and, for each calculator of
``overdue.present.CALCULATORS``, a page of it that carries it:

1. the built book (``$OVERDUE_HTML`` or ``_build/html``), when its pages carry
   every calculator (``{live-calculator}`` in the chapters) and its runtime;
2. otherwise a throwaway Jupyter Book under a temporary directory: the book's own
   ``_config.yml`` (same theme and extensions, ``livecalc`` added), one page with
   one directive per calculator, built strictly (-W). Nothing in the repository is touched
   except ``_build/live`` (tools/build_live.py, run when it is missing).
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
LIVE = Path(os.environ.get("OVERDUE_LIVE_DIR") or ROOT / "_build" / "live")
CALC_RE = re.compile(r'<div id="([^"]+)" class="livecalc" data-calculator="([a-z_-]+)"')


def calculators() -> tuple[str, ...]:
    from overdue import present

    return tuple(present.CALCULATORS)


def book_html() -> Path:
    return Path(os.environ.get("OVERDUE_HTML") or ROOT / "_build" / "html").resolve()


def scan(html_dir: Path) -> dict[str, str]:
    """calculator name -> first page (path relative to html_dir) that carries it live."""
    found: dict[str, str] = {}
    if not html_dir.exists():
        return found
    for page in sorted(html_dir.rglob("*.html")):
        if "_static" in page.parts:
            continue
        text = page.read_text(encoding="utf-8", errors="replace")
        if "livecalc" not in text:
            continue
        for _, name in CALC_RE.findall(text):
            found.setdefault(name, page.relative_to(html_dir).as_posix())
    return found


def ensure_live_built() -> dict:
    manifest = LIVE / "manifest.json"
    if not manifest.exists():
        subprocess.run([sys.executable, str(ROOT / "tools" / "build_live.py")], cwd=ROOT, check=True, timeout=1800)
    return json.loads(manifest.read_text(encoding="utf-8"))


PAGE = """# 计算器测试页

(throwaway page of tests/live; not part of the book)

{calcs}
"""


def build_throwaway(dest: Path, live_dir: Path | None = None) -> Path:
    """A one-page Jupyter Book carrying every calculator; returns its html dir.
    ``live_dir``: the output of tools/build_live.py to use (default _build/live)."""
    config = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
    config["title"] = "livecalc test"
    config.pop("bibtex_bibfiles", None)
    config.setdefault("html", {}).pop("favicon", None)
    sphinx = config.setdefault("sphinx", {})
    sphinx["local_extensions"] = {"livecalc": str(ROOT / "_ext")}
    conf = sphinx.setdefault("config", {})
    exts = [e for e in conf.get("extensions", []) if e not in ("lawbook", "sphinxcontrib.bibtex")]
    conf["extensions"] = exts + ["livecalc"]
    conf["livecalc_dir"] = str(Path(live_dir or LIVE).resolve())
    for key in list(conf):
        if key.startswith("bibtex_"):
            del conf[key]
    (dest / "_config.yml").write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    (dest / "_toc.yml").write_text("format: jb-book\nroot: index\n", encoding="utf-8")
    calcs = "\n\n".join(f"## {name}\n\n```{{live-calculator}} {name}\n```" for name in calculators())
    (dest / "index.md").write_text(PAGE.format(calcs=calcs), encoding="utf-8")
    jb = Path(sys.executable).parent / "jupyter-book"
    # The checkout first on the path: the build runs outside the repository.
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))}
    proc = subprocess.run([str(jb), "build", str(dest), "-W", "--keep-going"], cwd=dest, env=env,
                          capture_output=True, text=True, timeout=900)
    if proc.returncode != 0:
        raise RuntimeError("the throwaway calculator book did not build:\n" + (proc.stdout + proc.stderr)[-5000:])
    return dest / "_build" / "html"


def calculator_site(tmp: Path | None = None) -> tuple[Path, dict[str, str], str]:
    """(html_dir, {calculator: page}, where) with every calculator present and live."""
    wanted = set(calculators())
    html_dir = book_html()
    pages = scan(html_dir)
    if wanted <= set(pages) and (html_dir / "_static" / "live").exists():
        return html_dir, {n: pages[n] for n in calculators()}, "book"
    ensure_live_built()
    tmp = Path(tmp or tempfile.mkdtemp(prefix="livecalc-book-"))
    html_dir = build_throwaway(tmp)
    pages = scan(html_dir)
    missing = wanted - set(pages)
    if missing:
        raise RuntimeError(f"the throwaway book lacks calculators {sorted(missing)}")
    return html_dir, {n: pages[n] for n in calculators()}, "throwaway book"
