"""A data package may name its own book: title (per language) and PDF name, from the
descriptor's ``book`` block; without one, the book plan's."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from talksbook.data import load, validate
from talksbook.data.rehash import rehash
from talksbook.pipeline import BuildOptions, build, pdf_path
from talksbook.plan import PDF_NAME, BookPlan

BOOK = {"title": "Talks & truces, 2025", "title_ar": "محادثات وهدن ٢٠٢٥", "pdf_name": "talks-2025"}


def with_book(folder: Path, book: object) -> None:
    path = folder / "datapackage.json"
    descriptor = json.loads(path.read_text(encoding="utf-8"))
    descriptor["book"] = book
    path.write_text(json.dumps(descriptor, ensure_ascii=False, indent=2), encoding="utf-8")
    rehash(folder)


def test_the_book_block_names_the_book_and_its_pdf(package_dir: Path, tmp_path: Path):
    with_book(package_dir, BOOK)
    assert validate(package_dir) == []
    plan = BookPlan.load().with_book(load(package_dir).descriptor["book"])
    assert (plan.title("en"), plan.title("ar")) == (BOOK["title"], BOOK["title_ar"])
    assert pdf_path(tmp_path, "ar", plan.pdf_name).name == "talks-2025.ar.pdf"
    assert plan.as_dict() != BookPlan.load().as_dict()  # a new title rebuilds the book
    english_only = BookPlan.load().with_book({"title": "Only English"})
    assert english_only.title("ar") == "Only English" and english_only.pdf_name == PDF_NAME


def test_without_a_book_block_the_plan_names_the_book(package_dir: Path):
    plan = BookPlan.load()
    assert plan.with_book(load(package_dir).descriptor.get("book")) == plan


@pytest.mark.parametrize(
    ("book", "column", "problem"),
    [
        ("A title", "book", "must be an object"),
        ({"titel": "A"}, "book.titel", "is not a key of the book block"),
        ({"title": ""}, "book.title", "must be a non-empty text"),
        ({"title": "A\nB"}, "book.title", "holds a line break or a hidden character"),
        ({"title": "A\u202eB"}, "book.title", "holds a line break or a hidden character"),
        ({"title": "A" * 201}, "book.title", "is longer than 200 characters"),
        ({"title": "A", "pdf_name": "../etc/x"}, "book.pdf_name", "is not a file name"),
        ({"title_ar": "محادثات"}, "book.title", "is missing beside title_ar"),
    ],
)
def test_a_bad_book_block_is_refused(package_dir: Path, book: object, column: str, problem: str):
    with_book(package_dir, book)
    problems = [str(p) for p in validate(package_dir)]
    where = f"{package_dir / 'datapackage.json'}: {column}: "
    assert any(p.startswith(where) and problem in p for p in problems), problems


@pytest.mark.slow
def test_the_built_book_carries_the_package_title(package_dir: Path, tmp_path: Path):
    with_book(package_dir, BOOK)
    html = build(BuildOptions(data=package_dir, out=tmp_path / "out", report=lambda _: None)).html
    page = (html / "overview.html").read_text(encoding="utf-8")
    assert "<title>Overview &#8212; Talks &amp; truces, 2025</title>" in page
    assert 'logo__title">Talks &amp; truces, 2025</p>' in page
    assert "February 2025 talks" not in page
