"""Signals in; warnings and risk checks out."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

SignalKind = Literal["call", "sms", "transfer", "visit", "partner_warning"]


class SignalIn(BaseModel):
    """One signal as a carrier, bank, internet company or sensor reports it (one NDJSON line)."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    signal_id: str = Field(min_length=1, max_length=96)
    kind: SignalKind
    time: datetime
    citizen: str = Field(min_length=3, max_length=32, description="the phone of the person at risk")
    counterpart: str = Field(default="", max_length=512, description="caller, payee card, domain or app")
    amount: Decimal | None = Field(default=None, ge=0, max_digits=16, decimal_places=2)
    duration_s: int | None = Field(default=None, ge=0, le=86_400)
    text: str | None = Field(default=None, max_length=20_000)
    partner_score: float | None = Field(default=None, ge=0, le=1)
    fraud_type: str | None = Field(default=None, max_length=32)
    direction: Literal["in", "out"] | None = Field(default=None, description="transfers: money in or out")
    phase: Literal["start", "progress", "end"] | None = Field(default=None, description="calls: in progress or ended")
    target_kind: Literal["domain", "app"] | None = Field(default=None, description="visits: a site or an app")
    ip: str | None = Field(default=None, max_length=64)
    channel: str | None = Field(default=None, max_length=32)


class RejectedLine(BaseModel):
    """A record that was not accepted: its line (1-based) and why."""

    line: int
    field: str
    reason: str


class IngestOut(BaseModel):
    """What a batch of signals did."""

    accepted: int
    duplicates: int
    rejected: list[RejectedLine]
    warnings_created: int
    warnings_updated: int


class WarningOut(BaseModel):
    """A warning as the desk sees it."""

    id: int
    warning_no: str
    citizen: str
    province: str | None
    city: str | None
    division_code: str | None
    fraud_type: str
    score: float
    urgency: str
    reasons: list[str]
    status: str
    desk: str | None
    claimed_by: str | None
    created_at: datetime
    first_signal_at: datetime
    first_contact_at: datetime | None
    unreachable_count: int
    money_protected: Decimal | None
    case_id: int | None
    origin: str
    origin_center: str | None
    pushed_to: str | None


class RiskOut(BaseModel):
    """Whether an identifier is linked to fraud, and how strongly."""

    kind: str
    value: str
    linked: bool
    confidence: float
    cases: int
    first_seen: datetime | None
    last_seen: datetime | None
    expires_at: datetime | None
    fraud_types: list[str]


class InboundWarningIn(BaseModel):
    """A warning pushed to us by the center that found it."""

    model_config = ConfigDict(extra="forbid")

    key: str = Field(min_length=1, max_length=96)
    origin_center: str = Field(min_length=1, max_length=32)
    citizen: str = Field(min_length=3, max_length=32)
    fraud_type: str = Field(max_length=32)
    score: float = Field(ge=0, le=1)
    urgency: Literal["normal", "high", "urgent"]
    reasons: list[str] = Field(default_factory=list, max_length=50)
    first_signal_at: datetime
    updates: str | None = Field(default=None, min_length=1, max_length=96,
                                description="key of the earlier message whose warning this one updates")
