"""Involved identifiers (涉案要素): validate, normalise and enrich cards, phones, IDs, URLs, IPs and more.

Pure Python: no database, no web. Every bad value raises :class:`IdentifierError`.
"""

from antifraud.identifiers.bankcards import BANKS, BankCard, bins_for_bank, parse_bank_card
from antifraud.identifiers.divisions import JINHUA_DIVISIONS, Division, division_name
from antifraud.identifiers.errors import IdentifierError
from antifraud.identifiers.luhn import luhn_check_digit
from antifraud.identifiers.normalize import KINDS, NormalizedIdentifier, normalize
from antifraud.identifiers.phones import PhoneInfo, parse_phone
from antifraud.identifiers.resident_ids import ResidentId, parse_resident_id

__all__ = [
    "BANKS",
    "JINHUA_DIVISIONS",
    "KINDS",
    "BankCard",
    "Division",
    "IdentifierError",
    "NormalizedIdentifier",
    "PhoneInfo",
    "ResidentId",
    "bins_for_bank",
    "division_name",
    "luhn_check_digit",
    "normalize",
    "parse_bank_card",
    "parse_phone",
    "parse_resident_id",
]
