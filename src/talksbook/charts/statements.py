"""Who said what, through which channel, and in what spirit: statements per speaker."""

from __future__ import annotations

from collections.abc import Callable, Mapping

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
    join_words,
    plain,
    plural,
    present,
    short,
    spaced,
    titled,
    unique_labels,
)
from .theme import CHANNEL_COLOURS, GREY, STANCE_COLOURS, colour_scale, legend

__all__ = ["stance_by_speaker", "statements_by_channel"]

LABEL_WIDTH = 110
ROW = 28
OTHERS = "other speakers"


def _statements(pkg: Package, event_id: str | None) -> pd.DataFrame:
    check_event(pkg, event_id)
    statements = pkg["statements"]
    if event_id is not None:
        statements = statements[statements["event_id"] == event_id]
    return statements


def _speaker_rows(statements: pd.DataFrame, names: Mapping[str, str], limit: int) -> pd.Series:
    """Speaker id per statement; beyond the `limit` busiest speakers, one 'others' row."""
    totals = statements.groupby("speaker_id").size().sort_values(ascending=False, kind="stable")
    keep = set(totals.index[:limit]) if len(totals) > limit else set(totals.index)
    return statements["speaker_id"].where(statements["speaker_id"].isin(keep), OTHERS)


def _stacked(
    pkg: Package,
    statements: pd.DataFrame,
    field: str,
    order: list[str],
    colours: Mapping[str, str],
    legend_title: str,
    max_speakers: int,
    end_text: Callable[[pd.DataFrame], str] | None = None,
) -> tuple[alt.LayerChart, pd.DataFrame]:
    """Horizontal bars of statements per speaker, stacked by `field` (channel or stance)."""
    names = actor_names(pkg)
    outlets = statements["channel_actor_id"].map(names).fillna("")
    data = statements.assign(
        speaker=_speaker_rows(statements, names, max_speakers),
        outlet=outlets,
        speaker_name=statements["speaker_id"].map(names),
    )
    grouped = data.groupby(["speaker", field], as_index=False, sort=False).agg(
        statements=("id", "size"),
        outlets=("outlet", lambda o: join_words(sorted({v for v in o if v})) or "none named"),
        modes=("mode", lambda m: join_words(sorted(set(m)))),
    )
    totals = (
        grouped.groupby("speaker")["statements"].sum().sort_values(ascending=False, kind="stable")
    )
    # "Other speakers" always last, whatever its size.
    speakers = [s for s in totals.index if s != OTHERS] + ([OTHERS] if OTHERS in totals else [])
    others = data.loc[data["speaker"] == OTHERS, "speaker_id"].nunique()
    shown = [names.get(s, f"Other speakers ({others})") for s in speakers]
    label = dict(zip(speakers, unique_labels(shown), strict=True))
    values = present(grouped[field], order)
    grouped = grouped.assign(
        label=grouped["speaker"].map(label),
        name=grouped["speaker"].map(lambda s: names.get(s, "Other speakers")),
        value=grouped[field].map(spaced),
        rank=grouped[field].map({v: i for i, v in enumerate(values)}),
        total=grouped["speaker"].map(totals),
    )
    y = alt.Y(
        "label:N",
        sort=[label[s] for s in speakers],
        title=None,
        axis=alt.Axis(
            minExtent=LABEL_WIDTH,
            maxExtent=LABEL_WIDTH,
            labelLimit=LABEL_WIDTH - 6,
            labelExpr=LINES,
            labelLineHeight=12,
        ),
    )
    top = int(totals.max())
    x_scale = alt.Scale(domain=[0, top * 1.05], nice=False)
    bars = (
        alt.Chart(plain(grouped))
        .mark_bar(height=14, stroke="white", strokeWidth=0.8)
        .encode(
            x=alt.X(
                "statements:Q",
                stack="zero",
                scale=x_scale,
                title="Statements",
                axis=alt.Axis(tickMinStep=1, format="d"),
            ),
            y=y,
            color=alt.Color(
                "value:N",
                scale=colour_scale(values, colours, spaced),
                legend=legend(legend_title, [spaced(v) for v in values]),
            ),
            order=alt.Order("rank:Q"),
            tooltip=[
                alt.Tooltip("name:N", title="Speaker"),
                alt.Tooltip("value:N", title=legend_title),
                alt.Tooltip("statements:Q", title="Statements"),
                alt.Tooltip("outlets:N", title="Outlet"),
                alt.Tooltip("modes:N", title="Quoted as"),
                alt.Tooltip("total:Q", title="All statements by this speaker"),
            ],
        )
    )
    layers: list[alt.Chart] = [bars]
    if end_text is not None:
        # The note goes under the bar, from the axis: at the bar's end it would run off a
        # phone screen.
        ends = pd.DataFrame(
            {
                "label": [label[s] for s in speakers],
                "zero": 0,
                "note": [end_text(data[data["speaker"] == s]) for s in speakers],
            }
        )
        ends = ends[ends["note"] != ""]
        layers.append(
            alt.Chart(plain(ends))
            .mark_text(align="left", baseline="top", dx=2, dy=8, fontSize=10, color=GREY)
            .encode(
                x=alt.X("zero:Q", scale=x_scale),
                y=y,
                text="note:N",
                tooltip=[alt.Tooltip("note:N", title="Outlet")],
            )
        )
    row = ROW + (10 if end_text is not None else 0)
    chart = alt.layer(*layers).properties(width="container", height=row * len(speakers))
    return chart, grouped


def _outlet_note(rows: pd.DataFrame) -> str:
    """'via Truth Social', or '' when the speaker's channels name no outlet."""
    # "The Kremlin via The Kremlin" says nothing: an outlet that is the speaker is left out.
    outlets = sorted({o for o in rows["outlet"] if o} - set(rows["speaker_name"]))
    return short("via " + join_words(outlets, limit=2), 40) if outlets else ""


def statements_by_channel(
    pkg: Package, event_id: str | None = None, *, max_speakers: int = 15
) -> alt.LayerChart | alt.Chart:
    """Statements per speaker, stacked by the channel that carried them; outlets named at the
    end of each bar and in the tooltips."""
    statements = _statements(pkg, event_id)
    title = "Through which channels did the words come?"
    if statements.empty:
        return empty_chart(title, "No statements are recorded for this selection.")
    chart, grouped = _stacked(
        pkg,
        statements,
        "channel",
        enum(pkg, "statements", "channel"),
        CHANNEL_COLOURS,
        "Channel",
        max_speakers,
        end_text=_outlet_note,
    )
    names = actor_names(pkg)
    total = len(statements)
    per_speaker = (
        statements.groupby("speaker_id").size().sort_values(ascending=False, kind="stable")
    )
    most = int(per_speaker.iloc[0])
    leaders = list(per_speaker[per_speaker == most].index)
    unspecified = int((statements["channel"] == "unspecified").sum())
    channels = statements["channel"].value_counts()
    scope = f" about {event_title(pkg, event_id)}" if event_id else ""
    if len(leaders) == 1:
        top_channels = statements[statements["speaker_id"] == leaders[0]]["channel"].value_counts()
        lead = (
            f"{names[leaders[0]]} is the most quoted speaker{scope} ({most:,} of "
            f"{plural(total, 'statement')}: "
            f"{join_words([f'{n:,} {spaced(c)}' for c, n in top_channels.items()])})"
        )
    else:
        lead = (
            f"{join_words([names[a] for a in leaders[:4]], total=len(leaders))} are quoted "
            f"most{scope} ({plural(most, 'statement')} each, of {total:,})"
        )
    tail = (
        f"{unspecified:,} of {total:,} reach the article with no named channel."
        if unspecified
        else "every one names its channel."
    )
    subtitle = f"{lead}; {tail}"
    description = (
        f"Horizontal stacked bars: {plural(total, 'statement')}{scope} by "
        f"{plural(per_speaker.size, 'speaker')}, split by channel "
        f"({join_words([f'{spaced(c)} {n:,}' for c, n in channels.items()], limit=8)}). "
        f"Outlets named: {join_words(sorted(set(grouped['outlets']) - {'none named'}), limit=8)}."
    )
    return titled(chart, title, subtitle, description)


def stance_by_speaker(
    pkg: Package, event_id: str | None = None, *, max_speakers: int = 15
) -> alt.LayerChart | alt.Chart:
    """Statements per speaker stacked by stance towards the US–Russia talks."""
    statements = _statements(pkg, event_id)
    title = "Who backs the talks, and who does not?"
    if statements.empty:
        return empty_chart(title, "No statements are recorded for this selection.")
    order = enum(pkg, "statements", "stance")
    chart, _ = _stacked(pkg, statements, "stance", order, STANCE_COLOURS, "Stance", max_speakers)
    names = actor_names(pkg)
    total = len(statements)
    counts = statements["stance"].value_counts().reindex(present(statements["stance"], order))
    critical = statements[statements["stance"] == "critical"]["speaker_id"].unique()
    parts = [
        join_words(
            [
                f"{n:,} of {total:,} statements {'is' if n == 1 else 'are'} {s}"
                if i == 0
                else f"{n:,} {s}"
                for i, (s, n) in enumerate(counts.items())
            ],
            limit=6,
        )
    ]
    if len(critical):
        parts.append(f"the critical ones come from {join_words([names[c] for c in critical])}")
    subtitle = "; ".join(parts) + "."
    description = (
        f"Horizontal stacked bars: {plural(total, 'statement')} by speaker, split by stance "
        f"towards the US–Russia talks ({join_words([f'{s} {n:,}' for s, n in counts.items()])})."
    )
    return titled(chart, title, subtitle, description)
