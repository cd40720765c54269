"""The facts layer on small hand-made packages: each rule on its edges (zero, tiny, huge,
open-ended, one source, several, none), not on the shipped data."""

from __future__ import annotations

import math
from pathlib import Path

import pandas as pd
import pytest
from frames import package
from hypothesis import given
from hypothesis import strategies as st

from talksbook.data import Package
from talksbook.facts.claims import (
    DAYS_PER_UNIT,
    ClaimRange,
    call_durations,
    claim_groups,
    claim_range,
    common_range,
    elapsed_fits,
    gap_between,
    previous_in_track,
    rounding_tolerance,
)
from talksbook.facts.dating import dating, in_date_order
from talksbook.facts.outcomes import outcome_counts
from talksbook.facts.presence import absent_by_event, presence
from talksbook.facts.voices import voices

QUALIFIERS = ["exact", "more-than", "at-least", "about"]


def events(*rows: tuple[str, str, str, str | None, str | None]) -> pd.DataFrame:
    """(id, track, status, earliest, latest) rows, dates typed as the loader types them."""
    frame = pd.DataFrame(rows, columns=["id", "track", "status", "date_earliest", "date_latest"])
    for column in ("date_earliest", "date_latest"):
        frame[column] = pd.to_datetime(frame[column])
    return frame


def figures(*rows: tuple[str, str, str, str, float, str, str]) -> pd.DataFrame:
    """(id, event, label, measure, value, unit, qualifier) rows."""
    frame = pd.DataFrame(
        rows, columns=["id", "event_id", "label_en", "measure", "value", "unit", "qualifier"]
    )
    return frame.assign(
        stated_ar=frame["id"], stated_en=frame["id"], evidence_id="ev-" + frame["id"]
    )


# --- one claim --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "tolerance"),
    [
        (3, 0.5),
        (90, 5),
        (2.5, 0.05),
        (0, 0.5),
        (1e-7, 5e-8),
        (1e20, 5e19),
        (1200, 50),
        (0.25, 0.005),
    ],
)
def test_about_means_half_a_step_of_the_last_digit(value: float, tolerance: float):
    assert rounding_tolerance(value) == pytest.approx(tolerance)
    assert rounding_tolerance(-value) == pytest.approx(tolerance)


@pytest.mark.parametrize(
    ("value", "qualifier", "inside", "outside"),
    [
        (90, "exact", [90], [89.9, 90.1]),
        (60, "more-than", [60.001, 1e6], [60, 59]),
        (60, "at-least", [60, 61], [59.9]),
        (3, "about", [2.5, 3.49], [2.4, 3.6]),
        (90, "about", [86, 94], [84, 96]),
        (0, "exact", [0], [1e-9, -1e-9]),
        (0, "about", [-0.5, 0.5], [0.51]),
        (1e-7, "about", [0.5e-7, 1.5e-7], [0.4e-7, 1.6e-7]),
        (1e20, "more-than", [1.1e20, 1e300], [1e20, 9e19]),
        (1e20, "about", [0.5e20, 1.5e20], [0.4e20]),
    ],
)
def test_claim_ranges(value: float, qualifier: str, inside: list, outside: list):
    claim = claim_range(value, qualifier)
    for v in inside:
        assert claim.meets(claim_range(v, "exact")), v
    for v in outside:
        assert not claim.meets(claim_range(v, "exact")), v


def test_an_unknown_qualifier_is_an_error():
    with pytest.raises(ValueError, match="unknown qualifier 'roughly'"):
        claim_range(3, "roughly")


@given(
    st.floats(0, 1e4, allow_nan=False),
    st.sampled_from(QUALIFIERS),
    st.floats(0, 1e4, allow_nan=False),
    st.sampled_from(QUALIFIERS),
)
def test_overlap_is_symmetric(a: float, qa: str, b: float, qb: str):
    one, two = claim_range(a, qa), claim_range(b, qb)
    assert one.overlap(two) == two.overlap(one)


def test_common_range_of_none_one_and_several():
    ninety, more_than_sixty = claim_range(90, "exact"), claim_range(60, "more-than")
    assert common_range([]) is None
    assert common_range([more_than_sixty]) == more_than_sixty
    assert common_range([ninety, more_than_sixty]) == ninety
    assert common_range([ninety, more_than_sixty, claim_range(30, "exact")]) is None
    # (60, ∞) and [60, ∞) share (60, ∞): the open bound is the tighter one.
    assert common_range([more_than_sixty, claim_range(60, "at-least")]) == more_than_sixty


def test_units_of_time_in_days():
    assert DAYS_PER_UNIT["minute"] * 1440 == 1 and DAYS_PER_UNIT["day"] == 1
    assert DAYS_PER_UNIT["year"] == pytest.approx(365.2425)
    assert "principle" not in DAYS_PER_UNIT


# --- claims about one quantity ----------------------------------------------------------------


def test_claim_groups_per_event_and_label_with_their_verdict():
    pkg = package(
        figures=figures(
            ("a", "call-1", "Length", "duration", 90, "minute", "exact"),
            ("b", "call-2", "Length", "duration", 30, "minute", "exact"),
            ("c", "call-1", "Length", "duration", 60, "minute", "more-than"),
            ("d", "call-2", "Length", "duration", 2, "hour", "at-least"),
        )
    )
    with pytest.raises(ValueError, match="mix units"):
        claim_groups(pkg)
    one, two = claim_groups(pkg, event_id="call-1"), claim_groups(pkg, measure="count")
    assert two == []
    (group,) = one
    assert group.figure_ids == ("a", "c") and group.consistent
    assert group.common == ClaimRange(90, 90)


def test_call_durations_one_row_per_claim_of_each_call_with_minutes():
    pkg = package(
        events=events(
            ("call-1", "call", "occurred", "2025-02-12", "2025-02-12"),
            ("call-2", "call", "occurred", "2025-03-18", "2025-03-18"),
            ("talks", "meeting", "occurred", "2025-02-18", "2025-02-18"),
        ),
        figures=figures(
            ("a", "call-1", "Length", "duration", 90, "minute", "exact"),
            ("b", "call-1", "Length", "duration", 60, "minute", "more-than"),
            ("c", "call-2", "Length", "duration", 2, "hour", "about"),
            ("d", "call-2", "Length", "duration", 3, "hour", "exact"),
            ("e", "talks", "Length", "duration", 5, "hour", "exact"),
            ("f", "call-2", "Pause on strikes", "elapsed", 30, "day", "exact"),
        ),
    )
    table = call_durations(pkg)
    assert list(table["figure_id"]) == ["a", "b", "c", "d"]
    assert list(table["consistent"]) == [True, True, False, False]
    assert table.set_index("figure_id").loc["c", ["low_minutes", "high_minutes"]].tolist() == [
        90,
        150,
    ]
    assert math.isinf(table.set_index("figure_id").at["b", "high_minutes"])
    assert call_durations(package(events=events(), figures=figures())).empty


# --- time between events ----------------------------------------------------------------------


def test_gap_between_month_and_day_precision():
    earlier = {"date_earliest": pd.Timestamp("2022-02-01"), "date_latest": "2022-02-28"}
    later = {"date_earliest": "2025-02-12", "date_latest": pd.Timestamp("2025-02-12")}
    span = gap_between(earlier, later)
    assert span is not None
    assert (span.least_days, span.most_days) == (1080, 1107)
    assert (span.least_months, span.most_months) == (35, 36)
    about_three_years = {"value": 3, "unit": "year", "qualifier": "about"}
    assert elapsed_fits(about_three_years, span) is True
    assert elapsed_fits({**about_three_years, "value": 5}, span) is False
    assert elapsed_fits({**about_three_years, "unit": "principle"}, span) is None
    assert elapsed_fits({**about_three_years, "value": math.nan}, span) is None


def test_gap_open_ended_and_unbounded():
    earlier = {"date_earliest": "2025-02-18", "date_latest": "2025-02-18"}
    after = {"date_earliest": "2025-02-18", "date_latest": None}
    span = gap_between(earlier, after)
    assert span is not None and span.open_ended and span.least_days == 0
    assert span.most_months is None
    assert gap_between({"date_earliest": None, "date_latest": None}, after) is None
    assert gap_between(earlier, {"date_earliest": pd.NaT, "date_latest": pd.NaT}) is None


def test_previous_in_track_skips_proposals_and_later_events():
    table = events(
        ("old", "call", "occurred", "2022-02-01", "2022-02-28"),
        ("proposed", "call", "proposed", "2024-01-01", "2024-01-01"),
        ("new", "call", "occurred", "2025-02-12", "2025-02-12"),
        ("newer", "call", "occurred", "2025-03-18", "2025-03-18"),
        ("talks", "meeting", "occurred", "2025-01-01", "2025-01-01"),
        ("undated", "call", "occurred", None, None),
    )
    assert previous_in_track(table, "new") == "old"
    assert previous_in_track(table, "newer") == "new"
    assert previous_in_track(table, "old") is None
    assert previous_in_track(table, "undated") is None
    assert previous_in_track(table, "missing") is None


# --- who was at the table ---------------------------------------------------------------------

ROLES = ["party", "head-of-delegation", "host", "reporter", "speaker", "affected-absent"]


def with_roles(**tables: pd.DataFrame) -> Package:
    role = {"name": "role", "constraints": {"enum": ROLES}}
    descriptor = {"resources": [{"name": "participants", "schema": {"fields": [role]}}]}
    return Package(Path("."), descriptor, dict(tables), {}, {})


def participants(*rows: tuple[str, str, str]) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=["event_id", "actor_id", "role"])
    return frame.assign(evidence_id="ev-" + frame["role"], note="", note_ar="")


def test_presence_one_row_per_actor_and_event_roles_in_schema_order():
    pkg = with_roles(
        participants=participants(
            ("talks", "usa", "reporter"),
            ("talks", "usa", "party"),
            ("talks", "ukr", "affected-absent"),
            ("talks", "sau", "host"),
            ("call", "ukr", "speaker"),
        )
    )
    cells = presence(pkg)
    assert list(zip(cells["event_id"], cells["actor_id"], strict=True)) == [
        ("talks", "usa"),
        ("talks", "ukr"),
        ("talks", "sau"),
        ("call", "ukr"),
    ]
    usa = cells.iloc[0]
    assert usa["roles"] == ("party", "reporter") and usa["main_role"] == "party"
    assert usa["evidence_id"] == "ev-party" and usa["note"] == ()
    # A host gives the place, not a seat at the table.
    assert list(cells["at_table"]) == [True, False, False, False]
    assert list(cells["absent"]) == [False, True, False, False]
    assert absent_by_event(pkg) == {"talks": ["ukr"]}
    assert presence(pkg, "nothing").empty and list(presence(pkg, "nothing").columns)


# --- who speaks -------------------------------------------------------------------------------


def test_voices_count_mentions_over_every_article_and_statements():
    sources = pd.DataFrame({"id": ["a1", "a2", "map"], "kind": ["article", "article", "gazetteer"]})
    pkg = Package(
        Path("."),
        {"resources": []},
        {
            "sources": sources,
            "actors": pd.DataFrame({"id": ["ukr", "lavrov", "rubio"]}),
            "aliases": pd.DataFrame(
                {
                    "actor_id": ["ukr", "lavrov", "lavrov"],
                    "alias": ["أوكرانيا", "لافروف", "سيرغي لافروف"],
                }
            ),
            "statements": pd.DataFrame({"speaker_id": ["rubio", "rubio", "ukr"]}),
        },
        {"a1": "أوكرانيا ثم أوكرانيا و سيرغي لافروف", "a2": "لأوكرانيا", "map": "أوكرانيا"},
        {},
    )
    table = voices(pkg).set_index("actor_id")
    assert table.loc["ukr"].tolist() == [3, 1, True]
    assert table.loc["lavrov"].tolist() == [1, 0, False]  # one mention, not two
    assert table.loc["rubio"].tolist() == [0, 2, True]  # speaks, never named by an alias
    assert voices(pkg, ["a2"]).set_index("actor_id").at["ukr", "mentions"] == 1


# --- what is dated ----------------------------------------------------------------------------


def test_dating_kinds_widths_and_the_one_order_of_events():
    table = events(
        ("istanbul", "meeting", "occurred", "2025-02-18", None),
        ("riyadh", "meeting", "occurred", "2025-02-18", "2025-02-18"),
        ("old-call", "call", "occurred", "2022-02-01", "2022-02-28"),
        ("reaction", "reaction", "occurred", None, None),
    ).assign(date_precision=["open", "day", "month", "unknown"], date_basis="stated")
    dated = dating(package(events=table))
    assert list(dated["event_id"]) == ["old-call", "riyadh", "istanbul", "reaction"]
    assert list(dated["kind"]) == ["interval", "day", "open", "undated"]
    assert dated["days"].tolist()[:2] == [27, 0] and dated["days"].isna().tolist()[2:] == [True] * 2
    assert list(in_date_order(table)["id"]) == list(dated["event_id"])
    assert dating(package(events=table.iloc[:0])).empty


# --- what each meeting produced ---------------------------------------------------------------


def test_outcome_counts_per_event_kind_and_status():
    outcomes = pd.DataFrame(
        {
            "id": ["a", "b", "c", "d"],
            "event_id": ["talks", "talks", "call", "talks"],
            "kind": ["plan", "plan", "agreement", "mechanism"],
            "status": ["agreed", "agreed", "agreed", "planned"],
        }
    )
    counted = outcome_counts(package(outcomes=outcomes))
    assert counted[["event_id", "kind", "outcomes"]].values.tolist() == [
        ["talks", "plan", 2],
        ["call", "agreement", 1],
        ["talks", "mechanism", 1],
    ]
    assert counted.iloc[0]["outcome_ids"] == ("a", "b")
    assert outcome_counts(package(outcomes=outcomes), "none").empty


def test_voices_without_aliases_count_no_mention():
    pkg = Package(
        Path("."),
        {"resources": []},
        {
            "sources": pd.DataFrame({"id": ["a1"], "kind": ["article"]}),
            "actors": pd.DataFrame({"id": ["ukr"]}),
            "aliases": pd.DataFrame({"actor_id": [], "alias": []}),
            "statements": pd.DataFrame({"speaker_id": []}),
        },
        {"a1": "أوكرانيا"},
        {},
    )
    assert voices(pkg).to_dict("records") == [
        {"actor_id": "ukr", "mentions": 0, "statements": 0, "speaks": False}
    ]
