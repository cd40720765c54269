"""Content hashes of a build's inputs: what decides whether anything must run again."""

from __future__ import annotations

import hashlib
import json
import platform
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from .paths import PROJECT_ROOT

PACKAGE_DIR = Path(__file__).resolve().parent
LOCK_FILE = PROJECT_ROOT / "requirements.lock"


def files_hash(root: Path, files: Iterable[Path]) -> str:
    """SHA-256 over the relative names and bytes of ``files`` (order-independent)."""
    digest = hashlib.sha256()
    for path in sorted(files):
        digest.update(path.relative_to(root).as_posix().encode() + b"\0")
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def tree_hash(root: Path, pattern: str = "**/*") -> str:
    """Hash of every file under ``root`` matching ``pattern`` (caches and bytecode excluded)."""
    files = [
        p
        for p in root.glob(pattern)
        if p.is_file() and "__pycache__" not in p.parts and p.suffix != ".pyc"
    ]
    return files_hash(root, files)


def environment() -> dict[str, str]:
    """The code and the environment every notebook runs with."""
    lock = LOCK_FILE.read_bytes() if LOCK_FILE.is_file() else b""
    return {
        "talksbook": tree_hash(PACKAGE_DIR),
        "lock": hashlib.sha256(lock).hexdigest(),
        "python": platform.python_version(),
    }


def key(**parts: Any) -> str:
    """A stable hash of JSON-serialisable ``parts``."""
    text = json.dumps(parts, sort_keys=True, ensure_ascii=True, default=str)
    return hashlib.sha256(text.encode()).hexdigest()
