"""Arabic beside a line reference is the source's own words on that line.

Wherever a built page shows Arabic next to a link to an evidence row, the two stand in one
element: a ``cited-words`` span (the words, then the link: View.cited), or a quote pair (the
blockquote, then the caption's link). Every such Arabic text is read back against the archived
source, through the package's sources table: it lies inside the evidence row's span
(``start``-``end``) and on its ``line``. Checked on both editions of every corpus.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

import pytest

from talksbook.data import Package

#: Elements that hold a void tag: they are never closed.
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "wbr"}


@dataclass
class Pair:
    """Arabic text and the evidence ids linked inside one pairing element."""

    kind: str
    arabic: list[str] = field(default_factory=list)
    evidence: list[str] = field(default_factory=list)


class Pairs(HTMLParser):
    """Every pairing element of a page: ``span.cited-words`` and ``figure.quote-pair``, with
    the text of the Arabic inside it (``.ar`` elements, or the blockquote) and its links."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        #: Open elements: tag, the pair it opens (if any), whether it holds the Arabic.
        self.stack: list[tuple[str, Pair | None, bool]] = []
        self.found: list[Pair] = []

    def _innermost(self) -> tuple[int, Pair | None]:
        for index in range(len(self.stack) - 1, -1, -1):
            pair = self.stack[index][1]
            if pair is not None:
                return index, pair
        return -1, None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in VOID:
            return
        names = dict(attrs)
        classes = set((names.get("class") or "").split())
        _, current = self._innermost()
        arabic = current is not None and (
            (current.kind == "cited-words" and "ar" in classes)
            or (current.kind == "quote-pair" and tag == "blockquote")
        )
        if arabic and current is not None:
            current.arabic.append("")
        if tag == "a" and current is not None and names.get("data-evidence"):
            current.evidence.append(str(names["data-evidence"]))
        pair: Pair | None = None
        if tag == "span" and "cited-words" in classes:
            pair = Pair("cited-words")
        elif tag == "figure" and "quote-pair" in classes:
            pair = Pair("quote-pair")
        if pair is not None:
            self.found.append(pair)
        self.stack.append((tag, pair, arabic))

    def handle_endtag(self, tag: str) -> None:
        if tag in VOID:
            return
        while self.stack:
            if self.stack.pop()[0] == tag:
                break

    def handle_data(self, data: str) -> None:
        index, current = self._innermost()
        if current is not None and any(a for _, _, a in self.stack[index + 1 :]):
            current.arabic[-1] += data


def pairs(page: Path) -> list[Pair]:
    parser = Pairs()
    parser.feed(page.read_text(encoding="utf-8"))
    parser.close()
    return parser.found


def source_texts(pkg: Package, folder: Path) -> dict[str, str]:
    """Each archived source's text by id, read from the path the sources table gives."""
    sources = pkg["sources"]
    return {
        str(i): (folder / str(p)).read_text(encoding="utf-8")
        for i, p in zip(sources["id"], sources["path"], strict=True)
        if isinstance(p, str) and p
    }


def pages(edition: object) -> list[Path]:
    """The chapter pages of an edition (its own folder only: the Arabic one sits inside)."""
    root = Path(edition.html)  # type: ignore[attr-defined]
    return sorted(p for p in root.glob("*.html") if p.name not in {"search.html", "genindex.html"})


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_arabic_beside_a_line_reference_is_the_sources_words_on_that_line(
    corpus: Package, corpus_dir: Path, corpus_editions: dict[str, object], lang: str
) -> None:
    texts = source_texts(corpus, corpus_dir)
    evidence = corpus["evidence"].set_index("id")
    checked, wrong = 0, []
    for page in pages(corpus_editions[lang]):
        for pair in pairs(page):
            assert len(pair.evidence) == 1, (page.name, pair)
            assert pair.arabic and all(w.strip() for w in pair.arabic), (page.name, pair)
            row = evidence.loc[pair.evidence[0]]
            text = texts[str(row["source_id"])]
            start, end, line = int(row["start"]), int(row["end"]), int(row["line"])
            span = text[start:end]
            on_line = text.split("\n")[line - 1]
            for words in pair.arabic:
                words = words.strip()
                checked += 1
                if words not in span or words not in on_line:
                    wrong.append((page.name, pair.evidence[0], line, words))
    assert not wrong, wrong
    assert checked, "no Arabic beside a line reference was found: the markup changed?"
