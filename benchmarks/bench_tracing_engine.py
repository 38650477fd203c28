"""Benchmark: fund-flow tracing engine vs a straightforward pure-Python trace, same data, same run.

Generates a synthetic month of transfers with numpy: background traffic between ordinary cards,
a few high-volume hub cards (merchants, exchanges), and mule trees of 5 tiers — each victim pays a
tier-1 card that splits the money on within minutes to 1–3 cards, and so on; tier-5 cards cash out
at hubs. Builds a `TransferIndex`, runs traces from victims' transfers per rule, and compares with
a baseline that keeps per-card lists of `Transfer` objects and replays each reached card's history.

    python benchmarks/bench_tracing_engine.py --transfers 1000000
"""

from __future__ import annotations

import argparse
import heapq
import importlib.util
import resource
import statistics
import sys
import time
from collections import defaultdict, deque
from dataclasses import dataclass
from datetime import timedelta
from decimal import ROUND_FLOOR, Decimal

import numpy as np

from antifraud.tracing.engine import trace_funds
from antifraud.tracing.index import Transfer, TransferIndex, from_epoch_ms, from_fen, to_fen

DAY_MS = 86_400_000
MINUTE_MS = 60_000
WINDOW = timedelta(hours=72)
CAP = 200
TIERS = 5
CENT = Decimal("0.01")


@dataclass
class Graph:
    """Columns of the synthetic data, plus which rows are victims' transfers."""

    src: np.ndarray
    dst: np.ndarray
    time: np.ndarray
    amount: np.ndarray
    txn: np.ndarray
    opening: np.ndarray
    victim_rows: np.ndarray


def generate(n: int, seed: int) -> Graph:
    """Synthetic transfers: background, hubs and 5-tier mule trees (about a tenth of the rows)."""
    rng = np.random.default_rng(seed)
    n_bg = max(100, n // 8)
    n_hubs = max(5, n // 20_000)
    span = 30 * DAY_MS
    rows: list[tuple[int, int, int, int]] = []
    next_card = n_bg + n_hubs
    victims: list[int] = []
    mules: list[int] = []
    while len(rows) < n // 10:
        victim, card = next_card, next_card + 1
        next_card += 2
        t0 = int(rng.integers(0, span - 4 * DAY_MS))
        amount = int(rng.integers(1_000_000, 50_000_000))
        victims.append(len(rows))
        rows.append((victim, card, t0, amount))
        frontier = [(card, t0, amount)]
        for tier in range(1, TIERS + 1):
            nxt = []
            for holder, t, amt in frontier:
                mules.append(holder)
                if tier == TIERS:
                    hub = n_bg + int(rng.integers(0, n_hubs))
                    rows.append((holder, hub, t + int(rng.integers(1, 120)) * MINUTE_MS, max(1, amt * 98 // 100)))
                    continue
                k = int(rng.integers(1, 4))
                shares = rng.dirichlet(np.ones(k)) * amt * 0.98
                t_out = t
                for share in shares:
                    t_out += int(rng.integers(1, 60)) * MINUTE_MS
                    if mules and rng.random() < 0.05:
                        receiver = mules[int(rng.integers(0, len(mules)))]
                    else:
                        receiver = next_card
                        next_card += 1
                    fen = max(1, int(share))
                    rows.append((holder, receiver, t_out, fen))
                    nxt.append((receiver, t_out, fen))
            frontier = nxt
    n_tree = len(rows)
    n_back = max(0, n - n_tree)
    mule_arr = np.array(mules, dtype=np.int64)
    src = rng.integers(0, n_bg, n_back)
    dst = rng.integers(0, n_bg, n_back)
    kind = rng.random(n_back)
    hub_in = kind < 0.05
    dst[hub_in] = n_bg + rng.integers(0, n_hubs, int(hub_in.sum()))
    hub_out = (kind >= 0.05) & (kind < 0.10)
    src[hub_out] = n_bg + rng.integers(0, n_hubs, int(hub_out.sum()))
    noisy = (kind >= 0.10) & (kind < 0.14)
    src[noisy] = mule_arr[rng.integers(0, len(mule_arr), int(noisy.sum()))]
    noisy_in = (kind >= 0.14) & (kind < 0.18)
    dst[noisy_in] = mule_arr[rng.integers(0, len(mule_arr), int(noisy_in.sum()))]
    tree = np.array(rows, dtype=np.int64).reshape(-1, 4)
    all_src = np.concatenate([tree[:, 0], src])
    all_dst = np.concatenate([tree[:, 1], dst])
    all_time = np.concatenate([tree[:, 2], rng.integers(0, span, n_back)]) + 1_709_251_200_000
    all_amount = np.concatenate([tree[:, 3], np.maximum(1, rng.lognormal(11, 1.5, n_back)
                                                        .astype(np.int64))])
    opening = np.zeros(next_card, dtype=np.int64)
    opening[: n_bg + n_hubs] = rng.lognormal(12, 2, n_bg + n_hubs).astype(np.int64)
    txn = rng.permutation(len(all_src)).astype(np.int64) + 10_000_000
    return Graph(all_src, all_dst, all_time, all_amount, txn, opening,
                 np.array(victims, dtype=np.int64))


# ---- baseline: dict of lists of Transfer objects, replaying each reached card -------------

class Baseline:
    """Straightforward trace: per-card lists of Transfers; a reached card's history is replayed."""

    def __init__(self, transfers: list[Transfer], opening: dict[str, Decimal]) -> None:
        self.by_card: dict[str, list[tuple[tuple, Transfer]]] = defaultdict(list)
        self.by_txn: dict[str, Transfer] = {}
        self.opening = opening
        for t in transfers:
            self.by_txn[t.txn_id] = t
            if t.from_account != t.to_account:
                key = (t.time, t.txn_id)
                self.by_card[t.from_account].append((key, t))
                self.by_card[t.to_account].append((key, t))
        for events in self.by_card.values():
            events.sort(key=lambda e: e[0])

    def trace(self, txn_id: str, rule: str) -> Decimal:
        """Total held by reached cards (the figure compared with the engine)."""
        seed = self.by_txn[txn_id]
        end = seed.time + WINDOW
        cards: dict[str, dict] = {}
        heap: list[tuple[tuple, int, str, int]] = []
        carried: dict[str, dict[int, Decimal]] = {}

        def reach(card: str, key: tuple, tier: int) -> dict:
            state = cards.get(card)
            if state is None:
                level, pos, events = self.opening.get(card, Decimal(0)), 0, self.by_card[card]
                while pos < len(events) and events[pos][0] < key:
                    t = events[pos][1]
                    level = level + t.amount if t.to_account == card else max(Decimal(0), level - t.amount)
                    pos += 1
                state = {"tier": tier, "in": Decimal(0), "out": Decimal(0), "kept": 0,
                         "queue": deque([[level, {}]]) if level else deque(), "bal": level,
                         "victim": {}, "tainted": rule == "poison"}
                cards[card] = state
                if pos < len(events):
                    heapq.heappush(heap, (events[pos][0], 0 if events[pos][1].from_account == card else 1, card, pos))
            state["tier"] = min(state["tier"], tier)
            return state

        carried[seed.txn_id] = {1: seed.amount}
        reach(seed.to_account, (seed.time, seed.txn_id), 1)
        while heap:
            key, _, card, pos = heapq.heappop(heap)
            t = self.by_card[card][pos][1]
            if t.time > end:
                continue
            st = cards[card]
            if t.to_account == card:
                parts = carried.pop(t.txn_id, {})
                st["in"] += sum(parts.values(), Decimal(0))
                st["queue"].append([t.amount, dict(parts)])
                st["bal"] += t.amount
                for k, v in parts.items():
                    st["victim"][k] = st["victim"].get(k, Decimal(0)) + v
            else:
                got = self._out(rule, st, t.amount)
                if got and (rule != "poison" or st["tainted"]):
                    total = sum(got.values(), Decimal(0))
                    st["out"] += total
                    if st["kept"] < CAP:
                        st["kept"] += 1
                        inside = {k + 1: v for k, v in got.items() if k < TIERS}
                        if inside:
                            carried[t.txn_id] = inside
                            rcv = reach(t.to_account, key, min(inside))
                            del rcv  # its in-event is scheduled by reach or its own cursor
            if pos + 1 < len(self.by_card[card]):
                nxt = self.by_card[card][pos + 1]
                heapq.heappush(heap, (nxt[0], 0 if nxt[1].from_account == card else 1, card, pos + 1))
        if rule == "poison":
            return sum((min(s["in"], s["bal"]) for s in cards.values()), Decimal(0))
        return sum((s["in"] - s["out"] for s in cards.values()), Decimal(0))

    @staticmethod
    def _out(rule: str, st: dict, amount: Decimal) -> dict[int, Decimal]:
        """Money leaves a reached card; the victim's part of it by tier."""
        got: dict[int, Decimal] = {}
        bal = st["bal"]
        st["bal"] = max(Decimal(0), bal - amount)
        if rule == "poison":
            return {st["tier"]: amount} if st["tainted"] else {}
        if rule == "proportional":
            if bal <= 0:
                return got
            t = min(amount, bal)
            acc = prev = Decimal(0)
            for k in sorted(st["victim"]):
                acc += st["victim"][k]
                cum = acc if t >= bal else (acc * t / bal).quantize(CENT, rounding=ROUND_FLOOR)
                if cum - prev:
                    got[k] = cum - prev
                    st["victim"][k] -= cum - prev
                prev = cum
            return got
        need, queue = amount, st["queue"]
        while need and queue:
            lot = queue[0]
            t = min(need, lot[0])
            acc = prev = Decimal(0)
            for k in sorted(lot[1]):
                acc += lot[1][k]
                cum = acc if t >= lot[0] else (acc * t / lot[0]).quantize(CENT, rounding=ROUND_FLOOR)
                if cum - prev:
                    got[k] = got.get(k, Decimal(0)) + cum - prev
                    lot[1][k] -= cum - prev
                prev = cum
            lot[0] -= t
            need -= t
            if not lot[0]:
                queue.popleft()
        return got


def _pct(values: list[float], q: float) -> float:
    """Percentile q (0..100) of values, nearest rank."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q / 100 * len(ordered)))]


def main() -> None:
    """Generate, build, trace, compare; print a report."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--transfers", type=int, default=1_000_000)
    parser.add_argument("--traces", type=int, default=1000)
    parser.add_argument("--baseline-traces", type=int, default=200)
    parser.add_argument("--rules", default="fifo,proportional,poison")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()

    t0 = time.perf_counter()
    g = generate(args.transfers, args.seed)
    print(f"generated {len(g.src):,} transfers, {len(g.victim_rows):,} mule trees "
          f"in {time.perf_counter() - t0:.1f} s")
    t0 = time.perf_counter()
    index = TransferIndex.from_arrays(g.src, g.dst, g.time, g.amount, g.txn, opening_fen=g.opening)
    build = time.perf_counter() - t0
    print(f"index: built in {build:.2f} s, {index.nbytes / 2**20:.0f} MiB of arrays, "
          f"{index.n_accounts:,} cards; peak RSS so far {_peak_rss_mib():.0f} MiB")

    rng = np.random.default_rng(args.seed + 1)
    seeds = [int(g.txn[r]) for r in rng.choice(g.victim_rows, min(args.traces, len(g.victim_rows)),
                                               replace=False)]
    rules = args.rules.split(",")
    engine_ms: dict[str, list[float]] = {}
    engine_held: dict[str, dict[int, int]] = {}
    print("per trace, wall clock and (in brackets) this thread's CPU time, which other load on "
          "the machine disturbs less:")
    for rule in rules:
        times, cpu, touched, held = [], [], 0, {}
        for s in seeds:
            start, start_cpu = time.perf_counter(), time.thread_time()
            result = trace_funds(index, s, rule=rule, max_tiers=TIERS, window=WINDOW, fanout_cap=CAP)
            times.append((time.perf_counter() - start) * 1000)
            cpu.append((time.thread_time() - start_cpu) * 1000)
            touched += result.touched_edges
            held[s] = to_fen(result.total_held)
        engine_ms[rule], engine_held[rule] = times, held
        print(f"engine {rule:>12}: p50 {_pct(times, 50):6.3f} ({_pct(cpu, 50):6.3f}) ms  "
              f"p99 {_pct(times, 99):6.3f} ({_pct(cpu, 99):6.3f}) ms  "
              f"mean {statistics.fmean(times):6.3f} ms  "
              f"{sum(cpu) * 1e6 / max(1, touched):6.0f} ns CPU/touched edge "
              f"({touched / len(seeds):.0f} edges/trace)")
    if args.baseline_traces <= 0:
        return

    t0 = time.perf_counter()
    names = [str(i) for i in range(index.n_accounts)]
    transfers = [Transfer(str(int(x)), from_epoch_ms(int(tm)), names[int(a)], names[int(b)], from_fen(int(m)))
                 for a, b, tm, m, x in zip(g.src, g.dst, g.time, g.amount, g.txn, strict=True)]
    opening = {names[i]: from_fen(int(v)) for i, v in enumerate(g.opening) if v}
    baseline = Baseline(transfers, opening)
    print(f"baseline: {len(transfers):,} Transfer objects in dict-of-lists, built in "
          f"{time.perf_counter() - t0:.1f} s")
    subset = seeds[: args.baseline_traces]
    for rule in rules:
        times, agree = [], 0
        for s in subset:
            start = time.perf_counter()
            held = baseline.trace(str(s), rule)
            times.append((time.perf_counter() - start) * 1000)
            agree += to_fen(held) == engine_held[rule][s]
        mine = engine_ms[rule][: len(subset)]
        print(f"baseline {rule:>10}: p50 {_pct(times, 50):7.3f} ms  p99 {_pct(times, 99):7.3f} ms  "
              f"mean {statistics.fmean(times):7.3f} ms  | engine/baseline same seeds: "
              f"p50 ×{_pct(times, 50) / _pct(mine, 50):.1f}  p99 ×{_pct(times, 99) / _pct(mine, 99):.1f}  "
              f"mean ×{statistics.fmean(times) / statistics.fmean(mine):.1f}  "
              f"(total held agrees on {agree}/{len(subset)})")
    print("(the engine's times include building the full TraceResult; the baseline computes "
          "only the total held)")
    if importlib.util.find_spec("networkx") is None:
        print("networkx: not installed, no networkx baseline")
    print(f"peak RSS {_peak_rss_mib():.0f} MiB (includes the baseline's objects)")


def _peak_rss_mib() -> float:
    """Peak resident memory of this process so far."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


if __name__ == "__main__":
    sys.exit(main())
