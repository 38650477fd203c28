"""App names and package names (涉案APP)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from antifraud.identifiers._text import clean, collapse_whitespace
from antifraud.identifiers.errors import IdentifierError

_PACKAGE = re.compile(r"^[A-Za-z][A-Za-z0-9_]*(?:\.[A-Za-z][A-Za-z0-9_]*)+$")
MAX_LENGTH = 200


@dataclass(frozen=True)
class AppInfo:
    """An app as named in a report: a display name (Chinese kept) or an Android/iOS package id."""

    name: str
    is_package: bool


def parse_app(raw: str, field: str = "app") -> AppInfo:
    """Tidy an app name: NFKC (full-width letters become ASCII), trimmed, whitespace collapsed."""
    name = collapse_whitespace(clean(raw, field))
    if len(name) > MAX_LENGTH:
        raise IdentifierError(field, f"app name is too long (at most {MAX_LENGTH} characters)", "ident.app_long", max=MAX_LENGTH)
    if not name.isprintable():
        raise IdentifierError(field, "app name must not contain control characters", "ident.app_control")
    return AppInfo(name, bool(_PACKAGE.match(name)))
