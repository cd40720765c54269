"""Property tests: any valid text value survives loading exactly as written."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from conftest import set_cell
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from talksbook.data import load, validate
from talksbook.data.reading import HIDDEN
from talksbook.paths import DATA_DIR

# Any Unicode text except what validation rejects by design (hidden characters) and a bare
# carriage return, which is a line ending and is normalised to LF.
valid_text = st.text(
    alphabet=st.characters(exclude_categories=["Cs"], exclude_characters="\r"), min_size=1
).filter(lambda s: not HIDDEN.search(s))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(value=valid_text)
def test_any_valid_text_survives_load_unchanged(value: str):
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch) / "data"
        shutil.copytree(DATA_DIR, folder)
        set_cell(folder, "topics", "energy", "description_en", value)
        assert validate(folder) == []
        assert load(folder)["topics"].set_index("id").loc["energy", "description_en"] == value


@settings(max_examples=40, deadline=None)
@given(value=st.text(min_size=1).filter(lambda s: "\r" not in s and HIDDEN.search(s)))
def test_hidden_characters_are_always_reported(value: str):
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch) / "data"
        shutil.copytree(DATA_DIR, folder)
        line = set_cell(folder, "topics", "energy", "description_en", value)
        problems = validate(folder)
        assert any(p.line == line and p.column == "description_en" for p in problems)
