"""A report names a card another case already stopped or froze: intake sends no second stop-payment, says
why on the identifier, and the case lists the request that holds the card."""

from __future__ import annotations

from datetime import timedelta

from nicegui import ui
from nicegui.testing import User
from sqlalchemy import func, select

from antifraud.core.db import session_scope
from antifraud.dispatch.models import DispatchRequest
from tests.factories import card_of, case_payload
from tests.pages import sign_in


def _file(api, login, card: str) -> dict:  # type: ignore[no-untyped-def]
    r = api.post("/cases", headers=login("call_taker"),
                 json=case_payload(identifiers=[{"kind": "bank_card", "value": card}]))
    assert r.status_code == 201, r.text
    return r.json()


def _stop_payments(card: str) -> int:
    with session_scope() as session:
        return session.scalar(select(func.count()).select_from(DispatchRequest).where(
            DispatchRequest.kind == "stop_payment", DispatchRequest.account == card)) or 0


def _stopped(api, login, card: str) -> tuple[dict, int]:  # type: ignore[no-untyped-def]
    first = _file(api, login, card)
    rid = next(q["id"] for q in first["requests"] if q["kind"] == "stop_payment")
    done = api.post(f"/requests/{rid}/complete", headers=login("bank_liaison", "ICBC"),
                    json={"outcome": "stopped", "balance": "9000.00", "amount": "8800.50"})
    assert done.status_code == 200, done.text
    return first, rid


def test_a_card_stopped_within_its_validity_gets_no_second_stop_payment(api, login) -> None:
    card = card_of("ICBC")
    first, rid = _stopped(api, login, card)
    second = _file(api, login, card)
    ident = next(i for i in second["identifiers"] if i["value"] == card)
    assert ident["routing"] == "held"
    assert ident["routing_reason"].startswith(f"already stopped by ICBC (request {rid}) until ")
    assert _stop_payments(card) == 1
    assert not any(q["account"] == card for q in second["requests"])
    held = second["holding_requests"]
    assert [(q["id"], q["case_no"], q["outcome"]) for q in held] == [(rid, first["case_no"], "stopped")]
    read = api.get(f"/cases/{second['id']}", headers=login("analyst")).json()
    assert [q["id"] for q in read["holding_requests"]] == [rid]
    timeline = api.get(f"/cases/{second['id']}/timeline", headers=login("analyst"))
    assert timeline.status_code == 200, timeline.text  # the other case's partner steps are not this case's
    assert not any(e["event"] == "request_sent" for e in timeline.json())


def test_an_open_stop_payment_holds_the_card_too(api, login) -> None:
    card = card_of("ICBC")
    first = _file(api, login, card)
    rid = next(q["id"] for q in first["requests"] if q["kind"] == "stop_payment")
    second = _file(api, login, card)
    ident = next(i for i in second["identifiers"] if i["value"] == card)
    assert (ident["routing"], ident["routing_reason"]) == (
        "held", f"already held: stop_payment request {rid} to ICBC is pending")
    assert _stop_payments(card) == 1
    assert [q["status"] for q in second["holding_requests"]] == ["pending"]


def test_a_stop_payment_past_its_validity_is_asked_for_again(api, login) -> None:
    card = card_of("ICBC")
    _, rid = _stopped(api, login, card)
    with session_scope() as session:
        req = session.get_one(DispatchRequest, rid)
        assert req.completed_at is not None
        req.completed_at -= timedelta(hours=49)  # a stop-payment holds 48 hours by default
    again = _file(api, login, card)
    assert next(i for i in again["identifiers"] if i["value"] == card)["routing"] == "routed"
    assert [q["kind"] for q in again["requests"] if q["account"] == card] == ["stop_payment"]
    assert again["holding_requests"] == []
    assert _stop_payments(card) == 2


async def test_the_case_page_says_why_and_shows_the_holding_request(user: User, api, login, make_user) -> None:
    card = card_of("ICBC")
    first, rid = _stopped(api, login, card)
    second = _file(api, login, card)
    username, password, _ = make_user("commander", "JH-330782")
    await sign_in(user, username, password)
    await user.open(f"/cases/{second['id']}")
    await user.should_see(f"案件 {second['case_no']}", retries=50)
    rows = [row for table in user.find(kind=ui.table).elements for row in table.rows]
    ident = next(r for r in rows if r.get("value") == card)
    assert ident["routing"] == "已止付/冻结"
    assert ident["reason"].startswith(f"该卡已由 ICBC 止付（请求 {rid}），有效期至 "), ident["reason"]
    assert "T" not in ident["reason"]  # the time in Beijing time, as people read it
    held = next(r for r in rows if r.get("id") == rid and "target" in r)
    assert held["target"] == "ICBC" and f"案件 {first['case_no']} 的请求，已控制本卡" in held["status"]
