"""Dead letters: inspect the messages a consumer gave up on, and re-drive them.

`services/chassis/consumer.py` moves a message that failed `max_deliver` times to the
stream DEAD_LETTERS (subject `dlq.<original subject>`) with its error in `Olist-*` headers.
Replaying republishes its body to the original subject under a new, deterministic
Nats-Msg-Id, and deletes it from DEAD_LETTERS only once JetStream stored the republish.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterable
from dataclasses import asdict, dataclass, field
from datetime import datetime
from typing import Any, Literal

import orjson
from nats.js import JetStreamContext
from nats.js.api import RawStreamMsg
from nats.js.errors import NotFoundError

from services.chassis.jetstream import (
    CONSUMER_HEADER,
    DEAD_LETTER_HEADERS,
    DEAD_LETTER_PREFIX,
    DEAD_LETTER_STREAM,
    DELIVERIES_HEADER,
    ERROR_HEADER,
    ORIGINAL_STREAM_HEADER,
    ORIGINAL_SUBJECT_HEADER,
)

REPLAY_OF_HEADER = "Olist-Replay-Of"
ALL: Literal["all"] = "all"


class DeadLetterNotFound(LookupError):
    """No dead letter with this stream sequence (never there, or already replayed)."""


@dataclass(frozen=True, slots=True)
class DeadLetter:
    sequence: int
    original_subject: str
    original_stream: str | None
    consumer: str | None
    error: str | None
    deliveries: int | None
    time: datetime | None
    event_type: str | None = None
    event_id: str | None = None
    headers: dict[str, str] = field(default_factory=dict)
    body: Any = None
    data: bytes = field(default=b"", repr=False)

    def summary(self) -> dict[str, Any]:
        """JSON-ready, without headers and body."""
        fields = asdict(self)
        del fields["headers"], fields["body"], fields["data"]
        fields["time"] = self.time.isoformat() if self.time else None
        return fields

    def as_dict(self) -> dict[str, Any]:
        return {**self.summary(), "headers": self.headers, "body": self.body}


@dataclass(slots=True)
class ReplayOutcome:
    replayed: list[int] = field(default_factory=list)
    # already stored by an earlier, interrupted replay: JetStream dropped the republish
    duplicates: list[int] = field(default_factory=list)
    missing: list[int] = field(default_factory=list)
    failed: dict[int, str] = field(default_factory=dict)


async def list_dead_letters(js: JetStreamContext) -> list[DeadLetter]:
    return [dead_letter(message) async for message in _stored(js)]


async def show(js: JetStreamContext, sequence: int) -> DeadLetter:
    return dead_letter(await _get(js, sequence))


async def replay(js: JetStreamContext, sequences: Iterable[int] | Literal["all"]) -> ReplayOutcome:
    """Re-drive dead letters to their original subjects; each one is deleted only after
    JetStream acknowledged its republish, so an interrupted replay can simply be rerun."""
    outcome = ReplayOutcome()
    if sequences == ALL:
        sequences = [message.seq async for message in _stored(js) if message.seq is not None]
    for sequence in sequences:
        await _replay_one(js, sequence, outcome)
    return outcome


async def _replay_one(js: JetStreamContext, sequence: int, outcome: ReplayOutcome) -> None:
    try:
        letter = dead_letter(await _get(js, sequence))
    except DeadLetterNotFound:
        outcome.missing.append(sequence)
        return
    try:
        duplicate = await _republish(js, letter)
        await js.delete_msg(DEAD_LETTER_STREAM, sequence)
    except Exception as error:
        outcome.failed[sequence] = f"{type(error).__name__}: {error}"
        return
    (outcome.duplicates if duplicate else outcome.replayed).append(sequence)


def dead_letter(message: RawStreamMsg) -> DeadLetter:
    headers = dict(message.headers or {})
    body = decoded_body(message.data or b"")
    envelope = body if isinstance(body, dict) else {}
    deliveries = headers.get(DELIVERIES_HEADER, "")
    return DeadLetter(
        sequence=message.seq or 0,
        original_subject=original_subject(message),
        original_stream=headers.get(ORIGINAL_STREAM_HEADER),
        consumer=headers.get(CONSUMER_HEADER),
        error=headers.get(ERROR_HEADER),
        deliveries=int(deliveries) if deliveries.isdigit() else None,
        time=message.time,
        event_type=_text(envelope.get("event_type")),
        event_id=_text(envelope.get("event_id")),
        headers=headers,
        body=body,
        data=message.data or b"",
    )


def decoded_body(data: bytes) -> Any:
    """JSON when the body is JSON (olist-dw envelopes are), else its text."""
    try:
        return orjson.loads(data)
    except orjson.JSONDecodeError:
        return data.decode("utf-8", errors="replace")


def original_subject(message: RawStreamMsg) -> str:
    headers = message.headers or {}
    return headers.get(ORIGINAL_SUBJECT_HEADER) or (message.subject or "").removeprefix(
        f"{DEAD_LETTER_PREFIX}."
    )


def replay_message_id(letter: DeadLetter) -> str:
    """New, yet deterministic: a rerun after a crash is dropped as a duplicate."""
    return f"{letter.event_id or 'dead-letter'}:replay:{letter.sequence}"


def replay_headers(letter: DeadLetter) -> dict[str, str]:
    """The original (trace) headers, without the dead-letter and server-set ones."""
    kept = {
        name: value
        for name, value in letter.headers.items()
        if name not in DEAD_LETTER_HEADERS and not name.startswith("Nats-")
    }
    return {
        **kept,
        REPLAY_OF_HEADER: str(letter.sequence),
        "Nats-Msg-Id": replay_message_id(letter),
    }


async def _republish(js: JetStreamContext, letter: DeadLetter) -> bool:
    """Publish the original body again; True when JetStream had already stored it."""
    ack = await js.publish(
        letter.original_subject,
        letter.data,
        stream=letter.original_stream,
        headers=replay_headers(letter),
    )
    return bool(ack.duplicate)


async def _get(js: JetStreamContext, sequence: int) -> RawStreamMsg:
    try:
        return await js.get_msg(DEAD_LETTER_STREAM, seq=sequence)
    except NotFoundError as error:
        raise DeadLetterNotFound(f"no dead letter {sequence} in {DEAD_LETTER_STREAM}") from error


async def _stored(js: JetStreamContext) -> AsyncIterator[RawStreamMsg]:
    """Every message in DEAD_LETTERS, oldest first, skipping the gaps replays left."""
    sequence = 1
    while True:
        try:
            message = await js.get_msg(
                DEAD_LETTER_STREAM, seq=sequence, subject=f"{DEAD_LETTER_PREFIX}.>", next=True
            )
        except NotFoundError:  # no stream yet, or nothing after `sequence`
            return
        yield message
        sequence = (message.seq or sequence) + 1


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) else None
