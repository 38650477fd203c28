"""Tracing with the poison rule (taint): hand-worked examples."""

from __future__ import annotations

from decimal import Decimal

from antifraud.tracing.engine import trace_funds

from .builders import amounts, at, index_of, tx


def test_worked_example_everything_after_arrival_is_tainted() -> None:
    index = index_of(
        tx("t1", "10:00", "V", "A", "1000"),
        tx("t2", "10:05", "A", "B", "500", balance_after="800"),
        tx("t3", "10:06", "X", "A", "400"),
        tx("t4", "10:10", "A", "C", "1000"),
    )
    result = trace_funds(index, "t1", rule="poison")
    assert amounts(result) == {
        "A": (1, "1000.00", "1500.00", "200.00"),   # held = min(1000 in, 200 balance)
        "B": (2, "500.00", "0.00", "500.00"),
        "C": (2, "1000.00", "0.00", "1000.00"),
    }
    assert [e.attributed for e in result.edges] == [Decimal("1000.00"), Decimal("500.00"),
                                                    Decimal("1000.00")]


def test_tier_is_fewest_hops_and_first_arrival_the_earliest_time() -> None:
    index = index_of(
        tx("t0", "09:00", "C1", "Q", "10"),     # before the money arrived: not tainted
        tx("t1", "10:00", "V", "C1", "1000"),
        tx("t2", "10:01", "C1", "X", "100"),
        tx("t3", "10:02", "X", "Y", "100"),     # Y reached in 3 hops at 10:02
        tx("t4", "10:05", "Y", "Z", "50"),      # so Z is tier 4
        tx("t5", "10:10", "C1", "Y", "100"),    # Y reached in 2 hops at 10:10
        tx("t6", "10:11", "Y", "W", "50"),      # so W is tier 3
    )
    result = trace_funds(index, "t1", rule="poison")
    tiers = {a.account: a.tier for a in result.accounts}
    assert tiers == {"C1": 1, "X": 2, "Y": 2, "W": 3, "Z": 4}
    assert result.account("Y").first_arrival == at("10:02")  # type: ignore[union-attr]
    assert {e.txn_id: e.tier for e in result.edges}["t4"] == 4


def test_taint_beyond_max_tiers_leaves_the_trace_in_full() -> None:
    index = index_of(
        tx("t1", "10:00", "V", "A", "1000"),
        tx("t2", "10:01", "A", "B", "5000"),
        tx("t3", "10:02", "B", "C", "7000"),
    )
    result = trace_funds(index, "t1", rule="poison", max_tiers=2)
    assert [a.account for a in result.accounts] == ["A", "B"]
    assert result.left_trace.total == Decimal("7000.00")


def test_hub_cap_counts_every_later_transfer_as_dropped() -> None:
    index = index_of(
        tx("t0", "10:00", "V", "H", "1000"),
        *[tx(f"t{k}", f"10:0{k}", "H", f"M{k}", "10") for k in range(1, 6)],
    )
    result = trace_funds(index, "t0", rule="poison", fanout_cap=2)
    assert [(c.account, c.kept, c.dropped, c.amount) for c in result.capped] == [
        ("H", 2, 3, Decimal("30.00"))]
    assert amounts(result)["H"][2] == "50.00"
