"""What the package imports: every outside distribution declared, and no import cycle inside.

Both read the source with ast, so that an import inside a function counts as much as one at
the top of a module (only imports under ``if TYPE_CHECKING:`` are left out: they never run).
"""

from __future__ import annotations

import ast
import importlib.metadata
import importlib.util
import re
import sys
import tomllib
from collections.abc import Iterator
from pathlib import Path

import pytest

import talksbook
from talksbook import pdf

PACKAGE = Path(talksbook.__file__).resolve().parent
PYPROJECT = PACKAGE.parents[1] / "pyproject.toml"
#: Extras that only serve development: what src/ imports must be declared outside them.
DEV_EXTRAS = {"dev"}


def module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def imports(tree: ast.AST) -> Iterator[ast.Import | ast.ImportFrom]:
    """Every import statement, at any depth (functions too), except TYPE_CHECKING blocks."""
    for node in ast.iter_child_nodes(tree):
        if isinstance(node, ast.If) and _is_type_checking(node):
            for child in node.orelse:
                yield from imports(ast.Module(body=[child], type_ignores=[]))
            continue
        if isinstance(node, ast.Import | ast.ImportFrom):
            yield node
        yield from imports(node)


def imported_modules(name: str, path: Path) -> Iterator[str]:
    """Absolute names of what the module ``name`` imports (submodules resolved)."""
    is_package = path.name == "__init__.py"
    for node in imports(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
            continue
        if node.level:
            base = name.split(".")
            base = base if is_package else base[:-1]
            base = base[: len(base) - (node.level - 1)]
            target = ".".join([*base, *([node.module] if node.module else [])])
        else:
            target = node.module or ""
        # `from . import appendix` imports the module appendix; `from .data import Package`
        # takes a name from the package's __init__. (A package is always initialised before
        # its modules: `from . import files` inside it is no cycle back to the package.)
        submodules = [f"{target}.{a.name}" for a in node.names if f"{target}.{a.name}" in MODULES]
        yield from submodules
        if len(submodules) < len(node.names):
            yield target


def normalised(requirement: str) -> str:
    """The distribution name of a requirement, normalised as PEP 503 says."""
    name = re.match(r"[A-Za-z0-9][A-Za-z0-9._-]*", requirement.strip())
    assert name, requirement
    return re.sub(r"[-_.]+", "-", name.group()).lower()


def declared() -> set[str]:
    project = tomllib.loads(PYPROJECT.read_text(encoding="utf-8"))["project"]
    extras = project.get("optional-dependencies", {})
    requirements = [*project["dependencies"]]
    for extra, listed in extras.items():
        if extra not in DEV_EXTRAS:
            requirements += listed
    return {normalised(r) for r in requirements}


def test_every_imported_distribution_is_declared():
    distributions = importlib.metadata.packages_distributions()
    wanted = declared()
    missing = []
    for name, path in MODULES.items():
        for module in imported_modules(name, path):
            top = module.split(".")[0]
            if not top or top == "talksbook" or top in sys.stdlib_module_names:
                continue
            providers = {normalised(d) for d in distributions.get(top, [])}
            if not providers & wanted:
                shown = ", ".join(sorted(providers)) or "no installed distribution"
                missing.append(f"{path.relative_to(PACKAGE.parent)}: imports {top} ({shown})")
    assert not missing, "declare in pyproject.toml [project] dependencies:\n" + "\n".join(
        sorted(set(missing))
    )


def test_the_checker_sees_imports_inside_functions_not_type_checking_ones():
    source = (
        "import os\n"
        "def f():\n"
        "    import yaml\n"
        "    class A:\n"
        "        from .x import y\n"
        "if TYPE_CHECKING:\n"
        "    import numpy\n"
    )
    assert sorted(n.lineno for n in imports(ast.parse(source))) == [1, 3, 5]


def test_relative_imports_resolve_to_modules():
    common = MODULES["talksbook.narrative.common"]
    assert {"talksbook.html", "talksbook.data"} <= set(
        imported_modules("talksbook.narrative.common", common)
    )
    init = MODULES["talksbook.narrative"]
    assert "talksbook.narrative.appendix" in set(imported_modules("talksbook.narrative", init))


def import_graph() -> dict[str, set[str]]:
    """Module → the package's modules it imports."""
    graph: dict[str, set[str]] = {}
    for name, path in MODULES.items():
        targets = {m for m in imported_modules(name, path) if m in MODULES and m != name}
        graph[name] = targets
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """One cycle per strongly connected component of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for other in sorted(graph[node]):
            if other not in index:
                visit(other)
                low[node] = min(low[node], low[other])
            elif other in on_stack:
                low[node] = min(low[node], index[other])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(_a_cycle(graph, set(component)))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def _a_cycle(graph: dict[str, set[str]], component: set[str]) -> list[str]:
    """A path through ``component`` from its first module back to it, for the message."""
    start = min(component)
    paths = {start: [start]}
    queue = [start]
    while queue:
        node = queue.pop(0)
        for other in sorted(graph[node] & component):
            if other == start:
                return [*paths[node], start]
            if other not in paths:
                paths[other] = [*paths[node], other]
                queue.append(other)
    raise AssertionError(component)


def test_no_import_cycle_among_the_package_modules():
    sys.setrecursionlimit(max(sys.getrecursionlimit(), 10 * len(MODULES)))
    found = cycles(import_graph())
    assert not found, "import cycles (imports inside functions count too):\n" + "\n".join(
        " -> ".join(cycle) for cycle in found
    )


def test_the_cycle_check_finds_a_cycle():
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert cycles(graph) == [["a", "b", "c", "a"]]
    assert cycles({"a": {"b"}, "b": set()}) == []


def test_playwright_is_the_pdf_extra_and_its_absence_is_explained(
    monkeypatch: pytest.MonkeyPatch,
):
    project = tomllib.loads(PYPROJECT.read_text(encoding="utf-8"))["project"]
    assert "playwright" not in {normalised(r) for r in project["dependencies"]}
    assert "playwright" in {normalised(r) for r in project["optional-dependencies"]["pdf"]}
    monkeypatch.setenv("TALKSBOOK_CHROMIUM", sys.executable)  # any existing file will do
    real = importlib.util.find_spec
    monkeypatch.setattr(
        importlib.util, "find_spec", lambda name, *a: None if name == "playwright" else real(name)
    )
    with pytest.raises(pdf.ChromiumMissing, match=r"pip install 'talksbook\[pdf\]'"):
        pdf.chromium()
