"""A real browser for tests: Debian's Chromium driven by Playwright, with the network shut."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager

import pytest

from talksbook import pdf

CHROMIUM = shutil.which("chromium") or pdf.CHROMIUM


def require_chromium() -> None:
    """Skip without Chromium, except in CI, where a missing browser is a failure."""
    if os.path.exists(CHROMIUM):
        return
    if os.environ.get("CI"):
        pytest.fail(
            f"Chromium is required in CI but {CHROMIUM} does not exist (apt-get install chromium)"
        )
    pytest.skip("Chromium is not installed (apt-get install chromium)")


@contextmanager
def browser() -> Iterator[object]:
    """A headless Chromium whose pages can load only file:// URLs."""
    require_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=CHROMIUM, args=pdf.CHROMIUM_ARGS)
        try:
            yield instance
        finally:
            instance.close()


def offline_context(chromium: object, width: int = 1280) -> tuple[object, list[str]]:
    """A browser context that may load only file:// URLs; the list collects any other URL a
    page tried to load (each was refused)."""
    import re

    context = chromium.new_context(viewport={"width": width, "height": 900})  # type: ignore[attr-defined]
    outside: list[str] = []
    context.route(
        re.compile(r"^(?!file:).*"),
        lambda route: (outside.append(route.request.url), route.abort()),
    )
    return context, outside


def open_page(context: object, url: str) -> tuple[object, list[str]]:
    """Open ``url`` in a new tab, collecting its console errors and uncaught exceptions."""
    page = context.new_page()  # type: ignore[attr-defined]
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(url)
    page.wait_for_load_state("load")
    return page, errors
