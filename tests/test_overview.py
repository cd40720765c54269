"""The overview opens the book: its key numbers and its list of uncertain dates are a
handful, those of the events its opening account tells of first, never a table of dozens."""

from __future__ import annotations

import re

from talksbook.data import Package
from talksbook.facts.corpus import key_figures, uncertain_dates
from talksbook.narrative import overview
from talksbook.narrative.common import View
from talksbook.narrative.findings import opening_events


def test_key_numbers_are_a_handful_led_by_the_opening_events(corpus: Package) -> None:
    markup = str(overview.key_numbers(corpus, "en"))
    cards = re.findall(r'<div class="key-number">(.*?)</div>', markup, flags=re.S)
    assert 0 < len(cards) <= overview.MAX_KEY_NUMBERS
    view = View(corpus, "en")
    opening = opening_events(corpus)
    assert opening, "the corpus should have a call or a meeting"
    for card, event_id in zip(cards, opening, strict=False):
        assert str(view.title(event_id)) in card, (event_id, card)
    groups = key_figures(corpus)
    shown = len(cards) - min(len(opening), overview.MAX_KEY_NUMBERS)
    assert ('class="omitted"' in markup) == (shown < len(groups))


def test_uncertain_dates_are_a_handful_with_the_rest_counted(corpus: Package) -> None:
    markup = str(overview.known_and_unknown(corpus, "en"))
    uncertain = uncertain_dates(corpus)
    listed = re.findall(r"<li>", markup.split('class="uncertain-dates"', 1)[-1].split("</ul>")[0])
    assert len(listed) == min(len(uncertain), overview.MAX_UNCERTAIN)
    view = View(corpus, "en")
    if len(uncertain) > overview.MAX_UNCERTAIN:
        assert 'class="omitted"' in markup
        for event_id in set(opening_events(corpus)) & set(uncertain):
            assert str(view.title(event_id)) in markup, event_id
