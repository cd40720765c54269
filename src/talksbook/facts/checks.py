"""Does the data hold together? The questions the data-and-methods chapter answers.

Which figures are checked against which, and with what verdict; which spellings of a name
vary; how each relative date was resolved; which dates are uncertain and how wide; and how
many rows each table and each coded value has. Rows are given by id (by position for
aliases, which have none), in the order the chapter lists them.
"""

from __future__ import annotations

import difflib
import itertools
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

import pandas as pd

from ..data import Package
from .claims import Gap, common_range, elapsed_fits, figure_range, gap_between
from .dating import date_kinds, dating
from .order import listing_order, source_order

__all__ = [
    "RESOLVED_BASES",
    "VARIANT_SIMILARITY",
    "CodedField",
    "Comparison",
    "DateResolution",
    "ElapsedCheck",
    "FigureCheck",
    "Offset",
    "RowCounts",
    "Spelling",
    "SpellingVariants",
    "archived_sources",
    "coded_fields",
    "date_resolutions",
    "elapsed_check",
    "elapsed_checks",
    "figure_check",
    "figure_checks",
    "occurrences",
    "referenced_events",
    "row_counts",
    "spelling_variants",
    "uncertain_dates",
    "unused_aliases",
]

#: Two spellings of one actor count as variants above this similarity (difflib ratio): enough
#: for one changed letter in a name, well above a metonym such as واشنطن for the United States.
VARIANT_SIMILARITY = 0.75
#: How a date is known when the data resolve it rather than read it: from a weekday word
#: ("on Tuesday") or from the order of events ("after the call").
RESOLVED_BASES = ("resolved-weekday", "relative-day", "inferred-order")
#: An event id as a note names it ("Compare with the dates of call-2022 and call-2025").
_ID = re.compile(r"[a-z0-9][a-z0-9-]*")
#: The columns of :func:`talksbook.facts.dating.dating`, for a package with no events table.
_DATING_COLUMNS = ["event_id", "track", "earliest", "latest", "kind", "days", "precision", "basis"]
#: Where a row whose evidence is unknown sorts: after every quoted span.
_NOWHERE = ("\uffff", 1e18)


# --- reading tables as the chapters do --------------------------------------------------------


def _table(pkg: Package, name: str) -> pd.DataFrame:
    """A table, or an empty one when the package has none (a chapter copes with both)."""
    found = pkg.tables.get(name)
    return pd.DataFrame() if found is None else found


def _text(value: object) -> str:
    return value if isinstance(value, str) else ""


def _texts(frame: pd.DataFrame, column: str) -> list[str]:
    """A column as text per row ("" for a missing cell, or for every row when there is no
    such column)."""
    if column not in frame:
        return [""] * len(frame)
    return [_text(v) for v in frame[column].tolist()]


def _values(frame: pd.DataFrame, column: str) -> list[Any]:
    return frame[column].tolist() if column in frame else [None] * len(frame)


# --- claims about one quantity ----------------------------------------------------------------


@dataclass(frozen=True)
class Comparison:
    """One claim set against the lead claim of its quantity: whether the two share a value."""

    figure_id: str
    fits: bool


@dataclass(frozen=True)
class FigureCheck:
    """Claims about one quantity side by side. ``figure_ids``: every claim, in the order
    given; ``lead_id``: the claim the others are tested against (the first exact one, the
    easiest to test against, else the first with a value), ``lead_exact`` whether it is
    exact; ``against``: each other claim with a value, against the lead; ``consistent``:
    whether every claim with a value can be true at once."""

    figure_ids: tuple[str, ...]
    lead_id: str
    lead_exact: bool
    against: tuple[Comparison, ...]
    consistent: bool


def _check(figures: Sequence[Mapping[str, Any]]) -> FigureCheck | None:
    """Compare figure rows (mappings with id, value, qualifier) about one quantity."""
    ranged = [(f, r) for f in figures if (r := figure_range(f)) is not None]
    if len(ranged) < 2:
        return None
    lead, lead_range = next((p for p in ranged if _text(p[0]["qualifier"]) == "exact"), ranged[0])
    return FigureCheck(
        figure_ids=tuple(_text(f["id"]) for f in figures),
        lead_id=_text(lead["id"]),
        lead_exact=_text(lead["qualifier"]) == "exact",
        against=tuple(
            Comparison(_text(f["id"]), lead_range.meets(r)) for f, r in ranged if f is not lead
        ),
        consistent=common_range(r for _, r in ranged) is not None,
    )


def _figure_rows(pkg: Package) -> list[dict[str, Any]]:
    figures = _table(pkg, "figures")
    columns = {
        "id": _texts(figures, "id"),
        "event_id": _texts(figures, "event_id"),
        "label_en": _texts(figures, "label_en"),
        "measure": _texts(figures, "measure"),
        "value": _values(figures, "value"),
        "qualifier": _values(figures, "qualifier"),
        "unit": _values(figures, "unit"),
        "note": _texts(figures, "note"),
        "evidence_id": _texts(figures, "evidence_id"),
    }
    return [dict(zip(columns, row, strict=True)) for row in zip(*columns.values(), strict=True)]


def figure_check(pkg: Package, figure_ids: Sequence[str]) -> FigureCheck | None:
    """Do these claims about one quantity agree (a call's durations, say), in the order
    given? None when fewer than two of them have a value: nothing to compare."""
    by_id = {f["id"]: f for f in _figure_rows(pkg)}
    return _check([by_id[i] for i in figure_ids if i in by_id])


def figure_checks(pkg: Package) -> list[FigureCheck]:
    """Which claims about one quantity (same event and label) can be set side by side, and
    do they agree? Every such group with two claims or more that have a value, each group in
    article order, groups in the order their first claim appears. Units are not compared:
    claims about one quantity are taken to share one."""
    rows = _figure_rows(pkg)
    groups: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for i in source_order(pkg, [f["evidence_id"] for f in rows]):
        groups.setdefault((rows[i]["event_id"], rows[i]["label_en"]), []).append(rows[i])
    return [check for group in groups.values() if (check := _check(group)) is not None]


# --- elapsed time between events --------------------------------------------------------------


@dataclass(frozen=True)
class ElapsedCheck:
    """An elapsed-time claim set against the events its note names: the first two, in the
    note's order (``since_id``, ``until_id``), the time between them from their dates
    (``gap``, closed at both ends), and whether the claim fits it (None when the figure's
    unit is not a time or it has no value)."""

    figure_id: str
    since_id: str
    until_id: str
    gap: Gap
    fits: bool | None


def _event_dates(pkg: Package) -> dict[str, dict[str, Any]]:
    """Each event's date bounds by id (the last row wins a repeated id, as in a lookup)."""
    events = _table(pkg, "events")
    ids = _texts(events, "id")
    bounds = zip(_values(events, "date_earliest"), _values(events, "date_latest"), strict=True)
    return {
        i: {"date_earliest": first, "date_latest": last}
        for i, (first, last) in zip(ids, bounds, strict=True)
    }


def referenced_events(note: str, event_ids: Iterable[str]) -> list[str]:
    """Which events does a note name by id ("Compare with the dates of a and b")? Each
    once, in the note's order; only ids among ``event_ids``."""
    known = set(event_ids)
    return list(dict.fromkeys(token for token in _ID.findall(note) if token in known))


def _elapsed(
    figure: Mapping[str, Any], dates: Mapping[str, Mapping[str, Any]]
) -> ElapsedCheck | None:
    named = referenced_events(figure["note"], dates)
    if len(named) < 2:
        return None
    gap = gap_between(dates[named[0]], dates[named[1]])
    if gap is None or gap.open_ended:
        return None
    return ElapsedCheck(figure["id"], named[0], named[1], gap, elapsed_fits(figure, gap))


def elapsed_check(pkg: Package, figure_id: str) -> ElapsedCheck | None:
    """Does an elapsed-time claim fit the dates of the two events its note names? None when
    the figure is not in the package, its note names fewer than two events, or their dates
    do not bound the time between them."""
    figure = next((f for f in _figure_rows(pkg) if f["id"] == figure_id), None)
    return None if figure is None else _elapsed(figure, _event_dates(pkg))


def elapsed_checks(pkg: Package) -> list[ElapsedCheck]:
    """Which elapsed-time claims can be set against the dates, and do they fit? Every
    elapsed figure with a verdict (see :func:`elapsed_check`), in article order."""
    rows = [f for f in _figure_rows(pkg) if f["measure"] == "elapsed"]
    dates = _event_dates(pkg)
    found = (_elapsed(rows[i], dates) for i in source_order(pkg, [f["evidence_id"] for f in rows]))
    return [check for check in found if check is not None and check.fits is not None]


# --- spellings of one name --------------------------------------------------------------------


@dataclass(frozen=True)
class Spelling:
    """One spelling of a name: its row in the aliases table (by position), the spelling, and
    the lines of its source where it occurs."""

    alias_row: int
    alias: str
    lines: tuple[int, ...]


@dataclass(frozen=True)
class SpellingVariants:
    """The near-identical spellings one source uses for one actor, in the order they are
    first paired."""

    actor_id: str
    source_id: str
    spellings: tuple[Spelling, ...]


def occurrences(text: str, needle: str) -> list[int]:
    """On which lines (1-based) does ``needle`` occur in ``text``? One entry per occurrence
    (overlapping ones are not counted twice)."""
    lines, start = [], text.find(needle) if needle else -1
    while start != -1:
        lines.append(text.count("\n", 0, start) + 1)
        start = text.find(needle, start + len(needle))
    return lines


def _variants(aliases: Sequence[str], contents: Sequence[tuple[Any, ...]]) -> list[int]:
    """The positions, among one actor's spellings in one source, of those that have a near
    twin: pairs in order, each row once (a repeated row counts once)."""
    found: list[int] = []
    for a, b in itertools.combinations(range(len(aliases)), 2):
        x, y = aliases[a], aliases[b]
        if x in y or y in x:
            continue  # a surname inside a full name is not a variant
        if difflib.SequenceMatcher(None, x, y).ratio() >= VARIANT_SIMILARITY:
            found.extend(r for r in (a, b) if contents[r] not in [contents[f] for f in found])
    return found


def spelling_variants(pkg: Package) -> list[SpellingVariants]:
    """Which actors does a source name with two near-identical spellings (one letter apart,
    say), and on which lines? Per (actor, source), in the order the aliases table first
    gives each pair; aliases with no source are not compared."""
    aliases = _table(pkg, "aliases")
    actors, spelled, sources = (
        _texts(aliases, "actor_id"),
        _texts(aliases, "alias"),
        _texts(aliases, "occurs_in"),
    )
    contents = list(aliases.itertuples(index=False, name=None))
    by_pair: dict[tuple[str, str], list[int]] = {}
    for row, (actor, source) in enumerate(zip(actors, sources, strict=True)):
        if source:
            by_pair.setdefault((actor, source), []).append(row)
    found: list[SpellingVariants] = []
    for (actor, source), rows in by_pair.items():
        variants = _variants([spelled[r] for r in rows], [contents[r] for r in rows])
        if not variants:
            continue
        text = pkg.texts.get(source, "")
        spellings = tuple(
            Spelling(rows[v], spelled[rows[v]], tuple(occurrences(text, spelled[rows[v]])))
            for v in variants
        )
        found.append(SpellingVariants(actor, source, spellings))
    return found


def unused_aliases(pkg: Package) -> list[int]:
    """Which spellings does no source use (an alias with no source)? Their rows in the
    aliases table, by position."""
    return [i for i, source in enumerate(_texts(_table(pkg, "aliases"), "occurs_in")) if not source]


# --- dates the data resolve -------------------------------------------------------------------

#: Where a resolved date falls from its anchor event's first day: some days before or after
#: it, the same day, not before it (an open interval that starts there), or at no fixed
#: distance (an open interval starting elsewhere, or a bound missing).
Offset = Literal["before", "after", "same", "not_before", "none"]


@dataclass(frozen=True)
class DateResolution:
    """How one date expression was resolved. ``statement_id``: the statement it dates, when
    that statement is in the package (else the claim dates its event); ``kind``: its interval
    (see ``facts.dating.DATE_KINDS``); ``anchor_id``: the event it was resolved from, when in
    the package; ``offset`` and ``days`` (how many, for before and after; else 0): where it
    falls from the anchor's first day."""

    claim_id: str
    statement_id: str | None
    kind: str
    anchor_id: str | None
    offset: Offset
    days: int


def _offset(
    first: pd.Timestamp | None, last: pd.Timestamp | None, anchor: pd.Timestamp | None
) -> tuple[Offset, int]:
    if first is None or anchor is None:
        return "none", 0
    if last is None:  # an open interval starts at the anchor, or at no fixed distance from it
        return ("not_before" if first == anchor else "none"), 0
    days = int((first - anchor).days)
    if days == 0:
        return "same", 0
    return ("before" if days < 0 else "after"), abs(days)


def _stamp(value: Any) -> pd.Timestamp | None:
    return None if pd.isna(value) else pd.Timestamp(value)


def date_resolutions(pkg: Package) -> list[DateResolution]:
    """Which date expressions do the data resolve rather than read (a weekday word, the order
    of events), to what, and how far from their anchor? In article order."""
    claims = _table(pkg, "date_claims")
    if claims.empty:
        return []
    bases = _texts(claims, "basis")
    chosen = claims[[b in RESOLVED_BASES for b in bases]]
    order = source_order(pkg, _texts(chosen, "evidence_id"))
    chosen = chosen.iloc[order]
    earliest = pd.to_datetime(chosen["earliest"]).reset_index(drop=True)
    latest = pd.to_datetime(chosen["latest"]).reset_index(drop=True)
    kinds = date_kinds(earliest, latest)
    statements = set(_texts(_table(pkg, "statements"), "id"))
    anchors = {i: bounds["date_earliest"] for i, bounds in _event_dates(pkg).items()}
    found: list[DateResolution] = []
    for row, (claim, statement, anchor) in enumerate(
        zip(
            _texts(chosen, "id"),
            _texts(chosen, "statement_id"),
            _texts(chosen, "anchor_event_id"),
            strict=True,
        )
    ):
        anchor_id = anchor if anchor in anchors else None
        offset, days = _offset(
            _stamp(earliest[row]),
            _stamp(latest[row]),
            None if anchor_id is None else _stamp(anchors[anchor_id]),
        )
        found.append(
            DateResolution(
                claim_id=claim,
                statement_id=statement if statement in statements else None,
                kind=str(kinds[row]),
                anchor_id=anchor_id,
                offset=offset,
                days=days,
            )
        )
    return found


def uncertain_dates(pkg: Package) -> pd.DataFrame:
    """Which events do the sources date less precisely than to the day (to a month or a year,
    by one bound, or not at all), and how wide is each interval? The rows of
    :func:`talksbook.facts.dating.dating` for events whose precision is not "day" (nor given
    as any), in the order chapters list events (:func:`listing_order`)."""
    events = pkg.tables.get("events")
    if events is None:
        return pd.DataFrame(columns=_DATING_COLUMNS)
    ids = _texts(events, "id")
    precisions = _texts(events, "date_precision")
    chosen = [ids[i] for i in listing_order(events) if precisions[i] != "day"]
    return dating(pkg).set_index("event_id").loc[chosen].reset_index()


# --- rows and codes ---------------------------------------------------------------------------


@dataclass(frozen=True)
class RowCounts:
    """How many rows each table of the descriptor has, in its order (0 for a table the
    package lacks)."""

    tables: tuple[tuple[str, int], ...]

    def of(self, name: str) -> int:
        """The rows of one table (0 when the descriptor does not list it)."""
        return next((n for table, n in self.tables if table == name), 0)

    @property
    def total(self) -> int:
        """Every row of every table: what the downloads account for."""
        return sum(n for _, n in self.tables)


def _resources(pkg: Package) -> list[dict[str, Any]]:
    return list(pkg.descriptor.get("resources", []))


def row_counts(pkg: Package) -> RowCounts:
    """How many rows does each table have, and the package in all?"""
    names = [str(r.get("name", "")) for r in _resources(pkg)]
    return RowCounts(tuple((n, len(_table(pkg, n))) for n in names))


def archived_sources(pkg: Package) -> list[str]:
    """Which sources does the package archive (a copy at a path)? Their ids, in the sources
    table's order."""
    sources = _table(pkg, "sources")
    return [
        i for i, path in zip(_texts(sources, "id"), _texts(sources, "path"), strict=True) if path
    ]


@dataclass(frozen=True)
class CodedField:
    """A coded field (an enum in the descriptor): each allowed value, in the schema's order,
    with how many rows hold it."""

    resource: str
    field: str
    counts: tuple[tuple[str, int], ...]


def coded_fields(pkg: Package) -> list[CodedField]:
    """How often does each code occur? Every field the descriptor gives allowed values, in
    its order, resource by resource."""
    found: list[CodedField] = []
    for resource in _resources(pkg):
        name = str(resource.get("name", ""))
        frame = pkg.tables.get(name)
        for spec in resource.get("schema", {}).get("fields", []):
            values = spec.get("constraints", {}).get("enum")
            if not values:
                continue
            column = str(spec.get("name", ""))
            # Counted by pandas: one pass per column, not one per value.
            held = (
                frame[column].value_counts()
                if frame is not None and column in frame
                else pd.Series(dtype=int)
            )
            counts = tuple((str(v), int(held.get(str(v), 0))) for v in values)
            found.append(CodedField(name, column, counts))
    return found
