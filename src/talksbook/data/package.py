"""The data package as a whole: descriptor, resources, hashes, and the typed result."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from ..paths import DESCRIPTOR_NAME
from . import meaning, schema
from .problems import Problem, ValidationError
from .reading import RawTable, read_table


@dataclass(frozen=True)
class Package:
    """A validated data package: typed tables plus the archived source texts."""

    root: Path
    descriptor: dict[str, Any]
    tables: dict[str, pd.DataFrame]
    texts: dict[str, str] = field(repr=False)
    lines: dict[str, list[int]] = field(repr=False)

    def __getitem__(self, name: str) -> pd.DataFrame:
        return self.tables[name]

    def resource(self, name: str) -> dict[str, Any]:
        """The descriptor entry of one resource."""
        return next(r for r in self.descriptor["resources"] if r["name"] == name)


def validate(root: str | Path) -> list[Problem]:
    """Every problem in the package at ``root`` (a folder or its datapackage.json)."""
    return _read(Path(root))[3]


def load(root: str | Path) -> Package:
    """The validated package at ``root``; raises :class:`ValidationError` with all problems."""
    folder, descriptor, tables, problems, texts = _read(Path(root), with_texts=True)
    if problems:
        raise ValidationError(problems)
    frames = {
        name: schema.typed_frame(table, _resource(descriptor, name)["schema"]["fields"])
        for name, table in tables.items()
    }
    return Package(folder, descriptor, frames, texts, {n: t.lines for n, t in tables.items()})


def _read(root: Path, with_texts: bool = False):  # type: ignore[no-untyped-def]
    folder = root.parent if root.name == DESCRIPTOR_NAME else root
    problems: list[Problem] = []
    descriptor = _descriptor(folder, problems)
    tables: dict[str, RawTable] = {}
    texts: dict[str, str] = {}
    if descriptor is None:
        return (
            (folder, descriptor, tables, sorted(problems), texts)
            if with_texts
            else (folder, descriptor, tables, sorted(problems))
        )
    for resource in descriptor.get("resources", []):
        path = resource.get("path", "")
        file = _display(folder, path)
        if not isinstance(path, str) or not meaning.safe_relative(path):
            problems.append(
                Problem(
                    _display(folder, DESCRIPTOR_NAME),
                    0,
                    resource.get("name", ""),
                    f"resource path {path!r} points outside the package",
                    "use a relative path inside data/",
                )
            )
            continue
        table = read_table(folder / path, resource["name"], file, problems)
        tables[resource["name"]] = table
        _check_hash(folder, resource, problems)
        fields = resource.get("schema", {}).get("fields", [])
        if table.header:
            schema.check_header(table, fields, problems)
            schema.check_fields(table, fields, problems)
            primary = resource["schema"].get("primaryKey", [])
            schema.check_primary_key(
                table, [primary] if isinstance(primary, str) else primary, problems
            )
    for resource in descriptor.get("resources", []):
        table = tables.get(resource["name"])
        for key in resource.get("schema", {}).get("foreignKeys", []):
            target = tables.get(key["reference"]["resource"] or resource["name"])
            if table is not None and target is not None:
                schema.check_foreign_key(table, key, target, problems)
    # Checks of meaning see only rows that passed the schema, so that one bad value is
    # reported once rather than again by every rule that reads it.
    sound = _without_rows_in(tables, {(p.file, p.line) for p in problems})
    texts = meaning.source_texts(folder, sound, problems)
    for check in meaning.TEXT_CHECKS:
        check(sound, texts, problems)
    for check in meaning.CHECKS:
        check(sound, problems)
    problems = sorted(set(problems), key=_order)
    return (
        (folder, descriptor, tables, problems, texts)
        if with_texts
        else (folder, descriptor, tables, problems)
    )


def _without_rows_in(tables: dict[str, RawTable], bad: set[tuple[str, int]]) -> dict[str, RawTable]:
    sound = {}
    for name, table in tables.items():
        keep = [i for i, line in enumerate(table.lines) if (table.file, line) not in bad]
        sound[name] = RawTable(
            name,
            table.file,
            table.header,
            [table.rows[i] for i in keep],
            [table.lines[i] for i in keep],
        )
    return sound


def _descriptor(folder: Path, problems: list[Problem]) -> dict[str, Any] | None:
    """Parse datapackage.json and check it against the Data Package standard (Frictionless)."""
    path = folder / DESCRIPTOR_NAME
    file = _display(folder, DESCRIPTOR_NAME)
    if not path.is_file():
        problems.append(
            Problem(
                file,
                0,
                "",
                "datapackage.json is missing",
                "point at a folder that holds a datapackage.json",
            )
        )
        return None
    try:
        descriptor = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        line = getattr(error, "lineno", 0)
        problems.append(
            Problem(
                file,
                line,
                "",
                f"datapackage.json is not valid JSON ({error})",
                "fix the JSON syntax",
            )
        )
        return None
    for message in _standard_errors(descriptor):
        problems.append(
            Problem(
                file,
                0,
                "",
                message,
                "correct the descriptor (see the Frictionless Data Package and Table Schema specs)",
            )
        )
    if not isinstance(descriptor, dict) or not isinstance(descriptor.get("resources"), list):
        return None
    return descriptor


def _standard_errors(descriptor: Any) -> list[str]:
    """Descriptor errors found by Frictionless (imported lazily: it is slow to import)."""
    import frictionless

    try:
        report = frictionless.Package.validate_descriptor(descriptor)
    except Exception as error:  # frictionless raises on shapes it cannot even read
        return [f"descriptor is malformed: {error}"]
    return [error.message for error in report.errors]


def _check_hash(folder: Path, resource: dict[str, Any], problems: list[Problem]) -> None:
    path = folder / resource["path"]
    if not path.is_file():
        return
    data = path.read_bytes()
    expected = resource.get("hash", "").removeprefix("sha256:")
    actual = hashlib.sha256(data).hexdigest()
    if expected != actual or resource.get("bytes") != len(data):
        problems.append(
            Problem(
                _display(folder, DESCRIPTOR_NAME),
                0,
                resource["name"],
                f"hash or bytes do not match {resource['path']}",
                "if the edit was intended, run `talksbook data rehash`",
            )
        )


def _resource(descriptor: dict[str, Any], name: str) -> dict[str, Any]:
    return next(r for r in descriptor["resources"] if r["name"] == name)


def _display(folder: Path, path: str) -> str:
    return str(folder / path) if str(folder) != "." else path


def _order(problem: Problem) -> tuple[str, int, str, str]:
    return (problem.file, problem.line, problem.column, problem.message)
