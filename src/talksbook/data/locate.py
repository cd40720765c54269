"""Find a quote in an archived source and give the offsets an evidence row needs."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

from . import files


@dataclass(frozen=True)
class Occurrence:
    """Where a quote occurs: 1-based line, and code-point offsets (end exclusive)."""

    line: int
    start: int
    end: int


def occurrences(text: str, quote: str) -> list[Occurrence]:
    """Every occurrence of ``quote`` in ``text`` (empty if it does not occur verbatim)."""
    found, position = [], text.find(quote)
    while quote and position >= 0:
        line = text.count("\n", 0, position) + 1
        found.append(Occurrence(line, position, position + len(quote)))
        position = text.find(quote, position + 1)
    return found


def source_text(folder: Path, source_id: str) -> tuple[str, str]:
    """The path and text of the archived file of ``source_id``, according to sources.csv.

    Raises KeyError for an unknown source, :class:`~talksbook.data.files.UnsafeFile` for a
    file that is not a regular file inside the package, ValueError for text that is not UTF-8.
    """
    table = files.read_bytes(folder, "sources.csv", files.MAX_TABLE_BYTES).decode("utf-8")
    for row in csv.DictReader(io.StringIO(table, newline="")):
        if row.get("id") == source_id and row.get("path"):
            return row["path"], files.read_bytes(folder, row["path"]).decode("utf-8")
    raise KeyError(f"no archived source with id {source_id!r} in {folder / 'sources.csv'}")
