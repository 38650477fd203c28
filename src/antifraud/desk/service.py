"""The 24/7 intervention desk (人工干预): the queue, calls to the citizen, escalation under the emergency
plan (紧急劝阻工作预案) to a station's visit, and the duty roster (值班表)."""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from antifraud.cases import service as cases
from antifraud.cases.schemas import CaseIn
from antifraud.core import audit
from antifraud.core.auth import Permission, Principal
from antifraud.core.clock import as_utc, now
from antifraud.core.errors import Conflict, Forbidden, NotFound, ValidationFailed
from antifraud.core.events import publish_after_commit
from antifraud.desk.models import ContactAttempt, DutyShift, VisitTask
from antifraud.desk.schemas import (
    AttemptIn,
    CaseRef,
    CitizenContextOut,
    CounterpartOut,
    EarlierWarning,
)
from antifraud.orgs.service import (
    county_code,
    desk_org_id,
    find_org,
    find_user,
    org_by_code,
    org_codes,
    org_of,
    usernames,
)
from antifraud.settings import get_settings
from antifraud.warnings import service as warnings
from antifraud.warnings.schemas import WarningOut

if TYPE_CHECKING:  # annotations only: the rows come from warnings.service
    from antifraud.warnings.models import FraudWarning

ESCALATE_AFTER_UNREACHABLE = 3
VISIT_SLA = timedelta(minutes=30)


# ---- the queue and the calls --------------------------------------------------------------------

def _desk_scope(session: Session, principal: Principal) -> int | None:
    """The desk a principal is confined to; None means the whole city (the city center's staff)."""
    if not (principal.can(Permission.DESK_WORK) or principal.can(Permission.DESK_READ)):
        raise Forbidden(f"role '{principal.role}' has no access to warnings")
    if principal.org_code == get_settings().city_code:
        return None
    return desk_org_id(session, principal.org_id)


def list_warnings(session: Session, principal: Principal, status: str = "open", limit: int = 300) -> list[WarningOut]:
    """The desk's queue: most urgent first, then highest score, then oldest."""
    scope = _desk_scope(session, principal)
    rows = warnings.desk_queue(session, scope, status, limit * 4 if status == "open" else limit)
    if status == "open":
        rows.sort(key=lambda w: (warnings.URGENCY_RANK.get(w.urgency, 3), -w.score, w.created_at))
    return [warnings.warning_out(session, w) for w in rows[:limit]]


def page_warnings(session: Session, principal: Principal, status: str = "open", limit: int = 50,
                  offset: int = 0) -> tuple[list[WarningOut], int]:
    """One page of the desk's warnings in queue order (open: most urgent first), and how many in all."""
    scope = _desk_scope(session, principal)
    rows, total = warnings.desk_queue_page(session, scope, status, limit, offset)
    return [warnings.warning_out(session, w) for w in rows], total


def _scoped_warning(session: Session, principal: Principal, warning_id: int) -> FraudWarning:
    scope = _desk_scope(session, principal)
    w = warnings.find_warning(session, warning_id)
    if w is None or (scope is not None and w.desk_org_id != scope):
        raise NotFound(f"warning {warning_id} not found", field="warning_id")
    return w


def get_warning(session: Session, principal: Principal, warning_id: int) -> WarningOut:
    """One warning within the principal's desk scope."""
    return warnings.warning_out(session, _scoped_warning(session, principal, warning_id))


def citizen_context(session: Session, principal: Principal, warning_id: int) -> CitizenContextOut:
    """The warned citizen's name and home when known, their earlier cases and warnings, and each counterpart of
    the warning with its risk, its linked cases and the money moving to it (police only: the desk's scope)."""
    w = _scoped_warning(session, principal, warning_id)
    reads_cases = principal.can(Permission.CASE_READ)
    moving = warnings.money_moving(session, w.id)
    counterparts = []
    for kind, value in warnings.suspect_identifiers(session, w.id):
        risk = warnings.risk_of(session, kind, value)
        linked = cases.cases_with_identifier(session, principal, kind, value) if reads_cases else []
        counterparts.append(CounterpartOut(
            kind=kind, value=value, amount=moving.get((kind, value)), linked=bool(risk and risk.linked),
            confidence=risk.confidence if risk else 0.0, fraud_types=risk.fraud_types if risk else [],
            cases=[CaseRef(id=i, case_no=no) for i, no in linked]))
    earlier = [EarlierWarning(id=x.id, warning_no=x.warning_no, created_at=x.created_at, fraud_type=x.fraud_type,
                              status=x.status) for x in warnings.warnings_about(session, w.citizen) if x.id != w.id]
    return CitizenContextOut(
        citizen=w.citizen, name=cases.known_victim_name(session, w.citizen), province=w.province, city=w.city,
        district_code=w.division_code or cases.known_district(session, w.citizen),
        earlier_cases=cases.cases_of_citizen(session, principal, w.citizen) if reads_cases else [],
        earlier_warnings=earlier, counterparts=counterparts, money_moving=sum(moving.values(), Decimal(0)))


def do_claim(session: Session, principal: Principal, warning_id: int, at: datetime | None = None) -> WarningOut:
    """Take a warning to work it; nobody else works it meanwhile."""
    principal.require(Permission.DESK_WORK)
    w = _scoped_warning(session, principal, warning_id)
    if w.status not in warnings.OPEN:
        raise Conflict(f"warning {w.warning_no} is {w.status}", field="status", code="warning.not_open")
    if w.claimed_by_id not in (None, principal.user_id):
        raise Conflict(f"warning {w.warning_no} is being worked by someone else", field="claimed_by",
                       code="warning.claimed_by_other")
    warnings.do_claim_warning(w, principal.user_id, at or now())
    audit.record(session, principal, "warning.claim", "warning", w.id)
    publish_after_commit(session, warnings.TOPIC, {"event": "claimed", "id": w.id})
    return warnings.warning_out(session, w)


def do_record_attempt(session: Session, principal: Principal, warning_id: int, attempt: AttemptIn,
                   at: datetime | None = None) -> WarningOut:
    """Record one call: reached, unreachable (escalates after N or when urgent), dissuaded, or already paid
    (which files a case and dispatches its requests)."""
    principal.require(Permission.DESK_WORK)
    w = _scoped_warning(session, principal, warning_id)
    if w.status not in warnings.OPEN:
        raise Conflict(f"warning {w.warning_no} is {w.status}", field="status", code="warning.not_open")
    if w.claimed_by_id != principal.user_id:
        do_claim(session, principal, warning_id, at=at)
    at = at or now()
    session.add(ContactAttempt(warning_id=w.id, at=at, user_id=principal.user_id or None, result=attempt.result,
                               note=attempt.note, money_protected=attempt.money_protected))
    warnings.do_note_contact(w, attempt.result, at, attempt.money_protected)
    if attempt.result == "unreachable":
        if w.unreachable_count >= ESCALATE_AFTER_UNREACHABLE or w.urgency == "urgent":
            _escalate(session, principal, w, "unreachable")
    elif attempt.result not in ("reached", "dissuaded"):
        _already_paid(session, principal, w, attempt)
    audit.record(session, principal, "warning.attempt", "warning", w.id,
                 {"result": attempt.result, "note": attempt.note,
                  "money_protected": None if attempt.money_protected is None else str(attempt.money_protected)})
    publish_after_commit(session, warnings.TOPIC, {"event": attempt.result, "id": w.id})
    return warnings.warning_out(session, w)


def _already_paid(session: Session, principal: Principal, w: FraudWarning, attempt: AttemptIn) -> None:
    """The citizen has paid already: file the report now, with the citizen's name and the receiving cards and
    amounts the desk recorded, so stop-payment and blocking go out at once."""
    receiving = [{"kind": r.kind, "value": r.value, "amount": r.amount} for r in attempt.receiving]
    identifiers = receiving + [{"kind": kind, "value": value}  # the receiving ones first: they carry the amounts
                               for kind, value in warnings.suspect_identifiers(session, w.id)]
    name = attempt.victim_name or cases.known_victim_name(session, w.citizen) or cases.UNKNOWN_VICTIM
    paid = sum((r.amount for r in attempt.receiving if r.amount is not None), Decimal(0))
    data = CaseIn.model_validate({
        "victim": {"name": name, "phone": w.citizen},
        "fraud_type": w.fraud_type if w.fraud_type != "none" else "other",
        "loss_amount": attempt.loss_amount if attempt.loss_amount is not None else paid,
        "occurred_at": w.first_signal_at,
        "narrative": f"预警 {w.warning_no} 劝阻时受害人称已转账。{attempt.note}", "identifiers": identifiers})
    try:
        case = cases.do_create_case(session, principal, data, source="desk")
    except ValidationFailed as exc:  # name the desk's own field for a receiving card it could not read
        errors = [(f.replace("identifiers.", "receiving.", 1) if f and _is_receiving(f, len(receiving)) else f, m)
                  for f, m in exc.errors]
        raise ValidationFailed(errors[0][1], field=errors[0][0], errors=errors) from exc
    warnings.do_mark_paid(w, case.id, now())


def _is_receiving(field: str, count: int) -> bool:
    parts = field.split(".")
    return len(parts) > 1 and parts[0] == "identifiers" and parts[1].isdigit() and int(parts[1]) < count


def _escalate(session: Session, principal: Principal, w: FraudWarning, reason: str) -> VisitTask:
    """Emergency plan: a station near the citizen visits in person, with its own deadline."""
    station = None
    if w.division_code:
        station = find_org(session, f"{county_code(w.division_code)}-01")
    if station is None:
        desk = org_of(session, w.desk_org_id)
        station = desk or org_by_code(session, get_settings().city_code)
    task = VisitTask(warning_id=w.id, station_org_id=station.id, reason=reason, created_at=now(),
                     due_at=now() + VISIT_SLA, status="open")
    session.add(task)
    warnings.do_mark_escalated(w)
    audit.record(session, principal, "warning.escalate", "warning", w.id, {"station": station.code, "reason": reason})
    return task


def do_close(session: Session, principal: Principal, warning_id: int, note: str,
          at: datetime | None = None) -> WarningOut:
    """End a warning that needs nothing more (the citizen was reached and is not being defrauded)."""
    principal.require(Permission.DESK_WORK)
    if not note.strip():
        raise ValidationFailed("say why the warning is closed", field="note", code="warning.close_reason")
    w = _scoped_warning(session, principal, warning_id)
    if w.status not in warnings.OPEN:
        raise Conflict(f"warning {w.warning_no} is {w.status}", field="status", code="warning.not_open")
    warnings.do_close_warning(w, at or now())
    audit.record(session, principal, "warning.close", "warning", w.id, {"note": note.strip()})
    publish_after_commit(session, warnings.TOPIC, {"event": "closed", "id": w.id})
    return warnings.warning_out(session, w)


def do_escalate(session: Session, principal: Principal, warning_id: int) -> WarningOut:
    """Escalate a warning by hand under the emergency plan (紧急劝阻工作预案)."""
    principal.require(Permission.DESK_WORK)
    w = _scoped_warning(session, principal, warning_id)
    if w.status not in warnings.OPEN:
        raise Conflict(f"warning {w.warning_no} is {w.status}", field="status", code="warning.not_open")
    _escalate(session, principal, w, "manual")
    publish_after_commit(session, warnings.TOPIC, {"event": "escalated", "id": w.id})
    return warnings.warning_out(session, w)


def visit_tasks(session: Session, principal: Principal, warning_id: int) -> list[VisitTask]:
    """The in-person visits ordered for a warning."""
    w = _scoped_warning(session, principal, warning_id)
    return list(session.scalars(select(VisitTask).where(VisitTask.warning_id == w.id).order_by(VisitTask.id)))


def attempts(session: Session, principal: Principal, warning_id: int) -> list[ContactAttempt]:
    """The calls made on a warning, oldest first."""
    w = _scoped_warning(session, principal, warning_id)
    return list(session.scalars(select(ContactAttempt).where(ContactAttempt.warning_id == w.id)
                                .order_by(ContactAttempt.id)))


# ---- visits and the duty roster ----------------------------------------------------------------

def open_visits(session: Session, principal: Principal) -> list[dict[str, Any]]:
    """In-person visits still to be made, oldest deadline first, within the principal's desk scope."""
    scope = _desk_scope(session, principal)
    tasks = list(session.scalars(select(VisitTask).where(VisitTask.status == "open").order_by(VisitTask.due_at)))
    found = warnings.warnings_by_id(session, (v.warning_id for v in tasks))
    codes = org_codes(session, (v.station_org_id for v in tasks))
    rows = [(v, found[v.warning_id], codes[v.station_org_id]) for v in tasks
            if v.warning_id in found and v.station_org_id in codes]
    return [{"id": v.id, "warning_id": w.id, "warning_no": w.warning_no, "citizen": w.citizen, "station": code,
             "reason": v.reason, "due_at": v.due_at, "overdue": v.due_at < now()}
            for v, w, code in rows if scope is None or w.desk_org_id == scope]


def do_complete_visit(session: Session, principal: Principal, task_id: int, dissuaded: bool, result: str,
                   at: datetime | None = None) -> None:
    """Record what the station's visit achieved: the warning ends as dissuaded, or closed otherwise."""
    principal.require(Permission.DESK_WORK)
    task = session.get(VisitTask, task_id)
    if task is None:
        raise NotFound(f"visit {task_id} not found", field="task_id")
    w = _scoped_warning(session, principal, task.warning_id)
    if task.status != "open":
        raise Conflict(f"visit {task_id} is already done", field="status", code="visit.already_done")
    at = at or now()
    task.status, task.completed_at, task.result = "done", at, result
    warnings.do_end_after_visit(w, dissuaded, at)
    audit.record(session, principal, "visit.complete", "warning", w.id,
                 {"task": task.id, "dissuaded": dissuaded, "result": result})
    publish_after_commit(session, warnings.TOPIC, {"event": "visited", "id": w.id})


def do_add_shift(session: Session, principal: Principal, username: str, desk_code: str, starts_at: datetime,
              ends_at: datetime) -> DutyShift:
    """Put an officer on the duty roster of a desk (值班) for a time span."""
    principal.require(Permission.DESK_ADMIN)
    if ends_at <= starts_at:
        raise ValidationFailed("must be after the start", field="ends_at", code="roster.ends_before_start")
    user = find_user(session, username)
    if user is None or user.role != "intervention":
        raise ValidationFailed("not an intervention-desk officer", field="username", code="roster.not_desk_officer")
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
    shifts = list(session.scalars(select(DutyShift).where(DutyShift.starts_at <= at, DutyShift.ends_at > at)))
    names = usernames(session, (s.user_id for s in shifts))
    codes = org_codes(session, (s.desk_org_id for s in shifts))
    rows = sorted((codes[s.desk_org_id], names[s.user_id], s.ends_at) for s in shifts
                  if s.user_id in names and s.desk_org_id in codes)
    return [{"username": name, "desk": code, "until": until} for code, name, until in rows]
