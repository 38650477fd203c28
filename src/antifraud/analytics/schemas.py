"""Figures for the big screen and the stats API."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from pydantic import BaseModel


class StatsSummary(BaseModel):
    """Today's and this year's figures (local days, Asia/Shanghai)."""

    as_of: datetime
    reports_today: int
    reports_year: int
    loss_today: Decimal
    loss_year: Decimal
    stopped_today: Decimal
    stopped_year: Decimal
    requests_pending: int
    requests_overdue: int
    requests_completed_today: int
    median_completion_seconds: float | None
