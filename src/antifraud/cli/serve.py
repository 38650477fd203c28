"""``antifraud serve``: run the platform, and the refusal to serve the shipped secret off loopback."""

from __future__ import annotations

import typer

from antifraud.cli.output import fail


def refuse_default_secret_off_loopback(host: str) -> None:
    """Exit with an explanation when a non-loopback address would be served with the shipped secret key."""
    import ipaddress

    from antifraud.settings import get_settings

    try:
        loopback = host == "localhost" or ipaddress.ip_address(host).is_loopback
    except ValueError:
        loopback = False
    if not loopback and get_settings().uses_default_secret_key():
        fail(f"refusing to listen on {host} with the default secret key: set ANTIFRAUD_SECRET_KEY "
             "to a long random value (e.g. `python -c 'import secrets; print(secrets.token_urlsafe(32))'`)")


def serve(host: str = typer.Option("127.0.0.1", help="address to listen on"),
          port: int = typer.Option(8000, help="port to listen on")) -> None:
    """Run the platform (API and UI) on the configured database."""
    import uvicorn

    from antifraud.web.app import create_app

    refuse_default_secret_off_loopback(host)
    # Forwarded headers are believed only as ANTIFRAUD_TRUSTED_PROXIES says (web.security), not
    # by uvicorn's own default of trusting 127.0.0.1. Idle connections are kept longer than clients
    # pause between calls (uvicorn's 5 s default closes them under a client about to reuse them).
    uvicorn.run(create_app(), host=host, port=port, log_level="info", proxy_headers=False,
                timeout_keep_alive=75)
