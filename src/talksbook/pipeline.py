"""data/ → papermill → Jupyter Book → HTML, built in a staging folder and published by a swap."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from . import plan
from .data import load
from .execute import execute
from .paths import BOOK_DIR, BUILD_DIR, CONFIG_FILE, DATA_DIR, DESCRIPTOR_NAME
from .render import write_vega_bundle


@dataclass
class BuildOptions:
    """What to build, from which data, where."""

    data: Path = DATA_DIR
    out: Path = BUILD_DIR
    parameters: dict[str, Any] = field(default_factory=dict)
    jobs: int = os.cpu_count() or 1
    report: Callable[[str], None] = print


class BuildFailed(RuntimeError):
    """The build stopped; nothing was published. The message names the cause."""


def build(options: BuildOptions) -> Path:
    """Build the HTML book and publish it at ``out/html``; return that path."""
    report = options.report
    package = load(options.data)
    chapters = plan.chapters(package)
    out = options.out.resolve()
    out.mkdir(parents=True, exist_ok=True)
    stage = out / f".stage-{os.getpid()}"
    shutil.rmtree(stage, ignore_errors=True)
    try:
        source = stage / "book"
        source.mkdir(parents=True)
        parameters = {"data_dir": str(options.data.resolve()), **options.parameters}
        _execute_all(chapters, source, parameters, options.jobs, report)
        _stage_book(source, chapters, options.data)
        report("Jupyter Book: building HTML …")
        html = _jupyter_book(source, stage / "jb")
        return _publish(html, out / "html")
    finally:
        shutil.rmtree(stage, ignore_errors=True)


def _execute_all(
    chapters: list[plan.Chapter],
    folder: Path,
    parameters: dict[str, Any],
    jobs: int,
    report: Callable[[str], None],
) -> None:
    """Execute every chapter, several at once; the first failure stops the build."""
    total = len(chapters)
    with ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
        futures = {
            pool.submit(execute, c, folder / f"{c.name}.ipynb", parameters): c for c in chapters
        }
        for done, future in enumerate(as_completed(futures), start=1):
            future.result()
            report(f"[{done}/{total}] executed {futures[future].name}")


def _stage_book(source: Path, chapters: list[plan.Chapter], data: Path) -> None:
    """Write _config.yml, _toc.yml and _static/ next to the executed notebooks."""
    shutil.copyfile(CONFIG_FILE, source / "_config.yml")
    names = [c.name for c in chapters]
    root = plan.root_name()
    toc = {
        "format": "jb-book",
        "root": root,
        "chapters": [{"file": name} for name in names if name != root],
    }
    (source / "_toc.yml").write_text(yaml.safe_dump(toc, sort_keys=False), encoding="utf-8")
    static = source / "_static"
    shutil.copytree(BOOK_DIR / "_static", static)
    write_vega_bundle(static)
    downloads = static / "data"
    downloads.mkdir()
    for file in [DESCRIPTOR_NAME, *sorted(p.name for p in data.glob("*.csv"))]:
        shutil.copyfile(data / file, downloads / file)


def _jupyter_book(source: Path, output: Path) -> Path:
    """Run Jupyter Book (no execution; warnings are errors) and return the HTML folder."""
    command = [
        str(Path(sys.executable).parent / "jupyter-book"),
        "build",
        str(source),
        "--path-output",
        str(output),
        "--builder",
        "html",
        "-W",
        "-n",
        "--keep-going",
    ]
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        tail = "\n".join((result.stdout + result.stderr).strip().splitlines()[-25:])
        raise BuildFailed(f"Jupyter Book failed (exit {result.returncode}):\n{tail}")
    return output / "_build" / "html"


def _publish(html: Path, target: Path) -> Path:
    """Swap the new HTML into place; the old book stays intact until the new one is there."""
    previous = target.with_name(f".{target.name}.previous-{os.getpid()}")
    if target.exists():
        target.rename(previous)
    try:
        html.rename(target)
    except OSError:
        if previous.exists():
            previous.rename(target)
        raise
    shutil.rmtree(previous, ignore_errors=True)
    return target
