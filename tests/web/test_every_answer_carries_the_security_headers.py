"""Every answer carries the security headers; HSTS over TLS, forwarded headers only from trusted proxies."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from antifraud.settings import reset_settings


def _client(base_url: str = "http://testserver") -> TestClient:
    from antifraud.web.app import create_api

    return TestClient(create_api(), base_url=base_url)


@pytest.mark.parametrize("path", ["/healthz", "/api/v1/me", "/api/v1/nowhere", "/openapi.json"])
def test_every_answer_has_the_security_headers(path: str) -> None:
    with _client() as client:
        answer = client.get(path)
    assert answer.headers["x-frame-options"] == "DENY"
    assert answer.headers["x-content-type-options"] == "nosniff"
    assert answer.headers["referrer-policy"] == "same-origin"
    csp = answer.headers["content-security-policy"]
    assert "frame-ancestors 'none'" in csp and "default-src 'self'" in csp and "object-src 'none'" in csp
    assert "strict-transport-security" not in answer.headers


def test_hsts_over_tls() -> None:
    with _client("https://testserver") as client:
        assert client.get("/healthz").headers["strict-transport-security"].startswith("max-age=31536000")


@pytest.fixture
def trusted_proxy() -> Iterator[None]:
    """The platform believes forwarded headers from the test client's address."""
    os.environ["ANTIFRAUD_TRUSTED_PROXIES"] = "testclient"
    reset_settings()
    yield
    del os.environ["ANTIFRAUD_TRUSTED_PROXIES"]
    reset_settings()


def test_forwarded_proto_is_believed_only_from_a_trusted_proxy(trusted_proxy) -> None:
    with _client() as client:
        behind = client.get("/healthz", headers={"X-Forwarded-Proto": "https"})
    assert "strict-transport-security" in behind.headers


def test_forwarded_proto_from_anyone_else_is_ignored() -> None:
    with _client() as client:
        spoofed = client.get("/healthz", headers={"X-Forwarded-Proto": "https"})
    assert "strict-transport-security" not in spoofed.headers


def test_api_documentation_may_load_its_cdn_assets() -> None:
    with _client() as client:
        csp = client.get("/docs").headers["content-security-policy"]
    assert "https://cdn.jsdelivr.net" in csp and "frame-ancestors 'none'" in csp


@pytest.mark.logs_errors
def test_an_internal_error_answer_has_the_security_headers() -> None:
    from antifraud.web.app import create_api

    app = create_api()

    def broken() -> None:
        raise RuntimeError("a bug")

    app.add_api_route("/api/v1/broken", broken)
    with TestClient(app, raise_server_exceptions=False) as client:
        answer = client.get("/api/v1/broken")
    assert answer.status_code == 500
    assert answer.json()["message"] == "internal error; it has been logged"
    assert "a bug" not in answer.text
    assert answer.headers["x-frame-options"] == "DENY"
    assert answer.headers["x-content-type-options"] == "nosniff"
    assert "frame-ancestors 'none'" in answer.headers["content-security-policy"]
