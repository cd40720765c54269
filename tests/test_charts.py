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


@given(st.lists(st.text(max_size=60), max_size=30), st.sampled_from([12, 18, 28]))
def test_axis_labels_are_unique_wrapped_and_whole(texts: list[str], width: int) -> None:
    # Two equal labels on a nominal axis would silently merge two rows into one; a label is
    # wrapped to the column, never cut.
    labels = unique_labels(texts, width=width)
    assert len(set(labels)) == len(texts)
    for text, label in zip(texts, labels, strict=True):
        assert all(len(line) <= width for line in label.split("\n"))
        assert "".join(label.split()).startswith("".join(text.split()))


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


def test_timeline_draws_open_intervals_to_an_arrow_in_their_panel(pkg: Package) -> None:
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
    # (How long it takes is measured in benchmarks/, not asserted here.)
    assert len(huge["events"]) == 100_000
    spec = charts.BUILDERS[name](huge).to_dict()
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


# --- every chart earns its room (issue 13) --------------------------------------------------


def views(spec: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """The views of a chart that take a width: the chart itself, or each stacked panel."""
    panels = spec.get("vconcat")
    yield from panels if panels else [spec]


@pytest.mark.parametrize("name", NAMES)
def test_every_chart_takes_the_width_of_its_column(name: str, specs: dict[str, Any]) -> None:
    spec = specs[name]
    assert spec["autosize"] == {"type": "fit-x", "contains": "padding"}
    assert all(view["width"] == "container" for view in views(spec)), name


@pytest.mark.parametrize("name", NAMES)
def test_no_label_is_cut(name: str, specs: dict[str, Any]) -> None:
    """Labels are wrapped, never cut: no limit on any label's length, and no ellipsis in what
    a chart draws (the data hold none)."""
    spec = specs[name]
    limits = [v for k, v in walk(spec) if k in ("labelLimit", "limit")]
    assert all(limit == 0 for limit in limits), (name, limits)
    drawn = [title_parts(spec)[0], title_parts(spec)[1]]
    drawn += [v for row in rows(spec) for v in row.values() if isinstance(v, str)]
    drawn += [
        " ".join(v) if isinstance(v, list) else str(v)
        for k, v in walk(spec)
        if k == "title" and isinstance(v, str | list)
    ]
    assert not [text for text in drawn if "…" in text], name


def few_events(pkg: Package, limit: int = 60) -> Package:
    """The package with at most ``limit`` events, of every kind of date, so that the timeline
    draws them one by one."""
    events = pkg["events"]
    earliest, latest = events["date_earliest"], events["date_latest"]
    kinds = {
        "open": earliest.isna() != latest.isna(),
        "interval": earliest.notna() & latest.notna() & (earliest != latest),
        "day": earliest.notna() & (earliest == latest),
        "undated": earliest.isna() & latest.isna(),
    }
    picked = pd.concat([events[mask].head(limit // 4) for mask in kinds.values()])
    return replaced(pkg, events=events.loc[sorted(picked.index)].reset_index(drop=True))


def timeline_panels(spec: dict[str, Any]) -> list[tuple[pd.Timestamp, pd.Timestamp, dict]]:
    """Each dated panel of the timeline: its time axis's bounds and its layers."""

    def stamp(value: dict[str, int]) -> pd.Timestamp:
        return pd.Timestamp(value["year"], value["month"], value["date"], value.get("hours", 0))

    found = []
    for panel in spec["vconcat"]:
        x = next(layer["encoding"]["x"] for layer in panel["layer"])
        if x.get("type") == "temporal":
            lo, hi = x["scale"]["domain"]
            found.append((stamp(lo), stamp(hi), panel))
    return found


def layer_rows(spec: dict[str, Any], layer: dict[str, Any]) -> list[dict[str, Any]]:
    return spec["datasets"][layer["data"]["name"]]


def test_month_only_dates_are_drawn_as_faint_bands(corpus: Package) -> None:
    spec = charts.timeline(few_events(corpus)).to_dict()
    banded: set[str] = set()
    for _, _, panel in timeline_panels(spec):
        for layer in panel["layer"]:
            kinds = {r["kind"] for r in layer_rows(spec, layer)}
            if "interval" in kinds and "x2" in layer["encoding"]:
                # A stretch of days is drawn faint, never as a solid bar.
                assert layer["mark"]["type"] == "bar" and layer["mark"]["opacity"] < 1, layer
                banded |= {r["id"] for r in layer_rows(spec, layer) if r["kind"] == "interval"}
    events = corpus["events"]
    month_only = set(events.loc[events["date_precision"] == "month", "id"])
    assert month_only & set(few_events(corpus)["events"]["id"]) <= banded
    assert banded, "the corpus has events known only to the month"
    assert "faint band" in spec["description"]


def test_open_intervals_end_inside_their_own_panel(corpus: Package) -> None:
    small = few_events(corpus)
    spec = charts.timeline(small).to_dict()
    events = small["events"].set_index("id")
    panels_of: dict[str, set[int]] = {}
    for lo, hi, panel in timeline_panels(spec):
        for layer in panel["layer"]:
            for row in layer_rows(spec, layer):
                if row.get("kind") != "open":
                    continue
                panels_of.setdefault(row["id"], set()).add(id(panel))
                # Inside the panel: the band's open end does not reach its edge...
                assert lo < pd.Timestamp(row["x0"]) and pd.Timestamp(row["x1"]) < hi, row
                # ... and its known bound is in it.
                known = events.at[row["id"], "date_earliest"]
                if pd.isna(known):
                    known = events.at[row["id"], "date_latest"]
                assert lo <= known < hi, row
    assert panels_of, "the corpus has events with one bound only"
    # An interval with one bound is drawn in one panel only: it crosses into no other.
    assert all(len(panels) == 1 for panels in panels_of.values()), panels_of


def test_the_last_stretch_of_days_counts_only_exact_days(corpus: Package) -> None:
    from talksbook.facts.timeline import timeline as when

    small = few_events(corpus)
    facts = when(small)
    exact = facts.events[facts.events["kind"] == "day"]
    if facts.last_days is not None:
        first, last = facts.last_days
        inside = exact["earliest"].between(facts.windows[-1].first, facts.windows[-1].last)
        assert facts.in_last_window == int(inside.sum())
        assert {first, last} <= set(exact["earliest"])
    subtitle = title_parts(charts.timeline(small).to_dict())[1]
    assert "dated events fall" not in subtitle


def roles_down_the_rows(spec: dict[str, Any]) -> list[tuple[int, int]]:
    """(role rank, -events) of each row of a who-was-at-the-table chart, top to bottom: the
    best role of the row's actor (the order of the legend) and in how many columns it is."""
    encoding = spec["encoding"]
    order = encoding["y"]["sort"]
    legend = encoding["fill"]["scale"]["domain"]
    cells = rows(spec)
    keys = []
    for label in order:
        mine = [c for c in cells if c["label"] == label]
        rank = min(legend.index(c["role_text"]) for c in mine)
        keys.append((rank, -len({c["col"] for c in mine})))
    return keys


def test_who_was_at_the_table_lists_actors_by_role_then_count(corpus: Package) -> None:
    for event_id in [None, *plan.meeting_chapters(corpus)["id"]]:
        spec = charts.who_was_at_the_table(corpus, event_id).to_dict()
        keys = roles_down_the_rows(spec)
        assert keys == sorted(keys), (event_id, keys)


def test_topics_are_listed_by_count(corpus: Package) -> None:
    from talksbook.facts.topics import topics_raised

    spec = charts.topics_per_event(corpus).to_dict()
    labels = {c["label"]: c["topic"] for c in rows(spec)}
    per_topic = topics_raised(corpus).per_topic
    names = dict(zip(corpus["topics"]["id"], corpus["topics"]["label_en"], strict=True))
    count = {names[t]: n for t, n in per_topic.items()}
    shown = [count[labels[y]] for y in spec["encoding"]["y"]["sort"] if y in labels]
    assert len(shown) >= 2 and shown == sorted(shown, reverse=True)


# --- charts worth drawing -------------------------------------------------------------------


def test_every_builder_has_a_rule_for_when_it_is_worth_drawing() -> None:
    assert set(charts.WORTH) == set(charts.BUILDERS)


def test_two_accounts_of_a_length_are_said_not_drawn(pkg: Package) -> None:
    from talksbook.facts.claims import most_claimed

    group = most_claimed(pkg, "duration")
    assert group is not None and len(group.ranges) == 2
    assert not charts.worth_drawing(charts.duration_claims, pkg)
    assert charts.shown(charts.duration_claims, pkg) is None
    # A third account about the same length makes a chart of three ranges.
    figures = pkg["figures"]
    third = figures[figures["id"] == "fig-call-duration-90"].assign(
        id="fig-call-duration-third", value=120.0
    )
    more = replaced(pkg, figures=pd.concat([figures, third], ignore_index=True))
    assert charts.worth_drawing(charts.duration_claims, more)
    assert charts.shown(charts.duration_claims, more) is not None


def test_one_dot_maps_and_one_bar_charts_are_not_drawn(corpus: Package) -> None:
    from talksbook.facts.outcomes import meeting_outcomes
    from talksbook.facts.venues import venues

    seen = set()
    for event_id in [None, *plan.meeting_chapters(corpus)["id"]]:
        places = len(venues(corpus, event_id).venues)
        bars = len(meeting_outcomes(corpus, event_id).cells)
        assert charts.worth_drawing(charts.venue_map, corpus, event_id) == (places >= 2)
        assert charts.worth_drawing(charts.outcomes_per_meeting, corpus, event_id) == (bars >= 2)
        seen |= {("map", places >= 2), ("outcomes", bars >= 2)}
    # The corpus has both: meetings in one place, and the whole corpus in several.
    assert ("map", True) in seen and ("map", False) in seen


def test_a_trivial_chart_is_not_drawn_for_any_kind(pkg: Package) -> None:
    """Each rule on a package cut down to one event, one speaker, one actor: nothing to
    compare, nothing drawn."""
    one = pkg["events"][pkg["events"]["id"] == "riyadh-talks"]
    alone = replaced(
        pkg,
        events=one,
        statements=pkg["statements"].head(1),
        event_topics=pkg["event_topics"][pkg["event_topics"]["event_id"] == "riyadh-talks"],
        participants=pkg["participants"][pkg["participants"]["event_id"] == "riyadh-talks"],
    )
    for name in ["timeline", "venue_map", "topics_per_event", "statements_by_channel"]:
        assert not charts.worth_drawing(charts.BUILDERS[name], alone), name
    for name in ["timeline", "venue_map", "topics_per_event", "statements_by_channel"]:
        assert charts.worth_drawing(charts.BUILDERS[name], pkg), name


@pytest.mark.slow
def test_the_built_pages_draw_only_charts_worth_drawing(
    corpus: Package, corpus_editions: dict[str, Any]
) -> None:
    from pages import chart_specs

    from talksbook import narrative

    for lang, edition in corpus_editions.items():
        html = edition.html  # type: ignore[attr-defined]
        for event_id in plan.meeting_chapters(corpus)["id"]:
            titles = {title_parts(s)[0] for s in chart_specs(html / f"meeting-{event_id}.html")}
            for name in ("venue_map", "outcomes_per_meeting", "who_was_at_the_table"):
                builder = charts.BUILDERS[name]
                expected = charts.worth_drawing(builder, corpus, event_id)
                title = title_parts(builder(corpus, event_id, lang=lang).to_dict())[0]
                assert (title in titles) == expected, (lang, event_id, name)
        # As the calls notebook asks: the disputed lengths of the calls it gives a section.
        calls_page = {title_parts(s)[0] for s in chart_specs(html / "calls.html")}
        sectioned = narrative.calls.sectioned(corpus)
        asked = {
            "duration_claims": [
                (call_id, label)
                for call_id in sectioned
                for label in narrative.calls.disputed_durations(corpus, call_id)
            ],
        }
        for name, calls_asked in asked.items():
            builder = charts.BUILDERS[name]
            title = title_parts(builder(corpus, lang=lang).to_dict())[0]
            expected = any(charts.worth_drawing(builder, corpus, *a) for a in calls_asked)
            assert (title in calls_page) == expected, (lang, name)


# --- in a browser: full width, nothing cut or clipped ---------------------------------------

CHART_BOXES = """(el) => {
  const svg = el.querySelector('svg');
  const box = svg.getBoundingClientRect();
  const article = document.querySelector('.bd-article');
  const style = getComputedStyle(article);
  const column = article.clientWidth - parseFloat(style.paddingLeft)
    - parseFloat(style.paddingRight);
  const outside = [...svg.querySelectorAll('text')].filter(t => {
    const r = t.getBoundingClientRect();
    return r.width > 0 && (r.left < box.left - 1 || r.right > box.right + 1);
  }).map(t => t.textContent);
  const cut = [...svg.querySelectorAll('text')].map(t => t.textContent)
    .filter(t => t.includes('\\u2026'));
  return {svg: box.width, column, outside, cut};
}"""


@pytest.mark.slow
@pytest.mark.browser
@pytest.mark.parametrize("width", [1280, 390])
def test_charts_fill_the_column_in_a_browser(corpus_editions: dict[str, Any], width: int) -> None:
    from browser import browser, offline_context, open_page

    seen = 0
    with browser() as chromium:
        context, outside = offline_context(chromium, width)
        for edition in corpus_editions.values():
            html = edition.html  # type: ignore[attr-defined]
            for page_file in sorted(html.glob("*.html")):
                if page_file.name in {"search.html", "genindex.html", "index.html"}:
                    continue
                page, errors = open_page(context, page_file.as_uri())
                views = page.locator(".talksbook-chart")
                for index in range(views.count()):
                    view = views.nth(index)
                    view.locator("svg").first.wait_for(timeout=15_000)
                    box = page.evaluate(CHART_BOXES, view.element_handle())
                    where = (page_file.name, index, width)
                    assert box["svg"] >= 0.95 * box["column"], (where, box)
                    assert box["svg"] <= box["column"] + 1, (where, box)
                    assert box["outside"] == [] and box["cut"] == [], (where, box)
                    seen += 1
                assert errors == [], (page_file.name, errors)
                page.close()
        assert outside == []
    assert seen > 0
