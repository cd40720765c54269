"""Who does the article talk about? Actor mentions after Arabic alias normalisation."""

from __future__ import annotations

import altair as alt

from ..data import Package
from ..facts.voices import mention_sources, voices
from ._base import (
    LINES,
    display,
    enum,
    in_lang,
    join_words,
    plain,
    present,
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
    counted by facts.voices over every alias; in the words of the edition `lang`."""
    sources = mention_sources(pkg) if source_id is None else [source_id]
    if not sources:
        raise ValueError("the package has no archived article to count mentions in")
    aliases = pkg["aliases"]
    actors = pkg["actors"].set_index("id")
    names = in_lang(pkg["actors"], "name", lang).set_axis(actors.index)
    counted = voices(pkg, sources)
    found = counted[counted["mentions"] > 0][["actor_id", "mentions"]]
    named = len(found)
    # Most mentioned first; ties in the order of the actors table, which is stable.
    found = found.assign(order=found["actor_id"].map({a: i for i, a in enumerate(actors.index)}))
    found = found.sort_values(["mentions", "order"], ascending=[False, True], kind="stable")
    top = found.head(top_n)
    spellings = aliases.groupby("actor_id")["alias"].apply(lambda a: "، ".join(a))
    kinds = enum(pkg, "actors", "kind")
    top = top.assign(
        name=top["actor_id"].map(names),
        name_ar=top["actor_id"].map(actors["name_ar"]),
        kind=top["actor_id"].map(lambda a: display("actor_kind", actors["kind"][a], lang)),
        spellings=top["actor_id"].map(spellings).fillna(""),
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
            labelLimit=LABEL_WIDTH - 6,
            labelExpr=LINES,
            labelLineHeight=12,
        ),
    )
    most = int(top["mentions"].max()) if len(top) else 1
    x = alt.X(
        "mentions:Q",
        title=words("chart.mentions.axis", lang),
        scale=alt.Scale(domain=[0, most * 1.12], nice=False),
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
    numbers = base.mark_text(align="left", dx=3, fontSize=10).encode(text="mentions:Q")
    chart = alt.layer(bars, numbers).properties(width="container", height=ROW * max(len(top), 1))

    title = words("chart.mentions.title", lang)
    if top.empty:
        subtitle = words("chart.mentions.none", lang)
    else:
        leaders = top[top["mentions"] == most]["name"].tolist()
        rest = top[top["mentions"] < most]
        subtitle = words(
            "chart.mentions.most_each" if len(leaders) > 1 else "chart.mentions.most",
            lang,
            names=join_words(leaders, lang=lang),
            n=most,
        )
        if len(rest):
            second = int(rest["mentions"].iloc[0])
            runners = rest[rest["mentions"] == second]["name"].tolist()
            subtitle += words(
                "chart.mentions.then_each" if len(runners) > 1 else "chart.mentions.then",
                lang,
                names=join_words(runners, lang=lang),
                n=second,
            )
        if named == len(actors):
            subtitle += words("chart.mentions.all_named", lang, n=len(actors))
        else:
            subtitle += words("chart.mentions.some_named", lang, named=named, n=len(actors))
    description = words(
        "chart.mentions.description",
        lang,
        n=len(top),
        spellings=words("chart.mentions.spellings", lang, n=len(aliases)),
        counts=words("chart.sep", lang).join(
            words("chart.name_value", lang, name=n, value=m)
            for n, m in zip(top["name"], top["mentions"], strict=True)
        ),
    )
    return titled(chart, title, subtitle, description, lang)
