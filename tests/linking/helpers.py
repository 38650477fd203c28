"""Reports whose suspects no other test names, filed through the API."""

from __future__ import annotations

import random
import uuid
from typing import Any

from tests.factories import card_of, case_payload

_rng = random.Random()


def fresh_card() -> str:
    """A valid card number no other test uses."""
    return card_of("ICBC", _rng)


def fresh_phone() -> str:
    """A mobile number no other test uses."""
    return "139" + "".join(str(_rng.randrange(10)) for _ in range(8))


def fresh_domain() -> str:
    """A registrable domain no other test uses."""
    return f"gang-{uuid.uuid4().hex[:10]}.com"


def report(*suspects: tuple[str, str], victim_card: str | None = None, **overrides: Any) -> dict[str, Any]:
    """An intake payload naming exactly these suspect identifiers (and, if given, the victim's card)."""
    identifiers = [{"kind": k, "value": v} for k, v in suspects]
    if victim_card:
        identifiers.append({"kind": "bank_card", "value": victim_card, "role": "victim"})
    return case_payload(identifiers=identifiers, **overrides)


def file(api: Any, headers: dict[str, str], *suspects: tuple[str, str], **kw: Any) -> int:
    """File a report and return its case id."""
    r = api.post("/cases", headers=headers, json=report(*suspects, **kw))
    assert r.status_code == 201, r.text
    return int(r.json()["id"])


def cluster_of(api: Any, headers: dict[str, str], case_no_or_value: str) -> dict[str, Any] | None:
    """The cluster the list finds for a case number or identifier, or None."""
    r = api.get("/clusters", headers=headers, params={"q": case_no_or_value})
    assert r.status_code == 200, r.text
    items = r.json()["items"]
    return items[0] if items else None
