"""Build the in-browser calculators' files (issue 10), before the book build.

    .venv/bin/python tools/build_live.py [--out _build/live] [--strict] [--update-lock]

Writes ``_build/live/`` (the Sphinx extension ``_ext/livecalc.py`` copies it to
``_build/html/_static/live/``):

- ``pyodide-<version>/``: the Pyodide core runtime (pyodide.mjs, pyodide.asm.mjs,
  pyodide.asm.wasm, python_stdlib.zip), from ``npm pack pyodide@<version>``,
  checked against the sha512 integrity pinned in ``live/pyodide.lock.json`` and
  cached, extracted, in ``.cache/pyodide-<version>/`` (so later builds need no npm);
- ``pkgs-<hash>/``: a wheel of ``overdue`` built from a temporary copy of the
  repository, with ``overdue/_data/`` holding the CSVs and JSON twins of
  ``data/*.yaml``; the pure-Python wheels it needs from PyPI (versions from
  requirements.txt, sha256 from the lock file, cached in ``.cache/wheels/``); and a
  ``pyodide-lock.json`` naming only these. The folder name is a hash of its
  contents, so the URLs are immutable and the browser cache can keep them;
- ``manifest.json``: what was built (or, when something failed, ``ok: false`` and
  the reason, in Chinese and English: the book still builds and each calculator
  says that the live version was not built). ``download_bytes`` is the raw size of
  what a browser fetches on a first visit; ``wire_bytes`` (brotli) and
  ``wire_bytes_gzip`` what it costs on the wire: each file as the site serves it
  (the standard library as ``_ext/livecalc.py`` copies it: with the start-up
  bytecode of tools/stdlib_pyc.py, stored), compressed as tools/compress.py
  compresses it after the book build (the same function and cache, so that the
  twins are not compressed twice). The calculators' status line states it.

Before it writes anything, the overdue wheel is checked in CPython the way the
browser will run it: imported from the wheel, with PyYAML, scipy, numpy and pandas
blocked, every calculator's default result must equal the result computed from the
checkout (and the root finder must be the pure-Python one).

Exit status: 0, also when the live version could not be built (unless --strict).
"""

from __future__ import annotations

import argparse
import base64
import datetime as _dt
import email.parser
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LOCK = ROOT / "live" / "pyodide.lock.json"
CACHE = ROOT / ".cache"  # --cache changes it
DEFAULT_OUT = ROOT / "_build" / "live"
# Fixed timestamps in the wheel, so that an unchanged engine gives a byte-identical
# wheel, the same pkgs-<hash> folder, and a browser-cache hit.
SOURCE_DATE_EPOCH = "1767225600"  # 2026-01-01T00:00:00Z
BLOCKED_IN_BROWSER = ("yaml", "scipy", "numpy", "pandas", "matplotlib", "ipywidgets")


class LiveBuildError(Exception):
    def __init__(self, message_en: str, message_zh: str):
        super().__init__(message_en)
        self.message_en = message_en
        self.message_zh = message_zh


def log(msg: str) -> None:
    print(f"build_live: {msg}", file=sys.stderr, flush=True)


def sri_sha512(data: bytes) -> str:
    return "sha512-" + base64.b64encode(hashlib.sha512(data).digest()).decode()


def sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def norm(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


# ------------------------------------------------------------------ (a) runtime
def fetch_runtime(lock: dict) -> tuple[Path, dict]:
    """The extracted runtime files in .cache/pyodide-<version>/, and the runtime's
    own lock-file ``info`` (Python version, ABI, platform). The verified tarball is
    kept in .cache/ too, so later builds need neither npm nor the network."""
    pin = lock["pyodide"]
    version, integrity, files = pin["version"], pin["integrity"], pin["files"]
    cache = CACHE / f"pyodide-{version}"
    tarball = CACHE / f"pyodide-{version}.tgz"
    stamp = cache / ".verified.json"
    if stamp.exists():
        recorded = json.loads(stamp.read_text())
        if recorded.get("integrity") == integrity and sorted(recorded["sha256"]) == sorted(files) and all(
            (cache / f).exists() and sha256_file(cache / f) == recorded["sha256"][f] for f in files
        ):
            log(f"pyodide {version}: cached in {cache}")
            return cache, json.loads((cache / "pyodide-lock.json").read_text())["info"]
    if not (tarball.exists() and sri_sha512(tarball.read_bytes()) == integrity):
        _npm_pack(version, integrity, tarball)
    partial = cache.with_name(cache.name + ".part")
    shutil.rmtree(partial, ignore_errors=True)
    partial.mkdir(parents=True)
    with tarfile.open(tarball) as tar:
        for name in files:
            member = tar.getmember(f"package/{name}")
            if not member.isfile():
                raise LiveBuildError(f"package/{name} is not a file", "Pyodide 安装包内容异常")
            (partial / name).write_bytes(tar.extractfile(member).read())
    (partial / ".verified.json").write_text(json.dumps({
        "integrity": integrity,
        "sha256": {f: sha256_file(partial / f) for f in files},
    }, indent=1))
    shutil.rmtree(cache, ignore_errors=True)
    partial.replace(cache)
    log(f"pyodide {version}: extracted {len(files)} files to {cache}")
    return cache, json.loads((cache / "pyodide-lock.json").read_text())["info"]


def _npm_pack(version: str, integrity: str, target: Path) -> None:
    npm = shutil.which("npm")
    if not npm:
        raise LiveBuildError(
            "npm is not installed: it fetches the Pyodide runtime from the npm registry",
            "构建环境中没有 npm，无法从 npm 仓库获取 Python 运行环境（Pyodide）",
        )
    with tempfile.TemporaryDirectory(prefix="pyodide-pack-") as tmp:
        log(f"npm pack pyodide@{version} …")
        try:
            proc = subprocess.run(
                [npm, "pack", f"pyodide@{version}", "--json", "--pack-destination", tmp],
                cwd=tmp, capture_output=True, text=True, timeout=900,
            )
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise LiveBuildError(f"npm pack failed: {exc}", "npm 获取 Python 运行环境失败") from exc
        if proc.returncode != 0:
            raise LiveBuildError(
                f"npm pack pyodide@{version} failed:\n{proc.stderr[-2000:]}",
                "npm 获取 Python 运行环境失败（网络或 npm 仓库不可用）",
            )
        tarballs = list(Path(tmp).glob("pyodide-*.tgz"))
        if len(tarballs) != 1:
            raise LiveBuildError("npm pack wrote no pyodide tarball", "npm 未生成 Pyodide 安装包")
        got = sri_sha512(tarballs[0].read_bytes())
        if got != integrity:
            raise LiveBuildError(
                f"pyodide@{version} tarball integrity {got} does not match the pinned {integrity}",
                "下载的 Python 运行环境与锁定的完整性校验值不符，已拒绝使用",
            )
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(tarballs[0], target.with_suffix(".part"))
        target.with_suffix(".part").replace(target)
    log(f"pyodide {version}: npm tarball verified ({integrity[:24]}…)")


# -------------------------------------------------------------- (b) overdue wheel
def _json_date_key(src: Path) -> str | None:
    """``overdue.data.JSON_DATE_KEY`` of the snapshot, if it has one: then the JSON
    twins mark YAML dates as ``{KEY: "YYYY-MM-DD"}`` and overdue.data turns them back
    into dates. Without it a date can only become its ISO string, and code that
    compares a date parameter with a date fails in the browser (the parity tests
    catch it)."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("_overdue_data_snapshot", src / "overdue" / "data.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)  # standard library only
    return getattr(module, "JSON_DATE_KEY", None)


def _yaml_to_json(obj, date_key: str | None) -> str:
    def default(value):
        if isinstance(value, _dt.datetime):
            raise LiveBuildError("a YAML timestamp with a time cannot be put into a JSON twin",
                                 "数据文件中含有带时刻的时间戳，无法转换")
        if isinstance(value, _dt.date):
            return {date_key: value.isoformat()} if date_key else value.isoformat()
        raise LiveBuildError(f"cannot put {type(value).__name__} into JSON", "数据文件无法转换为 JSON")

    return json.dumps(obj, ensure_ascii=False, indent=1, default=default) + "\n"


def _snapshot(dest: Path) -> str:
    """Copy what the wheel is built from (pyproject, README, overdue/, data/) to
    ``dest``; return a hash of the copy. Everything later (the build, the check
    and its reference results) uses this one snapshot, so an engine file edited
    meanwhile cannot make them disagree."""
    for name in ("pyproject.toml", "README.md", "LICENSE", "LICENSE.txt", "setup.cfg"):
        if (ROOT / name).exists():
            shutil.copy2(ROOT / name, dest / name)
    shutil.copytree(ROOT / "overdue", dest / "overdue",
                    ignore=shutil.ignore_patterns("__pycache__", "*.pyc", "_data", "*.egg-info"))
    (dest / "data").mkdir()
    for path in sorted((ROOT / "data").iterdir()):
        if path.suffix in (".csv", ".yaml"):
            shutil.copy2(path, dest / "data" / path.name)
    h = hashlib.sha256(SOURCE_DATE_EPOCH.encode() + Path(__file__).read_bytes())
    for path in sorted(p for p in dest.rglob("*") if p.is_file()):
        h.update(path.relative_to(dest).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return h.hexdigest()[:16]


def build_overdue_wheel(dest: Path) -> tuple[Path, str]:
    """A wheel of overdue from a temporary copy of the repository (the source
    tree's overdue/ is never written to), and the result of its check. Both are
    cached in .cache/overdue-wheel/<hash of the inputs>/."""
    with tempfile.TemporaryDirectory(prefix="overdue-wheel-") as tmp:
        src = Path(tmp) / "src"
        src.mkdir()
        digest = _snapshot(src)
        cache = CACHE / "overdue-wheel" / digest
        if (cache / "check.txt").exists():
            (wheel,) = cache.glob("overdue-*.whl")
            log(f"{wheel.name}: cached (engine and data unchanged)")
        else:
            shutil.rmtree(cache.parent, ignore_errors=True)  # keep one version only
            cache.mkdir(parents=True)
            wheel = _build_overdue_wheel(src, cache)
            (cache / "check.txt").write_text(check_wheel_like_browser(wheel, src) + "\n")
    dest.mkdir(parents=True, exist_ok=True)
    shutil.copy2(wheel, dest / wheel.name)
    return dest / wheel.name, (cache / "check.txt").read_text().strip()


BUILD_WHEEL = r"""
import importlib, sys, tomllib, warnings
warnings.simplefilter("ignore")
with open("pyproject.toml", "rb") as fh:
    backend = tomllib.load(fh)["build-system"]["build-backend"]
print(importlib.import_module(backend).build_wheel(sys.argv[1]))
"""


def _build_overdue_wheel(src: Path, dest: Path) -> Path:
    """Build from the snapshot ``src``, with overdue/_data/ holding the CSVs and
    JSON twins of the YAML files (read by overdue.data when PyYAML is absent)."""
    import yaml

    data_out = src / "overdue" / "_data"
    data_out.mkdir()
    date_key = _json_date_key(src)
    for path in sorted((src / "data").iterdir()):
        if path.suffix == ".csv":
            shutil.copy2(path, data_out / path.name)
        elif path.suffix == ".yaml":
            obj = yaml.safe_load(path.read_text(encoding="utf-8"))
            (data_out / (path.stem + ".json")).write_text(_yaml_to_json(obj, date_key), encoding="utf-8")
    if not date_key:
        log("overdue.data has no JSON_DATE_KEY: YAML dates become ISO strings in the JSON twins")
    env = {**os.environ, "SOURCE_DATE_EPOCH": SOURCE_DATE_EPOCH}
    with tempfile.TemporaryDirectory(prefix="overdue-dist-") as wheel_dir:
        # The PEP 517 backend of pyproject.toml, called directly (what `pip wheel
        # --no-build-isolation` does, without pip's start-up).
        proc = subprocess.run(
            [sys.executable, "-c", BUILD_WHEEL, wheel_dir],
            cwd=src, env=env, capture_output=True, text=True, timeout=600,
        )
        shutil.rmtree(data_out)  # the snapshot stays a checkout for the reference run
        for leftover in src.glob("*.egg-info"):
            shutil.rmtree(leftover)
        shutil.rmtree(src / "build", ignore_errors=True)
        if proc.returncode != 0:
            raise LiveBuildError(f"building the overdue wheel failed:\n{proc.stderr[-3000:]}",
                                 "构建计算引擎（overdue）的安装包失败")
        (wheel,) = Path(wheel_dir).glob("overdue-*.whl")
        with zipfile.ZipFile(wheel) as zf:
            names = set(zf.namelist())
        expected = [f"overdue/_data/{p.stem}.json" for p in (src / "data").glob("*.yaml")]
        expected += [f"overdue/_data/{p.name}" for p in (src / "data").glob("*.csv")]
        expected += [f"overdue/{p.relative_to(src / 'overdue').as_posix()}"
                     for p in (src / "overdue").rglob("*.py") if "_data" not in p.parts]
        missing = [n for n in expected if n not in names]
        if missing:
            raise LiveBuildError(f"the overdue wheel lacks {missing}", "计算引擎安装包缺少文件")
        target = dest / wheel.name
        shutil.copy2(wheel, target)
    log(f"built {target.name} ({target.stat().st_size / 1024:.0f} KB)")
    return target


# ------------------------------------------------------------ (c) PyPI wheels
def requirement_pins() -> dict[str, str]:
    pins = {}
    for line in (ROOT / "requirements.txt").read_text().splitlines():
        line = line.split("#", 1)[0].strip()
        if "==" in line:
            name, version = line.split("==", 1)
            pins[norm(name)] = version.strip()
    return pins


def engine_dependencies() -> list[str]:
    import tomllib

    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    return [norm(re.split(r"[\s<>=!~;\[]", dep, maxsplit=1)[0]) for dep in project.get("dependencies", [])]


def wheel_metadata(path: Path) -> tuple[dict, list[str], list[str]]:
    """(METADATA headers, Requires-Dist names that apply in Pyodide, WHEEL tags)."""
    with zipfile.ZipFile(path) as zf:
        meta_name = next(n for n in zf.namelist() if n.endswith(".dist-info/METADATA"))
        wheel_name = next(n for n in zf.namelist() if n.endswith(".dist-info/WHEEL"))
        meta = email.parser.Parser().parsestr(zf.read(meta_name).decode("utf-8"))
        wheel = email.parser.Parser().parsestr(zf.read(wheel_name).decode("utf-8"))
    requires = []
    for req in meta.get_all("Requires-Dist") or []:
        name, _, marker = req.partition(";")
        if marker and not _marker_applies(marker.strip()):
            continue
        requires.append(norm(re.split(r"[\s<>=!~(\[]", name.strip(), maxsplit=1)[0]))
    tags = wheel.get_all("Tag") or []
    if (wheel.get("Root-Is-Purelib") or "").strip().lower() != "true":
        tags = [t + " (not purelib)" for t in tags]
    return dict(meta.items()), requires, tags


def _marker_applies(marker: str) -> bool:
    """Whether an environment marker holds in Pyodide (no extras requested)."""
    try:
        from packaging.markers import Marker
    except ImportError:  # conservative: extras-only markers are skipped, others kept
        return "extra" not in marker
    env = {"sys_platform": "emscripten", "platform_system": "Emscripten", "os_name": "posix",
           "platform_machine": "wasm32", "python_version": "3.14", "python_full_version": "3.14.2",
           "implementation_name": "cpython", "platform_python_implementation": "CPython", "extra": ""}
    return Marker(marker).evaluate(env)


def download_wheels(lock: dict, dest: Path, update_lock: bool) -> list[tuple[Path, list[str]]]:
    """The engine's PyPI dependencies (and theirs), pinned by requirements.txt,
    pure-Python wheels only, checked against the sha256 in the lock file."""
    pins = requirement_pins()
    skip = {norm(k) for k in lock.get("not_shipped", {})}
    cache = CACHE / "wheels"
    cache.mkdir(parents=True, exist_ok=True)
    todo, done, out = list(engine_dependencies()), set(), []
    while todo:
        name = todo.pop(0)
        if name in done or name in skip:
            continue
        done.add(name)
        if name not in pins:
            raise LiveBuildError(f"{name} is needed in the browser but not pinned in requirements.txt",
                                 f"{name} 未在 requirements.txt 中锁定版本")
        version = pins[name]
        pattern = re.compile(rf"^{re.escape(name.replace('-', '_'))}-{re.escape(version)}-.*\.whl$", re.I)
        found = [p for p in cache.iterdir() if pattern.match(p.name)]
        if not found:
            log(f"pip download {name}=={version}")
            proc = subprocess.run(
                [sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "--only-binary=:all:",
                 "--dest", str(cache), f"{name}=={version}"],
                capture_output=True, text=True, timeout=600,
                env={**os.environ, "PIP_DISABLE_PIP_VERSION_CHECK": "1"})
            if proc.returncode != 0:
                raise LiveBuildError(f"pip download {name}=={version} failed:\n{proc.stderr[-2000:]}",
                                     f"从 PyPI 下载 {name} {version} 失败")
            found = [p for p in cache.iterdir() if pattern.match(p.name)]
        if len(found) != 1:
            raise LiveBuildError(f"expected one wheel of {name} {version}, found {found}",
                                 f"未找到 {name} {version} 的安装包")
        wheel = found[0]
        _, requires, tags = wheel_metadata(wheel)
        if not tags or any(not re.fullmatch(r"py3-none-any|py2-none-any", t) for t in tags):
            raise LiveBuildError(f"{wheel.name} is not a pure-Python wheel (tags {tags})",
                                 f"{wheel.name} 不是纯 Python 安装包，无法在浏览器中运行")
        digest = sha256_file(wheel)
        pinned = lock.setdefault("wheels", {}).get(wheel.name)
        if pinned != digest:
            if update_lock:
                lock["wheels"][wheel.name] = digest
                log(f"lock: {wheel.name} sha256 {digest}")
            else:
                wheel.unlink()  # a bad download must not stay in the cache
                raise LiveBuildError(
                    f"{wheel.name}: sha256 {digest} is not the pinned {pinned} "
                    "(after changing requirements.txt run tools/build_live.py --update-lock)",
                    f"{wheel.name} 的校验值与锁定值不符")
        shutil.copy2(wheel, dest / wheel.name)
        out.append((dest / wheel.name, requires))
        todo.extend(requires)
    return out


# ------------------------------------------------------------- the lock file
def _top_level_imports(wheel: Path) -> list[str]:
    with zipfile.ZipFile(wheel) as zf:
        names = zf.namelist()
        top = next((n for n in names if n.endswith(".dist-info/top_level.txt")), None)
        if top:
            return sorted({x.strip() for x in zf.read(top).decode().splitlines() if x.strip()})
    tops = set()
    for n in names:
        first = n.split("/", 1)[0]
        if ".dist-info" in first or ".data" in first:
            continue
        if "/" in n or n.endswith(".py"):
            tops.add(first[:-3] if first.endswith(".py") else first)
    return sorted(tops)


def pyodide_lock(info: dict, wheels: list[tuple[Path, list[str]]], shipped: set[str]) -> dict:
    packages = {}
    for wheel, requires in wheels:
        meta, _, _ = wheel_metadata(wheel)
        name = norm(meta["Name"])
        packages[name] = {
            "name": name,
            "version": meta["Version"],
            "file_name": wheel.name,
            "install_dir": "site",
            "sha256": sha256_file(wheel),
            "package_type": "package",
            "imports": _top_level_imports(wheel),
            "depends": sorted(r for r in requires if r in shipped),
            "unvendored_tests": False,
        }
    return {"info": info, "packages": dict(sorted(packages.items()))}


# ---------------------------------------------------- the CPython browser check
CHECK = r"""
import importlib.abc, json, sys
BLOCKED = set(sys.argv[2].split(","))
class Block(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in BLOCKED:
            raise ImportError(f"{name} is not available in the browser")
sys.meta_path.insert(0, Block())
# An editable install of the checkout (pip install -e .) maps overdue.* to the source tree
# through a meta-path finder, which would hide a module missing from the wheel.
sys.meta_path[:] = [f for f in sys.meta_path if 'editable' not in repr(f).lower()]
sys.path.insert(0, sys.argv[1])
import overdue
assert overdue.__file__.startswith(sys.argv[1]), overdue.__file__
from overdue import data, roots
assert data.data_dir().name == "_data", data.data_dir()
from overdue import present
out = {}
for name in present.CALCULATORS:
    form = {f["name"]: f["default"] for f in present.fields(name)}
    out[name] = present.compute(name, form)
out["_root_backend"] = roots.backend()
print(json.dumps(out, ensure_ascii=False, sort_keys=True, default=str))
"""

REFERENCE = r"""
import json
import overdue
from overdue import data, present
assert overdue.__file__.startswith(sys.argv[1]), overdue.__file__
assert data.data_dir().name == "data", data.data_dir()
out = {}
for name in present.CALCULATORS:
    form = {f["name"]: f["default"] for f in present.fields(name)}
    out[name] = present.compute(name, form)
print(json.dumps(out, ensure_ascii=False, sort_keys=True, default=str))
"""


def check_wheel_like_browser(wheel: Path, src: Path) -> str:
    """Default results from the wheel (no YAML, no scipy) equal those of the checkout
    snapshot ``src`` (YAML and scipy, as in the notebooks and tests)."""
    if not (src / "overdue" / "present" / "__init__.py").exists():
        log("overdue/present/__init__.py does not exist yet: the wheel-vs-checkout check is skipped")
        return "skipped (no overdue/present/__init__.py)"
    env = {k: v for k, v in os.environ.items() if k != "OVERDUE_DATA"}
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    with tempfile.TemporaryDirectory(prefix="overdue-check-") as tmp:
        with zipfile.ZipFile(wheel) as zf:
            zf.extractall(tmp)
        got = subprocess.run([sys.executable, "-I", "-c", CHECK, tmp, ",".join(BLOCKED_IN_BROWSER)],
                             cwd=tmp, env=env, capture_output=True, text=True, timeout=300)
    if got.returncode != 0:
        raise LiveBuildError(f"the overdue wheel does not run without PyYAML/scipy:\n{got.stderr[-3000:]}",
                             "计算引擎安装包在无 PyYAML、scipy 的环境中无法运行")
    ref = subprocess.run([sys.executable, "-I", "-c", "import sys; sys.path.insert(0, sys.argv[1])\n" + REFERENCE,
                          str(src)], cwd=src, env=env,
                         capture_output=True, text=True, timeout=300)
    if ref.returncode != 0:
        raise LiveBuildError(f"present.compute failed in the checkout:\n{ref.stderr[-3000:]}",
                             "计算引擎在源码目录中运行失败")
    got_obj = json.loads(got.stdout)
    backend = got_obj.pop("_root_backend")
    if backend != "python":
        raise LiveBuildError(f"root finder backend is {backend!r} with scipy blocked",
                             "浏览器版本未使用纯 Python 求根算法")
    ref_obj = json.loads(ref.stdout)
    if got_obj != ref_obj:
        diff = [n for n in ref_obj if got_obj.get(n) != ref_obj[n]]
        raise LiveBuildError(f"default results from the wheel differ from the checkout: {diff}",
                             "浏览器版本的默认结果与源码版本不一致")
    log(f"wheel check: the default results of {sorted(ref_obj)} equal the checkout's; root finder: python")
    return "ok"


# ------------------------------------------------------------ the size on the wire
def stored_zip(src: Path, dst) -> None:
    """``src`` (a zip) written to ``dst`` (a path or a binary file) with the same members,
    names, order and dates, each stored rather than deflated. A deflated archive does not
    compress further on the wire; a stored one does, as a whole."""
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_STORED) as zout:
        for info in zin.infolist():
            member = zipfile.ZipInfo(info.filename, date_time=info.date_time)
            member.external_attr = info.external_attr
            member.create_system = info.create_system
            member.compress_type = zipfile.ZIP_STORED
            zout.writestr(member, zin.read(info))


def served_stdlib(runtime_dir: Path, lock_file: Path) -> bytes:
    """The standard library as _ext/livecalc.py serves it: tools/stdlib_pyc.py's archive
    (cached; it needs Node), else the original re-packed stored."""
    import io

    sys.path.insert(0, str(ROOT / "tools"))
    import stdlib_pyc

    optimised = stdlib_pyc.build(runtime_dir, lock_file, log=log)
    if optimised is not None:
        return optimised.read_bytes()
    buf = io.BytesIO()
    stored_zip(runtime_dir / "python_stdlib.zip", buf)
    return buf.getvalue()


def wire_bytes(root: Path, fetched: list[str], runtime_name: str, lock_file: str) -> dict:
    """{"br": bytes, "gzip": bytes}: what the files ``fetched`` (relative to ``root``) cost
    a browser on the wire, each compressed as tools/compress.py compresses it (a file
    without a twin goes out as it is)."""
    sys.path.insert(0, str(ROOT / "tools"))
    import compress

    total = {"br": 0, "gzip": 0}
    for rel in fetched:
        path = root / rel
        if rel == f"{runtime_name}/python_stdlib.zip":
            data = served_stdlib(root / runtime_name, root / lock_file)
        else:
            data = path.read_bytes()
        twins = compress.wanted_twins(path, data)
        total["br"] += len(twins[".br"] if twins[".br"] is not None else data)
        total["gzip"] += len(twins[".gz"] if twins[".gz"] is not None else data)
    return total


# ----------------------------------------------------------------------- main
def write_failure(out: Path, exc: LiveBuildError) -> None:
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True, exist_ok=True)
    (out / "manifest.json").write_text(json.dumps(
        {"ok": False, "reason": exc.message_en, "reason_zh": exc.message_zh},
        ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


def build(out: Path, update_lock: bool) -> dict:
    lock = json.loads(LOCK.read_text(encoding="utf-8"))
    runtime_cache, info = fetch_runtime(lock)
    version = lock["pyodide"]["version"]
    staging = out.with_name(out.name + ".tmp")
    shutil.rmtree(staging, ignore_errors=True)
    pkgs = staging / "pkgs"
    pkgs.mkdir(parents=True)
    overdue_wheel, check = build_overdue_wheel(pkgs)
    deps = download_wheels(lock, pkgs, update_lock)
    _, overdue_requires, _ = wheel_metadata(overdue_wheel)
    all_wheels = [(overdue_wheel, overdue_requires)] + deps
    shipped = {norm(wheel_metadata(w)[0]["Name"]) for w, _ in all_wheels}
    (pkgs / "pyodide-lock.json").write_text(
        json.dumps(pyodide_lock(info, all_wheels, shipped), indent=1, sort_keys=True) + "\n")
    digest = hashlib.sha256()
    for path in sorted(pkgs.iterdir()):
        digest.update(path.name.encode() + b"\0" + hashlib.sha256(path.read_bytes()).digest())
    pkgs_name = f"pkgs-{digest.hexdigest()[:12]}"
    pkgs.rename(staging / pkgs_name)
    runtime_name = f"pyodide-{version}"
    runtime = staging / runtime_name
    runtime.mkdir()
    shipped_runtime = [f for f in lock["pyodide"]["files"] if f != "pyodide-lock.json"]
    for name in shipped_runtime:
        shutil.copy2(runtime_cache / name, runtime / name)
    (runtime / "NOTICE.txt").write_text(
        f"Pyodide {version} (https://github.com/pyodide/pyodide), licensed under the Mozilla Public\n"
        "License 2.0 (https://mozilla.org/MPL/2.0/); CPython under the PSF License. Unmodified files\n"
        f"from the npm package pyodide@{version} ({lock['pyodide']['integrity']}).\n", encoding="utf-8")
    files = {}
    for path in sorted(p for p in staging.rglob("*") if p.is_file()):
        files[path.relative_to(staging).as_posix()] = {"size": path.stat().st_size, "sha256": sha256_file(path)}
    fetched = [f"{runtime_name}/{n}" for n in shipped_runtime] + [
        f"{pkgs_name}/pyodide-lock.json"] + [f"{pkgs_name}/{w.name}" for w, _ in all_wheels]
    try:
        wire = wire_bytes(staging, fetched, runtime_name, f"{pkgs_name}/pyodide-lock.json")
    except ImportError as exc:  # no brotli module: the pages state the raw size
        log(f"the size on the wire was not measured: {exc}")
        wire = {}
    manifest = {
        "ok": True,
        "pyodide_version": version,
        "pyodide_integrity": lock["pyodide"]["integrity"],
        "python": info.get("python"),
        "abi_version": info.get("abi_version"),
        "platform": info.get("platform"),
        "runtime_dir": runtime_name,
        "pkgs_dir": pkgs_name,
        "lock_file": f"{pkgs_name}/pyodide-lock.json",
        "packages": sorted(shipped),
        "wheels": [w.name for w, _ in all_wheels],
        "wheel_check": check,
        "download_bytes": sum(files[f]["size"] for f in fetched),
        **({"wire_bytes": wire["br"], "wire_bytes_gzip": wire["gzip"]} if wire else {}),
        "files": files,
    }
    (staging / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=1) + "\n",
                                           encoding="utf-8")
    shutil.rmtree(out, ignore_errors=True)
    staging.replace(out)
    if update_lock:
        LOCK.write_text(json.dumps(lock, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return manifest


def main(argv: list[str] | None = None) -> int:
    global CACHE
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=Path(os.environ.get("OVERDUE_LIVE_DIR") or DEFAULT_OUT))
    parser.add_argument("--cache", type=Path, default=CACHE,
                        help="download and build cache (default .cache/, gitignored)")
    parser.add_argument("--strict", action="store_true", help="exit 1 when the live version cannot be built")
    parser.add_argument("--update-lock", action="store_true",
                        help="record the sha256 of the PyPI wheels now pinned in requirements.txt")
    args = parser.parse_args(argv)
    CACHE = args.cache.resolve()
    out = args.out.resolve()
    try:
        manifest = build(out, args.update_lock)
    except LiveBuildError as exc:
        write_failure(out, exc)
        log(f"WARNING: the in-browser calculators were not built: {exc.message_en}")
        log(f"         the book still builds; each calculator says: {exc.message_zh}")
        return 1 if args.strict else 0
    wire = (f", {manifest['wire_bytes'] / 1e6:.1f} MB on the wire with brotli, "
            f"{manifest['wire_bytes_gzip'] / 1e6:.1f} MB with gzip" if "wire_bytes" in manifest else "")
    log(f"wrote {out} (Pyodide {manifest['pyodide_version']}, Python {manifest['python']}, "
        f"{manifest['download_bytes'] / 1e6:.1f} MB fetched by a browser{wire})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
