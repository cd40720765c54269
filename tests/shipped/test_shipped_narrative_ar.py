"""The reviewers' checks of the shipped data package: the sentences the Arabic edition says
about it (its numbers, dates and names in Arabic words and Arabic-Indic digits), and the Arabic
columns the shipped tables fill for every English text.

These pin the shipped package in data/, not the code: they are expected to fail on another
package. The code's own tests run on any package (tests/test_narrative_ar.py, ``corpus``).
"""

from __future__ import annotations

import html
import re

import pytest
from chapters import chapters
from test_narrative_ar import Own, words

from talksbook.data import Package, load
from talksbook.html import Html
from talksbook.narrative import fmt_number
from talksbook.paths import DATA_DIR


@pytest.fixture(scope="module")
def pkg() -> Package:
    return load(DATA_DIR)


@pytest.fixture(scope="module")
def arabic(pkg: Package) -> dict[str, Html]:
    return chapters(pkg, "ar")


def test_arabic_prose_reads_the_data(arabic: dict[str, Html]) -> None:
    prose = {name: words(markup) for name, markup in arabic.items()}
    lead = prose["overview"]
    assert "ترصد البيانات التي يقوم عليها هذا التقرير ١٠ أحداث" in lead
    assert "مكالمتين على مستوى القادة" in lead and "٣ ردود فعل" in lead
    assert "من فبراير ٢٠٢٢ (الغزو الروسي لأوكرانيا) إلى ١٨ فبراير ٢٠٢٥ (محادثات الرياض)" in lead
    assert "وتنقل ٢٢ تصريحًا صادرًا عن ١١ متحدثًا." in lead
    assert "يسمّي المصدر ٥ وسائل إعلام" in lead
    assert "سوى تصريحين" in lead
    call = prose["calls"]
    assert "في ١٢ فبراير ٢٠٢٥" in call
    assert "تنصرف إلى يوم الأربعاء ١٢ فبراير ٢٠٢٥، قياسًا إلى محادثات الرياض" in call
    assert "يوم الثلاثاء ١٨ فبراير ٢٠٢٥" in call and "يوم الأحد ١٦ فبراير ٢٠٢٥" in call
    assert "ما أسفرت عنه المكالمة" in call
    assert "مدة المكالمة: ٩٠ دقيقة، بحسب المقال" in call
    assert "ويذكر مقطع آخر أكثر من ٦٠ دقيقة" in call
    assert "إذ إن ٩٠ دقيقة أكثر من ٦٠ دقيقة" in call
    assert "بين سنتين و١١ شهرًا حدًّا أدنى و٣ سنوات حدًّا أقصى" in call
    assert "ويربطه تصريحان بشروط" in call
    riyadh = prose["meeting-riyadh-talks"]
    assert "الاجتماع الأول بين الجانبين" in riyadh
    assert "١٨ فبراير ٢٠٢٥: («اجتماع أول في 18 فبراير»، السطر ١٣)" in riyadh
    assert "هي يوم محادثات الرياض نفسه، الثلاثاء ١٨ فبراير ٢٠٢٥" in riyadh
    assert "تُذكر له ٨ نتائج: ٦ متّفق عليها واثنتان مخطَّط لهما" in riyadh
    assert "٤ مبادئ" in riyadh and "٢٤٫٦٩، ٤٦٫٧٢" in riyadh
    assert "الاجتماع الثاني" in prose["meeting-istanbul-talks"]
    assert "في ١٨ فبراير ٢٠٢٥ أو بعده" in prose["meeting-istanbul-talks"]
    assert "ترصد البيانات ٣ ردود فعل. ولا تاريخ لأيٍّ منها." in prose["reactions"]
    assert "قبله بيومين" in prose["data-and-methods"]


def test_the_key_figures_are_written_in_arabic_indic_digits(arabic: dict[str, Html]) -> None:
    key_figures = words(arabic["overview"]) + words(arabic["calls"])
    key_figures += words(arabic["meeting-riyadh-talks"])
    for figure in (90, 60, 4, 2025, 12, 18):
        assert re.search(
            rf"(?<![٠-٩]){fmt_number(figure, 'ar', grouping=False)}(?![٠-٩])", key_figures
        ), figure


def test_the_chapters_on_the_calls_and_meetings_date_them_in_february(
    arabic: dict[str, Html],
) -> None:
    dating = ["overview", "calls", "meeting-riyadh-talks", "meeting-istanbul-talks"]
    for name in dating:
        assert "فبراير" in words(arabic[name]), name


def test_the_only_latin_in_the_arabic_prose_is_the_articles_reliability_letter(
    pkg: Package, arabic: dict[str, Html]
) -> None:
    grade = pkg["sources"].set_index("id").reliability["art-ar"]  # F: cannot be judged
    for name in ("overview", "calls", "reactions", "outlook"):
        own = Own(str(arabic[name])).text
        assert re.findall(r"[A-Za-z]+", own) in ([], [grade]), (name, own)


#: Text fields the data give in English, with the Arabic column the Arabic edition reads instead.
ARABIC_COLUMNS = {
    ("actors", "role_en"): "role_ar",
    ("events", "venue_en"): "venue_ar",
    ("events", "city"): "city_ar",
    ("events", "date_note"): "date_note_ar",
    ("figures", "label_en"): "label_ar",
    ("notes", "text_en"): "text_ar",
    ("participants", "note"): "note_ar",
    ("topics", "description_en"): "description_ar",
    ("outcomes", "description_en"): "description_ar",
}


def test_every_english_text_field_has_its_arabic_column(pkg: Package) -> None:
    for (table, english), arabic in ARABIC_COLUMNS.items():
        frame = pkg[table]
        columns = list(frame.columns)
        assert columns.index(arabic) == columns.index(english) + 1, (table, arabic)
        filled = frame[english].fillna("") != ""
        assert (frame.loc[filled, arabic].fillna("") != "").all(), (table, arabic)
        assert frame.loc[filled, arabic].map(lambda v: bool(re.search("[\u0600-\u06ff]", v))).all()


def test_arabic_prose_reads_the_arabic_columns(pkg: Package, arabic: dict[str, Html]) -> None:
    prose = {name: words(markup) for name, markup in arabic.items()}
    everything = " ".join(t for name, t in prose.items() if name != "data-and-methods")
    assert "دونالد ترامب (الرئيس الأميركي)" in prose["calls"]
    assert "(عبر الهاتف، «في 12 فبراير 2025»، السطر ٥)" in prose["calls"]
    assert "الرياض، السعودية" in prose["meeting-riyadh-talks"]
    assert "إسطنبول، تركيا" in prose["meeting-istanbul-talks"]
    assert "مقر القنصل العام الأميركي" in prose["meeting-istanbul-talks"]
    for note_text in pkg["notes"].text_ar:
        assert note_text in everything
    uncertain = pkg["events"].query("date_precision != 'day'")
    indic = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")  # the edition's own digits
    for note in uncertain.date_note_ar.dropna():
        # The appendix lists every uncertain date.
        assert note.translate(indic) in prose["data-and-methods"], note
    # No English value of these fields is left in the chapters' own words (quotes keep their
    # English translation; the appendix pages list the descriptor's own English words).
    own = " ".join(
        Own(str(markup)).text
        for name, markup in arabic.items()
        if name not in {"data-and-methods", "technical-appendix"}
    )
    # ... nor as an English run marked as a fallback, in any chapter.
    marked = {
        html.unescape(run)
        for markup in arabic.values()
        for run in re.findall(r'<span dir="ltr" lang="en">(.*?)</span>', str(markup))
    }
    for (table, english), _ in ARABIC_COLUMNS.items():
        for value in pkg[table][english].dropna():
            assert not value or value not in own, (table, english, value)
            assert value not in marked, (table, english, value)
