"""The book plan (book/plan.yml, or ``--plan FILE``): read once into a :class:`BookPlan`, which
the pipeline passes to every step that needs it, and expanded against the data into chapters."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import pandas as pd
import yaml

from .data import Package
from .facts.dating import in_date_order
from .paths import NOTEBOOKS_DIR, PLAN_FILE

__all__ = [
    "MAX_MEETING_CHAPTERS",
    "PAGE_NAME",
    "PLAN_FILE",
    "BookPlan",
    "Chapter",
    "PlanEntry",
    "PlanError",
    "meeting_chapters",
    "meetings",
    "page_name",
]
#: Meetings that get a chapter of their own, at most: the latest ones. Hundreds of meetings
#: (one per 500 events in a large record) would make hundreds of near-identical pages, each
#: with a sidebar listing all the others, and a build time that grows with their number
#: times the size of the data. Every meeting stays listed, with its date, who was at the
#: table and who was left out, in the reactions chapter.
MAX_MEETING_CHAPTERS = 50


#: What a page name may hold. Page names become file names and URLs, and the theme writes them
#: unescaped into an inline script (``DOCUMENTATION_OPTIONS.pagename = '…'``).
PAGE_NAME = re.compile(r"[a-z0-9][a-z0-9-]*")


def page_name(prefix: str, key: str) -> str:
    """``prefix-key`` built from ``[a-z0-9-]`` only, whatever ``key`` holds (an id, from the
    data). A key that had to change gets a short hash of itself, so that two keys never share
    a page."""
    slug = re.sub(r"[^a-z0-9]+", "-", key.lower()).strip("-")
    if slug != key or not slug:
        slug = "-".join(filter(None, [slug, hashlib.sha256(key.encode()).hexdigest()[:10]]))
    return f"{prefix}-{slug}"


@dataclass(frozen=True)
class Chapter:
    """One page of the book: which template to execute, with which parameters, under what name."""

    name: str
    template: Path
    title: str
    parameters: dict[str, Any] = field(default_factory=dict)


def meetings(package: Package) -> pd.DataFrame:
    """Meetings that took place, in the book's order of events (facts.dating.in_date_order:
    Istanbul, "after 18 February", comes after Riyadh, on 18 February; undated ones last)."""
    events = package["events"]
    return in_date_order(events[(events.track == "meeting") & (events.status == "occurred")])


def meeting_chapters(package: Package) -> pd.DataFrame:
    """The meetings that get a chapter: the latest ``MAX_MEETING_CHAPTERS``, in date order."""
    return meetings(package).tail(MAX_MEETING_CHAPTERS)


class PlanError(ValueError):
    """The book plan cannot be used. The message reads ``file: problem. Fix: …``."""

    def __init__(self, path: Path, problem: str, fix: str) -> None:
        super().__init__(f"{path}: {problem}. Fix: {fix}")
        self.path, self.problem, self.fix = path, problem, fix


#: What an entry may repeat per item of the data: one chapter per meeting.
FOR_EACH = ("meeting",)
_PLAN_KEYS = ("root", "title", "chapters")
_ENTRY_KEYS = ("notebook", "title", "for_each")
#: A title per edition language; English is the fallback for a language without one.
Titles = tuple[tuple[str, str], ...]
#: The PDF's file name (without .pdf) unless the data package names its own.
PDF_NAME = "talks-on-ukraine-feb-2025"


@dataclass(frozen=True)
class PlanEntry:
    """One entry of the plan: a fixed chapter (``titles`` set), or a template executed once per
    item of the data (``for_each``, its titles from the data)."""

    notebook: str
    titles: Titles = ()
    for_each: str | None = None

    def title(self, lang: str) -> str:
        return _pick(self.titles, lang)


@dataclass(frozen=True)
class BookPlan:
    """book/plan.yml as read once: the book's title per language, the page that opens it and
    the chapter entries in order. :meth:`chapters` expands them against a package."""

    path: Path
    root: str
    titles: Titles
    entries: tuple[PlanEntry, ...]
    #: The stem of the PDF's file name (the Arabic edition adds ``.ar``).
    pdf_name: str = PDF_NAME

    @classmethod
    def load(cls, path: Path = PLAN_FILE) -> BookPlan:
        """Read and check ``path``; a bad plan raises :class:`PlanError` naming the problem."""
        try:
            text = Path(path).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            problem = getattr(error, "strerror", None) or str(error)
            raise PlanError(
                path,
                f"cannot be read ({problem})",
                "pass an existing UTF-8 plan file with --plan, or restore book/plan.yml "
                "from version control",
            ) from None
        try:
            raw = yaml.safe_load(text)
        except yaml.YAMLError as error:
            mark = getattr(error, "problem_mark", None)
            where = f"line {mark.line + 1}: " if mark is not None else ""
            detail = getattr(error, "problem", None) or "unreadable"
            raise PlanError(
                path,
                f"{where}not valid YAML ({detail})",
                "correct the YAML syntax (indentation, colons, quotes) as in book/plan.yml",
            ) from None
        return cls.parse(raw, Path(path))

    @classmethod
    def parse(cls, raw: object, path: Path = PLAN_FILE) -> BookPlan:
        """A plan from its parsed YAML (``path`` names it in problems)."""

        def fail(problem: str, fix: str) -> PlanError:
            return PlanError(path, problem, fix)

        if not isinstance(raw, Mapping):
            raise fail(
                "the plan must be a mapping with root, title and chapters",
                "write `root:`, `title:` and `chapters:` at the top level, as in book/plan.yml",
            )
        unknown = sorted(str(k) for k in raw if k not in _PLAN_KEYS)
        if unknown:
            raise fail(f"unknown key(s) {unknown}", f"use only {', '.join(_PLAN_KEYS)}")
        titles = _titles(raw.get("title"), "title", fail)
        chapters = raw.get("chapters")
        if not isinstance(chapters, list) or not chapters:
            raise fail(
                "chapters must be a non-empty list",
                "list the chapters under `chapters:`, one `- notebook: NAME` entry each",
            )
        entries = tuple(_entry(item, number, fail) for number, item in enumerate(chapters, 1))
        fixed = [e.notebook for e in entries if e.for_each is None]
        twice = [n for n in fixed if fixed.count(n) > 1]
        if twice:
            raise fail(
                f"notebook {twice[0]!r} is listed twice (each fixed chapter is one page)",
                "keep one entry per notebook",
            )
        kinds = [e.for_each for e in entries if e.for_each is not None]
        repeated = [k for k in kinds if kinds.count(k) > 1]
        if repeated:
            raise fail(
                f"two entries say for_each: {repeated[0]} (their pages would share names)",
                "keep one for_each entry per kind",
            )
        root = raw.get("root")
        if not isinstance(root, str) or root not in fixed:
            raise fail(
                f"root {root!r} is not one of the fixed chapters ({', '.join(fixed) or 'none'})",
                "set `root:` to the notebook of the chapter that opens the book",
            )
        return cls(path, root, titles, entries)

    def title(self, lang: str = "en") -> str:
        """The book's title in the edition's language (English where it has none)."""
        return _pick(self.titles, lang)

    def chapters(
        self, package: Package, notebooks: Path = NOTEBOOKS_DIR, lang: str = "en"
    ) -> list[Chapter]:
        """Every chapter of the book, in order: fixed chapters plus one per meeting in the data
        (the latest ``MAX_MEETING_CHAPTERS``).

        Titles are in the edition's language; a meeting without a title in that language keeps
        its English one rather than going untitled.
        """
        result: list[Chapter] = []
        for entry in self.entries:
            template = notebooks / f"{entry.notebook}.ipynb"
            if not template.is_file():
                raise PlanError(
                    self.path,
                    f"notebook template {template} does not exist",
                    f"add {template.name} to {notebooks}, or correct the entry's notebook name",
                )
            if entry.for_each == "meeting":
                for meeting in meeting_chapters(package).to_dict("records"):
                    title = str(meeting.get(f"title_{lang}") or meeting["title_en"])
                    meeting_id = str(meeting["id"])
                    result.append(
                        Chapter(
                            page_name("meeting", meeting_id),
                            template,
                            title,
                            {"meeting_id": meeting_id},
                        )
                    )
            else:
                result.append(Chapter(entry.notebook, template, entry.title(lang)))
        return result

    def with_book(self, book: Mapping[str, str] | None) -> BookPlan:
        """This plan with the title and PDF name a data package gives in its descriptor's
        ``book`` block (validated: see talksbook.data.package); the plan's own where it gives
        none. A title the package gives replaces the plan's in every language: a package
        without ``title_ar`` gets its English title in the Arabic edition, never the title
        of another book."""
        if not book:
            return self
        titles = self.titles
        if book.get("title"):
            titles = (("en", book["title"]),) + (
                (("ar", book["title_ar"]),) if book.get("title_ar") else ()
            )
        return replace(self, titles=titles, pdf_name=book.get("pdf_name") or self.pdf_name)

    def as_dict(self) -> dict[str, Any]:
        """What the plan says (not where it lies), for the build key."""
        return {
            "root": self.root,
            "pdf_name": self.pdf_name,
            "title": dict(self.titles),
            "chapters": [
                {"notebook": e.notebook, "title": dict(e.titles), "for_each": e.for_each}
                for e in self.entries
            ],
        }


def _pick(titles: Titles, lang: str) -> str:
    """The title in ``lang``, English as the fallback."""
    by_lang = dict(titles)
    return by_lang.get(lang) or by_lang["en"]


def _titles(value: object, where: str, fail: Any) -> Titles:
    """A title given as text (every language) or as {language: text}, with English."""
    if isinstance(value, str) and value.strip():
        return (("en", value),)
    if (
        isinstance(value, Mapping)
        and value
        and all(isinstance(k, str) and isinstance(v, str) and v.strip() for k, v in value.items())
        and "en" in value
    ):
        return tuple((str(k), str(v)) for k, v in value.items())
    raise fail(
        f"{where} must be a text or a mapping of language to text with an English one, "
        f"not {value!r}",
        "write e.g. `title: {en: Overview, ar: نظرة عامة}`",
    )


def _entry(item: object, number: int, fail: Any) -> PlanEntry:
    """Chapter entry ``number`` (from 1), checked."""
    where = f"chapter {number}"
    if not isinstance(item, Mapping):
        raise fail(f"{where} must be a mapping", "write `- notebook: NAME` and its `title:`")
    unknown = sorted(str(k) for k in item if k not in _ENTRY_KEYS)
    if unknown:
        raise fail(f"{where}: unknown key(s) {unknown}", f"use only {', '.join(_ENTRY_KEYS)}")
    notebook = item.get("notebook")
    if not isinstance(notebook, str) or not PAGE_NAME.fullmatch(notebook):
        raise fail(
            f"{where}: notebook {notebook!r} is not a page name",
            "name a template in notebooks/ without .ipynb, in lower-case letters, digits "
            "and hyphens",
        )
    for_each = item.get("for_each")
    if for_each is not None:
        if for_each not in FOR_EACH:
            raise fail(
                f"{where}: for_each {for_each!r} is not known",
                f"use for_each: {' or '.join(FOR_EACH)}, or leave it out",
            )
        if "title" in item:
            raise fail(
                f"{where}: a for_each entry takes its titles from the data",
                "remove its `title:`",
            )
        return PlanEntry(notebook, (), str(for_each))
    return PlanEntry(notebook, _titles(item.get("title"), f"{where}: title", fail))
