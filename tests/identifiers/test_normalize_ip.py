"""Normalising an IP address seen in a case."""

import pytest

from antifraud.identifiers import IdentifierError, normalize


@pytest.mark.parametrize(("raw", "value", "version", "private"), [
    ("8.8.8.8", "8.8.8.8", 4, False),
    (" 192.168.1.10 ", "192.168.1.10", 4, True),
    ("010.001.002.003", "10.1.2.3", 4, True),
    ("８.８.４.４", "8.8.4.4", 4, False),
    ("2408:8456:0000:0000:0000:0000:0000:0001", "2408:8456::1", 6, False),
    ("[FE80::1]", "fe80::1", 6, True),
])
def test_addresses_are_compressed(raw: str, value: str, version: int, private: bool) -> None:
    norm = normalize("ip", raw)
    assert norm.value == value
    assert norm.attrs == {"version": version, "is_private": private}


@pytest.mark.parametrize("raw", ["256.1.1.1", "1.2.3", "1.2.3.4.5", "::g", "localhost", ""])
def test_garbage_is_refused(raw: str) -> None:
    with pytest.raises(IdentifierError):
        normalize("ip", raw)
