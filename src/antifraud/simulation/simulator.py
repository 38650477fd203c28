"""Day-by-day simulation of the city: background and fraud merged into sorted, identified event streams.

``simulate(seed, scale, days, start)`` yields one ``DayBatch`` per day, so memory stays bounded by a
day's volume. Each batch carries its ground-truth labels (which rows are fraud, of which episode and
gang); ``Simulation.truth()`` returns the gang register and the targets at any point.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from antifraud.simulation.background import Background, BackgroundDay
from antifraud.simulation.city import INSTITUTIONS, City
from antifraud.simulation.config import DEFAULT_START, SHANGHAI, SimulationConfig
from antifraud.simulation.episodes import FraudEngine
from antifraud.simulation.events import (
    CHANNELS,
    ID_PREFIX,
    LABEL_SCHEMA,
    ROW_TYPES,
    SCHEMAS,
    STREAMS,
    FraudBuckets,
    FraudDay,
    Report,
    ReportedTransfer,
)
from antifraud.simulation.gangs import Underworld
from antifraud.simulation.hotspots import plant
from antifraud.simulation.ledger import Ledger
from antifraud.simulation.rng import stream_rng
from antifraud.simulation.texts import NAMED_LEGIT_APPS, NAMED_LEGIT_SITES, NARRATIVES, format_yuan
from antifraud.simulation.truth import truth_tables

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


@dataclass
class DayBatch:
    """One day of events: a table per stream (sorted by time), the day's reports, and truth labels."""

    day: date
    index: int
    calls: pa.Table
    sms: pa.Table
    transfers: pa.Table
    visits: pa.Table
    signals: pa.Table
    reports: list[Report]
    labels: pa.Table  # ground truth: stream, event_id, episode_id, gang_id, role, tier
    counts: dict[str, int] = field(default_factory=dict)

    def table(self, stream: str) -> pa.Table:
        """Return the table of one stream by name."""
        return getattr(self, stream)

    def rows(self, stream: str) -> Iterator[object]:
        """Iterate one stream as row dataclasses (``Call``, ``Sms``, ``Transfer``, ``Visit``, ``Signal``)."""
        row_type = ROW_TYPES[stream]
        for row in self.table(stream).to_pylist():
            yield row_type(**row)


class Simulation:
    """The synthetic city over a window of days; iterate it to get ``DayBatch`` objects."""

    def __init__(self, seed: int, scale: float = 1.0, days: int = 365, start: datetime | None = None,
                 config: SimulationConfig | None = None, city: City | None = None) -> None:
        self.seed, self.scale, self.days = seed, scale, days
        self.config = config or SimulationConfig()
        self.start = (start or DEFAULT_START).astimezone(SHANGHAI)
        self.start_ms = int(self.start.timestamp() * 1000)
        self.city = city or City.generate(seed, scale, self.config, as_of=self.start.date())
        self.ledger, self.merchant_base, self.institution_base = _open_accounts(self.city, seed)
        self.buckets = FraudBuckets(self.start_ms)
        gang_rng = random.Random(int(stream_rng(seed, "gangs").integers(1 << 62)))
        self.underworld = Underworld(self.city, self.ledger, self.config, gang_rng)
        institutions = np.arange(self.institution_base, self.institution_base + len(INSTITUTIONS))
        self.fraud = FraudEngine(self.city, self.ledger, self.underworld, self.config, seed, self.buckets,
                                 institutions)
        self.fraud.hotspots = plant(self.city, self.config, seed, days)
        self.background = Background(self.city, self.config, seed, self.start_ms, self.merchant_base,
                                     self.institution_base, len(INSTITUTIONS))
        self.reports_emitted = 0
        self._started = False

    def __iter__(self) -> Iterator[DayBatch]:
        if self._started:
            raise RuntimeError("a Simulation can be iterated once")
        self._started = True
        if self.config.fraud:
            for d in range(-self.config.warmup_days, 0):
                self.fraud.run_day(d)
                self._settle_warmup(self.buckets.pop(d))
        for d in range(self.days):
            if self.config.fraud:
                self.fraud.run_day(d)
            yield self._day(d)

    def truth(self) -> dict[str, pa.Table]:
        """Return ground-truth tables: gangs, identifiers, targets (as of the days simulated so far)."""
        return truth_tables(self)

    # --- one day --------------------------------------------------------------------------------------
    def _settle_warmup(self, fraud: FraudDay) -> None:
        """Post warm-up money so balances are right when the window opens; drop the events."""
        recs = sorted(fraud.transfers, key=lambda r: r[0])
        if recs:
            self.ledger.post(np.array([r[1] for r in recs]), np.array([r[2] for r in recs]),
                             np.array([r[3] for r in recs], dtype=np.int64))

    def _day(self, d: int) -> DayBatch:
        fraud = self.buckets.pop(d)
        bg = self.background.day(d) if self.config.background else _empty_background()
        day = (self.start + timedelta(days=d)).date()
        stamp = day.year * 10_000 + day.month * 100 + day.day
        labels: list[tuple] = []
        transfers = self._transfers(bg, fraud, stamp, labels)
        calls = self._calls(bg, fraud, stamp, labels)
        sms = self._merge_simple("sms", bg.sms, fraud.sms, ("sender", "receiver", "text"), stamp, labels)
        visits = self._merge_simple("visits", bg.visits, fraud.visits, ("phone", "target", "kind", "ip"), stamp,
                                    labels)
        signals = self._merge_simple("signals", bg.signals, fraud.signals,
                                     ("kind", "phone", "counterpart", "score"), stamp, labels)
        reports = self._reports(fraud, stamp)
        columns = list(zip(*labels, strict=True)) if labels else [[] for _ in LABEL_SCHEMA.names]
        label_table = pa.table([pa.array(col, f.type) for col, f in zip(columns, LABEL_SCHEMA, strict=True)],
                               schema=LABEL_SCHEMA)
        batch = DayBatch(day, d, calls, sms, transfers, visits, signals, reports, label_table)
        batch.counts = {s: batch.table(s).num_rows for s in STREAMS} | {"reports": len(reports)}
        return batch

    def _ids(self, stream: str, stamp: int, n: int) -> pa.Array:
        """Return event ids such as T2024010100000042, numbered in time order within the day."""
        seq = pa.array(stamp * 100_000_000 + np.arange(n, dtype=np.int64))
        return pc.binary_join_element_wise(ID_PREFIX[stream], pc.cast(seq, pa.string()), "")

    @staticmethod
    def _id_at(stream: str, stamp: int, position: int) -> str:
        """Return the id of the row at ``position`` (same format as ``_ids``)."""
        return f"{ID_PREFIX[stream]}{stamp * 100_000_000 + position}"

    def _transfers(self, bg: BackgroundDay, fraud: FraudDay, stamp: int, labels: list[tuple]) -> pa.Table:
        b = bg.transfers
        recs = fraud.transfers
        # Nobody spends much more than they hold: cap payments by the payer's balance at dawn.
        payer_balance = self.ledger.balance[b["src"]]
        capped = np.where(b["src"] < self.institution_base,
                          np.minimum(b["amount"], np.maximum(100, payer_balance * 2 // 5)), b["amount"])
        time = np.concatenate([b["time"], np.array([r[0] for r in recs], dtype=np.int64)])
        src = np.concatenate([b["src"], np.array([r[1] for r in recs], dtype=np.int64)])
        dst = np.concatenate([b["dst"], np.array([r[2] for r in recs], dtype=np.int64)])
        amount = np.concatenate([capped, np.array([r[3] for r in recs], dtype=np.int64)])
        channel = np.concatenate([b["channel"], np.array([r[4] for r in recs], dtype=np.int8)])
        order = np.argsort(time, kind="stable")
        after = self.ledger.post(src[order], dst[order], amount[order])
        ids = self._ids("transfers", stamp, len(order))
        table = pa.table({
            "txn_id": ids, "time": pa.array(time[order], pa.timestamp("ms", tz="UTC")),
            "from_account": self.ledger.strings(src[order]), "to_account": self.ledger.strings(dst[order]),
            "amount_fen": pa.array(amount[order]), "channel": pc.take(pa.array(list(CHANNELS)), pa.array(channel[order])),
            "balance_after_fen": pa.array(after),
        }, schema=SCHEMAS["transfers"])
        n_bg = len(b["time"])
        position = np.empty(len(order), dtype=np.int64)
        position[order] = np.arange(len(order))
        for k, rec in enumerate(recs):
            txn = self._id_at("transfers", stamp, int(position[n_bg + k]))
            rec[9] = txn
            labels.append(("transfers", txn, rec[5], rec[6], rec[7], rec[8]))
        return table

    def _calls(self, bg: BackgroundDay, fraud: FraudDay, stamp: int, labels: list[tuple]) -> pa.Table:
        c = bg.calls
        recs = fraud.calls
        x = bg.extra_calls if bg.extra_calls is not None else _NO_CALLS  # look-alikes' calls, between strings
        time = np.concatenate([c["time"], x.column("start").to_numpy(), np.array([r[0] for r in recs], dtype=np.int64)])
        caller = pa.concat_arrays([_e164(c["caller"]), x.column("caller").combine_chunks(),
                                   pa.array([r[1] for r in recs], pa.string())])
        callee = pa.concat_arrays([_e164(c["callee"]), x.column("callee").combine_chunks(),
                                   pa.array([r[2] for r in recs], pa.string())])
        duration = np.concatenate([c["duration"], x.column("duration_s").to_numpy().astype(np.int32),
                                   np.array([r[3] for r in recs], dtype=np.int32)])
        table = pa.table({"start": pa.array(time, pa.timestamp("ms", tz="UTC")), "caller": caller,
                          "callee": callee, "duration_s": pa.array(duration)})
        return self._finish("calls", table, time, len(c["time"]) + x.num_rows, recs, 4, stamp, labels)

    def _merge_simple(self, stream: str, bg: pa.Table, recs: list[tuple], columns: tuple[str, ...], stamp: int,
                      labels: list[tuple]) -> pa.Table:
        time = np.concatenate([bg.column("time").to_numpy(), np.array([r[0] for r in recs], dtype=np.int64)])
        schema = SCHEMAS[stream]
        data = {"time": pa.array(time, pa.timestamp("ms", tz="UTC"))}
        for i, name in enumerate(columns, start=1):
            kind = schema.field(name).type
            data[name] = pa.concat_arrays([bg.column(name).combine_chunks().cast(kind),
                                           pa.array([r[i] for r in recs], kind)])
        n_cols = len(columns) + 1
        return self._finish(stream, pa.table(data), time, bg.num_rows, recs, n_cols, stamp, labels)

    def _finish(self, stream: str, table: pa.Table, time: np.ndarray, n_bg: int, recs: list[tuple], meta: int,
                stamp: int, labels: list[tuple]) -> pa.Table:
        """Sort by time, number the rows, and label the fraud rows."""
        order = np.argsort(time, kind="stable")
        table = table.take(pa.array(order))
        ids = self._ids(stream, stamp, len(order))
        first = SCHEMAS[stream].names[0]
        table = table.add_column(0, first, ids).select(SCHEMAS[stream].names).cast(SCHEMAS[stream])
        if recs:
            position = np.empty(len(order), dtype=np.int64)
            position[order] = np.arange(len(order))
            for k, rec in enumerate(recs):
                event_id = self._id_at(stream, stamp, int(position[n_bg + k]))
                labels.append((stream, event_id, rec[meta], rec[meta + 1], rec[meta + 2], None))
        return table

    # --- reports --------------------------------------------------------------------------------------
    def _reports(self, fraud: FraudDay, stamp: int) -> list[Report]:
        out = []
        for k, (ms, ep) in enumerate(sorted(fraud.reports, key=lambda x: x[0]), start=1):
            ep.report_id = f"R{stamp}{k:05d}"
            out.append(self._report(ep, ms))
        self.reports_emitted += len(out)
        return out

    def _report(self, ep: object, ms: int) -> Report:
        city = self.city
        person = city.citizen(ep.citizen)
        when = _aware(ms)
        start = _aware(ep.start_ms)
        transfers = tuple(
            ReportedTransfer(rec[9], _aware(rec[0]), person.card, self.ledger.number(rec[2]), rec[3],
                             CHANNELS[rec[4]])
            for rec in ep.victim_transfers)
        cards = tuple(dict.fromkeys(t.to_card for t in transfers))
        rng = stream_rng(self.seed, "narrative", int(ep.episode_id[1:]))
        templates = NARRATIVES[ep.fraud_type]
        narrative = templates[int(rng.integers(len(templates)))].format(
            name=person.name, start=f"{start.astimezone(SHANGHAI):%Y年%m月%d日%H时许}",
            app=ep.apps[0] if ep.apps else "某", url=ep.urls[0] if ep.urls else "某网站",
            phone=ep.phones[0] if ep.phones else "陌生号码", n=len(transfers), loss=format_yuan(ep.loss_fen))
        named_apps, named_sites = _named_legit(self.seed, ep)
        return Report(
            report_id=ep.report_id, time=when, victim_name=person.name, victim_phone=person.phone,
            victim_id_number=person.id_number, victim_sex=person.sex,
            victim_age=city.age_on(ep.citizen, when.astimezone(SHANGHAI).date()),
            occupation=person.occupation, education=person.education, district_code=person.division_code,
            fraud_type=ep.fraud_type, loss_fen=ep.loss_fen, fraud_start=start, narrative=narrative,
            victim_card=person.card, cards=cards, phones=tuple(ep.phones), urls=tuple(ep.urls) + named_sites,
            apps=tuple(ep.apps) + named_apps, transfers=transfers,
        )


NAMED_APP_SHARE = 0.35  # reports that also name a legitimate app the gang had the victim use
NAMED_SITE_SHARE = 0.12  # reports that also name a legitimate site (where the ad was seen, the item listed)


def _named_legit(seed: int, ep: object) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Legitimate apps and sites the victim names beside the gang's (innocent look-alikes for linking)."""
    rng = stream_rng(seed, "named_legit", int(ep.episode_id[1:]))  # type: ignore[attr-defined]
    apps: tuple[str, ...] = ()
    sites: tuple[str, ...] = ()
    if rng.random() < NAMED_APP_SHARE:
        choices = NAMED_LEGIT_APPS[ep.fraud_type]  # type: ignore[attr-defined]
        apps = (choices[int(rng.integers(len(choices)))],)
    if rng.random() < NAMED_SITE_SHARE:
        sites = (f"{NAMED_LEGIT_SITES[int(rng.integers(len(NAMED_LEGIT_SITES)))]}/{int(rng.integers(10**6))}",)
    return apps, sites


def simulate(seed: int, scale: float = 1.0, days: int = 365, start: datetime | None = None,
             config: SimulationConfig | None = None) -> Iterator[DayBatch]:
    """Yield the city's events day by day (``DayBatch``), deterministic for ``seed``."""
    return iter(Simulation(seed, scale, days, start, config))


def _open_accounts(city: City, seed: int) -> tuple[Ledger, int, int]:
    """Open residents', merchants' and institutions' accounts with opening balances."""
    rng = stream_rng(seed, "balances")
    ledger = Ledger(city.size + city.merchant_count + len(INSTITUTIONS) + 4096)
    ledger.add(city.card, np.round(rng.lognormal(np.log(8_000 * 100), 1.3, size=city.size)).astype(np.int64))
    merchant_base = ledger.add(city.merchant_card, np.round(
        rng.lognormal(np.log(150_000 * 100), 1.0, size=city.merchant_count)).astype(np.int64))
    institution_base = ledger.add(city.institution_card, np.full(len(INSTITUTIONS), 10**15, dtype=np.int64))
    return ledger, merchant_base, institution_base


_NO_CALLS = pa.table({"start": pa.array([], pa.int64()), "caller": pa.array([], pa.string()),
                      "callee": pa.array([], pa.string()), "duration_s": pa.array([], pa.int32())})


def _e164(national: np.ndarray) -> pa.Array:
    return pc.binary_join_element_wise("+86", pc.cast(pa.array(national), pa.string()), "")


def _aware(ms: int) -> datetime:
    return _EPOCH + timedelta(milliseconds=ms)


def _empty_background() -> BackgroundDay:
    empty = np.zeros(0, dtype=np.int64)
    return BackgroundDay(
        transfers={"time": empty, "src": empty, "dst": empty, "amount": empty, "channel": empty.astype(np.int8)},
        calls={"time": empty, "caller": empty, "callee": empty, "duration": empty.astype(np.int32)},
        sms=pa.table({k: pa.array([], pa.string()) for k in ("sender", "receiver", "text")}).add_column(
            0, "time", pa.array([], pa.int64())),
        visits=pa.table({k: pa.array([], pa.string()) for k in ("phone", "target", "kind", "ip")}).add_column(
            0, "time", pa.array([], pa.int64())),
        signals=pa.table({"kind": pa.array([], pa.string()), "phone": pa.array([], pa.string()),
                          "counterpart": pa.array([], pa.string()), "score": pa.array([], pa.float32())}).add_column(
            0, "time", pa.array([], pa.int64())),
    )
