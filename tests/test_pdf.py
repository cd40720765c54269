"""The PDF, read back with pdftotext: chapters, chart titles and Arabic quotes are all there."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from browser import require_chromium
from pages import arabic_quotes, chart_specs

from talksbook import pdf
from talksbook.data import Package
from talksbook.plan import BookPlan

pytestmark = pytest.mark.slow
#: Pages the PDF does not print: the search page, the index and the redirecting index.html.
NOT_PRINTED = {"search.html", "genindex.html", "index.html"}
BIDI_MARKS = re.compile("[\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def letters(text: str) -> str:
    """Arabic text as pdftotext can be trusted to give it back: without spaces (it splits
    some words, "فور ية"), vowel marks (it moves them) and tatweel, every lam-alef ligature
    written alef first (as it writes them)."""
    # (The ligature first, in each word: without spaces a word's lam and the next word's
    # alef would pass for one.)
    unordered = re.sub("ل([اآأإ])", r"\1ل", text)
    return re.sub(r"[\s\u0640\u064b-\u065f\u0670]", "", unordered)


@pytest.fixture(scope="module")
def english(corpus_editions):
    """The corpus's English edition, with its PDF."""
    return corpus_editions["en"]


@pytest.fixture(scope="module")
def pdf_text(english) -> str:
    require_chromium()
    assert english.pdf is not None and english.pdf.is_file()
    text = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(english.pdf), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return " ".join(BIDI_MARKS.sub("", text).split())


def book_plan(package: Package) -> BookPlan:
    """The plan the pipeline builds the package's book from (its title included)."""
    return BookPlan.load().with_book(package.descriptor.get("book"))


def test_every_chapter_title_is_in_the_pdf(pdf_text: str, corpus: Package):
    assert pdf_text.startswith(book_plan(corpus).title("en"))
    for chapter in book_plan(corpus).chapters(corpus):
        assert chapter.title in pdf_text


def published_pages(english) -> list[Path]:
    """The chapter pages of the edition, in the order of its table of contents."""
    return [p for p in sorted(english.html.glob("*.html")) if p.name not in NOT_PRINTED]


def test_every_chart_title_on_the_pages_is_in_the_pdf(pdf_text: str, english):
    titles = [
        line
        for page in published_pages(english)
        for spec in chart_specs(page)
        for line in (
            [spec["title"]["text"]]
            if isinstance(spec["title"]["text"], str)
            else spec["title"]["text"]
        )
    ]
    assert titles
    for line in titles:
        assert " ".join(line.split()) in pdf_text, line


def test_every_arabic_quote_on_the_pages_is_in_the_pdf(pdf_text: str, english):
    quotes = [q for page in published_pages(english) for q in arabic_quotes(page)]
    assert quotes
    flat = letters(pdf_text)
    for quote in quotes:
        # pdftotext writes a right-to-left line in visual order, its Latin and digit runs and
        # its clauses reordered, and splits some words: each word must be there.
        for word in re.findall(r"[\u0621-\u065f]{2,}", quote):
            assert letters(word) in flat, (word, quote)


def test_pages_are_numbered(english):
    require_chromium()
    text = subprocess.run(
        ["pdftotext", str(english.pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    pages = int(
        re.search(
            r"Pages:\s+(\d+)",
            subprocess.run(
                ["pdfinfo", str(english.pdf)], capture_output=True, text=True, check=True
            ).stdout,
        ).group(1)
    )
    assert f"1 / {pages}" in text and f"{pages} / {pages}" in text


def test_without_chromium_the_pdf_build_says_what_to_install(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "talksbook", "build", "--pdf", "--out", str(tmp_path)],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "TALKSBOOK_CHROMIUM": str(tmp_path / "no-chromium")},
    )
    assert result.returncode == 1
    assert "apt-get install chromium" in result.stderr
    assert not (tmp_path / "html").exists()


@pytest.mark.parametrize(
    ("installed", "chosen"),
    [
        (["chromium", "chromium-headless-shell"], "chromium-headless-shell"),
        (["chromium"], "chromium"),
    ],
)
def test_the_headless_shell_prints_where_it_is_installed(
    tmp_path, monkeypatch, installed: list[str], chosen: str
):
    for name in installed:
        (tmp_path / name).write_text("#!/bin/sh\n", encoding="utf-8")
        (tmp_path / name).chmod(0o755)
    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.delenv("TALKSBOOK_CHROMIUM", raising=False)
    assert pdf.chromium() == str(tmp_path / chosen)


@pytest.mark.parametrize("printer", pdf.PRINTERS)
def test_either_printer_prints_with_the_print_flags(tmp_path, monkeypatch, printer: str):
    require_chromium()
    binary = shutil.which(printer)
    if binary is None:
        if os.environ.get("CI"):
            pytest.fail(f"{printer} is required in CI (apt-get install {printer})")
        pytest.skip(f"{printer} is not installed")
    page = tmp_path / "page.html"
    page.write_text(
        '<html lang="ar" dir="rtl"><body><div class="talksbook-chart-view"><svg></svg></div>'
        "<h1>نظرة عامة</h1><p>" + "نص " * 3000 + "</p></body></html>",
        encoding="utf-8",
    )
    monkeypatch.setenv("TALKSBOOK_CHROMIUM", binary)
    pdf.print_pdf(page, tmp_path / "page.pdf", lang="ar", title="واشنطن وموسكو")
    text = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(tmp_path / "page.pdf"), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "عامة" in text and "وموسكو" in text and "١" in text
