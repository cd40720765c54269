"""Arabic twins: every English text the book shows has its Arabic twin beside it, written for
the Arabic edition, when the package declares that edition.

A package declares the languages its texts are written in with the descriptor's
``languages`` (the Frictionless "language support" recipe): ``["en", "ar"]``, English first,
the language of the data's own columns and descriptions. With ``"ar"`` listed:

* every free-text column the book shows gets its ``_ar`` twin (:data:`TWINS`: ``note`` has
  ``note_ar``, ``title_en`` has ``title_ar``…), filled wherever the English is, in Arabic;
* every text of the descriptor the book shows (:data:`DESCRIPTOR_TEXTS`: the package's title
  and description, each licence's title, each table's title and description, each field's
  description) gets its ``<key>_ar`` twin beside it.

Without ``"ar"``, the twins may be given or not, and the Arabic edition shows the English
text where a twin is missing (marked as an English run). These are the project's rules,
fixed here like those of :mod:`.rules`: a descriptor may declare a twin column, not loosen it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping
from typing import Any

from . import rules
from .problems import Problem
from .reading import HIDDEN, RawTable

__all__ = [
    "ARABIC",
    "DESCRIPTOR_TEXTS",
    "EDITIONS",
    "LANGUAGES_KEY",
    "TWINS",
    "check_cells",
    "declares",
    "descriptor_problems",
    "descriptor_text",
]

#: The descriptor's list of the languages the package's texts are written in.
LANGUAGES_KEY = "languages"
#: The languages a package may declare (the book's editions); the first is the data's own.
EDITIONS = ("en", "ar")
#: The language whose twins this module checks.
ARABIC = "ar"
#: Each table's English free-text columns the book shows, with their Arabic twins.
TWINS: Mapping[str, Mapping[str, str]] = {
    "sources": {"title_en": "title_ar", "notes": "notes_ar"},
    "actors": {"name_en": "name_ar", "role_en": "role_ar"},
    "aliases": {"note": "note_ar"},
    "events": {
        "title_en": "title_ar",
        "date_note": "date_note_ar",
        "city": "city_ar",
        "venue_en": "venue_ar",
        "summary_en": "summary_ar",
    },
    "date_claims": {"note": "note_ar"},
    "participants": {"note": "note_ar"},
    "topics": {"label_en": "label_ar", "description_en": "description_ar"},
    "outcomes": {"description_en": "description_ar"},
    "figures": {"label_en": "label_ar", "note": "note_ar"},
    "notes": {"text_en": "text_ar"},
}
#: Rows that need no twin: a source written in Arabic has its own title in ``title``.
EXEMPT: Mapping[tuple[str, str], tuple[str, str]] = {
    ("sources", "title_ar"): ("language", ARABIC),
}
#: A twin column's rule: text, no longer than the English (see rules.json).
TWIN_RULE: Mapping[str, Any] = {"type": "string", "constraints": {"maxLength": 5000}}
#: Where the descriptor holds text the book shows: (where, the keys that need a twin).
DESCRIPTOR_TEXTS = {
    "package": ("title", "description"),
    "licence": ("title",),
    "resource": ("title", "description"),
    "field": ("description",),
    "book": ("title",),
}
_ARABIC_LETTER = re.compile("[\u0621-\u064a\u066e-\u06d3\u06fa-\u06ff\u0750-\u077f]")
_FIX_CELL = (
    'write it in Arabic (Modern Standard Arabic, faithful to {english}), or remove "ar" from '
    '"languages" in datapackage.json'
)


def declares(descriptor: Mapping[str, Any] | None, lang: str = ARABIC) -> bool:
    """Whether the package declares texts in ``lang`` (its descriptor's ``languages``)."""
    languages = descriptor.get(LANGUAGES_KEY) if isinstance(descriptor, Mapping) else None
    return isinstance(languages, list) and lang in languages


def descriptor_text(owner: Mapping[str, Any], key: str, lang: str) -> str:
    """A text of the descriptor in ``lang``: its ``<key>_<lang>`` twin where that is given,
    else the text itself ("" when neither is text)."""
    for found in (owner.get(f"{key}_{lang}"), owner.get(key)):
        if isinstance(found, str) and found:
            return found
    return ""


def _texts(descriptor: Mapping[str, Any]) -> Iterator[tuple[str, Mapping[str, Any], str]]:
    """Every object of the descriptor that holds text the book shows: (where, the object,
    its kind in :data:`DESCRIPTOR_TEXTS`)."""
    yield "", descriptor, "package"
    book = descriptor.get("book")
    if isinstance(book, Mapping):
        yield "book.", book, "book"
    for number, licence in enumerate(_list(descriptor.get("licenses")), 1):
        if isinstance(licence, Mapping):
            yield f"licenses[{number}].", licence, "licence"
    for resource in _list(descriptor.get("resources")):
        if not isinstance(resource, Mapping) or not isinstance(resource.get("name"), str):
            continue
        name = resource["name"]
        yield f"{name}.", resource, "resource"
        schema = resource.get("schema")
        fields = schema.get("fields") if isinstance(schema, Mapping) else None
        for field in _list(fields):
            if isinstance(field, Mapping) and isinstance(field.get("name"), str):
                yield f"{name}.{field['name']}.", field, "field"


def _list(value: object) -> list[Any]:
    return value if isinstance(value, list) else []


def descriptor_problems(file: str, descriptor: Mapping[str, Any]) -> list[Problem]:
    """What is wrong with the declared languages and the descriptor's Arabic twins: a
    ``languages`` that is not a list of the book's editions with English first, a twin that is
    not one line of text, and, when Arabic is declared, a missing twin (of a text or of a
    table's column) or one declared looser than the project's rule."""
    problems: list[Problem] = []

    def report(column: str, problem: str, fix: str) -> None:
        problems.append(Problem(file, 0, column, problem, fix))

    languages = descriptor.get(LANGUAGES_KEY)
    example = f'"{LANGUAGES_KEY}": ["en", "ar"]'
    if languages is not None and (
        not isinstance(languages, list)
        or not languages
        or languages[0] != EDITIONS[0]
        or len(set(map(str, languages))) != len(languages)
        or not set(languages) <= set(EDITIONS)
    ):
        report(
            LANGUAGES_KEY,
            f"must list the languages of the package's texts, English first, from "
            f"{', '.join(EDITIONS)}",
            f"write {example} (or leave it out for English only)",
        )
        return problems
    arabic = declares(descriptor)
    for where, owner, kind in _texts(descriptor):
        for key in DESCRIPTOR_TEXTS[kind]:
            twin, english = f"{key}_{ARABIC}", owner.get(key)
            value = owner.get(twin)
            if value is None:
                if arabic and isinstance(english, str) and english.strip():
                    report(
                        f"{where}{twin}",
                        f"is missing beside {key} {_shown(english)}",
                        f'add "{twin}": the {key} in Arabic, or remove "ar" from "{LANGUAGES_KEY}"',
                    )
                continue
            if kind == "book":
                continue  # (its keys are checked with the book block: data.package)
            if not isinstance(value, str) or not value.strip() or HIDDEN.search(value):
                report(
                    f"{where}{twin}",
                    "must be a text without hidden characters",
                    f"write the {key} in Arabic as plain text",
                )
            elif arabic and not _ARABIC_LETTER.search(value):
                report(
                    f"{where}{twin}",
                    f"{_shown(value)} is not written in Arabic",
                    f"write the {key} in Arabic",
                )
    problems.extend(_twin_fields(file, descriptor, arabic))
    return problems


def _twin_fields(file: str, descriptor: Mapping[str, Any], arabic: bool) -> Iterator[Problem]:
    """Each table's twin columns as the descriptor declares them: text no longer than
    :data:`TWIN_RULE` allows; and, when Arabic is declared, declared at all."""
    for resource in _list(descriptor.get("resources")):
        if not isinstance(resource, Mapping) or resource.get("name") not in TWINS:
            continue
        name = str(resource["name"])
        schema = resource.get("schema")
        fields = {
            f.get("name"): f
            for f in _list(schema.get("fields") if isinstance(schema, Mapping) else None)
            if isinstance(f, Mapping)
        }
        for english, twin in TWINS[name].items():
            where = f"{name}.{twin}"
            given = fields.get(twin)
            if given is None:
                if arabic and english in fields:
                    yield Problem(
                        file,
                        0,
                        where,
                        f"the Arabic twin of {english} is missing",
                        f'describe a text field "{twin}" beside "{english}" and add its column '
                        f'to {resource.get("path", name)}, or remove "ar" from "{LANGUAGES_KEY}"',
                    )
                continue
            if twin in rules.rules().get(name, {}).get("fields", {}):
                continue  # a column every package has: its rule is in rules.json
            limit = TWIN_RULE["constraints"]["maxLength"]
            constraints = given.get("constraints", {})
            length = constraints.get("maxLength") if isinstance(constraints, Mapping) else None
            if given.get("type", "string") != "string" or not (
                isinstance(length, int) and not isinstance(length, bool) and length <= limit
            ):
                yield Problem(
                    file,
                    0,
                    where,
                    f"an Arabic twin is text of at most {limit} characters",
                    f'give it "type": "string" and "constraints": {{"maxLength": {limit}}} '
                    "(or tighter)",
                )


def check_cells(
    descriptor: Mapping[str, Any], tables: Mapping[str, RawTable], problems: list[Problem]
) -> None:
    """When the package declares Arabic: every English free text of :data:`TWINS` has its
    Arabic twin in the same row, written in Arabic."""
    if not declares(descriptor):
        return
    for name, pairs in TWINS.items():
        table = tables.get(name)
        if table is None or not table.rows:
            continue
        for english, twin in pairs.items():
            if english not in table.header or twin not in table.header:
                continue  # (a missing column is reported against the header or descriptor)
            skip = _exempt(table, name, twin)
            report = _reporter(problems, table.file, twin)
            for index, (line, source, value) in enumerate(
                zip(table.lines, table.column(english), table.column(twin), strict=True)
            ):
                if skip(index):
                    continue
                if source and not value:
                    report(
                        line,
                        f"is empty beside {english} {_shown(source)}",
                        _FIX_CELL.format(english=english),
                    )
                elif value and not _ARABIC_LETTER.search(value):
                    report(
                        line,
                        f"{_shown(value)} is not written in Arabic",
                        _FIX_CELL.format(english=english),
                    )


def _exempt(table: RawTable, name: str, twin: str) -> Callable[[int], bool]:
    """Which rows of ``table`` need no ``twin`` (see :data:`EXEMPT`)."""
    rule = EXEMPT.get((name, twin))
    if rule is None or rule[0] not in table.header:
        return lambda _: False
    values = table.column(rule[0])
    return lambda index: values[index] == rule[1]


def _reporter(problems: list[Problem], file: str, column: str) -> Callable[[int, str, str], None]:
    def report(line: int, message: str, fix: str) -> None:
        problems.append(Problem(file, line, column, message, fix))

    return report


def _shown(value: str, limit: int = 40) -> str:
    return repr(value if len(value) <= limit else value[:limit] + "…")
