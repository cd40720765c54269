"""The reactions chapter: who sat at the table and who was concerned but absent, then each
reaction in turn with its statements, positions and demands."""

from __future__ import annotations

from ..data import Package
from ..facts.presence import ABSENT_ROLE, AT_TABLE_ROLES
from ..html import Html, el
from ..plan import meeting_chapters
from ..plan import meetings as held_meetings
from ..words import DEFAULT_LANG
from .common import Row, View, prose, s, ts

#: Reactions told in full, with their statements; the count covers them all (each is
#: about a kilobyte of page, and a book of 100,000 events records tens of thousands).
MAX_REACTIONS = 50


@prose
def table_and_absent(pkg: Package, lang: str = DEFAULT_LANG) -> Html:
    """For every meeting, the actors at the table and those affected but absent."""
    view = View(pkg, lang)
    meetings = view.events("meeting")
    if not meetings:
        return Html()
    rows: list[Html] = []
    absent_total: dict[str, list[str]] = {}
    for meeting in meetings:
        event_id = s(meeting.get("id"))
        present = view.who(event_id, *AT_TABLE_ROLES)
        missing = view.who(event_id, ABSENT_ROLE)
        for actor in missing:
            absent_total.setdefault(actor, []).append(event_id)
        cites = view.cites(
            s(r.get("evidence_id")) for r in view.participants(event_id, ABSENT_ROLE)
        )
        rows.append(
            el(
                "tr",
                el("th", view.title(event_id), scope="row"),
                el("td", view.when(meeting)),
                el("td", view.actors(present) or view.say("reactions.nobody")),
                el("td", view.actors(missing) or view.say("reactions.nobody"), " ", cites),
            )
        )
    head = view.header(
        "reactions.column.meeting",
        "reactions.column.date",
        "reactions.column.present",
        "reactions.column.absent",
    )
    summary = _absence_summary(view, meetings, absent_total)
    # Past plan.MAX_MEETING_CHAPTERS, only the latest meetings have a chapter: say so here,
    # where every meeting is listed.
    held, chaptered = len(held_meetings(pkg)), len(meeting_chapters(pkg))
    if chaptered < held:
        summary += view.paragraph(view.say("reactions.chapters", shown=chaptered, total=held))
    return summary + el("table", head, el("tbody", rows), class_="at-the-table")


def _absence_summary(view: View, meetings: list[Row], absent: dict[str, list[str]]) -> Html:
    without = [m for m in meetings if view.who(s(m.get("id")), ABSENT_ROLE)]
    sentences = [view.say("reactions.meetings", n=len(meetings), without=view.count(len(without)))]
    if absent:
        sentences.append(
            view.say(
                "reactions.absent",
                n=len(absent),
                actors=view.actors(absent),
                meetings=view.list(
                    [
                        view.title(m)
                        for m in dict.fromkeys(e for ids in absent.values() for e in ids)
                    ]
                ),
            )
        )
    return view.paragraph(*sentences)


def reaction(view: View, event: Row) -> Html:
    """One reaction: what it was, who spoke to whom, the demands, and the words themselves."""
    event_id = s(event.get("id"))
    speakers = view.who(event_id, "speaker")
    addressees = view.who(event_id, "addressee", "target")
    sentences = [
        view.say(
            "reactions.summary",
            summary=view.loc(event, "summary"),
            cite=view.cite(s(event.get("evidence_id"))),
        )
    ]
    if speakers:
        sentences.append(
            view.say(
                "reactions.speakers",
                n=len(speakers),
                speakers=view.actors(speakers, with_role=True),
            )
        )
    if addressees:
        sentences.append(view.say("reactions.addressees", addressees=view.actors(addressees)))
    if ts(event.get("date_earliest")) or ts(event.get("date_latest")):
        sentences.append(view.say("reactions.date", date=view.when(event)))
    demands = [
        view.topic(s(t.get("topic_id"))) for t in view.in_article_order(view.topics_of(event_id))
    ]
    if demands:
        sentences.append(view.say("reactions.demands", n=len(demands), topics=view.list(demands)))
    said = view.statements(event_id)
    stances = list(dict.fromkeys(view.label("stance", s(r.get("stance"))) for r in said))
    if stances:
        sentences.append(view.say("reactions.stance", stances=view.list(stances)))
    body = [view.paragraph(*sentences)]
    if said:
        body.extend(view.statement(r, show_stance=True) for r in said)
    else:
        # No statement rows: show the words the event rests on instead.
        body.append(view.evidence_quote(s(event.get("evidence_id"))))
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
    events = view.events("reaction")
    if not events:
        return view.paragraph(view.say("reactions.none"))
    undated = sum(not ts(e.get("date_earliest")) and not ts(e.get("date_latest")) for e in events)
    if undated == len(events):
        dating = view.say("reactions.undated.all", n=len(events))
    elif undated:
        dating = view.say("reactions.undated.some", n=undated)
    else:
        dating = Html()
    intro = view.paragraph(view.say("reactions.intro", n=len(events)), dating)
    shown, _ = view.capped(events, MAX_REACTIONS)
    listed = Html().join(reaction(view, e) for e in shown)
    return intro + listed + view.omitted(len(shown), len(events), "events")


@prose
def notes(pkg: Package, lang: str = DEFAULT_LANG) -> Html:
    """The analysts' notes on the reactions."""
    return View(pkg, lang).notes("reactions")
