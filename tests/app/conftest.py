"""End-to-end test of the calculator app (issue 8): Voilà + headless Chromium.

Run with ``make e2e`` or ``.venv/bin/python -m pytest tests/app -q``. This tree
is collected only when a path inside it is given on the command line, never by
``pytest tests`` (``make test``).

- the app is started with ``tools/run_app.sh`` on a free port, as a subprocess
  in its own process group, and always stopped in the fixture's teardown;
- Debian's Chromium (``/usr/bin/chromium``) is driven by the Playwright Python
  package; ``playwright install`` is never run;
- a missing browser skips the test, except when ``CI`` is set: then it fails.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
CHROMIUM = "/usr/bin/chromium"
CHROME_ARGS = (
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
)
START_TIMEOUT = 180  # seconds; Voilà starts in about 4 s on an idle machine


def pytest_ignore_collect(collection_path, config):
    """Collect this tree only when a path inside it was given on the command line."""
    for arg in config.invocation_params.args:
        arg = str(arg)
        if arg.startswith("-"):
            continue
        path = (config.invocation_params.dir / arg.split("::")[0]).resolve()
        if path == HERE or HERE in path.parents:
            return None
    return True


def _unavailable(reason: str):
    if os.environ.get("CI"):
        pytest.fail(f"{reason} (CI is set: a missing browser fails the run)", pytrace=False)
    pytest.skip(reason)


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _stop(proc: subprocess.Popen) -> None:
    """SIGTERM to the app's own process group (Voilà then shuts its kernel down), then SIGKILL."""
    if proc.poll() is not None:
        return
    for sig, wait in ((signal.SIGINT, 15), (signal.SIGTERM, 10), (signal.SIGKILL, 5)):
        try:
            os.killpg(proc.pid, sig)
        except ProcessLookupError:
            return
        try:
            proc.wait(timeout=wait)
            return
        except subprocess.TimeoutExpired:
            continue


@pytest.fixture(scope="session")
def app_url(tmp_path_factory):
    """Start the app on a free port; yield its address; always stop it."""
    port = _free_port()
    log = tmp_path_factory.mktemp("app") / "voila.log"
    with open(log, "wb") as out:
        proc = subprocess.Popen([str(ROOT / "tools" / "run_app.sh"), str(port)], cwd=ROOT,
                                stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
    url = f"http://127.0.0.1:{port}/"
    try:
        deadline = time.monotonic() + START_TIMEOUT
        while True:
            if proc.poll() is not None:
                pytest.fail(f"the app exited with {proc.returncode}:\n{log.read_text()[-3000:]}")
            try:
                with urllib.request.urlopen(url + "voila/static/voila.js", timeout=5) as r:
                    if r.status == 200:
                        break
            except OSError:
                pass
            if time.monotonic() > deadline:
                pytest.fail(f"the app did not answer within {START_TIMEOUT} s:\n{log.read_text()[-3000:]}")
            time.sleep(0.5)
        yield url
    finally:
        _stop(proc)


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        _unavailable(f"{CHROMIUM} is missing (apt-get install -y chromium fonts-wqy-microhei)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("the playwright Python package is not installed")
    pw = sync_playwright().start()
    try:
        chromium = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=list(CHROME_ARGS))
    except Exception as exc:  # noqa: BLE001
        pw.stop()
        _unavailable(f"Chromium did not start: {exc}")
    try:
        yield chromium
    finally:
        chromium.close()
        pw.stop()
