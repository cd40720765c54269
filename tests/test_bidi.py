"""Left-to-right runs in right-to-left prose: each isolated in its own <bdi>, punctuation
left to the sentence, the book's own digits in the edition's digits; the one place is
talksbook.bidi, reached from every value a template inserts (words.value_html)."""

from __future__ import annotations

import pytest

from talksbook.bidi import isolate, latin_only
from talksbook.html import Html
from talksbook.words import digits, say, value_html

ARABIC_INDIC = "٠١٢٣٤٥٦٧٨٩"


@pytest.mark.parametrize(
    ("value", "markup"),
    [
        # A name kept in Latin letters: the full stop after it stays the sentence's.
        ("قاعدة GeoNames.", 'قاعدة <bdi dir="ltr">GeoNames</bdi>.'),
        # Identifiers joined to a conjunction, and the sentence's stop after them.
        (
            "الحقلان evidence.source_id وaliases.occurs_in.",
            'الحقلان <bdi dir="ltr">evidence.source_id</bdi> و'
            '<bdi dir="ltr">aliases.occurs_in</bdi>.',
        ),
        # A run of several words, with the digits of a standard's name inside it.
        ("وفق ISO 3166-1 alpha-3 للبلد", 'وفق <bdi dir="ltr">ISO 3166-1 alpha-3</bdi> للبلد'),
        # A web address, whole; a bracket after it is the sentence's.
        (
            "(انظر https://www.geonames.org/)",
            '(انظر <bdi dir="ltr">https://www.geonames.org/</bdi>)',
        ),
        # Numbers of the book's own in the edition's digits; none of them a run.
        ("في 12 فبراير 2025 (السطر 5)", "في ١٢ فبراير ٢٠٢٥ (السطر ٥)"),
        ("1.0.0", "١.٠.٠"),
        # Text in Latin letters only: an English fallback, one English run.
        ("US Secretary of State", '<bdi dir="ltr" lang="en">US Secretary of State</bdi>'),
        # Markup stays text, in every case.
        (
            "نص <b>x</b>",
            'نص &lt;<bdi dir="ltr">b</bdi>&gt;<bdi dir="ltr">x</bdi>'
            '&lt;/<bdi dir="ltr">b</bdi>&gt;',
        ),
        ("", ""),
    ],
)
def test_left_to_right_runs_are_isolated(value: str, markup: str) -> None:
    shown = isolate(value, ARABIC_INDIC)
    assert isinstance(shown, Html)
    assert str(shown) == markup


def test_only_latin_letters_make_an_english_value() -> None:
    assert latin_only("Riyadh") and latin_only("A. B. 1")
    assert not latin_only("الرياض Riyadh") and not latin_only("1 2") and not latin_only("")


def test_every_value_a_template_inserts_goes_through_it() -> None:
    """In the Arabic edition, a value of a sentence is isolated; in the English one, escaped."""
    assert digits("ar") == ARABIC_INDIC
    name = "قاعدة بيانات GeoNames (2025)"
    assert str(value_html(name, "ar")) == str(isolate(name, ARABIC_INDIC))
    assert str(value_html(name, "en")) == name
    assert '<bdi dir="ltr">GeoNames</bdi>' in str(say("actor.name", "ar", name=name))
    assert "<bdi" not in str(say("actor.name", "en", name=name))


def test_latin_words_of_a_template_are_runs_of_their_own() -> None:
    """A template's own Latin word (a variable's name) is isolated like a value's; the English
    template is left as it is."""
    shown = str(say("manifest.epoch", "ar", epoch="0", date="x"))
    assert '<bdi dir="ltr">SOURCE_DATE_EPOCH</bdi> = ٠' in shown
    assert str(say("manifest.epoch", "en", epoch="0", date="x")).startswith(
        "Time is fixed by SOURCE_DATE_EPOCH = 0"
    )
