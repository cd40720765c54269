"""Arabic text normalisation and actor-mention counting.

Normalisation here is for matching and counting only: stored data keeps the article's own
spelling. `normalise` unifies what is the same word written differently by orthographic
convention (diacritics, tatweel, hamza seats, alef forms, alef maqsura, ta marbuta,
presentation forms, whitespace). Genuine spelling variants such as الأمريكي/الأميركي
(an extra ي) or سيرجي/سيرغي (ج vs غ) are different letters and are handled by listing
both spellings as aliases in data/aliases.csv.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from pyarabic import araby

__all__ = ["Mention", "count_mentions", "find_mentions", "normalise"]

_ALEF_MAKSURA = "\u0649"
_YEH = "\u064a"


@dataclass(frozen=True, slots=True)
class Mention:
    """One actor mention: `text[start:end]` of the original text, proclitics included."""

    actor_id: str
    alias: str
    start: int
    end: int


@lru_cache(maxsize=8192)
def _fold_cluster(cluster: str) -> str:
    """Normalise one base character together with the combining marks that follow it."""
    base = cluster[0]
    if base.isspace():
        # Marks on a space are meaningless for matching, and keeping them would glue them to
        # the previous word once runs of spaces are collapsed.
        return " "
    # NFKD rather than NFKC: it folds presentation forms and ligatures (ﻻ, ﺗ) to base letters
    # just as NFKC does, and also splits أ إ آ ؤ ئ into seat + combining hamza/madda, so those
    # marks are stripped like any other diacritic; NFC below recomposes non-Arabic letters.
    text = unicodedata.normalize("NFKD", cluster)
    text = araby.strip_diacritics(text)  # harakat, tanwin, shadda, sukun, U+0670, hamza marks
    text = araby.strip_tatweel(text)
    # Zero-width joiners and bidi marks are invisible but would split a name in two.
    text = "".join(ch for ch in text if unicodedata.category(ch) != "Cf")
    text = unicodedata.normalize("NFC", text)
    # pyarabic's normalize_alef turns ى into ا, so map ى to ي before calling it.
    text = text.replace(_ALEF_MAKSURA, _YEH)
    text = araby.normalize_alef(text)  # أ إ آ ٱ -> ا
    text = araby.normalize_hamza(text, method="tasheel")  # ؤ -> و, ئ -> ي
    text = araby.normalize_teh(text)  # ة -> ه
    kept: list[str] = []
    for ch in text:
        if ch.isspace():
            kept.append(" ")
        # A mark whose base was removed (tatweel + U+0301) or is a space (NFKD of ¸ is
        # space + U+0327) would attach to another letter on a second pass: drop it, so that
        # normalise stays idempotent.
        elif not (unicodedata.combining(ch) and (not kept or kept[-1] == " ")):
            kept.append(ch)
    text = "".join(kept)
    if text.isspace():
        # Spacing forms of marks (U+FE70 fathatan isolated form, ¸) are marks, not word
        # separators.
        return ""
    return text


def _clusters(text: str) -> Iterable[tuple[int, int]]:
    """Yield (start, end) of each base character plus its trailing combining marks."""
    start = 0
    for index in range(1, len(text) + 1):
        if index == len(text) or not unicodedata.combining(text[index]):
            yield start, index
            start = index


def _normalise_with_offsets(text: str) -> tuple[str, list[tuple[int, int]]]:
    """Normalise `text` and give, for each output character, its source span in `text`."""
    chars: list[str] = []
    spans: list[tuple[int, int]] = []
    for start, end in _clusters(text):
        for ch in _fold_cluster(text[start:end]):
            if ch == " " and (not chars or chars[-1] == " "):
                continue
            chars.append(ch)
            spans.append((start, end))
    if chars and chars[-1] == " ":
        chars.pop()
        spans.pop()
    return "".join(chars), spans


def normalise(text: str) -> str:
    """Return `text` normalised for matching Arabic words (never for storage).

    Removes diacritics (harakat, tanwin, shadda, sukun, superscript alef), tatweel and
    invisible format characters; folds presentation forms to base letters; unifies
    أ إ آ ٱ -> ا, ى -> ي, ة -> ه, ؤ -> و, ئ -> ي; collapses whitespace to single spaces
    and trims it. Idempotent.
    """
    return _normalise_with_offsets(text)[0]


# Proclitics: a conjunction (و/ف), then a preposition (ب/ك/ل) and/or the article ال, where
# ل + ال contracts to لل. The bare alias is a separate alternative, so these are non-empty.
_PROCLITICS = "(?:[وف](?:[بك]?ال|لل|[بكل])?|[بك]?ال|لل|[بكل])"
# Before an alias that already has the article only a conjunction and/or ب/ك can attach;
# ل is handled separately because it swallows the article's alef (ل + الكرملين = للكرملين).
_PROCLITICS_BEFORE_ARTICLE = "(?:[وف][بك]?|[بك])"
_ARTICLE = "ال"


# A word character as the matcher sees it (the regex \w: letters, digits, underscore).
_WORD = re.compile(r"\w")
_TOKEN = re.compile(r"\w*")
_PROCLITIC = re.compile(_PROCLITICS)
_PROCLITIC_BEFORE_ARTICLE = re.compile(_PROCLITICS_BEFORE_ARTICLE)
_SWALLOWING = re.compile("[وف]?ل")  # ل (after و/ف) that takes the article's alef: للكرملين
#: The longest proclitic run (و + ب + ال).
_MAX_PROCLITIC = 4


def _is_arabic_letter(ch: str) -> bool:
    return "\u0621" <= ch <= "\u064a"


def _first_token(text: str, at: int = 0) -> str:
    """The run of word characters at ``at`` ("" before a non-word character)."""
    match = _TOKEN.match(text, at)
    return match.group() if match else ""


@dataclass(frozen=True)
class _Index:
    """Every alias, normalised, by the first token of the text it needs at the place where it
    starts: bare aliases; aliases after a proclitic (those without the article, and those with
    it); aliases with the article after a ل that swallows its alef (indexed without the ا)."""

    owner: dict[str, tuple[str, str]]
    bare: dict[str, list[str]]
    after_proclitic: dict[str, list[str]]
    after_proclitic_article: dict[str, list[str]]
    swallowed: dict[str, list[str]]
    actors: list[str]


@lru_cache(maxsize=32)
def _index(aliases: tuple[tuple[str, str], ...]) -> _Index:
    """Index all aliases once; raises ValueError for an empty alias or one shared by two actors."""
    actors: list[str] = []
    owner: dict[str, tuple[str, str]] = {}
    for actor_id, alias in aliases:
        if actor_id not in actors:
            actors.append(actor_id)
        key = normalise(alias)
        if not key:
            raise ValueError(f"alias {alias!r} of {actor_id!r} is empty after normalisation")
        if key in owner and owner[key][0] != actor_id:
            raise ValueError(
                f"alias {alias!r} of {actor_id!r} normalises to the same text as "
                f"{owner[key][1]!r} of {owner[key][0]!r}"
            )
        owner.setdefault(key, (actor_id, alias))
    index = _Index(owner, {}, {}, {}, {}, actors)
    for key in owner:
        index.bare.setdefault(_first_token(key), []).append(key)
        if not _is_arabic_letter(key[0]):
            continue
        if key.startswith(_ARTICLE):
            index.after_proclitic_article.setdefault(_first_token(key), []).append(key)
            index.swallowed.setdefault(_first_token(key, 1), []).append(key)
        else:
            index.after_proclitic.setdefault(_first_token(key), []).append(key)
    return index


def _ends_word(text: str, end: int) -> bool:
    return end == len(text) or not _WORD.match(text, end)


def _match_at(text: str, at: int, index: _Index) -> tuple[str, int] | None:
    """The alias (normalised) that a mention starting at ``at`` reads, and where it ends.

    Of every reading that ends a word — the alias bare, or after proclitics — the longest
    alias wins, and at equal length a bare reading beats one after a proclitic (the alias
    للب beats ل + الب), then the alias's own text: one order, the matcher's only rule."""
    found: list[tuple[tuple[int, bool, str], int]] = []

    def consider(keys: list[str], start: int, skip: int, prefixed: bool) -> None:
        for key in keys:
            body = key[skip:]
            if text.startswith(body, start) and _ends_word(text, start + len(body)):
                found.append(((-len(key), prefixed, key), start + len(body)))

    consider(index.bare.get(_first_token(text, at), []), at, 0, False)
    word = _first_token(text, at)
    for length in range(1, min(_MAX_PROCLITIC, len(word) - 1) + 1):
        prefix, start = word[:length], at + length
        token = _first_token(text, start)
        if _PROCLITIC.fullmatch(prefix):
            consider(index.after_proclitic.get(token, []), start, 0, True)
        if _PROCLITIC_BEFORE_ARTICLE.fullmatch(prefix):
            consider(index.after_proclitic_article.get(token, []), start, 0, True)
        if _SWALLOWING.fullmatch(prefix):
            consider(index.swallowed.get(token, []), start, 1, True)
    if not found:
        return None
    (_, _, key), end = min(found)
    return key, end


def find_mentions(text: str, aliases: Iterable[tuple[str, str]]) -> list[Mention]:
    """Find actor mentions in `text`, with spans in the original (un-normalised) text.

    `aliases` are (actor_id, alias) pairs. Matching is on normalised text and whole words,
    allowing Arabic proclitics (و ف ب ك ل and the article) before an alias; longer aliases
    win and matches never overlap. Raises ValueError if one alias (after normalisation)
    belongs to two actors or is empty.

    Linear in the text: a mention can start only where no word character precedes, and there
    the aliases to try are looked up by the token they need (not tried one by one, which
    made the count grow with the product of text and aliases).
    """
    if not text:
        return []
    index = _index(tuple((actor, alias) for actor, alias in aliases))
    normalised, spans = _normalise_with_offsets(text)
    mentions = []
    at = 0
    while at < len(normalised):
        if at and _WORD.match(normalised, at - 1):
            at += 1
            continue
        match = _match_at(normalised, at, index)
        if match is None:
            at += 1
            continue
        key, end = match
        actor_id, alias = index.owner[key]
        mentions.append(Mention(actor_id, alias, spans[at][0], spans[end - 1][1]))
        at = end
    return mentions


def count_mentions(text: str, aliases: Iterable[tuple[str, str]]) -> dict[str, int]:
    """Count mentions of each actor in `text`; every actor in `aliases` appears, 0 if absent.

    Same matching rules as `find_mentions`.
    """
    pairs = tuple((actor, alias) for actor, alias in aliases)
    counts = dict.fromkeys(_index(pairs).actors, 0)
    for mention in find_mentions(text, pairs):
        counts[mention.actor_id] += 1
    return counts
