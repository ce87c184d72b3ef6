"""The shared plumbing against the real PostgreSQL and NATS started by the test run."""

from __future__ import annotations

import asyncio
import uuid
from pathlib import Path

import psycopg
import pytest
from sqlalchemy import text
from sqlalchemy.exc import OperationalError

from services.chassis import jetstream
from services.chassis.bulk import Upsert, upsert
from services.chassis.consumer import EventConsumer
from services.chassis.database import make_engine
from services.chassis.jetstream import DEAD_LETTER_STREAM, OutboundMessage
from services.chassis.migrations import CHASSIS_MIGRATIONS, MigrationError, migrate
from services.chassis.outbox import OutboxRelay, append, unpublished_count
from services.chassis.table_maintenance import vacuum_stale_tables

pytestmark = pytest.mark.integration


@pytest.fixture
def engine(database_url):
    engine = make_engine(database_url)
    yield engine
    engine.dispose()


def test_migrations_apply_once_and_refuse_an_edited_file(engine, tmp_path: Path):
    (tmp_path / "0001_things.sql").write_text("CREATE TABLE thing (id int PRIMARY KEY);")
    assert migrate(engine, "sales", {"t": tmp_path}) == ["t/0001_things"]
    assert migrate(engine, "sales", {"t": tmp_path}) == []
    (tmp_path / "0001_things.sql").write_text("CREATE TABLE thing (id bigint PRIMARY KEY);")
    with pytest.raises(MigrationError, match="edited"):
        migrate(engine, "sales", {"t": tmp_path})


def test_upsert_leaves_unchanged_rows_untouched(engine, tmp_path: Path):
    (tmp_path / "0001_t.sql").write_text("CREATE TABLE thing (id int PRIMARY KEY, v text, l text);")
    migrate(engine, "sales", {"t": tmp_path})
    spec = Upsert("sales.thing", ("id", "v", "l"), key=("id",), keep=("l",))
    with engine.begin() as connection:
        assert upsert(connection, spec, [(1, "a", "load-1"), (2, "b", "load-1")]) == 2
    versions = lambda c: dict(c.execute(text("SELECT id, xmin::text FROM sales.thing")).all())
    with engine.begin() as connection:
        before = versions(connection)
        assert upsert(connection, spec, [(1, "a", "load-2"), (2, "B", "load-2")]) == 1
        after = versions(connection)
        rows = dict(connection.execute(text("SELECT id, v || l FROM sales.thing")).all())
    assert before[1] == after[1] and before[2] != after[2]
    assert rows == {1: "aload-1", 2: "Bload-1"}


def test_upsert_keeps_the_last_row_of_a_key_and_the_order_rows_were_given(engine, tmp_path):
    (tmp_path / "0001_t.sql").write_text(
        "CREATE TABLE thing (n bigint GENERATED ALWAYS AS IDENTITY, a text, b int, v text,"
        " PRIMARY KEY (a, b));"
    )
    migrate(engine, "sales", {"t": tmp_path})
    spec = Upsert("sales.thing", ("a", "b", "v"), key=("a", "b"))
    given = [
        ("z", 1, "first"),
        ("y", 1, "y"),
        ("z", 1, "second"),
        ("z", 2, "other"),
        ("x", 1, "x"),
        ("z", 1, "last"),
    ]
    with engine.begin() as connection:
        assert upsert(connection, spec, given) == 4
        rows = connection.execute(text("SELECT a, b, v FROM sales.thing ORDER BY n")).all()
    assert [tuple(r) for r in rows] == [
        ("y", 1, "y"),
        ("z", 2, "other"),
        ("x", 1, "x"),
        ("z", 1, "last"),
    ]


async def test_relay_publishes_each_event_once_even_when_retried(engine, jetstream_context):
    js = jetstream_context
    migrate(engine, "sales", {"chassis": CHASSIS_MIGRATIONS})
    await jetstream.ensure_stream(js, "sales")
    messages = [
        OutboundMessage(
            f"00000000-0000-0000-0000-00000000000{i}", "sales.thing.done.v1", b'{"n": %d}' % i
        )
        for i in range(5)
    ]
    with engine.begin() as connection:
        assert append(connection, "sales", messages) == 5
        rerecorded = [OutboundMessage(m.message_id, m.subject, b'{"later": 1}') for m in messages]
        assert append(connection, "sales", rerecorded) == 0  # same event ids: nothing new
        assert unpublished_count(connection, "sales") == 5
    relay = OutboxRelay(engine, "sales", js)
    assert await relay.relay_once() == 5
    with engine.begin() as connection:  # a crash between publish and dequeue: publish again
        connection.execute(
            text("INSERT INTO sales.outbox_pending SELECT position FROM sales.outbox")
        )
    assert await relay.relay_once() == 5
    assert await jetstream.stored_envelopes(js, "SALES") == [m.body for m in messages]
    with engine.connect() as connection:
        assert unpublished_count(connection, "sales") == 0


async def test_relay_frames_the_events_of_a_statement_by_subject_and_size(
    engine, jetstream_context
):
    js = jetstream_context
    migrate(engine, "sales", {"chassis": CHASSIS_MIGRATIONS})
    await jetstream.ensure_stream(js, "sales")
    big = [
        OutboundMessage(str(uuid.uuid4()), "sales.big.done.v1", b'"%s"' % (b"x" * 100_000))
        for _ in range(6)
    ]
    small = [
        OutboundMessage(str(uuid.uuid4()), "sales.small.done.v1", b'{"n": %d}' % n)
        for n in range(100)
    ]
    mixed = [event for pair in zip(big, small) for event in pair] + small[len(big) :]
    with engine.begin() as connection:
        append(connection, "sales", mixed)
    with engine.begin() as connection:
        append(
            connection,
            "sales",
            [OutboundMessage(str(uuid.uuid4()), "sales.small.done.v1", b'{"alone": true}')],
        )
    assert await OutboxRelay(engine, "sales", js).relay_once() == 107
    info = await js.stream_info("SALES")
    # big: a new frame once one holds 256 kB (3 + 3 events); small: one per append (2)
    assert info.state.messages == 4
    smalls = await js.get_msg("SALES", seq=1, subject="sales.small.done.v1", next=True)
    assert jetstream.envelopes_in(smalls.data) == [m.body for m in small]
    assert sorted(await jetstream.stored_envelopes(js, "SALES")) == sorted(
        m.body for m in [*mixed, OutboundMessage("", "", b'{"alone": true}')]
    )


async def test_events_recorded_before_frames_are_published_as_frames_of_one(
    engine, jetstream_context, tmp_path: Path
):
    js = jetstream_context
    for migration in sorted(CHASSIS_MIGRATIONS.glob("*.sql"))[:3]:  # the layout of 0003
        (tmp_path / migration.name).write_text(migration.read_text())
    migrate(engine, "sales", {"chassis": tmp_path})
    event_id = str(uuid.uuid4())
    with engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO sales.outbox (event_id, subject, body)"
                " VALUES (:id, 'sales.thing.done.v1', '{}')"
            ),
            {"id": event_id},
        )
    assert migrate(engine, "sales", {"chassis": CHASSIS_MIGRATIONS}) == [
        "chassis/0004_outbox_frames"
    ]
    await jetstream.ensure_stream(js, "sales")
    with engine.begin() as connection:
        assert (
            append(
                connection,
                "sales",
                [OutboundMessage(event_id, "sales.thing.done.v1", b'{"again": 1}')],
            )
            == 0
        )
    assert await OutboxRelay(engine, "sales", js).relay_once() == 1
    stored = await js.get_msg("SALES", 1)
    assert (stored.data, stored.headers["Nats-Msg-Id"]) == (b"{}", event_id)


def test_a_list_of_keys_reads_back_as_the_strings_given(engine):
    keys = ["order:1", 'a "quoted" key', "back\\slash", "comma,brace}{", "NULL", "", "ç ã"]
    with engine.connect() as connection:
        assert (
            connection.execute(text("SELECT CAST(:k AS text[])"), {"k": keys}).scalar_one() == keys
        )
        assert (
            connection.execute(
                text("SELECT :k = ANY(:keys)"), {"k": "NULL", "keys": keys}
            ).scalar_one()
            is True
        )
        assert connection.execute(
            text("SELECT CAST(:n AS int[])"), {"n": [3, None, 1]}
        ).scalar_one() == [3, None, 1]


def test_tables_a_load_just_filled_are_vacuumed_and_analyzed_once(engine):
    with engine.begin() as connection:
        connection.execute(text("CREATE TABLE sales.staged (id int PRIMARY KEY)"))
        connection.execute(text("INSERT INTO sales.staged SELECT generate_series(1, 5000)"))
        connection.execute(text("SELECT pg_stat_force_next_flush()"))
    assert vacuum_stale_tables(engine, "sales") == ["sales.staged"]
    assert vacuum_stale_tables(engine, "sales") == []
    with engine.connect() as connection:
        assert tuple(
            connection.execute(
                text(
                    "SELECT reltuples, relallvisible > 0 FROM pg_class"
                    " WHERE oid = 'sales.staged'::regclass"
                )
            ).one()
        ) == (5000, True)


def test_an_event_body_with_a_raw_newline_is_refused(engine):
    migrate(engine, "sales", {"chassis": CHASSIS_MIGRATIONS})
    with engine.begin() as connection, pytest.raises(ValueError, match="raw newline"):
        append(connection, "sales", [OutboundMessage(str(uuid.uuid4()), "sales.x.v1", b"{\n}")])


def refusing_poison(applied: list[bytes]):
    """A handler that applies batches without the event b"poison" and refuses the others."""

    async def handler(batch):
        if b"poison" in batch:
            raise ValueError("cannot read this")
        applied.extend(batch)

    return handler


async def consume_until(consumer: EventConsumer, done) -> None:
    stop = asyncio.Event()
    task = asyncio.create_task(consumer.run(stop))
    for _ in range(100):
        if done():
            break
        await asyncio.sleep(0.1)
    stop.set()
    await task


async def test_a_poison_message_goes_to_the_dead_letter_stream(jetstream_context):
    js = jetstream_context
    await jetstream.ensure_stream(js, "sales")
    await jetstream.ensure_dead_letter_stream(js)
    for body in (b"good-1", b"poison", b"good-2"):
        await js.publish("sales.thing.done.v1", body)
    applied: list[bytes] = []
    consumer = EventConsumer(
        js, "SALES", "test", refusing_poison(applied), batch=10, max_deliver=2, ack_wait=5
    )
    await consume_until(consumer, lambda: consumer.dead_lettered)
    assert sorted(applied) == [b"good-1", b"good-2"]
    assert consumer.dead_lettered == 1
    dead = await js.get_last_msg(DEAD_LETTER_STREAM, "dlq.sales.thing.done.v1")
    assert dead.data == b"poison"
    assert "ValueError: cannot read this" in dead.headers["Olist-Error"]
    assert dead.headers["Olist-Deliveries"] == "2"


async def test_a_poison_event_in_a_frame_is_dead_lettered_alone(jetstream_context):
    js = jetstream_context
    await jetstream.ensure_stream(js, "sales")
    await jetstream.ensure_dead_letter_stream(js)
    await js.publish(
        "sales.thing.done.v1", b"good-1\npoison\ngood-2", headers={"Nats-Msg-Id": "frame-1"}
    )
    await js.publish("sales.thing.done.v1", b"good-3")
    applied: list[bytes] = []
    consumer = EventConsumer(
        js, "SALES", "test", refusing_poison(applied), batch=10, max_deliver=2, ack_wait=5
    )
    await consume_until(consumer, lambda: consumer.dead_lettered and consumer.applied == 3)
    assert sorted(applied) == [b"good-1", b"good-2", b"good-3"]
    assert consumer.dead_lettered == 1
    dead = await js.get_last_msg(DEAD_LETTER_STREAM, "dlq.sales.thing.done.v1")
    assert dead.data == b"poison" and "Nats-Msg-Id" not in dead.headers
    assert (await js.stream_info(DEAD_LETTER_STREAM)).state.messages == 1
    assert (await js.consumer_info("SALES", "test")).num_ack_pending == 0


async def test_a_database_outage_holds_the_batch_instead_of_dead_lettering_it(jetstream_context):
    """More failed attempts than max_deliver, yet nothing is dead-lettered: an outage says
    nothing about the messages."""
    js = jetstream_context
    await jetstream.ensure_stream(js, "sales")
    await jetstream.ensure_dead_letter_stream(js)
    for body in (b"one", b"two"):
        await js.publish("sales.thing.done.v1", body)
    outage = OperationalError("INSERT", {}, psycopg.OperationalError("Connection refused"))
    attempts: list[int] = []
    applied: list[bytes] = []

    async def handler(batch):
        attempts.append(len(batch))
        if len(attempts) <= 4:
            raise outage
        applied.extend(batch)

    consumer = EventConsumer(js, "SALES", "outage", handler, batch=10, max_deliver=2, ack_wait=5)
    await consume_until(consumer, lambda: consumer.applied == 2)
    assert sorted(applied) == [b"one", b"two"]
    assert attempts == [2] * 5, "the batch is held whole, not split into single messages"
    assert consumer.dead_lettered == 0 and consumer.held == 4
    info = await js.consumer_info("SALES", "outage")
    assert info.num_redelivered == 0


async def test_publishing_where_no_stream_stores_the_subject_is_refused(jetstream_context):
    """The relay must hear about it (and retry later), not count the events as published."""
    messages = [OutboundMessage(f"id-{n}", "nowhere.thing.done.v1", b"{}") for n in range(3)]
    with pytest.raises(jetstream.PublishRefused, match="3 of 3 refused"):
        await jetstream.publish_all(jetstream_context, messages, timeout=5)


async def test_publishing_counts_what_jetstream_already_stored(jetstream_context):
    js = jetstream_context
    await jetstream.ensure_stream(js, "sales")
    messages = [OutboundMessage(f"id-{n}", "sales.thing.done.v1", b"{}") for n in range(10)]
    assert await jetstream.publish_all(js, messages[:4], window=2) == 0
    assert await jetstream.publish_all(js, messages, window=3) == 4
    assert (await js.stream_info("SALES")).state.messages == 10


async def test_publishing_gives_up_when_acks_stop_coming(jetstream_context):
    """A full window whose acks never come (lost to a broker restart) raises within the
    timeout instead of waiting for room for ever; the relay then retries the batch."""
    js = jetstream_context
    await jetstream.ensure_stream(js, "sales")
    messages = [OutboundMessage(f"lost-{n}", "sales.thing.done.v1", b"{}") for n in range(50)]
    client = js._nc
    original = client.publish

    async def publish_and_lose_the_ack(subject, payload=b"", reply="", headers=None):
        await original(subject, payload, headers=headers)

    client.publish = publish_and_lose_the_ack
    try:
        publishing = asyncio.create_task(jetstream.publish_all(js, messages, timeout=1, window=5))
        done, _ = await asyncio.wait({publishing}, timeout=10)
        assert publishing in done, "the publisher still waits for room in its window"
        with pytest.raises(TimeoutError):
            publishing.result()
    finally:
        client.publish = original


def test_a_service_plans_serially_while_other_sessions_keep_parallel_plans(engine, database_url):
    with engine.connect() as connection:
        assert connection.execute(text("SHOW max_parallel_workers_per_gather")).scalar() == "0"
    with psycopg.connect(database_url.replace("+psycopg", "")) as analyst:
        assert analyst.execute("SHOW max_parallel_workers_per_gather").fetchone()[0] != "0"
