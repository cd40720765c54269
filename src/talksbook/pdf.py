"""The PDF: the single-page HTML build, printed by Debian's Chromium.

Chromium keeps the charts as vectors and shapes Arabic correctly. The book opens with a title
page (`title_page`: title, what it is built from, the edition's language and date), then the
contents; each chapter starts on a new page and carries its title at the foot of its pages
(`page_style`). The print stylesheet in talksbook.css removes navigation, keeps headings with
what follows them and keeps charts, figures, table rows and short tables whole.

The printer is Debian's ``chromium-headless-shell`` where it is installed (the headless-only
build, which Playwright itself uses for headless work), else ``chromium``. Both print the same
PDF; the shell with PRINT_ARGS does it in about half the memory (at 100,000 events: 1.2 GB
instead of 2.1 GB summed over its processes; see benchmarks/README.md).
"""

from __future__ import annotations

import importlib.util
import os
import posixpath
import re
import shutil
from collections import Counter
from collections.abc import Mapping, Sequence
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any
from urllib.parse import quote_from_bytes, unquote_to_bytes

from .data import Package
from .html import Html, ar, el
from .words import direction, fmt_date, fmt_list, has, say, text, value_html

CHROMIUM = "/usr/bin/chromium"
#: Preferred printers, best first (Debian packages chromium-headless-shell and chromium).
PRINTERS = ("chromium-headless-shell", "chromium")
# Offline, Chromium otherwise tries to reach update and metrics hosts at every start; as root
# it needs --no-sandbox.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
#: For printing only. A long page's print is the peak of a build's memory: the GPU stub in the
#: browser process, no zygote (two processes fewer) and V8 sized for memory rather than speed
#: halve it, for about a fifth more CPU time (measured, benchmarks/README.md).
PRINT_ARGS = ["--in-process-gpu", "--no-zygote", "--js-flags=--optimize-for-size"]
#: CSS counter style of page numbers per edition language (decimal otherwise): the Arabic
#: edition numbers its pages as it writes every other number.
PAGE_NUMBER_STYLES = {"ar": "arabic-indic"}
MARGINS = "16mm 14mm 18mm 14mm"


#: Margin boxes at the foot of the page, by the edition's direction: the chapter's name at
#: the start of the line, "page / pages" at its end.
FOOT_BOXES = {"ltr": ("bottom-left", "bottom-right"), "rtl": ("bottom-right", "bottom-left")}
FOOT_STYLE = (
    'font-size: 8pt; color: #555; font-family: "Noto Sans", "Noto Sans Arabic", sans-serif;'
)
#: Where the printed page's text goes (A4 less MARGINS), in CSS pixels: what a table must fit
#: in to be kept whole (see PREPARE_SCRIPT).
TEXT_WIDTH_PX = round((210 - 14 - 14) / 25.4 * 96)
TEXT_HEIGHT_PX = round((297 - 16 - 18) / 25.4 * 96)
#: The named page of each chapter (its running foot): ``talksbook-chapter-<n>``.
CHAPTER_PAGE = "talksbook-chapter-{}"
#: The title page's class.
TITLE_PAGE = "talksbook-title-page"
#: How many sources the title page names by title; more are counted by kind.
NAMED_SOURCES = 3


def css_string(text: str) -> str:
    """``text`` as a CSS string: every character but ASCII letters, digits and spaces written
    as an escape, so that no text (a meeting's title is data) can end the string or the rule."""
    return (
        '"'
        + "".join(
            c if c.isascii() and (c.isalnum() or c == " ") else f"\\{ord(c):x} " for c in text
        )
        + '"'
    )


def page_style(
    lang: str = "en",
    chapters: Sequence[tuple[str, str]] = (),
    root: str = "",
    titled: bool = False,
) -> str:
    """The printed page: A4, margins, "page / pages" at the foot of each page but the title
    page (if ``titled``), and on every page of a chapter its title (``chapters``: page name
    and title, in order; ``root`` is the page that holds the others in the single page).

    Page numbers are a CSS margin box rather than Chromium's footer template, whose numbers
    are always ASCII digits and which knows nothing of chapters. Each chapter is a named page
    (``page: talksbook-chapter-<n>``) whose margin box holds its title: Chromium has no running
    strings (``string-set``), but it has named pages and margin boxes, and a new page name
    also starts the chapter on a new page.
    """
    counter = PAGE_NUMBER_STYLES.get(lang, "decimal")
    start, end = FOOT_BOXES[direction(lang)]
    rules = [
        f"@page {{ size: A4; margin: {MARGINS};"
        f' @{end} {{ content: counter(page, {counter}) " / " counter(pages, {counter});'
        f" {FOOT_STYLE} }} }}",
    ]
    if titled:
        # The title page carries no number (it counts as page one all the same). The first
        # page rather than a named one: a page name would break the page before it as well,
        # after the (empty) top of the theme's page.
        rules.append(f"@page :first {{ @{end} {{ content: none; }} }}")
    for number, (name, title) in enumerate(chapters):
        page = CHAPTER_PAGE.format(number)
        # The root page's section holds the whole book; each other one holds its anchor
        # (moved there by PREPARE_SCRIPT).
        selector = (
            ".bd-article > section"
            if name == root
            else f"section:has(> [id={css_string(f'document-{name}')}])"
        )
        rules.append(f"{selector} {{ page: {page}; break-before: page; }}")
        rules.append(
            f"@page {page} {{ @{start} {{ content: {css_string(title)}; {FOOT_STYLE}"
            " width: 70%; } }"
        )
    return "\n".join(rules)


def _source_title(row: Mapping[Any, Any], lang: str) -> Html:
    """A source's title in the edition's language: the original where the source is written
    in it, else its translation (``title_<lang>``, ``title_en``), else the original."""
    original = _text(row.get("title"))
    if _text(row.get("language")) == lang and original:
        title = original
    else:
        title = _text(row.get(f"title_{lang}")) or _text(row.get("title_en")) or original
    if title == original and _text(row.get("language")) == "ar" and lang != "ar":
        return ar(title)
    return value_html(title, lang)


def _text(value: object) -> str:
    return value.strip() if isinstance(value, str) else ""


def source_line(package: Package, lang: str = "en") -> Html:
    """What the book is built from: the number of sources in the data and, up to
    NAMED_SOURCES, their titles; beyond, how many of each kind ("15 articles and one
    gazetteer"), or the bare count where a kind has no words."""
    sources = package["sources"]
    if sources.empty:
        return Html()
    rows = sources.to_dict("records")
    if len(rows) <= NAMED_SOURCES:
        titles = [say("pdf.source.title", lang, title=_source_title(r, lang)) for r in rows]
        return say("pdf.sources.named", lang, n=len(rows), titles=fmt_list(titles, lang))
    kinds = Counter(_text(r.get("kind")) for r in rows)
    if not all(has(f"source.count.{kind}", lang) for kind in kinds):
        return say("pdf.sources.total", lang, n=len(rows))
    counted = [text(f"source.count.{kind}", lang, n=n) for kind, n in kinds.items()]
    return say("pdf.sources.counted", lang, n=len(rows), kinds=fmt_list(counted, lang))


def title_page(package: Package, title: str, lang: str, edition: date, author: str = "") -> Html:
    """The first page of the PDF: the book's ``title`` (a subtitle after its first colon set
    beneath it), what it is built from, the edition's language and date, its ``author``."""
    main, colon, subtitle = title.partition(": ")
    return el(
        "section",
        el("p", main + colon.rstrip(), class_="talksbook-title"),
        el("p", subtitle, class_="talksbook-subtitle") if subtitle else None,
        el("p", source_line(package, lang), class_="talksbook-sources"),
        el(
            "div",
            el("p", text(f"pdf.edition.{lang}", lang), class_="talksbook-edition"),
            el(
                "p",
                text("pdf.date", lang, date=fmt_date(edition, "day", lang)),
                class_="talksbook-date",
            ),
            el("p", author, class_="talksbook-author") if author else None,
            class_="talksbook-imprint",
        ),
        class_=TITLE_PAGE,
        lang=lang,
        dir=direction(lang),
    )


#: Prepares the single page for print: puts the title page (markup built by title_page, every
#: value in it escaped) before the theme's print header; moves each chapter's anchor (an empty
#: span the single page writes between chapters, which would print as a page of its own
#: between two named pages) into the chapter's section; and marks the tables short enough to
#: be kept whole: measured in print media at the width of the printed text, each table of at
#: most KEEP_FRACTION of a page (a longer one kept whole would move to the next page and leave
#: most of this one blank; it breaks between rows, its header repeated), with the lines that
#: lead into it.
PREPARE_SCRIPT = """([front, width, height]) => {
    const header = document.getElementById("jb-print-docs-body") || document.body;
    header.insertAdjacentHTML("beforebegin", front);
    for (const anchor of document.querySelectorAll(".toctree-wrapper > span[id^='document-']")) {
        const chapter = anchor.nextElementSibling;
        if (chapter && chapter.tagName === "SECTION") chapter.prepend(anchor);
    }
    const article = document.querySelector(".bd-article") || document.body;
    const before = article.style.width;
    article.style.width = width + "px";
    for (const table of article.querySelectorAll("table")) {
        if (table.getBoundingClientRect().height > height) continue;
        table.classList.add("talksbook-keep");
        // The short lines that lead into it (its heading, a line or two on its rows) go
        // with it: up to a heading, at most a quarter of a page.
        let lead = 0;
        for (let e = table.previousElementSibling; e; e = e.previousElementSibling) {
            lead += e.getBoundingClientRect().height;
            if (lead > height / 2) break;
            e.classList.add("talksbook-keep-next");
            if (/^H[1-6]$/.test(e.tagName)) break;
        }
    }
    article.style.width = before;
}"""
#: The share of a page a table may fill and still be kept whole (see PREPARE_SCRIPT).
KEEP_FRACTION = 0.5


#: The dates Chromium (Skia) writes into the PDF's information dictionary, uncompressed:
#: ``/CreationDate (D:YYYYMMDDHHmmSS+HH'mm')``.
PDF_DATE = re.compile(rb"/(CreationDate|ModDate) \(D:\d{14}[+-]\d\d'\d\d'\)")


def stamp(pdf: Path, moment: datetime) -> None:
    """Write ``moment`` (the edition's, see talksbook.pipeline.edition_time) as the PDF's
    creation and modification dates instead of the time Chromium printed it: with
    SOURCE_DATE_EPOCH set, the same book gives the same PDF. The new dates have the length of
    the old ones, so no offset in the file moves."""
    utc = moment.astimezone(UTC).strftime("%Y%m%d%H%M%S").encode()
    data = pdf.read_bytes()
    stamped = PDF_DATE.sub(lambda m: b"/" + m.group(1) + b" (D:" + utc + b"+00'00')", data)
    if stamped != data:
        pdf.write_bytes(stamped)


#: A link to a URI in the PDF, as Chromium (Skia) writes it: ``/URI (escaped string)``.
PDF_URI = re.compile(rb"/URI \(((?:[^\\()]|\\.)*)\)")
#: The end of the PDF: where its cross-reference table starts.
PDF_START = re.compile(rb"startxref\s+(\d+)\s+%%EOF\s*$")
#: A subsection of the cross-reference table: its first object's number and its count.
PDF_SUBSECTION = re.compile(rb"(\d+) (\d+)\r?\n")


def relative_links(pdf: Path, folder: Path) -> None:
    """Write the PDF's links to files (``file://`` URIs, which Chromium makes absolute from
    the printed page's place) relative to ``folder``, where the page was: the PDF, published
    in its edition's folder, then links to the files beside it wherever the book is, and it
    holds no path of the machine or folder that printed it (the same book gives the same PDF,
    byte for byte). Chromium writes a classic cross-reference table, no object streams:
    `_moved` puts the table's offsets right."""
    base = os.fsencode(os.path.abspath(folder))
    data = pdf.read_bytes()
    pieces, shifts, last = [], [], 0
    for match in PDF_URI.finditer(data):
        uri = re.sub(rb"\\(.)", rb"\1", match.group(1))
        if not uri.startswith(b"file://"):
            continue
        path, hash_, fragment = uri.removeprefix(b"file://").partition(b"#")
        written = quote_from_bytes(posixpath.relpath(unquote_to_bytes(path), base)).encode()
        escaped = re.sub(rb"([\\()])", rb"\\\1", written + hash_ + fragment)
        pieces += [data[last : match.start(1)], escaped]
        shifts.append((match.start(1), len(escaped) - len(match.group(1))))
        last = match.end(1)
    if shifts:
        pdf.write_bytes(_moved(b"".join([*pieces, data[last:]]), shifts))


def _moved(data: bytes, shifts: list[tuple[int, int]]) -> bytes:
    """``data`` (a PDF whose bytes were replaced at the offsets of ``shifts``, each growing
    by its length change) with its cross-reference table and its start moved to match."""

    def moved(offset: int) -> int:
        return offset + sum(change for at, change in shifts if at < offset)

    end = PDF_START.search(data)
    if end is None:
        raise ValueError("no startxref at the end of the PDF")
    table = moved(int(end.group(1)))
    if not data.startswith(b"xref", table):
        raise ValueError("the PDF has no cross-reference table where startxref says")
    entries = bytearray(data)
    at = table + len(b"xref") + 1 + (data[table + 4 : table + 5] == b"\r")
    while (subsection := PDF_SUBSECTION.match(data, at)) is not None:
        at = subsection.end()
        for _ in range(int(subsection.group(2))):  # each entry: 20 bytes, "%010d %05d n \n"
            if data[at + 17 : at + 18] == b"n":
                entries[at : at + 10] = b"%010d" % moved(int(data[at : at + 10]))
            at += 20
    return bytes(entries[: end.start()]) + b"startxref\n%d\n%%%%EOF\n" % table


#: The names Chromium gives the tagged PDF's structure elements (table headers, which the
#: cells name as theirs): ``(node<8 digits>)``, from the page's DOM node ids, which vary from
#: one run to the next.
PDF_NODE_ID = re.compile(rb"\(node(\d{8})\)")


def stable_node_ids(pdf: Path) -> None:
    """Rename the PDF's structure elements ``node00000001``, ``node00000002``, … in the order
    of Chromium's names (everywhere they occur: elements, the cells that refer to them, the
    ID tree, which stays sorted), so that the same page gives the same PDF. Same lengths: no
    offset in the file moves."""
    data = pdf.read_bytes()
    names = sorted(set(PDF_NODE_ID.findall(data)))
    number = {name: b"%08d" % n for n, name in enumerate(names, start=1)}
    renamed = PDF_NODE_ID.sub(lambda m: b"(node" + number[m.group(1)] + b")", data)
    if renamed != data:
        pdf.write_bytes(renamed)


class ChromiumMissing(RuntimeError):
    """The PDF needs Debian's Chromium, driven by Playwright (the ``pdf`` extra)."""


def chromium() -> str:
    """Path of the Chromium to print with (see PRINTERS), or a precise instruction to install
    it. TALKSBOOK_CHROMIUM names another browser binary (or, in tests, a missing one)."""
    chosen = os.environ.get("TALKSBOOK_CHROMIUM")
    if chosen:
        found = chosen if Path(chosen).is_file() else None
    else:
        found = next(filter(None, map(shutil.which, PRINTERS)), None) or (
            CHROMIUM if Path(CHROMIUM).exists() else None
        )
    if found is None:
        raise ChromiumMissing(
            "the PDF is printed by Chromium, which is not installed. "
            "Install it with: sudo apt-get install chromium-headless-shell "
            "fonts-hosny-amiri fonts-noto-core"
        )
    if importlib.util.find_spec("playwright") is None:
        raise ChromiumMissing(
            "the PDF is printed through Playwright, which is not installed. "
            "Install it with: pip install 'talksbook[pdf]' (make venv installs it)"
        )
    return found


def single_page_links(page: Path, names: list[str]) -> None:
    """Point links between pages at the sections of the single page instead."""
    markup = page.read_text(encoding="utf-8")
    for name in names:
        markup = re.sub(rf'href="{re.escape(name)}\.html#', 'href="#', markup)
        markup = re.sub(rf'href="{re.escape(name)}\.html"', f'href="#document-{name}"', markup)
    page.write_text(markup, encoding="utf-8")


def print_pdf(
    page: Path,
    pdf: Path,
    timeout_ms: int = 60_000,
    lang: str = "en",
    front: Html | None = None,
    chapters: Sequence[tuple[str, str]] = (),
    root: str = "",
) -> None:
    """Open ``page`` in headless Chromium with the network shut, wait for charts, print: the
    ``front`` page (see `title_page`) first, then the theme's print header (the contents) and
    the chapters, each on new pages with its title at their foot (see `page_style`), page
    numbers in the digits of the edition's language ``lang``. Links to files are written
    relative to the page's folder (`relative_links`) and structure elements numbered in order
    (`stable_node_ids`): with `stamp`, the same book gives the same PDF."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=chromium(), args=CHROMIUM_ARGS + PRINT_ARGS
        )
        try:
            context = browser.new_context()
            context.route(re.compile(r"^(?!file:).*"), lambda route: route.abort())
            tab = context.new_page()
            tab.goto(page.as_uri(), wait_until="load", timeout=timeout_ms)
            tab.wait_for_function(
                "() => [...document.querySelectorAll('.talksbook-chart-view')]"
                ".every(v => v.querySelector('svg'))",
                timeout=timeout_ms,
            )
            tab.emulate_media(media="print")
            tab.add_style_tag(content=page_style(lang, chapters, root, titled=bool(front)))
            tab.evaluate(
                PREPARE_SCRIPT,
                [str(front or ""), TEXT_WIDTH_PX, TEXT_HEIGHT_PX * KEEP_FRACTION],
            )
            pdf.parent.mkdir(parents=True, exist_ok=True)
            tab.pdf(
                path=str(pdf),
                print_background=True,
                prefer_css_page_size=True,
                outline=True,
                tagged=True,
            )
        finally:
            browser.close()
    relative_links(pdf, page.parent)
    stable_node_ids(pdf)
