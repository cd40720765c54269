"""Who was at the table, and who was affected but absent?"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from ..data import Package
from .codes import enum_order, in_order
from .dating import in_date_order
from .topics import busiest_first

__all__ = [
    "ABSENT_ROLE",
    "AT_TABLE_ROLES",
    "AtTheTable",
    "absent_by_event",
    "at_the_table",
    "presence",
    "role_order",
]

#: Roles of those at the table: the sides and their delegations, who held the talks
#: themselves. A host provides the place and a reporter the news: neither sits at the table.
AT_TABLE_ROLES = ("party", "head-of-delegation", "delegation")
#: The role of a party the talks were about who was not there.
ABSENT_ROLE = "affected-absent"

COLUMNS = ["event_id", "actor_id", "roles", "main_role", "at_table", "absent", "evidence_id"]


def role_order(pkg: Package) -> list[str]:
    """The participant roles in the order the package's schema lists them (party first)."""
    return enum_order(pkg, "participants", "role")


def _participants(pkg: Package, event_id: str | None) -> pd.DataFrame:
    part = pkg["participants"]
    return part if event_id is None else part[part["event_id"] == event_id]


def _cells(pkg: Package, part: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    """The participants grouped by ``keys``, with the columns of ``presence``."""
    notes = [c for c in part.columns if c.startswith("note")]
    if part.empty:
        return pd.DataFrame(columns=[*COLUMNS, *notes])
    rank = {r: i for i, r in enumerate(role_order(pkg))}
    ranked = part.assign(rank=part["role"].map(lambda r: rank.get(r, len(rank))))
    ranked = ranked.sort_values("rank", kind="stable")
    aggregations: dict[str, tuple[str, object]] = {
        "roles": ("role", tuple),
        "main_role": ("role", "first"),
        "evidence_id": ("evidence_id", "first"),
        # A blank note is no note: the edition's language then falls back to English.
        **{
            n: (n, lambda v: tuple(x for x in v if isinstance(x, str) and x.strip())) for n in notes
        },
    }
    cells = ranked.groupby(keys, as_index=False, sort=False).agg(**aggregations)
    order = {key: i for i, key in enumerate(zip(*(part[k] for k in keys), strict=True))}
    cells = cells.assign(
        at_table=cells["roles"].map(lambda roles: any(r in AT_TABLE_ROLES for r in roles)),
        absent=cells["roles"].map(lambda roles: ABSENT_ROLE in roles),
        order=[order[k] for k in zip(*(cells[k] for k in keys), strict=True)],
    )
    return cells.sort_values("order", kind="stable")[[*COLUMNS, *notes]].reset_index(drop=True)


def presence(pkg: Package, event_id: str | None = None) -> pd.DataFrame:
    """One row per (event, actor) with a role in the event: every role in schema order, the
    first of them as the main role, whether the actor was at the table (a role of
    ``AT_TABLE_ROLES``) and whether it was affected but absent (both cannot hold in a valid
    package), the evidence of the main role, and the notes
    of every role (each ``note*`` column as a tuple of its non-blank values). Events and
    actors in the order of the participants table."""
    return _cells(pkg, _participants(pkg, event_id), ["event_id", "actor_id"])


def _actors_by_event(cells: pd.DataFrame) -> dict[str, list[str]]:
    return {
        str(e): [str(a) for a in actors]
        for e, actors in cells.groupby("event_id", sort=False)["actor_id"]
    }


def absent_by_event(pkg: Package) -> dict[str, list[str]]:
    """The actors affected but absent, per event that had any, in the participants' order."""
    cells = presence(pkg)
    return _actors_by_event(cells[cells["absent"]])


@dataclass(frozen=True, eq=False)
class AtTheTable:
    """Who took part in which event and in what role, as a matrix with limits shows it."""

    #: The shown cells, with the columns of ``presence``, in the participants' order: one per
    #: (event, actor), or with one event, one per role (an actor with two roles in both).
    cells: pd.DataFrame
    #: Actors with a role, per event, events in date order.
    per_event: dict[str, int]
    #: The shown events (those with the most actors), in date order.
    events: list[str]
    #: The main roles at the shown events, of every actor, in schema order.
    roles: list[str]
    #: The shown actors (in the most cells), most cells first, ties by id.
    actors: list[str]
    #: Shown cells per main role, in schema order.
    per_role: dict[str, int]
    #: The shown actors in the most cells other than as affected but absent, by id, and in
    #: how many cells that is (0 when none).
    busiest: list[str]
    most: int
    #: The shown actors whose main role is affected but absent, per shown event that has
    #: any, in the participants' order.
    absent: dict[str, list[str]]


def at_the_table(
    pkg: Package, event_id: str | None = None, *, max_events: int = 12, max_actors: int = 40
) -> AtTheTable:
    """Who took part in each event (every event, or only ``event_id``), in what role, and who
    was affected but absent: the cells, actors per event and per role, the busiest actors,
    and the at most ``max_events`` events and ``max_actors`` actors a matrix shows."""
    part = _participants(pkg, event_id)
    # Every event: one cell per (event, actor); one event: a cell per role.
    keys = ["event_id", "actor_id"] if event_id is None else ["event_id", "actor_id", "role"]
    cells = _cells(pkg, part, keys)
    counted = cells.groupby("event_id")["actor_id"].nunique()
    per_event = {
        str(e): int(counted[e]) for e in in_date_order(pkg["events"])["id"] if e in counted.index
    }
    shown = set(busiest_first(per_event, max_events))
    cells = cells[cells["event_id"].isin(shown)]
    order = role_order(pkg)
    roles = in_order(cells["main_role"], order)
    # The actor ids sorted, so that actors in as many cells are shown in the order of their ids.
    counted = cells["actor_id"].value_counts()
    actors = busiest_first({str(a): int(counted[a]) for a in sorted(counted.index)}, max_actors)
    cells = cells[cells["actor_id"].isin(actors)].reset_index(drop=True)
    counted = cells["main_role"].value_counts()
    absent = cells["main_role"] == ABSENT_ROLE
    counted_at = cells[~absent]["actor_id"].value_counts()
    most = int(counted_at.max()) if len(counted_at) else 0
    return AtTheTable(
        cells=cells,
        per_event=per_event,
        events=[e for e in per_event if e in shown],
        roles=roles,
        actors=actors,
        per_role={r: int(counted[r]) for r in in_order(cells["main_role"], order)},
        busiest=sorted(str(a) for a, n in counted_at.items() if n == most),
        most=most,
        absent=_actors_by_event(cells[absent]),
    )
