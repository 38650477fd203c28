"""``antifraud db``: the database schema and seed data."""

from __future__ import annotations

import typer

from antifraud.cli.output import console

app = typer.Typer(help="Database schema and seed data.", no_args_is_help=True)


@app.command("upgrade")
def db_upgrade() -> None:
    """Migrate the database to the newest schema and seed the organisations."""
    from antifraud.bootstrap import upgrade_database
    from antifraud.core.db import get_engine

    engine = get_engine()
    added = upgrade_database(engine)
    console.print(f"database {engine.url.render_as_string(hide_password=True)} is up to date "
                  f"({added} organisations added)")
