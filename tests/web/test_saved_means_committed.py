"""A 2xx answer means committed: the moment a body leaves the server, another connection sees the change.

The API app is wrapped in an ASGI probe that, when a 2xx body is sent, asks a second engine (its own
connection, no shared session) what it can see; a commit that happens after the answer fails these tests.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from fastapi.testclient import TestClient
from nicegui.testing import User
from sqlalchemy import create_engine, text
from sqlalchemy.pool import NullPool

from antifraud.web.app import create_api
from tests.api_client import Api
from tests.factories import card_of, case_payload
from tests.pages import fill_intake, sign_in

Seen = dict[str, Any]


class CommitProbe:
    """ASGI wrapper: at each 2xx body, record what a second connection sees of the answered record."""

    def __init__(self, app: Any, look: Callable[[str, dict[str, Any]], Seen]) -> None:
        self.app, self.look = app, look
        self.seen: list[Seen] = []

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http" or scope["method"] != "POST":
            await self.app(scope, receive, send)
            return
        status: dict[str, int] = {}

        async def probing_send(message: dict[str, Any]) -> None:
            if message["type"] == "http.response.start":
                status["code"] = message["status"]
            elif message["type"] == "http.response.body" and 200 <= status.get("code", 0) < 300:
                body = message.get("body", b"")
                if body.startswith(b"{") and "/token" not in scope["path"]:
                    self.seen.append(self.look(scope["path"], json.loads(body)))
            await send(message)

        await self.app(scope, receive, probing_send)


@pytest.fixture
def other_connection(database_url: str):  # type: ignore[no-untyped-def]
    """A second engine with its own connections, as another server process would have."""
    engine = create_engine(database_url, poolclass=NullPool)
    yield engine
    engine.dispose()


def _look(engine: Any) -> Callable[[str, dict[str, Any]], Seen]:
    """What the other connection sees of the case or request an answer names."""

    def look(path: str, body: dict[str, Any]) -> Seen:
        with engine.connect() as conn:
            if path.endswith("/cases"):
                cid = body["id"]
                return {"path": path, "case": conn.scalar(text("SELECT count(*) FROM cases WHERE id = :i"),
                                                          {"i": cid}),
                        "requests": conn.scalar(text("SELECT count(*) FROM dispatch_requests WHERE case_id = :i"),
                                                {"i": cid}),
                        "audit": conn.scalar(text("SELECT count(*) FROM audit_log WHERE entity_type = 'case' "
                                                  "AND entity_id = :i"), {"i": str(cid)})}
            rid = body["id"]
            return {"path": path,
                    "status": conn.scalar(text("SELECT status FROM dispatch_requests WHERE id = :i"), {"i": rid}),
                    "audit": [a for (a,) in conn.execute(text(
                        "SELECT action FROM audit_log WHERE entity_type = 'request' AND entity_id = :i "
                        "ORDER BY id"), {"i": str(rid)})]}

    return look


@pytest.fixture
def probed(database_url: str, other_connection):  # type: ignore[no-untyped-def]
    """The real API app behind the commit probe, and the probe itself."""
    probe = CommitProbe(create_api(), _look(other_connection))
    with TestClient(probe) as client:
        yield Api(client), probe


def _users(api: Api, make_user) -> tuple[dict[str, str], dict[str, str]]:  # type: ignore[no-untyped-def]
    taker, bank = make_user("call_taker"), make_user("bank_liaison", "ICBC")
    return api.as_user(taker[0], taker[1]), api.as_user(bank[0], bank[1])


def test_a_filed_case_is_committed_with_its_requests_when_the_201_arrives(probed, make_user) -> None:
    api, probe = probed
    taker, _ = _users(api, make_user)
    for _ in range(3):
        r = api.post("/cases", headers=taker, json=case_payload())
        assert r.status_code == 201, r.text
        answered = r.json()
        seen = probe.seen[-1]
        assert seen["case"] == 1, "the 201 left before the case was committed"
        assert seen["requests"] == len(answered["requests"]) == 2
        assert seen["audit"] == 1


def test_a_partners_ack_and_completion_are_committed_when_the_200_arrives(probed, make_user) -> None:
    api, probe = probed
    taker, bank = _users(api, make_user)
    case = api.post("/cases", headers=taker, json=case_payload()).json()
    rid = next(q["id"] for q in case["requests"] if q["kind"] == "stop_payment")
    assert api.post(f"/requests/{rid}/ack", headers=bank).status_code == 200
    assert probe.seen[-1]["status"] == "acknowledged"
    assert probe.seen[-1]["audit"] == ["request.create", "request.acknowledge"]
    done = api.post(f"/requests/{rid}/complete", headers=bank,
                    json={"outcome": "stopped", "balance": "100.00", "amount": "100.00", "note": "已止付"})
    assert done.status_code == 200, done.text
    assert probe.seen[-1]["status"] == "completed"
    assert probe.seen[-1]["audit"][-1] == "request.complete"


def test_a_refused_answer_leaves_nothing_behind(probed, make_user, other_connection) -> None:
    api, _ = probed
    taker, _ = _users(api, make_user)
    with other_connection.connect() as conn:
        before = conn.scalar(text("SELECT count(*) FROM cases"))
    bad = case_payload(occurred_at="2999-01-01T00:00:00+08:00")
    r = api.post("/cases", headers=taker, json=bad)
    assert r.status_code == 422 and r.json()["detail"][0]["field"] == "occurred_at"
    with other_connection.connect() as conn:
        assert conn.scalar(text("SELECT count(*) FROM cases")) == before


async def test_a_case_filed_on_the_intake_page_is_committed_when_the_page_says_so(
        user: User, make_user, other_connection) -> None:
    username, password, _ = make_user("call_taker")
    await sign_in(user, username, password)
    await user.should_see("接警录入", retries=50)
    card = card_of("ABC")
    fill_intake(user, "王五", "5000", card)
    await user.should_see("已立案", retries=50)
    with other_connection.connect() as conn:
        found = conn.execute(text("SELECT c.id, count(r.id) FROM cases c JOIN dispatch_requests r "
                                  "ON r.case_id = c.id WHERE r.account = :card GROUP BY c.id"),
                             {"card": card}).all()
    assert len(found) == 1 and found[0][1] == 1


@pytest.mark.logs_errors
def test_a_failing_live_update_after_commit_still_answers_201(probed, make_user, caplog) -> None:
    from antifraud.core import events

    def broken(_topic: str, _payload: dict[str, Any]) -> None:
        raise RuntimeError("screen went away")

    api, probe = probed
    taker, _ = _users(api, make_user)
    unsubscribe = events.subscribe("cases", broken)
    try:
        r = api.post("/cases", headers=taker, json=case_payload())
    finally:
        unsubscribe()
    assert r.status_code == 201, r.text
    assert probe.seen[-1]["case"] == 1
    assert "screen went away" in caplog.text
