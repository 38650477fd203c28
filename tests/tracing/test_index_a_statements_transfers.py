"""Building the transfer index: order, look-ups, flow coordinates, opening balances."""

from __future__ import annotations

from decimal import Decimal

import numpy as np
import pytest
from hypothesis import given, settings

from antifraud.tracing.engine import trace_funds
from antifraud.tracing.index import TransferIndex, derive_opening_balances, to_epoch_ms, to_fen

from .builders import at, index_of, tx
from .strategies import Case, cases, run_engine


def test_edges_are_in_time_then_txn_id_order_whatever_the_input_order() -> None:
    index = index_of(tx("b", "10:00", "A", "B", "1"), tx("c", "09:00", "A", "B", "2"),
                     tx("a", "10:00", "B", "A", "3"))
    assert [index.txn_of(e) for e in range(3)] == ["c", "a", "b"]
    assert index.edge_of("a") == 1 and index.edge_of("zz") is None


def test_integer_transfer_ids_can_be_looked_up_as_text() -> None:
    index = TransferIndex.from_arrays([0, 1], [1, 2], [2000, 1000], [100, 200], [42, 7],
                                      time_unit="s")
    assert index.edge_of("42") == 1 and index.edge_of(7) == 0 and index.edge_of("x") is None
    assert index.time.tolist() == [1_000_000, 2_000_000]
    assert index.account_id("2") == 2 and index.account_id("9") is None


def test_bad_columns_are_refused() -> None:
    with pytest.raises(ValueError, match="duplicate txn_id"):
        TransferIndex.from_arrays([0, 1], [1, 0], [1, 2], [5, 5], [3, 3])
    with pytest.raises(ValueError, match="positive"):
        TransferIndex.from_arrays([0], [1], [1], [0], [1])
    with pytest.raises(ValueError, match="two different transfers"):
        index_of(tx("t", "10:00", "A", "B", "1"), tx("t", "10:00", "A", "B", "2"))
    with pytest.raises(ValueError, match="two decimal places"):
        to_fen(Decimal("1.005"))


def test_the_same_transfer_twice_is_kept_once() -> None:
    index = index_of(tx("t", "10:00", "A", "B", "1"), tx("t", "10:00", "A", "B", "1"))
    assert index.n_transfers == 1


def test_opening_balance_is_the_shown_balance_less_the_flows_before_it() -> None:
    transfers = [tx("t1", "10:00", "X", "A", "100"), tx("t2", "10:05", "A", "B", "30", "170"),
                 tx("t3", "10:06", "A", "B", "10", "160")]
    openings, bad = derive_opening_balances(transfers)
    assert openings == {"A": Decimal("100.00")} and bad == []
    openings, bad = derive_opening_balances(
        transfers, [("B", at("10:05"), "t2", Decimal(10))])
    assert openings == {} and bad == [("B", "t2")]


@settings(max_examples=40, deadline=None, database=None)
@given(cases())
def test_flow_coordinates_match_a_replay_of_each_card(case: Case) -> None:
    index = TransferIndex.from_transfers(
        case.transfers, {k: Decimal(v).scaleb(-2) for k, v in case.opening.items()})
    for card in range(index.n_accounts):
        level = inflow = int(index.opening[card])
        pointer = 0
        for eid in range(index.n_transfers):
            src, dst, fen = int(index.src[eid]), int(index.dst[eid]), int(index.amount[eid])
            if src == dst:
                continue
            if dst == card:
                inflow += fen
                level += fen
                assert index.in_hi[eid] == inflow
            elif src == card:
                pos = int(np.flatnonzero(index.out_eid[index.out_off[card]:index.out_off[card + 1]]
                                         == eid)[0]) + int(index.out_off[card])
                assert index.out_bal[pos] == level
                pointer += min(fen, level)
                level = max(0, level - fen)
                assert index.out_hi[pos] == pointer
        assert index.balance_before(card, index.n_transfers) == level


@settings(max_examples=40, deadline=None, database=None)
@given(cases())
def test_columnar_and_record_built_indexes_trace_alike(case: Case) -> None:
    names = sorted({t.from_account for t in case.transfers} | {t.to_account for t in case.transfers}
                   | set(case.opening) | {"A"})
    ids = {n: i for i, n in enumerate(names)}
    index = TransferIndex.from_arrays(
        [ids[t.from_account] for t in case.transfers], [ids[t.to_account] for t in case.transfers],
        [to_epoch_ms(t.time) for t in case.transfers], [to_fen(t.amount) for t in case.transfers],
        np.array([t.txn_id for t in case.transfers]), account_names=names,
        opening_fen=[case.opening.get(n, 0) for n in names])
    seed = case.seed_txn or case.transfers[0].txn_id
    if case.seed_txn is None and case.transfers[0].from_account == case.transfers[0].to_account:
        return
    expected = run_engine(Case(**{**case.__dict__, "seed_txn": seed, "seed_card": None}))
    assert trace_funds(index, seed, rule=case.rule, max_tiers=case.max_tiers,
                       window=None if case.window_min is None else expected.window,
                       fanout_cap=case.cap) == expected


def test_banks_given_with_the_index_fill_bank_codes_without_a_lookup() -> None:
    import numpy as np

    from antifraud.tracing.engine import trace_funds

    names = np.array(["V", "A", "B", "C"])
    index = TransferIndex.from_arrays([0, 1, 1], [1, 2, 3], [1_000, 2_000, 3_000], [10_000, 4_000, 5_000],
                                      ["t0", "t1", "t2"], account_names=names,
                                      account_banks=np.array(["", "ICBC", "CCB", ""]))
    asked: list[str] = []

    def lookup(card: str) -> str | None:
        asked.append(card)
        return "BOC"

    result = trace_funds(index, "t0", bank_of=lookup)
    assert {a.account: a.bank_code for a in result.holding()} == {"A": "ICBC", "B": "CCB", "C": "BOC"}
    assert asked == ["C"]  # only the card the index has no bank for
