"""Properties every trace keeps, on random small graphs."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from antifraud.tracing.engine import TraceResult

from .strategies import Case, cases, run_engine, with_rule

ZERO = Decimal("0.00")


def seed_amount(result: TraceResult) -> Decimal:
    return result.seed.amount


@settings(max_examples=70, deadline=None, database=None)
@given(cases())
def test_attributed_amounts_never_exceed_what_entered(case: Case) -> None:
    result = run_engine(case)
    for edge in result.edges + result.left_trace.edges:
        assert ZERO < edge.attributed <= edge.amount
        if case.rule == "poison":
            assert edge.attributed == edge.amount
    if case.rule != "poison":
        assert sum((e.attributed for e in result.left_trace.edges), ZERO) <= seed_amount(result)
    for acct in result.accounts:
        assert acct.amount_in >= acct.amount_held >= ZERO
        assert acct.amount_out >= ZERO
        if case.rule != "poison":
            assert acct.amount_in == acct.amount_out + acct.amount_held
        assert 1 <= acct.tier <= case.max_tiers
    assert all(e.tier == case.max_tiers + 1 for e in result.left_trace.edges)


@settings(max_examples=70, deadline=None, database=None)
@given(cases(), st.sampled_from(["fifo", "proportional"]))
def test_fifo_and_proportional_conserve_the_victims_money(case: Case, rule: str) -> None:
    result = run_engine(with_rule(case, rule, case.cap))
    accounted = result.total_held + result.left_trace.total + result.unfollowed_total
    assert accounted == seed_amount(result)
    assert result.total_held == sum((a.amount_held for a in result.accounts), ZERO)


@settings(max_examples=70, deadline=None, database=None)
@given(cases())
def test_fifo_and_proportional_stay_within_poison(case: Case) -> None:
    poison = {a.account: a for a in run_engine(with_rule(case, "poison")).accounts}
    for rule in ("fifo", "proportional"):
        for acct in run_engine(with_rule(case, rule)).accounts:
            assert acct.account in poison
            assert acct.amount_in <= poison[acct.account].amount_in
            assert acct.tier >= poison[acct.account].tier
            assert acct.amount_held <= poison[acct.account].amount_held
            assert acct.first_arrival >= poison[acct.account].first_arrival


@settings(max_examples=50, deadline=None, database=None)
@given(cases(), st.randoms(use_true_random=False))
def test_row_order_never_matters(case: Case, rnd) -> None:  # type: ignore[no-untyped-def]
    shuffled = list(case.transfers)
    rnd.shuffle(shuffled)
    assert run_engine(case, shuffled).to_dict() == run_engine(case).to_dict()
