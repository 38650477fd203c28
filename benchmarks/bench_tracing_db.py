"""Benchmark: 5-tier fund-flow traces from the database and from memory, beside baselines, same run.

Takes the synthetic month of `bench_tracing_engine.py` (background traffic, hub cards, 5-tier mule
trees), gives every card a bank card number of one of the seven simulated banks, and loads the
transfers into fresh databases made by the platform's own migrations: a SQLite file and/or a new,
uniquely named PostgreSQL database (dropped at the end). For each rule it then times, over the same
victims' transfers (the roots of the mule trees):

* the platform path: `trace_in_db` (tier-by-tier subgraph load + `TransferIndex` + `trace_funds`)
  plus the stop-request fan-out — bank of every reached card still holding money, one
  `RequestSpec` each, `do_create_requests` flushed in the trace's transaction, which is then rolled back;
* the in-memory path: `TransferIndex.from_arrays` over all transfers once, `trace_funds` per trace
  plus building the same request specs (no database);

and, in the same process on the same data, the baselines: a recursive SQL query (WITH RECURSIVE,
5 hops, time never going backwards, 72 h window) on each backend using the (from_account, time)
index, and a networkx time-respecting traversal when networkx is importable.

    python benchmarks/bench_tracing_db.py                                  # 1 M transfers, both backends
    python benchmarks/bench_tracing_db.py --traces 200                     # quick
    python benchmarks/bench_tracing_db.py --transfers 10000000 --backend postgresql --traces 200
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import platform
import resource
import statistics
import sys
import tempfile
import time
import tracemalloc
import uuid
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import Any, TypeVar

import numpy as np
import psycopg
import sqlalchemy

# the same synthetic month as the in-memory engine benchmark (this script's folder is on sys.path)
from bench_tracing_engine import generate
from rich.console import Console
from rich.progress import track
from rich.table import Table
from sqlalchemy import Engine, bindparam, event, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from antifraud.bootstrap import upgrade_database
from antifraud.cases import service as cases
from antifraud.cases.schemas import CaseIn
from antifraud.core.auth import SYSTEM
from antifraud.core.clock import now
from antifraud.core.db import UTCDateTime, make_engine, session_scope
from antifraud.dispatch.service import RequestSpec, do_create_requests
from antifraud.orgs.models import Organization
from antifraud.orgs.seed import seed_organizations
from antifraud.orgs.service import find_org
from antifraud.simulation.config import BANK_SHARES, BANKS
from antifraud.simulation.numbering import CardIssuer
from antifraud.tracing.engine import TraceResult, trace_funds
from antifraud.tracing.index import TransferIndex, from_epoch_ms, to_fen
from antifraud.tracing.service import bank_of, load_subgraph, trace_in_db

TIERS = 5
WINDOW = timedelta(hours=72)
CAP = 200
TXN_DIGITS = 12      # zero-padded txn ids: text order == numeric order, as in the in-memory index
CHUNK = 200_000      # rows per bulk-load batch
SAMPLE = 50          # seeds kept for the superset check and re-run untimed for the loaded-rows count
T = TypeVar("T")
COLUMNS = "txn_id, time, from_account, to_account, amount, balance_after"

# Reached cards of a 5-tier walk: only the (from_account, time) index, time never going backwards.
RECURSIVE_SQL = """
WITH RECURSIVE walk(account, tier, at) AS (
    SELECT to_account, 1, time FROM transfers WHERE txn_id = :seed
    UNION
    SELECT t.to_account, w.tier + 1, t.time
    FROM walk AS w
    JOIN transfers AS t ON t.from_account = w.account AND t.time >= w.at AND t.time <= :until
    WHERE w.tier < :tiers
)
SELECT account, MIN(tier) FROM walk GROUP BY account
"""


# ---- data -----------------------------------------------------------------------------------

@dataclass
class Data:
    """All transfers in one (time, txn_id)-sorted in-memory index, card numbers, and the seeds."""

    index: TransferIndex
    cards: np.ndarray            # card number (str) of each account id
    balance_after: np.ndarray    # payer's balance after each transfer, fen, in index order
    seeds: list[int]             # victims' transfers (txn ids) that are traced
    warmup: list[int]            # other victims' transfers, traced untimed first
    generate_s: float
    build_s: float
    build_peak: int              # bytes allocated at the peak of the index build


def card_numbers(n: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """A valid card number of one of the simulated banks for each account id, as text, and that bank."""
    rng = np.random.default_rng(seed)
    shares = np.array(BANK_SHARES) / sum(BANK_SHARES)
    bank = rng.choice(len(BANKS), size=n, p=shares)
    return CardIssuer.create(BANKS, rng).issue(bank, rng).astype(str), np.array(BANKS)[bank]


def payer_balance_after(index: TransferIndex) -> np.ndarray:
    """The paying card's balance right after each transfer, as a bank statement shows it (余额)."""
    after = np.zeros(index.n_transfers, dtype=np.int64)
    eids = index.out_eid.astype(np.int64)
    after[eids] = np.maximum(0, index.out_bal - index.amount[eids])
    return after


def prepare(n: int, traces: int, warmup: int, seed: int, console: Console) -> Data:
    """Generate the transfers, build the in-memory index (timed, memory traced), pick the seeds."""
    t0 = time.perf_counter()
    g = generate(n, seed)
    generate_s = time.perf_counter() - t0
    cards, banks = card_numbers(len(g.opening), seed + 2)
    tracemalloc.start()
    t0 = time.perf_counter()
    index = TransferIndex.from_arrays(g.src, g.dst, g.time, g.amount, g.txn, account_names=cards,
                                      opening_fen=g.opening, account_banks=banks)
    build_s = time.perf_counter() - t0
    build_peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    rng = np.random.default_rng(seed + 1)
    victims = g.txn[g.victim_rows][rng.permutation(len(g.victim_rows))].tolist()
    if traces > len(victims):
        console.print(f"[yellow]only {len(victims):,} mule trees: tracing each once[/]")
    chosen = victims[:traces]
    extra = victims[traces:traces + warmup] or chosen[:warmup]
    console.print(f"generated {index.n_transfers:,} transfers, {len(g.victim_rows):,} mule trees, "
                  f"{index.n_accounts:,} cards in {generate_s:.1f} s")
    return Data(index, cards, payer_balance_after(index), chosen, extra, generate_s, build_s, build_peak)


def progress(items: Iterable[T], label: str, console: Console, total: int | None = None) -> Iterable[T]:
    """A transient progress bar on a terminal, nothing otherwise."""
    return track(items, label, total=total, console=console, transient=True, disable=not console.is_terminal)


def txn_text(txn: int) -> str:
    """A transfer id as stored in the database."""
    return f"{txn:0{TXN_DIGITS}d}"


def time_text(ms: np.ndarray) -> list[str]:
    """Epoch milliseconds as SQLAlchemy's SQLite DATETIME text (UTC, microseconds)."""
    iso = np.datetime_as_string(ms.astype("datetime64[ms]"), unit="us")
    return [s.replace("T", " ") for s in iso.tolist()]


def n_chunks(data: Data) -> int:
    """How many bulk-load batches the transfers make."""
    return -(-data.index.n_transfers // CHUNK)


def row_chunks(data: Data) -> Iterator[tuple[list[str], list[str], list[str], list[str], list[int], list[int]]]:
    """Columns of the transfers in time order, CHUNK rows at a time."""
    idx = data.index
    for lo in range(0, idx.n_transfers, CHUNK):
        hi = min(idx.n_transfers, lo + CHUNK)
        yield ([txn_text(x) for x in idx.txn[lo:hi].tolist()], time_text(idx.time[lo:hi]),
               data.cards[idx.src[lo:hi]].tolist(), data.cards[idx.dst[lo:hi]].tolist(),
               idx.amount[lo:hi].tolist(), data.balance_after[lo:hi].tolist())


# ---- databases ------------------------------------------------------------------------------

@dataclass
class Loaded:
    """A backend with the transfers in it: how long loading took and what it occupies."""

    name: str
    engine: Engine
    version: str
    settings: str
    copy_s: float
    index_s: dict[str, float]
    analyze_s: float
    db_bytes: int
    table_bytes: int
    index_bytes: dict[str, int]
    case_id: int = 0
    case_no: str = ""
    queries: list[int] = field(default_factory=lambda: [0])

    @property
    def load_s(self) -> float:
        """Rows in, indexes rebuilt, statistics gathered."""
        return self.copy_s + sum(self.index_s.values()) + self.analyze_s


def count_queries(engine: Engine) -> list[int]:
    """A counter of statements sent through the engine."""
    counter = [0]

    def bump(*_: Any) -> None:
        counter[0] += 1

    event.listen(engine, "before_cursor_execute", bump)
    return counter


def load_sqlite(engine: Engine, data: Data, console: Console, analyze: bool = False) -> Loaded:
    """executemany in one transaction; the two secondary indexes dropped first and rebuilt after."""
    raw = engine.raw_connection()
    try:
        con = raw.driver_connection
        assert con is not None
        con.execute("PRAGMA cache_size=-524288")  # 512 MiB for this loading connection only
        indexes = con.execute("SELECT name, sql FROM sqlite_master WHERE type = 'index' "
                              "AND tbl_name = 'transfers' AND sql IS NOT NULL").fetchall()
        for name, _sql in indexes:
            con.execute(f'DROP INDEX "{name}"')
        t0 = time.perf_counter()
        for chunk in progress(row_chunks(data), "SQLite: inserting", console, n_chunks(data)):
            con.executemany(f"INSERT INTO transfers ({COLUMNS}) VALUES (?, ?, ?, ?, ?, ?)", zip(*chunk))
        con.commit()
        copy_s = time.perf_counter() - t0
        index_s = {}
        for name, sql in indexes:
            t0 = time.perf_counter()
            con.execute(sql)
            con.commit()
            index_s[name] = time.perf_counter() - t0
        t0 = time.perf_counter()
        if analyze:  # the platform never runs it on SQLite; see --sqlite-analyze
            con.execute("ANALYZE")
            con.commit()
        analyze_s = time.perf_counter() - t0
        con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        sizes = dict(con.execute("SELECT name, SUM(pgsize) FROM dbstat GROUP BY name").fetchall())
        page = con.execute("PRAGMA page_size").fetchone()[0] * con.execute("PRAGMA page_count").fetchone()[0]
        con.execute("PRAGMA cache_size=-2000")
    finally:
        raw.close()
    index_bytes = {k: v for k, v in sizes.items() if k.startswith(("ix_transfers", "sqlite_autoindex_transfers"))}
    stats = "ANALYZE run" if analyze else "no ANALYZE, as the platform"
    return Loaded("SQLite", engine, sqlite_version(), f"WAL, synchronous=NORMAL, default page cache, {stats}",
                  copy_s, index_s, analyze_s, page, sizes.get("transfers", 0), index_bytes)


def sqlite_version() -> str:
    """The SQLite library the driver uses."""
    import sqlite3

    return sqlite3.sqlite_version


def pg_copy_block(chunk: tuple[list[str], ...]) -> bytes:
    """COPY text for one chunk: times in UTC, amounts as yuan with two places."""
    txn, times, src, dst, amount, after = chunk
    lines = [f"{a}\t{b}+00\t{c}\t{d}\t{e // 100}.{e % 100:02d}\t{f // 100}.{f % 100:02d}\n"
             for a, b, c, d, e, f in zip(txn, times, src, dst, amount, after, strict=True)]
    return "".join(lines).encode()


def load_postgresql(engine: Engine, data: Data, console: Console) -> Loaded:
    """COPY in one transaction, indexes and the txn_id unique constraint dropped first, rebuilt after."""
    raw = engine.raw_connection()
    try:
        con = raw.driver_connection
        assert con is not None
        with con.cursor() as cur:
            cur.execute("SET LOCAL maintenance_work_mem = '1GB'")
            cur.execute("SET LOCAL synchronous_commit = off")
            owned = "SELECT conname FROM pg_constraint WHERE conrelid = 'transfers'::regclass"
            indexes = cur.execute("SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'transfers' "
                                  f"AND indexname NOT IN ({owned})").fetchall()
            uniques = cur.execute("SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
                                  "WHERE conrelid = 'transfers'::regclass AND contype = 'u'").fetchall()
            for name, _ in indexes:
                cur.execute(f'DROP INDEX "{name}"')
            for name, _ in uniques:
                cur.execute(f'ALTER TABLE transfers DROP CONSTRAINT "{name}"')
            t0 = time.perf_counter()
            with cur.copy(f"COPY transfers ({COLUMNS}) FROM STDIN") as copy:
                for chunk in progress(row_chunks(data), "PostgreSQL: COPY", console, n_chunks(data)):
                    copy.write(pg_copy_block(chunk))
            copy_s = time.perf_counter() - t0
            index_s = {}
            for name, sql in indexes:
                t0 = time.perf_counter()
                cur.execute(sql)
                index_s[name] = time.perf_counter() - t0
            for name, definition in uniques:
                t0 = time.perf_counter()
                cur.execute(f'ALTER TABLE transfers ADD CONSTRAINT "{name}" {definition}')
                index_s[name] = time.perf_counter() - t0
            t0 = time.perf_counter()
            cur.execute("ANALYZE transfers")
            analyze_s = time.perf_counter() - t0
        con.commit()
        with con.cursor() as cur:
            version = cur.execute("SHOW server_version").fetchone()[0]
            settings = ", ".join(f"{k}={cur.execute(f'SHOW {k}').fetchone()[0]}"
                                 for k in ("shared_buffers", "work_mem", "effective_cache_size"))
            db_bytes, table_bytes = cur.execute("SELECT pg_database_size(current_database()), "
                                                "pg_relation_size('transfers')").fetchone()
            index_bytes = dict(cur.execute("SELECT indexname, pg_relation_size(indexname::regclass) "
                                           "FROM pg_indexes WHERE tablename = 'transfers'").fetchall())
        con.commit()
    finally:
        raw.close()
    return Loaded("PostgreSQL", engine, version, settings, copy_s, index_s, analyze_s, db_bytes,
                  table_bytes, index_bytes)


@contextmanager
def postgresql_database(url: str) -> Iterator[str]:
    """A fresh, uniquely named database on the server of `url`; dropped on the way out."""
    base = make_url(url)
    name = f"antifraud_bench_{uuid.uuid4().hex[:10]}"
    admin = psycopg.connect(host=base.host or "127.0.0.1", port=base.port or 5432, user=base.username,
                            password=base.password, dbname=base.database or "postgres", autocommit=True)
    try:
        admin.execute(f'CREATE DATABASE "{name}"')
        try:
            yield base.set(database=name).render_as_string(hide_password=False)
        finally:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        admin.close()


def open_backend(name: str, url: str, data: Data, console: Console, sqlite_analyze: bool = False) -> Loaded:
    """Migrate a fresh database, bulk-load the transfers, file the case the stop requests belong to."""
    engine = make_engine(url)
    upgrade_database(engine)
    if name == "sqlite":
        loaded = load_sqlite(engine, data, console, sqlite_analyze)
    else:
        loaded = load_postgresql(engine, data, console)
    with session_scope(engine) as session:
        case = cases.do_create_case(session, SYSTEM, CaseIn.model_validate(
            {"victim": {"name": "benchmark"}, "fraud_type": "brushing_rebate", "loss_amount": "1000.00",
             "occurred_at": now().isoformat()}))
    loaded.case_id, loaded.case_no = case.id, case.case_no
    loaded.queries = count_queries(engine)
    console.print(f"{loaded.name}: loaded in {loaded.load_s:.1f} s (rows {loaded.copy_s:.1f} s, indexes "
                  f"{sum(loaded.index_s.values()):.1f} s, analyze {loaded.analyze_s:.1f} s); database "
                  f"{loaded.db_bytes / 2**20:,.0f} MiB")
    return loaded


# ---- timed runs -----------------------------------------------------------------------------

@dataclass
class Run:
    """Per-trace timings of one path and rule, and what the traces found."""

    path: str
    rule: str
    trace_ms: list[float] = field(default_factory=list)
    total_ms: list[float] = field(default_factory=list)   # trace + stop-request fan-out
    cpu_ms: list[float] = field(default_factory=list)     # this thread's CPU time of trace + fan-out
    touched: int = 0
    requests: int = 0
    queries: int = 0
    held: dict[int, int] = field(default_factory=dict)     # seed -> total held, fen
    reached: dict[int, int] = field(default_factory=dict)  # seed -> reached cards
    tiers: dict[int, dict[str, int]] = field(default_factory=dict)  # sampled seeds: card -> tier


def stop_specs(result: TraceResult, org_of: Callable[[str], Organization | None]) -> list[RequestSpec]:
    """One stop-payment per reached card still holding the victim's money, routed to its bank."""
    specs = []
    for card in result.holding():
        code = card.bank_code  # the trace already asked bank_of
        org = org_of(code) if code else None
        if org is not None and org.kind == "bank":
            specs.append(RequestSpec("stop_payment", card.account, org, requested_amount=card.amount_held,
                                     tier=card.tier))
    return specs


def record(run: Run, seed: int, result: TraceResult, t0: float, t1: float, t2: float, n_specs: int,
           cpu: float) -> None:
    """Keep one trace's timings and findings."""
    run.trace_ms.append((t1 - t0) * 1000)
    run.total_ms.append((t2 - t0) * 1000)
    run.cpu_ms.append(cpu * 1000)
    run.touched += result.touched_edges
    run.requests += n_specs
    run.held[seed] = to_fen(result.total_held)
    run.reached[seed] = len(result.accounts)
    if len(run.tiers) < SAMPLE:
        run.tiers[seed] = {a.account: a.tier for a in result.accounts}


MEMORY, MEMORY_PY = "memory", "memory, Python loops"


def run_memory(data: Data, rule: str, console: Console, compiled: bool = True) -> Run:
    """trace_funds over the whole in-memory index, then the request specs (banks from the seed list).

    `compiled`: the compiled kernel (what `trace_funds` picks for an index this size) or the
    engine's Python loops.
    """
    banks = {s.code: Organization(code=s.code, kind=s.kind, level=s.level, name_zh=s.name_zh,
                                  name_en=s.name_en) for s in seed_organizations() if s.kind == "bank"}
    run = Run(MEMORY if compiled else MEMORY_PY, rule)
    for seed in data.warmup:
        stop_specs(trace_funds(data.index, seed, rule=rule, max_tiers=TIERS, window=WINDOW, fanout_cap=CAP,
                               bank_of=bank_of, compiled=compiled), banks.get)
    for seed in progress(data.seeds, f"{run.path} {rule}", console):
        c0, t0 = time.thread_time(), time.perf_counter()
        result = trace_funds(data.index, seed, rule=rule, max_tiers=TIERS, window=WINDOW, fanout_cap=CAP,
                             bank_of=bank_of, compiled=compiled)
        t1 = time.perf_counter()
        specs = stop_specs(result, banks.get)
        t2, c2 = time.perf_counter(), time.thread_time()
        record(run, seed, result, t0, t1, t2, len(specs), c2 - c0)
    return run


def db_trace(db: Loaded, seed: int, rule: str) -> tuple[TraceResult, float, float, float, int, float]:
    """One platform trace and its stop requests in one transaction, rolled back (rollback not timed)."""
    with Session(db.engine) as session:
        c0, t0 = time.thread_time(), time.perf_counter()
        result = trace_in_db(session, txn_text(seed), rule=rule, max_tiers=TIERS, window=WINDOW,
                             fanout_cap=CAP)
        t1 = time.perf_counter()
        specs = stop_specs(result, lambda code: find_org(session, code))
        if specs:
            do_create_requests(session, SYSTEM, db.case_id, db.case_no, specs)
            session.flush()  # the audit entries too, as the commit would
        t2, c2 = time.perf_counter(), time.thread_time()
        session.rollback()
    return result, t0, t1, t2, len(specs), c2 - c0


def run_db(db: Loaded, data: Data, rule: str, console: Console) -> Run:
    """trace_in_db + stop-request fan-out per seed."""
    run = Run(db.name, rule)
    for seed in data.warmup:
        db_trace(db, seed, rule)
    before = db.queries[0]
    for seed in progress(data.seeds, f"{db.name} {rule}", console):
        result, t0, t1, t2, n_specs, cpu = db_trace(db, seed, rule)
        record(run, seed, result, t0, t1, t2, n_specs, cpu)
    run.queries = db.queries[0] - before
    return run


@dataclass
class Baseline:
    """Per-trace timings of a reachability baseline and the cards it reached (min tier)."""

    name: str
    short: str
    ms: list[float] = field(default_factory=list)
    reached: dict[int, dict[str, int]] = field(default_factory=dict)
    note: str = ""


def run_recursive_sql(db: Loaded, data: Data, console: Console) -> Baseline:
    """WITH RECURSIVE over transfers per seed: reached cards and their min tier."""
    stmt = text(RECURSIVE_SQL).bindparams(bindparam("until", type_=UTCDateTime()))
    idx = data.index
    out = Baseline(f"recursive SQL (WITH RECURSIVE), {db.name}", f"CTE {db.name}")
    with db.engine.connect() as conn:
        for i, seed in enumerate(progress(data.warmup + data.seeds, f"{db.name} WITH RECURSIVE", console)):
            until = from_epoch_ms(int(idx.time[idx.edge_of(seed)])) + WINDOW
            t0 = time.perf_counter()
            rows = conn.execute(stmt, {"seed": txn_text(seed), "until": until, "tiers": TIERS}).all()
            elapsed = (time.perf_counter() - t0) * 1000
            if i >= len(data.warmup):
                out.ms.append(elapsed)
                out.reached[seed] = dict(rows)
        conn.rollback()
    return out


def run_networkx(data: Data, limit: int, console: Console) -> Baseline:
    """Time-respecting 5-hop traversal over a networkx MultiDiGraph of all transfers (if importable)."""
    out = Baseline("networkx MultiDiGraph traversal", "networkx")
    if importlib.util.find_spec("networkx") is None:
        out.note = "networkx is not installed: no networkx baseline"
        return out
    idx = data.index
    if idx.n_transfers > limit:
        out.note = f"networkx skipped above --networkx-max {limit:,} transfers (memory)"
        return out
    import networkx as nx

    t0 = time.perf_counter()
    graph = nx.MultiDiGraph()
    graph.add_edges_from(zip(idx.src.tolist(), idx.dst.tolist(), ({"t": t} for t in idx.time.tolist()),
                             strict=True))
    out.note = f"graph built in {time.perf_counter() - t0:.1f} s"
    for seed in progress(data.seeds, "networkx", console):
        eid = idx.edge_of(seed)
        t0 = time.perf_counter()
        found = nx_reach(graph.adj, int(idx.dst[eid]), int(idx.time[eid]), TIERS)
        out.ms.append((time.perf_counter() - t0) * 1000)
        out.reached[seed] = {str(data.cards[a]): tier for a, tier in found.items()}
    return out


def nx_reach(adj: Any, card: int, start_ms: int, tiers: int) -> dict[int, int]:
    """Cards reachable in `tiers` hops with times never going backwards; earliest arrival per tier."""
    end = start_ms + WINDOW // timedelta(milliseconds=1)
    reached, level = {card: 1}, {card: start_ms}
    for tier in range(2, tiers + 1):
        nxt: dict[int, int] = {}
        for u, at in level.items():
            for v, edges in adj[u].items():
                for attrs in edges.values():
                    t = attrs["t"]
                    if at <= t <= end and t < nxt.get(v, end + 1):
                        nxt[v] = t
        for v in nxt:
            reached.setdefault(v, tier)
        level = nxt
    return reached


# ---- checks ---------------------------------------------------------------------------------

def loaded_rows(db: Loaded, data: Data) -> list[int]:
    """Rows the platform's subgraph loader reads for the first SAMPLE seeds (untimed)."""
    idx, counts = data.index, []
    with Session(db.engine) as session:
        for seed in data.seeds[:SAMPLE]:
            eid = idx.edge_of(seed)
            since = from_epoch_ms(int(idx.time[eid]))
            counts.append(len(load_subgraph(session, str(data.cards[idx.dst[eid]]), since, since + WINDOW,
                                            TIERS)))
    return counts


def superset_line(cte: Baseline, poison: Run) -> str:
    """On the sampled seeds: does the recursive SQL reach every card poison reaches, at a tier ≤ poison's?"""
    cover = tiers_ok = 0
    for seed, mine in poison.tiers.items():
        walk = cte.reached[seed]
        cover += set(mine) <= set(walk)
        tiers_ok += all(walk.get(a, TIERS + 1) <= t for a, t in mine.items())
    n = len(poison.tiers)
    return (f"  {cte.short} ⊇ poison from {poison.path}: reached cards on {cover}/{n} sampled traces, "
            f"min tier ≤ poison's on {tiers_ok}/{n}")


# ---- report ---------------------------------------------------------------------------------

def pct(values: Sequence[float], q: float) -> float:
    """Percentile q (0..100), nearest rank."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q / 100 * len(ordered)))]


def machine_info(dbs: Sequence[Loaded]) -> list[str]:
    """Cores, memory, versions."""
    model = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                  if line.startswith("model name")), platform.processor())
    mem = next((int(line.split()[1]) // 2**20 for line in Path("/proc/meminfo").read_text().splitlines()
                if line.startswith("MemTotal")), 0)
    cpu = (f"{os.cpu_count()} cores ({len(os.sched_getaffinity(0))} usable), {model}, {mem} GiB RAM, "
           f"{platform.system()} {platform.release()}")
    versions = (f"Python {platform.python_version()}, numpy {np.__version__}, "
                f"SQLAlchemy {sqlalchemy.__version__}, psycopg {psycopg.__version__}")
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    lines = [cpu + f"; load average now {load}", versions]
    lines += [f"{db.name} {db.version} ({db.settings})" for db in dbs]
    return lines


def rss_mib() -> tuple[float, float]:
    """Current and peak resident memory of this process."""
    pages = int(Path("/proc/self/statm").read_text().split()[1])
    return pages * os.sysconf("SC_PAGE_SIZE") / 2**20, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def data_table(data: Data, dbs: Sequence[Loaded], rows_read: dict[str, list[int]]) -> Table:
    """Index build time and memory, load times and sizes."""
    t = Table(title=f"Data: {data.index.n_transfers:,} transfers, {data.index.n_accounts:,} cards")
    for col in ("store", "build / load", "memory / disk", "notes"):
        t.add_column(col, justify="left" if col in ("store", "notes") else "right")
    names = data.cards.nbytes
    t.add_row("in-memory TransferIndex", f"{data.build_s:.2f} s", f"{data.index.nbytes / 2**20:,.0f} MiB",
              f"arrays; peak {data.build_peak / 2**20:,.0f} MiB allocated during the build; card-number "
              f"array {names / 2**20:,.0f} MiB more")
    for db in dbs:
        ix = ", ".join(f"{k} {v / 2**20:,.0f} MiB" for k, v in sorted(db.index_bytes.items()))
        built = ", ".join(f"{k} {v:.1f} s" for k, v in db.index_s.items())
        rows = rows_read.get(db.name, [])
        read = (f"; subgraph loader reads {statistics.fmean(rows):,.0f} rows/trace (max {max(rows):,})"
                if rows else "")
        t.add_row(db.name, f"{db.load_s:.1f} s", f"{db.db_bytes / 2**20:,.0f} MiB",
                  f"rows {db.copy_s:.1f} s, analyze {db.analyze_s:.1f} s; index builds: {built}; table "
                  f"{db.table_bytes / 2**20:,.0f} MiB, indexes: {ix}{read}")
    return t


def trace_table(runs: Sequence[Run], baselines: Sequence[Baseline], k: int) -> Table:
    """Latency per path and rule, touched edges, and p99 ratios against every baseline measured."""
    t = Table(title=f"5-tier traces over {k:,} victims' transfers, ms; ×B = baseline B's p99 / this "
                    "path's p99, for the trace / for trace + fan-out")
    for col in ("path", "rule", "trace p50", "p99", "mean", "+fan-out p50", "p99", "CPU p99", "stops",
                "edges", "ns/edge", "queries"):
        t.add_column(col, justify="left" if col in ("path", "rule") else "right")
    for b in baselines:
        if b.ms:
            t.add_column(f"×{b.short}", justify="right")
    for r in runs:
        n = len(r.trace_ms)
        ratios = [f"{ratio(pct(b.ms, 99), pct(r.trace_ms, 99))} / {ratio(pct(b.ms, 99), pct(r.total_ms, 99))}"
                  for b in baselines if b.ms]
        t.add_row(r.path, r.rule, f"{pct(r.trace_ms, 50):.2f}", f"{pct(r.trace_ms, 99):.2f}",
                  f"{statistics.fmean(r.trace_ms):.2f}", f"{pct(r.total_ms, 50):.2f}",
                  f"{pct(r.total_ms, 99):.2f}", f"{pct(r.cpu_ms, 99):.2f}", f"{r.requests / n:.1f}",
                  f"{r.touched / n:,.0f}",
                  f"{sum(r.trace_ms) * 1e6 / max(1, r.touched):,.0f}",
                  f"{r.queries / n:.1f}" if not r.path.startswith(MEMORY) else "-", *ratios)
    t.caption = ("CPU: this thread's CPU time for trace + fan-out (less disturbed by other load; "
                 "excludes the database server's). stops, edges, queries: per trace. memory: the compiled kernel; "
                 "memory, Python loops: the engine's Python loops, same index. fan-out: memory = records of "
                 "the cards still holding money, their banks, a RequestSpec each; database = the same + do_create_requests flushed (request rows and "
                 "audit entries inserted) in the trace's transaction, rolled back untimed. ns/edge = trace "
                 "time / edges the engine touched.")
    return t


def ratio(baseline: float, mine: float) -> str:
    """baseline / mine, with two significant digits below 1."""
    x = baseline / mine
    return f"{x:.1f}" if x >= 1 else f"{x:.2g}"


def baseline_table(baselines: Sequence[Baseline]) -> Table:
    """The baselines: reachability only (cards and min tier), no amounts."""
    t = Table(title="Baselines, same seeds: cards reachable in 5 hops, time never going backwards, 72 h")
    for col in ("baseline", "p50", "p99", "mean", "cards/trace", "note"):
        t.add_column(col, justify="left" if col in ("baseline", "note") else "right")
    for b in baselines:
        if b.ms:
            cards = statistics.fmean(len(v) for v in b.reached.values())
            t.add_row(b.name, f"{pct(b.ms, 50):.2f}", f"{pct(b.ms, 99):.2f}", f"{statistics.fmean(b.ms):.2f}",
                      f"{cards:,.1f}", b.note)
        else:
            t.add_row(b.name, "-", "-", "-", "-", b.note)
    return t


def target_lines(runs: Sequence[Run], baselines: Sequence[Baseline], n: int) -> list[str]:
    """The issue's targets (stated for 10 M transfers).

    The ratio to the recursive query is judged on the trace, the like-for-like quantity (the query
    lists the reached cards; the trace also attributes the money); trace + fan-out is printed beside.
    """
    by = {(r.path, r.rule): r for r in runs}
    out = [f"targets (stated for 10 M transfers; this run: {n:,}):"]
    mem = by.get((MEMORY, "fifo"))
    if mem:
        p99, total = pct(mem.trace_ms, 99), pct(mem.total_ms, 99)
        out.append(f"  fifo from memory p99 {p99:.3f} ms (+fan-out {total:.3f} ms) < 5 ms: "
                   f"{'PASS' if total < 5 else 'FAIL'}")
        for b in baselines:
            if b.short.startswith("CTE") and b.ms:
                x = pct(b.ms, 99) / p99
                out.append(f"  fifo from memory ≥ 10× {b.name} (p99): ×{x:.1f} "
                           f"{'PASS' if x >= 10 else 'FAIL'} (trace + fan-out: ×{pct(b.ms, 99) / total:.1f})")
    pg = by.get(("PostgreSQL", "fifo"))
    if pg:
        p99 = pct(pg.total_ms, 99)
        out.append(f"  fifo from PostgreSQL p99 {p99:.1f} ms (trace + fan-out) < 500 ms: "
                   f"{'PASS' if p99 < 500 else 'FAIL'}")
    return out


def agreement_lines(runs: Sequence[Run]) -> list[str]:
    """Other paths against the compiled in-memory path: same total held, same number of reached cards."""
    mem = {r.rule: r for r in runs if r.path == MEMORY}
    out = []
    for r in runs:
        ref = mem.get(r.rule)
        if r.path == MEMORY or ref is None:
            continue
        held = sum(ref.held[s] == v for s, v in r.held.items())
        cards = sum(ref.reached[s] == v for s, v in r.reached.items())
        out.append(f"  {r.path} {r.rule}: total held equal on {held}/{len(r.held)} traces, "
                   f"reached-card count equal on {cards}/{len(r.reached)}")
    return out


def baseline_lines(runs: Sequence[Run], baselines: Sequence[Baseline]) -> list[str]:
    """Recursive SQL ⊇ poison on a sample; networkx against the recursive SQL on every seed."""
    ctes = [b for b in baselines if b.short.startswith("CTE") and b.ms]
    out = [superset_line(cte, r) for cte in ctes for r in runs if r.rule == "poison"]
    for b in baselines:
        if b.ms and not b.short.startswith("CTE") and ctes:
            same = sum(b.reached[s] == ctes[0].reached[s] for s in b.reached)
            out.append(f"  {b.short}: same cards and min tiers as {ctes[0].short} on {same}/{len(b.reached)}")
    return out


# ---- main -----------------------------------------------------------------------------------

def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    """Command-line options."""
    parser = argparse.ArgumentParser((__doc__ or "").splitlines()[0])
    parser.add_argument("--transfers", type=int, default=1_000_000)
    parser.add_argument("--traces", type=int, default=1000, help="victims' transfers traced per rule and path")
    parser.add_argument("--backend", choices=("sqlite", "postgresql", "both"), default="both")
    parser.add_argument("--pg-url", default="postgresql+psycopg://postgres@127.0.0.1:5432/test",
                        help="server to create (and drop) a fresh benchmark database on")
    parser.add_argument("--rules", default="fifo,proportional,poison")
    parser.add_argument("--warmup", type=int, default=10, help="untimed traces of other victims first")
    parser.add_argument("--networkx-max", type=int, default=2_000_000,
                        help="largest data the networkx baseline is built for")
    parser.add_argument("--workdir", default=None, help="folder for the SQLite file (default: a temp folder)")
    parser.add_argument("--sqlite-analyze", action="store_true",
                        help="run ANALYZE on SQLite after loading (the platform does not)")
    parser.add_argument("--seed", type=int, default=7)
    return parser.parse_args(argv)


def rule_list(args: argparse.Namespace) -> list[str]:
    """The rules asked for."""
    return [r.strip() for r in args.rules.split(",") if r.strip()]


def bench_backend(name: str, url: str, data: Data, args: argparse.Namespace,
                  console: Console) -> tuple[Loaded, list[Run], Baseline, list[int]]:
    """Load one backend, time the platform path per rule and the recursive SQL."""
    db = open_backend(name, url, data, console, args.sqlite_analyze)
    runs = [run_db(db, data, rule, console) for rule in rule_list(args)]
    cte = run_recursive_sql(db, data, console)
    rows = loaded_rows(db, data)
    return db, runs, cte, rows


def main(argv: Sequence[str] | None = None) -> int:
    """Generate, load, trace, compare; print a report."""
    args = parse_args(argv)
    console = Console(width=None if sys.stdout.isatty() else 200)
    rules = rule_list(args)
    data = prepare(args.transfers, args.traces, args.warmup, args.seed, console)
    console.print(f"in-memory index built in {data.build_s:.2f} s, {data.index.nbytes / 2**20:,.0f} MiB; "
                  f"RSS now {rss_mib()[0]:,.0f} MiB")
    runs = [run_memory(data, rule, console, compiled) for compiled in (True, False) for rule in rules]
    dbs: list[Loaded] = []
    baselines: list[Baseline] = []
    rows_read: dict[str, list[int]] = {}
    backends = ("sqlite", "postgresql") if args.backend == "both" else (args.backend,)
    with tempfile.TemporaryDirectory(dir=args.workdir, prefix="bench_tracing_db_") as tmp:
        for name in backends:
            with _database(name, tmp, args.pg_url) as url:
                db, db_runs, cte, rows = bench_backend(name, url, data, args, console)
                db.engine.dispose()
            dbs.append(db)
            runs += db_runs
            baselines.append(cte)
            rows_read[db.name] = rows
    baselines.append(run_networkx(data, args.networkx_max, console))
    report(console, data, dbs, runs, baselines, rows_read)
    return 0


@contextmanager
def _database(name: str, tmp: str, pg_url: str) -> Iterator[str]:
    """The URL of a fresh, empty database of the backend."""
    if name == "sqlite":
        yield f"sqlite:///{Path(tmp) / 'transfers.db'}"
    else:
        with postgresql_database(pg_url) as url:
            yield url


def report(console: Console, data: Data, dbs: Sequence[Loaded], runs: Sequence[Run],
           baselines: Sequence[Baseline], rows_read: dict[str, list[int]]) -> None:
    """Print the tables, the checks and the targets."""
    console.print()
    for line in machine_info(dbs):
        console.print(line)
    console.print(data_table(data, dbs, rows_read))
    console.print(trace_table(runs, baselines, len(data.seeds)))
    console.print(baseline_table(baselines))
    console.print("checks: the Python loops and the database paths against the compiled kernel (same seeds)")
    for line in agreement_lines(runs):
        console.print(line)
    console.print("checks: the baselines against poison (an upper bound of where the money went)")
    for line in baseline_lines(runs, baselines):
        console.print(line)
    for line in target_lines(runs, baselines, data.index.n_transfers):
        console.print(line)
    now_mib, peak_mib = rss_mib()
    console.print(f"RSS {now_mib:,.0f} MiB, peak {peak_mib:,.0f} MiB")


if __name__ == "__main__":
    sys.exit(main())
