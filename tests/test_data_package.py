"""Any data package the book accepts: valid by our validator, by the command line and by
Frictionless, typed as its descriptor says, every fact pointing at evidence.

These run on the corpora of tests/conftest.py (the shipped package and a generated one); the
shipped package's own contents are checked in tests/shipped/test_shipped_package.py.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from talksbook.data import Package, validate


def test_the_package_is_valid(corpus_dir: Path):
    assert validate(corpus_dir) == []


def test_cli_validate_exits_zero_on_the_package(corpus_dir: Path):
    result = subprocess.run(
        [sys.executable, "-m", "talksbook", "validate", str(corpus_dir)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "valid" in result.stdout


def test_frictionless_agrees_that_the_package_is_valid(corpus_dir: Path):
    import frictionless

    report = frictionless.Package(str(corpus_dir / "datapackage.json")).validate()
    assert report.valid, report.flatten(["rowNumber", "fieldName", "message"])


def test_types_are_real_types(corpus: Package):
    events = corpus["events"]
    assert str(events["date_earliest"].dtype).startswith("datetime64")
    assert str(events["latitude"].dtype) == "Float64"
    assert str(corpus["evidence"]["start"].dtype) == "Int64"
    # CAMEO codes keep their leading zero: text, not numbers.
    assert events["cameo"].map(lambda code: isinstance(code, str)).all()


def test_every_fact_bearing_row_points_at_evidence(corpus: Package):
    for name in ("events", "statements", "outcomes", "figures", "date_claims", "assessments"):
        assert (corpus[name]["evidence_id"] != "").all(), name
