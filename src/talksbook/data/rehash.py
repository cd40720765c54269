"""Refresh each resource's ``hash`` and ``bytes`` after an intentional edit."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from ..paths import DESCRIPTOR_NAME
from . import files


def rehash(folder: str | Path) -> list[str]:
    """Rewrite datapackage.json with current hashes and sizes; return the resources changed.

    Raises :class:`~talksbook.data.files.UnsafeFile` for a resource that is not a regular
    file inside the package (nothing is written then)."""
    folder = Path(folder)
    descriptor_path = folder / DESCRIPTOR_NAME
    descriptor = json.loads(files.read_bytes(folder, DESCRIPTOR_NAME).decode("utf-8"))
    changed = []
    for resource in descriptor["resources"]:
        data = files.read_bytes(folder, resource["path"], files.MAX_TABLE_BYTES)
        digest = "sha256:" + hashlib.sha256(data).hexdigest()
        if resource.get("hash") != digest or resource.get("bytes") != len(data):
            resource["hash"], resource["bytes"] = digest, len(data)
            changed.append(resource["name"])
    if changed:
        text = json.dumps(descriptor, ensure_ascii=False, indent=2) + "\n"
        descriptor_path.write_text(text, encoding="utf-8")
    return changed
