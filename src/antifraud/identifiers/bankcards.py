"""Bank cards (银行卡): Luhn check and issuing bank by BIN, from the shipped table ``data/bins.csv``
(built by ``antifraud.lab.bins.build_table``) under the center's own rows (imported or learned)."""

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


CARD_TYPES = ("debit", "credit", "semi_credit", "prepaid")
MIN_BIN, MAX_BIN = 6, 10


@dataclass(frozen=True)
class BinEntry:
    """One row of the BIN table: a card-number prefix and the bank that issues it.

    ``bank_code`` is empty for an issuer without a code here (most city and rural banks); ``source``
    says where the row came from: the public lists that agree on it, joined by ``+`` (``curated``,
    ``cardbin-1.0.0``, ``datawise-1.0.12``), or ``import`` or ``learned``.
    """

    bin: str
    length: int
    bank_code: str
    bank_name_zh: str
    bank_name_en: str
    card_type: str | None
    card_name: str = ""
    source: str = "curated"


@dataclass(frozen=True)
class BankCard:
    """A valid card number with its issuer; ``bank_name_zh`` is None when the BIN is unknown and
    ``bank_code`` is None also when the issuer has no code (it is then known by name only)."""

    number: str
    bank_code: str | None
    bank_name_zh: str | None
    bank_name_en: str | None
    card_type: str | None
    bin: str
    source: str | None = None


class _Index:
    """Prefix -> rows (one per card length), with the distinct prefix sizes longest first."""

    def __init__(self, entries: tuple[BinEntry, ...]) -> None:
        rows: dict[str, list[BinEntry]] = {}
        for entry in entries:
            rows.setdefault(entry.bin, []).append(entry)
        self.rows = {prefix: tuple(r) for prefix, r in rows.items()}
        self.sizes = tuple(sorted({len(p) for p in self.rows}, reverse=True))

    def find(self, number: str) -> BinEntry | None:
        """The row of the longest prefix of the number, preferring a row of the same length."""
        for size in self.sizes:
            rows = self.rows.get(number[:size])
            if rows:
                same_length = [row for row in rows if row.length == len(number)]
                return (same_length or list(rows))[0]
        return None


@cache
def bin_table() -> tuple[BinEntry, ...]:
    """Every row of the shipped BIN table, in file order."""
    text = resources.files("antifraud.identifiers").joinpath("data", "bins.csv").read_text("utf-8")
    return tuple(
        BinEntry(row["bin"], int(row["length"]), row["bank_code"], row["bank_name_zh"],
                 row["bank_name_en"], row["card_type"] or None, row.get("card_name") or "",
                 row.get("source") or "curated")
        for row in csv.DictReader(text.splitlines())
    )


@cache
def _shipped() -> _Index:
    return _Index(bin_table())


# The center's own rows (imported or learned), kept in the database and loaded by
# identifiers.service.refresh_overlay; swapped whole so readers never see half an update.
_overlay: dict[str, _Index] = {"rows": _Index(())}


def set_overlay(entries: tuple[BinEntry, ...]) -> None:
    """Replace the center's own BIN rows that take precedence over the shipped table."""
    _overlay["rows"] = _Index(entries)


def overlay_entries() -> tuple[BinEntry, ...]:
    """The center's own BIN rows now in force."""
    return tuple(e for rows in _overlay["rows"].rows.values() for e in rows)


@cache
def _banks() -> dict[str, tuple[str, str]]:
    """Bank code -> (Chinese name, English name), in table order."""
    return {e.bank_code: (e.bank_name_zh, e.bank_name_en) for e in bin_table() if e.bank_code}


def lookup_shipped(number: str) -> BinEntry | None:
    """The shipped table's row for a card number by longest-prefix match (the center's rows ignored)."""
    return _shipped().find(number)


def lookup_bin(number: str) -> BinEntry | None:
    """The row for a card number by longest-prefix match over the center's rows and the shipped table.

    A center's row wins over a shipped row of the same or a shorter prefix; a longer shipped prefix
    still wins, because it names a narrower range than the row the center gave.
    """
    own, shipped = _overlay["rows"].find(number), _shipped().find(number)
    if own is None or shipped is None:
        return own or shipped
    return shipped if len(shipped.bin) > len(own.bin) else own


def bins_for_bank(bank_code: str) -> list[tuple[str, int]]:
    """(BIN prefix, card length) pairs the bank issues, debit cards first; for making valid test cards.

    A BIN under which the table holds a longer BIN of another issuer (a city bank's 7-digit range
    inside a 6-digit one) is left out: a card made from it could belong to the other issuer."""
    table = bin_table()
    entries = [e for e in table if e.bank_code == bank_code and e.bank_code]
    if not entries:
        raise IdentifierError("bank_code", f"unknown bank code {bank_code!r}", "ident.unknown_bank",
                              org=bank_code)
    shadowed = {e.bin[:k] for e in table if e.bank_code != bank_code for k in range(1, len(e.bin))}
    entries = [e for e in entries if e.bin not in shadowed] or entries
    entries.sort(key=lambda e: e.card_type != "debit")
    return [(e.bin, e.length) for e in entries]


def _card_digits(raw: str, field: str) -> str:
    """Digits of a card number typed with spaces or dashes; reject anything else."""
    digits = strip_separators(clean(raw, field))
    if not is_ascii_digits(digits):
        raise IdentifierError(field, "card number must contain only digits", "ident.card_digits")
    if len(digits) < MIN_LENGTH:
        raise IdentifierError(field, f"card number is too short (needs {MIN_LENGTH} to {MAX_LENGTH} digits)", "ident.card_short", min=MIN_LENGTH, max=MAX_LENGTH)
    if len(digits) > MAX_LENGTH:
        raise IdentifierError(field, f"card number is too long (needs {MIN_LENGTH} to {MAX_LENGTH} digits)", "ident.card_long", min=MIN_LENGTH, max=MAX_LENGTH)
    if not luhn_valid(digits):
        raise IdentifierError(field, "card number fails the Luhn check; check for a mistyped digit", "ident.card_luhn")
    return digits


def parse_bank_card(raw: str, field: str = "bank_card") -> BankCard:
    """Validate a bank card number and find its issuing bank; an unknown BIN is valid but unroutable."""
    number = _card_digits(raw, field)
    entry = lookup_bin(number)
    if entry is None:
        return BankCard(number, None, None, None, None, number[:6])
    return BankCard(number, entry.bank_code or None, entry.bank_name_zh, entry.bank_name_en or None,
                    entry.card_type, entry.bin, entry.source)


#: Bank code -> (Chinese name, English name) for every bank in the BIN table.
BANKS: dict[str, tuple[str, str]] = dict(_banks())
