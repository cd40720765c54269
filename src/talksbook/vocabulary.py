"""Coded values the book must be able to say: every unit, qualifier, channel, stance, status
and kind in the data needs its words in each edition's templates.

A package may use a value its descriptor allows but the templates have no words for (a new
unit, "hour", say). The prose would then fall back to a bare number ("the call lasted 30")
and lose what the figure measures. Such a value is a problem with a fix, before anything runs.

The fix can stay in the data: a package brings words for its own values in a ``words`` block
of its descriptor, each key with its template in every edition's language::

    "words": {"unit.hour": {"en": {"one": "{n} hour", "other": "{n} hours"},
                            "ar": {"one": "ساعة واحدة", "two": "ساعتان", "few": "{n} ساعات",
                                   "many": "{n} ساعةً", "other": "{n} ساعة"}}}

Only words for coded values (the keys of :data:`PHRASED`), only for values the templates do
not already say, checked as the templates are (see :func:`package_words`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

from .data import Package
from .data.problems import Problem
from .paths import DESCRIPTOR_NAME
from .words import check_template, has, templates

__all__ = ["EDITIONS", "PHRASED", "WORDS_KEY", "package_words", "unphrased"]

#: The descriptor's block of a package's own words.
WORDS_KEY = "words"
#: The languages a package's words must be given in: every edition the book has.
EDITIONS = ("en", "ar")
#: How many keys a words block may hold, and how long a template may be.
MAX_WORDS, MAX_TEMPLATE = 1000, 200
_VALUE = re.compile(r"[a-z0-9][a-z0-9-]*")

#: (table, column) → the template keys each of its values needs, ``{}`` standing for the value.
PHRASED: dict[tuple[str, str], tuple[str, ...]] = {
    ("figures", "unit"): ("unit.{}",),
    ("figures", "qualifier"): ("qualifier.{}",),
    ("statements", "channel"): ("channel.{}", "channel.heading.{}"),
    ("statements", "mode"): ("mode.{}",),
    ("statements", "stance"): ("stance.{}",),
    ("events", "status"): ("status.{}",),
    ("events", "track"): ("track.count.{}",),
    ("events", "date_basis"): ("basis.{}",),
    ("events", "date_precision"): ("precision.{}",),
    ("date_claims", "basis"): ("basis.{}",),
    ("outcomes", "kind"): ("outcome.kind.{}",),
    ("outcomes", "status"): ("outcome.status.{}", "outcome.status.count.{}"),
}


def _prefixes() -> tuple[str, ...]:
    return tuple(p.replace("{}", "") for patterns in PHRASED.values() for p in patterns)


def package_words(package: Package) -> tuple[dict[str, dict[str, Any]], list[Problem]]:
    """The package's own words by language, and what is wrong with its words block: a key
    that names no coded value, one the templates already have words for, a language missing,
    a template the templates' own rules refuse (digits, odd placeholders, plural forms)."""
    file = str(package.root / DESCRIPTOR_NAME)
    block = package.descriptor.get(WORDS_KEY)
    words: dict[str, dict[str, Any]] = {lang: {} for lang in EDITIONS}
    if block is None:
        return words, []
    example = '"words": {"unit.hour": {"en": {"one": "{n} hour", "other": "{n} hours"}, "ar": …}}'
    if not isinstance(block, Mapping) or len(block) > MAX_WORDS:
        fix = f"write an object of at most {MAX_WORDS} keys, e.g. {example}"
        return words, [Problem(file, 0, WORDS_KEY, "must be an object of words", fix)]
    problems = []
    prefixes = _prefixes()
    for key, given in block.items():
        column = f"{WORDS_KEY}.{key}"[:120]
        prefix = next((p for p in sorted(prefixes, key=len, reverse=True) if key.startswith(p)), "")
        if not prefix or not _VALUE.fullmatch(key[len(prefix) :]):
            keys = ", ".join(sorted({f"{p}VALUE" for p in prefixes}))
            problems.append(
                Problem(file, 0, column, "names no coded value", f"use a key such as {keys}")
            )
            continue
        if all(key in templates(lang) for lang in EDITIONS):  # (the code's words alone)
            problems.append(
                Problem(
                    file,
                    0,
                    column,
                    "the book has words for this value already",
                    "leave it out (a package adds words for its own values only)",
                )
            )
            continue
        if not isinstance(given, Mapping) or set(given) != set(EDITIONS):
            problems.append(
                Problem(
                    file,
                    0,
                    column,
                    f"must give the words in {' and '.join(EDITIONS)}",
                    f"write {example}",
                )
            )
            continue
        for lang in EDITIONS:
            template = given[lang]
            forms = template.values() if isinstance(template, Mapping) else [template]
            try:
                if any(not isinstance(f, str) or len(f) > MAX_TEMPLATE for f in forms):
                    raise ValueError(f"{key}: each form is a text of at most {MAX_TEMPLATE}")
                check_template(
                    DESCRIPTOR_NAME,
                    key,
                    dict(template) if isinstance(template, Mapping) else template,
                )
            except ValueError as error:
                problems.append(
                    Problem(
                        file,
                        0,
                        f"{column}.{lang}",
                        str(error).split(": ", 2)[-1],
                        "write it as the templates in src/talksbook/templates are written "
                        "(numbers as {n}, no digits)",
                    )
                )
                continue
            words[lang][key] = template
    return words, problems


def unphrased(package: Package, languages: Iterable[str]) -> list[Problem]:
    """What is wrong with the package's own words, then one problem per coded value (at its
    first row) that lacks words in one of ``languages``, naming the template keys to add."""
    own, problems = package_words(package)
    for (table, column), patterns in PHRASED.items():
        frame = package.tables.get(table)
        if frame is None or column not in frame:
            continue
        lines = package.lines.get(table, [])
        seen: set[str] = set()
        for index, value in enumerate(frame[column]):
            if not isinstance(value, str) or not value or value in seen:
                continue
            seen.add(value)
            for lang in languages:
                missing = [
                    key
                    for key in (p.format(value) for p in patterns)
                    if not has(key, lang) and key not in own.get(lang, {})
                ]
                if missing:
                    problems.append(
                        Problem(
                            str(package.root / package.resource(table)["path"]),
                            lines[index] if index < len(lines) else 0,
                            column,
                            f"the book has no words for {value!r} in its {lang} edition",
                            f"give {', '.join(missing)} in the {WORDS_KEY!r} block of "
                            f"{DESCRIPTOR_NAME}, in every edition's language (see "
                            f"data/README.md), or use a value the templates already say",
                        )
                    )
    return problems
