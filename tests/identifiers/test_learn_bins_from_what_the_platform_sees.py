"""Statements a bank delivers and cards routed by hand teach the platform BIN rows, which an
administrator accepts or rejects; nothing is applied on its own."""

from __future__ import annotations

import random
from datetime import timedelta

import pytest

from antifraud.cases.schemas import CaseIn
from antifraud.cases.service import do_create_case, do_route_manually
from antifraud.core import audit
from antifraud.core.auth import SYSTEM
from antifraud.core.clock import now
from antifraud.core.db import session_scope
from antifraud.core.errors import Conflict
from antifraud.identifiers import parse_bank_card
from antifraud.identifiers.service import (
    coverage,
    do_decide_suggestion,
    do_record_card_issuer,
    list_suggestions,
)
from antifraud.tracing.schemas import StatementBatchIn
from antifraud.tracing.service import do_import_statement_rows
from tests.factories import card_of, case_payload
from tests.identifiers.bin_helpers import card_under, unknown_prefix


def _pending(prefix: str) -> list:  # type: ignore[type-arg]
    with session_scope() as session:
        return [s for s in list_suggestions(session, SYSTEM) if s.bin.startswith(prefix)]


def _evidence(cards: list[str], bank: str, kind: str = "manual_route") -> int:
    with session_scope() as session:
        return do_record_card_issuer(session, SYSTEM, cards, bank, kind, "test")


def _route_by_hand(make_user, card: str, bank: str) -> None:  # type: ignore[no-untyped-def]
    _, _, clerk = make_user("call_taker")
    with session_scope() as session:
        case = do_create_case(session, clerk, CaseIn.model_validate(case_payload(
            identifiers=[{"kind": "bank_card", "value": card}])))
        ident = next(i for i in case.identifiers if i.value == card)
        assert ident.routing == "unroutable"
        do_route_manually(session, clerk, ident.id, bank)


def test_three_cards_routed_by_hand_to_one_bank_suggest_a_row(make_user) -> None:  # type: ignore[no-untyped-def]
    rng = random.Random(21)
    prefix = unknown_prefix(rng)
    cards = [card_under(prefix, rng) for _ in range(3)]
    _route_by_hand(make_user, cards[0], "CCB")
    _route_by_hand(make_user, cards[1], "CCB")
    assert _pending(prefix) == []  # two cards are not yet enough
    _route_by_hand(make_user, cards[2], "CCB")
    (suggestion,) = _pending(prefix)
    assert (suggestion.bin, suggestion.bank_code, suggestion.cards, suggestion.table_bank) == (prefix, "CCB", 3, "")
    assert parse_bank_card(cards[0]).bank_code is None  # suggested, never applied on its own


def test_the_same_card_seen_again_is_not_more_evidence() -> None:
    rng = random.Random(22)
    prefix = unknown_prefix(rng)
    card = card_under(prefix, rng)
    assert _evidence([card, card], "ABC") == 1
    assert _evidence([card], "ABC") == 0
    _evidence([card_under(prefix, rng)], "ABC")
    assert _pending(prefix) == []


def test_a_statement_a_bank_delivered_is_evidence_for_the_card_it_is_about(make_user) -> None:  # type: ignore[no-untyped-def]
    rng = random.Random(23)
    prefix = unknown_prefix(rng)
    _, _, liaison = make_user("bank_liaison", "BOCOM")
    _, _, analyst = make_user("analyst")
    t0 = now() - timedelta(hours=2)
    for n in range(3):
        holder, others = card_under(prefix, rng), [card_of("ABC", rng) for _ in range(3)]
        rows = [{"txn_id": f"L{prefix}{n}{i}", "time": (t0 + timedelta(minutes=i)).isoformat(),
                 "from_account": holder if i % 2 else other, "to_account": other if i % 2 else holder,
                 "amount": "100"} for i, other in enumerate(others)]
        with session_scope() as session:
            do_import_statement_rows(session, liaison, StatementBatchIn.model_validate({"source": "bank", "transfers": rows}))
            # the same kind of file sent by the center itself says nothing about the issuer
            do_import_statement_rows(session, analyst, StatementBatchIn.model_validate({"source": "police", "transfers": [
                dict(r, txn_id=r["txn_id"] + "p", to_account=card_under(unknown_prefix(rng), rng)) for r in rows]}))
    (suggestion,) = _pending(prefix)
    assert (suggestion.bank_code, suggestion.cards) == ("BOCOM", 3)


def test_disagreeing_evidence_withdraws_the_suggestion_and_narrows_it_to_eight_digits() -> None:
    rng = random.Random(24)
    prefix = unknown_prefix(rng)
    _evidence([card_under(prefix + "11", rng) for _ in range(3)], "CMB")
    assert [s.bin for s in _pending(prefix)] == [prefix]
    _evidence([card_under(prefix + "22", rng)], "PSBC")
    assert [(s.bin, s.bank_code) for s in _pending(prefix)] == [(prefix + "11", "CMB")]


def test_an_accepted_suggestion_becomes_a_learned_row_and_is_audited() -> None:
    rng = random.Random(25)
    prefix = unknown_prefix(rng)
    _evidence([card_under(prefix, rng) for _ in range(4)], "PSBC")
    (suggestion,) = _pending(prefix)
    with session_scope() as session:
        do_decide_suggestion(session, SYSTEM, suggestion.id, accept=True)
    card = parse_bank_card(card_under(prefix, rng))
    assert (card.bank_code, card.bank_name_zh, card.source) == ("PSBC", "中国邮政储蓄银行", "learned")
    assert _pending(prefix) == []
    with session_scope() as session:
        assert audit.entries_for(session, "bin_suggestion", suggestion.id)[-1].action == "bins.suggestion.accept"
        with pytest.raises(Conflict):
            do_decide_suggestion(session, SYSTEM, suggestion.id, accept=False)


def test_a_rejected_suggestion_stays_rejected_as_evidence_grows() -> None:
    rng = random.Random(26)
    prefix = unknown_prefix(rng)
    _evidence([card_under(prefix, rng) for _ in range(3)], "BOC")
    (suggestion,) = _pending(prefix)
    with session_scope() as session:
        do_decide_suggestion(session, SYSTEM, suggestion.id, accept=False)
    _evidence([card_under(prefix, rng)], "BOC")
    assert _pending(prefix) == []
    assert parse_bank_card(card_under(prefix, rng)).bank_code is None


def test_evidence_against_the_shipped_table_is_suggested_with_what_the_table_says() -> None:
    rng = random.Random(27)
    _evidence([card_under("623199", rng) for _ in range(3)], "CMB")  # shipped: 凉山州商业银行
    assert [(s.bank_code, s.table_bank) for s in _pending("623199")] == [("CMB", "凉山州商业银行")]


def test_coverage_counts_the_cards_the_table_knows() -> None:
    rng = random.Random(28)
    with session_scope() as session:
        before = coverage(session, SYSTEM)
    _evidence([card_of("ICBC", rng)], "ICBC")
    prefix = unknown_prefix(rng)
    _evidence([card_under(prefix, rng) for _ in range(3)], "ABC")
    with session_scope() as session:
        after = coverage(session, SYSTEM)
    assert after.cards == before.cards + 4
    assert after.known_shipped == before.known_shipped + 1
    assert after.right_now == before.right_now + 1
    assert after.known_if_accepted == before.known_if_accepted + 4
