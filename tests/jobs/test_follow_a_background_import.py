"""A large statement import is answered at once as a job, followed to its end, and finished after a crash."""

from __future__ import annotations

import random
import time
from datetime import timedelta

from sqlalchemy import func, select, update

from antifraud.core.audit import AuditEntry
from antifraud.core.clock import now
from antifraud.core.db import get_engine, session_scope
from antifraud.jobs import service as jobs
from antifraud.jobs.models import Job
from antifraud.tracing import service as tracing
from antifraud.tracing.models import Transfer
from antifraud.tracing.schemas import StatementBatchIn
from tests.factories import card_of

_rng = random.Random(55)


def _rows(tag: str, n: int) -> list[dict[str, str]]:
    cards = [card_of("ICBC", _rng) for _ in range(50)]
    t0 = now() - timedelta(days=1)
    return [{"txn_id": f"{tag}-{i}", "time": (t0 + timedelta(seconds=i)).isoformat(),
             "from_account": cards[i % 50], "to_account": cards[(i + 1) % 50], "amount": "10.00"}
            for i in range(n)]


def _wait(api, headers, job_id):  # type: ignore[no-untyped-def]
    for _ in range(600):
        job = api.get(f"/jobs/{job_id}", headers=headers).json()
        if job["state"] in ("done", "failed"):
            return job
        time.sleep(0.1)
    raise AssertionError(job)


def test_a_large_batch_is_a_job_with_progress_and_the_same_result(api, login) -> None:
    analyst = login("analyst")
    tag = f"job-{_rng.randrange(10**9)}"
    rows = _rows(tag, tracing.SYNC_ROWS + 1)
    rows[7]["to_account"] = "=cmd|'/Ccalc'!A0"
    r = api.post("/statements", headers=analyst, json={"source": "big batch", "transfers": rows})
    assert r.status_code == 202, r.text
    queued = r.json()
    assert queued["state"] == "queued" and queued["job_id"] and queued["rows_new"] == 0
    job = _wait(api, analyst, queued["job_id"])
    assert job["state"] == "done" and job["rows_done"] == job["rows_total"] == len(rows)
    result = job["result"]
    assert (result["rows_new"], result["rows_bad"], result["import_id"]) == (len(rows) - 1, 1, queued["import_id"])
    assert result["errors"][0]["line"] == 8 and result["errors"][0]["reason"].startswith("to_account")
    assert api.get(f"/jobs/{queued['job_id']}", headers=login("bank_liaison", "ICBC")).status_code == 404
    assert api.get("/jobs/99999999999999999999", headers=analyst).status_code == 422
    with session_scope() as session:
        actions = set(session.scalars(select(AuditEntry.action).where(
            AuditEntry.entity_type == "statement_import", AuditEntry.entity_id == str(queued["import_id"]))))
        assert actions == {"statements.import_queued", "statements.import"}


def test_a_job_cut_off_mid_import_is_finished_by_the_next_runner_without_doubles(make_user) -> None:
    engine = get_engine()
    _, _, analyst = make_user("analyst")
    tag = f"crash-{_rng.randrange(10**9)}"
    rows = _rows(tag, 3 * tracing.BATCH_ROWS + 5)
    batch = StatementBatchIn.model_validate({"source": "crash", "transfers": rows})
    with session_scope(engine) as session:  # queued but not started: the process "dies" mid-way below
        out = tracing.do_queue_statement_import(session, analyst, "rows", "crash",
                                             batch.model_dump_json().encode(), start=False)
    records, names, _ = tracing._check_rows(batch, analyst)
    assert jobs.do_claim_job(engine, out.job_id)
    tracing._commit_batch(engine, out.job_id, out.import_id, analyst, records[:tracing.BATCH_ROWS], names, 0)
    with session_scope(engine) as session:  # its heartbeat stops
        session.execute(update(Job).where(Job.id == out.job_id).values(heartbeat_at=now() - timedelta(minutes=5)))
    assert jobs.do_run_job(engine, out.job_id)
    with session_scope(engine) as session:
        job = session.get_one(Job, out.job_id)
        stored = session.scalar(select(func.count()).where(Transfer.txn_id.like(f"{tag}-%")))
        assert (job.state, job.rows_done, job.payload) == ("done", len(rows), None)
        assert job.result["rows_new"] == len(rows) and job.result["rows_duplicate"] == 0
        assert stored == len(rows)
    assert not jobs.do_run_job(engine, out.job_id)  # a finished job is not run again
