"""Money is Decimal yuan with two places, never float."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

CENT = Decimal("0.01")
ZERO = Decimal("0.00")


def to_money(value: object, field: str = "amount") -> Decimal:
    """Parse a yuan amount into a 2-place Decimal; raises ValueError naming the field."""
    if isinstance(value, float):
        value = repr(value)
    try:
        amount = Decimal(str(value).replace(",", "").replace("¥", "").replace("￥", "").strip())
    except (InvalidOperation, ValueError) as exc:
        raise ValueError(f"{field}: not a number") from exc
    if not amount.is_finite():
        raise ValueError(f"{field}: not a finite number")
    return amount.quantize(CENT, rounding=ROUND_HALF_UP)


def fmt_yuan(amount: Decimal | None) -> str:
    """Display form with thousands separators, e.g. ¥1,234.50."""
    return f"¥{(amount or ZERO):,.2f}"
