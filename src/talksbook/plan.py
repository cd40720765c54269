"""The book plan (book/plan.yml) expanded against the data into a list of chapters."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd
import yaml

from .data import Package
from .paths import BOOK_DIR, NOTEBOOKS_DIR

PLAN_FILE = BOOK_DIR / "plan.yml"
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
    """Meetings that took place, in date order.

    An open interval sorts after a closed one with the same start (Istanbul, "after 18
    February", comes after Riyadh, on 18 February); undated meetings come last.
    """
    events = package["events"]
    held = events[(events.track == "meeting") & (events.status == "occurred")]
    return held.sort_values(["date_earliest", "date_latest", "id"], na_position="last")


def meeting_chapters(package: Package) -> pd.DataFrame:
    """The meetings that get a chapter: the latest ``MAX_MEETING_CHAPTERS``, in date order."""
    return meetings(package).tail(MAX_MEETING_CHAPTERS)


def chapters(
    package: Package,
    plan_file: Path = PLAN_FILE,
    notebooks: Path = NOTEBOOKS_DIR,
    lang: str = "en",
) -> list[Chapter]:
    """Every chapter of the book, in order: fixed chapters plus one per meeting in the data
    (the latest ``MAX_MEETING_CHAPTERS``).

    Titles are in the edition's language; a meeting without a title in that language keeps
    its English one rather than going untitled.
    """
    plan = yaml.safe_load(plan_file.read_text(encoding="utf-8"))
    result: list[Chapter] = []
    for entry in plan["chapters"]:
        template = notebooks / f"{entry['notebook']}.ipynb"
        if not template.is_file():
            raise FileNotFoundError(f"{plan_file}: notebook template {template} does not exist")
        if entry.get("for_each") == "meeting":
            for meeting in meeting_chapters(package).itertuples():
                title = getattr(meeting, f"title_{lang}", "") or meeting.title_en
                result.append(
                    Chapter(
                        page_name("meeting", meeting.id),
                        template,
                        title,
                        {"meeting_id": meeting.id},
                    )
                )
        else:
            result.append(Chapter(entry["notebook"], template, _in(entry["title"], lang)))
    return result


def book_title(lang: str = "en", plan_file: Path = PLAN_FILE) -> str:
    """The book's title in the edition's language."""
    return _in(yaml.safe_load(plan_file.read_text(encoding="utf-8"))["title"], lang)


def _in(titles: str | dict[str, str], lang: str) -> str:
    """A title from a {language: title} map (or a plain string), English as the fallback."""
    if isinstance(titles, str):
        return titles
    return titles.get(lang) or titles["en"]


def root_name(plan_file: Path = PLAN_FILE) -> str:
    """The chapter that opens the book."""
    return str(yaml.safe_load(plan_file.read_text(encoding="utf-8"))["root"])
