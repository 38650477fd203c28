"""Warnings through a served platform versus the engine in process, on the same simulated run.

Starts `antifraud serve` on a fresh database, moves the run `--shift-days` away from the server's
clock, posts its signals in time order as NDJSON batches (POST /api/v1/signals) and files each
victim's report as a case (POST /api/v1/cases) at its place in the stream, reads the warnings back
from the desk (GET /api/v1/warnings) and scores them with the lab's metrics, beside the figures of
`antifraud warnings evaluate` on the same directory. The two should agree: a difference is the
platform's (how it stores, looks up or merges what the engine computes).

    antifraud simulate --out /tmp/api99 --scale 0.02 --seed 99 --days 14
    python benchmarks/bench_warnings_api.py --data /tmp/api99 --shift-days -20
    antifraud simulate --out /tmp/dense99 --seed 99 --preset dense
    python benchmarks/bench_warnings_api.py --data /tmp/dense99 --sight partial --shift-days 20
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

import httpx

from antifraud.lab.warnings.api_replay import BATCH, replay_served, side_by_side
from antifraud.lab.warnings.evaluate import evaluate, load_dataset, metrics

sys.path.insert(0, str(Path(__file__).resolve().parent))
from platform_server import DEFAULT_PG, Server, fresh_database, prepare, token

USERS = [("bench-feeder", "analyst", "JH"), ("bench-clerk", "call_taker", "JH")]


def main() -> None:
    """Run both replays and print the figures side by side (or as JSON)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, required=True, help="a directory written by `antifraud simulate`")
    parser.add_argument("--shift-days", type=float, default=-20.0,
                        help="days between the server's clock and the middle of the run")
    parser.add_argument("--batch", type=int, default=BATCH, help="signals per POST")
    parser.add_argument("--database", choices=("sqlite", "postgresql"), default="sqlite")
    parser.add_argument("--pg-url", default=DEFAULT_PG)
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument("--sight", choices=("full", "partial"), default="full",
                        help="what the center sees of each citizen (antifraud.lab.warnings.evaluate.SIGHT)")
    args = parser.parse_args()

    dataset = load_dataset(args.data, sight=args.sight)
    in_process = evaluate(args.data, sight=args.sight)
    with fresh_database(args.database, args.pg_url) as url:
        env = prepare(url, USERS)
        server = Server(env, Path(tempfile.mkdtemp(prefix="bench-warnings-api-")) / "server.log")
        server.start()
        try:
            with httpx.Client(base_url=server.base, timeout=120) as client:
                feeder, clerk = token(server.base, "bench-feeder"), token(server.base, "bench-clerk")
                run = replay_served(client, feeder, clerk, feeder, dataset, args.shift_days, args.batch)
        finally:
            server.stop()
    served = metrics(dataset, run.result)
    served["indicators_learned"] = run.result.indicators
    notes = {"shift_days": args.shift_days, "offset_days": run.offset.days, "database": args.database,
             "signals_posted": run.posted, "accepted": run.accepted, "duplicates": run.duplicates,
             "rejected": len(run.rejected), "cases_filed": run.cases, "cases_refused": len(run.cases_refused),
             "identifiers_dropped": run.identifiers_dropped, "server_warnings_created": run.warnings_created,
             "server_warnings_updated": run.warnings_updated, "incomplete_read": run.incomplete_read}
    if args.json:
        print(json.dumps({"served": served, "in_process": in_process, "run": notes}, ensure_ascii=False, indent=2,
                         default=str))
        return
    print(f"seed {dataset.seed}, scale {dataset.scale}, {dataset.days} days; {run.posted:,} signals posted in "
          f"batches of {args.batch} on {args.database}, {run.offset.days:+d} days from the run's own dates "
          f"(middle {args.shift_days:+g} days from the server's clock)")
    print(side_by_side(served, in_process))
    print("run: " + ", ".join(f"{k} {v}" for k, v in notes.items()))
    for line in [*run.rejected[:5], *run.cases_refused[:5]]:
        print(f"  refused: {line}")


if __name__ == "__main__":
    main()
