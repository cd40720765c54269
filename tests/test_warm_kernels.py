"""Warm kernels (talksbook.kernels): chapters executed in kernels forked from one zygote give
the same notebooks as cold kernels, fail the same way, share nothing, and leave no process."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import nbformat
import psutil
import pytest

from talksbook import kernels
from talksbook.execute import NotebookFailed, execute
from talksbook.paths import PROJECT_ROOT
from talksbook.pipeline import BuildOptions, build_editions
from talksbook.plan import Chapter

#: What a kernel process looks like from outside: a new session, the working directory and
#: search path python -m ipykernel_launcher gives it, its environment, signal handlers, threads,
#: open files and standard input.
PROBE = """\
import os, re, signal, sys, threading
print(os.getcwd(), sys.path, os.path.basename(sys.argv[0]), len(sys.argv), sys.flags)
print(sorted(os.environ), os.environ["JPY_PARENT_PID"])
print([signal.getsignal(s) for s in (signal.SIGINT, signal.SIGTERM, signal.SIGCHLD,
      signal.SIGPIPE, signal.SIGHUP)])
print(os.getsid(0) == os.getpid(), sorted(t.name for t in threading.enumerate()))
fds = []
for fd in os.listdir("/proc/self/fd"):
    try:
        fds.append(re.sub("[0-9]+", "N", os.readlink(f"/proc/self/fd/{fd}")))
    except OSError:
        pass  # the listing's own, closed since
print(sorted(fds))
print(sys.modules["__main__"].__name__, os.read(0, 1))
"""


@pytest.fixture
def mode(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Each test says which kernels it wants; none inherits the caller's choice."""
    monkeypatch.delenv(kernels.MODE_ENV, raising=False)
    yield


def chapter(folder: Path, name: str, *cells: str) -> Chapter:
    """A chapter template: a title, a parameters cell and ``cells``."""
    notebook = nbformat.v4.new_notebook()
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3"}
    notebook.cells = [
        nbformat.v4.new_markdown_cell("# title", id="title"),
        nbformat.v4.new_code_cell(
            "lang = 'en'", id="parameters", metadata={"tags": ["parameters"]}
        ),
        *(nbformat.v4.new_code_cell(code, id=f"cell-{i}") for i, code in enumerate(cells)),
    ]
    path = folder / f"{name}.ipynb"
    nbformat.write(notebook, path)
    return Chapter(name, path, name.title())


def run(template: Chapter, out: Path, timeout: int = 600) -> str:
    """Execute ``template`` as the build does; the text its last cell printed."""
    written = execute(template, out / f"{template.name}.ipynb", {}, timeout, cwd=PROJECT_ROOT)
    last = nbformat.read(written, as_version=4).cells[-1]
    return "".join(o.get("text", "") for o in last.outputs)


def cold(template: Chapter, out: Path, **kwargs: int) -> str:
    assert kernels.active() is None
    return run(template, out, **kwargs)


def test_a_forked_kernel_looks_like_a_cold_one(tmp_path: Path, mode: None):
    probe = chapter(tmp_path, "probe", PROBE)
    (tmp_path / "cold").mkdir()
    (tmp_path / "warm").mkdir()
    expected = cold(probe, tmp_path / "cold")
    with kernels.warm_kernels(lambda _: None) as pool:
        assert pool is not None
        assert run(probe, tmp_path / "warm") == expected
        assert pool.forked == 1
    assert str(PROJECT_ROOT) in expected and "True" in expected  # (it printed what it should)


def test_what_the_zygote_s_imports_set_in_the_environment_stays_set(
    tmp_path: Path, mode: None, monkeypatch: pytest.MonkeyPatch
):
    # A module that sets a variable as it is imported (debugpy does): imported by a cold
    # kernel, the variable is set whatever the kernel's environment; so in a warm one.
    (tmp_path / "sets_env.py").write_text("import os\nos.environ['SET_BY_IMPORT'] = 'yes'\n")
    monkeypatch.setenv("PYTHONPATH", f"{tmp_path}{os.pathsep}{os.environ.get('PYTHONPATH', '')}")
    monkeypatch.setattr(kernels, "WARM_MODULES", (*kernels.WARM_MODULES, "sets_env"))
    probe = chapter(
        tmp_path, "probe", "import os, sets_env\nprint(os.environ.get('SET_BY_IMPORT'))"
    )
    assert cold(probe, tmp_path) == "yes\n"
    with kernels.warm_kernels(lambda _: None) as pool:
        assert run(probe, tmp_path) == "yes\n"
        assert pool is not None and pool.forked == 1


def test_each_notebook_gets_a_fresh_kernel(tmp_path: Path, mode: None):
    # A module global, a library option and a random state changed by one notebook: the next
    # one sees the stack as it was imported, and draws other random numbers.
    first = chapter(
        tmp_path,
        "first",
        "import random, numpy, pandas, talksbook.words as words\n"
        "words.LEAKED = 'first'\npandas.set_option('display.max_rows', 3)\n"
        "print(random.random(), numpy.random.random())",
    )
    second = chapter(
        tmp_path,
        "second",
        "import random, numpy, pandas, talksbook.words as words\n"
        "print(getattr(words, 'LEAKED', None), pandas.get_option('display.max_rows'))\n"
        "print(random.random(), numpy.random.random())",
    )
    with kernels.warm_kernels(lambda _: None) as pool:
        assert pool is not None
        drawn = run(first, tmp_path)
        seen, drawn_next = run(second, tmp_path).splitlines()
        assert pool.forked == 2
    assert seen == "None 60"
    assert drawn.split()[0] != drawn_next.split()[0]  # Python's random
    assert drawn.split()[1] != drawn_next.split()[1]  # NumPy's


@pytest.mark.parametrize(
    ("code", "timeout"),
    [("import os\nos._exit(1)", 600), ("import time\ntime.sleep(60)", 3)],
    ids=["crash", "timeout"],
)
def test_a_failing_kernel_fails_as_a_cold_one_and_the_zygote_lives_on(
    tmp_path: Path, mode: None, code: str, timeout: int
):
    broken = chapter(tmp_path, "broken", "x = 1", code, "print('after')")
    fine = chapter(tmp_path, "fine", "print('fine')")
    with pytest.raises(NotebookFailed) as cold_failure:
        cold(broken, tmp_path, timeout=timeout)
    with kernels.warm_kernels(lambda _: None) as pool:
        assert pool is not None
        with pytest.raises(NotebookFailed) as warm_failure:
            run(broken, tmp_path, timeout=timeout)
        zygote = pool.zygote_pid
        assert zygote is not None
        assert run(fine, tmp_path) == "fine\n"
        assert pool.zygote_pid == zygote and pool.forked == 2
    assert str(warm_failure.value) == str(cold_failure.value)


def test_kernels_start_cold_when_the_zygote_cannot_serve_them(
    tmp_path: Path, mode: None, monkeypatch: pytest.MonkeyPatch
):
    fine = chapter(tmp_path, "fine", "print('fine')")
    said: list[str] = []
    # An environment the zygote was not started with: its imports may not be the kernel's.
    with kernels.warm_kernels(said.append) as pool:
        assert pool is not None and run(fine, tmp_path) == "fine\n"
        monkeypatch.setenv("PYTHONHASHSEED", "7")
        assert run(fine, tmp_path) == "fine\n"
        assert pool.forked == 1
    assert said == [
        "A kernel whose environment differs from the zygote's (PYTHONHASHSEED) starts cold."
    ]
    monkeypatch.delenv("PYTHONHASHSEED")
    # A zygote that died.
    said.clear()
    with kernels.warm_kernels(said.append) as pool:
        assert pool is not None and run(fine, tmp_path) == "fine\n"
        zygote = pool.zygote_pid
        assert zygote is not None
        os.kill(zygote, signal.SIGKILL)
        assert run(fine, tmp_path) == "fine\n" and pool.forked == 1
    assert len(said) == 1 and said[0].startswith("Warm kernels unavailable (the zygote failed")
    # A zygote that cannot import the stack.
    said.clear()
    monkeypatch.setattr(kernels, "WARM_MODULES", (*kernels.WARM_MODULES, "no_such_module"))
    with kernels.warm_kernels(said.append) as pool:
        assert pool is not None and run(fine, tmp_path) == "fine\n" and pool.forked == 0
    assert len(said) == 1 and "No module named 'no_such_module'" in said[0]
    assert said[0].startswith("Warm kernels unavailable (the zygote did not start")


@pytest.mark.parametrize(("value", "reported"), [("cold", 0), ("lukewarm", 1)])
def test_the_environment_can_ask_for_cold_kernels(
    monkeypatch: pytest.MonkeyPatch, value: str, reported: int
):
    monkeypatch.setenv(kernels.MODE_ENV, value)
    said: list[str] = []
    with kernels.warm_kernels(said.append) as pool:
        assert pool is None and kernels.active() is None
    assert len(said) == reported
    assert all(
        s == "TALKSBOOK_KERNELS='lukewarm' is not one of warm, cold: kernels start cold."
        for s in said
    )


def descendants() -> list[psutil.Process]:
    return psutil.Process().children(recursive=True)


@pytest.mark.slow
def test_warm_and_cold_builds_execute_identical_notebooks(
    corpus_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    """Both editions of the corpus's book, with cold kernels and with warm ones: every
    executed notebook is byte-identical, and the warm build leaves no process behind."""
    executed: dict[str, dict[str, bytes]] = {}
    for kind in ("cold", "warm"):
        monkeypatch.setenv(kernels.MODE_ENV, kind)
        out = tmp_path / kind
        options = BuildOptions(data=corpus_dir, out=out, report=lambda _: None)
        with kernels.warm_kernels(lambda _: None) as pool:
            results = build_editions(options, ["en", "ar"])
            assert (pool is None) == (kind == "cold")
            if pool is not None:
                assert pool.forked == sum(r.executed for r in results) > 0
        assert descendants() == []
        executed[kind] = {
            p.relative_to(out).as_posix(): p.read_bytes()
            for p in sorted((out / "cache").rglob("*.ipynb"))
        }
    assert sorted(executed["warm"]) == sorted(executed["cold"])
    assert {"cache/en", "cache/ar"} == {name.rsplit("/", 1)[0] for name in executed["cold"]}
    different = [
        name for name in executed["cold"] if executed["cold"][name] != executed["warm"][name]
    ]
    assert different == []


@pytest.mark.slow
def test_no_zygote_or_kernel_outlives_a_killed_build(tmp_path: Path, mode: None):
    build = subprocess.Popen(
        [sys.executable, "-m", "talksbook", "build", "--force", "--out", str(tmp_path / "out")],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        # Wait for the zygote and a kernel forked from it.
        deadline = time.monotonic() + 300
        seen: list[psutil.Process] = []
        while time.monotonic() < deadline and build.poll() is None:
            family = psutil.Process(build.pid).children(recursive=True)
            zygotes = [p for p in family if "talksbook.kernels" in " ".join(_cmdline(p))]
            if zygotes and zygotes[0].children():
                seen = family
                break
            time.sleep(0.2)
        assert seen, "the build ended before a kernel was forked"
        # The zygote's command line: python -c CODE ADDRESS READY MODULE...
        folder = Path(_cmdline(zygotes[0])[3]).parent
        assert folder.is_dir()
        os.kill(build.pid, signal.SIGKILL)
        build.wait()
        deadline = time.monotonic() + 30
        while any(map(_running, seen)) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert [p for p in seen if _running(p)] == [] and len(seen) >= 2
        assert not folder.exists()  # its socket's folder
    finally:
        if build.poll() is None:
            build.kill()
            build.wait()


def _running(process: psutil.Process) -> bool:
    try:
        return process.is_running() and process.status() != psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return False


def _cmdline(process: psutil.Process) -> list[str]:
    try:
        return process.cmdline()
    except psutil.Error:
        return []
