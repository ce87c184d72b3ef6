"""Rebuild the star schema from the events retained in JetStream (`olist-dw rebuild reporting`).

The reporting service is stopped, its schemas (`dw`, `mart`, `reporting`) are dropped and
recreated empty, its durable consumers are deleted so that they start again from each stream's first
retained event, and the service is started again: its migrations recreate the tables and
its consumers replay every event. Refused when a stream no longer holds its first event.
Runbook: docs/runbooks/rebuild.md.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Callable, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass, field

import psycopg
from nats.js import JetStreamContext
from nats.js.errors import NotFoundError
from psycopg import sql

from olist_dw.database import SERVICE_ROLES, bootstrap
from olist_dw.runtime.nats import NatsServer
from olist_dw.runtime.signing import service_token
from olist_dw.runtime.stack import Stack
from services.chassis import jetstream
from services.chassis.jetstream import EVENT_RETENTION_SECONDS, rewritten_messages, stream_name
from services.loader.adapters.warehouse_progress import JetStreamWarehouseProgress
from services.reporting.adapters.consumer import DURABLE
from services.reporting.adapters.warehouse_reads import row_counts
from services.reporting.application.projection import SUBSCRIBED_CONTEXTS

REPORTING = "reporting"
# dw (the star schema), mart (materialized marts), reporting (the marts' live definitions)
REPORTING_SCHEMAS = SERVICE_ROLES[REPORTING].schemas
# how long the drop waits for sessions (analysts' queries) that use the star schema
LOCK_TIMEOUT = "60s"

Pending = Callable[[int], None]


class RebuildRefused(RuntimeError):
    """The streams no longer hold every event: a rebuild would lose history."""


@dataclass(frozen=True)
class RebuildOutcome:
    seconds: float
    # messages (frames of events) each stream retained when the rebuild began, all replayed
    messages_per_stream: dict[str, int] = field(default_factory=dict)
    rows: dict[str, int] = field(default_factory=dict)

    @property
    def messages_replayed(self) -> int:
        return sum(self.messages_per_stream.values())


def rebuild_reporting(
    stack: Stack, *, timeout: float = 7200.0, pending: Pending = lambda count: None
) -> RebuildOutcome:
    """Replay every retained event into a new, empty star schema; wait until it is complete.

    Safe to run again after an interruption: whatever step failed, the reporting service
    is started again, and its idempotent projections converge to the same rows.
    """
    started = time.monotonic()
    retained = asyncio.run(_retained_messages(stack.nats, SUBSCRIBED_CONTEXTS))
    stack.stop_service(REPORTING)
    try:
        asyncio.run(_forget_positions(stack.nats, list(retained)))
        recreate_schemas(stack.database_url())
    finally:
        stack.start_service(REPORTING)
    contexts = [context for context in SUBSCRIBED_CONTEXTS if stream_name(context) in retained]
    asyncio.run(
        _wait_until_replayed(
            stack.nats.url,
            stack.service_url(REPORTING),
            service_token(stack.home, "rebuild"),
            contexts,
            timeout,
            pending,
        )
    )
    return RebuildOutcome(
        round(time.monotonic() - started, 2), retained, row_counts(stack.database_url())
    )


# --- JetStream ---------------------------------------------------------------------------
async def _retained_messages(nats_server: NatsServer, contexts: Sequence[str]) -> dict[str, int]:
    """Messages held per existing stream; refuses when one lost its first messages."""
    async with admin_jetstream(nats_server.url, nats_server.tls_ca) as js:
        retained, incomplete = {}, []
        for stream in map(stream_name, contexts):
            try:
                info = await js.stream_info(stream)
            except NotFoundError:
                continue  # the context never started: nothing to replay
            state = info.state
            # messages an erasure rewrote were published again: those are not lost
            if state.first_seq - 1 > rewritten_messages(info.config):
                incomplete.append(lost_messages(stream, state.first_seq))
            retained[stream] = state.messages
    if incomplete:
        raise RebuildRefused(refusal(incomplete))
    return retained


def lost_messages(stream: str, first_seq: int) -> str:
    gone = "message 1 is" if first_seq == 2 else f"messages 1 to {first_seq - 1:,} are"
    return f"{stream} starts at message {first_seq:,}: {gone} gone"


def refusal(incomplete: Sequence[str]) -> str:
    days = EVENT_RETENTION_SECONDS // 86400
    return (
        "refusing to rebuild the star schema: " + "; ".join(incomplete) + ". "
        f"They aged out of the stream (max_age {days} days) or were deleted, so a rebuild "
        "from JetStream would be incomplete. Nothing was changed: keep the current star "
        "schema (it still holds those events), or restore the streams' history from an "
        "archive and rebuild then; for the future, lengthen the streams' max_age or "
        "archive them (docs/runbooks/rebuild.md)."
    )


async def _forget_positions(nats_server: NatsServer, streams: Sequence[str]) -> None:
    """Delete the reporting consumers: recreated, they start from the first event."""
    async with admin_jetstream(nats_server.url, nats_server.tls_ca) as js:
        for stream in streams:
            try:
                await js.delete_consumer(stream, DURABLE)
            except NotFoundError:
                pass


async def _wait_until_replayed(
    url: str,
    reporting_url: str,
    token: str,
    contexts: Sequence[str],
    timeout: float,
    pending: Pending,
    poll: float = 0.25,
) -> None:
    """Done when every consumer has no pending and no unacknowledged event, twice in a row,
    and the marts were refreshed from the rebuilt star schema."""
    progress = JetStreamWarehouseProgress(url, DURABLE, contexts, reporting_url, token)
    deadline, quiet = time.monotonic() + timeout, 0
    try:
        while quiet < 2:
            if time.monotonic() > deadline:
                raise TimeoutError(
                    f"the star schema was not rebuilt within {timeout:.0f} s; "
                    "the reporting service goes on replaying (see its log)"
                )
            remaining = await progress.pending()
            pending(remaining)
            quiet = quiet + 1 if remaining == 0 else 0
            await asyncio.sleep(poll)
        await progress.refresh_marts()
    finally:
        await progress.close()


@asynccontextmanager
async def admin_jetstream(url: str, tls_ca: str | None = None) -> AsyncIterator[JetStreamContext]:
    """A short-lived admin connection to JetStream (rebuilds, restores)."""
    client = await jetstream.connect(
        url, "olist-dw admin", tls_ca, connect_timeout=5, max_reconnect_attempts=3
    )
    try:
        yield client.jetstream()
    finally:
        await client.close()


# --- PostgreSQL --------------------------------------------------------------------------
def recreate_schemas(admin_url: str) -> None:
    """Drop `dw` and `mart` with everything in them; recreate them empty, with their owner
    and the analysts' grants (the bootstrap is idempotent and creates missing schemas)."""
    schemas = sql.SQL(", ").join(map(sql.Identifier, REPORTING_SCHEMAS))
    with psycopg.connect(_plain(admin_url)) as connection:
        connection.execute(f"SET LOCAL lock_timeout = '{LOCK_TIMEOUT}'")
        connection.execute(sql.SQL("DROP SCHEMA IF EXISTS {} CASCADE").format(schemas))
    bootstrap(_plain(admin_url))


def _plain(url: str) -> str:
    return url.replace("postgresql+psycopg://", "postgresql://")
