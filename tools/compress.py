"""Pre-compressed twins of the built site: ``X.gz`` and ``X.br`` beside every compressible file.

    .venv/bin/python tools/compress.py [HTML_DIR]      # default: $OVERDUE_HTML or _build/html
    .venv/bin/python tools/compress.py --check [HTML_DIR]

nginx serves them with ``gzip_static`` / ``brotli_static`` (deploy/site.conf): the
server compresses nothing at request time, and the runtime's 9.6 MB of wasm goes
out as 2.7 MB of brotli.

- Compressible: text (HTML, CSS, JS and ``.mjs``, JSON, SVG, XML, source maps,
  the notebooks and Markdown sources), the wasm, TrueType fonts, gettext catalogues
  and the zip archives (wheels, the Python standard library). A twin is kept only
  when it is at least 1 % smaller than the file (woff2 and PNG never are).
- Deterministic: gzip level 9 with no name and mtime 0, brotli quality 11; the
  same file always gives the same twin bytes. A twin gets its file's mtime, so
  that both encodings carry the same Last-Modified.
- Fresh: a twin carries its file's mtime; a file whose twins do not is compressed
  again (Sphinx gives every file it writes or copies a new mtime when its content
  changes), and twins whose file is gone are removed, so a stale twin is not
  served. Large outputs are cached by content hash in ``.cache/precompressed/``
  (brotli 11 takes about 30 s for the wasm, once).
- ``--check``: write nothing; compress every file again and compare it with its
  twins byte for byte; exit 1 and list every missing, stale or needless twin.

Exit status 0 on success.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CACHE = ROOT / ".cache" / "precompressed"
SUFFIXES = frozenset({
    ".html", ".htm", ".css", ".js", ".mjs", ".json", ".map", ".svg", ".xml", ".txt",
    ".wasm", ".ttf", ".otf", ".eot", ".ico", ".mo", ".po", ".md", ".ipynb", ".bib",
    ".whl", ".zip", ".inv", ".buildinfo", ".csv", ".yaml", ".cff",
})
ENCODINGS = (".gz", ".br")
MIN_SIZE = 256          # below this, headers cost more than the saving
MIN_SAVING = 0.01       # a twin must be at least 1 % smaller than its file
CACHE_MIN = 256 * 1024  # cache the compressed bytes of files at least this large


def html_dir_default() -> Path:
    return Path(os.environ.get("OVERDUE_HTML") or ROOT / "_build" / "html").resolve()


def _gzip(data: bytes) -> bytes:
    # mtime=0 and no file name in the header: the same input gives the same bytes.
    return gzip.compress(data, compresslevel=9, mtime=0)


def _brotli(data: bytes) -> bytes:
    import brotli  # requirements.txt pins it

    return brotli.compress(data, quality=11)


COMPRESSORS = {".gz": _gzip, ".br": _brotli}


def compressed(data: bytes, encoding: str, cache: Path | None = CACHE) -> bytes:
    """The twin's bytes for ``data`` (cached by content hash when large)."""
    if cache is None or len(data) < CACHE_MIN:
        return COMPRESSORS[encoding](data)
    digest = hashlib.sha256(data).hexdigest()
    path = cache / digest[:2] / (digest + encoding)
    try:
        return path.read_bytes()
    except FileNotFoundError:
        pass
    out = COMPRESSORS[encoding](data)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + f".{os.getpid()}.part")
    tmp.write_bytes(out)
    tmp.replace(path)
    return out


def compressible(path: Path) -> bool:
    return path.suffix.lower() in SUFFIXES and path.is_file() and not path.is_symlink()


def wanted_twins(path: Path, data: bytes, cache: Path | None = CACHE) -> dict[str, bytes | None]:
    """encoding -> twin bytes, or None where no twin should exist."""
    out: dict[str, bytes | None] = {}
    for enc in ENCODINGS:
        if len(data) < MIN_SIZE:
            out[enc] = None
            continue
        blob = compressed(data, enc, cache)
        out[enc] = blob if len(blob) <= len(data) * (1 - MIN_SAVING) else None
    return out


def _write(path: Path, blob: bytes, mtime_ns: int) -> None:
    tmp = path.with_name(f".{path.name}.{os.getpid()}.part")
    tmp.write_bytes(blob)
    os.utime(tmp, ns=(mtime_ns, mtime_ns))
    tmp.replace(path)


def run(html_dir: Path, check: bool = False, cache: Path | None = CACHE) -> dict:
    """Bring every twin under ``html_dir`` up to date (or, with check, list what is not)."""
    stats = {"files": 0, "written": 0, "removed": 0, "problems": [], "raw": 0, "gz": 0, "br": 0}
    sources = sorted(p for p in html_dir.rglob("*") if compressible(p))
    for src in sources:
        st = src.stat()
        stats["files"] += 1
        stats["raw"] += st.st_size
        mtime_ns = st.st_mtime_ns
        twins = [src.with_name(src.name + enc) for enc in ENCODINGS]
        if not check and all(tw.is_file() and tw.stat().st_mtime_ns == mtime_ns for tw in twins):
            for enc, tw in zip(ENCODINGS, twins):
                stats[enc[1:]] += tw.stat().st_size
            continue  # written from this very file
        data = src.read_bytes()
        for enc, blob in wanted_twins(src, data, cache).items():
            twin = src.with_name(src.name + enc)
            stats[enc[1:]] += len(blob) if blob is not None else len(data)
            if blob is None:
                if twin.exists():
                    if check:
                        stats["problems"].append(f"needless twin {twin.relative_to(html_dir)}")
                    else:
                        twin.unlink()
                        stats["removed"] += 1
                continue
            current = twin.read_bytes() if twin.is_file() else None
            if current == blob:
                if not check and twin.stat().st_mtime_ns != mtime_ns:
                    os.utime(twin, ns=(mtime_ns, mtime_ns))
                continue
            if check:
                what = "missing" if current is None else "stale"
                stats["problems"].append(f"{what} twin {twin.relative_to(html_dir)}")
            else:
                _write(twin, blob, mtime_ns)
                stats["written"] += 1
    # Twins whose file is gone (a page removed from the book, an old runtime folder).
    for enc in ENCODINGS:
        for twin in sorted(html_dir.rglob("*" + enc)):
            src = twin.with_name(twin.name[: -len(enc)])
            if src.suffix.lower() in SUFFIXES and not src.exists():
                if check:
                    stats["problems"].append(f"orphan twin {twin.relative_to(html_dir)}")
                else:
                    twin.unlink()
                    stats["removed"] += 1
    return stats


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("html_dir", nargs="?", type=Path, default=None)
    parser.add_argument("--check", action="store_true", help="write nothing; fail on a missing or stale twin")
    args = parser.parse_args(argv)
    html_dir = (args.html_dir or html_dir_default()).resolve()
    if not (html_dir / "index.html").exists():
        print(f"compress: no built site at {html_dir}", file=sys.stderr)
        return 2
    stats = run(html_dir, check=args.check)
    if args.check:
        for line in stats["problems"]:
            print(f"compress: {line}", file=sys.stderr)
        print(f"compress: {stats['files']} files checked, {len(stats['problems'])} problems")
        return 1 if stats["problems"] else 0
    print(f"compress: {stats['files']} files in {html_dir}: {stats['written']} twins written, "
          f"{stats['removed']} removed; {stats['raw'] / 1e6:.2f} MB raw, "
          f"{stats['gz'] / 1e6:.2f} MB as gzip, {stats['br'] / 1e6:.2f} MB as brotli")
    return 0


if __name__ == "__main__":
    sys.exit(main())
