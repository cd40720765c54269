"""The Arabic edition's page layout is the English one mirrored (issue 14), measured in a real
browser: on a desktop screen the article sits beside the navigation, as far from it as in the
English edition, on its other side; on a phone nothing runs off the screen sideways."""

from __future__ import annotations

import html
import re
import subprocess
from pathlib import Path

import pytest
from browser import browser, offline_context, open_page

pytestmark = [pytest.mark.slow, pytest.mark.browser]

#: Pixels by which the space between the article and the navigation may differ between the
#: editions (the Arabic edition's text is set a little larger).
TOLERANCE = 40

#: The column of text (every block of the article), the navigation and the page's contents.
COLUMNS_JS = """
() => {
  const span = e => {
    if (!e) return null;
    const b = e.getBoundingClientRect();
    return b.width ? [b.left, b.right] : null;
  };
  let left = Infinity, right = -Infinity;
  for (const block of document.querySelectorAll('.bd-article > *')) {
    const b = block.getBoundingClientRect();
    if (b.width) { left = Math.min(left, b.left); right = Math.max(right, b.right); }
  }
  return {
    text: [left, right],
    nav: span(document.querySelector('.bd-sidebar-primary')),
    toc: span(document.querySelector('.bd-sidebar-secondary')),
  };
}
"""
#: index.html only redirects to the first chapter; the search page has no article.
NO_ARTICLE = {"index.html", "search.html"}
OVERFLOW_JS = "document.scrollingElement.scrollWidth - document.documentElement.clientWidth"


def pages(book: Path) -> list[str]:
    """The names of an edition's pages that show an article: its chapters, and the index,
    which like any page without sections has no contents column beside it."""
    return sorted(p.name for p in book.glob("*.html") if p.name not in NO_ARTICLE)


def columns(context: object, path: Path) -> dict[str, list[float] | None]:
    page, errors = open_page(context, path.as_uri())
    found = page.evaluate(COLUMNS_JS)
    page.close()
    assert errors == [], (path, errors)
    return found


def test_the_arabic_desktop_layout_is_the_english_one_mirrored(corpus_editions) -> None:
    english, arabic = corpus_editions["en"].html, corpus_editions["ar"].html
    names = pages(arabic)
    assert names == pages(english) and "genindex.html" in names
    with browser() as chromium:
        context, outside = offline_context(chromium, 1280)
        for name in names:
            en, ar = columns(context, english / name), columns(context, arabic / name)
            assert en["nav"] and ar["nav"], name
            # English: navigation | text (| contents); Arabic: (contents |) text | navigation.
            assert en["nav"][1] <= en["text"][0] and ar["text"][1] <= ar["nav"][0], (name, en, ar)
            if en["toc"] or ar["toc"]:
                assert en["toc"] and ar["toc"], name
                assert en["text"][1] <= en["toc"][0] and ar["toc"][1] <= ar["text"][0], name
            gap_en = en["text"][0] - en["nav"][1]
            gap_ar = ar["nav"][0] - ar["text"][1]
            assert abs(gap_ar - gap_en) <= TOLERANCE, (name, gap_en, gap_ar)
        assert outside == []


def test_nothing_runs_off_a_phone_screen(corpus_editions) -> None:
    with browser() as chromium:
        context, outside = offline_context(chromium, 390)
        for lang in ("en", "ar"):
            book = corpus_editions[lang].html
            for name in pages(book):
                page, errors = open_page(context, (book / name).as_uri())
                overflow = page.evaluate(OVERFLOW_JS)
                page.close()
                assert overflow <= 1, (lang, name, overflow)
                assert errors == [], (lang, name, errors)
        assert outside == []


#: What the visible menu button of the page header opened: the navigation dialog's state and
#: the chapters listed in it.
MENU_JS = """
() => {
  const dialog = document.querySelector('#pst-primary-sidebar-modal');
  return {open: !!(dialog && dialog.open),
          links: dialog ? dialog.querySelectorAll('a.reference.internal').length : 0};
}
"""


def test_the_menu_button_opens_the_navigation_on_a_phone(corpus_editions) -> None:
    """The themes bind their handler to the first menu button only, a hidden one: the one a
    reader sees on a phone must open the list of chapters too (book/_static/talksbook.js)."""
    with browser() as chromium:
        context, outside = offline_context(chromium, 390)
        for lang in ("en", "ar"):
            page, errors = open_page(context, (corpus_editions[lang].html / "calls.html").as_uri())
            page.locator("button.primary-toggle:visible").first.click()
            page.wait_for_timeout(300)
            opened = page.evaluate(MENU_JS)
            page.close()
            assert opened["open"] and opened["links"] >= 3, (lang, opened)
            assert errors == [], (lang, errors)
        assert outside == []


# --- the Arabic PDF ---------------------------------------------------------------------------

WORD = re.compile(
    r'<word xMin="[\d.]+" yMin="(?P<top>[\d.]+)" xMax="[\d.]+" yMax="(?P<bottom>[\d.]+)">'
    r"(?P<text>[^<]*)</word>"
)


def page_words(pdf: Path) -> list[list[tuple[float, float, str]]]:
    """Each page's words as pdftotext places them: (top, bottom, text), in points."""
    found = subprocess.run(
        ["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    return [
        [(float(m["top"]), float(m["bottom"]), html.unescape(m["text"])) for m in WORD.finditer(p)]
        for p in found.split("<page ")[1:]
    ]


def test_no_heading_spills_letters_into_the_arabic_pdfs_running_foot(corpus_editions) -> None:
    """A heading that opens a page keeps its letters on it. At the theme's tight line height
    for headings, the hamza of an Arabic heading's alef rises above its line box, and Chromium
    printed it at the foot of the page before: a stray "أ" beside the chapter's name."""
    arabic = corpus_editions["ar"]
    assert arabic.pdf is not None and arabic.pdf.is_file()
    pages = page_words(arabic.pdf)
    total = str(len(pages)).translate(str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩"))
    feet = 0
    for number, words in enumerate(pages, start=1):
        # The running foot: the line that holds "page / pages" (the title page has none).
        foot = max((top for top, _, text in words if text == total), default=None)
        if foot is None:
            continue
        feet += 1
        # Every word above the foot ends above it.
        spilled = [w for w in words if w[0] < foot - 1 and w[1] > foot + 1]
        assert not spilled, (number, spilled)
    assert feet >= len(pages) - 1
