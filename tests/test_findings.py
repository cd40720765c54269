"""The openings of the chapters: a lead and three to five key findings, computed from the
data, each with its evidence; checked on the facts, and on the pages the build publishes."""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from talksbook.data import Package
from talksbook.facts import findings
from talksbook.facts.calls import calls
from talksbook.facts.meetings import meetings
from talksbook.facts.voices import mention_sources, voices
from talksbook.narrative import findings as opening

#: The chapters that open with a lead and key findings (the changes page and the appendix
#: are back matter: they open with what they list).
OPENED = ("overview", "calls", "reactions", "outlook")
#: Words a lead may hold at most; the overview's account of the whole book more.
LEAD_WORDS = {"overview": 200}
DEFAULT_LEAD_WORDS = 120


def every_chapter(pkg: Package) -> dict[str, list[findings.Finding]]:
    found = {
        "overview": findings.overview_findings(pkg),
        "calls": findings.calls_findings(pkg),
        "reactions": findings.reactions_findings(pkg),
        "outlook": findings.outlook_findings(pkg),
    }
    for meeting in meetings(pkg)[-3:]:
        found[f"meeting-{meeting}"] = findings.meeting_findings(pkg, meeting)
    return found


def test_each_chapter_has_three_to_five_findings(corpus: Package):
    for chapter, found in every_chapter(corpus).items():
        assert findings.MIN_FINDINGS <= len(found) <= findings.MAX_FINDINGS, chapter
        assert len(set(found)) == len(found), chapter  # no finding said twice


def test_every_finding_cites_evidence_of_the_package(corpus: Package):
    known = set(corpus["evidence"]["id"])
    for chapter, found in every_chapter(corpus).items():
        for finding in found:
            assert finding.evidence, (chapter, finding.kind)
            assert set(finding.evidence) <= known, (chapter, finding.kind)
            assert len(finding.evidence) <= findings.MAX_CITED


def test_the_voice_gap_is_the_actor_mentioned_most_for_each_statement(corpus: Package):
    gap = findings.voice_gap(corpus)
    counted = voices(corpus, mention_sources(corpus)).set_index("actor_id")["mentions"]
    spoken = corpus["statements"].groupby("speaker_id").size()
    ratio = {a: m / (spoken.get(a, 0) + 1) for a, m in counted.items() if m}
    assert gap is not None
    (actor,) = gap.actors
    assert gap.count("mentions") == counted[actor]
    assert gap.count("statements") == spoken.get(actor, 0)
    assert ratio[actor] == max(ratio.values())
    assert gap.count("mentions") >= findings.VOICE_GAP_RATIO * (gap.count("statements") + 1)


def test_silent_heads_lead_a_delegation_and_make_no_statement(corpus: Package):
    part = corpus["participants"]
    heads = set(part[part["role"] == "head-of-delegation"]["actor_id"])
    speakers = set(corpus["statements"]["speaker_id"])
    found = findings.silent_heads(corpus)
    if heads <= speakers:
        assert found is None
    else:
        assert found is not None and found.actors
        assert set(found.actors) <= heads - speakers


def test_those_left_out_sat_at_no_meeting(corpus: Package):
    found = findings.left_out(corpus)
    assert found is not None
    part = corpus["participants"]
    at_table = part[
        part["event_id"].isin(meetings(corpus))
        & part["role"].isin(["party", "head-of-delegation", "delegation"])
    ]
    absent = part[part["role"] == "affected-absent"]
    for actor in found.actors:
        assert actor in set(absent["actor_id"])
        assert actor not in set(at_table["actor_id"])


def test_the_readouts_name_topics_the_other_speaker_does_not_raise(corpus: Package):
    found = findings.readouts(corpus, calls(corpus))
    if found is None:
        return  # no call with two speakers who raise different topics
    statements = corpus["statements"]
    said = statements[statements["event_id"] == found.events[0]]
    for speaker, topic in zip(found.actors, found.topics, strict=True):
        raised = said[said["topic_id"] == topic]
        assert set(raised["speaker_id"]) == {speaker}


def test_outcome_subjects_are_the_commonest(corpus: Package):
    found = findings.outcomes_overall(corpus)
    assert found is not None
    outcomes = corpus["outcomes"]
    chosen = outcomes[outcomes["event_id"].isin(meetings(corpus))]
    counts = chosen["topic_id"].value_counts()
    assert found.count("outcomes") == len(chosen)
    assert found.count("agreed") == int((chosen["status"] == "agreed").sum())
    assert found.count("about") == counts.max()
    assert {t for t in found.topics} <= set(counts[counts == counts.max()].index)


def test_findings_and_leads_are_written_in_both_languages(corpus: Package):
    chapters = [(c, None) for c in OPENED] + [("meeting", m) for m in meetings(corpus)[-2:]]
    for lang in ("en", "ar"):
        for chapter, event in chapters:
            lead = plain(str(opening.lead(corpus, chapter, lang, event)))
            listed = str(opening.key_findings(corpus, chapter, lang, event))
            assert lead and "key-findings" in listed, (lang, chapter)
            limit = LEAD_WORDS.get(chapter, DEFAULT_LEAD_WORDS)
            assert len(lead.split()) <= limit, (lang, chapter, len(lead.split()))
            if lang == "ar":
                assert not re.search(r"[0-9]", lead), lead  # the book's numbers: Arabic-Indic


def plain(markup: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", markup)).split())


# --- on the published pages -------------------------------------------------------------------


class Opening(HTMLParser):
    """The first element of a page's article after its h1, and its key-findings list: the
    text of each item and the evidence links in it."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.after_h1: list[str] = []  # classes of the elements met after the h1
        self.items: list[tuple[str, list[str]]] = []
        self.lead = ""
        self._seen_h1 = False
        self._in_article = False
        self._in_lead = 0
        self._in_list = 0
        self._in_item = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        classes = (found.get("class") or "").split()
        self._in_article |= tag == "article"
        if tag == "h1" and self._in_article:
            self._seen_h1 = True
        # (MyST wraps each section in a <section> without a class: not content.)
        elif (
            self._seen_h1
            and tag in ("p", "section", "ul", "dl", "figure", "table")
            and (classes or tag != "section")
        ):
            self.after_h1.append(" ".join(classes) or tag)
        if tag == "p" and "chapter-lead" in classes:
            self._in_lead += 1
        if tag == "ul" and "key-findings" in classes:
            self._in_list += 1
        elif tag == "li" and self._in_list:
            self.items.append(("", []))
            self._in_item = True
        elif tag == "a" and self._in_item and "evidence-link" in classes:
            self.items[-1][1].append(str(found.get("href")))

    def handle_endtag(self, tag: str) -> None:
        if tag == "p" and self._in_lead:
            self._in_lead -= 1
        if tag == "ul" and self._in_list:
            self._in_list -= 1
        if tag == "li":
            self._in_item = False

    def handle_data(self, data: str) -> None:
        if self._in_lead:
            self.lead += data
        if self._in_item and self.items:
            text, links = self.items[-1]
            self.items[-1] = (text + data, links)


def opened_pages(book: Path) -> list[Path]:
    pages = [book / f"{name}.html" for name in OPENED]
    return pages + sorted(book.glob("meeting-*.html"))


@pytest.mark.slow
@pytest.mark.parametrize("lang", ["en", "ar"])
def test_every_chapter_page_opens_with_a_lead_and_key_findings(corpus_editions, lang: str):
    book = corpus_editions[lang].html
    pages = opened_pages(book)
    assert len(pages) >= len(OPENED) + 1
    for page in pages:
        parsed = Opening()
        parsed.feed(page.read_text(encoding="utf-8"))
        # The lead comes first (the edition-window note of a limited build may precede it).
        first = [c for c in parsed.after_h1 if "edition-window" not in c]
        assert "chapter-lead" in first[0], (page.name, first[:3])
        words = len(parsed.lead.split())
        limit = LEAD_WORDS.get(page.stem, DEFAULT_LEAD_WORDS)
        assert 0 < words <= limit, (page.name, words)
        assert findings.MIN_FINDINGS <= len(parsed.items) <= findings.MAX_FINDINGS, page.name
        for text, links in parsed.items:
            assert text.strip() and links, (page.name, text)
            for href in links:
                target, _, anchor = href.partition("#")
                assert (page.parent / target).is_file(), href
                assert anchor, href


# --- why it matters ---------------------------------------------------------------------------


def chapters_of(pkg: Package) -> list[tuple[str, str | None]]:
    return [(c, None) for c in OPENED] + [("meeting", m) for m in meetings(pkg)[-3:]]


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_the_lead_says_why_it_matters_in_the_analysts_words_and_only_there(
    corpus: Package, lang: str
):
    from talksbook.narrative.calls import notes as call_notes
    from talksbook.narrative.common import View
    from talksbook.narrative.meeting import notes as meeting_notes
    from talksbook.narrative.outlook import notes as outlook_notes
    from talksbook.narrative.overview import notes as overview_notes
    from talksbook.narrative.reactions import notes as reaction_notes

    at_end = {
        "overview": lambda: overview_notes(corpus, lang),
        "calls": lambda: call_notes(corpus, lang),
        "reactions": lambda: reaction_notes(corpus, lang),
        "outlook": lambda: outlook_notes(corpus, lang),
    }
    view = View(corpus, lang)
    given = 0
    for chapter, event_id in chapters_of(corpus):
        rows = view.note_rows(chapter, event_id)
        lead = opening.lead(corpus, chapter, lang, event_id)
        note_id = opening.lead_note(corpus, chapter, lang, event_id)
        end = (meeting_notes(corpus, event_id, lang) if event_id else at_end[chapter]()).striptags()
        words = len(lead.striptags().split())
        assert words <= LEAD_WORDS.get(chapter, DEFAULT_LEAD_WORDS), (chapter, words)
        if note_id is None:
            assert "lead-why" not in lead
            continue
        given += 1
        # The chapter's first note, marked as the analysts' reading, said once: in the lead.
        assert note_id == rows[0]["id"]
        first = " ".join(view.loc(rows[0], "text").split())
        assert first in " ".join(lead.striptags().split()), chapter
        assert 'class="lead-why"' in lead
        assert first not in " ".join(end.split()), chapter
        for other in rows[1:]:
            assert " ".join(view.loc(other, "text").split()) in " ".join(end.split())
    # Each corpus has notes short enough for a lead on most of its chapters.
    assert given >= len(OPENED), given
