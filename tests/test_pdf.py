"""The PDF, read back with pdftotext: chapters, chart titles and Arabic quotes are all there."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys

import pytest
from browser import require_chromium

from talksbook import charts, pdf
from talksbook.data import load
from talksbook.paths import DATA_DIR
from talksbook.plan import BookPlan

pytestmark = pytest.mark.slow
BIDI_MARKS = re.compile("[\u200e\u200f\u202a-\u202e\u2066-\u2069]")


@pytest.fixture(scope="module")
def pdf_text(shipped_build) -> str:
    require_chromium()
    assert shipped_build.pdf is not None and shipped_build.pdf.is_file()
    text = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(shipped_build.pdf), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return " ".join(BIDI_MARKS.sub("", text).split())


def test_every_chapter_title_is_in_the_pdf(pdf_text: str):
    assert pdf_text.startswith(BookPlan.load().title("en"))
    for chapter in BookPlan.load().chapters(load(DATA_DIR)):
        assert chapter.title in pdf_text


def test_every_chart_title_is_in_the_pdf(pdf_text: str):
    package = load(DATA_DIR)
    for name, builder in charts.BUILDERS.items():
        title = builder(package).to_dict()["title"]["text"]
        for line in [title] if isinstance(title, str) else title:
            assert line in pdf_text, name


def test_arabic_quotes_are_in_the_pdf(pdf_text: str):
    # pdftotext may reorder the clauses of a right-to-left line; each clause must be there.
    quotes = load(DATA_DIR)["statements"].query("mode == 'direct'").text_ar
    assert len(quotes) >= 2
    for quote in quotes:
        for clause in re.split(r"[،,.\"]", quote):
            if clause.strip():
                assert " ".join(clause.split()) in pdf_text, clause


def test_pages_are_numbered(shipped_build):
    require_chromium()
    text = subprocess.run(
        ["pdftotext", str(shipped_build.pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    pages = int(
        re.search(
            r"Pages:\s+(\d+)",
            subprocess.run(
                ["pdfinfo", str(shipped_build.pdf)], capture_output=True, text=True, check=True
            ).stdout,
        ).group(1)
    )
    assert f"1 / {pages}" in text and f"{pages} / {pages}" in text


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
    page.write_text(
        '<html lang="ar" dir="rtl"><body><div class="talksbook-chart-view"><svg></svg></div>'
        "<h1>نظرة عامة</h1><p>" + "نص " * 3000 + "</p></body></html>",
        encoding="utf-8",
    )
    monkeypatch.setenv("TALKSBOOK_CHROMIUM", binary)
    pdf.print_pdf(page, tmp_path / "page.pdf", lang="ar", title="واشنطن وموسكو")
    text = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(tmp_path / "page.pdf"), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "عامة" in text and "وموسكو" in text and "١" in text
