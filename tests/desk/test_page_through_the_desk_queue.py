"""The desk's warnings a page at a time, in queue order, with the total."""

from __future__ import annotations

from tests.warnings.helpers import raise_warning_via_api

URGENCY = {"urgent": 0, "high": 1, "normal": 2}


def test_the_queue_pages_in_order_with_its_total(api, login, make_user) -> None:
    for _ in range(3):
        raise_warning_via_api(api, login, make_user)
    commander = login("commander")
    first = api.get("/warnings", headers=commander, params={"limit": 2})
    assert first.status_code == 200, first.text
    total = int(first.headers["X-Total-Count"])
    assert total >= 3 and len(first.json()) == 2
    everything = api.get("/warnings", headers=commander, params={"limit": 2000}).json()
    assert len(everything) == total
    assert [w["id"] for w in everything[:2]] == [w["id"] for w in first.json()]
    second = api.get("/warnings", headers=commander, params={"limit": 2, "offset": 2}).json()
    assert [w["id"] for w in second] == [w["id"] for w in everything[2:4]]
    keys = [(URGENCY.get(w["urgency"], 3), -w["score"]) for w in everything]
    assert keys == sorted(keys)  # most urgent first, then the highest score
    closed = api.get("/warnings", headers=commander, params={"status": "all", "limit": 1})
    assert int(closed.headers["X-Total-Count"]) >= total
    assert api.get("/warnings", headers=commander, params={"offset": -1}).status_code == 422
