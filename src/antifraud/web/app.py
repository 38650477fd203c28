"""Assemble the platform: the REST API under /api/v1, health, and the operators' UI on the same app."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from functools import partial
from typing import Any

import anyio.to_thread
from fastapi import APIRouter, FastAPI
from fastapi.responses import JSONResponse
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from antifraud.analytics import api as analytics_api
from antifraud.cases import api as cases_api
from antifraud.classifier import api as classify_api
from antifraud.core import longpoll
from antifraud.core.db import get_engine
from antifraud.desk import api as desk_api
from antifraud.dispatch import api as dispatch_api
from antifraud.jobs import api as jobs_api
from antifraud.linking import api as linking_api
from antifraud.operations import api as operations_api
from antifraud.orgs import api as orgs_api
from antifraud.prevention import api as prevention_api
from antifraud.settings import get_settings
from antifraud.tracing import api as tracing_api
from antifraud.warnings import api as warnings_api
from antifraud.warnings.schemas import InboundWarningIn
from antifraud.web import audit_api
from antifraud.web.errors import install_error_handlers
from antifraud.web.openapi import install_openapi
from antifraud.web.security import install_security

API_PREFIX = "/api/v1"


def create_api() -> FastAPI:
    """The FastAPI application with every API router and error handler."""
    app = FastAPI(title="Antifraud Center API", version="0.1.0",
                  description="Partner and operator API of the city anti-telecom-fraud center (反诈中心平台).")
    app.state.engine = get_engine()
    longpoll.listen(app.state.engine)  # PostgreSQL: hear other processes' commits before the first long-poll
    size_worker_threads(app)
    _load_bin_rows(app)
    install_error_handlers(app)
    install_security(app)
    from antifraud.cases.service import labelled_narratives
    from antifraud.classifier import registry

    # intake and the warnings read the registry's active text model; it learns from the case narratives
    registry.install(corpus_source=labelled_narratives)
    # the big screen shows the campaigns' figures; prevention reads analytics, so it is handed them here
    from antifraud.analytics import screen
    from antifraud.prevention import service as prevention

    screen.install(prevention=prevention.screen_figures, prevention_topic=prevention.TOPIC)
    api = APIRouter(prefix=API_PREFIX)
    for module in (orgs_api, cases_api, dispatch_api, tracing_api, warnings_api, desk_api, classify_api,
                   analytics_api, jobs_api, prevention_api, linking_api, audit_api, operations_api):
        api.include_router(module.router)
    app.include_router(api)
    install_openapi(app, API_PREFIX, extra_models=(InboundWarningIn,))

    @app.get("/healthz", tags=["health"], responses={503: {"description": "The database does not answer"}})
    def healthz() -> JSONResponse:
        """200 when the database answers, 503 otherwise."""
        try:
            with app.state.engine.connect() as conn:
                conn.execute(text("SELECT 1"))
        except SQLAlchemyError as exc:  # any database error means "not healthy"
            return JSONResponse({"status": "unavailable", "database": type(exc).__name__}, status_code=503)
        return JSONResponse({"status": "ok", "database": app.state.engine.dialect.name})

    return app


def size_worker_threads(app: FastAPI) -> None:
    """Run at most `worker_threads` sync handlers at once, the number the database pool is sized to."""
    previous = app.router.lifespan_context

    @asynccontextmanager
    async def lifespan(a: FastAPI) -> AsyncIterator[Any]:
        # The limiter belongs to the running event loop, so it can only be set once the loop runs.
        anyio.to_thread.current_default_thread_limiter().total_tokens = get_settings().worker_threads
        async with previous(a) as state:
            yield state

    app.router.lifespan_context = lifespan


def _load_bin_rows(app: FastAPI) -> None:
    """Put the center's own BIN rows over the shipped table before the first card is looked up."""
    from antifraud.core.db import session_scope
    from antifraud.identifiers.service import refresh_overlay

    try:
        with session_scope(app.state.engine) as session:
            refresh_overlay(session)
    except SQLAlchemyError:  # a database not yet migrated has no rows of its own
        return


def _is_simulated(app: FastAPI) -> bool:
    """Whether the database says its data comes from the simulator (the UI then says so)."""
    from antifraud.core.db import session_scope
    from antifraud.core.meta import get_meta

    try:
        with session_scope(app.state.engine) as session:
            return get_meta(session, "simulated") == "true"
    except SQLAlchemyError:  # a database without the table yet is simply not simulated
        return False


def register_pages() -> None:
    """Define every NiceGUI page (called once per UI instance)."""
    from antifraud.analytics import analysis_pages
    from antifraud.analytics import pages as analytics_pages
    from antifraud.cases import pages as cases_pages
    from antifraud.classifier import pages as classifier_pages
    from antifraud.desk import pages as desk_pages
    from antifraud.dispatch import pages as dispatch_pages
    from antifraud.dispatch import requests_page
    from antifraud.identifiers import pages as identifiers_pages
    from antifraud.linking import pages as linking_pages
    from antifraud.operations import pages as operations_pages
    from antifraud.orgs import pages as orgs_pages
    from antifraud.orgs.service import principal_for_token
    from antifraud.prevention import pages as prevention_pages
    from antifraud.tracing import pages as tracing_pages
    from antifraud.ui.session import use_sessions
    from antifraud.warnings import pages as warnings_pages
    from antifraud.web import admin_pages, audit_pages

    use_sessions(partial(principal_for_token, channel="ui"))
    for module in (orgs_pages, cases_pages, dispatch_pages, requests_page, tracing_pages, desk_pages, warnings_pages,
                   analytics_pages, analysis_pages, audit_pages, admin_pages, classifier_pages, identifiers_pages,
                   prevention_pages, linking_pages, operations_pages):
        module.register()


def start_workers(app: FastAPI) -> None:
    """Background work of a serving process: the outbox relay, the signal stream consumer, the job runner
    (with its scheduled ticks)."""
    from antifraud.core.outbox import OutboxRelay
    from antifraud.jobs.service import RUNNER
    from antifraud.warnings.stream import InProcessQueue, NatsConsumer

    relay = OutboxRelay(app.state.engine)
    bus = get_settings().signal_bus
    consumer: InProcessQueue | NatsConsumer = NatsConsumer(bus) if bus.startswith("nats") else InProcessQueue()
    app.state.signal_queue = consumer if isinstance(consumer, InProcessQueue) else None
    previous = app.router.lifespan_context

    @asynccontextmanager
    async def lifespan(a: FastAPI) -> AsyncIterator[Any]:
        relay.start()
        consumer.start()
        RUNNER.start(app.state.engine, schedule=True)  # also finishes jobs a stopped process left unfinished
        try:
            async with previous(a) as state:
                yield state
        finally:
            relay.stop()
            consumer.stop()
            RUNNER.stop()

    app.router.lifespan_context = lifespan


def create_app(with_ui: bool = True, with_workers: bool = True) -> FastAPI:
    """The whole platform: API plus, unless disabled, the operators' UI mounted on the same app."""
    app = create_api()
    if with_workers:
        start_workers(app)
    if with_ui:
        from nicegui import ui

        from antifraud.ui import layout as shared_ui

        shared_ui.SIMULATED["on"] = _is_simulated(app)
        register_pages()
        ui.run_with(app, title="反诈中心平台 Antifraud Center", storage_secret=get_settings().secret_key,
                    language="zh-CN", favicon="🛡️", show_welcome_message=False)
    return app
