"""Issue 12's example, as a coder would add it: a second article with a second leaders' call
(two accounts of its length), a proposed pause in strikes and three more meetings, coded into
the shipped package, then built with no change to code or notebooks, after the first edition."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from fixtures import add_second_article

from talksbook.data import load
from talksbook.data.rehash import rehash
from talksbook.facts.voices import mention_sources
from talksbook.paths import DATA_DIR
from talksbook.pipeline import BuildOptions, build_editions

pytestmark = pytest.mark.slow

TITLE = "Washington, Moscow and Kyiv: the talks of February and March 2025"
TITLE_AR = "واشنطن وموسكو وكييف: محادثات فبراير ومارس ٢٠٢٥"


def text(page: Path) -> str:
    """What a reader sees of a page's article (not its navigation): scripts and tags out,
    whitespace collapsed."""
    html = page.read_text(encoding="utf-8")
    found = re.search(r"<article[^>]*bd-article.*?</article>", html, flags=re.S)
    article = re.sub(r"<script.*?</script>", " ", found.group() if found else html, flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", article))


@pytest.fixture(scope="module")
def editions(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The first edition from the shipped package, then the second from the same folder with
    the second article coded in and the book's title in the package; both languages."""
    root = tmp_path_factory.mktemp("second")
    data, out = root / "data", root / "out"
    shutil.copytree(DATA_DIR, data)
    options = BuildOptions(data=data, out=out, report=lambda _: None)
    build_editions(options, ["en", "ar"])
    add_second_article(data)
    descriptor = json.loads((data / "datapackage.json").read_text(encoding="utf-8"))
    descriptor["book"] = {
        "title": TITLE,
        "title_ar": "واشنطن وموسكو وكييف: محادثات فبراير ومارس ٢٠٢٥",
    }
    (data / "datapackage.json").write_text(
        json.dumps(descriptor, ensure_ascii=False, indent=2), encoding="utf-8"
    )
    rehash(data)
    english, arabic = build_editions(options, ["en", "ar"])
    return {"data": data, "en": english.html, "ar": arabic.html}


def test_both_calls_get_their_sections_with_their_own_figures(editions: dict[str, Path]):
    calls = text(editions["en"] / "calls.html")
    # The sections, by their headings (the chapter's lead may name the latest call first).
    first, second = (
        calls.index("Trump–Putin phone call, 12 February 2025 #"),
        calls.index("Second Trump–Putin call, 18 March 2025 #"),
    )
    assert first < second  # date order
    assert "Length of the call: 90 minutes, according to article 1" in calls[first:second]
    # The second call's two accounts, in the second article's words, and their verdict.
    later = calls[second:]
    assert "Length of the call: more than 120 minutes, according to article 2" in later
    assert "Another passage gives 150 minutes" in later  # in the order the article tells them
    assert "150 minutes is more than 120 minutes" in later
    assert "Proposed pause in strikes on energy sites" in calls  # a next step of the calls


def test_the_new_meetings_get_chapters_and_citations_name_their_source(editions):
    html = editions["en"]
    for meeting in ("jeddah-talks", "riyadh-experts", "riyadh-technical"):
        page = text(html / f"meeting-{meeting}.html")
        assert re.search(r"art\. 2, l\. \d", page), meeting
        assert "Only article 2 tells of it." in page
        assert "the article" not in page.lower()  # their text is the book's and the data's
    riyadh = text(html / "meeting-riyadh-talks.html")
    assert re.search(r"art\. 1, l\. \d", riyadh) and not re.search(r"\(line \d", riyadh)


def test_counts_cover_both_sources(editions: dict[str, Path]):
    package = load(editions["data"])
    assert mention_sources(package) == ["art-ar", "second-dispatch"]
    overview = text(editions["en"] / "overview.html")
    assert f"record {len(package['events'])} events" in overview


def test_the_title_comes_from_the_package(editions: dict[str, Path]):
    assert TITLE in (editions["en"] / "overview.html").read_text(encoding="utf-8")
    assert TITLE_AR in (editions["ar"] / "overview.html").read_text(encoding="utf-8")


def test_the_changes_page_lists_what_was_added(editions: dict[str, Path]):
    changes = text(editions["en"] / "changes.html")
    for title in (
        "Second Trump–Putin call",
        "Proposed pause in strikes on energy sites",
        "US–Ukraine talks in Jeddah",
        "US–Ukraine expert talks in Riyadh",
        "US–Russia technical talks in Riyadh",
    ):
        assert title in changes
    assert "Second dispatch" in changes
    assert "المكالمة الثانية بين ترامب وبوتين" in text(editions["ar"] / "changes.html")
