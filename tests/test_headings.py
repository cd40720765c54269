"""Section headings: every chapter page ships ``##`` headings, in its edition's language, and
the theme's "on this page" list links to each of them."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import nbformat
import pytest

from talksbook import plan
from talksbook.data import Package
from talksbook.execute import (
    emitted_heading,
    heading_key,
    prepare_for_book,
    shown_headings,
    split_at_emitted_headings,
)
from talksbook.headings import HEADING_MIME, Heading
from talksbook.paths import NOTEBOOKS_DIR
from talksbook.words import keys, text

LANGUAGES = ("en", "ar")
ARABIC = re.compile("[\u0600-\u06ff]")
#: Section functions that write their own heading (inside their HTML, not a MyST section).
OWN_HEADINGS: tuple[str, ...] = ()


def templates() -> list[Path]:
    return sorted(NOTEBOOKS_DIR.glob("*.ipynb"))


def heading_keys() -> set[str]:
    return {
        key
        for template in templates()
        for cell in nbformat.read(template, as_version=4).cells
        if (key := heading_key(cell)) is not None
    }


# --- the templates ----------------------------------------------------------------------------


def test_every_heading_cell_names_a_template_of_both_languages() -> None:
    found = heading_keys()
    assert len(found) >= 2 * len(templates())
    for lang in LANGUAGES:
        assert sorted(found - keys(lang)) == [], lang


def test_every_template_has_two_headed_sections() -> None:
    for template in templates():
        cells = nbformat.read(template, as_version=4).cells
        headings = [c for c in cells if heading_key(c) is not None]
        assert len(headings) >= 2, template.name
        for cell in headings:  # readable for whoever opens the template
            assert cell.source == "## " + text(heading_key(cell) or "", "en"), template.name


def _executed(*outputs: str | None) -> nbformat.NotebookNode:
    """A notebook as Papermill leaves it: title, then per section a heading and a cell whose
    text/html output is the given string (None: no output at all)."""
    cells = [nbformat.v4.new_markdown_cell("# Template title")]
    for number, html in enumerate(outputs):
        key = ("calls.heading.topics", "calls.heading.previous", "calls.heading.prospects")[number]
        cells.append(
            nbformat.v4.new_markdown_cell("## x", metadata={"talksbook": {"heading": key}})
        )
        outputs = []
        if html is not None:
            data = {"text/plain": "Html(...)", "text/html": html}
            outputs.append(nbformat.v4.new_output("execute_result", data=data, execution_count=1))
        cells.append(nbformat.v4.new_code_cell("x", outputs=outputs))
    return nbformat.v4.new_notebook(cells=cells)


def test_prepare_for_book_writes_headings_in_the_editions_language() -> None:
    notebook = _executed("<p>a</p>", "", None)
    prepare_for_book(notebook, "The calls: [1]", "ar")
    markdown = [c.source for c in notebook.cells if c.cell_type == "markdown"]
    # Sections with nothing shown (an empty section function, no output) lose their heading.
    assert markdown == ["# The calls\\: \\[1\\]", "## " + text("calls.heading.topics", "ar")]
    assert len(notebook.cells) == 5


def test_a_heading_is_kept_when_any_cell_of_its_section_shows_something() -> None:
    notebook = _executed("", "<p>b</p>")
    notebook.cells.insert(2, nbformat.v4.new_code_cell("chart", outputs=[]))
    notebook.cells[2].outputs = [
        nbformat.v4.new_output("display_data", data={"image/svg+xml": "<svg/>"})
    ]
    kept = [heading_key(c) for c in shown_headings(notebook.cells)]
    assert [k for k in kept if k] == ["calls.heading.topics", "calls.heading.previous"]


def test_a_heading_over_hidden_or_stderr_output_is_dropped() -> None:
    notebook = _executed("<p>a</p>")
    notebook.cells[2].metadata["tags"] = ["remove-output"]
    notebook.cells.append(
        nbformat.v4.new_code_cell(
            "warn", outputs=[nbformat.v4.new_output("stream", name="stderr", text="warning\n")]
        )
    )
    assert [heading_key(c) for c in shown_headings(notebook.cells)] == [None, None, None]


# --- the built book ---------------------------------------------------------------------------


class Sections(HTMLParser):
    """The section headings inside the article body (``<h2>`` and ``<h3>``: text, and the id
    their permalink names) and the links of the theme's "on this page" navigation."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.article = 0  # > 0 inside <article class="bd-article">
        self.toc = 0  # > 0 inside the page-toc <nav>
        self.heading: list[str] | None = None  # text of the heading being read
        self.levels: list[int] = []  # each heading's level
        self.permalink = False  # inside the heading's "#" link
        self.headings: list[tuple[str, str | None]] = []
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        classes = (found.get("class") or "").split()
        if tag == "article" and (self.article or "bd-article" in classes):
            self.article += 1
        if tag == "nav" and (
            self.toc or found.get("id") == "pst-page-toc-nav" or "bd-toc-nav" in classes
        ):
            self.toc += 1
        if tag in {"h2", "h3"} and self.article:
            self.heading = []
            self.headings.append(("", None))
            self.levels.append(int(tag[1]))
        if tag == "a" and self.heading is not None and "headerlink" in classes:
            self.permalink = True
            self.headings[-1] = ("", (found.get("href") or "").lstrip("#"))
        elif tag == "a" and self.toc and found.get("href"):
            self.links.append(str(found["href"]))

    def handle_endtag(self, tag: str) -> None:
        if tag == "article" and self.article:
            self.article -= 1
        if tag == "nav" and self.toc:
            self.toc -= 1
        if tag == "a":
            self.permalink = False
        if tag in {"h2", "h3"} and self.heading is not None:
            self.headings[-1] = (" ".join("".join(self.heading).split()), self.headings[-1][1])
            self.heading = None

    def handle_data(self, data: str) -> None:
        if self.heading is not None and not self.permalink:
            self.heading.append(data)


def sections(page: Path) -> Sections:
    parser = Sections()
    parser.feed(page.read_text(encoding="utf-8"))
    parser.close()
    return parser


@pytest.fixture(scope="module")
def books(corpus_editions) -> dict[str, Path]:
    """Both editions' published HTML, English and Arabic, of the corpus's book (one real build
    of the shipped package and one of the generated one)."""
    return {lang: edition.html for lang, edition in corpus_editions.items()}


@pytest.mark.slow
def test_every_chapter_page_has_headings_and_an_on_this_page_list(
    books: dict[str, Path], corpus: Package
) -> None:
    for lang, html in books.items():
        names = [c.name for c in plan.BookPlan.load().chapters(corpus, lang=lang)]
        assert {"overview", "calls", "reactions", "outlook", "data-and-methods"} <= set(names)
        assert any(name.startswith("meeting-") for name in names)
        allowed = {text(key, lang) for key in heading_keys() | set(OWN_HEADINGS)}
        for name in names:
            page = sections(html / f"{name}.html")
            where = (lang, name)
            assert page.levels.count(2) >= 2, where
            # The notebook's headings are real sections: a permalink, and a link on this page.
            linked = [anchor for _, anchor in page.headings if anchor]
            assert len(linked) >= 2, (where, page.headings)
            assert page.links, (where, "no on-this-page list")
            assert {f"#{anchor}" for anchor in linked} == set(page.links), where
            for heading, _ in page.headings:
                # A template's heading in the edition's language, or one the data decide (a
                # call's title): in the edition's script.
                assert heading in allowed or bool(ARABIC.search(heading)) == (lang == "ar"), (
                    where,
                    heading,
                )


# --- headings a cell displays (sections the data decide) ----------------------------------------


def _displayed(value: object) -> nbformat.NotebookNode:
    if isinstance(value, Heading):
        return nbformat.v4.new_output("display_data", data=value._repr_mimebundle_())
    return nbformat.v4.new_output("display_data", data={"text/html": str(value)})


def test_a_cell_is_cut_at_the_headings_it_displayed() -> None:
    outputs = [_displayed(v) for v in ("<p>a</p>", Heading("Call *1* <b>"), "<p>b</p>")]
    outputs += [_displayed(Heading("Topics", 3))]
    cell = nbformat.v4.new_code_cell("loop", outputs=outputs, id="calls-4")
    cell.metadata["tags"] = ["remove-input"]
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("# T"), cell])
    prepare_for_book(notebook, "The calls", "en")
    kinds = [
        (c.cell_type, c.source if c.cell_type == "markdown" else len(c.outputs))
        for c in notebook.cells
    ]
    # Data in a heading enter MyST escaped; the outputs keep their order around the headings.
    assert kinds == [
        ("markdown", "# The calls"),
        ("code", 1),
        ("markdown", "## Call \\*1\\* \\<b\\>"),
        ("code", 1),
        ("markdown", "### Topics"),
    ]
    assert [c.id for c in notebook.cells[1:]] == [
        "calls-4-0",
        "calls-4-1",
        "calls-4-2",
        "calls-4-3",
    ]
    assert notebook.cells[3].metadata["tags"] == ["remove-input"]
    assert emitted_heading(notebook.cells[2]) == (2, "Call *1* <b>")
    nbformat.validate(notebook)


def test_a_heading_has_a_section_level() -> None:
    with pytest.raises(ValueError, match="level"):
        Heading("x", 1)
    bad = nbformat.v4.new_output(
        "display_data", data={HEADING_MIME: {"level": 7, "text": "x"}, "text/plain": "x"}
    )
    cell = nbformat.v4.new_code_cell("x", outputs=[bad])
    with pytest.raises(ValueError, match="level"):
        split_at_emitted_headings([cell])
