"""Who sat at each meeting's table and who was left out? What was each reaction, who spoke
to whom, what did they raise and in what spirit? And what do the sources assess, by kind?"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import pandas as pd

from ..data import Package
from .corpus import _events, _table, _text, dated_span
from .order import events_listed, told
from .presence import ABSENT_ROLE, AT_TABLE_ROLES

__all__ = [
    "ASSESSMENT_ORDER",
    "Absences",
    "AssessmentGroup",
    "Reaction",
    "Reactions",
    "absences",
    "assessment_groups",
    "reactions",
]

#: The order the kinds of assessment are told in: what divides the parties, what a
#: breakthrough depends on, what could go wrong, then how the talks are framed. Other kinds
#: follow in the order the sources first give them.
ASSESSMENT_ORDER = ("dispute", "factor", "risk", "framing")


def _once(values: Iterable[object]) -> tuple[str, ...]:
    """The values as text, each once, in order of first appearance."""
    return tuple(dict.fromkeys(_text(v) for v in values))


def _in_roles(pkg: Package, *roles: str) -> dict[str, tuple[str, ...]]:
    """The actors with one of ``roles`` in each event that has any, each once, in the
    participants table's order (of the rows in those roles)."""
    part = _table(pkg, "participants", "event_id", "actor_id", "role")
    rows = part[part["role"].isin(roles)]
    found: dict[str, dict[str, None]] = {}
    for event, actor in zip(rows["event_id"], rows["actor_id"], strict=True):
        found.setdefault(_text(event), {})[_text(actor)] = None
    return {event: tuple(actors) for event, actors in found.items()}


# --- at the table, and left out ---------------------------------------------------------------


@dataclass(frozen=True)
class Absences:
    """Who sat at each meeting's table, and which parties the talks concerned were not there."""

    #: Every meeting, whatever its status, in the chapters' order of events.
    meetings: tuple[str, ...]
    #: Per meeting that has any: the actors at the table (a role of ``AT_TABLE_ROLES``) and
    #: those affected but absent, each once, in the participants table's order.
    present: Mapping[str, tuple[str, ...]]
    absent: Mapping[str, tuple[str, ...]]
    #: Per meeting with an absent actor: the evidence of every affected-but-absent row.
    evidence: Mapping[str, tuple[str, ...]]
    #: How many of ``meetings`` went ahead without a party they concerned.
    without: int
    #: Each actor absent from a meeting, in the order of its first absence, with the meetings
    #: it was absent from, in order.
    absent_from: Mapping[str, tuple[str, ...]]

    @property
    def missed(self) -> tuple[str, ...]:
        """The meetings someone was absent from, each once: those of the first absent actor,
        then those of the next."""
        return tuple(dict.fromkeys(m for meetings in self.absent_from.values() for m in meetings))


def absences(pkg: Package) -> Absences:
    """Who was at each meeting's table, and who was affected but absent?"""
    meetings = events_listed(pkg, "meeting")
    present = _in_roles(pkg, *AT_TABLE_ROLES)
    absent = _in_roles(pkg, ABSENT_ROLE)
    part = _table(pkg, "participants", "event_id", "role", "evidence_id")
    rows = part[part["role"] == ABSENT_ROLE]
    evidence: dict[str, list[str]] = {}
    for event, cited in zip(rows["event_id"], rows["evidence_id"], strict=True):
        evidence.setdefault(_text(event), []).append(_text(cited))
    absent_from: dict[str, list[str]] = {}
    for meeting in meetings:
        for actor in absent.get(meeting, ()):
            absent_from.setdefault(actor, []).append(meeting)
    told = set(meetings)
    return Absences(
        meetings=tuple(meetings),
        present={e: actors for e, actors in present.items() if e in told},
        absent={e: actors for e, actors in absent.items() if e in told},
        evidence={e: tuple(ids) for e, ids in evidence.items() if e in told},
        without=sum(1 for m in meetings if m in absent),
        absent_from={actor: tuple(ids) for actor, ids in absent_from.items()},
    )


# --- the reactions ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Reaction:
    """One reaction: who spoke and to whom, whether it is dated, what it raised, and what was
    said in what spirit."""

    event_id: str
    #: The actors in the role 'speaker', and those addressed (roles 'addressee' and
    #: 'target'), each once, in the participants table's order.
    speakers: tuple[str, ...]
    addressees: tuple[str, ...]
    #: Whether the reaction has a date (either bound).
    dated: bool
    #: The topics it raised, one per event-topic row, in the order the sources give them.
    topics: tuple[str, ...]
    #: Its statements (ids), in the order the sources give them, and their stances (codes),
    #: each once, in that order.
    statements: tuple[str, ...]
    stances: tuple[str, ...]


@dataclass(frozen=True)
class Reactions:
    """Every reaction, how many are dated, and the first ones in full."""

    #: Every reaction, in the chapters' order of events.
    events: tuple[str, ...]
    #: Reactions with a date (either bound), and without.
    dated: int
    undated: int
    #: The first of ``events`` (as many as asked for), each in full.
    told: tuple[Reaction, ...]


def reactions(pkg: Package, limit: int | None = None) -> Reactions:
    """What were the reactions? Every reaction event, how many are dated, and the first
    ``limit`` (all for None) with their speakers, addressees, topics, statements and stances."""
    ids = events_listed(pkg, "reaction")
    span = dated_span(pkg, "reaction")
    shown = ids if limit is None else ids[:limit]
    wanted = set(shown)
    speakers = _in_roles(pkg, "speaker")
    addressees = _in_roles(pkg, "addressee", "target")
    events = _events(pkg, "reaction", None)
    # Of two events with one id, the later row (as a lookup by id finds it).
    is_dated = dict(zip(events["id"], events["anchor"].notna(), strict=True))
    topics = _rows_of(pkg, "event_topics", wanted)
    statements = _rows_of(pkg, "statements", wanted)
    told: list[Reaction] = []
    for event in shown:
        said = statements[statements["event_id"] == event]
        told.append(
            Reaction(
                event_id=event,
                speakers=speakers.get(event, ()),
                addressees=addressees.get(event, ()),
                dated=bool(is_dated.get(event, False)),
                topics=tuple(_text(t) for t in topics[topics["event_id"] == event]["topic_id"]),
                statements=tuple(str(i) for i in said["id"]),
                stances=_once(said["stance"]),
            )
        )
    return Reactions(tuple(ids), span.dated, span.undated, tuple(told))


def _rows_of(pkg: Package, name: str, events: set[str]) -> pd.DataFrame:
    """The rows of a table about ``events``, in the order the sources give them."""
    table = _table(pkg, name, "id", "event_id", "topic_id", "stance", "evidence_id")
    return told(pkg, table[table["event_id"].isin(events)])


# --- the assessments --------------------------------------------------------------------------


@dataclass(frozen=True)
class AssessmentGroup:
    """The assessments of one kind, in the order the sources give them, and the passages the
    first of them (as many as asked for) are drawn from, each once, in that order."""

    kind: str
    assessments: tuple[str, ...]
    passages: tuple[str, ...]


def assessment_groups(pkg: Package, limit: int | None = None) -> list[AssessmentGroup]:
    """What do the sources assess, kind by kind? The kinds in ``ASSESSMENT_ORDER``, then any
    other in the order the sources first give it, each with its assessments and the passages
    of the first ``limit`` (all for None); kinds with no assessment left out."""
    rows = told(pkg, _table(pkg, "assessments", "id", "kind", "evidence_id"))
    kinds = rows["kind"].map(_text)
    groups: list[AssessmentGroup] = []
    for kind in dict.fromkeys([*ASSESSMENT_ORDER, *kinds]):
        chosen = rows[(kinds == kind).to_numpy()]
        if chosen.empty:
            continue
        shown = chosen if limit is None else chosen.iloc[:limit]
        groups.append(
            AssessmentGroup(
                kind=kind,
                assessments=tuple(str(i) for i in chosen["id"]),
                passages=_once(shown["evidence_id"]),
            )
        )
    return groups
