"""Who met whom, and what came of it? The questions of a meeting's chapter: its sides, host,
delegations and their heads, who was affected but absent, who carried the news, what it
produced (by status and kind) and who reported it, its figures, and what the data leave open.

Rows are told in the order the sources tell them (facts.order), as the chapters
quote them; actors in the order of the participants table.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

import pandas as pd

from ..data import Package
from .calls import parties_of, topics_of
from .dating import in_date_order
from .order import told, told_ids
from .outcomes import outcome_counts
from .presence import ABSENT_ROLE

__all__ = [
    "DELEGATION_ROLES",
    "HEAD_ROLES",
    "LeftOpen",
    "MeetingFigure",
    "Named",
    "Position",
    "Produced",
    "Seated",
    "absent",
    "carriers",
    "figures",
    "in_roles",
    "left_open",
    "meetings",
    "named_ids",
    "noted_events",
    "ordinal",
    "produced",
    "seated",
    "sides",
    "unquoted_carriers",
]

#: The roles of those who lead a delegation, and of every member of one.
HEAD_ROLES = ("head-of-delegation",)
DELEGATION_ROLES = ("head-of-delegation", "delegation")

#: Where a span sits in the sources: its source's id, then its start offset.
Position = tuple[str, float]
#: The position of a row whose evidence is not in the data: after every other.
UNKNOWN: Position = ("\uffff", math.inf)

#: What may name an event in a figure's note: an id's shape.
_ID = re.compile(r"[a-z0-9][a-z0-9-]*")


def _text(value: object) -> str:
    """A text cell as str ("" for a missing one, whatever the frame holds)."""
    return value if isinstance(value, str) else ""


# --- the order the sources tell rows in -------------------------------------------------------


# --- the meetings and who sat at the table ----------------------------------------------------


def meetings(pkg: Package) -> list[str]:
    """Which meetings do the data record? Every event of track "meeting", in date order
    (undated last)."""
    events = pkg["events"]
    return [str(i) for i in in_date_order(events[events["track"] == "meeting"])["id"]]


@dataclass(frozen=True)
class Named:
    """The actors named in some roles at an event, each once, in the participants' order,
    with the evidence of the rows that name them (each once, in the order of those rows)."""

    actor_ids: tuple[str, ...] = ()
    evidence_ids: tuple[str, ...] = ()


def _at(pkg: Package, event_id: str) -> pd.DataFrame:
    part = pkg["participants"]
    return part[part["event_id"] == event_id]


def _named(rows: pd.DataFrame, *roles: str) -> Named:
    if roles:
        rows = rows[rows["role"].isin(roles)]
    actors = dict.fromkeys(_text(a) for a in rows["actor_id"])
    evidence = dict.fromkeys(e for e in map(_text, rows["evidence_id"]) if e)
    return Named(tuple(actors), tuple(evidence))


def in_roles(pkg: Package, event_id: str, *roles: str) -> Named:
    """Who had one of ``roles`` at the event (every role when none is given)?"""
    return _named(_at(pkg, event_id), *roles)


def sides(pkg: Package, event_id: str) -> tuple[str, ...]:
    """Who were the sides? The actors with role party, else the parents of the delegations'
    members (the states they belong to), each once, in the participants' order."""
    parties = parties_of(pkg, event_id)
    if parties:
        return tuple(parties)
    members = in_roles(pkg, event_id, *DELEGATION_ROLES).actor_ids
    actors = pkg["actors"]
    actors = actors[actors["id"].isin(members)]
    parent = dict(zip(actors["id"], map(_text, actors["parent_id"]), strict=True))
    return tuple(dict.fromkeys(p for p in (parent.get(m, "") for m in members) if p))


@dataclass(frozen=True)
class Seated:
    """Who sat at the table: the sides, the host, the heads of delegation, and the members
    of a delegation (role "delegation": heads are not repeated there unless they have that
    role too)."""

    sides: tuple[str, ...]
    host: Named
    heads: Named
    members: Named


def seated(pkg: Package, event_id: str) -> Seated:
    """Who were the sides, who hosted, who led each delegation and who was in one?"""
    rows = _at(pkg, event_id)
    return Seated(
        sides(pkg, event_id),
        _named(rows, "host"),
        _named(rows, *HEAD_ROLES),
        _named(rows, "delegation"),
    )


def absent(pkg: Package, event_id: str) -> Named:
    """Who did the meeting concern but not include (role affected-absent)? In the order of
    those rows, with their evidence (``facts.presence`` places an actor by its rows of every
    role, and keeps the evidence of its main role only)."""
    return in_roles(pkg, event_id, ABSENT_ROLE)


def carriers(pkg: Package, event_id: str) -> Named:
    """Who carried the news? The reporters (in the participants' order), then the outlets
    of the statements about the event (in article order), each once; the evidence is that
    of the reporters' rows."""
    reporters = in_roles(pkg, event_id, "reporter")
    outlets = map(_text, _told(pkg, "statements", event_id=event_id)["channel_actor_id"])
    found = dict.fromkeys([*reporters.actor_ids, *(o for o in outlets if o)])
    return Named(tuple(found), reporters.evidence_ids)


def unquoted_carriers(pkg: Package, event_id: str) -> Named:
    """Who carried the news without being quoted? The carriers that are neither the speaker
    nor the outlet of a statement about the event (a chapter names those with the
    statements), with the evidence of their reporter rows."""
    said = _told(pkg, "statements", event_id=event_id)
    named = {_text(a) for a in (*said["speaker_id"], *said["channel_actor_id"])}
    rows = _at(pkg, event_id)
    rows = rows[(rows["role"] == "reporter") & ~rows["actor_id"].isin(named)]
    return _named(rows)


# --- what it produced ---------------------------------------------------------------------


@dataclass(frozen=True)
class Produced:
    """What a meeting produced: its outcomes in article order; how many there are of each
    status and of each kind, in the order each is first told; and who reported them, each
    once, in the order first told."""

    outcome_ids: tuple[str, ...] = ()
    by_status: tuple[tuple[str, int], ...] = ()
    by_kind: tuple[tuple[str, int], ...] = ()
    reporters: tuple[str, ...] = ()


def produced(pkg: Package, event_id: str) -> Produced:
    """What did the meeting produce, how firm is each, and who says so?"""
    told = _told(pkg, "outcomes", event_id=event_id)
    if told.empty:
        return Produced()
    ids = [str(i) for i in told["id"]]
    first = {o: i for i, o in enumerate(ids)}
    counted = outcome_counts(pkg, event_id)
    # Each (kind, status) counted, in the order its first outcome is told: a status (a kind)
    # then comes in where its first outcome is told.
    cells = sorted(
        zip(
            counted["kind"],
            counted["status"],
            counted["outcomes"],
            counted["outcome_ids"],
            strict=True,
        ),
        key=lambda cell: min(first[o] for o in cell[3]),
    )
    by_status: dict[str, int] = {}
    by_kind: dict[str, int] = {}
    for kind, status, n, _ in cells:
        by_status[str(status)] = by_status.get(str(status), 0) + int(n)
        by_kind[str(kind)] = by_kind.get(str(kind), 0) + int(n)
    reporters = dict.fromkeys(map(_text, told["reported_by"]))
    return Produced(tuple(ids), tuple(by_status.items()), tuple(by_kind.items()), tuple(reporters))


# --- its figures ------------------------------------------------------------------------------


def named_ids(note: str) -> list[str]:
    """The words of a note that have the shape of an id, in its order ("Compare with the
    dates of a and b": the events to compare an elapsed time with)."""
    return _ID.findall(note)


def _events_named(pkg: Package, note: str) -> tuple[str, ...]:
    words = named_ids(note)
    events = pkg["events"]["id"]
    known = set(events[events.isin(words)])
    return tuple(dict.fromkeys(w for w in words if w in known))


def noted_events(pkg: Package, figure_id: str) -> tuple[str, ...]:
    """Which events does a figure's note name? The ids in it that are events of the data,
    each once, in the note's order (none for a figure not in the data)."""
    figures = pkg["figures"]
    notes = figures[figures["id"] == figure_id].get("note", pd.Series([], dtype=object))
    return _events_named(pkg, _text(notes.iloc[0]) if len(notes) else "")


@dataclass(frozen=True)
class MeetingFigure:
    """A figure about a meeting; for an elapsed time whose note names two events or more,
    ``between`` the first two (the time between them is what the claim is set against)."""

    figure_id: str
    between: tuple[str, str] | None = None


def figures(pkg: Package, event_id: str) -> list[MeetingFigure]:
    """What figures do the sources give about the meeting, besides its ordinal? In article
    order, each elapsed time with the events its note says it spans."""
    found = []
    told = _told(pkg, "figures", event_id=event_id)
    notes = told["note"] if "note" in told else [""] * len(told)
    for figure, measure, note in zip(told["id"], told["measure"], notes, strict=True):
        if measure == "ordinal":
            continue
        spanned = _events_named(pkg, _text(note)) if measure == "elapsed" else ()
        between = (spanned[0], spanned[1]) if len(spanned) >= 2 else None
        found.append(MeetingFigure(str(figure), between))
    return found


def ordinal(pkg: Package, event_id: str) -> str | None:
    """Which figure numbers the meeting ("the second meeting")? The first told, if any."""
    return next(iter(told_ids(pkg, "figures", event_id=event_id, measure="ordinal")), None)


# --- what the data leave open -----------------------------------------------------------------


@dataclass(frozen=True)
class LeftOpen:
    """What the data leave open about a meeting (True: not known). Its place and venue are
    not here: whether they are known depends on the edition's language (a city given in one
    language only), so the chapter asks the row it names them from."""

    date: bool  # not known to the day
    host: bool
    heads: bool
    members: bool  # no head of delegation named, nor any person in a delegation
    members_beyond_heads: bool  # heads named, but no person in a delegation
    topics: bool
    outcomes: bool
    statements: bool
    quotes: bool  # statements, but none quoted directly


def left_open(pkg: Package, event_id: str) -> LeftOpen:
    """What do the data not say about the meeting?"""
    events = pkg["events"]
    precision = events.loc[events["id"] == event_id, "date_precision"]
    rows = _at(pkg, event_id)
    members = _named(rows, "delegation").actor_ids
    actors = pkg["actors"]
    named = bool(((actors["kind"] == "person") & actors["id"].isin(members)).any())
    heads = bool(_named(rows, *HEAD_ROLES).actor_ids)
    statements = pkg["statements"]
    said = statements[statements["event_id"] == event_id]
    outcomes = pkg["outcomes"]
    return LeftOpen(
        date=not (precision == "day").any(),
        host=not _named(rows, "host").actor_ids,
        heads=not heads,
        members=not named and not heads,
        members_beyond_heads=not named and heads,
        topics=not topics_of(pkg, event_id),
        outcomes=not (outcomes["event_id"] == event_id).any(),
        statements=said.empty,
        quotes=not said.empty and not (said["mode"] == "direct").any(),
    )


def _told(pkg: Package, table: str, **equal: str) -> pd.DataFrame:
    """The rows of ``table`` whose columns equal the given values, in article order."""
    return told(pkg, pkg[table], **equal)
