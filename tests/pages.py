"""Reading built pages the way a browser would: what runs, what loads, what is shown."""

from __future__ import annotations

import json
import re
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

#: Attributes whose value a browser follows or loads.
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "poster", "cite", "data", "xlink:href"}


class Page(HTMLParser):
    """What a page would run, load and show."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.scripts: list[tuple[str | None, str]] = []
        self.handlers: set[tuple[str, str, str | None]] = set()
        self.urls: list[tuple[str, str, str]] = []
        self.tags: Counter[str] = Counter()
        self.text: list[str] = []
        self._raw: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags[tag] += 1
        if tag == "script":
            self.scripts.append((dict(attrs).get("src"), ""))
        if tag in ("script", "style"):
            self._raw = tag
        for name, value in attrs:
            if name.startswith("on"):
                self.handlers.add((tag, name, value))
            if name in URL_ATTRIBUTES and value is not None:
                self.urls.append((tag, name, value))

    def handle_endtag(self, tag: str) -> None:
        if tag == self._raw:
            self._raw = None

    def handle_data(self, data: str) -> None:
        if self._raw == "script":
            src, text = self.scripts[-1]
            self.scripts[-1] = (src, text + data)
        elif self._raw is None:
            self.text.append(data)

    @property
    def plain(self) -> str:
        return " ".join(" ".join(self.text).split())


#: The line of a published chart's script that holds its Vega-Lite spec (talksbook.render).
SPEC_LINE = re.compile(r"^  var spec = (.*);$", re.MULTILINE)


def chart_specs(path: Path) -> list[dict[str, Any]]:
    """The Vega-Lite specs of the charts a published page draws, in page order."""
    return [json.loads(m) for m in SPEC_LINE.findall(path.read_text(encoding="utf-8"))]


def parse(path: Path) -> Page:
    page = Page()
    page.feed(path.read_text(encoding="utf-8"))
    page.close()
    return page


class Tables(HTMLParser):
    """Every ``<table>`` with ``class_name``: rows of cells, each cell's text and its links."""

    def __init__(self, class_name: str) -> None:
        super().__init__(convert_charrefs=True)
        self.class_name = class_name
        self.rows: list[list[tuple[str, list[str]]]] = []
        self._depth = 0  # > 0 inside a wanted table

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        wanted = self.class_name in (found.get("class") or "").split()
        if tag == "table" and (self._depth or wanted):
            self._depth += 1
        if not self._depth:
            return
        if tag == "tr":
            self.rows.append([])
        elif tag in ("td", "th") and self.rows:
            self.rows[-1].append(("", []))
        elif tag == "a" and self.rows and self.rows[-1] and found.get("href"):
            self.rows[-1][-1][1].append(str(found["href"]))

    def handle_endtag(self, tag: str) -> None:
        if tag == "table" and self._depth:
            self._depth -= 1

    def handle_data(self, data: str) -> None:
        if self._depth and self.rows and self.rows[-1]:
            text, links = self.rows[-1][-1]
            self.rows[-1][-1] = (text + data, links)


def table_rows(path: Path, class_name: str) -> list[list[tuple[str, list[str]]]]:
    """Body rows (header rows dropped) of the tables with ``class_name`` on the page."""
    parser = Tables(class_name)
    parser.feed(path.read_text(encoding="utf-8"))
    return [
        [(" ".join(text.split()), links) for text, links in row]
        for row in parser.rows
        if row and any(text.strip() for text, _ in row)
    ][1:]


class _Quotes(HTMLParser):
    """The text of every ``<blockquote class="quote-ar">`` (the source's words, talksbook.html)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.quotes: list[str] = []
        self._depth = 0  # > 0 inside a quote

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        wanted = "quote-ar" in (dict(attrs).get("class") or "").split()
        if tag == "blockquote" and (self._depth or wanted):
            if not self._depth:
                self.quotes.append("")
            self._depth += 1

    def handle_endtag(self, tag: str) -> None:
        if tag == "blockquote" and self._depth:
            self._depth -= 1

    def handle_data(self, data: str) -> None:
        if self._depth:
            self.quotes[-1] += data


def arabic_quotes(path: Path) -> list[str]:
    """The source's Arabic words a published page quotes, each as one spaced line."""
    parser = _Quotes()
    parser.feed(path.read_text(encoding="utf-8"))
    return [" ".join(q.split()) for q in parser.quotes if q.strip()]
