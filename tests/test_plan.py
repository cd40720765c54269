"""The book plan: read once into a BookPlan, checked with clear problems, honoured everywhere."""

from __future__ import annotations

import json
import os
import re
import subprocess
from pathlib import Path

import pytest
from browser import CHROMIUM

from talksbook import pdf
from talksbook.data import load
from talksbook.paths import DATA_DIR, PLAN_FILE
from talksbook.pipeline import BuildFailed, BuildOptions, build
from talksbook.plan import BookPlan, PlanError

QUIET = {"report": lambda _: None}
OTHER_PLAN = """\
root: calls
title:
  en: "A book from another plan"
  ar: "كتاب من خطة أخرى"
chapters:
  - notebook: calls
    title: {en: Calls first, ar: المكالمات أولا}
  - notebook: overview
    title: {en: Overview second, ar: نظرة عامة ثانيا}
"""


def test_the_shipped_plan():
    plan = BookPlan.load()
    assert plan.path == PLAN_FILE and plan.root == "overview"
    assert plan.title("en").startswith("Washington, Moscow and Kyiv")
    assert plan.title("fr") == plan.title("en")  # English is the fallback
    names = [c.name for c in plan.chapters(load(DATA_DIR))]
    assert names[:2] == ["overview", "calls"] and names[-2:] == [
        "data-and-methods",
        "technical-appendix",
    ]
    assert "meeting-riyadh-talks" in names


def test_the_plan_is_one_frozen_object():
    plan = BookPlan.load()
    with pytest.raises(AttributeError):
        plan.root = "calls"  # type: ignore[misc]
    assert plan == BookPlan.load() and hash(plan) == hash(BookPlan.load())


@pytest.mark.parametrize(
    ("text", "problem", "fix"),
    [
        ("root: [\n", "line 2: not valid YAML", "correct the YAML syntax"),
        ("- a list\n", "the plan must be a mapping", "write `root:`"),
        (
            "root: overview\ntitle: T\nchapters: []\n",
            "chapters must be a non-empty list",
            "list the chapters",
        ),
        (
            "root: calls\ntitle: T\nchapters:\n  - notebook: overview\n    title: O\n",
            "root 'calls' is not one of the fixed chapters (overview)",
            "set `root:`",
        ),
        (
            "root: overview\nchapters:\n  - notebook: overview\n    title: O\n",
            "title must be a text or a mapping",
            "title: {en: Overview",
        ),
        (
            "root: o\ntitle: {ar: ع}\nchapters:\n  - notebook: o\n    title: O\n",
            "with an English one",
            "write e.g.",
        ),
        (
            "root: o\ntitle: T\nchapters:\n  - notebook: ../../etc/x\n    title: O\n",
            "chapter 1: notebook '../../etc/x' is not a page name",
            "lower-case letters",
        ),
        (
            "root: o\ntitle: T\nchapters:\n  - notebook: o\n    title: O\n"
            "  - notebook: o\n    title: P\n",
            "notebook 'o' is listed twice",
            "keep one entry per notebook",
        ),
        (
            "root: o\ntitle: T\nchapters:\n  - notebook: o\n    title: O\n"
            "  - notebook: m\n    for_each: statement\n",
            "chapter 2: for_each 'statement' is not known",
            "use for_each: meeting",
        ),
        (
            "root: o\ntitle: T\nchapters:\n  - notebook: o\n    titel: O\n",
            "chapter 1: unknown key(s) ['titel']",
            "use only notebook, title, for_each",
        ),
    ],
)
def test_a_bad_plan_names_its_file_problem_and_fix(
    tmp_path: Path, text: str, problem: str, fix: str
):
    path = tmp_path / "plan.yml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(PlanError) as error:
        BookPlan.load(path)
    message = str(error.value)
    assert message.startswith(f"{path}: ") and problem in message, message
    assert ". Fix: " in message and fix in message.split(". Fix: ", 1)[1], message


def test_a_missing_plan_or_template_is_a_plan_error(tmp_path: Path):
    with pytest.raises(PlanError, match=r"cannot be read .*Fix: pass an existing"):
        BookPlan.load(tmp_path / "nowhere.yml")
    path = tmp_path / "plan.yml"
    path.write_text("root: nope\ntitle: T\nchapters:\n  - notebook: nope\n    title: N\n")
    with pytest.raises(PlanError, match=r"nope\.ipynb does not exist\. Fix: add nope\.ipynb"):
        BookPlan.load(path).chapters(load(DATA_DIR))


def test_a_bad_plan_stops_the_build_before_anything_is_written(tmp_path: Path):
    path = tmp_path / "plan.yml"
    path.write_text("title: [", encoding="utf-8")
    with pytest.raises(BuildFailed, match=rf"^{re.escape(str(path))}: line \d+: not valid YAML"):
        build(BuildOptions(out=tmp_path / "out", plan_file=path, **QUIET))
    assert not (tmp_path / "out").exists()


def html_title(page: Path) -> str:
    found = re.search(r"<title>(.*?)</title>", page.read_text(encoding="utf-8"), re.S)
    assert found, page
    return found.group(1)


@pytest.mark.slow
def test_a_build_uses_the_plan_file_everywhere(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """Another plan (another title, another opening page and order): the HTML titles, the
    root page, the table of contents, the manifest and the PDF all follow it."""
    plan_file = tmp_path / "other-plan.yml"
    plan_file.write_text(OTHER_PLAN, encoding="utf-8")
    printed: dict[str, object] = {}
    with_chromium = os.path.exists(CHROMIUM)
    if not with_chromium:
        # No PDF without Chromium: check what the pipeline would print, and with which title.
        def print_pdf(
            page: Path, out: Path, lang: str = "en", front: object = "", **_: object
        ) -> None:
            # The plan's title heads the title page.
            title = "A book from another plan" if "A book from another plan" in str(front) else ""
            printed.update(page=page.name, title=title, lang=lang)
            out.parent.mkdir(parents=True, exist_ok=True)
            out.write_bytes(b"%PDF-1.4\n")

        monkeypatch.setattr(pdf, "chromium", lambda: "chromium")
        monkeypatch.setattr(pdf, "print_pdf", print_pdf)
    out = tmp_path / "out"
    options = BuildOptions(out=out, plan_file=plan_file, pdf=True, **QUIET)
    result = build(options)
    html = result.html

    pages = {p.stem for p in html.glob("*.html")} - {"index", "search", "genindex"}
    assert pages == {"calls", "overview"}
    index = (html / "index.html").read_text(encoding="utf-8")
    assert re.search(r'url=calls\.html"', index), index  # the book opens on the plan's root
    for page in ("calls", "overview"):
        assert "A book from another plan" in html_title(html / f"{page}.html")
        assert "Washington, Moscow and Kyiv" not in (html / f"{page}.html").read_text("utf-8")
    assert "Calls first" in html_title(html / "calls.html")
    calls = (html / "calls.html").read_text(encoding="utf-8")
    assert '<link rel="next" title="Overview second" href="overview.html"' in calls  # the order
    manifest = json.loads((html / "build.json").read_text(encoding="utf-8"))
    assert "other-plan.yml" in manifest["inputs"]["book"]

    assert result.pdf is not None and result.pdf.is_file()
    if with_chromium:
        text = subprocess.run(
            ["pdftotext", "-enc", "UTF-8", str(result.pdf), "-"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        assert " ".join(text.split()).startswith("A book from another plan")
    else:
        assert printed == {"page": "calls.html", "title": "A book from another plan", "lang": "en"}

    # The plan lies outside book/: a change to it alone still rebuilds the book.
    plan_file.write_text(OTHER_PLAN.replace("another plan", "a changed plan"), encoding="utf-8")
    again = build(BuildOptions(out=out, plan_file=plan_file, **QUIET))
    assert not again.up_to_date and again.executed == 0
    assert "A book from a changed plan" in html_title(again.html / "calls.html")
