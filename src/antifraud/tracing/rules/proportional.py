"""Proportional (haircut, 按比例): a payment carries the victim's share of the balance."""

from __future__ import annotations

import heapq

from antifraud.tracing.rules.run import TraceRun, add_parts, take_share


def trace_proportional(run: TraceRun) -> None:
    """Proportional (haircut): a payment carries the victim's share of the card's balance.

    A payment of m from a balance b (balance before it, from the index) carries
    victim × min(m, b) / b of the victim's money, rounded down to the fen; the balance never
    goes below 0, so a payment emptying the card carries all the victim's money on it.
    """
    s = run.start
    mv = run.index.mv
    out_hi, out_bal = mv["out_hi"], mv["out_bal"]
    heap, cards = run.heap, run.cards
    cid0 = s.card
    assert cid0 is not None
    st0 = run.reach(cid0, 1, s.eid if s.eid is not None else -1)
    st0.amount_in = s.amount
    st0.victim = [[1, s.amount]]
    st0.held_victim = s.amount
    run.push_after_edge(st0, s.after)
    ov_card, ov_hi, ov_bal = run.ov_card, run.ov_hi, run.ov_bal
    while heap:
        eid, p, c = heapq.heappop(heap)
        run.touched += 1
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
                take_share(parts, t, bal, taken)
        if taken:
            st.held_victim -= sum(taken.values())
            inside = run.emit(st, eid, taken)
            if inside is not None:
                d = mv["dst"][eid]
                rcv = run.reach(d, inside[0][0], eid)
                fen = sum(x for _, x in inside)
                rcv.amount_in += fen
                rcv.held_victim += fen
                add_parts(rcv.victim, inside)
                if not rcv.pending:
                    run.push_after_edge(rcv, eid)
        if st.held_victim > 0:
            run.push_from(st, p + 1)
        else:
            st.pending = False
