"""The Arabic edition as a reader of Arabic reads it: the source's words as quotations, with
the digits the source wrote and without their English translation; the data dictionary and
every note written from the Arabic twins. Over the chapters the notebooks make, for any
corpus."""

from __future__ import annotations

import re

from chapters import chapters
from test_html import Parsed

from talksbook.data import Package
from talksbook.data.twins import declares, descriptor_text

ASCII_DIGIT = re.compile("[0-9]")


def _quotes(markup: str) -> list[str]:
    """The text of every <q> and <blockquote> of ``markup``, in order."""
    return re.findall(r"<(?:q|blockquote)\b[^>]*>(.*?)</(?:q|blockquote)>", markup, re.S)


def test_quotes_show_no_translation_in_the_arabic_edition(corpus: Package) -> None:
    arabic, english = chapters(corpus, "ar"), chapters(corpus, "en")
    for name in arabic:
        assert 'class="translation"' not in str(arabic[name]), name
        assert 'class="quote-en"' not in str(arabic[name]), name
    # The English edition keeps them under every quote it shows.
    shown = sum(str(page).count("<blockquote") for page in english.values())
    assert shown and sum(str(page).count('class="translation"') for page in english.values())
    assert sum(str(page).count("<blockquote") for page in arabic.values()) == shown


def test_the_sources_words_are_quotations_in_arabic(corpus: Package) -> None:
    """Each cited phrase of the source is a <q lang="ar"> holding exactly the source's words
    (digits as the source wrote them); the evidence table quotes every span it lists."""
    arabic = chapters(corpus, "ar")
    cited = {str(v) for v in corpus["figures"]["stated_ar"]}
    found = {q for page in arabic.values() for q in _quotes(str(page))}
    shown = " ".join(Parsed(str(page)).text for page in arabic.values())
    # Figures' words that hold digits in the source keep them wherever they are shown, as
    # quotations.
    with_digits = {c for c in cited if ASCII_DIGIT.search(c) and c in shown}
    assert with_digits <= found
    assert with_digits or not any(ASCII_DIGIT.search(c) for c in cited)
    methods = str(arabic["data-and-methods"])
    assert methods.count('<q class="ar" dir="rtl" lang="ar">') >= min(len(corpus["evidence"]), 250)


def test_the_data_dictionary_is_written_from_the_twins(corpus: Package) -> None:
    appendix = Parsed(str(chapters(corpus, "ar")["technical-appendix"])).text
    methods = Parsed(str(chapters(corpus, "ar")["data-and-methods"])).text
    assert declares(corpus.descriptor)
    for resource in corpus.descriptor["resources"]:
        assert descriptor_text(resource, "description", "ar") in " ".join(appendix.split())
        for field in resource["schema"]["fields"]:
            assert field["description"] not in appendix, (resource["name"], field["name"])
    assert corpus.descriptor["description"] not in methods
    assert descriptor_text(corpus.descriptor, "title", "ar").split(":")[0] in methods


def test_notes_are_shown_from_their_arabic_twins(corpus: Package) -> None:
    shown = " ".join(Parsed(str(page)).text for page in chapters(corpus, "ar").values())
    for table, column in [("sources", "notes"), ("aliases", "note"), ("date_claims", "note")]:
        frame = corpus[table]
        for english in frame[column].dropna():
            if english and len(english) > 12:
                assert english not in shown, (table, english)
