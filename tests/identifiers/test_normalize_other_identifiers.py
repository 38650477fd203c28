"""Normalising apps, devices and payment accounts, and dispatch by kind."""

import pytest

from antifraud.identifiers import KINDS, IdentifierError, normalize

from .helpers import luhn_complete


def test_kinds() -> None:
    assert KINDS == ("bank_card", "phone", "url", "ip", "app", "device", "payment_account")


def test_unknown_kind_is_an_error_on_the_kind_field() -> None:
    with pytest.raises(IdentifierError) as caught:
        normalize("fax", "123")
    assert caught.value.field == "kind"


def test_field_is_passed_through() -> None:
    with pytest.raises(IdentifierError) as caught:
        normalize("bank_card", "12", field="identifiers.3.value")
    assert caught.value.field == "identifiers.3.value"


def test_bank_card_attrs() -> None:
    norm = normalize("bank_card", luhn_complete("622848001234567890"))
    assert norm.attrs == {"bank_code": "ABC", "bank_name": "中国农业银行", "card_type": "debit"}


def test_phone_attrs() -> None:
    norm = normalize("phone", "170 0123 4567")
    assert norm.value == "+8617001234567"
    assert norm.attrs["carrier_code"] == "CTCC"
    assert norm.attrs["is_virtual_carrier"] is True
    assert norm.attrs["is_overseas"] is False
    assert set(norm.attrs) == {"carrier_code", "carrier_name", "province", "city", "country_code",
                               "is_virtual_carrier", "is_overseas"}


@pytest.mark.parametrize(("raw", "value", "is_package"), [
    ("  抖音　极速版 ", "抖音 极速版", False),
    ("ＡＢＣ 投资", "ABC 投资", False),
    ("com.fake.invest", "com.fake.invest", True),
])
def test_app_names(raw: str, value: str, is_package: bool) -> None:
    norm = normalize("app", raw)
    assert norm.value == value
    assert norm.attrs == {"is_package": is_package}


@pytest.mark.parametrize(("raw", "value", "id_type"), [
    ("35-209900-176148-1", "352099001761481", "imei"),
    ("6d92078a-8246-4ba4-ae5b-76104861e7dc", "6D92078A82464BA4AE5B76104861E7DC", "idfa"),
    ("9774d56d682e549c", "9774D56D682E549C", "android_id"),
    ("A1000012 3456 78", "A100001234567 8".replace(" ", ""), "meid"),
    ("3520990017614801", "3520990017614801", "imeisv"),
])
def test_device_ids(raw: str, value: str, id_type: str) -> None:
    norm = normalize("device", raw)
    assert norm.value == value
    assert norm.attrs == {"id_type": id_type}


@pytest.mark.parametrize(("raw", "reason"), [
    ("352099001761482", "Luhn"), ("abc", "too short"), ("设备号12345", "letters and digits"), ("", "empty"),
])
def test_bad_device_ids(raw: str, reason: str) -> None:
    with pytest.raises(IdentifierError, match=reason):
        normalize("device", raw)


@pytest.mark.parametrize(("raw", "value", "platform", "account_type"), [
    ("Alipay: Victim.Name@Example.COM ", "alipay:victim.name@example.com", "alipay", "email"),
    ("支付宝：138 1234 5678", "alipay:13812345678", "alipay", "phone"),
    ("wx:wxid_Abc123", "wechat:wxid_Abc123", "wechat", "id"),
    ("云闪付:6222 0212 3456 7890 128", "unionpay:6222021234567890128", "unionpay", "bank_card"),
    ("alipay:+852 9123 4567", "alipay:+85291234567", "alipay", "phone"),
    ("wx:1234567", "wechat:1234567", "wechat", "id"),
    ("someone@qq.com", "someone@qq.com", "other", "email"),
    ("paypal:buyer01", "paypal:buyer01", "other", "id"),
])
def test_payment_accounts(raw: str, value: str, platform: str, account_type: str) -> None:
    norm = normalize("payment_account", raw)
    assert norm.value == value
    assert norm.attrs == {"platform": platform, "account_type": account_type}


def test_multi_line_payment_account_is_refused() -> None:
    with pytest.raises(IdentifierError):
        normalize("payment_account", "alipay:a\nb")
