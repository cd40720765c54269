"""Overview chapter: the lead, the key numbers, what is known and what is not, the notes."""

from __future__ import annotations

from datetime import date

from ..data import Package
from ..html import Html, ar, el
from ..words import DEFAULT_LANG, fmt_date, say
from .checks import figure_groups
from .common import View, date_key, end_key, prose, s, ts

# Date precisions that leave the day unknown.
UNCERTAIN = ("month", "year", "open", "unknown")
# Source fields whose absence a reader should know about.
SOURCE_GAPS = ("outlet", "published", "url")
#: Items listed at most per list (meetings and figures among the key numbers, events with
#: uncertain dates, thin sources); the rest are counted and left to the downloads.
MAX_LISTED = 40


def _track_order(view: View) -> list[str]:
    """Tracks in the order the descriptor lists them, then any others found in the data."""
    declared: list[str] = []
    try:
        field = next(
            f for f in view.pkg.resource("events")["schema"]["fields"] if f["name"] == "track"
        )
        declared = list(field.get("constraints", {}).get("enum", []))
    except (KeyError, StopIteration):
        pass
    found = [s(r.get("track")) for r in view.rows("events")]
    return list(dict.fromkeys([*declared, *found]))


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
    events = view.rows("events")
    if not events:
        return view.paragraph(view.say("overview.no_events"))
    counts = [(t, sum(s(e.get("track")) == t for e in events)) for t in _track_order(view)]
    tracks = view.list(
        [
            view.text(f"track.count.{t}", n=n)
            for t, n in counts
            if n and view.has(f"track.count.{t}")
        ]
    )
    sentences = [view.say("overview.lead.events", n=len(events), tracks=tracks)]

    dated = [e for e in events if ts(e.get("date_earliest")) or ts(e.get("date_latest"))]
    if dated:
        opening = min(dated, key=date_key)
        # The last event is the one whose latest possible date is latest; an open interval
        # counts by its earliest bound, because nothing later is asserted.
        closing = max(dated, key=end_key)
        start = view.date(
            opening.get("date_earliest")
            if ts(opening.get("date_earliest"))
            else opening.get("date_latest"),
            _unit(opening),
        )
        end_ts = ts(closing.get("date_latest")) or ts(closing.get("date_earliest"))
        sentences.append(
            view.say(
                "overview.lead.span",
                n=len(dated),
                start=start,
                end=view.date(end_ts, _unit(closing)),
                first=view.title(s(opening.get("id"))),
                last=view.title(s(closing.get("id"))),
            )
        )
    undated = len(events) - len(dated)
    if undated:
        sentences.append(view.say("overview.lead.undated", n=undated))

    statements = view.rows("statements")
    if statements:
        speakers = {s(r.get("speaker_id")) for r in statements}
        outlets = {s(r.get("channel_actor_id")) for r in statements} - {""}
        unnamed = sum(s(r.get("channel")) == "unspecified" for r in statements)
        direct = sum(s(r.get("mode")) == "direct" for r in statements)
        sentences.append(
            view.say(
                "overview.lead.statements",
                n=len(statements),
                speakers=view.text("count.speakers", n=len(speakers)),
                outlets=view.text("count.outlets", n=len(outlets)),
            )
        )
        if unnamed:
            sentences.append(view.say("overview.lead.unnamed_channel", n=unnamed))
        total = view.count(len(statements))
        if direct:
            sentences.append(view.say("overview.lead.direct", n=direct, total=total))
        else:
            sentences.append(view.say("overview.lead.direct.none", total=total))
    sources = view.rows("sources")
    if sources:
        kinds: dict[str, int] = {}
        for row in sources:
            kinds[s(row.get("kind"))] = kinds.get(s(row.get("kind")), 0) + 1
        sentences.append(
            view.say(
                "overview.lead.sources",
                n=len(sources),
                kinds=view.list(
                    [
                        view.text(f"source.count.{k}", n=n)
                        for k, n in kinds.items()
                        if view.has(f"source.count.{k}")
                    ]
                ),
                evidence=view.text("count.evidence", n=len(view.rows("evidence"))),
            )
        )
    return view.paragraph(*sentences)


def _unit(event: dict) -> str:
    precision = s(event.get("date_precision"))
    return precision if precision in ("day", "month", "year") else "day"


@prose
def key_numbers(pkg: Package, lang: str = DEFAULT_LANG) -> Html:
    """The numbers a reader needs first, as cards: dates of the latest call and of each
    meeting, then every figure, with claims about one quantity side by side."""
    view = View(pkg, lang)
    cards: list[Html] = []
    calls = view.events("call", "occurred")
    if calls:
        call = calls[-1]
        cards.append(
            _card(
                view.say("keys.date_of", title=view.title(s(call.get("id")))),
                view.say(
                    "keys.value_cited",
                    value=view.when(call),
                    cite=view.cite(s(call.get("evidence_id"))),
                ),
            )
        )
    meetings, _ = view.capped(view.events("meeting"), MAX_LISTED)
    for meeting in meetings:
        cards.append(
            _card(
                view.say("keys.date_of", title=view.title(s(meeting.get("id")))),
                view.say(
                    "keys.value_cited",
                    value=view.when(meeting),
                    cite=view.cite(s(meeting.get("evidence_id"))),
                ),
            )
        )
    # Figures follow their events' dates, so a meeting's ordinal sits with its date.
    order = {s(e.get("id")): i for i, e in enumerate(view.events())}
    groups = sorted(figure_groups(view), key=lambda g: order.get(s(g[0].get("event_id")), 0))
    for group in groups[:MAX_LISTED]:
        head = group[0]
        claims = view.claims(group)
        cards.append(
            _card(
                view.say(
                    "keys.figure",
                    label=view.loc(head, "label"),
                    title=view.title(s(head.get("event_id"))),
                ),
                view.say("keys.claims_sep").join(claims),
            )
        )
    if not cards:
        return Html()
    return (
        el("dl", cards, class_="key-numbers")
        + view.omitted(len(meetings), len(view.events("meeting")), "events")
        + view.omitted(min(len(groups), MAX_LISTED), len(groups), "figures")
    )


def _card(term: Html, value: Html) -> Html:
    return el("div", el("dt", term), el("dd", value), class_="key-number")


@prose
def known_and_unknown(pkg: Package, lang: str = DEFAULT_LANG) -> Html:
    """Which dates the sources leave open, and what the sources themselves do not say."""
    view = View(pkg, lang)
    uncertain = [
        e
        for e in view.events()
        if s(e.get("date_precision")) in UNCERTAIN or not ts(e.get("date_earliest"))
    ]
    parts: list[Html] = []
    if uncertain:
        listed, _ = view.capped(uncertain, MAX_LISTED)
        parts.append(view.paragraph(view.say("known.dates", n=len(uncertain))))
        parts.append(
            el(
                "ul",
                [
                    el(
                        "li",
                        view.say(
                            "known.event",
                            title=view.title(s(e.get("id"))),
                            when=view.when(e),
                            note=view.loc(e, "date_note") or view.text("known.no_note"),
                            cite=view.cite(s(e.get("evidence_id"))),
                        ),
                    )
                    for e in listed
                ],
                class_="uncertain-dates",
            )
        )
        parts.append(view.omitted(len(listed), len(uncertain), "events"))
    # Only sources the quotes come from: a gazetteer that merely locates a city needs no date.
    quoted = set(view.grouped("evidence", "source_id"))
    thin = 0
    for source in view.rows("sources"):
        if s(source.get("id")) not in quoted:
            continue
        missing = [
            view.text(f"source.field.{name}")
            for name in SOURCE_GAPS
            if name in source and not ts_or_text(source.get(name))
        ]
        if not missing:
            continue
        thin += 1
        if thin > MAX_LISTED:
            continue
        original = s(source.get("title"))
        parts.append(
            view.paragraph(
                view.say(
                    "known.source_gaps",
                    title=view.loc(source, "title"),
                    original=ar(original) if s(source.get("language")) == "ar" else original,
                    fields=view.list(missing, alternative=True),
                    reliability=view.label("reliability", s(source.get("reliability"))),
                ),
                view.say("known.source_note", note=s(source.get("notes")))
                if s(source.get("notes"))
                else Html(),
            )
        )
    parts.append(view.omitted(min(thin, MAX_LISTED), thin, "sources"))
    return Html().join(parts)


def ts_or_text(value: object) -> bool:
    """True if a cell holds a value (date or text)."""
    return bool(s(value)) or ts(value) is not None


@prose
def notes(pkg: Package, lang: str = DEFAULT_LANG) -> Html:
    """The analysts' notes for the overview."""
    return View(pkg, lang).notes("overview")
