"""The demo's live clock: new reports, partner answers and outcomes keep arriving every few seconds."""

from __future__ import annotations

import dataclasses
import logging
import random
import threading
from collections.abc import Iterator
from datetime import datetime, timedelta
from decimal import Decimal

from sqlalchemy import Engine

from antifraud.core.clock import now
from antifraud.core.db import session_scope
from antifraud.dispatch import service as dispatch
from antifraud.simulation.events import Report
from antifraud.simulation.loader import Actors, _answer, file_report
from antifraud.tracing.index import Transfer as TransferRecord
from antifraud.tracing.store import save_transfers

log = logging.getLogger(__name__)


def shifted(report: Report, to: datetime) -> Report:
    """The same report moved in time so that it is filed at `to`, keeping its inner delays."""
    delta = to - report.time
    transfers = tuple(dataclasses.replace(t, time=t.time + delta) for t in report.transfers)
    return dataclasses.replace(report, time=to, fraud_start=report.fraud_start + delta, transfers=transfers)


class LiveClock:
    """A background thread that plays the simulated city forward in compressed time."""

    def __init__(self, engine: Engine, actors: Actors, seed: int, scale: float,
                 report_every: tuple[float, float] = (6.0, 18.0),
                 human_orgs: frozenset[str] = frozenset(), human_grace: timedelta = timedelta(minutes=3)) -> None:
        self.engine, self.actors, self.seed, self.scale = engine, actors, seed, scale
        self.report_every = report_every
        self.human_orgs, self.human_grace = human_orgs, human_grace
        self.rng = random.Random(seed * 104729 + 3)
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._reports = self._future_reports()

    def _future_reports(self) -> Iterator[Report]:
        from antifraud.simulation import Simulation, SimulationConfig

        sim = Simulation(self.seed + 1, self.scale, 365, now(), config=SimulationConfig(background=False))
        for batch in sim:
            yield from batch.reports

    def start(self) -> None:
        """Start ticking in a daemon thread."""
        self._thread = threading.Thread(target=self._run, name="antifraud-live-clock", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        """Stop ticking."""
        self._stop.set()

    def _run(self) -> None:
        next_report = 0.0
        while not self._stop.wait(1.0):
            next_report -= 1.0
            try:
                if next_report <= 0:
                    self.file_next_report()
                    next_report = self.rng.uniform(*self.report_every)
                self.answer_due_requests()
            except Exception:  # the demo keeps running; the cause is logged
                log.exception("live clock step failed")

    def file_next_report(self) -> str:
        """File the next simulated report now; returns its case number."""
        report = shifted(next(self._reports), now())
        records = [TransferRecord(t.txn_id, t.time, t.from_card, t.to_card, t.amount, t.channel)
                   for t in report.transfers if t.txn_id]
        with session_scope(self.engine) as session:
            save_transfers(session, records)
            case = file_report(session, self.actors, report)
        return case.case_no

    def answer_due_requests(self) -> int:
        """Simulated liaisons acknowledge and answer open requests after realistic delays."""
        return self.answer_due_requests_at(now())

    def answer_due_requests_at(self, at: datetime) -> int:
        """As `answer_due_requests`, as if the clock read `at`."""
        answered = 0
        with session_scope(self.engine) as session:
            for req in dispatch.list_requests(session, self.actors.call_taker, "open", limit=200):
                liaison = self.actors.liaisons.get(req.target_org)
                if liaison is None:
                    continue
                age = (at - req.created_at).total_seconds()
                if req.target_org in self.human_orgs and age < self.human_grace.total_seconds():
                    continue  # leave time for the person signed in as this partner
                if req.status == "pending" and age > self.rng.uniform(4, 30):
                    dispatch.acknowledge(session, liaison, req.id, at=at)
                elif req.status == "acknowledged" and age > self.rng.uniform(20, 150):
                    per_card = req.requested_amount or self._per_card_guess()
                    dispatch.complete(session, liaison, req.id, _answer(self.rng, req.kind, per_card), at=at)
                    answered += 1
        return answered

    def _per_card_guess(self) -> Decimal:
        """A plausible amount of victim's money on one card (median about ¥8,000)."""
        return Decimal(str(round(self.rng.lognormvariate(9.0, 1.1), 2)))
