"""A partner with a delivery endpoint (set by an admin on the command line) gets a sent campaign's work pushed
to it through the outbox, in the sending transaction, by the relay, once, even if it was down for a while;
a partner without one reads its queue page only."""

from __future__ import annotations

import json
import threading
import time
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from sqlalchemy import select
from typer.testing import CliRunner

from antifraud.cli import app as cli
from antifraud.core.audit import AuditEntry
from antifraud.core.clock import LOCAL_TZ, now
from antifraud.core.db import session_scope
from antifraud.core.outbox import OutboxMessage, OutboxRelay
from tests.e2e.conftest import _free_port

TOKEN = "cmcc-takes-campaign-work-0001"


class Partner:
    """The partner's receiving endpoint on loopback: keeps what it is POSTed, answers 200."""

    def __init__(self, port: int) -> None:
        self.port, self.received = port, []  # type: ignore[var-annotated]
        self.server: ThreadingHTTPServer | None = None

    def start(self) -> None:
        received = self.received

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers["Content-Length"]))
                received.append((self.path, self.headers["Authorization"], json.loads(body)))
                self.send_response(200)
                self.end_headers()

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def stop(self) -> None:
        if self.server is not None:
            self.server.shutdown()
            self.server.server_close()


def _today() -> Any:
    return now().astimezone(LOCAL_TZ).date()


def _campaign(channel: str = "carrier_sms", partner: str = "CMCC") -> dict[str, Any]:
    return {"title": "义乌青年刷单防范", "category": "brushing_rebate", "channel": channel, "partner": partner,
            "audience": {"districts": ["330782"], "age_bands": ["18-30"], "habits": ["food_delivery"]},
            "starts_on": _today().isoformat(), "ends_on": (_today() + timedelta(days=6)).isoformat()}


def _send(api: Any, analyst: dict[str, str], commander: dict[str, str], body: dict[str, Any]) -> dict[str, Any]:
    cid = api.post("/campaigns", headers=analyst, json=body).json()["id"]
    assert api.post(f"/campaigns/{cid}/submit", headers=analyst).status_code == 200
    assert api.post(f"/campaigns/{cid}/approve", headers=commander, json={"note": "同意"}).status_code == 200
    sent = api.post(f"/campaigns/{cid}/send", headers=commander)
    assert sent.status_code == 200, sent.text
    return sent.json()


def _messages(cid: int) -> list[OutboxMessage]:
    with session_scope() as s:
        rows = list(s.scalars(select(OutboxMessage).where(OutboxMessage.topic == "campaign_work",
                                                          OutboxMessage.key.endswith(f":campaign:{cid}"))))
        s.expunge_all()
    return rows


def _wait_for(predicate: Any, timeout: float = 30.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.2)
    return False


def test_sent_campaign_work_reaches_the_partners_endpoint_once(api, login, engine, tmp_path: Path) -> None:
    port = _free_port()
    token_file = tmp_path / "cmcc.token"
    token_file.write_text(TOKEN + "\n", encoding="utf-8")
    runner = CliRunner()
    url = f"http://127.0.0.1:{port}/antifraud/campaigns"
    out = runner.invoke(cli, ["partners", "set-endpoint", "--org", "CMCC", "--url", url,
                              "--token-file", str(token_file)])
    assert out.exit_code == 0, out.output
    partner, relay = Partner(port), OutboxRelay(engine, interval=0.2)
    try:
        analyst, commander, carrier = login("analyst"), login("commander"), login("carrier_liaison", "CMCC")
        sent = _send(api, analyst, commander, _campaign())
        cid = sent["id"]
        # written with the send: the work and the audience's specification, no citizen
        (msg,) = _messages(cid)
        assert msg.destination == "CMCC" and msg.delivered_at is None
        payload = msg.payload
        assert payload["campaign_id"] == cid and payload["category"] == "brushing_rebate"
        assert payload["channel"] == "carrier_sms" and payload["message"] == sent["message"]
        assert payload["audience"] == sent["audience"]  # the specification the carrier selects by
        assert payload["audience"]["districts"] == ["330782"] and payload["audience"]["age_bands"] == ["18-30"]
        assert (payload["starts_on"], payload["ends_on"]) == (sent["starts_on"], sent["ends_on"])
        assert not {"finding", "created_by", "citizens", "phones"} & set(payload)
        assert api.get(f"/campaigns/{cid}", headers=commander).json()["push"] == {
            "state": "queued", "attempts": 0, "delivered_at": None, "last_error": None}
        # the queue page has it as before
        assert cid in {w["id"] for w in api.get("/campaign-work", headers=carrier).json()}
        with session_scope() as s:
            send = s.scalar(select(AuditEntry).where(AuditEntry.action == "campaign.send",
                                                     AuditEntry.entity_id == str(cid)))
            assert send is not None and send.details["pushed"] is True

        # the partner is down: the relay tries, records why, and backs off
        relay.start()
        assert _wait_for(lambda: _messages(cid)[0].attempts >= 1)
        failed = _messages(cid)[0]
        assert failed.delivered_at is None and failed.last_error and failed.next_attempt_at > failed.created_at
        partner.start()
        assert _wait_for(lambda: _messages(cid)[0].delivered_at is not None)
        taken = len([r for r in partner.received if r[2]["campaign_id"] == cid])
        time.sleep(1.0)  # once it was taken, further rounds send nothing again
        mine = [r for r in partner.received if r[2]["campaign_id"] == cid]
        assert len(mine) == taken >= 1 and {r[2]["key"] for r in mine} == {payload["key"]}
        path, auth, body = mine[0]
        assert path == "/antifraud/campaigns" and auth == f"Bearer {TOKEN}" and body == payload
        push = api.get(f"/campaigns/{cid}", headers=commander).json()["push"]
        assert push["state"] == "delivered" and push["attempts"] >= 2 and push["last_error"] is None
    finally:
        relay.stop()
        partner.stop()
        assert runner.invoke(cli, ["partners", "remove-endpoint", "--org", "CMCC"]).exit_code == 0


def test_a_partner_without_an_endpoint_reads_its_queue_only(api, login) -> None:
    analyst, commander = login("analyst"), login("commander")
    platform = login("platform_liaison", "MEITUAN")
    sent = _send(api, analyst, commander, _campaign("packaging", "MEITUAN"))
    assert _messages(sent["id"]) == []
    assert api.get(f"/campaigns/{sent['id']}", headers=commander).json()["push"] is None
    assert sent["id"] in {w["id"] for w in api.get("/campaign-work", headers=platform).json()}


def test_an_endpoint_is_refused_with_the_field_named(tmp_path: Path) -> None:
    runner = CliRunner()
    short = tmp_path / "short.token"
    short.write_text("too-short", encoding="utf-8")
    out = runner.invoke(cli, ["partners", "set-endpoint", "--org", "CMCC", "--url", "http://127.0.0.1:9/x",
                              "--token-file", str(short)])
    assert out.exit_code != 0 and "token" in out.output
    good = tmp_path / "good.token"
    good.write_text(TOKEN, encoding="utf-8")
    for org, url, field in (("CMCC", "ftp://example.org/x", "url"), ("NOSUCH", "http://127.0.0.1:9/x", "org"),
                            ("JH", "http://127.0.0.1:9/x", "org")):
        out = runner.invoke(cli, ["partners", "set-endpoint", "--org", org, "--url", url,
                                  "--token-file", str(good)])
        assert out.exit_code != 0 and f"{field}:" in out.output, out.output
