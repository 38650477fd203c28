"""A busy shift against a real server: 200 concurrent clients for 60 s, beside the same mix at 10 clients.

Starts `antifraud serve` on a fresh database (SQLite file and/or a new PostgreSQL database; users made
with `antifraud users create`) and runs, each client on its own HTTP connection (httpx, async):

* call-takers filing reports (POST /api/v1/cases, two suspect cards and a phone: three requests each),
  one every `--file-every` seconds;
* partner liaisons of three banks and a carrier watching their queue, acknowledging and completing their
  share of what they see: each long-polls (GET /api/v1/requests?status=pending&wait=…&after_id=…, the
  highest id it has seen), so a call answers as soon as new work is committed for its organisation,
  and calls at most once every `--poll-every` seconds; `--long-poll 0` polls instead, as before;
* screens refreshing the figures (GET /api/v1/stats/summary) every `--screen-every` seconds.

Prints errors by status, latency p50/p99 per kind of call (a long-poll's time includes its wait, so it is
shown apart as "wait"), and case-to-queue latency: from the moment the POST /cases was sent to the first
partner GET /requests answer listing the request. The baseline is the same mix at 10 clients, measured
first on the same server.

With `--servers N` (PostgreSQL), N `antifraud serve` processes share the database and the clients are
spread over them; a partner's long-poll on one process is woken by a filing committed on another.

    python benchmarks/bench_load.py --db sqlite,postgres --clients 200 --seconds 60
    python benchmarks/bench_load.py --db postgres --servers 2
"""

from __future__ import annotations

import argparse
import asyncio
import functools
import os
import random
import ssl
import sys
import tempfile
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from platform_server import DEFAULT_PG, Server, fresh_database, percentile, prepare, token
from tests.factories import resident_id

from antifraud.identifiers import luhn_check_digit
from antifraud.identifiers.bankcards import bins_for_bank

PARTNERS = (("ICBC", "bank_liaison"), ("CCB", "bank_liaison"), ("ABC", "bank_liaison"),
            ("CMCC", "carrier_liaison"))
OUTCOME = {"stop_payment": {"outcome": "stopped", "balance": "500.00", "amount": "500.00", "note": "已止付"},
           "block_number": {"outcome": "blocked", "note": "已封堵"}}


@dataclass
class Tally:
    """Latencies by kind of call, errors by kind and status, and the request timeline."""

    latency: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: Counter[str] = field(default_factory=Counter)
    sent: dict[int, float] = field(default_factory=dict)  # request id -> when its case was sent
    listed: dict[int, float] = field(default_factory=dict)  # request id -> first listed to its partner

    async def call(self, kind: str, send: Any, ok: int = 200) -> httpx.Response | None:
        """Time one call; anything but the expected status counts as an error of that kind."""
        started = time.monotonic()
        try:
            r = await send()
        except httpx.HTTPError as exc:
            self.errors[f"{kind} {type(exc).__name__}"] += 1
            return None
        self.latency[kind].append(time.monotonic() - started)
        if r.status_code != ok:
            self.errors[f"{kind} {r.status_code}"] += 1
            return None
        return r


@functools.cache
def _bin(bank: str) -> tuple[str, int]:
    """One BIN of the bank and its card length (looking it up costs ~20 ms: once per bank)."""
    return bins_for_bank(bank)[0]


def card_of(bank: str, rng: random.Random) -> str:
    """A card number of the bank with a valid Luhn digit (tests.factories.card_of, without its look-up
    per card, which would take the clients' CPU from the server on a small machine)."""
    prefix, length = _bin(bank)
    body = prefix + "".join(str(rng.randrange(10)) for _ in range(length - len(prefix) - 1))
    return body + luhn_check_digit(body)


def filing(rng: random.Random) -> dict[str, Any]:
    """A valid report whose two cards and phone go to the benchmark's partners."""
    return {"victim": {"name": "钱七", "phone": "13857901234", "id_number": resident_id()},
            "fraud_type": "fake_loan", "loss_amount": "3000.00", "occurred_at": "2025-01-01T09:00:00+08:00",
            "narrative": "load", "identifiers": [
                {"kind": "bank_card", "value": card_of(rng.choice(("ICBC", "CCB", "ABC")), rng)},
                {"kind": "bank_card", "value": card_of(rng.choice(("ICBC", "CCB", "ABC")), rng)},
                {"kind": "phone", "value": f"139579{rng.randrange(100000):05d}"}]}


async def call_taker(client: httpx.AsyncClient, headers: dict[str, str], tally: Tally, until: float,
                     every: float, rng: random.Random) -> None:
    """File a report, wait, repeat."""
    await asyncio.sleep(rng.uniform(0, every))
    while time.monotonic() < until:
        sent = time.monotonic()
        r = await tally.call("file", lambda: client.post("/api/v1/cases", headers=headers, json=filing(rng)),
                             ok=201)
        for q in r.json()["requests"] if r is not None else []:
            tally.sent[q["id"]] = sent
        await asyncio.sleep(rng.uniform(0.5, 1.5) * every)


async def partner(client: httpx.AsyncClient, headers: dict[str, str], tally: Tally, until: float,
                  every: float, share: tuple[int, int], rng: random.Random, long_poll: float) -> None:
    """Watch the queue; acknowledge and complete the requests that are this liaison's share (id mod n)."""
    index, of = share
    newest = 0
    await asyncio.sleep(rng.uniform(0, every))
    while (left := until - time.monotonic()) > 0:
        started = time.monotonic()
        params: dict[str, Any] = {"status": "pending", "limit": 200}
        if long_poll > 0:
            params |= {"wait": round(min(long_poll, max(left, 0.1)), 1), "after_id": newest}
        r = await tally.call("wait" if long_poll > 0 else "poll",
                             lambda p=params: client.get("/api/v1/requests", headers=headers, params=p))
        seen_at = time.monotonic()
        mine = []
        for q in r.json() if r is not None else []:
            tally.listed.setdefault(q["id"], seen_at)
            newest = max(newest, q["id"])
            if q["id"] % of == index:
                mine.append(q)
        for q in mine[:5]:
            path = f"/api/v1/requests/{q['id']}"
            if await tally.call("ack", lambda p=path: client.post(f"{p}/ack", headers=headers)) is not None:
                await tally.call("complete", lambda p=path, k=q["kind"]: client.post(
                    f"{p}/complete", headers=headers, json=OUTCOME[k]))
        await asyncio.sleep(max(0.0, started + rng.uniform(0.5, 1.5) * every - time.monotonic()))


async def screen(client: httpx.AsyncClient, headers: dict[str, str], tally: Tally, until: float,
                 every: float, rng: random.Random) -> None:
    """Refresh the big screen's figures."""
    await asyncio.sleep(rng.uniform(0, every))
    while time.monotonic() < until:
        await tally.call("stats", lambda: client.get("/api/v1/stats/summary", headers=headers))
        await asyncio.sleep(rng.uniform(0.5, 1.5) * every)


def mix(clients: int) -> tuple[int, int, int]:
    """Call-takers, liaisons and screens for a number of clients (40 / 40 / 20 %, at least one liaison each)."""
    partners = max(len(PARTNERS), round(clients * 0.4))
    screens = max(1, round(clients * 0.2))
    return max(1, clients - partners - screens), partners, screens


async def shift(bases: list[str], headers: dict[str, dict[str, str]], clients: int, seconds: float,
                args: argparse.Namespace, seed: int) -> Tally:
    """Run the mix for `seconds`, every client on its own connection."""
    tally, rng = Tally(), random.Random(seed)
    takers, partners, screens = mix(clients)
    tls = ssl.create_default_context()  # one context for all: building 200 of them takes seconds
    # with several server processes, clients are spread over them as a load balancer would
    connections = [httpx.AsyncClient(base_url=bases[i % len(bases)], timeout=30,
                                     limits=httpx.Limits(max_connections=1), verify=tls)
                   for i in range(takers + partners + screens)]
    until = time.monotonic() + seconds
    jobs = [call_taker(connections[i], headers["taker"], tally, until, args.file_every, random.Random(rng.random()))
            for i in range(takers)]
    by_org: dict[str, int] = Counter()
    for j in range(partners):
        org = PARTNERS[j % len(PARTNERS)][0]
        by_org[org] += 1
    slot: Counter[str] = Counter()
    for j in range(partners):
        org = PARTNERS[j % len(PARTNERS)][0]
        jobs.append(partner(connections[takers + j], headers[org], tally, until, args.poll_every,
                            (slot[org], by_org[org]), random.Random(rng.random()), args.long_poll))
        slot[org] += 1
    jobs += [screen(connections[takers + partners + k], headers["commander"], tally, until, args.screen_every,
                    random.Random(rng.random())) for k in range(screens)]
    try:
        await asyncio.gather(*jobs)
    finally:
        for c in connections:
            await c.aclose()
    return tally


def summarise(label: str, clients: int, seconds: float, tally: Tally) -> dict[str, float]:
    """Print one run's figures; returns the p50/p99 by kind for the ratios."""
    queue = [tally.listed[r] - t for r, t in tally.sent.items() if r in tally.listed]
    calls = sum(len(v) for v in tally.latency.values())
    takers, partners, screens = mix(clients)
    print(f"  {label}: {clients} clients ({takers} filing, {partners} partners, {screens} screens), "
          f"{seconds:.0f} s, {calls} calls ({calls / seconds:.0f}/s), "
          f"errors {sum(tally.errors.values())}" + (f" {dict(tally.errors)}" if tally.errors else ""))
    figures: dict[str, float] = {}
    for kind in ("file", "poll", "wait", "ack", "complete", "stats"):
        values = tally.latency.get(kind, [])
        if not values and kind in ("poll", "wait"):
            continue
        figures[f"{kind} p50"], figures[f"{kind} p99"] = percentile(values, 0.5), percentile(values, 0.99)
        print(f"    {kind:9s} n={len(values):6d}  p50 {figures[f'{kind} p50'] * 1000:7.1f} ms  "
              f"p99 {figures[f'{kind} p99'] * 1000:7.1f} ms")
    figures["queue p50"], figures["queue p99"] = percentile(queue, 0.5), percentile(queue, 0.99)
    print(f"    case→queue n={len(queue):5d} of {len(tally.sent)} requests  p50 {figures['queue p50'] * 1000:7.1f} ms"
          f"  p99 {figures['queue p99'] * 1000:7.1f} ms")
    return figures


def machine_load() -> str:
    """The machine's 1, 5 and 15 minute load averages (the machine may be shared)."""
    return " / ".join(f"{x:.2f}" for x in os.getloadavg())


def bench(kind: str, args: argparse.Namespace) -> None:
    """One database: prepare, serve, baseline, load, ratios."""
    users = [("load-taker", "call_taker", "JH"), ("load-commander", "commander", "JH")]
    users += [(f"load-{org.lower()}", role, org) for org, role in PARTNERS]
    with fresh_database(kind, args.pg_url) as url:
        workdir = Path(tempfile.mkdtemp(prefix="antifraud-load-"))
        env = prepare(url, users)
        servers = [Server(env, workdir / f"server{n}.log") for n in range(args.servers if kind != "sqlite" else 1)]
        bases = [server.base for server in servers]
        try:
            for server in servers:
                server.start()
            keys = ["taker", "commander"] + [org for org, _ in PARTNERS]
            headers = {key: token(bases[0], name) for key, (name, _, _) in zip(keys, users, strict=True)}
            print(f"{kind}: {len(servers)} server process(es), load average {machine_load()} before the baseline")
            base = summarise("baseline", args.baseline_clients, args.baseline_seconds, asyncio.run(
                shift(bases, headers, args.baseline_clients, args.baseline_seconds, args, 1)))
            print(f"    load average {machine_load()} before the load")
            load = summarise("load", args.clients, args.seconds, asyncio.run(
                shift(bases, headers, args.clients, args.seconds, args, 2)))
            print(f"    load average {machine_load()} after the load")
            print("    load / baseline: " + ", ".join(
                f"{k} ×{load[k] / base[k]:.1f}" for k in ("file p50", "file p99", "poll p99", "queue p99")
                if k in base and k in load and base[k] == base[k] and base[k] > 0))
        finally:
            for server in servers:
                server.stop()
        print(f"    server logs: {workdir}")


def main() -> None:
    """Parse the options and run each database in turn."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", default="sqlite,postgres", help="sqlite, postgres or both, comma-separated")
    parser.add_argument("--clients", type=int, default=200)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--baseline-clients", type=int, default=10)
    parser.add_argument("--baseline-seconds", type=float, default=20)
    parser.add_argument("--file-every", type=float, default=8.0, help="seconds between a call-taker's filings")
    parser.add_argument("--poll-every", type=float, default=1.0,
                        help="least seconds between the starts of a liaison's calls to its queue")
    parser.add_argument("--long-poll", type=float, default=20.0,
                        help="seconds a liaison's call may wait for new work (0: plain polling, as before)")
    parser.add_argument("--screen-every", type=float, default=2.0, help="seconds between a screen's refreshes")
    parser.add_argument("--servers", type=int, default=1,
                        help="server processes on PostgreSQL, clients spread over them (SQLite: always one)")
    parser.add_argument("--pg-url", default=DEFAULT_PG)
    args = parser.parse_args()
    for kind in args.db.split(","):
        bench(kind.strip(), args)


if __name__ == "__main__":
    main()
