"""The checks of the data-and-methods chapter on small hand-made packages: which claims are set
side by side and with what verdict, elapsed times against dates, near-identical spellings,
resolved and uncertain dates, rows and codes counted; each on its edges."""

from __future__ import annotations

import math
from pathlib import Path

import pandas as pd
import pytest
from frames import package

from talksbook.data import Package
from talksbook.facts.checks import (
    CodedField,
    Comparison,
    DateResolution,
    FigureCheck,
    Spelling,
    SpellingVariants,
    archived_sources,
    coded_fields,
    date_resolutions,
    elapsed_check,
    elapsed_checks,
    figure_check,
    figure_checks,
    occurrences,
    referenced_events,
    row_counts,
    spelling_variants,
    uncertain_dates,
    unused_aliases,
)
from talksbook.facts.order import listing_order, source_order


def evidence(*rows: tuple[str, str, int | None]) -> pd.DataFrame:
    """(id, source, start) rows."""
    frame = pd.DataFrame(rows, columns=["id", "source_id", "start"])
    return frame.assign(start=frame["start"].astype("Int64"))


def events(*rows: tuple[str, str | None, str | None, str]) -> pd.DataFrame:
    """(id, earliest, latest, precision) rows, dates typed as the loader types them."""
    frame = pd.DataFrame(rows, columns=["id", "date_earliest", "date_latest", "date_precision"])
    for column in ("date_earliest", "date_latest"):
        frame[column] = pd.to_datetime(frame[column])
    return frame.assign(track="meeting", date_basis="stated")


def figures(*rows: tuple[str, str, str, float | None, str, str, str]) -> pd.DataFrame:
    """(id, event, label, value, unit, qualifier, evidence) rows of durations."""
    frame = pd.DataFrame(
        rows, columns=["id", "event_id", "label_en", "value", "unit", "qualifier", "evidence_id"]
    )
    return frame.assign(measure="duration", note="")


# --- the order of the corpus and of the chapters ----------------------------------------------


def test_article_order_is_by_source_then_start_unknown_evidence_last() -> None:
    pkg = package(
        evidence=evidence(("e1", "b", 5), ("e2", "a", 90), ("e3", "a", 10), ("e4", "a", None))
    )
    # e4 has no start: last of its source; "gone" is quoted nowhere: after every span.
    assert source_order(pkg, ["e1", "gone", "e2", "e3", "e4", "e3"]) == [3, 5, 2, 4, 0, 1]
    assert source_order(pkg, []) == []
    assert source_order(package(), ["x", "y"]) == [0, 1]  # no evidence: order kept


def test_listing_order_dates_first_by_first_known_bound_ties_in_table_order() -> None:
    frame = events(
        ("undated", None, None, "unknown"),
        ("march", "2025-03-01", "2025-03-31", "month"),
        ("before-feb-10", None, "2025-02-10", "open"),
        ("after-march-1", "2025-03-01", None, "open"),
        ("march-again", "2025-03-01", "2025-03-31", "month"),
        ("march-1", "2025-03-01", "2025-03-01", "day"),
    )
    order = [frame["id"][i] for i in listing_order(frame)]
    assert order == [
        "before-feb-10",  # placed by its latest date, not last
        "march-1",
        "march",
        "march-again",  # a tie: table order, not id order
        "after-march-1",  # an open end after every closed one
        "undated",
    ]


# --- claims about one quantity ----------------------------------------------------------------


def durations() -> Package:
    return package(
        evidence=evidence(("e1", "s", 10), ("e2", "s", 20), ("e3", "s", 30), ("e4", "s", 40)),
        figures=figures(
            # In the table before the others, but told last: the group is in article order.
            ("late", "call", "Length", 45, "minute", "exact", "e4"),
            ("more", "call", "Length", 30, "minute", "more-than", "e1"),
            ("exact", "call", "Length", 40, "minute", "exact", "e2"),
            ("none", "call", "Length", None, "minute", "exact", "e3"),
            ("alone", "other", "Length", 5, "minute", "exact", "e1"),
        ),
    )


def test_figure_checks_lead_with_the_first_exact_claim_in_source_order() -> None:
    (check,) = figure_checks(durations())  # "alone" has nothing to be compared with
    assert check == FigureCheck(
        figure_ids=("more", "exact", "none", "late"),  # every claim, a missing value too
        lead_id="exact",
        lead_exact=True,
        against=(Comparison("more", True), Comparison("late", False)),  # "none" has no value
        consistent=False,  # 40 and 45 cannot both be exact
    )


def test_figure_checks_without_an_exact_claim_compare_ranges() -> None:
    pkg = package(
        figures=figures(
            ("a", "call", "Length", 60, "minute", "more-than", "e1"),
            ("b", "call", "Length", 90, "minute", "about", "e2"),
            ("c", "call", "Length", 70, "minute", "at-least", "e3"),
        )
    )
    (check,) = figure_checks(pkg)
    assert (check.lead_id, check.lead_exact, check.consistent) == ("a", False, True)
    assert check.against == (Comparison("b", True), Comparison("c", True))
    # About 90 (85–95) against more than 100: no value fits both.
    pkg = package(
        figures=figures(
            ("a", "call", "Length", 90, "minute", "about", "e1"),
            ("b", "call", "Length", 100, "minute", "more-than", "e2"),
        )
    )
    (check,) = figure_checks(pkg)
    assert check.against == (Comparison("b", False),) and not check.consistent


def test_figure_checks_group_by_event_and_label() -> None:
    pkg = package(
        figures=figures(
            ("a", "call", "Length", 60, "minute", "exact", "e1"),
            ("b", "call", "Talks", 60, "minute", "exact", "e2"),
            ("c", "other", "Length", 60, "minute", "exact", "e3"),
        )
    )
    assert figure_checks(pkg) == []
    assert figure_checks(package(figures=figures())) == []


def test_figure_check_compares_the_claims_given_in_their_order() -> None:
    pkg = durations()
    check = figure_check(pkg, ["late", "more", "unknown-id"])
    assert check is not None and check.figure_ids == ("late", "more")
    assert check.lead_id == "late" and check.against == (Comparison("more", True),)
    assert figure_check(pkg, ["late", "none"]) is None  # one claim with a value
    assert figure_check(pkg, []) is None


# --- elapsed time between events --------------------------------------------------------------


def elapsed(*rows: tuple[str, float, str, str, str]) -> pd.DataFrame:
    """(id, value, unit, qualifier, note) rows of elapsed-time figures."""
    frame = pd.DataFrame(rows, columns=["id", "value", "unit", "qualifier", "note"])
    return frame.assign(
        event_id="c2", label_en="Since", measure="elapsed", evidence_id="e-" + frame["id"]
    )


def calls() -> pd.DataFrame:
    return events(
        ("c1", "2022-02-12", "2022-02-12", "day"),
        ("c2", "2025-02-12", "2025-02-12", "day"),
        ("c3", "2025-03-01", None, "open"),
    )


def test_elapsed_checks_set_each_claim_against_the_events_its_note_names() -> None:
    pkg = package(
        evidence=evidence(("e-three", "s", 50), ("e-two", "s", 10), ("e-days", "s", 30)),
        events=calls(),
        figures=elapsed(
            ("three", 3, "year", "about", "Compare with the dates of c1 and c2."),
            ("two", 2, "year", "exact", "From c1 (c1 again) to c2, and c3"),
            ("days", 1096, "day", "about", "c1 c2"),
        ),
    )
    found = elapsed_checks(pkg)
    assert [c.figure_id for c in found] == ["two", "days", "three"]  # article order
    assert [c.fits for c in found] == [False, True, True]
    assert {(c.since_id, c.until_id) for c in found} == {("c1", "c2")}
    assert found[0].gap.least_days == 1096 and found[0].gap.most_months == 36


def test_elapsed_checks_leave_out_what_the_dates_cannot_settle() -> None:
    pkg = package(
        events=calls(),
        figures=elapsed(
            ("one-event", 3, "year", "exact", "Since c1, says the article"),
            ("open", 3, "year", "exact", "From c2 to c3"),  # c3 has no latest date
            ("count", 3, "principle", "exact", "c1 and c2"),  # not a time
        ),
    )
    assert elapsed_checks(pkg) == []
    assert elapsed_check(pkg, "one-event") is None and elapsed_check(pkg, "open") is None
    not_a_time = elapsed_check(pkg, "count")
    assert not_a_time is not None and not_a_time.fits is None
    assert elapsed_check(pkg, "no-such-figure") is None


def test_referenced_events_each_once_in_the_notes_order() -> None:
    known = ["call-2022", "call-2025", "talks"]
    note = "Compare call-2025 with call-2022 (and call-2025); not call-2024 nor Talks."
    assert referenced_events(note, known) == ["call-2025", "call-2022"]
    assert referenced_events("", known) == []


# --- spellings of one name --------------------------------------------------------------------


def aliases(*rows: tuple[str, str, str | None, str | None]) -> pd.DataFrame:
    """(actor, alias, source, note) rows."""
    return pd.DataFrame(rows, columns=["actor_id", "alias", "occurs_in", "note"])


def test_occurrences_are_lines_one_per_occurrence() -> None:
    assert occurrences("ab\nab ab\n\nxab", "ab") == [1, 2, 2, 4]
    assert occurrences("aaaa", "aa") == [1, 1]  # no overlaps
    assert occurrences("text", "") == [] and occurrences("", "ab") == []


def test_spelling_variants_one_letter_apart_in_one_source() -> None:
    text = "بوتين\nبوتن\nفلاديمير بوتين\nبوتين"
    pkg = package(
        texts={"art": text, "other": "بوتن"},
        aliases=aliases(
            ("putin", "بوتين", "art", None),
            ("putin", "فلاديمير بوتين", "art", None),  # the surname inside: not a variant
            ("putin", "بوتن", "art", "a misspelling"),
            ("putin", "بوتن", "other", None),  # alone in its source
            ("putin", "بوتن", "art", "a misspelling"),  # a repeated row counts once
            ("trump", "ترامب", "art", None),
            ("trump", "واشنطن", "art", None),  # a metonym, not a spelling
            ("putin", "بوتينن", None, None),  # no source: not compared
        ),
    )
    assert spelling_variants(pkg) == [
        SpellingVariants(
            "putin", "art", (Spelling(0, "بوتين", (1, 3, 4)), Spelling(2, "بوتن", (2,)))
        )
    ]
    assert unused_aliases(pkg) == [7]


def test_spelling_variants_of_a_source_without_text_are_on_no_line() -> None:
    pkg = package(aliases=aliases(("a", "ترمب", "gone", None), ("a", "ترامب", "gone", None)))
    (found,) = spelling_variants(pkg)
    assert [s.lines for s in found.spellings] == [(), ()]
    assert spelling_variants(package()) == [] and unused_aliases(package()) == []


# --- dates the data resolve -------------------------------------------------------------------


def claims(*rows: tuple[str, str | None, str | None, str, str, str, str]) -> pd.DataFrame:
    """(id, earliest, latest, basis, anchor, statement, evidence) rows."""
    frame = pd.DataFrame(
        rows,
        columns=[
            "id",
            "earliest",
            "latest",
            "basis",
            "anchor_event_id",
            "statement_id",
            "evidence_id",
        ],
    )
    for column in ("earliest", "latest"):
        frame[column] = pd.to_datetime(frame[column])
    return frame.assign(event_id="talks")


def test_date_resolutions_in_article_order_with_their_distance_from_the_anchor() -> None:
    pkg = package(
        evidence=evidence(*((f"e{i}", "s", i) for i in range(9))),
        events=events(("anchor", "2025-02-18", "2025-02-18", "day")),
        statements=pd.DataFrame({"id": ["said"]}),
        date_claims=claims(
            ("after", "2025-02-20", "2025-02-20", "resolved-weekday", "anchor", "", "e2"),
            ("before", "2025-02-17", "2025-02-17", "resolved-weekday", "anchor", "", "e1"),
            ("same", "2025-02-18", "2025-02-18", "resolved-weekday", "anchor", "said", "e3"),
            ("from", "2025-02-18", None, "inferred-order", "anchor", "", "e4"),
            ("later", "2025-02-19", None, "inferred-order", "anchor", "", "e5"),
            ("until", None, "2025-02-18", "inferred-order", "anchor", "", "e6"),
            ("span", "2025-02-10", "2025-02-12", "inferred-order", "gone", "gone", "e7"),
            ("nothing", None, None, "inferred-order", "", "", "e8"),
            ("read", "2025-02-18", "2025-02-18", "stated", "anchor", "", "e0"),
        ),
    )
    found = {r.claim_id: r for r in date_resolutions(pkg)}
    assert list(found) == ["before", "after", "same", "from", "later", "until", "span", "nothing"]
    assert found["before"] == DateResolution("before", None, "day", "anchor", "before", 1)
    assert (found["after"].offset, found["after"].days) == ("after", 2)
    assert (found["same"].offset, found["same"].statement_id) == ("same", "said")
    assert [found[c].offset for c in ("from", "later", "until")] == ["not_before", "none", "none"]
    assert [found[c].kind for c in ("from", "until", "span", "nothing")] == [
        "open",
        "open",
        "interval",
        "undated",
    ]
    # An anchor or a statement the package lacks is no anchor and no statement.
    assert found["span"] == DateResolution("span", None, "interval", None, "none", 0)


def test_date_resolutions_of_no_claims() -> None:
    assert date_resolutions(package()) == []
    empty = claims()
    assert date_resolutions(package(date_claims=empty)) == []


def test_a_resolved_date_measured_from_an_undated_anchor_has_no_distance() -> None:
    pkg = package(
        events=events(("anchor", None, None, "unknown")),
        date_claims=claims(("c", "2025-02-18", "2025-02-18", "resolved-weekday", "anchor", "", "")),
    )
    (found,) = date_resolutions(pkg)
    assert (found.anchor_id, found.offset, found.days) == ("anchor", "none", 0)


# --- uncertain dates --------------------------------------------------------------------------


def test_uncertain_dates_are_every_event_not_dated_to_the_day_and_how_wide() -> None:
    pkg = package(
        events=events(
            ("undated", None, None, "unknown"),
            ("feb", "2025-02-01", "2025-02-28", "month"),
            ("day", "2025-01-05", "2025-01-05", "day"),
            ("after", "2025-01-01", None, "open"),
            ("jan", "2025-01-01", "2025-01-31", "month"),
        )
    )
    found = uncertain_dates(pkg)
    assert list(found["event_id"]) == ["jan", "after", "feb", "undated"]
    assert list(found["kind"]) == ["interval", "open", "interval", "undated"]
    assert found["days"].tolist()[0] == 30 and found["days"].tolist()[2] == 27
    assert found["days"].isna().tolist() == [False, True, False, True]


def test_uncertain_dates_of_a_package_dated_to_the_day_or_without_events() -> None:
    dated = package(events=events(("day", "2025-01-05", "2025-01-05", "day")))
    assert uncertain_dates(dated).empty
    assert uncertain_dates(package()).empty
    assert "event_id" in uncertain_dates(package()).columns


# --- rows and codes ---------------------------------------------------------------------------


def test_row_counts_per_table_of_the_descriptor_and_in_all() -> None:
    pkg = package(events=calls(), figures=figures())
    counts = row_counts(pkg)
    assert counts.tables == () and counts.total == 0  # the descriptor lists no table
    listed = Package(
        Path("."),
        {"resources": [{"name": "events"}, {"name": "figures"}, {"name": "notes"}]},
        pkg.tables,
        {},
        {},
    )
    counts = row_counts(listed)
    assert counts.tables == (("events", 3), ("figures", 0), ("notes", 0))
    assert counts.total == 3 and counts.of("events") == 3 and counts.of("unlisted") == 0


def test_archived_sources_are_those_with_a_path_in_table_order() -> None:
    sources = pd.DataFrame(
        [("b", "sources/b.txt"), ("a", None), ("c", "sources/c.txt"), ("d", "")],
        columns=["id", "path"],
    )
    assert archived_sources(package(sources=sources)) == ["b", "c"]
    assert archived_sources(package(sources=sources[["id"]])) == []
    assert archived_sources(package()) == []


def test_coded_fields_count_every_allowed_value_in_the_schemas_order() -> None:
    pkg = package(
        enums={
            ("outcomes", "status"): ["agreed", "planned", "under-study"],
            ("outcomes", "kind"): ["plan"],
            ("missing", "code"): ["x"],
        },
        outcomes=pd.DataFrame(
            {"status": ["planned", "agreed", "planned", "unlisted"], "kind": ["plan"] * 4}
        ),
    )
    assert coded_fields(pkg) == [
        CodedField("outcomes", "status", (("agreed", 1), ("planned", 2), ("under-study", 0))),
        CodedField("outcomes", "kind", (("plan", 4),)),
        CodedField("missing", "code", (("x", 0),)),  # a table the package lacks: none
    ]
    assert coded_fields(package()) == []


@pytest.mark.parametrize("value", [math.nan, None])
def test_a_figure_without_a_value_is_listed_but_not_compared(value: float | None) -> None:
    pkg = package(
        figures=figures(
            ("a", "call", "Length", 60, "minute", "exact", "e1"),
            ("b", "call", "Length", value, "minute", "exact", "e2"),
            ("c", "call", "Length", 60, "minute", "about", "e3"),
        )
    )
    (check,) = figure_checks(pkg)
    assert check.figure_ids == ("a", "b", "c") and check.against == (Comparison("c", True),)
