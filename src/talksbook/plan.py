"""The book plan (book/plan.yml) expanded against the data into a list of chapters."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd
import yaml

from .data import Package
from .paths import BOOK_DIR, NOTEBOOKS_DIR

PLAN_FILE = BOOK_DIR / "plan.yml"


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


def chapters(
    package: Package, plan_file: Path = PLAN_FILE, notebooks: Path = NOTEBOOKS_DIR
) -> list[Chapter]:
    """Every chapter of the book, in order: fixed chapters plus one per meeting in the data."""
    plan = yaml.safe_load(plan_file.read_text(encoding="utf-8"))
    result: list[Chapter] = []
    for entry in plan["chapters"]:
        template = notebooks / f"{entry['notebook']}.ipynb"
        if not template.is_file():
            raise FileNotFoundError(f"{plan_file}: notebook template {template} does not exist")
        if entry.get("for_each") == "meeting":
            for meeting in meetings(package).itertuples():
                result.append(
                    Chapter(
                        f"meeting-{meeting.id}",
                        template,
                        meeting.title_en,
                        {"meeting_id": meeting.id},
                    )
                )
        else:
            result.append(Chapter(entry["notebook"], template, entry["title"]))
    return result


def root_name(plan_file: Path = PLAN_FILE) -> str:
    """The chapter that opens the book."""
    return str(yaml.safe_load(plan_file.read_text(encoding="utf-8"))["root"])
