"""Wires the loader's use case to the running stack (the CLI's `load`)."""
from __future__ import annotations

import asyncio
import uuid
from datetime import datetime, timezone
from pathlib import Path

from olist_dw.runtime.stack import SERVICES, Stack
from services.loader.domain.plan import LOAD_PLAN
from services.loader.adapters.csv_source import CsvDirectorySource
from services.loader.adapters.http_gateway import HttpContextGateway
from services.loader.adapters.warehouse_progress import JetStreamWarehouseProgress
from services.loader.application.load import LoadRequest, LoadSummary, Progress, run_load
from services.reporting.adapters.consumer import DURABLE


def new_load_id() -> str:
    return f"load-{datetime.now(timezone.utc):%Y%m%dT%H%M%S}-{uuid.uuid4().hex[:6]}"


def load(stack: Stack, source_dir: Path, *, window_from: str | None = None,
         window_to: str | None = None, progress: Progress = lambda f, n: None,
         load_id: str | None = None) -> LoadSummary:
    request = LoadRequest(load_id or new_load_id(), window_from, window_to)
    return asyncio.run(_load(stack, CsvDirectorySource(source_dir), request, progress))


async def _load(stack: Stack, source, request: LoadRequest, progress: Progress) -> LoadSummary:
    contexts = [name for name in SERVICES if name != "reporting"]
    gateway = HttpContextGateway({name: stack.service_url(name) for name in contexts})
    warehouse = JetStreamWarehouseProgress(stack.nats.url, DURABLE, contexts)
    plan = [source_file for source_file in LOAD_PLAN if source_file.context in contexts]
    try:
        return await run_load(request, source, gateway, warehouse, progress, plan)
    finally:
        await gateway.close()
        await warehouse.close()
