"""The benchmark: build times, memory and page weight, shipped book and synthetic data.

One run, on one machine, measures:

* the shipped book: a full build (empty cache), a no-change rebuild, and the baseline (the
  same notebooks built by Jupyter Book alone, serially: ``benchmarks/plain.py``);
* for each scale (synthetic packages from ``benchmarks/synth.py``): validation time, build
  time per stage (validate, execute, Jupyter Book, PDF), peak memory (RSS summed over the
  whole process tree: the build, its kernels, Jupyter Book, Chromium), total HTML bytes, the
  largest page with the JavaScript it loads, and the Vega bundle's bytes;

prints a table, checks the targets, and writes ``benchmarks/results.json``.

    python benchmarks/run.py                      # everything (the 100,000-event build is long)
    python benchmarks/run.py --scales 1000 10000  # a quicker run
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import psutil

HERE = Path(__file__).resolve().parent
PROJECT_ROOT = HERE.parent
WORK = HERE / "_work"
RESULTS = HERE / "results.json"
SCALES = (1_000, 10_000, 100_000)
SEED = 0
BUNDLE = "vega-bundle.js"
SKIPPED_PAGES = {"search.html", "genindex.html", "index.html"}

# Targets from the issue: (name, limit, how the value compares).
TARGETS = {
    "cached_over_full": 0.15,
    "full_over_baseline": 0.75,
    "largest_page_mb_100k": 2.0,
    "peak_rss_mb_100k": 2048,
    "validate_s_100k": 10.0,
    "build_growth_over_data_growth": 1.0,
}


def say(message: str) -> None:
    """Progress, as the run goes (the whole benchmark takes a while)."""
    print(f"[{time.strftime('%H:%M:%S')}] {message}", flush=True)


# --- measuring -------------------------------------------------------------------------------


@dataclass
class Measured:
    """A finished command: wall time, peak memory of its process tree, output, and the
    peak reached in each phase its progress lines mark (see ``phases``)."""

    seconds: float
    peak_rss_mb: float
    peak_pss_mb: float
    stdout: str
    phase_peaks_mb: dict[str, float]


def measure(
    command: Sequence[str], *, phases: Sequence[tuple[str, str]] = (), interval: float = 0.2
) -> Measured:
    """Run ``command``, sampling the memory of it and all its descendants until it ends.

    RSS is summed over the tree (kernels, Jupyter Book and Chromium are separate processes),
    as the issue asks; it counts pages shared between processes once per process, which
    overstates Chromium's many processes in particular, so PSS (shared pages divided among
    the processes sharing them) is recorded too. ``phases`` are (name, first words of a
    progress line on stderr): each sample is credited to the phase last announced.
    """
    started = time.monotonic()
    process = subprocess.Popen(
        list(command), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    phase = ["start"]
    peaks: dict[str, float] = {}
    errors: list[str] = []
    peak_rss = peak_pss = 0
    stop = threading.Event()

    def read_progress() -> None:
        assert process.stderr is not None
        for line in process.stderr:
            errors.append(line)
            for name, words in phases:
                if line.startswith(words):
                    phase[0] = name

    def sample() -> None:
        nonlocal peak_rss, peak_pss
        root = psutil.Process(process.pid)
        while not stop.is_set():
            try:
                tree = [root, *root.children(recursive=True)]
            except psutil.Error:
                break
            rss = pss = 0
            for member in tree:
                # A process may end between the listing and the reading.
                with contextlib.suppress(psutil.Error):
                    info = member.memory_full_info()
                    rss += info.rss
                    pss += info.pss
            peak_rss, peak_pss = max(peak_rss, rss), max(peak_pss, pss)
            peaks[phase[0]] = max(peaks.get(phase[0], 0), rss)
            stop.wait(interval)

    threads = [threading.Thread(target=f, daemon=True) for f in (read_progress, sample)]
    for thread in threads:
        thread.start()
    assert process.stdout is not None
    stdout = process.stdout.read()
    process.wait()
    seconds = time.monotonic() - started
    stop.set()
    for thread in threads:
        thread.join()
    if process.returncode != 0:
        tail = "\n".join((stdout + "".join(errors)).strip().splitlines()[-30:])
        raise RuntimeError(f"{' '.join(command)} failed (exit {process.returncode}):\n{tail}")
    return Measured(
        seconds,
        peak_rss / 2**20,
        peak_pss / 2**20,
        stdout,
        {k: round(v / 2**20) for k, v in peaks.items()},
    )


# The build's progress lines that open each phase (talksbook.pipeline reports them).
BUILD_PHASES = (
    ("jupyter_book", "Jupyter Book: building HTML"),
    ("pdf", "Jupyter Book: building the single page"),
)


def python(*args: str) -> list[str]:
    return [sys.executable, *args]


def talksbook(*args: str) -> list[str]:
    return [str(Path(sys.executable).parent / "talksbook"), *args]


class Scripts(HTMLParser):
    """The local scripts a page loads (``<script src>``), in order."""

    def __init__(self) -> None:
        super().__init__()
        self.sources: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        src = dict(attrs).get("src")
        if tag == "script" and src:
            self.sources.append(src)


def page_weights(html: Path) -> dict[str, Any]:
    """Bytes of every page, the heaviest with the JavaScript it loads, and how often each page
    loads the Vega bundle (it must be once, from _static, whatever the number of charts)."""
    pages = sorted(p for p in html.glob("*.html") if p.name not in SKIPPED_PAGES)
    weights, bundle_loads, external = {}, {}, []
    for page in pages:
        parser = Scripts()
        parser.feed(page.read_text(encoding="utf-8"))
        scripts = 0
        for src in dict.fromkeys(parser.sources):  # a browser fetches a URL once per page
            if re.match(r"^[a-z]+:|^//", src):
                external.append(f"{page.name}: {src}")
                continue
            file = (page.parent / src.split("?")[0].split("#")[0]).resolve()
            scripts += file.stat().st_size if file.is_file() else 0
        weights[page.name] = page.stat().st_size + scripts
        bundle_loads[page.name] = sum(Path(s.split("?")[0]).name == BUNDLE for s in parser.sources)
    heaviest = max(weights, key=weights.__getitem__)
    bundle = html / "_static" / BUNDLE
    return {
        "pages": len(pages),
        "total_html_bytes": sum(p.stat().st_size for p in pages),
        "largest_page": heaviest,
        "largest_page_bytes": weights[heaviest],
        "largest_page_html_bytes": (html / heaviest).stat().st_size,
        "vega_js_bytes": bundle.stat().st_size if bundle.is_file() else 0,
        "bundle_loads_per_page": sorted(set(bundle_loads.values())),
        "external_scripts": external,
    }


# --- the runs --------------------------------------------------------------------------------


def build_once(data: Path, out: Path, *, force: bool, pdf: bool) -> dict[str, Any]:
    """One build through the pipeline's API in a fresh process (see ``_build`` below)."""
    command = python(str(Path(__file__)), "_build", str(data), str(out))
    command += ["--force"] if force else []
    command += ["--pdf"] if pdf else []
    run = measure(command, phases=BUILD_PHASES)
    result = json.loads(run.stdout.strip().splitlines()[-1])
    return {
        **result,
        "wall_s": round(run.seconds, 2),
        "peak_rss_mb": round(run.peak_rss_mb),
        "peak_pss_mb": round(run.peak_pss_mb),
        # Before Jupyter Book starts: validation and the notebook kernels.
        "peak_rss_mb_by_phase": {"validate_execute": run.phase_peaks_mb.pop("start", 0)}
        | run.phase_peaks_mb,
    }


def shipped(pdf: bool) -> dict[str, Any]:
    """Full build, no-change rebuild and the plain baseline, of the shipped book."""
    out = WORK / "shipped"
    shutil.rmtree(out, ignore_errors=True)
    say("shipped book: full build (empty cache) …")
    full = build_once(PROJECT_ROOT / "data", out, force=True, pdf=False)
    say(f"  {full['wall_s']} s")
    say("shipped book: no-change rebuild …")
    cached = measure(talksbook("build", "--data", str(PROJECT_ROOT / "data"), "--out", str(out)))
    say(f"  {cached.seconds:.2f} s")
    say("shipped book: baseline (plain jupyter-book build, serial, execute_notebooks: force) …")
    baseline = measure(python(str(HERE / "plain.py"), "--folder", str(WORK / "plain")))
    # The baseline is the jupyter-book run alone (plain.py times it), not the copying of the
    # notebooks before it: the stricter comparison for the pipeline.
    plain_s = json.loads(baseline.stdout.strip().splitlines()[-1])["seconds"]
    say(f"  {plain_s:.1f} s")
    result: dict[str, Any] = {
        "full_build_s": full["wall_s"],
        "cached_build_s": round(cached.seconds, 2),
        "baseline_build_s": plain_s,
        "full_build": full,
        "baseline_wall_s": round(baseline.seconds, 2),
        "baseline_peak_rss_mb": round(baseline.peak_rss_mb),
    }
    if pdf:
        say("shipped book: full build with the PDF …")
        shutil.rmtree(out, ignore_errors=True)
        result["full_build_with_pdf"] = build_once(PROJECT_ROOT / "data", out, force=True, pdf=True)
    return result


def scale(events: int, pdf: bool) -> dict[str, Any]:
    """Generate a package of ``events`` events, validate it, build it with its PDF."""
    data = WORK / f"synth-{events}"
    say(f"{events:,} events: generating the package …")
    measure(python(str(HERE / "synth.py"), "--events", str(events), "--out", str(data)))
    say(f"{events:,} events: validating …")
    timed = measure(python(str(Path(__file__)), "_validate", str(data)))
    validate_s = json.loads(timed.stdout.strip().splitlines()[-1])["seconds"]
    say(f"  {validate_s} s")
    out = WORK / f"out-{events}"
    shutil.rmtree(out, ignore_errors=True)
    say(f"{events:,} events: building{' with the PDF' if pdf else ''} …")
    built = build_once(data, out, force=True, pdf=pdf)
    say(f"  {built['wall_s']} s, peak {built['peak_rss_mb']} MB, stages {built['timings']}")
    return {
        "events": events,
        "validate_s": validate_s,
        "build_s": built["wall_s"],
        "stages_s": built["timings"],
        "peak_rss_mb": built["peak_rss_mb"],
        "peak_pss_mb": built["peak_pss_mb"],
        "peak_rss_mb_by_phase": built["peak_rss_mb_by_phase"],
        "chapters": built["pages"],
        "charts": built["charts"],
        **page_weights(out / "html"),
    }


def machine() -> dict[str, Any]:
    model = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return {
        "cpu": model,
        "cores": os.cpu_count(),
        "memory_gb": round(psutil.virtual_memory().total / 2**30, 1),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "load_average_at_start": [round(x, 2) for x in os.getloadavg()],
    }


def targets(results: dict[str, Any]) -> dict[str, Any]:
    """Each target of the issue with its measured value and whether it is met."""
    by_events = {s["events"]: s for s in results.get("scale", [])}
    checks: dict[str, tuple[float | None, float]] = {}
    if "full_build_s" in results:
        checks["cached_over_full"] = (
            results["cached_build_s"] / results["full_build_s"],
            TARGETS["cached_over_full"],
        )
        checks["full_over_baseline"] = (
            results["full_build_s"] / results["baseline_build_s"],
            TARGETS["full_over_baseline"],
        )
    big = by_events.get(100_000)
    if big:
        checks["largest_page_mb_100k"] = (
            big["largest_page_bytes"] / 1e6,
            TARGETS["largest_page_mb_100k"],
        )
        checks["peak_rss_mb_100k"] = (big["peak_rss_mb"], TARGETS["peak_rss_mb_100k"])
        # The same, leaving out the PDF phase (Chromium): the HTML book alone.
        html_only = max(v for k, v in big["peak_rss_mb_by_phase"].items() if k != "pdf")
        checks["peak_rss_mb_100k_html_only"] = (html_only, TARGETS["peak_rss_mb_100k"])
        checks["validate_s_100k"] = (big["validate_s"], TARGETS["validate_s_100k"])
        if 10_000 in by_events:
            # Time grows no faster than the data: (t100k / t10k) / (100k / 10k) <= 1.
            ratio = big["build_s"] / by_events[10_000]["build_s"] / 10
            checks["build_growth_over_data_growth"] = (
                ratio,
                TARGETS["build_growth_over_data_growth"],
            )
    return {
        name: {"value": round(value, 3), "limit": limit, "met": value <= limit}
        for name, (value, limit) in checks.items()
        if value is not None
    }


def table(results: dict[str, Any]) -> str:
    """The results as a plain-text table."""
    lines = []
    if "full_build_s" in results:
        lines += [
            "shipped book                 seconds",
            f"  full build (empty cache)   {results['full_build_s']:8.2f}",
            f"  no-change rebuild          {results['cached_build_s']:8.2f}",
            f"  baseline (plain, serial)   {results['baseline_build_s']:8.2f}",
            "",
        ]
    if results.get("scale"):
        head = (
            f"{'events':>8} {'valid.':>7} {'build':>7} {'exec':>7} {'jbook':>7} {'pdf':>7} "
            f"{'RSS MB':>7} {'PSS MB':>7} {'pages':>6} {'HTML MB':>8} {'largest page (+JS)':>26}"
        )
        lines.append(head)
        for s in results["scale"]:
            st = s["stages_s"]
            lines.append(
                f"{s['events']:>8,} {s['validate_s']:>7.2f} {s['build_s']:>7.1f} "
                f"{st.get('execute', 0):>7.1f} {st.get('jupyter_book', 0):>7.1f} "
                f"{st.get('pdf', 0):>7.1f} {s['peak_rss_mb']:>7,} {s['peak_pss_mb']:>7,} "
                f"{s['pages']:>6} "
                f"{s['total_html_bytes'] / 1e6:>8.2f} "
                f"{s['largest_page']:>16} {s['largest_page_bytes'] / 1e6:>6.2f} MB"
            )
        lines.append(
            f"Vega bundle: {results['scale'][0]['vega_js_bytes']:,} bytes, loaded once "
            "per page from _static/ (cached by the browser across pages)"
        )
    if results.get("targets"):
        lines.append("")
        for name, t in results["targets"].items():
            mark = "met" if t["met"] else "MISSED"
            lines.append(f"  {name:32} {t['value']:>10} (limit {t['limit']}) {mark}")
    return "\n".join(lines)


# --- subcommands run in a fresh process ------------------------------------------------------


def _build(argv: list[str]) -> int:
    """``run.py _build DATA OUT [--force] [--pdf]``: build, print the result as JSON."""
    from talksbook.pipeline import BuildOptions, build

    data, out = Path(argv[0]), Path(argv[1])
    result = build(
        BuildOptions(
            data=data,
            out=out,
            force="--force" in argv,
            pdf="--pdf" in argv,
            report=lambda line: print(line, file=sys.stderr, flush=True),
        )
    )
    print(
        json.dumps(
            {
                "seconds": round(result.seconds, 2),
                "timings": {k: round(v, 2) for k, v in result.timings.items()},
                "pages": result.pages,
                "charts": result.charts,
                "executed": result.executed,
                "cached": result.cached,
                "up_to_date": result.up_to_date,
            }
        )
    )
    return 0


def _validate(argv: list[str]) -> int:
    """``run.py _validate DATA``: time talksbook.data.validate (imports included)."""
    started = time.monotonic()
    from talksbook.data import validate

    problems = validate(argv[0])
    seconds = time.monotonic() - started
    if problems:
        print("\n".join(map(str, problems[:20])), file=sys.stderr)
        return 1
    print(json.dumps({"seconds": round(seconds, 2)}))
    return 0


COMMANDS: dict[str, Callable[[list[str]], int]] = {"_build": _build, "_validate": _validate}


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark (see the module docstring)."""
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv and argv[0] in COMMANDS:
        return COMMANDS[argv[0]](argv[1:])
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--scales", type=int, nargs="*", default=list(SCALES), help="events per synthetic package"
    )
    parser.add_argument("--no-shipped", action="store_true", help="skip the shipped-book runs")
    parser.add_argument("--no-pdf", action="store_true", help="build HTML only")
    parser.add_argument("--out", type=Path, default=RESULTS, help="results file")
    args = parser.parse_args(argv)
    pdf = not args.no_pdf and Path("/usr/bin/chromium").exists()
    WORK.mkdir(exist_ok=True)
    results: dict[str, Any] = {"machine": machine(), "seed": SEED}
    say(f"machine: {results['machine']}")
    if not args.no_shipped:
        results.update(shipped(pdf))
    results["scale"] = [scale(n, pdf) for n in args.scales]
    results["machine"]["load_average_at_end"] = [round(x, 2) for x in os.getloadavg()]
    results["targets"] = targets(results)
    args.out.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print()
    print(table(results))
    say(f"results written to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
