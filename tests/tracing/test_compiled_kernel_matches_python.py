"""The compiled tracing kernel and the Python loops give the same trace, to the fen, for every rule."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import numpy as np
import pytest
from hypothesis import given, settings

from antifraud.tracing.engine import (
    COMPILED_MIN_TRANSFERS,
    CardSeed,
    Rule,
    kernel_available,
    trace_funds,
)
from antifraud.tracing.index import TransferIndex, from_epoch_ms

from .oracle import reference_trace, summarize
from .strategies import Case, cases, run_engine

pytestmark = pytest.mark.skipif(not kernel_available(), reason="numba is not installed")


@settings(max_examples=300, deadline=None, database=None)
@given(cases())
def test_kernel_and_python_agree_on_random_small_graphs(case: Case) -> None:
    compiled = run_engine(case, compiled=True)
    python = run_engine(case, compiled=False)
    holding = compiled.holding()  # built from the arrays, before any other record
    assert holding == tuple(a for a in python.accounts if a.amount_held > 0)
    assert compiled.to_dict() == python.to_dict()
    assert compiled.holding() == holding == python.holding()


@settings(max_examples=100, deadline=None, database=None)
@given(cases())
def test_kernel_matches_reference_model(case: Case) -> None:
    expected = reference_trace(
        case.transfers, seed_txn=case.seed_txn, seed_card=case.seed_card, rule=case.rule,
        max_tiers=case.max_tiers, cap=case.cap, opening=case.opening,
        window_ms=None if case.window_min is None else case.window_min * 60_000)
    assert summarize(run_engine(case, compiled=True)) == expected


def dense_index(n_cards: int, n_transfers: int, seed: int, amount_high: int = 500_000) -> TransferIndex:
    """Random transfers among few cards: traces touch thousands of edges and keep many lots."""
    rng = np.random.default_rng(seed)
    src = rng.integers(0, n_cards, n_transfers)
    dst = rng.integers(0, n_cards, n_transfers)
    time = 1_700_000_000_000 + np.sort(rng.integers(0, 3_600_000, n_transfers))
    amount = rng.integers(1, amount_high, n_transfers)
    opening = rng.integers(0, 100_000, n_cards)
    return TransferIndex.from_arrays(src, dst, time, amount, np.arange(n_transfers),
                                     opening_fen=opening)


@pytest.mark.parametrize("rule", list(Rule))
def test_kernel_grows_past_its_first_capacity(rule: Rule) -> None:
    index = dense_index(60, 6_000, seed=5)
    seed = int(np.flatnonzero(index.src != index.dst)[10])
    compiled = trace_funds(index, int(index.txn[seed]), rule=rule, max_tiers=8, window=None,
                           fanout_cap=None, compiled=True)
    python = trace_funds(index, int(index.txn[seed]), rule=rule, max_tiers=8, window=None,
                         fanout_cap=None, compiled=False)
    assert compiled.touched_edges > 256  # beyond the kernel's first capacity of 256 rows
    assert compiled.to_dict() == python.to_dict()


@pytest.mark.parametrize("rule", list(Rule))
def test_card_seed_through_the_kernel(rule: Rule) -> None:
    index = dense_index(40, 3_000, seed=11)
    at = from_epoch_ms(int(index.time[1_000]) + 1)
    seed = CardSeed(index.account_name(int(index.src[1_200])), at, Decimal("1234.56"))
    compiled = trace_funds(index, seed, rule=rule, window=timedelta(minutes=20), compiled=True)
    python = trace_funds(index, seed, rule=rule, window=timedelta(minutes=20), compiled=False)
    assert compiled.to_dict() == python.to_dict()
    assert compiled.accounts


@pytest.mark.parametrize("rule", [Rule.FIFO, Rule.PROPORTIONAL])
def test_splits_too_large_for_64_bits_fall_back_to_python(rule: Rule) -> None:
    # amounts near 2**52 fen: victim's money × transfer amount passes 2**63 in a split
    index = dense_index(30, 2_000, seed=3, amount_high=2**52)
    seed = int(np.flatnonzero(index.src != index.dst)[0])
    from antifraud.tracing import engine

    assert engine._kernel_trace(index, engine._resolve_seed(index, int(index.txn[seed])), rule, 5,
                                index.n_transfers, 200) is None  # the kernel gives up
    compiled = trace_funds(index, int(index.txn[seed]), rule=rule, window=None, compiled=True)
    python = trace_funds(index, int(index.txn[seed]), rule=rule, window=None, compiled=False)
    assert compiled.to_dict() == python.to_dict()
    assert len(compiled.accounts) > 1


def test_large_indexes_use_the_kernel_by_default(monkeypatch: pytest.MonkeyPatch) -> None:
    from antifraud.tracing import engine

    calls: list[int] = []
    real = engine._kernel_trace

    def spy(*args: object, **kwargs: object) -> object:
        calls.append(1)
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(engine, "_kernel_trace", spy)
    small = dense_index(10, 100, seed=1)
    trace_funds(small, int(small.txn[np.flatnonzero(small.src != small.dst)[0]]))
    assert not calls
    monkeypatch.setattr(engine, "COMPILED_MIN_TRANSFERS", 100)
    trace_funds(small, int(small.txn[np.flatnonzero(small.src != small.dst)[0]]))
    assert calls
    assert COMPILED_MIN_TRANSFERS >= 10_000
