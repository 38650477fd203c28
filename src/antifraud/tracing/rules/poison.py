"""Poison (taint, 全额污染): every payment after the money arrived is tainted in full."""

from __future__ import annotations

import bisect
import heapq

from antifraud.tracing.rules.run import TraceRun


def trace_poison(run: TraceRun) -> None:
    """Poison (taint): every transfer out of a card after the money reached it is tainted.

    A card's tier is the fewest hops on a path of transfers that never goes back in the global
    order; `first_arrival` is the earliest time the money can be there. Each tainted transfer
    is attributed its full amount.
    """
    s = run.start
    mv = run.index.mv
    out_eid, dst, amount = mv["out_eid"], mv["dst"], mv["amount"]
    heap, cards, cap, max_tiers = run.heap, run.cards, run.cap, run.max_tiers
    cid0 = s.card
    assert cid0 is not None
    st0 = run.reach(cid0, 1, s.eid if s.eid is not None else -1)
    st0.amount_in = s.amount
    run.push_after_edge(st0, s.after)
    amounts = run.index.amount
    eids = run.index.out_eid
    while heap:
        eid, p, c = heapq.heappop(heap)
        run.touched += 1
        st = cards[c]
        st.next_pos = p + 1
        if cap is not None and st.kept >= cap:
            q = bisect.bisect_left(out_eid, run.end, p, st.stop)
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
            run.left.append((eid, c, d, fen))
        else:
            run.edges.append((eid, c, d, fen, tier))
            rcv = cards.get(d)
            if rcv is None:
                rcv = run.reach(d, tier, eid)
                run.push_after_edge(rcv, eid)
            elif tier < rcv.tier:
                rcv.tier = tier
            rcv.amount_in += fen
        run.push_from(st, p + 1)
