"""The Arabic edition's prose: the same sentences as the English one, in Modern Standard Arabic,
with Arabic plural forms, Arabic-Indic digits, Arabic dates, and English fallbacks marked.

Tests that take ``corpus`` run on the shipped package and on a generated one (tests/conftest.py);
the shipped package's own sentences are checked in tests/shipped/test_shipped_narrative_ar.py.
"""

from __future__ import annotations

import re
import string
from html.parser import HTMLParser

import pandas as pd
import pytest
from chapters import chapter, chapters, top_level
from test_html import Parsed, assert_inert
from test_narrative import replace_table, with_payload

from talksbook import plan
from talksbook.data import Package, load
from talksbook.html import Html, escape
from talksbook.narrative import (
    appendix,
    calls,
    fmt_count,
    fmt_date,
    fmt_interval,
    fmt_list,
    fmt_months,
    fmt_number,
    fmt_ordinal,
    fmt_weekday_date,
    meeting,
    outlook,
    overview,
    reactions,
    say,
    text,
)
from talksbook.narrative.common import FAMILIES
from talksbook.paths import DATA_DIR
from talksbook.words import direction, fmt_digits, templates

ARABIC_INDIC = "٠١٢٣٤٥٦٧٨٩"
TO_ASCII = str.maketrans(ARABIC_INDIC, "0123456789")

#: Families of keys a language may have or not (number words: Arabic writes figures instead).
OPTIONAL_FAMILIES = tuple(prefix + "." for prefix, required in FAMILIES.items() if not required)

#: Placeholders the Arabic sentence leaves out on purpose, and why. Everything else must match.
OMITTED: dict[str, set[str]] = {
    # {stated} is the English gloss of the Arabic date expression {ar}, which Arabic quotes itself.
    **{
        key: {"stated"}
        for key in (
            "claim.stated",
            "claim.item",
            "claim.weekday",
            "claim.weekday.anchored",
            "claim.weekday.same",
            "claim.order",
            "claim.relative",
            "claim.undated",
            "check.elapsed.fits",
            "check.elapsed.fails",
        )
    },
    # In Arabic an assessment's {label} is label_ar, which {ar} already shows verbatim.
    "outlook.item": {"label"},
    "outlook.item.actor": {"label"},
    # {title} is the English translation of an Arabic title that {original} gives as published.
    "known.source_gaps": {"title"},
    # An Arabic unit is a whole count phrase ({n:day}: يومان، ٣ أيام): it writes the figure itself,
    # or none (the dual), so the figure passed beside it is left out; a range ends with it.
    "chart.claims.amount": {"value"},
    "chart.claims.range": {"hi"},
}


@pytest.fixture(scope="module")
def pkg() -> Package:
    return load(DATA_DIR)


@pytest.fixture(scope="module")
def arabic(pkg: Package) -> dict[str, Html]:
    return chapters(pkg, "ar")


@pytest.fixture(scope="module")
def english(pkg: Package) -> dict[str, Html]:
    return chapters(pkg, "en")


def words(markup: Html) -> str:
    """The text a reader sees, with runs of whitespace collapsed."""
    return re.sub(r"\s+", " ", Parsed(str(markup)).text)


class Own(HTMLParser):
    """Visible text written in the edition's own words: without marked English runs
    (``lang="en"``), verbatim Arabic (``class="ar"``) and code."""

    def __init__(self, markup: str) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, bool]] = []
        self.chunks: list[str] = []
        self.feed(markup)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in {"br", "col", "hr", "wbr"}:
            self.stack.append((tag, self.skip(tag, dict(attrs))))

    @staticmethod
    def skip(tag: str, attrs: dict[str, str | None]) -> bool:
        classes = (attrs.get("class") or "").split()
        return attrs.get("lang") == "en" or "ar" in classes or tag == "code"

    def handle_endtag(self, tag: str) -> None:
        while self.stack:
            if self.stack.pop()[0] == tag:
                break

    def handle_data(self, data: str) -> None:
        if not any(skip for _, skip in self.stack):
            self.chunks.append(data)

    @property
    def text(self) -> str:
        return "".join(self.chunks)


# --- the template files ------------------------------------------------------------------------


def placeholders(value: str | dict[str, str]) -> set[str]:
    forms = value.values() if isinstance(value, dict) else [value]
    return {name for form in forms for _, name, _, _ in string.Formatter().parse(form) if name}


def test_both_languages_have_the_same_keys() -> None:
    def required(lang: str) -> set[str]:
        return {k for k in templates(lang) if not k.startswith(OPTIONAL_FAMILIES)}

    assert sorted(required("en") - required("ar")) == []  # a sentence Arabic lacks
    assert sorted(required("ar") - required("en")) == []  # a sentence English lacks
    assert direction("ar") == "rtl" and direction("en") == "ltr"


def test_both_languages_have_the_same_placeholders() -> None:
    en, ar = templates("en"), templates("ar")
    for key in en.keys() & ar.keys():
        names_en, names_ar = placeholders(en[key]), placeholders(ar[key])
        # n chooses the form of a plural template, so the code supplies it even where English
        # does not write it; a chart's unit always gets it (charts.claims._unit), and Arabic
        # writes its count phrase there.
        counted = isinstance(en[key], dict) or key.startswith("chart.claims.unit.")
        supplied = names_en | ({"n"} if counted else set())
        assert names_ar <= supplied, (key, names_ar - supplied)  # the code would not supply it
        assert names_en - names_ar <= OMITTED.get(key, set()), (key, names_en - names_ar)
    for key, omitted in OMITTED.items():
        assert omitted <= placeholders(en[key]) and not omitted & placeholders(ar[key]), key


def _fill(key: str, lang: str, n: int) -> str:
    names = placeholders(templates("en")[key]) - {"n"}
    return text(key, lang, n=n, **{name: "x" for name in names})


def test_counted_sentences_use_the_arabic_plural_forms() -> None:
    """Where English writes the count, Arabic writes it in figures from three on, and uses the
    singular ("واحد") or dual form, with no figure, for one and two."""
    counted = [
        key
        for key in templates("en")
        if key != "ordinal.suffix"  # fmt_ordinal's own digits, not a count
        and "n" in placeholders(templates("en")[key])
        and fmt_count(3) in _fill(key, "en", 3)
    ]
    assert len(counted) > 40
    for key in counted:
        for n in (3, 10, 11, 99, 100, 103, 111):
            assert fmt_count(n, "ar") in _fill(key, "ar", n), (key, n)
        for n, figure in ((1, "١"), (2, "٢")):
            assert figure not in _fill(key, "ar", n), (key, n)


@pytest.mark.parametrize(
    ("n", "expected"),
    [
        (1, "تربط البيانات بالمكالمة موضوعًا واحدًا:"),
        (2, "تربط البيانات بالمكالمة موضوعين:"),
        (3, "تربط البيانات بالمكالمة ٣ موضوعات:"),
        (10, "تربط البيانات بالمكالمة ١٠ موضوعات:"),
        (11, "تربط البيانات بالمكالمة ١١ موضوعًا:"),
        (100, "تربط البيانات بالمكالمة ١٠٠ موضوع:"),
        (103, "تربط البيانات بالمكالمة ١٠٣ موضوعات:"),
    ],
)
def test_plural_forms_read_as_arabic(n: int, expected: str) -> None:
    assert str(say("calls.topics", "ar", n=n)) == expected


# --- formatters --------------------------------------------------------------------------------


def test_arabic_numbers_and_dates() -> None:
    day = pd.Timestamp("2025-02-12")
    assert fmt_number(12345, "ar") == "١٢٬٣٤٥" and fmt_number(12345) == "12,345"
    assert fmt_number(24.68773, "ar") == "٢٤٫٦٩" and fmt_number(90.0, "ar") == "٩٠"
    assert fmt_number(2025, "ar", grouping=False) == "٢٠٢٥"
    assert fmt_digits("1 2", "ar") == "١ ٢" and fmt_digits("1 2") == "1 2"
    assert fmt_count(3, "ar") == "٣" and fmt_count(3) == "three"  # no number words in Arabic
    assert fmt_date(day, lang="ar") == "١٢ فبراير ٢٠٢٥"
    assert fmt_date(pd.Timestamp("2022-02-01"), "month", "ar") == "فبراير ٢٠٢٢"
    assert fmt_date(pd.Timestamp("2022-02-01"), "year", "ar") == "٢٠٢٢"
    assert fmt_date(pd.NaT, lang="ar") == "بلا تاريخ"
    assert fmt_weekday_date(day, "ar") == "الأربعاء ١٢ فبراير ٢٠٢٥"
    assert fmt_weekday_date(pd.Timestamp("2025-02-16"), "ar") == "الأحد ١٦ فبراير ٢٠٢٥"
    assert [text(f"month.{m}", "ar") for m in (1, 2, 12)] == ["يناير", "فبراير", "ديسمبر"]
    assert fmt_interval("2025-02-18", None, "open", "inferred-order", "ar") == (
        "في ١٨ فبراير ٢٠٢٥ أو بعده (التاريخ غير مذكور؛ مستنتَج من تسلسل الأحداث)"
    )
    assert fmt_interval("2022-02-01", "2022-02-28", "month", "stated", "ar") == "فبراير ٢٠٢٢"
    assert [fmt_ordinal(n, "ar") for n in (1, 2, 10, 11, 101)] == [
        "الأول", "الثاني", "العاشر", "الحادي عشر", "الـ١٠١"
    ]  # fmt: skip
    assert fmt_months(35, "ar") == "سنتين و١١ شهرًا" and fmt_months(36, "ar") == "٣ سنوات"
    assert fmt_months(1, "ar") == "شهر واحد" and fmt_months(0, "ar") == "أقل من شهر"
    assert str(fmt_list(["روسيا", "الصين", "إيران"], "ar")) == "روسيا والصين وإيران"
    assert str(fmt_list(["روسيا", "الصين"], "ar", alternative=True)) == "روسيا أو الصين"


def test_english_fallbacks_are_marked_in_arabic_only() -> None:
    role = "US Secretary of State"
    assert str(say("actor.with_role", "ar", name="ماركو روبيو", role=role)) == (
        'ماركو روبيو (<bdi dir="ltr" lang="en">US Secretary of State</bdi>)'
    )
    assert str(say("actor.with_role", "en", name="Marco Rubio", role=role)) == (
        "Marco Rubio (US Secretary of State)"
    )
    # In mixed text each Latin run is isolated, and numbers take the edition's digits;
    # markup stays escaped.
    assert str(say("actor.name", "ar", name="تروث سوشيال (Truth Social)")) == (
        'تروث سوشيال (<bdi dir="ltr">Truth Social</bdi>)'
    )
    assert str(say("actor.name", "ar", name="1.0.0")) == "١.٠.٠"
    assert str(say("actor.name", "ar", name="<b>x</b>")) == (
        '<bdi dir="ltr" lang="en">&lt;b&gt;x&lt;/b&gt;</bdi>'
    )
    assert str(fmt_list(["Riyadh", "إسطنبول"], "ar")) == (
        '<bdi dir="ltr" lang="en">Riyadh</bdi> وإسطنبول'
    )


# --- every chapter, any package ---------------------------------------------------------------


def test_every_chapter_renders_in_arabic(corpus: Package) -> None:
    arabic = chapters(corpus, "ar")
    assert {f"meeting-{m}" for m in plan.meeting_chapters(corpus).id} <= set(arabic)
    for name, markup in arabic.items():
        parsed = assert_inert(str(markup))
        # Every block a cell shows carries the edition's language and direction.
        for tag, attrs in top_level(markup):
            assert tag in {"h2", "h3"} or (tag, attrs["lang"], attrs["dir"]) == (
                "div",
                "ar",
                "rtl",
            ), name
        assert len(parsed.text) > 200, name
        assert not re.search(r"\{[a-z_]*\}", parsed.text), name  # no unfilled placeholder


def test_arabic_sections_carry_their_language(corpus: Package) -> None:
    # Notebooks display sections one by one, so each carries its language and direction.
    head = '<div class="talksbook-prose" dir="rtl" lang="ar">'
    sections = [
        overview.lead(corpus, lang="ar"),
        calls.comparison(corpus, lang="ar"),
        reactions.reactions(corpus, lang="ar"),
        outlook.assessments(corpus, lang="ar"),
        appendix.checks(corpus, lang="ar"),
    ]
    for call_id in calls.sectioned(corpus):
        sections += calls.opening(corpus, call_id, lang="ar")[1:]
    for meeting_id in plan.meeting_chapters(corpus).id:
        sections.append(meeting.outcomes(corpus, meeting_id, lang="ar"))
    for section in sections:
        assert str(section).startswith(head)
    assert str(calls.comparison(corpus, lang="ar")) in str(chapters(corpus, "ar")["calls"])


def _numbers(markup: Html) -> set[int]:
    """Every number of ten or more a reader sees, whatever the digits and separators (text
    nodes apart: a table's neighbouring cells are not one number)."""
    seen = " ".join(Parsed(str(markup)).chunks).translate(TO_ASCII)
    seen = re.sub(r"(?<=\d)[,٬](?=\d{3})", "", seen)
    return {int(x) for x in re.findall(r"\d+", seen) if int(x) >= 10}


def test_both_editions_give_the_same_numbers(corpus: Package) -> None:
    english, arabic = chapters(corpus, "en"), chapters(corpus, "ar")
    assert list(english) == list(arabic)
    # Below ten English writes words ("two meetings") where Arabic writes figures or a dual.
    for name in english:
        assert _numbers(english[name]) == _numbers(arabic[name]), name


def test_arabic_chapters_write_their_own_figures_in_arabic_indic_digits(corpus: Package) -> None:
    arabic = chapters(corpus, "ar")
    # Data cells may hold ASCII digits (the article writes "4 مبادئ"); nothing else may.
    cells = {
        str(value)
        for frame in corpus.tables.values()
        for column in frame.columns
        for value in frame[column].dropna()
        if isinstance(value, str) and re.search(r"[0-9]", value)
    }
    for name, markup in arabic.items():
        if name in {"data-and-methods", "technical-appendix"}:
            continue  # descriptor text; evidence offsets are written with str() in appendix.py
        own = Own(str(markup)).text
        for cell in sorted(cells, key=len, reverse=True):
            own = own.replace(cell, "")
        assert not re.search(r"[0-9]", own), (name, re.findall(r"\S*[0-9]\S*", own))


@pytest.mark.parametrize("name", ["overview", "calls", "reactions", "outlook"])
def test_english_left_in_arabic_prose_is_marked(corpus: Package, name: str) -> None:
    own = Own(str(chapters(corpus, "ar")[name])).text
    # Only the reliability letters of the Admiralty scale ("C") are Latin in our own words.
    letters = set(corpus["sources"]["reliability"].dropna())
    latin = re.findall(r"[A-Za-z]+", own)
    assert set(latin) <= letters, re.findall(r"[A-Za-z][\w' ]*", own)


def test_english_left_in_arabic_meeting_chapters_is_marked(corpus: Package) -> None:
    arabic = chapters(corpus, "ar")
    for meeting_id in plan.meeting_chapters(corpus).id:
        name = f"meeting-{meeting_id}"
        assert not re.search(r"[A-Za-z]", Own(str(arabic[name])).text), name


def test_an_empty_arabic_cell_falls_back_to_marked_english(pkg: Package) -> None:
    actors = pkg["actors"].copy()
    actors.loc[actors.id == "trump", "role_ar"] = ""
    events = pkg["events"].copy()
    events.loc[events.id == "call-2025", "venue_ar"] = ""
    changed = replace_table(replace_table(pkg, "actors", actors), "events", events)
    markup = str(chapter("calls", changed, lang="ar", charts=False))
    assert '<bdi dir="ltr" lang="en">President of the United States</bdi>' in markup
    assert '<bdi dir="ltr" lang="en">by telephone</bdi>' in markup


# --- other data --------------------------------------------------------------------------------


@pytest.mark.parametrize("table", ["events", "statements", "figures", "participants", "topics"])
def test_arabic_chapters_survive_an_empty_table(pkg: Package, table: str) -> None:
    emptied = replace_table(pkg, table, pkg[table].iloc[0:0])
    for markup in chapters(emptied, "ar", charts=False).values():  # as in test_narrative
        assert_inert(str(markup))


HOSTILE = "<script>alert(1)</script>{{ 7*191 }}<img src=x onerror=alert(1)>"


def test_hostile_text_stays_text_in_arabic(pkg: Package) -> None:
    """A payload appended to every free-text cell (Latin-only cells are then marked as English
    runs: the payload must stay text there too)."""
    changed = with_payload(pkg, HOSTILE)
    for name, markup in chapters(changed, "ar").items():
        parsed = assert_inert(str(markup))
        # (The technical appendix shows the descriptor and the codes, no free-text cell. The
        # edition writes a value's numbers in its own digits: read them back as ASCII.)
        shown = parsed.text.translate(TO_ASCII)
        assert HOSTILE in shown or name == "technical-appendix", name


def test_sources_are_named_by_their_own_title_in_their_own_language(
    pkg: Package, arabic: dict[str, Html], english: dict[str, Html]
) -> None:
    article = pkg["sources"].query("language == 'ar'").iloc[0]
    evidence_rows = len(pkg["evidence"].query("source_id == @article.id"))
    assert str(arabic["data-and-methods"]).count(str(escape(article.title))) >= evidence_rows
    assert str(english["data-and-methods"]).count(str(escape(article.title_en))) >= evidence_rows


def test_tables_are_named_in_the_editions_language(corpus: Package) -> None:
    appendix_ar = str(chapters(corpus, "ar")["data-and-methods"])
    appendix_en = str(chapters(corpus, "en")["data-and-methods"])
    for resource in corpus.descriptor["resources"]:
        assert str(escape(resource["title_ar"])) in appendix_ar, resource["name"]
        assert str(escape(resource["title"])) in appendix_en, resource["name"]
