"""What the case-linking API takes and answers."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

RecordKey = Annotated[int, Field(ge=1, le=2**31 - 1)]


class ReasonIn(BaseModel):
    """An analyst's action on a cluster, with the reason the audit keeps."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)
    reason: str = Field(min_length=1, max_length=2000)


class SplitIn(ReasonIn):
    """The cases to take out of the cluster; they are never linked to the rest again."""

    case_ids: list[RecordKey] = Field(min_length=1, max_length=10_000)


class MergeIn(ReasonIn):
    """Clusters that are one gang's work though the identifiers do not say so."""

    cluster_ids: list[RecordKey] = Field(min_length=2, max_length=100)


class HubIn(BaseModel):
    """An identifier an analyst says does (``hub``) or does not (``link``) stop linking."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)
    kind: str = Field(description="bank_card, phone, domain, ip, app, device or payment_account")
    value: str = Field(min_length=1, max_length=512)
    decision: str = Field("hub", pattern="^(hub|link)$")
    reason: str = Field(min_length=1, max_length=2000)


class HubRuleIn(BaseModel):
    """The rule for identifiers seen in many cases."""

    model_config = ConfigDict(extra="forbid")
    min_cases: int = Field(ge=2, le=100_000)
    min_groups: int = Field(ge=2, le=100_000)
    max_share: float = Field(gt=0, le=1)
    reason: str = Field(min_length=1, max_length=2000)


class ClusterSummary(BaseModel):
    """A cluster as the list shows it."""

    id: int
    status: str
    size: int
    victims: int
    loss: Decimal
    fraud_types: list[str]
    first_reported_at: datetime | None
    last_reported_at: datetime | None
    growth_week: int = Field(description="cases reported in the last seven days")
    claimed_by: str | None
    confirmed_by: str | None


class ClusterPage(BaseModel):
    """One page of clusters."""

    total: int
    items: list[ClusterSummary]


class ClusterCaseOut(BaseModel):
    """A case of a cluster."""

    case_id: int
    case_no: str
    fraud_type: str
    loss_amount: Decimal
    reported_at: datetime
    jurisdiction: str
    joined_at: datetime


class SharedIdentifier(BaseModel):
    """An identifier two or more of the cluster's cases share."""

    kind: str
    value: str
    case_ids: list[int]
    shared_with: list[int] = Field(default_factory=list,
                                   description="other clusters (gangs) whose cases also name it: a shared member")


class LinkEvidence(BaseModel):
    """Two cases linked by one identifier, since ``linked_at``."""

    case_a: int
    case_b: int
    case_a_no: str
    case_b_no: str
    kind: str
    value: str
    linked_at: datetime


class HubOut(BaseModel):
    """An identifier that does not link cases, or that an analyst says links all the same, with why."""

    kind: str
    value: str
    decision: str
    reason: str
    note: str
    source: str
    cases: int
    created_by: str
    updated_at: datetime


class ConstraintOut(BaseModel):
    """An analyst's split (cannot_link) or merge (must_link) that re-linking keeps."""

    id: int
    kind: str
    side_a: list[int]
    side_b: list[int]
    reason: str
    created_by: str
    created_at: datetime


class ClusterOut(ClusterSummary):
    """A cluster with its cases, the identifiers linking them and the evidence of each link."""

    cases: list[ClusterCaseOut]
    shared: list[SharedIdentifier]
    links: list[LinkEvidence]
    hubs: list[HubOut] = Field(description="identifiers of these cases that do not link, with why")
    constraints: list[ConstraintOut]
    merged_into_id: int | None = None
    confirmed_at: datetime | None = None


class NotificationOut(BaseModel):
    """A case that joined a cluster the analyst is working."""

    id: int
    cluster_id: int
    case_id: int
    case_no: str
    created_at: datetime


class HubRuleOut(BaseModel):
    """The rule in force."""

    min_cases: int
    min_groups: int
    max_share: float


class HubsOut(BaseModel):
    """The hub rule, the built-in lists and every hub met with its reason."""

    rule: HubRuleOut
    service_numbers: list[str]
    big_domains: list[str]
    big_apps: list[str]
    hubs: list[HubOut]
    total: int


class FlowBatchIn(BaseModel):
    """Flow rows from a carrier's or an ISP's system, as JSON: each row has the file format's columns."""

    source: str = Field("api", min_length=1, max_length=200, description="where the rows come from")
    rows: list[dict[str, str | int | float | None]] = Field(max_length=200_000)


class FlowRowError(BaseModel):
    """A rejected row: its line (the row's number in a batch, the line in a file) and why."""

    line: int
    field: str
    msg: str


class FlowImportOut(BaseModel):
    """What an import of call, SMS or visit records kept, found already known and rejected."""

    kind: str
    source: str
    rows_total: int
    rows_new: int
    rows_duplicate: int
    rows_bad: int
    errors: list[FlowRowError]
    errors_omitted: int = 0


class GangMemberOut(BaseModel):
    """A member of a gang's chain: reported by a victim, or found in the flows, with why."""

    kind: str
    value: str
    role: str = Field(description="caller, sms_sender, collector, mule (with tier), cash_out, domain, ip, app, device")
    tier: int | None
    reported: bool
    score: float
    reasons: list[str]


class GangOut(BaseModel):
    """A cluster expanded over the imported flows: every member, reported or not."""

    cluster_id: int
    members: list[GangMemberOut]
    calls: int = Field(description="call and SMS records read")
    visits: int
    transfers: int
