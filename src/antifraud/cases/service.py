"""Intake use cases: file a report, dispatch its identifiers, read cases back."""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from antifraud.cases import engine, files
from antifraud.cases.models import Case, CaseAttachment, CaseIdentifier, CaseNote
from antifraud.cases.schemas import (
    AttachmentOut,
    CaseIn,
    CaseOut,
    CasePage,
    CaseQuery,
    CaseSummary,
    IdentifierIn,
    IdentifierOut,
    UnroutableOut,
    UnroutablePage,
)
from antifraud.core import audit
from antifraud.core.auth import POLICE_ROLES, Permission, Principal
from antifraud.core.clock import LOCAL_TZ, UTC, as_utc, local_day_start, local_year_start, now, to_local
from antifraud.core.db import money_from_sum
from antifraud.core.errors import Conflict, NotFound, Problem, ValidationFailed
from antifraud.core.events import publish_after_commit
from antifraud.core.vocab import EDUCATION_LEVELS, FRAUD_TYPES, OCCUPATIONS
from antifraud.dispatch import service as dispatch
from antifraud.dispatch.schemas import RequestOut
from antifraud.identifiers import IdentifierError, normalize, parse_phone, parse_resident_id
from antifraud.identifiers.service import do_record_card_issuer
from antifraud.orgs.service import (
    county_scope,
    find_org,
    find_user,
    jurisdiction_for_division,
    org_by_code,
    org_codes,
    org_of,
    prefetch_orgs,
    usernames,
)
from antifraud.settings import get_settings
from antifraud.warnings import service as warnings
from antifraud.warnings.routing import HOME_DISTRICT_SOURCES

if TYPE_CHECKING:  # annotations only: the rows come from orgs.service and dispatch.service
    from antifraud.dispatch.schemas import RequestOut
    from antifraud.orgs.models import Organization

TOPIC = "cases"
DISPATCHED_KINDS = ("bank_card", "phone")
IDENTIFIERS_FILED: list[Callable[[Session, int], object]] = []
"""Steps of the rooms above that act on a case's identifiers in the same transaction, when the case is filed
and when an identifier is added to it (case linking registers ``linking.service.do_link_case``)."""


def _victim_fields(data: CaseIn, today: date, errors: list[Problem]) -> dict[str, Any]:
    """Validate and enrich the victim: phone to E.164, age/sex/home district from the ID number."""
    victim = data.victim
    fields: dict[str, Any] = {"victim_name": victim.name, "victim_occupation": victim.occupation,
                              "victim_education": victim.education,
                              "victim_district_code": victim.district_code}
    if victim.phone:
        try:
            fields["victim_phone"] = parse_phone(victim.phone, field="victim.phone").e164
        except IdentifierError as exc:
            errors.append(Problem("victim.phone", exc.reason, exc.code, exc.params))
    if victim.id_number:
        try:
            rid = parse_resident_id(victim.id_number, field="victim.id_number", today=today)
        except IdentifierError as exc:
            errors.append(Problem("victim.id_number", exc.reason, exc.code, exc.params))
        else:
            fields.update(victim_id_number=rid.number, victim_age=rid.age, victim_sex=rid.sex)
            if not victim.district_code and rid.division_code.startswith("3307"):
                fields["victim_district_code"] = rid.division_code
    return fields


def _normalise_identifiers(items: list[IdentifierIn], errors: list[Problem], prefix: str = "identifiers."
                           ) -> list[tuple[IdentifierIn, Any]]:
    """Normalise each identifier, dropping exact duplicates; errors name the list position."""
    seen: set[tuple[str, str, str]] = set()
    result = []
    for i, item in enumerate(items):
        field = f"{prefix}{i}.value" if prefix else "value"
        try:
            norm = normalize(item.kind, item.value, field=field)
        except IdentifierError as exc:
            errors.append(Problem(field, exc.reason, exc.code, exc.params))
            continue
        key = (norm.kind, norm.value, item.role)
        if key not in seen:
            seen.add(key)
            result.append((item, norm))
    return result


def do_create_case(session: Session, principal: Principal, data: CaseIn, *, reported_at: datetime | None = None,
                source: str = "intake") -> CaseOut:
    """File a report: case number, jurisdiction, identifiers, and dispatch, in one transaction."""
    principal.require(Permission.CASE_CREATE)
    reported = as_utc(reported_at) if reported_at else now()
    occurred = as_utc(data.occurred_at)
    errors: list[Problem] = []
    if occurred > reported:
        errors.append(Problem("occurred_at", "cannot be after the report time", "intake.occurred_after_report"))
    local_reported = to_local(reported)
    assert local_reported is not None
    victim = _victim_fields(data, local_reported.date(), errors)
    identifiers = _normalise_identifiers(data.identifiers, errors)
    if errors:
        raise ValidationFailed(errors[0].msg, field=errors[0].field, problems=errors)
    prefetch_orgs(session, {code for _, norm in identifiers for code in dispatch.target_codes(norm.kind, norm.attrs)},
                  victim.get("victim_district_code"))
    jurisdiction = jurisdiction_for_division(session, victim.get("victim_district_code"))
    # identifiers=[]: a new case's collection starts empty instead of being loaded from the database
    case = Case(case_no="pending", status=engine.FILED, fraud_type=data.fraud_type,
                loss_amount=data.loss_amount, occurred_at=occurred, reported_at=reported,
                narrative=data.narrative, jurisdiction_org_id=jurisdiction.id,
                created_by_id=principal.user_id or None, created_at=now(), source=source, identifiers=[],
                **victim)
    session.add(case)
    session.flush()
    case.case_no = f"{get_settings().city_code}{local_reported:%Y%m%d}{case.id:06d}"
    _, specs, created = _file_identifiers(session, principal, case, identifiers, reported)
    audit.record(session, principal, "case.create", "case", case.id,
                 {"case_no": case.case_no, "fraud_type": case.fraud_type, "loss": str(case.loss_amount),
                  "identifiers": len(identifiers)})
    publish_after_commit(session, TOPIC, {"event": "created", "id": case.id})
    answers = sorted((dispatch.to_out(req, spec.target_org.code, reported)
                      for req, spec in zip(created, specs, strict=True)), key=lambda r: (r.due_at, r.id))
    return case_out(session, principal, case, jurisdiction, answers)  # read back, as requests_of_case orders them


def _identifiers_filed(session: Session, case_id: int) -> None:
    for step in IDENTIFIERS_FILED:
        step(session, case_id)


def _file_identifiers(session: Session, principal: Principal, case: Case, identifiers: list[tuple[IdentifierIn, Any]],
                      at: datetime) -> tuple[list[CaseIdentifier], list[dispatch.RequestSpec], list[Any]]:
    """Add normalised identifiers to a case, dispatch its suspect cards and phones at once, teach the warnings.

    The one path for intake and for an identifier the victim finds after filing. Each identifier is routed
    before it is inserted, so its row is written once, with its routing. Returns the identifiers, the
    requests' specifications and the requests made.
    """
    idents = [CaseIdentifier(case_id=case.id, kind=norm.kind, value=norm.value, raw=item.value, role=item.role,
                             attrs=dict(norm.attrs) | ({} if item.amount is None else {"amount": str(item.amount)}))
              for item, norm in identifiers]
    holds = dispatch.holding_requests(session, [i.value for i in idents
                                                if i.role == "suspect" and i.kind == "bank_card"], at)
    routes = [_route_identifier(session, ident, item.amount, holds.get(ident.value))
              for ident, (item, _) in zip(idents, identifiers, strict=True)]
    case.identifiers.extend(idents)
    session.flush()
    specs = [replace(spec, identifier_id=i.id) for i, r in zip(idents, routes, strict=True) for spec in r]
    created = dispatch.do_create_requests(session, principal, case.id, case.case_no, specs, at=at) if specs else []
    warnings.do_learn_case_indicators(session, [(i.kind, i.value, i.attrs) for i in idents if i.role == "suspect"],
                                      case.fraud_type, at=at)
    _identifiers_filed(session, case.id)
    return idents, specs, created


def _route_identifier(session: Session, ident: CaseIdentifier, amount: Decimal | None = None,
                      hold: RequestOut | None = None) -> list[dispatch.RequestSpec]:
    """Where a suspect card or phone goes (its requests, one per partner, still without the identifier's
    id; a card's stop-payment for the amount the victim sent it, when known); anything unroutable is marked
    for the unroutable list.

    A card already held — a stop-payment or freeze still open, or answered stopped or frozen and within its
    validity (`dispatch.holding_requests`) — gets no second stop-payment: it is marked `held`, its reason
    names the holding request, and the case lists that request (`held_by`) beside its own.
    """
    if ident.role != "suspect" or ident.kind not in DISPATCHED_KINDS:
        ident.routing = "not_dispatched"
        return []
    if hold is not None and ident.kind == "bank_card":
        ident.routing, ident.routing_reason = "held", held_reason(hold)
        ident.attrs = dict(ident.attrs or {}) | {"held_by": hold.id}
        return []
    route = dispatch.route(session, ident.kind, ident.attrs)
    if route.kind is None or not route.targets:
        ident.routing = "unroutable"
        ident.routing_reason = route.reason
        return []
    ident.routing = "routed"
    return [dispatch.RequestSpec(route.kind, ident.value, org,
                                 requested_amount=amount if ident.kind == "bank_card" else None)
            for org in route.targets]


def held_reason(hold: RequestOut) -> str:
    """Why a card gets no stop-payment of its own: the request that already holds it (read by the pages)."""
    if hold.status != "completed":
        return f"already held: {hold.kind} request {hold.id} to {hold.target_org} is {hold.status}"
    until = dispatch.valid_until(hold)
    return (f"already {'frozen' if hold.outcome == 'frozen' else 'stopped'} by {hold.target_org} "
            f"(request {hold.id}) until {until.isoformat() if until else '?'}")


def _identifier_out(ident: CaseIdentifier) -> IdentifierOut:
    attrs = ident.attrs or {}
    return IdentifierOut(id=ident.id, kind=ident.kind, value=ident.value, role=ident.role,
                         routing=ident.routing, routing_reason=ident.routing_reason,
                         bank_code=attrs.get("bank_code"), carrier_code=attrs.get("carrier_code"),
                         province=attrs.get("province"), city=attrs.get("city"), attrs=attrs)


def case_out(session: Session, principal: Principal, case: Case, jurisdiction: Organization | None = None,
             requests: list[RequestOut] | None = None) -> CaseOut:
    """The full view of a case for police users (its jurisdiction and requests read unless given)."""
    jurisdiction = jurisdiction or org_of(session, case.jurisdiction_org_id)
    victim = {"name": case.victim_name, "phone": case.victim_phone, "id_number": case.victim_id_number,
              "age": case.victim_age, "sex": case.victim_sex, "occupation": case.victim_occupation,
              "education": case.victim_education, "district_code": case.victim_district_code}
    if requests is None:
        requests = dispatch.requests_of_case(session, principal, case.id)
    else:
        principal.require(Permission.CASE_READ)
    holding = dispatch.requests_by_id(session, principal, holding_ids(case.identifiers))
    return CaseOut(
        id=case.id, case_no=case.case_no, status=case.status, fraud_type=case.fraud_type,
        loss_amount=case.loss_amount, occurred_at=case.occurred_at, reported_at=case.reported_at,
        narrative=case.narrative, jurisdiction=jurisdiction.code if jurisdiction else "",
        victim=victim, identifiers=[_identifier_out(i) for i in case.identifiers],
        requests=requests, holding_requests=holding,
        assignee=usernames(session, [case.assignee_id]).get(case.assignee_id) if case.assignee_id else None,
        bureau=jurisdiction.code if jurisdiction else "", next_statuses=engine.next_statuses(case.status),
        cluster_ref=case.cluster_ref, attachments=attachments_of(session, case.id))


def holding_ids(identifiers: Sequence[CaseIdentifier]) -> list[int]:
    """The other cases' requests that hold this case's cards (filed when the card was already stopped)."""
    return [int(i.attrs["held_by"]) for i in identifiers if i.routing == "held" and (i.attrs or {}).get("held_by")]


def attachments_of(session: Session, case_id: int) -> list[AttachmentOut]:
    """The files attached to a case, oldest first (the case's own scope was checked)."""
    rows = list(session.scalars(select(CaseAttachment).where(CaseAttachment.case_id == case_id)
                                .order_by(CaseAttachment.id)))
    names = usernames(session, (a.user_id for a in rows if a.user_id))
    return [AttachmentOut(id=a.id, filename=a.filename, media_type=a.media_type, size=a.size, sha256=a.sha256,
                          at=a.at, uploaded_by=names.get(a.user_id) if a.user_id else None) for a in rows]


def scoped_case(session: Session, principal: Principal, case_id: int,
                permission: Permission = Permission.CASE_READ) -> Case:
    """The case if the principal's role has the permission and its county may see the case, else NotFound."""
    principal.require(permission)
    case = session.get(Case, case_id, options=[selectinload(Case.identifiers)])
    county = county_scope(session, principal)
    if case is None or (county is not None and case.jurisdiction_org_id != county):
        raise NotFound(f"case {case_id} not found", field="case_id", code="error.case_not_found")
    return case


def get_case(session: Session, principal: Principal, case_id: int) -> CaseOut:
    """One case, for roles that read cases."""
    return case_out(session, principal, scoped_case(session, principal, case_id))


SEARCHED_KINDS = ("bank_card", "phone", "url", "ip", "payment_account", "device", "app")
PAGE_LIMIT = 1000  # the most rows one page of a list may hold


def identifier_forms(text: str) -> dict[str, set[str]]:
    """Every kind a typed text reads as, normalised the way intake stores it (kind → values).

    A resident ID number is read too (as ``resident_id``): it is stored on the victim, not as an identifier.
    """
    forms: dict[str, set[str]] = {}
    for kind in SEARCHED_KINDS:
        try:
            forms.setdefault(kind, set()).add(normalize(kind, text).value)
        except IdentifierError:
            continue
    try:
        forms["resident_id"] = {parse_resident_id(text).number}
    except IdentifierError:
        pass
    return forms


def _text_condition(text: str) -> Any:
    """Cases whose number or victim's name holds the text, or that involve the identifier it reads as."""
    like = f"%{text}%"
    condition = Case.case_no.like(like) | Case.victim_name.like(like)
    forms = identifier_forms(text)
    ident_values = {v for kind, values in forms.items() if kind != "resident_id" for v in values}
    if ident_values:
        involved = (select(CaseIdentifier.case_id)
                    .where(CaseIdentifier.kind.in_([k for k in forms if k != "resident_id"]),
                           CaseIdentifier.value.in_(ident_values)))
        condition = condition | Case.id.in_(involved)
    if forms.get("phone"):
        condition = condition | Case.victim_phone.in_(forms["phone"])
    if forms.get("resident_id"):
        condition = condition | Case.victim_id_number.in_(forms["resident_id"])
    return condition


def _local_midnight(day: date) -> datetime:
    """The start of a local (Asia/Shanghai) calendar day, as UTC."""
    return datetime.combine(day, time(), LOCAL_TZ).astimezone(UTC)


def _case_filters(session: Session, principal: Principal, query: CaseQuery) -> list[Any]:
    """The WHERE conditions of a case list: the principal's county, then the query's filters."""
    conditions: list[Any] = []
    county = county_scope(session, principal)
    if county is not None:
        conditions.append(Case.jurisdiction_org_id == county)
    if query.fraud_type:
        conditions.append(Case.fraud_type == query.fraud_type)
    if query.district_code:
        conditions.append(Case.victim_district_code == query.district_code)
    if query.reported_from:
        conditions.append(Case.reported_at >= _local_midnight(query.reported_from))
    if query.reported_to:
        conditions.append(Case.reported_at < _local_midnight(query.reported_to + timedelta(days=1)))
    if query.text:
        conditions.append(_text_condition(query.text))
    if query.ids:
        conditions.append(Case.id.in_(query.ids))
    return conditions


def search_cases(session: Session, principal: Principal, query: CaseQuery, limit: int = 100,
                 offset: int = 0) -> CasePage:
    """One page of cases matching the query, newest first, with how many match in all."""
    principal.require(Permission.CASE_READ)
    if query.reported_from and query.reported_to and query.reported_from > query.reported_to:
        raise ValidationFailed("the start date is after the end date", field="reported_from",
                               code="list.dates_reversed")
    conditions = _case_filters(session, principal, query)
    total = session.scalar(select(func.count(Case.id)).where(*conditions)) or 0
    count = (select(func.count(CaseIdentifier.id)).where(CaseIdentifier.case_id == Case.id)
             .correlate(Case).scalar_subquery())
    stmt = (select(Case, count).where(*conditions).order_by(Case.reported_at.desc(), Case.id.desc())
            .limit(max(1, min(limit, PAGE_LIMIT))).offset(max(0, offset)))
    rows = session.execute(stmt).all()
    codes = org_codes(session, (c.jurisdiction_org_id for c, _ in rows))
    items = [CaseSummary(id=c.id, case_no=c.case_no, fraud_type=c.fraud_type, loss_amount=c.loss_amount,
                         reported_at=c.reported_at, victim_name=c.victim_name,
                         jurisdiction=codes.get(c.jurisdiction_org_id, ""), identifiers=n or 0, status=c.status)
             for c, n in rows]
    return CasePage(total=int(total), items=items)


def list_cases(session: Session, principal: Principal, limit: int = 100, offset: int = 0,
               fraud_type: str | None = None, search: str | None = None) -> list[CaseSummary]:
    """Newest cases first, optionally filtered by fraud type or a case number / victim / identifier text."""
    query = CaseQuery(text=(search or "").strip() or None, fraud_type=fraud_type or None)
    return search_cases(session, principal, query, limit, offset).items


def cases_involving(session: Session, principal: Principal, kind: str, value: str,
                    limit: int = 50) -> list[tuple[int, str]]:
    """(id, case number) of the newest cases naming this identifier as a suspect's, within the reader's county."""
    if not principal.can(Permission.CASE_READ) or kind not in SEARCHED_KINDS:
        return []
    try:
        norm = normalize(kind, value)
    except IdentifierError:
        return []
    stmt = (select(Case.id, Case.case_no).join(CaseIdentifier, CaseIdentifier.case_id == Case.id)
            .where(CaseIdentifier.kind == norm.kind, CaseIdentifier.value == norm.value,
                   CaseIdentifier.role == "suspect")
            .distinct().order_by(Case.id.desc()).limit(limit))
    county = county_scope(session, principal)
    if county is not None:
        stmt = stmt.where(Case.jurisdiction_org_id == county)
    return [(case_id, case_no) for case_id, case_no in session.execute(stmt).all()]


def list_unroutable(session: Session, principal: Principal, limit: int = 50, offset: int = 0) -> UnroutablePage:
    """One page of the suspect cards and phones no partner received automatically, oldest first."""
    principal.require(Permission.REQUEST_ROUTE)
    conditions = [CaseIdentifier.routing == "unroutable"]
    county = county_scope(session, principal)
    if county is not None:
        conditions.append(Case.jurisdiction_org_id == county)
    base = select(CaseIdentifier, Case.case_no).join(Case, Case.id == CaseIdentifier.case_id).where(*conditions)
    total = session.scalar(select(func.count()).select_from(base.subquery())) or 0
    stmt = base.order_by(CaseIdentifier.id).limit(max(1, min(limit, PAGE_LIMIT))).offset(max(0, offset))
    items = [UnroutableOut(identifier_id=i.id, case_id=i.case_id, case_no=no, kind=i.kind, value=i.value,
                           reason=i.routing_reason, attrs=i.attrs or {})
             for i, no in session.execute(stmt).all()]
    return UnroutablePage(total=int(total), items=items)


def do_route_manually(session: Session, principal: Principal, identifier_id: int, org_code: str) -> CaseOut:
    """Send an unroutable identifier to a partner chosen by a person; audited."""
    principal.require(Permission.REQUEST_ROUTE)
    ident = session.get(CaseIdentifier, identifier_id)
    county = county_scope(session, principal)
    if ident is None or (county is not None and ident.case.jurisdiction_org_id != county):
        raise NotFound(f"identifier {identifier_id} not found", field="identifier_id")
    if ident.routing != "unroutable":
        raise Conflict(f"identifier {identifier_id} is {ident.routing}, not unroutable", field="identifier_id",
                       code="route.already_routed")
    org = org_by_code(session, org_code)
    kind = dispatch.check_taker(ident.kind, ident.attrs or {}, org)  # 422 naming `org` if it cannot take it
    case = ident.case
    dispatch.do_create_request(session, principal, kind=kind, case_id=case.id, case_no=case.case_no,
                            account=ident.value, target_org=org, identifier_id=ident.id)
    ident.routing = "manual"
    ident.routing_reason = f"routed by {principal.username} to {org.code}"
    do_record_card_issuer(session, principal, [ident.value] if ident.kind == "bank_card" else [], org.code,
                       "manual_route", case.case_no)  # evidence of the card's issuer for the BIN table
    audit.record(session, principal, "identifier.route", "identifier", ident.id, {"org": org.code})
    publish_after_commit(session, TOPIC, {"event": "routed", "id": case.id})
    return case_out(session, principal, case)


def report_figures(session: Session, at: datetime | None = None) -> dict[str, Any]:
    """Reports and money reported lost, today and this year (local days)."""
    at = at or now()
    day, year = local_day_start(at), local_year_start(at)
    out: dict[str, Any] = {}
    for label, since in (("today", day), ("year", year)):
        n, loss = session.execute(select(func.count(Case.id), func.sum(Case.loss_amount))
                                  .where(Case.reported_at >= since, Case.reported_at <= at)).one()
        out[f"reports_{label}"] = int(n or 0)
        out[f"loss_{label}"] = money_from_sum(loss)
    return out


def report_rows(session: Session, principal: Principal, start: datetime, end: datetime,
                fraud_type: str | None = None, after_id: int | None = None) -> list[Any]:
    """Reports filed in ``[start, end)`` with the victim's facts an analysis groups by (county-scoped);
    with ``after_id``, only the reports of a higher id (those filed since a reader last looked).

    Each row has ``id, fraud_type, loss_amount, occurred_at, reported_at, victim_id_number, victim_age,
    victim_sex, victim_occupation, victim_education, victim_district_code, created_by_id``.
    """
    principal.require(Permission.CASE_READ)
    stmt = (select(Case.id, Case.fraud_type, Case.loss_amount, Case.occurred_at, Case.reported_at,
                   Case.victim_id_number, Case.victim_age, Case.victim_sex, Case.victim_occupation,
                   Case.victim_education, Case.victim_district_code, Case.created_by_id)
            .where(Case.reported_at >= start, Case.reported_at < end))
    county = county_scope(session, principal)
    if county is not None:
        stmt = stmt.where(Case.jurisdiction_org_id == county)
    if fraud_type:
        stmt = stmt.where(Case.fraud_type == fraud_type)
    if after_id is not None:
        stmt = stmt.where(Case.id > after_id)
    return list(session.connection().execute(stmt).all())  # plain rows: no ORM loading for a year of reports


def report_contact_kinds(session: Session, principal: Principal, start: datetime, end: datetime,
                         kinds: Sequence[str], fraud_type: str | None = None,
                         after_id: int | None = None) -> list[tuple[int, str]]:
    """(case id, kind) of the suspect identifiers of ``kinds`` named by the reports ``report_rows`` answers."""
    principal.require(Permission.CASE_READ)
    stmt = (select(CaseIdentifier.case_id, CaseIdentifier.kind).join(Case, Case.id == CaseIdentifier.case_id)
            .where(Case.reported_at >= start, Case.reported_at < end, CaseIdentifier.role == "suspect",
                   CaseIdentifier.kind.in_(list(kinds))).distinct())
    county = county_scope(session, principal)
    if county is not None:
        stmt = stmt.where(Case.jurisdiction_org_id == county)
    if fraud_type:
        stmt = stmt.where(Case.fraud_type == fraud_type)
    if after_id is not None:
        stmt = stmt.where(Case.id > after_id)
    return [(case_id, kind) for case_id, kind in session.connection().execute(stmt).all()]


def case_numbers(session: Session, principal: Principal, case_ids: list[int]) -> dict[int, str]:
    """Case numbers (案件编号) of the cases the principal may read among ``case_ids``."""
    principal.require(Permission.CASE_READ)
    stmt = select(Case.id, Case.case_no).where(Case.id.in_(case_ids[:1000]))
    county = county_scope(session, principal)
    if county is not None:
        stmt = stmt.where(Case.jurisdiction_org_id == county)
    return {case_id: case_no for case_id, case_no in session.execute(stmt).all()}


def report_rows_stamp(session: Session, principal: Principal, start: datetime, end: datetime,
                      fraud_type: str | None = None) -> tuple[int, int]:
    """(count, highest id) of the reports ``report_rows`` would answer: a cheap test that they changed."""
    principal.require(Permission.CASE_READ)
    stmt = select(func.count(Case.id), func.max(Case.id)).where(Case.reported_at >= start, Case.reported_at < end)
    county = county_scope(session, principal)
    if county is not None:
        stmt = stmt.where(Case.jurisdiction_org_id == county)
    if fraud_type:
        stmt = stmt.where(Case.fraud_type == fraud_type)
    count, highest = session.execute(stmt).one()
    return int(count or 0), int(highest or 0)


def total_loss(session: Session) -> Decimal:
    """All money ever reported lost."""
    return money_from_sum(session.scalar(select(func.sum(Case.loss_amount))))


def do_stop_reached_card(session: Session, principal: Principal, case_id: int, account: str, tier: int,
                      amount: Decimal) -> tuple[str, int | None]:
    """Send a stop-payment for a card the victim's money reached (一级卡 … 五级卡) of this case.

    The card joins the case's identifiers; returns (outcome, request id) where outcome is
    `requested`, `already_open` (an unanswered stop-payment on the card exists), `unroutable`
    or `invalid` (not a bank card number).
    """
    principal.require(Permission.TRACE_RUN)
    case = session.get(Case, case_id)
    if case is None:
        raise NotFound(f"case {case_id} not found", field="case_id", code="error.case_not_found")
    try:
        norm = normalize("bank_card", account)
    except IdentifierError:
        return "invalid", None
    ident = next((i for i in case.identifiers if i.kind == "bank_card" and i.value == norm.value), None)
    if ident is None:
        ident = CaseIdentifier(case_id=case.id, kind="bank_card", value=norm.value, raw=account, role="suspect",
                               attrs=dict(norm.attrs) | {"tier": tier})
        case.identifiers.append(ident)
        session.flush()
        _identifiers_filed(session, case.id)
    if dispatch.open_request_exists(session, "stop_payment", norm.value):
        return "already_open", None
    route = dispatch.route(session, "bank_card", ident.attrs)
    if route.org is None:
        ident.routing, ident.routing_reason = "unroutable", route.reason
        return "unroutable", None
    ident.routing = "routed"
    spec = dispatch.RequestSpec("stop_payment", norm.value, route.org, identifier_id=ident.id,
                                requested_amount=amount, tier=tier)
    req = dispatch.do_create_requests(session, principal, case.id, case.case_no, [spec])[0]
    return "requested", req.id


def known_district(session: Session, phone: str) -> str | None:
    """The home district of a citizen with this phone, from the most recent case that recorded it."""
    return session.scalar(select(Case.victim_district_code).where(
        Case.victim_phone == phone, Case.victim_district_code.is_not(None)).order_by(Case.id.desc()).limit(1))


HOME_DISTRICT_SOURCES.append(known_district)  # warnings route a victim's later warnings to their county


def case_facts(session: Session, case_ids: Sequence[int]) -> dict[int, tuple[str, datetime, Decimal]]:
    """Fraud type, time of the fraud and loss of each case: what a partner is told, never who the victim is."""
    out: dict[int, tuple[str, datetime, Decimal]] = {}
    for start in range(0, len(case_ids), 500):
        stmt = select(Case.id, Case.fraud_type, Case.occurred_at, Case.loss_amount).where(
            Case.id.in_(case_ids[start:start + 500]))
        out.update((cid, (fraud_type, occurred, loss)) for cid, fraud_type, occurred, loss in session.execute(stmt))
    return out


dispatch.CASE_FACTS.append(case_facts)  # partners' queues show the fraud type and the payment's time


def labelled_narratives(session: Session, principal: Principal, limit: int = 100_000) -> list[tuple[str, str]]:
    """(narrative, fraud type) of the cases with a written narrative, newest first: the center's labelled texts."""
    principal.require(Permission.CASE_READ)
    stmt = (select(Case.narrative, Case.fraud_type).where(Case.narrative != "")
            .order_by(Case.id.desc()).limit(limit))
    return [(text, fraud_type) for text, fraud_type in session.execute(stmt).all()]


def recent_case_stories(session: Session, principal: Principal, fraud_type: str, limit: int = 5) -> list[Any]:
    """The newest reports of a fraud type with their narrative, for the prevention room to anonymise.

    Each row has ``occurred_at, loss_amount, victim_age, victim_id_number, victim_district_code, narrative,
    victim_name``; the name and ID number are handed over only so that they can be masked and dropped.
    """
    principal.require(Permission.CASE_READ)
    stmt = (select(Case.occurred_at, Case.loss_amount, Case.victim_age, Case.victim_id_number,
                   Case.victim_district_code, Case.narrative, Case.victim_name)
            .where(Case.fraud_type == fraud_type).order_by(Case.reported_at.desc(), Case.id.desc()).limit(limit))
    return list(session.execute(stmt).all())


def link_facts(session: Session, case_ids: list[int]) -> list[dict[str, Any]]:
    """What case linking (串并案) reads of these cases: number, type, loss, times, jurisdiction, identifiers.

    The victim is only a key to count distinct victims (a digest of the ID number, else the phone, else the
    case), never their identity; no principal, as linking runs inside the filing transaction.
    """
    out = []
    for start in range(0, len(case_ids), 500):
        stmt = (select(Case).where(Case.id.in_(case_ids[start:start + 500]))
                .options(selectinload(Case.identifiers)))
        for case in session.scalars(stmt):
            victim = case.victim_id_number or case.victim_phone or f"case:{case.id}"
            out.append({"id": case.id, "case_no": case.case_no, "fraud_type": case.fraud_type,
                        "loss_amount": case.loss_amount, "occurred_at": case.occurred_at,
                        "reported_at": case.reported_at, "jurisdiction_org_id": case.jurisdiction_org_id,
                        "victim_key": hashlib.sha256(victim.encode()).hexdigest()[:24],
                        "identifiers": [(i.kind, i.value, i.role, dict(i.attrs or {})) for i in case.identifiers]})
    return out


def victim_numbers(session: Session, case_ids: list[int]) -> dict[int, str]:
    """The victim's phone number of each case, for the gang graph's expansion over call records (who called the
    gang's victims); it is matched against the records, never shown."""
    out: dict[int, str] = {}
    for start in range(0, len(case_ids), 500):
        stmt = select(Case.id, Case.victim_phone).where(Case.id.in_(case_ids[start:start + 500]),
                                                       Case.victim_phone.is_not(None))
        out.update({int(i): str(p) for i, p in session.execute(stmt)})
    return out


def case_ids_in_filing_order(session: Session) -> list[int]:
    """Every case's id, oldest report first (for re-linking every case)."""
    return list(session.scalars(select(Case.id).order_by(Case.reported_at, Case.id)))


# ---- the case's life after filing: status, assignment, additions, corrections --------------------

def do_change_case_status(session: Session, principal: Principal, case_id: int, status: str, reason: str = "",
                          bureau: str | None = None) -> CaseOut:
    """Move a case along its life (see ``cases.engine``); closing, transferring and reopening say why.

    A transfer hands the case to another bureau (``bureau``), which then reads it instead.
    """
    case = scoped_case(session, principal, case_id, Permission.CASE_MANAGE)
    reason = reason.strip()
    if status in engine.SET_BY_LINKING or status not in engine.STATUSES:
        raise ValidationFailed(f"a case cannot be set to '{status}' by hand", field="status")
    if not engine.allowed(case.status, status):
        raise Conflict(f"a {case.status} case cannot become {status}", field="status")
    if engine.reason_required(case.status, status) and not reason:
        raise ValidationFailed("say why", field="reason")
    details: dict[str, Any] = {"from": case.status, "to": status, "reason": reason}
    if status == engine.TRANSFERRED:
        target = _bureau(session, bureau or "")
        if target.id == case.jurisdiction_org_id:
            raise ValidationFailed("the case is already with this bureau", field="bureau")
        details["bureau_from"] = _org_code(session, case.jurisdiction_org_id)
        details["bureau"] = target.code
        case.jurisdiction_org_id = target.id
        case.assignee_id = None  # the receiving bureau assigns its own investigator
    case.status = status
    audit.record(session, principal, "case.status", "case", case.id, details)
    publish_after_commit(session, TOPIC, {"event": "status", "id": case.id})
    return case_out(session, principal, case)


def can_be_linked(session: Session, case_id: int) -> bool:
    """Whether case linking may mark the case linked now (filed, under investigation, or linked elsewhere)."""
    status = session.scalar(select(Case.status).where(Case.id == case_id))
    return status is not None and (status == engine.LINKED or engine.allowed(status, engine.LINKED))


def do_mark_case_linked(session: Session, principal: Principal, case_id: int, cluster_ref: str) -> CaseOut:
    """Case linking (串并案) put the case into a cluster: status ``linked``; one step of the linking room's use case.

    Audited here, since the case's timeline reads it; a case already linked only changes its cluster.
    """
    case = scoped_case(session, principal, case_id, Permission.CASE_READ)
    if not cluster_ref.strip():
        raise ValidationFailed("name the cluster", field="cluster_ref")
    if case.status != engine.LINKED and not engine.allowed(case.status, engine.LINKED):
        raise Conflict(f"a {case.status} case cannot be linked", field="status")
    audit.record(session, principal, "case.status", "case", case.id,
                 {"from": case.status, "to": engine.LINKED, "reason": "", "cluster": cluster_ref.strip()})
    case.status, case.cluster_ref = engine.LINKED, cluster_ref.strip()[:64]
    publish_after_commit(session, TOPIC, {"event": "status", "id": case.id})
    return case_out(session, principal, case)


def _org_code(session: Session, org_id: int | None) -> str:
    org = org_of(session, org_id)
    return org.code if org else ""


def _bureau(session: Session, code: str) -> Any:
    """The police bureau (county, or the city center) with this code, or a ValidationFailed naming ``bureau``."""
    org = find_org(session, code.strip()) if code.strip() else None
    if org is None or org.kind != "police" or org.level not in ("county", "city"):
        raise ValidationFailed("not a county bureau or the city center", field="bureau")
    return org


def _investigator(session: Session, username: str, bureau_id: int) -> Any:
    """An active police user who works for the bureau (or one of its stations, or the city center)."""
    user = find_user(session, username)
    if user is None or not user.active or user.role not in {r.value for r in POLICE_ROLES}:
        raise ValidationFailed("no active police user by this name", field="assignee")
    org = user.org
    county = org.parent_id if org.level == "station" else org.id
    if org.level != "city" and county != bureau_id:
        raise ValidationFailed("works for another bureau", field="assignee")
    return user


def do_assign_case(session: Session, principal: Principal, case_id: int, assignee: str | None = None,
                   bureau: str | None = None) -> CaseOut:
    """Assign the case to an investigator and/or a county bureau (jurisdiction, from the victim's district at intake)."""
    case = scoped_case(session, principal, case_id, Permission.CASE_MANAGE)
    if assignee is None and bureau is None:
        raise ValidationFailed("name an investigator or a bureau", field="assignee")
    old_bureau, old_assignee = case.jurisdiction_org_id, case.assignee_id
    if bureau is not None:
        case.jurisdiction_org_id = _bureau(session, bureau).id
        if assignee is None and case.assignee_id is not None:  # keep the investigator only if they fit the bureau
            current = usernames(session, [case.assignee_id]).get(case.assignee_id, "")
            try:
                _investigator(session, current, case.jurisdiction_org_id)
            except ValidationFailed:
                case.assignee_id = None
    if assignee is not None:
        case.assignee_id = _investigator(session, assignee, case.jurisdiction_org_id).id if assignee.strip() else None
    if (case.jurisdiction_org_id, case.assignee_id) == (old_bureau, old_assignee):
        raise Conflict("nothing changes", field="assignee")
    names = usernames(session, [i for i in (old_assignee, case.assignee_id) if i])
    audit.record(session, principal, "case.assign", "case", case.id,
                 {"assignee_from": names.get(old_assignee) if old_assignee else None,
                  "assignee": names.get(case.assignee_id) if case.assignee_id else None,
                  "bureau_from": _org_code(session, old_bureau),
                  "bureau": _org_code(session, case.jurisdiction_org_id)})
    publish_after_commit(session, TOPIC, {"event": "assigned", "id": case.id})
    return case_out(session, principal, case)


def do_add_case_identifier(session: Session, principal: Principal, case_id: int, item: IdentifierIn) -> CaseOut:
    """A receiving card or number the victim found after filing: validated, enriched and dispatched as at intake."""
    case = scoped_case(session, principal, case_id, Permission.CASE_WORK)
    errors: list[Problem] = []
    found = _normalise_identifiers([item], errors, prefix="")
    if errors:
        raise ValidationFailed(errors[0].msg, field=errors[0].field, problems=errors)
    (_, norm), = found
    if any((i.kind, i.value, i.role) == (norm.kind, norm.value, item.role) for i in case.identifiers):
        raise Conflict(f"{norm.value} is already on the case", field="value")
    (ident,), _, _ = _file_identifiers(session, principal, case, found, now())
    audit.record(session, principal, "case.add_identifier", "case", case.id,
                 {"identifier_id": ident.id, "kind": ident.kind, "value": ident.value, "role": ident.role,
                  "amount": None if item.amount is None else str(item.amount), "routing": ident.routing})
    publish_after_commit(session, TOPIC, {"event": "identifier", "id": case.id})
    return case_out(session, principal, case)


def do_add_case_note(session: Session, principal: Principal, case_id: int, text: str) -> CaseOut:
    """A note on the case (办案记录), kept and shown on its timeline."""
    case = scoped_case(session, principal, case_id, Permission.CASE_WORK)
    text = text.strip()
    if not text:
        raise ValidationFailed("write the note", field="text")
    note = CaseNote(case_id=case.id, at=now(), user_id=principal.user_id or None, text=text)
    session.add(note)
    session.flush()
    audit.record(session, principal, "case.note", "case", case.id, {"note_id": note.id, "text": text})
    publish_after_commit(session, TOPIC, {"event": "note", "id": case.id})
    return case_out(session, principal, case)


def attachments_dir() -> Path:
    """Where attached files are kept: under the data directory, outside anything served."""
    return get_settings().data_dir / "attachments"


def do_add_case_attachment(session: Session, principal: Principal, case_id: int, filename: str,
                           content: bytes) -> AttachmentOut:
    """Attach a screenshot, chat export or PDF: type by its content, size limited, stored under a random name."""
    case = scoped_case(session, principal, case_id, Permission.CASE_WORK)
    if not content:
        raise ValidationFailed("the file is empty", field="file")
    if len(content) > files.MAX_ATTACHMENT_BYTES:
        raise ValidationFailed(f"larger than {files.MAX_ATTACHMENT_BYTES // (1024 * 1024)} MB", field="file")
    media_type = files.sniff_media_type(content)
    if media_type is None:
        raise ValidationFailed("only screenshots (PNG, JPEG, GIF, WebP), PDF or text chat exports", field="file")
    folder = attachments_dir()
    folder.mkdir(parents=True, exist_ok=True)
    stored = secrets.token_hex(16)
    row = CaseAttachment(case_id=case.id, at=now(), user_id=principal.user_id or None,
                         filename=files.clean_filename(filename), stored_name=stored, media_type=media_type,
                         size=len(content), sha256=hashlib.sha256(content).hexdigest())
    session.add(row)
    session.flush()
    (folder / stored).write_bytes(content)
    audit.record(session, principal, "case.attach", "case", case.id,
                 {"attachment_id": row.id, "filename": row.filename, "media_type": media_type,
                  "size": row.size, "sha256": row.sha256})
    publish_after_commit(session, TOPIC, {"event": "attachment", "id": case.id})
    return next(a for a in attachments_of(session, case.id) if a.id == row.id)


def attachment_file(session: Session, principal: Principal, case_id: int, attachment_id: int
                    ) -> tuple[AttachmentOut, bytes]:
    """A case's attached file and its bytes, for a reader of the case; NotFound if it is not the case's."""
    scoped_case(session, principal, case_id)
    found = next((a for a in attachments_of(session, case_id) if a.id == attachment_id), None)
    stored = session.scalar(select(CaseAttachment.stored_name).where(CaseAttachment.id == attachment_id,
                                                                     CaseAttachment.case_id == case_id))
    path = attachments_dir() / stored if stored else None
    if found is None or path is None or not path.is_file():
        raise NotFound(f"attachment {attachment_id} not found", field="attachment_id")
    content = path.read_bytes()
    if hashlib.sha256(content).hexdigest() != found.sha256:
        raise Conflict(f"attachment {attachment_id} does not match its SHA-256", field="attachment_id")
    return found, content


def _corrected_value(case: Case, field: str, raw: str | None) -> dict[str, Any]:
    """The case columns a correction of ``field`` sets, validated as at intake."""
    value = (raw or "").strip() or None
    if field == "victim.name":
        if value is None or len(value) > 64:
            raise ValidationFailed("1 to 64 characters", field="value")
        return {"victim_name": value}
    if field == "victim.phone":
        return {"victim_phone": _checked(lambda v: parse_phone(v, field="value").e164, value)}
    if field == "victim.id_number":
        if value is None:
            return {"victim_id_number": None}
        local = to_local(case.reported_at)
        assert local is not None
        rid = _checked(lambda v: parse_resident_id(v, field="value", today=local.date()), value)
        return {"victim_id_number": rid.number, "victim_age": rid.age, "victim_sex": rid.sex}
    if field in ("victim.occupation", "victim.education"):
        allowed = OCCUPATIONS if field == "victim.occupation" else EDUCATION_LEVELS
        if value is not None and value not in allowed:
            raise ValidationFailed("not one of the listed values", field="value")
        return {field.replace(".", "_"): value}
    if field == "victim.district_code":
        if value is not None and not (len(value) == 6 and value.isdigit()):
            raise ValidationFailed("a 6-digit division code", field="value")
        return {"victim_district_code": value}
    if field == "loss_amount":
        return {"loss_amount": _money(value)}
    if field == "fraud_type":
        if value not in FRAUD_TYPES:
            raise ValidationFailed("not one of the listed fraud types", field="value")
        return {"fraud_type": value}
    if field == "narrative":
        return {"narrative": value or ""}
    raise ValidationFailed("this field cannot be corrected", field="field")


def _checked(parse: Any, value: str | None) -> Any:
    if value is None:
        return None
    try:
        return parse(value)
    except IdentifierError as exc:
        raise ValidationFailed(exc.reason, field="value") from exc


def _money(value: str | None) -> Decimal:
    try:
        amount = Decimal((value or "").replace(",", ""))
    except ArithmeticError:
        raise ValidationFailed("an amount in yuan", field="value") from None
    if not amount.is_finite() or amount < 0 or amount > Decimal(10000000000) or amount != round(amount, 2):
        raise ValidationFailed("an amount in yuan from 0, with at most 2 decimals", field="value")
    return amount.quantize(Decimal("0.01"))


def do_correct_case(session: Session, principal: Principal, case_id: int, field: str, value: str | None,
                    reason: str = "") -> CaseOut:
    """Correct a victim field, the loss, the narrative or the fraud type; the old value stays on the timeline."""
    case = scoped_case(session, principal, case_id, Permission.CASE_WORK)
    changes = _corrected_value(case, field, value)
    column = next(iter(changes))
    old = getattr(case, column)
    if old == changes[column]:
        raise ValidationFailed("the same as now", field="value")
    for name, new in changes.items():
        setattr(case, name, new)
    audit.record(session, principal, "case.correct", "case", case.id,
                 {"field": field, "old": None if old is None else str(old),
                  "new": None if changes[column] is None else str(changes[column]), "reason": reason.strip()})
    publish_after_commit(session, TOPIC, {"event": "corrected", "id": case.id})
    return case_out(session, principal, case)


UNKNOWN_VICTIM = "（姓名不详）"  # a report filed before the citizen's name is known


def known_victim_name(session: Session, phone: str) -> str | None:
    """The name a citizen with this phone gave on their most recent report, if any."""
    return session.scalar(select(Case.victim_name).where(Case.victim_phone == phone,
                                                         Case.victim_name.not_in([UNKNOWN_VICTIM, "（劝阻转案）"]))
                          .order_by(Case.id.desc()).limit(1))


def cases_of_citizen(session: Session, principal: Principal, phone: str, limit: int = 20) -> list[CaseSummary]:
    """The cases a citizen (by phone) reported, newest first, among those the principal may read."""
    principal.require(Permission.CASE_READ)
    stmt = select(Case).where(Case.victim_phone == phone).order_by(Case.reported_at.desc()).limit(limit)
    county = county_scope(session, principal)
    if county is not None:
        stmt = stmt.where(Case.jurisdiction_org_id == county)
    rows = list(session.scalars(stmt))
    codes = org_codes(session, (c.jurisdiction_org_id for c in rows))
    return [CaseSummary(id=c.id, case_no=c.case_no, fraud_type=c.fraud_type, loss_amount=c.loss_amount,
                        reported_at=c.reported_at, victim_name=c.victim_name,
                        jurisdiction=codes.get(c.jurisdiction_org_id, ""), identifiers=len(c.identifiers),
                        status=c.status) for c in rows]


def cases_with_identifier(session: Session, principal: Principal, kind: str, value: str,
                          limit: int = 20) -> list[tuple[int, str]]:
    """(id, case number) of the cases naming this suspect identifier, newest first, that the principal may read."""
    principal.require(Permission.CASE_READ)
    stmt = (select(Case.id, Case.case_no).join(CaseIdentifier, CaseIdentifier.case_id == Case.id)
            .where(CaseIdentifier.kind == kind, CaseIdentifier.value == value, CaseIdentifier.role == "suspect")
            .distinct().order_by(Case.id.desc()).limit(limit))
    county = county_scope(session, principal)
    if county is not None:
        stmt = stmt.where(Case.jurisdiction_org_id == county)
    return [(case_id, case_no) for case_id, case_no in session.execute(stmt).all()]


def newest_reports(session: Session, principal: Principal, limit: int = 10) -> list[dict[str, Any]]:
    """The newest reports for the big screen's ticker: number, type, county, loss, time; no victim identity."""
    principal.require(Permission.CASE_READ)
    stmt = select(Case.id, Case.case_no, Case.fraud_type, Case.victim_district_code, Case.loss_amount,
                  Case.reported_at)
    county = county_scope(session, principal)
    if county is not None:
        stmt = stmt.where(Case.jurisdiction_org_id == county)
    rows = session.execute(stmt.order_by(Case.reported_at.desc(), Case.id.desc()).limit(limit)).all()
    return [{"id": i, "case_no": no, "fraud_type": ft, "district": d, "loss": loss, "at": as_utc(at)}
            for i, no, ft, d, loss, at in rows]
