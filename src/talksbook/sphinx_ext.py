"""A small Sphinx extension for the book: drop what only works online, escape what the theme
does not.

Jupyter Book always loads sphinx-thebe, which registers its configuration script twice (a
``const`` redeclared: a JavaScript error on every page) and points at unpkg.com. The book runs
nothing live, so its scripts are removed from every page.

sphinx-book-theme (1.3) puts the *plain text* of page titles into its templates unescaped
(``<h1>{{ pagetitle }}</h1>`` in the print header) and Sphinx's Jinja does not autoescape, so a
meeting titled ``<img src=x onerror=…>`` in the data would be live HTML on its page.

The theme also offers "Download source file" from ``_sources/``, which does not exist with
``html_copy_source`` off (the executed notebooks are not published), and a ".pdf" button that
prints only the page on screen: both are dropped. Where the build prints the book
(``talksbook_pdf``, written by the pipeline), every page links to the edition's PDF instead.

Sphinx's search page inserts the title of every result with ``innerHTML``, and its index holds
the plain text of section titles, which is data: a meeting titled ``<img src=x onerror=…>``
would run on ``search.html?q=…``. The published index holds them escaped.

Editions: every page gets a language switch to the same page in the other editions
(``talksbook_editions``, written by the pipeline), a right-to-left edition gets
``dir="rtl"`` on ``<html>``, which neither Sphinx nor the theme set, and the few words Sphinx
and the theme leave in English are translated from the ``theme.*`` templates.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import quote

from markupsafe import Markup
from sphinx.application import Sphinx
from sphinx.errors import ExtensionError


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
    # The book's title (from the plan, or the data) as Markup: the templates print it bare
    # (the navbar logo, the search page's <title>, an alt text) and escaped (|e) in other
    # places; escaped once as Markup, it is safe in the first and not escaped twice in the
    # second.
    docstitle = context.get("docstitle")
    if isinstance(docstitle, str) and not isinstance(docstitle, Markup):
        context["docstitle"] = Markup(html.escape(docstitle, quote=True))


#: Page names the theme may write into its inline scripts: nothing that could end a string.
SAFE_PAGE_NAME = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_./-]*")


def _refuse_unsafe_page_names(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    # pydata-sphinx-theme writes ``DOCUMENTATION_OPTIONS.pagename = '{pagename}'`` unescaped.
    # The build names pages safely (talksbook.plan.page_name); this is the last line.
    if not SAFE_PAGE_NAME.fullmatch(pagename):
        raise ExtensionError(f"unsafe page name {pagename!r}: names may hold [A-Za-z0-9_./-]")


#: The theme's ".pdf" button: it prints the page on screen, not the book.
PRINT_BUTTON = "download-pdf-button"


def _drop_page_downloads(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    # The theme's download menu offers the page's source (dead without html_copy_source) and
    # a print of the page on screen; the book links its own PDF instead (PDF_TEMPLATE). A
    # menu left empty goes too.
    def kept(button: Any) -> bool:
        if not isinstance(button, dict):
            return True
        dead = not app.config.html_copy_source and "_sources" in str(button.get("url", ""))
        return not dead and button.get("label") != PRINT_BUTTON

    buttons = [b for b in context.get("header_buttons", []) if kept(b)]
    for group in buttons:
        if isinstance(group, dict) and isinstance(group.get("buttons"), list):
            group["buttons"] = [b for b in group["buttons"] if kept(b)]
    context["header_buttons"] = [
        b
        for b in buttons
        if not (isinstance(b, dict) and b.get("type") == "group" and not b.get("buttons"))
    ]


#: Templates that override the theme's (see sphinx_templates/static/webpack-macros.html: the
#: theme's own macros without fontawesome.js, 1.5 MB that every page loaded for nothing).
TEMPLATES = Path(__file__).resolve().with_name("sphinx_templates")


def _add_templates(app: Sphinx, config: Any) -> None:
    # An absolute path: Sphinx joins templates_path to the book's folder, which keeps it.
    if str(TEMPLATES) not in config.templates_path:
        config.templates_path.append(str(TEMPLATES))


#: Languages written right to left (of those the book can be built in).
RIGHT_TO_LEFT = {"ar"}
SWITCH_TEMPLATE = "language-switch.html"


PDF_TEMPLATE = "pdf-link.html"


def _add_header_links(app: Sphinx, config: Any) -> None:
    """The language switch (with other editions) and the link to the edition's PDF (when the
    build prints one) before the theme's buttons."""
    added = [SWITCH_TEMPLATE] if config.talksbook_editions else []
    added += [PDF_TEMPLATE] if config.talksbook_pdf else []
    if not added:
        return
    options = dict(config.html_theme_options or {})
    end = list(options.get("article_header_end") or ["article-header-buttons.html"])
    options["article_header_end"] = [*added, *end]
    config.html_theme_options = options


def _pdf_link(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    # The PDF is published at the top of the edition (talksbook.pipeline); the single page
    # printed as the PDF links to no PDF.
    book = app.config.talksbook_pdf
    if app.builder.name != "html" or not book:
        context["talksbook_pdf"] = None
        return
    context["talksbook_pdf"] = {
        "href": "../" * pagename.count("/") + quote(str(book["file"])),
        "title": str(book["title"]),
        "label": str(book["label"]),
    }


def _language_links(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    # The single page printed as the PDF links nowhere: it is one edition on paper.
    if app.builder.name != "html":
        context["talksbook_editions"] = []
        return
    context["talksbook_editions"] = [
        {
            "href": f"{edition['prefix']}{pagename}.html",
            "lang": edition["lang"],
            "label": edition["label"],
            "title": edition["title"],
            "dir": "rtl" if edition["lang"] in RIGHT_TO_LEFT else "ltr",
        }
        for edition in app.config.talksbook_editions
    ]


_HTML_TAG = re.compile(r"<html\b([^>]*)>")


def _theme_words(lang: str) -> dict[str, str]:
    """The theme's English words that Sphinx and the theme leave untranslated, each with its
    ``lang`` translation (the ``theme.*`` templates; see narrative.en.yml)."""
    from .words import keys, text

    return {
        text(key, "en"): text(key, lang) for key in sorted(keys("en")) if key.startswith("theme.")
    }


def _translator(words: dict[str, str]) -> Callable[[str], str]:
    """A function that replaces the theme's English ``words`` in a page where they stand
    whole: as an attribute value, or as the whole text of an element."""
    by_escaped = {html.escape(w, quote=True): html.escape(t, quote=True) for w, t in words.items()}
    alternatives = "|".join(map(re.escape, by_escaped))
    attribute = re.compile(
        rf'(\s(?:title|aria-label|placeholder|data-bs-title|alt)=")({alternatives})"'
    )
    element = re.compile(rf"(>\s*)({alternatives})(\s*<)")

    def translated(page: str) -> str:
        page = attribute.sub(lambda m: f'{m.group(1)}{by_escaped[m.group(2)]}"', page)
        return element.sub(lambda m: f"{m.group(1)}{by_escaped[m.group(2)]}{m.group(3)}", page)

    return translated if words else lambda page: page


def _finish_edition(app: Sphinx, exception: Exception | None) -> None:
    """In an edition other than English: the theme's leftover English words translated, and
    in a right-to-left one dir="rtl" on every page's <html> element."""
    lang = app.config.language
    if exception is not None or lang in (None, "en"):
        return
    translated = _translator(_theme_words(lang))
    for page in Path(app.outdir).rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        finished = translated(text)
        if lang in RIGHT_TO_LEFT:
            finished = _HTML_TAG.sub(
                lambda m: m.group() if "dir=" in m.group(1) else f'<html dir="rtl"{m.group(1)}>',
                finished,
                count=1,
            )
        if finished != text:
            page.write_text(finished, encoding="utf-8")


#: How Sphinx writes its search index: ``Search.setIndex(<JSON>)``.
SEARCH_INDEX = re.compile(r"\ASearch\.setIndex\((.*)\)\s*\Z", re.S)


def escaped_search_index(script: str) -> str:
    """searchindex.js with every title in it as HTML.

    The search page inserts a result's title with ``innerHTML``. Document titles are indexed
    as HTML already, but section titles (``alltitles``) and index entries as plain text:
    data, which would run as markup on ``search.html?q=…``. Escaping them makes every title in
    the index what the page expects, HTML.
    """
    match = SEARCH_INDEX.match(script)
    if match is None:
        raise ExtensionError(
            "searchindex.js is not Search.setIndex(…): Sphinx's search index changed, and the "
            "book cannot vouch that its titles are escaped (see talksbook.sphinx_ext)"
        )
    index = json.loads(match.group(1))
    for key in ("alltitles", "indexentries"):
        index[key] = {html.escape(title): found for title, found in index.get(key, {}).items()}
    return f"Search.setIndex({json.dumps(index, sort_keys=True)})"


def _escape_search_index(app: Sphinx, exception: Exception | None) -> None:
    index = Path(app.outdir) / "searchindex.js"
    if exception is None and index.is_file():
        index.write_text(escaped_search_index(index.read_text(encoding="utf-8")), "utf-8")


def setup(app: Sphinx) -> dict[str, Any]:
    """Register the page hooks and the template overrides."""
    app.add_config_value("talksbook_editions", [], "html", types=[list])
    app.add_config_value("talksbook_pdf", {}, "html", types=[dict])
    app.connect("config-inited", _add_templates)
    app.connect("config-inited", _add_header_links)
    app.connect("html-page-context", _refuse_unsafe_page_names, priority=100)
    app.connect("html-page-context", _language_links)
    app.connect("html-page-context", _pdf_link)
    app.connect("build-finished", _finish_edition)
    app.connect("build-finished", _escape_search_index)
    app.connect("html-page-context", _drop_online_scripts, priority=900)
    app.connect("html-page-context", _escape_theme_titles, priority=900)
    app.connect("html-page-context", _drop_page_downloads, priority=900)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
