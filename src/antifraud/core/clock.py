"""Timezone-aware time: stored in UTC, shown in Asia/Shanghai."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

LOCAL_TZ = ZoneInfo("Asia/Shanghai")


def now() -> datetime:
    """The current time, aware, in UTC."""
    return datetime.now(UTC)


def as_utc(value: datetime) -> datetime:
    """An aware UTC datetime; a naive value is taken as Asia/Shanghai local time."""
    if value.tzinfo is None:
        value = value.replace(tzinfo=LOCAL_TZ)
    return value.astimezone(UTC)


def to_local(value: datetime | None) -> datetime | None:
    """The same instant in Asia/Shanghai, for display."""
    if value is None:
        return None
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(LOCAL_TZ)


def local_day_start(at: datetime | None = None) -> datetime:
    """Midnight of the local (Asia/Shanghai) day containing `at`, as UTC."""
    local = to_local(at or now())
    assert local is not None
    return local.replace(hour=0, minute=0, second=0, microsecond=0).astimezone(UTC)


def local_year_start(at: datetime | None = None) -> datetime:
    """1 January 00:00 local time of the year containing `at`, as UTC."""
    local = to_local(at or now())
    assert local is not None
    return local.replace(month=1, day=1, hour=0, minute=0, second=0, microsecond=0).astimezone(UTC)


def fmt_local(value: datetime | None, fmt: str = "%Y-%m-%d %H:%M:%S") -> str:
    """Format an instant in local time; empty for None."""
    local = to_local(value)
    return local.strftime(fmt) if local else ""
