"""Lineage as an analyst sees it: two loads of different event-time windows, and for a dw
table, which load fed it from which source file through which events."""

from __future__ import annotations

import json

import psycopg
import pytest
import typer
from typer.testing import CliRunner

from olist_dw.cli.lineage import lineage_app
from olist_dw.database import ANALYST_ROLE
from olist_dw.lineage import UnknownTable, lineage
from olist_dw.loading import load

pytestmark = pytest.mark.e2e

ORDERS = "olist_orders_dataset.csv"
PLACED = "sales.order.placed"
SPLIT = "2018-01-01"


@pytest.fixture(scope="module")
def two_loads(start_stack, synthetic_source):
    stack = start_stack()
    earlier = load(stack, synthetic_source, window_to=SPLIT)
    later = load(stack, synthetic_source, window_from=SPLIT)
    return stack, earlier.load_id, later.load_id


def analyst_url(stack) -> str:
    return stack.database_url(ANALYST_ROLE)


def query(stack, sql: str) -> list[tuple]:
    with psycopg.connect(stack.database_url()) as connection:
        return connection.execute(sql).fetchall()


def test_fact_order_lists_both_loads_with_the_orders_file_and_its_events(two_loads):
    stack, earlier, later = two_loads
    rows = lineage(analyst_url(stack), "fact_order")

    assert [row.load_id for row in rows if row.event_type == PLACED] == [earlier, later]
    assert {row.source_file for row in rows if row.event_type == PLACED} == {ORDERS}
    fed_by = {(row.load_id, row.event_type) for row in rows}
    assert {
        (earlier, "sales.payment.received"),
        (later, "fulfillment.delivery.completed"),
        (earlier, "customer.order.attributed"),
    } <= fed_by
    assert all(row.first_applied_at <= row.last_applied_at for row in rows)


def test_each_load_counts_the_orders_placed_in_its_window(two_loads):
    stack, earlier, later = two_loads
    placed = {
        row.load_id: row.events
        for row in lineage(analyst_url(stack), "dw.fact_order")
        if row.event_type == PLACED
    }
    ((before,),) = query(
        stack, f"SELECT count(*) FROM dw.fact_order WHERE purchased_at < '{SPLIT}'"
    )
    ((after,),) = query(
        stack, f"SELECT count(*) FROM dw.fact_order WHERE purchased_at >= '{SPLIT}'"
    )
    assert before > 0 and after > 0
    assert placed == {earlier: before, later: after}


def test_every_fact_order_row_carries_one_of_those_loads(two_loads):
    stack, earlier, later = two_loads
    loads = {load_id for (load_id,) in query(stack, "SELECT DISTINCT load_id FROM dw.fact_order")}
    assert loads == {earlier, later}


def test_the_command_prints_the_lineage_of_a_table(two_loads):
    stack, earlier, later = two_loads
    cli = typer.Typer()
    cli.add_typer(lineage_app, name="lineage")  # as `olist-dw lineage <table>`
    runner = CliRunner()

    as_json = runner.invoke(cli, ["lineage", "fact_order", "--json", "--url", analyst_url(stack)])
    assert as_json.exit_code == 0, as_json.output
    rows = json.loads(as_json.output)
    assert {(r["load_id"], r["source_file"]) for r in rows if r["event_type"] == PLACED} == {
        (earlier, ORDERS),
        (later, ORDERS),
    }

    shown = runner.invoke(
        cli, ["lineage", "fact_order", "--url", analyst_url(stack)], env={"COLUMNS": "200"}
    )
    assert shown.exit_code == 0, shown.output
    for text in (earlier, later, ORDERS, PLACED):
        assert text in shown.output

    unknown = runner.invoke(cli, ["lineage", "fact_orders", "--url", analyst_url(stack)])
    assert unknown.exit_code == 2
    assert "fact_order" in unknown.output


def test_a_table_that_is_not_in_the_warehouse_is_refused(two_loads):
    stack, _, _ = two_loads
    with pytest.raises(UnknownTable):
        lineage(analyst_url(stack), "dw_lineage")
