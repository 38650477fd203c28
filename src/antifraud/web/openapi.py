"""The OpenAPI document, told true: every error the API answers, in the shape it really has.

FastAPI documents only 422, with its own error schema. Our handlers (web/errors.py) answer one shape
for every error, and the statuses follow from what an operation takes: 401 wherever credentials are
read, 403 where a signed-in user's role is checked, 404 where a path names a record, 422 where there
is any input, 400 where a body may not even parse. Anything else an operation answers (409, 429,
a file instead of JSON) is declared on its route with the sets below.
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi
from pydantic import BaseModel, Field


class ErrorItem(BaseModel):
    """One reason a request was refused: the dotted field path (empty for the whole request) and why."""

    field: str = Field(description="dotted path of the offending field, e.g. `victim.phone`; empty if none")
    msg: str = Field(description="the reason, in English")
    code: str | None = Field(default=None, description="the reason's message key (e.g. `ident.rid_check_digit`), "
                             "present when the platform has one, for a client to say the reason in its language")
    params: dict[str, Any] | None = Field(default=None, description="the parameters of the message key")


class ErrorOut(BaseModel):
    """The body of every error answer."""

    detail: list[ErrorItem]
    message: str = Field(description="the reasons in one line, for people")


ERROR_REF = {"$ref": "#/components/schemas/ErrorOut"}
REASONS = {
    400: "The request cannot be taken as it is (e.g. a body that cannot be parsed)",
    401: "Missing, invalid or expired credentials",
    403: "The caller's role may not do this",
    404: "No such record, or not within the caller's organisation",
    409: "The record's current state does not allow this",
    422: "Invalid input: each entry names the field and the reason",
    429: "Too many requests; try again later",
}
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def error_responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """`responses=` for a route: these error statuses, with the real error body."""
    return {s: {"description": REASONS[s], "content": {"application/json": {"schema": ERROR_REF}}}
            for s in statuses}


def file_response(media_type: str, description: str) -> dict[int | str, dict[str, Any]]:
    """`responses=` for a route whose 200 is a file (binary body of that media type), not JSON."""
    return {200: {"description": description,
                  "content": {media_type: {"schema": {"type": "string", "format": "binary"}}}}}


CONFLICT = error_responses(409)


def _statuses(operation: dict[str, Any]) -> set[int]:
    """The error statuses an operation answers, read from what it takes and how it is secured."""
    statuses = {401}  # every API operation reads credentials: a token, a password, or a peer's token
    schemes = {name for requirement in operation.get("security", []) for name in requirement}
    if "OAuth2PasswordBearer" in schemes:  # a signed-in user, whose role is then checked
        statuses.add(403)
    parameters = operation.get("parameters", [])
    if any(p.get("in") == "path" for p in parameters):
        statuses.add(404)
    if parameters or "requestBody" in operation:
        statuses.add(422)
    if "requestBody" in operation:  # a body that cannot even be parsed (bytes that are not UTF-8 JSON)
        statuses.add(400)
    return statuses


def _document(operation: dict[str, Any]) -> None:
    """Add the operation's error statuses and give every 4xx the real error body (FastAPI's 422 too)."""
    responses = operation.setdefault("responses", {})
    for status, answer in error_responses(*sorted(_statuses(operation))).items():
        responses.setdefault(str(status), answer)
    for status, answer in responses.items():
        if status.startswith("4"):
            answer["content"] = {"application/json": {"schema": ERROR_REF}}
            answer["description"] = REASONS.get(int(status), answer.get("description", ""))


def _add_schemas(schema: dict[str, Any], models: tuple[type[BaseModel], ...]) -> None:
    components = schema.setdefault("components", {}).setdefault("schemas", {})
    for model in models:
        body = model.model_json_schema(ref_template="#/components/schemas/{model}")
        components.update(body.pop("$defs", {}))
        components[model.__name__] = body
    for unused in ("HTTPValidationError", "ValidationError"):
        components.pop(unused, None)


def install_openapi(app: FastAPI, prefix: str, extra_models: tuple[type[BaseModel], ...] = ()) -> None:
    """Make `app.openapi()` document the real error answers of every operation under `prefix`."""

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            schema = get_openapi(title=app.title, version=app.version, description=app.description,
                                 routes=app.routes)
            for path, item in schema["paths"].items():
                if path.startswith(prefix):
                    for operation in item.values():
                        _document(operation)
            _add_schemas(schema, (ErrorOut, *extra_models))
            app.openapi_schema = schema
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
