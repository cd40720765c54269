"""When did things happen? Every event on a time line, uncertainty included.

A date in the data is an interval [date_earliest, date_latest], both inclusive. Exact days are
points; longer intervals are bars covering every day they allow; an interval with no later
bound runs, dashed, to the right edge with an arrow; events with no date at all get their
own lane so that none is silently dropped. Long quiet stretches (Feb 2022 – Feb 2025) are cut
out: each cluster of dates gets its own panel, so the February 2025 days stay readable.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

import altair as alt
import numpy as np
import pandas as pd

from ..data import Package
from ._base import (
    LINES,
    day,
    enum,
    events_in_order,
    interval_text,
    join_words,
    number,
    plain,
    plural,
    present,
    spaced,
    titled,
    with_labels,
)
from .theme import GREY, TRACK_COLOURS, colour_scale, legend

__all__ = ["timeline"]

DAY = pd.Timedelta(days=1)
HALF_DAY = pd.Timedelta(hours=12)
YEAR_DAYS = 365.2425

# Plot width and label column: 120 + 210 + padding fits a 360 px screen. Equal label widths
# keep the panels' time axes aligned one above the other.
PLOT_WIDTH = 210
LABEL_WIDTH = 120
ROW_HEIGHT = 30

TITLE = "When did it happen?"


@dataclass(frozen=True)
class Window:
    """One panel of the timeline: a cluster of dates and the padded range shown."""

    first: pd.Timestamp  # earliest date bound in the cluster
    last: pd.Timestamp  # latest date bound in the cluster
    lo: pd.Timestamp  # left edge of the panel
    hi: pd.Timestamp  # right edge of the panel (exclusive)

    @property
    def name(self) -> str:
        if (self.first.year, self.first.month) == (self.last.year, self.last.month):
            return f"{self.first:%B %Y}"
        if self.first.year == self.last.year:
            return f"{self.first:%b} – {self.last:%b %Y}"
        return f"{self.first:%b %Y} – {self.last:%b %Y}"


def timeline(pkg: Package, *, max_events: int = 150, gap_days: int = 60) -> alt.VConcatChart:
    """All events in time: intervals as bars, days as points, undated events in their own lane.

    Dates more than `gap_days` apart go to separate panels (a broken axis). Above
    `max_events` events the chart counts events per month instead of drawing each one, so
    that it never embeds thousands of rows.
    """
    events = pkg["events"]
    tracks = present(events["track"], enum(pkg, "events", "track"))
    colour = alt.Color(
        "track:N",
        scale=colour_scale(tracks, TRACK_COLOURS),
        legend=legend("Track", tracks),
        title="Track",
    )
    if len(events) > max_events:
        return _counted(events, colour)

    rows = _event_rows(events)
    dated = rows[rows["kind"] != "undated"]
    undated = rows[rows["kind"] == "undated"]
    windows = _windows(dated, gap_days)
    panels: list[alt.TopLevelMixin] = [_panel(dated, w, colour) for w in windows]
    if len(undated):
        panels.append(_undated_panel(undated, colour))
    chart = alt.vconcat(*panels, spacing=18).resolve_scale(color="shared")
    return titled(chart, TITLE, _subtitle(rows, windows), _description(rows, windows, tracks))


def _kinds(start: pd.Series, end: pd.Series) -> np.ndarray:
    """How each date interval is drawn: undated, open (one bound), day or interval."""
    return np.select(
        [start.isna() & end.isna(), start.isna() | end.isna(), start == end],
        ["undated", "open", "day"],
        "interval",
    )


def _event_rows(events: pd.DataFrame) -> pd.DataFrame:
    """One row per event with what the timeline needs, in date order."""
    events = with_labels(events_in_order(events))
    start, end = events["date_earliest"], events["date_latest"]
    kind = _kinds(start, end)
    return pd.DataFrame(
        {
            "id": events["id"],
            "label": events["label"],
            "title": events["title_en"],
            "track": events["track"],
            "status": events["status"],
            "start": start,
            "end": end,
            "kind": kind,
            "dates": [interval_text(a, b) for a, b in zip(start, end, strict=True)],
            "basis": events["date_basis"].map(spaced),
            "note": events["date_note"],
        }
    )


def _windows(dated: pd.DataFrame, gap_days: int) -> list[Window]:
    """Clusters of date bounds separated by more than `gap_days`, each padded a little."""
    bounds = pd.concat([dated["start"], dated["end"]]).dropna().sort_values().unique()
    if len(bounds) == 0:
        return []
    clusters: list[list[pd.Timestamp]] = [[pd.Timestamp(bounds[0])]]
    for value in bounds[1:]:
        value = pd.Timestamp(value)
        if value - clusters[-1][-1] > pd.Timedelta(days=gap_days):
            clusters.append([value])
        else:
            clusters[-1].append(value)
    windows = []
    for cluster in clusters:
        first, last = cluster[0], cluster[-1]
        span = last + DAY - first
        pad = max(pd.Timedelta(days=2), pd.Timedelta(days=round(span.days * 0.08)))
        windows.append(Window(first, last, first - pad, last + DAY + pad))
    return windows


def _time_axis(window: Window) -> alt.Axis:
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
    return alt.Axis(title=None, format=fmt, tickCount=step, labelOverlap=True, grid=True)


def _panel(dated: pd.DataFrame, window: Window, colour: alt.Color) -> alt.LayerChart:
    """One panel: the events whose interval overlaps the window, clipped to it."""
    row_lo = dated["start"].fillna(window.lo - DAY)
    row_hi = (dated["end"] + DAY).fillna(window.hi + DAY)
    rows = dated[(row_lo < window.hi) & (row_hi > window.lo)].copy()
    lo, hi = row_lo[rows.index], row_hi[rows.index]
    rows["x0"] = lo.clip(lower=window.lo)
    rows["x1"] = hi.clip(upper=window.hi)
    rows["mid"] = rows["start"].fillna(rows["x0"]) + HALF_DAY
    rows["more"] = np.where(
        rows["end"].isna(), "no later bound: runs on past the edge", "continues in the next panel"
    )
    rows["less"] = "no earlier bound"
    cut_right = hi > window.hi
    cut_left = rows["start"].isna() & (lo < window.lo)
    # The known bound of an open interval, where it falls inside the panel.
    known_start = (rows["kind"] == "open") & (rows["start"] >= window.lo)
    # Only what the marks and tooltips use: raw bounds would embed NaT as empty strings.
    shown = ["id", "label", "title", "track", "kind", "dates", "basis", "note"]
    rows = rows[[*shown, "x0", "x1", "mid", "more", "less"]]

    x_scale = alt.Scale(domain=[_datetime(window.lo), _datetime(window.hi)])
    y = alt.Y(
        "label:N",
        sort=list(rows["label"]),
        title=None,
        axis=_label_axis(),
    )
    tooltip = [
        alt.Tooltip("title:N", title="Event"),
        alt.Tooltip("dates:N", title="Date"),
        alt.Tooltip("basis:N", title="Date basis"),
        alt.Tooltip("track:N", title="Track"),
        alt.Tooltip("note:N", title="Note on the date"),
    ]
    x = alt.X("x0:T", scale=x_scale, axis=_time_axis(window))
    layers = []

    def layer(frame: pd.DataFrame, mark: str, style: dict[str, object], **encoding: object) -> None:
        # One small dataset per mark: only the rows that mark draws are embedded.
        if len(frame):
            chart = getattr(alt.Chart(plain(frame)), f"mark_{mark}")(**style)
            layers.append(chart.encode(y=y, color=colour, **encoding))

    bars = rows[rows["kind"] == "interval"]
    layer(bars, "bar", dict(height=9, cornerRadius=2, clip=True), x=x, x2="x1:T", tooltip=tooltip)
    open_rows = rows[rows["kind"] == "open"]
    layer(
        open_rows,
        "rule",
        dict(strokeDash=[5, 3], strokeWidth=3, clip=True),
        x=x,
        x2="x1:T",
        tooltip=tooltip,
    )
    # The known bound of an open interval, as a short bar across the row.
    layer(
        rows[known_start],
        "tick",
        dict(thickness=3, size=14),
        x=alt.X("mid:T", scale=x_scale, axis=_time_axis(window)),
        tooltip=tooltip,
    )
    days = rows[rows["kind"] == "day"]
    layer(
        days,
        "point",
        dict(filled=True, size=80, opacity=1, stroke="white", strokeWidth=0.8),
        x=alt.X("mid:T", scale=x_scale, axis=_time_axis(window)),
        tooltip=tooltip,
    )
    arrow_tip = [*tooltip[:2], alt.Tooltip("more:N", title="Later bound")]
    layer(
        rows[cut_right],
        "point",
        dict(shape="triangle-right", filled=True, size=70, opacity=1),
        x=alt.X("x1:T", scale=x_scale, axis=_time_axis(window)),
        tooltip=arrow_tip,
    )
    layer(
        rows[cut_left],
        "point",
        dict(shape="triangle-left", filled=True, size=70, opacity=1),
        x=x,
        tooltip=[*tooltip[:2], alt.Tooltip("less:N", title="Earlier bound")],
    )
    return alt.layer(*layers).properties(
        width=PLOT_WIDTH,
        height=ROW_HEIGHT * len(rows),
        title=_panel_title(window.name),
    )


def _undated_panel(undated: pd.DataFrame, colour: alt.Color) -> alt.LayerChart:
    """The lane of events the sources give no date for: listed, never dropped."""
    rows = undated.drop(columns=["start", "end"]).assign(
        pos=0.04, status_text=undated["status"] + ", date not given"
    )
    y = alt.Y(
        "label:N",
        sort=list(rows["label"]),
        title=None,
        axis=_label_axis(),
    )
    x = alt.X("pos:Q", scale=alt.Scale(domain=[0, 1]), axis=None)
    tooltip = [
        alt.Tooltip("title:N", title="Event"),
        alt.Tooltip("dates:N", title="Date"),
        alt.Tooltip("status:N", title="Status"),
        alt.Tooltip("track:N", title="Track"),
        alt.Tooltip("note:N", title="Note on the date"),
    ]
    base = alt.Chart(plain(rows)).encode(x=x, y=y, tooltip=tooltip)
    points = base.mark_point(filled=False, size=70, strokeWidth=2, opacity=1).encode(color=colour)
    text = base.mark_text(align="left", dx=10, color=GREY, fontSize=10).encode(text="status_text:N")
    title = f"No date in the sources ({len(rows)})"
    return alt.layer(points, text).properties(
        width=PLOT_WIDTH,
        height=ROW_HEIGHT * len(rows),
        title=_panel_title(title),
    )


def _counted(events: pd.DataFrame, colour: alt.Color) -> alt.VConcatChart:
    """Too many events to draw one by one: events per month (or year) by track."""
    rows = pd.DataFrame(
        {
            "track": events["track"],
            "kind": _kinds(events["date_earliest"], events["date_latest"]),
        }
    )
    when = events["date_earliest"].fillna(events["date_latest"])
    dated = rows[when.notna()]
    when = when[when.notna()]
    months = (when.max().year - when.min().year) * 12 + 12 if len(when) else 0
    unit, fmt = ("MS", "%b %Y") if months <= 240 else ("YS", "%Y")
    period = when.dt.to_period("M" if unit == "MS" else "Y").dt.start_time
    counts = (
        dated.assign(period=period)
        .groupby(["period", "track"], as_index=False)
        .size()
        .rename(columns={"size": "events"})
    )
    counts["when"] = counts["period"].dt.strftime(fmt)
    bars = (
        alt.Chart(plain(counts))
        .mark_bar()
        .encode(
            x=alt.X("period:T", title=None, axis=alt.Axis(format=fmt, labelOverlap=True)),
            y=alt.Y("sum(events):Q", title="Events (by earliest date)"),
            color=colour,
            tooltip=[
                alt.Tooltip("when:N", title="Period"),
                alt.Tooltip("track:N", title="Track"),
                alt.Tooltip("events:Q", title="Events", format=","),
            ],
        )
        .properties(
            width=PLOT_WIDTH + LABEL_WIDTH - 40,
            height=160,
            title=_panel_title(f"Dated events, by {'month' if unit == 'MS' else 'year'}"),
        )
    )
    undated = rows[rows["kind"] == "undated"].groupby("track", as_index=False).size()
    undated = undated.rename(columns={"size": "events"})
    lane = (
        alt.Chart(plain(undated))
        .mark_bar(height=10)
        .encode(
            x=alt.X("events:Q", title="Events with no date"),
            y=alt.Y("track:N", title=None),
            color=colour,
            tooltip=[
                alt.Tooltip("track:N", title="Track"),
                alt.Tooltip("events:Q", title="Events with no date", format=","),
            ],
        )
        .properties(
            width=PLOT_WIDTH + LABEL_WIDTH - 100, title=_panel_title("No date in the sources")
        )
    )
    panels = [bars, lane] if len(undated) else [bars]
    total, n_undated = len(rows), int(undated["events"].sum()) if len(undated) else 0
    subtitle = (
        f"{plural(total, 'event')}, too many to draw one by one: counted per "
        f"{'month' if unit == 'MS' else 'year'} of their earliest date; "
        f"{n_undated:,} have no date."
    )
    description = (
        f"Stacked bars counting {plural(total, 'event')} per period by track; "
        f"{n_undated:,} undated events are counted in a separate bar chart."
    )
    chart = alt.vconcat(*panels).resolve_scale(color="shared")
    return titled(chart, TITLE, subtitle, description)


def _subtitle(rows: pd.DataFrame, windows: list[Window]) -> str:
    """The takeaway: the jump in time, how tight the last cluster is, what has no date."""
    parts = []
    if len(windows) > 1:
        gaps = [(b.first - a.last, a, b) for a, b in itertools.pairwise(windows)]
        gap, before, after = max(gaps, key=lambda g: g[0])
        parts.append(
            f"No event starts or ends between {day(before.last)} and {day(after.first)} "
            f"({number(gap.days / YEAR_DAYS, 1)} years)"
        )
    if windows:
        last = windows[-1]
        inside = int(rows["start"].between(last.first, last.last).sum())
        span = (last.last - last.first).days + 1
        if inside > 1:
            parts.append(
                f"the last {inside:,} dated events fall within "
                f"{plural(span, 'day')} ({_range(last.first, last.last)})"
            )
        elif inside == 1:
            parts.append(f"the last dated event starts on {day(last.first)}")
        else:
            parts.append(f"the last date in the record is {day(last.last)}")
    undated = int((rows["kind"] == "undated").sum())
    parts.append(f"{undated:,} of {plural(len(rows), 'event')} have no date")
    text = "; ".join(parts) + "."
    return text[0].upper() + text[1:]


def _description(rows: pd.DataFrame, windows: list[Window], tracks: list[str]) -> str:
    kinds = rows["kind"].value_counts()
    panels = join_words([w.name for w in windows], limit=6) or "no dated panel"
    open_titles = join_words(list(rows.loc[rows["kind"] == "open", "title"]), limit=3)
    undated_titles = join_words(list(rows.loc[rows["kind"] == "undated", "title"]), limit=3)
    text = (
        f"Timeline of {plural(len(rows), 'event')} in {plural(len(windows), 'time panel')} "
        f"({panels}). {kinds.get('day', 0)} have an exact day (points), "
        f"{kinds.get('interval', 0)} a range of days (bars), "
        f"{kinds.get('open', 0)} only one bound, drawn dashed to the panel edge with an arrow"
    )
    if open_titles:
        text += f" ({open_titles})"
    text += f", and {kinds.get('undated', 0)} no date, listed in a separate lane"
    if undated_titles:
        text += f" ({undated_titles})"
    return text + f". Colour shows the track: {join_words(tracks, limit=8)}."


def _panel_title(text: str) -> alt.Title:
    """A panel's own title: smaller and lighter than the chart's."""
    return alt.Title(text, fontSize=12, fontWeight="normal", anchor="start")


def _label_axis() -> alt.Axis:
    """Event labels on up to two lines, in a column of fixed width."""
    return alt.Axis(
        minExtent=LABEL_WIDTH,
        maxExtent=LABEL_WIDTH,
        labelLimit=LABEL_WIDTH - 6,
        labelExpr=LINES,
        labelLineHeight=12,
    )


def _range(first: pd.Timestamp, last: pd.Timestamp) -> str:
    if first == last:
        return day(first)
    if (first.year, first.month) == (last.year, last.month):
        return f"{first.day}–{last.day} {last:%b %Y}"
    return f"{day(first)} – {day(last)}"


def _datetime(value: pd.Timestamp) -> alt.DateTime:
    return alt.DateTime(
        year=value.year, month=value.month, date=value.day, hours=value.hour, minutes=0
    )
