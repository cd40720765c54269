"""The date window (``--params`` date_from/date_to): checked before any work, the chapters
planned from the events in it, and said on the book's first page."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from babel.dates import format_date
from conftest import talksbook
from pages import parse

from talksbook.data import Package
from talksbook.pipeline import BuildOptions, build
from talksbook.plan import BookPlan, meeting_chapters
from talksbook.scope import WindowError, check_window, restrict


def one_day(package: Package) -> dict[str, str]:
    """A one-day window on the earliest exactly dated call of the package (on the earliest
    exactly dated event when it has no such call)."""
    events = package["events"]
    exact = events[events.date_earliest.notna() & (events.date_earliest == events.date_latest)]
    calls = exact[exact.track == "call"]
    day = (calls if len(calls) else exact).date_earliest.min().date().isoformat()
    return {"date_from": day, "date_to": day}


def planned_meetings(package: Package) -> set[str]:
    return {c.name for c in BookPlan.load().chapters(package) if c.name.startswith("meeting-")}


@pytest.mark.parametrize(
    ("date_from", "date_to", "message"),
    [
        ("2025-02-30", None, "date_from: '2025-02-30' is not a date"),
        (None, "15/02/2025", "date_to: '15/02/2025' is not a date"),
        ("2025-02-20", "2025-02-10", "date_from 2025-02-20 is after date_to 2025-02-10"),
    ],
)
def test_a_window_that_is_not_one_is_refused(date_from, date_to, message):
    with pytest.raises(WindowError, match=message):
        check_window(date_from, date_to)


@pytest.mark.parametrize("window", [(None, None), ("2025-02-10", None), (None, "2025-02-10")])
def test_open_windows_are_windows(window):
    check_window(*window)


def test_chapters_are_planned_from_the_events_in_the_window(corpus: Package):
    window = one_day(corpus)
    scoped = restrict(corpus, **window)
    assert len(scoped["events"]) < len(corpus["events"])
    names = {c.name for c in BookPlan.load().chapters(scoped)}
    assert {"overview", "calls"} <= names
    # A meeting gets a chapter when it may fall in the window, and only then.
    day = window["date_from"]
    for meeting in meeting_chapters(scoped).itertuples():
        assert pd.isna(meeting.date_earliest) or meeting.date_earliest <= pd.Timestamp(day)
        assert pd.isna(meeting.date_latest) or meeting.date_latest >= pd.Timestamp(day)
    # A meeting dated on that very day gets its chapter.
    for meeting in meeting_chapters(corpus).itertuples():
        inside = meeting.date_earliest == meeting.date_latest == pd.Timestamp(day)
        assert not inside or f"meeting-{meeting.id}" in planned_meetings(scoped), meeting.id


def test_bad_parameters_exit_2_before_any_work(tmp_path: Path):
    params = tmp_path / "params.yml"
    params.write_text("date_from: 2025-02-30\n", encoding="utf-8")
    result = talksbook("build", "--params", str(params), "--out", str(tmp_path / "out"))
    assert result.returncode == 2, result.stderr
    assert f"{params}: date_from: '2025-02-30' is not a date. Fix:" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("a: &x [1]\nb: *x\n", "aliases are not allowed"),
        ("date_from: !!python/object:os.system x\n", "could not determine a constructor"),
        ("date_from: [\n", "cannot be read as a YAML mapping"),
    ],
)
def test_unsafe_or_broken_yaml_is_refused(tmp_path: Path, text: str, problem: str):
    params = tmp_path / "params.yml"
    params.write_text(text, encoding="utf-8")
    result = talksbook("build", "--params", str(params), "--out", str(tmp_path / "out"))
    assert result.returncode == 2, result.stderr
    assert problem in result.stderr and "Traceback" not in result.stderr


def test_a_window_with_no_event_is_a_clear_error(tmp_path: Path, corpus: Package, corpus_dir: Path):
    year = corpus["events"].date_earliest.min().year - 2
    params = tmp_path / "params.yml"
    params.write_text(f"date_from: {year}-01-01\ndate_to: {year}-12-31\n", encoding="utf-8")
    result = talksbook(
        "build", "--data", str(corpus_dir), "--params", str(params), "--out", str(tmp_path / "out")
    )
    assert result.returncode == 1
    assert (
        f"no dated event in the data may fall between {year}-01-01 and {year}-12-31"
        in result.stderr
    )
    assert not (tmp_path / "out").exists()


@pytest.mark.slow
def test_a_windowed_build_has_the_window_s_chapters_and_says_its_window(
    tmp_path: Path, corpus: Package, corpus_dir: Path
):
    window = one_day(corpus)
    html = build(
        BuildOptions(data=corpus_dir, out=tmp_path / "out", parameters=window, report=print)
    ).html
    published = {p.stem for p in html.glob("meeting-*.html")}
    assert published == planned_meetings(restrict(corpus, **window))
    assert (html / "calls.html").is_file()
    overview = " ".join(parse(html / "overview.html").plain.split())
    day = format_date(pd.Timestamp(window["date_from"]).date(), "d MMMM y", locale="en")
    assert f"This edition is limited to the events that may fall between {day} and {day}" in (
        overview
    )
