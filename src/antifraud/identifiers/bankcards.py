"""Bank cards (银行卡): Luhn check and issuing bank by BIN from the shipped table ``data/bins.csv``."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from importlib import resources

from antifraud.identifiers._text import clean, is_ascii_digits, strip_separators
from antifraud.identifiers.errors import IdentifierError
from antifraud.identifiers.luhn import luhn_valid

MIN_LENGTH = 16
MAX_LENGTH = 19


@dataclass(frozen=True)
class BinEntry:
    """One row of the BIN table: a card-number prefix and the bank that issues it."""

    bin: str
    length: int
    bank_code: str
    bank_name_zh: str
    bank_name_en: str
    card_type: str | None


@dataclass(frozen=True)
class BankCard:
    """A valid card number with its issuing bank; ``bank_code`` is None when the BIN is unknown."""

    number: str
    bank_code: str | None
    bank_name_zh: str | None
    bank_name_en: str | None
    card_type: str | None
    bin: str


@cache
def bin_table() -> tuple[BinEntry, ...]:
    """Every row of the shipped BIN table, in file order."""
    text = resources.files("antifraud.identifiers").joinpath("data", "bins.csv").read_text("utf-8")
    return tuple(
        BinEntry(row["bin"], int(row["length"]), row["bank_code"], row["bank_name_zh"],
                 row["bank_name_en"], row["card_type"] or None)
        for row in csv.DictReader(text.splitlines())
    )


@cache
def _by_prefix() -> dict[str, tuple[BinEntry, ...]]:
    """BIN prefix -> its rows (one per card length)."""
    index: dict[str, list[BinEntry]] = {}
    for entry in bin_table():
        index.setdefault(entry.bin, []).append(entry)
    return {prefix: tuple(rows) for prefix, rows in index.items()}


@cache
def _prefix_lengths() -> tuple[int, ...]:
    """Distinct BIN lengths in the table, longest first."""
    return tuple(sorted({len(prefix) for prefix in _by_prefix()}, reverse=True))


@cache
def _banks() -> dict[str, tuple[str, str]]:
    """Bank code -> (Chinese name, English name), in table order."""
    return {e.bank_code: (e.bank_name_zh, e.bank_name_en) for e in bin_table()}


def lookup_bin(number: str) -> BinEntry | None:
    """The table row for a card number by longest-prefix match, preferring a row of the same length."""
    index = _by_prefix()
    for size in _prefix_lengths():
        rows = index.get(number[:size])
        if rows:
            same_length = [row for row in rows if row.length == len(number)]
            return (same_length or list(rows))[0]
    return None


def bins_for_bank(bank_code: str) -> list[tuple[str, int]]:
    """(BIN prefix, card length) pairs the bank issues, debit cards first; for making valid test cards."""
    entries = [e for e in bin_table() if e.bank_code == bank_code]
    if not entries:
        raise IdentifierError("bank_code", f"unknown bank code {bank_code!r}")
    entries.sort(key=lambda e: e.card_type != "debit")
    return [(e.bin, e.length) for e in entries]


def _card_digits(raw: str, field: str) -> str:
    """Digits of a card number typed with spaces or dashes; reject anything else."""
    digits = strip_separators(clean(raw, field))
    if not is_ascii_digits(digits):
        raise IdentifierError(field, "card number must contain only digits")
    if len(digits) < MIN_LENGTH:
        raise IdentifierError(field, f"card number is too short (needs {MIN_LENGTH} to {MAX_LENGTH} digits)")
    if len(digits) > MAX_LENGTH:
        raise IdentifierError(field, f"card number is too long (needs {MIN_LENGTH} to {MAX_LENGTH} digits)")
    if not luhn_valid(digits):
        raise IdentifierError(field, "card number fails the Luhn check; check for a mistyped digit")
    return digits


def parse_bank_card(raw: str, field: str = "bank_card") -> BankCard:
    """Validate a bank card number and find its issuing bank; an unknown BIN is valid but unroutable."""
    number = _card_digits(raw, field)
    entry = lookup_bin(number)
    if entry is None:
        return BankCard(number, None, None, None, None, number[:6])
    return BankCard(number, entry.bank_code, entry.bank_name_zh, entry.bank_name_en, entry.card_type, entry.bin)


#: Bank code -> (Chinese name, English name) for every bank in the BIN table.
BANKS: dict[str, tuple[str, str]] = dict(_banks())
