"""Benchmark: the cost of linking each case as it is filed (串并案, live), in the platform's database.

Files the same N reports through `cases.service.do_create_case` twice, each time into a fresh SQLite
database: once with case linking on (the step `linking.service.do_link_case` runs in the filing
transaction) and once with it taken out, and prints the time per case of each and their ratio. The
reports belong to gangs of `--gang` cases that reuse a few cards and numbers, so clusters grow as the
run goes; the last tenth's time per case shows what a grown cluster costs.

    python benchmarks/bench_linking_live.py                 # 600 reports, gangs of 30
    python benchmarks/bench_linking_live.py --cases 2000 --gang 100
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
sys.path.insert(0, str(Path(__file__).parent.parent))
from platform_server import fresh_database


def _reports(n: int, gang: int, seed: int) -> list[dict[str, object]]:
    from tests.factories import card_of, case_payload

    rng = random.Random(seed)
    gangs = max(1, n // gang)
    cards = [[card_of("ICBC", rng) for _ in range(4)] for _ in range(gangs)]
    phones = [["139" + "".join(str(rng.randrange(10)) for _ in range(8)) for _ in range(4)] for _ in range(gangs)]
    out = []
    for i in range(n):
        g = rng.randrange(gangs)
        out.append(case_payload(identifiers=[
            {"kind": "bank_card", "value": rng.choice(cards[g])},
            {"kind": "phone", "value": rng.choice(phones[g])},
            {"kind": "url", "value": f"http://site-{g}-{i % 3}.example.net/pay"},
            {"kind": "bank_card", "value": card_of("CCB", rng), "role": "victim"},
        ]))
    return out


def file_all(url: str, reports: list[dict[str, object]], steps: list[str]) -> list[float]:
    """File the reports into a fresh platform database with only these filing steps (by name: `link`,
    `refer`) after intake; the time of each filing, in seconds."""
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
    known = {"link": link_service.do_link_case, "refer": operations.do_refer_case}
    saved = list(cases.IDENTIFIERS_FILED)
    cases.IDENTIFIERS_FILED[:] = [known[name] for name in steps]
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
    parser.add_argument("--cases", type=int, default=600)
    parser.add_argument("--gang", type=int, default=30, help="reports per gang")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    reports = _reports(args.cases, args.gang, args.seed)
    results = {}
    for linking in (False, True):
        with fresh_database("sqlite") as url:
            results[linking] = file_all(url, reports, ["link"] if linking else [])
    tenth = max(1, args.cases // 10)
    for linking, times in results.items():
        print(f"filing {args.cases} cases {'with' if linking else 'without'} linking: "
              f"{sum(times) / len(times) * 1000:.1f} ms per case, last tenth {sum(times[-tenth:]) / tenth * 1000:.1f} ms")
    ratio = sum(results[True]) / sum(results[False])
    print(f"linking as filed costs {ratio:.2f}× the filing alone (gangs of {args.gang}, "
          f"{timedelta(seconds=sum(results[True]))} in all)")


if __name__ == "__main__":
    main()
