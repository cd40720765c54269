"""Synthetic packages (benchmarks/synth.py) and what keeps the book small and fast at scale.

Fast on purpose: a few hundred events, no book build. The benchmark itself (``make bench``)
runs the same code at 100,000 events; none of its timings is asserted here.
"""

from __future__ import annotations

import functools
import hashlib
import importlib.util
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from talksbook import charts
from talksbook.data import load, validate
from talksbook.data.package import VALIDATED_ENV, save_validated
from talksbook.data.rehash import rehash
from talksbook.facts.calls import calls
from talksbook.facts.claims import claim_groups
from talksbook.facts.sources import cited_sources
from talksbook.narrative import appendix, common, overview, reactions
from talksbook.narrative.common import Rows
from talksbook.paths import DATA_DIR, PROJECT_ROOT
from talksbook.pipeline import BuildOptions, build
from talksbook.plan import BookPlan

EVENTS = 200


@functools.cache
def _synth():  # type: ignore[no-untyped-def]
    """benchmarks/synth.py as a module (benchmarks/ is not a package on the path)."""
    name = "talksbook_benchmarks_synth"
    spec = importlib.util.spec_from_file_location(name, PROJECT_ROOT / "benchmarks" / "synth.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # dataclasses look their module up while it runs
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _synth().generate(EVENTS, tmp_path_factory.mktemp("synth") / "data", seed=7)


def _digest(folder: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        digest.update(path.relative_to(folder).as_posix().encode() + path.read_bytes())
    return digest.hexdigest()


def test_a_synthetic_package_is_valid(synthetic: Path) -> None:
    assert validate(synthetic) == []


def test_it_builds_every_table(synthetic: Path) -> None:
    pkg = load(synthetic)
    assert len(pkg["events"]) == EVENTS
    assert set(pkg["events"].track) == {"meeting", "call", "proposal", "reaction", "background"}
    for name in ("evidence", "participants", "statements", "event_topics", "date_claims"):
        assert len(pkg[name]) > EVENTS / 10, name
    # Every rule of the validator has something to check: weekday claims, open intervals,
    # aliases said to occur in a source, several archived sources.
    assert "resolved-weekday" in set(pkg["date_claims"].basis)
    assert "open" in set(pkg["events"].date_precision)
    assert (pkg["aliases"].occurs_in != "").any()
    assert len(pkg.texts) >= 2
    assert [c.name for c in BookPlan.load().chapters(pkg)][:2] == ["overview", "calls"]


def test_the_same_seed_gives_the_same_bytes(synthetic: Path, tmp_path: Path) -> None:
    again = _synth().generate(EVENTS, tmp_path / "again", seed=7)
    assert _digest(again) == _digest(synthetic)


def test_the_generator_has_a_command_line(tmp_path: Path) -> None:
    run = subprocess.run(
        [
            sys.executable,
            str(PROJECT_ROOT / "benchmarks" / "synth.py"),
            *("--events", "50", "--out", str(tmp_path / "cli")),
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    assert "events 50" in run.stdout
    assert validate(tmp_path / "cli") == []


# --- the package a build has validated, loaded by its kernels ------------------------------


def _load_in_child(folder: Path, saved: Path) -> dict[str, object]:
    code = (
        "import json, sys; from talksbook.data import load; p = load(sys.argv[1]); "
        "print(json.dumps({'events': len(p['events']), 'marker': p.descriptor.get('marker')}))"
    )
    env = {**os.environ, VALIDATED_ENV: str(saved)}
    run = subprocess.run(
        [sys.executable, "-c", code, str(folder)], capture_output=True, text=True, env=env
    )
    assert run.returncode == 0, run.stderr
    return dict(json.loads(run.stdout))


def test_kernels_load_the_package_the_build_validated(synthetic: Path, tmp_path: Path) -> None:
    pkg = load(synthetic)
    # A marker only the saved copy has: seeing it proves nothing was read or validated again.
    pkg.descriptor["marker"] = "saved"
    save_validated(pkg, tmp_path / "saved.pickle")
    assert _load_in_child(synthetic, tmp_path / "saved.pickle") == {
        "events": EVENTS,
        "marker": "saved",
    }


def test_a_changed_file_is_validated_afresh(synthetic: Path, tmp_path: Path) -> None:
    folder = tmp_path / "data"
    shutil.copytree(synthetic, folder)
    pkg = load(folder)
    pkg.descriptor["marker"] = "saved"
    save_validated(pkg, tmp_path / "saved.pickle")
    notes = folder / "notes.csv"
    notes.write_text(notes.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    rehash(folder)
    # A blank line changes the bytes, not the data: a fresh load (no marker) succeeds.
    assert _load_in_child(folder, tmp_path / "saved.pickle")["marker"] is None


# --- pages stay readable whatever the size of the data -------------------------------------


@pytest.fixture(scope="module")
def bigger(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    """Enough events for every list in the book to pass its cap."""
    return load(_synth().generate(1_000, tmp_path_factory.mktemp("big") / "data", seed=1))


def test_long_lists_are_capped_and_say_what_is_left_out(bigger) -> None:  # type: ignore[no-untyped-def]
    markup = str(reactions.reactions(bigger))
    assert markup.count('class="reaction"') == reactions.MAX_REACTIONS
    total = sum(bigger["events"].track == "reaction")
    assert f"the first {reactions.MAX_REACTIONS} of {total:,}" in markup
    assert 'href="_static/data/events.csv"' in markup
    evidence = str(appendix.evidence(bigger))
    assert evidence.count('class="evidence-row"') == common.MAX_EVIDENCE
    assert f"of {len(bigger['evidence']):,}" in evidence and "evidence.csv" in evidence
    known = str(overview.known_and_unknown(bigger))
    assert known.count("<li>") == overview.MAX_UNCERTAIN
    assert 'class="omitted"' in known and "events.csv" in known


def test_charts_embed_aggregates_not_rows(bigger) -> None:  # type: ignore[no-untyped-def]
    for name, builder in charts.BUILDERS.items():
        spec = builder(bigger).to_dict()
        rows = sum(len(d) for d in spec.get("datasets", {}).values())
        assert rows < 500, (name, rows)


def test_past_the_cap_only_the_latest_meetings_get_a_chapter(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from talksbook import plan

    shipped = load(DATA_DIR)
    held = list(plan.meetings(shipped).id)
    assert len(held) == 2
    assert "have a chapter" not in str(reactions.table_and_absent(shipped))
    monkeypatch.setattr(plan, "MAX_MEETING_CHAPTERS", 1)
    names = [c.name for c in BookPlan.load().chapters(shipped) if c.name.startswith("meeting-")]
    assert names == [f"meeting-{held[-1]}"]
    table = str(reactions.table_and_absent(shipped))
    assert "The latest 1 of the 2 meetings held have a chapter of their own" in table
    assert all(plan.meetings(shipped).title_en.map(lambda t: t in table))  # all still listed


def _same(a: object, b: object) -> bool:
    return type(a) is type(b) and (a is b or bool(a == b) or (a != a and b != b))


@pytest.mark.parametrize("which", ["shipped", "synthetic"])
def test_rows_read_lazily_equal_pandas_records(which: str, synthetic: Path) -> None:
    """View rows are made one at a time at scale; they must be what to_dict gives, exactly."""
    pkg = load(DATA_DIR if which == "shipped" else synthetic)
    tables = dict(pkg.tables)
    # Missing values of every kind a table can hold.
    tables["odd"] = pd.DataFrame(
        {
            "text": pd.Series(["a", None, ""], dtype="str"),
            "whole": pd.array([1, None, 3], dtype="Int64"),
            "real": pd.array([1.5, None, 2.0], dtype="Float64"),
            "day": pd.to_datetime(pd.Series(["2025-02-18", None, "2025-02-19"])),
        }
    )
    for name, frame in tables.items():
        expected = frame.to_dict("records")
        rows = Rows(frame)
        last = rows[len(frame) - 1] if len(frame) else None  # made alone, before the rest
        assert last is None or last is rows[-1]
        for got, want in zip(rows, expected, strict=True):
            assert list(got) == list(want), name
            assert all(_same(got[k], want[k]) for k in got), (name, got, want)


@pytest.mark.slow
def test_every_page_loads_the_shared_javascript_once_and_stays_light(shipped_build) -> None:  # type: ignore[no-untyped-def]
    """The Vega bundle is one cached file, loaded once per page however many charts it has;
    the theme's fontawesome.js (1.5 MB) is not loaded at all; a page and its scripts stay
    under 2 MB."""
    html = shipped_build.html
    for page in sorted(html.glob("*.html")):
        if page.name in {"index.html", "genindex.html", "search.html"}:
            continue
        markup = page.read_text(encoding="utf-8")
        scripts = re.findall(r'<script[^>]*\bsrc="([^"]+)"', markup)
        files = [html / src.split("?")[0] for src in dict.fromkeys(scripts)]
        assert [f.name for f in files].count("vega-bundle.js") == 1, page.name
        assert "fontawesome.js" not in markup, page.name
        weight = page.stat().st_size + sum(f.stat().st_size for f in files if f.is_file())
        assert weight < 2_000_000, (page.name, weight)


@pytest.mark.slow
def test_the_calls_chapter_has_a_section_per_call_and_names_every_source(
    synthetic: Path, tmp_path: Path
) -> None:
    """Many calls, several with duration claims, several sources: every call gets its section,
    in date order, with a chart of each of its disputed lengths (and no other call's);
    citations name their source, and no sentence speaks of "the article"."""
    pkg = load(synthetic)
    ids = calls(pkg)
    assert len(ids) > 2 and len(claim_groups(pkg, measure="duration")) > 1
    assert len(cited_sources(pkg)) >= 2
    events = pkg["events"].set_index("id")
    html = build(BuildOptions(data=synthetic, out=tmp_path / "out", report=lambda _: None)).html
    page = (html / "calls.html").read_text(encoding="utf-8")
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page))
    places = [text.index(str(events.at[c, "title_en"])) for c in ids]
    assert places == sorted(places)  # in date order
    assert page.count('<section id="') >= len(ids)
    for group in claim_groups(pkg, measure="duration"):
        if len(group.figure_ids) > 1:
            # Its chart, whichever call it belongs to, where a chart says more than a sentence
            # (charts.worth); the prose weighs the claims either way.
            title = events.at[group.event_id, "title_en"]
            drawn = charts.worth_drawing(
                charts.duration_claims, pkg, group.event_id, group.label_en
            )
            assert (f"(“{title}”)" in page) == drawn, title
    assert re.search(r"art\. \d+, l\. \d+", text)
    assert "the article" not in text.lower()
