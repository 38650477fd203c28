"""Benchmark: a card's issuer by longest-prefix match, against a linear scan of the same table.

Cards are drawn from the shipped table's BINs (and one in ten from unknown 68xxxx prefixes), with a
1,000-row overlay of the center's own rows in force for the second figure. Prints lookups per second
and the ratio to a linear scan over every row (the baseline: longest matching prefix found by
looking at each row), measured in the same run.

    python benchmarks/bench_bin_lookup.py [--cards 20000 --seed 1]
"""

from __future__ import annotations

import argparse
import random
import time
from collections.abc import Callable

from antifraud.identifiers import luhn_check_digit
from antifraud.identifiers.bankcards import BinEntry, bin_table, lookup_bin, overlay_entries, set_overlay


def _cards(n: int, rng: random.Random) -> list[str]:
    rows = bin_table()
    out = []
    for _ in range(n):
        prefix = rng.choice(rows).bin if rng.random() < 0.9 else f"68{rng.randrange(10_000):04d}"
        body = prefix + "".join(str(rng.randrange(10)) for _ in range(18 - len(prefix)))
        out.append(body + luhn_check_digit(body))
    return out


def _linear(number: str) -> BinEntry | None:
    best: BinEntry | None = None
    for row in bin_table():
        if number.startswith(row.bin) and (best is None or len(row.bin) > len(best.bin)):
            best = row
    return best


def _rate(fn: Callable[[str], object], cards: list[str]) -> float:
    start = time.process_time()
    for card in cards:
        fn(card)
    return len(cards) / max(time.process_time() - start, 1e-9)


def main() -> None:
    """Print lookups per CPU second and ratios to the linear scan."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--cards", type=int, default=20_000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    cards = _cards(args.cards, rng)
    baseline = _rate(_linear, cards[: max(args.cards // 20, 100)])
    shipped = _rate(lookup_bin, cards)
    before = overlay_entries()
    set_overlay(tuple(BinEntry(f"69{i:06d}", 0, "", "测试银行", "", None, source="import") for i in range(1000)))
    try:
        overlaid = _rate(lookup_bin, cards)
    finally:
        set_overlay(before)
    print(f"table rows: {len(bin_table()):,}")
    print(f"linear scan (baseline): {baseline:,.0f} lookups/s")
    print(f"longest-prefix index: {shipped:,.0f} lookups/s  (x{shipped / baseline:,.0f})")
    print(f"with 1,000 center rows: {overlaid:,.0f} lookups/s  (x{overlaid / baseline:,.0f})")


if __name__ == "__main__":
    main()
