"""Invariants over generated input: idempotent normalisation, BIN round trips, only IdentifierError."""

from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import HealthCheck, given, reject, settings
from hypothesis import strategies as st

from antifraud.identifiers import (
    KINDS,
    IdentifierError,
    bins_for_bank,
    luhn_check_digit,
    normalize,
    parse_bank_card,
    parse_phone,
    parse_resident_id,
)
from antifraud.identifiers.bankcards import BANKS

from .helpers import resident_id

ROUTED_BANKS = ("ICBC", "ABC", "BOC", "CCB", "BOCOM", "CMB", "PSBC")
FAST = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.filter_too_much])

digits = st.text(alphabet="0123456789", min_size=0, max_size=20)
separator = st.sampled_from(["", " ", "-", "  "])


@st.composite
def cards(draw: st.DrawFn, banks: tuple[str, ...] = tuple(BANKS)) -> tuple[str, str]:
    """(bank code, card number) built the way the simulator builds them."""
    bank = draw(st.sampled_from(banks))
    bin_prefix, length = draw(st.sampled_from(bins_for_bank(bank)))
    body = bin_prefix + draw(st.text(alphabet="0123456789", min_size=length, max_size=length))
    body = body[: length - 1]
    return bank, body + luhn_check_digit(body)


@st.composite
def spaced(draw: st.DrawFn, text_strategy: st.SearchStrategy[str]) -> str:
    """Text with random separators between its characters."""
    text = draw(text_strategy)
    return "".join(ch + draw(separator) for ch in text).strip()


mobiles = st.builds(lambda p, rest: p + rest,
                    st.sampled_from(["138", "158", "130", "186", "133", "189", "170", "171", "192", "199"]),
                    st.text(alphabet="0123456789", min_size=8, max_size=8))
phones = st.one_of(
    spaced(mobiles),
    st.builds(lambda m: "+86 " + m, mobiles),
    st.builds(lambda rest: "0579-8" + rest, st.text(alphabet="0123456789", min_size=7, max_size=7)),
    st.builds(lambda rest: "+63 917 " + rest, st.text(alphabet="0123456789", min_size=7, max_size=7)),
)
labels = st.from_regex(r"[a-zA-Z0-9]([a-zA-Z0-9\-]{0,8}[a-zA-Z0-9])?", fullmatch=True)
hosts = st.builds(lambda parts, tld: ".".join([*parts, tld]),
                  st.lists(st.one_of(labels, st.sampled_from(["例子", "金华", "支付"])), min_size=1, max_size=3),
                  st.sampled_from(["com", "CN", "com.cn", "中国", "net", "xn--fiqs8s"]))
urls = st.builds(lambda scheme, host, path: scheme + host + path,
                 st.sampled_from(["", "http://", "HTTPS://", "https://user@"]), hosts,
                 st.sampled_from(["", "/", "/a/b", "/路径?q=1", "/x?y=%41#top", ":8443/p"]))
devices = st.one_of(
    st.from_regex(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}", fullmatch=True),
    st.from_regex(r"[0-9a-f]{16}", fullmatch=True),
    st.builds(lambda body: body + luhn_check_digit(body), st.text(alphabet="0123456789", min_size=14, max_size=14)),
    st.text(min_size=1, max_size=40),
)
accounts = st.builds(lambda prefix, account: prefix + account,
                     st.sampled_from(["", "alipay:", "Alipay : ", "wx:", "微信：", "云闪付:", "other:"]),
                     st.one_of(st.emails(), spaced(mobiles), st.text(min_size=1, max_size=30)))

RAW_BY_KIND: dict[str, st.SearchStrategy[str]] = {
    "bank_card": st.builds(lambda c: c[1], cards()),
    "phone": phones,
    "url": st.one_of(urls, st.text(max_size=40)),
    "ip": st.one_of(st.ip_addresses().map(str), st.ip_addresses(v=6).map(lambda a: a.exploded.upper())),
    "app": st.text(max_size=60),
    "device": devices,
    "payment_account": accounts,
}


@pytest.mark.parametrize("kind", KINDS)
def test_normalize_is_idempotent(kind: str) -> None:
    @FAST
    @given(RAW_BY_KIND[kind])
    def check(raw: str) -> None:
        try:
            first = normalize(kind, raw)
        except IdentifierError:
            reject()
        assert normalize(kind, first.value) == first

    check()


@FAST
@given(cards(ROUTED_BANKS))
def test_cards_built_from_a_banks_bins_resolve_to_that_bank(bank_and_card: tuple[str, str]) -> None:
    bank, number = bank_and_card
    assert parse_bank_card(number).bank_code == bank


@FAST
@given(cards())
def test_every_bank_in_the_table_round_trips(bank_and_card: tuple[str, str]) -> None:
    bank, number = bank_and_card
    assert parse_bank_card(number).bank_code == bank


@FAST
@given(st.sampled_from(["330702", "330782", "110101", "440300"]),
       st.one_of(st.dates().map(lambda d: f"{d.year:04d}{d.month:02d}{d.day:02d}"),
                 st.from_regex(r"(19|20)[0-9]{6}", fullmatch=True)),
       st.from_regex(r"[0-9]{3}", fullmatch=True))
def test_constructed_ids_parse_or_fail_cleanly(division: str, born: str, seq: str) -> None:
    try:
        rid = parse_resident_id(resident_id(division, born, seq))
    except IdentifierError as exc:
        assert exc.reason in {"invalid birth date", "birth date in the future"}
    else:
        assert rid.division_code == division
        assert rid.sex == ("M" if int(seq[-1]) % 2 else "F")


PARSERS: list[Callable[[str], Any]] = [
    parse_bank_card, parse_phone, parse_resident_id,
    *[lambda raw, kind=kind: normalize(kind, raw) for kind in KINDS],
]
anything = st.one_of(
    st.text(max_size=60),
    spaced(digits),
    st.text(alphabet="0123456789+-() xX:/.@[]%", max_size=40),
)


@settings(max_examples=150, deadline=None)
@given(anything)
def test_parsers_raise_only_identifier_error(raw: str) -> None:
    for parse in PARSERS:
        try:
            parse(raw)
        except IdentifierError:
            pass
