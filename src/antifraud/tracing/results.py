"""What a fund-flow trace finds (资金流追踪结果): the records a `TraceResult` hands out.

A finished trace is kept as arrays (one row per reached card, per followed and per left edge, in
the layout of the `C_*` columns, shared by the compiled kernel and the Python rules) and turned into
records (`AccountTrace`, `TraceEdge`, `LeftTrace`, `CappedHub`) on first use.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal
from enum import StrEnum
from functools import cached_property
from typing import Any, NamedTuple

import numpy as np

from antifraud.core.vocab import TRACE_FANOUT_CAP, TRACE_WINDOW_HOURS
from antifraud.tracing.index import EPOCH, CardFlow, TransferIndex, from_epoch_ms

DEFAULT_WINDOW = timedelta(hours=TRACE_WINDOW_HOURS.default)
DEFAULT_FANOUT_CAP = int(TRACE_FANOUT_CAP.default)

BankResolver = Callable[[str], str | None]


class Rule(StrEnum):
    """How much of a transfer out of a reached card counts as the victim's money."""

    POISON = "poison"
    FIFO = "fifo"
    PROPORTIONAL = "proportional"


class TraceInputError(ValueError):
    """The seed or the options of a trace are not usable (unknown transfer, bad option)."""


@dataclass(frozen=True, slots=True)
class CardSeed:
    """Victim's money arriving on a card when the victim's own transfer is not in the data."""

    account: str
    time: datetime
    amount: Decimal


@dataclass(frozen=True, slots=True)
class TraceSeed:
    """Where a trace started: the victim's transfer (txn_id) or a card seed (txn_id None)."""

    txn_id: str | None
    account: str
    time: datetime
    amount: Decimal

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {"txn_id": self.txn_id, "account": self.account,
                "time": self.time.isoformat(), "amount": str(self.amount)}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> TraceSeed:
        """Read back from `to_dict`'s form."""
        return cls(data["txn_id"], data["account"], datetime.fromisoformat(data["time"]), Decimal(data["amount"]))


class AccountTrace(NamedTuple):
    """One reached card: its tier (一级卡 = 1), first arrival and the victim's money through it.

    An immutable record (a named tuple: cheap to build by the thousand).
    """

    account: str
    bank_code: str | None
    tier: int
    first_arrival: datetime
    amount_in: Decimal
    amount_out: Decimal
    amount_held: Decimal

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {"account": self.account, "bank_code": self.bank_code, "tier": self.tier,
                "first_arrival": self.first_arrival.isoformat(),
                "amount_in": str(self.amount_in), "amount_out": str(self.amount_out),
                "amount_held": str(self.amount_held)}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> AccountTrace:
        """Read back from `to_dict`'s form."""
        return cls(data["account"], data["bank_code"], data["tier"], datetime.fromisoformat(data["first_arrival"]),
                   Decimal(data["amount_in"]), Decimal(data["amount_out"]), Decimal(data["amount_held"]))


class TraceEdge(NamedTuple):
    """A transfer carrying victim's money; `tier` is the lowest tier it delivers (immutable record)."""

    txn_id: str
    from_account: str
    to_account: str
    time: datetime
    amount: Decimal
    attributed: Decimal
    tier: int

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {"txn_id": self.txn_id, "from_account": self.from_account,
                "to_account": self.to_account, "time": self.time.isoformat(),
                "amount": str(self.amount), "attributed": str(self.attributed), "tier": self.tier}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> TraceEdge:
        """Read back from `to_dict`'s form."""
        return cls(data["txn_id"], data["from_account"], data["to_account"], datetime.fromisoformat(data["time"]),
                   Decimal(data["amount"]), Decimal(data["attributed"]), data["tier"])


@dataclass(frozen=True, slots=True)
class LeftTrace:
    """Victim's money that would have become tier max_tiers + 1: total and per transfer."""

    total: Decimal
    edges: tuple[TraceEdge, ...]

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {"total": str(self.total), "edges": [e.to_dict() for e in self.edges]}


@dataclass(frozen=True, slots=True)
class CappedHub:
    """A hub card whose fan-out was cut: `kept` transfers followed, `dropped` not, carrying `amount`."""

    account: str
    kept: int
    dropped: int
    amount: Decimal

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {"account": self.account, "kept": self.kept, "dropped": self.dropped,
                "amount": str(self.amount)}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> CappedHub:
        """Read back from `to_dict`'s form."""
        return cls(data["account"], data["kept"], data["dropped"], Decimal(data["amount"]))


class TraceResult:
    """Outcome of one trace. Amounts are yuan with two places; times are aware (UTC).

    `accounts` are ordered by tier, first arrival, card; `edges` and `left_trace.edges` by time.
    Under poison, `amount_held` is an upper bound (see `trace_funds`), so `total_held` may exceed
    the seed amount.

    The trace itself is complete when the result is made; its records (`accounts`, `edges`,
    `left_trace`, `capped`) are built from the engine's arrays on first use, since a stop-all
    needs only the cards still holding money (`holding`) and most callers never read every edge.
    """

    def __init__(self, *, rule: Rule, seed: TraceSeed, max_tiers: int, window: timedelta | None,
                 fanout_cap: int | None, total_held: Decimal, touched_edges: int,
                 raw: RawTrace) -> None:
        """Made by `trace_funds` only."""
        self.rule = rule
        self.seed = seed
        self.max_tiers = max_tiers
        self.window = window
        self.fanout_cap = fanout_cap
        self.total_held = total_held
        self.touched_edges = touched_edges
        self._raw = raw

    def __repr__(self) -> str:
        """Short form: rule, seed, reach and money held."""
        return (f"TraceResult(rule={self.rule!s}, seed={self.seed.txn_id or self.seed.account}, "
                f"cards={self._raw.n_accounts}, total_held={self.total_held})")

    def __eq__(self, other: object) -> bool:
        """Same options, seed and findings."""
        if not isinstance(other, TraceResult):
            return NotImplemented
        return self.to_dict() == other.to_dict()

    __hash__ = None  # type: ignore[assignment]

    @cached_property
    def accounts(self) -> tuple[AccountTrace, ...]:
        """Every reached card, by tier, first arrival, card number."""
        return self._raw.accounts(False)

    def holding(self) -> tuple[AccountTrace, ...]:
        """The reached cards still holding the victim's money (amount_held > 0), in `accounts` order.

        What a stop-all needs; builds records for those cards only.
        """
        if "accounts" in self.__dict__:
            return tuple(a for a in self.accounts if a.amount_held > 0)
        return self._raw.accounts(True)

    @cached_property
    def edges(self) -> tuple[TraceEdge, ...]:
        """Transfers carrying the victim's money inside the trace, in time order (seed first)."""
        return self._raw.edge_records(self._raw.edges, with_seed=True)

    @cached_property
    def left_trace(self) -> LeftTrace:
        """Victim's money that would have become tier max_tiers + 1."""
        raw = self._raw
        return LeftTrace(raw.money(int(raw.left[:, 3].sum())), raw.edge_records(raw.left, with_seed=False))

    @cached_property
    def capped(self) -> tuple[CappedHub, ...]:
        """Hub cards whose fan-out was cut, by card number."""
        return self._raw.capped()

    @property
    def unfollowed_total(self) -> Decimal:
        """Victim's money that left hub cards on transfers cut by the fan-out cap."""
        return sum((c.amount for c in self.capped), Decimal("0.00"))

    def account(self, name: str) -> AccountTrace | None:
        """The reached card with this number, if any."""
        return next((a for a in self.accounts if a.account == name), None)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form: amounts as strings, times as ISO-8601."""
        return {
            "rule": str(self.rule), "max_tiers": self.max_tiers,
            "window_seconds": None if self.window is None else int(self.window.total_seconds()),
            "fanout_cap": self.fanout_cap, "seed": self.seed.to_dict(),
            "accounts": [a.to_dict() for a in self.accounts],
            "edges": [e.to_dict() for e in self.edges],
            "total_held": str(self.total_held), "left_trace": self.left_trace.to_dict(),
            "capped": [c.to_dict() for c in self.capped],
            "touched_edges": self.touched_edges,
        }


# columns of the per-card result array shared by the kernel and the Python loops
C_CID, C_TIER, C_FIRST, C_IN, C_OUT, C_KEPT, C_DROPPED, C_DROPAMT, C_HELD = range(9)
NO_FLOW = np.zeros(0, dtype=np.int64)

Arrays = tuple[np.ndarray, np.ndarray, np.ndarray, int]


@dataclass(frozen=True, slots=True)
class TraceStart:
    """A resolved seed: card id (None if the card is not in the data) and where the money is."""

    card: int | None
    account: str
    ms: int
    amount: int
    txn_id: str | None
    eid: int | None
    after: int
    flow: CardFlow | None


class RawTrace:
    """A finished trace as arrays (cards, edges, left), turned into records on demand."""

    __slots__ = ("bank_of", "cards", "edges", "index", "left", "max_tiers", "money", "start")

    def __init__(self, index: TransferIndex, start: TraceStart, max_tiers: int, cards: np.ndarray,
                 edges: np.ndarray, left: np.ndarray, bank_of: BankResolver | None,
                 money: Callable[[int], Decimal]) -> None:
        self.index = index
        self.start = start
        self.max_tiers = max_tiers
        self.cards = cards
        self.edges = edges
        self.left = left
        self.bank_of = bank_of
        self.money = money

    @property
    def n_accounts(self) -> int:
        """Reached cards."""
        return len(self.cards) if self.start.card is not None else 1

    def accounts(self, holding: bool) -> tuple[AccountTrace, ...]:
        """Account records (all, or only the cards holding money), by tier, arrival, card."""
        s, money, bank_of = self.start, self.money, self.bank_of
        seed_time = from_epoch_ms(s.ms)
        if s.card is None:
            return (AccountTrace(s.account, bank_of(s.account) if bank_of else None, 1, seed_time,
                                 money(s.amount), money(0), money(s.amount)),)
        rows = self.cards if not holding else self.cards[self.cards[:, C_HELD] > 0]
        if not len(rows):
            return ()
        cids = rows[:, C_CID].tolist()
        names = self.index.account_names_of(cids)
        known = self.index.account_banks_of(cids) if self.index.knows_banks else None
        firsts = rows[:, C_FIRST]
        arrival_ms = np.where(firsts >= 0, self.index.time[np.maximum(firsts, 0)], s.ms)
        arrival_ms[rows[:, C_CID] == s.card] = s.ms
        epoch, delta = EPOCH, timedelta
        out = []
        for i, ((cid, tier, _first, a_in, a_out, _kept, _dropped, _damt, held), ms) in enumerate(zip(
                rows.tolist(), arrival_ms.tolist(), strict=True)):
            name = names[cid]
            bank = known[i] if known is not None else None
            if bank is None and bank_of is not None:
                bank = bank_of(name)
            out.append(AccountTrace(name, bank, tier, epoch + delta(0, 0, 0, ms), money(a_in),
                                    money(a_out), money(held)))
        out.sort(key=lambda a: (a.tier, a.first_arrival, a.account))
        return tuple(out)

    def edge_records(self, rows: np.ndarray, *, with_seed: bool) -> tuple[TraceEdge, ...]:
        """TraceEdge records for (eid, from, to, fen[, tier]) rows sorted by eid."""
        s = self.start
        items = rows.tolist()
        if rows.shape[1] == 4:
            items = [(*r, self.max_tiers + 1) for r in items]
        if with_seed and s.eid is not None:
            items.insert(0, [s.eid, int(self.index.src[s.eid]), s.card, s.amount, 1])
        if not items:
            return ()
        names = self.index.account_names_of({r[1] for r in items} | {r[2] for r in items})
        times, amounts, txns = self.index.edge_columns([r[0] for r in items])
        money = self.money
        return tuple(TraceEdge(txns[i], names[r[1]], names[r[2]], times[i], money(amounts[i]),
                               money(r[3]), r[4]) for i, r in enumerate(items))

    def capped(self) -> tuple[CappedHub, ...]:
        """Hub cards whose fan-out was cut, by card number."""
        rows = self.cards[self.cards[:, C_DROPPED] > 0]
        if not len(rows):
            return ()
        names = self.index.account_names_of(rows[:, C_CID].tolist())
        hubs = [CappedHub(names[r[C_CID]], r[C_KEPT], r[C_DROPPED], self.money(r[C_DROPAMT]))
                for r in rows.tolist()]
        return tuple(sorted(hubs, key=lambda c: c.account))


def money_maker() -> Callable[[int], Decimal]:
    """fen → two-place Decimal, memoised for one result (amounts repeat across edges and cards)."""
    cent = Decimal("0.01")
    cache: dict[int, Decimal] = {}

    def money(fen: int) -> Decimal:
        value = cache.get(fen)
        if value is None:
            value = cache[fen] = Decimal(fen) * cent
        return value

    return money
