"""A small Sphinx extension for the book: drop what only works online.

Jupyter Book always loads sphinx-thebe, which registers its configuration script twice (a
``const`` redeclared: a JavaScript error on every page) and points at unpkg.com. The book runs
nothing live, so its scripts are removed from every page.
"""

from __future__ import annotations

from typing import Any

from sphinx.application import Sphinx


def _is_thebe(script: Any) -> bool:
    filename = str(getattr(script, "filename", "") or "")
    body = str(getattr(script, "attributes", {}).get("body", ""))
    return "thebe" in filename.lower() or "THEBE_JS_URL" in body


def _drop_online_scripts(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    context["script_files"] = [s for s in context.get("script_files", []) if not _is_thebe(s)]


def setup(app: Sphinx) -> dict[str, Any]:
    """Register the page hook."""
    app.connect("html-page-context", _drop_online_scripts, priority=900)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
