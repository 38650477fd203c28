"""Sign-in tests call from addresses of their own, so one test's failures never throttle another's."""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from tests.api_client import Api


@pytest.fixture
def client_from() -> Iterator:  # type: ignore[type-arg]
    """A test client of the real API calling from a given address."""
    from antifraud.web.app import create_api

    clients: list[TestClient] = []

    def make(address: str) -> TestClient:
        client = TestClient(create_api(), client=(address, 40000))
        clients.append(client.__enter__())
        return client

    yield make
    for c in clients:
        c.__exit__(None, None, None)


@pytest.fixture
def api(client_from) -> Api:  # type: ignore[no-untyped-def]
    """The real API behind a test client at an address no other test uses."""
    return Api(client_from(f"192.0.2.{uuid.uuid4().int % 250 + 1}-{uuid.uuid4().hex[:8]}"))
