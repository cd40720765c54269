"""When did things happen? Every event on a time line, uncertainty included.

A date in the data is an interval [date_earliest, date_latest], both inclusive. Exact days are
points; longer intervals are bars covering every day they allow; an interval with no later
bound runs, dashed, to the right edge with an arrow; events with no date at all get their
own lane so that none is silently dropped. Long quiet stretches (Feb 2022 – Feb 2025) are cut
out: each cluster of dates gets its own panel, so the February 2025 days stay readable.
"""

from __future__ import annotations

import altair as alt
import numpy as np
import pandas as pd

from ..data import Package
from ..facts import timeline as facts_timeline
from ..facts.timeline import PeriodCounts, Timeline, Window, period_counts, shown_in
from ..words import direction, fmt_count, fmt_date, fmt_number, has, text
from ._base import (
    FULL_WIDTH,
    LINES,
    bar_scale,
    day,
    display,
    enum,
    in_lang,
    interval_text,
    join_words,
    plain,
    present,
    row_step,
    titled,
    with_labels,
    words,
)
from .theme import GREY, TRACK_COLOURS, colour_scale, legend

__all__ = ["timeline"]

HALF_DAY = pd.Timedelta(hours=12)

# The label column; the plot takes the rest of the column's width. Equal label widths keep
# the panels' time axes aligned one above the other.
LABEL_WIDTH = 120
ROW_HEIGHT = 30
#: How strongly a stretch of days is drawn: faint, for it says where the day lies, not that
#: the event lasted that long.
BAND_OPACITY = 0.3
#: Half an arrow's width: an arrow is drawn this far inside the end of its band.
ARROW_PX = 5

# Axis labels of a time axis in an edition with its own digits. Vega's time format writes
# month names from the theme's locale but always ASCII digits, while its number format uses
# the locale's numerals; so day and year go through `format`. Constant expressions: data
# values are their input, never part of their text.
NATIVE_TIME_LABELS = {
    "%-d %b": "format(date(datum.value), 'd') + ' ' + timeFormat(datum.value, '%b')",
    "%b %Y": "timeFormat(datum.value, '%b') + ' ' + format(year(datum.value), 'd')",
    "%Y": "format(year(datum.value), 'd')",
}


def _window_name(window: Window, lang: str) -> str:
    """A panel's name: 'February 2025', 'January – March 2025' or 'February 2022 – February
    2025'."""
    first, last = window.first, fmt_date(window.last, "month", lang)
    if (first.year, first.month) == (window.last.year, window.last.month):
        return last
    if first.year == window.last.year:
        month = text(f"month.{first.month}", lang)
        return words("chart.timeline.panel.same_year", lang, first=month, last=last)
    return words("chart.timeline.panel.span", lang, first=fmt_date(first, "month", lang), last=last)


def timeline(
    pkg: Package, *, max_events: int = 150, gap_days: int = 60, lang: str = "en"
) -> alt.VConcatChart:
    """All events in time: intervals as bars, days as points, undated events in their own lane;
    in the words of the edition `lang`.

    Dates more than `gap_days` apart go to separate panels (a broken axis). Above
    `max_events` events the chart counts events per month instead of drawing each one, so
    that it never embeds thousands of rows. Rows and numbers come from facts.timeline.
    """
    events = pkg["events"]
    codes = present(events["track"], enum(pkg, "events", "track"))
    tracks = [display("track", t, lang) for t in codes]
    # Colours are keyed by the words shown, so each track keeps its colour in every edition.
    fixed = {display("track", t, lang): c for t, c in TRACK_COLOURS.items()}
    colour = alt.Color(
        "track:N",
        scale=colour_scale(tracks, fixed),
        legend=legend(words("chart.timeline.legend", lang), tracks),
        title=words("chart.timeline.legend", lang),
    )
    title = words("chart.timeline.title", lang)
    if len(events) > max_events:
        return _counted(period_counts(pkg), colour, title, lang)

    when = facts_timeline.timeline(pkg, gap_days)
    rows = _event_rows(pkg, when.events, lang)
    panels: list[alt.TopLevelMixin] = [
        _panel(shown_in(rows, w), w, colour, lang) for w in when.windows
    ]
    if when.undated:
        panels.append(_undated_panel(rows[rows["kind"] == "undated"], colour, lang))
    chart = alt.vconcat(*panels, spacing=18).resolve_scale(color="shared")
    return titled(
        chart,
        title,
        _subtitle(when, lang),
        _description(rows, when, tracks, lang),
        lang,
    )


def _event_rows(pkg: Package, dates: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The events of `dates` (facts.dating.dating), in its order, with the words the timeline
    shows in the edition `lang`."""
    events = with_labels(pkg["events"].set_index("id").loc[dates["event_id"]].reset_index(), lang)
    start, end = dates["earliest"], dates["latest"]
    # The note on a date: `date_note_<lang>` where the data have it, else `date_note` (English).
    note = in_lang(events, "date_note", lang)
    return pd.DataFrame(
        {
            "id": dates["event_id"],
            "label": events["label"],
            "title": in_lang(events, "title", lang),
            "track": [display("track", t, lang) for t in events["track"]],
            "status": [_status(s, lang) for s in events["status"]],
            "earliest": start,
            "latest": end,
            "kind": dates["kind"],
            "dates": [interval_text(a, b, lang) for a, b in zip(start, end, strict=True)],
            "basis": [display("basis", b, lang) for b in events["date_basis"]],
            "note": note,
        }
    )


def _status(status: str, lang: str) -> str:
    """An event's status in a word ('occurred'); the prose's label for a status the chart
    has no word of its own for."""
    key = f"chart.timeline.status.{status}"
    return words(key, lang) if has(key, lang) else display("status", status, lang)


def _time_format(fmt: str, lang: str) -> dict[str, str]:
    """Axis options that write dates as the edition does: a d3 time format in English, an
    expression that also writes the edition's digits elsewhere (see NATIVE_TIME_LABELS)."""
    if lang == "en":
        return {"format": fmt}
    return {"labelExpr": NATIVE_TIME_LABELS[fmt]}


def _time_axis(window: Window, lang: str) -> alt.Axis:
    """Ticks that suit the panel's length: days, weeks, months or years."""
    days = (window.hi - window.lo).days
    if days <= 16:
        step, fmt = {"interval": "day", "step": 2}, "%-d %b"
    elif days <= 60:
        step, fmt = {"interval": "week", "step": 1}, "%-d %b"
    elif days <= 500:
        step, fmt = {"interval": "month", "step": 2}, "%b %Y"
    else:
        step, fmt = {"interval": "year", "step": 1}, "%Y"
    return alt.Axis(
        title=None, tickCount=step, labelOverlap=True, grid=True, **_time_format(fmt, lang)
    )


def _panel(shown: pd.DataFrame, window: Window, colour: alt.Color, lang: str) -> alt.LayerChart:
    """One panel: the events the window shows (facts.timeline.shown_in), cut to it.

    A day is a point. An interval is a faint band: the event falls on some day within it (the
    sources give only the month, say), not across all of it. An interval with one bound only
    is a mark at that bound and a faint band to an arrow inside the panel: the band's other
    end is not a date."""
    rows = shown.rename(columns={"shown_from": "x0", "shown_until": "x1"})
    rows["mid"] = rows["earliest"].fillna(rows["latest"]) + HALF_DAY
    rows["more"] = np.where(
        rows["latest"].isna(),
        words("chart.timeline.more.open", lang),
        words("chart.timeline.more.cut", lang),
    )
    rows["less"] = words("chart.timeline.less", lang)
    cut_right, cut_left = rows["runs_on"], rows["runs_before"]
    # Only what the marks and tooltips use: raw bounds would embed NaT as empty strings.
    columns = ["id", "label", "title", "track", "kind", "dates", "basis", "note"]
    rows = rows[[*columns, "x0", "x1", "mid", "more", "less"]]

    x_scale = alt.Scale(domain=[_datetime(window.lo), _datetime(window.hi)])
    y = alt.Y(
        "label:N",
        sort=list(rows["label"]),
        title=None,
        axis=_label_axis(),
    )
    tooltip = [
        alt.Tooltip("title:N", title=words("chart.timeline.tip.event", lang)),
        alt.Tooltip("dates:N", title=words("chart.timeline.tip.date", lang)),
        alt.Tooltip("basis:N", title=words("chart.timeline.tip.basis", lang)),
        alt.Tooltip("track:N", title=words("chart.timeline.tip.track", lang)),
        alt.Tooltip("note:N", title=words("chart.timeline.tip.note", lang)),
    ]
    axis = _time_axis(window, lang)
    x = alt.X("x0:T", scale=x_scale, axis=axis)
    layers = []

    def layer(frame: pd.DataFrame, mark: str, style: dict[str, object], **encoding: object) -> None:
        # One small dataset per mark: only the rows that mark draws are embedded.
        if len(frame):
            chart = getattr(alt.Chart(plain(frame)), f"mark_{mark}")(**style)
            layers.append(chart.encode(y=y, color=colour, **encoding))

    # Every stretch of days is uncertainty, never a duration: a faint band.
    bands = rows[rows["kind"].isin(["interval", "open"])]
    layer(
        bands,
        "bar",
        dict(height=12, opacity=BAND_OPACITY, cornerRadius=2, clip=True),
        x=x,
        x2="x1:T",
        tooltip=tooltip,
    )
    # The known bound of an open interval, as a short bar across the row.
    open_rows = rows[rows["kind"] == "open"]
    layer(
        open_rows,
        "tick",
        dict(thickness=3, size=16),
        x=alt.X("mid:T", scale=x_scale, axis=axis),
        tooltip=tooltip,
    )
    days = rows[rows["kind"] == "day"]
    layer(
        days,
        "point",
        dict(filled=True, size=80, opacity=1, stroke="white", strokeWidth=0.8),
        x=alt.X("mid:T", scale=x_scale, axis=axis),
        tooltip=tooltip,
    )
    # Arrows where a band goes on: drawn with their tips at the band's end, inside the panel.
    arrow_tip = [*tooltip[:2], alt.Tooltip("more:N", title=words("chart.timeline.tip.later", lang))]
    layer(
        rows[cut_right],
        "point",
        dict(shape="triangle-right", filled=True, size=70, opacity=1, xOffset=-ARROW_PX),
        x=alt.X("x1:T", scale=x_scale, axis=axis),
        tooltip=arrow_tip,
    )
    layer(
        rows[cut_left],
        "point",
        dict(shape="triangle-left", filled=True, size=70, opacity=1, xOffset=ARROW_PX),
        x=x,
        tooltip=[
            *tooltip[:2],
            alt.Tooltip("less:N", title=words("chart.timeline.tip.earlier", lang)),
        ],
    )
    return alt.layer(*layers).properties(
        width=FULL_WIDTH,
        height=row_step(rows["label"], ROW_HEIGHT) * len(rows),
        title=_panel_title(_window_name(window, lang), lang),
    )


def _undated_panel(undated: pd.DataFrame, colour: alt.Color, lang: str) -> alt.LayerChart:
    """The lane of events the sources give no date for: listed, never dropped."""
    # Each point sits next to its label: on the left, or on the right where a right-to-left
    # edition puts the y axis; its note reads away from it.
    rtl = direction(lang) == "rtl"
    rows = undated.drop(columns=["earliest", "latest"]).assign(
        pos=0.96 if rtl else 0.04,
        status_text=[words("chart.timeline.lane", lang, status=s) for s in undated["status"]],
    )
    y = alt.Y(
        "label:N",
        sort=list(rows["label"]),
        title=None,
        axis=_label_axis(),
    )
    x = alt.X("pos:Q", scale=alt.Scale(domain=[0, 1]), axis=None)
    tooltip = [
        alt.Tooltip("title:N", title=words("chart.timeline.tip.event", lang)),
        alt.Tooltip("dates:N", title=words("chart.timeline.tip.date", lang)),
        alt.Tooltip("status:N", title=words("chart.timeline.tip.status", lang)),
        alt.Tooltip("track:N", title=words("chart.timeline.tip.track", lang)),
        alt.Tooltip("note:N", title=words("chart.timeline.tip.note", lang)),
    ]
    base = alt.Chart(plain(rows)).encode(x=x, y=y, tooltip=tooltip)
    points = base.mark_point(filled=False, size=70, strokeWidth=2, opacity=1).encode(color=colour)
    text = base.mark_text(
        align="right" if rtl else "left", dx=-10 if rtl else 10, color=GREY, fontSize=10
    ).encode(text="status_text:N")
    title = words("chart.timeline.undated_panel", lang, count=len(rows))
    return alt.layer(points, text).properties(
        width=FULL_WIDTH,
        height=row_step(rows["label"], ROW_HEIGHT) * len(rows),
        title=_panel_title(title, lang),
    )


def _counted(counted: PeriodCounts, colour: alt.Color, title: str, lang: str) -> alt.VConcatChart:
    """Too many events to draw one by one: events per month (or year) by track."""
    unit = counted.unit
    fmt = "%b %Y" if unit == "month" else "%Y"
    # Rows by period and the track's name: the order the spec has always had.
    counts = _named(counted.counts, lang).sort_values(["period", "track"], kind="stable")
    undated = _named(counted.undated, lang).sort_values("track", kind="stable")
    # Named once per period (there are at most a few hundred), not once per event.
    names = {p: fmt_date(p, unit, lang) for p in counts["period"].unique()}
    counts["when"] = counts["period"].map(names)
    bars = (
        alt.Chart(plain(counts))
        .mark_bar()
        .encode(
            x=alt.X(
                "period:T",
                title=None,
                axis=alt.Axis(labelOverlap=True, **_time_format(fmt, lang)),
            ),
            y=alt.Y("sum(events):Q", title=words("chart.timeline.counted.axis", lang)),
            color=colour,
            tooltip=[
                alt.Tooltip("when:N", title=words("chart.timeline.counted.tip.period", lang)),
                alt.Tooltip("track:N", title=words("chart.timeline.tip.track", lang)),
                alt.Tooltip(
                    "events:Q", title=words("chart.timeline.counted.tip.events", lang), format=","
                ),
            ],
        )
        .properties(
            width=FULL_WIDTH,
            height=160,
            title=_panel_title(words(f"chart.timeline.counted.{unit}", lang), lang),
        )
    )
    no_date = words("chart.timeline.counted.undated_axis", lang)
    lane = (
        alt.Chart(plain(undated))
        .mark_bar(height=10)
        .encode(
            x=alt.X("events:Q", title=no_date, scale=bar_scale(lang)),
            y=alt.Y("track:N", title=None),
            color=colour,
            tooltip=[
                alt.Tooltip("track:N", title=words("chart.timeline.tip.track", lang)),
                alt.Tooltip("events:Q", title=no_date, format=","),
            ],
        )
        .properties(
            width=FULL_WIDTH,
            title=_panel_title(words("chart.timeline.counted.undated_panel", lang), lang),
        )
    )
    panels = [bars, lane] if len(undated) else [bars]
    total, n_undated = counted.events, counted.n_undated
    subtitle = words(
        f"chart.timeline.counted.subtitle.{unit}",
        lang,
        n=total,
        undated=fmt_number(n_undated, lang),
    )
    description = words(
        "chart.timeline.counted.description", lang, n=total, undated=fmt_number(n_undated, lang)
    )
    chart = alt.vconcat(*panels).resolve_scale(color="shared")
    return titled(chart, title, subtitle, description, lang)


def _named(counts: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Counts with each track by its name in the edition `lang`."""
    names = {t: display("track", t, lang) for t in counts["track"].unique()}
    return counts.assign(track=counts["track"].map(names))


def _subtitle(when: Timeline, lang: str) -> str:
    """The takeaway: the jump in time, how tight the last cluster is, what has no date."""
    parts = []
    if when.jump is not None:
        years = round(when.jump.years, 1)
        parts.append(
            words(
                "chart.timeline.gap",
                lang,
                before=day(when.jump.before, lang),
                after=day(when.jump.after, lang),
                n=int(years) if years.is_integer() else years,
            )
        )
    if when.windows:
        # Only events dated to the day are said to fall within a stretch of days.
        inside, exact = when.in_last_window, when.last_days
        if exact is not None and inside > 1:
            first, last = exact
            parts.append(
                words(
                    "chart.timeline.last_cluster",
                    lang,
                    n=inside,
                    days=words("chart.timeline.days", lang, n=(last - first).days + 1),
                    range=_range(first, last, lang),
                )
            )
        elif exact is not None:
            parts.append(words("chart.timeline.last_event", lang, date=day(exact[0], lang)))
        else:
            last_date = when.windows[-1].last
            parts.append(words("chart.timeline.last_date", lang, date=day(last_date, lang)))
    # Both counts in the same style ("four of ten events"), not a figure beside a word.
    parts.append(
        words(
            "chart.timeline.undated",
            lang,
            undated=fmt_count(when.undated, lang),
            n=len(when.events),
        )
    )
    sentence = words("chart.timeline.subtitle", lang, parts=words("chart.sep", lang).join(parts))
    return sentence[0].upper() + sentence[1:]


def _description(rows: pd.DataFrame, when: Timeline, tracks: list[str], lang: str) -> str:
    kinds = when.kinds
    names = join_words([_window_name(w, lang) for w in when.windows], limit=6, lang=lang) or words(
        "chart.timeline.description.no_panel", lang
    )

    def titles(kind: str) -> str:
        listed = join_words(list(rows.loc[rows["kind"] == kind, "title"]), limit=3, lang=lang)
        return words("chart.timeline.description.titles", lang, titles=listed) if listed else ""

    lead = words(
        "chart.timeline.description.lead",
        lang,
        n=len(rows),
        panels=words("chart.timeline.description.panels", lang, n=len(when.windows)),
        names=names,
    )
    detail = words(
        "chart.timeline.description.kinds",
        lang,
        day=kinds["day"],
        interval=kinds["interval"],
        open=kinds["open"],
        open_titles=titles("open"),
        undated=kinds["undated"],
        undated_titles=titles("undated"),
    )
    colour = words(
        "chart.timeline.description.colour", lang, tracks=join_words(tracks, limit=8, lang=lang)
    )
    return " ".join([lead, detail, colour])


def _panel_title(text: str, lang: str) -> alt.Title:
    """A panel's own title: smaller and lighter than the chart's, at the side a reader of
    the edition starts from (as the theme anchors the chart's title)."""
    anchor = "end" if direction(lang) == "rtl" else "start"
    return alt.Title(text, fontSize=12, fontWeight="normal", anchor=anchor)


def _label_axis() -> alt.Axis:
    """Event labels on up to two lines, in a column of fixed width."""
    return alt.Axis(
        minExtent=LABEL_WIDTH,
        maxExtent=LABEL_WIDTH,
        # Labels are wrapped to fit the column, never cut.
        labelLimit=0,
        labelExpr=LINES,
        labelLineHeight=12,
    )


def _range(first: pd.Timestamp, last: pd.Timestamp, lang: str) -> str:
    """'12–18 February 2025', or two full dates across months."""
    if first == last:
        return day(first, lang)
    if (first.year, first.month) == (last.year, last.month):
        return words(
            "chart.timeline.range.same_month",
            lang,
            first=fmt_number(first.day, lang, grouping=False),
            last=fmt_number(last.day, lang, grouping=False),
            month=fmt_date(last, "month", lang),
        )
    return words("chart.timeline.range.span", lang, first=day(first, lang), last=day(last, lang))


def _datetime(value: pd.Timestamp) -> alt.DateTime:
    return alt.DateTime(
        year=value.year, month=value.month, date=value.day, hours=value.hour, minutes=0
    )
