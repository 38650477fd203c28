"""Compiled tracing kernel: the three rules of `engine` over a `TransferIndex`, in numba.

This is the same algorithm as `rules.run.TraceRun` and the rules, step for step (one heap of reached cards' next
outgoing transfers in global order, lots as intervals of the inflow coordinate, the same rounding),
written over flat int64 arrays so that numba compiles it to machine code: one kernel per rule
(`trace_fifo`, `trace_proportional`, `trace_poison`) over the same set-up and helpers (the seed's
card, the heap of next transfers, the hash table of reached cards, booking edges and money that
leaves the trace). `engine.trace_funds`
uses it for large indexes and the Python loops for small ones; the tests check both give the same
result, to the fen, on random data for every rule.

The kernel allocates nothing: it works in a `Workspace` of fixed-capacity arrays (cards, lots,
edges, heap, all bounded by the number of transfers the trace touches plus one), kept per thread
and reused, and it is compiled without numba's reference counting (`_nrt=False`), which would
otherwise cost more than the tracing itself. When a trace outgrows the workspace it stops with
`STATUS_FULL` and the caller runs it again in one four times larger. When a split could overflow 64-bit
arithmetic (victim's money × transfer amount above 2**63), it stops with `STATUS_OVERFLOW` and the
caller uses the Python engine, whose integers have no limit.

Compiled code is cached on disk next to this module (numba's `cache=True`), so only the first
process on a machine pays the compilation (a few seconds).
"""

from __future__ import annotations

import threading

import numpy as np
from numba import njit

STATUS_OK, STATUS_FULL, STATUS_OVERFLOW = 0, 1, 2

# per-card state, one row of `cards` per reached card; the first RESULT_FIELDS are the engine's
# result columns (C_* in engine.py), in that order
(CID, TIER, FIRST, AIN, AOUT, KEPT, DROPPED, DROPAMT, HELD, START, STOP, PENDING, NEXTPOS,
 LHEAD, LTAIL, HPOS) = range(16)
CARD_FIELDS = 16
RESULT_FIELDS = 9
# per-lot state (fifo): the lot's interval of the card's inflow coordinate and the next lot
LO, HI, CONSUMED, NEXT = range(4)
# counters
N_CARDS, N_LOTS, N_EDGES, N_LEFT, N_HEAP, TOUCHED, STATUS = range(7)

_MAX = np.int64(2**63 - 1)


@njit(cache=True, inline="always", _nrt=False)
def _bisect_right(a, x, lo, hi):  # type: ignore[no-untyped-def]
    while lo < hi:
        mid = (lo + hi) >> 1
        if x < a[mid]:
            hi = mid
        else:
            lo = mid + 1
    return lo


@njit(cache=True, inline="always", _nrt=False)
def _bisect_left(a, x, lo, hi):  # type: ignore[no-untyped-def]
    while lo < hi:
        mid = (lo + hi) >> 1
        if a[mid] < x:
            lo = mid + 1
        else:
            hi = mid
    return lo


@njit(cache=True, inline="always", _nrt=False)
def _find(slot_of, cid):  # type: ignore[no-untyped-def]
    """Position of card `cid` in the open-addressing table `slot_of` (keys, rows), or of its gap."""
    mask = slot_of.shape[0] - 1
    h = (cid * 2654435761) & mask
    while True:
        key = slot_of[h, 0]
        if key == cid or key == -1:
            return h
        h = (h + 1) & mask


@njit(cache=True, inline="always", _nrt=False)
def _known(slot_of, cid):  # type: ignore[no-untyped-def]
    """The card's row, or -1 when the trace has not reached it."""
    h = _find(slot_of, cid)
    return slot_of[h, 1] if slot_of[h, 0] == cid else -1


@njit(cache=True, inline="always", _nrt=False)
def _slot(cards, slot_of, cnt, cid, tier, first, out_off):  # type: ignore[no-untyped-def]
    """The card's row, created on first arrival (-1 when the capacity is reached)."""
    h = _find(slot_of, cid)
    if slot_of[h, 0] == cid:
        s = slot_of[h, 1]
        cards[s, TIER] = min(cards[s, TIER], tier)
    else:
        s = cnt[N_CARDS]
        if s >= cards.shape[0]:
            cnt[STATUS] = STATUS_FULL
            return -1
        cnt[N_CARDS] = s + 1
        slot_of[h, 0] = cid
        slot_of[h, 1] = s
        row = cards[s]
        row[:] = 0
        row[HPOS] = h
        row[CID] = cid
        row[START] = out_off[cid]
        row[STOP] = out_off[cid + 1]
        row[NEXTPOS] = out_off[cid]
        row[TIER] = tier
        row[FIRST] = first
        row[LHEAD] = -1
        row[LTAIL] = -1
    return s


@njit(cache=True, inline="always", _nrt=False)
def _heap_push(heap, cnt, eid, pos, slot):  # type: ignore[no-untyped-def]
    i = cnt[N_HEAP]
    if i >= heap.shape[0]:
        cnt[STATUS] = STATUS_FULL
        return
    cnt[N_HEAP] = i + 1
    while i > 0:
        parent = (i - 1) >> 1
        if heap[parent, 0] <= eid:
            break
        heap[i, 0] = heap[parent, 0]
        heap[i, 1] = heap[parent, 1]
        heap[i, 2] = heap[parent, 2]
        i = parent
    heap[i, 0] = eid
    heap[i, 1] = pos
    heap[i, 2] = slot


@njit(cache=True, inline="always", _nrt=False)
def _heap_pop(heap, cnt):  # type: ignore[no-untyped-def]
    eid, pos, slot = heap[0, 0], heap[0, 1], heap[0, 2]
    n = cnt[N_HEAP] - 1
    cnt[N_HEAP] = n
    if n > 0:
        k0, k1, k2 = heap[n, 0], heap[n, 1], heap[n, 2]
        i = 0
        while True:
            c = 2 * i + 1
            if c >= n:
                break
            if c + 1 < n and heap[c + 1, 0] < heap[c, 0]:
                c += 1
            if heap[c, 0] >= k0:
                break
            heap[i, 0] = heap[c, 0]
            heap[i, 1] = heap[c, 1]
            heap[i, 2] = heap[c, 2]
            i = c
        heap[i, 0] = k0
        heap[i, 1] = k1
        heap[i, 2] = k2
    return eid, pos, slot


@njit(cache=True, inline="always", _nrt=False)
def _push_from(cards, s, pos, out_eid, end, heap, cnt):  # type: ignore[no-untyped-def]
    """Schedule the card's outgoing edge at CSR position `pos`, if inside the window."""
    if pos < cards[s, STOP]:
        eid = out_eid[pos]
        if eid < end:
            _heap_push(heap, cnt, eid, pos, s)
            cards[s, PENDING] = 1
            return
    cards[s, PENDING] = 0


@njit(cache=True, inline="always", _nrt=False)
def _push_after_edge(cards, s, after, out_eid, end, heap, cnt):  # type: ignore[no-untyped-def]
    """Schedule the card's first outgoing edge later than edge id `after`."""
    pos = _bisect_right(out_eid, after, cards[s, NEXTPOS], cards[s, STOP])
    _push_from(cards, s, pos, out_eid, end, heap, cnt)


@njit(cache=True, inline="always", _nrt=False)
def _push_overlapping(cards, s, lo, out_hi, ov_card, ov_hi, out_eid, end, heap, cnt):  # type: ignore[no-untyped-def]
    """Schedule the card's first outgoing edge whose outflow pointer passes coordinate `lo`."""
    start = cards[s, START]
    if cards[s, CID] == ov_card:
        pos = start + _bisect_right(ov_hi, lo, cards[s, NEXTPOS] - start, cards[s, STOP] - start)
    else:
        pos = _bisect_right(out_hi, lo, cards[s, NEXTPOS], cards[s, STOP])
    _push_from(cards, s, pos, out_eid, end, heap, cnt)


@njit(cache=True, inline="always", _nrt=False)
def _take(parts, t, whole, taken, cnt):  # type: ignore[no-untyped-def]
    """Move t/whole of the victim's money in `parts` (by tier) into `taken`; True if any moved.

    Cumulative floor over the tiers, as `rules.run.take_share`.
    """
    moved = False
    if t >= whole:
        for k in range(parts.shape[0]):
            v = parts[k]
            if v:
                taken[k] += v
                parts[k] = 0
                moved = True
        return moved
    acc = 0
    prev = 0
    for k in range(parts.shape[0]):
        v = parts[k]
        if v == 0:
            continue
        acc += v
        if t > 0 and acc > _MAX // t:
            cnt[STATUS] = STATUS_OVERFLOW
            return moved
        cum = acc * t // whole
        x = cum - prev
        prev = cum
        if x:
            parts[k] = v - x
            taken[k] += x
            moved = True
    return moved


@njit(cache=True, inline="always", _nrt=False)
def _in_hi(eid, cid, in_hi, in_off, in_eid, ov_card, ov_in):  # type: ignore[no-untyped-def]
    """Inflow coordinate after edge `eid` arrives on card `cid`."""
    if cid == ov_card:
        lo = in_off[cid]
        return ov_in[_bisect_left(in_eid, eid, lo, in_off[cid + 1]) - lo]
    return in_hi[eid]


@njit(cache=True, inline="always", _nrt=False)
def _balance_before(cid, end, out_off, out_eid, out_hi, in_off, in_eid, in_hi, opening):  # type: ignore[no-untyped-def]
    """The card's balance after all its transfers with edge id < end (as `TransferIndex`)."""
    o_lo, o_hi = out_off[cid], out_off[cid + 1]
    i_lo, i_hi = in_off[cid], in_off[cid + 1]
    p = _bisect_left(out_eid, end, o_lo, o_hi)
    q = _bisect_left(in_eid, end, i_lo, i_hi)
    inflow = in_hi[in_eid[q - 1]] if q > i_lo else opening[cid]
    pointer = out_hi[p - 1] if p > o_lo else 0
    return inflow - pointer


class Workspace:
    """The kernel's scratch arrays for traces of up to `capacity` touched transfers and `tiers` tiers.

    One per thread (`for_thread`), reused trace after trace; only the rows a trace fills are read.
    """

    def __init__(self, capacity: int, tiers: int) -> None:
        """Allocate; `capacity` a power of two."""
        self.capacity = capacity
        self.tiers = tiers
        self.cards = np.zeros((capacity, CARD_FIELDS), dtype=np.int64)
        self.heap = np.zeros((capacity, 3), dtype=np.int64)
        self.edges = np.zeros((capacity, 5), dtype=np.int64)
        self.left = np.zeros((capacity, 4), dtype=np.int64)
        self.slot_of = np.full((4 * capacity, 2), -1, dtype=np.int64)  # at most a quarter full
        self.lots = np.zeros((capacity, 4), dtype=np.int64)
        self.parts = np.zeros((capacity, tiers), dtype=np.int64)
        self.victim = np.zeros((capacity, tiers), dtype=np.int64)
        self.taken = np.zeros(tiers, dtype=np.int64)
        self.inside = np.zeros(tiers, dtype=np.int64)
        self.cnt = np.zeros(7, dtype=np.int64)
        # the kernels' `ws` argument, built once: a trace pays no tuple building
        self.arrays = (self.cards, self.heap, self.edges, self.left, self.slot_of, self.cnt, self.lots,
                       self.parts, self.victim, self.taken, self.inside)


_local = threading.local()


def workspace(capacity: int, tiers: int) -> Workspace:
    """This thread's workspace for `tiers` tiers, with at least `capacity` rows."""
    spaces: dict[int, Workspace] | None = getattr(_local, "spaces", None)
    if spaces is None:
        spaces = _local.spaces = {}
    ws = spaces.get(tiers)
    if ws is None or ws.capacity < capacity:
        ws = spaces[tiers] = Workspace(capacity, tiers)
    return ws


# The kernels' arguments, four tuples:
#   index  the `TransferIndex` columns (out_off, out_eid, out_hi, out_bal, in_off, in_eid, in_hi, dst,
#          amount, opening): its `kernel_columns`;
#   flow   the seed card's outflow redrawn around a card seed (ov_hi, ov_bal, ov_in: `CardFlow`'s
#          out_hi, out_bal, in_hi), empty arrays for a transfer seed;
#   seed   the trace's numbers (SEED_* below);
#   ws     the `Workspace` arrays (`Workspace.arrays`).
(SEED_CARD, SEED_FIRST, SEED_AMOUNT, SEED_AFTER, SEED_LO, SEED_END, SEED_TIERS, SEED_CAP,
 SEED_FLOW_CARD) = range(9)


@njit(cache=True, inline="always", _nrt=False)
def _begin(seed, out_off, cards, slot_of, cnt):  # type: ignore[no-untyped-def]
    """The set-up every rule shares: counters cleared, the seed's card as the first row (tier 1)."""
    cnt[:] = 0
    s0 = _slot(cards, slot_of, cnt, seed[SEED_CARD], 1, seed[SEED_FIRST], out_off)
    cards[s0, AIN] = seed[SEED_AMOUNT]
    return s0


@njit(cache=True, inline="always", _nrt=False)
def _forget(cards, slot_of, cnt):  # type: ignore[no-untyped-def]
    """Empty the hash table again for the next trace."""
    for s in range(cnt[N_CARDS]):
        slot_of[cards[s, HPOS], 0] = -1
        slot_of[cards[s, HPOS], 1] = -1


@njit(cache=True, inline="always", _nrt=False)
def _hold_the_rest(cards, slot_of, cnt):  # type: ignore[no-untyped-def]
    """End of a fifo or proportional trace: each card holds what came in and did not go out."""
    _forget(cards, slot_of, cnt)
    for s in range(cnt[N_CARDS]):
        cards[s, HELD] = cards[s, AIN] - cards[s, AOUT]


@njit(cache=True, inline="always", _nrt=False)
def _outflow(cards, s, p, out_hi, ov_card, ov_hi):  # type: ignore[no-untyped-def]
    """The outflow interval (lo, hi) of the card's outgoing edge at CSR position `p`."""
    start = cards[s, START]
    if cards[s, CID] == ov_card:
        k = p - start
        return (ov_hi[k - 1] if k else 0), ov_hi[k]
    return (out_hi[p - 1] if p > start else 0), out_hi[p]


@njit(cache=True, inline="always", _nrt=False)
def _book_left(left, cnt, eid, src, dst, fen):  # type: ignore[no-untyped-def]
    """A row of money leaving the trace; False when the workspace is full."""
    i = cnt[N_LEFT]
    if i >= left.shape[0]:
        cnt[STATUS] = STATUS_FULL
        return False
    left[i, 0] = eid
    left[i, 1] = src
    left[i, 2] = dst
    left[i, 3] = fen
    cnt[N_LEFT] = i + 1
    return True


@njit(cache=True, inline="always", _nrt=False)
def _book_edge(edges, cnt, eid, src, dst, fen, tier):  # type: ignore[no-untyped-def]
    """A row of the trace's edges; False when the workspace is full."""
    i = cnt[N_EDGES]
    if i >= edges.shape[0]:
        cnt[STATUS] = STATUS_FULL
        return False
    edges[i, 0] = eid
    edges[i, 1] = src
    edges[i, 2] = dst
    edges[i, 3] = fen
    edges[i, 4] = tier
    cnt[N_EDGES] = i + 1
    return True


@njit(cache=True, inline="always", _nrt=False)
def _emit(cards, s, eid, taken, inside, max_tiers, cap, dst, edges, left, cnt):  # type: ignore[no-untyped-def]
    """Book victim's money leaving card `s` on edge `eid`; the lowest tier it delivers, or 0.

    `inside` receives the money that stays in the trace, by its new tier.
    """
    total = 0
    for k in range(max_tiers):
        total += taken[k]
    cards[s, AOUT] += total
    if cap >= 0 and cards[s, KEPT] >= cap:
        cards[s, DROPPED] += 1
        cards[s, DROPAMT] += total
        return 0
    cards[s, KEPT] += 1
    d = dst[eid]
    gone = taken[max_tiers - 1]
    low = 0
    inside[:] = 0
    for k in range(max_tiers - 1):
        if taken[k]:
            inside[k + 1] = taken[k]
            if low == 0:
                low = k + 2
    cid = cards[s, CID]
    if gone and not _book_left(left, cnt, eid, cid, d, gone):
        return 0
    if low == 0 or not _book_edge(edges, cnt, eid, cid, d, total - gone, low):
        return 0
    return low


@njit(cache=True, _nrt=False)
def trace_fifo(index, flow, seed, ws):  # type: ignore[no-untyped-def]
    """Fifo: a card is a queue of lots (intervals of its inflow coordinate); payments take the oldest.

    Fills `ws`; its `cnt` says how many rows of each array were filled and the status. cards rows:
    see the field constants (HELD the victim's money still on the card); edges rows: eid, from,
    to, attributed fen, tier; left rows: eid, from, to, fen. The hash table is left empty again.
    """
    out_off, out_eid, out_hi, _, in_off, in_eid, in_hi, dst, amount, _ = index
    ov_hi, _, ov_in = flow
    cards, heap, edges, left, slot_of, cnt, lots, parts, _, taken, inside = ws
    end, max_tiers, cap, ov_card = seed[SEED_END], seed[SEED_TIERS], seed[SEED_CAP], seed[SEED_FLOW_CARD]
    s0 = _begin(seed, out_off, cards, slot_of, cnt)
    seed_lo, seed_amount = seed[SEED_LO], seed[SEED_AMOUNT]
    parts[0, :max_tiers] = 0
    parts[0, 0] = seed_amount
    lots[0, LO] = seed_lo
    lots[0, HI] = seed_lo + seed_amount
    lots[0, CONSUMED] = seed_lo
    lots[0, NEXT] = -1
    cnt[N_LOTS] = 1
    cards[s0, LHEAD] = 0
    cards[s0, LTAIL] = 0
    _push_overlapping(cards, s0, seed_lo, out_hi, ov_card, ov_hi, out_eid, end, heap, cnt)
    while cnt[N_HEAP] > 0 and cnt[STATUS] == STATUS_OK:
        eid, p, s = _heap_pop(heap, cnt)
        cnt[TOUCHED] += 1
        lo_out, hi_out = _outflow(cards, s, p, out_hi, ov_card, ov_hi)
        cards[s, NEXTPOS] = p + 1
        taken[:] = 0
        moved = False
        h = cards[s, LHEAD]
        while h != -1:
            if lots[h, LO] >= hi_out:
                break
            a = max(lo_out, lots[h, CONSUMED])
            b = min(hi_out, lots[h, HI])
            if b > a:
                if _take(parts[h], b - a, lots[h, HI] - a, taken, cnt):
                    moved = True
                lots[h, CONSUMED] = b
            if b < lots[h, HI]:
                break
            h = lots[h, NEXT]
        cards[s, LHEAD] = h
        if h == -1:
            cards[s, LTAIL] = -1
        if cnt[STATUS] != STATUS_OK:
            break
        if moved:
            low = _emit(cards, s, eid, taken, inside, max_tiers, cap, dst, edges, left, cnt)
            if low:
                d = dst[eid]
                hi_in = _in_hi(eid, d, in_hi, in_off, in_eid, ov_card, ov_in)
                lo_in = hi_in - amount[eid]
                r = _slot(cards, slot_of, cnt, d, low, eid, out_off)
                if r < 0:
                    break
                lot = cnt[N_LOTS]
                if lot >= lots.shape[0]:
                    cnt[STATUS] = STATUS_FULL
                    break
                cnt[N_LOTS] = lot + 1
                lots[lot, LO] = lo_in
                lots[lot, HI] = hi_in
                lots[lot, CONSUMED] = lo_in
                lots[lot, NEXT] = -1
                fen = 0
                for k in range(max_tiers):
                    parts[lot, k] = inside[k]
                    fen += inside[k]
                cards[r, AIN] += fen
                tail = cards[r, LTAIL]
                if tail == -1:
                    cards[r, LHEAD] = lot
                else:
                    lots[tail, NEXT] = lot
                cards[r, LTAIL] = lot
                if not cards[r, PENDING]:
                    _push_overlapping(cards, r, lo_in, out_hi, ov_card, ov_hi, out_eid, end, heap, cnt)
        if h != -1:
            _push_overlapping(cards, s, lots[h, CONSUMED], out_hi, ov_card, ov_hi, out_eid, end, heap, cnt)
        else:
            cards[s, PENDING] = 0
    _hold_the_rest(cards, slot_of, cnt)


@njit(cache=True, _nrt=False)
def trace_proportional(index, flow, seed, ws):  # type: ignore[no-untyped-def]
    """Proportional: each payment carries the victim's share of the card's balance. Fills `ws` as `trace_fifo`."""
    out_off, out_eid, out_hi, out_bal, _, _, _, dst, _, _ = index
    ov_hi, ov_bal, _ = flow
    cards, heap, edges, left, slot_of, cnt, _, _, victim, taken, inside = ws
    end, max_tiers, cap, ov_card = seed[SEED_END], seed[SEED_TIERS], seed[SEED_CAP], seed[SEED_FLOW_CARD]
    s0 = _begin(seed, out_off, cards, slot_of, cnt)
    victim[s0, :max_tiers] = 0
    victim[s0, 0] = seed[SEED_AMOUNT]
    cards[s0, HELD] = seed[SEED_AMOUNT]
    _push_after_edge(cards, s0, seed[SEED_AFTER], out_eid, end, heap, cnt)
    while cnt[N_HEAP] > 0 and cnt[STATUS] == STATUS_OK:
        eid, p, s = _heap_pop(heap, cnt)
        cnt[TOUCHED] += 1
        lo_out, hi_out = _outflow(cards, s, p, out_hi, ov_card, ov_hi)
        t = hi_out - lo_out
        bal = ov_bal[p - cards[s, START]] if cards[s, CID] == ov_card else out_bal[p]
        cards[s, NEXTPOS] = p + 1
        taken[:] = 0
        moved = False
        if t > 0 and bal > 0:
            moved = _take(victim[s], t, bal, taken, cnt)
        if cnt[STATUS] != STATUS_OK:
            break
        if moved:
            for k in range(max_tiers):
                cards[s, HELD] -= taken[k]
            low = _emit(cards, s, eid, taken, inside, max_tiers, cap, dst, edges, left, cnt)
            if low:
                d = dst[eid]
                known = _known(slot_of, d) >= 0
                r = _slot(cards, slot_of, cnt, d, low, eid, out_off)
                if r < 0:
                    break
                fen = 0
                for k in range(max_tiers):
                    if not known:
                        victim[r, k] = 0
                    victim[r, k] += inside[k]
                    fen += inside[k]
                cards[r, AIN] += fen
                cards[r, HELD] += fen
                if not cards[r, PENDING]:
                    _push_after_edge(cards, r, eid, out_eid, end, heap, cnt)
        if cards[s, HELD] > 0:
            _push_from(cards, s, p + 1, out_eid, end, heap, cnt)
        else:
            cards[s, PENDING] = 0
    _hold_the_rest(cards, slot_of, cnt)


@njit(cache=True, _nrt=False)
def trace_poison(index, flow, seed, ws):  # type: ignore[no-untyped-def]
    """Poison: every transfer out of a reached card after the money came is tainted in full.

    Fills `ws` as `trace_fifo`; HELD is the upper bound min(amount in, balance at the end).
    """
    out_off, out_eid, out_hi, _, in_off, in_eid, in_hi, dst, amount, opening = index
    cards, heap, edges, left, slot_of, cnt = ws[:6]
    end, max_tiers, cap = seed[SEED_END], seed[SEED_TIERS], seed[SEED_CAP]
    s0 = _begin(seed, out_off, cards, slot_of, cnt)
    _push_after_edge(cards, s0, seed[SEED_AFTER], out_eid, end, heap, cnt)
    while cnt[N_HEAP] > 0 and cnt[STATUS] == STATUS_OK:
        eid, p, s = _heap_pop(heap, cnt)
        cnt[TOUCHED] += 1
        cards[s, NEXTPOS] = p + 1
        c = cards[s, CID]
        if cap >= 0 and cards[s, KEPT] >= cap:
            q = _bisect_left(out_eid, end, p, cards[s, STOP])
            fen = 0
            for j in range(p, q):
                fen += amount[out_eid[j]]
            cards[s, DROPPED] += q - p
            cards[s, DROPAMT] += fen
            cards[s, AOUT] += fen
            cards[s, PENDING] = 0
            continue
        fen = amount[eid]
        cards[s, AOUT] += fen
        cards[s, KEPT] += 1
        tier = cards[s, TIER] + 1
        d = dst[eid]
        if tier > max_tiers:
            if not _book_left(left, cnt, eid, c, d, fen):
                break
        else:
            if not _book_edge(edges, cnt, eid, c, d, fen, tier):
                break
            known = _known(slot_of, d) >= 0
            r = _slot(cards, slot_of, cnt, d, tier, eid, out_off)
            if r < 0:
                break
            if not known:
                _push_after_edge(cards, r, eid, out_eid, end, heap, cnt)
            cards[r, AIN] += fen
        _push_from(cards, s, p + 1, out_eid, end, heap, cnt)
    _forget(cards, slot_of, cnt)
    for s in range(cnt[N_CARDS]):
        bal = _balance_before(cards[s, CID], end, out_off, out_eid, out_hi, in_off, in_eid, in_hi, opening)
        cards[s, HELD] = min(cards[s, AIN], bal)


KERNELS = {"fifo": trace_fifo, "proportional": trace_proportional, "poison": trace_poison}
"""The kernel of each rule, by the rule's name."""
