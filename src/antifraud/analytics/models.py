"""Tables of the analysis room: the population denominators (人口数据) and the periodic summaries (定期汇总)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Index, LargeBinary, String
from sqlalchemy.orm import Mapped, deferred, mapped_column

from antifraud.core.db import Base, UTCDateTime


class PopulationRow(Base):
    """Residents of one district × age band × sex, from the file the center imports."""

    __tablename__ = "population"

    district_code: Mapped[str] = mapped_column(String(6), primary_key=True)
    age_band: Mapped[str] = mapped_column(String(8), primary_key=True)
    sex: Mapped[str] = mapped_column(String(1), primary_key=True)
    population: Mapped[int]
    source: Mapped[str] = mapped_column(String(256))
    imported_at: Mapped[datetime] = mapped_column(UTCDateTime)


class PeriodicReport(Base):
    """A generated periodic summary (定期汇总): one month's or ISO week's document, PDF or XLSX, kept for download.

    ``schedule_key`` is set only on the scheduled ones (``2026-W47.pdf``), so each is made once.
    """

    __tablename__ = "periodic_reports"
    __table_args__ = (Index("ix_periodic_reports_org_created", "org_code", "created_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    period: Mapped[str] = mapped_column(String(16))
    kind: Mapped[str] = mapped_column(String(8))  # month or week
    format: Mapped[str] = mapped_column(String(8))  # pdf or xlsx
    origin: Mapped[str] = mapped_column(String(16))  # on_demand or scheduled
    schedule_key: Mapped[str | None] = mapped_column(String(32), unique=True, nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    created_by: Mapped[str] = mapped_column(String(64))
    org_code: Mapped[str] = mapped_column(String(32))
    size: Mapped[int]
    sha256: Mapped[str] = mapped_column(String(64))
    content: Mapped[bytes] = deferred(mapped_column(LargeBinary, nullable=False))
