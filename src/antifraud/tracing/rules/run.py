"""One Python trace's state: the reached cards, the heap of their next transfers, what it books.

The rules (`fifo`, `proportional`, `poison`) drive a `TraceRun`; the compiled kernel
(`tracing/kernel.py`) is the same algorithm step for step and leaves its findings in the same layout.
"""

from __future__ import annotations

import bisect
import heapq
from typing import Any

import numpy as np

from antifraud.tracing.index import TransferIndex
from antifraud.tracing.results import Arrays, Rule, TraceStart


class CardState:
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


def take_share(parts: list[list[int]], t: int, whole: int, taken: dict[int, int]) -> None:
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


def add_parts(parts: list[list[int]], extra: list[list[int]]) -> None:
    """Add victim's money by tier into a tier-sorted parts list."""
    for tier, fen in extra:
        for part in parts:
            if part[0] == tier:
                part[1] += fen
                break
        else:
            parts.append([tier, fen])
            parts.sort()


class TraceRun:
    """One trace: event-driven over reached cards' outgoing transfers in global order (a heap)."""

    def __init__(self, index: TransferIndex, start: TraceStart, max_tiers: int, end_edge: int,
                 cap: int | None) -> None:
        self.index = index
        self.start = start
        self.max_tiers = max_tiers
        self.end = end_edge
        self.cap = cap
        self.cards: dict[int, CardState] = {}
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

    def reach(self, cid: int, tier: int, first: int) -> CardState:
        """State of a reached card, created on first arrival."""
        st = self.cards.get(cid)
        if st is None:
            off = self._out_off
            st = CardState(cid, off[cid], off[cid + 1], tier, first)
            self.cards[cid] = st
        elif tier < st.tier:
            st.tier = tier
        return st

    def push_from(self, st: CardState, pos: int) -> None:
        """Schedule the card's outgoing edge at CSR position `pos`, if inside the window."""
        if pos < st.stop:
            eid = self._out_eid[pos]
            if eid < self.end:
                heapq.heappush(self.heap, (eid, pos, st.cid))
                st.pending = True
                return
        st.pending = False

    def push_after_edge(self, st: CardState, after: int) -> None:
        """Schedule the card's first outgoing edge later than edge id `after`."""
        pos = bisect.bisect_right(self._out_eid, after, st.next_pos, st.stop)
        self.push_from(st, pos)

    def push_overlapping(self, st: CardState, lo: int) -> None:
        """Schedule the card's first outgoing edge whose outflow pointer passes coordinate `lo`."""
        if st.cid == self.ov_card:
            assert self.ov_hi is not None
            pos = st.start + bisect.bisect_right(self.ov_hi, lo, st.next_pos - st.start,
                                                 st.stop - st.start)
        else:
            pos = bisect.bisect_right(self._out_hi, lo, st.next_pos, st.stop)
        self.push_from(st, pos)

    def in_hi(self, eid: int, cid: int) -> int:
        """Inflow coordinate after edge `eid` arrives on card `cid`."""
        if cid == self.ov_card:
            assert self.ov_in is not None
            mv = self.index.mv
            lo, hi = mv["in_off"][cid], mv["in_off"][cid + 1]
            return self.ov_in[bisect.bisect_left(mv["in_eid"], eid, lo, hi) - lo]
        return self.index.mv["in_hi"][eid]

    def emit(self, st: CardState, eid: int, taken: dict[int, int]) -> list[list[int]] | None:
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

    def held(self, rule: Rule, st: CardState) -> int:
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
                           st.dropped_amount, self.held(rule, st)) for st in self.cards.values()],
                         dtype=np.int64).reshape(-1, 9)
        edges = np.array(sorted(self.edges), dtype=np.int64).reshape(-1, 5)
        left = np.array(sorted(self.left), dtype=np.int64).reshape(-1, 4)
        return cards, edges, left, self.touched
