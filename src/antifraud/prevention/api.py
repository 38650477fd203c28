"""Prevention API: the knowledge base, campaigns and their approval, and partners' campaign work."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path

from antifraud.prevention import service
from antifraud.prevention.schemas import (
    CampaignIn,
    CampaignOut,
    CampaignWorkOut,
    CaseStoryOut,
    DecisionIn,
    DeliveryIn,
    EffectOut,
    KnowledgeIn,
    KnowledgeOut,
)
from antifraud.web.deps import PrincipalDep, RecordId, SessionDep
from antifraud.web.openapi import CONFLICT

router = APIRouter(tags=["prevention"])
Category = Annotated[str, Path(max_length=32, description="a knowledge category (the fraud type it teaches)")]
Version = Annotated[int, Path(ge=1, le=100_000)]


@router.get("/knowledge", response_model=list[KnowledgeOut])
def knowledge(session: SessionDep) -> list[KnowledgeOut]:
    """The eleven categories' current texts (public: the same lessons the /learn page shows)."""
    return service.knowledge(session)


@router.get("/knowledge/{category}/versions", response_model=list[KnowledgeOut])
def versions(category: Category, session: SessionDep, principal: PrincipalDep) -> list[KnowledgeOut]:
    """Every version of a category, newest first."""
    return service.knowledge_versions(session, principal, category)


@router.get("/knowledge/{category}/versions/{version}", response_model=KnowledgeOut)
def version(category: Category, version: Version, session: SessionDep, principal: PrincipalDep) -> KnowledgeOut:
    """One version of a category as it was saved."""
    return service.knowledge_version(session, principal, category, version)


@router.post("/knowledge/{category}", response_model=KnowledgeOut, status_code=201)
def edit(category: Category, body: KnowledgeIn, session: SessionDep, principal: PrincipalDep) -> KnowledgeOut:
    """Save a category's texts as its next version (SMS ≤ 70 characters, packaging ≤ 60)."""
    return service.do_edit_knowledge(session, principal, category, body)


@router.get("/knowledge/{category}/cases", response_model=list[CaseStoryOut])
def stories(category: Category, session: SessionDep, principal: PrincipalDep) -> list[CaseStoryOut]:
    """The platform's newest real cases of the category, anonymised."""
    return service.case_stories(session, principal, category)


@router.get("/campaigns", response_model=list[CampaignOut])
def list_campaigns(session: SessionDep, principal: PrincipalDep, status: str | None = None) -> list[CampaignOut]:
    """Every campaign, newest first (prevention staff and commanders)."""
    return service.list_campaigns(session, principal, status)


@router.post("/campaigns", response_model=CampaignOut, status_code=201)
def create(body: CampaignIn, session: SessionDep, principal: PrincipalDep) -> CampaignOut:
    """Draft a campaign: audience, category, channel, partner and schedule."""
    return service.do_create_campaign(session, principal, body)


@router.get("/campaigns/{campaign_id}", response_model=CampaignOut)
def get_campaign(campaign_id: RecordId, session: SessionDep, principal: PrincipalDep) -> CampaignOut:
    """One campaign with its approval and delivery report."""
    return service.get_campaign(session, principal, campaign_id)


@router.get("/campaigns/{campaign_id}/effect", response_model=EffectOut)
def effect(campaign_id: RecordId, session: SessionDep, principal: PrincipalDep) -> EffectOut:
    """Incidence before and after against comparable untargeted groups (difference in differences)."""
    return service.campaign_effect(session, principal, campaign_id)


@router.post("/campaigns/{campaign_id}/submit", response_model=CampaignOut, responses=CONFLICT)
def submit(campaign_id: RecordId, session: SessionDep, principal: PrincipalDep) -> CampaignOut:
    """Ask a commander to approve a draft."""
    return service.do_submit_campaign(session, principal, campaign_id)


@router.post("/campaigns/{campaign_id}/approve", response_model=CampaignOut, responses=CONFLICT)
def approve(campaign_id: RecordId, body: DecisionIn, session: SessionDep, principal: PrincipalDep) -> CampaignOut:
    """A commander approves a submitted campaign."""
    return service.do_approve_campaign(session, principal, campaign_id, body)


@router.post("/campaigns/{campaign_id}/reject", response_model=CampaignOut, responses=CONFLICT)
def reject(campaign_id: RecordId, body: DecisionIn, session: SessionDep, principal: PrincipalDep) -> CampaignOut:
    """A commander rejects a submitted campaign, saying why."""
    return service.do_reject_campaign(session, principal, campaign_id, body)


@router.post("/campaigns/{campaign_id}/revise", response_model=CampaignOut, responses=CONFLICT)
def revise(campaign_id: RecordId, session: SessionDep, principal: PrincipalDep) -> CampaignOut:
    """Take a rejected campaign back to draft."""
    return service.do_revise_campaign(session, principal, campaign_id)


@router.post("/campaigns/{campaign_id}/send", response_model=CampaignOut, responses=CONFLICT)
def send(campaign_id: RecordId, session: SessionDep, principal: PrincipalDep) -> CampaignOut:
    """Put an approved campaign on its delivering organisation's queue."""
    return service.do_send_campaign(session, principal, campaign_id)


@router.post("/campaigns/{campaign_id}/close", response_model=CampaignOut, responses=CONFLICT)
def close(campaign_id: RecordId, session: SessionDep, principal: PrincipalDep) -> CampaignOut:
    """End a delivered or rejected campaign."""
    return service.do_close_campaign(session, principal, campaign_id)


@router.get("/campaign-work", response_model=list[CampaignWorkOut])
def work(session: SessionDep, principal: PrincipalDep, open_only: bool = False) -> list[CampaignWorkOut]:
    """The campaigns sent to the caller's organisation (a carrier, a delivery platform, a station)."""
    return service.campaign_work(session, principal, open_only)


@router.get("/campaign-work/{campaign_id}", response_model=CampaignWorkOut)
def work_item(campaign_id: RecordId, session: SessionDep, principal: PrincipalDep) -> CampaignWorkOut:
    """One campaign of the caller's queue; another organisation's answers 404."""
    return service.get_campaign_work(session, principal, campaign_id)


@router.post("/campaign-work/{campaign_id}/delivery", response_model=CampaignWorkOut, responses=CONFLICT)
def delivery(campaign_id: RecordId, body: DeliveryIn, session: SessionDep, principal: PrincipalDep) -> CampaignWorkOut:
    """Report delivery: people reached, the day, all or part done, and a note."""
    return service.do_report_delivery(session, principal, campaign_id, body)
