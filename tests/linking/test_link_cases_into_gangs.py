"""An analyst links reported cases into gangs and finds the members nobody reported (串并案), offline."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from antifraud.cli import app
from antifraud.linking.engine.evaluate import evaluate
from antifraud.linking.engine.unionfind import CaseLinker
from antifraud.linking.hubs import HubRule, hub_reason
from antifraud.simulation.link_city import generate_link_city, write_link_city

FILES = ("calls", "sms", "transfers", "visits")


@pytest.fixture(scope="module")
def city(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("link-city")
    write_link_city(generate_link_city(seed=21, gangs=10, citizens=4000), out)
    return out


def _link(city: Path, *extra: str) -> tuple[int, str, str]:
    args = ["link", "--cases", str(city / "cases.ndjson")]
    for name in FILES:
        args += [f"--{name}", str(city / f"{name}.csv")]
    result = CliRunner().invoke(app, [*args, *extra, "--json"])
    return result.exit_code, result.stdout, result.stderr


def test_the_offline_command_answers_in_the_documented_shape(city: Path) -> None:
    code, out, _ = _link(city)
    assert code == 0
    report = json.loads(out)
    assert set(report) == {"clusters", "hubs"}
    for cluster in report["clusters"]:
        assert set(cluster) == {"cluster_id", "cases", "members"}
        for member in cluster["members"]:
            assert set(member) == {"kind", "value", "role", "tier", "reported", "score", "reasons"}
            assert member["reasons"] and 0 < member["score"] <= 1
    for hub in report["hubs"]:
        assert set(hub) == {"kind", "value", "cases", "reason"}
    hubs = {(h["kind"], h["value"]): h["reason"] for h in report["hubs"]}
    assert hubs.get(("phone", "95588")) == "service_number"
    assert hubs.get(("domain", "taobao.com")) == "big_platform"


def test_gangs_are_found_and_look_alikes_stay_out(city: Path) -> None:
    _, out, _ = _link(city)
    figures = evaluate(json.loads(out), json.loads((city / "truth.json").read_text(encoding="utf-8")))
    assert figures["pairs_f1"] >= 0.9
    assert figures["members_precision"] >= 0.9 and figures["members_recall"] >= 0.8
    assert figures["roles_accuracy"] >= 0.9
    assert figures["lookalikes_pulled_in"] < 0.01  # couriers, relatives abroad, service numbers, merchants


def test_mules_carry_their_tier_and_cash_out_is_named(city: Path) -> None:
    _, out, _ = _link(city)
    members = [m for c in json.loads(out)["clusters"] for m in c["members"]]
    tiers = {m["tier"] for m in members if m["role"] == "mule"}
    assert tiers and tiers <= {2, 3, 4, 5}
    assert any(m["role"] == "cash_out" for m in members)
    assert all(m["tier"] == 1 for m in members if m["role"] == "collector")


def test_bad_rows_are_named_by_line_and_repeats_are_read_once(city: Path, tmp_path: Path) -> None:
    bad = tmp_path / "bad"
    bad.mkdir()
    for name in FILES:
        (bad / f"{name}.csv").write_bytes((city / f"{name}.csv").read_bytes())
    calls = (bad / "calls.csv").read_text(encoding="utf-8").splitlines()
    calls.insert(2, "X1,yesterday,+8613800000000,+8613900000000,60")
    calls.append(calls[1])  # the same call id again
    (bad / "calls.csv").write_text("\n".join(calls) + "\n", encoding="utf-8")
    cases = (city / "cases.ndjson").read_text(encoding="utf-8").splitlines()
    cases.insert(1, "{not json")
    (bad / "cases.ndjson").write_text("\n".join(cases) + "\n", encoding="utf-8")
    code, out, err = _link(bad)
    assert code == 0
    assert "calls.csv:3:" in err and "cases.ndjson:2: not a JSON object" in err
    _, clean, _ = _link(city)
    assert json.loads(out) == json.loads(clean)


def test_a_file_without_its_columns_is_refused_plainly(city: Path, tmp_path: Path) -> None:
    broken = tmp_path / "calls.csv"
    broken.write_text("id,when\n1,2\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["link", "--cases", str(city / "cases.ndjson"), "--calls", str(broken)])
    assert result.exit_code == 2
    assert "missing columns" in result.stderr and "Traceback" not in result.stderr


def test_service_numbers_platforms_and_victims_never_link() -> None:
    assert hub_reason("phone", "+8695588") == "service_number"
    assert hub_reason("phone", "4008200588") == "service_number"
    assert hub_reason("domain", "item.taobao.com") == "big_platform"
    assert hub_reason("app", "微信") == "big_platform"
    assert hub_reason("ip", "192.168.1.10") == "private_address"
    assert hub_reason("phone", "+8613812345678", role="victim") == "victim_identifier"
    assert hub_reason("phone", "+8613812345678") is None


def test_an_identifier_shared_by_strangers_is_a_hub_but_a_gangs_card_is_not() -> None:
    rule = HubRule()
    assert rule.is_hub([1, 2, 3, 4, 5, 6, 7])  # seven cases in seven unrelated groups
    assert not rule.is_hub([1, 1, 1, 1, 2, 3, 4])  # most of its cases already hang together
    assert not rule.is_hub([1, 2, 3])  # too few cases to tell


def test_cases_link_as_they_are_filed_and_a_split_survives_relinking() -> None:
    linker = CaseLinker()
    assert linker.add_case(1, [("bank_card", "A")]) == []
    links = linker.add_case(2, [("bank_card", "A"), ("phone", "P")])
    assert [(link.case_a, link.case_b, link.value) for link in links] == [(1, 2, "A")]
    linker.forbid([1], [3])
    assert linker.add_case(3, [("phone", "P")]) == []  # 3 would join 1's group through 2
    assert linker.sets.find(3) != linker.sets.find(1)
    assert linker.add_case(4, [("phone", "Q")]) == []
    assert [(link.case_a, link.case_b) for link in linker.add_case(5, [("phone", "Q"), ("bank_card", "A")])] == [
        (4, 5), (1, 5)]
