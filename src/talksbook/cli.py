"""The ``talksbook`` command: validate the data package, refresh its hashes, build the book."""

from __future__ import annotations

import argparse
import os
import signal
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any, NoReturn

from .paths import BUILD_DIR, DATA_DIR, DESCRIPTOR_NAME, PLAN_FILE


def _package_folder(command: argparse.ArgumentParser) -> None:
    """The optional folder argument every package command takes."""
    command.add_argument(
        "dir",
        nargs="?",
        type=Path,
        default=DATA_DIR,
        help="folder holding datapackage.json (default: %(default)s)",
    )


def _validate(args: argparse.Namespace) -> int:
    from .data import ValidationError, load
    from .data.formulas import formula_cells
    from .pipeline import LANGUAGES
    from .vocabulary import unphrased

    # A valid package whose coded values every edition can say: both are needed to build.
    # (load validates, and raises with every problem: the package is read once.)
    try:
        package = load(args.dir)
        problems = unphrased(package, LANGUAGES)
    except ValidationError as error:
        problems = error.problems
    for problem in problems:
        print(problem)
    if problems:
        print(f"{len(problems)} problem(s) found in {args.dir}.", file=sys.stderr)
        return 1
    for warning in formula_cells(package):
        print(f"warning: {warning}")
    print(f"{args.dir}: the data package is valid.")
    return 0


def _rehash(args: argparse.Namespace) -> int:
    from .data.files import UnsafeFile
    from .data.rehash import rehash

    try:
        changed = rehash(args.dir)
    except UnsafeFile as error:
        print(
            f"talksbook: {Path(args.dir) / error.path}: {error.problem}. Fix: {error.fix}",
            file=sys.stderr,
        )
        return 1
    print(f"updated hashes of: {', '.join(changed)}" if changed else "all hashes were current")
    return 0


def _upgrade(args: argparse.Namespace) -> int:
    from .data.upgrade import UpgradeError, upgrade

    try:
        done = upgrade(args.dir)
    except UpgradeError as error:
        return _fail(f"{error.where}: {error.problem}. Fix: {error.fix}", code=2)
    except OSError as error:
        return _fail(f"{error.filename or args.dir}: cannot be written ({error.strerror or error})")
    if not done.changes:
        print(f"{done.folder}: already at schema version {done.to_version}; nothing to change")
        return 0
    descriptor = done.folder / DESCRIPTOR_NAME
    for change in done.changes:
        print(f"{descriptor}: {change}")
    print(
        f"{done.folder}: upgraded from schema version {done.from_version} to {done.to_version} "
        f"({len(done.changes)} change(s)); next: talksbook validate {done.folder}"
    )
    return 0


def _locate(args: argparse.Namespace) -> int:
    from .data.files import UnsafeFile
    from .data.locate import occurrences, source_text

    try:
        path, text = source_text(Path(args.dir), args.source)
    except KeyError as error:
        print(f"talksbook: {error.args[0]}", file=sys.stderr)
        return 2
    except UnsafeFile as error:
        print(
            f"talksbook: {Path(args.dir) / error.path}: {error.problem}. Fix: {error.fix}",
            file=sys.stderr,
        )
        return 1
    except UnicodeDecodeError:
        print(f"talksbook: {args.dir}: the source is not UTF-8 text", file=sys.stderr)
        return 1
    found = occurrences(text, args.quote)
    if not found:
        print(
            f"talksbook: the quote does not occur verbatim in {Path(args.dir) / path}",
            file=sys.stderr,
        )
        return 1
    for place in found:
        print(f"line={place.line} start={place.start} end={place.end}")
    return 0


class Terminated(KeyboardInterrupt):
    """SIGTERM, raised like Ctrl-C so that every cleanup path for an interruption runs."""


def _terminate(signum: int, frame: object) -> None:
    raise Terminated


def _build(args: argparse.Namespace) -> int:
    from .data import ValidationError
    from .execute import NotebookFailed
    from .pdf import ChromiumMissing
    from .pipeline import BuildFailed, BuildOptions, build_editions

    try:
        parameters = _parameters(args.params)
    except BadParameters as error:
        return _fail(str(error), code=2)
    # Progress is for people watching; logs and pipes get only the summary and errors.
    progress = sys.stderr.isatty()
    options = BuildOptions(
        data=args.data,
        out=args.out,
        parameters=parameters,
        jobs=args.jobs,
        force=args.force,
        pdf=args.pdf,
        timeout=args.cell_timeout,
        plan_file=args.plan,
        report=(lambda line: print(line, file=sys.stderr, flush=True))
        if progress
        else (lambda line: None),
    )
    # `kill`, systemd and CI runners stop a build with SIGTERM, whose default action would end
    # the process at once and leave the staging folder behind.
    previous = signal.signal(signal.SIGTERM, _terminate)
    try:
        results = build_editions(options, args.lang)
    except ValidationError as error:
        for problem in error.problems:
            print(problem, file=sys.stderr)
        return _fail(f"the data package has {len(error.problems)} problem(s); nothing was built")
    except (NotebookFailed, BuildFailed, ChromiumMissing) as error:
        return _fail(f"build failed: {error}")
    except Terminated as error:
        return _fail(f"terminated (SIGTERM); {_left(error)}", code=143)
    except KeyboardInterrupt as error:
        return _fail(f"interrupted; {_left(error)}", code=130)
    except OSError as error:
        return _fail(
            f"build failed: {error.strerror or error}: {error.filename or ''}".rstrip(": ")
        )
    finally:
        signal.signal(signal.SIGTERM, previous)
    for result in results:
        lang = result.lang
        state = (
            "up to date"
            if result.up_to_date
            else (f"{result.executed} notebook(s) executed, {result.cached} cached")
        )
        if result.rebuilt:
            state += "; rebuilt with the others: it was published from other inputs"
        print(
            f"[{lang}] Built {result.pages} pages with {result.charts} charts in "
            f"{result.seconds:.1f} s ({state}); 0 warnings.\n"
            f"[{lang}] The book is at {result.html / 'index.html'}"
        )
        if result.pdf:
            print(f"[{lang}] The PDF is at {result.pdf}")
    return 0


def _left(interruption: BaseException) -> str:
    """What an interrupted build left published: the old book, or (stopped after the swap,
    while tidying up) the new one; either way every edition of one build."""
    from .pipeline import PUBLISHED_NOTE

    if PUBLISHED_NOTE in getattr(interruption, "__notes__", ()):
        return (
            "the new book had already been published, every edition of it; "
            "the next build removes what this one left"
        )
    return "the published book was left as it was"


def _fail(message: str, code: int = 1) -> int:
    print(f"talksbook: {message}", file=sys.stderr)
    return code


class BadParameters(ValueError):
    """A parameters file that cannot be used; the message names the file and the fix."""


def _parameters(path: Path | None) -> dict[str, str | None]:
    """Notebook parameters from a YAML file (keys: date_from, date_to), checked before any
    work starts."""
    if path is None:
        return {}
    import yaml

    from .scope import WindowError, check_window

    try:
        values = yaml.load(path.read_text(encoding="utf-8"), Loader=_parameters_loader()) or {}
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as error:
        detail = " ".join(str(error).split())
        raise BadParameters(
            f"{path}: cannot be read as a YAML mapping ({detail}). Fix: write lines such as "
            "'date_from: 2025-02-10'"
        ) from None
    unknown = set(values) - set(PARAMETERS) if isinstance(values, dict) else {"(not a mapping)"}
    if unknown:
        hint = "; the language is chosen with --lang" if "lang" in unknown else ""
        raise BadParameters(
            f"{path}: unknown parameter(s) {sorted(unknown)}; "
            f"allowed: {', '.join(PARAMETERS)}{hint}"
        )
    parameters: dict[str, str | None] = {
        str(key): None if value is None else str(value) for key, value in values.items()
    }
    try:
        check_window(parameters.get("date_from"), parameters.get("date_to"))
    except WindowError as error:
        raise BadParameters(f"{path}: {error}") from None
    return parameters


PARAMETERS = ("date_from", "date_to")


def _parameters_loader() -> type:
    """Safe YAML with two more refusals: no dates (a date is checked as the text it is, so
    that 2025-02-30 gets its own message) and no aliases (a few hundred bytes of aliases can
    expand to gigabytes)."""
    import yaml

    class Loader(yaml.SafeLoader):
        def compose_node(self, parent: Any, index: Any) -> Any:
            if self.check_event(yaml.AliasEvent):
                raise yaml.composer.ComposerError(
                    None, None, "aliases are not allowed", self.peek_event().start_mark
                )
            return super().compose_node(parent, index)

    timestamp = "tag:yaml.org,2002:timestamp"
    Loader.yaml_implicit_resolvers = {
        first: [(tag, pattern) for tag, pattern in resolvers if tag != timestamp]
        for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
    }
    return Loader


def _languages(text: str) -> list[str]:
    from .pipeline import LANGUAGES

    chosen = [part.strip() for part in text.split(",") if part.strip()]
    wrong = [lang for lang in chosen if lang not in LANGUAGES]
    if not chosen or wrong:
        raise argparse.ArgumentTypeError(
            f"{text!r}: choose from {', '.join(LANGUAGES)}, or several joined by commas"
        )
    return list(dict.fromkeys(chosen))


def _positive(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError("must be 1 or more")
    return value


class _Parser(argparse.ArgumentParser):
    """Bad arguments get one line, not a usage dump: say what is wrong and where to look."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: {message} (see `{self.prog} --help`)\n")


def parser() -> argparse.ArgumentParser:
    """The command-line interface, with help a newcomer can follow."""
    main = _Parser(
        prog="talksbook",
        description="Build the analytical book on the February 2025 US–Russia talks on Ukraine "
        "from its data package.",
    )
    commands = main.add_subparsers(dest="command", required=True, metavar="COMMAND")

    check = commands.add_parser(
        "validate",
        help="check a data package and list every problem as file:line: column",
        description="Check the data package: schema, keys, provenance of every quote, hashes, "
        "dates and hidden characters. Exits 0 only when the package is valid.",
    )
    _package_folder(check)
    check.set_defaults(run=_validate)

    data = commands.add_parser("data", help="maintain the data package")
    data_commands = data.add_subparsers(dest="data_command", required=True, metavar="ACTION")
    refresh = data_commands.add_parser(
        "rehash",
        help="refresh each file's sha256 hash and size in datapackage.json",
        description="After an intentional edit of a CSV, write its new hash and size into "
        "datapackage.json. Archived sources are never rehashed: they must not change.",
    )
    _package_folder(refresh)
    refresh.set_defaults(run=_rehash)
    migrate = data_commands.add_parser(
        "upgrade",
        help="bring a package written for an earlier schema version up to this one",
        description="Migrate a data package written for an earlier schema version (the "
        "talksbook_schema property of datapackage.json; none recorded is version 1) to the "
        "version this talksbook reads, and print each change. Files are replaced only when "
        "every step has succeeded. Exits 2 for a folder that holds no data package or a "
        "package newer than this talksbook.",
    )
    _package_folder(migrate)
    migrate.set_defaults(run=_upgrade)
    locate = data_commands.add_parser(
        "locate",
        help="print the line and offsets of a quote in an archived source",
        description="Print line, start and end (code points, end exclusive) of every verbatim "
        "occurrence of QUOTE in the source SOURCE_ID: the values an evidence row needs.",
    )
    locate.add_argument("source", metavar="SOURCE_ID", help="id of the source in sources.csv")
    locate.add_argument("quote", metavar="QUOTE", help="the exact words, in quotes")
    locate.add_argument(
        "--dir",
        type=Path,
        default=DATA_DIR,
        help="folder holding the data package (default: %(default)s)",
    )
    locate.set_defaults(run=_locate)

    make = commands.add_parser(
        "build",
        help="validate the data, execute the chapter notebooks and build the HTML book",
        description="Validate the data package, execute every chapter notebook with Papermill "
        "(one chapter per meeting in the data), and build the HTML book with Jupyter Book. "
        "The new book, every edition at once, replaces OUT/html only when the whole build "
        "has succeeded.",
    )
    make.add_argument(
        "--data",
        type=Path,
        default=DATA_DIR,
        metavar="DIR",
        help="data package folder (default: %(default)s)",
    )
    make.add_argument(
        "--out",
        type=Path,
        default=BUILD_DIR,
        metavar="DIR",
        help="output folder; the book goes to DIR/html (default: %(default)s)",
    )
    make.add_argument(
        "--params",
        type=Path,
        metavar="FILE",
        help="YAML file of notebook parameters: date_from, date_to",
    )
    make.add_argument(
        "--plan",
        type=Path,
        default=PLAN_FILE,
        metavar="FILE",
        help="the book plan: title, opening page and chapter order (default: %(default)s)",
    )
    make.add_argument(
        "--lang",
        type=_languages,
        default=["en"],
        metavar="LANG[,LANG]",
        help="edition(s) to build: en (OUT/html), ar (the Arabic edition, OUT/html/ar), or "
        "en,ar for both; pages link to the same page in the other edition, and an edition "
        "already published from other inputs is rebuilt too (default: en)",
    )
    make.add_argument(
        "--jobs",
        type=_positive,
        default=os.cpu_count() or 1,
        metavar="N",
        help="notebooks executed at once (default: the number of cores, %(default)s)",
    )
    make.add_argument(
        "--pdf",
        action="store_true",
        help="also print the book to OUT/pdf/ with Chromium (apt-get install chromium)",
    )
    make.add_argument(
        "--force",
        action="store_true",
        help="execute every notebook and rebuild even if nothing changed",
    )
    make.add_argument(
        "--cell-timeout",
        type=_positive,
        default=600,
        metavar="SECONDS",
        help="stop a notebook cell that runs longer (default: %(default)s)",
    )
    make.set_defaults(run=_build)
    return main


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of ``talksbook`` and ``python -m talksbook``."""
    args = parser().parse_args(argv)
    return int(args.run(args))


if __name__ == "__main__":
    sys.exit(main())
