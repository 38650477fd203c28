"""Text is normalised before matching: the writing variations fraudsters use do not hide a cue."""

from __future__ import annotations

from antifraud.classifier.engine import default_classifier
from antifraud.classifier.normalize import NUM, PHONE, URL, normalize, readable


def _norm(text: str) -> str:
    return normalize(text, default_classifier().model.t2s)


def test_traditional_becomes_simplified() -> None:
    """Traditional characters map to simplified ones."""
    assert _norm("請把錢轉到安全賬戶") == "请把钱转到安全账户"


def test_full_width_and_case() -> None:
    """Full-width letters and digits become ASCII, upper case becomes lower case."""
    assert _norm("ＡＰＰ下载") == "app下载"


def test_spaced_out_characters_are_joined() -> None:
    """Spaces, dots and stars typed between characters are removed."""
    assert _norm("安 全 账 户") == "安全账户"
    assert _norm("公.安.局") == "公安局"
    assert _norm("资*金*核*查") == "资金核查"


def test_ordinary_punctuation_still_separates() -> None:
    """A comma between two words is a boundary, not an evasion."""
    assert _norm("张三、李四") == "张三 李四"


def test_numbers_links_and_masks_become_placeholders() -> None:
    """Phone numbers, other numbers, masks and links each become one placeholder."""
    assert _norm("尾号1234") == "尾号" + NUM
    assert _norm("尾号xxxx") == "尾号" + NUM
    assert _norm("尾号****") == "尾号" + NUM
    assert _norm("联系13812345678") == "联系" + PHONE
    assert _norm("点击 http://t.cn/Ab12 领取") == f"点击 {URL} 领取"
    assert _norm("点击[链接]领取") == f"点击{URL}领取"


def test_service_numbers_are_kept() -> None:
    """96110 and banks' 95xxx lines mean something; they are not masked."""
    assert "96110" in _norm("请拨打96110咨询")
    assert "95588" in _norm("详询95588")


def test_lookalike_spellings_are_folded() -> None:
    """薇信, vx and +V all read as 微信."""
    assert "微信" in _norm("加薇信领取")
    assert "加微信" in _norm("+V了解")


def test_readable_shows_placeholders() -> None:
    """Placeholders are shown as <URL>, <NUM> in cues."""
    assert readable(_norm("转账5000元到 www.abc.com")) == "转账<NUM>元到 <URL>"


def test_normalising_twice_changes_nothing() -> None:
    """Normalisation is idempotent."""
    for text in ("【工商银行】您尾号1234的卡", "安 全 账 户", "請加薇信 abc123", "  "):
        once = _norm(text)
        assert _norm(once) == once


def test_anonymisation_tokens_become_placeholders() -> None:
    """NAME, NUM, URL, <PHONE>, [LOC] … read like the values they stand for; English words are kept."""
    assert _norm("请转NUM元到URL") == _norm("请转5000元到http://a.cn")
    assert _norm("联系<PHONE>") == _norm("联系13812345678")
    assert readable(_norm("您好NAME先生，【LOC】")) == "您好<NAME>先生 <PLACE>"
    assert _norm("NUMBERS Name idea") == "numbers name idea"
