"""The `antifraud` command: serve, demo, db, users, simulate, trace."""

from __future__ import annotations

import sys

import typer
from rich.console import Console

from antifraud.core.errors import DomainError

app = typer.Typer(help="Antifraud Center (反诈中心平台) — city anti-telecom-fraud command platform.",
                  no_args_is_help=True, pretty_exceptions_enable=False)
db_app = typer.Typer(help="Database schema and seed data.", no_args_is_help=True)
users_app = typer.Typer(help="User accounts.", no_args_is_help=True)
app.add_typer(db_app, name="db")
app.add_typer(users_app, name="users")
console = Console()
err = Console(stderr=True)


def fail(message: str) -> None:
    """Print an error in plain words and exit non-zero."""
    err.print(f"[red]error:[/red] {message}")
    raise typer.Exit(code=2)


@db_app.command("upgrade")
def db_upgrade() -> None:
    """Migrate the database to the newest schema and seed the organisations."""
    from antifraud.bootstrap import upgrade_database
    from antifraud.core.db import get_engine

    engine = get_engine()
    added = upgrade_database(engine)
    console.print(f"database {engine.url.render_as_string(hide_password=True)} is up to date "
                  f"({added} organisations added)")


@users_app.command("create")
def users_create(
    username: str = typer.Option(..., help="login name"),
    password: str = typer.Option(..., help="at least 8 characters"),
    role: str = typer.Option(..., help="admin, commander, call_taker, analyst, intervention, expert, "
                                       "bank_liaison, carrier_liaison"),
    org: str = typer.Option(..., help="organisation code, e.g. JH, ICBC, CMCC"),
    name: str = typer.Option("", help="display name"),
) -> None:
    """Create a user in an organisation with a role."""
    from antifraud.core.db import session_scope
    from antifraud.orgs.service import create_user

    try:
        with session_scope() as session:
            user = create_user(session, username, password, role, org, display_name=name)
            console.print(f"created user {user.username} ({role}, {org})")
    except DomainError as exc:
        fail(f"{exc.field}: {exc.message}" if exc.field else exc.message)


@app.command()
def serve(host: str = typer.Option("127.0.0.1", help="address to listen on"),
          port: int = typer.Option(8000, help="port to listen on")) -> None:
    """Run the platform (API and UI) on the configured database."""
    import uvicorn

    from antifraud.web.app import create_app

    uvicorn.run(create_app(), host=host, port=port, log_level="info")


@app.command()
def demo(reset: bool = typer.Option(False, "--reset", help="delete the demo database and start over"),
         seed: int = typer.Option(1, help="simulation seed"),
         scale: float = typer.Option(1.0, help="share of Jinhua simulated (1.0 ≈ 14,000 reports a year)"),
         days: int = typer.Option(365, help="days of history"),
         host: str = typer.Option("127.0.0.1"), port: int = typer.Option(8000),
         live: bool = typer.Option(True, help="keep new reports and answers arriving")) -> None:
    """Start the platform on SQLite with a simulated year of Jinhua and a live clock."""
    from antifraud.simulation.demo import run_demo

    run_demo(reset=reset, seed=seed, scale=scale, days=days, host=host, port=port, live=live)


def _register_feature_commands() -> None:
    """Commands that live in their capability folders."""
    from antifraud.simulation.command import simulate_command
    from antifraud.tracing.offline import trace_command

    app.command("simulate", help="Generate the synthetic city's events and ground truth as Parquet.")(
        simulate_command)
    app.command("trace", help="Trace a victim's money through statement files, offline (no server).")(
        trace_command)


_register_feature_commands()


def main() -> None:
    """Entry point that never shows a stack trace for a user error."""
    try:
        app()
    except DomainError as exc:
        err.print(f"[red]error:[/red] {exc}")
        sys.exit(2)


if __name__ == "__main__":
    main()
