"""Benchmark: live case linking (串并案) on the demo's simulated city, scored against the simulator's gangs.

Runs the main simulator (`antifraud.simulation`, fraud only) for `--days` days at `--scale`, files every
report through intake into a fresh SQLite database — each one linked as it is filed, by the platform's own
path (`linking.service.do_link_case`, the step intake runs in the filing transaction) — then reads the
clusters the platform shows (`cluster_cases`) and scores them against the gang behind each report:
case-pair precision, recall and F1. The reports name the gangs' cards, numbers, sites and apps, and also
the legitimate apps and sites the gangs had victims use (chat and remote-desktop apps, second-hand
platforms, shops), which several gangs share.

    python benchmarks/bench_linking_demo_city.py                       # seeds 5, 6, 7; scale 0.1; 20 days
    python benchmarks/bench_linking_demo_city.py --seeds 1 --days 30
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
sys.path.insert(0, str(Path(__file__).parent.parent))
from platform_server import fresh_database


def run(seed: int, scale: float, days: int) -> dict[str, float]:
    """File one simulated city's reports with live linking; the figures against its gangs."""
    from sqlalchemy import select

    from antifraud.core.db import get_engine, session_scope
    from antifraud.core.errors import DomainError
    from antifraud.linking.engine.evaluate import pairwise
    from antifraud.linking.models import ClusterCase
    from antifraud.simulation import Simulation, SimulationConfig
    from antifraud.simulation.loader import file_report, simulated_actors

    end = datetime.now(UTC) - timedelta(hours=1)
    sim = Simulation(seed, scale, days, end - timedelta(days=days), config=SimulationConfig(background=False))
    reports = [r for batch in sim for r in batch.reports if r.time <= end]
    gang_of_report = {ep.report_id: ep.gang.gang_id for ep in sim.fraud.episodes if ep.report_id}
    with fresh_database("sqlite") as url:
        os.environ.update(ANTIFRAUD_DATABASE_URL=url, ANTIFRAUD_SECRET_KEY="bench-secret",
                          ANTIFRAUD_ARGON2_TIME_COST="1", ANTIFRAUD_ARGON2_MEMORY_KIB="8192",
                          ANTIFRAUD_ARGON2_PARALLELISM="1")
        from antifraud.settings import reset_settings

        reset_settings()
        from antifraud.bootstrap import upgrade_database

        engine = get_engine(url)
        upgrade_database(engine)
        actors = simulated_actors(engine, seed=seed)
        truth: dict[str, str] = {}
        start = time.perf_counter()
        for report in sorted(reports, key=lambda r: r.time):
            try:
                with session_scope(engine) as session:
                    case = file_report(session, actors, report)
            except DomainError:
                continue
            truth[str(case.id)] = gang_of_report[report.report_id]
        took = time.perf_counter() - start
        with session_scope(engine) as session:
            groups: dict[int, list[str]] = {}
            for cluster_id, case_id in session.execute(select(ClusterCase.cluster_id, ClusterCase.case_id)):
                groups.setdefault(cluster_id, []).append(str(case_id))
        engine.dispose()
    figures = pairwise(groups.values(), truth)
    figures.update(cases=float(len(truth)), gangs=float(len(set(truth.values()))), seconds=took)
    baseline = _components_only(reports, gang_of_report)
    figures.update({f"components_{k}": v for k, v in baseline.items()})
    return figures


def _components_only(reports: list, gang_of_report: dict[str, str]) -> dict[str, float]:  # type: ignore[type-arg]
    """The same reports linked by components alone (every shared identifier joins), the baseline."""
    from decimal import Decimal

    from antifraud.identifiers import IdentifierError
    from antifraud.linking.engine.evaluate import pairwise
    from antifraud.linking.engine.gang import LinkCase, _key, link_cases

    cases = []
    for r in reports:
        suspects = []
        for kind, values in (("bank_card", r.cards), ("phone", r.phones), ("url", r.urls), ("app", r.apps)):
            for value in values:
                try:
                    suspects.append(_key(kind, value))
                except IdentifierError:
                    continue
        cases.append(LinkCase(r.report_id, r.fraud_type, r.fraud_start, Decimal(0), None,
                              list(dict.fromkeys(suspects)), [_key("bank_card", r.victim_card)]))
    linked = link_cases(cases, split_communities=False)
    return pairwise(linked.clusters, gang_of_report)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seeds", type=int, nargs="+", default=[5, 6, 7])
    parser.add_argument("--scale", type=float, default=0.1)
    parser.add_argument("--days", type=int, default=20)
    args = parser.parse_args()
    for seed in args.seeds:
        f = run(seed, args.scale, args.days)
        print(f"seed {seed}, scale {args.scale}, {args.days} days: {f['cases']:.0f} cases of {f['gangs']:.0f} gangs "
              f"filed with live linking in {f['seconds']:.1f} s — case pairs precision {f['pairs_precision']:.3f}, "
              f"recall {f['pairs_recall']:.3f}, F1 {f['pairs_f1']:.3f} ({f['found_pairs']:.0f} pairs linked, "
              f"{f['true_pairs']:.0f} true); components alone: precision {f['components_pairs_precision']:.3f}, "
              f"recall {f['components_pairs_recall']:.3f}, F1 {f['components_pairs_f1']:.3f}")


if __name__ == "__main__":
    main()
