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


def test_overview_counts(pkg: Package) -> None:
    prose = words(chapters(pkg)["overview"])
    assert "The data behind this report record 10 events" in prose
    assert "22 statements" in prose and "of the 22 are quoted directly" in prose
    assert "Only two of the" in prose
    assert "February 2022 (Russian invasion of Ukraine)" in prose
    assert "no recorded outlet, publication date or public address" in prose


def test_meeting_chapters_follow_their_rows(pkg: Package) -> None:
    riyadh = words(chapters(pkg)["meeting-riyadh-talks"])
    assert "the first meeting between the two sides" in riyadh
    assert "Riyadh, Saudi Arabia" in riyadh
    assert "It took place on 18 February 2025" in riyadh
    assert "Eight outcomes are reported: six agreed and two planned" in riyadh
    assert "Ukraine and Ukraine's European allies were not at the table" in riyadh
    assert "delegation members beyond the heads" in riyadh
    istanbul = words(chapters(pkg)["meeting-istanbul-talks"])
    assert "the second meeting" in istanbul
    assert "Left open: its exact date, who headed the delegations" in istanbul
    assert "no earlier than 18 February 2025" in istanbul
    assert "Most of what Riyadh produced" not in istanbul  # notes stay with their meeting


def test_reactions_and_outlook_group_by_codes(pkg: Package) -> None:
    prose = words(chapters(pkg)["reactions"])
    assert "The data record three reactions. None of them is dated." in prose
    assert "Stance towards the talks: critical" in prose
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
