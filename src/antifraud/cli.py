"""The `antifraud` command: serve, demo, db, users, simulate, trace."""

from __future__ import annotations

import sys
from pathlib import Path

import typer
from rich.console import Console

from antifraud.core.errors import DomainError

app = typer.Typer(help="Antifraud Center (反诈中心平台) — city anti-telecom-fraud command platform.",
                  no_args_is_help=True, pretty_exceptions_enable=False)
db_app = typer.Typer(help="Database schema and seed data.", no_args_is_help=True)
users_app = typer.Typer(help="User accounts.", no_args_is_help=True)
app.add_typer(db_app, name="db")
app.add_typer(users_app, name="users")
import_app = typer.Typer(help="Bring data in from files.", no_args_is_help=True)
peers_app = typer.Typer(help="Peer centers that warnings are exchanged with.", no_args_is_help=True)
warnings_app = typer.Typer(help="Early-warning scoring.", no_args_is_help=True)
app.add_typer(import_app, name="import")
app.add_typer(peers_app, name="peers")
app.add_typer(warnings_app, name="warnings")
audit_app = typer.Typer(help="The append-only, hash-chained audit log.", no_args_is_help=True)
app.add_typer(audit_app, name="audit")
bins_app = typer.Typer(help="The BIN table: which bank issues a card.", no_args_is_help=True)
app.add_typer(bins_app, name="bins")
console = Console()
err = Console(stderr=True)


def fail(message: str) -> None:
    """Print an error in plain words and exit non-zero."""
    err.print(f"[red]error:[/red] {message}", soft_wrap=True)
    raise typer.Exit(code=2)


@db_app.command("upgrade")
def db_upgrade() -> None:
    """Migrate the database to the newest schema and seed the organisations."""
    from antifraud.bootstrap import upgrade_database
    from antifraud.core.db import get_engine

    engine = get_engine()
    added = upgrade_database(engine)
    console.print(f"database {engine.url.render_as_string(hide_password=True)} is up to date "
                  f"({added} organisations added)")


@users_app.command("create")
def users_create(
    username: str = typer.Option(..., help="login name"),
    password: str = typer.Option(..., help="at least 8 characters"),
    role: str = typer.Option(..., help="admin, commander, call_taker, analyst, intervention, expert, "
                                       "bank_liaison, carrier_liaison"),
    org: str = typer.Option(..., help="organisation code, e.g. JH, ICBC, CMCC"),
    name: str = typer.Option("", help="display name"),
) -> None:
    """Create a user in an organisation with a role."""
    from antifraud.core.db import session_scope
    from antifraud.orgs.service import create_user

    try:
        with session_scope() as session:
            user = create_user(session, username, password, role, org, display_name=name)
            console.print(f"created user {user.username} ({role}, {org})")
    except DomainError as exc:
        fail(f"{exc.field}: {exc.message}" if exc.field else exc.message)


@users_app.command("totp-enable")
def users_totp_enable(username: str = typer.Option(..., help="a police user's login name")) -> None:
    """Enrol a police user in a one-time-code second factor; prints the URI for their authenticator app."""
    from antifraud.core.db import session_scope
    from antifraud.orgs.service import enable_totp

    try:
        with session_scope() as session:
            uri = enable_totp(session, username)
    except DomainError as exc:
        fail(f"{exc.field}: {exc.message}" if exc.field else exc.message)
    console.print(f"second factor enrolled for {username}; add it to an authenticator app:")
    console.print(uri, soft_wrap=True, markup=False, highlight=False)


@users_app.command("totp-disable")
def users_totp_disable(username: str = typer.Option(..., help="login name")) -> None:
    """Remove a user's second factor (e.g. after a lost phone)."""
    from antifraud.core.db import session_scope
    from antifraud.orgs.service import disable_totp

    try:
        with session_scope() as session:
            disable_totp(session, username)
    except DomainError as exc:
        fail(f"{exc.field}: {exc.message}" if exc.field else exc.message)
    console.print(f"second factor removed for {username}")


@users_app.command("revoke-tokens")
def users_revoke_tokens(username: str = typer.Option(..., help="login name")) -> None:
    """End every API token and browser session of a user at once."""
    from antifraud.core.db import session_scope
    from antifraud.orgs.service import revoke_user_tokens

    try:
        with session_scope() as session:
            count = revoke_user_tokens(session, username)
    except DomainError as exc:
        fail(f"{exc.field}: {exc.message}" if exc.field else exc.message)
    console.print(f"{count} live tokens and sessions of {username} revoked")


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


@import_app.command("signals")
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


@bins_app.command("import")
def bins_import(file: Path = typer.Argument(..., help="CSV (UTF-8 or GB18030): bin,bank_name_zh"
                                                     "[,bank_code,bank_name_en,length,card_type]")) -> None:
    """Import the center's authoritative BIN table over the shipped one; report what changed."""
    from antifraud.core.auth import SYSTEM
    from antifraud.core.db import session_scope
    from antifraud.identifiers.service import import_bin_table

    if not file.is_file():
        fail(f"{file}: no such file")
    try:
        with session_scope() as session:
            report = import_bin_table(session, SYSTEM, file.read_bytes(), file.name)
    except DomainError as exc:
        fail(f"{exc.field}: {exc.message}" if exc.field else exc.message)
    for line, field, reason in report.errors:
        err.print(f"{file.name}:{line}: {field}: {reason}")
    for text in report.conflicting:
        console.print(f"differs from the shipped table: {text}")
    console.print(f"{len(report.added)} BIN rows added, {len(report.changed)} changed, {report.unchanged} unchanged, "
                  f"{len(report.conflicting)} differ from the shipped table, {len(report.errors)} bad rows")


@bins_app.command("suggestions")
def bins_suggestions() -> None:
    """List the BIN rows learned from statements and manual routing that wait for a decision."""
    from antifraud.core.auth import SYSTEM
    from antifraud.core.db import session_scope
    from antifraud.identifiers.service import list_suggestions

    with session_scope() as session:
        for s in list_suggestions(session, SYSTEM):
            console.print(f"#{s.id} {s.bin} -> {s.bank_name_zh} ({s.bank_code}), {s.cards} cards; "
                          f"table says {s.table_bank or 'nothing'}")


@peers_app.command("add")
def peers_add(code: str = typer.Option(..., help="the peer center's code, e.g. HZ"),
              name: str = typer.Option(..., help="its name"),
              url: str = typer.Option(..., help="its base URL, e.g. https://hz.example.gov.cn"),
              region: list[str] = typer.Option(..., help="a region it owns: 省 or 省/市 (repeatable)"),
              outbound_token: str = typer.Option(..., help="the token we present to it"),
              inbound_token: str = typer.Option(..., help="the token it presents to us")) -> None:
    """Add (or update) a peer center for pushing and receiving warnings."""
    from antifraud.core.db import session_scope
    from antifraud.peers.service import save_peer

    try:
        with session_scope() as session:
            save_peer(session, code, name, url, list(region), outbound_token, inbound_token)
    except DomainError as exc:
        fail(f"{exc.field}: {exc.message}" if exc.field else exc.message)
    console.print(f"peer center {code} saved ({', '.join(region)})")


@audit_app.command("verify")
def audit_verify() -> None:
    """Recompute the audit log's hash chain: OK with the count, or the first broken entry (exit 1)."""
    from antifraud.core.audit import verify_chain
    from antifraud.core.db import session_scope

    with session_scope() as session:
        report = verify_chain(session)
    if report.first_break is not None:
        err.print(f"[red]audit chain broken at entry {report.first_break.entry_id}[/red]: "
                  f"{report.first_break.problem} ({report.checked:,} entries before it are intact)")
        raise typer.Exit(code=1)
    console.print(f"OK: {report.checked:,} audit entries, chain intact")


@app.command()
def serve(host: str = typer.Option("127.0.0.1", help="address to listen on"),
          port: int = typer.Option(8000, help="port to listen on")) -> None:
    """Run the platform (API and UI) on the configured database."""
    import uvicorn

    from antifraud.web.app import create_app
    from antifraud.web.security import UVICORN_OPTIONS

    refuse_default_secret_off_loopback(host)
    uvicorn.run(create_app(), host=host, port=port, log_level="info", **UVICORN_OPTIONS)  # type: ignore[arg-type]


@app.command()
def demo(reset: bool = typer.Option(False, "--reset", help="delete the demo database and start over"),
         seed: int = typer.Option(1, help="simulation seed"),
         scale: float = typer.Option(1.0, help="share of Jinhua simulated (1.0 ≈ 14,000 reports a year)"),
         days: int = typer.Option(365, help="days of history"),
         host: str = typer.Option("127.0.0.1"), port: int = typer.Option(8000),
         live: bool = typer.Option(True, help="keep new reports and answers arriving")) -> None:
    """Start the platform on SQLite with a simulated year of Jinhua and a live clock."""
    from antifraud.simulation.demo import run_demo

    refuse_default_secret_off_loopback(host)
    run_demo(reset=reset, seed=seed, scale=scale, days=days, host=host, port=port, live=live)


@app.command("classify")
def classify(target: str = typer.Argument(..., help="a CSV file to classify, `train` or `evaluate`"),
             column: str = typer.Option("content", "--column", "-c", help="the CSV column holding the text"),
             model: Path | None = typer.Option(None, "--model", help="classify or evaluate with this model"),
             corpus: Path | None = typer.Option(None, "--corpus", help="train/evaluate: labelled CSV (UTF-8 or GB18030)"),
             text_column: str = typer.Option("content", "--text-column", help="train/evaluate: the text column"),
             label_column: str = typer.Option("label", "--label-column", help="train/evaluate: the label column"),
             out: Path | None = typer.Option(None, "--out", help="train --corpus: where to write the model"),
             folds: int = typer.Option(5, "--folds", help="evaluate: number of stratified folds"),
             as_json: bool = typer.Option(False, "--json", help="evaluate: print the scores as JSON"),
             seed: int = typer.Option(7, help="seed of the folds, the solver (and the lab corpus)")) -> None:
    """Classify texts into fraud types (CSV in, CSV with fraud_type, score, cues out), train or evaluate."""
    from antifraud.classifier import command as cmd

    if target == "train" and corpus is None:
        from antifraud.lab.classifier.command import train_command

        train_command(seed=seed)
    elif target == "train":
        cmd.train_corpus_command(corpus, out or Path("model.npz"), text_column, label_column, seed)
    elif target == "evaluate":
        if corpus is None:
            fail("evaluate needs --corpus FILE.csv")
        cmd.evaluate_command(corpus, folds, as_json, text_column, label_column, seed, model)
    else:
        cmd.classify_command(Path(target), column=column, model=model)


def _register_feature_commands() -> None:
    """Commands that live in their capability folders."""
    from antifraud.simulation.command import simulate_command
    from antifraud.tracing.offline import trace_command

    app.command("simulate", help="Generate the synthetic city's events and ground truth as Parquet.")(
        simulate_command)
    app.command("trace", help="Trace a victim's money through statement files, offline (no server).")(
        trace_command)
    from antifraud.lab.warnings.evaluate import evaluate_command
    from antifraud.lab.warnings.train import train_command

    warnings_app.command("evaluate", help="Score a simulated dataset the model never saw; print the figures.")(
        evaluate_command)
    warnings_app.command("train", help="Train the warning model on simulated ground truth (deterministic).")(
        train_command)


_register_feature_commands()


def main() -> None:
    """Entry point that never shows a stack trace for a user error."""
    try:
        app()
    except DomainError as exc:
        err.print(f"[red]error:[/red] {exc}")
        sys.exit(2)


if __name__ == "__main__":
    main()
