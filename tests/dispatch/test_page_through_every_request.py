"""Police page through every request to the partners by status, with the total; the API pages too."""

from __future__ import annotations

import asyncio

from nicegui.testing import User

from tests.factories import card_of, case_payload
from tests.pages import sign_in


def _file_with_cards(api, headers, n: int) -> dict:  # type: ignore[no-untyped-def]
    payload = case_payload(identifiers=[{"kind": "bank_card", "value": card_of("ABC")} for _ in range(n)])
    answer = api.post("/cases", headers=headers, json=payload)
    assert answer.status_code == 201, answer.text
    return answer.json()


def test_the_api_pages_requests_with_the_total(api, login) -> None:
    headers = login("call_taker")
    _file_with_cards(api, headers, 3)
    first = api.get("/requests", headers=headers, params={"status": "all", "limit": 2})
    total = int(first.headers["X-Total-Count"])
    assert total >= 3 and len(first.json()) == 2
    rest = api.get("/requests", headers=headers, params={"status": "all", "limit": 2000, "offset": 2}).json()
    assert len(rest) == total - 2
    assert not {r["id"] for r in first.json()} & {r["id"] for r in rest}
    bank = login("bank_liaison", "ABC")
    mine = api.get("/requests", headers=bank, params={"status": "all", "limit": 1})
    assert int(mine.headers["X-Total-Count"]) >= 3
    assert api.get("/requests", headers=headers, params={"offset": -1}).status_code == 422


async def test_the_requests_page_pages_by_status(user: User, api, login, make_user) -> None:
    case = _file_with_cards(api, login("call_taker"), 2)
    done = api.post(f"/requests/{case['requests'][0]['id']}/complete", headers=login("bank_liaison", "ABC"),
                    json={"outcome": "stopped", "balance": "100.00", "amount": "100.00"})
    assert done.status_code == 200, done.text
    username, password, _ = make_user("commander")
    await sign_in(user, username, password)
    await user.open("/requests")
    await user.should_see("止付 / 冻结 / 封堵请求", retries=50)
    table = next(iter(user.find(marker="requests").elements))
    open_total = table.pagination["rowsNumber"]
    assert open_total >= 2
    assert any(r["case_no"] == case["case_no"] for r in table.rows) or open_total > len(table.rows)
    status = next(iter(user.find(marker="requests-status").elements))
    status.value = "completed"
    for _ in range(100):
        if table.pagination["rowsNumber"] != open_total:
            break
        await asyncio.sleep(0.05)
    assert table.rows and all(r["status"].startswith("已办结") for r in table.rows)
    assert case["case_no"] in {r["case_no"] for r in table.rows}  # the latest completed come first
    assert len({c["label"] for c in table.columns}) == len(table.columns)
