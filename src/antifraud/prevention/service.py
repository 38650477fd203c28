"""Prevention use cases (宣传防范): the versioned knowledge base, campaigns from draft to delivery, their effect.

A campaign reaches its delivering organisation (a carrier, a delivery platform, a police station, the center's
app) the way a stop-payment reaches a bank: as work on that organisation's own queue, which only it sees,
answered through the API. A carrier gets the audience's specification, never a list of citizens' numbers.
An organisation with a delivery endpoint (`antifraud partners set-endpoint`) is also sent the work through the
core outbox (topic `campaign_work`), written in the sending transaction and relayed with retries.

An approved campaign whose first day has come is sent on schedule by the jobs runner's tick
(`do_send_due_campaigns`), as the system, once.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import Engine, func, select, update
from sqlalchemy.orm import Session

from antifraud.analytics import service as analytics
from antifraud.analytics.breakdown import AGE_BANDS, age_at, age_band, victim_age
from antifraud.analytics.schemas import PreventionFiguresOut
from antifraud.cases import service as cases
from antifraud.core import audit, outbox
from antifraud.core.auth import SYSTEM, Permission, Principal
from antifraud.core.clock import LOCAL_TZ, now, to_local
from antifraud.core.db import session_scope
from antifraud.core.errors import Conflict, Forbidden, NotFound, ValidationFailed
from antifraud.core.events import publish_after_commit
from antifraud.core.vocab import OCCUPATIONS
from antifraud.identifiers import JINHUA_DIVISIONS
from antifraud.jobs import service as jobs
from antifraud.orgs.service import county_scope, find_org, list_orgs, org_codes, org_of, partner_endpoint
from antifraud.prevention import engine
from antifraud.prevention.models import Campaign, KnowledgeVersion
from antifraud.prevention.schemas import (
    CampaignIn,
    CampaignOut,
    CampaignPushOut,
    CampaignWorkOut,
    CaseStoryOut,
    DecisionIn,
    DeliveryIn,
    EffectOut,
    IncidenceOut,
    KnowledgeIn,
    KnowledgeOut,
)
from antifraud.prevention.seed import CATEGORIES, SEED
from antifraud.settings import get_settings

TOPIC = "prevention"
WORK_TOPIC = "campaign_work"  # the outbox topic of campaign work pushed to a delivering organisation
SCHEDULE_TICK = "campaign.schedule"
SEND_GRACE = timedelta(minutes=10)  # a commander approving on the day sends by hand within it
WORK_STATUSES = ("sent", "partly_delivered", "delivered", "closed")
EFFECT_DAYS = 28  # the weeks before and after a campaign whose incidence is compared
MAX_CAMPAIGN_DAYS = 366
_DIVISIONS = {d.code: d for d in JINHUA_DIVISIONS}


# ---------------------------------------------------------------- knowledge base


def do_seed_knowledge(session: Session) -> int:
    """Give every category without a version the shipped texts as version 1; returns how many. Idempotent."""
    have = set(session.scalars(select(KnowledgeVersion.category).distinct()))
    added = 0
    for category, (zh, en) in SEED.items():
        if category in have:
            continue
        session.add(KnowledgeVersion(
            category=category, version=1, title_zh=zh.title, title_en=en.title, signs_zh=list(zh.signs),
            signs_en=list(en.signs), lesson_zh=zh.lesson, lesson_en=en.lesson, sms_zh=zh.sms, sms_en=en.sms,
            packaging_zh=zh.packaging, packaging_en=en.packaging, note="", edited_by="system", edited_at=now()))
        added += 1
    return added


def _check_category(category: str) -> None:
    if category not in CATEGORIES:
        raise NotFound(f"no knowledge category '{category}'", field="category")


def knowledge(session: Session) -> list[KnowledgeOut]:
    """The current version of every category, in the public page's order (anyone may read it)."""
    newest = (select(KnowledgeVersion.category, func.max(KnowledgeVersion.version).label("v"))
              .group_by(KnowledgeVersion.category).subquery())
    rows = session.scalars(select(KnowledgeVersion).join(
        newest, (KnowledgeVersion.category == newest.c.category) & (KnowledgeVersion.version == newest.c.v)))
    by_category = {r.category: KnowledgeOut.model_validate(r) for r in rows}
    return [by_category[c] for c in CATEGORIES if c in by_category]


def current_knowledge(session: Session, category: str) -> KnowledgeOut:
    """The current version of one category."""
    _check_category(category)
    row = session.scalar(select(KnowledgeVersion).where(KnowledgeVersion.category == category)
                         .order_by(KnowledgeVersion.version.desc()).limit(1))
    if row is None:
        raise NotFound(f"no knowledge category '{category}'", field="category")
    return KnowledgeOut.model_validate(row)


def knowledge_versions(session: Session, principal: Principal, category: str) -> list[KnowledgeOut]:
    """Every version of a category, newest first (prevention staff)."""
    principal.require(Permission.PREVENTION_MANAGE)
    _check_category(category)
    rows = session.scalars(select(KnowledgeVersion).where(KnowledgeVersion.category == category)
                           .order_by(KnowledgeVersion.version.desc()))
    return [KnowledgeOut.model_validate(r) for r in rows]


def knowledge_version(session: Session, principal: Principal, category: str, version: int) -> KnowledgeOut:
    """One version of a category as it was saved."""
    principal.require(Permission.PREVENTION_MANAGE)
    _check_category(category)
    row = session.scalar(select(KnowledgeVersion).where(KnowledgeVersion.category == category,
                                                        KnowledgeVersion.version == version))
    if row is None:
        raise NotFound(f"category '{category}' has no version {version}", field="version")
    return KnowledgeOut.model_validate(row)


def _texts(data: KnowledgeIn, lang: str) -> engine.KnowledgeText:
    def get(name: str) -> Any:
        return getattr(data, f"{name}_{lang}")

    return engine.KnowledgeText(title=get("title").strip(), signs=tuple(s.strip() for s in get("signs") if s.strip()),
                                lesson=get("lesson").strip(), sms=get("sms").strip(),
                                packaging=get("packaging").strip())


def do_edit_knowledge(session: Session, principal: Principal, category: str, data: KnowledgeIn) -> KnowledgeOut:
    """Save a category's texts as its next version (the earlier ones stay readable); audited."""
    principal.require(Permission.PREVENTION_MANAGE)
    _check_category(category)
    zh, en = _texts(data, "zh"), _texts(data, "en")
    problems = engine.text_problems(zh, "zh") + engine.text_problems(en, "en")
    if problems:
        raise ValidationFailed("the texts break their limits", field=problems[0].field, problems=problems)
    # Two editors saving at once: the second waits for the first's row and takes the next number.
    session.scalar(select(KnowledgeVersion.id).where(KnowledgeVersion.category == category)
                   .order_by(KnowledgeVersion.version.desc()).limit(1).with_for_update())
    last = session.scalar(select(func.max(KnowledgeVersion.version)).where(KnowledgeVersion.category == category))
    row = KnowledgeVersion(category=category, version=(last or 0) + 1, title_zh=zh.title, title_en=en.title,
                           signs_zh=list(zh.signs), signs_en=list(en.signs), lesson_zh=zh.lesson,
                           lesson_en=en.lesson, sms_zh=zh.sms, sms_en=en.sms, packaging_zh=zh.packaging,
                           packaging_en=en.packaging, note=data.note.strip(), edited_by=principal.username,
                           edited_at=now())
    session.add(row)
    session.flush()
    audit.record(session, principal, "knowledge.edit", "knowledge", f"{category}/{row.version}",
                 {"category": category, "version": row.version, "note": row.note})
    publish_after_commit(session, TOPIC, {"event": "knowledge", "category": category, "version": row.version})
    return KnowledgeOut.model_validate(row)


def _age_band_of(age: int | None, id_number: str | None, occurred_at: datetime) -> str | None:
    if id_number and len(id_number) == 18:
        try:
            born = date(int(id_number[6:10]), int(id_number[10:12]), int(id_number[12:14]))
            return age_band(age_at(born, occurred_at.astimezone(LOCAL_TZ).date()))
        except ValueError:
            pass
    return age_band(age)


def case_stories(session: Session, principal: Principal, category: str, limit: int = 5) -> list[CaseStoryOut]:
    """The platform's newest real cases of a category, anonymised (fraud type, loss band, age band, district
    and the narrative with names and numbers masked)."""
    principal.require(Permission.PREVENTION_MANAGE)
    _check_category(category)
    stories = []
    for occurred_at, loss, age, id_number, district, narrative, name in cases.recent_case_stories(
            session, SYSTEM, category, limit):
        district = district or (id_number[:6] if id_number else None)
        division = _DIVISIONS.get(district or "")
        stories.append(CaseStoryOut(
            month=f"{to_local(occurred_at):%Y-%m}", district=district if division else None,
            district_name=division.name_zh if division else None,
            age_band=_age_band_of(age, id_number, occurred_at), loss_band=engine.loss_band(loss),
            story=engine.mask_identifiers(narrative or "", (name,) if name else ())))
    return stories


# ---------------------------------------------------------------- campaigns


def _staff(principal: Principal) -> bool:
    return principal.can(Permission.PREVENTION_MANAGE) or principal.can(Permission.PREVENTION_APPROVE)


def _check_audience(data: CampaignIn) -> None:
    for i, code in enumerate(data.audience.districts):
        if code not in _DIVISIONS:
            raise ValidationFailed("not a county or district of the city", field=f"audience.districts[{i}]")
    for i, code in enumerate(data.audience.occupations):
        if code not in OCCUPATIONS:
            raise ValidationFailed("not a known occupation", field=f"audience.occupations[{i}]")


def _delivering_org(session: Session, data: CampaignIn) -> Any:
    """The organisation that carries the channel out: the chosen partner, or the center for app push."""
    wanted = engine.CHANNEL_ORG_KIND[data.channel]
    if data.channel == "app_push":
        org = find_org(session, SYSTEM.org_code)
        if org is None:
            raise NotFound("the center's organisation is missing", field="partner")
        return org
    if not data.partner:
        raise ValidationFailed(f"a {data.channel} campaign needs the {wanted} organisation carrying it out",
                               field="partner")
    org = find_org(session, data.partner)
    if org is None:
        raise ValidationFailed(f"no organisation '{data.partner}'", field="partner")
    if org.kind != wanted or (wanted == "police" and org.level != "station"):
        kind = "police station" if wanted == "police" else wanted
        raise ValidationFailed(f"a {data.channel} campaign is carried out by a {kind}, "
                               f"'{org.code}' is a {org.kind}", field="partner")
    return org


def _message(text: KnowledgeOut, channel: str) -> str:
    """What the channel carries: the SMS text, the packaging strip, or the lesson for a talk or a poster."""
    if channel in ("carrier_sms", "app_push"):
        return text.sms_zh
    if channel == "packaging":
        return text.packaging_zh
    return f"{text.title_zh}\n{text.lesson_zh}"


def do_create_campaign(session: Session, principal: Principal, data: CampaignIn) -> CampaignOut:
    """Draft a campaign: audience, category, channel, the organisation carrying it out and its schedule."""
    principal.require(Permission.PREVENTION_MANAGE)
    if data.category not in CATEGORIES:
        raise ValidationFailed("not one of the eleven knowledge categories", field="category")
    if data.ends_on < data.starts_on:
        raise ValidationFailed("the campaign ends before it starts", field="ends_on")
    if (data.ends_on - data.starts_on).days > MAX_CAMPAIGN_DAYS:
        raise ValidationFailed(f"a campaign runs at most {MAX_CAMPAIGN_DAYS} days", field="ends_on")
    _check_audience(data)
    division = _county_division(session, principal)
    if division is not None and data.audience.districts != [division]:
        raise ValidationFailed(f"a county's campaign is aimed at its own district ({division})",
                               field="audience.districts")
    org = _delivering_org(session, data)
    text = current_knowledge(session, data.category)
    campaign = Campaign(
        title=data.title.strip(), category=data.category, knowledge_version=text.version, channel=data.channel,
        audience=data.audience.model_dump(), finding=data.finding.model_dump() if data.finding else None,
        message=_message(text, data.channel), delivering_org_id=org.id, starts_on=data.starts_on,
        ends_on=data.ends_on, status="draft", created_by=principal.username, created_at=now(), decision_note="",
        delivery_note="")
    session.add(campaign)
    session.flush()
    audit.record(session, principal, "campaign.create", "campaign", campaign.id,
                 {"category": data.category, "channel": data.channel, "partner": org.code,
                  "audience": campaign.audience, "finding": bool(data.finding)})
    publish_after_commit(session, TOPIC, {"event": "campaign", "id": campaign.id, "status": "draft"})
    return _out(session, principal, campaign)


def _move(session: Session, principal: Principal, campaign: Campaign, to: str, action: str,
          details: dict[str, Any] | None = None) -> None:
    """Change a campaign's state if its life allows it (409 otherwise); audited, announced after commit."""
    if not engine.may_move(campaign.status, to):
        raise Conflict(f"campaign {campaign.id} is {campaign.status}; it cannot become {to}", field="status")
    before, campaign.status = campaign.status, to
    audit.record(session, principal, f"campaign.{action}", "campaign", campaign.id,
                 {"from": before, "to": to, **(details or {})})
    publish_after_commit(session, TOPIC, {"event": "campaign", "id": campaign.id, "status": to,
                                          "org_id": campaign.delivering_org_id})


def do_submit_campaign(session: Session, principal: Principal, campaign_id: int) -> CampaignOut:
    """Ask a commander to approve a draft; the message is taken from the category's current version."""
    principal.require(Permission.PREVENTION_MANAGE)
    campaign = _get_scoped(session, principal, campaign_id)
    _move(session, principal, campaign, "submitted", "submit")
    text = current_knowledge(session, campaign.category)
    campaign.knowledge_version, campaign.message = text.version, _message(text, campaign.channel)
    campaign.submitted_at = now()
    return _out(session, principal, campaign)


def do_approve_campaign(session: Session, principal: Principal, campaign_id: int, decision: DecisionIn) -> CampaignOut:
    """A commander approves a submitted campaign."""
    principal.require(Permission.PREVENTION_APPROVE)
    campaign = _get_scoped(session, principal, campaign_id)
    _move(session, principal, campaign, "approved", "approve", {"note": decision.note.strip()})
    campaign.decided_by, campaign.decided_at = principal.username, now()
    campaign.decision_note = decision.note.strip()
    return _out(session, principal, campaign)


def do_reject_campaign(session: Session, principal: Principal, campaign_id: int, decision: DecisionIn) -> CampaignOut:
    """A commander sends a submitted campaign back, saying why."""
    principal.require(Permission.PREVENTION_APPROVE)
    campaign = _get_scoped(session, principal, campaign_id)
    if not decision.note.strip():
        raise ValidationFailed("say why the campaign is rejected", field="note")
    _move(session, principal, campaign, "rejected", "reject", {"note": decision.note.strip()})
    campaign.decided_by, campaign.decided_at = principal.username, now()
    campaign.decision_note = decision.note.strip()
    return _out(session, principal, campaign)


def do_revise_campaign(session: Session, principal: Principal, campaign_id: int) -> CampaignOut:
    """Take a rejected campaign back to draft to submit it again."""
    principal.require(Permission.PREVENTION_MANAGE)
    campaign = _get_scoped(session, principal, campaign_id)
    _move(session, principal, campaign, "draft", "revise")
    return _out(session, principal, campaign)


def do_send_campaign(session: Session, principal: Principal, campaign_id: int, scheduled: bool = False) -> CampaignOut:
    """Hand an approved campaign to its delivering organisation: it appears on that organisation's queue and,
    when the organisation has a delivery endpoint, its work is queued in the outbox in the same transaction.

    `scheduled`: sent by the schedule on the campaign's first day, not by a commander's hand (said in the audit).
    """
    principal.require(Permission.PREVENTION_APPROVE)
    campaign = _get_scoped(session, principal, campaign_id)
    if campaign.status == "approved" and session.execute(  # take the row: of two senders at once, one goes on
            update(Campaign).where(Campaign.id == campaign.id, Campaign.status == "approved")
            .values(status="approved").execution_options(synchronize_session=False)).rowcount != 1:
        session.refresh(campaign)
    org_code = _org_code(session, campaign)
    pushed = partner_endpoint(session, org_code) is not None
    details: dict[str, Any] = {"partner": org_code, "pushed": pushed}
    if scheduled:
        details["scheduled"] = True
    _move(session, principal, campaign, "sent", "send", details)
    campaign.sent_at = now()
    if pushed:
        payload = work_message(campaign, org_code)
        outbox.enqueue(session, payload["key"], WORK_TOPIC, org_code, payload)
    return _out(session, principal, campaign, org_code)


def work_message(campaign: Campaign, org_code: str) -> dict[str, Any]:
    """What a delivering organisation is pushed: the campaign's work and the audience's specification
    (districts, age bands, occupations, habits), never a list of citizens; the key is taken once."""
    settings = get_settings()
    return {"key": f"{settings.city_code}:campaign:{campaign.id}", "origin_center": settings.city_code,
            "campaign_id": campaign.id, "partner": org_code, "title": campaign.title, "category": campaign.category,
            "knowledge_version": campaign.knowledge_version, "channel": campaign.channel,
            "audience": {k: list(v) for k, v in campaign.audience.items()}, "message": campaign.message,
            "starts_on": campaign.starts_on.isoformat(), "ends_on": campaign.ends_on.isoformat(),
            "sent_at": campaign.sent_at.isoformat() if campaign.sent_at else None,
            "report_to": f"/api/v1/campaign-work/{campaign.id}/delivery"}


def _work_endpoint(session: Session, org_code: str) -> outbox.Endpoint | str:
    """Where a delivering organisation takes pushed campaign work (read by the outbox relay)."""
    found = partner_endpoint(session, org_code)
    if found is None:
        return f"no delivery endpoint for organisation '{org_code}'"
    return outbox.Endpoint(*found)


outbox.register_channel(WORK_TOPIC, _work_endpoint)


def due_campaigns(session: Session, at: datetime) -> list[int]:
    """The approved campaigns whose first day has come at ``at`` and whose last has not passed, oldest first.

    One approved less than `SEND_GRACE` ago is left to the commander, who sends it by hand right after
    approving it on the day itself; one approved before its first day is due from that day's start.
    """
    today = at.astimezone(LOCAL_TZ).date()
    return list(session.scalars(select(Campaign.id).where(
        Campaign.status == "approved", Campaign.starts_on <= today, Campaign.ends_on >= today,
        Campaign.decided_at <= at - SEND_GRACE).order_by(Campaign.starts_on, Campaign.id)))


def do_send_due_campaigns(engine: Engine, at: datetime) -> int:
    """Send, as the system, every approved campaign due on ``at``'s local day; returns how many were sent.

    Each in its own transaction; one sent meanwhile (by hand or by another runner) is passed over, so a
    campaign is sent once however often the tick runs.
    """
    with session_scope(engine) as session:
        due = due_campaigns(session, at)
    sent = 0
    for campaign_id in due:
        try:
            with session_scope(engine) as session:
                do_send_campaign(session, SYSTEM, campaign_id, scheduled=True)
            sent += 1
        except Conflict:
            continue
    return sent


jobs.register_tick(SCHEDULE_TICK, do_send_due_campaigns)


def do_close_campaign(session: Session, principal: Principal, campaign_id: int) -> CampaignOut:
    """End a delivered (or rejected) campaign; nothing changes it afterwards."""
    if not _staff(principal):
        raise Forbidden(f"role '{principal.role}' may not close campaigns")
    campaign = _get_scoped(session, principal, campaign_id)
    _move(session, principal, campaign, "closed", "close")
    campaign.closed_at = now()
    return _out(session, principal, campaign)


def do_report_delivery(session: Session, principal: Principal, campaign_id: int, report: DeliveryIn) -> CampaignWorkOut:
    """The delivering organisation reports how many it reached, on which day, and whether all was done."""
    principal.require(Permission.CAMPAIGN_WORK)
    campaign = _work_item(session, principal, campaign_id)
    if campaign.sent_at is not None and report.delivered_on < to_local(campaign.sent_at).date():  # type: ignore[union-attr]
        raise ValidationFailed("delivered before the campaign was sent", field="delivered_on")
    if report.delivered_on > now().astimezone(LOCAL_TZ).date():
        raise ValidationFailed("a delivery date in the future", field="delivered_on")
    _move(session, principal, campaign, report.outcome, "deliver",
          {"reach_count": report.reach_count, "delivered_on": report.delivered_on.isoformat(),
           "note": report.note.strip()})
    campaign.reach_count, campaign.delivered_on = report.reach_count, report.delivered_on
    campaign.delivery_note = report.note.strip()
    campaign.reported_by, campaign.reported_at = principal.username, now()
    return _work_out(campaign, principal.org_code)


def _actions(principal: Principal, campaign: Campaign) -> list[str]:
    """The moves the reader may make now (the pages show them as buttons)."""
    manage, approve = principal.can(Permission.PREVENTION_MANAGE), principal.can(Permission.PREVENTION_APPROVE)
    wanted = {"submit": ("submitted", manage), "approve": ("approved", approve), "reject": ("rejected", approve),
              "send": ("sent", approve), "revise": ("draft", manage), "close": ("closed", manage or approve)}
    return [name for name, (to, allowed) in wanted.items() if allowed and engine.may_move(campaign.status, to)
            and not (name == "revise" and campaign.status != "rejected")]


def _org_code(session: Session, campaign: Campaign) -> str:
    org = org_of(session, campaign.delivering_org_id)
    return org.code if org else ""


def _work_out(campaign: Campaign, org_code: str) -> CampaignWorkOut:
    return CampaignWorkOut(
        id=campaign.id, title=campaign.title, category=campaign.category, channel=campaign.channel,
        audience={k: list(v) for k, v in campaign.audience.items()}, message=campaign.message, partner=org_code,
        starts_on=campaign.starts_on, ends_on=campaign.ends_on, status=campaign.status, sent_at=campaign.sent_at,
        reach_count=campaign.reach_count, delivered_on=campaign.delivered_on, delivery_note=campaign.delivery_note)


def _out(session: Session, principal: Principal, campaign: Campaign, org_code: str | None = None) -> CampaignOut:
    work = _work_out(campaign, org_code if org_code is not None else _org_code(session, campaign))
    return CampaignOut(
        **work.model_dump(), knowledge_version=campaign.knowledge_version, finding=campaign.finding,
        created_by=campaign.created_by, created_at=campaign.created_at, submitted_at=campaign.submitted_at,
        decided_by=campaign.decided_by, decided_at=campaign.decided_at, decision_note=campaign.decision_note,
        reported_by=campaign.reported_by, reported_at=campaign.reported_at, closed_at=campaign.closed_at,
        actions=_actions(principal, campaign))


def _county_division(session: Session, principal: Principal) -> str | None:
    """The district a county bureau's (or its stations') staff work in, or None at the city center."""
    county = county_scope(session, principal)
    org = org_of(session, county) if county is not None else None
    return org.division_code if org is not None else None


def _in_scope(campaign: Campaign, division: str | None) -> bool:
    """A county sees the city-wide campaigns and those aimed at its district; the center sees all."""
    districts = campaign.audience.get("districts") or []
    return division is None or not districts or division in districts


def list_campaigns(session: Session, principal: Principal, status: str | None = None,
                   limit: int = 500) -> list[CampaignOut]:
    """The campaigns the reader's level sees, newest first (prevention staff and commanders)."""
    if not _staff(principal):
        raise Forbidden(f"role '{principal.role}' may not read campaigns")
    if status is not None and status not in engine.STATUSES:
        raise ValidationFailed(f"one of {', '.join(engine.STATUSES)}", field="status")
    stmt = select(Campaign).order_by(Campaign.id.desc())
    if status:
        stmt = stmt.where(Campaign.status == status)
    division = _county_division(session, principal)
    rows = [c for c in session.scalars(stmt) if _in_scope(c, division)][:limit]
    codes = org_codes(session, {c.delivering_org_id for c in rows})
    return [_out(session, principal, c, codes.get(c.delivering_org_id, "")) for c in rows]


def _get_scoped(session: Session, principal: Principal, campaign_id: int) -> Campaign:
    """A campaign the reader's level sees (404 for a partner or another county's campaign)."""
    campaign = session.get(Campaign, campaign_id)
    if (campaign is None or not _staff(principal)
            or not _in_scope(campaign, _county_division(session, principal))):
        raise NotFound(f"campaign {campaign_id} not found", field="campaign_id")
    return campaign


def get_campaign(session: Session, principal: Principal, campaign_id: int) -> CampaignOut:
    """One campaign with its finding, approval and delivery, and how its pushed work fares (staff and commanders)."""
    out = _out(session, principal, _get_scoped(session, principal, campaign_id))
    out.push = _push(session, campaign_id)
    return out


def _push(session: Session, campaign_id: int) -> CampaignPushOut | None:
    """The state of the campaign's work in the outbox, or None when it was not pushed."""
    msg = session.scalar(select(outbox.OutboxMessage).where(
        outbox.OutboxMessage.key == f"{get_settings().city_code}:campaign:{campaign_id}"))
    if msg is None:
        return None
    state = "delivered" if msg.delivered_at is not None else ("retrying" if msg.attempts else "queued")
    return CampaignPushOut(state=state, attempts=msg.attempts, delivered_at=msg.delivered_at,
                           last_error=msg.last_error)


def _work_item(session: Session, principal: Principal, campaign_id: int) -> Campaign:
    """A campaign on the principal's own organisation's queue; any other answers 404, as a bank's request does."""
    campaign = session.get(Campaign, campaign_id)
    if (campaign is None or campaign.delivering_org_id != principal.org_id
            or campaign.status not in WORK_STATUSES):
        raise NotFound(f"campaign {campaign_id} not found", field="campaign_id")
    return campaign


def campaign_work(session: Session, principal: Principal, open_only: bool = False) -> list[CampaignWorkOut]:
    """The campaigns sent to the principal's organisation, the ones waiting for a report first."""
    principal.require(Permission.CAMPAIGN_WORK)
    statuses = ("sent", "partly_delivered") if open_only else WORK_STATUSES
    rows = session.scalars(select(Campaign).where(Campaign.delivering_org_id == principal.org_id,
                                                  Campaign.status.in_(statuses))
                           .order_by(Campaign.status != "sent", Campaign.starts_on, Campaign.id))
    return [_work_out(c, principal.org_code) for c in rows]


def get_campaign_work(session: Session, principal: Principal, campaign_id: int) -> CampaignWorkOut:
    """One campaign of the principal's organisation's queue."""
    principal.require(Permission.CAMPAIGN_WORK)
    return _work_out(_work_item(session, principal, campaign_id), principal.org_code)


def partners(session: Session, channel: str) -> list[tuple[str, str, str]]:
    """(code, Chinese name, English name) of the organisations that may carry a channel out."""
    wanted = engine.CHANNEL_ORG_KIND.get(channel)
    if wanted is None or channel == "app_push":
        return []
    return [(o.code, o.name_zh, o.name_en) for o in list_orgs(session, wanted)
            if wanted != "police" or o.level == "station"]


def screen_figures(session: Session, principal: Principal, at: datetime | None = None) -> PreventionFiguresOut:
    """What the command hall's screen shows of prevention at ``at``: campaigns running (sent, not yet fully
    delivered), campaigns delivered this local month, and the people their partners reported reaching this
    month and this year. Counts only; read-only; a county sees the campaigns of its level."""
    principal.require(Permission.STATS_READ)
    today = (at or now()).astimezone(LOCAL_TZ).date()
    month_start, year_start = today.replace(day=1), date(today.year, 1, 1)
    rows = session.execute(select(Campaign.status, Campaign.audience, Campaign.delivered_on, Campaign.reach_count)
                           .where(Campaign.status.in_(WORK_STATUSES))).all()
    division = _county_division(session, principal)
    out = PreventionFiguresOut()
    for status, audience, delivered_on, reach in rows:
        districts = (audience or {}).get("districts") or []
        if division is not None and districts and division not in districts:
            continue
        if status in ("sent", "partly_delivered"):
            out.running += 1
        if delivered_on is None or delivered_on > today or delivered_on < year_start:
            continue
        out.reach_year += reach or 0
        if delivered_on >= month_start:
            out.delivered_month += 1
            out.reach_month += reach or 0
    return out


# ---------------------------------------------------------------- effect


def _incidence(reports: int, residents: int, days: int) -> IncidenceOut:
    inc = engine.Incidence(reports, residents * days)
    return IncidenceOut(reports=reports, residents=residents, days=days, rate=round(inc.rate, 4))


def campaign_effect(session: Session, principal: Principal, campaign_id: int,
                    today: date | None = None) -> EffectOut:
    """The audience's incidence of the campaign's fraud type in the weeks before and after it was sent,
    against the comparable cells it did not target (difference in differences, 95 % intervals)."""
    campaign = _get_scoped(session, principal, campaign_id)
    today = today or now().astimezone(LOCAL_TZ).date()
    # It works from the day it reached its partner, and not before its own start.
    sent = to_local(campaign.sent_at).date() if campaign.sent_at else campaign.starts_on  # type: ignore[union-attr]
    start = max(sent, campaign.starts_on)
    before = (start - timedelta(days=EFFECT_DAYS), start - timedelta(days=1))
    answer = EffectOut(fraud_type=campaign.category, before=before, after=None, reason=None)
    if campaign.sent_at is None:
        return answer.model_copy(update={"reason": "not_sent"})
    after_end = min(start + timedelta(days=EFFECT_DAYS - 1), today)
    if after_end < start:
        return answer.model_copy(update={"reason": "too_early"})
    after = (start, after_end)
    cells = analytics.population_cells(session)
    if not cells:
        return answer.model_copy(update={"after": after, "reason": "no_population"})
    residents: dict[tuple[str, str], int] = {}
    for cell in cells:
        residents[(cell.district, cell.age_band)] = residents.get((cell.district, cell.age_band), 0) + cell.population
    audience = engine.Audience(districts=tuple(campaign.audience.get("districts", ())),
                               age_bands=tuple(campaign.audience.get("age_bands", ())))
    districts = tuple(sorted({d for d, _ in residents}))
    target, control = engine.split_cells(audience, districts, AGE_BANDS)
    target = {c for c in target if residents.get(c)}
    control = {c for c in control if residents.get(c)}
    if not target or not control:
        return answer.model_copy(update={"after": after, "reason": "no_comparison"})
    counts = {("t", "b"): 0, ("t", "a"): 0, ("c", "b"): 0, ("c", "a"): 0}
    # Counted city-wide whoever reads it (only the counts leave): a county's own cases have no comparison.
    for fact in analytics.case_facts(session, SYSTEM, before[0], after[1], campaign.category):
        cell = (fact.district or "", age_band(victim_age(fact)) or "")
        side = "t" if cell in target else "c" if cell in control else None
        if side is None:
            continue
        day = fact.reported_at.astimezone(LOCAL_TZ).date()
        counts[(side, "b" if day < start else "a")] += 1
    pop_t, pop_c = sum(residents[c] for c in target), sum(residents[c] for c in control)
    days_b, days_a = engine.days_between(*before), engine.days_between(*after)
    did = engine.difference_in_differences(
        engine.Incidence(counts[("t", "b")], pop_t * days_b), engine.Incidence(counts[("t", "a")], pop_t * days_a),
        engine.Incidence(counts[("c", "b")], pop_c * days_b), engine.Incidence(counts[("c", "a")], pop_c * days_a))
    return answer.model_copy(update={
        "after": after,
        "target_before": _incidence(counts[("t", "b")], pop_t, days_b),
        "target_after": _incidence(counts[("t", "a")], pop_t, days_a),
        "control_before": _incidence(counts[("c", "b")], pop_c, days_b),
        "control_after": _incidence(counts[("c", "a")], pop_c, days_a),
        "difference": round(did.difference, 4),
        "difference_ci": (round(did.difference_ci[0], 4), round(did.difference_ci[1], 4)),
        "ratio": round(did.ratio, 4), "ratio_ci": (round(did.ratio_ci[0], 4), round(did.ratio_ci[1], 4))})

