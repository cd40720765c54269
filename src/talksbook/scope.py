"""Restrict a package to a date window, keeping every table consistent with its events."""

from __future__ import annotations

import dataclasses

import pandas as pd

from .data import Package
from .data.schema import parse_date

# Tables whose rows belong to one event, by the column that names it.
EVENT_TABLES = {
    "participants": "event_id",
    "statements": "event_id",
    "event_topics": "event_id",
    "outcomes": "event_id",
    "figures": "event_id",
}


class WindowError(ValueError):
    """A date window that cannot be applied: a bound that is not a date, or bounds in the
    wrong order."""


def check_window(date_from: str | None, date_to: str | None) -> None:
    """Raise :class:`WindowError` unless each bound is None or a real YYYY-MM-DD date and
    ``date_from`` is not after ``date_to``."""
    bounds = {"date_from": date_from, "date_to": date_to}
    for name, value in bounds.items():
        if value is not None and parse_date(value) is None:
            raise WindowError(
                f"{name}: {value!r} is not a date. Fix: write it as YYYY-MM-DD, e.g. 2025-02-18"
            )
    if date_from and date_to and date_from > date_to:
        raise WindowError(f"date_from {date_from} is after date_to {date_to}. Fix: swap them")


def restrict(package: Package, date_from: str | None = None, date_to: str | None = None) -> Package:
    """Events whose interval can overlap [date_from, date_to], and the rows that belong to them.

    Undated events and open intervals are kept when they may fall in the window: the book
    never drops an event because its date is uncertain. Raises :class:`WindowError` for a
    window that is not one (see :func:`check_window`).
    """
    check_window(date_from, date_to)
    if not date_from and not date_to:
        return package
    events = package["events"]
    keep = pd.Series(True, index=events.index)
    if date_to:
        keep &= events.date_earliest.isna() | (events.date_earliest <= pd.Timestamp(date_to))
    if date_from:
        keep &= events.date_latest.isna() | (events.date_latest >= pd.Timestamp(date_from))
    kept_ids = set(events.loc[keep, "id"])
    tables = dict(package.tables)
    tables["events"] = events[keep].reset_index(drop=True)
    for name, column in EVENT_TABLES.items():
        frame = tables[name]
        tables[name] = frame[frame[column].isin(kept_ids)].reset_index(drop=True)
    claims = tables["date_claims"]
    statement_ids = set(tables["statements"].id)
    tables["date_claims"] = claims[
        claims.event_id.isin(kept_ids) | claims.statement_id.isin(statement_ids)
    ].reset_index(drop=True)
    return dataclasses.replace(package, tables=tables)
