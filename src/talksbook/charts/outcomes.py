"""What did each meeting produce, and how firm is it? Outcomes by kind and status.

Every word comes from charts.outcomes.{lang}.yml (and the prose's ``outcome.*`` labels), so the
builder speaks the language of its edition.
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from ..data import Package
from ..facts.outcomes import meeting_outcomes
from ..words import direction, has
from ._base import (
    FULL_WIDTH,
    bar_scale,
    check_event,
    display,
    drawn,
    empty_chart,
    enum,
    event_title,
    in_lang,
    join_words,
    number,
    plain,
    quoted_list,
    titled,
    words,
    wrapped,
)
from .theme import OUTCOME_STATUS_COLOURS, colour_scale, legend

__all__ = ["outcomes_per_meeting"]

#: Characters per line of a panel header (a meeting's title, in bold).
HEADER_CHARS = 34
# Room for the kind labels. The Arabic words (اتفاق، آلية، خطة، التزام) are much shorter than
# the English ones, and a right-hand axis with room to spare pushes the plot away from the
# right edge, where the title and the reader start.
LABEL_WIDTH = {"en": 100, "ar": 60}
ROW = 18


def outcomes_per_meeting(
    pkg: Package, event_id: str | None = None, *, max_events: int = 12, lang: str = "en"
) -> alt.VConcatChart | alt.Chart:
    """Outcomes per event (a panel each, in date order) by kind, coloured by status; in the
    words of the edition `lang`.

    Every kind of outcome gets a row in every panel, so a missing kind shows as a gap. With
    `event_id`, one meeting; otherwise the `max_events` events with the most outcomes.
    """
    check_event(pkg, event_id)
    title = words("chart.outcomes.title", lang)
    fact = meeting_outcomes(pkg, event_id, max_events=max_events)
    if fact.total == 0:
        message = words("chart.outcomes.none", lang)
        return empty_chart(title, message, lang)
    keep = fact.shown
    labels = in_lang(pkg["outcomes"], "label", lang).set_axis(pkg["outcomes"]["id"])
    kinds = enum(pkg, "outcomes", "kind")
    kind_labels = [display("outcome.kind", k, lang) for k in kinds]
    statuses = list(fact.statuses)
    events = pkg["events"]
    titles = in_lang(events, "title", lang).set_axis(events["id"])
    cells = fact.cells.assign(
        labels=fact.cells["outcome_ids"].map(
            lambda ids: join_words([labels[i] for i in ids], limit=5, lang=lang)
        )
    ).drop(columns="outcome_ids")
    cells = cells.assign(
        event=cells["event_id"].map(titles),
        kind_text=cells["kind"].map(lambda k: display("outcome.kind", k, lang)),
        status_text=cells["status"].map(lambda s: display("outcome.status", s, lang)),
        rank=cells["status"].map({s: i for i, s in enumerate(statuses)}),
    )
    # Each panel's header: the event's title on lines that fit above the plot, never cut.
    shown = [str(e) for e in dict.fromkeys(cells["event_id"])]
    headers = {e: drawn(wrapped(titles[e], HEADER_CHARS), lang) for e in shown}
    label_width = LABEL_WIDTH.get(lang, LABEL_WIDTH["en"])
    encoding = dict(
        x=alt.X(
            "outcomes:Q",
            stack="zero",
            title=words("chart.outcomes.axis", lang),
            scale=bar_scale(lang, domain=[0, fact.longest]),
            axis=alt.Axis(tickMinStep=1, format="d"),
        ),
        y=alt.Y(
            "kind_text:N",
            sort=kind_labels,
            scale=alt.Scale(domain=kind_labels),
            title=None,
            axis=alt.Axis(minExtent=label_width, maxExtent=label_width, labelLimit=0),
        ),
        color=alt.Color(
            "status_text:N",
            # Keyed by status code, shown by label: a status keeps its colour in every
            # edition.
            scale=colour_scale(
                statuses,
                OUTCOME_STATUS_COLOURS,
                lambda s: display("outcome.status", s, lang),
            ),
            legend=legend(
                words("chart.outcomes.legend", lang),
                [display("outcome.status", s, lang) for s in statuses],
            ),
        ),
        order=alt.Order("rank:Q"),
        tooltip=[
            alt.Tooltip("event:N", title=words("chart.outcomes.tip.event", lang)),
            alt.Tooltip("kind_text:N", title=words("chart.outcomes.tip.kind", lang)),
            alt.Tooltip("status_text:N", title=words("chart.outcomes.tip.status", lang)),
            alt.Tooltip("outcomes:Q", title=words("chart.outcomes.tip.outcomes", lang)),
            alt.Tooltip("labels:N", title=words("chart.outcomes.tip.which", lang)),
        ],
    )

    def panel(rows: pd.DataFrame, **properties: object) -> alt.Chart:
        """The bars of one event's outcomes, across the column's width."""
        return (
            alt.Chart(plain(rows))
            .mark_bar(height=12, stroke="white", strokeWidth=0.8)
            .encode(**encoding)
            .properties(width=FULL_WIDTH, height=ROW * len(kinds), **properties)
        )

    total = fact.total
    status_text = join_words(
        [_count("outcome.status.count", s, n, lang) for s, n in fact.by_status],
        limit=6,
        lang=lang,
    )
    kind_text = join_words(
        [_count("chart.outcomes.kind_count", k, n, lang) for k, n in fact.by_kind],
        limit=6,
        lang=lang,
    )
    if event_id is not None:
        name = event_title(pkg, event_id, lang)
        subtitle = words(
            "chart.outcomes.one.subtitle", lang, event=name, n=total, statuses=status_text
        )
        description = words(
            "chart.outcomes.one.description",
            lang,
            event=name,
            n=total,
            kinds=kind_text,
            statuses=status_text,
        )
        return titled(panel(cells), title, subtitle, description, lang)

    rtl = direction(lang) == "rtl"
    # A panel per event, in date order, headed by its title in bold (each on lines that fit
    # above the plot, never cut).
    panels = [
        panel(
            cells[cells["event_id"] == e],
            title=alt.Title(
                headers[e].split("\n"),
                fontSize=12,
                fontWeight="bold",
                anchor="end" if rtl else "start",
            ),
        )
        for e in keep
        if e in headers
    ]
    stacked = alt.vconcat(*panels, spacing=10).resolve_scale(color="shared")
    busiest = quoted_list(list(fact.busiest), titles, lang)
    subtitle = words(
        "chart.outcomes.busiest",
        lang,
        events=busiest,
        most=fact.most,
        total=total,
        n=total,
        statuses=status_text,
    )
    if len(keep) < len(fact.events):
        subtitle += " " + words("chart.outcomes.showing", lang, n=len(keep))
    description = words(
        "chart.outcomes.description",
        lang,
        events=join_words([titles[e] for e in keep], limit=6, lang=lang),
        kinds=kind_text,
        statuses=status_text,
    )
    return titled(stacked, title, subtitle, description, lang)


def _count(family: str, value: str, n: int, lang: str) -> str:
    """'8 agreed', '2 plans': the template `<family>.<value>`, or for a value the schema has
    no words for yet, its label and the number."""
    key = f"{family}.{value}"
    if has(key, lang):
        return words(key, lang, n=n)
    group = "outcome.status" if family.startswith("outcome.status") else "outcome.kind"
    return words(
        "chart.outcomes.count", lang, label=display(group, value, lang), count=number(n, lang=lang)
    )
