"""Benchmark: what sending cases to the experts' queue (专家会诊) adds to filing a linked case.

Files the same N reports (gangs of `--gang` cases reusing cards and numbers, as `bench_linking_live.py`
makes them) into two fresh SQLite databases: once with case linking only, once with linking and then
`operations.service.do_refer_case` (major and cross-border cases and clusters go to the experts), and prints
the time per case of each and their ratio.

    python benchmarks/bench_expert_referral_live.py               # 400 reports, gangs of 30
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
sys.path.insert(0, str(Path(__file__).parent.parent))
from bench_linking_live import _reports
from platform_server import fresh_database


def _file_all(url: str, reports: list[dict[str, object]], refer: bool) -> list[float]:
    os.environ.update(ANTIFRAUD_DATABASE_URL=url, ANTIFRAUD_SECRET_KEY="bench-secret",
                      ANTIFRAUD_ARGON2_TIME_COST="1", ANTIFRAUD_ARGON2_MEMORY_KIB="8192",
                      ANTIFRAUD_ARGON2_PARALLELISM="1")
    from antifraud.settings import reset_settings

    reset_settings()
    from antifraud.bootstrap import upgrade_database
    from antifraud.cases import service as cases
    from antifraud.cases.schemas import CaseIn
    from antifraud.core.db import get_engine, session_scope
    from antifraud.linking import service as link_service
    from antifraud.operations import service as operations
    from antifraud.orgs.service import do_create_user, principal_of

    engine = get_engine(url)
    upgrade_database(engine)
    with session_scope(engine) as session:
        clerk = principal_of(do_create_user(session, "bench-clerk", "bench-password-1", "call_taker", "JH"))
    saved = list(cases.IDENTIFIERS_FILED)
    cases.IDENTIFIERS_FILED[:] = [link_service.do_link_case] + ([operations.do_refer_case] if refer else [])
    times = []
    try:
        for report in reports:
            data = CaseIn.model_validate(report)
            start = time.perf_counter()
            with session_scope(engine) as session:
                cases.do_create_case(session, clerk, data)
            times.append(time.perf_counter() - start)
    finally:
        cases.IDENTIFIERS_FILED[:] = saved
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cases", type=int, default=400)
    parser.add_argument("--gang", type=int, default=30, help="reports per gang")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    reports = _reports(args.cases, args.gang, args.seed)
    with fresh_database("sqlite") as url:  # warm up: imports, the BIN table, the text model
        _file_all(url, reports[:50], True)
    results = {}
    for refer in (False, True):
        with fresh_database("sqlite") as url:
            results[refer] = _file_all(url, reports, refer)
    for refer, times in results.items():
        print(f"filing {args.cases} cases with linking{' and the experts step' if refer else ''}: "
              f"{sum(times) / len(times) * 1000:.1f} ms per case")
    print(f"the experts step costs {sum(results[True]) / sum(results[False]):.2f}× filing with linking "
          f"(gangs of {args.gang})")


if __name__ == "__main__":
    main()
