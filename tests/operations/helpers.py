"""Cases filed in chosen county bureaus, a cluster made of them, and an operation opened on it."""

from __future__ import annotations

import random
from typing import Any

from sqlalchemy import select

from antifraud.core.audit import AuditEntry
from antifraud.core.db import session_scope
from tests.factories import resident_id
from tests.linking.helpers import cluster_of, fresh_card, fresh_domain, fresh_phone, report

__all__ = [
    "audited",
    "beijing_phone",
    "file_in",
    "fresh_card",
    "fresh_domain",
    "fresh_phone",
    "jinhua_phone",
    "open_operation",
]
_rng = random.Random()


def jinhua_phone() -> str:
    """A mobile number whose home location (归属地) is Jinhua, no other test uses."""
    return "1395791" + f"{_rng.randrange(10_000):04d}"


def overseas_phone() -> str:
    """A Philippine mobile number (abroad) no other test uses."""
    return "+63917" + f"{_rng.randrange(10_000_000):07d}"


def beijing_phone() -> str:
    """A mobile number whose home location is Beijing."""
    return "1380013" + f"{_rng.randrange(10_000):04d}"


def file_in(api: Any, headers: dict[str, str], district: str, *suspects: tuple[str, str], **kw: Any) -> int:
    """File a report whose victim (a different person each time) lives in ``district``, so the case belongs to
    that county's bureau."""
    payload = report(*suspects, **kw)
    born = f"19{_rng.randrange(50, 99)}0{_rng.randrange(1, 10)}1{_rng.randrange(10)}"
    payload["victim"] = {**payload["victim"], "district_code": district, "phone": jinhua_phone(),
                         "id_number": resident_id(district, born, f"{_rng.randrange(1000):03d}")}
    r = api.post("/cases", headers=headers, json=payload)
    assert r.status_code == 201, r.text
    return int(r.json()["id"])


def open_operation(api: Any, commander: dict[str, str], clerk: dict[str, str], value: str,
                   name: str = "收网行动") -> dict[str, Any]:
    """Open an operation on the cluster holding ``value``; returns the operation."""
    cluster = cluster_of(api, clerk, value)
    assert cluster is not None
    r = api.post("/operations", headers=commander, json={"cluster_id": cluster["id"], "name": name})
    assert r.status_code == 201, r.text
    return dict(r.json())


def package_of(operation: dict[str, Any], county: str) -> dict[str, Any]:
    """The operation's package of one bureau."""
    return next(p for p in operation["package_list"] if p["county"] == county)


def audited(action: str, entity_id: int) -> list[dict[str, Any]]:
    """The details of the audit entries of an action on an entity."""
    with session_scope() as s:
        return [e.details for e in s.scalars(select(AuditEntry).where(
            AuditEntry.action == action, AuditEntry.entity_id == str(entity_id)))]
