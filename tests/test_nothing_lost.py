"""Rows in = rows accounted for: nothing in the data package is dropped on the way to the book.

Every table is counted in the appendix's downloads table (the count read from the page equals
the rows in the CSV) and offered for download byte for byte; evidence is listed row by row.
Every evidence quote and English translation, and every statement with its translation, is in
the HTML text verbatim, and in the PDF's text: English verbatim, Arabic run by run, since
pdftotext may reorder the clauses of a right-to-left line (see _arabic_in_pdf).
"""

from __future__ import annotations

import csv
import io
import re
import subprocess
from pathlib import Path

import pytest
from browser import require_chromium
from pages import parse, table_rows

from talksbook.data import load
from talksbook.paths import DATA_DIR

pytestmark = pytest.mark.slow
APPENDIX = "data-and-methods.html"
BIDI_MARKS = re.compile("[\u200e\u200f\u202a-\u202e\u2066-\u2069]")
# Harakat, superscript alef and tatweel: Chromium draws them as separate glyphs and pdftotext
# may put them back in another order ("مشيًرا" for "مشيرًا").
TASHKEEL = re.compile("[\u064b-\u065f\u0670\u0640]")
# Where pdftotext may reorder a right-to-left line: at punctuation and at digits.
BREAKS = re.compile(r"[0-9٠-٩،؛,.:\"“”«»()\[\]\-–—]+")


@pytest.fixture(scope="module")
def package():
    return load(DATA_DIR)


@pytest.fixture(scope="module")
def book(shipped_build) -> Path:
    return shipped_build.html


def csv_rows(path: Path) -> int:
    """Records in a CSV file, header and blank lines not counted (as the loader reads it)."""
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"), newline="")))
    return sum(1 for row in rows[1:] if row)


def flat(text: str) -> str:
    return " ".join(text.split())


# --- the appendix accounts for every row ----------------------------------------------------


def test_every_table_is_counted_and_offered_for_download(package, book: Path):
    rows = table_rows(book / APPENDIX, "downloads")
    by_file = {}
    for title, count, _, file in rows:
        (href,) = file[1]
        by_file[href] = (title[0], int(count[0].replace(",", "")))
    resources = package.descriptor["resources"]
    assert len(by_file) == len(resources)
    total = 0
    for resource in resources:
        href = f"_static/data/{resource['path']}"
        assert href in by_file, resource["name"]
        title, count = by_file[href]
        expected = csv_rows(DATA_DIR / resource["path"])
        assert count == expected == len(package[resource["name"]]), resource["name"]
        assert (book / href).read_bytes() == (DATA_DIR / resource["path"]).read_bytes()
        total += expected
    text = parse(book / APPENDIX).plain
    assert f"{len(resources)} tables with {total:,} rows in all" in text


def test_every_evidence_row_is_listed(package, book: Path):
    rows = table_rows(book / APPENDIX, "evidence")
    evidence = package["evidence"]
    assert len(rows) == len(evidence)
    listed = {row[0][0]: row for row in rows}
    for item in evidence.itertuples():
        cells = listed[item.id]
        assert cells[4][0] == flat(item.exact) and cells[5][0] == flat(item.text_en), item.id


def test_archived_sources_and_every_local_link_resolve(package, book: Path):
    for path in package["sources"].path:
        if path:
            assert (book / "_static" / "data" / path).read_bytes() == (DATA_DIR / path).read_bytes()
    for page in book.glob("*.html"):
        for _, name, url in parse(page).urls:
            if name != "href" or re.match(r"[a-z]+:|#|//", url):
                continue
            target = url.split("#")[0].split("?")[0]
            assert (book / target).exists(), (page.name, url)


def test_every_quote_and_translation_is_in_the_html(package, book: Path):
    appendix = parse(book / APPENDIX).plain
    evidence = package["evidence"]
    for item in evidence.itertuples():
        assert flat(item.exact) in appendix, item.id
        assert flat(item.text_en) in appendix, item.id
    chapters = " ".join(parse(p).plain for p in book.glob("*.html"))
    statements = package["statements"]
    for item in statements.itertuples():
        assert flat(item.text_ar) in chapters, item.id
        assert flat(item.text_en) in chapters, item.id
    assert len(evidence) and len(statements)  # (how many: tests/shipped/test_shipped_package.py)


# --- and so does the PDF --------------------------------------------------------------------


@pytest.fixture(scope="module")
def pdf_lines(shipped_build) -> str:
    """The PDF's text, bidi marks and page numbers ("3 / 82") removed."""
    require_chromium()
    assert shipped_build.pdf is not None
    text = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(shipped_build.pdf), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return re.sub(r"^\d+ / \d+$", "", BIDI_MARKS.sub("", text), flags=re.MULTILINE)


def _squeezed(text: str) -> str:
    """No spaces (pdftotext splits some Arabic words at a glyph gap), no diacritics."""
    return TASHKEEL.sub("", "".join(text.split()))


def _arabic_in_pdf(quote: str, pdf: str, pieces: int = 3) -> bool:
    """Every run of the quote between punctuation or digits is in the PDF's text, whole or, when
    it wrapped onto the next printed line (whose parts pdftotext may order differently), in at
    most ``pieces`` consecutive parts; every number of the quote is there too."""

    def found(words: list[str], parts: int) -> bool:
        if _squeezed(" ".join(words)) in pdf:
            return True
        return parts > 1 and any(
            found(words[:i], 1) and found(words[i:], parts - 1) for i in range(1, len(words))
        )

    runs = [run.split() for run in BREAKS.split(quote) if run.strip()]
    numbers = re.findall(r"[0-9]+", quote)
    return all(found(words, pieces) for words in runs) and all(n in pdf for n in numbers)


def test_every_quote_and_translation_is_in_the_pdf(package, pdf_lines: str):
    text, squeezed = flat(pdf_lines), _squeezed(pdf_lines)
    pairs = [(e.id, e.exact, e.text_en) for e in package["evidence"].itertuples()]
    pairs += [(s.id, s.text_ar, s.text_en) for s in package["statements"].itertuples()]
    for row_id, arabic, english in pairs:
        assert flat(english) in text, row_id
        assert _arabic_in_pdf(arabic, squeezed), row_id
    assert len(pairs) == len(package["evidence"]) + len(package["statements"]) > 0
