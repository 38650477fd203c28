"""Benchmark: synthetic-city generation throughput (transfers/second) and peak memory.

Runs the day-by-day simulator (vectorised background + fraud episodes, merged, numbered, balances
posted) until it has produced N transfers, then a naive per-row Python generator of the same
background on the same city, and prints both rates and their ratio.

    python benchmarks/bench_simulation.py                      # 1 M transfers
    python benchmarks/bench_simulation.py --transfers 10000000 # 10 M
    python benchmarks/bench_simulation.py --all-streams --parquet /tmp/sim  # calls, sms … and the sink too
"""

from __future__ import annotations

import argparse
import bisect
import itertools
import math
import random
import resource
import tempfile
import time
import tracemalloc
from dataclasses import replace
from pathlib import Path

from antifraud.simulation import City, Simulation, SimulationConfig
from antifraud.simulation.background import DIURNAL, TRANSFER_KINDS
from antifraud.simulation.events import CHANNELS
from antifraud.simulation.parquet import write_parquet

DAY_MS = 86_400_000


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _config(transfers: int, scale: float, days: int, all_streams: bool) -> SimulationConfig:
    """Size the yearly background volume so ``days`` days at ``scale`` give about ``transfers`` rows."""
    per_year = int(transfers / scale * 365 / days * 0.93)  # fraud and savings top-ups add the rest
    config = SimulationConfig(transfers_per_year=per_year)
    if not all_streams:
        config = replace(config, calls_per_year=0, sms_per_year=0, visits_per_year=0, false_signals_per_year=0)
    return config


def run_simulator(city: City, config: SimulationConfig, days: int, seed: int) -> tuple[int, float]:
    """Iterate the simulator; return (transfers produced, seconds)."""
    started = time.perf_counter()
    produced = 0
    for batch in Simulation(seed, city.scale, days, config=config, city=city):
        produced += batch.counts["transfers"]
    return produced, time.perf_counter() - started


def run_naive(city: City, rows: int, days: int, seed: int) -> tuple[int, float]:
    """The same background drawn one row at a time in plain Python, sorted and numbered per day."""
    rng = random.Random(seed)
    kind_cum = list(itertools.accumulate(k[0] for k in TRANSFER_KINDS))
    hour_cum = list(itertools.accumulate(DIURNAL))
    channel_cum = [list(itertools.accumulate(k[3])) for k in TRANSFER_KINDS]
    cards = [str(int(c)) for c in city.card[: min(city.size, 2_000_000)]]
    merchants = [str(int(c)) for c in city.merchant_card]
    balance: dict[str, int] = {}
    per_day = rows // days
    started = time.perf_counter()
    produced = 0
    for day in range(days):
        out = []
        for _ in range(per_day):
            kind = bisect.bisect_right(kind_cum, rng.random() * kind_cum[-1])
            payer, payee = rng.choice(cards), rng.choice(cards)
            if kind in (0, 3):
                payee = rng.choice(merchants)
            elif kind == 2:
                payer = rng.choice(merchants)
            median, sigma = TRANSFER_KINDS[kind][1], TRANSFER_KINDS[kind][2]
            amount = max(100, round(rng.lognormvariate(math.log(median * 100), sigma)))
            hour = min(23, bisect.bisect_right(hour_cum, rng.random() * hour_cum[-1]))
            ch = channel_cum[kind]
            channel = CHANNELS[min(len(CHANNELS) - 1, bisect.bisect_right(ch, rng.random() * ch[-1]))]
            out.append({"time": day * DAY_MS + hour * 3_600_000 + rng.randrange(3_600_000), "from": payer,
                        "to": payee, "amount_fen": amount, "channel": channel})
        out.sort(key=lambda r: r["time"])
        for seq, row in enumerate(out):
            row["txn_id"] = f"T{day:04d}{seq:08d}"
            balance[row["from"]] = balance.get(row["from"], 800_000) - row["amount_fen"]
            balance[row["to"]] = balance.get(row["to"], 800_000) + row["amount_fen"]
            row["balance_after_fen"] = balance[row["from"]]
        produced += len(out)
    return produced, time.perf_counter() - started


def main() -> None:
    """Parse arguments, run both generators, print the comparison."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--transfers", type=int, default=1_000_000, help="transfers to generate")
    parser.add_argument("--scale", type=float, default=None,
                        help="city scale (default: N / 10 M, i.e. the city's own density of transfers)")
    parser.add_argument("--days", type=int, default=365)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--baseline-rows", type=int, default=None, help="rows for the naive run (default: N, max 1M)")
    parser.add_argument("--all-streams", action="store_true", help="also generate calls, sms, visits, signals")
    parser.add_argument("--parquet", type=Path, default=None, help="also time the Parquet sink into this folder")
    args = parser.parse_args()

    if args.scale is None:
        args.scale = min(1.0, max(0.01, args.transfers / 10_000_000))
    config = _config(args.transfers, args.scale, args.days, args.all_streams)
    t0 = time.perf_counter()
    city = City.generate(args.seed, args.scale, config)
    city_s = time.perf_counter() - t0
    rss_city = _rss_mb()
    produced, sim_s = run_simulator(city, config, args.days, args.seed)
    rss_sim = _rss_mb()
    bg_rows, bg_s = run_simulator(city, replace(config, fraud=False), args.days, args.seed)
    baseline_rows = args.baseline_rows or min(args.transfers, 1_000_000)
    naive_rows, naive_s = run_naive(city, baseline_rows, args.days, args.seed)
    tracemalloc.start()  # a short traced pass: a week's batches plus set-up, the city itself excluded
    run_simulator(city, config, min(7, args.days), args.seed)
    traced_peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()

    rate, bg_rate, naive_rate = produced / sim_s, bg_rows / bg_s, naive_rows / naive_s
    print(f"city: {city.size:,} residents, {city.merchant_count:,} merchants in {city_s:.1f} s")
    print(f"{'generator':<34}{'transfers':>12}{'seconds':>10}{'transfers/s':>14}{'vs naive':>10}")
    for name, rows, secs, r in (("simulator, background + fraud", produced, sim_s, rate),
                                ("simulator, background only", bg_rows, bg_s, bg_rate),
                                ("naive per-row Python background", naive_rows, naive_s, naive_rate)):
        print(f"{name:<34}{rows:>12,}{secs:>10.1f}{r:>14,.0f}{r / naive_rate:>9.1f}x")
    print(f"peak memory: {rss_city:,.0f} MB RSS after the city, {rss_sim:,.0f} MB RSS after the full run; "
          f"{traced_peak / 2**20:,.0f} MB traced peak of a 7-day run incl. its set-up (ledger of every account)")
    if args.parquet is not None:
        out = args.parquet if args.parquet.name else Path(tempfile.mkdtemp())
        t1 = time.perf_counter()
        manifest = write_parquet(out, args.seed, args.scale, args.days, config=config)
        sink_s = time.perf_counter() - t1
        total = manifest.counts["transfers"]
        print(f"parquet sink: {total:,} transfers (+ other streams) in {sink_s:.1f} s "
              f"= {total / sink_s:,.0f} transfers/s, city included; peak RSS {_rss_mb():,.0f} MB")


if __name__ == "__main__":
    main()
