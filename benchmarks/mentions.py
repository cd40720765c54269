"""How mention counting grows with the number of actors (issue 15, item 6).

Counts the mentions of N actors (two aliases each, a third of them two words long) in a text
that grows with N (sixty words per actor, a fifth of them aliases, some after proclitics), for
N in 500 … 10,000, and prints the seconds each count took. The count used to grow with text x
aliases (the square of N); it is linear now: the time per actor stays flat.

    .venv/bin/python benchmarks/mentions.py [N ...]
"""

from __future__ import annotations

import random
import sys
import time

from talksbook.arabic import count_mentions

LETTERS = "ابتثجحخدذرزسشصضطظعغفقكلمنهوي"


def corpus(n: int, seed: int = 1) -> tuple[str, list[tuple[str, str]]]:
    """A text and the aliases of ``n`` actors, the same for the same ``n`` and ``seed``."""
    rng = random.Random(seed)

    def word() -> str:
        return "".join(rng.choice(LETTERS) for _ in range(rng.randint(3, 7)))

    aliases: list[tuple[str, str]] = []
    seen: set[str] = set()
    while len(aliases) < 2 * n:
        alias = f"{word()} {word()}" if rng.random() < 0.3 else word()
        if alias not in seen:
            seen.add(alias)
            aliases.append((f"actor-{len(aliases) // 2}", alias))
    words = [
        rng.choice(["و", "ب", "ال", ""]) + rng.choice(aliases)[1] if rng.random() < 0.2 else word()
        for _ in range(60 * n)
    ]
    return " ".join(words), aliases


def main(sizes: list[int]) -> None:
    print(f"{'actors':>8} {'mentions':>9} {'seconds':>8} {'ms/actor':>9}")
    for n in sizes:
        text, aliases = corpus(n)
        started = time.perf_counter()
        found = sum(count_mentions(text, aliases).values())
        seconds = time.perf_counter() - started
        print(f"{n:>8} {found:>9} {seconds:>8.2f} {1000 * seconds / n:>9.2f}")


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [500, 1000, 2000, 4000, 10000])
