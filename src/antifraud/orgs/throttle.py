"""Sign-in throttling: failed attempts counted per account and per client address, in the database.

After a number of free failures each further failure locks its key for twice as long as the one
before (1 s, 2 s, 4 s …) up to the lockout window. Attempts refused while a key is locked are
counted, so the next lock is long, but never lengthen the current one: a lock always ends at most
one window after it was set, so nobody can be locked out for good. A key forgets its failures after
a quiet window. The counters live in the database, so every thread and every process shares them.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import case, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from antifraud.orgs.models import LoginThrottle
from antifraud.settings import get_settings

FIRST_DELAY_SECONDS = 1.0


@dataclass(frozen=True)
class ThrottleKey:
    """One thing failures are counted against, with the failures it is allowed for free."""

    key: str
    free_failures: int


def keys_for(username: str, address: str) -> tuple[ThrottleKey, ThrottleKey]:
    """The account and the client-address keys of a sign-in attempt (unknown names count too)."""
    s = get_settings()
    account = ThrottleKey(f"account:{username.strip().lower()[:120]}", s.login_free_failures)
    client = ThrottleKey(f"address:{address[:120]}", s.login_free_failures_per_address)
    return account, client


def window() -> timedelta:
    """The longest lock, which is also the quiet time after which failures are forgotten."""
    return timedelta(minutes=get_settings().login_lockout_max_minutes)


def lock_seconds(failures: int, free_failures: int) -> float:
    """How long a key is locked after its `failures`-th failure (0 while failures are free)."""
    if failures <= free_failures:
        return 0.0
    doublings = min(failures - free_failures - 1, 40)  # 2**40 s is far past any window
    return min(FIRST_DELAY_SECONDS * 2.0 ** doublings, window().total_seconds())


def retry_after(session: Session, keys: tuple[ThrottleKey, ...], at: datetime) -> int:
    """Whole seconds until none of the keys is locked; 0 when the attempt may go ahead."""
    names = [k.key for k in keys]
    locks = session.scalars(select(LoginThrottle.locked_until).where(
        LoginThrottle.key.in_(names), LoginThrottle.locked_until > at))
    latest = max(locks, default=None)
    return math.ceil((latest - at).total_seconds()) if latest else 0


def count_failure(session: Session, key: ThrottleKey, at: datetime) -> int:
    """Count one failure for a key (locking it when due); returns its failures now."""
    cut = at - window()
    # The write comes first so that SQLite takes its write lock before reading: concurrent
    # attempts queue on it instead of failing on a stale read.
    bumped = session.execute(
        update(LoginThrottle).where(LoginThrottle.key == key.key)
        .values(failures=case((LoginThrottle.last_failure_at < cut, 1), else_=LoginThrottle.failures + 1),
                last_failure_at=at)
        .execution_options(synchronize_session=False))
    if bumped.rowcount == 0 and not _insert_first_failure(session, key, at):
        return count_failure(session, key, at)
    row = session.execute(select(LoginThrottle.failures, LoginThrottle.locked_until)
                          .where(LoginThrottle.key == key.key)).one()
    delay = lock_seconds(row.failures, key.free_failures)
    still_locked = row.locked_until is not None and row.locked_until > at
    if delay and not still_locked:
        session.execute(update(LoginThrottle).where(LoginThrottle.key == key.key)
                        .values(locked_until=at + timedelta(seconds=delay))
                        .execution_options(synchronize_session=False))
    return int(row.failures)


def _insert_first_failure(session: Session, key: ThrottleKey, at: datetime) -> bool:
    """Insert a key's first failure; False when another attempt inserted it first."""
    try:
        with session.begin_nested():
            session.add(LoginThrottle(key=key.key, failures=1, last_failure_at=at,
                                      locked_until=None))
    except IntegrityError:
        return False
    return True


def clear(session: Session, key: ThrottleKey) -> None:
    """Forget a key's failures (an account after its owner signed in)."""
    row = session.get(LoginThrottle, key.key)
    if row is not None:
        session.delete(row)
