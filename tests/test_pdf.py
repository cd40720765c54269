"""The PDF, read back with pdftotext: a title page, chapters that each start a page under their
title, chart titles and Arabic quotes all there; and every page of the edition links to it."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from datetime import UTC, date, datetime
from html.parser import HTMLParser
from pathlib import Path

import pytest
from browser import require_chromium
from pages import arabic_quotes, chart_specs

from talksbook import fingerprint, pdf, pipeline
from talksbook.data import Package
from talksbook.html import el
from talksbook.plan import BookPlan
from talksbook.words import fmt_date, fmt_number

pytestmark = pytest.mark.slow
#: Pages the PDF does not print: the search page, the index and the redirecting index.html.
NOT_PRINTED = {"search.html", "genindex.html", "index.html"}
BIDI_MARKS = re.compile("[\u200e\u200f\u202a-\u202e\u2066-\u2069]")
DIGITS = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")


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


def pdf_pages(file: Path) -> list[str]:
    """The text of each page of the PDF, as pdftotext gives it page by page (its pages end in
    form feeds), bidi marks dropped and whitespace runs as single spaces."""
    text = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(file), "-"], capture_output=True, text=True, check=True
    ).stdout
    pages = [" ".join(BIDI_MARKS.sub("", page).split()) for page in text.split("\f")]
    return pages[:-1] if pages and not pages[-1] else pages


def edition_date(html: Path) -> date:
    """The date the edition's build manifest records."""
    record = json.loads((html / pipeline.MANIFEST).read_text(encoding="utf-8"))
    return date.fromisoformat(record[pipeline.EDITION_DATE])


def chapter_starts(pages: list[str], titles: list[str]) -> list[int]:
    """The index of the page each chapter starts, found in order after the contents: the first
    later page that opens with its title."""
    starts: list[int] = []
    for title in titles:
        after = starts[-1] + 1 if starts else 2  # the title page and the contents come first
        found = next((i for i in range(after, len(pages)) if pages[i].startswith(title)), None)
        assert found is not None, f"no page opens with the chapter title {title!r}"
        starts.append(found)
    return starts


class PdfLinks(HTMLParser):
    """The links of a page to the book's PDF (talksbook.sphinx_ext), and any button that
    prints the page on screen instead."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.links: list[dict[str, str | None]] = []
        self.prints = 0
        self.feed(text)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "a" and "talksbook-pdf-link" in (values.get("class") or ""):
            self.links.append(values)
        self.prints += "print()" in (values.get("onclick") or "")


def pdf_links(page: Path) -> PdfLinks:
    return PdfLinks(page.read_text(encoding="utf-8"))


def test_every_chapter_title_is_in_the_pdf(pdf_text: str, corpus: Package):
    assert pdf_text.startswith(book_plan(corpus).title("en"))
    for chapter in book_plan(corpus).chapters(corpus):
        assert chapter.title in pdf_text


def test_the_first_page_is_the_title_page(english, corpus: Package):
    require_chromium()
    first = pdf_pages(english.pdf)[0]
    assert first.startswith(book_plan(corpus).title("en"))
    # The edition's language and date, the date as build.json records it.
    assert "English edition" in first
    assert fmt_date(edition_date(english.html), "day", "en") in first
    # What the book is built from, from the sources table: a few by title, more counted.
    sources = corpus["sources"]
    if len(sources) <= pdf.NAMED_SOURCES:
        for row in sources.to_dict("records"):
            title = row.get("title_en") if isinstance(row.get("title_en"), str) else row["title"]
            assert " ".join(title.split()) in first, title
    else:
        assert f"built from {fmt_number(len(sources))} sources" in first
    # The title page has no page number.
    assert not re.search(r"\d+ / \d+", first)


def test_each_chapter_starts_a_page_under_its_title(english, corpus: Package):
    require_chromium()
    pages = pdf_pages(english.pdf)
    titles = [c.title for c in book_plan(corpus).chapters(corpus)]
    starts = chapter_starts(pages, titles)
    # ... and every page of the chapter carries its title at its foot.
    for title, start, end in zip(titles, starts, [*starts[1:], len(pages)], strict=True):
        for number in range(start, end):
            assert pages[number].count(title) >= (2 if number == start else 1), (title, number)


def test_every_page_links_the_pdf_of_its_edition(english):
    require_chromium()
    assert english.pdf is not None
    for page in [*published_pages(english), english.html / "search.html"]:
        found = pdf_links(page)
        (link,) = found.links
        assert found.prints == 0, page.name  # no print of the page on screen
        target = (page.parent / str(link["href"])).resolve()
        assert target == (english.html / english.pdf.name).resolve(), page.name
        assert target.read_bytes() == english.pdf.read_bytes()


def test_the_edition_time_is_source_date_epoch(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1740009600")  # 2025-02-20 00:00 UTC
    pinned = datetime(2025, 2, 20, tzinfo=UTC)
    assert pipeline.edition_time(fingerprint.manifest({}, [], {})) == pinned
    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    before = datetime.now(UTC)
    assert before <= pipeline.edition_time(fingerprint.manifest({}, [], {})) <= datetime.now(UTC)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "yesterday")
    with pytest.raises(pipeline.BuildFailed, match="SOURCE_DATE_EPOCH"):
        pipeline.edition_time(fingerprint.manifest({}, [], {}))


def test_the_pdf_is_dated_with_the_edition(english):
    require_chromium()
    info = subprocess.run(
        ["pdfinfo", "-isodates", str(english.pdf)], capture_output=True, text=True, check=True
    ).stdout
    day = edition_date(english.html).isoformat()
    assert re.search(rf"CreationDate:\s+{day}T", info) and re.search(rf"ModDate:\s+{day}T", info)


def test_stamp_rewrites_only_the_dates(tmp_path):
    file = tmp_path / "a.pdf"
    original = b"%PDF-1.4\n<< /CreationDate (D:20261202102109+01'00') /Title (x) >>\n"
    file.write_bytes(original)
    pdf.stamp(file, datetime(2025, 2, 20, tzinfo=UTC))
    stamped = file.read_bytes()
    assert stamped == original.replace(b"20261202102109+01", b"20250220000000+00")
    assert len(stamped) == len(original)


def test_page_style_escapes_every_chapter_title():
    hostile = 'Talks "in" <Riyadh> \\ } @page { x'
    style = pdf.page_style("en", [("overview", "Overview"), ("x", hostile)], root="overview")
    literal = re.compile(r'"(?:[A-Za-z0-9 ]|\\[0-9a-f]+ )*"')
    assert re.fullmatch(literal, pdf.css_string(hostile))
    # Outside its escaped strings, the style holds only the book's own rules.
    assert "Riyadh" not in literal.sub("", style) and "<" not in style


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
    # The title page counts as page one but carries no number.
    assert f"2 / {pages}" in text and f"{pages} / {pages}" in text
    assert not re.search(rf"(?<!\d)1 / {pages}\b", text)


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
    # The shape of Jupyter Book's single page: the root chapter's section holds the others,
    # each after an anchor.
    hostile = 'محادثات "الرياض" <b> \\ }'
    page.write_text(
        '<html lang="ar" dir="rtl"><body><div id="jb-print-docs-body"></div>'
        '<article class="bd-article"><section><h1>نظرة عامة</h1>'
        '<div class="talksbook-chart-view"><svg></svg></div><p>' + "نص " * 3000 + "</p>"
        '<div class="toctree-wrapper"><span id="document-riyadh"></span>'
        "<section><h2>الرياض</h2><p>نص</p></section></div></section></article></body></html>",
        encoding="utf-8",
    )
    monkeypatch.setenv("TALKSBOOK_CHROMIUM", binary)
    front = el("section", el("p", "واشنطن وموسكو"), class_=pdf.TITLE_PAGE)
    chapters = [("overview", "نظرة عامة"), ("riyadh", hostile)]
    pdf.print_pdf(
        page, tmp_path / "page.pdf", lang="ar", front=front, chapters=chapters, root="overview"
    )
    pages = pdf_pages(tmp_path / "page.pdf")
    assert pages[0] == "واشنطن وموسكو"  # the title page, with no number
    # Page two of n, in Arabic digits, in either order (pdftotext's visual order).
    number = f"2 ?/ ?{len(pages)}|{len(pages)} ?/ ?2".translate(DIGITS)
    assert "عامة" in pages[1] and re.search(number, pages[1])
    # The last chapter starts a page of its own, its title at its foot, as text (pdftotext
    # writes the brackets of a right-to-left line mirrored).
    assert pages[-1].startswith("الرياض")
    assert all(word in pages[-1] for word in ["محادثات", '"الرياض"', "b", "\\", "}"])
