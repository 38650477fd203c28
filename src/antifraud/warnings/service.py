"""Warning use cases: signals in, warnings routed by home location, the intervention desk, risk checks."""

from __future__ import annotations

import json
import statistics
from collections.abc import Iterable
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

from pydantic import ValidationError
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from antifraud.cases import service as cases
from antifraud.cases.schemas import CaseIn
from antifraud.core import audit
from antifraud.core.auth import Permission, Principal
from antifraud.core.clock import as_utc, local_day_start, local_year_start, now, to_local
from antifraud.core.db import money_from_sum
from antifraud.core.errors import Conflict, Forbidden, NotFound, ValidationFailed
from antifraud.core.events import publish_after_commit
from antifraud.identifiers import IdentifierError, normalize, parse_phone
from antifraud.orgs.models import Organization, User
from antifraud.orgs.service import county_code, find_org, org_by_code
from antifraud.settings import get_settings
from antifraud.warnings import indicators
from antifraud.warnings.models import (
    ContactAttempt,
    DutyShift,
    FraudWarning,
    InboundMessage,
    PeerCenter,
    SignalRecord,
    VisitTask,
)
from antifraud.warnings.routing import route_citizen
from antifraud.warnings.schemas import (
    AttemptIn,
    InboundWarningIn,
    IngestOut,
    RejectedLine,
    RiskOut,
    SignalIn,
    WarningOut,
)
from antifraud.warnings.scoring import Candidate, score_signals

TOPIC = "warnings"
OPEN = ("new", "claimed", "reached", "unreachable", "escalated")
CLOSED_RESULTS = {"dissuaded": "dissuaded", "already_paid": "paid"}
ESCALATE_AFTER_UNREACHABLE = 3
VISIT_SLA = timedelta(minutes=30)
URGENCY_RANK = {"urgent": 0, "high": 1, "normal": 2}


# ---- signals in -------------------------------------------------------------------------------

def parse_ndjson(lines: Iterable[str]) -> tuple[list[tuple[int, SignalIn]], list[RejectedLine]]:
    """Parse NDJSON signal lines; a bad line is rejected with its number and reason, never the batch."""
    good: list[tuple[int, SignalIn]] = []
    bad: list[RejectedLine] = []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            good.append((number, SignalIn.model_validate(json.loads(line))))
        except json.JSONDecodeError as exc:
            bad.append(RejectedLine(line=number, field="", reason=f"not JSON: {exc.msg}"))
        except ValidationError as exc:
            err = exc.errors()[0]
            bad.append(RejectedLine(line=number, field=".".join(str(p) for p in err["loc"]), reason=err["msg"]))
    return good, bad


def _normalise_citizen(signal: SignalIn) -> str:
    return parse_phone(signal.citizen, field="citizen").e164


def _extra(sig: SignalIn) -> dict[str, Any]:
    """The optional details the scorer reads (transfer direction, call phase, visit kind, IP, channel)."""
    values = {"direction": sig.direction, "phase": sig.phase, "kind": sig.target_kind, "ip": sig.ip,
              "channel": sig.channel}
    return {k: v for k, v in values.items() if v is not None}


def ingest(session: Session, principal: Principal, lines: Iterable[str], source: str,
           replay: bool = False) -> IngestOut:
    """Store new signals (a replayed id is skipped), score them, and raise or update warnings.

    `replay` loads past signals (the simulator's history): warnings then date from their signals,
    not from the moment of loading.
    """
    principal.require(Permission.SIGNAL_INGEST)
    parsed, rejected = parse_ndjson(lines)
    records: list[SignalRecord] = []
    seen: set[str] = set()
    ids = [s.signal_id for _, s in parsed]
    known = set(session.scalars(select(SignalRecord.signal_id).where(SignalRecord.signal_id.in_(ids)))) if ids else set()
    duplicates = 0
    received = now()
    for number, sig in parsed:
        if sig.signal_id in known or sig.signal_id in seen:
            duplicates += 1
            continue
        try:
            citizen = _normalise_citizen(sig)
        except IdentifierError as exc:
            rejected.append(RejectedLine(line=number, field="citizen", reason=exc.reason))
            continue
        seen.add(sig.signal_id)
        records.append(SignalRecord(signal_id=sig.signal_id, kind=sig.kind, time=as_utc(sig.time), citizen=citizen,
                                    counterpart=sig.counterpart, amount=sig.amount, duration_s=sig.duration_s,
                                    text=sig.text, partner_score=sig.partner_score, extra=_extra(sig),
                                    source=source[:64],
                                    received_at=received))
    session.add_all(records)
    session.flush()
    created, updated = raise_warnings(session, score_signals(session, records), replay=replay)
    audit.record(session, principal, "signals.ingest", "signals", source[:64],
                 {"accepted": len(records), "duplicates": duplicates, "rejected": len(rejected),
                  "warnings_created": created, "warnings_updated": updated})
    rejected.sort(key=lambda r: r.line)
    return IngestOut(accepted=len(records), duplicates=duplicates, rejected=rejected, warnings_created=created,
                     warnings_updated=updated)


# ---- warnings ---------------------------------------------------------------------------------

def _open_warning(session: Session, citizen: str, since: datetime) -> FraudWarning | None:
    return session.scalar(select(FraudWarning).where(FraudWarning.citizen == citizen,
                                                     FraudWarning.status.in_((*OPEN, "pushed")),
                                                     FraudWarning.created_at >= since)
                          .order_by(FraudWarning.id.desc()).limit(1))


def _warning_of(session: Session, cand: Candidate) -> FraudWarning | None:
    """The warning an update (revision > 0) belongs to, whatever its status: same citizen, same opening."""
    if cand.revision == 0:
        return None
    return session.scalar(select(FraudWarning).where(FraudWarning.citizen == cand.citizen,
                                                     FraudWarning.first_signal_at == cand.opened_at)
                          .order_by(FraudWarning.id.desc()).limit(1))


def raise_warnings(session: Session, candidates: list[Candidate], replay: bool = False) -> tuple[int, int]:
    """Create a warning per candidate, or strengthen the citizen's open one; returns (created, updated)."""
    created = updated = 0
    for cand in candidates:
        existing = _warning_of(session, cand) or _open_warning(session, cand.citizen, cand.time - timedelta(hours=24))
        if existing is not None:
            if _strengthen(existing, cand) and existing.pushed_to and existing.origin == "local":
                _push_update(session, existing)
            _link_signals(session, existing.id, cand.signal_ids)
            publish_after_commit(session, TOPIC, {"event": "updated", "id": existing.id})
            updated += 1
            continue
        warning = _new_warning(session, cand, at=cand.time if replay else None)
        _link_signals(session, warning.id, cand.signal_ids)
        created += 1
    return created, updated


SCORE_STEP_WORTH_SENDING = 0.05
"""A pushed warning whose score rises by at least this much is sent to its peer again."""


def _strengthen(warning: FraudWarning, cand: Candidate) -> bool:
    """Raise score and urgency, add reasons; True when the peer owning the citizen should hear of it."""
    before = (warning.score, warning.urgency, set(warning.reasons))
    warning.score = max(warning.score, cand.score)
    if URGENCY_RANK[cand.urgency] < URGENCY_RANK[warning.urgency]:
        warning.urgency = cand.urgency
    warning.reasons = sorted(set(warning.reasons) | set(cand.reasons))
    warning.updated_at = now()
    return (warning.urgency != before[1] or not set(warning.reasons) <= before[2]
            or warning.score >= before[0] + SCORE_STEP_WORTH_SENDING)


def _push_update(session: Session, warning: FraudWarning) -> None:
    """Send a pushed warning's new state to the center it was pushed to (through the outbox)."""
    from antifraud.warnings.outbox import enqueue_warning

    peer = session.scalar(select(PeerCenter).where(PeerCenter.code == warning.pushed_to))
    if peer is not None:
        enqueue_warning(session, warning, peer, update=True)


def _link_signals(session: Session, warning_id: int, signal_ids: list[str]) -> None:
    if signal_ids:
        for rec in session.scalars(select(SignalRecord).where(SignalRecord.signal_id.in_(signal_ids))):
            rec.warning_id = warning_id


def _new_warning(session: Session, cand: Candidate, origin: str = "local",
                 origin_center: str | None = None, at: datetime | None = None) -> FraudWarning:
    route = route_citizen(session, cand.citizen)
    at = at or now()
    warning = FraudWarning(
        warning_no="pending", citizen=cand.citizen, province=route.province, city=route.city,
        division_code=route.division_code, fraud_type=cand.fraud_type, score=cand.score, urgency=cand.urgency,
        reasons=list(cand.reasons), first_signal_at=cand.opened_at, created_at=at,
        updated_at=at,
        status="pushed" if route.peer else "new", desk_org_id=route.desk.id if route.desk else None,
        origin=origin, origin_center=origin_center, pushed_to=route.peer.code if route.peer else None)
    session.add(warning)
    session.flush()
    warning.warning_no = f"YJ{to_local(at):%Y%m%d}{warning.id:07d}"  # type: ignore[union-attr]
    if route.peer is not None:
        from antifraud.warnings.outbox import enqueue_warning

        enqueue_warning(session, warning, route.peer)
    audit.record_anonymous(session, "system", "warning.create", "warning", warning.id,
                           {"citizen": cand.citizen, "score": round(cand.score, 3), "urgency": cand.urgency,
                            "desk": route.desk.code if route.desk else None,
                            "pushed_to": route.peer.code if route.peer else None})
    publish_after_commit(session, TOPIC, {"event": "created", "id": warning.id})
    return warning


# ---- the desk -------------------------------------------------------------------------------

def _desk_scope(session: Session, principal: Principal) -> int | None:
    """The desk a principal is confined to; None means the whole city (the city center's staff)."""
    if not (principal.can(Permission.DESK_WORK) or principal.can(Permission.DESK_READ)):
        raise Forbidden(f"role '{principal.role}' has no access to warnings")
    if principal.org_code == get_settings().city_code:
        return None
    org = session.get(Organization, principal.org_id)
    while org is not None and org.level == "station" and org.parent_id is not None:
        org = session.get(Organization, org.parent_id)  # a station works its county's desk
    return org.id if org is not None else principal.org_id


def warning_out(session: Session, w: FraudWarning) -> WarningOut:
    """The desk's view of a warning."""
    desk = session.get(Organization, w.desk_org_id) if w.desk_org_id else None
    claimed = None
    if w.claimed_by_id:
        user = session.get(User, w.claimed_by_id)
        claimed = user.username if user else None
    return WarningOut(id=w.id, warning_no=w.warning_no, citizen=w.citizen, province=w.province, city=w.city,
                      division_code=w.division_code, fraud_type=w.fraud_type, score=w.score, urgency=w.urgency,
                      reasons=list(w.reasons), status=w.status, desk=desk.code if desk else None, claimed_by=claimed,
                      created_at=w.created_at, first_signal_at=w.first_signal_at,
                      first_contact_at=w.first_contact_at, unreachable_count=w.unreachable_count,
                      money_protected=w.money_protected, case_id=w.case_id, origin=w.origin,
                      origin_center=w.origin_center, pushed_to=w.pushed_to)


def list_warnings(session: Session, principal: Principal, status: str = "open", limit: int = 300) -> list[WarningOut]:
    """The desk's queue: most urgent first, then highest score, then oldest."""
    scope = _desk_scope(session, principal)
    stmt = select(FraudWarning)
    if scope is not None:
        stmt = stmt.where(FraudWarning.desk_org_id == scope)
    if status == "open":
        stmt = stmt.where(FraudWarning.status.in_(OPEN))
    elif status != "all":
        stmt = stmt.where(FraudWarning.status == status)
    rows = list(session.scalars(stmt.order_by(FraudWarning.created_at.desc()).limit(limit * 4 if status == "open"
                                                                                      else limit)))
    if status == "open":
        rows.sort(key=lambda w: (URGENCY_RANK.get(w.urgency, 3), -w.score, w.created_at))
    return [warning_out(session, w) for w in rows[:limit]]


def _scoped_warning(session: Session, principal: Principal, warning_id: int) -> FraudWarning:
    scope = _desk_scope(session, principal)
    w = session.get(FraudWarning, warning_id)
    if w is None or (scope is not None and w.desk_org_id != scope):
        raise NotFound(f"warning {warning_id} not found", field="warning_id")
    return w


def get_warning(session: Session, principal: Principal, warning_id: int) -> WarningOut:
    """One warning within the principal's desk scope."""
    return warning_out(session, _scoped_warning(session, principal, warning_id))


def claim(session: Session, principal: Principal, warning_id: int, at: datetime | None = None) -> WarningOut:
    """Take a warning to work it; nobody else works it meanwhile."""
    principal.require(Permission.DESK_WORK)
    w = _scoped_warning(session, principal, warning_id)
    if w.status not in OPEN:
        raise Conflict(f"warning {w.warning_no} is {w.status}", field="status")
    if w.claimed_by_id not in (None, principal.user_id):
        raise Conflict(f"warning {w.warning_no} is being worked by someone else", field="claimed_by")
    w.claimed_by_id, w.claimed_at = principal.user_id, w.claimed_at or at or now()
    if w.status == "new":
        w.status = "claimed"
    w.updated_at = at or now()
    audit.record(session, principal, "warning.claim", "warning", w.id)
    publish_after_commit(session, TOPIC, {"event": "claimed", "id": w.id})
    return warning_out(session, w)


def record_attempt(session: Session, principal: Principal, warning_id: int, attempt: AttemptIn,
                   at: datetime | None = None) -> WarningOut:
    """Record one call: reached, unreachable (escalates after N or when urgent), dissuaded, or already paid
    (which files a case and dispatches its requests)."""
    principal.require(Permission.DESK_WORK)
    w = _scoped_warning(session, principal, warning_id)
    if w.status not in OPEN:
        raise Conflict(f"warning {w.warning_no} is {w.status}", field="status")
    if w.claimed_by_id != principal.user_id:
        claim(session, principal, warning_id, at=at)
    at = at or now()
    session.add(ContactAttempt(warning_id=w.id, at=at, user_id=principal.user_id or None, result=attempt.result,
                               note=attempt.note, money_protected=attempt.money_protected))
    if attempt.result != "unreachable":
        w.first_contact_at = w.first_contact_at or at
    if attempt.result == "reached":
        w.status = "reached"
    elif attempt.result == "unreachable":
        w.unreachable_count += 1
        w.status = "unreachable"
        if w.unreachable_count >= ESCALATE_AFTER_UNREACHABLE or w.urgency == "urgent":
            _escalate(session, principal, w, "unreachable")
    elif attempt.result == "dissuaded":
        w.status, w.closed_at, w.money_protected = "dissuaded", at, attempt.money_protected
    else:
        _already_paid(session, principal, w, attempt)
    w.updated_at = at
    audit.record(session, principal, "warning.attempt", "warning", w.id,
                 {"result": attempt.result, "note": attempt.note,
                  "money_protected": None if attempt.money_protected is None else str(attempt.money_protected)})
    publish_after_commit(session, TOPIC, {"event": attempt.result, "id": w.id})
    return warning_out(session, w)


SIGNAL_IDENTIFIER_KIND = {"call": "phone", "sms": "phone", "transfer": "bank_card"}


def _suspect_identifiers(session: Session, warning_id: int) -> list[tuple[str, str]]:
    """The numbers and payee cards in a warning's signals that are valid identifiers, once each."""
    found: dict[tuple[str, str], None] = {}
    for rec in session.scalars(select(SignalRecord).where(SignalRecord.warning_id == warning_id)):
        kind = SIGNAL_IDENTIFIER_KIND.get(rec.kind)
        if kind is None or not rec.counterpart or (rec.extra or {}).get("direction") == "in":
            continue
        try:
            found[(kind, normalize(kind, rec.counterpart).value)] = None
        except IdentifierError:
            continue  # a service number or a merchant account: nothing to stop or block
    return list(found)


def _already_paid(session: Session, principal: Principal, w: FraudWarning, attempt: AttemptIn) -> None:
    """The citizen has paid already: file the report now so stop-payment and blocking go out at once."""
    identifiers = [{"kind": kind, "value": value} for kind, value in _suspect_identifiers(session, w.id)]
    data = CaseIn.model_validate({
        "victim": {"name": attempt.victim_name or "（劝阻转案）", "phone": w.citizen},
        "fraud_type": w.fraud_type if w.fraud_type != "none" else "other",
        "loss_amount": attempt.loss_amount or Decimal(0), "occurred_at": w.first_signal_at,
        "narrative": f"预警 {w.warning_no} 劝阻时受害人称已转账。{attempt.note}", "identifiers": identifiers})
    case = cases.create_case(session, principal, data)
    w.status, w.case_id, w.closed_at = "paid", case.id, now()


def _escalate(session: Session, principal: Principal, w: FraudWarning, reason: str) -> VisitTask:
    """Emergency plan: a station near the citizen visits in person, with its own deadline."""
    station = None
    if w.division_code:
        station = find_org(session, f"{county_code(w.division_code)}-01")
    if station is None:
        desk = session.get(Organization, w.desk_org_id) if w.desk_org_id else None
        station = desk or org_by_code(session, get_settings().city_code)
    task = VisitTask(warning_id=w.id, station_org_id=station.id, reason=reason, created_at=now(),
                     due_at=now() + VISIT_SLA, status="open")
    session.add(task)
    w.status = "escalated"
    audit.record(session, principal, "warning.escalate", "warning", w.id, {"station": station.code, "reason": reason})
    return task


def close(session: Session, principal: Principal, warning_id: int, note: str,
          at: datetime | None = None) -> WarningOut:
    """End a warning that needs nothing more (the citizen was reached and is not being defrauded)."""
    principal.require(Permission.DESK_WORK)
    if not note.strip():
        raise ValidationFailed("say why the warning is closed", field="note")
    w = _scoped_warning(session, principal, warning_id)
    if w.status not in OPEN:
        raise Conflict(f"warning {w.warning_no} is {w.status}", field="status")
    w.status, w.closed_at, w.updated_at = "closed", at or now(), at or now()
    audit.record(session, principal, "warning.close", "warning", w.id, {"note": note.strip()})
    publish_after_commit(session, TOPIC, {"event": "closed", "id": w.id})
    return warning_out(session, w)


def escalate(session: Session, principal: Principal, warning_id: int) -> WarningOut:
    """Escalate a warning by hand under the emergency plan (紧急劝阻工作预案)."""
    principal.require(Permission.DESK_WORK)
    w = _scoped_warning(session, principal, warning_id)
    if w.status not in OPEN:
        raise Conflict(f"warning {w.warning_no} is {w.status}", field="status")
    _escalate(session, principal, w, "manual")
    publish_after_commit(session, TOPIC, {"event": "escalated", "id": w.id})
    return warning_out(session, w)


def visit_tasks(session: Session, principal: Principal, warning_id: int) -> list[VisitTask]:
    """The in-person visits ordered for a warning."""
    w = _scoped_warning(session, principal, warning_id)
    return list(session.scalars(select(VisitTask).where(VisitTask.warning_id == w.id).order_by(VisitTask.id)))


def attempts(session: Session, principal: Principal, warning_id: int) -> list[ContactAttempt]:
    """The calls made on a warning, oldest first."""
    w = _scoped_warning(session, principal, warning_id)
    return list(session.scalars(select(ContactAttempt).where(ContactAttempt.warning_id == w.id)
                                .order_by(ContactAttempt.id)))


# ---- risk checks ------------------------------------------------------------------------------

def check_risk(session: Session, who: str, kind: str, value: str) -> RiskOut:
    """Is this number / card / URL / ID linked to fraud? Audited, for citizens, banks and carriers."""
    try:
        key = indicators.normalise_for_risk(kind, value)
    except IdentifierError as exc:
        raise ValidationFailed(exc.reason, field="value" if exc.field != "kind" else "kind") from None
    row = indicators.find(session, kind, key)
    audit.record_anonymous(session, who, "risk.check", "indicator", f"{kind}:{key}"[:64],
                           {"linked": row is not None})
    if row is None:
        return RiskOut(kind=kind, value=key, linked=False, confidence=0.0, cases=0, first_seen=None, last_seen=None,
                       expires_at=None, fraud_types=[])
    return RiskOut(kind=kind, value=key, linked=True, confidence=round(row.confidence, 3), cases=row.cases,
                   first_seen=row.first_seen, last_seen=row.last_seen, expires_at=row.expires_at,
                   fraud_types=list(row.fraud_types))


# ---- from other centers -----------------------------------------------------------------------

def accept_inbound(session: Session, origin: str, item: InboundWarningIn) -> tuple[WarningOut | None, bool]:
    """A peer's warning about one of our citizens; the same key twice is taken once. Returns (warning, new)."""
    """A peer's warning about one of our citizens; the same key twice is taken once. Returns (warning, new).

    A message with `updates` carries the new state of a warning the peer pushed before (higher score
    or urgency, more reasons): it strengthens our copy while that is still open, and otherwise (our
    desk already closed it, or the first message never came) becomes a warning of its own.
    """
    if item.origin_center != origin:
        raise Forbidden("origin_center does not match the signed-in peer")
    seen = _inbound(session, origin, item.key)
    if seen is not None:
        w = session.get(FraudWarning, seen.warning_id) if seen.warning_id else None
        return (warning_out(session, w) if w else None), False
    try:
        citizen = parse_phone(item.citizen, field="citizen").e164
    except IdentifierError as exc:
        raise ValidationFailed(exc.reason, field="citizen") from None
    opened = as_utc(item.first_signal_at)
    cand = Candidate(citizen=citizen, time=opened, score=item.score, fraud_type=item.fraud_type,
                     urgency=item.urgency, reasons=list(item.reasons), signal_ids=[], opened_at=opened)
    first = _inbound(session, origin, item.updates) if item.updates else None
    current = session.get(FraudWarning, first.warning_id) if first is not None and first.warning_id else None
    if current is not None and current.status in OPEN and current.citizen == citizen:
        _strengthen(current, cand)
        session.add(InboundMessage(origin=origin, key=item.key, received_at=now(), warning_id=current.id))
        audit.record_anonymous(session, f"peer:{origin}", "warning.update", "warning", current.id,
                               {"key": item.key, "score": round(current.score, 3), "urgency": current.urgency})
        publish_after_commit(session, TOPIC, {"event": "updated", "id": current.id})
        return warning_out(session, current), False
    w = _new_warning(session, cand, origin="inbound", origin_center=origin)
    session.add(InboundMessage(origin=origin, key=item.key, received_at=now(), warning_id=w.id))
    if item.updates and first is None:  # the first message, should it still come, adds nothing
        session.add(InboundMessage(origin=origin, key=item.updates, received_at=now(), warning_id=w.id))
    return warning_out(session, w), True


def _inbound(session: Session, origin: str, key: str) -> InboundMessage | None:
    return session.scalar(select(InboundMessage).where(InboundMessage.origin == origin,
                                                       InboundMessage.key == key))


# ---- figures ----------------------------------------------------------------------------------

def warning_figures(session: Session, at: datetime | None = None) -> dict[str, Any]:
    """Warnings today and this year, reached, dissuaded, money protected, time to first contact, pushes."""
    at = at or now()
    out: dict[str, Any] = {}
    W = FraudWarning
    for label, since in (("today", local_day_start(at)), ("year", local_year_start(at))):
        local = W.created_at >= since
        out[f"warnings_{label}"] = session.scalar(select(func.count()).where(local, W.origin == "local")) or 0
        out[f"reached_{label}"] = session.scalar(select(func.count()).where(local, W.first_contact_at.is_not(None))) or 0
        out[f"dissuaded_{label}"] = session.scalar(select(func.count()).where(local, W.status == "dissuaded")) or 0
        out[f"protected_{label}"] = money_from_sum(session.scalar(select(func.sum(W.money_protected)).where(local)))
        out[f"pushed_out_{label}"] = session.scalar(select(func.count()).where(local, W.pushed_to.is_not(None))) or 0
        out[f"pushed_in_{label}"] = session.scalar(select(func.count()).where(local, W.origin == "inbound")) or 0
    spans = session.execute(select(W.created_at, W.first_contact_at).where(
        W.first_contact_at.is_not(None), W.created_at >= local_year_start(at))).all()
    waits = [(c - s).total_seconds() for s, c in spans]
    out["median_first_contact_seconds"] = statistics.median(waits) if waits else None
    return out


# ---- visits and the duty roster ------------------------------------------------------------------

def open_visits(session: Session, principal: Principal) -> list[dict[str, Any]]:
    """In-person visits still to be made, oldest deadline first, within the principal's desk scope."""
    scope = _desk_scope(session, principal)
    stmt = (select(VisitTask, FraudWarning, Organization.code).join(FraudWarning, FraudWarning.id == VisitTask.warning_id)
            .join(Organization, Organization.id == VisitTask.station_org_id).where(VisitTask.status == "open"))
    if scope is not None:
        stmt = stmt.where(FraudWarning.desk_org_id == scope)
    return [{"id": v.id, "warning_id": w.id, "warning_no": w.warning_no, "citizen": w.citizen, "station": code,
             "reason": v.reason, "due_at": v.due_at, "overdue": v.due_at < now()}
            for v, w, code in session.execute(stmt.order_by(VisitTask.due_at)).all()]


def complete_visit(session: Session, principal: Principal, task_id: int, dissuaded: bool, result: str,
                   at: datetime | None = None) -> None:
    """Record what the station's visit achieved: the warning ends as dissuaded, or closed otherwise."""
    principal.require(Permission.DESK_WORK)
    task = session.get(VisitTask, task_id)
    if task is None:
        raise NotFound(f"visit {task_id} not found", field="task_id")
    w = _scoped_warning(session, principal, task.warning_id)
    if task.status != "open":
        raise Conflict(f"visit {task_id} is already done", field="status")
    at = at or now()
    task.status, task.completed_at, task.result = "done", at, result
    if w.status in OPEN:
        w.status, w.closed_at = ("dissuaded" if dissuaded else "closed"), at
        w.first_contact_at = w.first_contact_at or at
    audit.record(session, principal, "visit.complete", "warning", w.id,
                 {"task": task.id, "dissuaded": dissuaded, "result": result})
    publish_after_commit(session, TOPIC, {"event": "visited", "id": w.id})


def add_shift(session: Session, principal: Principal, username: str, desk_code: str, starts_at: datetime,
              ends_at: datetime) -> DutyShift:
    """Put an officer on the duty roster of a desk (值班) for a time span."""
    principal.require(Permission.DESK_ADMIN)
    if ends_at <= starts_at:
        raise ValidationFailed("must be after the start", field="ends_at")
    user = session.scalar(select(User).where(User.username == username))
    if user is None or user.role != "intervention":
        raise ValidationFailed("not an intervention-desk officer", field="username")
    desk = org_by_code(session, desk_code)
    shift = DutyShift(user_id=user.id, desk_org_id=desk.id, starts_at=as_utc(starts_at), ends_at=as_utc(ends_at))
    session.add(shift)
    session.flush()
    audit.record(session, principal, "roster.add", "shift", shift.id,
                 {"user": username, "desk": desk_code, "from": shift.starts_at.isoformat(),
                  "to": shift.ends_at.isoformat()})
    return shift


def on_duty(session: Session, principal: Principal, at: datetime | None = None) -> list[dict[str, Any]]:
    """Who is on duty now, at which desk, until when."""
    _desk_scope(session, principal)
    at = at or now()
    stmt = (select(DutyShift, User.username, Organization.code).join(User, User.id == DutyShift.user_id)
            .join(Organization, Organization.id == DutyShift.desk_org_id)
            .where(DutyShift.starts_at <= at, DutyShift.ends_at > at).order_by(Organization.code, User.username))
    return [{"username": name, "desk": code, "until": shift.ends_at} for shift, name, code in session.execute(stmt)]
