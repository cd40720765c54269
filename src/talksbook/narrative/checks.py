"""Consistency checks in words: figures that claim the same quantity, and elapsed times
against the dates of the events they span. What a claim allows, and whether claims agree, is
decided in talksbook.facts.claims; this module only says it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ..facts import claims as claims_facts
from ..facts.checks import FigureCheck, figure_check
from ..facts.claims import Gap
from ..facts.meetings import named_ids
from ..html import Html
from .common import Row, View, s


@dataclass(frozen=True)
class Verdict:
    consistent: bool
    sentence: Html


def compare(view: View, figure_ids: Sequence[str]) -> Verdict | None:
    """Whether claims about one quantity agree, in words (facts.checks.figure_check); None
    when fewer than two have a value. The reason names the pair that decides: the lead claim
    (the first exact one) against each other."""
    check = figure_check(view.pkg, figure_ids)
    return None if check is None else Verdict(check.consistent, verdict(view, check))


def verdict(view: View, check: FigureCheck) -> Html:
    """Whether the claims agree, with the reason of each: the lead claim against each other."""
    figures = view.by_id("figures")
    lead = figures[check.lead_id]
    reasons = []
    for other in check.against:
        figure = figures[other.figure_id]
        qualifier = s(figure.get("qualifier"))
        # Against an exact lead the other claim's qualifier names the reason; else, or for a
        # qualifier without its own words, only whether the two ranges meet.
        if other.fits:
            key = f"check.fits.{qualifier}" if check.lead_exact else "check.fits.ranges"
            key = key if view.has(key) else "check.fits.ranges"
        else:
            key = f"check.fails.{qualifier}" if check.lead_exact else "check.fails.ranges"
            key = key if view.has(key) else "check.fails.ranges"
        # The other quantity without its qualifier ("60 minutes"), for "is more than …".
        bare = view.amount({**figure, "qualifier": "exact"})
        reasons.append(view.say(key, first=view.amount(lead), other=bare))
    key = "check.consistent" if check.consistent else "check.conflict"
    return view.say(key, reasons=view.list(reasons))


def gap(earlier: Row, later: Row) -> Gap | None:
    """The time between two events whose dates are both bounded (see facts.claims)."""
    span = claims_facts.gap_between(earlier, later)
    return None if span is None or span.open_ended else span


def gap_words(view: View, span: Gap) -> str:
    from ..words import fmt_months

    assert span.most_months is not None  # (gap() keeps closed spans only)
    low = fmt_months(span.least_months, view.lang)
    high = fmt_months(span.most_months, view.lang)
    # Whole months: nought of them is "less than a month", not "0 months".
    if span.most_months == 0:
        return view.text("span.under_month")
    if span.least_months == 0:
        return view.text("span.up_to", high=high)
    if span.least_months == span.most_months:
        return view.text("span.exact", span=low)
    return view.text("span.between", low=low, high=high)


def elapsed_sentence(view: View, figure: Row, span: Gap) -> Html:
    """Whether an elapsed-time claim fits the computed gap, as a sentence."""
    fits = claims_facts.elapsed_fits(figure, span)
    if fits is None:
        return Html()
    return view.say(
        "check.elapsed.fits" if fits else "check.elapsed.fails",
        stated=s(figure.get("stated_en")),
        source=view.source_name(s(figure.get("evidence_id"))),
        cited=view.cited(s(figure.get("stated_ar")), s(figure.get("evidence_id"))),
        claim=view.amount(figure),
        span=gap_words(view, span),
    )


def referenced_events(view: View, figure: Row) -> list[Row]:
    """Events a figure's note names by id ("Compare with the dates of a and b"), in order
    (facts.meetings.noted_events, for a figure's row)."""
    found: list[Row] = []
    for token in named_ids(s(figure.get("note"))):
        row = view.event(token)
        if row is not None and row not in found:
            found.append(row)
    return found
