"""``antifraud peers``: the peer centers that warnings are exchanged with."""

from __future__ import annotations

import typer

from antifraud.cli.output import console, fail_domain
from antifraud.core.errors import DomainError

app = typer.Typer(help="Peer centers that warnings are exchanged with.", no_args_is_help=True)


@app.command("add")
def peers_add(code: str = typer.Option(..., help="the peer center's code, e.g. HZ"),
              name: str = typer.Option(..., help="its name"),
              url: str = typer.Option(..., help="its base URL, e.g. https://hz.example.gov.cn"),
              region: list[str] = typer.Option(..., help="a region it owns: 省 or 省/市 (repeatable)"),
              outbound_token: str = typer.Option(..., help="the token we present to it"),
              inbound_token: str = typer.Option(..., help="the token it presents to us")) -> None:
    """Add (or update) a peer center for pushing and receiving warnings."""
    from antifraud.core.db import session_scope
    from antifraud.peers.service import do_save_peer

    try:
        with session_scope() as session:
            do_save_peer(session, code, name, url, list(region), outbound_token, inbound_token)
    except DomainError as exc:
        fail_domain(exc)
    console.print(f"peer center {code} saved ({', '.join(region)})")
