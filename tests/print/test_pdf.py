"""Checks of the printable edition built by ``make pdf`` (run after it).

``OVERDUE_PDF_DIR`` points at another output folder (``tools/make_pdf.py --out``);
by default ``_build/pdf``.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from pypdf import PdfReader

ROOT = Path(__file__).resolve().parents[2]
PDF_DIR = Path(os.environ.get("OVERDUE_PDF_DIR") or ROOT / "_build" / "pdf")
PDF = PDF_DIR / "book.pdf"
sys.path.insert(0, str(ROOT / "tools"))
from make_pdf import BOOK_TITLE, LETTER, LETTER_PDF, handout_docs, handout_path, toc_docs  # noqa: E402

# Text that only a screen control shows: myst-nb's code toggles, sphinx-togglebutton's
# hints, the claim boxes' copy link, the legend of a live calculator's form.
CONTROL_TEXT = ("Show code cell", "Hide code cell", "Click to show", "Click to hide",
                "点击显示", "点击隐藏", "复制引用", "计算器：输入", "行，点击展开）")
# A handout stays short: the takeaways, the claims, the exercises, the citation box.
MAX_HANDOUT_PAGES = 12


def _source(doc: str) -> Path:
    return next((ROOT / doc).parent.glob(Path(doc).name + ".*"))


def _title(doc: str) -> str:
    text = _source(doc).read_text(encoding="utf-8")
    m = re.search(r"^# (.+?)(?:\\n)?$", text, re.M) or re.search(r'"# (.+?)(?:\\n)?"', text)
    return m.group(1).strip()


def _titles() -> list[str]:
    return [_title(doc) for doc in toc_docs()]


def _labels(doc: str) -> list[str]:
    """The exercise labels a chapter declares (``:label: ex-2-1``), in order."""
    return re.findall(r":label: (ex-\d+-\d+)", _source(doc).read_text(encoding="utf-8"))


def _flat(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _pdftotext(path: Path, *args: str) -> str:
    if not shutil.which("pdftotext"):
        pytest.fail("pdftotext is missing: apt-get install -y poppler-utils")
    return subprocess.run(["pdftotext", *args, str(path), "-"], capture_output=True,
                          text=True, check=True).stdout


@pytest.fixture(scope="module")
def pdf_text():
    assert PDF.exists(), "run `make pdf` first"
    return _pdftotext(PDF, "-layout")


def test_one_page_or_more_per_chapter():
    reader = PdfReader(str(PDF))
    outline = [item.title for item in reader.outline]
    assert len(outline) == len(toc_docs())
    assert len(reader.pages) >= len(toc_docs())


def test_text_layer_has_every_chinese_chapter_title(pdf_text):
    flat = _flat(pdf_text)
    for title in _titles():
        assert _flat(title)[:12] in flat, title


def test_citations_print_with_article_numbers(pdf_text):
    assert "《民法典》第465条" in _flat(pdf_text)


def test_no_screen_control_is_printed(pdf_text):
    flat = _flat(pdf_text)
    for text in CONTROL_TEXT:
        assert _flat(text) not in flat, f"the print edition shows the control text {text!r}"


def test_solutions_print_open_after_the_exercises(pdf_text):
    # Chapter 2's exercises are 练习 2.1–2.3 (ex-2-1 … ex-2-3); in the print edition each
    # solution's body is printed (collapsed on screen), after the chapter's last exercise.
    flat = _flat(pdf_text)
    for doc in handout_docs():
        labels = _labels(doc)
        assert labels, f"{doc}: no exercises"
        last_exercise = max(flat.index(label) for label in labels)
        for label in labels:
            number = label[3:].replace("-", ".")           # ex-2-1 → 2.1
            head = f"解答练习{number}"
            assert head in flat, f"{doc}: the solution to {label} is not printed"
            assert flat.index(head) > last_exercise, f"{doc}: the solution to {label} comes before an exercise"


def test_every_handout_and_its_solutions_twin(pdf_text):
    for doc in handout_docs():
        title, labels = _flat(_title(doc))[:12], _labels(doc)
        for solutions in (False, True):
            path = handout_path(PDF_DIR, doc, solutions)
            assert path.exists(), f"{path.relative_to(PDF_DIR)} is missing: run `make pdf`"
            flat = _flat(_pdftotext(path, "-layout"))
            assert title in flat, f"{path.name}: no chapter title"
            for label in labels:
                assert label in flat, f"{path.name}: exercise {label} is missing"
            for part in ("本章要点", "本章主张与评价", "评价：", "如何引用本章", "永久链接"):
                assert part in flat, f"{path.name}: no {part}"
            has_solutions = "解答练习" in flat
            assert has_solutions == solutions, f"{path.name}: solutions {'missing' if solutions else 'present'}"
            pages = len(PdfReader(str(path)).pages)
            assert pages <= MAX_HANDOUT_PAGES, f"{path.name}: {pages} pages is not a handout"


def test_no_text_runs_off_the_page():
    # Every word lies inside the page, 20 pt clear of the right edge (the margins are
    # 14 mm, about 40 pt): a table too wide for the page would be clipped there.
    boxes = _pdftotext(PDF, "-bbox")
    off = []
    for n, page in enumerate(re.split(r"<page ", boxes)[1:], 1):
        width = float(re.search(r'width="([\d.]+)"', page).group(1))
        for x_max, word in re.findall(r'xMax="([\d.]+)"[^>]*>([^<]*)<', page):
            if float(x_max) > width - 20:
                off.append(f"page {n}: {word!r} ends at {float(x_max):.0f} of {width:.0f} pt")
    assert not off, "\n".join(off[:20])


def test_dates_are_never_broken_across_lines(pdf_text):
    # "2024-12-15" printed as "2024-" / "12-15" was the complaint of issue 19.
    handouts = [_pdftotext(handout_path(PDF_DIR, d, True), "-layout") for d in handout_docs()]
    for text in [pdf_text, *handouts]:
        broken = re.findall(r"\b(20\d\d-)\n\s*(\d\d-\d\d)\b", text)
        assert not broken, broken[:5]


# ------------------------------------------------------------------ one letter
# The letter printed from the live book (tools/make_pdf.py: print_letter): the notice to
# stop contacting third parties, on the worked example (the sample contact log).
LETTER_PATH = PDF_DIR / LETTER_PDF
# What only the site around the letter shows: the book's title (the header), the
# navigation and the page's own headings, the calculator's form, its controls.
SITE_CHROME = (BOOK_TITLE, "计算器", "行动：文书模板", "目录", "搜索", "上一页", "下一页",
               "启动计算器", "输入", "下载文本文件", "复制全文", "打印", "发送前请填写或删去")


@pytest.fixture(scope="module")
def letter_text():
    """The letter's text layer, page after page without the page-number footer ("1 / 2"),
    whitespace removed."""
    assert LETTER_PATH.exists(), f"{LETTER_PDF} is missing: run `make pdf`"
    pages = _pdftotext(LETTER_PATH).split("\f")
    return "".join(_flat(re.sub(r"\n\s*\d+\s*/\s*\d+\s*$", "", page.rstrip())) for page in pages)


def test_the_letter_prints_its_title_and_template_notice(letter_text):
    from overdue import present

    doc = present.render(LETTER, {})["document"]
    assert doc["title"] == "关于停止联系第三人并限定联系方式的通知"
    assert _flat(doc["title"]) in letter_text
    assert "本文书是根据填写的信息生成的模板，不是法律意见" in letter_text
    # and the whole of its text, nothing left out (the sample log's third parties included)
    assert _flat(doc["text"]) in letter_text


def test_the_letter_prints_without_site_chrome(letter_text):
    for word in SITE_CHROME:
        assert _flat(word) not in letter_text, f"{LETTER_PDF} prints the site's {word!r}"


def test_the_letter_is_a4_and_at_most_two_pages():
    if not shutil.which("pdfinfo"):
        pytest.fail("pdfinfo is missing: apt-get install -y poppler-utils")
    info = subprocess.run(["pdfinfo", str(LETTER_PATH)], capture_output=True, text=True, check=True).stdout
    # A4 is 210 × 297 mm = 595.28 × 841.89 pt; pdfinfo names it
    assert re.search(r"^Page size:\s+[\d.]+ x [\d.]+ pts \(A4\)", info, re.M), info
    pages = int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))
    assert 1 <= pages <= 2, f"{LETTER_PDF}: {pages} pages"



def test_the_letters_dates_are_never_broken():
    # "2026-03-04" printed as "2026-03-" / "04" lost its hyphen in the text layer (issue 19 again)
    text = _pdftotext(LETTER_PATH, "-layout")
    assert not re.findall(r"\b20\d\d-(\d\d-)?\n", text), text
