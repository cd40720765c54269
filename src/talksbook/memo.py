"""One memo per loaded package, shared by everything that reads it in one process.

A notebook calls a dozen section functions and charts on one package; what they derive from
it that does not depend on the edition's language (rows turned into dicts, mentions counted
in the sources) is computed once. Keyed by id(package), with a weak reference to tell a
reused id from the same package (the memo goes with its package).
"""

from __future__ import annotations

import weakref
from typing import Any

from .data import Package

_SHARED: dict[int, tuple[weakref.ref[Package], dict[str, Any]]] = {}


def shared_memo(pkg: Package) -> dict[str, Any]:
    """The memo of ``pkg`` (empty at first)."""
    key = id(pkg)
    entry = _SHARED.get(key)
    if entry is not None and entry[0]() is pkg:
        return entry[1]
    memo: dict[str, Any] = {}
    _SHARED[key] = (weakref.ref(pkg, lambda _: _SHARED.pop(key, None)), memo)
    return memo
