"""What each meeting produced, and where the talks took place, on small hand-made packages:
none, one, ties, more events than a chart shows, several events at one place."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
from frames import package as frames_package

from talksbook.data import Package
from talksbook.facts.outcomes import meeting_outcomes, outcome_counts, status_order
from talksbook.facts.venues import VENUE_KEYS, venues

STATUSES = ["agreed", "planned", "under-study"]


def package(**tables: pd.DataFrame) -> Package:
    """A package of the given tables, whose schema lists the outcome statuses in order."""
    return frames_package(enums={("outcomes", "status"): STATUSES}, **tables)


def dated(*rows: tuple[str, str | None]) -> pd.DataFrame:
    """(id, day) events, dated to the day as the loader types dates."""
    frame = pd.DataFrame(rows, columns=["id", "date_earliest"])
    frame["date_earliest"] = pd.to_datetime(frame["date_earliest"])
    return frame.assign(date_latest=frame["date_earliest"])


def outcomes(*rows: tuple[str, str, str]) -> pd.DataFrame:
    """(event, kind, status) rows, with ids o1, o2…"""
    frame = pd.DataFrame(rows, columns=["event_id", "kind", "status"])
    return frame.assign(id=[f"o{i}" for i in range(1, len(frame) + 1)])


# --- what each meeting produced ---------------------------------------------------------------

EVENTS = dated(("late", "2025-03-01"), ("early", "2025-01-01"), ("mid", "2025-02-01"))


def test_no_outcomes_is_an_empty_answer():
    fact = meeting_outcomes(package(events=EVENTS, outcomes=outcomes()))
    assert fact.total == 0 and fact.cells.empty and fact.events.empty
    assert fact.shown == [] and fact.by_status == () and fact.busiest == ()
    assert list(fact.cells.columns) == list(outcome_counts(package(outcomes=outcomes())).columns)


def test_one_outcome():
    fact = meeting_outcomes(package(events=EVENTS, outcomes=outcomes(("mid", "plan", "agreed"))))
    assert fact.total == fact.most == fact.longest == 1
    assert fact.shown == ["mid"] and fact.busiest == ("mid",)
    assert fact.by_status == (("agreed", 1),) and fact.by_kind == (("plan", 1),)
    assert fact.cells.iloc[0]["outcome_ids"] == ("o1",)


def test_sums_per_event_status_and_kind():
    pkg = package(
        events=EVENTS,
        outcomes=outcomes(
            ("late", "plan", "planned"),
            ("late", "plan", "agreed"),
            ("early", "agreement", "agreed"),
            ("early", "plan", "agreed"),
            ("late", "mechanism", "wobbly"),
            ("early", "agreement", "under-study"),
        ),
    )
    fact = meeting_outcomes(pkg)
    # Every event with outcomes, in date order; a tie for the most names both, earlier first.
    assert fact.events["event_id"].tolist() == ["early", "late"]
    assert fact.events["outcomes"].tolist() == [3, 3]
    assert fact.most == 3 and fact.busiest == ("early", "late") and fact.total == 6
    # Statuses in the schema's order, then one it does not list.
    assert fact.by_status == (("agreed", 3), ("planned", 1), ("under-study", 1), ("wobbly", 1))
    assert fact.statuses == ("agreed", "planned", "under-study", "wobbly")
    # Kinds most first; a tie keeps the order of the outcomes table (plan before agreement).
    assert fact.by_kind == (("plan", 3), ("agreement", 2), ("mechanism", 1))
    # The longest bar: one kind at one event, over its statuses (plan at "late": 2).
    assert fact.longest == 2


def test_more_events_than_shown_keeps_the_busiest_in_date_order():
    pkg = package(
        events=EVENTS,
        outcomes=outcomes(
            ("late", "plan", "agreed"),
            ("late", "plan", "agreed"),
            ("late", "plan", "agreed"),
            ("mid", "plan", "planned"),
            ("early", "plan", "under-study"),
        ),
    )
    fact = meeting_outcomes(pkg, max_events=2)
    # "mid" and "early" tie on one outcome: the earlier event is shown.
    assert fact.shown == ["early", "late"]
    assert fact.events["shown"].tolist() == [True, False, True]
    assert set(fact.cells["event_id"]) == {"early", "late"}
    # What is drawn counts only the events shown; the totals count every event.
    assert fact.statuses == ("agreed", "under-study")
    assert fact.by_status == (("agreed", 3), ("planned", 1), ("under-study", 1))
    assert fact.total == 5 and fact.longest == 3 and fact.busiest == ("late",)
    assert meeting_outcomes(pkg, max_events=3).shown == ["early", "mid", "late"]


def test_one_event_and_several_at_once():
    pkg = package(
        events=EVENTS,
        outcomes=outcomes(("late", "plan", "agreed"), ("mid", "plan", "agreed")),
    )
    fact = meeting_outcomes(pkg, "late")
    assert fact.total == 1 and fact.shown == ["late"]
    assert meeting_outcomes(pkg, "nothing").total == 0
    assert meeting_outcomes(pkg).shown == ["mid", "late"]


def test_status_order_without_a_schema_is_alphabetical():
    bare = Package(Path("."), {"resources": []}, {"events": EVENTS}, {}, {})
    assert status_order(bare) == []
    assert status_order(package()) == STATUSES
    table = outcomes(("mid", "plan", "under-study"), ("mid", "plan", "agreed"))
    fact = meeting_outcomes(
        Package(Path("."), {"resources": []}, {"events": EVENTS, "outcomes": table}, {}, {})
    )
    assert fact.statuses == ("agreed", "under-study")


# --- where the talks took place ---------------------------------------------------------------


def places(
    *rows: tuple[str, str, str, float | None, float | None, str | None, str],
) -> pd.DataFrame:
    """(id, city, country, latitude, longitude, day, venue) events, typed as the loader types
    them; each located event placed by the source 'gn'."""
    frame = pd.DataFrame(
        rows,
        columns=["id", "city", "country", "latitude", "longitude", "date_earliest", "venue_en"],
    )
    frame["date_earliest"] = pd.to_datetime(frame["date_earliest"])
    for column in ("latitude", "longitude"):
        frame[column] = frame[column].astype("Float64")
    located = frame["latitude"].notna()
    return frame.assign(
        date_latest=frame["date_earliest"], location_source=located.map({True: "gn", False: ""})
    )


def test_no_events_and_no_coordinates():
    empty = venues(package(events=places()))
    assert empty.events == empty.located == 0 and empty.bounds is None and empty.venues.empty
    table = places(("call", "", "", None, None, "2025-02-12", "by telephone"))
    fact = venues(package(events=table))
    assert fact.events == fact.unplaced == 1 and fact.located == 0 and fact.bounds is None
    assert fact.media.values.tolist() == [["by telephone", ("call",), 1]]


def test_one_venue_alone():
    table = places(("talks", "Riyadh", "SAU", 24.7, 46.7, "2025-02-18", "a palace"))
    fact = venues(package(events=table))
    assert fact.located == 1 and fact.unplaced == 0 and fact.media.empty
    assert fact.bounds == (46.7, 24.7, 46.7, 24.7)
    row = fact.venues.iloc[0]
    assert row[VENUE_KEYS].tolist() == ["Riyadh", "SAU", 24.7, 46.7]
    assert row["event_ids"] == ("talks",) and row["events"] == 1 and row["sources"] == ("gn",)


def test_several_events_at_one_venue_and_venues_by_first_date():
    table = places(
        ("istanbul-2", "Istanbul", "TUR", 41.0, 28.9, "2025-05-01", ""),
        ("riyadh", "Riyadh", "SAU", 24.7, 46.7, "2025-02-18", ""),
        ("istanbul-1", "Istanbul", "TUR", 41.0, 28.9, "2025-02-18", ""),
        ("istanbul-3", "Istanbul", "TUR", 41.0, 28.9, "2025-05-01", ""),
        ("istanbul-4", "Istanbul", "TUR", 41.0, 28.9, None, ""),
        ("geneva", "Geneva", "CHE", 46.2, 6.1, None, ""),
        ("call", "", "", None, None, "2025-02-12", "by telephone"),
        ("video", "", "", None, None, None, "video link"),
        ("letter", "", "", None, None, None, "by letter"),
        ("call-2", "", "", None, None, "2025-03-12", "by telephone"),
        ("statement", "", "", None, None, None, ""),
    )
    table.loc[table["id"] == "istanbul-3", "location_source"] = "osm"
    fact = venues(package(events=table))
    assert (fact.events, fact.located, fact.unplaced) == (11, 6, 5)
    found = fact.venues
    # Same first date: by city; a venue with no date comes last.
    assert found["city"].tolist() == ["Istanbul", "Riyadh", "Geneva"]
    istanbul = found.iloc[0]
    assert istanbul["event_ids"] == ("istanbul-2", "istanbul-1", "istanbul-3", "istanbul-4")
    assert istanbul["events"] == 4
    # Each date interval once, in the events' order, the undated left out.
    assert [d[0].day for d in istanbul["dates"]] == [1, 18]
    assert istanbul["sources"] == ("gn", "osm")
    assert found.iloc[2]["dates"] == ()
    assert fact.bounds == (6.1, 24.7, 46.7, 46.2)
    # Off the map: most events first, then in the order they first appear.
    assert fact.media["venue_en"].tolist() == ["by telephone", "video link", "by letter"]
    assert fact.media["events"].tolist() == [2, 1, 1]
    assert fact.media.iloc[0]["event_ids"] == ("call", "call-2")
    one = venues(package(events=table), "riyadh")
    assert one.events == one.located == 1 and one.venues["event_ids"].tolist() == [("riyadh",)]
