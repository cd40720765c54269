"""The page "Changes in this edition": the chapter template run in this process against a
previous edition's package on disk, the build's choice of that package, and (slow) a book built
twice into one output folder, the second time from a grown package."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import re
import shutil
from pathlib import Path

import pytest
from chapters import chapter
from conftest import read_rows, set_cell, write_rows
from test_html import Parsed, assert_inert
from test_upgrade import as_version_1

from talksbook import fingerprint, pipeline
from talksbook.data import Package, load
from talksbook.data.rehash import rehash
from talksbook.narrative import changes, common
from talksbook.paths import DATA_DIR
from talksbook.pipeline import BuildOptions, build_editions
from talksbook.plan import BookPlan
from talksbook.scope import restrict
from talksbook.words import text

ARABIC = re.compile("[\u0600-\u06ff]")
HOSTILE = "<script>alert(1)</script>{{ 7*191 }}<img src=x onerror=alert(1)>"
SECOND_SOURCE = """A second report on the talks.
Trump and Putin spoke again by telephone on 3 March 2025.
Delegations met in Jeddah on 11 March 2025.
Delegations met again in Riyadh on 24 March 2025.
A third round of talks took place in Istanbul on 10 April 2025.
"""
#: The events the second source adds: id, title, Arabic title, track, date, its words.
NEW_EVENTS = [
    ("call-march", "Second Trump–Putin call", "المكالمة الثانية", "call", "2025-03-03", 2),
    ("jeddah-talks", "Jeddah talks", "محادثات جدة", "meeting", "2025-03-11", 3),
    ("riyadh-2", "Second Riyadh talks", "محادثات الرياض الثانية", "meeting", "2025-03-24", 4),
    ("istanbul-3", "Third Istanbul round", "الجولة الثالثة", "meeting", "2025-04-10", 5),
]


def append(folder: Path, table: str, **values: str) -> None:
    """A row at the end of ``table``, its columns named (the others empty)."""
    rows = read_rows(folder / f"{table}.csv")
    rows.append([values.get(column, "") for column in rows[0]])
    write_rows(folder / f"{table}.csv", rows)


def next_edition(folder: Path) -> None:
    """Grow the package in ``folder`` as a second edition would: a second source with a call
    and three meetings; the call's 90 minutes now 95; the last Putin–Biden call renamed; one
    statement dropped."""
    archived = folder / "sources" / "article-2.txt"
    archived.write_text(SECOND_SOURCE, encoding="utf-8")
    append(
        folder,
        "sources",
        id="report-2",
        kind="article",
        title="A second report <b>on</b> the talks",
        title_en="A second report <b>on</b> the talks",
        title_ar="تقرير ثانٍ <b>عن</b> المحادثات",
        language="en",
        path="sources/article-2.txt",
        sha256=hashlib.sha256(archived.read_bytes()).hexdigest(),
        reliability="B",
    )
    lines = SECOND_SOURCE.splitlines(keepends=True)
    for event_id, title, title_ar, track, date, line in NEW_EVENTS:
        start = sum(len(x) for x in lines[: line - 1])
        quote = lines[line - 1].rstrip("\n")
        append(
            folder,
            "evidence",
            id=f"ev2-{event_id}",
            source_id="report-2",
            line=str(line),
            start=str(start),
            end=str(start + len(quote)),
            kind="fact",
            exact=quote,
            text_en=quote,
        )
        append(
            folder,
            "events",
            id=event_id,
            title_en=title,
            title_ar=title_ar,
            track=track,
            status="occurred",
            date_earliest=date,
            date_latest=date,
            date_precision="day",
            date_basis="stated",
            plover_category="CONSULT",
            plover_mode="phone" if track == "call" else "meeting",
            cameo="040",
            summary_en=title,
            summary_ar=title_ar,
            evidence_id=f"ev2-{event_id}",
        )
    set_cell(folder, "figures", "fig-call-duration-90", "value", "95", keep_hash=True)
    set_cell(folder, "events", "call-2022", "title_en", "The last call before the war", True)
    statements = read_rows(folder / "statements.csv")
    write_rows(
        folder / "statements.csv", [r for r in statements if r[0] != "st-trump-brief-zelensky"]
    )
    rehash(folder)


def words(markup: object) -> str:
    """The text a reader sees, with runs of whitespace collapsed."""
    return re.sub(r"\s+", " ", Parsed(str(markup)).text)


def links(markup: object) -> list[str]:
    return re.findall(r'href="([^"]*)"', str(markup))


@pytest.fixture(scope="module")
def grown(tmp_path_factory: pytest.TempPathFactory) -> Package:
    """The shipped package grown into a second edition (see next_edition)."""
    folder = tmp_path_factory.mktemp("second") / "data"
    shutil.copytree(DATA_DIR, folder)
    next_edition(folder)
    return load(folder)


# --- the page ----------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_a_first_edition_says_so(lang: str) -> None:
    page = chapter("changes", load(DATA_DIR), lang)
    shown = words(page)
    assert text("changes.first", lang) in shown
    # Two sections always (the page is never empty): this edition, and how editions compare.
    assert re.findall(r"<h2>(.*?)</h2>", str(page)) == [
        text("changes.heading.edition", lang),
        text("changes.heading.method", lang),
    ]
    if lang == "en":
        assert "This edition records 10 events, 22 statements and seven figures." in shown
        assert "It draws on two sources: Washington and Moscow resume" in shown
    else:
        assert "تسجّل هذه النسخة ١٠ أحداث و٢٢ تصريحًا و٧ أرقام." in shown
        assert "وتستند إلى مصدرين: واشنطن وموسكو يستكملان" in shown  # the Arabic title
    assert "_static/data/sources/article-ar.txt" in links(page)
    assert "_static/data-previous/datapackage.json" not in links(page)


def test_the_next_edition_lists_what_was_added_changed_and_removed(grown: Package) -> None:
    page = chapter("changes", grown, "en", previous_data=str(DATA_DIR))
    shown = words(page)
    assert "Since the previous edition, 12 rows of the data were added, removed or changed." in (
        shown
    )
    assert "Added: four events" in shown and "Added: one source" in shown
    for _, title, *_ in NEW_EVENTS:
        assert title in shown
    assert "Jeddah talks (meeting, 11 March 2025) (art. 2, l. 3)" in shown
    # Each added event links to the page that tells it, and to its evidence row.
    hrefs = links(page)
    assert {"meeting-jeddah-talks.html", "meeting-riyadh-2.html", "calls.html"} <= set(hrefs)
    assert "data-and-methods.html#ev2-jeddah-talks" in hrefs
    # Changed rows name their columns, and what a date, title or amount was.
    assert "Changed: one event" in shown and "One column changed: title_en." in shown
    assert "It was called Putin–Biden phone call." in shown
    assert "The amount was 90 minutes; it is now 95 minutes." in shown
    assert "Removed: one statement" in shown and "to brief him on the details" in shown
    # The table of changes per table, and the source's markup shown as text.
    assert re.search(
        r"<th scope=\"row\"><a href=\"data-and-methods.html#table-events\">", str(page)
    )
    assert "A second report <b>on</b> the talks, archived as sources/article-2.txt" in shown
    assert "_static/data-previous/datapackage.json" in hrefs
    assert_inert(str(page))


def test_the_arabic_edition_lists_them_in_arabic(grown: Package) -> None:
    page = chapter("changes", grown, "ar", previous_data=str(DATA_DIR))
    shown = words(page)
    assert "منذ النسخة السابقة، طرأ تغيير على ١٢ صفًّا من البيانات" in shown
    assert "أُضيفت ٤ أحداث" in shown and "حُذف تصريح واحد" in shown and "تغيّر رقم واحد" in shown
    assert "محادثات جدة (اجتماع، ١١ مارس ٢٠٢٥)" in shown  # Arabic titles, Arabic digits
    assert "كانت القيمة ٩٠ دقيقة، وصارت ٩٥ دقيقة." in shown
    # Only the English title changed: the Arabic edition has no former title to give.
    assert "كان عنوانه" not in shown
    for heading in re.findall(r"<h[23]>(.*?)</h[23]>", str(page)):
        assert ARABIC.search(heading), heading


def test_the_same_data_say_nothing_changed() -> None:
    page = chapter("changes", load(DATA_DIR), "en", previous_data=str(DATA_DIR))
    assert text("changes.same", "en") in words(page)
    assert len(re.findall(r"<h2>", str(page))) == 2


@pytest.mark.parametrize("broken", ["missing", "not-a-package", "bad-row"])
def test_a_previous_edition_that_cannot_be_read_is_said(
    tmp_path: Path, package_dir: Path, broken: str
) -> None:
    previous = {"missing": tmp_path / "nothing", "not-a-package": tmp_path, "bad-row": package_dir}[
        broken
    ]
    (tmp_path / "datapackage.json").write_text("{not json", encoding="utf-8")
    with (package_dir / "events.csv").open("a", encoding="utf-8") as handle:
        handle.write("x,<b>y</b>,,call,occurred,2025-02-30\n")
    for lang in ("en", "ar"):
        page = chapter("changes", load(DATA_DIR), lang, previous_data=str(previous))
        assert text("changes.unreadable", lang) in words(page)
        assert text("changes.first", lang) not in words(page)


def test_an_edition_published_before_a_format_upgrade_is_still_compared(
    package_dir: Path,
) -> None:
    as_version_1(package_dir)  # as every edition published before version 2 holds its data
    before = (package_dir / "datapackage.json").read_bytes()
    page = chapter("changes", load(DATA_DIR), "en", previous_data=str(package_dir))
    # Upgraded in a scratch copy: the same data, and the published copy left as it was.
    assert text("changes.same", "en") in words(page)
    assert (package_dir / "datapackage.json").read_bytes() == before


def test_text_from_either_edition_stays_text(package_dir: Path, tmp_path: Path) -> None:
    set_cell(package_dir, "events", "call-2022", "title_en", HOSTILE)
    set_cell(package_dir, "events", "call-2022", "title_ar", "المكالمة " + HOSTILE)
    current = tmp_path / "current"
    shutil.copytree(DATA_DIR, current)
    set_cell(current, "figures", "fig-call-duration-90", "label_en", "Length " + HOSTILE)
    for lang in ("en", "ar"):
        page = chapter("changes", load(current), lang, previous_data=str(package_dir))
        parsed = assert_inert(str(page))
        # (The Arabic edition writes a value's numbers in its digits: read them back as ASCII.)
        shown = parsed.text.translate(str.maketrans("٠١٢٣٤٥٦٧٨٩", "0123456789"))
        assert HOSTILE in shown  # the former title, as it was
        assert ("Length " + HOSTILE in parsed.text) == (lang == "en")


def test_both_editions_are_compared_within_the_window(grown: Package) -> None:
    window = {"date_from": "2025-03-20", "date_to": None}
    page = chapter(
        "changes", restrict(grown, **window), "en", previous_data=str(DATA_DIR), **window
    )
    shown = words(page)
    # Only what the window holds: two of the new meetings; the earlier changes are outside it.
    assert "Added: two events" in shown and "Jeddah talks" not in shown
    assert "Changed: one event" not in shown and "The amount was" not in shown
    assert text("changes.method.window", "en") in shown


def test_links_go_only_to_pages_the_book_has(grown: Package, monkeypatch) -> None:
    pages = [c.name for c in BookPlan.load().chapters(grown) if c.name != "calls"]
    monkeypatch.setattr(common, "MAX_EVIDENCE", 3)  # the appendix lists the first three
    comparison = changes.compare(grown, str(DATA_DIR), pages=pages)
    hrefs = links(changes.events(comparison))
    assert "calls.html" not in hrefs and "meeting-jeddah-talks.html" in hrefs
    assert not [h for h in hrefs if h.startswith("data-and-methods.html#")]
    # Without the appendix, no evidence link at all.
    bare = changes.compare(grown, str(DATA_DIR), pages=["calls"])
    assert not [h for h in links(changes.edition(bare)) if "data-and-methods" in h]


def test_long_lists_are_cut_and_counted(grown: Package, monkeypatch) -> None:
    monkeypatch.setattr(changes, "MAX_LISTED", 1)
    comparison = changes.compare(grown, str(DATA_DIR))
    shown = words(changes.events(comparison))
    assert shown.count("(meeting, ") + shown.count("(call, ") == 2  # one added, one changed
    assert "Three more rows are not listed here." in shown
    arabic = words(changes.events(changes.compare(grown, str(DATA_DIR)), "ar"))
    assert "ولم تُدرَج هنا ٣ صفوف أخرى." in arabic


# --- the build's choice of the previous edition --------------------------------------------------


def publish(target: Path, data: dict[str, str] | None, previous: dict | None = None) -> None:
    """A published edition at ``target``: its manifest (built from ``data``, compared with
    ``previous``) and its data folders."""
    (target / "_static" / "data").mkdir(parents=True, exist_ok=True)
    record = {"inputs": {"data": data or {}}, pipeline.PREVIOUS_RECORD: previous}
    (target / pipeline.MANIFEST).write_text(json.dumps(record), encoding="utf-8")


def test_the_published_edition_is_the_previous_one_unless_it_has_the_same_data(tmp_path: Path):
    target, data = tmp_path / "html", {"events.csv": "1" * 64}
    assert pipeline._previous_edition(target, data) is None  # nothing published: the first
    publish(target, {"events.csv": "0" * 64})
    assert pipeline._previous_edition(target, data) == target / "_static" / "data"
    # The same data as the published first edition: that edition again, still the first.
    publish(target, data)
    assert pipeline._previous_edition(target, data) is None
    # ... as a published second edition: compared with what it was compared with.
    publish(target, data, previous={"events.csv": "0" * 64})
    assert pipeline._previous_edition(target, data) == target / "_static" / "data-previous"
    # A book without a manifest (or an unreadable one) is still an earlier edition.
    (target / pipeline.MANIFEST).unlink()
    assert pipeline._previous_edition(target, data) == target / "_static" / "data"


def test_only_the_changes_template_asks_for_the_previous_edition() -> None:
    chapters = BookPlan.load().chapters(load(DATA_DIR))
    wanted = pipeline._check_templates(chapters)
    assert {t.stem for t in wanted[pipeline.PREVIOUS_PARAMETER]} == {"changes"}
    # (Data and methods links to the technical appendix only when the book has it.)
    assert {t.stem for t in wanted[pipeline.PAGES_PARAMETER]} == {"changes", "data-and-methods"}
    assert {t.stem for t in wanted[pipeline.MANIFEST_PARAMETER]} == {"technical-appendix"}
    assert changes.PREVIOUS_DOWNLOAD_DIR == "_static/data-previous"


def test_the_previous_editions_files_are_read_as_package_files(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    (folder / "sources").mkdir(parents=True)
    (folder / "events.csv").write_text("id\n", encoding="utf-8")
    (folder / "sources" / "a.txt").write_text("words", encoding="utf-8")
    (folder / "passwd.csv").symlink_to("/etc/passwd")  # outside: neither hashed nor copied
    os.mkfifo(folder / "fifo.csv")  # would hang a reader: left out
    hashes = fingerprint.folder_hashes(folder)
    assert list(hashes) == ["events.csv", "sources/a.txt"]
    assert fingerprint.folder_hashes(tmp_path / "absent") == {}
    copy = tmp_path / "copy"
    pipeline._copy_compared(folder, copy, hashes)
    assert sorted(p.relative_to(copy).as_posix() for p in copy.rglob("*.*")) == list(hashes)
    (folder / "events.csv").write_text("id\nx\n", encoding="utf-8")  # published meanwhile
    with pytest.raises(pipeline.BuildFailed, match="build again"):
        pipeline._copy_compared(folder, copy, hashes)


# --- the book, built twice ----------------------------------------------------------------------


def article(page: Path) -> str:
    markup = page.read_text(encoding="utf-8")
    found = re.search(r"<article\b.*?</article>", markup, re.S)
    assert found is not None, page
    return found.group()


@pytest.mark.slow
def test_a_second_edition_lists_its_changes_in_both_editions(
    tmp_path: Path, package_dir: Path
) -> None:
    out = tmp_path / "out"
    options = BuildOptions(data=package_dir, out=out, report=lambda _: None)
    build_editions(options, ["en", "ar"])
    html = {"en": out / "html", "ar": out / "html" / "ar"}
    for lang, book in html.items():
        assert text("changes.first", lang) in words(article(book / "changes.html"))
        assert not (book / "_static" / "data-previous").exists()
        assert json.loads((book / "build.json").read_text("utf-8"))["previous_edition"] is None

    first = (package_dir / "datapackage.json").read_bytes()
    next_edition(package_dir)
    results = build_editions(options, ["en", "ar"])
    assert all(r.executed for r in results)
    expected = {
        "en": ["Added: four events", "Jeddah talks (meeting, 11 March 2025)", "Added: one source",
               "The amount was 90 minutes; it is now 95 minutes.", "Removed: one statement"],
        "ar": ["أُضيفت ٤ أحداث", "محادثات جدة (اجتماع، ١١ مارس ٢٠٢٥)", "أُضيف مصدر واحد",
               "كانت القيمة ٩٠ دقيقة، وصارت ٩٥ دقيقة.", "حُذف تصريح واحد"],
    }  # fmt: skip
    pages = {}
    for lang, book in html.items():
        page = article(book / "changes.html")
        pages[lang] = page
        shown = words(page)
        for sentence in expected[lang]:
            assert sentence in shown, (lang, sentence)
        # Every link on the page leads to a published page and anchor, or a published file.
        for href in links(page):
            path, _, anchor = href.partition("#")
            if not path:
                continue
            target = book / path
            assert target.is_file(), (lang, href)
            if anchor:
                assert f'id="{anchor}"' in target.read_text(encoding="utf-8"), (lang, href)
        # The data compared with are published, and named in the manifest.
        previous = book / "_static" / "data-previous"
        manifest = json.loads((book / "build.json").read_text("utf-8"))
        assert manifest["previous_edition"] == fingerprint.folder_hashes(previous)
        assert (previous / "datapackage.json").read_bytes() == first
        assert "meeting-jeddah-talks.html" in links(page)

    # The same data again: the same edition, its page unchanged, and nothing rebuilt (unless
    # the code itself changed meanwhile, which changes every chapter's key).
    built_with = json.loads((out / "html" / "build.json").read_text("utf-8"))["environment"]
    again = build_editions(options, ["en", "ar"])
    if all(built_with[k] == v for k, v in fingerprint.environment().items()):
        assert all(r.up_to_date for r in again)
    assert {lang: article(book / "changes.html") for lang, book in html.items()} == pages


def test_the_second_source_is_archived_as_its_row_says(tmp_path: Path) -> None:
    """(The helper's package is valid: the build test relies on it.)"""
    folder = tmp_path / "data"
    shutil.copytree(DATA_DIR, folder)
    next_edition(folder)
    package = load(folder)
    assert len(package["events"]) == 14 and len(package["sources"]) == 3
    rows = list(csv.reader(io.StringIO((folder / "statements.csv").read_text("utf-8"))))
    assert len(rows) == 22
