"""Append-only, hash-chained audit log: who did what, to which record, when.

Each entry stores the SHA-256 of its canonical content together with the previous entry's hash, so
changing, removing or reordering any stored entry breaks the chain at that entry (`verify_chain`).
Entries are chained at commit: `record` keeps them with the session, and just before the commit the
chain head is locked (PostgreSQL: a transaction-level advisory lock; SQLite: the write lock), read and
extended. Only that last moment of a transaction is serialised, whatever else it did before.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, Index, String, event, func, select, text
from sqlalchemy.orm import Mapped, Session, SessionTransaction, mapped_column

from antifraud.core.auth import Permission, Principal
from antifraud.core.clock import UTC, now
from antifraud.core.db import Base, JSONType, UTCDateTime, hold_sqlite_writer

GENESIS = "0" * 64  # the "previous hash" of the very first entry
PENDING_KEY = "antifraud_audit_pending"
# pg_advisory_xact_lock key of the chain head (any fixed 64-bit number; this one spells "AUDITLOG").
CHAIN_LOCK_KEY = 0x415544_49544C4F47


class AuditEntry(Base):
    """One audited action (审计日志). Rows are only ever inserted; triggers refuse UPDATE and DELETE."""

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
    prev_hash: Mapped[str] = mapped_column(String(64))
    entry_hash: Mapped[str] = mapped_column(String(64), unique=True)


def _canonical_time(at: datetime) -> str:
    return at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def canonical_content(entry: AuditEntry) -> bytes:
    """The bytes an entry's hash covers: every field but the id and the hash itself, as sorted JSON."""
    # A JSON round trip first, so the details hash the same before storing and after reading back.
    details = json.loads(json.dumps(entry.details or {}, ensure_ascii=False, default=str))
    content = {"at": _canonical_time(entry.at), "actor_id": entry.actor_id,
               "actor_username": entry.actor_username, "actor_org_code": entry.actor_org_code,
               "action": entry.action, "entity_type": entry.entity_type, "entity_id": entry.entity_id,
               "details": details, "prev_hash": entry.prev_hash}
    return json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()


def entry_hash(entry: AuditEntry) -> str:
    """SHA-256 (hex) of an entry's canonical content, which includes the previous entry's hash."""
    return hashlib.sha256(canonical_content(entry)).hexdigest()


def _keep(session: Session, entry: AuditEntry) -> AuditEntry:
    session.info.setdefault(PENDING_KEY, []).append(entry)
    return entry


def record(session: Session, actor: Principal, action: str, entity_type: str, entity_id: object,
           details: dict[str, Any] | None = None) -> AuditEntry:
    """Audit an action in the current transaction; the entry is written and chained at commit."""
    return _keep(session, AuditEntry(
        at=now(), actor_id=actor.user_id or None, actor_username=actor.username,
        actor_org_code=actor.org_code, action=action, entity_type=entity_type, entity_id=str(entity_id),
        details=details or {}))


def record_anonymous(session: Session, who: str, action: str, entity_type: str, entity_id: object,
                     details: dict[str, Any] | None = None) -> AuditEntry:
    """Audit an action by someone not signed in (e.g. a citizen's risk check), named by `who`."""
    return _keep(session, AuditEntry(
        at=now(), actor_id=None, actor_username=who[:64], actor_org_code="PUBLIC", action=action,
        entity_type=entity_type, entity_id=str(entity_id)[:64], details=details or {}))


def _lock_chain_head(session: Session) -> str:
    """Serialise chaining until this transaction ends, and return the newest stored entry's hash."""
    conn = session.connection()
    if conn.dialect.name == "postgresql":
        conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": CHAIN_LOCK_KEY})
    elif conn.dialect.name == "sqlite":
        # A statement that writes takes SQLite's write lock (matching no row, it changes nothing), so the
        # head read next is the newest and no other writer can commit before this transaction does; this
        # process's writer lock first, so it waits its turn with the other writers, not against them.
        hold_sqlite_writer(session)
        conn.execute(text("UPDATE audit_log SET id = id WHERE 0"))
    head = conn.execute(text("SELECT entry_hash FROM audit_log ORDER BY id DESC LIMIT 1")).scalar()
    return head or GENESIS


@event.listens_for(Session, "before_commit")
def _chain_pending(session: Session) -> None:
    """Chain the transaction's audit entries to the stored ones and add them to the final flush."""
    pending: list[AuditEntry] = session.info.pop(PENDING_KEY, [])
    if not pending:
        return
    previous = _lock_chain_head(session)
    for entry in pending:
        entry.prev_hash = previous
        entry.entry_hash = previous = entry_hash(entry)
    session.add_all(pending)


@event.listens_for(Session, "after_transaction_end")
def _forget_pending(session: Session, transaction: SessionTransaction) -> None:
    """A rolled-back transaction's entries are dropped with it."""
    if transaction.parent is None:
        session.info.pop(PENDING_KEY, None)


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


def read_log(session: Session, principal: Principal, limit: int = 500) -> list[AuditEntry]:
    """The newest audit entries, for a principal allowed to read the audit log."""
    principal.require(Permission.AUDIT_READ)
    return recent(session, limit)


@dataclass(frozen=True)
class AuditQuery:
    """What the audit log is filtered by: who, which action, which record, between which instants."""

    actor: str | None = None          # a username, or part of one
    action: str | None = None         # an action code, or its first part (``case`` matches ``case.create``)
    entity_type: str | None = None
    entity_id: str | None = None
    since: datetime | None = None     # inclusive
    until: datetime | None = None     # exclusive


EXPORT_LIMIT = 100_000  # the most entries one export file holds


def _conditions(query: AuditQuery) -> list[Any]:
    conditions: list[Any] = []
    if query.actor:
        conditions.append(AuditEntry.actor_username.like(f"%{query.actor.strip()}%"))
    if query.action:
        conditions.append((AuditEntry.action == query.action) | AuditEntry.action.like(f"{query.action}.%"))
    if query.entity_type:
        conditions.append(AuditEntry.entity_type == query.entity_type)
    if query.entity_id:
        conditions.append(AuditEntry.entity_id == query.entity_id.strip())
    if query.since:
        conditions.append(AuditEntry.at >= query.since)
    if query.until:
        conditions.append(AuditEntry.at < query.until)
    return conditions


def search_log(session: Session, principal: Principal, query: AuditQuery, limit: int = 50,
               offset: int = 0) -> tuple[list[AuditEntry], int]:
    """One page of the audit log matching the query, newest first, and how many entries match in all."""
    principal.require(Permission.AUDIT_READ)
    conditions = _conditions(query)
    total = session.scalar(select(func.count(AuditEntry.id)).where(*conditions)) or 0
    stmt = (select(AuditEntry).where(*conditions).order_by(AuditEntry.id.desc())
            .limit(max(1, min(limit, EXPORT_LIMIT))).offset(max(0, offset)))
    return list(session.scalars(stmt)), int(total)


def log_vocabulary(session: Session, principal: Principal) -> tuple[list[str], list[str]]:
    """The actions and the record types the log holds, for a filter's choices."""
    principal.require(Permission.AUDIT_READ)
    actions = session.scalars(select(AuditEntry.action).distinct().order_by(AuditEntry.action))
    types = session.scalars(select(AuditEntry.entity_type).distinct().order_by(AuditEntry.entity_type))
    return list(actions), list(types)


@dataclass(frozen=True)
class ChainBreak:
    """The first entry whose stored hashes disagree with the chain, and what differs."""

    entry_id: int
    problem: str


@dataclass(frozen=True)
class ChainReport:
    """The outcome of checking the whole chain: how many entries were checked, and the first break."""

    checked: int
    first_break: ChainBreak | None

    @property
    def ok(self) -> bool:
        """True when every entry is intact and linked to the one before it."""
        return self.first_break is None


def _stored_entries(session: Session, batch: int) -> Iterator[AuditEntry]:
    """Every stored entry in id order, read in batches so memory stays flat."""
    last = 0
    while True:
        rows = list(session.scalars(select(AuditEntry).where(AuditEntry.id > last)
                                    .order_by(AuditEntry.id).limit(batch)))
        if not rows:
            return
        yield from rows
        last = rows[-1].id
        session.expunge_all()


def _check(entry: AuditEntry, previous: str) -> str | None:
    """What is wrong with one entry given the previous entry's hash, or None."""
    if entry.prev_hash != previous:
        return f"prev_hash is {entry.prev_hash}, the entry before it hashes to {previous}"
    actual = entry_hash(entry)
    if entry.entry_hash != actual:
        return f"content hashes to {actual}, stored entry_hash is {entry.entry_hash}"
    return None


def verify_chain(session: Session, batch: int = 5000) -> ChainReport:
    """Recompute every entry's hash in id order; report the count and the first break if any."""
    previous, checked = GENESIS, 0
    for entry in _stored_entries(session, batch):
        problem = _check(entry, previous)
        if problem is not None:
            return ChainReport(checked, ChainBreak(entry.id, problem))
        previous, checked = entry.entry_hash, checked + 1
    return ChainReport(checked, None)
