"""Grammar from rules: how a counted noun, an ordinal and a verb agree with their number or
their subject, for the templates (talksbook.words) to use instead of pasted forms. This module
holds the lexicon, gender and verb agreement; talksbook.words, which formats the numbers,
composes them with the nouns (count_phrase, ordinal) and fills the template specs.

Each rule lives here once; the words it needs come from a lexicon beside the templates,
``templates/nouns.{lang}.yaml`` (``.yaml``: a lexicon, not sentence templates). A noun is named
by an id shared by every language (``day``, ``call``; a figure's unit code is its noun's id).

A template asks for a rule with a format spec on a placeholder, ``{name:spec}``:

``{n:day}``, ``{n:day/acc}``, ``{total:outcome/gen}``
    The number ``n`` (``total``…) with the noun ``day`` counted by it
    (talksbook.words.count_phrase), in the nominative (the default), accusative or genitive.
``{ordinal:call}``
    The ordinal of the number ``ordinal``, agreeing with the gender of ``call``
    (talksbook.words.ordinal).
``{event:أسفر}``
    The verb أسفر agreeing with its subject, the value of ``event``, which stands after it
    (verb–subject order: the verb is singular, and feminine for a feminine subject, see
    :func:`verb`).

Arabic counted nouns (talksbook.words.count_phrase) follow the CLDR plural category of the number
(babel, talksbook.words.plural_category), which reads a number by its last two digits:

======  ==================  ===============================================================
one     1                   the singular with واحد/واحدة after it, no figure: يوم واحد
two     2                   the dual, no figure: يومان (nominative), يومين (accusative, genitive)
few     3–10, 103–110…      the figure and the plural (genitive): ٣ أيام، ١٠٣ أيام
many    11–99, 111–199…     the figure and the accusative singular (tamyiz): ١١ يومًا
other   100–102, 1000…      the figure and the singular (genitive): ١٠٠ يوم، ١٠٢ يوم، ٢٫٥ يوم
zero    0                   the figure and the singular: ٠ يوم (templates say «لا …» instead)
======  ==================  ===============================================================

A range takes the noun of its last number: "بين ١٬٠٨٠ و١٬١٠٧ أيام" (1107 is "few": ألف ومئة
وسبعة أيام). Digits are the edition's (talksbook.words.fmt_count). Other languages take the
form their lexicon gives for the number's category after the number: "one day", "11 days".
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Literal

from markupsafe import Markup

__all__ = [
    "CASES",
    "LEXICON_FILE",
    "NOUN_SPEC",
    "ONE",
    "PLURAL_CATEGORIES",
    "VERB_SPEC",
    "Noun",
    "gender_of",
    "lexicon",
    "lookup",
    "verb",
]

#: CLDR's plural categories: the forms a template or a lexicon entry may give by number.
PLURAL_CATEGORIES = ("zero", "one", "two", "few", "many", "other")
Case = Literal["nom", "acc", "gen"]
Gender = Literal["m", "f"]
#: The grammatical cases a count can be asked in (Arabic shows them in 1 and 2 only).
CASES: tuple[Case, ...] = ("nom", "acc", "gen")
NOUN_SPEC = re.compile(r"(?P<noun>[a-z][a-z_]*)(?:/(?P<case>[a-z]+))?")
# An Arabic verb as a spec: Arabic letters and their diacritics, one word.
VERB_SPEC = re.compile("[\u0621-\u064a\u064b-\u0652\u0670]+")
LEXICON_FILE = "nouns.{lang}.yaml"
#: What the rule of each language needs of an entry (other languages: a CLDR "other" form).
_ARABIC_FIELDS = ("gender", "sg", "du", "du_obl", "pl", "acc")
ONE = {"m": ("واحد", "واحدًا"), "f": ("واحدة", "واحدة")}  # "one" after the noun: nom/gen, acc
_ARTICLE = "ال"
_QUOTES = "«»\"'()[]“”‘’"


@dataclass(frozen=True)
class Noun:
    """A noun of the lexicon: its forms by what the counting rule needs, and its gender.

    Arabic: ``sg`` singular (after 100, 101, 102…), ``du`` and ``du_obl`` the dual in the
    nominative and in the accusative/genitive, ``pl`` the plural (after 3–10), ``acc`` the
    accusative singular (after 11–99), ``gender`` "m" or "f", and ``one``/``one_acc`` the phrase
    for one when واحد does not simply follow the noun. ``human`` nouns keep a masculine verb in
    the plural. Other languages: ``forms``, the noun by CLDR plural category."""

    id: str
    gender: Gender = "m"
    sg: str = ""
    du: str = ""
    du_obl: str = ""
    pl: str = ""
    acc: str = ""
    one: str = ""
    one_acc: str = ""
    human: bool = False
    forms: Mapping[str, str] | None = None


def _noun(noun_id: str, entry: object, file: str) -> Noun:
    if not isinstance(entry, dict) or not all(isinstance(v, str | bool) for v in entry.values()):
        raise ValueError(f"{file}: {noun_id}: expected a mapping of forms")
    if "gender" in entry:  # the Arabic rule's fields
        missing = [f for f in _ARABIC_FIELDS if not entry.get(f)]
        unknown = set(entry) - {*_ARABIC_FIELDS, "one", "one_acc", "human"}
        if missing or unknown or entry["gender"] not in ("m", "f"):
            raise ValueError(f"{file}: {noun_id}: needs {', '.join(_ARABIC_FIELDS)} (m or f)")
        return Noun(id=noun_id, **entry)
    if "other" not in entry or set(entry) - set(PLURAL_CATEGORIES):
        raise ValueError(f"{file}: {noun_id}: give the noun by plural category, with 'other'")
    return Noun(id=noun_id, forms=entry)


@cache
def lexicon(lang: str) -> Mapping[str, Noun]:
    """The nouns of ``lang`` by id, from ``templates/nouns.{lang}.yaml`` (none if absent)."""
    import yaml

    file = resources.files("talksbook") / "templates" / LEXICON_FILE.format(lang=lang)
    if not file.is_file():
        return {}
    raw = yaml.safe_load(file.read_text(encoding="utf-8")) or {}
    if not isinstance(raw, dict):
        raise ValueError(f"{file.name}: expected a mapping of noun ids to forms")
    nouns = {str(k): _noun(str(k), v, file.name) for k, v in raw.items()}
    for key, entry in raw.items():  # the lexicon is words, like the templates: no digits
        if any(ch.isdigit() for form in entry.values() for ch in str(form)):
            raise ValueError(f"{file.name}: {key}: no digits in the lexicon")
    return nouns


def lookup(noun: str, lang: str) -> Noun:
    """The lexicon entry of ``noun`` in ``lang`` (KeyError naming the lexicon file if none)."""
    nouns = lexicon(lang)
    if noun not in nouns:
        raise KeyError(f"no noun {noun!r} in the lexicon of {lang!r} ({LEXICON_FILE})")
    return nouns[noun]


# --- verbs ---------------------------------------------------------------------------------


def _plain(subject: object) -> str:
    """The text of a subject given as plain text or markup."""
    if isinstance(subject, Markup):
        return subject.striptags()
    if not isinstance(subject, str):
        raise TypeError(f"a verb agrees with text, not {type(subject).__name__}")
    return subject


def gender_of(subject: str, lang: str = "ar") -> Gender:
    """The grammatical gender of a subject phrase (an event title, a source's name…).

    The phrase's head is its first word ("محادثات الرياض" → محادثات; a list agrees with its
    first item), without its article. It is feminine when the lexicon says so (its singular or,
    for a noun that is not ``human``, its plural: a plural of things takes a feminine verb), or
    when it ends in ة or in the plural ات; masculine otherwise (a person's or place's name
    without those endings: the rule knows no names, see the report on what a reader checks).
    """
    first = _plain(subject).strip().strip(_QUOTES).split(maxsplit=1)
    if not first:
        return "m"
    head = first[0].strip(_QUOTES + "،,.:؛")
    bare = head.removeprefix(_ARTICLE) if len(head) > len(_ARTICLE) + 1 else head
    for noun in lexicon(lang).values():
        if noun.forms is not None:
            continue
        if bare == noun.sg.split()[0]:
            return noun.gender
        if bare == noun.pl.split()[0]:
            return "m" if noun.human else "f"
    return "f" if bare.endswith(("ة", "ات")) else "m"


def verb(lemma: str, subject: object, lang: str = "ar") -> str:
    """The verb ``lemma`` (third person masculine singular, as written) agreeing with the
    ``subject`` that follows it: singular, feminine for a feminine subject.

    The feminine is made by rule: an imperfect (starting with ي) takes ت instead (يذكر →
    تذكر, يُذكر → تُذكر); a perfect takes ت at the end, replacing a final ى or ا (أسفر → أسفرت,
    جرى → جرت, دعا → دعت). A perfect that itself starts with ي (يئس) is not a verb this rule
    can tell apart; none is used."""
    if gender_of(_plain(subject), lang) == "m":
        return lemma
    if lemma.startswith("ي"):
        return "ت" + lemma[1:]
    return (lemma[:-1] if lemma.endswith(("ى", "ا")) else lemma) + "ت"
