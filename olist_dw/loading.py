"""The loader run against the local stack (the CLI's `load` and `replay`), its endpoints
read from the running processes, or inside a cluster, its endpoints read from the
environment (the chart's loader ConfigMap); its lineage written as OpenLineage events. The
wiring itself is the loader's composition root (services/loader/bootstrap.py)."""

from __future__ import annotations

import asyncio
import json
import os
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

from contracts.contexts import PUBLISHING_CONTEXTS
from olist_dw.lineage import emitting_lineage
from olist_dw.runtime.signing import service_token
from olist_dw.runtime.stack import Stack
from olist_dw.sources import source_from
from services.chassis.broker_permissions import LOADER
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

# set in a cluster (the chart's loader ConfigMap): the load talks to these, not to a local stack
REPORTING_URL_VARIABLE = "OLIST_DW_REPORTING_URL"
QUALITY_URL_VARIABLE = "OLIST_DW_QUALITY_URL"  # the gate; without it the marts follow every load
# in a cluster the loader's bearer token comes in here (a Secret); locally it is minted
TOKEN_VARIABLE = "OLIST_DW_TOKEN"


class TargetMisconfigured(RuntimeError):
    pass


@dataclass(frozen=True)
class LoadTarget:
    """Where a load goes: the services it talks to, where its lineage is written when no
    OpenLineage endpoint is configured, and the warehouse database its lineage names."""

    endpoints: LoaderEndpoints
    home: Path
    warehouse_url: str | None = None


def local_target(stack: Stack) -> LoadTarget:
    return LoadTarget(endpoints_of(stack), stack.home, stack.postgres.address())


def cluster_target(environ: Mapping[str, str]) -> LoadTarget | None:
    """The services named by `OLIST_DW_<CONTEXT>_URL`, `OLIST_DW_REPORTING_URL`,
    `OLIST_DW_QUALITY_URL` (optional: the gate) and `OLIST_DW_NATS_URL`; None when `OLIST_DW_REPORTING_URL` is not set (a local load)."""
    if REPORTING_URL_VARIABLE not in environ:
        return None
    names = {c: f"OLIST_DW_{c.upper()}_URL" for c in PUBLISHING_CONTEXTS}
    missing = [v for v in [*names.values(), "OLIST_DW_NATS_URL"] if not environ.get(v)]
    if missing:
        raise TargetMisconfigured(
            f"{REPORTING_URL_VARIABLE} is set, so the load runs against a cluster, "
            f"but {', '.join(missing)} {'is' if len(missing) == 1 else 'are'} not"
        )
    wait = float(environ.get("OLIST_DW_CONTEXT_WAIT_SECONDS", CONTEXT_WAIT_SECONDS))
    endpoints = LoaderEndpoints(
        contexts={c: environ[v] for c, v in names.items()},
        nats_url=environ["OLIST_DW_NATS_URL"],
        nats_tls_ca=environ.get("OLIST_DW_NATS_TLS_CA") or None,
        reporting_url=environ[REPORTING_URL_VARIABLE],
        warehouse_durable=DURABLE,
        context_wait_seconds=wait,
        token=environ.get(TOKEN_VARIABLE),
        quality_url=environ.get(QUALITY_URL_VARIABLE) or None,
    )
    home = Path(environ.get("OLIST_DW_HOME", "/tmp/olist-dw"))
    return LoadTarget(endpoints, home, environ.get("OLIST_DW_DATABASE_URL"))


def summary_record(summary: LoadSummary, request: LoadRequest) -> dict[str, object]:
    """The load's outcome for machines (the operator reads it as the Job's termination
    message, docs/operator.md): small, flat, stable names. `source_rows` counts each source
    row once; `rows_*` count deliveries, as the CLI's table does: a file that feeds two
    contexts (the orders: sales and fulfillment) counts once for each."""
    distinct_files = {f.totals.file: f.totals.rows for f in summary.files}
    return {
        "load_id": summary.load_id,
        "source_rows": sum(distinct_files.values()),
        "rows_read": summary.rows_read,
        "rows_accepted": sum(f.accepted for f in summary.files),
        "rows_rejected": summary.rejected,
        "events": summary.events,
        "seconds": round(summary.seconds.get("total", 0.0), 3),
        "window_from": request.window_from,
        "window_to": request.window_to,
        "quality_gate": summary.gate.outcome if summary.gate else None,
        "quality_score": summary.gate.score if summary.gate else None,
    }


def write_summary(path: Path, summary: LoadSummary, request: LoadRequest) -> None:
    path.write_text(json.dumps(summary_record(summary, request)) + "\n")


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
    request = load_request(window_from, window_to, load_id=load_id, batch_size=batch_size)
    return load_into(local_target(stack), source, request, progress)


def load_request(
    window_from: str | None = None,
    window_to: str | None = None,
    *,
    load_id: str | None = None,
    batch_size: int | None = None,
) -> LoadRequest:
    request = LoadRequest(load_id or new_load_id(), window_from, window_to)
    return replace(request, batch_size=batch_size) if batch_size else request


def load_into(
    target: LoadTarget,
    source: Path | str | SourcePort,
    request: LoadRequest,
    progress: Progress = lambda f, n: None,
) -> LoadSummary:
    return asyncio.run(_load(target, _source_port(source), request, progress))


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
        nats_url=stack.nats.url_as(LOADER),
        nats_tls_ca=stack.nats.tls_ca,
        reporting_url=stack.service_url("reporting"),
        warehouse_durable=DURABLE,
        context_wait_seconds=wait,
        token=service_token(stack.home, "loader"),
        quality_url=stack.service_url("quality"),
    )


async def _replay(
    stack: Stack, source: SourcePort, request: LoadRequest, step: timedelta
) -> ReplaySummary:
    return await bootstrap.replay(endpoints_of(stack), source, request, step)


async def _load(
    target: LoadTarget, source: SourcePort, request: LoadRequest, progress: Progress
) -> LoadSummary:
    emitter = OpenLineageEmitter.from_environment(target.home)

    def lineage(load_id: str, source: SourcePort, plan: Sequence[SourceFile]):
        return emitting_lineage(emitter, load_id, source, plan, warehouse_url=target.warehouse_url)

    return await bootstrap.load(target.endpoints, source, request, progress, lineage)
