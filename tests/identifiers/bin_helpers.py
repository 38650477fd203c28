"""Card numbers under prefixes the shipped table does not know, so tests of the center's rows stay apart."""

from __future__ import annotations

import random

from antifraud.identifiers import luhn_check_digit
from antifraud.identifiers.bankcards import lookup_bin


def card_under(prefix: str, rng: random.Random, length: int = 19) -> str:
    """A Luhn-valid card number starting with the prefix."""
    body = prefix + "".join(str(rng.randrange(10)) for _ in range(length - len(prefix) - 1))
    return body + luhn_check_digit(body)


def unknown_prefix(rng: random.Random) -> str:
    """A fresh 6-digit prefix (68xxxx, a range no Chinese bank issues) nothing in the table covers."""
    while True:
        prefix = f"68{rng.randrange(10_000):04d}"
        if lookup_bin(card_under(prefix, rng)) is None:
            return prefix
