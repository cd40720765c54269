"""Reproducibility: the same inputs give the same book, byte for byte, and say what they were.

Two clean builds of the shipped data into two output folders, with SOURCE_DATE_EPOCH set and a
different number of parallel jobs, must agree on every file of the HTML book, every executed
notebook and (where Chromium is installed) both PDFs, which hold no path of the build. The
build manifest (build.json, shown in the appendix) records input hashes, parameters, package
versions and the lock file's hash; a data file that does not match its recorded hash stops the
build.
"""

from __future__ import annotations

import hashlib
import json
import os
import platform
import shutil
import subprocess
import sys
from importlib import metadata
from pathlib import Path
from urllib.parse import unquote

import pytest
from browser import CHROMIUM
from conftest import set_cell
from pages import parse

from talksbook.data import files, load
from talksbook.fingerprint import KEY_PACKAGES, LOCK_FILE
from talksbook.paths import DATA_DIR, PROJECT_ROOT
from talksbook.pdf import PDF_URI
from talksbook.pipeline import LANGUAGES, MANIFEST, BuildOptions, build_editions, edition_dir
from talksbook.plan import PDF_NAME
from talksbook.words import fmt_count

pytestmark = pytest.mark.slow
EPOCH = "1740009600"  # 2025-02-20 00:00 UTC
#: Whether the builds print their PDFs (Chromium is installed).
PRINTS = os.path.exists(CHROMIUM)


def snapshot(folder: Path) -> dict[str, str]:
    """Every file under ``folder`` with its SHA-256."""
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


@pytest.fixture(scope="module")
def twice(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """Two clean builds of the same inputs (both editions), into two different output folders."""
    outs = []
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", EPOCH)
        for jobs in (2, 1):
            out = tmp_path_factory.mktemp(f"reproducible-{jobs}") / "out"
            options = BuildOptions(
                DATA_DIR, out, jobs=jobs, force=True, pdf=PRINTS, report=lambda _: None
            )
            build_editions(options, ["en", "ar"])
            outs.append(out)
    return outs[0], outs[1]


def test_two_builds_are_byte_identical(twice: tuple[Path, Path]):
    first, second = twice
    html = snapshot(first / "html")
    assert len(html) > 20 and any(name.startswith("ar/") for name in html)
    assert html == snapshot(second / "html")


def test_two_builds_print_the_same_pdfs(twice: tuple[Path, Path]):
    if not PRINTS:
        pytest.skip("Chromium is not installed: no PDF")
    first, second = twice
    names = sorted(p.name for p in (first / "pdf").glob("*.pdf"))
    assert names == [f"{PDF_NAME}.ar.pdf", f"{PDF_NAME}.pdf"]
    for name in names:
        assert (first / "pdf" / name).read_bytes() == (second / "pdf" / name).read_bytes(), name


def test_the_pdfs_hold_no_build_path_and_link_to_published_files(twice: tuple[Path, Path]):
    if not PRINTS:
        pytest.skip("Chromium is not installed: no PDF")
    first, _ = twice
    for lang in LANGUAGES:
        edition = edition_dir(first, lang)
        (copy,) = edition.glob("*.pdf")
        data = copy.read_bytes()
        read = subprocess.run(
            ["pdftotext", "-enc", "UTF-8", str(copy), "-"],
            capture_output=True,
            text=True,
            check=True,
        )
        # (Poppler reads it without complaint: the cross-reference table was kept right.)
        assert read.stderr == "", (lang, read.stderr)
        shown = read.stdout
        for needle in (".stage-", str(first.parent), "file://"):
            assert needle.encode() not in data and needle not in shown, (lang, needle)
        assert "/tmp/" not in shown
        # Dated by SOURCE_DATE_EPOCH (2025-02-20 00:00 UTC), not by the time it was printed.
        for date in (b"/CreationDate", b"/ModDate"):
            assert date + b" (D:20250220000000+00'00')" in data, (lang, date)
        # Its links to files are relative: from the edition's folder, where the PDF is
        # published, each leads to a published file.
        links = [unquote(link.decode()) for link in PDF_URI.findall(data)]
        assert len(links) > 10 and "build.json" in links, (lang, links)
        for link in links:
            assert (edition / link).is_file(), (lang, link)


def test_executed_notebooks_are_byte_identical(twice: tuple[Path, Path]):
    first, second = twice
    notebooks = snapshot(first / "cache")
    pages = list((first / "html").glob("*.html"))
    # One per chapter and edition; not index, search, genindex.
    assert len(notebooks) == 2 * (len(pages) - 3)
    assert notebooks == snapshot(second / "cache")


def test_no_machine_or_output_path_inside(twice: tuple[Path, Path]):
    first, _ = twice
    forbidden = [str(first), str(first.parent), str(PROJECT_ROOT), str(DATA_DIR)]
    for folder in (first / "html", first / "cache"):
        for path in folder.rglob("*"):
            if path.is_file() and path.suffix in {".html", ".ipynb", ".json", ".js", ".txt"}:
                text = path.read_text(encoding="utf-8", errors="replace")
                for needle in forbidden:
                    assert needle not in text, (path, needle)


# --- the manifest ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def manifest(twice: tuple[Path, Path]) -> dict:
    return json.loads((twice[0] / "html" / MANIFEST).read_text(encoding="utf-8"))


def test_manifest_records_inputs_versions_and_lock(manifest: dict):
    # Every file the book reads from the package, and nothing else of its folder (its README
    # documents the package; nothing reads it).
    data = manifest["inputs"]["data"]
    read = [*load(DATA_DIR).files(), files.BASE_MAP]
    assert data == {
        name: hashlib.sha256((DATA_DIR / name).read_bytes()).hexdigest() for name in read
    }
    assert {"datapackage.json", "sources/article-ar.txt", "events.csv"} <= set(data)
    assert "README.md" not in data
    descriptor = json.loads((DATA_DIR / "datapackage.json").read_text(encoding="utf-8"))
    for resource in descriptor["resources"]:
        assert "sha256:" + data[resource["path"]] == resource["hash"]
    notebooks = manifest["inputs"]["notebooks"]
    assert set(notebooks) == {p.name for p in (PROJECT_ROOT / "notebooks").glob("*.ipynb")}
    assert {"_config.yml", "book/plan.yml"} <= set(manifest["inputs"]["book"])
    environment = manifest["environment"]
    assert environment["lock"] == hashlib.sha256(LOCK_FILE.read_bytes()).hexdigest()
    assert environment["python"] == platform.python_version()
    assert environment["packages"] == {name: metadata.version(name) for name in KEY_PACKAGES}
    assert manifest["parameters"] == {}
    assert manifest["source_date_epoch"] == EPOCH
    assert set(manifest["chapters"]) and len(manifest["key"]) == 64


def test_manifest_is_shown_in_the_appendix(manifest: dict, twice: tuple[Path, Path]):
    page = twice[0] / "html" / "technical-appendix.html"
    text = parse(page).plain
    assert "Build manifest" in text
    # The page counts the inputs and links the published manifest, which holds each hash.
    assert 'href="build.json"' in page.read_text(encoding="utf-8")
    published = json.loads((twice[0] / "html" / "build.json").read_text(encoding="utf-8"))
    assert published["inputs"] == manifest["inputs"]
    data = len(manifest["inputs"]["data"])
    assert f"{fmt_count(data)} files of the data package" in text
    for name, version in manifest["environment"]["packages"].items():
        assert f"{name} {version}" in text, name
    assert manifest["environment"]["lock"] in text
    assert f"SOURCE_DATE_EPOCH = {EPOCH} (2025-02-20 00:00:00 UTC)" in text


def test_parameters_enter_the_manifest(tmp_path: Path):
    from talksbook import fingerprint

    recorded = fingerprint.manifest({}, [], {"lang": "en", "date_to": "2025-02-28"})
    assert recorded["parameters"] == {"date_to": "2025-02-28", "lang": "en"}


def test_a_data_file_off_its_recorded_hash_stops_the_build(
    twice: tuple[Path, Path], package_dir: Path, tmp_path: Path
):
    out = tmp_path / "out"
    shutil.copytree(twice[0], out)
    before = snapshot(out / "html")
    set_cell(package_dir, "topics", "energy", "label_en", "Energy!", keep_hash=True)
    result = subprocess.run(
        [sys.executable, "-m", "talksbook", "build", "--data", str(package_dir), "--out", str(out)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1
    descriptor = package_dir / "datapackage.json"
    assert f"{descriptor}: topics: hash or bytes do not match" in result.stderr
    assert "nothing was built" in result.stderr
    assert snapshot(out / "html") == before
