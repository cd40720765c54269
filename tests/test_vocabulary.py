"""Every coded value in the data has words in each edition: one the templates cannot say is a
problem with a fix before anything runs, never a value silently dropped from a sentence."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from chapters import chapter
from conftest import set_cell, talksbook
from test_narrative import words

from talksbook.data import Package, ValidationError, load, validate
from talksbook.data.rehash import rehash
from talksbook.paths import DATA_DIR
from talksbook.pipeline import LANGUAGES, BuildOptions, build
from talksbook.vocabulary import PHRASED, unphrased
from talksbook.words import has


def test_every_value_the_descriptor_allows_has_words_in_every_edition():
    descriptor = json.loads((DATA_DIR / "datapackage.json").read_text(encoding="utf-8"))
    resources = {r["name"]: r for r in descriptor["resources"]}
    for (table, column), patterns in PHRASED.items():
        spec = next(f for f in resources[table]["schema"]["fields"] if f["name"] == column)
        values = spec["constraints"]["enum"]
        assert values, (table, column)
        for value in values:
            for lang in LANGUAGES:
                for pattern in patterns:
                    assert has(pattern.format(value), lang), (lang, pattern.format(value))


def test_every_coded_value_of_the_package_has_words(corpus: Package) -> None:
    assert unphrased(corpus, LANGUAGES) == []


def with_new_unit(folder: Path) -> int:
    """Allow a unit the templates have no words for, "hour", and use it; return its line."""
    path = folder / "datapackage.json"
    descriptor = json.loads(path.read_text(encoding="utf-8"))
    figures = next(r for r in descriptor["resources"] if r["name"] == "figures")
    unit = next(f for f in figures["schema"]["fields"] if f["name"] == "unit")
    unit["constraints"]["enum"].append("hour")
    path.write_text(json.dumps(descriptor, ensure_ascii=False, indent=2), encoding="utf-8")
    line = set_cell(folder, "figures", "fig-war-duration", "unit", "hour")
    rehash(folder)
    return line


def test_a_unit_without_words_is_a_problem_with_its_fix(package_dir: Path):
    line = with_new_unit(package_dir)
    assert validate(package_dir) == []  # the descriptor allows it...
    result = talksbook("validate", str(package_dir))
    assert result.returncode == 1  # ...but the book cannot say it
    for lang in LANGUAGES:
        assert (
            f"{package_dir / 'figures.csv'}:{line}: unit: the book has no words for 'hour' in "
            f"its {lang} edition. Fix: give unit.hour in the 'words' block of datapackage.json"
        ) in result.stdout


def test_the_build_stops_before_anything_runs(package_dir: Path, tmp_path: Path):
    with_new_unit(package_dir)
    with pytest.raises(ValidationError) as raised:
        build(BuildOptions(data=package_dir, out=tmp_path / "out", report=lambda _: None))
    assert [p.column for p in raised.value.problems] == ["unit"]
    assert not (tmp_path / "out").exists()


# --- words a package brings for its own values ------------------------------------------------

HOURS = {
    "en": {"one": "{n} hour", "other": "{n} hours"},
    "ar": {
        "one": "ساعة واحدة",
        "two": "ساعتان",
        "few": "{n} ساعات",
        "many": "{n} ساعةً",
        "other": "{n} ساعة",
    },
}


def with_words(folder: Path, words: object) -> None:
    path = folder / "datapackage.json"
    descriptor = json.loads(path.read_text(encoding="utf-8"))
    descriptor["words"] = words
    path.write_text(json.dumps(descriptor, ensure_ascii=False, indent=2), encoding="utf-8")
    rehash(folder)


def test_a_package_brings_the_words_for_its_own_unit(package_dir: Path):
    with_new_unit(package_dir)
    # Both accounts of the call's length in hours (claims about one quantity share a unit).
    set_cell(package_dir, "figures", "fig-call-duration-90", "unit", "hour")
    set_cell(package_dir, "figures", "fig-call-duration-90", "value", "1.5")
    set_cell(package_dir, "figures", "fig-call-duration-60", "unit", "hour")
    set_cell(package_dir, "figures", "fig-call-duration-60", "value", "1")
    with_words(package_dir, {"unit.hour": HOURS})
    package = load(package_dir)
    assert unphrased(package, LANGUAGES) == []
    english = words(chapter("calls", package, charts=False))
    assert "Length of the call: 1.5 hours, according to the article" in english
    assert "Another passage gives more than one hour" in english
    arabic = words(chapter("calls", package, lang="ar", charts=False))
    assert "مدة المكالمة: ١٫٥ ساعة، بحسب المقال" in arabic


@pytest.mark.parametrize(
    ("block", "column", "message"),
    [
        (["unit.hour"], "words", "must be an object of words"),
        ({"greeting": HOURS}, "words.greeting", "names no coded value"),
        ({"calls.lead.day": HOURS}, "words.calls.lead.day", "names no coded value"),
        ({"unit.minute": HOURS}, "words.unit.minute", "has words for this value already"),
        ({"unit.hour": {"en": "{n} hours"}}, "words.unit.hour", "must give the words in en and ar"),
        (
            {"unit.hour": {**HOURS, "en": "3 hours"}},
            "words.unit.hour.en",
            "must not contain digits",
        ),
        ({"unit.hour": {**HOURS, "en": "{n!r}"}}, "words.unit.hour.en", "bad placeholder"),
        ({"unit.hour": {**HOURS, "en": {"one": "{n} hour"}}}, "words.unit.hour.en", "'other'"),
        ({"unit.hour": {**HOURS, "en": ["x"]}}, "words.unit.hour.en", "a text"),
    ],
)
def test_a_words_block_the_book_cannot_use_is_a_problem(
    package_dir: Path, block: object, column: str, message: str
):
    with_new_unit(package_dir)
    with_words(package_dir, block)
    problems = unphrased(load(package_dir), LANGUAGES)
    assert any(p.column == column and message in p.message for p in problems), problems
    assert all(". Fix: " in str(p) for p in problems)


def test_a_packages_words_are_escaped_like_any_data(package_dir: Path):
    with_new_unit(package_dir)
    hostile = {"en": "{n} <img src=x onerror=alert(x)>", "ar": "{n} <script>x</script>"}
    with_words(package_dir, {"unit.hour": hostile})
    package = load(package_dir)
    assert unphrased(package, LANGUAGES) == []
    markup = str(chapter("meeting", package, meeting_id="riyadh-talks", charts=False))
    assert "&lt;img src=x onerror=alert(x)&gt;" in markup and "<img src=x" not in markup


def test_free_text_that_a_spreadsheet_would_run_is_a_warning(package_dir: Path):
    line = set_cell(package_dir, "events", "riyadh-talks", "summary_en", "=HYPERLINK(x)")
    set_cell(package_dir, "actors", "trump", "name_en", "@trump")
    result = talksbook("validate", str(package_dir))
    assert result.returncode == 0  # still valid: the text may be what the source says
    assert (
        f"warning: {package_dir / 'events.csv'}:{line}: summary_en: starts with '='"
        in result.stdout
    )
    assert "name_en: starts with '@'" in result.stdout
    assert result.stdout.count("warning:") == 2  # ids, codes and dates are never free text
