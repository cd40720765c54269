"""Reading built pages the way a browser would: what runs, what loads, what is shown."""

from __future__ import annotations

from collections import Counter
from html.parser import HTMLParser
from pathlib import Path

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
