"""The safe HTML builder and myst_escape: hostile text must stay text."""

from __future__ import annotations

import re
from collections.abc import Callable
from html.parser import HTMLParser

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it.renderer import RendererHTML
from myst_parser.config.main import MdParserConfig
from myst_parser.parsers.mdit import create_md_parser

from talksbook.html import (
    APPENDIX_PAGE,
    EVIDENCE_TABLE,
    Html,
    ar,
    el,
    escape,
    evidence_link,
    is_safe_url,
    join,
    myst_escape,
    quote_pair,
)
from talksbook.words import fmt_list, say

RLO = "\u202e"
PAYLOADS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "javascript:alert(1)",
    "{{ 7*191 }}",
    "{include} /etc/passwd",
    "$$\\input{/etc/passwd}$$",
    "</script>",
    f"{RLO}txt.exe",
    "x" * 100_000 + "<script>alert(1)</script>",
    '" onmouseover="alert(1)" x="',
    "' onfocus='alert(1)",
    "```{raw} html\n<script>alert(1)</script>\n```",
    "&lt;script&gt; &amp; &#60;b&#62;",
    "<!-- comment --><![CDATA[x]]>",
]


class Parsed(HTMLParser):
    """Every start tag with its attributes, and the text, as a browser would decode them."""

    def __init__(self, markup: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.chunks: list[str] = []
        self.comments: list[str] = []
        self.feed(markup)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        self.chunks.append(data)

    def handle_comment(self, data: str) -> None:
        self.comments.append(data)

    def unknown_decl(self, data: str) -> None:
        self.comments.append(data)

    @property
    def text(self) -> str:
        return "".join(self.chunks)


def assert_inert(markup: str) -> Parsed:
    """No script element, no event handler, no javascript:/data: URL, no comment."""
    parsed = Parsed(markup)
    for tag, attrs in parsed.tags:
        assert tag not in {"script", "style", "iframe", "object", "embed", "img", "svg"}, tag
        for name, value in attrs.items():
            assert not name.startswith("on"), (tag, name)
            if name in {"href", "src", "action", "formaction"} and value is not None:
                assert not re.match(r"\s*(javascript|data|vbscript):", value, re.I), value
    assert not parsed.comments
    return parsed


def shown(payload: str) -> str:
    """How a payload reads once rendered: bidi controls are made visible, not obeyed."""
    return payload.replace(RLO, "[U+202E]")


# Every builder that takes text, with the payload in every text position it offers.
TEXT_BUILDERS: dict[str, Callable[[str], Html]] = {
    "escape": escape,
    "el child": lambda p: el("p", p),
    "el nested": lambda p: el("div", [p, None, [el("em", p)]]),
    "plus": lambda p: Html("<b>") + p + Html("</b>"),
    "radd": lambda p: p + Html("<br>"),
    "join": lambda p: join([p, p], sep=p),
    "Html.join": lambda p: Html("<br>").join([p, Html("<i>ok</i>")]),
    "ar": ar,
    "quote_pair": lambda p: quote_pair(p, p, p),
    "quote_pair extras": lambda p: quote_pair(p, p, "ev-x", label=p, attribution=p),
    "evidence_link": evidence_link,
    "evidence_link label": lambda p: evidence_link("ev-x", p),
    "say": lambda p: say("cite.wrap", cite=p),
    "fmt_list": lambda p: fmt_list([p, p, Html("<b>ok</b>")]),
}


@pytest.mark.parametrize("payload", PAYLOADS, ids=lambda p: repr(p[:20]))
@pytest.mark.parametrize("builder", TEXT_BUILDERS, ids=str)
def test_payload_in_text_stays_text(builder: str, payload: str) -> None:
    markup = str(TEXT_BUILDERS[builder](payload))
    parsed = assert_inert(markup)
    assert shown(payload) in parsed.text
    assert RLO not in markup


@pytest.mark.parametrize("payload", PAYLOADS, ids=lambda p: repr(p[:20]))
def test_payload_in_attributes_stays_one_value(payload: str) -> None:
    markup = str(el("span", "x", title=payload, id=payload, class_=payload, data_note=payload))
    parsed = assert_inert(markup)
    [(tag, attrs)] = parsed.tags
    assert tag == "span"
    assert set(attrs) == {"title", "id", "class", "data-note"}  # no attribute smuggled in
    assert all(value == shown(payload) for value in attrs.values())
    assert parsed.text == "x"


@pytest.mark.parametrize("payload", PAYLOADS, ids=lambda p: repr(p[:20]))
def test_evidence_link_keeps_a_hostile_id_inside_the_fragment(payload: str) -> None:
    parsed = assert_inert(str(evidence_link(payload)))
    [(tag, attrs)] = parsed.tags
    assert tag == "a" and attrs["class"] == "evidence-link"
    assert str(attrs["href"]).startswith(f"{APPENDIX_PAGE}#")
    assert " " not in str(attrs["href"]) and "<" not in str(attrs["href"])


def test_evidence_link_points_at_the_appendix_anchor() -> None:
    assert str(evidence_link("ev-call", "line 5")) == (
        '<a class="evidence-link" data-evidence="ev-call" '
        'href="data-and-methods.html#ev-call">line 5</a>'
    )


def test_ar_and_quote_pair_mark_arabic_as_right_to_left() -> None:
    parsed = Parsed(str(quote_pair("سلام", "peace", "ev-x") + ar("نعم")))
    by_tag = {tag: attrs for tag, attrs in parsed.tags}
    assert by_tag["blockquote"]["dir"] == "rtl" and by_tag["blockquote"]["lang"] == "ar"
    assert by_tag["span"]["dir"] in {"rtl", "ltr"}
    assert ("span", {"class": "ar", "dir": "rtl", "lang": "ar"}) in parsed.tags
    assert by_tag["a"]["href"] == f"{APPENDIX_PAGE}#ev-x"
    assert "peace" in parsed.text and "سلام" in parsed.text


@pytest.mark.parametrize("tag", ["script", "style", "iframe", "img", "svg", "object", "SCRIPT"])
def test_el_refuses_dangerous_elements(tag: str) -> None:
    with pytest.raises(ValueError):
        el(tag, "x")


@pytest.mark.parametrize("name", ["onclick", "onerror", "ONLOAD", "on_mouse_over", "style", "src"])
def test_el_refuses_handlers_and_unlisted_attributes(name: str) -> None:
    with pytest.raises(ValueError):
        el("span", "x", **{name: "alert(1)"})


BAD_URLS = [
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    " javascript:alert(1)",
    "java\tscript:alert(1)",
    "java\nscript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "vbscript:msgbox",
    "//evil.example",
    "/\\evil.example",
    "\x01javascript:alert(1)",
]
GOOD_URLS = [
    "https://example.org/x?y=1#z",
    "http://example.org",
    "#ev-call",
    "data-and-methods.html#ev-call",
    "_static/data/evidence.csv",
    "../x.html",
    "?page=2",
    "javascript.html",
    "a/b:c",
]


@pytest.mark.parametrize("url", BAD_URLS)
def test_el_refuses_unsafe_urls(url: str) -> None:
    assert not is_safe_url(url)
    with pytest.raises(ValueError):
        el("a", "x", href=url)
    with pytest.raises(ValueError):
        el("blockquote", "x", cite=url)


@pytest.mark.parametrize("url", GOOD_URLS)
def test_el_accepts_relative_and_http_urls(url: str) -> None:
    assert is_safe_url(url)
    assert_inert(str(el("a", "x", href=url)))


def test_attributes_render_sorted_and_boolean() -> None:
    assert str(el("a", "f.csv", href="f.csv", download=True, hidden_=None)) == (
        '<a download href="f.csv">f.csv</a>'
    )
    assert str(el("td", "x", colspan=2, open=False)) == '<td colspan="2">x</td>'


def test_void_elements_take_no_children() -> None:
    assert str(el("br")) == "<br>"
    with pytest.raises(ValueError):
        el("br", "x")


def test_html_is_immutable_and_strict_about_types() -> None:
    markup = Html("<b>x</b>")
    with pytest.raises(AttributeError):
        markup._markup = "<script>"  # type: ignore[misc]
    with pytest.raises(TypeError):
        markup + 1  # type: ignore[operator]
    with pytest.raises(TypeError):
        el("p", 3)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        el("span", "x", title=Html("<b>"))  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        Html(5)  # type: ignore[arg-type]


def test_html_displays_as_html_never_markdown() -> None:
    markup = el("p", "x")
    assert markup._repr_html_() == str(markup) == markup.__html__()
    assert not hasattr(markup, "_repr_markdown_")
    assert not Html() and markup
    assert markup == el("p", "x") and hash(markup) == hash(el("p", "x"))


# --- myst_escape ----------------------------------------------------------------------------

EVERY_EXTENSION = {
    "amsmath",
    "attrs_block",
    "attrs_inline",
    "colon_fence",
    "deflist",
    "dollarmath",
    "fieldlist",
    "html_admonition",
    "html_image",
    "linkify",
    "replacements",
    "smartquotes",
    "strikethrough",
    "substitution",
    "tasklist",
}
MYST = create_md_parser(MdParserConfig(enable_extensions=EVERY_EXTENSION), RendererHTML)
MARKDOWN_PAYLOADS = [
    *PAYLOADS,
    "# heading",
    "| a | b |\n| - | - |\n| c | d |",
    "```python\nprint(1)\n```",
    "~~~\nx\n~~~",
    ":::{note}\nx\n:::",
    "```{include} /etc/passwd\n```",
    "{eval-rst}`x`",
    "{role}`x` and {{ sub }}",
    "- item",
    "1. item",
    "> quote",
    "[x](javascript:alert(1))",
    "![x](https://evil.example/x.png)",
    "<https://evil.example>",
    "https://evil.example",
    "**bold** _em_ ~~del~~",
    "(target)=",
    "% comment",
    "$x$ and \\(x\\)",
    "\\begin{equation}x\\end{equation}",
    "&amp; &#60; &nbsp;",
    "[^1] and [^1]: note",
    "term\n: definition",
    ":field: value",
    "+++",
    "---",
    "***",
    "    indented code",
    "  leading and trailing  ",
    "a\nb\r\nc\rd\u2028e",
    "(c) -- ... 'quotes' \"double\"",
    "{#id .class}",
    "\\",
    "trailing #",
    "nul\u0000byte",
    "سيرجي لافروف: «اتفاق» 4 مبادئ",
]
ALLOWED_BLOCKS = {"heading_open", "heading_close", "paragraph_open", "paragraph_close", "inline"}


def normalised(text: str) -> str:
    """What myst_escape promises to keep: the text with line breaks as spaces, trimmed."""
    flat = re.sub("\r\n|[\r\n\u000b\u000c\u001c-\u001e\u0085\u2028\u2029]", " ", text)
    return flat.replace("\u0000", "\ufffd").strip()


def rendered_text(source: str) -> str:
    """Parse with every MyST extension on; fail on anything but plain text in a block."""
    tokens = MYST.parse(source)
    text = []
    for token in tokens:
        assert token.type in ALLOWED_BLOCKS, token.type
        for child in token.children or []:
            assert child.type in {"text", "text_special"}, child.type
            text.append(child.content)
    return "".join(text)


@pytest.mark.parametrize("payload", MARKDOWN_PAYLOADS, ids=lambda p: repr(p[:20]))
def test_myst_escape_yields_literal_text(payload: str) -> None:
    escaped = myst_escape(payload)
    assert "\n" not in escaped and "\r" not in escaped
    assert rendered_text("# " + escaped) == normalised(payload)
    if escaped:
        assert rendered_text(escaped) == normalised(payload)


def test_myst_escape_escapes_every_ascii_punctuation_character() -> None:
    punctuation = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~"
    assert myst_escape(punctuation) == "".join("\\" + ch for ch in punctuation)
    assert myst_escape("Riyadh talks") == "Riyadh talks"


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_myst_escape_property(payload: str) -> None:
    escaped = myst_escape(payload)
    assert rendered_text("# " + escaped) == normalised(payload)


# --- Html is a markupsafe.Markup --------------------------------------------------------------


def test_html_is_markupsafe_markup_with_this_modules_escaping() -> None:
    import markupsafe

    markup = Html("<b>")
    assert isinstance(markup, markupsafe.Markup)
    assert markupsafe.escape(markup) == markupsafe.Markup("<b>")  # Jinja keeps it as is
    # Every way Markup mixes in a str escapes it as escape() does: quotes as html.escape
    # writes them, and bidi controls shown, not obeyed.
    payload = f"<i>'\"{RLO}"
    expected = "<b>" + str(escape(payload))
    assert str(markup + payload) == expected == str(Html("<b>%s") % payload)
    assert str(Html("<b>{}").format(payload)) == expected
    assert str(payload + markup) == str(escape(payload)) + "<b>"
    assert str(markup.join([payload, Html("<i>")])) == str(escape(payload)) + "<b><i>"
    assert type(markup + payload) is Html and type(payload + markup) is Html
    # Another library's Markup is not trusted here: it is text like any other str.
    assert str(escape(markupsafe.Markup("<u>"))) == "&lt;u&gt;"


@pytest.mark.parametrize("value", [1, 2.5, None, True, object()])
def test_html_still_refuses_what_is_not_text(value: object) -> None:
    markup = Html("<b>")
    for insert in (
        lambda: markup + value,
        lambda: value + markup,
        lambda: markup.join([value]),
        lambda: join([value]),
        lambda: escape(value),
        lambda: Html(value),
        *([lambda: el("p", value)] if value is not None else []),  # el skips None children
    ):
        with pytest.raises(TypeError):
            insert()


def test_markup_is_not_text_for_attributes_urls_or_myst() -> None:
    with pytest.raises(TypeError):
        el("a", "x", href=Html("#x"))
    assert not is_safe_url(Html("#x"))  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        myst_escape(Html("<b>x</b>"))
    plain, markup = "<b>", Html("<b>")
    assert markup != plain and plain != markup and markup == Html("<b>")


def test_a_row_the_appendix_does_not_list_is_linked_at_the_table() -> None:
    link = str(evidence_link("ev-far", "line 5", listed=False))
    assert f'href="{APPENDIX_PAGE}#{EVIDENCE_TABLE}"' in link and 'data-evidence="ev-far"' in link
