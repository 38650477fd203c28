"""Account and transaction ids on imported statements: cards, bank accounts, payment accounts (账户校验).

A statement names each side of a transfer by a card number (银行卡号), a bank account number
(对公/存折账号, digits without a card's check digit), a payment account (支付宝/微信/云闪付) or a
bank's internal id. Anything else — text with spaces or control characters, a formula, an id longer
than the store keeps — is refused with the column and the reason, so a bad row never reaches a trace
or an export.
"""

from __future__ import annotations

import re
from functools import lru_cache

from antifraud.identifiers import IdentifierError, parse_bank_card
from antifraud.identifiers.bankcards import lookup_bin
from antifraud.identifiers.payment_accounts import parse_payment_account

MAX_ID = 64  # the transfers table keeps 64 characters of an account or a transaction id
BANK_ACCOUNT_DIGITS = (6, 32)
_ID = re.compile(r"[0-9A-Za-z][0-9A-Za-z_.:/#-]*")
_PLATFORM = re.compile(r"(?i)(alipay|zfb|wechat|weixin|wx|wxpay|unionpay|ysf|支付宝|微信|云闪付|银联)\s*:")
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")


@lru_cache(maxsize=65_536)  # a statement names the same few cards on many rows
def check_account(value: str, column: str) -> str:
    """The account as stored, or ValueError("column: reason") when it is no known account format."""
    if not value:
        raise ValueError(f"{column}: missing")
    if not value.isprintable():
        raise ValueError(f"{column}: contains control characters")
    if len(value) > MAX_ID:
        raise ValueError(f"{column}: longer than {MAX_ID} characters")
    if value.isascii() and value.isdigit():
        return _check_number(value, column)
    if _PLATFORM.match(value) or _EMAIL.fullmatch(value):
        try:
            return parse_payment_account(value, column).value
        except IdentifierError as exc:
            raise ValueError(f"{column}: {exc.reason}") from None
    if not _ID.fullmatch(value):
        raise ValueError(f"{column}: {value[:20]!r} is not a card, bank account or payment account "
                         "(letters, digits and - _ . : / # only)")
    return value


def _check_number(digits: str, column: str) -> str:
    """A card number (a known BIN at its card length) must pass the Luhn check; bank accounts are 6-32 digits."""
    entry = lookup_bin(digits)
    if entry is not None and entry.length == len(digits):
        try:
            return parse_bank_card(digits, column).number
        except IdentifierError as exc:
            raise ValueError(f"{column}: {exc.reason}") from None
    low, high = BANK_ACCOUNT_DIGITS
    if not low <= len(digits) <= high:
        raise ValueError(f"{column}: {len(digits)} digits; a card or bank account has {low} to {high}")
    return digits


def check_txn_id(value: str, column: str = "txn_id") -> str:
    """A transaction id (交易流水号): letters, digits and - _ . : / #, at most 64 characters."""
    if len(value) > MAX_ID:
        raise ValueError(f"{column}: longer than {MAX_ID} characters")
    if not _ID.fullmatch(value):
        raise ValueError(f"{column}: {value[:20]!r} is not a transaction id "
                         "(letters, digits and - _ . : / # only)")
    return value
