"""Phone numbers (电话号码): validity, E.164, carrier and home location (归属地) via phonenumbers."""

from __future__ import annotations

import re
from dataclasses import dataclass

import phonenumbers
from phonenumbers import PhoneNumber, PhoneNumberFormat, PhoneNumberType, ValidationResult, carrier, geocoder

from antifraud.core.vocab import NUMBER_CARRIERS
from antifraud.identifiers._text import clean
from antifraud.identifiers.divisions import split_place
from antifraud.identifiers.errors import IdentifierError

#: Carrier code -> Chinese name.
CARRIERS: dict[str, str] = {c.code: c.name_zh for c in NUMBER_CARRIERS}

_CARRIER_BY_NAME: dict[str, str] = {name: c.code for c in NUMBER_CARRIERS for name in (c.name_en, c.name_zh)}

# Virtual-carrier (MVNO, 虚拟运营商) ranges and the network that hosts them.
_VIRTUAL_PREFIXES: dict[str, str] = {
    "1700": "CTCC", "1701": "CTCC", "1702": "CTCC",
    "1703": "CMCC", "1705": "CMCC", "1706": "CMCC",
    "1704": "CUCC", "1707": "CUCC", "1708": "CUCC", "1709": "CUCC", "171": "CUCC",
    "162": "CTCC", "165": "CMCC", "167": "CUCC",
}

# Mobile number segments (号段) by carrier, used only when phonenumbers has no carrier for a number.
_SEGMENTS: dict[str, tuple[str, ...]] = {
    "CMCC": ("134", "135", "136", "137", "138", "139", "147", "148", "150", "151", "152", "157", "158",
             "159", "172", "178", "182", "183", "184", "187", "188", "195", "197", "198"),
    "CUCC": ("130", "131", "132", "145", "146", "155", "156", "166", "175", "176", "185", "186", "196"),
    "CTCC": ("133", "149", "153", "173", "174", "177", "180", "181", "189", "190", "191", "193", "199"),
    "CBN": ("192",),
}

_ALLOWED = re.compile(r"^\(?\+?[\d\s\-().]+$")
_MOBILE_TYPES = (PhoneNumberType.MOBILE, PhoneNumberType.FIXED_LINE_OR_MOBILE)
_LENGTH_REASONS = {
    ValidationResult.TOO_SHORT: "phone number is too short",
    ValidationResult.IS_POSSIBLE_LOCAL_ONLY: "phone number is too short; include the area code",
    ValidationResult.INVALID_LENGTH: "phone number has the wrong number of digits",
    ValidationResult.TOO_LONG: "phone number is too long",
    ValidationResult.INVALID_COUNTRY_CODE: "unknown country calling code",
}
_LENGTH_CODES = {  # the message key of each reason above
    ValidationResult.TOO_SHORT: "ident.phone_short",
    ValidationResult.IS_POSSIBLE_LOCAL_ONLY: "ident.phone_local_only",
    ValidationResult.INVALID_LENGTH: "ident.phone_length",
    ValidationResult.TOO_LONG: "ident.phone_long",
    ValidationResult.INVALID_COUNTRY_CODE: "ident.phone_country",
}


@dataclass(frozen=True)
class PhoneInfo:
    """A valid phone number with its carrier and home location (归属地)."""

    e164: str
    national: str  # digits as dialled at home: 11 for CN mobiles, trunk 0 kept on landlines
    country_code: str  # ISO region, e.g. "CN", "PH"
    carrier_code: str | None
    carrier_name: str | None
    province: str | None
    city: str | None
    is_virtual_carrier: bool
    is_mobile: bool
    is_overseas: bool


def _parse(raw: str, field: str) -> PhoneNumber:
    """Parse with China as the default region; refuse letters and report length problems plainly."""
    text = clean(raw, field)
    if not _ALLOWED.match(text):
        raise IdentifierError(field, "phone number may contain only digits, spaces, dashes and a leading +", "ident.phone_chars")
    try:
        number = phonenumbers.parse(text, "CN")
    except phonenumbers.NumberParseException as exc:
        raise IdentifierError(field, "not a valid phone number", "ident.phone_invalid") from exc
    possible = phonenumbers.is_possible_number_with_reason(number)
    reason = _LENGTH_REASONS.get(possible)
    if reason:
        raise IdentifierError(field, reason, _LENGTH_CODES[possible])
    if not phonenumbers.is_valid_number(number):
        raise IdentifierError(field, "not a valid phone number", "ident.phone_invalid")
    return number


def _virtual_host(national: str) -> str | None:
    """Host carrier of a virtual-carrier number, or None when the number is not in an MVNO range."""
    for size in (4, 3):
        host = _VIRTUAL_PREFIXES.get(national[:size])
        if host:
            return host
    return None


def _segment_carrier(national: str) -> str | None:
    """Carrier by number segment, for numbers phonenumbers cannot name."""
    return next((code for code, segs in _SEGMENTS.items() if national[:3] in segs), None)


def _cn_carrier(number: PhoneNumber, national: str, mobile: bool) -> tuple[str | None, bool]:
    """(carrier code, is virtual) of a Chinese number; landlines have no carrier here."""
    if not mobile:
        return None, False
    host = _virtual_host(national)
    if host:
        return host, True
    code = _CARRIER_BY_NAME.get(carrier.name_for_number(number, "en"))
    return code or _segment_carrier(national), False


def _cn_info(number: PhoneNumber, e164: str, national: str, mobile: bool) -> PhoneInfo:
    """PhoneInfo for a mainland Chinese number."""
    code, virtual = _cn_carrier(number, national, mobile)
    province, city = split_place(geocoder.description_for_number(number, "zh"))
    return PhoneInfo(e164, national, "CN", code, CARRIERS.get(code) if code else None, province, city,
                     virtual, mobile, False)


def _overseas_info(number: PhoneNumber, e164: str, national: str, region: str, mobile: bool) -> PhoneInfo:
    """PhoneInfo for a number outside mainland China (Hong Kong, Macao and Taiwan included)."""
    name = carrier.name_for_number(number, "zh") or carrier.name_for_number(number, "en") or None
    return PhoneInfo(e164, national, region, None, name, None, None, False, mobile, True)


def parse_phone(raw: str, field: str = "phone") -> PhoneInfo:
    """Validate a phone number (mobile or landline, any country) and find its carrier and home location."""
    number = _parse(raw, field)
    e164 = phonenumbers.format_number(number, PhoneNumberFormat.E164)
    national = re.sub(r"\D", "", phonenumbers.format_number(number, PhoneNumberFormat.NATIONAL))
    region = phonenumbers.region_code_for_number(number) or "ZZ"
    mobile = phonenumbers.number_type(number) in _MOBILE_TYPES
    if region == "CN":
        return _cn_info(number, e164, national, mobile)
    return _overseas_info(number, e164, national, region, mobile)
