"""`olist-dw rebuild reporting`: the star schema rebuilt from the events retained in
JetStream equals the one the loads built, and analysts can still read it; a rebuild that
would miss events (a stream lost its first ones) is refused and changes nothing.

The refusal test deletes a stream's first event: it runs after the rebuild test (file order).
"""

from __future__ import annotations

import asyncio

import nats
import psycopg
import pytest
from typer.testing import CliRunner

from olist_dw.cli.rebuild import rebuild_app
from olist_dw.database import ANALYST_ROLE
from olist_dw.rebuild import RebuildRefused, rebuild_reporting
from services.reporting.adapters.marts import MARTS
from services.reporting.adapters.warehouse_reads import checksums as dw_checksums

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def loaded(synthetic_warehouse):
    return synthetic_warehouse


def query(url: str, sql: str) -> list[tuple]:
    with psycopg.connect(url) as connection:
        return connection.execute(sql).fetchall()


def stream_messages(url: str) -> dict[str, int]:
    async def count() -> dict[str, int]:
        client = await nats.connect(url)
        js = client.jetstream()
        try:
            return {
                name: (await js.stream_info(name)).state.messages
                for name in ("MARKETPLACE", "CUSTOMER", "FULFILLMENT", "SALES")
            }
        finally:
            await client.close()

    return asyncio.run(count())


def test_a_rebuild_replays_every_event_into_an_equal_star_schema(loaded):
    stack = loaded
    admin, analyst = stack.database_url(), stack.database_url(ANALYST_ROLE)
    before = dw_checksums(admin)
    ((old_table,),) = query(admin, "SELECT 'dw.fact_order'::regclass::oid")

    outcome = rebuild_reporting(stack)

    ((new_table,),) = query(admin, "SELECT 'dw.fact_order'::regclass::oid")
    assert new_table != old_table  # dropped and rebuilt, not left in place
    assert outcome.messages_per_stream == stream_messages(stack.nats.url)
    assert dw_checksums(admin) == before
    assert outcome.rows["fact_order"] == int(before["fact_order"].split(":")[0]) > 1000
    assert query(analyst, "SELECT count(*) FROM dw.fact_order") == [(outcome.rows["fact_order"],)]
    for mart in MARTS:
        assert query(analyst, f"SELECT count(*) FROM mart.{mart}")[0][0] > 0, mart
    ((monthly,),) = query(analyst, "SELECT sum(revenue) FROM mart.monthly_sales")
    ((items,),) = query(admin, "SELECT sum(price) FROM dw.fact_order_item")
    assert monthly == items


def test_a_rebuild_is_refused_when_a_stream_lost_its_first_events(loaded, monkeypatch):
    stack = loaded
    before = dw_checksums(stack.database_url())
    asyncio.run(delete_first_event(stack.nats.url, "SALES"))

    with pytest.raises(RebuildRefused, match="SALES starts at message 2"):
        rebuild_reporting(stack)

    monkeypatch.setenv("OLIST_DW_HOME", str(stack.home))
    result = CliRunner().invoke(rebuild_app, ["reporting", "--yes"])
    assert result.exit_code == 1
    assert "refusing to rebuild" in result.output and "SALES" in result.output
    assert dw_checksums(stack.database_url()) == before
    (reporting,) = (row for row in stack.status() if row["component"] == "reporting")
    assert reporting["healthy"]


async def delete_first_event(url: str, stream: str) -> None:
    client = await nats.connect(url)
    try:
        await client.jetstream().delete_msg(stream, 1)
    finally:
        await client.close()
