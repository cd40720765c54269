"""A chapter's list of topics names each topic and links to the passage that raises it; it
does not quote the passage (a whole sentence, quoted where it is a speaker's statement)."""

from __future__ import annotations

import re

import pytest

from talksbook.data import Package
from talksbook.facts.calls import calls
from talksbook.facts.meetings import meetings
from talksbook.narrative import calls as call_chapter
from talksbook.narrative import meeting as meeting_chapter

ARABIC = re.compile(r"[\u0600-\u06ff]")


def _items(markup: str) -> list[str]:
    lists = re.findall(r'<ul class="topics">(.*?)</ul>', markup, flags=re.S)
    return [item for ul in lists for item in re.findall(r"<li>(.*?)</li>", ul, flags=re.S)]


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_topic_lists_link_the_passage_without_quoting_it(corpus: Package, lang: str) -> None:
    pages = [
        str(part) for call in calls(corpus) for part in call_chapter.details(corpus, call, lang)
    ]
    pages += [str(meeting_chapter.topics(corpus, m, lang)) for m in meetings(corpus)]
    items = [item for page in pages for item in _items(str(page))]
    assert items, "the corpus should raise topics"
    exact = [str(e) for e in corpus["evidence"]["exact"] if len(str(e).split()) > 3]
    for item in items:
        text = re.sub(r"<[^>]+>", "", item)
        assert "evidence-link" in item, item
        assert "cited-words" not in item, item
        assert not any(span in text for span in exact), item
        if lang == "en":
            # An English topic list shows no Arabic: no topic label, no source words.
            assert not ARABIC.search(text), item
