"""Benchmark: what sending cases to the experts' queue (专家会诊) adds to filing a linked case.

Files the same N reports (gangs of `--gang` cases reusing cards and numbers, as `bench_linking_live.py`
makes them) into two fresh SQLite databases: once with case linking only, once with linking and then
`operations.service.do_refer_case` (major and cross-border cases and clusters go to the experts), and prints
the time per case of each and their ratio.

    python benchmarks/bench_expert_referral_live.py               # 400 reports, gangs of 30
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
sys.path.insert(0, str(Path(__file__).parent.parent))
from bench_linking_live import _reports, file_all
from platform_server import fresh_database


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cases", type=int, default=400)
    parser.add_argument("--gang", type=int, default=30, help="reports per gang")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    reports = _reports(args.cases, args.gang, args.seed)
    with fresh_database("sqlite") as url:  # warm up: imports, the BIN table, the text model
        file_all(url, reports[:50], ["link", "refer"])
    results = {}
    for refer in (False, True):
        with fresh_database("sqlite") as url:
            results[refer] = file_all(url, reports, ["link", "refer"] if refer else ["link"])
    for refer, times in results.items():
        print(f"filing {args.cases} cases with linking{' and the experts step' if refer else ''}: "
              f"{sum(times) / len(times) * 1000:.1f} ms per case")
    print(f"the experts step costs {sum(results[True]) / sum(results[False]):.2f}× filing with linking "
          f"(gangs of {args.gang})")


if __name__ == "__main__":
    main()
