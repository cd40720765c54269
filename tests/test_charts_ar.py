"""The Arabic edition's charts: every builder speaks Arabic, writes Arabic-Indic digits, lays
its titles and y axis out from the right, and still validates and renders.

Human-facing strings are gathered from the Vega-Lite spec (title, subtitle, description, axis,
legend and tooltip titles, and the legend's category labels) and must each hold Arabic
letters; the words come from talksbook/templates/charts*.ar.yml, whose keys must match the
English ones (tests/test_narrative_ar.py checks all template files together).
"""

from __future__ import annotations

import dataclasses
import json
import re
from collections.abc import Iterator
from typing import Any

import altair as alt
import pytest
import vl_convert as vlc

from talksbook import charts
from talksbook.charts.theme import THEME_NAMES, theme
from talksbook.data import Package, load
from talksbook.paths import DATA_DIR

NAMES = sorted(charts.BUILDERS)
ARABIC = re.compile("[\u0600-\u06ff]")
LATIN_WORD = re.compile(r"\b[A-Za-z]{3,}\b")


@pytest.fixture(scope="module")
def pkg() -> Package:
    return load(DATA_DIR)


class Specs(dict):
    """Arabic specs, built on first use (one builder failing fails only its own tests)."""

    def __init__(self, pkg: Package) -> None:
        super().__init__()
        self.pkg = pkg

    def __missing__(self, name: str) -> dict[str, Any]:
        # As a notebook of the Arabic edition does (talksbook.notebook.setup).
        with alt.theme.enable(THEME_NAMES["ar"]):
            self[name] = charts.BUILDERS[name](self.pkg, lang="ar").to_dict()
        return self[name]


@pytest.fixture(scope="module")
def specs(pkg: Package) -> Specs:
    return Specs(pkg)


def _lines(value: Any) -> str:
    return " ".join(value) if isinstance(value, list) else str(value)


def human_strings(spec: Any, path: str = "") -> Iterator[tuple[str, str]]:
    """(where, text) for every string a reader sees that the chart (not the data) words."""
    if isinstance(spec, dict):
        for key, value in spec.items():
            where = f"{path}.{key}"
            if key in ("title", "subtitle", "description") and isinstance(value, str | list):
                text = _lines(value)
                if text.strip():
                    yield where, text
            elif key == "domain" and isinstance(value, list) and path.endswith("color.scale"):
                yield from ((f"{where}[]", v) for v in value if isinstance(v, str))
            else:
                yield from human_strings(value, where)
    elif isinstance(spec, list):
        for index, item in enumerate(spec):
            yield from human_strings(item, f"{path}[{index}]")


@pytest.mark.parametrize("name", NAMES)
def test_every_word_a_reader_sees_is_arabic(name: str, specs: dict[str, Any]) -> None:
    spec = {k: v for k, v in specs[name].items() if k not in ("datasets", "data", "config")}
    found = list(human_strings(spec))
    assert len(found) >= 4, found  # title, subtitle, description, at least one axis or tip
    english = [(where, text) for where, text in found if not ARABIC.search(text)]
    assert not english, english
    leftovers = [(where, words) for where, text in found if (words := LATIN_WORD.findall(text))]
    assert not leftovers, leftovers


@pytest.mark.parametrize("name", NAMES)
def test_numbers_in_titles_use_arabic_indic_digits(name: str, specs: dict[str, Any]) -> None:
    title = specs[name]["title"]
    text = _lines(title.get("text", "")) + _lines(title.get("subtitle", ""))
    assert not re.search("[0-9]", text + specs[name]["description"]), text


@pytest.mark.parametrize("name", NAMES)
def test_arabic_chart_validates_and_renders(name: str, specs: dict[str, Any]) -> None:
    assert specs[name]["config"]["title"]["anchor"] == "end"
    svg = vlc.vegalite_to_svg(specs[name])
    assert "<path" in svg or "<rect" in svg or "<text" in svg
    assert ARABIC.search(svg)


def test_arabic_theme_writes_numbers_and_dates_in_arabic() -> None:
    config = theme("ar")["config"]
    assert config["locale"]["number"]["numerals"][0] == "\u0660"
    assert config["locale"]["time"]["months"][1] == "فبراير"
    assert config["title"]["anchor"] == "end" and config["axisY"]["orient"] == "right"
    assert "locale" not in theme("en")["config"]


def test_the_arabic_locale_reaches_axis_labels(specs: Specs) -> None:
    svg = vlc.vegalite_to_svg(specs["timeline"])
    assert "٢٠٢٥" in svg and "2025" not in re.sub(r"<[^>]+>", " ", svg).replace("2025-", "")


def _with(pkg: Package, table: str, row_id: str, column: str, value: str) -> Package:
    frame = pkg[table].copy()
    frame.loc[frame["id"] == row_id, column] = value
    return dataclasses.replace(pkg, tables={**pkg.tables, table: frame})


def test_places_come_from_the_arabic_columns(pkg: Package) -> None:
    spec = charts.venue_map(pkg, lang="ar").to_dict()
    subtitle = _lines(spec["title"]["subtitle"])
    assert "الرياض" in subtitle and "إسطنبول" in subtitle and "عبر الهاتف" in subtitle
    # The words are the data's (events.city_ar, events.venue_ar), not the templates'.
    changed = _with(pkg, "events", "riyadh-talks", "city_ar", "مدينة الرياض")
    changed = _with(changed, "events", "call-2025", "venue_ar", "بالهاتف")
    changed = _with(changed, "events", "call-2022", "venue_ar", "بالهاتف")
    subtitle = _lines(charts.venue_map(changed, lang="ar").to_dict()["title"]["subtitle"])
    assert "مدينة الرياض" in subtitle and "بالهاتف" in subtitle
    # An empty Arabic cell falls back to the English one (events.city has no _en suffix).
    changed = _with(pkg, "events", "riyadh-talks", "city_ar", "")
    assert "Riyadh" in _lines(charts.venue_map(changed, lang="ar").to_dict()["title"]["subtitle"])


def test_figure_labels_come_from_figures_label_ar(pkg: Package) -> None:
    assert "مدة المكالمة" in json.dumps(
        charts.duration_claims(pkg, lang="ar").to_dict(), ensure_ascii=False
    )
    # Without an Arabic label, the word for the measure stands in for the English one.
    frame = pkg["figures"].assign(label_ar="")
    bare = dataclasses.replace(pkg, tables={**pkg.tables, "figures": frame})
    spec = json.dumps(charts.duration_claims(bare, lang="ar").to_dict(), ensure_ascii=False)
    assert "Length of the call" not in spec and "المدة" in spec


# Where a label sits along its bar: mirrored in a right-to-left edition, so not a datum.
LAYOUT = {"pos"}


def _numbers(spec: dict[str, Any]) -> tuple[list[int], list[float]]:
    """Rows per dataset, and every number in a chart's data, sorted (the words around them
    differ by edition)."""
    sizes, found = [], []
    for rows in spec.get("datasets", {}).values():
        sizes.append(len(rows))
        for row in rows:
            found += [v for k, v in row.items() if isinstance(v, int | float) and k not in LAYOUT]
    return sorted(sizes), sorted(found)


@pytest.mark.parametrize("name", NAMES)
def test_both_editions_chart_the_same_numbers(name: str, pkg: Package, specs: Specs) -> None:
    english = charts.BUILDERS[name](pkg).to_dict()
    assert sum(_numbers(english)[0]) > 0, name
    assert _numbers(specs[name]) == _numbers(english)
