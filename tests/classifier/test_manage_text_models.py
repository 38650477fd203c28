"""An administrator trains, uploads, compares, activates and rolls back fraud-type text models."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select, update

from antifraud.classifier import engine
from antifraud.classifier.models import ACTIVE, RETIRED, TextModel
from antifraud.classifier.training import fit
from antifraud.core.audit import AuditEntry
from antifraud.core.db import session_scope
from antifraud.lab.classifier.corpus import generate
from tests.factories import case_payload

TYPES = {"impersonate_authority": 12, "fake_loan": 12, "impersonate_acquaintance": 12}
AUTHORITY_TEXT = "我是市公安局民警，你的账户涉嫌洗钱，马上把钱转到安全账户配合调查，不要告诉家人"


@pytest.fixture
def shipped_after() -> Iterator[None]:
    """Whatever a test activates, the session's database and process go back to the shipped model."""
    yield
    with session_scope() as session:
        session.execute(update(TextModel).where(TextModel.status == ACTIVE).values(status=RETIRED))
    engine.reset_default()


@pytest.fixture(scope="module")
def cases_filed(api, login) -> None:  # type: ignore[no-untyped-def]
    """Narratives of three fraud types filed through intake, as a call-taker would."""
    headers = login("call_taker")
    samples = generate(31, TYPES)
    for s in samples:
        r = api.post("/cases", headers=headers, json=case_payload(fraud_type=s.label, narrative=s.text[:2000]))
        assert r.status_code == 201, r.text


@pytest.fixture(scope="module")
def api(database_url):  # type: ignore[no-untyped-def]
    from fastapi.testclient import TestClient

    from antifraud.web.app import create_api
    from tests.api_client import Api

    with TestClient(create_api()) as client:
        yield Api(client)


@pytest.fixture(scope="module")
def login(api):  # type: ignore[no-untyped-def]
    import uuid

    from antifraud.orgs.service import do_create_user

    def make(role: str) -> dict[str, str]:
        name = f"{role}-{uuid.uuid4().hex[:6]}"
        with session_scope() as session:
            do_create_user(session, name, "correct-horse-42", role, "JH")
        return api.as_user(name, "correct-horse-42")

    return make


def _actions(model_id: int) -> list[str]:
    with session_scope() as session:
        return list(session.scalars(select(AuditEntry.action).where(
            AuditEntry.entity_type == "text_model", AuditEntry.entity_id == str(model_id)).order_by(AuditEntry.id)))


def _upload(api, headers, tmp_path: Path, name: str = "uploaded") -> dict:  # type: ignore[no-untyped-def]
    samples = generate(32, {"none": 60, "impersonate_authority": 30, "fake_loan": 30})
    model = fit([s.text for s in samples], [s.label for s in samples])
    path = tmp_path / "m.npz"
    model.save(path)
    r = api.post("/text-models", headers=headers, data={"name": name},
                 files={"file": ("m.npz", path.read_bytes(), "application/octet-stream")})
    assert r.status_code == 201, r.text
    return r.json()


@pytest.mark.usefixtures("cases_filed", "shipped_after")
def test_round_trip(api, login, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Train on cases, upload, compare, activate (intake switches at once), roll back twice, then nothing left."""
    admin = login("admin")
    r = api.post("/text-models/train", headers=admin, json={"name": "our cases", "folds": 3})
    assert r.status_code == 201, r.text
    trained = r.json()
    assert trained["status"] == "candidate" and trained["source"] == "cases"
    assert trained["n_texts"] >= sum(TYPES.values()) and len(trained["data_sha256"]) == 64
    assert 0.0 < trained["metrics"]["macro_f1"] <= 1.0 and trained["metrics"]["folds"] == 3
    uploaded = _upload(api, admin, tmp_path)
    assert uploaded["source"] == "upload" and uploaded["size_bytes"] > 0

    r = api.post(f"/text-models/{trained['id']}/compare", headers=admin, json={"folds": 3})
    assert r.status_code == 200, r.text
    comparison = r.json()["comparison"]
    assert comparison["against"] == "shipped" and comparison["folds"] == 3
    assert len(comparison["candidate"]["per_fold_macro_f1"]) == len(comparison["active"]["per_fold_macro_f1"]) == 3
    assert comparison["data_sha256"] == trained["data_sha256"]

    r = api.post(f"/text-models/{uploaded['id']}/activate", headers=admin)
    assert r.status_code == 200 and r.json()["status"] == "active"
    assert engine.default_classifier().classes == ("fake_loan", "impersonate_authority", "none")
    r = api.post(f"/text-models/{trained['id']}/activate", headers=admin)
    assert r.json()["replaced_id"] == uploaded["id"]
    assert engine.default_classifier().gate is engine.shipped_classifier()
    assert api.post("/classify", headers=admin, json={"text": AUTHORITY_TEXT}).json()["fraud_type"] == \
        "impersonate_authority"
    cards = {c["id"]: c for c in api.get("/text-models", headers=admin).json()}
    assert cards[uploaded["id"]]["status"] == "retired" and cards[trained["id"]]["status"] == "active"

    r = api.post("/text-models/roll-back", headers=admin)
    assert r.status_code == 200 and r.json()["active"]["id"] == uploaded["id"]
    assert engine.default_classifier().classes == ("fake_loan", "impersonate_authority", "none")
    r = api.post("/text-models/roll-back", headers=admin)
    assert r.status_code == 200 and r.json()["active"] is None
    assert engine.default_classifier() is engine.shipped_classifier()
    r = api.post("/text-models/roll-back", headers=admin)
    assert r.status_code == 409

    assert _actions(trained["id"]) == ["text_model.cases", "text_model.compare", "text_model.activate",
                                       "text_model.roll_back"]
    assert _actions(uploaded["id"]) == ["text_model.upload", "text_model.activate", "text_model.roll_back"]
    r = api.get(f"/text-models/{trained['id']}/file", headers=admin)
    assert r.status_code == 200 and r.content[:2] == b"PK"


@pytest.mark.usefixtures("shipped_after")
def test_a_new_process_serves_the_active_model(api, login, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """After a restart the registry's active model is read from the database on first use."""
    admin = login("admin")
    uploaded = _upload(api, admin, tmp_path, "restart")
    assert api.post(f"/text-models/{uploaded['id']}/activate", headers=admin).status_code == 200
    engine.reset_default()          # what a fresh process starts with
    from antifraud.classifier import registry

    registry.install()
    assert engine.default_classifier().classes == ("fake_loan", "impersonate_authority", "none")


def test_bad_uploads_and_requests_are_named(api, login) -> None:  # type: ignore[no-untyped-def]
    """A file that is no model, an empty name, an unknown model: clear 4xx answers naming the field."""
    admin = login("admin")
    r = api.post("/text-models", headers=admin, data={"name": "junk"}, files={"file": ("x.npz", b"PK junk")})
    assert r.status_code == 422 and "file" in r.text
    r = api.post("/text-models", headers=admin, data={"name": "empty"}, files={"file": ("x.npz", b"")})
    assert r.status_code == 422 and "empty" in r.text
    assert api.post("/text-models/999999/activate", headers=admin).status_code == 404
    assert api.post("/text-models/train", headers=admin, json={"name": ""}).status_code == 422


def test_only_administrators_manage_models(api, login) -> None:  # type: ignore[no-untyped-def]
    """A call-taker may classify but not see or change the registry."""
    taker = login("call_taker")
    assert api.get("/text-models", headers=taker).status_code == 403
    assert api.post("/text-models/roll-back", headers=taker).status_code == 403
    assert api.post("/classify", headers=taker, json={"text": "你好"}).status_code == 200
