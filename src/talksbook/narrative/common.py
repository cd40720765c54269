"""What every chapter needs: lookups over the package, citations, statements, dates, notes.

A :class:`View` is the package seen in one language. Chapters select rows by their coded
attributes (track, role, channel, measure…) and never by id, so a different data package gives
different, still correct, prose. Missing text is "" and missing dates NaT; every helper copes
with both and with empty tables.
"""

from __future__ import annotations

import builtins  # View.list (a run of prose) hides the builtin in its annotations
import functools
import inspect
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, ParamSpec, cast
from urllib.parse import quote

import pandas as pd

# pandas's own boxing, as to_dict uses it: private API, so pandas-stubs leave it out.
from pandas.core.dtypes.cast import maybe_box_native  # type: ignore[attr-defined]

from ..data import Package
from ..data.meaning import VERBATIM_IN_EVIDENCE
from ..facts.meetings import produced
from ..facts.order import UNKNOWN, evidence_positions
from ..facts.sources import SourceLabel, cited_sources, event_support, source_labels
from ..facts.voices import channel_groups
from ..headings import Heading
from ..html import DOWNLOAD_DIR, Html, el, escape, evidence_link, quote_pair
from ..memo import shared_memo
from ..words import (
    DEFAULT_LANG,
    direction,
    fmt_count,
    fmt_date,
    fmt_interval,
    fmt_list,
    fmt_ordinal,
    fmt_weekday_date,
    has,
    say,
    text,
    value_html,
)

Row = dict[str, Any]
#: The language of the source's words the book quotes (its blockquotes and quotations).
QUOTED_LANG = "ar"
P = ParamSpec("P")

#: How many evidence rows the appendix lists (in the file's order); the rest are counted and
#: offered as a download. Links to a row past it go to the table (see View.listed).
MAX_EVIDENCE = 250

# Roles that put an actor at the table (as opposed to reporting on it or being affected by it).

#: Template groups that name coded values, and the descriptor field whose enum they cover. Keys
#: built at run time (f-strings) must start with one of these prefixes; a test checks that
#: every enum value has its template, so a new code cannot silently print as raw text.
CODED: dict[str, tuple[str, str]] = {
    "channel": ("statements", "channel"),
    "channel.heading": ("statements", "channel"),
    "mode": ("statements", "mode"),
    "stance": ("statements", "stance"),
    "status": ("events", "status"),
    "track.count": ("events", "track"),
    "interval.basis": ("events", "date_basis"),
    "precision": ("events", "date_precision"),
    "basis": ("date_claims", "basis"),
    "outcome.kind": ("outcomes", "kind"),
    "outcome.status": ("outcomes", "status"),
    "outcome.status.count": ("outcomes", "status"),
    "evidence.kind": ("evidence", "kind"),
    "reliability": ("sources", "reliability"),
    "source.count": ("sources", "kind"),
    "qualifier": ("figures", "qualifier"),
    "unit": ("figures", "unit"),
    "outlook.intro": ("assessments", "kind"),
    "outlook.heading": ("assessments", "kind"),
    "check.fits": ("figures", "qualifier"),
    "check.fails": ("figures", "qualifier"),
    "finding.assessments": ("assessments", "kind"),
    "lead.outlook.kind": ("assessments", "kind"),
}
#: Other run-time key families: (prefix, the suffixes that must exist, or () if optional).
FAMILIES: dict[str, tuple[str, ...]] = {
    "month": tuple(str(m) for m in range(1, 13)),
    "weekday": tuple(str(d) for d in range(7)),
    "number.word": (),
    "ordinal.word": (),
    "unit.ordinal": (),
    "source.field": ("outlet", "published", "url"),
    "offset": ("same", "before", "after", "none", "not_before"),
    "source.the": ("other",),
    "source.nth": ("other",),
    "source.short": ("other",),
    "finding.count": (),
    "finding.count.track": ("call", "meeting", "proposal", "reaction"),
    "finding.open": ("date", "host", "members", "members_beyond_heads", "outcomes", "quotes"),
}


def s(value: object) -> str:
    """A text cell as str ("" for missing, whatever the frame holds)."""
    return value if isinstance(value, str) else ""


def ts(value: Any) -> pd.Timestamp | None:
    """A date cell as Timestamp, or None when missing (text is never a date here)."""
    if value is None or isinstance(value, str) or pd.isna(value):
        return None
    return pd.Timestamp(value)


def num(value: Any) -> float | None:
    """A numeric cell as float, or None when missing."""
    if value is None or pd.isna(value):
        return None
    return float(value)


def date_unit(precision: str) -> str:
    """The unit a date is written to: its precision, or the day when it has none."""
    return precision if precision in ("day", "month", "year") else "day"


def date_key(row: Row, earliest: str = "date_earliest", latest: str = "date_latest") -> tuple:
    """Sort key: dated rows first, by earliest then latest bound; undated ones keep their order."""
    first, last = ts(row.get(earliest)), ts(row.get(latest))
    anchor = first or last
    return (anchor is None, anchor or pd.Timestamp.min, last or pd.Timestamp.max)


def end_key(row: Row) -> pd.Timestamp:
    """Sort key for the row that ends last: its latest possible date, or its earliest bound
    when the interval is open (nothing later is asserted); undated rows come first."""
    return ts(row.get("date_latest")) or ts(row.get("date_earliest")) or pd.Timestamp.min


class Rows(Sequence[Row]):
    """A table's rows as dicts, equal to ``DataFrame.to_dict("records")``, each made the first
    time it is read and kept: a chapter about one meeting reads a few dozen rows of tables
    that hold hundreds of thousands, and a row read twice is the same dict."""

    def __init__(self, frame: pd.DataFrame) -> None:
        self.frame = frame
        self.made: list[Row | None] = [None] * len(frame)
        self.complete = False
        self._columns: list[list[Any]] | None = None
        self._by_pandas = 0

    def __len__(self) -> int:
        return len(self.made)

    def _values(self) -> list[list[Any]]:
        # Each column as Python values once, boxed as to_dict("records") boxes them (it
        # iterates each column, then applies maybe_box_native); rows are then assembled from
        # them without pandas per row. Text columns, most of a table, take the fast road:
        # their values are the str objects themselves.
        if self._columns is None:
            self._columns = [
                series.tolist()
                if isinstance(series.dtype, pd.StringDtype)
                else list(map(maybe_box_native, series))
                for _, series in self.frame.items()
            ]
        return self._columns

    def take(self, positions: Sequence[int]) -> list[Row]:
        """The rows at ``positions``."""
        missing = [i for i in positions if self.made[i] is None]
        if len(missing) == len(self.made) and self._columns is None:
            # All of them, pandas's own way (column names are str: a Row each).
            self.made = list(cast("list[Row]", self.frame.to_dict("records")))
        elif missing and self._columns is None and self._few(len(missing)):
            # A few rows: pandas makes them (a copy of every column costs memory, and a
            # chapter about one meeting needs only a handful of rows).
            made = cast("list[Row]", self.frame.iloc[missing].to_dict("records"))
            for i, row in zip(missing, made, strict=True):
                self.made[i] = row
        elif missing:
            names, values = list(self.frame.columns), self._values()
            for i in missing:
                self.made[i] = dict(zip(names, [v[i] for v in values], strict=True))
        return [self.made[i] for i in positions]  # type: ignore[misc]

    def _few(self, count: int) -> bool:
        """Whether to make ``count`` more rows by asking pandas (a millisecond a call): yes
        for the first few hundred, then the columns are copied once and rows made from them."""
        self._by_pandas += count
        return self._by_pandas <= 200

    def __getitem__(self, index):  # (int or slice, as Sequence's)
        if isinstance(index, slice):
            return self.take(range(len(self))[index])
        return self.take([range(len(self))[index]])[0]

    def __iter__(self) -> Iterator[Row]:
        if not self.complete:
            self.take(range(len(self)))
            self.complete = True
        return iter(self.made)  # type: ignore[arg-type]


def take(rows: Sequence[Row], positions: Sequence[int]) -> list[Row]:
    """``rows`` at ``positions``, whether a :class:`Rows` or a plain list."""
    return rows.take(positions) if isinstance(rows, Rows) else [rows[i] for i in positions]


class ById(Mapping[str, Row]):
    """Rows by id (the last row wins a tie, as in a dict built in file order)."""

    def __init__(self, rows: Sequence[Row], ids: list[str]) -> None:
        self.rows = rows
        self.position = dict(zip(ids, range(len(ids)), strict=True))

    def __getitem__(self, key: str) -> Row:
        return take(self.rows, [self.position[key]])[0]

    def __iter__(self) -> Iterator[str]:
        return iter(self.position)

    def __len__(self) -> int:
        return len(self.position)


class Groups(Mapping[str, list[Row]]):
    """Rows by the value of one column, each group in file order, made when asked for."""

    def __init__(self, rows: Sequence[Row], keys: list[str]) -> None:
        self.rows = rows
        # (A plain loop: faster here than pandas's groupby, which hashes objects its own way.)
        self.positions: dict[str, list[int]] = {}
        for i, key in enumerate(keys):
            self.positions.setdefault(key, []).append(i)
        self.made: dict[str, list[Row]] = {}

    def __getitem__(self, key: str) -> list[Row]:
        if key not in self.made:
            self.made[key] = take(self.rows, self.positions[key])
        return self.made[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self.positions)

    def __len__(self) -> int:
        return len(self.positions)


def header(lang: str, *keys: str) -> Html:
    """A table head row from template keys (one per column), in ``lang``."""
    return el("thead", el("tr", [el("th", say(k, lang), scope="col") for k in keys]))


@dataclass(frozen=True)
class View:
    """The package in one language, with memoised lookups (shared by every View of it)."""

    pkg: Package
    lang: str = DEFAULT_LANG
    _memo: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_memo", shared_memo(self.pkg))

    # --- words -----------------------------------------------------------------------------

    def say(self, key: str, **values: Any) -> Html:
        return say(key, self.lang, **values)

    def text(self, key: str, **values: Any) -> str:
        return text(key, self.lang, **values)

    def has(self, key: str) -> bool:
        return has(key, self.lang)

    def list(self, items: Iterable[Html | str], alternative: bool = False) -> Html:
        return fmt_list(items, self.lang, alternative)

    def count(self, n: float) -> str:
        return fmt_count(n, self.lang)

    def ordinal(self, n: float) -> str:
        return fmt_ordinal(n, self.lang)

    def date(self, value: object, precision: str = "day") -> str:
        return fmt_date(ts(value), precision, self.lang)

    def weekday_date(self, value: object) -> str:
        return fmt_weekday_date(ts(value), self.lang)

    def label(self, group: str, value: str) -> str:
        """Word for a coded value; the code itself if the templates lack it (new enum value)."""
        key = f"{group}.{value}"
        return self.text(key) if self.has(key) else value

    # --- rows ------------------------------------------------------------------------------

    def rows(self, table: str) -> Sequence[Row]:
        """Rows of ``table`` as dicts, in file order ([] if the table is absent)."""
        key = f"rows:{table}"
        if key not in self._memo:
            frame = self.pkg.tables.get(table)
            self._memo[key] = [] if frame is None else Rows(frame)
        return self._memo[key]

    def _texts(self, table: str, column: str) -> builtins.list[str]:
        """One column as text per row ("" where a row dict would give no str)."""
        frame = self.pkg.tables.get(table)
        if frame is None:
            return []
        if column not in frame:
            return [""] * len(frame)
        values = frame[column]
        if isinstance(values.dtype, pd.StringDtype) and not values.isna().any():
            return values.tolist()  # text already, every one (the usual case)
        return [s(v) for v in values.tolist()]

    def by_id(self, table: str) -> Mapping[str, Row]:
        key = f"ids:{table}"
        if key not in self._memo:
            self._memo[key] = ById(self.rows(table), self._texts(table, "id"))
        return self._memo[key]

    def grouped(self, table: str, column: str) -> Mapping[str, builtins.list[Row]]:
        """Rows of ``table`` by the text of ``column``, each group in file order."""
        key = f"by:{table}:{column}"
        if key not in self._memo:
            self._memo[key] = Groups(self.rows(table), self._texts(table, column))
        return self._memo[key]

    def where(self, table: str, **equal: str) -> builtins.list[Row]:
        """Rows whose columns equal the given values, in file order."""
        if not equal:
            return list(self.rows(table))
        # An index on the first column: a chapter asks this once per event, and scanning a
        # table of 100,000 rows each time made the reactions chapter quadratic.
        (column, value), *others = equal.items()
        rows = self.grouped(table, column).get(value, [])
        return [r for r in rows if all(s(r.get(k)) == v for k, v in others)]

    def capped(self, rows: Sequence[Row], limit: int) -> tuple[builtins.list[Row], int]:
        """The first ``limit`` rows and how many are left out: a page lists what a reader
        can read, and says how many more there are (see :meth:`omitted`)."""
        return list(rows[:limit]), max(0, len(rows) - limit)

    def omitted(self, shown: int, total: int, table: str, key: str = "listing.omitted") -> Html:
        """'Shown here: the first 50 of 1,234. Every row is in events.csv.' (nothing when
        nothing is left out), with the table's file linked to its download; `key` names
        other words for it (which rows were chosen)."""
        if shown >= total:
            return Html()
        try:
            file = str(self.pkg.resource(table).get("path", "")) or table
        except StopIteration:
            file = table
        link = el("a", el("code", file), href=f"{DOWNLOAD_DIR}/{quote(file)}", download=True)
        return el("p", self.say(key, shown=shown, total=total, file=link), class_="omitted")

    def value(self, text: str) -> Html:
        """A text value from the data, escaped; in a right-to-left edition, English left in
        it (no Arabic in the data) is marked as an English left-to-right run."""
        return value_html(text, self.lang)

    def verbatim_or_value(self, row: Row | None, table: str, name: str) -> Html:
        """A localised text field as markup: the source's own words (a column the data
        contract keeps verbatim, see data.meaning.VERBATIM_IN_EVIDENCE) as a quotation,
        anything else as a value (:meth:`value`)."""
        shown, own = self.loc(row, name), f"{name}_{self.lang}"
        if shown and row is not None and VERBATIM_IN_EVIDENCE.get(table) == own == f"{name}_ar":
            return self.quoted(shown) if s(row.get(own)) == shown else self.value(shown)
        return self.value(shown)

    def loc(self, row: Row | None, name: str) -> str:
        """A localised text field: ``name_{lang}`` if filled, else ``name_en``, else ``name``."""
        if row is None:
            return ""
        return s(row.get(f"{name}_{self.lang}")) or s(row.get(f"{name}_en")) or s(row.get(name))

    # --- actors, topics, places ------------------------------------------------------------

    def actor(self, actor_id: str) -> str:
        return self.loc(self.by_id("actors").get(actor_id), "name") or actor_id

    def actor_with_role(self, actor_id: str) -> Html:
        """A person with their role ("Marco Rubio, US Secretary of State"); others by name."""
        row = self.by_id("actors").get(actor_id)
        role = self.loc(row, "role")
        if row is None or s(row.get("kind")) != "person" or not role:
            return self.say("actor.name", name=self.actor(actor_id))
        return self.say("actor.with_role", name=self.actor(actor_id), role=role)

    def actors(self, actor_ids: Iterable[str], with_role: bool = False) -> Html:
        names = [self.actor_with_role(a) if with_role else self.actor(a) for a in actor_ids]
        return self.list(names)

    def topic(self, topic_id: str) -> str:
        return self.loc(self.by_id("topics").get(topic_id), "label") or topic_id

    def country(self, code: str) -> str:
        """Country name for an ISO 3166-1 alpha-3 code: a state actor of the data, else CLDR."""
        if not code:
            return ""
        for row in self.rows("actors"):
            if s(row.get("kind")) == "state" and s(row.get("country")) == code:
                return self.actor(s(row.get("id")))
        try:  # Babel ships with Sphinx; its CLDR data names countries in every language.
            from babel import Locale
            from babel.core import get_global

            alpha2 = get_global("territory_aliases").get(code, [None])[0]
            return Locale.parse(self.lang).territories.get(alpha2) or code
        except Exception:  # an unknown locale or code: the code is still correct
            return code

    # --- evidence --------------------------------------------------------------------------

    def evidence(self, evidence_id: str) -> Row | None:
        return self.by_id("evidence").get(evidence_id)

    def position(self, evidence_id: str) -> tuple[str, float]:
        """Where a span sits in its source, for ordering rows as the sources tell them
        (facts.order.evidence_positions, read once per package)."""
        if "places" not in self._memo:
            self._memo["places"] = evidence_positions(self.pkg, self._texts("evidence", "id"))
        return self._memo["places"].get(evidence_id, UNKNOWN)

    def in_article_order(self, rows: Iterable[Row]) -> builtins.list[Row]:
        return sorted(rows, key=lambda r: self.position(s(r.get("evidence_id"))))

    def _source_label(self, evidence_id: str) -> SourceLabel | None:
        if "source_labels" not in self._memo:
            self._memo["source_labels"] = source_labels(self.pkg)
        row = self.evidence(evidence_id)
        return self._memo["source_labels"].get(s(row.get("source_id"))) if row else None

    def source_name(self, evidence_id: str) -> str:
        """The source an evidence row quotes, as a sentence names it: "the article" when the
        book quotes one source of that kind, "article 2" when it quotes several."""
        label = self._source_label(evidence_id)
        return self.text("source.the") if label is None else self._named_source(label)

    def sourced(self, evidence_id: str) -> dict[str, str]:
        """The template values that name an evidence row's source: ``source`` inside a
        sentence, ``source_start`` at its start (capitalised where the language has case)."""
        name = self.source_name(evidence_id)
        return {"source": name, "source_start": name[:1].upper() + name[1:]}

    def support(self, event_id: str) -> Html:
        """How many independent sources tell of an event, and which: said only when the book
        quotes more than one source (with one, every event rests on it)."""
        if "support" not in self._memo:
            self._memo["support"] = event_support(self.pkg)
            self._memo["cited"] = cited_sources(self.pkg)
        found = self._memo["support"].get(event_id)
        if found is None or len(self._memo["cited"]) < 2:
            return Html()
        labels = self._memo.get("source_labels") or source_labels(self.pkg)
        self._memo["source_labels"] = labels
        names = [self._named_source(labels[i]) for i in found.source_ids if i in labels]
        if found.independent == 1 and len(names) == 1:
            return self.say("support.one", source=names[0])
        sentence = self.say("support.many", n=found.independent, sources=self.list(names))
        if found.independent < len(names):
            sentence = Html(" ").join([sentence, self.say("support.same_outlet")])
        return sentence

    def _named_source(self, label: SourceLabel) -> str:
        kind = label.kind if self.has(f"source.the.{label.kind}") else "other"
        if label.of_kind == 1:
            return self.text(f"source.the.{kind}")
        return self.text(f"source.nth.{kind}", number=label.number)

    def cite_label(self, evidence_id: str) -> str:
        """ "line 5"; "art. 2, l. 5" when the book quotes more than one source."""
        row = self.evidence(evidence_id)
        line = num(row.get("line")) if row else None
        if line is None:
            return evidence_id
        label = self._source_label(evidence_id)
        if label is None or label.of_all == 1:
            return self.text("cite.line", line=int(line))
        kind = label.kind if self.has(f"source.short.{label.kind}") else "other"
        short = self.text(f"source.short.{kind}", number=label.number)
        return self.text("cite.source_line", source=short, line=int(line))

    def listed_evidence(self) -> tuple[builtins.list[Row], int]:
        """The evidence rows the appendix lists (the file's first MAX_EVIDENCE), and how many
        it leaves out: one rule for the table and for every link to it."""
        return self.capped(self.rows("evidence"), MAX_EVIDENCE)

    def listed(self, evidence_id: str) -> bool:
        """Whether the appendix lists this evidence row (see :meth:`listed_evidence`)."""
        key = f"listed:{MAX_EVIDENCE}"
        if key not in self._memo:
            self._memo[key] = frozenset(self._texts("evidence", "id")[:MAX_EVIDENCE])
        return evidence_id in self._memo[key]

    def cite(self, evidence_id: str) -> Html:
        """A link to the evidence row, labelled with its source and line (see cite_label)."""
        if not evidence_id:
            return Html()
        return evidence_link(evidence_id, self.cite_label(evidence_id), self.listed(evidence_id))

    def cited(self, words: str, evidence_id: str) -> Html:
        """The source's own Arabic ``words`` beside the link to the evidence row they come
        from, in one element (class ``cited-words``): whatever Arabic stands beside a line
        reference is the source's text on that line, and the pairing is explicit in the page
        (a test reads each pair back against the archived source). Just the link when there
        are no words."""
        link = self.cite(evidence_id)
        if not words or not link:
            return link
        return el(
            "span", self.say("cited.words", ar=self.quoted(words), cite=link), class_="cited-words"
        )

    def cites(self, evidence_ids: Iterable[str]) -> Html:
        """Several citations, each once, in article order."""
        unique = sorted({e for e in evidence_ids if e}, key=self.position)
        return self.list([self.cite(e) for e in unique])

    def translation(self, english: str) -> str | None:
        """A quote's English translation as the edition shows it under the Arabic original:
        not at all in an edition in the original's language (its reader reads the original)."""
        return None if self.lang == QUOTED_LANG else english

    def quoted(self, words: str) -> Html:
        """The source's own words inside a sentence, marked up as a quotation in their
        language: they keep the digits the source wrote."""
        return el("q", words, dir=direction(QUOTED_LANG), lang=QUOTED_LANG, class_="ar")

    def evidence_quote(self, evidence_id: str, attribution: Html | None = None) -> Html:
        """The whole evidence span as an Arabic/English pair (the English left out where the
        edition is Arabic: see :meth:`translation`)."""
        row = self.evidence(evidence_id)
        if row is None:
            return Html()
        return quote_pair(
            s(row.get("exact")),
            self.translation(s(row.get("text_en"))),
            evidence_id,
            label=self.cite_label(evidence_id),
            attribution=attribution,
            listed=self.listed(evidence_id),
        )

    # --- events ----------------------------------------------------------------------------

    def events(self, track: str | None = None, status: str | None = None) -> builtins.list[Row]:
        """Events of a track and status, in date order (undated last, in file order)."""
        key = f"events:{track}:{status}"
        if key not in self._memo:
            tracks, statuses = self._texts("events", "track"), self._texts("events", "status")
            chosen = [
                i
                for i, (t, u) in enumerate(zip(tracks, statuses, strict=True))
                if (track is None or t == track) and (status is None or u == status)
            ]
            rows = take(self.rows("events"), chosen)
            self._memo[key] = sorted(rows, key=date_key)
        return list(self._memo[key])

    def event(self, event_id: str) -> Row | None:
        return self.by_id("events").get(event_id)

    def source_title(self, source: Row | None) -> str:
        """A source's title as the edition shows it: its own title when it is written in the
        edition's language (the Arabic article in the Arabic edition), else its English one."""
        if source is not None and s(source.get("language")) == self.lang:
            return s(source.get("title")) or self.loc(source, "title")
        return self.loc(source, "title")

    def source_title_html(self, source: Row | None) -> Html:
        """A source's title as markup (:meth:`source_title`): its own title, in the
        edition's language, is the source's words and is shown as a quotation; a translated
        title is a value of the book's (:meth:`value`). The source's id where it has none."""
        title = self.source_title(source)
        if not title:
            return escape(s((source or {}).get("id")))
        if source is not None and s(source.get("language")) == self.lang == QUOTED_LANG:
            return self.quoted(title) if title == s(source.get("title")) else self.value(title)
        return self.value(title)

    def title(self, event_id: str) -> str:
        return self.loc(self.event(event_id), "title") or event_id

    def when(self, row: Row | None) -> str:
        """An event's (or statement's) date interval in words, with its basis."""
        if row is None:
            return self.text("date.undated")
        precision = s(row.get("date_precision")) or "day"
        return fmt_interval(
            ts(row.get("date_earliest")),
            ts(row.get("date_latest")),
            precision,
            s(row.get("date_basis")) or "stated",
            self.lang,
        )

    def participants(self, event_id: str, *roles: str) -> builtins.list[Row]:
        return [
            r
            for r in self.grouped("participants", "event_id").get(event_id, [])
            if not roles or s(r.get("role")) in roles
        ]

    def who(self, event_id: str, *roles: str) -> builtins.list[str]:
        """Actor ids in the given roles, each once, in file order."""
        return list(
            dict.fromkeys(s(r.get("actor_id")) for r in self.participants(event_id, *roles))
        )

    def topics_of(self, event_id: str) -> builtins.list[Row]:
        return self.where("event_topics", event_id=event_id)

    def topic_list(self, event_id: str) -> Html:
        """The topics an event raised, as a list: the topics each passage raised (their labels
        in the edition's language), then the link to the passage. The passage's words are not
        quoted here: they run to whole sentences, and the statements quote them where they
        are a speaker's. A topic's Arabic label is the data's name for it, not the source's
        words: it is never shown beside a line reference."""
        rows = self.in_article_order(self.topics_of(event_id))
        if not rows:
            return Html()
        by_passage: dict[str, list[str]] = {}
        for row in rows:
            topics = by_passage.setdefault(s(row.get("evidence_id")), [])
            if s(row.get("topic_id")) not in topics:
                topics.append(s(row.get("topic_id")))
        items = []
        for evidence_id, topic_ids in by_passage.items():
            items.append(
                el(
                    "li",
                    self.say(
                        "topic.item",
                        label=self.list([self.topic(t) for t in topic_ids]),
                        cite=self.cite(evidence_id),
                    ),
                )
            )
        return el("ul", items, class_="topics")

    def statements(self, event_id: str) -> builtins.list[Row]:
        return self.in_article_order(self.where("statements", event_id=event_id))

    def figures(self, event_id: str, measure: str | None = None) -> builtins.list[Row]:
        rows = self.where("figures", event_id=event_id)
        if measure is not None:
            rows = [r for r in rows if s(r.get("measure")) == measure]
        return self.in_article_order(rows)

    # --- figures ---------------------------------------------------------------------------

    def amount(self, figure: Row) -> str:
        """A figure's quantity with its unit and qualifier: "more than 60 minutes"."""
        value = num(figure.get("value"))
        if value is None:
            return self.text("figure.not_given")
        unit = s(figure.get("unit"))
        if s(figure.get("measure")) == "ordinal":
            key = f"unit.ordinal.{unit}"
            # The number, not its word: the template's ordinal agrees with its noun (المكالمة
            # الأولى, الاجتماع الأول; see talksbook.grammar).
            return self.text(key, ordinal=value) if self.has(key) else self.ordinal(value)
        key = f"unit.{unit}"
        quantity = self.text(key, n=value) if self.has(key) else self.count(value)
        qualifier = f"qualifier.{s(figure.get('qualifier'))}"
        return self.text(qualifier, amount=quantity) if self.has(qualifier) else quantity

    # --- statements ------------------------------------------------------------------------

    def channel(self, statement: Row, always_outlet: bool = False) -> str:
        """How a statement reached the article: "on social media (Truth Social)". The outlet
        is left out when it is the speaker itself, unless ``always_outlet``."""
        phrase = self.label("channel", s(statement.get("channel")))
        outlet = s(statement.get("channel_actor_id"))
        if outlet and (always_outlet or outlet != s(statement.get("speaker_id"))):
            return self.text("channel.with_outlet", channel=phrase, outlet=self.actor(outlet))
        return phrase

    def channel_heading(self, channel: str, outlet: str) -> str:
        heading = self.label("channel.heading", channel)
        if outlet:
            return self.text("channel.heading_outlet", channel=heading, outlet=self.actor(outlet))
        return heading

    def statement(self, row: Row, *, show_channel: bool = True, show_stance: bool = False) -> Html:
        """One statement: who said it and how, the Arabic words, their translation, the link."""
        speaker = self.actor_with_role(s(row.get("speaker_id")))
        mode = self.label("mode", s(row.get("mode")))
        if show_channel:
            who = self.say("statement.by_channel", speaker=speaker, channel=self.channel(row))
        else:
            who = self.say("statement.by", speaker=speaker)
        parts: list[Html] = [who, self.say("statement.mode", mode=mode)]
        if show_stance and s(row.get("stance")):
            parts.append(self.say("statement.stance", stance=self.label("stance", row["stance"])))
        attribution = self.say("statement.attribution", parts=Html(" ").join(parts))
        evidence_id = s(row.get("evidence_id"))
        pair = quote_pair(
            s(row.get("text_ar")),
            self.translation(s(row.get("text_en"))),
            evidence_id,
            label=self.cite_label(evidence_id),
            attribution=attribution,
            listed=self.listed(evidence_id),
        )
        claims = self.date_claims(statement_id=s(row.get("id")))
        dating = self.claim_sentences(claims, row, kind="statement") if claims else Html()
        return pair + (el("p", dating, class_="date-claims") if dating else Html())

    def statements_by_channel(self, statements: builtins.list[Row]) -> Html:
        """Statements grouped by channel and outlet, in the order the article first uses them
        (facts.voices.channel_groups)."""
        if not statements:
            return Html()
        found = channel_groups(self.pkg, [s(r.get("id")) for r in statements])
        rows = {s(r.get("id")): r for r in statements}
        # The channels are named once, by the groups' headings below.
        intro = self.say("statements.intro", n=found.statements)
        if found.direct == 0:
            quoted = self.say("statements.direct.none", n=found.statements)
        elif found.direct == found.statements:
            quoted = self.say("statements.direct.all", n=found.direct)
        else:
            quoted = self.say("statements.direct", n=found.direct)
        parts: list[Html] = [el("p", intro, " ", quoted)]
        for channel, outlet, ids in found.groups:
            parts.append(
                el(
                    "section",
                    el("h4", self.channel_heading(channel, outlet)),
                    [self.statement(rows[i], show_channel=False) for i in ids],
                    class_="channel-group",
                    data_channel=channel,
                )
            )
        return Html().join(parts)

    # --- date claims -----------------------------------------------------------------------

    def date_claims(self, *, event_id: str = "", statement_id: str = "") -> builtins.list[Row]:
        equal = {"event_id": event_id} if event_id else {}
        if statement_id:
            equal["statement_id"] = statement_id
        return self.in_article_order(self.where("date_claims", **equal))

    def claim_sentence(self, claim: Row, subject: Row | None, kind: str = "event") -> Html:
        """How one date expression of the article was read, and whether it fits its subject."""
        basis = s(claim.get("basis"))
        first, last = ts(claim.get("earliest")), ts(claim.get("latest"))
        values: dict[str, Any] = {
            "stated": s(claim.get("stated_en")),
            "cited": self.cited(s(claim.get("stated_ar")), s(claim.get("evidence_id"))),
            **self.sourced(s(claim.get("evidence_id"))),
        }
        anchor = self.event(s(claim.get("anchor_event_id")))
        if basis == "resolved-weekday" and first is not None:
            values["date"] = self.weekday_date(first)
            anchor_day = self._day_of(anchor)
            if anchor is not None and anchor_day == first and first == last:
                # The anchor's own day: say so once, not "Tuesday 18 February, read against
                # the talks on Tuesday 18 February".
                values["anchor"] = self.title(s(anchor.get("id")))
                sentence = self.say("claim.weekday.same", **values)
            elif anchor is not None and anchor_day is not None:
                values["anchor"] = self.title(s(anchor.get("id")))
                values["anchor_date"] = self.weekday_date(anchor.get("date_earliest"))
                sentence = self.say("claim.weekday.anchored", **values)
            else:
                sentence = self.say("claim.weekday", **values)
        elif (
            basis == "relative-day"
            and first is not None
            and anchor is not None
            and self._day_of(anchor) == first
        ):
            values["date"] = self.weekday_date(first)
            values["anchor"] = self.title(s(anchor.get("id")))
            sentence = self.say("claim.weekday.same", **values)
        elif basis == "relative-day" and first is not None and anchor is not None:
            values["date"] = self.weekday_date(first)
            values["anchor"] = self.title(s(anchor.get("id")))
            values["anchor_date"] = self.weekday_date(anchor.get("date_earliest"))
            days = int((first - (ts(anchor.get("date_earliest")) or first)).days)
            offset = "same" if days == 0 else "before" if days < 0 else "after"
            values["offset"] = self.text(f"offset.{offset}", n=abs(days))
            sentence = self.say("claim.relative", **values)
        elif basis == "inferred-order":
            if first is not None and last is None:
                values["interval"] = self.text("interval.after", earliest=self.date(first))
            elif last is not None and first is None:
                values["interval"] = self.text("interval.before", latest=self.date(last))
            else:
                values["interval"] = fmt_interval(first, last, "day", "stated", self.lang)
            sentence = self.say("claim.order", **values)
        elif basis == "stated" and first is not None:
            precision = "day" if first == last else (s((subject or {}).get("date_precision")))
            values["date"] = fmt_interval(first, last, precision or "day", "stated", self.lang)
            sentence = self.say("claim.stated", **values)
        else:
            sentence = self.say("claim.undated", **values)
        fit = self._claim_fit(first, last, subject, kind, basis)
        note = self.loc(claim, "note") if kind == "statement" else ""
        tail = [fit] if fit else []
        if note:
            tail.append(self.say("claim.note", note=note))
        return Html(" ").join([sentence, *tail])

    @staticmethod
    def _day_of(event: Row | None) -> pd.Timestamp | None:
        """The day of an event dated to the day; None for any other."""
        if event is None:
            return None
        first, last = ts(event.get("date_earliest")), ts(event.get("date_latest"))
        return first if first is not None and first == last else None

    def _claim_fit(
        self,
        first: pd.Timestamp | None,
        last: pd.Timestamp | None,
        subject: Row | None,
        kind: str,
        basis: str,
    ) -> Html:
        """Whether a claim's interval overlaps its subject's: a check the validator also makes."""
        if kind != "event" or basis == "stated" or subject is None or first is None:
            return Html()  # a statement's claim dates the remark itself: nothing to compare
        lo, hi = ts(subject.get("date_earliest")), ts(subject.get("date_latest"))
        if lo is None or hi is None or lo != hi:
            return Html()  # only a dated subject can agree or disagree
        inside = first <= lo and (last is None or hi <= last)
        # (A fit needs no date: the reader has just read it.)
        return self.say("claim.fits") if inside else self.say("claim.conflicts", date=self.date(lo))

    def claim_sentences(
        self, claims: builtins.list[Row], subject: Row | None, kind: str = "event"
    ) -> Html:
        """Every date expression for a subject: stated ones together, then each resolved one."""
        stated = [
            c for c in claims if s(c.get("basis")) == "stated" and ts(c.get("earliest")) is not None
        ]
        sentences: list[Html] = []
        if len(stated) > 1:
            sentences.append(
                self.say("claim.stated.many", n=len(stated), claims=self.claim_items(stated))
            )
        else:
            stated = []
        sentences.extend(self.claim_sentence(c, subject, kind) for c in claims if c not in stated)
        return Html(" ").join(sentences)

    def claim_items(self, claims: builtins.list[Row]) -> Html:
        """Date expressions as a run: each in translation, with the source's words and link."""
        return self.list(
            [
                self.say(
                    "claim.item",
                    stated=s(c.get("stated_en")),
                    cited=self.cited(s(c.get("stated_ar")), s(c.get("evidence_id"))),
                )
                for c in claims
            ]
        )

    def dating_claims(self, subject: Row) -> tuple[builtins.list[Row], builtins.list[Row]]:
        """A subject's date expressions split in two: those that give its date as the data
        record it (stated, or placed by the order of events, over the very interval of the
        subject), which the sentence that gives the date can cite; and the others (weekdays,
        days counted from another event, other intervals), each told in a sentence of its own."""
        claims = self.date_claims(event_id=s(subject.get("id")))
        interval = (ts(subject.get("date_earliest")), ts(subject.get("date_latest")))
        giving = [
            c
            for c in claims
            if s(c.get("basis")) in ("stated", "inferred-order")
            and (ts(c.get("earliest")), ts(c.get("latest"))) == interval
        ]
        return giving, [c for c in claims if c not in giving]

    def outcome_table(self, event_id: str) -> Html:
        """What an event (a call, a meeting) produced: how many outcomes of each status, then
        a table of each with its kind, status, who reported it and the source's own words."""
        made = produced(self.pkg, event_id)
        if not made.outcome_ids:
            return Html()
        by_id = self.by_id("outcomes")
        rows = [by_id[o] for o in made.outcome_ids]
        summary = self.list(
            [
                self.text(f"outcome.status.count.{k}", n=n)
                for k, n in made.by_status
                if self.has(f"outcome.status.count.{k}")
            ]
        )
        intro = self.paragraph(
            self.say("meeting.outcomes", n=len(made.outcome_ids), statuses=summary)
        )
        head = self.header(
            "meeting.outcomes.column.outcome",
            "meeting.outcomes.column.kind",
            "meeting.outcomes.column.status",
            "meeting.outcomes.column.reported_by",
            "meeting.outcomes.column.arabic",
        )
        body = el(
            "tbody",
            [
                el(
                    "tr",
                    el(
                        "td",
                        el("strong", self.verbatim_or_value(r, "outcomes", "label")),
                        el("br"),
                        el("small", self.value(self.loc(r, "description"))),
                    ),
                    el("td", self.label("outcome.kind", s(r.get("kind")))),
                    el("td", self.label("outcome.status", s(r.get("status")))),
                    el("td", self.actor(s(r.get("reported_by")))),
                    # The source's words and their line, together (see View.cited).
                    el("td", self.cited(s(r.get("label_ar")), s(r.get("evidence_id")))),
                    id=f"outcome-{s(r.get('id'))}",
                )
                for r in rows
            ],
        )
        return intro + el("table", head, body, class_="outcomes")

    # --- notes and sections ----------------------------------------------------------------

    def note_rows(self, chapter: str, event_id: str | None = None) -> builtins.list[Row]:
        """The analysts' notes for a chapter (and event), in the data's order."""
        return [
            r
            for r in self.rows("notes")
            if s(r.get("chapter")) == chapter
            and (event_id is None or s(r.get("event_id")) == event_id)
        ]

    def note(self, row: Row) -> Html:
        """One analysts' note: its text in this edition's language and its evidence link."""
        return (
            self.value(self.loc(row, "text"))
            + Html(" ")
            + self.say("cite.wrap", cite=self.cite(s(row.get("evidence_id"))))
        )

    def notes(self, chapter: str, event_id: str | None = None, skip: str | None = None) -> Html:
        """The analysts' notes for a chapter (and event), each with its evidence link; the
        note with id `skip` is left out (the chapter's lead already gives it)."""
        rows = [r for r in self.note_rows(chapter, event_id) if s(r.get("id")) != skip]
        if not rows:
            return Html()
        items = [
            el("p", self.note(r), class_="analyst-note", id=f"note-{s(r.get('id'))}") for r in rows
        ]
        label = el("p", self.say("notes.label", n=len(rows)), class_="analyst-notes-label")
        return el("aside", label, items, class_="analyst-notes")

    def header(self, *keys: str) -> Html:
        """A table head row from template keys (one per column)."""
        return header(self.lang, *keys)

    def claims(self, figures: builtins.list[Row]) -> builtins.list[Html]:
        """Each figure's claim: its amount, the article's own words and their evidence."""
        return [
            self.say(
                "keys.claim",
                value=self.amount(f),
                cited=self.cited(s(f.get("stated_ar")), s(f.get("evidence_id"))),
            )
            for f in figures
        ]

    def section(self, heading_key: str, *body: Html, level: str = "h2", **values: Any) -> Html:
        """A titled section, or nothing when every part of the body is empty."""
        if not any(body):
            return Html()
        return el("section", el(level, self.say(heading_key, **values)), *body)

    def paragraph(self, *sentences: Html) -> Html:
        """Sentences as one paragraph; nothing when all are empty."""
        kept = [x for x in sentences if x]
        return el("p", Html(" ").join(kept)) if kept else Html()


def prose(func: Callable[P, Html]) -> Callable[P, Html]:
    """Mark a section function: its (non-empty) output is wrapped in an element that carries
    the language and writing direction, because notebooks display sections one by one."""
    signature = inspect.signature(func)

    @functools.wraps(func)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> Html:
        bound = signature.bind(*args, **kwargs)
        bound.apply_defaults()
        return wrap(func(*args, **kwargs), str(bound.arguments.get("lang", DEFAULT_LANG)))

    return wrapper


def wrap(result: Html, lang: str) -> Html:
    """Section prose in the element that carries its language and direction ("" stays "")."""
    if not result:
        return result
    return el("div", result, class_="talksbook-prose", lang=lang, dir=direction(lang))


def parts(items: Iterable[Heading | Html], lang: str) -> builtins.list[Heading | Html]:
    """A section's parts as a notebook displays them: headings as they are, each non-empty
    run of prose wrapped (see :func:`wrap`), empty prose left out."""
    return [i if isinstance(i, Heading) else wrap(i, lang) for i in items if i]


def first(rows: list[Row], predicate: Callable[[Row], bool] | None = None) -> Row | None:
    """The first row (matching ``predicate``), or None."""
    return next((r for r in rows if predicate is None or predicate(r)), None)


def ordinal_of(view: View, event_id: str) -> Row | None:
    """The figure that numbers an event ("the second meeting"), if the data have one."""
    return first(view.figures(event_id, "ordinal"))


__all__ = [
    "CODED",
    "FAMILIES",
    "Row",
    "View",
    "date_key",
    "end_key",
    "first",
    "fmt_count",
    "num",
    "ordinal_of",
    "prose",
    "s",
    "ts",
]
