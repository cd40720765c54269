"""The baseline: the same chapter notebooks built "the plain way", by Jupyter Book alone.

No papermill, no cache, no parallelism: the notebooks are copied into a book folder with
their parameter values written into their parameters cell, and ``jupyter-book build``
executes every one of them, one after the other (``execute_notebooks: force``), before it
writes the HTML. This is what the pipeline's build is measured against.

    python benchmarks/plain.py --data data --folder benchmarks/_work/plain
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import nbformat
import yaml

from talksbook.data import load
from talksbook.paths import BOOK_DIR, CONFIG_FILE, DESCRIPTOR_NAME
from talksbook.plan import BookPlan
from talksbook.render import write_vega_bundle

# Cells may run longer than Jupyter Book's default 30 s; the pipeline allows 600 s too.
CELL_TIMEOUT_S = 600


def stage(data: Path, folder: Path) -> list[str]:
    """Write a complete plain Jupyter Book into ``folder``; return its chapter names."""
    package = load(data)
    book_plan = BookPlan.load()
    plan = book_plan.chapters(package)
    if folder.exists():
        shutil.rmtree(folder)
    (folder / "book").mkdir(parents=True)
    book = folder / "book"
    for chapter in plan:
        notebook = nbformat.read(chapter.template, as_version=4)
        values: dict[str, Any] = {"data_dir": str(data.resolve()), **chapter.parameters}
        for cell in notebook.cells:
            tags = cell.get("metadata", {}).get("tags", [])
            if "parameters" in tags:
                # Later assignments win: the cell keeps its defaults and gets ours after them.
                lines = [f"{name} = {value!r}" for name, value in values.items()]
                cell.source += "\n# Set by benchmarks/plain.py\n" + "\n".join(lines) + "\n"
                cell.metadata["tags"] = [*tags, "remove-cell"]
        heading = next(c for c in notebook.cells if c.cell_type == "markdown")
        heading.source = f"# {chapter.title}"
        nbformat.write(notebook, book / f"{chapter.name}.ipynb")

    config = yaml.safe_load(CONFIG_FILE.read_text(encoding="utf-8"))
    config["execute"] = {"execute_notebooks": "force", "timeout": CELL_TIMEOUT_S}
    (book / "_config.yml").write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    names = [c.name for c in plan]
    root = book_plan.root
    toc = {"format": "jb-book", "root": root, "chapters": [{"file": n} for n in names if n != root]}
    (book / "_toc.yml").write_text(yaml.safe_dump(toc, sort_keys=False), encoding="utf-8")
    static = book / "_static"
    shutil.copytree(BOOK_DIR / "_static", static)
    write_vega_bundle(static)
    # The same downloads as the pipeline's book, so that both write the same pages.
    downloads = static / "data"
    sources = package["sources"]
    for file in [
        DESCRIPTOR_NAME,
        *sorted(p.name for p in data.glob("*.csv")),
        *sorted({p for p in sources.path if p}),
    ]:
        (downloads / file).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(data / file, downloads / file)
    return names


def build(folder: Path) -> float:
    """Run Jupyter Book on the staged book; return the seconds it took."""
    jupyter_book = str(Path(sys.executable).parent / "jupyter-book")
    started = time.monotonic()
    run = subprocess.run(
        [jupyter_book, "build", str(folder / "book"), "--path-output", str(folder / "out")],
        capture_output=True,
        text=True,
        check=False,
    )
    seconds = time.monotonic() - started
    if run.returncode != 0:
        tail = "\n".join((run.stdout + run.stderr).strip().splitlines()[-20:])
        raise RuntimeError(f"the plain Jupyter Book build failed:\n{tail}")
    return seconds


def main(argv: list[str] | None = None) -> int:
    """``python benchmarks/plain.py --data DIR --folder DIR``: stage, build, print seconds."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=Path("data"))
    parser.add_argument("--folder", type=Path, required=True, help="work folder (replaced)")
    args = parser.parse_args(argv)
    names = stage(args.data, args.folder)
    seconds = build(args.folder)
    print(json.dumps({"chapters": len(names), "seconds": round(seconds, 2)}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
