"""Every coded value in the data has words in each edition: one the templates cannot say is a
problem with a fix before anything runs, never a value silently dropped from a sentence."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import set_cell

from talksbook.data import ValidationError, load, validate
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
    assert unphrased(load(DATA_DIR), LANGUAGES) == []


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
    result = subprocess.run(
        [sys.executable, "-m", "talksbook", "validate", str(package_dir)],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert result.returncode == 1  # ...but the book cannot say it
    for lang in LANGUAGES:
        assert (
            f"{package_dir / 'figures.csv'}:{line}: unit: the book has no words for 'hour' in "
            f"its {lang} edition. Fix: add unit.hour to "
            f"src/talksbook/templates/narrative.{lang}.yml"
        ) in result.stdout


def test_the_build_stops_before_anything_runs(package_dir: Path, tmp_path: Path):
    with_new_unit(package_dir)
    with pytest.raises(ValidationError) as raised:
        build(BuildOptions(data=package_dir, out=tmp_path / "out", report=lambda _: None))
    assert [p.column for p in raised.value.problems] == ["unit"]
    assert not (tmp_path / "out").exists()
