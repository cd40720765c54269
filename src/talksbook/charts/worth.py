"""Is a chart worth drawing? The one rule, per kind of chart, that the notebooks ask.

A chart is drawn only when it shows what the prose cannot say in one sentence. Two ranges
(90 minutes against "more than an hour") are one clause: they meet or they do not; a map with
one dot, a bar chart with one bar, a matrix with one column or one row are a name, a number,
a list. Each rule takes the arguments its builder takes (words and limits aside) and looks
at the facts the builder draws, not at the chart, so that deciding costs no drawing.

    charts.shown(charts.venue_map, pkg, meeting_id, lang=lang)   # the chart, or None
    charts.worth_drawing(charts.venue_map, pkg, meeting_id)      # the rule alone
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import altair as alt

from ..data import Package
from ..facts.claims import most_claimed
from ..facts.dating import dating
from ..facts.outcomes import meeting_outcomes
from ..facts.presence import at_the_table
from ..facts.topics import topics_raised
from ..facts.venues import venues
from ..facts.voices import mention_sources, mentioned, statement_counts

__all__ = ["MARKS", "RANGES", "WORTH", "shown", "worth_drawing"]

#: The fewest ranges a range chart compares to say more than one sentence: with two, "they
#: meet" or "they do not" says it all.
RANGES = 3
#: The fewest marks a chart of counts or places needs: one bar or one dot is a sentence.
MARKS = 2


def timeline(pkg: Package, *_: Any, **__: Any) -> bool:
    """Two dated events at least: one date alone is a sentence."""
    dated = dating(pkg)["kind"] != "undated"
    return int(dated.sum()) >= MARKS


def duration_claims(
    pkg: Package, event_id: str | None = None, label_en: str | None = None, *_: Any, **__: Any
) -> bool:
    """Three accounts of one length at least: two accounts agree or not, in one sentence."""
    group = most_claimed(pkg, "duration", event_id, label_en)
    return group is not None and len(group.ranges) >= RANGES


def topics_per_event(pkg: Package, event_id: str | None = None, *_: Any, **__: Any) -> bool:
    """A matrix: two events and two topics at least (one column or one row is a list)."""
    raised = topics_raised(pkg, event_id)
    return len(raised.events) >= MARKS and len(raised.topics) >= MARKS


def who_was_at_the_table(pkg: Package, event_id: str | None = None, *_: Any, **__: Any) -> bool:
    """A matrix: two columns (events; or, for one event, roles) and more actors than columns
    (one actor per column is a list of names)."""
    table = at_the_table(pkg, event_id)
    columns = len(table.events) if event_id is None else len(table.roles)
    return columns >= MARKS and len(table.actors) > columns


def _statements(pkg: Package, event_id: str | None = None, *_: Any, **__: Any) -> bool:
    """Two speakers and three statements at least: one bar, or two bars of one statement
    each, is a sentence."""
    counts = statement_counts(pkg, event_id)
    return counts.speakers >= MARKS and counts.total > MARKS


def venue_map(pkg: Package, event_id: str | None = None, *_: Any, **__: Any) -> bool:
    """Two places on the map at least: a map with one dot says only where that is."""
    return len(venues(pkg, event_id).venues) >= MARKS


def outcomes_per_meeting(pkg: Package, event_id: str | None = None, *_: Any, **__: Any) -> bool:
    """Two bars at least (outcomes of two kinds or two statuses): one bar is a number."""
    return len(meeting_outcomes(pkg, event_id).cells) >= MARKS


def actor_mentions(
    pkg: Package, top_n: int = 10, source_id: str | None = None, *_: Any, **__: Any
) -> bool:
    """Two actors mentioned at least: one bar is a sentence."""
    if source_id is None and not mention_sources(pkg):
        return False
    sources = None if source_id is None else [source_id]
    return len(mentioned(pkg, sources, top_n).top) >= MARKS


#: The rule of each builder of `talksbook.charts.BUILDERS`, by the builder's name.
WORTH: dict[str, Callable[..., bool]] = {
    "timeline": timeline,
    "duration_claims": duration_claims,
    "topics_per_event": topics_per_event,
    "who_was_at_the_table": who_was_at_the_table,
    "statements_by_channel": _statements,
    "stance_by_speaker": _statements,
    "venue_map": venue_map,
    "outcomes_per_meeting": outcomes_per_meeting,
    "actor_mentions": actor_mentions,
}


def worth_drawing(builder: Callable[..., Any], pkg: Package, *args: Any, **kwargs: Any) -> bool:
    """Whether `builder(pkg, *args, **kwargs)` would show more than one sentence can say."""
    kwargs.pop("lang", None)
    return WORTH[builder.__name__](pkg, *args, **kwargs)


def shown(
    builder: Callable[..., alt.TopLevelMixin], pkg: Package, *args: Any, **kwargs: Any
) -> alt.TopLevelMixin | None:
    """The chart `builder(pkg, *args, **kwargs)` where it is worth drawing, else None (a
    notebook cell whose last value is None shows nothing)."""
    if not worth_drawing(builder, pkg, *args, **kwargs):
        return None
    return builder(pkg, *args, **kwargs)
