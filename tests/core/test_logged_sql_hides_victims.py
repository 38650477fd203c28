"""A failed write never puts a victim's name, phone or ID number into the log or the error text."""

from __future__ import annotations

import logging

import pytest
from sqlalchemy.exc import IntegrityError

from antifraud.cases.models import Case
from antifraud.core.db import get_engine, session_scope
from tests.factories import case_payload, resident_id

NAME, PHONE, ID_NUMBER = "欧阳秘密", "+8613857907777", resident_id(birth="19770707", seq="777")


@pytest.mark.logs_errors
def test_a_duplicate_case_number_fails_without_the_victims_details(api, login, caplog) -> None:
    filed = api.post("/cases", headers=login("call_taker"), json=case_payload()).json()
    taken = filed["case_no"]
    with session_scope() as s:
        existing = s.get(Case, filed["id"])
        assert existing is not None
        copy = {c.name: getattr(existing, c.name) for c in Case.__table__.columns if c.name != "id"}
    copy.update(case_no=taken, victim_name=NAME, victim_phone=PHONE, victim_id_number=ID_NUMBER)
    caplog.set_level(logging.INFO, logger="sqlalchemy.engine")
    engine_logger = logging.getLogger("sqlalchemy.engine")
    engine_logger.setLevel(logging.INFO)  # what an operator's echo=True / log_level=info would show
    try:
        with pytest.raises(IntegrityError) as raised, session_scope() as s:
            s.add(Case(**copy))
            s.flush()
    finally:
        engine_logger.setLevel(logging.WARNING)
    logging.getLogger("antifraud").exception("write failed", exc_info=raised.value)
    written = caplog.text + str(raised.value)
    assert "INSERT INTO cases" in caplog.text, "the statement itself is still logged"
    for secret in (NAME, PHONE, ID_NUMBER):
        assert secret not in written
    assert "hidden" in str(raised.value)


def test_the_pool_has_a_connection_for_every_request_thread() -> None:
    from antifraud.core.db import EXTRA_CONNECTIONS
    from antifraud.settings import get_settings

    pool = get_engine().pool
    assert pool.size() == get_settings().worker_threads + EXTRA_CONNECTIONS  # type: ignore[attr-defined]
