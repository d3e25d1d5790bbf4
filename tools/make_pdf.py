"""The printable edition (``make pdf``): every page of the table of contents,
printed by headless Chromium (Debian's, at /usr/bin/chromium) and merged into
one PDF with a bookmark per chapter.

Chosen over the LaTeX route because the HTML already carries the Chinese
fonts, the citation labels and the static calculator results; xelatex with
ctex would need ~1 GB of TeX packages on every machine.
"""

from __future__ import annotations

import io
import sys
from pathlib import Path

import yaml
from pypdf import PdfReader, PdfWriter

ROOT = Path(__file__).resolve().parents[1]
HTML = ROOT / "_build" / "html"
OUT = ROOT / "_build" / "pdf" / "book.pdf"
CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--no-first-run", "--disable-sync"]


def toc_docs() -> list[str]:
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))
    docs = [toc["root"]]
    for part in toc["parts"]:
        docs += [c["file"] for c in part["chapters"]]
    return docs


def main() -> int:
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        print(f"{CHROMIUM} is missing: apt-get install -y chromium fonts-wqy-microhei", file=sys.stderr)
        return 1
    writer = PdfWriter()
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = browser.new_page()
        # Nothing may be fetched from outside: the book is printed from local files only.
        page.route("**/*", lambda r: r.continue_() if r.request.url.startswith("file:") else r.abort())
        for doc in toc_docs():
            page.goto((HTML / f"{doc}.html").as_uri(), wait_until="load")
            title = page.locator("article h1").first.inner_text().replace("#", "").strip()
            pdf = page.pdf(format="A4", print_background=True,
                           margin={"top": "18mm", "bottom": "18mm", "left": "16mm", "right": "16mm"},
                           display_header_footer=True, header_template="<span></span>",
                           footer_template='<div style="font-size:8px;width:100%;text-align:center">'
                                           '<span class="pageNumber"></span></div>')
            reader = PdfReader(io.BytesIO(pdf))
            start = len(writer.pages)
            for pg in reader.pages:
                writer.add_page(pg)
            writer.add_outline_item(title, start)
            print(f"{len(reader.pages):3d} pages  {doc}")
        browser.close()
    OUT.parent.mkdir(parents=True, exist_ok=True)
    writer.add_metadata({"/Title": "分期乐逾期催收：一篇网文的逐条法律注释"})
    with open(OUT, "wb") as f:
        writer.write(f)
    print(f"PDF: {OUT} ({len(writer.pages)} pages)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
