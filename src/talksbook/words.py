"""The book's words: sentence templates as data, and the formatters that fill them.

One module for the wording of numbers, plurals, dates and lists, used by the prose
(``talksbook.narrative``) and the charts (``talksbook.charts``) alike, beside the templates it
reads. The locale rules come from CLDR through babel: plural categories
(:func:`plural_category`), decimal and grouping separators and the grouping itself
(:func:`fmt_number`). Only what babel does not provide is written here (see :data:`DIGITS`).

Templates live in ``talksbook/templates/narrative.{lang}.yml`` (or ``.json``): one key per
sentence, plain text with ``{name}`` placeholders. A value may instead be a mapping of CLDR
plural categories (``zero one two few many other``) to templates; the ``n`` value then picks
the form, so an Arabic edition can add its dual and plural forms without touching code.
A placeholder may ask for a grammar rule (talksbook.grammar): ``{n:day}`` is the number with
the noun it counts, ``{ordinal:call}`` an ordinal agreeing with its noun, ``{event:أسفر}`` a
verb agreeing with its subject; the nouns come from ``templates/nouns.{lang}.yaml``.

Templates are words only. They hold no markup (their text is escaped like any data) and no
digits (every number comes from the data), and :func:`say` escapes every value it inserts.

Digits are chosen per language here, not in the templates (a digit there would be refused).
The Arabic edition writes every number it formats in its native CLDR numbering system, "arab":
Arabic-Indic digits (٠١٢٣٤٥٦٧٨٩), with U+066C as thousands separator and U+066B as decimal
separator, and dates with the month names the source article uses (they are CLDR's too):
"١٢ فبراير ٢٠٢٥", "الأربعاء ١٢ فبراير ٢٠٢٥". Words quoted from the data
(the article's own "12 فبراير 2025", say) keep their digits: they are evidence.

In a right-to-left edition, :func:`say` and :func:`fmt_list` isolate each left-to-right run of
a text value in a ``<bdi dir="ltr">`` (a value in Latin letters only, an English field used
because the data have no Arabic for it, is one English run) and write its other digits in the
edition's: see :mod:`talksbook.bidi`.
"""

from __future__ import annotations

import copy
import json
import math
import re
import string
from collections.abc import Iterable, Mapping
from datetime import date, datetime
from decimal import Decimal
from functools import cache
from importlib import resources
from typing import Any

import pandas as pd
from babel import Locale
from babel.lists import format_list
from babel.numbers import NumberPattern, format_decimal, get_decimal_symbol, get_group_symbol

from . import grammar
from .bidi import isolate
from .html import Html, escape

__all__ = [
    "DEFAULT_LANG",
    "DIGITS",
    "check_template",
    "digits",
    "direction",
    "fmt_count",
    "fmt_date",
    "fmt_digits",
    "fmt_interval",
    "fmt_list",
    "fmt_list_text",
    "fmt_months",
    "fmt_number",
    "fmt_ordinal",
    "fmt_weekday_date",
    "has",
    "keys",
    "label",
    "number_symbols",
    "numbering_system",
    "plural_category",
    "say",
    "templates",
    "text",
    "use_package_words",
    "value_html",
]

DEFAULT_LANG = "en"
PLURAL_CATEGORIES = grammar.PLURAL_CATEGORIES
_PLACEHOLDER = re.compile(r"^[a-z_][a-z0-9_]*$")
_TERMINAL = (".", ":", "!", "?", "\u061f")  # U+061F is the Arabic question mark
_TATWEEL = "\u0640"
_TEMPLATE_DIR = "templates"
#: Digits zero to nine of each CLDR numbering system an edition writes in. Hand-written because
#: babel cannot serve them: babel 2.19 knows a locale's numbering systems and their symbols, but
#: not their digits (it does not ship CLDR's numberingSystems data, and ``format_decimal(...,
#: numbering_system="arab")`` changes the separators only, keeping ASCII digits). Templates
#: cannot hold them either (the loader refuses any digit, and these are digits).
DIGITS: Mapping[str, str] = {
    "latn": "0123456789",
    "arab": "\u0660\u0661\u0662\u0663\u0664\u0665\u0666\u0667\u0668\u0669",  # ٠١٢٣٤٥٦٧٨٩
}
#: Decimals the book writes (CLDR's decimal patterns allow three).
_DECIMALS = 2

DateLike = pd.Timestamp | datetime | date | None
Value = Html | str | int | float


# --- loading -------------------------------------------------------------------------------


@cache
def templates(lang: str = DEFAULT_LANG) -> Mapping[str, str | Mapping[str, str]]:
    """All templates of one language, checked once: placeholders are plain names, no digits.

    They are read from every ``*.{lang}.yml`` (or ``.json``) file of the templates folder:
    ``narrative.{lang}.yml`` for the prose, ``charts.{lang}.yml`` for the charts' words. A key
    defined by two files is an error.
    """
    folder = resources.files("talksbook") / _TEMPLATE_DIR
    files = sorted(
        (f for f in folder.iterdir() if f.name.endswith((f".{lang}.yml", f".{lang}.json"))),
        key=lambda f: f.name,
    )
    if not any(f.name.startswith("narrative.") for f in files):
        raise ValueError(f"no sentence templates for language {lang!r} in {folder}")
    merged: dict[str, Any] = {}
    for file in files:
        raw = _read_templates(file)
        if not isinstance(raw, dict):
            raise ValueError(f"{file.name}: expected a mapping of keys to templates")
        for key, value in raw.items():
            if key in merged:
                raise ValueError(f"{file.name}: {key}: defined in another template file too")
            check_template(file.name, str(key), value, lang)
            merged[key] = value
    return merged


def _read_templates(file: Any) -> object:
    text = file.read_text(encoding="utf-8")
    if file.name.endswith(".json"):
        return json.loads(text)
    import yaml  # only needed for the YAML flavour

    return yaml.safe_load(text)


def _check_template(file: str, key: str, template: object, lang: str | None) -> None:
    if not isinstance(template, str):
        raise ValueError(f"{file}: {key}: a template must be text")
    if any(ch.isdigit() for ch in template):
        # Numbers belong in the data; a digit in a template is a number typed by hand.
        raise ValueError(f"{file}: {key}: templates must not contain digits")
    for _, name, spec, conversion in string.Formatter().parse(template):
        if name is None:
            continue
        if not _PLACEHOLDER.match(name) or conversion or (spec and lang is None):
            raise ValueError(f"{file}: {key}: bad placeholder {{{name}}}")
        if spec and lang is not None:
            try:
                check_spec(spec, lang)
            except ValueError as error:
                raise ValueError(f"{file}: {key}: {{{name}:{spec}}}: {error}") from None


def check_template(where: str, key: str, template: object, lang: str | None = None) -> None:
    """Raise ValueError unless ``template`` is a sentence template (text, or plural forms with
    an 'other' form) with plain placeholders and no digits. Placeholders may ask for a grammar
    rule (``{n:day}``) only in the templates of a known language ``lang``."""
    if isinstance(template, dict):
        if "other" not in template:
            raise ValueError(f"{where}: {key}: plural forms need an 'other' form")
        if set(template) - set(PLURAL_CATEGORIES):
            raise ValueError(f"{where}: {key}: unknown plural category")
        for form in template.values():
            _check_template(where, key, form, lang)
    else:
        _check_template(where, key, template, lang)


#: Words a data package brings for its own coded values (a unit the templates do not know),
#: by language; see :func:`use_package_words`.
_PACKAGE_WORDS: dict[str, dict[str, str | Mapping[str, str]]] = {}


def use_package_words(words: Mapping[str, Mapping[str, str | Mapping[str, str]]]) -> None:
    """Add a package's own words (checked by talksbook.vocabulary) to the templates, for the
    package being phrased in this process; replaces those of any earlier package. They only
    add keys: a key the templates define keeps the templates' words."""
    _PACKAGE_WORDS.clear()
    for lang, table in words.items():
        _PACKAGE_WORDS[lang] = {k: v for k, v in table.items() if k not in templates(lang)}


def _table(lang: str) -> Mapping[str, str | Mapping[str, str]]:
    extra = _PACKAGE_WORDS.get(lang)
    return {**templates(lang), **extra} if extra else templates(lang)


def keys(lang: str = DEFAULT_LANG) -> set[str]:
    """Every template key of ``lang``."""
    return set(templates(lang))


def has(key: str, lang: str = DEFAULT_LANG) -> bool:
    """Whether ``lang`` has a template for ``key`` (optional vocabulary: number words…),
    the current package's own words included."""
    return key in templates(lang) or key in _PACKAGE_WORDS.get(lang, {})


def direction(lang: str = DEFAULT_LANG) -> str:
    """Writing direction of ``lang`` ("ltr" or "rtl"), from its template file."""
    return text("meta.dir", lang)


@cache
def _locale(lang: str) -> Locale:
    return Locale.parse(lang)


def numbering_system(lang: str = DEFAULT_LANG) -> str:
    """The CLDR numbering system the edition of ``lang`` writes numbers in: the language's
    native one ("arab" for Arabic, where CLDR's default would be "latn"; "latn" for English)."""
    locale = _locale(lang)
    return str(locale.other_numbering_systems.get("native", locale.default_numbering_system))


def digits(lang: str = DEFAULT_LANG) -> str:
    """The digits zero to nine of ``lang``'s numbering system (see :data:`DIGITS`)."""
    return DIGITS[numbering_system(lang)]


def number_symbols(lang: str = DEFAULT_LANG) -> dict[str, str]:
    """How ``lang`` writes numbers, from CLDR: its ``decimal`` and ``group`` (thousands)
    separators and its ``digits`` zero to nine (for the charts' Vega locale)."""
    system = numbering_system(lang)
    return {
        "decimal": get_decimal_symbol(_locale(lang), numbering_system=system),
        "group": get_group_symbol(_locale(lang), numbering_system=system),
        "digits": DIGITS[system],
    }


def fmt_digits(value: str, lang: str = DEFAULT_LANG) -> str:
    """``value`` with its ASCII digits written in the digits of ``lang`` (see :data:`DIGITS`)."""
    native, ascii_digits = digits(lang), DIGITS["latn"]
    return value if native == ascii_digits else value.translate(str.maketrans(ascii_digits, native))


def value_html(value: str, lang: str) -> Html:
    """A text value as HTML in ``lang``: escaped, and in a right-to-left edition with each
    left-to-right run isolated and its own digits in the edition's (see talksbook.bidi)."""
    if isinstance(value, str) and direction(lang) == "rtl":
        return isolate(value, digits(lang))
    return escape(value)  # (escape refuses anything but str and Html)


# --- plural rules (CLDR) -------------------------------------------------------------------


def plural_category(n: float, lang: str = DEFAULT_LANG, ordinal: bool = False) -> str:
    """CLDR plural category of ``n`` in ``lang`` (babel's cardinal or ordinal rules): "one" or
    "other" in English; "zero", "one", "two", "few" (3–10), "many" (11–99) or "other" in
    Arabic, by ``n`` modulo 100; a fraction is "other" in both."""
    locale = _locale(lang)
    rule = locale.ordinal_form if ordinal else locale.plural_form
    return str(rule(n))


# --- filling templates ---------------------------------------------------------------------


def _template(key: str, lang: str, values: Mapping[str, Any]) -> str:
    table = templates(lang)
    if key not in table:
        table = _table(lang)
    if key not in table:
        raise KeyError(f"no template {key!r} for language {lang!r}")
    template = table[key]
    if isinstance(template, str):
        return template
    if "n" not in values or not isinstance(values["n"], int | float):
        raise KeyError(f"template {key!r} has plural forms and needs a number n")
    category = plural_category(values["n"], lang)
    if values["n"] == 2 and "two" in template:
        # A language without a dual still says exactly two its own way ("both", not "all
        # two"): a "two" form, where a template gives one, is used for two in every language.
        category = "two"
    return template.get(category, template["other"])


def _fill(key: str, lang: str, values: Mapping[str, Any], render: Any) -> list[Any]:
    """Split the template into literal text and rendered values (in order)."""
    template = _template(key, lang, values)
    # Only a whole sentence (a template ending in terminal punctuation) starts with a capital;
    # a phrase such as "{n} leaders' calls" is used mid-sentence.
    sentence = template.rstrip().endswith(_TERMINAL)
    parts: list[Any] = []
    for literal, name, spec, _ in string.Formatter().parse(template):
        if literal:
            parts.append(literal)
        if name is None:
            continue
        if name not in values:
            raise KeyError(f"template {key!r} ({lang}) needs a value for {{{name}}}")
        value = values[name]
        number = isinstance(value, int | float) and not isinstance(value, bool)
        if spec:
            phrase = render_spec(name, spec, value, lang)
            if literal.endswith(_TATWEEL) and phrase[:1].isalpha():
                # "بـ{n:day}": the tatweel joins a proclitic to a figure (بـ٣ أيام), not to a
                # word (بيومين).
                parts[-1] = literal[: -len(_TATWEEL)]
            parts.append(render(phrase))
        elif name == "n" and number:
            word = fmt_count(value, lang)
            if sentence and not parts:
                # A count that opens the sentence is capitalised ("Two statements…"); this is
                # a no-op for scripts without case, such as Arabic.
                word = word[:1].upper() + word[1:]
            parts.append(render(word))
        elif name == "ordinal" and number:
            parts.append(render(fmt_ordinal(value, lang)))
        else:
            parts.append(render(value))
    return parts


def _plain(value: object, lang: str) -> str:
    if isinstance(value, Html):
        raise TypeError("text() returns plain text: pass str values, or use say() for Html")
    if isinstance(value, bool):
        raise TypeError("format booleans as words before inserting them")
    if isinstance(value, int | float):
        return fmt_number(value, lang)
    if not isinstance(value, str):
        raise TypeError(f"cannot insert {type(value).__name__}; format it as text first")
    return value


def text(key: str, lang: str = DEFAULT_LANG, **values: str | int | float) -> str:
    """The template ``key`` filled with plain-text values, as plain text (for further use)."""
    return "".join(_fill(key, lang, values, lambda v: _plain(v, lang)))


def say(key: str, lang: str = DEFAULT_LANG, **values: Value) -> Html:
    """The template ``key`` as HTML: template words and ``str`` values escaped, ``Html`` kept.

    Numbers are formatted with :func:`fmt_number`; in a plural template, ``n`` chooses the
    form and is written with :func:`fmt_count` (a word for small numbers, where the language
    has one).
    """

    def render(value: object) -> Html:
        if isinstance(value, Html):
            return value
        if isinstance(value, str):
            return value_html(value, lang)
        return escape(_plain(value, lang))

    # The template's own words too: a Latin word of a right-to-left template is a run of its
    # own (talksbook.bidi).
    words = isolate if direction(lang) == "rtl" else escape
    parts = _fill(key, lang, values, render)
    return Html("".join(str(p if isinstance(p, Html) else words(p)) for p in parts))


def label(group: str, value: str, lang: str = DEFAULT_LANG) -> str:
    """The word for a coded value, e.g. ``label("channel", "social-media")``."""
    return text(f"{group}.{value}", lang)


# --- numbers -------------------------------------------------------------------------------


@cache
def _decimal_pattern(lang: str) -> NumberPattern:
    """``lang``'s CLDR decimal pattern (its grouping), with at most two decimals."""
    pattern: NumberPattern = copy.copy(_locale(lang).decimal_formats[None])
    pattern.frac_prec = (0, _DECIMALS)
    return pattern


def fmt_number(value: float, lang: str = DEFAULT_LANG, grouping: bool = True) -> str:
    """A number as the language writes it (babel, CLDR): at most two decimals and no ".0" on
    whole numbers, grouped thousands unless ``grouping`` is off, and the separators and digits
    of the language's numbering system ("12,345.5" in English, "١٢٬٣٤٥٫٥" in Arabic)."""
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise TypeError(f"not a finite number: {value!r}")
    # Decimal(value) is the float's exact binary value, so the rounding (half to even) is the
    # one Python's own formatting does: 2.675 is stored as 2.67499… and reads "2.67" (babel's
    # Decimal(str(value)) would say "2.68"). int() keeps every digit of a huge whole float.
    exact = Decimal(int(value)) if float(value).is_integer() else Decimal(value)
    # A value that rounds to zero reads "0", not "-0".
    number = abs(exact) if round(exact, _DECIMALS) == 0 else exact
    written = format_decimal(
        number,
        _decimal_pattern(lang),
        locale=_locale(lang),
        group_separator=grouping,
        numbering_system=numbering_system(lang),
    )
    return fmt_digits(written, lang)


def fmt_count(n: float, lang: str = DEFAULT_LANG) -> str:
    """A count in running text: the number word where the language has one, else digits."""
    if float(n).is_integer() and has(f"number.word.{int(n)}", lang):
        return text(f"number.word.{int(n)}", lang)
    return fmt_number(n, lang)


def fmt_ordinal(n: float, lang: str = DEFAULT_LANG, gender: str = "m") -> str:
    """An ordinal: "second", or "21st" where there is no word. In a language whose ordinals
    agree with their noun, ``gender`` "f" takes the feminine word where the templates give one
    (``ordinal.word.{n}.f``: الأولى، الحادية عشرة), else the masculine one (``ordinal.word.{n}``);
    beyond the words, a figure (``ordinal.suffix``: الـ٢١), the same for both genders."""
    if float(n).is_integer():
        for key in (f"ordinal.word.{int(n)}.{gender}", f"ordinal.word.{int(n)}"):
            if has(key, lang):
                return text(key, lang)
    forms = templates(lang)["ordinal.suffix"]
    template = (
        forms
        if isinstance(forms, str)
        else forms.get(plural_category(n, lang, ordinal=True), forms["other"])
    )
    return template.format(n=fmt_number(n, lang, grouping=False))


def fmt_months(months: int, lang: str = DEFAULT_LANG) -> str:
    """A span of whole months in years and months: "two years and 11 months"."""
    years, rest = divmod(int(months), 12)
    if years and rest:
        return text(
            "span.years_months",
            lang,
            years=text("span.years", lang, n=years),
            months=text("span.months", lang, n=rest),
        )
    if years:
        return text("span.years", lang, n=years)
    return text("span.months", lang, n=rest)


# --- dates ---------------------------------------------------------------------------------


def _timestamp(value: DateLike) -> pd.Timestamp | None:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    return pd.Timestamp(value)


def fmt_date(value: DateLike, precision: str = "day", lang: str = DEFAULT_LANG) -> str:
    """A date at the precision the sources give it: "12 February 2025", "February 2022",
    "2022"; "undated" when there is no date."""
    ts = _timestamp(value)
    if ts is None:
        return text("date.undated", lang)
    year = fmt_number(ts.year, lang, grouping=False)
    month = text(f"month.{ts.month}", lang)
    if precision == "year":
        return text("date.year", lang, year=year)
    if precision == "month":
        return text("date.month", lang, month=month, year=year)
    day = fmt_number(ts.day, lang, grouping=False)
    return text("date.day", lang, day=day, month=month, year=year)


def fmt_weekday_date(value: DateLike, lang: str = DEFAULT_LANG) -> str:
    """A day with its weekday: "Tuesday 18 February 2025"."""
    ts = _timestamp(value)
    if ts is None:
        return text("date.undated", lang)
    return text(
        "date.with_weekday",
        lang,
        weekday=text(f"weekday.{ts.weekday()}", lang),
        date=fmt_date(ts, "day", lang),
    )


def _span(earliest: pd.Timestamp, latest: pd.Timestamp, precision: str, lang: str) -> str:
    same = {
        "year": earliest.year == latest.year,
        "month": (earliest.year, earliest.month) == (latest.year, latest.month),
    }.get(precision, earliest == latest)
    unit = precision if precision in ("month", "year") else "day"
    if same:
        return fmt_date(earliest, unit, lang)
    return text(
        "interval.between",
        lang,
        earliest=fmt_date(earliest, unit, lang),
        latest=fmt_date(latest, unit, lang),
    )


def fmt_interval(
    earliest: DateLike,
    latest: DateLike,
    precision: str = "day",
    basis: str = "stated",
    lang: str = DEFAULT_LANG,
) -> str:
    """A date interval in words, with where it comes from when that is not a plain statement.

    "12 February 2025"; "February 2022"; "16 February 2025 (resolved from a weekday)";
    "after 18 February 2025 (date not given; inferred from the order of events)"; "undated".
    """
    first, last = _timestamp(earliest), _timestamp(latest)
    remarks: list[str] = []
    if first is None and last is None:
        return text("date.undated", lang)
    if first is not None and last is not None:
        core = _span(first, last, precision, lang)
    elif first is not None:
        core = text("interval.after", lang, earliest=fmt_date(first, "day", lang))
        remarks.append(text("interval.remark.open", lang))
    else:
        core = text("interval.before", lang, latest=fmt_date(last, "day", lang))
        remarks.append(text("interval.remark.open", lang))
    basis_key = f"interval.basis.{basis}"
    if has(basis_key, lang) and text(basis_key, lang):
        remarks.append(text(basis_key, lang))
    if not remarks:
        return core
    joined = text("interval.remark.sep", lang).join(remarks)
    return text("interval.with_remarks", lang, interval=core, remarks=joined)


# --- lists ---------------------------------------------------------------------------------

#: Marks where an item goes while babel joins a list of markup (see :func:`_joined`).
_SLOT = "\ue000{}\ue001"  # private-use characters: nothing escapes or joins them
_SLOTS = re.compile("\ue000([0-9]+)\ue001")


def _joined(items: list[str], lang: str, alternative: bool) -> str:
    """Items joined as the language joins a list, by CLDR's list patterns (babel): "A, B and
    C" in the English edition's ``list.locale`` (en_GB: no comma before "and"), "أ وب وج" in
    Arabic (و on every item after the first, CLDR's "standard" Arabic list), "A, B or C" and
    "أ أو ب أو ج" when ``alternative``."""
    return format_list(
        items, style="or" if alternative else "standard", locale=text("list.locale", lang)
    )


def fmt_list(
    items: Iterable[Html | str], lang: str = DEFAULT_LANG, alternative: bool = False
) -> Html:
    """Items as a run of prose: "A", "A and B", "A, B and C" — or "A, B or C" when
    ``alternative`` (after a negation: "no outlet, date or address"); see :func:`_joined`.
    str items are escaped (and, in a right-to-left edition, marked if they are English)."""
    parts = [item if isinstance(item, Html) else value_html(item, lang) for item in items]
    # babel joins plain text: join numbered slots, escape the words babel added, then put
    # each item's markup in its slot.
    pattern = escape(_joined([_SLOT.format(i) for i in range(len(parts))], lang, alternative))
    return Html(_SLOTS.sub(lambda m: str(parts[int(m.group(1))]), str(pattern)))


def fmt_list_text(
    items: Iterable[str],
    lang: str = DEFAULT_LANG,
    limit: int | None = None,
    total: int | None = None,
) -> str:
    """Items as plain text ("A, B and C"), for charts, where text is never HTML. With
    ``limit``, a longer list names ``limit - 1`` items and then "and N more"; ``total`` is the
    full length when only the head of the list is passed."""
    names = list(items)
    count = len(names) if total is None else total
    if limit is not None and count > limit:
        names = [*names[: limit - 1], text("list.more", lang, n=count - limit + 1)]
    return _joined(names, lang, alternative=False)


# --- grammar rules: counted nouns, ordinals and verbs (talksbook.grammar's lexicon) ---


def count_phrase(n: float, noun: str, lang: str = DEFAULT_LANG, case: grammar.Case = "nom") -> str:
    """The number ``n`` with ``noun`` counted by it: "يومان", "١١ يومًا", "three days".

    ``case`` is the case the phrase stands in (nominative, accusative, genitive): Arabic shows
    it in one (يومًا واحدًا) and two (يومين); from three on the number governs the noun."""
    entry = grammar.lookup(noun, lang)
    category = plural_category(n, lang)
    if entry.forms is not None:
        return f"{fmt_count(n, lang)} {entry.forms.get(category, entry.forms['other'])}"
    if category == "one":
        return _one(entry, case)
    if category == "two":
        return entry.du if case == "nom" else entry.du_obl
    form = {"few": entry.pl, "many": entry.acc}.get(category, entry.sg)
    return f"{fmt_count(n, lang)} {form}"


def _one(entry: grammar.Noun, case: grammar.Case) -> str:
    if case == "acc":
        if entry.one and not entry.one_acc:
            raise KeyError(f"noun {entry.id!r} needs 'one_acc' to be counted in the accusative")
        return entry.one_acc or f"{entry.acc} {grammar.ONE[entry.gender][1]}"
    return entry.one or f"{entry.sg} {grammar.ONE[entry.gender][0]}"


# --- ordinals ------------------------------------------------------------------------------


def ordinal(n: float, noun: str | None = None, lang: str = DEFAULT_LANG) -> str:
    """The ordinal of ``n`` agreeing with ``noun``'s gender: "الأولى" for a call (مكالمة),
    "الأول" for a meeting (اجتماع); masculine when no noun is given. See
    :func:`talksbook.fmt_ordinal` for the words and the figures beyond them."""
    gender = grammar.lookup(noun, lang).gender if noun is not None else "m"
    return fmt_ordinal(n, lang, gender)


# --- template specs ------------------------------------------------------------------------


def check_spec(spec: str, lang: str) -> None:
    """Raise ValueError unless ``spec`` asks for a rule of ``lang`` with words it has."""
    if grammar.VERB_SPEC.fullmatch(spec):
        return
    match = grammar.NOUN_SPEC.fullmatch(spec)
    if not match:
        raise ValueError(f"bad spec {spec!r}: a noun id (with /nom, /acc or /gen) or a verb")
    noun, case = match["noun"], match["case"] or "nom"
    if case not in grammar.CASES:
        raise ValueError(f"bad case {case!r} in {spec!r}: nom, acc or gen")
    if noun not in grammar.lexicon(lang):
        raise ValueError(f"no noun {noun!r} in {grammar.LEXICON_FILE.format(lang=lang)}")
    entry = grammar.lexicon(lang)[noun]
    if case == "acc" and entry.one and not entry.one_acc:
        raise ValueError(f"noun {noun!r} needs 'one_acc' to be counted in the accusative")


def render_spec(name: str, spec: str, value: Any, lang: str) -> str:
    """The text for ``{name:spec}`` filled with ``value`` (see the module's docstring)."""
    if grammar.VERB_SPEC.fullmatch(spec):
        return grammar.verb(spec, value, lang)
    match = grammar.NOUN_SPEC.fullmatch(spec)
    if match is None or isinstance(value, bool) or not isinstance(value, int | float):
        raise TypeError(f"{{{name}:{spec}}} needs a number")
    if name == "ordinal":
        return ordinal(value, match["noun"], lang)
    case: grammar.Case = match["case"] or "nom"  # type: ignore[assignment]  # checked with the template
    return count_phrase(value, match["noun"], lang, case)
