"""Two gangs whose victims name the same app are shown as two gangs sharing a member, offline and live; a gang
held together by its cards and numbers is not cut apart."""

from __future__ import annotations

from decimal import Decimal

from antifraud.linking.engine.gang import LinkCase, link_cases
from tests.linking.helpers import file, fresh_card, fresh_phone

APP = "点点赚"


def _case(case_id: str, *suspects: tuple[str, str]) -> LinkCase:
    return LinkCase(case_id, "brushing_rebate", None, Decimal(0), None, list(suspects))


def _two_gangs() -> list[LinkCase]:
    a1, a2, b1, b2 = ("bank_card", "A1"), ("bank_card", "A2"), ("phone", "B1"), ("phone", "B2")
    app = ("app", APP)
    return [_case("a1", a1, app), _case("a2", a1, a2), _case("a3", a2, app), _case("a4", a1, a2, app),
            _case("a5", a2), _case("b1", b1, app), _case("b2", b1, b2), _case("b3", b2, app), _case("b4", b1, b2)]


def test_one_shared_app_does_not_join_two_gangs() -> None:
    linked = link_cases(_two_gangs())
    assert sorted(sorted(c) for c in linked.clusters) == [["a1", "a2", "a3", "a4", "a5"], ["b1", "b2", "b3", "b4"]]
    assert ("app", APP) in linked.links  # still evidence, inside each gang
    components = link_cases(_two_gangs(), split_communities=False)
    assert len(components.clusters) == 1  # components alone join them through the app


def test_a_gang_held_by_a_chain_of_cards_stays_one() -> None:
    cases = [_case(f"c{i}", ("bank_card", f"K{i}"), ("bank_card", f"K{i + 1}")) for i in range(8)]
    assert [sorted(c) for c in link_cases(cases).clusters] == [sorted(f"c{i}" for i in range(8))]


def test_an_app_strangers_name_does_not_pull_a_lone_case_into_a_gang() -> None:
    cases = [*_two_gangs(), _case("x", ("bank_card", "X1"), ("app", APP))]
    clusters = {c: i for i, g in enumerate(link_cases(cases).clusters) for c in g}
    assert clusters["x"] != clusters["a1"] and clusters["x"] != clusters["b1"]


def test_live_clusters_are_the_gangs_and_show_the_shared_app(api, login) -> None:
    clerk, analyst = login("call_taker"), login("analyst")
    cards, phones = [fresh_card(), fresh_card()], [fresh_phone(), fresh_phone()]
    app = ("app", f"{APP}-{fresh_phone()}")
    gang_a = [file(api, clerk, ("bank_card", cards[0]), app), file(api, clerk, ("bank_card", cards[0]),
                                                                     ("bank_card", cards[1])),
              file(api, clerk, ("bank_card", cards[1]), app), file(api, clerk, ("bank_card", cards[1]))]
    gang_b = [file(api, clerk, ("phone", phones[0]), app), file(api, clerk, ("phone", phones[0]), ("phone", phones[1])),
              file(api, clerk, ("phone", phones[1]), app), file(api, clerk, ("phone", phones[1]))]
    a = api.get("/clusters", headers=analyst, params={"q": cards[0]}).json()["items"]
    b = api.get("/clusters", headers=analyst, params={"q": f"+86{phones[0]}"}).json()["items"]
    assert len(a) == 1 and len(b) == 1 and a[0]["id"] != b[0]["id"]
    detail = api.get(f"/clusters/{a[0]['id']}", headers=analyst).json()
    assert {c["case_id"] for c in detail["cases"]} == set(gang_a)
    shared = {(s["kind"], s["value"]): s for s in detail["shared"]}
    assert shared[app]["shared_with"] == [b[0]["id"]]
    other = api.get(f"/clusters/{b[0]['id']}", headers=analyst).json()
    assert {c["case_id"] for c in other["cases"]} == set(gang_b)
    assert {(s["kind"], s["value"]): s["shared_with"] for s in other["shared"]}[app] == [a[0]["id"]]


def test_two_gangs_sharing_one_exchangers_card_stay_two_with_the_card_shared() -> None:
    exchanger = ("bank_card", "X")
    gang_a = [_case(f"a{i}", ("bank_card", f"A{i % 3}"), ("phone", f"PA{i % 2}")) for i in range(8)]
    gang_b = [_case(f"b{i}", ("bank_card", f"B{i % 3}"), ("phone", f"PB{i % 2}")) for i in range(8)]
    for case in (gang_a[0], gang_a[1], gang_b[0], gang_b[1]):
        case.suspects.append(exchanger)
    linked = link_cases(gang_a + gang_b)
    assert sorted(sorted(c) for c in linked.clusters) == [sorted(c.case_id for c in gang_a),
                                                          sorted(c.case_id for c in gang_b)]
    assert sorted(linked.links[exchanger]) == ["a0", "a1", "b0", "b1"]  # the shared member, on both


def test_a_long_chain_of_cards_is_not_cut_into_pieces() -> None:
    cases = [_case(f"c{i:03d}", ("bank_card", f"K{i}"), ("bank_card", f"K{i + 1}")) for i in range(120)]
    assert [len(c) for c in link_cases(cases).clusters] == [120]
