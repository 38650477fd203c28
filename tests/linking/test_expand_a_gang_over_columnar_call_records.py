"""An analyst expands gangs over call and SMS records held as columns (tens of millions of rows): the clusters,
members, roles, scores and reasons are those of the same records read one by one."""

from __future__ import annotations

from pathlib import Path

import pytest

from antifraud.linking.engine import flows as readers
from antifraud.linking.engine.columns import CallColumns
from antifraud.linking.engine.gang import LONG_CALL_S, Flows, link_report, read_cases
from antifraud.simulation.link_city import generate_link_city, write_link_city
from antifraud.tracing.offline import load_statements


@pytest.fixture(scope="module")
def city(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("link-city-columns")
    write_link_city(generate_link_city(seed=23, gangs=8, citizens=3000), out)
    return out


def _report(city: Path, columnar: bool) -> dict[str, object]:
    cases = read_cases((city / "cases.ndjson").read_text(encoding="utf-8").splitlines(), [])
    calls, _ = readers.read_calls(city / "calls.csv")
    sms, _ = readers.read_sms(city / "sms.csv")
    visits, _ = readers.read_visits(city / "visits.csv")
    _, index = load_statements([city / "transfers.csv"])
    if columnar:
        flows = Flows(visits=visits, index=index,
                      columns=CallColumns.from_records(calls, sms, long_call_s=LONG_CALL_S))
    else:
        flows = Flows(calls=calls, sms=sms, visits=visits, index=index)
    return link_report(cases, flows)


def test_columnar_records_expand_to_the_same_gangs(city: Path) -> None:
    by_records = _report(city, columnar=False)
    by_columns = _report(city, columnar=True)
    members = [m for c in by_records["clusters"] for m in c["members"]]  # type: ignore[attr-defined]
    assert any(not m["reported"] and m["kind"] == "phone" for m in members)  # the flows found unreported callers
    assert by_columns == by_records


def test_columns_answer_who_talked_with_whom() -> None:
    columns = CallColumns(["a", "b", "c", "d"], call_caller=[0, 0, 0, 2], call_callee=[1, 1, 3, 1],
                          call_ms=[2_000, 1_000, 5_000, 3_000], call_duration_s=[300, 200, 10, 400],
                          sms_sender=[3], sms_receiver=[1], sms_ms=[4_000], long_call_s=LONG_CALL_S)
    assert columns.callers_of("b") == {"a", "c", "d"}
    assert columns.callers_of("d") == set()  # a 10-second call is a ring, not a conversation
    assert columns.distinct_callees("a") == 1
    assert [t.timestamp() for t in columns.talks("a", "b")] == [1.0, 2.0]
    assert columns.voice_caller("c") and not columns.voice_caller("d")
    assert columns.sms_sender("d") and not columns.sms_sender("a")
    assert columns.numbers == 4
    with pytest.raises(ValueError):
        CallColumns(["a"], call_caller=[0], call_callee=[1], call_ms=[0], call_duration_s=[300], long_call_s=180)
    with pytest.raises(ValueError):
        Flows(calls=[readers.Call("1", columns.talks("a", "b")[0], "a", "b", 300)], columns=columns)
