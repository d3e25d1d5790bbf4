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
from browser_support import chromium_session, named_on_command_line

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
START_TIMEOUT = 180  # seconds; Voilà starts in about 4 s on an idle machine


def pytest_ignore_collect(collection_path, config):
    """Collect this tree only when a path inside it was given on the command line."""
    return None if named_on_command_line(HERE, config) else True


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
    yield from chromium_session()
