"""A client generated from /openapi.json meets the answers the API really gives."""

from __future__ import annotations

from antifraud.web.openapi import XLSX, ErrorOut

ERROR_REF = {"$ref": "#/components/schemas/ErrorOut"}


def _operations(api):  # type: ignore[no-untyped-def]
    spec = api.client.get("/openapi.json").json()
    return spec, [(m, p, op) for p, item in spec["paths"].items() if p.startswith("/api/v1")
                  for m, op in item.items()]


def test_every_error_is_documented_with_the_real_error_body(api) -> None:
    spec, operations = _operations(api)
    assert "HTTPValidationError" not in spec["components"]["schemas"]
    assert set(spec["components"]["schemas"]["ErrorOut"]["required"]) == {"detail", "message"}
    for method, path, op in operations:
        answers = op["responses"]
        assert "401" in answers, (method, path)
        if "{" in path:
            assert "404" in answers, (method, path)
        if any(s for s in op.get("security", []) if "OAuth2PasswordBearer" in s):
            assert "403" in answers, (method, path)
        for status, answer in answers.items():
            if status.startswith("4"):
                assert answer["content"] == {"application/json": {"schema": ERROR_REF}}, (method, path, status)


def test_state_changes_document_their_conflicts(api) -> None:
    spec, _ = _operations(api)
    for path in ("/api/v1/requests/{request_id}/ack", "/api/v1/requests/{request_id}/complete",
                 "/api/v1/warnings/{warning_id}/claim", "/api/v1/identifiers/{identifier_id}/route"):
        assert "409" in spec["paths"][path]["post"]["responses"], path


def test_the_trace_export_is_declared_as_xlsx(api) -> None:
    spec, _ = _operations(api)
    ok = spec["paths"]["/api/v1/cases/{case_id}/trace.xlsx"]["get"]["responses"]["200"]
    assert list(ok["content"]) == [XLSX]


def test_a_real_422_matches_the_documented_error_body(api, login) -> None:
    r = api.post("/cases", headers=login("call_taker"), json={"victim": {}, "loss_amount": "x"})
    assert r.status_code == 422
    body = ErrorOut.model_validate(r.json())
    assert {"victim.name", "loss_amount"} <= {d.field for d in body.detail}


def test_the_peer_warning_body_is_documented_though_read_after_the_token(api) -> None:
    spec, _ = _operations(api)
    body = spec["paths"]["/api/v1/peer/warnings"]["post"]["requestBody"]
    assert body["content"]["application/json"]["schema"] == {"$ref": "#/components/schemas/InboundWarningIn"}
    assert "InboundWarningIn" in spec["components"]["schemas"]
