"""Every path the project uses, derived from one place: the project root."""

from __future__ import annotations

import os
from pathlib import Path

# The package lives in src/talksbook, so the project root is two levels up. An environment
# variable lets an installed copy point at a checkout elsewhere.
PROJECT_ROOT = Path(os.environ.get("TALKSBOOK_ROOT", Path(__file__).resolve().parents[2]))
DATA_DIR = PROJECT_ROOT / "data"
NOTEBOOKS_DIR = PROJECT_ROOT / "notebooks"
BOOK_DIR = PROJECT_ROOT / "book"
#: The book plan: title, root page and chapter order (`talksbook build --plan FILE` for another).
PLAN_FILE = BOOK_DIR / "plan.yml"
BUILD_DIR = PROJECT_ROOT / "_build"
CONFIG_FILE = PROJECT_ROOT / "_config.yml"
DESCRIPTOR_NAME = "datapackage.json"
