"""Checks of the printable edition built by ``make pdf`` (run after it)."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from pypdf import PdfReader

ROOT = Path(__file__).resolve().parents[2]
PDF = ROOT / "_build" / "pdf" / "book.pdf"
sys.path.insert(0, str(ROOT / "tools"))
from make_pdf import toc_docs  # noqa: E402


def _titles() -> list[str]:
    out = []
    for doc in toc_docs():
        src = next((ROOT / doc).parent.glob(Path(doc).name + ".*"))
        text = src.read_text(encoding="utf-8")
        m = re.search(r"^# (.+?)(?:\\n)?$", text, re.M) or re.search(r'"# (.+?)(?:\\n)?"', text)
        out.append(m.group(1).strip())
    return out


@pytest.fixture(scope="module")
def pdf_text():
    assert PDF.exists(), "run `make pdf` first"
    if not shutil.which("pdftotext"):
        pytest.fail("pdftotext is missing: apt-get install -y poppler-utils")
    return subprocess.run(["pdftotext", "-layout", str(PDF), "-"], capture_output=True,
                          text=True, check=True).stdout


def test_one_page_or_more_per_chapter():
    reader = PdfReader(str(PDF))
    outline = [item.title for item in reader.outline]
    assert len(outline) == len(toc_docs())
    assert len(reader.pages) >= len(toc_docs())


def test_text_layer_has_every_chinese_chapter_title(pdf_text):
    flat = re.sub(r"\s+", "", pdf_text)
    for title in _titles():
        assert re.sub(r"\s+", "", title)[:12] in flat, title


def test_citations_print_with_article_numbers(pdf_text):
    assert "《民法典》第465条" in re.sub(r"\s+", "", pdf_text)
