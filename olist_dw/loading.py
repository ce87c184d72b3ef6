"""Wires the loader's use case to the running stack (the CLI's `load`)."""

from __future__ import annotations

import asyncio
import os
import uuid
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

from contracts.contexts import PUBLISHING_CONTEXTS
from olist_dw.lineage import emitting_lineage
from olist_dw.runtime.stack import Stack
from olist_dw.sources import source_from
from services.loader.adapters.http_gateway import CONTEXT_WAIT_SECONDS, HttpContextGateway
from services.loader.adapters.openlineage_emitter import OpenLineageEmitter
from services.loader.adapters.warehouse_progress import JetStreamWarehouseProgress
from services.loader.application.load import (
    LoadRequest,
    LoadSummary,
    Progress,
    run_load,
)
from services.loader.application.ports import SourcePort
from services.loader.application.replay import ReplaySummary
from services.loader.application.replay import replay as replay_windows
from services.loader.domain.plan import LOAD_PLAN
from services.reporting.adapters.consumer import DURABLE


def new_load_id() -> str:
    return f"load-{datetime.now(UTC):%Y%m%dT%H%M%S}-{uuid.uuid4().hex[:6]}"


def load(
    stack: Stack,
    source: Path | str | SourcePort,
    *,
    window_from: str | None = None,
    window_to: str | None = None,
    progress: Progress = lambda f, n: None,
    load_id: str | None = None,
    batch_size: int | None = None,
) -> LoadSummary:
    """`source`: a directory of the Olist CSVs, a `postgresql://` URL of a database holding
    them as tables (olist_dw.sources.source_from), or a SourcePort."""
    request = LoadRequest(load_id or new_load_id(), window_from, window_to)
    if batch_size:
        request = replace(request, batch_size=batch_size)
    return asyncio.run(_load(stack, _source_port(source), request, progress))


def _source_port(source: Path | str | SourcePort) -> SourcePort:
    return source_from(source) if isinstance(source, (str, Path)) else source


def replay(
    stack: Stack, source: Path | str | SourcePort, *, step_days: int = 1, load_id: str | None = None
) -> ReplaySummary:
    """The extract loaded as consecutive event-time windows of `step_days` days."""
    request = LoadRequest(load_id or new_load_id().replace("load-", "replay-"))
    return asyncio.run(_replay(stack, _source_port(source), request, timedelta(days=step_days)))


def _gateway(stack: Stack, contexts: list[str]) -> HttpContextGateway:
    wait = float(os.environ.get("OLIST_DW_CONTEXT_WAIT_SECONDS", CONTEXT_WAIT_SECONDS))
    return HttpContextGateway({name: stack.service_url(name) for name in contexts}, wait=wait)


def _contexts() -> list[str]:
    return list(PUBLISHING_CONTEXTS)


def _plan(contexts: list[str]):
    return [source_file for source_file in LOAD_PLAN if source_file.context in contexts]


async def _replay(
    stack: Stack, source: SourcePort, request: LoadRequest, step: timedelta
) -> ReplaySummary:
    contexts = _contexts()
    gateway = _gateway(stack, contexts)
    warehouse = JetStreamWarehouseProgress(
        stack.nats.url, DURABLE, contexts, stack.service_url("reporting")
    )
    try:
        return await replay_windows(request, source, gateway, warehouse, _plan(contexts), step)
    finally:
        await gateway.close()
        await warehouse.close()


async def _load(
    stack: Stack, source: SourcePort, request: LoadRequest, progress: Progress
) -> LoadSummary:
    contexts = _contexts()
    gateway = _gateway(stack, contexts)
    warehouse = JetStreamWarehouseProgress(
        stack.nats.url, DURABLE, contexts, stack.service_url("reporting")
    )
    plan = _plan(contexts)
    emitter = OpenLineageEmitter.from_environment(stack.home)
    try:
        async with emitting_lineage(
            emitter, request.load_id, source, plan, warehouse_url=stack.database_url()
        ):
            return await run_load(request, source, gateway, warehouse, progress, plan)
    finally:
        await gateway.close()
        await warehouse.close()
