"""A meeting's facts (sides, delegations, the absent, the carriers, what it produced, its
figures, what is left open) and the order the sources tell rows in: on small hand-made
packages whose tables are not in the order the sources tell them."""

from __future__ import annotations

import math

import pandas as pd
import pytest
from frames import package

from talksbook.data import Package
from talksbook.facts.claims import ClaimRange, claim_groups, claims_as_told
from talksbook.facts.meetings import (
    LeftOpen,
    MeetingFigure,
    Named,
    Produced,
    absent,
    carriers,
    figures,
    in_roles,
    left_open,
    meetings,
    named_ids,
    noted_events,
    ordinal,
    produced,
    seated,
    sides,
)
from talksbook.facts.order import evidence_positions, told_ids
from talksbook.facts.presence import absent_by_event


def evidence(*rows: tuple[str, str, int | None]) -> pd.DataFrame:
    """(id, source, start) rows."""
    frame = pd.DataFrame(rows, columns=["id", "source_id", "start"])
    return frame.assign(start=frame["start"].astype("Int64"))


def events(*rows: tuple[str, str, str | None, str]) -> pd.DataFrame:
    """(id, track, date, precision) rows; each dated event lasts its one day."""
    frame = pd.DataFrame(rows, columns=["id", "track", "date_earliest", "date_precision"])
    frame["date_earliest"] = pd.to_datetime(frame["date_earliest"])
    return frame.assign(date_latest=frame["date_earliest"])


def participants(*rows: tuple[str, str, str, str]) -> pd.DataFrame:
    """(event, actor, role, evidence) rows."""
    return pd.DataFrame(rows, columns=["event_id", "actor_id", "role", "evidence_id"])


def actors(*rows: tuple[str, str, str]) -> pd.DataFrame:
    """(id, kind, parent) rows."""
    return pd.DataFrame(rows, columns=["id", "kind", "parent_id"])


# Two sources; "b-src" is told after "a-src" whatever the sources table says (the order the
# chapters have always used: source id, then offset).
EVIDENCE = evidence(
    ("e-a0", "a-src", 0),
    ("e-a5", "a-src", 5),
    ("e-a9", "a-src", 9),
    ("e-b1", "b-src", 1),
    ("e-nostart", "a-src", None),
)


# --- the order the sources tell rows in -------------------------------------------------------


def test_evidence_positions_by_source_then_offset():
    pkg = package(evidence=EVIDENCE)
    places = evidence_positions(pkg, ["e-a5", "e-b1", "e-nostart", "e-missing"])
    assert places == {
        "e-a5": ("a-src", 5.0),
        "e-b1": ("b-src", 1.0),
        "e-nostart": ("a-src", math.inf),  # last in its source
    }


def test_article_order_sorts_by_evidence_keeps_ties_and_puts_the_unknown_last():
    outcomes = pd.DataFrame(
        [
            ("o-unknown", "m", "e-missing"),
            ("o-b", "m", "e-b1"),
            ("o-late", "m", "e-a9"),
            ("o-other-event", "x", "e-a0"),
            ("o-tie-1", "m", "e-a5"),
            ("o-tie-2", "m", "e-a5"),
            ("o-nostart", "m", "e-nostart"),
        ],
        columns=["id", "event_id", "evidence_id"],
    )
    pkg = package(evidence=EVIDENCE, outcomes=outcomes)
    assert told_ids(pkg, "outcomes", event_id="m") == [
        "o-tie-1",
        "o-tie-2",
        "o-late",
        "o-nostart",
        "o-b",
        "o-unknown",
    ]
    assert told_ids(pkg, "outcomes")[0] == "o-other-event"
    assert told_ids(pkg, "outcomes", event_id="none") == []
    assert told_ids(pkg, "outcomes", no_such_column="m") == []


FIGURES = pd.DataFrame(
    [
        # id, event, label, measure, value, unit, qualifier, evidence, note
        ("f-late", "call", "Length", "duration", 60, "minute", "more-than", "e-a9", ""),
        ("f-other", "call", "Other", "duration", 2, "minute", "exact", "e-a5", ""),
        ("f-early", "call", "Length", "duration", 90, "minute", "exact", "e-a0", ""),
        ("f-third", "call", "Length", "duration", 30, "minute", "exact", "e-b1", ""),
    ],
    columns=[
        "id",
        "event_id",
        "label_en",
        "measure",
        "value",
        "unit",
        "qualifier",
        "evidence_id",
        "note",
    ],
)


def test_claims_as_told_reorders_each_group_and_the_groups_but_not_the_verdict():
    pkg = package(evidence=EVIDENCE, figures=FIGURES)
    as_stored = claim_groups(pkg, measure="duration")
    assert [g.figure_ids for g in as_stored] == [("f-late", "f-early", "f-third"), ("f-other",)]
    length, other = claims_as_told(pkg, measure="duration", event_id="call")
    assert length.figure_ids == ("f-early", "f-late", "f-third")
    # Each range moves with its figure.
    assert length.ranges[0] == ClaimRange(90, 90)
    assert length.ranges[1] == ClaimRange(60, math.inf, low_closed=False, high_closed=False)
    assert not length.consistent and length.common == as_stored[0].common
    assert other.figure_ids == ("f-other",)  # told after "f-early" (e-a0), before "f-late"
    assert claims_as_told(pkg, measure="count") == []


def test_claims_as_told_orders_groups_by_their_first_claim():
    told = FIGURES.assign(evidence_id=["e-b1", "e-a0", "e-a5", "e-a9"])
    pkg = package(evidence=EVIDENCE, figures=told)
    assert [g.label_en for g in claims_as_told(pkg)] == ["Other", "Length"]


# --- the meetings and who sat at the table ----------------------------------------------------


def test_meetings_in_date_order_undated_last():
    pkg = package(
        events=events(
            ("undated", "meeting", None, "unknown"),
            ("late", "meeting", "2025-05-16", "day"),
            ("call", "call", "2025-01-01", "day"),
            ("early", "meeting", "2025-02-18", "day"),
        )
    )
    assert meetings(pkg) == ["early", "late", "undated"]


def test_sides_are_the_parties_else_the_states_of_the_delegations():
    people = actors(
        ("rubio", "person", "usa"),
        ("witkoff", "person", "usa"),
        ("lavrov", "person", "rus"),
        ("envoy", "person", None),
        ("usa", "state", None),
        ("rus", "state", None),
    )
    delegations = participants(
        ("m", "envoy", "delegation", "e1"),  # no state: not a side
        ("m", "lavrov", "head-of-delegation", "e2"),
        ("m", "rubio", "delegation", "e3"),
        ("m", "witkoff", "delegation", "e4"),
        ("m", "saudi", "host", "e5"),
    )
    pkg = package(actors=people, participants=delegations)
    assert sides(pkg, "m") == ("rus", "usa")
    with_parties = pd.concat([delegations, participants(("m", "usa", "party", "e6"))])
    assert sides(package(actors=people, participants=with_parties), "m") == ("usa",)
    assert sides(pkg, "nothing") == ()


def test_seated_names_each_actor_once_with_the_evidence_of_its_rows():
    rows = participants(
        ("m", "lavrov", "head-of-delegation", "e2"),
        ("m", "rubio", "head-of-delegation", "e1"),
        ("m", "ushakov", "delegation", "e2"),
        ("m", "saudi", "host", ""),
        ("m", "usa", "party", "e3"),
        ("other", "macron", "host", "e9"),
    )
    pkg = package(participants=rows, actors=actors(("usa", "state", None)))
    table = seated(pkg, "m")
    assert table.sides == ("usa",)
    assert table.heads == Named(("lavrov", "rubio"), ("e2", "e1"))
    assert table.members == Named(("ushakov",), ("e2",))
    assert table.host == Named(("saudi",), ())  # a blank evidence id is no citation
    assert in_roles(pkg, "m") == Named(
        ("lavrov", "rubio", "ushakov", "saudi", "usa"), ("e2", "e1", "e3")
    )


def test_the_absent_in_the_order_and_with_the_evidence_of_their_own_rows():
    rows = participants(
        ("m", "ukraine", "affected-absent", "e-ukraine"),
        ("m", "europe", "affected-absent", "e-europe"),
        ("m", "ukraine", "speaker", "e-speaks"),
    )
    pkg = package(participants=rows)
    assert absent(pkg, "m") == Named(("ukraine", "europe"), ("e-ukraine", "e-europe"))
    # (facts.presence places an actor by its roles of every kind: another order.)
    assert absent_by_event(pkg)["m"] == ["europe", "ukraine"]
    assert absent(pkg, "other") == Named()


def test_carriers_are_the_reporters_then_the_outlets_as_told():
    rows = participants(
        ("m", "tass", "reporter", "e-a0"),
        ("m", "sana", "reporter", "e-a5"),
        ("m", "rubio", "delegation", "e-a9"),
    )
    statements = pd.DataFrame(
        [
            ("s-late", "m", "reuters", "e-b1"),
            ("s-none", "m", "", "e-a9"),
            ("s-early", "m", "sana", "e-a0"),
            ("s-mid", "m", "ap", "e-a5"),
            ("s-other", "x", "bbc", "e-a0"),
        ],
        columns=["id", "event_id", "channel_actor_id", "evidence_id"],
    )
    pkg = package(participants=rows, statements=statements, evidence=EVIDENCE)
    found = carriers(pkg, "m")
    assert found.actor_ids == ("tass", "sana", "ap", "reuters")
    assert found.evidence_ids == ("e-a0", "e-a5")  # the reporters' rows only
    assert carriers(pkg, "x") == Named(("bbc",), ())


# --- what it produced ---------------------------------------------------------------------


def outcomes(*rows: tuple[str, str, str, str, str, str]) -> pd.DataFrame:
    """(id, event, kind, status, reported by, evidence) rows."""
    return pd.DataFrame(
        rows, columns=["id", "event_id", "kind", "status", "reported_by", "evidence_id"]
    )


def test_produced_counts_statuses_and_kinds_in_the_order_first_told():
    table = outcomes(
        ("o1", "m", "plan", "planned", "rubio", "e-b1"),
        ("o2", "m", "agreement", "agreed", "lavrov", "e-a5"),
        ("o3", "m", "plan", "under-study", "rubio", "e-a9"),
        ("o4", "m", "agreement", "planned", "rubio", "e-a0"),
        ("o5", "x", "mechanism", "agreed", "macron", "e-a0"),
    )
    made = produced(package(outcomes=table, evidence=EVIDENCE), "m")
    assert made.outcome_ids == ("o4", "o2", "o3", "o1")
    assert made.by_status == (("planned", 2), ("agreed", 1), ("under-study", 1))
    assert made.by_kind == (("agreement", 2), ("plan", 2))
    assert made.reporters == ("rubio", "lavrov")


def test_nothing_produced():
    pkg = package(outcomes=outcomes(("o1", "x", "plan", "planned", "a", "e-a0")), evidence=EVIDENCE)
    assert produced(pkg, "m") == Produced()


# --- its figures ------------------------------------------------------------------------------


def test_named_ids_are_the_words_shaped_like_ids():
    assert named_ids("Compare with the dates of call-2022 and call-2025.") == [
        "ompare",
        "with",
        "the",
        "dates",
        "of",
        "call-2022",
        "and",
        "call-2025",
    ]
    assert named_ids("") == []


def meeting_package() -> Package:
    notes = "Compare with the dates of invasion and talks (and talks again, and nowhere)."
    table = pd.DataFrame(
        [
            ("f-count", "talks", "count", "e-a9", ""),
            ("f-ordinal-2", "talks", "ordinal", "e-b1", ""),
            ("f-since", "talks", "elapsed", "e-a5", notes),
            ("f-ordinal-1", "talks", "ordinal", "e-a5", ""),
            ("f-one", "talks", "elapsed", "e-a0", "Compare with the dates of invasion."),
            ("f-counted", "talks", "count", "e-nostart", "invasion and talks"),
        ],
        columns=["id", "event_id", "measure", "evidence_id", "note"],
    )
    dated = events(
        ("invasion", "background", "2022-02-24", "day"),
        ("talks", "meeting", "2025-02-18", "day"),
        ("and", "background", None, "unknown"),  # an event whose id is a word of the note
    )
    return package(figures=table, events=dated, evidence=EVIDENCE)


def test_figures_of_a_meeting_as_told_without_its_ordinal():
    pkg = meeting_package()
    assert figures(pkg, "talks") == [
        MeetingFigure("f-one"),  # names one event only
        MeetingFigure("f-since", ("invasion", "and")),  # the first two events the note names
        MeetingFigure("f-count"),
        MeetingFigure("f-counted"),  # not an elapsed time: its note is not a span
    ]
    assert figures(pkg, "invasion") == []


def test_noted_events_each_once_in_the_notes_order():
    pkg = meeting_package()
    assert noted_events(pkg, "f-since") == ("invasion", "and", "talks")
    assert noted_events(pkg, "f-count") == ()
    assert noted_events(pkg, "no-such-figure") == ()


def test_the_ordinal_is_the_first_told():
    pkg = meeting_package()
    assert ordinal(pkg, "talks") == "f-ordinal-1"
    assert ordinal(pkg, "invasion") is None


# --- what the data leave open -----------------------------------------------------------------


def open_package(**changes: pd.DataFrame) -> Package:
    tables = {
        "events": events(("m", "meeting", "2025-02-18", "day")),
        "participants": participants(
            ("m", "saudi", "host", "e1"),
            ("m", "rubio", "head-of-delegation", "e2"),
            ("m", "witkoff", "delegation", "e3"),
        ),
        "actors": actors(("witkoff", "person", "usa"), ("usa", "state", None)),
        "event_topics": pd.DataFrame([("m", "war")], columns=["event_id", "topic_id"]),
        "outcomes": outcomes(("o1", "m", "plan", "planned", "rubio", "e1")),
        "statements": pd.DataFrame(
            [("s1", "m", "direct"), ("s2", "m", "reported")], columns=["id", "event_id", "mode"]
        ),
    }
    return package(**{**tables, **changes})


def test_nothing_is_left_open_when_everything_is_known():
    assert left_open(open_package(), "m") == LeftOpen(*[False] * 9)


@pytest.mark.parametrize(
    ("changes", "open_"),
    [
        ({"events": events(("m", "meeting", "2025-02-01", "month"))}, {"date"}),
        ({"events": events(("m", "meeting", None, "unknown"))}, {"date"}),
        (
            {"participants": participants(("m", "rubio", "head-of-delegation", "e2"))},
            {"host", "members_beyond_heads"},
        ),
        (
            {"participants": participants(("m", "witkoff", "delegation", "e3"))},
            {"host", "heads"},
        ),
        # A member who is not a person (a state in the delegation) is not a named member.
        (
            {"participants": participants(("m", "usa", "delegation", "e3"))},
            {"host", "heads", "members"},
        ),
        ({"participants": participants()}, {"host", "heads", "members"}),
        ({"event_topics": pd.DataFrame(columns=["event_id", "topic_id"])}, {"topics"}),
        ({"outcomes": outcomes(("o1", "x", "plan", "planned", "a", "e1"))}, {"outcomes"}),
        (
            {
                "statements": pd.DataFrame(
                    [("s1", "m", "reported")], columns=["id", "event_id", "mode"]
                )
            },
            {"quotes"},
        ),
        ({"statements": pd.DataFrame(columns=["id", "event_id", "mode"])}, {"statements"}),
    ],
)
def test_what_is_left_open(changes: dict[str, pd.DataFrame], open_: set[str]):
    found = left_open(open_package(**changes), "m")
    assert {name for name, value in vars(found).items() if value} == open_
