"""Who was at the table, and who was affected but absent?"""

from __future__ import annotations

from typing import Any

import pandas as pd

from ..data import Package

__all__ = ["ABSENT_ROLE", "AT_TABLE_ROLES", "absent_by_event", "presence", "role_order"]

#: Roles of those at the table: they took part in the talks themselves.
AT_TABLE_ROLES = ("party", "head-of-delegation", "delegation", "host")
#: The role of a party the talks were about who was not there.
ABSENT_ROLE = "affected-absent"

COLUMNS = ["event_id", "actor_id", "roles", "main_role", "at_table", "absent", "evidence_id"]


def role_order(pkg: Package) -> list[str]:
    """The participant roles in the order the package's schema lists them (party first)."""
    fields = pkg.resource("participants")["schema"]["fields"]
    spec: dict[str, Any] = next((f for f in fields if f["name"] == "role"), {})
    return [str(r) for r in spec.get("constraints", {}).get("enum", [])]


def presence(pkg: Package, event_id: str | None = None) -> pd.DataFrame:
    """One row per (event, actor) with a role in the event: every role in schema order, the
    first of them as the main role, whether the actor was at the table (a role of
    ``AT_TABLE_ROLES``) and whether it was affected but absent (both cannot hold in a valid
    package), the evidence of the main role, and the notes
    of every role (each ``note*`` column as a tuple of its non-empty values). Events and
    actors in the order of the participants table."""
    part = pkg["participants"]
    if event_id is not None:
        part = part[part["event_id"] == event_id]
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
        **{n: (n, lambda v: tuple(x for x in v if isinstance(x, str) and x)) for n in notes},
    }
    cells = ranked.groupby(["event_id", "actor_id"], as_index=False, sort=False).agg(**aggregations)
    order = {key: i for i, key in enumerate(zip(part["event_id"], part["actor_id"], strict=True))}
    cells = cells.assign(
        at_table=cells["roles"].map(lambda roles: any(r in AT_TABLE_ROLES for r in roles)),
        absent=cells["roles"].map(lambda roles: ABSENT_ROLE in roles),
        order=[order[k] for k in zip(cells["event_id"], cells["actor_id"], strict=True)],
    )
    return cells.sort_values("order", kind="stable")[[*COLUMNS, *notes]].reset_index(drop=True)


def absent_by_event(pkg: Package) -> dict[str, list[str]]:
    """The actors affected but absent, per event that had any, in the participants' order."""
    cells = presence(pkg)
    absent = cells[cells["absent"]]
    return {str(e): list(a) for e, a in absent.groupby("event_id", sort=False)["actor_id"]}
