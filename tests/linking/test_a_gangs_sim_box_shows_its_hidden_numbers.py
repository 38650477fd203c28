"""An analyst expands a gang over network logs that name the handset (device, optional column): the gang's SIM
box and the numbers in it that only went online are members; a repair shop's test handset that once held a gang
number, among dozens of customers' numbers, pulls nobody in."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from antifraud.cli import app
from antifraud.simulation.link_city import generate_link_city, write_link_city


@pytest.fixture(scope="module")
def city(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, object]]:
    out = tmp_path_factory.mktemp("link-city-devices")
    write_link_city(generate_link_city(seed=29, gangs=8, citizens=3000), out)
    return out, json.loads((out / "truth.json").read_text(encoding="utf-8"))


def _report(folder: Path, visits: Path) -> dict[str, object]:
    args = ["link", "--cases", str(folder / "cases.ndjson"), "--calls", str(folder / "calls.csv"),
            "--sms", str(folder / "sms.csv"), "--transfers", str(folder / "transfers.csv"), "--visits", str(visits)]
    result = CliRunner().invoke(app, [*args, "--json"])
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def test_the_sim_box_and_its_hidden_numbers_are_members(city: tuple[Path, dict[str, object]]) -> None:
    folder, truth = city
    report = _report(folder, folder / "visits.csv")
    found = {(m["kind"], m["value"]): m for c in report["clusters"] for m in c["members"]}  # type: ignore[attr-defined]
    boxes = {(m["kind"], m["value"]) for m in truth["members"] if m["kind"] == "device"}  # type: ignore[attr-defined]
    assert boxes and len(boxes & set(found)) >= len(boxes) - 1  # a gang nobody reported has no cluster
    for key in boxes & set(found):
        assert found[key]["role"] == "device" and found[key]["reasons"][0].startswith("handset of gang number")
    hidden = [k for k in boxes & set(found)
              if any("in the same handset " + k[1] in r for m in found.values() for r in m["reasons"])]
    assert hidden  # numbers seen only in the box joined their gang
    members = {(m["kind"], m["value"]) for m in truth["members"]}  # type: ignore[attr-defined]
    pulled = [k for k, m in found.items() if not m["reported"] and k not in members]
    assert not pulled  # the repair shops' customers stayed out
    shops = {(x["kind"], x["value"]) for x in truth["lookalikes"] if x["kind"] == "device"}  # type: ignore[attr-defined]
    assert shops and not shops & set(found)


def test_a_visits_file_without_the_device_column_still_reads(city: tuple[Path, dict[str, object]],
                                                            tmp_path: Path) -> None:
    folder, _ = city
    lines = (folder / "visits.csv").read_text(encoding="utf-8").splitlines()
    old = tmp_path / "visits.csv"
    old.write_text("\n".join(line.rsplit(",", 1)[0] for line in lines) + "\n", encoding="utf-8")
    assert old.read_text(encoding="utf-8").startswith("visit_id,time,phone,target,kind,ip\n")
    report = _report(folder, old)
    found = [m for c in report["clusters"] for m in c["members"]]  # type: ignore[attr-defined]
    assert found and not any(m["kind"] == "device" and not m["reported"] for m in found)
