"""What changed since the previous edition (talksbook.facts.changes): on small hand-made
packages, two editions of each."""

from __future__ import annotations

import dataclasses

import pandas as pd
from frames import package

from talksbook.data import Package
from talksbook.facts.changes import Changes, RowChange, RowRef, TableChanges, compare, table_key


def events(*rows: tuple[str, str, str | None]) -> pd.DataFrame:
    """(id, title, date) rows, typed as the loader types them."""
    frame = pd.DataFrame(rows, columns=["id", "title_en", "date_earliest"])
    frame["id"] = frame["id"].astype("str")
    frame["title_en"] = frame["title_en"].astype("str")
    frame["date_earliest"] = pd.to_datetime(frame["date_earliest"])
    return frame


def figures(*rows: tuple[str, float | None]) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=["id", "value"])
    frame["value"] = pd.array([v for _, v in rows], dtype="Float64")
    return frame


def described(pkg: Package, **descriptor: object) -> Package:
    """``pkg`` with descriptor entries (``resources=[…]``, ``version=…``)."""
    return dataclasses.replace(pkg, descriptor={**pkg.descriptor, **descriptor})


BEFORE = package(
    events=events(
        ("call", "The call", "2025-02-12"),
        ("talks", "The talks", "2025-02-18"),
        ("gone", "Dropped", None),
    ),
    figures=figures(("minutes", 90.0), ("count", None)),
)


def test_a_first_edition_has_nothing_to_compare() -> None:
    changes = compare(described(BEFORE, version="1.0"), None)
    assert changes == Changes(first_edition=True, version="1.0")
    assert not changes.any and changes.rows == 0
    assert changes["events"] == TableChanges("events")  # asked for anyway: nothing changed


def test_the_same_data_have_no_changes() -> None:
    # Equal values in other objects and row order kept: nothing to report.
    again = package(**{name: frame.copy() for name, frame in BEFORE.tables.items()})
    changes = compare(again, BEFORE)
    assert not changes.first_edition and not changes.any and changes.rows == 0
    assert [t.name for t in changes.tables] == ["events", "figures"]
    assert changes["events"].key == ("id",)


def test_added_removed_and_changed_rows_with_their_columns() -> None:
    after = package(
        events=events(
            ("new", "A new meeting", "2025-03-01"),
            ("talks", "The talks in Riyadh", "2025-02-18"),
            ("call", "The call", "2025-02-13"),
        ),
        figures=figures(("minutes", 95.0), ("count", None), ("extra", 3.0)),
    )
    changes = compare(after, BEFORE)
    table = changes["events"]
    # Added and changed in this edition's order (positions in its table), removed in the
    # previous edition's.
    assert table.added == (RowRef(("new",), 0),)
    assert table.removed == (RowRef(("gone",), 2),)
    assert table.changed == (
        RowChange(("talks",), 1, 1, ("title_en",)),
        RowChange(("call",), 2, 0, ("date_earliest",)),
    )
    assert table.rows == 4 and table.status == "kept"
    assert compare(after, BEFORE)["figures"].changed == (RowChange(("minutes",), 0, 0, ("value",)),)
    assert [r.key for r in changes["figures"].added] == [("extra",)]
    assert changes.rows == 6 and changes.any


def test_missing_values_are_equal_whatever_their_kind() -> None:
    before = package(
        notes=pd.DataFrame(
            {
                "id": ["a", "b", "c"],
                "text": pd.array(["", "x", None], dtype="object"),
                "count": pd.array([None, 1, 2], dtype="Int64"),
            }
        )
    )
    after = package(
        notes=pd.DataFrame(
            {
                "id": ["a", "b", "c"],
                "text": pd.array([None, "x", ""], dtype="object"),  # "" and None: both missing
                # Another type (a schema now says number): 1.0 is 1, NaN is NA.
                "count": [float("nan"), 1.0, 2.5],
            }
        )
    )
    assert compare(after, before)["notes"].changed == (RowChange(("c",), 2, 2, ("count",)),)
    filled = package(notes=after.tables["notes"].assign(text=["now", "x", ""]))
    assert compare(filled, after)["notes"].changed == (RowChange(("a",), 0, 0, ("text",)),)


def test_a_missing_date_or_value_that_appears_is_a_change() -> None:
    after = package(
        events=events(
            ("call", "The call", "2025-02-12"),
            ("talks", "The talks", "2025-02-18"),
            ("gone", "Dropped", "2025-02-20"),
        ),
        figures=figures(("minutes", 90.0), ("count", 4.0)),
    )
    changes = compare(after, BEFORE)
    assert [(c.key, c.columns) for c in changes["events"].changed] == [
        (("gone",), ("date_earliest",))
    ]
    assert [(c.key, c.columns) for c in changes["figures"].changed] == [(("count",), ("value",))]


def test_rows_are_matched_by_the_declared_primary_key() -> None:
    participants = pd.DataFrame(
        [("talks", "rubio", "party", "ev-1"), ("talks", "lavrov", "party", "ev-1")],
        columns=["event_id", "actor_id", "role", "evidence_id"],
    )
    resources = [{"name": "participants", "schema": {"primaryKey": ["event_id", "actor_id"]}}]
    before = described(package(participants=participants), resources=resources)
    moved = participants.assign(evidence_id=["ev-2", "ev-1"])
    moved.loc[len(moved)] = ("talks", "waltz", "party", "ev-1")
    after = described(package(participants=moved), resources=resources)
    table = compare(after, before)["participants"]
    assert table.key == ("event_id", "actor_id")
    assert table.changed == (RowChange(("talks", "rubio"), 0, 0, ("evidence_id",)),)
    assert table.added == (RowRef(("talks", "waltz"), 2),)
    # A primary key given as one name works as well.
    single = [{"name": "participants", "schema": {"primaryKey": "actor_id"}}]
    assert table_key(described(before, resources=single), "participants", participants) == (
        "actor_id",
    )


def test_without_a_usable_key_whole_rows_are_compared() -> None:
    aliases = pd.DataFrame([("putin", "بوتين"), ("putin", "بوتن")], columns=["actor_id", "alias"])
    before = package(aliases=aliases)
    after = package(aliases=aliases.assign(alias=["بوتين", "فلاديمير بوتين"]))
    table = compare(after, before)["aliases"]
    assert table.key == ("actor_id", "alias")  # no primary key, no id: every column
    assert table.added == (RowRef(("putin", "فلاديمير بوتين"), 1),)
    assert table.removed == (RowRef(("putin", "بوتن"), 1),)
    assert table.changed == ()
    # A declared key that does not tell the rows apart is not used either.
    resources = [{"name": "aliases", "schema": {"primaryKey": "actor_id"}}]
    assert table_key(described(after, resources=resources), "aliases", after["aliases"]) == (
        "actor_id",
        "alias",
    )


def test_new_and_dropped_tables_and_columns() -> None:
    topics = pd.DataFrame({"id": ["war", "energy"], "label_en": ["War", "Energy"]})
    after = package(
        events=BEFORE["events"].assign(city=["", "Riyadh", ""]).drop(columns=["date_earliest"]),
        topics=topics,
    )
    changes = compare(after, BEFORE)
    table = changes["events"]
    # A column that came or went is the table's change, not a change of every row.
    assert table.columns_added == ("city",) and table.columns_removed == ("date_earliest",)
    assert table.rows == 0 and table.any
    assert changes.tables_added == ("topics",) and changes.tables_removed == ("figures",)
    assert [r.key for r in changes["topics"].added] == [("war",), ("energy",)]
    assert [r.row for r in changes["figures"].removed] == [0, 1]
    assert [t.name for t in changes.tables] == ["events", "topics", "figures"]


def test_tables_follow_the_descriptor_and_the_version_is_kept() -> None:
    resources = [{"name": "figures", "schema": {}}, {"name": "events", "schema": {}}]
    before = described(BEFORE, resources=resources, version="1.0")
    after = described(BEFORE, resources=resources, version="1.1")
    changes = compare(after, before)
    assert [t.name for t in changes.tables] == ["figures", "events"]
    assert (changes.previous_version, changes.version) == ("1.0", "1.1")
    assert not changes.any  # a new version number alone is no change of the data


def test_text_columns_with_na_compare() -> None:
    # A text column may hold NA beside strings (pandas' "string" dtype, or objects).
    for dtype in ("string", "object"):
        before = package(
            notes=pd.DataFrame({"id": ["a", "b"], "text": pd.array(["", pd.NA], dtype=dtype)})
        )
        after = package(
            notes=pd.DataFrame({"id": ["a", "b"], "text": pd.array([pd.NA, "now"], dtype=dtype)})
        )
        assert compare(after, before)["notes"].changed == (RowChange(("b",), 1, 1, ("text",)),)
