"""The demo's live clock: new reports, fraud attempts, partner answers and outcomes keep arriving.

The clock plays a simulated city forward at the city's own pace: a report is filed when the simulated
instant it was made comes round (about 38 a day for all of Jinhua), unless the clock is sped up
(``speed``: simulated seconds per real second). Partners' answers and the desk's calls keep their real
delays whatever the speed, so a person signed in has the time a real partner or officer has.
"""

from __future__ import annotations

import dataclasses
import heapq
import logging
import random
import threading
from collections import deque
from datetime import datetime, timedelta
from decimal import Decimal

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from antifraud.core.clock import LOCAL_TZ, now
from antifraud.core.db import session_scope
from antifraud.core.errors import DomainError
from antifraud.desk import service as desk_service
from antifraud.dispatch import service as dispatch
from antifraud.dispatch.schemas import RequestOut
from antifraud.simulation.events import Report
from antifraud.simulation.loader import (
    Actors,
    StatementBook,
    _answer,
    answer_statement_request,
    file_report,
    statement_book,
    work_warning,
)
from antifraud.simulation.signals import EpisodeSignals, episode_signals, phone_of_card
from antifraud.tracing import service as tracing
from antifraud.tracing.index import Transfer as TransferRecord
from antifraud.tracing.schemas import TraceIn
from antifraud.warnings import service as warnings_service
from antifraud.warnings.schemas import IngestOut

log = logging.getLogger(__name__)


NARRATIVE_START = "%Y年%m月%d日%H时许"  # how a narrative dates the start of the fraud (simulation.texts)


def shifted(report: Report, to: datetime) -> Report:
    """The same report moved in time so that it is filed at `to`, keeping its inner delays and its
    narrative's date of the fraud in step with the case."""
    delta = to - report.time
    transfers = tuple(dataclasses.replace(t, time=t.time + delta) for t in report.transfers)
    start = report.fraud_start + delta
    told = f"{report.fraud_start.astimezone(LOCAL_TZ):{NARRATIVE_START}}"
    narrative = report.narrative.replace(told, f"{start.astimezone(LOCAL_TZ):{NARRATIVE_START}}")
    return dataclasses.replace(report, time=to, fraud_start=start, transfers=transfers, narrative=narrative)


IGNORED_KEPT = 0.2  # share of ignored contacts the live feed still plays
BOOKS_KEPT = 500    # recent reports whose cards' statements the simulated banks can still send


LIVE_DAYS = 3650  # days the live clock can play before its simulated city runs out


class LiveClock:
    """A background thread that plays the simulated city forward, at its real pace or ``speed`` times it."""

    def __init__(self, engine: Engine, actors: Actors, seed: int, scale: float, speed: float = 1.0,
                 human_orgs: frozenset[str] = frozenset(), human_grace: timedelta = timedelta(minutes=3),
                 start: datetime | None = None) -> None:
        from antifraud.simulation import Simulation, SimulationConfig

        if not speed > 0:
            raise ValueError("speed must be positive")
        self.engine, self.actors, self.seed, self.scale, self.speed = engine, actors, seed, scale, speed
        self.human_orgs, self.human_grace = human_orgs, human_grace
        self.rng = random.Random(seed * 104729 + 3)
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self.started_at = start or now()
        self._sim = Simulation(seed + 1, scale, LIVE_DAYS, self.started_at, config=SimulationConfig(background=False))
        self._sim_start = self._sim.start
        self._phones = phone_of_card(self._sim.city)
        self._batches = iter(self._sim)
        self._reports: deque[Report] = deque()
        self._episodes: deque[EpisodeSignals] = deque()
        self._due: list[tuple[datetime, int, str]] = []
        self._books: deque[StatementBook] = deque(maxlen=BOOKS_KEPT)
        self._tag = f"L{int(now().timestamp())}"
        self._seq = 0

    def simulated_time(self, at: datetime | None = None) -> datetime:
        """The simulated instant the wall clock's `at` stands for."""
        return self._sim_start + ((at or now()) - self.started_at) * self.speed

    def wall_time(self, simulated: datetime) -> datetime:
        """The wall-clock instant a simulated instant comes round."""
        return self.started_at + (simulated - self._sim_start) / self.speed

    def _next_day(self) -> bool:
        """Simulate one more day into the queues; False when the simulated city has run out."""
        batch = next(self._batches, None)
        if batch is None:
            return False
        self._reports.extend(sorted(batch.reports, key=lambda r: r.time))
        engaged = {ep.episode_id for ep in self._sim.fraud.episodes}
        # Contacts the citizen ignored never warrant a warning; most are left out so that the desk
        # sees the engaged attempts rather than a flood of calls nobody answered.
        self._episodes.extend(sorted((ep for ep in episode_signals(batch, self._phones)
                                      if ep.episode_id in engaged or self.rng.random() < IGNORED_KEPT),
                                     key=lambda ep: ep.start))
        return True

    def _refill(self) -> None:
        """Simulate the next day when the queued reports or episodes run out."""
        while (not self._reports or not self._episodes) and self._next_day():
            pass

    def _refill_until(self, due: datetime) -> None:
        """Simulate days until the queues reach past the simulated instant `due`."""
        while ((not self._reports or self._reports[-1].time <= due)
               or (not self._episodes or self._episodes[-1].start <= due)) and self._next_day():
            pass

    def file_due_reports(self, at: datetime | None = None) -> list[str]:
        """File every report whose simulated time has come; their case numbers."""
        at = at or now()
        due = self.simulated_time(at)
        self._refill_until(due)
        filed = []
        while self._reports and self._reports[0].time <= due:
            filed.append(self.file_next_report(at))
        return filed

    def start_due_episodes(self, at: datetime | None = None) -> int:
        """Start every fraud attempt whose simulated time has come; how many signals they will send."""
        at = at or now()
        due = self.simulated_time(at)
        self._refill_until(due)
        lines = 0
        while self._episodes and self._episodes[0].start <= due:
            lines += self.start_next_episode(at=self.wall_time(self._episodes[0].start))
        return lines

    def start(self) -> None:
        """Start ticking in a daemon thread."""
        self._thread = threading.Thread(target=self._run, name="antifraud-live-clock", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        """Stop ticking."""
        self._stop.set()

    def _run(self) -> None:
        while not self._stop.wait(1.0):
            try:
                self.file_due_reports()
                self.start_due_episodes()
                self.send_due_signals()
                self.answer_due_requests()
                self.work_desk()
            except Exception:  # the demo keeps running; the cause is logged
                log.exception("live clock step failed")

    def start_next_episode(self, at: datetime | None = None) -> int:
        """Start the next simulated fraud attempt now: its signals will arrive as they happen."""
        self._refill()
        episode = self._episodes.popleft()
        lines = episode.shifted_lines(at or now(), self._tag)
        for when, line in lines:
            self._seq += 1
            heapq.heappush(self._due, (when, self._seq, line))
        return len(lines)

    def send_due_signals(self, at: datetime | None = None) -> IngestOut | None:
        """Send the signals whose time has come, as a carrier's feed would."""
        at = at or now()
        lines = []
        while self._due and self._due[0][0] <= at:
            lines.append(heapq.heappop(self._due)[2])
        if not lines:
            return None
        feeder = self.actors.liaisons.get("CMCC") or self.actors.call_taker
        with session_scope(self.engine) as session:
            return warnings_service.do_ingest_signals(session, feeder, lines, "simulated-feed")

    def work_desk(self, at: datetime | None = None) -> int:
        """A simulated desk officer works warnings the people signed in have left for a few minutes."""
        desk = self.actors.desk
        if desk is None:
            return 0
        at = at or now()
        worked = 0
        with session_scope(self.engine) as session:
            for w in desk_service.list_warnings(session, desk, "open", limit=50):
                if (at - w.created_at).total_seconds() < self.human_grace.total_seconds():
                    continue
                if w.claimed_by not in (None, desk.username):
                    continue  # a person is working it
                work_warning(session, desk, w.id, self.rng, at)
                worked += 1
        return worked

    def file_next_report(self, at: datetime | None = None) -> str:
        """File the next simulated report now (or at `at`) and ask the banks for the receiving cards'
        statements; the simulated banks answer them (`answer_due_requests`). Returns the case number."""
        self._refill()
        report = shifted(self._reports.popleft(), at or now())
        records = [TransferRecord(t.txn_id, t.time, t.from_card, t.to_card, t.amount, t.channel)
                   for t in report.transfers if t.txn_id]
        self._books.append(statement_book(records))
        with session_scope(self.engine) as session:
            case = file_report(session, self.actors, report)
            try:  # the simulated analyst traces the new case, then asks for the statements it lacks
                tracing.do_trace_case(session, self.actors.call_taker, case.id, TraceIn())
                tracing.do_request_statements(session, self.actors.call_taker, case.id)
            except DomainError:  # no receiving card: no money to follow
                pass
        return case.case_no

    def _statement_rows(self, card: str) -> StatementBook:
        """The card's statement rows as the simulated banks keep them."""
        return {card: [t for book in self._books for t in book.get(card, [])]}

    def _answer_statement(self, session: Session, req: RequestOut, at: datetime) -> None:
        """The bank sends the card's statement; the simulated analyst asks for the next tier's."""
        answer_statement_request(session, self.actors, req, self._statement_rows(req.account), at, retrace=False)
        case_id = dispatch.case_of_request(session, req.id)
        if case_id is not None and tracing.do_retrace_case(session, case_id):  # the next tier's cards, at once
            tracing.do_request_statements(session, self.actors.call_taker, case_id)

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
                    dispatch.do_acknowledge(session, liaison, req.id, at=at)
                elif req.kind == dispatch.STATEMENT_REQUEST:
                    if req.status == "acknowledged" and age > self.rng.uniform(20, 150):
                        self._answer_statement(session, req, at)
                        answered += 1
                elif req.status == "acknowledged" and age > self.rng.uniform(20, 150):
                    per_card = req.requested_amount or self._per_card_guess()
                    dispatch.do_complete(session, liaison, req.id, _answer(self.rng, req.kind, per_card), at=at)
                    answered += 1
        return answered

    def _per_card_guess(self) -> Decimal:
        """A plausible amount of victim's money on one card (median about ¥8,000)."""
        return Decimal(str(round(self.rng.lognormvariate(9.0, 1.1), 2)))
