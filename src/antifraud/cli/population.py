"""``antifraud population``: the residents behind every rate (人口数据)."""

from __future__ import annotations

from pathlib import Path

import typer

from antifraud.cli.output import console, err, fail
from antifraud.core.errors import DomainError

app = typer.Typer(help="Population denominators by district, age band and sex.", no_args_is_help=True)


@app.command("import")
def population_import(file: Path = typer.Argument(..., help="CSV (UTF-8 or GB18030): "
                                                           "district_code,age_band,sex,population")) -> None:
    """Replace the population denominators with the file's; a file with a bad row changes nothing."""
    from antifraud.analytics.service import do_import_population
    from antifraud.core.auth import SYSTEM
    from antifraud.core.db import session_scope

    if not file.is_file():
        fail(f"{file}: no such file")
    try:
        with session_scope() as session:
            out = do_import_population(session, SYSTEM, file.read_bytes(), file.name)
    except DomainError as exc:
        for where, reason in exc.errors:
            err.print(f"{file.name}: {where}: {reason}")
        fail(exc.message)
    console.print(f"{out.cells} population cells imported ({out.residents:,} residents); "
                  f"{out.replaced} earlier cells replaced")
