"""Background jobs: queued in the asking transaction, run one at a time off the request, resumed after a crash.

A job is written in the same transaction as what asked for it and is started only once that
transaction has committed (an event after commit), so a job exists if and only if its request was
answered. A runner thread takes jobs one by one; a job renews its heartbeat after every batch it
commits, and a job whose heartbeat is older than `STALE` (its process died) is taken up again by the
next runner that polls, which finishes it: job handlers are idempotent, batch by batch.

A serving process's runner also runs the registered ticks on every pass (``register_tick``): cheap checks
that queue the work a calendar asks for (the periodic summaries each Monday and each 1st), once.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import asdict
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Engine, or_, select, update
from sqlalchemy.orm import Session

from antifraud.core.auth import Principal, Role
from antifraud.core.clock import now
from antifraud.core.db import get_engine, session_scope
from antifraud.core.errors import NotFound
from antifraud.core.events import publish_after_commit, subscribe
from antifraud.jobs.models import Job
from antifraud.jobs.schemas import JobOut

log = logging.getLogger(__name__)
TOPIC = "jobs"
STALE = timedelta(seconds=30)
POLL_SECONDS = 10.0

#: kind -> handler(engine, job_id); the handler commits its own batches and finishes the job.
Handler = Callable[[Engine, int], None]
_handlers: dict[str, Handler] = {}
#: name -> tick(engine, at): queues whatever the calendar says is due at ``at`` (idempotent).
Tick = Callable[[Engine, datetime], None]
_ticks: dict[str, Tick] = {}


def register(kind: str, handler: Handler) -> None:
    """Name the function that runs jobs of a kind."""
    _handlers[kind] = handler


def register_tick(name: str, tick: Tick) -> None:
    """Name a function the serving runner calls on every pass to queue scheduled work."""
    _ticks[name] = tick


def tick_names() -> list[str]:
    """The names of the registered ticks, in registration order."""
    return list(_ticks)


def do_run_ticks(engine: Engine, at: datetime | None = None) -> None:
    """Call every registered tick; one failing is logged and never stops the others."""
    at = at or now()
    for name, tick in list(_ticks.items()):
        try:
            tick(engine, at)
        except Exception:  # a tick's database hiccup must not end the runner
            log.exception("scheduled tick %s failed", name)


def job_exists(session: Session, kind: str, source: str) -> bool:
    """Whether a job of this kind and source was ever queued (whatever came of it)."""
    return session.scalar(select(Job.id).where(Job.kind == kind, Job.source == source).limit(1)) is not None


def do_queue_job(session: Session, principal: Principal, kind: str, source: str, payload: bytes,
              subject_id: int | None = None, start: bool = True) -> Job:
    """Add a job to the session's transaction; it starts after that transaction commits."""
    at = now()
    job = Job(kind=kind, state="queued", source=source[:256], subject_id=subject_id,
              principal=asdict(principal) | {"role": principal.role.value}, created_by=principal.username,
              org_code=principal.org_code, rows_total=0, rows_done=0, errors=[], errors_omitted=0,
              progress={}, payload=payload, created_at=at, heartbeat_at=at)
    session.add(job)
    session.flush()
    if start:
        publish_after_commit(session, TOPIC, {"event": "queued", "job_id": job.id})
    return job


def active_job(session: Session, kind: str, subject_id: int) -> int | None:
    """The id of a job of this kind on this subject still queued or running, if any."""
    return session.scalar(select(Job.id).where(Job.kind == kind, Job.subject_id == subject_id,
                                               Job.state.in_(("queued", "running"))).limit(1))


def find_job(session: Session, job_id: int) -> Job | None:
    """The job with this id, or None."""
    return session.get(Job, job_id)


def job_row(session: Session, job_id: int) -> Job:
    """The job with this id, which the caller knows exists (its handler is running it)."""
    return session.get_one(Job, job_id)


def principal_of(job: Job) -> Principal:
    """The principal a job acts as: whoever asked for it."""
    data = dict(job.principal)
    return Principal(**(data | {"role": Role(data["role"])}))


def job_out(job: Job) -> JobOut:
    """The API's view of a job."""
    return JobOut(id=job.id, kind=job.kind, state=job.state, source=job.source, rows_total=job.rows_total,
                  rows_done=job.rows_done, errors=list(job.errors), errors_omitted=job.errors_omitted,
                  result=job.result, failure=job.failure, created_by=job.created_by,
                  created_at=job.created_at, finished_at=job.finished_at)


def get_job(session: Session, principal: Principal, job_id: int) -> JobOut:
    """A job of the principal's own organisation (any, for an administrator); 404 otherwise."""
    job = session.get(Job, job_id)
    if job is None or (principal.role != Role.ADMIN and job.org_code != principal.org_code):
        raise NotFound(f"job {job_id} not found", field="job_id")
    return job_out(job)


def do_claim_job(engine: Engine, job_id: int) -> bool:
    """Take a queued job, or a running one whose process stopped beating; False when someone has it."""
    at = now()
    with session_scope(engine) as session:
        taken = session.execute(update(Job).where(Job.id == job_id, _claimable(at)).values(
            state="running", heartbeat_at=at)).rowcount
    return bool(taken)


def _claimable(at: Any) -> Any:
    return or_(Job.state == "queued", (Job.state == "running") & (Job.heartbeat_at < at - STALE))


def claimable_ids(engine: Engine) -> list[int]:
    """Jobs waiting for a runner, oldest first."""
    with session_scope(engine) as session:
        return list(session.scalars(select(Job.id).where(_claimable(now())).order_by(Job.id)))


def do_run_job(engine: Engine, job_id: int) -> bool:
    """Claim and run one job; a handler's unexpected error fails the job with its reason. True if run."""
    if not do_claim_job(engine, job_id):
        return False
    with session_scope(engine) as session:
        kind = session.scalar(select(Job.kind).where(Job.id == job_id))
    handler = _handlers.get(kind or "")
    try:
        if handler is None:
            raise RuntimeError(f"no handler for jobs of kind {kind!r}")
        handler(engine, job_id)
    except Exception as exc:  # the job fails visibly instead of the runner dying
        log.exception("job %s failed", job_id)
        do_fail_job(engine, job_id, f"{type(exc).__name__}: {exc}")
    return True


def do_fail_job(engine: Engine, job_id: int, reason: str) -> None:
    """Mark a job failed with a reason a user can read; its input is dropped."""
    with session_scope(engine) as session:
        job = session.get(Job, job_id)
        if job is not None and job.state != "done":
            job.state, job.failure, job.finished_at, job.payload = "failed", reason[:512], now(), None


def do_run_pending_jobs(engine: Engine) -> int:
    """Run every claimable job now (startup, tests, the CLI); returns how many ran."""
    return sum(do_run_job(engine, job_id) for job_id in claimable_ids(engine))


class JobRunner:
    """One thread per process running jobs one at a time: on each queued event and every POLL_SECONDS."""

    def __init__(self) -> None:
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()
        self.engine: Engine | None = None
        self.scheduling = False

    def start(self, engine: Engine | None = None, schedule: bool = False) -> None:
        """Start the thread (once); it first resumes whatever a stopped process left unfinished.

        ``schedule`` (the serving process) also runs the registered ticks on every pass.
        """
        with self._lock:
            self.engine = engine or self.engine or get_engine()
            self.scheduling = self.scheduling or schedule
            if self._thread is None or not self._thread.is_alive():
                self._stop.clear()
                self._thread = threading.Thread(target=self._loop, name="jobs", daemon=True)
                self._thread.start()
        self._wake.set()

    def stop(self) -> None:
        """Stop after the current job's batch (an unfinished job resumes in the next process)."""
        self.scheduling = False
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout=30)

    def _loop(self) -> None:
        while not self._stop.is_set():
            self._wake.clear()
            try:
                assert self.engine is not None
                if self.scheduling:
                    do_run_ticks(self.engine)
                do_run_pending_jobs(self.engine)
            except Exception:  # a database hiccup must not end the runner
                log.exception("job runner pass failed")
            self._wake.wait(POLL_SECONDS)


RUNNER = JobRunner()


def _on_queued(_topic: str, _payload: dict[str, Any]) -> None:
    RUNNER.start()


subscribe(TOPIC, _on_queued)
