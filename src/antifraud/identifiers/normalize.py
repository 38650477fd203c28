"""One entry point for every kind of involved identifier (涉案要素): validate, normalise, enrich."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from antifraud.identifiers.apps import parse_app
from antifraud.identifiers.bankcards import parse_bank_card
from antifraud.identifiers.devices import parse_device
from antifraud.identifiers.errors import IdentifierError
from antifraud.identifiers.ips import parse_ip
from antifraud.identifiers.payment_accounts import parse_payment_account
from antifraud.identifiers.phones import parse_phone
from antifraud.identifiers.urls import parse_url

KINDS = ("bank_card", "phone", "url", "ip", "app", "device", "payment_account")

AttrValue = str | int | bool | None


@dataclass(frozen=True)
class NormalizedIdentifier:
    """An identifier in canonical form, with the attributes routing and linking need."""

    kind: str
    value: str
    attrs: dict[str, AttrValue]


def _bank_card(raw: str, field: str) -> NormalizedIdentifier:
    """Card number as digits only; attrs name the issuing bank (None when the BIN is unknown)."""
    card = parse_bank_card(raw, field)
    return NormalizedIdentifier("bank_card", card.number, {
        "bank_code": card.bank_code, "bank_name": card.bank_name_zh, "card_type": card.card_type})


def _phone(raw: str, field: str) -> NormalizedIdentifier:
    """Phone number in E.164; attrs give carrier and home location (归属地)."""
    info = parse_phone(raw, field)
    return NormalizedIdentifier("phone", info.e164, {
        "carrier_code": info.carrier_code, "carrier_name": info.carrier_name, "province": info.province,
        "city": info.city, "country_code": info.country_code, "is_virtual_carrier": info.is_virtual_carrier,
        "is_overseas": info.is_overseas})


def _url(raw: str, field: str) -> NormalizedIdentifier:
    """Canonical URL; attrs give the registrable domain, the full host and the scheme."""
    info = parse_url(raw, field)
    return NormalizedIdentifier("url", info.url, {"domain": info.domain, "host": info.host,
                                                  "scheme": info.scheme})


def _ip(raw: str, field: str) -> NormalizedIdentifier:
    """Compressed IP address; attrs give the version and whether it is in a private range."""
    info = parse_ip(raw, field)
    return NormalizedIdentifier("ip", info.address, {"version": info.version, "is_private": info.is_private})


def _app(raw: str, field: str) -> NormalizedIdentifier:
    """Tidied app name; attrs say whether it is a package id such as com.example.app."""
    info = parse_app(raw, field)
    return NormalizedIdentifier("app", info.name, {"is_package": info.is_package})


def _device(raw: str, field: str) -> NormalizedIdentifier:
    """Upper-case device ID without separators; attrs give its type (imei, idfa, android_id ...)."""
    info = parse_device(raw, field)
    return NormalizedIdentifier("device", info.value, {"id_type": info.id_type})


def _payment_account(raw: str, field: str) -> NormalizedIdentifier:
    """Payment account as 'platform:account' (bare account when the platform is unknown)."""
    info = parse_payment_account(raw, field)
    return NormalizedIdentifier("payment_account", info.value, {
        "platform": info.platform, "account_type": info.account_type})


_NORMALIZERS: dict[str, Callable[[str, str], NormalizedIdentifier]] = {
    "bank_card": _bank_card, "phone": _phone, "url": _url, "ip": _ip, "app": _app, "device": _device,
    "payment_account": _payment_account,
}


def normalize(kind: str, raw: str, field: str = "value") -> NormalizedIdentifier:
    """Validate and normalise an identifier of the given kind; bad values raise IdentifierError."""
    normalizer = _NORMALIZERS.get(kind)
    if normalizer is None:
        raise IdentifierError("kind", f"unknown identifier kind {kind!r}; expected one of {', '.join(KINDS)}",
                              "ident.unknown_kind", type=kind)
    return normalizer(raw, field)
