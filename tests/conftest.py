"""Shared fixtures: a scratch copy of the shipped data package and a way to edit it."""

from __future__ import annotations

import csv
import io
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from talksbook.data.rehash import rehash
from talksbook.paths import DATA_DIR


@pytest.fixture(scope="session")
def editions(tmp_path_factory: pytest.TempPathFactory):
    """The shipped book in both editions (English, then Arabic, as `make book` builds them),
    built once per session, with their PDFs wherever Chromium exists."""
    from browser import CHROMIUM

    from talksbook.pipeline import BuildOptions, build_editions

    out = tmp_path_factory.mktemp("book")
    with_pdf = os.path.exists(CHROMIUM)
    options = BuildOptions(data=DATA_DIR, out=out, pdf=with_pdf, report=lambda _: None)
    english, arabic = build_editions(options, ["en", "ar"])
    return {"en": english, "ar": arabic}


@pytest.fixture(scope="session")
def shipped_build(editions):
    """The English edition of the shipped book (the Arabic one is published inside it)."""
    return editions["en"]


@pytest.fixture(scope="session")
def arabic_build(editions):
    """The Arabic edition of the shipped book, at OUT/html/ar."""
    return editions["ar"]


@pytest.fixture
def package_dir(tmp_path: Path) -> Path:
    """A writable copy of data/ (sources and geo data included)."""
    target = tmp_path / "data"
    shutil.copytree(DATA_DIR, target)
    return target


def read_rows(path: Path) -> list[list[str]]:
    return list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"), newline="")))


def write_rows(path: Path, rows: list[list[str]]) -> None:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    path.write_text(buffer.getvalue(), encoding="utf-8")


def set_cell(
    folder: Path, table: str, row_id: str, column: str, value: str, keep_hash: bool = False
) -> int:
    """Set one cell (row found by its first column) and return the row's line number."""
    path = folder / f"{table}.csv"
    rows = read_rows(path)
    index = rows[0].index(column)
    line = next(i for i, row in enumerate(rows) if row and row[0] == row_id) + 1
    rows[line - 1][index] = value
    write_rows(path, rows)
    if not keep_hash:
        rehash(folder)
    return line


def talksbook(*args: str, timeout: int = 300) -> subprocess.CompletedProcess[str]:
    """Run the ``talksbook`` command as a person would, with a time limit: a command that
    hangs (on a FIFO, say) fails its test instead of the test run."""
    return subprocess.run(
        [sys.executable, "-m", "talksbook", *args],
        capture_output=True,
        text=True,
        check=False,
        timeout=timeout,
    )
