"""Faults, seen from the command line: each exits non-zero, says what happened, and leaves the
published book byte-identical (and no staging folder behind).

tests/test_pipeline.py covers the same ground through the Python API (failing cell, sys.exit,
os._exit, timeout, invalid data, SIGINT while executing, read-only folder); here the real
``talksbook build`` meets a corrupt template, broken cells, missing data, a full disk, SIGTERM
while executing and while compiling, and a second build into the same folder.
"""

from __future__ import annotations

import fcntl
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import nbformat
import pytest
from test_pipeline import snapshot

from talksbook.paths import PROJECT_ROOT
from talksbook.pipeline import LOCK_NAME

pytestmark = pytest.mark.slow


@pytest.fixture
def out(shipped_build, tmp_path: Path) -> Path:
    """An output folder holding a published book (a copy of the session's shipped build)."""
    copy = tmp_path / "out"
    shutil.copytree(shipped_build.html.parent, copy)
    return copy


def project(tmp_path: Path) -> Path:
    """A copy of the project's inputs; TALKSBOOK_ROOT points the CLI at it."""
    root = tmp_path / "project"
    for name in ("data", "notebooks", "book"):
        shutil.copytree(PROJECT_ROOT / name, root / name)
    for name in ("_config.yml", "requirements.lock"):
        shutil.copyfile(PROJECT_ROOT / name, root / name)
    return root


def talksbook(*args: str, root: Path | None = None) -> subprocess.Popen[str]:
    env = {**os.environ, **({"TALKSBOOK_ROOT": str(root)} if root else {})}
    return subprocess.Popen(
        [sys.executable, "-m", "talksbook", "build", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )


def run(*args: str, root: Path | None = None) -> tuple[int, str, str]:
    process = talksbook(*args, root=root)
    stdout, stderr = process.communicate(timeout=300)
    return process.returncode, stdout, stderr


def assert_untouched(out: Path, before: dict[str, str]) -> None:
    assert snapshot(out / "html") == before
    assert not list(out.glob(".stage-*")), "the staging folder was left behind"
    assert not list(out.glob(".html.previous-*"))


# --- templates and cells ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "content",
    [b'{"cells": [', b'{"cells": 5, "nbformat": 4}', b"\x89PNG\r\n"],
    ids=["truncated-json", "not-a-notebook", "binary"],
)
def test_a_corrupt_template_is_named(out: Path, tmp_path: Path, content: bytes):
    root = project(tmp_path)
    template = root / "notebooks" / "overview.ipynb"
    template.write_bytes(content)
    before = snapshot(out / "html")
    started = time.monotonic()
    code, _, stderr = run("--force", "--out", str(out), root=root)
    assert code == 1, stderr
    assert f"notebook template {template} is not a valid notebook" in stderr
    assert "restore it" in stderr
    assert time.monotonic() - started < 60, "checked before any notebook runs"
    assert_untouched(out, before)


@pytest.mark.parametrize(
    ("code", "words"),
    [
        # The two a kernel reports least clearly; test_pipeline.py has the others (exception,
        # timeout) through the API, which maps to the same exit path.
        ("import sys\nsys.exit(0)", "did not run to completion"),
        ("import os\nos._exit(1)", "overview.ipynb (chapter overview)"),
    ],
    ids=["sys-exit-0", "os-exit-1"],
)
def test_a_broken_cell_fails_the_command(out: Path, tmp_path: Path, code: str, words: str):
    root = project(tmp_path)
    path = root / "notebooks" / "overview.ipynb"
    notebook = nbformat.read(path, as_version=4)
    notebook.cells.insert(3, nbformat.v4.new_code_cell(code, id="broken"))
    nbformat.write(notebook, path)
    before = snapshot(out / "html")
    returncode, _, stderr = run("--force", "--jobs", "1", "--out", str(out), root=root)
    assert returncode == 1, stderr
    assert "talksbook: build failed: overview.ipynb (chapter overview)" in stderr
    assert words in stderr
    assert_untouched(out, before)


# --- data -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("missing", "words"),
    [
        ("topics.csv", "topics.csv: file is missing"),
        ("sources/article-ar.txt", "archived source sources/article-ar.txt does not exist"),
    ],
)
def test_a_missing_data_file_fails_the_command(
    out: Path, package_dir: Path, missing: str, words: str
):
    (package_dir / missing).unlink()
    before = snapshot(out / "html")
    code, _, stderr = run("--force", "--data", str(package_dir), "--out", str(out))
    assert code == 1, stderr
    assert words in stderr and "nothing was built" in stderr
    assert_untouched(out, before)


# --- the output folder ------------------------------------------------------------------------


def test_a_full_output_folder_fails_cleanly(shipped_build, tmp_path: Path):
    mount = tmp_path / "small-disk"
    mount.mkdir()
    published = shipped_build.html.parent
    used = sum(p.stat().st_size for p in published.rglob("*") if p.is_file())
    # Room for the published book plus 3 MB: the build runs out of space halfway.
    size = used + 3 * 1024 * 1024
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(mount)],
        capture_output=True,
        check=False,
    )
    if mounted.returncode:
        pytest.skip(f"cannot mount a small tmpfs here: {mounted.stderr.decode().strip()}")
    try:
        for name in ("html", "cache"):
            shutil.copytree(published / name, mount / name)
        before = snapshot(mount / "html")
        code, _, stderr = run("--force", "--out", str(mount))
        assert code == 1, stderr
        assert "No space left on device" in stderr
        assert_untouched(mount, before)
    finally:
        subprocess.run(["umount", str(mount)], check=True)


# --- signals ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sign", "phase", "code", "words"),
    [
        (signal.SIGTERM, ".stage-*/book/*.ipynb", 143, "terminated (SIGTERM)"),
        (signal.SIGTERM, ".stage-*/jb", 143, "terminated (SIGTERM)"),
    ],
    ids=["sigterm-executing", "sigterm-compiling"],
)
def test_a_signal_mid_build_publishes_nothing(
    out: Path, sign: signal.Signals, phase: str, code: int, words: str
):
    before = snapshot(out / "html")
    process = talksbook("--force", "--out", str(out))
    deadline = time.monotonic() + 120
    while not list(out.glob(phase)) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert list(out.glob(phase)), "the build never reached the phase to interrupt"
    process.send_signal(sign)
    _, stderr = process.communicate(timeout=120)
    assert process.returncode == code, stderr
    assert words in stderr and "the published book was left as it was" in stderr
    assert_untouched(out, before)


# --- two builds at once -----------------------------------------------------------------------


def test_a_second_build_into_a_locked_folder_is_refused(out: Path):
    before = snapshot(out / "html")
    with open(out / LOCK_NAME, "a+", encoding="utf-8") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        lock.seek(0)
        lock.truncate()
        lock.write("4242\n")
        lock.flush()
        code, _, stderr = run("--force", "--out", str(out))
    assert code == 1, stderr
    assert f"another build (pid 4242) is writing to {out}" in stderr
    assert_untouched(out, before)


def test_two_builds_started_at_once_do_not_corrupt_the_book(out: Path, shipped_build):
    # (The shipped build has its PDF copied in; these English builds print none, and keep the
    # Arabic edition, PDF included, as it was.)
    expected = {
        name
        for name in snapshot(shipped_build.html)
        if not (str(name).endswith(".pdf") and "/" not in str(name))
    }
    processes = [talksbook("--force", "--out", str(out)) for _ in range(2)]
    results = [(p, *p.communicate(timeout=300)) for p in processes]
    codes = sorted(p.returncode for p, _, _ in results)
    assert codes in ([0, 0], [0, 1]), [e for _, _, e in results]
    for process, _, stderr in results:
        if process.returncode:
            assert "another build" in stderr and "is writing to" in stderr, stderr
    # The published book is whole: every file, and a manifest matching the current inputs.
    assert set(snapshot(out / "html")) == expected
    assert not list(out.glob(".stage-*")) and not list(out.glob(".html.previous-*"))
    code, stdout, stderr = run("--out", str(out))
    assert code == 0 and "up to date" in stdout, stderr


# A kill or Ctrl-C at each step of the swap itself: tests/test_publish.py.
