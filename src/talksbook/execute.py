"""Execute one chapter template with Papermill and check that every cell really ran."""

from __future__ import annotations

import copy
import os
import sys
from collections.abc import Iterable, Mapping
from itertools import takewhile
from pathlib import Path
from typing import Any

import nbformat
import papermill

from . import kernels
from .headings import HEADING_MIME, LEVELS
from .html import myst_escape
from .plan import Chapter
from .words import DEFAULT_LANG, text

KERNEL = "python3"
CELL_TIMEOUT_S = 600
#: Metadata of a template's section-heading cell: ``{"talksbook": {"heading": TEMPLATE_KEY}}``.
#: Its source (the English heading, for whoever opens the template) is replaced at build time.
HEADING_METADATA = "talksbook"
#: The same metadata's key on a heading cell made from a displayed headings.Heading.
EMITTED = "emitted_heading"
#: Tags that keep a cell's output off the page.
HIDDEN_OUTPUT_TAGS = {"remove-cell", "remove-output"}


class NotebookFailed(RuntimeError):
    """A chapter notebook did not run to the end; the message names the notebook and cell."""

    def __init__(self, chapter: Chapter, detail: str) -> None:
        self.chapter = chapter
        super().__init__(f"{chapter.template.name} (chapter {chapter.name}): {detail}")


def kernel_environment() -> None:
    """Make the kernel start with this interpreter: the python3 kernelspec just says 'python'."""
    bin_dir = str(Path(sys.executable).parent)
    path = os.environ.get("PATH", "")
    if not path.startswith(bin_dir + os.pathsep):
        os.environ["PATH"] = bin_dir + os.pathsep + path


def execute(
    chapter: Chapter,
    output: Path,
    parameters: dict[str, Any],
    timeout: int = CELL_TIMEOUT_S,
    cwd: Path | None = None,
) -> Path:
    """Run ``chapter`` into ``output``; raise :class:`NotebookFailed` unless every cell ran.

    ``cwd`` is the kernel's working directory (default: this process's). Inside a
    :func:`talksbook.kernels.warm_kernels` block the kernel is forked from a process that has
    imported the stack already.
    """
    kernel_environment()
    pool = kernels.active()
    warm = {"kernel_manager_class": pool.manager_class} if pool is not None else {}
    # Not papermill's cwd argument: it would os.chdir the whole process, which races between
    # threads. nbclient starts the kernel in resources.metadata.path instead.
    resources = {"metadata": {"path": str(cwd)}} if cwd is not None else {}
    try:
        papermill.execute_notebook(
            str(chapter.template),
            str(output),
            parameters={**parameters, **chapter.parameters},
            kernel_name=KERNEL,
            progress_bar=False,
            log_output=False,
            execution_timeout=timeout,
            resources=resources,
            # The kernel warns about unencrypted local TCP on every start: noise in our progress.
            extra_arguments=["--IPKernelApp.log_level=ERROR"],
            **warm,
        )
    except papermill.PapermillExecutionError as error:
        raise NotebookFailed(
            chapter, f"cell {error.exec_count}: {error.ename}: {error.evalue}"
        ) from None
    except Exception as error:  # timeouts, dead kernels, unreadable templates
        raise NotebookFailed(chapter, f"{type(error).__name__}: {error}") from None
    notebook = nbformat.read(output, as_version=4)
    check_completed(chapter, notebook)
    lang = str({**parameters, **chapter.parameters}.get("lang", DEFAULT_LANG))
    try:
        prepare_for_book(notebook, chapter.title, lang)
    except (KeyError, ValueError) as error:  # a heading cell naming no template of ``lang``
        raise NotebookFailed(chapter, f"section heading: {error}") from None
    nbformat.write(notebook, output)
    return output


def check_completed(chapter: Chapter, notebook: nbformat.NotebookNode) -> None:
    """Every code cell must have run and finished without an error output.

    Papermill reports success when a cell calls sys.exit(0) or the kernel dies quietly; the
    cells after it stay "pending", which is what this catches.
    """
    for index, cell in enumerate(notebook.cells):
        if cell.cell_type != "code":
            continue
        status = cell.get("metadata", {}).get("papermill", {}).get("status")
        if status != "completed" or cell.get("execution_count") is None:
            raise NotebookFailed(
                chapter,
                f"cell {index} did not run to completion "
                f"(status {status!r}): execution stopped early",
            )
        for output in cell.get("outputs", []):
            if output.get("output_type") == "error":
                raise NotebookFailed(
                    chapter, f"cell {index}: {output.get('ename')}: {output.get('evalue')}"
                )


def heading_key(cell: Mapping[str, Any]) -> str | None:
    """The template key of a section-heading cell, or None for any other cell."""
    if cell.get("cell_type") != "markdown":
        return None
    marker = cell.get("metadata", {}).get(HEADING_METADATA)
    key = marker.get("heading") if isinstance(marker, Mapping) else None
    return key if isinstance(key, str) else None


def shows_output(cell: Mapping[str, Any]) -> bool:
    """Whether an executed code cell puts anything on the page.

    An empty section function still returns an output: text/html "" (beside a text/plain
    repr the book never shows). The page shows text/html when there is one (the book's MIME
    priority), stdout, or any other data; stderr is removed from pages (nb_output_stderr).
    """
    if cell.get("cell_type") != "code":
        return False
    if HIDDEN_OUTPUT_TAGS & set(cell.get("metadata", {}).get("tags", [])):
        return False
    for output in cell.get("outputs", []):
        kind = output.get("output_type")
        if kind == "stream":
            if output.get("name") != "stderr" and str(output.get("text", "")).strip():
                return True
        elif kind in {"display_data", "execute_result"}:
            data = output.get("data", {})
            shown = [data["text/html"]] if "text/html" in data else list(data.values())
            if any(str(value).strip() for value in shown):
                return True
        elif kind == "error":
            return True
    return False


def shown_headings(cells: Iterable[Any]) -> list[Any]:
    """The cells without the section headings that have nothing shown under them.

    A heading cell is kept when a code cell between it and the next heading cell shows an
    output (see :func:`shows_output`); a section with nothing to show gets no heading.
    """
    cells = list(cells)
    kept = []
    for index, cell in enumerate(cells):
        if heading_key(cell) is not None:
            section = takewhile(lambda c: heading_key(c) is None, cells[index + 1 :])
            if not any(shows_output(c) for c in section):
                continue
        kept.append(cell)
    return kept


def _emitted_heading(output: Mapping[str, Any]) -> str | None:
    """The MyST heading line of an output that displays a headings.Heading, else None."""
    spec = output.get("data", {}).get(HEADING_MIME)
    if output.get("output_type") != "display_data" or not isinstance(spec, Mapping):
        return None
    level, words = spec.get("level"), spec.get("text")
    if level not in LEVELS or not isinstance(words, str):
        raise ValueError(f"a heading output is level {LEVELS} with text, not {dict(spec)!r}")
    return "#" * level + " " + myst_escape(" ".join(words.split()))


def emitted_heading(cell: Mapping[str, Any]) -> tuple[int, str] | None:
    """(level, text) of a heading cell made from a displayed Heading, else None."""
    marker = cell.get("metadata", {}).get(HEADING_METADATA)
    spec = marker.get(EMITTED) if isinstance(marker, Mapping) else None
    return (int(spec["level"]), str(spec["text"])) if isinstance(spec, Mapping) else None


def split_at_emitted_headings(cells: Iterable[Any]) -> list[Any]:
    """The cells with every code cell that displayed headings cut at them: the outputs before
    a heading stay in a copy of the cell, each heading becomes a markdown cell (its level and
    text kept in its metadata, see :func:`emitted_heading`), and so on."""
    result: list[Any] = []
    for cell in cells:
        outputs = cell.get("outputs", []) if cell.get("cell_type") == "code" else []
        if not any(_emitted_heading(o) is not None for o in outputs):
            result.append(cell)
            continue
        # Runs of outputs, and between them (MyST line, heading spec) pairs.
        runs: list[list[Any] | tuple[str, dict[str, Any]]] = [[]]
        for output in outputs:
            line = _emitted_heading(output)
            if line is None:
                run = runs[-1]
                if isinstance(run, tuple):
                    runs.append(run := [])
                run.append(output)
            else:
                runs.append((line, dict(output["data"][HEADING_MIME])))
        pieces = [r for r in runs if r != []]
        for number, piece in enumerate(pieces):
            if isinstance(piece, tuple):
                line, spec = piece
                new = nbformat.v4.new_markdown_cell(line)
                new.metadata[HEADING_METADATA] = {EMITTED: spec}
            else:
                new = copy.deepcopy(cell)
                new.outputs = piece
            new.id = f"{cell.id}-{number}"  # ids stay unique and the same in every build
            result.append(new)
    return result


def prepare_for_book(notebook: nbformat.NotebookNode, title: str, lang: str = DEFAULT_LANG) -> None:
    """Hide parameter cells, set the page title and the section headings, drop run-specific
    metadata.

    Each section-heading cell becomes a MyST ``##`` heading in ``lang`` (so that Sphinx lists
    it in the page's table of contents), or is dropped when its section shows nothing; each
    heading a cell displayed (headings.Heading) becomes a heading cell of its own. The title
    and the emitted headings may come from the data, so they enter MyST only through
    myst_escape; so do the template's headings.
    Timestamps and paths are removed so that two builds of the same inputs are byte-identical.
    """
    notebook.cells = shown_headings(split_at_emitted_headings(notebook.cells))
    for cell in notebook.cells:
        tags = cell.get("metadata", {}).get("tags", [])
        if {"parameters", "injected-parameters"} & set(tags) and "remove-cell" not in tags:
            cell.metadata["tags"] = [*tags, "remove-cell"]
        if "injected-parameters" in tags:
            cell.id = "injected-parameters"  # papermill gives it a random id
        cell.get("metadata", {}).pop("papermill", None)
        cell.get("metadata", {}).pop("execution", None)
        key = heading_key(cell)
        if key is not None:
            cell.source = "## " + myst_escape(text(key, lang))
    heading = next(
        c for c in notebook.cells if c.cell_type == "markdown" and heading_key(c) is None
    )
    heading.source = "# " + myst_escape(title)
    notebook.metadata.pop("papermill", None)
