"""When did it happen, and do the claims about time hold up? facts.timeline and the claims
the charts weigh (facts.claims.most_claimed, elapsed_claim), on small hand-made packages:
none, one, ties, the limit exceeded, several events and tracks."""

from __future__ import annotations

import math

import pandas as pd
import pytest
from frames import package

from talksbook.facts.claims import ClaimRange, elapsed_claim, most_claimed
from talksbook.facts.timeline import (
    Jump,
    Window,
    period_counts,
    shown_in,
    timeline,
)


def events(*rows: tuple[str, str, str | None, str | None]) -> pd.DataFrame:
    """(id, track, earliest, latest) rows of events that took place, dates typed as the
    loader types them."""
    frame = pd.DataFrame(rows, columns=["id", "track", "date_earliest", "date_latest"])
    for column in ("date_earliest", "date_latest"):
        frame[column] = pd.to_datetime(frame[column])
    return frame.assign(status="occurred", date_precision="day", date_basis="stated")


def figures(*rows: tuple[str, str, str, str, float, str, str]) -> pd.DataFrame:
    """(id, event, label, measure, value, unit, qualifier) rows."""
    return pd.DataFrame(
        rows, columns=["id", "event_id", "label_en", "measure", "value", "unit", "qualifier"]
    )


def day(text: str) -> pd.Timestamp:
    return pd.Timestamp(text)


# --- windows of dates -------------------------------------------------------------------------


def test_no_events_no_window():
    when = timeline(package(events=events()))
    assert when.windows == () and when.jump is None and when.in_last_window == 0
    assert when.last_days is None
    assert when.kinds == {"undated": 0, "open": 0, "day": 0, "interval": 0}
    assert when.events.empty and when.undated == 0


def test_one_day_is_one_window_padded_by_two_days():
    when = timeline(package(events=events(("call", "call", "2025-02-12", "2025-02-12"))))
    (window,) = when.windows
    assert window == Window(
        day("2025-02-12"), day("2025-02-12"), day("2025-02-10"), day("2025-02-15")
    )
    assert window.days == 1
    assert when.jump is None and when.in_last_window == 1
    assert when.kinds == {"undated": 0, "open": 0, "day": 1, "interval": 0}


def test_windows_split_where_dates_are_more_than_the_gap_apart():
    table = events(
        ("old-call", "call", "2022-02-01", "2022-02-28"),
        ("call", "call", "2025-02-12", "2025-02-12"),
        ("talks", "meeting", "2025-02-18", "2025-02-18"),
        # Exactly 60 days after the talks: still the same window.
        ("later", "meeting", "2025-04-19", "2025-04-19"),
        ("reaction", "reaction", None, None),
    )
    when = timeline(package(events=table))
    assert [(w.first, w.last) for w in when.windows] == [
        (day("2022-02-01"), day("2022-02-28")),
        (day("2025-02-12"), day("2025-04-19")),
    ]
    assert when.jump == Jump(day("2022-02-28"), day("2025-02-12"))
    assert when.jump.days == 1080 and when.jump.years == pytest.approx(2.957, abs=1e-3)
    assert when.in_last_window == 3 and when.windows[-1].days == 67
    assert when.undated == 1 and when.kinds["interval"] == 1 and when.kinds["day"] == 3
    # The same dates with a shorter gap: the last window breaks up.
    assert len(timeline(package(events=table), gap_days=59).windows) == 3


def test_the_first_of_equally_long_jumps_is_the_jump():
    table = events(
        ("a", "call", "2025-01-01", "2025-01-01"),
        ("b", "call", "2025-04-01", "2025-04-01"),
        ("c", "call", "2025-06-30", "2025-06-30"),
    )
    when = timeline(package(events=table))
    assert len(when.windows) == 3
    assert when.jump == Jump(day("2025-01-01"), day("2025-04-01"))
    assert when.in_last_window == 1


def test_a_long_window_is_padded_by_eight_percent_of_its_span():
    table = events(("a", "call", "2025-01-01", "2025-03-01"), ("b", "call", "2025-04-10", None))
    (window,) = timeline(package(events=table)).windows
    # 1 January to 10 April: 100 days, padded by 8 on each side.
    assert (window.first, window.last, window.days) == (day("2025-01-01"), day("2025-04-10"), 100)
    assert (window.lo, window.hi) == (day("2024-12-24"), day("2025-04-19"))


def test_only_events_dated_to_the_day_count_as_in_the_last_window():
    table = events(
        ("old", "call", "2022-02-01", "2022-02-28"),
        ("until", "meeting", None, "2025-02-20"),  # no start: not counted
        ("talks", "meeting", "2025-02-18", "2025-02-18"),
        # "After 18 February" falls within no stretch of days: not counted either.
        ("after", "meeting", "2025-02-18", None),
    )
    when = timeline(package(events=table))
    assert when.in_last_window == 1
    assert when.last_days == (day("2025-02-18"), day("2025-02-18"))
    assert when.kinds == {"undated": 0, "open": 2, "day": 1, "interval": 1}


# --- what a window shows ----------------------------------------------------------------------


def test_shown_in_cuts_intervals_to_the_window_and_keeps_open_ones_in_their_own():
    table = events(
        ("old", "call", "2022-02-01", "2022-02-28"),
        ("span", "call", "2025-01-25", "2025-02-13"),
        ("talks", "meeting", "2025-02-18", "2025-02-18"),
        ("after", "meeting", "2025-02-18", None),
        ("until", "meeting", None, "2025-02-14"),
        ("reaction", "reaction", None, None),
    )
    when = timeline(package(events=table), gap_days=10)
    last = when.windows[-1]
    assert (last.first, last.lo, last.hi) == (
        day("2025-02-13"),
        day("2025-02-11"),
        day("2025-02-21"),
    )
    shown = shown_in(when.events, last).set_index("event_id")
    assert list(shown.index) == ["span", "talks", "after", "until"]
    assert shown.at["span", "shown_from"] == last.lo and not shown.at["span", "runs_on"]
    assert shown.at["span", "shown_until"] == day("2025-02-14")
    assert shown.at["talks", "shown_until"] == day("2025-02-19")
    # An interval with one bound ends (or starts) inside the window of that bound, halfway
    # between its dates and the window's edge.
    assert last.open_end == day("2025-02-20") and last.open_start == day("2025-02-12")
    assert shown.at["after", "runs_on"] and shown.at["after", "shown_until"] == last.open_end
    assert shown.at["until", "shown_from"] == last.open_start
    assert shown.at["until", "runs_before"] and not shown.at["talks", "runs_before"]
    # 1 and 28 February 2022 are 27 days apart: two windows. An event with one bound is in
    # the window of that bound only, never in the windows before or after it.
    assert [list(shown_in(when.events, w)["event_id"]) for w in when.windows[:3]] == [
        ["old"],
        ["old"],
        ["span"],
    ]
    cut = shown_in(when.events, when.windows[2]).iloc[0]
    assert cut["runs_on"] and cut["shown_until"] == when.windows[2].hi
    assert shown_in(when.events.iloc[:0], last).empty


# --- too many events: counts per period -------------------------------------------------------


def test_period_counts_per_month_and_track_with_undated_per_track():
    table = events(
        ("a", "meeting", "2025-02-12", "2025-02-12"),
        ("b", "call", "2025-02-18", "2025-02-18"),
        ("c", "call", "2025-02-01", "2025-02-28"),
        ("d", "call", None, "2025-03-03"),  # counted by its latest date
        ("e", "reaction", None, None),
        ("f", "reaction", None, None),
        ("g", "call", None, None),
    )
    counted = period_counts(package(events=table))
    assert counted.unit == "month" and counted.events == 7 and counted.n_undated == 3
    assert counted.counts.values.tolist() == [
        [day("2025-02-01"), "call", 2],
        [day("2025-02-01"), "meeting", 1],
        [day("2025-03-01"), "call", 1],
    ]
    assert counted.undated.values.tolist() == [["call", 1], ["reaction", 2]]


def test_period_counts_per_year_beyond_the_month_limit():
    table = events(("a", "call", "2005-06-01", "2005-06-01"), ("b", "call", "2025-02-12", None))
    # 2005 to 2025: 21 calendar years, 252 months.
    counted = period_counts(package(events=table))
    assert counted.unit == "year" and counted.n_undated == 0 and counted.undated.empty
    assert counted.counts["period"].tolist() == [day("2005-01-01"), day("2025-01-01")]
    assert period_counts(package(events=table), max_months=252).unit == "month"


def test_period_counts_of_none_and_of_undated_events_only():
    none = period_counts(package(events=events()))
    assert none.events == 0 and none.counts.empty and none.n_undated == 0
    undated = period_counts(package(events=events(("a", "call", None, None))))
    assert undated.unit == "month" and undated.counts.empty and undated.n_undated == 1


# --- the claims a chart weighs ----------------------------------------------------------------


def test_most_claimed_is_the_first_largest_group():
    table = figures(
        ("a", "call-1", "Length", "duration", 90, "minute", "exact"),
        ("b", "call-2", "Length", "duration", 30, "minute", "exact"),
        ("c", "call-2", "Length", "duration", 20, "minute", "more-than"),
        ("d", "call-1", "Length", "duration", 60, "minute", "more-than"),
        ("e", "call-1", "Pause", "duration", 2, "day", "exact"),
        ("f", "call-2", "Gap", "elapsed", 3, "year", "about"),
    )
    pkg = package(figures=table)
    tie = most_claimed(pkg, "duration")
    assert tie is not None and (tie.event_id, tie.figure_ids) == ("call-1", ("a", "d"))
    assert tie.consistent and tie.common == ClaimRange(90, 90)
    # One more claim about the second call: it has the most.
    more = package(figures=pd.concat([table, table.iloc[[1]].assign(id="g")]))
    top = most_claimed(more, "duration")
    assert top is not None and top.figure_ids == ("b", "c", "g")
    pause = most_claimed(pkg, "duration", event_id="call-1", label_en="Pause")
    assert pause is not None and pause.figure_ids == ("e",) and pause.unit == "day"
    assert most_claimed(pkg, "duration", label_en="Missing") is None
    assert most_claimed(package(figures=table.iloc[:0]), "duration") is None


CALLS = events(
    ("old", "call", "2022-02-01", "2022-02-28"),
    ("new", "call", "2025-02-12", "2025-02-12"),
    ("talks", "meeting", "2025-02-18", None),
)


def gap_figure(value: float = 3, unit: str = "year", event: str = "new") -> pd.DataFrame:
    return figures(("gap", event, "Time since the last call", "elapsed", value, unit, "about"))


def test_elapsed_claim_sets_the_claim_against_the_dates():
    check = elapsed_claim(package(events=CALLS, figures=gap_figure()), "gap")
    assert not isinstance(check, str)
    assert (check.since_id, check.until_id) == ("old", "new")
    assert (check.gap.least_days, check.gap.most_days) == (1080, 1107)
    assert check.claim == ClaimRange(2.5, 3.5)
    assert check.dates.low == pytest.approx(1080 / 365.2425)
    assert check.fits and check.common == ClaimRange(check.dates.low, check.dates.high)
    wrong = elapsed_claim(package(events=CALLS, figures=gap_figure(5)), "gap")
    assert not isinstance(wrong, str) and not wrong.fits and wrong.common is None


def test_elapsed_claim_from_a_given_event_and_open_ended():
    pkg = package(events=CALLS, figures=gap_figure(1, "week", event="talks"))
    check = elapsed_claim(pkg, "gap", since_event_id="new")
    assert not isinstance(check, str)
    assert check.since_id == "new" and check.gap.open_ended and math.isinf(check.dates.high)
    assert check.fits
    # The talks have no earlier meeting to measure from.
    assert elapsed_claim(pkg, "gap") == "no_earlier"


def test_elapsed_claim_says_why_it_cannot_be_checked():
    pkg = package(events=CALLS, figures=gap_figure())
    assert elapsed_claim(pkg, "missing") == "no_figure"
    assert elapsed_claim(package(events=CALLS, figures=gap_figure(event="gone")), "gap") == (
        "no_event"
    )
    assert elapsed_claim(pkg, "gap", since_event_id="gone") == "no_earlier"
    assert elapsed_claim(package(events=CALLS.iloc[1:], figures=gap_figure()), "gap") == (
        "no_earlier"
    )
    undated = CALLS.assign(date_latest=[pd.NaT, *CALLS["date_latest"][1:]])
    assert elapsed_claim(package(events=undated, figures=gap_figure()), "gap") == "unbounded"
    with pytest.raises(ValueError, match="principle"):
        elapsed_claim(package(events=CALLS, figures=gap_figure(3, "principle")), "gap")
