"""An analyst asks the banks for the statements of every reached card; a bank answers with the card's statement."""

from __future__ import annotations

import random
import time
from datetime import timedelta
from decimal import Decimal

from antifraud.core.clock import now
from tests.factories import card_of, case_payload

_rng = random.Random(1212)


def _cards() -> dict[str, str]:
    return {"victim": card_of("ABC", _rng), "a": card_of("ICBC", _rng), "b": card_of("CCB", _rng),
            "c": card_of("BOC", _rng), "d": card_of("PSBC", _rng)}


def _traced_case(api, login, cards, t0, tag):  # type: ignore[no-untyped-def]
    """A case whose ICBC card a paid on to b and c; b's and c's own statements are not in yet."""
    analyst = login("analyst")
    payload = case_payload(loss_amount="10000.00", occurred_at=(t0 - timedelta(minutes=5)).isoformat(),
                           identifiers=[{"kind": "bank_card", "value": cards["a"]},
                                        {"kind": "bank_card", "value": cards["victim"], "role": "victim"}])
    case = api.post("/cases", headers=login("call_taker"), json=payload).json()
    rows = [{"txn_id": f"{tag}-1", "time": t0.isoformat(), "from_account": cards["victim"],
             "to_account": cards["a"], "amount": "10000.00"},
            {"txn_id": f"{tag}-2", "time": (t0 + timedelta(minutes=2)).isoformat(), "from_account": cards["a"],
             "to_account": cards["b"], "amount": "6000.00"},
            {"txn_id": f"{tag}-3", "time": (t0 + timedelta(minutes=3)).isoformat(), "from_account": cards["a"],
             "to_account": cards["c"], "amount": "3000.00"}]
    assert api.post("/statements", headers=analyst, json={"source": "ICBC", "transfers": rows}).status_code == 201
    assert api.post(f"/cases/{case['id']}/trace", headers=analyst, json={}).status_code == 200
    return case, analyst


def wait_for_job(api, headers, job_id):  # type: ignore[no-untyped-def]
    """A background job, once it is done or failed."""
    for _ in range(600):
        job = api.get(f"/jobs/{job_id}", headers=headers).json()
        if job["state"] in ("done", "failed"):
            return job
        time.sleep(0.05)
    raise AssertionError(job)


def _statement_csv(rows: list[tuple[str, str, str, str, str]]) -> bytes:
    text = "txn_id,time,from_account,to_account,amount\n"
    text += "".join(",".join(r) + "\n" for r in rows)
    return text.encode()


def test_trace_says_which_cards_have_no_statement_and_asks_their_banks(api, login) -> None:
    cards, t0 = _cards(), (now() - timedelta(hours=3)).replace(microsecond=0)
    case, analyst = _traced_case(api, login, cards, t0, "SR1")
    trace = api.get(f"/cases/{case['id']}/trace", headers=analyst).json()
    states = {c["account"]: c["statement"] for c in trace["reached"]}
    assert states == {cards["a"]: "supplied", cards["b"]: "missing", cards["c"]: "missing"}
    r = api.post(f"/cases/{case['id']}/trace/statements", headers=analyst)
    assert r.status_code == 201, r.text
    out = r.json()
    asked = {q["account"]: q for q in out["requested"]}
    assert set(asked) == {cards["b"], cards["c"]}
    assert {s["account"]: s["reason"] for s in out["skipped"]} == {cards["a"]: "supplied"}
    b = asked[cards["b"]]
    assert b["kind"] == "statement_request" and b["target_org"] == "CCB" and b["tier"] == 2
    assert b["period_from"] < (t0 + timedelta(minutes=2)).isoformat() < b["period_to"]
    due = (now() + timedelta(seconds=3600)).isoformat()
    assert b["due_at"][:15] == due[:15]  # the statement request's own SLA, an hour by default
    again = api.post(f"/cases/{case['id']}/trace/statements", headers=analyst).json()
    assert again["requested"] == []
    assert {s["reason"] for s in again["skipped"] if s["account"] != cards["a"]} == {"requested"}
    latest = api.get(f"/cases/{case['id']}/trace", headers=analyst).json()
    assert {c["account"]: c["statement"] for c in latest["reached"]}[cards["b"]] == "requested"
    ccb = login("bank_liaison", "CCB")
    listed = api.get("/requests?status=open", headers=ccb).json()
    mine = next(q for q in listed if q["id"] == b["id"])
    assert mine["fraud_type"] == "brushing_rebate" and "张三" not in str(mine)


def test_the_bank_uploads_the_statement_and_the_case_is_traced_again(api, login) -> None:
    cards, t0 = _cards(), (now() - timedelta(hours=3)).replace(microsecond=0)
    case, analyst = _traced_case(api, login, cards, t0, "SR2")
    asked = api.post(f"/cases/{case['id']}/trace/statements", headers=analyst).json()["requested"]
    rid = next(q["id"] for q in asked if q["account"] == cards["b"])
    ccb = login("bank_liaison", "CCB")
    content = _statement_csv([("SR2-2", f"{t0 + timedelta(minutes=2):%Y-%m-%d %H:%M:%S%z}", cards["a"], cards["b"],
                               "6000.00"),
                              ("SR2-4", f"{t0 + timedelta(minutes=7):%Y-%m-%d %H:%M:%S%z}", cards["b"], cards["d"],
                               "5000.00")])
    r = api.post(f"/requests/{rid}/statement", headers=ccb, files={"file": ("b.csv", content, "text/csv")})
    assert r.status_code == 201, r.text
    out = r.json()
    assert out["request"]["status"] == "completed" and out["request"]["outcome"] == "supplied"
    assert out["statement"]["rows_total"] == 2 and out["job_id"] is None
    # the case is traced again off the request, by a job the police can follow (the bank cannot)
    assert api.get(f"/jobs/{out['retrace_job_id']}", headers=ccb).status_code == 404
    retrace = wait_for_job(api, analyst, out["retrace_job_id"])
    assert retrace["state"] == "done" and case["id"] in retrace["result"]["retraced_cases"]
    latest = api.get(f"/cases/{case['id']}/trace", headers=analyst).json()
    assert latest["trigger"] == "statements"
    reached = {c["account"]: c for c in latest["reached"]}
    assert reached[cards["d"]]["tier"] == 3 and Decimal(reached[cards["d"]]["amount_held"]) == Decimal("5000.00")
    assert reached[cards["b"]]["statement"] == "supplied"
    assert api.post(f"/requests/{rid}/statement", headers=ccb,
                    files={"file": ("b.csv", content, "text/csv")}).status_code == 409


def test_another_bank_cannot_answer_and_a_wrong_card_or_period_is_refused_by_line(api, login) -> None:
    cards, t0 = _cards(), (now() - timedelta(hours=3)).replace(microsecond=0)
    case, analyst = _traced_case(api, login, cards, t0, "SR3")
    asked = api.post(f"/cases/{case['id']}/trace/statements", headers=analyst).json()["requested"]
    rid = next(q["id"] for q in asked if q["account"] == cards["c"])  # BOC's card
    good = _statement_csv([("SR3-9", f"{t0 + timedelta(minutes=9):%Y-%m-%d %H:%M:%S%z}", cards["c"], cards["d"],
                            "100.00")])
    other_bank = api.post(f"/requests/{rid}/statement", headers=login("bank_liaison", "CCB"),
                          files={"file": ("c.csv", good, "text/csv")})
    assert other_bank.status_code == 404
    boc = login("bank_liaison", "BOC")
    wrong = _statement_csv([
        ("SR3-9", f"{t0 + timedelta(minutes=9):%Y-%m-%d %H:%M:%S%z}", cards["c"], cards["d"], "100.00"),
        ("SR3-10", f"{t0 + timedelta(minutes=9):%Y-%m-%d %H:%M:%S%z}", cards["b"], cards["d"], "100.00"),
        ("SR3-11", f"{t0 + timedelta(days=9):%Y-%m-%d %H:%M:%S%z}", cards["c"], cards["d"], "100.00")])
    r = api.post(f"/requests/{rid}/statement", headers=boc, files={"file": ("c.csv", wrong, "text/csv")})
    assert r.status_code == 422, r.text
    msgs = {d["field"]: d["msg"] for d in r.json()["detail"]}
    assert set(msgs) == {"file:3", "file:4"}
    assert "not the card asked for" in msgs["file:3"] and "outside the period" in msgs["file:4"]
    still = api.get(f"/requests/{rid}", headers=boc).json()
    assert still["status"] == "pending"  # nothing kept of a refused file
    stop = next(q for q in case["requests"] if q["kind"] == "stop_payment")
    not_statement = api.post(f"/requests/{stop['id']}/statement", headers=login("bank_liaison", "ICBC"),
                             files={"file": ("a.csv", good, "text/csv")})
    assert not_statement.status_code == 422 and not_statement.json()["detail"][0]["field"] == "request_id"
    ok = api.post(f"/requests/{rid}/statement", headers=boc, files={"file": ("c.csv", good, "text/csv")})
    assert ok.status_code == 201, ok.text


def test_a_statement_request_cannot_be_completed_as_if_money_were_stopped(api, login) -> None:
    cards, t0 = _cards(), (now() - timedelta(hours=3)).replace(microsecond=0)
    case, analyst = _traced_case(api, login, cards, t0, "SR4")
    asked = api.post(f"/cases/{case['id']}/trace/statements", headers=analyst).json()["requested"]
    rid = next(q["id"] for q in asked if q["account"] == cards["b"])
    ccb = login("bank_liaison", "CCB")
    r = api.post(f"/requests/{rid}/complete", headers=ccb, json={"outcome": "stopped", "amount": "1", "balance": "1"})
    assert r.status_code == 422 and r.json()["detail"][0]["field"] == "outcome"
    refused = api.post(f"/requests/{rid}/complete", headers=ccb, json={"outcome": "refused", "note": "非本行卡"})
    assert refused.status_code == 200
    latest = api.get(f"/cases/{case['id']}/trace", headers=analyst).json()
    assert {c["account"]: c["statement"] for c in latest["reached"]}[cards["b"]] == "refused"


def test_an_empty_statement_says_the_money_stayed(api, login) -> None:
    cards, t0 = _cards(), (now() - timedelta(hours=3)).replace(microsecond=0)
    case, analyst = _traced_case(api, login, cards, t0, "SR5")
    asked = api.post(f"/cases/{case['id']}/trace/statements", headers=analyst).json()["requested"]
    rid = next(q["id"] for q in asked if q["account"] == cards["c"])
    r = api.post(f"/requests/{rid}/statement", headers=login("bank_liaison", "BOC"),
                 files={"file": ("c.csv", _statement_csv([]), "text/csv")})
    assert r.status_code == 201, r.text
    assert r.json()["statement"]["rows_total"] == 0
    retrace = wait_for_job(api, analyst, r.json()["retrace_job_id"])
    assert case["id"] in retrace["result"]["retraced_cases"]
    latest = api.get(f"/cases/{case['id']}/trace", headers=analyst).json()
    c = next(x for x in latest["reached"] if x["account"] == cards["c"])
    assert c["statement"] == "supplied" and Decimal(c["amount_held"]) == Decimal("3000.00")
