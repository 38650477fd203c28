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
    fraud_type: str | None = None
    transfer_at: datetime | None = None
    case_loss: Decimal | None = Field(default=None, description="the case's reported loss, yuan (the amount to "
                                                                   "stop when the request names none)")
    period_from: datetime | None = None
    period_to: datetime | None = None
    statement_import_id: int | None = None


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


class AcknowledgeManyIn(BaseModel):
    """Several requests a liaison acknowledges at once."""

    model_config = ConfigDict(extra="forbid")

    ids: list[int] = Field(min_length=1, max_length=500)


class Skipped(BaseModel):
    """A request or card an action left alone, and why."""

    id: int | None = None
    account: str | None = None
    reason: str


class AcknowledgeManyOut(BaseModel):
    """What a bulk acknowledge did: the requests acknowledged, the others with the reason."""

    acknowledged: list[int]
    skipped: list[Skipped]


class PartnerFigures(BaseModel):
    """A partner's own service level: answered on time or late, open and overdue, median times."""

    org: str
    since: datetime
    completed: int
    completed_on_time: int
    completed_late: int
    open: int
    open_overdue: int
    median_ack_seconds: float | None
    median_complete_seconds: float | None
    stopped: Decimal
