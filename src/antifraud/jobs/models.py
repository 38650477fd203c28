"""Background jobs (后台任务): long work taken out of the request, with its progress and result."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Index, LargeBinary, String
from sqlalchemy.orm import Mapped, deferred, mapped_column

from antifraud.core.db import Base, JSONType, UTCDateTime


class Job(Base):
    """One piece of long work: who asked, what it is working on, how far it got and what came of it.

    `payload` holds the input (an uploaded file, a batch of rows) until the job is done, so a restart
    can finish it; `heartbeat_at` is renewed while it runs, so a job whose process died is taken up
    again.
    """

    __tablename__ = "jobs"
    __table_args__ = (Index("ix_jobs_state_heartbeat", "state", "heartbeat_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(32))
    state: Mapped[str] = mapped_column(String(16))            # queued, running, done, failed
    source: Mapped[str] = mapped_column(String(256))
    subject_id: Mapped[int | None] = mapped_column(nullable=True)   # e.g. the statement import
    principal: Mapped[dict[str, Any]] = mapped_column(JSONType)     # who asked, to act as them
    created_by: Mapped[str] = mapped_column(String(64))
    org_code: Mapped[str] = mapped_column(String(32))
    rows_total: Mapped[int] = mapped_column(default=0)
    rows_done: Mapped[int] = mapped_column(default=0)
    errors: Mapped[list[Any]] = mapped_column(JSONType, default=list)
    errors_omitted: Mapped[int] = mapped_column(default=0)
    progress: Mapped[dict[str, Any]] = mapped_column(JSONType, default=dict)
    result: Mapped[dict[str, Any] | None] = mapped_column(JSONType, nullable=True)
    failure: Mapped[str | None] = mapped_column(String(512), nullable=True)
    payload: Mapped[bytes | None] = deferred(mapped_column(LargeBinary, nullable=True))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    heartbeat_at: Mapped[datetime] = mapped_column(UTCDateTime)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
