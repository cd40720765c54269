"""Arabic twins: a package that declares an Arabic edition gives every English text the book
shows its Arabic twin, in the tables and in the descriptor; one that does not may leave them
out. Each missing or wrong twin is one problem, at its file, line and column."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from conftest import read_rows, set_cell, write_rows

from talksbook.data import load, validate
from talksbook.data.rehash import rehash
from talksbook.data.twins import DESCRIPTOR_TEXTS, TWINS, declares, descriptor_text
from talksbook.paths import DESCRIPTOR_NAME


def descriptor(folder: Path) -> dict[str, Any]:
    return json.loads((folder / DESCRIPTOR_NAME).read_text(encoding="utf-8"))


def save(folder: Path, value: dict[str, Any]) -> None:
    (folder / DESCRIPTOR_NAME).write_text(
        json.dumps(value, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
    )


def field(value: dict[str, Any], table: str, name: str) -> dict[str, Any]:
    resource = next(r for r in value["resources"] if r["name"] == table)
    return next(f for f in resource["schema"]["fields"] if f["name"] == name)


def messages(folder: Path) -> list[str]:
    return [str(p) for p in validate(folder)]


def test_the_shipped_package_declares_arabic_and_gives_every_twin():
    from talksbook.paths import DATA_DIR

    package = load(DATA_DIR)
    assert declares(package.descriptor)
    for table, pairs in TWINS.items():
        frame = package[table]
        for english, twin in pairs.items():
            needed = frame[english].fillna("") != ""
            if table == "sources" and twin == "title_ar":
                needed &= frame["language"] != "ar"
            assert (frame.loc[needed, twin].fillna("") != "").all(), (table, twin)


@pytest.mark.parametrize(
    ("table", "row", "twin", "value", "words"),
    [
        ("sources", "geonames", "notes_ar", "", "is empty beside notes 'Coordinates of"),
        ("aliases", "trump", "note_ar", "surname", "'surname' is not written in Arabic"),
    ],
)
def test_a_missing_or_english_twin_is_located(
    package_dir: Path, table: str, row: str, twin: str, value: str, words: str
):
    line = set_cell(package_dir, table, row, twin, value)
    (problem,) = validate(package_dir)
    assert (Path(problem.file).name, problem.line, problem.column) == (f"{table}.csv", line, twin)
    assert words in str(problem)
    assert 'remove "ar" from "languages"' in problem.fix


def test_an_arabic_source_needs_no_translated_title(package_dir: Path):
    set_cell(package_dir, "sources", "art-ar", "title_ar", "")
    assert validate(package_dir) == []
    line = set_cell(package_dir, "sources", "geonames", "title_ar", "")
    assert [(p.line, p.column) for p in validate(package_dir)] == [(line, "title_ar")]


@pytest.mark.parametrize(
    ("path", "column"),
    [
        ((), "description_ar"),
        (("licenses", 0), "licenses[1].title_ar"),
        (("resources", "events"), "events.description_ar"),
        (("resources", "events", "date_note"), "events.date_note.description_ar"),
    ],
)
def test_a_missing_descriptor_twin_is_located(package_dir: Path, path: tuple, column: str):
    value = descriptor(package_dir)
    owner: dict[str, Any] = value
    if path and path[0] == "licenses":
        owner = value["licenses"][path[1]]
    elif path:
        owner = next(r for r in value["resources"] if r["name"] == path[1])
        if len(path) == 3:
            owner = field(value, path[1], path[2])
    del owner["description_ar" if column.endswith("description_ar") else "title_ar"]
    save(package_dir, value)
    (problem,) = validate(package_dir)
    assert (Path(problem.file).name, problem.line, problem.column) == (DESCRIPTOR_NAME, 0, column)
    assert "is missing beside" in problem.message


def test_a_twin_column_the_descriptor_leaves_out_is_named(package_dir: Path):
    value = descriptor(package_dir)
    resource = next(r for r in value["resources"] if r["name"] == "figures")
    fields = resource["schema"]["fields"]
    resource["schema"]["fields"] = [f for f in fields if f["name"] != "note_ar"]
    save(package_dir, value)
    rows = read_rows(package_dir / "figures.csv")
    index = rows[0].index("note_ar")
    write_rows(package_dir / "figures.csv", [r[:index] + r[index + 1 :] for r in rows])
    rehash(package_dir)
    (problem,) = validate(package_dir)
    assert problem.column == "figures.note_ar"
    assert "the Arabic twin of note is missing" in problem.message


def test_a_twin_column_may_not_be_looser_than_the_english(package_dir: Path):
    value = descriptor(package_dir)
    field(value, "aliases", "note_ar")["constraints"] = {"maxLength": 90000}
    save(package_dir, value)
    (problem,) = validate(package_dir)
    assert problem.column == "aliases.note_ar"
    assert "at most 5000 characters" in problem.message


def test_without_arabic_declared_twins_may_be_left_out(package_dir: Path):
    value = descriptor(package_dir)
    del value["languages"]
    del value["description_ar"]
    save(package_dir, value)
    set_cell(package_dir, "sources", "geonames", "notes_ar", "")
    set_cell(package_dir, "aliases", "trump", "note_ar", "")
    assert validate(package_dir) == []


@pytest.mark.parametrize("languages", [["ar", "en"], ["en", "fr"], "en,ar", ["en", "en"], []])
def test_languages_are_the_editions_english_first(package_dir: Path, languages: object):
    value = descriptor(package_dir)
    value["languages"] = languages
    save(package_dir, value)
    problems = validate(package_dir)
    assert [p.column for p in problems] == ["languages"]
    assert 'write "languages": ["en", "ar"]' in problems[0].fix


def test_a_descriptor_twin_is_plain_text(package_dir: Path):
    value = descriptor(package_dir)
    value["title_ar"] = "عنوان\u202e مقلوب"
    save(package_dir, value)
    (problem,) = validate(package_dir)
    assert problem.column == "title_ar" and "hidden characters" in problem.message


def test_descriptor_text_prefers_the_twin():
    owner = {"description": "English", "description_ar": "عربي"}
    assert descriptor_text(owner, "description", "ar") == "عربي"
    assert descriptor_text(owner, "description", "en") == "English"
    assert descriptor_text({"description": "English"}, "description", "ar") == "English"
    assert descriptor_text({}, "title", "ar") == ""
    assert set(DESCRIPTOR_TEXTS) == {"package", "licence", "resource", "field", "book"}
