"""``antifraud partners``: where partner organisations take the work pushed to them."""

from __future__ import annotations

from pathlib import Path

import typer

from antifraud.cli.output import console, fail_domain
from antifraud.core.errors import DomainError

app = typer.Typer(help="Partner organisations' delivery endpoints (campaign work pushed through the outbox).",
                  no_args_is_help=True)


@app.command("set-endpoint")
def partners_set_endpoint(
        org: str = typer.Option(..., help="the organisation's code, e.g. CMCC"),
        url: str = typer.Option(..., help="the URL its work is POSTed to, e.g. https://sms.cmcc.example/campaigns"),
        token_file: Path = typer.Option(..., exists=True, dir_okay=False, readable=True,
                                        help="a file holding the bearer token we present to it")) -> None:
    """Push an organisation's campaign work to its endpoint from now on (its queue page stays)."""
    from antifraud.core.db import session_scope
    from antifraud.orgs.service import do_set_partner_endpoint

    token = token_file.read_text(encoding="utf-8").strip()
    try:
        with session_scope() as session:
            do_set_partner_endpoint(session, org, url, token)
    except DomainError as exc:
        fail_domain(exc)
    console.print(f"{org}: campaign work is pushed to {url}")


@app.command("remove-endpoint")
def partners_remove_endpoint(org: str = typer.Option(..., help="the organisation's code, e.g. CMCC")) -> None:
    """Stop pushing an organisation's work; it reads its queue page and the API only."""
    from antifraud.core.db import session_scope
    from antifraud.orgs.service import do_remove_partner_endpoint

    try:
        with session_scope() as session:
            removed = do_remove_partner_endpoint(session, org)
    except DomainError as exc:
        fail_domain(exc)
    console.print(f"{org}: endpoint removed" if removed else f"{org} had no endpoint")
