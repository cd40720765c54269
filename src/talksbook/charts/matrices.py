"""Which topics came up where, and who was at the table: event × thing dot matrices.

Both charts put events in date order along x (one column each) and the other thing down y,
most frequent first. Above the limits they keep the busiest rows and columns and say so.
Their words come from templates/charts.matrices.{lang}.yml; event titles, topic labels and
actor names are the data's own in the edition's language (English where the data have none).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import TypeVar

import altair as alt
import pandas as pd

from ..data import Package
from ..facts.presence import ABSENT_ROLE, at_the_table, role_order
from ..facts.topics import topics_raised
from ..words import direction, has
from ._base import (
    FULL_WIDTH,
    LINES,
    actor_names,
    capital,
    check_event,
    display,
    empty_chart,
    enum,
    event_title,
    in_lang,
    join_words,
    plain,
    present,
    quoted,
    quoted_list,
    row_step,
    titled,
    unique_labels,
    with_labels,
    words,
)
from .theme import PADDING, PHONE_WIDTH, ROLE_COLOURS, TRACK_COLOURS, colour_scale, legend

__all__ = ["topics_per_event", "who_was_at_the_table"]

ChartT = TypeVar("ChartT", bound=alt.TopLevelMixin)

LABEL_WIDTH = 120
STEP = 20  # px per column
#: Event columns shown at most: with the label column and the padding they fit a phone screen.
MAX_COLUMNS = (PHONE_WIDTH - LABEL_WIDTH - 2 * PADDING) // STEP
ROW = 26  # px per row: room for a two-line label


def _y_axis() -> alt.Axis:
    return alt.Axis(
        minExtent=LABEL_WIDTH,
        maxExtent=LABEL_WIDTH,
        # Labels are wrapped to fit the column, never cut.
        labelLimit=0,
        labelExpr=LINES,
        labelLineHeight=11,
        labelFontSize=10,
        grid=True,
    )


def _x_axis(title: str | None = None) -> alt.Axis:
    # Slanted labels: a 20 px column on a phone cannot hold horizontal text. Wrapped, never
    # cut: a long title takes a second line.
    return alt.Axis(
        title=title,
        labelAngle=-55,
        labelAlign="right",
        labelLimit=0,
        labelExpr=LINES,
        labelLineHeight=11,
        labelFontSize=10,
        grid=True,
        orient="bottom",
    )


def _room_for_slant(chart: ChartT, first: str, lang: str) -> ChartT:
    """Room on the left for the first column's slanted label, which reaches out to the left
    of its column: over the y axis's labels in a left-to-right edition, but past the chart's
    edge in a right-to-left one, whose y axis is on the right."""
    if direction(lang) != "rtl":
        return chart
    longest = max(len(line) for line in first.split("\n"))
    # About 5.6 px per character at 10 px, slanted at 55 degrees; the column's half width
    # and the theme's padding take some of it.
    reach = int(longest * 5.6 * math.cos(math.radians(55))) + 11 * first.count("\n")
    left = max(PADDING, reach - STEP // 2)
    return chart.properties(
        padding={"left": left, "right": PADDING, "top": PADDING, "bottom": PADDING}
    )


def _by_count_then_date(
    cells: pd.DataFrame, topics: list[str], events: list[str], count: Mapping[str, int]
) -> list[str]:
    """The shown topics, raised at most events (`count`) first; among equals, the one first
    raised earlier among the shown events (in date order) first, then in the topics table's
    order."""
    at = {e: i for i, e in enumerate(events)}
    first = cells.assign(at=cells["event_id"].map(at)).groupby("topic_id")["at"].min()
    return sorted(topics, key=lambda t: (-count.get(t, 0), first.get(t, len(at))))


def _by_role_then_count(
    cells: pd.DataFrame,
    actors: list[str],
    events: list[str],
    roles: list[str],
    names: dict[str, str],
) -> list[str]:
    """The shown actors by role, then count, then date: the first role in the schema's order
    (party first, affected but absent last) that the actor holds at any shown event; among
    equals, the actor at most events first, then the one whose first event came earlier
    (events are in date order), then by name."""
    rank = {r: i for i, r in enumerate(roles)}
    at = {e: i for i, e in enumerate(events)}
    cells = cells.assign(
        rank=cells["main_role"].map(lambda r: rank.get(r, len(rank))),
        at=cells["event_id"].map(lambda e: at.get(e, len(at))),
    )
    grouped = cells.groupby("actor_id")
    best, count, first = grouped["rank"].min(), grouped["event_id"].nunique(), grouped["at"].min()

    def key(actor: str) -> tuple[int, int, int, str]:
        return (int(best[actor]), -int(count[actor]), int(first[actor]), names[actor].casefold())

    return sorted(actors, key=key)


def _events(pkg: Package, ids: list[str], lang: str) -> pd.DataFrame:
    """The events `ids`, in that order, with their axis labels."""
    events = pkg["events"].set_index("id", drop=False).loc[ids].reset_index(drop=True)
    return with_labels(events, lang)


def _role_text(role: str, lang: str) -> str:
    """A role for display; the absent role says plainly what it means ('affected but
    absent', from charts.*.yml)."""
    return display("role", role, lang)


def _count_of(role: str, count: int, lang: str) -> str:
    """'one party', 'two heads of delegation' (each role has its own plural forms); a role
    that has no words yet is shown as its code with the count."""
    key = f"chart.matrices.role_count.{role}"
    if has(key, lang):
        return words(key, lang, n=count)
    return words("chart.matrices.role_count_other", lang, role=_role_text(role, lang), count=count)


def topics_per_event(
    pkg: Package,
    event_id: str | None = None,
    *,
    max_events: int = MAX_COLUMNS,
    max_topics: int = 30,
    lang: str = "en",
) -> alt.LayerChart | alt.Chart:
    """Topics raised per event (event_topics × topics) as a dot matrix coloured by track, in
    the words of the edition `lang`."""
    check_event(pkg, event_id)
    title = words("chart.matrices.topics.title", lang)
    raised = topics_raised(pkg, event_id, max_events=max_events, max_topics=max_topics)
    if not raised.pairs:
        return empty_chart(title, words("chart.matrices.topics.none", lang), lang)
    topic_ids = pkg["topics"]["id"]
    topic_names = in_lang(pkg["topics"], "label", lang).set_axis(topic_ids)
    # The data may have no description in the edition's language: English is better than none.
    topic_about = in_lang(pkg["topics"], "description", lang).set_axis(topic_ids)
    events = _events(pkg, raised.events, lang)
    events = events.assign(
        event=in_lang(events, "title", lang),
        track_text=events["track"].map(lambda t: display("track", t, lang)),
    ).set_index("id")
    keep_topics = _by_count_then_date(raised.cells, raised.topics, raised.events, raised.per_topic)
    topic_labels = dict(zip(keep_topics, unique_labels(topic_names[keep_topics]), strict=True))
    cells = raised.cells
    cells = cells.assign(
        **{c: cells["event_id"].map(events[c]) for c in ("event", "track", "track_text", "column")},
        label=cells["topic_id"].map(topic_labels),
        topic=cells["topic_id"].map(topic_names),
        about=cells["topic_id"].map(topic_about),
    )
    columns = list(events["column"])
    tracks = present(cells["track"], enum(pkg, "events", "track"))
    track_texts = [display("track", t, lang) for t in tracks]
    fields = ["label", "column", "event", "track_text", "topic", "about", "n_event", "n_topic"]
    chart = (
        alt.Chart(plain(cells[[*fields, "evidence_id"]]))
        .mark_square(size=150, opacity=1)
        .encode(
            x=alt.X("column:N", sort=columns, axis=_x_axis()),
            y=alt.Y("label:N", sort=list(topic_labels.values()), title=None, axis=_y_axis()),
            color=alt.Color(
                "track_text:N",
                # Keyed by the shown words, coloured by the code: the same colour per track
                # in every edition.
                scale=colour_scale(tracks, TRACK_COLOURS, lambda t: display("track", t, lang)),
                legend=legend(words("chart.matrices.topics.legend", lang), track_texts),
            ),
            tooltip=[
                alt.Tooltip("event:N", title=words("chart.matrices.tip.event", lang)),
                alt.Tooltip("topic:N", title=words("chart.matrices.tip.topic", lang)),
                alt.Tooltip("about:N", title=words("chart.matrices.tip.about", lang)),
                alt.Tooltip("n_event:Q", title=words("chart.matrices.tip.n_event", lang)),
                alt.Tooltip("n_topic:Q", title=words("chart.matrices.tip.n_topic", lang)),
                alt.Tooltip("evidence_id:N", title=words("chart.matrices.tip.evidence", lang)),
            ],
        )
        .properties(
            width=FULL_WIDTH, height=row_step(topic_labels.values(), ROW) * len(keep_topics)
        )
    )

    chart = _room_for_slant(chart, columns[0], lang)
    n_pairs, n_events, n_topics = raised.pairs, len(raised.per_event), len(raised.per_topic)
    if event_id is not None:
        name = event_title(pkg, event_id, lang)
        subtitle = words(
            "chart.matrices.topics.event",
            lang,
            event=name,
            topics=words("chart.matrices.count.topic", lang, n=n_topics),
        )
        if n_topics > len(keep_topics):
            subtitle += words("chart.matrices.topics.first", lang, shown=len(keep_topics))
        description = words(
            "chart.matrices.topics.event_description",
            lang,
            n=n_topics,
            event=name,
            names=join_words(list(topic_names[keep_topics]), limit=8, lang=lang),
        )
        return titled(chart, title, subtitle, description, lang)
    top_count, top_topic = raised.most_topics, raised.most_events
    titles = in_lang(pkg["events"], "title", lang).set_axis(pkg["events"]["id"])
    busiest = quoted_list(raised.busiest, titles, lang)
    common = quoted_list(raised.common, topic_names, lang)
    subtitle = words(
        "chart.matrices.topics.summary",
        lang,
        busiest=busiest,
        top=top_count,
        topics=n_topics,
        common=common,
        top_topic=top_topic,
        events=n_events,
    )
    if len(raised.events) < n_events or len(keep_topics) < n_topics:
        subtitle += words(
            "chart.matrices.topics.limited",
            lang,
            events=len(raised.events),
            topics=len(keep_topics),
        )
    description = words(
        "chart.matrices.topics.description",
        lang,
        mentions=words("chart.matrices.count.mention", lang, n=n_pairs),
        events=words("chart.matrices.count.event", lang, n=n_events),
        topics=words("chart.matrices.count.topic", lang, n=n_topics),
        busiest=busiest,
        most_topics=words("chart.matrices.count.topic", lang, n=top_count),
        common=common,
        most_events=words("chart.matrices.count.event", lang, n=top_topic),
    )
    return titled(chart, title, subtitle, description, lang)


def who_was_at_the_table(
    pkg: Package,
    event_id: str | None = None,
    *,
    max_events: int = MAX_COLUMNS,
    max_actors: int = 40,
    lang: str = "en",
) -> alt.Chart:
    """Actors × events, coloured by role; parties affected but absent are hollow dashed rings.

    With `event_id`, one meeting: actors × their roles in it. In the words of the edition
    `lang`.
    """
    check_event(pkg, event_id)
    title = words("chart.matrices.who.title", lang)
    table = at_the_table(pkg, event_id, max_events=max_events, max_actors=max_actors)
    if not table.per_event:
        return empty_chart(title, words("chart.matrices.who.none", lang), lang)
    roles_order = role_order(pkg)
    names = actor_names(pkg, lang)
    role_words = {
        r: _role_text(r, lang) for r in [*roles_order, *pkg["participants"]["role"].unique()]
    }
    roles_sep = words("list.sep", lang)
    cells = table.cells
    if event_id is not None:
        # One meeting: a column per role, so an actor with two roles shows both.
        columns = [role_words[r] for r in table.roles]
        x_title = words("chart.matrices.who.role", lang)
        column_of = cells["main_role"].map(role_words)
    else:
        # All events: a column per event; a cell's colour is the actor's main role, and the
        # tooltip lists every role. Drawn by main role in schema order: the rings last.
        rank = {r: i for i, r in enumerate(roles_order)}
        cells = cells.assign(rank=cells["main_role"].map(rank)).sort_values("rank", kind="stable")
        shown = _events(pkg, table.events, lang)
        columns = list(shown["column"])
        x_title = None
        column_of = cells["event_id"].map(dict(zip(shown["id"], shown["column"], strict=True)))
    if "note" in cells:  # the notes in the edition's language, else in English
        own = f"note_{lang}" if f"note_{lang}" in cells else "note"
        cells = cells.assign(
            note=[
                words("chart.sep", lang).join(mine or english)
                for mine, english in zip(cells[own], cells["note"], strict=True)
            ]
        )
    actors = _by_role_then_count(table.cells, table.actors, table.events, roles_order, names)
    actor_label = dict(zip(actors, unique_labels(names[a] for a in actors), strict=True))
    titles = in_lang(pkg["events"], "title", lang).set_axis(pkg["events"]["id"])
    presence = {
        True: words("chart.matrices.who.involved", lang),
        False: words("chart.matrices.who.not_at_table", lang),
    }
    cells = cells.assign(
        col=column_of,
        label=cells["actor_id"].map(actor_label),
        actor=cells["actor_id"].map(names),
        event=cells["event_id"].map(titles),
        roles=cells["roles"].map(lambda r: roles_sep.join(role_words[v] for v in r)),
        role_text=cells["main_role"].map(role_words),
        at_table=(cells["main_role"] != ABSENT_ROLE).map(presence),
    )
    roles = list(table.per_role)
    role_texts = [role_words[r] for r in roles]
    # Keyed by the shown words, coloured by the code: the same colour per role in every
    # edition.
    fills = colour_scale(roles, ROLE_COLOURS, role_words.get)
    role_title = words("chart.matrices.who.role", lang)
    # The same field on fill, stroke, stroke width and dash gives one merged legend whose
    # 'affected absent' symbol is drawn like its marks: a hollow, dashed, black ring.
    fill = alt.Fill(
        "role_text:N",
        scale=fills,
        legend=legend(role_title, role_texts),
    )
    is_absent = [r == ABSENT_ROLE for r in roles]
    stroke = alt.Stroke(
        "role_text:N",
        scale=alt.Scale(
            domain=role_texts, range=["#000000" if a else "#333333" for a in is_absent]
        ),
        legend=None,
    )
    width = alt.StrokeWidth(
        "role_text:N",
        scale=alt.Scale(domain=role_texts, range=[2.0 if a else 0.6 for a in is_absent]),
        legend=None,
    )
    dash = alt.StrokeDash(
        "role_text:N",
        scale=alt.Scale(domain=role_texts, range=[[2, 2] if a else [1, 0] for a in is_absent]),
        legend=None,
    )
    tooltip = [
        alt.Tooltip("actor:N", title=words("chart.matrices.tip.actor", lang)),
        alt.Tooltip("event:N", title=words("chart.matrices.tip.event", lang)),
        alt.Tooltip("roles:N", title=role_title),
        alt.Tooltip("at_table:N", title=words("chart.matrices.tip.presence", lang)),
    ]
    if "note" in cells:
        # Notes are the data's own words: participants.note_<lang>, else note (English).
        tooltip.append(alt.Tooltip("note:N", title=words("chart.matrices.tip.note", lang)))
    tooltip.append(alt.Tooltip("evidence_id:N", title=words("chart.matrices.tip.evidence", lang)))
    fields = ["label", "col", "actor", "event", "roles", "role_text", "at_table", "evidence_id"]
    fields += ["note"] if "note" in cells else []
    chart = (
        alt.Chart(plain(cells[fields]))
        .mark_point(shape="circle", filled=True, size=130, opacity=1)
        .encode(
            x=alt.X("col:N", sort=columns, axis=_x_axis(x_title)),
            y=alt.Y("label:N", sort=list(actor_label.values()), title=None, axis=_y_axis()),
            fill=fill,
            stroke=stroke,
            strokeWidth=width,
            strokeDash=dash,
            tooltip=tooltip,
        )
        .properties(width=FULL_WIDTH, height=row_step(actor_label.values(), ROW) * len(actors))
    )

    chart = _room_for_slant(chart, columns[0], lang)
    absent_text = ""
    if table.absent:
        by_event = list(table.absent.items())
        # Two events at most: the subtitle is a takeaway, not a list.
        absent_text = words("chart.sep", lang).join(
            words(
                "chart.matrices.who.affected_one"
                if len(who) == 1
                else "chart.matrices.who.affected_many",
                lang,
                names=join_words([names[a] for a in who], lang=lang),
                event=quoted(titles[e], lang),
            )
            for e, who in by_event[:2]
        )
        if len(by_event) > 2:
            absent_text += words("chart.matrices.who.affected_more", lang, n=len(by_event) - 2)
    if event_id is not None:
        name = event_title(pkg, event_id, lang)
        listed = join_words(
            [_count_of(r, n, lang) for r, n in table.per_role.items()], limit=9, lang=lang
        )
        absent_part = ""
        if event_id in table.absent:
            who = [names[a] for a in table.absent[event_id]]
            absent_part = words(
                "chart.matrices.who.absent_one"
                if len(who) == 1
                else "chart.matrices.who.absent_many",
                lang,
                names=join_words(who, lang=lang),
            )
        subtitle = words(
            "chart.matrices.who.event_subtitle",
            lang,
            event=name,
            listed=listed,
            absent=absent_part,
        )
        rings = (
            words("chart.matrices.who.event_rings", lang, absent=capital(absent_text))
            if absent_text
            else ""
        )
        description = words(
            "chart.matrices.who.event_description",
            lang,
            n=len(actors),
            event=name,
            listed=listed,
            rings=rings,
        )
        return titled(chart, title, subtitle, description, lang)
    # The busiest actors' names in alphabetical order.
    who = sorted(names[a] for a in table.busiest)
    most = words("chart.matrices.who.most", lang, names=join_words(who, lang=lang), top=table.most)
    if absent_text:
        subtitle = words(
            "chart.matrices.who.subtitle_absent", lang, absent=capital(absent_text), most=most
        )
    else:
        subtitle = words("chart.matrices.who.subtitle", lang, most=most)
    description = words(
        "chart.matrices.who.description",
        lang,
        actors=words("chart.matrices.count.actor", lang, n=len(actors)),
        events=words("chart.matrices.count.event", lang, n=len(columns)),
        roles=join_words(role_texts, limit=9, lang=lang),
        rings=words("chart.matrices.who.rings", lang, absent=absent_text) if absent_text else "",
        most=capital(most),
    )
    return titled(chart, title, subtitle, description, lang)
