"""Who does the article talk about? Actor mentions after Arabic alias normalisation."""

from __future__ import annotations

import altair as alt
import pandas as pd

from ..arabic import count_mentions
from ..data import Package
from ._base import LINES, enum, join_words, plain, plural, present, titled, unique_labels
from .theme import OKABE_ITO, colour_scale, legend

__all__ = ["actor_mentions"]

LABEL_WIDTH = 120
ROW = 26


def actor_mentions(pkg: Package, top_n: int = 10, source_id: str | None = None) -> alt.LayerChart:
    """The `top_n` most mentioned actors in one source (by default the first archived
    article), counted with talksbook.arabic.count_mentions over every alias."""
    sources = pkg["sources"]
    if source_id is None:
        articles = [s for s in sources[sources["kind"] == "article"]["id"] if s in pkg.texts]
        if not articles:
            raise ValueError("the package has no archived article to count mentions in")
        source_id = articles[0]
    text = pkg.texts[source_id]
    aliases = pkg["aliases"]
    counts = count_mentions(text, zip(aliases["actor_id"], aliases["alias"], strict=True))
    actors = pkg["actors"].set_index("id")
    found = pd.DataFrame({"actor_id": list(counts), "mentions": list(counts.values())})
    found = found[found["mentions"] > 0]
    named = len(found)
    # Most mentioned first; ties in the order of the actors table, which is stable.
    found = found.assign(order=found["actor_id"].map({a: i for i, a in enumerate(actors.index)}))
    found = found.sort_values(["mentions", "order"], ascending=[False, True], kind="stable")
    top = found.head(top_n)
    spellings = aliases.groupby("actor_id")["alias"].apply(lambda a: "، ".join(a))
    kinds = enum(pkg, "actors", "kind")
    top = top.assign(
        name=top["actor_id"].map(actors["name_en"]),
        name_ar=top["actor_id"].map(actors["name_ar"]),
        kind=top["actor_id"].map(actors["kind"]),
        spellings=top["actor_id"].map(spellings).fillna(""),
    )
    top = top.assign(label=unique_labels(top["name"]))
    shown_kinds = present(top["kind"], kinds)
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
        title="Mentions in the article",
        scale=alt.Scale(domain=[0, most * 1.12], nice=False),
        axis=alt.Axis(tickMinStep=1, format="d"),
    )
    tooltip = [
        alt.Tooltip("name:N", title="Actor"),
        alt.Tooltip("name_ar:N", title="Arabic name"),
        alt.Tooltip("kind:N", title="Kind"),
        alt.Tooltip("mentions:Q", title="Mentions"),
        alt.Tooltip("spellings:N", title="Spellings counted"),
    ]
    base = alt.Chart(
        plain(top[["label", "name", "name_ar", "kind", "mentions", "spellings"]])
    ).encode(y=y, x=x, tooltip=tooltip)
    bars = base.mark_bar(height=14).encode(
        color=alt.Color(
            "kind:N",
            # Colours follow the schema's order of kinds, so they are stable across sources.
            scale=colour_scale(shown_kinds, dict(zip(kinds, OKABE_ITO, strict=False))),
            legend=legend("Kind of actor", shown_kinds),
        )
    )
    numbers = base.mark_text(align="left", dx=3, fontSize=10).encode(text="mentions:Q")
    chart = alt.layer(bars, numbers).properties(width="container", height=ROW * max(len(top), 1))

    title = "Who does the article talk about?"
    if top.empty:
        subtitle = "No actor of the package is named in the article."
    else:
        leaders = top[top["mentions"] == most]["name"].tolist()
        rest = top[top["mentions"] < most]
        subtitle = (
            f"The article names {join_words(leaders)} most often ({most} times"
            f"{' each' if len(leaders) > 1 else ''})"
        )
        if len(rest):
            second = int(rest["mentions"].iloc[0])
            runners = rest[rest["mentions"] == second]["name"].tolist()
            each = " each" if len(runners) > 1 else ""
            subtitle += f", then {join_words(runners)} ({second}{each})"
        if named == len(actors):
            subtitle += f"; all {len(actors)} actors are named at least once."
        else:
            subtitle += f"; {named} of {len(actors)} actors are named at least once."
    description = (
        f"Horizontal bars of the {plural(len(top), 'actor')} most mentioned in the article, "
        f"counted over {plural(len(aliases), 'Arabic spelling')} after normalisation: "
        + "; ".join(f"{n} {m}" for n, m in zip(top["name"], top["mentions"], strict=True))
        + "."
    )
    return titled(chart, title, subtitle, description)
