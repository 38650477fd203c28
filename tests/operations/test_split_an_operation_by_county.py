"""A commander opens an operation on a cluster: each suspect identifier goes to the package of the county
whose victims named it (most of them), numbers from other cities and abroad and ties to the center's own."""

from __future__ import annotations

from antifraud.operations.engine import CENTER, Target, place, split
from tests.operations.helpers import (
    audited,
    beijing_phone,
    file_in,
    fresh_card,
    fresh_domain,
    jinhua_phone,
    open_operation,
    package_of,
)


def test_the_split_rule() -> None:
    home = ("浙江", "金华")
    assert place(Target("bank_card", "1", ("JH-330702",)), *home).county == "JH-330702"
    assert place(Target("bank_card", "1", ("JH-330702", "JH-330782", "JH-330702")), *home) == \
        place(Target("bank_card", "1", ("JH-330702",) * 2 + ("JH-330782",)), *home)
    assert place(Target("bank_card", "1", ("JH-330702", "JH-330782", "JH-330702")), *home).rule == "most_victims"
    assert place(Target("bank_card", "1", ("JH-330702", "JH-330782")), *home).rule == "counties_tied"
    assert place(Target("bank_card", "1", (CENTER, CENTER)), *home).rule == "no_county"
    assert place(Target("phone", "+8613800138000", ("JH-330702",), "北京", "北京"), *home).rule == "outside_city"
    assert place(Target("phone", "+8613957912345", ("JH-330702",), "浙江", "金华"), *home).county == "JH-330702"
    assert place(Target("phone", "+639171234567", ("JH-330702",), overseas=True), *home).rule == "overseas"
    groups = split([Target("bank_card", "1", ("JH-330702",)), Target("phone", "2", (), overseas=True)], *home)
    assert set(groups) == {"JH-330702", CENTER}


def test_targets_are_split_into_county_packages(api, login) -> None:
    clerk, commander = login("call_taker"), login("commander")
    card, local, beijing, domain = fresh_card(), jinhua_phone(), beijing_phone(), fresh_domain()
    file_in(api, clerk, "330702", ("bank_card", card), ("phone", local))
    file_in(api, clerk, "330702", ("bank_card", card))
    file_in(api, clerk, "330782", ("bank_card", card), ("phone", beijing), ("url", f"http://{domain}/pay"))
    op = open_operation(api, commander, clerk, card)
    assert op["status"] == "planned" and op["packages"] == 3
    wucheng, yiwu, center = package_of(op, "JH-330702"), package_of(op, "JH-330782"), package_of(op, "JH")
    assert {(x["kind"], x["value"], x["placed_by"]) for x in wucheng["targets"]} == {
        ("bank_card", card, "most_victims"), ("phone", f"+86{local}", "victims_county")}
    assert {(x["kind"], x["value"], x["placed_by"]) for x in yiwu["targets"]} == {("domain", domain, "victims_county")}
    assert [(x["value"], x["placed_by"], x["location"]) for x in center["targets"]] == [
        (f"+86{beijing}", "outside_city", "北京北京")]
    card_target = next(x for x in wucheng["targets"] if x["kind"] == "bank_card")
    assert card_target["bank"] and len(card_target["case_ids"]) == 3  # the issuing bank, the cases naming it
    assert all(p["status"] == "open" and p["due_at"] > op["opened_at"] for p in op["package_list"])
    [details] = audited("operation.open", op["id"])
    assert details["packages"] == {"JH-330702": 2, "JH-330782": 1, "JH": 1}
    # one operation under way per cluster
    again = api.post("/operations", headers=commander, json={"cluster_id": op["cluster_id"], "name": "again"})
    assert again.status_code == 409
    assert api.post("/operations", headers=commander, json={"cluster_id": 2**31 - 1, "name": "x"}).status_code == 404
    assert api.post("/operations", headers=commander, json={"cluster_id": 1, "name": ""}).status_code == 422
