"""Benchmark: the big screen's refresh, server time, with 20 screens open.

Fills a fresh SQLite database with a year of reports up to now at the city's scale (≈14,000, as
bench_breakdown.py does) and the census, then plays 20 open screens: each round files one report (a row and
its "cases" event, as a filing does), and every screen refreshes at once in its own thread and session, as
each open page does when it sees the event — one computes the figures, the others wait for and take its
answer. Prints the server time of a refresh (p50, p95, max over every screen and round) and of the one
refresh per round that computed. Goal: ≤ 100 ms p95.

    python benchmarks/bench_screen.py [--screens 20] [--rounds 30] [--scale 1]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import threading
import time
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from bench_breakdown import _fill
from platform_server import fresh_database


def _file_one(i: int) -> None:
    from sqlalchemy import insert, select

    from antifraud.cases.models import Case
    from antifraud.core import events
    from antifraud.core.clock import now
    from antifraud.core.db import session_scope
    from antifraud.orgs.models import Organization

    with session_scope() as session:
        org = session.scalar(select(Organization.id).where(Organization.code == "JH"))
        at = now()
        session.execute(insert(Case), [{
            "case_no": f"S{i:08d}", "status": "open", "fraud_type": "brushing_rebate", "loss_amount": Decimal(5000),
            "occurred_at": at, "reported_at": at, "narrative": "", "victim_name": "x",
            "victim_id_number": "330782199903151238", "victim_age": None, "victim_sex": "F",
            "victim_occupation": "ecommerce", "victim_education": None, "victim_district_code": "330782",
            "jurisdiction_org_id": org, "created_at": at, "source": "bench"}])
    events.publish("cases", {"event": "created"})


def run(screens: int, rounds: int, reports: int, seed: int) -> None:
    from antifraud.core.clock import now

    with fresh_database("sqlite") as url:
        _fill(url, reports, seed, start=now() - timedelta(days=365))
        from antifraud.analytics import screen
        from antifraud.core.auth import SYSTEM
        from antifraud.core.db import dispose_engines, session_scope

        all_times: list[float] = []
        computing: list[float] = []
        for r in range(rounds):
            _file_one(r)
            times: list[float] = [0.0] * screens
            gate = threading.Barrier(screens)

            def one(k: int, times: list[float] = times, gate: threading.Barrier = gate) -> None:
                gate.wait()
                start = time.perf_counter()
                with session_scope() as session:
                    screen.screen(session, SYSTEM)
                times[k] = time.perf_counter() - start

            threads = [threading.Thread(target=one, args=(k,)) for k in range(screens)]
            for th in threads:
                th.start()
            for th in threads:
                th.join()
            if r:  # the first round fills the caches of a fresh process
                all_times += times
                computing.append(max(times))
        q = statistics.quantiles(all_times, n=20)
        print(f"{screens} screens × {rounds - 1} rounds, {reports:,} reports in the year")
        print(f"  a screen's refresh: p50 {statistics.median(all_times) * 1000:6.1f} ms   p95 {q[-1] * 1000:6.1f} ms"
              f"   max {max(all_times) * 1000:6.1f} ms")
        print(f"  the slowest refresh of each round (it computed, or waited for the one that did): "
              f"median {statistics.median(computing) * 1000:6.1f} ms")
        dispose_engines()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--screens", type=int, default=20)
    parser.add_argument("--rounds", type=int, default=30)
    parser.add_argument("--scale", type=float, default=1.0, help="1 = the city (≈14,000 reports a year)")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    os.environ.setdefault("ANTIFRAUD_SECRET_KEY", "bench-secret")
    run(args.screens, args.rounds, round(14_000 * args.scale), args.seed)


if __name__ == "__main__":
    main()
