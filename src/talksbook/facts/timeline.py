"""When did it happen? Events grouped in time: clusters of dates, the jumps between them, and
counts per month or year when there are too many events to show one by one.

How each event is dated (its interval and kind) is :func:`talksbook.facts.dating.dating`; this
module groups those intervals.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping
from dataclasses import dataclass

import pandas as pd

from ..data import Package
from .claims import DAYS_PER_UNIT
from .dating import DATE_KINDS, dating

__all__ = ["Jump", "PeriodCounts", "Timeline", "Window", "period_counts", "shown_in", "timeline"]

DAY = pd.Timedelta(days=1)


@dataclass(frozen=True)
class Window:
    """A cluster of dates: no two of its date bounds in a row are more than the gap apart.
    ``lo`` to ``hi`` (exclusive) is the stretch shown around it: the cluster, padded a little
    on each side."""

    first: pd.Timestamp  # earliest date bound in the cluster
    last: pd.Timestamp  # latest date bound in the cluster
    lo: pd.Timestamp
    hi: pd.Timestamp

    @property
    def days(self) -> int:
        """The days the cluster spans, both ends included."""
        return (self.last - self.first).days + 1

    @property
    def open_end(self) -> pd.Timestamp:
        """Where an interval with no later bound stops in this window: halfway between the
        end of its last day and the window's edge, so that its open end lies inside it."""
        return self.last + DAY + (self.hi - self.last - DAY) / 2

    @property
    def open_start(self) -> pd.Timestamp:
        """Where an interval with no earlier bound starts in this window (see `open_end`)."""
        return self.lo + (self.first - self.lo) / 2


@dataclass(frozen=True)
class Jump:
    """A stretch with no date between two windows: from the last date of one to the first
    date of the next."""

    before: pd.Timestamp
    after: pd.Timestamp

    @property
    def days(self) -> int:
        return (self.after - self.before).days

    @property
    def years(self) -> float:
        return self.days / DAYS_PER_UNIT["year"]


# Holds a frame, so it is compared by identity (a frame has no single truth value).
@dataclass(frozen=True, eq=False)
class Timeline:
    """When did it happen, and how precisely is it dated? Every event's interval and the
    clusters its dates form."""

    events: pd.DataFrame  # facts.dating.dating: one row per event, in date order
    windows: tuple[Window, ...]  # in time order; none when no event has a date
    jump: Jump | None  # the longest jump between windows (the first of equals); None for < 2
    # Events dated to the day within the last window's dates, and the first and last of
    # those days (None without any). Only exact days count: an event known as "after 18
    # February" or "in February" is not known to fall within any stretch of days.
    in_last_window: int
    last_days: tuple[pd.Timestamp, pd.Timestamp] | None
    kinds: Mapping[str, int]  # events per kind of date, every kind of DATE_KINDS

    @property
    def undated(self) -> int:
        return self.kinds["undated"]


def timeline(pkg: Package, gap_days: int = 60) -> Timeline:
    """When did it happen, and how precisely is it dated? Events in date order with their
    kind of date; their date bounds in windows, a new window wherever two bounds in a row are
    more than ``gap_days`` apart."""
    events = dating(pkg)
    windows = tuple(_windows(events, gap_days))
    jump = None
    if len(windows) > 1:
        before, after = max(itertools.pairwise(windows), key=lambda p: p[1].first - p[0].last)
        jump = Jump(before.last, after.first)
    inside, last_days = 0, None
    if windows:
        exact = events[events["kind"] == "day"]["earliest"]
        exact = exact[exact.between(windows[-1].first, windows[-1].last)]
        inside = len(exact)
        if inside:
            last_days = (pd.Timestamp(exact.min()), pd.Timestamp(exact.max()))
    counts = events["kind"].value_counts()
    kinds = {kind: int(counts.get(kind, 0)) for kind in DATE_KINDS}
    return Timeline(events, windows, jump, inside, last_days, kinds)


def _windows(events: pd.DataFrame, gap_days: int) -> list[Window]:
    """Clusters of date bounds separated by more than ``gap_days``, each padded by 8 % of its
    span (at least two days) so that its first and last days do not sit on the edges."""
    bounds = pd.concat([events["earliest"], events["latest"]]).dropna().sort_values().unique()
    if len(bounds) == 0:
        return []
    clusters: list[list[pd.Timestamp]] = [[pd.Timestamp(bounds[0])]]
    for value in bounds[1:]:
        bound = pd.Timestamp(value)
        if bound - clusters[-1][-1] > pd.Timedelta(days=gap_days):
            clusters.append([bound])
        else:
            clusters[-1].append(bound)
    windows = []
    for cluster in clusters:
        first, last = cluster[0], cluster[-1]
        span = last + DAY - first
        pad = max(pd.Timedelta(days=2), pd.Timedelta(days=round(span.days * 0.08)))
        windows.append(Window(first, last, first - pad, last + DAY + pad))
    return windows


def shown_in(events: pd.DataFrame, window: Window) -> pd.DataFrame:
    """Which events does a window show, and over what stretch? The rows of ``events`` (with
    ``earliest`` and ``latest``, as from :func:`~talksbook.facts.dating.dating`) whose
    interval overlaps the window, each with ``shown_from`` and ``shown_until`` (its interval
    cut to the window, ``shown_until`` exclusive), ``runs_on`` (it goes on after what the
    window shows) and ``runs_before`` (it starts before what the window shows).

    An interval with one bound only belongs to the window of that bound, and only there: it
    runs from its bound to the window's `~Window.open_end` (or from `~Window.open_start`),
    inside the window, and never into another window it has no date in."""
    # An interval covers whole days: it ends the day after its latest date.
    start, end = events["earliest"], events["latest"] + DAY
    has_start, has_end = start.notna(), end.notna()
    bounded = has_start & has_end & (start < window.hi) & (end > window.lo)
    within = events["earliest"].between(window.first, window.last)
    after = has_start & ~has_end & within
    before = ~has_start & has_end & events["latest"].between(window.first, window.last)
    inside = bounded | after | before
    start = start.where(has_start, window.open_start)[inside]
    end = end.where(has_end, window.open_end)[inside]
    return events[inside].assign(
        # pandas clips dates by a Timestamp; pandas-stubs list only numeric bounds.
        shown_from=start.clip(lower=window.lo),  # type: ignore[call-overload]
        shown_until=end.clip(upper=window.hi),  # type: ignore[call-overload]
        runs_on=(end > window.hi) | after[inside],
        runs_before=(start < window.lo) | before[inside],
    )


# Holds frames, so it is compared by identity.
@dataclass(frozen=True, eq=False)
class PeriodCounts:
    """How many events per month (or year) and track: the timeline of a package with too
    many events to show one by one."""

    unit: str  # "month", or "year" over a long stretch
    counts: pd.DataFrame  # period (its first day), track, events: dated events, by period, track
    undated: pd.DataFrame  # track, events: the events with no date, by track (none at 0)
    events: int  # every event, dated or not

    @property
    def n_undated(self) -> int:
        return int(self.undated["events"].sum())


def period_counts(pkg: Package, max_months: int = 240) -> PeriodCounts:
    """How many events per period and track? Each dated event counts in the month of its
    earliest date, else its latest; in its year instead when the calendar years from the
    first date to the last hold more than ``max_months`` months (20 years by default).
    Undated events are counted per track."""
    events = pkg["events"]
    when = events["date_earliest"].fillna(events["date_latest"])
    dated = when.notna()
    when = when[dated]
    months = (when.max().year - when.min().year) * 12 + 12 if len(when) else 0
    unit = "month" if months <= max_months else "year"
    period = when.dt.to_period("M" if unit == "month" else "Y").dt.start_time
    counts = (
        pd.DataFrame({"period": period, "track": events.loc[dated, "track"]})
        .groupby(["period", "track"], as_index=False)
        .size()
        .rename(columns={"size": "events"})
    )
    undated = (
        events.loc[~dated, ["track"]]
        .groupby("track", as_index=False)
        .size()
        .rename(columns={"size": "events"})
    )
    return PeriodCounts(unit, counts, undated, len(events))
