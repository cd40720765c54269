"""Only a package's own files are read or published: regular files inside the package, links
resolved, of bounded size, never a FIFO that would hang the reader.

Each case runs the command a person would (validate, rehash, locate) in a subprocess with a
time limit, so that a reader that hangs on a FIFO fails the test instead of the test run.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest
from conftest import set_cell, talksbook

from talksbook.data import files, load, validate

SOURCE = "sources/article-ar.txt"


def _outside(package_dir: Path, relative: str) -> Path:
    """Move ``relative`` out of the package and leave a link to it in its place."""
    outside = package_dir.parent / "outside" / Path(relative).name
    outside.parent.mkdir(exist_ok=True)
    shutil.move(package_dir / relative, outside)
    (package_dir / relative).symlink_to(outside)
    return outside


def _fifo(package_dir: Path, relative: str) -> None:
    (package_dir / relative).unlink()
    os.mkfifo(package_dir / relative)


# --- validation -------------------------------------------------------------------------------


def test_an_archived_source_linked_from_outside_is_refused(package_dir: Path):
    # Same bytes, same hash: only where the file really is differs.
    _outside(package_dir, SOURCE)
    problems = [str(p) for p in validate(package_dir)]
    assert any(
        "sources.csv:" in p and f"archived source {SOURCE} is a link to a file outside" in p
        for p in problems
    ), problems


def test_a_table_linked_from_outside_is_refused(package_dir: Path):
    _outside(package_dir, "topics.csv")
    problems = [str(p) for p in validate(package_dir)]
    expected = f"{package_dir / 'topics.csv'}: is a link to a file outside the package. Fix: "
    assert any(p.startswith(expected) for p in problems), problems


def test_a_link_inside_the_package_is_read(package_dir: Path):
    (package_dir / "tables").mkdir()
    shutil.move(package_dir / "topics.csv", package_dir / "tables" / "topics.csv")
    (package_dir / "topics.csv").symlink_to(Path("tables") / "topics.csv")
    assert validate(package_dir) == []


@pytest.mark.parametrize("relative", ["topics.csv", SOURCE])
def test_a_fifo_is_refused_without_hanging(package_dir: Path, relative: str):
    _fifo(package_dir, relative)
    result = talksbook("validate", str(package_dir))
    assert result.returncode == 1
    assert "is not a regular file" in result.stdout


def test_a_huge_table_is_refused_unread(package_dir: Path):
    # A sparse file: as large as the limit allows plus one byte, and no disk used. Reading it
    # whole would take seconds and a gigabyte of memory; the check looks at its size only.
    with (package_dir / "topics.csv").open("r+b") as handle:
        handle.truncate(files.MAX_TABLE_BYTES + 1)
    problems = [str(p) for p in validate(package_dir)]
    assert any("topics.csv: is more than the 1,073,741,824 bytes" in p for p in problems), problems


# --- rehash and locate ------------------------------------------------------------------------


def test_rehash_refuses_a_path_outside_the_package(package_dir: Path):
    descriptor = package_dir / "datapackage.json"
    before = descriptor.read_text(encoding="utf-8")
    descriptor.write_text(before.replace('"path": "topics.csv"', '"path": "../../etc/passwd"'))
    result = talksbook("data", "rehash", str(package_dir))
    assert result.returncode == 1
    assert "../../etc/passwd: points outside the package. Fix:" in result.stderr
    assert "root:" not in result.stdout + result.stderr


@pytest.mark.parametrize("make", [_outside, _fifo], ids=["link-outside", "fifo"])
def test_rehash_refuses_a_table_that_is_not_a_package_file(package_dir: Path, make):
    make(package_dir, "topics.csv")
    before = (package_dir / "datapackage.json").read_bytes()
    result = talksbook("data", "rehash", str(package_dir))
    assert result.returncode == 1
    assert f"{package_dir / 'topics.csv'}: is " in result.stderr
    assert (package_dir / "datapackage.json").read_bytes() == before


@pytest.mark.parametrize("make", [_outside, _fifo], ids=["link-outside", "fifo"])
def test_locate_refuses_a_source_that_is_not_a_package_file(package_dir: Path, make):
    make(package_dir, SOURCE)
    result = talksbook("data", "locate", "art-ar", "فبراير", "--dir", str(package_dir))
    assert result.returncode == 1
    assert f"{package_dir / SOURCE}: is " in result.stderr


def test_locate_refuses_a_source_path_outside_the_package(package_dir: Path):
    set_cell(package_dir, "sources", "art-ar", "path", "../../../etc/passwd")
    result = talksbook("data", "locate", "art-ar", "root", "--dir", str(package_dir))
    assert result.returncode == 1
    assert "points outside the package" in result.stderr
    assert "line=" not in result.stdout


# --- what a build reads and publishes ---------------------------------------------------------


def test_only_declared_files_are_published(package_dir: Path):
    # What the build offers for download and hashes: the descriptor, the declared tables and
    # the archived sources (the pipeline stages exactly Package.files()).
    (package_dir / "passwd.csv").symlink_to("/etc/passwd")
    (package_dir / "notes-to-self.csv").write_text("a,b\n1,2\n", encoding="utf-8")
    os.mkfifo(package_dir / "pipe.csv")
    package = load(package_dir)
    resources = json.loads((package_dir / "datapackage.json").read_text(encoding="utf-8"))
    declared = {r["path"] for r in resources["resources"]}
    assert set(package.files()) == {"datapackage.json", *declared, SOURCE}


@pytest.mark.parametrize("depth", [40, 100_000])
def test_a_descriptor_nested_too_deep_is_a_problem_not_a_crash(package_dir: Path, depth: int):
    descriptor = package_dir / "datapackage.json"
    nested = '{"resources": [], "x": ' + "[" * depth + "]" * depth + "}"
    descriptor.write_text(nested, encoding="utf-8")
    result = talksbook("validate", str(package_dir))
    assert result.returncode == 1, result.stderr
    assert "the descriptor is nested more than 32 levels deep" in result.stdout
    assert "Traceback" not in result.stderr


def test_a_descriptor_linked_from_outside_is_refused(package_dir: Path):
    _outside(package_dir, "datapackage.json")
    problems = [str(p) for p in validate(package_dir)]
    assert any("datapackage.json: is a link to a file outside the package" in p for p in problems)
