"""The outlook chapter: the article's own assessment — open disputes, the factors a
breakthrough depends on, the risks, and how it frames the talks — each with its Arabic wording."""

from __future__ import annotations

from ..data import Package
from ..html import Html, ar, el
from ..words import DEFAULT_LANG
from .common import Row, View, prose, s

# Reading order: what divides the parties, what a breakthrough depends on, what could go wrong,
# then how the article frames it all. Kinds not listed here follow in the order found.
KIND_ORDER = ("dispute", "factor", "risk", "framing")
#: Assessments listed per kind, with their passages; the rest are counted.
MAX_PER_KIND = 25


def groups(view: View) -> list[tuple[str, list[Row]]]:
    """Assessments grouped by kind, in reading order; rows in article order."""
    rows = view.in_article_order(view.rows("assessments"))
    kinds = list(dict.fromkeys([*KIND_ORDER, *(s(r.get("kind")) for r in rows)]))
    grouped = [(k, [r for r in rows if s(r.get("kind")) == k]) for k in kinds]
    return [(k, rs) for k, rs in grouped if rs]


def _item(view: View, row: Row) -> Html:
    actor = s(row.get("actor_id"))
    values = {
        "label": view.loc(row, "label"),
        "ar": ar(s(row.get("label_ar"))),
        "topic": view.topic(s(row.get("topic_id"))),
        "cite": view.cite(s(row.get("evidence_id"))),
    }
    # Name the actor unless the label already does ("The position of China").
    if actor and view.actor(actor) not in values["label"]:
        return el("li", view.say("outlook.item.actor", actor=view.actor(actor), **values))
    return el("li", view.say("outlook.item", **values))


@prose
def assessments(pkg: Package, lang: str = DEFAULT_LANG) -> Html:
    """Every assessment, grouped by kind, followed by the passages they come from."""
    view = View(pkg, lang)
    parts: list[Html] = []
    for kind, every in groups(view):
        rows, _ = view.capped(every, MAX_PER_KIND)
        evidence = list(dict.fromkeys(s(r.get("evidence_id")) for r in rows))
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
                el("ul", [_item(view, r) for r in rows], class_="assessments"),
                view.omitted(len(rows), len(every), "assessments"),
                [view.evidence_quote(e) for e in evidence],
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
    return View(pkg, lang).notes("outlook")
