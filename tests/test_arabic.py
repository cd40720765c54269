"""Tests for talksbook.arabic: normalisation rules, mention matching, and the real article."""

from __future__ import annotations

import csv
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from talksbook.arabic import Mention, count_mentions, find_mentions, normalise
from talksbook.paths import DATA_DIR

ARTICLE = (DATA_DIR / "sources" / "article-ar.txt").read_text(encoding="utf-8")

HARAKAT_AND_CO = [
    "\u064b",  # fathatan
    "\u064c",  # dammatan
    "\u064d",  # kasratan
    "\u064e",  # fatha
    "\u064f",  # damma
    "\u0650",  # kasra
    "\u0651",  # shadda
    "\u0652",  # sukun
    "\u0670",  # superscript (dagger) alef
]
TATWEEL = "\u0640"


def load_aliases() -> list[tuple[str, str]]:
    with (DATA_DIR / "aliases.csv").open(encoding="utf-8", newline="") as handle:
        return [(row["actor_id"], row["alias"]) for row in csv.DictReader(handle)]


# --- normalisation rules -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        # diacritics: harakat, tanwin, shadda, sukun
        ("تُعَدُّ", "تعد"),
        ("شُكْرًا", "شكرا"),
        ("بِكِتَابٍ", "بكتاب"),
        ("عَبَّرَ", "عبر"),
        # superscript alef is a diacritic here, not a letter: removed, not turned into ا
        ("هٰذا", "هذا"),
        ("علىٰ", "علي"),
        # tatweel
        ("ترامـــــب", "ترامب"),
        ("ـبوتين", "بوتين"),
        # alef forms
        ("أحمد", "احمد"),
        ("إسطنبول", "اسطنبول"),
        ("آخر", "اخر"),
        ("ٱلله", "الله"),
        # alef maqsura -> ya (pyarabic's normalize_alef alone would give ا)
        ("على", "علي"),
        ("مستشفى", "مستشفي"),
        # ta marbuta -> ha
        ("الخارجية", "الخارجيه"),
        # hamza on waw / ya
        ("مسؤولين", "مسوولين"),
        ("حلفائها", "حلفايها"),
        # standalone hamza is a letter and stays
        ("استياءً", "استياء"),
        # whitespace: collapsed and trimmed, line breaks and no-break spaces included
        ("  ترامب \n\t  بوتين  ", "ترامب بوتين"),
        ("ترامب\u00a0بوتين", "ترامب بوتين"),
        # invisible format characters (ZWNJ, RLM) would otherwise split words
        ("ترا\u200cمب\u200f", "ترامب"),
    ],
)
def test_normalisation_rules(raw: str, expected: str) -> None:
    assert normalise(raw) == expected


def test_presentation_forms_fold_to_base_letters() -> None:
    # ﺗﺮﺍﻣﺐ is ترامب typed in contextual presentation forms; ﻻ and ﻷ are lam-alef ligatures.
    assert normalise("\ufe97\ufeae\ufe8d\ufee3\ufe90") == "ترامب"
    assert normalise("\ufefb") == "لا"
    assert normalise("\ufef7") == "لا"


def test_combining_hamza_and_madda_are_unified_with_precomposed_letters() -> None:
    # Decomposed أ ؤ ئ آ (seat + combining mark) behave like the precomposed letters.
    assert normalise("\u0627\u0654\u0648\u0654\u064a\u0654\u0627\u0653") == "اويا"


def test_isolated_diacritic_forms_do_not_become_spaces() -> None:
    # U+FE70 (fathatan isolated form) decomposes to space + fathatan under NFKC/NFKD.
    assert normalise("شكرا\ufe70") == "شكرا"


def test_non_arabic_text_is_left_alone_apart_from_nfkc() -> None:
    assert normalise("Trump met Putin") == "Trump met Putin"
    assert normalise("café") == normalise("cafe\u0301") == "café"
    assert normalise("ﬁ") == "fi"


def test_empty_and_blank() -> None:
    assert normalise("") == ""
    assert normalise(" \n\t ") == ""
    assert normalise("\u064e\u0640") == ""


def test_which_variants_normalisation_unifies_and_which_need_aliases() -> None:
    # Hamza seats are orthographic: one string after normalisation.
    assert normalise("إسطنبول") == normalise("أسطنبول") == "اسطنبول"
    # الأمريكي / الأميركي differ by a letter (an inserted ي) and سيرجي / سيرغي by ج vs غ:
    # real spelling variants, which normalisation keeps apart, so aliases.csv lists both.
    assert normalise("الأمريكي") == "الامريكي"
    assert normalise("الأميركي") == "الاميركي"
    assert normalise("الأمريكي") != normalise("الأميركي")
    assert normalise("سيرجي لافروف") != normalise("سيرغي لافروف")


# --- normalisation properties --------------------------------------------------------------

arabic_heavy_text = st.text(
    alphabet=st.one_of(
        st.characters(min_codepoint=0x0600, max_codepoint=0x06FF),
        st.characters(min_codepoint=0xFB50, max_codepoint=0xFEFF),  # presentation forms
        st.sampled_from([" ", "\n", "\u00a0", "\u200c", "\u0301", "\u0308", "e", "ـ"]),
        st.characters(),
    )
)


@given(arabic_heavy_text)
@settings(max_examples=500)
def test_normalise_is_idempotent(text: str) -> None:
    once = normalise(text)
    assert normalise(once) == once


@given(st.text())
def test_normalise_never_raises_and_trims_whitespace(text: str) -> None:
    result = normalise(text)
    assert isinstance(result, str)
    assert result == result.strip()
    assert "  " not in result


@given(arabic_heavy_text)
def test_normalised_text_has_no_diacritics_or_tatweel(text: str) -> None:
    result = normalise(text)
    assert not set(result) & {*HARAKAT_AND_CO, TATWEEL, "أ", "إ", "آ", "ٱ", "ى", "ة", "ؤ", "ئ"}


# --- matching --------------------------------------------------------------------------------

PEOPLE = [
    ("trump", "ترامب"),
    ("trump", "دونالد ترامب"),
    ("putin", "بوتين"),
    ("kremlin", "الكرملين"),
    ("tass", "تاس"),
]


def test_every_actor_is_reported_even_when_absent() -> None:
    assert count_mentions("لا شيء هنا", PEOPLE) == {
        "trump": 0,
        "putin": 0,
        "kremlin": 0,
        "tass": 0,
    }


def test_longest_alias_wins_and_matches_do_not_overlap() -> None:
    text = "قال دونالد ترامب إن ترامب سيلتقي بوتين"
    assert count_mentions(text, PEOPLE)["trump"] == 2
    mentions = find_mentions(text, PEOPLE)
    assert [(m.actor_id, text[m.start : m.end]) for m in mentions] == [
        ("trump", "دونالد ترامب"),
        ("trump", "ترامب"),
        ("putin", "بوتين"),
    ]


@pytest.mark.parametrize(
    "word", ["وترامب", "فترامب", "بترامب", "لترامب", "كترامب", "والترامب", "بالترامب", "للترامب"]
)
def test_proclitics_before_alias_without_article(word: str) -> None:
    assert count_mentions(f"قال {word} اليوم", PEOPLE)["trump"] == 1


@pytest.mark.parametrize("word", ["الكرملين", "والكرملين", "فالكرملين", "بالكرملين", "للكرملين"])
def test_proclitics_before_alias_with_article(word: str) -> None:
    assert count_mentions(f"قال {word} اليوم", PEOPLE)["kremlin"] == 1


@pytest.mark.parametrize(
    "text",
    [
        "تاسع",  # alias followed by more letters
        "أتاسي",  # alias inside a word, preceded by a letter that is not a proclitic
        "متاس",
        "ترامبي",
        "مترامب",
        "لالكرملين",  # ل before the article contracts to لل; this spelling is not Arabic
        "الالكرملين",
    ],
)
def test_no_match_inside_longer_words(text: str) -> None:
    assert sum(count_mentions(text, PEOPLE).values()) == 0


def test_diacritics_and_tatweel_in_text_do_not_hide_mentions_and_spans_cover_them() -> None:
    text = "أكَّد الكرمـلينُ أنَّ بُوتِين وتْرامب"
    mentions = find_mentions(text, PEOPLE)
    assert [text[m.start : m.end] for m in mentions] == ["الكرمـلينُ", "بُوتِين", "وتْرامب"]


def test_aliases_are_normalised_too() -> None:
    assert count_mentions("اسطنبول", [("ist", "إسطنبول")]) == {"ist": 1}
    assert count_mentions("إسطنبول", [("ist", "اسطنبول")]) == {"ist": 1}


def test_spelling_variants_of_one_actor_are_deduplicated_but_clashes_are_errors() -> None:
    assert count_mentions("أسطنبول", [("ist", "إسطنبول"), ("ist", "أسطنبول")]) == {"ist": 1}
    with pytest.raises(ValueError, match="same text"):
        count_mentions("x", [("a", "إسطنبول"), ("b", "اسطنبول")])
    with pytest.raises(ValueError, match="empty"):
        count_mentions("x", [("a", "\u064e")])


def test_aliases_may_be_any_iterable_of_pairs() -> None:
    pairs = ([actor, alias] for actor, alias in PEOPLE)  # lists from csv.reader, say
    assert count_mentions("بوتين", pairs)["putin"] == 1


# --- matching properties ---------------------------------------------------------------------

arabic_letters = [chr(c) for c in range(0x0621, 0x064B) if c != 0x0640]
alias_words = st.lists(
    st.text(alphabet=arabic_letters, min_size=1, max_size=8),
    min_size=1,
    max_size=8,
    unique_by=normalise,
)
marks = st.sampled_from([*HARAKAT_AND_CO, TATWEEL])


def sprinkle(text: str, insertions: list[tuple[int, str]]) -> str:
    """Insert marks at the given positions (taken modulo len(text) + 1)."""
    chars = list(text)
    for position, mark in sorted(insertions, reverse=True):
        chars.insert(position % (len(text) + 1), mark)
    return "".join(chars)


@given(alias_words)
def test_joined_aliases_are_each_counted_once(words: list[str]) -> None:
    aliases = [(f"actor{i}", word) for i, word in enumerate(words)]
    counts = count_mentions(" ".join(words), aliases)
    assert counts == {actor: 1 for actor, _ in aliases}


@given(alias_words, st.lists(st.tuples(st.integers(0, 10_000), marks), max_size=30))
def test_marks_in_text_do_not_change_counts(
    words: list[str], insertions: list[tuple[int, str]]
) -> None:
    aliases = [(f"actor{i}", word) for i, word in enumerate(words)]
    text = " ".join(words)
    assert count_mentions(sprinkle(text, insertions), aliases) == count_mentions(text, aliases)


@given(st.lists(st.tuples(st.integers(0, len(ARTICLE)), marks), max_size=40))
@settings(max_examples=50, deadline=None)
def test_marks_in_the_article_do_not_change_counts(insertions: list[tuple[int, str]]) -> None:
    aliases = load_aliases()
    assert count_mentions(sprinkle(ARTICLE, insertions), aliases) == count_mentions(
        ARTICLE, aliases
    )


@given(arabic_heavy_text)
def test_mention_spans_are_ordered_disjoint_and_end_with_the_alias(text: str) -> None:
    text = text + " وترامب " + text
    mentions = find_mentions(text, PEOPLE)
    assert len(mentions) == sum(count_mentions(text, PEOPLE).values())
    previous_end = 0
    for mention in mentions:
        assert previous_end <= mention.start < mention.end <= len(text)
        previous_end = mention.end
        assert normalise(text[mention.start : mention.end]).endswith(normalise(mention.alias)[1:])


# --- the article -----------------------------------------------------------------------------

# Counted by reading the article line by line (line numbers as in article-ar.txt):
#   trump: 4 (وترامب), 5 (دونالد ترامب; ترامب), 6 (وترامب), 7, 17 (والرئيس ترامب), 26, 27, 28
#   putin: 4, 5 (فلاديمير بوتين; بوتين), 6, 7 (وبوتين), 10, 26, 27 (وبوتين; بوتين)
#   rubio: 7, 16, 22, 24 (always ماركو روبيو)
#   lavrov: 22 (سيرجي لافروف), 24 (سيرغي لافروف)
#   zelensky: 5, 30 (فولوديمير زيلينسكي);  macron: 30 (إيمانويل ماكرون)
#   biden: 27 (جو بايدن);  bruce: 24 (تامي بروس);  kremlin: 6
EXPECTED_IN_ARTICLE = {
    "trump": 9,
    "putin": 9,
    "rubio": 4,
    "lavrov": 2,
    "zelensky": 2,
    "macron": 1,
    "biden": 1,
    "bruce": 1,
    "kremlin": 1,
}


def test_expected_counts_in_the_article() -> None:
    counts = count_mentions(ARTICLE, load_aliases())
    assert {actor: counts[actor] for actor in EXPECTED_IN_ARTICLE} == EXPECTED_IN_ARTICLE


def test_every_aliased_actor_is_counted_and_article_aliases_are_found() -> None:
    aliases = load_aliases()
    counts = count_mentions(ARTICLE, aliases)
    assert set(counts) == {actor for actor, _ in aliases}
    with (DATA_DIR / "aliases.csv").open(encoding="utf-8", newline="") as handle:
        in_article = [row for row in csv.DictReader(handle) if row["occurs_in"] == "art-ar"]
    for row in in_article:
        assert counts[row["actor_id"]] > 0, row


def test_lavrov_is_found_under_both_spellings() -> None:
    mentions = [m for m in find_mentions(ARTICLE, load_aliases()) if m.actor_id == "lavrov"]
    assert [ARTICLE[m.start : m.end] for m in mentions] == ["سيرجي لافروف", "سيرغي لافروف"]
    assert [ARTICLE.count(spelling) for spelling in ("سيرجي", "سيرغي")] == [1, 1]


def test_istanbul_hamza_variants_count_as_one_word_in_the_article() -> None:
    assert ARTICLE.count("إسطنبول") == 1
    assert ARTICLE.count("أسطنبول") == 1
    assert count_mentions(ARTICLE, [("istanbul", "إسطنبول")]) == {"istanbul": 2}


def test_american_spellings_need_both_aliases_in_the_article() -> None:
    # Whole words only: الأمريكي 3 times (lines 5, 7, 22), الأميركي 5 times (lines 12, 16,
    # 19, 24, 27); الأميركية / الأميركيين are other words and must not be counted.
    def whole_words(word: str) -> int:
        return len(re.findall(rf"(?<!\w){word}(?!\w)", ARTICLE))

    assert (whole_words("الأمريكي"), whole_words("الأميركي")) == (3, 5)
    assert count_mentions(ARTICLE, [("us", "الأمريكي")]) == {"us": 3}
    assert count_mentions(ARTICLE, [("us", "الأميركي")]) == {"us": 5}
    assert count_mentions(ARTICLE, [("us", "الأمريكي"), ("us", "الأميركي")]) == {"us": 8}


def test_mention_is_a_small_value_object() -> None:
    mention = find_mentions("بوتين", PEOPLE)[0]
    assert mention == Mention("putin", "بوتين", 0, 5)


# --- the matcher against its specification ------------------------------------------------------
#
# The rule, written as one regular expression (how the matcher used to work, in time that grew
# with text x aliases): every alias bare or after proclitics, longest alias first, a bare
# reading before a proclitic one at equal length, whole words, leftmost and non-overlapping.
# The linear matcher must find exactly what this finds.


def _specified(text: str, aliases: list[tuple[str, str]]) -> list[tuple[str, str, int, int]]:
    from talksbook import arabic

    owner: dict[str, tuple[str, str]] = {}
    for actor_id, alias in aliases:
        owner.setdefault(normalise(alias), (actor_id, alias))
    alternatives = []
    for key in owner:
        alternatives.append((key, re.escape(key), False))
        if "\u0621" <= key[0] <= "\u064a":
            if key.startswith("ال"):
                alternatives.append((key, arabic._PROCLITICS_BEFORE_ARTICLE + re.escape(key), True))
                alternatives.append((key, "[وف]?ل" + re.escape(key[1:]), True))
            else:
                alternatives.append((key, arabic._PROCLITICS + re.escape(key), True))
    ordered = sorted(alternatives, key=lambda item: (-len(item[0]), item[2], item[0]))
    pattern = re.compile(r"(?<!\w)(?:" + "|".join(f"({p})" for _, p, _ in ordered) + r")(?!\w)")
    normalised, spans = arabic._normalise_with_offsets(text)
    found = []
    for match in pattern.finditer(normalised):
        assert match.lastindex is not None
        actor_id, alias = owner[ordered[match.lastindex - 1][0]]
        found.append((actor_id, alias, spans[match.start()][0], spans[match.end() - 1][1]))
    return found


_LETTERS = "البوفكتمرن"
_words = st.text(alphabet=_LETTERS, min_size=1, max_size=5)


@settings(max_examples=400, deadline=None)
@given(
    aliases=st.lists(
        st.lists(_words, min_size=1, max_size=2).map(" ".join), min_size=1, max_size=6
    ),
    text=st.lists(
        st.one_of(_words, st.sampled_from([" ", "، ", ".", "و", "ال", "لل", "x"])), max_size=30
    ),
    picks=st.lists(st.integers(0, 5), max_size=8),
)
def test_the_matcher_finds_what_its_rule_says(
    aliases: list[str], text: list[str], picks: list[int]
) -> None:
    pairs = [(f"actor-{i}", a) for i, a in enumerate(dict.fromkeys(aliases))]
    # Aliases sprinkled into the text, some after proclitics, so that there is much to find.
    pieces = list(text)
    for n, pick in enumerate(picks):
        alias = pairs[pick % len(pairs)][1]
        pieces.insert(n * 3 % (len(pieces) + 1), ["", "و", "ب", "ال", "لل", "وبال"][n % 6] + alias)
    written = " ".join(pieces)
    found = [(m.actor_id, m.alias, m.start, m.end) for m in find_mentions(written, pairs)]
    assert found == _specified(written, pairs)


def test_at_equal_length_a_bare_alias_beats_a_proclitic_reading() -> None:
    # "للب" is an alias of its own, and also ل + "الب" (the ل swallowing the article's alef).
    pairs = [("other", "الب"), ("own", "للب")]
    for text in ("للب", "قال للب ذلك"):
        found = [(m.actor_id, m.alias) for m in find_mentions(text, pairs)]
        assert found == [("own", "للب")] == [f[:2] for f in _specified(text, pairs)]
