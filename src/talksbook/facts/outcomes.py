"""What did each meeting produce, and how firm is it?"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from ..data import Package
from .codes import enum_order, in_order
from .dating import in_date_order

__all__ = ["MeetingOutcomes", "meeting_outcomes", "outcome_counts", "status_order"]

CELL_COLUMNS = ["event_id", "kind", "status", "outcomes", "outcome_ids"]
EVENT_COLUMNS = ["event_id", "outcomes", "shown"]


def outcome_counts(pkg: Package, event_id: str | None = None) -> pd.DataFrame:
    """One row per (event, kind, status) of the outcomes recorded: how many there are and
    their ids, in the order the outcomes table first gives each combination."""
    outcomes = pkg["outcomes"]
    if event_id is not None:
        outcomes = outcomes[outcomes["event_id"] == event_id]
    return outcomes.groupby(["event_id", "kind", "status"], as_index=False, sort=False).agg(
        outcomes=("id", "size"), outcome_ids=("id", tuple)
    )


def status_order(pkg: Package) -> list[str]:
    """The outcome statuses in the order the package's schema lists them (none when the
    package describes no outcomes)."""
    return enum_order(pkg, "outcomes", "status")


# Frames inside: compared by identity, not field by field (a frame has no truth value).
@dataclass(frozen=True, eq=False)
class MeetingOutcomes:
    """What the events produced, counted for a chart of a few of them.

    ``cells``: the rows of ``outcome_counts`` for the events shown. ``events``: every event
    with outcomes, in date order, with its number of outcomes and whether it is shown.
    ``statuses``: the statuses among the cells shown; ``by_status``: outcomes per status over
    every event, both in the schema's order, then any other status alphabetically.
    ``by_kind``: outcomes per kind, most first (ties: in the order of the outcomes table).
    ``most``: the most outcomes of one event, and ``busiest`` the events (in date order) that
    have that many. ``longest``: the most outcomes of one kind at one shown event (a bar).
    """

    cells: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=CELL_COLUMNS))
    events: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=EVENT_COLUMNS))
    statuses: tuple[str, ...] = ()
    by_status: tuple[tuple[str, int], ...] = ()
    by_kind: tuple[tuple[str, int], ...] = ()
    total: int = 0
    most: int = 0
    busiest: tuple[str, ...] = ()
    longest: int = 0

    @property
    def shown(self) -> list[str]:
        """The ids of the events shown, in date order."""
        return [str(e) for e in self.events["event_id"][self.events["shown"].astype(bool)]]


def meeting_outcomes(
    pkg: Package, event_id: str | None = None, *, max_events: int = 12
) -> MeetingOutcomes:
    """What did each meeting produce, and how firm is it? The outcomes of one event
    (`event_id`) or of every event, counted by event, kind and status; the `max_events`
    events with most outcomes are shown (ties: the earlier event)."""
    counted = outcome_counts(pkg, event_id)
    if counted.empty:
        return MeetingOutcomes()
    events = in_date_order(pkg["events"])
    per_event = counted.groupby("event_id")["outcomes"].sum()
    ordered = events["id"][events["id"].isin(per_event.index)].reset_index(drop=True)
    sizes = ordered.map(per_event)
    ranking = pd.DataFrame({"id": ordered, "n": sizes, "at": ordered.index})
    top = set(ranking.sort_values(["n", "at"], ascending=[False, True]).head(max_events)["id"])
    cells = counted[counted["event_id"].isin(top)]
    statuses = status_order(pkg)
    by_status = counted.groupby("status")["outcomes"].sum()
    by_kind = (
        counted.groupby("kind", sort=False)["outcomes"]
        .sum()
        .sort_values(ascending=False, kind="stable")
    )
    # The most outcomes over every event counted, and the events in the table that have it.
    most = int(per_event.max())
    return MeetingOutcomes(
        cells=cells,
        events=pd.DataFrame({"event_id": ordered, "outcomes": sizes, "shown": ordered.isin(top)}),
        statuses=tuple(in_order(cells["status"], statuses)),
        by_status=tuple((s, int(by_status[s])) for s in in_order(counted["status"], statuses)),
        by_kind=tuple((str(k), int(n)) for k, n in by_kind.items()),
        total=int(counted["outcomes"].sum()),
        most=most,
        busiest=tuple(str(e) for e in ordered[sizes == most]),
        longest=int(cells.groupby(["event_id", "kind"])["outcomes"].sum().max()),
    )
