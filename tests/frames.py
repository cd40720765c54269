"""Small hand-made packages for the facts tests: only the tables (and texts, and enums) given."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

import pandas as pd

from talksbook.data import Package


def package(
    texts: Mapping[str, str] | None = None,
    enums: Mapping[tuple[str, str], Sequence[str]] | None = None,
    **tables: pd.DataFrame,
) -> Package:
    """A package of ``tables``, with archived ``texts`` by source id and a descriptor that
    lists, for each (resource, field) of ``enums``, its allowed values in order."""
    resources: dict[str, list[dict[str, object]]] = {}
    for (resource, field), values in (enums or {}).items():
        resources.setdefault(resource, []).append(
            {"name": field, "constraints": {"enum": list(values)}}
        )
    descriptor = {"resources": [{"name": r, "schema": {"fields": f}} for r, f in resources.items()]}
    return Package(Path("."), descriptor, dict(tables), dict(texts or {}), {})
