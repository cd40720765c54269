"""Offline Altair charts: one shared JavaScript bundle plus a small, safe Altair renderer.

Altair's default HTML output fetches Vega from a CDN, so the book's charts would be blank
offline. Instead the book ships ``vega-bundle.js`` once in its ``_static/`` folder (see
`write_vega_bundle`) and every chart is rendered by the ``"talksbook"`` renderer (see
`enable_renderer`), whose output is a MIME bundle with:

* ``text/html``: a ``<div>`` with a deterministic id and a script calling ``vegaEmbed``
  (for the HTML book);
* ``image/svg+xml``: a static picture drawn by vl-convert (for LaTeX/PDF and other
  static outputs);
* ``text/plain``: the chart's title and description.
"""

from __future__ import annotations

import hashlib
import html
import json
import re
import sys
from collections.abc import Mapping, Sequence
from functools import cache
from pathlib import Path
from typing import Any

import altair as alt
import vl_convert as vlc

__all__ = [
    "BUNDLE_NAME",
    "RENDERER_NAME",
    "chart_mimebundle",
    "display_chart",
    "enable_renderer",
    "reset_chart_ids",
    "vega_bundle",
    "write_vega_bundle",
]

#: vl-convert's own version string (its package metadata says 1.9.0.post1 where this says 1.9.0,
#: and the bundle header has always shown this one). The module sets it; its .pyi stub omits it.
VL_CONVERT_VERSION: str = vlc.__version__  # type: ignore[attr-defined]

RENDERER_NAME = "talksbook"
BUNDLE_NAME = "vega-bundle.js"
# Fired on window once the bundle has defined window.vegaEmbed, so that chart scripts that
# ran earlier (bundle loaded with defer/async, or added later) can draw themselves.
READY_EVENT = "talksbook:vega-ready"

# Offline: no "Open in Vega Editor"/"View source" links to outside hosts. SVG keeps text
# selectable and crisp when printed or zoomed.
DEFAULT_EMBED_OPTIONS: dict[str, Any] = {"renderer": "svg", "actions": False}

_ID_PREFIX = "talksbook-chart-"
_NAME_PATTERN = re.compile(r"[A-Za-z][A-Za-z0-9_-]{0,63}")
# Characters that must not appear literally in a <script> element or could end a JS string:
# "<" blocks "</script>" and "<!--" (the HTML tokenizer looks for those even inside strings),
# ">" and "&" are escaped for good measure (HTML-in-JSON contexts), and U+2028/U+2029 are line
# terminators in older JavaScript engines.
_SCRIPT_UNSAFE = {
    "<": "\\u003c",
    ">": "\\u003e",
    "&": "\\u0026",
    "\u2028": "\\u2028",
    "\u2029": "\\u2029",
}
_SCRIPT_UNSAFE_RE = re.compile("[<>&\u2028\u2029]")
# Visually hidden but read by screen readers, in line so no stylesheet is needed.
_VISUALLY_HIDDEN = (
    "position:absolute;width:1px;height:1px;padding:0;margin:-1px;overflow:hidden;"
    "clip:rect(0,0,0,0);white-space:nowrap;border:0"
)

# How often each id base has been used in this process: a second display of the same spec
# (or name) gets "-2", and so on, so ids stay unique on a page yet identical between runs.
_id_counts: dict[str, int] = {}


def _vl_version() -> str:
    """The Vega-Lite version Altair writes specs for, in vl-convert's "MAJOR.MINOR" form.

    The bundle and the SVG must use the same Vega-Lite as Altair's schema, or a spec valid
    for Altair could be drawn differently (or not at all) by the browser and by vl-convert.
    """
    match = re.fullmatch(r"v?(\d+)\.(\d+)(?:\.\d+)?", alt.SCHEMA_VERSION)
    if not match:
        raise RuntimeError(f"unexpected Altair schema version {alt.SCHEMA_VERSION!r}")
    version = f"{match[1]}.{match[2]}"
    if version not in vlc.get_vegalite_versions():
        raise RuntimeError(
            f"vl-convert {VL_CONVERT_VERSION} cannot draw Vega-Lite {version} "
            f"(Altair {alt.__version__}); it knows {', '.join(vlc.get_vegalite_versions())}"
        )
    return version


def _script_json(value: Any) -> str:
    """JSON text that is safe inside an HTML ``<script>`` element and is a JS expression."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return _SCRIPT_UNSAFE_RE.sub(lambda m: _SCRIPT_UNSAFE[m[0]], text)


# ---------------------------------------------------------------------------------------------
# The JavaScript bundle


@cache
def vega_bundle() -> str:
    """The text of ``vega-bundle.js``: Vega, Vega-Lite and Vega-Embed in one script.

    vl-convert's bundle is minified ES-module code with top-level ``const`` names such as
    ``n``; loaded as a classic script those would share the page's global scope and clash
    with Sphinx's ``const _`` and friends (a SyntaxError that kills the whole bundle). So it
    runs inside a function, and only ``window.vegaEmbed`` leaves it. Same vl-convert version,
    same bytes.
    """
    version = _vl_version()
    snippet = (
        "window.vegaEmbed = vegaEmbed;\n"
        'if (typeof window.dispatchEvent === "function") {\n'
        f"  window.dispatchEvent(new Event({json.dumps(READY_EVENT)}));\n"
        "}\n"
    )
    body = vlc.javascript_bundle(snippet=snippet, vl_version=version)
    header = (
        f"/*! {BUNDLE_NAME}: Vega {vlc.get_vega_version()}, Vega-Lite {version}, "
        f"Vega-Embed {vlc.get_vega_embed_version()}, bundled by vl-convert {VL_CONVERT_VERSION}.\n"
        " * Generated by talksbook.render.write_vega_bundle: do not edit by hand.\n"
        " * Vega, Vega-Lite and Vega-Embed: BSD-3-Clause, Copyright University of Washington\n"
        " * Interactive Data Lab. Bundled dependencies (d3 modules and others) keep their own\n"
        " * licences. Wrapped in a function so no top-level name leaks into the page. */\n"
    )
    # ES modules are strict, so "use strict" keeps the code's original semantics.
    return f'{header}(function () {{\n"use strict";\n{body}\n}})();\n'


def write_vega_bundle(static_dir: Path) -> Path:
    """Write ``vega-bundle.js`` into *static_dir* (created if needed) and return its path.

    The file is rewritten only when its bytes change, so Sphinx's incremental builds and
    file timestamps are left alone.
    """
    static_dir.mkdir(parents=True, exist_ok=True)
    path = static_dir / BUNDLE_NAME
    data = vega_bundle().encode("utf-8")
    if not path.is_file() or path.read_bytes() != data:
        path.write_bytes(data)
    return path


# ---------------------------------------------------------------------------------------------
# The renderer


def reset_chart_ids() -> None:
    """Forget the ids handed out so far (a fresh process starts this way)."""
    _id_counts.clear()


def _chart_id(spec: Mapping[str, Any], name: str | None) -> str:
    """A page-unique id derived from *name* or from the spec's content, never random.

    Random ids would make every execution rewrite the notebooks and the HTML.
    """
    if name is None:
        canonical = json.dumps(spec, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
        base = hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:12]
    elif _NAME_PATTERN.fullmatch(name):
        base = name
    else:
        raise ValueError(f"chart name {name!r} must match {_NAME_PATTERN.pattern}")
    count = _id_counts.get(base, 0) + 1
    _id_counts[base] = count
    return f"{_ID_PREFIX}{base}" if count == 1 else f"{_ID_PREFIX}{base}-{count}"


def _title_text(title: Any) -> str:
    """Plain text of a Vega-Lite title: a string, lines of text, or a TitleParams object."""
    if isinstance(title, Mapping):
        title = title.get("text", "")
    if isinstance(title, str):
        return title
    if isinstance(title, Sequence):
        return " ".join(str(line) for line in title)
    return ""


def _embed_script(chart_id: str, spec: Mapping[str, Any], options: Mapping[str, Any]) -> str:
    """JavaScript that draws the chart as soon as ``window.vegaEmbed`` exists.

    Works whether the bundle ran before this script (a plain ``<script>`` in the page head),
    after it (``defer``/``async``, or added later): it tries at once, then on the bundle's ready
    event, DOMContentLoaded and load. Everything lives in a function: no globals.
    """
    return (
        "(function () {\n"
        f"  var id = {_script_json(chart_id)};\n"
        f"  var spec = {_script_json(spec)};\n"
        f"  var options = {_script_json(dict(options))};\n"
        "  var started = false;\n"
        "  function draw() {\n"
        "    var el = document.getElementById(id);\n"
        '    if (started || !el || typeof window.vegaEmbed !== "function") return;\n'
        "    started = true;\n"
        '    el.textContent = "";\n'
        "    window.vegaEmbed(el, spec, options).catch(function (error) {\n"
        '      el.textContent = "This chart could not be drawn: " + error;\n'
        "    });\n"
        "  }\n"
        "  function drawOrExplain() {\n"
        "    draw();\n"
        "    var el = document.getElementById(id);\n"
        "    if (!started && el && !el.firstChild) {\n"
        f'      el.textContent = "This chart needs {BUNDLE_NAME}, which did not load.";\n'
        "    }\n"
        "  }\n"
        f"  window.addEventListener({_script_json(READY_EVENT)}, draw);\n"
        '  document.addEventListener("DOMContentLoaded", draw);\n'
        '  if (document.readyState === "complete") drawOrExplain();\n'
        '  else window.addEventListener("load", drawOrExplain);\n'
        "  draw();\n"
        "})();"
    )


def chart_mimebundle(
    spec: Mapping[str, Any],
    *,
    name: str | None = None,
    embed_options: Mapping[str, Any] | None = None,
    **_ignored: Any,
) -> dict[str, str]:
    """The ``"talksbook"`` Altair renderer: a MIME bundle for one Vega-Lite *spec*.

    *name* gives a readable id instead of the spec's hash. *embed_options* are passed to
    vega-embed (Altair's ``chart.display(theme=...)`` lands here) on top of
    `DEFAULT_EMBED_OPTIONS`; ``actions`` stays off whatever they say, because its links lead
    to outside hosts. Raises if vl-convert cannot draw the SVG, e.g. when the chart loads
    data from a URL: charts must carry their data so the build never touches the network.
    """
    spec = dict(spec)
    options = {**DEFAULT_EMBED_OPTIONS, **(embed_options or {}), "actions": False}

    title = _title_text(spec.get("title"))
    description = spec.get("description")
    description = description if isinstance(description, str) else ""
    label = description or title or "Chart"

    # allowed_base_urls=[]: vl-convert would otherwise fetch remote (and relative, resolved
    # against vega-datasets) data URLs while drawing.
    svg = vlc.vegalite_to_svg(spec, vl_version=_vl_version(), allowed_base_urls=[])
    # Only a chart that could be drawn uses up an id.
    chart_id = _chart_id(spec, name)

    # role="img" + aria-label give assistive technology the description even before (or
    # without) JavaScript; the hidden copy stays outside the element vega-embed redraws.
    markup = (
        f'<div class="talksbook-chart" role="img" aria-label="{html.escape(label)}">\n'
        f'<span class="talksbook-chart-description" style="{_VISUALLY_HIDDEN}">'
        f"{html.escape(label)}</span>\n"
        f'<div id="{html.escape(chart_id)}" class="talksbook-chart-view"></div>\n'
        f"<script>\n{_embed_script(chart_id, spec, options)}\n</script>\n"
        "</div>"
    )
    plain = f"Chart: {title}" if title else "Chart"
    if description:
        plain += f"\n{description}"
    return {"text/html": markup, "image/svg+xml": svg, "text/plain": plain}


def enable_renderer() -> None:
    """Register (once) and activate the ``"talksbook"`` renderer for Altair charts."""
    # Registering again is harmless and survives someone having replaced the entry.
    alt.renderers.register(RENDERER_NAME, chart_mimebundle)
    alt.renderers.enable(RENDERER_NAME)


def display_chart(chart: alt.TopLevelMixin, *, name: str | None = None) -> None:
    """Display *chart* with the talksbook renderer, with an optional readable id *name*.

    Errors propagate as in any call. (A chart left as a cell's last expression goes through
    IPython's formatter, which only prints the traceback; papermill still fails the run
    because it rejects notebooks with error outputs.)
    """
    from IPython.display import display

    display(chart_mimebundle(chart.to_dict(), name=name), raw=True)


alt.renderers.register(RENDERER_NAME, chart_mimebundle)


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m talksbook.render STATIC_DIR``: write the bundle and print its size."""
    args = list(sys.argv[1:] if argv is None else argv)
    if len(args) != 1:
        print("usage: python -m talksbook.render STATIC_DIR", file=sys.stderr)
        return 2
    path = write_vega_bundle(Path(args[0]))
    print(f"{path}: {path.stat().st_size} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
