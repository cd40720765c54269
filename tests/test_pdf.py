"""The PDF, read back with pdftotext: chapters, chart titles and Arabic quotes are all there."""

from __future__ import annotations

import os
import re
import subprocess
import sys

import pytest
from browser import require_chromium

from talksbook import charts
from talksbook.data import load
from talksbook.paths import DATA_DIR
from talksbook.plan import book_title, chapters

pytestmark = pytest.mark.slow
BIDI_MARKS = re.compile("[\u200e\u200f\u202a-\u202e\u2066-\u2069]")


@pytest.fixture(scope="module")
def pdf_text(shipped_build) -> str:
    require_chromium()
    assert shipped_build.pdf is not None and shipped_build.pdf.is_file()
    text = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(shipped_build.pdf), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return " ".join(BIDI_MARKS.sub("", text).split())


def test_every_chapter_title_is_in_the_pdf(pdf_text: str):
    assert pdf_text.startswith(book_title("en"))
    for chapter in chapters(load(DATA_DIR)):
        assert chapter.title in pdf_text


def test_every_chart_title_is_in_the_pdf(pdf_text: str):
    package = load(DATA_DIR)
    for name, builder in charts.BUILDERS.items():
        title = builder(package).to_dict()["title"]["text"]
        for line in [title] if isinstance(title, str) else title:
            assert line in pdf_text, name


def test_arabic_quotes_are_in_the_pdf(pdf_text: str):
    # pdftotext may reorder the clauses of a right-to-left line; each clause must be there.
    quotes = load(DATA_DIR)["statements"].query("mode == 'direct'").text_ar
    assert len(quotes) >= 2
    for quote in quotes:
        for clause in re.split(r"[،,.\"]", quote):
            if clause.strip():
                assert " ".join(clause.split()) in pdf_text, clause


def test_pages_are_numbered(shipped_build):
    require_chromium()
    text = subprocess.run(
        ["pdftotext", str(shipped_build.pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    pages = int(
        re.search(
            r"Pages:\s+(\d+)",
            subprocess.run(
                ["pdfinfo", str(shipped_build.pdf)], capture_output=True, text=True, check=True
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
