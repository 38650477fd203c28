"""``antifraud bins``: the BIN table that says which bank issues a card."""

from __future__ import annotations

from pathlib import Path

import typer

from antifraud.cli.output import console, err, fail, fail_domain
from antifraud.core.errors import DomainError

app = typer.Typer(help="The BIN table: which bank issues a card.", no_args_is_help=True)


@app.command("import")
def bins_import(file: Path = typer.Argument(..., help="CSV (UTF-8 or GB18030): bin,bank_name_zh"
                                                     "[,bank_code,bank_name_en,length,card_type]")) -> None:
    """Import the center's authoritative BIN table over the shipped one; report what changed."""
    from antifraud.core.auth import SYSTEM
    from antifraud.core.db import session_scope
    from antifraud.identifiers.service import do_import_bin_table

    if not file.is_file():
        fail(f"{file}: no such file")
    try:
        with session_scope() as session:
            report = do_import_bin_table(session, SYSTEM, file.read_bytes(), file.name)
    except DomainError as exc:
        fail_domain(exc)
    for line, field, reason in report.errors:
        err.print(f"{file.name}:{line}: {field}: {reason}")
    for text in report.conflicting:
        console.print(f"differs from the shipped table: {text}")
    console.print(f"{len(report.added)} BIN rows added, {len(report.changed)} changed, {report.unchanged} unchanged, "
                  f"{len(report.conflicting)} differ from the shipped table, {len(report.errors)} bad rows")


@app.command("suggestions")
def bins_suggestions() -> None:
    """List the BIN rows learned from statements and manual routing that wait for a decision."""
    from antifraud.core.auth import SYSTEM
    from antifraud.core.db import session_scope
    from antifraud.identifiers.service import list_suggestions

    with session_scope() as session:
        for s in list_suggestions(session, SYSTEM):
            console.print(f"#{s.id} {s.bin} -> {s.bank_name_zh} ({s.bank_code}), {s.cards} cards; "
                          f"table says {s.table_bank or 'nothing'}")
