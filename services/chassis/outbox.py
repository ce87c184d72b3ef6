"""Transactional outbox: append in the caller's transaction, relay to JetStream after."""
from __future__ import annotations

import asyncio
import hashlib
import logging
from collections.abc import Sequence
from itertools import groupby

from nats.js import JetStreamContext
from sqlalchemy import Connection, Engine, text

from services.chassis import failpoints
from services.chassis.bulk import Upsert, upsert
from services.chassis.jetstream import ENVELOPE_SEPARATOR, OutboundMessage, framed, publish_all
from services.chassis.settings import ServiceSettings

log = logging.getLogger(__name__)


def append(connection: Connection, schema: str, messages: Sequence[OutboundMessage]) -> int:
    """Store messages in the outbox in the current transaction; a known event id is skipped
    (its first body stays: an event, once recorded, never changes)."""
    for message in messages:
        if ENVELOPE_SEPARATOR in message.body:
            raise ValueError(f"event {message.message_id}: its body has a raw newline, which "
                             "separates the events of one message")
    spec = Upsert(f"{schema}.outbox", ("event_id", "subject", "body"), key=("event_id",),
                  keep=("subject", "body"))
    return upsert(connection, spec, [(m.message_id, m.subject, m.body) for m in messages])


def unpublished_count(connection: Connection, schema: str) -> int:
    return connection.execute(text(f'SELECT count(*) FROM "{schema}".outbox_pending')).scalar_one()


class OutboxRelay:
    """Publishes the outbox in order, a frame per message (the events of one subject that
    one statement recorded, up to ~256 kB: chassis migration 0004); takes rows off its
    queue (`outbox_pending`, filled by a trigger as events are recorded) only after
    JetStream acked them.

    A crash between publishing and dequeuing republishes the same frames: JetStream drops
    them by Nats-Msg-Id inside its duplicate window, and every consumer is idempotent
    beyond it.
    The same holds when several replicas relay one schema at once.
    """

    def __init__(self, engine: Engine, schema: str, js: JetStreamContext,
                 batch: int = 2000, idle_seconds: float = 0.2, in_flight: int = 4000) -> None:
        self._engine, self._schema, self._js = engine, schema, js
        self._batch, self._idle, self._in_flight = batch, idle_seconds, in_flight
        self.published = 0

    @classmethod
    def configured(cls, engine: Engine, schema: str, js: JetStreamContext,
                   settings: ServiceSettings) -> OutboxRelay:
        return cls(engine, schema, js, settings.relay_batch, settings.relay_idle_seconds,
                   settings.relay_max_in_flight)

    async def run(self, stop: asyncio.Event) -> None:
        while not stop.is_set():
            try:
                moved = await self.relay_once()
            except Exception:  # noqa: BLE001 - the relay must outlive broker/database blips
                log.exception("outbox relay of %s failed; retrying", self._schema)
                moved = 0
                await asyncio.sleep(1.0)
            if moved == 0:
                try:
                    await asyncio.wait_for(stop.wait(), self._idle)
                except asyncio.TimeoutError:
                    pass

    async def relay_once(self) -> int:
        rows = await asyncio.to_thread(self._fetch)
        if not rows:
            return 0
        await publish_all(self._js, frames(rows), window=self._in_flight)
        failpoints.hit(failpoints.RELAY_AFTER_PUBLISH)
        await asyncio.to_thread(self._dequeue, [row[0] for row in rows])
        self.published += len(rows)
        return len(rows)

    def _fetch(self) -> list[tuple]:
        """(position, frame, event_id, subject, body) of the first whole frames queued."""
        schema = self._schema
        with self._engine.connect() as connection:
            queued = connection.execute(text(
                f'SELECT position, frame FROM "{schema}".outbox_pending WHERE frame = ANY(ARRAY('
                f'SELECT DISTINCT frame FROM (SELECT frame FROM "{schema}".outbox_pending'
                f' ORDER BY position LIMIT :n) head))'),
                {"n": self._batch}).all()
            frame_of = dict(queued)
            # each row by its key: a join let the planner walk the whole outbox
            rows = connection.execute(text(
                f'SELECT position, event_id, subject, body FROM "{schema}".outbox'
                f' WHERE position = ANY(:p) ORDER BY position'), {"p": list(frame_of)}).all()
        return [(position, frame_of[position], event_id, subject, body)
                for position, event_id, subject, body in rows]

    def _dequeue(self, positions: list[int]) -> None:
        with self._engine.begin() as connection:
            connection.execute(text(
                f'DELETE FROM "{self._schema}".outbox_pending WHERE position = ANY(:p)'),
                {"p": positions})


def frames(rows: Sequence[tuple]) -> list[OutboundMessage]:
    """One message per frame, in the order of their first events. A frame's message id is
    its event's id when it holds one event, else a digest of its events' ids."""
    messages = []
    in_frame = sorted(rows, key=lambda row: (row[1], row[0]))
    for (_, subject), members in groupby(in_frame, key=lambda row: (row[1], row[3])):
        members = list(members)
        event_ids = [row[2] for row in members]
        message_id = str(event_ids[0]) if len(event_ids) == 1 else hashlib.sha1(
            b"".join(event_id.bytes for event_id in event_ids)).hexdigest()
        messages.append(framed(message_id, subject, [bytes(row[4]) for row in members]))
    return messages
