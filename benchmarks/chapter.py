"""Run one chapter template's cells in this process, timing each: what a kernel does.

A notebook kernel is another process, out of a profiler's reach; this runs the same cells
(the parameters cell replaced by the given values) where py-spy or pyinstrument can see
them. It prints each cell's seconds and the bytes of what it displays.

    pyinstrument benchmarks/chapter.py --data benchmarks/_work/synth-100000 --chapter overview
    python benchmarks/chapter.py --data data --chapter meeting      # the first meeting

Set TALKSBOOK_VALIDATED_PACKAGE (see talksbook.data.package) to a file written by
``save_validated`` to start as the build's kernels do, from the package it validated.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import Any

import nbformat

from talksbook.paths import NOTEBOOKS_DIR


def run(data: Path, chapter: str, meeting: str | None = None) -> None:
    """Execute the code cells of notebooks/{chapter}.ipynb, printing a line per cell."""
    from talksbook.render import chart_mimebundle

    notebook = nbformat.read(NOTEBOOKS_DIR / f"{chapter}.ipynb", as_version=4)
    scope: dict[str, Any] = {}
    for cell in notebook.cells:
        if cell.cell_type != "code":
            continue
        started = time.perf_counter()
        if "parameters" in cell.metadata.get("tags", []):
            exec(cell.source, scope)  # the defaults, then the values a build would pass
            scope["data_dir"] = str(data)
            if "meeting_id" in scope:
                from talksbook.data import load
                from talksbook.plan import meeting_chapters

                scope["meeting_id"] = meeting or str(meeting_chapters(load(data)).id.iloc[0])
            continue
        *body, last = cell.source.strip().splitlines() or [""]
        try:
            expression = compile(last, "<cell>", "eval")
        except SyntaxError:  # the cell ends with a statement: nothing is displayed
            body, expression = [*body, last], None
        exec("\n".join(body), scope)
        shown = eval(expression, scope) if expression is not None else None
        if hasattr(shown, "to_dict"):  # a chart: what the renderer would embed
            shown = chart_mimebundle(shown.to_dict())["text/html"]
        seconds = time.perf_counter() - started
        size = len(str(shown).encode()) if shown is not None else 0
        print(f"{seconds:7.2f} s {size:>10,} B  {last[:70]}", flush=True)


def main(argv: list[str] | None = None) -> int:
    """``python benchmarks/chapter.py --data DIR --chapter NAME [--meeting ID]``."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=Path("data"))
    parser.add_argument("--chapter", required=True, help="template name, e.g. overview")
    parser.add_argument("--meeting", help="meeting id for the meeting template")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    run(args.data, args.chapter, args.meeting)
    print(f"{time.perf_counter() - started:7.2f} s in all")
    return 0


if __name__ == "__main__":
    sys.exit(main())
