"""The command line: locate, rehash and help behave as documented."""

from __future__ import annotations

from pathlib import Path

from conftest import set_cell, talksbook

from talksbook.data import Package, validate
from talksbook.data.locate import occurrences


def test_locate_prints_the_offsets_of_an_evidence_row(corpus: Package, corpus_dir: Path):
    # The last evidence row of each source: its offsets are among those locate prints.
    for row in corpus["evidence"].groupby("source_id").tail(1).itertuples():
        result = talksbook("data", "locate", row.source_id, row.exact, "--dir", str(corpus_dir))
        assert result.returncode == 0, result.stderr
        assert f"line={row.line} start={row.start} end={row.end}" in result.stdout.splitlines()


def test_locate_finds_every_occurrence():
    text = "أ ب\nأ"
    assert [(o.line, o.start, o.end) for o in occurrences(text, "أ")] == [(1, 0, 1), (2, 4, 5)]
    assert occurrences(text, "") == []


def test_locate_fails_for_a_missing_quote(corpus: Package, corpus_dir: Path):
    source = corpus["evidence"].source_id.iloc[0]
    result = talksbook("data", "locate", source, "not in the source", "--dir", str(corpus_dir))
    assert result.returncode == 1 and "does not occur" in result.stderr


def test_rehash_repairs_a_stale_descriptor_after_an_intended_edit(
    corpus: Package, corpus_copy: Path
):
    topic = corpus["topics"].id.iloc[0]
    set_cell(corpus_copy, "topics", topic, "label_en", "Edited label", keep_hash=True)
    assert validate(corpus_copy)
    result = talksbook("data", "rehash", str(corpus_copy))
    assert result.returncode == 0 and "topics" in result.stdout
    assert validate(corpus_copy) == []


def test_bad_arguments_get_a_one_line_error():
    result = talksbook("frobnicate")
    assert result.returncode == 2
    assert "invalid choice: 'frobnicate'" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_a_bad_option_value_names_the_option():
    result = talksbook("build", "--jobs", "0")
    assert result.returncode == 2
    assert result.stderr.strip() == (
        "talksbook build: argument --jobs: must be 1 or more (see `talksbook build --help`)"
    )


def test_an_unknown_edition_is_a_one_line_error():
    result = talksbook("build", "--lang", "en,fr")
    assert result.returncode == 2
    assert result.stderr.strip() == (
        "talksbook build: argument --lang: 'en,fr': choose from en, ar, or several joined by "
        "commas (see `talksbook build --help`)"
    )


def test_the_language_is_not_a_parameter_but_an_option(tmp_path: Path):
    params = tmp_path / "params.yml"
    params.write_text("lang: ar\n", encoding="utf-8")
    result = talksbook("build", "--params", str(params), "--out", str(tmp_path / "out"))
    assert result.returncode == 2
    assert "unknown parameter(s) ['lang']" in result.stderr
    assert "the language is chosen with --lang" in result.stderr
    assert not (tmp_path / "out").exists()


def test_help_explains_the_commands():
    result = talksbook("--help")
    assert result.returncode == 0
    for command in ("validate", "data"):
        assert command in result.stdout


def test_a_bad_plan_file_is_a_one_line_error(tmp_path: Path):
    plan = tmp_path / "plan.yml"
    plan.write_text("root: overview\ntitle: {ar: عنوان}\nchapters: []\n", encoding="utf-8")
    result = talksbook("build", "--plan", str(plan), "--out", str(tmp_path / "out"))
    assert result.returncode == 1
    assert result.stderr.strip() == (
        f"talksbook: build failed: {plan}: title must be a text or a mapping of language to "
        "text with an English one, not {'ar': 'عنوان'}. Fix: write e.g. "
        "`title: {en: Overview, ar: نظرة عامة}`"
    )
    assert "Traceback" not in result.stderr and not (tmp_path / "out").exists()


def test_build_help_names_the_plan_option():
    result = talksbook("build", "--help")
    assert result.returncode == 0 and "--plan FILE" in result.stdout
