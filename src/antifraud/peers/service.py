"""Peer centers: other cities' anti-fraud centers we push warnings to and accept warnings from.

Pushed warnings go through the core outbox (topic `peer_warning`), in the warning's own
transaction; inbound message keys are kept so the same key twice is taken once.
"""

from __future__ import annotations

from datetime import datetime
from typing import Protocol

from sqlalchemy import select
from sqlalchemy.orm import Session

from antifraud.core import audit, outbox
from antifraud.core.auth import SYSTEM, Permission, Principal, token_digest
from antifraud.core.clock import now
from antifraud.core.errors import NotAuthenticated, ValidationFailed
from antifraud.peers.models import InboundMessage, PeerCenter
from antifraud.settings import get_settings

TOPIC = "peer_warning"
PEER_PATH = "/api/v1/peer/warnings"


class PushedWarning(Protocol):
    """What a peer is told of a warning about one of its citizens."""

    warning_no: str
    citizen: str
    fraud_type: str
    score: float
    urgency: str
    reasons: list[str]
    first_signal_at: datetime


def do_save_peer(session: Session, code: str, name: str, base_url: str, regions: list[str], outbound_token: str,
              inbound_token: str, actor: Principal = SYSTEM) -> PeerCenter:
    """Add or update a peer center; `regions` are "省" or "省/市" as phonenumbers names them (e.g. "浙江/杭州")."""
    actor.require(Permission.DESK_ADMIN)
    if not base_url.startswith(("http://", "https://")):
        raise ValidationFailed("must start with http:// or https://", field="base_url")
    if len(inbound_token) < 16 or len(outbound_token) < 16:
        raise ValidationFailed("tokens need at least 16 characters", field="token")
    peer = session.scalar(select(PeerCenter).where(PeerCenter.code == code))
    if peer is None:
        peer = PeerCenter(code=code, name=name, base_url=base_url, regions=regions, outbound_token=outbound_token,
                          inbound_digest=token_digest(inbound_token), active=True)
        session.add(peer)
    else:
        peer.name, peer.base_url, peer.regions = name, base_url, regions
        peer.outbound_token, peer.inbound_digest, peer.active = outbound_token, token_digest(inbound_token), True
    session.flush()
    audit.record(session, actor, "peer.save", "peer", peer.code, {"url": base_url, "regions": regions})
    return peer


def peer_for_token(session: Session, token: str) -> PeerCenter:
    """The peer center presenting this token, or NotAuthenticated."""
    peer = session.scalar(select(PeerCenter).where(PeerCenter.inbound_digest == token_digest(token),
                                                   PeerCenter.active.is_(True)))
    if peer is None:
        raise NotAuthenticated("unknown peer center token")
    return peer


def peer_for_region(session: Session, province: str | None, city: str | None) -> str | None:
    """The code of the active peer center owning "province/city", else the whole province."""
    if not province:
        return None
    peers = list(session.scalars(select(PeerCenter).where(PeerCenter.active.is_(True))))
    for wanted in (f"{province}/{city}", province):
        for peer in peers:
            if wanted in peer.regions:
                return peer.code
    return None


def do_push_warning(session: Session, warning: PushedWarning, peer_code: str, update: bool = False) -> bool:
    """Queue a warning for the center owning the citizen's region, in the warning's own transaction.

    A step of raising or strengthening a warning (`warnings.service.do_raise_warnings`), which audits it.

    `update`: the warning was pushed before and has grown stronger; the message carries its new
    state under a key of its own and names the first message's key in `updates`. Returns False when
    no such peer center is known.
    """
    if session.scalar(select(PeerCenter.id).where(PeerCenter.code == peer_code)) is None:
        return False
    settings = get_settings()
    first_key = f"{settings.city_code}:{warning.warning_no}"
    key = f"{first_key}~{outbox.count_keys(session, first_key)}" if update else first_key
    payload = {"key": key, "origin_center": settings.city_code, "citizen": warning.citizen,
               "fraud_type": warning.fraud_type, "score": round(warning.score, 4), "urgency": warning.urgency,
               "reasons": list(warning.reasons), "first_signal_at": warning.first_signal_at.isoformat()}
    if update:
        payload["updates"] = first_key
    outbox.enqueue(session, key, TOPIC, peer_code, payload)
    return True


def _peer_endpoint(session: Session, code: str) -> outbox.Endpoint | str:
    """Where a peer center takes pushed warnings."""
    peer = session.scalar(select(PeerCenter).where(PeerCenter.code == code))
    if peer is None or not peer.active:
        return f"no active peer center '{code}'"
    return outbox.Endpoint(peer.base_url.rstrip("/") + PEER_PATH, peer.outbound_token)


outbox.register_channel(TOPIC, _peer_endpoint)


def inbound_warning_id(session: Session, origin: str, key: str) -> tuple[bool, int | None]:
    """Whether a peer's message key was taken before, and the warning it went to."""
    seen = session.scalar(select(InboundMessage).where(InboundMessage.origin == origin, InboundMessage.key == key))
    return (False, None) if seen is None else (True, seen.warning_id)


def do_record_inbound(session: Session, origin: str, key: str, warning_id: int) -> None:
    """Remember a peer's message key so the same key again is a no-op.

    A step of `warnings.service.do_accept_inbound_warning`, in its transaction.
    """
    session.add(InboundMessage(origin=origin, key=key, received_at=now(), warning_id=warning_id))
