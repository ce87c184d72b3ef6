"""JetStream connection, streams, and publishing with bounded in-flight acks."""
from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass

import nats
from nats.aio.client import Client
from nats.js import JetStreamContext
from nats.js.api import DiscardPolicy, RetentionPolicy, StorageType, StreamConfig
from nats.js.errors import NotFoundError

log = logging.getLogger(__name__)

DEAD_LETTER_STREAM = "DEAD_LETTERS"
DEAD_LETTER_PREFIX = "dlq"
# Events are retained so that the star schema can be rebuilt from them (docs/adr/0004).
EVENT_RETENTION_SECONDS = 365 * 24 * 3600
# Within this window JetStream drops a message whose Nats-Msg-Id it has already stored.
DUPLICATE_WINDOW_SECONDS = 24 * 3600


@dataclass(frozen=True, slots=True)
class OutboundMessage:
    message_id: str
    subject: str
    body: bytes


async def connect(url: str, name: str) -> Client:
    return await nats.connect(
        url, name=name, max_reconnect_attempts=-1, reconnect_time_wait=0.5,
        connect_timeout=5, allow_reconnect=True,
    )


def stream_name(context: str) -> str:
    return context.upper()


async def ensure_stream(js: JetStreamContext, context: str) -> str:
    """One stream per context holding `<context>.>`; idempotent."""
    name = stream_name(context)
    config = StreamConfig(
        name=name, subjects=[f"{context}.>"], retention=RetentionPolicy.LIMITS,
        storage=StorageType.FILE, max_age=EVENT_RETENTION_SECONDS,
        duplicate_window=DUPLICATE_WINDOW_SECONDS, discard=DiscardPolicy.OLD,
    )
    await _add_or_update(js, config)
    return name


async def ensure_dead_letter_stream(js: JetStreamContext) -> None:
    await _add_or_update(js, StreamConfig(
        name=DEAD_LETTER_STREAM, subjects=[f"{DEAD_LETTER_PREFIX}.>"],
        storage=StorageType.FILE, max_age=EVENT_RETENTION_SECONDS,
    ))


async def _add_or_update(js: JetStreamContext, config: StreamConfig) -> None:
    try:
        await js.stream_info(config.name)
    except NotFoundError:
        await js.add_stream(config)
    else:
        await js.update_stream(config)


async def publish_all(js: JetStreamContext, messages: list[OutboundMessage],
                      timeout: float = 30.0) -> int:
    """Publish with many acks in flight (bounded by the context's pending limit).

    Returns how many JetStream reported as duplicates (already stored: a retry).
    Raises if any publish was not acknowledged in time, so the caller retries all of them.
    """
    futures = [
        await js.publish_async(m.subject, m.body, headers={"Nats-Msg-Id": m.message_id})
        for m in messages
    ]
    acks = await asyncio.wait_for(asyncio.gather(*futures), timeout)
    return sum(1 for ack in acks if ack.duplicate)
