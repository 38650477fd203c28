"""Ordinary life in the city, one day at a time and fully vectorised: the haystack fraud hides in.

Residents buy from merchants, send money to each other, get paid, move savings; they call and text
each other (couriers call their delivery customers), receive bank and verification texts, and open
sites and apps. A warning model also raises signals on innocent citizens (false positives).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from antifraud.simulation.city import City
from antifraud.simulation.config import SimulationConfig
from antifraud.simulation.events import CHANNELS, SIGNAL_KINDS
from antifraud.simulation.lookalikes import Lookalikes
from antifraud.simulation.numbering import prefixes_in
from antifraud.simulation.people import OCC
from antifraud.simulation.rng import stream_rng
from antifraud.simulation.texts import DELIVERY_TARGETS, LEGIT_TARGETS, ORDINARY_SMS, PERSONAL_SMS

HOUR_MS = 3_600_000
DAY_MS = 24 * HOUR_MS
# Activity by hour of day (people's transfers and calls).
DIURNAL = np.array([0.3, 0.15, 0.1, 0.08, 0.1, 0.25, 0.8, 2.0, 4.0, 5.5, 6.0, 6.0, 5.5, 5.5, 6.0, 6.0,
                    5.8, 5.5, 5.0, 5.0, 4.8, 4.0, 2.5, 1.0])
DIURNAL_CUM = np.cumsum(DIURNAL) / DIURNAL.sum()

# Transfer kinds: (share, median yuan, sigma, channel weights over CHANNELS).
PURCHASE, P2P, SALARY, SAVE, REDEEM = range(5)
TRANSFER_KINDS = (
    (0.55, 80.0, 1.2, (0.08, 0.0, 0.62, 0.30, 0.0, 0.0)),
    (0.25, 600.0, 1.3, (0.50, 0.05, 0.38, 0.0, 0.04, 0.03)),
    (0.12, 5500.0, 0.4, (0.05, 0.95, 0.0, 0.0, 0.0, 0.0)),
    (0.04, 5000.0, 1.0, (0.90, 0.10, 0.0, 0.0, 0.0, 0.0)),
    (0.04, 4000.0, 1.0, (0.90, 0.10, 0.0, 0.0, 0.0, 0.0)),
)
_CHANNEL_CUM = np.cumsum(np.array([k[3] for k in TRANSFER_KINDS]), axis=1)


@dataclass
class BackgroundDay:
    """One day of background events as columns (times in epoch ms, phones as national numbers)."""

    transfers: dict[str, np.ndarray]
    calls: dict[str, np.ndarray]
    sms: pa.Table
    visits: pa.Table
    signals: pa.Table
    extra_calls: pa.Table | None = None  # calls between string numbers (overseas, virtual): look-alikes


class Background:
    """Draws ordinary activity for a day from the city's columns."""

    def __init__(self, city: City, config: SimulationConfig, seed: int, start_ms: int,
                 merchant_base: int, institution_base: int, institution_count: int) -> None:
        self.city, self.config, self.seed, self.start_ms = city, config, seed, start_ms
        self.merchant_base, self.institution_base = merchant_base, institution_base
        self.institution_count = institution_count
        scale = city.scale
        self.per_day = {name: getattr(config, f"{name}_per_year") * scale / 365.0
                        for name in ("transfers", "calls", "sms", "visits")}
        self.per_day["signals"] = config.false_signals_per_year * scale / 365.0
        self.couriers = np.flatnonzero(city.occupation == OCC["courier"])
        self.delivery_users = np.flatnonzero(city.delivery)
        outside = [p.prefix for p in prefixes_in("other_city") + prefixes_in("elsewhere")]
        self.outside_prefixes = np.array([int(p) for p in outside], dtype=np.int64)
        weights = np.array([w for _, _, w in LEGIT_TARGETS])
        self.target_cum = np.cumsum(weights) / weights.sum()
        self.targets = pa.array([t for t, _, _ in LEGIT_TARGETS] + list(DELIVERY_TARGETS))
        self.target_kinds = pa.array([k for _, k, _ in LEGIT_TARGETS] + ["app"] * len(DELIVERY_TARGETS))
        self.target_ips = pa.array([_legit_ip(i) if k == "domain" else None
                                    for i, (_, k, _) in enumerate(LEGIT_TARGETS)] + [None] * len(DELIVERY_TARGETS))
        self.sms_senders = pa.array([s for s, _, _, _ in ORDINARY_SMS])
        self.sms_before = pa.array([b for _, b, _, _ in ORDINARY_SMS])
        self.sms_after = pa.array([a for _, _, _, a in ORDINARY_SMS])
        self.sms_var = np.array([v for _, _, v, _ in ORDINARY_SMS])
        self.personal = pa.array(list(PERSONAL_SMS))
        self.lookalikes = (Lookalikes(city, seed, merchant_base, institution_base, institution_count,
                                     config.lookalike_rate) if config.lookalikes else None)

    def day(self, d: int) -> BackgroundDay:
        """Return day ``d``'s background events (unsorted)."""
        day_ms = self.start_ms + d * DAY_MS
        weekend = ((day_ms // DAY_MS) + 4) % 7 in (5, 6)  # 1970-01-01 was a Thursday (UTC days)

        def count(stream: str, factor: float = 1.0) -> int:
            return int(stream_rng(self.seed, f"bg-count-{stream}", d).poisson(self.per_day[stream] * factor))

        day = BackgroundDay(
            transfers=self._transfers(stream_rng(self.seed, "bg-transfers", d), count("transfers"), day_ms),
            calls=self._calls(stream_rng(self.seed, "bg-calls", d), count("calls", 0.85 if weekend else 1.05),
                              day_ms),
            sms=self._sms(stream_rng(self.seed, "bg-sms", d), count("sms"), day_ms),
            visits=self._visits(stream_rng(self.seed, "bg-visits", d), count("visits", 1.1 if weekend else 1.0),
                                day_ms),
            signals=self._signals(stream_rng(self.seed, "bg-signals", d), count("signals"), day_ms),
        )
        if self.lookalikes is not None:
            extra = self.lookalikes.day(d, day_ms, self._times)
            day.transfers = {k: np.concatenate([v, extra.transfers[k]]) for k, v in day.transfers.items()}
            day.sms = pa.concat_tables([day.sms, extra.sms.cast(day.sms.schema)])
            day.visits = pa.concat_tables([day.visits, extra.visits.cast(day.visits.schema)])
            day.extra_calls = extra.calls
        return day

    def _times(self, rng: np.random.Generator, n: int, day_ms: int) -> np.ndarray:
        hour = np.searchsorted(DIURNAL_CUM, rng.random(n), side="right")
        return day_ms + hour * HOUR_MS + rng.integers(0, HOUR_MS, size=n)

    def _transfers(self, rng: np.random.Generator, n: int, day_ms: int) -> dict[str, np.ndarray]:
        city = self.city
        shares = np.cumsum([k[0] for k in TRANSFER_KINDS])
        kind = np.searchsorted(shares / shares[-1], rng.random(n), side="right")
        citizen = rng.integers(0, city.size, size=n)
        other = rng.integers(0, city.size, size=n)
        merchant = self.merchant_base + rng.integers(0, city.merchant_count, size=n)
        inst = self.institution_base + rng.integers(0, self.institution_count, size=n)
        src = np.select([kind == PURCHASE, kind == P2P, kind == SALARY, kind == SAVE],
                        [citizen, citizen, merchant, citizen], inst)
        dst = np.select([kind == PURCHASE, kind == P2P, kind == SALARY, kind == SAVE],
                        [merchant, np.where(other == citizen, (other + 1) % city.size, other), citizen, inst], citizen)
        median = np.array([k[1] for k in TRANSFER_KINDS])[kind]
        sigma = np.array([k[2] for k in TRANSFER_KINDS])[kind]
        amount = np.maximum(100, np.round(rng.lognormal(np.log(median * 100), sigma))).astype(np.int64)
        cum = _CHANNEL_CUM[kind]
        channel = (rng.random(n)[:, None] > cum / cum[:, -1:]).sum(axis=1).clip(0, len(CHANNELS) - 1)
        return {"time": self._times(rng, n, day_ms), "src": src.astype(np.int64), "dst": dst.astype(np.int64),
                "amount": amount, "channel": channel.astype(np.int8)}

    def _calls(self, rng: np.random.Generator, n: int, day_ms: int) -> dict[str, np.ndarray]:
        city = self.city
        caller = city.phone[rng.integers(0, city.size, size=n)]
        callee = city.phone[rng.integers(0, city.size, size=n)]
        # Couriers ring the doorbell by phone: delivery customers get their calls.
        courier = rng.random(n) < (0.12 if len(self.couriers) and len(self.delivery_users) else 0.0)
        k = int(courier.sum())
        if k:
            caller[courier] = city.phone[self.couriers[rng.integers(0, len(self.couriers), size=k)]]
            callee[courier] = city.phone[self.delivery_users[rng.integers(0, len(self.delivery_users), size=k)]]
        # Family and clients from other cities call in.
        outside = rng.random(n) < 0.10
        m = int(outside.sum())
        caller[outside] = (self.outside_prefixes[rng.integers(0, len(self.outside_prefixes), size=m)] * 10_000
                           + rng.integers(0, 10_000, size=m))
        duration = np.minimum(7200, rng.lognormal(np.log(55), 1.0, size=n)).astype(np.int32)
        duration[courier] = np.minimum(duration[courier], rng.integers(10, 60, size=k).astype(np.int32))
        duration[rng.random(n) < 0.08] = 0  # not answered
        return {"time": self._times(rng, n, day_ms), "caller": caller, "callee": callee, "duration": duration}

    def _sms(self, rng: np.random.Generator, n: int, day_ms: int) -> pa.Table:
        city = self.city
        receiver_idx = rng.integers(0, city.size, size=n)
        receiver = city.phone[receiver_idx]
        personal = rng.random(n) < 0.3
        template = rng.integers(0, len(ORDINARY_SMS), size=n)
        var_kind = self.sms_var[template]
        var = np.where(var_kind == "last4", (city.card[receiver_idx] % np.uint64(10_000)).astype(np.int64),
                       rng.integers(100_000, 1_000_000, size=n))
        var = np.where(var_kind == "gb", rng.integers(1, 60, size=n), var)
        var = np.where(var_kind == "yuan", rng.integers(18, 300, size=n), var)
        var_text = pc.cast(pa.array(var), pa.string())
        last4 = var_kind == "last4"
        var_text = pc.if_else(pa.array(last4), pc.utf8_lpad(var_text, 4, "0"), var_text)
        service_text = pc.binary_join_element_wise(pc.take(self.sms_before, pa.array(template)), var_text,
                                                   pc.take(self.sms_after, pa.array(template)), "")
        personal_text = pc.take(self.personal, pa.array(rng.integers(0, len(self.personal), size=n)))
        sender_phone = pc.binary_join_element_wise(
            "+86", pc.cast(pa.array(city.phone[rng.integers(0, city.size, size=n)]), pa.string()), "")
        return pa.table({
            "time": pa.array(self._times(rng, n, day_ms)),
            "sender": pc.if_else(pa.array(personal), sender_phone, pc.take(self.sms_senders, pa.array(template))),
            "receiver": pc.binary_join_element_wise("+86", pc.cast(pa.array(receiver), pa.string()), ""),
            "text": pc.if_else(pa.array(personal), personal_text, service_text),
        })

    def _visits(self, rng: np.random.Generator, n: int, day_ms: int) -> pa.Table:
        city = self.city
        who = rng.integers(0, city.size, size=n)
        target = np.searchsorted(self.target_cum, rng.random(n), side="right")
        delivery = rng.random(n) < 0.12
        k = int(delivery.sum())
        if k and len(self.delivery_users):
            who[delivery] = self.delivery_users[rng.integers(0, len(self.delivery_users), size=k)]
            target[delivery] = len(LEGIT_TARGETS) + rng.integers(0, len(DELIVERY_TARGETS), size=k)
        idx = pa.array(target)
        return pa.table({
            "time": pa.array(self._times(rng, n, day_ms)),
            "phone": pc.binary_join_element_wise("+86", pc.cast(pa.array(city.phone[who]), pa.string()), ""),
            "target": pc.take(self.targets, idx), "kind": pc.take(self.target_kinds, idx),
            "ip": pc.take(self.target_ips, idx),
        })

    def _signals(self, rng: np.random.Generator, n: int, day_ms: int) -> pa.Table:
        """False alarms: innocent calls from abroad or odd numbers, grey sites, big but honest transfers."""
        city = self.city
        who = rng.integers(0, city.size, size=n)
        kind = rng.choice(len(SIGNAL_KINDS), size=n, p=[0.40, 0.20, 0.20, 0.10, 0.10])
        numbers = pc.binary_join_element_wise("+86", pc.cast(pa.array(
            self.outside_prefixes[rng.integers(0, len(self.outside_prefixes), size=n)] * 10_000
            + rng.integers(0, 10_000, size=n)), pa.string()), "")
        sites = pc.take(self.targets, pa.array(rng.integers(0, len(LEGIT_TARGETS), size=n)))
        cards = pc.cast(pa.array(city.merchant_card[rng.integers(0, city.merchant_count, size=n)]), pa.string())
        kinds = pa.array(kind)
        counterpart = pc.if_else(pc.less(kinds, 2), numbers, pc.if_else(pc.equal(kinds, 4), cards, sites))
        return pa.table({
            "time": pa.array(self._times(rng, n, day_ms)),
            "kind": pc.take(pa.array(list(SIGNAL_KINDS)), kinds),
            "phone": pc.binary_join_element_wise("+86", pc.cast(pa.array(city.phone[who]), pa.string()), ""),
            "counterpart": counterpart,
            "score": pa.array(rng.beta(2, 5, size=n).astype(np.float32)),
        })


def _legit_ip(i: int) -> str:
    """A stable public address for a well-known site (CDN ranges on the mainland)."""
    firsts = (101, 112, 116, 121, 180, 183, 220, 223)
    return f"{firsts[i % len(firsts)]}.{(37 * i + 11) % 250 + 1}.{(91 * i + 7) % 250 + 1}.{(53 * i + 3) % 250 + 1}"
