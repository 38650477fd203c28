"""The demo's simulated history enters the platform through intake and dispatch, obeying every rule."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select

from antifraud.cases.models import Case
from antifraud.core.audit import AuditEntry
from antifraud.core.clock import now
from antifraud.core.db import session_scope
from antifraud.dispatch import service as dispatch
from antifraud.simulation.live import LiveClock
from antifraud.simulation.loader import LoadStats, load_day, simulate_days, simulated_actors, statement_book
from antifraud.tracing.service import trace_in_db


def test_history_is_filed_as_cases_with_answered_requests(engine) -> None:
    end = now() - timedelta(days=400)  # well before anything else the suite files
    days = simulate_days(seed=11, scale=0.05, days=20, end=end)
    actors = simulated_actors(engine, seed=11)
    stats = LoadStats()
    for day in days:
        load_day(engine, actors, day, 11, end, stats)
    expected = sum(len(d.reports) for d in days)
    assert expected > 10
    assert stats.rejected == [] and stats.cases == expected
    assert stats.requests >= stats.cases and stats.answered > 0 and stats.transfers > 0
    with session_scope() as s:
        filed = s.scalar(select(func.count()).select_from(Case).where(Case.source == "simulated",
                                                                       Case.reported_at <= end))
        audited = s.scalar(select(func.count()).select_from(AuditEntry).where(
            AuditEntry.actor_username == "sim-call-taker", AuditEntry.action == "case.create"))
    assert filed >= expected and audited >= expected
    # the simulated victims' payments are in the statements store, so their cases can be traced
    with session_scope() as s:
        report = days[-1].reports[0] if days[-1].reports else next(r for d in days for r in d.reports)
        assert report.transfers and trace_in_db(s, report.transfers[0].txn_id).accounts


def test_live_clock_files_reports_and_partners_answer(engine) -> None:
    actors = simulated_actors(engine, seed=12)
    clock = LiveClock(engine, actors, seed=12, scale=0.05)
    case_no = clock.file_next_report()
    assert case_no.startswith("JH")
    with session_scope() as s:
        open_before = [r for r in dispatch.list_requests(s, actors.call_taker, "open", limit=2000)
                       if r.case_no == case_no]
    assert open_before
    assert {r.kind for r in open_before} >= {"stop_payment", "statement_request"}
    clock.rng.seed(0)
    for _ in range(30):  # acknowledge, then answer, as the simulated liaisons' delays pass, tier after tier
        clock.answer_due_requests_at(now() + timedelta(minutes=10))
        with session_scope() as s:
            still_open = [r for r in dispatch.list_requests(s, actors.call_taker, "open", limit=2000)
                          if r.case_no == case_no]
        if not still_open:
            break
    assert not still_open
    with session_scope() as s:
        done = [r for r in dispatch.list_requests(s, actors.call_taker, "all", limit=5000) if r.case_no == case_no]
    supplied = [r for r in done if r.kind == "statement_request" and r.outcome == "supplied"]
    assert supplied and all(r.statement_import_id for r in supplied)


def test_recent_days_come_with_their_banks_statements_answered(engine) -> None:
    from antifraud.tracing import service as tracing

    end = now() - timedelta(days=300)
    days = simulate_days(seed=14, scale=0.1, days=4, end=end)
    day = next(d for d in reversed(days) if d.reports)
    actors = simulated_actors(engine, seed=14)
    stats = LoadStats()
    book = statement_book(t for d in days for t in d.transfers)
    filed = load_day(engine, actors, day, 14, end + timedelta(hours=2), stats, book=book)
    assert stats.statements > 0 and stats.transfers == 0  # nothing taken in except through the requests
    deepest = 0
    with session_scope() as s:
        for case in filed:
            asked = [r for r in dispatch.list_requests(s, actors.call_taker, "all", case_id=case.id)
                     if r.kind == "statement_request"]
            assert all(r.status == "completed" and r.outcome == "supplied" for r in asked), case.case_no
            if asked:
                trace = tracing.latest_trace(s, actors.call_taker, case.id)
                assert trace.trigger == "statements"
                deepest = max(deepest, max(c.tier for c in trace.reached))
    assert deepest >= 2  # the banks' answers took the money beyond the card the victim paid


def test_live_clock_sends_signals_that_raise_warnings_and_the_simulated_desk_works_them(engine) -> None:
    from antifraud.desk import service as desk_service

    actors = simulated_actors(engine, seed=13)
    clock = LiveClock(engine, actors, seed=13, scale=0.1)
    base = now()
    for i in range(40):
        clock.start_next_episode(at=base + timedelta(minutes=i))
    outs = [clock.send_due_signals(at=base + timedelta(minutes=m)) for m in range(0, 24 * 60, 10)]
    outs = [o for o in outs if o is not None]
    assert sum(o.accepted for o in outs) > 40 and all(not o.rejected for o in outs)
    assert sum(o.warnings_created for o in outs) >= 3
    worked = clock.work_desk(at=now() + timedelta(hours=1))
    assert worked >= 3
    with session_scope() as s:
        statuses = {w.status for w in desk_service.list_warnings(s, actors.desk, "all")}
    assert statuses & {"dissuaded", "unreachable", "reached", "escalated"}
