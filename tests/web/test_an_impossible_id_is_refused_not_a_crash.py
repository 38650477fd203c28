"""A caller who sends an id no record can have (beyond the keys' range, zero, negative) is told so, never a crash."""

from __future__ import annotations

import re

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from antifraud.web.errors import install_error_handlers

BAD_IDS = (2**64, 2**63, 2**31, 10**30, 0, -1)  # ids are INTEGER keys: 32-bit on PostgreSQL


def _id_operations(api) -> list[tuple[str, str, str]]:  # type: ignore[no-untyped-def]
    """(method, path template, id parameter) of every API operation with an id in its path.

    A path with two ids (a case's attachment) is checked once per id, the other one set to 1.
    """
    spec = api.client.get("/openapi.json").json()
    found = []
    for path, item in spec["paths"].items():
        names = re.findall(r"{(\w+_id)}", path)
        for name in names:
            filled = path
            for other in names:
                filled = filled if other == name else filled.replace(f"{{{other}}}", "1")
            found += [(method, filled, name) for method in item if method in ("get", "post", "put", "delete")]
    return found


def test_there_are_id_endpoints_to_check(api) -> None:
    assert len(_id_operations(api)) >= 14


@pytest.mark.parametrize("bad", BAD_IDS)
def test_every_id_endpoint_refuses_an_impossible_id(api, login, bad: int) -> None:
    headers = login("admin")
    for method, path, name in _id_operations(api):
        r = api.client.request(method.upper(), path.replace(f"{{{name}}}", str(bad)), headers=headers, json={})
        assert r.status_code in (404, 422), (method, path, r.status_code, r.text)
        body = r.json()
        assert body["message"] and isinstance(body["detail"], list)
        if r.status_code == 422:
            assert name in {d["field"] for d in body["detail"]}, (path, body)


def test_the_largest_id_is_simply_not_found(api, login) -> None:
    # An administrator reads nearly everything; a partner's own work (campaign work) is read by the partner.
    readers = (login("admin"), login("carrier_liaison", "CMCC"))
    for method, path, name in _id_operations(api):
        if method == "get":
            url = path.replace(f"{{{name}}}", str(2**31 - 1))
            codes = [api.client.get(url, headers=headers).status_code for headers in readers]
            assert 404 in codes and set(codes) <= {403, 404}, (path, codes)


def test_a_number_the_database_cannot_hold_answers_422_not_500() -> None:
    app = FastAPI()
    install_error_handlers(app)

    @app.get("/boom")
    def boom() -> None:
        raise OverflowError("Python int too large to convert to SQLite INTEGER")

    r = TestClient(app).get("/boom")
    assert r.status_code == 422
    assert r.json()["detail"][0]["msg"] == "number out of range"
