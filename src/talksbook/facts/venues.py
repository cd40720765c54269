"""Where did the talks take place?"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from ..data import Package

__all__ = ["VENUE_KEYS", "Venues", "venues"]

#: What makes a venue: events at the same city, country and coordinates met at one place.
VENUE_KEYS = ["city", "country", "latitude", "longitude"]
VENUE_COLUMNS = [*VENUE_KEYS, "event_ids", "events", "dates", "sources", "first"]
MEDIA_COLUMNS = ["venue_en", "event_ids", "events"]


# Frames inside: compared by identity, not field by field (a frame has no truth value).
@dataclass(frozen=True, eq=False)
class Venues:
    """The places of the events asked about.

    ``venues``: one row per venue of the events with coordinates, by the date of its first
    event, then city (undated last): its keys (``VENUE_KEYS``), its events (ids in the
    events table's order, and how many), the distinct date intervals they give (earliest,
    latest; undated ones left out), the ids of the sources that place them, and its first
    date. ``media``: events without coordinates but with a venue (a telephone call), by
    that venue (``venue_en``), most events first. ``bounds``: west, south, east, north of
    the venues, None without any.
    """

    venues: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=VENUE_COLUMNS))
    media: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=MEDIA_COLUMNS))
    events: int = 0
    located: int = 0
    bounds: tuple[float, float, float, float] | None = None

    @property
    def unplaced(self) -> int:
        """How many of the events have no coordinates."""
        return self.events - self.located


def venues(pkg: Package, event_id: str | None = None) -> Venues:
    """Where did the talks take place? The venues of one event (`event_id`) or of every
    event, from the coordinates the events table records, and what the events without
    coordinates took place through."""
    events = pkg["events"]
    if event_id is not None:
        events = events[events["id"] == event_id]
    placed = events["latitude"].notna() & events["longitude"].notna()
    located, unplaced = events[placed], events[~placed]
    media = (
        unplaced[unplaced["venue_en"].fillna("") != ""]
        .groupby("venue_en", sort=False)
        .agg(event_ids=("id", tuple), events=("id", "size"))
        .sort_values("events", ascending=False, kind="stable")
        .reset_index()
    )
    if located.empty:
        return Venues(media=media, events=len(events))
    pairs = zip(located["date_earliest"], located["date_latest"], strict=True)
    intervals = located.assign(interval=pd.Series(list(pairs), index=located.index, dtype=object))
    found = intervals.groupby(VENUE_KEYS, as_index=False).agg(
        event_ids=("id", tuple),
        events=("id", "size"),
        # Each interval once (two events on the same day share a date), the undated left out.
        dates=("interval", lambda i: tuple(dict.fromkeys(d for d in i if pd.notna(d[0])))),
        sources=("location_source", lambda s: tuple(dict.fromkeys(s))),
        first=("date_earliest", "min"),
    )
    found = found.sort_values(["first", "city"], na_position="last", kind="stable")
    if found.empty:  # coordinates without a city or country to group them by
        return Venues(media=media, events=len(events), located=len(located))
    bounds = (
        float(found["longitude"].min()),
        float(found["latitude"].min()),
        float(found["longitude"].max()),
        float(found["latitude"].max()),
    )
    return Venues(
        venues=found.reset_index(drop=True),
        media=media,
        events=len(events),
        located=len(located),
        bounds=bounds,
    )
