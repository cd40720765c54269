"""The reviewers' checks of the shipped data package: the sentences the English edition says
about it (its numbers, dates, names and verdicts), read from the chapters as the book renders
them.

These pin the shipped package in data/, not the code: they are expected to fail on another
package. The code's own tests run on any package (tests/test_narrative.py, ``corpus``).
"""

from __future__ import annotations

import pytest
from chapters import chapters
from test_narrative import words

from talksbook.data import Package, load
from talksbook.headings import Heading
from talksbook.narrative import calls
from talksbook.paths import DATA_DIR


@pytest.fixture(scope="module")
def pkg() -> Package:
    return load(DATA_DIR)


def test_the_latest_call_is_headed_by_its_title_and_date(pkg: Package) -> None:
    heading, *_ = calls.opening(pkg, "call-2025")
    assert heading == Heading("Trump–Putin phone call, 12 February 2025")
    assert f"<h2>{heading.text}</h2>" in str(chapters(pkg)["calls"])


def test_calls_chapter_reads_the_data(pkg: Package) -> None:
    prose = words(chapters(pkg)["calls"])
    assert "spoke by telephone on 12 February 2025" in prose
    # The weekday word is resolved against its anchor, and the remark's date explained.
    assert (
        "resolves to Sunday 16 February 2025, read against the US–Russia talks in Riyadh" in prose
    )
    assert "dates Trump's remark, not the summit" in prose
    # The date once, with the article's words for it: no note or claim repeating it.
    assert "spoke by telephone on 12 February 2025 (في 12 فبراير 2025, line 5)." in prose
    assert "Stated as 12 February 2025" not in prose
    # The call's outcomes, as a meeting's are shown.
    assert "Two outcomes are reported: two agreed." in prose
    # The key finding on them: two of two agreed is "both", not "all".
    assert "The calls produced two outcomes; both are recorded as agreed." in prose
    assert "Begin immediate negotiations" in prose and "بدء مفاوضات فورية, line 5" in prose
    # Both duration claims, and the verdict computed from them.
    assert "Length of the call: 90 minutes, according to the article" in prose
    assert "Another passage gives more than 60 minutes" in prose
    assert "consistent: 90 minutes is more than 60 minutes" in prose
    # The gap between the calls, computed from a month-precision interval.
    assert "it came between two years and 11 months and three years after" in prose
    assert "That fits “in three years” in the article" in prose
    # Conditions attached to the summit, and who announced what through which outlet.
    assert "Two statements make it conditional" in prose
    assert "Social media: Truth Social" in prose
    # Rubio's channel is not named by the article (lines 7 and 9).
    assert "in remarks to the press" not in prose
    # A topic shows the article's words on its line, never the topic's Arabic label.
    assert "(إشراك كييف وحلفائها, line 5)" not in prose


def test_overview_counts(pkg: Package) -> None:
    prose = words(chapters(pkg)["overview"])
    assert "The data behind this report record 10 events" in prose
    assert "22 statements" in prose and "of the 22 are quoted directly" in prose
    # Outlets are media: not the Kremlin or the State Department, nor "Russian news agencies".
    assert "the source names five media outlets" in prose
    assert "For 12 of them the source names no channel at all" in prose
    assert "Only two of the" in prose
    assert "February 2022 (Russian invasion of Ukraine)" in prose
    assert "no recorded outlet, publication date or public address" in prose
    assert "its reliability cannot be judged: the data grade it F" in prose


def test_meeting_chapters_follow_their_rows(pkg: Package) -> None:
    riyadh = words(chapters(pkg)["meeting-riyadh-talks"])
    assert "the first meeting between the two sides" in riyadh
    assert "Riyadh, Saudi Arabia" in riyadh
    assert "18 February 2025: “a first meeting on 18 February”" in riyadh
    # Line 13 says only "a first meeting", not the first since the war began.
    assert "first US–Russia meeting since the war began" not in riyadh
    # 'On Tuesday' is the day of the talks: said once, not resolved against itself.
    assert "is the day of the US–Russia talks in Riyadh, Tuesday 18 February 2025" in riyadh
    assert "read against the US–Russia talks in Riyadh on Tuesday 18 February" not in riyadh
    # The channels are named once, by the headings of the statements.
    assert riyadh.count("Interviews: Associated Press") == 1 and "channels carried" not in riyadh
    assert "Channel not named" in riyadh and "remarks to the press" not in riyadh
    assert "Eight outcomes are reported: six agreed and two planned" in riyadh
    # Who was left out: said once, by a key finding.
    assert riyadh.count("Ukraine and Ukraine's European allies were affected by it but not") == 1
    assert "were not at the table, although" not in riyadh
    assert "delegation members beyond the heads" in riyadh
    istanbul = words(chapters(pkg)["meeting-istanbul-talks"])
    assert "the second meeting" in istanbul
    assert "Left open: its exact date, who headed the delegations" in istanbul
    assert "no earlier than 18 February 2025" in istanbul
    # Line 12 gives the venue, not the host: the host is marked as inferred from it.
    assert "United States, inferred from the venue" in istanbul
    assert "Most of what Riyadh produced" not in istanbul  # notes stay with their meeting


def test_reactions_and_outlook_group_by_codes(pkg: Package) -> None:
    prose = words(chapters(pkg)["reactions"])
    assert "The data record three reactions. None of them is dated." in prose
    # Said once: each statement names its speaker and stance; the reaction's paragraph
    # names only speakers without a statement (the discontent in Kyiv and Europe).
    assert "Its stance towards the talks" not in prose
    assert prose.count("stance towards the talks: critical") == 3
    assert "It comes from Emmanuel Macron" not in prose
    assert "It comes from Ukraine and Ukraine's European allies" in prose
    outlook_prose = words(chapters(pkg)["outlook"])
    order = [outlook_prose.index(h) for h in ("Open disputes", "What a breakthrough", "Risks")]
    assert order == sorted(order)
    for label in pkg["assessments"].label_ar:
        assert label in outlook_prose


def test_appendix_reports_the_consistency_checks(pkg: Package) -> None:
    prose = words(chapters(pkg)["data-and-methods"])
    lavrov = pkg["aliases"].query("actor_id == 'lavrov' and note.str.contains('variant')").alias
    assert len(lavrov) == 2
    for spelling in lavrov:
        assert spelling in prose
    assert "Length of the call (Trump–Putin phone call)" in prose
    assert "The two accounts are consistent" in prose
    assert "Sunday 16 February 2025" in prose and "two days before it" in prose
    for row in pkg["events"].query("date_precision != 'day'").itertuples():
        assert row.date_note in prose
    assert "_static/data/sources/article-ar.txt" in str(chapters(pkg)["data-and-methods"])
