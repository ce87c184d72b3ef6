"""Composition root of the loader: its use cases (load, replay) wired to the adapters that
reach the contexts' intake APIs (HTTP), the star schema's progress (JetStream) and, around
a load, whatever records its lineage. Where those live comes in as LoaderEndpoints: the
local runtime fills them from its processes (olist_dw/loading.py), a Kubernetes Job from
its settings."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Mapping, Sequence
from contextlib import AbstractAsyncContextManager, asynccontextmanager, nullcontext
from dataclasses import dataclass
from datetime import timedelta

from services.loader.adapters.http_gateway import CONTEXT_WAIT_SECONDS, HttpContextGateway
from services.loader.adapters.quality_gate import HttpQualityGate
from services.loader.adapters.warehouse_progress import JetStreamWarehouseProgress
from services.loader.application.load import (
    LoadRequest,
    LoadRun,
    LoadSummary,
    Progress,
    QualityGatePort,
    run_load,
)
from services.loader.application.ports import SourcePort
from services.loader.application.replay import ReplaySummary
from services.loader.application.replay import replay as replay_windows
from services.loader.domain.plan import LOAD_PLAN, SourceFile

# around a load: (load id, source, plan) -> a scope that records the load's lineage
LineageScope = Callable[
    [str, SourcePort, Sequence[SourceFile]], AbstractAsyncContextManager[LoadRun]
]


def no_lineage(
    load_id: str, source: SourcePort, plan: Sequence[SourceFile]
) -> nullcontext[LoadRun]:
    return nullcontext(LoadRun())


@dataclass(frozen=True)
class LoaderEndpoints:
    contexts: Mapping[str, str]  # context -> base URL of its intake API
    nats_url: str
    reporting_url: str  # the reporting service (mart refresh)
    warehouse_durable: str  # the star schema consumers' durable name
    context_wait_seconds: float = CONTEXT_WAIT_SECONDS
    token: str | None = None  # the loader's bearer token (role service)
    nats_tls_ca: str | None = None  # the authorities a tls:// NATS is verified against
    quality_url: str | None = None  # the quality service, whose gate judges each load

    def quality_gate(self) -> QualityGatePort | None:
        """None: no gate, the marts follow every load."""
        return HttpQualityGate(self.quality_url, self.token) if self.quality_url else None

    @property
    def plan(self) -> list[SourceFile]:
        return [source_file for source_file in LOAD_PLAN if source_file.context in self.contexts]


@asynccontextmanager
async def _connected(
    endpoints: LoaderEndpoints,
) -> AsyncIterator[tuple[HttpContextGateway, JetStreamWarehouseProgress]]:
    gateway = HttpContextGateway(
        endpoints.contexts, wait=endpoints.context_wait_seconds, token=endpoints.token
    )
    warehouse = JetStreamWarehouseProgress(
        endpoints.nats_url,
        endpoints.warehouse_durable,
        list(endpoints.contexts),
        endpoints.reporting_url,
        endpoints.token,
        endpoints.nats_tls_ca,
    )
    try:
        yield gateway, warehouse
    finally:
        await gateway.close()
        await warehouse.close()


async def load(
    endpoints: LoaderEndpoints,
    source: SourcePort,
    request: LoadRequest,
    progress: Progress = lambda f, n: None,
    lineage: LineageScope = no_lineage,
) -> LoadSummary:
    plan, quality = endpoints.plan, endpoints.quality_gate()
    async with _connected(endpoints) as (gateway, warehouse):
        async with lineage(request.load_id, source, plan) as run:
            summary = await run_load(request, source, gateway, warehouse, progress, plan, quality)
            run.gate = summary.gate
            return summary


async def replay(
    endpoints: LoaderEndpoints, source: SourcePort, request: LoadRequest, step: timedelta
) -> ReplaySummary:
    async with _connected(endpoints) as (gateway, warehouse):
        return await replay_windows(request, source, gateway, warehouse, endpoints.plan, step)
