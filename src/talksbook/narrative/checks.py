"""Consistency checks in words: figures that claim the same quantity, and elapsed times
against the dates of the events they span. What a claim allows, and whether claims agree, is
decided in talksbook.facts.claims; this module only says it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ..facts import claims as claims_facts
from ..facts.claims import ClaimGroup, Gap
from ..facts.meetings import named_ids
from ..html import Html, ar
from .common import Row, View, s


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


def compare(view: View, group: ClaimGroup | Sequence[Row]) -> Verdict | None:
    """Whether claims about one quantity agree, in words (two claims or more); None when
    there is nothing to compare. ``group`` is a group of facts.claims (its claims in the order
    to tell them), or, for the appendix until it takes those, the rows of figure_groups.

    The reason names the pair that decides: the first claim against each later one.
    """
    if isinstance(group, ClaimGroup):
        by_id = view.by_id("figures")
        ranged = [(by_id[f], r) for f, r in zip(group.figure_ids, group.ranges, strict=True)]
        consistent = group.consistent
    else:
        ranged = [(c, r) for c in group if (r := claims_facts.figure_range(c)) is not None]
        consistent = claims_facts.common_range(r for _, r in ranged) is not None
    if len(ranged) < 2:
        return None
    # Lead with an exact claim if there is one: it is the easiest to test the others against.
    lead = next((p for p in ranged if s(p[0].get("qualifier")) == "exact"), ranged[0])
    reasons = [
        _reason(view, lead[0], lead[1], other, rng) for other, rng in ranged if other is not lead[0]
    ]
    key = "check.consistent" if consistent else "check.conflict"
    return Verdict(consistent, view.say(key, reasons=view.list(reasons)))


def _reason(
    view: View,
    lead: Row,
    lead_range: claims_facts.ClaimRange,
    other: Row,
    other_range: claims_facts.ClaimRange,
) -> Html:
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


def gap(earlier: Row, later: Row) -> Gap | None:
    """The time between two events whose dates are both bounded (see facts.claims)."""
    span = claims_facts.gap_between(earlier, later)
    return None if span is None or span.open_ended else span


def gap_words(view: View, span: Gap) -> str:
    from ..words import fmt_months

    assert span.most_months is not None  # (gap() keeps closed spans only)
    low = fmt_months(span.least_months, view.lang)
    high = fmt_months(span.most_months, view.lang)
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
        ar=ar(s(figure.get("stated_ar"))),
        source=view.source_name(s(figure.get("evidence_id"))),
        cite=view.cite(s(figure.get("evidence_id"))),
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
