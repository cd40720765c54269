"""The outlook chapter: the article's own assessment — open disputes, the factors a
breakthrough depends on, the risks, and how it frames the talks — each with its Arabic wording."""

from __future__ import annotations

from ..data import Package
from ..facts.reactions import assessment_groups
from ..html import Html, el
from ..words import DEFAULT_LANG
from .common import Row, View, prose, s
from .findings import lead_note

#: Assessments listed per kind, with their passages; the rest are counted.
MAX_PER_KIND = 25


def _item(view: View, row: Row) -> Html:
    actor = s(row.get("actor_id"))
    values = {
        "label": view.loc(row, "label"),
        "topic": view.topic(s(row.get("topic_id"))),
        "cited": view.cited(s(row.get("label_ar")), s(row.get("evidence_id"))),
    }
    # Name the actor unless the label already does ("The position of China").
    if actor and view.actor(actor) not in values["label"]:
        return el("li", view.say("outlook.item.actor", actor=view.actor(actor), **values))
    return el("li", view.say("outlook.item", **values))


@prose
def assessments(pkg: Package, lang: str = DEFAULT_LANG) -> Html:
    """Every assessment, grouped by kind in reading order (facts.reactions.ASSESSMENT_ORDER),
    followed by the passages they come from."""
    view = View(pkg, lang)
    rows = view.by_id("assessments")
    parts: list[Html] = []
    for group in assessment_groups(pkg, MAX_PER_KIND):
        kind, every = group.kind, group.assessments
        shown = every[:MAX_PER_KIND]
        intro_key = f"outlook.intro.{kind}"
        intro = (
            view.say(intro_key, n=len(every))
            if view.has(intro_key)
            else view.say("outlook.intro.other", n=len(every), kind=kind)
        )
        heading_key = f"outlook.heading.{kind}"
        heading = view.say(heading_key) if view.has(heading_key) else kind
        parts.append(
            el(
                "section",
                el("h3", heading),
                view.paragraph(intro),
                el("ul", [_item(view, rows[a]) for a in shown], class_="assessments"),
                view.omitted(len(shown), len(every), "assessments"),
                [view.evidence_quote(e) for e in group.passages],
                class_="assessment-group",
                data_kind=kind,
            )
        )
    if not parts:
        return view.paragraph(view.say("outlook.none"))
    return Html().join(parts)


@prose
def notes(pkg: Package, lang: str = DEFAULT_LANG) -> Html:
    """The analysts' notes on the outlook."""
    return View(pkg, lang).notes("outlook", skip=lead_note(pkg, "outlook", lang))
