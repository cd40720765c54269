"""Changes in this edition: what this edition's data add, remove and change since the previous
edition of the book (talksbook.facts.changes), each row linked to where the book tells it.

The build passes the previous edition's data package (the copy published with it) to the
chapter, or None for a first edition; :func:`compare` reads it through the same validating
loader as any package, and a copy that cannot be read or is not valid is said to be so on the
page, never a failed build. Events link to the page that tells them (a meeting's chapter, the
calls or reactions chapter), and every added or changed row to its evidence row in the
appendix, when the appendix lists it.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Final, Literal
from urllib.parse import quote

from ..data import Package, ValidationError, files, load
from ..data.upgrade import upgrade
from ..data.version import SCHEMA_VERSION, version_of
from ..facts.changes import Changes
from ..facts.changes import compare as compare_editions
from ..html import APPENDIX_PAGE, DOWNLOAD_DIR, PREVIOUS_DOWNLOAD_DIR, Html, el, is_safe_url
from ..paths import DESCRIPTOR_NAME
from ..plan import BookPlan, PlanError, page_name
from ..scope import restrict
from ..words import DEFAULT_LANG, fmt_number
from .common import Row, View, prose, s

__all__ = [
    "MAX_LISTED",
    "PREVIOUS_DOWNLOAD_DIR",
    "Comparison",
    "compare",
    "edition",
    "events",
    "figures",
    "method",
    "sources",
    "statements",
]

#: Where the book publishes the previous edition's data package (the one this edition is
#: compared with), beside its own in ``DOWNLOAD_DIR``, relative to a page.
#: Rows listed per table and kind of change (added, changed, removed); the rest are counted.
MAX_LISTED = 50
#: Sources named one by one in the first section; the rest are counted.
MAX_SOURCES = 20

#: How the previous edition was found: none (this is the first), unreadable, or compared.
State = Literal["first", "unreadable", "compared"]
#: Words for an event's track ("a meeting"); a track without words is left out.
TRACKS: Final = {
    "call": "changes.track.call",
    "meeting": "changes.track.meeting",
    "proposal": "changes.track.proposal",
    "reaction": "changes.track.reaction",
    "background": "changes.track.background",
}
#: Columns whose change each kind of row explains (its date, its title, its amount).
DATE_COLUMNS: Final = ("date_earliest", "date_latest", "date_precision", "date_basis")
AMOUNT_COLUMNS: Final = ("value", "unit", "qualifier", "measure")


@dataclass(frozen=True, eq=False)
class Comparison:
    """This edition's package (as the chapters see it: within the date window) and the
    previous edition's, compared; with the pages of the book, which the links may point at."""

    pkg: Package
    previous: Package | None
    state: State
    changes: Changes
    pages: frozenset[str]
    #: Whether both editions were cut to a date window before they were compared.
    windowed: bool = False

    @cached_property
    def cited(self) -> frozenset[str]:
        """The evidence rows the appendix lists (its anchors: View.listed)."""
        if APPENDIX_PAGE.removesuffix(".html") not in self.pages:
            return frozenset()
        evidence = self.pkg.tables.get("evidence")
        if evidence is None or "id" not in evidence:
            return frozenset()
        view = View(self.pkg)
        return frozenset(i for i in (s(x) for x in evidence["id"].tolist()) if view.listed(i))


def compare(
    pkg: Package,
    previous_data: str | None = None,
    date_from: str | None = None,
    date_to: str | None = None,
    pages: Collection[str] | None = None,
) -> Comparison:
    """``pkg`` (this edition's package, cut to the window) against the package at
    ``previous_data``, cut to the same window; None: this is the first edition. ``pages``:
    the book's page names (the build passes them; by default, those of book/plan.yml)."""
    names = frozenset(pages) if pages is not None else _planned_pages(pkg)
    windowed = bool(date_from or date_to)
    if previous_data is None:
        return Comparison(pkg, None, "first", compare_editions(pkg, None), names, windowed)
    try:
        previous = restrict(_read(Path(previous_data)), date_from, date_to)
    except Exception:  # missing, unreadable or invalid: said on the page, the book still built
        return Comparison(pkg, None, "unreadable", compare_editions(pkg, None), names, windowed)
    return Comparison(pkg, previous, "compared", compare_editions(pkg, previous), names, windowed)


def _read(folder: Path) -> Package:
    """The validated package in ``folder``; one written for an older version of the package
    format is first brought up to date in a scratch copy, as ``talksbook data upgrade`` would
    (an edition published before the upgrade is still compared with)."""
    try:
        return load(folder)
    except ValidationError:
        descriptor = json.loads(files.read_bytes(folder, DESCRIPTOR_NAME))
        if not isinstance(descriptor, dict) or version_of(descriptor) >= SCHEMA_VERSION:
            raise
    with tempfile.TemporaryDirectory() as scratch:
        copy = Path(scratch) / "data"
        for root, _, names in os.walk(folder):  # (links to folders are not followed)
            for name in names:
                relative = (Path(root) / name).relative_to(folder).as_posix()
                try:  # each file read as a package file is: links out of it are left behind
                    content = files.read_bytes(folder, relative, files.MAX_TABLE_BYTES)
                except files.UnsafeFile:
                    continue
                (copy / relative).parent.mkdir(parents=True, exist_ok=True)
                (copy / relative).write_bytes(content)
        upgrade(copy)
        return load(copy)


def _planned_pages(pkg: Package) -> frozenset[str]:
    try:
        return frozenset(c.name for c in BookPlan.load().chapters(pkg))
    except PlanError:
        return frozenset()


# --- links -----------------------------------------------------------------------------------


def _page_of(comparison: Comparison, event: Row | None) -> str | None:
    """The page that tells an event: its meeting's chapter, or the calls or reactions
    chapter; None when the book has no such page."""
    if event is None:
        return None
    track, event_id = s(event.get("track")), s(event.get("id"))
    if track == "meeting" and s(event.get("status")) == "occurred":
        name = page_name("meeting", event_id)
    elif track == "call":
        name = "calls"
    elif track == "reaction":
        name = "reactions"
    else:
        return None
    return f"{name}.html" if name in comparison.pages else None


def _linked(words: Html, href: str | None) -> Html:
    return el("a", words, href=href, class_="changes-told") if href else words


def _downloaded(words: Html, href: str | None) -> Html:
    return el("a", words, href=href, download=True) if href else words


def _event_title(comparison: Comparison, view: View, event_id: str, link: bool) -> Html:
    """An event's title, linked to the page that tells it (``link``, in this edition)."""
    title = view.value(view.title(event_id))
    return _linked(title, _page_of(comparison, view.event(event_id)) if link else None)


def _cite(comparison: Comparison, view: View, row: Row) -> Html:
    """The row's evidence (" (line 5)"), when the appendix lists it."""
    evidence_id = s(row.get("evidence_id"))
    if evidence_id not in comparison.cited:
        return Html()
    return Html(" ") + view.say("cite.wrap", cite=view.cite(evidence_id))


def _download(folder: str, path: str) -> str | None:
    """The link to a published package file, or None if the path cannot be one."""
    href = f"{folder}/{quote(path, safe='/._-')}"
    if not path or ".." in path.split("/") or not is_safe_url(href):
        return None
    return href


# --- the sections ------------------------------------------------------------------------------


@prose
def edition(comparison: Comparison, lang: str = DEFAULT_LANG) -> Html:
    """Whether this is the first edition, the previous one could not be read, nothing changed,
    or how much did; with a table of the changes per table, and what this edition holds."""
    view = View(comparison.pkg, lang)
    changes = comparison.changes
    lead: list[Html] = []
    if comparison.state == "first":
        lead.append(view.say("changes.first"))
    elif comparison.state == "unreadable":
        lead.append(view.say("changes.unreadable"))
    elif not changes.any:
        lead.append(view.say("changes.same"))
    elif changes.rows:
        lead.append(view.say("changes.intro", n=changes.rows))
    versions = (changes.previous_version, changes.version)
    if comparison.state == "compared" and all(versions) and versions[0] != versions[1]:
        lead.append(view.say("changes.version", before=versions[0], after=versions[1]))
    lead.extend(_table_sentences(view, changes) if comparison.state == "compared" else [])
    return view.paragraph(*lead) + _summary(comparison, view) + view.paragraph(*_holds(view))


def _code_list(view: View, names: Sequence[str]) -> Html:
    return view.list([el("code", n) for n in names])


def _table_sentences(view: View, changes: Changes) -> list[Html]:
    sentences = []
    for names, key in (
        (changes.tables_added, "changes.tables.added"),
        (changes.tables_removed, "changes.tables.removed"),
    ):
        if names:
            sentences.append(view.say(key, n=len(names), tables=_code_list(view, names)))
    for table in changes.tables:
        for columns, key in (
            (table.columns_added, "changes.columns.added"),
            (table.columns_removed, "changes.columns.removed"),
        ):
            if columns and table.status == "kept":
                sentences.append(
                    view.say(
                        key,
                        n=len(columns),
                        table=el("code", table.name),
                        columns=_code_list(view, columns),
                    )
                )
    return sentences


def _summary(comparison: Comparison, view: View) -> Html:
    """One row per table with rows added, removed or changed: how many of each."""
    tables = [t for t in comparison.changes.tables if t.rows]
    if comparison.state != "compared" or not tables:
        return Html()
    listed = APPENDIX_PAGE.removesuffix(".html") in comparison.pages
    rows = []
    for table in tables:
        name = el("code", table.name)
        if listed and table.status != "removed":  # the data dictionary describes it
            name = el("a", name, href=f"{APPENDIX_PAGE}#table-{quote(table.name, safe='-_')}")
        rows.append(
            el(
                "tr",
                el("th", name, scope="row"),
                [
                    el("td", fmt_number(len(part), view.lang))
                    for part in (table.added, table.removed, table.changed)
                ],
            )
        )
    head = view.header(
        "changes.column.table",
        "changes.column.added",
        "changes.column.removed",
        "changes.column.changed",
    )
    return el("table", head, el("tbody", rows), class_="changes-summary")


def _holds(view: View) -> list[Html]:
    """What this edition records, and the sources it draws on (each linked to its archived
    copy)."""
    counts = {name: len(view.rows(name)) for name in ("events", "statements", "figures", "sources")}
    sentences = [
        view.say(
            "changes.holds",
            events=view.say("changes.count.events", n=counts["events"]),
            statements=view.say("changes.count.statements", n=counts["statements"]),
            figures=view.say("changes.count.figures", n=counts["figures"]),
        )
    ]
    sources = list(view.rows("sources"))
    if not sources:
        sentences.append(view.say("changes.sources.none"))
        return sentences
    shown, left = view.capped(sources, MAX_SOURCES)
    names = [_source_name(view, row) for row in shown]
    if left:
        names.append(view.say("changes.sources.others", n=left))
    sentences.append(view.say("changes.sources", n=len(sources), sources=view.list(names)))
    return sentences


def _source_name(view: View, row: Row, link: bool = True) -> Html:
    title = view.value(view.source_title(row) or s(row.get("id")))
    href = _download(DOWNLOAD_DIR, s(row.get("path"))) if link else None
    return _downloaded(title, href)


@dataclass(frozen=True)
class Change:
    """A changed row: which columns, and the row as the previous edition had it (``view``:
    the previous edition's)."""

    columns: tuple[str, ...]
    before: Row
    view: View


#: Phrases one row of a table: (comparison, view, row, its change or None, whether the row is
#: in this edition, to be linked).
Item = Callable[[Comparison, View, Row, Change | None, bool], Html]


def _listing(
    comparison: Comparison, lang: str, table: str, headings: tuple[str, str, str], item: Item
) -> Html:
    """The rows of ``table`` added, changed and removed, each kind under its counted heading
    (``headings``: their template keys), at most ``MAX_LISTED`` of each."""
    changes = comparison.changes[table]
    if comparison.state != "compared" or comparison.previous is None or not changes.rows:
        return Html()
    now, before = View(comparison.pkg, lang), View(comparison.previous, lang)
    added = [
        item(comparison, now, _row(now, table, r.row), None, True)
        for r in changes.added[:MAX_LISTED]
    ]
    changed = [
        item(
            comparison,
            now,
            _row(now, table, r.row),
            Change(r.columns, _row(before, table, r.previous_row), before),
            True,
        )
        for r in changes.changed[:MAX_LISTED]
    ]
    removed = [
        item(comparison, before, _row(before, table, r.row), None, False)
        for r in changes.removed[:MAX_LISTED]
    ]
    parts: list[Html] = []
    totals = (len(changes.added), len(changes.changed), len(changes.removed))
    for key, total, items in zip(headings, totals, (added, changed, removed), strict=True):
        if not total:
            continue
        parts.append(el("h3", now.say(key, n=total)))
        parts.append(el("ul", items, class_="changes"))
        if total > len(items):
            parts.append(now.paragraph(now.say("changes.omitted", n=total - len(items))))
    return el("section", parts, class_=f"changes-{table}")


def _row(view: View, table: str, position: int) -> Row:
    return view.rows(table)[position]


def _columns(view: View, change: Change) -> Html:
    return view.say(
        "changes.item.columns",
        n=len(change.columns),
        columns=_code_list(view, change.columns),
    )


def _event_item(
    comparison: Comparison, view: View, row: Row, change: Change | None, current: bool
) -> Html:
    event_id = s(row.get("id"))
    track = TRACKS.get(s(row.get("track")))
    sentence = view.say(
        "changes.item.event",
        title=_event_title(comparison, view, event_id, current),
        kind=view.say(track) if track else view.value(s(row.get("track"))),
        date=view.when(row),
    )
    parts = [sentence, _cite(comparison, view, row) if current else Html()]
    if change is not None:
        details = [_columns(view, change)]
        was, now = change.view.title(event_id), view.title(event_id)
        if was != now:
            details.append(view.say("changes.item.named", before=was))
        if set(DATE_COLUMNS) & set(change.columns):
            was, now = change.view.when(change.before), view.when(row)
            if was != now:
                details.append(view.say("changes.item.date", before=was, after=now))
        parts.append(Html(" ") + Html(" ").join(details))
    return el("li", parts)


def _statement_item(
    comparison: Comparison, view: View, row: Row, change: Change | None, current: bool
) -> Html:
    sentence = view.say(
        "changes.item.statement",
        speaker=view.actor(s(row.get("speaker_id"))),
        event=_event_title(comparison, view, s(row.get("event_id")), current),
        words=view.loc(row, "text"),
    )
    parts = [sentence, _cite(comparison, view, row) if current else Html()]
    if change is not None:
        parts.append(Html(" ") + _columns(view, change))
    return el("li", parts)


def _figure_item(
    comparison: Comparison, view: View, row: Row, change: Change | None, current: bool
) -> Html:
    sentence = view.say(
        "changes.item.figure",
        label=view.loc(row, "label") or s(row.get("id")),
        event=_event_title(comparison, view, s(row.get("event_id")), current),
        amount=view.amount(row),
    )
    parts = [sentence, _cite(comparison, view, row) if current else Html()]
    if change is not None:
        details = [_columns(view, change)]
        was, now = change.view.amount(change.before), view.amount(row)
        if set(AMOUNT_COLUMNS) & set(change.columns) and was != now:
            details.append(view.say("changes.item.amount", before=was, after=now))
        parts.append(Html(" ") + Html(" ").join(details))
    return el("li", parts)


def _source_item(
    comparison: Comparison, view: View, row: Row, change: Change | None, current: bool
) -> Html:
    path = s(row.get("path"))
    href = _download(DOWNLOAD_DIR, path) if current else None
    if path:
        sentence = view.say(
            "changes.item.source",
            title=view.value(view.source_title(row) or s(row.get("id"))),
            file=_downloaded(el("code", path), href),
        )
    else:
        sentence = _source_name(view, row, link=False)
    parts = [sentence]
    if change is not None:
        parts.append(Html(" ") + _columns(view, change))
    return el("li", parts)


@prose
def events(comparison: Comparison, lang: str = DEFAULT_LANG) -> Html:
    """Events added, changed (which columns; the date or title as it was) and removed."""
    headings = ("changes.events.added", "changes.events.changed", "changes.events.removed")
    return _listing(comparison, lang, "events", headings, _event_item)


@prose
def statements(comparison: Comparison, lang: str = DEFAULT_LANG) -> Html:
    """Statements added, changed and removed: who spoke, on what, in what words."""
    headings = (
        "changes.statements.added",
        "changes.statements.changed",
        "changes.statements.removed",
    )
    return _listing(comparison, lang, "statements", headings, _statement_item)


@prose
def figures(comparison: Comparison, lang: str = DEFAULT_LANG) -> Html:
    """Figures added, changed (the amount as it was) and removed."""
    headings = ("changes.figures.added", "changes.figures.changed", "changes.figures.removed")
    return _listing(comparison, lang, "figures", headings, _figure_item)


@prose
def sources(comparison: Comparison, lang: str = DEFAULT_LANG) -> Html:
    """Sources added (linked to their archived copies), changed and removed."""
    headings = ("changes.sources.added", "changes.sources.changed", "changes.sources.removed")
    return _listing(comparison, lang, "sources", headings, _source_item)


@prose
def method(comparison: Comparison, lang: str = DEFAULT_LANG) -> Html:
    """How editions are compared, and both packages for download."""
    view = View(comparison.pkg, lang)
    sentences = [view.say("changes.method.how"), view.say("changes.method.same")]
    if comparison.windowed:
        sentences.append(view.say("changes.method.window"))
    name = el("code", DESCRIPTOR_NAME)
    current = _downloaded(name, f"{DOWNLOAD_DIR}/{DESCRIPTOR_NAME}")
    if comparison.state == "compared":
        previous = _downloaded(name, f"{PREVIOUS_DOWNLOAD_DIR}/{DESCRIPTOR_NAME}")
        download = view.say("changes.method.downloads", current=current, previous=previous)
    else:
        download = view.say("changes.method.download", current=current)
    return view.paragraph(*sentences) + view.paragraph(download)
