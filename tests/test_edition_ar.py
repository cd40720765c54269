"""The Arabic edition: the same chapters as the English one, right to left, in Arabic, linked
page to page with the English edition, opened in a real browser, and printed."""

from __future__ import annotations

import re
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest
from browser import browser, offline_context, open_page, require_chromium
from test_pdf import chapter_starts, edition_date, pdf_links, pdf_pages

from talksbook import pdf, plan
from talksbook.data import Package
from talksbook.narrative.common import MAX_EVIDENCE
from talksbook.pipeline import BuildOptions, build, edition_dir
from talksbook.words import fmt_date, fmt_number

#: Pages that may chart nothing: the outlook (assessments), the changes page, the two
#: appendix pages, and the calls, whose claims the prose weighs unless a chart says more
#: (charts.worth).
CHARTLESS = {"outlook", "changes", "data-and-methods", "technical-appendix", "calls"}

pytestmark = pytest.mark.slow
ARABIC = re.compile("[\u0600-\u06ff]")
BIDI_MARKS = re.compile("[\u200e\u200f\u202a-\u202e\u2066-\u2069]")
SKIPPED = {"search.html", "genindex.html", "index.html"}


def pages(book: Path) -> list[Path]:
    return sorted(p for p in book.glob("*.html") if p.name not in SKIPPED)


class Page(HTMLParser):
    """The <html> attributes, the language switch links, the h1 and the element ids."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.html: dict[str, str | None] = {}
        self.switch: list[dict[str, str | None]] = []
        self.h1: list[str] = []
        self.ids: set[str] = set()
        self._in_h1 = False
        self.feed(text)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "html":
            self.html = values
        if tag == "a" and "talksbook-language-switch" in (values.get("class") or ""):
            self.switch.append(values)
        if values.get("id"):
            self.ids.add(str(values["id"]))
        self._in_h1 |= tag == "h1"

    def handle_endtag(self, tag: str) -> None:
        self._in_h1 &= tag != "h1"

    def handle_data(self, data: str) -> None:
        if self._in_h1 and data.strip():
            self.h1.append(data.strip())


@pytest.fixture(scope="module")
def english(corpus_editions) -> Path:
    return corpus_editions["en"].html


@pytest.fixture(scope="module")
def arabic_build(corpus_editions):
    """The corpus's Arabic edition, with its PDF."""
    return corpus_editions["ar"]


@pytest.fixture(scope="module")
def arabic(arabic_build) -> Path:
    return arabic_build.html


def book_plan(package: Package) -> plan.BookPlan:
    """The plan the pipeline builds the package's book from (its title included)."""
    return plan.BookPlan.load().with_book(package.descriptor.get("book"))


def test_the_arabic_edition_is_published_inside_the_english_one(english: Path, arabic: Path):
    assert arabic == edition_dir(english.parent, "ar") == english / "ar"
    assert (arabic / "build.json").is_file() and (arabic / "_static" / "vega-bundle.js").is_file()


def test_both_editions_have_the_same_pages(english: Path, arabic: Path):
    names = [p.name for p in pages(english)]
    assert len(names) >= 7
    assert names == [p.name for p in pages(arabic)]


def test_every_arabic_page_is_right_to_left(arabic: Path):
    for page in [*pages(arabic), arabic / "search.html", arabic / "genindex.html"]:
        attributes = Page(page.read_text(encoding="utf-8")).html
        assert attributes.get("lang") == "ar" and attributes.get("dir") == "rtl", page.name


def test_english_pages_stay_left_to_right(english: Path):
    for page in pages(english):
        attributes = Page(page.read_text(encoding="utf-8")).html
        assert attributes.get("lang") == "en" and "dir" not in attributes, page.name


def test_chapter_titles_are_the_arabic_ones(arabic: Path, corpus: Package):
    expected = {c.name: c.title for c in book_plan(corpus).chapters(corpus, lang="ar")}
    for page in pages(arabic):
        if page.stem in expected:
            assert Page(page.read_text(encoding="utf-8")).h1[0] == expected[page.stem]
            assert ARABIC.search(expected[page.stem])


def test_every_page_links_to_the_same_page_in_the_other_edition(english: Path, arabic: Path):
    for book, other, lang in [(english, arabic, "ar"), (arabic, english, "en")]:
        for page in pages(book):
            (switch,) = Page(page.read_text(encoding="utf-8")).switch
            assert switch["hreflang"] == lang and switch["lang"] == lang
            target = (page.parent / str(switch["href"])).resolve()
            assert target == (other / page.name).resolve() and target.is_file(), page.name


def test_evidence_anchors_match_between_editions(english: Path, arabic: Path, corpus: Package):
    ids = {
        lang: {
            i
            for i in Page((book / "data-and-methods.html").read_text(encoding="utf-8")).ids
            if i.startswith("ev-")
        }
        for lang, book in [("en", english), ("ar", arabic)]
    }
    assert ids["en"] == ids["ar"]
    assert len(ids["en"]) == min(len(corpus["evidence"]), MAX_EVIDENCE)


# Words a page may show in Latin letters outside the article (and outside the language switch,
# which speaks the other edition's language): keyboard keys, the project's name, the PDF type.
ALLOWED_LATIN = {"Ctrl", "K", "talksbook", "PDF", "pdf"}


def test_the_theme_speaks_arabic(arabic: Path):
    for page in [*pages(arabic), arabic / "search.html"]:
        text = re.sub(
            r"<(script|style)\b.*?</\1>|<!--.*?-->", "", page.read_text("utf-8"), flags=re.S
        )
        chrome = re.sub(
            r"<article\b.*?</article>|<a class=\"[^\"]*talksbook-language-switch.*?</a>",
            "",
            text,
            flags=re.S,
        )
        shown = re.findall(
            r'\s(?:title|aria-label|placeholder|data-bs-title|alt)="([^"]*)"', chrome
        )
        shown += re.split(r"<[^>]+>", chrome)
        latin = {
            word
            for piece in shown
            for word in re.findall(r"[A-Za-z]+", piece)
            if word not in ALLOWED_LATIN
        }
        assert not latin, (page.name, sorted(latin))
        footer = re.search(r'<footer class="bd-footer-content.*?</footer>', text, re.S)
        assert footer is not None and ARABIC.search(footer.group()), page.name


def test_rebuilding_the_english_edition_keeps_the_arabic_one(tmp_path: Path, corpus_dir: Path):
    out = tmp_path / "out"
    options = BuildOptions(data=corpus_dir, out=out, report=lambda _: None)
    build(BuildOptions(**{**options.__dict__, "lang": "ar"}))
    before = {
        p.relative_to(out): p.read_bytes() for p in (out / "html" / "ar").rglob("*") if p.is_file()
    }
    english = build(options)  # an English build after the Arabic one: links to it
    after = {
        p.relative_to(out): p.read_bytes() for p in (out / "html" / "ar").rglob("*") if p.is_file()
    }
    assert after == before
    (switch,) = Page((english.html / "calls.html").read_text(encoding="utf-8")).switch
    assert switch["href"] == "ar/calls.html"
    # Built without --pdf: no link to a PDF, nor a print of the page on screen.
    for page in [*pages(english.html), *pages(english.html / "ar")]:
        assert pdf_links(page).links == [] and pdf_links(page).prints == 0, page.name


@pytest.mark.parametrize("width", [1280, 390])
def test_arabic_pages_in_a_real_browser(arabic: Path, width: int):
    with browser() as chromium:
        context, outside = offline_context(chromium, width)
        for page_file in pages(arabic):
            page, errors = open_page(context, page_file.as_uri())
            assert page.evaluate("getComputedStyle(document.body).direction") == "rtl"
            charts = page.locator(".talksbook-chart")
            assert charts.count() >= 1 or page_file.stem in CHARTLESS
            for index in range(charts.count()):
                chart = charts.nth(index)
                chart.locator("svg").first.wait_for(timeout=15_000)
                assert chart.locator("svg path, svg rect, svg circle").count() > 0
                # Vega lays charts out left to right; their text is Arabic all the same.
                assert ARABIC.search(chart.locator("svg").first.text_content() or "")
            overflow = page.evaluate(
                "document.scrollingElement.scrollWidth - document.documentElement.clientWidth"
            )
            assert overflow <= 1, (page_file.name, width, overflow)
            if width >= 1200:
                # The navigation is mirrored: the sidebar sits to the right of the article.
                sidebar = page.locator(".bd-sidebar-primary").bounding_box()
                article = page.locator(".bd-article").bounding_box()
                assert sidebar and article and sidebar["x"] > article["x"], page_file.name
            assert errors == [], (page_file.name, errors)
            page.close()
        assert outside == []


#: What a page shows that is not the book's own prose: code (identifiers, file names, hashes),
#: and then the source's words, quoted (they keep the digits the source wrote).
CODE = "code, pre, kbd"
QUOTATIONS = "q, blockquote, .quote"
#: The page's letters, and its text without code, then without quotations too: read from the
#: rendered page (innerText: what a reader sees, charts drawn), elements removed in place.
READ_PAGE = """([code, quotations]) => {
    document.querySelectorAll(code).forEach((e) => e.remove());
    const prose = document.body.innerText;
    document.querySelectorAll(quotations).forEach((e) => e.remove());
    const letters = prose.match(/\\p{L}/gu) || [];
    return {
        letters: letters.length,
        arabic: letters.filter((c) => /\\p{Script=Arabic}/u.test(c)).length,
        latin: prose.match(/[A-Za-z]+/g) || [],
        digits: document.body.innerText.match(/.{0,24}[0-9].{0,24}/g) || [],
    };
}"""
#: The share of a page's letters (outside code) that must be Arabic.
ARABIC_SHARE = 0.95


def read_pages(page_files: list[Path]) -> dict[str, dict]:
    """What :data:`READ_PAGE` reads of each page in a real browser, charts drawn, by name."""
    found = {}
    with browser() as chromium:
        context, _ = offline_context(chromium, 1280)
        for page_file in page_files:
            page, _ = open_page(context, page_file.as_uri())
            charts = page.locator(".talksbook-chart")
            for index in range(charts.count()):
                charts.nth(index).locator("svg").first.wait_for(timeout=15_000)
            found[page_file.name] = page.evaluate(READ_PAGE, [CODE, QUOTATIONS])
            page.close()
    return found


def test_the_arabic_edition_is_written_in_arabic_with_its_own_digits(arabic: Path):
    """The done-when of issue 14: on every page, at least 95 % of the letters outside code are
    Arabic, and no ASCII digit shows outside code and quotations."""
    found = read_pages(pages(arabic))
    shares = {name: read["arabic"] / max(1, read["letters"]) for name, read in found.items()}
    low = {name: f"{share:.1%}" for name, share in shares.items() if share < ARABIC_SHARE}
    assert not low, low
    stray = {name: read["digits"][:5] for name, read in found.items() if read["digits"]}
    assert not stray, stray


@pytest.fixture(scope="module")
def arabic_pdf_text(arabic_build) -> str:
    require_chromium()
    assert arabic_build.pdf is not None and arabic_build.pdf.is_file()
    assert arabic_build.pdf.name.endswith(".ar.pdf")
    text = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(arabic_build.pdf), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return BIDI_MARKS.sub("", text)


def ligatures_unordered(text: str) -> str:
    """pdftotext writes a lam-alef ligature alef first ("الآفاق" comes out "اآلفاق"): put
    every lam-alef pair in that order, on both sides of a comparison."""
    return re.sub("ل([اآأإ])", r"\1ل", " ".join(text.split()))


def test_the_arabic_pdf_holds_the_arabic_chapter_titles(arabic_pdf_text: str, corpus: Package):
    flat = ligatures_unordered(arabic_pdf_text)
    for chapter in book_plan(corpus).chapters(corpus, lang="ar"):
        assert ligatures_unordered(chapter.title) in flat, chapter.title
    assert ligatures_unordered(book_plan(corpus).title("ar").split(":")[0]) in flat


def test_the_arabic_pdf_numbers_its_pages_in_arabic_digits(arabic_build, arabic_pdf_text: str):
    info = subprocess.run(
        ["pdfinfo", str(arabic_build.pdf)], capture_output=True, text=True, check=True
    ).stdout
    pages = int(re.search(r"Pages:\s+(\d+)", info).group(1))
    digits = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
    last = str(pages).translate(digits)
    # pdftotext writes a right-to-left line in visual order: "page / pages" may come reversed.
    flat = "".join(arabic_pdf_text.split())
    # The title page counts as page one but carries no number.
    assert f"٢/{last}" in flat or f"{last}/٢" in flat
    assert f"{last}/{last}" in flat
    assert not re.search(rf"(?<![٠-٩])١/{last}(?![٠-٩])|(?<![٠-٩]){last}/١(?![٠-٩])", flat)
    assert not re.search(r"\b1\s*/\s*\d+\b", arabic_pdf_text)


def test_the_arabic_pdf_opens_with_its_title_page(arabic_build, corpus: Package):
    require_chromium()
    first = ligatures_unordered(pdf_pages(arabic_build.pdf)[0])
    assert first.startswith(ligatures_unordered(book_plan(corpus).title("ar")))
    assert "النسخة العربية" in first
    # The date build.json records, in Arabic words and digits (pdftotext may reorder the words
    # of a right-to-left line around its digits, and join a number to the next word).
    written = fmt_date(edition_date(arabic_build.html), "day", "ar")
    assert re.search("[٠-٩]", written) and not re.search("[0-9]", written)
    flat = "".join(first.split())
    assert all(word in flat for word in ligatures_unordered(written).split()), written
    # What the book is built from: a few sources by title (an Arabic one by its own), more
    # counted.
    sources = corpus["sources"].to_dict("records")
    if len(sources) > pdf.NAMED_SOURCES:
        assert fmt_number(len(sources), "ar") in flat
    for source in sources if len(sources) <= pdf.NAMED_SOURCES else []:
        own = source["language"] == "ar"
        title = source["title"] if own else source.get("title_ar") or source["title_en"]
        words = re.findall(r"\w+", ligatures_unordered(title))
        assert all(word in flat for word in words), title


def test_each_arabic_chapter_starts_a_page_under_its_title(arabic_build, corpus: Package):
    require_chromium()
    pages = [ligatures_unordered(page) for page in pdf_pages(arabic_build.pdf)]
    titles = [ligatures_unordered(c.title) for c in book_plan(corpus).chapters(corpus, lang="ar")]
    starts = chapter_starts(pages, titles)
    for title, start, end in zip(titles, starts, [*starts[1:], len(pages)], strict=True):
        for number in range(start, end):
            assert title in pages[number], (title, number)


def test_every_arabic_page_links_the_arabic_pdf(arabic_build):
    require_chromium()
    for page in [*pages(arabic_build.html), arabic_build.html / "search.html"]:
        found = pdf_links(page)
        (link,) = found.links
        assert found.prints == 0, page.name
        target = (page.parent / str(link["href"])).resolve()
        assert target == (arabic_build.html / arabic_build.pdf.name).resolve(), page.name
        assert target.read_bytes() == arabic_build.pdf.read_bytes()
        assert ARABIC.search(str(link["title"])), page.name
