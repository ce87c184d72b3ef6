"""JetStream connection, streams, and publishing with bounded in-flight acks."""

from __future__ import annotations

import asyncio
import logging
import ssl
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import nats
import orjson
from nats.aio.client import Client
from nats.js import JetStreamContext
from nats.js.api import DiscardPolicy, RetentionPolicy, StorageType, StreamConfig
from nats.js.errors import NotFoundError

log = logging.getLogger(__name__)

DEAD_LETTER_STREAM = "DEAD_LETTERS"
DEAD_LETTER_PREFIX = "dlq"
# What a consumer adds to a message it dead-letters (consumer.py); a replay drops them again
# (dead_letters.py).
ERROR_HEADER = "Olist-Error"
ORIGINAL_SUBJECT_HEADER = "Olist-Original-Subject"
ORIGINAL_STREAM_HEADER = "Olist-Original-Stream"
CONSUMER_HEADER = "Olist-Consumer"
DELIVERIES_HEADER = "Olist-Deliveries"
DEAD_LETTER_HEADERS = (
    ERROR_HEADER,
    ORIGINAL_SUBJECT_HEADER,
    ORIGINAL_STREAM_HEADER,
    CONSUMER_HEADER,
    DELIVERIES_HEADER,
)
# Events are retained so that the star schema can be rebuilt from them (docs/adr/0004).
EVENT_RETENTION_SECONDS = 365 * 24 * 3600
# Within this window JetStream drops a message whose Nats-Msg-Id it has already stored.
DUPLICATE_WINDOW_SECONDS = 24 * 3600


@dataclass(frozen=True, slots=True)
class OutboundMessage:
    message_id: str
    subject: str
    body: bytes


# A message carries one or more envelopes of its subject, one per line (a frame): JSON as
# orjson writes it has no raw newline. A message of one envelope is that envelope.
ENVELOPE_SEPARATOR = b"\n"


def framed(message_id: str, subject: str, bodies: Sequence[bytes]) -> OutboundMessage:
    return OutboundMessage(message_id, subject, ENVELOPE_SEPARATOR.join(bodies))


def envelopes_in(data: bytes) -> list[bytes]:
    return data.split(ENVELOPE_SEPARATOR)


async def stored_envelopes(js: JetStreamContext, stream: str) -> list[bytes]:
    """Every envelope a stream holds, in order: one read per message, for checks and
    tools, not for the data path."""
    state = (await js.stream_info(stream)).state
    envelopes: list[bytes] = []
    for sequence in range(state.first_seq, state.last_seq + 1):
        try:
            envelopes.extend(envelopes_in((await js.get_msg(stream, sequence)).data or b""))
        except NotFoundError:
            continue  # deleted from the middle of the stream
    return envelopes


async def connect(url: str, name: str, tls_ca: str | None = None, **options: Any) -> Client:
    """A connection as the URL's user (services/chassis/broker_permissions.py), whose
    requests are answered on that user's own inbox; over TLS (`tls://`) verified against
    `tls_ca` (a PEM file of the authorities to trust; None: the system's)."""
    user = urlsplit(url).username
    if user:
        options.setdefault("inbox_prefix", inbox_prefix(user))
    if url.startswith("tls://"):
        options.setdefault("tls", ssl.create_default_context(cafile=tls_ca or None))
    # a service reconnects for ever; a command line tool may say otherwise in `options`
    reconnecting = {
        "max_reconnect_attempts": -1,
        "reconnect_time_wait": 0.5,
        "connect_timeout": 5,
        "allow_reconnect": True,
    }
    return await nats.connect(url, name=name, **{**reconnecting, **options})


def inbox_prefix(user: str) -> str:
    """Where a user's requests are answered: its own inbox, which no other user may read."""
    return f"_INBOX.{user}"


def stream_name(context: str) -> str:
    return context.upper()


async def ensure_stream(js: JetStreamContext, context: str, replicas: int = 1) -> str:
    """One stream per context holding `<context>.>`, stored on `replicas` servers of the
    JetStream cluster; idempotent (a start with other settings updates the stream)."""
    name = stream_name(context)
    config = StreamConfig(
        name=name,
        subjects=[f"{context}.>"],
        retention=RetentionPolicy.LIMITS,
        storage=StorageType.FILE,
        max_age=EVENT_RETENTION_SECONDS,
        duplicate_window=DUPLICATE_WINDOW_SECONDS,
        discard=DiscardPolicy.OLD,
        num_replicas=replicas,
    )
    await _add_or_update(js, config)
    return name


async def ensure_dead_letter_stream(js: JetStreamContext, replicas: int = 1) -> None:
    await _ensure_file_stream(
        js, DEAD_LETTER_STREAM, DEAD_LETTER_PREFIX, EVENT_RETENTION_SECONDS, replicas
    )


# Erasure notices to outside systems (contracts/privacy.py): kept only until every consumer
# on the stream has acknowledged them (interest retention; with no consumer, not at all),
# and at most 30 days, so the stream never holds an erased person's pseudonym for long.
ERASURE_NOTICE_STREAM = "PRIVACY"
ERASURE_NOTICE_PREFIX = "privacy"
ERASURE_NOTICE_SECONDS = 30 * 24 * 3600
ERASURE_NOTICE_KEEPER = "customer"  # the context people belong to makes the stream


async def ensure_erasure_notice_stream(js: JetStreamContext, replicas: int = 1) -> None:
    await _ensure_file_stream(
        js,
        ERASURE_NOTICE_STREAM,
        ERASURE_NOTICE_PREFIX,
        ERASURE_NOTICE_SECONDS,
        replicas,
        retention=RetentionPolicy.INTEREST,
        duplicate_window=DUPLICATE_WINDOW_SECONDS,
    )


async def _ensure_file_stream(
    js: JetStreamContext, name: str, prefix: str, max_age: int, replicas: int, **config: Any
) -> None:
    await _add_or_update(
        js,
        StreamConfig(
            name=name,
            subjects=[f"{prefix}.>"],
            storage=StorageType.FILE,
            max_age=max_age,
            num_replicas=replicas,
            **config,
        ),
    )


# How many of a stream's messages an erasure rewrote: each was published again, rewritten,
# and deleted, so a stream that starts later than message 1 lost no event for as many.
REWRITTEN_METADATA = "olist-dw-rewritten"


def rewritten_messages(config: StreamConfig) -> int:
    return int((config.metadata or {}).get(REWRITTEN_METADATA, "0"))


async def count_rewritten(js: JetStreamContext, stream: str, count: int) -> None:
    config = (await js.stream_info(stream)).config
    config.metadata = {
        **(config.metadata or {}),
        REWRITTEN_METADATA: str(rewritten_messages(config) + count),
    }
    await js.update_stream(config)


async def _add_or_update(js: JetStreamContext, config: StreamConfig) -> None:
    try:
        existing = (await js.stream_info(str(config.name))).config
    except NotFoundError:
        await js.add_stream(config)
    else:
        config.metadata = {**(existing.metadata or {}), **(config.metadata or {})}  # kept
        await js.update_stream(config)


async def publish_all(
    js: JetStreamContext, messages: list[OutboundMessage], timeout: float = 30.0, window: int = 4000
) -> int:
    """Publish with up to `window` acks in flight; returns how many JetStream reported as
    duplicates (already stored: a retry). Raises if any publish was refused or not
    acknowledged within `timeout` (the whole call), so the caller retries all of them (deduplicated by message id).

    Leaner than `publish_async` (which makes a future, a random token and a timed
    semaphore wait per message): one reply subscription per call, one counter.
    """
    if not messages:
        return 0
    client = js._nc  # the connection under the context: nats-py has no public accessor
    acks = _Acks(len(messages), window)
    inbox = client.new_inbox()
    subscription = await client.subscribe(
        f"{inbox}.*", cb=acks.receive, pending_msgs_limit=len(messages) + 1
    )
    try:
        # one deadline for the whole call: acks lost to a broker restart must not leave
        # the publisher waiting for room in its window for ever
        async with asyncio.timeout(timeout):
            for number, message in enumerate(messages):
                await acks.room()
                await client.publish(
                    message.subject,
                    message.body,
                    reply=f"{inbox}.{number}",
                    headers={"Nats-Msg-Id": message.message_id},
                )
            await acks.all_received.wait()
    finally:
        await subscription.unsubscribe()
    if acks.refusals:
        raise PublishRefused(
            f"{len(acks.refusals)} of {len(messages)} refused, first: {acks.refusals[0]}"
        )
    return acks.duplicates


class PublishRefused(RuntimeError):
    """JetStream answered a publish with an error (or nobody stores its subject)."""


class _Acks:
    def __init__(self, expected: int, window: int) -> None:
        self._expected, self._window = expected, window
        self._sent = self._received = 0
        self.duplicates = 0
        self.refusals: list[str] = []
        self.all_received = asyncio.Event()
        self._has_room = asyncio.Event()

    async def room(self) -> None:
        if self._sent - self._received >= self._window:
            self._has_room.clear()
            await self._has_room.wait()
        self._sent += 1

    async def receive(self, message) -> None:
        self._received += 1
        if not message.data:  # a status message: 503 no responders
            self.refusals.append(f"status {(message.headers or {}).get('Status', '?')}")
        else:
            ack = orjson.loads(message.data)
            if "error" in ack:
                self.refusals.append(ack["error"].get("description", str(ack["error"])))
            elif ack.get("duplicate"):
                self.duplicates += 1
        if self._sent - self._received <= self._window // 2:
            self._has_room.set()
        if self._received >= self._expected:
            self.all_received.set()
