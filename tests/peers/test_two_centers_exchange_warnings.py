"""Two platform instances on loopback push warnings to each other by the citizen's home location:
both ways, surviving the receiver being down for a while, each delivered exactly once."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from antifraud.bootstrap import upgrade_database
from antifraud.core.db import make_engine, session_scope
from antifraud.orgs.models import Organization
from antifraud.orgs.service import do_create_user
from antifraud.peers.service import do_save_peer
from tests.e2e.conftest import _free_port
from tests.factories import card_of, case_payload
from tests.warnings.helpers import fresh_mobile, warning_lines

pytestmark = pytest.mark.e2e
TOKEN_JH_TO_HZ = "jh-presents-this-to-hz-0001"
TOKEN_HZ_TO_JH = "hz-presents-this-to-jh-0002"


class Center:
    """One platform instance: its database, settings and (when running) its server process."""

    def __init__(self, tmp: Path, code: str, city: str, port: int) -> None:
        self.code, self.city, self.port = code, city, port
        self.url = f"sqlite:///{tmp / f'{code}.db'}"
        self.base = f"http://127.0.0.1:{port}"
        self.workdir = tmp / code
        self.workdir.mkdir()
        self.proc: subprocess.Popen[bytes] | None = None
        self.env = dict(os.environ, ANTIFRAUD_DATABASE_URL=self.url, ANTIFRAUD_CITY_CODE=code,
                        ANTIFRAUD_HOME_CITY=city, ANTIFRAUD_HOME_PROVINCE="浙江")

    def prepare(self, peer_code: str, peer_city: str, peer_port: int, outbound: str, inbound: str) -> None:
        engine = make_engine(self.url)
        upgrade_database(engine)
        with session_scope(engine) as s:
            center = s.query(Organization).filter_by(code=self.code).one_or_none()
            if center is None:
                s.add(Organization(code=self.code, kind="police", level="city", name_zh=f"{self.city}反诈中心",
                                   name_en=f"{self.code} center"))
                s.flush()
            for role in ("analyst", "call_taker", "intervention"):
                do_create_user(s, f"{role}-{self.code}".lower(), "password-123", role, self.code)
            do_save_peer(s, peer_code, f"{peer_city}反诈中心", f"http://127.0.0.1:{peer_port}", [f"浙江/{peer_city}"],
                      outbound, inbound)
        engine.dispose()

    def start(self) -> None:
        log = (self.workdir / "server.log").open("ab")
        self.proc = subprocess.Popen([sys.executable, "-m", "antifraud.cli", "serve", "--port", str(self.port)],
                                     env=self.env, cwd=self.workdir, stdout=log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"{self.base}/healthz", timeout=1).status_code == 200:
                    return
            except httpx.HTTPError:
                time.sleep(0.3)
        raise RuntimeError((self.workdir / "server.log").read_text())

    def stop(self) -> None:
        if self.proc is not None:
            self.proc.terminate()
            self.proc.wait(timeout=15)
            self.proc = None

    def headers(self, role: str) -> dict[str, str]:
        r = httpx.post(f"{self.base}/api/v1/token", data={"username": f"{role}-{self.code}".lower(),
                                                          "password": "password-123"})
        return {"Authorization": f"Bearer {r.json()['access_token']}"}

    def warn(self, citizen: str) -> None:
        """File a case here (its phone and card become indicators), then signals about `citizen`."""
        phone, card = "+86170" + citizen[-8:], card_of("ICBC")
        payload = case_payload(identifiers=[{"kind": "bank_card", "value": card}, {"kind": "phone", "value": phone}])
        assert httpx.post(f"{self.base}/api/v1/cases", json=payload, headers=self.headers("call_taker")).status_code == 201
        body = ("\n".join(warning_lines(citizen, phone, card, f"{self.code}-{citizen[-8:]}")) + "\n").encode()
        out = httpx.post(f"{self.base}/api/v1/signals", content=body, headers=self.headers("analyst")).json()
        assert out["warnings_created"] == 1, out

    def warnings_for(self, citizen: str) -> list[dict]:
        rows = httpx.get(f"{self.base}/api/v1/warnings?status=all", headers=self.headers("intervention")).json()
        return [w for w in rows if w["citizen"] == citizen]


def _wait_for(predicate, timeout: float = 30.0) -> bool:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.5)
    return False


def test_warnings_cross_both_ways_exactly_once(tmp_path: Path) -> None:
    jh = Center(tmp_path, "JH", "金华", _free_port())
    hz = Center(tmp_path, "HZ", "杭州", _free_port())
    jh.prepare("HZ", "杭州", hz.port, outbound=TOKEN_JH_TO_HZ, inbound=TOKEN_HZ_TO_JH)
    hz.prepare("JH", "金华", jh.port, outbound=TOKEN_HZ_TO_JH, inbound=TOKEN_JH_TO_HZ)
    jh.start()
    try:
        # Hangzhou's center is down when Jinhua finds a Hangzhou citizen at risk
        hangzhou_citizen = fresh_mobile("1390571")
        jh.warn(hangzhou_citizen)
        pushed = jh.warnings_for(hangzhou_citizen)
        assert pushed and pushed[0]["status"] == "pushed" and pushed[0]["pushed_to"] == "HZ"
        time.sleep(3)  # a few failed attempts, backing off
        hz.start()
        assert _wait_for(lambda: len(hz.warnings_for(hangzhou_citizen)) == 1, timeout=60)
        received = hz.warnings_for(hangzhou_citizen)[0]
        assert received["origin"] == "inbound" and received["origin_center"] == "JH"
        assert received["desk"] == "HZ" and received["status"] == "new"
        # and the other way: Hangzhou finds a Jinhua citizen
        jinhua_citizen = fresh_mobile("1385790")
        hz.warn(jinhua_citizen)
        assert _wait_for(lambda: len(jh.warnings_for(jinhua_citizen)) == 1, timeout=60)
        assert jh.warnings_for(jinhua_citizen)[0]["origin_center"] == "HZ"
        # more relay rounds, and a peer replaying the same message, deliver nothing twice
        time.sleep(3)
        assert len(hz.warnings_for(hangzhou_citizen)) == 1 and len(jh.warnings_for(jinhua_citizen)) == 1
        replay = {"key": f"JH:{pushed[0]['warning_no']}", "origin_center": "JH", "citizen": hangzhou_citizen,
                  "fraud_type": "other", "score": 0.9, "urgency": "high", "reasons": [],
                  "first_signal_at": pushed[0]["first_signal_at"]}
        r = httpx.post(f"{hz.base}/api/v1/peer/warnings", json=replay,
                       headers={"Authorization": f"Bearer {TOKEN_JH_TO_HZ}"})
        assert r.status_code == 202 and len(hz.warnings_for(hangzhou_citizen)) == 1
        # an unknown peer token is refused
        bad = httpx.post(f"{hz.base}/api/v1/peer/warnings", json=replay, headers={"Authorization": "Bearer nope"})
        assert bad.status_code == 401
    finally:
        jh.stop()
        hz.stop()
