"""A tiny builder for safe HTML fragments: data is escaped at the moment it is inserted.

The book's prose reaches the page as ``text/html`` notebook outputs, never as Markdown, because
data routed into MyST is *evaluated* (``{{ … }}`` runs Jinja, ``{include}`` reads files, inline
HTML goes live). The rule here is simple:

* :class:`Html` (a :class:`markupsafe.Markup`) holds markup we trust: our own tag names and
  template words.
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
from typing import Any, Final, Self
from urllib.parse import quote as _url_quote

from markupsafe import Markup

__all__ = [
    "APPENDIX_PAGE",
    "DOWNLOAD_DIR",
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
#: Where the pipeline copies the package's files inside the built book, relative to a page:
#: the appendix and every "shown here: the first 50" note link to their downloads there.
DOWNLOAD_DIR: Final = "_static/data"
#: ... and the previous edition's files this edition was compared with (the changes page).
PREVIOUS_DOWNLOAD_DIR: Final = f"{DOWNLOAD_DIR}-previous"
#: The anchor of the appendix's evidence table (each row listed there has its id as anchor).
EVIDENCE_TABLE: Final = "evidence-rows"

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


class Html(Markup):
    """Trusted markup. Build it with :func:`el`, :func:`escape` and friends, not by hand.

    A :class:`markupsafe.Markup` (so Jinja and anything else that knows ``__html__`` keeps it
    as is), with this module's escaping: ``+``, :meth:`join`, ``%`` and :meth:`format` escape
    plain ``str`` operands through :func:`escape`, so data can be mixed in freely; anything
    else (numbers, None) is refused so that formatting stays explicit. Instances are
    immutable, like every ``str``. An ``Html`` equals only an ``Html`` of the same markup,
    never the plain text that reads the same.
    """

    __slots__ = ()

    def __new__(cls, markup: str = "") -> Self:
        # The constructor trusts its argument: only this module and our own templates call it.
        # Markup would also take any object (Markup(5) is '5'); Html takes text only.
        if not isinstance(markup, str):
            raise TypeError(f"Html() needs markup as str, not {type(markup).__name__}")
        return super().__new__(cls, markup)

    @classmethod
    def escape(cls, s: Any, /) -> Self:
        """Markup's escaping hook (used by ``+``, ``join``, ``%``, ``format``…), routed
        through this module's :func:`escape`."""
        escaped = escape(s)
        return escaped if type(escaped) is cls else cls(str(escaped))

    def _repr_html_(self) -> str:
        """Jupyter: display as text/html (never text/markdown)."""
        return str(self)

    def __html__(self) -> str:  # type: ignore[override]  # the protocol asks for a str only
        """The markupsafe protocol, so Jinja and friends do not escape twice: the markup as
        plain ``str``, like :meth:`_repr_html_` (Markup would return itself)."""
        return str(self)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Html) and str.__eq__(self, other)

    def __ne__(self, other: object) -> bool:
        return not self == other

    __hash__ = str.__hash__


def escape(text: Html | str) -> Html:
    """``text`` as markup: ``str`` is escaped (quotes included), ``Html`` is kept as is.

    Escaping is ``html.escape(quote=True)`` after invisible control characters are made
    visible. Only :class:`Html` counts as markup: another library's ``Markup`` is escaped as
    the text it is, and anything but ``str`` (numbers, None, ``__html__`` objects) is refused.
    """
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
    if not isinstance(url, str) or isinstance(url, Html):
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
    # Html is a str too, but markup inside an attribute value would be read as text: refused.
    if not isinstance(value, str) or isinstance(value, Html):
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


def evidence_link(evidence_id: str, label: Html | str | None = None, listed: bool = True) -> Html:
    """A link to the evidence row ``evidence_id`` in the appendix (label defaults to the id);
    to the evidence table itself when the appendix does not list that row (past its cap: the
    table says so and offers the whole file).

    Ids follow ``^[a-z0-9][a-z0-9-]*$`` in valid data; the fragment is still percent-encoded
    and the label escaped, so a hostile id stays inert.
    """
    fragment = _url_quote(evidence_id, safe="-._~") if listed else EVIDENCE_TABLE
    href = f"{APPENDIX_PAGE}#{fragment}"
    return el(
        "a",
        evidence_id if label is None else label,
        href=href,
        class_="evidence-link",
        data_evidence=evidence_id,
    )


def quote_pair(
    arabic: Html | str,
    english: Html | str | None,
    evidence_id: str,
    *,
    label: Html | str | None = None,
    attribution: Html | str | None = None,
    listed: bool = True,
) -> Html:
    """An Arabic blockquote with its English translation below it and a link to its evidence;
    with ``english`` None (an edition whose reader reads the original), the link alone."""
    link = evidence_link(evidence_id, label, listed)
    if english is None:
        caption = el("figcaption", link, class_="quote-cite")
    else:
        caption = el(
            "figcaption",
            el("span", english, class_="translation"),
            " ",
            link,
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
    if not isinstance(text, str) or isinstance(text, Html):
        # Markup is not text: its tags would show as literal characters in the heading.
        raise TypeError(f"myst_escape needs plain text, not {type(text).__name__}")
    flat = _LINE_BREAKS.sub(" ", text).replace("\u0000", "\ufffd").strip()
    return "".join("\\" + ch if ch in _ASCII_PUNCTUATION else ch for ch in flat)
