"""What did each event raise?"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import pandas as pd

from ..data import Package
from .dating import in_date_order

__all__ = ["TopicsRaised", "busiest_first", "topics_raised"]


def busiest_first(counts: Mapping[str, int], limit: int) -> list[str]:
    """The ``limit`` keys with the highest counts, highest first; ties keep the order of
    ``counts`` (events their date order, topics their table order)."""
    return sorted(counts, key=lambda key: -counts[key])[:limit]


@dataclass(frozen=True, eq=False)
class TopicsRaised:
    """The topics raised per event, and which of them a matrix with limits shows."""

    #: The shown event–topic pairs (the event_topics columns, plus ``n_event``: topics raised
    #: at that event, ``n_topic``: events that raised that topic), in the table's order.
    cells: pd.DataFrame
    #: Every event–topic pair counted.
    pairs: int
    #: Topics per event, events in date order.
    per_event: dict[str, int]
    #: Events per topic, topics in the topics table's order.
    per_topic: dict[str, int]
    #: The shown events (the busiest), in date order.
    events: list[str]
    #: The shown topics (the most frequent), most frequent first.
    topics: list[str]
    #: The events that raised the most topics, in date order, and how many that is.
    busiest: list[str]
    most_topics: int
    #: The topics raised at the most events, in the topics table's order, and at how many.
    common: list[str]
    most_events: int


def topics_raised(
    pkg: Package, event_id: str | None = None, *, max_events: int = 12, max_topics: int = 30
) -> TopicsRaised:
    """Which topics each event raised (every event, or only ``event_id``): the pairs, the
    counts per event and per topic, the busiest events and most common topics, and the
    at most ``max_events`` events and ``max_topics`` topics a matrix shows."""
    pairs = pkg["event_topics"]
    if event_id is not None:
        pairs = pairs[pairs["event_id"] == event_id]
    events = in_date_order(pkg["events"])["id"]
    counted = pairs["event_id"].value_counts()
    per_event = {str(e): int(counted[e]) for e in events if e in counted.index}
    counted = pairs["topic_id"].value_counts()
    per_topic = {str(t): int(counted[t]) for t in pkg["topics"]["id"] if t in counted.index}
    shown_events = set(busiest_first(per_event, max_events))
    topics = busiest_first(per_topic, max_topics)
    cells = pairs[pairs["event_id"].isin(shown_events) & pairs["topic_id"].isin(topics)]
    most_topics = max(per_event.values(), default=0)
    most_events = max(per_topic.values(), default=0)
    return TopicsRaised(
        cells=cells.assign(
            n_event=cells["event_id"].map(per_event), n_topic=cells["topic_id"].map(per_topic)
        ).reset_index(drop=True),
        pairs=len(pairs),
        per_event=per_event,
        per_topic=per_topic,
        events=[e for e in per_event if e in shown_events],
        topics=topics,
        busiest=[e for e, n in per_event.items() if n == most_topics],
        most_topics=most_topics,
        common=[t for t, n in per_topic.items() if n == most_events],
        most_events=most_events,
    )
