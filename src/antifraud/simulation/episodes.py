"""Fraud episodes: a gang contacts a citizen, who ignores it, is dissuaded (劝阻), or is defrauded.

A defrauded victim pays one or more tier-1 cards; each payment is split and moved on through the
gang's tiers within minutes (阶梯状分散) and ends at cash-out points. A share of victims report after
a delay. Every event goes into the day bucket of its time, possibly days ahead of the episode's start.
"""

from __future__ import annotations

import bisect
import itertools
import math
import random
from dataclasses import dataclass, field

import numpy as np

from antifraud.simulation.city import City
from antifraud.simulation.config import (
    DEFAULT_OLDER_WEIGHTS,
    FRAUD_TYPE_SHARES,
    FRAUD_TYPES,
    LOSS_MAX_YUAN,
    LOSS_MIN_YUAN,
    LOSS_SIGMA,
    MEDIAN_LOSS_BY_TYPE,
    OLDER_BANDS,
    OLDER_WEIGHTS_BY_TYPE,
    SimulationConfig,
    young_share_by_type,
)
from antifraud.simulation.events import CHANNELS, DISSUASION_NUMBER, FraudBuckets
from antifraud.simulation.gangs import Gang, Underworld
from antifraud.simulation.hotspots import PlantedHotspot
from antifraud.simulation.ledger import Ledger
from antifraud.simulation.rng import stream_rng
from antifraud.simulation.texts import FRAUD_SMS, fill

MINUTE = 60_000
HOUR = 60 * MINUTE
DAY = 24 * HOUR
CH = {c: i for i, c in enumerate(CHANNELS)}
# Hours when fraud contacts happen (weights by hour of day).
FRAUD_HOURS = (0.2, 0.1, 0.05, 0.05, 0.05, 0.1, 0.3, 0.8, 1.5, 2.5, 3.0, 3.0, 2.5, 2.5, 3.0, 3.0,
               2.8, 2.5, 2.5, 3.0, 3.2, 3.0, 2.0, 0.8)
_HOUR_CUM = list(itertools.accumulate(FRAUD_HOURS))


@dataclass(frozen=True)
class Profile:
    """How one fraud type unfolds."""

    contact: str  # "sms", "call" or "either"
    calls: tuple[int, int]  # further calls from the gang (inclusive range)
    call_minutes: float  # median length of an engaged call
    domain: bool
    app: bool
    transfers: tuple[int, int]
    span_hours: tuple[float, float]
    counter_share: float = 0.0  # older victims of some types pay at a bank counter


PROFILES: dict[str, Profile] = {
    "brushing_rebate": Profile("either", (0, 2), 6, True, True, (2, 6), (1, 8)),
    "fake_investment": Profile("either", (1, 5), 25, False, True, (2, 8), (24, 720)),
    "fake_loan": Profile("sms", (1, 2), 8, False, True, (1, 4), (1, 48)),
    "fake_customer_service": Profile("call", (1, 3), 40, False, True, (1, 4), (0.5, 4)),
    "impersonate_authority": Profile("call", (2, 6), 70, True, False, (1, 5), (2, 72), 0.3),
    "fake_credit": Profile("call", (1, 2), 30, False, True, (1, 3), (1, 6)),
    "fake_shopping": Profile("sms", (0, 1), 4, True, False, (1, 2), (0.5, 24)),
    "impersonate_acquaintance": Profile("either", (1, 2), 3, False, False, (1, 2), (0.2, 3)),
    "game_trading": Profile("sms", (0, 1), 5, True, False, (1, 3), (0.5, 24)),
    "romance": Profile("sms", (2, 6), 30, False, True, (3, 10), (168, 1000)),
    "trojan": Profile("sms", (0, 0), 1, True, True, (1, 2), (0.05, 1)),
    "other": Profile("call", (1, 2), 10, False, False, (1, 3), (1, 24)),
}
VICTIM_CHANNELS = (0.62, 0.12, 0.16, 0.0, 0.05, 0.05)
MULE_CHANNELS = (0.60, 0.25, 0.15, 0.0, 0.0, 0.0)
CASH_OUT_CHANNELS = (0.35, 0.10, 0.25, 0.15, 0.15, 0.0)
_CHANNEL_IDS = range(len(CHANNELS))
_MULE_CUM = list(itertools.accumulate(MULE_CHANNELS))
_CASH_OUT_CUM = list(itertools.accumulate(CASH_OUT_CHANNELS))


def _pick(rng: random.Random, cum: list[float]) -> int:
    """Draw an index from cumulative weights."""
    return bisect.bisect_right(cum, rng.random() * cum[-1])
# Detection chance of each fraud event by the warning model.
DETECT = {"call": 0.30, "sms": 0.25, "visit": 0.45, "app": 0.40, "transfer": 0.20}


@dataclass
class Episode:
    """One engaged target: contact, warning, dissuasion or loss, report."""

    index: int
    episode_id: str
    citizen: int
    gang: Gang
    fraud_type: str
    outcome: str  # dissuaded or defrauded
    intervention: str  # none, dissuaded, failed
    start_ms: int
    warning_ms: int | None = None
    loss_fen: int = 0
    victim_transfers: list[list] = field(default_factory=list)
    phones: list[str] = field(default_factory=list)
    urls: list[str] = field(default_factory=list)
    apps: list[str] = field(default_factory=list)
    cash_out_fen: int = 0
    report_ms: int | None = None
    report_id: str | None = None
    last_ms: int = 0


@dataclass(frozen=True)
class Contact:
    """A contact that went nowhere (target ignored it): kept for ground truth."""

    episode_id: str
    citizen: int
    gang_id: str
    fraud_type: str
    time_ms: int


class FraudEngine:
    """Generates fraud episodes day by day into ``FraudBuckets``."""

    def __init__(self, city: City, ledger: Ledger, underworld: Underworld, config: SimulationConfig,
                 seed: int, buckets: FraudBuckets, institution_accounts: np.ndarray) -> None:
        self.city, self.ledger, self.world, self.config = city, ledger, underworld, config
        self.seed, self.buckets = seed, buckets
        self.institutions = institution_accounts
        self.episodes: list[Episode] = []
        self.contacts: list[Contact] = []
        self._engaged: set[int] = set()
        self._young = young_share_by_type(config)
        self._groups = _AgeDeliveryIndex(city)
        per_day = config.engaged_per_year * city.scale / 365.0
        self.engaged_per_day = per_day
        self.ignored_per_day = per_day * config.ignored_per_engaged
        self._count = 0
        self.hotspots: list[PlantedHotspot] = []  # set by the simulation for its window
        self._gangs: dict[str, Gang] = {}  # the gang working each planted spot

    # --- per day ------------------------------------------------------------------------------------------
    def run_day(self, day: int) -> None:
        """Start the day's episodes and pay the gangs' suppliers."""
        counts = stream_rng(self.seed, "fraud", day)
        rng = random.Random(int(counts.integers(1 << 62)))
        day_ms = self.buckets.start_ms + day * DAY
        for _ in range(int(counts.poisson(self.engaged_per_day))):
            self._engaged_episode(rng, day_ms + _time_of_day(rng))
        if day >= 0:  # contacts that went nowhere leave no trace worth warming up
            for _ in range(int(counts.poisson(self.ignored_per_day))):
                self._ignored_contact(rng, day_ms + _time_of_day(rng))
        self._pay_suppliers(rng, day_ms)
        self._hotspot_day(day, day_ms)

    def _hotspot_day(self, day: int, day_ms: int) -> None:
        """The planted gangs' extra targets of the day, each a resident of its spot (own random stream)."""
        for k, spot in enumerate(self.hotspots):
            if not spot.active(day):
                continue
            counts = stream_rng(self.seed, "hotspot", k, day)
            rng = random.Random(int(counts.integers(1 << 62)))
            if spot.hotspot_id not in self._gangs:
                self._gangs[spot.hotspot_id] = self.world.pick_gang(spot.fraud_type)
            gang = self._gangs[spot.hotspot_id]
            for _ in range(int(counts.poisson(spot.engaged_per_day))):
                citizen = self._spot_victim(rng, spot)
                if citizen is None:
                    continue
                ep = self._engaged_episode(rng, day_ms + _time_of_day(rng), spot.fraud_type, gang, citizen)
                if ep is not None:
                    spot.episodes.append(ep.episode_id)

    def spot_gang(self, hotspot_id: str) -> Gang | None:
        """The gang working a planted hot spot, once it has started."""
        return self._gangs.get(hotspot_id)

    def _spot_victim(self, rng: random.Random, spot: PlantedHotspot) -> int | None:
        for _ in range(20):
            citizen = int(spot.residents[rng.randrange(len(spot.residents))])
            if citizen not in self._engaged:
                self._engaged.add(citizen)
                return citizen
        return None

    def _next_id(self) -> tuple[int, str]:
        self._count += 1
        return self._count, f"E{self._count:08d}"

    # --- choosing who -------------------------------------------------------------------------------------
    def _fraud_type(self, rng: random.Random) -> str:
        return rng.choices(FRAUD_TYPES, cum_weights=_TYPE_CUM)[0]

    def _victim(self, rng: random.Random, fraud_type: str) -> int:
        """Pick a target who fits the victim profile: mostly 18–30, many delivery customers."""
        for _ in range(20):
            if rng.random() < self._young[fraud_type]:
                lo, hi = 18, 30
            else:
                weights = OLDER_WEIGHTS_BY_TYPE.get(fraud_type, DEFAULT_OLDER_WEIGHTS)
                lo, hi = rng.choices(OLDER_BANDS, weights=weights)[0]
            citizen = self._groups.draw(rng, lo, hi, rng.random() < self.config.victim_delivery_share)
            if citizen is not None and citizen not in self._engaged:
                self._engaged.add(citizen)
                return citizen
        return rng.randrange(self.city.size)

    # --- engaged episodes ---------------------------------------------------------------------------------
    def _engaged_episode(self, rng: random.Random, t0: int, fraud_type: str | None = None, gang: Gang | None = None,
                         citizen: int | None = None) -> Episode | None:
        """One citizen engaged by a gang; None when a planted campaign warned the citizen off beforehand."""
        fraud_type = fraud_type or self._fraud_type(rng)
        gang = gang or self.world.pick_gang(fraud_type)
        citizen = self._victim(rng, fraud_type) if citizen is None else citizen
        if self.config.campaigns and self._warned_off(rng, citizen, fraud_type, t0):
            _, episode_id = self._next_id()
            self.contacts.append(Contact(episode_id, citizen, gang.gang_id, fraud_type, t0))
            return None
        warned = rng.random() < self.config.warning_coverage
        dissuaded = warned and rng.random() < self.config.dissuasion_success
        index, episode_id = self._next_id()
        ep = Episode(index, episode_id, citizen, gang, fraud_type,
                     "dissuaded" if dissuaded else "defrauded",
                     "dissuaded" if dissuaded else ("failed" if warned else "none"), t0)
        self.episodes.append(ep)
        profile = PROFILES[fraud_type]
        phone = f"+86{int(self.city.phone[citizen])}"
        span = rng.uniform(*profile.span_hours) * HOUR
        pay_times = sorted(t0 + 10 * MINUTE + int(rng.uniform(0, span)) for _ in range(_between(rng, profile.transfers)))
        first_pay = pay_times[0]
        self._contact(rng, ep, profile, phone, t0)
        stop = first_pay
        if warned:  # the warning fires between the first contact and the first payment
            ep.warning_ms = t0 + int(rng.uniform(2 * MINUTE, max(3 * MINUTE, first_pay - t0 - 5 * MINUTE)))
            stop = self._warn(rng, ep, phone)
        for t in sorted(t0 + int(rng.uniform(5 * MINUTE, span)) for _ in range(_between(rng, profile.calls))):
            if dissuaded and t >= stop:
                break  # a dissuaded citizen stops answering the gang
            self._call(rng, ep, phone, t, minutes=profile.call_minutes)
        if dissuaded:
            return ep
        self._pay(rng, ep, profile, pay_times)
        self._maybe_report(rng, ep)
        return ep

    def _warned_off(self, rng: random.Random, citizen: int, fraud_type: str, t: int) -> bool:
        """Whether a planted campaign's lesson makes this target hang up (its true effect, drawn once)."""
        day = (t - self.buckets.start_ms) // DAY
        district = self.city.division_codes[int(self.city.division[citizen])]
        age = int(self.city.age[citizen])
        for c in self.config.campaigns:
            if (c.fraud_type == fraud_type and c.district == district and c.age_low <= age <= c.age_high
                    and day >= c.start_day):
                return rng.random() >= c.effect
        return False

    def _contact(self, rng: random.Random, ep: Episode, profile: Profile, phone: str, t: int) -> None:
        """First contact: a text with a link, or a call; then the site and the app."""
        use_sms = profile.contact == "sms" or (profile.contact == "either" and rng.random() < 0.6)
        url = None
        if profile.domain or (use_sms and rng.random() < 0.8 and ep.fraud_type != "impersonate_acquaintance"):
            domain = self.world.domain(ep.gang, ep.fraud_type, t)
            url = f"https://{domain}/{_path(rng)}"
            ep.urls.append(url)
        if use_sms:
            sender = self.world.caller(ep.gang, t)
            templates = FRAUD_SMS[ep.fraud_type]
            text = fill(rng.choice(templates), url=url or "", code=rng.randrange(100, 9999))
            self._add_phone(ep, sender)
            self.buckets.at(t).sms.append((t, sender, phone, text, ep.episode_id, ep.gang.gang_id, "contact"))
            self._detect(rng, "sms", "fraud_sms", ep.episode_id, ep.gang.gang_id, phone, sender, t + 1000)
        else:
            self._call(rng, ep, phone, t, minutes=PROFILES[ep.fraud_type].call_minutes)
        t_visit = t + int(rng.uniform(1, 20) * MINUTE)
        if url:
            domain = url.split("/")[2]
            ip = ep.gang.domain_ip.get(domain)
            self.buckets.at(t_visit).visits.append(
                (t_visit, phone, domain, "domain", ip, ep.episode_id, ep.gang.gang_id, "contact"))
            self._detect(rng, "visit", "phishing_visit", ep.episode_id, ep.gang.gang_id, phone, domain, t_visit + 500)
        if profile.app:
            app = self.world.app(ep.gang, ep.fraud_type)
            ep.apps.append(app)
            t_app = t_visit + int(rng.uniform(1, 15) * MINUTE)
            self.buckets.at(t_app).visits.append(
                (t_app, phone, app, "app", None, ep.episode_id, ep.gang.gang_id, "contact"))
            self._detect(rng, "app", "app_install", ep.episode_id, ep.gang.gang_id, phone, app, t_app + 500)
        ep.last_ms = max(ep.last_ms, t_visit)

    def _call(self, rng: random.Random, ep: Episode, phone: str, t: int, minutes: float) -> None:
        caller = self.world.caller(ep.gang, t)
        self._add_phone(ep, caller)
        duration = int(min(4 * 3600, max(30, rng.lognormvariate(math.log(minutes * 60), 0.5))))
        self.buckets.at(t).calls.append((t, caller, phone, duration, ep.episode_id, ep.gang.gang_id, "contact"))
        self._detect(rng, "call", "fraud_call", ep.episode_id, ep.gang.gang_id, phone, caller, t + 1000)
        ep.last_ms = max(ep.last_ms, t + duration * 1000)

    def _warn(self, rng: random.Random, ep: Episode, phone: str) -> int:
        """A warning fires; the intervention desk calls the citizen from 96110 (劝阻); return the call time."""
        t = ep.warning_ms or ep.start_ms
        if ep.urls:
            kind, counterpart = "phishing_visit", ep.urls[0].split("/")[2]
        else:
            kind, counterpart = "fraud_call", ep.phones[0]
        score = rng.betavariate(8, 2)
        self.buckets.at(t).signals.append((t, kind, phone, counterpart, score, ep.episode_id, ep.gang.gang_id,
                                           "warning"))
        t_call = t + int(rng.lognormvariate(math.log(6), 0.6) * MINUTE)
        duration = int(rng.uniform(90, 900))
        self.buckets.at(t_call).calls.append(
            (t_call, DISSUASION_NUMBER, phone, duration, ep.episode_id, ep.gang.gang_id, "dissuasion"))
        ep.last_ms = max(ep.last_ms, t_call + duration * 1000)
        return t_call

    def _detect(self, rng: random.Random, what: str, kind: str, episode_id: str, gang_id: str, phone: str,
                counterpart: str, t: int) -> None:
        """Emit a signal when the warning model catches a fraud event."""
        if rng.random() >= DETECT[what]:
            return
        score = rng.betavariate(5, 2)
        self.buckets.at(t).signals.append((t, kind, phone, counterpart, score, episode_id, gang_id, "detection"))

    def _add_phone(self, ep: Episode, number: str) -> None:
        if number not in ep.phones:
            ep.phones.append(number)

    # --- money --------------------------------------------------------------------------------------------
    def _pay(self, rng: random.Random, ep: Episode, profile: Profile, times: list[int]) -> None:
        """The victim pays in escalating amounts; each payment is dispersed through the tiers."""
        median = MEDIAN_LOSS_BY_TYPE[FRAUD_TYPES.index(ep.fraud_type)]
        loss_yuan = min(LOSS_MAX_YUAN, max(LOSS_MIN_YUAN, rng.lognormvariate(math.log(median), LOSS_SIGMA)))
        weights = [1.6**k * rng.uniform(0.7, 1.3) for k in range(len(times))]
        parts = _split_exact(round(loss_yuan * 100), weights)
        victim_account = ep.citizen  # residents' accounts are the first ids of the ledger
        older = self.city.age[ep.citizen] >= 50
        channels = list(VICTIM_CHANNELS)
        if older and profile.counter_share:
            channels[CH["counter"]] += profile.counter_share
        phone = f"+86{int(self.city.phone[ep.citizen])}"
        for t, amount in zip(times, parts, strict=True):
            if amount <= 0:
                continue
            # Victims move savings in first (理财赎回, 借贷), so the paying card can cover the payment.
            t_top = t - int(rng.uniform(2, 30) * MINUTE)
            source = int(self.institutions[rng.randrange(len(self.institutions))])
            self._transfer(t_top, source, victim_account, amount, CH["mobile_banking"], ep, "top_up", None)
            tier1 = self.world.tier_card(ep.gang, 1, t)
            channel = rng.choices(_CHANNEL_IDS, weights=channels)[0]
            rec = self._transfer(t, victim_account, tier1, amount, channel, ep, "victim_payment", 1)
            ep.victim_transfers.append(rec)
            ep.loss_fen += amount
            self._detect(rng, "transfer", "suspicious_transfer", ep.episode_id, ep.gang.gang_id, phone,
                         self.ledger.number(tier1), t + 2000)
            self._disperse(rng, ep, tier1, amount, t, 1)

    def _disperse(self, rng: random.Random, ep: Episode, account: int, amount: int, t: int, tier: int) -> None:
        """Split and move money on tier by tier within minutes (阶梯状分散), then cash it out."""
        gang = ep.gang
        stack = [(account, amount, t, tier)]
        while stack:
            acc, amt, t, tier = stack.pop()
            if tier >= gang.tiers:
                t2 = t + int(rng.lognormvariate(_LOG15, 0.7) * MINUTE) + 1000
                channel = _pick(rng, _CASH_OUT_CUM)
                self._transfer(t2, acc, self.world.cash_out_account(gang), amt, channel, ep, "cash_out", None)
                ep.cash_out_fen += amt
                ep.last_ms = max(ep.last_ms, t2)
                continue
            k = _fanout(rng, tier, amt)
            for part in _split_exact(amt, [rng.gammavariate(3.0, 1.0) for _ in range(k)]):
                if part <= 0:
                    continue
                nxt = self.world.tier_card(gang, tier + 1, t)
                t2 = t + int(rng.lognormvariate(_LOG4, 0.6) * MINUTE) + 1000
                channel = _pick(rng, _MULE_CUM)
                self._transfer(t2, acc, nxt, part, channel, ep, "dispersal", tier + 1)
                stack.append((nxt, part, t2, tier + 1))

    def _transfer(self, t: int, src: int, dst: int, amount: int, channel: int, ep: Episode, role: str,
                  tier: int | None) -> list:
        rec = [t, src, dst, amount, channel, ep.episode_id, ep.gang.gang_id, role, tier, None]
        self.buckets.at(t).transfers.append(rec)
        ep.last_ms = max(ep.last_ms, t)
        return rec

    def _pay_suppliers(self, rng: random.Random, day_ms: int) -> None:
        """Now and then a gang pays its developers, sellers and card collectors from a cash-out account."""
        for gang in self.world.gangs:
            if rng.random() >= 1 / 30:
                continue
            source = self.world.cash_out_account(gang)
            available = int(self.ledger.balance[source])
            amount = int(available * rng.uniform(0.01, 0.05))
            if amount < 10_000:
                continue
            t = day_ms + _time_of_day(rng)
            target = rng.choice(gang.suppliers)
            self.buckets.at(t).transfers.append(
                [t, source, target, amount, CH["third_party"], None, gang.gang_id, "supplier_payment", None, None])

    # --- reports and ignored contacts ---------------------------------------------------------------------
    def _maybe_report(self, rng: random.Random, ep: Episode) -> None:
        if ep.loss_fen <= 0 or rng.random() >= self.config.report_share:
            return
        last_pay = max(rec[0] for rec in ep.victim_transfers)
        delay = min(24 * 45, max(0.3, rng.lognormvariate(math.log(10), 1.3))) * HOUR
        ep.report_ms = last_pay + int(delay)
        self.buckets.at(ep.report_ms).reports.append((ep.report_ms, ep))

    def _ignored_contact(self, rng: random.Random, t: int) -> None:
        """A call or text from a gang that the citizen ignores or hangs up on."""
        fraud_type = self._fraud_type(rng)
        gang = self.world.pick_gang(fraud_type)
        citizen = rng.randrange(self.city.size)
        phone = f"+86{int(self.city.phone[citizen])}"
        _, episode_id = self._next_id()
        self.contacts.append(Contact(episode_id, citizen, gang.gang_id, fraud_type, t))
        number = self.world.caller(gang, t)
        if rng.random() < 0.55:
            duration = 0 if rng.random() < 0.5 else rng.randint(3, 45)
            self.buckets.at(t).calls.append((t, number, phone, duration, episode_id, gang.gang_id, "contact"))
            kind, what = "fraud_call", "call"
        else:
            templates = FRAUD_SMS[fraud_type]
            url = f"https://{self.world.domain(gang, fraud_type, t)}/{_path(rng)}"
            text = fill(rng.choice(templates), url=url, code=rng.randrange(100, 9999))
            self.buckets.at(t).sms.append((t, number, phone, text, episode_id, gang.gang_id, "contact"))
            kind, what = "fraud_sms", "sms"
        self._detect(rng, what, kind, episode_id, gang.gang_id, phone, number, t + 1000)


_TYPE_CUM = list(itertools.accumulate(FRAUD_TYPE_SHARES))
_LOG4, _LOG15 = math.log(4), math.log(15)


class _AgeDeliveryIndex:
    """Residents sorted by age within delivery-habit groups, to draw a resident of an age band fast."""

    def __init__(self, city: City) -> None:
        self.groups = []
        for flag in (False, True):
            idx = np.flatnonzero(city.delivery == flag)
            order = np.argsort(city.age[idx], kind="stable")
            ages = city.age[idx][order]
            starts = np.searchsorted(ages, np.arange(202), side="left").tolist()
            self.groups.append((idx[order], starts))

    def draw(self, rng: random.Random, lo: int, hi: int, delivery: bool) -> int | None:
        idx, starts = self.groups[int(delivery)]
        a, b = starts[lo], starts[hi + 1]
        if b <= a:
            return None
        return int(idx[rng.randrange(a, b)])


def _time_of_day(rng: random.Random) -> int:
    hour = bisect.bisect_right(_HOUR_CUM, rng.random() * _HOUR_CUM[-1])
    return min(hour, 23) * HOUR + rng.randrange(HOUR)


def _between(rng: random.Random, bounds: tuple[int, int]) -> int:
    return rng.randint(bounds[0], bounds[1])


def _fanout(rng: random.Random, tier: int, amount: int) -> int:
    """How many next-tier cards one incoming sum is split across."""
    if amount < 50_000:
        return 1
    if tier == 1:
        return rng.randint(2, 5)
    return 2 if rng.random() < 0.3 and amount >= 200_000 else 1


def _split_exact(total: int, weights: list[float]) -> list[int]:
    """Split an integer amount by weights so the parts add up exactly, in whole yuan where possible."""
    scale = total / sum(weights)
    parts = [int(w * scale) // 100 * 100 for w in weights]
    parts[-1] += total - sum(parts)
    return parts


def _path(rng: random.Random) -> str:
    pages = ("login", "task", "app/download", "kf", "verify", "index.html", "reg", "h5/#/home")
    return f"{rng.choice(pages)}?c={rng.randrange(1000, 99999)}"
