"""``talksbook data upgrade``: bring a package written for an earlier schema version up to the
one this code reads (:data:`~talksbook.data.version.SCHEMA_VERSION`), saying what changed.

The upgrade is a list of :class:`Step` objects, one per version. Each edits the descriptor (and
may rewrite tables through :class:`PackageFiles`) and returns one line per change. Steps touch
only what they recognise: a package a coder has extended or damaged keeps what a step does not
know about, and validation afterwards reports whatever is still wrong.

Nothing is half-written. Every step works on a copy in memory; only when all have succeeded
are the rewritten tables, then the descriptor, each written to a temporary file in the
package's folder and moved into place. The descriptor goes last: it records the new version,
so a package whose upgrade was interrupted still says it needs one (steps are written so that
running them again changes nothing more).

Version 2 (from 1, the packages written before the version was recorded):

- records the version: ``"talksbook_schema": 2``;
- ``date_claims.basis`` allows ``relative-day``: a day stated relative to another event ("the
  day before", "the next day"), which names that event in ``anchor_event_id`` and how many
  days from it in the new column ``offset_days`` (checked against the anchor's date);
- ``figures.unit`` allows ``day`` and ``call`` ("two days after the call", "the second call");
- ``outcomes.status`` allows ``conditional``: agreed, subject to conditions not yet met;
- the descriptions of those fields say so, where they still read as version 1 wrote them.
"""

from __future__ import annotations

import copy
import csv
import hashlib
import io
import json
import os
import stat
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..paths import DESCRIPTOR_NAME
from . import files
from .package import UnreadableDescriptor, read_descriptor
from .version import (
    FIRST_VERSION,
    SCHEMA_VERSION,
    VERSION_KEY,
    BadVersion,
    mismatch,
    shown,
    version_of,
)

__all__ = ["STEPS", "PackageFiles", "Step", "UpgradeError", "Upgraded", "upgrade"]


class UpgradeError(Exception):
    """A package that cannot be upgraded: not a package, unreadable, or written for a version
    this code does not know. ``problem`` and ``fix`` say which, and what to do."""

    def __init__(self, where: str, problem: str, fix: str) -> None:
        super().__init__(f"{where}: {problem}. Fix: {fix}")
        self.where, self.problem, self.fix = where, problem, fix


@dataclass
class PackageFiles:
    """The package's files as steps see them: read safely from its folder, written to memory
    (the upgrade writes them out once every step has succeeded)."""

    folder: Path
    written: dict[str, bytes] = field(default_factory=dict)
    #: What each rewritten file held before the upgrade (None: it did not exist).
    before: dict[str, bytes | None] = field(default_factory=dict)

    def read(self, path: str) -> bytes:
        """The bytes of ``path`` inside the package, as earlier steps left them."""
        if path in self.written:
            return self.written[path]
        return files.read_bytes(self.folder, path, files.MAX_TABLE_BYTES)

    def write(self, path: str, data: bytes) -> None:
        """Replace ``path`` inside the package with ``data`` (when the upgrade succeeds)."""
        if not files.safe_relative(path):
            raise files.UnsafeFile(path, "points outside the package", "fix the upgrade step")
        if path not in self.before:
            try:
                self.before[path] = files.read_bytes(self.folder, path, files.MAX_TABLE_BYTES)
            except files.UnsafeFile as error:
                if not error.missing:
                    raise
                self.before[path] = None
        self.written[path] = data


#: A step's work: edit the descriptor in place, rewrite files if need be, and return one line
#: per change, as "where: what changed".
Migration = Callable[[dict[str, Any], PackageFiles], list[str]]


@dataclass(frozen=True)
class Step:
    """How a package written for ``from_version`` becomes one for ``to_version``."""

    from_version: int
    to_version: int
    apply: Migration


@dataclass(frozen=True)
class Upgraded:
    """What :func:`upgrade` did: the versions before and after, and one line per change
    (none when the package was already at the current version)."""

    folder: Path
    from_version: int
    to_version: int
    changes: list[str]


def upgrade(root: str | Path) -> Upgraded:
    """Upgrade the package at ``root`` (a folder or its datapackage.json) to
    :data:`SCHEMA_VERSION`, writing its files only if every step succeeds.

    Raises :class:`UpgradeError` for a folder without a readable descriptor, a descriptor with
    no list of resources, a version that is not one, or a version newer than this code's.
    OSError (a read-only folder, say) is left to the caller."""
    root = Path(root)
    folder = root.parent if root.name == DESCRIPTOR_NAME else root
    where = str(folder / DESCRIPTOR_NAME)
    try:
        descriptor = read_descriptor(folder)
    except UnreadableDescriptor as error:
        raise UpgradeError(where, error.problem.message, error.problem.fix) from None
    if not isinstance(descriptor, dict) or not isinstance(descriptor.get("resources"), list):
        raise UpgradeError(
            where,
            "is not a data package descriptor (a JSON object with a list of resources)",
            "point at the folder of a data package",
        )
    try:
        version = version_of(descriptor)
    except BadVersion as error:
        raise UpgradeError(f"{where}: {VERSION_KEY}", error.problem, error.fix) from None
    if version > SCHEMA_VERSION:
        raise UpgradeError(
            where,
            mismatch(version),
            "use a newer talksbook, one that reads this version (packages are not downgraded)",
        )
    if version == SCHEMA_VERSION:
        return Upgraded(folder, version, version, [])
    upgraded = copy.deepcopy(descriptor)
    staged = PackageFiles(folder)
    try:
        changes = _migrate(upgraded, staged, version)
    except files.UnsafeFile as error:
        raise UpgradeError(str(folder / error.path), error.problem, error.fix) from None
    try:  # formatted as the shipped file is, so that a diff shows only the changes
        text = json.dumps(upgraded, ensure_ascii=False, indent=2, allow_nan=False) + "\n"
    except ValueError:  # NaN or Infinity: JSON cannot write them
        raise UpgradeError(
            where, "holds NaN or Infinity, which JSON cannot write", "write a number"
        ) from None
    for path, data in staged.written.items():
        _write_whole(folder / path, data)
    _write_whole(folder / DESCRIPTOR_NAME, text.encode("utf-8"))
    return Upgraded(folder, version, SCHEMA_VERSION, changes)


def _migrate(descriptor: dict[str, Any], staged: PackageFiles, version: int) -> list[str]:
    """Apply every step from ``version`` to :data:`SCHEMA_VERSION` to ``descriptor`` (in
    place) and ``staged``; return what changed, one line each: the steps' changes, the hashes
    of the tables they rewrote, and the recorded version last."""
    changes = []
    for step in STEPS:
        if step.from_version >= version:
            changes += step.apply(descriptor, staged)
    changes += _rehash_rewritten(descriptor, staged)
    was = f"{descriptor[VERSION_KEY]}" if VERSION_KEY in descriptor else "not recorded"
    _record_version(descriptor, SCHEMA_VERSION)
    changes.append(f"{VERSION_KEY}: {SCHEMA_VERSION} (the schema version; it was {was})")
    return changes


def _write_whole(path: Path, data: bytes) -> None:
    """Replace ``path`` with ``data`` at once: written to a temporary file in the same folder,
    flushed to disk, then moved over it. It keeps the permissions of the file it replaces."""
    try:
        mode = stat.S_IMODE(path.stat().st_mode)
    except FileNotFoundError:
        mode = 0o644
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".new")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, mode)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _record_version(descriptor: dict[str, Any], version: int) -> None:
    """Set the version, placed after the package's own ``version`` (the version of the data),
    or first, where the descriptor does not record it yet."""
    if VERSION_KEY in descriptor:
        descriptor[VERSION_KEY] = version
        return
    items = list(descriptor.items())
    after = next((i + 1 for i, (key, _) in enumerate(items) if key == "version"), 0)
    items.insert(after, (VERSION_KEY, version))
    descriptor.clear()
    descriptor.update(items)


def _rehash_rewritten(descriptor: dict[str, Any], staged: PackageFiles) -> list[str]:
    """The hash and size of every resource a step rewrote, where they matched the file before
    (a table edited by hand and not yet rehashed keeps its stale hash, for validation to
    report: the upgrade does not vouch for an edit it did not make)."""
    changes = []
    for resource in descriptor["resources"]:
        path = resource.get("path") if isinstance(resource, dict) else None
        if not isinstance(path, str) or path not in staged.written:
            continue
        before = staged.before.get(path)
        recorded = resource.get("hash")
        if before is not None and recorded != "sha256:" + hashlib.sha256(before).hexdigest():
            changes.append(
                f"{resource.get('name')}: hash left as it was: it did not match {path} before "
                "the upgrade (check the file, then run `talksbook data rehash`)"
            )
            continue
        data = staged.written[path]
        resource["hash"] = "sha256:" + hashlib.sha256(data).hexdigest()
        resource["bytes"] = len(data)
        changes.append(f"{resource.get('name')}: hash and bytes of the rewritten {path}")
    return changes


# --- what steps are made of ------------------------------------------------------------------


def _field(descriptor: dict[str, Any], resource: str, name: str) -> dict[str, Any] | None:
    """The descriptor entry of field ``name`` of ``resource``, or None (also where the
    descriptor is not shaped as expected: validation reports that, not the upgrade)."""
    for entry in descriptor.get("resources", []):
        if not isinstance(entry, dict) or entry.get("name") != resource:
            continue
        schema = entry.get("schema")
        fields = schema.get("fields") if isinstance(schema, dict) else None
        for spec in fields if isinstance(fields, list) else []:
            if isinstance(spec, dict) and spec.get("name") == name:
                return spec
    return None


def _allow(
    descriptor: dict[str, Any],
    resource: str,
    name: str,
    values: Sequence[str],
    why: str,
    after: str | None = None,
) -> list[str]:
    """Add ``values`` to the enum of a field (after ``after`` where it is listed, else at the
    end), those it lacks. A field without an enum allows them already: nothing to do."""
    spec = _field(descriptor, resource, name)
    constraints = spec.get("constraints") if spec is not None else None
    enum = constraints.get("enum") if isinstance(constraints, dict) else None
    if not isinstance(enum, list):
        return []
    new = [v for v in values if v not in enum]
    if not new:
        return []
    place = enum.index(after) + 1 if after is not None and after in enum else len(enum)
    enum[place:place] = new
    return [f"{resource}.{name}: allows {', '.join(shown(v) for v in new)} ({why})"]


def _describe(
    descriptor: dict[str, Any], resource: str, name: str, old: str, new: str, what: str
) -> list[str]:
    """Replace a field's description if it still reads ``old`` (a coder's own is kept)."""
    spec = _field(descriptor, resource, name)
    if spec is None or spec.get("description") != old:
        return []
    spec["description"] = new
    return [f"{resource}.{name}: description {what}"]


def _add_column(
    descriptor: dict[str, Any],
    staged: PackageFiles,
    resource: str,
    spec: dict[str, Any],
    after: str,
) -> list[str]:
    """Add the field ``spec`` to a resource's schema after field ``after``, and an empty
    column of that name to its table, at the same place. Nothing when the field exists (a
    second run), or when the resource is not shaped as expected (validation reports that)."""
    entry = next(
        (
            r
            for r in descriptor.get("resources", [])
            if isinstance(r, dict) and r.get("name") == resource
        ),
        None,
    )
    schema = entry.get("schema") if entry is not None else None
    fields = schema.get("fields") if isinstance(schema, dict) else None
    path = entry.get("path") if entry is not None else None
    if (
        not isinstance(fields, list)
        or not isinstance(path, str)
        or _field(descriptor, resource, spec["name"])
    ):
        return []
    names = [f.get("name") for f in fields if isinstance(f, dict)]
    if after not in names:
        return []
    text = staged.read(path).decode("utf-8")
    rows = list(csv.reader(io.StringIO(text, newline="")))
    if not rows or rows[0] != names:
        return []  # a header the schema does not describe: validation says so
    place = names.index(after) + 1
    for row in rows:
        row.insert(place, spec["name"] if row is rows[0] else "")
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    staged.write(path, out.getvalue().encode("utf-8"))
    fields.insert(place, spec)
    return [f"{resource}.{spec['name']}: new column after {after}, empty in {len(rows) - 1} rows"]


# --- the steps ---------------------------------------------------------------------------------


def _to_version_2(descriptor: dict[str, Any], staged: PackageFiles) -> list[str]:
    """Version 1 → 2: new coded values and the offset column (see the module's docstring)."""
    return [
        *_allow(
            descriptor,
            "date_claims",
            "basis",
            ["relative-day"],
            "a day stated relative to the anchor event, e.g. “the day before”",
            after="resolved-weekday",
        ),
        *_describe(
            descriptor,
            "date_claims",
            "basis",
            "stated, resolved-weekday (the weekday nearest the anchor), inferred-order or unknown.",
            "stated, resolved-weekday (the weekday nearest the anchor), relative-day (a day "
            "counted from the anchor: “the day before”), inferred-order or unknown.",
            "lists relative-day",
        ),
        *_describe(
            descriptor,
            "date_claims",
            "anchor_event_id",
            "Dated event against which a weekday or an order was resolved.",
            "Dated event against which a weekday, a relative day or an order was resolved "
            "(required for relative-day).",
            "mentions relative days",
        ),
        *_add_column(
            descriptor,
            staged,
            "date_claims",
            {
                "name": "offset_days",
                "type": "integer",
                "description": "For a relative-day claim: days from the anchor event's date to "
                "the day claimed (-1 for “the day before”); the claim's dates are checked "
                "against it whenever the anchor's date changes.",
            },
            after="anchor_event_id",
        ),
        *_allow(
            descriptor,
            "figures",
            "unit",
            ["day", "call"],
            "“two days after the call”, “the second call”",
        ),
        *_allow(
            descriptor,
            "outcomes",
            "status",
            ["conditional"],
            "agreed, subject to conditions not yet met",
            after="agreed",
        ),
        *_describe(
            descriptor,
            "outcomes",
            "status",
            "agreed, planned or under-study.",
            "agreed, conditional (agreed, subject to conditions not yet met), planned or "
            "under-study.",
            "lists conditional",
        ),
    ]


#: Every step, in order: version n to n + 1, from the first version to :data:`SCHEMA_VERSION`.
STEPS: tuple[Step, ...] = (Step(1, 2, _to_version_2),)

if [(s.from_version, s.to_version) for s in STEPS] != [
    (v, v + 1) for v in range(FIRST_VERSION, SCHEMA_VERSION)
]:  # pragma: no cover - a mistake in this file, caught on import
    raise RuntimeError(f"upgrade steps do not lead from version 1 to {SCHEMA_VERSION}")
