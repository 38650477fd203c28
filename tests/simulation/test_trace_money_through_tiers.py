"""Tracing money: victims' payments split through 1–5 tiers within minutes and end at cash-out points."""

from __future__ import annotations

from collections import defaultdict

import pyarrow as pa
import pyarrow.compute as pc

from .conftest import Run


def _fraud_transfers(run: Run) -> list[dict]:
    labels = run.labels.filter(pc.equal(run.labels["stream"], "transfers"))
    joined = run.tables["transfers"].join(labels, keys="txn_id", right_keys="event_id", join_type="inner")
    return joined.sort_by([("time", "ascending"), ("txn_id", "ascending")]).to_pylist()


def test_every_gang_has_between_one_and_five_tiers(fraud_year: Run) -> None:
    gangs = fraud_year.truth["gangs"].to_pylist()
    assert all(1 <= g["tiers"] <= 5 and len(g["tier_cards"]) == g["tiers"] for g in gangs)
    cards = fraud_year.truth["identifiers"].filter(pc.equal(fraud_year.truth["identifiers"]["role"], "mule"))
    tiers = {g["gang_id"]: g["tiers"] for g in gangs}
    assert all(1 <= row["tier"] <= tiers[row["gang_id"]] for row in cards.to_pylist())


def test_money_is_conserved_from_victim_to_cash_out(fraud_year: Run) -> None:
    sim = fraud_year.sim
    end = sim.start_ms + sim.days * 86_400_000
    done = {t["episode_id"] for t in fraud_year.truth["targets"].to_pylist()
            if t["outcome"] == "defrauded" and t["start"].timestamp() * 1000 >= sim.start_ms
            and t["last_event"].timestamp() * 1000 < end}
    paid: dict[str, int] = defaultdict(int)
    cashed: dict[str, int] = defaultdict(int)
    for row in _fraud_transfers(fraud_year):
        if row["episode_id"] in done:
            if row["role"] == "victim_payment":
                paid[row["episode_id"]] += row["amount_fen"]
            elif row["role"] == "cash_out":
                cashed[row["episode_id"]] += row["amount_fen"]
    assert len(done) > 500
    assert all(paid[e] == cashed[e] > 0 for e in done)


def test_tier1_splits_to_several_cards_within_minutes(fraud_year: Run) -> None:
    rows = _fraud_transfers(fraud_year)
    by_card_in: dict[str, list[dict]] = defaultdict(list)
    for row in rows:
        if row["role"] == "dispersal" and row["tier"] == 2:
            by_card_in[row["from_account"]].append(row)
    gaps = []
    for row in rows:
        if row["role"] == "victim_payment" and row["amount_fen"] >= 100_000:
            onward = [r for r in by_card_in[row["to_account"]] if r["episode_id"] == row["episode_id"]
                      and r["time"] > row["time"]]
            if onward:
                gaps.append((min(r["time"] for r in onward) - row["time"]).total_seconds())
    assert gaps and sorted(gaps)[len(gaps) // 2] < 15 * 60


def test_no_mule_sends_more_than_it_received_plus_its_balance(fraud_year: Run) -> None:
    ids = fraud_year.truth["identifiers"]
    start = fraud_year.sim.start_ms
    mules = {r["identifier"]: r for r in ids.to_pylist()
             if r["role"] in ("mule", "cash_out") and r["created"].timestamp() * 1000 >= start}
    balance = {card: row["opening_balance_fen"] for card, row in mules.items()}
    transfers = fraud_year.tables["transfers"].sort_by([("time", "ascending"), ("txn_id", "ascending")])
    checked = 0
    for row in transfers.to_pylist():
        src, dst = row["from_account"], row["to_account"]
        if src in balance:
            balance[src] -= row["amount_fen"]
            assert balance[src] >= 0
            assert row["balance_after_fen"] == balance[src]
            checked += 1
        if dst in balance:
            balance[dst] += row["amount_fen"]
    assert checked > 1000


def test_mule_cards_and_caller_numbers_are_valid_identifiers(fraud_year: Run) -> None:
    from antifraud.identifiers import parse_bank_card, parse_phone
    from antifraud.identifiers.urls import parse_url

    rows = fraud_year.truth["identifiers"].to_pylist()
    kinds = defaultdict(list)
    for row in rows:
        kinds[row["kind"]].append(row)
    assert {"phone", "bank_card", "domain", "ip", "app"} <= set(kinds)
    for row in kinds["bank_card"][::5]:
        assert parse_bank_card(row["identifier"]).bank_code is not None
    overseas = virtual = 0
    for row in kinds["phone"][::3]:
        info = parse_phone(row["identifier"])
        overseas += info.is_overseas
        virtual += info.is_virtual_carrier
    assert overseas and virtual
    for row in kinds["domain"]:
        parse_url(f"https://{row['identifier']}/")


def test_background_dwarfs_fraud(busy_month: Run) -> None:
    transfers = busy_month.tables["transfers"].num_rows
    fraud = busy_month.labels.filter(pc.equal(busy_month.labels["stream"], "transfers")).num_rows
    assert transfers > 10 * fraud > 0
    assert busy_month.tables["calls"].num_rows > 4_000
    assert pa.types.is_timestamp(busy_month.tables["transfers"].schema.field("time").type)
