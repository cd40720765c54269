"""Consistency checks the prose reports: figures that claim the same quantity, and elapsed
times against the dates of the events they span.

Each claim is read as a range of values: ``exact`` is one value, ``more-than`` and ``at-least``
are lower bounds, and ``about`` is the value give or take half a step of its last significant
digit (so "about 3 years" is 2.5–3.5 years, "about 90 minutes" 85–95). Claims about the same
quantity are consistent when their ranges share a value.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pandas as pd

from ..html import Html, ar
from .common import Row, View, num, s, ts

# Days per unit, for comparing elapsed-time claims with date intervals.
DAYS_PER_UNIT = {"year": 365.2425, "minute": 1 / 1440}
_ID = re.compile(r"[a-z0-9][a-z0-9-]*")


@dataclass(frozen=True)
class Range:
    """A range of values; ``None`` bounds are unbounded, ``*_open`` excludes the bound."""

    low: float | None
    high: float | None
    low_open: bool = False
    high_open: bool = False

    def meets(self, other: Range) -> bool:
        """Whether the two ranges share at least one value."""
        return _below(self, other) and _below(other, self)


def _below(a: Range, b: Range) -> bool:
    """a's lower bound does not exceed b's upper bound."""
    if a.low is None or b.high is None:
        return True
    if a.low_open or b.high_open:
        return a.low < b.high
    return a.low <= b.high


def half_step(value: float) -> float:
    """Half a unit of the last significant digit: 90 → 5, 3 → 0.5, 2.5 → 0.05."""
    if value == 0:
        return 0.5
    if float(value).is_integer():
        zeros = len(str(int(abs(value)))) - len(str(int(abs(value))).rstrip("0"))
        return 0.5 * 10**zeros
    decimals = len(f"{value}".split(".")[1])
    return 0.5 * 10**-decimals


def claim_range(value: float, qualifier: str) -> Range:
    """The values a claim allows."""
    if qualifier == "more-than":
        return Range(value, None, low_open=True)
    if qualifier == "at-least":
        return Range(value, None)
    if qualifier == "about":
        step = half_step(value)
        return Range(value - step, value + step)
    return Range(value, value)


def figure_range(figure: Row) -> Range | None:
    value = num(figure.get("value"))
    return None if value is None else claim_range(value, s(figure.get("qualifier")))


def figure_groups(view: View) -> list[list[Row]]:
    """Figures grouped by (event, label): claims about one quantity, each group in article
    order; groups in the order their first claim appears."""
    groups: dict[tuple[str, str], list[Row]] = {}
    for row in view.in_article_order(view.rows("figures")):
        groups.setdefault((s(row.get("event_id")), s(row.get("label_en"))), []).append(row)
    return list(groups.values())


@dataclass(frozen=True)
class Verdict:
    consistent: bool
    sentence: Html


def compare(view: View, claims: list[Row]) -> Verdict | None:
    """Compare claims about one quantity (two or more); None when there is nothing to compare.

    The reason names the pair that decides: the first claim against each later one.
    """
    ranged = [(c, figure_range(c)) for c in claims]
    ranged = [(c, r) for c, r in ranged if r is not None]
    if len(ranged) < 2:
        return None
    consistent = all(a.meets(b) for i, (_, a) in enumerate(ranged) for _, b in ranged[i + 1 :])
    # Lead with an exact claim if there is one: it is the easiest to test the others against.
    lead = next((p for p in ranged if s(p[0].get("qualifier")) == "exact"), ranged[0])
    reasons = [
        _reason(view, lead[0], lead[1], other, rng) for other, rng in ranged if other is not lead[0]
    ]
    key = "check.consistent" if consistent else "check.conflict"
    return Verdict(consistent, view.say(key, reasons=view.list(reasons)))


def _reason(view: View, lead: Row, lead_range: Range, other: Row, other_range: Range) -> Html:
    qualifier = s(other.get("qualifier"))
    fits = lead_range.meets(other_range)
    exact = s(lead.get("qualifier")) == "exact"
    if fits:
        key = f"check.fits.{qualifier}" if exact else "check.fits.ranges"
        key = key if view.has(key) else "check.fits.ranges"
    else:
        key = f"check.fails.{qualifier}" if exact else "check.fails.ranges"
        key = key if view.has(key) else "check.fails.ranges"
    return view.say(key, first=view.amount(lead), other=_bare(view, other))


def _bare(view: View, figure: Row) -> str:
    """A figure's quantity without its qualifier ("60 minutes"), for "is more than …"."""
    return view.amount({**figure, "qualifier": "exact"})


# --- elapsed time between events -----------------------------------------------------------


@dataclass(frozen=True)
class Gap:
    """The time between two events given their date intervals: whole months and days."""

    min_months: int
    max_months: int
    min_days: int
    max_days: int


def months_between(start: pd.Timestamp, end: pd.Timestamp) -> int:
    """Whole calendar months from ``start`` to ``end`` (floored)."""
    months = (end.year - start.year) * 12 + end.month - start.month
    return months - 1 if end.day < start.day else months


def gap(view: View, earlier: Row, later: Row) -> Gap | None:
    """The least and the most time that can separate two events; None if a bound is missing."""
    e_lo, e_hi = ts(earlier.get("date_earliest")), ts(earlier.get("date_latest"))
    l_lo, l_hi = ts(later.get("date_earliest")), ts(later.get("date_latest"))
    if None in (e_lo, e_hi, l_lo, l_hi):
        return None
    assert e_lo is not None and e_hi is not None and l_lo is not None and l_hi is not None
    least, most = l_lo - e_hi, l_hi - e_lo
    if least.days < 0:
        least = pd.Timedelta(0)
    return Gap(
        months_between(e_hi, l_lo) if least.days > 0 else 0,
        months_between(e_lo, l_hi),
        least.days,
        most.days,
    )


def gap_words(view: View, span: Gap) -> str:
    from .phrases import fmt_months

    low = fmt_months(span.min_months, view.lang)
    high = fmt_months(span.max_months, view.lang)
    if span.min_months == span.max_months:
        return view.text("span.exact", span=low)
    return view.text("span.between", low=low, high=high)


def elapsed_fits(figure: Row, span: Gap) -> bool | None:
    """Whether an elapsed-time claim fits the gap between two dated events."""
    factor = DAYS_PER_UNIT.get(s(figure.get("unit")))
    claim = figure_range(figure)
    if factor is None or claim is None:
        return None
    scaled = Range(
        None if claim.low is None else claim.low * factor,
        None if claim.high is None else claim.high * factor,
        claim.low_open,
        claim.high_open,
    )
    return scaled.meets(Range(float(span.min_days), float(span.max_days)))


def elapsed_sentence(view: View, figure: Row, span: Gap) -> Html:
    """Whether an elapsed-time claim fits the computed gap, as a sentence."""
    fits = elapsed_fits(figure, span)
    if fits is None:
        return Html()
    return view.say(
        "check.elapsed.fits" if fits else "check.elapsed.fails",
        stated=s(figure.get("stated_en")),
        ar=ar(s(figure.get("stated_ar"))),
        cite=view.cite(s(figure.get("evidence_id"))),
        claim=view.amount(figure),
        span=gap_words(view, span),
    )


def referenced_events(view: View, figure: Row) -> list[Row]:
    """Events a figure's note names by id ("Compare with the dates of a and b"), in order."""
    found: list[Row] = []
    for token in _ID.findall(s(figure.get("note"))):
        row = view.event(token)
        if row is not None and row not in found:
            found.append(row)
    return found
