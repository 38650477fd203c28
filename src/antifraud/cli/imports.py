"""``antifraud import``: bring data in from files."""

from __future__ import annotations

from pathlib import Path

import typer

from antifraud.cli.output import console, err, fail

app = typer.Typer(help="Bring data in from files.", no_args_is_help=True)


@app.command("signals")
def import_signals(file: Path = typer.Argument(..., help="NDJSON file, one signal per line"),
                   batch: int = typer.Option(5000, help="lines per transaction")) -> None:
    """Import signals (calls, SMS, transfers, visits, partner warnings); bad lines are listed, not fatal."""
    import antifraud.cases.service  # noqa: F401  (victims' districts route their warnings to their county)
    from antifraud.warnings.stream import ingest_lines

    if not file.is_file():
        fail(f"{file}: no such file")
    totals = {"accepted": 0, "duplicates": 0, "rejected": 0, "created": 0, "updated": 0}
    with file.open(encoding="utf-8", errors="replace") as fh:
        lines = fh.read().splitlines()
    for start in range(0, len(lines), batch):
        out = ingest_lines(lines[start:start + batch], f"file:{file.name}")
        for r in out.rejected:
            err.print(f"{file.name}:{start + r.line}: {r.field}: {r.reason}")
        totals["accepted"] += out.accepted
        totals["duplicates"] += out.duplicates
        totals["rejected"] += len(out.rejected)
        totals["created"] += out.warnings_created
        totals["updated"] += out.warnings_updated
    console.print(f"{totals['accepted']:,} signals accepted, {totals['duplicates']:,} already known, "
                  f"{totals['rejected']:,} rejected; {totals['created']:,} warnings raised, "
                  f"{totals['updated']:,} strengthened")
