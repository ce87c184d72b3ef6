"""A person's data in what every context has (its quarantine, import scope and outbox) and
in the streams: found, and rewritten with `erased` in their place."""

from __future__ import annotations

from collections import Counter
from collections.abc import AsyncIterator, Iterable, Sequence

import psycopg
from nats.js import JetStreamContext
from nats.js.api import RawStreamMsg
from nats.js.errors import NotFoundError
from psycopg import sql

from contracts.contexts import PUBLISHING_CONTEXTS
from services.chassis.jetstream import DEAD_LETTER_STREAM, count_rewritten, stream_name
from services.chassis.personal_records import ERASED
from services.customer.adapters.personal_records import PERSONAL_RECORDS as CUSTOMER
from services.fulfillment.adapters.personal_records import PERSONAL_RECORDS as FULFILLMENT
from services.sales.adapters.personal_records import PERSONAL_RECORDS as SALES

CONTEXT_RECORDS = (CUSTOMER, SALES, FULFILLMENT)  # Marketplace keeps nobody's data
STREAMS = (*(stream_name(c) for c in PUBLISHING_CONTEXTS), DEAD_LETTER_STREAM)

QUARANTINED = (
    "FROM {} WHERE EXISTS (SELECT 1 FROM jsonb_each_text(record) v WHERE v.value = ANY(%(people)s))"
    " OR (record->>'order_id' = ANY(%(orders)s) AND record ? 'review_comment_message')"
)
FRAMES = "SELECT position, body FROM {} WHERE EXISTS (SELECT 1 FROM unnest(%s::bytea[]) n WHERE position(n IN body) > 0)"


def rewritten(data: bytes, people: Iterable[str]) -> bytes:
    for person in people:
        data = data.replace(person.encode(), ERASED.encode())
    return data


def mentions(data: bytes, people: Iterable[str]) -> bool:
    return any(person.encode() in data for person in people)


def quarantined(connection: psycopg.Connection, schema: str, parameters: dict) -> list[dict]:
    query = sql.SQL("SELECT record " + QUARANTINED).format(sql.Identifier(schema, "quarantine"))
    return [record for (record,) in connection.execute(query, parameters)]


def erase_in_context_stores(connection: psycopg.Connection, parameters: dict) -> int:
    """Every context's own records of the person, its quarantined rows, its import scope and
    its outbox frames; how many rows changed."""
    changed = 0
    for records in CONTEXT_RECORDS:
        for statement in records.erase:
            changed += connection.execute(statement, parameters).rowcount
    people = parameters["people"]
    for schema in PUBLISHING_CONTEXTS:
        delete = sql.SQL("DELETE " + QUARANTINED).format(sql.Identifier(schema, "quarantine"))
        changed += connection.execute(delete, parameters).rowcount
        changed += connection.execute(
            # an aggregate is named `<kind>:<natural id>` (services/chassis/intake/use_cases.py)
            sql.SQL("DELETE FROM {} WHERE split_part(aggregate_id, ':', 2) = ANY(%s)").format(
                sql.Identifier(schema, "import_scope")
            ),
            (people,),
        ).rowcount
        changed += _rewrite_outbox(connection, schema, people)
    return changed


def _rewrite_outbox(connection: psycopg.Connection, schema: str, people: Sequence[str]) -> int:
    outbox = sql.Identifier(schema, "outbox")
    needles = [p.encode() for p in people]
    frames = connection.execute(sql.SQL(FRAMES).format(outbox), (needles,)).fetchall()
    for position, body in frames:
        connection.execute(
            sql.SQL("UPDATE {} SET body = %s WHERE position = %s").format(outbox),
            (rewritten(bytes(body), people), position),
        )
    return len(frames)


async def _messages_naming(
    js: JetStreamContext, people: Sequence[str]
) -> AsyncIterator[tuple[str, int, RawStreamMsg]]:
    """(stream, sequence, message) of every retained message that names the person, among
    those each stream held when its turn came."""
    for stream in STREAMS:
        try:
            state = (await js.stream_info(stream)).state
        except NotFoundError:
            continue
        for sequence in range(state.first_seq, state.last_seq + 1) if state.messages else ():
            try:
                message = await js.get_msg(stream, sequence)
            except NotFoundError:
                continue
            if mentions(message.data or b"", people):
                yield stream, sequence, message


async def rewrite_streams(js: JetStreamContext, people: Sequence[str]) -> int:
    """Every retained message that names the person: published again rewritten (a new
    message id), the old one deleted (and overwritten on disk); how many."""
    done: Counter[str] = Counter()
    async for stream, sequence, message in _messages_naming(js, people):
        headers = dict(message.headers or {})
        headers["Nats-Msg-Id"] = f"{headers.get('Nats-Msg-Id', sequence)}.erased"
        data = rewritten(message.data or b"", people)
        await js.publish(message.subject or "", data, headers=headers)
        await js.delete_msg(stream, sequence)
        done[stream] += 1
    for stream, count in done.items():
        await count_rewritten(js, stream, count)  # rebuilds know nothing was lost
    return done.total()


async def stream_mentions(js: JetStreamContext, people: Sequence[str]) -> dict[str, int]:
    """Per stream, how many retained messages name the person."""
    return dict(Counter([stream async for stream, _, _ in _messages_naming(js, people)]))
