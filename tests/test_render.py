"""Offline charts: the shared Vega bundle and the talksbook Altair renderer."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import textwrap
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import altair as alt
import pandas as pd
import pytest
from pages import SPEC_LINE

from talksbook import render

SCRIPT_BREAKOUT = "</script><script>alert(1)</script>"
IMG_INJECTION = "<img src=x onerror=alert(1)>"


class _Tags(HTMLParser):
    """Collects start tags with their attributes, the way a browser's tokenizer sees them."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))


def start_tags(markup: str) -> list[tuple[str, dict[str, str | None]]]:
    parser = _Tags()
    parser.feed(markup)
    parser.close()
    return parser.tags


def hostile_chart() -> alt.Chart:
    data = pd.DataFrame(
        {"label": [SCRIPT_BREAKOUT, IMG_INJECTION, "line\u2028break & more"], "n": [1, 2, 3]}
    )
    return (
        alt.Chart(
            data, title=f"Title {IMG_INJECTION}", description=f'Counts "quoted" {SCRIPT_BREAKOUT}'
        )
        .mark_bar()
        .encode(x="label:N", y="n:Q")
    )


def simple_chart(title: str = "Meetings per day") -> alt.Chart:
    data = pd.DataFrame({"day": ["18 Feb", "27 Feb"], "meetings": [1, 1]})
    return (
        alt.Chart(data, title=title, description="One bar per day of talks.")
        .mark_bar()
        .encode(x="day:N", y="meetings:Q")
    )


# --- the bundle ------------------------------------------------------------------------------


def test_bundle_is_written_once_deterministically_and_defines_vega_embed(tmp_path: Path):
    path = render.write_vega_bundle(tmp_path / "_static")
    assert path == tmp_path / "_static" / render.BUNDLE_NAME
    assert [p.name for p in path.parent.iterdir()] == [render.BUNDLE_NAME]
    first = path.read_bytes()
    written = path.stat().st_mtime_ns
    assert len(first) > 500_000
    assert b"window.vegaEmbed = vegaEmbed" in first or b"window.vegaEmbed=" in first

    # Same vl-convert, same bytes, even when bundled afresh; unchanged bytes are not rewritten.
    render.vega_bundle.cache_clear()
    assert render.write_vega_bundle(tmp_path / "_static") == path
    assert path.read_bytes() == first
    assert path.stat().st_mtime_ns == written


def test_bundle_declares_nothing_at_top_level():
    text = render.vega_bundle()
    header, _, code = text.partition("*/\n")
    assert header.startswith("/*!") and "*/" not in header
    # Everything vl-convert produced sits inside one function: no top-level const/let/class.
    assert code.startswith('(function () {\n"use strict";\n')
    assert code.endswith("\n})();\n")
    assert code.count("window.vegaEmbed=") + code.count("window.vegaEmbed =") == 1


@pytest.mark.skipif(shutil.which("node") is None, reason="needs Node.js")
def test_bundle_runs_beside_sphinx_globals(tmp_path: Path):
    """Evaluated after scripts declaring ``const _`` and ``let n``, it must not clash."""
    bundle = tmp_path / "bundle.js"
    bundle.write_text(render.vega_bundle(), encoding="utf-8")
    runner = textwrap.dedent(
        """
        const vm = require("vm");
        const fs = require("fs");
        const names = ["console", "setTimeout", "clearTimeout", "setInterval", "clearInterval",
          "queueMicrotask", "structuredClone", "URL", "URLSearchParams", "TextEncoder",
          "TextDecoder", "Event", "EventTarget", "AbortController", "Blob", "atob", "btoa"];
        const sandbox = {};
        for (const name of names) sandbox[name] = globalThis[name];
        const context = vm.createContext(sandbox);
        // What Sphinx's doctools.js does, plus names the minified bundle uses at its top.
        vm.runInContext("var window = this; const _ = (s) => s; let n = 1; let t = 2;", context);
        vm.runInContext(fs.readFileSync(process.argv[process.argv.length - 1], "utf8"), context);
        console.log(JSON.stringify([typeof context.window.vegaEmbed,
                                    vm.runInContext("typeof _ + ':' + n", context)]));
        """
    )
    result = subprocess.run(
        ["node", "-e", runner, "--", str(bundle)],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout.strip().splitlines()[-1]) == ["function", "function:1"]


# --- the renderer ----------------------------------------------------------------------------


def test_hostile_data_cannot_break_out_of_the_script():
    bundle = render.chart_mimebundle(hostile_chart().to_dict())
    markup = bundle["text/html"]

    tags = start_tags(markup)
    assert [tag for tag, _ in tags] == ["div", "span", "div", "script"]
    assert markup.count("</script>") == 1 and markup.rstrip().endswith("</script>\n</div>")
    assert "<img" not in markup
    assert "<script>alert" not in markup
    assert "\u2028" not in markup

    # Escaped, not lost: the spec in the page decodes to exactly the chart's data.
    (spec_json,) = SPEC_LINE.findall(markup)
    spec = json.loads(spec_json)
    labels = [row["label"] for rows in spec["datasets"].values() for row in rows]
    assert labels == [SCRIPT_BREAKOUT, IMG_INJECTION, "line\u2028break & more"]

    # The description reaches assistive technology as an attribute and as hidden text, escaped.
    wrapper = tags[0][1]
    assert wrapper["role"] == "img"
    assert wrapper["aria-label"] == f'Counts "quoted" {SCRIPT_BREAKOUT}'
    assert "Counts &quot;quoted&quot; &lt;/script&gt;" in markup


def test_embed_options_are_offline_and_svg():
    markup = render.chart_mimebundle(
        simple_chart().to_dict(), embed_options={"actions": True, "theme": "dark"}
    )["text/html"]
    assert '"renderer":"svg"' in markup and '"actions":false' in markup
    assert '"theme":"dark"' in markup
    assert "vegaEmbed(el, spec, options)" in markup
    # Draws whether the bundle loaded before or after this script.
    assert "DOMContentLoaded" in markup and render.READY_EVENT in markup


def test_static_svg_and_plain_text():
    bundle = render.chart_mimebundle(simple_chart().to_dict())
    assert set(bundle) == {"text/html", "image/svg+xml", "text/plain"}
    root = ET.fromstring(bundle["image/svg+xml"])
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    assert bundle["text/plain"] == "Chart: Meetings per day\nOne bar per day of talks."

    # A hostile title and description are XML-escaped by Vega in the SVG.
    hostile = render.chart_mimebundle(hostile_chart().to_dict())["image/svg+xml"]
    assert ET.fromstring(hostile).tag.endswith("svg")


def test_ids_are_unique_on_a_page_and_readable_when_named():
    render.reset_chart_ids()
    spec = simple_chart().to_dict()
    first = start_tags(render.chart_mimebundle(spec)["text/html"])[2][1]["id"]
    second = start_tags(render.chart_mimebundle(spec)["text/html"])[2][1]["id"]
    assert first is not None and re.fullmatch(r"talksbook-chart-[0-9a-f]{12}", first)
    assert second == f"{first}-2"
    named = render.chart_mimebundle(spec, name="venues")["text/html"]
    assert 'id="talksbook-chart-venues"' in named
    with pytest.raises(ValueError):
        render.chart_mimebundle(spec, name='x" onload="alert(1)')


def test_ids_are_the_same_in_separate_processes():
    program = textwrap.dedent(
        """
        import re
        import altair as alt
        import pandas as pd
        from talksbook.render import chart_mimebundle

        data = pd.DataFrame({"day": ["18 Feb", "27 Feb"], "meetings": [1, 1]})
        a = alt.Chart(data, title="A").mark_bar().encode(x="day:N", y="meetings:Q")
        b = a.properties(title="B")
        for chart in (a, a, b):
            print(re.search(r'id="([^"]+)"', chart_mimebundle(chart.to_dict())["text/html"])[1])
        """
    )
    runs = [
        subprocess.run(
            [sys.executable, "-c", program], capture_output=True, text=True, check=True
        ).stdout.split()
        for _ in range(2)
    ]
    assert runs[0] == runs[1]
    assert len(set(runs[0])) == 3


def test_remote_data_is_refused_rather_than_fetched():
    chart = alt.Chart("https://example.invalid/data.csv").mark_point().encode(x="a:Q")
    with pytest.raises(ValueError, match="not allowed"):
        render.chart_mimebundle(chart.to_dict())


def test_enable_renderer_makes_altair_use_it():
    previous = alt.renderers.active
    try:
        render.enable_renderer()
        assert alt.renderers.active == render.RENDERER_NAME
        bundle = simple_chart()._repr_mimebundle_()
        assert bundle is not None and "talksbook-chart" in bundle["text/html"]
    finally:
        alt.renderers.enable(previous)


# --- in a real notebook and a real browser ---------------------------------------------------


@pytest.mark.slow
def test_papermill_executes_a_notebook_using_the_renderer(tmp_path: Path):
    import nbformat
    import papermill

    notebook = nbformat.v4.new_notebook()
    notebook.cells = [
        nbformat.v4.new_code_cell(
            "import altair as alt\n"
            "import pandas as pd\n"
            "from talksbook.render import display_chart, enable_renderer\n"
            "enable_renderer()\n"
            f"data = pd.DataFrame({{'label': [{SCRIPT_BREAKOUT!r}], 'n': [1]}})\n"
            "chart = alt.Chart(data, title='T', description='D').mark_bar()"
            ".encode(x='label:N', y='n:Q')"
        ),
        nbformat.v4.new_code_cell("chart"),
        nbformat.v4.new_code_cell("display_chart(chart, name='named')"),
    ]
    source, executed = tmp_path / "in.ipynb", tmp_path / "out.ipynb"
    nbformat.write(notebook, source)
    papermill.execute_notebook(
        str(source), str(executed), kernel_name="python3", cwd=str(tmp_path), progress_bar=False
    )

    result = nbformat.read(executed, as_version=4)
    nbformat.validate(result)
    outputs = [output for cell in result.cells[1:] for output in cell.outputs]
    assert [output.output_type for output in outputs] == ["execute_result", "display_data"]
    for output in outputs:
        assert set(output.data) == {"text/html", "image/svg+xml", "text/plain"}
        assert "</script><script>alert" not in output.data["text/html"]
    assert 'id="talksbook-chart-named"' in outputs[1].data["text/html"]


@pytest.mark.browser
def test_chart_draws_offline_in_chromium_whenever_the_bundle_loads(tmp_path: Path):
    from browser import browser  # tests/browser.py: Debian Chromium via Playwright

    render.write_vega_bundle(tmp_path / "_static")
    chart = render.chart_mimebundle(hostile_chart().to_dict())["text/html"]
    sphinx_globals = "<script>const _ = (s) => s; let n = 1;</script>"
    bundle = f'<script src="_static/{render.BUNDLE_NAME}"{{}}></script>'
    pages = {
        "head.html": f"<head>{sphinx_globals}{bundle.format('')}</head><body>{chart}</body>",
        "defer.html": f"<head>{sphinx_globals}{bundle.format(' defer')}</head><body>{chart}</body>",
        "after.html": f"<body>{sphinx_globals}{chart}{bundle.format('')}</body>",
    }
    with browser() as chromium:
        for name, body in pages.items():
            (tmp_path / name).write_text(f"<!DOCTYPE html><html>{body}</html>", encoding="utf-8")
            page = chromium.new_page()
            errors: list[str] = []
            outside: list[str] = []
            page.on("pageerror", lambda error, errors=errors: errors.append(str(error)))
            page.on("dialog", lambda dialog, errors=errors: errors.append("dialog opened"))
            page.route(
                re.compile(r"^(?!file:).*"),
                lambda route, outside=outside: (outside.append(route.request.url), route.abort()),
            )
            page.goto((tmp_path / name).as_uri())
            page.wait_for_selector(".talksbook-chart-view svg .mark-rect path", timeout=20_000)
            assert errors == [], name
            assert outside == [], name
            assert page.locator(".vega-actions").count() == 0
            page.close()
