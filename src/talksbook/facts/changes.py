"""What changed in the data since the previous edition of the book?

Two editions' packages are compared table by table. Rows are matched by their table's key: the
primary key the descriptor declares, else ``id``, else the whole row. A row whose key only this
edition has was added, one whose key only the previous edition had was removed, and one whose
key both have but whose values differ was changed, with the columns that differ. Columns only
one edition's table has are reported for the table, not as a change of every row.

Values are compared as values, not as text: a missing value equals a missing value ("" in a
text column, NA, NaT), 90 equals 90.0, and a date equals the same date.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
import pandas as pd

from ..data import Package

__all__ = ["Changes", "Key", "RowChange", "RowRef", "TableChanges", "compare", "table_key"]

#: A row's key: the text of its key columns, in the key's order.
Key = tuple[str, ...]
#: Whether a table is in both editions, or in only this one or the previous one.
TableStatus = Literal["kept", "added", "removed"]


@dataclass(frozen=True)
class RowRef:
    """A row added (``row``: its position in this edition's table) or removed (its position in
    the previous edition's table)."""

    key: Key
    row: int


@dataclass(frozen=True)
class RowChange:
    """A row both editions have, with different values: its positions in this edition's table
    (``row``) and in the previous one's (``previous_row``), and the columns that differ, in
    the order of this edition's table."""

    key: Key
    row: int
    previous_row: int
    columns: tuple[str, ...]


@dataclass(frozen=True)
class TableChanges:
    """One table's changes. ``added`` and ``changed`` are in this edition's file order,
    ``removed`` in the previous edition's; ``key`` names the columns rows were matched by."""

    name: str
    key: tuple[str, ...] = ()
    added: tuple[RowRef, ...] = ()
    removed: tuple[RowRef, ...] = ()
    changed: tuple[RowChange, ...] = ()
    columns_added: tuple[str, ...] = ()
    columns_removed: tuple[str, ...] = ()
    status: TableStatus = "kept"

    @property
    def rows(self) -> int:
        """Rows added, removed or changed."""
        return len(self.added) + len(self.removed) + len(self.changed)

    @property
    def any(self) -> bool:
        """Whether anything about the table changed (rows, columns, or the table itself)."""
        return bool(
            self.rows or self.columns_added or self.columns_removed or self.status != "kept"
        )


@dataclass(frozen=True)
class Changes:
    """This edition's data against the previous edition's. ``first_edition``: there was no
    previous edition (nothing else is then set). ``tables``: every table of either edition,
    in this edition's order, then those only the previous edition had. ``version`` and
    ``previous_version``: the descriptors' ``version`` ("" where there is none)."""

    first_edition: bool = False
    tables: tuple[TableChanges, ...] = ()
    version: str = ""
    previous_version: str = ""

    def __getitem__(self, name: str) -> TableChanges:
        """The changes of table ``name`` (none, for a table neither edition has)."""
        return next((t for t in self.tables if t.name == name), TableChanges(name))

    @property
    def rows(self) -> int:
        """Rows added, removed or changed, in every table."""
        return sum(t.rows for t in self.tables)

    @property
    def any(self) -> bool:
        """Whether anything in the data changed (the version alone is not the data)."""
        return any(t.any for t in self.tables)

    @property
    def tables_added(self) -> tuple[str, ...]:
        return tuple(t.name for t in self.tables if t.status == "added")

    @property
    def tables_removed(self) -> tuple[str, ...]:
        return tuple(t.name for t in self.tables if t.status == "removed")


def compare(current: Package, previous: Package | None) -> Changes:
    """What changed from ``previous`` (the previous edition's package; None when this is the
    first edition) to ``current``."""
    if previous is None:
        return Changes(first_edition=True, version=_version(current))
    names = list(dict.fromkeys([*_order(current), *_order(previous)]))
    tables = []
    for name in names:
        now, before = current.tables.get(name), previous.tables.get(name)
        key = table_key(current if now is not None else previous, name, now, before)
        if before is None and now is not None:
            tables.append(TableChanges(name, key, added=_refs(now, key), status="added"))
        elif now is None and before is not None:
            tables.append(TableChanges(name, key, removed=_refs(before, key), status="removed"))
        elif now is not None and before is not None:
            tables.append(_table(name, key, now, before))
    return Changes(
        tables=tuple(tables), version=_version(current), previous_version=_version(previous)
    )


def table_key(
    package: Package, name: str, now: pd.DataFrame | None, before: pd.DataFrame | None = None
) -> tuple[str, ...]:
    """The columns rows of table ``name`` are matched by: the descriptor's primary key, else
    ``id``, else every column; only columns both editions' tables have (``before`` may be
    None), and only if they tell each row of each table apart."""
    frames = [f for f in (now, before) if f is not None]
    if not frames:
        return ()
    common = [c for c in frames[0].columns if all(c in f.columns for f in frames)]
    declared = _primary_key(package, name)
    for key in (declared, ["id"]):
        if key and all(c in common for c in key) and all(_unique(f, key) for f in frames):
            return tuple(key)
    return tuple(str(c) for c in common)


def _order(package: Package) -> list[str]:
    """The package's tables in its descriptor's order (those it does not list, after)."""
    listed = [str(r.get("name", "")) for r in package.descriptor.get("resources", [])]
    return [n for n in listed if n in package.tables] + [
        n for n in package.tables if n not in listed
    ]


def _version(package: Package) -> str:
    version = package.descriptor.get("version")
    return version if isinstance(version, str) else ""


def _primary_key(package: Package, name: str) -> list[str]:
    for resource in package.descriptor.get("resources", []):
        if resource.get("name") == name:
            key = resource.get("schema", {}).get("primaryKey")
            if isinstance(key, str):
                return [key]
            if isinstance(key, list) and all(isinstance(k, str) for k in key):
                return list(key)
    return []


def _unique(frame: pd.DataFrame, key: Sequence[str]) -> bool:
    return not frame.duplicated(subset=list(key)).any()


def _texts(series: pd.Series[Any]) -> list[str]:
    """A key column as text ("" for a missing value)."""
    return [_canonical(v) for v in series.tolist()]


def _keys(frame: pd.DataFrame, key: Sequence[str]) -> list[Key]:
    if not key:
        return [() for _ in range(len(frame))]
    return list(zip(*(_texts(frame[c]) for c in key), strict=True))


def _refs(frame: pd.DataFrame, key: Sequence[str]) -> tuple[RowRef, ...]:
    return tuple(RowRef(k, i) for i, k in enumerate(_keys(frame, key)))


def _table(
    name: str, key: tuple[str, ...], now: pd.DataFrame, before: pd.DataFrame
) -> TableChanges:
    now_keys, before_keys = _keys(now, key), _keys(before, key)
    # With a key that does not tell rows apart (whole rows with duplicates), the first of each.
    now_at = {k: i for i, k in reversed(list(enumerate(now_keys)))}
    before_at = {k: i for i, k in reversed(list(enumerate(before_keys)))}
    added = tuple(RowRef(k, i) for i, k in enumerate(now_keys) if k not in before_at)
    removed = tuple(RowRef(k, i) for i, k in enumerate(before_keys) if k not in now_at)
    kept = [(k, i, before_at[k]) for i, k in enumerate(now_keys) if k in before_at]
    kept = [(k, i, j) for k, i, j in kept if now_at[k] == i]  # each key once
    columns = [str(c) for c in now.columns if c in before.columns and c not in key]
    rows_now = [i for _, i, _ in kept]
    rows_before = [j for _, _, j in kept]
    differs = {
        column: _differs(
            now[column].iloc[rows_now].reset_index(drop=True),
            before[column].iloc[rows_before].reset_index(drop=True),
        )
        for column in columns
    }
    changed = []
    if columns and kept:
        matrix = np.column_stack([differs[c] for c in columns])
        for position in np.flatnonzero(matrix.any(axis=1)):
            k, i, j = kept[position]
            which = tuple(c for c, d in zip(columns, matrix[position], strict=True) if d)
            changed.append(RowChange(k, i, j, which))
    return TableChanges(
        name,
        key,
        added=added,
        removed=removed,
        changed=tuple(changed),
        columns_added=tuple(str(c) for c in now.columns if c not in before.columns),
        columns_removed=tuple(str(c) for c in before.columns if c not in now.columns),
    )


def _differs(now: pd.Series[Any], before: pd.Series[Any]) -> np.ndarray[Any, np.dtype[np.bool_]]:
    """Per position, whether the two aligned columns hold different values."""
    both_missing = _missing(now) & _missing(before)
    if now.dtype == before.dtype:
        try:
            equal = np.asarray((now == before).fillna(False).to_numpy(dtype=bool))
        except (TypeError, ValueError):  # values that do not compare so (pd.NA in objects)
            pass
        else:
            return ~(equal | both_missing)
    left, right = _canonicals(now), _canonicals(before)
    return np.array([a != b for a, b in zip(left, right, strict=True)], dtype=bool)


def _missing(series: pd.Series[Any]) -> np.ndarray[Any, np.dtype[np.bool_]]:
    """Missing values: NA, NaN, NaT, and "" (how the data write missing text)."""
    blank: np.ndarray[Any, np.dtype[np.bool_]] = series.isna().to_numpy(dtype=bool)
    if pd.api.types.is_string_dtype(series.dtype):
        empty = np.array([isinstance(v, str) and not v for v in series.tolist()], dtype=bool)
        blank = blank | empty
    return blank


def _canonicals(series: pd.Series[Any]) -> list[str]:
    return [_canonical(v) for v in series.tolist()]


def _canonical(value: object) -> str:
    """A value as comparable text: "" when missing, whole numbers without ".0", dates as
    YYYY-MM-DD (with the time only when there is one)."""
    if value is None or value is pd.NA or value is pd.NaT:
        return ""
    if isinstance(value, bool | np.bool_):
        return str(bool(value))
    if isinstance(value, int | np.integer):
        return str(int(value))
    if isinstance(value, float | np.floating):
        number = float(value)
        if math.isnan(number):
            return ""
        return str(int(number)) if number.is_integer() else repr(number)
    if isinstance(value, pd.Timestamp):
        return value.isoformat() if value != value.normalize() else value.strftime("%Y-%m-%d")
    return str(value)
