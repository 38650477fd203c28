"""Small text helpers shared by the parsers."""

from __future__ import annotations

import re
import unicodedata

from antifraud.identifiers.errors import IdentifierError

_SEPARATORS = re.compile(r"[\s\-_.·/]+")
_WHITESPACE = re.compile(r"\s+")


def clean(raw: object, field: str) -> str:
    """NFKC-normalise and trim text (full-width digits become ASCII); reject non-text and blanks."""
    if not isinstance(raw, str):
        raise IdentifierError(field, "value must be text", "ident.not_text")
    text = unicodedata.normalize("NFKC", raw).strip()
    if not text:
        raise IdentifierError(field, "value is empty", "ident.empty")
    return text


def strip_separators(text: str) -> str:
    """Remove spaces, dashes, dots, underscores and slashes people type inside numbers."""
    return _SEPARATORS.sub("", text)


def collapse_whitespace(text: str) -> str:
    """Turn every run of whitespace into one space."""
    return _WHITESPACE.sub(" ", text).strip()


def is_ascii_digits(text: str) -> bool:
    """True when the text is one or more ASCII digits (``str.isdigit`` also accepts other scripts)."""
    return text.isascii() and text.isdigit()
