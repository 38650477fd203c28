"""Fund-flow tracing engine (资金流追踪): where did the victim's money go, tier by tier.

Money leaves a victim and fans out through tiers of mule cards. The card that received the
victim's transfer is the tier-1 card (一级卡); the victim's money that moves on from a tier-k card
is tier-(k+1) money on the receiving card. Money that would become tier ``max_tiers + 1`` leaves
the trace (`left_trace`) and is not followed.

Three rules say how much of an outgoing transfer is the victim's money (see `trace_funds` and
docs/tracing.md for worked examples):

* ``poison`` (taint): every transfer out of a card after the victim's money reached it is tainted
  for its full amount. An upper bound: it shows every card the money could have reached.
* ``fifo`` (Clayton's rule, bank practice): a card is a queue of lots, one per incoming transfer;
  payments take the oldest lots first.
* ``proportional`` (haircut): each payment carries the victim's share of the card's balance.

Conventions: all transfers are taken in one global order — time, then txn_id; a transfer can
carry money that arrived earlier in that order, never money that arrives later. Money is computed
in integer fen; every split rounds down to the fen and the remainder stays on the paying card, so
per card ``amount_in == amount_out + amount_held`` exactly under fifo and proportional, and
``seed amount == total_held + left_trace.total + sum(capped amounts)``.
"""

from __future__ import annotations

import bisect
import heapq
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal
from enum import StrEnum
from functools import cached_property
from typing import Any, NamedTuple

import numpy as np

from antifraud.tracing.index import (
    EPOCH,
    CardFlow,
    TransferIndex,
    from_epoch_ms,
    to_epoch_ms,
    to_fen,
)

DEFAULT_WINDOW = timedelta(hours=72)
DEFAULT_FANOUT_CAP = 200

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
                 raw: _Raw) -> None:
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


def trace_funds(index: TransferIndex, seed: str | int | CardSeed, *,
                rule: Rule | str = Rule.FIFO, max_tiers: int = 5,
                window: timedelta | None = DEFAULT_WINDOW,
                fanout_cap: int | None = DEFAULT_FANOUT_CAP,
                bank_of: BankResolver | None = None,
                compiled: bool | None = None) -> TraceResult:
    """Trace the victim's money from `seed` (a txn_id, or a `CardSeed`) through at most `max_tiers`.

    Transfers later than seed time + `window` are ignored (None: no limit). A card's outgoing
    transfers carrying victim's money beyond the first `fanout_cap` (earliest kept) are not
    followed; they are reported in `capped`. `bank_code` is the bank the index was given for the
    card, else `bank_of(card)`'s answer. `compiled` picks
    the compiled kernel (`kernel.py`, same algorithm in numba) or the Python loops; None picks the
    kernel for indexes of `COMPILED_MIN_TRANSFERS` or more, where it pays for its start-up.

    Worked example, all three rules. Card A has 300.00 before the statements begin; then
    10:00 victim → A 1,000.00 (the seed), 10:05 A → B 500.00, 10:06 X → A 400.00,
    10:10 A → C 1,000.00.

    * poison: B (tier 2) and C (tier 2) are tainted for 500.00 and 1,000.00. A's amount_held is the
      upper bound min(amount_in, balance at the end) = min(1,000.00, 200.00) = 200.00.
    * fifo: A's queue is [300 not victim's][1,000 victim's]. A → B takes 300 + 200: B gets 200.00.
      X's 400 queues behind. A → C takes the 800 left of the victim's lot + 200 of X's: C gets
      800.00. A holds 0.00 of the victim's money (its 200.00 balance is X's).
    * proportional: A's balance is 1,300 of which 1,000 victim's. A → B carries
      500 × 1000/1300 = 384.61 (rounded down), leaving 615.39 in 800. X's 400 makes 1,200.
      A → C carries 1000 × 615.39/1200 = 512.82; A holds 102.57 of the victim's money.
    """
    try:
        rule = Rule(rule)
    except ValueError:
        raise TraceInputError(f"unknown rule {rule!r}; use poison, fifo or proportional") from None
    if max_tiers < 1:
        raise TraceInputError("max_tiers must be at least 1")
    if fanout_cap is not None and fanout_cap < 1:
        raise TraceInputError("fanout_cap must be at least 1")
    if window is not None and window < timedelta(0):
        raise TraceInputError("window must not be negative")
    start = _resolve_seed(index, seed)
    if window is None:
        end_edge = index.n_transfers
    else:
        end_edge = index.first_edge_after(start.ms + window // timedelta(milliseconds=1))
    arrays = None
    if start.card is not None and _use_kernel(index, compiled):
        arrays = _kernel_trace(index, start, rule, max_tiers, end_edge, fanout_cap)
    if arrays is None:
        run = _Run(index, start, max_tiers, end_edge, fanout_cap)
        if start.card is not None:
            {Rule.POISON: run.poison, Rule.FIFO: run.fifo, Rule.PROPORTIONAL: run.proportional}[rule]()
        arrays = run.arrays(rule)
    cards, edges, left, touched = arrays
    raw = _Raw(index, start, max_tiers, cards, edges, left, bank_of, _money_maker())
    total = start.amount if start.card is None else int(cards[:, C_HELD].sum())
    seed_record = TraceSeed(start.txn_id, start.account, from_epoch_ms(start.ms), raw.money(start.amount))
    return TraceResult(rule=rule, seed=seed_record, max_tiers=max_tiers, window=window,
                       fanout_cap=fanout_cap, total_held=raw.money(total), touched_edges=touched,
                       raw=raw)


COMPILED_MIN_TRANSFERS = 50_000
"""Indexes at least this large are traced by the compiled kernel when `compiled` is None."""


def kernel_available() -> bool:
    """Whether the compiled kernel (numba) can be imported here."""
    try:
        import antifraud.tracing.kernel  # noqa: F401
    except ImportError:
        return False
    return True


def _use_kernel(index: TransferIndex, compiled: bool | None) -> bool:
    """Compiled kernel or Python loops: by the caller's choice, else by the index's size."""
    if compiled is None:
        return index.n_transfers >= COMPILED_MIN_TRANSFERS and kernel_available()
    if compiled and not kernel_available():
        raise TraceInputError("the compiled tracing kernel needs numba, which is not installed")
    return compiled


# ---- internals ----------------------------------------------------------------------------

# columns of the per-card result array shared by the kernel and the Python loops
C_CID, C_TIER, C_FIRST, C_IN, C_OUT, C_KEPT, C_DROPPED, C_DROPAMT, C_HELD = range(9)
_NO_FLOW = np.zeros(0, dtype=np.int64)
_RULE_CODE = {Rule.POISON: 0, Rule.FIFO: 1, Rule.PROPORTIONAL: 2}

Arrays = tuple[np.ndarray, np.ndarray, np.ndarray, int]


def _kernel_trace(index: TransferIndex, start: _Start, rule: Rule, max_tiers: int, end_edge: int,
                  cap: int | None) -> Arrays | None:
    """Run the compiled kernel; None when the trace needs the Python engine (64-bit overflow)."""
    from antifraud.tracing import kernel as k

    assert start.card is not None
    flow = start.flow
    if flow is not None:
        seed_lo = flow.seed_lo
        ov_card, ov_hi, ov_bal, ov_in = flow.account, flow.out_hi, flow.out_bal, flow.in_hi
    else:
        assert start.eid is not None
        seed_lo = int(index.in_hi[start.eid]) - start.amount
        ov_card, ov_hi, ov_bal, ov_in = -1, _NO_FLOW, _NO_FLOW, _NO_FLOW
    capacity = 256
    while True:
        ws = k.workspace(capacity, max_tiers)
        k.trace_kernel(
            _RULE_CODE[rule], index.out_off, index.out_eid, index.out_hi, index.out_bal,
            index.in_off, index.in_eid, index.in_hi, index.dst, index.amount, index.opening,
            start.card, -1 if start.eid is None else start.eid, start.amount, start.after, seed_lo,
            end_edge, max_tiers, -1 if cap is None else cap, ov_card, ov_hi, ov_bal, ov_in,
            *ws.arrays())
        cnt = ws.cnt
        status = cnt[k.STATUS]
        if status == k.STATUS_OK:
            break
        if status == k.STATUS_OVERFLOW:
            return None
        capacity = ws.capacity * 4
    out = ws.cards[:cnt[k.N_CARDS], :k.RESULT_FIELDS].copy()
    edges = ws.edges[:cnt[k.N_EDGES]].copy()  # in edge order: edges are booked as the heap pops them
    left = ws.left[:cnt[k.N_LEFT]].copy()
    if rule is Rule.POISON and flow is not None:
        row = np.flatnonzero(out[:, C_CID] == flow.account)
        if len(row):
            balance = flow.balance_before(end_edge, int(index.opening[flow.account]))
            out[row[0], C_HELD] = min(int(out[row[0], C_IN]), balance)
    return out, edges, left, int(cnt[k.TOUCHED])


class _Raw:
    """A finished trace as arrays (cards, edges, left), turned into records on demand."""

    __slots__ = ("bank_of", "cards", "edges", "index", "left", "max_tiers", "money", "start")

    def __init__(self, index: TransferIndex, start: _Start, max_tiers: int, cards: np.ndarray,
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


# ---- internals ----------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class _Start:
    """A resolved seed: card id (None if the card is not in the data) and where the money is."""

    card: int | None
    account: str
    ms: int
    amount: int
    txn_id: str | None
    eid: int | None
    after: int
    flow: CardFlow | None


def _resolve_seed(index: TransferIndex, seed: str | int | CardSeed) -> _Start:
    """Find the seed's card and position in the global order."""
    if isinstance(seed, CardSeed):
        try:
            amount = to_fen(Decimal(seed.amount))
        except (ValueError, ArithmeticError) as exc:
            raise TraceInputError(f"seed amount: {exc}") from None
        if amount <= 0:
            raise TraceInputError("seed amount must be positive")
        ms = to_epoch_ms(seed.time)
        card = index.account_id(seed.account)
        before = index.first_edge_at_or_after(ms)
        flow = None if card is None else index.card_flow_with_extra(card, before, amount)
        return _Start(card, seed.account, ms, amount, None, None, before - 1, flow)
    eid = index.edge_of(seed)
    if eid is None:
        raise TraceInputError(f"transfer {seed} is not in the statements")
    mv = index.mv
    if mv["src"][eid] == mv["dst"][eid]:
        raise TraceInputError(f"transfer {seed} is a transfer from a card to itself")
    card = mv["dst"][eid]
    return _Start(card, index.account_name(card), mv["time"][eid], mv["amount"][eid],
                  index.txn_of(eid), eid, eid, None)


class _Card:
    """Mutable per-card state during one trace."""

    __slots__ = (
        "amount_in",
        "amount_out",
        "cid",
        "dropped",
        "dropped_amount",
        "first",
        "head",
        "held_victim",
        "kept",
        "lots",
        "next_pos",
        "pending",
        "start",
        "stop",
        "tier",
        "victim",
    )

    def __init__(self, cid: int, start: int, stop: int, tier: int, first: int) -> None:
        self.cid = cid
        self.start = start          # the card's slice of the outgoing CSR
        self.stop = stop
        self.tier = tier
        self.first = first          # edge id of first arrival (-1 for a card seed)
        self.amount_in = 0
        self.amount_out = 0
        self.lots: list[list[Any]] = []     # fifo: [lo, hi, consumed_to, parts]
        self.head = 0
        self.victim: list[list[int]] = []   # proportional: [tier, fen] sorted by tier
        self.held_victim = 0
        self.kept = 0
        self.dropped = 0
        self.dropped_amount = 0
        self.pending = False        # an outgoing edge of this card is on the heap
        self.next_pos = start       # outgoing CSR position after the last one processed


def _take(parts: list[list[int]], t: int, whole: int, taken: dict[int, int]) -> None:
    """Move t/whole of the victim's money in `parts` into `taken` (by tier), rounding down.

    The cumulative floor over the parts keeps the total taken ≤ t and the remainder consistent.
    """
    if t >= whole:
        for part in parts:
            if part[1]:
                taken[part[0]] = taken.get(part[0], 0) + part[1]
                part[1] = 0
        return
    acc = prev = 0
    for part in parts:
        acc += part[1]
        cum = acc * t // whole
        x = cum - prev
        prev = cum
        if x:
            part[1] -= x
            taken[part[0]] = taken.get(part[0], 0) + x


def _add_parts(parts: list[list[int]], extra: list[list[int]]) -> None:
    """Add victim's money by tier into a tier-sorted parts list."""
    for tier, fen in extra:
        for part in parts:
            if part[0] == tier:
                part[1] += fen
                break
        else:
            parts.append([tier, fen])
            parts.sort()


class _Run:
    """One trace: event-driven over reached cards' outgoing transfers in global order (a heap)."""

    def __init__(self, index: TransferIndex, start: _Start, max_tiers: int, end_edge: int,
                 cap: int | None) -> None:
        self.index = index
        self.start = start
        self.max_tiers = max_tiers
        self.end = end_edge
        self.cap = cap
        self.cards: dict[int, _Card] = {}
        self.heap: list[tuple[int, int, int]] = []
        self.edges: list[tuple[int, int, int, int, int]] = []   # eid, from, to, fen, tier
        self.left: list[tuple[int, int, int, int]] = []         # eid, from, to, fen
        self.touched = 0
        mv = index.mv
        self._dst, self._out_eid, self._out_hi = mv["dst"], mv["out_eid"], mv["out_hi"]
        self._out_off = mv["out_off"]
        flow = start.flow
        self.ov_card = flow.account if flow is not None else -1
        self.ov_hi = flow.out_hi.data if flow is not None else None
        self.ov_bal = flow.out_bal.data if flow is not None else None
        self.ov_in = flow.in_hi.data if flow is not None else None

    # -- helpers shared by the rules --
    def _card(self, cid: int, tier: int, first: int) -> _Card:
        """State of a reached card, created on first arrival."""
        st = self.cards.get(cid)
        if st is None:
            off = self._out_off
            st = _Card(cid, off[cid], off[cid + 1], tier, first)
            self.cards[cid] = st
        elif tier < st.tier:
            st.tier = tier
        return st

    def _push_from(self, st: _Card, pos: int) -> None:
        """Schedule the card's outgoing edge at CSR position `pos`, if inside the window."""
        if pos < st.stop:
            eid = self._out_eid[pos]
            if eid < self.end:
                heapq.heappush(self.heap, (eid, pos, st.cid))
                st.pending = True
                return
        st.pending = False

    def _push_after_edge(self, st: _Card, after: int) -> None:
        """Schedule the card's first outgoing edge later than edge id `after`."""
        pos = bisect.bisect_right(self._out_eid, after, st.next_pos, st.stop)
        self._push_from(st, pos)

    def _push_overlapping(self, st: _Card, lo: int) -> None:
        """Schedule the card's first outgoing edge whose outflow pointer passes coordinate `lo`."""
        if st.cid == self.ov_card:
            assert self.ov_hi is not None
            pos = st.start + bisect.bisect_right(self.ov_hi, lo, st.next_pos - st.start,
                                                 st.stop - st.start)
        else:
            pos = bisect.bisect_right(self._out_hi, lo, st.next_pos, st.stop)
        self._push_from(st, pos)

    def _in_hi(self, eid: int, cid: int) -> int:
        """Inflow coordinate after edge `eid` arrives on card `cid`."""
        if cid == self.ov_card:
            assert self.ov_in is not None
            mv = self.index.mv
            lo, hi = mv["in_off"][cid], mv["in_off"][cid + 1]
            return self.ov_in[bisect.bisect_left(mv["in_eid"], eid, lo, hi) - lo]
        return self.index.mv["in_hi"][eid]

    def _emit(self, st: _Card, eid: int, taken: dict[int, int]) -> list[list[int]] | None:
        """Book victim's money leaving `st` on edge `eid`; the parts that stay in the trace."""
        total = sum(taken.values())
        st.amount_out += total
        if self.cap is not None and st.kept >= self.cap:
            st.dropped += 1
            st.dropped_amount += total
            return None
        st.kept += 1
        dst = self._dst[eid]
        inside: list[list[int]] = []
        left = 0
        for tier, fen in (sorted(taken.items()) if len(taken) > 1 else taken.items()):
            if tier >= self.max_tiers:
                left += fen
            else:
                inside.append([tier + 1, fen])
        if left:
            self.left.append((eid, st.cid, dst, left))
        if not inside:
            return None
        self.edges.append((eid, st.cid, dst, total - left, inside[0][0]))
        return inside

    # -- the rules --
    def fifo(self) -> None:
        """FIFO (Clayton's rule): payments take the oldest lots first, each lot pro rata.

        Each reached card keeps its lots as intervals of its inflow coordinate (see index.py);
        an outgoing transfer takes the interval between its outflow pointers, so the victim's
        money it carries is the overlap with victim lots. Taking part of a lot takes the same part
        of the lot's victim's money (rounded down; the lot's last taker gets the remainder).
        """
        s = self.start
        mv = self.index.mv
        out_hi, amount = mv["out_hi"], mv["amount"]
        heap, cards = self.heap, self.cards
        cid0 = s.card
        assert cid0 is not None
        st0 = self._card(cid0, 1, s.eid if s.eid is not None else -1)
        st0.amount_in = s.amount
        lo0 = s.flow.seed_lo if s.flow is not None else self._in_hi(s.after, cid0) - s.amount
        st0.lots.append([lo0, lo0 + s.amount, lo0, [[1, s.amount]]])
        self._push_overlapping(st0, lo0)
        ov_card, ov_hi = self.ov_card, self.ov_hi
        while heap:
            eid, p, c = heapq.heappop(heap)
            self.touched += 1
            st = cards[c]
            if c == ov_card:
                assert ov_hi is not None
                k = p - st.start
                hi_out = ov_hi[k]
                lo_out = ov_hi[k - 1] if k else 0
            else:
                hi_out = out_hi[p]
                lo_out = out_hi[p - 1] if p > st.start else 0
            st.next_pos = p + 1
            lots = st.lots
            h = st.head
            taken: dict[int, int] = {}
            while h < len(lots):
                lot = lots[h]
                if lot[0] >= hi_out:
                    break
                a = max(lo_out, lot[2])
                b = min(hi_out, lot[1])
                if b > a:
                    parts = lot[3]
                    if len(parts) == 1:
                        part = parts[0]
                        v = part[1]
                        if v:
                            x = v if b == lot[1] else v * (b - a) // (lot[1] - a)
                            if x:
                                part[1] = v - x
                                taken[part[0]] = taken.get(part[0], 0) + x
                    else:
                        _take(parts, b - a, lot[1] - a, taken)
                    lot[2] = b
                if b < lot[1]:
                    break
                h += 1
            st.head = h
            if taken:
                inside = self._emit(st, eid, taken)
                if inside is not None:
                    d = mv["dst"][eid]
                    hi_in = self._in_hi(eid, d)
                    lo_in = hi_in - amount[eid]
                    rcv = self._card(d, inside[0][0], eid)
                    rcv.amount_in += sum(x for _, x in inside)
                    rcv.lots.append([lo_in, hi_in, lo_in, inside])
                    if not rcv.pending:
                        self._push_overlapping(rcv, lo_in)
            if h < len(lots):
                self._push_overlapping(st, lots[h][2])
            else:
                st.pending = False

    def proportional(self) -> None:
        """Proportional (haircut): a payment carries the victim's share of the card's balance.

        A payment of m from a balance b (balance before it, from the index) carries
        victim × min(m, b) / b of the victim's money, rounded down to the fen; the balance never
        goes below 0, so a payment emptying the card carries all the victim's money on it.
        """
        s = self.start
        mv = self.index.mv
        out_hi, out_bal = mv["out_hi"], mv["out_bal"]
        heap, cards = self.heap, self.cards
        cid0 = s.card
        assert cid0 is not None
        st0 = self._card(cid0, 1, s.eid if s.eid is not None else -1)
        st0.amount_in = s.amount
        st0.victim = [[1, s.amount]]
        st0.held_victim = s.amount
        self._push_after_edge(st0, s.after)
        ov_card, ov_hi, ov_bal = self.ov_card, self.ov_hi, self.ov_bal
        while heap:
            eid, p, c = heapq.heappop(heap)
            self.touched += 1
            st = cards[c]
            if c == ov_card:
                assert ov_hi is not None and ov_bal is not None
                k = p - st.start
                t = ov_hi[k] - (ov_hi[k - 1] if k else 0)
                bal = ov_bal[k]
            else:
                t = out_hi[p] - (out_hi[p - 1] if p > st.start else 0)
                bal = out_bal[p]
            st.next_pos = p + 1
            taken: dict[int, int] = {}
            if t > 0 and bal > 0:
                parts = st.victim
                if len(parts) == 1:
                    part = parts[0]
                    x = part[1] if t >= bal else part[1] * t // bal
                    if x:
                        part[1] -= x
                        taken[part[0]] = x
                else:
                    _take(parts, t, bal, taken)
            if taken:
                st.held_victim -= sum(taken.values())
                inside = self._emit(st, eid, taken)
                if inside is not None:
                    d = mv["dst"][eid]
                    rcv = self._card(d, inside[0][0], eid)
                    fen = sum(x for _, x in inside)
                    rcv.amount_in += fen
                    rcv.held_victim += fen
                    _add_parts(rcv.victim, inside)
                    if not rcv.pending:
                        self._push_after_edge(rcv, eid)
            if st.held_victim > 0:
                self._push_from(st, p + 1)
            else:
                st.pending = False

    def poison(self) -> None:
        """Poison (taint): every transfer out of a card after the money reached it is tainted.

        A card's tier is the fewest hops on a path of transfers that never goes back in the global
        order; `first_arrival` is the earliest time the money can be there. Each tainted transfer
        is attributed its full amount.
        """
        s = self.start
        mv = self.index.mv
        out_eid, dst, amount = mv["out_eid"], mv["dst"], mv["amount"]
        heap, cards, cap, max_tiers = self.heap, self.cards, self.cap, self.max_tiers
        cid0 = s.card
        assert cid0 is not None
        st0 = self._card(cid0, 1, s.eid if s.eid is not None else -1)
        st0.amount_in = s.amount
        self._push_after_edge(st0, s.after)
        amounts = self.index.amount
        eids = self.index.out_eid
        while heap:
            eid, p, c = heapq.heappop(heap)
            self.touched += 1
            st = cards[c]
            st.next_pos = p + 1
            if cap is not None and st.kept >= cap:
                q = bisect.bisect_left(out_eid, self.end, p, st.stop)
                fen = int(amounts[eids[p:q]].sum())
                st.dropped += q - p
                st.dropped_amount += fen
                st.amount_out += fen
                st.pending = False
                continue
            fen = amount[eid]
            st.amount_out += fen
            st.kept += 1
            tier = st.tier + 1
            d = dst[eid]
            if tier > max_tiers:
                self.left.append((eid, c, d, fen))
            else:
                self.edges.append((eid, c, d, fen, tier))
                rcv = cards.get(d)
                if rcv is None:
                    rcv = self._card(d, tier, eid)
                    self._push_after_edge(rcv, eid)
                elif tier < rcv.tier:
                    rcv.tier = tier
                rcv.amount_in += fen
            self._push_from(st, p + 1)

    # -- result --
    def _held(self, rule: Rule, st: _Card) -> int:
        """Victim's money still on the card at the end (poison: an upper bound)."""
        if rule is not Rule.POISON:
            return st.amount_in - st.amount_out
        if st.cid == self.ov_card and self.start.flow is not None:
            balance = self.start.flow.balance_before(self.end, int(self.index.opening[st.cid]))
        else:
            balance = self.index.balance_before(st.cid, self.end)
        return min(st.amount_in, balance)

    def arrays(self, rule: Rule) -> Arrays:
        """The run's findings in the kernel's layout: cards, edges and left rows sorted by edge."""
        cards = np.array([(st.cid, st.tier, st.first, st.amount_in, st.amount_out, st.kept, st.dropped,
                           st.dropped_amount, self._held(rule, st)) for st in self.cards.values()],
                         dtype=np.int64).reshape(-1, 9)
        edges = np.array(sorted(self.edges), dtype=np.int64).reshape(-1, 5)
        left = np.array(sorted(self.left), dtype=np.int64).reshape(-1, 4)
        return cards, edges, left, self.touched


def _money_maker() -> Callable[[int], Decimal]:
    """fen → two-place Decimal, memoised for one result (amounts repeat across edges and cards)."""
    cent = Decimal("0.01")
    cache: dict[int, Decimal] = {}

    def money(fen: int) -> Decimal:
        value = cache.get(fen)
        if value is None:
            value = cache[fen] = Decimal(fen) * cent
        return value

    return money
