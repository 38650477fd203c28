"""The `antifraud` command: one module per command group, assembled into one Typer app here."""

from __future__ import annotations

import sys

import typer

from antifraud.cli import (
    analytics,
    audit,
    bins,
    db,
    imports,
    link,
    partners,
    peers,
    population,
    users,
    warnings,
)
from antifraud.cli.classify import classify
from antifraud.cli.demo import demo
from antifraud.cli.output import err
from antifraud.cli.report import report_command
from antifraud.cli.serve import serve
from antifraud.cli.simulate import simulate_command
from antifraud.cli.trace import trace_command
from antifraud.core.errors import DomainError

app = typer.Typer(help="Antifraud Center (反诈中心平台) — city anti-telecom-fraud command platform.",
                  no_args_is_help=True, pretty_exceptions_enable=False)
app.command()(serve)
app.command()(demo)
app.command("classify")(classify)
app.command("simulate", help="Generate the synthetic city's events and ground truth as Parquet.")(simulate_command)
app.command("trace", help="Trace a victim's money through statement files, offline (no server).")(trace_command)
app.command("report", help="Write the periodic summary (定期汇总) of a month or ISO week as PDF or XLSX.")(
    report_command)
app.add_typer(link.app, name="link", help="Link cases into gangs and expand them over call, SMS, money and network "
              "flows, offline; `link rebuild` links the platform's cases again.")
app.add_typer(db.app, name="db")
app.add_typer(users.app, name="users")
app.add_typer(imports.app, name="import")
app.add_typer(peers.app, name="peers")
app.add_typer(partners.app, name="partners")
app.add_typer(warnings.app, name="warnings")
app.add_typer(audit.app, name="audit")
app.add_typer(bins.app, name="bins")
app.add_typer(population.app, name="population")
app.add_typer(analytics.app, name="analytics")


def main() -> None:
    """Entry point that never shows a stack trace for a user error."""
    try:
        app()
    except DomainError as exc:
        err.print(f"[red]error:[/red] {exc}")
        sys.exit(2)
