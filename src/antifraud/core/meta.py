"""Platform facts kept in the database itself, e.g. that its data is simulated."""

from __future__ import annotations

from sqlalchemy import String, Text, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from antifraud.core.db import Base


class PlatformMeta(Base):
    """A key/value fact about this installation."""

    __tablename__ = "platform_meta"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


def get_meta(session: Session, key: str) -> str | None:
    """The stored value of a key, or None."""
    return session.scalar(select(PlatformMeta.value).where(PlatformMeta.key == key))


def set_meta(session: Session, key: str, value: str) -> None:
    """Store or replace a key's value."""
    row = session.get(PlatformMeta, key)
    if row is None:
        session.add(PlatformMeta(key=key, value=value))
    else:
        row.value = value
