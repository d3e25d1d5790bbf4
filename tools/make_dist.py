"""A release a trainer can download and keep (``make dist``).

    .venv/bin/python tools/make_dist.py [--html _build/html] [--pdf _build/pdf] [--out dist]

Writes ``dist/overdue-notebook-<version>.tar.gz`` and ``dist/SHA256SUMS`` (the
archive's checksum, for ``sha256sum -c SHA256SUMS``). The archive holds one
folder, ``overdue-notebook-<version>/``, with

- ``html/``: the built site, with its pre-compressed ``.br`` / ``.gz`` twins
  (tools/compress.py), ready for any static host or for nginx;
- ``pdf/``: the printable edition (``book.pdf``) and the chapter handouts;
- ``notebooks/``: the book's and the app's notebooks, with their stored outputs;
- ``CITATION.cff``, ``README.md`` (how to host it and how to cite this release),
  ``LICENSE`` if the repository has one;
- ``nginx/``: deploy/'s configuration and ``overdue-notebook.conf``, the server
  block filled in for this build (its Content-Security-Policy, brotli), for a
  site unpacked at ``/srv/overdue-notebook/html`` and served at ``/``: change
  ``root``/``alias`` and ``listen`` to suit, or render another with
  ``tools/nginx_site.py render``;
- ``SHA256SUMS``: the checksum of every other file in the archive.

Byte for byte reproducible: entries sorted by name, owner and group 0 with no
names, modes 0644 / 0755, every timestamp (tar and gzip header) set to
``SOURCE_DATE_EPOCH`` (default: the time of the last commit, else the release
date), gzip level 9 with no file name. tools/make_pdf.py writes the PDF through
pypdf without dates or document ID (printing the same pages twice gives the same
bytes); a PDF that has them is rewritten with its dates set to
``SOURCE_DATE_EPOCH`` and an ID derived from its content.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gzip
import hashlib
import io
import os
import re
import subprocess
import sys
import tarfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))
sys.path.insert(0, str(ROOT))

NAME = "overdue-notebook"
HOST_ROOT = "/srv/overdue-notebook/html"

README = """# {title} — v{version}

发布日期 {date}。本归档是本书 v{version} 的完整发布版本（This archive is release v{version} of the book）：

| 路径 | 内容 |
|---|---|
| `html/` | 网站（静态文件，含预压缩的 `.br`/`.gz` 副本） |
| `pdf/book.pdf` | 印刷版全书；`pdf/chapters/` 为各章培训讲义（及附解答版） |
| `notebooks/` | 各章的 Jupyter 笔记本（含运行结果） |
| `CITATION.cff` | 引用信息 |
| `nginx/` | nginx 配置（`overdue-notebook.conf` 已按本版本填好） |
| `SHA256SUMS` | 归档内每个文件的 SHA-256 校验值 |

## 校验

    sha256sum -c SHA256SUMS

## 托管

- **任何静态主机**（对象存储、静态网站托管服务、内网文件服务器）：把 `html/` 的内容原样上传即可，
  可以放在域名根目录，也可以放在子路径下（例如 `/overdue/`），页面之间只用相对链接。
  每个页面都以 `<meta http-equiv="Content-Security-Policy">` 自带内容安全策略，主机不能设置响应头时同样生效。
  浏览器内计算器需要网页服务器（`file://` 打开时不能启动）。
- **nginx**（Debian：`apt-get install nginx libnginx-mod-http-brotli-static`）：把 `html/` 放到
  `{host_root}`，把 `nginx/overdue-notebook.conf` 放进 `/etc/nginx/sites-enabled/`，按需修改
  `listen` 与路径，`nginx -t && systemctl reload nginx`。它发送预压缩文件、`application/wasm`、
  长期缓存（带版本号的运行环境与资源）与 HTML 的重新验证，以及内容安全策略、`Referrer-Policy`、
  `X-Content-Type-Options` 与 `Permissions-Policy` 响应头。

## 引用本版本

请注明版本号 v{version} 与法律状态截至日期；每章末尾的“如何引用本章”给出 GB/T 7714-2015 与 BibTeX 格式，
`CITATION.cff` 给出全书的引用信息。本归档中的网址以 {baseurl} 为准。
"""


def source_date_epoch() -> int:
    if os.environ.get("SOURCE_DATE_EPOCH"):
        return int(os.environ["SOURCE_DATE_EPOCH"])
    try:
        out = subprocess.run(["git", "log", "-1", "--format=%ct"], cwd=ROOT, capture_output=True,
                             text=True, timeout=30)
        if out.returncode == 0 and out.stdout.strip():
            return int(out.stdout.strip())
    except (OSError, ValueError):
        pass
    from overdue._version import RELEASE_DATE

    return int(dt.datetime.fromisoformat(RELEASE_DATE).replace(tzinfo=dt.timezone.utc).timestamp())


def normalise_pdf(data: bytes, epoch: int) -> bytes:
    """The PDF with its creation and modification dates set to ``epoch`` and its
    /ID derived from its content, so that printing the same pages twice gives the
    same bytes."""
    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import ArrayObject, ByteStringObject

    stamp = dt.datetime.fromtimestamp(epoch, dt.timezone.utc).strftime("D:%Y%m%d%H%M%SZ")
    reader = PdfReader(io.BytesIO(data))
    writer = PdfWriter(clone_from=reader)
    info = {k: v for k, v in (reader.metadata or {}).items()}
    info.update({"/CreationDate": stamp, "/ModDate": stamp, "/Producer": "pypdf"})
    writer.add_metadata(info)
    # Whatever ID the writer picks, replace it by one made from the page content.
    digest = hashlib.md5()
    for page in reader.pages:
        digest.update(page.get_contents().get_data() if page.get_contents() else b"")
    ident = ByteStringObject(digest.digest())
    writer._ID = ArrayObject([ident, ident])
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def collect(html_dir: Path, pdf_dir: Path | None, epoch: int) -> dict[str, bytes]:
    """archive path (below the top folder) -> content"""
    from overdue._version import RELEASE_DATE, TITLE, __version__

    import nginx_site

    files: dict[str, bytes] = {}
    for path in sorted(html_dir.rglob("*")):
        if path.is_file() and not path.is_symlink():
            rel = path.relative_to(html_dir).as_posix()
            if rel == ".buildinfo" or rel.startswith(".doctrees/"):
                continue
            files["html/" + rel] = path.read_bytes()
    if pdf_dir is not None:
        for path in sorted(pdf_dir.rglob("*.pdf")):
            data = path.read_bytes()
            if b"/CreationDate" in data or b"/ModDate" in data or b"/ID" in data:
                data = normalise_pdf(data, epoch)
            files["pdf/" + path.relative_to(pdf_dir).as_posix()] = data
    for folder in ("book", "app"):
        for path in sorted((ROOT / folder).glob("*.ipynb")):
            files[f"notebooks/{folder}/{path.name}"] = path.read_bytes()
    files["CITATION.cff"] = (ROOT / "CITATION.cff").read_bytes()
    for name in ("LICENSE", "LICENSE.md", "LICENSE.txt"):
        if (ROOT / name).exists():
            files[name] = (ROOT / name).read_bytes()
    for path in sorted((ROOT / "deploy").iterdir()):
        if path.is_file():
            files["nginx/" + path.name] = path.read_bytes()
    files["nginx/overdue-notebook.conf"] = nginx_site.render_site(
        html_dir, "80", "/", brotli=True, root=HOST_ROOT).encode("utf-8")
    baseurl = _baseurl(html_dir)
    files["README.md"] = README.format(title=TITLE, version=__version__, date=RELEASE_DATE,
                                       host_root=HOST_ROOT, baseurl=baseurl).encode("utf-8")
    sums = "".join(f"{hashlib.sha256(files[name]).hexdigest()}  {name}\n" for name in sorted(files))
    files["SHA256SUMS"] = sums.encode("utf-8")
    return files


def _baseurl(html_dir: Path) -> str:
    sitemap = html_dir / "sitemap.xml"
    if sitemap.exists():
        m = re.search(r"<loc>(https?://[^<]+?)book/", sitemap.read_text(encoding="utf-8"))
        if m:
            return m.group(1)
    return "(见各页的永久链接)"


def write_archive(files: dict[str, bytes], top: str, target: Path, epoch: int) -> None:
    """A .tar.gz of ``files`` under ``top/``: sorted, fixed owners, modes and times."""
    dirs = set()
    for name in files:
        parts = name.split("/")[:-1]
        for i in range(1, len(parts) + 1):
            dirs.add("/".join(parts[:i]))
    entries = sorted([(d, None) for d in dirs] + [(n, files[n]) for n in files], key=lambda e: e[0])
    tmp = target.with_name(target.name + ".part")
    with open(tmp, "wb") as raw, gzip.GzipFile(filename="", mode="wb", fileobj=raw, compresslevel=9,
                                               mtime=epoch) as gz, \
            tarfile.open(fileobj=gz, mode="w", format=tarfile.PAX_FORMAT) as tar:
        top_info = tarfile.TarInfo(top)
        _fix(top_info, epoch, directory=True)
        tar.addfile(top_info)
        for name, data in entries:
            info = tarfile.TarInfo(f"{top}/{name}")
            if data is None:
                _fix(info, epoch, directory=True)
                tar.addfile(info)
            else:
                _fix(info, epoch, directory=False)
                info.size = len(data)
                tar.addfile(info, io.BytesIO(data))
    tmp.replace(target)


def _fix(info: tarfile.TarInfo, epoch: int, directory: bool) -> None:
    info.type = tarfile.DIRTYPE if directory else tarfile.REGTYPE
    info.mode = 0o755 if directory else 0o644
    info.uid = info.gid = 0
    info.uname = info.gname = ""
    info.mtime = epoch


def main(argv=None) -> int:
    from overdue._version import __version__

    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--html", type=Path, default=Path(os.environ.get("OVERDUE_HTML") or ROOT / "_build" / "html"))
    ap.add_argument("--pdf", type=Path, default=ROOT / "_build" / "pdf")
    ap.add_argument("--no-pdf", action="store_true", help="leave the PDF out (a test archive)")
    ap.add_argument("--out", type=Path, default=ROOT / "dist")
    args = ap.parse_args(argv)
    html_dir = args.html.resolve()
    if not (html_dir / "index.html").exists():
        print(f"make_dist: no built site at {html_dir} (make book)", file=sys.stderr)
        return 2
    pdf_dir = None if args.no_pdf else args.pdf.resolve()
    if pdf_dir is not None and not (pdf_dir / "book.pdf").exists():
        print(f"make_dist: no PDF at {pdf_dir}/book.pdf (make pdf)", file=sys.stderr)
        return 2
    import compress

    check = compress.run(html_dir, check=True)
    if check["problems"]:
        print("make_dist: the site's pre-compressed twins are not up to date (tools/compress.py):\n  "
              + "\n  ".join(check["problems"][:10]), file=sys.stderr)
        return 2
    epoch = source_date_epoch()
    top = f"{NAME}-{__version__}"
    files = collect(html_dir, pdf_dir, epoch)
    args.out.mkdir(parents=True, exist_ok=True)
    target = args.out / f"{top}.tar.gz"
    write_archive(files, top, target, epoch)
    digest = hashlib.sha256(target.read_bytes()).hexdigest()
    (args.out / "SHA256SUMS").write_text(f"{digest}  {target.name}\n", encoding="utf-8")
    when = dt.datetime.fromtimestamp(epoch, dt.timezone.utc).isoformat()
    print(f"make_dist: {target} ({target.stat().st_size / 1e6:.1f} MB, {len(files)} files, "
          f"SOURCE_DATE_EPOCH={epoch} = {when})\n  sha256 {digest}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
