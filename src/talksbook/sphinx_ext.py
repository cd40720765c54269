"""A small Sphinx extension for the book: drop what only works online, escape what the theme
does not.

Jupyter Book always loads sphinx-thebe, which registers its configuration script twice (a
``const`` redeclared: a JavaScript error on every page) and points at unpkg.com. The book runs
nothing live, so its scripts are removed from every page.

sphinx-book-theme (1.3) puts the *plain text* of page titles into its templates unescaped
(``<h1>{{ pagetitle }}</h1>`` in the print header) and Sphinx's Jinja does not autoescape, so a
meeting titled ``<img src=x onerror=…>`` in the data would be live HTML on its page.

The theme also offers "Download source file" from ``_sources/``, which does not exist with
``html_copy_source`` off (the executed notebooks are not published): that link is dropped.
"""

from __future__ import annotations

import html
from pathlib import Path
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


def _escape_theme_titles(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    # Runs after the theme's own hook (priority 500) has set these from title.astext().
    for key in ("pagetitle", "root_title"):
        if isinstance(context.get(key), str):
            context[key] = html.escape(context[key], quote=True)


def _drop_dead_source_links(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    if app.config.html_copy_source:
        return
    for group in context.get("header_buttons", []):
        if isinstance(group, dict) and isinstance(group.get("buttons"), list):
            group["buttons"] = [
                b for b in group["buttons"] if "_sources" not in str(b.get("url", ""))
            ]


#: Templates that override the theme's (see sphinx_templates/static/webpack-macros.html: the
#: theme's own macros without fontawesome.js, 1.5 MB that every page loaded for nothing).
TEMPLATES = Path(__file__).resolve().with_name("sphinx_templates")


def _add_templates(app: Sphinx, config: Any) -> None:
    # An absolute path: Sphinx joins templates_path to the book's folder, which keeps it.
    if str(TEMPLATES) not in config.templates_path:
        config.templates_path.append(str(TEMPLATES))


def setup(app: Sphinx) -> dict[str, Any]:
    """Register the page hooks and the template overrides."""
    app.connect("config-inited", _add_templates)
    app.connect("html-page-context", _drop_online_scripts, priority=900)
    app.connect("html-page-context", _escape_theme_titles, priority=900)
    app.connect("html-page-context", _drop_dead_source_links, priority=900)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
