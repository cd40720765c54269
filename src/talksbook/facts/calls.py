"""Which leaders' calls took place, in what order, and what do they have in common?"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd

from ..data import Package
from .dating import in_date_order
from .order import events_listed, told

__all__ = [
    "CallsCompared",
    "calls",
    "compare_calls",
    "dated",
    "figures_of",
    "parties",
    "parties_of",
    "related_proposals",
    "sectioned",
    "stances_split",
    "topics",
    "topics_of",
]


def calls(pkg: Package) -> list[str]:
    """The calls that took place, in date order (undated ones last): the calls chapter has
    one section per call, in this order."""
    events = pkg["events"]
    occurred = events[(events["track"] == "call") & (events["status"] == "occurred")]
    return [str(i) for i in in_date_order(occurred)["id"]]


def _each_once(frame: pd.DataFrame, key: str, value: str) -> dict[str, list[str]]:
    """The values of ``value`` per ``key``, each once, in the table's order (one pass)."""
    found: dict[str, list[str]] = {}
    for k, v in zip(frame[key], frame[value], strict=True):
        values = found.setdefault(str(k), [])
        if str(v) not in values:
            values.append(str(v))
    return found


def parties(pkg: Package) -> dict[str, list[str]]:
    """The actors with the role 'party' in each event that has any, in the participants
    table's order (one pass over the table, for questions about many events)."""
    part = pkg["participants"]
    return _each_once(part[part["role"] == "party"], "event_id", "actor_id")


def parties_of(pkg: Package, event_id: str) -> list[str]:
    """The actors with the role 'party' in an event, in the participants table's order."""
    part = pkg["participants"]
    rows = part[(part["event_id"] == event_id) & (part["role"] == "party")]
    return list(dict.fromkeys(str(a) for a in rows["actor_id"]))


def topics(pkg: Package) -> dict[str, list[str]]:
    """The topics each event raised, in the event-topic table's order."""
    return _each_once(pkg["event_topics"], "event_id", "topic_id")


def topics_of(pkg: Package, event_id: str) -> list[str]:
    """The topics an event raised, in the event-topic table's order."""
    pairs = pkg["event_topics"]
    return list(dict.fromkeys(str(t) for t in pairs[pairs["event_id"] == event_id]["topic_id"]))


def figures_of(pkg: Package, event_id: str, measure: str) -> list[str]:
    """The ids of an event's figures of one measure, in the figures table's order."""
    figures = pkg["figures"]
    rows = figures[(figures["event_id"] == event_id) & (figures["measure"] == measure)]
    return [str(i) for i in rows["id"]]


@dataclass(frozen=True)
class CallsCompared:
    """What several calls share and where they differ: the parties on every call, the topics
    raised on more than one (with how many calls raised each), and, for each call that raised
    any topic, the topics no other call raised. Empty for fewer than two calls."""

    call_ids: tuple[str, ...]
    parties_in_all: tuple[str, ...]
    shared_topics: tuple[tuple[str, int], ...]
    own_topics: tuple[tuple[str, tuple[str, ...]], ...]


def compare_calls(pkg: Package, call_ids: Sequence[str] | None = None) -> CallsCompared:
    """Compare the calls (by default every call that took place, see :func:`calls`)."""
    ids = tuple(calls(pkg) if call_ids is None else call_ids)
    if len(ids) < 2:
        return CallsCompared(ids, (), (), ())
    by_event, raised = parties(pkg), topics(pkg)
    sides = [by_event.get(c, []) for c in ids]
    in_all = tuple(p for p in sides[0] if all(p in other for other in sides[1:]))
    topics_by_call = {c: raised.get(c, []) for c in ids}
    counts: dict[str, int] = {}
    for call in ids:
        for topic in topics_by_call[call]:
            counts[topic] = counts.get(topic, 0) + 1
    # Most calls first; ties in the order the topics first appear.
    shared = tuple(sorted(((t, n) for t, n in counts.items() if n > 1), key=lambda p: -p[1]))
    own = tuple(
        (c, tuple(t for t in topics_by_call[c] if counts[t] == 1)) for c in ids if topics_by_call[c]
    )
    return CallsCompared(ids, in_all, shared, own)


def dated(pkg: Package, event_ids: Sequence[str]) -> list[str]:
    """Those of ``event_ids`` that have an earliest date, in the order given."""
    events = pkg["events"]
    with_date = set(events.loc[events["date_earliest"].notna(), "id"])
    return [e for e in event_ids if e in with_date]


def sectioned(pkg: Package, limit: int) -> list[str]:
    """Which calls get a section of their own? Every call, in date order; past ``limit``,
    the latest dated ones (undated calls only to fill up)."""
    ids = calls(pkg)
    if len(ids) <= limit:
        return ids
    with_date = dated(pkg, ids)
    chosen = set(with_date[-limit:]) if limit > 0 else set()
    undated = [c for c in ids if c not in set(with_date)]
    chosen |= set(undated[: max(limit - len(chosen), 0)])
    return [c for c in ids if c in chosen]


def related_proposals(pkg: Package, call_ids: Sequence[str]) -> list[str]:
    """Which proposed or planned events bring back a party of these calls (a summit of the
    same leaders, say)? In the order the chapters list events."""
    by_event = parties(pkg)
    sides = {p for c in call_ids for p in by_event.get(c, [])}
    return [e for e in events_listed(pkg, "proposal") if sides & set(by_event.get(e, []))]


def stances_split(pkg: Package, event_id: str, stance: str) -> tuple[list[str], list[str]]:
    """The statements about an event, in the order the sources tell them: those of one
    stance ("conditional": the remarks that attach conditions to it), and the others."""
    said = told(pkg, pkg["statements"], event_id=event_id)
    ids, stances = [str(i) for i in said["id"]], [str(x) for x in said["stance"]]
    return (
        [i for i, x in zip(ids, stances, strict=True) if x == stance],
        [i for i, x in zip(ids, stances, strict=True) if x != stance],
    )
