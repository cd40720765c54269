"""Helpers shared by the chart builders: labels, wording, titles, empty states.

Data-derived text is only ever passed to Altair as data values, titles or descriptions,
which Vega renders as text. Nothing here builds HTML or Vega expressions from data.
"""

from __future__ import annotations

import math
import textwrap
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, TypeVar

import altair as alt
import pandas as pd

from ..data import Package
from ..facts.codes import enum_order, in_order
from ..words import direction, fmt_date, fmt_list_text, fmt_number, has, text
from .theme import GREY

# Characters per line that fit a 360 px phone screen at the theme's font sizes.
TITLE_CHARS = 40
SUBTITLE_CHARS = 50
LABEL_CHARS = 22
LINE_CHARS = 18
COLUMN_CHARS = 28
#: Every chart is as wide as the column it sits in: its views take the container's width
#: (vl-convert, with no container, falls back to the theme's `continuousWidth`).
FULL_WIDTH = "container"
#: ... and the whole chart, labels and legend included, fits that width (Vega-Lite does this
#: by itself for one view; a chart of stacked panels needs it said).
FIT_WIDTH = alt.AutoSizeParams(type="fit-x", contains="padding")
# Axis label expression that splits a wrapped label into its lines (see `wrapped`). It is a
# constant: data values are its input, never part of its text.
LINES = "split(datum.label, '\\n')"

ChartT = TypeVar("ChartT", bound=alt.TopLevelMixin)


def wrap(text: str, width: int) -> list[str]:
    """`text` as lines of at most `width` characters (Vega titles accept a list of lines)."""
    return textwrap.wrap(text, width=width, break_long_words=True) or [""]


# Each drawn line of a right-to-left edition is wrapped in a right-to-left isolate (U+2067 …
# U+2069): Vega draws text in a left-to-right SVG, where a sentence's final full stop or a
# closing bracket would otherwise land at the wrong end of an Arabic line (and resvg, which
# draws vl-convert's PNG pictures, would even draw the lines of a title over each other).
RTL_ISOLATE = ("\u2067", "\u2069")


def drawn(text: str, lang: str) -> str:
    """`text` as drawn on a chart: each line isolated in a right-to-left edition (see
    RTL_ISOLATE); unchanged otherwise."""
    if direction(lang) != "rtl":
        return text
    start, end = RTL_ISOLATE
    return "\n".join(f"{start}{line}{end}" for line in text.split("\n"))


def bar_scale(lang: str, **properties: Any) -> alt.Scale:
    """The scale of the values a horizontal bar grows along: mirrored in a right-to-left
    edition, whose labels are on the right (the theme's y axis), so that bars grow from their
    labels there too. Time axes stay left to right in every edition (the methods say so)."""
    return alt.Scale(reverse=direction(lang) == "rtl", **properties)


def growing_text(lang: str, dx: float = 0) -> dict[str, object]:
    """Text mark options for a label that runs the way the bars grow, `dx` px away from its
    anchor (a bar's end, or its start at zero): rightwards, or leftwards in a right-to-left
    edition (see `bar_scale`)."""
    rtl = direction(lang) == "rtl"
    return {"align": "right" if rtl else "left", "dx": -dx if rtl else dx}


def titled(chart: ChartT, title: str, subtitle: str, description: str, lang: str = "en") -> ChartT:
    """Give a chart its title, its takeaway subtitle and its screen-reader description (read,
    not drawn, so it stays plain text); the chart fits the width of its column."""
    return chart.properties(
        autosize=FIT_WIDTH,
        title=alt.Title(
            [drawn(line, lang) for line in wrap(title, TITLE_CHARS)],
            subtitle=[drawn(line, lang) for line in wrap(subtitle, SUBTITLE_CHARS)],
        ),
        description=description,
    )


def capital(text: str) -> str:
    """A phrase that opens a sentence (a no-op in scripts without case, such as Arabic)."""
    return text[:1].upper() + text[1:]


def short(text: str, limit: int = LABEL_CHARS) -> str:
    """`text` cut to `limit` characters at a word boundary where possible, with an ellipsis.

    For sentences that list (a tooltip's "and 3 more"), never for a label a chart draws:
    labels are wrapped (`wrapped`), so that no name is cut."""
    text = " ".join(str(text).split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    space = cut.rfind(" ")
    if space >= limit // 2:
        cut = cut[:space]
    return cut.rstrip(" ,;:–-") + "…"


def wrapped(text: str, width: int = LINE_CHARS) -> str:
    """`text` on lines of at most `width` characters joined by newlines, whole: a label is
    never cut. Axes split such labels back into lines with the static expression `LINES`."""
    return "\n".join(textwrap.wrap(" ".join(str(text).split()), width=width) or [""])


def line_count(labels: Iterable[str]) -> int:
    """The most lines any of `labels` takes (at least one)."""
    return max((label.count("\n") + 1 for label in labels), default=1)


def row_step(labels: Iterable[str], least: int, line_px: int = 12, pad: int = 8) -> int:
    """Pixels per row of a chart whose rows carry `labels`: room for the label with the
    most lines, and never less than `least`."""
    return max(least, line_count(labels) * line_px + pad)


def unique_labels(texts: Iterable[str], width: int = LINE_CHARS) -> list[str]:
    """Labels wrapped on lines of `width` characters (`wrapped`, never cut), made unique: a
    nominal axis would merge two equal labels into one."""
    labels: list[str] = []
    seen: set[str] = set()
    for value in texts:
        label = wrapped(value, width)
        count = 2
        while label in seen:
            label = wrapped(f"{value} ({count})", width)
            count += 1
        seen.add(label)
        labels.append(label)
    return labels


def enum(pkg: Package, resource: str, field: str) -> list[str]:
    """The allowed values of a field, in the order the data package lists them."""
    return enum_order(pkg, resource, field)


#: The values that occur, in the schema's order, then others alphabetically (facts.codes).
present = in_order


def words(key: str, lang: str, **values: str | int | float) -> str:
    """A chart's words from the templates (charts.*.{lang}.yml), filled, as plain text."""
    return text(key, lang, **values)


def in_lang(frame: pd.DataFrame, column: str, lang: str) -> pd.Series:
    """``column_<lang>`` of ``frame``, falling back to ``column_en`` where it is empty; for a
    field the data name without a language suffix (``events.city``, ``events.date_note``,
    ``participants.note``: English, beside ``city_ar``…), the fallback is ``column`` itself."""
    english = frame[f"{column}_en"] if f"{column}_en" in frame else frame[column]
    if lang == "en" or f"{column}_{lang}" not in frame:
        return english
    own = frame[f"{column}_{lang}"]
    return own.where(own.notna() & (own.astype(str).str.strip() != ""), english)


def display(group: str, value: str, lang: str = "en") -> str:
    """A coded value as a chart shows it: ``chart.<group>.<value>`` from the charts'
    templates, else the prose's label ``<group>.<value>``, else the value itself spaced (a
    value an analyst added to the schema's enumeration before giving it words)."""
    for key in (f"chart.{group}.{value}", f"{group}.{value}"):
        if has(key, lang):
            return text(key, lang)
    return spaced(value)


def spaced(value: str) -> str:
    """An enumeration value for display: 'head-of-delegation' -> 'head of delegation'."""
    return value.replace("-", " ")


def plural(count: int, word: str, words: str | None = None) -> str:
    """'1 event', '3 events' (with thousands separators)."""
    return f"{count:,} {word if count == 1 else (words or word + 's')}"


def join_words(
    items: Sequence[str], limit: int = 4, total: int | None = None, lang: str = "en"
) -> str:
    """'a', 'a and b', 'a, b and c'; long lists end with 'and N more'.

    `total` is the length of the full list when only its head is passed (so that a list of
    thousands need not be built to name three of them).
    """
    return fmt_list_text(items, lang, limit=limit, total=total)


def number(value: float, digits: int = 2, lang: str = "en") -> str:
    """A number without trailing zeros, in the edition's digits: 90 -> '90', 2.9589 -> '2.96'."""
    if math.isinf(value):
        return words("chart.no_limit", lang)
    rounded = round(float(value), digits)
    return fmt_number(int(rounded) if rounded.is_integer() else rounded, lang)


def day(value: pd.Timestamp, lang: str = "en") -> str:
    """'12 February 2025' (or '١٢ فبراير ٢٠٢٥')."""
    return fmt_date(value, "day", lang)


def interval_text(earliest: pd.Timestamp, latest: pd.Timestamp, lang: str = "en") -> str:
    """A date interval in words, as the data states it (both bounds inclusive)."""
    has_start, has_end = not pd.isna(earliest), not pd.isna(latest)
    if not has_start and not has_end:
        return words("chart.interval.undated", lang)
    if not has_end:
        return words("chart.interval.from", lang, earliest=day(earliest, lang))
    if not has_start:
        return words("chart.interval.until", lang, latest=day(latest, lang))
    if earliest == latest:
        return day(earliest, lang)
    month_end = earliest + pd.offsets.MonthEnd(0)
    if earliest.day == 1 and latest == month_end:
        month = fmt_date(earliest, "month", lang)
        return words("chart.interval.month_unknown_day", lang, month=month)
    return words(
        "chart.interval.between", lang, earliest=day(earliest, lang), latest=day(latest, lang)
    )


def actor_names(pkg: Package, lang: str = "en") -> dict[str, str]:
    """Actor id -> name in the edition's language (English where the data have none)."""
    actors = pkg["actors"]
    return dict(zip(actors["id"], in_lang(actors, "name", lang), strict=True))


def with_labels(events: pd.DataFrame, lang: str = "en") -> pd.DataFrame:
    """Events with unique axis labels, wrapped and never cut: `label` in lines of
    `LINE_CHARS` for a y axis, `column` in longer lines for a slanted x axis. Label only the
    rows a chart shows: it is a Python loop."""
    titles = in_lang(events, "title", lang)
    return events.assign(
        label=unique_labels(titles),
        column=unique_labels(titles, width=COLUMN_CHARS),
    )


def check_event(pkg: Package, event_id: str | None) -> None:
    """Raise KeyError if `event_id` is given but not an event of the package."""
    if event_id is not None and event_id not in set(pkg["events"]["id"]):
        raise KeyError(f"no event with id {event_id!r}")


def quoted(title: str, lang: str = "en") -> str:
    """A title in quotation marks: titles are names, and "the Possible meeting" reads badly."""
    return words("chart.quote", lang, text=title)


def quoted_list(
    ids: Sequence[str], names: Mapping[str, str] | pd.Series, lang: str, limit: int = 4
) -> str:
    """Names of the first ``limit`` ids, quoted, as a list ("“A”, “B” and 3 more"); ``names``
    maps an id to its name (a dict, or a Series indexed by id)."""
    shown = [quoted(names[i], lang) for i in ids[:limit]]
    return join_words(shown, total=len(ids), lang=lang)


def event_title(pkg: Package, event_id: str, lang: str = "en") -> str:
    """Title of one event in the edition's language, quoted for use in a sentence."""
    events = pkg["events"]
    row = events[events["id"] == event_id]
    return quoted(str(in_lang(row, "title", lang).iloc[0]), lang)


def empty_chart(title: str, message: str, lang: str = "en") -> alt.Chart:
    """A chart that says there is nothing to show, rather than failing or drawing nothing."""
    mark = words("chart.empty.mark", lang)
    chart = (
        alt.Chart(pd.DataFrame({"message": [mark], "why": [message]}))
        .mark_text(align="left", baseline="middle", color=GREY, fontSize=12)
        .encode(
            x=alt.value(0),
            y=alt.value(20),
            text=alt.Text("message:N"),
            tooltip=[alt.Tooltip("why:N", title=words("chart.empty.note", lang))],
        )
        .properties(width=FULL_WIDTH, height=40)
    )
    return titled(chart, title, message, f"{title}: {message}", lang)


def plain(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy with plain numpy/object dtypes, so Altair serialises values predictably."""
    out = frame.copy()
    for column in out.columns:
        dtype = out[column].dtype
        if pd.api.types.is_bool_dtype(dtype):
            out[column] = out[column].astype(bool)
        elif pd.api.types.is_integer_dtype(dtype):
            out[column] = out[column].astype("float64" if out[column].isna().any() else "int64")
        elif pd.api.types.is_float_dtype(dtype):
            out[column] = out[column].astype("float64")
        elif pd.api.types.is_string_dtype(dtype):
            out[column] = out[column].astype(object).where(out[column].notna(), "")
    return out
