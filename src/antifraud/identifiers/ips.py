"""IP addresses (IP地址): compressed canonical form, version and private-range flag."""

from __future__ import annotations

import ipaddress
import re
from dataclasses import dataclass

from antifraud.identifiers._text import clean
from antifraud.identifiers.errors import IdentifierError

_DOTTED_QUAD = re.compile(r"^\d{1,3}(?:\.\d{1,3}){3}$", re.ASCII)


@dataclass(frozen=True)
class IpInfo:
    """A valid IPv4 or IPv6 address."""

    address: str
    version: int
    is_private: bool


def parse_ip(raw: str, field: str = "ip") -> IpInfo:
    """Validate an IPv4/IPv6 address (brackets allowed) and give its compressed form."""
    text = clean(raw, field)
    if text.startswith("[") and text.endswith("]"):
        text = text[1:-1]
    if _DOTTED_QUAD.match(text):
        # Logs often pad octets ("010.001.002.003"); read them as decimal, as the logs mean.
        text = ".".join(str(int(octet)) for octet in text.split("."))
    try:
        address = ipaddress.ip_address(text)
    except ValueError as exc:
        raise IdentifierError(field, "not a valid IP address", "ident.ip_invalid") from exc
    return IpInfo(address.compressed, address.version, address.is_private)
