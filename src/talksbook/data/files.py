"""A package's own files, read safely: each a regular file inside the package after symbolic
links are resolved, of bounded size, read without blocking.

Every file the book reads out of a data package, or publishes from it, comes through here. A
package is hostile until checked: ``ln -s /etc/passwd data/passwd.csv`` or a source archived
as a link to a file outside the package must not be read, let alone published; a FIFO must not
hang a build; a 3 GB file must not be read whole before anyone says it is too big.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path, PurePosixPath

#: The one file the book reads from a package besides its declared resources: the base map of
#: the venue charts (Natural Earth countries, vendored in data/geo).
BASE_MAP = "geo/countries-110m.json"
#: The largest table a package may hold (a million coded events fit in about 400 MB).
MAX_TABLE_BYTES = 1024**3
#: The largest of any other file: the descriptor, an archived source, the base map.
MAX_FILE_BYTES = 64 * 1024**2


class UnsafeFile(Exception):
    """A package file that cannot be read: missing, outside the package, not a regular file,
    or too large. ``problem`` and ``fix`` are ready for a :class:`Problem`."""

    def __init__(self, path: str, problem: str, fix: str, missing: bool = False) -> None:
        super().__init__(f"{path}: {problem}. Fix: {fix}")
        self.path, self.problem, self.fix, self.missing = path, problem, fix, missing


def safe_relative(path: str) -> bool:
    """A data path must stay inside the package: relative, no '..', no backslashes."""
    pure = PurePosixPath(path)
    return bool(path) and "\\" not in path and not pure.is_absolute() and ".." not in pure.parts


def checked_path(folder: Path, relative: str, limit: int = MAX_FILE_BYTES) -> Path:
    """The real path of ``relative`` inside ``folder``; raises :class:`UnsafeFile` unless it
    is a regular file of at most ``limit`` bytes inside the package, links resolved."""
    if not isinstance(relative, str) or not safe_relative(relative):
        raise UnsafeFile(
            str(relative), "points outside the package", "use a relative path inside the package"
        )
    root = folder.resolve()
    path = (folder / relative).resolve()
    if not path.is_relative_to(root):
        raise UnsafeFile(
            relative,
            "is a link to a file outside the package",
            "copy the file into the package instead of linking to it",
        )
    try:
        status = path.stat()
    except FileNotFoundError:
        raise UnsafeFile(relative, "file is missing", "restore the file", missing=True) from None
    except OSError as error:
        raise UnsafeFile(
            relative, f"cannot be read ({error.strerror})", "fix its permissions"
        ) from None
    _check_status(relative, status, limit)
    return path


def read_bytes(folder: Path, relative: str, limit: int = MAX_FILE_BYTES) -> bytes:
    """The bytes of ``relative`` inside ``folder`` (see :func:`checked_path`)."""
    path = checked_path(folder, relative, limit)
    # Opened without following a link or waiting on a FIFO, and checked again once open: the
    # file may have been swapped since it was looked at.
    flags = os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOFOLLOW", 0)
    try:
        descriptor = os.open(path, flags)
    except OSError as error:
        raise UnsafeFile(relative, f"cannot be read ({error.strerror})", "fix the file") from None
    with os.fdopen(descriptor, "rb") as handle:
        _check_status(relative, os.fstat(descriptor), limit)
        data = handle.read(limit + 1)
    _check_size(relative, len(data), limit)  # it may have grown since
    return data


def _check_status(relative: str, status: os.stat_result, limit: int) -> None:
    if not stat.S_ISREG(status.st_mode):
        raise UnsafeFile(
            relative,
            "is not a regular file (a folder, a FIFO or a device)",
            "put a plain file at that path",
        )
    _check_size(relative, status.st_size, limit)


def _check_size(relative: str, size: int, limit: int) -> None:
    if size > limit:
        raise UnsafeFile(
            relative,
            f"is more than the {limit:,} bytes a package file may hold",
            "split the data or remove the file from the package",
        )
