"""The published anchors of the book (``data/anchors.lock``).

``python tools/anchors.py`` prints the anchors found in the built HTML;
``python tools/anchors.py --update`` adds them to the lock (it never removes
one: removing or renaming an anchor needs a redirect in data/redirects.yaml
and an entry in CHANGELOG.md, see tests/test_anchors.py).
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LOCK = ROOT / "data" / "anchors.lock"
HTML = ROOT / "_build" / "html"

# Explicit, stable labels only (Sphinx's positional ids such as #id3 are not published).
PUBLISHED = re.compile(r'id="((?:ch\d+-[a-z0-9-]+)|(?:claim-[0-9c]+-\d+)|(?:prov-[a-z0-9-]+)'
                       r'|(?:law-[a-z0-9-]+)|(?:appendix-[a-z0-9-]+)|(?:(?:ex|sol)-\d+-\d+)'
                       r'|(?:action-[a-z0-9-]+)|(?:letter-[a-z0-9-]+)|(?:triage-[a-z0-9-]+)|front-page(?:-disclaimer)?|how-to-cite)"')


def found(html_dir: Path = HTML) -> set[str]:
    out = set()
    for page in sorted(html_dir.joinpath("book").glob("*.html")):
        rel = page.relative_to(html_dir).as_posix()
        out.add(rel)
        for anchor in PUBLISHED.findall(page.read_text(encoding="utf-8")):
            out.add(f"{rel}#{anchor}")
    return out


def read_lock() -> list[str]:
    if not LOCK.exists():
        return []
    return [l.strip() for l in LOCK.read_text(encoding="utf-8").splitlines()
            if l.strip() and not l.startswith("#")]


def main(argv):
    now = found()
    if "--update" in argv:
        merged = sorted(set(read_lock()) | now)
        LOCK.write_text(
            "# Every published page and anchor of the book. Add freely; never remove or rename:\n"
            "# a removed entry needs a redirect in data/redirects.yaml and a CHANGELOG.md entry.\n"
            + "\n".join(merged) + "\n", encoding="utf-8")
        print(f"{len(merged)} anchors in {LOCK.relative_to(ROOT)}")
    else:
        print("\n".join(sorted(now)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
