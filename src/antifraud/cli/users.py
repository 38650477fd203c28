"""``antifraud users``: user accounts, their second factor and their tokens."""

from __future__ import annotations

import typer

from antifraud.cli.output import console, fail_domain
from antifraud.core.errors import DomainError

app = typer.Typer(help="User accounts.", no_args_is_help=True)


@app.command("create")
def users_create(
    username: str = typer.Option(..., help="login name"),
    password: str = typer.Option(..., help="at least 8 characters"),
    role: str = typer.Option(..., help="admin, commander, call_taker, analyst, intervention, expert, "
                                       "bank_liaison, carrier_liaison, platform_liaison"),
    org: str = typer.Option(..., help="organisation code, e.g. JH, ICBC, CMCC, MEITUAN"),
    name: str = typer.Option("", help="display name"),
) -> None:
    """Create a user in an organisation with a role."""
    from antifraud.core.db import session_scope
    from antifraud.orgs.service import do_create_user

    try:
        with session_scope() as session:
            user = do_create_user(session, username, password, role, org, display_name=name)
            console.print(f"created user {user.username} ({role}, {org})")
    except DomainError as exc:
        fail_domain(exc)


@app.command("totp-enable")
def users_totp_enable(username: str = typer.Option(..., help="a police user's login name")) -> None:
    """Enrol a police user in a one-time-code second factor; prints the URI for their authenticator app."""
    from antifraud.core.db import session_scope
    from antifraud.orgs.service import do_enable_totp

    try:
        with session_scope() as session:
            uri = do_enable_totp(session, username)
    except DomainError as exc:
        fail_domain(exc)
    console.print(f"second factor enrolled for {username}; add it to an authenticator app:")
    console.print(uri, soft_wrap=True, markup=False, highlight=False)


@app.command("totp-disable")
def users_totp_disable(username: str = typer.Option(..., help="login name")) -> None:
    """Remove a user's second factor (e.g. after a lost phone)."""
    from antifraud.core.db import session_scope
    from antifraud.orgs.service import do_disable_totp

    try:
        with session_scope() as session:
            do_disable_totp(session, username)
    except DomainError as exc:
        fail_domain(exc)
    console.print(f"second factor removed for {username}")


@app.command("revoke-tokens")
def users_revoke_tokens(username: str = typer.Option(..., help="login name")) -> None:
    """End every API token and browser session of a user at once."""
    from antifraud.core.db import session_scope
    from antifraud.orgs.service import do_revoke_user_tokens

    try:
        with session_scope() as session:
            count = do_revoke_user_tokens(session, username)
    except DomainError as exc:
        fail_domain(exc)
    console.print(f"{count} live tokens and sessions of {username} revoked")
