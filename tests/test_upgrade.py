"""Schema versions: the package records the version it was written for, validation of an older
one says only to upgrade it, and ``talksbook data upgrade`` does so, reporting each change.

The version 1 package of these tests is the shipped one with its descriptor put back as it was
before version 2 (:func:`as_version_1`): what every package written before the version was
recorded looks like. Upgrading it must give the shipped descriptor back, byte for byte.
"""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path
from typing import Any

import pytest
from conftest import set_cell, talksbook

from talksbook.data import Problem, ValidationError, load, validate
from talksbook.data import upgrade as upgrade_module
from talksbook.data.upgrade import STEPS, PackageFiles, Step, UpgradeError, upgrade
from talksbook.data.version import FIRST_VERSION, SCHEMA_VERSION, VERSION_KEY
from talksbook.paths import DATA_DIR, DESCRIPTOR_NAME
from talksbook.pipeline import BuildOptions, build

#: What version 2 added to the enums, and the descriptions version 1 gave the fields it changed.
ADDED = {
    ("date_claims", "basis"): ["relative-day"],
    ("figures", "unit"): ["day", "call"],
    ("outcomes", "status"): ["conditional"],
}
VERSION_1_DESCRIPTIONS = {
    ("date_claims", "basis"): "stated, resolved-weekday (the weekday nearest the anchor), "
    "inferred-order or unknown.",
    ("date_claims", "anchor_event_id"): "Dated event against which a weekday or an order was "
    "resolved.",
    ("outcomes", "status"): "agreed, planned or under-study.",
}
#: What `talksbook data upgrade` says it changed in a version 1 package, one line each.
CHANGES = [
    'date_claims.basis: allows "relative-day" (a day stated relative to the anchor event, '
    "e.g. “the day before”)",
    "date_claims.basis: description lists relative-day",
    "date_claims.anchor_event_id: description mentions relative days",
    'figures.unit: allows "day", "call" (“two days after the call”, “the second call”)',
    'outcomes.status: allows "conditional" (agreed, subject to conditions not yet met)',
    "outcomes.status: description lists conditional",
    "talksbook_schema: 2 (the schema version; it was not recorded)",
]


def write_descriptor(folder: Path, descriptor: Any) -> None:
    """Write a descriptor as the shipped one is written (and as the upgrade writes it)."""
    text = json.dumps(descriptor, ensure_ascii=False, indent=2) + "\n"
    (folder / DESCRIPTOR_NAME).write_text(text, encoding="utf-8")


def as_version_1(folder: Path) -> Path:
    """Put the package's descriptor back as version 1 had it: no version recorded, none of the
    values version 2 added, version 1's descriptions. (On the shipped package this gives the
    datapackage.json shipped before version 2, byte for byte.)"""
    descriptor = json.loads((folder / DESCRIPTOR_NAME).read_text(encoding="utf-8"))
    del descriptor[VERSION_KEY]
    for resource in descriptor["resources"]:
        for spec in resource["schema"]["fields"]:
            key = (resource["name"], spec["name"])
            if key in ADDED:
                enum = spec["constraints"]["enum"]
                spec["constraints"]["enum"] = [v for v in enum if v not in ADDED[key]]
            if key in VERSION_1_DESCRIPTIONS:
                spec["description"] = VERSION_1_DESCRIPTIONS[key]
    write_descriptor(folder, descriptor)
    return folder


@pytest.fixture
def v1(package_dir: Path) -> Path:
    """A writable copy of the shipped package, written for version 1."""
    return as_version_1(package_dir)


def edit_descriptor(folder: Path, **changes: Any) -> bytes:
    """Set top-level properties of the descriptor; return its new bytes."""
    descriptor = json.loads((folder / DESCRIPTOR_NAME).read_text(encoding="utf-8"))
    descriptor.update(changes)
    write_descriptor(folder, descriptor)
    return (folder / DESCRIPTOR_NAME).read_bytes()


# --- the version -----------------------------------------------------------------------------


def test_the_shipped_package_is_at_the_current_version():
    descriptor = json.loads((DATA_DIR / DESCRIPTOR_NAME).read_text(encoding="utf-8"))
    assert descriptor[VERSION_KEY] == SCHEMA_VERSION == 2
    assert descriptor["version"] == "1.0.0"  # the version of the data, a different thing
    assert load(DATA_DIR).descriptor[VERSION_KEY] == SCHEMA_VERSION


def test_the_steps_lead_from_the_first_version_to_the_current_one():
    assert [(s.from_version, s.to_version) for s in STEPS] == [
        (v, v + 1) for v in range(FIRST_VERSION, SCHEMA_VERSION)
    ]


def test_version_1_differs_from_the_shipped_package_only_in_what_version_2_changed(v1: Path):
    shipped = json.loads((DATA_DIR / DESCRIPTOR_NAME).read_text(encoding="utf-8"))
    old = json.loads((v1 / DESCRIPTOR_NAME).read_text(encoding="utf-8"))
    assert VERSION_KEY not in old and set(shipped) - set(old) == {VERSION_KEY}
    assert [r["name"] for r in old["resources"]] == [r["name"] for r in shipped["resources"]]


# --- validating an old package ---------------------------------------------------------------


def test_a_version_1_package_has_exactly_the_upgrade_problem(v1: Path):
    # Alone, though a version 1 descriptor read by version 2's rules may differ in more ways:
    # whatever else they found would be the upgrade's to solve.
    expected = Problem(
        str(v1 / DESCRIPTOR_NAME),
        0,
        "",
        "written for schema version 1; this code reads version 2",
        f"run `talksbook data upgrade {v1}`",
    )
    assert validate(v1) == [expected]
    with pytest.raises(ValidationError) as raised:
        load(v1)
    assert raised.value.problems == [expected]
    result = talksbook("validate", str(v1))
    assert result.returncode == 1
    assert result.stdout == (
        f"{v1 / DESCRIPTOR_NAME}: written for schema version 1; this code reads version 2. "
        f"Fix: run `talksbook data upgrade {v1}`\n"
    )


def test_the_build_stops_on_a_version_1_package(v1: Path, tmp_path: Path):
    with pytest.raises(ValidationError) as raised:
        build(BuildOptions(data=v1, out=tmp_path / "out", report=lambda _: None))
    assert [p.message for p in raised.value.problems] == [
        "written for schema version 1; this code reads version 2"
    ]
    assert not (tmp_path / "out").exists()


@pytest.mark.slow
def test_a_version_1_package_upgrades_and_builds(v1: Path, tmp_path: Path):
    assert upgrade(v1).changes
    html = build(BuildOptions(data=v1, out=tmp_path / "out", report=lambda _: None)).html
    assert "Length of the call: 90 minutes" in (html / "calls.html").read_text(encoding="utf-8")


def test_the_fix_names_a_folder_a_shell_can_take(tmp_path: Path, package_dir: Path):
    folder = package_dir.rename(tmp_path / "my data")
    as_version_1(folder)
    [problem] = validate(folder)
    assert problem.fix == f"run `talksbook data upgrade '{folder}'`"


# --- upgrading -------------------------------------------------------------------------------


def test_upgrade_reports_each_change_and_the_package_is_then_valid(v1: Path):
    result = talksbook("data", "upgrade", str(v1))
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[:-1] == [f"{v1 / DESCRIPTOR_NAME}: {change}" for change in CHANGES]
    assert lines[-1] == (
        f"{v1}: upgraded from schema version 1 to 2 (7 change(s)); next: talksbook validate {v1}"
    )
    assert validate(v1) == []
    assert load(v1).descriptor[VERSION_KEY] == SCHEMA_VERSION
    # Written as the shipped file is: upgrading then diffing shows only the real changes.
    assert (v1 / DESCRIPTOR_NAME).read_bytes() == (DATA_DIR / DESCRIPTOR_NAME).read_bytes()


def test_upgrading_twice_changes_nothing(v1: Path):
    assert talksbook("data", "upgrade", str(v1)).returncode == 0
    before = (v1 / DESCRIPTOR_NAME).stat()
    again = talksbook("data", "upgrade", str(v1))
    assert again.returncode == 0, again.stderr
    assert again.stdout == f"{v1}: already at schema version 2; nothing to change\n"
    after = (v1 / DESCRIPTOR_NAME).stat()
    assert (after.st_mtime_ns, after.st_ino) == (before.st_mtime_ns, before.st_ino)


def test_upgrade_takes_the_descriptor_itself_too(v1: Path):
    done = upgrade(v1 / DESCRIPTOR_NAME)
    assert (done.folder, done.from_version, done.to_version) == (v1, 1, 2)
    assert done.changes == CHANGES


def test_a_coders_own_descriptions_and_enums_are_left_alone(v1: Path):
    descriptor = json.loads((v1 / DESCRIPTOR_NAME).read_text(encoding="utf-8"))
    claims = next(r for r in descriptor["resources"] if r["name"] == "date_claims")
    basis = next(f for f in claims["schema"]["fields"] if f["name"] == "basis")
    basis["description"] = "How the date was read."
    figures = next(r for r in descriptor["resources"] if r["name"] == "figures")
    unit = next(f for f in figures["schema"]["fields"] if f["name"] == "unit")
    unit["constraints"]["enum"] += ["hour", "day", "call"]  # the coder's own, in their order
    write_descriptor(v1, descriptor)
    changes = upgrade(v1).changes
    assert not any(
        c.startswith(("date_claims.basis: description", "figures.unit")) for c in changes
    )
    upgraded = json.loads((v1 / DESCRIPTOR_NAME).read_text(encoding="utf-8"))
    claims = next(r for r in upgraded["resources"] if r["name"] == "date_claims")
    basis = next(f for f in claims["schema"]["fields"] if f["name"] == "basis")
    assert basis["description"] == "How the date was read."
    assert basis["constraints"]["enum"] == [
        "stated",
        "resolved-weekday",
        "relative-day",
        "inferred-order",
        "unknown",
    ]
    assert validate(v1) == []


def test_the_upgrade_keeps_the_file_permissions(v1: Path):
    os.chmod(v1 / DESCRIPTOR_NAME, 0o640)
    upgrade(v1)
    assert stat.S_IMODE((v1 / DESCRIPTOR_NAME).stat().st_mode) == 0o640


def test_an_upgrade_that_fails_writing_leaves_the_package_as_it_was(
    v1: Path, monkeypatch: pytest.MonkeyPatch
):
    before = {p.name: p.read_bytes() for p in v1.iterdir() if p.is_file()}

    def interrupted(source: str, target: str) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(upgrade_module.os, "replace", interrupted)
    with pytest.raises(KeyboardInterrupt):
        upgrade(v1)
    assert {p.name: p.read_bytes() for p in v1.iterdir() if p.is_file()} == before


def test_a_step_that_rewrites_a_table_updates_its_hash(v1: Path, monkeypatch: pytest.MonkeyPatch):
    def rename_topic(descriptor: dict[str, Any], staged: PackageFiles) -> list[str]:
        text = staged.read("topics.csv").decode("utf-8")
        staged.write("topics.csv", text.replace("Energy", "Energy supplies", 1).encode())
        return ["topics.csv: renamed a topic"]

    monkeypatch.setattr(upgrade_module, "STEPS", (Step(1, 2, rename_topic),))
    changes = upgrade(v1).changes
    assert changes[:2] == [
        "topics.csv: renamed a topic",
        "topics: hash and bytes of the rewritten topics.csv",
    ]
    assert "Energy supplies" in (v1 / "topics.csv").read_text(encoding="utf-8")
    assert validate(v1) == []


def test_a_table_edited_without_rehash_keeps_its_stale_hash(
    v1: Path, monkeypatch: pytest.MonkeyPatch
):
    set_cell(v1, "topics", "energy", "description_en", "Edited by hand.", keep_hash=True)

    def rewrite(descriptor: dict[str, Any], staged: PackageFiles) -> list[str]:
        staged.write("topics.csv", staged.read("topics.csv") + b"")
        return []

    monkeypatch.setattr(upgrade_module, "STEPS", (Step(1, 2, rewrite),))
    assert upgrade(v1).changes[0].startswith("topics: hash left as it was")
    assert [p.column for p in validate(v1)] == ["topics"]  # hash or bytes do not match


# --- what version 2 allows ---------------------------------------------------------------------


def test_a_relative_day_names_its_anchor(package_dir: Path):
    line = set_cell(package_dir, "date_claims", "dc-call-wednesday", "basis", "relative-day")
    set_cell(package_dir, "date_claims", "dc-call-wednesday", "offset_days", "-6")
    assert validate(package_dir) == []  # six days before the Riyadh talks
    set_cell(package_dir, "date_claims", "dc-call-wednesday", "anchor_event_id", "")
    assert [str(p) for p in validate(package_dir)] == [
        f"{package_dir / 'date_claims.csv'}:{line}: anchor_event_id: a relative day needs the "
        "event it is counted from. Fix: name the anchor event (for “the day before the talks”, "
        "the talks)"
    ]


def test_the_new_values_have_words_in_both_editions(package_dir: Path):
    set_cell(package_dir, "figures", "fig-war-duration", "unit", "day")
    set_cell(package_dir, "outcomes", "out-call-negotiations", "status", "conditional")
    result = talksbook("validate", str(package_dir))
    assert result.returncode == 0, result.stdout + result.stderr


# --- what cannot be upgraded -------------------------------------------------------------------


def test_a_package_newer_than_the_code_is_refused(package_dir: Path):
    before = edit_descriptor(package_dir, **{VERSION_KEY: 3})
    result = talksbook("data", "upgrade", str(package_dir))
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr == (
        f"talksbook: {package_dir / DESCRIPTOR_NAME}: written for schema version 3; this code "
        "reads version 2. Fix: use a newer talksbook, one that reads this version (packages "
        "are not downgraded)\n"
    )
    assert (package_dir / DESCRIPTOR_NAME).read_bytes() == before
    [problem] = validate(package_dir)
    assert problem.message == "written for schema version 3; this code reads version 2"


@pytest.mark.parametrize(
    "value", ["2", -1, 0, 1.5, 2.0, True, None, [2], {"version": 2}, "x" * 10_000]
)
def test_a_version_that_is_not_one_is_refused(package_dir: Path, value: Any):
    before = edit_descriptor(package_dir, **{VERSION_KEY: value})
    result = talksbook("data", "upgrade", str(package_dir))
    assert result.returncode == 2, result.stdout
    assert "Traceback" not in result.stderr and len(result.stderr) < 500
    assert result.stderr.startswith(f"talksbook: {package_dir / DESCRIPTOR_NAME}: {VERSION_KEY}: ")
    assert "is not a schema version. Fix: write a whole number" in result.stderr
    assert (package_dir / DESCRIPTOR_NAME).read_bytes() == before
    [problem] = validate(package_dir)
    assert problem.column == VERSION_KEY and "is not a schema version" in problem.message


def test_a_huge_version_is_newer_than_the_code(package_dir: Path):
    edit_descriptor(package_dir, **{VERSION_KEY: 10**30})
    result = talksbook("data", "upgrade", str(package_dir))
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert "written for schema version 100000000000000000000000…; this code reads" in (
        result.stderr
    )


def test_a_version_of_thousands_of_digits_is_refused(package_dir: Path):
    path = package_dir / DESCRIPTOR_NAME
    path.write_text(
        path.read_text(encoding="utf-8").replace(
            f'"{VERSION_KEY}": 2', f'"{VERSION_KEY}": {"9" * 5000}'
        ),
        encoding="utf-8",
    )
    result = talksbook("data", "upgrade", str(package_dir))
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert "holds a number of thousands of digits" in result.stderr
    [problem] = validate(package_dir)
    assert problem.message == "datapackage.json holds a number of thousands of digits"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "datapackage.json is missing"),
        ("{not json", "datapackage.json is not valid JSON"),
        ("[]", "is not a data package descriptor"),
        ('{"name": "x"}', "is not a data package descriptor"),
        ('{"resources": {}}', "is not a data package descriptor"),
        ("[" * 100 + "]" * 100, "nested more than 32 levels deep"),
    ],
)
def test_what_is_not_a_package_is_refused(tmp_path: Path, content: str | None, message: str):
    if content is not None:
        (tmp_path / DESCRIPTOR_NAME).write_text(content, encoding="utf-8")
    result = talksbook("data", "upgrade", str(tmp_path))
    assert result.returncode == 2
    assert result.stderr.startswith(f"talksbook: {tmp_path / DESCRIPTOR_NAME}: ")
    assert message in result.stderr and "Traceback" not in result.stderr
    if content is not None:
        assert (tmp_path / DESCRIPTOR_NAME).read_text(encoding="utf-8") == content


def test_a_descriptor_linked_from_outside_is_not_read(tmp_path: Path, v1: Path):
    outside = tmp_path / "elsewhere.json"
    outside.write_bytes((v1 / DESCRIPTOR_NAME).read_bytes())
    (v1 / DESCRIPTOR_NAME).unlink()
    (v1 / DESCRIPTOR_NAME).symlink_to(outside)
    with pytest.raises(UpgradeError, match="is a link to a file outside the package"):
        upgrade(v1)
