"""In what order is the data told? Rows in the order the sources tell them (what a chapter
says about an event, as the article goes), and events in the order the chapters list them.

(``facts.dating.in_date_order`` is the charts' order of events: it breaks ties by id and puts
an event known only by its latest date last; the chapters break ties by the table's order and
place such an event by that date. Both are kept, each written once, because the book's text
and its charts were made with them.)
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence

import pandas as pd

from ..data import Package

__all__ = [
    "UNKNOWN",
    "events_listed",
    "evidence_positions",
    "listing_order",
    "source_order",
    "told",
]

#: Where a row whose evidence is not in the package is told: after every source.
UNKNOWN = ("\uffff", math.inf)
Position = tuple[str, float]


def _text(value: object) -> str:
    return value if isinstance(value, str) else ""


def evidence_positions(pkg: Package, evidence_ids: Iterable[str]) -> dict[str, Position]:
    """Where does each evidence span sit in the sources? (source id, start offset) of each of
    ``evidence_ids`` in the data; a span without a start comes last in its source. (Of two
    rows with one id, the later wins, as in a dict built in table order.)"""
    evidence = pkg.tables.get("evidence")
    if evidence is None or "source_id" not in evidence:
        return {}
    found = evidence[evidence["id"].isin(set(evidence_ids))]
    starts = (
        pd.to_numeric(found["start"]).astype(float).fillna(math.inf)
        if "start" in found
        else pd.Series(math.inf, index=found.index)
    )
    return {
        str(i): (_text(source), float(start))
        for i, source, start in zip(found["id"], found["source_id"], starts, strict=True)
    }


def source_order(pkg: Package, evidence_ids: Sequence[str]) -> list[int]:
    """Positions into ``evidence_ids`` (the evidence of some rows) in the order the sources
    tell those rows: by source id, then start; unknown evidence last; ties as given."""
    places = evidence_positions(pkg, evidence_ids)
    keys = [places.get(e, UNKNOWN) for e in evidence_ids]
    return sorted(range(len(keys)), key=keys.__getitem__)


def told(pkg: Package, rows: pd.DataFrame, **equal: str) -> pd.DataFrame:
    """The rows (with an ``evidence_id`` column) whose columns equal the given values, in the
    order the sources tell them (see :func:`source_order`)."""
    if any(column not in rows for column in equal):
        return rows.iloc[:0]
    for column, value in equal.items():
        rows = rows[rows[column] == value]
    return rows.iloc[source_order(pkg, [_text(e) for e in rows["evidence_id"]])]


def listing_order(events: pd.DataFrame) -> list[int]:
    """Positions into ``events`` in the order the chapters list them: by the first known
    bound (the earliest date, else the latest), then the latest (an open end last), then the
    table's order; undated events last, in the table's order."""
    earliest = pd.to_datetime(events["date_earliest"]).reset_index(drop=True)
    latest = pd.to_datetime(events["date_latest"]).reset_index(drop=True)
    keys = pd.DataFrame(
        {"anchor": earliest.fillna(latest), "latest": latest, "at": range(len(events))}
    )
    return [int(i) for i in keys.sort_values(["anchor", "latest", "at"], na_position="last")["at"]]


def events_listed(pkg: Package, track: str | None = None, status: str | None = None) -> list[str]:
    """Which events (of a track, of a status) do the chapters tell, and in what order (see
    :func:`listing_order`)?"""
    events = pkg.tables.get("events")
    if events is None:
        return []
    if track is not None:
        events = events[events["track"] == track]
    if status is not None:
        events = events[events["status"] == status]
    return [str(events["id"].iloc[i]) for i in listing_order(events)]


def told_ids(pkg: Package, table: str, **equal: str) -> list[str]:
    """The ids of the rows of ``table`` whose columns equal the given values, in the order
    the sources tell them (see :func:`told`)."""
    return [str(i) for i in told(pkg, pkg[table], **equal)["id"]]
