"""Generated calls over /openapi.json, as a police user and as a bank: no server error, no undocumented answer.

Every operation is called with inputs schemathesis derives from the document (valid and invalid), once
with a police administrator's token and once with a bank liaison's. `ANTIFRAUD_FUZZ_EXAMPLES` sets the
examples per operation (CI keeps the default short; benchmarks/bench_api_fuzzing.py runs a long pass).
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]
EXAMPLES = int(os.environ.get("ANTIFRAUD_FUZZ_EXAMPLES", "15"))
REPORT = os.environ.get("ANTIFRAUD_FUZZ_REPORT")  # where the long run collects its call counts
CALLS: dict[str, int] = {}


@pytest.fixture(scope="module")
def fuzz_app(database_url: str):  # type: ignore[no-untyped-def]
    """The real API on the test database (no UI, no background workers)."""
    from antifraud.web.app import create_api

    return create_api()


@pytest.fixture(scope="module")
def api_schema(fuzz_app):  # type: ignore[no-untyped-def]
    """The app's own OpenAPI document, loaded the way any client would."""
    return schemathesis.openapi.from_asgi("/openapi.json", fuzz_app)


@pytest.fixture(scope="module")
def identities(fuzz_app) -> dict[str, dict[str, str]]:  # type: ignore[no-untyped-def]
    """Authorization headers of a police administrator and of a bank liaison, with a case for them to find."""
    import uuid

    from fastapi.testclient import TestClient

    from antifraud.core.db import session_scope
    from antifraud.orgs.service import do_create_user
    from tests.factories import case_payload

    headers: dict[str, dict[str, str]] = {}
    client = TestClient(fuzz_app)
    for role, org in (("admin", "JH"), ("bank_liaison", "ICBC")):
        name = f"fuzz-{role}-{uuid.uuid4().hex[:6]}".replace("_", "-")
        with session_scope() as s:
            do_create_user(s, name, "correct-horse-42", role, org)
        token = client.post("/api/v1/token", data={"username": name, "password": "correct-horse-42"})
        headers[role] = {"Authorization": f"Bearer {token.json()['access_token']}"}
    caller = f"fuzz-call-taker-{uuid.uuid4().hex[:6]}"
    with session_scope() as s:
        do_create_user(s, caller, "correct-horse-42", "call_taker", "JH")
    token = client.post("/api/v1/token", data={"username": caller, "password": "correct-horse-42"}).json()
    assert client.post("/api/v1/cases", json=case_payload(),
                       headers={"Authorization": f"Bearer {token['access_token']}"}).status_code == 201
    return headers


def _fuzz(operation, mode, identities: dict[str, dict[str, str]]) -> str | None:  # type: ignore[no-untyped-def]
    """Run one operation's generated calls in one mode; the failure found, or None."""

    @given(case=operation.as_strategy(generation_mode=mode))
    # CI's short pass is the same every run; the long run (REPORT set) explores new inputs each time.
    @settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck), database=None,
              phases=[Phase.explicit, Phase.generate], derandomize=not REPORT)
    def run(case) -> None:  # type: ignore[no-untyped-def]
        for who, headers in identities.items():
            case.call_and_validate(headers=headers, checks=CHECKS)
            CALLS[who] = CALLS.get(who, 0) + 1

    try:
        run()
    except Unsatisfiable:  # an operation without inputs has no invalid ones to send
        return None
    except (Exception, BaseExceptionGroup) as exc:  # noqa: BLE001 - all failures are reported together below
        return f"{operation.label} ({mode.value}): {exc}"
    return None


def test_generated_calls_get_documented_answers(api_schema, identities) -> None:  # type: ignore[no-untyped-def]
    failures = []
    operations = [result.ok() for result in api_schema.get_all_operations()]
    assert len(operations) >= 30
    for operation in operations:
        for mode in (schemathesis.GenerationMode.POSITIVE, schemathesis.GenerationMode.NEGATIVE):
            failure = _fuzz(operation, mode, identities)
            if failure:
                failures.append(failure)
    assert not failures, "\n\n".join(failures)


def teardown_module() -> None:
    """Leave the call counts where the long run reads them."""
    if REPORT:
        Path(REPORT).write_text(json.dumps(CALLS))
