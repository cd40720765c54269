"""Which topics came up where, and who was at the table: event × thing dot matrices.

Both charts put events in date order along x (one column each) and the other thing down y,
most frequent first. Above the limits they keep the busiest rows and columns and say so.
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from ..data import Package
from ._base import (
    LINES,
    actor_names,
    check_event,
    empty_chart,
    enum,
    event_title,
    events_in_order,
    join_words,
    plain,
    plural,
    present,
    quoted,
    spaced,
    titled,
    unique_labels,
    with_labels,
)
from .theme import ROLE_COLOURS, TRACK_COLOURS, colour_scale, legend

__all__ = ["topics_per_event", "who_was_at_the_table"]

LABEL_WIDTH = 120
STEP = 20  # px per column: 12 events (the default limit) fit in 240 px beside the labels
ROW = 26  # px per row: room for a two-line label
ABSENT_ROLE = "affected-absent"


def _y_axis() -> alt.Axis:
    return alt.Axis(
        minExtent=LABEL_WIDTH,
        maxExtent=LABEL_WIDTH,
        labelLimit=LABEL_WIDTH - 6,
        labelExpr=LINES,
        labelLineHeight=11,
        labelFontSize=10,
        grid=True,
    )


def _x_axis(title: str | None = None) -> alt.Axis:
    # Slanted single-line labels: a 20 px column cannot hold horizontal text.
    return alt.Axis(
        title=title,
        labelAngle=-55,
        labelAlign="right",
        labelLimit=175,
        labelFontSize=10,
        grid=True,
        orient="bottom",
    )


def _limited(counts: pd.Series, limit: int) -> list[str]:
    """The `limit` keys with the highest counts; ties keep their original (date) order."""
    ranked = counts.reset_index()
    ranked.columns = ["key", "n"]
    ranked["order"] = range(len(ranked))
    ranked = ranked.sort_values(["n", "order"], ascending=[False, True], kind="stable")
    return list(ranked["key"].head(limit))


def _role_text(role: str) -> str:
    """A role for display; the absent role says plainly what it means."""
    return "affected but absent" if role == ABSENT_ROLE else spaced(role)


def _count_of(role_text: str, count: int) -> str:
    """'1 party', '2 parties', '2 heads of delegation'."""
    if count == 1 or role_text == _role_text(ABSENT_ROLE):
        return f"{count:,} {role_text}"
    head, _, rest = role_text.partition(" ")
    head = head[:-1] + "ies" if head.endswith("y") else head + "s"
    return f"{count:,} {head} {rest}".rstrip()


def topics_per_event(
    pkg: Package, event_id: str | None = None, *, max_events: int = 12, max_topics: int = 30
) -> alt.LayerChart | alt.Chart:
    """Topics raised per event (event_topics × topics) as a dot matrix coloured by track."""
    check_event(pkg, event_id)
    title = "What did each event raise?"
    events = events_in_order(pkg["events"])
    pairs = pkg["event_topics"]
    if event_id is not None:
        pairs = pairs[pairs["event_id"] == event_id]
    if pairs.empty:
        return empty_chart(title, "No topics are recorded for this selection.")
    topics = pkg["topics"].set_index("id")
    per_event = pairs.groupby("event_id").size()
    per_topic = pairs.groupby("topic_id").size()
    # Events in date order, topics by frequency then in the topics table's order.
    per_event = per_event.reindex(events["id"][events["id"].isin(per_event.index)])
    per_topic = per_topic.reindex([t for t in topics.index if t in per_topic.index])
    keep_events = set(_limited(per_event, max_events))
    events = with_labels(events[events["id"].isin(keep_events)])
    keep_topics = _limited(per_topic, max_topics)
    shown = pairs[pairs["event_id"].isin(keep_events) & pairs["topic_id"].isin(keep_topics)]
    cells = shown.merge(
        events[["id", "title_en", "track", "column"]], left_on="event_id", right_on="id"
    )
    topic_labels = dict(
        zip(keep_topics, unique_labels(topics.loc[keep_topics, "label_en"]), strict=True)
    )
    cells = cells.assign(
        label=cells["topic_id"].map(topic_labels),
        topic=cells["topic_id"].map(topics["label_en"]),
        about=cells["topic_id"].map(topics["description_en"]),
        n_event=cells["event_id"].map(per_event),
        n_topic=cells["topic_id"].map(per_topic),
    )
    columns = list(events["column"])
    tracks = present(cells["track"], enum(pkg, "events", "track"))
    chart = (
        alt.Chart(
            plain(
                cells[
                    [
                        "label",
                        "column",
                        "title_en",
                        "track",
                        "topic",
                        "about",
                        "n_event",
                        "n_topic",
                        "evidence_id",
                    ]
                ]
            )
        )
        .mark_square(size=150, opacity=1)
        .encode(
            x=alt.X("column:N", sort=columns, axis=_x_axis()),
            y=alt.Y("label:N", sort=list(topic_labels.values()), title=None, axis=_y_axis()),
            color=alt.Color(
                "track:N",
                scale=colour_scale(tracks, TRACK_COLOURS),
                legend=legend("Track of the event", tracks),
            ),
            tooltip=[
                alt.Tooltip("title_en:N", title="Event"),
                alt.Tooltip("topic:N", title="Topic"),
                alt.Tooltip("about:N", title="What it covers"),
                alt.Tooltip("n_event:Q", title="Topics raised by this event"),
                alt.Tooltip("n_topic:Q", title="Events raising this topic"),
                alt.Tooltip("evidence_id:N", title="Evidence"),
            ],
        )
        .properties(width=STEP * len(columns), height=ROW * len(keep_topics))
    )

    n_pairs, n_events, n_topics = len(pairs), per_event.size, per_topic.size
    if event_id is not None:
        name = event_title(pkg, event_id)
        subtitle = f"{name} raised {plural(n_topics, 'topic')}."
        if n_topics > len(keep_topics):
            subtitle += f" Showing the first {len(keep_topics)}."
        description = (
            f"Dot list of the {plural(n_topics, 'topic')} raised by {name}: "
            f"{join_words(list(topics.loc[keep_topics, 'label_en']), limit=8)}."
        )
        return titled(chart, title, subtitle, description)
    top_count = int(per_event.max())
    busiest_ids = per_event[per_event == top_count].index
    titles = pkg["events"].set_index("id")["title_en"]
    busiest = join_words([quoted(titles[e]) for e in busiest_ids[:4]], total=len(busiest_ids))
    top_topic = int(per_topic.max())
    common_ids = per_topic[per_topic == top_topic].index
    common = join_words(
        [f"“{topics.loc[t, 'label_en']}”" for t in common_ids[:4]], total=len(common_ids)
    )
    subtitle = (
        f"{busiest} raised the most topics ({top_count:,} of the "
        f"{n_topics:,} raised); {common} came up in the "
        f"most events ({top_topic:,} of {n_events:,})."
    )
    if len(keep_events) < n_events or len(keep_topics) < n_topics:
        subtitle += (
            f" Showing the {len(keep_events)} busiest events and "
            f"{len(keep_topics)} commonest topics."
        )
    description = (
        f"Dot matrix of {plural(n_pairs, 'topic mention')}: {plural(n_events, 'event')} "
        f"in date order across, {plural(n_topics, 'topic')} down, most frequent first; "
        f"a square marks a topic raised at an event, coloured by the event's track. "
        f"Busiest: {busiest} ({top_count:,} topics). "
        f"Commonest topic: {common} ({top_topic:,} events)."
    )
    return titled(chart, title, subtitle, description)


def who_was_at_the_table(
    pkg: Package, event_id: str | None = None, *, max_events: int = 12, max_actors: int = 40
) -> alt.Chart:
    """Actors × events, coloured by role; parties affected but absent are hollow dashed rings.

    With `event_id`, one meeting: actors × their roles in it.
    """
    check_event(pkg, event_id)
    title = "Who was at the table?"
    part = pkg["participants"]
    if event_id is not None:
        part = part[part["event_id"] == event_id]
    if part.empty:
        return empty_chart(title, "No participants are recorded for this selection.")
    roles_order = enum(pkg, "participants", "role")
    names = actor_names(pkg)
    events = events_in_order(pkg["events"])
    rank = {r: i for i, r in enumerate(roles_order)}

    if event_id is not None:
        # One meeting: a column per role, so an actor with two roles shows both.
        cells = part.assign(col=part["role"].map(_role_text), role_main=part["role"])
        columns = [_role_text(r) for r in present(part["role"], roles_order)]
        x_title = "Role"
    else:
        # All events: one cell per (event, actor); its colour is the actor's first role in
        # the schema's order (party before reporter), and the tooltip lists every role.
        # Keep the busiest events before aggregating: the aggregation is per group.
        per_event = part.groupby("event_id")["actor_id"].nunique()
        per_event = per_event.reindex(events["id"][events["id"].isin(per_event.index)])
        keep = set(_limited(per_event, max_events))
        part = part[part["event_id"].isin(keep)]
        part = part.assign(rank=part["role"].map(rank)).sort_values("rank", kind="stable")
        cells = part.groupby(["event_id", "actor_id"], as_index=False, sort=False).agg(
            role_main=("role", "first"),
            roles=("role", lambda r: ", ".join(spaced(v) for v in r)),
            note=("note", lambda n: "; ".join(v for v in n if v)),
            evidence_id=("evidence_id", "first"),
        )
        shown = with_labels(events[events["id"].isin(keep)])
        column_of = dict(zip(shown["id"], shown["column"], strict=True))
        cells = cells.assign(col=cells["event_id"].map(column_of))
        columns = list(shown["column"])
        x_title = None
    if "roles" not in cells:
        cells = cells.assign(roles=cells["role"].map(spaced))

    per_actor = cells.groupby("actor_id").size().sort_values(ascending=False, kind="stable")
    actors = _limited(per_actor, max_actors)
    cells = cells[cells["actor_id"].isin(actors)]
    actor_label = dict(zip(actors, unique_labels(names[a] for a in actors), strict=True))
    titles = events.set_index("id")["title_en"]
    cells = cells.assign(
        label=cells["actor_id"].map(actor_label),
        actor=cells["actor_id"].map(names),
        event=cells["event_id"].map(titles),
        role_text=cells["role_main"].map(_role_text),
        at_table=(cells["role_main"] != ABSENT_ROLE).map(
            {True: "involved", False: "affected but not at the table"}
        ),
    )
    roles = present(cells["role_main"], roles_order)
    role_texts = [_role_text(r) for r in roles]
    fills = colour_scale(roles, ROLE_COLOURS, _role_text)
    # The same field on fill, stroke, stroke width and dash gives one merged legend whose
    # 'affected absent' symbol is drawn like its marks: a hollow, dashed, black ring.
    fill = alt.Fill(
        "role_text:N",
        scale=fills,
        legend=legend("Role", role_texts),
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
        alt.Tooltip("actor:N", title="Actor"),
        alt.Tooltip("event:N", title="Event"),
        alt.Tooltip("roles:N", title="Role"),
        alt.Tooltip("at_table:N", title="Presence"),
    ]
    if "note" in cells:
        tooltip.append(alt.Tooltip("note:N", title="Note"))
    tooltip.append(alt.Tooltip("evidence_id:N", title="Evidence"))
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
        .properties(width=STEP * max(len(columns), 3), height=ROW * len(actors))
    )

    absent = cells[cells["role_main"] == ABSENT_ROLE]
    absent_text = ""
    if len(absent):
        by_event = absent.groupby("event_id", sort=False)["actor"].apply(list)
        # Two events at most: the subtitle is a takeaway, not a list.
        absent_text = "; ".join(
            f"{join_words(who)} {'was' if len(who) == 1 else 'were'} affected by "
            f"{quoted(titles[e])} but not at the table"
            for e, who in list(by_event.items())[:2]
        )
        if len(by_event) > 2:
            absent_text += f" (and at {plural(len(by_event) - 2, 'other event')})"
    if event_id is not None:
        name = event_title(pkg, event_id)
        counts = cells.groupby("role_text").size().reindex(role_texts).dropna()
        listed = join_words([_count_of(r, int(n)) for r, n in counts.items()], limit=9)
        subtitle = f"{name}: {listed}"
        if len(absent):
            who = list(dict.fromkeys(absent["actor"]))
            verb = "was" if len(who) == 1 else "were"
            subtitle += f"; {join_words(who)} {verb} not at the table"
        subtitle += "."
        description = (
            f"Dot matrix of the {plural(len(actors), 'actor')} of {name} by role: {listed}. "
            + (f"{absent_text[0].upper()}{absent_text[1:]}." if absent_text else "")
        )
        return titled(chart, title, subtitle, description)
    present_cells = cells[cells["role_main"] != ABSENT_ROLE]
    busiest = present_cells.groupby("actor").size()
    top = int(busiest.max()) if len(busiest) else 0
    who = list(busiest[busiest == top].index)
    parts = [f"{join_words(who)} took part in the most events ({top:,})"]
    if absent_text:
        parts.insert(0, absent_text[0].upper() + absent_text[1:])
    subtitle = "; ".join(parts) + "."
    description = (
        f"Dot matrix of {plural(len(actors), 'actor')} down and {plural(len(columns), 'event')} "
        f"across in date order; each dot is an actor's role in an event, coloured by role "
        f"({join_words(role_texts, limit=9)}). "
        + (f"Hollow dashed rings: {absent_text}. " if absent_text else "")
        + f"{join_words(who)} took part in the most events ({top:,})."
    )
    return titled(chart, title, subtitle, description)
