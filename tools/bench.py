"""``make bench``: every speed and size figure of the project, printed, never asserted.

Runs each benchmark script that exists: the engine (interval vs naive daily
loop, widget-style recompute), the widgets, the built pages in a browser, and
the in-browser (Pyodide) calculators.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
SCRIPTS = ["bench_engine.py", "bench_widgets.py", "bench_pages.py", "bench_pyodide.py"]


def main() -> int:
    status = 0
    for name in SCRIPTS:
        path = HERE / name
        if not path.exists():
            continue
        print(f"\n=== {name} ===", flush=True)
        rc = subprocess.call([sys.executable, str(path)])
        if rc:
            print(f"({name} exited with {rc})")
            status = rc
    return status


if __name__ == "__main__":
    sys.exit(main())
