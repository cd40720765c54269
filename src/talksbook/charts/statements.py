"""Who said what, through which channel, and in what spirit: statements per speaker.

The words come from templates/charts.statements.{lang}.yml; speaker and outlet names are the
data's own in the edition's language (English where the data have none).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping

import altair as alt
import pandas as pd

from ..data import Package
from ..facts.corpus import outlets as media_outlets
from ..facts.voices import SpeakerStatements, speaker_statements, statement_counts
from ..words import direction, fmt_count, has
from ._base import (
    FULL_WIDTH,
    LINES,
    actor_names,
    bar_scale,
    capital,
    check_event,
    display,
    empty_chart,
    enum,
    event_title,
    growing_text,
    join_words,
    line_count,
    plain,
    present,
    row_step,
    titled,
    unique_labels,
    words,
    wrapped,
)
from .theme import CHANNEL_COLOURS, GREY, STANCE_COLOURS, colour_scale, legend

__all__ = ["stance_by_speaker", "statements_by_channel"]

LABEL_WIDTH = 110
ROW = 28
#: How far below its bar's middle a note starts: Arabic letters (alef, lam) rise higher above
#: the line than Latin ones, and would touch the bar.
NOTE_DY = {"ltr": 8, "rtl": 11}


def _label(field: str, value: str, lang: str) -> str:
    """A channel or stance as a legend shows it. The prose's labels ('in an official
    statement', 'neutral, informative') are made for sentences, so the charts have short
    ones of their own; a value without words yet falls back to `display`."""
    key = f"chart.statements.{field}.{value}"
    return words(key, lang) if has(key, lang) else display(field, value, lang)


def _channel_count(channel: str, count: int, lang: str) -> str:
    """'six press remarks', 'one interview' (each channel has its own plural forms)."""
    key = f"chart.statements.channel_count.{channel}"
    if has(key, lang):
        return words(key, lang, n=count)
    return words(
        "chart.statements.channel_count_other",
        lang,
        channel=_label("channel", channel, lang),
        count=count,
    )


def _outlet_names(outlet_ids: Iterable[str], names: Mapping[str, str]) -> list[str]:
    """The names of the outlets that have one, alphabetically, each once."""
    return sorted({n for n in map(names.get, outlet_ids) if isinstance(n, str) and n})


def _stacked(
    pkg: Package,
    counted: SpeakerStatements,
    field: str,
    order: list[str],
    colours: Mapping[str, str],
    legend_title: str,
    lang: str,
    end_text: Callable[[tuple[str, ...], Mapping[str, str], str], str] | None = None,
) -> tuple[alt.LayerChart, pd.DataFrame]:
    """Horizontal bars of statements per speaker, stacked by `field` (channel or stance)."""
    names = actor_names(pkg, lang)
    # Only media are outlets: a channel actor such as the Kremlin speaks, it carries no one.
    media = set(media_outlets(pkg))
    outlet_names = {a: n for a, n in names.items() if a in media}
    no_outlet = words("chart.statements.no_outlet", lang)
    cells, rows = counted.cells, counted.rows
    speakers = list(rows["speaker"])
    others_label = words("chart.statements.others_label", lang, count=counted.others)
    shown = [names.get(s, others_label) for s in speakers]
    label = dict(zip(speakers, unique_labels(shown), strict=True))
    values = present(cells[field], order)
    # Keyed by the shown words, coloured by the code: the same colour per value in every
    # edition.
    shown_value = {v: _label(field, v, lang) for v in values}
    others_name = words("chart.statements.others", lang)
    grouped = pd.DataFrame(
        {
            "speaker": cells["speaker"],
            field: cells[field],
            "statements": cells["statements"],
            "outlets": [
                join_words(_outlet_names(ids, outlet_names), lang=lang) or no_outlet
                for ids in cells["outlet_ids"]
            ],
            "modes": [
                join_words(sorted({display("mode", m, lang) for m in modes}), lang=lang)
                for modes in cells["modes"]
            ],
            "label": cells["speaker"].map(label),
            "name": cells["speaker"].map(lambda s: names.get(s, others_name)),
            "value": cells[field].map(shown_value),
            "rank": cells[field].map({v: i for i, v in enumerate(values)}),
            "total": cells["total"],
        }
    )
    y = alt.Y(
        "label:N",
        sort=[label[s] for s in speakers],
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
    top = int(rows["statements"].max())
    x_scale = bar_scale(lang, domain=[0, top * 1.05], nice=False)
    outlet_title = words("chart.statements.tip.outlet", lang)
    statements_title = words("chart.statements.tip.statements", lang)
    bars = (
        alt.Chart(plain(grouped))
        .mark_bar(height=14, stroke="white", strokeWidth=0.8)
        .encode(
            x=alt.X(
                "statements:Q",
                stack="zero",
                scale=x_scale,
                title=words("chart.statements.axis", lang),
                axis=alt.Axis(tickMinStep=1, format="d"),
            ),
            y=y,
            color=alt.Color(
                "value:N",
                scale=colour_scale(values, colours, shown_value.get),
                legend=legend(legend_title, [shown_value[v] for v in values]),
            ),
            order=alt.Order("rank:Q"),
            tooltip=[
                alt.Tooltip("name:N", title=words("chart.statements.tip.speaker", lang)),
                alt.Tooltip("value:N", title=legend_title),
                alt.Tooltip("statements:Q", title=statements_title),
                alt.Tooltip("outlets:N", title=outlet_title),
                alt.Tooltip("modes:N", title=words("chart.statements.tip.mode", lang)),
                alt.Tooltip("total:Q", title=words("chart.statements.tip.total", lang)),
            ],
        )
    )
    layers: list[alt.Chart] = [bars]
    notes = 0  # lines of the longest note under a bar
    if end_text is not None:
        # The note goes under the bar, from the axis: at the bar's end it would run off a
        # phone screen.
        ends = pd.DataFrame(
            {
                "label": [label[s] for s in speakers],
                "zero": 0,
                "note": [end_text(via, outlet_names, lang) for via in rows["via"]],
            }
        )
        ends = ends[ends["note"] != ""]
        notes = line_count(ends["note"]) if len(ends) else 0
        layers.append(
            alt.Chart(plain(ends))
            .mark_text(
                baseline="top",
                dy=NOTE_DY[direction(lang)],
                fontSize=10,
                lineHeight=11,
                lineBreak="\n",
                color=GREY,
                **growing_text(lang, 2),
            )
            .encode(
                x=alt.X("zero:Q", scale=x_scale),
                y=y,
                text="note:N",
                tooltip=[alt.Tooltip("note:N", title=outlet_title)],
            )
        )
    # Room for the label and, under the bar, the note's lines.
    row = row_step(label.values(), ROW) + 11 * notes
    chart = alt.layer(*layers).properties(width=FULL_WIDTH, height=row * len(speakers))
    return chart, grouped


def _outlet_note(via: tuple[str, ...], names: Mapping[str, str], lang: str) -> str:
    """'via Truth Social', or '' when the speaker's channels name no outlet but the speaker;
    wrapped on lines that fit under a bar on a phone, never cut."""
    outlets = _outlet_names(via, names)
    if not outlets:
        return ""
    return wrapped(
        words("chart.statements.via", lang, outlets=join_words(outlets, 2, lang=lang)), 44
    )


def statements_by_channel(
    pkg: Package, event_id: str | None = None, *, max_speakers: int = 15, lang: str = "en"
) -> alt.LayerChart | alt.Chart:
    """Statements per speaker, stacked by the channel that carried them; outlets named at the
    end of each bar and in the tooltips. In the words of the edition `lang`."""
    check_event(pkg, event_id)
    counts = statement_counts(pkg, event_id)
    title = words("chart.statements.channel.title", lang)
    if not counts.total:
        return empty_chart(title, words("chart.statements.none", lang), lang)
    chart, grouped = _stacked(
        pkg,
        speaker_statements(pkg, "channel", event_id, max_speakers),
        "channel",
        enum(pkg, "statements", "channel"),
        CHANNEL_COLOURS,
        words("chart.statements.legend.channel", lang),
        lang,
        end_text=_outlet_note,
    )
    names = actor_names(pkg, lang)
    total, leaders = counts.total, counts.leaders
    scope = (
        words("chart.statements.scope", lang, event=event_title(pkg, event_id, lang))
        if event_id
        else ""
    )
    statements_text = words("chart.statements.count.statement", lang, n=total)
    if len(leaders) == 1:
        lead = words(
            "chart.statements.channel.lead",
            lang,
            name=names[leaders[0]],
            scope=scope,
            most=fmt_count(counts.most, lang),
            statements=statements_text,
            channels=join_words(
                [_channel_count(c, n, lang) for c, n in counts.leader_channels], lang=lang
            ),
        )
    else:
        lead = words(
            "chart.statements.channel.lead_each",
            lang,
            names=join_words([names[a] for a in leaders[:4]], total=len(leaders), lang=lang),
            scope=scope,
            each=words("chart.statements.count.statement", lang, n=counts.most),
            total=fmt_count(total, lang),
        )
    tail = (
        words(
            "chart.statements.channel.unnamed",
            lang,
            n=counts.unspecified,
            total=fmt_count(total, lang),
        )
        if counts.unspecified
        else words("chart.statements.channel.all_named", lang)
    )
    subtitle = words("chart.statements.channel.subtitle", lang, lead=lead, tail=tail)
    no_outlet = words("chart.statements.no_outlet", lang)
    named = sorted(set(grouped["outlets"]) - {no_outlet})
    description = words(
        "chart.statements.channel.description",
        lang,
        statements=statements_text,
        scope=scope,
        speakers=words("chart.statements.count.speaker", lang, n=counts.speakers),
        channels=join_words(
            [
                words("chart.name_value", lang, name=_label("channel", c, lang), value=n)
                for c, n in counts.channels
            ],
            limit=8,
            lang=lang,
        ),
        outlets=join_words(named, limit=8, lang=lang)
        if named
        else words("chart.statements.no_outlets", lang),
    )
    return titled(chart, title, subtitle, description, lang)


def stance_by_speaker(
    pkg: Package, event_id: str | None = None, *, max_speakers: int = 15, lang: str = "en"
) -> alt.LayerChart | alt.Chart:
    """Statements per speaker stacked by stance towards the US–Russia talks, in the words of
    the edition `lang`."""
    check_event(pkg, event_id)
    counts = statement_counts(pkg, event_id)
    title = words("chart.statements.stance.title", lang)
    if not counts.total:
        return empty_chart(title, words("chart.statements.none", lang), lang)
    order = enum(pkg, "statements", "stance")
    chart, _ = _stacked(
        pkg,
        speaker_statements(pkg, "stance", event_id, max_speakers),
        "stance",
        order,
        STANCE_COLOURS,
        words("chart.statements.legend.stance", lang),
        lang,
    )
    names = actor_names(pkg, lang)
    total = counts.total
    # In the order of the legend (the schema's), not by size.
    per_stance = dict(counts.stances)
    stances = [(s, per_stance[s]) for s in present(per_stance, order)]
    items = [
        words(
            "chart.statements.stance.first",
            lang,
            n=n,
            total=fmt_count(total, lang),
            stance=_label("stance", s, lang),
        )
        if i == 0
        else words(
            "chart.statements.stance.item",
            lang,
            n=n,
            stance=_label("stance", s, lang),
        )
        for i, (s, n) in enumerate(stances)
    ]
    # The first count opens the sentence ("Five of eight statements…").
    listed = capital(join_words(items, limit=6, lang=lang))
    if counts.critical:
        subtitle = words(
            "chart.statements.stance.subtitle_critical",
            lang,
            counts=listed,
            names=join_words([names[c] for c in counts.critical], lang=lang),
        )
    else:
        subtitle = words("chart.statements.stance.subtitle", lang, counts=listed)
    description = words(
        "chart.statements.stance.description",
        lang,
        statements=words("chart.statements.count.statement", lang, n=total),
        counts=join_words(
            [
                words("chart.name_value", lang, name=_label("stance", s, lang), value=n)
                for s, n in stances
            ],
            lang=lang,
        ),
    )
    return titled(chart, title, subtitle, description, lang)
