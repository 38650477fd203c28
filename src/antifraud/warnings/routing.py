"""Route a warning by the citizen's home location (归属地): a local desk, or the center owning the region."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy.orm import Session

from antifraud.identifiers import IdentifierError, parse_phone
from antifraud.orgs.service import county_code, find_org, org_by_code
from antifraud.peers.service import peer_for_region
from antifraud.settings import get_settings

if TYPE_CHECKING:  # annotations only: the rows come from orgs.service
    from antifraud.orgs.models import Organization

HomeDistrict = Callable[[Session, str], str | None]
"""Where a citizen with this phone lives (a county-level division code), if anyone recorded it."""

HOME_DISTRICT_SOURCES: list[HomeDistrict] = []
"""Filled by the capabilities that learn citizens' districts (intake registers its victims' addresses),
so routing reads them without importing those capabilities (they import warnings)."""


@dataclass(frozen=True)
class DeskRoute:
    """Where a warning goes: a desk here, or a peer center's code; with the home location found."""

    desk: Organization | None
    peer: str | None
    province: str | None
    city: str | None
    division_code: str | None


def home_district(session: Session, citizen: str) -> str | None:
    """The citizen's home district from the first source that knows it."""
    for source in HOME_DISTRICT_SOURCES:
        found = source(session, citizen)
        if found:
            return found
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
        district = home_district(session, citizen)
        county = find_org(session, county_code(district)) if district else None
        return DeskRoute(county or city_desk, None, province, city, district)
    peer = peer_for_region(session, province, city)
    return DeskRoute(None if peer else city_desk, peer, province, city, None)
