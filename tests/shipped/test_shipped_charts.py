"""The reviewers' checks of the shipped data package: what the charts say of its figures and
dates (the two accounts of the call's length, the gap between the two calls).

These pin the shipped package in data/, not the code: they are expected to fail on another
package. The code's own tests run on any package (tests/test_charts.py, ``corpus``).
"""

from __future__ import annotations

import pytest
import vl_convert as vlc
from test_charts import NAMES, mark_elements, title_parts

from talksbook import charts
from talksbook.data import Package, load
from talksbook.paths import DATA_DIR


@pytest.fixture(scope="module")
def pkg() -> Package:
    return load(DATA_DIR)


def test_the_duration_subtitle_gives_both_accounts_and_their_verdict(pkg: Package) -> None:
    subtitle = title_parts(charts.duration_claims(pkg).to_dict())[1]
    assert "90 min" in subtitle and "more than 60 min" in subtitle and "consistent" in subtitle


@pytest.mark.parametrize("name", NAMES)
def test_every_chart_of_the_shipped_package_draws_marks(name: str, pkg: Package) -> None:
    svg = vlc.vegalite_to_svg(charts.BUILDERS[name](pkg).to_dict())
    assert mark_elements(svg) > 0


def test_the_timeline_counts_only_the_days_it_knows(pkg: Package) -> None:
    # The talks in Istanbul are known only as "after 18 February": not within any week.
    subtitle = title_parts(charts.timeline(pkg).to_dict())[1]
    assert "the last two events dated to the day fall within seven days" in subtitle
    assert "(12–18 February 2025)" in subtitle and "three dated events" not in subtitle


def test_the_shipped_book_draws_no_trivial_chart(pkg: Package) -> None:
    # 90 minutes and "more than an hour": two consistent accounts, said in the prose.
    assert not charts.worth_drawing(charts.duration_claims, pkg)
    # Each meeting took place in one city; Istanbul produced one outcome.
    for meeting in ("riyadh-talks", "istanbul-talks"):
        assert not charts.worth_drawing(charts.venue_map, pkg, meeting)
    assert not charts.worth_drawing(charts.outcomes_per_meeting, pkg, "istanbul-talks")
    assert charts.worth_drawing(charts.outcomes_per_meeting, pkg, "riyadh-talks")
    # Two cities on one map, and the whole record's charts.
    for name in ("timeline", "venue_map", "who_was_at_the_table", "topics_per_event"):
        assert charts.worth_drawing(charts.BUILDERS[name], pkg), name
