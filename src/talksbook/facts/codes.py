"""In what order are coded values told? The order the package's schema lists them."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from ..data import Package

__all__ = ["enum_order", "in_order"]


def enum_order(pkg: Package, resource: str, field: str) -> list[str]:
    """The allowed values of a field, in the order the descriptor lists them (none when the
    package does not describe the resource or the field, or gives no enum)."""
    resources = pkg.descriptor.get("resources", [])
    found: dict[str, Any] = next((r for r in resources if r.get("name") == resource), {})
    fields = found.get("schema", {}).get("fields", [])
    spec: dict[str, Any] = next((f for f in fields if f.get("name") == field), {})
    return [str(v) for v in spec.get("constraints", {}).get("enum", [])]


def in_order(values: Iterable[str], order: Sequence[str]) -> list[str]:
    """The values that occur, in ``order`` first, then any others alphabetically (a code an
    analyst used before adding it to the schema)."""
    found = {str(v) for v in values}
    return [v for v in order if v in found] + sorted(found - set(order))
