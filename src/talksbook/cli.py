"""The ``talksbook`` command: validate the data package, refresh its hashes, build the book."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from .paths import DATA_DIR


def _validate(args: argparse.Namespace) -> int:
    from .data import validate

    problems = validate(args.dir)
    for problem in problems:
        print(problem)
    if problems:
        print(f"{len(problems)} problem(s) found in {args.dir}.", file=sys.stderr)
        return 1
    print(f"{args.dir}: the data package is valid.")
    return 0


def _rehash(args: argparse.Namespace) -> int:
    from .data.rehash import rehash

    changed = rehash(args.dir)
    print(f"updated hashes of: {', '.join(changed)}" if changed else "all hashes were current")
    return 0


def _locate(args: argparse.Namespace) -> int:
    from .data.locate import occurrences, source_path

    try:
        path = source_path(args.dir, args.source)
    except KeyError as error:
        print(f"talksbook: {error.args[0]}", file=sys.stderr)
        return 2
    found = occurrences(path.read_text(encoding="utf-8"), args.quote)
    if not found:
        print(f"talksbook: the quote does not occur verbatim in {path}", file=sys.stderr)
        return 1
    for place in found:
        print(f"line={place.line} start={place.start} end={place.end}")
    return 0


def parser() -> argparse.ArgumentParser:
    """The command-line interface, with help a newcomer can follow."""
    main = argparse.ArgumentParser(
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
    check.add_argument(
        "dir",
        nargs="?",
        type=Path,
        default=DATA_DIR,
        help="folder holding datapackage.json (default: %(default)s)",
    )
    check.set_defaults(run=_validate)

    data = commands.add_parser("data", help="maintain the data package")
    data_commands = data.add_subparsers(dest="data_command", required=True, metavar="ACTION")
    refresh = data_commands.add_parser(
        "rehash",
        help="refresh each file's sha256 hash and size in datapackage.json",
        description="After an intentional edit of a CSV, write its new hash and size into "
        "datapackage.json. Archived sources are never rehashed: they must not change.",
    )
    refresh.add_argument(
        "dir",
        nargs="?",
        type=Path,
        default=DATA_DIR,
        help="folder holding datapackage.json (default: %(default)s)",
    )
    refresh.set_defaults(run=_rehash)
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
    return main


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of ``talksbook`` and ``python -m talksbook``."""
    args = parser().parse_args(argv)
    return int(args.run(args))


if __name__ == "__main__":
    sys.exit(main())
