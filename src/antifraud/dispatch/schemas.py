"""What partners and police read and send about requests."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

Outcome = Literal["frozen", "stopped", "blocked", "no_funds", "refused"]


class RequestOut(BaseModel):
    """A request as its bank/carrier sees it: the account, amounts and case number, no victim data."""

    model_config = ConfigDict(from_attributes=True)

    id: int
    kind: str
    case_no: str
    account: str
    target_org: str
    status: str
    created_at: datetime
    due_at: datetime
    overdue: bool
    requested_amount: Decimal | None = None
    tier: int | None = None
    acknowledged_at: datetime | None = None
    completed_at: datetime | None = None
    outcome: str | None = None
    balance: Decimal | None = None
    amount: Decimal | None = None
    note: str = ""


class CompleteIn(BaseModel):
    """A partner's answer to a request."""

    model_config = ConfigDict(extra="forbid")

    outcome: Outcome
    balance: Decimal | None = Field(default=None, ge=0, max_digits=16, decimal_places=2,
                                    description="balance found on the account, yuan")
    amount: Decimal | None = Field(default=None, ge=0, max_digits=16, decimal_places=2,
                                   description="amount stopped or frozen, yuan")
    note: str = Field(default="", max_length=2000)


class RequestFigures(BaseModel):
    """Dispatch figures for the big screen."""

    pending: int
    overdue: int
    completed_today: int
    stopped_today: Decimal
    stopped_year: Decimal
    median_completion_seconds: float | None
