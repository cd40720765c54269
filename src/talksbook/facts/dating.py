"""What is dated, and how precisely? Events as date intervals, and the one order of events."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..data import Package

__all__ = ["DATE_KINDS", "date_kinds", "dating", "in_date_order"]

#: How a date interval is known: not at all, by one bound only ("after 18 February"), to the
#: day, or as a span (a month, "between … and …").
DATE_KINDS = ("undated", "open", "day", "interval")


def in_date_order(events: pd.DataFrame) -> pd.DataFrame:
    """Events by their earliest date, then their latest (an open interval after a closed one
    with the same start: "after 18 February" comes after "18 February"), then id; undated
    last. The one order of events in the book: timeline, matrices and chapters."""
    return events.sort_values(
        ["date_earliest", "date_latest", "id"], na_position="last", kind="stable"
    ).reset_index(drop=True)


def date_kinds(earliest: pd.Series, latest: pd.Series) -> np.ndarray:
    """The kind of each interval (see ``DATE_KINDS``)."""
    return np.select(
        [earliest.isna() & latest.isna(), earliest.isna() | latest.isna(), earliest == latest],
        ["undated", "open", "day"],
        "interval",
    )


def dating(pkg: Package) -> pd.DataFrame:
    """One row per event, in date order: its interval, its kind, its width in days (None
    when a bound is missing), and the precision and basis the data record for it."""
    events = in_date_order(pkg["events"])
    # (A column with no date at all may come as objects: typed here, for the arithmetic.)
    earliest = pd.to_datetime(events["date_earliest"])
    latest = pd.to_datetime(events["date_latest"])
    width = (latest - earliest).dt.days
    return pd.DataFrame(
        {
            "event_id": events["id"],
            "track": events["track"],
            "earliest": earliest,
            "latest": latest,
            "kind": date_kinds(earliest, latest),
            "days": width.astype("Int64"),
            "precision": events["date_precision"],
            "basis": events["date_basis"],
        }
    )
