"""Who speaks, through which channels and how often, and who is only spoken about?"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import pandas as pd

from ..arabic import count_mentions
from ..data import Package
from ..memo import shared_memo

__all__ = [
    "OTHERS",
    "ChannelGroups",
    "Mentions",
    "SpeakerStatements",
    "StatementCounts",
    "channel_groups",
    "mention_sources",
    "mentioned",
    "speaker_statements",
    "statement_counts",
    "voices",
]

#: The speaker key of the row that gathers the speakers beyond a limit. Actor ids are slugs
#: (no spaces), so it is never the id of an actor.
OTHERS = "other speakers"


def mention_sources(pkg: Package) -> list[str]:
    """The sources whose text mentions are counted in: every archived article, in the order
    of the sources table."""
    sources = pkg["sources"]
    return [s for s in sources[sources["kind"] == "article"]["id"] if s in pkg.texts]


def voices(pkg: Package, source_ids: list[str] | None = None) -> pd.DataFrame:
    """One row per actor, in the order of the actors table: how often its names (every alias)
    occur in the sources (by default every archived article; ``source_ids`` to choose), how
    many statements it makes, and whether it speaks at all."""
    actors = pkg["actors"]["id"]
    mentions = dict.fromkeys(actors, 0)
    for source in mention_sources(pkg) if source_ids is None else source_ids:
        for actor, count in _mentions_in(pkg, source).items():
            mentions[actor] = mentions.get(actor, 0) + count
    spoken = pkg["statements"]["speaker_id"].value_counts()
    frame = pd.DataFrame({"actor_id": list(mentions), "mentions": list(mentions.values())})
    statements = frame["actor_id"].map(spoken).fillna(0).astype(int)
    return frame.assign(statements=statements, speaks=statements > 0)


def _mentions_in(pkg: Package, source_id: str) -> dict[str, int]:
    """Mentions of each actor in one source, counted once per package (the overview's chart
    and its findings both ask)."""
    memo = shared_memo(pkg).setdefault("mentions", {})
    if source_id not in memo:
        aliases = pkg["aliases"]
        pairs = list(zip(aliases["actor_id"], aliases["alias"], strict=True))
        memo[source_id] = count_mentions(pkg.texts[source_id], pairs) if pairs else {}
    return dict(memo[source_id])


# --- who speaks, through which channels, how often --------------------------------------------


@dataclass(frozen=True)
class StatementCounts:
    """How many statements there are, who makes most of them and through which channels."""

    #: Statements in all.
    total: int
    #: Speakers who make them.
    speakers: int
    #: Statements of the busiest speaker (0 when there are none).
    most: int
    #: The speakers with ``most`` statements, by id.
    leaders: tuple[str, ...]
    #: Statements per channel of the one leading speaker, most used first; empty when several
    #: speakers share the lead.
    leader_channels: tuple[tuple[str, int], ...]
    #: Statements per channel, most used first.
    channels: tuple[tuple[str, int], ...]
    #: Statements whose channel the source leaves unspecified.
    unspecified: int
    #: Statements per stance, most frequent first.
    stances: tuple[tuple[str, int], ...]
    #: Speakers of at least one critical statement, in the order of the statements table.
    critical: tuple[str, ...]


@dataclass(frozen=True)
class SpeakerStatements:
    """Statements per speaker row: the busiest speakers, then one ``OTHERS`` row for the rest."""

    #: One row per (speaker row, value of the counted field), in the order the statements
    #: table first gives each pair: ``speaker`` (an actor id or ``OTHERS``), the value,
    #: ``statements``, the outlets that carried them (``outlet_ids``, actor ids), their
    #: ``modes`` (codes) and the speaker row's ``total``.
    cells: pd.DataFrame
    #: One row per speaker row, busiest first and ``OTHERS`` last: ``speaker``,
    #: ``statements``, the actors it stands for (``speaker_ids``) and the outlets that carried
    #: their words other than the speakers themselves (``via``).
    rows: pd.DataFrame
    #: How many speakers the ``OTHERS`` row gathers (0 when there is none).
    others: int


def _statements(pkg: Package, event_id: str | None) -> pd.DataFrame:
    statements = pkg["statements"]
    if event_id is None:
        return statements
    return statements[statements["event_id"] == event_id]


def _per_speaker(statements: pd.DataFrame) -> pd.Series:
    """Statements per speaker id, most first; ties in the order of the ids."""
    return statements.groupby("speaker_id").size().sort_values(ascending=False, kind="stable")


def _distinct(values: Iterable[object]) -> tuple[str, ...]:
    """The non-empty strings among ``values``, once each, in order of first appearance."""
    return tuple(dict.fromkeys(v for v in values if isinstance(v, str) and v))


def _counts(values: pd.Series) -> tuple[tuple[str, int], ...]:
    return tuple((str(value), int(n)) for value, n in values.value_counts().items())


def statement_counts(pkg: Package, event_id: str | None = None) -> StatementCounts:
    """Who speaks, through which channels, and how often: the statements (of one event, or
    all) counted per speaker, channel and stance."""
    statements = _statements(pkg, event_id)
    per_speaker = _per_speaker(statements)
    most = int(per_speaker.iloc[0]) if len(per_speaker) else 0
    leaders = tuple(str(s) for s in per_speaker[per_speaker == most].index)
    leader_channels = (
        _counts(statements[statements["speaker_id"] == leaders[0]]["channel"])
        if len(leaders) == 1
        else ()
    )
    critical = statements[statements["stance"] == "critical"]["speaker_id"].unique()
    return StatementCounts(
        total=len(statements),
        speakers=len(per_speaker),
        most=most,
        leaders=leaders,
        leader_channels=leader_channels,
        channels=_counts(statements["channel"]),
        unspecified=int((statements["channel"] == "unspecified").sum()),
        stances=_counts(statements["stance"]),
        critical=tuple(str(s) for s in critical),
    )


def speaker_statements(
    pkg: Package, by: str, event_id: str | None = None, limit: int = 15
) -> SpeakerStatements:
    """Who speaks through which channel (``by="channel"``) or in what spirit (``by="stance"``):
    the statements (of one event, or all) per speaker and value of ``by``, the ``limit``
    busiest speakers each on a row of their own and the rest gathered on one ``OTHERS`` row."""
    statements = _statements(pkg, event_id)
    keep = set(_per_speaker(statements).index[:limit])
    speaker_ids = statements["speaker_id"]
    data = statements.assign(speaker=speaker_ids.where(speaker_ids.isin(keep), OTHERS))
    cells = data.groupby(["speaker", by], as_index=False, sort=False).agg(
        statements=("id", "size"),
        outlet_ids=("channel_actor_id", _distinct),
        modes=("mode", _distinct),
    )
    totals = (
        cells.groupby("speaker")["statements"].sum().sort_values(ascending=False, kind="stable")
    )
    # The others' row always comes last, whatever its size.
    order = [s for s in totals.index if s != OTHERS] + ([OTHERS] if OTHERS in totals else [])
    members = data.groupby("speaker", sort=False).agg(
        speaker_ids=("speaker_id", _distinct), outlet_ids=("channel_actor_id", _distinct)
    )
    members = members.reindex(order)
    # "The Kremlin via the Kremlin" says nothing: an outlet that is one of the speakers is left
    # out of the outlets a row's words came through.
    via = [
        tuple(o for o in outlets if o not in own)
        for own, outlets in zip(members["speaker_ids"], members["outlet_ids"], strict=True)
    ]
    rows = pd.DataFrame(
        {
            "speaker": order,
            "statements": [int(totals[s]) for s in order],
            "speaker_ids": list(members["speaker_ids"]),
            "via": via,
        }
    )
    gathered = {s: len(ids) for s, ids in zip(order, members["speaker_ids"], strict=True)}
    return SpeakerStatements(
        cells=cells.assign(total=cells["speaker"].map(totals)),
        rows=rows,
        others=gathered.get(OTHERS, 0),
    )


# --- whom the sources talk about --------------------------------------------------------------


@dataclass(frozen=True)
class Mentions:
    """The most mentioned actors of some sources, and how the mentions are spread."""

    #: The most mentioned actors (at most the limit asked for), most mentioned first, ties
    #: in the order of the actors table: ``actor_id``, ``mentions``, ``kind`` (code) and
    #: ``aliases`` (every spelling counted, in the order of the aliases table).
    top: pd.DataFrame
    #: Actors mentioned at least once.
    named: int
    #: Actors in the package.
    actors: int
    #: Spellings (aliases) counted, for every actor.
    aliases: int
    #: Mentions of the most mentioned actor of ``top`` (0 when none is mentioned).
    most: int
    #: The actors of ``top`` with ``most`` mentions.
    leaders: tuple[str, ...]
    #: Mentions of the next most mentioned actor of ``top`` (0 when there is none).
    second: int
    #: The actors of ``top`` with ``second`` mentions.
    runners: tuple[str, ...]


def mentioned(pkg: Package, source_ids: list[str] | None = None, limit: int = 10) -> Mentions:
    """Whom do the sources talk about? The ``limit`` actors most mentioned in the sources (by
    default every archived article; ``source_ids`` to choose), counted by ``voices`` over
    every alias. Raises ValueError when there is no source to count in."""
    sources = mention_sources(pkg) if source_ids is None else source_ids
    if not sources:
        raise ValueError("the package has no archived article to count mentions in")
    counted = voices(pkg, sources)
    found = counted[counted["mentions"] > 0][["actor_id", "mentions"]]
    # voices lists the actors in the order of the actors table: a stable sort keeps it for ties.
    top = found.sort_values("mentions", ascending=False, kind="stable").head(limit)
    actors = pkg["actors"]
    aliases = pkg["aliases"]
    spellings = aliases.groupby("actor_id")["alias"].agg(tuple)
    top = top.assign(
        kind=top["actor_id"].map(actors.set_index("id")["kind"]),
        aliases=[spellings.get(a, ()) for a in top["actor_id"]],
    ).reset_index(drop=True)
    most = int(top["mentions"].max()) if len(top) else 0
    rest = top[top["mentions"] < most]
    second = int(rest["mentions"].iloc[0]) if len(rest) else 0
    return Mentions(
        top=top,
        named=len(found),
        actors=len(actors),
        aliases=len(aliases),
        most=most,
        leaders=tuple(top[top["mentions"] == most]["actor_id"]),
        second=second,
        runners=tuple(rest[rest["mentions"] == second]["actor_id"]),
    )


@dataclass(frozen=True)
class ChannelGroups:
    """Statements by the channel and outlet that carried them: each (channel, outlet id,
    statement ids) group in the order the statements first use it, and how many of the
    statements quote their speaker directly."""

    groups: tuple[tuple[str, str, tuple[str, ...]], ...]
    statements: int
    direct: int


CHANNEL_COLUMNS = ("channel", "channel_actor_id", "mode")


def channel_groups(pkg: Package, statement_ids: Iterable[str]) -> ChannelGroups:
    """Through which channels and outlets did these statements come, and how many are direct
    quotations? Groups in the order of ``statement_ids``."""
    ids = [str(i) for i in statement_ids]
    rows = pkg["statements"].set_index("id")
    groups: dict[tuple[str, str], list[str]] = {}
    direct = 0
    for statement in ids:
        channel, outlet, mode = (
            rows.at[statement, c] for c in ("channel", "channel_actor_id", "mode")
        )
        key = (_text(channel), _text(outlet))
        groups.setdefault(key, []).append(statement)
        direct += _text(mode) == "direct"
    return ChannelGroups(
        tuple((c, o, tuple(found)) for (c, o), found in groups.items()), len(ids), direct
    )


def _text(value: object) -> str:
    return value if isinstance(value, str) else ""
