"""Find a case by its number, its victim, or any identifier typed as people type it, a page at a time."""

from __future__ import annotations

import asyncio
import uuid
from datetime import timedelta

from nicegui import ui
from nicegui.testing import User

from antifraud.core.clock import now, to_local
from tests.factories import card_of, case_payload, resident_id
from tests.pages import sign_in


def _file(api, headers, name: str, person: dict | None = None, **overrides):  # type: ignore[no-untyped-def]
    payload = case_payload(**overrides)
    payload["victim"] = {**payload["victim"], "name": name, **(person or {})}
    answer = api.post("/cases", headers=headers, json=payload)
    assert answer.status_code == 201, answer.text
    return answer.json()


def test_search_by_any_identifier_as_typed(api, login) -> None:
    headers = login("call_taker")
    victim = f"搜索{uuid.uuid4().hex[:6]}"
    card = card_of("CCB")
    rid = resident_id(seq="457")
    case = _file(api, headers, victim, identifiers=[{"kind": "bank_card", "value": card},
                                                   {"kind": "url", "value": "HTTP://Fake-Shop.example.com/pay"},
                                                   {"kind": "phone", "value": "13957955501"}],
                 person={"id_number": rid, "phone": "13857912999"})
    spaced_card = " ".join(card[i:i + 4] for i in range(0, len(card), 4))
    for typed in (case["case_no"], victim, spaced_card, "+86 139-5795-5501", "fake-shop.example.com/pay",
                  rid.lower(), "138 5791 2999"):
        found = api.get("/cases", headers=headers, params={"q": typed})
        assert found.status_code == 200, found.text
        assert [c["id"] for c in found.json()] == [case["id"]], typed
        assert found.headers["X-Total-Count"] == "1", typed
    assert api.get("/cases", headers=headers, params={"q": card_of("CCB")}).json() == []


def test_pages_and_the_total_count(api, login) -> None:
    headers = login("call_taker")
    victim = f"分页{uuid.uuid4().hex[:6]}"
    filed = [_file(api, headers, victim)["id"] for _ in range(5)]
    pages = [api.get("/cases", headers=headers, params={"q": victim, "limit": 2, "offset": offset})
             for offset in (0, 2, 4)]
    assert [p.headers["X-Total-Count"] for p in pages] == ["5", "5", "5"]
    assert [c["id"] for p in pages for c in p.json()] == sorted(filed, reverse=True)
    assert api.get("/cases", headers=headers, params={"limit": 1001}).status_code == 422
    assert api.get("/cases", headers=headers, params={"limit": 0}).status_code == 422


def test_filters_by_type_district_and_dates(api, login) -> None:
    headers = login("call_taker")
    victim = f"筛选{uuid.uuid4().hex[:6]}"
    romance = _file(api, headers, victim, fraud_type="romance", person={"district_code": "330702"})
    _file(api, headers, victim, fraud_type="fake_loan", person={"district_code": "330782"})
    by_type = api.get("/cases", headers=headers, params={"q": victim, "fraud_type": "romance"}).json()
    assert [c["id"] for c in by_type] == [romance["id"]]
    by_district = api.get("/cases", headers=headers, params={"q": victim, "district": "330702"}).json()
    assert [c["id"] for c in by_district] == [romance["id"]]
    today = to_local(now()).date()  # type: ignore[union-attr]
    same_day = {"q": victim, "reported_from": str(today), "reported_to": str(today)}
    assert len(api.get("/cases", headers=headers, params=same_day).json()) == 2
    tomorrow = {"q": victim, "reported_from": str(today + timedelta(days=1))}
    assert api.get("/cases", headers=headers, params=tomorrow).json() == []
    reversed_days = api.get("/cases", headers=headers, params={"reported_from": str(today),
                                                               "reported_to": str(today - timedelta(days=1))})
    assert reversed_days.status_code == 422
    assert reversed_days.json()["detail"][0]["field"] == "reported_from"
    assert reversed_days.json()["detail"][0]["code"] == "list.dates_reversed"


async def _rows_of(user: User, marker: str, wanted: int) -> list[dict]:
    table = next(iter(user.find(marker=marker).elements))
    for _ in range(100):
        if len(table.rows) == wanted:
            break
        await asyncio.sleep(0.05)
    return table.rows


async def test_search_as_you_type_and_page_on_the_cases_page(user: User, api, login, make_user) -> None:
    headers = login("call_taker")
    victim = f"页面{uuid.uuid4().hex[:6]}"
    filed = [_file(api, headers, victim) for _ in range(3)]
    username, password, _ = make_user("analyst")
    await sign_in(user, username, password)
    await user.open("/cases")
    await user.should_see("案件列表", retries=50)
    table = next(iter(user.find(marker="cases").elements))
    assert table.pagination["rowsNumber"] >= 3
    user.find(marker="case-search").type(victim)
    rows = await _rows_of(user, "cases", 3)
    assert [r["case_no"] for r in rows] == [c["case_no"] for c in reversed(filed)]
    await user.should_see("共 3 起案件")
    user.find(marker="cases").trigger("request", {"pagination": {"page": 2, "rowsPerPage": 2}})
    rows = await _rows_of(user, "cases", 1)
    assert rows[0]["case_no"] == filed[0]["case_no"]
    assert table.pagination["page"] == 2 and table.pagination["rowsNumber"] == 3
    assert {c["label"] for c in table.columns} >= {"案件编号", "损失（元）", "要素数"}
    assert len({c["label"] for c in table.columns}) == len(table.columns)  # no heading twice
    ui_fields = {el.props.get("data-testid"): el for el in user.find(kind=ui.input).elements}
    assert "case-search" in ui_fields


async def test_the_cases_page_opens_on_a_search_in_its_address(user: User, api, login, make_user) -> None:
    case = _file(api, login("call_taker"), f"地址{uuid.uuid4().hex[:6]}")
    username, password, _ = make_user("commander")
    await sign_in(user, username, password)
    await user.open(f"/cases?q={case['case_no']}")
    rows = await _rows_of(user, "cases", 1)
    assert [r["case_no"] for r in rows] == [case["case_no"]]
    assert next(iter(user.find(marker="case-search").elements)).value == case["case_no"]
