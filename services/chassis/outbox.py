"""Transactional outbox: append in the caller's transaction, relay to JetStream after.

The outbox records frames (ADR 9): a row is one message, the events of one subject that
one append recorded, up to `FRAME_BYTES` of them, one envelope per line.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
from collections.abc import Iterator, Sequence
from uuid import UUID

from nats.js import JetStreamContext
from sqlalchemy import Connection, Engine, text

from services.chassis import failpoints
from services.chassis.database import raw_cursor
from services.chassis.jetstream import ENVELOPE_SEPARATOR, OutboundMessage, framed, publish_all
from services.chassis.settings import ServiceSettings

log = logging.getLogger(__name__)

# a new frame starts once a frame holds this many bytes (NATS takes messages up to 1 MB)
FRAME_BYTES = 256 * 1024


def append(connection: Connection, schema: str, events: Sequence[OutboundMessage]) -> int:
    """Record events (`message_id` = the event id) in the outbox in the current
    transaction, framed; returns how many were new. A known event id is skipped: an event,
    once recorded, never changes (of one id given twice, the first counts)."""
    unique: dict[str, OutboundMessage] = {}
    for event in events:
        if ENVELOPE_SEPARATOR in event.body:
            raise ValueError(
                f"event {event.message_id}: its body has a raw newline, which "
                "separates the events of one message"
            )
        unique.setdefault(event.message_id, event)
    if not unique:
        return 0
    recorded = set(
        connection.execute(
            text(
                # sql: identifiers only (the context's own schema)
                f'INSERT INTO "{schema}".outbox_event (event_id) SELECT unnest(CAST(:ids AS uuid[]))'
                " ON CONFLICT DO NOTHING RETURNING event_id::text"
            ),
            {"ids": list(unique)},
        ).scalars()
    )
    if not recorded <= unique.keys():  # ids given in another spelling than PostgreSQL's
        unique = {str(UUID(event_id)): event for event_id, event in unique.items()}
    messages = list(
        frames([(event_id, event) for event_id, event in unique.items() if event_id in recorded])
    )
    if messages:
        _record_frames(connection, schema, messages)
    return len(recorded)


def _record_frames(
    connection: Connection, schema: str, messages: Sequence[tuple[OutboundMessage, int]]
) -> None:
    """One binary COPY: the bodies travel as they are (as parameters or in a text COPY,
    bytea is hex-escaped, which cost the contexts more than building the frames)."""
    with (
        raw_cursor(connection) as cursor,
        cursor.copy(
            # sql: identifiers only (the context's own schema)
            f'COPY "{schema}".outbox (message_id, subject, events, body) FROM STDIN (FORMAT BINARY)'
        ) as copy,
    ):
        copy.set_types(["text", "text", "int4", "bytea"])
        for message, count in messages:
            copy.write_row((message.message_id, message.subject, count, message.body))


def frames(
    events: Sequence[tuple[str, OutboundMessage]],
) -> Iterator[tuple[OutboundMessage, int]]:
    """The events of each subject, in the order given, in frames of about `FRAME_BYTES`,
    with the number of events in each. A frame's message id is its event's id when it
    holds one event, else a digest of its events' ids."""
    by_subject: dict[str, list[tuple[str, OutboundMessage]]] = {}
    for event_id, event in events:
        by_subject.setdefault(event.subject, []).append((event_id, event))
    for subject, members in by_subject.items():
        frame: list[tuple[str, OutboundMessage]] = []
        size = 0
        for member in members:
            frame.append(member)
            size += len(member[1].body)
            if size >= FRAME_BYTES:
                yield _message(subject, frame), len(frame)
                frame, size = [], 0
        if frame:
            yield _message(subject, frame), len(frame)


def _message(subject: str, frame: Sequence[tuple[str, OutboundMessage]]) -> OutboundMessage:
    message_id = (
        frame[0][0]
        if len(frame) == 1
        else hashlib.sha1(",".join(event_id for event_id, _ in frame).encode()).hexdigest()
    )
    return framed(message_id, subject, [event.body for _, event in frame])


def unpublished_count(connection: Connection, schema: str) -> int:
    """Events recorded but not yet published."""
    return connection.execute(
        text(
            # sql: identifiers only (the context's own schema)
            f'SELECT coalesce(sum(events), 0) FROM "{schema}".outbox WHERE position = ANY(ARRAY('
            f'SELECT position FROM "{schema}".outbox_pending))'
        )
    ).scalar_one()


class OutboxRelay:
    """Publishes the outbox in order, a frame per message; takes frames off its queue
    (`outbox_pending`, filled by a trigger as frames are recorded) only after JetStream
    acked them.

    A crash between publishing and dequeuing republishes the same frames: JetStream drops
    them by Nats-Msg-Id inside its duplicate window, and every consumer is idempotent
    beyond it.
    The same holds when several replicas relay one schema at once.
    """

    def __init__(
        self,
        engine: Engine,
        schema: str,
        js: JetStreamContext,
        batch: int = 64,
        idle_seconds: float = 0.2,
        in_flight: int = 64,
    ) -> None:
        self._engine, self._schema, self._js = engine, schema, js
        self._batch, self._idle, self._in_flight = batch, idle_seconds, in_flight
        self.published = 0

    @classmethod
    def configured(
        cls, engine: Engine, schema: str, js: JetStreamContext, settings: ServiceSettings
    ) -> OutboxRelay:
        return cls(
            engine,
            schema,
            js,
            settings.relay_batch,
            settings.relay_idle_seconds,
            settings.relay_max_in_flight,
        )

    async def run(self, stop: asyncio.Event) -> None:
        while not stop.is_set():
            try:
                moved = await self.relay_once()
            except Exception:
                log.exception("outbox relay of %s failed; retrying", self._schema)
                moved = 0
                await asyncio.sleep(1.0)
            if moved == 0:
                try:
                    await asyncio.wait_for(stop.wait(), self._idle)
                except TimeoutError:
                    pass

    async def relay_once(self) -> int:
        """Publishes the first frames queued; returns how many events they held."""
        rows = await asyncio.to_thread(self._fetch)
        if not rows:
            return 0
        messages = [
            OutboundMessage(message_id, subject, bytes(body))
            for _, message_id, subject, _, body in rows
        ]
        await publish_all(self._js, messages, window=self._in_flight)
        failpoints.hit(failpoints.RELAY_AFTER_PUBLISH)
        await asyncio.to_thread(self._dequeue, [row[0] for row in rows])
        events = sum(row[3] for row in rows)
        self.published += events
        return events

    def _fetch(self) -> list[tuple]:
        with self._engine.connect() as connection:
            # the positions first, then each row by its key: a join let the planner walk
            # the whole outbox from its start on every round
            return [
                tuple(row)
                for row in connection.execute(
                    text(
                        # sql: identifiers only (the context's own schema)
                        f'SELECT position, message_id, subject, events, body FROM "{self._schema}".outbox'
                        f' WHERE position = ANY(ARRAY(SELECT position FROM "{self._schema}".outbox_pending'
                        f" ORDER BY position LIMIT :n)) ORDER BY position"
                    ),
                    {"n": self._batch},
                )
            ]

    def _dequeue(self, positions: list[int]) -> None:
        with self._engine.begin() as connection:
            connection.execute(
                # sql: identifiers only (the context's own schema)
                text(f'DELETE FROM "{self._schema}".outbox_pending WHERE position = ANY(:p)'),
                {"p": positions},
            )
