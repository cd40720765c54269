"""Find a quote in an archived source and give the offsets an evidence row needs."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path


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


def source_path(folder: Path, source_id: str) -> Path:
    """The archived file of ``source_id`` according to sources.csv."""
    with (folder / "sources.csv").open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            if row["id"] == source_id and row["path"]:
                return folder / row["path"]
    raise KeyError(f"no archived source with id {source_id!r} in {folder / 'sources.csv'}")
