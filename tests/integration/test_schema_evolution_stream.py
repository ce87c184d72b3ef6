"""Old v1 events retained in a stream still reach the star schema after the producer moved
to v2 (real NATS and PostgreSQL)."""

import asyncio

import pytest
from sqlalchemy import text

from services.chassis.database import make_engine
from services.chassis.jetstream import ensure_dead_letter_stream, ensure_stream
from services.chassis.migrations import migrate
from services.chassis.settings import ServiceSettings
from services.reporting.__main__ import REPORTING
from services.reporting.adapters.consumer import projection_consumers
from services.reporting.adapters.star_schema import PostgresStarSchema
from tests.unit.test_schema_evolution import ORDER, OTHER_ORDER, v1_message, v2_message


@pytest.mark.integration
async def test_v1_messages_retained_in_the_stream_still_reach_the_star_schema(
    database_url, jetstream_context, infrastructure, url_as
):
    """History written before the upgrade (v1), then a re-completion after it (v2 of the
    same shipment, a new event id): one fact_shipment row per shipment, nothing dead."""
    js = jetstream_context
    await ensure_stream(js, "fulfillment")
    await ensure_dead_letter_stream(js)
    history = [
        v1_message(ORDER),
        v1_message(OTHER_ORDER, "0b0e7c8a-3f55-5c1e-8f6e-2d3b7a9c4e11"),
        v2_message(ORDER),
    ]
    for message in history:
        await js.publish(message.subject, message.body, headers={"Nats-Msg-Id": message.message_id})
    role_url = url_as(database_url, "olist_reporting")
    engine = make_engine(role_url)
    try:
        await asyncio.to_thread(migrate, engine, "dw", {"reporting": REPORTING.migrations})
        applied, dead = await _project(engine, js, role_url, infrastructure.nats.url, len(history))
        assert (applied, dead) == (3, 0)
        with engine.connect() as connection:
            rows = connection.execute(
                text(
                    "SELECT order_id, seller_id, dispatched_at, handed_off_late, distance_km,"
                    " dispatch_date_key FROM dw.fact_shipment ORDER BY order_id"
                )
            ).all()
            statuses = dict(
                connection.execute(text("SELECT order_id, order_status FROM dw.fact_order")).all()
            )
    finally:
        engine.dispose()
    assert [
        (r.order_id, str(r.dispatched_at), float(r.distance_km), r.dispatch_date_key) for r in rows
    ] == [
        (OTHER_ORDER, "2017-10-04 19:55:00", 360.9, 20171004),
        (ORDER, "2017-10-04 19:55:00", 360.9, 20171004),
    ]
    assert statuses == {ORDER: "shipped", OTHER_ORDER: "shipped"}


async def _project(engine, js, role_url: str, nats_url: str, expected: int) -> tuple[int, int]:
    """Run the reporting projection on the FULFILLMENT stream until `expected` messages
    were handled (applied or dead-lettered), at most 20 s."""
    settings = ServiceSettings(database_url=role_url, nats_url=nats_url, fetch_batch=10)
    [consumer] = projection_consumers(PostgresStarSchema(engine), js, settings, ["fulfillment"])
    stop = asyncio.Event()
    worker = asyncio.create_task(consumer.run(stop))
    try:
        for _ in range(200):
            if consumer.applied + consumer.dead_lettered >= expected:
                break
            await asyncio.sleep(0.1)
    finally:
        stop.set()
        await worker
    return consumer.applied, consumer.dead_lettered
