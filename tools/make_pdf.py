"""The printable edition (``make pdf``): every page of the table of contents,
printed by headless Chromium (Debian's, at /usr/bin/chromium) and merged into
one PDF with a bookmark per chapter; then a handout per annotated chapter.

Chosen over the LaTeX route because the HTML already carries the Chinese
fonts, the citation labels and the static calculator results; xelatex with
ctex would need ~1 GB of TeX packages on every machine.

What is written (``--out``, default ``_build/pdf``):

- ``book.pdf``: the whole book. The print stylesheet (``_ext/lawbook_static/
  print.css``) hides every screen control (toggle buttons, copy buttons, the
  "Show code cell" summaries, the live calculators' forms) and prints the
  collapsed solutions open, after the exercises of each chapter;
- ``chapters/<chapter>.pdf``, one per chapter that has exercises: a handout of
  a few pages with the chapter's title, key takeaways, its claims with their
  verdicts, its exercises without solutions, and its how-to-cite box;
- ``chapters/<chapter>-solutions.pdf``: the same with the worked solutions,
  for the trainer;
- ``letter-stop-contact.pdf``: one letter as a reader prints it from the live book
  (issue 20): the letters page is served on 127.0.0.1, the calculator of the
  notice to stop contacting third parties is started, and once the page's own
  Python has written the letter its 打印 button is pressed (the browser's print
  dialog replaced by nothing; Chromium fires "afterprint" after a PDF): the page
  then carries the "printing one letter" class of ``print.css``, which prints
  that letter alone, A4. Without the live runtime (a build without npm) the
  worked example built into the page is printed the same way.

The handouts are cut out of the chapter's own built page (the same HTML, the
same generated citations): nothing is typed twice. Before printing, two
print-only adjustments are made in the page (see ``PREPARE``): hidden outputs
(``hide-output`` cells) are opened, and dates (in tables and in running text),
numbers and other short ASCII tokens in table cells are kept on one line, so
that a ledger never breaks "2024-12-15" into "2024-" / "12-15".

``python tools/make_pdf.py [--html DIR] [--out DIR] [--only ch2-initial-measures ... letter]``
"""

from __future__ import annotations

import argparse
import io
import sys
from pathlib import Path

import yaml
from pypdf import PdfReader, PdfWriter

ROOT = Path(__file__).resolve().parents[1]
HTML = ROOT / "_build" / "html"
OUT_DIR = ROOT / "_build" / "pdf"
CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--no-first-run", "--disable-sync"]
BOOK_TITLE = "分期乐逾期催收：一篇网文的逐条法律注释"
PDF_OPTIONS = dict(format="A4", print_background=True,
                   margin={"top": "16mm", "bottom": "16mm", "left": "14mm", "right": "14mm"},
                   display_header_footer=True, header_template="<span></span>",
                   footer_template='<div style="font-size:8px;width:100%;text-align:center">'
                                   '<span class="pageNumber"></span> / <span class="totalPages"></span></div>')

# Print-only adjustments of a built page (run in the page, after load).
PREPARE = r"""
() => {
  // No transition or animation caught half-way: two prints of the same build are identical.
  document.head.insertAdjacentHTML('beforeend',
    '<style>*,*::before,*::after{transition:none!important;animation:none!important}</style>');
  // hide-output cells: print what the screen keeps folded (their summary is hidden by print.css).
  document.querySelectorAll('details.hide.below-input, details.overdue-fold').forEach(d => { d.open = true; });
  // A date, an amount, a rate or a code never wraps inside its table cell (Chinese text may).
  const token = /^([\x21-\x7e]{1,20}|\d{4}-\d{2}-\d{2}( \d{2}:\d{2})?(（推算）)?)$/;
  document.querySelectorAll('article td, article th').forEach(c => {
    if (token.test(c.textContent.trim())) c.classList.add('print-nowrap');
  });
  // Nor does a date in running text ("2021-" / "06-01" at a line end).
  const date = /\d{4}-\d{2}-\d{2}/g;
  const walker = document.createTreeWalker(document.querySelector('article'), NodeFilter.SHOW_TEXT);
  const texts = [];
  while (walker.nextNode()) {
    const n = walker.currentNode;
    if (date.test(n.nodeValue) && !n.parentElement.closest('pre, code, script, style, .print-nowrap')) texts.push(n);
    date.lastIndex = 0;
  }
  texts.forEach(n => {
    const parts = document.createDocumentFragment();
    let last = 0;
    n.nodeValue.replace(date, (m, at) => {
      parts.append(n.nodeValue.slice(last, at));
      const span = document.createElement('span');
      span.className = 'print-nowrap';
      span.textContent = m;
      parts.append(span);
      last = at + m.length;
      return m;
    });
    parts.append(n.nodeValue.slice(last));
    n.replaceWith(parts);
  });
  // Tables with many columns get the smallest type.
  document.querySelectorAll('article table').forEach(t => {
    const row = t.querySelector('tr');
    if (row && row.children.length >= 8) t.classList.add('print-wide');
  });
}
"""

# Cut the chapter page down to its handout (run in the page, after PREPARE).
HANDOUT = r"""
([key, withSolutions]) => {
  const article = document.querySelector('article.bd-article');
  const part = id => { const n = document.getElementById(id); return n ? n.cloneNode(true) : null; };
  const box = document.createElement('div');
  box.className = 'handout';
  const h1 = article.querySelector('h1').cloneNode(true);
  box.appendChild(h1);
  const edition = document.createElement('p');
  edition.className = 'handout-edition';
  const cite = document.getElementById('how-to-cite');
  edition.textContent = (withSolutions ? '培训讲义（附解答）· ' : '培训讲义 · ')
    + (cite ? cite.querySelector('p:not(.admonition-title)').textContent : '');
  box.appendChild(edition);
  const takeaways = part(key + '-takeaways');
  if (takeaways) box.appendChild(takeaways);
  const claims = document.querySelectorAll('#' + key + '-claims .claim-box');
  if (claims.length) {
    const sec = document.createElement('section');
    sec.className = 'handout-claims';
    const h = document.createElement('h2');
    h.textContent = '本章主张与评价';
    sec.appendChild(h);
    claims.forEach(c => sec.appendChild(c.cloneNode(true)));
    box.appendChild(sec);
  }
  const exercises = part(key + '-exercises');
  if (exercises) box.appendChild(exercises);
  if (withSolutions) {
    const solutions = part(key + '-solutions');
    if (solutions) box.appendChild(solutions);
  }
  if (cite) box.appendChild(cite.cloneNode(true));
  article.replaceChildren(box);
  document.body.classList.add('handout-page');
  return Boolean(exercises);
}
"""


# The letter printed from the live book: its page, its calculator, the file written.
LETTER_DOC = "book/action-letters"
LETTER = "letter_stop_contact"  # one page or two: the complaint on the sample log (22 findings) takes three
LETTER_PDF = "letter-stop-contact.pdf"
LETTER_START_MS = 240_000  # the runtime's first start compiles ~10 MB of wasm
LETTER_PDF_OPTIONS = dict(format="A4", print_background=True, prefer_css_page_size=True,
                          margin={"top": "20mm", "bottom": "18mm", "left": "20mm", "right": "20mm"},
                          display_header_footer=True, header_template="<span></span>",
                          footer_template=PDF_OPTIONS["footer_template"])


def print_letter(browser, html_dir: Path, out: Path) -> tuple[int, str]:
    """Print the letter as a reader does from the live letters page; returns
    (pages, where the letter came from: "browser" or "build")."""
    import bench_pages as bp  # the loopback server (a Web Worker cannot start from file://)

    site = bp.Site(html_dir)
    context = browser.new_context(locale="zh-CN")
    try:
        page = context.new_page()
        page.route("**/*", lambda r: r.continue_() if site.is_local(r.request.url) else r.abort())
        page.goto(site.url(f"{LETTER_DOC}.html"), wait_until="load")
        root = page.locator(f'.livecalc[data-calculator="{LETTER}"]').first
        if root.get_attribute("data-state") != "unavailable":
            root.locator(".livecalc-start").click()
            page.wait_for_function("id => ['ready', 'error'].includes(document.getElementById(id).dataset.state)",
                                   arg=root.get_attribute("id"), timeout=LETTER_START_MS)
            if root.get_attribute("data-state") != "ready":
                raise RuntimeError(f"{LETTER}: the live calculator did not start: "
                                   + root.locator(".livecalc-status").inner_text())
        source = root.locator(".livecalc-output").get_attribute("data-source")
        page.evaluate("window.print = () => {}")  # the button's own code runs; no dialog opens
        root.locator('.overdue-letter [data-overdue-action="print"]').click()
        if not page.evaluate("document.documentElement.classList.contains('overdue-printing-letter')"):
            raise RuntimeError(f"{LETTER}: the print button did not set the letter's print class")
        page.emulate_media(media="print")
        page.evaluate("document.fonts.ready.then(() => true)")
        reader = PdfReader(io.BytesIO(page.pdf(**LETTER_PDF_OPTIONS)))
        writer = PdfWriter()
        for pg in reader.pages:
            writer.add_page(pg)
        _write(writer, out, root.locator(".overdue-letter-title").inner_text())
        return len(reader.pages), source
    finally:
        context.close()
        site.close()


def toc_docs() -> list[str]:
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))
    docs = [toc["root"]]
    for part in toc["parts"]:
        docs += [c["file"] for c in part["chapters"]]
    return docs


def handout_docs() -> list[str]:
    """The annotated chapters (第1–8章): those that carry exercises."""
    return [d for d in toc_docs() if d.split("/")[-1][:2] == "ch" and d.split("/")[-1][2:3] in "12345678"]


def handout_path(out_dir: Path, doc: str, solutions: bool) -> Path:
    stem = doc.split("/")[-1]
    return out_dir / "chapters" / (f"{stem}-solutions.pdf" if solutions else f"{stem}.pdf")


def _open(page, html_dir: Path, doc: str) -> None:
    page.goto((html_dir / f"{doc}.html").as_uri(), wait_until="load")
    page.emulate_media(media="print")
    page.evaluate(PREPARE)


def _write(writer: PdfWriter, path: Path, title: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    writer.add_metadata({"/Title": title})
    with open(path, "wb") as f:
        writer.write(f)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--html", type=Path, default=HTML, help="the built HTML (default: _build/html)")
    ap.add_argument("--out", type=Path, default=OUT_DIR, help="where to write (default: _build/pdf)")
    ap.add_argument("--only", nargs="*", help="print only these chapters' handouts (stems) and, with \"letter\", the letter; not the book")
    args = ap.parse_args(argv)

    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        print(f"{CHROMIUM} is missing: apt-get install -y chromium fonts-wqy-microhei", file=sys.stderr)
        return 1
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        # The pages' Content-Security-Policy forbids nothing we do here, but the
        # handout is assembled by script: bypass it rather than depend on it.
        page = browser.new_context(bypass_csp=True).new_page()
        # Nothing may be fetched from outside: the book is printed from local files only.
        page.route("**/*", lambda r: r.continue_() if r.request.url.startswith("file:") else r.abort())
        if not args.only:
            writer = PdfWriter()
            for doc in toc_docs():
                _open(page, args.html, doc)
                title = page.locator("article h1").first.inner_text().replace("#", "").strip()
                reader = PdfReader(io.BytesIO(page.pdf(**PDF_OPTIONS)))
                start = len(writer.pages)
                for pg in reader.pages:
                    writer.add_page(pg)
                writer.add_outline_item(title=title, page_number=start)
                print(f"{len(reader.pages):3d} pages  {doc}")
            out = args.out / "book.pdf"
            _write(writer, out, BOOK_TITLE)
            print(f"PDF: {out} ({len(writer.pages)} pages)")
        for doc in handout_docs():
            stem = doc.split("/")[-1]
            if args.only and stem not in args.only:
                continue
            for solutions in (False, True):
                _open(page, args.html, doc)
                title = page.locator("article h1").first.inner_text().replace("#", "").strip()
                key = stem.split("-")[0]  # ch2: the prefix of the chapter's labels (#ch2-takeaways)
                if not page.evaluate(HANDOUT, [key, solutions]):
                    print(f"{doc}: no exercises section (#{key}-exercises)", file=sys.stderr)
                    return 1
                reader = PdfReader(io.BytesIO(page.pdf(**PDF_OPTIONS)))
                writer = PdfWriter()
                for pg in reader.pages:
                    writer.add_page(pg)
                out = handout_path(args.out, doc, solutions)
                _write(writer, out, f"{title}（培训讲义{'，附解答' if solutions else ''}）")
                print(f"{len(reader.pages):3d} pages  {out.relative_to(args.out)}")
        if not args.only or "letter" in args.only:
            pages, source = print_letter(browser, args.html, args.out / LETTER_PDF)
            print(f"{pages:3d} pages  {LETTER_PDF} (the letter as {'the live page' if source == 'browser' else 'the build'}"
                  " wrote it)")
        browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
