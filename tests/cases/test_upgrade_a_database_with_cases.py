"""Upgrading a database that already holds cases keeps every case's identifiers and makes open cases 'filed'."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from sqlalchemy import text

from antifraud.core.db import make_engine
from antifraud.core.migrate import alembic_config, upgrade_schema


def test_cases_keep_their_identifiers_through_the_upgrade(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'old.db'}")  # the platform's own SQLite set-up: foreign keys on
    try:
        upgrade_schema(engine, "0010")
        with engine.begin() as conn:
            conn.execute(text("INSERT INTO organizations (id, code, kind, level, name_zh, name_en) "
                              "VALUES (1, 'JH', 'police', 'city', '金华', 'Jinhua')"))
            conn.execute(text("INSERT INTO cases (id, case_no, status, fraud_type, loss_amount, occurred_at, "
                              "reported_at, narrative, victim_name, jurisdiction_org_id, created_at, source) VALUES "
                              "(1, 'JH20260101000001', 'open', 'other', 1, '2026-01-01', '2026-01-01', '', '张三', 1, "
                              "'2026-01-01', 'intake')"))
            conn.execute(text("INSERT INTO case_identifiers (id, case_id, kind, value, raw, role, attrs, routing) "
                              "VALUES (1, 1, 'phone', '+8613800000000', '13800000000', 'suspect', '{}', 'routed')"))
        upgrade_schema(engine, "0011")
        with engine.connect() as conn:
            assert conn.execute(text("SELECT count(*) FROM case_identifiers")).scalar() == 1
            assert conn.execute(text("SELECT status, assignee_id, cluster_ref FROM cases")).one() == (
                "filed", None, None)
        with engine.begin() as conn:  # and back
            cfg = alembic_config(str(engine.url))
            cfg.attributes["connection"] = conn
            command.downgrade(cfg, "0010")
        with engine.connect() as conn:
            assert conn.execute(text("SELECT count(*) FROM case_identifiers")).scalar() == 1
            assert conn.execute(text("SELECT status FROM cases")).scalar() == "open"
    finally:
        engine.dispose()
