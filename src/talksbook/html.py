"""A tiny builder for safe HTML fragments: data is escaped at the moment it is inserted.

The book's prose reaches the page as ``text/html`` notebook outputs, never as Markdown, because
data routed into MyST is *evaluated* (``{{ … }}`` runs Jinja, ``{include}`` reads files, inline
HTML goes live). The rule here is simple:

* :class:`Html` holds markup we trust: our own tag names and template words.
* Every ``str`` that meets an ``Html`` — as a child of :func:`el`, an operand of ``+``, an item of
  :meth:`Html.join` — is escaped with ``html.escape(quote=True)`` on the way in.
* Tag and attribute names come from allow-lists; ``on*`` handlers and non-http(s) URLs are refused.

>>> str(el("p", "1 < 2 ", ar("سلام")))
'<p>1 &lt; 2 <span class="ar" dir="rtl" lang="ar">سلام</span></p>'

:func:`myst_escape` is the one way for data to enter MyST Markdown (page titles).
"""

from __future__ import annotations

import html as _html
import re
from collections.abc import Iterable
from typing import Final
from urllib.parse import quote as _url_quote

__all__ = [
    "APPENDIX_PAGE",
    "Html",
    "ar",
    "el",
    "escape",
    "evidence_link",
    "is_safe_url",
    "join",
    "myst_escape",
    "quote_pair",
]

#: Page that holds the evidence table; evidence links point at ``{APPENDIX_PAGE}#{id}``.
#: The PDF step rewrites it when all chapters end up in one document.
APPENDIX_PAGE: Final = "data-and-methods.html"

# Elements the prose may use. No script, style, iframe, object, form, img, svg or math: nothing
# that loads, runs or submits anything.
ALLOWED_TAGS: Final = frozenset(
    [
        "a",
        "abbr",
        "article",
        "aside",
        "b",
        "bdi",
        "blockquote",
        "br",
        "caption",
        "cite",
        "code",
        "col",
        "colgroup",
        "dd",
        "del",
        "details",
        "dfn",
        "div",
        "dl",
        "dt",
        "em",
        "figcaption",
        "figure",
        "footer",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hr",
        "i",
        "ins",
        "kbd",
        "li",
        "mark",
        "nav",
        "ol",
        "p",
        "q",
        "s",
        "section",
        "small",
        "span",
        "strong",
        "sub",
        "summary",
        "sup",
        "table",
        "tbody",
        "td",
        "tfoot",
        "th",
        "thead",
        "time",
        "tr",
        "u",
        "ul",
        "var",
        "wbr",
    ]
)
VOID_TAGS: Final = frozenset({"br", "col", "hr", "wbr"})

ALLOWED_ATTRIBUTES: Final = frozenset(
    [
        "id",
        "class",
        "href",
        "dir",
        "lang",
        "title",
        "download",
        "colspan",
        "rowspan",
        "scope",
        "headers",
        "datetime",
        "role",
        "cite",
        "open",
        "translate",
        "span",
        "start",
        "reversed",
        "abbr",
    ]
)
# data-* and aria-* are inert; the regex also keeps names to lower-case ASCII.
_FREE_ATTRIBUTE: Final = re.compile(r"^(?:data|aria)-[a-z][a-z0-9-]*$")
URL_ATTRIBUTES: Final = frozenset({"href", "src", "cite", "action", "formaction", "poster"})
_SCHEME: Final = re.compile(r"^([A-Za-z][A-Za-z0-9+.\-]*):")
SAFE_SCHEMES: Final = frozenset({"http", "https"})

# Bidi controls and other invisible control characters could reorder the *trusted* text that
# follows an inserted value (an unclosed U+202E runs to the end of the block). The validator
# keeps them out of the data; if one still arrives, it is shown, not obeyed.
_INVISIBLE: Final = re.compile(
    "[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f"
    "\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]"
)


def _visible(match: re.Match[str]) -> str:
    return f"[U+{ord(match.group()):04X}]"


class Html:
    """Trusted markup. Build it with :func:`el`, :func:`escape` and friends, not by hand.

    Instances are immutable. ``+`` and :meth:`join` escape plain ``str`` operands, so data can
    be mixed in freely; anything else (numbers, None) is refused so that formatting stays
    explicit.
    """

    __slots__ = ("_markup",)
    _markup: str

    def __init__(self, markup: str = "") -> None:
        # The constructor trusts its argument: only this module and our own templates call it.
        if not isinstance(markup, str):
            raise TypeError(f"Html() needs markup as str, not {type(markup).__name__}")
        object.__setattr__(self, "_markup", markup)

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError("Html is immutable")

    def __delattr__(self, name: str) -> None:
        raise AttributeError("Html is immutable")

    def __str__(self) -> str:
        return self._markup

    def __repr__(self) -> str:
        return f"Html({self._markup!r})"

    def _repr_html_(self) -> str:
        """Jupyter: display as text/html (never text/markdown)."""
        return self._markup

    def __html__(self) -> str:
        """The markupsafe protocol, so Jinja and friends do not escape twice."""
        return self._markup

    def __bool__(self) -> bool:
        return bool(self._markup)

    def __len__(self) -> int:
        return len(self._markup)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Html) and other._markup == self._markup

    def __hash__(self) -> int:
        return hash(("Html", self._markup))

    def __add__(self, other: Html | str) -> Html:
        return Html(self._markup + escape(other)._markup)

    def __radd__(self, other: str) -> Html:
        return Html(escape(other)._markup + self._markup)

    def join(self, items: Iterable[Html | str]) -> Html:
        """Like ``str.join``, with this markup as the separator; ``str`` items are escaped."""
        return Html(self._markup.join(escape(item)._markup for item in items))


def escape(text: Html | str) -> Html:
    """``text`` as markup: ``str`` is escaped (quotes included), ``Html`` is kept as is."""
    if isinstance(text, Html):
        return text
    if not isinstance(text, str):
        raise TypeError(f"cannot insert {type(text).__name__} into HTML; format it as str first")
    return Html(_html.escape(_INVISIBLE.sub(_visible, text), quote=True))


def join(items: Iterable[Html | str], sep: Html | str = "") -> Html:
    """Join items with ``sep``; every ``str`` (items and separator) is escaped."""
    return escape(sep).join(items)


Child = Html | str | Iterable["Child"] | None


def _children(children: Iterable[Child]) -> Iterable[Html]:
    for child in children:
        if child is None:
            continue
        if isinstance(child, Html | str):
            yield escape(child)
        elif isinstance(child, Iterable):
            yield from _children(child)
        else:
            raise TypeError(f"cannot insert {type(child).__name__} into HTML; format it first")


def _attribute_name(key: str) -> str:
    # Python keywords need a trailing underscore (class_), and names cannot hold hyphens.
    name = key.rstrip("_").replace("_", "-").lower()
    if name.startswith("on"):
        raise ValueError(f"event-handler attribute {name!r} is not allowed")
    if name not in ALLOWED_ATTRIBUTES and not _FREE_ATTRIBUTE.match(name):
        raise ValueError(f"attribute {name!r} is not in the allow-list")
    return name


def is_safe_url(url: str) -> bool:
    """True for a relative URL, a ``#fragment`` or an http(s) URL; false for anything else.

    Browsers drop tabs and newlines inside URLs and read a backslash as a slash, so URLs with
    whitespace, control characters or backslashes are refused outright rather than cleaned up.
    Scheme-relative ``//host`` URLs are refused too: they leave the book.
    """
    if not isinstance(url, str):
        return False
    if any(ch.isspace() or ord(ch) < 0x20 or 0x7F <= ord(ch) <= 0x9F or ch == "\\" for ch in url):
        return False
    if url.startswith("//"):
        return False
    scheme = _SCHEME.match(url)
    return scheme is None or scheme.group(1).lower() in SAFE_SCHEMES


def _attribute(key: str, value: object) -> str:
    name = _attribute_name(key)
    if value is True:
        return f" {name}"
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str):
        raise TypeError(f"attribute {name!r} needs str, int or bool, not {type(value).__name__}")
    if name in URL_ATTRIBUTES and not is_safe_url(value):
        raise ValueError(f"URL {value[:80]!r} in {name!r} is not relative or http(s)")
    return f' {name}="{escape(value)}"'


def el(tag: str, *children: Child, **attrs: str | int | bool | None) -> Html:
    """The element ``<tag attrs>children</tag>``.

    Children: ``Html`` is kept, ``str`` escaped, ``None`` skipped, lists flattened. Attributes:
    ``class_="x"`` gives ``class="x"``, ``data_id`` gives ``data-id``; ``True`` writes a bare
    attribute, ``False``/``None`` leaves it out; values are escaped; URLs must be safe.
    """
    if tag not in ALLOWED_TAGS:
        raise ValueError(f"element {tag!r} is not in the allow-list")
    rendered = "".join(
        _attribute(key, value)
        for key, value in sorted(attrs.items())
        if value is not None and value is not False
    )
    if tag in VOID_TAGS:
        if any(child is not None for child in children):
            raise ValueError(f"<{tag}> cannot have children")
        return Html(f"<{tag}{rendered}>")
    inner = "".join(str(child) for child in _children(children))
    return Html(f"<{tag}{rendered}>{inner}</{tag}>")


def ar(text: Html | str) -> Html:
    """Arabic words inside English prose: an isolated right-to-left span."""
    return el("span", text, dir="rtl", lang="ar", class_="ar")


def evidence_link(evidence_id: str, label: Html | str | None = None) -> Html:
    """A link to the evidence row ``evidence_id`` in the appendix (label defaults to the id).

    Ids follow ``^[a-z0-9][a-z0-9-]*$`` in valid data; the fragment is still percent-encoded
    and the label escaped, so a hostile id stays inert.
    """
    href = f"{APPENDIX_PAGE}#{_url_quote(evidence_id, safe='-._~')}"
    return el(
        "a",
        evidence_id if label is None else label,
        href=href,
        class_="evidence-link",
        data_evidence=evidence_id,
    )


def quote_pair(
    arabic: Html | str,
    english: Html | str,
    evidence_id: str,
    *,
    label: Html | str | None = None,
    attribution: Html | str | None = None,
) -> Html:
    """An Arabic blockquote with its English translation below it and a link to its evidence."""
    caption = el(
        "figcaption",
        el("span", english, class_="translation"),
        " ",
        evidence_link(evidence_id, label),
        class_="quote-en",
        dir="ltr",
        lang="en",
    )
    lead = el("div", attribution, class_="quote-attribution") if attribution else None
    quote = el("blockquote", arabic, class_="quote-ar ar", dir="rtl", lang="ar")
    return el("figure", lead, quote, caption, class_="quote-pair")


# Every ASCII punctuation character may be backslash-escaped in CommonMark, and a backslash
# escape always yields the literal character, so escaping *all* of them disarms every construct
# MyST builds from punctuation: {{ }}, {role}`x`, ```{directive}, $math$, <html>, [links](),
# # headings, | tables |, % comments, (targets)=, :fields:, *emphasis*, &entities;.
_ASCII_PUNCTUATION: Final = frozenset("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")
_LINE_BREAKS: Final = re.compile("\r\n|[\r\n\u000b\u000c\u001c-\u001e\u0085\u2028\u2029]")


def myst_escape(text: str) -> str:
    """``text`` as literal MyST Markdown inline content (for a heading or a paragraph).

    Line breaks become spaces (a newline could start a new block), leading and trailing
    whitespace is dropped (four spaces would start a code block), NUL becomes U+FFFD (as the
    parser would do anyway), and every ASCII punctuation character is backslash-escaped.
    """
    flat = _LINE_BREAKS.sub(" ", text).replace("\u0000", "\ufffd").strip()
    return "".join("\\" + ch if ch in _ASCII_PUNCTUATION else ch for ch in flat)
