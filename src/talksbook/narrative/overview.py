"""Overview chapter: the lead, the key numbers, what is known and what is not, the notes."""

from __future__ import annotations

from datetime import date
from typing import Any

from ..data import Package
from ..facts import corpus as corpus_facts
from ..html import Html, el
from ..words import DEFAULT_LANG, fmt_date, say
from .common import View, date_unit, prose, s
from .findings import lead_note, opening_events

#: Items listed at most per list (thin sources); the rest are counted and left to the
#: downloads.
MAX_LISTED = 40
#: Cards among the key numbers at most, and events with uncertain dates listed at most: the
#: overview opens the book, and a list of dozens is a table, left to the downloads. Those of
#: the events the opening account tells of (findings.opening_events) come first.
MAX_KEY_NUMBERS = 10
MAX_UNCERTAIN = 10
#: The Admiralty scale's grade for a source whose reliability cannot be judged.
UNJUDGED = "F"


@prose
def window(date_from: str | None, date_to: str | None, lang: str = DEFAULT_LANG) -> Html:
    """Which dates this edition covers, when its build was limited to a window (the
    ``date_from``/``date_to`` parameters); nothing otherwise."""
    bounds = {
        name: fmt_date(date.fromisoformat(value), "day", lang)
        for name, value in (("start", date_from), ("end", date_to))
        if value
    }
    if not bounds:
        return Html()
    key = "overview.window." + (
        "both" if len(bounds) == 2 else "from" if "start" in bounds else "to"
    )
    return el("p", say(key, lang, **bounds), class_="edition-window")


@prose
def lead(pkg: Package, lang: str = DEFAULT_LANG) -> Html:
    """What the report covers: events and their date span, tracks, statements, channels."""
    view = View(pkg, lang)
    held = corpus_facts.corpus(pkg)
    if not held.events:
        return view.paragraph(view.say("overview.no_events"))
    tracks = view.list(
        [view.text(f"track.count.{t}", n=n) for t, n in held.tracks if view.has(f"track.count.{t}")]
    )
    sentences = [view.say("overview.lead.events", n=held.events, tracks=tracks)]
    span = corpus_facts.dated_span(pkg)
    if span.first is not None and span.last is not None:
        sentences.append(
            view.say(
                "overview.lead.span",
                n=span.dated,
                start=view.date(span.start, date_unit(span.start_precision)),
                end=view.date(span.end, date_unit(span.end_precision)),
                first=view.title(span.first),
                last=view.title(span.last),
            )
        )
    if span.undated:
        sentences.append(view.say("overview.lead.undated", n=span.undated))
    if held.statements:
        sentences.append(
            view.say(
                "overview.lead.statements",
                n=held.statements,
                speakers=view.text("count.speakers", n=held.speakers),
            )
        )
        if held.outlets:
            sentences.append(view.say("overview.lead.outlets", n=held.outlets))
        if held.unspecified:
            sentences.append(view.say("overview.lead.unnamed_channel", n=held.unspecified))
        total = view.count(held.statements)
        if held.direct:
            sentences.append(view.say("overview.lead.direct", n=held.direct, total=total))
        else:
            sentences.append(view.say("overview.lead.direct.none", total=total))
    if held.sources:
        sentences.append(
            view.say(
                "overview.lead.sources",
                n=held.sources,
                kinds=view.list(
                    [
                        view.text(f"source.count.{k}", n=n)
                        for k, n in held.source_kinds
                        if view.has(f"source.count.{k}")
                    ]
                ),
                evidence=view.text("count.evidence", n=held.evidence),
            )
        )
    return view.paragraph(*sentences)


@prose
def key_numbers(pkg: Package, lang: str = DEFAULT_LANG) -> Html:
    """The numbers a reader needs first, as cards: dates of the latest call and of each
    meeting, then every figure, with claims about one quantity side by side."""
    view = View(pkg, lang)
    cards: list[Html] = []
    opening = opening_events(pkg)
    for event_id in opening[:MAX_KEY_NUMBERS]:
        event = view.event(event_id)
        cards.append(
            _card(
                view.say("keys.date_of", title=view.title(event_id)),
                view.say(
                    "keys.value_cited",
                    value=view.when(event),
                    cite=view.cite(s((event or {}).get("evidence_id"))),
                ),
            )
        )
    groups = _first(corpus_facts.key_figures(pkg), opening, view.by_id("figures"))
    figures = view.by_id("figures")
    listed = groups[: max(0, MAX_KEY_NUMBERS - len(cards))]
    for group in listed:
        head = figures[group[0]]
        cards.append(
            _card(
                view.say(
                    "keys.figure",
                    label=view.loc(head, "label"),
                    title=view.title(s(head.get("event_id"))),
                ),
                view.say("keys.claims_sep").join(view.claims([figures[f] for f in group])),
            )
        )
    if not cards:
        return Html()
    return el("dl", cards, class_="key-numbers") + view.omitted(
        len(listed), len(groups), "figures", key="listing.omitted.opening"
    )


def _first(groups: list[tuple[str, ...]], events: list[str], figures: Any) -> list[tuple[str, ...]]:
    """The figure groups of ``events`` first (in their order), then the others."""
    rank = {e: i for i, e in enumerate(events)}
    last = len(rank)
    return sorted(groups, key=lambda g: rank.get(s(figures[g[0]].get("event_id")), last))


def _card(term: Html, value: Html) -> Html:
    return el("div", el("dt", term), el("dd", value), class_="key-number")


@prose
def known_and_unknown(pkg: Package, lang: str = DEFAULT_LANG) -> Html:
    """Which dates the sources leave open, and what the sources themselves do not say."""
    view = View(pkg, lang)
    uncertain = corpus_facts.uncertain_dates(pkg)
    parts: list[Html] = []
    if uncertain:
        # Chosen with those of the opening account first, listed in the chapters' order.
        opening = set(opening_events(pkg))
        chosen = set(sorted(uncertain, key=lambda e: e not in opening)[:MAX_UNCERTAIN])
        listed = [e for e in uncertain if e in chosen]
        parts.append(view.paragraph(view.say("known.dates", n=len(uncertain))))
        parts.append(
            el(
                "ul",
                [_uncertain(view, event_id) for event_id in listed],
                class_="uncertain-dates",
            )
        )
        parts.append(
            view.omitted(len(listed), len(uncertain), "events", key="listing.omitted.opening")
        )
    gaps = corpus_facts.source_gaps(pkg)
    sources = view.by_id("sources")
    thin = gaps[:MAX_LISTED]
    for gap in thin:
        source = sources[gap.source_id]
        original = s(source.get("title"))
        grade = s(source.get("reliability"))
        # A grade of "cannot be judged" is explained by what the source lacks (the fields
        # just named); any other grade is the coders' own, and is only reported.
        rating = (
            view.say("known.reliability.unjudged", grade=grade)
            if grade == UNJUDGED
            else view.say("known.reliability", reliability=view.label("reliability", grade))
        )
        parts.append(
            view.paragraph(
                view.say(
                    "known.source_gaps",
                    title=view.loc(source, "title"),
                    original=view.quoted(original)
                    if s(source.get("language")) == "ar"
                    else original,
                    fields=view.list(
                        [view.text(f"source.field.{name}") for name in gap.missing],
                        alternative=True,
                    ),
                ),
                rating,
                view.say("known.source_note", note=view.loc(source, "notes"))
                if view.loc(source, "notes")
                else Html(),
            )
        )
    parts.append(view.omitted(len(thin), len(gaps), "sources"))
    return Html().join(parts)


def _uncertain(view: View, event_id: str) -> Html:
    """One event whose date the sources leave open: its date, the note on it, the evidence."""
    event = view.event(event_id)
    return el(
        "li",
        view.say(
            "known.event",
            title=view.title(event_id),
            when=view.when(event),
            note=view.loc(event, "date_note") or view.text("known.no_note"),
            cite=view.cite(s((event or {}).get("evidence_id"))),
        ),
    )


@prose
def notes(pkg: Package, lang: str = DEFAULT_LANG) -> Html:
    """The analysts' notes for the overview."""
    return View(pkg, lang).notes("overview", skip=lead_note(pkg, "overview", lang))
