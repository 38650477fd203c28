"""Benchmark: breakdowns of a year of reports (研判) from the database, beside a columnar baseline.

Fills a fresh database (SQLite file and/or a new PostgreSQL database) with a year of reports at the city's
scale (≈14,000, victims aged and placed as the simulated city's) and the city's census (≈7 M residents in
90 cells), then times `analytics.service.breakdown` — the path `GET /api/v1/analytics/breakdown` takes, with and without
the trend columns (the previous period and a year earlier) — for each dimension and for fraud type × age band,
beside the earlier report-by-report grouping over the same kept facts (`breakdown_reference`, what the
platform did before its columnar group-by) and the same counts by a pyarrow group-by over the same rows
already in memory (the "plain columnar pass" a BI tool would make). `--scale 10` is a province.

    python benchmarks/bench_breakdown.py                     # city scale, both databases
    python benchmarks/bench_breakdown.py --scale 10 --backend sqlite
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

import numpy as np
import pyarrow as pa

sys.path.insert(0, str(Path(__file__).parent))
from platform_server import fresh_database

DIMENSIONS = ("fraud_type", "age_band", "sex", "occupation", "education", "district", "station", "loss_band", "channel",
              "hour", "weekday")
DISTRICTS = ("330702", "330703", "330723", "330726", "330727", "330781", "330782", "330783", "330784")


def _fill(url: str, reports: int, seed: int, start: datetime | None = None) -> None:
    os.environ["ANTIFRAUD_DATABASE_URL"] = url
    from antifraud.settings import reset_settings

    reset_settings()
    from sqlalchemy import insert, select

    from antifraud.analytics.service import do_import_population
    from antifraud.bootstrap import upgrade_database
    from antifraud.cases.models import Case
    from antifraud.core.auth import SYSTEM
    from antifraud.core.db import dispose_engines, get_engine, session_scope
    from antifraud.core.vocab import FRAUD_TYPES, OCCUPATIONS
    from antifraud.orgs.models import Organization
    from antifraud.simulation.census import census_csv
    from antifraud.simulation.city import City

    dispose_engines()
    upgrade_database(get_engine())
    rng = np.random.default_rng(seed)
    city = City.generate(seed, 1.0)
    with session_scope() as session:
        do_import_population(session, SYSTEM, census_csv(city), "bench census")
        org = session.scalar(select(Organization.id).where(Organization.code == "JH"))
        start = start or datetime(2025, 1, 1, tzinfo=UTC)
        rows = []
        for i in range(reports):
            who = int(rng.integers(0, city.size))
            reported = start + timedelta(seconds=int(rng.integers(0, 365 * 86400)))
            born = date(1970, 1, 1) + timedelta(days=int(city.birth_day[who]))
            rows.append({"case_no": f"B{i:08d}", "status": "open", "fraud_type": str(rng.choice(FRAUD_TYPES)),
                         "loss_amount": Decimal(int(rng.integers(100, 500_000))), "occurred_at": reported,
                         "reported_at": reported, "narrative": "", "victim_name": "x",
                         "victim_id_number": f"{DISTRICTS[int(city.division[who])]}{born:%Y%m%d}0011",
                         "victim_age": None, "victim_sex": "M" if city.male[who] else "F",
                         "victim_occupation": str(rng.choice(OCCUPATIONS)), "victim_education": None,
                         "victim_district_code": DISTRICTS[int(city.division[who])], "jurisdiction_org_id": org,
                         "created_at": reported, "source": "bench"})
        for chunk in range(0, len(rows), 5000):
            session.execute(insert(Case), rows[chunk:chunk + 5000])


def _file_one(session, i: int) -> None:  # type: ignore[no-untyped-def]
    """One more report in the year, as a filing adds it (a higher id)."""
    from sqlalchemy import insert, select

    from antifraud.cases.models import Case
    from antifraud.orgs.models import Organization

    org = session.scalar(select(Organization.id).where(Organization.code == "JH"))
    at = datetime(2025, 12, 30, 10, i % 60, tzinfo=UTC)
    session.execute(insert(Case), [{"case_no": f"N{i:08d}", "status": "open", "fraud_type": "romance",
                                    "loss_amount": Decimal("1234.50"), "occurred_at": at, "reported_at": at,
                                    "narrative": "", "victim_name": "x", "victim_id_number": "330782199001010011",
                                    "victim_sex": "F", "victim_district_code": "330782", "jurisdiction_org_id": org,
                                    "created_at": at, "source": "bench"}])


def _time(fn, repeat: int) -> list[float]:  # type: ignore[no-untyped-def]
    out = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        out.append(time.perf_counter() - start)
    return out


def _p95(samples: list[float]) -> float:
    return statistics.quantiles(samples, n=20)[-1] if len(samples) >= 2 else samples[0]


def run(backend: str, reports: int, repeat: int, seed: int) -> None:
    with fresh_database(backend) as url:
        _fill(url, reports, seed)
        from antifraud.analytics import service
        from antifraud.analytics.breakdown import Population, breakdown_reference, value_of
        from antifraud.core.auth import SYSTEM
        from antifraud.core.db import dispose_engines, session_scope

        year = (date(2025, 1, 1), date(2025, 12, 31))
        # Trends are timed on the second half-year: its previous period (the first half) holds reports too.
        half = (date(2025, 7, 1), date(2025, 12, 31))
        first = time.perf_counter()
        with session_scope() as session:
            facts = service.case_facts(session, SYSTEM, *year)
            read = time.perf_counter()
            service.case_columns(session, SYSTEM, *year)  # the columns kept, as after the first call
        done = time.perf_counter()
        print(f"{backend}: {len(facts):,} reports in the year; first read {(read - first) * 1000:,.0f} ms, "
              f"columns {(done - read) * 1000:,.0f} ms; load average {os.getloadavg()[0]:.1f}")
        print(f"  {'breakdown':24s} {'p95 ms':>8s} {'H2+trend':>8s} {'before':>8s} {'pyarrow':>8s} "
              f"{'÷ pyarrow':>9s} {'before ÷ now':>12s}")
        for by, by2 in [(d, None) for d in DIMENSIONS] + [("fraud_type", "age_band")]:
            def platform(by: str = by, by2: str | None = by2, trends: bool = False,
                         period: tuple[date, date] = year) -> None:
                with session_scope() as session:
                    service.breakdown(session, SYSTEM, by, by2, *period, trends=trends)

            def before(by: str = by, by2: str | None = by2) -> None:
                with session_scope() as session:  # the kept facts (one count to check them), grouped one by one
                    kept = service.case_facts(session, SYSTEM, *year)
                    breakdown_reference(kept, [by] + ([by2] if by2 else []),
                                        Population(service.population_cells(session)))
            table = pa.table({d: [value_of(f, d) for f in facts] for d in ([by] + ([by2] if by2 else []))}
                             | {"loss": [float(f.loss) for f in facts]})

            def baseline(table: pa.Table = table, keys: list[str] = [by] + ([by2] if by2 else [])) -> None:
                table.group_by(keys).aggregate([("loss", "sum"), ("loss", "count")])
            ours, base = _p95(_time(platform, repeat)), _p95(_time(baseline, repeat))
            platform(trends=True, period=half)  # the half-years' facts read once (kept for every later call)
            trended = _p95(_time(lambda: platform(trends=True, period=half), repeat))
            old = _p95(_time(before, repeat))
            name = by + (f" × {by2}" if by2 else "")
            print(f"  {name:24s} {ours * 1000:8.1f} {trended * 1000:8.1f} {old * 1000:8.1f} {base * 1000:8.1f} "
                  f"{ours / base:8.1f}× {old / ours:11.1f}×", flush=True)
        filed = []  # one report filed, then the year's breakdown asked again: the kept period grows by it
        for i in range(repeat):
            with session_scope() as session:
                _file_one(session, i)
            start = time.perf_counter()
            with session_scope() as session:
                answer = service.breakdown(session, SYSTEM, "fraud_type", "age_band", *year, trends=False)
            filed.append(time.perf_counter() - start)
        assert sum(r.reports for r in answer.rows) == len(facts) + repeat
        print(f"  fraud type × age band right after a filing: p95 {_p95(filed) * 1000:.1f} ms, "
              f"median {statistics.median(filed) * 1000:.1f} ms")
        print(f"  load average at the end {os.getloadavg()[0]:.1f}")
        dispose_engines()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scale", type=float, default=1.0, help="1 = the city (≈14,000 reports a year)")
    parser.add_argument("--backend", choices=("sqlite", "postgresql", "both"), default="both")
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    os.environ.setdefault("ANTIFRAUD_SECRET_KEY", "bench-secret")
    for backend in ("sqlite", "postgresql") if args.backend == "both" else (args.backend,):
        run(backend, round(14_000 * args.scale), args.repeat, args.seed)


if __name__ == "__main__":
    main()
