"""How long case filings wait while a 20 MB bank statement is imported: one transaction vs a background job.

Before: the whole statement is stored in the request's one transaction (the import as it was), so
SQLite's write lock is held from the first row to the retrace and every filing queues behind it.
After: the job parses outside any transaction and commits BATCH_ROWS rows per short transaction, so
a filing waits at most one batch. A call-taker thread files a case every 50 ms throughout; the
script prints the filings' latency (p50, p99, max) during each import and the ratios after/before.

    python benchmarks/bench_statement_import.py [--mb 20] [--database-url URL]
"""

from __future__ import annotations

import argparse
import hashlib
import os
import statistics
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path


def _statement(megabytes: float) -> bytes:
    """A canonical statement of about `megabytes` MB between 2,000 ICBC/CCB cards."""
    import random

    from tests.factories import card_of

    rng = random.Random(7)
    cards = [card_of("ICBC" if i % 2 else "CCB", rng) for i in range(2000)]
    lines = ["txn_id,time,from_account,to_account,amount,channel,counterparty_name"]
    size, i = len(lines[0]), 0
    run = uuid.uuid4().hex[:8]
    while size < megabytes * 2**20:
        line = (f"B{run}-{i},2024-03-{1 + i % 28:02d} {i % 24:02d}:{i % 60:02d}:{(i // 60) % 60:02d},"
                f"{cards[i % 2000]},{cards[(i * 7 + 1) % 2000]},{(i % 5000) + 1}.00,mobile,王某{i % 100}")
        lines.append(line)
        size += len(line) + 1
        i += 1
    return ("\n".join(lines) + "\n").encode()


def _filings(stop: threading.Event, clerk, latencies: list[float], failures: list[str]  # type: ignore[no-untyped-def]
             ) -> None:
    """File a case every 50 ms until stopped, recording each filing's seconds (until it failed, if it did)."""
    from sqlalchemy.exc import OperationalError
    from tests.factories import case_payload

    from antifraud.cases.schemas import CaseIn
    from antifraud.cases.service import do_create_case
    from antifraud.core.db import session_scope

    while not stop.is_set():
        started = time.perf_counter()
        try:
            with session_scope() as session:
                do_create_case(session, clerk, CaseIn.model_validate(case_payload()))
        except OperationalError as exc:  # "database is locked": the filing is lost to the call-taker
            failures.append(str(exc.orig))
        latencies.append(time.perf_counter() - started)
        time.sleep(0.05)


def _measure(run) -> dict[str, float]:  # type: ignore[no-untyped-def]
    """Run an import while filings go on; filing latency figures during it and its own duration."""
    from antifraud.core.db import session_scope
    from antifraud.orgs.service import do_create_user, principal_of

    with session_scope() as session:
        clerk = principal_of(do_create_user(session, f"clerk-{uuid.uuid4().hex[:6]}", "correct-horse-42",
                                         "call_taker", "JH"))
    latencies: list[float] = []
    failures: list[str] = []
    stop = threading.Event()
    filer = threading.Thread(target=_filings, args=(stop, clerk, latencies, failures))
    filer.start()
    time.sleep(1.0)  # filings before the import, as a reference
    quiet = len(latencies)
    started = time.perf_counter()
    run()
    took = time.perf_counter() - started
    stop.set()
    filer.join()
    during = sorted(latencies[quiet:]) or [0.0]
    return {"import_s": took, "filings": len(during), "p50": statistics.median(during),
            "p99": during[min(len(during) - 1, int(len(during) * 0.99))], "max": during[-1],
            "quiet_p50": statistics.median(latencies[:quiet] or [0.0]), "failed": len(failures)}


def main() -> None:
    """Import the same statement both ways and print the filings' waits and their ratios."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--mb", type=float, default=20.0)
    parser.add_argument("--database-url", default=None, help="default: a fresh SQLite file")
    args = parser.parse_args()
    tmp = tempfile.mkdtemp()
    os.environ.setdefault("ANTIFRAUD_SECRET_KEY", "bench")
    os.environ["ANTIFRAUD_DATABASE_URL"] = args.database_url or f"sqlite:///{Path(tmp) / 'bench.db'}"
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from antifraud.bootstrap import upgrade_database
    from antifraud.core.db import get_engine, session_scope
    from antifraud.orgs.service import do_create_user, principal_of
    from antifraud.tracing import service

    engine = get_engine()
    upgrade_database(engine)
    with session_scope() as session:
        analyst = principal_of(do_create_user(session, f"an-{uuid.uuid4().hex[:6]}", "correct-horse-42",
                                           "analyst", "JH"))

    first, second = _statement(args.mb), _statement(args.mb)  # distinct txn ids: both are new

    def one_transaction() -> None:
        content = first
        with session_scope() as session:  # the import as it was: everything in the request's transaction
            records, names, errors = service._parse_file(content, "statement.csv", analyst)
            service._import_now(session, analyst, "statement.csv", hashlib.sha256(content).hexdigest(),
                                records, errors, names)

    def background_job() -> None:
        content = second
        with session_scope() as session:
            out = service.do_queue_statement_import(session, analyst, "file", "statement.csv", content, start=False)
        from antifraud.jobs.service import do_run_job

        assert do_run_job(engine, out.job_id or 0)

    before = _measure(one_transaction)
    after = _measure(background_job)
    print(f"{engine.dialect.name}, {len(first) / 2**20:.1f} MB statement, a filing every 50 ms, batches of "
          f"{service.BATCH_ROWS} rows")
    print(f"{'':>18} {'import s':>9} {'filings':>8} {'p50 ms':>8} {'p99 ms':>8} {'max ms':>8} {'quiet p50':>10} {'failed':>7}")
    for name, r in (("one transaction", before), ("background job", after)):
        print(f"{name:>18} {r['import_s']:9.1f} {r['filings']:8.0f} {r['p50'] * 1e3:8.1f} {r['p99'] * 1e3:8.1f} "
              f"{r['max'] * 1e3:8.1f} {r['quiet_p50'] * 1e3:10.1f} {r['failed']:7.0f}")
    print(f"after / before: filing max wait x{after['max'] / before['max']:.3f}, "
          f"p99 x{after['p99'] / before['p99']:.3f}, import time x{after['import_s'] / before['import_s']:.2f}")


if __name__ == "__main__":
    main()
