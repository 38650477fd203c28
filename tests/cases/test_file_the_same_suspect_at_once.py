"""Call-takers file reports naming the same suspect card at the same moment: every filing succeeds once."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy import select

from antifraud.cases.schemas import CaseIn
from antifraud.cases.service import do_create_case
from antifraud.core.db import session_scope
from antifraud.warnings.indicators import BASE_CONFIDENCE, learn
from antifraud.warnings.models import Indicator
from tests.factories import card_of, case_payload

FILINGS = 8


def test_simultaneous_filings_of_one_card_count_every_case(make_user) -> None:
    _, _, taker = make_user("call_taker")
    card = card_of("CCB")
    start = threading.Barrier(FILINGS)

    def file(n: int) -> str:
        fraud_type = "brushing_rebate" if n % 2 else "fake_loan"
        data = CaseIn.model_validate(case_payload(
            fraud_type=fraud_type, identifiers=[{"kind": "bank_card", "value": card}]))
        start.wait()  # all filings reach the database together
        with session_scope() as session:
            return do_create_case(session, taker, data).case_no

    with ThreadPoolExecutor(FILINGS) as pool:
        numbers = list(pool.map(file, range(FILINGS)))
    assert len(set(numbers)) == FILINGS
    with session_scope() as session:
        rows = list(session.scalars(select(Indicator).where(Indicator.kind == "bank_card",
                                                            Indicator.value == card)))
    assert len(rows) == 1
    assert rows[0].cases == FILINGS
    assert sorted(rows[0].fraud_types) == ["brushing_rebate", "fake_loan"]
    assert rows[0].confidence == pytest.approx(1 - (1 - BASE_CONFIDENCE["bank_card"]) ** FILINGS)


def test_indicator_learned_by_simultaneous_transactions_is_one_row_with_every_case() -> None:
    card = card_of("ABC")
    start = threading.Barrier(FILINGS)

    def learn_once(_: int) -> None:
        with session_scope() as session:
            session.execute(select(1))  # each transaction holds its connection before the race
            start.wait()
            learn(session, [("bank_card", card)], "fake_loan")

    with ThreadPoolExecutor(FILINGS) as pool:
        list(pool.map(learn_once, range(FILINGS)))
    with session_scope() as session:
        counts = list(session.scalars(select(Indicator.cases).where(Indicator.kind == "bank_card",
                                                                    Indicator.value == card)))
    assert counts == [FILINGS]
