"""Normalising a URL reported in a case (phishing sites, fake investment platforms)."""

import pytest

from antifraud.identifiers import IdentifierError, normalize


@pytest.mark.parametrize(("raw", "value", "domain"), [
    ("HTTP://WWW.ICBC.COM.CN/", "http://www.icbc.com.cn", "icbc.com.cn"),
    ("www.Example.com", "http://www.example.com", "example.com"),
    ("https://pay.example.com:443/login?next=/a", "https://pay.example.com/login?next=/a", "example.com"),
    ("http://example.com:8080/x/", "http://example.com:8080/x/", "example.com"),
    ("例子.中国", "http://xn--fsqu00a.xn--fiqs8s", "xn--fsqu00a.xn--fiqs8s"),
    ("https://金华.中国/路径", "https://xn--xkrr86l.xn--fiqs8s/%E8%B7%AF%E5%BE%84", "xn--xkrr86l.xn--fiqs8s"),
    ("http://1.2.3.4/a", "http://1.2.3.4/a", "1.2.3.4"),
    ("http://[2001:DB8::1]/", "http://[2001:db8::1]", "2001:db8::1"),
    ("http://www.icbc.com.cn@evil.example.net/", "http://www.icbc.com.cn@evil.example.net", "example.net"),
])
def test_canonical_urls(raw: str, value: str, domain: str) -> None:
    norm = normalize("url", raw)
    assert norm.value == value
    assert norm.attrs["domain"] == domain


def test_attrs_give_scheme_and_host() -> None:
    norm = normalize("url", "HTTPS://Shop.Fake-Mall.com.cn/item")
    assert norm.attrs == {"domain": "fake-mall.com.cn", "host": "shop.fake-mall.com.cn", "scheme": "https"}


def test_punycode_and_unicode_forms_are_the_same_url() -> None:
    assert normalize("url", "http://例子.中国").value == normalize("url", "http://XN--FSQU00A.xn--fiqs8s").value


@pytest.mark.parametrize(("raw", "reason"), [
    ("garbage", "not a valid domain name"),
    ("http://", "no host name"),
    ("http://exa mple.com", "spaces"),
    ("http://example.123", "top-level domain"),
    ("http://a..b.com", "not a valid domain name"),
    ("http://example.com:99999/", "port"),
    ("http://[::1", "not a valid URL"),
    ("", "empty"),
])
def test_garbage_is_refused(raw: str, reason: str) -> None:
    with pytest.raises(IdentifierError) as caught:
        normalize("url", raw, field="url")
    assert reason in caught.value.reason
