"""A partner system reads a case's trace through the API: every field, its name and its JSON form, pinned."""

from __future__ import annotations

import re
from datetime import timedelta

from antifraud.core.clock import now
from tests.factories import card_of, case_payload


def test_a_trace_reads_the_same_field_for_field(api, login) -> None:
    import random
    rng = random.Random(11)
    cards = {"victim": card_of("ABC", rng), "a": card_of("ICBC", rng), "b": card_of("CCB", rng),
             "c": card_of("BOC", rng), "d": card_of("PSBC", rng), "e": card_of("CMB", rng)}
    t0 = (now() - timedelta(hours=3)).replace(microsecond=0)
    analyst = login("analyst")
    payload = case_payload(loss_amount="2000.00", occurred_at=(t0 - timedelta(minutes=5)).isoformat(),
                           identifiers=[{"kind": "bank_card", "value": cards["a"]},
                                        {"kind": "bank_card", "value": cards["victim"], "role": "victim"}])
    case = api.post("/cases", headers=login("call_taker"), json=payload).json()

    def at(minutes: int) -> str:
        return (t0 + timedelta(minutes=minutes)).isoformat()

    def row(n, minutes, src, dst, amount):  # type: ignore[no-untyped-def]
        return {"txn_id": f"T7-{n}", "time": at(minutes), "from_account": cards[src], "to_account": cards[dst],
                "amount": amount}
    rows = [row(1, 0, "victim", "a", "1000.00"), row(2, 1, "victim", "a", "1000.00")]
    rows += [row(3 + i, 2 + i, "a", payee, "500.00") for i, payee in enumerate("bcde")]
    api.post("/statements", headers=analyst, json={"source": "test", "transfers": rows})
    answer = api.post(f"/cases/{case['id']}/trace", headers=analyst,
                      json={"rule": "proportional", "fanout_cap": 2})
    assert answer.status_code == 200, answer.text
    trace = answer.json()
    assert list(trace) == ["trace_id", "case_id", "case_no", "rule", "max_tiers", "created_at", "created_by",
                           "trigger", "seeds", "reached", "edges", "total_held", "left_trace", "capped"]
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z", trace["created_at"])
    assert isinstance(trace["trace_id"], int)
    assert {k: trace[k] for k in ("case_id", "case_no", "rule", "max_tiers", "created_by", "trigger",
                                  "total_held", "left_trace")} == {
        "case_id": case["id"], "case_no": case["case_no"], "rule": "proportional", "max_tiers": 5,
        "created_by": trace["created_by"], "trigger": "manual", "total_held": "1000.00", "left_trace": "0.00"}
    assert trace["created_by"].startswith("analyst")
    assert trace["seeds"] == [
        {"txn_id": "T7-1", "account": cards["a"], "time": at(0), "amount": "1000.00"},
        {"txn_id": "T7-2", "account": cards["a"], "time": at(1), "amount": "1000.00"}]
    assert trace["edges"] == [
        {"txn_id": f"T7-{n}", "from_account": cards["victim"], "to_account": cards["a"], "time": at(n - 1),
         "amount": "1000.00", "attributed": "1000.00", "tier": 1} for n in (1, 2)] + [
        {"txn_id": "T7-3", "from_account": cards["a"], "to_account": cards["b"], "time": at(2),
         "amount": "500.00", "attributed": "500.00", "tier": 2},
        {"txn_id": "T7-4", "from_account": cards["a"], "to_account": cards["c"], "time": at(3),
         "amount": "500.00", "attributed": "500.00", "tier": 2}]
    assert trace["capped"] == [{"account": cards["a"], "kept": 2, "dropped": 2, "amount": "1000.00"}]
    first = trace["reached"][0]
    assert list(first) == ["account", "bank_code", "tier", "first_arrival", "amount_in", "amount_out",
                           "amount_held", "request_id", "request_status", "request_outcome", "request_amount",
                           "proposed", "statement", "statement_request_id"]
    assert [(c["account"], c["tier"], c["first_arrival"], c["amount_in"], c["amount_out"], c["amount_held"])
            for c in trace["reached"]] == [
        (cards["a"], 1, at(0).replace("+00:00", "Z"), "2000.00", "2000.00", "0.00"),
        (cards["b"], 2, at(2).replace("+00:00", "Z"), "500.00", "0.00", "500.00"),
        (cards["c"], 2, at(3).replace("+00:00", "Z"), "500.00", "0.00", "500.00")]
    assert first["bank_code"] == "ICBC" and first["request_status"] is not None and first["proposed"] is False
    # a's own payments are in, so its onward flow is known; b and c paid nothing out and were never asked
    assert [(c["statement"], c["statement_request_id"]) for c in trace["reached"]] == [
        ("supplied", None), ("missing", None), ("missing", None)]
    assert api.get(f"/cases/{case['id']}/trace", headers=analyst).json() == trace
