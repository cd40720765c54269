"""Do the article's numbers hold up? Numeric claims drawn as the ranges they allow.

A claim with a qualifier is a set of values: "exact 90" is {90}, "more than 60" is (60, ∞),
"at least 60" is [60, ∞) and "about 3" is the interval that rounds to 3 (2.5–3.5). Claims
about the same quantity are consistent when their sets overlap; the overlap is drawn as its
own row, so the reader sees where every claim holds at once.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import Decimal

import altair as alt
import pandas as pd

from ..data import Package
from ._base import (
    LINES,
    check_event,
    empty_chart,
    interval_text,
    join_words,
    number,
    plain,
    plural,
    quoted,
    short,
    titled,
    two_lines,
)
from .theme import GREY, OKABE_ITO

__all__ = ["Claim", "claim_interval", "duration_claims", "leader_call_gap"]

UNIT_DAYS = {"year": 365.2425, "month": 365.2425 / 12, "week": 7.0, "day": 1.0}
UNIT_SHORT = {"minute": "min", "year": "years", "month": "months", "day": "days"}
# In words: Noto Sans has no ≈, ≥ or ∞; a missing glyph switches the line to a fallback font.
QUALIFIER_SIGN = {
    "exact": "",
    "more-than": "more than ",
    "at-least": "at least ",
    "about": "about ",
}
ROLE_COLOURS = {"claim": OKABE_ITO[0], "data": OKABE_ITO[1], "all": OKABE_ITO[2]}

PLOT_WIDTH = 200
LABEL_WIDTH = 120
ROW_HEIGHT = 46


@dataclass(frozen=True)
class Claim:
    """The set of values a claim allows: from `lo` to `hi` (hi may be infinite)."""

    lo: float
    hi: float
    lo_closed: bool = True
    hi_closed: bool = True

    def overlap(self, other: Claim) -> Claim | None:
        """The values both claims allow, or None when they contradict each other."""
        lo, lo_closed = max((self.lo, self.lo_closed), (other.lo, other.lo_closed), key=_lo_key)
        hi, hi_closed = min((self.hi, self.hi_closed), (other.hi, other.hi_closed), key=_hi_key)
        if lo < hi or (lo == hi and lo_closed and hi_closed):
            return Claim(lo, hi, lo_closed, hi_closed)
        return None

    def text(self, unit: str) -> str:
        """'90 min', 'more than 60 min', '2.5–3.5 years'."""
        suffix = f" {UNIT_SHORT.get(unit, unit)}"
        if math.isinf(self.hi):
            return f"{'at least' if self.lo_closed else 'more than'} {number(self.lo)}{suffix}"
        if self.lo == self.hi:
            return f"{number(self.lo)}{suffix}"
        return f"{number(self.lo)}–{number(self.hi)}{suffix}"


def _lo_key(bound: tuple[float, bool]) -> tuple[float, bool]:
    # Of two equal lower bounds the open one is the tighter: (60 beats [60.
    return bound[0], not bound[1]


def _hi_key(bound: tuple[float, bool]) -> tuple[float, bool]:
    return bound[0], bound[1]


def claim_interval(value: float, qualifier: str) -> Claim:
    """The values a figure allows, given its qualifier (see the module docstring)."""
    if qualifier == "exact":
        return Claim(value, value)
    if qualifier == "more-than":
        return Claim(value, math.inf, lo_closed=False, hi_closed=False)
    if qualifier == "at-least":
        return Claim(value, math.inf, hi_closed=False)
    if qualifier == "about":
        tolerance = _rounding_tolerance(value)
        return Claim(value - tolerance, value + tolerance)
    raise ValueError(f"unknown qualifier {qualifier!r}")


def _rounding_tolerance(value: float) -> float:
    """Half the place value of the last significant digit: 3 -> 0.5, 90 -> 5, 1.5 -> 0.05."""
    digits = Decimal(str(abs(value))).normalize().as_tuple()
    return 0.5 * 10.0 ** int(digits.exponent)


def duration_claims(
    pkg: Package, event_id: str | None = None, label_en: str | None = None
) -> alt.LayerChart | alt.Chart:
    """Conflicting claims about one duration side by side, with the values where all hold.

    Figures with measure 'duration' and the same event and label are claims about the same
    quantity; by default the quantity with the most claims is shown.
    """
    check_event(pkg, event_id)
    figures = pkg["figures"]
    figures = figures[figures["measure"] == "duration"]
    if event_id is not None:
        figures = figures[figures["event_id"] == event_id]
    if label_en is not None:
        figures = figures[figures["label_en"] == label_en]
    title = "How long did it last?"
    if figures.empty:
        return empty_chart(title, "No duration is claimed for this selection.")
    sizes = figures.groupby(["event_id", "label_en"], sort=False).size()
    event, label = sizes.idxmax()
    group = figures[(figures["event_id"] == event) & (figures["label_en"] == label)]
    units = set(group["unit"])
    if len(units) != 1:
        raise ValueError(f"claims about {label!r} mix units: {sorted(units)}")
    unit = units.pop()

    rows, claims = [], []
    for figure in group.itertuples():
        claim = claim_interval(float(figure.value), figure.qualifier)
        claims.append(claim)
        sign = QUALIFIER_SIGN.get(figure.qualifier, "")
        rows.append(
            _row(
                f"“{figure.stated_en}”",
                claim,
                "claim",
                unit,
                value=float(figure.value),
                detail=f"{figure.stated_ar} ({sign}{number(figure.value)} {unit}, "
                f"{figure.qualifier}); evidence {figure.evidence_id}",
            )
        )
    common = _overlap(claims)
    if common is not None:
        rows.append(_row("All claims hold", common, "all", unit, detail="overlap of the claims"))

    stated = [
        f"“{f.stated_en}” ({QUALIFIER_SIGN.get(f.qualifier, '')}{number(f.value)} "
        f"{UNIT_SHORT.get(unit, unit)})"
        for f in group.itertuples()
    ]
    who = quoted(pkg["events"].set_index("id").loc[event, "title_en"])
    if common is None:
        verdict = "cannot all be true"
    elif len(claims) == 1:
        verdict = "is the only claim"
    else:
        verdict = f"are consistent: all hold at {common.text(unit)}"
    subtitle = f"{label} ({who}): {join_words(stated)} {verdict}."
    description = (
        f"Ranges of values allowed by {plural(len(claims), 'claim')} about "
        f"{label.lower()} ({who}): "
        + "; ".join(f"{q} allows {c.text(unit)}" for q, c in zip(stated, claims, strict=True))
        + (
            f". The claims overlap at {common.text(unit)}."
            if common is not None
            else ". The claims do not overlap."
        )
    )
    axis_title = f"{label} ({UNIT_SHORT.get(unit, unit)})"
    chart = _interval_chart(pd.DataFrame(rows), axis_title, start_at_zero=True)
    return titled(chart, title, subtitle, description)


def leader_call_gap(
    pkg: Package, figure_id: str = "fig-leader-call-gap", since_event_id: str | None = None
) -> alt.LayerChart | alt.Chart:
    """Time between two events, from their dates, against the article's elapsed-time claim.

    The figure names the later event; the earlier one is `since_event_id` or, by default,
    the latest event of the same track that ends before the later one starts (for the
    leader-call gap: the Putin–Biden call of February 2022).
    """
    title = "How long since the last leader call?"
    figures = pkg["figures"].set_index("id")
    events = pkg["events"].set_index("id")
    if figure_id not in figures.index:
        return empty_chart(title, f"The figure {figure_id} is not in this selection.")
    figure = figures.loc[figure_id]
    if figure["event_id"] not in events.index:
        return empty_chart(title, f"The event of {figure_id} is not in this selection.")
    until = events.loc[figure["event_id"]]
    since_id = since_event_id or _previous(events, figure["event_id"])
    if since_id is None or since_id not in events.index:
        return empty_chart(title, "No earlier event to measure the gap from is in this selection.")
    since = events.loc[since_id]
    unit = figure["unit"]
    if unit not in UNIT_DAYS:
        raise ValueError(f"cannot compare dates with a figure in {unit!r}")
    if any(pd.isna(v) for v in (since.date_earliest, since.date_latest, until.date_earliest)):
        return empty_chart(title, "The dates of the two events do not bound the gap.")

    shortest = (until.date_earliest - since.date_latest).days
    longest = (
        (until.date_latest - since.date_earliest).days if pd.notna(until.date_latest) else math.inf
    )
    per = UNIT_DAYS[unit]
    dates = Claim(shortest / per, longest / per)
    claim = claim_interval(float(figure["value"]), figure["qualifier"])
    common = dates.overlap(claim)
    sign = QUALIFIER_SIGN.get(figure["qualifier"], "")
    days_text = (
        f"{shortest:,}–{longest:,} days"
        if math.isfinite(longest)
        else f"at least {shortest:,} days"
    )
    rows = [
        _row(
            "From the dates",
            dates,
            "data",
            unit,
            detail=f"{since.title_en} ({interval_text(since.date_earliest, since.date_latest)}) "
            f"to {until.title_en} ({interval_text(until.date_earliest, until.date_latest)}): "
            f"{days_text}",
        ),
        _row(
            f"Article: “{figure['stated_en']}”",
            claim,
            "claim",
            unit,
            value=float(figure["value"]),
            detail=f"{figure['stated_ar']} ({sign}{number(figure['value'])} {unit}, "
            f"{figure['qualifier']}); evidence {figure['evidence_id']}",
        ),
    ]
    if common is not None:
        rows.append(_row("Both hold", common, "all", unit, detail="overlap"))
    verdict = "fits" if common is not None else "does not fit"
    between = f"{quoted(since.title_en)} and {quoted(until.title_en)}"
    subtitle = (
        f"The dates put {between} {dates.text(unit)} apart "
        f"({days_text}): the article's “{figure['stated_en']}” "
        f"({sign}{number(figure['value'])} {UNIT_SHORT.get(unit, unit)}) {verdict}."
    )
    description = (
        f"Two ranges on an axis of {UNIT_SHORT.get(unit, unit)}: the gap computed from the dates "
        f"of {between}, {dates.text(unit)} ({days_text}), and the "
        f"article's claim “{figure['stated_en']}”, read as {claim.text(unit)}. "
        + (
            f"They overlap at {common.text(unit)}."
            if common is not None
            else "They do not overlap."
        )
    )
    axis_title = f"{figure['label_en']} ({UNIT_SHORT.get(unit, unit)})"
    chart = _interval_chart(pd.DataFrame(rows), axis_title, start_at_zero=False)
    return titled(chart, title, subtitle, description)


def _previous(events: pd.DataFrame, event_id: str) -> str | None:
    """The latest event of the same track that ends before `event_id` begins."""
    target = events.loc[event_id]
    same = events[
        (events["track"] == target["track"])
        & (events.index != event_id)
        & (events["date_latest"] < target["date_earliest"])
    ]
    if same.empty:
        return None
    return str(same["date_latest"].idxmax())


def _overlap(claims: list[Claim]) -> Claim | None:
    common: Claim | None = claims[0]
    for claim in claims[1:]:
        common = common.overlap(claim) if common is not None else None
    return common


def _row(
    label: str, claim: Claim, role: str, unit: str, value: float = math.nan, detail: str = ""
) -> dict[str, object]:
    return {
        "label": two_lines(short(label, 36)),
        "full": label,
        "role": role,
        "lo": claim.lo,
        "hi": claim.hi,
        "lo_closed": claim.lo_closed,
        "value": value,
        "text": claim.text(unit),
        "detail": detail,
    }


def _interval_chart(rows: pd.DataFrame, axis_title: str, *, start_at_zero: bool) -> alt.LayerChart:
    """Rows of ranges: bars for bounded ranges, points for single values, dashed arrows for
    ranges with no upper bound (they run to the right edge), and the range in words above."""
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
    roles = [r for r in ROLE_COLOURS if r in set(rows["role"])]
    colour = alt.Color(
        "role:N",
        scale=alt.Scale(domain=roles, range=[ROLE_COLOURS[r] for r in roles]),
        legend=None,
    )
    y = alt.Y(
        "label:N",
        sort=list(rows["label"]),
        title=None,
        axis=alt.Axis(
            minExtent=LABEL_WIDTH,
            maxExtent=LABEL_WIDTH,
            labelLimit=LABEL_WIDTH - 6,
            labelExpr=LINES,
            labelLineHeight=12,
        ),
    )
    scale = alt.Scale(domain=[lo_edge, hi_edge], nice=False, zero=start_at_zero)
    # The title comes from the data, so it goes on the axis (drawn as text) and not on the
    # field: Vega-Lite pastes field titles unescaped into the marks' ARIA expression.
    x = alt.X("x0:Q", scale=scale, title="Value", axis=alt.Axis(title=axis_title))
    tooltip = [
        alt.Tooltip("full:N", title="Row"),
        alt.Tooltip("text:N", title="Allows"),
        alt.Tooltip("detail:N", title="Source"),
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
        {"shape": "triangle-right", "filled": True, "size": 80, "opacity": 1},
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
    text = (
        alt.Chart(plain(rows))
        .mark_text(align="left", baseline="bottom", dy=-9, fontSize=10, color=GREY)
        .encode(x=x, y=y, text="text:N", tooltip=tooltip)
    )
    layers.append(text)
    return alt.layer(*layers).properties(width=PLOT_WIDTH, height=ROW_HEIGHT * len(rows))
