"""Dispatch use cases: route identifiers to partners, queue requests with SLAs, record answers."""

from __future__ import annotations

import statistics
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from sqlalchemy import case, func, or_, select
from sqlalchemy.orm import Session

from antifraud.core import audit, longpoll
from antifraud.core.auth import Permission, Principal
from antifraud.core.clock import LOCAL_TZ, local_day_start, local_year_start, now, to_local
from antifraud.core.db import money_from_sum
from antifraud.core.errors import Conflict, Forbidden, NotFound, ValidationFailed
from antifraud.core.events import publish_after_commit
from antifraud.core.money import to_money
from antifraud.core.vocab import GATEWAY_CODES
from antifraud.dispatch import export
from antifraud.dispatch.models import DispatchRequest
from antifraud.dispatch.schemas import (
    AcknowledgeManyOut,
    CompleteIn,
    PartnerFigures,
    RequestFigures,
    RequestOut,
    Skipped,
)
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
    # a statement request is answered by uploading the statement (outcome "supplied"), or refused
    "statement_request": ("refused",),
    "block_inbound": ("blocked", "refused"),  # calls from an overseas number, at an international gateway
}
HOLDING_KINDS = ("stop_payment", "freeze")
STATEMENT_REQUEST = "statement_request"
# The cases room says, per case, its fraud type, when the victim paid and the loss (a partner's context without
# the victim's identity); dispatch keeps no copy of either.
CASE_FACTS: list[Callable[[Session, Sequence[int]], dict[int, tuple[str, datetime, Decimal]]]] = []
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
        raise ValidationFailed(f"a {kind} is not sent to partners", field="org", code="route.not_dispatched")
    wanted, request_kind = taker
    if org.kind != wanted:
        what = {"bank_card": "a bank card", "phone": f"an overseas number ({attrs.get('country_code') or '+?'})"
                if overseas else "a mainland number"}[kind]
        goes_to = {"bank": "its issuing bank", "carrier": "its carrier",
                   "gateway": f"an international gateway ({', '.join(GATEWAY_CODES)})"}[wanted]
        raise ValidationFailed(f"{org.code} is a {org.kind} and cannot take {what}: it goes to {goes_to}",
                               field="org", code=f"route.needs_{wanted}")
    return request_kind


def sla_seconds(kind: str) -> int:
    """The configured time a partner has to answer a request of this kind."""
    settings = get_settings()
    return {"stop_payment": settings.sla_stop_payment_seconds,
            "freeze": settings.sla_freeze_seconds,
            "block_number": settings.sla_block_number_seconds,
            STATEMENT_REQUEST: settings.sla_statement_request_seconds,
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
    transfer_at: datetime | None = None
    period_from: datetime | None = None
    period_to: datetime | None = None


def do_create_requests(session: Session, actor: Principal, case_id: int, case_no: str, specs: list[RequestSpec],
                    at: datetime | None = None) -> list[DispatchRequest]:
    """Queue requests for partners, in the caller's transaction, each with its SLA due time; audited."""
    created = at or now()
    reqs = [DispatchRequest(kind=s.kind, case_id=case_id, case_no=case_no, identifier_id=s.identifier_id,
                            account=s.account, target_org_id=s.target_org.id, status="pending",
                            requested_amount=None if s.requested_amount is None else to_money(s.requested_amount),
                            tier=s.tier, created_at=created,
                            due_at=created + timedelta(seconds=sla_seconds(s.kind)), note="",
                            transfer_at=s.transfer_at, period_from=s.period_from, period_to=s.period_to)
            for s in specs]
    session.add_all(reqs)
    session.flush()
    for req, spec in zip(reqs, specs, strict=True):
        audit.record(session, actor, "request.create", "request", req.id,
                     {"kind": req.kind, "case_no": case_no, "target": spec.target_org.code,
                      "amount": None if spec.requested_amount is None else str(spec.requested_amount),
                      **({"period": [spec.period_from.isoformat(), spec.period_to.isoformat()]}
                         if spec.period_from and spec.period_to else {})})
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


def to_out(req: DispatchRequest, org_code: str, at: datetime | None = None,
           facts: tuple[str, datetime, Decimal] | None = None) -> RequestOut:
    """The partner-facing view of a request: the case's fraud type and the transfer's time, no victim data."""
    at = at or now()
    return RequestOut(
        fraud_type=facts[0] if facts else None,
        transfer_at=req.transfer_at or (facts[1] if facts else None),
        case_loss=facts[2] if facts else None,
        period_from=req.period_from, period_to=req.period_to, statement_import_id=req.statement_import_id,
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


def _requests_where(principal: Principal, status: str, case_id: int | None, at: datetime) -> list[Any]:
    """The conditions of a request list: the principal's organisation, the case, the status filter."""
    if status not in STATUS_FILTERS:
        raise ValidationFailed(f"one of {', '.join(STATUS_FILTERS)}", field="status")
    conditions: list[Any] = []
    org_id = _scope(principal)
    if org_id is not None:
        conditions.append(DispatchRequest.target_org_id == org_id)
    if case_id is not None:
        conditions.append(DispatchRequest.case_id == case_id)
    if status in ("pending", "acknowledged", "completed"):
        conditions.append(DispatchRequest.status == status)
    elif status in ("open", "overdue"):
        conditions.append(DispatchRequest.status.in_(OPEN_STATUSES))
        if status == "overdue":
            conditions.append(DispatchRequest.due_at < at)
    return conditions


def list_requests(session: Session, principal: Principal, status: str = "open",
                  limit: int = 500, case_id: int | None = None, offset: int = 0) -> list[RequestOut]:
    """Requests the principal may see, most urgent first (completed ones: latest completed first)."""
    return page_requests(session, principal, status, limit, offset, case_id=case_id, count=False)[0]


def page_requests(session: Session, principal: Principal, status: str = "open", limit: int = 50,
                  offset: int = 0, *, case_id: int | None = None, count: bool = True
                  ) -> tuple[list[RequestOut], int]:
    """One page of the requests the principal may see, and how many match in all (-1 when not counted)."""
    at = now()
    conditions = _requests_where(principal, status, case_id, at)
    stmt = select(DispatchRequest).where(*conditions)
    if status == "completed":
        stmt = stmt.order_by(DispatchRequest.completed_at.desc(), DispatchRequest.id.desc())
    else:
        stmt = stmt.order_by(DispatchRequest.due_at, DispatchRequest.id)
    total = (session.scalar(select(func.count(DispatchRequest.id)).where(*conditions)) or 0) if count else -1
    page = list(session.scalars(stmt.limit(max(1, limit)).offset(max(0, offset))))
    return _outs(session, page, at), int(total)


def read_queue(session: Session, principal: Principal, status: str = "open", limit: int = 500,
               after_id: int = 0, offset: int = 0) -> longpoll.Reading[tuple[list[RequestOut], int]]:
    """One page of `page_requests` for a long-poll, with the total: news when it lists a request newer than
    `after_id` (or a full page).

    The answer is the whole page, not only what is new: ids are taken at insert and commits land in any
    order, so a request may commit after a newer one the caller has already seen; it is still listed
    (and its commit wakes the waiting caller), so nothing is lost to the cursor.
    """
    org_id = _scope(principal)
    key = longpoll.ANY if org_id is None else str(org_id)
    seen = longpoll.version(QUEUE_CHANNEL, key)  # before the read: a commit after it rings the waiter
    listed, total = page_requests(session, principal, status, limit, offset)
    news = len(listed) >= limit or any(r.id > after_id for r in listed)
    return longpoll.Reading((listed, total), QUEUE_CHANNEL, key, seen, news)


def requests_of_case(session: Session, principal: Principal, case_id: int) -> list[RequestOut]:
    """Every request of one case, for a reader of that case (the case's own scope was checked)."""
    principal.require(Permission.CASE_READ)
    reqs = list(session.scalars(select(DispatchRequest).where(DispatchRequest.case_id == case_id)
                                .order_by(DispatchRequest.due_at, DispatchRequest.id)))
    return _outs(session, reqs, now())


def requests_by_id(session: Session, principal: Principal, request_ids: Sequence[int]) -> list[RequestOut]:
    """Requests named by a case a reader may read (another case's stop-payment holding one of its cards)."""
    principal.require(Permission.CASE_READ)
    if not request_ids:
        return []
    reqs = list(session.scalars(select(DispatchRequest).where(DispatchRequest.id.in_(list(request_ids)))
                                .order_by(DispatchRequest.due_at, DispatchRequest.id)))
    return _outs(session, reqs, now())


def _outs(session: Session, reqs: list[DispatchRequest], at: datetime) -> list[RequestOut]:
    """Requests with their partners' codes (a request whose partner is gone is not shown)."""
    codes = org_codes(session, (r.target_org_id for r in reqs))
    facts = _case_facts(session, {r.case_id for r in reqs})
    return [to_out(req, codes[req.target_org_id], at, facts.get(req.case_id))
            for req in reqs if req.target_org_id in codes]


def _case_facts(session: Session, case_ids: set[int]) -> dict[int, tuple[str, datetime, Decimal]]:
    """Fraud type and payment time of the cases, from the room that keeps them."""
    facts: dict[int, tuple[str, datetime, Decimal]] = {}
    for source in CASE_FACTS:
        facts.update(source(session, sorted(case_ids)))
    return facts


def _one_out(session: Session, req: DispatchRequest, org_code: str) -> RequestOut:
    return to_out(req, org_code, None, _case_facts(session, {req.case_id}).get(req.case_id))


def _get_scoped(session: Session, principal: Principal, request_id: int) -> DispatchRequest:
    org_id = _scope(principal)
    req = session.get(DispatchRequest, request_id)
    if req is None or (org_id is not None and req.target_org_id != org_id):
        raise NotFound(f"request {request_id} not found", field="request_id")
    return req


def get_request(session: Session, principal: Principal, request_id: int) -> RequestOut:
    """One request, if it is within the principal's scope (else 404)."""
    req = _get_scoped(session, principal, request_id)
    return _one_out(session, req, _org_code(session, req.target_org_id))


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
        raise Conflict(f"request {request_id} is already {req.status}", field="status",
                       code="request.already_done")
    req.status = "acknowledged"
    req.acknowledged_at = at or now()
    req.acknowledged_by_id = principal.user_id or None
    audit.record(session, principal, "request.acknowledge", "request", req.id)
    publish_after_commit(session, TOPIC, {"event": "acknowledged", "id": req.id})
    return _one_out(session, req, principal.org_code)


def do_acknowledge_many(session: Session, principal: Principal, request_ids: Sequence[int],
                        at: datetime | None = None) -> AcknowledgeManyOut:
    """Acknowledge several requests at once; each one not pending (or not the partner's) is skipped, with why."""
    principal.require(Permission.REQUEST_WORK)
    done, skipped = [], []
    for request_id in dict.fromkeys(request_ids):
        req = session.get(DispatchRequest, request_id)
        if req is None or req.target_org_id != principal.org_id:
            skipped.append(Skipped(id=request_id, reason="not found"))
        elif req.status != "pending":
            skipped.append(Skipped(id=request_id, reason=f"already {req.status}"))
        else:
            do_acknowledge(session, principal, request_id, at)
            done.append(request_id)
    return AcknowledgeManyOut(acknowledged=done, skipped=skipped)


def _check_answer(req: DispatchRequest, answer: CompleteIn) -> None:
    allowed = OUTCOMES_BY_KIND[req.kind]
    if answer.outcome not in allowed:
        raise ValidationFailed(f"a {req.kind} request ends as one of {', '.join(allowed)}",
                               field="outcome", code="request.outcome_not_allowed")
    if answer.outcome in MONEY_OUTCOMES and answer.amount is None:
        raise ValidationFailed("the amount stopped or frozen is required", field="amount",
                               code="request.amount_required")
    if answer.outcome not in MONEY_OUTCOMES and answer.amount not in (None, Decimal(0)):
        raise ValidationFailed(f"no amount is stopped when the outcome is {answer.outcome}",
                               field="amount", code="request.no_amount_for_outcome")
    if answer.balance is not None and answer.amount is not None and answer.amount > answer.balance:
        raise ValidationFailed("cannot stop more than the balance found", field="amount",
                               code="request.amount_over_balance")
    if answer.outcome == "refused" and not answer.note.strip():
        raise ValidationFailed("give the reason for refusing", field="note", code="request.refusal_reason")


def do_complete(session: Session, principal: Principal, request_id: int, answer: CompleteIn,
             at: datetime | None = None) -> RequestOut:
    """Record the partner's answer: outcome, balance found, amount stopped/frozen and a note."""
    req = _get_scoped(session, principal, request_id)
    _require_worker(principal, req)
    if req.status == "completed":
        raise Conflict(f"request {request_id} is already completed", field="status",
                       code="request.already_done")
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
    return _one_out(session, req, principal.org_code)


def open_statement_request(session: Session, principal: Principal, request_id: int) -> RequestOut:
    """A statement request the principal's bank may answer now (another bank's is a 404)."""
    return _one_out(session, _open_statement_row(session, principal, request_id), principal.org_code)


def _open_statement_row(session: Session, principal: Principal, request_id: int) -> DispatchRequest:
    req = _get_scoped(session, principal, request_id)
    _require_worker(principal, req)
    if req.kind != STATEMENT_REQUEST:
        raise ValidationFailed(f"request {request_id} is a {req.kind}, not a statement request; "
                               "a statement answers only a statement request", field="request_id")
    if req.status == "completed":
        raise Conflict(f"request {request_id} is already completed", field="status")
    return req


def case_of_request(session: Session, request_id: int) -> int | None:
    """The case a request belongs to (for the platform's own follow-up; partners are not told)."""
    req = session.get(DispatchRequest, request_id)
    return req.case_id if req else None


def do_complete_statement_request(session: Session, principal: Principal, request_id: int, import_id: int,
                                  rows: int, at: datetime | None = None) -> RequestOut:
    """One step of answering a statement request with a statement: the request is done, by that import.

    Tracing's `do_answer_statement_request` checks the statement, stores it and audits the answer.
    """
    req = _open_statement_row(session, principal, request_id)
    done = at or now()
    if req.acknowledged_at is None:
        req.acknowledged_at = done
        req.acknowledged_by_id = principal.user_id or None
    req.status, req.completed_at, req.completed_by_id = "completed", done, principal.user_id or None
    req.outcome, req.statement_import_id = "supplied", import_id
    req.note = f"{rows} rows"
    publish_after_commit(session, TOPIC, {"event": "completed", "id": req.id})
    return _one_out(session, req, principal.org_code)


def statement_requests_of(session: Session, accounts: Sequence[str]) -> dict[str, RequestOut]:
    """The newest statement request of each account that has one (answered, open or refused)."""
    found: dict[str, DispatchRequest] = {}
    for start in range(0, len(accounts), 500):
        stmt = select(DispatchRequest).where(DispatchRequest.kind == STATEMENT_REQUEST,
                                             DispatchRequest.account.in_(accounts[start:start + 500]))
        for req in session.scalars(stmt.order_by(DispatchRequest.id)):
            found[req.account] = req
    outs = _outs(session, list(found.values()), now())
    return {o.account: o for o in outs}


def holding_requests(session: Session, accounts: Sequence[str], at: datetime | None = None
                     ) -> dict[str, RequestOut]:
    """Per account, a stop-payment or freeze that holds it now: still open, or answered stopped or frozen
    and within its validity (48 hours for a stop-payment, six months for a freeze by default)."""
    at = at or now()
    settings = get_settings()
    valid = {"stopped": timedelta(hours=settings.stop_payment_valid_hours),
             "frozen": timedelta(days=settings.freeze_valid_days)}
    holds: dict[str, DispatchRequest] = {}
    for start in range(0, len(accounts), 500):
        stmt = select(DispatchRequest).where(DispatchRequest.kind.in_(HOLDING_KINDS),
                                             DispatchRequest.account.in_(accounts[start:start + 500]))
        for req in session.scalars(stmt.order_by(DispatchRequest.id)):
            if req.status in OPEN_STATUSES or (
                    req.outcome in valid and req.completed_at is not None
                    and req.completed_at + valid[req.outcome] > at):
                holds[req.account] = req
    outs = _outs(session, list(holds.values()), at)
    return {o.account: o for o in outs}


def valid_until(req: RequestOut) -> datetime | None:
    """When an answered stop-payment or freeze stops holding the money (None while it is open)."""
    settings = get_settings()
    if req.completed_at is None:
        return None
    if req.outcome == "frozen":
        return req.completed_at + timedelta(days=settings.freeze_valid_days)
    return req.completed_at + timedelta(hours=settings.stop_payment_valid_hours)


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


def _median(values: list[float]) -> float | None:
    return statistics.median(values) if values else None


def partner_figures(session: Session, principal: Principal, since: datetime | None = None,
                    at: datetime | None = None) -> PartnerFigures:
    """A partner's own service level since a time (default: 30 days): on time or late, medians, money held."""
    principal.require(Permission.REQUEST_WORK)
    at = at or now()
    since = since or at - timedelta(days=30)
    R = DispatchRequest
    reqs = list(session.scalars(select(R).where(R.target_org_id == principal.org_id, R.created_at >= since)))
    done = [r for r in reqs if r.status == "completed" and r.completed_at is not None]
    open_reqs = [r for r in reqs if r.status in OPEN_STATUSES]
    acks = [(r.acknowledged_at - r.created_at).total_seconds() for r in reqs if r.acknowledged_at]
    on_time = sum(1 for r in done if r.completed_at is not None and r.completed_at <= r.due_at)
    return PartnerFigures(
        org=principal.org_code, since=since, completed=len(done), completed_on_time=on_time,
        completed_late=len(done) - on_time, open=len(open_reqs),
        open_overdue=sum(1 for r in open_reqs if r.due_at < at), median_ack_seconds=_median(acks),
        median_complete_seconds=_median([(r.completed_at - r.created_at).total_seconds()
                                         for r in done if r.completed_at is not None]),
        stopped=sum((r.amount for r in done if r.outcome in MONEY_OUTCOMES and r.amount is not None),
                    Decimal("0.00")))


def day_of_work(session: Session, principal: Principal, day: date | None = None) -> list[RequestOut]:
    """A partner's requests of one local day: those received that day and those answered that day."""
    principal.require(Permission.REQUEST_WORK)
    start = local_day_start(now()) if day is None else local_day_start(
        datetime.combine(day, datetime.min.time(), tzinfo=LOCAL_TZ))
    end = start + timedelta(days=1)
    R = DispatchRequest
    stmt = select(R).where(R.target_org_id == principal.org_id, or_(
        (R.created_at >= start) & (R.created_at < end),
        (R.completed_at >= start) & (R.completed_at < end))).order_by(R.created_at, R.id)
    return _outs(session, list(session.scalars(stmt)), now())


def day_workbook(session: Session, principal: Principal, day: date | None = None) -> tuple[date, bytes]:
    """A partner's day of work (received or answered that local day) as an XLSX workbook."""
    requests = day_of_work(session, principal, day)
    local = day or to_local(now()).date()  # type: ignore[union-attr]
    return local, export.day_workbook(principal.org_code, local, requests)


def newest_stops(session: Session, limit: int = 10) -> list[dict[str, Any]]:
    """The newest money stopped or frozen, for the big screen's ticker: case number, partner, amount, time."""
    R = DispatchRequest
    rows = session.execute(select(R.id, R.case_no, R.kind, R.target_org_id, R.amount, R.completed_at)
                           .where(R.outcome.in_(MONEY_OUTCOMES), R.completed_at.is_not(None))
                           .order_by(R.completed_at.desc(), R.id.desc()).limit(limit)).all()
    codes = org_codes(session, {r.target_org_id for r in rows})
    return [{"id": r.id, "case_no": r.case_no, "kind": r.kind, "partner": codes.get(r.target_org_id, ""),
             "amount": r.amount, "at": r.completed_at} for r in rows]


def open_requests_by_partner(session: Session, at: datetime | None = None) -> list[dict[str, Any]]:
    """Each partner's open requests and how many are overdue, most open first."""
    at = at or now()
    R = DispatchRequest
    late = func.sum(case((R.due_at < at, 1), else_=0))
    rows = session.execute(select(R.target_org_id, func.count(R.id), late)
                           .where(R.status.in_(OPEN_STATUSES)).group_by(R.target_org_id)).all()
    codes = org_codes(session, {org for org, _, _ in rows})
    out = [{"partner": codes.get(org, ""), "pending": int(n), "overdue": int(o or 0)} for org, n, o in rows]
    return sorted(out, key=lambda p: (-p["pending"], p["partner"]))


def frozen_amounts(session: Session, request_ids: list[int]) -> dict[int, Decimal]:
    """What the banks froze on these requests (completed with outcome ``frozen``), by request id."""
    out: dict[int, Decimal] = {}
    ids = sorted(set(request_ids))
    for start in range(0, len(ids), 500):
        for request_id, amount in session.execute(select(DispatchRequest.id, DispatchRequest.amount).where(
                DispatchRequest.id.in_(ids[start:start + 500]), DispatchRequest.outcome == "frozen",
                DispatchRequest.amount.is_not(None))):
            out[request_id] = amount
    return out
