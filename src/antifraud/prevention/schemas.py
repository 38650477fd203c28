"""What prevention staff, partners and the public read and send: knowledge, campaigns, delivery reports."""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

Channel = Literal["carrier_sms", "packaging", "app_push", "community_talk", "poster"]
AgeBand = Literal["0-17", "18-30", "31-45", "46-60", "61+"]
Habit = Literal["food_delivery", "online_shopping", "online_gaming", "dating_apps", "investing"]


class KnowledgeIn(BaseModel):
    """A new version of one category's texts, in Chinese and English."""

    model_config = ConfigDict(extra="forbid")

    title_zh: str = Field(max_length=64)
    title_en: str = Field(max_length=64)
    signs_zh: list[str] = Field(max_length=20)
    signs_en: list[str] = Field(max_length=20)
    lesson_zh: str = Field(max_length=4000)
    lesson_en: str = Field(max_length=4000)
    sms_zh: str = Field(max_length=200, description="at most 70 characters (one Chinese SMS)")
    sms_en: str = Field(max_length=200, description="at most 160 characters (one Latin SMS)")
    packaging_zh: str = Field(max_length=200, description="at most 60 characters")
    packaging_en: str = Field(max_length=200, description="at most 60 characters")
    note: str = Field(default="", max_length=500, description="what this version changed")


class KnowledgeOut(BaseModel):
    """One version of a category's texts."""

    model_config = ConfigDict(from_attributes=True)

    category: str
    version: int
    title_zh: str
    title_en: str
    signs_zh: list[str]
    signs_en: list[str]
    lesson_zh: str
    lesson_en: str
    sms_zh: str
    sms_en: str
    packaging_zh: str
    packaging_en: str
    note: str
    edited_by: str
    edited_at: datetime


class CaseStoryOut(BaseModel):
    """A recent real case of a category, anonymised: no name, ID, phone or card number."""

    month: str  # 2026-11, local
    district: str | None
    district_name: str | None
    age_band: str | None
    loss_band: str
    story: str


class AudienceIn(BaseModel):
    """Who a campaign is for; an empty list means anyone along that dimension."""

    model_config = ConfigDict(extra="forbid")

    districts: list[str] = Field(default_factory=list, max_length=20)
    age_bands: list[AgeBand] = Field(default_factory=list, max_length=5)
    occupations: list[str] = Field(default_factory=list, max_length=20)
    habits: list[Habit] = Field(default_factory=list, max_length=5)


class FindingRef(BaseModel):
    """The high-risk finding a campaign answers (高危辖区、高危人群), as the analysis page showed it."""

    model_config = ConfigDict(extra="forbid")

    district: str = Field(max_length=6)
    group: dict[str, str] = Field(default_factory=dict)
    fraud_type: str = Field(max_length=32)
    text: str = Field(default="", max_length=500)


class CampaignIn(BaseModel):
    """A new campaign (a draft until it is submitted)."""

    model_config = ConfigDict(extra="forbid")

    title: str = Field(min_length=1, max_length=128)
    category: str = Field(max_length=32)
    channel: Channel
    audience: AudienceIn = Field(default_factory=AudienceIn)
    partner: str | None = Field(default=None, max_length=32,
                                description="code of the organisation carrying it out (carrier, delivery "
                                            "platform, police station); app push is the center's own")
    starts_on: date
    ends_on: date
    finding: FindingRef | None = None


class DecisionIn(BaseModel):
    """A commander's decision on a submitted campaign."""

    model_config = ConfigDict(extra="forbid")

    note: str = Field(default="", max_length=2000)


class DeliveryIn(BaseModel):
    """The delivering organisation's report: how many it reached, when, and whether all was done."""

    model_config = ConfigDict(extra="forbid")

    outcome: Literal["delivered", "partly_delivered"]
    reach_count: int = Field(ge=0, le=100_000_000, description="people reached (messages sent, bags, attendees)")
    delivered_on: date
    note: str = Field(default="", max_length=2000)


class CampaignWorkOut(BaseModel):
    """A campaign as its delivering organisation sees it: what to send to whom and when, no case data."""

    id: int
    title: str
    category: str
    channel: str
    audience: dict[str, list[str]]
    message: str
    partner: str
    starts_on: date
    ends_on: date
    status: str
    sent_at: datetime | None
    reach_count: int | None
    delivered_on: date | None
    delivery_note: str


class CampaignPushOut(BaseModel):
    """How the campaign's work pushed to its organisation's endpoint fares: queued, retrying or delivered."""

    state: str  # queued | retrying | delivered
    attempts: int
    delivered_at: datetime | None
    last_error: str | None


class CampaignOut(CampaignWorkOut):
    """A campaign as prevention staff see it, with its finding, approval and history."""

    knowledge_version: int
    finding: dict[str, object] | None
    created_by: str
    created_at: datetime
    submitted_at: datetime | None
    decided_by: str | None
    decided_at: datetime | None
    decision_note: str
    reported_by: str | None
    reported_at: datetime | None
    closed_at: datetime | None
    actions: list[str]  # what the reader may do next
    push: CampaignPushOut | None = None  # set on one campaign's view when its work was pushed to an endpoint


class IncidenceOut(BaseModel):
    """Reports and residents of a group over a period, and its rate per 10,000 residents per 30 days."""

    reports: int
    residents: int
    days: int
    rate: float


class EffectOut(BaseModel):
    """The campaign's effect: difference in differences of incidence against comparable untargeted groups."""

    fraud_type: str
    before: tuple[date, date]
    after: tuple[date, date] | None
    reason: str | None  # why there is no estimate: not_sent, no_population, no_comparison, too_early
    target_before: IncidenceOut | None = None
    target_after: IncidenceOut | None = None
    control_before: IncidenceOut | None = None
    control_after: IncidenceOut | None = None
    difference: float | None = None
    difference_ci: tuple[float, float] | None = None
    ratio: float | None = None
    ratio_ci: tuple[float, float] | None = None
