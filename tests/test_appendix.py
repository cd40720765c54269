"""The two appendix pages: "Data and methods", for readers (how the data were made, the
checks, the evidence the chapters cite, the downloads), and the "Technical appendix", for
reference (the data dictionary, the coding scheme and the build manifest), whose dictionary and
scheme are also published as one Markdown file.

The book-level tests read what the build publishes, for each corpus (shipped and generated)
and both editions: the words of every page's <article>, its links and anchors, and the
Markdown file.
"""

from __future__ import annotations

import copy
import dataclasses
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from markdown_it import MarkdownIt

from talksbook import plan
from talksbook.data import Package
from talksbook.html import APPENDIX_PAGE
from talksbook.narrative import appendix
from talksbook.narrative.appendix import REFERENCE_FILE, TECHNICAL_PAGE

#: The technical appendix may hold at most this share of an edition's words.
MOST_TECHNICAL = 0.25
METHODS = APPENDIX_PAGE.removesuffix(".html")
#: Pages Sphinx makes besides the chapters.
NOT_CHAPTERS = {"index", "search", "genindex"}


class Article(HTMLParser):
    """A published page: the words of its <article>, every element id, every link."""

    def __init__(self, path: Path) -> None:
        super().__init__(convert_charrefs=True)
        self.depth = 0  # inside <article> (0: outside)
        self.raw = False  # inside <script> or <style>
        self.text: list[str] = []
        self.ids: set[str] = set()
        self.hrefs: list[str] = []
        self.feed(path.read_text(encoding="utf-8"))
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if found.get("id"):
            self.ids.add(str(found["id"]))
        if tag == "a" and found.get("href"):
            self.hrefs.append(str(found["href"]))
        if tag == "article" or self.depth:
            self.depth += tag == "article"
        self.raw = self.raw or tag in {"script", "style"}

    def handle_endtag(self, tag: str) -> None:
        if tag == "article" and self.depth:
            self.depth -= 1
        if tag in {"script", "style"}:
            self.raw = False

    def handle_data(self, data: str) -> None:
        if self.depth and not self.raw:
            self.text.append(data)

    @property
    def words(self) -> int:
        return len(" ".join(self.text).split())


def published(book: Path, corpus: Package, lang: str) -> dict[str, Article]:
    """Every page of an edition, by name, as the plan orders them: all that Sphinx built
    besides its own index, search and general index pages."""
    names = [c.name for c in plan.BookPlan.load().chapters(corpus, lang=lang)]
    assert {p.stem for p in book.glob("*.html")} - NOT_CHAPTERS == set(names)
    return {name: Article(book / f"{name}.html") for name in names}


@pytest.mark.slow
def test_the_technical_appendix_holds_under_a_quarter_of_the_words(
    corpus_editions, corpus: Package
) -> None:
    for lang, edition in corpus_editions.items():
        words = {name: page.words for name, page in published(edition.html, corpus, lang).items()}
        share = words[TECHNICAL_PAGE] / sum(words.values())
        assert share < MOST_TECHNICAL, (lang, round(share, 3), words)
        # What moved out of "Data and methods" is there, not lost: the dictionary's tables.
        assert words[TECHNICAL_PAGE] > 0 and words[METHODS] > 0


@pytest.mark.slow
def test_every_link_into_the_appendix_pages_resolves(corpus_editions, corpus: Package) -> None:
    """Evidence links (data-and-methods.html#ev-…), the downloads' table anchors, the links to
    each table's fields, the coding scheme and the build manifest: every fragment that points
    into one of the two pages names an element of it, in both editions."""
    appendices = {METHODS, TECHNICAL_PAGE}
    for lang, edition in corpus_editions.items():
        pages = published(edition.html, corpus, lang)
        targets: dict[str, set[str]] = {name: set() for name in appendices}
        for name, page in pages.items():
            for href in page.hrefs:
                file, _, fragment = href.partition("#")
                target = file.removesuffix(".html") if file else name
                if target in appendices and fragment and (file or name in appendices):
                    targets[target].add(fragment)
        for target, fragments in targets.items():
            assert fragments <= pages[target].ids, (lang, target, fragments - pages[target].ids)
        evidence = {f for f in targets[METHODS] if f in set(corpus["evidence"].id)}
        assert evidence, lang  # the chapters cite the evidence rows on "Data and methods"
        for resource in corpus.descriptor["resources"]:
            assert f"fields-{resource['name']}" in targets[TECHNICAL_PAGE], resource["name"]
            assert f"table-{resource['name']}" in pages[METHODS].ids, resource["name"]
        assert "build-manifest" in targets[TECHNICAL_PAGE]


@pytest.mark.slow
def test_the_technical_appendix_is_published_as_markdown(corpus_editions, corpus: Package) -> None:
    for lang, edition in corpus_editions.items():
        text = (edition.html / REFERENCE_FILE).read_text(encoding="utf-8")
        assert text == appendix.reference(corpus, lang)
        for resource in corpus.descriptor["resources"]:
            assert f"(`{resource['path']}`)" in text, resource["name"]
            for field in resource["schema"]["fields"]:
                assert f"\n| `{field['name']}` |" in text, (resource["name"], field["name"])
        pages = published(edition.html, corpus, lang)
        for name in (METHODS, TECHNICAL_PAGE):
            assert REFERENCE_FILE in pages[name].hrefs, (lang, name)


class _Rendered(HTMLParser):
    """Rendered Markdown: the elements it makes, and the text of each paragraph and cell."""

    def __init__(self, markup: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: set[str] = set()
        self.texts: list[str] = []
        self._open: list[str] | None = None
        self.feed(markup)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.add(tag)
        if tag in {"p", "td", "th"}:
            self._open = []

    def handle_endtag(self, tag: str) -> None:
        if tag in {"p", "td", "th"} and self._open is not None:
            self.texts.append("".join(self._open))
            self._open = None

    def handle_data(self, data: str) -> None:
        if self._open is not None:
            self._open.append(data)


#: What the Markdown file may make: headings, paragraphs, tables and code (names, patterns).
MARKDOWN_TAGS = {"h1", "h2", "h3", "p", "table", "thead", "tbody", "tr", "th", "td", "code"}


def test_the_markdown_shows_the_descriptors_text_as_text(corpus: Package) -> None:
    hostile = "<b>x</b> | *a* _b_ [l](javascript:y) `c` &amp; ~~s~~ \\ 1. - # h"
    descriptor = copy.deepcopy(corpus.descriptor)
    first = descriptor["resources"][0]
    first["description"] = "- " + hostile
    first["schema"]["fields"][0]["description"] = hostile + "\n# a heading"
    text = appendix.reference(dataclasses.replace(corpus, descriptor=descriptor))
    rendered = _Rendered(MarkdownIt("commonmark").enable("table").render(text))
    assert rendered.tags <= MARKDOWN_TAGS  # no list, link, emphasis or raw HTML
    assert "- " + hostile in rendered.texts
    assert hostile + " # a heading" in rendered.texts
    # Every dictionary row still has its three cells, every coding-scheme row its two.
    rows = [line for line in text.splitlines() if line.startswith("| `")]
    assert rows and all(len(re.split(r"(?<!\\)\|", line)) - 2 in (2, 3) for line in rows)


def test_data_and_methods_links_the_technical_appendix_only_when_the_book_has_it(
    corpus: Package,
) -> None:
    without = [METHODS, "overview"]
    for section in (appendix.method, appendix.downloads):
        assert f"{TECHNICAL_PAGE}.html" in str(section(corpus, "en", [*without, TECHNICAL_PAGE]))
        assert f"{TECHNICAL_PAGE}.html" not in str(section(corpus, "en", without))


def test_an_arabic_twin_shares_the_row_of_the_column_it_translates(corpus: Package) -> None:
    from talksbook.data.twins import TWINS
    from talksbook.narrative import appendix

    for lang in ("en", "ar"):
        markup = str(appendix.dictionary(corpus, lang))
        folded = 0
        for resource in corpus.descriptor["resources"]:
            section = markup.split(f'id="fields-{resource["name"]}"', 1)[1].split("</section>")[0]
            rows = re.findall(r'<th scope="row">(.*?)</th>', section, flags=re.S)
            heads = [re.findall(r"<code>(.*?)</code>", row) for row in rows]
            names = {f["name"] for f in resource["schema"]["fields"]}
            for english, arabic in TWINS.get(resource["name"], {}).items():
                if english in names and arabic in names:
                    assert [english, arabic] in heads, (lang, resource["name"], english)
                    assert [arabic] not in heads, (lang, resource["name"], arabic)
                    folded += 1
        assert folded, "the corpus should have Arabic twin columns"
