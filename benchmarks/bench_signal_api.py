"""Latency of one signal through the API (POST /api/v1/signals with a single NDJSON line).

Starts `antifraud serve` on a fresh SQLite (or --database-url) database, files one case so indicators
exist, then sends N single-signal requests from one client and prints p50/p99, beside the latency of
GET /healthz measured in the same run (the HTTP + framework floor). Target: p99 ≤ 10 ms.

    python benchmarks/bench_signal_api.py --requests 1000
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

import httpx


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def main() -> None:
    """Run the benchmark and print a small table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=1000)
    parser.add_argument("--database-url", default="")
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="bench-signals-"))
    url = args.database_url or f"sqlite:///{tmp / 'bench.db'}"
    env = dict(os.environ, ANTIFRAUD_DATABASE_URL=url, ANTIFRAUD_ARGON2_TIME_COST="1",
               ANTIFRAUD_ARGON2_MEMORY_KIB="8192")
    subprocess.run([sys.executable, "-m", "antifraud.cli", "db", "upgrade"], env=env, check=True, capture_output=True)
    for role, org in (("analyst", "JH"), ("call_taker", "JH")):
        subprocess.run([sys.executable, "-m", "antifraud.cli", "users", "create", "--username", f"bench-{role}",
                        "--password", "bench-password", "--role", role, "--org", org], env=env, check=True,
                       capture_output=True)
    port = _port()
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen([sys.executable, "-m", "antifraud.cli", "serve", "--port", str(port)], env=env, cwd=tmp,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        with httpx.Client(base_url=base, timeout=10) as client:
            for _ in range(200):
                try:
                    if client.get("/healthz").status_code == 200:
                        break
                except httpx.HTTPError:
                    time.sleep(0.2)
            run(client, args.requests)
    finally:
        server.terminate()
        server.wait(timeout=15)


def run(client: httpx.Client, n: int) -> None:
    """Measure and print."""
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from tests.factories import card_of, case_payload

    from antifraud.core.clock import now

    def token(user: str) -> dict[str, str]:
        r = client.post("/api/v1/token", data={"username": user, "password": "bench-password"})
        return {"Authorization": f"Bearer {r.json()['access_token']}"}

    clerk, analyst = token("bench-call_taker"), token("bench-analyst")
    card = card_of("ICBC")
    client.post("/api/v1/cases", headers=clerk, json=case_payload(identifiers=[
        {"kind": "bank_card", "value": card}, {"kind": "phone", "value": "+8617012340000"}]))
    t0 = now()
    health, signal = [], []
    for i in range(n):
        start = time.perf_counter()
        client.get("/healthz")
        health.append(time.perf_counter() - start)
        kind = ("call", "sms", "transfer", "visit")[i % 4]
        line = {"signal_id": f"bench-{i}", "kind": kind, "time": (t0 + timedelta(seconds=i)).isoformat(),
                "citizen": f"+86138579{i % 100000:05d}", "counterpart": "+8617012340000" if kind != "transfer" else card}
        if kind == "call":
            line["duration_s"] = 1500
        elif kind == "sms":
            line["text"] = "您好，这里是公安局，您涉嫌洗钱，请将资金转入安全账户配合调查"
        elif kind == "transfer":
            line["amount"] = "5000.00"
        else:
            line["counterpart"] = "safe-account-check.top"
        start = time.perf_counter()
        r = client.post("/api/v1/signals", headers=analyst, content=json.dumps(line, ensure_ascii=False).encode())
        signal.append(time.perf_counter() - start)
        assert r.status_code == 200, r.text
    ms = 1000.0
    print(f"{'':28}{'p50 ms':>10}{'p99 ms':>10}{'mean ms':>10}")
    for name, values in (("GET /healthz (floor)", health), ("POST /signals (1 signal)", signal)):
        print(f"{name:28}{_percentile(values, 0.5) * ms:10.2f}{_percentile(values, 0.99) * ms:10.2f}"
              f"{statistics.mean(values) * ms:10.2f}")
    print(f"signal p99 / floor p99 = {_percentile(signal, 0.99) / _percentile(health, 0.99):.1f}x; "
          f"target p99 <= 10 ms: {'met' if _percentile(signal, 0.99) * ms <= 10 else 'NOT met'}")


if __name__ == "__main__":
    main()
