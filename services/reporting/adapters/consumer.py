"""JetStream wiring of the projection: decode a batch, apply it in one transaction."""
from __future__ import annotations

import asyncio
from collections.abc import Sequence

import psycopg
from nats.aio.msg import Msg
from nats.js import JetStreamContext
from sqlalchemy.exc import OperationalError
from tenacity import (
    retry,
    retry_if_exception,
    stop_after_attempt,
    wait_random_exponential,
)

from contracts.decoding import decode
from services.chassis.consumer import EventConsumer
from services.chassis.jetstream import stream_name
from services.chassis.settings import ServiceSettings
from services.reporting.application.projection import StarSchema, changes_from

DURABLE = "reporting-star-schema"


def _lock_conflict(error: BaseException) -> bool:
    """Replicas applying batches that touch the same rows: retry the whole batch."""
    return isinstance(error, OperationalError) and isinstance(
        error.orig, (psycopg.errors.DeadlockDetected, psycopg.errors.SerializationFailure))


def projection_consumers(star: StarSchema, js: JetStreamContext, settings: ServiceSettings,
                         contexts: Sequence[str]) -> list[EventConsumer]:
    one_writer = asyncio.Lock()  # batches of different streams touch the same rows
    apply_batch = retry(retry=retry_if_exception(_lock_conflict), stop=stop_after_attempt(5),
                        wait=wait_random_exponential(0.05, 2), reraise=True)(star.apply)

    async def apply(messages: Sequence[Msg]) -> None:
        changes = changes_from(decode(message.data) for message in messages)
        async with one_writer:
            await asyncio.to_thread(apply_batch, changes)

    return [EventConsumer(js, stream_name(context), DURABLE, apply, batch=settings.fetch_batch,
                          max_deliver=settings.max_deliver, ack_wait=settings.ack_wait_seconds)
            for context in contexts]
