"""The engine agrees with the plain replay model on random small graphs, for every rule."""

from __future__ import annotations

from hypothesis import given, settings

from .oracle import reference_trace, summarize
from .strategies import Case, cases, run_engine


@settings(max_examples=150, deadline=None, database=None)
@given(cases())
def test_engine_matches_reference_model(case: Case) -> None:
    result = run_engine(case)
    expected = reference_trace(
        case.transfers, seed_txn=case.seed_txn, seed_card=case.seed_card, rule=case.rule,
        max_tiers=case.max_tiers, cap=case.cap, opening=case.opening,
        window_ms=None if case.window_min is None else case.window_min * 60_000)
    assert summarize(result) == expected
