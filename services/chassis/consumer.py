"""Durable pull consumer: batches, explicit acks after the handler committed, bounded
redelivery, and a dead-letter stream for poison events."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Sequence
from contextlib import suppress

from nats.aio.msg import Msg
from nats.errors import TimeoutError as NatsTimeout
from nats.js import JetStreamContext
from nats.js.api import AckPolicy, ConsumerConfig, DeliverPolicy
from tenacity import AsyncRetrying, RetryCallState, retry_if_exception, wait_random_exponential

from services.chassis import failpoints, jetstream
from services.chassis.database import transient_failure
from services.chassis.jetstream import DEAD_LETTER_PREFIX, envelopes_in

log = logging.getLogger(__name__)

# applies the envelopes (event bodies) of a batch of messages
BatchHandler = Callable[[Sequence[bytes]], Awaitable[None]]
TransientFailure = Callable[[BaseException], bool]


class FetchSize:
    """How many messages to fetch so that a batch holds about `events` events, when a
    message carries one event or a frame of hundreds (ADR 9). It starts at a few
    messages, at most doubles from one fetch to the next, and falls at once when the
    messages get fuller."""

    FIRST = 8

    def __init__(self, events: int) -> None:
        self.events = events
        self.messages = min(events, self.FIRST)

    def observe(self, messages: int, envelopes: int) -> None:
        if messages:
            fitting = max(1, int(self.events * messages / max(envelopes, messages)))
            self.messages = min(fitting, self.messages * 2)


class EventConsumer:
    """Feeds a handler batches from one durable consumer of one stream.

    A message carries one or more envelopes (a frame, `jetstream.envelopes_in`); the
    handler applies the envelopes of a whole batch of messages in one database
    transaction. When it raises, the batch is retried message by message so that one
    poison event cannot hold back the others. At a message's last delivery (`max_deliver`)
    its envelopes are applied one by one: each that still fails goes alone to the
    dead-letter stream with its error, the others are applied; then the message is acked.

    A transient failure (the database restarting, two writers in a deadlock) says nothing
    about the messages: the batch is held, kept from redelivery, and applied again until
    it succeeds, without counting towards `max_deliver`.
    """

    def __init__(
        self,
        js: JetStreamContext,
        stream: str,
        durable: str,
        handler: BatchHandler,
        *,
        batch: int = 1000,
        max_deliver: int = 5,
        ack_wait: float = 30.0,
        transient: TransientFailure = transient_failure,
    ) -> None:
        """`batch`: about how many events one transaction applies."""
        self._js, self._stream, self._durable = js, stream, durable
        self._handler, self._batch = handler, batch
        self._fetch_size = FetchSize(batch)
        self._max_deliver, self._ack_wait = max_deliver, ack_wait
        self._transient = transient
        self._stop = asyncio.Event()
        self.applied = 0
        self.dead_lettered = 0
        self.held = 0

    async def run(self, stop: asyncio.Event) -> None:
        self._stop = stop
        subscription = await self._subscribe()
        while subscription is not None and not stop.is_set():
            try:
                messages = await subscription.fetch(self._fetch_size.messages, timeout=0.5)
            except (TimeoutError, NatsTimeout):
                continue
            except Exception:
                log.exception("fetch from %s failed; retrying", self._stream)
                await asyncio.sleep(1.0)
                continue
            await self._process(messages)

    async def _subscribe(self):
        config = ConsumerConfig(
            durable_name=self._durable,
            ack_policy=AckPolicy.EXPLICIT,
            deliver_policy=DeliverPolicy.ALL,
            max_deliver=self._max_deliver + 1,
            ack_wait=self._ack_wait,
            max_ack_pending=self._batch * 4,
        )
        while not self._stop.is_set():
            try:
                return await self._js.pull_subscribe(
                    "", durable=self._durable, stream=self._stream, config=config
                )
            except Exception:
                log.warning("waiting for stream %s", self._stream)
                try:
                    await asyncio.wait_for(self._stop.wait(), 1.0)
                except TimeoutError:
                    pass
        return None

    async def _apply(self, messages: Sequence[Msg], envelopes: Sequence[bytes]) -> None:
        """The handler, run again while it fails transiently (until the service stops)."""

        async def hold(state: RetryCallState) -> None:
            self.held += 1
            log.warning(
                "holding %d messages of %s: %s",
                len(messages),
                self._stream,
                state.outcome and state.outcome.exception(),
            )
            try:
                for message in messages:
                    await message.in_progress()
            except Exception:
                log.warning("could not extend the ack deadline of held messages")

        async for attempt in AsyncRetrying(
            retry=retry_if_exception(self._transient),
            reraise=True,
            wait=wait_random_exponential(multiplier=0.1, max=min(5.0, self._ack_wait / 3)),
            stop=lambda state: self._stop.is_set(),
            before_sleep=hold,
        ):
            with attempt:
                await self._handler(envelopes)

    async def _process(self, messages: list[Msg]) -> None:
        envelopes = [envelope for message in messages for envelope in envelopes_in(message.data)]
        self._fetch_size.observe(len(messages), len(envelopes))
        try:
            await self._apply(messages, envelopes)
        except Exception as error:
            if self._transient(error):
                return  # stopping during an outage: unacked, redelivered to the next run
            log.exception(
                "batch of %d from %s failed; retrying one by one", len(messages), self._stream
            )
            for message in messages:
                await self._process_one(message)
            return
        failpoints.hit(failpoints.CONSUMER_AFTER_APPLY)
        for message in messages:
            await message.ack()
        self.applied += len(envelopes)

    async def _process_one(self, message: Msg) -> None:
        envelopes = envelopes_in(message.data)
        try:
            await self._apply([message], envelopes)
        except Exception as error:
            if self._transient(error):
                return
            if message.metadata.num_delivered < self._max_deliver:
                await message.nak(delay=min(2**message.metadata.num_delivered, 30))
            elif len(envelopes) == 1:
                await self._dead_letter(message, envelopes[0], error)
                await message.ack()
            else:
                await self._process_each(message, envelopes)
            return
        await message.ack()
        self.applied += len(envelopes)

    async def _process_each(self, message: Msg, envelopes: Sequence[bytes]) -> None:
        """The last delivery of a frame that keeps failing: apply what can be applied,
        dead-letter the rest, each event alone."""
        for envelope in envelopes:
            with suppress(Exception):  # a lost extension only means an earlier redelivery
                await message.in_progress()
            try:
                await self._apply([message], [envelope])
            except Exception as error:
                if self._transient(error):
                    return  # stopping during an outage: redelivered, applied idempotently
                await self._dead_letter(message, envelope, error)
            else:
                self.applied += 1
        await message.ack()

    async def _dead_letter(self, message: Msg, envelope: bytes, error: Exception) -> None:
        headers = dict(message.headers or {})
        headers.update(
            {
                jetstream.ERROR_HEADER: f"{type(error).__name__}: {error}"[:1000],
                jetstream.ORIGINAL_SUBJECT_HEADER: message.subject,
                jetstream.ORIGINAL_STREAM_HEADER: self._stream,
                jetstream.CONSUMER_HEADER: self._durable,
                jetstream.DELIVERIES_HEADER: str(message.metadata.num_delivered),
            }
        )
        headers.pop("Nats-Msg-Id", None)
        await self._js.publish(f"{DEAD_LETTER_PREFIX}.{message.subject}", envelope, headers=headers)
        self.dead_lettered += 1
        log.error(
            "dead-lettered %s after %d deliveries: %s",
            message.subject,
            message.metadata.num_delivered,
            error,
        )
