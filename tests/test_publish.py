"""Publishing: every edition of a build goes out in one step, and the next build puts right
whatever a killed one left.

The first tests kill (SIGKILL, in a forked child) the publishing code just before each change
it makes to the file system in turn, the first, the second, … until one run ends without
being killed; after each kill the next build's start-up (`recover`) runs, and the book it
leaves must be whole: both editions from one build, OUT/pdf/ holding that build's PDFs, no
staging folder, half-made link or second release left. The later tests build real books:
a killed build's staging folder goes at the next start, and an edition asked for after a data
change is not published beside another edition still built from the old data.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import set_cell

from talksbook import cli, fingerprint, pipeline
from talksbook.paths import DATA_DIR
from talksbook.pipeline import LANGUAGES, MANIFEST, BuildOptions, build_editions, edition_dir

#: What changes the file system, as the publishing code (and shutil, pathlib) call it.
STEPS = ("mkdir", "rename", "replace", "symlink", "link", "unlink", "rmdir")


def write_book(folder: Path, build: str) -> None:
    """A whole book from build ``build``: both editions, each with its manifest and PDF."""
    for lang in LANGUAGES:
        edition = folder if lang == LANGUAGES[0] else folder / lang
        (edition / "_static").mkdir(parents=True, exist_ok=True)
        (edition / "index.html").write_text(build, encoding="utf-8")
        (edition / "_static" / "page.js").write_text(build, encoding="utf-8")
        (edition / MANIFEST).write_text(json.dumps({"build": build}), encoding="utf-8")
        name = "book.pdf" if lang == LANGUAGES[0] else f"book.{lang}.pdf"
        (edition / name).write_text(f"{build} {lang}", encoding="utf-8")


def published(out: Path) -> str:
    """The build whose book ``out`` publishes, after checking that the book is whole."""
    builds = set()
    for lang in LANGUAGES:
        edition = edition_dir(out, lang)
        build = (edition / "index.html").read_text(encoding="utf-8")
        assert (edition / "_static" / "page.js").read_text(encoding="utf-8") == build
        assert json.loads((edition / MANIFEST).read_text(encoding="utf-8")) == {"build": build}
        (copy,) = edition.glob("*.pdf")
        assert (out / "pdf" / copy.name).read_text(encoding="utf-8") == f"{build} {lang}"
        builds.add(build)
    assert len(builds) == 1, builds
    assert (out / "html").is_symlink()
    assert len(list((out / pipeline.RELEASES).iterdir())) == 1
    left = sorted(p.name for p in out.iterdir())
    assert left == ["html", "pdf", pipeline.RELEASES], left
    assert sorted(p.name for p in (out / "pdf").iterdir()) == ["book.ar.pdf", "book.pdf"]
    return builds.pop()


def killed_at(step: int, action: Callable[[], object]) -> bool:
    """Run ``action`` in a child process that is killed (SIGKILL) just before its ``step``-th
    change to the file system; whether it was killed (rather than done)."""
    child = os.fork()
    if child == 0:  # (the child never returns: it ends by os._exit or by the kill)
        count = 0

        def counted(change: Callable[..., object]) -> Callable[..., object]:
            def call(*args: object, **kwargs: object) -> object:
                nonlocal count
                count += 1
                if count == step:
                    os.kill(os.getpid(), signal.SIGKILL)
                return change(*args, **kwargs)

            return call

        try:
            for name in STEPS:
                setattr(os, name, counted(getattr(os, name)))
            action()
        except BaseException:
            os._exit(1)
        os._exit(0)
    _, status = os.waitpid(child, 0)
    assert not os.WIFEXITED(status) or os.WEXITSTATUS(status) == 0, "the action failed"
    return os.WIFSIGNALED(status)


def seen(out: Path) -> str:
    """The build whose pages a reader opening the published book sees, in every edition."""
    builds = {(edition_dir(out, lang) / "index.html").read_text("utf-8") for lang in LANGUAGES}
    assert len(builds) == 1, builds
    return builds.pop()


def kill_at_every_step(
    setup: Callable[[Path], Callable[[], object]], tmp_path: Path, atomic: bool = True
) -> dict[int, str]:
    """For each step of the action ``setup(out)`` returns: kill it there, recover, and return
    the build published each time (the last: the action was not killed). If ``atomic``, a
    reader sees one whole book even before the recovery, at the moment of the kill."""
    outcomes = {}
    for step in range(1, 200):
        out = tmp_path / f"out-{step}"
        action = setup(out)
        killed = killed_at(step, action)
        before = seen(out) if atomic else None
        pipeline.recover(out)
        assert before in {None, published(out)}
        outcomes[step] = published(out)
        if not killed:
            return outcomes
    raise AssertionError("the action never ended")


def old_book(out: Path) -> None:
    """``out`` publishing the "old" book, as this tool publishes it."""
    out.mkdir(parents=True)
    write_book(out / ".stage-1" / "release", "old")
    pipeline._publish(out / ".stage-1" / "release", out)
    shutil.rmtree(out / ".stage-1")


def test_a_kill_at_any_step_of_publishing_leaves_one_whole_book(tmp_path: Path):
    def publish_new(out: Path) -> Callable[[], object]:
        old_book(out)
        # The new book as a build leaves it in its stage, and the copies a build makes.
        write_book(out / ".stage-4242" / "release", "new")
        (out / ".previous-en").mkdir()
        return lambda: pipeline._publish(out / ".stage-4242" / "release", out)

    outcomes = kill_at_every_step(publish_new, tmp_path)
    # Each kill leaves the old book or the new one: at first the old, then (once the link
    # was replaced) the new; never a mix, never none.
    order = list(outcomes.values())
    assert order[0] == "old" and order[-1] == "new"
    assert order == sorted(order, key=["old", "new"].index)
    assert len(outcomes) > 4  # (the child did meet the steps)


def test_a_book_of_the_earlier_layout_is_adopted_whole_whenever_killed(tmp_path: Path):
    """The tool before releases published OUT/html as a folder (the Arabic edition inside
    it); its swap could leave the old book renamed aside. Both become this layout."""

    def earlier(out: Path) -> Callable[[], object]:
        write_book(out / "html", "old")
        (out / "pdf").mkdir()
        for copy in [*(out / "html").glob("*.pdf"), *(out / "html" / "ar").glob("*.pdf")]:
            shutil.copy(copy, out / "pdf")
        return lambda: pipeline.recover(out)

    # (Adopting a folder takes two renames: in between, only the recovery shows the book.)
    assert set(kill_at_every_step(earlier, tmp_path, atomic=False).values()) == {"old"}

    # A kill between the two renames of the earlier swap, for the main edition and another.
    for moved in ("html", "html/ar"):
        out = tmp_path / moved.replace("/", "-")
        earlier(out)
        aside = out / moved
        aside.rename(aside.with_name(f".{aside.name}.previous-4242"))
        pipeline.recover(out)
        assert published(out) == "old"


def test_an_interrupted_swap_says_what_was_published(tmp_path: Path, monkeypatch):
    """Ctrl-C after the new link replaced OUT/html: the new book is out, and the command
    must not say the old one was left as it was."""
    out = tmp_path / "out"
    old_book(out)
    write_book(out / ".stage-4242" / "release", "new")

    def interrupted(*_: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(pipeline, "_tidy", interrupted)
    with pytest.raises(KeyboardInterrupt) as raised:
        pipeline._publish(out / ".stage-4242" / "release", out)
    assert "the new book had already been published" in cli._left(raised.value)
    monkeypatch.undo()
    pipeline.recover(out)
    assert published(out) == "new"
    # Stopped before the link was replaced: the old book is published, and said to be.
    write_book(out / ".stage-4242" / "release", "newer")
    monkeypatch.setattr(pipeline, "_point", interrupted)
    with pytest.raises(KeyboardInterrupt) as raised:
        pipeline._publish(out / ".stage-4242" / "release", out)
    assert cli._left(raised.value) == "the published book was left as it was"
    monkeypatch.undo()
    pipeline.recover(out)
    assert published(out) == "new"


# --- real builds --------------------------------------------------------------------------------

QUIET = {"report": lambda _: None}


@pytest.fixture(scope="module")
def both(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A data package and an output folder publishing both editions of its book."""
    root = tmp_path_factory.mktemp("both")
    shutil.copytree(DATA_DIR, root / "data")
    build_editions(BuildOptions(data=root / "data", out=root / "out", **QUIET), ["en", "ar"])
    return root / "data", root / "out"


@pytest.fixture
def copy(both: tuple[Path, Path], tmp_path: Path) -> tuple[Path, Path]:
    data, out = both
    shutil.copytree(data, tmp_path / "data")
    shutil.copytree(out, tmp_path / "out", symlinks=True)
    return tmp_path / "data", tmp_path / "out"


def inputs(edition: Path) -> dict[str, object]:
    """What the edition's build.json says it was built from."""
    record = json.loads((edition / MANIFEST).read_text(encoding="utf-8"))
    return {name: record.get(name) for name in ("inputs", "parameters", "environment")}


@pytest.mark.slow
def test_a_killed_build_is_tidied_away_by_the_next_one(
    both: tuple[Path, Path], copy: tuple[Path, Path]
):
    # (The data where the book was built from: the chapters' keys hold the data's folder.)
    data, out = both[0], copy[1]
    command = [sys.executable, "-m", "talksbook", "build", "--lang", "en,ar", "--data", str(data)]
    process = subprocess.Popen(
        [*command, "--force", "--out", str(out)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 120
    while not list(out.glob(".stage-*/book/*.ipynb")) and time.monotonic() < deadline:
        time.sleep(0.05)
    process.kill()  # SIGKILL: no clean-up runs
    process.wait(timeout=60)
    assert list(out.glob(".stage-*")), "the build was killed before it staged anything"
    result = subprocess.run(
        [*command, "--out", str(out)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0 and result.stdout.count("up to date") == 2, result.stderr
    assert not list(out.glob(".stage-*")) and not list(out.glob(".previous-*"))
    assert inputs(out / "html") == inputs(out / "html" / "ar")


@pytest.mark.slow
def test_one_edition_after_a_data_change_rebuilds_the_other(copy: tuple[Path, Path]):
    data, out = copy
    set_cell(data, "figures", "fig-call-duration-90", "value", "95")
    english, arabic = build_editions(BuildOptions(data=data, out=out, **QUIET), ["en"])
    assert (english.lang, arabic.lang, arabic.rebuilt) == ("en", "ar", True)
    assert not english.up_to_date and arabic.executed > 0
    # Both editions say the new value, and both were built from the data as they are now.
    assert "95 minutes" in (out / "html" / "calls.html").read_text(encoding="utf-8")
    assert "٩٥ دقيقة" in (out / "html" / "ar" / "calls.html").read_text(encoding="utf-8")
    assert inputs(out / "html") == inputs(out / "html" / "ar")
    assert (
        inputs(out / "html")["inputs"]["data"]["figures.csv"]
        == (  # type: ignore[index]
            fingerprint.package_hashes(data, ["figures.csv"])["figures.csv"]
        )
    )
    # And nothing is left to do for either.
    again = build_editions(BuildOptions(data=data, out=out, **QUIET), ["en"])
    assert [r.up_to_date for r in again] == [True]
