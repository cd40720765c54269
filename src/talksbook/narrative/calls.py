"""The calls chapter: the latest leaders' call, its length, topics and readouts, the previous
call and the gap between them, and the summit it brought into prospect."""

from __future__ import annotations

from ..data import Package
from ..facts.claims import latest_call as facts_latest_call
from ..facts.claims import previous_in_track
from ..html import Html, ar, el
from ..words import DEFAULT_LANG
from .checks import compare, elapsed_sentence, gap, gap_words
from .common import Row, View, prose, s, ts

#: Proposals told in full under "prospects"; the rest are counted.
MAX_PROPOSALS = 20


def latest_call(view: View) -> Row | None:
    """The call the chapter speaks of (facts.claims.latest_call)."""
    call_id = facts_latest_call(view.pkg)
    return None if call_id is None else view.event(call_id)


def previous_call(view: View, call: Row) -> Row | None:
    """The last occurred call that ended before ``call`` began (see facts.claims)."""
    earlier = previous_in_track(view.pkg["events"], s(call.get("id")))
    return None if earlier is None else view.event(earlier)


@prose
def when(pkg: Package, lang: str = DEFAULT_LANG) -> Html:
    """Who spoke, how and when, with every date expression the article uses for the call."""
    view = View(pkg, lang)
    call = latest_call(view)
    if call is None:
        return view.paragraph(view.say("calls.none"))
    call_id = s(call.get("id"))
    parties = view.actors(view.who(call_id, "party"), with_role=True)
    values = {
        "parties": parties or view.text("calls.unnamed_parties"),
        "venue": view.loc(call, "venue"),
        "date": view.when(call),
        "cite": view.cite(s(call.get("evidence_id"))),
    }
    precision = s(call.get("date_precision"))
    if ts(call.get("date_earliest")) is None and ts(call.get("date_latest")) is None:
        key = "calls.lead.undated" if values["venue"] else "calls.lead.undated.no_venue"
    elif precision == "day":
        key = "calls.lead.day" if values["venue"] else "calls.lead.day.no_venue"
    else:
        key = "calls.lead.approximate" if values["venue"] else "calls.lead.approximate.no_venue"
    claims = view.date_claims(event_id=call_id)
    return view.paragraph(view.say(key, **values), view.claim_sentences(claims, call))


@prose
def duration(pkg: Package, lang: str = DEFAULT_LANG) -> Html:
    """Every length the article gives for the call, in article order, and whether they agree."""
    view = View(pkg, lang)
    call = latest_call(view)
    if call is None:
        return Html()
    figures = view.figures(s(call.get("id")), "duration")
    groups: dict[str, list[Row]] = {}
    for figure in figures:
        groups.setdefault(s(figure.get("label_en")), []).append(figure)
    paragraphs: list[Html] = []
    for claims in groups.values():
        sentences: list[Html] = []
        for index, figure in enumerate(claims):
            key = (
                "calls.duration.only"
                if len(claims) == 1
                else "calls.duration.first"
                if index == 0
                else "calls.duration.later"
            )
            sentences.append(
                view.say(
                    key,
                    amount=view.amount(figure),
                    ar=ar(s(figure.get("stated_ar"))),
                    cite=view.cite(s(figure.get("evidence_id"))),
                )
            )
        verdict = compare(view, claims)
        if verdict is not None:
            sentences.append(verdict.sentence)
        paragraphs.append(view.paragraph(*sentences))
    return Html().join(paragraphs)


@prose
def topics(pkg: Package, lang: str = DEFAULT_LANG) -> Html:
    """The topics the call raised, from the event-topic table."""
    view = View(pkg, lang)
    call = latest_call(view)
    if call is None:
        return Html()
    listing = view.topic_list(s(call.get("id")))
    if not listing:
        return Html()
    intro = view.say("calls.topics", n=len(view.topics_of(s(call.get("id")))))
    return view.paragraph(intro) + listing


@prose
def announcements(pkg: Package, lang: str = DEFAULT_LANG) -> Html:
    """Who announced what about the call, grouped by channel and outlet."""
    view = View(pkg, lang)
    call = latest_call(view)
    if call is None:
        return Html()
    call_id = s(call.get("id"))
    parts = [view.statements_by_channel(view.statements(call_id))]
    for row in view.participants(call_id, "addressee"):
        sentence = view.say(
            "calls.addressee",
            actor=view.actor_with_role(s(row.get("actor_id"))),
            cite=view.cite(s(row.get("evidence_id"))),
        )
        note = view.loc(row, "note")
        parts.append(
            view.paragraph(
                sentence, view.say("calls.addressee_note", note=note) if note else Html()
            )
        )
    return Html().join(parts)


@prose
def previous(pkg: Package, lang: str = DEFAULT_LANG) -> Html:
    """The previous leaders' call, the time between the two computed from their dates, and the
    article's own figure for it."""
    view = View(pkg, lang)
    call = latest_call(view)
    if call is None:
        return Html()
    before = previous_call(view, call)
    if before is None:
        return view.paragraph(view.say("calls.previous.none"))
    sentences = [
        view.say(
            "calls.previous",
            title=view.title(s(before.get("id"))),
            parties=view.actors(view.who(s(before.get("id")), "party"), with_role=True)
            or view.text("calls.unnamed_parties"),
            date=view.when(before),
            cite=view.cite(s(before.get("evidence_id"))),
        )
    ]
    note = view.loc(before, "date_note")
    if note:
        sentences.append(view.say("calls.previous.date_note", note=note))
    span = gap(before, call)
    if span is not None:
        sentences.append(view.say("calls.gap", span=gap_words(view, span)))
        for figure in view.figures(s(call.get("id")), "elapsed"):
            sentences.append(elapsed_sentence(view, figure, span))
    return view.paragraph(*sentences)


def related_proposals(view: View, call: Row) -> list[Row]:
    """Proposed or planned events between the call's parties (a summit of the same leaders)."""
    parties = set(view.who(s(call.get("id")), "party"))
    return [e for e in view.events("proposal") if parties & set(view.who(s(e.get("id")), "party"))]


@prose
def prospects(pkg: Package, lang: str = DEFAULT_LANG) -> Html:
    """What the call set in prospect: proposals between the same parties, with the conditions
    attached to them and the dates of the remarks."""
    view = View(pkg, lang)
    call = latest_call(view)
    if call is None:
        return Html()
    parts: list[Html] = []
    related = related_proposals(view, call)
    for proposal in related[:MAX_PROPOSALS]:
        proposal_id = s(proposal.get("id"))
        note = view.loc(proposal, "date_note")
        parts.append(el("h3", view.title(proposal_id)))
        parts.append(
            view.paragraph(
                view.say(
                    "calls.proposal",
                    title=view.title(proposal_id),
                    status=view.label("status", s(proposal.get("status"))),
                    parties=view.actors(view.who(proposal_id, "party")),
                    cite=view.cite(s(proposal.get("evidence_id"))),
                ),
                view.say("calls.proposal.date_note", note=note) if note else Html(),
            )
        )
        said = view.statements(proposal_id)
        conditional = [r for r in said if s(r.get("stance")) == "conditional"]
        others = [r for r in said if s(r.get("stance")) != "conditional"]
        if conditional:
            parts.append(view.paragraph(view.say("calls.proposal.conditional", n=len(conditional))))
            parts.extend(view.statement(r) for r in conditional)
        if others:
            parts.append(view.paragraph(view.say("calls.proposal.others", n=len(others))))
            parts.extend(view.statement(r) for r in others)
    parts.append(view.omitted(min(len(related), MAX_PROPOSALS), len(related), "events"))
    return Html().join(parts)


@prose
def notes(pkg: Package, lang: str = DEFAULT_LANG) -> Html:
    """The analysts' notes for the calls chapter."""
    return View(pkg, lang).notes("calls")
