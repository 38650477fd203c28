"""Append-only audit log: who did what, to which record, when."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, Index, String, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from antifraud.core.auth import Principal
from antifraud.core.clock import now
from antifraud.core.db import Base, JSONType, UTCDateTime


class AuditEntry(Base):
    """One audited action (审计日志). Rows are only ever inserted."""

    __tablename__ = "audit_log"
    __table_args__ = (Index("ix_audit_entity", "entity_type", "entity_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    actor_username: Mapped[str] = mapped_column(String(64))
    actor_org_code: Mapped[str] = mapped_column(String(32))
    action: Mapped[str] = mapped_column(String(64), index=True)
    entity_type: Mapped[str] = mapped_column(String(32))
    entity_id: Mapped[str] = mapped_column(String(64))
    details: Mapped[dict[str, Any]] = mapped_column(JSONType, default=dict)


def record(session: Session, actor: Principal, action: str, entity_type: str, entity_id: object,
           details: dict[str, Any] | None = None) -> AuditEntry:
    """Add an audit entry to the current transaction."""
    entry = AuditEntry(
        at=now(),
        actor_id=actor.user_id or None,
        actor_username=actor.username,
        actor_org_code=actor.org_code,
        action=action,
        entity_type=entity_type,
        entity_id=str(entity_id),
        details=details or {},
    )
    session.add(entry)
    return entry


def record_anonymous(session: Session, who: str, action: str, entity_type: str, entity_id: object,
                     details: dict[str, Any] | None = None) -> AuditEntry:
    """Audit an action by someone not signed in (e.g. a citizen's risk check), named by `who`."""
    entry = AuditEntry(at=now(), actor_id=None, actor_username=who[:64], actor_org_code="PUBLIC", action=action,
                       entity_type=entity_type, entity_id=str(entity_id)[:64], details=details or {})
    session.add(entry)
    return entry


def entries_for(session: Session, entity_type: str, entity_id: object) -> list[AuditEntry]:
    """The audit trail of one record, oldest first."""
    stmt = (select(AuditEntry).where(AuditEntry.entity_type == entity_type,
                                     AuditEntry.entity_id == str(entity_id))
            .order_by(AuditEntry.id))
    return list(session.scalars(stmt))


def recent(session: Session, limit: int = 200, action: str | None = None) -> list[AuditEntry]:
    """The newest audit entries, optionally of one action."""
    stmt = select(AuditEntry).order_by(AuditEntry.id.desc()).limit(limit)
    if action:
        stmt = stmt.where(AuditEntry.action == action)
    return list(session.scalars(stmt))
