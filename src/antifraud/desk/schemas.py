"""What the desk takes in: a call's outcome, a closing note, a duty shift, a visit's outcome."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from antifraud.cases.schemas import CaseSummary

AttemptResult = Literal["reached", "unreachable", "dissuaded", "already_paid"]


class ReceivingIn(BaseModel):
    """A card or number the citizen sent money to, and how much (for an 'already paid' call)."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    kind: Literal["bank_card", "phone", "payment_account"] = "bank_card"
    value: str = Field(min_length=1, max_length=512)
    amount: Decimal | None = Field(default=None, ge=0, le=Decimal(10000000000), max_digits=16, decimal_places=2)


class AttemptIn(BaseModel):
    """The outcome of one call to the citizen."""

    model_config = ConfigDict(extra="forbid")

    result: AttemptResult
    note: str = Field(default="", max_length=4000)
    money_protected: Decimal | None = Field(default=None, ge=0, max_digits=16, decimal_places=2)
    loss_amount: Decimal | None = Field(default=None, ge=0, max_digits=16, decimal_places=2,
                                        description="for already_paid: what the citizen lost")
    victim_name: str | None = Field(default=None, max_length=64)
    receiving: list[ReceivingIn] = Field(default_factory=list, max_length=50,
                                         description="for already_paid: the receiving cards and numbers, with amounts")


class CloseIn(BaseModel):
    """Why a warning needs nothing more."""

    note: str = Field(min_length=1, max_length=2000)


class ShiftIn(BaseModel):
    """A duty shift to add to the roster."""

    username: str
    desk: str = "JH"
    starts_at: datetime
    ends_at: datetime


class VisitDoneIn(BaseModel):
    """What the station's in-person visit achieved."""

    dissuaded: bool
    result: str = Field(default="", max_length=2000)


class CaseRef(BaseModel):
    """A case by its number."""

    id: int
    case_no: str


class CounterpartOut(BaseModel):
    """A number, card or site the citizen dealt with in a warning: its risk, its cases, the money moving to it."""

    kind: str
    value: str
    amount: Decimal | None = None
    linked: bool = False
    confidence: float = 0.0
    fraud_types: list[str] = Field(default_factory=list)
    cases: list[CaseRef] = Field(default_factory=list)


class EarlierWarning(BaseModel):
    """Another warning about the same citizen."""

    id: int
    warning_no: str
    created_at: datetime
    fraud_type: str
    status: str


class CitizenContextOut(BaseModel):
    """What the desk knows of a warned citizen: who, where, earlier cases and warnings, and the counterparts."""

    citizen: str
    name: str | None = None
    province: str | None = None
    city: str | None = None
    district_code: str | None = None
    earlier_cases: list[CaseSummary] = Field(default_factory=list)
    earlier_warnings: list[EarlierWarning] = Field(default_factory=list)
    counterparts: list[CounterpartOut] = Field(default_factory=list)
    money_moving: Decimal = Decimal(0)
