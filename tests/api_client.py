"""A thin helper around the real API app for tests."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient


class Api:
    """Signs in users and calls the API with their bearer tokens."""

    def __init__(self, client: TestClient) -> None:
        self.client = client

    def token(self, username: str, password: str) -> str:
        """Sign in and return the bearer token."""
        r = self.client.post("/api/v1/token", data={"username": username, "password": password})
        assert r.status_code == 200, r.text
        return r.json()["access_token"]

    def as_user(self, username: str, password: str) -> dict[str, str]:
        """Authorization headers for a user."""
        return {"Authorization": f"Bearer {self.token(username, password)}"}

    def get(self, path: str, headers: dict[str, str] | None = None, **kw: Any) -> Any:
        """GET under /api/v1."""
        return self.client.get(f"/api/v1{path}", headers=headers, **kw)

    def post(self, path: str, headers: dict[str, str] | None = None, **kw: Any) -> Any:
        """POST under /api/v1."""
        return self.client.post(f"/api/v1{path}", headers=headers, **kw)
