"""Builders for valid test identifiers, written independently of the code under test."""

from __future__ import annotations

_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)


def luhn_complete(partial: str) -> str:
    """Append the Luhn check digit (computed here, not by the package)."""
    total = 0
    for i, ch in enumerate(reversed(partial)):
        d = int(ch)
        if i % 2 == 0:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return partial + str(-total % 10)


def resident_id(division: str, born: str, sequence: str) -> str:
    """An 18-character resident ID with the right ISO 7064 MOD 11-2 check digit."""
    first17 = division + born + sequence
    total = sum(int(d) * w for d, w in zip(first17, _ID_WEIGHTS, strict=True))
    return first17 + "10X98765432"[total % 11]


def card_for(bin_prefix: str, length: int, fill: str = "0123456789012345678") -> str:
    """A Luhn-valid card number of ``length`` digits starting with the BIN."""
    body = (bin_prefix + fill)[: length - 1]
    return luhn_complete(body)
