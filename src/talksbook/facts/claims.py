"""Do the sources' numbers hold up? Numeric claims as the ranges of values they allow.

The one place where a figure's qualifier becomes a range and a unit becomes days. A claim is a
set of values: "exact 90" is {90}, "more than 60" is (60, ∞), "at least 60" is [60, ∞), and
"about 3" is every value that rounds to 3 at its last significant digit (2.5–3.5; "about 90"
is 85–95). Claims about one quantity are consistent when their sets share a value.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import math
import numbers
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

import pandas as pd

from ..data import Package
from .order import told_ids

__all__ = [
    "DAYS_PER_UNIT",
    "QUALIFIERS",
    "ClaimGroup",
    "ClaimRange",
    "ElapsedClaim",
    "Gap",
    "Unchecked",
    "call_durations",
    "claim_groups",
    "claim_range",
    "claims_as_told",
    "common_range",
    "elapsed_claim",
    "elapsed_fits",
    "figure_range",
    "gap_between",
    "most_claimed",
    "previous_in_track",
    "rounding_tolerance",
]

#: Days per unit of time, for comparing elapsed-time claims with the dates of events. A unit
#: missing here (a count of principles, a meeting's ordinal) is not a time.
DAYS_PER_UNIT: Mapping[str, float] = {
    "minute": 1 / 1440,
    "hour": 1 / 24,
    "day": 1.0,
    "week": 7.0,
    "month": 365.2425 / 12,
    "year": 365.2425,
}
#: The qualifiers a figure may carry, each read by :func:`claim_range`.
QUALIFIERS = ("exact", "more-than", "at-least", "about")


@dataclass(frozen=True)
class ClaimRange:
    """The values a claim allows: ``low`` to ``high`` (``high`` may be ``math.inf``); a bound
    is included when it is closed."""

    low: float
    high: float
    low_closed: bool = True
    high_closed: bool = True

    @property
    def open_ended(self) -> bool:
        """No upper bound: "more than an hour"."""
        return math.isinf(self.high)

    @property
    def single(self) -> bool:
        """One value only: an exact claim."""
        return self.low == self.high

    def overlap(self, other: ClaimRange) -> ClaimRange | None:
        """The values both claims allow, or None when they contradict each other."""
        low, low_closed = max(
            (self.low, self.low_closed), (other.low, other.low_closed), key=_low_key
        )
        high, high_closed = min((self.high, self.high_closed), (other.high, other.high_closed))
        if low < high or (low == high and low_closed and high_closed):
            return ClaimRange(low, high, low_closed, high_closed)
        return None

    def meets(self, other: ClaimRange) -> bool:
        """Whether the two claims share at least one value."""
        return self.overlap(other) is not None

    def scaled(self, factor: float) -> ClaimRange:
        """The same range in another unit (``factor`` new units per old unit, > 0)."""
        return ClaimRange(self.low * factor, self.high * factor, self.low_closed, self.high_closed)


def _low_key(bound: tuple[float, bool]) -> tuple[float, bool]:
    # Of two equal lower bounds the open one is the tighter: (60 beats [60.
    return bound[0], not bound[1]


def rounding_tolerance(value: float) -> float:
    """Half a unit of the last significant digit: 3 → 0.5, 90 → 5, 2.5 → 0.05, 0 → 0.5,
    1e-07 → 5e-08, 1e+20 → 5e+19."""
    exponent = Decimal(repr(abs(float(value)))).normalize().as_tuple().exponent
    if not isinstance(exponent, int):  # NaN or infinity: no digit to round at
        raise ValueError(f"{value!r} has no last significant digit")
    return 0.5 * 10.0**exponent


def claim_range(value: float, qualifier: str) -> ClaimRange:
    """The values a figure with ``value`` and ``qualifier`` allows (see the module text)."""
    if qualifier == "exact":
        return ClaimRange(value, value)
    if qualifier == "more-than":
        return ClaimRange(value, math.inf, low_closed=False, high_closed=False)
    if qualifier == "at-least":
        return ClaimRange(value, math.inf, high_closed=False)
    if qualifier == "about":
        tolerance = rounding_tolerance(value)
        return ClaimRange(value - tolerance, value + tolerance)
    raise ValueError(f"unknown qualifier {qualifier!r}; known: {', '.join(QUALIFIERS)}")


def figure_range(figure: Mapping[str, object]) -> ClaimRange | None:
    """The range of one figure row (a mapping with ``value`` and ``qualifier``), or None
    when it has no value."""
    value = figure.get("value")
    if not isinstance(value, numbers.Real) or math.isnan(value):
        return None
    return claim_range(float(value), str(figure.get("qualifier")))


def common_range(ranges: Iterable[ClaimRange]) -> ClaimRange | None:
    """The values every claim allows, or None when two of them contradict each other (or
    there is no claim)."""
    common: ClaimRange | None = None
    for index, claim in enumerate(ranges):
        if index == 0:
            common = claim
        elif common is None or (common := common.overlap(claim)) is None:
            return None
    return common


# --- claims about one quantity ----------------------------------------------------------------


@dataclass(frozen=True)
class ClaimGroup:
    """Figures that claim the same quantity (same event and label), in the order the sources
    give them, with what they allow together."""

    event_id: str
    label_en: str
    measure: str
    unit: str
    figure_ids: tuple[str, ...]
    ranges: tuple[ClaimRange, ...]
    common: ClaimRange | None

    @property
    def consistent(self) -> bool:
        """Whether every claim can be true at once."""
        return self.common is not None


def claim_groups(
    pkg: Package, measure: str | None = None, event_id: str | None = None
) -> list[ClaimGroup]:
    """Figures grouped by (event, label): claims about one quantity, each group in the order
    of its figures in the data; groups in the order their first figure appears. A group
    whose figures mix units is an error (they measure different things)."""
    figures = pkg["figures"]
    if measure is not None:
        figures = figures[figures["measure"] == measure]
    if event_id is not None:
        figures = figures[figures["event_id"] == event_id]
    groups: list[ClaimGroup] = []
    for (event, label), group in figures.groupby(["event_id", "label_en"], sort=False):
        units = sorted(set(group["unit"]))
        if len(units) != 1:
            raise ValueError(f"claims about {label!r} of {event!r} mix units: {units}")
        ranges = tuple(
            claim_range(float(v), str(q))
            for v, q in zip(group["value"], group["qualifier"], strict=True)
        )
        groups.append(
            ClaimGroup(
                str(event),
                str(label),
                str(group["measure"].iloc[0]),
                units[0],
                tuple(str(i) for i in group["id"]),
                ranges,
                common_range(ranges),
            )
        )
    return groups


def call_durations(pkg: Package) -> pd.DataFrame:
    """How long was each call, and do the sources agree? One row per (call, claim) of a
    duration: the call, the figure, the words claimed, the range in minutes where the unit is
    a time, the evidence, and whether the claims about that call can all be true at once."""
    events = pkg["events"]
    calls = events[events["track"] == "call"]["id"]
    rows: list[dict[str, object]] = []
    figures = pkg["figures"].set_index("id")
    for group in claim_groups(pkg, measure="duration"):
        if group.event_id not in set(calls):
            continue
        minutes = DAYS_PER_UNIT.get(group.unit)
        for figure_id, claim in zip(group.figure_ids, group.ranges, strict=True):
            in_minutes = claim.scaled(minutes * 1440) if minutes is not None else None
            rows.append(
                {
                    "event_id": group.event_id,
                    "figure_id": figure_id,
                    "label_en": group.label_en,
                    "stated_ar": figures.at[figure_id, "stated_ar"],
                    "stated_en": figures.at[figure_id, "stated_en"],
                    "unit": group.unit,
                    "low_minutes": None if in_minutes is None else in_minutes.low,
                    "high_minutes": None if in_minutes is None else in_minutes.high,
                    "evidence_id": figures.at[figure_id, "evidence_id"],
                    "consistent": group.consistent,
                }
            )
    columns = [
        "event_id",
        "figure_id",
        "label_en",
        "stated_ar",
        "stated_en",
        "unit",
        "low_minutes",
        "high_minutes",
        "evidence_id",
        "consistent",
    ]
    return pd.DataFrame(rows, columns=columns)


# --- time between events ----------------------------------------------------------------------


@dataclass(frozen=True)
class Gap:
    """The least and the most time that can separate two events, given their date intervals:
    in days, and in whole calendar months. ``most_days`` is infinite (and ``most_months``
    None) when the later event has no latest date."""

    least_days: int
    most_days: float
    least_months: int
    most_months: int | None

    @property
    def open_ended(self) -> bool:
        return math.isinf(self.most_days)

    def in_unit(self, unit: str) -> ClaimRange | None:
        """The gap as a range in ``unit`` (None when the unit is not a time)."""
        per = DAYS_PER_UNIT.get(unit)
        if per is None:
            return None
        return ClaimRange(self.least_days / per, self.most_days / per)


def _months_between(start: pd.Timestamp, end: pd.Timestamp) -> int:
    """Whole calendar months from ``start`` to ``end`` (floored)."""
    months = (end.year - start.year) * 12 + end.month - start.month
    return months - 1 if end.day < start.day else months


def _date(value: object) -> pd.Timestamp | None:
    """A date bound from a typed frame (a Timestamp) or a row dict (an ISO string); None for
    a missing one (None, NaN, NaT, "")."""
    if value is pd.NaT or not isinstance(value, str | dt.date) or value == "":
        return None  # (a Timestamp is a date; NaT claims to be one too)
    return pd.Timestamp(value)


def gap_between(earlier: Mapping[str, object], later: Mapping[str, object]) -> Gap | None:
    """The time between two events (rows with ``date_earliest`` and ``date_latest``); None
    when the earlier event lacks either bound or the later one its earliest date."""
    e_lo, e_hi = _date(earlier.get("date_earliest")), _date(earlier.get("date_latest"))
    l_lo, l_hi = _date(later.get("date_earliest")), _date(later.get("date_latest"))
    if e_lo is None or e_hi is None or l_lo is None:
        return None
    least = max((l_lo - e_hi).days, 0)
    return Gap(
        least_days=least,
        most_days=math.inf if l_hi is None else float((l_hi - e_lo).days),
        least_months=_months_between(e_hi, l_lo) if least > 0 else 0,
        most_months=None if l_hi is None else _months_between(e_lo, l_hi),
    )


def elapsed_fits(figure: Mapping[str, object], gap: Gap) -> bool | None:
    """Whether an elapsed-time claim fits the gap between two dated events; None when the
    figure's unit is not a time or it has no value."""
    claim = figure_range(figure)
    in_unit = gap.in_unit(str(figure.get("unit")))
    if claim is None or in_unit is None:
        return None
    return claim.meets(in_unit)


def previous_in_track(events: pd.DataFrame, event_id: str) -> str | None:
    """The event of the same track that took place and ended last before ``event_id`` began
    (by its latest date, else its earliest), or None: for a call, the call before it."""
    indexed = events.set_index("id")
    if event_id not in indexed.index:
        return None
    target = indexed.loc[event_id]
    if pd.isna(target["date_earliest"]):
        return None
    same = indexed[
        (indexed["track"] == target["track"])
        & (indexed["status"] == "occurred")
        & (indexed.index != event_id)
    ]
    ends = same["date_latest"].fillna(same["date_earliest"])
    before = ends[ends < target["date_earliest"]]
    return None if before.empty else str(before.idxmax())


# --- the claims a chart weighs ----------------------------------------------------------------


def most_claimed(
    pkg: Package, measure: str, event_id: str | None = None, label_en: str | None = None
) -> ClaimGroup | None:
    """Which quantity of ``measure`` do the sources make the most claims about (of
    ``event_id`` and with ``label_en``, where given)? The first such group of
    :func:`claim_groups` on a tie; None when there is no such figure."""
    groups = [
        group
        for group in claim_groups(pkg, measure=measure, event_id=event_id)
        if label_en is None or group.label_en == label_en
    ]
    return max(groups, key=lambda group: len(group.figure_ids), default=None)


#: Why an elapsed-time claim cannot be set against the dates: its figure is not in the
#: package, nor is the event it is about, there is no earlier event to measure from, or the
#: dates of the two do not bound the time between them.
Unchecked = Literal["no_figure", "no_event", "no_earlier", "unbounded"]


@dataclass(frozen=True)
class ElapsedClaim:
    """An elapsed-time claim set against the dates of the two events it spans: the time
    between them from their dates (``gap``, and ``dates`` in the figure's unit), what the
    claim allows, and the values both allow (None when the claim does not fit the dates)."""

    figure_id: str
    since_id: str  # the earlier event
    until_id: str  # the event the figure is about
    gap: Gap
    dates: ClaimRange
    claim: ClaimRange
    common: ClaimRange | None

    @property
    def fits(self) -> bool:
        return self.common is not None


def elapsed_claim(
    pkg: Package, figure_id: str, since_event_id: str | None = None
) -> ElapsedClaim | Unchecked:
    """Do the dates bear out the elapsed time a figure claims ("three years" between leader
    calls)? The figure is about the later event; the earlier one is ``since_event_id`` or, by
    default, the one before it in its track (:func:`previous_in_track`). Why not, where the
    claim cannot be checked (see ``Unchecked``); a figure whose unit is not a time is an
    error."""
    figures = pkg["figures"]
    figure = figures[figures["id"] == figure_id]
    if figure.empty:
        return "no_figure"
    events = pkg["events"].set_index("id")
    until_id = str(figure["event_id"].iloc[0])
    if until_id not in events.index:
        return "no_event"
    since_id = since_event_id or previous_in_track(pkg["events"], until_id)
    if since_id is None or since_id not in events.index:
        return "no_earlier"
    since, until = (
        {bound: events.at[event, bound] for bound in ("date_earliest", "date_latest")}
        for event in (since_id, until_id)
    )
    gap = gap_between(since, until)
    if gap is None:
        return "unbounded"
    unit = str(figure["unit"].iloc[0])
    dates = gap.in_unit(unit)
    if dates is None:
        raise ValueError(f"cannot compare dates with a figure in {unit!r}")
    claim = claim_range(float(figure["value"].iloc[0]), str(figure["qualifier"].iloc[0]))
    return ElapsedClaim(figure_id, since_id, until_id, gap, dates, claim, dates.overlap(claim))


def claims_as_told(
    pkg: Package, measure: str | None = None, event_id: str | None = None
) -> list[ClaimGroup]:
    """The claims about each quantity (:func:`facts.claims.claim_groups`) as the sources tell
    them: each group's figures in article order, groups in the order their first figure is
    told."""
    equal = {k: v for k, v in (("measure", measure), ("event_id", event_id)) if v is not None}
    rank = {f: i for i, f in enumerate(told_ids(pkg, "figures", **equal))}
    told = []
    for group in claim_groups(pkg, measure=measure, event_id=event_id):
        order = sorted(range(len(group.figure_ids)), key=lambda i: rank[group.figure_ids[i]])
        told.append(
            dataclasses.replace(
                group,
                figure_ids=tuple(group.figure_ids[i] for i in order),
                ranges=tuple(group.ranges[i] for i in order),
            )
        )
    return sorted(told, key=lambda group: rank[group.figure_ids[0]])
