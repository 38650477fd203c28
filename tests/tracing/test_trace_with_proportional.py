"""Tracing with the proportional rule (haircut): hand-worked examples."""

from __future__ import annotations

from decimal import Decimal

from antifraud.tracing.engine import trace_funds

from .builders import amounts, carried, index_of, tx


def test_worked_example_victims_share_of_the_balance() -> None:
    index = index_of(
        tx("t1", "10:00", "V", "A", "1000"),
        tx("t2", "10:05", "A", "B", "500", balance_after="800"),   # so A opened with 300
        tx("t3", "10:06", "X", "A", "400"),
        tx("t4", "10:10", "A", "C", "1000"),
    )
    result = trace_funds(index, "t1", rule="proportional")
    # 500 × 1000/1300 = 384.615… → 384.61; then 1000 × 615.39/1200 = 512.825 → 512.82
    assert carried(result) == {"t1": "1000.00", "t2": "384.61", "t4": "512.82"}
    assert amounts(result)["A"] == (1, "1000.00", "897.43", "102.57")
    assert result.total_held == Decimal("1000.00")


def test_a_payment_emptying_the_card_carries_all_the_victims_money() -> None:
    index = index_of(
        tx("t1", "10:00", "V", "A", "1000"),
        tx("t2", "10:01", "A", "B", "400"),
        tx("t3", "10:02", "A", "C", "5000"),    # more than the balance: takes everything
        opening={"A": "1000"},
    )
    result = trace_funds(index, "t1", rule="proportional")
    assert carried(result) == {"t1": "1000.00", "t2": "200.00", "t3": "800.00"}
    assert amounts(result)["A"] == (1, "1000.00", "1000.00", "0.00")


def test_shares_round_down_and_the_remainder_stays_then_leaves() -> None:
    index = index_of(
        tx("t1", "10:00", "V", "A", "100"),
        tx("t2", "10:01", "A", "B", "100"),
        tx("t3", "10:02", "A", "C", "100"),
        tx("t4", "10:03", "A", "D", "100"),
        opening={"A": "200"},
    )
    result = trace_funds(index, "t1", rule="proportional")
    assert carried(result) == {"t1": "100.00", "t2": "33.33", "t3": "33.33", "t4": "33.34"}


def test_money_arriving_later_is_not_in_earlier_payments() -> None:
    index = index_of(
        tx("t0", "09:00", "A", "B", "100"),
        tx("t1", "10:00", "V", "A", "100"),
        tx("t2", "10:01", "A", "C", "100"),
    )
    result = trace_funds(index, "t1", rule="proportional")
    assert carried(result) == {"t1": "100.00", "t2": "100.00"}
