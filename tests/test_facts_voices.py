"""Who speaks, through which channels and how often, and whom the sources talk about: the
facts of facts.voices on small hand-made packages."""

from __future__ import annotations

import pandas as pd
import pytest
from frames import package

from talksbook.data import Package
from talksbook.facts.voices import OTHERS, mentioned, speaker_statements, statement_counts

COLUMNS = ["id", "event_id", "speaker_id", "channel", "channel_actor_id", "mode", "stance"]


def statements(*rows: tuple[str, str, str | None, str | None, str]) -> pd.DataFrame:
    """(event, speaker, channel, outlet, stance) rows; ids s1, s2…, mode 'quoted' unless the
    stance is 'critical' (then 'paraphrased'), so that modes vary."""
    frame = pd.DataFrame(
        [
            (f"s{i}", e, sp, ch, out, "paraphrased" if st == "critical" else "quoted", st)
            for i, (e, sp, ch, out, st) in enumerate(rows, 1)
        ],
        columns=COLUMNS,
    )
    return frame


def of(*rows: tuple[str, str, str | None, str | None, str]) -> Package:
    return package(statements=statements(*rows))


# --- how many statements, who leads, through which channels -----------------------------------


def test_counts_of_no_statement_are_zero():
    counts = statement_counts(of())
    assert (counts.total, counts.speakers, counts.most, counts.unspecified) == (0, 0, 0, 0)
    assert counts.leaders == counts.leader_channels == counts.channels == counts.critical == ()
    assert counts.stances == ()


def test_counts_of_one_statement():
    counts = statement_counts(of(("talks", "rubio", "interview", "cbs", "supportive")))
    assert (counts.total, counts.speakers, counts.most) == (1, 1, 1)
    assert counts.leaders == ("rubio",)
    assert counts.leader_channels == (("interview", 1),)
    assert counts.channels == (("interview", 1),) and counts.unspecified == 0
    assert counts.stances == (("supportive", 1),) and counts.critical == ()


def test_the_one_leader_and_their_channels_most_used_first():
    pkg = of(
        ("talks", "trump", "unspecified", None, "supportive"),
        ("talks", "rubio", "interview", "cbs", "critical"),
        ("talks", "trump", "social-media", "truth", "supportive"),
        ("talks", "trump", "unspecified", None, "neutral"),
        ("call", "zelensky", "unspecified", None, "critical"),
        ("talks", "zelensky", "press-remarks", None, "critical"),
    )
    counts = statement_counts(pkg)
    assert (counts.total, counts.speakers, counts.most) == (6, 3, 3)
    assert counts.leaders == ("trump",)
    assert counts.leader_channels == (("unspecified", 2), ("social-media", 1))
    assert dict(counts.channels) == {
        "unspecified": 3,
        "interview": 1,
        "social-media": 1,
        "press-remarks": 1,
    }
    assert counts.channels[0] == ("unspecified", 3) and counts.unspecified == 3
    assert dict(counts.stances) == {"supportive": 2, "critical": 3, "neutral": 1}
    assert counts.stances[0] == ("critical", 3)
    # Critical speakers once each, in the order of the statements table.
    assert counts.critical == ("rubio", "zelensky")


def test_tied_leaders_in_the_order_of_their_ids_and_no_leader_channels():
    pkg = of(
        ("talks", "zelensky", "interview", None, "neutral"),
        ("talks", "rubio", "interview", None, "neutral"),
        ("talks", "lavrov", "interview", None, "neutral"),
        ("talks", "rubio", "interview", None, "neutral"),
        ("talks", "zelensky", "interview", None, "neutral"),
    )
    counts = statement_counts(pkg)
    assert counts.most == 2 and counts.leaders == ("rubio", "zelensky")
    assert counts.leader_channels == ()


def test_counts_of_one_event_only():
    pkg = of(
        ("talks", "rubio", "interview", None, "neutral"),
        ("call", "trump", "unspecified", None, "critical"),
        ("call", "trump", "unspecified", None, "critical"),
    )
    talks = statement_counts(pkg, "talks")
    assert (talks.total, talks.leaders, talks.unspecified, talks.critical) == (
        1,
        ("rubio",),
        0,
        (),
    )
    assert statement_counts(pkg, "call").critical == ("trump",)
    assert statement_counts(pkg, "nothing").total == 0


# --- statements per speaker row ---------------------------------------------------------------


def test_speaker_rows_within_the_limit_have_no_others_row():
    pkg = of(
        ("talks", "rubio", "interview", "cbs", "neutral"),
        ("talks", "trump", "social-media", "truth", "supportive"),
        ("talks", "trump", "interview", "fox", "supportive"),
        ("talks", "rubio", "interview", "fox", "supportive"),
        ("talks", "trump", "social-media", "truth", "supportive"),
    )
    counted = speaker_statements(pkg, "channel")
    assert counted.others == 0
    # The cells in the order the table first gives each (speaker, channel).
    assert counted.cells[["speaker", "channel", "statements", "total"]].values.tolist() == [
        ["rubio", "interview", 2, 2],
        ["trump", "social-media", 2, 3],
        ["trump", "interview", 1, 3],
    ]
    assert list(counted.cells["outlet_ids"]) == [("cbs", "fox"), ("truth",), ("fox",)]
    assert list(counted.cells["modes"]) == [("quoted",), ("quoted",), ("quoted",)]
    assert counted.rows["speaker"].tolist() == ["trump", "rubio"]
    assert counted.rows["statements"].tolist() == [3, 2]
    assert counted.rows["speaker_ids"].tolist() == [("trump",), ("rubio",)]
    assert counted.rows["via"].tolist() == [("truth", "fox"), ("cbs", "fox")]


def test_beyond_the_limit_one_others_row_comes_last_whatever_its_size():
    pkg = of(
        ("talks", "trump", "interview", None, "neutral"),
        ("talks", "trump", "interview", None, "neutral"),
        ("talks", "lavrov", "press-remarks", "kremlin", "critical"),
        ("talks", "peskov", "press-remarks", "kremlin", "neutral"),
        ("talks", "kremlin", "official-statement", "kremlin", "neutral"),
    )
    counted = speaker_statements(pkg, "stance", limit=1)
    assert counted.others == 3
    assert counted.rows["speaker"].tolist() == ["trump", OTHERS]
    assert counted.rows["statements"].tolist() == [2, 3]
    assert counted.rows["speaker_ids"].tolist()[1] == ("lavrov", "peskov", "kremlin")
    # The Kremlin speaks in the others' row: its own outlet is no "via".
    assert counted.rows["via"].tolist() == [(), ()]
    cells = counted.cells
    assert cells[["speaker", "stance", "statements", "total"]].values.tolist() == [
        ["trump", "neutral", 2, 2],
        [OTHERS, "critical", 1, 3],
        [OTHERS, "neutral", 2, 3],
    ]
    assert cells.iloc[2]["outlet_ids"] == ("kremlin",)
    assert cells.iloc[1]["modes"] == ("paraphrased",)


def test_the_limit_cuts_ties_in_the_order_of_the_ids():
    pkg = of(
        ("talks", "zelensky", "interview", None, "neutral"),
        ("talks", "lavrov", "interview", None, "neutral"),
        ("talks", "rubio", "interview", None, "neutral"),
    )
    counted = speaker_statements(pkg, "channel", limit=2)
    assert counted.rows["speaker"].tolist() == ["lavrov", "rubio", OTHERS]
    assert counted.others == 1
    assert speaker_statements(pkg, "channel", limit=3).others == 0


def test_an_outlet_is_via_unless_it_is_the_speaker():
    pkg = of(
        ("talks", "kremlin", "official-statement", "kremlin", "neutral"),
        ("talks", "kremlin", "interview", "rt", "neutral"),
        ("talks", "kremlin", "interview", "rt", "neutral"),
    )
    counted = speaker_statements(pkg, "channel")
    assert counted.rows["via"].tolist() == [("rt",)]
    assert list(counted.cells["outlet_ids"]) == [("kremlin",), ("rt",)]


def test_speaker_rows_of_one_event_and_of_none():
    pkg = of(
        ("talks", "rubio", "interview", None, "neutral"),
        ("call", "trump", "unspecified", None, "critical"),
    )
    assert speaker_statements(pkg, "channel", "call").rows["speaker"].tolist() == ["trump"]
    nothing = speaker_statements(pkg, "channel", "nothing")
    assert nothing.cells.empty and nothing.rows.empty and nothing.others == 0


# --- whom the sources talk about --------------------------------------------------------------


def mentions_package(texts: dict[str, str]) -> Package:
    """Four actors, each with its Arabic spellings; every text an archived article."""
    actors = pd.DataFrame(
        {
            "id": ["ukr", "usa", "rus", "trump"],
            "kind": ["state", "state", "state", "person"],
        }
    )
    aliases = pd.DataFrame(
        {
            "actor_id": ["ukr", "usa", "rus", "trump", "ukr"],
            "alias": ["أوكرانيا", "أمريكا", "روسيا", "ترامب", "كييف"],
        }
    )
    sources = pd.DataFrame({"id": list(texts), "kind": "article"})
    return package(
        texts,
        actors=actors,
        aliases=aliases,
        sources=sources,
        statements=pd.DataFrame({"speaker_id": []}),
    )


def test_most_mentioned_first_ties_in_the_actors_order():
    pkg = mentions_package({"a1": "روسيا ثم أمريكا ثم أوكرانيا و كييف", "a2": "روسيا و أمريكا"})
    counted = mentioned(pkg)
    assert counted.top[["actor_id", "mentions"]].values.tolist() == [
        ["ukr", 2],
        ["usa", 2],
        ["rus", 2],
    ]
    assert list(counted.top["kind"]) == ["state"] * 3
    assert counted.top.iloc[0]["aliases"] == ("أوكرانيا", "كييف")
    assert (counted.most, counted.leaders) == (2, ("ukr", "usa", "rus"))
    assert (counted.second, counted.runners) == (0, ())
    assert (counted.named, counted.actors, counted.aliases) == (3, 4, 5)


def test_leaders_then_runners_up_within_the_limit():
    pkg = mentions_package({"a1": "ترامب ترامب ترامب روسيا روسيا أمريكا أوكرانيا"})
    counted = mentioned(pkg, limit=3)
    # usa and ukr tie: ukr comes first in the actors table.
    assert counted.top["actor_id"].tolist() == ["trump", "rus", "ukr"]
    assert (counted.most, counted.leaders) == (3, ("trump",))
    assert (counted.second, counted.runners) == (2, ("rus",))
    # Every actor is named, though only three are shown.
    assert counted.named == counted.actors == 4
    # The limit cuts a tie: the runners-up are only those shown.
    cut = mentioned(mentions_package({"a1": "ترامب ترامب أمريكا أوكرانيا"}), limit=2)
    assert (cut.second, cut.runners) == (1, ("ukr",))


def test_mentions_in_chosen_sources_and_in_none():
    pkg = mentions_package({"a1": "روسيا", "a2": "أمريكا أمريكا"})
    assert mentioned(pkg, ["a1"]).leaders == ("rus",)
    assert mentioned(pkg).leaders == ("usa",)
    silent = mentioned(mentions_package({"a1": "لا أحد"}))
    assert silent.top.empty and (silent.most, silent.leaders, silent.named) == (0, (), 0)
    with pytest.raises(ValueError, match="no archived article"):
        mentioned(mentions_package({}))
