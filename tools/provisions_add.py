"""Add or replace provisions in data/provisions.yaml from a YAML list.

Usage: python tools/provisions_add.py new.yaml
Each entry needs id, law, article, text (verbatim), effective, source, status.
Safe to run from several editors at once (file lock); keeps the canonical layout.
"""

import fcntl
import sys
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).parent))
from yamlfmt import dump  # noqa: E402

DATA = Path(__file__).resolve().parents[1] / "data" / "provisions.yaml"


def main(path):
    new = yaml.safe_load(open(path, encoding="utf-8"))
    with open(DATA, "r+", encoding="utf-8") as f:
        fcntl.flock(f, fcntl.LOCK_EX)
        entries = yaml.safe_load(f.read())
        by_id = {e["id"]: e for e in entries}
        for e in new:
            e["effective"] = str(e.get("effective") or "")
            by_id[e["id"]] = e
        dump(list(by_id.values()), DATA)
    print(f"added/replaced {[e['id'] for e in new]}")


if __name__ == "__main__":
    main(sys.argv[1])
