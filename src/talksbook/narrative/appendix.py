"""Data and methods: the data dictionary generated from the descriptor, the coding scheme,
every evidence span (each row an anchor that the chapters link to), the consistency checks, and
downloads. Every row of every table is accounted for: evidence in full, the rest counted and
offered for download. Last, the build manifest: what the book was built from."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable, Mapping
from typing import Any
from urllib.parse import quote

from ..data import Package
from ..facts import checks as facts
from ..html import DOWNLOAD_DIR, EVIDENCE_TABLE, Html, ar, el, is_safe_url
from ..words import DEFAULT_LANG, direction, fmt_interval, fmt_list, fmt_number, say
from .checks import elapsed_sentence, gap_words, verdict
from .common import Row, View, header, num, prose, s, ts

#: Evidence rows listed in full; beyond that the table is counted and left to evidence.csv
#: (at 200 bytes of Arabic and English a row, 200,000 rows would be a 100 MB page).
#: Rows listed per consistency check (figures, resolved dates, uncertain dates), and
#: archived sources linked one by one.
MAX_CHECKS = 40
#: The words for where a resolved date falls from its anchor (see facts.checks.Offset).
OFFSET_KEYS = {
    "before": "offset.before",
    "after": "offset.after",
    "same": "offset.same",
    "not_before": "offset.not_before",
    "none": "offset.none",
}
#: Where the pipeline publishes the build manifest, relative to the appendix page.
MANIFEST_FILE = "build.json"
#: Groups of input files in the manifest, with the words for each.
MANIFEST_GROUPS = {
    "data": "manifest.group.data",
    "notebooks": "manifest.group.notebooks",
    "book": "manifest.group.book",
}


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


def _resource_section(view: View, resource: dict[str, Any], rows: int) -> Html:
    name = str(resource.get("name", ""))
    schema = resource.get("schema", {})
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
    counts = facts.row_counts(pkg)
    return intro + Html().join(
        _resource_section(view, resource, n)
        for resource, (_, n) in zip(_resources(view), counts.tables, strict=True)
    )


# --- coding scheme -------------------------------------------------------------------------


@prose
def coding_scheme(pkg: Package, lang: str = DEFAULT_LANG) -> Html:
    """Every coded field (an enum in the descriptor) with its values and how often each occurs."""
    view = View(pkg, lang)
    rows = [
        el(
            "tr",
            el("th", el("code", f"{coded.resource}.{coded.field}"), scope="row"),
            el(
                "td",
                Html(", ").join(
                    view.say("scheme.value", value=el("code", value), count=count)
                    for value, count in coded.counts
                ),
            ),
            el("td", _description(view, coded.resource, coded.field)),
        )
        for coded in facts.coded_fields(pkg)
    ]
    if not rows:
        return Html()
    head = view.header("scheme.column.field", "scheme.column.values", "scheme.column.meaning")
    return view.paragraph(view.say("scheme.intro", n=len(rows))) + el(
        "table", head, el("tbody", rows), class_="coding-scheme"
    )


def _description(view: View, resource: str, field: str) -> str:
    """A field's description in the descriptor ("" when it gives none)."""
    found = next((r for r in _resources(view) if str(r.get("name", "")) == resource), {})
    spec = next((f for f in _fields(found) if str(f.get("name", "")) == field), {})
    return str(spec.get("description", ""))


# --- evidence ------------------------------------------------------------------------------


@prose
def evidence(pkg: Package, lang: str = DEFAULT_LANG) -> Html:
    """Every evidence span, in article order, each row an anchor ``id="{evidence_id}"``;
    beyond common.MAX_EVIDENCE rows, the first ones (View.listed_evidence), and a count of
    the rest."""
    view = View(pkg, lang)
    # (Sorting evidence rows by the position of their "evidence_id" kept them in file order,
    # as they have no such column: the table is listed as the file has it, without sorting,
    # and at scale without reading the rows that are left out.)
    every = view.rows("evidence")
    if not every:
        return view.paragraph(view.say("evidence.none"))
    rows, left = view.listed_evidence()
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
    return intro + el("table", head, el("tbody", body), class_="evidence", id=EVIDENCE_TABLE)


def _int(value: object) -> str:
    number = num(value)
    return "" if number is None else str(int(number))


# --- consistency checks --------------------------------------------------------------------


def figure_checks(view: View) -> Html:
    """Claims about the same quantity side by side, and elapsed times against event dates."""
    # Every check is counted; only the first MAX_CHECKS are written out.
    items: list[Callable[[], Html]] = [
        functools.partial(_figure_item, view, check) for check in facts.figure_checks(view.pkg)
    ]
    items += [
        functools.partial(_elapsed_item, view, check) for check in facts.elapsed_checks(view.pkg)
    ]
    if not items:
        return view.paragraph(view.say("checks.figures.none"))
    listed = [make() for make in items[:MAX_CHECKS]]
    return el("ul", listed, class_="figure-checks") + view.omitted(
        len(listed), len(items), "figures"
    )


def _figure_item(view: View, check: facts.FigureCheck) -> Html:
    figures = view.by_id("figures")
    group = [figures[i] for i in check.figure_ids]
    return el(
        "li",
        view.say(
            "checks.figures.item",
            label=view.loc(group[0], "label"),
            title=view.title(s(group[0].get("event_id"))),
            claims=view.list(view.claims(group)),
        ),
        " ",
        verdict(view, check),
        class_="check-ok" if check.consistent else "check-conflict",
    )


def _elapsed_item(view: View, check: facts.ElapsedCheck) -> Html:
    figure = view.by_id("figures")[check.figure_id]
    return el(
        "li",
        view.say(
            "checks.elapsed.item",
            label=view.loc(figure, "label"),
            start=view.title(check.since_id),
            end=view.title(check.until_id),
            span=gap_words(view, check.gap),
        ),
        " ",
        elapsed_sentence(view, figure, check.gap),
    )


def spelling_variants(view: View) -> Html:
    """Actors the source names with two near-identical spellings (one letter apart, say)."""
    aliases = view.rows("aliases")
    items = [
        el(
            "li",
            view.say(
                "checks.variants.item", actor=view.actor(found.actor_id), n=len(found.spellings)
            ),
            " ",
            view.list([_spelling(view, aliases[x.alias_row], x) for x in found.spellings]),
        )
        for found in facts.spelling_variants(view.pkg)
    ]
    unused = [aliases[i] for i in facts.unused_aliases(view.pkg)]
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


def _spelling(view: View, alias: Row, spelling: facts.Spelling) -> Html:
    lines = [fmt_number(n, view.lang, grouping=False) for n in spelling.lines]
    return view.say(
        "checks.variants.spelling",
        alias=ar(spelling.alias),
        lines=view.list(lines) or view.text("checks.variants.no_lines"),
        n=len(spelling.lines),
        note=s(alias.get("note")) or view.text("checks.variants.no_note"),
    )


def date_resolutions(view: View) -> Html:
    """Date expressions the data resolve rather than read: weekday words and event order."""
    resolved = facts.date_resolutions(view.pkg)
    if not resolved:
        return view.paragraph(view.say("checks.dates.none"))
    rows = [_resolution(view, found) for found in resolved[:MAX_CHECKS]]
    head = view.header(
        "checks.dates.column.expression",
        "checks.dates.column.dates",
        "checks.dates.column.basis",
        "checks.dates.column.resolved",
        "checks.dates.column.anchor",
        "checks.dates.column.note",
    )
    return el("table", head, el("tbody", rows), class_="date-resolutions") + view.omitted(
        len(rows), len(resolved), "date_claims"
    )


def _resolution(view: View, found: facts.DateResolution) -> Html:
    claim = view.by_id("date_claims")[found.claim_id]
    if found.statement_id is not None:
        statement = view.by_id("statements")[found.statement_id]
        subject = view.say(
            "checks.dates.statement",
            speaker=view.actor(s(statement.get("speaker_id"))),
            title=view.title(s(statement.get("event_id"))),
        )
    else:
        subject = view.say("checks.dates.event", title=view.title(s(claim.get("event_id"))))
    first, last = claim.get("earliest"), claim.get("latest")
    resolved = (
        view.weekday_date(first)
        if found.kind == "day"
        else view.text("date.undated")
        if found.kind == "undated"
        else fmt_interval(ts(first), ts(last), "day", "stated", view.lang)
    )
    anchor_cell: Html = Html()
    if found.anchor_id is not None:
        anchor = view.by_id("events")[found.anchor_id]
        anchor_cell = view.say(
            "checks.dates.anchor",
            title=view.title(found.anchor_id),
            date=view.weekday_date(anchor.get("date_earliest"))
            if ts(anchor.get("date_earliest")) is not None
            else view.when(anchor),
            offset=view.text(OFFSET_KEYS[found.offset], n=found.days),
        )
    return el(
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
        id=f"date-claim-{found.claim_id}",
    )


def uncertain_dates(view: View) -> Html:
    """Events the sources date only to a month or year, with one bound, or not at all."""
    uncertain = facts.uncertain_dates(view.pkg)
    if uncertain.empty:
        return view.paragraph(view.say("checks.uncertain.none"))
    events = view.by_id("events")
    shown = [events[str(i)] for i in uncertain["event_id"].head(MAX_CHECKS)]
    rows = [
        el(
            "tr",
            el("th", view.title(s(e.get("id"))), scope="row"),
            el("td", view.when(e)),
            el("td", view.label("precision", s(e.get("date_precision")))),
            el("td", view.value(view.loc(e, "date_note"))),
            el("td", view.cite(s(e.get("evidence_id")))),
        )
        for e in shown
    ]
    head = view.header(
        "checks.uncertain.column.event",
        "checks.uncertain.column.date",
        "checks.uncertain.column.precision",
        "checks.uncertain.column.note",
        "checks.uncertain.column.evidence",
    )
    return el("table", head, el("tbody", rows), class_="uncertain-dates") + view.omitted(
        len(rows), len(uncertain), "events"
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
    counts = facts.row_counts(pkg)
    # Evidence is listed below in full, unless there is too much of it.
    whole = view.listed_evidence()[1] == 0
    shown = {"evidence": "downloads.shown.evidence"} if whole else {}
    rows = []
    for resource, (name, n) in zip(_resources(view), counts.tables, strict=True):
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
                el("td", fmt_number(n, view.lang)),
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
    archived = facts.archived_sources(pkg)
    sources = view.by_id("sources")
    extras = [
        view.say("downloads.descriptor", link=_download(view, "datapackage.json")),
        view.say("downloads.raw"),
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
                            link=_download(view, s(sources[i].get("path"))),
                            sha=el("code", s(sources[i].get("sha256"))),
                        )
                        for i in archived[:MAX_CHECKS]
                    ]
                ),
            )
        )
    intro = view.paragraph(
        view.say("downloads.intro", n=len(counts.tables), rows=fmt_number(counts.total, view.lang))
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
