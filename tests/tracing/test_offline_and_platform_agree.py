"""The offline `antifraud trace` and the platform's database trace give the same answer on the same file."""

from __future__ import annotations

import random
from datetime import timedelta
from decimal import Decimal

import pytest
from typer.testing import CliRunner

from antifraud.cli import app
from antifraud.core.clock import LOCAL_TZ, now
from antifraud.core.db import session_scope
from antifraud.tracing.offline import trace_file
from antifraud.tracing.service import do_import_statement_file, trace_in_db
from tests.factories import card_of


def _statement(tmp_path, tag: str):  # type: ignore[no-untyped-def]
    rng = random.Random(tag)
    cards = [card_of(b, rng) for b in ("ABC", "ICBC", "CCB", "BOC", "PSBC", "CMB", "BOCOM")]
    other = card_of("ICBC", rng)
    t0 = (now() - timedelta(hours=5)).astimezone(LOCAL_TZ).replace(microsecond=0, tzinfo=None)
    rows = [(0, 0, 1, "20000.00"), (3, 1, 2, "9000.00"), (4, 1, 3, "8000.00"), (5, 7, 2, "2500.00"),
            (9, 2, 4, "10000.00"), (12, 3, 5, "4000.00"), (15, 4, 6, "6000.00"), (16, 2, 3, "500.00")]
    party = {7: other}
    lines = ["txn_id,time,from_account,to_account,amount"]
    for n, (minute, src, dst, amount) in enumerate(rows):
        a = party.get(src, cards[src] if src < len(cards) else other)
        lines.append(f"{tag}-{n},{t0 + timedelta(minutes=minute):%Y-%m-%d %H:%M:%S},{a},{cards[dst]},{amount}")
    path = tmp_path / f"{tag}.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("rule", ["fifo", "proportional", "poison"])
def test_offline_and_database_traces_agree(tmp_path, make_user, rule: str) -> None:
    path = _statement(tmp_path, f"AGREE{rule}")
    _, _, analyst = make_user("analyst")
    with session_scope() as s:
        do_import_statement_file(s, analyst, path.read_bytes(), path.name)
    offline = trace_file(path, txn_id=f"AGREE{rule}-0", rule=rule)
    with session_scope() as s:
        online = trace_in_db(s, f"AGREE{rule}-0", rule=rule)
    def view(result):  # type: ignore[no-untyped-def]
        return {a.account: (a.tier, a.amount_in, a.amount_out, a.amount_held) for a in result.accounts}
    assert view(offline) == view(online)
    assert len(offline.accounts) == 6
    assert offline.total_held == online.total_held


def test_offline_cli_prints_json_and_plain_errors(tmp_path) -> None:
    path = _statement(tmp_path, "CLI")
    runner = CliRunner()
    ok = runner.invoke(app, ["trace", "--statements", str(path), "--txn", "CLI-0", "--json"])
    assert ok.exit_code == 0, ok.output
    assert '"accounts"' in ok.output
    missing = runner.invoke(app, ["trace", "--statements", str(path), "--txn", "NOPE"])
    assert missing.exit_code == 2 and "Traceback" not in missing.output


@pytest.mark.parametrize("rule", ["fifo", "proportional"])
def test_money_a_card_received_and_spent_before_the_trace_reached_it_is_counted_once(
        tmp_path, make_user, rule: str) -> None:
    # B had 100.00, got 500.00 from S and paid S 550.00 before the victim's money reached it (its
    # statement shows 50.00 left); the database reads B's flows from the time the trace reaches it,
    # so S's 500.00 must not queue ahead of the victim's money as well as being in that 50.00
    rng = random.Random(rule)
    v, a, b, c, s = (card_of(bank, rng) for bank in ("ABC", "ICBC", "CCB", "BOC", "PSBC"))
    t0 = (now() - timedelta(hours=5)).astimezone(LOCAL_TZ).replace(microsecond=0, tzinfo=None)
    rows = [(0, v, a, "1000.00", ""), (1, s, b, "500.00", ""), (2, b, s, "550.00", "50.00"),
            (5, a, b, "1000.00", "0.00"), (6, b, c, "300.00", "750.00")]
    lines = ["txn_id,time,from_account,to_account,amount,balance_after"]
    lines += [f"ONCE{rule}-{n},{t0 + timedelta(minutes=m):%Y-%m-%d %H:%M:%S},{x},{y},{amt},{bal}"
              for n, (m, x, y, amt, bal) in enumerate(rows)]
    path = tmp_path / f"once-{rule}.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    _, _, analyst = make_user("analyst")
    with session_scope() as session:
        do_import_statement_file(session, analyst, path.read_bytes(), path.name)
    offline = trace_file(path, txn_id=f"ONCE{rule}-0", rule=rule)
    with session_scope() as session:
        online = trace_in_db(session, f"ONCE{rule}-0", rule=rule)
    reached_c = offline.account(c)
    assert reached_c is not None
    if rule == "fifo":  # B's queue: the 50.00 left, then the victim's 1,000.00; B → C takes 50 + 250
        assert reached_c.amount_in == Decimal("250.00")
    assert online.account(c)._replace(bank_code=None) == reached_c._replace(bank_code=None)
    assert online.total_held == offline.total_held
