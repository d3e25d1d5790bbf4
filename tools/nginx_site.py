"""The built book served by Debian's nginx with deploy/'s configuration.

    .venv/bin/python tools/nginx_site.py serve [--port 8000] [--prefix /] [HTML_DIR]
    .venv/bin/python tools/nginx_site.py render --listen 80 --root /srv/overdue/html [--prefix /] [-o FILE] [HTML_DIR]

``serve`` (``make serve``) writes the pre-compressed twins (tools/compress.py),
renders deploy/nginx.conf and deploy/site.conf into a temporary run directory,
starts nginx on 127.0.0.1 in the foreground, prints the address, and stops it on
Ctrl-C. ``render`` writes only the server block, for a host's own nginx.

``NginxSite`` does the same for the browser tests and benchmarks, with the
interface of tools/bench_pages.Site (``origin``, ``url()``, ``is_local()``,
``close()``): a free port on 127.0.0.1, its own pid, logs and temp files, and
``close()`` stops the nginx it started (by its process group) and removes them.

The Content-Security-Policy header is the one every built page carries in its
``<meta http-equiv>`` (written by _ext/livecalc.py, with the hashes of the
theme's inline scripts), plus ``frame-ancestors 'none'``.
"""

from __future__ import annotations

import argparse
import html
import os
import pwd
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT / "tools") not in sys.path:
    sys.path.insert(0, str(ROOT / "tools"))
DEPLOY = ROOT / "deploy"
BROTLI_MODULE = Path("/usr/lib/nginx/modules/ngx_http_brotli_static_module.so")
CSP_META = re.compile(r'<meta http-equiv="Content-Security-Policy" content="([^"]*)"')
START_TIMEOUT = 15.0  # seconds


class NginxError(RuntimeError):
    pass


def nginx_binary() -> str | None:
    return shutil.which("nginx") or next(
        (p for p in ("/usr/sbin/nginx", "/usr/local/sbin/nginx") if os.access(p, os.X_OK)), None)


def html_dir_default() -> Path:
    return Path(os.environ.get("OVERDUE_HTML") or ROOT / "_build" / "html").resolve()


def normalise_prefix(prefix: str) -> str:
    prefix = "/" + prefix.strip("/") + "/"
    return "/" if prefix == "//" else prefix


def read_csp(html_dir: Path) -> str:
    """The policy of the built pages' <meta http-equiv="Content-Security-Policy">.
    Every page carries the same one (_ext/livecalc.py); they are checked to agree."""
    found: dict[str, str] = {}
    for page in sorted(html_dir.rglob("*.html")):
        if "_static" in page.relative_to(html_dir).parts:
            continue
        m = CSP_META.search(page.read_text(encoding="utf-8", errors="replace"))
        if m:
            found.setdefault(html.unescape(m.group(1)), page.relative_to(html_dir).as_posix())
    if not found:
        raise NginxError(f"no page under {html_dir} carries a Content-Security-Policy <meta>: "
                         "build the book with _templates/layout.html and _ext/livecalc.py")
    if len(found) > 1:
        raise NginxError(f"the pages carry {len(found)} different policies: {sorted(found.values())[:4]}")
    policy = next(iter(found))
    if '"' in policy or "$" in policy or "\\" in policy:
        raise NginxError(f"the policy cannot be put in an nginx string: {policy!r}")
    return policy


def render_site(html_dir: Path, listen: str, prefix: str = "/", brotli: bool | None = None,
                csp: str | None = None, root: str | None = None) -> str:
    """deploy/site.conf with its placeholders filled in."""
    prefix = normalise_prefix(prefix)
    if brotli is None:
        brotli = BROTLI_MODULE.exists()
    outside = "# served at the domain root"
    if prefix != "/":
        outside = (f"location = {prefix.rstrip('/')} {{ return 301 {prefix}; }}\n"
                   "    location / { return 404; }")
    text = (DEPLOY / "site.conf").read_text(encoding="utf-8")
    values = {
        "@LISTEN@": listen,
        "@ROOT@": (root or str(html_dir)).rstrip("/"),
        "@PREFIX@": prefix,
        "@CSP@": csp if csp is not None else read_csp(html_dir),
        "@BROTLI@": "brotli_static on;" if brotli else "# brotli_static: module not installed",
        "@OUTSIDE@": outside,
    }
    # Only the placeholders in the configuration, not those in its header comment.
    head, sep, body = text.partition("\nmap ")
    for key, value in values.items():
        body = body.replace(key, value)
    left = re.findall(r"@[A-Z_]+@", body)
    if left:
        raise NginxError(f"deploy/site.conf: unfilled placeholders {left}")
    return head + sep + body


def render_main(run: Path, site_conf: Path, brotli: bool) -> str:
    text = (DEPLOY / "nginx.conf").read_text(encoding="utf-8")
    head, sep, body = text.partition("\n@MODULES@")
    user = ""
    if os.geteuid() == 0:  # the worker would otherwise drop to nobody, who may not read the site
        user = f"user {pwd.getpwuid(0).pw_name};"
    values = {
        "@MODULES@": f"load_module {BROTLI_MODULE};" if brotli else "# no brotli_static module",
        "@USER@": user,
        "@RUN@": str(run),
        "@SITE@": str(site_conf),
    }
    body = sep + body
    for key, value in values.items():
        body = body.replace(key, value)
    return head + body


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _answers(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.5):
            return True
    except OSError:
        return False


class NginxSite:
    """nginx serving ``html_dir`` under ``prefix`` on 127.0.0.1 (a free port unless given)."""

    def __init__(self, html_dir: Path, prefix: str = "/", port: int = 0, compress: bool = True,
                 brotli: bool | None = None, quiet: bool = True):
        binary = nginx_binary()
        if not binary:
            raise NginxError("nginx is not installed (apt-get install -y nginx libnginx-mod-http-brotli-static)")
        self.html_dir = Path(html_dir).resolve()
        if not (self.html_dir / "index.html").exists():
            raise NginxError(f"no built site at {self.html_dir}")
        if compress:
            import compress as compress_tool

            stats = compress_tool.run(self.html_dir)
            if not quiet:
                print(f"compress: {stats['written']} twins written, {stats['removed']} removed", flush=True)
        self.prefix = normalise_prefix(prefix)
        self.brotli = BROTLI_MODULE.exists() if brotli is None else brotli
        self.csp = read_csp(self.html_dir)
        self.run = Path(tempfile.mkdtemp(prefix="overdue-nginx-"))
        self.proc: subprocess.Popen | None = None
        try:
            for attempt in range(5):
                self.port = port or _free_port()
                if self._start(binary):
                    break
                if port or attempt == 4:
                    raise NginxError(f"nginx did not start on 127.0.0.1:{self.port}:\n{self.log_text()[-3000:]}")
        except BaseException:
            self.close()
            raise
        self.origin = f"http://127.0.0.1:{self.port}"

    def _start(self, binary: str) -> bool:
        site = self.run / "site.conf"
        site.write_text(render_site(self.html_dir, f"127.0.0.1:{self.port}", self.prefix, self.brotli, self.csp),
                        encoding="utf-8")
        conf = self.run / "nginx.conf"
        conf.write_text(render_main(self.run, site, self.brotli), encoding="utf-8")
        cmd = [binary, "-e", str(self.run / "error.log"), "-p", str(self.run), "-c", str(conf)]
        check = subprocess.run(cmd + ["-t", "-q"], capture_output=True, text=True, timeout=30)
        if check.returncode != 0:
            raise NginxError(f"nginx rejects the configuration:\n{check.stderr}\n{conf.read_text()}")
        self.proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                     start_new_session=True)
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                self.proc = None
                return False  # most likely the port was taken meanwhile: another one
            if _answers(self.port):
                return True
            time.sleep(0.05)
        self._stop()
        return False

    # -- the interface of bench_pages.Site
    def url(self, path: str = "") -> str:
        return f"{self.origin}{self.prefix}{path.lstrip('/')}"

    def is_local(self, url: str) -> bool:
        if url.startswith(("data:", "blob:", "about:")):
            return True
        parts = urlsplit(url)
        return f"{parts.scheme}://{parts.netloc}" == self.origin

    def log_text(self) -> str:
        path = self.run / "error.log"
        return path.read_text(encoding="utf-8", errors="replace") if path.exists() else ""

    def _stop(self) -> None:
        proc, self.proc = self.proc, None
        if proc is None or proc.poll() is not None:
            return
        # SIGQUIT: graceful shutdown of the master and its worker; then harder.
        for sig, wait in ((signal.SIGQUIT, 10), (signal.SIGTERM, 5), (signal.SIGKILL, 5)):
            try:
                os.killpg(proc.pid, sig)
            except ProcessLookupError:
                return
            try:
                proc.wait(timeout=wait)
                return
            except subprocess.TimeoutExpired:
                continue

    def close(self) -> None:
        self._stop()
        shutil.rmtree(self.run, ignore_errors=True)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


# ------------------------------------------------------------------------- CLI
def _serve(args) -> int:
    html_dir = (args.html_dir or html_dir_default()).resolve()
    try:
        site = NginxSite(html_dir, prefix=args.prefix, port=args.port, quiet=False)
    except NginxError as exc:
        print(f"serve: {exc}", file=sys.stderr)
        return 2
    print(f"Serving {html_dir} with nginx (deploy/site.conf{', brotli' if site.brotli else ''}) at\n"
          f"    {site.url()}\nPress Ctrl-C to stop.", flush=True)
    stop = {"now": False}

    def _handler(signum, frame):
        stop["now"] = True

    signal.signal(signal.SIGINT, _handler)
    signal.signal(signal.SIGTERM, _handler)
    try:
        while not stop["now"]:
            if site.proc is None or site.proc.poll() is not None:
                print("serve: nginx stopped:\n" + site.log_text()[-2000:], file=sys.stderr)
                return 1
            time.sleep(0.3)
    finally:
        site.close()
    print("serve: stopped")
    return 0


def _render(args) -> int:
    html_dir = (args.html_dir or html_dir_default()).resolve()
    text = render_site(html_dir, args.listen, args.prefix, brotli=not args.no_brotli,
                       root=args.root or str(html_dir))
    if args.output:
        Path(args.output).write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
    return 0


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description="Serve or configure the built book with nginx.")
    sub = parser.add_subparsers(dest="command", required=True)
    serve = sub.add_parser("serve", help="serve on 127.0.0.1 in the foreground")
    serve.add_argument("--port", type=int, default=int(os.environ.get("PORT") or 8000))
    serve.add_argument("--prefix", default=os.environ.get("PREFIX") or "/")
    serve.add_argument("html_dir", nargs="?", type=Path)
    render = sub.add_parser("render", help="write deploy/site.conf filled in, for a host's nginx")
    render.add_argument("--listen", default="80")
    render.add_argument("--root", help="where the site's files are on the host (default: HTML_DIR)")
    render.add_argument("--prefix", default="/")
    render.add_argument("--no-brotli", action="store_true", help="for an nginx without brotli_static")
    render.add_argument("-o", "--output")
    render.add_argument("html_dir", nargs="?", type=Path)
    args = parser.parse_args(argv)
    return _serve(args) if args.command == "serve" else _render(args)


if __name__ == "__main__":
    sys.exit(main())
