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


def _import_flows(kind: str, file: Path) -> None:
    from antifraud.core.auth import SYSTEM
    from antifraud.core.db import session_scope
    from antifraud.core.errors import DomainError
    from antifraud.linking.service import do_import_flow_file

    if not file.is_file():
        fail(f"{file}: no such file")
    try:
        with session_scope() as session:
            out = do_import_flow_file(session, SYSTEM, kind, file.read_bytes(), file.name)
    except DomainError as exc:
        fail(exc.message)
    for e in out.errors:
        err.print(f"{file.name}:{e.line}: {e.field}: {e.msg}", markup=False, highlight=False)
    if out.errors_omitted:
        err.print(f"{file.name}: {out.errors_omitted:,} more bad rows", markup=False)
    console.print(f"{out.rows_new:,} {kind} records imported, {out.rows_duplicate:,} already known, "
                  f"{out.rows_bad:,} rejected")


@app.command("calls")
def import_calls(file: Path = typer.Argument(..., help="CSV: call_id,start,caller,callee,duration_s")) -> None:
    """Import call records (话单) for the gang graph; bad rows are named by line, a repeated call_id is ignored."""
    _import_flows("calls", file)


@app.command("sms")
def import_sms(file: Path = typer.Argument(..., help="CSV: sms_id,time,sender,receiver,text")) -> None:
    """Import SMS records for the gang graph; bad rows are named by line, a repeated sms_id is ignored."""
    _import_flows("sms", file)


@app.command("visits")
def import_visits(file: Path = typer.Argument(..., help="CSV: visit_id,time,phone,target,kind,ip")) -> None:
    """Import network logs (上网日志: a number's visits to domains and apps, from an IP) for the gang graph."""
    _import_flows("visits", file)
