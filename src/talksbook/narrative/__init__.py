"""The book's prose, one module per chapter, as safe HTML fragments (:class:`talksbook.html.Html`).

Each chapter module has one function per section, ``section(pkg, [event_id,] lang="en")``. The
chapter notebooks (``notebooks/*.ipynb``) are the only composition of a chapter: they call the
sections in order, interleaved with charts and under their section headings (markdown cells
whose metadata names the heading's template key; see :mod:`talksbook.execute`). A section whose
headings the data decide (one per call) returns its parts, headings.Heading and Html, for the
notebook to display::

    from talksbook.data import load
    from talksbook.narrative import calls
    pkg = load("data")
    display(calls.comparison(pkg))
    display(*calls.opening(pkg, "call-2025"))

Sentences come from ``talksbook/templates/narrative.{lang}.yml`` through :func:`say`; every
value is escaped as it is inserted. Nothing here emits Markdown.
"""

from __future__ import annotations

from ..words import (
    fmt_count,
    fmt_date,
    fmt_interval,
    fmt_list,
    fmt_months,
    fmt_number,
    fmt_ordinal,
    fmt_weekday_date,
    say,
    text,
)
from . import appendix, calls, findings, meeting, outlook, overview, reactions

__all__ = [
    "appendix",
    "calls",
    "findings",
    "fmt_count",
    "fmt_date",
    "fmt_interval",
    "fmt_list",
    "fmt_months",
    "fmt_number",
    "fmt_ordinal",
    "fmt_weekday_date",
    "meeting",
    "outlook",
    "overview",
    "reactions",
    "say",
    "text",
]
