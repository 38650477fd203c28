"""FIFO (Clayton's rule, 先进先出): payments take a card's oldest lots first."""

from __future__ import annotations

import heapq

from antifraud.tracing.rules.run import TraceRun, take_share


def trace_fifo(run: TraceRun) -> None:
    """FIFO (Clayton's rule): payments take the oldest lots first, each lot pro rata.

    Each reached card keeps its lots as intervals of its inflow coordinate (see index.py);
    an outgoing transfer takes the interval between its outflow pointers, so the victim's
    money it carries is the overlap with victim lots. Taking part of a lot takes the same part
    of the lot's victim's money (rounded down; the lot's last taker gets the remainder).
    """
    s = run.start
    mv = run.index.mv
    out_hi, amount = mv["out_hi"], mv["amount"]
    heap, cards = run.heap, run.cards
    cid0 = s.card
    assert cid0 is not None
    st0 = run.reach(cid0, 1, s.eid if s.eid is not None else -1)
    st0.amount_in = s.amount
    lo0 = s.flow.seed_lo if s.flow is not None else run.in_hi(s.after, cid0) - s.amount
    st0.lots.append([lo0, lo0 + s.amount, lo0, [[1, s.amount]]])
    run.push_overlapping(st0, lo0)
    ov_card, ov_hi = run.ov_card, run.ov_hi
    while heap:
        eid, p, c = heapq.heappop(heap)
        run.touched += 1
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
                    take_share(parts, b - a, lot[1] - a, taken)
                lot[2] = b
            if b < lot[1]:
                break
            h += 1
        st.head = h
        if taken:
            inside = run.emit(st, eid, taken)
            if inside is not None:
                d = mv["dst"][eid]
                hi_in = run.in_hi(eid, d)
                lo_in = hi_in - amount[eid]
                rcv = run.reach(d, inside[0][0], eid)
                rcv.amount_in += sum(x for _, x in inside)
                rcv.lots.append([lo_in, hi_in, lo_in, inside])
                if not rcv.pending:
                    run.push_overlapping(rcv, lo_in)
        if h < len(lots):
            run.push_overlapping(st, lots[h][2])
        else:
            st.pending = False
