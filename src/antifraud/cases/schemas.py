"""Report intake in and case out."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Any, Literal

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
    amount: Decimal | None = Field(default=None, ge=0, le=Decimal(10000000000), max_digits=16, decimal_places=2,
                                   description="what the victim sent to this receiving card or account, yuan")


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


class AttachmentOut(BaseModel):
    """A file attached to a case: what it is by its content, its size and SHA-256."""

    id: int
    filename: str
    media_type: str
    size: int
    sha256: str
    at: datetime
    uploaded_by: str | None = None


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
    #: other cases' stop-payments or freezes that already held a card of this one when it was named here
    holding_requests: list[RequestOut] = Field(default_factory=list)
    assignee: str | None = None
    bureau: str = ""
    next_statuses: list[str] = Field(default_factory=list)
    cluster_ref: str | None = None
    attachments: list[AttachmentOut] = Field(default_factory=list)


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
    status: str = "filed"


MAX_LISTED_IDS = 1000  # case ids one list may be asked for (a figure's drill-down; fits in a link)
CaseIdValue = Annotated[int, Field(ge=1, le=2**31 - 1)]


class CaseQuery(BaseModel):
    """What a case list is filtered by: free text (case number, victim, any identifier), dates, type, district."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    text: str | None = Field(default=None, max_length=512)
    fraud_type: FraudType | None = None
    district_code: str | None = Field(default=None, pattern=r"^\d{6}$")
    reported_from: date | None = None
    reported_to: date | None = None
    ids: list[CaseIdValue] | None = Field(default=None, max_length=MAX_LISTED_IDS)  # the cases behind a figure


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


ManualStatus = Literal["filed", "under_investigation", "solved", "closed", "transferred"]
CorrectableField = Literal["victim.name", "victim.phone", "victim.id_number", "victim.occupation",
                           "victim.education", "victim.district_code", "loss_amount", "narrative", "fraud_type"]


class StatusIn(BaseModel):
    """A change of a case's status; closing and transferring say why; a transfer names the new bureau."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    status: ManualStatus
    reason: str = Field(default="", max_length=2000)
    bureau: str | None = Field(default=None, max_length=32, description="for a transfer: the receiving bureau")


class AssignIn(BaseModel):
    """Who investigates the case (a police user) and which county bureau owns it; either may be left out."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    assignee: str | None = Field(default=None, max_length=64, description="username; empty string unassigns")
    bureau: str | None = Field(default=None, max_length=32, description="organisation code of the bureau")


class NoteIn(BaseModel):
    """A note added to a case."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    text: str = Field(min_length=1, max_length=20000)


class CorrectionIn(BaseModel):
    """A correction of one field of a case; the old value stays on the timeline."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    field: CorrectableField
    value: str | None = Field(default=None, max_length=20000)
    reason: str = Field(default="", max_length=2000)


class TimelineEntry(BaseModel):
    """One thing that happened to a case, with its message key and parameters and the words in a language."""

    at: datetime
    event: str
    actor: str | None = None
    params: dict[str, str] = Field(default_factory=dict)
    text: str = ""


class UnroutablePage(BaseModel):
    """One page of the unroutable list and how many identifiers wait in all."""

    total: int
    items: list[UnroutableOut]
