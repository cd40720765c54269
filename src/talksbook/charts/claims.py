"""Do the article's numbers hold up? Numeric claims drawn as the ranges they allow.

A claim with a qualifier is a set of values: "exact 90" is {90}, "more than 60" is (60, ∞),
"at least 60" is [60, ∞) and "about 3" is the interval that rounds to 3 (2.5–3.5). Claims
about the same quantity are consistent when their sets overlap; the overlap is drawn as its
own row, so the reader sees where every claim holds at once.

Every word comes from charts.claims.{lang}.yml (and the prose's ``qualifier.*`` phrases), so
each builder speaks the language of its edition.
"""

from __future__ import annotations

import math
from typing import TypeVar

import altair as alt
import pandas as pd

from ..data import Package
from ..facts.claims import ClaimRange, most_claimed
from ..words import direction, has
from ._base import (
    FULL_WIDTH,
    LINES,
    bar_scale,
    check_event,
    drawn,
    empty_chart,
    event_title,
    in_lang,
    join_words,
    number,
    plain,
    quoted,
    row_step,
    spaced,
    titled,
    words,
    wrapped,
)
from .theme import GREY, OKABE_ITO

__all__ = ["duration_claims", "range_text"]

ChartT = TypeVar("ChartT", bound=alt.TopLevelMixin)

ROLE_COLOURS = {"claim": OKABE_ITO[0], "data": OKABE_ITO[1], "all": OKABE_ITO[2]}

LABEL_WIDTH = 120
ROW_HEIGHT = 46


# --- words ---------------------------------------------------------------------------------


def range_text(claim: ClaimRange, unit: str, lang: str = "en") -> str:
    """'90 min', 'more than 60 min', '2.5–3.5 years', in the words of the edition `lang`.

    Written in words, not signs: Noto Sans has no ≈, ≥ or ∞, and a missing glyph switches
    the line to a fallback font.
    """
    if claim.open_ended:
        key = "qualifier.at-least" if claim.low_closed else "qualifier.more-than"
        return words(key, lang, amount=_amount(claim.low, unit, lang))
    if claim.single:
        return _amount(claim.low, unit, lang)
    return words(
        "chart.claims.range",
        lang,
        lo=number(claim.low, lang=lang),
        hi=number(claim.high, lang=lang),
        unit=_unit(unit, claim.high, lang),
    )


def _unit(unit: str, n: float, lang: str) -> str:
    """The unit after the number `n` ('min', 'years'; in Arabic the form the number takes).
    A unit the templates do not know is shown as its code, spaced."""
    key = f"chart.claims.unit.{unit}"
    return words(key, lang, n=n) if has(key, lang) else spaced(unit)


def _axis_unit(unit: str, lang: str) -> str:
    """The unit of an axis, without a number: 'min', 'years'; in Arabic 'بالدقائق'."""
    key = f"chart.claims.axis_unit.{unit}"
    return words(key, lang) if has(key, lang) else spaced(unit)


def _amount(value: float, unit: str, lang: str) -> str:
    """'90 min', '3 years' (digits, even for small numbers: these are measurements)."""
    return words(
        "chart.claims.amount", lang, value=number(value, lang=lang), unit=_unit(unit, value, lang)
    )


def _stated_amount(value: float, qualifier: str, unit: str, lang: str) -> str:
    """The figure as the data code it: 'more than 60 min', 'about 3 years'."""
    key = f"qualifier.{qualifier}"
    amount = _amount(value, unit, lang)
    return words(key, lang, amount=amount) if has(key, lang) else amount


def _stated(figures: pd.DataFrame, lang: str) -> pd.Series:
    """The article's wording of each figure in the edition's language: the Arabic edition
    quotes the article itself (`stated_ar`), the English one its translation."""
    return in_lang(figures, "stated", lang)


def _label(figures: pd.DataFrame, lang: str) -> str:
    """The label of the first of `figures` in `lang`: `label_<lang>` (figures.label_ar) via
    in_lang, else `label_en`. Where a package has no label in the edition's language, the
    word for the figure's measure ('duration', 'elapsed') stands in for the English one, so
    that no English is left in the titles of another edition."""
    first = figures.iloc[:1]
    own = first.get(f"label_{lang}")
    missing = own is None or not str(own.fillna("").iloc[0]).strip()
    key = f"chart.claims.measure.{first['measure'].iloc[0]}"
    if lang != "en" and missing and has(key, lang):
        return words(key, lang)
    return str(in_lang(first, "label", lang).iloc[0])


def _axis_title(label: str, unit: str, lang: str) -> str:
    return words("chart.claims.axis", lang, label=label, unit=_axis_unit(unit, lang))


def _detail(figure: pd.Series, unit: str, lang: str) -> str:
    """Tooltip source of a claim: the article's Arabic words (the evidence, in both editions),
    the figure as coded, and the evidence id."""
    return words(
        "chart.claims.detail",
        lang,
        original=str(figure["stated_ar"]),
        amount=_stated_amount(float(figure["value"]), figure["qualifier"], unit, lang),
        evidence=str(figure["evidence_id"]),
    )


# --- builders ------------------------------------------------------------------------------


def duration_claims(
    pkg: Package, event_id: str | None = None, label_en: str | None = None, lang: str = "en"
) -> alt.LayerChart | alt.Chart:
    """Conflicting claims about one duration side by side, with the values where all hold;
    in the words of the edition `lang`.

    Figures with measure 'duration' and the same event and label are claims about the same
    quantity; by default the quantity with the most claims is shown (facts.claims.most_claimed).
    """
    check_event(pkg, event_id)
    title = words("chart.claims.duration.title", lang)
    claims = most_claimed(pkg, "duration", event_id, label_en)
    if claims is None:
        return empty_chart(title, words("chart.claims.duration.none", lang), lang)
    unit, common = claims.unit, claims.common
    group = pkg["figures"].set_index("id").loc[list(claims.figure_ids)]
    group = group.assign(stated=_stated(group, lang))
    label = _label(group, lang)

    rows, stated = [], []
    for (_, figure), claim in zip(group.iterrows(), claims.ranges, strict=True):
        quote = quoted(str(figure["stated"]), lang)
        amount = _stated_amount(float(figure["value"]), figure["qualifier"], unit, lang)
        stated.append(words("chart.claims.stated", lang, quote=quote, amount=amount))
        rows.append(
            _row(
                quote,
                claim,
                "claim",
                unit,
                lang,
                value=float(figure["value"]),
                detail=_detail(figure, unit, lang),
            )
        )
    if common is not None:
        rows.append(
            _row(
                words("chart.claims.duration.all_hold", lang),
                common,
                "all",
                unit,
                lang,
                detail=words("chart.claims.duration.overlap_detail", lang),
            )
        )

    who = event_title(pkg, claims.event_id, lang)
    values = {"label": label, "event": who, "claims": join_words(stated, lang=lang)}
    if common is None:
        subtitle = words("chart.claims.duration.conflict", lang, **values)
    elif len(claims.ranges) == 1:
        subtitle = words("chart.claims.duration.only", lang, **values)
    else:
        subtitle = words(
            "chart.claims.duration.consistent",
            lang,
            common=range_text(common, unit, lang),
            **values,
        )
    allows = words("chart.sep", lang).join(
        words("chart.claims.allows", lang, claim=q, range=range_text(c, unit, lang))
        for q, c in zip(stated, claims.ranges, strict=True)
    )
    description = " ".join(
        [
            words(
                "chart.claims.duration.description",
                lang,
                n=len(claims.ranges),
                label=label.lower(),
                event=who,
                allows=allows,
            ),
            words("chart.claims.duration.overlap", lang, common=range_text(common, unit, lang))
            if common is not None
            else words("chart.claims.duration.no_overlap", lang),
        ]
    )
    chart = _interval_chart(
        pd.DataFrame(rows), _axis_title(label, unit, lang), lang, start_at_zero=True
    )
    return titled(chart, title, subtitle, description, lang)


def _row(
    label: str,
    claim: ClaimRange,
    role: str,
    unit: str,
    lang: str,
    value: float = math.nan,
    detail: str = "",
) -> dict[str, object]:
    return {
        "label": drawn(wrapped(label), lang),
        "full": label,
        # The colour's key, in words: it never shows (no legend), but it is in the spec.
        "role": words(f"chart.claims.role.{role}", lang),
        "lo": claim.low,
        "hi": claim.high,
        "lo_closed": claim.low_closed,
        "value": value,
        "text": range_text(claim, unit, lang),
        "shown": drawn(range_text(claim, unit, lang), lang),
        "detail": detail,
    }


def _interval_chart(
    rows: pd.DataFrame, axis_title: str, lang: str, *, start_at_zero: bool
) -> alt.LayerChart:
    """Rows of ranges: bars for bounded ranges, points for single values, dashed arrows for
    ranges with no upper bound (they run to the far edge: the right, or the left in a
    right-to-left edition, whose scale is mirrored as a bar chart's), and the range in words
    above."""
    finite = pd.concat([rows["lo"], rows["hi"][rows["hi"].map(math.isfinite)], rows["value"]])
    finite = finite.dropna()
    top = float(finite.max())
    bottom = float(finite.min())
    span = max(top - bottom, abs(top) * 0.1, 1e-9)
    lo_edge = 0.0 if start_at_zero else bottom - span * 0.6
    hi_edge = top + span * (0.5 if start_at_zero else 0.6)
    rows = rows.assign(
        edge=hi_edge,
        x0=rows["lo"].clip(lower=lo_edge),
        x1=rows["hi"].clip(upper=hi_edge),
        open=~rows["hi"].map(math.isfinite),
        point=rows["lo"] == rows["hi"],
    )
    # Keyed by role, shown by its words: a role keeps its colour in every edition.
    colours = {words(f"chart.claims.role.{r}", lang): c for r, c in ROLE_COLOURS.items()}
    roles = [r for r in colours if r in set(rows["role"])]
    colour = alt.Color(
        "role:N",
        scale=alt.Scale(domain=roles, range=[colours[r] for r in roles]),
        legend=None,
    )
    y = alt.Y(
        "label:N",
        sort=list(rows["label"]),
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
    scale = bar_scale(lang, domain=[lo_edge, hi_edge], nice=False, zero=start_at_zero)
    rtl = direction(lang) == "rtl"
    # The title comes from the data, so it goes on the axis (drawn as text) and not on the
    # field: Vega-Lite pastes field titles unescaped into the marks' ARIA expression.
    x = alt.X(
        "x0:Q",
        scale=scale,
        title=words("chart.claims.value", lang),
        axis=alt.Axis(title=axis_title),
    )
    tooltip = [
        alt.Tooltip("full:N", title=words("chart.claims.tip.row", lang)),
        alt.Tooltip("text:N", title=words("chart.claims.tip.allows", lang)),
        alt.Tooltip("detail:N", title=words("chart.claims.tip.source", lang)),
    ]
    layers = []

    def layer(frame: pd.DataFrame, mark: str, style: dict[str, object], **encoding: object) -> None:
        if len(frame):
            chart = getattr(alt.Chart(plain(frame)), f"mark_{mark}")(**style)
            layers.append(chart.encode(y=y, color=colour, tooltip=tooltip, **encoding))

    ranged = rows[~rows["open"] & ~rows["point"]]
    layer(ranged, "bar", {"height": 12, "opacity": 0.55, "cornerRadius": 2}, x=x, x2="x1:Q")
    opened = rows[rows["open"]]
    layer(opened, "rule", {"strokeDash": [5, 3], "strokeWidth": 3}, x=x, x2="x1:Q")
    layer(
        opened,
        "point",
        {
            "shape": "triangle-left" if rtl else "triangle-right",
            "filled": True,
            "size": 80,
            "opacity": 1,
        },
        x=alt.X("edge:Q", scale=scale),
    )
    # An open lower bound ("more than 60") is a hollow circle, a closed one a filled circle.
    layer(
        opened[~opened["lo_closed"]],
        "point",
        {"filled": False, "size": 80, "strokeWidth": 2.5, "fill": "white", "opacity": 1},
        x=x,
    )
    layer(opened[opened["lo_closed"]], "point", {"filled": True, "size": 80, "opacity": 1}, x=x)
    stated = rows[(rows["value"].notna() & ~rows["open"]) | rows["point"]].assign(
        at=lambda f: f["value"].fillna(f["lo"])
    )
    layer(
        stated,
        "point",
        {"filled": True, "size": 90, "opacity": 1, "stroke": "white", "strokeWidth": 1},
        x=alt.X("at:Q", scale=scale),
    )
    # The range in words starts at the range's low end and runs the way the bars grow, unless
    # that leaves it too little room before the plot's far edge (a range near the top of the
    # scale): then it ends at the range's high end instead, and stays inside the chart on a
    # phone.
    middle = (lo_edge + hi_edge) / 2
    forward = rows["x0"] < middle
    start, end = ("right", "left") if rtl else ("left", "right")
    for frame, ends in ((rows[forward], False), (rows[~forward], True)):
        if len(frame):
            layers.append(
                alt.Chart(plain(frame))
                .mark_text(
                    align=end if ends else start,
                    baseline="bottom",
                    dy=-9,
                    fontSize=10,
                    color=GREY,
                )
                .encode(
                    x=alt.X("x1:Q", scale=scale) if ends else x,
                    y=y,
                    text="shown:N",
                    tooltip=tooltip,
                )
            )
    # A row holds the range in words above its mark, and its label.
    height = row_step(rows["label"], ROW_HEIGHT, pad=22) * len(rows)
    return alt.layer(*layers).properties(width=FULL_WIDTH, height=height)
