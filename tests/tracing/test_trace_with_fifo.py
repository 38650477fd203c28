"""Tracing with the FIFO rule (Clayton's rule): hand-worked examples."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from antifraud.tracing.engine import CardSeed, trace_funds

from .builders import amounts, at, carried, index_of, tx


def test_worked_example_pre_existing_balance_and_later_inflow() -> None:
    # A had 300 before the statements (its balance 800 after paying 500 says so)
    index = index_of(
        tx("t1", "10:00", "V", "A", "1000"),
        tx("t2", "10:05", "A", "B", "500", balance_after="800"),
        tx("t3", "10:06", "X", "A", "400"),
        tx("t4", "10:10", "A", "C", "1000"),
    )
    result = trace_funds(index, "t1", rule="fifo")
    assert amounts(result) == {
        "A": (1, "1000.00", "1000.00", "0.00"),
        "B": (2, "200.00", "0.00", "200.00"),
        "C": (2, "800.00", "0.00", "800.00"),
    }
    assert carried(result) == {"t1": "1000.00", "t2": "200.00", "t4": "800.00"}
    assert result.total_held == Decimal("1000.00")


def test_split_sends_the_victims_lot_in_pieces() -> None:
    index = index_of(
        tx("t1", "10:00", "V", "A", "1000"),
        tx("t2", "10:01", "A", "B", "600"),
        tx("t3", "10:02", "A", "C", "400"),
    )
    result = trace_funds(index, "t1")
    assert amounts(result) == {
        "A": (1, "1000.00", "1000.00", "0.00"),
        "B": (2, "600.00", "0.00", "600.00"),
        "C": (2, "400.00", "0.00", "400.00"),
    }


def test_paths_merge_on_one_card() -> None:
    index = index_of(
        tx("t1", "10:00", "V", "A", "1000"),
        tx("t2", "10:01", "A", "B", "300"),
        tx("t3", "10:02", "A", "C", "700"),
        tx("t4", "10:03", "B", "D", "300"),
        tx("t5", "10:04", "C", "D", "700"),
    )
    result = trace_funds(index, "t1")
    assert amounts(result)["D"] == (3, "1000.00", "0.00", "1000.00")
    assert result.account("D").first_arrival == at("10:03")  # type: ignore[union-attr]


def test_money_going_round_a_cycle_moves_up_the_tiers() -> None:
    index = index_of(
        tx("t1", "10:00", "V", "A", "1000"),
        tx("t2", "10:01", "A", "B", "1000"),
        tx("t3", "10:02", "B", "A", "1000"),
        tx("t4", "10:03", "A", "C", "1000"),
    )
    result = trace_funds(index, "t1")
    assert amounts(result) == {
        "A": (1, "2000.00", "2000.00", "0.00"),  # tier-1 money, then tier-3 money back
        "B": (2, "1000.00", "1000.00", "0.00"),
        "C": (4, "1000.00", "0.00", "1000.00"),
    }
    assert [e.tier for e in result.edges] == [1, 2, 3, 4]
    short = trace_funds(index, "t1", max_tiers=3)
    assert short.account("C") is None
    assert short.left_trace.total == Decimal("1000.00")
    assert [(e.txn_id, e.tier) for e in short.left_trace.edges] == [("t4", 4)]


def test_money_arriving_after_a_payment_is_not_in_it() -> None:
    index = index_of(
        tx("t0", "09:59", "A", "B", "500"),     # before the victim's money arrived
        tx("s1", "10:00", "A", "C", "200"),     # same second as the seed, earlier txn_id
        tx("t1", "10:00", "V", "A", "1000"),    # the seed
        tx("u1", "10:00", "A", "D", "300"),     # same second, later txn_id
    )
    result = trace_funds(index, "t1")
    assert set(amounts(result)) == {"A", "D"}
    assert carried(result) == {"t1": "1000.00", "u1": "300.00"}


def test_payment_beyond_the_queue_is_money_from_before_the_statements() -> None:
    index = index_of(
        tx("t1", "10:00", "V", "A", "1000"),
        tx("t2", "10:01", "A", "B", "1500"),    # 500 of it was there before the data starts
        tx("t3", "10:02", "A", "C", "100"),
    )
    result = trace_funds(index, "t1")
    assert carried(result) == {"t1": "1000.00", "t2": "1000.00"}
    assert amounts(result)["A"] == (1, "1000.00", "1000.00", "0.00")


def test_older_money_leaves_first() -> None:
    index = index_of(
        tx("t0", "09:00", "X", "A", "700"),
        tx("t1", "10:00", "V", "A", "1000"),
        tx("t2", "10:01", "A", "B", "500"),     # all X's money
        tx("t3", "10:02", "A", "C", "500"),     # 200 of X's, 300 of the victim's
    )
    result = trace_funds(index, "t1")
    assert carried(result) == {"t1": "1000.00", "t3": "300.00"}
    assert amounts(result)["A"] == (1, "1000.00", "300.00", "700.00")


def test_tier_six_money_leaves_the_trace() -> None:
    chain = [tx("t0", "10:00", "V", "C1", "1000")] + [
        tx(f"t{k}", f"10:0{k}", f"C{k}", f"C{k + 1}", "1000") for k in range(1, 7)]
    result = trace_funds(index_of(*chain), "t0")
    assert [a.account for a in result.accounts] == ["C1", "C2", "C3", "C4", "C5"]
    assert [a.tier for a in result.accounts] == [1, 2, 3, 4, 5]
    assert result.left_trace.total == Decimal("1000.00")
    assert [(e.txn_id, e.to_account, e.tier) for e in result.left_trace.edges] == [("t5", "C6", 6)]
    assert result.total_held == Decimal("0.00")


def test_hub_fan_out_is_cut_and_reported() -> None:
    index = index_of(
        tx("t0", "10:00", "V", "H", "1000"),
        *[tx(f"t{k}", f"10:0{k}", "H", f"M{k}", "200") for k in range(1, 6)],
    )
    result = trace_funds(index, "t0", fanout_cap=3)
    assert [a.account for a in result.accounts] == ["H", "M1", "M2", "M3"]
    [hub] = result.capped
    assert (hub.account, hub.kept, hub.dropped, hub.amount) == ("H", 3, 2, Decimal("400.00"))
    assert result.total_held + result.left_trace.total + result.unfollowed_total == Decimal("1000.00")


def test_transfers_after_the_window_are_ignored() -> None:
    index = index_of(
        tx("t1", "10:00", "V", "A", "1000"),
        tx("t2", "11:00", "A", "B", "400"),
        tx("t3", "12:01", "A", "C", "600"),
    )
    result = trace_funds(index, "t1", window=timedelta(hours=2))
    assert set(amounts(result)) == {"A", "B"}
    assert amounts(result)["A"] == (1, "1000.00", "400.00", "600.00")
    assert set(amounts(trace_funds(index, "t1", window=None))) == {"A", "B", "C"}


def test_card_seed_when_the_victims_transfer_is_not_in_the_data() -> None:
    index = index_of(
        tx("t0", "09:00", "X", "A", "100"),
        tx("t2", "10:00", "A", "B", "500"),     # same second as the seed: can carry it
        tx("t3", "10:30", "A", "C", "700"),
    )
    result = trace_funds(index, CardSeed("A", at("10:00"), Decimal(1000)))
    assert result.seed.txn_id is None
    assert carried(result) == {"t2": "400.00", "t3": "600.00"}
    assert amounts(result)["A"] == (1, "1000.00", "1000.00", "0.00")


def test_card_seed_on_a_card_without_transfers_holds_everything() -> None:
    index = index_of(tx("t0", "09:00", "X", "A", "100"))
    result = trace_funds(index, CardSeed("Q", at("10:00"), Decimal(50)))
    assert amounts(result) == {"Q": (1, "50.00", "0.00", "50.00")}


def test_partial_lots_round_down_and_the_last_taker_gets_the_rest() -> None:
    index = index_of(
        tx("t1", "10:00", "V", "A", "100"),
        tx("t2", "10:01", "A", "B", "300"),     # A's 200 from before + the victim's 100
        tx("t3", "10:02", "B", "C", "100"),     # a third of B's lot each
        tx("t4", "10:03", "B", "D", "100"),
        tx("t5", "10:04", "B", "E", "100"),
        opening={"A": "200"},
    )
    result = trace_funds(index, "t1")
    assert carried(result) == {"t1": "100.00", "t2": "100.00", "t3": "33.33", "t4": "33.33",
                               "t5": "33.34"}
    assert result.total_held == Decimal("100.00")


def test_bank_codes_come_from_the_resolver() -> None:
    index = index_of(tx("t1", "10:00", "V", "6222A", "10"), tx("t2", "10:01", "6222A", "6217B", "10"))
    result = trace_funds(index, "t1", bank_of=lambda card: "ICBC" if card.startswith("6222") else None)
    assert [(a.account, a.bank_code) for a in result.accounts] == [("6222A", "ICBC"), ("6217B", None)]


def test_the_engine_offers_the_rules_and_bounds_of_the_one_vocabulary() -> None:
    from datetime import timedelta

    from antifraud.core.vocab import TRACE_FANOUT_CAP, TRACE_RULES, TRACE_WINDOW_HOURS
    from antifraud.tracing.engine import DEFAULT_FANOUT_CAP, DEFAULT_WINDOW, Rule

    assert sorted(Rule) == sorted(TRACE_RULES)
    assert DEFAULT_WINDOW == timedelta(hours=TRACE_WINDOW_HOURS.default)
    assert DEFAULT_FANOUT_CAP == TRACE_FANOUT_CAP.default
