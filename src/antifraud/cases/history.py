"""A case's history (案件日志) and its timeline: what happened to one case, in time order."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from antifraud.cases.schemas import TimelineEntry
from antifraud.cases.service import get_case, scoped_case
from antifraud.core import audit
from antifraud.core.auth import Principal
from antifraud.dispatch.schemas import RequestOut
from antifraud.warnings import service as warnings

# audit action of a case → timeline event; the report itself comes from the case row (its report time)
_EVENTS = {"case.status": "status", "case.assign": "assign", "case.correct": "correct",
           "case.add_identifier": "identifier", "case.note": "note", "case.attach": "attachment",
           "case.trace": "trace", "case.stop_reached": "stop_reached"}


def case_history(session: Session, principal: Principal, case_id: int) -> list[audit.AuditEntry]:
    """The audit entries of a case, oldest first; NotFound when the principal may not see the case."""
    get_case(session, principal, case_id)  # the same role and county scope as the case itself
    return audit.entries_for(session, "case", case_id)


def _text(value: Any) -> str:
    return "" if value is None else str(value)


def _request_steps(req: RequestOut) -> list[TimelineEntry]:
    """A partner request's steps: sent, acknowledged, and completed or refused."""
    base = {"kind": req.kind, "account": req.account, "target": req.target_org,
            "amount": _text(req.requested_amount), "tier": _text(req.tier)}
    steps = [TimelineEntry(at=req.created_at, event="request_sent", actor=req.target_org, params=base)]
    if req.acknowledged_at is not None and req.acknowledged_at != req.completed_at:
        steps.append(TimelineEntry(at=req.acknowledged_at, event="request_acknowledged", actor=req.target_org,
                                   params=base))
    if req.completed_at is not None:
        event = "request_refused" if req.outcome == "refused" else "request_completed"
        steps.append(TimelineEntry(at=req.completed_at, event=event, actor=req.target_org,
                                   params=base | {"outcome": _text(req.outcome), "stopped": _text(req.amount),
                                                  "balance": _text(req.balance), "note": req.note}))
    return steps


def case_timeline(session: Session, principal: Principal, case_id: int) -> list[TimelineEntry]:
    """Everything that happened to a case, oldest first: the report, partners' steps on every request,
    traces, warnings about the victim, notes, attachments, identifiers added, corrections (old and new value),
    status and assignment."""
    case = scoped_case(session, principal, case_id)
    out = get_case(session, principal, case_id)
    trail = audit.entries_for(session, "case", case_id)
    filed = next((e.details or {} for e in trail if e.action == "case.create"), {})  # as filed, before corrections
    entries = [TimelineEntry(at=case.reported_at, event="report", params={
        "case_no": case.case_no, "fraud_type": _text(filed.get("fraud_type", out.fraud_type)),
        "loss": _text(filed.get("loss", out.loss_amount)),
        "identifiers": _text(filed.get("identifiers", len(out.identifiers))), "source": case.source})]
    for entry in trail:
        event = _EVENTS.get(entry.action)
        if event is None:
            continue
        params = {k: _text(v) for k, v in (entry.details or {}).items()}
        entries.append(TimelineEntry(at=entry.at, event=event, actor=entry.actor_username, params=params))
    for req in out.requests:
        entries.extend(_request_steps(req))
    for w in warnings.warnings_about(session, case.victim_phone, case.id):
        entries.append(TimelineEntry(at=w.created_at, event="warning", params={
            "warning_no": w.warning_no, "fraud_type": w.fraud_type, "score": f"{w.score:.2f}",
            "status": w.status}))
    order = {e: i for i, e in enumerate(("report", "identifier", "request_sent"))}
    entries.sort(key=lambda e: (e.at, order.get(e.event, 9)))
    return entries
