"""Text from the data inside right-to-left prose: each left-to-right run isolated, the book's
own digits written in the edition's digits.

An Arabic sentence may hold Latin runs: a name kept in Latin ("GeoNames"), an identifier
(``evidence.source_id``), a web address. Left to the bidi algorithm, a run's neighbouring
punctuation is laid out by the run's direction: a full stop after "GeoNames." jumps to the
wrong end, and a path reads backwards. Every such run goes in its own ``<bdi dir="ltr">``, so
that it is laid out on its own and the punctuation around it stays where the sentence put it.

This is the one place where that is done: :func:`talksbook.words.value_html` (every text
value a template sentence inserts, in a right-to-left edition) calls :func:`isolate`.

>>> str(isolate("قاعدة بيانات GeoNames الجغرافية (2025).", "٠١٢٣٤٥٦٧٨٩"))
'قاعدة بيانات <bdi dir="ltr">GeoNames</bdi> الجغرافية (٢٠٢٥).'
"""

from __future__ import annotations

import re
import unicodedata
from typing import Final

from .html import Html, el, escape

__all__ = ["LATIN_RUN", "isolate", "latin_only"]

#: A left-to-right run: words that start with a Latin letter (or are digits inside such a run,
#: "ISO 3166"), joined by spaces and by the punctuation of names, paths and addresses. A run
#: ends on a letter, a digit, "/" or "_": a full stop or a bracket after it belongs to the
#: sentence around it. Digits alone are no run: they are numbers, written in the edition's
#: digits.
_WORD: Final = r"[A-Za-z][A-Za-z0-9_./:@#&+%?=~'’-]*[A-Za-z0-9/_]|[A-Za-z]"
_TAIL: Final = r"[A-Za-z0-9][A-Za-z0-9_./:@#&+%?=~'’-]*[A-Za-z0-9/_]|[A-Za-z0-9]"
LATIN_RUN: Final = re.compile(rf"(?:{_WORD})(?:[ \u00a0]+(?:{_TAIL}))*")
_ASCII_DIGITS: Final = "0123456789"


def latin_only(value: str) -> bool:
    """Whether ``value`` has Latin letters and no letters of another script (English left in
    Arabic prose, where the data have no Arabic)."""
    letters = [ch for ch in value if ch.isalpha()]
    return bool(letters) and all(unicodedata.name(ch, "").startswith("LATIN") for ch in letters)


def isolate(value: str, digits: str = _ASCII_DIGITS) -> Html:
    """``value`` as markup for right-to-left prose: escaped; text in Latin letters only (an
    English fallback) as one English left-to-right run; in any other text, each Latin run in
    a ``<bdi dir="ltr">`` and the digits outside them written with ``digits`` (the edition's
    zero to nine)."""
    if latin_only(value):
        return el("bdi", value, dir="ltr", lang="en")
    native = str.maketrans(_ASCII_DIGITS, digits)
    parts: list[Html] = []
    last = 0
    for run in LATIN_RUN.finditer(value):
        parts.append(escape(value[last : run.start()].translate(native)))
        parts.append(el("bdi", run.group(), dir="ltr"))
        last = run.end()
    parts.append(escape(value[last:].translate(native)))
    return Html("").join(parts)
