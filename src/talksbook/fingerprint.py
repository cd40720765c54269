"""Content hashes of a build's inputs: what decides whether anything must run again."""

from __future__ import annotations

import hashlib
import json
import os
import platform
from collections.abc import Iterable, Mapping
from importlib import metadata
from pathlib import Path
from typing import Any

from .paths import BOOK_DIR, CONFIG_FILE, PLAN_FILE, PROJECT_ROOT

PACKAGE_DIR = Path(__file__).resolve().parent
LOCK_FILE = PROJECT_ROOT / "requirements.lock"
# The libraries that shape the book's content: their versions go into the build manifest and
# into every chapter's cache key (see `environment`), so that upgrading one in place rebuilds
# the book even where the lock file did not change. Jupyter Book's Sphinx extensions and
# themes each write into every page; vl-convert-python carries the Vega bundle the pages load.
KEY_PACKAGES = (
    "talksbook",
    "jupyter-book",
    "sphinx",
    "docutils",
    "myst-nb",
    "myst-parser",
    "sphinx-book-theme",
    "pydata-sphinx-theme",
    "sphinx-design",
    "sphinx-copybutton",
    "sphinx-togglebutton",
    "sphinx-thebe",
    "sphinx-comments",
    "sphinx-external-toc",
    "sphinx-multitoc-numbering",
    "sphinx-jupyterbook-latex",
    "sphinxcontrib-bibtex",
    "jinja2",
    "markupsafe",
    "pygments",
    "pyyaml",
    "pandas",
    "numpy",
    "altair",
    "vl-convert-python",
    "papermill",
    "nbclient",
    "nbformat",
    "ipykernel",
    "frictionless",
    "pyarabic",
    "babel",
    "playwright",
)


def files_hash(root: Path, files: Iterable[Path]) -> str:
    """SHA-256 over the relative names and bytes of ``files`` (order-independent)."""
    digest = hashlib.sha256()
    for path in sorted(files):
        digest.update(path.relative_to(root).as_posix().encode() + b"\0")
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def _tree_files(root: Path, pattern: str = "**/*") -> list[Path]:
    """Every file under ``root`` matching ``pattern``, caches and bytecode excluded."""
    return sorted(
        p
        for p in root.glob(pattern)
        if p.is_file() and "__pycache__" not in p.parts and p.suffix != ".pyc"
    )


def tree_hash(root: Path, pattern: str = "**/*") -> str:
    """Hash of every file under ``root`` matching ``pattern`` (caches and bytecode excluded)."""
    return files_hash(root, _tree_files(root, pattern))


def package_hashes(folder: Path, names: Iterable[str]) -> dict[str, str]:
    """``{name: sha256}`` of the package files ``names`` that exist, each read as a regular
    file inside the package (see talksbook.data.files): only what the book reads is hashed,
    whatever else lies in the folder."""
    from .data import files

    hashes = {}
    for name in sorted(set(names)):
        try:
            data = files.read_bytes(folder, name, files.MAX_TABLE_BYTES)
        except files.UnsafeFile as error:
            if error.missing:
                continue
            raise
        hashes[name] = hashlib.sha256(data).hexdigest()
    return hashes


def folder_hashes(folder: Path) -> dict[str, str]:
    """``{name: sha256}`` of every file under ``folder`` that reads as a package file does (a
    regular file inside it, of bounded size: see talksbook.data.files); others are left out,
    and a missing folder has none. Links to folders are not followed."""
    from .data import files

    hashes = {}
    for root, _, names in os.walk(folder):
        for name in names:
            relative = (Path(root) / name).relative_to(folder).as_posix()
            try:
                data = files.read_bytes(folder, relative, files.MAX_TABLE_BYTES)
            except files.UnsafeFile:
                continue
            hashes[relative] = hashlib.sha256(data).hexdigest()
    return dict(sorted(hashes.items()))


def version(name: str) -> str:
    """The installed version of package ``name``, read from its metadata (nothing imported:
    the check whether anything changed stays quick)."""
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "not installed"


def _named(files: Iterable[Path]) -> dict[str, str]:
    """``{name: sha256}``: the path from the project root, or the bare name for a file
    elsewhere (no machine-specific path enters the manifest)."""
    root = PROJECT_ROOT.resolve()
    named = {}
    for path in files:
        resolved = path.resolve()
        name = resolved.relative_to(root).as_posix() if resolved.is_relative_to(root) else path.name
        named[name] = hashlib.sha256(path.read_bytes()).hexdigest()
    return dict(sorted(named.items()))


def manifest(
    data: Mapping[str, str],
    templates: Iterable[Path],
    parameters: Mapping[str, Any],
    plan_file: Path = PLAN_FILE,
) -> dict[str, Any]:
    """What a build is made from: every input file's hash (``data``: the package's, from
    :func:`package_hashes`), parameters, code and versions.

    Deterministic on purpose: no paths outside the inputs' own folders, no clock. The only
    date is SOURCE_DATE_EPOCH when the caller sets one, which is how reproducible builds pin
    time.
    """
    book_files = [CONFIG_FILE, plan_file, *_tree_files(BOOK_DIR / "_static")]
    result: dict[str, Any] = {
        "inputs": {
            "data": dict(data),
            "notebooks": {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in templates},
            "book": _named(p for p in book_files if p.is_file()),
        },
        "parameters": {k: parameters[k] for k in sorted(parameters)},
        "environment": environment(),
    }
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        result["source_date_epoch"] = epoch
    # A JSON round trip with sorted keys: the same inputs always give the same object.
    return dict(json.loads(json.dumps(result, sort_keys=True)))


def environment() -> dict[str, Any]:
    """The code and the environment every notebook runs with: the package's own code, the
    lock file, Python, and the versions of the KEY_PACKAGES installed (which may differ from
    the lock's)."""
    lock = LOCK_FILE.read_bytes() if LOCK_FILE.is_file() else b""
    return {
        "talksbook": tree_hash(PACKAGE_DIR),
        "lock": hashlib.sha256(lock).hexdigest(),
        "python": platform.python_version(),
        "packages": {name: version(name) for name in sorted(KEY_PACKAGES)},
    }


def key(**parts: Any) -> str:
    """A stable hash of JSON-serialisable ``parts``."""
    text = json.dumps(parts, sort_keys=True, ensure_ascii=True, default=str)
    return hashlib.sha256(text.encode()).hexdigest()
