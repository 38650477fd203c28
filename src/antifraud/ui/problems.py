"""What is wrong with a user's input, in the user's language: the field's name and the reason.

Services raise errors with an English reason and, where they can, a message key with parameters
(`core.errors.Problem`, `identifiers.IdentifierError`); this is where a page turns them into words.
"""

from __future__ import annotations

import re
from typing import Any

from pydantic import ValidationError

from antifraud.core.errors import DomainError, Problem, ValidationFailed
from antifraud.ui import messages
from antifraud.ui.i18n import t

_POSITION = re.compile(r"\.(\d+)\.")


def field_name(field: str) -> str:
    """A dotted field path (``victim.id_number``, ``identifiers.2.value``) as the form labels it."""
    if not field:
        return ""
    position = _POSITION.search(field)
    key = "field." + _POSITION.sub(".n.", field)
    if key not in messages.MESSAGES:
        return field
    return t(key, n=int(position.group(1)) + 1) if position else t(key)


def reason_text(msg: str, code: str | None, params: dict[str, Any] | None = None) -> str:
    """The reason in the user's language when it has a message key, else as the service said it."""
    if code and code in messages.MESSAGES:
        return t(code, **(params or {}))
    return msg


def problem_text(problem: Problem) -> str:
    """One problem as a sentence: the field's name, then why."""
    reason = reason_text(problem.msg, problem.code, problem.params)
    name = field_name(problem.field)
    return t("problem.line", field=name, reason=reason) if name else reason


def problems_of(exc: Exception) -> list[Problem]:
    """The problems an error carries (a plain exception is one problem without a field)."""
    if isinstance(exc, DomainError):
        return exc.problems
    return [Problem("", str(exc))]


def error_text(exc: Exception) -> str:
    """Every problem of an error, in the user's language, joined."""
    return "; ".join(problem_text(p) for p in problems_of(exc))


def refused_input(exc: ValidationError) -> ValidationFailed:
    """Pydantic's refusals of a form as problems with message keys (``input.<type>``) read in the user's language."""
    problems = [Problem(".".join(str(p) for p in e["loc"]), e["msg"], f"input.{e['type']}") for e in exc.errors()]
    return ValidationFailed(problems[0].msg, field=problems[0].field, problems=problems)


def mark_fields(form: dict[str, Any], refused: DomainError) -> None:
    """Highlight each refused field of a form (field path → input) with its reason in the user's language."""
    for problem in refused.problems:
        element = form.get(problem.field)
        if element is not None:
            element.error = reason_text(problem.msg, problem.code, problem.params)
