"""What did each meeting produce?"""

from __future__ import annotations

import pandas as pd

from ..data import Package

__all__ = ["outcome_counts"]


def outcome_counts(pkg: Package, event_id: str | None = None) -> pd.DataFrame:
    """One row per (event, kind, status) of the outcomes recorded: how many there are and
    their ids, in the order the outcomes table first gives each combination."""
    outcomes = pkg["outcomes"]
    if event_id is not None:
        outcomes = outcomes[outcomes["event_id"] == event_id]
    return outcomes.groupby(["event_id", "kind", "status"], as_index=False, sort=False).agg(
        outcomes=("id", "size"), outcome_ids=("id", tuple)
    )
