"""The organisations every installation starts with: Jinhua's three-level police, banks, carriers."""

from __future__ import annotations

from dataclasses import dataclass

from antifraud.core.vocab import BANKS, CARRIERS, DELIVERY_PLATFORMS, GATEWAYS
from antifraud.identifiers.divisions import JINHUA_DIVISIONS


@dataclass(frozen=True)
class OrgSeed:
    """One organisation to create on `db upgrade`."""

    code: str
    kind: str
    level: str
    name_zh: str
    name_en: str
    parent_code: str | None = None
    division_code: str | None = None



# Police stations per county-level division: the bureau's own central station plus two more.
STATIONS_PER_COUNTY = 3


def county_code(division_code: str) -> str:
    """Organisation code of a county/district public-security bureau."""
    return f"JH-{division_code}"


def station_code(division_code: str, number: int) -> str:
    """Organisation code of a police station under a county bureau."""
    return f"JH-{division_code}-{number:02d}"


def seed_organizations() -> list[OrgSeed]:
    """Every organisation to seed, parents before children."""
    orgs = [OrgSeed("JH", "police", "city", "金华市公安局反诈中心",
                    "Jinhua Anti-Fraud Center", None, "330700")]
    for div in JINHUA_DIVISIONS:
        orgs.append(OrgSeed(county_code(div.code), "police", "county", f"{div.name_zh}公安分局",
                            f"{div.name_en} Public Security Bureau", "JH", div.code))
    for div in JINHUA_DIVISIONS:
        for n in range(1, STATIONS_PER_COUNTY + 1):
            orgs.append(OrgSeed(station_code(div.code, n), "police", "station",
                                f"{div.name_zh}第{n}派出所", f"{div.name_en} Police Station {n}",
                                county_code(div.code), div.code))
    orgs += [OrgSeed(b.code, "bank", "partner", b.name_zh, b.name_en) for b in BANKS]
    orgs += [OrgSeed(c.code, "carrier", "partner", c.name_zh, c.name_en) for c in CARRIERS]
    orgs += [OrgSeed(p.code, "delivery", "partner", p.name_zh, p.name_en) for p in DELIVERY_PLATFORMS]
    orgs += [OrgSeed(g.code, "gateway", "partner", g.name_zh, g.name_en) for g in GATEWAYS]
    return orgs
