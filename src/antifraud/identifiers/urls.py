"""URLs and domains (网址/域名): canonical form and registrable domain, IDN hosts in punycode."""

from __future__ import annotations

import ipaddress
import re
from dataclasses import dataclass
from urllib.parse import SplitResult, quote, urlsplit, urlunsplit

from antifraud.identifiers._text import clean
from antifraud.identifiers.errors import IdentifierError

_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*://")
_LABEL = re.compile(r"^(?!-)[a-z0-9_\-]{1,63}(?<!-)$")
_TLD = re.compile(r"^(?:[a-z]{2,63}|xn--[a-z0-9\-]{1,59})$")
_DEFAULT_PORTS = {"http": 80, "https": 443, "ftp": 21}
_PATH_SAFE = "/%:@!$&'()*+,;=-._~"
_QUERY_SAFE = _PATH_SAFE + "?"
MAX_LENGTH = 4096

# Second-level suffixes under which names are registered (a small public-suffix list for this region).
_SHARED_SUFFIXES = frozenset({
    "com.cn", "net.cn", "org.cn", "gov.cn", "edu.cn", "ac.cn", "mil.cn",
    "zj.cn", "bj.cn", "sh.cn", "gd.cn", "js.cn", "fj.cn",
    "com.hk", "net.hk", "org.hk", "gov.hk", "edu.hk", "com.mo", "com.tw", "net.tw", "org.tw", "gov.tw",
    "com.sg", "com.my", "com.ph", "com.kh", "com.mm", "com.vn", "co.th", "in.th", "com.la",
    "co.jp", "ne.jp", "or.jp", "co.kr", "or.kr", "co.uk", "org.uk", "ac.uk", "gov.uk",
    "com.au", "net.au", "org.au", "co.nz", "com.br", "com.tr", "co.in", "co.id", "com.ru",
})


@dataclass(frozen=True)
class UrlInfo:
    """A canonical URL with its scheme, host and registrable domain."""

    url: str
    scheme: str
    host: str
    domain: str


def _split(raw: str, field: str) -> SplitResult:
    """Split a URL, adding http:// when no scheme was typed."""
    text = clean(raw, field)
    if len(text) > MAX_LENGTH:
        raise IdentifierError(field, "URL is too long", "ident.url_long")
    if any(ch.isspace() or not ch.isprintable() for ch in text):
        raise IdentifierError(field, "URL must not contain spaces or control characters", "ident.url_chars")
    if not _SCHEME.match(text):
        text = "http://" + text.lstrip("/")
    try:
        return urlsplit(text)
    except ValueError as exc:
        raise IdentifierError(field, "not a valid URL", "ident.url_invalid") from exc


def _ascii_host(host: str, field: str) -> str:
    """Lower-case ASCII (punycode) form of a host name; IP literals stay as they are."""
    if not host:
        raise IdentifierError(field, "URL has no host name", "ident.url_no_host")
    try:
        return ipaddress.ip_address(host).compressed
    except ValueError:
        pass
    try:
        ascii_host = host.rstrip(".").encode("idna").decode("ascii").lower()
        ascii_host.encode("ascii").decode("idna")  # rejects malformed xn-- labels
    except UnicodeError as exc:
        raise IdentifierError(field, "URL host is not a valid domain name", "ident.url_host") from exc
    _check_labels(ascii_host, field)
    return ascii_host


def _check_labels(host: str, field: str) -> None:
    """A domain needs at least two labels of letters, digits and hyphens, and an alphabetic top level."""
    labels = host.split(".")
    if len(host) > 253 or len(labels) < 2 or not all(_LABEL.match(label) for label in labels):
        raise IdentifierError(field, "URL host is not a valid domain name", "ident.url_host")
    if not _TLD.match(labels[-1]):
        raise IdentifierError(field, "URL host has no valid top-level domain", "ident.url_tld")


def registrable_domain(host: str) -> str:
    """The name a registrant owns (eTLD+1): www.icbc.com.cn -> icbc.com.cn; IPs are returned unchanged."""
    labels = host.split(".")
    if len(labels) < 2 or labels[-1].isdigit() or ":" in host:
        return host
    size = 3 if ".".join(labels[-2:]) in _SHARED_SUFFIXES else 2
    return ".".join(labels[-size:])


def _netloc(parts: SplitResult, scheme: str, host: str, field: str) -> str:
    """User info, host and port (default ports dropped), with IPv6 in brackets."""
    try:
        port = parts.port
    except ValueError as exc:
        raise IdentifierError(field, "URL port is invalid", "ident.url_port") from exc
    shown = f"[{host}]" if ":" in host else host
    if port is not None and port != _DEFAULT_PORTS.get(scheme):
        shown = f"{shown}:{port}"
    userinfo, at, _rest = parts.netloc.rpartition("@")
    return f"{userinfo}@{shown}" if at else shown


def parse_url(raw: str, field: str = "url") -> UrlInfo:
    """Canonicalise a URL: lower-case scheme and host, punycode IDN, http by default, no bare '/'."""
    parts = _split(raw, field)
    scheme = parts.scheme.lower()
    host = _ascii_host(parts.hostname or "", field)
    path = quote(parts.path, safe=_PATH_SAFE)
    query = quote(parts.query, safe=_QUERY_SAFE)
    fragment = quote(parts.fragment, safe=_QUERY_SAFE)
    if path == "/" and not query and not fragment:
        path = ""
    url = urlunsplit((scheme, _netloc(parts, scheme, host, field), path, query, fragment))
    return UrlInfo(url, scheme, host, registrable_domain(host))
