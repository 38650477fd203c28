"""Long schemathesis pass over /openapi.json: ≥ 20,000 generated calls, zero server errors allowed.

Runs tests/web/test_generated_calls_get_documented_answers.py (the CI pass) with many more examples per operation and fresh
random inputs, on a fresh SQLite database or, with `--pg-url`, a fresh PostgreSQL database. Prints
the calls made, the failures (any 500 or undocumented answer fails the run), and the calls' rate as
a ratio to a baseline measured in the same run: plain `GET /api/v1/me` calls through the same
in-process client, i.e. what the API costs per call when nothing is generated or validated.

    python benchmarks/bench_api_fuzzing.py --examples 250
    python benchmarks/bench_api_fuzzing.py --examples 250 --pg-url postgresql+psycopg://postgres@127.0.0.1:5432/test
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def baseline_rate(calls: int) -> float:
    """Calls per second of `GET /api/v1/me` through the in-process test client on a fresh database."""
    code = f"""
import os, time, uuid
os.environ.setdefault("ANTIFRAUD_SECRET_KEY", "bench")
from antifraud.bootstrap import upgrade_database
from antifraud.core.db import get_engine, session_scope
from antifraud.orgs.service import do_create_user
from antifraud.web.app import create_api
from fastapi.testclient import TestClient
upgrade_database(get_engine())
with session_scope() as s:
    do_create_user(s, "bench-admin", "correct-horse-42", "admin", "JH")
client = TestClient(create_api())
token = client.post("/api/v1/token", data={{"username": "bench-admin", "password": "correct-horse-42"}}).json()
headers = {{"Authorization": "Bearer " + token["access_token"]}}
start = time.perf_counter()
for _ in range({calls}):
    assert client.get("/api/v1/me", headers=headers).status_code == 200
print({calls} / (time.perf_counter() - start))
"""
    with tempfile.TemporaryDirectory() as tmp:
        env = os.environ | {"ANTIFRAUD_DATABASE_URL": f"sqlite:///{tmp}/baseline.db"}
        out = subprocess.run([sys.executable, "-c", code], env=env, check=True, capture_output=True, text=True)
    return float(out.stdout.strip().splitlines()[-1])


def fuzz(examples: int, pg_url: str | None) -> tuple[int, dict[str, int], float, str]:
    """Run the fuzzing test with `examples` per operation; (exit code, calls per identity, seconds, tail)."""
    with tempfile.TemporaryDirectory() as tmp:
        report = Path(tmp) / "calls.json"
        env = os.environ | {"ANTIFRAUD_FUZZ_EXAMPLES": str(examples), "ANTIFRAUD_FUZZ_REPORT": str(report)}
        if pg_url:
            env["ANTIFRAUD_TEST_DATABASE_URL"] = pg_url
        start = time.perf_counter()
        out = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
                              "tests/web/test_generated_calls_get_documented_answers.py"], cwd=ROOT, env=env, capture_output=True, text=True,
                             check=False)  # a failing pass is reported with its output below
        seconds = time.perf_counter() - start
        calls = json.loads(report.read_text()) if report.exists() else {}
    return out.returncode, calls, seconds, "\n".join(out.stdout.splitlines()[-40:])


def main() -> None:
    """Run the long pass and print its figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--examples", type=int, default=250, help="generated examples per operation and mode")
    parser.add_argument("--pg-url", default=None, help="PostgreSQL server URL (default: SQLite)")
    parser.add_argument("--baseline-calls", type=int, default=2000)
    args = parser.parse_args()
    base = baseline_rate(args.baseline_calls)
    code, calls, seconds, tail = fuzz(args.examples, args.pg_url)
    total = sum(calls.values())
    rate = total / seconds
    print(f"database: {'PostgreSQL' if args.pg_url else 'SQLite'}; examples per operation and mode: {args.examples}")
    print(f"generated calls: {total:,} ({', '.join(f'{k}: {v:,}' for k, v in sorted(calls.items()))}) "
          f"in {seconds:.0f} s")
    print(f"server errors and schema violations: {'0' if code == 0 else 'FOUND (see below)'}")
    print(f"rate: {rate:.1f} generated calls/s against {base:.1f} plain GET /me calls/s = {rate / base:.2f}x")
    if code != 0:
        print(tail)
        sys.exit(1)


if __name__ == "__main__":
    main()
