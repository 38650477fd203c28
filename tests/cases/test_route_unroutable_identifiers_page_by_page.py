"""The unroutable list, a page at a time, its reasons in the user's language, and routing from it."""

from __future__ import annotations

import asyncio

from nicegui.testing import User

from antifraud.identifiers import luhn_check_digit
from tests.factories import case_payload
from tests.pages import sign_in


def _odd_card(seed: int) -> str:
    body = f"99999{seed:010d}"  # a BIN no bank in the table has
    return body + luhn_check_digit(body)


def test_the_api_pages_the_unroutable_list_with_its_total(api, login) -> None:
    headers = login("call_taker")
    cards = [_odd_card(700_000 + i) for i in range(3)]
    answer = api.post("/cases", headers=headers, json=case_payload(
        identifiers=[{"kind": "bank_card", "value": c} for c in cards]))
    assert answer.status_code == 201, answer.text
    first = api.get("/unroutable", headers=headers, params={"limit": 2})
    total = int(first.headers["X-Total-Count"])
    assert total >= 3 and len(first.json()) == 2
    last = api.get("/unroutable", headers=headers, params={"limit": 2, "offset": total - 1}).json()
    assert len(last) == 1
    assert last[0]["value"] == cards[-1]  # oldest first: the newest card is the last one
    assert api.get("/unroutable", headers=headers, params={"limit": 5000}).status_code == 422


async def test_reasons_read_in_chinese_and_a_person_routes_a_card(user: User, api, login, make_user) -> None:
    headers = login("call_taker")
    card = _odd_card(800_001)
    answer = api.post("/cases", headers=headers, json=case_payload(
        identifiers=[{"kind": "bank_card", "value": card}, {"kind": "phone", "value": "+63 917 123 4567"}]))
    overseas = next(i for i in answer.json()["identifiers"] if i["kind"] == "phone")
    assert overseas["routing"] == "routed"  # an overseas number goes to the international gateways, never here
    assert answer.status_code == 201, answer.text
    username, password, _ = make_user("call_taker")
    await sign_in(user, username, password)
    await user.open("/unroutable")
    await user.should_see("待人工分派要素", retries=50)
    table = next(iter(user.find(marker="unroutable").elements))
    total = table.pagination["rowsNumber"]
    assert total >= 1
    user.find(marker="unroutable").trigger("request", {"pagination": {"page": 10_000, "rowsPerPage": 25}})
    for _ in range(100):  # past the end shows the last page, which holds the newest
        if any(r["value"] == card for r in table.rows):
            break
        await asyncio.sleep(0.05)
    ours = {r["value"]: r for r in table.rows}
    assert ours[card]["reason"] == "卡BIN未知，无法确定发卡行"
    assert "+639171234567" not in ours
    assert {c["label"] for c in ours[card]["choices"]} >= {"中国银行"}
    user.find(marker="unroutable").trigger("route", {"id": ours[card]["id"], "org": "BOC"})
    await user.should_see("已分派", retries=50)
    for _ in range(100):
        if table.pagination["rowsNumber"] == total - 1:
            break
        await asyncio.sleep(0.05)
    assert table.pagination["rowsNumber"] == total - 1
    assert card not in {u["value"] for u in api.get("/unroutable", headers=headers, params={"limit": 1000}).json()}
