"""A second data package for tests: the shipped one plus a third meeting from a new source."""

from __future__ import annotations

import csv
import hashlib
from pathlib import Path

from talksbook.data.locate import occurrences
from talksbook.data.rehash import rehash

SOURCE_TEXT = (
    "Fixture dispatch\n"
    "Russian and American delegations met in Geneva on 3 March 2025 to discuss the exchange "
    "of prisoners.\n"
    "The Swiss government hosted the closed meeting, the agency said.\n"
)


def _append(folder: Path, table: str, rows: list[dict[str, str]]) -> None:
    path = folder / f"{table}.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        header = next(csv.reader(handle))
    with path.open("a", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        for row in rows:
            writer.writerow([row.get(column, "") for column in header])


def add_geneva_meeting(folder: Path, event_id: str = "geneva-talks") -> str:
    """Add a third meeting, with its own archived source and evidence; return its id."""
    source = folder / "sources" / "fixture-dispatch.txt"
    source.write_text(SOURCE_TEXT, encoding="utf-8")
    _append(
        folder,
        "sources",
        [
            {
                "id": "fixture-dispatch",
                "kind": "article",
                "title": "Fixture dispatch",
                "title_en": "Fixture dispatch",
                "language": "en",
                "path": "sources/fixture-dispatch.txt",
                "sha256": hashlib.sha256(source.read_bytes()).hexdigest(),
                "reliability": "F",
                "notes": "Invented for the tests.",
            }
        ],
    )
    spans = {
        "ev-fx-geneva": "Russian and American delegations met in Geneva on 3 March 2025 to "
        "discuss the exchange of prisoners.",
        "ev-fx-date": "on 3 March 2025",
        "ev-fx-host": "The Swiss government hosted the closed meeting, the agency said.",
    }
    evidence = []
    for evidence_id, quote in spans.items():
        place = occurrences(SOURCE_TEXT, quote)[0]
        evidence.append(
            {
                "id": evidence_id,
                "source_id": "fixture-dispatch",
                "line": str(place.line),
                "start": str(place.start),
                "end": str(place.end),
                "kind": "fact",
                "exact": quote,
                "text_en": quote,
            }
        )
    _append(folder, "evidence", evidence)
    _append(
        folder,
        "actors",
        [
            {
                "id": "che",
                "name_en": "Switzerland",
                "name_ar": "سويسرا",
                "kind": "state",
                "country": "CHE",
                "role_en": "Host",
                "role_ar": "الدولة المضيفة",
            }
        ],
    )
    _append(
        folder,
        "events",
        [
            {
                "id": event_id,
                "title_en": "Prisoner talks in Geneva",
                "title_ar": "محادثات جنيف",
                "track": "meeting",
                "status": "occurred",
                "date_earliest": "2025-03-03",
                "date_latest": "2025-03-03",
                "date_precision": "day",
                "date_basis": "stated",
                "plover_category": "CONSULT",
                "plover_mode": "third-party",
                "cameo": "044",
                "city": "Geneva",
                "city_ar": "جنيف",
                "country": "CHE",
                "latitude": "46.20222",
                "longitude": "6.14569",
                "location_source": "geonames",
                "summary_en": "Delegations discussed an exchange of prisoners.",
                "summary_ar": "ناقش الوفدان تبادل الأسرى.",
                "evidence_id": "ev-fx-geneva",
            }
        ],
    )
    _append(
        folder,
        "date_claims",
        [
            {
                "id": "dc-fx-geneva",
                "event_id": event_id,
                "evidence_id": "ev-fx-date",
                "stated_ar": "on 3 March 2025",
                "stated_en": "on 3 March 2025",
                "earliest": "2025-03-03",
                "latest": "2025-03-03",
                "basis": "stated",
            }
        ],
    )
    _append(
        folder,
        "participants",
        [
            {
                "event_id": event_id,
                "actor_id": "usa",
                "role": "party",
                "evidence_id": "ev-fx-geneva",
            },
            {
                "event_id": event_id,
                "actor_id": "rus",
                "role": "party",
                "evidence_id": "ev-fx-geneva",
            },
            {
                "event_id": event_id,
                "actor_id": "che",
                "role": "host",
                "evidence_id": "ev-fx-host",
            },
        ],
    )
    rehash(folder)
    return event_id
