"""What the data hold, what they leave open, the order the chapters tell things in, who sat at
the table, the reactions and the assessments: facts.corpus and facts.reactions on small
hand-made packages."""

from __future__ import annotations

import pandas as pd
from frames import package

from talksbook.facts.corpus import (
    SourceGap,
    corpus,
    dated_span,
    key_figures,
    outlets,
    source_gaps,
    uncertain_dates,
)
from talksbook.facts.dating import in_date_order
from talksbook.facts.order import events_listed, told
from talksbook.facts.reactions import absences, assessment_groups, reactions


def events(*rows: tuple[str, str, str | None, str | None]) -> pd.DataFrame:
    """(id, track, earliest, latest) rows, status 'occurred', precision 'day', dates typed as
    the loader types them."""
    frame = pd.DataFrame(rows, columns=["id", "track", "date_earliest", "date_latest"])
    for column in ("date_earliest", "date_latest"):
        frame[column] = pd.to_datetime(frame[column])
    return frame.assign(status="occurred", date_precision="day", evidence_id="ev-" + frame["id"])


def evidence(*rows: tuple[str, str, int | None]) -> pd.DataFrame:
    """(id, source, start) rows."""
    frame = pd.DataFrame(rows, columns=["id", "source_id", "start"])
    return frame.assign(start=frame["start"].astype("Int64"))


# --- the order the chapters tell things in ----------------------------------------------------


def test_events_in_order_by_earliest_else_latest_then_latest_then_table_order():
    pkg = package(
        events=events(
            ("undated-b", "reaction", None, None),
            ("open-end", "meeting", "2025-02-18", None),
            ("day", "meeting", "2025-02-18", "2025-02-18"),
            ("undated-a", "reaction", None, None),
            ("before", "call", None, "2025-02-10"),
            ("tie-z", "call", "2025-03-01", "2025-03-01"),
            ("tie-a", "call", "2025-03-01", "2025-03-01"),
        )
    )
    assert events_listed(pkg) == [
        "before",  # dated by its latest bound only: that is where it falls
        "day",
        "open-end",  # the same start, but nothing later is ruled out
        "tie-z",  # equal dates: the table's order, not the ids'
        "tie-a",
        "undated-b",
        "undated-a",
    ]
    # Not the charts' order, which puts a latest-only date last and breaks ties by id.
    assert list(in_date_order(pkg["events"])["id"])[:2] == ["day", "open-end"]
    assert events_listed(pkg, "reaction") == ["undated-b", "undated-a"]
    assert events_listed(pkg, "call", "proposed") == []


def test_rows_in_source_order_unknown_evidence_last_ties_in_row_order():
    pkg = package(
        evidence=evidence(
            ("e1", "b-source", 5),
            ("e2", "a-source", 90),
            ("e3", "a-source", None),
            ("e4", "a-source", 10),
            ("e2", "a-source", 1),  # the later row of an id counts
        )
    )
    rows = pd.DataFrame(
        {
            "id": ["r1", "r2", "r3", "r4", "r5", "r6"],
            "evidence_id": ["nowhere", "e1", "e3", "e4", "e2", "e4"],
        },
        index=[10, 11, 12, 13, 14, 15],
    )
    ordered = told(pkg, rows)
    # By source id (a before b), then start; a missing start after its source's others.
    assert list(ordered["id"]) == ["r5", "r4", "r6", "r3", "r2", "r1"]
    assert list(ordered.index) == [14, 13, 15, 12, 11, 10]  # the rows themselves
    assert told(pkg, rows.iloc[0:0]).empty


# --- what the data hold -----------------------------------------------------------------------


def test_corpus_counts_events_per_track_statements_and_sources():
    pkg = package(
        enums={("events", "track"): ["call", "meeting", "reaction"]},
        events=events(
            ("r1", "reaction", None, None),
            ("x", "background", None, None),
            ("m1", "meeting", None, None),
            ("r2", "reaction", None, None),
        ),
        statements=pd.DataFrame(
            [
                ("s1", "trump", "social-media", "truth", "direct"),
                ("s2", "trump", "unspecified", "", "reported"),
                ("s3", "lavrov", "press-remarks", "tass", "direct"),
                ("s4", "peskov", "unspecified", "tass", "mixed"),
                ("s5", "peskov", "official-statement", "kremlin", "reported"),
                ("s6", "peskov", "news-agency-report", "agencies", "reported"),
            ],
            columns=["id", "speaker_id", "channel", "channel_actor_id", "mode"],
        ).assign(event_id="m1", stance="neutral"),
        # Outlets are media: not a government speaking for itself, nor an unnamed group.
        actors=pd.DataFrame(
            {
                "id": ["truth", "tass", "kremlin", "agencies"],
                "kind": ["media", "media", "government", "group"],
            }
        ),
        sources=pd.DataFrame({"id": ["a", "g", "b"], "kind": ["article", "gazetteer", "article"]}),
        evidence=evidence(("e1", "a", 1), ("e2", "b", 1), ("e3", "b", 9)),
    )
    held = corpus(pkg)
    assert held.events == 4
    # The schema's order (no call: left out), then a track it does not list.
    assert held.tracks == (("meeting", 1), ("reaction", 2), ("background", 1))
    assert (held.statements, held.speakers, held.outlets) == (6, 3, 2)
    assert outlets(pkg) == ("truth", "tass")
    assert (held.unspecified, held.direct) == (2, 2)
    assert held.sources == 3 and held.source_kinds == (("article", 2), ("gazetteer", 1))
    assert held.evidence == 3


def test_corpus_of_a_package_without_statements_or_sources():
    held = corpus(package(events=events(("c", "call", None, None))))
    assert (held.events, held.tracks) == (1, (("call", 1),))
    assert (held.statements, held.speakers, held.outlets, held.direct) == (0, 0, 0, 0)
    assert (held.sources, held.source_kinds, held.evidence) == (0, (), 0)


def test_dated_span_from_the_first_start_to_the_last_end():
    frame = events(
        ("undated", "call", None, None),
        ("open", "meeting", "2025-05-01", None),  # ends, as far as is asserted, 1 May
        ("month", "meeting", "2025-03-01", "2025-03-31"),
        ("before", "reaction", None, "2025-02-10"),
        ("late", "call", "2025-04-20", "2025-05-01"),
    )
    frame.loc[2, "date_precision"] = "month"
    frame.loc[3, "date_precision"] = "open"
    pkg = package(events=frame)
    span = dated_span(pkg)
    assert (span.events, span.dated, span.undated) == (5, 4, 1)
    assert (span.first, span.start, span.start_precision) == (
        "before",
        pd.Timestamp("2025-02-10"),
        "open",
    )
    # "open" and "late" both end on 1 May: the first in the table closes the span.
    assert (span.last, span.end, span.end_precision) == ("open", pd.Timestamp("2025-05-01"), "day")
    meetings = dated_span(pkg, "meeting")
    assert (meetings.first, meetings.last, meetings.start_precision) == ("month", "open", "month")


def test_dated_span_with_nothing_dated():
    span = dated_span(package(events=events(("a", "reaction", None, None))), "reaction")
    assert (span.events, span.dated, span.undated) == (1, 0, 1)
    assert span.first is span.last is span.start is span.end is None
    assert dated_span(package(events=events()), "call").events == 0


# --- what is known and what is not ------------------------------------------------------------


def test_uncertain_dates_in_the_chapters_order():
    frame = events(
        ("month", "meeting", "2025-03-01", "2025-03-31"),
        ("day", "call", "2025-02-12", "2025-02-12"),
        ("no-start", "call", None, "2025-02-01"),
        ("undated", "reaction", None, None),
    )
    frame.loc[0, "date_precision"] = "month"
    assert uncertain_dates(package(events=frame)) == ["no-start", "month", "undated"]


def test_source_gaps_of_the_quoted_sources_only():
    sources = pd.DataFrame(
        {
            "id": ["art", "gaz", "full", "dated"],
            "outlet": ["", "", "Reuters", None],
            "published": pd.to_datetime([None, None, "2025-02-01", "2025-02-02"]),
            "url": ["", "", "https://x", "https://y"],
        }
    )
    quoted = evidence(("e1", "art", 1), ("e2", "full", 1), ("e3", "dated", 1))
    assert source_gaps(package(sources=sources, evidence=quoted)) == [
        SourceGap("art", ("outlet", "published", "url")),
        SourceGap("dated", ("outlet",)),
    ]
    # A field the package does not describe is not missing.
    without = sources.drop(columns=["url", "published"])
    assert source_gaps(package(sources=without, evidence=quoted)) == [
        SourceGap("art", ("outlet",)),
        SourceGap("dated", ("outlet",)),
    ]
    assert source_gaps(package(sources=sources)) == []  # nothing quoted


# --- the numbers a reader needs first ---------------------------------------------------------


def test_key_figures_grouped_per_quantity_in_source_order_by_their_events():
    pkg = package(
        events=events(
            ("late", "call", "2025-03-18", "2025-03-18"), ("early", "call", "2025-02-12", None)
        ),
        evidence=evidence(("e1", "a", 50), ("e2", "a", 10), ("e3", "a", 30), ("e4", "a", 5)),
        figures=pd.DataFrame(
            [
                ("f1", "late", "duration", "e1"),
                ("f2", "late", "duration", "e2"),
                ("f3", "early", "duration", "e3"),
                ("f4", "gone", "count", "e4"),
                ("f5", "late", "elapsed", "e3"),
            ],
            columns=["id", "event_id", "label_en", "evidence_id"],
        ),
    )
    assert key_figures(pkg) == [
        ("f4",),  # an event not in the data comes first
        ("f3",),
        ("f2", "f1"),  # the sources give f2 first
        ("f5",),
    ]


# --- at the table, and left out ---------------------------------------------------------------


def participants(*rows: tuple[str, str, str]) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=["event_id", "actor_id", "role"])
    return frame.assign(evidence_id="ev-" + frame["event_id"] + "-" + frame["actor_id"])


def test_absences_per_meeting_and_per_absent_actor():
    pkg = package(
        events=events(
            ("m3", "meeting", "2025-05-01", "2025-05-01"),
            ("m1", "meeting", "2025-03-01", "2025-03-01"),
            ("m2", "meeting", "2025-04-01", "2025-04-01"),
            ("call", "call", "2025-02-12", "2025-02-12"),
        ),
        participants=participants(
            ("m1", "rubio", "speaker"),
            ("m1", "lavrov", "head-of-delegation"),
            ("m1", "rubio", "head-of-delegation"),
            ("m1", "ukr", "affected-absent"),
            ("m3", "ukr", "affected-absent"),
            ("m2", "eu", "affected-absent"),
            ("m2", "eu", "affected-absent"),
            ("call", "ukr", "affected-absent"),
        ),
    )
    table = absences(pkg)
    assert table.meetings == ("m1", "m2", "m3")
    # In the order of the rows in a role at the table: Rubio spoke before he headed anything.
    assert table.present == {"m1": ("lavrov", "rubio")}
    assert table.absent == {"m1": ("ukr",), "m3": ("ukr",), "m2": ("eu",)}
    assert table.evidence["m2"] == ("ev-m2-eu", "ev-m2-eu") and "call" not in table.evidence
    assert table.without == 3
    assert table.absent_from == {"ukr": ("m1", "m3"), "eu": ("m2",)}
    assert table.missed == ("m1", "m3", "m2")  # by absent actor, not by date


def test_absences_without_meetings_or_participants():
    table = absences(package(events=events(("c", "call", None, None))))
    assert table.meetings == () and table.without == 0
    assert table.present == table.absent == table.absent_from == {}


# --- the reactions ----------------------------------------------------------------------------


def test_reactions_in_order_with_their_speakers_topics_and_statements():
    pkg = package(
        events=events(
            ("r-undated", "reaction", None, None),
            ("r-dated", "reaction", "2025-02-20", None),
            ("m", "meeting", "2025-02-18", "2025-02-18"),
            ("r-third", "reaction", None, None),
        ),
        participants=participants(
            ("r-dated", "zelensky", "speaker"),
            ("r-dated", "usa", "addressee"),
            ("r-dated", "rus", "target"),
            ("r-dated", "zelensky", "speaker"),
            ("m", "rubio", "speaker"),
        ),
        evidence=evidence(("e1", "a", 30), ("e2", "a", 10), ("e3", "a", 20)),
        event_topics=pd.DataFrame(
            [("r-dated", "ceasefire", "e1"), ("r-dated", "security", "e2"), ("m", "x", "e2")],
            columns=["event_id", "topic_id", "evidence_id"],
        ),
        statements=pd.DataFrame(
            [
                ("s1", "r-dated", "critical", "e1"),
                ("s2", "r-dated", "critical", "e2"),
                ("s3", "r-dated", "conditional", "e3"),
                ("s4", "m", "neutral", "e2"),
            ],
            columns=["id", "event_id", "stance", "evidence_id"],
        ),
    )
    found = reactions(pkg, limit=2)
    assert found.events == ("r-dated", "r-undated", "r-third")
    assert (found.dated, found.undated) == (1, 2)
    assert [told.event_id for told in found.told] == ["r-dated", "r-undated"]
    dated, undated = found.told
    assert dated.speakers == ("zelensky",) and dated.addressees == ("usa", "rus")
    assert dated.dated and not undated.dated
    assert dated.topics == ("security", "ceasefire")
    assert dated.statements == ("s2", "s3", "s1")
    assert dated.stances == ("critical", "conditional")
    assert undated.speakers == undated.topics == undated.statements == undated.stances == ()
    assert len(reactions(pkg).told) == 3


def test_no_reactions():
    found = reactions(package(events=events(("m", "meeting", None, None))))
    assert found.events == found.told == () and (found.dated, found.undated) == (0, 0)


# --- the assessments --------------------------------------------------------------------------


def test_assessments_by_kind_in_reading_order_with_their_passages():
    pkg = package(
        evidence=evidence(("e1", "a", 10), ("e2", "a", 20), ("e3", "a", 30)),
        assessments=pd.DataFrame(
            [
                ("a1", "framing", "e1"),
                ("a2", "hope", "e3"),
                ("a3", "risk", "e2"),
                ("a4", "risk", "e1"),
                ("a5", "risk", "e3"),
                ("a6", "dispute", "e3"),
            ],
            columns=["id", "kind", "evidence_id"],
        ),
    )
    groups = assessment_groups(pkg, limit=2)
    # Disputes, (no factor), risks, framing; a kind of no known order last.
    assert [g.kind for g in groups] == ["dispute", "risk", "framing", "hope"]
    risks = groups[1]
    assert risks.assessments == ("a4", "a3", "a5")  # in the order the sources give them
    assert risks.passages == ("e1", "e2")  # of the first two only, each once
    assert assessment_groups(pkg)[1].passages == ("e1", "e2", "e3")
    assert assessment_groups(package(evidence=evidence())) == []


def test_the_facts_of_an_empty_package():
    empty = package()
    assert events_listed(empty) == [] and uncertain_dates(empty) == []
    assert corpus(empty).events == 0 and key_figures(empty) == []
    assert absences(empty).meetings == () and reactions(empty).events == ()
