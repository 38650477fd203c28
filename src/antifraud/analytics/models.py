"""Tables of the analysis room: the population denominators (人口数据)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

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
