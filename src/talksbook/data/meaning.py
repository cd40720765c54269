"""Checks of meaning that no Table Schema can express: provenance, dates, aliases."""

from __future__ import annotations

import bisect
import datetime as dt
import functools
import hashlib
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from . import files
from .locate import Occurrence, occurrences
from .problems import Problem
from .reading import RawTable
from .schema import parse_date

# Arabic weekday words as the sources write them, with Python's weekday numbers (Monday = 0).
WEEKDAYS_AR = {
    "الاثنين": 0,
    "الإثنين": 0,
    "الثلاثاء": 1,
    "الأربعاء": 2,
    "الاربعاء": 2,
    "الخميس": 3,
    "الجمعة": 4,
    "السبت": 5,
    "الأحد": 6,
    "الاحد": 6,
}
WEEKDAY_NAMES = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
# Columns whose Arabic text must be a verbatim part of the row's evidence quote.
VERBATIM_IN_EVIDENCE = {
    "statements": "text_ar",
    "outcomes": "label_ar",
    "figures": "stated_ar",
    "assessments": "label_ar",
    "date_claims": "stated_ar",
}
# Tables whose rows carry a date interval, and the names of its bounds.
INTERVALS = {
    "events": ("date_earliest", "date_latest"),
    "statements": ("date_earliest", "date_latest"),
    "date_claims": ("earliest", "latest"),
}

Tables = dict[str, RawTable]


def source_texts(root: Path, tables: Tables, problems: list[Problem]) -> dict[str, str]:
    """Read every archived source, checking its path and its sha256."""
    texts: dict[str, str] = {}
    sources = tables.get("sources")
    if sources is None:
        return texts
    for line, row in zip(sources.lines, sources.records(), strict=True):
        path, digest = row.get("path", ""), row.get("sha256", "")
        if not path:
            continue
        report = _reporter(problems, sources.file, line)
        if not files.safe_relative(path):
            report(
                "path",
                f"{path!r} points outside the data package",
                "use a relative path inside data/, e.g. sources/article.txt",
            )
            continue
        try:
            data = files.read_bytes(root, path)
        except files.UnsafeFile as error:
            if error.missing:
                report(
                    "path",
                    f"archived source {path} does not exist",
                    "copy the source text into data/ at that path",
                )
            else:
                report("path", f"archived source {path} {error.problem}", error.fix)
            continue
        actual = hashlib.sha256(data).hexdigest()
        if not digest:
            report("sha256", "is required when path is set", f"set it to {actual}")
        elif digest != actual:
            report(
                "sha256",
                f"does not match {path} (file hashes to {actual})",
                "restore the original file; sources are never edited",
            )
        try:
            texts[row["id"]] = data.decode("utf-8")
        except UnicodeDecodeError:
            report("path", f"{path} is not UTF-8 text", "archive the source as UTF-8")
    return texts


def check_evidence(tables: Tables, texts: dict[str, str], problems: list[Problem]) -> None:
    """Each quote must sit verbatim at its offsets, on its line, in its source."""
    evidence = tables.get("evidence")
    if evidence is None:
        return
    newlines: dict[str, list[int]] = {}  # per source: offsets of its line breaks
    for line, source_id, exact, start_text, end_text, stated_line in _cells(
        evidence, "source_id", "exact", "start", "end", "line"
    ):
        text = texts.get(source_id)
        if text is None or not exact:
            continue
        report = _reporter(problems, evidence.file, line)
        try:
            start, end = int(start_text), int(end_text)
        except ValueError:
            continue
        if text[start:end] == exact:
            if source_id not in newlines:
                newlines[source_id] = [m.start() for m in re.finditer("\n", text)]
            # Counting line breaks before each quote is quadratic in a long source; a binary
            # search over their offsets is not.
            actual_line = (
                bisect.bisect_left(newlines[source_id], start) + 1
                if start >= 0
                else text.count("\n", 0, start) + 1
            )
            if stated_line != str(actual_line):
                report(
                    "line",
                    f"the quote starts on line {actual_line}, not {stated_line}",
                    f"set line to {actual_line}",
                )
            continue
        found = occurrences(text, exact)
        if not found:
            report(
                "exact",
                "the quote does not occur in the source",
                "copy the quote verbatim from the source (spelling and punctuation included)",
            )
        else:
            report("start", f"the quote is not at {start}–{end}", _moved_quote_fix(found, start))


#: Occurrences listed at most when a moved quote's new place is not clear.
MAX_LISTED_OCCURRENCES = 5


def _moved_quote_fix(found: list[Occurrence], start: int) -> str:
    """Where a quote that is not at its offsets now stands: the occurrence nearest its old
    start when that one is clearly the nearest (less than half as far as the next), else
    every occurrence, for the coder to choose (a phrase that occurs twice is not to be placed
    by guessing)."""
    ranked = sorted(found, key=lambda o: (abs(o.start - start), o.start))
    nearest = ranked[0]
    if len(ranked) == 1 or 2 * abs(nearest.start - start) < abs(ranked[1].start - start):
        return f"set start={nearest.start}, end={nearest.end}, line={nearest.line}"
    places = [f"{o.start}–{o.end} (line {o.line})" for o in found[:MAX_LISTED_OCCURRENCES]]
    more = len(found) - len(places)
    return (
        f"the quote occurs {len(found)} times; set start, end and line to the one the row "
        f"means: {', '.join(places)}" + (f" and {more} more" if more > 0 else "")
    )


def check_verbatim(tables: Tables, problems: list[Problem]) -> None:
    """Arabic wording stored beside an evidence id must be part of that evidence's quote."""
    evidence = tables.get("evidence")
    if evidence is None:
        return
    quotes = dict(zip(evidence.column("id"), evidence.column("exact"), strict=True))
    for name, column in VERBATIM_IN_EVIDENCE.items():
        table = tables.get(name)
        if table is None:
            continue
        for line, evidence_id, value in _cells(table, "evidence_id", column):
            quote = quotes.get(evidence_id)
            if quote is not None and value and value not in quote:
                _reporter(problems, table.file, line)(
                    column,
                    f"is not a verbatim part of evidence {evidence_id}",
                    "copy the words exactly from the evidence quote, or cite other evidence",
                )


def check_aliases(tables: Tables, texts: dict[str, str], problems: list[Problem]) -> None:
    """An alias said to occur in a source must occur there, spelled exactly so."""
    aliases = tables.get("aliases")
    if aliases is None:
        return
    for line, occurs_in, alias in _cells(aliases, "occurs_in", "alias"):
        text = texts.get(occurs_in)
        if text is not None and alias and alias not in text:
            _reporter(problems, aliases.file, line)(
                "alias",
                f"{alias!r} does not occur in {occurs_in}",
                "correct the spelling, or leave occurs_in empty for a variant the source lacks",
            )


def check_intervals(tables: Tables, problems: list[Problem]) -> None:
    """earliest ≤ latest wherever both are given."""
    for name, (low, high) in INTERVALS.items():
        table = tables.get(name)
        if table is None:
            continue
        for line, low_text, high_text in _cells(table, low, high):
            earliest, latest = _day(low_text), _day(high_text)
            if earliest and latest and earliest > latest:
                _reporter(problems, table.file, line)(
                    high,
                    f"{latest} is before {low} {earliest}",
                    "swap the dates or correct one of them",
                )


def check_precision(tables: Tables, problems: list[Problem]) -> None:
    """An event's precision must describe its interval truthfully."""
    events = tables.get("events")
    if events is None:
        return
    for line, low, high, precision, basis in _cells(
        events, "date_earliest", "date_latest", "date_precision", "date_basis"
    ):
        earliest, latest = _day(low), _day(high)
        expected = {
            "day": earliest is not None and earliest == latest,
            "month": earliest is not None
            and latest is not None
            and earliest.day == 1
            and (latest + dt.timedelta(days=1)).day == 1
            and earliest.month == latest.month
            and earliest.year == latest.year,
            "year": earliest is not None
            and latest is not None
            and (earliest.month, earliest.day, latest.month, latest.day) == (1, 1, 12, 31)
            and earliest.year == latest.year,
            "open": (earliest is None) != (latest is None),
            "unknown": earliest is None and latest is None,
        }.get(precision, True)
        if not expected:
            _reporter(problems, events.file, line)(
                "date_precision",
                f"'{precision}' does not fit the interval {earliest or '…'} – {latest or '…'}",
                "day: one date; month: first to last day of a month; year: 1 Jan to 31 Dec; "
                "open: one bound; unknown: no bounds",
            )
        if (basis == "unknown") != (precision == "unknown"):
            _reporter(problems, events.file, line)(
                "date_basis",
                f"basis '{basis}' does not fit precision '{precision}'",
                "use basis 'unknown' exactly when the date is unknown",
            )


def check_date_claims(tables: Tables, problems: list[Problem]) -> None:
    """Weekday claims must fall on their weekday near their anchor, relative days name their
    anchor; subjects must agree."""
    claims = tables.get("date_claims")
    if claims is None:
        return
    events = _ById(tables.get("events"))
    statements = _ById(tables.get("statements"))
    claimed_statements: set[str] = set()
    for line, row in zip(claims.lines, claims.records(), strict=True):
        report = _reporter(problems, claims.file, line)
        event_id, statement_id = row.get("event_id", ""), row.get("statement_id", "")
        if bool(event_id) == bool(statement_id):
            report(
                "event_id",
                "exactly one of event_id and statement_id must be set",
                "name the event or the statement this date expression dates",
            )
            continue
        claimed_statements.add(statement_id)
        if row.get("basis") == "resolved-weekday":
            _check_weekday(row, events, report)
        elif row.get("basis") == "relative-day":
            _check_relative_day(row, events, report)
        subject = events.get(event_id) if event_id else statements.get(statement_id)
        if subject is not None:
            _check_within(row, subject, "event" if event_id else "statement", report)
    statement_table = tables.get("statements")
    if statement_table is None:
        return
    for line, basis, statement_id in _cells(statement_table, "date_basis", "id"):
        if basis == "resolved-weekday" and statement_id not in claimed_statements:
            _reporter(problems, statement_table.file, line)(
                "date_basis",
                "a resolved weekday needs a row in date_claims.csv",
                "add a date claim with the weekday as stated, its anchor and this statement_id",
            )


def _check_weekday(
    row: dict[str, str], events: _ById, report: Callable[[str, str, str], None]
) -> None:
    stated = row.get("stated_ar", "")
    weekday = next((n for word, n in WEEKDAYS_AR.items() if word in stated), None)
    earliest, latest = _date(row, "earliest"), _date(row, "latest")
    if weekday is None:
        report(
            "stated_ar",
            f"{stated!r} names no weekday",
            "use basis 'resolved-weekday' only for a weekday word such as الثلاثاء",
        )
        return
    if earliest is None or earliest != latest:
        report(
            "latest",
            "a resolved weekday is a single day",
            "set earliest and latest to the same date",
        )
        return
    if earliest.weekday() != weekday:
        report(
            "earliest",
            f"{earliest} is a {WEEKDAY_NAMES[earliest.weekday()]}, not a {WEEKDAY_NAMES[weekday]}",
            f"use the {WEEKDAY_NAMES[weekday]} nearest the anchor",
        )
        return
    anchor = events.get(row.get("anchor_event_id", ""))
    anchor_date = _date(anchor, "date_earliest") if anchor else None
    if anchor_date is None:
        report(
            "anchor_event_id",
            "a resolved weekday needs a dated anchor event",
            "name the dated event the weekday was resolved against",
        )
    elif abs((earliest - anchor_date).days) > 6:
        report(
            "earliest",
            f"{earliest} is more than six days from its anchor ({anchor_date})",
            f"use the {WEEKDAY_NAMES[weekday]} nearest {anchor_date}",
        )


def _check_relative_day(
    row: dict[str, str], events: _ById, report: Callable[[str, str, str], None]
) -> None:
    """A relative day ("the day before the talks") is its anchor's day plus ``offset_days``:
    checked on every validation, so a changed anchor date cannot leave it stale."""
    anchor_id = row.get("anchor_event_id", "")
    if not anchor_id:
        report(
            "anchor_event_id",
            "a relative day needs the event it is counted from",
            "name the anchor event (for “the day before the talks”, the talks)",
        )
        return
    offset = row.get("offset_days", "")
    try:
        days = int(offset)
    except ValueError:
        report(
            "offset_days",
            f"a relative day needs its distance from the anchor in days, not {offset!r}",
            "write the number of days from the anchor's date: -1 for “the day before”, "
            "1 for “the next day”",
        )
        return
    anchor = events.get(anchor_id)
    anchor_first, anchor_last = _date(anchor, "date_earliest"), _date(anchor, "date_latest")
    if anchor is None or anchor_first is None or anchor_first != anchor_last:
        report(
            "anchor_event_id",
            f"the anchor {anchor_id} is not dated to one day, so no day can be counted from it",
            "anchor the claim on an event dated to the day, or code it as an interval "
            "(basis 'inferred-order')",
        )
        return
    day = anchor_first + dt.timedelta(days=days)
    earliest, latest = _date(row, "earliest"), _date(row, "latest")
    if earliest != day or latest != day:
        report(
            "earliest",
            f"{days:+d} day(s) from {anchor_id} ({anchor_first}) is {day}, but the claim says "
            f"{earliest or '…'} – {latest or '…'}",
            f"set earliest and latest to {day} (or correct offset_days or the anchor's date)",
        )


def _check_within(
    claim: dict[str, str],
    subject: dict[str, str],
    kind: str,
    report: Callable[[str, str, str], None],
) -> None:
    """The subject's adopted interval must lie inside what the claim allows."""
    low, high = _date(claim, "earliest"), _date(claim, "latest")
    first, last = _date(subject, "date_earliest"), _date(subject, "date_latest")
    too_early = low is not None and (first is None or first < low)
    too_late = high is not None and (last is None or last > high)
    if too_early or too_late:
        report(
            "earliest" if too_early else "latest",
            f"the {kind} {subject.get('id')} is dated {first or '…'} – {last or '…'}, outside "
            f"this claim's {low or '…'} – {high or '…'}",
            f"make the {kind}'s dates agree with every date claim about it",
        )


def _reporter(problems: list[Problem], file: str, line: int) -> Callable[[str, str, str], None]:
    def report(column: str, message: str, fix: str) -> None:
        problems.append(Problem(file, line, column, message, fix))

    return report


def _date(row: dict[str, str] | None, column: str) -> dt.date | None:
    return _day(row.get(column, "")) if row else None


# Dates repeat (a few thousand distinct days in any package), so each is parsed once.
_day = functools.lru_cache(maxsize=1 << 16)(parse_date)


def _cells(table: RawTable, *columns: str) -> Iterator[tuple[Any, ...]]:
    """(line, value, value, …) per row: the named columns without a dict per row."""
    return zip(table.lines, *(table.column(c) for c in columns), strict=True)


class _ById:
    """Rows by id, each built as a dict only when asked for (the last row wins a tie)."""

    def __init__(self, table: RawTable | None) -> None:
        self.table = table
        ids = table.column("id") if table else []
        self.index = dict(zip(ids, range(len(ids)), strict=True))

    def get(self, key: str) -> dict[str, str] | None:
        i = self.index.get(key)
        if i is None or self.table is None:
            return None
        return dict(zip(self.table.header, self.table.rows[i], strict=False))


def check_locations(tables: Tables, problems: list[Problem]) -> None:
    """Coordinates come in pairs and always with the source that gives them."""
    events = tables.get("events")
    if events is None:
        return
    for line, latitude, longitude, source in _cells(
        events, "latitude", "longitude", "location_source"
    ):
        has_lat, has_lon = bool(latitude), bool(longitude)
        if has_lat == has_lon and (not has_lat or source):
            continue  # the usual case, decided without a reporter
        report = _reporter(problems, events.file, line)
        if has_lat != has_lon:
            report(
                "longitude" if has_lat else "latitude",
                "coordinates must come in pairs",
                "give both latitude and longitude, or neither",
            )
        elif has_lat and not source:
            report(
                "location_source",
                "coordinates need a source",
                "name the gazetteer in sources.csv and reference its id here",
            )


def check_figure_units(tables: Tables, problems: list[Problem]) -> None:
    """Figures with the same event and label are claims about one quantity (the book sets
    them side by side): they must be given in one unit."""
    figures = tables.get("figures")
    if figures is None:
        return
    first: dict[tuple[str, str], tuple[str, str]] = {}
    for line, figure_id, event_id, label, unit in _cells(
        figures, "id", "event_id", "label_en", "unit"
    ):
        key = (event_id, label)
        if key not in first:
            first[key] = (figure_id, unit)
            continue
        other, other_unit = first[key]
        if unit != other_unit:
            _reporter(problems, figures.file, line)(
                "unit",
                f"{unit!r} differs from the unit of {other} ({other_unit!r}), a claim about the "
                f"same quantity ({label!r} of {event_id})",
                f"give both in one unit (convert this one to {other_unit!r}), or give them "
                "different labels if they measure different things",
            )


CHECKS = (
    check_verbatim,
    check_intervals,
    check_precision,
    check_date_claims,
    check_locations,
    check_figure_units,
)
TEXT_CHECKS = (check_evidence, check_aliases)
