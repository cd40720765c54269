"""Every chart builder: valid Vega-Lite, round-trips, renders marks, says what it shows, follows
its data, drops no event, keeps hostile text as text, and stays small at 100,000 events.

Parametrised over `talksbook.charts.BUILDERS`, like Altair's own tests/test_examples.py, and
over the corpora (tests/conftest.py: the shipped package and a generated one) where a test does
not depend on the shipped package's rows; tests/shipped/test_shipped_charts.py checks the shipped
package's numbers in the charts.
"""

from __future__ import annotations

import dataclasses
import json
import re
import time
from collections.abc import Callable, Iterator
from typing import Any

import altair as alt
import jsonschema
import numpy as np
import pandas as pd
import pytest
import vl_convert as vlc
from altair.vegalite.v6.schema import core
from hypothesis import given
from hypothesis import strategies as st

from talksbook import charts, plan
from talksbook.charts._base import unique_labels
from talksbook.data import Package, load
from talksbook.facts.calls import calls
from talksbook.paths import DATA_DIR
from talksbook.words import text as words

NAMES = sorted(charts.BUILDERS)
# Builders that chart one meeting when given an event id.
PER_EVENT = [
    "topics_per_event",
    "who_was_at_the_table",
    "statements_by_channel",
    "stance_by_speaker",
    "outcomes_per_meeting",
    "duration_claims",
    "venue_map",
]
HOSTILE = "</script><script>alert(1)</script><img src=x onerror=alert(2)>{{ 7*191 }}"
PHONE_PX = 360


@pytest.fixture(scope="module")
def pkg() -> Package:
    return load(DATA_DIR)


@pytest.fixture(scope="module")
def specs(corpus: Package) -> dict[str, dict[str, Any]]:
    """Every chart of the corpus (the shipped package, then the generated one)."""
    return {name: charts.BUILDERS[name](corpus).to_dict() for name in NAMES}


@pytest.fixture(scope="module")
def svgs(specs: dict[str, dict[str, Any]]) -> dict[str, str]:
    return {name: vlc.vegalite_to_svg(spec) for name, spec in specs.items()}


def replaced(pkg: Package, **tables: pd.DataFrame) -> Package:
    """A copy of the package with some tables replaced (the loaded frames stay untouched)."""
    return dataclasses.replace(pkg, tables={**pkg.tables, **tables})


def title_parts(spec: dict[str, Any]) -> tuple[str, str]:
    title = spec.get("title", {})
    if isinstance(title, str):
        return title, ""

    def text(value: Any) -> str:
        return " ".join(value) if isinstance(value, list) else str(value or "")

    return text(title.get("text")), text(title.get("subtitle"))


def walk(node: Any) -> Iterator[tuple[str, Any]]:
    """Every (key, value) pair in a nested spec."""
    if isinstance(node, dict):
        for key, value in node.items():
            yield key, value
            yield from walk(value)
    elif isinstance(node, list):
        for item in node:
            yield from walk(item)


def rows(spec: dict[str, Any]) -> list[dict[str, Any]]:
    """Every data row the spec embeds (named datasets and inline values)."""
    found: list[dict[str, Any]] = []
    for values in spec.get("datasets", {}).values():
        found.extend(values)
    for key, value in walk(spec):
        if key == "data" and isinstance(value, dict) and isinstance(value.get("values"), list):
            found.extend(value["values"])
    return found


def mark_elements(svg: str) -> int:
    """Drawn data marks (paths, lines, rects, circles) inside Vega's role-mark groups."""
    groups = re.findall(
        r'<g class="mark-(?!text|group)[\w-]+ role-mark[^"]*"[^>]*>(.*?)</g>', svg, re.S
    )
    return sum(len(re.findall(r"<(?:path|line|rect|circle)\b", g)) for g in groups)


# --- every builder ------------------------------------------------------------------------


@pytest.mark.parametrize("name", NAMES)
def test_validates_against_the_vega_lite_schema(name: str, specs: dict[str, Any]) -> None:
    jsonschema.Draft7Validator(core.load_schema()).validate(specs[name])
    assert specs[name]["$schema"].startswith("https://vega.github.io/schema/vega-lite/v6")


@pytest.mark.parametrize("name", NAMES)
def test_json_round_trip(name: str, corpus: Package) -> None:
    chart = charts.BUILDERS[name](corpus)
    again = type(chart).from_dict(json.loads(chart.to_json()))
    assert again.to_dict() == chart.to_dict()


def says_nothing_to_draw(spec: dict[str, Any], svg: str) -> bool:
    """The chart is `charts._base.empty_chart`: it says why there is nothing to draw."""
    mark = words("chart.empty.mark")
    return [r.get("message") for r in rows(spec)] == [mark] and mark in svg


@pytest.mark.parametrize("name", NAMES)
def test_static_render_draws_marks(name: str, specs: dict[str, Any], svgs: dict[str, str]) -> None:
    svg = svgs[name]
    assert svg.startswith("<svg")
    # Or says why not (the dates of the calls may not bound the gap between them, say).
    assert mark_elements(svg) > 0 or says_nothing_to_draw(specs[name], svg)


@pytest.mark.parametrize("name", NAMES)
def test_fits_a_phone_screen(name: str, svgs: dict[str, str]) -> None:
    # Long titles too (the generated corpus has them): wrapped, or fewer columns, never wider.
    width = float(re.search(r'<svg[^>]* width="([\d.]+)"', svgs[name]).group(1))
    assert width <= PHONE_PX


@pytest.mark.parametrize("name", NAMES)
def test_title_subtitle_and_description(name: str, specs: dict[str, Any]) -> None:
    spec = specs[name]
    title, subtitle = title_parts(spec)
    description = spec.get("description", "")
    assert title.strip() and subtitle.strip() and description.strip()
    for text in (subtitle, description):
        assert not re.search(r"\b(nan|None|NaT)\b", text), text


@pytest.mark.parametrize("name", NAMES)
def test_tooltips_are_titled_and_never_html(name: str, specs: dict[str, Any]) -> None:
    spec = specs[name]
    body = {k: v for k, v in spec.items() if k != "usermeta"}
    tooltips = [v for k, v in walk(body) if k == "tooltip" and isinstance(v, list | dict)]
    assert tooltips, "every chart has tooltips"
    for tooltip in tooltips:
        for entry in tooltip if isinstance(tooltip, list) else [tooltip]:
            # vega-tooltip renders the keys "title" (heading) and "image" (an <img>) specially.
            assert entry.get("title") not in (None, "title", "image"), entry
    embed = spec["usermeta"]["embedOptions"]
    assert isinstance(embed["tooltip"], dict)
    assert not {"sanitize", "formatTooltip"} & set(embed["tooltip"])


@pytest.mark.parametrize("name", NAMES)
def test_theme_and_data_limits_are_global_defaults(name: str, specs: dict[str, Any]) -> None:
    assert alt.theme.active == charts.theme.THEME_NAME
    assert "Noto Sans" in specs[name]["config"]["font"]
    # The max-rows guard stays on: charts aggregate instead of switching it off.
    assert alt.data_transformers.active == "default"
    assert alt.data_transformers.options.get("max_rows", 5000) is not None


# --- the takeaway follows the data ----------------------------------------------------------


def _set(frame: pd.DataFrame, key: str, column: str, value: Any) -> pd.DataFrame:
    out = frame.copy()
    out.loc[out["id"] == key, column] = value
    return out


MUTATIONS: dict[str, Callable[[Package], Package]] = {
    "timeline": lambda p: replaced(p, events=p["events"][p["events"]["id"] != "macron-eu-call"]),
    "leader_call_gap": lambda p: replaced(
        p, figures=_set(p["figures"], "fig-leader-call-gap", "value", 5.0)
    ),
    "duration_claims": lambda p: replaced(
        p, figures=_set(p["figures"], "fig-call-duration-90", "value", 100.0)
    ),
    "topics_per_event": lambda p: replaced(
        p, event_topics=p["event_topics"][p["event_topics"]["event_id"] != "call-2025"]
    ),
    "who_was_at_the_table": lambda p: replaced(
        p, participants=p["participants"][p["participants"]["role"] != "affected-absent"]
    ),
    "statements_by_channel": lambda p: replaced(
        p, statements=p["statements"][p["statements"]["speaker_id"] != "rubio"]
    ),
    "stance_by_speaker": lambda p: replaced(
        p, statements=p["statements"].assign(stance="critical")
    ),
    "outcomes_per_meeting": lambda p: replaced(
        p, outcomes=p["outcomes"][p["outcomes"]["event_id"] != "riyadh-talks"]
    ),
    "venue_map": lambda p: replaced(
        p, events=_set(p["events"], "istanbul-talks", "city", "Ankara")
    ),
    "actor_mentions": lambda p: replaced(
        p, aliases=p["aliases"][p["aliases"]["actor_id"] != "ukr"]
    ),
}


def test_every_builder_has_a_mutation() -> None:
    assert set(MUTATIONS) == set(NAMES)


@pytest.mark.parametrize("name", NAMES)
def test_subtitle_is_computed_from_the_data(name: str, pkg: Package) -> None:
    before = title_parts(charts.BUILDERS[name](pkg).to_dict())[1]
    after = title_parts(charts.BUILDERS[name](MUTATIONS[name](pkg)).to_dict())[1]
    assert after != before


def test_duration_subtitle_is_built_from_the_figures_table(pkg: Package) -> None:
    # (What it says of the shipped figures: tests/shipped/test_shipped_charts.py.)
    changed = MUTATIONS["duration_claims"](pkg)
    subtitle = title_parts(charts.duration_claims(changed).to_dict())[1]
    assert "100 min" in subtitle and "90 min" not in subtitle
    # 50 min exact contradicts "more than an hour".
    contradicted = replaced(
        pkg, figures=_set(pkg["figures"], "fig-call-duration-90", "value", 50.0)
    )
    assert "cannot all be true" in title_parts(charts.duration_claims(contradicted).to_dict())[1]


def test_leader_call_gap_compares_dates_with_the_claim(pkg: Package) -> None:
    # (What it says of the shipped dates: tests/shipped/test_shipped_charts.py.)
    assert "does not fit" not in title_parts(charts.leader_call_gap(pkg).to_dict())[1]
    changed = MUTATIONS["leader_call_gap"](pkg)
    assert "does not fit" in title_parts(charts.leader_call_gap(changed).to_dict())[1]


@given(st.lists(st.text(max_size=60), max_size=30), st.sampled_from([1, 2]))
def test_axis_labels_are_unique_and_short(texts: list[str], lines: int) -> None:
    # Two equal labels on a nominal axis would silently merge two rows into one.
    labels = unique_labels(texts, width=18, lines=lines)
    assert len(set(labels)) == len(texts)
    for label in labels:
        assert label.count("\n") <= lines - 1


# --- nothing dropped ------------------------------------------------------------------------


def test_timeline_accounts_for_every_event(corpus: Package, specs: dict[str, Any]) -> None:
    """Event by event (a few events), or counted per period and track (many): none dropped."""
    spec, events = specs["timeline"], corpus["events"]
    listed = {r["id"] for r in rows(spec) if "id" in r}
    counted = sum(r["events"] for r in rows(spec) if "events" in r)
    assert listed == set(events["id"]) or (not listed and counted == len(events))


def test_timeline_includes_every_event(pkg: Package) -> None:
    spec = charts.timeline(pkg).to_dict()
    events = pkg["events"]
    assert {r["id"] for r in rows(spec) if "id" in r} == set(events["id"])
    undated = events["date_earliest"].isna() & events["date_latest"].isna()
    lane = [r for r in rows(spec) if r.get("kind") == "undated"]
    assert len(lane) == int(undated.sum()) > 0
    assert f"No date in the sources ({int(undated.sum())})" in json.dumps(spec)


def test_timeline_draws_open_intervals_to_the_edge(pkg: Package) -> None:
    spec = charts.timeline(pkg).to_dict()
    arrows = [
        r
        for r in rows(spec)
        if r.get("kind") == "open" and r.get("more", "").startswith("no later bound")
    ]
    assert {r["id"] for r in arrows} >= {"istanbul-talks", "embassies-suspended"}
    assert "triangle-right" in json.dumps(spec)


# --- one meeting ----------------------------------------------------------------------------


def _one_of_each(pkg: Package) -> list[str]:
    """Every meeting with a chapter, the latest call and the first proposal."""
    events = pkg["events"]
    proposals = events[events["track"] == "proposal"]["id"]
    return [
        *plan.meeting_chapters(pkg)["id"],
        *calls(pkg)[-1:],
        *[str(i) for i in proposals.head(1)],
    ]


@pytest.mark.parametrize("name", PER_EVENT)
def test_one_meeting(name: str, corpus: Package) -> None:
    event_ids = _one_of_each(corpus)
    assert len(event_ids) >= 3
    for event_id in event_ids:
        chart = charts.BUILDERS[name](corpus, event_id=event_id)
        spec = chart.to_dict()
        assert all(title_parts(spec)) and spec["description"], event_id
        assert vlc.vegalite_to_svg(spec).startswith("<svg"), event_id


@pytest.mark.parametrize("name", PER_EVENT)
def test_unknown_event_is_an_error(name: str, corpus: Package) -> None:
    with pytest.raises(KeyError):
        charts.BUILDERS[name](corpus, event_id="no-such-event")


# --- hostile text ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def hostile(pkg: Package) -> Package:
    events = _set(pkg["events"], "riyadh-talks", "title_en", HOSTILE)
    actors = _set(pkg["actors"], "ukr", "name_en", HOSTILE)
    topics = _set(pkg["topics"], "end-war", "label_en", HOSTILE)
    figures = _set(pkg["figures"], "fig-call-duration-60", "stated_en", HOSTILE)
    return replaced(pkg, events=events, actors=actors, topics=topics, figures=figures)


@pytest.mark.parametrize("name", NAMES)
def test_hostile_strings_stay_text(name: str, hostile: Package) -> None:
    chart = charts.BUILDERS[name](hostile)
    spec = chart.to_dict()
    # Data is data: never part of an expression that Vega would evaluate.
    for key, value in walk(spec):
        if key in {"expr", "labelExpr", "calculate", "filter", "test", "signal"}:
            assert "alert" not in json.dumps(value), (key, value)
    # A round trip keeps the exact string wherever the chart carries it.
    text = chart.to_json()
    assert json.loads(text) == spec
    svg = vlc.vegalite_to_svg(spec)
    assert "<script" not in svg and "<img" not in svg
    assert str(7 * 191) not in svg  # no template engine ran over the text


@pytest.mark.parametrize(
    "name",
    ["timeline", "topics_per_event", "who_was_at_the_table", "outcomes_per_meeting"],
)
def test_hostile_strings_are_escaped_in_the_svg(name: str, hostile: Package) -> None:
    spec = charts.BUILDERS[name](hostile).to_dict()
    assert HOSTILE in [v for r in rows(spec) for v in r.values()]
    svg = vlc.vegalite_to_svg(spec)
    assert "&lt;/script&gt;" in svg or "&lt;/script" in svg


# --- 100,000 events -------------------------------------------------------------------------


@pytest.mark.parametrize("name", NAMES)
def test_embeds_aggregates_not_rows(name: str, specs: dict[str, Any]) -> None:
    """Whatever the package, a chart embeds at most what the 100,000-event test allows."""
    assert len(rows(specs[name])) <= 2_000
    assert len(json.dumps(specs[name])) < 500_000


def tiled(pkg: Package, copies: int) -> Package:
    """`copies` copies of every event and of the rows that belong to events; copy 0 keeps the
    original ids, copy k gets '-k'; dates move k days so the events spread over time."""

    def tile(frame: pd.DataFrame, id_columns: list[str]) -> tuple[pd.DataFrame, np.ndarray]:
        n = len(frame)
        copy = np.repeat(np.arange(copies), n)
        out = frame.iloc[np.tile(np.arange(n), copies)].reset_index(drop=True)
        suffix = pd.Series(np.where(copy == 0, "", "-" + copy.astype(str)), dtype=object)
        for column in id_columns:
            out[column] = out[column].astype(object) + suffix
        return out, copy

    events, copy = tile(pkg["events"], ["id"])
    shift = pd.to_timedelta(copy % 1500, unit="D")
    events["date_earliest"] = events["date_earliest"] + shift
    events["date_latest"] = events["date_latest"] + shift
    tables = {"events": events}
    for name, ids in {
        "participants": ["event_id"],
        "event_topics": ["event_id"],
        "statements": ["id", "event_id"],
        "outcomes": ["id", "event_id"],
        "figures": ["id", "event_id"],
    }.items():
        tables[name] = tile(pkg[name], ids)[0]
    return replaced(pkg, **tables)


@pytest.fixture(scope="module")
def huge(pkg: Package) -> Package:
    return tiled(pkg, 10_000)


@pytest.mark.parametrize("name", NAMES)
def test_100000_events_embed_only_aggregates(name: str, huge: Package) -> None:
    assert len(huge["events"]) == 100_000
    started = time.perf_counter()
    spec = charts.BUILDERS[name](huge).to_dict()
    assert time.perf_counter() - started < 30
    embedded = rows(spec)
    assert len(embedded) <= 2_000, len(embedded)
    assert len(json.dumps(spec)) < 500_000


def test_100000_events_timeline_counts_every_event(huge: Package) -> None:
    spec = charts.timeline(huge).to_dict()
    counted = sum(r["events"] for r in rows(spec) if "events" in r)
    assert counted == len(huge["events"])


def test_every_time_unit_has_chart_words_in_both_editions() -> None:
    """A claim in any unit the facts can convert to days is drawn with its unit's words."""
    from talksbook.facts.claims import DAYS_PER_UNIT
    from talksbook.words import has

    for unit in DAYS_PER_UNIT:
        for lang in ("en", "ar"):
            assert has(f"chart.claims.unit.{unit}", lang), (unit, lang)
            assert has(f"chart.claims.axis_unit.{unit}", lang), (unit, lang)
