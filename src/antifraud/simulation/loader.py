"""Fill the platform's database with simulated history, through the same services real users use.

Each simulated report is filed as a case by a simulated call-taker (so every rule, audit entry and
dispatch applies), the banks' and carriers' simulated liaisons answer the requests with realistic
delays and outcomes, and the fraud transfers go into the statements store for tracing: for the
recent days as the banks' answers to the cases' statement requests (调单), tier by tier.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import Decimal

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from antifraud.cases import service as cases
from antifraud.cases.schemas import CaseIn, CaseOut
from antifraud.core.auth import SYSTEM, Principal
from antifraud.core.db import session_scope
from antifraud.core.errors import DomainError
from antifraud.core.vocab import BANK_CODES, CARRIER_CODES, GATEWAY_CODES
from antifraud.desk import service as desk_service
from antifraud.desk.schemas import AttemptIn
from antifraud.dispatch import service as dispatch
from antifraud.dispatch.schemas import CompleteIn, RequestOut
from antifraud.linking import service as linking
from antifraud.orgs.service import do_create_user, find_user, principal_of
from antifraud.simulation.events import Report
from antifraud.simulation.signals import episode_signals, phone_of_card
from antifraud.tracing import service as tracing
from antifraud.tracing.index import Transfer as TransferRecord
from antifraud.tracing.schemas import TraceIn
from antifraud.warnings import service as warnings_service

SIM_PASSWORD_LENGTH = 24
CENT = Decimal("0.01")


@dataclass
class LoadStats:
    """What a load put into the database."""

    days: int = 0
    cases: int = 0
    requests: int = 0
    answered: int = 0
    transfers: int = 0
    signals: int = 0
    warnings: int = 0
    statements: int = 0
    rejected: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Actors:
    """The simulated people who act in the platform: a call-taker and one liaison per partner."""

    call_taker: Principal
    liaisons: dict[str, Principal]
    desk: Principal | None = None


def _sim_user(session: Session, username: str, role: str, org: str, rng: random.Random) -> Principal:
    user = find_user(session, username)
    if user is None:
        password = "".join(rng.choice("abcdefghjkmnpqrstuvwxyz23456789") for _ in range(SIM_PASSWORD_LENGTH))
        user = do_create_user(session, username, password, role, org, display_name=f"{username} (simulated)")
    return principal_of(user)


def simulated_actors(engine: Engine, seed: int = 1) -> Actors:
    """Create (or find) the simulated call-taker and partner liaisons; they cannot be signed in to."""
    rng = random.Random(seed)
    with session_scope(engine) as session:
        clerk = _sim_user(session, "sim-call-taker", "call_taker", "JH", rng)
        liaisons = {code: _sim_user(session, f"sim-{code.lower()}", "bank_liaison", code, rng)
                    for code in BANK_CODES}
        liaisons |= {code: _sim_user(session, f"sim-{code.lower()}", "carrier_liaison", code, rng)
                     for code in CARRIER_CODES}
        desk = _sim_user(session, "sim-desk", "intervention", "JH", rng)
        liaisons |= {code: _sim_user(session, f"sim-{code.lower()}", "carrier_liaison", code, rng)
                     for code in GATEWAY_CODES}
    return Actors(clerk, liaisons, desk)


def case_input(report: Report) -> CaseIn:
    """A simulated report as the intake form would submit it."""
    identifiers = [{"kind": "bank_card", "value": c} for c in report.cards]
    identifiers += [{"kind": "phone", "value": p} for p in report.phones]
    identifiers += [{"kind": "url", "value": u} for u in report.urls]
    identifiers += [{"kind": "app", "value": a} for a in report.apps]
    identifiers.append({"kind": "bank_card", "value": report.victim_card, "role": "victim"})
    return CaseIn.model_validate({
        "victim": {"name": report.victim_name, "phone": report.victim_phone,
                   "id_number": report.victim_id_number, "occupation": report.occupation,
                   "education": report.education, "district_code": report.district_code},
        "fraud_type": report.fraud_type, "loss_amount": report.loss, "occurred_at": report.fraud_start,
        "narrative": report.narrative, "identifiers": identifiers,
    })


def _answer(rng: random.Random, kind: str, per_card: Decimal) -> CompleteIn:
    """A partner's plausible answer: most money has already moved on by the time a bank looks."""
    if kind in ("block_number", "block_inbound"):
        if rng.random() < 0.93:
            return CompleteIn(outcome="blocked", note="已关停")
        return CompleteIn(outcome="refused", note="号码已销号/非本网号码")
    roll = rng.random()
    if roll < 0.10:
        return CompleteIn(outcome="refused", note="账户信息与开户行不符，请核实")
    balance = (per_card * Decimal(str(round(rng.betavariate(0.7, 2.2), 4)))).quantize(CENT)
    if roll < 0.40 or balance < Decimal("1.00"):
        return CompleteIn(outcome="no_funds", balance=min(balance, Decimal("0.99")), note="余额不足")
    outcome = "frozen" if roll > 0.80 else "stopped"
    amount = (balance * Decimal(str(round(rng.uniform(0.85, 1.0), 3)))).quantize(CENT)
    return CompleteIn(outcome=outcome, balance=balance, amount=amount, note="已止付" if outcome == "stopped" else "已冻结")


def answer_requests(session: Session, actors: Actors, case: CaseOut, rng: random.Random,
                    until: datetime) -> int:
    """Simulated liaisons acknowledge and answer a case's requests, if that happens before `until`."""
    cards = max(1, sum(1 for r in case.requests if r.kind == "stop_payment"))
    per_card = (case.loss_amount / cards).quantize(CENT)
    answered = 0
    for req in case.requests:
        liaison = actors.liaisons.get(req.target_org)
        if liaison is None:
            continue
        ack_at = req.created_at + timedelta(seconds=rng.uniform(3, 40))
        done_at = ack_at + timedelta(seconds=rng.lognormvariate(3.4, 0.8))
        if ack_at > until:
            continue
        dispatch.do_acknowledge(session, liaison, req.id, at=ack_at)
        if done_at > until:
            continue
        dispatch.do_complete(session, liaison, req.id, _answer(rng, req.kind, per_card), at=done_at)
        answered += 1
    return answered


def file_report(session: Session, actors: Actors, report: Report) -> CaseOut:
    """File one simulated report through the intake service (which links it into its gang's cluster)."""
    return cases.do_create_case(session, actors.call_taker, case_input(report), reported_at=report.time,
                             source="simulated")


def fraud_transfers(batch: object) -> list[TransferRecord]:
    """The day's transfers that belong to fraud (victim payments and mule tiers)."""
    labels = batch.labels  # type: ignore[attr-defined]
    ids = {row["event_id"] for row in labels.to_pylist() if row["stream"] == "transfers"}
    out = []
    for row in batch.transfers.to_pylist():  # type: ignore[attr-defined]
        if row["txn_id"] not in ids:
            continue
        after = row.get("balance_after_fen")
        out.append(TransferRecord(txn_id=row["txn_id"], time=row["time"], from_account=row["from_account"],
                                  to_account=row["to_account"], amount=Decimal(row["amount_fen"]) / 100,
                                  channel=row["channel"] or "",
                                  balance_after=None if after is None else Decimal(after) / 100))
    return out


@dataclass(frozen=True)
class SimulatedDay:
    """What one simulated day brings to the platform: reports to file, fraud transfers to store, and the
    signals partners sent about the people the gangs contacted (NDJSON lines, in time order)."""

    index: int
    reports: list[Report]
    transfers: list[TransferRecord]
    signals: list[str] = field(default_factory=list)


def simulate_days(seed: int, scale: float, days: int, end: datetime,
                  progress: Callable[[int, int], None] | None = None,
                  census: Callable[[bytes], None] | None = None) -> list[SimulatedDay]:
    """Run the simulator (fraud only) over the `days` days before `end`; ``census`` gets the city's census."""
    from antifraud.simulation import Simulation, SimulationConfig
    from antifraud.simulation.census import census_csv

    sim = Simulation(seed, scale, days, end - timedelta(days=days), config=SimulationConfig(background=False))
    if census is not None:
        census(census_csv(sim.city))
    phones = phone_of_card(sim.city)
    out = []
    for i, batch in enumerate(sim, start=1):
        lines = sorted((when, line) for ep in episode_signals(batch, phones)
                       for when, line in ep.shifted_lines(ep.start, "H"))
        out.append(SimulatedDay(batch.index, list(batch.reports), fraud_transfers(batch),
                                [line for when, line in lines if when <= end]))
        if progress:
            progress(i, days)
    return out


def link_earlier_history(engine: Engine) -> int:
    """Link the cases a database holds from before case linking (a demo started on an older database)."""
    with session_scope(engine) as session:
        return linking.do_link_unlinked_cases(session, SYSTEM)


# ---- banks answer statement requests (调单) with the simulated statements ------------------------

StatementBook = dict[str, list[TransferRecord]]
STATEMENT_HEADER = "txn_id,time,from_account,to_account,amount,channel,balance_after"
STATEMENT_ROUNDS = 6      # tiers asked for, one after the other, as an analyst follows the money
STATEMENTS_AFTER = timedelta(minutes=15)   # the history's analyst asks a quarter of an hour after filing


def statement_book(transfers: Iterable[TransferRecord], book: StatementBook | None = None) -> StatementBook:
    """Each card's statement rows (both the money in and the money out) as its bank keeps them."""
    book = {} if book is None else book
    for t in transfers:
        book.setdefault(t.from_account, []).append(t)
        book.setdefault(t.to_account, []).append(t)
    return book


def statement_csv(card: str, rows: Iterable[TransferRecord]) -> bytes:
    """A card's statement in the canonical CSV layout; a balance only on the card's own payments."""
    lines = [STATEMENT_HEADER]
    for t in sorted({r.txn_id: r for r in rows}.values(), key=lambda r: (r.time, r.txn_id)):
        balance = t.balance_after if t.from_account == card and t.balance_after is not None else ""
        lines.append(f"{t.txn_id},{t.time.isoformat()},{t.from_account},{t.to_account},{t.amount},"
                     f"{t.channel or ''},{balance}")
    return ("\n".join(lines) + "\n").encode()


def answer_statement_request(session: Session, actors: Actors, req: RequestOut, book: StatementBook,
                             at: datetime | None = None, retrace: bool = True) -> bool:
    """The simulated bank uploads the requested card's statement over the requested period."""
    liaison = actors.liaisons.get(req.target_org)
    if liaison is None or req.period_from is None or req.period_to is None:
        return False
    start, end = req.period_from, req.period_to
    rows = [t for t in book.get(req.account, []) if start <= t.time <= end]
    tracing.do_answer_statement_request(session, liaison, req.id, statement_csv(req.account, rows),
                                        f"{req.target_org}-{req.id}.csv", at=at, retrace=retrace)
    return True


def work_case_statements(session: Session, actors: Actors, case_id: int, book: StatementBook,
                         at: datetime | None = None) -> int:
    """The simulated analyst traces a case and asks for the statements of the cards the money reached,
    tier after tier; the simulated banks answer each at once, and the case is traced again once per
    tier (not once per statement). Returns the statements answered."""
    try:
        tracing.do_trace_case(session, actors.call_taker, case_id, TraceIn())
    except DomainError:  # a case without a receiving card has no money to follow
        return 0
    answered = 0
    for _ in range(STATEMENT_ROUNDS):
        asked = tracing.do_request_statements(session, actors.call_taker, case_id, at=at).requested
        if not asked:
            break
        answered += sum(answer_statement_request(session, actors, req, book, at, retrace=False) for req in asked)
        tracing.do_retrace_case(session, case_id)
    return answered


SIGNAL_CHUNK = 400  # signals per transaction, so people's own writes never wait long behind a load


def load_day(engine: Engine, actors: Actors, day: SimulatedDay, seed: int, until: datetime,
             stats: LoadStats, pause: float = 0.0, book: StatementBook | None = None) -> list[CaseOut]:
    """Put one simulated day into the database in short transactions; returns the cases filed.

    Partner answers and desk outcomes are drawn from a generator seeded by the day, so the order
    days are loaded in does not change what is loaded. `pause` sleeps between transactions to leave
    the database to people working at the same time. Given the banks' `book` (the statements of this
    day and the days before it, `statement_book`), the day's cases get their statements as the banks'
    answers to their statement requests, tier by tier; without it the day's fraud transfers are taken
    in as one import, as for a history the platform already holds.
    """
    rng = random.Random(seed * 1_000_003 + day.index)
    filed = []
    with session_scope(engine) as session:
        if book is None:
            stats.transfers += tracing.do_import_statement_records(session, SYSTEM, f"simulation:day-{day.index}",
                                                                day.transfers).rows_new
        for report in day.reports:
            if report.time > until:
                continue
            try:  # intake validates before it writes, so a refused report leaves nothing behind
                case = file_report(session, actors, report)
            except DomainError as exc:  # a simulated report that breaks a rule is counted, not hidden
                stats.rejected.append(f"{report.report_id}: {exc}")
                continue
            filed.append(case)
            stats.cases += 1
            stats.requests += len(case.requests)
            stats.answered += answer_requests(session, actors, case, rng, until)
            asked_at = report.time + STATEMENTS_AFTER
            if book is not None and asked_at <= until:
                stats.statements += work_case_statements(session, actors, case.id, book, asked_at)
    if actors.desk is not None:
        feeder = actors.liaisons.get("CMCC", actors.call_taker)
        for start in range(0, len(day.signals), SIGNAL_CHUNK):
            time.sleep(pause)
            with session_scope(engine) as session:
                out = warnings_service.do_ingest_signals(session, feeder, day.signals[start:start + SIGNAL_CHUNK],
                                              "simulated-history", replay=True)
                stats.signals += out.accepted
                stats.warnings += work_history_warnings(session, actors.desk, rng, until)
    stats.days += 1
    return filed


DESK_OUTCOMES = (("dissuaded", 0.30), ("reached", 0.45), ("unreachable", 0.25))


def work_history_warnings(session: Session, desk: Principal, rng: random.Random, until: datetime) -> int:
    """The simulated desk works the warnings a past day raised, a few minutes after each was raised."""
    worked = 0
    for w in desk_service.list_warnings(session, desk, "new", limit=2000):
        at = w.created_at + timedelta(minutes=rng.uniform(1, 12))
        if at > until:
            continue
        work_warning(session, desk, w.id, rng, at)
        worked += 1
    return worked


def work_warning(session: Session, desk: Principal, warning_id: int, rng: random.Random, at: datetime) -> str:
    """Work one warning to its end as a desk officer would: calls, and a station visit when unreachable."""
    result = rng.choices([r for r, _ in DESK_OUTCOMES], [p for _, p in DESK_OUTCOMES])[0]
    if result == "dissuaded":
        protected = Decimal(str(round(rng.lognormvariate(9.3, 1.0), 2)))
        return desk_service.do_record_attempt(session, desk, warning_id, AttemptIn(
            result="dissuaded", money_protected=protected, note="模拟值班员"), at=at).status
    if result == "reached":
        desk_service.do_record_attempt(session, desk, warning_id, AttemptIn(result="reached", note="模拟值班员"), at=at)
        return desk_service.do_close(session, desk, warning_id, "已接通，核实未受骗", at=at).status
    status = ""
    for n in range(desk_service.ESCALATE_AFTER_UNREACHABLE):
        status = desk_service.do_record_attempt(session, desk, warning_id, AttemptIn(
            result="unreachable", note="模拟值班员"), at=at + timedelta(minutes=3 * n)).status
        if status == "escalated":
            break
    finish_visits(session, desk, warning_id, rng, at + timedelta(minutes=rng.uniform(15, 45)))
    return status


def finish_visits(session: Session, desk: Principal, warning_id: int, rng: random.Random, at: datetime) -> None:
    """The station's officers make the ordered visit; most of them talk the citizen out of paying."""
    for task in desk_service.visit_tasks(session, desk, warning_id):
        if task.status == "open":
            desk_service.do_complete_visit(session, desk, task.id, dissuaded=rng.random() < 0.7,
                                            result="民警上门劝阻", at=at)


def load_history(engine: Engine, *, seed: int, scale: float, days: int, end: datetime,
                 progress: Callable[[int, int], None] | None = None) -> LoadStats:
    """Simulate `days` days ending at `end` and load them all, oldest first; deterministic for a seed."""
    actors = simulated_actors(engine, seed)
    stats = LoadStats()
    simulated = simulate_days(seed, scale, days, end)
    for i, day in enumerate(simulated, start=1):
        load_day(engine, actors, day, seed, end, stats)
        if progress:
            progress(i, len(simulated))
    return stats
