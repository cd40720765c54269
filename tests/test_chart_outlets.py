"""The channel chart names as outlets only the media that carried statements: a speaker who
is also a channel (the Kremlin, a ministry) or a group of unnamed agencies is not an outlet."""

from __future__ import annotations

import dataclasses
from typing import Any

from talksbook import charts
from talksbook.charts._base import actor_names
from talksbook.data import Package
from talksbook.facts.corpus import outlets


def _datasets(spec: dict[str, Any]) -> list[dict[str, Any]]:
    return [row for rows in spec.get("datasets", {}).values() for row in rows]


def with_speaker_as_channel(pkg: Package) -> Package:
    """A copy in which the first statement without a channel actor is carried by a speaker of
    another statement (as the Kremlin carries its own readout): a channel, not an outlet."""
    statements = pkg["statements"].copy()
    speaker = str(statements["speaker_id"].iloc[-1])
    unnamed = statements.index[statements["channel_actor_id"].fillna("") == ""][0]
    statements.loc[unnamed, "channel_actor_id"] = speaker
    return dataclasses.replace(pkg, tables={**pkg.tables, "statements": statements})


def test_the_channel_chart_names_only_media_as_outlets(corpus: Package) -> None:
    pkg = with_speaker_as_channel(corpus)
    names = actor_names(pkg, "en")
    media = {names[a] for a in outlets(pkg)}
    others = {n for a, n in names.items() if a not in outlets(pkg)}
    spec = charts.statements_by_channel(pkg).to_dict()
    rows = _datasets(spec)
    shown = {row["outlets"] for row in rows if "outlets" in row}
    notes = {row["note"] for row in rows if row.get("note")}
    assert any(m in " ".join(shown) for m in media)
    for text in shown | notes | {spec["description"].split("Outlets named:")[-1]}:
        for name in others - media:
            assert name not in text.replace("\n", " "), (name, text)
