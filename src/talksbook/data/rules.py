"""The project's rules for every table, fixed in code: a package's descriptor describes its
tables, it does not set the rules they are checked by.

Rows are validated against the package's own ``datapackage.json``, so a descriptor that drops
the pattern of ``events.id`` would let an id with a quote through to a page name. These rules
(``rules.json``: each field's type and constraints, each table's keys) say what a descriptor
must keep. It may add fields, tighten a limit, and extend an enum with new codes (whose words
the package then gives, see talksbook.vocabulary); it may not drop a table, a field, a key or
a constraint, change a type or a pattern, or raise a limit.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from functools import cache
from importlib import resources
from typing import Any

from .problems import Problem

__all__ = ["CODE", "loosened", "rules"]

#: What a new enum value must look like: a code, safe as a template key and in markup.
CODE = re.compile(r"[a-z0-9][a-z0-9-]{0,62}")
_FIX = "restore the project's rule (see src/talksbook/data/rules.json)"


@cache
def rules() -> dict[str, Any]:
    """Every table's fields (type, constraints) and keys, by table name."""
    text = (resources.files("talksbook") / "data" / "rules.json").read_text(encoding="utf-8")
    found: dict[str, Any] = json.loads(text)["resources"]
    return found


def _resources(descriptor: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {
        r["name"]: r
        for r in descriptor.get("resources", [])
        if isinstance(r, dict) and isinstance(r.get("name"), str)
    }


def loosened(file: str, descriptor: dict[str, Any]) -> list[Problem]:
    """Where the descriptor drops or weakens one of the project's rules: one problem each,
    columned ``table.field`` (or the table), with the rule to restore."""
    problems: list[Problem] = []

    def report(where: str, problem: str, fix: str = _FIX) -> None:
        problems.append(Problem(file, 0, where, problem, fix))

    declared = _resources(descriptor)
    for table, rule in rules().items():
        resource = declared.get(table)
        if resource is None:
            report(
                table,
                "the package does not describe this table",
                "describe it as the shipped package does",
            )
            continue
        found = resource.get("schema")
        schema: dict[str, Any] = found if isinstance(found, dict) else {}
        fields = {f.get("name"): f for f in schema.get("fields", []) if isinstance(f, dict)}
        if schema.get("primaryKey") != rule["primaryKey"]:
            report(table, f"its primary key must be {rule['primaryKey']!r}")
        given_keys = schema.get("foreignKeys", [])
        for key in rule["foreignKeys"]:
            if key not in given_keys:
                report(table, f"the foreign key {json.dumps(key, ensure_ascii=False)} is missing")
        for name, field_rule in rule["fields"].items():
            where = f"{table}.{name}"
            given = fields.get(name)
            if given is None:
                report(where, "the field is missing")
                continue
            if given.get("type") != field_rule["type"]:
                report(where, f"its type must be {field_rule['type']!r}, not {given.get('type')!r}")
            _constraints(where, field_rule.get("constraints", {}), given.get("constraints"), report)
    return problems


def _constraints(
    where: str, rule: dict[str, Any], found: object, report: Callable[..., None]
) -> None:
    """Problems where ``found`` (a field's constraints) is looser than ``rule``."""
    given: dict[str, Any] = found if isinstance(found, dict) else {}
    for flag in ("required", "unique"):
        if rule.get(flag) and given.get(flag) is not True:
            report(where, f"it must stay {flag}")
    if "pattern" in rule and given.get("pattern") != rule["pattern"]:
        report(where, f"its pattern must be {rule['pattern']!r}")
    for limit, tighter in (("maxLength", min), ("maximum", min), ("minimum", max)):
        if limit in rule:
            value = given.get(limit)
            if not isinstance(value, int | float) or tighter(value, rule[limit]) != value:
                report(where, f"its {limit} must be {rule[limit]!r} or tighter")
    if "enum" in rule:
        values = given.get("enum")
        if not isinstance(values, list):
            report(where, "it must keep its list of allowed values")
            return
        for value in values:
            if value not in rule["enum"] and not (isinstance(value, str) and CODE.fullmatch(value)):
                report(
                    where,
                    f"the new value {value!r} is not a code",
                    "write new values as codes of a-z, 0-9 and '-' (their words go in the "
                    "descriptor's words block)",
                )
