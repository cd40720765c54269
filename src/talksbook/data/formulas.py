"""Cells a spreadsheet would run: free text that starts with =, +, - or @ (or a tab or carriage
return before one). The book shows such text as text; a reader who opens a downloaded CSV by
double-clicking may not. A warning, not a problem: the text may be exactly what the source
says ("-5 degrees"), and the package stays valid.
"""

from __future__ import annotations

from .package import Package
from .problems import Problem
from .rules import rules

__all__ = ["FORMULA_STARTS", "formula_cells"]

#: What makes a spreadsheet read a cell as a formula (OWASP's list for CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _free_text(table: str) -> list[str]:
    """The table's text fields without a pattern or enum: where anything may be written."""
    fields = rules().get(table, {}).get("fields", {})
    return [
        name
        for name, spec in fields.items()
        if spec["type"] == "string" and not {"pattern", "enum"} & set(spec.get("constraints", {}))
    ]


def formula_cells(package: Package) -> list[Problem]:
    """One warning per free-text cell that starts as a formula would, at its row."""
    found = []
    for table, frame in package.tables.items():
        lines = package.lines.get(table, [])
        path = str(package.root / package.resource(table)["path"])
        for column in _free_text(table):
            if column not in frame:
                continue
            for index, value in enumerate(frame[column]):
                if isinstance(value, str) and value.startswith(FORMULA_STARTS):
                    found.append(
                        Problem(
                            path,
                            lines[index] if index < len(lines) else 0,
                            column,
                            f"starts with {value[:1]!r}: a spreadsheet opening the downloaded "
                            "file may run it as a formula",
                            "keep it if the source says so (the book shows it as text), or "
                            "reword it so that it does not start with = + - @",
                        )
                    )
    return found
