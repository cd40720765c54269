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
