"""Property-based tests: whatever bytes the loader gets, it answers with problems, not a crash.

Each example writes one file of a scratch copy of the package (a CSV or the descriptor), runs
``validate`` and restores the file. The properties:

* the result is always a list of :class:`Problem`, each printable as ``file:line: … Fix: …``;
* the same table re-written as UTF-8 with any quoting style and any line endings stays valid;
* any other encoding (UTF-8 with BOM, Windows-1256, UTF-16) is reported, with the file named.
"""

from __future__ import annotations

import csv
import io
import json
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from talksbook.data import Problem, load, validate
from talksbook.data.rehash import rehash
from talksbook.paths import DATA_DIR

# Small tables keep each example fast; statements has long quoted Arabic cells with commas.
TABLES = ["topics", "statements", "figures"]
FUZZ = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@pytest.fixture(scope="module")
def scratch(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One copy of data/ shared by every example; each example restores what it changed."""
    target = tmp_path_factory.mktemp("fuzz") / "data"
    shutil.copytree(DATA_DIR, target)
    return target


class Restore:
    """Remember files' bytes and put them back (the descriptor included, for rehash)."""

    def __init__(self, folder: Path, *names: str) -> None:
        self.saved = {folder / name: (folder / name).read_bytes() for name in names}

    def __enter__(self) -> Restore:
        return self

    def __exit__(self, *_: object) -> None:
        for path, data in self.saved.items():
            path.write_bytes(data)


def checked(folder: Path) -> list[Problem]:
    """validate(), asserting the shape of its answer: never an exception, always Problems."""
    problems = validate(folder)
    assert isinstance(problems, list)
    for problem in problems:
        assert isinstance(problem, Problem)
        text = str(problem)
        assert text.startswith(problem.file) and ". Fix: " in text, text
    return problems


def rows_of(table: str) -> list[list[str]]:
    text = (DATA_DIR / f"{table}.csv").read_text(encoding="utf-8")
    return list(csv.reader(io.StringIO(text, newline="")))


QUOTING = {
    "minimal": csv.QUOTE_MINIMAL,
    "all": csv.QUOTE_ALL,
    "nonnumeric": csv.QUOTE_NONNUMERIC,
}


def written(rows: list[list[str]], quoting: str, newline: str) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, quoting=QUOTING[quoting], lineterminator=newline).writerows(rows)
    return buffer.getvalue()


# --- arbitrary bytes -------------------------------------------------------------------------


@FUZZ
@given(table=st.sampled_from(TABLES), data=st.binary(max_size=2_000), rehashed=st.booleans())
def test_arbitrary_bytes_in_a_table(scratch: Path, table: str, data: bytes, rehashed: bool):
    with Restore(scratch, f"{table}.csv", "datapackage.json"):
        (scratch / f"{table}.csv").write_bytes(data)
        if rehashed:
            rehash(scratch)
        problems = checked(scratch)
        assert problems, "arbitrary bytes cannot make a valid table"


@FUZZ
@given(
    table=st.sampled_from(TABLES),
    text=st.text(alphabet=st.characters(codec="utf-8"), max_size=600),
    position=st.integers(min_value=0),
)
def test_arbitrary_text_spliced_into_a_table(scratch: Path, table: str, text: str, position: int):
    """Valid UTF-8 in the middle of a real table: stray quotes, commas, NULs, line breaks."""
    original = (DATA_DIR / f"{table}.csv").read_text(encoding="utf-8")
    at = position % (len(original) + 1)
    with Restore(scratch, f"{table}.csv", "datapackage.json"):
        (scratch / f"{table}.csv").write_text(original[:at] + text + original[at:], "utf-8")
        rehash(scratch)
        checked(scratch)


# --- encodings, quoting, line endings ---------------------------------------------------------


@FUZZ
@given(
    table=st.sampled_from(TABLES),
    quoting=st.sampled_from(sorted(QUOTING)),
    newline=st.sampled_from(["\n", "\r\n", "\r"]),
)
def test_utf8_with_any_quoting_and_line_ending_stays_valid(
    scratch: Path, table: str, quoting: str, newline: str
):
    rows = rows_of(table)
    with Restore(scratch, f"{table}.csv", "datapackage.json"):
        (scratch / f"{table}.csv").write_bytes(written(rows, quoting, newline).encode("utf-8"))
        rehash(scratch)
        assert checked(scratch) == []
        # Values are read as written: quoting never turns "007" into 7 or "" into NaN.
        frame = load(scratch)[table]
        assert frame.shape[0] == len(rows) - 1


@FUZZ
@given(
    table=st.sampled_from(TABLES),
    encoding=st.sampled_from(["utf-8-sig", "cp1256", "utf-16", "utf-16-le", "utf-16-be"]),
    quoting=st.sampled_from(sorted(QUOTING)),
    newline=st.sampled_from(["\n", "\r\n", "\r"]),
)
def test_other_encodings_are_reported(
    scratch: Path, table: str, encoding: str, quoting: str, newline: str
):
    text = written(rows_of(table), quoting, newline)
    with Restore(scratch, f"{table}.csv", "datapackage.json"):
        (scratch / f"{table}.csv").write_bytes(text.encode(encoding, errors="replace"))
        rehash(scratch)
        problems = checked(scratch)
        mine = [p for p in problems if p.file == str(scratch / f"{table}.csv")]
        assert mine, problems
        words = " ".join(str(p) for p in mine)
        assert any(w in words for w in ("UTF-8", "UTF-16", "byte-order mark", "NUL")), words


@FUZZ
@given(
    table=st.sampled_from(TABLES),
    row=st.integers(min_value=1),
    column=st.integers(min_value=0),
    value=st.text(max_size=200),
    quoting=st.sampled_from(sorted(QUOTING)),
    newline=st.sampled_from(["\n", "\r\n"]),
)
def test_any_cell_value_is_validated_not_crashed_on(
    scratch: Path, table: str, row: int, column: int, value: str, quoting: str, newline: str
):
    rows = rows_of(table)
    target = rows[row % (len(rows) - 1) + 1]
    target[column % len(target)] = value
    with Restore(scratch, f"{table}.csv", "datapackage.json"):
        (scratch / f"{table}.csv").write_bytes(written(rows, quoting, newline).encode("utf-8"))
        rehash(scratch)
        checked(scratch)


# --- the descriptor ---------------------------------------------------------------------------

JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner),
    max_leaves=12,
)


def _paths(value: Any, prefix: tuple = ()) -> Iterator[tuple]:
    """Every path (a tuple of keys and indexes) into a JSON value."""
    yield prefix
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _paths(item, (*prefix, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _paths(item, (*prefix, index))


DESCRIPTOR = json.loads((DATA_DIR / "datapackage.json").read_text(encoding="utf-8"))
PATHS = [p for p in _paths(DESCRIPTOR) if p]


def _replaced(value: Any, path: tuple, new: Any) -> Any:
    if not path:
        return new
    copy = value.copy()
    copy[path[0]] = _replaced(value[path[0]], path[1:], new)
    return copy


@FUZZ
@given(path=st.sampled_from(PATHS), new=JSON)
# Found by this test in CI: a foreign key whose reference names no fields.
@example(path=("resources", 4, "schema", "foreignKeys", 1, "reference", "fields"), new=[])
@example(path=("resources", 4, "schema", "foreignKeys", 1, "fields"), new=[])
def test_any_descriptor_value_is_validated_not_crashed_on(scratch: Path, path: tuple, new: Any):
    with Restore(scratch, "datapackage.json"):
        descriptor = _replaced(DESCRIPTOR, path, new)
        (scratch / "datapackage.json").write_text(json.dumps(descriptor), encoding="utf-8")
        checked(scratch)


@FUZZ
@given(data=st.binary(max_size=500) | JSON.map(lambda v: json.dumps(v).encode()))
def test_arbitrary_descriptor_bytes(scratch: Path, data: bytes):
    with Restore(scratch, "datapackage.json"):
        (scratch / "datapackage.json").write_bytes(data)
        assert checked(scratch), "such a descriptor cannot describe this package"
