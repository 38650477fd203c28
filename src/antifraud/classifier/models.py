"""The model registry's table: every fraud-type text model the center trained or uploaded, with its card."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, Integer, LargeBinary, String
from sqlalchemy.orm import Mapped, deferred, mapped_column

from antifraud.core.db import Base, JSONType, UTCDateTime

CANDIDATE, ACTIVE, RETIRED = "candidate", "active", "retired"


class TextModel(Base):
    """One trained or uploaded classifier (.npz bytes) and its card: data hash, size, metrics, date."""

    __tablename__ = "text_models"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(80))
    source: Mapped[str] = mapped_column(String(16))            # "cases" (trained here) or "upload"
    status: Mapped[str] = mapped_column(String(16), default=CANDIDATE, index=True)
    file_sha256: Mapped[str] = mapped_column(String(64))
    data_sha256: Mapped[str | None] = mapped_column(String(64), nullable=True)   # of the training texts
    size_bytes: Mapped[int] = mapped_column(Integer)
    n_texts: Mapped[int] = mapped_column(Integer, default=0)
    labels: Mapped[list[str]] = mapped_column(JSONType, default=list)
    recipe: Mapped[dict[str, Any]] = mapped_column(JSONType, default=dict)
    metrics: Mapped[dict[str, Any]] = mapped_column(JSONType, default=dict)      # CV at training time
    comparison: Mapped[dict[str, Any]] = mapped_column(JSONType, default=dict)   # against the active model
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    created_by: Mapped[str] = mapped_column(String(64))
    activated_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    # The model that was active when this one was activated: where a roll-back returns to (None: shipped).
    replaced_id: Mapped[int | None] = mapped_column(ForeignKey("text_models.id"), nullable=True)
    content: Mapped[bytes] = deferred(mapped_column(LargeBinary))
