"""On a campaign's page, prevention staff see whether its work pushed to the partner's endpoint was taken:
queued, retrying while the partner is down, then taken."""

from __future__ import annotations

import asyncio
import time
from datetime import timedelta
from typing import Any

import httpx
from nicegui.testing import User

from antifraud.core.clock import LOCAL_TZ, now
from antifraud.core.db import session_scope
from antifraud.core.outbox import deliver_due
from antifraud.orgs.service import do_remove_partner_endpoint, do_set_partner_endpoint
from tests.e2e.conftest import _free_port
from tests.pages import sign_in
from tests.prevention.test_push_campaign_work_to_a_partners_endpoint import Partner


def _body() -> dict[str, Any]:
    today = now().astimezone(LOCAL_TZ).date()
    return {"title": "武义老年人冒充公检法防范", "category": "impersonate_authority", "channel": "carrier_sms",
            "partner": "CTCC", "audience": {"districts": ["330723"], "age_bands": ["61+"]},
            "starts_on": today.isoformat(), "ends_on": (today + timedelta(days=3)).isoformat()}


def _push(api: Any, headers: dict[str, str], cid: int) -> dict[str, Any]:
    return dict(api.get(f"/campaigns/{cid}", headers=headers).json()["push"])


async def test_the_campaign_page_says_whether_the_partner_took_the_work(user: User, api, login, make_user,
                                                                          engine) -> None:
    port = _free_port()
    with session_scope() as s:
        do_set_partner_endpoint(s, "CTCC", f"http://127.0.0.1:{port}/campaigns", "ctcc-takes-campaign-work-0003")
    partner = Partner(port)
    try:
        analyst, commander = login("analyst"), login("commander")
        cid = api.post("/campaigns", headers=analyst, json=_body()).json()["id"]
        for step, body in (("submit", None), ("approve", {}), ("send", None)):
            r = api.post(f"/campaigns/{cid}/{step}", headers=analyst if step == "submit" else commander, json=body)
            assert r.status_code == 200, r.text
        username, password, _ = make_user("commander")
        await sign_in(user, username, password)
        await user.open(f"/campaigns/{cid}")
        await user.should_see("已排队推送至 CTCC 的接收地址", retries=50)

        with httpx.Client() as client:
            for _ in range(20):  # the partner is down: the relay's rounds fail
                deliver_due(engine, client)
                if _push(api, commander, cid)["attempts"]:
                    break
            await user.open(f"/campaigns/{cid}")
            await user.should_see("推送至 CTCC 暂未成功，已尝试", retries=50)
            partner.start()
            deadline = time.monotonic() + 30
            while _push(api, commander, cid)["state"] != "delivered" and time.monotonic() < deadline:
                deliver_due(engine, client)
                await asyncio.sleep(0.3)
        await user.open(f"/campaigns/{cid}")
        await user.should_see("已推送至 CTCC（", retries=50)
    finally:
        partner.stop()
        with session_scope() as s:
            do_remove_partner_endpoint(s, "CTCC")
