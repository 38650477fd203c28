"""Third-party payment accounts (第三方支付账户): Alipay, WeChat Pay, UnionPay and others."""

from __future__ import annotations

import re
from dataclasses import dataclass

from antifraud.identifiers._text import clean
from antifraud.identifiers.errors import IdentifierError

# Prefixes people write before an account, by platform; matched case-insensitively before a colon.
_PLATFORM_PREFIXES: dict[str, str] = {
    "alipay": "alipay", "zfb": "alipay", "支付宝": "alipay",
    "wechat": "wechat", "weixin": "wechat", "wx": "wechat", "wxpay": "wechat", "微信": "wechat",
    "unionpay": "unionpay", "ysf": "unionpay", "云闪付": "unionpay", "银联": "unionpay",
}
_PREFIX = re.compile(r"^([^:\s]+)\s*:\s*(.+)$", re.DOTALL)
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_PHONE_LIKE = re.compile(r"^\+?[\d\s\-]{7,20}$")
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
    """(canonical account, account type): e-mails lower-cased, phone numbers without separators."""
    if _EMAIL.match(account):
        return account.lower(), "email"
    if _PHONE_LIKE.match(account):
        return re.sub(r"[\s\-]", "", account), "phone"
    return account, "id"


def parse_payment_account(raw: str, field: str = "payment_account") -> PaymentAccount:
    """Normalise a payment account; a known prefix such as 'alipay:' or 'wx:' names the platform."""
    text = clean(raw, field)
    if len(text) > MAX_LENGTH:
        raise IdentifierError(field, f"payment account is too long (at most {MAX_LENGTH} characters)")
    if any(ch.isspace() for ch in text.replace(" ", "")) or not text.isprintable():
        raise IdentifierError(field, "payment account must be on one line")
    platform, account = _split_platform(text)
    account, account_type = _tidy_account(account)
    value = account if platform == "other" else f"{platform}:{account}"
    return PaymentAccount(value, platform, account, account_type)
