"""The book's prose, one module per chapter, as safe HTML fragments (:class:`talksbook.html.Html`).

Each chapter module has a ``chapter(pkg, [event_id,] lang="en")`` function returning the whole
chapter, and smaller functions for its sections, so a notebook can interleave charts::

    from talksbook.data import load
    from talksbook.narrative import calls
    pkg = load("data")
    display(calls.chapter(pkg))

Sentences come from ``talksbook/templates/narrative.{lang}.yml`` through :func:`say`; every
value is escaped as it is inserted. Nothing here emits Markdown.
"""

from __future__ import annotations

from . import appendix, calls, meeting, outlook, overview, reactions
from .phrases import (
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

__all__ = [
    "appendix",
    "calls",
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
