"""Third-party payment accounts (第三方支付账户): Alipay, WeChat Pay, UnionPay and others."""

from __future__ import annotations

import re
from dataclasses import dataclass

from antifraud.identifiers._text import clean, collapse_whitespace
from antifraud.identifiers.errors import IdentifierError
from antifraud.identifiers.luhn import luhn_valid

# Prefixes people write before an account, by platform; matched case-insensitively before a colon.
_PLATFORM_PREFIXES: dict[str, str] = {
    "alipay": "alipay", "zfb": "alipay", "支付宝": "alipay",
    "wechat": "wechat", "weixin": "wechat", "wx": "wechat", "wxpay": "wechat", "微信": "wechat",
    "unionpay": "unionpay", "ysf": "unionpay", "云闪付": "unionpay", "银联": "unionpay",
}
_PREFIX = re.compile(r"^([^:\s]+)\s*:\s*(.+)$", re.DOTALL)
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_NUMBER_LIKE = re.compile(r"^\+?[0-9][0-9\s\-]{5,24}$")
_MOBILE = re.compile(r"^1[3-9][0-9]{9}$")
MIN_CARD, MAX_CARD = 16, 19
MAX_LENGTH = 128


@dataclass(frozen=True)
class PaymentAccount:
    """A payment account: the platform it is on and the account id there."""

    value: str
    platform: str
    account: str
    account_type: str


def _split_platform(text: str) -> tuple[str, str]:
    """(platform, account) from 'alipay:...' style text; platform 'other' when not recognisable."""
    match = _PREFIX.match(text)
    if match:
        platform = _PLATFORM_PREFIXES.get(match.group(1).lower())
        if platform:
            return platform, match.group(2).strip()
    return "other", text


def _tidy_account(account: str) -> tuple[str, str]:
    """(canonical account, type): e-mails lower-cased; phone and card numbers without separators."""
    if _EMAIL.match(account):
        return account.lower(), "email"
    if not _NUMBER_LIKE.match(account):
        return account, "id"
    digits = re.sub(r"[\s\-]", "", account)
    if _MOBILE.match(digits) or digits.startswith("+"):
        return digits, "phone"
    if MIN_CARD <= len(digits) <= MAX_CARD and luhn_valid(digits):
        return digits, "bank_card"
    return digits, "id"


def parse_payment_account(raw: str, field: str = "payment_account") -> PaymentAccount:
    """Normalise a payment account; a known prefix such as 'alipay:' or 'wx:' names the platform."""
    text = clean(raw, field)
    if any(ch.isspace() for ch in text.replace(" ", "")) or not text.isprintable():
        raise IdentifierError(field, "payment account must be on one line", "ident.account_lines")
    platform, account = _split_platform(collapse_whitespace(text))
    account, account_type = _tidy_account(account)
    if len(account) > MAX_LENGTH:
        raise IdentifierError(field, f"payment account is too long (at most {MAX_LENGTH} characters)", "ident.account_long", max=MAX_LENGTH)
    value = account if platform == "other" else f"{platform}:{account}"
    return PaymentAccount(value, platform, account, account_type)
