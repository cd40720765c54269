"""The Arabic edition's charts: every builder speaks Arabic, writes Arabic-Indic digits, lays
its titles and y axis out from the right, and still validates and renders.

Human-facing strings are gathered from the Vega-Lite spec (title, subtitle, description, axis,
legend and tooltip titles, and the legend's category labels) and must each hold Arabic
letters; the words come from talksbook/templates/charts*.ar.yml, whose keys must match the
English ones (tests/test_narrative_ar.py checks all template files together).

Tests that take ``specs`` run on the corpora of tests/conftest.py: the shipped package and a
generated one.
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
from talksbook.words import text

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
def specs(corpus: Package) -> Specs:
    """The corpus's Arabic charts (the shipped package, then the generated one)."""
    return Specs(corpus)


def rows_of(spec: dict[str, Any]) -> list[dict[str, Any]]:
    return [row for values in spec.get("datasets", {}).values() for row in values]


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


def fallbacks(pkg: Package) -> list[str]:
    """The English values a chart shows for empty Arabic cells (``city`` for an empty
    ``city_ar``, ``label_en`` for an empty ``label_ar``...), longest first."""
    found: set[str] = set()
    for frame in pkg.tables.values():
        for arabic in (c for c in frame.columns if c.endswith("_ar")):
            stem = arabic.removesuffix("_ar")
            english = next((c for c in (f"{stem}_en", stem) if c in frame.columns), None)
            if english is None:
                continue
            empty = frame[arabic].fillna("").astype(str) == ""
            found |= {str(v) for v in frame.loc[empty, english].dropna() if str(v)}
    return sorted(found, key=len, reverse=True)


def digit_cells(pkg: Package) -> list[str]:
    """Text cells holding ASCII digits (an Arabic quote may write "120 دقيقة"), longest first."""
    return sorted(
        {
            str(value)
            for frame in pkg.tables.values()
            for column in frame.columns
            for value in frame[column].dropna()
            if isinstance(value, str) and re.search(r"[0-9]", value)
        },
        key=len,
        reverse=True,
    )


def without(words: str, values: list[str]) -> str:
    for value in values:
        words = words.replace(value, " ")
    return words


@pytest.mark.parametrize("name", NAMES)
def test_every_word_a_reader_sees_is_arabic(name: str, specs: Specs) -> None:
    """Every word the chart writes is Arabic; data shown for an empty Arabic cell is the
    English value (none in the shipped package)."""
    spec = {k: v for k, v in specs[name].items() if k not in ("datasets", "data", "config")}
    found = list(human_strings(spec))
    # Title, subtitle, description, at least one axis or tip; a chart that says there is
    # nothing to draw has no axis.
    empty = [r.get("message") for r in rows_of(specs[name])] == [text("chart.empty.mark", "ar")]
    assert len(found) >= (3 if empty else 4), found
    english_values = fallbacks(specs.pkg)
    found = [(where, without(words, english_values)) for where, words in found]
    english = [(where, w) for where, w in found if w.strip() and not ARABIC.search(w)]
    assert not english, english
    leftovers = [(where, latin) for where, w in found if (latin := LATIN_WORD.findall(w))]
    assert not leftovers, leftovers


@pytest.mark.parametrize("name", NAMES)
def test_numbers_in_titles_use_arabic_indic_digits(name: str, specs: Specs) -> None:
    title = specs[name]["title"]
    words = _lines(title.get("text", "")) + _lines(title.get("subtitle", ""))
    words = without(words + specs[name]["description"], digit_cells(specs.pkg))
    assert not re.search("[0-9]", words), words


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


def test_the_arabic_locale_reaches_axis_labels(pkg: Package) -> None:
    svg = vlc.vegalite_to_svg(Specs(pkg)["timeline"])
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
def test_both_editions_chart_the_same_numbers(name: str, specs: Specs) -> None:
    english = charts.BUILDERS[name](specs.pkg).to_dict()
    assert sum(_numbers(english)[0]) > 0, name
    assert _numbers(specs[name]) == _numbers(english)
