"""Which version of the package format a descriptor was written for.

The format is the set of rules this code reads a package by: the tables and columns it expects
and the coded values its descriptor may allow. It is recorded in datapackage.json as a
top-level ``talksbook_schema`` property (a property of this package's own, like ``book``;
Frictionless ignores it), apart from ``version``, which numbers the data.

A descriptor without it was written before the version was recorded: version 1. A package
written for an earlier version is brought up to date by ``talksbook data upgrade`` (the steps
are in :mod:`talksbook.data.upgrade`); until then validation reports that, and only that.
"""

from __future__ import annotations

import json
import shlex
from pathlib import Path
from typing import Any

from .problems import Problem

#: The top-level property of datapackage.json that records the version.
VERSION_KEY = "talksbook_schema"
#: The version this code reads, and the one ``talksbook data upgrade`` writes. Raising it needs
#: a step to it in :data:`talksbook.data.upgrade.STEPS`.
SCHEMA_VERSION = 2
#: The version of a descriptor that records none.
FIRST_VERSION = 1


class BadVersion(ValueError):
    """A recorded version that is not a version: ``problem`` and ``fix`` for a :class:`Problem`."""

    def __init__(self, problem: str, fix: str) -> None:
        super().__init__(f"{VERSION_KEY}: {problem}. Fix: {fix}")
        self.problem, self.fix = problem, fix


def version_of(descriptor: dict[str, Any]) -> int:
    """The version ``descriptor`` was written for: :data:`FIRST_VERSION` if it records none.

    Raises :class:`BadVersion` for a value that is not a whole number of at least 1 (a text
    such as "2", a fraction, a boolean, zero or less)."""
    if VERSION_KEY not in descriptor:
        return FIRST_VERSION
    value = descriptor[VERSION_KEY]
    if isinstance(value, bool) or not isinstance(value, int) or value < FIRST_VERSION:
        raise BadVersion(
            f"{shown(value)} is not a schema version",
            f'write a whole number without quotes, e.g. "{VERSION_KEY}": {SCHEMA_VERSION}, or '
            f"remove the property if the package was written before versions were recorded",
        )
    return value


def shown(value: Any, limit: int = 24) -> str:
    """A JSON value for a message, shortened: a hostile descriptor may hold anything."""
    try:
        text = json.dumps(value, ensure_ascii=False)
    except ValueError:  # an integer of more digits than Python will write out
        text = "a number of thousands of digits"
    return text if len(text) <= limit else text[:limit] + "…"


def mismatch(version: int) -> str:
    """The problem of a package written for another version than this code reads."""
    return f"written for schema version {shown(version)}; this code reads version {SCHEMA_VERSION}"


def upgrade_command(folder: Path) -> str:
    """The command that upgrades the package in ``folder``, ready to paste into a shell."""
    return f"talksbook data upgrade {shlex.quote(str(folder))}"


def version_problem(descriptor: dict[str, Any], file: str, folder: Path) -> Problem | None:
    """The problem with the version of ``descriptor`` (read from ``file`` in ``folder``), or
    None when it is the version this code reads."""
    try:
        version = version_of(descriptor)
    except BadVersion as error:
        return Problem(file, 0, VERSION_KEY, error.problem, error.fix)
    if version < SCHEMA_VERSION:
        return Problem(file, 0, "", mismatch(version), f"run `{upgrade_command(folder)}`")
    if version > SCHEMA_VERSION:
        return Problem(
            file,
            0,
            "",
            mismatch(version),
            "use a newer talksbook, one that reads this version (packages are not downgraded)",
        )
    return None
