"""Overview chapter: the lead, the key numbers, what is known and what is not, the notes."""

from __future__ import annotations

from datetime import date

from ..data import Package
from ..facts import corpus as corpus_facts
from ..facts.order import events_listed
from ..html import Html, el
from ..words import DEFAULT_LANG, fmt_date, say
from .common import View, prose, s

#: Items listed at most per list (meetings and figures among the key numbers, events with
#: uncertain dates, thin sources); the rest are counted and left to the downloads.
MAX_LISTED = 40
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
                start=view.date(span.start, _unit(span.start_precision)),
                end=view.date(span.end, _unit(span.end_precision)),
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


def _unit(precision: str) -> str:
    """The unit a date is written to: its precision, or the day when it has none."""
    return precision if precision in ("day", "month", "year") else "day"


@prose
def key_numbers(pkg: Package, lang: str = DEFAULT_LANG) -> Html:
    """The numbers a reader needs first, as cards: dates of the latest call and of each
    meeting, then every figure, with claims about one quantity side by side."""
    view = View(pkg, lang)
    cards: list[Html] = []
    # The latest call that took place, then each meeting.
    latest_call = events_listed(pkg, "call", "occurred")[-1:]
    meetings = events_listed(pkg, "meeting")
    shown = meetings[:MAX_LISTED]
    for event_id in [*latest_call, *shown]:
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
    groups = corpus_facts.key_figures(pkg)
    figures = view.by_id("figures")
    listed = groups[:MAX_LISTED]
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
    return (
        el("dl", cards, class_="key-numbers")
        + view.omitted(len(shown), len(meetings), "events")
        + view.omitted(len(listed), len(groups), "figures")
    )


def _card(term: Html, value: Html) -> Html:
    return el("div", el("dt", term), el("dd", value), class_="key-number")


@prose
def known_and_unknown(pkg: Package, lang: str = DEFAULT_LANG) -> Html:
    """Which dates the sources leave open, and what the sources themselves do not say."""
    view = View(pkg, lang)
    uncertain = corpus_facts.uncertain_dates(pkg)
    parts: list[Html] = []
    if uncertain:
        listed = uncertain[:MAX_LISTED]
        parts.append(view.paragraph(view.say("known.dates", n=len(uncertain))))
        parts.append(
            el(
                "ul",
                [_uncertain(view, event_id) for event_id in listed],
                class_="uncertain-dates",
            )
        )
        parts.append(view.omitted(len(listed), len(uncertain), "events"))
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
    return View(pkg, lang).notes("overview")
