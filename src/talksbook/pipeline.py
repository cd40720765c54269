"""data/ → papermill → Jupyter Book → HTML (and PDF), built aside and published by a swap.

Nothing is published unless every step succeeded: every edition of the book is built in a
staging folder inside the output folder, and only then swapped in for the previous book, all
editions at once, by one rename (see `_publish`); the next build puts right what a killed one
left (`recover`). Executed notebooks
are cached by the hash of everything they depend on; a build whose inputs all match the
published book's manifest does nothing at all. One build at a time may write to an output
folder (a lock says so at once), and the manifest of inputs and versions is published with the
book as build.json.
"""

from __future__ import annotations

import ctypes
import dataclasses
import fcntl
import gc
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Callable, Iterator, Mapping
from concurrent.futures import FIRST_COMPLETED, ThreadPoolExecutor, wait
from contextlib import ExitStack, contextmanager, suppress
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import nbformat
import yaml

from . import fingerprint, pdf, plan, vocabulary
from .data import Package, ValidationError, files, load
from .data.package import VALIDATED_ENV, save_validated
from .execute import CELL_TIMEOUT_S, execute
from .html import DOWNLOAD_DIR, PREVIOUS_DOWNLOAD_DIR, Html
from .kernels import warm_kernels
from .narrative import appendix
from .narrative.appendix import REFERENCE_FILE
from .paths import (
    BOOK_DIR,
    BUILD_DIR,
    CONFIG_FILE,
    DATA_DIR,
    NOTEBOOKS_DIR,
    PLAN_FILE,
    PROJECT_ROOT,
)
from .render import write_vega_bundle
from .scope import WindowError, restrict

MANIFEST = "build.json"
#: The editions the book can be built in. The first is the main one, at OUT/html; each other
#: edition is a complete book of its own in OUT/html/<lang>/.
LANGUAGES = ("en", "ar")
LOCK_NAME = ".build.lock"
#: OUT/releases/<id>: each build's whole book; OUT/html links to the published one.
RELEASES = "releases"
#: A template whose parameters cell assigns this name receives the build manifest (a dict).
MANIFEST_PARAMETER = "build_manifest"
#: ... receives the data package of the previous edition, which this one is compared with (a
#: path from the project root; None for the first edition): see `_previous_edition`.
PREVIOUS_PARAMETER = "previous_data"
#: ... receives the names of the book's pages, in order (to link only to pages that exist).
PAGES_PARAMETER = "book_pages"
#: What the build passes to the templates that declare it (see `_check_templates`).
BUILD_PARAMETERS = (MANIFEST_PARAMETER, PREVIOUS_PARAMETER, PAGES_PARAMETER)
#: The manifest's record of the previous edition's data this edition was compared with (the
#: hashes of the files published with it in PREVIOUS_DOWNLOAD_DIR), or None.
PREVIOUS_RECORD = "previous_edition"
#: The manifest's record of the edition's date (YYYY-MM-DD), which its PDF's title page shows.
EDITION_DATE = "edition_date"


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
    #: The book plan (``--plan``): read once per build into a plan.BookPlan.
    plan_file: Path = PLAN_FILE
    report: Callable[[str], None] = print
    #: The edition's language, one of LANGUAGES.
    lang: str = LANGUAGES[0]
    #: The other editions this build's pages link to (besides those already published).
    editions: tuple[str, ...] = ()


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
    #: Seconds spent per stage: "validate", "execute", "jupyter_book" and "pdf" (if run).
    timings: dict[str, float] = field(default_factory=dict)
    #: The edition's language.
    lang: str = "en"
    #: Not asked for, but rebuilt: it was published from other inputs (see `build_editions`).
    rebuilt: bool = False


class BuildFailed(RuntimeError):
    """The build stopped; nothing was published. The message names the cause."""


def edition_dir(out: Path, lang: str) -> Path:
    """Where the edition in ``lang`` is published: OUT/html, or OUT/html/<lang>."""
    html = out / "html"
    return html if lang == LANGUAGES[0] else html / lang


def pdf_path(out: Path, lang: str, stem: str = plan.PDF_NAME) -> Path:
    """Where the PDF of the edition in ``lang`` is published."""
    stem = stem if lang == LANGUAGES[0] else f"{stem}.{lang}"
    return out / "pdf" / f"{stem}.pdf"


def build_editions(
    options: BuildOptions, languages: list[str], book_plan: plan.BookPlan | None = None
) -> list[BuildResult]:
    """Build the editions in ``languages`` and publish them, with every other edition already
    published, as one book in one step (see `_publish`); every page links to the same page in
    the other editions. The plan is read once, for all of them (``book_plan``, when given).

    The editions published together are built from the same inputs: an edition published
    before but not asked for is kept as it is when its build.json records this build's inputs
    (`same_inputs`), and is rebuilt from them otherwise, with its PDF if it had one; its
    result then follows those asked for, marked ``rebuilt``.
    """
    for lang in languages:
        if lang not in LANGUAGES:
            choose = ", ".join(LANGUAGES)
            raise BuildFailed(f"no edition in language {lang!r}; choose from {choose}")
    if book_plan is None:
        book_plan = load_plan(options.plan_file)
    if options.pdf:
        pdf.chromium()  # fail before any work if the PDF cannot be printed
    # One zygote for every edition (talksbook.kernels; started at the first chapter run).
    with _Folder(options.out.resolve()) as folder, warm_kernels(options.report):
        out = folder.out
        asked = list(dict.fromkeys(languages))
        published = [lang for lang in LANGUAGES if (edition_dir(out, lang) / MANIFEST).is_file()]
        book = [lang for lang in LANGUAGES if lang in asked or lang in published]
        stage = out / f".stage-{os.getpid()}"
        try:
            editions = {
                lang: _edition(_for(options, lang, book), book_plan, folder, stage)
                for lang in asked
            }
            inputs = next(iter(editions.values())).manifest
            for lang in book:
                kept = edition_dir(out, lang)
                if lang in editions or same_inputs(_manifest(kept), inputs):
                    continue
                options.report(f"[{lang}] published from other inputs: rebuilding it from these")
                again = _for(options, lang, book, force=False, pdf=options.pdf or _has_pdf(kept))
                editions[lang] = _edition(again, book_plan, folder, stage)
                editions[lang].result.rebuilt = True
            if any(edition.html is not None for edition in editions.values()):
                _publish(_assemble(stage, out, book, editions), out)
        finally:
            shutil.rmtree(stage, ignore_errors=True)
        return [_result(edition.result) for edition in editions.values()]


def _for(options: BuildOptions, lang: str, book: list[str], **changes: Any) -> BuildOptions:
    """``options`` for the edition in ``lang`` of a ``book`` of these editions."""
    others = tuple(other for other in book if other != lang)
    return dataclasses.replace(options, lang=lang, editions=others, **changes)


def load_plan(path: Path) -> plan.BookPlan:
    """The book plan at ``path``; a bad one stops the build with its problem and fix."""
    try:
        return plan.BookPlan.load(path)
    except plan.PlanError as error:
        raise BuildFailed(str(error)) from None


def build(options: BuildOptions, book_plan: plan.BookPlan | None = None) -> BuildResult:
    """Build the HTML book in ``options.lang`` and publish it (see `edition_dir`), with the
    other editions published beside it (see `build_editions`).

    ``book_plan`` is the plan read from ``options.plan_file`` (read here when not given); every
    step that needs the plan gets this one object.
    """
    return build_editions(options, [options.lang], book_plan)[0]


def same_inputs(record: Mapping[str, Any], manifest: Mapping[str, Any]) -> bool:
    """Whether a published edition's ``record`` (its build.json) says it was built from the
    inputs of ``manifest`` (see fingerprint.manifest: data, templates, book files, parameters,
    code and package versions, SOURCE_DATE_EPOCH): whatever its language, it is then of the
    same build of the book."""
    return all(record.get(name) == manifest.get(name) for name in {*manifest, "source_date_epoch"})


@dataclass
class _Edition:
    """One edition of a build: ``html`` is the edition built in the stage, None when the
    published one is already this build's (up to date)."""

    result: BuildResult
    manifest: dict[str, Any]
    html: Path | None = None


class _Folder:
    """The output folder, held by this build (see `_exclusive`) from the first moment it has
    to be: at once if it exists, to put right what a killed build left there (`recover`)
    before anything reads it; else only before the first write, so that a build stopped by
    bad data or parameters leaves no folder behind."""

    def __init__(self, out: Path) -> None:
        self.out = out
        self._lock = ExitStack()
        self._held = False

    def hold(self) -> None:
        """Take the output folder (made now if need be), once; then recover it."""
        if self._held:
            return
        self.out.mkdir(parents=True, exist_ok=True)
        self._lock.enter_context(_exclusive(self.out))
        self._held = True
        recover(self.out)

    def __enter__(self) -> _Folder:
        if self.out.is_dir():
            try:
                self.hold()
            except BaseException:
                self._lock.close()
                raise
        return self

    def __exit__(self, *exception: object) -> None:
        self._lock.close()


def _edition(
    options: BuildOptions, book_plan: plan.BookPlan, folder: _Folder, stage: Path
) -> _Edition:
    """Build the edition in ``options.lang`` into ``stage`` (stage/editions/<lang>), unless the
    published one is up to date; the caller publishes."""
    started = time.monotonic()
    if options.pdf:
        pdf.chromium()
    timings: dict[str, float] = {}
    with _timed(timings, "validate"):
        package = load(options.data)
    # A coded value the edition cannot say would be dropped from its sentences.
    unsaid = vocabulary.unphrased(package, [options.lang])
    if unsaid:
        raise ValidationError(unsaid)
    # The data package may name its own book (title, PDF name): the book it makes is its.
    book_plan = book_plan.with_book(package.descriptor.get("book"))
    # The chapters are planned from what the notebooks will see: the events in the window.
    window = (options.parameters.get("date_from"), options.parameters.get("date_to"))
    try:
        scoped = restrict(package, *window)
    except WindowError as error:
        raise BuildFailed(f"parameters: {error}") from None
    # Undated events are kept in any window (they may fall in it); a window that holds
    # nothing else places nothing in time.
    events = scoped["events"]
    if any(window) and not (events.date_earliest.notna() | events.date_latest.notna()).any():
        raise BuildFailed(
            f"parameters: no dated event in the data may fall between {window[0] or 'the start'}"
            f" and {window[1] or 'the end'}. Fix: widen date_from/date_to (nothing was built)"
        )
    try:
        chapters = book_plan.chapters(scoped, options.notebooks, options.lang)
    except plan.PlanError as error:
        raise BuildFailed(str(error)) from None
    wanted = _check_templates(chapters)
    # The technical appendix as one file, from what the notebooks see (made now: the package
    # is released before they run).
    reference = {REFERENCE_FILE: appendix.reference(scoped, options.lang)}
    out = folder.out
    target = edition_dir(out, options.lang)
    # Kernels run in the project root and get the data folder relative to it, so that no
    # machine-specific absolute path ends up in the executed notebooks.
    parameters = {
        "data_dir": _relative(options.data.resolve()),
        **options.parameters,
        "lang": options.lang,
    }
    editions = _linked_editions(out, options)
    try:
        # What the book reads of the package: its own files and the base map.
        data = fingerprint.package_hashes(options.data, [*package.files(), files.BASE_MAP])
    except files.UnsafeFile as error:
        raise BuildFailed(
            f"{options.data / error.path}: {error.problem}. Fix: {error.fix}"
        ) from None
    manifest = fingerprint.manifest(
        data, sorted({c.template for c in chapters}), options.parameters, book_plan.path
    )
    edition = edition_time(manifest)
    # The title page names the package's sources: written now, while the package is loaded.
    front = _title_page(package, book_plan, options.lang, edition.date()) if options.pdf else Html()
    # The previous edition's data, as the published book holds them, and where the kernels
    # will read a copy of them (taken once this build holds the output folder).
    previous = _previous_edition(target, data)
    compared = None if previous is None else fingerprint.folder_hashes(previous)
    baseline = out / f".previous-{options.lang}"
    given = {
        MANIFEST_PARAMETER: manifest,
        PREVIOUS_PARAMETER: None if previous is None else _relative(baseline),
        PAGES_PARAMETER: [c.name for c in chapters],
    }
    chapters = [
        dataclasses.replace(
            c,
            parameters={
                **c.parameters,
                **{name: given[name] for name in BUILD_PARAMETERS if c.template in wanted[name]},
            },
        )
        for c in chapters
    ]
    # A page compared with the previous edition is as stale as those data are.
    inputs = {c.name: compared for c in chapters if c.template in wanted[PREVIOUS_PARAMETER]}
    keys = _chapter_keys(chapters, parameters, data, inputs)
    book_key = fingerprint.key(
        chapters=keys,
        config=CONFIG_FILE.read_text(encoding="utf-8"),
        book=fingerprint.tree_hash(BOOK_DIR),
        order=[c.name for c in chapters],
        # The plan may lie outside book/ (--plan): what it says is part of the key.
        plan=book_plan.as_dict(),
        pdf=options.pdf,
        lang=options.lang,
        editions=editions,
    )
    pdf_file = pdf_path(out, options.lang, book_plan.pdf_name)
    result = BuildResult(target, pdf_file if options.pdf else None, timings=timings)
    result.lang = options.lang
    unchanged = _manifest(target).get("key") == book_key
    if not options.force and unchanged and (_has_pdf(target) or not options.pdf):
        options.report(f"[{options.lang}] Nothing changed since the last build: up to date.")
        result.up_to_date = True
        result.seconds = time.monotonic() - started
        return _Edition(result, manifest)
    folder.hold()
    try:
        source = stage / "book"
        source.mkdir(parents=True)
        published = package.files()
        if previous is not None and compared is not None:
            _copy_compared(previous, baseline, compared)
        with (
            _timed(timings, "execute"),
            _shared_with_kernels(package, stage),
            warm_kernels(options.report),
        ):
            # The kernels load the saved copy: this process keeps none of its own, which at
            # 100,000 events is 600 MB beside each kernel's.
            del package
            _release_memory()
            cache = out / "cache" / options.lang
            _execute_all(chapters, keys, source, parameters, options, cache, result)
            _release_memory()  # what reading and writing the notebooks left behind
        _stage_book(
            source,
            chapters,
            book_plan,
            options.lang,
            editions,
            pdf_file.name if options.pdf else None,
        )
        options.report("Jupyter Book: building HTML …")
        with _timed(timings, "jupyter_book"):
            html = _jupyter_book(source, stage / "jb")
        _add_downloads(
            html, options.data, published, baseline if previous is not None else None, reference
        )
        record = {
            **manifest,
            "key": book_key,
            "chapters": keys,
            PREVIOUS_RECORD: compared,
            EDITION_DATE: edition.date().isoformat(),
        }
        (html / MANIFEST).write_text(
            json.dumps(record, indent=2, sort_keys=True, ensure_ascii=False) + "\n",
            encoding="utf-8",
        )
        if options.pdf:
            with _timed(timings, "pdf"):
                _print(source, stage, chapters, book_plan, options, pdf_file.name, front)
                pdf.stamp(stage / "pdf" / pdf_file.name, edition)
            # Published inside the edition, where its pages link to it (wherever the HTML is
            # served from); OUT/pdf/ gets a hard link to it once it is published (`_tidy`).
            (stage / "pdf" / pdf_file.name).replace(html / pdf_file.name)
        built = stage / "editions" / options.lang
        built.parent.mkdir(exist_ok=True)
        html.rename(built)
        # The next edition builds in the same places.
        for work in ("book", "jb", "jb-single", "pdf"):
            shutil.rmtree(stage / work, ignore_errors=True)
        result.seconds = time.monotonic() - started
        return _Edition(result, manifest, built)
    finally:
        shutil.rmtree(baseline, ignore_errors=True)


@contextmanager
def _shared_with_kernels(package: Package, stage: Path) -> Iterator[None]:
    """Let the notebook kernels started inside the block load the package validated above
    instead of validating it again, each of them (see talksbook.data.VALIDATED_ENV)."""
    file = stage / "validated-package.pickle"
    save_validated(package, file)
    del package  # (the caller may drop its own reference now)
    previous = os.environ.get(VALIDATED_ENV)
    os.environ[VALIDATED_ENV] = str(file)  # kernels inherit this process's environment
    try:
        yield
    finally:
        if previous is None:
            os.environ.pop(VALIDATED_ENV, None)
        else:
            os.environ[VALIDATED_ENV] = previous
        file.unlink(missing_ok=True)


def _release_memory() -> None:
    """Collect garbage and hand freed heap pages back to the system (glibc only)."""
    gc.collect()
    # Another C library has no malloc_trim: the memory then stays reserved for this process.
    with suppress(OSError, AttributeError):
        ctypes.CDLL("libc.so.6").malloc_trim(0)


@contextmanager
def _timed(timings: dict[str, float], stage: str) -> Iterator[None]:
    """Add the seconds the block takes to ``timings[stage]``."""
    started = time.monotonic()
    try:
        yield
    finally:
        timings[stage] = timings.get(stage, 0.0) + time.monotonic() - started


def _linked_editions(out: Path, options: BuildOptions) -> list[str]:
    """The other editions whose pages this edition links to: those built with it, and those
    already published beside it (so that rebuilding one edition keeps its language switch)."""
    published = {lang for lang in LANGUAGES if (edition_dir(out, lang) / MANIFEST).is_file()}
    return [
        lang
        for lang in LANGUAGES
        if lang != options.lang and (lang in options.editions or lang in published)
    ]


def _relative(path: Path) -> str:
    """``path`` as seen from the project root, where the kernels run."""
    return Path(os.path.relpath(path, PROJECT_ROOT.resolve())).as_posix()


def _check_templates(chapters: list[plan.Chapter]) -> dict[str, set[Path]]:
    """Read every template before anything runs; return, for each of BUILD_PARAMETERS, the
    templates whose parameters cell declares it (they receive it).

    A corrupt template would otherwise surface as a kernel-side error halfway through.
    """
    wanting: dict[str, set[Path]] = {name: set() for name in BUILD_PARAMETERS}
    for template in sorted({c.template for c in chapters}):
        try:
            notebook = nbformat.read(template, as_version=4)
            nbformat.validate(notebook)
        except Exception as error:  # invalid JSON, wrong structure, unreadable file
            detail = " ".join(str(error).split())[:200]
            raise BuildFailed(
                f"notebook template {template} is not a valid notebook "
                f"({type(error).__name__}: {detail}); restore it from version control"
            ) from None
        for cell in notebook.cells:
            if "parameters" not in cell.get("metadata", {}).get("tags", []):
                continue
            for name in BUILD_PARAMETERS:
                if re.search(rf"^{name}\s*=", cell.source, re.MULTILINE):
                    wanting[name].add(template)
    return wanting


def _previous_edition(target: Path, data: Mapping[str, str]) -> Path | None:
    """The data package this edition is compared with, in the edition published at ``target``:
    None when nothing is published there (this is the first edition).

    A build from the data the published edition was built from (``data``: their hashes) is
    that same edition, rebuilt: it is compared with what the published one was compared with
    (the copy published beside its own data), so that the page, and the book's key, stay as
    they were. Any other build is a new edition, compared with the published one's data.
    """
    published = _manifest(target)
    if not published and not (target / DOWNLOAD_DIR).exists():
        return None
    inputs = published.get("inputs")
    if isinstance(inputs, dict) and inputs.get("data") == dict(data):
        return None if published.get(PREVIOUS_RECORD) is None else target / PREVIOUS_DOWNLOAD_DIR
    return target / DOWNLOAD_DIR


def _copy_compared(source: Path, copy: Path, expected: Mapping[str, str]) -> None:
    """Copy the previous edition's data files whose hashes the chapter keys hold
    (``expected``) from the published book to ``copy``, where the kernels read them; stop if
    one changed since the keys were computed (a build that published meanwhile)."""
    shutil.rmtree(copy, ignore_errors=True)
    copy.mkdir(parents=True)
    for name, digest in expected.items():
        try:
            content = files.read_bytes(source, name, files.MAX_TABLE_BYTES)
        except files.UnsafeFile:
            content = b""
        if hashlib.sha256(content).hexdigest() != digest:
            raise BuildFailed(
                f"{source / name}: the published edition changed while this build started "
                "(another build published it). Fix: build again"
            )
        (copy / name).parent.mkdir(parents=True, exist_ok=True)
        (copy / name).write_bytes(content)


@contextmanager
def _exclusive(out: Path) -> Iterator[None]:
    """Hold the output folder's lock for the whole build: a second build refuses at once.

    flock is released by the kernel when the process ends, however it ends (even os._exit or
    SIGKILL), so a crashed build never leaves a stale lock behind.
    """
    with open(out / LOCK_NAME, "a+", encoding="utf-8") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            holder = handle.read().strip() or "unknown"
            raise BuildFailed(
                f"another build (pid {holder}) is writing to {out}; wait for it to finish, "
                "or build into another --out folder"
            ) from None
        handle.seek(0)
        handle.truncate()
        handle.write(f"{os.getpid()}\n")
        handle.flush()
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _chapter_keys(
    chapters: list[plan.Chapter],
    parameters: dict[str, Any],
    data: dict[str, str],
    inputs: Mapping[str, Any] | None = None,
) -> dict[str, str]:
    """One hash per chapter over its template, parameters, the data's file hashes, the code
    and the lock; and, for a chapter in ``inputs``, what it reads besides (the previous
    edition's file hashes)."""
    shared = {"data": data, **fingerprint.environment()}
    inputs = inputs or {}
    return {
        c.name: fingerprint.key(
            template=fingerprint.files_hash(c.template.parent, [c.template]),
            parameters={**parameters, **c.parameters},
            title=c.title,
            **({"previous_edition": inputs[c.name]} if c.name in inputs else {}),
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
        try:
            if options.force:
                raise FileNotFoundError(cached)
            shutil.copyfile(cached, folder / f"{chapter.name}.ipynb")
            os.utime(cached)  # used now: the last to be dropped
            result.cached += 1
        except FileNotFoundError:  # not cached, or just replaced by a concurrent build
            todo.append(chapter)
    if result.cached:
        options.report(f"{result.cached} of {len(chapters)} chapters unchanged (cached)")
    with ThreadPoolExecutor(max_workers=max(1, options.jobs)) as pool:
        futures = {
            pool.submit(
                execute,
                c,
                folder / f"{c.name}.ipynb",
                parameters,
                options.timeout,
                cwd=PROJECT_ROOT,
            ): c
            for c in todo
        }
        pending = set(futures)
        try:
            while pending:
                # Each chapter is stored (and reported) as soon as it is done, not when the
                # last one is: FIRST_EXCEPTION would only return early on a failure.
                done, pending = wait(pending, return_when=FIRST_COMPLETED)
                for future in done:
                    if future.exception() is not None:
                        raise future.exception()  # type: ignore[misc]
                    chapter = futures[future]
                    notebook = folder / f"{chapter.name}.ipynb"
                    _store(cache, chapter.name, keys[chapter.name], notebook)
                    result.executed += 1
                    options.report(f"[{result.executed}/{len(todo)}] executed {chapter.name}")
        except BaseException:
            # A failure, Ctrl-C or SIGTERM: start nothing more; the pool then waits only for
            # the notebooks already running.
            for other in pending:
                other.cancel()
            raise


#: Executed copies kept per chapter, the most recently used: a data edit that is reverted, or
#: a switch between two parameter files, finds its notebooks still in the cache.
CACHE_COPIES = 4


def _cached(cache: Path, name: str) -> list[Path]:
    """The cached copies of chapter ``name`` (exactly: ``meeting-a`` is not ``meeting-a-b``),
    most recently used first."""
    pattern = re.compile(rf"{re.escape(name)}-[0-9a-f]{{64}}\.ipynb")
    copies = [p for p in cache.glob(f"{name}-*.ipynb") if pattern.fullmatch(p.name)]
    return sorted(copies, key=lambda p: p.stat().st_mtime_ns, reverse=True)


def _store(cache: Path, name: str, key: str, notebook: Path) -> None:
    """Keep an executed copy of a chapter under its content key, and the ``CACHE_COPIES`` most
    recently used copies of that chapter; older ones are dropped.

    The copy appears under its final name by an atomic rename, so a concurrent build reading
    the cache sees either no copy or a whole one, never a partial file.
    """
    final = cache / f"{name}-{key}.ipynb"
    temporary = cache / f".{name}-{key}.{os.getpid()}"
    try:
        shutil.copyfile(notebook, temporary)
        temporary.replace(final)
    finally:
        temporary.unlink(missing_ok=True)
    for old in _cached(cache, name)[CACHE_COPIES:]:
        if old != final:
            old.unlink(missing_ok=True)


def _stage_book(
    source: Path,
    chapters: list[plan.Chapter],
    book_plan: plan.BookPlan,
    lang: str,
    editions: list[str],
    pdf_name: str | None = None,
) -> None:
    """Write _config.yml, _toc.yml and _static/ (the book's own files) next to the executed
    notebooks (the data's files are added after Sphinx, see :func:`_add_downloads`); the pages
    link to ``pdf_name`` when the build prints the book."""
    config = _config(lang, editions, book_plan.title(lang), pdf_name)
    (source / "_config.yml").write_text(config, encoding="utf-8")
    names = [c.name for c in chapters]
    root = book_plan.root
    toc = {
        "format": "jb-book",
        "root": root,
        "chapters": [{"file": name} for name in names if name != root],
    }
    (source / "_toc.yml").write_text(yaml.safe_dump(toc, sort_keys=False), encoding="utf-8")
    static = source / "_static"
    shutil.copytree(BOOK_DIR / "_static", static)
    write_vega_bundle(static)


def _add_downloads(
    html: Path,
    data: Path,
    published: list[str],
    compared: Path | None,
    written: Mapping[str, str] | None = None,
) -> None:
    """Put the package's files into the built book, for download: every table, the descriptor
    and every archived source, each read as a regular file inside the package (so that no link
    publishes another file); the previous edition's files this one was ``compared`` with; and
    the files the build made itself, ``written`` (name: text), such as the technical appendix.

    After Sphinx, not through it: Sphinx renders a static file whose name ends in ``_t`` or
    ``.jinja`` as a Jinja template, and these files are data (an archived source named so
    would have run its text as a template in the build).
    """
    downloads = html / DOWNLOAD_DIR
    for file in published:
        (downloads / file).parent.mkdir(parents=True, exist_ok=True)
        (downloads / file).write_bytes(files.read_bytes(data, file, files.MAX_TABLE_BYTES))
    if compared is not None:
        # Published too: the next edition built from these same data compares with them again.
        shutil.move(compared, html / PREVIOUS_DOWNLOAD_DIR)
    for name, content in (written or {}).items():
        (html / name).write_text(content, encoding="utf-8")


def _config(lang: str, editions: list[str], title: str, pdf_name: str | None = None) -> str:
    """_config.yml for the edition in ``lang``: the project's file, with the edition's
    ``title`` (the plan's), language and footer, the other editions for the language switch,
    and the edition's PDF (``pdf_name``, published at the top of the edition) if it has one."""
    from .words import text

    config = yaml.safe_load(CONFIG_FILE.read_text(encoding="utf-8"))
    config["title"] = title
    config["author"] = text("book.author", lang)
    config["html"]["extra_footer"] = text("book.footer", lang)
    sphinx = config["sphinx"]["config"]
    sphinx["language"] = lang
    sphinx["talksbook_editions"] = [
        {
            "lang": other,
            "label": text("book.edition_name", other),
            "title": text("book.switch_title", other),
            # From a page of this edition to the same page of the other one.
            "prefix": _edition_prefix(lang, other),
        }
        for other in editions
    ]
    if pdf_name:
        sphinx["talksbook_pdf"] = {
            "file": pdf_name,
            "label": text("pdf.link", lang),
            "title": text("pdf.link.title", lang),
        }
    return yaml.safe_dump(config, sort_keys=False, allow_unicode=True)


def _edition_prefix(lang: str, other: str) -> str:
    """The relative path from a page of edition ``lang`` to the same page of ``other``."""
    up = "" if lang == LANGUAGES[0] else "../"
    return up if other == LANGUAGES[0] else f"{up}{other}/"


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
        output_text = _ANSI.sub("", run.stdout + run.stderr)
        causes = list(dict.fromkeys(m.group().strip() for m in _CAUSE.finditer(output_text)))
        # Jupyter Book ends every failure with "Look above for the cause": bring it down.
        detail = "\n".join(causes[:10]) or "\n".join(output_text.strip().splitlines()[-25:])
        raise BuildFailed(f"Jupyter Book failed (exit {run.returncode}):\n{detail}")
    return output / "_build" / builder


_ANSI = re.compile(r"\x1b\[[0-9;]*m")
# Sphinx warnings (errors under -W) and the exception that stopped it, e.g. an OSError.
_CAUSE = re.compile(
    r"^.*\b(?:WARNING|ERROR|CRITICAL): .*$|^(?!RuntimeError)[A-Za-z_.]*(?:Error|Exception): .+$",
    re.MULTILINE,
)


def edition_time(manifest: Mapping[str, Any]) -> datetime:
    """The edition's time: the SOURCE_DATE_EPOCH the manifest records, when the build pins
    time to be reproducible, else now (UTC). Its day is recorded in build.json (EDITION_DATE)
    and printed on the PDF's title page; the PDF is dated with it."""
    epoch = manifest.get("source_date_epoch")
    if not epoch:
        return datetime.now(UTC)
    try:
        return datetime.fromtimestamp(int(epoch), UTC)
    except (ValueError, OverflowError, OSError):
        raise BuildFailed(
            f"SOURCE_DATE_EPOCH={epoch!r} is not a time. Fix: set it to whole seconds since "
            "1970-01-01 UTC (e.g. SOURCE_DATE_EPOCH=$(date +%s)), or unset it"
        ) from None


def _title_page(package: Package, book_plan: plan.BookPlan, lang: str, edition: date) -> Html:
    """The PDF's title page in ``lang`` (see talksbook.pdf.title_page)."""
    from .words import text

    title = book_plan.title(lang)
    return pdf.title_page(package, title, lang, edition, text("book.author", lang))


def _print(
    source: Path,
    stage: Path,
    chapters: list[plan.Chapter],
    book_plan: plan.BookPlan,
    options: BuildOptions,
    file_name: str,
    front: Html,
) -> None:
    """Build the single-page HTML (the plan's root page, holding every chapter) and print it
    to stage/pdf with Chromium: the ``front`` (title) page, then the chapters, each starting
    a page that carries its title."""
    options.report("Jupyter Book: building the single page for the PDF …")
    single = _jupyter_book(source, stage / "jb-single", "singlehtml")
    page = single / f"{book_plan.root}.html"
    pdf.single_page_links(page, [c.name for c in chapters])
    options.report("Chromium: printing the PDF …")
    pdf.print_pdf(
        page,
        stage / "pdf" / file_name,
        lang=options.lang,
        front=front,
        chapters=[(c.name, c.title) for c in chapters],
        root=book_plan.root,
    )


# --- publishing ---------------------------------------------------------------------------------
#
# OUT/html is a symbolic link to OUT/releases/<id>, a folder holding the whole book (the main
# edition, the others in <lang>/ inside it). A build writes its book in its stage, moves it to
# releases/ and replaces the link in one rename: readers, and a kill at any moment, see either
# the old book or the new one, every edition of it. `recover` puts right what a kill leaves.


def _assemble(stage: Path, out: Path, book: list[str], editions: Mapping[str, _Edition]) -> Path:
    """The new book, whole, in stage/release: each edition this build made, and each other
    edition of the ``book`` as published (by hard links: the published files stay as they
    are)."""
    release = stage / "release"
    for lang in book:  # the main edition first: the others go inside it
        into = release if lang == LANGUAGES[0] else release / lang
        into.parent.mkdir(parents=True, exist_ok=True)
        edition = editions.get(lang)
        if edition is not None and edition.html is not None:
            edition.html.rename(into)
        else:
            _carry(edition_dir(out, lang), into)
    return release


def _carry(edition: Path, copy: Path) -> None:
    """Copy the published ``edition`` (without the editions inside it) to ``copy`` by hard
    links, or by copying where the file system has none."""

    def inside(folder: str, names: list[str]) -> list[str]:
        return [n for n in names if n in LANGUAGES[1:]] if Path(folder) == edition else []

    try:
        shutil.copytree(edition, copy, ignore=inside, copy_function=os.link)
    except OSError:
        shutil.rmtree(copy, ignore_errors=True)
        shutil.copytree(edition, copy, ignore=inside)


def _has_pdf(edition: Path) -> bool:
    """Whether the published ``edition`` has its PDF (a copy at its top, see `_edition`)."""
    return any(edition.glob("*.pdf"))


#: Added to an interruption that came once the new book was published (see `_publish`): the
#: command then says so, instead of "left as it was".
PUBLISHED_NOTE = "the new book had been published when the build was stopped"


def _publish(release: Path, out: Path) -> None:
    """Publish ``release`` (the new book, every edition) at OUT/html in one step: the folder
    moves into OUT/releases/, then a new link to it replaces OUT/html in one rename, which the
    system makes whole or not at all. Then the old release goes, and OUT/pdf/ is brought up to
    date (`_tidy`)."""
    name = f"{time.time_ns():020d}-{os.getpid()}"
    (out / RELEASES).mkdir(exist_ok=True)
    release.rename(out / RELEASES / name)
    try:
        _point(out, name)
        _tidy(out)
    except BaseException as error:
        if _current(out) == name:
            error.add_note(PUBLISHED_NOTE)
        raise


def _point(out: Path, name: str) -> None:
    """Make OUT/html a link to release ``name``, in one rename of a new link over it."""
    link = out / f".html.new-{os.getpid()}"
    link.unlink(missing_ok=True)
    link.symlink_to(Path(RELEASES) / name, target_is_directory=True)
    link.replace(out / "html")


def _current(out: Path) -> str | None:
    """The name of the published release (where OUT/html points), if there is one."""
    try:
        return Path(os.readlink(out / "html")).name
    except OSError:  # no OUT/html, or a folder (the layout before releases)
        return None


def recover(out: Path) -> None:
    """Put right what a killed build left in ``out``: called by the next build as soon as it
    holds the folder (`_exclusive`), so that no other build is running there and whatever
    staging folder lies there belongs to a build that is gone.

    - A book published by an earlier version of the tool, as a plain OUT/html folder (after
      putting back an edition its swap left aside), becomes a release, linked from OUT/html.
    - No OUT/html (a kill while doing so) or a link to nothing: it points at the newest
      release.
    - Staging folders, half-made links, the copies of previous editions the kernels read,
      unfinished cache entries and PDF links go; so does every release but the published
      one (`_tidy`, which also links OUT/pdf/ to the published PDFs).
    """
    html = out / "html"
    # The earlier tool's swap renamed the old book aside, then the new one into place: a kill
    # between the two left the old one aside (OUT/.html.previous-PID, html/.ar.previous-PID).
    for aside in sorted(out.glob(".html.previous-*")):
        if not os.path.lexists(html):
            aside.rename(html)
        else:
            _remove(aside)
    if html.is_dir() and not html.is_symlink():
        for aside in sorted(html.glob(".*.previous-*")):
            edition = html / aside.name[1:].partition(".previous-")[0]
            if not os.path.lexists(edition):
                aside.rename(edition)
            else:
                _remove(aside)
        # Adopt it: moved into releases/ and linked (a kill between the two leaves no
        # OUT/html, put right below).
        name = f"{time.time_ns():020d}-{os.getpid()}"
        (out / RELEASES).mkdir(exist_ok=True)
        html.rename(out / RELEASES / name)
        _point(out, name)
    for left in (
        *out.glob(".stage-*"),
        *out.glob(".html.new-*"),
        *out.glob(".previous-*"),
        *out.glob("pdf/.*"),
        *out.glob("cache/*/.*"),
    ):
        _remove(left)
    if not html.exists():
        releases = sorted((out / RELEASES).glob("*")) if (out / RELEASES).is_dir() else []
        if releases:
            _point(out, releases[-1].name)
        elif html.is_symlink():
            html.unlink()
    _tidy(out)


def _tidy(out: Path) -> None:
    """Remove every release but the published one, and make each published edition's PDF
    available at OUT/pdf/<name>.pdf (a hard link to the copy inside the edition). Failures
    are left for the next build's `recover`, which does this again."""
    current = _current(out)
    if current is not None:
        for release in (out / RELEASES).glob("*"):
            if release.name != current:
                _remove(release)
    for lang in LANGUAGES:
        for copy in edition_dir(out, lang).glob("*.pdf"):
            with suppress(OSError):
                _link_file(copy, out / "pdf" / copy.name)


def _link_file(source: Path, link: Path) -> None:
    """Make ``link`` the same file as ``source`` (a hard link, else a copy), replacing what
    was there in one rename."""
    if link.exists() and link.samefile(source):
        return
    link.parent.mkdir(parents=True, exist_ok=True)
    temporary = link.with_name(f".{link.name}.{os.getpid()}")
    temporary.unlink(missing_ok=True)
    try:
        os.link(source, temporary)
    except OSError:
        shutil.copyfile(source, temporary)
    temporary.replace(link)


def _remove(path: Path) -> None:
    """Remove ``path``, a folder or not, if it can be."""
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    else:
        with suppress(OSError):
            path.unlink()


def _manifest(html: Path) -> dict[str, Any]:
    try:
        return dict(json.loads((html / MANIFEST).read_text(encoding="utf-8")))
    except (OSError, ValueError):
        return {}


def _result(result: BuildResult) -> BuildResult:
    """``result`` with the pages and charts of its edition as published (and its PDF where
    it is: inside the edition, should OUT/pdf/ have failed to get its link, see `_tidy`)."""
    if result.pdf is not None and not result.pdf.is_file():
        result.pdf = result.html / result.pdf.name
    pages = [
        p
        for p in result.html.glob("*.html")
        if p.name not in {"search.html", "genindex.html", "index.html"}
    ]
    result.pages = len(pages)
    result.charts = sum(
        p.read_text(encoding="utf-8").count('class="talksbook-chart"') for p in pages
    )
    return result
