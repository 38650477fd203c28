"""``antifraud audit``: check the append-only, hash-chained audit log."""

from __future__ import annotations

import typer

from antifraud.cli.output import console, err

app = typer.Typer(help="The append-only, hash-chained audit log.", no_args_is_help=True)


@app.command("verify")
def audit_verify() -> None:
    """Recompute the audit log's hash chain: OK with the count, or the first broken entry (exit 1)."""
    from antifraud.core.audit import verify_chain
    from antifraud.core.db import session_scope

    with session_scope() as session:
        report = verify_chain(session)
    if report.first_break is not None:
        err.print(f"[red]audit chain broken at entry {report.first_break.entry_id}[/red]: "
                  f"{report.first_break.problem} ({report.checked:,} entries before it are intact)")
        raise typer.Exit(code=1)
    console.print(f"OK: {report.checked:,} audit entries, chain intact")
