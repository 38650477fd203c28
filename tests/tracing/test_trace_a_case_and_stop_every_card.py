"""An analyst brings statements in, traces a case five tiers deep and stops every reached card at once."""

from __future__ import annotations

import io
import random
from datetime import timedelta
from decimal import Decimal

from openpyxl import load_workbook

from antifraud.core.clock import now
from tests.factories import card_of, case_payload

_rng = random.Random(4)


def _fresh_cards() -> dict[str, str]:
    return {"victim": card_of("ABC", _rng), "a": card_of("ICBC", _rng), "b": card_of("CCB", _rng),
            "c": card_of("BOC", _rng), "d": card_of("PSBC", _rng), "e": card_of("CMB", _rng)}


def _file_case(api, headers, cards, t0) -> dict:  # type: ignore[no-untyped-def]
    payload = case_payload(loss_amount="10000.00", occurred_at=(t0 - timedelta(minutes=5)).isoformat(),
                           identifiers=[{"kind": "bank_card", "value": cards["a"]},
                                        {"kind": "bank_card", "value": cards["victim"], "role": "victim"}])
    r = api.post("/cases", headers=headers, json=payload)
    assert r.status_code == 201, r.text
    return r.json()


def _rows(cards, t0, tag):  # type: ignore[no-untyped-def]
    def row(n, minutes, src, dst, amount):  # type: ignore[no-untyped-def]
        return {"txn_id": f"{tag}-{n}", "time": (t0 + timedelta(minutes=minutes)).isoformat(),
                "from_account": cards[src], "to_account": cards[dst], "amount": amount}
    return [row(1, 0, "victim", "a", "10000.00"), row(2, 2, "a", "b", "6000.00"),
            row(3, 3, "a", "c", "3000.00"), row(4, 5, "b", "d", "5000.00")]


def test_trace_finds_the_tiers_with_fifo_amounts(api, login) -> None:
    cards, t0 = _fresh_cards(), now() - timedelta(hours=3)
    analyst = login("analyst")
    case = _file_case(api, login("call_taker"), cards, t0)
    imp = api.post("/statements", headers=analyst, json={"source": "test", "transfers": _rows(cards, t0, "T1")})
    assert imp.status_code == 201 and imp.json()["rows_new"] == 4
    again = api.post("/statements", headers=analyst, json={"source": "test", "transfers": _rows(cards, t0, "T1")})
    assert again.json()["rows_new"] == 0 and again.json()["rows_duplicate"] == 4
    trace = api.post(f"/cases/{case['id']}/trace", headers=analyst, json={"rule": "fifo"})
    assert trace.status_code == 200, trace.text
    reached = {c["account"]: c for c in trace.json()["reached"]}
    assert {k: reached[cards[k]]["tier"] for k in "abcd"} == {"a": 1, "b": 2, "c": 2, "d": 3}
    held = {k: Decimal(reached[cards[k]]["amount_held"]) for k in "abcd"}
    assert held == {"a": Decimal("1000.00"), "b": Decimal("1000.00"), "c": Decimal("3000.00"),
                    "d": Decimal("5000.00")}
    assert reached[cards["b"]]["bank_code"] == "CCB"
    assert Decimal(trace.json()["total_held"]) == Decimal("10000.00")


def test_stop_all_reached_sends_one_request_per_holding_card_once(api, login) -> None:
    cards, t0 = _fresh_cards(), now() - timedelta(hours=3)
    analyst = login("analyst")
    case = _file_case(api, login("call_taker"), cards, t0)
    api.post("/statements", headers=analyst, json={"source": "test", "transfers": _rows(cards, t0, "T2")})
    api.post(f"/cases/{case['id']}/trace", headers=analyst, json={})
    stop = api.post(f"/cases/{case['id']}/trace/stop", headers=analyst)
    assert stop.status_code == 200, stop.text
    out = stop.json()
    assert set(out["already_open"]) == {cards["a"]}  # intake already asked ICBC
    assert set(out["requested"]) == {cards["b"], cards["c"], cards["d"]}
    detail = api.get(f"/cases/{case['id']}", headers=analyst).json()
    asked = {q["account"]: q for q in detail["requests"] if q["kind"] == "stop_payment"}
    assert Decimal(asked[cards["d"]]["requested_amount"]) == Decimal("5000.00")
    assert asked[cards["d"]]["target_org"] == "PSBC" and asked[cards["d"]]["tier"] == 3
    twice = api.post(f"/cases/{case['id']}/trace/stop", headers=analyst).json()
    assert twice["requested"] == [] and set(twice["already_open"]) == {cards[k] for k in "abcd"}
    psbc = login("bank_liaison", "PSBC")
    assert cards["d"] in {q["account"] for q in api.get("/requests", headers=psbc).json()}


def test_new_statement_for_a_reached_card_retraces_and_proposes_the_next_tier(api, login) -> None:
    cards, t0 = _fresh_cards(), now() - timedelta(hours=3)
    analyst = login("analyst")
    case = _file_case(api, login("call_taker"), cards, t0)
    api.post("/statements", headers=analyst, json={"source": "test", "transfers": _rows(cards, t0, "T3")})
    api.post(f"/cases/{case['id']}/trace", headers=analyst, json={})
    more = [{"txn_id": "T3-5", "time": (t0 + timedelta(minutes=9)).isoformat(), "from_account": cards["d"],
             "to_account": cards["e"], "amount": "2000.00"}]
    bank = login("bank_liaison", "PSBC")
    imp = api.post("/statements", headers=bank, json={"source": "PSBC reply", "transfers": more})
    assert imp.status_code == 201 and case["id"] in imp.json()["retraced_cases"]
    latest = api.get(f"/cases/{case['id']}/trace", headers=analyst).json()
    assert latest["trigger"] == "statements"
    e = next(c for c in latest["reached"] if c["account"] == cards["e"])
    assert e["tier"] == 4 and e["proposed"] is True


def test_statement_file_upload_reports_bad_rows_and_keeps_good_ones(api, login) -> None:
    cards, t0 = _fresh_cards(), now() - timedelta(hours=3)
    text = "txn_id,time,from_account,to_account,amount\n"
    text += f"U1,{t0:%Y-%m-%d %H:%M:%S},{cards['victim']},{cards['a']},500.00\n"
    text += f"U2,not a time,{cards['a']},{cards['b']},100\n"
    text += f"U3,{t0:%Y-%m-%d %H:%M:%S},{cards['a']},{cards['b']},abc\n"
    files = {"file": ("statement.csv", text.encode(), "text/csv")}
    r = api.post("/statements/upload", headers=login("analyst"), files=files)
    assert r.status_code == 201, r.text
    body = r.json()
    assert body["rows_new"] == 1 and body["rows_bad"] == 2
    assert {e["line"] for e in body["errors"]} == {3, 4}
    bad = api.post("/statements/upload", headers=login("analyst"),
                   files={"file": ("notes.txt", b"hello", "text/plain")})
    assert bad.status_code == 422 and bad.json()["detail"][0]["field"] == "file"


def test_trace_exports_to_xlsx(api, login) -> None:
    cards, t0 = _fresh_cards(), now() - timedelta(hours=3)
    analyst = login("analyst")
    case = _file_case(api, login("call_taker"), cards, t0)
    api.post("/statements", headers=analyst, json={"source": "test", "transfers": _rows(cards, t0, "T4")})
    api.post(f"/cases/{case['id']}/trace", headers=analyst, json={"rule": "proportional"})
    r = api.get(f"/cases/{case['id']}/trace.xlsx", headers=analyst)
    assert r.status_code == 200
    wb = load_workbook(io.BytesIO(r.content))
    rows = list(wb.worksheets[0].iter_rows(min_row=3, values_only=True))
    assert {row[1] for row in rows} == {cards[k] for k in "abcd"}
    assert len(list(wb.worksheets[1].iter_rows(min_row=2))) == 4
    assert wb.worksheets[0]["G3"].number_format == "#,##0.00"  # held, yuan with two places
    assert wb.worksheets[1]["F2"].number_format == "#,##0.00"  # the victim's money on a transfer


def test_partners_cannot_trace(api, login) -> None:
    cards, t0 = _fresh_cards(), now()
    case = _file_case(api, login("call_taker"), cards, t0)
    assert api.post(f"/cases/{case['id']}/trace", headers=login("bank_liaison", "ICBC"), json={}).status_code == 403
    assert api.post(f"/cases/{case['id']}/trace", headers=login("expert"), json={}).status_code == 403


def test_two_victim_payments_are_traced_over_the_same_statements_and_listed_once_in_local_time(api, login) -> None:
    from antifraud.core.clock import fmt_local
    from antifraud.tracing.pages import _edge_rows
    from antifraud.tracing.schemas import TraceOut

    cards, t0 = _fresh_cards(), (now() - timedelta(hours=3)).replace(microsecond=0)
    analyst = login("analyst")
    case = _file_case(api, login("call_taker"), cards, t0)

    def row(n, minutes, src, dst, amount):  # type: ignore[no-untyped-def]
        return {"txn_id": f"T5-{n}", "time": (t0 + timedelta(minutes=minutes)).isoformat(),
                "from_account": cards[src], "to_account": cards[dst], "amount": amount}
    # two victim transfers into a; a → c takes 4,000 of the first and all 5,000 of the second
    rows = [row(1, 0, "victim", "a", "10000.00"), row(2, 1, "victim", "a", "5000.00"),
            row(3, 2, "a", "b", "6000.00"), row(4, 3, "a", "c", "9000.00")]
    api.post("/statements", headers=analyst, json={"source": "test", "transfers": rows})
    trace = api.post(f"/cases/{case['id']}/trace", headers=analyst, json={"rule": "fifo"}).json()
    assert len(trace["seeds"]) == 2
    shared = [e for e in trace["edges"] if e["txn_id"] == "T5-4"]
    assert len(shared) == 1 and Decimal(shared[0]["attributed"]) == Decimal("9000.00")
    assert len(trace["edges"]) == len({e["txn_id"] for e in trace["edges"]})
    # each seed is traced over the same statements: the first 10,000.00 queues ahead of the second
    # payment on card a, so no transfer is attributed more than it carried
    assert all(Decimal(e["attributed"]) <= Decimal(e["amount"]) for e in trace["edges"])
    assert Decimal(trace["total_held"]) == Decimal("15000.00")
    # the timeline and the export show local time, like the first-arrival column
    local = fmt_local(t0 + timedelta(minutes=3))
    assert next(r for r in _edge_rows(TraceOut.model_validate(trace)) if r["txn"] == "T5-4")["time"] == local
    wb = load_workbook(io.BytesIO(api.get(f"/cases/{case['id']}/trace.xlsx", headers=analyst).content))
    sheet = {r[0]: r for r in wb.worksheets[1].iter_rows(min_row=2, values_only=True)}
    assert sheet["T5-4"][1] == local


def test_a_hub_cut_in_the_traces_of_two_victim_payments_is_named_once(api, login) -> None:
    cards, t0 = _fresh_cards(), (now() - timedelta(hours=3)).replace(microsecond=0)
    analyst = login("analyst")
    case = _file_case(api, login("call_taker"), cards, t0)

    def row(n, minutes, src, dst, amount):  # type: ignore[no-untyped-def]
        return {"txn_id": f"T6-{n}", "time": (t0 + timedelta(minutes=minutes)).isoformat(),
                "from_account": cards[src], "to_account": cards[dst], "amount": amount}
    # a pays out in four parts, each carrying money of both victim payments
    rows = [row(1, 0, "victim", "a", "1000.00"), row(2, 1, "victim", "a", "1000.00")]
    rows += [row(3 + i, 2 + i, "a", payee, "500.00") for i, payee in enumerate("bcde")]
    api.post("/statements", headers=analyst, json={"source": "test", "transfers": rows})
    trace = api.post(f"/cases/{case['id']}/trace", headers=analyst,
                     json={"rule": "proportional", "fanout_cap": 2}).json()
    assert len(trace["seeds"]) == 2
    [hub] = trace["capped"]
    assert hub["account"] == cards["a"] and (hub["kept"], hub["dropped"]) == (2, 2)
    assert Decimal(hub["amount"]) == Decimal("1000.00")  # both payments' money on the two cut transfers
