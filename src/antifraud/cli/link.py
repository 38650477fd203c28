"""``antifraud link``: link cases into gangs from files and expand them over the flows, offline (no server)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from antifraud.cli.output import err, fail


def _say_bad(name: str, rows: list[tuple[int, str]], count: int) -> None:
    for line, reason in rows[:20]:
        err.print(f"{name}:{line}: {reason}", markup=False, highlight=False, soft_wrap=True)
    if count > 20:
        err.print(f"{name}: {count - 20} more bad rows", markup=False)


app = typer.Typer(help="Link cases into gangs (串并案): offline from files, or again in the platform's database.",
                  invoke_without_command=True)


@app.callback()
def link_command(
    ctx: typer.Context,
    cases: Annotated[Path | None, typer.Option("--cases",
                                               help="cases as NDJSON: POST /api/v1/cases bodies plus case_id")] = None,
    calls: Annotated[Path | None, typer.Option("--calls", help="call_id,start,caller,callee,duration_s")] = None,
    sms: Annotated[Path | None, typer.Option("--sms", help="sms_id,time,sender,receiver,text")] = None,
    transfers: Annotated[Path | None, typer.Option("--transfers",
                                                   help="txn_id,time,from_account,to_account,amount")] = None,
    visits: Annotated[Path | None, typer.Option("--visits", help="visit_id,time,phone,target,kind,ip")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="print compact JSON (default: indented)")] = False,
) -> None:
    """Link cases into gangs (串并案) and find the members nobody reported, from files (`link rebuild`: again
    in the platform's database)."""
    if ctx.invoked_subcommand is not None:
        return
    if cases is None:
        fail("--cases: give the cases file (or use `antifraud link rebuild`)")
    from antifraud.linking.engine import flows as readers
    from antifraud.linking.engine.gang import Flows, link_report, read_cases
    from antifraud.tracing.offline import TraceFileError, load_statements

    for path in (cases, calls, sms, transfers, visits):
        if path is not None and not path.is_file():
            fail(f"{path}: no such file")
    bad: list[tuple[int, str]] = []
    try:
        parsed = read_cases(cases.read_text(encoding="utf-8-sig").splitlines(), bad)
        _say_bad(cases.name, bad, len(bad))
        loaded: dict[str, object] = {}
        for name, path, reader in (("calls", calls, readers.read_calls), ("sms", sms, readers.read_sms),
                                   ("visits", visits, readers.read_visits)):
            if path is not None:
                rows, errors = reader(path)
                _say_bad(path.name, errors.rows, errors.count)
                loaded[name] = rows
        index = None
        if transfers is not None:
            statement, index = load_statements([transfers])
            for row_error in statement.errors[:20]:
                err.print(str(row_error), markup=False, highlight=False, soft_wrap=True)
    except (readers.FlowFileError, TraceFileError, UnicodeDecodeError) as exc:
        fail(str(exc))
    report = link_report(parsed, Flows(calls=loaded.get("calls", ()), sms=loaded.get("sms", ()),  # type: ignore[arg-type]
                                       visits=loaded.get("visits", ()), index=index))  # type: ignore[arg-type]
    typer.echo(json.dumps(report, ensure_ascii=False, indent=None if as_json else 1))


@app.command("rebuild")
def rebuild_command() -> None:
    """Link every case in the platform's database again, under the hub rule and list in force; the analysts'
    splits, merges and hub decisions are kept."""
    from antifraud.cli.output import console
    from antifraud.core.auth import SYSTEM
    from antifraud.core.db import session_scope
    from antifraud.linking.service import do_rebuild_links

    with session_scope() as session:
        figures = do_rebuild_links(session, SYSTEM)
    console.print(f"linked {figures['cases']:,} cases: {figures['clusters']:,} clusters of two or more, "
                  f"{figures['hubs']:,} hubs")
