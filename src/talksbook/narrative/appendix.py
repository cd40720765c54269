"""The two appendix pages. "Data and methods", for readers: how the data were made (sources
and their reliability, what is coded, how to read a citation, how the book is rebuilt), the
consistency checks, every evidence span (each row an anchor that the chapters link to) and
the downloads, which account for every row of every table. The "Technical appendix", for
reference: the data dictionary generated from the descriptor, the coding scheme and the build
manifest; the dictionary and the scheme are also published as one Markdown file
(:func:`reference`, written by the pipeline at :data:`REFERENCE_FILE`)."""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from ..data import Package
from ..data.twins import TWINS, descriptor_text
from ..facts import checks as facts
from ..html import DOWNLOAD_DIR, EVIDENCE_TABLE, Html, ar, el, is_safe_url
from ..words import (
    DEFAULT_LANG,
    direction,
    fmt_digits,
    fmt_interval,
    fmt_list,
    fmt_list_text,
    fmt_number,
    say,
)
from .checks import elapsed_sentence, gap_words, verdict
from .common import Row, View, header, num, prose, s, ts

#: Rows listed per consistency check (figures, resolved dates, uncertain dates), sources
#: described, and archived sources linked one by one; the rest are counted and left to the
#: downloads. (Evidence rows have their own cap, common.MAX_EVIDENCE.)
MAX_CHECKS = 20
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
    "data": "manifest.count.data",
    "notebooks": "manifest.count.notebooks",
    "book": "manifest.count.book",
}
#: The page of the technical appendix (its notebook's name in book/plan.yml); "Data and
#: methods" links to it only when the book has it.
TECHNICAL_PAGE = "technical-appendix"
#: Where the pipeline publishes the technical appendix's dictionary and coding scheme as
#: Markdown (:func:`reference`), relative to each edition's pages.
REFERENCE_FILE = "_static/technical-appendix.md"
#: The words for a number field's bounds.
BOUNDS = {"minimum": "dictionary.rule.minimum", "maximum": "dictionary.rule.maximum"}
#: The command that builds the book (how a reader reruns it).
BUILD_COMMAND = "talksbook build"
#: Characters that could turn plain text into Markdown (emphasis, code, links, HTML, entities,
#: table cells, headings' closing marks, strikethrough): escaped wherever they occur.
_MD_INLINE = frozenset("\\`*_[]<>|&!~#")
#: What may start a block (a list, quote or heading) at the start of a line.
_MD_BLOCK = re.compile(r"\d{1,9}[.)]|[+=>-]")
_LINE_BREAKS = re.compile(r"[\r\n\v\f\x85\u2028\u2029]+")


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


def _anchor(*parts: str) -> str:
    """An element id from names (percent-encoded, so that any name is a safe fragment)."""
    return "-".join(quote(p, safe="-_") for p in parts)


def _technical(book_pages: Sequence[str] | None) -> bool:
    """Whether the book has the technical appendix (a page run outside the build assumes the
    shipped plan, which has it)."""
    return book_pages is None or TECHNICAL_PAGE in book_pages


def _resource_title(view: View, resource: dict) -> str:
    """A table's title in the edition's language: ``title_<lang>`` in the descriptor (its
    Arabic twin, see data.twins), else its ``title``, else its name."""
    return descriptor_text(resource, "title", view.lang) or str(resource["name"])


def _said(view: View, owner: Mapping[str, Any], key: str) -> str:
    """A text of the descriptor (a description, a title) in the edition's language, or its
    English where the package gives no twin (see data.twins)."""
    return descriptor_text(owner, key, view.lang) if isinstance(owner, Mapping) else ""


# --- technical appendix: the rules of each field -------------------------------------------


@dataclass(frozen=True)
class Rule:
    """One rule of a field, in words: a template key, its value (shown as code when
    ``code``), and where it links on the technical appendix page (a fragment, or "")."""

    key: str
    value: str = ""
    code: bool = False
    href: str = ""


def _rules(view: View, resource: dict[str, Any], field: dict[str, Any]) -> list[Rule]:
    """What the descriptor requires of a field: its type (unless text, the default), whether
    it is required or unique, what it refers to, whether it is coded (its values are in the
    coding scheme, not repeated here), and its bounds. (Text lengths, a limit on nearly every
    text field, are left to the descriptor: a column of the same number said little.)"""
    name = str(resource.get("name", ""))
    column = str(field.get("name", ""))
    constraints = dict(field.get("constraints", {}))
    constraints.pop("maxLength", None)
    rules: list[Rule] = []
    kind = str(field.get("type", "string"))
    if kind != "string":
        rules.append(Rule("dictionary.rule.type", kind, True))
    if column in _keys(resource.get("schema", {}).get("primaryKey")):
        # A key's fields are required, and a one-field key is unique: "key" says both.
        rules.append(Rule("dictionary.rule.key"))
        constraints.pop("required", None)
        constraints.pop("unique", None)
    if constraints.pop("required", False):
        rules.append(Rule("dictionary.rule.required"))
    if constraints.pop("unique", False):
        rules.append(Rule("dictionary.rule.unique"))
    for foreign in resource.get("schema", {}).get("foreignKeys", []):
        local = _keys(foreign.get("fields"))
        if column not in local:
            continue
        reference = foreign.get("reference", {})
        target = str(reference.get("resource") or name)
        fields = _keys(reference.get("fields"))
        # A composite key refers field by field; a mismatched one is shown whole.
        shown = fields[local.index(column)] if len(fields) == len(local) else ", ".join(fields)
        rules.append(
            Rule(
                "dictionary.rule.refers", f"{target}.{shown}", True, href=_anchor("fields", target)
            )
        )
    values = constraints.pop("enum", None)
    if values:
        href = _anchor("scheme", name, column)
        rules.append(Rule("dictionary.rule.coded", href=href))
    for key, value in constraints.items():
        if key == "pattern":
            rules.append(Rule("dictionary.rule.pattern", str(value), True))
        elif key in BOUNDS and isinstance(value, int | float):
            rules.append(Rule(BOUNDS[key], fmt_number(value, view.lang)))
        elif key != "unique" or value:
            rules.append(Rule("dictionary.rule.other", f"{key}: {value}", True))
    return rules


def _rule_html(view: View, rule: Rule) -> Html:
    # A pattern or a name reads left to right in either edition ("^[a-z]$" would be reordered).
    value: Html | str = el("code", rule.value, dir="ltr") if rule.code else rule.value
    words = view.say(rule.key, value=value)
    return el("a", words, href=f"#{rule.href}") if rule.href else words


def _md(text: str) -> str:
    """Plain text as Markdown that shows the same text: on one line, every character that
    could start markup backslash-escaped (lighter than html.myst_escape, which escapes all
    punctuation: this file is read as text too)."""
    flat = _LINE_BREAKS.sub(" ", text).replace("\x00", "\ufffd")
    escaped = "".join("\\" + ch if ch in _MD_INLINE else ch for ch in flat)
    body = escaped.lstrip()
    lead = escaped[: len(escaped) - len(body)]
    block = _MD_BLOCK.match(body)
    if block:  # ("1." or "-" would open a list: escape its last character)
        body = body[: block.end() - 1] + "\\" + body[block.end() - 1 :]
    return lead + body


def _md_code(value: str) -> str:
    """A name or pattern as a Markdown code span, or as escaped text if it cannot be one (a
    "|" would end a table cell even inside a code span)."""
    plain = value and value == value.strip() and not set(value) & set("`|\r\n")
    return f"`{value}`" if plain else _md(value)


def _rule_text(view: View, rule: Rule) -> str:
    """A rule as Markdown: the template's words escaped, the value as code."""
    # The value goes in after the words around it are escaped: split at a private-use mark.
    marker = "\ue000"
    words = view.text(rule.key, value=marker).split(marker)
    shown = _md_code(rule.value) if rule.code else _md(rule.value)
    return shown.join(_md(part) for part in words)


# --- technical appendix: data dictionary ---------------------------------------------------

#: The columns of a table's dictionary, on the page and in the Markdown file (the description
#: second: a phone shows the first columns and scrolls to the rest).
DICTIONARY_COLUMNS = (
    "dictionary.column.field",
    "dictionary.column.description",
    "dictionary.column.rules",
)


def _resource_section(view: View, resource: dict[str, Any]) -> Html:
    """One table's dictionary: its description, then one row per field (its description and
    rules). An Arabic twin column shares the row of the column it translates (its own
    description is in datapackage.json and in the Markdown copy, which lists every field)."""
    name = str(resource.get("name", ""))
    names = {str(f.get("name", "")) for f in _fields(resource)}
    twin_of = {en: ar for en, ar in TWINS.get(name, {}).items() if ar in names}
    body = [
        el(
            "tr",
            el(
                "th",
                el("code", str(field.get("name", ""))),
                *(
                    [Html(" / "), el("code", twin_of[str(field.get("name", ""))])]
                    if str(field.get("name", "")) in twin_of
                    else []
                ),
                scope="row",
            ),
            el("td", view.value(_said(view, field, "description"))),
            el(
                "td",
                view.say("dictionary.rule.sep").join(
                    _rule_html(view, r) for r in _rules(view, resource, field)
                ),
            ),
        )
        for field in _fields(resource)
        if str(field.get("name", "")) not in twin_of.values()
    ]
    title = view.say(
        "dictionary.resource",
        title=_resource_title(view, resource),
        file=el("code", str(resource.get("path", ""))),
    )
    return el(
        "section",
        el("h3", title),
        view.paragraph(view.value(_said(view, resource, "description"))),
        el("table", view.header(*DICTIONARY_COLUMNS), el("tbody", body), class_="data-dictionary"),
        id=_anchor("fields", name),
        class_="resource",
    )


def _package(view: View, say: Callable[..., Any], listed: Callable[..., Any]) -> list:
    """What the descriptor says of the whole package: its title, version and licences, each
    sentence made by ``say`` (View.say or View.text), lists by ``listed`` (its description is
    the descriptor's own text: `_description`)."""
    descriptor = view.pkg.descriptor
    licences = [
        _said(view, x, "title") or str(x.get("name", "")) for x in descriptor.get("licenses", [])
    ]
    sentences = [
        say(
            "method.package",
            title=_said(view, descriptor, "title"),
            version=str(descriptor.get("version", "")),
        )
    ]
    if licences:
        sentences.append(say("dictionary.licences", licences=listed(licences)))
    return sentences


def _description(view: View) -> str:
    """The package's description, as its descriptor gives it ("" when it gives none)."""
    return _said(view, view.pkg.descriptor, "description")


@prose
def dictionary(pkg: Package, lang: str = DEFAULT_LANG) -> Html:
    """The data dictionary, generated from datapackage.json: every table and every field, one
    table row per field (its type, rules and description)."""
    view = View(pkg, lang)
    intro = view.paragraph(
        view.say("dictionary.intro", n=len(_resources(view))),
        view.say("dictionary.types"),
        view.say(
            "dictionary.download",
            file=el("a", el("code", REFERENCE_FILE.rsplit("/", 1)[-1]), href=REFERENCE_FILE),
            descriptor=_download(view, "datapackage.json"),
        ),
    )
    return intro + Html().join(_resource_section(view, r) for r in _resources(view))


# --- technical appendix: coding scheme -----------------------------------------------------


@prose
def coding_scheme(pkg: Package, lang: str = DEFAULT_LANG) -> Html:
    """Every coded field (an enum in the descriptor) with its values and how often each occurs;
    what the field means is in its dictionary row, which it links to."""
    view = View(pkg, lang)
    rows = [
        el(
            "tr",
            el(
                "th",
                el(
                    "a",
                    el("code", f"{coded.resource}.{coded.field}"),
                    href=f"#{_anchor('fields', coded.resource)}",
                ),
                scope="row",
            ),
            el(
                "td",
                Html(", ").join(
                    view.say("scheme.value", value=el("code", value), count=count)
                    for value, count in coded.counts
                ),
            ),
            id=_anchor("scheme", coded.resource, coded.field),
        )
        for coded in facts.coded_fields(pkg)
    ]
    if not rows:
        return Html()
    head = view.header("scheme.column.field", "scheme.column.values")
    return view.paragraph(view.say("scheme.intro", n=len(rows))) + el(
        "table", head, el("tbody", rows), class_="coding-scheme"
    )


# --- technical appendix: as one Markdown file ----------------------------------------------


def _md_row(cells: Sequence[str]) -> str:
    return "| " + " | ".join(cell or " " for cell in cells) + " |"


def _md_table(view: View, keys: Sequence[str], rows: Sequence[Sequence[str]]) -> list[str]:
    return [
        _md_row([_md(view.text(k)) for k in keys]),
        _md_row(["---"] * len(keys)),
        *(_md_row(row) for row in rows),
    ]


def reference(pkg: Package, lang: str = DEFAULT_LANG) -> str:
    """The data dictionary and the coding scheme of the technical appendix as one Markdown
    file, in the edition's language: the same tables, for reading offline. Every text from the
    data is escaped, so the file renders it as text (no markup, no links of its own)."""
    view = View(pkg, lang)
    listed = functools.partial(fmt_list_text, lang=lang)
    intro = [*_package(view, view.text, listed), _description(view)]
    intro += [
        view.text(k, n=len(_resources(view))) for k in ("dictionary.intro", "dictionary.types")
    ]
    lines = [
        f"# {_md(view.text('appendix.reference.title'))}",
        "",
        _md(" ".join(x for x in intro if x)),
    ]
    lines += ["", f"## {_md(view.text('appendix.heading.dictionary'))}"]
    for resource in _resources(view):
        title = view.text(
            "dictionary.resource",
            title=_md(_resource_title(view, resource)),
            file=_md_code(str(resource.get("path", ""))),
        )
        about = [_md(_said(view, resource, "description"))]
        rows = [
            [
                _md_code(str(field.get("name", ""))),
                _md(_said(view, field, "description")),
                view.text("dictionary.rule.sep").join(
                    _rule_text(view, r) for r in _rules(view, resource, field)
                ),
            ]
            for field in _fields(resource)
        ]
        lines += ["", f"### {title}", "", " ".join(x for x in about if x), ""]
        lines += _md_table(view, DICTIONARY_COLUMNS, rows)
    coded = facts.coded_fields(pkg)
    if coded:
        lines += ["", f"## {_md(view.text('appendix.heading.scheme'))}", ""]
        lines += [_md(view.text("scheme.intro", n=len(coded))), ""]
        values = [
            [
                _md_code(f"{c.resource}.{c.field}"),
                ", ".join(
                    view.text("scheme.value", value=_md_code(v), count=count)
                    for v, count in c.counts
                ),
            ]
            for c in coded
        ]
        lines += _md_table(view, ["scheme.column.field", "scheme.column.values"], values)
    return "\n".join(lines) + "\n"


# --- data and methods: how the data were made ----------------------------------------------


def _technical_link(view: View, fragment: str = "") -> Html:
    """A link to the technical appendix (to one of its sections, with ``fragment``)."""
    href = f"{TECHNICAL_PAGE}.html" + (f"#{fragment}" if fragment else "")
    return el("a", view.text("appendix.technical"), href=href)


def _sources(view: View) -> Html:
    """Each source with its reliability rating, how many evidence spans quote it, its archived
    copy and its notes (the first MAX_CHECKS; the rest are counted)."""
    every = view.rows("sources")
    if not every:
        return Html()
    quoted = view.grouped("evidence", "source_id")
    rows = [
        el(
            "tr",
            el("th", view.source_title_html(r), scope="row"),
            el("td", view.label("reliability", s(r.get("reliability")))),
            el("td", fmt_number(len(quoted.get(s(r.get("id")), [])), view.lang)),
            el(
                "td",
                _download(view, s(r.get("path")))
                if s(r.get("path"))
                else view.say("method.not_archived"),
            ),
            el("td", view.value(view.loc(r, "notes"))),
        )
        for r in every[:MAX_CHECKS]
    ]
    head = view.header(
        "method.column.source",
        "method.column.reliability",
        "method.column.quoted",
        "method.column.archived",
        "method.column.notes",
    )
    return (
        view.paragraph(view.say("method.sources", n=len(every)))
        + el("table", head, el("tbody", rows), class_="sources")
        + view.omitted(len(rows), len(every), "sources")
    )


def _cited_tables(view: View) -> int:
    """How many tables require every row to name the evidence span it rests on (a required
    field that refers to the evidence table)."""
    found = 0
    for resource in _resources(view):
        required = {
            str(f.get("name", ""))
            for f in _fields(resource)
            if f.get("constraints", {}).get("required")
        }
        for foreign in resource.get("schema", {}).get("foreignKeys", []):
            target = foreign.get("reference", {}).get("resource")
            if target == "evidence" and set(_keys(foreign.get("fields"))) <= required:
                found += 1
                break
    return found


@prose
def method(pkg: Package, lang: str = DEFAULT_LANG, book_pages: Sequence[str] | None = None) -> Html:
    """How the data were made, for a reader: the data package and its licence, the sources and
    their reliability, what the data record and code, how to read a citation, and how the book
    is built again."""
    view = View(pkg, lang)
    linked = _technical(book_pages)
    counts = facts.row_counts(pkg)
    cited, coded = _cited_tables(view), len(facts.coded_fields(pkg))
    recorded = [
        view.say("method.tables", n=len(counts.tables), rows=fmt_number(counts.total, lang)),
        view.say("method.cited", n=cited) if cited else Html(),
        view.say("method.coded", n=coded) if coded else Html(),
        view.say("method.defined", link=_technical_link(view)) if linked else Html(),
    ]
    listed, _ = view.listed_evidence()
    reading = (
        view.say("method.citations", example=view.cite(s(listed[0].get("id"))))
        if listed
        else Html()
    )
    command = el("code", BUILD_COMMAND)
    rerun = (
        view.say("method.rerun", command=command, link=_technical_link(view, "build-manifest"))
        if linked
        else view.say("method.rerun.bare", command=command)
    )
    return Html().join(
        [
            view.paragraph(*_package(view, view.say, view.list)),
            # (On its own: in the Arabic edition it is an English paragraph.)
            view.paragraph(view.value(_description(view))),
            _sources(view),
            view.paragraph(*recorded),
            view.paragraph(reading, view.say("method.charts"), rerun),
        ]
    )


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
            el("td", view.source_title_html(sources.get(s(r.get("source_id"))))),
            el(
                "td",
                view.say(
                    "evidence.position",
                    line=_int(r.get("line"), view.lang),
                    start=_int(r.get("start"), view.lang),
                    end=_int(r.get("end"), view.lang),
                ),
            ),
            el("td", view.label("evidence.kind", s(r.get("kind")))),
            # The source's words as a quotation (they keep its digits); their translation
            # only where the edition is not in their language.
            el("td", view.quoted(s(r.get("exact")))),
            _translation_cell(view, s(r.get("text_en"))),
            id=s(r.get("id")),
            class_="evidence-row",
        )
        for r in rows
    ]
    columns = [
        "evidence.column.id",
        "evidence.column.source",
        "evidence.column.position",
        "evidence.column.kind",
        "evidence.column.arabic",
    ]
    head = view.header(*columns, *(["evidence.column.english"] if view.translation("") else []))
    intro = (
        view.omitted(len(rows), len(every), "evidence")
        if left
        else view.paragraph(view.say("evidence.intro", n=len(rows)))
    )
    return intro + el("table", head, el("tbody", body), class_="evidence", id=EVIDENCE_TABLE)


def _int(value: object, lang: str) -> str:
    """An offset or a line number in the edition's digits (ungrouped, as the file has it)."""
    number = num(value)
    return "" if number is None else fmt_number(int(number), lang, grouping=False)


def _translation_cell(view: View, english: str) -> Html:
    """A quote's English translation as a table cell, where the edition shows it."""
    shown = view.translation(english)
    return Html() if shown is None else el("td", shown, class_="quote-en", lang="en")


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
        note=view.loc(alias, "note") or view.text("checks.variants.no_note"),
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
            view.quoted(s(claim.get("stated_ar"))),
            " ",
            view.translation(s(claim.get("stated_en"))),
            " ",
            view.cite(s(claim.get("evidence_id"))),
        ),
        el("td", subject),
        el("td", view.label("basis", s(claim.get("basis")))),
        el("td", resolved),
        el("td", anchor_cell),
        el("td", view.value(view.loc(claim, "note"))),
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


def _summary(view: View) -> Html:
    """The checks in a few sentences, findings first: what was compared, and what failed."""
    figures = facts.figure_checks(view.pkg)
    conflicts = sum(1 for c in figures if not c.consistent)
    elapsed = facts.elapsed_checks(view.pkg)
    misfits = sum(1 for c in elapsed if c.fits is False)
    counted = [
        ("checks.summary.figures", len(figures)),
        ("checks.summary.conflicts", conflicts),
        ("checks.summary.elapsed", len(elapsed)),
        ("checks.summary.misfits", misfits),
        ("checks.summary.variants", len(facts.spelling_variants(view.pkg))),
        ("checks.summary.dates", len(facts.date_resolutions(view.pkg))),
        ("checks.summary.uncertain", len(facts.uncertain_dates(view.pkg))),
    ]
    sentences = [view.say(key, n=n) for key, n in counted if n]
    if figures and not conflicts:
        sentences.insert(1, view.say("checks.summary.agree"))
    return (
        view.paragraph(*sentences) if sentences else view.paragraph(view.say("checks.summary.none"))
    )


@prose
def checks(pkg: Package, lang: str = DEFAULT_LANG) -> Html:
    """All consistency checks, summed up, then one by one: figures, spelling variants,
    resolved dates, uncertain dates."""
    view = View(pkg, lang)
    return Html().join(
        [
            _summary(view),
            view.section("checks.heading.figures", figure_checks(view), level="h3"),
            view.section("checks.heading.variants", spelling_variants(view), level="h3"),
            view.section("checks.heading.dates", date_resolutions(view), level="h3"),
            view.section("checks.heading.uncertain", uncertain_dates(view), level="h3"),
        ]
    )


# --- downloads and row accounting ----------------------------------------------------------


@prose
def downloads(
    pkg: Package, lang: str = DEFAULT_LANG, book_pages: Sequence[str] | None = None
) -> Html:
    """Links to every CSV, the descriptor and the archived sources, with each table's rows and
    where they appear on this page: together they account for every row of the package. Each
    row is the anchor ``table-<name>`` (the changes page links there) and leads on to the
    table's fields in the technical appendix."""
    view = View(pkg, lang)
    linked = _technical(book_pages)
    counts = facts.row_counts(pkg)
    # Evidence is listed below in full, unless there is too much of it.
    whole = view.listed_evidence()[1] == 0
    shown = {"evidence": "downloads.shown.evidence"} if whole else {}
    rows = []
    for resource, (name, n) in zip(_resources(view), counts.tables, strict=True):
        where = shown.get(name, "downloads.shown.count")
        title: Html | str = _resource_title(view, resource)
        if linked:
            href = f"{TECHNICAL_PAGE}.html#{_anchor('fields', name)}"
            title = el("a", title, href=href)
        rows.append(
            el(
                "tr",
                el("th", title, scope="row"),
                el("td", fmt_number(n, view.lang)),
                el("td", view.say(where)),
                el("td", _download(view, str(resource.get("path", "")))),
                id=_anchor("table", name),
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
        view.say(
            "downloads.reference",
            link=el("a", el("code", REFERENCE_FILE.rsplit("/", 1)[-1]), href=REFERENCE_FILE),
        ),
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


def _epoch_date(epoch: str, lang: str = DEFAULT_LANG) -> str:
    """The moment ``epoch`` (seconds) names, in UTC, in the edition's digits ("" for what is
    not a moment)."""
    try:
        moment = dt.datetime.fromtimestamp(int(epoch), dt.UTC)
    except (ValueError, OverflowError, OSError):
        return ""
    return fmt_digits(moment.strftime("%Y-%m-%d %H:%M:%S"), lang) + " UTC"


def manifest(build_manifest: Mapping[str, Any] | None, lang: str = DEFAULT_LANG) -> Html:
    """The build manifest, as the pipeline passed it: how many input files of each kind (each
    file's SHA-256 is in the published build.json), the parameters, the code, the lock file
    and the versions of the key libraries (under the
    notebook's heading; the anchor ``build-manifest`` is the same in every edition)."""
    if not build_manifest:
        body: list[Html] = [el("p", say("manifest.none", lang))]
    else:
        environment = build_manifest.get("environment", {})
        environment = environment if isinstance(environment, Mapping) else {}
        parameters = _strings(build_manifest.get("parameters"))
        inputs = build_manifest.get("inputs", {})
        inputs = inputs if isinstance(inputs, Mapping) else {}
        # Each input's hash is in the published manifest (build.json); the page counts them.
        counted = [
            say(MANIFEST_GROUPS.get(group, "manifest.count.other"), lang, n=len(_strings(files)))
            for group, files in inputs.items()
        ]
        sentences = [
            say(
                "manifest.intro",
                lang,
                link=el("a", el("code", MANIFEST_FILE), href=MANIFEST_FILE),
                inputs=fmt_list(counted, lang),
            ),
            say(
                "manifest.environment",
                lang,
                python=el("code", str(environment.get("python", ""))),
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
                say(
                    "manifest.epoch",
                    lang,
                    epoch=el("code", str(epoch)),
                    date=_epoch_date(str(epoch), lang) or str(epoch),
                )
            )
        packages = _strings(environment.get("packages"))
        versions = el(
            "table",
            header(lang, "manifest.column.package", "manifest.column.version"),
            el(
                "tbody",
                [
                    el("tr", el("th", el("code", name), scope="row"), el("td", el("code", version)))
                    for name, version in packages.items()
                ],
            ),
            class_="manifest-packages",
        )
        body = [el("p", Html(" ").join(sentences)), versions]
    return el(
        "div",
        *body,
        id="build-manifest",
        class_="talksbook-prose",
        lang=lang,
        dir=direction(lang),
    )
