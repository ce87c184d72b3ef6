"""JetStream wiring of the projection: decode a batch, apply it in one transaction."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence

from nats.js import JetStreamContext

from contracts.decoding import decode
from services.chassis.consumer import EventConsumer
from services.chassis.jetstream import stream_name
from services.chassis.settings import ServiceSettings
from services.reporting.application.projection import StarSchema, changes_from

DURABLE = "reporting-star-schema"


def projection_consumers(
    star: StarSchema, js: JetStreamContext, settings: ServiceSettings, contexts: Sequence[str]
) -> list[EventConsumer]:
    """One consumer per context stream; batches of different streams touch the same rows,
    so one writer applies at a time (replicas' lock conflicts are retried by the chassis)."""
    one_writer = asyncio.Lock()

    async def apply(envelopes: Sequence[bytes]) -> None:
        changes = changes_from(decode(envelope) for envelope in envelopes)
        async with one_writer:
            await asyncio.to_thread(star.apply, changes)

    return [
        EventConsumer(
            js,
            stream_name(context),
            DURABLE,
            apply,
            batch=settings.fetch_batch,
            max_deliver=settings.max_deliver,
            ack_wait=settings.ack_wait_seconds,
        )
        for context in contexts
    ]
