"""Fraud gangs (诈骗团伙): who they are, the numbers they call from, the mule cards money moves through.

A gang has developers and sellers of its apps and scripts, callers on rotating numbers, card
collectors (收卡人), mules whose cards form tiers 1..T (一级卡, 二级卡 …), cash-out points, phishing
domains and servers. Numbers and tier-1 cards are burned after some uses and replaced, as in life.
Every identifier a gang ever uses is written to the ground-truth register with its role and tier.
"""

from __future__ import annotations

import itertools
import random
from dataclasses import dataclass, field

import numpy as np
import phonenumbers

from antifraud.simulation.city import City
from antifraud.simulation.config import BANK_SHARES, BANKS, FRAUD_TYPE_SHARES, FRAUD_TYPES, SimulationConfig
from antifraud.simulation.ledger import Ledger
from antifraud.simulation.texts import APP_NAMES, app_package, phishing_domain

# Where gangs sit: (base, ISO country for overseas numbers or None for a domestic base, weight).
BASES: tuple[tuple[str, str | None, float], ...] = (
    ("柬埔寨西哈努克港", "KH", 0.20), ("缅甸妙瓦底", "MM", 0.16), ("菲律宾马尼拉", "PH", 0.10),
    ("老挝金三角特区", "LA", 0.06), ("越南胡志明市", "VN", 0.04), ("马来西亚吉隆坡", "MY", 0.04),
    ("广东茂名", None, 0.10), ("广西宾阳", None, 0.06), ("福建龙岩", None, 0.07), ("湖南娄底", None, 0.06),
    ("江西余干", None, 0.06), ("海南儋州", None, 0.05),
)
TIER_WEIGHTS = (0.08, 0.27, 0.35, 0.20, 0.10)  # P(gang has 1..5 tiers)
_VIRTUAL_PREFIXES = ("1700", "1701", "1702", "1703", "1705", "1706", "1704", "1707", "1708", "1709",
                     "171", "162", "165", "167")
# Caller number mix (overseas, virtual carrier, other province, local SIM) for overseas and domestic bases.
_NUMBER_MIX = {True: (0.35, 0.30, 0.22, 0.13), False: (0.0, 0.40, 0.50, 0.10)}
ROLES = ("developer", "seller", "caller", "card_collector", "mule", "cash_out")


@dataclass
class IdentifierTruth:
    """One ground-truth row: an identifier, the gang and role it belongs to, and its tier if a card."""

    identifier: str
    kind: str  # phone, bank_card, domain, ip, app
    gang_id: str
    role: str
    tier: int | None
    member_id: str
    owner_citizen: int | None
    created_ms: int
    opening_balance_fen: int | None = None


@dataclass
class CardSlot:
    """A card in use by a gang with uses left before it is dropped."""

    account: int
    uses_left: int


@dataclass
class Gang:
    """One gang and its current working identifiers."""

    index: int
    gang_id: str
    base: str
    country: str | None
    fraud_types: tuple[str, ...]
    capacity: float
    tiers: int
    callers: list[list] = field(default_factory=list)  # [member_id, number, uses_left]
    tier_slots: list[list[CardSlot]] = field(default_factory=list)  # index 0 = tier 1
    cash_out: list[int] = field(default_factory=list)
    suppliers: list[int] = field(default_factory=list)  # cards of developers, sellers, collectors
    domains: dict[str, list[str]] = field(default_factory=dict)  # fraud type -> live domains
    domain_ip: dict[str, str] = field(default_factory=dict)
    apps: dict[str, list[str]] = field(default_factory=dict)
    members: int = 0

    def new_member_id(self) -> str:
        """Return a fresh member id inside this gang."""
        self.members += 1
        return f"{self.gang_id}-M{self.members:03d}"


class Underworld:
    """All gangs targeting the city, their identifiers, and the truth register."""

    def __init__(self, city: City, ledger: Ledger, config: SimulationConfig, rng: random.Random) -> None:
        self.city = city
        self.ledger = ledger
        self.rng = rng
        self.truth: list[IdentifierTruth] = []
        self.used: set[str] = set()
        self._mule_pool = _young_idle(city)
        self._cards = _CardSupply(city, rng)
        n = max(config.min_gangs, round(config.gangs_at_scale_1 * city.scale))
        self.gangs = [self._make_gang(i, 0) for i in range(n)]
        self._cover_every_type()
        self.by_type = {t: [g for g in self.gangs if t in g.fraud_types] for t in FRAUD_TYPES}
        self._cum = {t: list(itertools.accumulate(g.capacity for g in gangs)) for t, gangs in self.by_type.items()}

    # --- building -------------------------------------------------------------------------------------
    def _make_gang(self, i: int, now_ms: int) -> Gang:
        rng = self.rng
        base, country, _ = rng.choices(BASES, weights=[w for _, _, w in BASES])[0]
        types: list[str] = []
        for _ in range(rng.randint(1, 3)):
            t = rng.choices(FRAUD_TYPES, weights=FRAUD_TYPE_SHARES)[0]
            if t not in types:
                types.append(t)
        tiers = rng.choices(range(1, 6), weights=TIER_WEIGHTS)[0]
        gang = Gang(i, f"G{i + 1:03d}", base, country, tuple(types), rng.lognormvariate(0, 0.6), tiers)
        for role, lo, hi in (("developer", 1, 2), ("seller", 1, 2), ("card_collector", 1, 3)):
            for _ in range(rng.randint(lo, hi)):
                member = gang.new_member_id()
                self._register_phone(gang, self._number(gang), role, member, now_ms)
                gang.suppliers.append(self._new_card(gang, role, None, member, now_ms, 0))
        for _ in range(rng.randint(4, 15)):
            member = gang.new_member_id()
            gang.callers.append([member, self._new_caller_number(gang, member, now_ms), _number_life(rng)])
        sizes = [rng.randint(3, 7)] + [rng.randint(3, 9) for _ in range(gang.tiers - 1)]
        for tier, size in enumerate(sizes, start=1):
            gang.tier_slots.append([self._new_slot(gang, tier, now_ms) for _ in range(size)])
        for _ in range(rng.randint(2, 4)):
            gang.cash_out.append(self._new_card(gang, "cash_out", None, gang.new_member_id(), now_ms,
                                                rng.randrange(0, 200_000)))
        for t in types:
            gang.domains[t] = [self._new_domain(gang, t, now_ms) for _ in range(rng.randint(1, 2))]
            gang.apps[t] = [self._new_app(gang, t, now_ms) for _ in range(rng.randint(1, 2))]
        return gang

    def _cover_every_type(self) -> None:
        """Give every fraud type at least one gang."""
        for t in FRAUD_TYPES:
            if not any(t in g.fraud_types for g in self.gangs):
                gang = self.rng.choice(self.gangs)
                gang.fraud_types = gang.fraud_types + (t,)
                gang.domains[t] = [self._new_domain(gang, t, 0)]
                gang.apps[t] = [self._new_app(gang, t, 0)]

    # --- identifiers ----------------------------------------------------------------------------------
    def _number(self, gang: Gang) -> str:
        """Make a fresh number of the kind this gang's base uses."""
        kind = self.rng.choices(range(4), weights=_NUMBER_MIX[gang.country is not None])[0]
        while True:
            if kind == 0:
                number = _overseas_number(self.rng, gang.country or "KH")
            elif kind == 1:
                number = _virtual_number(self.rng)
            elif kind == 2:
                number = f"+86{int(self.city.elsewhere_numbers.issue(1)[0])}"
            else:
                number = f"+86{int(self.city.jinhua_numbers.issue(1)[0])}"
            if number not in self.used:
                self.used.add(number)
                return number

    def _register_phone(self, gang: Gang, number: str, role: str, member: str, now_ms: int) -> None:
        self.truth.append(IdentifierTruth(number, "phone", gang.gang_id, role, None, member, None, now_ms))

    def _new_caller_number(self, gang: Gang, member: str, now_ms: int) -> str:
        number = self._number(gang)
        self._register_phone(gang, number, "caller", member, now_ms)
        return number

    def _new_card(self, gang: Gang, role: str, tier: int | None, member: str, now_ms: int,
                  balance: int, owner: int | None = None) -> int:
        number = self._cards.next()
        account = self.ledger.add_one(number, balance)
        self.truth.append(IdentifierTruth(str(number), "bank_card", gang.gang_id, role, tier, member, owner,
                                          now_ms, balance))
        return account

    def _new_slot(self, gang: Gang, tier: int, now_ms: int) -> CardSlot:
        # Some mules are local young people who sold their cards (两卡); the rest come from elsewhere.
        owner = None
        if tier <= 2 and len(self._mule_pool) and self.rng.random() < 0.12:
            owner = int(self._mule_pool[self.rng.randrange(len(self._mule_pool))])
        account = self._new_card(gang, "mule", tier, gang.new_member_id(), now_ms, self.rng.randrange(0, 30_000),
                                 owner)
        uses = self.rng.randint(3, 12) if tier == 1 else self.rng.randint(30, 200)
        return CardSlot(account, uses)

    def _new_domain(self, gang: Gang, fraud_type: str, now_ms: int) -> str:
        member = gang.new_member_id()
        while True:
            domain = phishing_domain(self.rng, fraud_type)
            if domain not in self.used:
                self.used.add(domain)
                break
        ip = _server_ip(self.rng)
        gang.domain_ip[domain] = ip
        self.truth.append(IdentifierTruth(domain, "domain", gang.gang_id, "phishing_site", None, member, None,
                                          now_ms))
        self.truth.append(IdentifierTruth(ip, "ip", gang.gang_id, "server", None, member, None, now_ms))
        return domain

    def _new_app(self, gang: Gang, fraud_type: str, now_ms: int) -> str:
        name = self.rng.choice(APP_NAMES[fraud_type])
        package = app_package(self.rng)
        developer = f"{gang.gang_id}-M001"  # the first member of every gang is its developer
        self.truth.append(IdentifierTruth(name, "app", gang.gang_id, "app", None, developer, None, now_ms))
        self.truth.append(IdentifierTruth(package, "app", gang.gang_id, "app_package", None, developer, None,
                                          now_ms))
        return name

    # --- use during episodes --------------------------------------------------------------------------
    def pick_gang(self, fraud_type: str) -> Gang:
        """Pick the gang behind a new episode of ``fraud_type``, weighted by capacity."""
        return self.rng.choices(self.by_type[fraud_type], cum_weights=self._cum[fraud_type])[0]

    def caller(self, gang: Gang, now_ms: int) -> str:
        """Return a number to call from now, rotating a burned number (换号)."""
        slot = gang.callers[self.rng.randrange(len(gang.callers))]
        slot[2] -= 1
        if slot[2] <= 0:
            slot[1] = self._new_caller_number(gang, slot[0], now_ms)
            slot[2] = _number_life(self.rng)
        return slot[1]

    def tier_card(self, gang: Gang, tier: int, now_ms: int) -> int:
        """Return a card of ``tier`` (1-based) to receive money, replacing a used-up card."""
        slots = gang.tier_slots[tier - 1]
        i = self.rng.randrange(len(slots))
        slots[i].uses_left -= 1
        account = slots[i].account
        if slots[i].uses_left <= 0:
            slots[i] = self._new_slot(gang, tier, now_ms)
        return account

    def cash_out_account(self, gang: Gang) -> int:
        """Return one of the gang's cash-out accounts (取现点, 跑分 OTC dealers)."""
        return gang.cash_out[self.rng.randrange(len(gang.cash_out))]

    def domain(self, gang: Gang, fraud_type: str, now_ms: int) -> str:
        """Return a live phishing domain, sometimes moving to a new one as old ones get blocked."""
        live = gang.domains[fraud_type]
        if self.rng.random() < 0.01:
            live.append(self._new_domain(gang, fraud_type, now_ms))
            if len(live) > 3:
                live.pop(0)
        return live[self.rng.randrange(len(live))]

    def app(self, gang: Gang, fraud_type: str) -> str:
        """Return one of the gang's apps for ``fraud_type``."""
        return self.rng.choice(gang.apps[fraud_type])


class _CardSupply:
    """Cards of the seven banks for mules and cash-out points, issued in blocks for speed."""

    def __init__(self, city: City, rng: random.Random) -> None:
        self.city = city
        self.rng = rng
        self.buffer: list[int] = []

    def next(self) -> int:
        if not self.buffer:
            banks = self.rng.choices(range(len(BANKS)), weights=BANK_SHARES, k=256)
            block = self.city.cards.issue(np.array(banks), self.city.issue_rng)
            self.buffer = [int(x) for x in block[::-1]]
        return self.buffer.pop()


def _number_life(rng: random.Random) -> int:
    return 1 + int(rng.expovariate(1 / 40))


def _young_idle(city: City) -> np.ndarray:
    """Residents aged 18–25 who are students or out of work: whom card buyers approach."""
    from antifraud.simulation.people import OCC

    pick = (city.age >= 18) & (city.age <= 25) & np.isin(city.occupation, [OCC["student"], OCC["unemployed"]])
    return np.flatnonzero(pick)


def _overseas_number(rng: random.Random, region: str) -> str:
    """Make a valid mobile number of ``region`` by varying its example number's last six digits."""
    example = phonenumbers.example_number_for_type(region, phonenumbers.PhoneNumberType.MOBILE)
    base = str(example.national_number)
    for _ in range(50):
        number = base[:-6] + f"{rng.randrange(1_000_000):06d}"
        parsed = phonenumbers.parse(f"+{example.country_code}{number}")
        if phonenumbers.is_valid_number(parsed):
            return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)
    return f"+{example.country_code}{base}"


def _virtual_number(rng: random.Random) -> str:
    """Make a valid virtual-carrier (虚拟运营商) number such as 1709xxxxxxx or 165xxxxxxxx."""
    while True:
        prefix = rng.choice(_VIRTUAL_PREFIXES)
        rest = f"{rng.randrange(10 ** (11 - len(prefix))):0{11 - len(prefix)}d}"
        parsed = phonenumbers.parse(f"+86{prefix}{rest}")
        if phonenumbers.is_valid_number(parsed):
            return f"+86{prefix}{rest}"


def _server_ip(rng: random.Random) -> str:
    """Make a public IPv4 address in ranges common for offshore hosting."""
    first = rng.choice((103, 154, 156, 45, 43, 185, 194, 38))
    a, b, c = (rng.randint(1, 254) for _ in range(3))
    return f"{first}.{a}.{b}.{c}"
