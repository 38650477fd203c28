"""Route a warning by the citizen's home location (归属地): a local desk, or the center owning the region."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from antifraud.cases.service import known_district
from antifraud.identifiers import IdentifierError, parse_phone
from antifraud.orgs.models import Organization
from antifraud.orgs.service import county_code, find_org, org_by_code
from antifraud.settings import get_settings
from antifraud.warnings.models import PeerCenter


@dataclass(frozen=True)
class DeskRoute:
    """Where a warning goes: a desk here, or a peer center; with the home location found."""

    desk: Organization | None
    peer: PeerCenter | None
    province: str | None
    city: str | None
    division_code: str | None


def peer_for(session: Session, province: str | None, city: str | None) -> PeerCenter | None:
    """The active peer center owning "province/city", else the whole province."""
    if not province:
        return None
    peers = list(session.scalars(select(PeerCenter).where(PeerCenter.active.is_(True))))
    for wanted in (f"{province}/{city}", province):
        for peer in peers:
            if wanted in peer.regions:
                return peer
    return None


def route_citizen(session: Session, citizen: str) -> DeskRoute:
    """Home city numbers go to their county's desk when the county is known, else to the city desk;
    other regions' numbers to the peer center that owns them (or the city desk when none does)."""
    settings = get_settings()
    try:
        info = parse_phone(citizen, field="citizen")
        province, city = info.province, info.city
    except IdentifierError:
        province = city = None
    city_desk = org_by_code(session, settings.city_code)
    if province == settings.home_province and city == settings.home_city:
        district = known_district(session, citizen)
        county = find_org(session, county_code(district)) if district else None
        return DeskRoute(county or city_desk, None, province, city, district)
    peer = peer_for(session, province, city)
    return DeskRoute(None if peer else city_desk, peer, province, city, None)
