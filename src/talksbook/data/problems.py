"""Validation problems, reported as ``file:line: column: problem. Fix: …``."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with a data package, located precisely enough to fix it."""

    file: str
    line: int
    column: str
    message: str
    fix: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        column = f" {self.column}:" if self.column else ""
        message = self.message.rstrip(".")
        return f"{where}:{column} {message}. Fix: {self.fix}"


class ValidationError(Exception):
    """Raised by :func:`talksbook.data.load` when a package has problems; holds them all."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        lines = "\n".join(str(p) for p in problems)
        super().__init__(f"{len(problems)} problem(s) in the data package:\n{lines}")
