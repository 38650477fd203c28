"""Every error answers JSON naming the field and the reason; never a stack trace."""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from sqlalchemy.exc import DataError
from starlette.exceptions import HTTPException as StarletteHTTPException

from antifraud.core.errors import DomainError, Problem, TooManyAttempts
from antifraud.web.security import security_headers

log = logging.getLogger(__name__)


def _loc_to_field(loc: tuple[object, ...] | list[object]) -> str:
    parts = [str(p) for p in loc if p not in ("body", "query", "path", "form")]
    return ".".join(parts)


def _item(problem: Problem) -> dict[str, Any]:
    """One refused field as the API answers it; the message key and its parameters when there is one."""
    item: dict[str, Any] = {"field": problem.field, "msg": problem.msg}
    if problem.code:
        item["code"] = problem.code
        item["params"] = problem.params
    return item


def install_error_handlers(app: FastAPI) -> None:
    """Map domain errors, validation errors and crashes to JSON answers."""

    @app.exception_handler(DomainError)
    async def domain_error(_: Request, exc: DomainError) -> JSONResponse:
        detail = [_item(p) for p in exc.problems]
        headers = {"WWW-Authenticate": "Bearer"} if exc.status == 401 else None
        if isinstance(exc, TooManyAttempts):
            headers = {"Retry-After": str(exc.retry_after)}
        return JSONResponse({"detail": detail, "message": exc.message}, status_code=exc.status,
                            headers=headers)

    @app.exception_handler(RequestValidationError)
    async def validation_error(_: Request, exc: RequestValidationError) -> JSONResponse:
        detail = [{"field": _loc_to_field(e.get("loc", ())), "msg": e.get("msg", "invalid")}
                  for e in exc.errors()]
        message = "; ".join(f"{d['field']}: {d['msg']}" for d in detail)
        return JSONResponse({"detail": detail, "message": message}, status_code=422)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(_: Request, exc: StarletteHTTPException) -> JSONResponse:
        return JSONResponse({"detail": [{"field": "", "msg": str(exc.detail)}], "message": str(exc.detail)},
                            status_code=exc.status_code, headers=getattr(exc, "headers", None))

    @app.exception_handler(OverflowError)
    async def overflow(_: Request, exc: OverflowError) -> JSONResponse:
        # A number too large for the database (SQLite stops at 64 bits) is the caller's input, not a crash.
        log.warning("number out of range: %s", exc)
        return JSONResponse({"detail": [{"field": "", "msg": "number out of range"}],
                             "message": "a number in the request is out of range"}, status_code=422)

    @app.exception_handler(DataError)
    async def out_of_range(_: Request, exc: DataError) -> JSONResponse:
        # The database refused a value of the request (a number beyond its column's range, …).
        log.warning("value refused by the database: %s", exc.orig)
        return JSONResponse({"detail": [{"field": "", "msg": "value out of range"}],
                             "message": "a value in the request is out of range"}, status_code=422)

    @app.exception_handler(Exception)
    async def crash(request: Request, exc: Exception) -> JSONResponse:
        log.exception("unhandled error")
        # This handler answers from Starlette's outermost error middleware, outside the security
        # headers middleware, so the headers are set here.
        headers = {name.decode(): value.decode() for name, value in security_headers(request.scope)}
        return JSONResponse({"detail": [{"field": "", "msg": "internal error"}],
                             "message": "internal error; it has been logged"}, status_code=500,
                            headers=headers)
