"""Replace the rows of one or more sections in data/claims.csv from another CSV.

Usage: python tools/claims_upsert.py rows.csv
(rows.csv has the ledger's header: id,section,quote,verdict,provisions,note).
Rows of the sections present in rows.csv are replaced; others are kept. The
ledger is kept sorted by section order, then claim number. Safe to run from
several editors at once (file lock).
"""

import csv
import fcntl
import io
import sys
from pathlib import Path

LEDGER = Path(__file__).resolve().parents[1] / "data" / "claims.csv"
ORDER = ["0", "1", "2", "3", "4", "5", "6", "7", "c"]
HEADER = ["id", "section", "quote", "verdict", "provisions", "note"]


def _key(row):
    return (ORDER.index(row["section"]), int(row["id"].rsplit("-", 1)[1]))


def main(path):
    new = list(csv.DictReader(open(path, encoding="utf-8")))
    sections = {r["section"] for r in new}
    with open(LEDGER, "r+", encoding="utf-8", newline="") as f:
        fcntl.flock(f, fcntl.LOCK_EX)
        lines = f.read().splitlines(keepends=True)
        comments = [l for l in lines if l.startswith("#")]
        body = "".join(l for l in lines if not l.startswith("#"))
        old = [r for r in csv.DictReader(io.StringIO(body)) if r["section"] not in sections]
        rows = sorted(old + new, key=_key)
        out = io.StringIO()
        w = csv.DictWriter(out, fieldnames=HEADER, lineterminator="\n")
        w.writeheader()
        for r in rows:
            w.writerow({k: r[k] for k in HEADER})
        f.seek(0)
        f.truncate()
        f.write("".join(comments) + out.getvalue())
    print(f"{len(new)} rows for sections {sorted(sections)}; ledger has {len(rows)} rows")


if __name__ == "__main__":
    main(sys.argv[1])
