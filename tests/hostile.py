"""A hostile data package for tests: payloads in every free-text cell of every table.

The payloads try every way data could become live in the book: HTML (script, event handler,
``javascript:`` link), MyST (``{{ … }}`` substitution, ``{include}``, ``{download}``, ``{raw}``,
``{eval-rst}``, colon fences), math, Markdown structure, a ``</script>`` that would end a chart's
script, and a shell command in a code fence. The package stays *valid*: ids, codes, dates and
offsets are untouched, so the build runs and the test can look at what it made of them.

Arabic columns that must be verbatim parts of their evidence (statements.text_ar and friends)
cannot hold a payload unless a source does, so a hostile source file is archived, with an
evidence row quoting its payload, and those columns cite it.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
from pathlib import Path

from talksbook.data.locate import occurrences
from talksbook.data.meaning import VERBATIM_IN_EVIDENCE
from talksbook.data.rehash import rehash
from talksbook.data.twins import TWINS

#: What evaluating "{{ 7*191 }}" would print.
EVALUATED = str(7 * 191)
#: Content of /etc/passwd that would show if a file were included.
PASSWD_LINE = "root:x:0:0"
SOURCE_ID = "hostile"
SOURCE_PATH = "sources/hostile.txt"
EVIDENCE_ID = "ev-hostile"


def payloads(marker: Path) -> list[str]:
    """Each payload on its own; ``marker`` is a file that a command, if ever run, would create."""
    return [
        "<script>window.__pwned=1</script>",
        '<img src=x onerror="window.__pwned=1">',
        '<a href="javascript:window.__pwned=1">link</a>',
        "javascript:window.__pwned=1",
        "[click](javascript:window.__pwned=1)",
        "{{ 7*191 }}",
        "{sub-ref}`today`",
        "```{include} /etc/passwd\n```",
        "{download}`/etc/passwd`",
        "```{raw} html\n<script>window.__pwned=1</script>\n```",
        "```{eval-rst}\n.. include:: /etc/passwd\n```",
        ":::{note}\nA colon fence\n:::",
        "$$\\input{/etc/passwd}$$",
        "</script><script>window.__pwned=1</script>",
        "# A heading\n\n| a | b |\n|---|---|\n| c | d |",
        f"```python\nimport os; os.system('touch {marker}')\n```",
        "<!-- a comment --><style>body{display:none}</style>",
        "&lt;script&gt; &amp;",
    ]


def payload(marker: Path) -> str:
    """Every payload in one text (what each hostile cell holds)."""
    return "\n".join(payloads(marker))


def _read(path: Path) -> list[list[str]]:
    return list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"), newline="")))


def _write(path: Path, rows: list[list[str]]) -> None:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    path.write_text(buffer.getvalue(), encoding="utf-8")


def _letters(number: int) -> str:
    """A row tag without digits (a digit would break the no-digit pattern of notes.text_en)."""
    tag = ""
    number += 1
    while number:
        number, rest = divmod(number - 1, 26)
        tag = chr(97 + rest) + tag
    return tag


def poison(folder: Path, marker: Path) -> str:
    """Turn the package in ``folder`` hostile; return the payload text."""
    text = payload(marker)
    descriptor = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
    resources = {r["name"]: r for r in descriptor["resources"]}

    # Aliases that occur in a source must be spelled so in it: each hostile alias (unique per
    # row, the table's key) gets a line of the hostile source.
    aliases = _read(folder / "aliases.csv")
    alias_column = aliases[0].index("alias")
    occurs_column = aliases[0].index("occurs_in")
    alias_values = [f"{text} {_letters(i)}" for i in range(len(aliases) - 1)]
    source_text = text + "\n" + "\n".join(alias_values) + "\n"
    source = folder / SOURCE_PATH
    source.write_text(source_text, encoding="utf-8")

    sources = _read(folder / "sources.csv")
    header = sources[0]
    row = dict.fromkeys(header, "")
    row.update(
        id=SOURCE_ID,
        kind="article",
        title="hostile",
        title_en="hostile",
        language="en",
        path=SOURCE_PATH,
        sha256=hashlib.sha256(source.read_bytes()).hexdigest(),
        reliability="F",
    )
    sources.append([row[c] for c in header])
    _write(folder / "sources.csv", sources)

    evidence = _read(folder / "evidence.csv")
    place = occurrences(source_text, text)[0]
    row = dict.fromkeys(evidence[0], "")
    row.update(
        id=EVIDENCE_ID,
        source_id=SOURCE_ID,
        line=str(place.line),
        start=str(place.start),
        end=str(place.end),
        kind="quote",
        exact=text,
        text_en="",
    )
    evidence.append([row[c] for c in evidence[0]])
    _write(folder / "evidence.csv", evidence)

    for name, resource in resources.items():
        path = folder / resource["path"]
        rows = _read(path)
        head = rows[0]
        schema = resource["schema"]
        keyed = {
            f
            for key in schema.get("foreignKeys", [])
            for f in ([key["fields"]] if isinstance(key["fields"], str) else key["fields"])
        }
        verbatim = VERBATIM_IN_EVIDENCE.get(name)
        for field in schema["fields"]:
            column, rules = field["name"], field.get("constraints", {})
            if field.get("type", "string") != "string" or "enum" in rules or column in keyed:
                continue
            if name == "evidence" and column == "exact":
                continue  # quotes must match their source; ev-hostile quotes the payload
            if name == "aliases" and column == "alias":
                continue  # done below, with the source
            if column == verbatim:
                continue  # done below, by citing ev-hostile
            index = head.index(column)
            value = f"{text} [{name}.{column}]"
            if column in TWINS.get(name, {}).values():
                value = f"نص {value}"  # an Arabic twin is written in Arabic (data.twins)
            if "pattern" in rules:
                value = re.sub(r"[0-9]", "", value)  # notes.text_en allows no digits
                if not re.fullmatch(rules["pattern"], value):
                    continue  # ids, codes, hashes: their payloads are refused (tested apart)
            for cells in rows[1:]:
                # A figure's label says which claims are about one quantity: keep them apart.
                own = f" {cells[index]}" if (name, column) == ("figures", "label_en") else ""
                cells[index] = value + own
        if verbatim:
            index, cite = head.index(verbatim), head.index("evidence_id")
            basis = head.index("basis") if "basis" in head else None
            for cells in rows[1:]:
                if basis is not None and cells[basis] == "resolved-weekday":
                    continue  # a resolved weekday must name its weekday
                cells[index], cells[cite] = text, EVIDENCE_ID
        if name == "aliases":
            for i, cells in enumerate(rows[1:]):
                cells[alias_column] = alias_values[i]
                if cells[occurs_column]:
                    cells[occurs_column] = SOURCE_ID
        _write(path, rows)
    rehash(folder)
    return text
