"""Warnings go to the desk of the citizen's home location, or to the center that owns it."""

from __future__ import annotations

import httpx
from sqlalchemy import select

from antifraud.core.db import get_engine, session_scope
from antifraud.core.outbox import OutboxMessage, backoff, deliver_due
from antifraud.peers.service import do_save_peer
from tests.warnings.helpers import fresh_mobile, raise_warning_via_api


def test_another_city_with_a_peer_center_gets_it_through_the_outbox(api, login, make_user) -> None:
    with session_scope() as s:
        do_save_peer(s, "NJ", "南京市反诈中心", "http://127.0.0.1:9", ["江苏/南京"], "o" * 20, "i" * 20)
    citizen = fresh_mobile("1385170")  # a Nanjing China Mobile number
    w = raise_warning_via_api(api, login, make_user, citizen)
    assert w["status"] == "pushed" and w["pushed_to"] == "NJ" and w["desk"] is None
    assert (w["province"], w["city"]) == ("江苏", "南京")
    with session_scope() as s:
        msg = s.scalar(select(OutboxMessage).where(OutboxMessage.key.like(f"%{w['warning_no']}")))
    assert msg is not None and msg.destination == "NJ" and msg.payload["citizen"] == citizen


def test_another_city_without_a_peer_stays_at_the_city_desk(api, login, make_user) -> None:
    citizen = fresh_mobile("1390571")  # Hangzhou
    w = raise_warning_via_api(api, login, make_user, citizen)
    assert w["status"] == "new" and w["desk"] == "JH" and w["city"] == "杭州"


def test_failed_deliveries_back_off_then_succeed_once() -> None:
    assert [backoff(n).total_seconds() for n in (1, 2, 3, 4, 10, 30)] == [1, 2, 4, 8, 300, 300]
    calls: list[str] = []

    def peer(request: httpx.Request) -> httpx.Response:
        if request.url.host != "sz.test":  # other tests' peers are down
            return httpx.Response(503)
        calls.append(request.headers["Authorization"])
        return httpx.Response(503 if len(calls) == 1 else 202, json={})

    with session_scope() as s:
        do_save_peer(s, "SZ", "深圳市反诈中心", "http://sz.test", ["广东/深圳"], "t" * 20, "u" * 20)
        from antifraud.core.clock import now

        s.add(OutboxMessage(key="JH:TEST-1", topic="peer_warning", destination="SZ", payload={"key": "JH:TEST-1"},
                            created_at=now(), attempts=0, next_attempt_at=now()))
    with httpx.Client(transport=httpx.MockTransport(peer)) as client:
        first = deliver_due(get_engine(), client)
        with session_scope() as s:
            row = s.scalar(select(OutboxMessage).where(OutboxMessage.key == "JH:TEST-1"))
            assert row.attempts == 1 and row.delivered_at is None and "503" in row.last_error
            row.next_attempt_at = row.created_at  # the backoff has passed
        second = deliver_due(get_engine(), client)
        third = deliver_due(get_engine(), client)
    assert first[0] == 0 and second[0] >= 1 and calls.count("Bearer " + "t" * 20) == 2
    with session_scope() as s:
        row = s.scalar(select(OutboxMessage).where(OutboxMessage.key == "JH:TEST-1"))
        assert row.delivered_at is not None and row.attempts == 2
    assert third[0] == 0  # delivered messages are never sent again
