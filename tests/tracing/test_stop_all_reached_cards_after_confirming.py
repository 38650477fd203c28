"""'Stop all reached cards' shows what it would send and skip, and never asks twice for a card already held."""

from __future__ import annotations

import random
from datetime import timedelta
from decimal import Decimal

from antifraud.core.clock import now
from antifraud.core.db import session_scope
from antifraud.dispatch import service as dispatch
from antifraud.dispatch.schemas import CompleteIn
from tests.factories import card_of, case_payload

_rng = random.Random(3131)


def _traced(api, login, tag):  # type: ignore[no-untyped-def]
    cards = {"victim": card_of("ABC", _rng), "a": card_of("ICBC", _rng), "b": card_of("CCB", _rng),
             "c": card_of("BOC", _rng)}
    t0 = now() - timedelta(hours=2)
    analyst = login("analyst")
    case = api.post("/cases", headers=login("call_taker"), json=case_payload(
        loss_amount="9000.00", occurred_at=(t0 - timedelta(minutes=5)).isoformat(),
        identifiers=[{"kind": "bank_card", "value": cards["a"]},
                     {"kind": "bank_card", "value": cards["victim"], "role": "victim"}])).json()
    rows = [{"txn_id": f"{tag}-1", "time": t0.isoformat(), "from_account": cards["victim"], "to_account": cards["a"],
             "amount": "9000.00"},
            {"txn_id": f"{tag}-2", "time": (t0 + timedelta(minutes=1)).isoformat(), "from_account": cards["a"],
             "to_account": cards["b"], "amount": "5000.00"},
            {"txn_id": f"{tag}-3", "time": (t0 + timedelta(minutes=2)).isoformat(), "from_account": cards["a"],
             "to_account": cards["c"], "amount": "4000.00"}]
    api.post("/statements", headers=analyst, json={"source": "test", "transfers": rows})
    assert api.post(f"/cases/{case['id']}/trace", headers=analyst, json={}).status_code == 200
    return case, cards, analyst


def test_the_plan_lists_card_bank_amount_and_tier_before_anything_is_sent(api, login) -> None:
    case, cards, analyst = _traced(api, login, "SP1")
    plan = api.get(f"/cases/{case['id']}/trace/stop", headers=analyst)
    assert plan.status_code == 200, plan.text
    body = plan.json()
    rows = {c["account"]: c for c in body["cards"]}
    assert rows[cards["b"]]["bank_code"] == "CCB" and rows[cards["b"]]["tier"] == 2
    assert Decimal(rows[cards["b"]]["amount_held"]) == Decimal("5000.00") and rows[cards["b"]]["send"] is True
    assert rows[cards["a"]]["send"] is False and rows[cards["a"]]["skip"]["reason"] == "no_money"
    assert body["to_send"] == 2 and Decimal(body["amount_to_stop"]) == Decimal("9000.00")
    detail = api.get(f"/cases/{case['id']}", headers=analyst).json()
    assert {q["account"] for q in detail["requests"]} & {cards["b"], cards["c"]} == set()  # the plan sent nothing


def test_a_card_stopped_or_frozen_within_its_validity_is_skipped_with_why(api, login, make_user) -> None:
    case, cards, analyst = _traced(api, login, "SP2")
    first = api.post(f"/cases/{case['id']}/trace/stop", headers=analyst).json()
    assert set(first["requested"]) == {cards["b"], cards["c"]}
    ids = dict(zip(first["requested"], first["request_ids"], strict=True))
    _, _, ccb = make_user("bank_liaison", "CCB")
    _, _, boc = make_user("bank_liaison", "BOC")
    with session_scope() as s:
        dispatch.do_complete(s, ccb, ids[cards["b"]], CompleteIn(outcome="stopped", balance=Decimal(5000),
                                                                 amount=Decimal(5000)))
        dispatch.do_complete(s, boc, ids[cards["c"]], CompleteIn(outcome="frozen", balance=Decimal(4000),
                                                                 amount=Decimal(4000)),
                             at=now() - timedelta(days=30))
    second = api.post(f"/cases/{case['id']}/trace/stop", headers=analyst).json()
    assert second["requested"] == []
    why = {s["account"]: s for s in second["skipped"]}
    assert why[cards["b"]]["reason"] == "stopped" and why[cards["b"]]["request_id"] == ids[cards["b"]]
    assert why[cards["c"]]["reason"] == "frozen" and why[cards["c"]]["valid_until"] is not None
    assert why[cards["a"]]["reason"] == "no_money"  # all it received moved on to b and c


def test_a_stop_payment_past_its_validity_is_asked_for_again(api, login, make_user) -> None:
    case, cards, analyst = _traced(api, login, "SP3")
    first = api.post(f"/cases/{case['id']}/trace/stop", headers=analyst).json()
    ids = dict(zip(first["requested"], first["request_ids"], strict=True))
    _, _, ccb = make_user("bank_liaison", "CCB")
    with session_scope() as s:
        dispatch.do_complete(s, ccb, ids[cards["b"]], CompleteIn(outcome="stopped", balance=Decimal(5000),
                                                                 amount=Decimal(5000)),
                             at=now() - timedelta(hours=49))
    plan = {c["account"]: c for c in api.get(f"/cases/{case['id']}/trace/stop", headers=analyst).json()["cards"]}
    assert plan[cards["b"]]["send"] is True
    again = api.post(f"/cases/{case['id']}/trace/stop", headers=analyst).json()
    assert again["requested"] == [cards["b"]]
