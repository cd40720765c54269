"""The project's rules are fixed in code: a package's descriptor may describe its tables and
tighten them, never loosen them (talksbook.data.rules)."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from conftest import set_cell

from talksbook.data import validate
from talksbook.data.rehash import rehash
from talksbook.data.rules import rules
from talksbook.data.twins import TWINS
from talksbook.paths import DATA_DIR


def edit(folder: Path, change: Callable[[dict[str, Any]], None]) -> None:
    path = folder / "datapackage.json"
    descriptor = json.loads(path.read_text(encoding="utf-8"))
    change(descriptor)
    path.write_text(json.dumps(descriptor, ensure_ascii=False, indent=2), encoding="utf-8")
    rehash(folder)


def field(descriptor: dict[str, Any], table: str, name: str) -> dict[str, Any]:
    resource = next(r for r in descriptor["resources"] if r["name"] == table)
    return next(f for f in resource["schema"]["fields"] if f["name"] == name)


def schema(descriptor: dict[str, Any], table: str) -> dict[str, Any]:
    return next(r for r in descriptor["resources"] if r["name"] == table)["schema"]


LOOSENED: list[tuple[str, Callable[[dict[str, Any]], None], str, str]] = [
    (
        "a pattern dropped",
        lambda d: field(d, "events", "id")["constraints"].pop("pattern"),
        "events.id",
        "its pattern must be",
    ),
    (
        "a pattern widened",
        lambda d: field(d, "events", "id")["constraints"].update(pattern=".*"),
        "events.id",
        "its pattern must be",
    ),
    (
        "required dropped",
        lambda d: field(d, "evidence", "exact")["constraints"].pop("required"),
        "evidence.exact",
        "it must stay required",
    ),
    (
        "a limit raised",
        lambda d: field(d, "statements", "text_en")["constraints"].update(maxLength=10**9),
        "statements.text_en",
        "its maxLength must be",
    ),
    (
        "a type changed",
        lambda d: field(d, "figures", "value").update(type="string"),
        "figures.value",
        "its type must be 'number'",
    ),
    (
        "an enum dropped",
        lambda d: field(d, "figures", "unit")["constraints"].pop("enum"),
        "figures.unit",
        "keep its list of allowed values",
    ),
    (
        "an enum value that is not a code",
        lambda d: field(d, "events", "status")["constraints"]["enum"].append("<b>x</b>"),
        "events.status",
        "is not a code",
    ),
    (
        "a field removed",
        lambda d: schema(d, "events")["fields"].pop(),
        "events.",
        "the field is missing",
    ),
    (
        "a foreign key removed",
        lambda d: schema(d, "statements")["foreignKeys"].pop(),
        "statements",
        "foreign key",
    ),
    (
        "a primary key changed",
        lambda d: schema(d, "events").update(primaryKey="title_en"),
        "events",
        "primary key must be",
    ),
]


@pytest.mark.parametrize(
    ("change", "column", "message"),
    [case[1:] for case in LOOSENED],
    ids=[case[0] for case in LOOSENED],
)
def test_a_descriptor_may_not_loosen_the_rules(
    package_dir: Path, change: Callable[[dict[str, Any]], None], column: str, message: str
) -> None:
    edit(package_dir, change)
    problems = validate(package_dir)
    assert any(p.column.startswith(column) and message in p.message for p in problems), "\n".join(
        map(str, problems)
    )


def test_a_page_name_cannot_come_through_a_loosened_pattern(package_dir: Path) -> None:
    # The attack of issue 15: drop the pattern, then give a meeting an id with a quote.
    edit(package_dir, lambda d: field(d, "events", "id")["constraints"].pop("pattern"))
    set_cell(package_dir, "events", "riyadh-talks", "id", "x';alert(1)//")
    assert any(p.column == "events.id" for p in validate(package_dir))


def test_a_descriptor_may_tighten_and_extend(package_dir: Path) -> None:
    def tighten(d: dict[str, Any]) -> None:
        field(d, "statements", "text_en")["constraints"]["maxLength"] = 4000
        field(d, "figures", "unit")["constraints"]["enum"].append("hour")  # a new code
        field(d, "events", "title_en")["constraints"]["unique"] = True
        schema(d, "events")["fields"].append({"name": "extra", "type": "string"})

    edit(package_dir, tighten)
    # (An extra field needs its column: here it is only described, so add it.)
    path = package_dir / "events.csv"
    lines = path.read_text(encoding="utf-8").split("\n")
    path.write_text(
        "\n".join(
            line + ",extra" if i == 0 else line + "," if line else line
            for i, line in enumerate(lines)
        ),
        encoding="utf-8",
    )
    rehash(package_dir)
    assert validate(package_dir) == []


def test_the_rules_are_the_shipped_descriptors() -> None:
    """rules.json is the current schema version's: the shipped package states it exactly (a
    new version changes both, and the upgrade brings old packages to it)."""
    shipped = json.loads((DATA_DIR / "datapackage.json").read_text(encoding="utf-8"))
    assert set(rules()) == {r["name"] for r in shipped["resources"]}
    for resource in shipped["resources"]:
        rule = rules()[resource["name"]]
        schema = resource["schema"]
        assert schema.get("primaryKey") == rule["primaryKey"]
        assert schema.get("foreignKeys", []) == rule["foreignKeys"]
        # (Beside them, the Arabic twins a package that declares Arabic adds: data.twins.)
        twins = set(TWINS.get(resource["name"], {}).values()) - set(rule["fields"])
        fields = {f["name"]: f for f in schema["fields"] if f["name"] not in twins}
        assert list(fields) == list(rule["fields"])
        for name, spec in rule["fields"].items():
            assert fields[name]["type"] == spec["type"], name
            assert fields[name].get("constraints", {}) == spec.get("constraints", {}), name
