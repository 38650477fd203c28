"""Bring a database to a working state: schema migrations, then the seeded organisations and knowledge base."""

from __future__ import annotations

from sqlalchemy import Engine

from antifraud.core.db import get_engine, session_scope
from antifraud.core.migrate import upgrade_schema
from antifraud.orgs.service import do_seed_orgs
from antifraud.prevention.service import do_seed_knowledge


def upgrade_database(engine: Engine | None = None) -> int:
    """Migrate to the newest schema, seed organisations and the knowledge base; returns how many orgs were added."""
    engine = engine or get_engine()
    upgrade_schema(engine)
    with session_scope(engine) as session:
        added = do_seed_orgs(session)
        do_seed_knowledge(session)
        return added
