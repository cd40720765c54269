"""A meeting chapter, for any event with track "meeting": when and where, who sat at the table,
what it produced, what was said and through whom, what the article leaves open, who was absent.
"""

from __future__ import annotations

from ..data import Package
from ..facts.presence import ABSENT_ROLE
from ..html import Html, ar, el
from ..words import DEFAULT_LANG, fmt_number
from .checks import elapsed_sentence, gap, gap_words, referenced_events
from .common import Row, View, num, ordinal_of, prose, s, ts

HEAD_ROLES = ("head-of-delegation",)
DELEGATION_ROLES = ("head-of-delegation", "delegation")


def meeting_ids(pkg: Package) -> list[str]:
    """Ids of every meeting in the data, in date order (undated last)."""
    return [s(e.get("id")) for e in View(pkg).events("meeting")]


def _meeting(view: View, event_id: str) -> Row:
    row = view.event(event_id)
    if row is None or s(row.get("track")) != "meeting":
        known = ", ".join(meeting_ids(view.pkg)) or "none"
        what = "is not a meeting" if row is not None else "is not an event in the data"
        raise ValueError(f"{event_id!r} {what}; meetings in the data: {known}")
    return row


def _parties(view: View, event_id: str) -> list[str]:
    """The sides: actors with role party, else the states the delegations belong to."""
    parties = view.who(event_id, "party")
    if parties:
        return parties
    actors = view.by_id("actors")
    parents = [
        s((actors.get(a) or {}).get("parent_id")) for a in view.who(event_id, *DELEGATION_ROLES)
    ]
    return list(dict.fromkeys(p for p in parents if p))


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
    ordinal = ordinal_of(view, event_id)
    if ordinal is not None:
        sentences.append(
            view.say(
                "meeting.ordinal",
                n=len(_parties(view, event_id)),
                amount=view.amount(ordinal),
                ar=ar(s(ordinal.get("stated_ar"))),
                cite=view.cite(s(ordinal.get("evidence_id"))),
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
    entries: list[tuple[str, Html | str]] = [("meeting.fact.date", view.when(row))]
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
    for key, roles, with_role in (
        ("meeting.fact.host", ("host",), False),
        ("meeting.fact.heads", HEAD_ROLES, True),
        ("meeting.fact.delegations", ("delegation",), True),
    ):
        rows = view.participants(event_id, *roles)
        if rows:
            entries.append(
                (
                    key,
                    view.say(
                        "meeting.fact.cited",
                        value=view.actors(view.who(event_id, *roles), with_role=with_role),
                        cite=view.cites(s(r.get("evidence_id")) for r in rows),
                    ),
                )
            )
    parties = _parties(view, event_id)
    if parties:
        entries.insert(1, ("meeting.fact.sides", view.actors(parties)))
    return el(
        "dl",
        [el("div", el("dt", view.say(k)), el("dd", v), class_="fact") for k, v in entries],
        class_="meeting-facts",
    )


def _when(view: View, row: Row) -> Html:
    precision = s(row.get("date_precision"))
    first = ts(row.get("date_earliest"))
    if first is None and ts(row.get("date_latest")) is None:
        key = "meeting.when.unknown"
    elif precision == "day":
        key = "meeting.when.day"
    elif precision == "open":
        key = "meeting.when.open"
    else:
        key = "meeting.when.approximate"
    claims = view.date_claims(event_id=s(row.get("id")))
    if key == "meeting.when.open" and claims:
        key = "meeting.when.open.claimed"  # the claim sentence gives the bound
    sentences = [view.say(key, date=view.when(row))]
    sentences.append(view.claim_sentences(claims, row))
    note = view.loc(row, "date_note")
    if note and precision != "day" and not claims:
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
    return view.paragraph(view.say("meeting.topics", n=len(view.topics_of(event_id)))) + listing


@prose
def figures(pkg: Package, event_id: str, lang: str = DEFAULT_LANG) -> Html:
    """The figures about the meeting other than its ordinal, each checked where it can be."""
    view = View(pkg, lang)
    _meeting(view, event_id)
    items: list[Html] = []
    for figure in view.figures(event_id):
        if s(figure.get("measure")) == "ordinal":
            continue
        sentence = view.say(
            "meeting.figure",
            label=view.loc(figure, "label"),
            amount=view.amount(figure),
            ar=ar(s(figure.get("stated_ar"))),
            cite=view.cite(s(figure.get("evidence_id"))),
        )
        checks: list[Html] = []
        events = referenced_events(view, figure)
        if s(figure.get("measure")) == "elapsed" and len(events) >= 2:
            span = gap(events[0], events[1])
            if span is not None:
                checks.append(
                    view.say(
                        "meeting.figure.span",
                        start=view.title(s(events[0].get("id"))),
                        end=view.title(s(events[1].get("id"))),
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
    rows = view.in_article_order(view.where("outcomes", event_id=event_id))
    if not rows:
        return Html()
    statuses: dict[str, int] = {}
    for row in rows:
        statuses[s(row.get("status"))] = statuses.get(s(row.get("status")), 0) + 1
    summary = view.list(
        [
            view.text(f"outcome.status.count.{k}", n=n)
            for k, n in statuses.items()
            if view.has(f"outcome.status.count.{k}")
        ]
    )
    reporters = view.list(list(dict.fromkeys(view.actor(s(r.get("reported_by"))) for r in rows)))
    intro = view.paragraph(
        view.say("meeting.outcomes", n=len(rows), statuses=summary),
        view.say("meeting.outcomes.reporters", n=len(rows), reporters=reporters),
    )
    head = el(
        "thead",
        el(
            "tr",
            [
                el("th", view.say(key), scope="col")
                for key in (
                    "meeting.outcomes.column.outcome",
                    "meeting.outcomes.column.arabic",
                    "meeting.outcomes.column.kind",
                    "meeting.outcomes.column.status",
                    "meeting.outcomes.column.reported_by",
                    "meeting.outcomes.column.evidence",
                )
            ],
        ),
    )
    body = el(
        "tbody",
        [
            el(
                "tr",
                el(
                    "td",
                    el("strong", view.loc(r, "label")),
                    el("br"),
                    el("small", view.value(view.loc(r, "description"))),
                ),
                el("td", s(r.get("label_ar")), dir="rtl", lang="ar", class_="ar"),
                el("td", view.label("outcome.kind", s(r.get("kind")))),
                el("td", view.label("outcome.status", s(r.get("status")))),
                el("td", view.actor(s(r.get("reported_by")))),
                el("td", view.cite(s(r.get("evidence_id")))),
                id=f"outcome-{s(r.get('id'))}",
            )
            for r in rows
        ],
    )
    return intro + el("table", head, body, class_="outcomes")


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
    rows = view.participants(event_id, "reporter")
    outlets = [s(r.get("channel_actor_id")) for r in view.statements(event_id)]
    carriers = list(dict.fromkeys([*view.who(event_id, "reporter"), *(o for o in outlets if o)]))
    if not carriers:
        return view.paragraph(view.say("meeting.reporting.none"))
    return view.paragraph(
        view.say(
            "meeting.reporting",
            n=len(carriers),
            carriers=view.actors(carriers, with_role=True),
            cite=view.cites(s(r.get("evidence_id")) for r in rows),
        )
    )


@prose
def unknowns(pkg: Package, event_id: str, lang: str = DEFAULT_LANG) -> Html:
    """What the article leaves open about the meeting, derived from empty fields and missing
    rows."""
    view = View(pkg, lang)
    row = _meeting(view, event_id)
    actors = view.by_id("actors")
    named_members = [
        a
        for a in view.who(event_id, "delegation")
        if s((actors.get(a) or {}).get("kind")) == "person"
    ]
    said = view.statements(event_id)
    heads = view.participants(event_id, *HEAD_ROLES)
    gaps = {
        "meeting.unknown.date": s(row.get("date_precision")) != "day",
        "meeting.unknown.place": not view.loc(row, "city"),
        "meeting.unknown.venue": not view.loc(row, "venue"),
        "meeting.unknown.host": not view.participants(event_id, "host"),
        "meeting.unknown.heads": not heads,
        "meeting.unknown.members": not named_members and not heads,
        "meeting.unknown.members_beyond_heads": not named_members and bool(heads),
        "meeting.unknown.topics": not view.topics_of(event_id),
        "meeting.unknown.outcomes": not view.where("outcomes", event_id=event_id),
        "meeting.unknown.statements": not said,
        "meeting.unknown.quotes": bool(said)
        and not any(s(r.get("mode")) == "direct" for r in said),
    }
    missing = [view.text(key) for key, unknown in gaps.items() if unknown]
    if not missing:
        return Html()
    return view.paragraph(view.say("meeting.unknowns", items=view.list(missing)))


@prose
def absent(pkg: Package, event_id: str, lang: str = DEFAULT_LANG) -> Html:
    """Parties the meeting concerned but did not include."""
    view = View(pkg, lang)
    _meeting(view, event_id)
    rows = view.participants(event_id, ABSENT_ROLE)
    if not rows:
        return Html()
    return view.paragraph(
        view.say(
            "meeting.absent",
            n=len(rows),
            actors=view.actors(view.who(event_id, ABSENT_ROLE)),
            cite=view.cites(s(r.get("evidence_id")) for r in rows),
        )
    )


@prose
def notes(pkg: Package, event_id: str, lang: str = DEFAULT_LANG) -> Html:
    """The analysts' notes on this meeting."""
    view = View(pkg, lang)
    _meeting(view, event_id)
    return view.notes("meeting", event_id)
