"""Calls in date order, what they share, and how each source is told apart: on small hand-made
packages with several calls and several sources."""

from __future__ import annotations

import pandas as pd
from frames import package

from talksbook.data import Package
from talksbook.facts.calls import (
    calls,
    compare_calls,
    dated,
    figures_of,
    parties_of,
    related_proposals,
    sectioned,
    stances_split,
    topics_of,
)
from talksbook.facts.sources import Support, cited_sources, event_support, source_labels
from talksbook.facts.voices import channel_groups


def events(*rows: tuple[str, str, str, str | None]) -> pd.DataFrame:
    """(id, track, status, date) rows; each event lasts its one day."""
    frame = pd.DataFrame(rows, columns=["id", "track", "status", "date_earliest"])
    frame["date_earliest"] = pd.to_datetime(frame["date_earliest"])
    return frame.assign(date_latest=frame["date_earliest"])


def corpus() -> Package:
    return package(
        events=events(
            ("c-late", "call", "occurred", "2025-03-18"),
            ("c-undated", "call", "occurred", None),
            ("c-early", "call", "occurred", "2025-02-12"),
            ("c-planned", "call", "proposed", "2025-04-01"),
            ("m", "meeting", "occurred", "2025-02-18"),
        ),
        participants=pd.DataFrame(
            [
                ("c-early", "trump", "party"),
                ("c-early", "putin", "party"),
                ("c-early", "zelensky", "addressee"),
                ("c-late", "putin", "party"),
                ("c-late", "trump", "party"),
                ("c-undated", "putin", "party"),
                ("c-undated", "macron", "party"),
            ],
            columns=["event_id", "actor_id", "role"],
        ),
        event_topics=pd.DataFrame(
            [
                ("c-early", "war"),
                ("c-early", "energy"),
                ("c-late", "energy"),
                ("c-late", "war"),
                ("c-late", "ceasefire"),
                ("c-undated", "war"),
            ],
            columns=["event_id", "topic_id"],
        ),
        figures=pd.DataFrame(
            [
                ("f1", "c-early", "duration"),
                ("f2", "c-early", "elapsed"),
                ("f3", "c-late", "duration"),
            ],
            columns=["id", "event_id", "measure"],
        ),
    )


def test_calls_that_took_place_in_date_order_undated_last() -> None:
    assert calls(corpus()) == ["c-early", "c-late", "c-undated"]
    assert calls(package(events=events(("m", "meeting", "occurred", "2025-01-01")))) == []


def test_parties_topics_and_figures_of_one_call() -> None:
    pkg = corpus()
    assert parties_of(pkg, "c-early") == ["trump", "putin"]  # not the addressee
    assert topics_of(pkg, "c-late") == ["energy", "war", "ceasefire"]
    assert figures_of(pkg, "c-early", "duration") == ["f1"]
    assert figures_of(pkg, "c-late", "elapsed") == []


def test_what_the_calls_share_and_what_only_one_raised() -> None:
    compared = compare_calls(corpus())
    assert compared.call_ids == ("c-early", "c-late", "c-undated")
    assert compared.parties_in_all == ("putin",)
    assert compared.shared_topics == (("war", 3), ("energy", 2))  # most calls first
    assert dict(compared.own_topics) == {
        "c-early": (),
        "c-late": ("ceasefire",),
        "c-undated": (),
    }
    two = compare_calls(corpus(), ["c-early", "c-late"])
    assert two.parties_in_all == ("trump", "putin") and two.shared_topics[0] == ("war", 2)


def test_fewer_than_two_calls_compare_to_nothing() -> None:
    compared = compare_calls(corpus(), ["c-early"])
    assert compared.parties_in_all == () and compared.shared_topics == ()
    assert compared.own_topics == ()


def _sources(*kinds: tuple[str, str]) -> pd.DataFrame:
    return pd.DataFrame(kinds, columns=["id", "kind"])


def test_each_cited_source_is_numbered_within_its_kind() -> None:
    pkg = package(
        sources=_sources(
            ("a", "article"), ("geo", "gazetteer"), ("b", "article"), ("unused", "article")
        ),
        evidence=pd.DataFrame({"id": ["e1", "e2", "e3"], "source_id": ["b", "a", "geo"]}),
    )
    assert cited_sources(pkg) == ["a", "geo", "b"]  # the sources table's order; unused left out
    labels = source_labels(pkg)
    assert (labels["a"].number, labels["a"].of_kind, labels["a"].of_all) == (1, 2, 3)
    assert (labels["b"].number, labels["b"].of_kind) == (2, 2)
    assert (labels["geo"].kind, labels["geo"].number, labels["geo"].of_kind) == ("gazetteer", 1, 1)


def test_one_cited_source_is_alone() -> None:
    pkg = package(
        sources=_sources(("a", "article"), ("geo", "gazetteer")),
        evidence=pd.DataFrame({"id": ["e1"], "source_id": ["a"]}),
    )
    assert {k: (v.number, v.of_all) for k, v in source_labels(pkg).items()} == {"a": (1, 1)}


def test_an_event_is_supported_by_every_source_quoted_about_it() -> None:
    pkg = package(
        sources=pd.DataFrame(
            {
                "id": ["a", "b", "c", "d"],
                "kind": ["article"] * 4,
                "outlet": ["Agency", "", "Agency", ""],
            }
        ),
        evidence=pd.DataFrame({"id": ["e1", "e2", "e3", "e4"], "source_id": ["a", "b", "c", "d"]}),
        events=pd.DataFrame({"id": ["x", "y", "z"], "evidence_id": ["e2", "e1", ""]}),
        statements=pd.DataFrame(
            {"id": ["s1", "s2"], "event_id": ["x", "y"], "evidence_id": ["e1", "e3"]}
        ),
        figures=pd.DataFrame({"id": ["f1"], "event_id": ["x"], "evidence_id": ["e4"]}),
        notes=pd.DataFrame({"id": ["n1"], "evidence_id": ["e3"]}),  # names no event
    )
    support = event_support(pkg)
    assert support["x"] == Support(("a", "b", "d"), 3)  # its own row, a statement, a figure
    # Two articles of one outlet count once; an event no evidence is about has no support.
    assert support["y"] == Support(("a", "c"), 1)
    assert "z" not in support


def test_past_the_limit_the_latest_dated_calls_get_sections() -> None:
    pkg = corpus()
    assert sectioned(pkg, 5) == ["c-early", "c-late", "c-undated"]
    assert sectioned(pkg, 1) == ["c-late"]  # the latest dated one
    assert sectioned(pkg, 0) == []
    assert dated(pkg, ["c-undated", "c-late", "m"]) == ["c-late", "m"]


def test_proposals_that_bring_back_a_party_of_the_calls() -> None:
    pkg = corpus()
    table = pd.concat(
        [
            pkg["participants"],
            pd.DataFrame(
                [("summit", "putin", "party"), ("other", "macron", "party")],
                columns=["event_id", "actor_id", "role"],
            ),
        ]
    )
    proposals = events(
        ("summit", "proposal", "proposed", None), ("other", "proposal", "proposed", "2025-01-01")
    )
    two = package(
        events=pd.concat([pkg["events"], proposals]),
        participants=table,
        event_topics=pkg["event_topics"],
    )
    assert related_proposals(two, ["c-early", "c-late"]) == ["summit"]  # macron was on neither
    assert related_proposals(two, ["c-undated"]) == ["other", "summit"]  # dated first


def test_statements_split_by_stance_in_the_order_the_sources_tell_them() -> None:
    pkg = package(
        statements=pd.DataFrame(
            {
                "id": ["s1", "s2", "s3", "s4"],
                "event_id": ["x", "x", "y", "x"],
                "stance": ["conditional", "supportive", "conditional", "conditional"],
                "evidence_id": ["e3", "e1", "e2", "e2"],
            }
        ),
        evidence=pd.DataFrame(
            {"id": ["e1", "e2", "e3"], "source_id": ["a", "a", "a"], "start": [5, 10, 1]}
        ),
    )
    assert stances_split(pkg, "x", "conditional") == (["s1", "s4"], ["s2"])  # e3 starts first


def test_statements_by_channel_and_outlet_in_the_order_first_used() -> None:
    pkg = package(
        statements=pd.DataFrame(
            {
                "id": ["a", "b", "c", "d"],
                "channel": ["press", "social-media", "press", "press"],
                "channel_actor_id": ["ap", "", "ap", "tass"],
                "mode": ["direct", "reported", "reported", "direct"],
            }
        )
    )
    found = channel_groups(pkg, ["b", "a", "c", "d"])
    assert found.groups == (
        ("social-media", "", ("b",)),
        ("press", "ap", ("a", "c")),
        ("press", "tass", ("d",)),
    )
    assert (found.statements, found.direct) == (4, 2)
