"""An approved campaign is sent on schedule when its first day comes: by the jobs runner's tick, as the
system, once however often the tick runs; not before its first day, not after its last, never unapproved."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import Any

from sqlalchemy import func, select

from antifraud.core.audit import AuditEntry
from antifraud.core.clock import LOCAL_TZ, now
from antifraud.core.db import session_scope
from antifraud.core.outbox import OutboxMessage
from antifraud.jobs.service import tick_names
from antifraud.orgs.service import do_remove_partner_endpoint, do_set_partner_endpoint
from antifraud.prevention.service import SCHEDULE_TICK, SEND_GRACE, do_send_due_campaigns


def _today() -> Any:
    return now().astimezone(LOCAL_TZ).date()


def _at(days: int) -> datetime:
    """A pass of the runner: on a later day at 09:00, or today once the commander's grace has passed."""
    if days == 0:
        return now() + SEND_GRACE + timedelta(seconds=1)
    return datetime.combine(_today() + timedelta(days=days), time(9, 0), LOCAL_TZ)


def _approved(api: Any, analyst: dict[str, str], commander: dict[str, str], starts: int, ends: int,
              approve: bool = True) -> int:
    body = {"title": "兰溪老年人冒充公检法防范", "category": "impersonate_authority", "channel": "carrier_sms",
            "partner": "CMCC", "audience": {"districts": ["330781"], "age_bands": ["61+"]},
            "starts_on": (_today() + timedelta(days=starts)).isoformat(),
            "ends_on": (_today() + timedelta(days=ends)).isoformat()}
    made = api.post("/campaigns", headers=analyst, json=body)
    assert made.status_code == 201, made.text
    cid = made.json()["id"]
    assert api.post(f"/campaigns/{cid}/submit", headers=analyst).status_code == 200
    if approve:
        assert api.post(f"/campaigns/{cid}/approve", headers=commander, json={"note": "同意"}).status_code == 200
    return cid


def _sends(cid: int) -> list[AuditEntry]:
    with session_scope() as s:
        rows = list(s.scalars(select(AuditEntry).where(AuditEntry.action == "campaign.send",
                                                       AuditEntry.entity_id == str(cid))))
        s.expunge_all()
    return rows


def _status(api: Any, commander: dict[str, str], cid: int) -> str:
    return str(api.get(f"/campaigns/{cid}", headers=commander).json()["status"])


def test_sent_by_the_system_on_its_first_day_once(api, login, engine) -> None:
    analyst, commander, carrier = login("analyst"), login("commander"), login("carrier_liaison", "CMCC")
    assert SCHEDULE_TICK in tick_names()  # the serving runner calls it on every pass
    today = _approved(api, analyst, commander, 0, 6)
    tomorrow = _approved(api, analyst, commander, 1, 7)
    unapproved = _approved(api, analyst, commander, 0, 6, approve=False)
    one_day = _approved(api, analyst, commander, 0, 0)

    do_send_due_campaigns(engine, now())  # just approved: the commander may still send it by hand
    assert _status(api, commander, today) == "approved" and _sends(today) == []
    do_send_due_campaigns(engine, _at(0))
    assert [_status(api, commander, c) for c in (today, tomorrow, unapproved, one_day)] == [
        "sent", "approved", "submitted", "sent"]
    (entry,) = _sends(today)
    assert entry.actor_username == "system" and entry.details["scheduled"] is True
    assert entry.details["partner"] == "CMCC"
    seen = api.get(f"/campaigns/{today}", headers=commander).json()
    assert seen["sent_at"] is not None
    assert today in {w["id"] for w in api.get("/campaign-work", headers=carrier).json()}

    # the tick runs again and again: nothing is sent twice
    do_send_due_campaigns(engine, _at(0))
    do_send_due_campaigns(engine, _at(0))
    assert len(_sends(today)) == 1 and len(_sends(one_day)) == 1

    do_send_due_campaigns(engine, _at(1))
    assert _status(api, commander, tomorrow) == "sent" and len(_sends(tomorrow)) == 1
    assert _status(api, commander, unapproved) == "submitted"


def test_not_sent_after_its_last_day_nor_when_sent_by_hand(api, login, engine) -> None:
    analyst, commander = login("analyst"), login("commander")
    short = _approved(api, analyst, commander, 1, 1)
    do_send_due_campaigns(engine, _at(2))  # the runner was down on its only day: too late to send it
    assert _status(api, commander, short) == "approved" and _sends(short) == []
    by_hand = _approved(api, analyst, commander, 0, 3)
    assert api.post(f"/campaigns/{by_hand}/send", headers=commander).status_code == 200
    do_send_due_campaigns(engine, _at(0))
    (entry,) = _sends(by_hand)
    assert entry.actor_username.startswith("commander-") and "scheduled" not in entry.details


def test_a_scheduled_send_pushes_the_work_once(api, login, engine) -> None:
    analyst, commander = login("analyst"), login("commander")
    with session_scope() as s:
        do_set_partner_endpoint(s, "CMCC", "http://127.0.0.1:9/campaigns", "cmcc-takes-campaign-work-0002")
    try:
        cid = _approved(api, analyst, commander, 0, 6)
        for _ in range(3):
            do_send_due_campaigns(engine, _at(0))
        with session_scope() as s:
            keys = s.scalar(select(func.count()).select_from(OutboxMessage).where(
                OutboxMessage.topic == "campaign_work", OutboxMessage.key.endswith(f":campaign:{cid}")))
        assert keys == 1 and _sends(cid)[0].details["pushed"] is True
    finally:
        with session_scope() as s:
            do_remove_partner_endpoint(s, "CMCC")
