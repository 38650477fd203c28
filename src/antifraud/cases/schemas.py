"""Report intake in and case out."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from antifraud.core.vocab import EDUCATION_LEVELS, FRAUD_TYPES, OCCUPATIONS
from antifraud.dispatch.schemas import RequestOut

FraudType = Literal[FRAUD_TYPES]  # type: ignore[valid-type]  # the one list is core.vocab's
IdentifierKind = Literal["bank_card", "phone", "url", "ip", "app", "device", "payment_account"]
Occupation = Literal[OCCUPATIONS]  # type: ignore[valid-type]
Education = Literal[EDUCATION_LEVELS]  # type: ignore[valid-type]


class VictimIn(BaseModel):
    """The person who reports the fraud."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    name: str = Field(min_length=1, max_length=64)
    phone: str | None = Field(default=None, max_length=32)
    id_number: str | None = Field(default=None, max_length=32)
    occupation: Occupation | None = None
    education: Education | None = None
    district_code: str | None = Field(default=None, pattern=r"^\d{6}$")


class IdentifierIn(BaseModel):
    """An involved identifier as typed by the call-taker."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    kind: IdentifierKind
    value: str = Field(min_length=1, max_length=512)
    role: Literal["suspect", "victim"] = "suspect"


class CaseIn(BaseModel):
    """A fraud report as submitted at intake."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    victim: VictimIn
    fraud_type: FraudType
    loss_amount: Decimal = Field(ge=0, le=Decimal(10000000000), max_digits=16, decimal_places=2)
    occurred_at: datetime
    narrative: str = Field(default="", max_length=20000)
    identifiers: list[IdentifierIn] = Field(default_factory=list, max_length=200)


class IdentifierOut(BaseModel):
    """A normalised, enriched identifier and where it was routed."""

    id: int
    kind: str
    value: str
    role: str
    routing: str
    routing_reason: str | None = None
    bank_code: str | None = None
    carrier_code: str | None = None
    province: str | None = None
    city: str | None = None
    attrs: dict[str, Any] = Field(default_factory=dict)


class CaseOut(BaseModel):
    """A case with its identifiers and the requests intake dispatched."""

    id: int
    case_no: str
    status: str
    fraud_type: str
    loss_amount: Decimal
    occurred_at: datetime
    reported_at: datetime
    narrative: str
    jurisdiction: str
    victim: dict[str, Any]
    identifiers: list[IdentifierOut]
    requests: list[RequestOut]


class CaseSummary(BaseModel):
    """One line of a case list."""

    id: int
    case_no: str
    fraud_type: str
    loss_amount: Decimal
    reported_at: datetime
    victim_name: str
    jurisdiction: str
    identifiers: int


class CaseQuery(BaseModel):
    """What a case list is filtered by: free text (case number, victim, any identifier), dates, type, district."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    text: str | None = Field(default=None, max_length=512)
    fraud_type: FraudType | None = None
    district_code: str | None = Field(default=None, pattern=r"^\d{6}$")
    reported_from: date | None = None
    reported_to: date | None = None


class CasePage(BaseModel):
    """One page of a case list and how many cases match in all."""

    total: int
    items: list[CaseSummary]


class UnroutableOut(BaseModel):
    """An identifier that no partner could receive automatically, waiting for a person."""

    identifier_id: int
    case_id: int
    case_no: str
    kind: str
    value: str
    reason: str | None
    attrs: dict[str, Any]


class RouteIn(BaseModel):
    """The partner a person chose for an unroutable identifier."""

    org: str


class UnroutablePage(BaseModel):
    """One page of the unroutable list and how many identifiers wait in all."""

    total: int
    items: list[UnroutableOut]
