"""What the operations and expert-consultation API takes and answers."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field

Text = Field(min_length=1, max_length=4000)


class OperationIn(BaseModel):
    """Open an operation on a cluster."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)
    cluster_id: int = Field(ge=1, le=2**31 - 1)
    name: str = Field(min_length=1, max_length=200)
    note: str = Field("", max_length=4000)


class TakedownIn(BaseModel):
    """The common takedown time (统一收网), with its time zone."""

    model_config = ConfigDict(extra="forbid")
    takedown_at: AwareDatetime


class OfficersIn(BaseModel):
    """The officers working a package: users of its county bureau or of the bureau's stations."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)
    usernames: list[str] = Field(min_length=1, max_length=200)


class FreezeIn(BaseModel):
    """A card to freeze and how much (冻结); it goes to the issuing bank's queue."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)
    card: str = Field(min_length=1, max_length=64)
    amount: Decimal = Field(gt=0, max_digits=16, decimal_places=2)


class ResultIn(BaseModel):
    """What a county did for its package: suspects arrested, devices seized, cards to freeze."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)
    arrested: int = Field(0, ge=0, le=100_000)
    devices_seized: int = Field(0, ge=0, le=1_000_000)
    freezes: list[FreezeIn] = Field(default_factory=list, max_length=500)
    note: str = Field("", max_length=4000)


class TargetOut(BaseModel):
    """A suspect identifier in a package, with why it is there."""

    kind: str
    value: str
    bank: str
    location: str
    case_ids: list[int]
    placed_by: str


class ResultOut(BaseModel):
    """One report of a package's results."""

    arrested: int
    devices_seized: int
    freeze_request_ids: list[int]
    freeze_requested: Decimal
    note: str
    recorded_by: str
    recorded_at: datetime


class PackageOut(BaseModel):
    """A county bureau's work package: its task, SLA, officers, results and targets."""

    id: int
    operation_id: int
    operation_name: str
    operation_status: str
    takedown_at: datetime | None
    county: str
    status: str
    due_at: datetime
    overdue: bool
    officers: list[str]
    arrested: int
    devices_seized: int
    freeze_requested: Decimal
    frozen: Decimal = Field(description="what the banks confirmed frozen of this package's freezes")
    targets: list[TargetOut] = Field(default_factory=list)
    results: list[ResultOut] = Field(default_factory=list)


class OperationSummary(BaseModel):
    """An operation as the list shows it (figures over the packages the caller sees)."""

    id: int
    cluster_id: int
    name: str
    status: str
    takedown_at: datetime | None
    opened_by: str
    opened_at: datetime
    packages: int
    packages_done: int
    arrested: int
    devices_seized: int
    frozen: Decimal


class OperationOut(OperationSummary):
    """An operation with its packages (a county sees its own only)."""

    note: str
    taken_down_at: datetime | None
    closed_at: datetime | None
    package_list: list[PackageOut]


class OperationFigures(BaseModel):
    """Gangs taken down, suspects arrested, devices seized and money frozen by operations."""

    gangs_taken_down: int
    suspects_arrested: int
    devices_seized: int
    money_frozen: Decimal


class DifficultIn(BaseModel):
    """Send a cluster or a case to the experts by hand, as difficult, saying why."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)
    subject: str = Field(pattern="^(cluster|case)$")
    subject_id: int = Field(ge=1, le=2**31 - 1)
    note: str = Text


class FindingIn(BaseModel):
    """An expert's finding and recommendation."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)
    finding: str = Text
    recommendation: str = Text


class FindingOut(BaseModel):
    """An expert's finding and recommendation, signed and dated."""

    finding: str
    recommendation: str
    author: str
    created_at: datetime


class ReferralOut(BaseModel):
    """A cluster or case in the experts' queue, with why and what the experts said."""

    id: int
    subject: str
    subject_id: int
    label: str
    reasons: list[str]
    loss: Decimal
    victims: int
    status: str
    flagged_at: datetime
    flagged_by: str
    difficult_note: str
    findings: list[FindingOut]


class ExpertRuleIn(BaseModel):
    """The thresholds that make a case or cluster major."""

    model_config = ConfigDict(extra="forbid")
    major_loss: Decimal = Field(gt=0, max_digits=16, decimal_places=2)
    major_victims: int = Field(ge=2, le=1_000_000)


class ExpertRuleOut(BaseModel):
    """The thresholds in force and the networks counted as foreign."""

    major_loss: Decimal
    major_victims: int
    foreign_networks: list[str]
