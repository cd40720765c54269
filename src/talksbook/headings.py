"""Section headings that a notebook cell emits at run time, for sections the data decide
(one per call, say), as opposed to the template's fixed ``##`` heading cells.

A cell displays a :class:`Heading`; after execution, ``execute.prepare_for_book`` turns each
one into a MyST heading cell between the cell's other outputs, so that Sphinx makes it a real
section: numbered in the page's "on this page" list, linkable, in the PDF outline.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

__all__ = ["HEADING_MIME", "LEVELS", "Heading"]

#: The output's MIME type (beside text/plain, so that Jupyter shows the heading's text).
HEADING_MIME = "application/vnd.talksbook.heading+json"
#: Levels a chapter may emit: sections and their subsections (the page title is level 1).
LEVELS = (2, 3)


@dataclass(frozen=True)
class Heading:
    """A section heading: its plain text (data may be in it: it is escaped when it becomes
    MyST) and its level."""

    text: str
    level: int = 2

    def __post_init__(self) -> None:
        if self.level not in LEVELS:
            raise ValueError(f"a heading's level is one of {LEVELS}, not {self.level!r}")

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict[str, Any]:
        return {"text/plain": self.text, HEADING_MIME: {"level": self.level, "text": self.text}}
