"""Altair charts of the data package: one builder per reader's question.

Every builder takes the Package first and returns an Altair chart with a title, a subtitle
that states the takeaway (computed from the data), a `description` for screen readers and
tooltips. What a chart draws and states is computed in `talksbook.facts` (counts, groups,
ranges, limits); the builder maps ids to the edition's words and encodes, so a chart embeds
only the rows it draws and shares its numbers with the prose.
Builders about one meeting accept `event_id=` so a template notebook can chart one meeting.

Importing this package registers and enables the "talksbook" Altair theme (see `theme`).

    timeline(pkg)                  When did it happen? (uncertain dates as intervals)
    duration_claims(pkg)           Do the accounts of a call's length agree?
    topics_per_event(pkg)          What did each event raise?
    who_was_at_the_table(pkg)      Who took part, in what role, and who was left out?
    statements_by_channel(pkg)     Through which channels did the words reach the article?
    stance_by_speaker(pkg)         Who backs the talks, and who does not?
    venue_map(pkg)                 Where did the talks take place?
    outcomes_per_meeting(pkg)      What did each meeting produce, and how firm is it?
    actor_mentions(pkg)            Whom does the article talk about?

Notebooks draw a chart only where it says more than a sentence: `shown(builder, pkg, ...)`
is the chart or None, by the rule `worth_drawing` (see `worth`).
"""

from __future__ import annotations

from collections.abc import Callable

import altair as alt

from ..data import Package
from . import theme
from .claims import duration_claims
from .matrices import topics_per_event, who_was_at_the_table
from .mentions import actor_mentions
from .outcomes import outcomes_per_meeting
from .statements import stance_by_speaker, statements_by_channel
from .theme import enable_theme
from .timeline import timeline
from .venues import venue_map
from .worth import WORTH, shown, worth_drawing

# Every builder by name, in reading order (tests are parametrised over this).
BUILDERS: dict[str, Callable[[Package], alt.TopLevelMixin]] = {
    "timeline": timeline,
    "duration_claims": duration_claims,
    "topics_per_event": topics_per_event,
    "who_was_at_the_table": who_was_at_the_table,
    "statements_by_channel": statements_by_channel,
    "stance_by_speaker": stance_by_speaker,
    "venue_map": venue_map,
    "outcomes_per_meeting": outcomes_per_meeting,
    "actor_mentions": actor_mentions,
}

__all__ = [
    "BUILDERS",
    "WORTH",
    "actor_mentions",
    "duration_claims",
    "enable_theme",
    "outcomes_per_meeting",
    "shown",
    "stance_by_speaker",
    "statements_by_channel",
    "theme",
    "timeline",
    "topics_per_event",
    "venue_map",
    "who_was_at_the_table",
    "worth_drawing",
]
