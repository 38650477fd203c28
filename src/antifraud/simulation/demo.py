"""`antifraud demo`: a SQLite platform filled with a simulated year of Jinhua, live, one login per role."""

from __future__ import annotations

import json
import logging
import os
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table
from sqlalchemy import Engine

from antifraud.core.clock import now
from antifraud.core.db import session_scope
from antifraud.core.meta import get_meta, set_meta
from antifraud.orgs.service import do_create_user, find_user

log = logging.getLogger(__name__)
DEMO_PASSWORD = "demo-2026"


@dataclass(frozen=True)
class DemoLogin:
    """One sign-in the demo prints."""

    username: str
    role: str
    org: str


DEMO_LOGINS = (
    DemoLogin("demo-calltaker", "call_taker", "JH"),
    DemoLogin("demo-icbc", "bank_liaison", "ICBC"),
    DemoLogin("demo-cmcc", "carrier_liaison", "CMCC"),
    DemoLogin("demo-meituan", "platform_liaison", "MEITUAN"),
    DemoLogin("demo-commander", "commander", "JH"),
    DemoLogin("demo-analyst", "analyst", "JH"),
    DemoLogin("demo-intervention", "intervention", "JH"),
    DemoLogin("demo-expert", "expert", "JH"),
    DemoLogin("demo-yiwu", "commander", "JH-330782"),  # a county bureau: its share of the operations
    DemoLogin("demo-admin", "admin", "JH"),
)
HUMAN_ORGS = frozenset({"ICBC", "CMCC"})
REPORTS_PER_DAY_AT_FULL_SCALE = 38  # Jinhua's reports a day (≈ 14,000 a year), the simulator's calibration


def demo_database(data_dir: Path, reset: bool) -> str:
    """The demo's SQLite URL in the data directory; `reset` deletes the old file first."""
    data_dir.mkdir(parents=True, exist_ok=True)
    path = data_dir / "demo.db"
    if reset:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
    return f"sqlite:///{path}"


def ensure_logins(engine: Engine) -> None:
    """Create the demo's human logins if they are missing, and put the desk officer on duty today."""
    from datetime import timedelta

    from antifraud.core.auth import SYSTEM
    from antifraud.core.clock import local_day_start
    from antifraud.desk.service import do_add_shift, on_duty

    with session_scope(engine) as session:
        for login in DEMO_LOGINS:
            if find_user(session, login.username) is None:
                do_create_user(session, login.username, DEMO_PASSWORD, login.role, login.org)
        if not any(d["username"] == "demo-intervention" for d in on_duty(session, SYSTEM)):
            day = local_day_start()
            do_add_shift(session, SYSTEM, "demo-intervention", "JH", day, day + timedelta(days=1))


RECENT_DAYS = 3


def _loaded_days(engine: Engine) -> set[int]:
    with session_scope(engine) as session:
        return set(json.loads(get_meta(session, "simulated.loaded_days") or "[]"))


def _mark_loaded(engine: Engine, index: int) -> None:
    with session_scope(engine) as session:
        done = set(json.loads(get_meta(session, "simulated.loaded_days") or "[]")) | {index}
        set_meta(session, "simulated.loaded_days", json.dumps(sorted(done)))


def fill_history(engine: Engine, console: Console, seed: int, scale: float, days: int
                 ) -> Callable[[], None] | None:
    """Load the simulated history: the last three days now, the rest by the returned backfill job.

    The history is fixed by (seed, scale, days, end) kept in the database, so a demo stopped half-way
    picks up where it left off and never files a day twice.
    """
    from antifraud.simulation.loader import (
        LoadStats,
        link_earlier_history,
        load_day,
        simulate_days,
        simulated_actors,
        statement_book,
    )

    with session_scope(engine) as session:
        end_text = get_meta(session, "simulated.end")
        if end_text is None:
            end_text = now().isoformat()
            for key, value in (("simulated", "true"), ("simulated.seed", str(seed)),
                               ("simulated.scale", str(scale)), ("simulated.days", str(days)),
                               ("simulated.end", end_text)):
                set_meta(session, key, value)
        seed = int(get_meta(session, "simulated.seed") or seed)
        scale = float(get_meta(session, "simulated.scale") or scale)
        days = int(get_meta(session, "simulated.days") or days)
    end = datetime.fromisoformat(end_text)
    linked = link_earlier_history(engine)  # every case filed from now on is linked as it is filed
    if linked:
        console.print(f"linked {linked:,} cases filed before case linking")
    done = _loaded_days(engine)
    if len(done) >= days:
        console.print("reusing the simulated history already in the database")
        return None
    columns = (TextColumn("[bold]{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    with Progress(*columns, console=console) as progress:
        task = progress.add_task("simulating a year of Jinhua", total=days)
        simulated = simulate_days(seed, scale, days, end,
                                  progress=lambda i, _n: progress.update(task, completed=i),
                                  census=lambda content: _import_census(engine, content))
        todo = [d for d in simulated if d.index not in done]
        recent, older = todo[-RECENT_DAYS:], todo[:-RECENT_DAYS]
        actors = simulated_actors(engine, seed)
        stats = LoadStats()
        task = progress.add_task("filing the last three days", total=len(recent))
        # The newest day's cases get their statements as the banks' answers to their statement requests
        # (a report's money may have moved the day before, so the banks keep two days); the days before
        # are taken in on file, which is ten times faster (5 s against 49 s for three days, measured).
        book = statement_book(t for d in simulated[-2:] for t in d.transfers)
        for day in recent:
            load_day(engine, actors, day, seed, end, stats, book=book if day is simulated[-1] else None)
            _mark_loaded(engine, day.index)
            progress.advance(task)
    console.print(f"filed {stats.cases:,} cases with {stats.requests:,} requests from the last {len(recent)} days; "
                  f"the banks answered {stats.statements:,} statement requests")

    def backfill() -> None:
        for day in reversed(older):  # newest first: this year's figures fill in soonest
            load_day(engine, actors, day, seed, end, stats, pause=0.05)
            _mark_loaded(engine, day.index)
        log.info("simulated history complete: %s cases", stats.cases)

    if older:
        console.print(f"the {len(older)} older days are being filed in the background")
    return backfill if older else None


def _import_census(engine: Engine, content: bytes) -> None:
    """The simulated city's census becomes the population behind every rate (once per database)."""
    from antifraud.analytics.service import do_import_population, population_cells
    from antifraud.core.auth import SYSTEM

    with session_scope(engine) as session:
        if not population_cells(session):
            do_import_population(session, SYSTEM, content, "simulated census")


def print_logins(console: Console, host: str, port: int) -> None:
    """The address and one login per role."""
    table = Table(title=f"Antifraud Center demo · http://{host}:{port}  (simulated data)")
    for col in ("role", "organisation", "username", "password"):
        table.add_column(col)
    for login in DEMO_LOGINS:
        table.add_row(login.role, login.org, login.username, DEMO_PASSWORD)
    console.print(table)


def run_demo(*, reset: bool, seed: int, scale: float, days: int, host: str, port: int, live: bool,
             speed: float = 1.0) -> None:
    """Prepare the demo database, start the live clock and serve."""
    import uvicorn

    from antifraud.settings import get_settings, reset_settings

    console = Console()
    url = demo_database(get_settings().data_dir, reset)
    os.environ["ANTIFRAUD_DATABASE_URL"] = url
    reset_settings()
    from antifraud.bootstrap import upgrade_database
    from antifraud.core.db import get_engine

    engine = get_engine(url)
    upgrade_database(engine)
    ensure_logins(engine)
    backfill = fill_history(engine, console, seed, scale, days)
    if backfill is not None:
        threading.Thread(target=backfill, name="antifraud-backfill", daemon=True).start()
    with session_scope(engine) as session:
        seed = int(get_meta(session, "simulated.seed") or seed)
        scale = float(get_meta(session, "simulated.scale") or scale)
    if live:
        from antifraud.simulation.live import LiveClock
        from antifraud.simulation.loader import simulated_actors

        LiveClock(engine, simulated_actors(engine, seed), seed, scale, speed=speed, human_orgs=HUMAN_ORGS).start()
        per_day = REPORTS_PER_DAY_AT_FULL_SCALE * scale * speed
        console.print(f"live clock: about {per_day:,.0f} new reports a day of real time"
                      + (f" ({speed:g}× the city's pace)" if speed != 1 else " (the city's own pace; --speed N for more)"))
    from antifraud.web.app import create_app
    from antifraud.web.security import UVICORN_OPTIONS

    app = create_app()
    print_logins(console, host, port)
    # The same trust of forwarded headers and keep-alive as `antifraud serve`.
    uvicorn.run(app, host=host, port=port, log_level="warning", **UVICORN_OPTIONS)  # type: ignore[arg-type]
