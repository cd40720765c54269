"""Who speaks, and who is only spoken about?"""

from __future__ import annotations

import pandas as pd

from ..arabic import count_mentions
from ..data import Package

__all__ = ["mention_sources", "voices"]


def mention_sources(pkg: Package) -> list[str]:
    """The sources whose text mentions are counted in: every archived article, in the order
    of the sources table."""
    sources = pkg["sources"]
    return [s for s in sources[sources["kind"] == "article"]["id"] if s in pkg.texts]


def voices(pkg: Package, source_ids: list[str] | None = None) -> pd.DataFrame:
    """One row per actor, in the order of the actors table: how often its names (every alias)
    occur in the sources (by default every archived article; ``source_ids`` to choose), how
    many statements it makes, and whether it speaks at all."""
    actors = pkg["actors"]["id"]
    aliases = pkg["aliases"]
    pairs = list(zip(aliases["actor_id"], aliases["alias"], strict=True))
    mentions = dict.fromkeys(actors, 0)
    for source in (mention_sources(pkg) if source_ids is None else source_ids) if pairs else []:
        for actor, count in count_mentions(pkg.texts[source], pairs).items():
            mentions[actor] = mentions.get(actor, 0) + count
    spoken = pkg["statements"]["speaker_id"].value_counts()
    frame = pd.DataFrame({"actor_id": list(mentions), "mentions": list(mentions.values())})
    statements = frame["actor_id"].map(spoken).fillna(0).astype(int)
    return frame.assign(statements=statements, speaks=statements > 0)
