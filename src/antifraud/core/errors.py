"""Domain errors raised by services and mapped to HTTP statuses by the web layer."""

from __future__ import annotations

from dataclasses import dataclass
from dataclasses import field as dataclass_field
from typing import Any


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a request: the field, the reason in English, and its message key with parameters.

    The key (``code``) lets the UI say the reason in the user's language; ``None`` when no key was given.
    """

    field: str
    msg: str
    code: str | None = None
    params: dict[str, Any] = dataclass_field(default_factory=dict)


class DomainError(Exception):
    """Base of errors a user can act on."""

    status = 400

    def __init__(self, message: str, field: str | None = None,
                 errors: list[tuple[str, str]] | None = None, *, code: str | None = None,
                 params: dict[str, Any] | None = None, problems: list[Problem] | None = None) -> None:
        super().__init__(f"{field}: {message}" if field else message)
        self.message = message
        self.field = field
        if problems is None:
            problems = ([Problem(f, m) for f, m in errors] if errors
                        else [Problem(field or "", message, code, dict(params or {}))])
        self.problems = problems
        self.errors = [(p.field, p.msg) for p in problems]


class ValidationFailed(DomainError):
    """Input is invalid; `field` names the offending field path (dotted)."""

    status = 422


class NotAuthenticated(DomainError):
    """No valid credentials."""

    status = 401


class Forbidden(DomainError):
    """The principal's role may not do this."""

    status = 403


class NotFound(DomainError):
    """Does not exist, or is outside the principal's organisation scope."""

    status = 404


class Conflict(DomainError):
    """The action does not fit the current state (e.g. completing a completed request)."""

    status = 409


class TooManyRequests(DomainError):
    """Over a rate limit (e.g. the public risk checks per address)."""

    status = 429


class TooManyAttempts(DomainError):
    """Too many failed attempts: refused until `retry_after` seconds have passed."""

    status = 429

    def __init__(self, message: str, retry_after: int, field: str | None = None) -> None:
        super().__init__(message, field=field)
        self.retry_after = max(1, int(retry_after))
