"""Benchmark: a cluster's whole gang in the platform (GET /api/v1/clusters/{id}/members), over imported flows.

Generates a link city (`simulation/link_city.py`), files its reports through intake into a fresh SQLite
database (each linked as filed), imports its call, SMS and visit records (`do_import_flow_file`) and its
statements (tracing's import), then expands every cluster of two cases or more (`gang_of_cluster`) and
scores the members against the city's ground truth, the union over the clusters holding each gang's cases:
unreported members found (precision, recall), roles, look-alikes pulled in; with the time per cluster.

    python benchmarks/bench_gang_members.py                 # a city of 8,000, seed 61
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
sys.path.insert(0, str(Path(__file__).parent.parent))
from platform_server import fresh_database


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seed", type=int, default=61)
    parser.add_argument("--citizens", type=int, default=8000)
    args = parser.parse_args()
    from antifraud.simulation.link_city import generate_link_city, write_link_city

    city = generate_link_city(args.seed, gangs=16, citizens=args.citizens)
    with tempfile.TemporaryDirectory() as tmp, fresh_database("sqlite") as url:
        folder = Path(tmp)
        write_link_city(city, folder)
        os.environ.update(ANTIFRAUD_DATABASE_URL=url, ANTIFRAUD_SECRET_KEY="bench-secret",
                          ANTIFRAUD_ARGON2_TIME_COST="1", ANTIFRAUD_ARGON2_MEMORY_KIB="8192",
                          ANTIFRAUD_ARGON2_PARALLELISM="1")
        from antifraud.settings import reset_settings

        reset_settings()
        from tests.factories import case_payload

        from antifraud.bootstrap import upgrade_database
        from antifraud.cases import service as cases
        from antifraud.cases.schemas import CaseIn
        from antifraud.core.auth import SYSTEM
        from antifraud.core.db import get_engine, session_scope
        from antifraud.core.errors import DomainError
        from antifraud.linking import service
        from antifraud.tracing import service as tracing

        engine = get_engine(url)
        upgrade_database(engine)
        case_of: dict[str, int] = {}
        for case in city.cases:
            payload = case_payload(victim={**case_payload()["victim"], "phone": case["victim"]["phone"]},
                                   fraud_type=case["fraud_type"], loss_amount=case["loss_amount"],
                                   occurred_at=case["occurred_at"], identifiers=case["identifiers"])
            try:
                with session_scope(engine) as s:
                    case_of[case["case_id"]] = cases.do_create_case(s, SYSTEM, CaseIn.model_validate(payload)).id
            except (DomainError, ValueError):
                payload["identifiers"] = [i for i in case["identifiers"] if i["value"] != "95588"]
                with session_scope(engine) as s:
                    case_of[case["case_id"]] = cases.do_create_case(s, SYSTEM, CaseIn.model_validate(payload)).id
        start = time.perf_counter()
        for kind in ("calls", "sms", "visits"):
            with session_scope(engine) as s:
                service.do_import_flow_file(s, SYSTEM, kind, (folder / f"{kind}.csv").read_bytes(), f"{kind}.csv")
        with session_scope(engine) as s:
            tracing.do_import_statement_file(s, SYSTEM, (folder / "transfers.csv").read_bytes(), "transfers.csv")
        imported = time.perf_counter() - start
        truth = json.loads((folder / "truth.json").read_text(encoding="utf-8"))
        members = {(m["kind"], m["value"]): m for m in truth["members"]}
        lookalikes = {(m["kind"], m["value"]) for m in truth["lookalikes"]}
        with session_scope(engine) as s:
            cluster_of = {c: service.cluster_of_case(s, SYSTEM, i) for c, i in case_of.items()}
        times, got_by_cluster = [], {}
        for cluster_id in sorted({c for c in cluster_of.values() if c is not None}):
            start = time.perf_counter()
            with session_scope(engine) as s:
                gang = service.gang_of_cluster(s, SYSTEM, cluster_id)
            times.append(time.perf_counter() - start)
            got_by_cluster[cluster_id] = {(m.kind, m.value): m for m in gang.members}
        right = found = unreported = unreported_found = roles = 0
        pulled: set[tuple[str, str]] = set()
        wrong: Counter[tuple[str, str]] = Counter()
        why: dict[tuple[str, str], list[str]] = {}
        for g in {int(x) for x in truth["case_gang"].values()}:
            got = {}
            for c in {cluster_of[c] for c, gg in truth["case_gang"].items() if int(gg) == g}:
                got.update(got_by_cluster.get(c, {}))
            mine = {k for k, m in members.items() if m["gang"] == g}
            new = {k for k, m in got.items() if not m.reported}
            found += len(new)
            right += len(new & members.keys())
            unreported += len(mine - {k for k, m in got.items() if m.reported})
            unreported_found += len(new & mine)
            roles += sum(1 for k in new & mine if got[k].role == members[k]["role"])
            wrong.update((got[k].role, members[k]["role"]) for k in new & mine if got[k].role != members[k]["role"])
            pulled |= set(got) & lookalikes
            why.update({k: got[k].reasons[:2] for k in set(got) & lookalikes})
    print(f"city of {args.citizens:,} (seed {args.seed}): {len(city.cases)} cases filed, {len(city.calls):,} calls, "
          f"{len(city.sms):,} SMS, {len(city.visits):,} visits and {len(city.transfers):,} transfers imported in "
          f"{imported:.1f} s; {len(times)} clusters expanded, median {sorted(times)[len(times) // 2] * 1000:.0f} ms, "
          f"slowest {max(times) * 1000:.0f} ms")
    print(f"  unreported members: precision {right / max(found, 1):.3f}, recall {unreported_found / max(unreported, 1):.3f} "
          f"({unreported_found} of {unreported}); roles {roles / max(unreported_found, 1):.3f}; look-alikes pulled in "
          f"{len(pulled)} of {len(lookalikes)}")
    if wrong:
        print("  roles given (found, true): " + ", ".join(f"{a} for {b} ×{n}" for (a, b), n in wrong.most_common()))
    if pulled:
        print("  look-alikes: " + ", ".join(f"{k}:{v} ({'; '.join(why[(k, v)])})" for k, v in sorted(pulled)))


if __name__ == "__main__":
    main()
