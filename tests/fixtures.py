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


def _append_evidence(folder: Path, source_id: str, text: str, spans: dict[str, str]) -> None:
    """An evidence row per (id, quote) of ``spans``, at the quote's first place in ``text``."""
    rows = []
    for evidence_id, quote in spans.items():
        place = occurrences(text, quote)[0]
        rows.append(
            {
                "id": evidence_id,
                "source_id": source_id,
                "line": str(place.line),
                "start": str(place.start),
                "end": str(place.end),
                "kind": "fact",
                "exact": quote,
                "text_en": quote,
            }
        )
    _append(folder, "evidence", rows)


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
                "title_ar": "نشرة الاختبار",
                "language": "en",
                "path": "sources/fixture-dispatch.txt",
                "sha256": hashlib.sha256(source.read_bytes()).hexdigest(),
                "reliability": "F",
                "notes": "Invented for the tests.",
                "notes_ar": "نص مختلَق للاختبارات.",
            }
        ],
    )
    spans = {
        "ev-fx-geneva": "Russian and American delegations met in Geneva on 3 March 2025 to "
        "discuss the exchange of prisoners.",
        "ev-fx-date": "on 3 March 2025",
        "ev-fx-host": "The Swiss government hosted the closed meeting, the agency said.",
    }
    _append_evidence(folder, "fixture-dispatch", SOURCE_TEXT, spans)
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


SECOND_ARTICLE = (
    "Second dispatch\n"
    "Trump and Putin spoke again by telephone on 18 March 2025 for more than two hours.\n"
    "The Kremlin said the call lasted two and a half hours.\n"
    "They discussed a pause of 30 days in strikes on energy infrastructure.\n"
    "A US delegation met Ukrainian officials in Jeddah on 11 March 2025.\n"
    "Ukrainian and American experts met in Riyadh on 23 March 2025.\n"
    "Technical talks between the United States and Russia were held in Riyadh on 24 March 2025.\n"
)


def add_second_article(folder: Path) -> dict[str, str]:
    """What a coder adds from a second article (issue 12's example): a second source, a second
    leaders' call with two accounts of its length, a proposed pause in strikes, and three
    meetings; each row citing the article at its offsets. Returns the new ids by role."""
    path = folder / "sources" / "second-dispatch.txt"
    path.write_text(SECOND_ARTICLE, encoding="utf-8")
    _append(
        folder,
        "sources",
        [
            {
                "id": "second-dispatch",
                "kind": "article",
                "title": "Second dispatch",
                "title_en": "Second dispatch",
                "title_ar": "النشرة الثانية",
                "language": "en",
                "path": "sources/second-dispatch.txt",
                "sha256": hashlib.sha256(path.read_bytes()).hexdigest(),
                "reliability": "F",
                "notes": "Invented for the tests.",
                "notes_ar": "نص مختلَق للاختبارات.",
            }
        ],
    )
    spans = {
        "ev-2-call": "Trump and Putin spoke again by telephone on 18 March 2025",
        "ev-2-call-date": "on 18 March 2025",
        "ev-2-more-than-two-hours": "for more than two hours",
        "ev-2-two-and-a-half": "two and a half hours",
        "ev-2-pause": "a pause of 30 days in strikes on energy infrastructure",
        "ev-2-30-days": "30 days",
        "ev-2-jeddah": "A US delegation met Ukrainian officials in Jeddah on 11 March 2025.",
        "ev-2-experts": "Ukrainian and American experts met in Riyadh on 23 March 2025.",
        "ev-2-technical": "Technical talks between the United States and Russia were held in "
        "Riyadh on 24 March 2025.",
    }
    _append_evidence(folder, "second-dispatch", SECOND_ARTICLE, spans)
    coded = {"plover_category": "CONSULT", "plover_mode": "meeting", "cameo": "040"}
    day = {"date_precision": "day", "date_basis": "stated", **coded}
    said = {"summary_en": "Told in the second dispatch.", "summary_ar": "وردت في النشرة الثانية."}
    meetings = {
        "jeddah-talks": ("US–Ukraine talks in Jeddah", "محادثات جدة", "2025-03-11", "ev-2-jeddah"),
        "riyadh-experts": (
            "US–Ukraine expert talks in Riyadh",
            "محادثات الخبراء في الرياض",
            "2025-03-23",
            "ev-2-experts",
        ),
        "riyadh-technical": (
            "US–Russia technical talks in Riyadh",
            "المحادثات الفنية في الرياض",
            "2025-03-24",
            "ev-2-technical",
        ),
    }
    events = [
        {
            "id": "call-march",
            "title_en": "Second Trump–Putin call",
            "title_ar": "المكالمة الثانية بين ترامب وبوتين",
            "track": "call",
            "status": "occurred",
            "date_earliest": "2025-03-18",
            "date_latest": "2025-03-18",
            **day,
            **said,
            "evidence_id": "ev-2-call",
        },
        {
            "id": "energy-pause",
            "title_en": "Proposed pause in strikes on energy sites",
            "title_ar": "هدنة مقترحة في ضرب منشآت الطاقة",
            "track": "proposal",
            "status": "proposed",
            "date_precision": "unknown",
            "date_basis": "unknown",
            **coded,
            **said,
            "evidence_id": "ev-2-pause",
        },
        *(
            {
                "id": event_id,
                "title_en": en,
                "title_ar": ar,
                "track": "meeting",
                "status": "occurred",
                "date_earliest": date,
                "date_latest": date,
                **day,
                **said,
                "evidence_id": cite,
            }
            for event_id, (en, ar, date, cite) in meetings.items()
        ),
    ]
    _append(folder, "events", events)
    claims = [("dc-2-call", "call-march", "ev-2-call-date", "on 18 March 2025", "2025-03-18")]
    claims += [
        (f"dc-2-{event_id}", event_id, cite, f"on {int(date[-2:])} March 2025", date)
        for event_id, (_, _, date, cite) in meetings.items()
    ]
    _append(
        folder,
        "date_claims",
        [
            {
                "id": claim_id,
                "event_id": event_id,
                "evidence_id": cite,
                "stated_ar": stated,
                "stated_en": stated,
                "earliest": date,
                "latest": date,
                "basis": "stated",
            }
            for claim_id, event_id, cite, stated, date in claims
        ],
    )
    figure = {"measure": "duration", "label_en": "Length of the call", "label_ar": "مدة المكالمة"}
    _append(
        folder,
        "figures",
        [
            {
                "id": "fig-2-more-than-two-hours",
                "event_id": "call-march",
                **figure,
                "value": "120",
                "unit": "minute",
                "qualifier": "more-than",
                "stated_ar": "for more than two hours",
                "stated_en": "for more than two hours",
                "evidence_id": "ev-2-more-than-two-hours",
            },
            {
                "id": "fig-2-two-and-a-half",
                "event_id": "call-march",
                **figure,
                "value": "150",
                "unit": "minute",
                "qualifier": "exact",
                "stated_ar": "two and a half hours",
                "stated_en": "two and a half hours",
                "evidence_id": "ev-2-two-and-a-half",
            },
            {
                "id": "fig-2-pause",
                "event_id": "energy-pause",
                "measure": "duration",
                "label_en": "Length of the proposed pause",
                "label_ar": "مدة الهدنة المقترحة",
                "value": "30",
                "unit": "day",
                "qualifier": "exact",
                "stated_ar": "30 days",
                "stated_en": "30 days",
                "evidence_id": "ev-2-30-days",
            },
        ],
    )
    sides = [("call-march", "trump"), ("call-march", "putin"), ("energy-pause", "trump")]
    sides += [("energy-pause", "putin"), ("jeddah-talks", "usa"), ("jeddah-talks", "ukr")]
    sides += [("riyadh-experts", "usa"), ("riyadh-experts", "ukr")]
    sides += [("riyadh-technical", "usa"), ("riyadh-technical", "rus")]
    cites = {e["id"]: e["evidence_id"] for e in events}
    _append(
        folder,
        "participants",
        [
            {"event_id": event, "actor_id": actor, "role": "party", "evidence_id": cites[event]}
            for event, actor in sides
        ],
    )
    rehash(folder)
    return {"call": "call-march", "proposal": "energy-pause", **{m: m for m in meetings}}
