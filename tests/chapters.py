"""Chapters as the book ships them: the real template notebooks, run in this process.

The build executes ``notebooks/*.ipynb`` with Papermill and `talksbook.execute.prepare_for_book`
turns the section-heading cells into ``##`` headings, dropping those over nothing shown. Here
the same templates run cell by cell in one namespace, with the parameters Papermill would
inject, and the same function (`talksbook.execute.shown_headings`) decides which headings stay:
the tests read exactly what the notebooks call, in their order, under their headings.

A chapter is returned as HTML: each cell's outputs (what it displayed, then the ``_repr_html_``
of its last expression; charts are built but not drawn, and count as shown) and each kept
heading as ``<h2>``, or at its own level for a heading a cell displayed (`headings.Heading`).
`chapters` keeps what it rendered for a package object, so tests that read the shipped data
share one run; a changed package is another object (packages are not changed in place).
"""

from __future__ import annotations

import ast
import contextlib
import copy
from collections.abc import Iterator, Mapping
from functools import cache
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from unittest import mock

import altair as alt
import IPython.display
import nbformat

import talksbook
import talksbook.charts  # (patched by _isolated, so imported first)
import talksbook.notebook
from talksbook import plan
from talksbook.data import Package
from talksbook.execute import (
    emitted_heading,
    heading_key,
    shown_headings,
    shows_output,
    split_at_emitted_headings,
)
from talksbook.headings import Heading
from talksbook.html import Html, el
from talksbook.paths import DATA_DIR, NOTEBOOKS_DIR
from talksbook.words import text


@cache
def _template(path: Path) -> nbformat.NotebookNode:
    return nbformat.read(path, as_version=4)


def _run(source: str, namespace: dict[str, Any], filename: str) -> Any:
    """Run a cell's code as IPython does: the value of its last expression, if it ends in one."""
    tree = ast.parse(source, filename)
    last = tree.body.pop() if tree.body and isinstance(tree.body[-1], ast.Expr) else None
    exec(compile(tree, filename, "exec"), namespace)
    if last is None:
        return None
    return eval(compile(ast.Expression(last.value), filename, "eval"), namespace)


def _output(value: Any) -> list[dict[str, Any]]:
    """The outputs a notebook would record for a cell's value (charts: not drawn, only shown)."""
    if value is None:
        return []
    data = {"text/plain": repr(value)}
    if hasattr(value, "_repr_html_"):
        data["text/html"] = value._repr_html_()
    return [nbformat.v4.new_output("execute_result", data=data, execution_count=1)]


class _Undrawn:
    """A chart that was not built (``charts=False``): it counts as shown, like any chart."""

    def __init__(self, name: str) -> None:
        self.name = name

    def __repr__(self) -> str:
        return f"<chart {self.name}, not built>"


class _NoCharts:
    """Stands for ``talksbook.charts`` when charts are left out: every call gives `_Undrawn`."""

    def __getattr__(self, name: str) -> Any:
        return lambda *args, **kwargs: _Undrawn(name)


@contextlib.contextmanager
def _isolated(pkg: Package | None, charts: bool) -> Iterator[None]:
    """The notebooks' setup loads ``pkg`` (when given) instead of reading data_dir, and their
    ``from talksbook import charts`` gets `_NoCharts` unless ``charts``; Altair's renderer and
    theme, which setup switches on, are restored afterwards."""
    renderer, theme = alt.renderers.active, alt.theme.active
    try:
        with contextlib.ExitStack() as stack:
            if pkg is not None:
                stack.enter_context(
                    mock.patch.object(talksbook.notebook, "load", lambda _data_dir: pkg)
                )
            if not charts:
                stack.enter_context(mock.patch.object(talksbook, "charts", _NoCharts()))
            yield
    finally:
        alt.renderers.enable(renderer)
        alt.theme.enable(theme)


def _displayed(value: Any) -> dict[str, Any]:
    """The output ``IPython.display.display(value)`` records (a Heading keeps its MIME bundle)."""
    if isinstance(value, Heading):
        return nbformat.v4.new_output("display_data", data=value._repr_mimebundle_())
    (output,) = _output(value)
    return nbformat.v4.new_output("display_data", data=output["data"])


def execute(
    template: Path, pkg: Package | None = None, charts: bool = True, **parameters: Any
) -> nbformat.NotebookNode:
    """``template`` executed: the parameters cell, then ``parameters`` as Papermill injects them,
    then every other code cell in one namespace; each cell's outputs recorded (what it passed
    to ``display``, then its value), and cut at the headings it displayed, as the build does."""
    notebook = copy.deepcopy(_template(template))
    namespace: dict[str, Any] = {"__name__": "__main__"}
    shown: list[dict[str, Any]] = []
    with (
        _isolated(pkg, charts),
        mock.patch.object(
            IPython.display, "display", lambda *values: shown.extend(map(_displayed, values))
        ),
    ):
        for cell in notebook.cells:
            if cell.cell_type != "code":
                continue
            shown.clear()
            value = _run(cell.source, namespace, f"<{template.name} cell {cell.id}>")
            cell.outputs = [*shown, *_output(value)]
            if "parameters" in cell.metadata.get("tags", []):
                namespace.update(parameters)
    notebook.cells = split_at_emitted_headings(notebook.cells)
    return notebook


def shipped(notebook: nbformat.NotebookNode, lang: str) -> Html:
    """What the page shows of an executed notebook: outputs, and headings as ``<h2>`` (or the
    level a displayed heading asked for)."""
    parts: list[Html] = []
    for cell in shown_headings(notebook.cells):
        key, emitted = heading_key(cell), emitted_heading(cell)
        if key is not None:
            parts.append(el("h2", text(key, lang)))
        elif emitted is not None:
            parts.append(el(f"h{emitted[0]}", emitted[1]))
        elif shows_output(cell):
            parts.extend(
                Html(output["data"]["text/html"])
                for output in cell.outputs
                if "text/html" in output.get("data", {})
            )
    return Html().join(parts)


def chapter(
    template: str,
    pkg: Package | None = None,
    lang: str = "en",
    charts: bool = True,
    **parameters: Any,
) -> Html:
    """One chapter from ``notebooks/<template>.ipynb``, e.g. ``chapter("meeting", pkg,
    meeting_id="riyadh-talks")``; ``pkg`` replaces the package the notebook would load.

    ``charts=False`` leaves the charts out (each still counts as shown): for prose tests on
    data the build would refuse (an emptied table breaks foreign keys), which the prose must
    survive and the charts need not.
    """
    return _chapter(NOTEBOOKS_DIR / f"{template}.ipynb", pkg, lang, charts, **parameters)


def _chapter(
    template: Path, pkg: Package | None, lang: str, charts: bool, **parameters: Any
) -> Html:
    injected = {"data_dir": str(DATA_DIR), "lang": lang, **parameters}
    return shipped(execute(template, pkg, charts, **injected), lang)


#: Rendered chapters by (package object, language, parameters); the package is held, so its
#: id cannot be reused by another object.
_rendered: dict[tuple[int, str, str], tuple[Package, dict[str, Html]]] = {}


def chapters(
    pkg: Package, lang: str = "en", charts: bool = True, **parameters: Any
) -> dict[str, Html]:
    """Every chapter the book would show for ``pkg`` in ``lang``, by page name, as the build
    plans them (`talksbook.plan.BookPlan.chapters`: templates and their parameters)."""
    key = (id(pkg), lang, repr((charts, sorted(parameters.items()))))
    if key not in _rendered:
        _rendered[key] = (pkg, _chapters(pkg, lang, charts, **parameters))
    return dict(_rendered[key][1])


def _chapters(pkg: Package, lang: str, charts: bool, **parameters: Any) -> dict[str, Html]:
    rendered = {}
    for planned in plan.BookPlan.load().chapters(pkg, lang=lang):
        injected: Mapping[str, Any] = {**parameters, **planned.parameters}
        rendered[planned.name] = _chapter(planned.template, pkg, lang, charts, **injected)
    return rendered


VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}


class _TopLevel(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.depth = 0
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.depth == 0:
            self.tags.append((tag, dict(attrs)))
        if tag not in VOID:
            self.depth += 1

    def handle_endtag(self, tag: str) -> None:
        if tag not in VOID:
            self.depth -= 1


def top_level(markup: Html | str) -> list[tuple[str, dict[str, str | None]]]:
    """The elements of a chapter that no other element holds: its headings and cell outputs."""
    parser = _TopLevel()
    parser.feed(str(markup))
    parser.close()
    return parser.tags
