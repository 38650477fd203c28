"""Kill -9 during filing: every answer a client got is in the database, nothing twice, no orphan.

Starts `antifraud serve` on a fresh database (SQLite file or a new PostgreSQL database), then per round:
call-takers file cases concurrently (two bank cards and a phone each, so every case sends three requests
to partners), bank and carrier liaisons acknowledge and complete what arrives, the server is killed with
SIGKILL at a random moment of the burst and started again. The database is then read directly:

* lost: a 201/200 the clients saw whose case, requests, state or audit entry is missing;
* duplicated: a filing stored twice, or an audit entry written twice for the same action;
* orphans: requests or identifiers without their case, audit entries about nothing, cases or requests
  without their audit entry, routed identifiers without a request.

    python benchmarks/bench_crash.py --db sqlite --rounds 100
    python benchmarks/bench_crash.py --db postgres --rounds 100 --pg-url postgresql+psycopg://postgres@127.0.0.1/postgres
"""

from __future__ import annotations

import argparse
import asyncio
import random
import sys
import tempfile
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.pool import NullPool

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from platform_server import DEFAULT_PG, Server, fresh_database, prepare, token
from tests.factories import card_of, resident_id

BANKS = ("ICBC", "CCB", "ABC", "BOC", "BOCOM", "CMB", "PSBC")
CARRIER_PREFIXES = {"CMCC": "139579", "CUCC": "186579", "CTCC": "189579"}
OUTCOME = {"stop_payment": {"outcome": "stopped", "balance": "500.00", "amount": "500.00", "note": "已止付"},
           "freeze": {"outcome": "frozen", "balance": "500.00", "amount": "500.00", "note": "已冻结"},
           "block_number": {"outcome": "blocked", "note": "已封堵"},
           "block_inbound": {"outcome": "blocked", "note": "国际关口局已封堵"},
           # a statement is answered by upload; this liaison, in a hurry, refuses it with a reason
           "statement_request": {"outcome": "refused", "note": "调单需法律文书，另行提供"}}


@dataclass
class Seen:
    """The 2xx answers clients received in one round, and anything unexpected before the kill."""

    cases: list[dict[str, Any]] = field(default_factory=list)
    acks: list[int] = field(default_factory=list)
    completes: list[tuple[int, str]] = field(default_factory=list)
    unexpected: list[str] = field(default_factory=list)


LIAISONS = (("ICBC", "bank_liaison"), ("CCB", "bank_liaison"), ("CMCC", "carrier_liaison"))


def users(prefix: str) -> list[tuple[str, str, str]]:
    """A call-taker account (its token shared by the filing clients) and liaisons of a few partners.

    Requests to the other partners stay pending, as they would while those partners are slow.
    """
    return [(f"{prefix}-taker", "call_taker", "JH")] + [(f"{prefix}-{o.lower()}", r, o) for o, r in LIAISONS]


def filing(rng: random.Random, marker: str) -> dict[str, Any]:
    """A valid report with two suspect cards of random banks and a suspect phone of a random carrier."""
    phone = rng.choice(list(CARRIER_PREFIXES.values())) + f"{rng.randrange(100000):05d}"
    return {"victim": {"name": "赵六", "phone": "13857901234", "id_number": resident_id()},
            "fraud_type": "brushing_rebate", "loss_amount": "5000.00",
            "occurred_at": "2025-01-01T09:00:00+08:00", "narrative": marker,
            "identifiers": [{"kind": "bank_card", "value": card_of(rng.choice(BANKS), rng)},
                            {"kind": "bank_card", "value": card_of(rng.choice(BANKS), rng)},
                            {"kind": "phone", "value": phone}]}


async def file_cases(client: httpx.AsyncClient, headers: dict[str, str], seen: Seen, killed: asyncio.Event,
                     rng: random.Random, tag: str) -> None:
    """File reports one after another until the server dies; keep every 201."""
    while not killed.is_set():
        marker = f"{tag}-{uuid.uuid4().hex}"
        try:
            r = await client.post("/api/v1/cases", headers=headers, json=filing(rng, marker))
        except httpx.HTTPError as exc:
            if not killed.is_set():
                seen.unexpected.append(f"POST /cases: {type(exc).__name__}")
            return
        if r.status_code == 201:
            body = r.json()
            seen.cases.append({"id": body["id"], "case_no": body["case_no"], "marker": marker,
                               "requests": sorted(q["id"] for q in body["requests"])})
        elif not killed.is_set():
            seen.unexpected.append(f"POST /cases: {r.status_code}")


async def work_queue(client: httpx.AsyncClient, headers: dict[str, str], seen: Seen,
                     killed: asyncio.Event) -> None:
    """A liaison acknowledges and completes each pending request of the organisation until the server dies."""
    while not killed.is_set():
        try:
            r = await client.get("/api/v1/requests", headers=headers, params={"status": "pending", "limit": 20})
            for req in r.json() if r.status_code == 200 else []:
                ack = await client.post(f"/api/v1/requests/{req['id']}/ack", headers=headers)
                if ack.status_code != 200:
                    raise RuntimeError(f"ack {ack.status_code}")
                seen.acks.append(req["id"])
                answer = OUTCOME[req["kind"]]
                done = await client.post(f"/api/v1/requests/{req['id']}/complete", headers=headers, json=answer)
                if done.status_code != 200:
                    raise RuntimeError(f"complete {done.status_code}")
                seen.completes.append((req["id"], answer["outcome"]))
            await asyncio.sleep(0.05)
        except (httpx.HTTPError, RuntimeError) as exc:
            if not killed.is_set():
                seen.unexpected.append(f"partner: {exc!s:.60} {type(exc).__name__}")
            return


async def burst(server: Server, headers: dict[str, dict[str, str]], takers: int, rng: random.Random,
                tag: str, answers: int) -> Seen:
    """Concurrent filings and partner work; SIGKILL once `answers` filings were answered (plus a random moment)."""
    seen, killed = Seen(), asyncio.Event()
    limits = httpx.Limits(max_connections=64)
    async with httpx.AsyncClient(base_url=server.base, timeout=30, limits=limits) as client:
        tasks = [asyncio.create_task(file_cases(client, headers["taker"], seen, killed,
                                                random.Random(rng.random()), tag)) for _ in range(takers)]
        tasks += [asyncio.create_task(work_queue(client, h, seen, killed))
                  for name, h in headers.items() if name != "taker"]
        deadline = time.monotonic() + 60
        while len(seen.cases) < answers and time.monotonic() < deadline and not all(t.done() for t in tasks):
            await asyncio.sleep(0.01)
        await asyncio.sleep(rng.uniform(0, 0.3))  # so the kill lands anywhere in the requests under way
        killed.set()  # set first: errors from here on are the crash, not a fault
        await asyncio.to_thread(server.kill)
        await asyncio.gather(*tasks)
    return seen


def lost(conn: Any, seen: Seen) -> list[str]:
    """Answers the clients saw that the database does not hold in full."""
    out = []
    for case in seen.cases:
        row = conn.execute(text("SELECT case_no, narrative FROM cases WHERE id = :i"), {"i": case["id"]}).first()
        if row is None or tuple(row) != (case["case_no"], case["marker"]):
            out.append(f"case {case['id']}")
            continue
        stored = sorted(conn.scalars(text("SELECT id FROM dispatch_requests WHERE case_id = :i"),
                                     {"i": case["id"]}))
        if stored != case["requests"] or len(stored) != 3:
            out.append(f"case {case['id']} requests {stored} != {case['requests']}")
        if not _audited(conn, "case.create", "case", case["id"]):
            out.append(f"case {case['id']} audit")
        out += [f"request {r} audit" for r in case["requests"] if not _audited(conn, "request.create", "request", r)]
    for rid in seen.acks:
        status = conn.scalar(text("SELECT status FROM dispatch_requests WHERE id = :i"), {"i": rid})
        if status not in ("acknowledged", "completed") or not _audited(conn, "request.acknowledge", "request", rid):
            out.append(f"ack {rid}")
    for rid, outcome in seen.completes:
        row = conn.execute(text("SELECT status, outcome FROM dispatch_requests WHERE id = :i"), {"i": rid}).first()
        if row is None or tuple(row) != ("completed", outcome) or not _audited(conn, "request.complete", "request",
                                                                              rid):
            out.append(f"complete {rid}")
    return out


def _audited(conn: Any, action: str, entity_type: str, entity_id: int) -> bool:
    return bool(conn.scalar(text("SELECT count(*) FROM audit_log WHERE action = :a AND entity_type = :t "
                                 "AND entity_id = :i"), {"a": action, "t": entity_type, "i": str(entity_id)}))


DUPLICATES = {
    # Only this benchmark's filings (their narrative is a unique marker): the database may hold others.
    "filing stored twice": "SELECT narrative FROM cases WHERE narrative LIKE 'crash%' GROUP BY narrative "
                           "HAVING count(*) > 1",
    "audit entry twice": "SELECT action, entity_id FROM audit_log WHERE action IN ('case.create', "
                         "'request.create', 'request.acknowledge', 'request.complete') "
                         "GROUP BY action, entity_type, entity_id HAVING count(*) > 1",
    "request twice for an identifier": "SELECT r.identifier_id FROM dispatch_requests r JOIN cases c ON "
                                       "c.id = r.case_id WHERE c.narrative LIKE 'crash%' "
                                       "GROUP BY r.identifier_id HAVING count(*) > 1",
}
ORPHANS = {
    "request without case": "SELECT r.id FROM dispatch_requests r LEFT JOIN cases c ON c.id = r.case_id "
                            "WHERE c.id IS NULL",
    "identifier without case": "SELECT i.id FROM case_identifiers i LEFT JOIN cases c ON c.id = i.case_id "
                               "WHERE c.id IS NULL",
    "case audit about nothing": "SELECT a.id FROM audit_log a WHERE a.entity_type = 'case' AND NOT EXISTS "
                                "(SELECT 1 FROM cases c WHERE CAST(c.id AS VARCHAR(64)) = a.entity_id)",
    "request audit about nothing": "SELECT a.id FROM audit_log a WHERE a.entity_type = 'request' AND NOT EXISTS "
                                   "(SELECT 1 FROM dispatch_requests r "
                                   "WHERE CAST(r.id AS VARCHAR(64)) = a.entity_id)",
    "case without audit": "SELECT c.id FROM cases c WHERE NOT EXISTS (SELECT 1 FROM audit_log a WHERE "
                          "a.entity_type = 'case' AND a.action = 'case.create' AND a.entity_id = CAST(c.id AS VARCHAR(64)))",
    "request without audit": "SELECT r.id FROM dispatch_requests r WHERE NOT EXISTS (SELECT 1 FROM audit_log a "
                             "WHERE a.entity_type = 'request' AND a.action = 'request.create' AND a.entity_id = CAST(r.id AS VARCHAR(64)))",
    "completion without audit": "SELECT r.id FROM dispatch_requests r WHERE r.status = 'completed' AND NOT EXISTS "
                                "(SELECT 1 FROM audit_log a WHERE a.entity_type = 'request' AND a.action = 'request.complete' "
                                "AND a.entity_id = CAST(r.id AS VARCHAR(64)))",
    "routed identifier without request": "SELECT i.id FROM case_identifiers i WHERE i.routing = 'routed' AND "
                                         "NOT EXISTS (SELECT 1 FROM dispatch_requests r "
                                         "WHERE r.identifier_id = i.id)",
}


def problems(conn: Any, queries: dict[str, str]) -> list[str]:
    """Each row any of the queries finds, named by the query."""
    return [f"{name}: {tuple(row)}" for name, sql in queries.items() for row in conn.execute(text(sql))]


@dataclass
class RoundResult:
    """What one round saw and found."""

    cases: int
    acks: int
    completes: int
    lost: list[str]
    duplicated: list[str]
    orphans: list[str]
    unexpected: list[str]


def run_rounds(url: str, rounds: int, workdir: Path, *, takers: int = 8, seed: int = 1,
               report: Any = None) -> list[RoundResult]:
    """Prepare the database, then kill and restart the server `rounds` times, checking after each."""
    prefix = f"crash{uuid.uuid4().hex[:6]}"
    env = prepare(url, users(prefix))
    server = Server(env, workdir / "server.log")
    reader: Engine = create_engine(url, poolclass=NullPool)
    rng = random.Random(seed)
    report = report or (lambda line: print(line, flush=True))
    results = []
    try:
        server.start()
        headers = {name.removeprefix(f"{prefix}-"): token(server.base, name) for name, _, _ in users(prefix)}
        for n in range(1, rounds + 1):
            seen = asyncio.run(burst(server, headers, takers, rng, f"{prefix}-r{n}", rng.randint(1, 25)))
            server.start()  # the restart is part of the test: the platform must come back on its data
            with reader.connect() as conn:
                result = RoundResult(len(seen.cases), len(seen.acks), len(seen.completes), lost(conn, seen),
                                     problems(conn, DUPLICATES), problems(conn, ORPHANS), seen.unexpected)
            results.append(result)
            report(f"round {n:3d}: {result.cases:3d} cases, {result.acks:3d} acks, {result.completes:3d} "
                   f"completions answered; lost {len(result.lost)}, duplicated {len(result.duplicated)}, "
                   f"orphans {len(result.orphans)}, unexpected answers {len(result.unexpected)}"
                   + "".join(f"\n    {p}" for p in (result.lost + result.duplicated + result.orphans
                                                     + result.unexpected)[:5]))
    finally:
        server.stop()
        reader.dispose()
    return results


def main() -> None:
    """Run the rounds on the chosen database and print the totals."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", choices=("sqlite", "postgres"), default="sqlite")
    parser.add_argument("--rounds", type=int, default=10)
    parser.add_argument("--takers", type=int, default=8, help="concurrent call-takers filing")
    parser.add_argument("--pg-url", default=DEFAULT_PG, help="a PostgreSQL server to create the database on")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    started = time.monotonic()
    with fresh_database(args.db, args.pg_url) as url:
        workdir = Path(tempfile.mkdtemp(prefix="antifraud-crash-"))
        results = run_rounds(url, args.rounds, workdir, takers=args.takers, seed=args.seed)
    total = {k: sum(len(getattr(r, k)) if isinstance(getattr(r, k), list) else getattr(r, k) for r in results)
             for k in ("cases", "acks", "completes", "lost", "unexpected")}
    last = results[-1] if results else None
    print(f"\n{args.db}: {len(results)} rounds in {time.monotonic() - started:.0f} s; answered "
          f"{total['cases']} cases, {total['acks']} acks, {total['completes']} completions; "
          f"lost {total['lost']}, duplicated {len(last.duplicated) if last else 0}, "
          f"orphans {len(last.orphans) if last else 0}, unexpected answers {total['unexpected']}")


if __name__ == "__main__":
    main()
