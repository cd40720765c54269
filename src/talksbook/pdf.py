"""The PDF: the single-page HTML build, printed by Debian's Chromium.

Chromium keeps the charts as vectors and shapes Arabic correctly; the print stylesheet in
talksbook.css removes navigation and starts each chapter on a new page.
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

CHROMIUM = "/usr/bin/chromium"
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
FOOTER = (
    '<div style="font-size:8pt;width:100%;text-align:center;color:#555">'
    '<span class="pageNumber"></span> / <span class="totalPages"></span></div>'
)


class ChromiumMissing(RuntimeError):
    """The PDF needs Debian's Chromium."""


def chromium() -> str:
    """Path of the Chromium to print with, or a precise instruction to install it.

    TALKSBOOK_CHROMIUM names another browser binary (or, in tests, a missing one).
    """
    chosen = os.environ.get("TALKSBOOK_CHROMIUM")
    if chosen:
        found = chosen if Path(chosen).is_file() else None
    else:
        found = shutil.which("chromium") or (CHROMIUM if Path(CHROMIUM).exists() else None)
    if found is None:
        raise ChromiumMissing(
            "the PDF is printed by Chromium, which is not installed. "
            "Install it with: sudo apt-get install chromium "
            "fonts-hosny-amiri fonts-noto-core"
        )
    return found


def single_page_links(page: Path, names: list[str]) -> None:
    """Point links between pages at the sections of the single page instead."""
    text = page.read_text(encoding="utf-8")
    for name in names:
        text = re.sub(rf'href="{re.escape(name)}\.html#', 'href="#', text)
        text = re.sub(rf'href="{re.escape(name)}\.html"', f'href="#document-{name}"', text)
    page.write_text(text, encoding="utf-8")


def print_pdf(page: Path, pdf: Path, timeout_ms: int = 60_000) -> None:
    """Open ``page`` in headless Chromium with the network shut, wait for charts, print."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium(), args=CHROMIUM_ARGS)
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
            pdf.parent.mkdir(parents=True, exist_ok=True)
            tab.pdf(
                path=str(pdf),
                format="A4",
                print_background=True,
                display_header_footer=True,
                header_template="<span></span>",
                footer_template=FOOTER,
                outline=True,
                tagged=True,
                margin={"top": "16mm", "bottom": "18mm", "left": "14mm", "right": "14mm"},
            )
        finally:
            browser.close()
