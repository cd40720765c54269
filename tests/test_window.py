"""The date window (``--params`` date_from/date_to): checked before any work, the chapters
planned from the events in it, and said on the book's first page."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import talksbook
from pages import parse

from talksbook.data import load
from talksbook.paths import DATA_DIR
from talksbook.pipeline import BuildOptions, build
from talksbook.plan import BookPlan
from talksbook.scope import WindowError, check_window, restrict

#: The window of the report that crashed the build: the 12 February call, no meeting.
CALL_WEEK = {"date_from": "2025-02-10", "date_to": "2025-02-15"}


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


def test_chapters_are_planned_from_the_events_in_the_window():
    package = load(DATA_DIR)
    names = [c.name for c in BookPlan.load().chapters(restrict(package, **CALL_WEEK))]
    assert not [n for n in names if n.startswith("meeting-")]
    assert {"overview", "calls"} <= set(names)
    after = [c.name for c in BookPlan.load().chapters(restrict(package, "2025-02-18"))]
    assert {"meeting-riyadh-talks", "meeting-istanbul-talks"} <= set(after)


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


def test_a_window_with_no_event_is_a_clear_error(tmp_path: Path):
    params = tmp_path / "params.yml"
    params.write_text("date_from: 1990-01-01\ndate_to: 1990-12-31\n", encoding="utf-8")
    result = talksbook("build", "--params", str(params), "--out", str(tmp_path / "out"))
    assert result.returncode == 1
    assert "no dated event in the data may fall between 1990-01-01 and 1990-12-31" in result.stderr
    assert not (tmp_path / "out").exists()


@pytest.mark.slow
def test_the_call_week_builds_without_meeting_chapters_and_says_its_window(tmp_path: Path):
    html = build(
        BuildOptions(data=DATA_DIR, out=tmp_path / "out", parameters=CALL_WEEK, report=print)
    ).html
    assert not list(html.glob("meeting-*.html"))
    assert (html / "calls.html").is_file()
    overview = " ".join(parse(html / "overview.html").plain.split())
    assert (
        "This edition is limited to the events that may fall between 10 February 2025 and "
        "15 February 2025" in overview
    )
