"""Execute one chapter template with Papermill and check that every cell really ran."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

import nbformat
import papermill

from .html import myst_escape
from .plan import Chapter

KERNEL = "python3"
CELL_TIMEOUT_S = 600


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

    ``cwd`` is the kernel's working directory (default: this process's).
    """
    kernel_environment()
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
        )
    except papermill.PapermillExecutionError as error:
        raise NotebookFailed(
            chapter, f"cell {error.exec_count}: {error.ename}: {error.evalue}"
        ) from None
    except Exception as error:  # timeouts, dead kernels, unreadable templates
        raise NotebookFailed(chapter, f"{type(error).__name__}: {error}") from None
    notebook = nbformat.read(output, as_version=4)
    check_completed(chapter, notebook)
    prepare_for_book(notebook, chapter.title)
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


def prepare_for_book(notebook: nbformat.NotebookNode, title: str) -> None:
    """Hide parameter cells, set the page title, drop run-specific metadata.

    The title may come from the data, so it enters MyST only through myst_escape. Timestamps
    and paths are removed so that two builds of the same inputs are byte-identical.
    """
    for cell in notebook.cells:
        tags = cell.get("metadata", {}).get("tags", [])
        if {"parameters", "injected-parameters"} & set(tags) and "remove-cell" not in tags:
            cell.metadata["tags"] = [*tags, "remove-cell"]
        if "injected-parameters" in tags:
            cell.id = "injected-parameters"  # papermill gives it a random id
        cell.get("metadata", {}).pop("papermill", None)
        cell.get("metadata", {}).pop("execution", None)
    heading = next(c for c in notebook.cells if c.cell_type == "markdown")
    heading.source = "# " + myst_escape(title)
    notebook.metadata.pop("papermill", None)
