"""The PDF: the single-page HTML build, printed by Debian's Chromium.

Chromium keeps the charts as vectors and shapes Arabic correctly; the print stylesheet in
talksbook.css removes navigation and starts each chapter on a new page.

The printer is Debian's ``chromium-headless-shell`` where it is installed (the headless-only
build, which Playwright itself uses for headless work), else ``chromium``. Both print the same
PDF; the shell with PRINT_ARGS does it in about half the memory (at 100,000 events: 1.2 GB
instead of 2.1 GB summed over its processes; see benchmarks/README.md).
"""

from __future__ import annotations

import importlib.util
import os
import re
import shutil
from pathlib import Path

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


def page_style(lang: str = "en") -> str:
    """The printed page: A4, margins, and "page / pages" at the foot of each page.

    Page numbers are a CSS margin box rather than Chromium's footer template, whose numbers
    are always ASCII digits.
    """
    counter = PAGE_NUMBER_STYLES.get(lang, "decimal")
    return (
        f"@page {{ size: A4; margin: {MARGINS};"
        f' @bottom-center {{ content: counter(page, {counter}) " / "'
        f" counter(pages, {counter}); font-size: 8pt; color: #555;"
        ' font-family: "Noto Sans", "Noto Sans Arabic", sans-serif; } }'
    )


TITLE_SCRIPT = """title => {
    const heading = document.createElement("p");
    heading.className = "talksbook-book-title";
    heading.textContent = title;
    (document.getElementById("jb-print-docs-body") || document.body).prepend(heading);
}"""


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
    text = page.read_text(encoding="utf-8")
    for name in names:
        text = re.sub(rf'href="{re.escape(name)}\.html#', 'href="#', text)
        text = re.sub(rf'href="{re.escape(name)}\.html"', f'href="#document-{name}"', text)
    page.write_text(text, encoding="utf-8")


def print_pdf(
    page: Path, pdf: Path, timeout_ms: int = 60_000, lang: str = "en", title: str = ""
) -> None:
    """Open ``page`` in headless Chromium with the network shut, wait for charts, print
    (page numbers in the digits of the edition's language ``lang``; the book's ``title`` at
    the head of the first page, above the theme's print header and contents)."""
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
            tab.add_style_tag(content=page_style(lang))
            if title:
                # As text, never markup: the title is the book plan's, but stays inert anyway.
                tab.evaluate(TITLE_SCRIPT, title)
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
