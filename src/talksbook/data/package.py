"""The data package as a whole: descriptor, resources, hashes, and the typed result."""

from __future__ import annotations

import contextlib
import dataclasses
import gc
import hashlib
import json
import os
import pickle
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

import pandas as pd

from ..paths import DESCRIPTOR_NAME
from . import files, meaning, rules, schema, twins, version
from .problems import Problem, ValidationError
from .reading import HIDDEN, RawTable, parse_table


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

    def files(self) -> list[str]:
        """The package's own files, as paths inside it: the descriptor, every declared table
        and every archived source. Nothing else in its folder is published."""
        sources = self.tables.get("sources")
        archived = [] if sources is None else [p for p in sources.path if p]
        tables = [r["path"] for r in self.descriptor["resources"]]
        return [DESCRIPTOR_NAME, *sorted({*tables, *archived})]

    def resource(self, name: str) -> dict[str, Any]:
        """The descriptor entry of one resource."""
        return next(r for r in self.descriptor["resources"] if r["name"] == name)


def validate(root: str | Path) -> list[Problem]:
    """Every problem in the package at ``root`` (a folder or its datapackage.json)."""
    with _no_cyclic_gc():
        return _read(Path(root)).problems


#: Set by the book build for the notebook kernels it starts: the file where it saved the package
#: it has just validated (see :func:`save_validated`). Each chapter then loads it in about a
#: second instead of validating everything again (ten seconds at 100,000 events).
VALIDATED_ENV = "TALKSBOOK_VALIDATED_PACKAGE"


def load(root: str | Path) -> Package:
    """The validated package at ``root``; raises :class:`ValidationError` with all problems."""
    saved = _saved(Path(root))
    if saved is not None:
        return saved
    with _no_cyclic_gc():
        folder, descriptor, tables, problems, texts = _read(Path(root))
        if problems or descriptor is None:  # (no descriptor is always a problem too)
            raise ValidationError(problems)
        frames = {
            name: schema.typed_frame(table, _resource(descriptor, name)["schema"]["fields"])
            for name, table in tables.items()
        }
    return Package(folder, descriptor, frames, texts, {n: t.lines for n, t in tables.items()})


def save_validated(package: Package, file: Path) -> None:
    """Save a package that :func:`load` has validated, with the size and modification time
    of every file in its folder: :func:`load` in a process whose ``VALIDATED_ENV`` names
    ``file`` returns it only while they are unchanged. The build writes it; nothing else should
    (loading runs pickle, which trusts the file)."""
    with file.open("wb") as handle:
        pickle.dump(_signature(package.root), handle, protocol=pickle.HIGHEST_PROTOCOL)
        pickle.dump(package, handle, protocol=pickle.HIGHEST_PROTOCOL)


def _signature(folder: Path) -> tuple[str, list[tuple[str, int, int]]]:
    """The folder's absolute path, and every file in it with its size and modification time."""
    found = []
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            stat = path.stat()
            found.append((path.relative_to(folder).as_posix(), stat.st_size, stat.st_mtime_ns))
    return str(folder.resolve()), found


def _saved(root: Path) -> Package | None:
    """The package the build saved for ``root`` (see ``VALIDATED_ENV``), or None."""
    file = os.environ.get(VALIDATED_ENV)
    if not file:
        return None
    folder = root.parent if root.name == DESCRIPTOR_NAME else root
    try:
        with open(file, "rb") as handle, _no_cyclic_gc():
            if pickle.load(handle) != _signature(folder):
                return None  # another folder, or files changed since: validate afresh
            package = pickle.load(handle)
    except (OSError, EOFError, pickle.UnpicklingError, AttributeError, ImportError, ValueError):
        return None
    if not isinstance(package, Package):
        return None
    # As a fresh load would: the folder as this caller named it.
    return dataclasses.replace(package, root=folder)


@contextlib.contextmanager
def _no_cyclic_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector while millions of cells are read.

    Reading creates a list per row and a string per cell, none of them in a reference
    cycle, yet every few hundred allocations set off a collection that walks them all again:
    at 100,000 events that was a third of the validation time. Reference counting still
    frees everything as usual.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


class _Read(NamedTuple):
    """What reading and checking a package gives: its tables as text, and every problem."""

    folder: Path
    descriptor: dict[str, Any] | None
    tables: dict[str, RawTable]
    problems: list[Problem]
    texts: dict[str, str]


def _read(root: Path) -> _Read:
    folder = root.parent if root.name == DESCRIPTOR_NAME else root
    problems: list[Problem] = []
    descriptor = _descriptor(folder, problems)
    tables: dict[str, RawTable] = {}
    texts: dict[str, str] = {}
    if descriptor is None:
        return _Read(folder, descriptor, tables, sorted(problems), texts)
    for resource in descriptor.get("resources", []):
        path = resource.get("path", "")
        if not isinstance(path, str) or not files.safe_relative(path):
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
        file = _display(folder, path)
        try:
            data = files.read_bytes(folder, path, files.MAX_TABLE_BYTES)
        except files.UnsafeFile as error:
            fix = f"{error.fix}, or remove its resource from datapackage.json"
            problems.append(Problem(file, 0, "", error.problem, fix))
            tables[resource["name"]] = RawTable(name=resource["name"], file=file)
            continue
        table = parse_table(data, resource["name"], file, problems)
        tables[resource["name"]] = table
        _check_hash(folder, resource, data, problems)
        fields = resource.get("schema", {}).get("fields", [])
        if table.header:
            schema.check_header(table, fields, problems)
            schema.check_fields(table, fields, problems)
            primary = resource["schema"].get("primaryKey", [])
            schema.check_primary_key(
                table, [primary] if isinstance(primary, str) else primary, problems
            )
    for resource in descriptor.get("resources", []):
        owner = tables.get(resource["name"])
        for key in resource.get("schema", {}).get("foreignKeys", []):
            target = tables.get(key["reference"]["resource"] or resource["name"])
            fields, ref_fields = key["fields"], key["reference"]["fields"]
            if not fields or len(schema.as_list(fields)) != len(schema.as_list(ref_fields)):
                problems.append(
                    Problem(
                        _display(folder, DESCRIPTOR_NAME),
                        0,
                        resource["name"],
                        f"foreign key {fields!r} -> {ref_fields!r} does not pair its columns "
                        "one to one",
                        "give 'fields' and 'reference.fields' the same number of column names",
                    )
                )
            elif owner is not None and target is not None:
                schema.check_foreign_key(owner, key, target, problems)
    twins.check_cells(descriptor, tables, problems)
    # Checks of meaning see only rows that passed the schema, so that one bad value is
    # reported once rather than again by every rule that reads it.
    sound = _without_rows_in(tables, {(p.file, p.line) for p in problems})
    texts = meaning.source_texts(folder, sound, problems)
    for check in meaning.TEXT_CHECKS:
        check(sound, texts, problems)
    for rule in meaning.CHECKS:
        rule(sound, problems)
    problems = sorted(set(problems), key=_order)
    return _Read(folder, descriptor, tables, problems, texts)


def _without_rows_in(tables: dict[str, RawTable], bad: set[tuple[str, int]]) -> dict[str, RawTable]:
    sound = {}
    bad_files = {file for file, _ in bad}
    for name, table in tables.items():
        if table.file not in bad_files:
            sound[name] = table  # nothing to leave out: no copy
            continue
        keep = [i for i, line in enumerate(table.lines) if (table.file, line) not in bad]
        sound[name] = RawTable(
            name,
            table.file,
            table.header,
            [table.rows[i] for i in keep],
            [table.lines[i] for i in keep],
        )
    return sound


#: How deep a descriptor may nest: a real one is about eight levels (resources, schema,
#: fields, constraints, enum); a hostile one 100,000 deep would exhaust the stack of every
#: reader after the JSON parser.
MAX_DESCRIPTOR_DEPTH = 32
_TOO_DEEP = object()


def _depth(value: Any) -> int:
    """How deep ``value`` nests lists and objects (counted without recursion)."""
    deepest, stack = 0, [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict | list):
            deepest = max(deepest, depth)
            if depth <= MAX_DESCRIPTOR_DEPTH:
                children = item.values() if isinstance(item, dict) else item
                stack.extend((child, depth + 1) for child in children)
    return deepest


class UnreadableDescriptor(Exception):
    """A datapackage.json that cannot be read as JSON at all; holds the :class:`Problem`."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(str(problem))
        self.problem = problem


def read_descriptor(folder: Path) -> Any:
    """The parsed datapackage.json of the package in ``folder``: any JSON value, read safely
    (through :mod:`.files`) and nested at most :data:`MAX_DESCRIPTOR_DEPTH` levels deep.

    Raises :class:`UnreadableDescriptor` for one that is missing, not a regular file inside
    the package, too large, not UTF-8, not JSON or nested too deep."""
    file = _display(folder, DESCRIPTOR_NAME)

    def unreadable(message: str, fix: str, line: int = 0) -> UnreadableDescriptor:
        return UnreadableDescriptor(Problem(file, line, "", message, fix))

    if not (folder / DESCRIPTOR_NAME).is_file():
        raise unreadable(
            "datapackage.json is missing", "point at a folder that holds a datapackage.json"
        )
    try:
        descriptor = json.loads(files.read_bytes(folder, DESCRIPTOR_NAME).decode("utf-8"))
    except files.UnsafeFile as error:
        raise unreadable(error.problem, error.fix) from None
    except RecursionError:
        descriptor = _TOO_DEEP
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise unreadable(
            f"datapackage.json is not valid JSON ({error})",
            "fix the JSON syntax",
            getattr(error, "lineno", 0),
        ) from None
    except ValueError:  # Python reads integers of at most 4,300 digits
        raise unreadable(
            "datapackage.json holds a number of thousands of digits",
            "write numbers of a few digits",
        ) from None
    if descriptor is _TOO_DEEP or _depth(descriptor) > MAX_DESCRIPTOR_DEPTH:
        raise unreadable(
            f"the descriptor is nested more than {MAX_DESCRIPTOR_DEPTH} levels deep",
            "write it as the Data Package spec does: resources, schemas, fields",
        )
    return descriptor


def _descriptor(folder: Path, problems: list[Problem]) -> dict[str, Any] | None:
    """Parse datapackage.json and check it against the Data Package standard (Frictionless).

    A package written for another schema version (see :mod:`.version`) gets that one problem
    and no other: its tables are read by rules it was not written for, and every problem they
    gave (a column renamed since, say) would be one the upgrade solves, or a wrong fix."""
    file = _display(folder, DESCRIPTOR_NAME)
    try:
        descriptor = read_descriptor(folder)
    except UnreadableDescriptor as error:
        problems.append(error.problem)
        return None
    if isinstance(descriptor, dict) and isinstance(descriptor.get("resources"), list):
        wrong_version = version.version_problem(descriptor, file, folder)
        if wrong_version is not None:
            problems.append(wrong_version)
            return None
    # Frictionless reads a descriptor given as a string as a path to load: only objects go in.
    standard = (
        _standard_errors(descriptor)
        if isinstance(descriptor, dict)
        else ["the descriptor must be a JSON object"]
    )
    shape = _shape_errors(descriptor)
    # What Frictionless says first; our own words only where it saw nothing wrong.
    for message in standard or shape:
        problems.append(
            Problem(
                file,
                0,
                "",
                message,
                "correct the descriptor (see the Frictionless Data Package and Table Schema specs)",
            )
        )
    if not shape:
        problems.extend(_book_problems(file, descriptor))
        problems.extend(rules.loosened(file, descriptor))
        problems.extend(twins.descriptor_problems(file, descriptor))
    return None if shape else descriptor


#: The ``book`` block a package may give, each key with its longest value: the book's title in
#: English and in Arabic, and the stem of the PDF's file name.
BOOK_KEYS = {"title": 200, "title_ar": 200, "pdf_name": 80}
PDF_NAME = re.compile(r"[a-z0-9][a-z0-9-]*")


def _book_problems(file: str, descriptor: dict[str, Any]) -> list[Problem]:
    """What is wrong with the descriptor's ``book`` block (none when it has none)."""
    book = descriptor.get("book")
    if book is None:
        return []
    example = '"book": {"title": "…", "title_ar": "…", "pdf_name": "talks-2025"}'
    if not isinstance(book, dict):
        return [Problem(file, 0, "book", "must be an object", f"write {example}")]
    found = []
    for key, value in book.items():
        column = f"book.{key}"
        if key not in BOOK_KEYS:
            problem, fix = "is not a key of the book block", f"use only {', '.join(BOOK_KEYS)}"
        elif not isinstance(value, str) or not value.strip():
            problem, fix = "must be a non-empty text", f"write {example}"
        elif len(value) > BOOK_KEYS[key]:
            problem, fix = f"is longer than {BOOK_KEYS[key]} characters", "shorten it"
        elif HIDDEN.search(value) or "\n" in value or "\r" in value:
            problem, fix = "holds a line break or a hidden character", "write it on one line"
        elif key == "pdf_name" and not PDF_NAME.fullmatch(value):
            problem, fix = (
                f"{value!r} is not a file name of a-z, 0-9 and '-'",
                "e.g. talks-on-ukraine-2025",
            )
        else:
            continue
        found.append(Problem(file, 0, column, problem, fix))
    if "title_ar" in book and "title" not in book:
        found.append(
            Problem(file, 0, "book.title", "is missing beside title_ar", "add the English title")
        )
    return found


def _standard_errors(descriptor: Any) -> list[str]:
    """Descriptor errors found by Frictionless (imported lazily: it is slow to import)."""
    import frictionless

    try:
        report = frictionless.Package.validate_descriptor(descriptor)
    except Exception as error:  # frictionless raises on shapes it cannot even read
        return [f"descriptor is malformed: {error}"]
    return [error.message for error in report.errors]


def _shape_errors(descriptor: Any) -> list[str]:
    """What the checks below rely on, beyond the standard: a descriptor that passes can be
    walked without a crash (Frictionless accepts, for example, a pattern Python cannot
    compile, or minimum on a string field)."""
    if not isinstance(descriptor, dict) or not isinstance(descriptor.get("resources"), list):
        return ["the descriptor needs a list of resources"]
    errors: list[str] = []
    for number, resource in enumerate(descriptor["resources"], 1):
        where = f"resource {number}"
        schema = resource.get("schema") if isinstance(resource, dict) else None
        if not (
            isinstance(resource, dict)
            and isinstance(resource.get("name"), str)
            and isinstance(resource.get("path"), str)
            and isinstance(resource.get("hash", ""), str)
            and isinstance(schema, dict)
            and isinstance(schema.get("fields"), list)
        ):
            errors.append(f"{where} needs a name, a path and a schema with a list of fields")
            continue
        for spec in schema["fields"]:
            errors += _field_errors(where, spec)
        if not _names(schema.get("primaryKey", [])):
            errors.append(f"{where}: primaryKey must be a field name or a list of them")
        keys = schema.get("foreignKeys", [])
        if not isinstance(keys, list) or not all(
            isinstance(key, dict)
            and _names(key.get("fields"))
            and isinstance(key.get("reference"), dict)
            and isinstance(key["reference"].get("resource", ""), str)
            and _names(key["reference"].get("fields"))
            for key in keys
        ):
            errors.append(f"{where}: each foreign key needs fields and a reference to fields")
    return errors


def _names(value: Any) -> bool:
    """A field name or a list of field names."""
    return isinstance(value, str) or (
        isinstance(value, list) and all(isinstance(v, str) for v in value)
    )


def _field_errors(where: str, spec: Any) -> list[str]:
    if not isinstance(spec, dict) or not isinstance(spec.get("name"), str):
        return [f"{where}: every field needs a name"]
    rules = spec.get("constraints", {})
    name = f"{where}, field {spec['name']!r}"
    if not isinstance(spec.get("type", "string"), str) or not isinstance(rules, dict):
        return [f"{name}: type must be a string and constraints an object"]
    errors = []
    if "pattern" in rules:
        try:
            re.compile(rules["pattern"])
        except (re.error, TypeError) as error:
            errors.append(f"{name}: pattern is not a regular expression ({error})")
    if not isinstance(rules.get("enum", []), list):
        errors.append(f"{name}: enum must be a list")
    numeric = spec.get("type") in ("integer", "number")
    for bound in ("minimum", "maximum"):
        value = rules.get(bound)
        if bound in rules and not (numeric and _is_number(value)):
            errors.append(f"{name}: {bound} is checked only as a number on a numeric field")
    if "maxLength" in rules and not (
        isinstance(rules["maxLength"], int) and not isinstance(rules["maxLength"], bool)
    ):
        errors.append(f"{name}: maxLength must be a whole number")
    return errors


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _check_hash(
    folder: Path, resource: dict[str, Any], data: bytes, problems: list[Problem]
) -> None:
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
