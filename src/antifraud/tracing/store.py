"""Writing and reading transfers (交易流水) in the operational database, counted once by txn_id."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from antifraud.tracing.index import Transfer as TransferRecord
from antifraud.tracing.models import Transfer, TransferSource

CHUNK = 500


def save_transfers(session: Session, transfers: Sequence[TransferRecord], import_id: int | None = None,
                   names: dict[str, str] | None = None) -> int:
    """Insert transfers not yet known (by txn_id); returns how many were new. Idempotent."""
    if not transfers:
        return 0
    dialect = session.get_bind().dialect.name
    insert = pg_insert if dialect == "postgresql" else sqlite_insert
    names = names or {}
    new = 0
    for start in range(0, len(transfers), CHUNK):
        chunk = transfers[start:start + CHUNK]
        txn_ids = [t.txn_id for t in chunk]
        known = set(session.scalars(select(Transfer.txn_id).where(Transfer.txn_id.in_(txn_ids))))
        rows = [{"txn_id": t.txn_id, "time": t.time, "from_account": t.from_account,
                 "to_account": t.to_account, "amount": t.amount, "channel": t.channel or None,
                 "balance_after": t.balance_after, "counterparty_name": names.get(t.to_account),
                 "import_id": import_id}
                for t in chunk if t.txn_id not in known]
        if rows:
            stmt = insert(Transfer).on_conflict_do_nothing(index_elements=["txn_id"])
            session.execute(stmt, rows)
            new += len(rows)
    return new


def save_supplied(session: Session, transfers: Sequence[TransferRecord], import_id: int, org_code: str,
                  names: dict[str, str], own_only: bool) -> tuple[int, int, int]:
    """Store transfers an organisation supplied and record it as their supplier; idempotent.

    Returns (new, duplicate, stored): `stored` transfers were not known before. With `own_only` (a
    partner) a duplicate is a transfer this organisation itself supplied before, so the count says
    nothing about what others supplied; otherwise a duplicate is any transfer already known.
    """
    if not transfers:
        return 0, 0, 0
    dialect = session.get_bind().dialect.name
    insert = pg_insert if dialect == "postgresql" else sqlite_insert
    new = duplicate = stored = 0
    for start in range(0, len(transfers), CHUNK):
        batch = transfers[start:start + CHUNK]
        chunk = {t.txn_id: t for t in batch}  # a txn_id repeated in one batch is stored once
        ids = list(chunk)
        known = set(session.scalars(select(Transfer.txn_id).where(Transfer.txn_id.in_(ids))))
        supplied = set(session.scalars(select(TransferSource.txn_id).where(
            TransferSource.txn_id.in_(ids), TransferSource.org_code == org_code)))
        stored += save_transfers(session, [t for t in chunk.values() if t.txn_id not in known], import_id, names)
        fresh = [{"txn_id": i, "org_code": org_code, "import_id": import_id} for i in ids if i not in supplied]
        if fresh:
            session.execute(insert(TransferSource).on_conflict_do_nothing(
                index_elements=["txn_id", "org_code"]), fresh)
        dup = len(supplied) if own_only else len(known)
        duplicate += dup + len(batch) - len(chunk)
        new += len(ids) - dup
    return new, duplicate, stored


_COLUMNS = (Transfer.txn_id, Transfer.time, Transfer.from_account, Transfer.to_account, Transfer.amount,
            Transfer.channel, Transfer.balance_after)


def _records(rows: Iterable[Any]) -> list[TransferRecord]:
    """Plain column rows (no ORM objects: a trace reads thousands) as engine records."""
    return [TransferRecord(txn_id=r[0], time=r[1], from_account=r[2], to_account=r[3], amount=r[4],
                           channel=r[5] or "", balance_after=r[6]) for r in rows]


def _touching(session: Session, column: Any, accounts: Sequence[str], since: datetime, until: datetime | None
              ) -> list[TransferRecord]:
    out: list[TransferRecord] = []
    for start in range(0, len(accounts), CHUNK):
        stmt = select(*_COLUMNS).where(column.in_(accounts[start:start + CHUNK]), Transfer.time >= since)
        if until is not None:
            stmt = stmt.where(Transfer.time <= until)
        out += _records(session.execute(stmt))
    return out


def outgoing(session: Session, accounts: Sequence[str], since: datetime, until: datetime | None
             ) -> list[TransferRecord]:
    """Transfers paid by any of the accounts within the time range (uses the (from_account, time) index)."""
    return _touching(session, Transfer.from_account, accounts, since, until)


def incoming(session: Session, accounts: Sequence[str], since: datetime, until: datetime | None
             ) -> list[TransferRecord]:
    """Transfers received by any of the accounts within the time range (the (to_account, time) index)."""
    return _touching(session, Transfer.to_account, accounts, since, until)


def distinct_payers(session: Session, accounts: Sequence[str]) -> dict[str, int]:
    """How many different accounts paid each of these (a merchant's settlement card: hundreds)."""
    from sqlalchemy import func

    out: dict[str, int] = {}
    for start in range(0, len(accounts), CHUNK):
        stmt = (select(Transfer.to_account, func.count(func.distinct(Transfer.from_account)))
                .where(Transfer.to_account.in_(accounts[start:start + CHUNK])).group_by(Transfer.to_account))
        out.update({str(a): int(n) for a, n in session.execute(stmt)})
    return out


def by_txn(session: Session, txn_id: str) -> TransferRecord | None:
    """One stored transfer by its id."""
    row = session.execute(select(*_COLUMNS).where(Transfer.txn_id == txn_id)).first()
    return _records([row])[0] if row else None


def victim_transfers(session: Session, from_accounts: Sequence[str], to_accounts: Sequence[str],
                     since: datetime, until: datetime) -> list[TransferRecord]:
    """Stored transfers from the victim's cards to the suspect cards of a case, in a time range."""
    if not from_accounts or not to_accounts:
        return []
    stmt = select(*_COLUMNS).where(Transfer.from_account.in_(from_accounts),
                                   Transfer.to_account.in_(to_accounts),
                                   Transfer.time >= since, Transfer.time <= until).order_by(Transfer.time)
    return _records(session.execute(stmt))


def details(session: Session, accounts: Sequence[str], txn_ids: Sequence[str]
            ) -> tuple[dict[str, str], dict[str, str]]:
    """Holder names of accounts (对手户名, as a statement named them) and channels of transfers."""
    names: dict[str, str] = {}
    for start in range(0, len(accounts), CHUNK):
        part = accounts[start:start + CHUNK]
        for account, name in session.execute(select(Transfer.to_account, Transfer.counterparty_name).where(
                Transfer.to_account.in_(part), Transfer.counterparty_name.is_not(None))
                .order_by(Transfer.id)):
            names.setdefault(account, name)
    channels: dict[str, str] = {}
    for start in range(0, len(txn_ids), CHUNK):
        part = txn_ids[start:start + CHUNK]
        channels.update((t, c) for t, c in session.execute(
            select(Transfer.txn_id, Transfer.channel).where(Transfer.txn_id.in_(part))) if c)
    return names, channels


def accounts_paying(session: Session, accounts: Sequence[str]) -> set[str]:
    """The accounts some stored transfer was paid from: their onward flow is known from a statement."""
    found: set[str] = set()
    for start in range(0, len(accounts), CHUNK):
        part = accounts[start:start + CHUNK]
        found.update(session.scalars(select(Transfer.from_account).where(Transfer.from_account.in_(part))
                                     .distinct()))
    return found
