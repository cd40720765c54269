"""What do the data hold? Events per track and the span their dates cover, the statements and
who makes them, the sources and the evidence quoted from them; which dates and which sources
leave something open; and the order in which the chapters tell events and rows."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import pandas as pd

from ..data import Package
from .codes import enum_order
from .order import events_listed, listing_order, told
from .sources import cited_sources
from .voices import statement_counts

__all__ = [
    "OUTLET_KIND",
    "SOURCE_FIELDS",
    "UNCERTAIN",
    "Corpus",
    "DatedSpan",
    "SourceGap",
    "corpus",
    "dated_span",
    "key_figures",
    "outlets",
    "source_gaps",
    "uncertain_dates",
]

#: Date precisions that leave the day unknown.
UNCERTAIN = ("month", "year", "open", "unknown")
#: The fields of a source whose absence a reader should know about.
SOURCE_FIELDS = ("outlet", "published", "url")


def _text(value: object) -> str:
    """A text cell as str ("" for a missing one, whatever the frame holds)."""
    return value if isinstance(value, str) else ""


def _table(pkg: Package, name: str, *columns: str) -> pd.DataFrame:
    """A table, or an empty one with ``columns`` when the package leaves the resource out."""
    frame = pkg.tables.get(name)
    return pd.DataFrame(columns=list(columns)) if frame is None else frame


# --- the order the chapters tell things in ----------------------------------------------------


def _events(pkg: Package, track: str | None, status: str | None) -> pd.DataFrame:
    """The events of a track and status (every one for None), in table order, with their
    ``earliest`` and ``latest`` dates typed and their ``anchor``: the earliest date, else the
    latest."""
    events = _table(pkg, "events", "id", "track", "status", "date_earliest", "date_latest")
    chosen = pd.Series(True, index=events.index)
    if track is not None:
        chosen &= events["track"] == track
    if status is not None:
        chosen &= events["status"] == status
    events = events[chosen].reset_index(drop=True)
    # (A column with no date at all may come as objects: typed here, for the comparisons.)
    earliest = pd.to_datetime(events["date_earliest"])
    latest = pd.to_datetime(events["date_latest"])
    return events.assign(earliest=earliest, latest=latest, anchor=earliest.fillna(latest))


# --- what the data hold -----------------------------------------------------------------------


@dataclass(frozen=True)
class Corpus:
    """How much the data hold: events by track, statements and who makes and carries them,
    sources by kind and the evidence quoted from them."""

    #: Events in all.
    events: int
    #: Events per track, for the tracks that have any: in the order the schema lists the
    #: tracks, then any other in the order the events table first gives it.
    tracks: tuple[tuple[str, int], ...]
    #: Statements in all, the speakers who make them, and the media outlets that carry some
    #: of them (see ``outlets``).
    statements: int
    speakers: int
    outlets: int
    #: Statements whose channel the source leaves unspecified, and those quoted directly.
    unspecified: int
    direct: int
    #: Sources in all, and per kind in the order the sources table first gives each kind.
    sources: int
    source_kinds: tuple[tuple[str, int], ...]
    #: Evidence rows: the passages quoted word for word.
    evidence: int


def _counted(values: Iterable[object], first: Sequence[str] = ()) -> tuple[tuple[str, int], ...]:
    """How often each value occurs ("" for a missing one): the values of ``first`` that occur,
    in that order, then the others in order of first appearance."""
    counts = dict.fromkeys(first, 0)
    for value in values:
        counts[_text(value)] = counts.get(_text(value), 0) + 1
    return tuple((value, n) for value, n in counts.items() if n)


#: The kind of actor that is an outlet: a medium. A government that speaks for itself (the
#: Kremlin) is a speaker, and a collective the source does not name (kind "group": "Russian
#: news agencies") is no outlet.
OUTLET_KIND = "media"


def outlets(pkg: Package) -> tuple[str, ...]:
    """Which media outlets carried statements? The channel actors of kind ``OUTLET_KIND``, each
    once, in the order the statements table first names them."""
    statements = _table(pkg, "statements", "channel_actor_id")
    actors = _table(pkg, "actors", "id", "kind")
    kinds = zip(actors["id"], actors["kind"], strict=True)
    media = {_text(a) for a, kind in kinds if kind == OUTLET_KIND}
    named = dict.fromkeys(_text(o) for o in statements["channel_actor_id"])
    return tuple(o for o in named if o and o in media)


def corpus(pkg: Package) -> Corpus:
    """What do the data hold? The events per track, the statements with their speakers,
    outlets, unnamed channels and direct quotes, the sources per kind and the evidence."""
    events = _table(pkg, "events", "track")
    statements = _table(pkg, "statements", "speaker_id", "channel", "channel_actor_id", "mode")
    sources = _table(pkg, "sources", "kind")
    said = statement_counts(pkg) if "statements" in pkg.tables else None
    return Corpus(
        events=len(events),
        tracks=_counted(events["track"], enum_order(pkg, "events", "track")),
        statements=len(statements),
        speakers=0 if said is None else said.speakers,
        outlets=len(outlets(pkg)),
        unspecified=0 if said is None else said.unspecified,
        direct=int((statements["mode"] == "direct").sum()),
        sources=len(sources),
        source_kinds=_counted(sources["kind"]),
        evidence=len(_table(pkg, "evidence")),
    )


@dataclass(frozen=True)
class DatedSpan:
    """Which events have a date, and the stretch their dates cover: from the earliest bound
    of the event that opens it to the latest bound of the event that closes it."""

    #: Events in all, those with a date (either bound) and those with none.
    events: int
    dated: int
    undated: int
    #: The event that opens the span (the first dated one in the chapters' order), the date
    #: it opens on (its earliest date, else its latest) and that event's date precision; None
    #: when no event is dated.
    first: str | None = None
    start: pd.Timestamp | None = None
    start_precision: str = ""
    #: The event whose latest possible date is latest (an open interval counts by its
    #: earliest date: nothing later is asserted; the first such in the table on a tie), the
    #: date it closes on and that event's date precision.
    last: str | None = None
    end: pd.Timestamp | None = None
    end_precision: str = ""


def dated_span(pkg: Package, track: str | None = None) -> DatedSpan:
    """How many events (of a track, or all) are dated, and which dates do they span?"""
    events = _events(pkg, track, None)
    dated = events[events["anchor"].notna()]
    if dated.empty:
        return DatedSpan(len(events), 0, len(events))
    opening = _told(dated).iloc[0]
    ends = dated["latest"].fillna(dated["earliest"])
    closing = dated.iloc[int(ends.argmax())]  # the first of equals, in the table's order
    return DatedSpan(
        events=len(events),
        dated=len(dated),
        undated=len(events) - len(dated),
        first=str(opening["id"]),
        start=pd.Timestamp(opening["anchor"]),
        start_precision=_text(opening.get("date_precision")),
        last=str(closing["id"]),
        end=pd.Timestamp(ends.max()),
        end_precision=_text(closing.get("date_precision")),
    )


# --- what is known and what is not ------------------------------------------------------------


def uncertain_dates(pkg: Package) -> list[str]:
    """Which events do the sources date less precisely than to the day? Those with a
    precision of ``UNCERTAIN`` or no earliest date, in the chapters' order."""
    events = _told(_events(pkg, None, None))
    precision = events.get("date_precision", pd.Series("", index=events.index))
    uncertain = precision.isin(UNCERTAIN) | events["earliest"].isna()
    return [str(i) for i in events[uncertain]["id"]]


@dataclass(frozen=True)
class SourceGap:
    """A quoted source that lacks some of ``SOURCE_FIELDS``: which, in that order."""

    source_id: str
    missing: tuple[str, ...]


def _filled(value: object) -> bool:
    """Whether a cell holds a value: text that is not empty, or anything else not missing."""
    if isinstance(value, str):
        return value != ""
    return value is not None and not bool(pd.isna(value))  # type: ignore[call-overload]


def source_gaps(pkg: Package) -> list[SourceGap]:
    """Which sources the quotes come from leave out an outlet, a publication date or an
    address, and which of these? In the sources table's order. A source nothing is quoted
    from (a gazetteer that only locates a city) needs none of them; a field the package does
    not describe is not missing."""
    sources = _table(pkg, "sources", "id")
    quoted = set(cited_sources(pkg)) if "evidence" in pkg.tables else set()
    fields = [f for f in SOURCE_FIELDS if f in sources.columns]
    chosen = sources[sources["id"].isin(quoted)]
    gaps: list[SourceGap] = []
    for source, *cells in zip(chosen["id"], *(chosen[f] for f in fields), strict=True):
        missing = tuple(f for f, cell in zip(fields, cells, strict=True) if not _filled(cell))
        if missing:
            gaps.append(SourceGap(str(source), missing))
    return gaps


# --- the numbers a reader needs first ---------------------------------------------------------


def key_figures(pkg: Package) -> list[tuple[str, ...]]:
    """Which quantities do the sources give numbers for, and in what order does a reader meet
    them? The figures grouped by event and English label (claims about one quantity), each
    group in the order the sources give its claims; groups in the chapters' order of their
    events (a figure of an event not in the data goes with the first event), then in the
    order their first claim appears in the sources."""
    figures = told(pkg, _table(pkg, "figures", "id", "event_id", "label_en", "evidence_id"))
    groups: dict[tuple[str, str], list[str]] = {}
    for figure, event, label in zip(
        figures["id"], figures["event_id"], figures["label_en"], strict=True
    ):
        groups.setdefault((_text(event), _text(label)), []).append(str(figure))
    rank = {event: i for i, event in enumerate(events_listed(pkg))}
    ordered = sorted(groups.items(), key=lambda group: rank.get(group[0][0], 0))
    return [tuple(ids) for _, ids in ordered]


def _told(events: pd.DataFrame) -> pd.DataFrame:
    """``events`` (from :func:`_events`) in the chapters' order (facts.order.listing_order)."""
    return events.iloc[listing_order(events)]
