"""What did each meeting produce, and how firm is it? Outcomes by kind and status."""

from __future__ import annotations

import altair as alt
import pandas as pd

from ..data import Package
from ._base import (
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
)
from .theme import OUTCOME_STATUS_COLOURS, colour_scale, legend

__all__ = ["outcomes_per_meeting"]

PLOT_WIDTH = 200
LABEL_WIDTH = 100
ROW = 18


def outcomes_per_meeting(
    pkg: Package, event_id: str | None = None, *, max_events: int = 12
) -> alt.FacetChart | alt.Chart:
    """Outcomes per event (a panel each, in date order) by kind, coloured by status.

    Every kind of outcome gets a row in every panel, so a missing kind shows as a gap. With
    `event_id`, one meeting; otherwise the `max_events` events with the most outcomes.
    """
    check_event(pkg, event_id)
    title = "What did each meeting produce?"
    outcomes = pkg["outcomes"]
    if event_id is not None:
        outcomes = outcomes[outcomes["event_id"] == event_id]
    if outcomes.empty:
        return empty_chart(title, "No outcomes are recorded for this selection.")
    events = events_in_order(pkg["events"])
    per_event = outcomes.groupby("event_id").size()
    # The `max_events` events with most outcomes (ties: earlier first), shown in date order.
    ordered = events["id"][events["id"].isin(per_event.index)].reset_index(drop=True)
    ranking = pd.DataFrame({"id": ordered, "n": ordered.map(per_event), "at": ordered.index})
    top = set(ranking.sort_values(["n", "at"], ascending=[False, True]).head(max_events)["id"])
    keep = [e for e in ordered if e in top]
    shown = outcomes[outcomes["event_id"].isin(top)]
    kinds = enum(pkg, "outcomes", "kind")
    statuses = present(shown["status"], enum(pkg, "outcomes", "status"))
    titles = events.set_index("id")["title_en"]
    cells = shown.groupby(["event_id", "kind", "status"], as_index=False, sort=False).agg(
        outcomes=("id", "size"),
        labels=("label_en", lambda v: join_words(list(v), limit=5)),
    )
    cells = cells.assign(
        event=cells["event_id"].map(titles),
        kind_text=cells["kind"].map(spaced),
        status_text=cells["status"].map(spaced),
        rank=cells["status"].map({s: i for i, s in enumerate(statuses)}),
    )
    longest = int(cells.groupby(["event_id", "kind"])["outcomes"].sum().max())
    chart = (
        alt.Chart(plain(cells))
        .mark_bar(height=12, stroke="white", strokeWidth=0.8)
        .encode(
            x=alt.X(
                "outcomes:Q",
                stack="zero",
                title="Outcomes",
                scale=alt.Scale(domain=[0, longest]),
                axis=alt.Axis(tickMinStep=1, format="d"),
            ),
            y=alt.Y(
                "kind_text:N",
                sort=[spaced(k) for k in kinds],
                scale=alt.Scale(domain=[spaced(k) for k in kinds]),
                title=None,
                axis=alt.Axis(minExtent=LABEL_WIDTH, maxExtent=LABEL_WIDTH),
            ),
            color=alt.Color(
                "status_text:N",
                scale=colour_scale(statuses, OUTCOME_STATUS_COLOURS, spaced),
                legend=legend("Status", [spaced(s) for s in statuses]),
            ),
            order=alt.Order("rank:Q"),
            tooltip=[
                alt.Tooltip("event:N", title="Event"),
                alt.Tooltip("kind_text:N", title="Kind"),
                alt.Tooltip("status_text:N", title="Status"),
                alt.Tooltip("outcomes:Q", title="Outcomes"),
                alt.Tooltip("labels:N", title="Which"),
            ],
        )
        .properties(width=PLOT_WIDTH, height=ROW * len(kinds))
    )

    total = len(outcomes)
    every_status = present(outcomes["status"], enum(pkg, "outcomes", "status"))
    by_status = outcomes["status"].value_counts().reindex(every_status)
    status_text = join_words([f"{int(n):,} {spaced(s)}" for s, n in by_status.items()], limit=6)
    by_kind = outcomes["kind"].value_counts()
    kind_text = join_words([f"{int(n):,} {spaced(k)}" for k, n in by_kind.items()], limit=6)
    if event_id is not None:
        name = event_title(pkg, event_id)
        subtitle = f"{name} produced {plural(total, 'outcome')}: {status_text}."
        description = (
            f"Horizontal stacked bars of the {plural(total, 'outcome')} of {name} by kind "
            f"({kind_text}), coloured by status ({status_text})."
        )
        return titled(chart, title, subtitle, description)

    facet = chart.facet(
        row=alt.Row(
            "event:N",
            sort=[titles[e] for e in keep],
            title=None,
            header=alt.Header(
                labelAngle=0,
                labelAlign="left",
                labelAnchor="start",
                labelOrient="top",
                labelFontWeight="bold",
                labelLimit=320,
            ),
        ),
        spacing=10,
    )
    most = per_event.max()
    busiest_ids = list(ordered[ordered.map(per_event) == most])
    busiest = join_words([quoted(titles[e]) for e in busiest_ids[:4]], total=len(busiest_ids))
    subtitle = (
        f"{busiest} produced the most ({int(most):,} of "
        f"{plural(total, 'outcome')}); overall {status_text}."
    )
    if len(keep) < len(ordered):
        subtitle += f" Showing the {len(keep)} events with the most outcomes."
    description = (
        f"One panel per event with outcomes ({join_words([titles[e] for e in keep], limit=6)}): "
        f"bars count outcomes by kind ({kind_text}), coloured by status ({status_text})."
    )
    return titled(facet, title, subtitle, description)
