"""Partners see no operation; a county bureau sees and works its own package only; only the city center's
commanders run operations; a package's officers are users of its bureau or of the bureau's stations."""

from __future__ import annotations

from tests.operations.helpers import file_in, fresh_card, open_operation, overseas_phone, package_of


def test_each_role_sees_its_share(api, login, make_user) -> None:
    clerk, commander = login("call_taker"), login("commander")
    card = fresh_card()
    file_in(api, clerk, "330781", ("bank_card", card))
    file_in(api, clerk, "330781", ("bank_card", card), ("phone", overseas_phone()))
    op = open_operation(api, commander, clerk, card)
    op_id = op["id"]
    lanxi, center = package_of(op, "JH-330781"), package_of(op, "JH")
    assert [x["placed_by"] for x in center["targets"]] == ["overseas"]

    for partner in (login("bank_liaison", "ICBC"), login("carrier_liaison", "CMCC")):
        assert api.get("/operations", headers=partner).status_code == 403
        assert api.get(f"/operations/{op_id}", headers=partner).status_code == 403
        assert api.get("/operations/packages", headers=partner).status_code == 403
        assert api.get("/experts/referrals", headers=partner).status_code == 403

    lanxi_user = login("analyst", "JH-330781")
    seen = api.get(f"/operations/{op_id}", headers=lanxi_user).json()
    assert [p["county"] for p in seen["package_list"]] == ["JH-330781"]
    assert [p["id"] for p in api.get("/operations/packages", headers=lanxi_user).json()
            if p["operation_id"] == op_id] == [lanxi["id"]]
    assert api.get(f"/operations/packages/{center['id']}", headers=lanxi_user).status_code == 404
    other = login("analyst", "JH-330784")
    assert api.get(f"/operations/{op_id}", headers=other).status_code == 404
    assert op_id not in [o["id"] for o in api.get("/operations", headers=other).json()]
    r = api.post(f"/operations/packages/{lanxi['id']}/officers", headers=other, json={"usernames": ["x"]})
    assert r.status_code == 404

    # only the city center runs operations; a county's commander works its package
    county_commander = login("commander", "JH-330781")
    assert api.post("/operations", headers=county_commander,
                    json={"cluster_id": op["cluster_id"], "name": "x"}).status_code == 403
    assert api.post(f"/operations/{op_id}/takedown", headers=county_commander,
                    json={"takedown_at": "2026-12-31T06:00:00+08:00"}).status_code == 403
    assert api.post("/operations", headers=clerk, json={"cluster_id": op["cluster_id"], "name": "x"}).status_code == 403
    expert = login("expert")
    assert api.get(f"/operations/{op_id}", headers=expert).status_code == 200
    assert api.post(f"/operations/packages/{lanxi['id']}/start", headers=expert).status_code == 403

    # officers: the bureau's and its stations' users only, each wrong name said by field
    station_user, _, _ = make_user("call_taker", "JH-330781-01")
    stranger, _, _ = make_user("call_taker", "JH-330784-01")
    r = api.post(f"/operations/packages/{lanxi['id']}/officers", headers=county_commander,
                 json={"usernames": [station_user, stranger, "nobody-at-all"]})
    assert r.status_code == 422
    assert [e["field"] for e in r.json()["detail"]] == ["usernames[1]", "usernames[2]"]
    r = api.post(f"/operations/packages/{lanxi['id']}/officers", headers=county_commander,
                 json={"usernames": [station_user]})
    assert r.status_code == 200 and r.json()["officers"] == [station_user]
    r = api.post(f"/operations/packages/{center['id']}/officers", headers=commander, json={"usernames": [station_user]})
    assert r.status_code == 422  # the center's package is worked by the center's own officers
