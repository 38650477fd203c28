"""Dispatch use cases: route identifiers to partners, queue requests with SLAs, record answers."""

from __future__ import annotations

import statistics
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from antifraud.core import audit, longpoll
from antifraud.core.auth import Permission, Principal
from antifraud.core.clock import local_day_start, local_year_start, now
from antifraud.core.db import money_from_sum
from antifraud.core.errors import Conflict, Forbidden, NotFound, ValidationFailed
from antifraud.core.events import publish_after_commit
from antifraud.core.vocab import GATEWAY_CODES
from antifraud.dispatch.models import DispatchRequest
from antifraud.dispatch.schemas import CompleteIn, RequestFigures, RequestOut
from antifraud.orgs.service import find_org, org_codes, org_of
from antifraud.settings import get_settings

if TYPE_CHECKING:  # annotations only: the rows come from orgs.service
    from antifraud.orgs.models import Organization

TOPIC = "dispatch"
QUEUE_CHANNEL = "requests"  # long-polls on a partner's queue, keyed by the organisation's id
OPEN_STATUSES = ("pending", "acknowledged")
MONEY_OUTCOMES = ("frozen", "stopped")
OUTCOMES_BY_KIND = {
    "stop_payment": ("stopped", "frozen", "no_funds", "refused"),
    "freeze": ("frozen", "no_funds", "refused"),
    "block_number": ("blocked", "refused"),
    "block_inbound": ("blocked", "refused"),  # calls from an overseas number, at an international gateway
}
# What takes an identifier: (kind of identifier, overseas?) -> (the partner's kind, the request it gets)
TAKERS = {("bank_card", False): ("bank", "stop_payment"), ("phone", False): ("carrier", "block_number"),
          ("phone", True): ("gateway", "block_inbound")}
STATUS_FILTERS = ("pending", "acknowledged", "completed", "open", "overdue", "all")


@dataclass(frozen=True)
class Route:
    """Where an identifier goes: a request kind and its partners, or why it cannot go anywhere."""

    kind: str | None
    targets: tuple[Organization, ...] = ()
    reason: str | None = None

    @property
    def org(self) -> Organization | None:
        """The first (for a card or a domestic number, the only) partner."""
        return self.targets[0] if self.targets else None


def target_codes(kind: str, attrs: dict[str, Any]) -> tuple[str, ...]:
    """The codes of the partners an identifier would be routed to (for looking them up at once)."""
    if kind == "bank_card":
        return (str(attrs["bank_code"]),) if attrs.get("bank_code") else ()
    if kind == "phone":
        if attrs.get("is_overseas"):
            return GATEWAY_CODES
        return (str(attrs["carrier_code"]),) if attrs.get("carrier_code") else ()
    return ()


def route(session: Session, kind: str, attrs: dict[str, Any]) -> Route:
    """Route a bank card to its issuing bank (止付), a mainland phone to its carrier (封堵), an overseas
    phone to every carrier's international gateway (国际关口局: a call from abroad may enter through any)."""
    codes = target_codes(kind, attrs)
    if kind == "bank_card":
        org = find_org(session, codes[0]) if codes else None
        if org is None or org.kind != "bank":
            return Route(None, (), f"no work platform for issuer '{attrs.get('bank_code') or 'unknown BIN'}'")
        return Route("stop_payment", (org,))
    if kind == "phone" and attrs.get("is_overseas"):
        gateways = tuple(g for code in codes if (g := find_org(session, code)) is not None and g.kind == "gateway")
        if not gateways:
            return Route(None, (), "overseas number: no international gateway to block it")
        return Route("block_inbound", gateways)
    if kind == "phone":
        org = find_org(session, codes[0]) if codes else None
        if org is None or org.kind != "carrier":
            return Route(None, (), f"no work platform for carrier '{attrs.get('carrier_code') or 'unknown'}'")
        return Route("block_number", (org,))
    return Route(None, (), None)


def check_taker(kind: str, attrs: dict[str, Any], org: Organization) -> str:
    """The request kind `org` takes for this identifier; a 422 naming `org` when it cannot take it
    (a bank for a phone, a domestic carrier for an overseas number, a gateway for a mainland one)."""
    overseas = bool(attrs.get("is_overseas"))
    taker = TAKERS.get((kind, overseas if kind == "phone" else False))
    if taker is None:
        raise ValidationFailed(f"a {kind} is not sent to partners", field="org")
    wanted, request_kind = taker
    if org.kind != wanted:
        what = {"bank_card": "a bank card", "phone": f"an overseas number ({attrs.get('country_code') or '+?'})"
                if overseas else "a mainland number"}[kind]
        goes_to = {"bank": "its issuing bank", "carrier": "its carrier",
                   "gateway": f"an international gateway ({', '.join(GATEWAY_CODES)})"}[wanted]
        raise ValidationFailed(f"{org.code} is a {org.kind} and cannot take {what}: it goes to {goes_to}",
                               field="org")
    return request_kind


def sla_seconds(kind: str) -> int:
    """The configured time a partner has to answer a request of this kind."""
    settings = get_settings()
    return {"stop_payment": settings.sla_stop_payment_seconds,
            "freeze": settings.sla_freeze_seconds,
            "block_number": settings.sla_block_number_seconds,
            "block_inbound": settings.sla_block_inbound_seconds}[kind]


@dataclass(frozen=True)
class RequestSpec:
    """What one new request is about; `do_create_requests` queues many in one flush."""

    kind: str
    account: str
    target_org: Organization
    identifier_id: int | None = None
    requested_amount: Decimal | None = None
    tier: int | None = None


def do_create_requests(session: Session, actor: Principal, case_id: int, case_no: str, specs: list[RequestSpec],
                    at: datetime | None = None) -> list[DispatchRequest]:
    """Queue requests for partners, in the caller's transaction, each with its SLA due time; audited."""
    created = at or now()
    reqs = [DispatchRequest(kind=s.kind, case_id=case_id, case_no=case_no, identifier_id=s.identifier_id,
                            account=s.account, target_org_id=s.target_org.id, status="pending",
                            requested_amount=s.requested_amount, tier=s.tier, created_at=created,
                            due_at=created + timedelta(seconds=sla_seconds(s.kind)), note="")
            for s in specs]
    session.add_all(reqs)
    session.flush()
    for req, spec in zip(reqs, specs, strict=True):
        audit.record(session, actor, "request.create", "request", req.id,
                     {"kind": req.kind, "case_no": case_no, "target": spec.target_org.code,
                      "amount": None if spec.requested_amount is None else str(spec.requested_amount)})
        publish_after_commit(session, TOPIC, {"event": "created", "id": req.id, "org": spec.target_org.code})
    longpoll.ring_after_commit(session, QUEUE_CHANNEL, {str(s.target_org.id) for s in specs})
    return reqs


def do_create_request(session: Session, actor: Principal, *, kind: str, case_id: int, case_no: str,
                   account: str, target_org: Organization, identifier_id: int | None = None,
                   requested_amount: Decimal | None = None, tier: int | None = None,
                   at: datetime | None = None) -> DispatchRequest:
    """Queue one request for a partner (see `do_create_requests`)."""
    spec = RequestSpec(kind, account, target_org, identifier_id, requested_amount, tier)
    return do_create_requests(session, actor, case_id, case_no, [spec], at)[0]


def to_out(req: DispatchRequest, org_code: str, at: datetime | None = None) -> RequestOut:
    """The partner-facing view of a request."""
    at = at or now()
    return RequestOut(
        id=req.id, kind=req.kind, case_no=req.case_no, account=req.account, target_org=org_code,
        status=req.status, created_at=req.created_at, due_at=req.due_at,
        overdue=req.status != "completed" and req.due_at < at, requested_amount=req.requested_amount,
        tier=req.tier, acknowledged_at=req.acknowledged_at, completed_at=req.completed_at,
        outcome=req.outcome, balance=req.balance, amount=req.amount, note=req.note)


def _scope(principal: Principal) -> int | None:
    """The organisation a principal is confined to, or None for police who see everything."""
    if principal.can(Permission.REQUEST_READ_ALL):
        return None
    if principal.can(Permission.REQUEST_WORK):
        return principal.org_id
    raise Forbidden(f"role '{principal.role}' has no access to requests")


def list_requests(session: Session, principal: Principal, status: str = "open",
                  limit: int = 500, case_id: int | None = None) -> list[RequestOut]:
    """Requests the principal may see, most urgent first."""
    if status not in STATUS_FILTERS:
        raise ValidationFailed(f"one of {', '.join(STATUS_FILTERS)}", field="status")
    at = now()
    stmt = select(DispatchRequest)
    org_id = _scope(principal)
    if org_id is not None:
        stmt = stmt.where(DispatchRequest.target_org_id == org_id)
    if case_id is not None:
        stmt = stmt.where(DispatchRequest.case_id == case_id)
    if status in ("pending", "acknowledged", "completed"):
        stmt = stmt.where(DispatchRequest.status == status)
    elif status in ("open", "overdue"):
        stmt = stmt.where(DispatchRequest.status.in_(OPEN_STATUSES))
        if status == "overdue":
            stmt = stmt.where(DispatchRequest.due_at < at)
    if status == "completed":
        stmt = stmt.order_by(DispatchRequest.completed_at.desc())
    else:
        stmt = stmt.order_by(DispatchRequest.due_at, DispatchRequest.id)
    return _outs(session, list(session.scalars(stmt.limit(limit))), at)


def read_queue(session: Session, principal: Principal, status: str = "open", limit: int = 500,
               after_id: int = 0) -> longpoll.Reading[list[RequestOut]]:
    """`list_requests` for a long-poll: news when it lists a request newer than `after_id` (or a full page).

    The answer is the whole list, not only what is new: ids are taken at insert and commits land in any
    order, so a request may commit after a newer one the caller has already seen; it is still listed
    (and its commit wakes the waiting caller), so nothing is lost to the cursor.
    """
    org_id = _scope(principal)
    key = longpoll.ANY if org_id is None else str(org_id)
    seen = longpoll.version(QUEUE_CHANNEL, key)  # before the read: a commit after it rings the waiter
    listed = list_requests(session, principal, status=status, limit=limit)
    news = len(listed) >= limit or any(r.id > after_id for r in listed)
    return longpoll.Reading(listed, QUEUE_CHANNEL, key, seen, news)


def requests_of_case(session: Session, principal: Principal, case_id: int) -> list[RequestOut]:
    """Every request of one case, for a reader of that case (the case's own scope was checked)."""
    principal.require(Permission.CASE_READ)
    reqs = list(session.scalars(select(DispatchRequest).where(DispatchRequest.case_id == case_id)
                                .order_by(DispatchRequest.due_at, DispatchRequest.id)))
    return _outs(session, reqs, now())


def _outs(session: Session, reqs: list[DispatchRequest], at: datetime) -> list[RequestOut]:
    """Requests with their partners' codes (a request whose partner is gone is not shown)."""
    codes = org_codes(session, (r.target_org_id for r in reqs))
    return [to_out(req, codes[req.target_org_id], at) for req in reqs if req.target_org_id in codes]


def _get_scoped(session: Session, principal: Principal, request_id: int) -> DispatchRequest:
    org_id = _scope(principal)
    req = session.get(DispatchRequest, request_id)
    if req is None or (org_id is not None and req.target_org_id != org_id):
        raise NotFound(f"request {request_id} not found", field="request_id")
    return req


def get_request(session: Session, principal: Principal, request_id: int) -> RequestOut:
    """One request, if it is within the principal's scope (else 404)."""
    req = _get_scoped(session, principal, request_id)
    return to_out(req, _org_code(session, req.target_org_id))


def _org_code(session: Session, org_id: int) -> str:
    org = org_of(session, org_id)
    return org.code if org else ""


def _require_worker(principal: Principal, req: DispatchRequest) -> None:
    """Only the target organisation's liaison answers a request."""
    principal.require(Permission.REQUEST_WORK)
    if principal.org_id != req.target_org_id:
        raise NotFound(f"request {req.id} not found", field="request_id")


def do_acknowledge(session: Session, principal: Principal, request_id: int,
                at: datetime | None = None) -> RequestOut:
    """The partner has seen the request and is working on it."""
    req = _get_scoped(session, principal, request_id)
    _require_worker(principal, req)
    if req.status != "pending":
        raise Conflict(f"request {request_id} is already {req.status}", field="status")
    req.status = "acknowledged"
    req.acknowledged_at = at or now()
    req.acknowledged_by_id = principal.user_id or None
    audit.record(session, principal, "request.acknowledge", "request", req.id)
    publish_after_commit(session, TOPIC, {"event": "acknowledged", "id": req.id})
    return to_out(req, principal.org_code)


def _check_answer(req: DispatchRequest, answer: CompleteIn) -> None:
    allowed = OUTCOMES_BY_KIND[req.kind]
    if answer.outcome not in allowed:
        raise ValidationFailed(f"a {req.kind} request ends as one of {', '.join(allowed)}",
                               field="outcome")
    if answer.outcome in MONEY_OUTCOMES and answer.amount is None:
        raise ValidationFailed("the amount stopped or frozen is required", field="amount")
    if answer.outcome not in MONEY_OUTCOMES and answer.amount not in (None, Decimal(0)):
        raise ValidationFailed(f"no amount is stopped when the outcome is {answer.outcome}",
                               field="amount")
    if answer.balance is not None and answer.amount is not None and answer.amount > answer.balance:
        raise ValidationFailed("cannot stop more than the balance found", field="amount")
    if answer.outcome == "refused" and not answer.note.strip():
        raise ValidationFailed("give the reason for refusing", field="note")


def do_complete(session: Session, principal: Principal, request_id: int, answer: CompleteIn,
             at: datetime | None = None) -> RequestOut:
    """Record the partner's answer: outcome, balance found, amount stopped/frozen and a note."""
    req = _get_scoped(session, principal, request_id)
    _require_worker(principal, req)
    if req.status == "completed":
        raise Conflict(f"request {request_id} is already completed", field="status")
    _check_answer(req, answer)
    done = at or now()
    if req.acknowledged_at is None:
        req.acknowledged_at = done
        req.acknowledged_by_id = principal.user_id or None
    req.status = "completed"
    req.completed_at = done
    req.completed_by_id = principal.user_id or None
    req.outcome = answer.outcome
    req.balance = answer.balance
    req.amount = answer.amount if answer.outcome in MONEY_OUTCOMES else None
    req.note = answer.note.strip()
    audit.record(session, principal, "request.complete", "request", req.id,
                 {"outcome": answer.outcome, "balance": str(answer.balance), "amount": str(answer.amount),
                  "note": req.note})
    publish_after_commit(session, TOPIC, {"event": "completed", "id": req.id})
    return to_out(req, principal.org_code)


def open_request_exists(session: Session, kind: str, account: str) -> bool:
    """Whether an unanswered request of this kind already targets the account."""
    stmt = select(func.count()).select_from(DispatchRequest).where(
        DispatchRequest.kind == kind, DispatchRequest.account == account,
        DispatchRequest.status.in_(OPEN_STATUSES))
    return bool(session.scalar(stmt))


def request_figures(session: Session, at: datetime | None = None) -> RequestFigures:
    """Pending/overdue counts, money stopped today and this year, median time to completion."""
    at = at or now()
    day, year = local_day_start(at), local_year_start(at)
    R = DispatchRequest
    pending = session.scalar(select(func.count()).where(R.status.in_(OPEN_STATUSES))) or 0
    overdue = session.scalar(select(func.count()).where(R.status.in_(OPEN_STATUSES), R.due_at < at)) or 0
    done_today = session.scalar(select(func.count()).where(R.status == "completed",
                                                           R.completed_at >= day)) or 0
    money = R.outcome.in_(MONEY_OUTCOMES)
    stopped_today = session.scalar(select(func.sum(R.amount)).where(money, R.completed_at >= day))
    stopped_year = session.scalar(select(func.sum(R.amount)).where(money, R.completed_at >= year))
    spans = session.execute(select(R.created_at, R.completed_at).where(
        R.status == "completed", R.completed_at >= year)).all()
    durations = [(done - created).total_seconds() for created, done in spans if done and created]
    return RequestFigures(
        pending=pending, overdue=overdue, completed_today=done_today,
        stopped_today=money_from_sum(stopped_today),
        stopped_year=money_from_sum(stopped_year),
        median_completion_seconds=statistics.median(durations) if durations else None)
