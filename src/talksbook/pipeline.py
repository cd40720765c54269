"""data/ → papermill → Jupyter Book → HTML (and PDF), built aside and published by a swap.

Nothing is published unless every step succeeded: the book is built in a staging folder
inside the output folder, and only then swapped in for the previous one. Executed notebooks
are cached by the hash of everything they depend on; a build whose inputs all match the
published book's manifest does nothing at all.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from concurrent.futures import FIRST_EXCEPTION, ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from . import fingerprint, pdf, plan
from .data import load
from .execute import CELL_TIMEOUT_S, execute
from .paths import BOOK_DIR, BUILD_DIR, CONFIG_FILE, DATA_DIR, DESCRIPTOR_NAME, NOTEBOOKS_DIR
from .render import write_vega_bundle

MANIFEST = "build.json"
PDF_NAME = "talks-on-ukraine-feb-2025.pdf"


@dataclass
class BuildOptions:
    """What to build, from which data, where, and how."""

    data: Path = DATA_DIR
    out: Path = BUILD_DIR
    parameters: dict[str, Any] = field(default_factory=dict)
    jobs: int = os.cpu_count() or 1
    force: bool = False
    pdf: bool = False
    timeout: int = CELL_TIMEOUT_S
    notebooks: Path = NOTEBOOKS_DIR
    plan_file: Path = plan.PLAN_FILE
    report: Callable[[str], None] = print


@dataclass
class BuildResult:
    """What a build did, for the summary line."""

    html: Path
    pdf: Path | None = None
    pages: int = 0
    charts: int = 0
    executed: int = 0
    cached: int = 0
    up_to_date: bool = False
    seconds: float = 0.0


class BuildFailed(RuntimeError):
    """The build stopped; nothing was published. The message names the cause."""


def build(options: BuildOptions) -> BuildResult:
    """Build the HTML book and publish it at ``out/html``."""
    started = time.monotonic()
    if options.pdf:
        pdf.chromium()  # fail before any work if the PDF cannot be printed
    package = load(options.data)
    chapters = plan.chapters(package, options.plan_file, options.notebooks)
    out = options.out.resolve()
    target = out / "html"
    parameters = {"data_dir": str(options.data.resolve()), **options.parameters}
    keys = _chapter_keys(chapters, parameters, options.data)
    book_key = fingerprint.key(
        chapters=keys,
        config=CONFIG_FILE.read_text(encoding="utf-8"),
        book=fingerprint.tree_hash(BOOK_DIR),
        order=[c.name for c in chapters],
        pdf=options.pdf,
    )
    pdf_file = out / "pdf" / PDF_NAME
    unchanged = _manifest(target).get("key") == book_key
    if not options.force and unchanged and (pdf_file.is_file() or not options.pdf):
        options.report("Nothing changed since the last build: the book is up to date.")
        done = BuildResult(target, pdf_file if options.pdf else None, up_to_date=True)
        return _result(target, done, started)
    out.mkdir(parents=True, exist_ok=True)
    stage = out / f".stage-{os.getpid()}"
    shutil.rmtree(stage, ignore_errors=True)
    try:
        source = stage / "book"
        source.mkdir(parents=True)
        result = BuildResult(target)
        _execute_all(chapters, keys, source, parameters, options, out / "cache", result)
        _stage_book(source, chapters, options.data)
        options.report("Jupyter Book: building HTML …")
        html = _jupyter_book(source, stage / "jb")
        (html / MANIFEST).write_text(
            json.dumps({"key": book_key, "chapters": keys}, indent=2, sort_keys=True) + "\n"
        )
        if options.pdf:
            _print(source, stage, [c.name for c in chapters], options.report)
        _publish(html, target)
        if options.pdf:
            _publish(stage / "pdf", out / "pdf")
            result.pdf = pdf_file
        return _result(target, result, started)
    finally:
        shutil.rmtree(stage, ignore_errors=True)


def _chapter_keys(
    chapters: list[plan.Chapter], parameters: dict[str, Any], data: Path
) -> dict[str, str]:
    """One hash per chapter over its template, parameters, the data, the code and the lock."""
    shared = {"data": fingerprint.tree_hash(data), **fingerprint.environment()}
    return {
        c.name: fingerprint.key(
            template=fingerprint.files_hash(c.template.parent, [c.template]),
            parameters={**parameters, **c.parameters},
            title=c.title,
            **shared,
        )
        for c in chapters
    }


def _execute_all(
    chapters: list[plan.Chapter],
    keys: dict[str, str],
    folder: Path,
    parameters: dict[str, Any],
    options: BuildOptions,
    cache: Path,
    result: BuildResult,
) -> None:
    """Execute what the cache lacks, several at once; the first failure stops the build."""
    cache.mkdir(parents=True, exist_ok=True)
    todo = []
    for chapter in chapters:
        cached = cache / f"{chapter.name}-{keys[chapter.name]}.ipynb"
        if cached.is_file() and not options.force:
            shutil.copyfile(cached, folder / f"{chapter.name}.ipynb")
            result.cached += 1
        else:
            todo.append(chapter)
    if result.cached:
        options.report(f"{result.cached} of {len(chapters)} chapters unchanged (cached)")
    with ThreadPoolExecutor(max_workers=max(1, options.jobs)) as pool:
        futures = {
            pool.submit(execute, c, folder / f"{c.name}.ipynb", parameters, options.timeout): c
            for c in todo
        }
        pending = set(futures)
        while pending:
            done, pending = wait(pending, return_when=FIRST_EXCEPTION)
            for future in done:
                if future.exception() is not None:
                    for other in pending:
                        other.cancel()
                    raise future.exception()  # type: ignore[misc]
                chapter = futures[future]
                _store(cache, chapter.name, keys[chapter.name], folder / f"{chapter.name}.ipynb")
                result.executed += 1
                options.report(f"[{result.executed}/{len(todo)}] executed {chapter.name}")


def _store(cache: Path, name: str, key: str, notebook: Path) -> None:
    """Keep the newest executed copy of a chapter; older ones are dropped."""
    for old in cache.glob(f"{name}-*.ipynb"):
        old.unlink(missing_ok=True)
    temporary = cache / f".{name}-{key}.{os.getpid()}"
    shutil.copyfile(notebook, temporary)
    temporary.replace(cache / f"{name}-{key}.ipynb")


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


def _jupyter_book(source: Path, output: Path, builder: str = "html") -> Path:
    """Run Jupyter Book (no execution; warnings are errors) and return the output folder."""
    command = [
        str(Path(sys.executable).parent / "jupyter-book"),
        "build",
        str(source),
        "--path-output",
        str(output),
        "--builder",
        builder,
        "-W",
        "-n",
        "--keep-going",
    ]
    run = subprocess.run(command, capture_output=True, text=True, check=False)
    if run.returncode != 0:
        tail = "\n".join((run.stdout + run.stderr).strip().splitlines()[-25:])
        raise BuildFailed(f"Jupyter Book failed (exit {run.returncode}):\n{tail}")
    return output / "_build" / builder


def _print(source: Path, stage: Path, names: list[str], report: Callable[[str], None]) -> None:
    """Build the single-page HTML and print it to stage/pdf with Chromium."""
    report("Jupyter Book: building the single page for the PDF …")
    single = _jupyter_book(source, stage / "jb-single", "singlehtml")
    page = single / f"{plan.root_name()}.html"
    pdf.single_page_links(page, names)
    report("Chromium: printing the PDF …")
    pdf.print_pdf(page, stage / "pdf" / PDF_NAME)


def _publish(html: Path, target: Path) -> None:
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


def _manifest(html: Path) -> dict[str, Any]:
    try:
        return dict(json.loads((html / MANIFEST).read_text(encoding="utf-8")))
    except (OSError, ValueError):
        return {}


def _result(html: Path, result: BuildResult, started: float) -> BuildResult:
    pages = [
        p
        for p in html.glob("*.html")
        if p.name not in {"search.html", "genindex.html", "index.html"}
    ]
    result.pages = len(pages)
    result.charts = sum(
        p.read_text(encoding="utf-8").count('class="talksbook-chart"') for p in pages
    )
    result.seconds = time.monotonic() - started
    return result
