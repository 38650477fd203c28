"""The audit log refuses changes, and `antifraud audit verify` finds any entry changed or removed behind its back."""

from __future__ import annotations

from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager

import pytest
from sqlalchemy import Engine, func, insert, select, text
from sqlalchemy.exc import DBAPIError
from typer.testing import CliRunner

from antifraud.cli import app as cli
from antifraud.core import audit
from antifraud.core.audit import AuditEntry, verify_chain
from antifraud.core.db import session_scope
from tests.factories import case_payload

SQLITE_TRIGGERS = (
    ("CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log "
     "BEGIN SELECT RAISE(ABORT, 'audit_log is append-only: UPDATE refused'); END"),
    ("CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log "
     "BEGIN SELECT RAISE(ABORT, 'audit_log is append-only: DELETE refused'); END"),
)


@contextmanager
def triggers_off(engine: Engine) -> Iterator[None]:
    """What an intruder with the database owner's rights would do: switch the guard off, then back on."""
    pg = engine.dialect.name == "postgresql"
    with engine.begin() as conn:
        if pg:
            conn.execute(text("ALTER TABLE audit_log DISABLE TRIGGER USER"))
        else:
            conn.execute(text("DROP TRIGGER audit_log_no_update"))
            conn.execute(text("DROP TRIGGER audit_log_no_delete"))
    try:
        yield
    finally:
        with engine.begin() as conn:
            if pg:
                conn.execute(text("ALTER TABLE audit_log ENABLE TRIGGER USER"))
            else:
                for ddl in SQLITE_TRIGGERS:
                    conn.execute(text(ddl.replace("CREATE TRIGGER", "CREATE TRIGGER IF NOT EXISTS")))


def _some_entries(api, login) -> list[int]:  # type: ignore[no-untyped-def]
    """File two cases, so the log holds fresh entries; their ids, oldest first."""
    headers = login("call_taker")
    for _ in range(2):
        assert api.post("/cases", headers=headers, json=case_payload()).status_code == 201
    with session_scope() as s:
        return list(s.scalars(select(AuditEntry.id).order_by(AuditEntry.id.desc()).limit(6)))[::-1]


def _verify() -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["audit", "verify"])
    return result.exit_code, result.output


def test_every_entry_is_chained_and_verify_says_ok(api, login) -> None:
    _some_entries(api, login)
    with session_scope() as s:
        count = s.scalar(select(func.count()).select_from(AuditEntry))
        report = verify_chain(s)
    assert report.ok and report.checked == count
    code, output = _verify()
    assert code == 0 and "OK" in output and f"{count:,}" in output


@pytest.mark.parametrize("statement", ["UPDATE audit_log SET action = 'nothing' WHERE id = :id",
                                       "DELETE FROM audit_log WHERE id = :id"])
def test_the_database_refuses_to_change_or_delete_an_entry(api, login, engine, statement: str) -> None:
    entry_id = _some_entries(api, login)[0]
    with pytest.raises(DBAPIError, match="append-only"), engine.begin() as conn:
        conn.execute(text(statement), {"id": entry_id})
    with session_scope() as s:
        assert s.get(AuditEntry, entry_id).action != "nothing"


def test_verify_names_the_entry_whose_content_was_changed(api, login, engine) -> None:
    entry_id = _some_entries(api, login)[2]
    with engine.connect() as conn:
        original = conn.execute(text("SELECT actor_username FROM audit_log WHERE id = :id"),
                                {"id": entry_id}).scalar()
    with triggers_off(engine), engine.begin() as conn:
        conn.execute(text("UPDATE audit_log SET actor_username = 'someone-else' WHERE id = :id"), {"id": entry_id})
    try:
        code, output = _verify()
        assert code == 1
        assert f"entry {entry_id}" in output and "content hashes to" in output
    finally:
        with triggers_off(engine), engine.begin() as conn:
            conn.execute(text("UPDATE audit_log SET actor_username = :u WHERE id = :id"),
                         {"u": original, "id": entry_id})
    assert _verify()[0] == 0


def test_verify_names_the_entry_after_one_that_was_removed(api, login, engine) -> None:
    ids = _some_entries(api, login)
    removed, following = ids[1], ids[2]
    table = AuditEntry.__table__
    with engine.connect() as conn:
        row = conn.execute(select(table).where(table.c.id == removed)).mappings().one()
    with triggers_off(engine), engine.begin() as conn:
        conn.execute(text("DELETE FROM audit_log WHERE id = :id"), {"id": removed})
    try:
        code, output = _verify()
        assert code == 1
        assert f"entry {following}" in output and "prev_hash" in output
    finally:
        with engine.begin() as conn:  # inserting is what the log allows
            conn.execute(insert(table).values(dict(row)))
    assert _verify()[0] == 0


def test_concurrent_writers_keep_one_valid_chain(engine) -> None:
    threads_n, per_thread = 8, 15
    with session_scope() as s:
        before = s.scalar(select(func.count()).select_from(AuditEntry))

    def writer(n: int) -> None:
        for i in range(per_thread):
            with session_scope(engine) as s:
                audit.record_anonymous(s, f"writer-{n}", "test.write", "thread", n, {"i": i})
                audit.record_anonymous(s, f"writer-{n}", "test.write", "thread", n, {"i": i, "second": True})

    with ThreadPoolExecutor(threads_n) as pool:
        for done in [pool.submit(writer, n) for n in range(threads_n)]:
            done.result()  # a writer's error fails the test here
    with session_scope() as s:
        after = s.scalar(select(func.count()).select_from(AuditEntry))
        report = verify_chain(s)
    assert after - before == threads_n * per_thread * 2
    assert report.ok, report.first_break


def test_upgrading_chains_the_entries_written_before(tmp_path) -> None:
    from antifraud.core.db import make_engine
    from antifraud.core.migrate import upgrade_schema

    old = make_engine(f"sqlite:///{tmp_path / 'old.db'}")
    upgrade_schema(old, "0003")
    with old.begin() as conn:
        for n in range(3):
            conn.execute(text("INSERT INTO audit_log (at, actor_username, actor_org_code, action, entity_type, "
                              "entity_id, details) VALUES (:at, 'old-user', 'JH', 'case.create', 'case', :n, "
                              ":details)"), {"at": f"2026-01-0{n + 1} 08:00:00.000000", "n": str(n),
                                             "details": '{"loss": "100.00"}'})
    upgrade_schema(old)
    with session_scope(old) as s:
        report = verify_chain(s)
    assert report.ok and report.checked == 3
    with pytest.raises(DBAPIError, match="append-only"), old.begin() as conn:
        conn.execute(text("DELETE FROM audit_log"))
    old.dispose()
