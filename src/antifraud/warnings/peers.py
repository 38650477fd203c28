"""Peer centers: other cities' anti-fraud centers we push warnings to and accept warnings from."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from antifraud.core import audit
from antifraud.core.auth import SYSTEM, Permission, Principal, token_digest
from antifraud.core.errors import NotAuthenticated, ValidationFailed
from antifraud.warnings.models import PeerCenter


def save_peer(session: Session, code: str, name: str, base_url: str, regions: list[str], outbound_token: str,
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
