"""Citizens, banks and carriers ask whether a number, card, URL or ID is linked to fraud."""

from __future__ import annotations

from sqlalchemy import select

from antifraud.core.audit import AuditEntry
from antifraud.core.db import session_scope
from antifraud.web.deps import public_risk_limit
from tests.factories import card_of, case_payload


def test_identifiers_of_a_case_become_linked(api, login) -> None:
    card = card_of("CMB")
    payload = case_payload(fraud_type="fake_loan", identifiers=[
        {"kind": "bank_card", "value": card}, {"kind": "phone", "value": "+86 171 2345 6780"},
        {"kind": "url", "value": "https://www.daikuan-kuai.top/apply?id=1"}])
    api.post("/cases", headers=login("call_taker"), json=payload)
    spaced = " ".join(card[i:i + 4] for i in range(0, len(card), 4))
    r = api.get("/risk", params={"kind": "bank_card", "value": spaced})
    assert r.status_code == 200 and r.json()["linked"] is True and r.json()["fraud_types"] == ["fake_loan"]
    assert api.get("/risk", params={"kind": "phone", "value": "17123456780"}).json()["linked"] is True
    # a different page of the same site is the same phishing domain
    other_page = api.get("/risk", params={"kind": "url", "value": "http://daikuan-kuai.top/login"}).json()
    assert other_page["linked"] is True and other_page["value"] == "daikuan-kuai.top"
    clean = api.get("/risk", params={"kind": "phone", "value": "+8613800571234"}).json()
    assert clean["linked"] is False and clean["confidence"] == 0


def test_more_cases_mean_more_confidence(api, login) -> None:
    card = card_of("BOC")
    clerk = login("call_taker")
    api.post("/cases", headers=clerk, json=case_payload(identifiers=[{"kind": "bank_card", "value": card}]))
    once = api.get("/risk", params={"kind": "bank_card", "value": card}).json()
    api.post("/cases", headers=clerk, json=case_payload(fraud_type="romance",
                                                       identifiers=[{"kind": "bank_card", "value": card}]))
    twice = api.get("/risk", params={"kind": "bank_card", "value": card}).json()
    assert twice["cases"] == 2 and twice["confidence"] > once["confidence"]
    assert set(twice["fraud_types"]) == {"brushing_rebate", "romance"}


def test_bad_values_name_the_field(api) -> None:
    r = api.get("/risk", params={"kind": "bank_card", "value": "1234"})
    assert r.status_code == 422 and r.json()["detail"][0]["field"] == "value"
    r = api.get("/risk", params={"kind": "horoscope", "value": "leo"})
    assert r.status_code == 422 and r.json()["detail"][0]["field"] == "kind"


def test_public_checks_are_rate_limited_and_audited(api, login) -> None:
    public_risk_limit.reset()
    codes = [api.get("/risk", params={"kind": "phone", "value": "13800571234"}).status_code for _ in range(31)]
    assert codes[:30] == [200] * 30 and codes[30] == 429
    signed_in = api.get("/risk", params={"kind": "phone", "value": "13800571234"},
                        headers=login("bank_liaison", "ABC"))
    assert signed_in.status_code == 200
    public_risk_limit.reset()
    with session_scope() as s:
        who = {e.actor_username for e in s.scalars(select(AuditEntry).where(AuditEntry.action == "risk.check"))}
    assert any(w.startswith("public:") for w in who) and any(w.startswith("bank_liaison-abc") for w in who)
