"""Data and methods: the data dictionary generated from the descriptor, the coding scheme,
every evidence span (each row an anchor that the chapters link to), the consistency checks, and
downloads. Every row of every table is accounted for: evidence in full, the rest counted and
offered for download. Last, the build manifest: what the book was built from."""

from __future__ import annotations

import datetime as dt
import difflib
import functools
import itertools
from collections.abc import Callable, Mapping
from typing import Any
from urllib.parse import quote

import pandas as pd

from ..data import Package
from ..html import DOWNLOAD_DIR, Html, ar, el, is_safe_url
from ..words import DEFAULT_LANG, direction, fmt_list, fmt_number, say
from .checks import (
    Gap,
    Verdict,
    compare,
    elapsed_sentence,
    figure_groups,
    gap,
    gap_words,
    referenced_events,
)
from .common import Row, View, header, num, prose, s, ts

#: Two spellings of one actor count as variants above this similarity (difflib ratio): enough
#: for one changed letter in a name, well above a metonym such as واشنطن for the United States.
VARIANT_SIMILARITY = 0.75
RESOLVED_BASES = ("resolved-weekday", "inferred-order")
#: Evidence rows listed in full; beyond that the table is counted and left to evidence.csv
#: (at 200 bytes of Arabic and English a row, 200,000 rows would be a 100 MB page).
MAX_EVIDENCE = 250
#: Rows listed per consistency check (figures, resolved dates, uncertain dates), and
#: archived sources linked one by one.
MAX_CHECKS = 40
#: Where the pipeline publishes the build manifest, relative to the appendix page.
MANIFEST_FILE = "build.json"
#: Groups of input files in the manifest, with the words for each.
MANIFEST_GROUPS = {
    "data": "manifest.group.data",
    "notebooks": "manifest.group.notebooks",
    "book": "manifest.group.book",
}


def _count(view: View, name: str) -> int:
    """Rows of a table, without turning them into dicts."""
    frame = view.pkg.tables.get(name)
    return 0 if frame is None else len(frame)


def _resources(view: View) -> list[dict[str, Any]]:
    return list(view.pkg.descriptor.get("resources", []))


def _fields(resource: dict[str, Any]) -> list[dict[str, Any]]:
    return list(resource.get("schema", {}).get("fields", []))


def _keys(value: Any) -> list[str]:
    if not value:
        return []
    return [value] if isinstance(value, str) else list(value)


def _download(view: View, path: str, label: Html | str | None = None) -> Html:
    """A download link into the copied data folder, or the bare path if it is not a safe URL."""
    href = f"{DOWNLOAD_DIR}/{quote(path, safe='/._-')}"
    if not is_safe_url(href) or ".." in path.split("/"):
        return el("code", path)
    return el("a", label if label is not None else el("code", path), href=href, download=True)


# --- data dictionary -----------------------------------------------------------------------


def _constraints(view: View, field: dict[str, Any]) -> Html:
    constraints = dict(field.get("constraints", {}))
    constraints.pop("required", None)
    parts: list[Html] = []
    for name, value in constraints.items():
        if name == "unique" and value:
            parts.append(view.say("dictionary.constraint.unique"))
        elif name == "enum":
            parts.append(
                view.say(
                    "dictionary.constraint.enum",
                    values=Html(", ").join(el("code", str(v)) for v in value),
                )
            )
        elif name == "pattern":
            parts.append(view.say("dictionary.constraint.pattern", pattern=el("code", str(value))))
        elif name == "maxLength" and isinstance(value, int):
            parts.append(
                view.say("dictionary.constraint.max_length", value=fmt_number(value, view.lang))
            )
        elif name in ("minimum", "maximum") and isinstance(value, int | float):
            key = (
                "dictionary.constraint.minimum"
                if name == "minimum"
                else ("dictionary.constraint.maximum")
            )
            parts.append(view.say(key, value=fmt_number(value, view.lang)))
        else:
            parts.append(view.say("dictionary.constraint.other", name=name, value=str(value)))
    return Html("; ").join(parts)


def _resource_title(view: View, resource: dict) -> str:
    """A table's title in the edition's language: ``title_<lang>`` in the descriptor (a
    property of this package's own), else its ``title``, else its name."""
    return str(resource.get(f"title_{view.lang}") or resource.get("title") or resource["name"])


def _field_row(view: View, field: dict[str, Any]) -> Html:
    required = bool(field.get("constraints", {}).get("required"))
    return el(
        "tr",
        el("th", el("code", str(field.get("name", ""))), scope="row"),
        el("td", str(field.get("type", "string"))),
        el("td", view.say("dictionary.yes" if required else "dictionary.no")),
        el("td", _constraints(view, field)),
        el("td", str(field.get("description", ""))),
    )


def _resource_section(view: View, resource: dict[str, Any]) -> Html:
    name = str(resource.get("name", ""))
    schema = resource.get("schema", {})
    rows = _count(view, name)
    keys = [
        view.say("dictionary.rows", n=rows, file=el("code", str(resource.get("path", "")))),
    ]
    primary = _keys(schema.get("primaryKey"))
    if primary:
        keys.append(
            view.say(
                "dictionary.primary_key",
                fields=view.list([el("code", k) for k in primary]),
            )
        )
    for foreign in schema.get("foreignKeys", []):
        reference = foreign.get("reference", {})
        keys.append(
            view.say(
                "dictionary.foreign_key",
                fields=view.list([el("code", k) for k in _keys(foreign.get("fields"))]),
                target=el(
                    "a",
                    el(
                        "code",
                        f"{reference.get('resource') or name}."
                        + ", ".join(_keys(reference.get("fields"))),
                    ),
                    href=f"#table-{quote(str(reference.get('resource') or name), safe='-_')}",
                ),
            )
        )
    head = view.header(
        "dictionary.column.field",
        "dictionary.column.type",
        "dictionary.column.required",
        "dictionary.column.constraints",
        "dictionary.column.description",
    )
    table = el(
        "table",
        head,
        el("tbody", [_field_row(view, f) for f in _fields(resource)]),
        class_="data-dictionary",
    )
    return el(
        "section",
        el("h3", view.say("dictionary.resource", title=_resource_title(view, resource), name=name)),
        el("p", str(resource.get("description", ""))),
        view.paragraph(*keys),
        table,
        id=f"table-{name}",
        class_="resource",
    )


@prose
def dictionary(pkg: Package, lang: str = DEFAULT_LANG) -> Html:
    """The data dictionary, generated from datapackage.json: every table and every field."""
    view = View(pkg, lang)
    descriptor = pkg.descriptor
    intro = view.paragraph(
        view.say(
            "dictionary.intro",
            title=str(descriptor.get("title", "")),
            version=str(descriptor.get("version", "")),
            n=len(_resources(view)),
        ),
        view.say("dictionary.description", description=str(descriptor.get("description", "")))
        if descriptor.get("description")
        else Html(),
        view.say(
            "dictionary.licences",
            licences=view.list(
                [str(x.get("title") or x.get("name", "")) for x in descriptor.get("licenses", [])]
            ),
        )
        if descriptor.get("licenses")
        else Html(),
    )
    return intro + Html().join(_resource_section(view, r) for r in _resources(view))


# --- coding scheme -------------------------------------------------------------------------


@prose
def coding_scheme(pkg: Package, lang: str = DEFAULT_LANG) -> Html:
    """Every coded field (an enum in the descriptor) with its values and how often each occurs."""
    view = View(pkg, lang)
    rows: list[Html] = []
    for resource in _resources(view):
        name = str(resource.get("name", ""))
        frame = view.pkg.tables.get(name)
        for field in _fields(resource):
            values = field.get("constraints", {}).get("enum")
            if not values:
                continue
            column = str(field.get("name", ""))
            # Counted by pandas: one pass per column, not one per value over row dicts.
            found = (
                frame[column].value_counts()
                if frame is not None and column in frame
                else pd.Series(dtype=int)
            )
            counts = [
                view.say(
                    "scheme.value",
                    value=el("code", str(v)),
                    count=int(found.get(str(v), 0)),
                )
                for v in values
            ]
            rows.append(
                el(
                    "tr",
                    el("th", el("code", f"{name}.{column}"), scope="row"),
                    el("td", Html(", ").join(counts)),
                    el("td", str(field.get("description", ""))),
                )
            )
    if not rows:
        return Html()
    head = view.header("scheme.column.field", "scheme.column.values", "scheme.column.meaning")
    return view.paragraph(view.say("scheme.intro", n=len(rows))) + el(
        "table", head, el("tbody", rows), class_="coding-scheme"
    )


# --- evidence ------------------------------------------------------------------------------


@prose
def evidence(pkg: Package, lang: str = DEFAULT_LANG) -> Html:
    """Every evidence span, in article order, each row an anchor ``id="{evidence_id}"``;
    beyond ``MAX_EVIDENCE`` rows, the first ones, and a count of the rest."""
    view = View(pkg, lang)
    # (Sorting evidence rows by the position of their "evidence_id" kept them in file order,
    # as they have no such column: the table is listed as the file has it, without sorting,
    # and at scale without reading the rows that are left out.)
    every = view.rows("evidence")
    if not every:
        return view.paragraph(view.say("evidence.none"))
    rows, left = view.capped(every, MAX_EVIDENCE)
    sources = view.by_id("sources")
    body = [
        el(
            "tr",
            el("th", el("code", s(r.get("id"))), scope="row"),
            el(
                "td", view.source_title(sources.get(s(r.get("source_id")))) or s(r.get("source_id"))
            ),
            el(
                "td",
                view.say(
                    "evidence.position",
                    line=_int(r.get("line")),
                    start=_int(r.get("start")),
                    end=_int(r.get("end")),
                ),
            ),
            el("td", view.label("evidence.kind", s(r.get("kind")))),
            el("td", s(r.get("exact")), dir="rtl", lang="ar", class_="ar"),
            el("td", s(r.get("text_en")), class_="quote-en", lang="en"),
            id=s(r.get("id")),
            class_="evidence-row",
        )
        for r in rows
    ]
    head = view.header(
        "evidence.column.id",
        "evidence.column.source",
        "evidence.column.position",
        "evidence.column.kind",
        "evidence.column.arabic",
        "evidence.column.english",
    )
    intro = (
        view.omitted(len(rows), len(every), "evidence")
        if left
        else view.paragraph(view.say("evidence.intro", n=len(rows)))
    )
    return intro + el("table", head, el("tbody", body), class_="evidence")


def _int(value: object) -> str:
    number = num(value)
    return "" if number is None else str(int(number))


# --- consistency checks --------------------------------------------------------------------


def figure_checks(view: View) -> Html:
    """Claims about the same quantity side by side, and elapsed times against event dates."""
    # Every check is counted; only the first MAX_CHECKS are written out.
    items: list[Callable[[], Html]] = []
    for group in figure_groups(view):
        verdict = compare(view, group)
        if verdict is not None:
            items.append(functools.partial(_figure_item, view, group, verdict))
    for figure in view.in_article_order(view.where("figures", measure="elapsed")):
        events = referenced_events(view, figure)
        span = gap(events[0], events[1]) if len(events) >= 2 else None
        sentence = elapsed_sentence(view, figure, span) if span is not None else Html()
        if span is None or not sentence:
            continue
        items.append(functools.partial(_elapsed_item, view, figure, events, span, sentence))
    if not items:
        return view.paragraph(view.say("checks.figures.none"))
    listed = [make() for make in items[:MAX_CHECKS]]
    return el("ul", listed, class_="figure-checks") + view.omitted(
        len(listed), len(items), "figures"
    )


def _figure_item(view: View, group: list[Row], verdict: Verdict) -> Html:
    claims = view.list(view.claims(group))
    return el(
        "li",
        view.say(
            "checks.figures.item",
            label=view.loc(group[0], "label"),
            title=view.title(s(group[0].get("event_id"))),
            claims=claims,
        ),
        " ",
        verdict.sentence,
        class_="check-ok" if verdict.consistent else "check-conflict",
    )


def _elapsed_item(view: View, figure: Row, events: list[Row], span: Gap, sentence: Html) -> Html:
    return el(
        "li",
        view.say(
            "checks.elapsed.item",
            label=view.loc(figure, "label"),
            start=view.title(s(events[0].get("id"))),
            end=view.title(s(events[1].get("id"))),
            span=gap_words(view, span),
        ),
        " ",
        sentence,
    )


def _occurrences(text: str, needle: str) -> list[int]:
    """Line numbers (1-based) of every occurrence of ``needle`` in ``text``."""
    lines, start = [], text.find(needle) if needle else -1
    while start != -1:
        lines.append(text.count("\n", 0, start) + 1)
        start = text.find(needle, start + len(needle))
    return lines


def spelling_variants(view: View) -> Html:
    """Actors the source names with two near-identical spellings (one letter apart, say)."""
    items: list[Html] = []
    by_actor: dict[tuple[str, str], list[Row]] = {}
    for row in view.rows("aliases"):
        if s(row.get("occurs_in")):
            by_actor.setdefault((s(row.get("actor_id")), s(row.get("occurs_in"))), []).append(row)
    for (actor_id, source_id), rows in by_actor.items():
        variants: list[Row] = []
        for a, b in itertools.combinations(rows, 2):
            x, y = s(a.get("alias")), s(b.get("alias"))
            if x in y or y in x:
                continue  # a surname inside a full name is not a variant
            if difflib.SequenceMatcher(None, x, y).ratio() >= VARIANT_SIMILARITY:
                variants.extend(r for r in (a, b) if r not in variants)
        if not variants:
            continue
        text = view.pkg.texts.get(source_id, "")
        spellings = []
        for row in variants:
            lines = _occurrences(text, s(row.get("alias")))
            spellings.append(
                view.say(
                    "checks.variants.spelling",
                    alias=ar(s(row.get("alias"))),
                    lines=view.list([fmt_number(n, view.lang, grouping=False) for n in lines])
                    or view.text("checks.variants.no_lines"),
                    n=len(lines),
                    note=s(row.get("note")) or view.text("checks.variants.no_note"),
                )
            )
        items.append(
            el(
                "li",
                view.say("checks.variants.item", actor=view.actor(actor_id), n=len(variants)),
                " ",
                view.list(spellings),
            )
        )
    unused = [r for r in view.rows("aliases") if not s(r.get("occurs_in"))]
    parts = [
        el("ul", items, class_="spelling-variants")
        if items
        else view.paragraph(view.say("checks.variants.none"))
    ]
    if unused:
        parts.append(
            view.paragraph(
                view.say(
                    "checks.variants.unused",
                    n=len(unused),
                    spellings=view.list(
                        [
                            view.say(
                                "checks.variants.unused_item",
                                alias=ar(s(r.get("alias"))),
                                actor=view.actor(s(r.get("actor_id"))),
                            )
                            for r in unused
                        ]
                    ),
                )
            )
        )
    return Html().join(parts)


def _offset(view: View, claim_day: Any, claim_last: Any, anchor_day: Any) -> str:
    first, last, anchor = ts(claim_day), ts(claim_last), ts(anchor_day)
    if first is None or anchor is None:
        return ""
    if last is None:  # an open interval starts at the anchor, or at no fixed distance from it
        return view.text("offset.not_before" if first == anchor else "offset.none")
    days = (first - anchor).days
    if days == 0:
        return view.text("offset.same")
    return view.text("offset.before" if days < 0 else "offset.after", n=abs(days))


def date_resolutions(view: View) -> Html:
    """Date expressions the data resolve rather than read: weekday words and event order."""
    claims = [
        c
        for c in view.in_article_order(view.rows("date_claims"))
        if s(c.get("basis")) in RESOLVED_BASES
    ]
    if not claims:
        return view.paragraph(view.say("checks.dates.none"))
    statements = view.by_id("statements")
    rows = []
    for claim in claims[:MAX_CHECKS]:
        statement = statements.get(s(claim.get("statement_id")))
        if statement is not None:
            subject = view.say(
                "checks.dates.statement",
                speaker=view.actor(s(statement.get("speaker_id"))),
                title=view.title(s(statement.get("event_id"))),
            )
        else:
            subject = view.say("checks.dates.event", title=view.title(s(claim.get("event_id"))))
        first, last = ts(claim.get("earliest")), ts(claim.get("latest"))
        resolved = (
            view.weekday_date(first)
            if first is not None and first == last
            else view.text("date.undated")
            if first is None and last is None
            else _interval(view, first, last)
        )
        anchor = view.event(s(claim.get("anchor_event_id")))
        anchor_cell: Html = Html()
        if anchor is not None:
            anchor_cell = view.say(
                "checks.dates.anchor",
                title=view.title(s(anchor.get("id"))),
                date=view.weekday_date(anchor.get("date_earliest"))
                if ts(anchor.get("date_earliest"))
                else view.when(anchor),
                offset=_offset(view, first, last, anchor.get("date_earliest"))
                or view.text("offset.none"),
            )
        rows.append(
            el(
                "tr",
                el(
                    "td",
                    ar(s(claim.get("stated_ar"))),
                    " ",
                    s(claim.get("stated_en")),
                    " ",
                    view.cite(s(claim.get("evidence_id"))),
                ),
                el("td", subject),
                el("td", view.label("basis", s(claim.get("basis")))),
                el("td", resolved),
                el("td", anchor_cell),
                el("td", view.value(s(claim.get("note")))),
                id=f"date-claim-{s(claim.get('id'))}",
            )
        )
    head = view.header(
        "checks.dates.column.expression",
        "checks.dates.column.dates",
        "checks.dates.column.basis",
        "checks.dates.column.resolved",
        "checks.dates.column.anchor",
        "checks.dates.column.note",
    )
    return el("table", head, el("tbody", rows), class_="date-resolutions") + view.omitted(
        len(rows), len(claims), "date_claims"
    )


def _interval(view: View, first: Any, last: Any) -> str:
    from ..words import fmt_interval

    return fmt_interval(first, last, "day", "stated", view.lang)


def uncertain_dates(view: View) -> Html:
    """Events the sources date only to a month or year, with one bound, or not at all."""
    events = [e for e in view.events() if s(e.get("date_precision")) != "day"]
    if not events:
        return view.paragraph(view.say("checks.uncertain.none"))
    rows = [
        el(
            "tr",
            el("th", view.title(s(e.get("id"))), scope="row"),
            el("td", view.when(e)),
            el("td", view.label("precision", s(e.get("date_precision")))),
            el("td", view.value(view.loc(e, "date_note"))),
            el("td", view.cite(s(e.get("evidence_id")))),
        )
        for e in events[:MAX_CHECKS]
    ]
    head = view.header(
        "checks.uncertain.column.event",
        "checks.uncertain.column.date",
        "checks.uncertain.column.precision",
        "checks.uncertain.column.note",
        "checks.uncertain.column.evidence",
    )
    return el("table", head, el("tbody", rows), class_="uncertain-dates") + view.omitted(
        len(rows), len(events), "events"
    )


@prose
def checks(pkg: Package, lang: str = DEFAULT_LANG) -> Html:
    """All consistency checks: figures, spelling variants, resolved dates, uncertain dates."""
    view = View(pkg, lang)
    return Html().join(
        [
            view.section("checks.heading.figures", figure_checks(view), level="h3"),
            view.section("checks.heading.variants", spelling_variants(view), level="h3"),
            view.section("checks.heading.dates", date_resolutions(view), level="h3"),
            view.section("checks.heading.uncertain", uncertain_dates(view), level="h3"),
        ]
    )


# --- downloads and row accounting ----------------------------------------------------------


@prose
def downloads(pkg: Package, lang: str = DEFAULT_LANG) -> Html:
    """Links to every CSV, the descriptor and the archived sources, with each table's rows and
    where they appear in this appendix: together they account for every row of the package."""
    view = View(pkg, lang)
    # Evidence is listed below in full, unless there is too much of it.
    whole = _count(view, "evidence") <= MAX_EVIDENCE
    shown = {"evidence": "downloads.shown.evidence"} if whole else {}
    rows = []
    for resource in _resources(view):
        name = str(resource.get("name", ""))
        where = shown.get(name, "downloads.shown.count")
        rows.append(
            el(
                "tr",
                el(
                    "th",
                    el(
                        "a",
                        _resource_title(view, resource),
                        href=f"#table-{quote(name, safe='-_')}",
                    ),
                    scope="row",
                ),
                el("td", fmt_number(_count(view, name), view.lang)),
                el("td", view.say(where)),
                el("td", _download(view, str(resource.get("path", "")))),
            )
        )
    head = view.header(
        "downloads.column.table",
        "downloads.column.rows",
        "downloads.column.shown",
        "downloads.column.file",
    )
    total = sum(_count(view, str(r.get("name", ""))) for r in _resources(view))
    archived = [src for src in view.rows("sources") if s(src.get("path"))]
    extras = [
        view.say("downloads.descriptor", link=_download(view, "datapackage.json")),
    ]
    if archived:
        extras.append(
            view.say(
                "downloads.sources",
                n=len(archived),
                links=view.list(
                    [
                        view.say(
                            "downloads.source",
                            link=_download(view, s(src.get("path"))),
                            sha=el("code", s(src.get("sha256"))),
                        )
                        for src in archived[:MAX_CHECKS]
                    ]
                ),
            )
        )
    intro = view.paragraph(
        view.say("downloads.intro", n=len(_resources(view)), rows=fmt_number(total, view.lang))
    )
    return (
        intro
        + el("table", head, el("tbody", rows), class_="downloads")
        + view.paragraph(*extras)
        + view.omitted(min(len(archived), MAX_CHECKS), len(archived), "sources")
    )


# --- build manifest ------------------------------------------------------------------------


def _strings(value: Any) -> dict[str, str]:
    """A manifest mapping as ``{str: str}`` (anything else in it is shown as text)."""
    return {str(k): str(v) for k, v in value.items()} if isinstance(value, Mapping) else {}


def _epoch_date(epoch: str) -> str:
    try:
        moment = dt.datetime.fromtimestamp(int(epoch), dt.UTC)
    except (ValueError, OverflowError, OSError):
        return epoch
    return moment.strftime("%Y-%m-%d %H:%M:%S UTC")


def manifest(build_manifest: Mapping[str, Any] | None, lang: str = DEFAULT_LANG) -> Html:
    """The build manifest, as the pipeline passed it: every input file with its SHA-256, the
    parameters, the code, the lock file and the versions of the key libraries."""
    heading = el("h2", say("appendix.heading.manifest", lang))
    if not build_manifest:
        body: list[Html] = [el("p", say("manifest.none", lang))]
    else:
        environment = build_manifest.get("environment", {})
        environment = environment if isinstance(environment, Mapping) else {}
        parameters = _strings(build_manifest.get("parameters"))
        sentences = [
            say(
                "manifest.intro", lang, link=el("a", el("code", MANIFEST_FILE), href=MANIFEST_FILE)
            ),
            say(
                "manifest.environment",
                lang,
                python=str(environment.get("python", "")),
                lock=el("code", str(environment.get("lock", ""))),
                code=el("code", str(environment.get("talksbook", ""))),
            ),
            say(
                "manifest.parameters",
                lang,
                parameters=fmt_list(
                    [el("code", f"{k} = {v}") for k, v in parameters.items()], lang
                ),
            )
            if parameters
            else say("manifest.parameters.none", lang),
        ]
        epoch = build_manifest.get("source_date_epoch")
        if epoch:
            sentences.append(
                say("manifest.epoch", lang, epoch=str(epoch), date=_epoch_date(str(epoch)))
            )
        packages = _strings(environment.get("packages"))
        versions = el(
            "table",
            header(lang, "manifest.column.package", "manifest.column.version"),
            el(
                "tbody",
                [
                    el("tr", el("th", el("code", name), scope="row"), el("td", version))
                    for name, version in packages.items()
                ],
            ),
            class_="manifest-packages",
        )
        inputs = build_manifest.get("inputs", {})
        inputs = inputs if isinstance(inputs, Mapping) else {}
        rows = [
            el(
                "tr",
                el("td", say(MANIFEST_GROUPS.get(group, "manifest.group.other"), lang)),
                el("th", el("code", name), scope="row"),
                el("td", el("code", digest)),
            )
            for group in inputs
            for name, digest in _strings(inputs[group]).items()
        ]
        files = el(
            "table",
            header(lang, "manifest.column.group", "manifest.column.file", "manifest.column.hash"),
            el("tbody", rows),
            class_="manifest-inputs",
        )
        body = [el("p", Html(" ").join(sentences)), versions, files]
    return el(
        "div",
        el("section", heading, *body, id="build-manifest"),
        class_="talksbook-chapter",
        lang=lang,
        dir=direction(lang),
    )
