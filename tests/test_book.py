"""The built book: every chapter executed, every page opened in a real browser, offline.

Tests that take ``corpus_book`` run on a real build of each corpus of tests/conftest.py (the
shipped package and a generated one); the others on the shipped book.
"""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from browser import browser, offline_context, open_page
from fixtures import add_geneva_meeting

from talksbook.data import Package, validate
from talksbook.pipeline import BuildOptions, build
from talksbook.plan import meeting_chapters

pytestmark = pytest.mark.slow


@pytest.fixture(scope="session")
def book(shipped_build) -> Path:
    return shipped_build.html


@pytest.fixture(scope="session")
def corpus_book(corpus_editions) -> Path:
    """The English edition of the corpus's book."""
    return corpus_editions["en"].html


def pages(book: Path) -> list[Path]:
    return sorted(
        p
        for p in book.glob("*.html")
        if p.name not in {"search.html", "genindex.html", "index.html"}
    )


class Links(HTMLParser):
    """Collects every URL a page would load or link to."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []
        self.scripts = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.scripts += tag == "script"
        for name, value in attrs:
            if name in {"src", "href"} and value:
                self.urls.append(value)


def test_every_chapter_is_a_page(corpus_book: Path, corpus: Package):
    names = {p.stem for p in pages(corpus_book)}
    expected = {"overview", "calls", "reactions", "outlook", "data-and-methods"}
    expected |= {"technical-appendix"}
    expected |= {f"meeting-{m}" for m in meeting_chapters(corpus).id}
    assert expected <= names | {"index"}


def test_meetings_come_in_date_order(corpus_book: Path, corpus: Package):
    toc = (corpus_book / "overview.html").read_text(encoding="utf-8")
    places = [toc.index(f"meeting-{m}.html") for m in meeting_chapters(corpus).id]
    assert places == sorted(places)


def test_no_page_loads_anything_from_outside(corpus_book: Path):
    for page in pages(corpus_book):
        parser = Links()
        parser.feed(page.read_text(encoding="utf-8"))
        loaded = [u for u in parser.urls if re.match(r"(https?:)?//", u)]
        # Outbound links a reader may click are fine; nothing may be *loaded* from outside.
        text = page.read_text(encoding="utf-8")
        for url in loaded:
            assert not re.search(rf'<(script|link|img)[^>]+(src|href)="{re.escape(url)}"', text), (
                page.name,
                url,
            )


def test_vega_is_shipped_once_not_per_chart(corpus_book: Path):
    bundle = corpus_book / "_static" / "vega-bundle.js"
    assert bundle.stat().st_size > 100_000
    for page in pages(corpus_book):
        text = page.read_text(encoding="utf-8")
        assert len(re.findall(r'<script[^>]+src="[^"]*vega-bundle\.js', text)) == 1, page.name
        assert len(text.encode()) < bundle.stat().st_size, page.name


def test_parameter_cells_are_hidden(corpus_book: Path):
    for page in pages(corpus_book):
        text = page.read_text(encoding="utf-8")
        assert "data_dir" not in text and "injected-parameters" not in text, page.name


def test_pages_render_in_a_real_browser(book: Path):
    with browser() as chromium:
        context, outside = offline_context(chromium, 1280)
        for page_file in pages(book):
            page, errors = open_page(context, page_file.as_uri())
            charts = page.locator(".talksbook-chart")
            for index in range(charts.count()):
                chart = charts.nth(index)
                chart.locator("svg").first.wait_for(timeout=15_000)
                marks = chart.locator(
                    "svg .mark-rect path, svg .mark-symbol path, svg path, svg rect, svg circle"
                ).count()
                assert marks > 0, (page_file.name, index)
            directions = page.eval_on_selector_all(
                '[lang="ar"]', "els => els.map(e => getComputedStyle(e).direction)"
            )
            assert all(d == "rtl" for d in directions), page_file.name
            assert errors == [], (page_file.name, errors)
            page.close()
        assert outside == []


def test_arabic_quotes_are_marked_up(book: Path):
    calls = (book / "calls.html").read_text(encoding="utf-8")
    assert calls.count('lang="ar"') >= 3
    assert 'dir="rtl"' in calls


def test_downloads_are_published(corpus_book: Path):
    data = corpus_book / "_static" / "data"
    descriptor = json.loads((data / "datapackage.json").read_text("utf-8"))
    for resource in descriptor["resources"]:
        assert (data / resource["path"]).is_file()


def test_a_new_meeting_in_the_data_gets_its_own_chapter(package_dir: Path, tmp_path: Path):
    meeting = add_geneva_meeting(package_dir)
    assert validate(package_dir) == []
    result = build(BuildOptions(data=package_dir, out=tmp_path / "out", report=lambda _: None))
    html = result.html
    page = html / f"meeting-{meeting}.html"
    text = page.read_text(encoding="utf-8")
    assert "Prisoner talks in Geneva" in text and "3 March 2025" in text
    toc = (html / "overview.html").read_text(encoding="utf-8")
    order = [toc.index(f"meeting-{m}.html") for m in ("riyadh-talks", "istanbul-talks", meeting)]
    assert order == sorted(order)
