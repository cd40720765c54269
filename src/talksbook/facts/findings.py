"""What stands out? The key findings of each chapter, computed from the data.

A finding is a fact a reader should take away, in the terms the templates phrase it with:
the actors, events and topics it is about, the numbers it rests on, and the evidence rows
that show it. Each chapter asks its candidates in the order of their weight and keeps the
first ``MAX_FINDINGS`` that the data support; counting findings come last, so that a chapter
whose data support no comparison still says what it holds. Nothing here is worded: the
narrative layer (talksbook.narrative.findings) phrases each kind.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

import pandas as pd

from ..data import Package
from .calls import calls, related_proposals, stances_split
from .claims import claim_groups
from .corpus import dated_span
from .meetings import HEAD_ROLES, absent, left_open, meetings, produced, seated
from .order import events_listed, told
from .reactions import absences, assessment_groups, reactions
from .sources import event_support
from .voices import mention_sources, voices

__all__ = [
    "MAX_FINDINGS",
    "MIN_FINDINGS",
    "Finding",
    "calls_findings",
    "meeting_findings",
    "outlook_findings",
    "overview_findings",
    "reactions_findings",
]

#: A chapter's key findings: at least three where the data hold them, five at most.
MIN_FINDINGS, MAX_FINDINGS = 3, 5
#: Evidence links a finding gives at most (the first ones the sources tell).
MAX_CITED = 3
#: Items (actors, topics, outcomes) a finding names at most.
MAX_NAMED = 4
#: An actor is "mentioned much yet heard little" when mentioned at least this many times
#: for each statement it makes (plus one).
VOICE_GAP_RATIO = 3


@dataclass(frozen=True)
class Finding:
    """One key finding: its kind (how the templates phrase it), what it is about, the numbers
    it rests on and the evidence that shows it."""

    kind: str
    actors: tuple[str, ...] = ()
    events: tuple[str, ...] = ()
    topics: tuple[str, ...] = ()
    #: Named numbers, e.g. (("mentions", 26), ("statements", 1)).
    counts: tuple[tuple[str, int], ...] = ()
    #: Coded values, e.g. (("stance", "critical"),), or a label's row id.
    codes: tuple[tuple[str, str], ...] = ()
    evidence: tuple[str, ...] = ()

    def count(self, name: str) -> int:
        """The number named ``name`` (0 when the finding has none)."""
        return dict(self.counts).get(name, 0)

    def code(self, name: str) -> str:
        """The coded value named ``name`` ("" when the finding has none)."""
        return dict(self.codes).get(name, "")


Candidate = Callable[[], Finding | None]


def _first(candidates: Iterable[Candidate], fallbacks: Iterable[Candidate] = ()) -> list[Finding]:
    """The first ``MAX_FINDINGS`` findings the data support, in the candidates' order; the
    fallbacks (what the chapter says anyway) only to reach ``MIN_FINDINGS``."""
    found: list[Finding] = []
    for candidate in candidates:
        finding = candidate()
        if finding is not None:
            found.append(finding)
        if len(found) == MAX_FINDINGS:
            return found
    for candidate in fallbacks:
        if len(found) >= MIN_FINDINGS:
            break
        finding = candidate()
        if finding is not None:
            found.append(finding)
    return found


def _text(value: object) -> str:
    return value if isinstance(value, str) else ""


def _once(values: Iterable[object]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(v for v in map(_text, values) if v))


def _cited(pkg: Package, table: str, rows: pd.DataFrame) -> tuple[str, ...]:
    """The evidence of ``rows`` of ``table``, in the order the sources tell them."""
    if rows.empty or "evidence_id" not in rows:
        return ()
    return _once(told(pkg, rows)["evidence_id"])[:MAX_CITED]


def _event_evidence(pkg: Package, event_ids: Sequence[str]) -> tuple[str, ...]:
    events = pkg["events"]
    return _cited(pkg, "events", events[events["id"].isin(event_ids)])


# --- the whole book ---------------------------------------------------------------------------


def voice_gap(pkg: Package) -> Finding | None:
    """Who is talked about most, yet heard least? The actor mentioned most often for each
    statement it makes (at least ``VOICE_GAP_RATIO`` times as often as it speaks, plus one)."""
    sources = mention_sources(pkg)
    if not sources:
        return None
    counted = voices(pkg, sources)
    statements = pkg["statements"]
    spoken = statements.groupby("speaker_id").size()
    best: tuple[float, int, str] | None = None
    for actor, mentions in zip(counted["actor_id"], counted["mentions"], strict=True):
        said = int(spoken.get(actor, 0))
        if mentions < VOICE_GAP_RATIO * (said + 1):
            continue
        key = (mentions / (said + 1), int(mentions), str(actor))
        if best is None or key[:2] > best[:2]:
            best = key
    if best is None:
        return None
    actor = best[2]
    own = statements[statements["speaker_id"] == actor]
    part = pkg["participants"]
    evidence = _cited(pkg, "statements", own) or _cited(
        pkg, "participants", part[part["actor_id"] == actor]
    )
    return Finding(
        "voice_gap",
        actors=(actor,),
        counts=(("mentions", best[1]), ("statements", len(own))),
        evidence=evidence,
    )


def silent_heads(pkg: Package, event_ids: Sequence[str] | None = None) -> Finding | None:
    """Who led a delegation (at the given meetings, or any) yet is heard in no statement of
    the data?"""
    part = pkg["participants"]
    heads = part[part["role"].isin(HEAD_ROLES)]
    if event_ids is not None:
        heads = heads[heads["event_id"].isin(event_ids)]
    speakers = set(map(_text, pkg["statements"]["speaker_id"]))
    silent = heads[~heads["actor_id"].isin(speakers)]
    if silent.empty:
        return None
    return Finding(
        "silent_heads",
        actors=_once(silent["actor_id"])[:MAX_NAMED],
        events=_once(silent["event_id"]),
        counts=(
            ("heads", len(_once(heads["actor_id"]))),
            ("silent", len(_once(silent["actor_id"]))),
        ),
        evidence=_cited(pkg, "participants", silent),
    )


def left_out(pkg: Package) -> Finding | None:
    """Who did the meetings concern but never include? Actors absent from at least one meeting
    and at the table of none."""
    found = absences(pkg)
    if not found.absent_from:
        return None
    seated_anywhere = {a for actors in found.present.values() for a in actors}
    actors = [a for a in found.absent_from if a not in seated_anywhere]
    if not actors:
        return None
    events = _once(e for a in actors for e in found.absent_from[a])
    evidence = _once(e for m in events for e in found.evidence.get(m, ()))[:MAX_CITED]
    return Finding(
        "left_out",
        actors=tuple(actors[:MAX_NAMED]),
        events=events,
        counts=(("actors", len(actors)), ("meetings", len(found.meetings))),
        evidence=evidence,
    )


def outcomes_overall(pkg: Package, event_ids: Sequence[str] | None = None) -> Finding | None:
    """What did the meetings (or the given events) produce, and about what? The outcomes, how
    many are agreed, and the topics most of them concern."""
    outcomes = pkg["outcomes"]
    chosen = outcomes if event_ids is None else outcomes[outcomes["event_id"].isin(event_ids)]
    if event_ids is None:
        chosen = chosen[chosen["event_id"].isin(meetings(pkg))]
    if chosen.empty:
        return None
    topics = Counter(t for t in map(_text, chosen.get("topic_id", pd.Series(dtype=str))) if t)
    most = topics.most_common(1)[0][1] if topics else 0
    top = [t for t, n in topics.most_common() if n == most][:MAX_NAMED]
    about = chosen[chosen["topic_id"].isin(top)] if top else chosen
    statuses = Counter(map(_text, chosen["status"]))
    return Finding(
        "outcomes",
        events=_once(chosen["event_id"]),
        topics=tuple(top),
        counts=(
            ("outcomes", len(chosen)),
            ("agreed", statuses.get("agreed", 0)),
            ("about", most),  # outcomes of each of the top topics
        ),
        evidence=_cited(pkg, "outcomes", about),
    )


def paraphrase(pkg: Package, event_ids: Sequence[str] | None = None) -> Finding | None:
    """How much of what was said reaches the reader in the speakers' own words?"""
    statements = pkg["statements"]
    if event_ids is not None:
        statements = statements[statements["event_id"].isin(event_ids)]
    if statements.empty:
        return None
    direct = statements[statements["mode"] == "direct"]
    speakers = _once(direct["speaker_id"])
    return Finding(
        "paraphrase",
        actors=speakers[:MAX_NAMED],
        counts=(
            ("statements", len(statements)),
            ("direct", len(direct)),
            ("speakers", len(speakers)),
        ),
        evidence=_cited(pkg, "statements", direct if len(direct) else statements),
    )


def dating(pkg: Package) -> Finding | None:
    """How well are the events dated? Those known to the day, and those with no date at all."""
    events = pkg["events"]
    if events.empty:
        return None
    span = dated_span(pkg)
    exact = int((events["date_precision"] == "day").sum())
    # (An open interval is dated by one bound; an event is exact when dated to the day.)
    vague = events[events["date_precision"] != "day"]
    return Finding(
        "dating",
        counts=(("events", len(events)), ("exact", exact), ("undated", span.undated)),
        evidence=_cited(pkg, "events", vague),
    )


def single_source(pkg: Package, event_ids: Sequence[str] | None = None) -> Finding | None:
    """How many events does only one independent source tell of?"""
    support = event_support(pkg)
    ids = list(pkg["events"]["id"]) if event_ids is None else list(event_ids)
    if not ids:
        return None
    alone = [e for e in ids if e in support and support[e].independent == 1]
    return Finding(
        "single_source",
        events=tuple(alone[:MAX_NAMED]),
        counts=(
            ("events", len(ids)),
            ("alone", len(alone)),
            ("sources", len({s for e in ids if e in support for s in support[e].source_ids})),
        ),
        evidence=_event_evidence(pkg, alone),
    )


def overview_findings(pkg: Package) -> list[Finding]:
    """The book's key findings: who is talked about but not heard, who leads yet is silent,
    who is left out, what the meetings produced, and how firm the record is."""
    return _first(
        [
            lambda: voice_gap(pkg),
            lambda: left_out(pkg),
            lambda: silent_heads(pkg),
            lambda: outcomes_overall(pkg),
            lambda: paraphrase(pkg),
            lambda: dating(pkg),
            lambda: single_source(pkg),
        ]
    )


# --- the calls --------------------------------------------------------------------------------


def latest_call(pkg: Package) -> Finding | None:
    """How many calls took place, and which was the latest, between whom?"""
    held = calls(pkg)
    if not held:
        return None
    listed = [e for e in events_listed(pkg, "call", "occurred") if e in held] or held
    last = listed[-1]
    part = pkg["participants"]
    parties = part[(part["event_id"] == last) & (part["role"] == "party")]
    return Finding(
        "latest_call",
        actors=_once(parties["actor_id"]),
        events=(last,),
        counts=(("calls", len(held)),),
        evidence=_event_evidence(pkg, [last]),
    )


def call_lengths(pkg: Package, call_ids: Sequence[str]) -> Finding | None:
    """Do the accounts of a call's length agree? The first call (latest first) with two or
    more claims about its duration."""
    for call in reversed(call_ids):
        for group in claim_groups(pkg, measure="duration", event_id=call):
            if len(group.figure_ids) < 2:
                continue
            figures = pkg["figures"]
            rows = figures[figures["id"].isin(group.figure_ids)]
            return Finding(
                "call_lengths",
                events=(call,),
                counts=(("claims", len(group.figure_ids)),),
                codes=(("agree", "yes" if group.common is not None else "no"),),
                evidence=_cited(pkg, "figures", rows),
            )
    return None


def readouts(pkg: Package, call_ids: Sequence[str]) -> Finding | None:
    """Do the sides tell the same call differently? For the latest call with statements by
    two speakers or more: the topics each speaker raises that the others do not."""
    statements = pkg["statements"]
    for call in reversed(call_ids):
        said = told(pkg, statements[statements["event_id"] == call])
        by_speaker: dict[str, list[str]] = {}
        for speaker, topic in zip(said["speaker_id"], said["topic_id"], strict=True):
            if _text(speaker) and _text(topic):
                by_speaker.setdefault(str(speaker), []).append(str(topic))
        if len(by_speaker) < 2:
            continue
        own = {
            s: [
                t
                for t in dict.fromkeys(ts)
                if all(t not in o for x, o in by_speaker.items() if x != s)
            ]
            for s, ts in by_speaker.items()
        }
        distinct = [s for s, ts in own.items() if ts][:2]
        if len(distinct) < 2:
            continue
        rows = said[said["speaker_id"].isin(distinct)]
        return Finding(
            "readouts",
            actors=tuple(distinct),
            events=(call,),
            topics=(own[distinct[0]][0], own[distinct[1]][0]),
            evidence=_cited(pkg, "statements", rows),
        )
    return None


def call_outcomes(pkg: Package, call_ids: Sequence[str]) -> Finding | None:
    """What did the calls produce?"""
    finding = outcomes_overall(pkg, call_ids)
    return None if finding is None else Finding(**{**finding.__dict__, "kind": "call_outcomes"})


def conditions(pkg: Package, call_ids: Sequence[str]) -> Finding | None:
    """Is a next step proposed, and made to depend on something? The first proposal related
    to the calls with statements that make it conditional."""
    for proposal in related_proposals(pkg, call_ids):
        conditional, _ = stances_split(pkg, proposal, "conditional")
        if not conditional:
            continue
        statements = pkg["statements"]
        rows = statements[statements["id"].isin(conditional)]
        return Finding(
            "conditions",
            actors=_once(rows["speaker_id"])[:MAX_NAMED],
            events=(proposal,),
            counts=(("statements", len(rows)),),
            evidence=_cited(pkg, "statements", rows),
        )
    return None


def calls_findings(pkg: Package) -> list[Finding]:
    """The calls chapter's key findings."""
    held = calls(pkg)
    return _first(
        [
            lambda: readouts(pkg, held),
            lambda: call_lengths(pkg, held),
            lambda: call_outcomes(pkg, held),
            lambda: conditions(pkg, held),
            lambda: paraphrase(pkg, held) if held else None,
            lambda: single_source(pkg, held) if held else None,
        ],
        # (The chapter's lead tells the latest call.)
        [lambda: latest_call(pkg)],
    )


# --- one meeting ------------------------------------------------------------------------------


def meeting_sides(pkg: Package, event_id: str) -> Finding | None:
    """Who met, and who hosted?"""
    sat = seated(pkg, event_id)
    if not sat.sides:
        return None
    return Finding(
        "meeting_sides",
        actors=sat.sides,
        events=(event_id,),
        codes=tuple(("host", h) for h in sat.host.actor_ids[:1]),
        evidence=_event_evidence(pkg, [event_id]),
    )


def meeting_absent(pkg: Package, event_id: str) -> Finding | None:
    """Who did the meeting concern but not include?"""
    named = absent(pkg, event_id)
    if not named.actor_ids:
        return None
    return Finding(
        "meeting_absent",
        actors=named.actor_ids[:MAX_NAMED],
        events=(event_id,),
        counts=(("actors", len(named.actor_ids)),),
        evidence=named.evidence_ids[:MAX_CITED],
    )


def meeting_produced(pkg: Package, event_id: str) -> Finding | None:
    """What did the meeting produce, and about what?"""
    if not produced(pkg, event_id).outcome_ids:
        return None
    finding = outcomes_overall(pkg, [event_id])
    return None if finding is None else Finding(**{**finding.__dict__, "kind": "meeting_produced"})


def meeting_unknowns(pkg: Package, event_id: str) -> Finding | None:
    """What do the data leave open about the meeting?"""
    gaps = left_open(pkg, event_id)
    names = [
        name
        for name in ("date", "host", "members", "members_beyond_heads", "outcomes", "quotes")
        if getattr(gaps, name)
    ]
    if not names:
        return None
    return Finding(
        "meeting_unknowns",
        events=(event_id,),
        codes=tuple(("open", n) for n in names),
        evidence=_event_evidence(pkg, [event_id]),
    )


def meeting_findings(pkg: Package, event_id: str) -> list[Finding]:
    """A meeting chapter's key findings."""
    return _first(
        [
            lambda: meeting_produced(pkg, event_id),
            lambda: meeting_absent(pkg, event_id),
            lambda: silent_heads(pkg, [event_id]),
            lambda: paraphrase(pkg, [event_id]),
            lambda: meeting_unknowns(pkg, event_id),
            lambda: single_source(pkg, [event_id]),
        ],
        # (The chapter's lead says who met.)
        [lambda: meeting_sides(pkg, event_id)],
    )


# --- the reactions ----------------------------------------------------------------------------


def reaction_count(pkg: Package) -> Finding | None:
    """How many reactions are there, by whom, and how many are dated?"""
    found = reactions(pkg, limit=MAX_NAMED)
    if not found.events:
        return None
    part = pkg["participants"]
    speaking = part[part["event_id"].isin(found.events) & (part["role"] == "speaker")]
    speakers = _once(told(pkg, speaking)["actor_id"])
    return Finding(
        "reaction_count",
        actors=speakers[:MAX_NAMED],
        counts=(
            ("reactions", len(found.events)),
            ("undated", found.undated),
            ("speakers", len(speakers)),
        ),
        evidence=_event_evidence(pkg, list(found.events)),
    )


def reaction_stances(pkg: Package) -> Finding | None:
    """In what spirit do the reactions speak of the talks?"""
    ids = events_listed(pkg, "reaction")
    statements = pkg["statements"]
    said = statements[statements["event_id"].isin(ids)]
    stances = Counter(s for s in map(_text, said["stance"]) if s)
    if not stances:
        return None
    top, n = stances.most_common(1)[0]
    return Finding(
        "reaction_stances",
        counts=(("statements", int(sum(stances.values()))), ("top", n)),
        codes=(("stance", top),),
        evidence=_cited(pkg, "statements", said[said["stance"] == top]),
    )


def left_out_react(pkg: Package) -> Finding | None:
    """Do those left out of the meetings speak in the reactions?"""
    found = absences(pkg)
    left = set(found.absent_from)
    if not left:
        return None
    ids = events_listed(pkg, "reaction")
    part = pkg["participants"]
    speaking = part[part["event_id"].isin(ids) & (part["role"] == "speaker")]
    reacting = speaking[speaking["actor_id"].isin(left)]
    if reacting.empty:
        return None
    return Finding(
        "left_out_react",
        actors=_once(reacting["actor_id"])[:MAX_NAMED],
        events=_once(reacting["event_id"]),
        counts=(("reactions", len(_once(reacting["event_id"]))), ("all", len(ids))),
        evidence=_cited(pkg, "participants", reacting),
    )


def reaction_topics(pkg: Package) -> Finding | None:
    """What do the reactions raise most often?"""
    ids = events_listed(pkg, "reaction")
    rows = pkg["event_topics"]
    rows = rows[rows["event_id"].isin(ids)]
    if rows.empty:
        return None
    counted = Counter(map(_text, rows["topic_id"]))
    most = counted.most_common(1)[0][1]
    top = [t for t, n in counted.most_common() if n == most][:MAX_NAMED]
    return Finding(
        "reaction_topics",
        topics=tuple(top),
        counts=(("reactions", most), ("all", len(ids))),
        evidence=_cited(pkg, "event_topics", rows[rows["topic_id"].isin(top)]),
    )


def reactions_findings(pkg: Package) -> list[Finding]:
    """The reactions chapter's key findings."""
    ids = events_listed(pkg, "reaction")
    return _first(
        [
            lambda: left_out_react(pkg),
            lambda: reaction_stances(pkg),
            lambda: reaction_topics(pkg),
            lambda: paraphrase(pkg, ids) if ids else None,
        ],
        # (The chapter tells how many reactions there are, and who was left out.)
        [lambda: reaction_count(pkg), lambda: left_out(pkg)],
    )


# --- the outlook ------------------------------------------------------------------------------


def outlook_findings(pkg: Package) -> list[Finding]:
    """The outlook's key findings: what the sources assess, kind by kind (disputes, the
    factors a breakthrough depends on, risks, framings), then what is still conditional."""
    assessments = pkg["assessments"]
    groups = assessment_groups(pkg)
    candidates: list[Candidate] = []
    for group in groups:
        rows = assessments[assessments["id"].isin(group.assessments)]

        def kind(group=group, rows=rows) -> Finding:  # type: ignore[no-untyped-def]
            return Finding(
                "assessments",
                codes=(("kind", group.kind), *(("row", i) for i in group.assessments[:MAX_NAMED])),
                counts=(("assessments", len(group.assessments)),),
                evidence=_cited(pkg, "assessments", rows),
            )

        candidates.append(kind)
    statements = pkg["statements"]
    conditional = statements[statements["stance"] == "conditional"]

    def still_conditional() -> Finding | None:
        if conditional.empty:
            return None
        return Finding(
            "conditional",
            actors=_once(conditional["speaker_id"])[:MAX_NAMED],
            counts=(("statements", len(conditional)), ("all", len(statements))),
            evidence=_cited(pkg, "statements", conditional),
        )

    candidates += [still_conditional, lambda: paraphrase(pkg), lambda: dating(pkg)]
    return _first(candidates)
