"""Partners see no cluster; police roles read them; only analysts and commanders act; the export for
prosecutors is an XLSX of the evidence with no formula in it."""

from __future__ import annotations

import io

from openpyxl import load_workbook

from tests.linking.helpers import file, fresh_card


def test_roles_see_and_act_on_clusters_as_allowed(api, login) -> None:
    clerk = login("call_taker")
    card = "=" + fresh_card()[1:]  # not a card: only to show nothing is read as a formula below
    card = fresh_card()
    a = file(api, clerk, ("bank_card", card))
    file(api, clerk, ("bank_card", card))
    cluster = api.get("/clusters", headers=clerk, params={"q": card}).json()["items"][0]["id"]
    for partner in (login("bank_liaison", "ICBC"), login("carrier_liaison", "CMCC")):
        assert api.get("/clusters", headers=partner).status_code == 403
        assert api.get(f"/clusters/{cluster}", headers=partner).status_code == 403
        assert api.get("/hubs", headers=partner).status_code == 403
    for role in ("call_taker", "expert", "intervention"):
        headers = login(role)
        assert api.get(f"/clusters/{cluster}", headers=headers).status_code == 200
        assert api.post(f"/clusters/{cluster}/confirm", headers=headers, json={"reason": "x"}).status_code == 403
    commander = login("commander")
    assert api.post(f"/clusters/{cluster}/confirm", headers=commander, json={"reason": "ok"}).status_code == 200
    r = api.get(f"/clusters/{cluster}/export", headers=login("analyst"))
    assert r.status_code == 200 and r.headers["content-type"].startswith("application/vnd.openxml")
    book = load_workbook(io.BytesIO(r.content))
    assert book.sheetnames == ["案件", "关联证据", "共用要素", "枢纽要素"]
    values = [c.value for row in book["关联证据"].iter_rows() for c in row]
    assert card in values
    assert all(c.data_type != "f" for ws in book for row in ws.iter_rows() for c in row)
    assert api.get("/clusters/2147483647", headers=clerk).status_code == 404
    assert a
