"""How every service process starts: settings, migrations, JetStream, HTTP and workers."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

import uvicorn
from fastapi import APIRouter, FastAPI
from nats.js import JetStreamContext
from sqlalchemy import Engine

from services.chassis import audit, jetstream, logs
from services.chassis.auth.lockout import FailedAuthentications
from services.chassis.auth.tokens import TokenVerifier
from services.chassis.database import make_engine
from services.chassis.http import create_app
from services.chassis.migrations import CHASSIS_MIGRATIONS, migrate
from services.chassis.settings import ServiceSettings

log = logging.getLogger(__name__)


class Worker(Protocol):
    async def run(self, stop: asyncio.Event) -> None: ...


@dataclass
class Service:
    name: str
    schema: str
    migrations: Path
    routers: Callable[[Engine, ServiceSettings], Sequence[APIRouter]] = lambda engine, settings: ()
    workers: Callable[[Engine, JetStreamContext, ServiceSettings], Sequence[Worker]] = (
        lambda engine, js, settings: ()
    )
    owns_stream: bool = False
    # it consumes the contexts' streams and dead-letters what it cannot apply: it keeps the
    # dead-letter stream (no other service may touch it)
    consumes: bool = False
    # the chassis tables a context needs to import and publish: outbox, quarantine, scope
    has_imports: bool = False
    extra_schemas: dict[str, Path] = field(default_factory=dict)


def build_app(service: Service, settings: ServiceSettings) -> FastAPI:
    engine = make_engine(settings.database_url)
    state = {"ready": False}

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        folders = {service.name: service.migrations}
        if service.has_imports:
            folders["chassis"] = CHASSIS_MIGRATIONS
        applied = await asyncio.to_thread(migrate, engine, service.schema, folders)
        for schema, folder in service.extra_schemas.items():
            applied += await asyncio.to_thread(migrate, engine, schema, {service.name: folder})
        if applied:
            log.info("applied migrations %s", applied)
        client = await jetstream.connect(settings.nats_url, service.name, settings.nats_tls_ca)
        js = client.jetstream(publish_async_max_pending=settings.relay_max_in_flight)
        if service.consumes:
            await jetstream.ensure_dead_letter_stream(js, settings.stream_replicas)
        if service.owns_stream:
            await jetstream.ensure_stream(js, service.name, settings.stream_replicas)
        if service.name == jetstream.ERASURE_NOTICE_KEEPER:
            await jetstream.ensure_erasure_notice_stream(js, settings.stream_replicas)
        stop = asyncio.Event()
        tasks = [
            asyncio.create_task(worker.run(stop))
            for worker in service.workers(engine, js, settings)
        ]
        app.state.workers = tasks
        state["ready"] = True
        try:
            yield
        finally:
            state["ready"] = False
            stop.set()
            await asyncio.gather(*tasks, return_exceptions=True)
            await client.close()
            engine.dispose()

    verifier = TokenVerifier(settings.auth_jwks, settings.auth_issuer, settings.auth_audience)
    app = create_app(
        service.name,
        ready=lambda: state["ready"],
        verifier=verifier,
        failed_authentications=FailedAuthentications(
            settings.auth_failure_limit, settings.auth_failure_window_seconds
        ),
        max_request_bytes=settings.max_request_bytes,
        lifespan=lifespan,
    )
    app.state.audit = lambda actor, action, detail: audit.record(
        engine, f"{actor}@{service.name}", action, detail
    )
    for router in service.routers(engine, settings):
        app.include_router(router)
    return app


def run(service: Service) -> None:
    settings = ServiceSettings()  # type: ignore[call-arg]  # from OLIST_DW_* variables
    logs.configure(service.name, settings.log_level)
    uvicorn.run(
        build_app(service, settings),
        host=settings.http_host,
        port=settings.http_port,
        log_level=settings.log_level.lower(),
        access_log=False,
    )
