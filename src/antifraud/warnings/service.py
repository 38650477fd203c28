"""Warning use cases: signals in, warnings raised and routed by home location, risk checks, figures.

The desk that works the warnings is `antifraud.desk`; the centers they are pushed to, `antifraud.peers`.
"""

from __future__ import annotations

import json
import statistics
from collections.abc import Iterable
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

from pydantic import ValidationError
from sqlalchemy import case, func, or_, select
from sqlalchemy.orm import Session

from antifraud.core import audit
from antifraud.core.auth import Permission, Principal
from antifraud.core.clock import as_utc, local_day_start, local_year_start, now, to_local
from antifraud.core.db import money_from_sum
from antifraud.core.errors import Forbidden, ValidationFailed
from antifraud.core.events import publish_after_commit
from antifraud.core.vocab import FRAUD_TYPES
from antifraud.identifiers import IdentifierError, normalize, parse_phone
from antifraud.orgs.service import org_of, usernames
from antifraud.peers import service as peers
from antifraud.warnings import indicators
from antifraud.warnings.models import FraudWarning, SignalRecord
from antifraud.warnings.routing import route_citizen
from antifraud.warnings.schemas import (
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
              "channel": sig.channel,
              # the type a partner's warning (or a carrier's text filter) names, when it is one of ours
              "fraud_type": sig.fraud_type if sig.fraud_type in FRAUD_TYPES else None}
    return {k: v for k, v in values.items() if v is not None}


def do_ingest_signals(session: Session, principal: Principal, lines: Iterable[str], source: str,
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
    created, updated = do_raise_warnings(session, score_signals(session, records, replay=replay), replay=replay)
    audit.record(session, principal, "signals.ingest", "signals", source[:64],
                 {"accepted": len(records), "duplicates": duplicates, "rejected": len(rejected),
                  "warnings_created": created, "warnings_updated": updated})
    rejected.sort(key=lambda r: r.line)
    return IngestOut(accepted=len(records), duplicates=duplicates, rejected=rejected, warnings_created=created,
                     warnings_updated=updated)


# ---- warnings ---------------------------------------------------------------------------------

def _open_warning(session: Session, citizen: str, since: datetime) -> FraudWarning | None:
    """The citizen's open warning first signalled at `since` or later.

    `since` is on the signals' clock, so it is held against the warning's first signal, not against
    `created_at` (our clock, days away from a partner's or a replayed stream's).
    """
    return session.scalar(select(FraudWarning).where(FraudWarning.citizen == citizen,
                                                     FraudWarning.status.in_((*OPEN, "pushed")),
                                                     FraudWarning.first_signal_at >= since)
                          .order_by(FraudWarning.id.desc()).limit(1))


def _warning_of(session: Session, cand: Candidate) -> FraudWarning | None:
    """The warning an update (revision > 0) belongs to, whatever its status: same citizen, same opening."""
    if cand.revision == 0:
        return None
    return session.scalar(select(FraudWarning).where(FraudWarning.citizen == cand.citizen,
                                                     FraudWarning.first_signal_at == cand.opened_at)
                          .order_by(FraudWarning.id.desc()).limit(1))


def do_raise_warnings(session: Session, candidates: list[Candidate], replay: bool = False) -> tuple[int, int]:
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
    if cand.revision > 0 and cand.fraud_type:  # the likely type is revised as the evidence grows
        warning.fraud_type = cand.fraud_type
    if URGENCY_RANK[cand.urgency] < URGENCY_RANK[warning.urgency]:
        warning.urgency = cand.urgency
    warning.reasons = sorted(set(warning.reasons) | set(cand.reasons))
    warning.updated_at = now()
    return (warning.urgency != before[1] or not set(warning.reasons) <= before[2]
            or warning.score >= before[0] + SCORE_STEP_WORTH_SENDING)


def _push_update(session: Session, warning: FraudWarning) -> None:
    """Send a pushed warning's new state to the center it was pushed to (through the outbox)."""
    if warning.pushed_to:
        peers.do_push_warning(session, warning, warning.pushed_to, update=True)


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
        origin=origin, origin_center=origin_center, pushed_to=route.peer)
    session.add(warning)
    session.flush()
    warning.warning_no = f"YJ{to_local(at):%Y%m%d}{warning.id:07d}"  # type: ignore[union-attr]
    if route.peer is not None:
        peers.do_push_warning(session, warning, route.peer)
    audit.record_anonymous(session, "system", "warning.create", "warning", warning.id,
                           {"citizen": cand.citizen, "score": round(cand.score, 3), "urgency": cand.urgency,
                            "desk": route.desk.code if route.desk else None,
                            "pushed_to": route.peer})
    publish_after_commit(session, TOPIC, {"event": "created", "id": warning.id})
    return warning


# ---- what a filed case teaches ----------------------------------------------------------------

def do_learn_case_indicators(session: Session, suspects: Iterable[tuple[str, str, dict[str, Any]]],
                             fraud_type: str, at: datetime | None = None) -> int:
    """Learn a filed case's suspect identifiers (kind, value, attrs) as indicators, in the case's
    transaction (the case's own audit entry covers it); returns how many were learned."""
    items = [(kind, indicators.indicator_value(kind, value, attrs)) for kind, value, attrs in suspects]
    return indicators.learn(session, items, fraud_type, at=at)


# ---- a warning as the desk sees it ------------------------------------------------------------

def warning_out(session: Session, w: FraudWarning) -> WarningOut:
    """The desk's view of a warning."""
    desk = org_of(session, w.desk_org_id)
    claimed = usernames(session, [w.claimed_by_id]).get(w.claimed_by_id) if w.claimed_by_id else None
    return WarningOut(id=w.id, warning_no=w.warning_no, citizen=w.citizen, province=w.province, city=w.city,
                      division_code=w.division_code, fraud_type=w.fraud_type, score=w.score, urgency=w.urgency,
                      reasons=list(w.reasons), status=w.status, desk=desk.code if desk else None, claimed_by=claimed,
                      created_at=w.created_at, first_signal_at=w.first_signal_at,
                      first_contact_at=w.first_contact_at, unreachable_count=w.unreachable_count,
                      money_protected=w.money_protected, case_id=w.case_id, origin=w.origin,
                      origin_center=w.origin_center, pushed_to=w.pushed_to)


# ---- the desk's work on a warning: state changes inside the desk's use cases, which audit them --

def desk_queue(session: Session, desk_org_id: int | None, status: str, limit: int) -> list[FraudWarning]:
    """Warnings of one desk (None: every desk) in a status ("open": any open one), newest first."""
    stmt = select(FraudWarning)
    if desk_org_id is not None:
        stmt = stmt.where(FraudWarning.desk_org_id == desk_org_id)
    if status == "open":
        stmt = stmt.where(FraudWarning.status.in_(OPEN))
    elif status != "all":
        stmt = stmt.where(FraudWarning.status == status)
    return list(session.scalars(stmt.order_by(FraudWarning.created_at.desc()).limit(limit)))


def warnings_about(session: Session, citizen: str | None, case_id: int | None = None,
                   limit: int = 50) -> list[FraudWarning]:
    """Warnings about a citizen (by phone) or that filed a case, oldest first: a case's and the desk's history."""
    conditions = [FraudWarning.citizen == citizen] if citizen else []
    if case_id is not None:
        conditions.append(FraudWarning.case_id == case_id)
    if not conditions:
        return []
    stmt = select(FraudWarning).where(or_(*conditions)).order_by(FraudWarning.created_at.desc()).limit(limit)
    return list(reversed(list(session.scalars(stmt))))


def desk_queue_page(session: Session, desk_org_id: int | None, status: str, limit: int,
                    offset: int = 0) -> tuple[list[FraudWarning], int]:
    """One page of a desk's warnings and how many there are: open ones most urgent first, then highest
    score, then oldest; any other status newest first."""
    conditions = []
    if desk_org_id is not None:
        conditions.append(FraudWarning.desk_org_id == desk_org_id)
    if status == "open":
        conditions.append(FraudWarning.status.in_(OPEN))
    elif status != "all":
        conditions.append(FraudWarning.status == status)
    total = session.scalar(select(func.count(FraudWarning.id)).where(*conditions)) or 0
    if status == "open":
        rank = case(URGENCY_RANK, value=FraudWarning.urgency, else_=len(URGENCY_RANK))
        order = (rank, FraudWarning.score.desc(), FraudWarning.created_at, FraudWarning.id)
    else:
        order = (FraudWarning.created_at.desc(), FraudWarning.id.desc())
    stmt = select(FraudWarning).where(*conditions).order_by(*order).limit(max(1, limit)).offset(max(0, offset))
    return list(session.scalars(stmt)), int(total)


def find_warning(session: Session, warning_id: int) -> FraudWarning | None:
    """The warning with this id, or None."""
    return session.get(FraudWarning, warning_id)


def warnings_by_id(session: Session, warning_ids: Iterable[int]) -> dict[int, FraudWarning]:
    """These warnings, by id (one query)."""
    wanted = set(warning_ids)
    if not wanted:
        return {}
    return {w.id: w for w in session.scalars(select(FraudWarning).where(FraudWarning.id.in_(wanted)))}


def do_claim_warning(warning: FraudWarning, user_id: int, at: datetime) -> None:
    """An officer takes the warning to work it (a new warning becomes claimed)."""
    warning.claimed_by_id, warning.claimed_at = user_id, warning.claimed_at or at
    if warning.status == "new":
        warning.status = "claimed"
    warning.updated_at = at


def do_note_contact(warning: FraudWarning, result: str, at: datetime, money_protected: Decimal | None) -> None:
    """What one call to the citizen changed: first contact, reached, one more unreachable, dissuaded."""
    if result != "unreachable":
        warning.first_contact_at = warning.first_contact_at or at
    if result == "reached":
        warning.status = "reached"
    elif result == "unreachable":
        warning.unreachable_count += 1
        warning.status = "unreachable"
    elif result == "dissuaded":
        warning.status, warning.closed_at, warning.money_protected = "dissuaded", at, money_protected
    warning.updated_at = at


def do_mark_escalated(warning: FraudWarning) -> None:
    """A station was sent to visit the citizen (紧急劝阻)."""
    warning.status = "escalated"


def do_mark_paid(warning: FraudWarning, case_id: int, at: datetime) -> None:
    """The citizen had already paid: the warning ends with the case filed for it."""
    warning.status, warning.case_id, warning.closed_at = "paid", case_id, at


def do_close_warning(warning: FraudWarning, at: datetime) -> None:
    """The warning needs nothing more."""
    warning.status, warning.closed_at, warning.updated_at = "closed", at, at


def do_end_after_visit(warning: FraudWarning, dissuaded: bool, at: datetime) -> None:
    """A station's visit ended an open warning: dissuaded, or closed otherwise (the visit was a contact)."""
    if warning.status in OPEN:
        warning.status, warning.closed_at = ("dissuaded" if dissuaded else "closed"), at
        warning.first_contact_at = warning.first_contact_at or at


# ---- risk checks ------------------------------------------------------------------------------

def check_risk(session: Session, who: str, kind: str, value: str) -> RiskOut:
    """Is this number / card / URL / ID linked to fraud? Audited, for citizens, banks and carriers."""
    try:
        key = indicators.normalise_for_risk(kind, value)
    except IdentifierError as exc:
        raise ValidationFailed(exc.reason, field="value" if exc.field != "kind" else "kind", code=exc.code,
                               params=exc.params) from None
    row = indicators.find(session, kind, key)
    audit.record_anonymous(session, who, "risk.check", "indicator", f"{kind}:{key}"[:64],
                           {"linked": row is not None})
    return _risk_out(kind, key, row)


def risk_of(session: Session, kind: str, value: str) -> RiskOut | None:
    """How strongly an identifier in a warning is linked to fraud, for the police working it; None if unreadable."""
    try:
        key = indicators.normalise_for_risk(kind, value)
    except IdentifierError:
        return None
    return _risk_out(kind, key, indicators.find(session, kind, key))


def _risk_out(kind: str, key: str, row: Any) -> RiskOut:
    if row is None:
        return RiskOut(kind=kind, value=key, linked=False, confidence=0.0, cases=0, first_seen=None, last_seen=None,
                       expires_at=None, fraud_types=[])
    return RiskOut(kind=kind, value=key, linked=True, confidence=round(row.confidence, 3), cases=row.cases,
                   first_seen=row.first_seen, last_seen=row.last_seen, expires_at=row.expires_at,
                   fraud_types=list(row.fraud_types))


# ---- from other centers -----------------------------------------------------------------------

def do_accept_inbound_warning(session: Session, origin: str, item: InboundWarningIn) -> tuple[WarningOut | None, bool]:
    """A peer's warning about one of our citizens; the same key twice is taken once. Returns (warning, new).

    A message with `updates` carries the new state of a warning the peer pushed before (higher score
    or urgency, more reasons): it strengthens our copy while that is still open, and otherwise (our
    desk already closed it, or the first message never came) becomes a warning of its own.
    """
    if item.origin_center != origin:
        raise Forbidden("origin_center does not match the signed-in peer")
    seen, seen_id = peers.inbound_warning_id(session, origin, item.key)
    if seen:
        w = session.get(FraudWarning, seen_id) if seen_id else None
        return (warning_out(session, w) if w else None), False
    try:
        citizen = parse_phone(item.citizen, field="citizen").e164
    except IdentifierError as exc:
        raise ValidationFailed(exc.reason, field="citizen") from None
    opened = as_utc(item.first_signal_at)
    cand = Candidate(citizen=citizen, time=opened, score=item.score, fraud_type=item.fraud_type,
                     urgency=item.urgency, reasons=list(item.reasons), signal_ids=[], opened_at=opened)
    first, first_id = peers.inbound_warning_id(session, origin, item.updates) if item.updates else (False, None)
    current = session.get(FraudWarning, first_id) if first_id else None
    if current is not None and current.status in OPEN and current.citizen == citizen:
        _strengthen(current, cand)
        peers.do_record_inbound(session, origin, item.key, current.id)
        audit.record_anonymous(session, f"peer:{origin}", "warning.update", "warning", current.id,
                               {"key": item.key, "score": round(current.score, 3), "urgency": current.urgency})
        publish_after_commit(session, TOPIC, {"event": "updated", "id": current.id})
        return warning_out(session, current), False
    w = _new_warning(session, cand, origin="inbound", origin_center=origin)
    peers.do_record_inbound(session, origin, item.key, w.id)
    if item.updates and not first:  # the first message, should it still come, adds nothing
        peers.do_record_inbound(session, origin, item.updates, w.id)
    return warning_out(session, w), True


# ---- what a warning's signals name -----------------------------------------------------------

SIGNAL_IDENTIFIER_KIND = {"call": "phone", "sms": "phone", "transfer": "bank_card"}


def money_moving(session: Session, warning_id: int) -> dict[tuple[str, str], Decimal]:
    """The money the citizen's transfers in a warning's signals sent to each payee card, by (kind, card)."""
    moving: dict[tuple[str, str], Decimal] = {}
    for rec in session.scalars(select(SignalRecord).where(SignalRecord.warning_id == warning_id,
                                                          SignalRecord.kind == "transfer")):
        if rec.amount is None or not rec.counterpart or (rec.extra or {}).get("direction") == "in":
            continue
        try:
            key = ("bank_card", normalize("bank_card", rec.counterpart).value)
        except IdentifierError:
            continue
        moving[key] = moving.get(key, Decimal(0)) + rec.amount
    return moving


def suspect_identifiers(session: Session, warning_id: int) -> list[tuple[str, str]]:
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



# ---- figures ----------------------------------------------------------------------------------

def warning_figures_between(session: Session, start: datetime, end: datetime | None = None) -> dict[str, Any]:
    """Warnings raised in [start, end) (from ``start`` on without ``end``): local ones, reached, dissuaded,
    money protected, pushed out and in."""
    W = FraudWarning
    span = (W.created_at >= start,) if end is None else (W.created_at >= start, W.created_at < end)
    return {
        "warnings": session.scalar(select(func.count()).where(*span, W.origin == "local")) or 0,
        "reached": session.scalar(select(func.count()).where(*span, W.first_contact_at.is_not(None))) or 0,
        "dissuaded": session.scalar(select(func.count()).where(*span, W.status == "dissuaded")) or 0,
        "protected": money_from_sum(session.scalar(select(func.sum(W.money_protected)).where(*span))),
        "pushed_out": session.scalar(select(func.count()).where(*span, W.pushed_to.is_not(None))) or 0,
        "pushed_in": session.scalar(select(func.count()).where(*span, W.origin == "inbound")) or 0,
    }


def warning_figures(session: Session, at: datetime | None = None) -> dict[str, Any]:
    """Warnings today and this year, reached, dissuaded, money protected, time to first contact, pushes."""
    at = at or now()
    out: dict[str, Any] = {}
    W = FraudWarning
    for label, since in (("today", local_day_start(at)), ("year", local_year_start(at))):
        out.update({f"{name}_{label}": value for name, value in warning_figures_between(session, since).items()})
    spans = session.execute(select(W.created_at, W.first_contact_at).where(
        W.first_contact_at.is_not(None), W.created_at >= local_year_start(at))).all()
    waits = [(c - s).total_seconds() for s, c in spans]
    out["median_first_contact_seconds"] = statistics.median(waits) if waits else None
    return out


def newest_dissuasions(session: Session, limit: int = 10) -> list[dict[str, Any]]:
    """The newest warnings ended dissuaded, for the big screen's ticker: number, type, county, money, time."""
    W = FraudWarning
    rows = session.execute(select(W.id, W.warning_no, W.fraud_type, W.division_code, W.money_protected,
                                  W.updated_at).where(W.status == "dissuaded")
                           .order_by(W.updated_at.desc(), W.id.desc()).limit(limit)).all()
    return [{"id": i, "warning_no": no, "fraud_type": ft, "district": d, "protected": money, "at": at}
            for i, no, ft, d, money, at in rows]


def dissuasions_by_day(session: Session, start: datetime, end: datetime) -> dict[str, int]:
    """Warnings raised in ``[start, end)`` that ended dissuaded, by local day (ISO date)."""
    W = FraudWarning
    out: dict[str, int] = {}
    for (created,) in session.execute(select(W.created_at).where(W.status == "dissuaded", W.created_at >= start,
                                                                 W.created_at < end)):
        day = to_local(created).date().isoformat()  # type: ignore[union-attr]
        out[day] = out.get(day, 0) + 1
    return out


def queue_figures(session: Session, at: datetime | None = None) -> dict[str, Any]:
    """The desk's open warnings: how many, unclaimed, urgent, and the oldest's wait in seconds."""
    at = at or now()
    W = FraudWarning
    is_open = W.status.in_(OPEN)
    oldest = session.scalar(select(func.min(W.created_at)).where(is_open))
    return {"open": session.scalar(select(func.count()).where(is_open)) or 0,
            "unclaimed": session.scalar(select(func.count()).where(W.status == "new")) or 0,
            "urgent": session.scalar(select(func.count()).where(is_open, W.urgency == "urgent")) or 0,
            "oldest_wait_seconds": (at - as_utc(oldest)).total_seconds() if oldest else None}
