"""The runtime's standard library as the browser should get it: stored, with bytecode.

    .venv/bin/python tools/stdlib_pyc.py RUNTIME_DIR LOCK_FILE OUT.zip

Pyodide's ``python_stdlib.zip`` holds Python sources, deflated. At start-up the
browser's Python imports about 160 of its modules (Pyodide's own, asyncio,
json, decimal, the engine's) and compiles each from source: measured on
loopback, that is more than half of the time from click to first result. A
zip cannot cache what it compiled, so every reader pays it on every visit.

This tool writes the same archive (same members, order and dates) with

- the modules imported by start-up, by ``overdue.present`` and by one render of
  every calculator's default form replaced by their bytecode (``.pyc``, PEP 552
  unchecked-hash, compiled by the runtime's own Python 3.14 so that the magic
  number matches; their source is left out: a traceback through them shows no
  source line), and every other module kept as source;
- every member stored rather than deflated, so that the server's brotli or gzip
  compresses the archive as a whole (brotli: 2.2 MB on the wire, against 2.5 MB
  for the deflated original of sources only).

It runs the runtime itself in Node.js (``node``, which comes with npm), loading
the wheels through ``LOCK_FILE`` as the browser does. The result is cached in
``.cache/stdlib-pyc/`` by a hash of the runtime's archive, the lock file (which
names the wheels by their sha256) and this tool; the same inputs give the same
bytes. ``build(...)`` returns None (and the caller falls back to a stored copy
of the original) when Node is missing or the run fails.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CACHE = ROOT / ".cache" / "stdlib-pyc"
TIMEOUT = 600  # seconds; about 10 s on an idle machine

NODE_SCRIPT = r"""
import { pathToFileURL } from "node:url";
import fs from "node:fs";
const [, , indexDir, lockFile, out] = process.argv;
const { loadPyodide } = await import(pathToFileURL(indexDir + "pyodide.mjs").href);
const py = await loadPyodide({
  indexURL: indexDir, lockFileURL: lockFile,
  packageBaseUrl: lockFile.slice(0, lockFile.lastIndexOf("/") + 1),
  packages: ["overdue"], stdout: (s) => console.log(s), stderr: (s) => console.error(s),
});
py.runPython(`
import importlib._bootstrap_external as _be, importlib.util, io, sys, zipfile
from overdue import present
for name in present.CALCULATORS:
    present.render(name, {f["name"]: f["default"] for f in present.fields(name)})
ZIP = "/lib/python314.zip/"
if not any(p.startswith(ZIP.rstrip("/")) for p in sys.path):
    raise SystemExit("the standard library is not at " + ZIP)
used = set()
for module in list(sys.modules.values()):
    path = getattr(module, "__file__", None) or ""
    if path.startswith(ZIP) and path.endswith(".py"):
        used.add(path[len(ZIP):])
source = zipfile.ZipFile(ZIP.rstrip("/"))
buf = io.BytesIO()
with zipfile.ZipFile(buf, "w", zipfile.ZIP_STORED) as out:
    for info in source.infolist():
        data, name = source.read(info), info.filename
        if name in used:
            code = compile(data, ZIP + name, "exec", dont_inherit=True)
            data = bytes(_be._code_to_hash_pyc(code, importlib.util.source_hash(data), checked=False))
            name += "c"
        member = zipfile.ZipInfo(name, date_time=info.date_time)
        member.external_attr = info.external_attr
        member.create_system = info.create_system
        out.writestr(member, data)
with open("/tmp/stdlib.zip", "wb") as f:
    f.write(buf.getvalue())
print(len(used))
`);
fs.writeFileSync(out, py.FS.readFile("/tmp/stdlib.zip"));
"""


def cache_key(stdlib: Path, lock_file: Path) -> str:
    h = hashlib.sha256()
    for blob in (stdlib.read_bytes(), lock_file.read_bytes(), Path(__file__).read_bytes()):
        h.update(hashlib.sha256(blob).digest())
    return h.hexdigest()[:24]


def build(runtime_dir: Path, lock_file: Path, cache: Path = CACHE, log=print) -> Path | None:
    """The optimised archive for ``runtime_dir/python_stdlib.zip`` (a cached file), or None."""
    stdlib = runtime_dir / "python_stdlib.zip"
    target = cache / f"python_stdlib-{cache_key(stdlib, lock_file)}.zip"
    if target.exists():
        return target
    node = shutil.which("node")
    if not node:
        log("stdlib_pyc: node is missing: the standard library is served as sources")
        return None
    cache.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="stdlib-pyc-") as tmp:
        script = Path(tmp) / "compile.mjs"
        script.write_text(NODE_SCRIPT, encoding="utf-8")
        out = Path(tmp) / "python_stdlib.zip"
        try:
            proc = subprocess.run([node, str(script), str(runtime_dir.resolve()) + "/", str(lock_file.resolve()),
                                   str(out)], capture_output=True, text=True, timeout=TIMEOUT)
        except (OSError, subprocess.TimeoutExpired) as exc:
            log(f"stdlib_pyc: the runtime did not run in Node: {exc}")
            return None
        if proc.returncode != 0 or not out.exists():
            log(f"stdlib_pyc: the runtime did not run in Node (exit {proc.returncode}): {proc.stderr[-1500:]}")
            return None
        part = target.with_name(target.name + ".part")
        shutil.copyfile(out, part)
        part.replace(target)
        log(f"stdlib_pyc: {proc.stdout.strip()} modules compiled to bytecode in {target.name}")
    return target


def main(argv: list[str]) -> int:
    if len(argv) != 4:
        print(__doc__.split("\n\n")[1], file=sys.stderr)
        return 2
    result = build(Path(argv[1]), Path(argv[2]), log=lambda m: print(m, file=sys.stderr))
    if result is None:
        return 1
    shutil.copyfile(result, argv[3])
    print(json.dumps({"out": argv[3], "size": Path(argv[3]).stat().st_size}))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
