"""The opening of each chapter: a lead (what happened, in a few sentences) and the key
findings (facts.findings), each with its evidence links, as a list with class
``key-findings``; the overview opens the book with a longer account."""

from __future__ import annotations

from collections.abc import Callable

from ..data import Package
from ..facts import findings as found
from ..facts.calls import calls as held_calls
from ..facts.calls import related_proposals, topics_of
from ..facts.corpus import dated_span
from ..facts.findings import Finding
from ..facts.meetings import meetings, produced, seated
from ..facts.order import events_listed
from ..facts.reactions import assessment_groups, reactions
from ..html import Html, el
from ..words import DEFAULT_LANG
from .common import View, date_unit, prose

#: Meetings the book's opening account tells of at most (the latest).
MAX_TOLD_MEETINGS = 3


# --- the key findings -------------------------------------------------------------------------


def _count(view: View, key: str, n: int) -> str:
    """A number of things in words ("two statements"), from a ``count.*`` template."""
    return view.text(f"finding.count.{key}", n=n)


def _titles(view: View, event_ids: tuple[str, ...], what: str) -> Html | str:
    """The events by title when few, else their number ("three meetings")."""
    if len(event_ids) <= found.MAX_NAMED:
        return view.list([view.title(e) for e in event_ids])
    return _count(view, what, len(event_ids))


def _topics(view: View, topic_ids: tuple[str, ...]) -> Html:
    return view.list([view.topic(t) for t in topic_ids])


def _agreed(view: View, f: Finding) -> Html:
    agreed, outcomes = f.count("agreed"), f.count("outcomes")
    if outcomes == 1:
        return view.say("finding.agreed.single" + ("" if agreed else ".none"))
    if agreed == outcomes:
        return view.say("finding.agreed.both" if outcomes == 2 else "finding.agreed.all")
    return view.say("finding.agreed" if agreed else "finding.agreed.none", n=agreed)


def _produced(view: View, f: Finding, subject: Html | str) -> Html:
    sentence = view.say(
        "finding.produced",
        subject=subject,
        outcomes=_count(view, "outcomes", f.count("outcomes")),
        agreed=_agreed(view, f),
    )
    if not f.topics:
        return sentence
    key = (
        "finding.produced.topic.one"
        if f.count("outcomes") == 1
        else "finding.produced.topics"
        if len(f.topics) > 1
        else "finding.produced.topic"
    )
    return sentence + Html(" ") + view.say(key, topics=_topics(view, f.topics), n=f.count("about"))


def _voice_gap(view: View, f: Finding) -> Html:
    key = "finding.voice_gap.silent" if not f.count("statements") else "finding.voice_gap"
    return view.say(
        key,
        actor=view.actor(f.actors[0]),
        mentions=_count(view, "times", f.count("mentions")),
        statements=_count(view, "statements", f.count("statements")),
    )


def _left_out(view: View, f: Finding) -> Html:
    return view.say(
        "finding.left_out",
        n=len(f.actors),
        actors=view.actors(f.actors),
        meetings=_titles(view, f.events, "meetings"),
        total=_count(view, "meetings", f.count("meetings")),
    )


def _silent_heads(view: View, f: Finding) -> Html:
    return view.say(
        "finding.silent_heads",
        n=len(f.actors),
        actors=view.actors(f.actors, with_role=True),
        events=_titles(view, f.events, "meetings"),
    )


def _paraphrase(view: View, f: Finding) -> Html:
    total, direct = f.count("statements"), f.count("direct")
    key = (
        "finding.paraphrase.none"
        if not direct
        else "finding.paraphrase.all"
        if direct == total
        else "finding.paraphrase.few"
        if 2 * direct < total
        else "finding.paraphrase.most"
    )
    sentence = view.say(key, n=direct, statements=_count(view, "statements", total))
    if 0 < direct < total and f.count("speakers") <= found.MAX_NAMED:
        sentence += Html(" ") + view.say(
            "finding.paraphrase.speakers", speakers=view.actors(f.actors)
        )
    return sentence


def _dating(view: View, f: Finding) -> Html:
    exact = f.count("exact")
    sentence = view.say(
        "finding.dating" if exact else "finding.dating.none",
        n=exact,
        events=_count(view, "events", f.count("events")),
    )
    undated = f.count("undated")
    if undated:
        sentence += Html(" ") + view.say("finding.dating.undated", n=undated)
    return sentence


def _single_source(view: View, f: Finding) -> Html:
    alone, events = f.count("alone"), f.count("events")
    if not alone:
        return view.say("finding.single_source.none", events=_count(view, "events", events))
    key = "finding.single_source.all" if alone == events else "finding.single_source"
    return view.say(key, n=alone, events=_count(view, "events", events))


def _latest_call(view: View, f: Finding) -> Html:
    event = view.event(f.events[0])
    return view.say(
        "finding.latest_call",
        n=f.count("calls"),
        calls=_count(view, "calls", f.count("calls")),
        title=view.title(f.events[0]),
        when=view.when(event),
        actors=view.actors(f.actors),
    )


def _readouts(view: View, f: Finding) -> Html:
    return view.say(
        "finding.readouts",
        title=view.title(f.events[0]),
        a=view.actor(f.actors[0]),
        b=view.actor(f.actors[1]),
        ta=view.topic(f.topics[0]),
        tb=view.topic(f.topics[1]),
    )


def _call_lengths(view: View, f: Finding) -> Html:
    key = "finding.call_lengths." + ("agree" if f.code("agree") == "yes" else "conflict")
    return view.say(
        key, claims=_count(view, "accounts", f.count("claims")), title=view.title(f.events[0])
    )


def _conditions(view: View, f: Finding) -> Html:
    return view.say(
        "finding.conditions",
        n=len(f.actors),
        title=view.title(f.events[0]),
        actors=view.actors(f.actors, with_role=True),
        statements=_count(view, "statements", f.count("statements")),
    )


def _meeting_sides(view: View, f: Finding) -> Html:
    host = f.code("host")
    key = "finding.meeting_sides.host" if host else "finding.meeting_sides"
    return view.say(
        key,
        title=view.title(f.events[0]),
        actors=view.actors(f.actors),
        host=view.actor(host) if host else "",
    )


def _meeting_absent(view: View, f: Finding) -> Html:
    return view.say("finding.meeting_absent", n=len(f.actors), actors=view.actors(f.actors))


def _meeting_unknowns(view: View, f: Finding) -> Html:
    items = [view.text(f"finding.open.{value}") for name, value in f.codes if name == "open"]
    return view.say("finding.meeting_unknowns", items=view.list(items))


def _reaction_count(view: View, f: Finding) -> Html:
    n, undated = f.count("reactions"), f.count("undated")
    many = f.count("speakers") > len(f.actors)
    sentence = view.say(
        "finding.reaction_count.some" if many else "finding.reaction_count",
        reactions=_count(view, "reactions", n),
        actors=view.actors(f.actors),
    )
    if undated:
        key = "finding.reaction_count.undated" + (".all" if undated == n else "")
        sentence += Html(" ") + view.say(key, n=undated)
    return sentence


def _left_out_react(view: View, f: Finding) -> Html:
    return view.say(
        "finding.left_out_react",
        n=len(f.actors),
        actors=view.actors(f.actors),
        reactions=view.count(f.count("reactions")),
        all=_count(view, "reactions", f.count("all")),
    )


def _reaction_stances(view: View, f: Finding) -> Html:
    top, total = f.count("top"), f.count("statements")
    return view.say(
        "finding.reaction_stances.all" if top == total else "finding.reaction_stances",
        n=top,
        statements=_count(view, "statements", f.count("statements")),
        stance=view.label("stance", f.code("stance")),
    )


def _reaction_topics(view: View, f: Finding) -> Html:
    return view.say(
        "finding.reaction_topics",
        n=f.count("reactions"),
        topics=_topics(view, f.topics),
        all=_count(view, "reactions", f.count("all")),
    )


def _assessments(view: View, f: Finding) -> Html:
    rows = view.by_id("assessments")
    # (Two assessments may carry one label: it is named once.)
    labels = list(
        dict.fromkeys(
            view.loc(rows.get(value), "label") for name, value in f.codes if name == "row"
        )
    )
    kind = f.code("kind")
    n = f.count("assessments")
    named = sum(1 for name, _ in f.codes if name == "row")
    items: Html = view.list([*labels, *([_more(view, n - named)] if n > named else [])])
    key = f"finding.assessments.{kind}"
    if not view.has(key):
        return view.say("finding.assessments.other", kind=kind, n=n, items=items)
    return view.say(key, n=n, items=items)


def _more(view: View, n: int) -> str:
    return view.text("list.more", n=n)


def _conditional(view: View, f: Finding) -> Html:
    return view.say(
        "finding.conditional",
        n=f.count("statements"),
        all=_count(view, "statements", f.count("all")),
        actors=view.actors(f.actors),
    )


RENDER: dict[str, Callable[[View, Finding], Html]] = {
    "voice_gap": _voice_gap,
    "left_out": _left_out,
    "silent_heads": _silent_heads,
    "outcomes": lambda view, f: _produced(view, f, view.text("finding.subject.meetings")),
    "paraphrase": _paraphrase,
    "dating": _dating,
    "single_source": _single_source,
    "latest_call": _latest_call,
    "readouts": _readouts,
    "call_lengths": _call_lengths,
    "call_outcomes": lambda view, f: _produced(view, f, view.text("finding.subject.calls")),
    "conditions": _conditions,
    "meeting_sides": _meeting_sides,
    "meeting_absent": _meeting_absent,
    "meeting_produced": lambda view, f: _produced(view, f, view.title(f.events[0])),
    "meeting_unknowns": _meeting_unknowns,
    "reaction_count": _reaction_count,
    "left_out_react": _left_out_react,
    "reaction_stances": _reaction_stances,
    "reaction_topics": _reaction_topics,
    "assessments": _assessments,
    "conditional": _conditional,
}


def _findings(view: View, items: list[Finding]) -> Html:
    """The key findings as a list, each sentence followed by its evidence links."""
    if not items:
        return Html()
    rows = []
    for f in items:
        # One link per place in the sources: two spans on one line read as one citation.
        places = {view.cite_label(e): e for e in reversed(f.evidence)}
        cited = [e for e in f.evidence if places.get(view.cite_label(e)) == e]
        rows.append(
            el(
                "li",
                RENDER[f.kind](view, f),
                " " if cited else "",
                view.say("cite.wrap", cite=view.cites(cited)) if cited else "",
                class_=f"finding finding-{f.kind.replace('_', '-')}",
            )
        )
    label = el("p", view.say("finding.label"), class_="key-findings-label")
    return el("section", label, el("ul", rows, class_="key-findings"), class_="key-findings-box")


CHAPTERS: dict[str, Callable[[Package], list[Finding]]] = {
    "overview": found.overview_findings,
    "calls": found.calls_findings,
    "reactions": found.reactions_findings,
    "outlook": found.outlook_findings,
}


@prose
def key_findings(
    pkg: Package, chapter: str, lang: str = DEFAULT_LANG, event_id: str | None = None
) -> Html:
    """The key findings of a chapter ("overview", "calls", "reactions", "outlook", or
    "meeting" with the meeting's ``event_id``)."""
    view = View(pkg, lang)
    if chapter == "meeting":
        if event_id is None:
            raise ValueError("the key findings of a meeting need its event_id")
        return _findings(view, found.meeting_findings(pkg, event_id))
    return _findings(view, CHAPTERS[chapter](pkg))


# --- the leads --------------------------------------------------------------------------------


def _lead(*sentences: Html) -> Html:
    kept = [x for x in sentences if x]
    return el("p", Html(" ").join(kept), class_="chapter-lead") if kept else Html()


def _span(view: View, track: str | None = None) -> Html:
    """From which date to which the sources' dates run, and how many events may fall later
    (known only to follow a date: nothing later is asserted of them)."""
    span = dated_span(view.pkg, track)
    if span.start is None or span.end is None:
        return Html()
    sentence = view.say(
        "lead.span",
        start=view.date(span.start, date_unit(span.start_precision)),
        end=view.date(span.end, date_unit(span.end_precision)),
    )
    events = view.pkg["events"]
    if track is not None:
        events = events[events["track"] == track]
    open_ended = int((events["date_earliest"].notna() & events["date_latest"].isna()).sum())
    if open_ended:
        sentence += Html(" ") + view.say("lead.span.open", n=open_ended)
    return sentence


def _meeting_told(view: View, event_id: str) -> Html:
    sat = seated(view.pkg, event_id)
    outcomes = len(produced(view.pkg, event_id).outcome_ids)
    return view.say(
        "lead.meeting" if outcomes else "lead.meeting.nothing",
        title=view.title(event_id),
        when=view.when(view.event(event_id)),
        sides=view.actors(sat.sides) if sat.sides else view.text("lead.sides.unnamed"),
        outcomes=_count(view, "outcomes", outcomes),
    )


def _meeting_opened(view: View, event_id: str) -> Html:
    """Who met, when (a meeting chapter's lead: its findings tell what came of it)."""
    sat = seated(view.pkg, event_id)
    return view.say(
        "lead.meeting.chapter",
        title=view.title(event_id),
        when=view.when(view.event(event_id)),
        sides=view.actors(sat.sides) if sat.sides else view.text("lead.sides.unnamed"),
    )


def _call_told(view: View, event_id: str) -> Html:
    part = view.where("participants", event_id=event_id, role="party")
    topics = topics_of(view.pkg, event_id)
    return view.say(
        "lead.call" if topics else "lead.call.no_topics",
        title=view.title(event_id),
        when=view.when(view.event(event_id)),
        actors=view.actors([str(p.get("actor_id")) for p in part]),
        topics=_count(view, "topics", len(topics)),
    )


def _tracks(view: View) -> Html:
    counts = [
        (track, len(events_listed(view.pkg, track)))
        for track in ("call", "meeting", "proposal", "reaction")
    ]
    return view.list([view.text(f"finding.count.track.{t}", n=n) for t, n in counts if n])


#: Words a chapter's lead holds at most; the overview's account of the whole book more.
LEAD_WORDS = {"overview": 200}
DEFAULT_LEAD_WORDS = 120


def _told(view: View, chapter: str, event_id: str | None) -> list[Html]:
    """What happened, in the sentences of a chapter's lead."""
    pkg = view.pkg
    if chapter == "overview":
        return _overview_account(view)
    if chapter == "calls":
        held = held_calls(pkg)
        if not held:
            return [view.say("lead.calls.none")]
        # (How many calls and over what span: the chapter's introduction says it next.)
        latest = found.latest_call(pkg)
        proposals = related_proposals(pkg, held)
        return [
            _call_told(view, latest.events[0]) if latest else Html(),
            view.say(
                "lead.calls.proposed",
                n=len(proposals),
                titles=_titles(view, tuple(proposals), "proposals"),
            )
            if proposals
            else Html(),
        ]
    if chapter == "meeting":
        if event_id is None:
            raise ValueError("the lead of a meeting needs its event_id")
        return [_meeting_opened(view, event_id)]
    if chapter == "reactions":
        told = reactions(pkg, limit=found.MAX_NAMED)
        if not told.events:
            return [view.say("lead.reactions.none")]
        return [
            view.say(
                "lead.reactions",
                reactions=_count(view, "reactions", len(told.events)),
                meetings=_count(view, "meetings", len(meetings(pkg))),
            )
        ]
    if chapter == "outlook":
        groups = assessment_groups(pkg)
        if not groups:
            return [view.say("lead.outlook.none")]
        kinds = [
            view.text(f"lead.outlook.kind.{g.kind}", n=len(g.assessments))
            if view.has(f"lead.outlook.kind.{g.kind}")
            else view.text("lead.outlook.kind.other", n=len(g.assessments), kind=g.kind)
            for g in groups
        ]
        return [view.say("lead.outlook", kinds=view.list(kinds))]
    raise ValueError(f"no lead for the chapter {chapter!r}")


def _words(markup: Html) -> int:
    return len(markup.striptags().split())


def _why(view: View, chapter: str, event_id: str | None) -> tuple[Html, str | None]:
    """Why it matters: the analysts' first note on the chapter (or meeting), marked as their
    reading, when the lead can hold it; and that note's id (the chapter's end leaves it out)."""
    notes = view.note_rows(chapter, event_id if chapter == "meeting" else None)
    if not notes:
        return Html(), None
    told = _words(Html(" ").join(_told(view, chapter, event_id)))
    why = view.say("lead.why", reading=view.note(notes[0]))
    if told + _words(why) > LEAD_WORDS.get(chapter, DEFAULT_LEAD_WORDS):
        return Html(), None
    return el("span", why, class_="lead-why"), str(notes[0].get("id"))


@prose
def lead(pkg: Package, chapter: str, lang: str = DEFAULT_LANG, event_id: str | None = None) -> Html:
    """A chapter's lead: what happened, in a few sentences from the data, then why it matters
    in the analysts' reading (at most LEAD_WORDS)."""
    view = View(pkg, lang)
    why, _ = _why(view, chapter, event_id)
    return _lead(*_told(view, chapter, event_id), why)


def lead_note(
    pkg: Package, chapter: str, lang: str = DEFAULT_LANG, event_id: str | None = None
) -> str | None:
    """The id of the analysts' note a chapter's lead gives (None if it gives none)."""
    return _why(View(pkg, lang), chapter, event_id)[1]


def opening_events(pkg: Package) -> list[str]:
    """The events the book's opening account tells of: the latest call that took place, then
    the latest meetings (at most MAX_TOLD_MEETINGS), in the chapters' order."""
    latest = found.latest_call(pkg)
    return [*(latest.events if latest else ()), *meetings(pkg)[-MAX_TOLD_MEETINGS:]]


def _overview_account(view: View) -> list[Html]:
    """The book's opening account: when, what kinds of events, the latest call, the latest
    meetings and what they produced, and the reactions."""
    pkg = view.pkg
    if pkg["events"].empty:
        return [view.say("overview.no_events")]
    sentences = [
        view.say("lead.overview", events=_tracks(view)),
        _span(view),
    ]
    latest = found.latest_call(pkg)
    if latest is not None:
        sentences.append(_call_told(view, latest.events[0]))
    held = meetings(pkg)
    told = held[-MAX_TOLD_MEETINGS:]
    if held:
        key = "lead.meetings.some" if len(held) > len(told) else "lead.meetings"
        sentences.append(view.say(key, meetings=_count(view, "meetings", len(held)), n=len(told)))
    sentences += [_meeting_told(view, m) for m in told]
    reacted = reactions(pkg, limit=0)
    if reacted.events:
        sentences.append(
            view.say(
                "lead.overview.reactions", reactions=_count(view, "reactions", len(reacted.events))
            )
        )
    return sentences
