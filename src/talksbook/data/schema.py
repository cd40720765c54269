"""Table Schema checks (types, constraints, keys) on raw string tables, and typed frames."""

from __future__ import annotations

import datetime as dt
import difflib
import math
import re
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import pandas as pd

from .problems import Problem
from .reading import RawTable

#: A Table Schema field (or foreign key) descriptor, as read from datapackage.json.
Field = dict[str, Any]

INTEGER = re.compile(r"[+-]?[0-9]+")
DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def parse_date(value: str) -> dt.date | None:
    """An ISO date, or None if ``value`` is not a real calendar date."""
    if not DATE.fullmatch(value):
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        return None


def parse_number(value: str) -> float | None:
    """A finite number, or None."""
    try:
        number = float(value)
    except ValueError:
        return None
    return number if math.isfinite(number) else None


def parse_integer(value: str) -> int | None:
    """An integer written in plain digits, or None."""
    return int(value) if INTEGER.fullmatch(value) else None


PARSERS: dict[str, Callable[[str], Any]] = {
    "integer": parse_integer,
    "number": parse_number,
    "date": parse_date,
}
TYPE_FIXES = {
    "integer": "write a whole number in digits, e.g. 42",
    "number": "write a number with a dot for decimals, e.g. 24.68",
    "date": "write a real date as YYYY-MM-DD, e.g. 2025-02-18",
}


def check_header(table: RawTable, fields: list[Field], problems: list[Problem]) -> None:
    """Columns must be exactly the schema's fields (order aside), each once."""
    names = [f["name"] for f in fields]
    seen: set[str] = set()
    for column in table.header:
        if column in seen:
            problems.append(
                Problem(
                    table.file, 1, column, "column appears twice", "delete one of the two columns"
                )
            )
        seen.add(column)
        if column not in names:
            problems.append(
                Problem(
                    table.file,
                    1,
                    column,
                    "column is not in the schema",
                    f"remove it, or describe it in datapackage.json ({_suggest(column, names)})",
                )
            )
    for name in names:
        if name not in seen:
            problems.append(
                Problem(
                    table.file,
                    1,
                    name,
                    "required column is missing",
                    f"add a column headed '{name}' (see datapackage.json)",
                )
            )


def check_fields(table: RawTable, fields: list[Field], problems: list[Problem]) -> None:
    """Check every cell against its field's type and constraints."""
    for spec in fields:
        name = spec["name"]
        if name not in table.header:
            continue
        check = cell_checker(spec)
        values = table.column(name)
        # A value's problems depend on the value alone, so each distinct value is checked
        # once: columns of codes, dates and ids repeat the same few values many times. Plain
        # text with no rule but "required" can only be wrong when empty; text with only a
        # pattern, only when it does not match (a quick test first, the full check after).
        distinct = set(values)
        rules = set(spec.get("constraints", {})) - {"required", "unique"}
        text = spec.get("type", "string") == "string"
        if text and not rules:
            candidates = distinct & {""}
        elif text and rules == {"pattern"}:
            fits = re.compile(spec["constraints"]["pattern"]).fullmatch
            candidates = {v for v in distinct if not (v and fits(v))}
        else:
            candidates = distinct
        bad = {v: found for v in candidates if (found := check(v))}
        if bad:
            for line, value in zip(table.lines, values, strict=True):
                for message, fix in bad.get(value, ()):
                    problems.append(Problem(table.file, line, name, message, fix))
        unique = spec.get("constraints", {}).get("unique", False)
        if unique and len(distinct - {""}) < len(values) - values.count(""):
            _report_duplicates(table, name, values, problems)


def _report_duplicates(
    table: RawTable, name: str, values: list[str], problems: list[Problem]
) -> None:
    """Every repeat of a value that must be unique, pointing at its first occurrence."""
    first_seen: dict[str, int] = {}
    for line, value in zip(table.lines, values, strict=True):
        if not value:
            continue
        if value in first_seen:
            problems.append(
                Problem(
                    table.file,
                    line,
                    name,
                    f"{_show(value)} is a duplicate (first at line {first_seen[value]})",
                    "give each row its own value",
                )
            )
        else:
            first_seen[value] = line


def cell_checker(spec: Field) -> Callable[[str], list[tuple[str, str]]]:
    """A function listing the (problem, fix) pairs of one value of the field ``spec``."""
    name, kind = spec["name"], spec.get("type", "string")
    rules = spec.get("constraints", {})
    parse = PARSERS.get(kind)
    pattern = re.compile(rules["pattern"]) if "pattern" in rules else None
    enum = {str(v) for v in rules["enum"]} if "enum" in rules else None

    def check(value: str) -> list[tuple[str, str]]:
        if value == "":
            return [("is required but empty", f"fill in {name}")] if rules.get("required") else []
        parsed = parse(value) if parse else value
        if parsed is None:
            return [(f"{_show(value)} is not a valid {kind}", TYPE_FIXES[kind])]
        found = []
        if enum is not None and value not in enum:
            found.append(
                (
                    f"{_show(value)} is not an allowed value",
                    f"use one of: {', '.join(sorted(enum))}",
                )
            )
        if pattern is not None and not pattern.fullmatch(value):
            found.append(
                (
                    f"{_show(value)} does not match the pattern {rules['pattern']}",
                    "correct the value (see the field's description in datapackage.json)",
                )
            )
        if "minimum" in rules and parsed < rules["minimum"]:
            found.append(
                (
                    f"{value} is below the minimum {rules['minimum']}",
                    f"use a value of at least {rules['minimum']}",
                )
            )
        if "maximum" in rules and parsed > rules["maximum"]:
            found.append(
                (
                    f"{value} is above the maximum {rules['maximum']}",
                    f"use a value of at most {rules['maximum']}",
                )
            )
        if "maxLength" in rules and len(value) > rules["maxLength"]:
            found.append(
                (
                    f"is {len(value)} characters long, more than {rules['maxLength']}",
                    "shorten the text",
                )
            )
        return found

    return check


def check_primary_key(table: RawTable, key: list[str], problems: list[Problem]) -> None:
    """Composite primary keys must be unique (single keys are covered by 'unique')."""
    if len(key) < 2 or not all(k in table.header for k in key):
        return
    tuples = _tuples(table, key)
    if len(set(tuples)) == len(tuples):
        return
    first_seen: dict[tuple[str, ...], int] = {}
    for line, values in zip(table.lines, tuples, strict=True):
        if values in first_seen:
            problems.append(
                Problem(
                    table.file,
                    line,
                    "+".join(key),
                    f"{_show(' + '.join(values))} is a duplicate "
                    f"(first at line {first_seen[values]})",
                    "remove the duplicate row",
                )
            )
        else:
            first_seen[values] = line


def check_foreign_key(
    table: RawTable, key: Field, target: RawTable, problems: list[Problem]
) -> None:
    """Every non-empty reference must name an existing row of the target resource."""
    fields = as_list(key["fields"])
    ref_fields = as_list(key["reference"]["fields"])
    if not fields or len(fields) != len(ref_fields):
        return  # reported against the descriptor by the package reader
    if not all(f in table.header for f in fields) or not all(
        f in target.header for f in ref_fields
    ):
        return
    # Set arithmetic finds whether anything is broken; only then are rows walked, and only
    # then is the sorted list of ids that suggestions come from built. A one-column key (the
    # usual kind) is compared as plain strings, without a tuple per row.
    empty = ("",) * len(fields)
    if len(fields) == 1:
        if not (set(table.column(fields[0])) - {""}) - target.keys(tuple(ref_fields), flat=True):
            return
    elif not set(_tuples(table, fields)) - target.keys(tuple(ref_fields)) - {empty}:
        return
    known = target.keys(tuple(ref_fields))
    references = _tuples(table, fields)
    unknown = set(references) - known - {empty}
    known_flat = sorted("/".join(k) for k in known)
    for i in (i for i, values in enumerate(references) if values in unknown):
        shown = "/".join(references[i])
        problems.append(
            Problem(
                table.file,
                table.lines[i],
                "+".join(fields),
                f"{_show(shown)} is not an id in {Path(target.file).name}",
                f"add it to {Path(target.file).name} or correct the reference "
                f"({_suggest(shown, known_flat)})",
            )
        )


def typed_frame(table: RawTable, fields: list[Field]) -> pd.DataFrame:
    """A DataFrame with one typed column per field: text untouched, '' for missing text."""
    columns: dict[str, Any] = {}
    for spec in fields:
        values = table.column(spec["name"])
        kind = spec.get("type", "string")
        if kind == "integer":
            columns[spec["name"]] = pd.array(
                [parse_integer(v) if v else None for v in values], dtype="Int64"
            )
        elif kind == "number":
            columns[spec["name"]] = pd.array(
                [parse_number(v) if v else None for v in values], dtype="Float64"
            )
        elif kind == "date":
            columns[spec["name"]] = pd.to_datetime(
                pd.Series(values, dtype="object").replace("", None), format="%Y-%m-%d"
            )
        else:
            columns[spec["name"]] = pd.Series(_shared(values), dtype="str")
    return pd.DataFrame(columns, index=pd.RangeIndex(len(table.rows)))


def _shared(values: list[str]) -> list[str]:
    """``values`` with equal strings as one object, where they repeat (codes, references).

    The CSV reader makes a new string for every cell: at 100,000 events a package held a
    hundred megabytes of copies of "occurred" and of event ids, in every process that loads
    it. Columns of distinct values (ids, text) are left as they are.
    """
    distinct = set(values)
    if len(distinct) > len(values) // 2:
        return values
    one = {v: v for v in distinct}  # each value mapped to a single object of that text
    return list(map(one.__getitem__, values))


def _tuples(table: RawTable, columns: list[str]) -> list[tuple[str, ...]]:
    return list(zip(*(table.column(c) for c in columns), strict=True)) if table.rows else []


def as_list(value: str | list[str]) -> list[str]:
    """A field or list of fields (Table Schema allows both) as a list."""
    return [value] if isinstance(value, str) else list(value)


def _show(value: str, limit: int = 60) -> str:
    """Quote a value for a message, shortened and with invisible characters made visible."""
    shown = value if len(value) <= limit else value[:limit] + "…"
    return repr(shown)


def _suggest(value: str, candidates: Iterable[str]) -> str:
    close = difflib.get_close_matches(value, list(candidates), n=1)
    return f"did you mean '{close[0]}'?" if close else "no similar id exists"
