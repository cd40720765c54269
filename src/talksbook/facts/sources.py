"""Which sources does the book rest on, and how is each one told apart from the others?"""

from __future__ import annotations

from dataclasses import dataclass

from ..data import Package

__all__ = ["SourceLabel", "Support", "cited_sources", "event_support", "source_labels"]


@dataclass(frozen=True)
class SourceLabel:
    """A cited source's place among the cited sources of its kind: the second article is
    (kind "article", number 2, of_kind 2). ``of_all`` counts every cited source: with one,
    a citation need not name it."""

    source_id: str
    kind: str
    number: int
    of_kind: int
    of_all: int


def cited_sources(pkg: Package) -> list[str]:
    """The sources that evidence rows quote, in the order of the sources table."""
    quoted = set(pkg["evidence"]["source_id"])
    return [str(s) for s in pkg["sources"]["id"] if s in quoted]


def source_labels(pkg: Package) -> dict[str, SourceLabel]:
    """The label of every cited source, numbered within its kind in table order."""
    sources = pkg["sources"].set_index("id")
    cited = cited_sources(pkg)
    kinds = [str(sources.at[s, "kind"]) for s in cited]
    labels: dict[str, SourceLabel] = {}
    for source, kind in zip(cited, kinds, strict=True):
        number = sum(1 for k in kinds[: len(labels) + 1] if k == kind)
        labels[source] = SourceLabel(source, kind, number, kinds.count(kind), len(cited))
    return labels


@dataclass(frozen=True)
class Support:
    """The sources that tell of an event (that any evidence about it quotes), in the sources
    table's order, and how many of them are independent of each other: sources from the same
    named outlet count once; a source with no outlet counts on its own."""

    source_ids: tuple[str, ...]
    independent: int


def event_support(pkg: Package) -> dict[str, Support]:
    """How many independent sources support each event? Every evidence row about an event
    counts: the event's own, and those of every table row that names the event (its date
    claims, participants, statements, figures, outcomes, topics)."""
    evidence_source = dict(zip(pkg["evidence"]["id"], pkg["evidence"]["source_id"], strict=True))
    cited: dict[str, set[str]] = {}
    events = pkg["events"]
    pairs = [zip(events["id"], events["evidence_id"], strict=True)]
    for name, table in pkg.tables.items():
        if name != "events" and {"event_id", "evidence_id"} <= set(table.columns):
            pairs.append(zip(table["event_id"], table["evidence_id"], strict=True))
    for event, evidence in (pair for found in pairs for pair in found):
        source = evidence_source.get(evidence)
        if isinstance(source, str) and source:
            cited.setdefault(str(event), set()).add(source)
    sources = pkg["sources"]
    order = [str(i) for i in sources["id"]]
    outlets = {
        str(i): str(o) if isinstance(o, str) and o else f"source:{i}"
        for i, o in zip(sources["id"], sources.get("outlet", [""] * len(sources)), strict=True)
    }
    support: dict[str, Support] = {}
    for event, found in cited.items():
        ids = tuple(i for i in order if i in found)
        support[event] = Support(ids, len({outlets.get(i, i) for i in ids}))
    return support
