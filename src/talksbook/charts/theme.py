"""The book's one Altair theme: fonts, sizes and colour-blind-safe palettes.

Every chart takes its look from here, so a change of font or colour is made once. Colours
for categories that recur across charts (tracks, roles, statuses, stances, channels) are
fixed per value, so "meeting" has the same colour in the timeline and in the topic matrix.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping, Sequence

import altair as alt

__all__ = [
    "ARABIC_FONT",
    "CHANNEL_COLOURS",
    "FONT",
    "GREY",
    "INK",
    "OKABE_ITO",
    "OUTCOME_STATUS_COLOURS",
    "PADDING",
    "PHONE_WIDTH",
    "ROLE_COLOURS",
    "STANCE_COLOURS",
    "THEME_NAME",
    "THEME_NAMES",
    "TRACK_COLOURS",
    "colour_scale",
    "enable_theme",
    "legend",
    "theme",
]

THEME_NAME = "talksbook"

# Fonts packaged by Debian (fonts-noto-core, fonts-hosny-amiri). Noto Sans first for Latin
# labels; the Arabic faces are fallbacks for the Arabic names that appear in tooltips.
FONT = "Noto Sans, Noto Sans Arabic, Amiri, DejaVu Sans, sans-serif"
# The Arabic edition: Arabic first (Noto Sans Arabic reads well at label sizes).
ARABIC_FONT = "Noto Sans Arabic, Amiri, Noto Sans, DejaVu Sans, sans-serif"

# Okabe & Ito (2008), the palette designed to stay distinguishable under the common forms
# of colour-vision deficiency. Yellow comes last: it is the weakest on a white page.
OKABE_ITO = (
    "#0072B2",  # blue
    "#E69F00",  # orange
    "#009E73",  # bluish green
    "#CC79A7",  # reddish purple
    "#56B4E9",  # sky blue
    "#D55E00",  # vermillion
    "#000000",  # black
    "#F0E442",  # yellow
)
GREY = "#8C8C8C"
INK = "#222222"

# Everything is designed to fit a 360 px phone screen without horizontal scrolling.
PHONE_WIDTH = 360
#: Space around every chart (each side).
PADDING = 6

#: Vega's legend layout of a right-to-left edition: Vega's default (it is replaced whole, not
#: merged), with legends below a plot ending at its right.
RTL_LEGEND_LAYOUT = (
    "{offset: 18, direction: 'horizontal', left: {direction: 'vertical'}, "
    "right: {direction: 'vertical'}, bottom: {anchor: 'end'}}"
)


def theme(lang: str = "en") -> alt.theme.ThemeConfig:
    """The talksbook theme in one edition's language: English, or Arabic (right-to-left)."""
    config = _theme()
    if lang != "en":
        config["config"] |= _right_to_left(lang)
        config["config"]["font"] = ARABIC_FONT
    return config


def _theme() -> alt.theme.ThemeConfig:
    return {
        "background": "white",
        "padding": PADDING,
        "config": {
            "font": FONT,
            "title": {
                "anchor": "start",
                "frame": "bounds",
                "fontSize": 15,
                "fontWeight": 600,
                "color": INK,
                "subtitleFontSize": 12,
                "subtitleColor": "#3C3C3C",
                "subtitlePadding": 4,
                "offset": 12,
            },
            "axis": {
                "labelFontSize": 11,
                "labelColor": INK,
                "titleFontSize": 11,
                "titleFontWeight": "normal",
                "titleColor": INK,
                "gridColor": "#E4E4E4",
                "domainColor": "#8A8A8A",
                "tickColor": "#8A8A8A",
                # No label is ever cut ("…"): the charts wrap long labels onto lines instead.
                "labelLimit": 0,
                "labelSeparation": 6,
            },
            "header": {"labelFontSize": 12, "titleFontSize": 12, "labelColor": INK},
            "legend": {
                # Below the plot: a legend on the right would push a phone-width chart wide.
                "orient": "bottom",
                "direction": "horizontal",
                "labelFontSize": 11,
                "titleFontSize": 11,
                "titleFontWeight": "normal",
                "labelLimit": 0,
                "symbolStrokeColor": "#444444",
                "symbolStrokeWidth": 0.8,
                "symbolOpacity": 1,
            },
            # A "container" width falls back to continuousWidth where there is no container
            # (vl-convert static pictures): 340 px keeps those at phone width too.
            "view": {"stroke": None, "continuousWidth": 340, "continuousHeight": 160},
            "range": {"category": list(OKABE_ITO)},
            "mark": {"color": OKABE_ITO[0]},
            "text": {"fontSize": 11, "color": INK},
            "concat": {"spacing": 16},
        },
        # vega-embed reads these; an object here means "use vega-tooltip", whose default
        # `sanitize` escapes & and < so that data can never become markup in a tooltip.
        "usermeta": {"embedOptions": {"tooltip": {"theme": "light"}, "actions": False}},
    }


def _right_to_left(lang: str) -> dict:
    """What changes for a right-to-left edition: titles, the y axis and the legends move to
    the right (a reader starts there), and numbers and dates are written as the edition writes
    them. (Bar charts mirror their value scale too: _base.bar_scale.)"""
    from ..words import number_symbols, text

    numbers = number_symbols(lang)
    months = [text(f"month.{m}", lang) for m in range(1, 13)]
    # Python's Monday-first weekdays, rotated to d3's Sunday-first order.
    days = [text(f"weekday.{d}", lang) for d in (6, 0, 1, 2, 3, 4, 5)]
    return {
        "title": {**_theme()["config"]["title"], "anchor": "end"},
        "axisY": {"orient": "right"},
        # Legends below the plot end at its right edge. Vega takes an object for `layout`;
        # Vega-Lite's schema types it as an expression only, so the object is written as one.
        "legend": {**_theme()["config"]["legend"], "layout": {"expr": RTL_LEGEND_LAYOUT}},
        "locale": {
            "number": {
                "decimal": numbers["decimal"],
                "thousands": numbers["group"],
                "grouping": [3],
                "currency": ["", ""],
                "numerals": list(numbers["digits"]),
            },
            "time": {
                "dateTime": text("chart.locale.date_time", lang),
                "date": text("chart.locale.date", lang),
                "time": text("chart.locale.time", lang),
                "periods": [text("chart.locale.am", lang), text("chart.locale.pm", lang)],
                "days": days,
                "shortDays": days,
                "months": months,
                "shortMonths": months,
            },
        },
    }


#: The registered theme of each edition's language.
THEME_NAMES = {"en": THEME_NAME, "ar": f"{THEME_NAME}-ar"}
for _lang, _name in THEME_NAMES.items():
    alt.theme.register(_name, enable=_lang == "en")(functools.partial(theme, _lang))


def enable_theme(lang: str = "en") -> None:
    """Make the talksbook theme of ``lang`` the active Altair theme (idempotent)."""
    alt.theme.enable(THEME_NAMES[lang])


def colour_scale(
    domain: Sequence[str],
    fixed: Mapping[str, str] | None = None,
    display: Callable[[str], str | None] | None = None,
) -> alt.Scale:
    """A categorical scale with a stable colour per value.

    Values listed in `fixed` keep their colour in every chart; the others take Okabe–Ito
    colours in order, skipping those already used. `display` maps a value to the text the
    data carries for it (e.g. 'head-of-delegation' -> 'head of delegation').
    """
    fixed = dict(fixed or {})
    spare = [c for c in OKABE_ITO if c not in fixed.values()]
    colours = []
    for value in domain:
        if value not in fixed:
            fixed[value] = spare.pop(0) if spare else GREY
        colours.append(fixed[value])
    shown = [display(v) for v in domain] if display else list(domain)
    return alt.Scale(domain=shown, range=colours)


def legend(title: str, labels: Sequence[str], room: int = 220, **kwargs: object) -> alt.Legend:
    """A legend below the plot, in as many columns as fit in `room` px.

    A bottom legend starts at the plot's edge (the left, or the right in a right-to-left
    edition), not the chart's, so `room` is the plot's width, not the screen's.
    """
    longest = max((len(label) for label in labels), default=10)
    # About 6.2 px per character at 11 px, plus the symbol and the column gap.
    column_px = 6.2 * min(longest, 26) + 28
    columns = max(1, min(len(labels), int(room // column_px)))
    # Uncut labels: a label longer than a column gets a column of its own.
    columns = 1 if longest > 26 else columns
    return alt.Legend(title=title, columns=columns, labelLimit=0, **kwargs)


# Fixed colours for values that recur across charts (see `colour_scale`).
TRACK_COLOURS = {
    "call": OKABE_ITO[0],
    "meeting": OKABE_ITO[5],
    "proposal": OKABE_ITO[3],
    "reaction": OKABE_ITO[2],
    "background": GREY,
}
STANCE_COLOURS = {
    "supportive": OKABE_ITO[2],
    "conditional": OKABE_ITO[1],
    "critical": OKABE_ITO[5],
    "neutral": GREY,
}
OUTCOME_STATUS_COLOURS = {
    "agreed": OKABE_ITO[2],
    "planned": OKABE_ITO[4],
    "under-study": OKABE_ITO[1],
}
ROLE_COLOURS = {
    "party": OKABE_ITO[0],
    "head-of-delegation": OKABE_ITO[4],
    "delegation": OKABE_ITO[2],
    "host": OKABE_ITO[1],
    "reporter": GREY,
    "speaker": OKABE_ITO[3],
    "addressee": OKABE_ITO[7],
    "target": OKABE_ITO[5],
    # Not at the table: drawn hollow (white fill, black dashed ring), never as a colour.
    "affected-absent": "white",
}
CHANNEL_COLOURS = {
    "social-media": OKABE_ITO[3],
    "official-statement": OKABE_ITO[0],
    "press-remarks": OKABE_ITO[1],
    "interview": OKABE_ITO[4],
    "news-agency-report": OKABE_ITO[2],
    "television-report": OKABE_ITO[5],
    "unspecified": GREY,
}
