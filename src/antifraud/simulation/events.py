"""Event records of the simulation: row dataclasses, the Arrow schemas of each stream, and day buckets.

Streams are columnar (Arrow tables) because background volume runs to millions of rows; the
dataclasses are the row view a loader iterates over (``DayBatch.rows("transfers")``).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal

import pyarrow as pa

TS = pa.timestamp("ms", tz="UTC")
CHANNELS: tuple[str, ...] = ("mobile_banking", "online_banking", "third_party", "pos", "atm", "counter")
SIGNAL_KINDS: tuple[str, ...] = (
    "fraud_call", "fraud_sms", "phishing_visit", "app_install", "suspicious_transfer",
)
DISSUASION_NUMBER = "96110"  # the national anti-fraud warning line that calls citizens at risk

SCHEMAS: dict[str, pa.Schema] = {
    "calls": pa.schema([("call_id", pa.string()), ("start", TS), ("caller", pa.string()),
                        ("callee", pa.string()), ("duration_s", pa.int32())]),
    "sms": pa.schema([("sms_id", pa.string()), ("time", TS), ("sender", pa.string()),
                      ("receiver", pa.string()), ("text", pa.string())]),
    "transfers": pa.schema([("txn_id", pa.string()), ("time", TS), ("from_account", pa.string()),
                            ("to_account", pa.string()), ("amount_fen", pa.int64()), ("channel", pa.string()),
                            ("balance_after_fen", pa.int64())]),
    "visits": pa.schema([("visit_id", pa.string()), ("time", TS), ("phone", pa.string()),
                         ("target", pa.string()), ("kind", pa.string()), ("ip", pa.string())]),
    "signals": pa.schema([("signal_id", pa.string()), ("time", TS), ("kind", pa.string()),
                          ("phone", pa.string()), ("counterpart", pa.string()), ("score", pa.float32())]),
}
LABEL_SCHEMA = pa.schema([("stream", pa.string()), ("event_id", pa.string()), ("episode_id", pa.string()),
                          ("gang_id", pa.string()), ("role", pa.string()), ("tier", pa.int8())])
STREAMS: tuple[str, ...] = tuple(SCHEMAS)
ID_PREFIX = {"calls": "C", "sms": "M", "transfers": "T", "visits": "V", "signals": "S"}


def yuan(fen: int) -> Decimal:
    """Return an amount in fen as Decimal yuan."""
    return Decimal(fen).scaleb(-2)


@dataclass(frozen=True)
class Call:
    """A call record (通话记录)."""

    call_id: str
    start: datetime
    caller: str
    callee: str
    duration_s: int


@dataclass(frozen=True)
class Sms:
    """A text message."""

    sms_id: str
    time: datetime
    sender: str
    receiver: str
    text: str


@dataclass(frozen=True)
class Transfer:
    """A bank transfer (交易流水 row); amounts in fen."""

    txn_id: str
    time: datetime
    from_account: str
    to_account: str
    amount_fen: int
    channel: str
    balance_after_fen: int | None

    @property
    def amount(self) -> Decimal:
        """Return the amount in yuan."""
        return yuan(self.amount_fen)


@dataclass(frozen=True)
class Visit:
    """A citizen's phone reaching a domain or opening an app (网络流)."""

    visit_id: str
    time: datetime
    phone: str
    target: str
    kind: str
    ip: str | None


@dataclass(frozen=True)
class Signal:
    """What a warning model sees about a citizen at a moment (预警线索), with a model score."""

    signal_id: str
    time: datetime
    kind: str
    phone: str
    counterpart: str
    score: float


ROW_TYPES = {"calls": Call, "sms": Sms, "transfers": Transfer, "visits": Visit, "signals": Signal}


@dataclass(frozen=True)
class ReportedTransfer:
    """A payment the victim lists in a report (``txn_id`` is None if it was made before the window)."""

    txn_id: str | None
    time: datetime
    from_card: str
    to_card: str
    amount_fen: int
    channel: str

    @property
    def amount(self) -> Decimal:
        """Return the amount in yuan."""
        return yuan(self.amount_fen)


@dataclass(frozen=True)
class Report:
    """A victim's report (报案) as intake receives it: who, what type, how much, and the identifiers."""

    report_id: str
    time: datetime
    victim_name: str
    victim_phone: str
    victim_id_number: str
    victim_sex: str
    victim_age: int
    occupation: str
    education: str
    district_code: str
    fraud_type: str
    loss_fen: int
    fraud_start: datetime
    narrative: str
    victim_card: str
    cards: tuple[str, ...]  # tier-1 cards the victim paid into
    phones: tuple[str, ...]  # numbers the fraudsters called or texted from
    urls: tuple[str, ...]
    apps: tuple[str, ...]
    transfers: tuple[ReportedTransfer, ...]

    @property
    def loss(self) -> Decimal:
        """Return the loss in yuan."""
        return yuan(self.loss_fen)


REPORT_SCHEMA = pa.schema([
    ("report_id", pa.string()), ("time", TS), ("victim_name", pa.string()), ("victim_phone", pa.string()),
    ("victim_id_number", pa.string()), ("victim_sex", pa.string()), ("victim_age", pa.int16()),
    ("occupation", pa.string()), ("education", pa.string()), ("district_code", pa.string()),
    ("fraud_type", pa.string()), ("loss_fen", pa.int64()), ("fraud_start", TS), ("narrative", pa.string()),
    ("victim_card", pa.string()), ("cards", pa.list_(pa.string())), ("phones", pa.list_(pa.string())),
    ("urls", pa.list_(pa.string())), ("apps", pa.list_(pa.string())),
    ("transfers", pa.list_(pa.struct([("txn_id", pa.string()), ("time", TS), ("from_card", pa.string()),
                                      ("to_card", pa.string()), ("amount_fen", pa.int64()),
                                      ("channel", pa.string())]))),
])


def reports_table(reports: list[Report]) -> pa.Table:
    """Return reports as an Arrow table."""
    rows = []
    for r in reports:
        row = {name: getattr(r, name) for name in REPORT_SCHEMA.names}
        row["transfers"] = [t.__dict__ for t in r.transfers]
        rows.append(row)
    return pa.Table.from_pylist(rows, schema=REPORT_SCHEMA)


@dataclass
class FraudDay:
    """Fraud-side events that fall on one day, gathered before they are merged with background."""

    # [ms, src, dst, fen, channel, episode_id, gang_id, role, tier, txn_id]; txn_id is set when merged
    transfers: list[list] = field(default_factory=list)
    calls: list[tuple] = field(default_factory=list)  # (ms, caller, callee, duration, episode_id, gang_id, role)
    sms: list[tuple] = field(default_factory=list)  # (ms, sender, receiver, text, episode_id, gang_id, role)
    visits: list[tuple] = field(default_factory=list)  # (ms, phone, target, kind, ip, episode_id, gang_id, role)
    # (ms, kind, phone, counterpart, score, episode_id, gang_id, role)
    signals: list[tuple] = field(default_factory=list)
    reports: list[tuple] = field(default_factory=list)  # (ms, episode)


class FraudBuckets:
    """Fraud events keyed by day index, so an episode may schedule events days ahead."""

    def __init__(self, start_ms: int) -> None:
        self.start_ms = start_ms
        self.days: defaultdict[int, FraudDay] = defaultdict(FraudDay)

    def day_of(self, ms: int) -> int:
        """Return the day index of a time."""
        return (ms - self.start_ms) // 86_400_000

    def at(self, ms: int) -> FraudDay:
        """Return the bucket holding time ``ms``."""
        return self.days[self.day_of(ms)]

    def pop(self, day: int) -> FraudDay:
        """Remove and return one day's events."""
        return self.days.pop(day, FraudDay())
