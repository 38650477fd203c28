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

from datetime import timedelta
from decimal import Decimal

import numpy as np

from antifraud.tracing.index import TransferIndex, from_epoch_ms, to_epoch_ms, to_fen
from antifraud.tracing.results import (
    C_CID,
    C_HELD,
    C_IN,
    DEFAULT_FANOUT_CAP,
    DEFAULT_WINDOW,
    NO_FLOW,
    AccountTrace,
    Arrays,
    BankResolver,
    CappedHub,
    CardSeed,
    LeftTrace,
    RawTrace,
    Rule,
    TraceEdge,
    TraceInputError,
    TraceResult,
    TraceSeed,
    TraceStart,
    money_maker,
)
from antifraud.tracing.rules import RULES, TraceRun

__all__ = ["COMPILED_MIN_TRANSFERS", "DEFAULT_FANOUT_CAP", "DEFAULT_WINDOW", "AccountTrace", "BankResolver",
           "CappedHub", "CardSeed", "LeftTrace", "Rule", "TraceEdge", "TraceInputError", "TraceResult",
           "TraceSeed", "kernel_available", "trace_funds"]


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
        run = TraceRun(index, start, max_tiers, end_edge, fanout_cap)
        if start.card is not None:
            RULES[rule](run)
        arrays = run.arrays(rule)
    cards, edges, left, touched = arrays
    raw = RawTrace(index, start, max_tiers, cards, edges, left, bank_of, money_maker())
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


def _kernel_trace(index: TransferIndex, start: TraceStart, rule: Rule, max_tiers: int, end_edge: int,
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
        ov_card, ov_hi, ov_bal, ov_in = -1, NO_FLOW, NO_FLOW, NO_FLOW
    kernel, columns = k.KERNELS[rule], index.kernel_columns
    numbers = (start.card, -1 if start.eid is None else start.eid, start.amount, start.after, seed_lo,
               end_edge, max_tiers, -1 if cap is None else cap, ov_card)
    capacity = 256
    while True:
        ws = k.workspace(capacity, max_tiers)
        kernel(columns, (ov_hi, ov_bal, ov_in), numbers, ws.arrays)
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


def _resolve_seed(index: TransferIndex, seed: str | int | CardSeed) -> TraceStart:
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
        return TraceStart(card, seed.account, ms, amount, None, None, before - 1, flow)
    eid = index.edge_of(seed)
    if eid is None:
        raise TraceInputError(f"transfer {seed} is not in the statements")
    mv = index.mv
    if mv["src"][eid] == mv["dst"][eid]:
        raise TraceInputError(f"transfer {seed} is a transfer from a card to itself")
    card = mv["dst"][eid]
    return TraceStart(card, index.account_name(card), mv["time"][eid], mv["amount"][eid],
                  index.txn_of(eid), eid, eid, None)
