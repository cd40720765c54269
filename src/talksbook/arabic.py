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


def _is_arabic_letter(ch: str) -> bool:
    return "\u0621" <= ch <= "\u064a"


def _alternatives(alias: str) -> list[tuple[str, bool]]:
    """Regex alternatives for a normalised alias: (pattern, uses_proclitic)."""
    found = [(re.escape(alias), False)]
    if not _is_arabic_letter(alias[0]):
        return found
    if alias.startswith(_ARTICLE):
        found.append((_PROCLITICS_BEFORE_ARTICLE + re.escape(alias), True))
        found.append(("[وف]?ل" + re.escape(alias[1:]), True))
    else:
        found.append((_PROCLITICS + re.escape(alias), True))
    return found


@lru_cache(maxsize=32)
def _compile(
    aliases: tuple[tuple[str, str], ...],
) -> tuple[re.Pattern[str], list[tuple[str, str]], list[str]]:
    """Build one matcher for all aliases; returns (pattern, group -> (actor, alias), actors)."""
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
    # Longest alias first, so "دونالد ترامب" wins over "ترامب" at the same position; at equal
    # length a bare alias beats a proclitic reading of another (للب as an alias vs ل + الب).
    ordered = sorted(
        ((key, pattern, prefixed) for key in owner for pattern, prefixed in _alternatives(key)),
        key=lambda item: (-len(item[0]), item[2], item[0]),
    )
    groups = [owner[key] for key, _, _ in ordered]
    body = "|".join(f"({pattern})" for _, pattern, _ in ordered)
    return re.compile(rf"(?<!\w)(?:{body})(?!\w)"), groups, actors


def find_mentions(text: str, aliases: Iterable[tuple[str, str]]) -> list[Mention]:
    """Find actor mentions in `text`, with spans in the original (un-normalised) text.

    `aliases` are (actor_id, alias) pairs. Matching is on normalised text and whole words,
    allowing Arabic proclitics (و ف ب ك ل and the article) before an alias; longer aliases
    win and matches never overlap. Raises ValueError if one alias (after normalisation)
    belongs to two actors or is empty.
    """
    if not text:
        return []
    pattern, groups, _ = _compile(tuple((actor, alias) for actor, alias in aliases))
    normalised, spans = _normalise_with_offsets(text)
    mentions = []
    for match in pattern.finditer(normalised):
        # Every alternative of the pattern is one group, so a match always has a last group.
        assert match.lastindex is not None
        actor_id, alias = groups[match.lastindex - 1]
        start = spans[match.start()][0]
        end = spans[match.end() - 1][1]
        mentions.append(Mention(actor_id, alias, start, end))
    return mentions


def count_mentions(text: str, aliases: Iterable[tuple[str, str]]) -> dict[str, int]:
    """Count mentions of each actor in `text`; every actor in `aliases` appears, 0 if absent.

    Same matching rules as `find_mentions`.
    """
    pairs = tuple((actor, alias) for actor, alias in aliases)
    _, _, actors = _compile(pairs)
    counts = dict.fromkeys(actors, 0)
    for mention in find_mentions(text, pairs):
        counts[mention.actor_id] += 1
    return counts
