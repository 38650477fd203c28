"""Alembic environment: runs migrations on the connection the platform hands over."""

from __future__ import annotations

from alembic import context
from sqlalchemy import engine_from_config, pool

from antifraud.migrations.all_models import metadata

config = context.config


def run_migrations_online() -> None:
    """Migrate using a given connection (from `antifraud db upgrade`) or the configured URL."""
    connection = config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    engine = engine_from_config(config.get_section(config.config_ini_section) or {},
                                prefix="sqlalchemy.", poolclass=pool.NullPool)
    with engine.connect() as conn:
        _run(conn)


def _run(connection) -> None:  # type: ignore[no-untyped-def]
    context.configure(connection=connection, target_metadata=metadata,
                      render_as_batch=connection.dialect.name == "sqlite", compare_type=True,
                      user_module_prefix="af_db.")
    with context.begin_transaction():
        context.run_migrations()


run_migrations_online()
