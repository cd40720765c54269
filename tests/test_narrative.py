"""The chapters' prose: rendered from the data, safe, complete, and robust to other data.

Tests that take ``corpus`` run on the shipped package and on a generated one (tests/conftest.py);
the shipped package's own sentences are checked in tests/shipped/test_shipped_narrative.py.
"""

from __future__ import annotations

import ast
import dataclasses
import re
from pathlib import Path

import pandas as pd
import pytest
import yaml
from chapters import chapter, chapters, top_level
from conftest import set_cell
from fixtures import add_geneva_meeting
from test_html import Parsed, assert_inert

from talksbook import plan
from talksbook.data import Package, load
from talksbook.data.twins import TWINS
from talksbook.facts import calls as call_facts
from talksbook.facts.sources import cited_sources
from talksbook.html import APPENDIX_PAGE, EVIDENCE_TABLE, Html, el
from talksbook.narrative import appendix as appendix_module
from talksbook.narrative import (
    calls,
    fmt_count,
    fmt_date,
    fmt_interval,
    fmt_list,
    fmt_months,
    fmt_number,
    fmt_ordinal,
    meeting,
    overview,
    reactions,
    say,
)
from talksbook.narrative import common as common_module
from talksbook.paths import DATA_DIR
from talksbook.words import keys, plural_category, templates, text

LANGUAGES = ("en", "ar")
NARRATIVE_DIR = Path(common_module.__file__).parent
TEMPLATE_FILE = NARRATIVE_DIR.parent / "templates" / "narrative.en.yml"


@pytest.fixture(scope="module")
def pkg() -> Package:
    return load(DATA_DIR)


def replace_table(pkg: Package, name: str, frame: pd.DataFrame) -> Package:
    return dataclasses.replace(pkg, tables={**pkg.tables, name: frame})


def with_payload(pkg: Package, payload: str) -> Package:
    """``payload`` appended to every free-text cell: not ids, keys, codes or patterns."""
    changed = pkg
    for resource in pkg.descriptor["resources"]:
        schema = resource["schema"]
        keyed = {name for fk in schema.get("foreignKeys", []) for name in [fk["fields"]]}
        keyed |= set([schema["primaryKey"]] if isinstance(schema["primaryKey"], str) else [])
        frame = pkg[resource["name"]].copy()
        for field in schema["fields"]:
            constraints = field.get("constraints", {})
            if field["type"] != "string" or field["name"] in keyed:
                continue
            if "enum" in constraints or "pattern" in constraints:
                continue
            if field["name"] in {"actor_id", "alias"}:  # aliases' key
                continue
            frame[field["name"]] = frame[field["name"]].map(lambda v: v + payload if v else v)
        changed = replace_table(changed, resource["name"], frame)
    return changed


def words(markup: Html) -> str:
    """The text a reader sees, with runs of whitespace collapsed."""
    return re.sub(r"\s+", " ", Parsed(str(markup)).text)


# --- every chapter, any package ---------------------------------------------------------------


def test_every_chapter_renders_safely(corpus: Package) -> None:
    rendered = chapters(corpus)
    assert {f"meeting-{m}" for m in plan.meeting_chapters(corpus).id} <= set(rendered)
    for name, markup in rendered.items():
        assert isinstance(markup, Html), name
        parsed = assert_inert(str(markup))
        # Every block a cell shows carries the edition's language and direction.
        for tag, attrs in top_level(markup):
            assert tag in {"h2", "h3"} or (tag, attrs["lang"], attrs["dir"]) == (
                "div",
                "en",
                "ltr",
            ), name
        assert len(parsed.text) > 200, name
        assert not re.search(r"\{[a-z_]*\}", parsed.text), name  # no unfilled placeholder


def test_section_functions_compose_the_chapters(corpus: Package) -> None:
    # Notebooks display sections one by one, so each carries its language and direction.
    assert str(calls.comparison(corpus)).startswith(
        '<div class="talksbook-prose" dir="ltr" lang="en">'
    )
    rendered = chapters(corpus)
    assert str(calls.comparison(corpus)) in str(rendered["calls"])
    # A section the data divide (one per call) gives its heading, then its prose.
    for call_id in calls.sectioned(corpus):
        heading, *prose = calls.opening(corpus, call_id)
        assert str(el("h2", heading.text)) in str(rendered["calls"]), call_id
        assert prose and all(str(p) in str(rendered["calls"]) for p in prose), call_id
    assert str(overview.key_numbers(corpus)) in str(rendered["overview"])
    for meeting_id in plan.meeting_chapters(corpus).id:
        outcomes = str(meeting.outcomes(corpus, meeting_id))
        assert outcomes in str(rendered[f"meeting-{meeting_id}"]), meeting_id


def test_the_calls_chapter_has_a_section_per_call_in_date_order(corpus: Package) -> None:
    """Every call that took place gets a section (the latest MAX_CALL_SECTIONS of them), headed
    by its title and date, in date order."""
    held = call_facts.calls(corpus)
    sectioned = calls.sectioned(corpus)
    assert len(sectioned) == min(len(held), calls.MAX_CALL_SECTIONS)
    assert sectioned == [c for c in held if c in sectioned]  # in date order
    markup = str(chapters(corpus)["calls"])
    headings = [str(el("h2", calls.opening(corpus, c)[0].text)) for c in sectioned]
    assert all(markup.count(h) == 1 for h in headings), headings
    places = [markup.index(h) for h in headings]
    assert places == sorted(places)


def test_every_note_is_in_its_chapter(corpus: Package) -> None:
    rendered = chapters(corpus)
    for note in corpus["notes"].itertuples():
        page = f"meeting-{note.event_id}" if note.chapter == "meeting" else str(note.chapter)
        if page in rendered:
            assert note.text_en in words(rendered[page]), (note.id, page)


def test_overview_counts_come_from_the_tables(corpus: Package) -> None:
    prose = words(chapters(corpus)["overview"])
    assert f"record {fmt_count(len(corpus['events']))} events" in prose
    assert f"{fmt_count(len(corpus['statements']))} statements" in prose


# --- the prose changes with the data ----------------------------------------------------------


def test_a_changed_figure_changes_the_prose(package_dir: Path) -> None:
    set_cell(package_dir, "figures", "fig-call-duration-90", "value", "95")
    changed = load(package_dir)
    prose = words(chapter("calls", changed, charts=False))
    assert "Length of the call: 95 minutes" in prose and "90 minutes" not in prose
    assert "95 minutes is more than 60 minutes" in prose
    assert "95 minutes" in words(overview.key_numbers(changed))


def test_a_conflict_between_figures_is_reported(package_dir: Path) -> None:
    set_cell(package_dir, "figures", "fig-call-duration-60", "value", "120")
    prose = words(chapter("calls", load(package_dir), charts=False))
    assert "The accounts conflict: 90 minutes is not more than 120 minutes" in prose
    assert "consistent" not in prose


def test_an_elapsed_claim_is_checked_against_the_dates(pkg: Package) -> None:
    figures = pkg["figures"].copy()
    figures.loc[figures.id == "fig-leader-call-gap", "value"] = 10
    prose = words(chapter("calls", replace_table(pkg, "figures", figures), charts=False))
    assert "That does not fit “in three years” in the article" in prose
    assert "read as about 10 years" in prose


# --- the appendix ------------------------------------------------------------------------------


class Rows(Parsed):
    """Text of every element that carries an id, keyed by that id."""

    def __init__(self, markup: str) -> None:
        self.stack: list[tuple[str, str | None]] = []
        self.by_id: dict[str, list[str]] = {}
        self.ids: list[str] = []
        super().__init__(markup)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        super().handle_starttag(tag, attrs)
        found = dict(attrs).get("id")
        if found is not None:
            self.ids.append(found)
            self.by_id.setdefault(found, [])
        if tag not in {"br", "col", "hr", "wbr"}:
            self.stack.append((tag, found))

    def handle_endtag(self, tag: str) -> None:
        while self.stack:
            if self.stack.pop()[0] == tag:
                break

    def handle_data(self, data: str) -> None:
        super().handle_data(data)
        for _, found in self.stack:
            if found is not None:
                self.by_id[found].append(data)


def test_appendix_holds_every_evidence_row_verbatim(pkg: Package) -> None:
    rows = Rows(str(chapters(pkg)["data-and-methods"]))
    for row in pkg["evidence"].itertuples():
        assert rows.ids.count(row.id) == 1, row.id
        cell_text = "".join(rows.by_id[row.id])
        assert row.exact in cell_text, row.id
        assert row.text_en in cell_text, row.id


def test_every_evidence_link_has_an_anchor(corpus: Package) -> None:
    # A row the appendix lists is linked at its own anchor; one past its cap, at the table
    # (which says how many rows it leaves out and offers the whole file).
    anchors = set(Rows(str(chapters(corpus)["data-and-methods"])).ids)
    targets = set()
    for markup in chapters(corpus).values():
        for tag, attrs in Parsed(str(markup)).tags:
            href = attrs.get("href") or ""
            if tag == "a" and href.startswith(APPENDIX_PAGE + "#"):
                targets.add(href.split("#", 1)[1])
    assert targets and targets <= anchors
    assert targets <= set(corpus["evidence"].id) | {EVIDENCE_TABLE}


def test_appendix_accounts_for_every_table_and_field(corpus: Package) -> None:
    # Data and methods counts every table's rows (its downloads row, the anchor table-<name>)
    # and links each to its fields, which the technical appendix describes one by one.
    parsed = Rows(str(chapters(corpus)["data-and-methods"]))
    technical = Rows(str(chapters(corpus)["technical-appendix"]))
    links = {attrs.get("href"): attrs for tag, attrs in parsed.tags if tag == "a"}
    reference = appendix_module.reference(corpus)
    for resource in corpus.descriptor["resources"]:
        name = resource["name"]
        assert fmt_number(len(corpus[name])) in parsed.by_id[f"table-{name}"], name
        assert f"technical-appendix.html#fields-{name}" in links
        section = "".join(technical.by_id[f"fields-{name}"])
        # An Arabic twin shares its English column's row on the page; the downloadable
        # Markdown copy describes it on a row of its own.
        twins = set(TWINS.get(name, {}).values())
        for field in resource["schema"]["fields"]:
            assert field["name"] in section
            if field["name"] in twins:
                # (Markdown escapes its punctuation with backslashes.)
                assert field["description"] in reference.replace("\\", ""), field["name"]
            else:
                assert field["description"] in section
        link = links[f"_static/data/{resource['path']}"]
        assert "download" in link
    assert "download" in links["_static/data/datapackage.json"]
    for source in cited_sources(corpus):
        path = corpus["sources"].set_index("id").at[source, "path"]
        assert "download" in links[f"_static/data/{path}"], source


# --- templates ---------------------------------------------------------------------------------


def _used_keys() -> tuple[set[str], set[str]]:
    """Literal template keys in the narrative code, and prefixes of keys built at run time."""
    namespaces = {key.split(".")[0] for key in keys()}
    literal, prefixes = set(), set()
    for path in NARRATIVE_DIR.glob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        in_fstrings = {
            id(part)
            for node in ast.walk(tree)
            if isinstance(node, ast.JoinedStr)
            for part in node.values
        }
        for node in ast.walk(tree):
            if isinstance(node, ast.JoinedStr) and isinstance(node.values[0], ast.Constant):
                head = str(node.values[0].value)
                if (
                    re.fullmatch(r"[a-z]+(\.[a-z_-]+)*\.", head)
                    and head.split(".")[0] in namespaces
                ):
                    prefixes.add(head.rstrip("."))
            elif (
                isinstance(node, ast.Constant)
                and isinstance(node.value, str)
                and id(node) not in in_fstrings
                and re.fullmatch(r"[a-z]+(\.[a-z0-9_-]+)+", node.value)
                and node.value.split(".")[0] in namespaces
            ):
                literal.add(node.value)
    return literal, prefixes


def test_every_template_key_used_in_code_exists() -> None:
    literal, prefixes = _used_keys()
    registered = set(common_module.CODED) | set(common_module.FAMILIES)
    assert len(literal) > 100
    # A registered prefix ("channel.heading") is a key family, not a key.
    assert sorted(literal - keys() - registered) == []
    assert sorted(prefixes - registered) == []


def test_every_coded_value_has_its_words(pkg: Package) -> None:
    for prefix, (resource, field) in common_module.CODED.items():
        schema = next(f for f in pkg.resource(resource)["schema"]["fields"] if f["name"] == field)
        for value in schema["constraints"]["enum"]:
            if prefix in {"outlook.intro", "outlook.heading", "check.fits", "check.fails"}:
                continue  # these have a generic fallback key, checked below
            assert f"{prefix}.{value}" in keys(), f"{prefix}.{value}"
    assert {"outlook.intro.other", "check.fits.ranges", "check.fails.ranges"} <= keys()
    for prefix, suffixes in common_module.FAMILIES.items():
        for suffix in suffixes:
            assert f"{prefix}.{suffix}" in keys()


def test_templates_are_words_and_placeholders_only() -> None:
    raw: dict = {}
    for file in sorted(TEMPLATE_FILE.parent.glob("*.en.yml")):
        part = yaml.safe_load(file.read_text(encoding="utf-8"))
        assert not set(part) & set(raw), file.name  # a key is defined once
        raw |= part
    assert raw == dict(templates())
    for key, value in raw.items():
        for form in value.values() if isinstance(value, dict) else [value]:
            assert isinstance(form, str), key
            assert not re.search(r"\d", form), key  # numbers come from the data
            assert "<" not in form and "{{" not in form, key
            assert all(re.fullmatch(r"[a-z_]+", name) for name in re.findall(r"{([^}]*)}", form))


def test_say_escapes_values_and_checks_them() -> None:
    assert str(say("cite.wrap", cite="<b>")) == "(&lt;b&gt;)"
    assert str(say("cite.wrap", cite=Html("<b>x</b>"))) == "(<b>x</b>)"
    assert str(say("calls.topics", n=3)) == "The data tie three topics to the call:"
    assert str(say("calls.topics", n=1)) == "The data tie one topic to the call:"
    with pytest.raises(KeyError):
        say("cite.wrap")
    with pytest.raises(KeyError):
        say("no.such.key")
    with pytest.raises(ValueError):
        say("cite.wrap", lang="xx", cite="x")


def test_formatters() -> None:
    day = pd.Timestamp("2025-02-12")
    assert fmt_date(day) == "12 February 2025"
    assert fmt_date(pd.Timestamp("2022-02-01"), "month") == "February 2022"
    assert fmt_date(pd.NaT) == "undated"
    assert fmt_interval(day, day, "day", "stated") == "12 February 2025"
    assert fmt_interval("2022-02-01", "2022-02-28", "month", "stated") == "February 2022"
    assert fmt_interval(day, day, "day", "resolved-weekday") == (
        "12 February 2025 (resolved from a weekday)"
    )
    assert fmt_interval("2025-02-18", None, "open", "inferred-order") == (
        "no earlier than 18 February 2025 (date not given; inferred from the order of events)"
    )
    assert fmt_interval(None, None, "unknown", "unknown") == "undated"
    assert fmt_number(90.0) == "90" and fmt_number(12345) == "12,345"
    assert fmt_number(24.68773) == "24.69"
    assert [fmt_ordinal(n) for n in (1, 2, 11, 12, 21, 22, 23, 101)] == [
        "first", "second", "11th", "12th", "21st", "22nd", "23rd", "101st"
    ]  # fmt: skip
    assert fmt_months(35) == "two years and 11 months" and fmt_months(36) == "three years"
    assert str(fmt_list(["a", "b", "<c>"])) == "a, b and &lt;c&gt;"
    assert [plural_category(n, "ar") for n in (0, 1, 2, 3, 11, 100)] == [
        "zero", "one", "two", "few", "many", "other"
    ]  # fmt: skip


# --- other data --------------------------------------------------------------------------------


def _third_meeting(pkg: Package) -> Package:
    """The shipped data plus an undated meeting in Geneva with only a head of delegation and
    an ordinal: most of what a chapter can say is missing."""
    events = pkg["events"]
    row = events[events.id == "riyadh-talks"].copy()
    row["id"] = "geneva-talks"
    row["title_en"] = "US–Russia talks in Geneva"
    for column in ("date_earliest", "date_latest"):
        row[column] = pd.NaT
    row["date_precision"], row["date_basis"] = "unknown", "unknown"
    row["date_note"] = row["date_note_ar"] = ""
    for column in ("city", "city_ar", "country", "venue_en", "venue_ar", "location_source"):
        row[column] = ""
    row[["latitude", "longitude"]] = pd.NA
    figures = pkg["figures"]
    ordinal = figures[figures.id == "fig-istanbul-ordinal"].copy()
    ordinal["id"], ordinal["event_id"], ordinal["value"] = "fig-geneva", "geneva-talks", 3
    participants = pkg["participants"]
    head = participants[participants.role == "head-of-delegation"].head(1).copy()
    head["event_id"] = "geneva-talks"
    changed = replace_table(pkg, "events", pd.concat([events, row], ignore_index=True))
    changed = replace_table(changed, "figures", pd.concat([figures, ordinal], ignore_index=True))
    return replace_table(
        changed, "participants", pd.concat([participants, head], ignore_index=True)
    )


def test_a_third_meeting_gets_its_chapter(pkg: Package) -> None:
    changed = _third_meeting(pkg)
    assert meeting.meeting_ids(changed)[-1] == "geneva-talks"  # undated: last
    markup = chapter("meeting", changed, meeting_id="geneva-talks")
    assert_inert(str(markup))
    prose = words(markup)
    assert "the third meeting" in prose
    # The fact sheet gives the date once: none (the "left open" list says so too).
    assert "undated" in prose
    assert "Left open: its exact date, where it was held, the venue" in prose
    assert "what was discussed, what it produced and what anyone said about it" in prose
    assert "US–Russia talks in Geneva" in words(chapter("reactions", changed))
    assert "US–Russia talks in Geneva" in words(chapter("overview", changed))


@pytest.mark.parametrize("event_id", ["geneva-talks", "call-2025", "", "<script>"])
def test_a_chapter_for_something_not_a_meeting_is_refused(pkg: Package, event_id: str) -> None:
    with pytest.raises(ValueError, match="meetings in the data: riyadh-talks, istanbul-talks"):
        chapter("meeting", pkg, meeting_id=event_id)


@pytest.mark.parametrize(
    "table",
    [
        "sources",
        "evidence",
        "actors",
        "aliases",
        "events",
        "date_claims",
        "participants",
        "statements",
        "topics",
        "event_topics",
        "outcomes",
        "figures",
        "assessments",
        "notes",
    ],
)
def test_chapters_survive_an_empty_table(pkg: Package, table: str) -> None:
    emptied = replace_table(pkg, table, pkg[table].iloc[0:0])
    # Most emptied tables break foreign keys: the build would refuse the data. The prose must
    # survive it anyway; the charts need not, so they are left out.
    for markup in chapters(emptied, charts=False).values():
        assert_inert(str(markup))


def test_chapters_survive_blank_optional_fields(pkg: Package) -> None:
    """Every optional field emptied at once ("" for text, NaT/NA otherwise)."""
    changed = pkg
    for resource in pkg.descriptor["resources"]:
        frame = pkg[resource["name"]].copy()
        for field in resource["schema"]["fields"]:
            if field.get("constraints", {}).get("required"):
                continue
            column = frame[field["name"]]
            frame[field["name"]] = "" if pd.api.types.is_string_dtype(column) else pd.NA
        changed = replace_table(changed, resource["name"], frame)
    for markup in chapters(changed).values():
        assert_inert(str(markup))


HOSTILE = "<script>alert(1)</script>{{ 7*191 }}<img src=x onerror=alert(1)>"


def test_hostile_text_in_the_data_stays_text(pkg: Package) -> None:
    """Append a payload to every free-text cell (not ids, codes or patterns) and render all."""
    rendered = chapters(with_payload(pkg, HOSTILE))
    for name, markup in rendered.items():
        parsed = assert_inert(str(markup))
        # (The technical appendix shows the descriptor and the codes, no free-text cell.)
        assert HOSTILE in parsed.text or name == "technical-appendix", name


def test_past_the_limit_only_the_latest_calls_get_a_section(
    pkg: Package, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(calls, "MAX_CALL_SECTIONS", 1)
    assert calls.sectioned(pkg) == ["call-2025"]  # the latest of the two
    prose = words(chapter("calls", pkg, charts=False))
    assert "The latest has a section of its own" in prose
    assert "Putin–Biden phone call, February 2022" not in prose  # no section of its own
    assert "Trump–Putin phone call, 12 February 2025" in prose


# --- a corpus of several sources ----------------------------------------------------------------


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_no_template_speaks_of_the_article(lang: str) -> None:
    """With several sources "the article" is wrong: sentences name the source of what they
    cite, or speak of the data; only the names of sources say "article"."""
    word = {"en": re.compile(r"\barticle", re.I), "ar": re.compile("المقال")}[lang]
    for key, template in templates(lang).items():
        if key.startswith(("source.the.", "source.nth.", "source.short.", "source.count.")):
            continue
        for form in template.values() if isinstance(template, dict) else [template]:
            assert not word.search(form), (key, form)


#: A citation that names no source ("(line 5)", "(by telephone, line 5)"), and the words
#: "the article" (only right when the data cite one article), by language.
BARE_CITATION = {
    "en": re.compile(r"[(,] line \d"),
    "ar": re.compile(r"(?:\(\s*|(?<![٠-٩])،\s)السطر\s[٠-٩]"),
}
THE_ARTICLE = {"en": re.compile(r"\bthe article\b", re.I), "ar": re.compile("المقال(?!\\s*[٠-٩])")}
SOURCE_LABEL = {"en": re.compile(r"\bart\. \d"), "ar": re.compile("المقال [٠-٩]")}


def _descriptor_text(pkg: Package) -> list[str]:
    """Every string of the descriptor (its titles and descriptions are the package's words,
    which the appendix shows as given), longest first."""

    def strings(node: object) -> list[str]:
        if isinstance(node, dict):
            return [s for value in node.values() for s in strings(value)]
        if isinstance(node, list):
            return [s for value in node for s in strings(value)]
        return [node] if isinstance(node, str) and node.strip() else []

    return sorted(set(strings(pkg.descriptor)), key=len, reverse=True)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_citations_name_their_source_when_the_data_cite_several(corpus: Package, lang: str) -> None:
    """With several cited sources every citation names its source ("art. 2, l. 5") and no
    sentence speaks of "the article"; with one, citations give the line alone."""
    several = len(cited_sources(corpus)) > 1
    own = _descriptor_text(corpus)
    for name, markup in chapters(corpus, lang).items():
        prose = " ".join(Parsed(str(markup)).text.split())
        for descriptor_text in own:
            prose = prose.replace(" ".join(descriptor_text.split()), " ")
        if several:
            assert not BARE_CITATION[lang].search(prose), (name, BARE_CITATION[lang].findall(prose))
            assert not THE_ARTICLE[lang].search(prose), (name, THE_ARTICLE[lang].findall(prose))
        else:
            assert not SOURCE_LABEL[lang].search(prose), name
    if several:
        assert SOURCE_LABEL[lang].search(" ".join(map(str, chapters(corpus, lang).values())))


def test_with_two_sources_every_citation_names_its_source(package_dir: Path) -> None:
    meeting_id = add_geneva_meeting(package_dir)
    two = load(package_dir)
    geneva = words(chapter("meeting", two, meeting_id=meeting_id, charts=False))
    # Lines of the second article are cited as such, and the meeting rests on it alone.
    assert re.search(r"\(art\. 2, l\. 2\)", geneva)
    assert "Only article 2 tells of it." in geneva
    riyadh = words(chapter("meeting", two, meeting_id="riyadh-talks", charts=False))
    assert "Only article 1 tells of it." in riyadh
    for markup in chapters(two, charts=False).values():
        prose = words(markup)
        assert not re.search(r"[(,] line \d", prose)  # no citation without its source
    assert "art. 1, l. 5" in words(chapter("calls", two, charts=False))


def test_a_relative_day_is_told_with_its_anchor(package_dir: Path) -> None:
    set_cell(package_dir, "date_claims", "dc-call-wednesday", "basis", "relative-day")
    set_cell(package_dir, "date_claims", "dc-call-wednesday", "offset_days", "-6")
    changed = load(package_dir)
    prose = words(chapter("calls", changed, charts=False))
    assert (
        "“on Wednesday” in the article (الأربعاء, line 27) is counted from the US–Russia talks "
        "in Riyadh (Tuesday 18 February 2025): Wednesday 12 February 2025, six days before it."
    ) in prose
    arabic = words(chapter("calls", changed, lang="ar", charts=False))
    assert "محسوبة من محادثات الرياض" in arabic
    appendix = words(chapter("data-and-methods", changed, charts=False))
    assert "relative day, counted from an anchor" in appendix


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_the_downloads_say_they_are_raw_data(corpus: Package, lang: str) -> None:
    appendix = words(chapters(corpus, lang)["data-and-methods"])
    assert text("downloads.raw", lang) in appendix


def test_a_reaction_names_its_speakers_and_stances_once(corpus: Package) -> None:
    from talksbook.facts.reactions import reactions as told_reactions
    from talksbook.narrative.common import View
    from talksbook.narrative.reactions import reaction

    view = View(corpus, "en")
    said = view.by_id("statements")
    found = told_reactions(corpus, 50)
    with_statements = 0
    for told in found.told:
        markup = str(reaction(view, told))
        # The reaction's own paragraph: what comes before its first statement (or quote).
        paragraph = re.sub(r"<[^>]+>", "", markup.split("</p>", 1)[0])
        assert "stance towards the talks" not in paragraph, paragraph
        if told.statements:
            with_statements += 1
            for i in told.statements:
                assert f"It comes from {view.actor(str(said[i]['speaker_id']))}" not in paragraph
            assert markup.count("stance towards the talks") == len(told.statements), markup
    assert with_statements, "the corpus should record a reaction with statements"


@pytest.mark.parametrize(
    ("least", "most", "en"),
    [
        (0, 0, "less than a month"),
        (0, 1, "up to one month"),
        (2, 2, "two months"),
        (35, 36, "between two years and 11 months and three years"),
    ],
)
def test_a_gap_in_whole_months_never_reads_zero_months(least: int, most: int, en: str) -> None:
    from talksbook.facts.claims import Gap
    from talksbook.narrative.checks import gap_words
    from talksbook.narrative.common import View

    pkg = load(DATA_DIR)
    span = Gap(least_days=least * 30, most_days=most * 31, least_months=least, most_months=most)
    assert gap_words(View(pkg, "en"), span) == en
    arabic = gap_words(View(pkg, "ar"), span)
    assert arabic and not re.search(r"[0-9]", arabic) and "٠" not in arabic


def test_the_calls_intro_says_each_call_has_a_section_only_when_each_has(corpus: Package) -> None:
    from talksbook.facts import calls as facts

    ids = facts.calls(corpus)
    assert len(ids) > 1, "the corpus should record several calls"
    prose = words(calls.intro(corpus, "en"))
    capped = len(calls.sectioned(corpus)) < len(ids)
    assert ("Each has its own section" in prose) != capped, prose
    assert ("have a section of their own" in prose) == capped, prose


def test_who_was_left_out_is_said_once_per_meeting_chapter(corpus: Package) -> None:
    from talksbook.facts import meetings as meeting_facts
    from talksbook.facts.findings import meeting_findings

    absent_somewhere = False
    for event_id in meeting.meeting_ids(corpus):
        left_out = meeting_facts.absent(corpus, event_id).actor_ids
        absent_somewhere |= bool(left_out)
        said = any(f.kind == "meeting_absent" for f in meeting_findings(corpus, event_id))
        assert said == bool(left_out), event_id  # the key findings say it...
        assert not meeting.absent(corpus, event_id, "en"), event_id  # ...and only they
    assert absent_somewhere, "the corpus should leave a party out of a meeting"


def test_the_count_of_meetings_without_a_party_reads_all_some_or_none(corpus: Package) -> None:
    from talksbook.facts.reactions import absences

    table = absences(corpus)
    prose = words(reactions.table_and_absent(corpus, "en"))
    n, without = len(table.meetings), table.without
    assert n > 1
    if without == n:
        assert ("Both meetings" if n == 2 else f"All {fmt_count(n)} meetings") in prose, prose
    elif without == 0:
        assert "left out a party" in prose, prose
    else:
        assert f"Of the {fmt_count(n)} meetings in the data, {fmt_count(without)} went" in prose
    assert f"{fmt_count(n)} went ahead" not in prose, prose
