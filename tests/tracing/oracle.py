"""A deliberately plain model of the three tracing rules, to check the engine against.

It replays every transfer of every card from the start of the data, in (time, txn_id) order, with
a list of lots per card (fifo) or a balance and the victim's part of it (proportional) — no index,
no coordinates, no heap. Amounts are integer fen; splits round down exactly as the engine does.
"""

from __future__ import annotations

from collections import defaultdict, deque
from dataclasses import dataclass, field

from antifraud.tracing.engine import TraceResult
from antifraud.tracing.index import Transfer, to_epoch_ms, to_fen


@dataclass
class Summary:
    """What a trace says, in fen, in a form two implementations can be compared on."""

    accounts: dict[str, tuple[int, int, int, int, int]] = field(default_factory=dict)
    edges: list[tuple[str, str, str, int, int]] = field(default_factory=list)
    left: list[tuple[str, int]] = field(default_factory=list)
    capped: dict[str, tuple[int, int, int]] = field(default_factory=dict)


def summarize(result: TraceResult) -> Summary:
    """The engine's result as a `Summary` (tier, first arrival ms, in, out, held per card)."""
    return Summary(
        accounts={a.account: (a.tier, to_epoch_ms(a.first_arrival), to_fen(a.amount_in),
                              to_fen(a.amount_out), to_fen(a.amount_held)) for a in result.accounts},
        edges=[(e.txn_id, e.from_account, e.to_account, to_fen(e.attributed), e.tier)
               for e in result.edges],
        left=[(e.txn_id, to_fen(e.attributed)) for e in result.left_trace.edges],
        capped={c.account: (c.kept, c.dropped, to_fen(c.amount)) for c in result.capped},
    )


def _share(parts: list[list[int]], t: int, whole: int) -> dict[int, int]:
    """t/whole of each tier's money, cumulative rounding down; parts are reduced in place."""
    got: dict[int, int] = {}
    acc = prev = 0
    for part in parts:
        acc += part[1]
        cum = acc if t >= whole else acc * t // whole
        if cum - prev:
            got[part[0]] = cum - prev
            part[1] -= cum - prev
        prev = cum
    return got


def reference_trace(transfers: list[Transfer], *, seed_txn: str | None = None,
                    seed_card: tuple[str, int, int] | None = None, rule: str = "fifo",
                    max_tiers: int = 5, window_ms: int | None = None, cap: int | None = None,
                    opening: dict[str, int] | None = None) -> Summary:
    """Trace by replaying all transfers; `seed_card` is (card, epoch ms, fen)."""
    rows = sorted(((to_epoch_ms(t.time), t.txn_id, t.from_account, t.to_account, to_fen(t.amount))
                   for t in transfers), key=lambda r: (r[0], r[1]))
    if seed_txn is not None:
        seed = next(r for r in rows if r[1] == seed_txn)
        seed_ms, seed_at = seed[0], rows.index(seed)
        events = [("t", r) for r in rows]
    else:
        assert seed_card is not None
        seed_ms = seed_card[1]
        seed_at = next((i for i, r in enumerate(rows) if r[0] >= seed_ms), len(rows))
        events = [("t", r) for r in rows]
        events.insert(seed_at, ("seed", (seed_ms, None, None, seed_card[0], seed_card[2])))
    cutoff = None if window_ms is None else seed_ms + window_ms
    opening = opening or {}
    balance: dict[str, int] = defaultdict(int, opening)
    queues: dict[str, deque[list]] = defaultdict(deque)
    for card, fen in opening.items():
        if fen:
            queues[card].append([fen, []])
    victim: dict[str, list[list[int]]] = defaultdict(list)
    out = Summary()
    state: dict[str, dict[str, int]] = {}
    started = False

    def reach(card: str, tier: int, ms: int) -> dict[str, int]:
        st = state.setdefault(card, {"tier": tier, "first": ms, "in": 0, "out": 0, "kept": 0,
                                     "dropped": 0, "dropped_fen": 0})
        st["tier"] = min(st["tier"], tier)
        return st

    for kind, (ms, txn, src, dst, fen) in events:
        if started and cutoff is not None and ms > cutoff:
            break
        if kind == "seed" or txn == seed_txn:
            started = True
            if src is not None and src != dst:
                _move_out(rule, src, fen, queues, balance, victim)
            st = reach(dst, 1, ms)
            st["in"] += fen
            if src is not None:
                out.edges.append((txn, src, dst, fen, 1))
            _move_in(rule, dst, fen, [[1, fen]], queues, balance, victim)
            continue
        if src == dst:
            continue
        got = _move_out(rule, src, fen, queues, balance, victim)
        inside: list[list[int]] = []
        if started and src in state:
            if rule == "poison":
                got = {state[src]["tier"]: fen}
            if got:
                st = state[src]
                total = sum(got.values())
                st["out"] += total
                if cap is not None and st["kept"] >= cap:
                    st["dropped"] += 1
                    st["dropped_fen"] += total
                    got = {}
                else:
                    st["kept"] += 1
                left = sum(x for k, x in got.items() if k >= max_tiers)
                inside = [[k + 1, x] for k, x in sorted(got.items()) if k < max_tiers]
                if left:
                    out.left.append((txn, left))
                if inside:
                    out.edges.append((txn, src, dst, total - left, inside[0][0]))
                    rcv = reach(dst, inside[0][0], ms)
                    rcv["in"] += total - left
        _move_in(rule, dst, fen, inside if rule != "poison" else [], queues, balance, victim)
    for card, st in state.items():
        held = st["in"] - st["out"]
        if rule == "poison":
            held = min(st["in"], balance[card])
        out.accounts[card] = (st["tier"], st["first"], st["in"], st["out"], held)
        if st["dropped"]:
            out.capped[card] = (st["kept"], st["dropped"], st["dropped_fen"])
    out.edges.sort(key=lambda e: next(i for i, r in enumerate(rows) if r[1] == e[0]))
    out.left.sort(key=lambda e: next(i for i, r in enumerate(rows) if r[1] == e[0]))
    return out


def _move_out(rule: str, card: str, fen: int, queues: dict, balance: dict, victim: dict) -> dict[int, int]:
    """Money leaves `card`; returns the victim's money it carried, by tier."""
    got: dict[int, int] = {}
    if rule == "fifo":
        need, queue = fen, queues[card]
        while need and queue:
            lot = queue[0]
            t = min(need, lot[0])
            for k, x in _share(lot[1], t, lot[0]).items():
                got[k] = got.get(k, 0) + x
            lot[0] -= t
            need -= t
            if lot[0] == 0:
                queue.popleft()
    elif rule == "proportional" and balance[card] > 0:
        got = _share(victim[card], min(fen, balance[card]), balance[card])
    balance[card] = max(0, balance[card] - fen)
    return got


def _move_in(rule: str, card: str, fen: int, parts: list[list[int]], queues: dict, balance: dict,
             victim: dict) -> None:
    """Money arrives on `card`, `parts` of it the victim's (by tier)."""
    balance[card] += fen
    if rule == "fifo":
        queues[card].append([fen, [list(p) for p in parts]])
    elif rule == "proportional":
        for tier, x in parts:
            for part in victim[card]:
                if part[0] == tier:
                    part[1] += x
                    break
            else:
                victim[card].append([tier, x])
                victim[card].sort()
