"""Hostile text in every free-text cell is built into a book, and stays text.

The book is built from the package of tests/hostile.py (payloads everywhere a value may be free
text) and compared with the shipped book: the same pages, the same scripts and handlers, no
``javascript:`` URL, the payloads shown literally, nothing evaluated, read, run or added. A
real browser then loads every page and hovers chart marks: the tooltips show the payload as
text and no payload ever runs. Values that cannot hold free text (ids, hidden characters, a
100 kB string) are refused by validation with their file, line and column.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

import pytest
from browser import CHROMIUM, browser, offline_context, require_chromium
from conftest import set_cell
from fixtures import add_geneva_meeting
from hostile import EVALUATED, PASSWD_LINE, SOURCE_PATH, payloads, poison
from pages import parse

from talksbook.data import ValidationError, load, validate
from talksbook.data.rehash import rehash
from talksbook.paths import DATA_DIR, PROJECT_ROOT
from talksbook.pipeline import BuildOptions, build, build_editions
from talksbook.plan import PAGE_NAME, BookPlan, page_name

# "1337" standing alone, not inside a hexadecimal hash of the build manifest.
EVALUATED_ALONE = re.compile(rf"(?<![0-9a-fA-F]){EVALUATED}(?![0-9a-fA-F])")


@dataclass
class Hostile:
    out: Path
    html: Path
    pdf: Path | None
    marker: Path
    pieces: list[str]
    arabic_pdf: Path | None = None


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Hostile:
    """The hostile package, validated and built in both editions (with their PDFs wherever
    Chromium exists): the Arabic pages render the same data through other templates."""
    root = tmp_path_factory.mktemp("hostile")
    data = root / "data"
    shutil.copytree(DATA_DIR, data)
    marker = root / "a-command-ran"
    poison(data, marker)
    # Files beside the package's own: a link to a secret, an undeclared table, a FIFO that
    # would hang a reader. None may be read or published.
    (data / "passwd.csv").symlink_to("/etc/passwd")
    (data / "undeclared.csv").write_text("a,b\n1,2\n", encoding="utf-8")
    os.mkfifo(data / "pipe.csv")
    assert validate(data) == [], "the hostile package must be valid, or nothing is tested"
    options = BuildOptions(
        data=data, out=root / "out", pdf=os.path.exists(CHROMIUM), report=lambda _: None
    )
    result, arabic = build_editions(options, ["en", "ar"])
    return Hostile(root / "out", result.html, result.pdf, marker, payloads(marker), arabic.pdf)


@pytest.fixture(scope="module")
def clean(shipped_build) -> Path:
    return shipped_build.html


def html_pages(folder: Path) -> list[Path]:
    """Every page of both editions (the Arabic one is in ar/)."""
    return sorted(folder.rglob("*.html"))


def files(folder: Path) -> set[str]:
    return {p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()}


def flat(text: str) -> str:
    return " ".join(text.split())


# --- the HTML -------------------------------------------------------------------------------


def test_same_pages_and_files_as_the_clean_book(hostile: Hostile, clean: Path):
    # Nothing read from disk or generated from the payloads: only the hostile source, which is
    # data offered for download, is new.
    assert files(hostile.html) - files(clean) == {
        f"{edition}_static/data/{SOURCE_PATH}" for edition in ("", "ar/")
    }
    assert files(clean) - files(hostile.html) == set()


def test_no_data_derived_script_handler_or_element(hostile: Hostile, clean: Path):
    for path in html_pages(hostile.html):
        page, reference = parse(path), parse(clean / path.relative_to(hostile.html))
        assert len(page.scripts) == len(reference.scripts), path.name
        assert sorted(s for s, _ in page.scripts if s) == sorted(
            s for s, _ in reference.scripts if s
        ), path.name
        assert page.handlers <= reference.handlers, (path.name, page.handlers)
        for tag in ("script", "style", "img", "iframe", "object", "embed", "form", "math"):
            assert page.tags[tag] == reference.tags[tag], (path.name, tag)
        for _, text in page.scripts:
            # Data inside a chart's script is JSON with < escaped: nothing can close the script.
            if "__pwned" in text:
                assert "<" not in text, path.name


def test_no_javascript_url(hostile: Hostile):
    for path in html_pages(hostile.html):
        for tag, name, value in parse(path).urls:
            # Browsers ignore leading spaces and control characters before a scheme.
            scheme = re.sub(r"[\x00-\x20]", "", value).lower().split(":", 1)[0]
            assert scheme not in {"javascript", "vbscript", "data"}, (path.name, tag, name, value)
            assert "__pwned" not in value or value.startswith("#"), (path.name, tag, value)


def test_payloads_are_shown_literally(hostile: Hostile):
    text = " ".join(parse(p).plain for p in html_pages(hostile.html))
    for piece in hostile.pieces:
        assert flat(piece) in text, piece
    # The appendix shows the hostile quote, character for character.
    appendix = parse(hostile.html / "data-and-methods.html").plain
    assert flat("\n".join(hostile.pieces)) in appendix


def test_no_template_evaluated(hostile: Hostile, clean: Path):
    for path in html_pages(hostile.html):
        text = parse(path).plain
        expected = len(EVALUATED_ALONE.findall(parse(clean / path.relative_to(hostile.html)).plain))
        assert len(EVALUATED_ALONE.findall(text)) == expected, path.name
    assert "{{ 7*191 }}" in parse(hostile.html / "overview.html").plain


def test_no_file_read_and_no_command_run(hostile: Hostile):
    assert not hostile.marker.exists()
    for path in hostile.out.rglob("*"):
        if path.is_file() and path.suffix != ".pdf":
            assert PASSWD_LINE.encode() not in path.read_bytes(), path


def test_meeting_titles_are_escaped_by_the_theme(hostile: Hostile):
    # sphinx-book-theme prints the page title unescaped in its print header; the book's Sphinx
    # extension escapes it (see talksbook.sphinx_ext).
    page = (hostile.html / "meeting-riyadh-talks.html").read_text(encoding="utf-8")
    header = re.search(r'<div id="jb-print-docs-body"[^>]*>\s*<h1>(.*?)</h1>', page, re.S)
    assert header is not None
    assert "&lt;script&gt;" in header.group(1) and "<script" not in header.group(1)


# --- a descriptor that loosens its own rules -------------------------------------------------

#: A meeting id that would end the string of the theme's inline ``pagename = '…'`` script.
QUOTED_ID = "x';window.__pwned=1;'"


def _weakened(folder: Path) -> str:
    """Drop the pattern of events.id from the package's own descriptor and add a meeting whose
    id holds a quote; return the id."""
    descriptor = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
    events = next(r for r in descriptor["resources"] if r["name"] == "events")
    spec = next(f for f in events["schema"]["fields"] if f["name"] == "id")
    spec["constraints"].pop("pattern")
    (folder / "datapackage.json").write_text(json.dumps(descriptor, ensure_ascii=False), "utf-8")
    return add_geneva_meeting(folder, QUOTED_ID)


@pytest.mark.parametrize(
    "key", ["riyadh-talks", "Riyadh_Talks", "a_b", "'", "", "محادثات", "x';alert(1);'", "-a-"]
)
def test_page_name_is_safe_and_one_per_key(key: str):
    name = page_name("meeting", key)
    assert PAGE_NAME.fullmatch(name) and name.startswith("meeting-")
    assert (name == f"meeting-{key}") == (key == "riyadh-talks")
    assert page_name("meeting", "a-b") != page_name("meeting", "a_b")


def test_a_descriptor_that_drops_the_id_pattern_is_refused(package_dir: Path):
    # The first defence: the project's rules, not the package's descriptor, decide.
    _weakened(package_dir)
    problems = validate(package_dir)
    assert any(p.column == "events.id" and "pattern" in p.message for p in problems), problems


def test_page_names_hold_only_safe_characters():
    # The second defence, should an id with a quote ever reach the plan: page names are slugs.
    pkg = load(DATA_DIR)
    events = pkg["events"].copy()
    events.loc[events["id"] == "istanbul-talks", "id"] = QUOTED_ID
    planned = BookPlan.load().chapters(
        dataclasses.replace(pkg, tables={**pkg.tables, "events": events})
    )
    names = [c.name for c in planned]
    assert all(PAGE_NAME.fullmatch(name) for name in names), names
    assert len(set(names)) == len(names)
    # Safe ids keep their names; the quoted one is a slug, and its chapter still gets the id.
    assert "meeting-riyadh-talks" in names
    (quoted,) = (c for c in planned if c.parameters.get("meeting_id") == QUOTED_ID)
    assert quoted.name.startswith("meeting-x-window-pwned-1-")


def test_a_package_with_a_quote_in_a_meeting_id_builds_nothing(package_dir: Path, tmp_path: Path):
    # Dropping the pattern from the descriptor no longer lets the id through to a page name
    # (and the theme's inline script): the build stops at validation, before anything runs.
    _weakened(package_dir)
    options = BuildOptions(data=package_dir, out=tmp_path / "out", report=lambda _: None)
    with pytest.raises(ValidationError):
        build(options)
    assert not (tmp_path / "out" / "html").exists()


# --- a hostile book title ------------------------------------------------------------------------

#: A book title that would end the search page's <title> and run on every page's logo.
HOSTILE_TITLE = 'A & B </title><img src=x onerror="window.__pwned=1"> {{ 7*191 }}'


@pytest.mark.slow
def test_a_hostile_book_title_stays_text_on_every_page(tmp_path: Path):
    # The theme prints the book's title bare in the navbar logo and the search page's <title>.
    plan = (PROJECT_ROOT / "book" / "plan.yml").read_text(encoding="utf-8")
    english = re.search(r'^  en: "(.*)"$', plan, re.M)
    assert english is not None
    hostile_plan = tmp_path / "plan.yml"
    hostile_plan.write_text(
        plan.replace(english.group(0), f"  en: {json.dumps(HOSTILE_TITLE)}", 1), "utf-8"
    )
    options = BuildOptions(
        data=DATA_DIR, out=tmp_path / "out", plan_file=hostile_plan, report=lambda _: None
    )
    html = build(options).html
    require_chromium()
    with browser() as chromium:
        context, _ = offline_context(chromium)
        for name in ("overview.html", "calls.html", "search.html"):
            page = context.new_page()
            page.goto((html / name).as_uri())
            page.wait_for_load_state("load")
            assert page.evaluate(PWNED), name
            assert page.title().endswith(HOSTILE_TITLE), (name, page.title())
            logo = page.locator(".logo__title").first.text_content() or ""
            assert logo.strip() == HOSTILE_TITLE, name  # shown as written, escaped once
            page.close()


# --- the PDF --------------------------------------------------------------------------------


@pytest.mark.parametrize("edition", ["en", "ar"])
def test_pdf_shows_payloads_as_text(hostile: Hostile, edition: str):
    require_chromium()
    pdf = hostile.pdf if edition == "en" else hostile.arabic_pdf
    assert pdf is not None
    text = flat(
        subprocess.run(
            ["pdftotext", "-enc", "UTF-8", str(pdf), "-"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    )
    assert PASSWD_LINE not in text
    assert "{{ 7*191 }}" in text
    assert "<script>window.__pwned=1</script>" in text
    assert not EVALUATED_ALONE.search(text.replace("{{ 7*191 }}", ""))


# --- a real browser -------------------------------------------------------------------------

PWNED = "() => window.__pwned === undefined && !document.querySelector('img[src=\"x\"]')"


def test_pages_and_tooltips_stay_inert_in_a_browser(hostile: Hostile):
    require_chromium()
    with browser() as chromium:
        context = chromium.new_context(viewport={"width": 1280, "height": 900})
        context.route(re.compile(r"^(?!file:).*"), lambda route: route.abort())
        dialogs: list[str] = []
        # index.html is Jupyter Book's redirect to the first chapter (a meta refresh, checked
        # as HTML above): in a browser it navigates away while it is being inspected.
        for path in (p for p in html_pages(hostile.html) if p.name != "index.html"):
            page = context.new_page()
            page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
            page.goto(path.as_uri())
            page.wait_for_load_state("load")
            for chart in page.locator(".talksbook-chart-view").all():
                chart.locator("svg").first.wait_for(timeout=15_000)
            assert page.evaluate(PWNED), path.name
            page.close()
        page = context.new_page()
        page.goto((hostile.html / "overview.html").as_uri())
        shown = _hover_until_tooltip(page, "<script>window.__pwned=1</script>")
        assert "<script>window.__pwned=1</script>" in shown
        assert (
            page.evaluate(
                "() => document.querySelector('#vg-tooltip-element')"
                ".querySelectorAll('script, img, a, iframe, style').length"
            )
            == 0
        )
        assert page.evaluate(PWNED)
        assert dialogs == []


# Sphinx's search has run once its results heading exists and its progress pulse has stopped.
SEARCH_DONE = "() => document.querySelector('#search-results h2') && Search._pulse_status < 0"
HEADING_TEXT = """() => {
  const heading = document.querySelector('main h1').cloneNode(true);
  heading.querySelectorAll('a.headerlink').forEach(a => a.remove());
  return heading.textContent.trim();
}"""


@pytest.mark.parametrize("edition", ["", "ar/"])
def test_the_search_page_keeps_titles_inert(hostile: Hostile, edition: str):
    # Sphinx indexes section titles (data here) as plain text and its search page inserts a
    # matching title with innerHTML: a link to search.html?q=<the title> ran the payload. A
    # search for a word shows the titles of the pages that hold it, which must read as text.
    require_chromium()
    html = hostile.html / edition
    with browser() as chromium:
        context, _ = offline_context(chromium)
        page = context.new_page()
        page.goto((html / "meeting-riyadh-talks.html").as_uri())
        title = page.evaluate(HEADING_TEXT)
        assert "onerror" in title, "the meeting title holds no payload: nothing tested"
        for query in (title, "onerror"):
            page = context.new_page()
            page.goto(f"{(html / 'search.html').as_uri()}?q={quote(query)}")
            page.wait_for_function(SEARCH_DONE, timeout=15_000)
            assert page.evaluate(PWNED), query
            if query == "onerror":
                shown = " ".join(page.locator("#search-results ul.search li").all_text_contents())
                assert "<img src=x onerror=" in shown
            page.close()


def _hover_until_tooltip(page, wanted: str) -> str:  # type: ignore[no-untyped-def]
    """Hover the marks of the page's charts until a tooltip shows ``wanted``; return its text."""
    page.wait_for_load_state("load")
    marks = page.locator(
        ".talksbook-chart-view svg .role-mark path, .talksbook-chart-view svg .role-mark rect"
    )
    marks.first.wait_for(timeout=15_000)
    seen = ""
    for index in range(min(marks.count(), 30)):
        mark = marks.nth(index)
        if not mark.bounding_box():
            continue
        mark.hover(force=True)  # scrolls the mark into view first
        page.wait_for_timeout(100)
        seen = page.evaluate(
            "() => { const t = document.querySelector('#vg-tooltip-element');"
            " return t && t.classList.contains('visible') ? t.textContent : ''; }"
        )
        if wanted in seen:
            return seen
    return seen


# --- what validation refuses ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("table", "row_id"),
    [("events", "riyadh-talks"), ("statements", "st-zelensky"), ("topics", "energy")],
)
def test_a_payload_in_an_id_is_refused(package_dir: Path, table: str, row_id: str):
    line = set_cell(package_dir, table, row_id, "id", "<script>window.__pwned=1</script>")
    problems = [str(p) for p in validate(package_dir)]
    where = f"{package_dir / table}.csv:{line}: id: "
    refused = [p for p in problems if p.startswith(where) and "does not match the pattern" in p]
    assert refused, problems


@pytest.mark.parametrize(
    ("character", "words"),
    [
        ("\u202e", "bidi control character U+202E"),
        ("\u2067", "bidi control character U+2067"),
        ("\u200b", "invisible character U+200B"),
        ("\u200d", "invisible character U+200D"),
        ("\u2028", "invisible character U+2028"),
    ],
)
def test_hidden_characters_are_refused(package_dir: Path, character: str, words: str):
    line = set_cell(package_dir, "events", "riyadh-talks", "summary_en", f"Talks{character} held")
    problems = [str(p) for p in validate(package_dir)]
    assert any(
        p.startswith(f"{package_dir / 'events.csv'}:{line}: summary_en: ") and words in p
        for p in problems
    ), problems


@pytest.mark.parametrize(
    ("table", "row_id", "column", "limit"),
    [
        ("events", "riyadh-talks", "summary_en", 5000),
        ("evidence", "ev-call", "text_en", 5000),
        ("actors", "putin", "name_en", 5000),
        ("topics", "energy", "id", 64),
    ],
)
def test_a_huge_string_is_refused(
    package_dir: Path, table: str, row_id: str, column: str, limit: int
):
    value = "a" * 100_000
    line = set_cell(package_dir, table, row_id, column, value)
    problems = [str(p) for p in validate(package_dir)]
    assert any(
        p.startswith(f"{package_dir / table}.csv:{line}: {column}: ")
        and f"is 100000 characters long, more than {limit}" in p
        for p in problems
    ), problems


@pytest.mark.slow
@pytest.mark.parametrize("name", ["sources/template.txt_t", "sources/template.jinja"])
def test_a_source_named_as_a_template_is_published_as_it_is(
    package_dir: Path, tmp_path: Path, name: str
):
    """Sphinx renders static files whose names end in _t or .jinja as Jinja templates: an
    archived source so named ran its text in the build (7*191 came out as 1337)."""
    text = "x {{ 7*191 }} {% for a in [1] %}y{% endfor %}\n"
    (package_dir / name).write_text(text, encoding="utf-8")
    digest = hashlib.sha256(text.encode()).hexdigest()
    with (package_dir / "sources.csv").open("a", encoding="utf-8") as table:
        table.write(f"template,article,t,t,ت,en,,,,{name},{digest},F,,\n")
    rehash(package_dir)
    assert validate(package_dir) == []
    html = build(BuildOptions(data=package_dir, out=tmp_path / "out", report=lambda _: None)).html
    published = html / "_static" / "data" / name
    assert published.read_text(encoding="utf-8") == text
    rendered = f"x {EVALUATED}"
    assert not any(
        rendered in p.read_text(errors="replace") for p in html.rglob("*") if p.is_file()
    )
