"""A bank liaison brings in statements of its own cards only, and learns nothing of what others supplied."""

from __future__ import annotations

import random
from datetime import timedelta

from sqlalchemy import select

from antifraud.core.clock import now
from antifraud.core.db import session_scope
from antifraud.tracing.models import StatementImport, Transfer, TransferSource
from tests.factories import card_of

_rng = random.Random(77)


def _row(txn_id: str, src: str, dst: str, minutes: int = 0) -> dict[str, str]:
    return {"txn_id": txn_id, "time": (now() - timedelta(hours=1, minutes=minutes)).isoformat(),
            "from_account": src, "to_account": dst, "amount": "100.00"}


def test_rows_for_other_banks_cards_are_refused_by_line(api, login) -> None:
    icbc, ccb, other = card_of("ICBC", _rng), card_of("CCB", _rng), card_of("BOC", _rng)
    tag = f"own-{_rng.randrange(10**9)}"
    r = api.post("/statements", headers=login("bank_liaison", "ICBC"), json={"source": "icbc", "transfers": [
        _row(f"{tag}-1", icbc, ccb), _row(f"{tag}-2", ccb, other), _row(f"{tag}-3", other, icbc)]})
    assert r.status_code == 201, r.text
    body = r.json()
    assert (body["rows_new"], body["rows_bad"]) == (2, 1)
    assert body["errors"] == [{"file": "icbc", "line": 2, "reason":
                               f"card: neither {ccb} nor {other} is a card of ICBC; a bank brings in "
                               "statements of its own cards only"}]
    per_card = ("交易卡号,交易时间,收付标志,交易金额,对手账号,交易流水号\n"
                f"{icbc},2024-03-01 10:00:00,出,10.00,{ccb},{tag}-4\n"
                f"{ccb},2024-03-01 10:01:00,出,10.00,{icbc},{tag}-5\n")
    up = api.post("/statements/upload", headers=login("bank_liaison", "ICBC"),
                  files={"file": ("icbc.csv", per_card.encode(), "text/csv")})
    assert up.status_code == 201 and up.json()["rows_new"] == 1
    assert [(e["line"], e["reason"][:5]) for e in up.json()["errors"]] == [(3, "card:")]


def test_a_partners_duplicates_count_only_what_it_supplied_itself(api, login) -> None:
    icbc, ccb = card_of("ICBC", _rng), card_of("CCB", _rng)
    tag = f"dup-{_rng.randrange(10**9)}"
    rows = [_row(f"{tag}-1", icbc, ccb, 1), _row(f"{tag}-2", ccb, icbc, 2)]
    police = api.post("/statements", headers=login("analyst"), json={"source": "police", "transfers": rows})
    assert police.json()["rows_new"] == 2
    bank = login("bank_liaison", "CCB")
    first = api.post("/statements", headers=bank, json={"source": "ccb", "transfers": rows}).json()
    assert (first["rows_new"], first["rows_duplicate"]) == (2, 0)  # known from the police: not told
    again = api.post("/statements", headers=bank, json={"source": "ccb", "transfers": rows}).json()
    assert (again["rows_new"], again["rows_duplicate"]) == (0, 2)  # its own repeats are duplicates
    with session_scope() as session:
        assert session.scalar(select(Transfer.import_id).where(Transfer.txn_id == f"{tag}-1")) == \
            police.json()["import_id"]  # stored once, by whoever came first
        sources = session.execute(select(TransferSource.org_code, TransferSource.import_id).where(
            TransferSource.txn_id == f"{tag}-1").order_by(TransferSource.id)).all()
        assert sources == [("JH", police.json()["import_id"]), ("CCB", first["import_id"])]
        assert session.get(StatementImport, first["import_id"]).org_code == "CCB"
