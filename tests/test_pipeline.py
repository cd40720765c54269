"""The build pipeline: caching, and every failure leaving the published book untouched."""

from __future__ import annotations

import hashlib
import json
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import nbformat
import pytest
from conftest import set_cell

from talksbook.data import ValidationError
from talksbook.execute import NotebookFailed
from talksbook.paths import DATA_DIR, NOTEBOOKS_DIR
from talksbook.pipeline import BuildOptions, build

pytestmark = pytest.mark.slow
QUIET = {"report": lambda _: None}


def snapshot(folder: Path) -> dict[str, str]:
    """Every file under ``folder`` with its hash: 'byte-identical' made checkable."""
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


@pytest.fixture(scope="module")
def published(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An output folder holding a successfully built book."""
    out = tmp_path_factory.mktemp("published")
    build(BuildOptions(data=DATA_DIR, out=out, **QUIET))
    return out


@pytest.fixture
def out(published: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "out"
    shutil.copytree(published, copy)
    return copy


def broken_notebooks(tmp_path: Path, code: str) -> Path:
    """Templates where the overview notebook runs ``code`` after its setup cell."""
    folder = tmp_path / "notebooks"
    shutil.copytree(NOTEBOOKS_DIR, folder)
    notebook = nbformat.read(folder / "overview.ipynb", as_version=4)
    notebook.cells.insert(3, nbformat.v4.new_code_cell(code, id="broken"))
    nbformat.write(notebook, folder / "overview.ipynb")
    return folder


def test_no_change_rebuild_does_nothing(out: Path):
    result = build(BuildOptions(data=DATA_DIR, out=out, **QUIET))
    assert result.up_to_date and result.executed == 0


def test_changing_a_value_reexecutes_and_shows_it(out: Path, package_dir: Path):
    build(BuildOptions(data=package_dir, out=out, **QUIET))
    assert "95 minutes" not in (out / "html" / "calls.html").read_text(encoding="utf-8")
    set_cell(package_dir, "figures", "fig-call-duration-90", "value", "95")
    result = build(BuildOptions(data=package_dir, out=out, **QUIET))
    assert result.executed == result.pages and not result.up_to_date
    assert "95 minutes" in (out / "html" / "calls.html").read_text(encoding="utf-8")
    again = build(BuildOptions(data=package_dir, out=out, **QUIET))
    assert again.up_to_date


def test_a_reverted_edit_finds_its_notebooks_in_the_cache(out: Path, package_dir: Path):
    # The cache is keyed on content: the edit executes every chapter (the data changed), the
    # revert executes only the one page that is new (what changed since the edition with 95
    # minutes: the revert), and the book shows the original value again.
    build(BuildOptions(data=package_dir, out=out, **QUIET))  # (another folder: executes)
    line = set_cell(package_dir, "figures", "fig-call-duration-90", "value", "95")
    assert line and build(BuildOptions(data=package_dir, out=out, **QUIET)).executed > 0
    set_cell(package_dir, "figures", "fig-call-duration-90", "value", "90")
    reverted = build(BuildOptions(data=package_dir, out=out, **QUIET))
    assert reverted.executed == 1 and reverted.cached == reverted.pages - 1
    assert "95 minutes" not in (out / "html" / "calls.html").read_text(encoding="utf-8")
    changes = (out / "html" / "changes.html").read_text(encoding="utf-8")
    assert "The amount was 95 minutes; it is now 90 minutes" in changes


def test_a_library_upgraded_in_place_rebuilds_the_book(out: Path, monkeypatch):
    # The lock file is as it was, but the Altair installed is not the one the book was built
    # with: nothing is up to date, every chapter runs again, and build.json says which.
    from talksbook import fingerprint

    installed = fingerprint.version
    monkeypatch.setattr(
        fingerprint, "version", lambda name: "99.0" if name == "altair" else installed(name)
    )
    result = build(BuildOptions(data=DATA_DIR, out=out, **QUIET))
    assert not result.up_to_date and result.executed == result.pages
    manifest = json.loads((out / "html" / "build.json").read_text(encoding="utf-8"))
    assert manifest["environment"]["packages"]["altair"] == "99.0"


def test_the_cache_keeps_a_few_copies_per_chapter_and_no_other_chapters(tmp_path: Path):
    from talksbook.pipeline import CACHE_COPIES, _cached, _store

    notebook = tmp_path / "executed.ipynb"
    notebook.write_text("{}", encoding="utf-8")
    cache = tmp_path / "cache"
    cache.mkdir()
    _store(cache, "meeting-a-b", "f" * 64, notebook)
    for digit in "0123456789"[: CACHE_COPIES + 2]:
        _store(cache, "meeting-a", digit * 64, notebook)
        time.sleep(0.01)  # distinct modification times
    kept = _cached(cache, "meeting-a")
    assert [p.name[len("meeting-a-") : len("meeting-a-") + 1] for p in kept] == list(
        "0123456789"[2 : CACHE_COPIES + 2]
    )[::-1]
    assert _cached(cache, "meeting-a-b") == [cache / f"meeting-a-b-{'f' * 64}.ipynb"]


@pytest.mark.parametrize(
    ("code", "words"),
    [
        ("raise ValueError('boom in a cell')", "ValueError: boom in a cell"),
        ("import sys\nsys.exit(0)", "did not run to completion"),
        ("import os\nos._exit(1)", "overview"),
        ("import time\ntime.sleep(60)", "overview"),
    ],
)
def test_a_failing_notebook_publishes_nothing(out: Path, tmp_path: Path, code: str, words: str):
    before = snapshot(out / "html")
    options = BuildOptions(
        data=DATA_DIR,
        out=out,
        notebooks=broken_notebooks(tmp_path, code),
        timeout=3,
        force=True,
        **QUIET,
    )
    with pytest.raises(NotebookFailed) as error:
        build(options)
    assert "overview.ipynb" in str(error.value) and words in str(error.value)
    assert snapshot(out / "html") == before
    assert not list(out.glob(".stage-*"))


def test_invalid_data_publishes_nothing(out: Path, package_dir: Path):
    before = snapshot(out / "html")
    (package_dir / "topics.csv").unlink()
    with pytest.raises(ValidationError) as error:
        build(BuildOptions(data=package_dir, out=out, force=True, **QUIET))
    assert any("topics.csv" in str(p) and "missing" in str(p) for p in error.value.problems)
    assert snapshot(out / "html") == before


def test_interrupt_mid_build_publishes_nothing(out: Path):
    before = snapshot(out / "html")
    build_process = subprocess.Popen(
        [sys.executable, "-m", "talksbook", "build", "--force", "--out", str(out)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + 60
    while not list(out.glob(".stage-*/book/*.ipynb")) and time.monotonic() < deadline:
        time.sleep(0.1)
    build_process.send_signal(signal.SIGINT)
    _, stderr = build_process.communicate(timeout=60)
    assert build_process.returncode == 130, stderr
    assert "interrupted" in stderr
    assert snapshot(out / "html") == before
    assert not list(out.glob(".stage-*"))


def test_read_only_output_folder_fails_cleanly(out: Path):
    before = snapshot(out / "html")
    # Root ignores permission bits, so the folder is made immutable instead.
    if subprocess.run(["chattr", "+i", str(out)], capture_output=True, check=False).returncode:
        pytest.skip("chattr +i is not supported on this file system")
    try:
        result = subprocess.run(
            [sys.executable, "-m", "talksbook", "build", "--force", "--out", str(out)],
            capture_output=True,
            text=True,
            check=False,
        )
    finally:
        subprocess.run(["chattr", "-i", str(out)], check=True)
    assert result.returncode == 1, result.stderr
    assert "Operation not permitted" in result.stderr and str(out) in result.stderr
    assert snapshot(out / "html") == before
