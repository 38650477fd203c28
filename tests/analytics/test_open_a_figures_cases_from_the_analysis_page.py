"""An analyst clicks a group's figure on the analysis page and opens exactly its cases in the case list."""

from __future__ import annotations

import asyncio
from urllib.parse import parse_qs, urlparse

from nicegui.testing import User

from tests.factories import case_payload
from tests.pages import sign_in


async def test_a_groups_cases_open_in_the_case_list(user: User, api, login, make_user) -> None:
    taker = login("call_taker")
    ours = [api.post("/cases", headers=taker, json=case_payload(fraud_type="fake_credit")) for _ in range(2)]
    assert all(answer.status_code == 201 for answer in ours), ours[0].text
    ours = [answer.json() for answer in ours]
    other = api.post("/cases", headers=taker, json=case_payload(fraud_type="romance")).json()
    username, password, _ = make_user("analyst")
    await sign_in(user, username, password)
    await user.open("/analysis")
    await user.should_see("案件研判", retries=50)
    by = next(iter(user.find(marker="by").elements))
    by.value = "fraud_type"
    user.find(marker="run").click()
    table = next(iter(user.find(marker="breakdown").elements))
    row = None
    for _ in range(100):  # the breakdown arrives from a worker thread
        row = next((r for r in table.rows if r["group"] == "虚假征信"), None)
        if row and {c["id"] for c in ours} <= set(row["cases"]):
            break
        await asyncio.sleep(0.05)
    assert row is not None and row["previous"] is not None and row["year_ago"] is not None
    # Clicking a row's count emits "drill" with the row; the page's handler answers it.
    [drill] = [listener for listener in table._event_listeners.values() if listener.type == "drill"]
    await drill.handler(type("Event", (), {"args": row})())
    link = next(iter(user.find(marker="open-cases").elements))
    target = link.props["href"]
    ids = {int(i) for i in parse_qs(urlparse(target).query)["ids"][0].split(",")}
    assert {c["id"] for c in ours} <= ids and other["id"] not in ids
    await user.open(target)
    await user.should_see(f"共 {len(ids)} 起案件", retries=50)  # the group's cases only, not the romance report
    listed = {r["case_no"] for r in next(iter(user.find(marker="cases").elements)).rows}
    assert {c["case_no"] for c in ours} <= listed and other["case_no"] not in listed
