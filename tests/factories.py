"""Valid test identifiers and report payloads, built with the platform's own identifier tools."""

from __future__ import annotations

import random
from datetime import datetime, timedelta
from typing import Any

from antifraud.core.clock import now
from antifraud.identifiers import bins_for_bank, luhn_check_digit

_rng = random.Random(20261125)


def card_of(bank_code: str, rng: random.Random = _rng) -> str:
    """A card number with a real BIN of the bank and a valid Luhn digit."""
    prefix, length = bins_for_bank(bank_code)[0]
    body = prefix + "".join(str(rng.randrange(10)) for _ in range(length - len(prefix) - 1))
    return body + luhn_check_digit(body)


def resident_id(division: str = "330782", birth: str = "19990315", seq: str = "123") -> str:
    """A resident ID number with the right GB 11643 check digit."""
    body = f"{division}{birth}{seq}"
    weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    total = sum(int(d) * w for d, w in zip(body, weights))
    return body + "10X98765432"[total % 11]


def case_payload(**overrides: Any) -> dict[str, Any]:
    """A complete, valid intake payload: ICBC card, a China Mobile number, a URL."""
    occurred: datetime = now() - timedelta(hours=2)
    payload: dict[str, Any] = {
        "victim": {"name": "张三", "phone": "13857901234", "id_number": resident_id(),
                   "occupation": "ecommerce", "education": "associate"},
        "fraud_type": "brushing_rebate",
        "loss_amount": "12800.50",
        "occurred_at": occurred.isoformat(),
        "narrative": "网上看到刷单兼职广告，按要求转账后对方失联。",
        "identifiers": [
            {"kind": "bank_card", "value": card_of("ICBC")},
            {"kind": "phone", "value": "13957912345"},
            {"kind": "url", "value": "http://shuadan-fanli.example.com/task"},
        ],
    }
    payload.update(overrides)
    return payload
