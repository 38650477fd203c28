"""Partners send signals as NDJSON; bad lines are rejected by number, replays create nothing twice."""

from __future__ import annotations

import json

from tests.warnings.helpers import fresh_mobile, reported_identifiers, warning_lines


def _ndjson(lines: list[str]) -> bytes:
    return ("\n".join(lines) + "\n").encode()


def test_signals_raise_a_warning_with_reasons(api, login, make_user) -> None:
    _, _, clerk = make_user("call_taker")
    phone, card = reported_identifiers(clerk)
    citizen = fresh_mobile()
    carrier = login("carrier_liaison", "CMCC")
    r = api.post("/signals", headers=carrier, content=_ndjson(warning_lines(citizen, phone, card, "A1")))
    assert r.status_code == 200, r.text
    out = r.json()
    assert out["accepted"] == 2 and out["rejected"] == [] and out["warnings_created"] == 1
    desk = api.get("/warnings", headers=login("intervention")).json()
    mine = next(w for w in desk if w["citizen"] == citizen)
    assert mine["score"] >= 0.5 and mine["fraud_type"] == "impersonate_authority"
    assert "indicator_call_long" in mine["reasons"] and "flagged_card_transfer" in mine["reasons"]
    assert mine["desk"] == "JH" and mine["status"] == "new" and mine["urgency"] in ("high", "urgent")


def test_bad_lines_are_rejected_with_their_number_and_never_stop_the_batch(api, login) -> None:
    citizen = fresh_mobile()
    lines = [json.dumps({"signal_id": "B1", "kind": "call", "time": "2026-11-25T10:00:00+08:00",
                         "citizen": citizen, "counterpart": "+8613900000000", "duration_s": 30}),
             "{broken",
             json.dumps({"signal_id": "B3", "kind": "teleport", "time": "2026-11-25T10:00:00+08:00",
                         "citizen": citizen}),
             json.dumps({"signal_id": "B4", "kind": "call", "time": "2026-11-25T10:00:00+08:00",
                         "citizen": "12"}),
             json.dumps({"signal_id": "B5", "kind": "sms", "time": "2026-11-25T10:01:00+08:00",
                         "citizen": "not-a-phone", "text": "hi"}),
             json.dumps({"signal_id": "B6", "kind": "sms", "time": "2026-11-25T10:02:00+08:00",
                         "citizen": citizen, "counterpart": "10086", "text": "您的流量包已生效"})]
    r = api.post("/signals", headers=login("analyst"), content=_ndjson(lines))
    out = r.json()
    assert out["accepted"] == 2
    assert [(x["line"], x["field"]) for x in out["rejected"]] == [(2, ""), (3, "kind"), (4, "citizen"),
                                                                  (5, "citizen")]


def test_a_replayed_batch_creates_nothing_twice(api, login, make_user) -> None:
    _, _, clerk = make_user("call_taker")
    phone, card = reported_identifiers(clerk)
    citizen = fresh_mobile()
    body = _ndjson(warning_lines(citizen, phone, card, "R1"))
    headers = login("carrier_liaison", "CUCC")
    first = api.post("/signals", headers=headers, content=body).json()
    again = api.post("/signals", headers=headers, content=body).json()
    assert first["accepted"] == 2 and again["accepted"] == 0 and again["duplicates"] == 2
    assert again["warnings_created"] == 0
    desk = api.get("/warnings?status=all", headers=login("intervention")).json()
    assert sum(1 for w in desk if w["citizen"] == citizen) == 1


def test_roles_that_may_not_send_signals(api, login) -> None:
    body = _ndjson([json.dumps({"signal_id": "X1", "kind": "sms", "time": "2026-11-25T10:00:00+08:00",
                                "citizen": fresh_mobile(), "text": "hi"})])
    for role in ("call_taker", "intervention", "expert"):
        assert api.post("/signals", headers=login(role), content=body).status_code == 403
    assert api.post("/signals", content=body).status_code == 401


def test_import_signals_command(tmp_path, make_user) -> None:
    from typer.testing import CliRunner

    from antifraud.cli import app

    _, _, clerk = make_user("call_taker")
    phone, card = reported_identifiers(clerk)
    path = tmp_path / "signals.ndjson"
    path.write_text("\n".join([*warning_lines(fresh_mobile(), phone, card, "F1"), "oops"]) + "\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["import", "signals", str(path)])
    assert result.exit_code == 0, result.output
    assert "2 signals accepted" in result.output and "1 warnings raised" in result.output
    assert "signals.ndjson:3" in result.output


def test_a_restart_does_not_forget_the_call_before_the_transfer(api, login) -> None:
    """A new scorer (a restarted server) first replays the stored signals of its window."""
    import json
    from datetime import timedelta

    from antifraud.core.clock import now
    from antifraud.warnings.scoring import reset_scorer
    from tests.warnings.helpers import fresh_mobile, text_then_link_opened

    def signals(citizen: str) -> tuple[str, str]:
        sms, visit = text_then_link_opened(citizen, now() - timedelta(hours=2), f"R-{citizen[-7:]}")
        return json.dumps(sms) + "\n", json.dumps(visit) + "\n"

    analyst = login("analyst")
    outcomes = []
    for restart in (False, True):
        sms, visit = signals(fresh_mobile())
        first = api.post("/signals", headers=analyst, content=sms.encode()).json()
        if restart:
            reset_scorer()
        second = api.post("/signals", headers=analyst, content=visit.encode()).json()
        outcomes.append((first["warnings_created"], second["warnings_created"], second["warnings_updated"]))
    # the text alone warns nobody; its link opened five minutes later does, restart or not
    assert outcomes[0] == outcomes[1] == (0, 1, 0)


def test_a_partner_may_name_the_type_and_only_our_codes_are_kept(api, login) -> None:
    """A partner's warning may say which fraud it sees; the scorer hears it when it is one of our types."""
    from sqlalchemy import select

    from antifraud.core.db import session_scope
    from antifraud.warnings.models import SignalRecord

    citizen = fresh_mobile()
    lines = [json.dumps({"signal_id": f"PT-{citizen[-7:]}-{i}", "kind": "partner_warning", "citizen": citizen,
                         "time": "2026-11-20T10:00:00+08:00", "counterpart": "+8617012345678",
                         "partner_score": 0.6, "fraud_type": ft})
             for i, ft in enumerate(("fake_investment", "not_a_type"))]
    answer = api.post("/signals", headers=login("analyst"), content=_ndjson(lines)).json()
    assert answer["accepted"] == 2 and answer["rejected"] == []
    with session_scope() as s:
        kept = {r.signal_id[-1]: (r.extra or {}).get("fraud_type") for r in s.scalars(
            select(SignalRecord).where(SignalRecord.citizen == citizen))}
    assert kept == {"0": "fake_investment", "1": None}
