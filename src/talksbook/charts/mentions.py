"""Who does the article talk about? Actor mentions after Arabic alias normalisation."""

from __future__ import annotations

import altair as alt

from ..data import Package
from ..facts.voices import mentioned
from ._base import (
    FULL_WIDTH,
    LINES,
    bar_scale,
    display,
    enum,
    growing_text,
    in_lang,
    join_words,
    plain,
    present,
    row_step,
    titled,
    unique_labels,
    words,
)
from .theme import OKABE_ITO, colour_scale, legend

__all__ = ["actor_mentions"]

LABEL_WIDTH = 120
ROW = 26


def actor_mentions(
    pkg: Package, top_n: int = 10, source_id: str | None = None, lang: str = "en"
) -> alt.LayerChart:
    """The `top_n` most mentioned actors in the archived articles (or in `source_id`),
    counted by facts.voices.mentioned over every alias; in the words of the edition `lang`."""
    counted = mentioned(pkg, None if source_id is None else [source_id], top_n)
    actors = pkg["actors"].set_index("id")
    names = in_lang(pkg["actors"], "name", lang).set_axis(actors.index)
    top = counted.top
    kinds = enum(pkg, "actors", "kind")
    top = top.assign(
        name=top["actor_id"].map(names),
        name_ar=top["actor_id"].map(actors["name_ar"]),
        kind=top["kind"].map(lambda k: display("actor_kind", k, lang)),
        spellings=top["aliases"].map("، ".join),
    )
    top = top.assign(label=unique_labels(top["name"]))
    shown_kinds = present(top["kind"], [display("actor_kind", k, lang) for k in kinds])
    y = alt.Y(
        "label:N",
        sort=list(top["label"]),
        title=None,
        axis=alt.Axis(
            minExtent=LABEL_WIDTH,
            maxExtent=LABEL_WIDTH,
            # Labels are wrapped to fit the column, never cut.
            labelLimit=0,
            labelExpr=LINES,
            labelLineHeight=12,
        ),
    )
    # An empty chart still needs a scale.
    most = counted.most or 1
    x = alt.X(
        "mentions:Q",
        title=words("chart.mentions.axis", lang),
        scale=bar_scale(lang, domain=[0, most * 1.12], nice=False),
        axis=alt.Axis(tickMinStep=1, format="d"),
    )
    tooltip = [
        alt.Tooltip("name:N", title=words("chart.mentions.tip.actor", lang)),
        alt.Tooltip("name_ar:N", title=words("chart.mentions.tip.name_ar", lang)),
        alt.Tooltip("kind:N", title=words("chart.mentions.tip.kind", lang)),
        alt.Tooltip("mentions:Q", title=words("chart.mentions.tip.mentions", lang)),
        alt.Tooltip("spellings:N", title=words("chart.mentions.tip.spellings", lang)),
    ]
    base = alt.Chart(
        plain(top[["label", "name", "name_ar", "kind", "mentions", "spellings"]])
    ).encode(y=y, x=x, tooltip=tooltip)
    bars = base.mark_bar(height=14).encode(
        color=alt.Color(
            "kind:N",
            # Colours follow the schema's order of kinds, so they are stable across sources.
            scale=colour_scale(
                shown_kinds,
                {display("actor_kind", k, lang): c for k, c in zip(kinds, OKABE_ITO, strict=False)},
            ),
            legend=legend(words("chart.mentions.legend", lang), shown_kinds),
        )
    )
    numbers = base.mark_text(fontSize=10, **growing_text(lang, 3)).encode(text="mentions:Q")
    chart = alt.layer(bars, numbers).properties(
        width=FULL_WIDTH, height=row_step(top["label"], ROW) * max(len(top), 1)
    )

    title = words("chart.mentions.title", lang)
    if top.empty:
        subtitle = words("chart.mentions.none", lang)
    else:
        subtitle = words(
            "chart.mentions.most_each" if len(counted.leaders) > 1 else "chart.mentions.most",
            lang,
            names=join_words([names[a] for a in counted.leaders], lang=lang),
            n=counted.most,
        )
        if counted.runners:
            subtitle += words(
                "chart.mentions.then_each" if len(counted.runners) > 1 else "chart.mentions.then",
                lang,
                names=join_words([names[a] for a in counted.runners], lang=lang),
                n=counted.second,
            )
        if counted.named == counted.actors:
            subtitle += words("chart.mentions.all_named", lang, n=counted.actors)
        else:
            subtitle += words(
                "chart.mentions.some_named", lang, named=counted.named, n=counted.actors
            )
    description = words(
        "chart.mentions.description",
        lang,
        n=len(top),
        spellings=words("chart.mentions.spellings", lang, n=counted.aliases),
        counts=words("chart.sep", lang).join(
            words("chart.name_value", lang, name=n, value=m)
            for n, m in zip(top["name"], top["mentions"], strict=True)
        ),
    )
    return titled(chart, title, subtitle, description, lang)
