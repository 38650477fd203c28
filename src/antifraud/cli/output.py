"""What every command prints through: the console, the error console, and a plain-words failure."""

from __future__ import annotations

from typing import NoReturn

import typer
from rich.console import Console

from antifraud.core.errors import DomainError

console = Console()
err = Console(stderr=True)


def fail(message: str) -> NoReturn:
    """Print an error in plain words and exit non-zero."""
    err.print(f"[red]error:[/red] {message}", soft_wrap=True)
    raise typer.Exit(code=2)


def fail_domain(exc: DomainError) -> NoReturn:
    """Fail with a service's refusal, naming the field when it has one."""
    fail(f"{exc.field}: {exc.message}" if exc.field else exc.message)
