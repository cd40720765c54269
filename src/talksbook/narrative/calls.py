"""The calls chapter: one section per leaders' call, in date order (who spoke, when, for how
long by each account, the time since the call before it, what it covered and who announced
it), then what the calls share and how they differ, and the next steps they set in prospect.

Each section function returns the parts of its section in reading order (headings.Heading
for its section headings, Html for its prose); the notebook displays them and puts the charts
between them.
"""

from __future__ import annotations

from ..data import Package
from ..facts import calls as call_facts
from ..facts.claims import claim_groups, claims_as_told, previous_in_track
from ..facts.order import told_ids
from ..headings import Heading
from ..html import Html
from ..words import DEFAULT_LANG, fmt_interval
from .checks import compare, elapsed_sentence, gap, gap_words
from .common import Row, View, num, parts, prose, s, ts
from .findings import lead_note

#: Proposals told in full under "next steps"; the rest are counted.
MAX_PROPOSALS = 20
#: Calls with a section of their own: the latest ones (the rest are counted in the intro).
MAX_CALL_SECTIONS = 12

Part = Heading | Html


def _heading(view: View, call: Row) -> Heading:
    """The call's title and date, as its section heading: "Trump–Putin phone call, 12
    February 2025" (the title alone when the call is undated)."""
    title = view.title(s(call.get("id")))
    earliest, latest = ts(call.get("date_earliest")), ts(call.get("date_latest"))
    if earliest is None and latest is None:
        return Heading(title)
    precision = s(call.get("date_precision")) or "day"
    date = fmt_interval(earliest, latest, precision, "stated", view.lang)
    return Heading(view.text("calls.section", title=title, date=date))


def sectioned(pkg: Package) -> list[str]:
    """The calls that get a section (facts.calls.sectioned, up to MAX_CALL_SECTIONS)."""
    return call_facts.sectioned(pkg, MAX_CALL_SECTIONS)


@prose
def intro(pkg: Package, lang: str = DEFAULT_LANG) -> Html:
    """How many leaders' calls the data record, and over what span, before the sections (and
    how many have one, when not all do)."""
    view = View(pkg, lang)
    ids = call_facts.calls(pkg)
    if not ids:
        return view.paragraph(view.say("calls.none"))
    if len(ids) == 1:
        return Html()
    dated = [view.event(i) for i in call_facts.dated(pkg, ids)]
    shown = len(sectioned(pkg))
    capped = (
        view.say("calls.capped", n=shown, total=len(ids))
        if shown < len(ids)
        else view.say("calls.sections", n=len(ids))
    )
    if len(dated) < 2:
        return view.paragraph(view.say("calls.count", n=len(ids)), capped)
    first, last = view.when(dated[0]), view.when(dated[-1])
    return view.paragraph(view.say("calls.count.span", n=len(ids), first=first, last=last), capped)


def _lead(view: View, call: Row) -> Html:
    """Who spoke, how and when, with every date expression the sources use for the call."""
    call_id = s(call.get("id"))
    parties = view.actors(call_facts.parties_of(view.pkg, call_id), with_role=True)
    evidence = s(call.get("evidence_id"))
    # The date once: the expressions that give it are cited with it, in the source's words.
    giving, others = view.dating_claims(call)
    values = {
        "parties": parties or view.text("calls.unnamed_parties"),
        "venue": view.loc(call, "venue"),
        "date": view.when(call),
        "source": view.source_name(evidence),
        "cite": _lead_cite(view, evidence, giving),
    }
    precision = s(call.get("date_precision"))
    if ts(call.get("date_earliest")) is None and ts(call.get("date_latest")) is None:
        key = "calls.lead.undated"
    elif precision == "day":
        key = "calls.lead.day"
    else:
        key = "calls.lead.approximate"
    key = key if values["venue"] else key + ".no_venue"
    # The note on the date, unless the source's own expressions say how it is known.
    note = "" if giving or others else view.loc(call, "date_note")
    return view.paragraph(
        view.say(key, **values),
        view.support(call_id),
        view.say("calls.date_note", note=note) if note else Html(),
        view.claim_sentences(others, call),
    )


def _lead_cite(view: View, evidence: str, giving: list[Row]) -> Html:
    """The call's evidence, then each expression that gives its date in the source's words;
    the call's own link is left out when one of those passages lies inside its passage."""
    inside = any(_within(view, s(c.get("evidence_id")), evidence) for c in giving)
    cites = [] if inside else [view.cite(evidence)]
    cites += [view.cited(s(c.get("stated_ar")), s(c.get("evidence_id"))) for c in giving]
    cites = [c for c in cites if c]
    if not cites:
        return Html()
    joined = cites[0]
    for more in cites[1:]:
        joined = view.say("cite.and", first=joined, second=more)
    return joined


def _within(view: View, inner: str, outer: str) -> bool:
    """Whether evidence row ``inner`` lies inside row ``outer`` (same source, within its span)."""
    a, b = view.evidence(inner), view.evidence(outer)
    if a is None or b is None or s(a.get("source_id")) != s(b.get("source_id")):
        return False
    start, end = num(a.get("start")), num(a.get("end"))
    outer_start, outer_end = num(b.get("start")), num(b.get("end"))
    if start is None or end is None or outer_start is None or outer_end is None:
        return False
    return outer_start <= start and end <= outer_end


def _since_previous(view: View, call: Row) -> Html:
    """The time since the call before it, from both calls' dates, and how the sources' own
    figures for that time compare with it."""
    earlier_id = previous_in_track(view.pkg["events"], s(call.get("id")))
    earlier = None if earlier_id is None else view.event(earlier_id)
    if earlier is None:
        return Html()
    span = gap(earlier, call)
    title = view.title(s(earlier.get("id")))
    if span is None:
        return view.paragraph(view.say("calls.after", title=title))
    sentences = [view.say("calls.gap", title=title, span=gap_words(view, span))]
    claims = told_ids(view.pkg, "figures", event_id=s(call.get("id")), measure="elapsed")
    figures = view.by_id("figures")
    sentences += [elapsed_sentence(view, figures[figure], span) for figure in claims]
    return view.paragraph(*sentences)


def _durations(view: View, call: Row) -> Html:
    """Every length the sources give, per quantity measured (its label), in source order,
    with whether the accounts of each quantity agree."""
    figures = view.by_id("figures")
    paragraphs: list[Html] = []
    for group in claims_as_told(view.pkg, "duration", s(call.get("id"))):
        claims = [figures[f] for f in group.figure_ids]
        # "Again" when the reader has just read this source's name for the same quantity.
        sources = [view.source_name(s(f.get("evidence_id"))) for f in claims]
        sentences = []
        for index, figure in enumerate(claims):
            if index == 0:
                key = "calls.duration"
            elif sources[index] in sources[:index]:
                key = "calls.duration.again"
            else:
                key = "calls.duration.other_source"
            sentences.append(
                view.say(
                    key,
                    label=view.loc(figure, "label"),
                    amount=view.amount(figure),
                    source=sources[index],
                    cited=view.cited(s(figure.get("stated_ar")), s(figure.get("evidence_id"))),
                )
            )
        verdict = compare(view, group.figure_ids)
        if verdict is not None:
            sentences.append(verdict.sentence)
        paragraphs.append(view.paragraph(*sentences))
    return Html().join(paragraphs)


def opening(pkg: Package, call_id: str, lang: str = DEFAULT_LANG) -> list[Part]:
    """A call's section heading, who spoke and when, the time since the call before it, and
    every account of how long it lasted (the notebook charts the disputed ones next)."""
    view = View(pkg, lang)
    call = view.event(call_id)
    if call is None:
        raise ValueError(f"{call_id!r} is not an event in the data")
    sections: list[Part] = [_heading(view, call), _lead(view, call), _since_previous(view, call)]
    return parts([*sections, _durations(view, call)], lang)


def disputed_durations(pkg: Package, call_id: str) -> list[str]:
    """The quantities (figure labels) of a call's length that more than one account gives:
    those get a chart; a single account is said in the prose alone."""
    groups = claim_groups(pkg, measure="duration", event_id=call_id)
    return [group.label_en for group in groups if len(group.figure_ids) > 1]


def details(pkg: Package, call_id: str, lang: str = DEFAULT_LANG) -> list[Part]:
    """What the call covered and who announced what about it, each under its own heading
    (left out when the data hold nothing for it)."""
    view = View(pkg, lang)
    shown: list[Part] = []
    listing = view.topic_list(call_id)
    if listing:
        topics = call_facts.topics_of(pkg, call_id)
        shown += [
            Heading(view.text("calls.heading.topics"), 3),
            view.paragraph(view.say("calls.topics", n=len(topics))) + listing,
        ]
    statements = view.statements(call_id)
    said = [view.statements_by_channel(statements)] if statements else []
    for row in view.participants(call_id, "addressee"):
        evidence = s(row.get("evidence_id"))
        note = view.loc(row, "note")
        said.append(
            view.paragraph(
                view.say(
                    "calls.addressee",
                    actor=view.actor_with_role(s(row.get("actor_id"))),
                    source=view.source_name(evidence),
                    cite=view.cite(evidence),
                ),
                view.say("calls.addressee_note", note=note) if note else Html(),
            )
        )
    if said:
        shown += [Heading(view.text("calls.heading.announcements"), 3), Html().join(said)]
    made = view.outcome_table(call_id)
    if made:
        shown += [Heading(view.text("calls.heading.outcomes"), 3), made]
    return parts(shown, lang)


@prose
def comparison(pkg: Package, lang: str = DEFAULT_LANG) -> Html:
    """What the calls share (the parties on every call, the topics raised on more than one)
    and what only one call raised; nothing for fewer than two calls."""
    view = View(pkg, lang)
    compared = call_facts.compare_calls(pkg, sectioned(pkg))
    if len(compared.call_ids) < 2:
        return Html()
    sentences = []
    if compared.parties_in_all:
        sentences.append(
            view.say(
                "calls.common.parties",
                n=len(compared.call_ids),
                parties=view.actors(compared.parties_in_all),
            )
        )
    else:
        sentences.append(view.say("calls.common.no_parties", n=len(compared.call_ids)))
    with_topics = list(compared.own_topics)  # the calls that raised any topic
    if len(with_topics) == 1:
        sentences.append(view.say("calls.common.topics_one", title=view.title(with_topics[0][0])))
    elif with_topics:
        if compared.shared_topics:
            shared = [
                view.text("calls.common.topic", topic=view.topic(t), n=n)
                for t, n in compared.shared_topics
            ]
            sentences.append(view.say("calls.common.topics", topics=view.list(shared)))
        else:
            sentences.append(view.say("calls.common.no_topics"))
        for call_id, topics in with_topics:
            if topics:
                own = view.list([view.topic(t) for t in topics])
                title = view.title(call_id)
                sentences.append(view.say("calls.own.topics", title=title, topics=own))
    return view.paragraph(*sentences)


def prospects(pkg: Package, lang: str = DEFAULT_LANG) -> list[Part]:
    """The next steps the calls set in prospect: proposals between their parties (each under
    its own heading), with the conditions attached to them and the dates of the remarks."""
    view = View(pkg, lang)
    shown: list[Part] = []
    related = call_facts.related_proposals(pkg, sectioned(pkg))
    for proposal_id in related[:MAX_PROPOSALS]:
        proposal = view.event(proposal_id) or {}
        note = view.loc(proposal, "date_note")
        told = [
            view.paragraph(
                view.say(
                    "calls.proposal",
                    status=view.label("status", s(proposal.get("status"))),
                    parties=view.actors(call_facts.parties_of(pkg, proposal_id)),
                    cite=view.cite(s(proposal.get("evidence_id"))),
                ),
                view.say("calls.proposal.date_note", note=note) if note else Html(),
            )
        ]
        statements = view.by_id("statements")
        split = call_facts.stances_split(pkg, proposal_id, "conditional")
        conditional, others = ([statements[i] for i in ids] for ids in split)
        if conditional:
            told.append(view.paragraph(view.say("calls.proposal.conditional", n=len(conditional))))
            told.extend(view.statement(r) for r in conditional)
        if others:
            told.append(view.paragraph(view.say("calls.proposal.others", n=len(others))))
            told.extend(view.statement(r) for r in others)
        shown += [Heading(view.title(proposal_id), 3), Html().join(told)]
    shown.append(view.omitted(min(len(related), MAX_PROPOSALS), len(related), "events"))
    return parts(shown, lang)


@prose
def notes(pkg: Package, lang: str = DEFAULT_LANG) -> Html:
    """The analysts' notes for the calls chapter."""
    return View(pkg, lang).notes("calls", skip=lead_note(pkg, "calls", lang))
