"""A meeting chapter, for any event with track "meeting": when and where, who sat at the table,
what it produced, what was said and through whom, what the data leave open, who was absent.

Who, what and how many come from talksbook.facts.meetings; this module says them.
"""

from __future__ import annotations

from ..data import Package
from ..facts import meetings as meeting_facts
from ..facts.calls import topics_of
from ..facts.findings import meeting_findings
from ..html import Html, el
from ..words import DEFAULT_LANG, fmt_number
from .checks import elapsed_sentence, gap, gap_words
from .common import Row, View, num, prose, s
from .findings import lead_note


def meeting_ids(pkg: Package) -> list[str]:
    """Ids of every meeting in the data, in date order (undated last)."""
    return meeting_facts.meetings(pkg)


def _meeting(view: View, event_id: str) -> Row:
    row = view.event(event_id)
    if row is None or s(row.get("track")) != "meeting":
        known = ", ".join(meeting_ids(view.pkg)) or "none"
        what = "is not a meeting" if row is not None else "is not an event in the data"
        raise ValueError(f"{event_id!r} {what}; meetings in the data: {known}")
    return row


@prose
def lead(pkg: Package, event_id: str, lang: str = DEFAULT_LANG) -> Html:
    """The meeting in brief: summary, a fact sheet (date, place, host, sides, delegations),
    then its ordinal and how its date is known."""
    view = View(pkg, lang)
    row = _meeting(view, event_id)
    parts: list[Html] = []
    summary = view.loc(row, "summary")
    if summary:
        parts.append(
            el(
                "p",
                view.say(
                    "meeting.summary", summary=summary, cite=view.cite(s(row.get("evidence_id")))
                ),
                class_="summary",
            )
        )
    parts.append(facts(view, row))
    sentences: list[Html] = []
    ordinal_id = meeting_facts.ordinal(pkg, event_id)
    if ordinal_id is not None:
        ordinal = view.by_id("figures")[ordinal_id]
        sentences.append(
            view.say(
                "meeting.ordinal",
                n=len(meeting_facts.sides(pkg, event_id)),
                amount=view.amount(ordinal),
                cited=view.cited(s(ordinal.get("stated_ar")), s(ordinal.get("evidence_id"))),
                **view.sourced(s(ordinal.get("evidence_id"))),
            )
        )
    sentences.append(_when(view, row))
    sentences.append(view.support(event_id))
    parts.append(view.paragraph(*sentences))
    return Html().join(parts)


def facts(view: View, row: Row) -> Html:
    """A fact sheet: each line a label and the data, with the evidence for it."""
    event_id = s(row.get("id"))
    # The date once, with the words of the source that give it (facts.dating_claims).
    giving, _ = view.dating_claims(row)
    date: Html | str = view.when(row)
    if giving:
        date = view.say("meeting.fact.date_claims", date=date, claims=view.claim_items(giving))
    entries: list[tuple[str, Html | str]] = [("meeting.fact.date", date)]
    city, country = view.loc(row, "city"), view.country(s(row.get("country")))
    if city and country:
        entries.append(
            ("meeting.fact.place", view.say("meeting.place", city=city, country=country))
        )
    elif city or country:
        entries.append(("meeting.fact.place", view.value(city or country)))
    if view.loc(row, "venue"):
        entries.append(("meeting.fact.venue", view.value(view.loc(row, "venue"))))
    lat, lon = num(row.get("latitude")), num(row.get("longitude"))
    if lat is not None and lon is not None:
        source = view.by_id("sources").get(s(row.get("location_source")))
        entries.append(
            (
                "meeting.fact.coordinates",
                view.say(
                    "meeting.coordinates",
                    lat=fmt_number(round(lat, 2), view.lang),
                    lon=fmt_number(round(lon, 2), view.lang),
                    source=view.source_title(source) or view.text("meeting.coordinates.no_source"),
                ),
            )
        )
    seated = meeting_facts.seated(view.pkg, event_id)
    for key, named, with_role in (
        ("meeting.fact.host", seated.host, False),
        ("meeting.fact.heads", seated.heads, True),
        ("meeting.fact.delegations", seated.members, True),
    ):
        if named.actor_ids:
            # A role the data infer (a host read from the venue) says so in its note.
            notes = _notes(view, event_id, key == "meeting.fact.host")
            entries.append(
                (
                    key,
                    view.say(
                        "meeting.fact.cited_note" if notes else "meeting.fact.cited",
                        value=view.actors(named.actor_ids, with_role=with_role),
                        note=view.list(notes),
                        cite=view.cites(named.evidence_ids),
                    ),
                )
            )
    if seated.sides:
        entries.insert(1, ("meeting.fact.sides", view.actors(seated.sides)))
    return el(
        "dl",
        [el("div", el("dt", view.say(k)), el("dd", v), class_="fact") for k, v in entries],
        class_="meeting-facts",
    )


def _notes(view: View, event_id: str, wanted: bool) -> list[str]:
    """The notes on the host rows of an event (each once), when ``wanted``."""
    if not wanted:
        return []
    found = (view.loc(r, "note") for r in view.participants(event_id, "host"))
    return list(dict.fromkeys(n for n in found if n))


def _when(view: View, row: Row) -> Html:
    """How the date was read, beyond the fact sheet's date: each weekday or relative day, and
    the note on an uncertain date that no expression of the source explains."""
    giving, others = view.dating_claims(row)
    sentences = [view.claim_sentences(others, row)]
    note = view.loc(row, "date_note")
    if note and s(row.get("date_precision")) != "day" and not giving and not others:
        sentences.append(view.say("meeting.date_note", note=note))
    return Html(" ").join(x for x in sentences if x)


@prose
def topics(pkg: Package, event_id: str, lang: str = DEFAULT_LANG) -> Html:
    """The topics the meeting raised."""
    view = View(pkg, lang)
    _meeting(view, event_id)
    listing = view.topic_list(event_id)
    if not listing:
        return Html()
    n = len(topics_of(pkg, event_id))
    return view.paragraph(view.say("meeting.topics", n=n)) + listing


@prose
def figures(pkg: Package, event_id: str, lang: str = DEFAULT_LANG) -> Html:
    """The figures about the meeting other than its ordinal, each checked where it can be."""
    view = View(pkg, lang)
    _meeting(view, event_id)
    items: list[Html] = []
    for told in meeting_facts.figures(pkg, event_id):
        figure = view.by_id("figures")[told.figure_id]
        sentence = view.say(
            "meeting.figure",
            label=view.loc(figure, "label"),
            amount=view.amount(figure),
            cited=view.cited(s(figure.get("stated_ar")), s(figure.get("evidence_id"))),
        )
        checks: list[Html] = []
        if told.between is not None:
            since, until = told.between
            span = gap(view.by_id("events")[since], view.by_id("events")[until])
            if span is not None:
                checks.append(
                    view.say(
                        "meeting.figure.span",
                        start=view.title(since),
                        end=view.title(until),
                        span=gap_words(view, span),
                    )
                )
                checks.append(elapsed_sentence(view, figure, span))
        items.append(el("li", Html(" ").join(x for x in (sentence, *checks) if x)))
    return el("ul", items, class_="figures") if items else Html()


@prose
def outcomes(pkg: Package, event_id: str, lang: str = DEFAULT_LANG) -> Html:
    """What the meeting produced, with status, the actor who reported it and the evidence."""
    view = View(pkg, lang)
    _meeting(view, event_id)
    return view.outcome_table(event_id)


@prose
def statements(pkg: Package, event_id: str, lang: str = DEFAULT_LANG) -> Html:
    """What was said about the meeting, grouped by channel; direct quotes as quote pairs."""
    view = View(pkg, lang)
    _meeting(view, event_id)
    return view.statements_by_channel(view.statements(event_id))


@prose
def reporting(pkg: Package, event_id: str, lang: str = DEFAULT_LANG) -> Html:
    """Who carried the news of the meeting."""
    view = View(pkg, lang)
    _meeting(view, event_id)
    carriers = meeting_facts.carriers(pkg, event_id)
    if not carriers.actor_ids:
        return view.paragraph(view.say("meeting.reporting.none"))
    # Those the statements above already name (as speakers or outlets) are not named again.
    others = meeting_facts.unquoted_carriers(pkg, event_id)
    if not others.actor_ids:
        return Html()
    quoted = bool(view.statements(event_id))
    return view.paragraph(
        view.say(
            "meeting.reporting.more" if quoted else "meeting.reporting",
            n=len(others.actor_ids),
            carriers=view.actors(others.actor_ids, with_role=True),
            cite=view.cites(others.evidence_ids),
        )
    )


@prose
def unknowns(pkg: Package, event_id: str, lang: str = DEFAULT_LANG) -> Html:
    """What the data leave open about the meeting (see facts.meetings.left_open)."""
    view = View(pkg, lang)
    row = _meeting(view, event_id)
    left = meeting_facts.left_open(pkg, event_id)
    gaps = {
        "meeting.unknown.date": left.date,
        # Place and venue: whether this edition has words for them, as the fact sheet shows.
        "meeting.unknown.place": not view.loc(row, "city"),
        "meeting.unknown.venue": not view.loc(row, "venue"),
        "meeting.unknown.host": left.host,
        "meeting.unknown.heads": left.heads,
        "meeting.unknown.members": left.members,
        "meeting.unknown.members_beyond_heads": left.members_beyond_heads,
        "meeting.unknown.topics": left.topics,
        "meeting.unknown.outcomes": left.outcomes,
        "meeting.unknown.statements": left.statements,
        "meeting.unknown.quotes": left.quotes,
    }
    missing = [view.text(key) for key, unknown in gaps.items() if unknown]
    if not missing:
        return Html()
    return view.paragraph(view.say("meeting.unknowns", items=view.list(missing)))


@prose
def absent(pkg: Package, event_id: str, lang: str = DEFAULT_LANG) -> Html:
    """Parties the meeting concerned but did not include (nothing when the chapter's key
    findings already say so)."""
    view = View(pkg, lang)
    _meeting(view, event_id)
    absent = meeting_facts.absent(pkg, event_id)
    found = meeting_findings(pkg, event_id)
    if not absent.actor_ids or any(f.kind == "meeting_absent" for f in found):
        return Html()
    return view.paragraph(
        view.say(
            "meeting.absent",
            n=len(absent.actor_ids),
            actors=view.actors(absent.actor_ids),
            cite=view.cites(absent.evidence_ids),
        )
    )


@prose
def notes(pkg: Package, event_id: str, lang: str = DEFAULT_LANG) -> Html:
    """The analysts' notes on this meeting."""
    view = View(pkg, lang)
    _meeting(view, event_id)
    return view.notes("meeting", event_id, skip=lead_note(pkg, "meeting", lang, event_id))
