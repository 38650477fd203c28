"""Hypothesis strategies: random small transfer graphs and trace options."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from hypothesis import strategies as st

from antifraud.core.clock import LOCAL_TZ
from antifraud.tracing.engine import CardSeed, TraceResult, trace_funds
from antifraud.tracing.index import Transfer, TransferIndex, from_fen, to_epoch_ms

BASE = datetime(2024, 3, 1, 10, 0, tzinfo=LOCAL_TZ)
CARDS = ["A", "B", "C", "D", "E"]


@dataclass
class Case:
    """A random graph, a seed and trace options (amounts in fen)."""

    transfers: list[Transfer]
    opening: dict[str, int]
    seed_txn: str | None
    seed_card: tuple[str, int, int] | None
    rule: str
    max_tiers: int
    cap: int | None
    window_min: int | None


@st.composite
def cases(draw: st.DrawFn) -> Case:
    """Up to 24 transfers among 5 cards, many at the same minute, and a seed."""
    n = draw(st.integers(1, 24))
    names = draw(st.permutations(range(n)))
    transfers = []
    minute = 0
    for i in range(n):
        src = draw(st.sampled_from(CARDS))
        dst = draw(st.sampled_from(CARDS))
        minute = draw(st.sampled_from([minute, minute + 1, minute + 2, 0]))
        fen = draw(st.integers(1, 5000))
        transfers.append(Transfer(f"x{names[i]}", BASE + timedelta(minutes=minute), src, dst,
                                  from_fen(fen)))
    opening = draw(st.dictionaries(st.sampled_from(CARDS), st.integers(0, 3000), max_size=4))
    movable = [t.txn_id for t in transfers if t.from_account != t.to_account]
    seed_txn = seed_card = None
    if movable and draw(st.booleans()):
        seed_txn = draw(st.sampled_from(movable))
    else:
        card = draw(st.sampled_from(CARDS + ["Z"]))
        seed_card = (card, to_epoch_ms(BASE + timedelta(minutes=draw(st.integers(0, 8)))),
                     draw(st.integers(1, 5000)))
    return Case(transfers, opening, seed_txn, seed_card,
                draw(st.sampled_from(["poison", "fifo", "proportional"])),
                draw(st.integers(1, 4)), draw(st.none() | st.integers(1, 3)),
                draw(st.none() | st.integers(0, 25)))


def run_engine(case: Case, transfers: list[Transfer] | None = None, *,
               compiled: bool | None = None) -> TraceResult:
    """Trace the case with the engine (optionally over the transfers in another order).

    `compiled` picks the compiled kernel or the Python loops (None: the engine's own choice).
    """
    index = TransferIndex.from_transfers(
        transfers or case.transfers, {k: from_fen(v) for k, v in case.opening.items()})
    if case.seed_txn is not None:
        seed: str | CardSeed = case.seed_txn
    else:
        assert case.seed_card is not None
        card, ms, fen = case.seed_card
        seed = CardSeed(card, BASE + timedelta(milliseconds=ms - to_epoch_ms(BASE)), from_fen(fen))
    window = None if case.window_min is None else timedelta(minutes=case.window_min)
    return trace_funds(index, seed, rule=case.rule, max_tiers=case.max_tiers, window=window,
                       fanout_cap=case.cap, compiled=compiled)




def with_rule(case: Case, rule: str, cap: int | None = None) -> Case:
    """The same case under another rule, without a fan-out cap."""
    return replace(case, rule=rule, cap=cap)
