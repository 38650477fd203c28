"""Columnar, time-ordered index of transfers (资金流索引) for the fund-flow tracing engine.

A `TransferIndex` holds every transfer once, sorted by (time, txn_id), so that an edge id is the
transfer's rank in that global order. Around it:

* CSR adjacency by source card (`out_off`, `out_eid`) and by receiving card (`in_off`, `in_eid`),
  each card's edges in time order;
* per-card flow coordinates, computed once for all cards with numpy, that make a FIFO or
  proportional trace a matter of looking numbers up instead of replaying a card's history.

Flow coordinates
----------------
Think of each card as a FIFO queue of money. Its *inflow coordinate* counts, in fen, all money
that ever entered the queue: the opening balance occupies ``[0, opening)``, and an incoming
transfer of ``a`` arriving when ``I`` fen had entered occupies ``[I, I + a)`` (`in_hi` stores
``I + a``). Outgoing transfers take money from the front of the queue: the *outflow pointer* says
how far into the inflow coordinate the queue has been emptied. An outgoing transfer of ``m`` moves
the pointer from ``o`` to ``min(o + m, I)`` — money beyond what the queue holds was on the card
before the statements begin, so it uses no coordinate. `out_hi` stores the pointer after each
outgoing transfer (its pointer before is the previous outgoing transfer's `out_hi` on that card, or
0), and `out_bal` the card's balance just before it (the queue length ``I - o``, never below 0).

Example: a card opens with 300.00, receives 1,000.00 at 10:00, sends 500.00 at 10:05, receives
400.00 at 10:06 and sends 1,000.00 at 10:10. In fen the inflow coordinate is opening ``[0, 30000)``,
first receipt ``[30000, 130000)``, second ``[130000, 170000)``; the first payment moves the pointer
0 → 50000 (balance before 130000), the second 50000 → 150000 (balance before 120000). Whatever
lot covers ``[30000, 130000)`` — say the victim's money — was paid out as 20000 fen in the first
payment and 80000 fen in the second: that is FIFO by interval overlap.
"""

from __future__ import annotations

import bisect
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any, Literal

import numpy as np

from antifraud.core.clock import UTC, as_utc

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_MS = timedelta(milliseconds=1)
_INT64_SAFE = 2**62


@dataclass(frozen=True, slots=True)
class Transfer:
    """One transfer between two cards, as read from bank statements (交易流水).

    `balance_after` is the paying card's (`from_account`'s) balance right after the transfer, when
    the statement shows it.
    """

    txn_id: str
    time: datetime
    from_account: str
    to_account: str
    amount: Decimal
    channel: str = ""
    balance_after: Decimal | None = None


def to_fen(amount: Decimal) -> int:
    """Yuan as Decimal to integer fen (分); ValueError beyond two decimal places."""
    if not amount.is_finite():
        raise ValueError(f"amount {amount} is not a finite number")
    fen = amount.scaleb(2)
    if fen != fen.to_integral_value():
        raise ValueError(f"amount {amount} has more than two decimal places")
    return int(fen)


def from_fen(fen: int) -> Decimal:
    """Integer fen to yuan as a two-place Decimal."""
    return Decimal(int(fen)).scaleb(-2)


def to_epoch_ms(moment: datetime) -> int:
    """Milliseconds since 1970-01-01 UTC; a naive time is taken as Asia/Shanghai."""
    return (as_utc(moment) - EPOCH) // _MS


def from_epoch_ms(ms: int) -> datetime:
    """Aware UTC datetime for epoch milliseconds."""
    return EPOCH + timedelta(0, 0, 0, int(ms))


def derive_opening_balances(
    transfers: Iterable[Transfer],
    observations: Iterable[tuple[str, datetime, str, Decimal]] | None = None,
) -> tuple[dict[str, Decimal], list[tuple[str, str]]]:
    """Each card's balance before its first transfer in the data, from a balance a statement shows.

    `observations` are (card, time, txn_id, balance after that transfer); by default the payer's
    `balance_after` of each transfer. The card's earliest observation is used: opening = balance
    shown − net flow of the card's transfers up to and including that one. Returns the openings
    and the (card, txn_id) observations that would give a negative opening (inconsistent data).
    """
    items = list(transfers)
    if observations is None:
        observations = [(t.from_account, t.time, t.txn_id, t.balance_after)
                        for t in items if t.balance_after is not None]
    first: dict[str, tuple[int, str, Decimal]] = {}
    for card, moment, txn_id, balance in observations:
        key = (to_epoch_ms(moment), txn_id, balance)
        if card not in first or key[:2] < first[card][:2]:
            first[card] = key
    flows: dict[str, list[tuple[int, str, Decimal]]] = defaultdict(list)
    for t in items:
        ms = to_epoch_ms(t.time)
        if t.from_account in first and t.from_account != t.to_account:
            flows[t.from_account].append((ms, t.txn_id, -t.amount))
        if t.to_account in first and t.from_account != t.to_account:
            flows[t.to_account].append((ms, t.txn_id, t.amount))
    openings: dict[str, Decimal] = {}
    bad: list[tuple[str, str]] = []
    for card, (ms, txn_id, balance) in sorted(first.items()):
        net = sum((amt for (f_ms, f_txn, amt) in flows[card] if (f_ms, f_txn) <= (ms, txn_id)),
                  Decimal(0))
        opening = balance - net
        if opening < 0:
            bad.append((card, txn_id))
        elif opening > 0:
            openings[card] = opening.quantize(Decimal("0.01"))
    return openings, bad


def _time_then_txn_order(time_ms: np.ndarray, txn: np.ndarray) -> np.ndarray:
    """Permutation sorting by (time, txn_id): sort by time, then order only the tied rows."""
    order = np.argsort(time_ms, kind="stable")
    ordered = time_ms[order]
    tie = ordered[1:] == ordered[:-1]
    if tie.any():
        tied = np.zeros(len(order), dtype=bool)
        tied[1:] |= tie
        tied[:-1] |= tie
        pos = np.flatnonzero(tied)
        rows = order[pos]
        order[pos] = rows[np.lexsort((txn[rows], time_ms[rows]))]
    return order


def _segmented_running_min(values: np.ndarray, starts: np.ndarray, group: np.ndarray) -> np.ndarray:
    """Running minimum restarted at each group start (groups are contiguous runs of `values`).

    Each group is shifted below all earlier groups so one `np.minimum.accumulate` suffices.
    """
    gmin = np.minimum.reduceat(values, starts)
    gmax = np.maximum.reduceat(values, starts)
    steps = np.maximum(0, gmax[1:] - gmin[:-1]) + 1
    bound = float(np.abs(values).max(initial=0)) + float(steps.astype(np.float64).sum())
    if bound >= _INT64_SAFE:
        raise OverflowError("flows too large for int64 fen arithmetic")
    shift = np.zeros(len(starts), dtype=np.int64)
    np.cumsum(steps, out=shift[1:])
    shifted = values - shift[group]
    running: np.ndarray = np.minimum.accumulate(shifted) + shift[group]
    return running


def _flow_coordinates(src: np.ndarray, dst: np.ndarray, amount: np.ndarray,
                      opening: np.ndarray, n_accounts: int) -> dict[str, np.ndarray]:
    """CSR adjacency plus FIFO/balance coordinates for every card (see the module docstring)."""
    n = len(amount)
    eids = np.flatnonzero(src != dst).astype(np.int64)
    m = len(eids)
    # one sort of packed (card, edge, is_in) keys groups every card's events in time order
    shift = max(1, n.bit_length())
    if (max(n_accounts, 1) << (shift + 1)) >= _INT64_SAFE:
        raise OverflowError("too many accounts × transfers for int64 sort keys")
    key = np.concatenate([src[eids], dst[eids]]).astype(np.int64)
    key <<= shift
    key[:m] |= eids
    key[m:] |= eids
    key <<= 1
    key[m:] |= 1
    key.sort(kind="quicksort")
    is_in = (key & 1).astype(bool)
    key >>= 1
    ev_eid = key & ((1 << shift) - 1)
    key >>= shift
    ev_card = key
    amt = amount[ev_eid]
    delta = np.where(is_in, amt, -amt)
    if len(ev_card):
        first = np.empty(len(ev_card), dtype=bool)
        first[0] = True
        np.not_equal(ev_card[1:], ev_card[:-1], out=first[1:])
        starts = np.flatnonzero(first)
        group = np.cumsum(first) - 1
        open_ev = opening[ev_card]
        running = np.cumsum(delta)
        level_raw = open_ev + running - (running[starts] - delta[starts])[group]
        low = _segmented_running_min(level_raw, starts, group)
        level = level_raw - np.minimum(low, 0)
        inflow = np.where(is_in, amt, 0)
        running_in = np.cumsum(inflow)
        coord_in = open_ev + running_in - (running_in[starts] - inflow[starts])[group]
        outptr = coord_in - level
        level_before = np.empty_like(level)
        level_before[1:] = level[:-1]
        level_before[starts] = open_ev[starts]
    else:
        coord_in = outptr = level_before = np.zeros(0, dtype=np.int64)
    out_mask = ~is_in
    eid_dtype = np.int32 if n < 2**31 else np.int64
    in_hi = np.zeros(n, dtype=np.int64)
    in_hi[ev_eid[is_in]] = coord_in[is_in]
    out_off = np.zeros(n_accounts + 1, dtype=np.int64)
    np.cumsum(np.bincount(ev_card[out_mask], minlength=n_accounts), out=out_off[1:])
    in_off = np.zeros(n_accounts + 1, dtype=np.int64)
    np.cumsum(np.bincount(ev_card[is_in], minlength=n_accounts), out=in_off[1:])
    return {
        "out_off": out_off,
        "out_eid": ev_eid[out_mask].astype(eid_dtype),
        "out_hi": np.ascontiguousarray(outptr[out_mask]),
        "out_bal": np.ascontiguousarray(level_before[out_mask]),
        "in_off": in_off,
        "in_eid": ev_eid[is_in].astype(eid_dtype),
        "in_hi": in_hi,
    }


class TransferIndex:
    """Transfers sorted by (time, txn_id) with CSR adjacency and flow coordinates; read-only.

    Build it with `from_arrays` (columnar, for millions of transfers) or `from_transfers` (a list of
    `Transfer` records). Self-transfers (same card on both sides) are kept but never traced: they
    do not move money between cards.
    """

    def __init__(self, *, time_ms: np.ndarray, amount_fen: np.ndarray, src: np.ndarray,
                 dst: np.ndarray, txn_ids: np.ndarray, account_names: Sequence[str] | None,
                 opening_fen: np.ndarray, account_banks: Sequence[str | None] | None = None) -> None:
        """Take arrays already sorted by (time, txn_id); use the `from_*` constructors instead."""
        self.time = time_ms
        self.amount = amount_fen
        self.src = src
        self.dst = dst
        self.txn = txn_ids
        self.opening = opening_fen
        self.n_accounts = len(opening_fen)
        self._names = account_names
        self._banks = account_banks
        self._ids: dict[str, int] | None = None
        self._txn_perm = np.argsort(txn_ids, kind="stable")
        self._txn_sorted = txn_ids[self._txn_perm]
        if len(txn_ids) > 1:
            dup = np.flatnonzero(self._txn_sorted[1:] == self._txn_sorted[:-1])
            if len(dup):
                raise ValueError(f"duplicate txn_id {self._txn_sorted[dup[0]]!r}")
        coords = _flow_coordinates(src, dst, amount_fen, opening_fen, self.n_accounts)
        self.out_off: np.ndarray = coords["out_off"]
        self.out_eid: np.ndarray = coords["out_eid"]
        self.out_hi: np.ndarray = coords["out_hi"]
        self.out_bal: np.ndarray = coords["out_bal"]
        self.in_off: np.ndarray = coords["in_off"]
        self.in_eid: np.ndarray = coords["in_eid"]
        self.in_hi: np.ndarray = coords["in_hi"]
        # the columns the compiled kernels read, in their order (`kernel.py`)
        self.kernel_columns = (self.out_off, self.out_eid, self.out_hi, self.out_bal, self.in_off, self.in_eid,
                               self.in_hi, self.dst, self.amount, self.opening)
        # memoryviews give plain ints per element: the tracing loops read them one at a time
        self.mv: dict[str, memoryview] = {name: arr.data for name, arr in (
            ("time", self.time), ("amount", self.amount), ("src", self.src), ("dst", self.dst),
            ("out_off", self.out_off), ("out_eid", self.out_eid), ("out_hi", self.out_hi),
            ("out_bal", self.out_bal), ("in_off", self.in_off), ("in_eid", self.in_eid),
            ("in_hi", self.in_hi))}

    # ---- construction -------------------------------------------------------------------
    @classmethod
    def from_arrays(cls, src: Any, dst: Any, time: Any, amount_fen: Any, txn_ids: Any, *,
                    account_names: Sequence[str] | None = None,
                    opening_fen: Any = None, time_unit: Literal["ms", "s"] = "ms",
                    account_banks: Sequence[str | None] | None = None,
                    ) -> TransferIndex:
        """Build from columns: int account ids, epoch time, positive int64 fen, unique txn ids.

        Row order does not matter. `account_names[i]` names account id i (default: ``str(i)``);
        `opening_fen[i]` is account i's balance before its first transfer (default 0);
        `account_banks[i]` is its issuing bank's code when already known (statements come from
        the banks), so traces need not look it up by BIN.
        """
        src_a = np.asarray(src)
        dst_a = np.asarray(dst)
        time_a = np.asarray(time, dtype=np.int64)
        amt = np.asarray(amount_fen, dtype=np.int64)
        txn = np.asarray(txn_ids)
        if txn.dtype.kind == "O":
            txn = txn.astype(str)
        n = len(amt)
        if not (len(src_a) == len(dst_a) == len(time_a) == len(txn) == n):
            raise ValueError("columns differ in length")
        if n and int(amt.min()) <= 0:
            raise ValueError("amounts must be positive fen")
        if time_unit == "s":
            time_a = time_a * 1000
        n_acc = int(max(src_a.max(initial=-1), dst_a.max(initial=-1))) + 1
        if n and int(min(src_a.min(), dst_a.min())) < 0:
            raise ValueError("account ids must be non-negative")
        if account_names is not None:
            n_acc = max(n_acc, len(account_names))
        opening = np.zeros(n_acc, dtype=np.int64)
        if opening_fen is not None:
            given = np.asarray(opening_fen, dtype=np.int64)
            if len(given) and int(given.min()) < 0:
                raise ValueError("opening balances must not be negative")
            opening[: len(given)] = given
        order = _time_then_txn_order(time_a, txn)
        id_dtype = np.int32 if n_acc < 2**31 else np.int64
        return cls(time_ms=np.ascontiguousarray(time_a[order]),
                   amount_fen=np.ascontiguousarray(amt[order]),
                   src=np.ascontiguousarray(src_a[order], dtype=id_dtype),
                   dst=np.ascontiguousarray(dst_a[order], dtype=id_dtype),
                   txn_ids=np.ascontiguousarray(txn[order]),
                   account_names=account_names, opening_fen=opening, account_banks=account_banks)

    @classmethod
    def from_transfers(cls, transfers: Iterable[Transfer],
                       opening_balances: Mapping[str, Decimal] | None = None) -> TransferIndex:
        """Build from `Transfer` records (small data, tests); duplicates by txn_id are dropped.

        Without `opening_balances`, they are derived from the payers' `balance_after`.
        """
        unique: dict[str, Transfer] = {}
        for t in transfers:
            seen = unique.get(t.txn_id)
            if seen is None:
                unique[t.txn_id] = t
            elif (seen.from_account, seen.to_account, seen.amount, to_epoch_ms(seen.time)) != (
                    t.from_account, t.to_account, t.amount, to_epoch_ms(t.time)):
                raise ValueError(f"txn_id {t.txn_id!r} used by two different transfers")
        items = list(unique.values())
        if opening_balances is None:
            opening_balances, _ = derive_opening_balances(items)
        names = sorted({t.from_account for t in items} | {t.to_account for t in items}
                       | set(opening_balances))
        ids = {name: i for i, name in enumerate(names)}
        opening = np.zeros(len(names), dtype=np.int64)
        for name, value in opening_balances.items():
            opening[ids[name]] = to_fen(value)
        return cls.from_arrays(
            np.array([ids[t.from_account] for t in items], dtype=np.int64),
            np.array([ids[t.to_account] for t in items], dtype=np.int64),
            np.array([to_epoch_ms(t.time) for t in items], dtype=np.int64),
            np.array([to_fen(t.amount) for t in items], dtype=np.int64),
            np.array([t.txn_id for t in items], dtype=str),
            account_names=names, opening_fen=opening)

    # ---- look-ups ----------------------------------------------------------------------
    @property
    def n_transfers(self) -> int:
        """Number of transfers held."""
        return len(self.amount)

    @property
    def nbytes(self) -> int:
        """Memory held by the index arrays, in bytes."""
        arrays = (self.time, self.amount, self.src, self.dst, self.txn, self.opening,
                  self._txn_perm, self._txn_sorted, self.out_off, self.out_eid, self.out_hi,
                  self.out_bal, self.in_off, self.in_eid, self.in_hi)
        return int(sum(a.nbytes for a in arrays))

    def edge_of(self, txn_id: str | int) -> int | None:
        """Edge id (global rank) of a transfer, or None when it is not in the index."""
        key: Any = txn_id
        if self.txn.dtype.kind in "iu":
            try:
                key = int(txn_id)
            except (TypeError, ValueError):
                return None
        elif self.txn.dtype.kind == "U":
            key = str(txn_id)
        pos = int(np.searchsorted(self._txn_sorted, key))
        if pos < len(self._txn_sorted) and self._txn_sorted[pos] == key:
            return int(self._txn_perm[pos])
        return None

    def edge_columns(self, eids: Sequence[int]) -> tuple[list[datetime], list[int], list[str]]:
        """Times (aware UTC), amounts (fen) and txn ids of many edges at once."""
        if not eids:
            return [], [], []
        rows = np.fromiter(eids, dtype=np.int64, count=len(eids))
        epoch, delta = EPOCH, timedelta
        times = [epoch + delta(0, 0, 0, ms) for ms in self.time[rows].tolist()]
        return times, self.amount[rows].tolist(), [str(x) for x in self.txn[rows].tolist()]

    def txn_of(self, eid: int) -> str:
        """Transfer id of an edge, as text."""
        return str(self.txn[eid])

    def account_id(self, name: str) -> int | None:
        """Internal id of a card number, or None when the card is not in the data."""
        if self._names is None:
            try:
                value = int(name)
            except ValueError:
                return None
            return value if 0 <= value < self.n_accounts and str(value) == name else None
        if self._ids is None:
            self._ids = {str(a): i for i, a in enumerate(self._names)}
        return self._ids.get(name)

    def account_name(self, account: int) -> str:
        """Card number of an internal id."""
        return str(account) if self._names is None else str(self._names[account])

    def account_names_of(self, accounts: Iterable[int]) -> dict[int, str]:
        """Card numbers of many internal ids."""
        if self._names is None:
            return {a: str(a) for a in accounts}
        names = self._names
        if isinstance(names, np.ndarray):
            ids = list(accounts)
            return dict(zip(ids, (str(x) for x in names[ids].tolist()), strict=True))
        return {a: str(names[a]) for a in accounts}

    @property
    def knows_banks(self) -> bool:
        """Whether the index was given each account's bank."""
        return self._banks is not None

    def account_banks_of(self, accounts: Sequence[int]) -> list[str | None]:
        """Bank codes given for these internal ids (None where unknown or none were given)."""
        banks = self._banks
        if banks is None:
            return [None] * len(accounts)
        if isinstance(banks, np.ndarray):
            return [x or None for x in banks[list(accounts)].tolist()]
        return [banks[a] or None for a in accounts]

    def first_edge_at_or_after(self, ms: int) -> int:
        """Smallest edge id whose time is ≥ ms (n_transfers when none)."""
        return bisect.bisect_left(self.mv["time"], ms)

    def first_edge_after(self, ms: int) -> int:
        """Smallest edge id whose time is > ms (n_transfers when none)."""
        return bisect.bisect_right(self.mv["time"], ms)

    def balance_before(self, account: int, end_edge: int) -> int:
        """The card's balance in fen after all its transfers with edge id < end_edge."""
        mv = self.mv
        o_lo, o_hi = mv["out_off"][account], mv["out_off"][account + 1]
        i_lo, i_hi = mv["in_off"][account], mv["in_off"][account + 1]
        p = bisect.bisect_left(mv["out_eid"], end_edge, o_lo, o_hi)
        q = bisect.bisect_left(mv["in_eid"], end_edge, i_lo, i_hi)
        inflow = mv["in_hi"][mv["in_eid"][q - 1]] if q > i_lo else int(self.opening[account])
        pointer = mv["out_hi"][p - 1] if p > o_lo else 0
        return int(inflow - pointer)

    def card_flow_with_extra(self, account: int, before_edge: int, extra: int) -> CardFlow:
        """The card's coordinates if `extra` fen arrived just before edge `before_edge`.

        Used for a seed that is not in the data: the victim's money enters the card's queue there.
        """
        o_lo, o_hi = int(self.out_off[account]), int(self.out_off[account + 1])
        i_lo, i_hi = int(self.in_off[account]), int(self.in_off[account + 1])
        out_e = self.out_eid[o_lo:o_hi].astype(np.int64)
        in_e = self.in_eid[i_lo:i_hi].astype(np.int64)
        keys = np.concatenate([out_e * 2, in_e * 2, [2 * before_edge - 1]])
        amounts = np.concatenate([-self.amount[out_e], self.amount[in_e], [extra]])
        order = np.argsort(keys, kind="stable")
        delta = amounts[order]
        opening = int(self.opening[account])
        raw = opening + np.cumsum(delta)
        level = raw - np.minimum(np.minimum.accumulate(raw), 0)
        inflow = opening + np.cumsum(np.maximum(delta, 0))
        pointer = inflow - level
        before = np.concatenate([[opening], level[:-1]])
        rank = np.empty(len(order), dtype=np.int64)
        rank[order] = np.arange(len(order))
        n_out, n_in = len(out_e), len(in_e)
        seed_rank = rank[-1]
        return CardFlow(
            account=account, out_lo=o_lo, in_lo=i_lo,
            out_hi=pointer[rank[:n_out]], out_bal=before[rank[:n_out]],
            in_hi=inflow[rank[n_out:n_out + n_in]],
            seed_lo=int(inflow[seed_rank]) - extra,
            end_inflow=inflow, end_pointer=pointer, event_keys=keys[order])


@dataclass(frozen=True, slots=True)
class CardFlow:
    """One card's coordinates recomputed with an extra arrival (see `card_flow_with_extra`)."""

    account: int
    out_lo: int
    in_lo: int
    out_hi: np.ndarray
    out_bal: np.ndarray
    in_hi: np.ndarray
    seed_lo: int
    end_inflow: np.ndarray
    end_pointer: np.ndarray
    event_keys: np.ndarray

    def balance_before(self, end_edge: int, opening: int) -> int:
        """The card's balance after all its events before edge `end_edge` (seed included)."""
        k = int(np.searchsorted(self.event_keys, 2 * end_edge - 1, side="right"))
        if k == 0:
            return opening
        return int(self.end_inflow[k - 1] - self.end_pointer[k - 1])
