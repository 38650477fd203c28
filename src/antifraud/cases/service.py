"""Intake use cases: file a report, dispatch its identifiers, read cases back."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from antifraud.cases.models import Case, CaseIdentifier
from antifraud.cases.schemas import CaseIn, CaseOut, CaseSummary, IdentifierIn, IdentifierOut, UnroutableOut
from antifraud.core import audit
from antifraud.core.auth import Permission, Principal
from antifraud.core.clock import as_utc, local_day_start, local_year_start, now, to_local
from antifraud.core.db import money_from_sum
from antifraud.core.errors import Conflict, NotFound, ValidationFailed
from antifraud.core.events import publish_after_commit
from antifraud.dispatch import service as dispatch
from antifraud.identifiers import IdentifierError, normalize, parse_phone, parse_resident_id
from antifraud.identifiers.service import do_record_card_issuer
from antifraud.orgs.service import county_scope, jurisdiction_for_division, org_by_code, org_codes, org_of
from antifraud.settings import get_settings
from antifraud.warnings import service as warnings
from antifraud.warnings.routing import HOME_DISTRICT_SOURCES

TOPIC = "cases"
DISPATCHED_KINDS = ("bank_card", "phone")
IDENTIFIERS_FILED: list[Callable[[Session, int], object]] = []
"""Steps of the rooms above that act on a case's identifiers in the same transaction, when the case is filed
and when an identifier is added to it (case linking registers ``linking.service.do_link_case``)."""


def _victim_fields(data: CaseIn, today: date, errors: list[tuple[str, str]]) -> dict[str, Any]:
    """Validate and enrich the victim: phone to E.164, age/sex/home district from the ID number."""
    victim = data.victim
    fields: dict[str, Any] = {"victim_name": victim.name, "victim_occupation": victim.occupation,
                              "victim_education": victim.education,
                              "victim_district_code": victim.district_code}
    if victim.phone:
        try:
            fields["victim_phone"] = parse_phone(victim.phone, field="victim.phone").e164
        except IdentifierError as exc:
            errors.append(("victim.phone", exc.reason))
    if victim.id_number:
        try:
            rid = parse_resident_id(victim.id_number, field="victim.id_number", today=today)
        except IdentifierError as exc:
            errors.append(("victim.id_number", exc.reason))
        else:
            fields.update(victim_id_number=rid.number, victim_age=rid.age, victim_sex=rid.sex)
            if not victim.district_code and rid.division_code.startswith("3307"):
                fields["victim_district_code"] = rid.division_code
    return fields


def _normalise_identifiers(items: list[IdentifierIn], errors: list[tuple[str, str]]
                           ) -> list[tuple[IdentifierIn, Any]]:
    """Normalise each identifier, dropping exact duplicates; errors name the list position."""
    seen: set[tuple[str, str, str]] = set()
    result = []
    for i, item in enumerate(items):
        try:
            norm = normalize(item.kind, item.value, field=f"identifiers.{i}.value")
        except IdentifierError as exc:
            errors.append((f"identifiers.{i}.value", exc.reason))
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
    errors: list[tuple[str, str]] = []
    if occurred > reported:
        errors.append(("occurred_at", "cannot be after the report time"))
    local_reported = to_local(reported)
    assert local_reported is not None
    victim = _victim_fields(data, local_reported.date(), errors)
    identifiers = _normalise_identifiers(data.identifiers, errors)
    if errors:
        field, message = errors[0]
        raise ValidationFailed(message, field=field, errors=errors)
    jurisdiction = jurisdiction_for_division(session, victim.get("victim_district_code"))
    case = Case(case_no="pending", status="open", fraud_type=data.fraud_type,
                loss_amount=data.loss_amount, occurred_at=occurred, reported_at=reported,
                narrative=data.narrative, jurisdiction_org_id=jurisdiction.id,
                created_by_id=principal.user_id or None, created_at=now(), source=source, **victim)
    session.add(case)
    session.flush()
    case.case_no = f"{get_settings().city_code}{local_reported:%Y%m%d}{case.id:06d}"
    idents = [CaseIdentifier(case_id=case.id, kind=norm.kind, value=norm.value, raw=item.value, role=item.role,
                             attrs=dict(norm.attrs)) for item, norm in identifiers]
    case.identifiers.extend(idents)
    session.flush()
    specs = [spec for ident in idents if (spec := _route_identifier(session, ident)) is not None]
    if specs:
        dispatch.do_create_requests(session, principal, case.id, case.case_no, specs, at=reported)
    warnings.do_learn_case_indicators(session, [(i.kind, i.value, i.attrs) for i in idents if i.role == "suspect"],
                                      case.fraud_type, at=reported)
    _identifiers_filed(session, case.id)
    audit.record(session, principal, "case.create", "case", case.id,
                 {"case_no": case.case_no, "fraud_type": case.fraud_type, "loss": str(case.loss_amount),
                  "identifiers": len(identifiers)})
    publish_after_commit(session, TOPIC, {"event": "created", "id": case.id})
    return case_out(session, principal, case)


def _identifiers_filed(session: Session, case_id: int) -> None:
    for step in IDENTIFIERS_FILED:
        step(session, case_id)


def _route_identifier(session: Session, ident: CaseIdentifier) -> dispatch.RequestSpec | None:
    """Where a suspect card or phone goes; anything unroutable is marked for the unroutable list."""
    if ident.role != "suspect" or ident.kind not in DISPATCHED_KINDS:
        ident.routing = "not_dispatched"
        return None
    route = dispatch.route(session, ident.kind, ident.attrs)
    if route.kind is None or route.org is None:
        ident.routing = "unroutable"
        ident.routing_reason = route.reason
        return None
    ident.routing = "routed"
    return dispatch.RequestSpec(route.kind, ident.value, route.org, identifier_id=ident.id)


def _identifier_out(ident: CaseIdentifier) -> IdentifierOut:
    attrs = ident.attrs or {}
    return IdentifierOut(id=ident.id, kind=ident.kind, value=ident.value, role=ident.role,
                         routing=ident.routing, routing_reason=ident.routing_reason,
                         bank_code=attrs.get("bank_code"), carrier_code=attrs.get("carrier_code"),
                         province=attrs.get("province"), city=attrs.get("city"), attrs=attrs)


def case_out(session: Session, principal: Principal, case: Case) -> CaseOut:
    """The full view of a case for police users."""
    jurisdiction = org_of(session, case.jurisdiction_org_id)
    victim = {"name": case.victim_name, "phone": case.victim_phone, "id_number": case.victim_id_number,
              "age": case.victim_age, "sex": case.victim_sex, "occupation": case.victim_occupation,
              "education": case.victim_education, "district_code": case.victim_district_code}
    return CaseOut(
        id=case.id, case_no=case.case_no, status=case.status, fraud_type=case.fraud_type,
        loss_amount=case.loss_amount, occurred_at=case.occurred_at, reported_at=case.reported_at,
        narrative=case.narrative, jurisdiction=jurisdiction.code if jurisdiction else "",
        victim=victim, identifiers=[_identifier_out(i) for i in case.identifiers],
        requests=dispatch.requests_of_case(session, principal, case.id))


def get_case(session: Session, principal: Principal, case_id: int) -> CaseOut:
    """One case, for roles that read cases."""
    principal.require(Permission.CASE_READ)
    case = session.get(Case, case_id, options=[selectinload(Case.identifiers)])
    county = county_scope(session, principal)
    if case is None or (county is not None and case.jurisdiction_org_id != county):
        raise NotFound(f"case {case_id} not found", field="case_id")
    return case_out(session, principal, case)


def list_cases(session: Session, principal: Principal, limit: int = 100, offset: int = 0,
               fraud_type: str | None = None, search: str | None = None) -> list[CaseSummary]:
    """Newest cases first, optionally filtered by fraud type or a case number / victim name fragment."""
    principal.require(Permission.CASE_READ)
    count = (select(func.count(CaseIdentifier.id)).where(CaseIdentifier.case_id == Case.id)
             .correlate(Case).scalar_subquery())
    stmt = (select(Case, count)
            .order_by(Case.reported_at.desc(), Case.id.desc()).limit(min(limit, 1000)).offset(offset))
    county = county_scope(session, principal)
    if county is not None:
        stmt = stmt.where(Case.jurisdiction_org_id == county)
    if fraud_type:
        stmt = stmt.where(Case.fraud_type == fraud_type)
    if search:
        like = f"%{search.strip()}%"
        stmt = stmt.where(Case.case_no.like(like) | Case.victim_name.like(like))
    rows = session.execute(stmt).all()
    codes = org_codes(session, (c.jurisdiction_org_id for c, _ in rows))
    return [CaseSummary(id=c.id, case_no=c.case_no, fraud_type=c.fraud_type, loss_amount=c.loss_amount,
                        reported_at=c.reported_at, victim_name=c.victim_name,
                        jurisdiction=codes[c.jurisdiction_org_id], identifiers=n or 0)
            for c, n in rows if c.jurisdiction_org_id in codes]


def list_unroutable(session: Session, principal: Principal, limit: int = 200) -> list[UnroutableOut]:
    """Suspect cards and phones no partner received automatically, oldest first."""
    principal.require(Permission.REQUEST_ROUTE)
    stmt = (select(CaseIdentifier, Case.case_no).join(Case, Case.id == CaseIdentifier.case_id)
            .where(CaseIdentifier.routing == "unroutable").order_by(CaseIdentifier.id).limit(limit))
    county = county_scope(session, principal)
    if county is not None:
        stmt = stmt.where(Case.jurisdiction_org_id == county)
    return [UnroutableOut(identifier_id=i.id, case_id=i.case_id, case_no=no, kind=i.kind, value=i.value,
                          reason=i.routing_reason, attrs=i.attrs or {})
            for i, no in session.execute(stmt).all()]


def do_route_manually(session: Session, principal: Principal, identifier_id: int, org_code: str) -> CaseOut:
    """Send an unroutable identifier to a partner chosen by a person; audited."""
    principal.require(Permission.REQUEST_ROUTE)
    ident = session.get(CaseIdentifier, identifier_id)
    county = county_scope(session, principal)
    if ident is None or (county is not None and ident.case.jurisdiction_org_id != county):
        raise NotFound(f"identifier {identifier_id} not found", field="identifier_id")
    if ident.routing != "unroutable":
        raise Conflict(f"identifier {identifier_id} is {ident.routing}, not unroutable", field="identifier_id")
    org = org_by_code(session, org_code)
    wanted = {"bank_card": ("bank", "stop_payment"), "phone": ("carrier", "block_number")}[ident.kind]
    if org.kind != wanted[0]:
        raise ValidationFailed(f"a {ident.kind} goes to a {wanted[0]}, not a {org.kind}", field="org")
    case = ident.case
    dispatch.do_create_request(session, principal, kind=wanted[1], case_id=case.id, case_no=case.case_no,
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
                fraud_type: str | None = None) -> list[Any]:
    """Reports filed in ``[start, end)`` with the victim's facts an analysis groups by (county-scoped).

    Each row has ``id, fraud_type, loss_amount, occurred_at, reported_at, victim_id_number, victim_age,
    victim_sex, victim_occupation, victim_education, victim_district_code``.
    """
    principal.require(Permission.CASE_READ)
    stmt = (select(Case.id, Case.fraud_type, Case.loss_amount, Case.occurred_at, Case.reported_at,
                   Case.victim_id_number, Case.victim_age, Case.victim_sex, Case.victim_occupation,
                   Case.victim_education, Case.victim_district_code)
            .where(Case.reported_at >= start, Case.reported_at < end))
    county = county_scope(session, principal)
    if county is not None:
        stmt = stmt.where(Case.jurisdiction_org_id == county)
    if fraud_type:
        stmt = stmt.where(Case.fraud_type == fraud_type)
    return list(session.connection().execute(stmt).all())  # plain rows: no ORM loading for a year of reports


def case_numbers(session: Session, principal: Principal, case_ids: list[int]) -> dict[int, str]:
    """Case numbers (案件编号) of the cases the principal may read among ``case_ids``."""
    principal.require(Permission.CASE_READ)
    stmt = select(Case.id, Case.case_no).where(Case.id.in_(case_ids[:1000]))
    county = county_scope(session, principal)
    if county is not None:
        stmt = stmt.where(Case.jurisdiction_org_id == county)
    return dict(session.execute(stmt).tuples().all())


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
        raise NotFound(f"case {case_id} not found", field="case_id")
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
