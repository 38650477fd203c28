"""Card type and usual length of a BIN row, read from the product name public sources give."""

from __future__ import annotations

_SEMI_CREDIT = ("准贷记",)
_PREPAID = ("预付", "礼品卡", "购物卡", "储值")
_DEBIT = ("借记", "储蓄", "灵通", "一卡通", "IC卡", "社保", "学生资助", "保障卡")
_CREDIT = ("贷记", "信用", "VISA", "Visa", "万事达", "MasterCard", "Master", "JCB", "运通", "公务卡", "白金",
           "国际卡", "双币")


def card_type_of(product: str, bank_name: str = "", bin_: str = "") -> str:
    """debit, credit, semi_credit or prepaid from a product name such as 牡丹贷记卡 or 长城借记卡."""
    text = f"{bank_name} {product}"
    scheme_cobranded = bin_[:1] in ("3", "4", "5")
    if any(w in text for w in _SEMI_CREDIT):
        return "semi_credit"
    if any(w in text for w in _PREPAID):
        return "prepaid"
    # a Visa/Mastercard/JCB/Diners co-branded BIN of a Chinese bank is a credit card unless it says 借记
    if scheme_cobranded:
        return "debit" if "借记" in product else "credit"
    if any(w in product for w in _DEBIT):
        return "debit"
    if any(w in text for w in _CREDIT):
        return "credit"
    return "debit"


def usual_length(bin_: str, card_type: str) -> int:
    """The card length such a BIN usually has: UnionPay debit and prepaid 19, credit and schemes' cards 16."""
    if bin_.startswith("62") and card_type in ("debit", "prepaid"):
        return 19
    if bin_.startswith("6") and card_type == "debit":
        return 19
    return 16
