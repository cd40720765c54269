"""Altair charts of the data package; one builder per reader's question."""

from __future__ import annotations

from .claims import duration_claims, leader_call_gap
from .matrices import topics_per_event, who_was_at_the_table
from .theme import enable_theme
from .timeline import timeline

BUILDERS = {
    "timeline": timeline,
    "leader_call_gap": leader_call_gap,
    "duration_claims": duration_claims,
    "topics_per_event": topics_per_event,
    "who_was_at_the_table": who_was_at_the_table,
}

__all__ = ["BUILDERS", "enable_theme", "timeline"]
