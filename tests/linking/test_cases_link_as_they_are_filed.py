"""A filed case joins the earlier cases that share one of its suspect identifiers, with the evidence."""

from __future__ import annotations

from antifraud.core.auth import SYSTEM
from antifraud.core.db import session_scope
from antifraud.linking import service
from tests.linking.helpers import file, fresh_card, fresh_domain, fresh_phone


def test_two_cases_sharing_a_card_form_a_cluster_with_the_evidence(api, login) -> None:
    clerk, analyst = login("call_taker"), login("analyst")
    card, phone, domain = fresh_card(), fresh_phone(), fresh_domain()
    first = file(api, clerk, ("bank_card", card))
    second = file(api, clerk, ("bank_card", card), ("phone", phone))
    third = file(api, clerk, ("phone", phone), ("url", f"https://www.{domain}/pay"))
    fourth = file(api, clerk, ("url", f"http://m.{domain}/x"))
    alone = file(api, clerk, ("phone", fresh_phone()))
    found = api.get("/clusters", headers=analyst, params={"q": card}).json()["items"]
    assert len(found) == 1 and found[0]["size"] == 4
    cluster = api.get(f"/clusters/{found[0]['id']}", headers=analyst).json()
    assert {c["case_id"] for c in cluster["cases"]} == {first, second, third, fourth}
    assert alone not in {c["case_id"] for c in cluster["cases"]}
    evidence = {(x["case_a"], x["case_b"], x["kind"], x["value"]) for x in cluster["links"]}
    assert (first, second, "bank_card", card) in evidence
    assert (second, third, "phone", f"+86{phone}") in evidence
    assert (third, fourth, "domain", domain) in evidence  # URLs link by their registrable domain
    assert all(x["linked_at"] for x in cluster["links"])
    assert cluster["victims"] == 1 and cluster["growth_week"] == 4  # the factory's victim, this week


def test_linking_a_case_again_changes_nothing(api, login) -> None:
    clerk = login("call_taker")
    card = fresh_card()
    a = file(api, clerk, ("bank_card", card))
    b = file(api, clerk, ("bank_card", card))
    with session_scope() as s:
        before = service.get_cluster(s, SYSTEM, service.cluster_of_case(s, SYSTEM, a))
    with session_scope() as s:
        service.do_link_case(s, b)
        service.do_link_case(s, a)
    with session_scope() as s:
        after = service.get_cluster(s, SYSTEM, service.cluster_of_case(s, SYSTEM, a))
    assert after.id == before.id and after.size == 2 and after.links == before.links
