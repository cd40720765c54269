"""Coded values the book must be able to say: every unit, qualifier, channel, stance, status
and kind in the data needs its words in each edition's templates.

A package may use a value its descriptor allows but the templates have no words for (a new
unit, "hour", say). The prose would then fall back to a bare number ("the call lasted 30")
and lose what the figure measures. Such a value is a problem with a fix, before anything runs.
"""

from __future__ import annotations

from collections.abc import Iterable

from .data import Package
from .data.problems import Problem
from .paths import DESCRIPTOR_NAME
from .words import has

__all__ = ["PHRASED", "unphrased"]

#: (table, column) → the template keys each of its values needs, ``{}`` standing for the value.
PHRASED: dict[tuple[str, str], tuple[str, ...]] = {
    ("figures", "unit"): ("unit.{}",),
    ("figures", "qualifier"): ("qualifier.{}",),
    ("statements", "channel"): ("channel.{}", "channel.heading.{}"),
    ("statements", "mode"): ("mode.{}",),
    ("statements", "stance"): ("stance.{}",),
    ("events", "status"): ("status.{}",),
    ("events", "track"): ("track.count.{}",),
    ("events", "date_basis"): ("basis.{}",),
    ("events", "date_precision"): ("precision.{}",),
    ("date_claims", "basis"): ("basis.{}",),
    ("outcomes", "kind"): ("outcome.kind.{}",),
    ("outcomes", "status"): ("outcome.status.{}", "outcome.status.count.{}"),
}


def unphrased(package: Package, languages: Iterable[str]) -> list[Problem]:
    """One problem per coded value (at its first row) that lacks words in one of
    ``languages``, naming the template keys to add."""
    problems = []
    for (table, column), patterns in PHRASED.items():
        frame = package.tables.get(table)
        if frame is None or column not in frame:
            continue
        lines = package.lines.get(table, [])
        seen: set[str] = set()
        for index, value in enumerate(frame[column]):
            if not isinstance(value, str) or not value or value in seen:
                continue
            seen.add(value)
            for lang in languages:
                missing = [p.format(value) for p in patterns if not has(p.format(value), lang)]
                if missing:
                    problems.append(
                        Problem(
                            str(package.root / package.resource(table)["path"]),
                            lines[index] if index < len(lines) else 0,
                            column,
                            f"the book has no words for {value!r} in its {lang} edition",
                            f"add {', '.join(missing)} to "
                            f"src/talksbook/templates/narrative.{lang}.yml (as for the other "
                            f"values of {column}), or use a value the "
                            f"{DESCRIPTOR_NAME} already lists",
                        )
                    )
    return problems
