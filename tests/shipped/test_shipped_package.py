"""The reviewers' checks of the shipped data package: the archived article byte for byte, the
descriptions of every table and field, the rows of every table, the key facts of the calls and
the meetings, and every sentence of the article covered by evidence.

These pin the shipped package in data/, not the code: they are expected to fail on another
package. What holds of any package is tested in tests/test_data_package.py (``corpus``).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re

import pandas as pd
import pytest

from talksbook.data import load
from talksbook.facts.corpus import outlets
from talksbook.paths import DATA_DIR, PROJECT_ROOT
from talksbook.plan import BookPlan
from talksbook.scope import restrict

ARTICLE_SHA256 = "c90700b2c66c29d78f16f3b7e99536217dd1b6256934353f7bf6a41fc6e565d4"
DATE_FIELDS = {"date_earliest", "date_latest", "earliest", "latest", "published"}
SEED = PROJECT_ROOT.parent / "shared" / "seed" / "article-ar.txt"


@pytest.fixture(scope="module")
def package():
    return load(DATA_DIR)


def test_article_is_archived_byte_for_byte(package):
    data = (DATA_DIR / "sources" / "article-ar.txt").read_bytes()
    assert hashlib.sha256(data).hexdigest() == ARTICLE_SHA256
    assert len(data) == 8949
    if SEED.is_file():
        assert data == SEED.read_bytes()


def test_every_field_is_described_and_typed():
    descriptor = load(DATA_DIR).descriptor
    assert descriptor["licenses"] and descriptor["sources"]
    for resource in descriptor["resources"]:
        assert resource["hash"].startswith("sha256:") and resource["bytes"] > 0
        assert len(resource["description"]) > 20, resource["name"]
        assert resource["schema"]["primaryKey"], resource["name"]
        for field in resource["schema"]["fields"]:
            assert len(field.get("description", "")) >= 5, (resource["name"], field["name"])
            assert field["type"] in {"string", "integer", "number", "date"}
            if field["name"] in DATE_FIELDS:
                assert field["type"] == "date", field["name"]


def test_tables_and_counts(package):
    counts = {name: len(frame) for name, frame in package.tables.items()}
    assert counts == {
        "sources": 2,
        "evidence": 52,
        "actors": 25,
        "aliases": 42,
        "events": 10,
        "date_claims": 11,
        "participants": 35,
        "statements": 22,
        # Security guarantees are two topics: those Moscow demands (line 32) and those
        # Macron wants for Kyiv (line 30).
        "topics": 22,
        "event_topics": 26,
        "outcomes": 11,
        "figures": 7,
        "assessments": 8,
        "notes": 8,
    }


def test_cameo_codes_keep_their_leading_zero(package):
    assert set(package["events"]["cameo"]) >= {"041", "044", "036", "020"}


def test_the_call(package):
    call = package["events"].set_index("id").loc["call-2025"]
    assert call.date_earliest == call.date_latest == pd.Timestamp("2025-02-12")
    assert call.date_basis == "stated" and call.plover_mode == "phone" and call.cameo == "041"
    durations = package["figures"].query("event_id == 'call-2025' and measure == 'duration'")
    claims = {(row.value, row.unit, row.qualifier) for row in durations.itertuples()}
    assert claims == {(90, "minute", "exact"), (60, "minute", "more-than")}
    wednesday = package["date_claims"].set_index("id").loc["dc-call-wednesday"]
    assert wednesday.basis == "resolved-weekday" and wednesday.stated_ar == "الأربعاء"
    assert wednesday.earliest.date() == dt.date(2025, 2, 12)


def test_riyadh_and_istanbul(package):
    events = package["events"].set_index("id")
    riyadh, istanbul = events.loc["riyadh-talks"], events.loc["istanbul-talks"]
    assert riyadh.date_earliest == riyadh.date_latest == pd.Timestamp("2025-02-18")
    assert (riyadh.city, riyadh.country) == ("Riyadh", "SAU")
    principles = package["figures"].set_index("id").loc["fig-principles"]
    assert (principles.value, principles.unit, principles.qualifier) == (4, "principle", "exact")
    # The article never dates the Istanbul meeting: only "after 18 February".
    assert pd.isna(istanbul.date_latest) and istanbul.date_basis == "inferred-order"
    assert istanbul.date_precision == "open"


def test_unknown_dates_stay_unknown(package):
    reactions = package["events"].query("track == 'reaction'")
    assert len(reactions) == 3
    assert reactions.date_earliest.isna().all() and reactions.date_latest.isna().all()
    assert set(reactions.date_basis) == {"unknown"}


def test_previous_call_is_known_to_the_month_only(package):
    previous = package["events"].set_index("id").loc["call-2022"]
    assert previous.date_precision == "month"
    assert (previous.date_earliest, previous.date_latest) == (
        pd.Timestamp("2022-02-01"),
        pd.Timestamp("2022-02-28"),
    )


def test_absent_parties_are_recorded(package):
    absent = package["participants"].query("role == 'affected-absent'")
    assert set(absent.actor_id) == {"ukr", "european-allies"}


def test_lavrov_has_both_spellings(package):
    aliases = set(package["aliases"].query("actor_id == 'lavrov'").alias)
    assert {"سيرجي لافروف", "سيرغي لافروف"} <= aliases


def test_statements_are_attributed_to_their_channels(package):
    channels = set(
        zip(package["statements"].channel, package["statements"].channel_actor_id, strict=True)
    )
    assert {
        ("social-media", "truth-social"),
        ("official-statement", "kremlin"),
        ("official-statement", "us-state-dept"),
        ("interview", "ap"),
        ("news-agency-report", "reuters"),
        ("news-agency-report", "tass"),
        ("news-agency-report", "russian-agencies"),
        ("television-report", "turkish-tv"),
    } <= channels


def test_a_channel_is_only_one_the_article_names(package):
    """Rubio's words on lines 7, 9, 16, 17 and 18 come with no press conference, interview or
    statement named ("صرح", "أشار", "أعلن", "قال الوزير في أعقاب المباحثات", "أكد"): their
    channel is unspecified. Only line 19 names one (an interview with AP)."""
    rubio = package["statements"].query("speaker_id == 'rubio'")
    lines = package["evidence"].set_index("id").line
    unnamed = rubio[rubio.channel == "unspecified"]
    assert sorted(set(unnamed.evidence_id.map(lines))) == [7, 9, 16, 17, 18]
    assert set(rubio[rubio.channel != "unspecified"].channel_actor_id) == {"ap"}
    assert "press-remarks" not in set(package["statements"].channel)


def test_outlets_are_media_and_speakers_are_not(package):
    """The overview counts outlets: media actors that carried statements. The Kremlin and the
    State Department speak for themselves; "Russian news agencies" names no agency."""
    assert set(outlets(package)) == {"truth-social", "tass", "turkish-tv", "ap", "reuters"}
    kinds = package["actors"].set_index("id").kind
    assert kinds["russian-agencies"] == "group" and kinds["kremlin"] == "government"


def test_the_article_is_graded_as_unjudgeable(package):
    """No outlet, byline or date: the Admiralty scale's F (reliability cannot be judged)."""
    article = package["sources"].set_index("id").loc["art-ar"]
    assert article.reliability == "F"
    assert not (isinstance(article.outlet, str) and article.outlet)
    assert not (isinstance(article.published, str) and article.published)


def test_the_two_kinds_of_security_guarantees_are_two_topics(package):
    """Line 30: guarantees for Kyiv (Macron); line 32: the guarantees Moscow demands."""
    topics = package["topics"].set_index("id")
    assert "security-guarantees" not in topics.index
    assert package["assessments"].set_index("id").topic_id["as-dispute-guarantees"] == (
        "guarantees-for-moscow"
    )
    macron = package["event_topics"].query("event_id == 'macron-eu-call'")
    assert "guarantees-for-kyiv" in set(macron.topic_id)
    assert topics.label_ar["guarantees-for-moscow"] != topics.label_ar["guarantees-for-kyiv"]


def test_inferences_are_not_stated_as_facts(package):
    """Line 13 says only "a first meeting"; line 12 only that the Istanbul talks were held at
    the US consul general's residence, so the United States as host is marked as inferred."""
    events = package["events"].set_index("id")
    assert "since the war" not in events.summary_en["riyadh-talks"]
    host = package["participants"].query("event_id == 'istanbul-talks' and role == 'host'")
    assert host.note.str.startswith("inferred from the venue").all()


SENTENCE_END = re.compile(r"(?<=[.؟!])\s+")


def test_every_sentence_of_the_article_is_covered_by_evidence(package):
    """Line by line: each sentence lies inside at least one evidence span."""
    text = package.texts["art-ar"]
    spans = [(int(r.start), int(r.end)) for r in package["evidence"].itertuples()]
    offset, uncovered = 0, []
    for number, line in enumerate(text.split("\n"), start=1):
        position = 0
        for sentence in SENTENCE_END.split(line):
            if sentence.strip():
                start = offset + line.index(sentence, position)
                end = start + len(sentence.rstrip())
                if not any(s <= start and end <= e for s, e in spans):
                    uncovered.append(f"line {number}: {sentence[:40]}")
                position = line.index(sentence, position) + len(sentence)
        offset += len(line) + 1
    assert uncovered == []


def test_evidence_kinds_cover_headings_and_claims(package):
    kinds = package["evidence"].kind.value_counts().to_dict()
    assert kinds["heading"] == 5
    assert {"fact", "attribution", "quote", "assessment"} <= set(kinds)


def test_the_call_week_of_issue_12_plans_no_meeting_chapter(package):
    # The window that once crashed the build: the 12 February call and no meeting.
    scoped = restrict(package, "2025-02-10", "2025-02-15")
    names = {c.name for c in BookPlan.load().chapters(scoped)}
    assert {"overview", "calls"} <= names and not [n for n in names if n.startswith("meeting-")]
    after = {c.name for c in BookPlan.load().chapters(restrict(package, "2025-02-18"))}
    assert {"meeting-riyadh-talks", "meeting-istanbul-talks"} <= after
