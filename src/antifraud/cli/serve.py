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
    import asyncio

    import uvicorn

    from antifraud.core import longpoll
    from antifraud.web.app import create_app
    from antifraud.web.security import UVICORN_OPTIONS

    class Server(uvicorn.Server):
        """uvicorn's server, whose stop first answers the waiting long-polls instead of waiting them out."""

        def handle_exit(self, sig: int, frame: object) -> None:  # type: ignore[override]
            # A signal handler may interrupt code holding the long-polls' lock: release them from the loop.
            try:
                asyncio.get_running_loop().call_soon_threadsafe(longpoll.release_all)
            except RuntimeError:  # no loop running yet (or any more): nothing is waiting
                pass
            super().handle_exit(sig, frame)  # type: ignore[arg-type]

    refuse_default_secret_off_loopback(host)
    config = uvicorn.Config(create_app(), host=host, port=port, log_level="info", **UVICORN_OPTIONS)  # type: ignore[arg-type]
    Server(config).run()
