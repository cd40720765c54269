"""A catalogue of broken packages: each fault is reported with its file, line and column."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import read_rows, set_cell, write_rows

from talksbook.data import ValidationError, load, validate
from talksbook.data.rehash import rehash

Expected = tuple[str, int, str, str]  # file name, line, column, words in the message


def impossible_date(d: Path) -> Expected:
    line = set_cell(d, "events", "call-2025", "date_earliest", "2025-02-30")
    return "events.csv", line, "date_earliest", "not a valid date"


def unknown_actor(d: Path) -> Expected:
    line = set_cell(d, "statements", "st-tass", "speaker_id", "tas")
    return "statements.csv", line, "speaker_id", "'tas' is not an id in"


def duplicate_id(d: Path) -> Expected:
    line = set_cell(d, "topics", "energy", "id", "middle-east")
    return "topics.csv", line, "id", "duplicate"


def quote_moved(d: Path) -> Expected:
    line = set_cell(d, "evidence", "ev-call", "start", "430")
    return "evidence.csv", line, "start", "not at 430"


def quote_altered(d: Path) -> Expected:
    rows = read_rows(d / "evidence.csv")
    exact = next(r for r in rows if r[0] == "ev-zelensky")[6]
    line = set_cell(d, "evidence", "ev-zelensky", "exact", exact.replace("أوكرانيا", "اوكرانيا"))
    return "evidence.csv", line, "exact", "does not occur in the source"


def source_hash_mismatch(d: Path) -> Expected:
    article = d / "sources" / "article-ar.txt"
    article.write_bytes(article.read_bytes() + b"\n")
    return "sources.csv", 2, "sha256", "does not match"


def missing_required_column(d: Path) -> Expected:
    rows = read_rows(d / "statements.csv")
    index = rows[0].index("stance")
    write_rows(d / "statements.csv", [r[:index] + r[index + 1 :] for r in rows])
    rehash(d)
    return "statements.csv", 1, "stance", "required column is missing"


def byte_order_mark(d: Path) -> Expected:
    path = d / "topics.csv"
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    rehash(d)
    return "topics.csv", 1, "", "byte-order mark"


def bidi_control(d: Path) -> Expected:
    line = set_cell(d, "actors", "putin", "name_en", "Vladimir \u202ePutin")
    return "actors.csv", line, "name_en", "bidi control character U+202E"


def zero_width(d: Path) -> Expected:
    line = set_cell(d, "sources", "geonames", "outlet", "Geo\u200bNames")
    return "sources.csv", line, "outlet", "invisible character U+200B"


def empty_file(d: Path) -> Expected:
    (d / "figures.csv").write_bytes(b"")
    rehash(d)
    return "figures.csv", 1, "", "file is empty"


def extra_cells(d: Path) -> Expected:
    path = d / "outcomes.csv"
    lines = path.read_text(encoding="utf-8").split("\n")
    lines[3] += ",surplus"
    path.write_text("\n".join(lines), encoding="utf-8")
    rehash(d)
    width = len(lines[0].split(","))  # (the header has no quoted commas)
    return "outcomes.csv", 4, "", f"row has {width + 1} cells but the header has {width}"


def earliest_after_latest(d: Path) -> Expected:
    line = set_cell(d, "statements", "st-rubio-journey", "date_latest", "2025-02-01")
    return "statements.csv", line, "date_latest", "is before date_earliest"


def wrong_weekday(d: Path) -> Expected:
    set_cell(d, "date_claims", "dc-very-soon-sunday", "earliest", "2025-02-15")
    line = set_cell(d, "date_claims", "dc-very-soon-sunday", "latest", "2025-02-15")
    return "date_claims.csv", line, "earliest", "2025-02-15 is a Saturday, not a Sunday"


def _relative_day(d: Path, offset: str) -> int:
    """The Wednesday of the call, coded instead as a day counted from the Riyadh talks
    (Tuesday 18 February): valid with offset -6."""
    set_cell(d, "date_claims", "dc-call-wednesday", "basis", "relative-day")
    return set_cell(d, "date_claims", "dc-call-wednesday", "offset_days", offset)


def relative_day_without_offset(d: Path) -> Expected:
    line = _relative_day(d, "")
    return "date_claims.csv", line, "offset_days", "needs its distance from the anchor"


def relative_day_miscounted(d: Path) -> Expected:
    line = _relative_day(d, "-5")
    return "date_claims.csv", line, "earliest", "is 2025-02-13, but the claim says 2025-02-12"


def mixed_units_for_one_quantity(d: Path) -> Expected:
    set_cell(d, "figures", "fig-call-duration-60", "value", "1")
    line = set_cell(d, "figures", "fig-call-duration-60", "unit", "year")
    return "figures.csv", line, "unit", "differs from the unit of fig-call-duration-90 ('minute')"


def descriptor_hash_stale(d: Path) -> Expected:
    set_cell(d, "assessments", "as-risk-prolonged", "label_en", "Risk", keep_hash=True)
    return "datapackage.json", 0, "assessments", "run `talksbook data rehash`"


def windows_1256(d: Path) -> Expected:
    path = d / "topics.csv"
    path.write_bytes(path.read_text(encoding="utf-8").encode("cp1256", errors="replace"))
    rehash(d)
    return "topics.csv", 2, "", "not valid UTF-8"


def alias_not_in_source(d: Path) -> Expected:
    rows = read_rows(d / "aliases.csv")
    line = next(i for i, r in enumerate(rows) if r[:2] == ["tass", "تاس"]) + 1
    rows[line - 1][1] = "طاس"
    write_rows(d / "aliases.csv", rows)
    rehash(d)
    return "aliases.csv", line, "alias", "does not occur in art-ar"


def statement_not_verbatim(d: Path) -> Expected:
    line = set_cell(d, "statements", "st-zelensky", "text_ar", "رفض زيلينسكي الاتفاق")
    return "statements.csv", line, "text_ar", "not a verbatim part of evidence ev-zelensky"


FAULTS: list[Callable[[Path], Expected]] = [
    impossible_date,
    relative_day_without_offset,
    relative_day_miscounted,
    mixed_units_for_one_quantity,
    unknown_actor,
    duplicate_id,
    quote_moved,
    quote_altered,
    source_hash_mismatch,
    missing_required_column,
    byte_order_mark,
    bidi_control,
    zero_width,
    empty_file,
    extra_cells,
    earliest_after_latest,
    wrong_weekday,
    windows_1256,
    alias_not_in_source,
    statement_not_verbatim,
    descriptor_hash_stale,  # last: the others rehash, which would repair it
]


def reported(problems, folder: Path, expected: Expected) -> bool:
    name, line, column, words = expected
    return any(
        p.file == str(folder / name) and p.line == line and p.column == column and words in str(p)
        for p in problems
    )


@pytest.mark.parametrize("fault", FAULTS, ids=lambda f: f.__name__)
def test_each_fault_is_located(package_dir: Path, fault):
    expected = fault(package_dir)
    problems = validate(package_dir)
    assert reported(problems, package_dir, expected), "\n".join(map(str, problems))
    for problem in problems:
        assert ". Fix: " in str(problem)


def test_all_faults_are_reported_in_one_run(package_dir: Path):
    # Faults that replace a whole file would hide the others in that file; these touch
    # different cells, so every one must survive to the report.
    faults = [f for f in FAULTS if f not in (windows_1256, empty_file, relative_day_without_offset)]
    expected = [fault(package_dir) for fault in faults]
    problems = validate(package_dir)
    missing = [e for e in expected if not reported(problems, package_dir, e)]
    assert missing == [], "\n".join(map(str, problems))


def test_cli_prints_every_problem_and_fails(package_dir: Path):
    impossible_date(package_dir)
    bidi_control(package_dir)
    result = subprocess.run(
        [sys.executable, "-m", "talksbook", "validate", str(package_dir)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1
    lines = result.stdout.strip().splitlines()
    assert any(
        line.startswith(f"{package_dir}/events.csv:") and " date_earliest: " in line
        for line in lines
    )
    assert any(f"{package_dir}/actors.csv:" in line and "U+202E" in line for line in lines)


def test_load_raises_with_every_problem(package_dir: Path):
    impossible_date(package_dir)
    unknown_actor(package_dir)
    with pytest.raises(ValidationError) as error:
        load(package_dir)
    assert len(error.value.problems) >= 2


def test_crlf_line_endings_are_tolerated(package_dir: Path):
    for path in package_dir.glob("*.csv"):
        path.write_bytes(path.read_bytes().replace(b"\n", b"\r\n"))
    rehash(package_dir)
    assert validate(package_dir) == []


@pytest.mark.parametrize("value", ["NA", "null", "None", "007", "nan", " spaced ", "#N/A"])
def test_text_that_looks_missing_or_numeric_survives(package_dir: Path, value: str):
    set_cell(package_dir, "topics", "energy", "description_en", value)
    topics = load(package_dir)["topics"].set_index("id")
    assert topics.loc["energy", "description_en"] == value


def test_missing_descriptor_is_reported(tmp_path: Path):
    problems = validate(tmp_path)
    assert [p.message for p in problems] == ["datapackage.json is missing"]


def test_resource_path_cannot_escape_the_package(package_dir: Path):
    path = package_dir / "datapackage.json"
    path.write_text(
        path.read_text(encoding="utf-8").replace(
            '"path": "topics.csv"', '"path": "../../etc/passwd"'
        ),
        encoding="utf-8",
    )
    problems = validate(package_dir)
    assert any("points outside the package" in str(p) for p in problems)


def test_a_moved_quote_that_occurs_twice_is_placed_at_the_nearest_occurrence(package_dir: Path):
    # "منذ ثلاث سنوات" occurs at 1433 and at 3070; ev-war-three-years quotes the second one.
    rows = read_rows(package_dir / "evidence.csv")
    row = next(r for r in rows if r[0] == "ev-war-three-years")
    header = rows[0]
    start, end, line = (row[header.index(c)] for c in ("start", "end", "line"))
    assert start == "3070"
    set_cell(package_dir, "evidence", "ev-war-three-years", "start", "3074")
    set_cell(package_dir, "evidence", "ev-war-three-years", "end", str(int(end) + 4))
    problems = [str(p) for p in validate(package_dir)]
    fix = f"set start={start}, end={end}, line={line}"
    assert any("the quote is not at 3074" in p and fix in p for p in problems), problems
    set_cell(package_dir, "evidence", "ev-war-three-years", "start", start)
    set_cell(package_dir, "evidence", "ev-war-three-years", "end", end)
    assert validate(package_dir) == []


def test_a_moved_quote_between_two_occurrences_lists_both(package_dir: Path):
    set_cell(package_dir, "evidence", "ev-war-three-years", "start", "2250")
    problems = [str(p) for p in validate(package_dir)]
    assert any(
        "the quote occurs 2 times; set start, end and line to the one the row means: 1433–" in p
        and ", 3070–" in p
        for p in problems
    ), problems


def test_a_relative_day_is_checked_again_when_its_anchor_moves(package_dir: Path) -> None:
    line = _relative_day(package_dir, "-6")
    assert validate(package_dir) == []
    # The anchor's date is corrected: the day counted from it no longer holds.
    set_cell(package_dir, "events", "riyadh-talks", "date_earliest", "2025-02-19")
    set_cell(package_dir, "events", "riyadh-talks", "date_latest", "2025-02-19")
    expected = ("date_claims.csv", line, "earliest", "(2025-02-19) is 2025-02-13")
    problems = validate(package_dir)
    assert reported(problems, package_dir, expected), "\n".join(map(str, problems))
