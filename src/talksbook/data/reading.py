"""Read one CSV resource as text, exactly as written, with the line of every record.

Nothing here converts values: ``NA``, ``null``, ``None`` and ``007`` stay strings. Encoding,
byte-order marks, hidden characters and ragged rows are reported as problems, all at once.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from operator import itemgetter
from typing import Any, Protocol

from .problems import Problem

BOM = b"\xef\xbb\xbf"
# Bidi controls can reorder what a reader sees (the "Trojan Source" trick); zero-width characters
# make two identical-looking ids differ; C0/C1 controls have no business in a cell.
BIDI_CONTROLS = "\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"
ZERO_WIDTH = "\u200b-\u200d\u2060\ufeff"
CONTROLS = "\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f"
# U+2028/U+2029 are line breaks that most editors do not show, and Vega's expression parser
# ends a string literal at them: a chart whose title holds one cannot be drawn.
SEPARATORS = "\u2028\u2029"
HIDDEN = re.compile(f"[{BIDI_CONTROLS}{ZERO_WIDTH}{CONTROLS}{SEPARATORS}]")


@dataclass
class RawTable:
    """A resource as strings: its header, its records and the line each record starts on."""

    name: str
    file: str
    header: list[str] = field(default_factory=list)
    rows: list[list[str]] = field(default_factory=list)
    lines: list[int] = field(default_factory=list)
    # The sets of key values other tables refer to, made once per key (a table of 200,000
    # evidence rows is the target of eight foreign keys); kept with the rows they came from.
    _keys: dict[tuple[tuple[str, ...], bool], tuple[list[list[str]], set[Any]]] = field(
        default_factory=dict, repr=False, compare=False
    )

    def keys(self, columns: tuple[str, ...], flat: bool = False) -> set[Any]:
        """The distinct values of ``columns`` as tuples (or, ``flat``, of one column as
        strings), cached while the rows are the same list."""
        cached = self._keys.get((columns, flat))
        if cached is not None and cached[0] is self.rows:
            return cached[1]
        values: set[Any] = (
            set(self.column(columns[0]))
            if flat
            else set(zip(*(self.column(c) for c in columns), strict=True))
            if self.rows
            else set()
        )
        self._keys[(columns, flat)] = (self.rows, values)
        return values

    def records(self) -> list[dict[str, str]]:
        """Rows as dicts keyed by column name (missing columns read as empty)."""
        return [dict(zip(self.header, row, strict=False)) for row in self.rows]

    def column(self, name: str) -> list[str]:
        """All values of one column, in row order (empty strings if the column is absent)."""
        if name not in self.header:
            return [""] * len(self.rows)
        return list(map(itemgetter(self.header.index(name)), self.rows))


def describe_hidden(char: str) -> str:
    """Name a hidden character so that the message says what to look for."""
    kind = "bidi control" if re.match(f"[{BIDI_CONTROLS}]", char) else "invisible"
    return f"{kind} character U+{ord(char):04X}"


def decode(data: bytes, file: str, problems: list[Problem]) -> str | None:
    """Decode UTF-8 strictly, reporting a BOM and bad bytes; line endings become LF."""
    if data.startswith(BOM):
        problems.append(
            Problem(
                file,
                1,
                "",
                "file starts with a UTF-8 byte-order mark (BOM)",
                "save the file as UTF-8 without BOM",
            )
        )
        data = data[len(BOM) :]
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        problems.append(
            Problem(file, 1, "", "file is encoded as UTF-16", "save the file as UTF-8 without BOM")
        )
        return None
    if _utf16_without_bom(data):
        # It decodes as "valid" UTF-8 with a NUL after every ASCII letter, and would then be
        # blamed on quoting.
        problems.append(
            Problem(
                file,
                1,
                "",
                "file looks like UTF-16 without a byte-order mark (NUL bytes in every other place)",
                "save the file as UTF-8 without BOM",
            )
        )
        return None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        problems.append(
            Problem(
                file,
                line,
                "",
                f"byte 0x{data[error.start]:02X} is not valid UTF-8 (the file may be "
                "Windows-1256 or Latin-1)",
                "re-save the file as UTF-8",
            )
        )
        return None
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _utf16_without_bom(data: bytes) -> bool:
    """NUL bytes on one side of every byte pair only, and many of them: the ASCII letters,
    digits and commas of a UTF-16 CSV. A stray NUL in UTF-8 text is left to the cell check."""
    even, odd = data[0::2].count(0), data[1::2].count(0)
    return min(even, odd) == 0 and max(even, odd) * 10 >= len(data) // 2 > 0


def parse_table(data: bytes, name: str, file: str, problems: list[Problem]) -> RawTable:
    """Parse the bytes of a CSV file into a :class:`RawTable`, appending every structural
    problem found."""
    table = RawTable(name=name, file=file)
    text = decode(data, file, problems)
    if text is None:
        return table
    if not text.strip():
        problems.append(Problem(file, 1, "", "file is empty", "write at least the header row"))
        return table
    if not _parse_fast(text, table):
        _parse(text, table, problems)
    _check_shape(table, problems)
    if HIDDEN.search(text):
        _report_hidden(table, problems)
    return table


def _parse_fast(text: str, table: RawTable) -> bool:
    """Parse in one call when every record sits on its own line (the usual case); False if
    the text needs the line-by-line parser: a quoted line break, or a CSV error to locate."""
    try:
        records = list(csv.reader(io.StringIO(text, newline=""), strict=True))
    except csv.Error:
        return False
    physical = text.count("\n") + (0 if text.endswith("\n") else 1)
    if len(records) != physical:  # a record spans lines: only the slow path knows where
        return False
    lines = [line for line, row in enumerate(records, 1) if row]
    rows = [row for row in records if row]
    if not rows:
        return False
    table.header = rows[0]
    table.rows, table.lines = rows[1:], lines[1:]
    return True


def _parse(text: str, table: RawTable, problems: list[Problem]) -> None:
    """Parse record by record, keeping the line each one starts on and locating errors."""
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        records = _records(reader)
        table.header = next(records)[1]
        for line, row in records:
            table.lines.append(line)
            table.rows.append(row)
    except csv.Error as error:
        problems.append(
            Problem(
                table.file,
                reader.line_num,
                "",
                f"the CSV cannot be parsed ({error})",
                'close the open quote, or double any quote inside a quoted cell ("")',
            )
        )


class _Reader(Protocol):
    """What :func:`_records` uses of a ``csv.reader``."""

    line_num: int

    def __next__(self) -> list[str]: ...


def _records(reader: _Reader) -> Iterator[tuple[int, list[str]]]:
    """Yield (first line, record) pairs, skipping blank lines, which carry no data."""
    while True:
        line = reader.line_num + 1
        try:
            row = next(reader)
        except StopIteration:
            return
        if row:
            yield line, row


def _check_shape(table: RawTable, problems: list[Problem]) -> None:
    """Report rows whose number of cells differs from the header's, and drop them."""
    width = len(table.header)
    if set(map(len, table.rows)) <= {width}:
        return
    keep_rows, keep_lines = [], []
    for line, row in zip(table.lines, table.rows, strict=True):
        if len(row) == width:
            keep_rows.append(row)
            keep_lines.append(line)
            continue
        more = len(row) > width
        problems.append(
            Problem(
                table.file,
                line,
                "",
                f"row has {len(row)} cells but the header has {width}",
                "remove the extra cells, or quote cells that contain commas"
                if more
                else "add the missing cells (empty cells still need their commas)",
            )
        )
    table.rows, table.lines = keep_rows, keep_lines


def _report_hidden(table: RawTable, problems: list[Problem]) -> None:
    """Locate hidden characters cell by cell (only called when the file contains some)."""
    for index, name in enumerate(table.header):
        if match := HIDDEN.search(name):
            problems.append(
                Problem(
                    table.file,
                    1,
                    name.encode("unicode_escape").decode(),
                    f"header contains an {describe_hidden(match.group())}",
                    "retype the column name",
                )
            )
        for line, row in zip(table.lines, table.rows, strict=True):
            if index < len(row) and (match := HIDDEN.search(row[index])):
                problems.append(
                    Problem(
                        table.file,
                        line,
                        name,
                        f"contains an {describe_hidden(match.group())} at character "
                        f"{match.start() + 1}",
                        "delete the invisible character (retype the cell if unsure)",
                    )
                )
