"""Refresh each resource's ``hash`` and ``bytes`` after an intentional edit."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from ..paths import DESCRIPTOR_NAME


def rehash(folder: str | Path) -> list[str]:
    """Rewrite datapackage.json with current hashes and sizes; return the resources changed."""
    folder = Path(folder)
    descriptor_path = folder / DESCRIPTOR_NAME
    descriptor = json.loads(descriptor_path.read_text(encoding="utf-8"))
    changed = []
    for resource in descriptor["resources"]:
        data = (folder / resource["path"]).read_bytes()
        digest = "sha256:" + hashlib.sha256(data).hexdigest()
        if resource.get("hash") != digest or resource.get("bytes") != len(data):
            resource["hash"], resource["bytes"] = digest, len(data)
            changed.append(resource["name"])
    if changed:
        text = json.dumps(descriptor, ensure_ascii=False, indent=2) + "\n"
        descriptor_path.write_text(text, encoding="utf-8")
    return changed
