"""The wording of numbers, plurals, dates and lists (talksbook.words), rule by rule.

Every expected value below is what the book wrote before babel replaced the hand-written plural
rules and number formatting (captured from that implementation), so a table row that fails is a
change in the book. The one deliberate difference: a number that is not whole but rounds to a
whole one at two decimals (1e-7, 1.005, 999.995) used to keep a bare decimal separator ("0.",
"1,000.", "٠٫"); it now reads "0", "1,000", "٠". The shipped book has no such number. Later
deliberate changes (issue 14, talksbook.grammar): Arabic ordinals are words up to 20 (الحادي عشر),
and lists follow CLDR's list patterns (Arabic: و on every item after the first).
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pandas as pd
import pytest
from babel import Locale

import talksbook.words as words_module
from talksbook.html import Html
from talksbook.words import (
    fmt_count,
    fmt_date,
    fmt_digits,
    fmt_interval,
    fmt_list,
    fmt_list_text,
    fmt_months,
    fmt_number,
    fmt_ordinal,
    fmt_weekday_date,
    keys,
    number_symbols,
    numbering_system,
    plural_category,
)

NUMBERS = (0, 1, 2, 3, 10, 11, 99, 100, 101, 102, 1000, 1.5)

# --- plural categories (CLDR, through babel) ----------------------------------------------------


@pytest.mark.parametrize(
    ("lang", "ordinal", "expected"),
    [
        ("en", False, ["other", "one"] + ["other"] * 10),
        (
            "en",
            True,
            ["other", "one", "two", "few"] + ["other"] * 4 + ["one", "two"] + ["other"] * 2,
        ),
        (
            "ar",
            False,
            ["zero", "one", "two", "few", "few", "many", "many"] + ["other"] * 5,
        ),
        ("ar", True, ["other"] * 12),
    ],
)
def test_plural_category(lang: str, ordinal: bool, expected: list[str]) -> None:
    assert [plural_category(n, lang, ordinal=ordinal) for n in NUMBERS] == expected


@pytest.mark.parametrize(
    ("n", "lang", "expected"),
    [
        (103, "ar", "few"),
        (110, "ar", "few"),
        (111, "ar", "many"),
        (199, "ar", "many"),
        (2.0, "ar", "two"),  # a whole float is its integer
        (-1, "en", "one"),  # the sign does not count
        (-11, "ar", "many"),
        (0.5, "ar", "other"),
        (1.0, "en", "one"),
        (111, "en", "other"),
    ],
)
def test_plural_category_edges(n: float, lang: str, expected: str) -> None:
    assert plural_category(n, lang) == expected


def test_plural_rules_are_cldrs() -> None:
    for lang in ("en", "ar"):
        for n in range(0, 1200):
            assert plural_category(n, lang) == Locale.parse(lang).plural_form(n)
            assert plural_category(n, lang, ordinal=True) == Locale.parse(lang).ordinal_form(n)


# --- numbers ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "en", "en_plain", "ar", "ar_plain"),
    [
        # zero
        (0, "0", "0", "٠", "٠"),
        (0.0, "0", "0", "٠", "٠"),
        (-0.0, "0", "0", "٠", "٠"),
        # tiny: rounds to nothing at two decimals (before: "0." and "-0.")
        (1e-7, "0", "0", "٠", "٠"),
        (-1e-7, "0", "0", "٠", "٠"),
        (0.004, "0", "0", "٠", "٠"),
        (0.005, "0.01", "0.01", "٠٫٠١", "٠٫٠١"),  # 0.005 is stored as 0.005000…1
        (0.01, "0.01", "0.01", "٠٫٠١", "٠٫٠١"),
        # whole and huge
        (2025, "2,025", "2025", "٢٬٠٢٥", "٢٠٢٥"),
        (1234567, "1,234,567", "1234567", "١٬٢٣٤٬٥٦٧", "١٢٣٤٥٦٧"),
        (
            10**21,
            "1,000,000,000,000,000,000,000",
            "1000000000000000000000",
            "١٬٠٠٠٬٠٠٠٬٠٠٠٬٠٠٠٬٠٠٠٬٠٠٠٬٠٠٠",
            "١٠٠٠٠٠٠٠٠٠٠٠٠٠٠٠٠٠٠٠٠٠",
        ),
        (
            1e20,
            "100,000,000,000,000,000,000",
            "100000000000000000000",
            "١٠٠٬٠٠٠٬٠٠٠٬٠٠٠٬٠٠٠٬٠٠٠٬٠٠٠",
            "١٠٠٠٠٠٠٠٠٠٠٠٠٠٠٠٠٠٠٠٠",
        ),
        (
            2**53 + 1,
            "9,007,199,254,740,993",
            "9007199254740993",
            "٩٬٠٠٧٬١٩٩٬٢٥٤٬٧٤٠٬٩٩٣",
            "٩٠٠٧١٩٩٢٥٤٧٤٠٩٩٣",
        ),
        # negative
        (-1, "-1", "-1", "-١", "-١"),
        (-0.25, "-0.25", "-0.25", "-٠٫٢٥", "-٠٫٢٥"),
        (-1234.5, "-1,234.5", "-1234.5", "-١٬٢٣٤٫٥", "-١٢٣٤٫٥"),
        # decimals: at most two, no trailing zeros, half to even on the stored binary value
        (1.5, "1.5", "1.5", "١٫٥", "١٫٥"),
        (0.125, "0.12", "0.12", "٠٫١٢", "٠٫١٢"),
        (2.675, "2.67", "2.67", "٢٫٦٧", "٢٫٦٧"),  # stored as 2.67499…
        (1 / 3, "0.33", "0.33", "٠٫٣٣", "٠٫٣٣"),
        (12345.5, "12,345.5", "12345.5", "١٢٬٣٤٥٫٥", "١٢٣٤٥٫٥"),
        (1234567.891, "1,234,567.89", "1234567.89", "١٬٢٣٤٬٥٦٧٫٨٩", "١٢٣٤٥٦٧٫٨٩"),
        (365.2425 / 12, "30.44", "30.44", "٣٠٫٤٤", "٣٠٫٤٤"),
        # not whole, but whole at two decimals (before: "1.", "1,000.", "٠٫")
        (1.005, "1", "1", "١", "١"),
        (999.995, "1,000", "1000", "١٬٠٠٠", "١٠٠٠"),
        (-95349.9982, "-95,350", "-95350", "-٩٥٬٣٥٠", "-٩٥٣٥٠"),
    ],
)
def test_fmt_number(value: float, en: str, en_plain: str, ar: str, ar_plain: str) -> None:
    assert fmt_number(value) == fmt_number(value, "en", grouping=True) == en
    assert fmt_number(value, "en", grouping=False) == en_plain
    assert fmt_number(value, "ar") == ar
    assert fmt_number(value, "ar", grouping=False) == ar_plain


@pytest.mark.parametrize("value", [True, float("nan"), float("inf"), -float("inf"), "1", None])
def test_fmt_number_refuses_what_is_not_a_finite_number(value: object) -> None:
    with pytest.raises(TypeError):
        fmt_number(value)  # type: ignore[arg-type]


def test_numbering_systems_and_symbols() -> None:
    assert numbering_system("en") == "latn" and numbering_system("ar") == "arab"
    assert number_symbols("en") == {"decimal": ".", "group": ",", "digits": "0123456789"}
    assert number_symbols("ar") == {
        "decimal": "\u066b",
        "group": "\u066c",
        "digits": "\u0660\u0661\u0662\u0663\u0664\u0665\u0666\u0667\u0668\u0669",
    }
    assert fmt_digits("12 فبراير 2025", "ar") == "١٢ فبراير ٢٠٢٥"
    assert fmt_digits("12 February 2025", "en") == "12 February 2025"


@pytest.mark.parametrize(
    ("lang", "counts", "ordinals", "months"),
    [
        (
            "en",
            ["one", "two", "nine", "10", "1.5"],
            ["first", "tenth", "11th", "21st", "22nd", "23rd", "111th", "112th", "1000th"],
            [
                "one month",
                "two months",
                "11 months",
                "one year",
                "one year and one month",
                "two years",
                "two years and 11 months",
            ],
        ),
        (
            "ar",
            ["١", "٢", "٩", "١٠", "١٫٥"],
            # words up to 20 (talksbook.grammar: tests/test_grammar_ar.py), figures beyond
            [
                "الأول",
                "العاشر",
                "الحادي عشر",
                "الـ٢١",
                "الـ٢٢",
                "الـ٢٣",
                "الـ١١١",
                "الـ١١٢",
                "الـ١٠٠٠",
            ],
            [
                "شهر واحد",
                "شهرين",
                "١١ شهرًا",  # "many" (11–99): the accusative singular (talksbook.grammar)
                "سنة واحدة",
                "سنة واحدة وشهر واحد",
                "سنتين",
                "سنتين و١١ شهرًا",
            ],
        ),
    ],
)
def test_counts_ordinals_and_spans(
    lang: str, counts: list[str], ordinals: list[str], months: list[str]
) -> None:
    assert [fmt_count(n, lang) for n in (1, 2, 9, 10, 1.5)] == counts
    assert [fmt_ordinal(n, lang) for n in (1, 10, 11, 21, 22, 23, 111, 112, 1000)] == ordinals
    assert [fmt_months(m, lang) for m in (1, 2, 11, 12, 13, 24, 35)] == months


# --- dates --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("lang", "precision", "expected"),
    [
        ("en", "day", "12 February 2025"),
        ("en", "month", "February 2025"),
        ("en", "year", "2025"),
        ("en", "unknown", "12 February 2025"),
        ("ar", "day", "١٢ فبراير ٢٠٢٥"),
        ("ar", "month", "فبراير ٢٠٢٥"),
        ("ar", "year", "٢٠٢٥"),
        ("ar", "unknown", "١٢ فبراير ٢٠٢٥"),
    ],
)
def test_fmt_date_at_each_precision(lang: str, precision: str, expected: str) -> None:
    for value in (pd.Timestamp("2025-02-12"), "2025-02-12", pd.Timestamp("2025-02-12").date()):
        assert fmt_date(value, precision, lang) == expected


@pytest.mark.parametrize(
    ("lang", "undated", "weekday", "month", "after", "between"),
    [
        (
            "en",
            "undated",
            "Wednesday 12 February 2025",
            "February 2025",
            "no earlier than 16 February 2025 (date not given; resolved from a weekday)",
            "between 11 February 2025 and 13 February 2025",
        ),
        (
            "ar",
            "بلا تاريخ",
            "الأربعاء ١٢ فبراير ٢٠٢٥",
            "فبراير ٢٠٢٥",
            "في ١٦ فبراير ٢٠٢٥ أو بعده (التاريخ غير مذكور؛ مستخلَص من اسم اليوم)",
            "بين ١١ فبراير ٢٠٢٥ و١٣ فبراير ٢٠٢٥",
        ),
    ],
)
def test_weekdays_and_intervals(
    lang: str, undated: str, weekday: str, month: str, after: str, between: str
) -> None:
    assert fmt_date(None, "day", lang) == fmt_date(pd.NaT, "day", lang) == undated
    assert fmt_weekday_date(None, lang) == undated
    assert fmt_weekday_date("2025-02-12", lang) == weekday
    assert fmt_interval(None, None, lang=lang) == undated
    assert fmt_interval("2025-02-01", "2025-02-28", "month", "stated", lang) == month
    assert fmt_interval("2025-02-16", None, "day", "resolved-weekday", lang) == after
    assert fmt_interval("2025-02-11", "2025-02-13", "day", "stated", lang) == between


# --- lists --------------------------------------------------------------------------------------

PLACES = {"en": ["Riyadh", "Istanbul", "Washington"], "ar": ["الرياض", "إسطنبول", "واشنطن"]}


@pytest.mark.parametrize(
    ("lang", "size", "expected", "alternative"),
    [
        ("en", 0, "", ""),
        ("en", 1, "Riyadh", "Riyadh"),
        ("en", 2, "Riyadh and Istanbul", "Riyadh or Istanbul"),
        ("en", 3, "Riyadh, Istanbul and Washington", "Riyadh, Istanbul or Washington"),
        ("ar", 0, "", ""),
        ("ar", 1, "الرياض", "الرياض"),
        ("ar", 2, "الرياض وإسطنبول", "الرياض أو إسطنبول"),
        # CLDR's Arabic lists (babel): و on every item after the first, أو between alternatives
        ("ar", 3, "الرياض وإسطنبول وواشنطن", "الرياض أو إسطنبول أو واشنطن"),
    ],
)
def test_lists(lang: str, size: int, expected: str, alternative: str) -> None:
    items = PLACES[lang][:size]
    assert fmt_list_text(items, lang) == expected
    assert str(fmt_list(items, lang)) == expected
    assert str(fmt_list(items, lang, alternative=True)) == alternative


@pytest.mark.parametrize(
    ("lang", "head", "total", "expected"),
    [
        ("en", 3, None, "Riyadh and two more"),
        ("en", 1, 12, "Riyadh and 11 more"),
        ("ar", 3, None, "الرياض واثنان آخران"),
        ("ar", 1, 12, "الرياض و١١ آخرين"),
    ],
)
def test_list_text_with_a_limit(lang: str, head: int, total: int | None, expected: str) -> None:
    assert fmt_list_text(PLACES[lang][:head], lang, limit=2, total=total) == expected


def test_lists_escape_and_mark_english_in_arabic() -> None:
    assert str(fmt_list(["<b>", Html("<i>x</i>")], "en")) == "&lt;b&gt; and <i>x</i>"
    assert str(fmt_list(["Riyadh", "إسطنبول"], "ar")) == (
        '<bdi dir="ltr" lang="en">Riyadh</bdi> وإسطنبول'
    )


# --- templates ----------------------------------------------------------------------------------


def test_every_template_key_used_here_exists_in_both_languages() -> None:
    """The keys this module names (narrative tests scan the narrative package only)."""
    tree = ast.parse(Path(words_module.__file__).read_text(encoding="utf-8"))
    literal = {
        node.value
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and re.fullmatch(r"(date|interval|list|span|meta|ordinal)(\.[a-z_-]+)+", node.value)
    }
    assert len(literal) > 10
    assert sorted(literal - keys("en")) == [] and sorted(literal - keys("ar")) == []


def test_a_two_form_is_used_for_exactly_two_in_a_language_without_a_dual() -> None:
    from talksbook.words import text as words_text

    assert words_text("statements.direct.all", "en", n=2) == "Both are quoted directly."
    assert words_text("statements.direct.all", "en", n=3) == "All three are quoted directly."
    assert words_text("statements.direct.all", "en", n=1) == "It is quoted directly."
    # Arabic has the dual as a CLDR category of its own: the same form, by rule.
    assert words_text("statements.direct.all", "ar", n=2) == "وكلاهما مقتبس بنصّه."
