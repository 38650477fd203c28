"""The Luhn (mod 10) check used by bank cards and IMEIs."""

from __future__ import annotations

from antifraud.identifiers._text import is_ascii_digits
from antifraud.identifiers.errors import IdentifierError


def _luhn_sum(digits: str, double_last: bool) -> int:
    """Luhn sum of the digits, doubling every second digit counted from the right."""
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = int(ch)
        if (i % 2 == 0) == double_last:
            d = d * 2 - 9 if d > 4 else d * 2
        total += d
    return total


def luhn_check_digit(partial: str) -> str:
    """The digit to append to ``partial`` so that the whole number passes the Luhn check."""
    if not is_ascii_digits(partial):
        raise IdentifierError("number", "number must contain only digits", "ident.card_digits")
    return str((10 - _luhn_sum(partial, double_last=True) % 10) % 10)


def luhn_valid(number: str) -> bool:
    """True when the digits, check digit included, pass the Luhn check."""
    return is_ascii_digits(number) and _luhn_sum(number, double_last=False) % 10 == 0
