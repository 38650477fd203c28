"""Benchmark: case linking (串并案) — components over many links, one case linked as it is filed, and the
offline command on a look-alike city, each beside a baseline measured in the same run.

* components: random links among cases (a few big gangs, many pairs), `linking.engine.components`
  (scipy's sparse connected components over two columns) against networkx's connected_components over
  the same links (networkx at up to 2 M links; beyond that only the engine runs);
* one new case: `CaseLinker.add_case` per new link (µs), against a Python dict-of-sets merge;
* the offline command: `antifraud link` over a simulated city with its look-alikes, and the figures
  against the city's ground truth (pairwise F1, unreported members found, roles, look-alikes pulled in).

    python benchmarks/bench_linking.py                      # 1 M links, a city of 8,000, seed 99
    python benchmarks/bench_linking.py --links 50000000     # the province-scale run
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from pathlib import Path

import numpy as np


def _links(n_links: int, seed: int) -> tuple[np.ndarray, np.ndarray, int]:
    rng = np.random.default_rng(seed)
    n_cases = max(10, n_links // 2)
    a = rng.integers(0, n_cases, n_links)
    b = np.where(rng.random(n_links) < 0.5, a + 1, rng.integers(0, n_cases, n_links)) % n_cases
    return a, b, n_cases


def bench_components(n_links: int, seed: int) -> None:
    from antifraud.linking.engine.components import components

    a, b, n = _links(n_links, seed)
    start = time.perf_counter()
    count, _ = components(a, b, n)
    engine = time.perf_counter() - start
    print(f"components over {n_links:,} links, {n:,} cases: {engine:.2f} s ({count:,} components)")
    if n_links <= 2_000_000:
        import networkx as nx

        start = time.perf_counter()
        graph = nx.Graph()
        graph.add_nodes_from(range(n))
        graph.add_edges_from(zip(a.tolist(), b.tolist(), strict=True))
        base = sum(1 for _ in nx.connected_components(graph))
        baseline = time.perf_counter() - start
        assert base == count, (base, count)
        print(f"  networkx on the same links: {baseline:.2f} s — engine {baseline / engine:.1f}× faster")


def bench_one_case(cases: int, seed: int) -> None:
    from antifraud.linking.engine.unionfind import CaseLinker

    rng = np.random.default_rng(seed)
    keys = [(("bank_card", f"C{rng.integers(0, cases // 3)}"), ("phone", f"P{rng.integers(0, cases // 3)}"))
            for _ in range(cases)]
    linker = CaseLinker()
    start = time.perf_counter()
    links = sum(len(linker.add_case(i, k)) for i, k in enumerate(keys))
    engine = time.perf_counter() - start
    groups: dict[int, set[int]] = {}
    owner: dict[tuple[str, str], int] = {}
    start = time.perf_counter()
    for i, pair in enumerate(keys):
        mine = groups.setdefault(i, {i})
        for key in pair:
            j = owner.setdefault(key, i)
            other = groups.get(j, mine)
            if other is not mine:
                big, small = (mine, other) if len(mine) >= len(other) else (other, mine)
                big |= small
                for case in small:
                    groups[case] = big
                mine = big
    baseline = time.perf_counter() - start
    print(f"one case linked: {engine / cases * 1e6:.2f} µs per case, {engine / max(links, 1) * 1e6:.2f} µs per "
          f"new link ({links:,} links); dict-of-sets merge {baseline / cases * 1e6:.2f} µs per case "
          f"({baseline / engine:.2f}× the engine's time)")


def bench_city(seed: int, citizens: int) -> None:
    from typer.testing import CliRunner

    from antifraud.cli import app
    from antifraud.linking.engine.evaluate import evaluate
    from antifraud.simulation.link_city import generate_link_city, write_link_city

    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        city = generate_link_city(seed, gangs=16, citizens=citizens)
        write_link_city(city, out)
        args = ["link", "--cases", str(out / "cases.ndjson"), "--json"]
        for name in ("calls", "sms", "transfers", "visits"):
            args += [f"--{name}", str(out / f"{name}.csv")]
        start = time.perf_counter()
        result = CliRunner().invoke(app, args)
        took = time.perf_counter() - start
        figures = evaluate(json.loads(result.stdout), json.loads((out / "truth.json").read_text(encoding="utf-8")))
    print(f"antifraud link on a city of {citizens:,} (seed {seed}): {len(city.cases)} cases, {len(city.calls):,} "
          f"calls, {len(city.transfers):,} transfers, {len(city.visits):,} visits, {len(city.lookalikes):,} "
          f"look-alikes — {took:.1f} s")
    for key, value in figures.items():
        print(f"  {key}: {value:.3f}" if value <= 1 else f"  {key}: {value:.0f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--links", type=int, default=1_000_000)
    parser.add_argument("--cases", type=int, default=200_000, help="cases filed one by one")
    parser.add_argument("--citizens", type=int, default=8000)
    parser.add_argument("--seed", type=int, default=99)
    args = parser.parse_args()
    bench_components(args.links, args.seed)
    bench_one_case(args.cases, args.seed)
    bench_city(args.seed, args.citizens)


if __name__ == "__main__":
    main()
