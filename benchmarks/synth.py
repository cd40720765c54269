"""Valid synthetic data packages of any size, for the benchmark and the scale tests.

``generate(events, out, seed)`` writes a complete package (14 CSV tables, datapackage.json,
archived source texts, the world map) that passes ``talksbook validate``:

* events spread over four years (2022–2025) with every date precision the coding scheme has
  (day, month, year, open, unknown), a realistic mix of tracks (half reactions, a third
  background, calls and proposals) and about one meeting per 500 events, held in a dozen
  cities with GeoNames coordinates;
* actors (states, governments, people, media) that grow with the data, with Arabic names and
  aliases checked to occur in the sources;
* one generated Arabic "article" per ~100 events: every event, statement, figure, date claim
  and assessment cites a sentence of it, at its exact offsets, so provenance checks run for
  real;
* weekday claims that fall on their weekday near a dated anchor, statements inside their date
  claims, duration claims that agree, and so on: every rule of the validator is exercised.

The same ``seed`` and size give byte-identical packages.

    python benchmarks/synth.py --events 10000 --out benchmarks/_work/synth-10000
"""

from __future__ import annotations

import argparse
import calendar
import csv
import datetime as dt
import hashlib
import itertools
import json
import random
import shutil
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[1]
SHIPPED = PROJECT_ROOT / "data"

FIRST_DAY = dt.date(2022, 1, 1)
DAYS = (dt.date(2025, 12, 31) - FIRST_DAY).days + 1
EVENTS_PER_SOURCE = 100
EVENTS_PER_MEETING = 500

MONTHS_AR = [
    "يناير",
    "فبراير",
    "مارس",
    "أبريل",
    "مايو",
    "يونيو",
    "يوليو",
    "أغسطس",
    "سبتمبر",
    "أكتوبر",
    "نوفمبر",
    "ديسمبر",
]
# Python's weekday numbers (Monday = 0), spelled as the validator expects them.
WEEKDAYS_AR = ["الاثنين", "الثلاثاء", "الأربعاء", "الخميس", "الجمعة", "السبت", "الأحد"]

# (id, English name, Arabic name, ISO 3166-1 alpha-3)
STATES = [
    ("usa", "United States", "الولايات المتحدة", "USA"),
    ("rus", "Russia", "روسيا", "RUS"),
    ("ukr", "Ukraine", "أوكرانيا", "UKR"),
    ("tur", "Turkey", "تركيا", "TUR"),
    ("sau", "Saudi Arabia", "السعودية", "SAU"),
    ("fra", "France", "فرنسا", "FRA"),
    ("deu", "Germany", "ألمانيا", "DEU"),
    ("gbr", "United Kingdom", "بريطانيا", "GBR"),
    ("chn", "China", "الصين", "CHN"),
    ("qat", "Qatar", "قطر", "QAT"),
    ("are", "United Arab Emirates", "الإمارات", "ARE"),
    ("che", "Switzerland", "سويسرا", "CHE"),
    ("aut", "Austria", "النمسا", "AUT"),
    ("fin", "Finland", "فنلندا", "FIN"),
    ("blr", "Belarus", "بيلاروسيا", "BLR"),
    ("hun", "Hungary", "المجر", "HUN"),
    ("nor", "Norway", "النرويج", "NOR"),
    ("pol", "Poland", "بولندا", "POL"),
    ("ita", "Italy", "إيطاليا", "ITA"),
    ("esp", "Spain", "إسبانيا", "ESP"),
    ("ind", "India", "الهند", "IND"),
    ("bra", "Brazil", "البرازيل", "BRA"),
    ("zaf", "South Africa", "جنوب أفريقيا", "ZAF"),
    ("egy", "Egypt", "مصر", "EGY"),
]
# Meeting venues: (city, Arabic, country id, latitude, longitude), GeoNames city centres.
CITIES = [
    ("Riyadh", "الرياض", "sau", 24.68773, 46.72185),
    ("Istanbul", "إسطنبول", "tur", 41.01384, 28.94966),
    ("Geneva", "جنيف", "che", 46.20222, 6.14569),
    ("Vienna", "فيينا", "aut", 48.20849, 16.37208),
    ("Doha", "الدوحة", "qat", 25.28545, 51.53096),
    ("Abu Dhabi", "أبوظبي", "are", 24.45118, 54.39696),
    ("Helsinki", "هلسنكي", "fin", 60.16952, 24.93545),
    ("Minsk", "مينسك", "blr", 53.90454, 27.55915),
    ("Ankara", "أنقرة", "tur", 39.91987, 32.85427),
    ("Jeddah", "جدة", "sau", 21.54238, 39.19797),
    ("Budapest", "بودابست", "hun", 47.49835, 19.04045),
    ("Oslo", "أوسلو", "nor", 59.91273, 10.74609),
]
MEDIA = [
    ("reuters", "Reuters", "رويترز"),
    ("ap", "Associated Press", "أسوشيتد برس"),
    ("tass", "TASS", "تاس"),
    ("ria", "RIA Novosti", "ريا نوفوستي"),
    ("afp", "AFP", "فرانس برس"),
    ("bbc", "BBC", "بي بي سي"),
    ("aljazeera", "Al Jazeera", "الجزيرة"),
    ("alarabiya", "Al Arabiya", "العربية"),
    ("trt", "TRT", "تي آر تي"),
    ("truth-social", "Truth Social", "تروث سوشيال"),
    ("telegram", "Telegram", "تيليغرام"),
    ("x-platform", "X", "منصة إكس"),
]
FIRST_NAMES = [
    ("Anna", "آنا"),
    ("Boris", "بوريس"),
    ("Carla", "كارلا"),
    ("Dmitri", "دميتري"),
    ("Elena", "إيلينا"),
    ("Faisal", "فيصل"),
    ("Grace", "غريس"),
    ("Hakan", "هاكان"),
    ("Irina", "إيرينا"),
    ("James", "جيمس"),
    ("Karim", "كريم"),
    ("Lena", "لينا"),
    ("Marco", "ماركو"),
    ("Nadia", "نادية"),
    ("Oleg", "أوليغ"),
    ("Pavel", "بافيل"),
    ("Rania", "رانيا"),
    ("Sergei", "سيرغي"),
    ("Tariq", "طارق"),
    ("Viktor", "فيكتور"),
]
LAST_NAMES = [
    ("Adams", "آدامز"),
    ("Baker", "بيكر"),
    ("Celik", "تشيليك"),
    ("Demir", "دمير"),
    ("Evans", "إيفانز"),
    ("Fischer", "فيشر"),
    ("Gromov", "غروموف"),
    ("Haddad", "حداد"),
    ("Ivanov", "إيفانوف"),
    ("Jensen", "ينسن"),
    ("Kovalenko", "كوفالينكو"),
    ("Lindqvist", "ليندكفيست"),
    ("Morozov", "موروزوف"),
    ("Novak", "نوفاك"),
    ("Orlov", "أورلوف"),
    ("Petrov", "بيتروف"),
    ("Rahman", "رحمن"),
    ("Sokolov", "سوكولوف"),
    ("Taylor", "تايلور"),
    ("Volkov", "فولكوف"),
]
ROLES = [
    "Foreign Minister",
    "National Security Adviser",
    "Special Envoy",
    "Deputy Foreign Minister",
    "Presidential Aide",
    "Ambassador",
    "Defence Minister",
    "Head of State",
]
# Every English text of the package has its Arabic twin (the package declares an Arabic
# edition: see talksbook.data.twins); these are the words the generator writes twice.
ROLES_AR = {
    "Foreign Minister": "وزير الخارجية",
    "National Security Adviser": "مستشار الأمن القومي",
    "Special Envoy": "المبعوث الخاص",
    "Deputy Foreign Minister": "نائب وزير الخارجية",
    "Presidential Aide": "مساعد الرئيس",
    "Ambassador": "السفير",
    "Defence Minister": "وزير الدفاع",
    "Head of State": "رئيس الدولة",
    "State": "دولة",
    "Government": "حكومة",
    "News medium": "وسيلة إعلام",
}
VENUES_AR = {"": "", "a government guest house": "دار ضيافة حكومية", "a hotel": "فندق"}
ALIAS_NOTES_AR = {"full name": "الاسم الكامل", "surname": "اسم العائلة"}
# (id, English label, Arabic label)
TOPIC_BASE = [
    ("ceasefire", "Ceasefire", "وقف إطلاق النار"),
    ("prisoners", "Prisoner exchange", "تبادل الأسرى"),
    ("sanctions", "Sanctions relief", "تخفيف العقوبات"),
    ("embassies", "Diplomatic missions", "البعثات الدبلوماسية"),
    ("energy", "Energy supplies", "إمدادات الطاقة"),
    ("grain", "Grain exports", "صادرات الحبوب"),
    ("security", "Security guarantees", "الضمانات الأمنية"),
    ("borders", "Border lines", "خطوط الحدود"),
    ("nuclear", "Nuclear safety", "السلامة النووية"),
    ("reconstruction", "Reconstruction", "إعادة الإعمار"),
    ("humanitarian", "Humanitarian corridors", "الممرات الإنسانية"),
    ("summit", "Leaders' summit", "قمة القادة"),
    ("monitoring", "Ceasefire monitoring", "مراقبة وقف إطلاق النار"),
    ("black-sea", "Black Sea shipping", "الملاحة في البحر الأسود"),
    ("elections", "Elections", "الانتخابات"),
    ("refugees", "Refugee returns", "عودة اللاجئين"),
    ("arms", "Arms deliveries", "شحنات الأسلحة"),
    ("europe-role", "Europe's role", "دور أوروبا"),
    ("trade", "Trade relations", "العلاقات التجارية"),
    ("root-causes", "Root causes of the conflict", "الأسباب الجذرية للصراع"),
]
TOPIC_ASPECTS = [
    ("", "", ""),
    ("-terms", " (terms)", " وشروطها"),
    ("-timing", " (timing)", " وتوقيتها"),
]
CHANNELS = [
    ("official-statement", "في بيان رسمي"),
    ("press-remarks", "في تصريحات للصحفيين"),
    ("interview", "في مقابلة"),
    ("news-agency-report", "بحسب وكالة أنباء"),
    ("television-report", "في تقرير تلفزيوني"),
    ("social-media", "عبر منصات التواصل"),
    ("unspecified", ""),
]
STANCE_WORDS = {
    "supportive": ("إن المحادثات خطوة مهمة نحو", "the talks are an important step towards"),
    "conditional": ("إن أي اتفاق مشروط بضمان", "any agreement depends on securing"),
    "critical": ("إن المحادثات تتجاهل", "the talks ignore"),
    "neutral": ("إن بلاده تتابع النقاش حول", "his country is following the debate on"),
}
REACTION_CODES = [
    ("ACCUSE", "disapprove", "110"),
    ("REJECT", "agreement", "120"),
    ("REQUEST", "meeting", "020"),
    ("SUPPORT", "relations", "051"),
    ("PROTEST", "disapprove", "141"),
]
BACKGROUND_CODES = [
    ("ASSAULT", "military", "190"),
    ("SANCTION", "relations", "164"),
    ("AID", "relations", "070"),
    ("MOBILIZE", "military", "150"),
    ("COOPERATE", "agreement", "057"),
]
ORDINALS_AR = ["الأولى", "الثانية", "الثالثة", "الرابعة", "الخامسة", "السادسة", "السابعة"]


def _ar_date(day: dt.date) -> str:
    return f"في {day.day} {MONTHS_AR[day.month - 1]} {day.year}"


def _en_date(day: dt.date) -> str:
    return f"on {day.day} {calendar.month_name[day.month]} {day.year}"


@dataclass
class Article:
    """One generated source text, built a sentence (line) at a time."""

    index: int
    lines: list[str] = field(default_factory=list)
    length: int = 0  # code points so far, newlines included

    @property
    def id(self) -> str:
        return f"src-{self.index:05d}"

    def add(self, sentence: str) -> tuple[int, int]:
        """Append a line; return its 1-based line number and start offset."""
        start = self.length
        self.lines.append(sentence)
        self.length += len(sentence) + 1
        return len(self.lines), start

    def text(self) -> str:
        return "\n".join(self.lines) + "\n"


@dataclass
class Tables:
    """The rows of every table, as dicts keyed by column name."""

    rows: dict[str, list[dict[str, str]]] = field(default_factory=dict)

    def add(self, table: str, **values: object) -> None:
        self.rows.setdefault(table, []).append(
            {k: "" if v is None else str(v) for k, v in values.items()}
        )


class Generator:
    """Builds one package; every random choice comes from one seeded generator."""

    def __init__(self, events: int, seed: int) -> None:
        self.n = events
        self.rng = random.Random(seed)
        self.t = Tables()
        self.articles: list[Article] = []
        self.evidence_count = 0
        self.first_source: dict[str, str] = {}  # actor id -> first source naming it
        self.people: list[dict[str, str]] = []
        self.names_ar: dict[str, str] = {}
        self.names_en: dict[str, str] = {}
        self.topics: list[tuple[str, str, str]] = []
        self.day_events: dict[dt.date, list[str]] = {}
        self.calls_by_pair: dict[tuple[str, str], list[tuple[str, dt.date]]] = {}

    # --- helpers -------------------------------------------------------------------------

    def evidence(
        self, article: Article, sentence: str, text_en: str, kind: str, *mentions: str
    ) -> str:
        """Add a sentence to the article and an evidence row quoting it verbatim; remember
        the first source that names each actor in ``mentions`` (for aliases.occurs_in)."""
        line, start = article.add(sentence)
        self.evidence_count += 1
        evidence_id = f"ev-{self.evidence_count:07d}"
        self.t.add(
            "evidence",
            id=evidence_id,
            source_id=article.id,
            line=line,
            start=start,
            end=start + len(sentence),
            kind=kind,
            exact=sentence,
            text_en=text_en,
        )
        for actor_id in mentions:
            self.first_source.setdefault(actor_id, article.id)
        return evidence_id

    def pick(self, items: list, k: int = 1) -> list:
        return self.rng.sample(items, min(k, len(items)))

    # --- reference tables ----------------------------------------------------------------

    def sources_and_actors(self) -> None:
        self.t.add(
            "sources",
            id="geonames",
            kind="gazetteer",
            title="GeoNames geographical database",
            title_en="GeoNames geographical database",
            language="en",
            title_ar="قاعدة بيانات جيونيمز الجغرافية",
            outlet="GeoNames",
            url="https://www.geonames.org/",
            reliability="A",
            notes="Coordinates of the meeting cities (city centres, WGS84).",
            notes_ar="إحداثيات مدن الاجتماعات (مراكز المدن، بالنظام الجيوديسي العالمي ٨٤).",
        )
        for sid, en, ar, iso in STATES:
            self._actor(sid, en, ar, "state", iso, "State", "")
            self._actor(
                f"gov-{sid}",
                f"Government of {en}",
                f"حكومة {ar}",
                "government",
                iso,
                "Government",
                sid,
            )
        for mid, en, ar in MEDIA:
            self._actor(mid, en, ar, "media", "", "News medium", "")
        people = max(40, self.n // 200)
        seen: set[str] = set()
        for i in range(people):
            first, last = self.rng.choice(FIRST_NAMES), self.rng.choice(LAST_NAMES)
            en, ar = f"{first[0]} {last[0]}", f"{first[1]} {last[1]}"
            if en in seen:  # one more initial keeps names distinct
                en, ar = f"{first[0]} {chr(65 + i % 26)}. {last[0]}", f"{ar} {i}"
            seen.add(en)
            sid, _, _, iso = self.rng.choice(STATES[:12])
            role = self.rng.choice(ROLES)
            actor_id = f"p-{i:05d}"
            self._actor(actor_id, en, ar, "person", iso, role, f"gov-{sid}")
            self.people.append({"id": actor_id, "state": sid, "last_ar": last[1]})
        self.speakers = [p["id"] for p in self.people] + [s[0] for s in STATES]
        for base_id, en, ar in TOPIC_BASE:
            for suffix, en_suffix, ar_suffix in TOPIC_ASPECTS:
                topic = (f"{base_id}{suffix}", f"{en}{en_suffix}", f"{ar}{ar_suffix}")
                self.topics.append(topic)
                self.t.add(
                    "topics",
                    id=topic[0],
                    label_en=topic[1],
                    label_ar=topic[2],
                    description_en=f"Synthetic topic: {topic[1].lower()}.",
                    description_ar=f"موضوع مولَّد: {topic[2]}.",
                )

    def _actor(
        self, actor_id: str, en: str, ar: str, kind: str, iso: str, role: str, parent: str
    ) -> None:
        self.names_ar[actor_id], self.names_en[actor_id] = ar, en
        self.t.add(
            "actors",
            id=actor_id,
            name_en=en,
            name_ar=ar,
            kind=kind,
            country=iso,
            role_en=role,
            role_ar=ROLES_AR[role],
            parent_id=parent,
        )

    # --- events --------------------------------------------------------------------------

    def events(self) -> None:
        meetings = max(1, self.n // EVENTS_PER_MEETING)
        tracks = ["meeting"] * meetings
        rest = self.n - meetings
        weights = [("reaction", 0.52), ("background", 0.33), ("call", 0.06), ("proposal", 0.09)]
        for track, share in weights[1:]:
            tracks += [track] * round(rest * share)
        tracks += ["reaction"] * (self.n - len(tracks))
        self.rng.shuffle(tracks)
        days = sorted(self.rng.randrange(DAYS) for _ in range(self.n))
        sources = max(2, -(-self.n // EVENTS_PER_SOURCE))
        self.articles = [Article(i + 1) for i in range(sources)]
        for article in self.articles:
            self.evidence(
                article,
                f"نشرة إخبارية رقم {article.index}: تطورات المحادثات حول أوكرانيا",
                f"News bulletin no. {article.index}: developments in the talks on Ukraine",
                "heading",
            )
        meeting_round: dict[tuple[str, str], int] = {}
        for index, (track, offset) in enumerate(zip(tracks, days, strict=True)):
            article = self.articles[index * sources // self.n]
            day = FIRST_DAY + dt.timedelta(days=offset)
            self.event(index, track, day, article, meeting_round)

    def _precision(self, track: str) -> str:
        if track in ("meeting", "call"):
            return self.rng.choices(["day", "open"], [0.93, 0.07])[0]
        return self.rng.choices(
            ["day", "month", "year", "open", "unknown"], [0.66, 0.15, 0.04, 0.05, 0.10]
        )[0]

    def event(
        self,
        index: int,
        track: str,
        day: dt.date,
        article: Article,
        meeting_round: dict[tuple[str, str], int],
    ) -> None:
        rng = self.rng
        event_id = f"{track}-{index:06d}"
        precision = self._precision(track)
        weekday_basis = precision == "day" and rng.random() < 0.05
        earliest: dt.date | None = day
        latest: dt.date | None = day
        if precision == "month":
            earliest = day.replace(day=1)
            latest = day.replace(day=calendar.monthrange(day.year, day.month)[1])
            date_ar, date_en = (
                f"في {MONTHS_AR[day.month - 1]} {day.year}",
                (f"in {calendar.month_name[day.month]} {day.year}"),
            )
        elif precision == "year":
            earliest, latest = dt.date(day.year, 1, 1), dt.date(day.year, 12, 31)
            date_ar, date_en = f"في عام {day.year}", f"in {day.year}"
        elif precision == "open":
            latest = None
            date_ar, date_en = f"بعد {_ar_date(day)[3:]}", f"after {_en_date(day)[3:]}"
        elif precision == "unknown":
            earliest = latest = None
            date_ar, date_en = "في وقت لم يحدد", "at an unstated time"
        elif weekday_basis:
            date_ar, date_en = f"يوم {WEEKDAYS_AR[day.weekday()]}", f"on {day:%A}"
        else:
            date_ar, date_en = _ar_date(day), _en_date(day)
        basis = {
            "day": "resolved-weekday" if weekday_basis else "stated",
            "month": "stated",
            "year": "stated",
            "open": "inferred-order",
            "unknown": "unknown",
        }[precision]
        topic = rng.choice(self.topics)
        location: dict[str, object] = {}
        participants: list[tuple[str, str]] = []
        if track == "meeting":
            a, b = self.pick(STATES[:12], 2)
            city, city_ar, host, lat, lon = rng.choice(CITIES)
            pair = tuple(sorted((a[0], b[0])))
            meeting_round[pair] = meeting_round.get(pair, 0) + 1
            title_en = f"{a[1]}–{b[1]} talks in {city}, round {meeting_round[pair]}"
            title_ar = f"محادثات {a[2]} و{b[2]} في {city_ar}"
            sentence = f"عقد وفدا {a[2]} و{b[2]} محادثات في {city_ar} {date_ar} لبحث {topic[2]}."
            text_en = (
                f"Delegations of {a[1]} and {b[1]} held talks in {city} {date_en} "
                f"to discuss {topic[1].lower()}."
            )
            venue = rng.choice(["", "a government guest house", "a hotel"])
            location = {
                "city": city,
                "city_ar": city_ar,
                "country": dict((s[0], s[3]) for s in STATES)[host],
                "latitude": lat,
                "longitude": lon,
                "location_source": "geonames",
                "venue_en": venue,
                "venue_ar": VENUES_AR[venue],
            }
            codes = ("CONSULT", "third-party", "044")
            status = rng.choices(["occurred", "planned"], [0.9, 0.1])[0]
            participants = [(a[0], "party"), (b[0], "party"), (host, "host")]
            for side in (a[0], b[0]):
                delegates = [p for p in self.people if p["state"] == side] or self.people
                chosen = self.pick(delegates, rng.randint(2, 5))
                participants.append((chosen[0]["id"], "head-of-delegation"))
                participants += [(p["id"], "delegation") for p in chosen[1:]]
            if "ukr" not in (a[0], b[0]):
                participants.append(("ukr", "affected-absent"))
            participants.append((rng.choice(MEDIA)[0], "reporter"))
            mentions = [a[0], b[0]]
        elif track == "call":
            p1, p2 = self.pick(self.people, 2)
            title_en = f"{self.names_en[p1['id']]}–{self.names_en[p2['id']]} phone call"
            title_ar = f"مكالمة {self.names_ar[p1['id']]} و{self.names_ar[p2['id']]}"
            sentence = (
                f"أجرى {self.names_ar[p1['id']]} اتصالا هاتفيا مع {self.names_ar[p2['id']]} "
                f"{date_ar} وتناول {topic[2]}."
            )
            text_en = (
                f"{self.names_en[p1['id']]} phoned {self.names_en[p2['id']]} {date_en}; "
                f"they discussed {topic[1].lower()}."
            )
            codes = ("CONSULT", "phone", "041")
            mentions = [p1["id"], p2["id"]]
            status = "occurred"
            participants = [(p1["id"], "party"), (p2["id"], "party")]
            participants.append((rng.choice(MEDIA)[0], "reporter"))
            if precision == "day":
                pair = tuple(sorted((p1["id"], p2["id"])))
                self.calls_by_pair.setdefault(pair, []).append((event_id, day))  # type: ignore[arg-type]
        elif track == "proposal":
            a, b = self.pick(STATES[:12], 2)
            title_en = f"Proposed {a[1]}–{b[1]} summit on {topic[1].lower()}"
            title_ar = f"قمة مقترحة بين {a[2]} و{b[2]}"
            sentence = f"اقترحت {a[2]} عقد قمة مع {b[2]} {date_ar} لمناقشة {topic[2]}."
            text_en = f"{a[1]} proposed a summit with {b[1]} {date_en} to discuss {topic[1]}."
            codes = ("CONSULT", "intent", "036")
            mentions = [a[0], b[0]]
            status = "proposed"
            participants = [(a[0], "party"), (b[0], "party")]
        elif track == "reaction":
            speaker = rng.choice(self.speakers)
            target = rng.choice(STATES[:4])
            codes = rng.choice(REACTION_CODES)
            title_en = f"{self.names_en[speaker]} on {topic[1].lower()}"
            title_ar = f"موقف {self.names_ar[speaker]} من {topic[2]}"
            sentence = f"علق {self.names_ar[speaker]} {date_ar} على موقف {target[2]} من {topic[2]}."
            text_en = (
                f"{self.names_en[speaker]} commented {date_en} on the position of {target[1]} "
                f"on {topic[1].lower()}."
            )
            status = "occurred"
            participants = [(speaker, "speaker"), (target[0], "target")]
            mentions = [speaker, target[0]]
            if rng.random() < 0.3:
                participants.append((rng.choice(MEDIA)[0], "reporter"))
        else:
            state = rng.choice(STATES)
            codes = rng.choice(BACKGROUND_CODES)
            title_en = f"{topic[1]}: developments in {state[1]}"
            title_ar = f"تطورات {topic[2]} في {state[2]}"
            sentence = f"شهدت {state[2]} {date_ar} تطورات تتعلق بـ{topic[2]}."
            text_en = f"{state[1]} saw developments {date_en} concerning {topic[1].lower()}."
            status = "occurred"
            participants = [(state[0], "party")]
            mentions = [state[0]]
        evidence_id = self.evidence(article, sentence, text_en, "fact", *mentions)
        self.t.add(
            "events",
            id=event_id,
            title_en=title_en,
            title_ar=title_ar,
            track=track,
            status=status,
            date_earliest=earliest,
            date_latest=latest,
            date_precision=precision,
            date_basis=basis,
            date_note="" if precision == "day" else f"The source gives: {date_en}.",
            date_note_ar="" if precision == "day" else f"يذكر المصدر أنه وقع {date_ar}.",
            plover_category=codes[0],
            plover_mode=codes[1],
            cameo=codes[2],
            summary_en=text_en,
            summary_ar=sentence,
            evidence_id=evidence_id,
            **location,
        )
        for actor_id, role in dict.fromkeys(participants):
            self.t.add(
                "participants",
                event_id=event_id,
                actor_id=actor_id,
                role=role,
                evidence_id=evidence_id,
            )
        extra = self.pick(self.topics, rng.choice([0, 0, 1, 2]))
        for topic_id in dict.fromkeys(t[0] for t in [topic, *extra]):
            self.t.add(
                "event_topics", event_id=event_id, topic_id=topic_id, evidence_id=evidence_id
            )
        self.date_claims(
            event_id, precision, weekday_basis, day, earliest, latest, evidence_id, date_ar, date_en
        )
        if precision == "day":  # after the claims: an event is never its own anchor
            self.day_events.setdefault(day, []).append(event_id)
        dated = day if precision == "day" else None
        statements = {"meeting": (2, 5), "call": (1, 2), "reaction": (0, 2)}.get(track, (0, 1))
        for _ in range(rng.randint(*statements)):
            self.statement(event_id, track, participants, topic, article, dated)
        if track in ("meeting", "call", "proposal"):
            self.outcomes(event_id, track, participants, topic, article)
        if track in ("meeting", "call"):
            self.figures(event_id, track, article, meeting_round)
        if rng.random() < 0.01:
            self.assessment(article, topic, participants)

    def date_claims(
        self,
        event_id: str,
        precision: str,
        weekday_basis: bool,
        day: dt.date,
        earliest: dt.date | None,
        latest: dt.date | None,
        evidence_id: str,
        date_ar: str,
        date_en: str,
    ) -> None:
        """Stated claims for a fifth of the dated events; a weekday claim for each event dated
        by a weekday word, resolved against the nearest earlier dated event."""
        claim_id = f"dc-{event_id}"
        if weekday_basis:
            anchor = self._anchor(day)
            if anchor is None:  # no dated event nearby: say the weekday is the stated date
                return
            self.t.add(
                "date_claims",
                id=claim_id,
                event_id=event_id,
                evidence_id=evidence_id,
                stated_ar=WEEKDAYS_AR[day.weekday()],
                stated_en=f"on {day:%A}",
                earliest=day,
                latest=day,
                basis="resolved-weekday",
                anchor_event_id=anchor,
                note="The weekday nearest the anchor event.",
                note_ar="يوم الأسبوع الأقرب إلى الحدث المرجعي.",
            )
        elif precision != "unknown" and self.rng.random() < 0.2:
            self.t.add(
                "date_claims",
                id=claim_id,
                event_id=event_id,
                evidence_id=evidence_id,
                stated_ar=date_ar,
                stated_en=date_en,
                earliest=earliest,
                latest=latest,
                basis="inferred-order" if precision == "open" else "stated",
            )

    def _anchor(self, day: dt.date) -> str | None:
        for back in range(0, 7):
            found = self.day_events.get(day - dt.timedelta(days=back))
            if found:
                return found[-1]
        return None

    def statement(
        self,
        event_id: str,
        track: str,
        participants: list[tuple[str, str]],
        topic: tuple[str, str, str],
        article: Article,
        day: dt.date | None,
    ) -> None:
        rng = self.rng
        speakers = [
            a for a, role in participants if role in ("party", "speaker", "head-of-delegation")
        ]
        speaker = rng.choice(speakers or [p["id"] for p in self.people])
        stance = rng.choice(list(STANCE_WORDS))
        channel, channel_ar = rng.choice(CHANNELS)
        outlet = rng.choice(MEDIA)[0] if channel not in ("unspecified",) else ""
        mode = rng.choices(["direct", "reported", "mixed"], [0.4, 0.5, 0.1])[0]
        quote_ar = f"{STANCE_WORDS[stance][0]} {topic[2]}"
        quote_en = f"{STANCE_WORDS[stance][1]} {topic[1].lower()}"
        weekday = day is not None and rng.random() < 0.05
        said_on = day + dt.timedelta(days=rng.randint(0, 3)) if weekday and day else day
        when_ar = f" يوم {WEEKDAYS_AR[said_on.weekday()]}" if weekday and said_on else ""
        sentence = (
            f"وقال {self.names_ar[speaker]}{when_ar} {channel_ar} «{quote_ar}»."
            if channel_ar
            else f"وقال {self.names_ar[speaker]}{when_ar} «{quote_ar}»."
        )
        text_en = f"{self.names_en[speaker]} said that {quote_en}."
        kind = "quote" if mode == "direct" else "attribution"
        evidence_id = self.evidence(article, sentence, text_en, kind, speaker)
        statement_id = f"st-{len(self.t.rows.get('statements', [])) + 1:07d}"
        self.t.add(
            "statements",
            id=statement_id,
            event_id=event_id,
            speaker_id=speaker,
            channel=channel,
            channel_actor_id=outlet,
            mode=mode,
            text_ar=quote_ar,
            text_en=quote_en,
            topic_id=topic[0],
            stance=stance,
            date_earliest=said_on,
            date_latest=said_on,
            date_basis=("resolved-weekday" if weekday else "stated") if said_on else "unknown",
            evidence_id=evidence_id,
        )
        if weekday and said_on is not None and day is not None:
            self.t.add(
                "date_claims",
                id=f"dc-{statement_id}",
                statement_id=statement_id,
                evidence_id=evidence_id,
                stated_ar=WEEKDAYS_AR[said_on.weekday()],
                stated_en=f"on {said_on:%A}",
                earliest=said_on,
                latest=said_on,
                basis="resolved-weekday",
                anchor_event_id=event_id,
                note="Resolved against the event the remark is about.",
                note_ar="حُدِّد بالقياس إلى الحدث الذي يتناوله التصريح.",
            )

    def outcomes(
        self,
        event_id: str,
        track: str,
        participants: list[tuple[str, str]],
        topic: tuple[str, str, str],
        article: Article,
    ) -> None:
        rng = self.rng
        count = rng.randint(1, 4) if track == "meeting" else rng.choice([0, 0, 1])
        reporters = [a for a, _ in participants] or ["usa"]
        for _ in range(count):
            kind = rng.choice(["agreement", "mechanism", "plan", "commitment"])
            status = rng.choice(["agreed", "planned", "under-study"])
            label_ar = f"الاتفاق على {topic[2]}" if kind == "agreement" else f"خطة بشأن {topic[2]}"
            label_en = (
                f"Agreement on {topic[1].lower()}"
                if kind == "agreement"
                else f"Plan on {topic[1].lower()}"
            )
            sentence = f"وأسفرت المحادثات عن {label_ar} بحسب المشاركين."
            evidence_id = self.evidence(
                article, sentence, f"The talks produced: {label_en}.", "attribution"
            )
            self.t.add(
                "outcomes",
                id=f"out-{len(self.t.rows.get('outcomes', [])) + 1:06d}",
                event_id=event_id,
                kind=kind,
                status=status,
                label_en=label_en,
                label_ar=label_ar,
                description_en=f"{label_en} (synthetic).",
                description_ar=f"{label_ar} (بيانات مولَّدة).",
                reported_by=rng.choice(reporters),
                topic_id=topic[0],
                evidence_id=evidence_id,
            )

    def figures(
        self,
        event_id: str,
        track: str,
        article: Article,
        meeting_round: dict[tuple[str, str], int],
    ) -> None:
        rng = self.rng
        if track == "call":
            minutes = rng.choice([30, 45, 60, 75, 90, 120])
            sentence = f"واستمرت المكالمة {minutes} دقيقة وفق المصادر."
            evidence_id = self.evidence(
                article, sentence, f"The call lasted {minutes} minutes, sources say.", "fact"
            )
            self._figure(
                event_id,
                "duration",
                ("Length of the call", "مدة المكالمة"),
                minutes,
                "minute",
                "exact",
                f"{minutes} دقيقة",
                f"{minutes} minutes",
                evidence_id,
            )
            if rng.random() < 0.4:
                lower = minutes - 15
                sentence = f"وقالت مصادر أخرى إن المكالمة دامت أكثر من {lower} دقيقة."
                evidence_id = self.evidence(
                    article,
                    sentence,
                    f"Other sources said it ran over {lower} minutes.",
                    "attribution",
                )
                self._figure(
                    event_id,
                    "duration",
                    ("Length of the call", "مدة المكالمة"),
                    lower,
                    "minute",
                    "more-than",
                    f"أكثر من {lower} دقيقة",
                    f"more than {lower} minutes",
                    evidence_id,
                )
        elif rng.random() < 0.5:
            number = rng.randint(2, 6)
            sentence = f"واتفق الجانبان على {number} مبادئ للمرحلة المقبلة."
            evidence_id = self.evidence(
                article, sentence, f"The two sides agreed on {number} principles.", "fact"
            )
            self._figure(
                event_id,
                "count",
                ("Principles agreed", "المبادئ المتفق عليها"),
                number,
                "principle",
                "exact",
                f"{number} مبادئ",
                f"{number} principles",
                evidence_id,
            )

    def _figure(
        self,
        event_id: str,
        measure: str,
        label: tuple[str, str],
        value: int,
        unit: str,
        qualifier: str,
        stated_ar: str,
        stated_en: str,
        evidence_id: str,
    ) -> None:
        self.t.add(
            "figures",
            id=f"fig-{len(self.t.rows.get('figures', [])) + 1:06d}",
            event_id=event_id,
            measure=measure,
            label_en=label[0],
            label_ar=label[1],
            value=value,
            unit=unit,
            qualifier=qualifier,
            stated_ar=stated_ar,
            stated_en=stated_en,
            evidence_id=evidence_id,
        )

    def assessment(
        self, article: Article, topic: tuple[str, str, str], participants: list[tuple[str, str]]
    ) -> None:
        kind = self.rng.choice(["framing", "factor", "dispute", "risk"])
        label_ar = f"الخلاف حول {topic[2]}" if kind == "dispute" else f"مسألة {topic[2]}"
        sentence = f"ويرى مراقبون أن {label_ar} ستحدد مسار المفاوضات."
        evidence_id = self.evidence(
            article,
            sentence,
            f"Observers think {topic[1].lower()} will shape the talks.",
            "assessment",
        )
        actor = participants[0][0] if participants and self.rng.random() < 0.5 else ""
        self.t.add(
            "assessments",
            id=f"as-{len(self.t.rows.get('assessments', [])) + 1:06d}",
            kind=kind,
            label_en=f"{'Dispute over' if kind == 'dispute' else 'The question of'} "
            f"{topic[1].lower()}",
            label_ar=label_ar,
            actor_id=actor,
            topic_id=topic[0],
            evidence_id=evidence_id,
        )

    def elapsed(self) -> None:
        """Elapsed-time claims between successive calls of the same two people."""
        first = True
        for calls in self.calls_by_pair.values():
            for (before, day0), (after, day1) in itertools.pairwise(calls):
                years = round((day1 - day0).days / 365.2425)
                if years < 1 or self.rng.random() < 0.5:
                    continue
                article = self.articles[-1]
                sentence = f"وهي أول مكالمة بين الرجلين منذ {years} سنوات تقريبا."
                evidence_id = self.evidence(
                    article,
                    sentence,
                    f"The first call between them in about {years} years.",
                    "fact",
                )
                self.t.add(
                    "figures",
                    id="fig-leader-call-gap" if first else f"fig-gap-{after}",
                    event_id=after,
                    measure="elapsed",
                    label_en="Time since the previous call",
                    label_ar="المدة منذ المكالمة السابقة",
                    value=years,
                    unit="year",
                    qualifier="about",
                    stated_ar=f"منذ {years} سنوات",
                    stated_en=f"in {years} years",
                    evidence_id=evidence_id,
                    note=f"Compare with the dates of {before} and {after}.",
                    note_ar="قارِنْه بتاريخي المكالمتين.",
                )
                first = False

    def notes(self) -> None:
        """Analysts' notes (no digits, by rule) on each chapter and some meetings."""
        texts = {
            "overview": (
                "The synthetic record mixes dated and undated events on purpose.",
                "يخلط السجل المولَّد عمدًا بين أحداث مؤرخة وأخرى بلا تاريخ.",
            ),
            "calls": (
                "Call lengths come from the sources and are sometimes only lower bounds.",
                "تأتي مدد المكالمات من المصادر، وقد لا تكون أحيانًا إلا حدودًا دنيا.",
            ),
            "reactions": (
                "Reactions are generated: their stances are drawn at random.",
                "ردود الفعل مولَّدة: مواقفها مختارة عشوائيًا.",
            ),
            "outlook": (
                "Assessments repeat the sources' framing and are not forecasts.",
                "تكرر التقييمات إطار المصادر، وليست توقعات.",
            ),
        }
        evidence_id = self.t.rows["evidence"][0]["id"]
        for chapter, (text, text_ar) in texts.items():
            self.t.add(
                "notes",
                id=f"note-{chapter}",
                chapter=chapter,
                text_en=text,
                text_ar=text_ar,
                evidence_id=evidence_id,
            )
        meetings = [e for e in self.t.rows["events"] if e["track"] == "meeting"]
        for event in meetings[:: max(1, len(meetings) // 10)]:
            self.t.add(
                "notes",
                id=f"note-{event['id']}",
                chapter="meeting",
                event_id=event["id"],
                text_en="Only one side's delegation list is complete in the sources.",
                text_ar="لا تكتمل في المصادر إلا قائمة وفد أحد الطرفين.",
                evidence_id=event["evidence_id"],
            )

    def aliases(self, texts: dict[str, str]) -> None:
        """Each actor's Arabic name, with the first source it occurs in; people also by
        surname when no one else shares it (the book counts mentions by alias, and an alias
        must name one actor only, after normalisation)."""
        from talksbook.arabic import normalise

        owner: dict[str, str] = {}
        for actor in self.t.rows["actors"]:
            spellings = [actor["name_ar"]]
            if actor["kind"] == "person":
                surname = actor["name_ar"].split(" ")[-1]
                if surname != actor["name_ar"] and not surname.isdigit():
                    spellings.append(surname)
            source = self.first_source.get(actor["id"], "")
            for alias, note in zip(spellings, ("full name", "surname"), strict=False):
                if owner.setdefault(normalise(alias), actor["id"]) != actor["id"]:
                    continue
                # Checked rather than assumed: occurs_in is a claim the validator tests.
                occurs = source if source and alias in texts[source] else ""
                self.t.add(
                    "aliases",
                    actor_id=actor["id"],
                    alias=alias,
                    occurs_in=occurs,
                    note=note,
                    note_ar=ALIAS_NOTES_AR[note],
                )


def _columns(descriptor: dict) -> dict[str, list[str]]:
    return {r["name"]: [f["name"] for f in r["schema"]["fields"]] for r in descriptor["resources"]}


def _write_csv(path: Path, header: list[str], rows: Iterable[dict[str, str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(header)
        writer.writerows([row.get(c, "") for c in header] for row in rows)


def generate(events: int, out: Path, seed: int = 0) -> Path:
    """Write a valid package with ``events`` events into ``out`` (replaced); return ``out``."""
    from talksbook.data.rehash import rehash
    from talksbook.data.upgrade import upgrade
    from talksbook.words import fmt_number

    if events < 10:
        raise ValueError("a synthetic package needs at least 10 events")
    g = Generator(events, seed)
    g.sources_and_actors()
    g.events()
    g.elapsed()
    g.notes()
    texts = {a.id: a.text() for a in g.articles}
    g.aliases(texts)

    if out.exists():
        shutil.rmtree(out)
    (out / "sources").mkdir(parents=True)
    shutil.copytree(SHIPPED / "geo", out / "geo")
    for article in g.articles:
        data = texts[article.id].encode("utf-8")
        (out / "sources" / f"{article.id}.txt").write_bytes(data)
        g.t.add(
            "sources",
            id=article.id,
            kind="article",
            title=f"نشرة إخبارية رقم {article.index}",
            title_en=f"News bulletin no. {article.index}",
            language="ar",
            path=f"sources/{article.id}.txt",
            sha256=hashlib.sha256(data).hexdigest(),
            reliability="F",
            notes="Generated by benchmarks/synth.py.",
            notes_ar="نص مولَّد آليًا لاختبار الكتاب.",
        )
    descriptor = json.loads((SHIPPED / "datapackage.json").read_text(encoding="utf-8"))
    descriptor["name"] = f"synthetic-{events}-events"
    descriptor["title"] = f"Synthetic talks data: {events:,} events (seed {seed})"
    descriptor["title_ar"] = (
        f"بيانات محادثات مولَّدة: {fmt_number(events, 'ar')} حدث (البذرة {fmt_number(seed, 'ar')})"
    )
    descriptor["description"] = (
        "Generated by benchmarks/synth.py: events, statements and figures of invented talks, "
        "each row pointing at a verbatim span of a generated Arabic bulletin."
    )
    descriptor["description_ar"] = (
        "بيانات مولَّدة آليًا: أحداث وتصريحات وأرقام لمحادثات مختلَقة، يحيل كل صف منها إلى "
        "مقطع منقول حرفيًا من نشرة عربية مولَّدة."
    )
    descriptor["sources"] = [{"title": "Generated by benchmarks/synth.py"}]
    # The article sorts before the gazetteer, as in the shipped package.
    g.t.rows["sources"].sort(key=lambda r: r["kind"] != "article")
    for name, header in _columns(descriptor).items():
        _write_csv(out / f"{name}.csv", header, g.t.rows.get(name, []))
    (out / "datapackage.json").write_text(
        json.dumps(descriptor, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
    )
    # At the schema version this code reads, even before data/ has been upgraded to it.
    upgrade(out)
    rehash(out)
    return out


def main(argv: list[str] | None = None) -> int:
    """``python benchmarks/synth.py --events N --out DIR [--seed S]``."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--events", type=int, required=True, help="number of events")
    parser.add_argument("--out", type=Path, required=True, help="package folder (replaced)")
    parser.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    args = parser.parse_args(argv)
    folder = generate(args.events, args.out, args.seed)
    rows = {p.stem: sum(1 for _ in p.open(encoding="utf-8")) - 1 for p in folder.glob("*.csv")}
    print(
        f"{folder}: {sum(rows.values()):,} rows; "
        + ", ".join(f"{k} {v:,}" for k, v in sorted(rows.items()))
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
