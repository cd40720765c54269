"""The facts the two matrices draw (what each event raised; who was at the table), on small
hand-made packages: empty, one row, ties, limits exceeded, one event and several."""

from __future__ import annotations

import pandas as pd
import pytest
from frames import package as frames_package

from talksbook.data import Package
from talksbook.facts.presence import at_the_table, presence
from talksbook.facts.topics import busiest_first, topics_raised

ROLES = ["party", "head-of-delegation", "host", "reporter", "speaker", "affected-absent"]


def package(**tables: pd.DataFrame) -> Package:
    """A package of the given tables, whose participants' schema lists ``ROLES``."""
    return frames_package(enums={("participants", "role"): ROLES}, **tables)


def events(*rows: tuple[str, str | None]) -> pd.DataFrame:
    """(id, day) rows; a day of None is undated (last in date order)."""
    frame = pd.DataFrame(rows, columns=["id", "date_earliest"])
    frame["date_earliest"] = pd.to_datetime(frame["date_earliest"])
    return frame.assign(date_latest=frame["date_earliest"], track="meeting")


def pairs(*rows: tuple[str, str]) -> pd.DataFrame:
    """(event, topic) rows of event_topics."""
    frame = pd.DataFrame(rows, columns=["event_id", "topic_id"])
    return frame.assign(evidence_id="ev-" + frame["event_id"] + "-" + frame["topic_id"])


def participants(*rows: tuple[str, str, str]) -> pd.DataFrame:
    """(event, actor, role) rows of participants, with empty notes."""
    frame = pd.DataFrame(rows, columns=["event_id", "actor_id", "role"])
    return frame.assign(evidence_id="ev-" + frame["role"], note="", note_ar="")


# --- the busiest first ------------------------------------------------------------------------


def test_busiest_first_ties_keep_their_order_and_the_limit_cuts():
    counts = {"b": 1, "a": 3, "d": 3, "c": 2}
    assert busiest_first(counts, 10) == ["a", "d", "c", "b"]
    assert busiest_first(counts, 2) == ["a", "d"]
    assert busiest_first({"d": 3, "a": 3}, 1) == ["d"]  # the first of a tie, not the least id
    assert busiest_first(counts, 0) == []
    assert busiest_first({}, 5) == []


# --- what did each event raise ----------------------------------------------------------------

TOPICS = pd.DataFrame({"id": ["peace", "trade", "energy", "grain"]})
# e3 is first in date order, e2 undated (last).
EVENTS = events(("e1", "2025-02-18"), ("e2", None), ("e3", "2025-01-05"))


def raised_in(*rows: tuple[str, str]) -> Package:
    return package(events=EVENTS, topics=TOPICS, event_topics=pairs(*rows))


def test_topics_raised_counts_per_event_in_date_order_and_per_topic_in_table_order():
    facts = topics_raised(
        raised_in(
            ("e1", "grain"),
            ("e1", "peace"),
            ("e2", "trade"),
            ("e3", "peace"),
            ("e3", "trade"),
        )
    )
    assert facts.pairs == 5
    assert facts.per_event == {"e3": 2, "e1": 2, "e2": 1}
    assert facts.per_topic == {"peace": 2, "trade": 2, "grain": 1}
    assert facts.events == ["e3", "e1", "e2"]
    assert facts.topics == ["peace", "trade", "grain"]
    # Ties: every event and topic with the most, in date and table order.
    assert facts.busiest == ["e3", "e1"] and facts.most_topics == 2
    assert facts.common == ["peace", "trade"] and facts.most_events == 2
    assert len(facts.cells) == 5
    first = facts.cells.iloc[0]
    assert (first["event_id"], first["topic_id"], first["evidence_id"]) == (
        "e1",
        "grain",
        "ev-e1-grain",
    )
    assert (first["n_event"], first["n_topic"]) == (2, 1)


def test_topics_raised_above_the_limits_shows_the_busiest_and_counts_everything():
    facts = topics_raised(
        raised_in(
            ("e2", "trade"),
            ("e2", "energy"),
            ("e1", "peace"),
            ("e3", "peace"),
            ("e2", "peace"),
        ),
        max_events=2,
        max_topics=1,
    )
    # e2 has the most; e3 and e1 tie with one, and e3 comes first in date order.
    assert facts.events == ["e3", "e2"]
    assert facts.topics == ["peace"]
    assert list(zip(facts.cells["event_id"], facts.cells["topic_id"], strict=True)) == [
        ("e3", "peace"),
        ("e2", "peace"),
    ]
    # The counts in the cells are of every pair, not only of those shown.
    assert list(facts.cells["n_event"]) == [1, 3] and list(facts.cells["n_topic"]) == [3, 3]
    assert facts.per_event == {"e3": 1, "e1": 1, "e2": 3} and facts.pairs == 5


def test_topics_raised_at_one_event():
    pkg = raised_in(("e1", "trade"), ("e1", "peace"), ("e3", "grain"))
    facts = topics_raised(pkg, "e1", max_topics=1)
    assert facts.pairs == 2 and facts.per_event == {"e1": 2}
    assert facts.per_topic == {"peace": 1, "trade": 1}
    assert facts.topics == ["peace"]  # a tie: the topics table's order
    assert list(facts.cells["topic_id"]) == ["peace"]
    one = topics_raised(pkg, "e3")
    assert one.busiest == ["e3"] and one.common == ["grain"]
    assert (one.most_topics, one.most_events) == (1, 1)


def test_topics_raised_with_no_pairs():
    for facts in (topics_raised(raised_in()), topics_raised(raised_in(("e1", "peace")), "e2")):
        assert facts.pairs == 0 and facts.cells.empty
        assert facts.per_event == {} and facts.per_topic == {}
        assert facts.events == [] and facts.topics == []
        assert facts.busiest == [] and facts.common == []
        assert (facts.most_topics, facts.most_events) == (0, 0)


# --- who was at the table ---------------------------------------------------------------------


def at_table(*rows: tuple[str, str, str]) -> Package:
    return package(events=EVENTS, participants=participants(*rows))


TALKS = (
    ("e1", "usa", "reporter"),
    ("e1", "usa", "party"),
    ("e1", "ukr", "affected-absent"),
    ("e1", "rus", "party"),
    ("e3", "usa", "host"),
    ("e3", "eu", "affected-absent"),
    ("e3", "ukr", "affected-absent"),
    ("e2", "rus", "speaker"),
)


def test_at_the_table_one_cell_per_actor_and_event():
    facts = at_the_table(at_table(*TALKS))
    assert facts.per_event == {"e3": 3, "e1": 3, "e2": 1}
    assert facts.events == ["e3", "e1", "e2"]
    assert list(zip(facts.cells["event_id"], facts.cells["actor_id"], strict=True)) == [
        ("e1", "usa"),
        ("e1", "ukr"),
        ("e1", "rus"),
        ("e3", "usa"),
        ("e3", "eu"),
        ("e3", "ukr"),
        ("e2", "rus"),
    ]
    assert facts.cells.iloc[0]["roles"] == ("party", "reporter")
    assert facts.roles == ["party", "host", "speaker", "affected-absent"]
    assert facts.per_role == {"party": 2, "host": 1, "speaker": 1, "affected-absent": 3}
    # Two cells each; the tie in id order.
    assert facts.actors == ["rus", "ukr", "usa", "eu"]
    # Two cells at the table each; ukr's two are both as affected but absent.
    assert facts.busiest == ["rus", "usa"] and facts.most == 2
    assert facts.absent == {"e1": ["ukr"], "e3": ["eu", "ukr"]}
    assert list(facts.cells.columns) == list(presence(at_table(*TALKS)).columns)


def test_at_the_table_above_the_limits_keeps_the_busiest_events_and_actors():
    facts = at_the_table(at_table(*TALKS), max_events=1, max_actors=2)
    # e3 and e1 tie with three actors: e3 comes first in date order.
    assert facts.events == ["e3"]
    assert facts.per_event == {"e3": 3, "e1": 3, "e2": 1}  # every event counted
    assert facts.roles == ["host", "affected-absent"]  # before the actor limit
    assert facts.actors == ["eu", "ukr"]  # one cell each at e3: the first two ids
    assert list(facts.cells["actor_id"]) == ["eu", "ukr"]
    assert facts.per_role == {"affected-absent": 2}
    assert facts.busiest == [] and facts.most == 0  # nobody shown is at the table
    assert facts.absent == {"e3": ["eu", "ukr"]}


def test_at_the_table_of_one_event_has_a_cell_per_role():
    facts = at_the_table(at_table(*TALKS), "e1")
    assert list(zip(facts.cells["actor_id"], facts.cells["main_role"], strict=True)) == [
        ("usa", "reporter"),
        ("usa", "party"),
        ("ukr", "affected-absent"),
        ("rus", "party"),
    ]
    assert list(facts.cells["roles"]) == [
        ("reporter",),
        ("party",),
        ("affected-absent",),
        ("party",),
    ]
    assert (
        facts.per_event == {"e1": 3} and facts.events == ["e1"] and facts.absent == {"e1": ["ukr"]}
    )
    assert at_the_table(at_table(*TALKS), "e1", max_events=0).cells.empty
    one = at_the_table(at_table(*TALKS), "e1", max_actors=1)
    assert one.events == ["e1"] and one.actors == ["usa"]  # two roles: two cells
    assert one.roles == ["party", "reporter", "affected-absent"]
    assert one.per_role == {"party": 1, "reporter": 1}
    assert one.busiest == ["usa"] and one.most == 2 and one.absent == {}


def test_at_the_table_roles_outside_the_schema_come_last_alphabetically():
    facts = at_the_table(
        at_table(
            ("e1", "a", "witness"),
            ("e1", "b", "affected-absent"),
            ("e1", "c", "mediator"),
            ("e1", "d", "party"),
        )
    )
    assert list(facts.per_role) == ["party", "affected-absent", "mediator", "witness"]
    assert facts.busiest == ["a", "c", "d"] and facts.most == 1


def test_at_the_table_with_one_participant_and_with_none():
    one = at_the_table(at_table(("e2", "rus", "speaker")))
    assert one.per_event == {"e2": 1} and one.events == ["e2"] and one.actors == ["rus"]
    assert one.per_role == {"speaker": 1} and one.busiest == ["rus"] and one.most == 1
    for facts in (at_the_table(at_table()), at_the_table(at_table(*TALKS), "e4")):
        assert facts.cells.empty and facts.per_event == {} and facts.events == []
        assert facts.actors == [] and facts.roles == [] and facts.per_role == {}
        assert facts.busiest == [] and facts.most == 0 and facts.absent == {}


@pytest.mark.parametrize("event_id", [None, "e1"])
def test_blank_notes_are_no_notes(event_id: str | None):
    part = participants(("e1", "usa", "party"), ("e1", "usa", "reporter")).assign(
        note=["Signed.", "  "], note_ar=["  ", ""]
    )
    cells = at_the_table(package(events=EVENTS, participants=part), event_id).cells
    assert list(cells["note_ar"]) == [()] * len(cells)
    assert list(cells["note"]) == ([("Signed.",)] if event_id is None else [("Signed.",), ()])
