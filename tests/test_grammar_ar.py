"""Arabic grammar from rules (talksbook.grammar), rule by rule, each with a table of cases, then
over the built Arabic edition: no counted noun, ordinal, verb or table phrase there breaks a rule.

The rules: a counted noun takes the form the CLDR plural category of its number asks for (babel):
one → the singular with واحد, two → the dual, 3–10 → the plural, 11–99 → the accusative singular,
100, 101, 102… → the singular, each by the number's last two digits; a range takes the form of its
last number; an ordinal agrees in gender with its noun; a verb before its subject agrees with it;
a list puts و on every item after the first.
"""

from __future__ import annotations

import re
import string
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from babel import Locale
from pages import chart_specs

from talksbook import grammar, words
from talksbook.html import Html, el
from talksbook.words import (
    check_template,
    fmt_list,
    fmt_list_text,
    fmt_ordinal,
    plural_category,
    templates,
    text,
)

DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩", "0123456789")

# --- counted nouns ---------------------------------------------------------------------------

#: n → (a masculine noun, nominative), (the same, accusative), (a feminine noun, genitive).
COUNTS = [
    (0, "٠ يوم", "٠ يوم", "٠ مكالمة"),
    (1, "يوم واحد", "يومًا واحدًا", "مكالمة واحدة"),
    (2, "يومان", "يومين", "مكالمتين"),
    (3, "٣ أيام", "٣ أيام", "٣ مكالمات"),
    (10, "١٠ أيام", "١٠ أيام", "١٠ مكالمات"),
    (11, "١١ يومًا", "١١ يومًا", "١١ مكالمة"),
    (99, "٩٩ يومًا", "٩٩ يومًا", "٩٩ مكالمة"),
    (100, "١٠٠ يوم", "١٠٠ يوم", "١٠٠ مكالمة"),
    (101, "١٠١ يوم", "١٠١ يوم", "١٠١ مكالمة"),
    (102, "١٠٢ يوم", "١٠٢ يوم", "١٠٢ مكالمة"),
    (103, "١٠٣ أيام", "١٠٣ أيام", "١٠٣ مكالمات"),
    (111, "١١١ يومًا", "١١١ يومًا", "١١١ مكالمة"),
    (1000, "١٬٠٠٠ يوم", "١٬٠٠٠ يوم", "١٬٠٠٠ مكالمة"),
    (1080, "١٬٠٨٠ يومًا", "١٬٠٨٠ يومًا", "١٬٠٨٠ مكالمة"),
    (1107, "١٬١٠٧ أيام", "١٬١٠٧ أيام", "١٬١٠٧ مكالمات"),
    (2.5, "٢٫٥ يوم", "٢٫٥ يوم", "٢٫٥ مكالمة"),
]


@pytest.mark.parametrize(("n", "nominative", "accusative", "feminine"), COUNTS)
def test_a_counted_noun_takes_the_form_of_its_number(
    n: float, nominative: str, accusative: str, feminine: str
) -> None:
    assert words.count_phrase(n, "day", "ar") == nominative
    assert words.count_phrase(n, "day", "ar", "acc") == accusative
    assert words.count_phrase(n, "call", "ar", "gen") == feminine


@pytest.mark.parametrize(
    ("noun", "case", "one", "two"),
    [
        ("statement", "nom", "تصريح واحد", "تصريحان"),
        ("statement", "acc", "تصريحًا واحدًا", "تصريحين"),
        ("statement", "gen", "تصريح واحد", "تصريحين"),
        ("outcome", "nom", "نتيجة واحدة", "نتيجتان"),
        ("reaction", "acc", "رد فعل واحدًا", "ردَّي فعل"),
        ("delegation", "nom", "وفد واحد", "وفدان"),
        ("head_of_delegation", "nom", "رئيس وفد واحد", "رئيسا وفدين"),
        ("reporter", "acc", "ناقلًا واحدًا للخبر", "ناقلَين للخبر"),
        ("dataset", "gen", "مجموعة بيانات واحدة", "مجموعتي بيانات"),
    ],
)
def test_one_and_two_carry_the_number_in_the_noun(noun: str, case: Any, one: str, two: str):
    assert words.count_phrase(1, noun, "ar", case) == one
    assert words.count_phrase(2, noun, "ar", case) == two


@pytest.mark.parametrize("noun", sorted(grammar.lexicon("ar")))
def test_every_noun_follows_the_cldr_category_of_its_number(noun: str) -> None:
    """The whole lexicon, checked against babel's categories directly (not through the
    module's own plural_category): the form after the figure is the one the category asks."""
    entry = grammar.lexicon("ar")[noun]
    expected = {"few": entry.pl, "many": entry.acc, "other": entry.sg, "zero": entry.sg}
    for n in [*range(0, 230), 1000, 1001, 1002, 1003, 1011, 1080, 1107, 10**6]:
        category = Locale.parse("ar").plural_form(n)
        phrase = words.count_phrase(n, noun, "ar")
        if category in expected:
            figure, form = phrase.split(" ", 1)
            assert int(figure.replace("٬", "").translate(DIGITS)) == n
            assert form == expected[category], (noun, n)
        else:  # one, two: no figure
            assert not re.search("[٠-٩]", phrase), (noun, n)


def test_english_counts_as_its_templates_do() -> None:
    assert [words.count_phrase(n, "day", "en") for n in (1, 2, 11, 1.5)] == [
        "one day", "two days", "11 days", "1.5 days"
    ]  # fmt: skip
    assert words.count_phrase(3, "party", "en") == "three parties"
    assert set(grammar.lexicon("en")) == set(grammar.lexicon("ar"))


@pytest.mark.parametrize(
    ("low", "high", "expected"),
    [
        (1080, 1107, "بين ١٬٠٨٠ و١٬١٠٧ أيام"),  # 1107 is "few" (…وسبعة أيام)
        (1080, 1111, "بين ١٬٠٨٠ و١٬١١١ يومًا"),
        (3, 11, "بين ٣ و١١ يومًا"),
        (11, 13, "بين ١١ و١٣ يومًا"),
        (1, 2, "بين ١ ويومين"),
        (99, 100, "بين ٩٩ و١٠٠ يوم"),
    ],
)
def test_a_range_takes_the_noun_of_its_last_number(low: int, high: int, expected: str) -> None:
    """As the charts write a range of days (charts.claims.range_text): the unit is the count
    phrase of the high end, so the noun agrees with the last number."""
    unit = text("chart.claims.unit.day", "ar", n=high)
    assert text("chart.claims.range", "ar", lo=f"{low:,}".translate(AR), hi="", unit=unit) == (
        expected
    )


AR = str.maketrans("0123456789,", "٠١٢٣٤٥٦٧٨٩٬")


@pytest.mark.parametrize(
    ("key", "values", "expected"),
    [
        # the sentence's own words around the rule's count
        ("offset.before", {"n": 2}, "قبله بيومين"),
        ("offset.before", {"n": 6}, "قبله بـ٦ أيام"),  # a proclitic joins a figure with ـ
        ("offset.after", {"n": 11}, "بعده بـ١١ يومًا"),
        ("calls.topics", {"n": 103}, "تربط البيانات بالمكالمة ١٠٣ موضوعات:"),
        ("calls.topics", {"n": 111}, "تربط البيانات بالمكالمة ١١١ موضوعًا:"),
        ("chart.matrices.role_count.delegation", {"n": 2}, "وفدان"),
        ("unit.call", {"n": 2}, "مكالمتين"),
        # a count placeholder other than n: the noun follows {total}, not the form n chose
        (
            "chart.outcomes.busiest",
            {"events": "«محادثات الرياض»", "most": 8, "total": 11, "n": 11, "statuses": "…"},
            "أسفرت «محادثات الرياض» عن أكبر عدد من النتائج (٨ من أصل ١١ نتيجة)؛ وفي المجمل: ….",
        ),
        # a form the old templates lacked ("many" fell back to "other")
        (
            "finding.produced.topic",
            {"n": 12, "topics": "…"},
            "وأكثر موضوعاتها ورودًا: …، في ١٢ نتيجة.",
        ),
        ("finding.assessments.dispute", {"n": 100, "items": "…"}, "تسمّي المصادر ١٠٠ خلاف قائم: …."),
        (
            "lead.span.open",
            {"n": 77},
            "و٧٧ حدثًا لا يُعرف عنها إلا أنها وقعت بعد تاريخ معيّن، وقد تكون أحدث.",
        ),
    ],
)
def test_templates_count_through_the_rule(key: str, values: dict[str, Any], expected: str):
    assert text(key, "ar", **values) == expected


def test_no_arabic_template_pastes_a_number_before_a_noun() -> None:
    """A counted noun goes through the rule ({n:day}), never after a bare {n} or {total}: the
    stopgap plural maps that wrote "{n} أيام" by hand are gone."""
    nouns = grammar.lexicon("ar").values()
    forms = {f for e in nouns for f in (e.sg, e.pl, e.acc)} | {"مكالمةً", "نتيجةً", "طرفاً"}
    # the placeholders the code fills with a number (a text one may well precede a noun)
    pasted = re.compile(r"\{(?:n|total|count|most|shown|located|undated)\} (\S+(?: \S+)?)")
    found = []
    for key, value in templates("ar").items():
        for form in value.values() if isinstance(value, dict) else [value]:
            for match in pasted.finditer(form):
                words = match.group(1).strip("،.:؛)")
                if words in forms or words.split()[0] in forms:
                    found.append((key, match.group(0)))
    assert found == []


# --- ordinals --------------------------------------------------------------------------------

ORDINALS = [
    (1, "الأول", "الأولى"),
    (2, "الثاني", "الثانية"),
    (3, "الثالث", "الثالثة"),
    (4, "الرابع", "الرابعة"),
    (5, "الخامس", "الخامسة"),
    (6, "السادس", "السادسة"),
    (7, "السابع", "السابعة"),
    (8, "الثامن", "الثامنة"),
    (9, "التاسع", "التاسعة"),
    (10, "العاشر", "العاشرة"),
    (11, "الحادي عشر", "الحادية عشرة"),
    (12, "الثاني عشر", "الثانية عشرة"),
    (19, "التاسع عشر", "التاسعة عشرة"),
    (20, "العشرون", "العشرون"),
    (21, "الـ٢١", "الـ٢١"),  # beyond the words: a figure, the same for both genders
    (111, "الـ١١١", "الـ١١١"),
]


@pytest.mark.parametrize(("n", "masculine", "feminine"), ORDINALS)
def test_an_ordinal_agrees_with_its_noun(n: int, masculine: str, feminine: str) -> None:
    assert fmt_ordinal(n, "ar") == fmt_ordinal(n, "ar", "m") == masculine
    assert fmt_ordinal(n, "ar", "f") == feminine
    assert words.ordinal(n, "meeting", "ar") == masculine  # اجتماع
    assert words.ordinal(n, "call", "ar") == feminine  # مكالمة
    assert text("unit.ordinal.meeting", "ar", ordinal=n) == f"الاجتماع {masculine}"
    assert text("unit.ordinal.call", "ar", ordinal=n) == f"المكالمة {feminine}"


def test_english_ordinals_are_unchanged() -> None:
    assert fmt_ordinal(2, "en", "f") == "second"
    assert text("unit.ordinal.call", "en", ordinal=2) == "second call"
    assert text("unit.ordinal.meeting", "en", ordinal=21) == "21st meeting"


# --- verbs -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("subject", "gender"),
    [
        ("«محادثات الرياض»", "f"),  # a plural in ات
        ("مهاتفة بوتين وترامب", "f"),  # ة
        ("المكالمة", "f"),  # ة, with the article
        ("مجموعة البيانات ٢", "f"),
        ("ردود الفعل الأوروبية", "f"),  # a plural of things, from the lexicon
        ("الاجتماعات الواردة في البيانات", "f"),
        ("«اجتماع إسطنبول»", "m"),
        ("المقال", "m"),
        ("المعجم الجغرافي", "m"),
        ("رؤساء الوفود", "m"),  # a human plural (lexicon: human)
        ("«محادثات الرياض» و«اجتماع إسطنبول»", "f"),  # a list agrees with its first item
        ("", "m"),
    ],
)
def test_the_gender_of_a_subject(subject: str, gender: str) -> None:
    assert grammar.gender_of(subject) == gender
    assert grammar.gender_of(Html(str(el("bdi", subject)))) == gender  # markup is read as text


@pytest.mark.parametrize(
    ("lemma", "feminine"),
    [
        ("أسفر", "أسفرت"),
        ("جمع", "جمعت"),
        ("جرى", "جرت"),
        ("دعا", "دعت"),
        ("يذكر", "تذكر"),
        ("يُذكر", "تُذكر"),
        ("يكتفي", "تكتفي"),
        ("يؤرّخ", "تؤرّخ"),
    ],
)
def test_a_verb_agrees_with_the_subject_after_it(lemma: str, feminine: str) -> None:
    assert grammar.verb(lemma, "«محادثات الرياض»") == feminine
    assert grammar.verb(lemma, "«اجتماع إسطنبول»") == lemma


@pytest.mark.parametrize(
    ("key", "values", "expected"),
    [
        (
            "chart.outcomes.one.description",
            {"event": "«محادثات الرياض»", "n": 8, "kinds": "…", "statuses": "…"},
            "أشرطة أفقية مكدّسة لـ٨ نتائج أسفرت عنها «محادثات الرياض»، بحسب النوع (…)، "
            "ملوّنة بحسب الحالة (…).",
        ),
        (
            "chart.outcomes.one.subtitle",
            {"event": "«اجتماع إسطنبول»", "n": 2, "statuses": "…"},
            "أسفر «اجتماع إسطنبول» عن نتيجتين: ….",
        ),
        (
            "claim.stated",
            {"source_start": "مجموعة البيانات", "cited": "…"},
            "تذكر مجموعة البيانات التاريخ (…).",
        ),
        ("claim.stated", {"source_start": "المقال", "cited": "…"}, "يذكر المقال التاريخ (…)."),
        (
            "calls.addressee",
            {"actor": "…", "source": "مجموعة البيانات", "cite": "…"},
            "ولم يشارك … في المكالمة، لكن مجموعة البيانات تذكره بين من كان يُراد إطلاعهم عليها (…).",
        ),
        (
            "finding.produced",
            {"subject": "المكالمات", "outcomes": "…", "agreed": "…"},
            "أسفرت المكالمات عن …؛ ….",
        ),
    ],
)
def test_templates_agree_verbs_with_their_subjects(key: str, values: dict[str, Any], expected):
    assert text(key, "ar", **values) == expected


# --- lists -----------------------------------------------------------------------------------

LISTS = [
    (1, "الرياض", "الرياض"),
    (2, "الرياض وإسطنبول", "الرياض أو إسطنبول"),
    (3, "الرياض وإسطنبول وجدة", "الرياض أو إسطنبول أو جدة"),
    (4, "الرياض وإسطنبول وجدة وموسكو", "الرياض أو إسطنبول أو جدة أو موسكو"),
]


@pytest.mark.parametrize(("size", "joined", "alternatives"), LISTS)
def test_a_list_puts_waw_on_every_item_after_the_first(size: int, joined: str, alternatives):
    items = ["الرياض", "إسطنبول", "جدة", "موسكو"][:size]
    assert fmt_list_text(items, "ar") == str(fmt_list(items, "ar")) == joined
    assert str(fmt_list(items, "ar", alternative=True)) == alternatives


def test_lists_keep_markup_and_escape_text() -> None:
    items = ["<b>", Html("<i>x</i>"), "روسيا"]
    assert str(fmt_list(items, "ar")) == (
        '<bdi dir="ltr" lang="en">&lt;b&gt;</bdi> و<i>x</i> وروسيا'
    )
    assert str(fmt_list(["A", "B", "C", "D"], "en")) == "A, B, C and D"
    assert fmt_list_text(["الرياض", "إسطنبول", "جدة"], "ar", limit=2) == "الرياض واثنان آخران"


# --- the templates' rule specs ---------------------------------------------------------------


@pytest.mark.parametrize(
    "template",
    ["{n:unknown_noun}", "{n:day/dative}", "{n:Day}", "{n:day!r}", "{event:أسفر1}"],
)
def test_a_spec_the_rules_do_not_know_is_refused(template: str) -> None:
    with pytest.raises(ValueError):
        check_template("test.ar.yml", "key", template, "ar")


def test_a_packages_own_words_cannot_ask_for_a_rule() -> None:
    """A data package's words (talksbook.vocabulary) are checked without a language: plain
    placeholders only, as before."""
    with pytest.raises(ValueError):
        check_template("datapackage.json", "unit.hour", {"other": "{n:hour}"})
    check_template("datapackage.json", "unit.hour", {"other": "{n} hours"})


def test_every_spec_in_the_templates_is_a_rule() -> None:
    specs = {
        spec
        for value in templates("ar").values()
        for form in (value.values() if isinstance(value, dict) else [value])
        for _, _, spec, _ in string.Formatter().parse(form)
        if spec
    }
    assert len(specs) > 50
    for spec in specs:
        words.check_spec(spec, "ar")  # raises on anything else


# --- the built Arabic edition ----------------------------------------------------------------

#: A figure of the book's own (Arabic-Indic digits), alone or after a proclitic (و٧٧، بـ٣).
NUMBER = r"(?:^|(?<=[^\w٠-٩٬٫])|(?<=[^\w][وبلف])|(?<=[^\w][بل]ـ))([٠-٩][٠-٩٬]*(?:٫[٠-٩]+)?) "
#: The end of a word: no letter and no diacritic after it (تصريح is not the start of تصريحًا).
END = "(?![\\w\u064b-\u065f\u0670])"
SAT = re.compile(r"\b[ويت]?[يت]?جلس|جلس|يجلس|تجلس|جلوس")


class _Blocks(HTMLParser):
    """A page's visible text, a line per block (a cell, an item, a paragraph), so that a number
    ending one cell is not read with the word that starts the next."""

    BLOCKS = frozenset(
        [
            "p",
            "li",
            "td",
            "th",
            "dt",
            "dd",
            "div",
            "h1",
            "h2",
            "h3",
            "h4",
            "h5",
            "h6",
            "tr",
            "caption",
            "figcaption",
            "br",
            "section",
        ]
    )

    def __init__(self, markup: str) -> None:
        super().__init__(convert_charrefs=True)
        self.chunks: list[str] = []
        self._skip = 0
        self.feed(markup)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._skip += tag in ("script", "style")
        if tag in self.BLOCKS:
            self.chunks.append("\n")

    def handle_endtag(self, tag: str) -> None:
        self._skip -= tag in ("script", "style")
        if tag in self.BLOCKS:
            self.chunks.append("\n")

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.chunks.append(data)

    @property
    def text(self) -> str:
        lines = ("".join(self.chunks)).split("\n")
        return "\n".join(" ".join(line.split()) for line in lines if line.strip())


def _shown(html: Path) -> str:
    """What a reader of the page sees: its text and its charts' words."""
    texts = [_Blocks(html.read_text(encoding="utf-8")).text]

    def strings(node: Any) -> None:
        if isinstance(node, str):
            texts.append(node)
        elif isinstance(node, dict):
            for key, value in node.items():
                if key not in ("$schema", "url", "format", "field", "type"):
                    strings(value)
        elif isinstance(node, list):
            for item in node:
                strings(item)

    for spec in chart_specs(html):
        strings(spec)
    return "\n".join(texts)


@pytest.fixture(scope="module")
def arabic_text(corpus_editions) -> dict[str, str]:
    book = corpus_editions["ar"].html
    skipped = {"search.html", "genindex.html"}
    return {p.name: _shown(p) for p in sorted(book.glob("*.html")) if p.name not in skipped}


def _number(figure: str) -> float:
    return float(figure.replace("٬", "").replace("٫", ".").translate(DIGITS))


@pytest.mark.slow
def test_no_number_in_the_arabic_edition_takes_the_wrong_noun(arabic_text: dict[str, str]):
    """Every lexicon noun after a figure has the form the figure's category asks for: no
    "١١ أيام" or "٣ يومًا" or "١٠٠ أيام", and no figure before 1 or 2 ("٢ يوم": يومان)."""
    wrong = []
    for entry in grammar.lexicon("ar").values():
        forms = {entry.sg, entry.pl, entry.acc}
        pattern = re.compile(NUMBER + "(" + "|".join(map(re.escape, forms)) + ")" + END)
        for page, shown in arabic_text.items():
            for match in pattern.finditer(shown):
                n = _number(match.group(1))
                category = plural_category(int(n) if n.is_integer() else n, "ar")
                expected = {"few": entry.pl, "many": entry.acc}.get(category, entry.sg)
                if category in ("one", "two") or match.group(2) != expected:
                    wrong.append((page, match.group(0)))
    assert wrong == []


@pytest.mark.slow
def test_no_ordinal_in_the_arabic_edition_disagrees_with_its_noun(arabic_text: dict[str, str]):
    """No single-word noun of the lexicon, with its article, is followed by an ordinal of the
    other gender ("المكالمة الأول", "الاجتماع الأولى")."""
    words = templates("ar")
    by_gender: dict[str, set[str]] = {"m": set(), "f": set()}
    for n in range(1, 21):
        masculine, feminine = words[f"ordinal.word.{n}"], words[f"ordinal.word.{n}.f"]
        if masculine != feminine:
            by_gender["m"].add(str(masculine))
            by_gender["f"].add(str(feminine))
    wrong = []
    for entry in grammar.lexicon("ar").values():
        if " " in entry.sg:
            continue
        other = by_gender["m" if entry.gender == "f" else "f"]
        pattern = re.compile(
            rf"(?<!\w)ال{re.escape(entry.sg)} ("
            + "|".join(map(re.escape, sorted(other, key=len, reverse=True)))
            + ")"
            + END
        )
        for page, shown in arabic_text.items():
            wrong += [(page, m.group(0)) for m in pattern.finditer(shown)]
    assert wrong == []


@pytest.mark.slow
def test_no_verb_in_the_arabic_edition_disagrees_with_its_quoted_subject(arabic_text):
    """A verb the templates agree with its subject (every {subject:فعل} spec), written before a
    quoted title («…») or a source's name, has that subject's gender: no "أسفر عنها «محادثات
    الرياض»"."""
    lemmas = {
        spec
        for value in templates("ar").values()
        for form in (value.values() if isinstance(value, dict) else [value])
        for _, _, spec, _ in string.Formatter().parse(form)
        if spec and not re.match("[a-z]", spec)
    }
    assert {"أسفر", "يذكر", "يصف"} <= lemmas
    wrong = []
    for lemma in lemmas:
        feminine = grammar.verb(lemma, "مكالمة")
        pattern = re.compile(
            rf"(?<!\w)({re.escape(lemma)}|{re.escape(feminine)})(?: عن(?:ها|هما|ه))? "
            r"(«[^»]+»|المقال|مجموعة البيانات|المعجم الجغرافي)"
        )
        for page, shown in arabic_text.items():
            for match in pattern.finditer(shown):
                if match.group(1) != grammar.verb(lemma, match.group(2)):
                    wrong.append((page, match.group(0)))
    assert wrong == []


@pytest.mark.slow
def test_the_table_is_sat_at_not_gone_to(arabic_text: dict[str, str]) -> None:
    """The table is sat at, not gone to: "إلى الطاولة" only after a verb of sitting (جلس إلى
    الطاولة); the column of those present is "على الطاولة"."""
    wrong = []
    for page, shown in arabic_text.items():
        for match in re.finditer("إلى (ال)?طاولة", shown):
            before = shown[max(0, match.start() - 40) : match.start()].split()[-3:]
            if not any(SAT.search(word) for word in before):
                wrong.append((page, " ".join([*before, match.group(0)])))
    assert wrong == []
    assert any(text("reactions.column.present", "ar") in shown for shown in arabic_text.values())
