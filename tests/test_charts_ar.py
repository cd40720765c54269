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
from test_charts import walk

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


# --- bars grow from their labels (issue 14) ---------------------------------------------------


def bar_views(spec: Any) -> Iterator[dict[str, Any]]:
    """Every view of a chart that draws horizontal bars along a quantitative x."""
    if isinstance(spec, dict):
        mark = spec.get("mark")
        mark = mark.get("type") if isinstance(mark, dict) else mark
        x = spec.get("encoding", {}).get("x", {})
        if mark == "bar" and isinstance(x, dict) and x.get("type") == "quantitative":
            yield spec
        for value in spec.values():
            yield from bar_views(value)
    elif isinstance(spec, list):
        for item in spec:
            yield from bar_views(item)


@pytest.mark.parametrize("name", NAMES)
def test_bar_scales_are_mirrored_in_the_arabic_edition(name: str, specs: Specs) -> None:
    """A horizontal bar's value scale runs from the right in the Arabic edition (its labels
    are there), from the left in the English one; time scales are never mirrored."""
    english = charts.BUILDERS[name](specs.pkg).to_dict()
    for spec, mirrored in ((specs[name], True), (english, False)):
        for view in bar_views(spec):
            assert view["encoding"]["x"].get("scale", {}).get("reverse", False) is mirrored, name
        for key, value in walk(spec):
            if key == "x" and isinstance(value, dict) and value.get("type") == "temporal":
                assert not value.get("scale", {}).get("reverse"), name


def test_the_arabic_theme_puts_legends_at_the_right() -> None:
    """Legends below a plot end at its right edge in the Arabic edition (Vega's legend
    layout), at the left in the English one."""
    arabic = vlc.vegalite_to_vega(
        {
            "data": {"values": [{"a": 1, "c": "x"}]},
            "mark": "bar",
            "encoding": {"x": {"field": "a", "type": "quantitative"}, "color": {"field": "c"}},
            "config": theme("ar")["config"],
        }
    )
    layout = arabic["config"]["legend"]["layout"]["signal"]
    # Vega's default layout (legends clear of the axes by 18 px), legends below ending right.
    assert "offset: 18" in layout and "bottom: {anchor: 'end'}" in layout
    assert "layout" not in theme("en")["config"]["legend"]


#: What a page's charts draw, for each plot with bars along a quantitative x: each bar's box,
#: each y-axis label's box, each x-axis tick's label and the box of its tick mark, and each
#: text mark's box. (Vega's SVG renderer names each axis in its aria-label:
#: "X-axis … for a linear scale …"; time axes stay left to right and are left out.)
BARS_JS = """
svg => {
  const box = e => {
    const b = e.getBoundingClientRect();
    return [b.left, b.right, b.top, b.bottom];
  };
  const found = [];
  for (const marks of svg.querySelectorAll('g.mark-rect.role-mark')) {
    const scope = marks.parentElement;
    const axis = name => [...scope.children].find(g =>
      g.matches('g.role-axis') && (g.getAttribute('aria-label') || '').startsWith(name));
    const x = axis('X-axis'), y = axis('Y-axis');
    if (!x || !y) continue;
    const xLabel = x.getAttribute('aria-label'), yLabel = y.getAttribute('aria-label');
    if (!xLabel.includes('linear scale') || !yLabel.includes('discrete scale')) continue;
    found.push({
      bars: [...marks.querySelectorAll('path')].map(box),
      labels: [...y.querySelectorAll('g.role-axis-label text')].map(box),
      // Each tick's label and its tick mark (labels at the axis's ends are flush, not centred).
      ticks: [...x.querySelectorAll('g.role-axis-label text')].map((t, i) =>
        [t.textContent, box(x.querySelectorAll('g.role-axis-tick line')[i])]),
      texts: [...scope.querySelectorAll(':scope > g.mark-text.role-mark text')].map(box),
    });
  }
  return found;
}
"""
#: Western, Arabic-Indic and Eastern Arabic-Indic digits, and the Arabic decimal separator.
TICK_DIGITS = str.maketrans(
    {**{chr(0x660 + d): str(d) for d in range(10)}, **{chr(0x6F0 + d): str(d) for d in range(10)}}
    | {"\u066b": ".", "\u2212": "-"}
)


def tick_value(label: str) -> float | None:
    """A tick label's number (``٢٫٥`` -> 2.5), or None for a label that is not one."""
    digits = re.sub(r"[^0-9.\-]", "", label.translate(TICK_DIGITS))
    try:
        return float(digits)
    except ValueError:
        return None


def covers(text: list[float], bar: list[float]) -> bool:
    """Whether a text's box (left, right, top, bottom) covers the middle half of a bar's. (A
    text's box is its font's whole line, taller than its letters: an Arabic font's, twice its
    size.)"""
    quarter = (bar[3] - bar[2]) / 4
    across = min(text[1], bar[1]) - max(text[0], bar[0])
    return across > 1 and min(text[3], bar[3] - quarter) > max(text[2], bar[2] + quarter)


def check_bars(plot: dict[str, Any], rtl: bool) -> int:
    """Assert that a plot's bars grow from its labels' side and return how many bars start
    at zero: the value axis runs away from the labels, the labels sit beyond every bar, every
    bar that starts at zero starts on the labels' side, and the numbers and notes beside the
    bars cover no bar and stay clear of the labels."""
    ticks = sorted(
        (v, (b[0] + b[1]) / 2) for t, b in plot["ticks"] if (v := tick_value(t)) is not None
    )
    assert len({v for v, _ in ticks}) >= 2, plot["ticks"]
    (low, low_x), (high, high_x) = ticks[0], ticks[-1]
    # Values grow away from the labels: leftwards in a right-to-left edition.
    assert (high_x < low_x) if rtl else (high_x > low_x), ticks
    zero = low_x + (0 - low) * (high_x - low_x) / (high - low)
    bars = [b for b in plot["bars"] if b[1] - b[0] >= 2]
    labels = plot["labels"]
    assert bars and labels
    if rtl:
        assert min(b[0] for b in labels) >= max(b[1] for b in bars) - 1, (labels, bars)
    else:
        assert max(b[1] for b in labels) <= min(b[0] for b in bars) + 1, (labels, bars)
    near, far = (1, 0) if rtl else (0, 1)
    assert not [b for b in bars if abs(b[far] - zero) <= 1], (zero, bars)
    for words in plot["texts"]:
        assert not [b for b in bars if covers(words, b)], (words, bars)
        if rtl:
            assert words[1] <= min(b[0] for b in labels) + 1, (words, labels)
        else:
            assert words[0] >= max(b[1] for b in labels) - 1, (words, labels)
    return sum(abs(b[near] - zero) <= 1 for b in bars)


#: Each legend's box, and each axis title's.
LEGENDS_JS = """
svg => {
  const box = e => {
    const b = e.getBoundingClientRect();
    return [b.left, b.right, b.top, b.bottom];
  };
  return [
    [...svg.querySelectorAll('g.role-legend')].map(box),
    [...svg.querySelectorAll('g.role-axis-title text')].map(box),
  ];
}
"""


def check_legends(legends: list[list[float]], titles: list[list[float]]) -> None:
    """A legend below the plot starts below every axis title it shares columns with."""
    for legend in legends:
        for title in titles:
            if min(legend[1], title[1]) > max(legend[0], title[0]) and legend[2] > title[2]:
                assert legend[2] >= title[3] - 1, (legend, title)


@pytest.mark.slow
@pytest.mark.browser
@pytest.mark.parametrize("width", [1280, 390])
def test_bars_start_at_their_labels_in_both_editions(corpus_editions, width: int) -> None:
    """In a real browser, on every page of both editions: each plot of horizontal bars along
    a number scale has its labels on the reading side (the right in Arabic, the left in
    English), its bars start at zero on that side, their numbers and notes stay clear of
    bars and labels, and legends stay clear of the axes' titles."""
    from browser import browser, offline_context, open_page
    from pages import chart_specs

    with browser() as chromium:
        context, outside = offline_context(chromium, width)
        for lang, rtl in (("ar", True), ("en", False)):
            book = corpus_editions[lang].html
            plots = from_zero = 0
            for path in sorted(book.glob("*.html")):
                if not chart_specs(path):
                    continue
                page, errors = open_page(context, path.as_uri())
                drawn = page.locator(".talksbook-chart")
                for index in range(drawn.count()):
                    svg = drawn.nth(index).locator("svg").first
                    svg.wait_for(timeout=15_000)
                    for plot in svg.evaluate(BARS_JS):
                        plots += 1
                        from_zero += check_bars(plot, rtl)
                    check_legends(*svg.evaluate(LEGENDS_JS))
                assert errors == [], (path.name, errors)
                page.close()
            # The checks ran: there were bar charts, and bars that start at zero.
            assert plots and from_zero, (lang, plots, from_zero)
        assert outside == []
