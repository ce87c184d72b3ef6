"""The loader run against the local stack (the CLI's `load` and `replay`): its endpoints
read from the running processes, its lineage written as OpenLineage events; the wiring
itself is the loader's composition root (services/loader/bootstrap.py)."""

from __future__ import annotations

import asyncio
import os
import uuid
from collections.abc import Sequence
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

from contracts.contexts import PUBLISHING_CONTEXTS
from olist_dw.lineage import emitting_lineage
from olist_dw.runtime.stack import Stack
from olist_dw.sources import source_from
from services.loader import bootstrap
from services.loader.adapters.http_gateway import CONTEXT_WAIT_SECONDS
from services.loader.adapters.openlineage_emitter import OpenLineageEmitter
from services.loader.application.load import (
    LoadRequest,
    LoadSummary,
    Progress,
)
from services.loader.application.ports import SourcePort
from services.loader.application.replay import ReplaySummary
from services.loader.bootstrap import LoaderEndpoints
from services.loader.domain.plan import SourceFile
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


def endpoints_of(stack: Stack) -> LoaderEndpoints:
    """Where the running stack's contexts, NATS and reporting service are."""
    wait = float(os.environ.get("OLIST_DW_CONTEXT_WAIT_SECONDS", CONTEXT_WAIT_SECONDS))
    return LoaderEndpoints(
        contexts={name: stack.service_url(name) for name in PUBLISHING_CONTEXTS},
        nats_url=stack.nats.url,
        reporting_url=stack.service_url("reporting"),
        warehouse_durable=DURABLE,
        context_wait_seconds=wait,
    )


async def _replay(
    stack: Stack, source: SourcePort, request: LoadRequest, step: timedelta
) -> ReplaySummary:
    return await bootstrap.replay(endpoints_of(stack), source, request, step)


async def _load(
    stack: Stack, source: SourcePort, request: LoadRequest, progress: Progress
) -> LoadSummary:
    emitter = OpenLineageEmitter.from_environment(stack.home)

    def lineage(load_id: str, source: SourcePort, plan: Sequence[SourceFile]):
        return emitting_lineage(emitter, load_id, source, plan, warehouse_url=stack.database_url())

    return await bootstrap.load(endpoints_of(stack), source, request, progress, lineage)
