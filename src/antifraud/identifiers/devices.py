"""Device identifiers (设备号): IMEI, MEID, IDFA/OAID and Android IDs, upper-case without separators."""

from __future__ import annotations

import re
from dataclasses import dataclass

from antifraud.identifiers._text import clean
from antifraud.identifiers.errors import IdentifierError
from antifraud.identifiers.luhn import luhn_valid

_SEPARATORS = re.compile(r"[\s\-:._/]+")
_ALNUM = re.compile(r"^[A-Z0-9]+$")
_HEX = re.compile(r"^[0-9A-F]+$")
MIN_LENGTH = 6
MAX_LENGTH = 64


@dataclass(frozen=True)
class DeviceId:
    """A device identifier and what kind of identifier it looks like."""

    value: str
    id_type: str


def _id_type(value: str, field: str) -> str:
    """Classify by length and alphabet; a 15-digit IMEI must pass the Luhn check."""
    if value.isdigit() and len(value) == 15:
        if not luhn_valid(value):
            raise IdentifierError(field, "IMEI fails the Luhn check; check for a mistyped digit", "ident.imei_luhn")
        return "imei"
    if value.isdigit() and len(value) == 16:
        return "imeisv"
    if _HEX.match(value):
        return {14: "meid", 16: "android_id", 32: "idfa"}.get(len(value), "other")
    return "other"


def parse_device(raw: str, field: str = "device") -> DeviceId:
    """Validate a device ID: letters and digits once separators are removed, IMEIs Luhn-checked."""
    value = _SEPARATORS.sub("", clean(raw, field)).upper()
    if not value.isascii() or not _ALNUM.match(value):
        raise IdentifierError(field, "device ID must contain only letters and digits", "ident.device_chars")
    if len(value) < MIN_LENGTH:
        raise IdentifierError(field, "device ID is too short", "ident.device_short")
    if len(value) > MAX_LENGTH:
        raise IdentifierError(field, "device ID is too long", "ident.device_long")
    return DeviceId(value, _id_type(value, field))
