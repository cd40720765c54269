"""The reactions chapter: who sat at the table and who was concerned but absent, then each
reaction in turn with its statements, positions and demands."""

from __future__ import annotations

from ..data import Package
from ..facts import reactions as reaction_facts
from ..facts.reactions import Absences, Reaction
from ..html import Html, el
from ..plan import meeting_chapters
from ..plan import meetings as held_meetings
from ..words import DEFAULT_LANG
from .common import View, prose, s
from .findings import lead_note

#: Reactions told in full, with their statements; the count covers them all (each is
#: about a kilobyte of page, and a book of 100,000 events records tens of thousands).
MAX_REACTIONS = 50


@prose
def table_and_absent(pkg: Package, lang: str = DEFAULT_LANG) -> Html:
    """For every meeting, the actors at the table and those affected but absent."""
    view = View(pkg, lang)
    table = reaction_facts.absences(pkg)
    if not table.meetings:
        return Html()
    rows: list[Html] = []
    for event_id in table.meetings:
        present = table.present.get(event_id, ())
        missing = table.absent.get(event_id, ())
        rows.append(
            el(
                "tr",
                el("th", view.title(event_id), scope="row"),
                el("td", view.when(view.event(event_id))),
                el("td", view.actors(present) or view.say("reactions.nobody")),
                el(
                    "td",
                    view.actors(missing) or view.say("reactions.nobody"),
                    " ",
                    view.cites(table.evidence.get(event_id, ())),
                ),
            )
        )
    head = view.header(
        "reactions.column.meeting",
        "reactions.column.date",
        "reactions.column.present",
        "reactions.column.absent",
    )
    summary = _absence_summary(view, table)
    # Past plan.MAX_MEETING_CHAPTERS, only the latest meetings have a chapter: say so here,
    # where every meeting is listed.
    held, chaptered = len(held_meetings(pkg)), len(meeting_chapters(pkg))
    if chaptered < held:
        summary += view.paragraph(view.say("reactions.chapters", shown=chaptered, total=held))
    return summary + el("table", head, el("tbody", rows), class_="at-the-table")


def _absence_summary(view: View, table: Absences) -> Html:
    n, without = len(table.meetings), table.without
    key = {0: "reactions.meetings.none", n: "reactions.meetings.all"}.get(
        without, "reactions.meetings"
    )
    sentences = [view.say(key, n=n, without=view.count(without))]
    if table.absent_from:
        sentences.append(
            view.say(
                "reactions.absent",
                n=len(table.absent_from),
                actors=view.actors(table.absent_from.keys()),
                meetings=view.list([view.title(m) for m in table.missed]),
            )
        )
    return view.paragraph(*sentences)


def reaction(view: View, told: Reaction) -> Html:
    """One reaction: what it was, who spoke to whom, the demands, and the words themselves."""
    event_id = told.event_id
    event = view.event(event_id)
    sentences = [
        view.say(
            "reactions.summary",
            summary=view.loc(event, "summary"),
            cite=view.cite(s((event or {}).get("evidence_id"))),
        ),
        view.support(event_id),
    ]
    said = view.by_id("statements")
    # Each statement names its speaker and stance: the paragraph says who else speaks.
    quoted = {s(said[i].get("speaker_id")) for i in told.statements}
    if told.speakers and not set(told.speakers) <= quoted:
        sentences.append(
            view.say(
                "reactions.speakers",
                n=len(told.speakers),
                speakers=view.actors(told.speakers, with_role=True),
            )
        )
    if told.addressees:
        sentences.append(view.say("reactions.addressees", addressees=view.actors(told.addressees)))
    if told.dated:
        sentences.append(view.say("reactions.date", date=view.when(event)))
    if told.topics:
        sentences.append(
            view.say(
                "reactions.demands",
                n=len(told.topics),
                topics=view.list([view.topic(t) for t in told.topics]),
            )
        )
    body = [view.paragraph(*sentences)]
    if told.statements:
        body.extend(view.statement(said[i], show_stance=True) for i in told.statements)
    else:
        # No statement rows: show the words the event rests on instead.
        body.append(view.evidence_quote(s((event or {}).get("evidence_id"))))
    return el(
        "section",
        el("h3", view.title(event_id)),
        body,
        class_="reaction",
        id=f"reaction-{event_id}",
    )


@prose
def reactions(pkg: Package, lang: str = DEFAULT_LANG) -> Html:
    """Every reaction event, in date order (undated ones in the order of the data); beyond
    ``MAX_REACTIONS`` the rest are counted and left to the download."""
    view = View(pkg, lang)
    found = reaction_facts.reactions(pkg, MAX_REACTIONS)
    if not found.events:
        return view.paragraph(view.say("reactions.none"))
    if not found.dated:
        dating = view.say("reactions.undated.all", n=len(found.events))
    elif found.undated:
        dating = view.say("reactions.undated.some", n=found.undated)
    else:
        dating = Html()
    intro = view.paragraph(view.say("reactions.intro", n=len(found.events)), dating)
    listed = Html().join(reaction(view, told) for told in found.told)
    return intro + listed + view.omitted(len(found.told), len(found.events), "events")


@prose
def notes(pkg: Package, lang: str = DEFAULT_LANG) -> Html:
    """The analysts' notes on the reactions."""
    return View(pkg, lang).notes("reactions", skip=lead_note(pkg, "reactions", lang))
