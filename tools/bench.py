"""``make bench``: every speed and size figure of the project, printed, never asserted.

Runs each benchmark script that exists: the engine (interval vs naive daily
loop, widget-style recompute), the widgets, the built pages in a browser, and
the in-browser (Pyodide) calculators. The pages and the calculators are served
by Debian's nginx with deploy/'s configuration (tools/nginx_site.py), as a host
serves them: the bytes are those on the wire, compressed; without nginx, by
Python's http.server (uncompressed), and the figures say so.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
SCRIPTS = ["bench_engine.py", "bench_worst.py", "bench_widgets.py", "bench_pages.py", "bench_pyodide.py"]


# bench_pages.py measures through the loopback server it is given: nginx here.
PAGES_THROUGH_NGINX = """
import sys
sys.path.insert(0, {tools!r})
import bench_pages, nginx_site
if nginx_site.nginx_binary():
    bench_pages.Site = nginx_site.NginxSite
    print("(served by nginx with deploy/site.conf: bytes are compressed bodies)", flush=True)
else:
    print("(nginx is missing: served by Python's http.server, uncompressed)", flush=True)
sys.exit(bench_pages.main(["bench_pages.py"]))
"""


def main() -> int:
    status = 0
    for name in SCRIPTS:
        path = HERE / name
        if not path.exists():
            continue
        print(f"\n=== {name} ===", flush=True)
        if name == "bench_pages.py":
            rc = subprocess.call([sys.executable, "-c", PAGES_THROUGH_NGINX.format(tools=str(HERE))])
        else:
            rc = subprocess.call([sys.executable, str(path)])
        if rc:
            print(f"({name} exited with {rc})")
            status = rc
    return status


if __name__ == "__main__":
    sys.exit(main())
